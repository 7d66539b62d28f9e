# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.18.1
#   kernelspec:
#     display_name: Python 3 (ipykernel)
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
# **Time to read:** about 55 minutes. **Time to run:** about 10 seconds on a 2-core laptop CPU. **Practice:** [Practice 4: automated discovery from data](../exercises/ch04_practice.ipynb).
# ```
#
# A law of physics is a short statement that holds for every observation. Finding one is a
# search: over formulas, over combinations of measured quantities. This chapter makes such
# searches concrete and exact. The first is a power law fitted to planetary orbits, the oldest
# success of quantitative astronomy {cite}`ch04-kepler1619harmonices`; we then drop the assumption that
# the law is a power law and search over all small formulas. The last finds the
# conservation laws of colliding bodies as the null space of a matrix of measured changes, the
# linear-algebra core of modern law-discovery methods
# {cite}`ch04-schmidt2009distilling,ch04-brunton2016discovering,ch04-liu2021machine`.

# %% tags=["remove-cell"]
# Hosted kernels (Colab, ...): install this course's package physml when it is missing.
# Where physml is installed (the course's own setup) this cell does nothing.
import importlib.util
import os
import subprocess
import sys

if importlib.util.find_spec("physml") is None:
    source = "git+https://github.com/physml-course/ml-physics-book@main"
    pip_args = os.environ.get("PHYSML_PIP_INSTALL", source).split()
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *pip_args], check=True)
    importlib.invalidate_caches()

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
# Why logarithms? A power law is curved on ordinary axes, and its curvature hides the exponent.
# On log-log axes it is a straight line whose **slope is the exponent**, and fitting a straight
# line is the simplest problem in statistics. The logarithm also treats all planets alike: an
# error of 1 % in Mercury's period and 1 % in Neptune's are the same distance in $\ln P$, while on
# linear axes Neptune's would weigh 700 times more.
#
# Write $x_i = \ln a_i$ and $y_i = \ln P_i$ for the $N$ data points. **Ordinary least squares**
# chooses the line $y = \ln C + n x$ that minimises the sum of squared **residuals**
# $r_i = y_i - \ln C - n x_i$ (the same "loss" idea as in {ref}`primer-loss`, but here with a
# closed-form minimiser). Its solution and the standard errors are
#
# $$
# \hat n = \frac{\sum_i (x_i - \bar x)(y_i - \bar y)}{\sum_i (x_i - \bar x)^2}, \qquad
# \ln \hat C = \bar y - \hat n \bar x, \qquad
# \operatorname{se}(\hat n) = \frac{\hat\sigma_\text{r}}{\sqrt{\sum_i (x_i - \bar x)^2}}, \qquad
# \hat\sigma_\text{r}^2 = \frac{1}{N-2}\sum_i r_i^2 ,
# $$ (ols)
#
# where bars are averages over the points and $\hat\sigma_\text{r}$ is the estimated scatter of one
# point about the line. In matrix form, with the design matrix $X$ whose rows are $(1, x_i)$, the
# covariance of $(\ln \hat C, \hat n)$ is $\hat\sigma_\text{r}^2 (X^\top X)^{-1}$; its diagonal holds
# the squared standard errors. A residual in $\ln P$ is a *relative* deviation: $r = 10^{-4}$
# means the period is off by 0.01 %.
#
# :::{admonition} Derivation: the least-squares line and the error of its slope
# :class: dropdown
# Minimise $S(b, n) = \sum_i (y_i - b - n x_i)^2$ over the intercept $b = \ln C$ and the slope $n$.
# Setting $\partial S/\partial b = -2\sum_i r_i = 0$ gives $b = \bar y - n \bar x$: the line passes
# through the centroid $(\bar x, \bar y)$. Substituting, $S = \sum_i [(y_i - \bar y) - n(x_i - \bar x)]^2$,
# and $\partial S/\partial n = 0$ gives $\hat n = S_{xy}/S_{xx}$ with $S_{xy} = \sum_i (x_i-\bar x)(y_i-\bar y)$
# and $S_{xx} = \sum_i (x_i - \bar x)^2$. These are the two normal equations $X^\top X \beta = X^\top y$.
#
# For the error, suppose $y_i = b + n x_i + \epsilon_i$ with independent errors of mean 0 and
# variance $\sigma_\text{r}^2$. Then $\sum_i (x_i - \bar x)\bar y = 0$ gives
# $\hat n - n = \sum_i (x_i - \bar x)\,\epsilon_i / S_{xx}$, a weighted sum of independent errors, so
#
# $$\operatorname{Var}(\hat n) = \frac{\sum_i (x_i - \bar x)^2 \sigma_\text{r}^2}{S_{xx}^2} = \frac{\sigma_\text{r}^2}{S_{xx}} .$$
#
# The step we skip: the residuals of a fit with $p$ parameters satisfy
# $\mathbb E \sum_i r_i^2 = (N - p)\sigma_\text{r}^2$ (the residual vector is the projection of the error
# vector onto the $(N-p)$-dimensional subspace orthogonal to the $p$ columns of $X$, and each of
# those $N-p$ directions carries variance $\sigma_\text{r}^2$), so
# $\hat\sigma_\text{r}^2 = \sum_i r_i^2/(N-2)$ is an **unbiased** estimate (its average over many repeated
# data sets equals the true $\sigma_\text{r}^2$). Two lessons are in
# $\operatorname{se}(\hat n) = \hat\sigma_\text{r}/\sqrt{S_{xx}}$: the error falls as $1/\sqrt N$, and it
# falls with the **lever arm**, the spread of $\ln a$. Planets spread over a factor 80 in $a$ pin
# the slope down far better than eight points bunched together would.
# :::
#
# The data are the eight planets' semi-major axes at the epoch J2000 (noon of 1 January 2000, the
# reference date of modern ephemerides) {cite}`ch04-standish1992keplerian` and their sidereal periods
# (measured against the stars) from JPL, shipped with the package
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
x, y = np.log(planets.a), np.log(planets.P)
Sxx = np.sum((x - x.mean()) ** 2)
n_hat = np.sum((x - x.mean()) * (y - y.mean())) / Sxx
se_hat = np.sqrt(np.sum(fit.residuals**2) / (x.size - 2) / Sxx)
print(f"the formulas (ols) give the same n and se(n): {abs(n_hat - fit.exponent) < 1e-12 and abs(se_hat / fit.exponent_error - 1) < 1e-9}")
slope, intercept = np.polyfit(np.log(planets.a), np.log(planets.P), 1)
print(f"numpy.polyfit agrees: {abs(slope - fit.exponent) < 1e-12 and abs(intercept - fit.log_constant) < 1e-12}")

