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
# (ch-onsager)=
# # Onsager reciprocity as a prior
#
# ```{admonition} At a glance
# :class: tip
# **You will learn to** use a symmetry of the *response* of a system, Onsager's reciprocal
# relations, to estimate it better from noisy data. You will prove by computation that projecting
# onto symmetric matrices never increases the error, predict the average gain $(n+1)/(2n)$ and
# confirm it by Monte Carlo, add the second law (positive semidefiniteness), and apply it to a
# thermoelectric material with its units.
#
# **Prerequisites:** least squares; eigenvalues of symmetric matrices; a first course in
# thermodynamics (fluxes, forces, entropy production).
#
# **Time to run:** about 10 seconds on a laptop CPU. **Practice:** {doc}`../exercises/ch08_practice`.
# ```
#
# Near equilibrium, fluxes respond linearly to the thermodynamic forces that drive them: an
# electric current to a field, a heat current to a temperature gradient, and each also to the
# other. Onsager showed that microscopic time-reversal symmetry makes the matrix of coefficients
# symmetric {cite}`onsager1931reciprocal`. Chapters 6 and 7 built laws into models. Here a law
# enters the *estimator*: we know the answer lies in a smaller set, and projecting onto that set
# can only help.

# %%
import jax
import numpy as np

from physml import onsager as O
from physml.interactives import onsager as figures

# %% [markdown]
# ## Linear response and the two constraints
#
# For $n$ forces $X$ and fluxes $J$,
#
# $$
# J = L X, \qquad L = L^\top \ \ \text{(Onsager)}, \qquad X^\top L X \ge 0 \ \ \text{(second law)},
# $$ (response)
#
# where $X^\top L X$ is the entropy production, which cannot be negative. From $m$ noisy
# measurements $J_k = L X_k + \varepsilon_k$, least squares gives an estimate $\hat W$ that obeys
# neither constraint exactly. Every matrix splits into a symmetric and an antisymmetric part,
# $W = \mathrm{sym}\,W + \mathrm{skew}\,W$ with $\mathrm{sym}\,W = (W + W^\top)/2$, and the two parts are
# orthogonal in the Frobenius inner product $\langle A, B\rangle = \mathrm{tr}(A^\top B)$. Since $L$ is
# symmetric, $\hat W - L = (\mathrm{sym}\,\hat W - L) + \mathrm{skew}\,\hat W$, and Pythagoras gives
#
# $$
# \lVert \hat W - L\rVert_F^2 = \lVert \mathrm{sym}\,\hat W - L\rVert_F^2 + \lVert \mathrm{skew}\,\hat W\rVert_F^2
# \ \ge\ \lVert \mathrm{sym}\,\hat W - L\rVert_F^2 .
# $$ (pythagoras)
#
# The symmetric projection never increases the error, for every data set, not just on average.
# We check {eq}`pythagoras` on 10 000 random cases of several sizes:

# %%
rng = np.random.default_rng(0)
worst_identity, smallest_gain = 0.0, np.inf
for trial in range(10_000):
    n = rng.integers(2, 8)
    L = O.random_response_matrix(n, key=jax.random.key(trial))
    W = L + rng.normal(scale=10.0 ** rng.uniform(-3, 0), size=(n, n))
    S = O.symmetrize(W)
    lhs, sym_err, skew = (np.sum((W - L) ** 2), np.sum((S - L) ** 2), np.sum((0.5 * (W - W.T)) ** 2))
    worst_identity = max(worst_identity, abs(lhs - sym_err - skew) / lhs)
    smallest_gain = min(smallest_gain, lhs - sym_err)
print("largest relative violation of the Pythagoras identity: "
      + ("below 1e-12" if worst_identity < 1e-12 else f"{worst_identity:.0e}"))
print(f"smallest error reduction ‖Ŵ−L‖² − ‖sym Ŵ−L‖² over 10 000 cases: {'≥ 0' if smallest_gain >= 0 else smallest_gain}")

