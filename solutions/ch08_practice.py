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
# # Practice 8: Onsager reciprocity as a prior
#
# Practice for [Chapter 8, *Onsager reciprocity as a prior*](../book/ch08_onsager.ipynb). Five tasks: write the symmetric estimator, derive the gain of
# symmetrising for a thermoelectric whose noise and forces are anisotropic, predict what more
# measurements do to the second-law step, explain what the explorer shows when the number of forces
# grows, and find where symmetrising stops paying in a magnetic field. Replace each `...` below
# `# YOUR CODE HERE`, then run the `check(...)` cell after it. Where a task asks for a prediction,
# write it down *before* you run the experiment: the point is to find out whether your reasoning was
# right.

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

from physml import onsager as O
from physml.checks import check
from physml.interactives import onsager as figures


# %% [markdown]
# ## Task 8.1: the symmetric estimator (implement)
#
# Write `my_symmetric_estimate(X, J)`. `X` and `J` hold one measurement per row, shapes $(m, n)$:
# row $k$ of `J` is $J_k^\top = (L X_k + \varepsilon_k)^\top$. Fit the response matrix by least
# squares and return the nearest symmetric matrix to the fit. Think first about which linear system
# the rows of `X` and `J` satisfy. Does it matter for the symmetric part whether `np.linalg.lstsq`
# returns $\hat W$ or its transpose?
# Do not use `O.least_squares_response` or `O.symmetrize`.

# %%
def my_symmetric_estimate(X, J):
    ### BEGIN SOLUTION
    Wt, *_ = np.linalg.lstsq(X, J, rcond=None)
    W = Wt.T
    return 0.5 * (W + W.T)
    ### END SOLUTION


# %%
check("ch08-symmetric-estimate", my_symmetric_estimate)

# %% [markdown]
# Try it on one data set: is your estimate closer to the truth than least squares, and is the
# difference of the two squared errors exactly $\lVert\mathrm{skew}\,\hat W\rVert^2$, as the
# Pythagoras identity of the chapter says?

# %%
L = O.random_response_matrix(4, key=jax.random.key(5))
data = O.simulate_response(L, n_samples=20, noise=0.2, key=jax.random.key(6))
W_sym = my_symmetric_estimate(data.X, data.J)
if W_sym is ...:
    print("(write my_symmetric_estimate first)")
else:
    W = O.least_squares_response(data.X, data.J)
    print(f"‖Ŵ − L‖² = {np.sum((W - L) ** 2):.4f},  ‖sym Ŵ − L‖² = {np.sum((W_sym - L) ** 2):.4f},  "
          f"‖skew Ŵ‖² = {np.sum((0.5 * (W - W.T)) ** 2):.4f}")

# %% [markdown]
# ## Task 8.2: the gain for a noisy heat meter (derive)
#
# Take the chapter's thermoelectric in scaled units ($n = 2$ forces: the field $E/T$ and the
# gradient $-\nabla T/T^2$; fluxes $j$ and $j_Q$). The heat meter is noisier than the ammeter, by a
# factor $r$ in variance, $\Sigma_\varepsilon = \mathrm{diag}(1, r)$, and the temperature gradients
# that the sample tolerates are smaller than the fields, by the same factor $r$ in variance:
# the forces are drawn from a normal distribution with covariance $\Sigma_X = \mathrm{diag}(1, 1/r)$.
# Starting from the chapter's eq. (gain-general), with $C$ replaced by its average over designs,
# derive the fraction of the mean squared error that *remains* after symmetrising,
# $\mathbb E\lVert\mathrm{sym}\,\hat W - L\rVert^2 / \mathbb E\lVert\hat W - L\rVert^2$, as a formula in
# $r$. Store it as a string in Python syntax, e.g. `"1 - 1/r**2"` (or as a function of `r`).
#
# Questions that lead there: is the average of $C$ proportional to $\Sigma_X$ or to its inverse, and
# does the constant in front matter for the ratio? What is the product of two diagonal matrices, and
# its trace? What must your formula give at $r = 1$, and which entry of $\hat W$ carries the error
# when $r$ is large?

# %%
### BEGIN SOLUTION
remaining_fraction = "(1 + (1 + r**2)/(1 + r)**2)/2"
### END SOLUTION
check("ch08-anisotropic-gain", remaining_fraction)

# %% [markdown]
# Compare your formula with a Monte Carlo of 4000 data sets of 20 measurements each for
# $r = 1, 10, 100$ (the Monte Carlo's standard error in brackets):

# %%
if remaining_fraction is ...:
    print("(derive remaining_fraction first)")
else:
    from physml.checks import as_formula
    mine = as_formula(remaining_fraction, ("r",))
    L2 = O.random_response_matrix(2, key=jax.random.key(0))
    print("   r    Monte Carlo        your formula")
    for r in (1.0, 10.0, 100.0):
        run = O.onsager(L2, 20, 0.1, n_trials=4000, key=jax.random.key(3),
                        force_cov=np.diag([1.0, 1 / r]), noise_cov=np.diag([1.0, r]))
        print(f"{r:5.0f}   {run.ratio_sym:.3f} ({run.ratio_sym_stderr:.1g})    {float(mine(r)):.3f}")