# %% [markdown]
# The exponent is $3/2$ to about one part in ten thousand, so $P^2 \propto a^3$. The error bar,
# though, is smaller still, and $|n - 3/2|$ is several standard errors. The fit is telling us
# that the residuals are not independent random noise: the periods are quoted to eight digits,
# so a residual of $10^{-4}$ is not measurement error but physics the law leaves out. Kepler's
# law is exact only for a test mass on an unperturbed ellipse; the real planets have mass and
# pull on each other. Jupiter alone changes its own period by a relative amount
# $\tfrac12\ln(1 + m_J/M_\odot) \approx 5\times10^{-4}$, computed below, larger than any residual of
# the free fit (at most $2.5\times10^{-4}$): the fit absorbs part of it into $C$ and $n$. We correct for
# the masses after weighing the Sun.
#
# :::{admonition} Checkpoint
# :class: tip
# You refit the planets with $a$ in metres and $P$ in seconds instead of au and years. Which of
# $\hat n$, $\operatorname{se}(\hat n)$ and $C$ change?
#
# ```{dropdown} Answer
# Only $C$. A change of units multiplies every $a_i$ and every $P_i$ by a constant, which shifts all
# $x_i = \ln a_i$ and all $y_i = \ln P_i$ by constants. The slope of a line and the scatter about it
# do not care where the origin is, so $\hat n$ and its error are unchanged; the intercept $\ln C$
# absorbs both shifts. This is why the exponent is the physics and $C$ carries the units (and,
# below, the mass of the Sun).
# ```
# :::
#
# **Rival laws.** Fix the exponent at $n = 1$ or $n = 2$ and fit only the constant. If the data
# could not tell these apart from $3/2$, the residuals would be similar. {numref}`fig-ch04-kepler`
# shows the three candidate laws against the data and the residuals of the free fit.

# %%
rivals = {n: D.fit_power_law(planets.a, planets.P, exponent=n) for n in (1.0, 1.5, 2.0)}
for n, f in rivals.items():
    print(f"n = {n:.1f} fixed: rms log residual {f.rms:.1e}, worst planet off by a factor "
          f"{np.exp(np.abs(f.residuals).max()):.3f}")
print(f"rival rms / free-fit rms: n=1 -> {rivals[1.0].rms / fit.rms:.1e}x, n=2 -> {rivals[2.0].rms / fit.rms:.1e}x")
jupiter = planets.names.index("Jupiter")
print(f"Jupiter's own mass shifts ln P by {0.5 * np.log1p(1 / planets.extra['mass_ratio'][jupiter]):.1e}")

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Left: the eight planets on log-log axes with the three power laws P = C a^n, n = 1, 3/2, 2, each with its best constant. Only n = 3/2 goes through the points; the rivals miss the outer planets by a factor of about three. Right: the residuals of the free fit, ln P minus the fitted line, in units of 1e-4; they are tiny but not random.", "name": "fig-ch04-kepler"}} tags=["hide-input"]
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
# **Weighing the Sun.** Newton's form of the law is $P^2 = 4\pi^2 a^3/(GM)$, with $G$ the constant
# of gravitation and $M$ the mass of the central body. So with the exponent fixed at $3/2$ the
# constant is $C = 2\pi/\sqrt{GM}$, which gives $GM = 4\pi^2/C^2$, and the relative error of $GM$
# is twice that of $C$ (because $\ln GM = \ln 4\pi^2 - 2\ln C$, a small change $\delta \ln C$ moves
# $\ln GM$ by $-2\,\delta\ln C$). Orbits measure the product $GM$; the mass alone needs the
# laboratory value of $G$, known only to 2 parts in $10^5$.
#
# :::{admonition} Derivation: Kepler's third law from Newton's law of gravitation
# :class: dropdown
# *Circular orbit.* A planet of negligible mass on a circle of radius $a$ at angular velocity
# $\omega = 2\pi/P$ needs a centripetal acceleration $\omega^2 a$, and gravity supplies $GM/a^2$:
#
# $$\frac{GM}{a^2} = \frac{4\pi^2}{P^2}\,a \quad\Longrightarrow\quad P^2 = \frac{4\pi^2}{GM}\,a^3 .$$
#
# *Ellipse.* Let the orbit have semi-major axis $a$, eccentricity $e_\text{o}$ and semi-minor axis
# $b = a\sqrt{1 - e_\text{o}^2}$. Angular momentum per unit mass, $h = r^2\dot\theta$, is conserved,
# so the radius vector sweeps area at the constant rate $h/2$ (Kepler's second law), and one period
# sweeps the whole ellipse, $\pi a b$: $P = 2\pi a b/h$. The step we skip is the orbit equation,
# which gives $h^2 = GM\,a(1 - e_\text{o}^2)$ ({cite}`ch04-murray1999solar`, §2.3–2.4). Then
#
# $$P = \frac{2\pi a^2 \sqrt{1 - e_\text{o}^2}}{\sqrt{GM a (1 - e_\text{o}^2)}} = \frac{2\pi}{\sqrt{GM}}\,a^{3/2} ,$$
#
# the circular result with the radius replaced by the semi-major axis: the eccentricity drops out.
# :::
#
# Converting au and years to metres and seconds, and comparing with the nominal $GM_\odot$ adopted by
# the International Astronomical Union (IAU) in 2015:

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
# Kepler's law in the form $P^2 = 4\pi^2 a^3/(GM_\odot)$ treats each planet as a **test mass**, one
# that feels gravity but exerts none worth counting. But Jupiter pulls on the Sun as hard as the Sun
# pulls on Jupiter. For two bodies of masses $M$ and $m$, the separation
# $\mathbf r = \mathbf r_m - \mathbf r_M$ obeys $\ddot{\mathbf r} = -Gm\,\mathbf r/r^3 - GM\,\mathbf r/r^3$
# (each body is pulled toward the other), so the *relative* orbit is the Kepler ellipse of a test
# mass about a central mass $M + m$:
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
# :::{admonition} Derivation: the two-body problem and the reduced mass
# :class: dropdown
# Newton's second and third laws for the two bodies read
# $M\ddot{\mathbf r}_M = +GMm\,\mathbf r/r^3$ and $m\ddot{\mathbf r}_m = -GMm\,\mathbf r/r^3$. Two
# combinations separate the motion. The centre of mass $\mathbf R = (M\mathbf r_M + m\mathbf r_m)/(M+m)$
# has $\ddot{\mathbf R} = 0$: it drifts uniformly. The separation has
# $\ddot{\mathbf r} = \ddot{\mathbf r}_m - \ddot{\mathbf r}_M = -G(M + m)\,\mathbf r/r^3$. Multiplying by
# the **reduced mass** $\mu = Mm/(M+m)$ writes this as one body in the original force,
# $\mu\ddot{\mathbf r} = -GMm\,\mathbf r/r^3$; dividing out, it is a test mass around a central mass
# $M + m$, so the previous derivation applies with $GM \to G(M + m)$:
# $P^2 = 4\pi^2 a^3 / [G(M+m)]$, with $a$ the semi-major axis of $\mathbf r$. Taking logarithms and
# writing $G(M+m) = GM(1 + m/M)$ gives {eq}`twobody`. Each body moves about $\mathbf R$ on a scaled
# copy of the relative orbit: $\mathbf r_m - \mathbf R = \tfrac{M}{M+m}\mathbf r$, so the planet's
# barycentric semi-major axis is $a M/(M+m)$ and its period is the same. For Jupiter,
# $m/M_\odot \approx 10^{-3}$ and the period shifts by $-\tfrac12\ln(1 + 10^{-3}) \approx -5\times10^{-4}$ in
# $\ln P$, the size of Jupiter's residual against the IAU value in the table below
# ($-4.5\times10^{-4}$; the free fit of {numref}`fig-ch04-kepler` absorbs part of it into $C$ and $n$ and
# leaves $-1.6\times10^{-4}$).
# :::
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
a_m, P_s, m_ratio = planets.a * planets.a_unit_m, planets.P * planets.P_unit_s, 1 / planets.extra["mass_ratio"]
levels = {"test mass": D.two_body_kepler(a_m, P_s, 0 * m_ratio),
          "own mass": D.two_body_kepler(a_m, P_s, m_ratio),
          "own + interior": D.two_body_kepler(a_m, P_s, m_ratio, interior=True)}