# %% [markdown]
# ## How much it helps on average
#
# The gain is $\lVert\mathrm{skew}\,\hat W\rVert^2$, the part of the error that lives in the
# antisymmetric matrices. With $X_k \sim N(0, I)$ and noise $\varepsilon_k \sim N(0, \sigma^2 I)$, the
# least-squares error has covariance $\mathbb E[E_{ij}E_{kl}] = \sigma^2\delta_{ik}C_{jl}$ with
# $C = (X^\top X)^{-1}$. Summing over pairs, $\mathbb E\lVert E\rVert^2 = \sigma^2 n\,\mathrm{tr}\,C$ and
# $\mathbb E\lVert\mathrm{skew}\,E\rVert^2 = \sigma^2 \tfrac{n-1}{2}\mathrm{tr}\,C$. So on average
#
# $$
# \frac{\mathbb E\lVert\mathrm{sym}\,\hat W - L\rVert^2}{\mathbb E\lVert \hat W - L\rVert^2} = \frac{n+1}{2n},
# $$ (gain)
#
# independent of the noise level and of the number of measurements: $3/4$ of the squared error
# remains for two forces, and just over half for many. Monte Carlo with {func}`physml.onsager.onsager`, which also gives the standard error of the
# ratio: 4000 data sets of $m = 4n$ measurements each at noise $\sigma = 0.3$:

# %%
print(" n   measured ratio      (n+1)/(2n)")
for n in (2, 3, 4, 6, 10):
    L = O.random_response_matrix(n, key=jax.random.key(0))
    run = O.onsager(L, 4 * n, 0.3, n_trials=4000, key=jax.random.key(n))
    print(f"{n:2d}   {run.ratio_sym:.3f} ± {run.ratio_sym_stderr:.3f}     {run.theory:.3f}")

# %% [markdown]
# The measured ratios agree with {eq}`gain` within one or two standard errors.
#
# ## The second law on top
#
# The positive-semidefinite matrices form a convex cone inside the symmetric ones, and it also
# contains $L$. The nearest PSD matrix to $\mathrm{sym}\,\hat W$ keeps its eigenvectors and sets
# negative eigenvalues to zero {cite}`higham1988computing`. Projection onto a closed convex set that contains
# $L$ never moves an estimate away from $L$, so this step cannot hurt either. It helps only when
# the noise is large enough to push an eigenvalue of $\mathrm{sym}\,\hat W$ below zero. We use a
# $3\times3$ response with eigenvalues from 0.05 to 1 and 20 measurements per data set:

# %%
L3 = O.random_response_matrix(3, smallest=0.05, key=jax.random.key(0))
print(" noise   sym/LS   PSD/LS   sym(Ŵ) not PSD")
for noise in (0.01, 0.1, 0.3, 1.0):
    run = O.onsager(L3, 20, noise, n_trials=4000, key=jax.random.key(1))
    r = run.errors                                   # the squared errors of each data set
    assert np.all(r.psd <= r.sym + 1e-12) and np.all(r.sym <= r.ls + 1e-12)
    print(f"{noise:5.2f}   {run.ratio_sym:.3f}    {run.ratio_psd:.3f}    {100 * run.not_psd:3.0f}% of data sets")

# %% [markdown]
# At small noise the PSD step never activates; at large noise it does most of the time and removes
# a further part of the error. In every one of the 16 000 data sets, each projection reduced the
# error or left it unchanged (the `assert` above).
#
# ## A physical example: a thermoelectric
#
# In a thermoelectric the two fluxes are the charge current density $j$ (A/m²) and the heat current
# density $q$ (W/m²). With the forces $X = (E/T,\ -\nabla T/T^2)$, whose product with the fluxes is
# the entropy production,
#
# $$
# \begin{pmatrix} j \\ q \end{pmatrix} = \begin{pmatrix} \sigma T & \sigma S T^2 \\ \Pi\sigma T & (\kappa + \sigma S\Pi)T^2 \end{pmatrix}
# \begin{pmatrix} E/T \\ -\nabla T/T^2 \end{pmatrix},
# $$ (thermoelectric)
#
# with electrical conductivity $\sigma$, Seebeck coefficient $S$, Peltier coefficient $\Pi$ and
# thermal conductivity $\kappa$. Onsager symmetry is Kelvin's relation $\Pi = ST$. The entries have
# different units, so we estimate in scaled variables, $\tilde L = DLD$ with
# $D = \mathrm{diag}(L_{11}, L_{22})^{-1/2}$. A diagonal scaling keeps symmetry and
# positive-semidefiniteness, and symmetrising commutes with it. In these units the off-diagonal
# entry is $\sqrt{ZT/(1+ZT)}$, where $ZT = S^2\sigma T/\kappa$ is the figure of merit. Bismuth
# telluride at room temperature has $\sigma \approx 10^5$ S/m, $S \approx 200\ \mu$V/K and
# $\kappa \approx 1.5$ W/(m·K), so $ZT \approx 0.8$.

