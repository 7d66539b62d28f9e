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
# # Practice 1: loss landscapes as potential energy surfaces
#
# Practice for {ref}`ch-loss-landscapes`. Four tasks; after each, run the `check(...)` cell. It
# answers ✓, gives a hint, or says "not attempted yet". Replace each `...` below
# `# YOUR CODE HERE`. Sliders and answer boxes need a running kernel (JupyterLab, Binder, Colab).

# %%
import jax.numpy as jnp
import numpy as np

from physml import landscape as L
from physml import widgets
from physml.checks import check
from physml.interactives import landscape as figures


# %% [markdown]
# ## Task 1.1 — the force on the particle
#
# The chapter's landscape is $E(x, y) = \tfrac12 x^2 + 2y^2 + \log\cosh(x+y)$. Write its gradient
# **by hand** (no `jax.grad`): `grad_E(theta)` takes `theta = jnp.array([x, y])` and returns
# `jnp.array([dE/dx, dE/dy])`. Recall $\frac{d}{ds}\log\cosh s = \tanh s$.

# %%
def grad_E(theta):
    ### BEGIN SOLUTION
    x, y = theta[0], theta[1]
    t = jnp.tanh(x + y)
    return jnp.array([x + t, 4.0 * y + t])
    ### END SOLUTION


# %%
check("ch01-gradient", grad_E)

# %% [markdown]
# ## Task 1.2 — the largest stable step
#
# Gradient descent on the quadratic $E = \tfrac12\theta^\top A\theta$ with the matrix below. Move
# the slider and watch $|\theta_k|$: find the largest step size $\alpha$ for which the iterates still
# converge. Then explain it from the eigenvalues of $A$, set `alpha_critical`, and check it (or type
# your value in the answer box and press *Check*).

# %%
A = jnp.array([[3.0, 1.0], [1.0, 3.0]])
figures.quadratic_step(A).live(learning_rate=0.1)

# %%
### BEGIN SOLUTION
alpha_critical = 2.0 / float(np.linalg.eigvalsh(A).max())
### END SOLUTION
check("ch01-critical-step", alpha_critical)

# %% tags=["remove-output"]
widgets.answer_box("ch01-critical-step", "largest stable α")


# %% [markdown]
# ## Task 1.3 — a gradient-descent loop
#
# Write `my_gradient_descent(grad, theta0, learning_rate, n_steps)` returning an array of shape
# `(n_steps + 1, len(theta0))`: row $k$ is $\theta_k$, row 0 the start. A Python loop is fine.

# %%
def my_gradient_descent(grad, theta0, learning_rate, n_steps):
    ### BEGIN SOLUTION
    thetas = [jnp.asarray(theta0)]
    for _ in range(n_steps):
        thetas.append(thetas[-1] - learning_rate * grad(thetas[-1]))
    return jnp.stack(thetas)
    ### END SOLUTION


# %%
check("ch01-gradient-descent", my_gradient_descent)


# %% [markdown]
# ## Task 1.4 — the stiffest mode by power iteration
#
# Write `power_iteration(matvec, x0, n_iter)`: starting from `x0`, repeat $x \leftarrow Mx/\lVert
# Mx\rVert$ `n_iter` times using only the function `matvec(x)` $= Mx$, and return the eigenvalue
# estimate $x^\top M x$ (a number). With `matvec` a Hessian-vector product this is how the chapter
# measured $\lambda_{\max}$ of a network.

# %%
def power_iteration(matvec, x0, n_iter):
    ### BEGIN SOLUTION
    x = x0 / jnp.linalg.norm(x0)
    for _ in range(n_iter):
        y = matvec(x)
        x = y / jnp.linalg.norm(y)
    return float(x @ matvec(x))
    ### END SOLUTION


# %%
check("ch01-power-iteration", power_iteration)

# %% [markdown]
# Try it on the Hessian of the chapter's landscape at the origin, with a Hessian-vector product
# from {func}`physml.landscape.hessian_vector_product`; the answer is $\beta = (7+\sqrt{13})/2$.

# %%
hvp = lambda v: L.hessian_vector_product(L.smooth_bowl, jnp.zeros(2), v)
if power_iteration(hvp, jnp.array([1.0, 0.3]), 50) is not ...:
    print(f"lambda_max at the origin: {power_iteration(hvp, jnp.array([1.0, 0.3]), 50):.4f}"
          f"  (beta = {L.SMOOTH_BOWL_BETA:.4f})")
else:
    print("complete task 1.4 first")
