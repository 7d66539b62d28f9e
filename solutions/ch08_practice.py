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
# Practice for {ref}`ch-onsager`. Two tasks; after each, run the `check(...)` cell.
# Replace each `...` below `# YOUR CODE HERE`.

# %%
import jax
import numpy as np

from physml import onsager as O
from physml.checks import check
from physml.interactives import onsager as figures


# %% [markdown]
# ## Task 8.1: the symmetric estimator
#
# Write `my_symmetric_estimate(X, J)`. `X` and `J` hold one measurement per row, shapes $(m, n)$.
# Fit $J_k \approx W X_k$ by least squares (`np.linalg.lstsq`), then return the symmetric
# projection $\tfrac12(\hat W + \hat W^\top)$. Do not use `O.least_squares_response` or
# `O.symmetrize`.

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
# Try it on one data set: is your estimate closer to the truth than least squares?

# %%
L = O.random_response_matrix(4, key=jax.random.key(5))
data = O.simulate_response(L, n_samples=20, noise=0.2, key=jax.random.key(6))
S = my_symmetric_estimate(data.X, data.J)
if S is ...:
    print("(write my_symmetric_estimate first)")
else:
    W = O.least_squares_response(data.X, data.J)
    print(f"‖Ŵ − L‖² = {np.sum((W - L) ** 2):.4f},  ‖sym Ŵ − L‖² = {np.sum((S - L) ** 2):.4f}")

# %% [markdown]
# ## Task 8.2: the average gain, with a slider
#
# The explorer repeats the experiment on 4000 data sets for up to four forces ({func}`physml.onsager.onsager`; the
# figure shows 200 of them) and reports the ratio of mean squared errors, symmetric over least
# squares, with its Monte Carlo standard error of about ±0.003. Set four forces ($n = 4$), then move
# the noise and the number of samples. Does the ratio change by more than its error? Store the
# ratio you read for $n = 4$ (three decimals) as `ratio`, and say to a neighbour which formula in
# $n$ it matches. The check is tight enough to tell $n = 3$, $4$ and $5$ apart.

# %%
figures.onsager().live(n=2)

# %%
### BEGIN SOLUTION
L4 = O.random_response_matrix(4, key=jax.random.key(0))   # the explorer's response matrix for n = 4
run = O.onsager(L4, 40, 0.1, n_trials=4000, key=jax.random.key(1))   # its data sets, of 40 measurements
ratio = round(run.ratio_sym, 3)
print(ratio)
### END SOLUTION
check("ch08-gain", ratio)

# %% [markdown]
# **Going further.** Make the smallest eigenvalue of $L$ tiny
# (`O.random_response_matrix(3, smallest=1e-3, key=jax.random.key(0))`) and find the noise at which
# the positive-semidefinite projection starts to help. Why does it never help when all eigenvalues
# of $L$ are large compared with the noise?
#
# **Going further, in a magnetic field.** A Hall response `L = O.drude_conductivity(1.0, mu, 1.0)`
# obeys $L(B) = L(-B)^\top$ but is not symmetric. For $\mu B = 0.05$ and $0.3$, compare `mean_ls`,
# `mean_sym` and `mean_pooled` of `O.casimir(L, m, 0.3, key=jax.random.key(0))` at $m = 10$ and
# $m = 1000$: when does symmetrising pay off, and why does pooling the fits at $\pm B$ always pay off?
