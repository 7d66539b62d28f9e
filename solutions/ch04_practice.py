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
# # Practice 4: automated discovery from data
#
# Practice for {ref}`ch-discovery`. Five tasks; after each, run the `check(...)` cell.
# Replace each `...` below `# YOUR CODE HERE`.

# %%
import jax
import numpy as np
import scipy.constants

from physml import discovery as D
from physml.checks import check
from physml.checks.discovery import practice_springs
from physml.interactives import discovery as figures

# %% [markdown]
# ## Task 4.1: a power law, by eye and then by fit
#
# Seven moons of Saturn, with semi-major axes in kilometres and periods in days (JPL):

# %%
moons = D.load_orbits("saturn_moons")
for name, a, P in zip(moons.names, moons.a, moons.P):
    print(f"{name:10s} a = {a:9.0f} km   P = {P:7.3f} d")

# %% [markdown]
# Before fitting anything, move the slider. For each candidate exponent $n$ it draws $P = C a^n$
# with the best constant for that $n$, and the residuals on the right. Which $n$ flattens them?

# %%
figures.power_law(moons.a, moons.P, labels=("a (km)", "P (days)")).live(exponent=1.0)


# %% [markdown]
# Now write `my_power_law_fit(x, y)`, returning the pair `(exponent, constant)` of the
# least-squares fit of $\ln y = \ln C + n \ln x$. Do not use `D.fit_power_law`; `np.polyfit` is
# allowed.

# %%
def my_power_law_fit(x, y):
    ### BEGIN SOLUTION
    slope, intercept = np.polyfit(np.log(x), np.log(y), 1)
    return slope, np.exp(intercept)
    ### END SOLUTION


# %%
check("ch04-power-law", my_power_law_fit)

# %% [markdown]
# ## Task 4.2: weigh Saturn
#
# Kepler's third law in Newton's form is $P^2 = 4\pi^2 a^3/(GM)$. Fit $P = C a^{3/2}$ with the
# exponent fixed (`D.fit_power_law(x, y, exponent=1.5)`), in SI units (`moons.a_unit_m` and
# `moons.P_unit_s` convert), and compute Saturn's mass in kilograms as `saturn_mass`
# (`scipy.constants.G`).

# %%
### BEGIN SOLUTION
print(f"fitted exponent: {my_power_law_fit(moons.a, moons.P)[0]:.4f}")
fit = D.fit_power_law(moons.a * moons.a_unit_m, moons.P * moons.P_unit_s, exponent=1.5)
GM = 4 * np.pi**2 / fit.constant**2
saturn_mass = GM / scipy.constants.G
print(f"M_Saturn = {saturn_mass:.4e} kg")
### END SOLUTION
check("ch04-saturn-mass", saturn_mass)

# %% [markdown]
# ## Task 4.3: the matrix of feature changes
#
# A new data set: three bodies colliding in the plane, 300 events. `masses` has shape
# `(events, 3)`, the velocities `(events, 3, 2)`.

# %%
col = D.simulate_collisions(300, n_bodies=3, dim=2, restitution=0.8, key=jax.random.key(44))
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
# ## Task 4.4: the conserved quantities
#
# Use your $A$ with `D.null_space` (look at the singular values and the gap) and
# `D.conservation_laws`. Give `laws`, a list of coefficient vectors with one entry per feature:
# independent, conserved and sparse. What does the gap tell you about this data set?

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
# **Going further.** Add noise (`noise=1e-3`, then `1e-2`) and rerun task 4.4. Then make the
# collisions nearly elastic (`restitution=0.99`) at `noise=1e-3`: which law appears, and why can
# you not trust it?

# %% [markdown]
# ## Task 4.5: a law you have not seen
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
