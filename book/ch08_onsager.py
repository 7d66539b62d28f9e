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
# (ch-onsager)=
# # Onsager reciprocity as a prior
#
# ```{admonition} At a glance
# :class: tip
# **You will learn to** use a symmetry of the *response* of a system, Onsager's reciprocal
# relations, to estimate it better from noisy data. You will derive why projecting onto symmetric
# matrices never increases the error and check it on 10 000 cases; derive the average gain,
# $(n+1)/(2n)$ when the noise is isotropic, and confirm it by Monte Carlo; add the second law
# (positive semidefiniteness); apply both to a thermoelectric material with its units, where the
# symmetry is Kelvin's relation $\Pi = ST$; see the gain change when noise and forces are both
# anisotropic; and see symmetrising go wrong in a magnetic field, where the right prior is the
# Onsager–Casimir relation $L(B) = L(-B)^\top$.
#
# **Prerequisites:** least squares; eigenvalues of symmetric matrices; a first course in
# thermodynamics (fluxes, forces, entropy production); the Lorentz force. No machine learning
# beyond the idea of fitting a model by minimising a loss ({ref}`primer-loss`).
#
# **Time to read:** about 40 minutes. **Time to run:** about 10 seconds on a 2-core laptop CPU. **Practice:** [Practice 8: Onsager reciprocity as a prior](../exercises/ch08_practice.ipynb).
# ```
#
# Push a system slightly out of equilibrium and it responds: a voltage across a wire drives an
# electric current, a temperature difference drives a heat current, a concentration difference
# drives diffusion. Each *flux* answers to its own *force*, and often to the others too. A
# temperature difference across a semiconductor also drives a charge current (the Seebeck effect,
# used in thermocouples); a charge current also carries heat (the Peltier effect, used in
# solid-state coolers). Near equilibrium the response is linear, and a matrix of *transport
# coefficients* $L$ collects all of it. Measuring that matrix is the daily work of materials
# science, and every measurement is noisy.
#
# Onsager showed in 1931 that the time-reversal symmetry of the microscopic laws of motion makes
# $L$ symmetric: the coefficient by which force $j$ drives flux $i$ equals the one by which force
# $i$ drives flux $j$ {cite}`ch08-onsager1931reciprocal,ch08-onsager1931reciprocalII`. That is a statement
# about every material, known before any measurement. In the language of machine learning it is a
# *prior*: knowledge that restricts the set of models a fit may return. Chapters 6 and 7 built laws
# into models (a Hamiltonian, a symplectic map). Here a law enters the *estimator*, the rule that
# turns data into an estimate: we know the answer lies in a smaller set, and we will prove that
# moving a noisy estimate into that set can only bring it closer to the truth — and measure by how
# much. The last part of the chapter shows the flip side: a prior that is slightly wrong (symmetry
# in a magnetic field) leaves an error that
# no amount of data removes.

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

from physml import onsager as O
from physml.interactives import onsager as figures
from physml.style import COLORS

