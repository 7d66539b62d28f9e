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
# # Practice 4: automated discovery from data
#
# Practice for [Chapter 4, *Automated discovery from data*](../book/ch04_discovery.ipynb). Five tasks: a derivation, a calculation with real data, the
# null-space search on a new data set, an explanation and a prediction, and a law you have not
# seen. After each, run the `check(...)` cell; a ✗ comes with a hint. Replace each `...` below
# `# YOUR CODE HERE`.

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
import numpy as np
import scipy.constants

from physml import discovery as D
from physml.checks import check
from physml.checks.discovery import practice_collisions, practice_springs
from physml.interactives import discovery as figures

# %% [markdown]
# ## Task 4.1: weigh Saturn (derive, then compute)
#
# Seven moons of Saturn, with semi-major axes in kilometres and periods in days (JPL):

# %%
moons = D.load_orbits("saturn_moons")
for name, a, P in zip(moons.names, moons.a, moons.P):
    print(f"{name:10s} a = {a:9.0f} km   P = {P:7.3f} d")

# %% [markdown]
# Warm-up (not graded): move the slider. For each candidate exponent $n$ it draws $P = C a^n$ with
# the best constant for that $n$, and the residuals on the right. Which $n$ makes the residuals
# flat, and why do the residuals of a wrong $n$ lie on a straight line?

# %%
figures.power_law(moons.a, moons.P, labels=("a (km)", "P (days)")).live(exponent=1.0)

# %% [markdown] tags=["solution"]
# *Model answer.* Only $n = 3/2$ leaves flat residuals. If the data obey $\ln P = \ln C_0 + \tfrac32 \ln a$,
# a wrong $n$ leaves the residual $\ln P - \ln C - n\ln a = (\tfrac32 - n)\ln a + \text{const}$: a
# straight line in $\ln a$ with slope $\tfrac32 - n$ (the best $C$ only moves it up or down, to mean
# zero). Its sign shows on which side of $3/2$ the slider is.

# %% [markdown]
# **Derive.** A moon of mass $m = qM$ orbits a planet of mass $M$. Fitting $P = C a^{3/2}$ (SI units)
# to its relative orbit gives the constant $C$. Starting from Newton's law of gravitation for the
# two bodies (see the derivation boxes of the chapter), express the planet's mass $M$ in terms of
# $C$, the constant of gravitation $G$ and the mass ratio $q$. Give `mass_formula` as a string in
# Python syntax (e.g. `"2*pi*C/G"`, with `pi`, `sqrt`, `**`) or as a function `lambda C, G, q: ...`.

# %%
### BEGIN SOLUTION
mass_formula = "4*pi**2/(G*C**2*(1 + q))"
### END SOLUTION
check("ch04-mass-formula", mass_formula)

# %% [markdown]
# **Compute.** Fit $P = C a^{3/2}$ to Saturn's moons with the exponent fixed,
# `D.fit_power_law(x, y, exponent=1.5)`, in SI units (`moons.a_unit_m` and `moons.P_unit_s` convert),
# and use your formula to compute Saturn's mass in kilograms as `saturn_mass` (`scipy.constants.G`).
# The heaviest moon, Titan, has $q = 2.4\times10^{-4}$: does it matter at the precision of these data?

# %%
### BEGIN SOLUTION
fit = D.fit_power_law(moons.a * moons.a_unit_m, moons.P * moons.P_unit_s, exponent=1.5)
saturn_mass = 4 * np.pi**2 / (scipy.constants.G * fit.constant**2)
print(f"M_Saturn = {saturn_mass:.4e} kg; relative error of the fit {2 * fit.log_constant_error:.0e}")
### END SOLUTION
check("ch04-saturn-mass", saturn_mass)

# %% [markdown]
# **Going further.** The fitted relative error of $GM$ is about $5\times10^{-4}$. Is Titan's
# $q = 2.4\times10^{-4}$ visible at that precision, and what would it do to the mass if you ignored it?
# Your $GM$ comes out about $10^{-3}$ above the value from spacecraft tracking, two error bars: what
# could cause that?

