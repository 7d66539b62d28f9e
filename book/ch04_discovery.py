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
# weigh the Sun (and Jupiter) with the constant of the fit, reject rival laws by their
# residuals, and correct Kepler's law for the planets' masses; search over formulas without
# assuming their form, ranked by error and complexity, with dimensional analysis as a
# constraint; turn "find the conservation law" into "find the sparsest vector of a null space";
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
# search: over formulas, over combinations of measured quantities. This chapter makes such
# searches concrete and exact. The first is a power law fitted to planetary orbits, the oldest
# success of quantitative astronomy {cite}`kepler1619harmonices`; we then drop the assumption that
# the law is a power law and search over all small formulas. The last finds the
# conservation laws of colliding bodies as the null space of a matrix of measured changes, the
# linear-algebra core of modern law-discovery methods
# {cite}`schmidt2009distilling,brunton2016discovering,liu2021machine`.

# %%
import jax
import matplotlib.pyplot as plt
import numpy as np
import sympy

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
print(f"|n - 3/2| = {abs(fit.exponent - 1.5):.1e}  "
      f"({abs(fit.exponent - 1.5) / fit.exponent_error:.1f} standard errors)")
print(f"constant C = {fit.constant:.5f} ± {fit.constant_error:.5f} yr/au^n")
print(f"rms of the log residuals: {fit.rms:.1e}")
slope, intercept = np.polyfit(np.log(planets.a), np.log(planets.P), 1)
print(f"numpy.polyfit agrees: {abs(slope - fit.exponent) < 1e-12 and abs(intercept - fit.log_constant) < 1e-12}")

# %% [markdown]
# The exponent is $3/2$ to about one part in ten thousand, so $P^2 \propto a^3$. The error bar,
# though, is smaller still, and $|n - 3/2|$ is several standard errors. The fit is telling us
# that the residuals are not independent random noise: the periods are quoted to eight digits,
# so a residual of $10^{-4}$ is not measurement error but physics the law leaves out. Kepler's
# law is exact only for a test mass on an unperturbed ellipse; the real planets have mass and
# pull on each other. Jupiter alone changes its own period by a relative amount
# $\tfrac12\ln(1 + m_J/M_\odot)$, computed below, which is the size of the largest residuals.
# We correct for the masses after weighing the Sun.
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
# thousands of times the scatter of the free fit. The residuals of the free fit, right, are a few
# $10^{-4}$ with a pattern: the inner planets sit together and the giants scatter.
#
# **Weighing the Sun.** Newton's form of the law is $P^2 = 4\pi^2 a^3/(GM)$, so with the exponent
# fixed at $3/2$ the constant gives $GM = 4\pi^2/C^2$ and the relative error of $GM$ is twice that
# of $C$. Converting au and years to metres and seconds:

# %%
sun = D.kepler_mass(planets.a * planets.a_unit_m, planets.P * planets.P_unit_s)
GM_SUN_IAU = D.GM_SUN  # 1.32712440018e20 m^3 s^-2, IAU 2015 nominal value
print(f"GM_sun = ({sun.gm / 1e20:.4f} ± {sun.gm_error / 1e20:.4f}) x 10^20 m^3/s^2; "
      f"IAU value {GM_SUN_IAU / 1e20:.4f} x 10^20")
print(f"relative difference {sun.gm / GM_SUN_IAU - 1:.1e} ({abs(sun.gm - GM_SUN_IAU) / sun.gm_error:.1f} error bars)")
print(f"M_sun = ({sun.mass / 1e30:.4f} ± {sun.mass_error / 1e30:.4f}) x 10^30 kg")

