# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# (ch-discovery)=
# # Automated discovery from data
#
# ```{admonition} At a glance
# :class: tip
# **You will learn to** recover a power law and its error bar from data by log-log least squares,
# weigh the Sun (and Jupiter) with the constant of the fit, and reject rival laws by their
# residuals; turn "find the conservation law" into "find the sparsest vector of a null space";
# set the null-space tolerance from the gap in the singular values; find sparse laws with an L1
# linear program and check them by enumerating supports; and measure how much measurement noise
# discovery survives.
#
# **Prerequisites:** least squares and the singular value decomposition; momentum and kinetic
# energy in collisions. Chapters 1–3 are not needed.
#
# **Time to run:** about 20 seconds on a laptop CPU. **Practice:** {doc}`../exercises/ch04_practice`.
# ```
#
# A law of physics is a short statement that holds for every observation. Finding one is a
# search: over formulas, over combinations of measured quantities. This chapter makes two such
# searches concrete and exact. The first is a power law fitted to planetary orbits, the oldest
# success of quantitative astronomy {cite}`kepler1619harmonices`. The second finds the
# conservation laws of colliding bodies as the null space of a matrix of measured changes, the
# linear-algebra core of modern law-discovery methods {cite}`schmidt2009distilling,brunton2016discovering,liu2021machine`.

# %%
import jax
import matplotlib.pyplot as plt
import numpy as np

from physml import discovery as D
from physml.interactives import discovery as figures
from physml.style import COLORS

# %% [markdown]
# ## Kepler's third law from the planets
#
# Suppose the orbital period $P$ depends on the semi-major axis $a$ as a power, $P = C a^n$. Taking
# logarithms turns the unknown exponent into a slope:
#
# $$
# \ln P = \ln C + n \ln a .
# $$ (loglog)
#
# Ordinary least squares on the points $(\ln a_i, \ln P_i)$ gives $n$ and $\ln C$, and the scatter
# of the residuals gives their standard errors, $\sigma^2 (X^\top X)^{-1}$ with
# $\sigma^2 = \sum_i r_i^2/(N-2)$. A residual in $\ln P$ is a *relative* deviation: $r = 10^{-4}$
# means the period is off by 0.01 %. The data are the eight planets' J2000 semi-major axes
# {cite}`standish1992keplerian` and sidereal periods from JPL, shipped with the package
# (`physml/data/planets_j2000.csv`, sources in its header).

# %%
planets = D.load_orbits("planets")
print(f"{'planet':8s} {'a (au)':>12s} {'P (yr)':>12s}")
for name, a, P in zip(planets.names, planets.a, planets.P):
    print(f"{name:8s} {a:12.8f} {P:12.8g}")

# %%
fit = D.fit_power_law(planets.a, planets.P)
print(f"exponent n = {fit.exponent:.5f} ± {fit.exponent_error:.5f}")
print(f"|n - 3/2| = {abs(fit.exponent - 1.5):.1e}  ({abs(fit.exponent - 1.5) / fit.exponent_error:.1f} standard errors)")
print(f"constant C = {fit.constant:.5f} ± {fit.constant_error:.5f} yr/au^n")
print(f"rms of the log residuals: {fit.rms:.1e}")
slope, intercept = np.polyfit(np.log(planets.a), np.log(planets.P), 1)
print(f"numpy.polyfit agrees: {abs(slope - fit.exponent) < 1e-12 and abs(intercept - fit.log_constant) < 1e-12}")

# %% [markdown]
# The exponent is $3/2$ to about one part in ten thousand, so $P^2 \propto a^3$. The error bar,
# though, is smaller still, and $|n - 3/2|$ is several standard errors. The fit is telling us
# that the residuals are not independent random noise. Kepler's law is exact only for a test mass
# on an unperturbed ellipse; the real planets have mass and pull on each other. Jupiter alone
# changes its own period by a relative amount $\tfrac12\ln(1 + m_J/M_\odot)$, computed below,
# which is the size of the largest residuals.
#
# **Rival laws.** Fix the exponent at $n = 1$ or $n = 2$ and fit only the constant. If the data
# could not tell these apart from $3/2$, the residuals would be similar.