# %% [markdown]
# ## Task 8.3: more measurements and the second law (predict, then run)
#
# The chapter's $3\times3$ response has eigenvalues 0.05, about 0.5 and 1. At noise level $\eta = 0.3$
# with 20 measurements per data set, symmetrising leaves about 0.67 of the mean squared error of
# least squares (sym/LS), and the positive-semidefinite (PSD) projection after it leaves about
# 0.61 (PSD/LS). Now keep the noise and take ten times as many measurements, 200 per data set.
# **Before running the next cell**, predict what happens to PSD/LS:
#
# - **a**: PSD/LS falls further: with more data the second law has more to work with
# - **b**: PSD/LS rises towards sym/LS: the PSD step acts in fewer data sets
# - **c**: PSD/LS stays the same, within its Monte Carlo error, like sym/LS
# - **d**: PSD/LS rises above 1: once the data are good, clipping eigenvalues makes the estimate worse
#
# Store your letter as `prediction` (e.g. `"a"`).

# %%
### BEGIN SOLUTION
prediction = "b"
### END SOLUTION
check("ch08-predict-psd", prediction)

# %% [markdown]
# Now the experiment, 4000 data sets for each number of measurements. The last column is the share
# of data sets in which $\mathrm{sym}\,\hat W$ had a negative eigenvalue, so that the clipping acted.

# %%
if prediction is ...:
    print("Record your prediction above first, then run this cell.")
else:
    L3 = O.random_response_matrix(3, smallest=0.05, key=jax.random.key(0))
    for m in (20, 200):
        run = O.onsager(L3, m, 0.3, n_trials=4000, key=jax.random.key(2))
        print(f"m = {m:3d}:  sym/LS = {run.ratio_sym:.3f},  PSD/LS = {run.ratio_psd:.3f},  "
              f"clipping acts in {100 * run.not_psd:.0f}% of data sets")


# %% [markdown]
# ## Task 8.4: one data set against the average (interpret the explorer)
#
# In the explorer below (noise $10^{-1}$, 20 measurements), each blue dot is one data set: its
# squared least-squares error (horizontal) against its squared error after the symmetric projection
# (vertical). Both axes are logarithmic, the solid line is "no gain" ($y = x$) and the dashed line
# is $y = \frac{n+1}{2n}\,x$, the average. Set the number of forces to $n = 2$, then to $n = 6$, and
# look at how the blue dots sit relative to the dashed line. Which statement describes what you
# see, and why?
#
# - **a**: at $n = 2$ the blue dots scatter widely about the dashed line, at $n = 6$ they gather
#   close to it: the removed error is a sum over the $n(n-1)/2$ off-diagonal pairs, and the more
#   pairs, the closer each data set's share comes to the average share
# - **b**: the scatter about the dashed line is the same for every $n$; only the dashed line moves,
#   because the ratio is a count of dimensions
# - **c**: at $n = 6$ the blue dots scatter more widely about the dashed line, because a larger
#   matrix has more entries that can be wrong
# - **d**: at $n = 2$ some blue dots lie above the solid line: for a small matrix, symmetrising can
#   make a single data set's error larger
#
# Store your letter as `explorer_answer`.

# %%
figures.onsager().live(n=2)

# %%
### BEGIN SOLUTION
explorer_answer = "a"
### END SOLUTION
check("ch08-explorer-spread", explorer_answer)

# %% [markdown]
# The same in numbers: for each $n$, 4000 data sets. The second column is the average, the ratio of
# the mean squared errors that the dashed line shows; the last is the range of the single data
# sets' ratios $\lVert\mathrm{sym}\,\hat W - L\rVert^2 / \lVert\hat W - L\rVert^2$ that holds the middle
# 90% of them (from the 5th to the 95th percentile):

# %%
if explorer_answer is ...:
    print("Record your answer above first, then run this cell.")
else:
    print(" n   ratio of means   middle 90% of single data sets")
    for n in (2, 4, 6):
        run = O.onsager(O.random_response_matrix(n, key=jax.random.key(0)), 20, 0.1, n_trials=4000,
                        key=jax.random.key(1))
        ratio = run.errors.sym / run.errors.ls
        low, high = np.percentile(ratio, [5, 95])
        print(f"{n:2d}   {run.ratio_sym:.3f}            {low:.2f} to {high:.2f}")