P_kepler = 2 * np.pi * np.sqrt(a_m**3 / D.GM_SUN)
print(f"{'planet':8s} {'m/M_sun':>8s}" + "".join(f"{k:>16s}" for k in levels))
for i, name in enumerate(planets.names):
    residuals = [np.log(r.period[i] / P_kepler[i]) * 1e4 for r in levels.values()]
    print(f"{name:8s} {m_ratio[i]:8.0e}" + "".join(f"{x:16.1f}" for x in residuals))
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
# "a one-in-ten-thousand-or-rarer fluke".
#
# **What remains.** One residual gets *worse* with the interior mass: Saturn's, from $+0.2$ to
# $+5.0$. Jupiter's mass must be there for Saturn (the averaged pull of an inner ring is at least
# its monopole), so something else is at work. Jupiter and Saturn are close to the 5:2 resonance,
# and their mutual pull has a long-period term, Laplace's *great inequality*, of period about 900
# years and amplitude about $0.8°$ in Saturn's longitude ($0.33°$ in Jupiter's)
# {cite}`ch04-murray1999solar`. Standish's mean elements are a straight-line fit of the longitude over
# 1800–2050, a quarter of that period, so the slope of the sinusoid leaks into the **mean motion**
# $\omega = 2\pi/P$ (the planet's average angular velocity, the slope of that straight line). A
# sinusoid of amplitude $A$ and period $T \approx 900$ years has slopes up to $A\,(2\pi/T)$, a relative
# error of up to $A\,(2\pi/T)/\omega$ in $\omega$ and so in $P$:

# %%
for name, amplitude_deg, period_yr in (("Jupiter", 0.33, 11.86), ("Saturn", 0.8, 29.45)):
    print(f"{name}: largest leak of the great inequality into the mean motion "
          f"{amplitude_deg * 2 * np.pi / 900 / (360 / period_yr) * 1e4:.1f} x 1e-4")
others = [i for i, n in enumerate(planets.names) if n != "Saturn"]
r7 = D.two_body_kepler(a_m[others], P_s[others], m_ratio[others], interior=True)
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
# :::{admonition} Derivation: the pull of a ring
# :class: dropdown
# Smear a planet of mass $m'$ over its circular orbit of radius $a'$ (the average over its period) and
# take a point at distance $r$ in the same plane ($r = a$, the orbit of the planet in question). Expand $1/|\mathbf r - \mathbf r'|$ in Legendre
# polynomials, $\sum_l r_<^l/r_>^{l+1} P_l(\cos\gamma)$, and average over the ring: $\langle P_1 \rangle = 0$ and
# $\langle P_2 \rangle = \langle \tfrac32\cos^2\gamma - \tfrac12 \rangle = \tfrac14$. So the potential is
# $-\tfrac{Gm'}{r}[1 + \tfrac14 (a'/r)^2 + \dots]$ outside the ring and $-\tfrac{Gm'}{a'}[1 + \tfrac14 (r/a')^2 + \dots]$
# inside it. Differentiating, an inner ring pulls inward with $\tfrac{Gm'}{r^2}[1 + \tfrac34 (a'/r)^2 + \dots]$,
# a central mass $m'[1 + \tfrac34(a'/r)^2]$; an outer ring pulls *outward* with $\tfrac{Gm'r}{2a'^3}$, which is
# the fraction $\tfrac{m'}{2M_\odot}(r/a')^3$ of the Sun's pull $GM_\odot/r^2$. The next terms ($l = 4$) are
# smaller by a further $(a'/r)^2$ or $(r/a')^2$.
# :::
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
# value. Part of the exponent's offset ($4\times10^{-4}$, about three and a half error bars) is physics
# again: Jupiter is flattened, and the pull of its equatorial bulge (measured by its quadrupole
# coefficient $J_2 \approx 0.015$, with $R$ its equatorial radius) adds to the monopole on close orbits,
# $\omega^2 a^3 = GM[1 + \tfrac32 J_2 (R/a)^2]$ to first order in $J_2$ {cite}`ch04-murray1999solar`. The
# correction is $6\times10^{-4}$ for Io and $3\times10^{-5}$ for Callisto; dividing it out (a check we
# made but do not print) halves both the exponent's offset and that of $GM$. The practice weighs
# Saturn, whose bulge matters even more.
#
# ## Searching over formulas
#
# So far we *assumed* the form $P = C a^n$ and fitted $n$. Kepler did not know the form; he tried
# many. **Symbolic regression** automates that trial: search over formulas built from the measured
# variables, and rank them {cite}`ch04-schmidt2009distilling,ch04-udrescu2020ai,ch04-cranmer2023interpretable`.
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
# * The law is $y = C f(\mathbf x)$ with one constant. Since every $y$ is positive, only formulas whose
#   values on the data are **of one sign** (all positive or all negative) can match it; only those are
#   fitted. For each $f$ the best $C$ in log space has
#   a closed form, $\ln C = \overline{\ln y - \ln|f|}$, and the **error** is the rms deviation
#   in logarithms, $\operatorname{rms}(\ln y - \ln C - \ln |f|)$ (the rms relative deviation when it is
#   small), the same measure as the residuals above.
# * A formula is worth keeping only if it is more accurate than every simpler one: these form the
#   **Pareto front** of error against complexity (named after the economist's notion of an
#   allocation that cannot be improved in one respect without losing in another). Which member is
#   "the law" is a judgement; the usual choice is the **knee**, the member with the largest drop in
#   $\ln(\text{error})$ per added node, counted from the constant law $y = C$.
#
# Why not simply take the most accurate formula? Because with enough nodes a formula can fit the
# data's noise and quirks as well as its law, the **overfitting** of {ref}`primer-overfitting`.
# Complexity is the price; the front shows what each unit of price buys.
#
# :::{admonition} Derivation: the constant, the front and the knee
# :class: dropdown
# *The constant.* For a fixed $f$ the error is $E(\ln C)^2 = \tfrac1N\sum_i (\ln y_i - \ln|f_i| - \ln C)^2$,
# a parabola in $\ln C$; $\mathrm d E^2/\mathrm d\ln C = 0$ gives $\ln C = \tfrac1N \sum_i(\ln y_i - \ln |f_i|)$, and
# the error left is the standard deviation of $\ln y_i - \ln |f_i|$. So the constant costs no search,
# and two formulas that differ by a constant factor have the same error (they are one law).
#
# *The front.* Order the admissible formulas by complexity $k$. Formula $f$ is on the front if every
# other formula with complexity $\le k(f)$ has a larger error. Scanning $k = 1, 2, \dots$ and keeping each
# formula that beats the best error so far builds it in one pass; its errors fall strictly.
#
# *The knee.* Number the front $j = 1, 2, \dots$ with complexities $k_j$ and errors $E_j$, and put the
# constant law first, $k_0 = 0$, $E_0$ = the standard deviation of $\ln y$. The score of member $j$
# is the log-error bought per node, $\ln(E_{j-1}/E_j)/(k_j - k_{j-1})$; the knee has the largest
# score. The logarithm makes the score independent of units and of the overall size of the error:
# halving the error is worth the same at $10^{-1}$ as at $10^{-4}$.
# :::
#
# {func}`~physml.discovery.search_expressions` does this. We give it the semi-major axis $a$ and,
# as a decoy, the planet's mass ratio $m = m_\text{planet}/M_\odot$, and ask for $P$ (years), with
# trees of up to 7 nodes.

