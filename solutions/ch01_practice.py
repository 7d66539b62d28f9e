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
# # Practice 1: loss landscapes as potential energy surfaces
#
# Practice for [Chapter 1, *Loss landscapes as potential energy surfaces*](../book/ch01_loss_landscapes.ipynb). Six tasks: a force worked out by hand, a prediction made
# before an experiment, a stability limit predicted on paper and then tested with a slider, a
# derivation, a question about the chapter's explorer, and a curvature measurement on a small
# network. After each, run the `check(...)` cell:
# it says ✓, or gives a hint in the form of a question, or says "not attempted yet". Replace each
# `...` below `# YOUR CODE HERE`. Sliders and answer boxes need a running kernel (JupyterLab,
# Binder, Colab). As in the chapter, $\alpha$ is the step size (learning rate) of gradient descent.

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
import jax.numpy as jnp
import numpy as np

from physml import landscape as L
from physml import widgets
from physml.checks import as_formula, check
from physml.interactives import landscape as figures
from physml.nn import mlp, mlp_init


# %% [markdown]
# ## Task 1.1 — the force on the particle
#
# The chapter's landscape is $E(x, y) = \tfrac12 x^2 + 2y^2 + \log\cosh(x+y)$. Work out its gradient
# **by hand** (no `jax.grad`) and write `grad_E(theta)`, which takes `theta = jnp.array([x, y])` and
# returns `jnp.array([dE/dx, dE/dy])`. You will need $\frac{d}{du}\log\cosh u = \tanh u$ and the
# chain rule for $u = x + y$. The check compares your function with `jax.grad` at random points.

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
# ## Task 1.2 — predict, then watch: the stiff direction
#
# Take the quadratic $E = \tfrac12\theta^\top A\theta$ with
# $A = \bigl(\begin{smallmatrix}3&1\\1&3\end{smallmatrix}\bigr)$. Its eigenvectors are
# $u_{\rm flat} = (1, -1)/\sqrt2$ with eigenvalue 2 and $u_{\rm stiff} = (1, 1)/\sqrt2$ with
# eigenvalue 4. We will run gradient descent at $\alpha = 0.4$ from $\theta_0 = (1, -0.5)$ and
# follow the component $c_{\rm stiff} = u_{\rm stiff}^\top\theta_k$ from step to step.
#
# **Before running anything**, predict what $c_{\rm stiff}$ does:
#
# - (a) it shrinks at every step and keeps its sign, as under gradient flow;
# - (b) it flips its sign at every step and shrinks;
# - (c) it flips its sign at every step and grows;
# - (d) it flips its sign at every step and keeps its size.
#
# Write the letter of your prediction, as a string, and check it.

# %%
### BEGIN SOLUTION
prediction = "b"
### END SOLUTION
check("ch01-predict-overshoot", prediction)

# %% [markdown]
# Now the experiment: the two components of $\theta_k$ for the first six steps.

# %%
A = jnp.array([[3.0, 1.0], [1.0, 3.0]])
if prediction is ...:
    print("Record your prediction above first, then run this cell.")
else:
    path = np.asarray(L.gradient_descent(lambda th: A @ th, jnp.array([1.0, -0.5]), 0.4, 6))
    u_flat, u_stiff = np.array([1.0, -1.0]) / np.sqrt(2), np.array([1.0, 1.0]) / np.sqrt(2)
    for k, theta in enumerate(path):
        print(f"k = {k}: c_flat = {theta @ u_flat:+.4f}   c_stiff = {theta @ u_stiff:+.4f}")

# %% [markdown]
# Each component is multiplied by the same number at every step. Which number, for each? Read it
# off the table and compare with $1 - \alpha\lambda$.
#
# ## Task 1.3 — the largest stable step
#
# Same quadratic. **Before touching the slider**, work out on paper, from the eigenvalues of $A$
# alone, the largest step size for which gradient descent still converges from every start. Which
# of the two directions decides it, and why not the other? Set `alpha_critical` to your prediction
# and check it (or type your value in the answer box further down and press *Check*).

# %%
### BEGIN SOLUTION
alpha_critical = 2.0 / float(np.linalg.eigvalsh(A).max())
### END SOLUTION
check("ch01-critical-step", alpha_critical)

# %% [markdown]
# Now test the prediction with the slider, which shows $|\theta_k|$ against $k$: set it a little
# below your value, then a little above. Does $|\theta|$ stop shrinking where you predicted? Just
# below the edge, how many steps does the run need to shrink $|\theta|$ by ten, and why so many?

# %%
figures.quadratic_step(A).live(learning_rate=0.1)

# %% tags=["remove-output"]
widgets.answer_box("ch01-critical-step", "largest stable α")