# %% [markdown]
# ## Task 8.5: when symmetrising stops paying in a field (compute and reason)
#
# In a magnetic field the response is not symmetric, and the chapter's eq. (bias) says
# $\mathbb E\lVert\mathrm{sym}\,\hat W - L\rVert^2 = \frac{n+1}{2n}\,\mathbb E\lVert\Delta\rVert^2 +
# \lVert\mathrm{skew}\,L\rVert^2$, with $\Delta = \hat W - L$ the least-squares error. Take the
# chapter's example: electrons in silicon, `L = O.drude_conductivity(1.0, -0.14, 0.7)` ($n = 3$),
# isotropic noise $\eta = 0.3$, forces $X_k\sim N(0, I)$. For these, the mean least-squares error
# is $\mathbb E\lVert\Delta\rVert^2 = \eta^2 n^2/(m - n - 1)$ (chapter exercise 2).
#
# Find `m_star`, the number of measurements per field at which symmetrising stops reducing the mean
# squared error (a real number; you may solve the condition by hand or numerically). Questions to
# ask yourself: which share of $\mathbb E\lVert\Delta\rVert^2$ does symmetrising remove? How large
# is $\lVert\mathrm{skew}\,L\rVert^2$ for this matrix?

# %%
### BEGIN SOLUTION
L_hall = O.drude_conductivity(1.0, -0.14, 0.7)
n, eta = 3, 0.3
bias = np.sum((0.5 * (L_hall - L_hall.T)) ** 2)
# the gain (n−1)/(2n)·η²n²/(m−n−1) equals the bias at m_star
m_star = n + 1 + eta ** 2 * n * (n - 1) / (2 * bias)
### END SOLUTION
check("ch08-casimir-crossover", m_star)

# %% [markdown]
# A Monte Carlo check with {func}`physml.onsager.casimir`, 4000 pairs of data sets a little below
# and a little above the crossover:

# %%
L_hall = O.drude_conductivity(1.0, -0.14, 0.7)
for m in (14, 24):
    c = O.casimir(L_hall, m, 0.3, n_trials=4000, key=jax.random.key(m))
    verdict = "helps" if c.mean_sym < c.mean_ls else "hurts"
    print(f"m = {m}: least squares {c.mean_ls:.3f}, symmetrised {c.mean_sym:.3f}  -> symmetrising {verdict}")

# %% [markdown]
# **Going further.** Make the smallest eigenvalue of $L$ tiny
# (`O.random_response_matrix(3, smallest=1e-3, key=jax.random.key(0))`) and find the noise at which
# the positive-semidefinite projection starts to help. Why does it never help when all eigenvalues
# of $L$ are large compared with the noise?

# %% [markdown] tags=["solution"]
# **Model answer.** With 20 measurements and 2000 data sets per noise level,
# `O.onsager(L, 20, noise, n_trials=2000, key=jax.random.key(1))` gives a PSD ratio equal to the
# symmetric one (0.66) up to $\eta = 10^{-3}$, where $\mathrm{sym}\,\hat W$ is never indefinite; at
# $\eta \approx 3\times10^{-3}$ the clipping acts in about 8% of the data sets and the PSD ratio drops
# to 0.64, and by $\eta = 0.1$ it acts in half of them (ratio 0.60). The threshold is where the
# typical error of an eigenvalue, about $\eta/\sqrt{m-n-1} \approx \eta/4$, reaches the smallest
# eigenvalue $10^{-3}$. When every eigenvalue of $L$ is much larger than that error, the eigenvalues
# of $\mathrm{sym}\,\hat W$ stay positive, the estimate already lies inside the cone of
# positive-semidefinite matrices, and the projection onto the cone is the identity: the constraint is
# true but inactive.

# %% [markdown]
# **Going further, in a magnetic field.** A Hall response `L = O.drude_conductivity(1.0, mu, 1.0)`
# obeys $L(B) = L(-B)^\top$ but is not symmetric. For $\mu B = 0.05$ and $0.3$, compare `mean_ls`,
# `mean_sym` and `mean_pooled` of `O.casimir(L, m, 0.3, key=jax.random.key(0))` at $m = 10$ and
# $m = 1000$: when does symmetrising pay off, and why does pooling the fits at $\pm B$ always pay off?

# %% [markdown] tags=["solution"]
# **Model answer.** The bias $\lVert\mathrm{skew}\,L\rVert^2 = 2\beta^2/(1+\beta^2)^2$ is $5.0\times10^{-3}$
# for $\beta = 0.05$ and $0.15$ for $\beta = 0.3$. At $m = 10$ least squares has a mean squared error of
# about $0.145$: for $\beta = 0.05$ symmetrising lowers it to about $0.10$ (the noise it removes,
# $\tfrac13$ of $0.145$, exceeds the bias), while for $\beta = 0.3$ it raises it to about $0.25$. At
# $m = 1000$ least squares is down to about $8\times10^{-4}$ and symmetrising is worse in both cases,
# levelling off at the bias ($5.5\times10^{-3}$ and $0.15$). So symmetrising pays only while
# $\tfrac{n-1}{2n}\mathbb E\lVert\Delta\rVert^2$ exceeds the bias, i.e. for small fields and few
# measurements. Pooling, $\tfrac12(\hat W(B) + \hat W(-B)^\top)$, projects onto the set of pairs
# $(M, M^\top)$, which contains the true pair for every field, so it has no bias; it averages two
# independent estimates of the same matrix and halves the error at every $m$ and $\beta$
# (about $0.067$ at $m = 10$, $4\times10^{-4}$ at $m = 1000$).