# %%
rivals = {n: D.fit_power_law(planets.a, planets.P, exponent=n) for n in (1.0, 1.5, 2.0)}
for n, f in rivals.items():
    print(f"n = {n:.1f} fixed: rms log residual {f.rms:.1e}, worst planet off by a factor "
          f"{np.exp(np.abs(f.residuals).max()):.3f}")
print(f"rival rms / free-fit rms: n=1 -> {rivals[1.0].rms / fit.rms:.1e}x, n=2 -> {rivals[2.0].rms / fit.rms:.1e}x")
jupiter = planets.names.index("Jupiter")
print(f"Jupiter's own mass shifts ln P by {0.5 * np.log1p(1 / planets.extra['mass_ratio'][jupiter]):.1e}")

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4))
grid = np.geomspace(0.3, 40, 100)
ax1.loglog(planets.a, planets.P, "o", color=COLORS["blue"], label="planets (JPL)")
for (n, f), c, ls in zip(rivals.items(), (COLORS["grey"], COLORS["vermillion"], COLORS["green"]), (":", "-", "--")):
    ax1.loglog(grid, f.predict(grid), ls, color=c, label=f"$P = C a^{{{n:g}}}$")
ax1.set(xlabel="semi-major axis a (au)", ylabel="period P (yr)")
ax1.legend()
ax2.axhline(0, color=COLORS["grey"], lw=0.8)
ax2.semilogx(planets.a, fit.residuals * 1e4, "o", color=COLORS["vermillion"])
for name, a, r in zip(planets.names, planets.a, fit.residuals):
    ax2.annotate(name, (a, r * 1e4), textcoords="offset points", xytext=(4, 4), fontsize=8)
ax2.set(xlabel="a (au)", ylabel=r"residual $\ln P - \ln(C a^n)$  ($\times 10^{-4}$)", title="free fit")
plt.show()

# %% [markdown]
# The rival curves miss the outermost planets by a factor of about three; their log residuals are
# thousands of times the scatter of the free fit. The residuals of the free fit, right, are a few $10^{-4}$ with a pattern: the inner
# planets sit together and the giants scatter.
#
# **Weighing the Sun.** Newton's form of the law is $P^2 = 4\pi^2 a^3/(GM)$, so with the exponent
# fixed at $3/2$ the constant gives $GM = 4\pi^2/C^2$ and the relative error of $GM$ is twice that
# of $C$. Converting au and years to metres and seconds:

# %%
sun = D.kepler_mass(planets.a * planets.a_unit_m, planets.P * planets.P_unit_s)
GM_SUN_IAU = 1.32712440018e20  # m^3 s^-2, IAU 2015 nominal value
print(f"GM_sun = ({sun.gm / 1e20:.4f} ± {sun.gm_error / 1e20:.4f}) x 10^20 m^3/s^2; "
      f"IAU value {GM_SUN_IAU / 1e20:.4f} x 10^20")
print(f"relative difference {sun.gm / GM_SUN_IAU - 1:.1e} ({abs(sun.gm - GM_SUN_IAU) / sun.gm_error:.1f} error bars)")
print(f"M_sun = ({sun.mass / 1e30:.4f} ± {sun.mass_error / 1e30:.4f}) x 10^30 kg")

# %% [markdown]
# Eight orbits weigh the Sun to a few parts in $10^4$. The deviation from the
# IAU value is about two of our error bars: the same systematic effects as in the exponent.
#
# **Any orbiting system.** Nothing in the fit knows about planets. The four Galilean moons, with
# $a$ in kilometres and $P$ in days, go through the same two functions unchanged and weigh Jupiter
# (the moons' own masses, at most $8\times10^{-5}$ of Jupiter's, are negligible here).

# %%
moons = D.load_orbits("galilean_moons")
fit_moons = D.fit_power_law(moons.a, moons.P)
jup = D.kepler_mass(moons.a * moons.a_unit_m, moons.P * moons.P_unit_s)
GM_JUPITER = 1.26686534e17  # m^3 s^-2, JPL
print(f"Galilean moons: n = {fit_moons.exponent:.4f} ± {fit_moons.exponent_error:.4f}")
print(f"M_Jupiter = ({jup.mass / 1e27:.4f} ± {jup.mass_error / 1e27:.4f}) x 10^27 kg; "
      f"GM relative to JPL's {jup.gm / GM_JUPITER - 1:+.1e}")


