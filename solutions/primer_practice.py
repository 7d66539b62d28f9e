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
# # Practice P: machine learning and JAX
#
# Practice for [the primer](../book/primer.ipynb). Four tasks; after each, run the `check(...)` cell. It answers ✓,
# gives a hint, or says "not attempted yet". Replace each `...` below `# YOUR CODE HERE`.

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
import optax

from physml.checks import check
from physml.nn import mlp

# %% [markdown]
# ## Task P.1 — predict, then count
#
# `mlp_init((2, 10, 10, 1), key=...)` builds a network with 2 inputs, two hidden layers of 10
# tanh neurons and one output. **Before running anything**, work out on paper how many numbers
# (weights and biases) it holds, and set `n_params` to your prediction. Then check it. Afterwards,
# count them with JAX: build the network and add up `leaf.size` over
# `jax.tree_util.tree_leaves(params)`; `jax.tree_util.tree_map(jnp.shape, params)` shows the shapes.

# %%
### BEGIN SOLUTION
n_params = (2 * 10 + 10) + (10 * 10 + 10) + (10 * 1 + 1)
### END SOLUTION
check("primer-count", n_params)

# %% [markdown]
# ## Task P.2 — the gradient of a one-neuron loss, by hand
#
# One neuron predicts $\hat y = \tanh(wx + b)$ and is scored by the squared error
# $\ell(w, b) = (\hat y - y)^2$ on one example $(x, y)$. Derive $\partial\ell/\partial w$ and
# $\partial\ell/\partial b$ on paper (the chain rule, and $\frac{d}{du}\tanh u = 1 - \tanh^2 u$),
# then write `neuron_grad(w, b, x, y)` returning `jnp.array([dl_dw, dl_db])` **without** `jax.grad`.
# The check compares it with `jax.grad`; the cell after it lets you do the same yourself.

# %%
def neuron_grad(w, b, x, y):
    ### BEGIN SOLUTION
    u = jnp.tanh(w * x + b)
    common = 2 * (u - y) * (1 - u**2)
    return jnp.array([common * x, common])
    ### END SOLUTION


# %%
check("primer-neuron-gradient", neuron_grad)

# %%
def neuron_loss(wb, x, y):
    return (jnp.tanh(wb[0] * x + wb[1]) - y) ** 2

if neuron_grad(0.3, -0.2, 1.5, 0.4) is not ...:
    print("yours:   ", np.round(np.asarray(neuron_grad(0.3, -0.2, 1.5, 0.4)), 6))
    print("jax.grad:", np.round(np.asarray(jax.grad(neuron_loss)(jnp.array([0.3, -0.2]), 1.5, 0.4)), 6))

# %% [markdown]
# ## Task P.3 — one gradient per example, with `vmap`
#
# `example_loss(params, x, y)` is the squared error of an MLP on **one** example (`x` and `y` of
# shape `(1,)`). SGD averages gradients over a minibatch; sometimes one needs each example's
# gradient separately (to see which data points pull hardest, for instance). Write
# `per_example_grads(params, xs, ys)` that returns, for a batch `xs`, `ys` of shape `(N, 1)`,
# a pytree shaped like `params` whose every leaf has a leading axis of length `N`: leaf `[i]` is the
# gradient for example `i`. Use `jax.grad` and `jax.vmap` — think about which arguments are mapped
# over (the `in_axes` argument of `vmap`) and which are shared by every example.

# %%
def example_loss(params, x, y):
    return jnp.sum((mlp(params, x) - y) ** 2)


def per_example_grads(params, xs, ys):
    ### BEGIN SOLUTION
    return jax.vmap(jax.grad(example_loss), in_axes=(None, 0, 0))(params, xs, ys)
    ### END SOLUTION


# %%
check("primer-per-example-gradients", per_example_grads)

# %% [markdown]
# ## Task P.4 — an Adam step
#
# Write one step of Adam, the equations (adam) of [the primer](../book/primer.ipynb), for an array `theta`: given the
# gradient `g`, the running means `m` and `v` and the step number `t` (1 for the first step),
# return the new `(theta, m, v)`. Use $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\epsilon = 10^{-8}$.
# The check runs five steps with your function and with `optax.adam` and compares.

# %%
def adam_step(theta, g, m, v, t, learning_rate, b1=0.9, b2=0.999, eps=1e-8):
    ### BEGIN SOLUTION
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g**2
    m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
    return theta - learning_rate * m_hat / (jnp.sqrt(v_hat) + eps), m, v
    ### END SOLUTION


# %%
check("primer-adam-step", adam_step)

# %% [markdown]
# Compare your step with `optax` yourself: the first step of Adam moves every parameter by almost
# exactly the learning rate, whatever the size of its gradient. Why, from the equations?

# %%
g = jnp.array([10.0, 1e-3])
opt = optax.adam(0.1)
updates, _ = opt.update(g, opt.init(jnp.zeros(2)))
print("optax, first step:", np.round(np.asarray(updates), 6))
mine = adam_step(jnp.zeros(2), g, jnp.zeros(2), jnp.zeros(2), 1, 0.1)
if mine is not ...:
    print("yours, first step:", np.round(np.asarray(mine[0]), 6))