# %% [markdown] tags=["solution"]
# *Model answer.* For Titan alone the test-mass formula returns $G(M + m)$, a mass too large by the
# fraction $q = 2.4\times10^{-4}$, already half the error bar. But the fit averages
# $\ln P - \tfrac32\ln a$ over seven moons, and only Titan's orbit carries that correction (the others
# have $q \lesssim 10^{-6}$): Titan's $\ln P$ is shorter by $\tfrac12 q$, the average by $q/14$, and $GM$
# moves by twice that, $q/7 \approx 3\times10^{-5}$, far below the error bar. At this precision the
# test-mass formula is adequate; for the Earth and Moon, with $q = 1/81$, it is not.
#
# The offset of $+1.1\times10^{-3}$ (2.3 error bars) is not mainly the rounding of the periods but
# Saturn's shape. Saturn is flattened, and its equatorial bulge (quadrupole coefficient
# $J_2 = 0.0163$, equatorial radius $R = 60\,330$ km) pulls harder on close orbits:
# $\omega^2 a^3 = GM[1 + \tfrac32 J_2 (R/a)^2]$ to first order, with $\omega = 2\pi/P$. That is
# $2.6\times10^{-3}$ for Mimas, $1.6\times10^{-3}$ for Enceladus and less than $10^{-5}$ for Iapetus,
# about $9\times10^{-4}$ on average. Dividing it out gives $GM/GM_\text{JPL} - 1 = (+2.0 \pm 1.6)\times10^{-4}$,
# and a free fit of the exponent moves from $1.50039 \pm 0.00020$ to $1.50003 \pm 0.00009$: the scatter
# was mostly this physics, as for the planets in the chapter.

# %% [markdown]
# ## Task 4.2: the matrix of feature changes (the one re-implementation)
#
# A new data set: three bodies colliding in the plane, 300 events. `masses` has shape
# `(events, 3)`, the velocities `(events, 3, 2)`.

# %%
col = practice_collisions()
print(col.masses.shape, col.v_before.shape, col.v_after.shape)


# %% [markdown]
# Write `my_feature_changes(masses, v_before, v_after)`, returning $A$: one row per event, one
# column per feature, each entry *after minus before*. The 18 features, in this order, are the
# momentum components `p1x, p1y, p2x, p2y, p3x, p3y` ($p = mv$), the kinetic energies `K1, K2, K3`
# ($\tfrac12 m|v|^2$), and two decoys: the velocity components `v1x, …, v3y` and the speeds
# `|v1|, |v2|, |v3|`.

# %%
def my_feature_changes(masses, v_before, v_after):
    ### BEGIN SOLUTION
    def features(v):
        p = (masses[:, :, None] * v).reshape(len(v), -1)
        K = 0.5 * masses * np.sum(v**2, axis=2)
        return np.hstack([p, K, v.reshape(len(v), -1), np.linalg.norm(v, axis=2)])
    return features(v_after) - features(v_before)
    ### END SOLUTION


# %%
check("ch04-feature-changes", my_feature_changes)

# %% [markdown]
# ## Task 4.3: the conserved quantities (compute and reason)
#
# Use your $A$ with `D.null_space` (look at the singular values and the gap) and
# `D.conservation_laws`. Give `laws`, a list of coefficient vectors with one entry per feature:
# independent, conserved and sparse. Before you run it: how many laws do you expect, given that
# these collisions have restitution $e = 0.8$?

# %%
A = my_feature_changes(col.masses, col.v_before, col.v_after)
names = D.feature_changes(col).names
### BEGIN SOLUTION
ns = D.null_space(A)
print(f"null-space dimension {ns.dim}; largest gap a factor {'>1e10' if ns.gap > 1e10 else f'{ns.gap:.1e}'}")
found = D.conservation_laws(A)
for law in found:
    print(D.format_law(law, names))