# %%
front = D.search_expressions({"a": planets.a, "m": m_ratio}, planets.P, max_complexity=7)
print(f"{front.n_expressions} distinct expressions, {front.complexities.size} of one sign fitted; "
      f"error of the constant law P = C: {front.baseline_error:.2f}")
print(f"{'complexity':>10s}  {'error':>8s}  law")
for c in front:
    print(f"{c.complexity:10d}  {c.error:8.1e}  P = {c.constant:.4f} * {c.expression}"
          + ("   <- knee" if c == front.knee else ""))

# %% [markdown]
# Of tens of thousands of formulas, the front keeps four. The simplest, $P \propto a$, has an rms log error of
# 0.75: its periods are typically off by a factor of about $\exp(0.75) \approx 2$. Two more nodes
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
    D.search_expressions({"a": a_m, "m": m_ratio}, P_s, units={"a": {"m": 1}, "m": {}}, target_units={"s": 1})
except ValueError as err:
    print("ValueError:", err)

# %% [markdown]
# :::{admonition} Checkpoint
# :class: tip
# Why can no formula built from $a$ (a length) and $m$ (dimensionless) have the dimension of a
# time, however many nodes it has?
#
# ```{dropdown} Answer
# Every operator keeps the dimension a product of powers of the inputs' dimensions: products and
# powers of $a$ give $\text{length}^q$, sums need like dimensions, and $\ln$ and $\exp$ accept only
# dimensionless arguments and return dimensionless values. Nothing in the inputs carries a time, so
# no combination can produce one. The law needs a quantity with seconds in it.
# ```
# :::
#
# The law needs a dimensional constant that the variables do not hold: $GM$ of the central body.
# It is constant for the planets, so it cannot be found from them alone. Put the planets, the
# Galilean moons and Saturn's moons together (19 orbits, three central bodies) and give $GM$ of each
# orbit's central body (IAU values) as a variable. With three quantities, $P$, $a$ and $GM$, in two base dimensions
# (length and time), Buckingham's theorem {cite}`ch04-buckingham1914physically` leaves a single
# dimensionless group, $\Pi = GM P^2 / a^3$, and the only law possible is $\Pi$ = constant. The data
# then have one job: to confirm it and fix the constant, which should be $2\pi$.
#
# :::{admonition} Derivation: the dimensional analysis of an orbit
# :class: dropdown
# Look for $P = C\,a^\alpha (GM)^\beta$ with a dimensionless $C$. With $[a] = \text{L}$,
# $[GM] = \text{L}^3\text{T}^{-2}$ and $[P] = \text{T}$, matching the powers of each base dimension gives
#
# $$\text{L}:\; \alpha + 3\beta = 0, \qquad \text{T}:\; -2\beta = 1 \quad\Longrightarrow\quad
# \beta = -\tfrac12,\; \alpha = \tfrac32 ,$$
#
# so $P = C\sqrt{a^3/GM}$: Kepler's exponent follows from the units alone, and only $C$ (here $2\pi$)
# needs dynamics. In general, $v$ variables built from $d$ independent base dimensions leave
# $v - d$ independent dimensionless groups (the Buckingham Π theorem: the exponent vectors that make
# a product dimensionless are the null space of the $d \times v$ matrix of dimensions, of dimension
# $v - d$ when that matrix has rank $d$). Here $v = 3$ ($P$, $a$, $GM$) and $d = 2$: one group. The
# search uses the same bookkeeping to prune: it tracks the dimension vector of every sub-expression
# and discards a tree as soon as a sum mixes dimensions or a logarithm gets a dimensional argument.
# :::

# %%
gal, sat = D.load_orbits("galilean_moons"), D.load_orbits("saturn_moons")
jup_i, sat_i = planets.names.index("Jupiter"), planets.names.index("Saturn")
orbits = {"a": np.concatenate([a_m, gal.a * gal.a_unit_m, sat.a * sat.a_unit_m]),
          "GM": np.concatenate([np.full(8, D.GM_SUN), np.full(4, D.GM_SUN * m_ratio[jup_i]),
                                np.full(7, D.GM_SUN * m_ratio[sat_i])])}
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
# {cite}`ch04-udrescu2020ai`: constraints from physics shrink the space that the data must search.
#
# ### Where the search stops working
#
# Now add noise: multiply each planet's period by $\exp(\sigma\varepsilon)$ with $\varepsilon$ standard
# normal, a relative error $\sigma$, and search again (up to 5 nodes, 20 noise draws per
# level). Two questions: is $a^{3/2}$ still on the Pareto front, and is it still the knee?