# %% [markdown]
# ## Linear response and the two constraints
#
# Describe a system near equilibrium by $n$ variables that measure how far it is from equilibrium,
# for instance the excess charge and energy on one side of a sample. The *fluxes* $J_i$ are their
# rates of change (currents); the *forces* $X_i$ are what drives them (gradients of potential or of
# temperature), chosen so that the rate at which entropy is produced, per unit time and volume, is
#
# $$
# \dot s = \sum_i J_i X_i = J^\top X .
# $$ (entropy-production)
#
# This choice makes forces and fluxes *conjugate*: for heat flow alone the force is $-\nabla T/T^2$
# and $\dot s = j_Q\cdot(-\nabla T)/T^2$. Near equilibrium each flux is a linear function of all
# the forces, and two laws of physics restrict the matrix,
#
# $$
# J = L X, \qquad L = L^\top \ \ \text{(Onsager)}, \qquad X^\top L X \ge 0 \ \ \text{(second law)}.
# $$ (response)
#
# The diagonal entries of $L$ are the familiar conductivities (electrical, thermal, diffusive); the
# off-diagonal ones are the *cross effects*. The second law says that the entropy production
# $\dot s = X^\top L X$ cannot be negative, whatever forces the experimenter applies; in the language
# of linear algebra, $L$ is *positive semidefinite*, written $L \succeq 0$: all its eigenvalues are
# $\ge 0$.
#
# :::{admonition} Derivation: the second law makes $L$ positive semidefinite
# :class: dropdown
# Insert $J = LX$ into {eq}`entropy-production`: $\dot s = X^\top L X$. Split $L$ into its symmetric
# part $\mathrm{sym}\,L = (L + L^\top)/2$ and antisymmetric part $\mathrm{skew}\,L = (L - L^\top)/2$.
# The number $X^\top(\mathrm{skew}\,L)X$ equals its own transpose $X^\top(\mathrm{skew}\,L)^\top X
# = -X^\top(\mathrm{skew}\,L)X$, so it is zero, and
#
# $$
# \dot s = X^\top(\mathrm{sym}\,L)X \ \ge 0 \quad\text{for every } X .
# $$
#
# Write $\mathrm{sym}\,L = \sum_k \lambda_k v_k v_k^\top$ with orthonormal eigenvectors $v_k$. The
# choice $X = v_k$ gives $\dot s = \lambda_k$, so every eigenvalue must be $\ge 0$; conversely, if
# all are, $\dot s = \sum_k \lambda_k (v_k^\top X)^2 \ge 0$. The second law alone therefore
# constrains only $\mathrm{sym}\,L$. Combined with Onsager's $L = \mathrm{sym}\,L$, it says
# $L \succeq 0$.
# :::
#
# :::{admonition} Derivation sketch: Onsager's reciprocity from microscopic reversibility
# :class: dropdown
# Let $\alpha$ be the $n$ variables' deviations from equilibrium, $J = \dot\alpha$. Near equilibrium
# the entropy is $\mathcal S = \mathcal S_0 - \tfrac12\alpha^\top G\alpha$ with $G$ positive definite, and the forces
# are $X = \partial\mathcal S/\partial\alpha = -G\alpha$, so that $\dot{\mathcal S} = X^\top J$ as in
# {eq}`entropy-production`. Einstein's formula for equilibrium fluctuations (probability
# $\propto e^{\Delta\mathcal S/k_B}$) makes $\alpha$ Gaussian with $\langle\alpha\alpha^\top\rangle = k_B
# G^{-1}$, hence $\langle \alpha_i X_k\rangle = -k_B\delta_{ik}$.
#
# 1. *Microscopic reversibility.* The microscopic dynamics is invariant under reversing all
#    velocities, and these $\alpha$ are even under that reversal (energies, charges, not
#    momenta). So in equilibrium a fluctuation and its time-reverse are equally likely:
#    $\langle\alpha_i(0)\alpha_j(t)\rangle = \langle\alpha_i(t)\alpha_j(0)\rangle$.
# 2. *Regression hypothesis (the step we take without proof).* A spontaneous fluctuation, averaged
#    over all microstates that share the value $\alpha(0)$, decays as the macroscopic law says:
#    $\langle\alpha(t)\mid\alpha(0)\rangle \approx \alpha(0) + t\, L X(0)$ for a time $t$ long
#    compared with collision times and short compared with the relaxation.
# 3. Multiply by $\alpha_i(0)$ and average: $\langle\alpha_i(0)\alpha_j(t)\rangle = \langle\alpha_i
#    \alpha_j\rangle + t\sum_k L_{jk}\langle\alpha_i X_k\rangle = \langle\alpha_i\alpha_j\rangle -
#    t\, k_B L_{ji}$. Exchanging $i$ and $j$ gives $\langle\alpha_i(t)\alpha_j(0)\rangle =
#    \langle\alpha_i\alpha_j\rangle - t\, k_B L_{ij}$. Step 1 makes the two equal: $L_{ij} = L_{ji}$.
#
# Onsager {cite}`ch08-onsager1931reciprocal,ch08-onsager1931reciprocalII` postulated step 2. It was justified
# later by the fluctuation–dissipation theorem of linear-response theory {cite}`ch08-callen1951irreversibility`,
# which we do not derive. Variables that are odd under time reversal, or a magnetic field, change
# step 1; we return to that at the end of the chapter.
# :::
#
# :::{admonition} Checkpoint
# :class: tip
# The second law says $X^\top L X \ge 0$. Could a response matrix with a large antisymmetric part,
# say $L = \begin{pmatrix}1 & 5\\ -5 & 1\end{pmatrix}$, obey the second law? What does your answer
# tell you about where Onsager's relation comes from?
#
# ```{dropdown} Answer
# Yes. Its antisymmetric part produces no entropy ($X^\top(\mathrm{skew}\,L)X = 0$), and
# $X^\top L X = X_1^2 + X_2^2 \ge 0$. Thermodynamics alone cannot forbid such a matrix; the symmetry
# $L = L^\top$ is new information, and it comes from the microscopic dynamics (time reversal), not
# from the second law.
# ```
# :::
#
# ## Estimating $L$ from noisy data
#
# An experiment applies $m$ sets of forces $X_1,\dots,X_m$ and records the fluxes,
# $J_k = L X_k + \varepsilon_k$, where $\varepsilon_k$ is measurement noise. Stack the measurements
# as rows: $X$ is the $m\times n$ matrix whose row $k$ is $X_k^\top$, and likewise $J$. (So $X$ and
# $J$ name single force and flux vectors in {eq}`response`, as in $X^\top LX$, and the stacked data
# matrices from here on, as in $X^\top X$; the context says which.) The set of forces applied, the
# matrix $X$, is called the *design* of the experiment. The *least-squares estimate* $\hat W$ is the
# matrix that minimises the squared misfit
# $\sum_k\lVert J_k - W X_k\rVert^2 = \lVert J - X W^\top\rVert_F^2$ (the loss of
# {ref}`primer-loss`, here with a closed-form minimiser). Its gradient with respect to $W^\top$ is
# $-2X^\top(J - XW^\top)$; setting it to zero gives the *normal equations*,
#
# $$
# (X^\top X)\,\hat W^\top = X^\top J, \qquad \hat W^\top = C X^\top J, \quad C = (X^\top X)^{-1},
# $$ (least-squares)
#
# which need $m\ge n$ measurements whose forces span all $n$ directions. Noise makes $\hat W$
# neither symmetric nor, in general, positive semidefinite. The two constraints suggest two
# corrections: replace $\hat W$ by the nearest symmetric matrix, and then by the nearest positive-
# semidefinite one. "Nearest" is in the *Frobenius norm* $\lVert A\rVert_F^2 = \sum_{ij}A_{ij}^2
# = \mathrm{tr}(A^\top A)$, the norm that comes from the inner product
# $\langle A, M\rangle = \mathrm{tr}(A^\top M) = \sum_{ij} A_{ij}M_{ij}$ (we drop the subscript $F$
# from now on). The nearest symmetric matrix is $\mathrm{sym}\,\hat W = (\hat W + \hat W^\top)/2$;
# the nearest positive-semidefinite one keeps the eigenvectors of $\mathrm{sym}\,\hat W$ and sets
# its negative eigenvalues to zero (both derived below). The whole estimator fits in a few lines:

# %%
def estimate_response(X, J):
    """Least squares, then the Onsager and second-law projections: returns Ŵ, sym Ŵ and P_psd Ŵ."""
    W = np.linalg.solve(X.T @ X, X.T @ J).T         # normal equations: (XᵀX) Wᵀ = XᵀJ
    W_sym = (W + W.T) / 2                           # nearest symmetric matrix (Onsager)
    lam, V = np.linalg.eigh(W_sym)                  # W_sym = V diag(λ) Vᵀ
    P = V @ np.diag(np.maximum(lam, 0.0)) @ V.T     # clip negative eigenvalues (second law)
    return W, W_sym, P


# %% [markdown]
# The chapter's experiments use the vectorised versions in {mod}`physml.onsager`
# ({func}`~physml.onsager.least_squares_response`, {func}`~physml.onsager.symmetrize`,
# {func}`~physml.onsager.project_psd`). On a noisy data set from a $3\times3$ response, chosen so
# that noise has pushed an eigenvalue of $\mathrm{sym}\,\hat W$ below zero and all three steps act,
# the two agree:

# %%
L_demo = O.random_response_matrix(3, smallest=0.05, key=jax.random.key(0))
demo = O.simulate_response(L_demo, n_samples=20, noise=1.0, key=jax.random.key(15))
W_page, S_page, P_page = estimate_response(demo.X, demo.J)
W_lib = O.least_squares_response(demo.X, demo.J)
err = max(np.abs(W_page - W_lib).max(), np.abs(S_page - O.symmetrize(W_lib)).max(),
          np.abs(P_page - O.project_psd(W_lib)).max())
assert err < 1e-10
print("on-page estimator agrees with physml.onsager (least squares, symmetric, PSD):", err < 1e-10)
print("sym(Ŵ) has a negative eigenvalue, so the PSD step acts:", np.linalg.eigvalsh(S_page)[0] < -0.1)