# %% [markdown]
# Eight orbits weigh the Sun to a few parts in $10^4$. The deviation from the
# IAU value is about two of our error bars: the same systematic effects as in the exponent.
#
# ### The planets' masses
#
# Kepler's law in the form $P^2 = 4\pi^2 a^3/(GM_\odot)$ treats each planet as a test mass. For two
# bodies of masses $M$ and $m$, the separation $\mathbf r = \mathbf r_m - \mathbf r_M$ obeys
# $\ddot{\mathbf r} = -Gm\,\mathbf r/r^3 - GM\,\mathbf r/r^3$ (each body is pulled toward the
# other), so the *relative* orbit is the Kepler ellipse of a test mass about a central mass $M + m$:
#
# $$
# P^2 = \frac{4\pi^2 a^3}{G(M_\odot + m)}, \qquad
# \ln P = \ln 2\pi + \tfrac32 \ln a - \tfrac12 \ln GM_\odot - \tfrac12 \ln\!\left(1 + \frac{m}{M_\odot}\right).
# $$ (twobody)
#
# Here $a$ must be the semi-major axis of the relative orbit, and that is what the data are:
# Standish's elements are **heliocentric** (planet relative to the Sun). The barycentric orbit of
# the planet is smaller by a factor $M_\odot/(M_\odot + m)$ and would obey a different constant. So
# $P\sqrt{1 + m/M_\odot}$ is the period a test mass would have on the same orbit, and fitting it
# gives $GM_\odot$ of the Sun alone. The mass ratios $m/M_\odot$ are the IAU 2009 values (each planet
# with its moons), shipped in the same data file.
#
# A planet also feels the other planets. Averaged over their orbits, the planets *inside* its
# orbit act, to first approximation, as extra mass at the centre (the monopole of a ring seen from
# outside), so a second correction adds the mass interior to the orbit to $m$. This is not tiny
# next to the residuals: for Uranus and Neptune it is mostly Jupiter's mass, $10^{-3} M_\odot$, worth
# $5\times10^{-4}$ in $\ln P$. {func}`~physml.discovery.two_body_kepler` makes both corrections; the
# table gives each planet's residual $\ln P - \ln P_\text{Kepler}$ against the IAU value of
# $GM_\odot$, in units of $10^{-4}$, and below it the free fit of the exponent and the fitted
# $GM_\odot$ at each level.

# %%
a_m, P_s, mu = planets.a * planets.a_unit_m, planets.P * planets.P_unit_s, 1 / planets.extra["mass_ratio"]
levels = {"test mass": D.two_body_kepler(a_m, P_s, 0 * mu),
          "own mass": D.two_body_kepler(a_m, P_s, mu),
          "own + interior": D.two_body_kepler(a_m, P_s, mu, interior=True)}
P_kepler = 2 * np.pi * np.sqrt(a_m**3 / D.GM_SUN)
print(f"{'planet':8s} {'m/M_sun':>8s}" + "".join(f"{k:>16s}" for k in levels))
for i, name in enumerate(planets.names):
    residuals = [np.log(r.period[i] / P_kepler[i]) * 1e4 for r in levels.values()]
    print(f"{name:8s} {mu[i]:8.0e}" + "".join(f"{x:16.1f}" for x in residuals))
print()
for label, r in levels.items():
    dn, dgm = (r.fit.exponent - 1.5) * 1e4, (r.central.gm / D.GM_SUN - 1) * 1e4
    print(f"{label:15s} n - 3/2 = ({dn:+.1f} ± {r.fit.exponent_error * 1e4:.1f}) x 1e-4   "
          f"GM/GM_IAU - 1 = ({dgm:+.1f} ± {r.central.gm_error / D.GM_SUN * 1e4:.1f}) x 1e-4")