# %%
law = sympy.Symbol("a", positive=True) ** sympy.Rational(3, 2)
noise_levels = (0.01, 0.03, 0.1, 0.3, 1.0)
on_front, at_knee, margin = np.zeros(len(noise_levels)), np.zeros(len(noise_levels)), np.inf
for i, sigma in enumerate(noise_levels):
    for seed in range(20):
        noisy = planets.P * np.exp(sigma * np.random.default_rng(seed).normal(size=planets.P.size))
        run = D.search_expressions({"a": planets.a, "m": m_ratio}, noisy, max_complexity=5)
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

# %% [markdown]
# {numref}`fig-ch04-pareto` shows the whole search and the noise sweep.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Left: every formula of up to 7 nodes fitted to the planets (grey dots, jittered in complexity), the Pareto front (blue) and its knee (star), P proportional to a^(3/2). Right: with relative noise sigma on the periods, the fraction of 20 draws in which a^(3/2) is still on the front (circles) and is still the knee (squares); the dotted line is the predicted threshold sigma* where the knee rule starts to fail.", "name": "fig-ch04-pareto"}} tags=["hide-input"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4))
ax1.semilogy(front.complexities + np.random.default_rng(0).uniform(-0.25, 0.25, front.complexities.size),
             np.maximum(front.errors, 1e-6), ".", ms=1, color=COLORS["grey"], alpha=0.3)
ax1.semilogy([c.complexity for c in front], [c.error for c in front], "o-", color=COLORS["blue"], label="Pareto front")
ax1.semilogy([front.knee.complexity], [front.knee.error], "*", ms=14, color=COLORS["vermillion"], label="knee")
for c in front:
    ax1.annotate(f"${sympy.latex(c.expression)}$", (c.complexity, c.error), textcoords="offset points",
                 xytext=(4, 5), fontsize=9)
ax1.set(xlabel="complexity (nodes)", ylabel=r"rms error of $\ln P$", title="planets: every expression (grey)")
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
# data. With the scores defined in the derivation box above, $P \propto a$ costs one node and cuts the error from that of the constant law, $2.26$, to
# $0.75$, a score of $\ln 3.0 = 1.1$ per node. $a^{3/2}$ costs two more nodes and can cut it only to
# the noise, $\sigma$, a score of $\tfrac12 \ln(0.75/\sigma)$. The knee moves to $P \propto a$ when that
# falls below $1.1$, at $\sigma^* = 0.75\,\exp(-2.2) \approx 0.08$, the dotted line. That is the
# earliest the knee can go. In a noisy draw another two-node formula, such as $P \propto a^2$ (as
# far from $a^{3/2}$ as $P \propto a$, so about as wrong), can join the front; then $a^{3/2}$ is one
# node away from it, scores $\ln(0.75/\sigma)$, and survives up to $\sigma \approx 0.75/3 = 0.25$.
# The measured fractions (80 % at $\sigma = 0.1$, 25 % at $0.3$) fall between the two thresholds, with a
# tail beyond the upper one.
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
# \mathbf c^\top \Delta\boldsymbol\phi^{(\ell)} = 0 \;\text{ for all events } \ell
# \quad\Longleftrightarrow\quad A\,\mathbf c = 0 .
# $$ (nullspace)
#
# The conservation laws are the **null space** of $A$, the set of all vectors $\mathbf c$ with
# $A\mathbf c = 0$. It is a linear subspace (a sum or multiple of conserved combinations is
# conserved), and a basis of it is a complete, independent list of the linear laws the features
# can express. Three remarks make this useful. The matrix has as many rows as events and as many
# columns as features, so with more events than features a random combination is *not* in the null
# space: every event is one more equation it must satisfy. A law found this way is only as general
# as the events: a quantity that happens not to change in these data (say, because every collision
# was head-on) would also appear. And only laws *linear in the features* can be found, which is why
# the features must include $K_i$ and not just $v_i$: energy is linear in $K_i$ but quadratic in $v_i$.
#
# We simulate the data exactly (the `key` argument seeds JAX's random numbers, {ref}`primer-arrays`):
# each event has random masses and velocities, and a collision with
# **restitution** $e$ (the fraction of the normal approach speed that is returned; not Euler's
# number, which we write $\exp$) along a contact normal $\hat\nu$ gives the pair the impulse
# $J = -(1+e)\,\mu\,(v_i - v_j)\cdot\hat\nu$, with the reduced mass $\mu = m_i m_j/(m_i + m_j)$.
# Momentum is conserved for every $e$; the kinetic energy drops by $\tfrac12\mu(1-e^2)u^2$, where $u$
# is the normal approach speed, so it is conserved only for elastic collisions, $e = 1$.
#
# :::{admonition} Derivation: the impulse and the energy lost in a collision
# :class: dropdown
# Body $i$ receives the impulse $J\hat\nu$ and body $j$ receives $-J\hat\nu$ (Newton's third law), so
# $m_i v_i + m_j v_j$ is unchanged whatever $J$ is: momentum conservation is built in. The normal
# relative velocity $u = (v_i - v_j)\cdot\hat\nu$ changes by $J(1/m_i + 1/m_j) = J/\mu$, and the
# restitution rule asks that it reverse and shrink, $u' = -e\,u$. So $J/\mu = -(1+e)u$, the impulse
# above. For the energy, split the motion into the centre of mass, whose kinetic energy the
# impulse cannot change, and the relative motion, whose energy is $\tfrac12\mu|v_i - v_j|^2$. Only the
# normal part changes, from $\tfrac12\mu u^2$ to $\tfrac12\mu e^2u^2$: the loss is $\tfrac12\mu(1-e^2)u^2$.
# :::

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
# **Why the singular values?** The **singular value decomposition** (SVD) writes
# $A = U\,\mathrm{diag}(s_1, \dots, s_F)\,V^\top$ with orthonormal columns $\mathbf v_k$ of $V$ and
# singular values $s_1 \ge s_2 \ge \dots \ge s_F \ge 0$ ($F$ is the number of features). For a unit vector
# $\mathbf c$,
#
# $$
# \|A\mathbf c\|^2 = \sum_k s_k^2\,(\mathbf v_k\cdot\mathbf c)^2 ,
# $$ (svdnorm)
#
# because $U$ preserves lengths. So $\|A\mathbf c\|$ is the rms change of the combination
# $\mathbf c^\top\boldsymbol\phi$ over the events (times $\sqrt E$), and it is zero exactly when $\mathbf c$
# lies in the span of the $\mathbf v_k$ with $s_k = 0$. The singular values sort all directions of
# feature space by how much they change, and the null space is the bottom of the list. With real
# numbers nothing is exactly zero, so the question becomes where the bottom of the list starts.
#
# **The tolerance comes from the data.** Exact laws leave singular values at round-off,
# $\sim 10^{-16}$, while every direction that changes has a singular value of order one. The
# null-space dimension is where the singular values fall off a cliff: we take the largest ratio
# $s_k/s_{k+1}$ and put the tolerance at the geometric mean $\sqrt{s_k s_{k+1}}$. We scale the
# columns of $A$ to unit norm first, so that features measured in different units count alike.
# There is no fixed threshold like $10^{-10}$ to tune. The one choice left is when to *refuse* to
# call a gap: we ask for at least one decade (`min_gap=10`). Scaling column $j$ by $1/d_j$ replaces
# $A$ by $AD^{-1}$ with $D = \mathrm{diag}(d_j)$; a null vector $\mathbf c'$ of the scaled matrix is
# the law $\mathbf c = D^{-1}\mathbf c'$ of the original features, so scaling changes which small
# singular values count as small, never which laws exist.
#
# The whole search fits in a few lines. This version assumes at least as many events as features
# and no feature that never changes (a zero column); {func}`~physml.discovery.null_space` handles
# those cases too.