laws = [law.vector for law in found]
### END SOLUTION
check("ch04-conserved", laws)

# %% [markdown]
# **Going further.** The velocity decoys $v_{ix}$ were rejected. For which special data set would
# $v_{1x} + v_{2x} + v_{3x}$ be "conserved" too, and what would that tell you about the data rather than
# about physics?

# %% [markdown] tags=["solution"]
# *Model answer.* If every body in every event had the same mass $m$, $p_{ix} = m v_{ix}$ would make the sum
# of velocities proportional to the total momentum, and the columns $p_{ix}$ and $v_{ix}$ of $A$ would be
# proportional: $v_{1x} + v_{2x} + v_{3x}$, and even $p_{1x} - m v_{1x}$, would lie in the null space. These
# are identities of a data set that does not vary the masses, not laws. (Equal masses that vary from
# event to event are not enough for the second: $\sum_i v_{ix}$ is still conserved, but $p_{ix} - m v_{ix}$ is
# no longer one fixed vector.) The method finds every
# linear relation the data satisfy; only varied experiments separate laws from coincidences.

# %% [markdown]
# ## Task 4.4: a spurious law (interpret, then predict)
#
# **Interpret.** The explorer below is the one of the chapter: two bodies in one dimension, 200
# collisions, with Gaussian errors of standard deviation $\sigma$ on every measured velocity. It starts
# at $e = 0.99$ and $\sigma = 10^{-3}$, where the method lists kinetic energy as a law although these
# collisions lose energy. Move both sliders. Which statement explains the spurious law? Set
# `spurious_reason` to its letter.
#
# - (a) energy really is conserved to within the precision of these data, so the law is correct;
# - (b) the energy singular value, of order $1 - e^2$, stands less far above the noise floor than the next
#   singular value stands above it, so the largest gap is now the one above it;
# - (c) the noise adds energy to the collisions and makes up for the energy lost;
# - (d) the L1 linear program fails on noisy data and returns a wrong vector.

# %%
figures.collisions().live(restitution=0.99, log10_noise=-3.0)

# %%
### BEGIN SOLUTION
spurious_reason = "b"
### END SOLUTION
check("ch04-spurious-law", spurious_reason)

# %% [markdown]
# **Predict** (before running the next cell). At $e = 0.99$ the spurious energy law appears from
# $\sigma \approx 4\times10^{-4}$: check it with the noise slider (it is rejected at $10^{-3.5}$ and accepted
# at $10^{-3.25}$). From which noise $\sigma$ on will it appear for collisions with $e = 0.995$, the same
# events otherwise? Give a number, `predicted_noise`. Reason from how each of the three singular values
# involved (the one above the energy direction, the energy one, the noise floor) depends on $e$ and on
# $\sigma$, and from which ratio the largest-gap rule compares.

# %%
### BEGIN SOLUTION
predicted_noise = 4e-4 * ((1 - 0.995**2) / (1 - 0.99**2)) ** 2
### END SOLUTION
check("ch04-spurious-threshold", predicted_noise)

# %% [markdown]
# Now run it: for each noise level, the two steps the rule compares, $s_6/s_7$ (above the energy
# direction) and $s_7/s_8$ (from it down to the noise floor), and whether energy is (wrongly) accepted.

# %%
if predicted_noise is ...:
    print("Record your prediction above first, then run this cell.")
else:
    for e in (0.99, 0.995):
        print(f"e = {e}:")
        for log10_noise in (-4.5, -4.25, -4.0, -3.75, -3.5, -3.25, -3.0):
            run = D.collision_laws(e, 10.0**log10_noise, key=jax.random.key(0))
            s6, s7, s8 = run.null_space.singular_values[-3:]
            print(f"  sigma = 10^{log10_noise:5.2f}: s6/s7 = {s6 / s7:4.0f}, s7/s8 = {s7 / s8:5.0f} -> "
                  + ("energy accepted (spurious)" if run.null_space.dim == 2 else "momentum only"))