# %% [markdown]
# The moons' periods are given to four significant figures, so their exponent is less sharp,
# $3/2$ to within about $10^{-3}$, and Jupiter's mass comes out within $0.1\,\%$ of the spacecraft
# value. The practice does the same for Saturn.
#
# ## Conservation laws as a null space
#
# Now a harder search: which combinations of measured quantities are unchanged by a collision?
# Give each event a **feature vector** $\boldsymbol\phi$: for every body $i$, its momentum
# components $p_i = m_i v_i$, its kinetic energy $K_i = \tfrac12 m_i |v_i|^2$, and two decoys that
# no law conserves, its velocity components $v_i$ and its speed $|v_i|$. A linear conservation law
# is a coefficient vector $\mathbf c$ with $\mathbf c^\top \boldsymbol\phi$ the same before and after
# every event. Stack the changes $\Delta\boldsymbol\phi = \boldsymbol\phi_\text{after} -
# \boldsymbol\phi_\text{before}$ of $E$ events as the rows of a matrix $A$:
#
# $$
# \mathbf c^\top \Delta\boldsymbol\phi^{(e)} = 0 \;\text{ for all events } e
# \quad\Longleftrightarrow\quad A\,\mathbf c = 0 .
# $$ (nullspace)
#
# The conservation laws are the **null space** of $A$. We simulate the data exactly: each event
# has random masses and velocities, and a collision with **restitution** $e$ along a contact
# normal $\hat n$ gives the pair the impulse $J = -(1+e)\,\mu\,(v_i - v_j)\cdot\hat n$, with
# $\mu = m_i m_j/(m_i + m_j)$. Momentum is conserved for every $e$; the kinetic energy drops by
# $\tfrac12\mu(1-e^2)u^2$, where $u$ is the normal approach speed, so it is conserved only for
# elastic collisions, $e = 1$.

# %%
def show(v):  # round-off-level numbers differ between machines: print them as a bound
    return "<1e-12" if v < 1e-12 else ">1e+10" if v > 1e10 else f"{v:.1e}"


elastic = D.simulate_collisions(200, n_bodies=2, dim=1, restitution=1.0, key=jax.random.key(0))
changes = D.feature_changes(elastic)          # a FeatureChanges: the matrix A and its column names
A, names = changes.A, changes.names
ns = D.null_space(A)
print("features:", list(names))
print("singular values of A (columns scaled to unit norm):", ", ".join(show(v) for v in ns.singular_values))
print(f"largest gap: a factor {show(ns.gap)}; null-space dimension {ns.dim}")

# %% [markdown]
# **The tolerance comes from the data.** Exact laws leave singular values at round-off,
# $\sim 10^{-16}$, while every direction that changes has a singular value of order one. The
# null-space dimension is where the singular values fall off a cliff: we take the largest ratio
# $s_k/s_{k+1}$ and put the tolerance at the geometric mean $\sqrt{s_k s_{k+1}}$. We scale the
# columns of $A$ to unit norm first, so that features measured in different units count alike.
# There is no fixed threshold like $10^{-10}$ to tune. The one choice left is when to *refuse* to
# call a gap: we ask for at least one decade (`min_gap=10`).
#
# Two laws live in this null space, but the SVD returns an orthonormal basis of it. Any rotation of
# the basis is just as valid (which one we get is decided by round-off), and it mixes the laws:
# each basis vector involves both momenta and both energies.

# %%
for k, col in enumerate(ns.basis.T):
    print(f"SVD null vector {k + 1}: {np.sum(np.abs(col) > 1e-6 * np.abs(col).max())} non-zero coefficients")

# %% [markdown]
# **Sparsity picks the physics.** A law that involves few features is the one a physicist would
# write down. So we look for the **sparsest** vector in the null space, the one with the fewest
# non-zero entries. Minimising the count of non-zeros is combinatorial, and we do it in two ways:
#
# * *by enumeration*: try every support of size 1, 2, 3, … and keep the first whose columns of
#   $A$ have a singular value below the tolerance (exact, but the cost grows exponentially with
#   the size of the support);
# * *by linear programming*: the L1 norm is the convex stand-in for the count of non-zeros, and
#   its minimiser is often the sparsest vector {cite}`donoho2006most`. In the null space
#   $\mathbf c = N\mathbf w$, for each feature $j$ we solve
#
# $$
# \min_{\mathbf w}\; \|N\mathbf w\|_1 \quad\text{subject to}\quad (N\mathbf w)_j = 1,
# $$ (l1)
#
# which `scipy.optimize.linprog` solves as a linear program with slack variables $t \ge \pm N\mathbf w$.
# The constraint rules out $\mathbf c = 0$.

