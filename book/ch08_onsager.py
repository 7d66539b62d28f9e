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
# onto symmetric matrices never increases the error, derive the average gain, $(n+1)/(2n)$ when
# the noise is isotropic, and confirm it by Monte Carlo; add the second law (positive
# semidefiniteness); apply it to a thermoelectric material with its units; see the gain change
# when noise and forces are both anisotropic; and see symmetrising go wrong in a magnetic field,
# where the right prior is the Onsager–Casimir relation $L(B) = L(-B)^\top$.
#
# **Prerequisites:** least squares; eigenvalues of symmetric matrices; a first course in
# thermodynamics (fluxes, forces, entropy production); the Lorentz force.
#
# **Time to run:** about 15 seconds on a laptop CPU. **Practice:** {doc}`../exercises/ch08_practice`.
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
import matplotlib.pyplot as plt
import numpy as np

from physml import onsager as O
from physml.interactives import onsager as figures
from physml.style import COLORS

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
print("smallest error reduction ‖Ŵ−L‖² − ‖sym Ŵ−L‖² over 10 000 cases: "
      + ("≥ 0" if smallest_gain >= 0 else f"{smallest_gain}"))

# %% [markdown]
# ## How much it helps on average
#
# The gain is $\lVert\mathrm{skew}\,\hat W\rVert^2$, the part of the error $E = \hat W - L$ that lives in
# the antisymmetric matrices. How large that part is depends on how the error spreads over the
# $n^2$ entries, so we need a model of the noise. Write the $m$ forces as the rows of an
# $m\times n$ matrix $X$ and the noise vectors $\varepsilon_k$ as the rows of $N$; let them be
# independent from one measurement to the next, with mean zero and covariance $\sigma^2\Sigma_\varepsilon$
# between the flux components. Least squares gives $\hat W^\top = C X^\top J$ with
# $C = (X^\top X)^{-1}$, so the error $E = N^\top X C$ is linear in the noise, and for a given design $X$
#
# $$
# \mathbb E[E_{ij}E_{kl}] = \sigma^2 (\Sigma_\varepsilon)_{ik}\, C_{jl}.
# $$ (errcov)
#
# Row $i$ of the error inherits the noise of flux $i$; column $j$ is large when force $j$ was
# varied little (large $C_{jj}$). Summing {eq}`errcov` over the entries,
# $\mathbb E\lVert E\rVert^2 = \sigma^2\,\mathrm{tr}\,\Sigma_\varepsilon\,\mathrm{tr}\,C$ and
# $\mathbb E\lVert\mathrm{skew}\,E\rVert^2 = \tfrac14\sum_{ij}\mathbb E(E_{ij}-E_{ji})^2
# = \tfrac{\sigma^2}{2}\bigl(\mathrm{tr}\,\Sigma_\varepsilon\,\mathrm{tr}\,C - \mathrm{tr}(\Sigma_\varepsilon C)\bigr)$.
# The fraction of the squared error that remains after symmetrising is therefore
#
# $$
# \frac{\mathbb E\lVert\mathrm{sym}\,\hat W - L\rVert^2}{\mathbb E\lVert \hat W - L\rVert^2}
# = \frac12\left(1 + \frac{\mathrm{tr}(\Sigma_\varepsilon C)}{\mathrm{tr}\,\Sigma_\varepsilon\ \mathrm{tr}\,C}\right).
# $$ (gain-general)
#
# For two positive-semidefinite matrices
# $0 \le \mathrm{tr}(\Sigma_\varepsilon C) \le \mathrm{tr}\,\Sigma_\varepsilon\,\mathrm{tr}\,C$, so the fraction
# lies between $\tfrac12$ and $1$. When the forces are drawn at random with covariance $\Sigma_X$,
# the mean of $C$ is $\Sigma_X^{-1}/(m-n-1)$, and since both traces are linear in $C$, $C$ in
# {eq}`gain-general` may be replaced by $\Sigma_X^{-1}$ for the average over designs.
#
# **The isotropic-noise assumption.** If every flux is measured with the same precision and
# independently of the others, $\Sigma_\varepsilon = I$, then $\mathrm{tr}(\Sigma_\varepsilon C) = \mathrm{tr}\,C$ and
#
# $$
# \frac{\mathbb E\lVert\mathrm{sym}\,\hat W - L\rVert^2}{\mathbb E\lVert \hat W - L\rVert^2} = \frac{n+1}{2n},
# $$ (gain)
#
# independent of the noise level, of the number of measurements and even of the design $X$. The
# average over designs is the same when the noise is anisotropic but the forces are isotropic
# ($\Sigma_X \propto I$). For independent entries of equal variance the number is a count of
# dimensions: the symmetric matrices form a subspace of dimension $n(n+1)/2$, the antisymmetric ones
# of dimension $n(n-1)/2$, and an error spread evenly over all $n^2$ directions leaves the fraction
# $n(n+1)/(2n^2)$ in the first. Isotropic noise is enough even when the design makes the variances
# unequal: by {eq}`errcov` with $\Sigma_\varepsilon = I$, $E_{ij}$ and $E_{ji}$ are uncorrelated for
# $i \ne j$, so each off-diagonal pair splits its variance equally between the two parts, while the
# diagonal, wholly symmetric, carries $\sigma^2\sum_i C_{ii} = \sigma^2\mathrm{tr}\,C$, the fraction $1/n$ of the total,
# and $\tfrac12(1 + 1/n) = (n+1)/(2n)$. So $3/4$ of the squared error remains for two forces, and
# just over half for many. Monte Carlo
# with {func}`physml.onsager.onsager`, which also gives the standard error of the ratio: 4000 data
# sets of $m = 4n$ measurements each, forces $X_k \sim N(0, I)$, isotropic noise of level $\sigma = 0.3$:

# %%
print(" n   measured ratio      (n+1)/(2n)")
for n in (2, 3, 4, 6, 10):
    L = O.random_response_matrix(n, key=jax.random.key(0))
    run = O.onsager(L, 4 * n, 0.3, n_trials=4000, key=jax.random.key(n))
    print(f"{n:2d}   {run.ratio_sym:.3f} ± {run.ratio_sym_stderr:.3f}     {run.theory:.3f}")

# %% [markdown]
# The measured ratios agree with {eq}`gain` within two standard errors.
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
# \begin{pmatrix} j \\ q \end{pmatrix} =
# \begin{pmatrix} \sigma T & \sigma S T^2 \\ \Pi\sigma T & (\kappa + \sigma S\Pi)T^2 \end{pmatrix}
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
for name, W in (("true", L_scaled), ("least sq.", W_ls), ("symmetric", O.symmetrize(W_ls)),
                ("PSD", O.project_psd(W_ls))):
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
# ## When the noise is not isotropic
#
# Formula {eq}`gain-general` says that an anisotropic noise alone, or an uneven design alone, leaves
# the gain at $(n+1)/(2n)$; the two together move it. A heat current is much harder to measure than
# a charge current: say the heat meter's noise is ten times larger in the scaled units,
# $\Sigma_\varepsilon = \mathrm{diag}(1, 100)$. And a sample may take only small temperature gradients,
# $\Sigma_X = \mathrm{diag}(1, 0.01)$. Then {eq}`errcov` puts almost all the error into $\tilde L_{22}$
# (noisy flux $q$, little-varied force $-\nabla T/T^2$), a diagonal entry that symmetry leaves alone:
# with $\Sigma_X^{-1} = \mathrm{diag}(1, 100)$ the fraction goes to $\tfrac12\bigl(1 + (1 + 10^4)/101^2\bigr) = 0.99$,
# and symmetrising gains almost nothing. If
# instead the electric field is the little-varied force, the error sits in $\tilde L_{21}$, the
# Peltier entry, which Kelvin's relation averages with the well-measured Seebeck entry
# $\tilde L_{12}$: the fraction drops to $\tfrac12(1 + 200/101^2) = 0.51$. The same thermoelectric,
# 12 measurements, 4000 data sets per line:

# %%
designs = [("isotropic noise and forces", np.eye(2), np.eye(2)),
           ("noisy heat meter", np.eye(2), np.diag([1.0, 100.0])),
           ("small temperature gradients", np.diag([1.0, 0.01]), np.eye(2)),
           ("both: error in L22", np.diag([1.0, 0.01]), np.diag([1.0, 100.0])),
           ("noisy heat meter, small fields: error in L21", np.diag([0.01, 1.0]), np.diag([1.0, 100.0]))]
print(f"{'':46s} sym/LS measured  eq. (gain-general)    |measured − theory| < 2 s.e.")
for name, force_cov, noise_cov in designs:
    run = O.onsager(L_scaled, 12, 0.05, n_trials=4000, key=jax.random.key(5), force_cov=force_cov,
                    noise_cov=noise_cov)
    within = abs(run.ratio_sym - run.theory) < 2 * run.ratio_sym_stderr
    print(f"{name:46s} {run.ratio_sym:.3f} ± {run.ratio_sym_stderr:<6.1g}   {run.theory:.3f}"
          f"                 {within}")