# %% [markdown]
# ## Task 1.4 — derive the fastest step
#
# A stable step is not yet a good one. On a quadratic whose Hessian eigenvalues lie between
# $\lambda_{\min}$ and $\lambda_{\max}$ (both positive), a component along an eigenvector with
# eigenvalue $\lambda$ is multiplied by $1 - \alpha\lambda$ per step, so after many steps
# $\lVert\theta_k\rVert$ shrinks by the factor $\max\bigl(|1 - \alpha\lambda_{\min}|,\,
# |1 - \alpha\lambda_{\max}|\bigr)$ per step (the eigenvalues in between never do worse). Derive
# the step size $\alpha^*$ that makes this factor as small as possible.
#
# Write your answer as a string in Python syntax with the names `lmin` and `lmax` (for example
# `"1/(lmin*lmax)"`), or as a function `lambda lmin, lmax: ...`, and check it.

# %%
### BEGIN SOLUTION
alpha_best = "2/(lmin + lmax)"
### END SOLUTION
check("ch01-optimal-step", alpha_best)

# %% [markdown]
# Test your formula with physml: on the chapter's quadratic with eigenvalues 1 and 10, the cell
# below runs 60 steps of {func}`physml.landscape.gradient_descent` at a few step sizes, including
# yours, and prints the factor by which $\lVert\theta\rVert$ shrank in the last step. Yours should
# give the smallest.

# %%
Q = np.array([[np.cos(0.4), -np.sin(0.4)], [np.sin(0.4), np.cos(0.4)]])
A10 = jnp.asarray(Q @ np.diag([1.0, 10.0]) @ Q.T)
steps = [0.12, 0.15, 0.19]
if alpha_best is not ...:
    steps.insert(2, float(as_formula(alpha_best, ("lmin", "lmax"))(1.0, 10.0)))
for alpha in steps:
    norms = np.linalg.norm(np.asarray(L.gradient_descent(lambda th: A10 @ th, jnp.array([1.0, 1.0]), alpha, 60)),
                           axis=1)
    print(f"alpha = {alpha:.4f}: |theta| shrinks by {norms[-1] / norms[-2]:.3f} per step")

# %% [markdown]
# **Going further.** What is the per-step factor at $\alpha^*$, written with the condition number
# $\kappa = \lambda_{\max}/\lambda_{\min}$? About how many steps does it take to gain one decimal
# digit of accuracy when $\kappa = 100$?

# %% [markdown] tags=["solution"]
# **Model answer.** At $\alpha^* = 2/(\lambda_{\min} + \lambda_{\max})$ both factors have the same
# size, $1 - \alpha^*\lambda_{\min} = (\lambda_{\max} - \lambda_{\min})/(\lambda_{\max} +
# \lambda_{\min}) = (\kappa - 1)/(\kappa + 1)$. For $\kappa = 10$ that is $9/11 \approx 0.818$, the
# number printed above. One decimal digit needs $k$ steps with $((\kappa-1)/(\kappa+1))^k = 0.1$,
# i.e. $k = \ln 10/\ln\frac{\kappa+1}{\kappa-1} \approx (\ln 10/2)\,\kappa$: about 115 steps for
# $\kappa = 100$. The cost of plain gradient descent grows linearly with the condition number,
# which is what momentum methods and preconditioning (Adam's per-parameter scaling) try to reduce.

# %% [markdown]
# ## Task 1.5 — why does the run bounce?
#
# Open the chapter's explorer below (gradient descent on the smooth bowl from $(2.5, -1.6)$) and
# set the step to $\alpha = 0.45$, between $2/\beta \approx 0.377$ and $0.5$. The status line says
# that the energy rose at most steps, yet the run does not diverge: the path ends going back and
# forth between two points. Try $0.35$ and $0.55$ as well. Which explanation is right?
#
# - (a) above $2/\beta$ the energy must rise at every step, so the run does diverge in the end;
#   40 steps are too few to see it;
# - (b) near the minimum the curvature exceeds $2/\alpha$ and repels the iterates; further out it
#   is below $2/\alpha$, and they settle on a cycle;
# - (c) the iterates have found a second, shallower minimum of $E$ away from the origin and are
#   trapped near it;
# - (d) rounding errors of floating-point arithmetic build up over the steps and happen to keep the
#   run bounded;
# - (e) $E$ grows only linearly far from the origin, so no step size, however large, can make
#   gradient descent diverge.

# %%
figures.step_size().live(learning_rate=0.45)

# %%
### BEGIN SOLUTION
explanation = "b"
### END SOLUTION
check("ch01-bounce", explanation)