# %% [markdown]
# Each correction does what it should where it should. The planet's own mass removes Jupiter's
# residual ($-4.5 \to +0.3$) and Saturn's; the interior mass removes those of Uranus and Neptune
# ($-5$ and $-6 \to +1.2$ and $+0.4$). The inner planets' masses are $10^{-6}$ of the Sun's or less
# and change nothing visible; Mars keeps its residual of about $-0.4$ ($-0.3$ with the interior
# mass), the size of those left on Jupiter and Neptune. With both corrections the exponent is $3/2$
# within about one standard error, where it was four and a half away, and $GM_\odot$ moves from
# $+4.4$ to $-1.6$ parts in $10^4$ of the IAU value, within one and a half error bars of it.
#
# **What the error bars mean.** They are the least-squares errors computed from the scatter of the
# residuals, as if the residuals were independent and random. They are neither: they are a few
# large systematic deviations. The error bar is then a measure of how large the unmodelled physics
# is, not a probability statement, and "four standard errors" says "the model is incomplete", not
# "a 1-in-10 000 fluke".
#
# **What remains.** One residual gets *worse* with the interior mass: Saturn's, from $+0.2$ to
# $+5.0$. Jupiter's mass must be there for Saturn (the averaged pull of an inner ring is at least
# its monopole), so something else is at work. Jupiter and Saturn are close to the 5:2 resonance,
# and their mutual pull has a long-period term, Laplace's *great inequality*, of period about 900
# years and amplitude about $0.8°$ in Saturn's longitude ($0.33°$ in Jupiter's)
# {cite}`murray1999solar`. Standish's mean elements are a straight-line fit of the longitude over
# 1800–2050, a quarter of that period, so the slope of the sinusoid leaks into the mean motion, by
# up to $A\,(2\pi/T)/n$:

# %%
for name, amplitude_deg, period_yr in (("Jupiter", 0.33, 11.86), ("Saturn", 0.8, 29.45)):
    print(f"{name}: largest leak of the great inequality into the mean motion "
          f"{amplitude_deg * 2 * np.pi / 900 / (360 / period_yr) * 1e4:.1f} x 1e-4")
others = [i for i, n in enumerate(planets.names) if n != "Saturn"]
r7 = D.two_body_kepler(a_m[others], P_s[others], mu[others], interior=True)
dn, dgm = (r7.fit.exponent - 1.5) * 1e5, (r7.central.gm / D.GM_SUN - 1) * 1e5
print(f"without Saturn: n - 3/2 = ({dn:+.1f} ± {r7.fit.exponent_error * 1e5:.1f}) x 1e-5, "
      f"GM/GM_IAU - 1 = ({dgm:+.0f} ± {r7.central.gm_error / D.GM_SUN * 1e5:.0f}) x 1e-5")

# %% [markdown]
# Saturn's leftover residual has the size of that leak; we have not checked its phase, so this is
# an explanation of the right size, not a proof. Without Saturn, the other seven orbits give the
# exponent $3/2$ to about $10^{-5}$ and $GM_\odot$ within a few parts in $10^5$ of the IAU value,
# ten times better than the uncorrected fit. The residuals left, $\lesssim 10^{-4}$ for Uranus and
# less for the rest, are of the size of the terms we still leave out: the quadrupole of the inner
# planets (an inner ring of radius $a'$ pulls like a mass $m'[1 + \tfrac34 (a'/a)^2 + \dots]$), the
# averaged pull of the outer planets, which weakens the Sun's by about $(m'/2M_\odot)(a/a')^3$, and
# the Uranus–Neptune near-resonance, which leaks into their mean elements like the great inequality.
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
# ## Searching over formulas
#
# So far we *assumed* the form $P = C a^n$ and fitted $n$. Kepler did not know the form; he tried
# many. **Symbolic regression** automates that trial: search over formulas built from the measured
# variables, and rank them {cite}`schmidt2009distilling,udrescu2020ai,cranmer2023interpretable`.
# We write the smallest honest version, an exhaustive one.
#
# * **Expressions** are trees whose leaves are variables and whose nodes are operators: $+$, $-$,
#   $\times$, $\div$, and the unary $x^{-1}$, $\sqrt x$, $x^2$, $x^3$, $\ln x$, $e^x$. The
#   **complexity** of an expression is its number of nodes: $a$ is 1, $\sqrt{a^3}$ is 3 (sqrt,
#   cube, $a$), $\sqrt{L/g}$ is 4.
# * **Every** tree up to a complexity bound is built, level by level: level $k$ applies a unary
#   operator to level $k-1$, or a binary one to levels $i$ and $k-1-i$. Two trees that take the
#   same values on the data up to a constant factor ($a \cdot a$ and $a^2$, or $2a$ and $a$) are
#   the same law here, so only the first (simplest) is kept. This is what keeps the search small.
# * The law is $y = C f(\mathbf x)$ with one constant. For each $f$ the best $C$ in log space has
#   a closed form, $\ln C = \overline{\ln y - \ln|f|}$, and the **error** is the rms deviation
#   in logarithms, $\operatorname{rms}(\ln y - \ln C - \ln |f|)$ (the rms relative deviation when it is
#   small), the same measure as the residuals above.
# * A formula is worth keeping only if it is more accurate than every simpler one: these form the
#   **Pareto front** of error against complexity. Which member is "the law" is a judgement; the usual
#   choice is the **knee**, the member with the largest drop in $\ln(\text{error})$ per added node,
#   counted from the constant law $y = C$.
#
# {func}`~physml.discovery.search_expressions` does this. We give it the semi-major axis $a$ and,
# as a decoy, the planet's mass ratio $m = m_\text{planet}/M_\odot$, and ask for $P$ (years), with
# trees of up to 7 nodes.

