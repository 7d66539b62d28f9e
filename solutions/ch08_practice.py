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
# # Practice 8: Onsager reciprocity as a prior
#
# Practice for {ref}`ch-onsager`. Five tasks: write the symmetric estimator, derive its average
# gain as a formula in the number of forces, predict how that gain depends on the noise and the
# number of measurements, explain what the explorer shows about the second law, and find where
# symmetrising stops paying in a magnetic field. Replace each `...` below `# YOUR CODE HERE`, then
# run the `check(...)` cell after it. Where a task asks for a prediction, write it down *before* you
# run the experiment: the point is to find out whether your reasoning was right.

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
# the rows of `X` and `J` satisfy, and whether `np.linalg.lstsq` returns $\hat W$ or its transpose.
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
S = my_symmetric_estimate(data.X, data.J)
if S is ...:
    print("(write my_symmetric_estimate first)")
else:
    W = O.least_squares_response(data.X, data.J)
    print(f"‖Ŵ − L‖² = {np.sum((W - L) ** 2):.4f},  ‖sym Ŵ − L‖² = {np.sum((S - L) ** 2):.4f},  "
          f"‖skew Ŵ‖² = {np.sum((0.5 * (W - W.T)) ** 2):.4f}")

# %% [markdown]
# ## Task 8.2: the average gain as a formula in $n$ (derive)
#
# Assume isotropic noise: the errors of the $n^2$ entries of $\hat W$ are spread evenly over all
# directions in the space of $n\times n$ matrices (or, more carefully, use the chapter's error
# covariance with $\Sigma_\varepsilon = I$). Derive the fraction of the mean squared error that
# *remains* after symmetrising,
# $\mathbb E\lVert\mathrm{sym}\,\hat W - L\rVert^2 / \mathbb E\lVert\hat W - L\rVert^2$,
# as a formula in the number of forces $n$. Store it as a string in Python syntax, e.g.
# `"1 - 1/n**2"` (or as a function of `n`).
#
# Questions that lead there: what are the dimensions of the symmetric and of the antisymmetric
# matrices? Which of the two does the projection keep? What should your formula give at $n = 1$?

# %%
### BEGIN SOLUTION
remaining_fraction = "(n + 1)/(2*n)"
### END SOLUTION
check("ch08-gain-formula", remaining_fraction)

# %% [markdown]
# Compare your formula with a Monte Carlo of 4000 data sets for $n = 2, \dots, 5$:

# %%
if remaining_fraction is ...:
    print("(derive remaining_fraction first)")
else:
    from physml.checks import as_formula
    mine = as_formula(remaining_fraction, ("n",))
    print(" n   Monte Carlo        your formula")
    for n in (2, 3, 4, 5):
        run = O.onsager(O.random_response_matrix(n, key=jax.random.key(0)), 20, 0.1, n_trials=4000,
                        key=jax.random.key(n))
        print(f"{n:2d}   {run.ratio_sym:.3f} ± {run.ratio_sym_stderr:.3f}    {float(mine(n)):.3f}")

# %% [markdown]
# ## Task 8.3: more noise, fewer measurements (predict, then run)
#
# Take $n = 4$ forces, 40 measurements per data set and noise level $\eta = 0.1$: a good experiment,
# for which the Monte Carlo of task 8.2 matched the formula. Now make it much worse: ten times the noise,
# $\eta = 1$, and only 10 measurements per data set. **Before running the next cell**, predict what
# happens to the ratio of mean squared errors, symmetrised over least squares:
#
# - **a**: it falls: with ten times the noise there is more antisymmetric error for the projection to remove
# - **b**: it rises towards 1: with so few measurements the fit is too poor for a prior to help
# - **c**: it stays the same, within its Monte Carlo error
# - **d**: it falls below 1/2, because the PSD clipping now acts as well
#
# Store your letter as `prediction` (e.g. `"a"`).

# %%
### BEGIN SOLUTION
prediction = "c"
### END SOLUTION
check("ch08-predict-noise", prediction)

# %% [markdown]
# Now the experiment. The mean squared error of least squares grows by a large factor; look at what
# the ratio does.

# %%
if prediction is ...:
    print("Record your prediction above first, then run this cell.")
else:
    L4 = O.random_response_matrix(4, key=jax.random.key(0))
    for m, eta in ((40, 0.1), (10, 1.0)):
        run = O.onsager(L4, m, eta, n_trials=4000, key=jax.random.key(2))
        print(f"m = {m:2d}, η = {eta:.1f}:  mean ‖Ŵ − L‖² = {run.mean_ls:.1e},  "
              f"sym/LS = {run.ratio_sym:.3f} ± {run.ratio_sym_stderr:.3f}  (formula {run.theory:.3f})")


# %% [markdown]
# ## Task 8.4: what the second law adds (interpret the explorer)
#
# In the explorer below ($n = 3$ forces, 20 measurements, a response whose eigenvalues run from 0.05
# to 1), each blue dot is one data set after the symmetric projection and each red cross the same
# data set after the PSD projection (clipping negative eigenvalues). Move the noise slider from
# $10^{-3}$ to $10^{0.5}$ and watch the red crosses and the status line. Which statement describes
# what you see, and why?
#
# - **a**: the red crosses sit on the blue dots at small noise and drop below them only at large
#   noise, because only then does the noise push an eigenvalue of $\mathrm{sym}\,\hat W$ below zero
# - **b**: the red crosses lie below the blue dots by the same factor at every noise level: the second
#   law is an extra constraint, and an extra constraint always helps
# - **c**: at large noise the red crosses rise above the blue dots, because setting eigenvalues to
#   zero adds a bias
# - **d**: nothing changes shape: both clouds slide along the diagonal, because the gain does not
#   depend on the noise
#
# Store your letter as `explorer_answer`.

# %%
figures.onsager().live(n=3)

# %%
### BEGIN SOLUTION
explorer_answer = "a"
### END SOLUTION
check("ch08-explorer-psd", explorer_answer)

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