# %% [markdown]
# Check the explanation with numbers: the last two points of the run, and the largest curvature
# of $E$ there and at the minimum, measured with {func}`physml.landscape.top_hessian_eigenvalue`,
# against $2/\alpha$.

# %%
if explanation is ...:
    print("Choose your explanation above first, then run this cell.")
else:
    run = L.bowl_descent(0.45)
    print("last two points:", np.round(run.path[-2:], 3).tolist())
    for name, point in (("at the minimum", jnp.zeros(2)), ("at the last point", jnp.asarray(run.path[-1]))):
        lam = L.top_hessian_eigenvalue(L.smooth_bowl, point, key=jax.random.key(0), n_iter=100)
        print(f"lambda_max {name}: {lam:.2f}   (2/alpha = {2 / 0.45:.2f})")

# %% [markdown]
# ## Task 1.6 — the stability limit of a network
#
# A two-hidden-layer $\tanh$ network (8 neurons per layer, 97 parameters) starts from fixed random
# weights and is fitted to $y = \tanh 3x$ at 16 points by the mean squared error. Use
# {func}`physml.landscape.top_hessian_eigenvalue` (power iteration on Hessian-vector products, as in
# the chapter) to find the step size `alpha_max` above which gradient descent would be unstable
# on the local quadratic model at the starting parameters. Give the power iteration enough
# iterations to settle (compare two values of `n_iter`).

# %%
x_train = jnp.linspace(-2.0, 2.0, 16)[:, None]
y_train = jnp.tanh(3 * x_train)
params0 = mlp_init((1, 8, 8, 1), key=jax.random.key(3))


def loss(params):
    return jnp.mean((mlp(params, x_train) - y_train) ** 2)


### BEGIN SOLUTION
alpha_max = 2 / L.top_hessian_eigenvalue(loss, params0, key=jax.random.key(0), n_iter=200)
### END SOLUTION
check("ch01-network-limit", alpha_max)

# %% [markdown]
# Now train with plain gradient descent for 300 steps at half, 0.9 times and 1.5 times your
# `alpha_max`, and measure $\lambda_{\max}$ again after the first step, after the second, and at
# the end (step 300).

# %%
grad_loss = jax.grad(loss)   # one function object: gradient_descent compiles it once


def params_at(path, k):
    """The parameters after k steps, from a path returned by L.gradient_descent."""
    return jax.tree_util.tree_map(lambda leaf: leaf[k], path)


if alpha_max is not ...:
    for factor in (0.5, 0.9, 1.5):
        alpha = factor * alpha_max
        path = L.gradient_descent(grad_loss, params0, alpha, 300)
        losses = np.asarray(jax.vmap(loss)(path))
        lams = [L.top_hessian_eigenvalue(loss, params_at(path, k), key=jax.random.key(0), n_iter=200)
                for k in (1, 2, 300)]
        print(f"alpha = {factor} x alpha_max: loss fell at every step: {bool(np.all(np.diff(losses) < 0))}; "
              f"lambda_max after 1, 2, 300 steps = {lams[0]:.1f}, {lams[1]:.1f}, {lams[2]:.1f}; "
              f"2/alpha = {2 / alpha:.1f}")
else:
    print("complete task 1.6 first")

# %% [markdown]
# **Going further.** Even at $1.5\times$ `alpha_max` the loss fell at every step, unlike the
# chapter's runs. Use the printed numbers to explain why the limit measured at the start did not
# apply, and say what you would need to measure to predict an overshoot.

# %% [markdown] tags=["solution"]
# **Model answer.** $2/\lambda_{\max}$ is the stability limit of the *local quadratic model* at the
# point where $\lambda_{\max}$ was measured. At the start $\lambda_{\max} = 8.8$ exceeds
# $2/\alpha = 5.8$ at $1.5\times$, and most of the gradient (about 80 % of $\lVert\nabla E\rVert^2$)
# lies along the stiff eigenvector, so the local quadratic model predicts that the first step
# *raises* the loss (from 1.56 to about 3.0). It does not (the loss falls to 0.44), because that
# step is long, $\alpha\lVert\nabla E\rVert \approx 1.6$, compared with the distance over which the
# curvature changes: along the step the curvature in the step's direction falls from 6.9 to below
# zero, so the loss is not a parabola over that distance. After the first step $\lambda_{\max}$ is
# 6.7, still above $2/\alpha$, yet the second step also lowers the loss; from the second step on
# $\lambda_{\max}$ is about 4.2 (between 4.0 and 4.7 for the rest of the run), below $2/\alpha$, and
# no direction is amplified. To predict an overshoot, measure $\lambda_{\max}$ where the iterate
# is, along the run, and compare it with $2/\alpha$; in the chapter's network the curvature
# instead grew during training until it met $2/\alpha$, the edge of stability.