# %% [markdown]
# Each measured ratio agrees with {eq}`gain-general` within two standard errors (s.e.), as the last
# column checks on the unrounded numbers. On the last two lines the standard error, 0.0003, is below
# the printed precision, so 0.509 against 0.510 is not a gap of three standard errors: before
# rounding, the two differ by less than two. The lesson for an
# experiment: the symmetric prior pays off most when the worst-measured coefficient is off the
# diagonal and its transpose partner is measured well, and it gains nothing on a badly measured
# diagonal coefficient. Symmetrising still never hurts, in
# every data set, because the Pythagoras identity {eq}`pythagoras` holds whatever the noise.
#
# ## In a magnetic field: Onsager–Casimir
#
# Onsager's symmetry comes from the time-reversal invariance of the microscopic dynamics. A
# magnetic field breaks it: reversing time reverses the charges' velocities and also the currents
# that produce $\mathbf B$. The reciprocal relation then links the response in the field $\mathbf B$
# to the response in the reversed field {cite}`onsager1931reciprocal,casimir1945onsager`,
#
# $$
# L_{ij}(\mathbf B) = L_{ji}(-\mathbf B), \qquad L(\mathbf B) = L(-\mathbf B)^\top,
# $$ (casimir)
#
# so $L(\mathbf B)$ itself need not be symmetric: its symmetric part is even in $\mathbf B$, its
# antisymmetric part odd. The Hall effect is the standard example. In the Drude model, carriers of
# charge $q$, mass $m^*$ and collision time $\tau$ reach the drift velocity set by
# $m^*\mathbf v/\tau = q(\mathbf E + \mathbf v\times\mathbf B)$. With the (signed) mobility
# $\mu = q\tau/m^*$, the carrier density $n_c$ and $\mathbf B = B\hat z$, solving for the current
# density $\mathbf j = n_c q\mathbf v$ gives
#
# $$
# \sigma(B) = \frac{\sigma_0}{1+\beta^2}\begin{pmatrix} 1 & \beta & 0\\ -\beta & 1 & 0\\ 0 & 0 & 1+\beta^2\end{pmatrix},
# \qquad \beta = \mu B,
# $$ (drude)
#
# where $\sigma_0 = n_c q\mu$ is the zero-field conductivity and $\beta$ the tangent of the Hall angle
# ({func}`physml.onsager.drude_conductivity`). The Hall part $\pm\beta$ is antisymmetric and odd in
# $B$, as {eq}`casimir` demands. For electrons in silicon at room temperature,
# $\mu \approx -0.14$ m²/(V·s), in a field of 0.7 T, $\beta \approx -0.1$. In units of $\sigma_0$
# (the forces $\mathbf E/T$ only add a factor $T$):

# %%
L_hall = O.drude_conductivity(1.0, -0.14, 0.7)          # σ(B)/σ₀
print(np.round(L_hall, 4))
print("σ(−B) = σ(B)ᵀ:", np.allclose(O.drude_conductivity(1.0, -0.14, -0.7), L_hall.T),
      f";  ‖skew L‖² = {np.sum((0.5 * (L_hall - L_hall.T)) ** 2):.4f}")

# %% [markdown]
# Symmetrising is now the wrong prior. Since $\mathrm{sym}\,\hat W - L = \mathrm{sym}\,E - \mathrm{skew}\,L$
# and the two parts are orthogonal,
#
# $$
# \lVert\mathrm{sym}\,\hat W - L\rVert^2 = \lVert\mathrm{sym}\,E\rVert^2 + \lVert\mathrm{skew}\,L\rVert^2,
# \qquad
# \mathbb E\lVert\mathrm{sym}\,\hat W - L\rVert^2
#   = \frac{n+1}{2n}\,\mathbb E\lVert E\rVert^2 + \lVert\mathrm{skew}\,L\rVert^2
# $$ (bias)
#
# (the second form for isotropic noise). The first term falls like $1/m$ with the number of
# measurements; the second is a bias that no amount of data removes. Symmetrising helps only while
# the least-squares error is large, $\mathbb E\lVert E\rVert^2 > \frac{2n}{n-1}\lVert\mathrm{skew}\,L\rVert^2$.
#
# The right prior is {eq}`casimir` itself. Measure at $+\mathbf B$ and at $-\mathbf B$, $m$ times each,
# and fit both by least squares. The pair $(L(\mathbf B), L(-\mathbf B))$ lies in the subspace of pairs
# $(M, M^\top)$, and the orthogonal projection of $(\hat W(\mathbf B), \hat W(-\mathbf B))$ onto it is
# $M = \tfrac12\bigl(\hat W(\mathbf B) + \hat W(-\mathbf B)^\top\bigr)$. As before, projecting onto a set
# that contains the truth never moves the pair away from it, and there is no bias. The subspace
# has half the dimension of the space of pairs; with independent errors $E_\pm$ at the two fields,
# $\mathbb E\lVert M - L\rVert^2 = \tfrac14(\mathbb E\lVert E_+\rVert^2 + \mathbb E\lVert E_-\rVert^2)
# = \tfrac12\,\mathbb E\lVert E_+\rVert^2$,
# for any noise. Put plainly, the relation turns every measurement at $-\mathbf B$ into a measurement
# of $L(\mathbf B)$. {func}`physml.onsager.casimir` runs the three estimators on 1000 pairs of data
# sets, noise $\sigma = 0.3$, for a growing number of measurements per field:

# %%
print("    m    least sq.   symmetrised   eq. (bias)   pooled ±B   pooled/LS")
casimir_runs = [O.casimir(L_hall, m, 0.3, n_trials=1000, key=jax.random.key(m)) for m in (10, 30, 100, 300, 1000)]
for c in casimir_runs:
    print(f"{c.n_samples:5d}   {c.mean_ls:.2e}    {c.mean_sym:.2e}     {2 / 3 * c.mean_ls + c.bias:.2e}     "
          f"{c.mean_pooled:.2e}    {c.ratio_pooled:.3f} ± {c.ratio_pooled_stderr:.3f}")

fig, ax = plt.subplots(figsize=(6.4, 3.8))
m_values = [c.n_samples for c in casimir_runs]
ax.loglog(m_values, [c.mean_ls for c in casimir_runs], "o-", color=COLORS["blue"], label="least squares at +B")
ax.loglog(m_values, [c.mean_sym for c in casimir_runs], "s-", color=COLORS["vermillion"],
          label="symmetrised (wrong prior)")
ax.loglog(m_values, [c.mean_pooled for c in casimir_runs], "^-", color=COLORS["green"],
          label="pooled ½(Ŵ(B) + Ŵ(−B)ᵀ)")
ax.axhline(casimir_runs[0].bias, color=COLORS["grey"], ls="--", label="‖skew L‖², the bias")
ax.set(xlabel="measurements per field m", ylabel="mean squared error ‖· − L‖²")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# The figure shows the three mean squared errors against the number of measurements per field. The
# symmetrised estimate (squares) starts below least squares (circles), since at ten measurements the noise
# it removes outweighs the bias. It crosses above between ten and thirty measurements, where the
# least-squares error falls below $3\lVert\mathrm{skew}\,L\rVert^2 = 0.057$ (the condition after
# {eq}`bias`, with $n = 3$), and then levels off at the dashed line, the Hall part
# $\lVert\mathrm{skew}\,L\rVert^2 = 2\beta^2/(1+\beta^2)^2$ that it wrongly throws away. Least
# squares and the pooled estimate keep falling like $1/m$, and the pooled one (triangles) stays a
# factor $\tfrac12$ below least squares at every $m$, within one or two standard errors of the Monte
# Carlo. The column "eq. (bias)" confirms {eq}`bias`. A symmetry used as a prior must be the right
# one: in a field, the prior is the relation between $+\mathbf B$ and $-\mathbf B$, not the symmetry
# of $L$.
#
# ## Explore: noise and number of measurements
#
# Each point is one data set (200 of the 4000 behind the ratios in the status line, fewer above
# four forces to keep the redraw quick): its
# least-squares error against the error after projection, for isotropic noise. The dashed line is
# the average ratio {eq}`gain`. Move the noise: the cloud slides along the
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
#   part of the estimate. With isotropic noise it is on average a fraction $(n-1)/(2n)$ of the
#   squared error, whatever the noise level, the design and the number of measurements; with
#   anisotropic noise and forces the remaining fraction is {eq}`gain-general`, anywhere from
#   $\tfrac12$ to $1$.
# - The positive-semidefinite projection helps only when noise pushes an eigenvalue below zero.
# - In a thermoelectric, Onsager symmetry is Kelvin's relation $\Pi = ST$; estimate in scaled,
#   dimensionless units, where the coupling is $\sqrt{ZT/(1+ZT)}$.
# - In a magnetic field the relation is Onsager–Casimir's, $L(\mathbf B) = L(-\mathbf B)^\top$.
#   Symmetrising then leaves a bias $\lVert\mathrm{skew}\,L\rVert^2$ that data never remove; pooling
#   the fits at $\pm\mathbf B$ as $\tfrac12(\hat W(\mathbf B) + \hat W(-\mathbf B)^\top)$ is unbiased and halves
#   the error.
#
# **Practice:** {doc}`../exercises/ch08_practice`: write the symmetric estimator and measure its
# gain with a slider.
#
# ```{bibliography}
# :filter: docname in docnames
# ```
