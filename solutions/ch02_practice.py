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
# # Practice 2: the topology of high-dimensional landscapes
#
# Practice for {ref}`ch-landscape-topology`. Three tasks; after each, run the `check(...)` cell.
# Replace each `...` below `# YOUR CODE HERE`.

# %%
import jax
import numpy as np

from physml import landscape as L
from physml import widgets
from physml.checks import check
from physml.interactives import landscape as figures


# %% [markdown]
# ## Task 2.1 — classify a critical point
#
# Write `classify(hessian)` returning `"minimum"`, `"maximum"`, `"saddle"` or `"degenerate"`
# (treat eigenvalues with $|\lambda| \le 10^{-8}$ as zero). Careful: the diagonal of a matrix is not
# its spectrum.

# %%
def classify(hessian):
    ### BEGIN SOLUTION
    lam = np.linalg.eigvalsh(np.asarray(hessian))
    if np.any(np.abs(lam) <= 1e-8):
        return "degenerate"
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "saddle"
    ### END SOLUTION


# %%
check("ch02-classify", classify)

# %% [markdown]
# ## Task 2.2 — how often is a random 2×2 Hessian definite?
#
# Draw many GOE matrices $M = (G + G^\top)/2$ with $G_{ij} \sim \mathcal N(0, 1)$, and estimate the
# probability `p_definite` that both eigenvalues have the same sign. Compare with the coin-flip guess
# $2^{1-n} = 1/2$. (Use numpy's `np.random.default_rng(seed)` and at least $10^5$ samples.)

# %%
### BEGIN SOLUTION
rng = np.random.default_rng(0)
G = rng.normal(size=(200_000, 2, 2))
lam = np.linalg.eigvalsh((G + np.swapaxes(G, 1, 2)) / 2)
p_definite = float(np.mean((lam[:, 0] > 0) | (lam[:, 1] < 0)))
### END SOLUTION
check("ch02-goe-2x2", p_definite)

# %% [markdown]
# ## Task 2.3 — how long does it take to leave a saddle?
#
# Gradient descent with $\alpha = 0.1$ on $f = x^2/2 + y^4/4 - y^2/2$ starts at $(1, y_0)$. Use the
# slider to read the escape step (the green line) for several $y_0$; or call
# `L.saddle_escape(y0, key=jax.random.key(0)).escaped_at`. Fit
# $k_{\text{escape}} = a + s\ln(1/|y_0|)$ and report the slope `slope` (steps per e-fold).

# %%
figures.saddle_escape().live(log10_y0=-6.0)

# %%
### BEGIN SOLUTION
log10_y0 = np.arange(-12.0, -1.0)
steps = [L.saddle_escape(10.0 ** v, key=jax.random.key(0)).escaped_at for v in log10_y0]
slope = float(np.polyfit(np.log(10.0 ** -log10_y0), steps, 1)[0])
### END SOLUTION
check("ch02-escape-slope", slope)

# %% tags=["remove-output"]
widgets.answer_box("ch02-escape-slope", "slope (steps per e-fold)")

# %% [markdown]
# Now tick *noise* in the explorer and set $y_0$ very small: with noise $\sigma$ the escape time no
# longer depends on $y_0$ once $|y_0| \ll \sigma$. Why?