# %%
front = D.search_expressions({"a": planets.a, "m": mu}, planets.P, max_complexity=7)
print(f"{front.n_expressions} distinct expressions, {front.complexities.size} of one sign fitted; "
      f"error of the constant law P = C: {front.baseline_error:.2f}")
print(f"{'complexity':>10s}  {'error':>8s}  law")
for c in front:
    print(f"{c.complexity:10d}  {c.error:8.1e}  P = {c.constant:.4f} * {c.expression}"
          + ("   <- knee" if c == front.knee else ""))

# %% [markdown]
# Of tens of thousands of formulas, the front keeps four. The simplest, $P \propto a$, has an rms log error of
# 0.75: its periods are typically off by a factor of about $e^{0.75} \approx 2$. Two more nodes
# give $a^{3/2}$ and cut the error three-thousandfold, to the
# $2.5\times10^{-4}$ of the fixed-exponent fit above. After that, two or four more nodes buy a
# few per cent (formulas that use the decoy $m$ to nudge the giant planets, as the mass correction
# does honestly): the front flattens. The knee is where it bends, $P \propto a^{3/2}$. The search was
# not told that the law is a power law.
#
# **Dimensional analysis.** A physicist would not even consider $P \propto a$: a length cannot equal
# a time. Give the search the dimensions of each variable and it builds only sums of like
# quantities, takes $\ln$ and $e^x$ only of dimensionless ones, and fits only formulas with the
# dimension of the target, here with a dimensionless constant $C$ (the convention of
# `search_expressions`; `constant_units` allows a dimensional one). For the planets alone the
# answer is striking: no formula of $a$ and $m$ has the dimension of a time.

# %%
try:
    D.search_expressions({"a": a_m, "m": mu}, P_s, units={"a": {"m": 1}, "m": {}}, target_units={"s": 1})
except ValueError as err:
    print("ValueError:", err)

# %% [markdown]
# The law needs a dimensional constant that the variables do not hold: $GM$ of the central body.
# It is constant for the planets, so it cannot be found from them alone. Put the planets, the
# Galilean moons and Saturn's moons together (19 orbits, three central bodies) and give $GM$ of each
# orbit's central body (IAU values) as a variable. With three variables in two base dimensions
# (length and time), Buckingham's theorem {cite}`buckingham1914physically` leaves a single
# dimensionless group, $\Pi = GM P^2 / a^3$, and the only law possible is $\Pi$ = constant. The data
# then have one job: to confirm it and fix the constant, which should be $2\pi$.

# %%
gal, sat = D.load_orbits("galilean_moons"), D.load_orbits("saturn_moons")
jup_i, sat_i = planets.names.index("Jupiter"), planets.names.index("Saturn")
orbits = {"a": np.concatenate([a_m, gal.a * gal.a_unit_m, sat.a * sat.a_unit_m]),
          "GM": np.concatenate([np.full(8, D.GM_SUN), np.full(4, D.GM_SUN * mu[jup_i]),
                                np.full(7, D.GM_SUN * mu[sat_i])])}