# %% [markdown]
# ## Why projecting never hurts
#
# Every matrix splits into a symmetric and an antisymmetric part,
# $W = \mathrm{sym}\,W + \mathrm{skew}\,W$, and the two parts are *orthogonal*:
# $\langle A, K\rangle = 0$ whenever $A$ is symmetric and $K$ antisymmetric.
#
# :::{admonition} Derivation: symmetric and antisymmetric matrices are orthogonal
# :class: dropdown
# Let $A = A^\top$ and $K = -K^\top$. A trace is unchanged by transposition and by cycling the
# factors, so
# $\langle A, K\rangle = \mathrm{tr}(A^\top K) = \mathrm{tr}(AK) = \mathrm{tr}\bigl((AK)^\top\bigr)
# = \mathrm{tr}(K^\top A^\top) = -\mathrm{tr}(KA) = -\mathrm{tr}(AK)$, hence
# $\langle A, K\rangle = 0$. The symmetric matrices form a subspace of dimension $n(n+1)/2$ (the
# entries on and above the diagonal), the antisymmetric ones of dimension $n(n-1)/2$; together
# they span all $n^2$ dimensions. So $\mathrm{sym}$ is the orthogonal projection onto the symmetric
# matrices, and $\mathrm{sym}\,W$ is the symmetric matrix nearest to $W$.
# :::
#
# Since $L$ is symmetric, the error of least squares, $\Delta = \hat W - L$, splits as
# $\hat W - L = (\mathrm{sym}\,\hat W - L) + \mathrm{skew}\,\hat W$, a symmetric plus an
# antisymmetric matrix, and Pythagoras gives
#
# $$
# \lVert \hat W - L\rVert^2 = \lVert \mathrm{sym}\,\hat W - L\rVert^2 + \lVert \mathrm{skew}\,\hat W\rVert^2
# \ \ge\ \lVert \mathrm{sym}\,\hat W - L\rVert^2 .
# $$ (pythagoras)
#
# The symmetric projection never increases the error, for every data set, not just on average, and
# the error it removes is exactly $\lVert\mathrm{skew}\,\hat W\rVert^2$ (note $\mathrm{skew}\,\hat W =
# \mathrm{skew}\,\Delta$, since $L$ has no antisymmetric part). We check {eq}`pythagoras` on 10 000
# random cases of several sizes and noise levels:

# %%
rng = np.random.default_rng(0)
worst_identity, smallest_gain = 0.0, np.inf
for trial in range(10_000):
    n = rng.integers(2, 8)
    L = O.random_response_matrix(n, key=jax.random.key(trial))
    W = L + rng.normal(scale=10.0 ** rng.uniform(-3, 0), size=(n, n))
    W_sym = O.symmetrize(W)
    lhs, sym_err, skew = (np.sum((W - L) ** 2), np.sum((W_sym - L) ** 2), np.sum((0.5 * (W - W.T)) ** 2))
    worst_identity = max(worst_identity, abs(lhs - sym_err - skew) / lhs)
    smallest_gain = min(smallest_gain, lhs - sym_err)
print("largest relative violation of the Pythagoras identity: "
      + ("below 1e-12" if worst_identity < 1e-12 else f"{worst_identity:.0e}"))
print("smallest error reduction ‖Ŵ−L‖² − ‖sym Ŵ−L‖² over 10 000 cases: "
      + ("≥ 0" if smallest_gain >= 0 else f"{smallest_gain}"))

# %% [markdown]
# The same argument works for any constraint that defines a *closed convex set* $\mathcal K$ (a set
# that contains the segment between any two of its points) that contains the truth: the nearest
# point of $\mathcal K$ to an estimate is never further from the truth than the estimate itself.
# The symmetric matrices are such a set (a subspace), and so are the positive-semidefinite ones
# (a *cone*: a set that contains every sum of two of its members and every positive multiple of one).
#
# :::{admonition} Derivation: projecting onto a convex set that contains $L$ never moves away from $L$
# :class: dropdown
# Let $P(W)$ be the point of $\mathcal K$ nearest to $W$. For any $Z\in\mathcal K$ the points
# $P(W) + t\,(Z - P(W))$, $0\le t\le 1$, lie in $\mathcal K$ (convexity), so none is nearer to $W$:
# $\lVert W - P(W) - t(Z - P(W))\rVert^2 \ge \lVert W - P(W)\rVert^2$. Expanding to first order in
# small $t$ gives $\langle W - P(W),\, Z - P(W)\rangle \le 0$. Take $Z = L$:
#
# $$
# \lVert W - L\rVert^2 = \lVert W - P(W)\rVert^2 + \lVert P(W) - L\rVert^2
#   - 2\langle W - P(W),\, L - P(W)\rangle \ \ge\ \lVert P(W) - L\rVert^2 .
# $$
#
# For a subspace the inner product is zero and this is {eq}`pythagoras`.
# :::
#
# :::{admonition} Checkpoint
# :class: tip
# The guarantee {eq}`pythagoras` holds "for every data set". Could symmetrising make the estimate
# of one particular *entry*, say $L_{12}$, worse on some data set?
#
# ```{dropdown} Answer
# Yes. The symmetric estimate of $L_{12}$ is the average of $\hat W_{12}$ and $\hat W_{21}$; if
# $\hat W_{12}$ happened to be nearly exact and $\hat W_{21}$ far off, the average is worse than
# $\hat W_{12}$. The guarantee is for the whole matrix in the Frobenius norm: the gain on
# $(\hat W_{12}, \hat W_{21})$ together is $\tfrac12(\Delta_{12} - \Delta_{21})^2 \ge 0$.
# ```
# :::
#
# ## How much it helps on average
#
# The gain is $\lVert\mathrm{skew}\,\Delta\rVert^2$, the part of the error that lives in
# the antisymmetric matrices. How large that part is depends on how the error spreads over the
# $n^2$ entries, so we need a model of the noise. Write the noise vectors $\varepsilon_k$ as the
# rows of an $m\times n$ matrix $N$; let them be independent from one measurement to the next, with
# mean zero and covariance $\eta^2\Sigma_\varepsilon$ between the flux components, where $\eta$ is
# the noise level (the argument `noise` of {mod}`physml.onsager`) and $\Sigma_\varepsilon$ its shape
# ($\Sigma_\varepsilon = I$ for isotropic noise). The error of {eq}`least-squares` is linear in the
# noise, and for a given design $X$ (the forces applied) its covariance is
#
# $$
# \mathbb E[\Delta_{ij}\Delta_{kl}] = \eta^2 (\Sigma_\varepsilon)_{ik}\, C_{jl}.
# $$ (errcov)
#
# Row $i$ of the error inherits the noise of flux $i$; column $j$ is large when force $j$ was
# varied little (large $C_{jj}$).
#
# :::{admonition} Derivation: the error covariance and the remaining fraction
# :class: dropdown
# With $J = XL^\top + N$, {eq}`least-squares` gives $\hat W^\top = CX^\top(XL^\top + N) = L^\top +
# CX^\top N$, so $\Delta = N^\top X C$, that is $\Delta_{ij} = \sum_a N_{ai}(XC)_{aj}$. Rows of $N$
# are independent with $\mathbb E[N_{ai}N_{bk}] = \eta^2\delta_{ab}(\Sigma_\varepsilon)_{ik}$, so
#
# $$
# \mathbb E[\Delta_{ij}\Delta_{kl}] = \eta^2(\Sigma_\varepsilon)_{ik}\sum_a (XC)_{aj}(XC)_{al}
# = \eta^2(\Sigma_\varepsilon)_{ik}\,(CX^\top XC)_{jl} = \eta^2(\Sigma_\varepsilon)_{ik}C_{jl}.
# $$
#
# Setting $k=i$, $l=j$ and summing: $\mathbb E\lVert\Delta\rVert^2 = \eta^2\,\mathrm{tr}\,\Sigma_\varepsilon\,
# \mathrm{tr}\,C$. For the antisymmetric part,
# $\lVert\mathrm{skew}\,\Delta\rVert^2 = \tfrac14\sum_{ij}(\Delta_{ij} - \Delta_{ji})^2$, and
# $\mathbb E(\Delta_{ij}-\Delta_{ji})^2 = \eta^2[(\Sigma_\varepsilon)_{ii}C_{jj} + (\Sigma_\varepsilon)_{jj}C_{ii}
# - 2(\Sigma_\varepsilon)_{ij}C_{ji}]$; summing over $i, j$,
#
# $$
# \mathbb E\lVert\mathrm{skew}\,\Delta\rVert^2 = \frac{\eta^2}{2}\bigl(\mathrm{tr}\,\Sigma_\varepsilon\,\mathrm{tr}\,C
# - \mathrm{tr}(\Sigma_\varepsilon C)\bigr).
# $$
#
# The remaining error is the total minus this, which divided by the total is {eq}`gain-general`.
# Its bounds: for positive-semidefinite $P_1$, $P_2$, work in the eigenbasis of $P_1$, where
# $\mathrm{tr}(P_1P_2) = \sum_i\lambda_i(P_1)\,(P_2)_{ii}$ with $\lambda_i(P_1)\ge0$ and $(P_2)_{ii}\ge0$
# (diagonal entries of a positive-semidefinite matrix). So $\mathrm{tr}(P_1P_2)\ge0$, and
# $\mathrm{tr}(P_1P_2) \le \lambda_{\max}(P_1)\sum_i(P_2)_{ii} = \lambda_{\max}(P_1)\,\mathrm{tr}\,P_2
# \le \mathrm{tr}\,P_1\,\mathrm{tr}\,P_2$.
# :::
#
# The fraction of the squared error that remains after symmetrising is therefore
#
# $$
# \frac{\mathbb E\lVert\mathrm{sym}\,\hat W - L\rVert^2}{\mathbb E\lVert \hat W - L\rVert^2}
# = \frac12\left(1 + \frac{\mathrm{tr}(\Sigma_\varepsilon C)}{\mathrm{tr}\,\Sigma_\varepsilon\ \mathrm{tr}\,C}\right),
# $$ (gain-general)
#
# and since $0 \le \mathrm{tr}(\Sigma_\varepsilon C) \le \mathrm{tr}\,\Sigma_\varepsilon\,\mathrm{tr}\,C$ for two
# positive-semidefinite matrices, it lies between $\tfrac12$ and $1$. When the forces are drawn at
# random, each $X_k$ from a normal distribution with covariance $\Sigma_X$, the mean of $C$ is
# $\Sigma_X^{-1}/(m-n-1)$ for $m > n+1$. (The distribution of $X^\top X$ for such rows is called the
# *Wishart* distribution, that of its inverse $C$ the *inverse-Wishart*; the mean is a standard result
# of multivariate statistics that we quote without proof.) Both traces in {eq}`gain-general` are
# linear in $C$, so for the average over designs $C$ may be replaced by $\Sigma_X^{-1}$.
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
# dimensions: an error spread evenly over all $n^2$ directions leaves the fraction
# $\tfrac{n(n+1)/2}{n^2} = \tfrac{n+1}{2n}$ in the symmetric subspace. Isotropic noise is enough even
# when the design makes the variances unequal: by {eq}`errcov` with $\Sigma_\varepsilon = I$,
# $\Delta_{ij}$ and $\Delta_{ji}$ are uncorrelated for $i \ne j$, so each off-diagonal pair splits its
# variance equally between the two parts, while the diagonal, wholly symmetric, carries
# $\eta^2\sum_i C_{ii} = \eta^2\mathrm{tr}\,C$, the fraction $1/n$ of the total; and
# $\tfrac12(1 + 1/n) = (n+1)/(2n)$. So $3/4$ of the squared error remains for two forces, and just
# over half for many.
#
# We test {eq}`gain` by Monte Carlo with {func}`physml.onsager.onsager`, which repeats the
# experiment on many independent data sets and also returns the *standard error* of the ratio (its
# Monte Carlo uncertainty: by about this much the ratio would typically change if all the data sets
# were drawn afresh): 4000
# data sets of $m = 4n$ measurements each, forces $X_k \sim N(0, I)$, isotropic noise of level
# $\eta = 0.3$. The columns are the measured ratio of mean squared errors (symmetrised over least
# squares) with its standard error, and {eq}`gain`:

# %%
print(" n   measured ratio      (n+1)/(2n)")
gain_runs = []
for n in (2, 3, 4, 6, 10):
    L = O.random_response_matrix(n, key=jax.random.key(0))
    run = O.onsager(L, 4 * n, 0.3, n_trials=4000, key=jax.random.key(n))
    gain_runs.append(run)
    print(f"{n:2d}   {run.ratio_sym:.3f} ± {run.ratio_sym_stderr:.3f}     {run.theory:.3f}")

# %% [markdown]
# The measured ratios agree with {eq}`gain` within two standard errors. {numref}`fig-ch08-gain`
# draws the same numbers against $n$: the curve starts at $3/4$ for two forces and approaches
# $1/2$, the limit in which half of all directions are antisymmetric.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The fraction of the squared error that remains after symmetrising, against the number of forces n. Points: Monte Carlo over 4000 data sets each, with error bars of two standard errors; curve: eq. (gain), (n+1)/(2n); dotted line: the large-n limit 1/2.", "name": "fig-ch08-gain"}} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(6.0, 3.4))
n_grid = np.linspace(1.6, 10.4, 200)
ax.plot(n_grid, (n_grid + 1) / (2 * n_grid), color=COLORS["grey"], label="(n+1)/(2n), eq. (gain)")
ax.axhline(0.5, color=COLORS["grey"], ls=":", lw=1)
ax.errorbar([r.n for r in gain_runs], [r.ratio_sym for r in gain_runs],
            yerr=[2 * r.ratio_sym_stderr for r in gain_runs], fmt="o", color=COLORS["blue"],
            label="Monte Carlo, 4000 data sets")