# %%
lp = D.sparsest_null_vector(A, method="lp")
enum = D.sparsest_null_vector(A, method="enumerate")
print(f"L1 linear program:    {D.format_law(lp, names)}   residual {show(lp.residual)}")
print(f"support enumeration:  {D.format_law(enum, names)}   residual {show(enum.residual)}")
print(f"same support: {lp.support == enum.support}")
laws = D.conservation_laws(A)
print("sparse basis of the null space:", " | ".join(D.format_law(law, names) for law in laws))

# %% [markdown]
# Both methods return total momentum $p_1 + p_2$, and the sparse basis adds total kinetic energy
# $K_1 + K_2$. Nothing was told about momentum or energy: the decoys, such as the velocities $v_i$,
# were offered on equal terms and rejected.
#
# **Inelastic collisions** ($e = 0.5$) lose kinetic energy, and the method should then find
# momentum only. In two dimensions with three bodies, momentum has two components, so the elastic
# case should give three laws.

# %%
cases = {"1D, 2 bodies, e = 0.5": D.simulate_collisions(200, 2, 1, 0.5, key=jax.random.key(1)),
         "2D, 3 bodies, e = 1": D.simulate_collisions(300, 3, 2, 1.0, key=jax.random.key(2)),
         "2D, 3 bodies, e = 0.7": D.simulate_collisions(300, 3, 2, 0.7, key=jax.random.key(3))}
for label, col in cases.items():
    changes = D.feature_changes(col)
    A_case, names_case = changes.A, changes.names
    ns_case = D.null_space(A_case)
    found = D.conservation_laws(A_case)
    agree = D.sparsest_null_vector(A_case).support == D.sparsest_null_vector(A_case, method="enumerate").support
    print(f"{label}: {len(names_case)} features, gap {show(ns_case.gap)}, {ns_case.dim} law(s): "
          + ", ".join(D.format_law(law, names_case) for law in found) + f"; LP = enumeration: {agree}")

# %% [markdown]
# ## When noise hides the law
#
# Real velocities are measured with errors. Add Gaussian noise of standard deviation $\sigma$ to
# every measured velocity (the velocities themselves are of order one). A conserved combination
# then changes by an amount of order $\sigma$, so its singular value rises from round-off to about
# $\sigma$, while the others stay of order one. The gap should therefore shrink like $1/\sigma$,
# and discovery should fail once the gap is no longer a clear decade. We measure both, over ten
# data sets per noise level, for elastic collisions.

# %%
sigmas = np.logspace(-8, -0.5, 16)
gaps, success = np.zeros((len(sigmas), 10)), np.zeros((len(sigmas), 10), bool)
for i, s in enumerate(sigmas):
    for seed in range(10):
        changes = D.feature_changes(D.simulate_collisions(200, 2, 1, 1.0, s, key=jax.random.key(seed)))
        A_noisy, names_noisy = changes.A, changes.names
        gaps[i, seed] = D.null_space(A_noisy).gap
        found = {D.format_law(law, names_noisy, digits=1) for law in D.conservation_laws(A_noisy)}
        success[i, seed] = found == {"p1 + p2", "K1 + K2"}
slope = np.polyfit(np.log(sigmas[:10]), np.log(np.median(gaps[:10], axis=1)), 1)[0]
fail = sigmas[np.argmax(success.mean(1) < 0.5)]
print(f"gap ~ sigma^{slope:.2f} for sigma <= {sigmas[9]:.0e}")
print(f"median gap at sigma = 1e-3: {np.median(gaps[np.argmin(np.abs(sigmas - 1e-3))]):.0f}")
print(f"both laws found in all 10 data sets up to sigma = {sigmas[np.argmin(success.all(1))-1]:.1e}; "
      f"in fewer than half from sigma = {fail:.1e}")

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4))
ax1.loglog(sigmas, np.median(gaps, axis=1), "o-", color=COLORS["blue"], label="median gap")
ax1.loglog(sigmas, 0.24 / sigmas, ":", color=COLORS["grey"], label=r"$\propto 1/\sigma$")
ax1.axhline(10, color=COLORS["vermillion"], ls="--", label="one decade")
ax1.set(xlabel=r"velocity noise $\sigma$", ylabel=r"largest gap $s_k/s_{k+1}$")
ax1.legend()
ax2.semilogx(sigmas, success.mean(1), "o-", color=COLORS["green"])
ax2.set(xlabel=r"velocity noise $\sigma$", ylabel="fraction of data sets\nwith both laws found", ylim=(-0.05, 1.05))
plt.show()