# %% [markdown]
# **Going further.** You may collect more events, or halve the noise, but not both. Which helps
# against the spurious energy law at $e = 0.99$ and $\sigma = 10^{-3}$, and is it enough?

# %% [markdown] tags=["solution"]
# *Model answer.* Halving the noise, but it is not enough alone. Every singular value of $A$ grows like
# $\sqrt{E}$ with the number of events $E$ (each row adds a comparable amount to $A^\top A$), so more
# events leave the *ratios* unchanged: with 800 or 3200 events instead of 200 the energy singular value
# still stands only about ten times above the noise floor (10.6 and 9.2), below the step of about 30 above
# it. Halving $\sigma$ halves the noise floor and doubles that ratio, from 11 to 23, still short of 30; about
# three times less noise ($\sigma \lesssim 4\times10^{-4}$) is needed before energy is rejected.

# %% [markdown]
# ## Task 4.5: a law you have not seen (compute and reason)
#
# Forty set-ups of a mass $m$ (kg) on a spring of stiffness $k$ (N/m $=$ kg s$^{-2}$), released from
# an amplitude $A$ (m) in a gravitational field $g$ (m s$^{-2}$, on several worlds). The measured
# oscillation period $T$ (s) carries 1 % noise. Which formula gives $T$?

# %%
setups, T = practice_springs()   # setups: a dict of arrays m, k, A, g; T: the periods (s)
print(", ".join(f"{name}: {v.min():.3g} to {v.max():.3g}" for name, v in setups.items()),
      f"| T: {T.min():.3g} to {T.max():.3g} s")

# %% [markdown]
# Search with `D.search_expressions(setups, T, units=..., target_units=...)`, giving the dimension
# of each variable as a dict of base units to exponents (`{"kg": 1, "s": -2}` for $k$). Print the
# Pareto front and set `spring_law` to the SymPy expression of its knee (`front.knee.expression`).
# Before you run it: with four variables in three base dimensions, how many dimensionless groups
# are there, and which variables can a time be built from?

# %%
### BEGIN SOLUTION
units = {"m": {"kg": 1}, "k": {"kg": 1, "s": -2}, "A": {"m": 1}, "g": {"m": 1, "s": -2}}
front = D.search_expressions(setups, T, units=units, target_units={"s": 1})
print(f"{front.n_expressions} expressions built, {front.complexities.size} with the dimension of a time")
for c in front:
    print(f"complexity {c.complexity}: T = {c.constant:.3f} * {c.expression}, error {c.error:.1e}")
spring_law = front.knee.expression
### END SOLUTION
check("ch04-spring-law", spring_law)

# %% [markdown]
# **Going further.** Rerun the search without `units` (use `max_complexity=6` to keep it quick).
# Which formulas does the front offer beyond the knee, and which of them would dimensional
# analysis have forbidden? How does the constant compare with $2\pi$?

# %% [markdown] tags=["solution"]
# *Model answer.* Without units the front is $m$, $\sqrt m$, $1/\sqrt k$, then the knee $\sqrt{m/k}$ (4 nodes,
# error $0.009$, the 1 % noise), then $\sqrt{m/(k - A)}$ at 6 nodes, which lowers the error by about 5 % by
# fitting the noise. The first three have the wrong dimension (a mass, or an inverse square root of a
# stiffness, is not a time), and the last subtracts a length from a stiffness: dimensional analysis
# forbids all but the knee. Its constant is $6.29$, within $0.2\,\%$ of $2\pi = 6.283$, well inside the
# noise. With units, the inputs $m$, $k$, $A$, $g$ in the base dimensions kg, m, s leave $4 - 3 = 1$
# dimensionless group, $mg/(kA)$, and a time can only be $\sqrt{m/k}$ times a function of that group;
# the data pick the function to be a constant.