ax.set(xlabel="number of forces n", ylabel="mean ‖sym Ŵ − L‖² / mean ‖Ŵ − L‖²", ylim=(0.45, 0.8))
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## The second law on top
#
# The positive-semidefinite matrices form a convex cone inside the symmetric ones (a sum of two of
# them, or a positive multiple of one, is again one), and it contains $L$. By the convex-projection
# argument above, moving $\mathrm{sym}\,\hat W$ to the nearest positive-semidefinite matrix cannot
# hurt either. That nearest matrix keeps the eigenvectors and sets negative eigenvalues to zero
# {cite}`ch08-higham1988computing`.
#
# :::{admonition} Derivation: the nearest positive-semidefinite matrix clips the eigenvalues
# :class: dropdown
# Write $\mathrm{sym}\,\hat W = V\Lambda V^\top$ with $V$ orthogonal. The Frobenius norm does not
# change under $A\mapsto V^\top AV$, so for any positive-semidefinite $P$, with $Q = V^\top PV$
# (also positive semidefinite, hence $Q_{ii}\ge 0$),
#
# $$
# \lVert\mathrm{sym}\,\hat W - P\rVert^2 = \lVert\Lambda - Q\rVert^2 \ \ge\ \sum_i(\lambda_i - Q_{ii})^2
# \ \ge \sum_{i:\,\lambda_i<0}\lambda_i^2 ,
# $$
#
# dropping the off-diagonal entries of $Q$ and then choosing each $Q_{ii}\ge0$ as near to $\lambda_i$
# as allowed. The bound is reached by $Q = \max(\Lambda, 0)$, that is $P = V\max(\Lambda,0)V^\top$.
# For the non-symmetric $\hat W$ itself nothing changes: for symmetric $P$, $\lVert\hat W - P\rVert^2 =
# \lVert\mathrm{sym}\,\hat W - P\rVert^2 + \lVert\mathrm{skew}\,\hat W\rVert^2$, so the nearest
# positive-semidefinite matrix to $\hat W$ is the nearest one to $\mathrm{sym}\,\hat W$.
# :::
#
# The clipping helps only when the noise is large enough to push an eigenvalue of
# $\mathrm{sym}\,\hat W$ below zero; otherwise it changes nothing. We use a $3\times3$ response with
# eigenvalues from 0.05 to 1 and 20 measurements per data set. The columns are the two ratios of
# mean squared errors (over least squares) and the share of data sets in which the clipping acted:

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
# error or left it unchanged (the `assert` above). Unlike the symmetric projection, the gain of the
# clipping depends on the noise level: it is a nonlinear projection, and it bites only near the
# boundary of the cone, where $L$ has a small eigenvalue.
#
# ## A physical example: a thermoelectric
#
# In a thermoelectric the two fluxes are the charge current density $j$ (A/m²) and the heat current
# density $j_Q$ (W/m²), along one direction. The entropy production is
# $\dot s = j\,E/T + j_Q\,(-\nabla T)/T^2$: Joule heating $jE$ at temperature $T$, plus heat flowing
# down a temperature gradient (we quote this local entropy balance from {cite}`ch08-degroot1962non`).
# So the conjugate forces are $X = (E/T,\ -\nabla T/T^2)$, and the response is
#
# $$
# \begin{pmatrix} j \\ j_Q \end{pmatrix} =
# \begin{pmatrix} \sigma T & \sigma S T^2 \\ \Pi\sigma T & (\kappa + \sigma S\Pi)T^2 \end{pmatrix}
# \begin{pmatrix} E/T \\ -\nabla T/T^2 \end{pmatrix},
# $$ (thermoelectric)
#
# with electrical conductivity $\sigma$ (S/m), Seebeck coefficient $S$ (V/K, the open-circuit
# voltage per kelvin of temperature difference), Peltier coefficient $\Pi$ (V, the heat carried per
# unit charge at uniform temperature) and thermal conductivity $\kappa$ (W/(m·K), at zero current).
#
# :::{admonition} Derivation: the thermoelectric matrix, Kelvin's relation and the second law
# :class: dropdown
# The transport laws that define the four coefficients are $j = \sigma(E - S\nabla T)$ and
# $j_Q = \Pi j - \kappa\nabla T$. In terms of $X_1 = E/T$ and $X_2 = -\nabla T/T^2$, $E = TX_1$ and
# $\nabla T = -T^2X_2$, so
#
# $$
# j = \sigma T X_1 + \sigma S T^2 X_2, \qquad
# j_Q = \Pi\sigma T X_1 + (\Pi\sigma S + \kappa)T^2 X_2 ,
# $$
#
# which is {eq}`thermoelectric`. Onsager's $L_{12} = L_{21}$ reads $\sigma S T^2 = \Pi\sigma T$:
#
# $$
# \Pi = S\,T ,
# $$
#
# Kelvin's second relation. Kelvin (William Thomson) found it in the 1850s by an argument that treated the
# reversible thermoelectric effects as separate from the irreversible ones, which Onsager's theory
# replaced by a valid derivation {cite}`ch08-callen1948application`. With $\Pi = ST$ the second law,
# $L\succeq0$, means $L_{11} = \sigma T\ge 0$ and $\det L = \sigma T\cdot(\kappa + \sigma S^2T)T^2 -
# \sigma^2S^2T^4 = \sigma\kappa T^3 \ge 0$: both conductivities are non-negative, and nothing
# constrains the sign of $S$.
# :::
#
# Onsager symmetry is Kelvin's relation $\Pi = ST$. The entries of $L$ have different units (S·K/m,
# A·K/m, W·K/m), and a Frobenius norm that adds the square of a number in S·K/m to the square of one
# in W·K/m means nothing: its value, and which estimate counts as "nearest", would change with the
# choice of units. So we estimate in scaled variables, $\tilde L = DLD$ with
# $D = \mathrm{diag}(L_{11}, L_{22})^{-1/2}$ (equivalently, measure each force and flux in its own
# natural unit). A diagonal scaling keeps symmetry and positive-semidefiniteness, and symmetrising
# commutes with it; the positive-semidefinite projection does not (the eigenvectors of $DMD$ are
# not those of $M$), so for it the choice of units matters. In these units the
# diagonal is 1 and the off-diagonal entry is
# $\tilde L_{12} = \sigma ST^2/\sqrt{\sigma T(\kappa + \sigma S^2T)T^2} = \sqrt{ZT/(1+ZT)}$, where
# $ZT = S^2\sigma T/\kappa$ is the dimensionless *figure of merit* that rates a thermoelectric
# material. Bismuth telluride at room temperature has $\sigma \approx 10^5$ S/m,
# $S \approx 200\ \mu$V/K and $\kappa \approx 1.5$ W/(m·K), so $ZT \approx 0.8$
# ({func}`physml.onsager.thermoelectric_response`).

# %%
T = 300.0
L_te = O.thermoelectric_response(sigma=1.0e5, seebeck=2.0e-4, kappa=1.5, T=T)
D = np.diag(1 / np.sqrt(np.diag(L_te)))
L_scaled = D @ L_te @ D
print(f"L₁₁ = σT = {L_te[0, 0]:.2e} S·K/m,  L₁₂ = L₂₁ = σST² = {L_te[0, 1]:.2e} A·K/m,  "
      f"L₂₂ = (κ + σS²T)T² = {L_te[1, 1]:.2e} W·K/m")
print(f"scaled coupling {L_scaled[0, 1]:.4f} = √(ZT/(1+ZT)) = {np.sqrt(0.8 / 1.8):.4f}")

# %% [markdown]
# Now one simulated experiment: twelve measurements in the scaled units with 5% noise, fitted by
# least squares and projected. Reading the coefficients back in physical units (the function
# `material` inverts {eq}`thermoelectric`), least squares gives *two* values of the Seebeck
# coefficient, $S$ from the charge current ($L_{12}$) and $\Pi/T$ from the heat current ($L_{21}$):

# %%
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
# The symmetric estimate averages the two Seebeck values, which is exactly Kelvin's relation
# imposed. Over many repetitions of this experiment the mean squared error falls to $3/4$ of its
# least-squares value, as {eq}`gain` predicts for $n = 2$, here in the scaled units:

# %%
run = O.onsager(L_scaled, 12, 0.05, n_trials=4000, key=jax.random.key(4))
print(f"thermoelectric, 12 measurements, 5% noise: sym/LS = {run.ratio_sym:.3f} (theory {run.theory:.3f}); "
      f"PSD/LS = {run.ratio_psd:.3f}; sym(Ŵ) not PSD in {100 * run.not_psd:.0f}% of data sets")

# %% [markdown]
# The thermoelectric's $\tilde L$ is far from singular (its eigenvalues are $1 \pm 0.667$), so the
# second-law step never activates here. It matters for strongly coupled materials with $ZT \gg 1$,
# whose smallest eigenvalue $1 - \sqrt{ZT/(1+ZT)}$ approaches zero.
#
# :::{admonition} Checkpoint
# :class: tip
# In the table, least squares reads $S$ and $\Pi/T$ from two different entries of $\hat W$. If both
# entries have the same noise, by how much does the symmetric estimate reduce the variance of the
# Seebeck coefficient? Why does Kelvin's relation give two measurements of $S$ for the price of
# one?
#
# ```{dropdown} Answer
# With isotropic noise and forces, the errors $\Delta_{12}$ and $\Delta_{21}$ are uncorrelated with
# equal variance (by {eq}`errcov`), so their average has half the variance of either. Kelvin's
# relation says the heat-current experiment measures the same number as the charge-current one:
# the symmetric estimate pools two independent measurements of one coefficient.
# ```
# :::
#
# ## When the noise is not isotropic
#
# Formula {eq}`gain-general` says that an anisotropic noise alone (averaged over isotropically drawn
# forces), or an uneven design alone, leaves the gain at $(n+1)/(2n)$; the two together move it.
# A heat current is much harder to measure than a charge current: say the heat meter's noise is ten
# times larger in the scaled units,
# $\Sigma_\varepsilon = \mathrm{diag}(1, 100)$. And a sample may take only small temperature gradients,
# $\Sigma_X = \mathrm{diag}(1, 0.01)$. Then {eq}`errcov` puts almost all the error into $\tilde L_{22}$
# (noisy flux $j_Q$, little-varied force $-\nabla T/T^2$), a diagonal entry that symmetry leaves alone:
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
# Onsager's symmetry comes from the time-reversal invariance of the microscopic dynamics (step 1 of
# the derivation sketch above). A magnetic field breaks it: reversing time reverses the charges'
# velocities, and the Lorentz force $q\mathbf v\times\mathbf B$ then points the other way unless
# $\mathbf B$ is reversed too (as it would be, since reversing time also reverses the currents that
# produce $\mathbf B$). The reciprocal relation then links the response in the field $\mathbf B$ to
# the response in the reversed field {cite}`ch08-onsager1931reciprocal,ch08-casimir1945onsager`,
#
# $$
# L_{ij}(\mathbf B) = L_{ji}(-\mathbf B), \qquad L(\mathbf B) = L(-\mathbf B)^\top,
# $$ (casimir)
#
# so $L(\mathbf B)$ itself need not be symmetric: its symmetric part is even in $\mathbf B$, its
# antisymmetric part odd. We cite {eq}`casimir` and skip its derivation: it repeats the sketch with
# step 1 replaced by $\langle\alpha_i(0)\alpha_j(t)\rangle_{\mathbf B} =
# \langle\alpha_i(t)\alpha_j(0)\rangle_{-\mathbf B}$, and Casimir's general form also treats
# variables that are odd under time reversal.
#
# The Hall effect is the standard example. In the Drude model, carriers of charge $q$, effective
# mass $m^*$ and collision time $\tau$ drift with the velocity at which the friction $m^*\mathbf
# v/\tau$ balances the Lorentz force, $m^*\mathbf v/\tau = q(\mathbf E + \mathbf v\times\mathbf B)$.
# With the (signed) mobility $\mu = q\tau/m^*$, the carrier density $n_c$ and
# $\mathbf B = B\hat z$, the current density $\mathbf j = n_c q\mathbf v$ is $\mathbf j =
# \sigma(B)\mathbf E$ with
#
# $$
# \sigma(B) = \frac{\sigma_0}{1+\beta^2}\begin{pmatrix} 1 & \beta & 0\\ -\beta & 1 & 0\\ 0 & 0 & 1+\beta^2\end{pmatrix},
# \qquad \beta = \mu B,
# $$ (drude)
#
# where $\sigma_0 = n_c q\mu$ is the zero-field conductivity and $\beta$ the tangent of the Hall angle
# ({func}`physml.onsager.drude_conductivity`).
#
# :::{admonition} Derivation: the Drude conductivity in a field
# :class: dropdown
# Divide the force balance by $m^*/\tau$: $\mathbf v = \mu\mathbf E + \mu\,\mathbf v\times\mathbf B$.
# With $\mathbf B = B\hat z$, $\mathbf v\times\mathbf B = (v_yB,\,-v_xB,\,0)$, so
#
# $$
# v_x = \mu E_x + \beta v_y,\qquad v_y = \mu E_y - \beta v_x,\qquad v_z = \mu E_z .
# $$
#
# Substituting the second into the first, $v_x(1+\beta^2) = \mu(E_x + \beta E_y)$, and likewise
# $v_y(1+\beta^2) = \mu(E_y - \beta E_x)$. Multiplying by $n_cq$ gives {eq}`drude`. Replacing
# $B\to -B$ flips the sign of $\beta$, which transposes the matrix, as {eq}`casimir` requires.
# :::
#
# The Hall part $\pm\beta$ is antisymmetric and odd in $B$, as {eq}`casimir` demands. For electrons
# in silicon at room temperature, $\mu \approx -0.14$ m²/(V·s), in a field of 0.7 T, $\beta \approx
# -0.1$. In units of $\sigma_0$ (the forces $\mathbf E/T$ only add a factor $T$), the matrix, the
# check of {eq}`casimir`, and the size of its antisymmetric part:

# %%
L_hall = O.drude_conductivity(1.0, -0.14, 0.7)          # σ(B)/σ₀
print(np.round(L_hall, 4))
print("σ(−B) = σ(B)ᵀ:", np.allclose(O.drude_conductivity(1.0, -0.14, -0.7), L_hall.T),
      f";  ‖skew L‖² = {np.sum((0.5 * (L_hall - L_hall.T)) ** 2):.4f}")