# %% [markdown]
# The gap falls as $1/\sigma$ over six decades, and the sparse laws come out right as long as the
# gap stands. Discovery breaks down at a noise of a few per cent of the velocities: the
# conserved directions then merge with the rest of the spectrum.
#
# For an inelastic collision there is a second way to fail. Kinetic energy is not conserved,
# but its singular value measures how much energy is lost, $\propto 1-e^2$. When $e$ is close to 1,
# this value is small. Once the noise floor comes within a decade of it, the largest gap moves
# *above* it, and kinetic energy is accepted as a law that is not there:
#

# %%
for s in (1e-6, 1e-3):
    col = D.simulate_collisions(200, 2, 1, 0.99, s, key=jax.random.key(0))
    changes = D.feature_changes(col)
    A_099, names_099 = changes.A, changes.names
    sv = D.null_space(A_099).singular_values
    print(f"e = 0.99, sigma = {s:.0e}: last three singular values "
          + ", ".join(f"{v:.1e}" for v in sv[-3:]) + " -> laws: "
          + ", ".join(D.format_law(law, names_099, digits=2) for law in D.conservation_laws(A_099)))

# %% [markdown]
# The failure is silent, because the spurious law has coefficients close to those of the real
# energy law. The remedy is physical, not numerical: a noise level must be small compared with
# the effect to be resolved, here $1-e^2$.
#
# ## Explore: restitution and noise
#
# Each figure is one data set of 200 collisions ({func}`~physml.discovery.collision_laws`). Left:
# the singular values of $A$ (columns scaled; round-off is drawn at $10^{-14}$) and the tolerance
# at the largest gap. Right: the coefficients of the laws found; the title lists them.
#
# In the first figure $e = 0.99$ and the slider sets the noise. Watch the seventh singular value,
# which measures the energy lost. The noise reaches it at $\sigma \approx 10^{-3}$, and energy is
# wrongly accepted; from $\sigma \approx 3 \times 10^{-2}$ the gap closes and every law is lost.

# %%
explorer = figures.collisions()
explorer.static(restitution=0.99)

# %% [markdown]
# The second figure fixes the noise at $\sigma = 10^{-3}$, and the slider sets the restitution. Only
# for $e = 0.99$ is the energy loss, $1 - e^2 \approx 0.02$, buried by the noise; from $e = 0.95$ down
# it is resolved and only momentum is conserved, and at $e = 1$ the energy law is real.

# %%
explorer.static(control="restitution", log10_noise=-3.0)

# %% [markdown]
# In JupyterLab the live version has sliders for both the restitution and the noise:

# %% tags=["remove-output"]
explorer.live(restitution=0.9, log10_noise=-4.0)

# %% [markdown]
# ## What to remember
#
# - A power law is a straight line in log-log coordinates. Least squares gives the exponent with a
#   standard error ($3/2$ to $10^{-4}$ for the planets), and the constant is physics: it weighs the
#   Sun. Residuals that are large compared with the error bars point to effects the law leaves
#   out.
# - Rival laws are rejected by their residuals. Here they are thousands of times worse, not
#   marginally worse.
# - Conservation laws are the null space of the matrix of feature changes. Its dimension is read
#   from the largest gap in the singular values, after scaling the columns, and not set by a fixed
#   threshold.
# - The SVD basis mixes the laws; the sparsest null vector, by an L1 linear program or by
#   enumerating supports, recovers momentum and, for elastic collisions only, kinetic energy.
# - Noise of size $\sigma$ shrinks the gap as $1/\sigma$. Discovery fails when the gap closes,
#   and for nearly elastic collisions it can also fail by accepting a law that is not there.
#
# **Practice:** {doc}`../exercises/ch04_practice`: try exponents with a slider before fitting, weigh
# Saturn, build $A$ for a new collision data set, and find its conserved quantities.
#
# ```{bibliography}
# :filter: docname in docnames
# ```