# %%
def null_space_on_page(A, min_gap=10.0):
    """Scale the columns, take the SVD, cut at the largest gap; return (singular values, basis)."""
    scale = np.linalg.norm(A, axis=0)                       # column norms d_j
    _, s, vt = np.linalg.svd(A / scale)                     # s descending; rows of vt are the v_k
    s = np.maximum(s, np.finfo(float).eps * max(A.shape))   # an exact zero becomes the round-off floor
    ratios = s[:-1] / s[1:]
    k = int(np.argmax(ratios)) + 1                          # the rank: singular values above the gap
    if ratios[k - 1] < min_gap:                             # no decade-wide gap: claim no law
        return s, np.zeros((A.shape[1], 0))
    basis = vt[k:].T / scale[:, None]                       # c = D^-1 c', back to the features' units
    return s, basis / np.linalg.norm(basis, axis=0)


# %% [markdown]
# On the elastic data, on three bodies in the plane and on noisy velocities, it finds the same
# null space as physml (we compare the subspaces through their orthogonal projectors, since any
# rotation of a basis is as good) and the same singular values above round-off:

# %%
def projector_difference(B1, B2):
    """Largest entry of the difference of the orthogonal projectors onto the spans of B1 and B2."""
    if B1.shape[1] != B2.shape[1]:
        return np.inf
    Q1, Q2 = np.linalg.qr(B1)[0], np.linalg.qr(B2)[0]
    return np.abs(Q1 @ Q1.T - Q2 @ Q2.T).max()


trials = [elastic, D.simulate_collisions(100, 3, 2, 0.7, key=jax.random.key(5)),
          D.simulate_collisions(200, 2, 1, 1.0, 1e-3, key=jax.random.key(6))]
d_proj, d_sv = [], []
for trial in trials:
    A_trial = D.feature_changes(trial).A
    s_page, basis_page = null_space_on_page(A_trial)
    ns_trial = D.null_space(A_trial)
    big = ns_trial.singular_values > 1e-10
    d_proj.append(projector_difference(basis_page, ns_trial.basis))
    d_sv.append(np.abs(s_page[big] / ns_trial.singular_values[big] - 1).max())
assert max(d_proj) < 1e-8 and max(d_sv) < 1e-10
print(f"on-page null-space search vs physml.discovery on {len(trials)} data sets: "
      f"largest projector difference {'< 1e-8' if max(d_proj) < 1e-8 else max(d_proj)}, "
      f"largest relative difference of the singular values above round-off "
      f"{'< 1e-10' if max(d_sv) < 1e-10 else max(d_sv)}")