# %%
T = 300.0
L_te = O.thermoelectric_response(sigma=1.0e5, seebeck=2.0e-4, kappa=1.5, T=T)
D = np.diag(1 / np.sqrt(np.diag(L_te)))
L_scaled = D @ L_te @ D
print(f"L₁₁ = σT = {L_te[0, 0]:.2e} S·K/m,  L₁₂ = L₂₁ = σST² = {L_te[0, 1]:.2e} A·K/m,  "
      f"L₂₂ = (κ + σS²T)T² = {L_te[1, 1]:.2e} W·K/m")
print(f"scaled coupling {L_scaled[0, 1]:.4f} = √(ZT/(1+ZT)) = {np.sqrt(0.8 / 1.8):.4f}")

def material(W):
    """σ (S/m), S (µV/K), Π/T (µV/K) and ZT read off a response matrix in physical units."""
    sigma = W[0, 0] / T
    S, Pi = W[0, 1] / (sigma * T ** 2), W[1, 0] / (sigma * T)
    kappa = W[1, 1] / T ** 2 - sigma * S * Pi
    return sigma, 1e6 * S, 1e6 * Pi / T, S ** 2 * sigma * T / kappa

data = O.simulate_response(L_scaled, n_samples=12, noise=0.05, key=jax.random.key(3))
W_ls = O.least_squares_response(data.X, data.J)
Dinv = np.linalg.inv(D)
print("             σ (S/m)    S (µV/K)   Π/T (µV/K)   ZT")
for name, W in (("true", L_scaled), ("least sq.", W_ls), ("symmetric", O.symmetrize(W_ls)), ("PSD", O.project_psd(W_ls))):
    s, S_, P_, zt = material(Dinv @ W @ Dinv)
    print(f"{name:>10}  {s:9.3e}   {S_:7.1f}     {P_:7.1f}    {zt:.3f}")

# %% [markdown]
# Least squares gives two different values of the Seebeck coefficient, $S$ from the charge
# current and $\Pi/T$ from the heat current. The symmetric estimate averages them, which is
# exactly Kelvin's relation imposed. Over many repetitions of this experiment the squared
# error falls by the factor $3/4$ of {eq}`gain`, here in the scaled units:

# %%
run = O.onsager(L_scaled, 12, 0.05, n_trials=4000, key=jax.random.key(4))
print(f"thermoelectric, 12 measurements, 5% noise: sym/LS = {run.ratio_sym:.3f} (theory {run.theory:.3f}); "
      f"PSD/LS = {run.ratio_psd:.3f}; sym(Ŵ) not PSD in {100 * run.not_psd:.0f}% of data sets")

# %% [markdown]
# The thermoelectric's $\tilde L$ is far from singular (its eigenvalues are $1 \pm 0.667$), so the
# second-law step never activates here. It matters for strongly coupled materials with $ZT \gg 1$,
# whose smallest eigenvalue $1 - \sqrt{ZT/(1+ZT)}$ approaches zero.
#
# ## Explore: noise and number of measurements
#
# Each point is one data set: its least-squares error against the error after projection. The
# dashed line is the average ratio {eq}`gain`. Move the noise: the cloud slides along the
# diagonal, but its height relative to the dashed line does not change. The PSD projection (red
# crosses) drops below the cloud only when the noise is large. In JupyterLab you can also change
# the number of measurements.

# %%
explorer = figures.onsager()
explorer.static()

# %% tags=["remove-output"]
explorer.live()

# %% [markdown]
# ## What to remember
#
# - Onsager reciprocity ($L = L^\top$) and the second law ($L \succeq 0$) restrict the response
#   matrix to a convex set. Projecting an unconstrained estimate onto a convex set containing the truth
#   never increases the error, in every single data set.
# - Symmetric and antisymmetric matrices are orthogonal, so the gain is exactly the antisymmetric
#   part of the estimate, on average a fraction $(n-1)/(2n)$ of the squared error, whatever the
#   noise and the number of measurements.
# - The positive-semidefinite projection helps only when noise pushes an eigenvalue below zero.
# - In a thermoelectric, Onsager symmetry is Kelvin's relation $\Pi = ST$; estimate in scaled,
#   dimensionless units, where the coupling is $\sqrt{ZT/(1+ZT)}$.
#
# **Practice:** {doc}`../exercises/ch08_practice`: write the symmetric estimator and measure its
# gain with a slider.
#
# ```{bibliography}
# :filter: docname in docnames
# ```