periods = np.concatenate([P_s, gal.P * gal.P_unit_s, sat.P * sat.P_unit_s])
dims = {"a": {"m": 1}, "GM": {"m": 3, "s": -2}}
with_units = D.search_expressions(orbits, periods, units=dims, target_units={"s": 1})
without = D.search_expressions(orbits, periods)
print(f"expressions built: {without.n_expressions} without units, {with_units.n_expressions} with units; "
      f"of the dimension of a time: {with_units.complexities.size}")
for c in with_units:
    print(f"with units: P = {c.constant / (2 * np.pi):.4f} * 2 pi * {c.expression}, error {c.error:.1e}")
print(f"without units the knee is the same: {without.knee.expression == with_units.knee.expression}")

# %% [markdown]
# Dimensional analysis cuts the search twelvefold and leaves exactly one admissible formula,
# $P = 2\pi\sqrt{a^3/GM}$, with the constant $2\pi$ to $3\times10^{-4}$ (the moons' periods are
# quoted to four digits). This is the idea behind the dimensional step of AI Feynman
# {cite}`udrescu2020ai`: constraints from physics shrink the space that the data must search.
#
# ### Where the search stops working
#
# Now add noise: multiply each planet's period by $e^{\sigma\varepsilon}$ with $\varepsilon$ standard
# normal, a relative error $\sigma$, and search again (up to 5 nodes, 20 noise draws per
# level). Two questions: is $a^{3/2}$ still on the Pareto front, and is it still the knee?

# %%
law = sympy.Symbol("a", positive=True) ** sympy.Rational(3, 2)
noise_levels = (0.01, 0.03, 0.1, 0.3, 1.0)
on_front, at_knee, margin = np.zeros(len(noise_levels)), np.zeros(len(noise_levels)), np.inf
for i, sigma in enumerate(noise_levels):
    for seed in range(20):
        noisy = planets.P * np.exp(sigma * np.random.default_rng(seed).normal(size=planets.P.size))
        run = D.search_expressions({"a": planets.a, "m": mu}, noisy, max_complexity=5)
        on_front[i] += any(c.expression == law for c in run) / 20
        at_knee[i] += (run.knee.expression == law) / 20
        errors = [run.baseline_error] + [c.error for c in run]
        nodes = [0] + [c.complexity for c in run]
        scores = sorted((np.log(errors[j] / errors[j + 1]) / (nodes[j + 1] - nodes[j]) for j in range(len(run))),
                        reverse=True)
        margin = min(margin, (scores[0] - scores[1]) / scores[0]) if len(scores) > 1 else margin
for sigma, f, k in zip(noise_levels, on_front, at_knee):
    print(f"sigma = {sigma:4.2f}: a^(3/2) on the front in {f:4.0%} of draws, chosen as the knee in {k:4.0%}")
print(f"the knee is never a near tie (top two scores differ by > 0.5 % in every run): {margin > 0.005}")
knee_threshold = front[0].error * np.exp(-2 * np.log(front.baseline_error / front[0].error))
print(f"predicted knee threshold: sigma* = {knee_threshold:.2f}; "
      f"spread of the data, std(ln a) = {np.std(np.log(planets.a)):.2f}")

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4))
ax1.semilogy(front.complexities + np.random.default_rng(0).uniform(-0.25, 0.25, front.complexities.size),
             np.maximum(front.errors, 1e-6), ".", ms=1, color=COLORS["grey"], alpha=0.3)
ax1.semilogy([c.complexity for c in front], [c.error for c in front], "o-", color=COLORS["blue"], label="Pareto front")
ax1.semilogy([front.knee.complexity], [front.knee.error], "*", ms=14, color=COLORS["vermillion"], label="knee")
for c in front:
    ax1.annotate(f"${sympy.latex(c.expression)}$", (c.complexity, c.error), textcoords="offset points",
                 xytext=(4, 5), fontsize=9)
ax1.set(xlabel="complexity (nodes)", ylabel="rms relative error", title="planets: every expression (grey)")
ax1.set_xlim(0.5, 8)
ax1.legend(loc="center", bbox_to_anchor=(0.5, 0.45))
ax2.semilogx(noise_levels, on_front, "o-", color=COLORS["blue"], label=r"$a^{3/2}$ on the front")
ax2.semilogx(noise_levels, at_knee, "s--", color=COLORS["vermillion"], label=r"$a^{3/2}$ is the knee")
ax2.axvline(knee_threshold, color=COLORS["grey"], ls=":", label=r"$\sigma^*$")
ax2.set(xlabel=r"relative noise $\sigma$ on $P$", ylabel="fraction of 20 draws", ylim=(-0.05, 1.05),
        title="planets with noisy periods")