# %% [markdown]
# :::{admonition} Checkpoint
# :class: tip
# Suppose every event had two bodies of mass exactly 1. Which extra null vectors would appear in
# $A$, and are they laws of collisions?
#
# ```{dropdown} Answer
# With $m_i = 1$ the momentum $p_i = m_i v_i$ equals the velocity $v_i$, so the columns $p_i$ and $v_i$ of
# $A$ are identical and $p_1 - v_1$, $p_2 - v_2$ are null vectors: $v_1 + v_2$ now looks conserved
# too. And in one dimension an elastic collision of equal masses just swaps the two velocities, so
# every symmetric function of them is unchanged: $|v_1| + |v_2|$ is a third spurious law (five null
# vectors, only two of them physics). These are identities and coincidences of this data set, not
# laws of physics. The random masses in the simulation are what break them; a discovery method can
# only find laws the data vary enough to distinguish.
# ```
# :::
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
# * *by linear programming*: a **linear program** (LP) minimises a linear function of some variables
#   subject to linear equalities and inequalities, and fast, reliable solvers exist for it. The
#   **L1 norm** $\|\mathbf c\|_1 = \sum_j |c_j|$ is the convex stand-in for the count of non-zeros (convex:
#   it has no local minimum other than the global one, so it can be minimised reliably), and its
#   minimiser is often the sparsest vector {cite}`ch04-donoho2006most`.
#   Put a basis of the null space in the columns of a matrix $B$ (of size $F \times q$, $q$ the
#   null-space dimension), so that every null vector is $\mathbf c = B\mathbf w$; for each feature $j$
#   we solve
#
# $$
# \min_{\mathbf w}\; \|B\mathbf w\|_1 \quad\text{subject to}\quad (B\mathbf w)_j = 1,
# $$ (l1)
#
# which `scipy.optimize.linprog` solves as a linear program with slack variables $t_i \ge \pm (B\mathbf w)_i$.
# The constraint rules out $\mathbf c = 0$. Solving {eq}`l1` once for every $j$ gives up to $F$ candidate
# laws; {func}`~physml.discovery.conservation_laws` sorts them by the size of their support and keeps
# each one that adds a new direction, until it has $q$ independent laws: a sparse basis of the null
# space. The LP runs on the column-scaled matrix, since the L1 norm, unlike the null space, depends on
# the units of the features.
#
# :::{admonition} Derivation: why the L1 norm finds sparse laws, and the linear program
# :class: dropdown
# *As a linear program.* Introduce one slack $t_i$ per feature and minimise $\sum_i t_i$ subject to
# $-t_i \le (B\mathbf w)_i \le t_i$ and $(B\mathbf w)_j = 1$. At the optimum each $t_i$ is pushed down to
# $|(B\mathbf w)_i|$, so the minimum is $\|B\mathbf w\|_1$: every constraint and the objective are linear
# in $(\mathbf w, \mathbf t)$.
#
# *Why sparse.* A linear program attains its minimum at a **vertex** of the feasible set, a corner
# where as many linearly independent constraints hold with equality ("are active") as there are
# variables. The step we skip is this fundamental theorem of linear programming: a bounded LP whose
# feasible set has a vertex attains its minimum at one (Bertsimas and Tsitsiklis,
# *Introduction to Linear Optimization*, ch. 2). In the
# $q + F$ variables $(\mathbf w, \mathbf t)$ a vertex needs $q + F$ linearly independent active
# constraints. The equality
# gives one. For each feature $i$ at most one of $t_i = \pm(B\mathbf w)_i$ is active, unless
# $(B\mathbf w)_i = 0$, when both are. So if $z$ entries of $\mathbf c = B\mathbf w$ vanish, the count of
# independent active constraints is at most $1 + F + z$, and a vertex needs $1 + F + z \ge q + F$: the solution
# has **at least $q - 1$ zero entries**. Geometrically, the L1 ball has corners on the axes, and a
# plane first touches it at a corner or a low-dimensional face, where most coordinates vanish; the
# round L2 ball would touch at a generic, dense point. The step we skip is the condition under
# which the L1 minimiser is *the* sparsest vector (the null-space property, {cite}`ch04-donoho2006most`);
# we do not rely on it, because we check the LP against enumeration.
# :::

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
#
# :::{admonition} Derivation: the gap closes as $1/\sigma$
# :class: dropdown
# Let $A_0$ be the exact matrix and $A = A_0 + A_1$ the measured one. A feature is a smooth function
# of the velocities, so to first order a velocity error $\delta v$ changes it by
# $\nabla\phi\cdot\delta v$ (for momentum $m\,\delta v$, for kinetic energy $m\,v\cdot\delta v$): every
# entry of $A_1$ is linear in the errors, and $\|A_1\|_2 = \kappa\sigma$ with $\kappa$ of order one (after
# the column scaling, which is set by $A_0$ to this order). Two facts bound the singular values.
#
# 1. *The large ones barely move.* Weyl's inequality for singular values,
#    $|s_k(A_0 + A_1) - s_k(A_0)| \le \|A_1\|_2$ ({cite}`ch04-golub2013matrix`, §8.6; the step we skip is its
#    proof from the minimax characterisation of singular values), keeps $s_k(A) = s_k(A_0) + O(\sigma)$.
# 2. *The small ones rise linearly.* For a unit null vector $\mathbf c$ of $A_0$, $A\mathbf c = A_1\mathbf c$, so by
#    {eq}`svdnorm` the null-space singular values of $A$ are of the size of $\|A_1\mathbf c\| \propto \sigma$.
#
# Write the null-space singular values of $A$ as $\kappa'\sigma$ ($\kappa' \le \kappa$, of order one).
# The largest gap therefore sits at the same place with ratio
# $s_k(A)/s_{k+1}(A) \approx s_k(A_0)/(\kappa'\sigma) \propto 1/\sigma$, and it falls to one decade when
# $\sigma \approx s_k(A_0)/(10\kappa')$. The constant $s_k(A_0)/\kappa'$ (about 0.24 here, the dotted line
# of {numref}`fig-ch04-noise`) depends on the data set, not on the noise.
# :::

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

# %% [markdown]
# The printed slope is the exponent of the power law $\text{gap} \propto \sigma^{\text{slope}}$, fitted by
# the log-log least squares of the first section to the median gaps at the ten smallest noise
# levels. {numref}`fig-ch04-noise` shows the gap and the success rate over the whole range.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Left: the median over ten data sets of the largest singular-value gap of the scaled feature-change matrix, against the velocity noise sigma (elastic collisions, two bodies in one dimension). The dotted line is 0.24/sigma, the dashed line the one-decade threshold below which no law is claimed. Right: the fraction of data sets in which both momentum and kinetic energy are found.", "name": "fig-ch04-noise"}} tags=["hide-input"]
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
# :::{admonition} Checkpoint
# :class: tip
# At $\sigma = 10^{-3}$ the median gap is a few hundred. Without running anything, what gap do you
# expect at $\sigma = 10^{-5}$, and at what noise would you expect discovery to start failing?
#
# ```{dropdown} Answer
# The gap scales as $1/\sigma$, so a hundred times less noise gives a hundred times larger gap: a few
# times $10^4$. It reaches the one-decade threshold when it has fallen by a further factor of a few
# tens from its value at $10^{-3}$, i.e. at $\sigma$ of a few $10^{-2}$, which is where the right panel
# of {numref}`fig-ch04-noise` drops.
# ```
# :::
#
# For an inelastic collision there is a second way to fail. Kinetic energy is not conserved,
# but its singular value measures how much energy is lost, $\propto 1-e^2$. When $e$ is close to 1,
# this value is small. The largest-gap rule compares two steps: from the energy singular value down
# to the noise floor, and from the singular value above it down to the energy one (here
# $0.36/0.012 \approx 30$). Once the step below is the smaller one, the largest gap moves *above* the
# energy singular value, and kinetic energy is accepted as a law that is not there:
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
# the effect to be resolved, here $1-e^2$: so small that the energy singular value stands further
# above the noise floor than the next singular value stands above it.
#
# ## Explore: restitution and noise
#
# Each figure is one data set of 200 collisions ({func}`~physml.discovery.collision_laws`). Left:
# the singular values of $A$ (columns scaled; round-off is drawn at $10^{-14}$) and the tolerance
# at the largest gap. Right: the coefficients of the laws found; the title lists them.
#
# In the first figure, {numref}`fig-ch04-explore-noise`, $e = 0.99$ and the slider sets the noise.
# Watch the seventh singular value, which measures the energy lost, and the eighth, the noise floor.
# The floor passes $s_7/30$ at $\sigma \approx 4 \times 10^{-4}$ (between the slider's $10^{-3.5}$ and
# $10^{-3.25}$), and from there energy is wrongly accepted: at $\sigma = 10^{-3}$, $s_7$ is only 11 times
# the floor but 30 times below $s_6$. From $\sigma \approx 3 \times 10^{-2}$ the gap closes and every law is lost.

# %%
explorer = figures.collisions()

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Nearly elastic collisions (e = 0.99) with the velocity noise set by the slider. Left: the singular values of the scaled feature-change matrix and the tolerance at the largest gap (red). Right: the coefficients of the laws found. From a noise of a few 1e-4 the step from the energy-loss singular value down to the noise floor is smaller than the step above it, and kinetic energy is wrongly accepted as a law.", "name": "fig-ch04-explore-noise"}} tags=["hide-input"]
explorer.static(restitution=0.99)