# %% [markdown]
# Symmetrising is now the wrong prior. Since $\mathrm{sym}\,\hat W - L = \mathrm{sym}\,\Delta - \mathrm{skew}\,L$
# and the two parts are orthogonal,
#
# $$
# \lVert\mathrm{sym}\,\hat W - L\rVert^2 = \lVert\mathrm{sym}\,\Delta\rVert^2 + \lVert\mathrm{skew}\,L\rVert^2,
# \qquad
# \mathbb E\lVert\mathrm{sym}\,\hat W - L\rVert^2
#   = \frac{n+1}{2n}\,\mathbb E\lVert \Delta\rVert^2 + \lVert\mathrm{skew}\,L\rVert^2
# $$ (bias)
#
# (the second form for isotropic noise, by {eq}`gain`). The first term falls like $1/m$ with the
# number of measurements; the second is a *bias*, an error that no amount of data removes.
# Symmetrising helps only while the least-squares error is large: subtracting
# $\mathbb E\lVert\Delta\rVert^2$ from {eq}`bias`, the gain is positive when
# $\frac{n-1}{2n}\mathbb E\lVert\Delta\rVert^2 > \lVert\mathrm{skew}\,L\rVert^2$, that is
# $\mathbb E\lVert \Delta\rVert^2 > \frac{2n}{n-1}\lVert\mathrm{skew}\,L\rVert^2$.
#
# The right prior is {eq}`casimir` itself. Measure at $+\mathbf B$ and at $-\mathbf B$, $m$ times each,
# and fit both by least squares. The pair $(L(\mathbf B), L(-\mathbf B))$ lies in the subspace of pairs
# $(M, M^\top)$, and the orthogonal projection of $(\hat W(\mathbf B), \hat W(-\mathbf B))$ onto it is
# $M = \tfrac12\bigl(\hat W(\mathbf B) + \hat W(-\mathbf B)^\top\bigr)$. As before, projecting onto a set
# that contains the truth never moves the pair away from it, and there is no bias. The subspace
# has half the dimension of the space of pairs; with independent errors $\Delta_\pm$ at the two fields,
# $\mathbb E\lVert M - L\rVert^2 = \tfrac14(\mathbb E\lVert \Delta_+\rVert^2 + \mathbb E\lVert \Delta_-\rVert^2)
# = \tfrac12\,\mathbb E\lVert \Delta_+\rVert^2$,
# for any noise, provided both fields are measured alike ($\mathbb E\lVert\Delta_-\rVert^2 =
# \mathbb E\lVert\Delta_+\rVert^2$; exercise 4 treats the unequal case). Put plainly, the relation
# turns every measurement at $-\mathbf B$ into a measurement of $L(\mathbf B)$.
# {func}`physml.onsager.casimir` runs the three estimators on 1000 pairs of data
# sets, noise $\eta = 0.3$, for a growing number $m$ of measurements per field. The columns are the
# mean squared errors of least squares at $+\mathbf B$, of its symmetrisation and of
# {eq}`bias`'s prediction for it, of the pooled estimate, and the ratio pooled over least squares:

# %%
print("    m    least sq.   symmetrised   eq. (bias)   pooled ±B   pooled/LS")
casimir_runs = [O.casimir(L_hall, m, 0.3, n_trials=1000, key=jax.random.key(m)) for m in (10, 30, 100, 300, 1000)]
for c in casimir_runs:
    print(f"{c.n_samples:5d}   {c.mean_ls:.2e}    {c.mean_sym:.2e}     {2 / 3 * c.mean_ls + c.bias:.2e}     "
          f"{c.mean_pooled:.2e}    {c.ratio_pooled:.3f} ± {c.ratio_pooled_stderr:.3f}")

# %% [markdown]
# {numref}`fig-ch08-casimir` draws the three mean squared errors against the number of measurements
# per field, on logarithmic axes.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Mean squared error of three estimates of the Hall conductivity matrix of silicon at 0.7 T against the number of measurements per field, 1000 data sets each. Circles: least squares at +B; squares: its symmetrisation, the wrong prior, which levels off at the bias (dashed line); triangles: the pooled estimate from +B and \u2212B, which stays at half the least-squares error.", "name": "fig-ch08-casimir"}} tags=["hide-input"]
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
# The symmetrised estimate (squares) starts below least squares (circles), since at ten
# measurements the noise it removes outweighs the bias. It crosses above between ten and thirty
# measurements, where the least-squares error falls below $3\lVert\mathrm{skew}\,L\rVert^2 = 0.057$
# (the condition after {eq}`bias`, with $n = 3$), and then levels off at the dashed line, the Hall
# part $\lVert\mathrm{skew}\,L\rVert^2 = 2\beta^2/(1+\beta^2)^2$ that it wrongly throws away. Least
# squares and the pooled estimate keep falling like $1/m$, and the pooled one (triangles) stays at
# half the least-squares error at every $m$, within one or two standard errors of the Monte
# Carlo. The column "eq. (bias)" confirms {eq}`bias`. A symmetry used as a prior must be the right
# one: in a field, the prior is the relation between $+\mathbf B$ and $-\mathbf B$, not the symmetry
# of $L$.
#
# :::{admonition} Checkpoint
# :class: tip
# At $m = 10$ the symmetrised estimate has a smaller error than least squares. A colleague who can
# only measure at $+\mathbf B$ proposes to report it. What is wrong with that, beyond the numbers?
#
# ```{dropdown} Answer
# Its antisymmetric part is exactly zero: it reports no Hall effect at all, whatever the data say,
# and the Hall coefficient is usually the quantity of interest in a field. A smaller total error
# can hide a systematically wrong answer for one physically important part of the matrix. With more
# data the bias dominates anyway (the crossing in {numref}`fig-ch08-casimir`).
# ```
# :::
#
# ## Explore: noise and number of measurements
#
# The explorer repeats the experiment of {eq}`gain` for a response of $n$ forces (4000 data sets up
# to four forces, fewer beyond to keep the redraw quick) and plots 200 of them in
# {numref}`fig-ch08-explorer`: each point is one data set, its least-squares error against its error
# after projection, for isotropic noise. Both axes are logarithmic, so a fixed ratio of the two
# errors is a fixed height above or below a line: the solid line is $y = x$ (no gain), the dashed
# line $y = \frac{n+1}{2n}\,x$, the average ratio {eq}`gain`. Move the noise: the cloud of blue dots
# slides along the diagonal, but its height relative to the dashed line does not change. Then watch
# the red crosses: when do they leave the blue dots? In JupyterLab you can also change the number of
# measurements and of forces.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Each point is one simulated data set (200 of 4000, n = 3 forces, 20 measurements): its squared least-squares error (horizontal) against its error after the symmetric projection (blue dots) and after the PSD projection (red crosses). Both axes are logarithmic. Solid line: no gain, y = x; dashed line: y = (n+1)/(2n) x, the average ratio of eq. (gain). Choose the noise level with the slider: the blue cloud moves along the diagonal and keeps its height relative to the dashed line.", "name": "fig-ch08-explorer"}} tags=["hide-input"]
explorer = figures.onsager()
explorer.static()

# %% tags=["remove-output"]
explorer.live()