ax2.legend(loc="center left")
plt.show()

# %% [markdown]
# Left: every formula the search fitted (grey, jittered in complexity) and the front; right: the
# noise sweep. The law stays **on the front** in every draw up to a relative noise of 30 %, and in
# half of them at 100 %: with periods spread over a factor 700, a wrong exponent costs more than
# the noise. The **knee** gives up much earlier: it starts to miss at $\sigma = 0.1$, misses most
# draws at $0.3$, and then picks $P \propto a$. The reason is the knee rule, not the
# data. $P \propto a$ costs one node and cuts the error from that of the constant law, $2.26$, to
# $0.75$, a score of $\ln 3.0 = 1.1$ per node. $a^{3/2}$ costs two more nodes and can cut it only to
# the noise, $\sigma$, a score of $\tfrac12 \ln(0.75/\sigma)$. The knee moves to $P \propto a$ when that
# falls below $1.1$, at $\sigma^* = 0.75\,e^{-2.2} \approx 0.08$, the dotted line. That is the
# earliest the knee can go. In a noisy draw another two-node formula, such as $P \propto a^2$ (as
# far from $a^{3/2}$ as $P \propto a$, so about as wrong), can join the front; then $a^{3/2}$ is one
# node away from it, scores $\ln(0.75/\sigma)$, and survives up to $\sigma \approx 0.75/3 = 0.25$.
# The measured fractions (80 % at $\sigma = 0.1$, 25 % at $0.3$) lie between the two thresholds.
# Two lessons. A Pareto
# front is more robust than any single rule for reading it. And the noise a law survives is set by
# the spread of the data: an exponent wrong by $\Delta n$ costs an rms error $\Delta n$ times the
# spread of $\ln a$ ($0.5 \times 1.5 = 0.75$ for $P \propto a$), so planets over a factor 80 in $a$
# are a strong lever, and data over a narrow range would lose the law at proportionally smaller noise.
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
# - Kepler's law for a planet of mass $m$ is $P^2 = 4\pi^2a^3/(G(M_\odot + m))$ for the heliocentric
#   $a$. Adding each planet's own mass, and for the outer planets the mass inside their orbits,
#   brings the exponent to $3/2$ within its error bar and $GM_\odot$ to the IAU value within
#   $1.6\times10^{-4}$; what remains is mostly Saturn, of the size of the Jupiter–Saturn great
#   inequality. Error bars computed from systematic residuals measure the missing physics, not chance.
# - Symbolic regression searches over formulas instead of fitting one: build every expression up
#   to a complexity, fit a constant in closed form, keep the Pareto front of error against
#   complexity. It finds $P \propto a^{3/2}$ unaided. Dimensional analysis prunes the search and,
#   with $GM$ as a variable, leaves only $P = 2\pi\sqrt{a^3/GM}$. With noise the law stays on the front
#   long after the knee rule stops picking it.
# - Conservation laws are the null space of the matrix of feature changes. Its dimension is read
#   from the largest gap in the singular values, after scaling the columns, and not set by a fixed
#   threshold.
# - The SVD basis mixes the laws; the sparsest null vector, by an L1 linear program or by
#   enumerating supports, recovers momentum and, for elastic collisions only, kinetic energy.
# - Noise of size $\sigma$ shrinks the gap as $1/\sigma$. Discovery fails when the gap closes,
#   and for nearly elastic collisions it can also fail by accepting a law that is not there.
#
# **Practice:** {doc}`../exercises/ch04_practice`: try exponents with a slider before fitting, weigh
# Saturn, build $A$ for a new collision data set, find its conserved quantities, and find the law
# of a data set you have not seen with the expression search and its units.
#
# ```{bibliography}
# :filter: docname in docnames
# ```