# %% [markdown]
# The second figure, {numref}`fig-ch04-explore-restitution`, fixes the noise at $\sigma = 10^{-3}$,
# and the slider sets the restitution. Only for $e = 0.99$ is the energy loss, $1 - e^2 \approx 0.02$, too
# small for the largest-gap rule: its singular value stands 11 times above the noise floor, less than
# the step of 30 above it. From $e = 0.95$ down it is resolved and only momentum is conserved, and at
# $e = 1$ the energy law is real.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The same two panels at a fixed velocity noise of 1e-3, with the slider setting the restitution e. For e of 0.95 or less only momentum is found; at e = 0.99 the energy-loss singular value stands less far above the noise floor (a factor 11) than the next one stands above it (30), and energy appears as a spurious law; at e = 1 the energy law is real.", "name": "fig-ch04-explore-restitution"}} tags=["hide-input"]
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
# - Noise of size $\sigma$ shrinks the gap as $1/\sigma$: the conserved singular values rise
#   linearly with the noise while the others stay put. Discovery fails when the gap closes, and
#   for nearly elastic collisions it can also fail by accepting a law that is not there.
#
# **Practice:** [Practice 4: automated discovery from data](../exercises/ch04_practice.ipynb): derive the mass of a central body from the fitted
# constant (with the two-body correction) and weigh Saturn, build $A$ for a new collision data set
# and find its conserved quantities, explain the spurious energy law and predict the noise at which
# it appears for more nearly elastic collisions, and find the law of a data set you have not seen
# with the expression search and its units.
#
# ## Exercises
#
# **1. Weighing the Earth with the Moon.** The Moon's mass is $1/81$ of the Earth's. If you apply
# the test-mass formula $GM = 4\pi^2 a^3/P^2$ to the Moon's orbit, what do you get, and how wrong is
# it as a value of $GM_\oplus$?
#
# ```{dropdown} Answer
# The relative orbit obeys $P^2 = 4\pi^2a^3/[G(M_\oplus + m_\text{Moon})]$ (the two-body derivation), so
# the test-mass formula returns $G(M_\oplus + m_\text{Moon}) = GM_\oplus(1 + 1/81)$: the Earth comes out
# 1.2 % too heavy. For the planets the same error is at most $10^{-3}$ (Jupiter), which is why it
# showed up only in the residuals.
# ```
#
# **2. Lever arm and scatter (computational).** Fit the exponent with
# {func}`~physml.discovery.fit_power_law` to the four inner planets alone, to the four giants alone,
# and to all eight. Which error bar is smallest? Explain each with the formula
# $\operatorname{se}(\hat n) = \hat\sigma_\text{r}/\sqrt{S_{xx}}$ of {eq}`ols`.
#
# ```{dropdown} Answer
# The inner planets give $\operatorname{se} \approx 1.2\times10^{-5}$, the giants $1.6\times10^{-4}$, all eight
# $3.2\times10^{-5}$. The two groups have similar lever arms (the standard deviation of $\ln a$ is 0.50
# and 0.67), so the difference is the scatter $\hat\sigma_\text{r}$: the giants carry the effects of their
# own masses and their mutual pulls, which the inner planets (masses $\le 3\times10^{-6} M_\odot$) do not.
# All eight have three to four times the lever arm $\sqrt{S_{xx}}$ of either group (4.3 and 3.2 times),
# but the giants' scatter. A small
# error bar needs both a long lever and a law that describes every point to the same accuracy.
# ```
#
# **3. How many laws in three dimensions? (computational)** Simulate 300 elastic collisions of
# three bodies in three dimensions, `D.simulate_collisions(300, 3, 3, 1.0, key=jax.random.key(7))`,
# and count the laws with {func}`~physml.discovery.conservation_laws`. Predict the answer first.
#
# ```{dropdown} Answer
# Four: the three components of total momentum and the total kinetic energy. Each Cartesian
# component of momentum is a separate linear law of the features $p_{ix}, p_{iy}, p_{iz}$; energy is one.
# (Angular momentum is conserved too, but it is not a linear combination of these features: it
# would need the positions.)
# ```
#
# **4. A feature that never changes.** Add each body's mass $m_i$ to the features. What happens to
# $A$, to its singular values, and to the list of laws? Is the new law physics?
#
# ```{dropdown} Answer
# The masses do not change in a collision, so their columns of $A$ are zero. Each zero column adds a
# zero singular value with the unit vector of that feature as its null vector: "$m_i$ is conserved",
# a one-feature law that the sparse search returns first. It is physics (mass is conserved in these
# collisions), but a trivial piece that was put in by hand. A feature that never varies in the data
# always looks conserved, which is why the features must vary as much as the experiment allows.
# ```
#
# **5. The knee and the lever arm.** The noise threshold of the knee, $\sigma^* \approx 0.08$, was
# estimated from the error $0.75$ of $P \propto a$. If the planets spanned a factor 8 in $a$ instead of
# 80, would the knee survive more or less noise?
#
# ```{dropdown} Answer
# Less. The error of a wrong exponent is $\Delta n$ times the spread of $\ln a$, so the error of
# $P \propto a$ would be about half as large in log units, $\approx 0.37$ instead of $0.75$, and the
# threshold $\sigma^* = 0.75\,\exp(-2.2)$ scales with it (the knee score of $P\propto a$, $\ln 3$, is set by
# the ratio of the constant law's error to this one, which is unchanged because both scale with the
# spread). So $\sigma^* \approx 0.04$: half the noise.
# ```
#
# ## Further reading
#
# - Kepler, *Harmonices Mundi* {cite}`ch04-kepler1619harmonices`: the third law, found by trying ratios
#   of powers by hand; the first symbolic regression.
# - Murray and Dermott, *Solar System Dynamics* {cite}`ch04-murray1999solar`: the two-body problem, the
#   orbit equation skipped above, and the great inequality of Jupiter and Saturn.
# - Golub and Van Loan, *Matrix Computations* {cite}`ch04-golub2013matrix`: least squares, the SVD and the
#   perturbation theory of singular values behind the $1/\sigma$ law.
# - Schmidt and Lipson {cite}`ch04-schmidt2009distilling` and Udrescu and Tegmark {cite}`ch04-udrescu2020ai`:
#   symbolic regression of physical laws, by evolutionary search and by a recursive algorithm that
#   uses dimensional analysis first, as we did; Cranmer {cite}`ch04-cranmer2023interpretable` is a modern,
#   fast implementation (PySR) and the place to start for real problems.
# - Brunton, Proctor and Kutz {cite}`ch04-brunton2016discovering`: sparse regression over a library of
#   features (SINDy), the dynamical-systems cousin of our sparse null-space search; Liu and Tegmark
#   {cite}`ch04-liu2021machine` find the number of conservation laws of a system from its trajectories.
# - Donoho {cite}`ch04-donoho2006most`: when the L1 minimiser is the sparsest solution.
#
# ```{bibliography}
# :filter: docname in docnames
# :keyprefix: ch04-
# ```