# %% [markdown]
# ## What to remember
#
# - Near equilibrium, fluxes are linear in the conjugate forces, $J = LX$. Onsager reciprocity
#   ($L = L^\top$, from microscopic reversibility plus the regression hypothesis) and the second law
#   ($L \succeq 0$, from $\dot s = X^\top LX\ge0$) restrict $L$ to a convex set. Projecting an
#   unconstrained estimate onto a convex set containing the truth never increases the error, in
#   every single data set.
# - Symmetric and antisymmetric matrices are orthogonal, so the gain of symmetrising is exactly the
#   antisymmetric part of the estimate. With isotropic noise it is on average a fraction
#   $(n-1)/(2n)$ of the squared error, whatever the noise level, the design and the number of
#   measurements; with anisotropic noise and forces the remaining fraction is {eq}`gain-general`,
#   anywhere from $\tfrac12$ to $1$.
# - The positive-semidefinite projection clips negative eigenvalues; it helps only when noise pushes
#   an eigenvalue below zero.
# - In a thermoelectric, Onsager symmetry is Kelvin's relation $\Pi = ST$; estimate in scaled,
#   dimensionless units, where the coupling is $\sqrt{ZT/(1+ZT)}$.
# - In a magnetic field the relation is Onsager–Casimir's, $L(\mathbf B) = L(-\mathbf B)^\top$.
#   Symmetrising then leaves a bias $\lVert\mathrm{skew}\,L\rVert^2$ that data never remove; pooling
#   the fits at $\pm\mathbf B$ as $\tfrac12(\hat W(\mathbf B) + \hat W(-\mathbf B)^\top)$ is unbiased and halves
#   the error. A prior must be the right one.
#
# ## Exercises
#
# 1. **The second law for two forces.** Show that a $2\times2$ matrix
#    $L = \begin{pmatrix} a & b\\ c & d\end{pmatrix}$ obeys the second law if and only if
#    $a\ge0$, $d\ge0$ and $4ad \ge (b+c)^2$. Why does $b - c$ not appear?
#
#    ```{dropdown} Answer
#    Only $\mathrm{sym}\,L = \begin{pmatrix} a & (b+c)/2\\ (b+c)/2 & d\end{pmatrix}$ enters
#    $X^\top LX$. A symmetric $2\times2$ matrix is positive semidefinite exactly when its diagonal
#    entries and its determinant are non-negative: $a, d\ge0$ and $ad - (b+c)^2/4\ge0$. The
#    difference $b - c$ is the antisymmetric part, which produces no entropy; only Onsager's relation
#    sets it to zero.
#    ```
#
# 2. **The size of the least-squares error.** From {eq}`errcov` and the inverse-Wishart mean, predict
#    $\mathbb E\lVert\hat W - L\rVert^2$ for isotropic noise of level $\eta$ and forces
#    $X_k\sim N(0, I)$, and check it with `O.onsager(L, m, eta, n_trials=4000, key=...).mean_ls` for
#    $n = 3$, $\eta = 0.1$ and $m = 8, 12, 40$.
#
#    ```{dropdown} Answer
#    $\mathbb E\lVert\Delta\rVert^2 = \eta^2\,\mathrm{tr}\,I\,\mathbb E\,\mathrm{tr}\,C = \eta^2 n\cdot
#    \frac{n}{m-n-1} = \frac{\eta^2n^2}{m-n-1}$, which is $0.0225$, $0.0113$ and $0.0025$; the Monte
#    Carlo gives about $0.0227$, $0.0110$ and $0.0025$. The error falls like $1/m$ for large $m$ and
#    blows up as $m$ approaches $n+1$, where the design barely determines $\hat W$.
#    ```
#
# 3. **A strongly coupled thermoelectric.** Raise the Seebeck coefficient to $500\ \mu$V/K in
#    {func}`physml.onsager.thermoelectric_response` (so $ZT = 5$), scale as in the chapter, and use
#    {func}`physml.onsager.onsager` with 12 measurements to find how often the PSD step acts, and what
#    it gains, at noise levels 0.05, 0.1, 0.2 and 0.4. Explain the trend with the smallest eigenvalue
#    of $\tilde L$.
#
#    ```{dropdown} Answer
#    The smallest eigenvalue is $1 - \sqrt{5/6} \approx 0.087$. The symmetric ratio stays near $3/4$
#    at every noise level, while the clipping acts in about 0%, 1%, 8% and 24% of the data sets and
#    the PSD ratio falls from about 0.75 to 0.66. The typical error of an eigenvalue is about
#    $\eta/\sqrt{m-n-1}$; once it approaches $0.087$, noise often pushes that eigenvalue below zero
#    and the second law starts to pay.
#    ```
#
# 4. **Weighted pooling.** In a field, suppose the measurements at $-\mathbf B$ are noisier, with
#    $\mathbb E\lVert\Delta_-\rVert^2 = r\,\mathbb E\lVert\Delta_+\rVert^2$. Find the weight $w$ that
#    minimises the error of $w\,\hat W(\mathbf B) + (1-w)\,\hat W(-\mathbf B)^\top$, and the error it
#    achieves. What does it give for $r = 1$?
#
#    ```{dropdown} Answer
#    With independent errors, the error is $w^2 v + (1-w)^2 r v$ with $v = \mathbb E\lVert\Delta_+\rVert^2$.
#    Setting the derivative to zero gives $w = r/(1+r)$ (inverse-variance weighting) and the error
#    $\frac{r}{1+r}v$. For $r = 1$, $w = \tfrac12$ and the error is $v/2$, the chapter's pooled
#    estimate. For $r\to\infty$ the $-\mathbf B$ data are useless and $w\to1$.
#    ```
#
# 5. **Kelvin's relation in numbers.** A thermocouple material has $S = -20\ \mu$V/K at 300 K. What
#    heat current accompanies an electric current of 1 A in this material at uniform temperature,
#    and in which direction relative to the current? (At a junction with a metal of $\Pi \approx 0$
#    that heat is absorbed or released.)
#
#    ```{dropdown} Answer
#    $\Pi = ST = -6$ mV, so the heat current is $\Pi I = -6$ mW: 6 mW flow against the current (the
#    carriers are electron-like, so they move and carry heat against the conventional current).
#    ```
#
# ## Further reading
#
# - Onsager's two papers {cite}`ch08-onsager1931reciprocal,ch08-onsager1931reciprocalII`: the reciprocal
#   relations, the regression hypothesis and the dissipation function, with heat conduction in
#   anisotropic crystals as the motivating example.
# - Casimir {cite}`ch08-casimir1945onsager`: the extension to magnetic fields and to variables that are
#   odd under time reversal, eq. {eq}`casimir`.
# - Callen {cite}`ch08-callen1948application`: the reciprocal relations applied to thermoelectric,
#   thermomagnetic and galvanomagnetic effects, including the derivation of Kelvin's relations.
# - de Groot and Mazur {cite}`ch08-degroot1962non`: the standard textbook of non-equilibrium
#   thermodynamics; entropy balance, conjugate forces and fluxes, and many applications.
# - Miller {cite}`ch08-miller1960thermodynamics`: a review that tests the reciprocal relations against
#   experiments on thermoelectricity, electrolytes and diffusion — how well $L = L^\top$ holds in
#   real, noisy data.
# - Higham {cite}`ch08-higham1988computing`: the nearest positive-semidefinite matrix, with proofs.
#
# **Practice:** [Practice 8: Onsager reciprocity as a prior](../exercises/ch08_practice.ipynb): write the symmetric estimator, derive the gain
# for a thermoelectric with a noisy heat meter, predict what more measurements do to the second-law
# step, interpret how the gain of single data sets scatters, and find where symmetrising stops paying
# in a magnetic field.
#
# ```{bibliography}
# :filter: docname in docnames
# :keyprefix: ch08-
# ```
