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
# (primer)=
# # A primer: machine learning and JAX for physicists
#
# ```{admonition} At a glance
# :class: tip
# **You will learn** what the chapters take for granted: a neural network, a loss, training and
# test data, overfitting, stochastic gradient descent and Adam, and four tools of JAX — automatic
# differentiation, `jit`, `vmap` and pytrees — with PRNG keys for randomness. Each piece is written
# by hand in a few lines and then checked against the library the chapters use.
#
# **Prerequisites:** calculus (chain rule, Taylor series), NumPy. No machine learning.
#
# **Time to read:** about 15 minutes. **Time to run:** about 15 seconds on a 2-core laptop CPU. **Practice:** [Practice P: machine learning and JAX](../exercises/primer_practice.ipynb).
# ```
#
# Machine learning, for a physicist, is curve fitting with a very flexible family of functions and a
# very good minimiser. The family is the *neural network*, the quantity minimised is the *loss*,
# and the minimiser is a variant of gradient descent that needs the derivative of the loss with
# respect to thousands of parameters. That derivative is what JAX {cite}`primer-bradbury2018jax` computes
# for us, exactly and cheaply. We build each piece on a pendulum and a diatomic molecule.

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
import matplotlib.pyplot as plt
import numpy as np
import optax
from scipy.special import ellipk

from physml.nn import fit_adam, mlp, mlp_init
from physml.style import COLORS

# %% [markdown]
# (primer-arrays)=
# ## Arrays and random numbers
#
# `jax.numpy` (imported as `jnp`) mirrors NumPy: `jnp.exp`, `jnp.sum`, `@` for matrix products.
# Importing `physml` switches JAX to double precision, which the physics of this book needs.
# Randomness differs from NumPy: there is no hidden global state. A random function takes a
# **key**, a small array that fully determines what it draws; the same key always gives the same
# numbers. To draw independent numbers you **split** a key into new keys and never reuse one.

# %%
key = jax.random.key(0)
a = jax.random.normal(key, (3,))
b = jax.random.normal(key, (3,))
k_data, k_noise, k_net = jax.random.split(key, 3)          # three independent streams
c = jax.random.normal(k_data, (3,))
print("same key, same numbers:", bool(jnp.all(a == b)))
print("split key, new numbers:", bool(jnp.all(a != c)))

# %% [markdown]
# This makes every run of the book reproducible: each experiment names its key.
#
# (primer-autodiff)=
# ## Automatic differentiation
#
# **Automatic differentiation** (autodiff) evaluates the derivative of a function given as a
# program, exactly up to floating-point rounding, by applying the chain rule to each elementary
# operation the program performs {cite}`primer-baydin2018automatic`. It is neither symbolic (no formula
# is built) nor numerical (no step $h$). `jax.grad(f)` is a new function that returns $\nabla f$.
#
# Take the **Morse potential** of a diatomic molecule, the energy of two atoms at distance $r$,
#
# $$
# V(r) = D\,\bigl(1 - e^{-a(r - r_0)}\bigr)^2 ,
# \qquad F(r) = -V'(r) = -2Da\,e^{-a(r-r_0)}\bigl(1 - e^{-a(r-r_0)}\bigr),
# $$ (morse)
#
# with well depth $D$, equilibrium distance $r_0$ and range $1/a$. We compare the force from
# `jax.grad` with the closed form {eq}`morse` and with the central finite difference
# $-[V(r+h) - V(r-h)]/2h$, and the curvature $V''(r_0) = 2Da^2$ — the spring constant of the
# molecule's small vibrations — with `jax.grad` applied twice.

# %%
D, a_morse, r0 = 1.0, 1.5, 1.0

def morse(r):
    return D * (1 - jnp.exp(-a_morse * (r - r0))) ** 2

def morse_force(r):                                     # the closed form of eq. (morse)
    e = jnp.exp(-a_morse * (r - r0))
    return -2 * D * a_morse * e * (1 - e)

r = jnp.linspace(0.7, 3.0, 25)
force_ad = jnp.array([-jax.grad(morse)(ri) for ri in r])  # a Python loop; vmap below does better
err_ad = float(jnp.max(jnp.abs(force_ad - morse_force(r))))
print(f"autodiff vs closed form: max error below 1e-13: {err_ad < 1e-13}")
def fd_error(h):
    fd = -(morse(r + h) - morse(r - h)) / (2 * h)
    return float(jnp.max(jnp.abs(fd - morse_force(r))))

print(f"finite difference, h = 1e-2: max error {fd_error(1e-2):.0e}")
print(f"finite difference, h = 1e-5: max error below 1e-8: {fd_error(1e-5) < 1e-8}")
print(f"finite difference, h = 1e-10: max error above 1e-8 (rounding wins): {fd_error(1e-10) > 1e-8}")
k_spring = jax.grad(jax.grad(morse))(r0)
print(f"V''(r0) by autodiff = {float(k_spring):.12f},  2 D a^2 = {2 * D * a_morse**2:.12f}")

# %% [markdown]
# The finite difference has two errors that pull in opposite directions: truncation, of order
# $h^2 V'''$, which shrinks with $h$, and rounding, of order $\epsilon_{\text{mach}}V/h$, which grows
# as $h$ shrinks; at best it is good to about $10^{-10}$ here. Autodiff has neither: it agrees with
# the closed form to the last bits, and it differentiates any program — loops, branches, a whole
# neural network — not only a formula we could have written down.
#
# ```{admonition} How reverse mode works, and why one gradient costs about one evaluation
# :class: dropdown
# A program computes $L$ from inputs $\theta\in\mathbb{R}^n$ through intermediate values
# $z_1, z_2, \dots, z_K = L$, each an elementary function of earlier ones. The chain rule written
# backwards defines the *adjoints* $\bar z_k = \partial L/\partial z_k$:
# $\bar z_K = 1$ and $\bar z_j = \sum_{k > j} \bar z_k\, \partial z_k/\partial z_j$, summed over the
# operations $k$ that use $z_j$. One forward sweep stores the $z_k$; one backward sweep computes
# every $\bar z_j$, and among them the $n$ components of $\nabla_\theta L$. Each elementary operation
# is visited twice, so the cost is a small constant times one evaluation of $L$, whatever $n$ is.
# Finite differences would need $n + 1$ evaluations. This is *reverse mode*, known in neural
# networks as **backpropagation** {cite}`primer-rumelhart1986learning`; it is what makes training networks
# with millions of parameters possible. *Forward mode* (`jax.jvp`, used in chapter 5) pushes a
# derivative along one input direction instead, at the same cost per direction
# {cite}`primer-baydin2018automatic`.
# ```
#
# (primer-mlp)=
# ## A neural network, written by hand
#
# A **neuron** computes $\sigma(w^\top x + b)$: a weighted sum of its inputs $x$, shifted by a
# **bias** $b$, passed through a fixed nonlinear **activation** $\sigma$; we use $\tanh$. A
# **layer** is many neurons side by side, $h = \tanh(x W + b)$ with a **weight** matrix $W$ and a
# bias vector $b$. A **multilayer perceptron** (MLP) stacks layers; the last one is left linear so
# that the output can take any value:
#
# $$
# f_\theta(x) = \tanh\bigl(\tanh(x W_1 + b_1) W_2 + b_2\bigr) W_3 + b_3 .
# $$ (mlp)
#
# This is a *two-hidden-layer tanh MLP*: the two inner layers are **hidden** (their outputs are not
# seen), and their number of neurons is the **width**. The **parameters** $\theta$ are all the
# entries of all $W_i$ and $b_i$. With enough hidden neurons such a network can approximate any
# smooth function on a bounded domain; how well it does with finite data is the question of the
# next sections. We start the weights random, $W_{ij} \sim \mathcal N(0, 1/n_{\text{in}})$ with
# $n_{\text{in}}$ the number of inputs of the layer, so that $xW$ stays of order one, and the biases
# at zero.
#
# The parameters are stored as a list of dictionaries, one per layer. JAX calls such a nested
# container of arrays a **pytree**, and JAX's transformations accept one: `jax.grad` of a function
# of a pytree returns a pytree of the same shape, and `jax.tree_util.tree_map(f, tree)` applies $f$
# to every array (every *leaf*) of it. Here is the whole network in a few lines, checked against
# {func}`physml.nn.mlp_init` and {func}`physml.nn.mlp`, which the chapters use.

# %%
def my_init(sizes, key):
    keys = jax.random.split(key, len(sizes) - 1)
    return [{"W": jax.random.normal(k, (m, n)) / jnp.sqrt(m), "b": jnp.zeros(n)}
            for k, m, n in zip(keys, sizes[:-1], sizes[1:])]

def my_mlp(params, x):
    for layer in params[:-1]:
        x = jnp.tanh(x @ layer["W"] + layer["b"])
    return x @ params[-1]["W"] + params[-1]["b"]

params = my_init((1, 16, 16, 1), k_net)
x = jnp.linspace(0.0, 3.0, 7)[:, None]                     # a batch of 7 one-component inputs
print("shapes:", jax.tree_util.tree_map(jnp.shape, params))
print("number of parameters:", sum(leaf.size for leaf in jax.tree_util.tree_leaves(params)))
same = jax.tree_util.tree_all(jax.tree_util.tree_map(jnp.array_equal, params, mlp_init((1, 16, 16, 1), key=k_net)))
print("same initial weights as physml.nn.mlp_init:", bool(same))
print("same outputs as physml.nn.mlp:", bool(jnp.array_equal(my_mlp(params, x), mlp(params, x))))

# %% [markdown]
# (primer-loss)=
# ## Loss, training data and test data
#
# A **data set** is a list of pairs $(x_i, y_i)$. The **loss** measures how badly the network's
# predictions miss them; for regression it is the **mean squared error**
#
# $$
# E(\theta) = \frac1N \sum_{i=1}^N \bigl(f_\theta(x_i) - y_i\bigr)^2 .
# $$ (mse)
#
# **Training** is minimising $E$ over $\theta$. Since the network will be judged on inputs it has
# not seen, we keep some data out of training: the **training set** is used to fit, the **test set**
# only to measure the error afterwards. A model that is good on the training set and bad on the
# test set has learned its training points, noise included, rather than the law behind them.
#
# Our law is the period of a pendulum of amplitude $\theta_0$, in units of the small-amplitude
# period $2\pi\sqrt{\ell/g}$:
#
# $$
# \frac{T(\theta_0)}{T_0} = \frac{2}{\pi} K\!\bigl(\sin^2(\theta_0/2)\bigr) ,
# $$ (pendulum-period)
#
# with $K$ the complete elliptic integral of the first kind (`scipy.special.ellipk`). It starts at 1
# and diverges as $\theta_0 \to \pi$, where the pendulum balances upside down. Sixteen "measurements"
# at random amplitudes carry a timing noise of standard deviation $\sigma = 0.1$; the test set is
# the exact law at 200 amplitudes, a luxury that physics, unlike most data science, can offer.

# %%
def period(theta0):
    return 2 / np.pi * ellipk(np.sin(np.asarray(theta0) / 2) ** 2)

sigma, n_train = 0.1, 16
x_train = jnp.sort(jax.random.uniform(k_data, (n_train, 1), minval=0.0, maxval=2.8), axis=0)
y_train = period(x_train) + sigma * jax.random.normal(k_noise, (n_train, 1))
x_test = jnp.linspace(0.0, 2.8, 200)[:, None]
y_test = period(x_test)

def loss(params, x, y):
    return jnp.mean((mlp(params, x) - y) ** 2)

grads = jax.grad(loss)(params, x_train, y_train)          # a pytree shaped like params
print("gradient has the shape of the parameters:",
      jax.tree_util.tree_structure(grads) == jax.tree_util.tree_structure(params))

# %% [markdown]
# (primer-optimisers)=
# ## Gradient descent, stochastic gradient descent, Adam
#
# **Gradient descent** moves the parameters a small step downhill,
# $\theta \leftarrow \theta - \alpha\nabla E(\theta)$, with the **learning rate** $\alpha$ as the
# step size. Chapter 1 reads this as the motion of an overdamped particle in the potential $E$
# and shows that the step is limited by the largest curvature, $\alpha < 2/\lambda_{\max}$. With
# `tree_map` the step is one line for a pytree. When the data set is large, the gradient of
# {eq}`mse` over all $N$ points is replaced by the gradient over a random **minibatch** of $B$ of
# them: **stochastic gradient descent** (SGD) {cite}`primer-robbins1951stochastic`. Each minibatch gradient
# is a noisy but unbiased estimate of the full one: averaged over minibatches that partition the
# data, it *is* the full gradient, which we check.

# %%
def gd_step(params, learning_rate, x, y):
    g = jax.grad(loss)(params, x, y)
    return jax.tree_util.tree_map(lambda p, gp: p - learning_rate * gp, params, g)

print("one small gradient step lowers the loss:",
      bool(loss(gd_step(params, 1e-2, x_train, y_train), x_train, y_train) < loss(params, x_train, y_train)))
halves = [jax.grad(loss)(params, x_train[idx], y_train[idx]) for idx in (jnp.arange(8), jnp.arange(8, 16))]
mean_half = jax.tree_util.tree_map(lambda g1, g2: (g1 + g2) / 2, *halves)
diff = jax.tree_util.tree_map(lambda u, v: jnp.max(jnp.abs(u - v)), mean_half, grads)
print("mean of the two minibatch gradients = full gradient (to 1e-12):",
      max(jax.tree_util.tree_leaves(diff)) < 1e-12)

# %% [markdown]
# **Adam** {cite}`primer-kingma2015adam` is the optimiser of most of this book (chapters 5–7). It keeps,
# for every parameter, a running mean $m$ of the gradient $g$ and a running mean $v$ of its square,
# and steps by their ratio:
#
# $$
# \begin{aligned}
# m_t &= \beta_1 m_{t-1} + (1-\beta_1)\,g_t, &\qquad \hat m_t &= m_t/(1-\beta_1^t),\\
# v_t &= \beta_2 v_{t-1} + (1-\beta_2)\,g_t^2, & \hat v_t &= v_t/(1-\beta_2^t),\\
# \theta_t &= \theta_{t-1} - \alpha\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon},
# \end{aligned}
# $$ (adam)
#
# with $m_0 = v_0 = 0$, $t = 1, 2, \dots$ counting steps, and the usual $\beta_1 = 0.9$,
# $\beta_2 = 0.999$, $\epsilon = 10^{-8}$. The mean $m$ acts like momentum, a velocity that
# averages the noisy forces; the division by $\sqrt{\hat v}$ gives each parameter its own step,
# about $\alpha$ in size whatever the scale of its gradient.
#
# ```{admonition} Why the corrections $1-\beta^t$, and why the step is about $\alpha$
# :class: dropdown
# Unrolling $m_t = (1-\beta_1)\sum_{s=1}^t \beta_1^{t-s} g_s$: if the gradient were constant,
# $g_s = g$, the geometric sum gives $m_t = (1-\beta_1^t)\,g$. Started at zero, $m$ is biased
# towards zero in the first steps, and dividing by $1-\beta_1^t$ removes the bias exactly; the same
# holds for $v$. Then $\hat m_t = g$ and $\hat v_t = g^2$, so the step is
# $\alpha\,g/(|g|+\epsilon) \approx \alpha\operatorname{sign}(g)$: its size no longer depends on
# $|g|$. Multiplying the loss by any constant $c$ leaves Adam's steps unchanged (for $|cg| \gg
# \epsilon$), whereas gradient descent's steps scale with $c$.
# ```
#
# Here is {eq}`adam` in five lines, for any pytree, checked against `optax.adam`, the library
# implementation the chapters call through {func}`physml.nn.fit_adam`.

# %%
def my_adam_step(params, g, m, v, t, learning_rate, b1=0.9, b2=0.999, eps=1e-8):
    tm = jax.tree_util.tree_map
    m = tm(lambda m, g: b1 * m + (1 - b1) * g, m, g)
    v = tm(lambda v, g: b2 * v + (1 - b2) * g**2, v, g)
    params = tm(lambda p, m, v: p - learning_rate * (m / (1 - b1**t)) / (jnp.sqrt(v / (1 - b2**t)) + eps),
                params, m, v)
    return params, m, v

@jax.jit
def my_adam_step_on_loss(params, m, v, t):
    value, g = jax.value_and_grad(loss)(params, x_train, y_train)
    return (*my_adam_step(params, g, m, v, t, 1e-2), value)

p, m, v = params, *(jax.tree_util.tree_map(jnp.zeros_like, params) for _ in range(2))
mine = []
for t in range(1, 201):
    p, m, v, value = my_adam_step_on_loss(p, m, v, t)
    mine.append(value)
fit = fit_adam(loss, params, (x_train, y_train), learning_rate=1e-2, n_steps=200)
print("hand-written Adam = optax.adam in physml.nn.fit_adam, 200 steps (loss to 1e-10):",
      bool(np.max(np.abs(np.array(mine) - np.asarray(fit.losses))) < 1e-10))
print(f"training loss: {float(fit.losses[0]):.1f} at step 0, below 0.05 after 200 steps: {bool(fit.losses[-1] < 0.05)}")

# %% [markdown]
# ## What Adam buys, and what it does not: an ill-conditioned bowl
#
# Chapter 1's speed limit bites when the curvatures differ a lot. On the bowl
# $E = \tfrac12(\lambda_1 u_1^2 + \lambda_2 u_2^2)$ with $\lambda_1 = 1$ and $\lambda_2 = 100$,
# gradient descent must take $\alpha < 2/100$, and along the flat direction each step then shrinks
# $u_1$ by only $1 - \alpha\lambda_1 \approx 0.98$. Adam's per-parameter scaling makes both
# coordinates move at a similar pace. But it scales *coordinates*, not directions: if the same bowl
# is rotated so that its axes are no longer the coordinate axes, that advantage is lost, while
# gradient descent, which only sees the vector $\nabla E$, does not notice the rotation. We run both
# from the same point (in the bowl's own axes) for 200 steps; {numref}`fig-primer-bowl` shows the
# energies.

# %%
lam = jnp.array([1.0, 100.0])
c, s = np.cos(0.6), np.sin(0.6)
R = jnp.array([[c, -s], [s, c]])                              # a rotation by 0.6 rad

def bowl_aligned(theta):
    return 0.5 * jnp.sum(lam * theta**2)

def bowl_rotated(theta):
    return 0.5 * jnp.sum(lam * (R @ theta) ** 2)

def energies(opt, energy, theta0, n_steps=200):
    def step(carry, _):
        theta, state = carry
        e, g = jax.value_and_grad(energy)(theta)
        updates, state = opt.update(g, state, theta)
        return (optax.apply_updates(theta, updates), state), e
    return np.asarray(jax.lax.scan(step, (theta0, opt.init(theta0)), None, length=n_steps + 1)[1])

start = jnp.array([1.0, 1.0])
runs = {(name, bowl): energies(opt, energy, theta0)
        for name, opt in (("gradient descent, alpha = 0.019", optax.sgd(0.019)), ("Adam, alpha = 0.1", optax.adam(0.1)))
        for bowl, energy, theta0 in (("aligned", bowl_aligned, start), ("rotated", bowl_rotated, R.T @ start))}
for (name, bowl), e in runs.items():
    print(f"{name:32s} {bowl} bowl: E = {e[0]:.1f} -> {e[-1]:.0e} after 200 steps")
gd = [e for (name, _), e in runs.items() if name.startswith("gradient")]
print("gradient descent is blind to the rotation (same energies to 1e-12):",
      bool(np.max(np.abs(gd[0] - gd[1])) < 1e-12))

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Energy against step on the bowl with curvatures 1 and 100, for gradient descent at its largest stable step (blue) and Adam (red), with the bowl's axes along the coordinates (solid) or rotated by 45\u00b0 (dashed). Gradient descent's two curves coincide; Adam's advantage exists only in the aligned bowl.", "name": "fig-primer-bowl"}} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(6, 3.4))
styles = {"aligned": "-", "rotated": "--"}
colors = {"g": COLORS["blue"], "A": COLORS["vermillion"]}
for (name, bowl), e in runs.items():
    ax.semilogy(e, styles[bowl], color=colors[name[0]], label=f"{name.split(',')[0]}, {bowl}")
ax.set(xlabel="step", ylabel="energy E", title=r"bowl with curvatures 1 and 100")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# In the aligned bowl Adam ends about five orders of magnitude lower than gradient descent at its
# largest stable step; in the rotated bowl it ends about two orders higher, and gradient descent's two curves lie
# on top of each other. (Adam's curves are not smooth: with a step of about $\alpha$ per coordinate,
# it overshoots and oscillates around the minimum; a smaller $\alpha$ oscillates less and
# converges more slowly.) Adam is a robust default because it needs no knowledge of the scale of
# each parameter's gradient, not because it removes ill-conditioning: that takes second-order
# information, such as the stochastic reconfiguration of chapter 3.
#
# (primer-overfitting)=
# ## Overfitting
#
# Now we train two networks on the sixteen noisy pendulum periods with Adam for 2000 steps, from
# five random initialisations each, recording the training and test losses at every step: a
# *small* network with one hidden layer of 8 neurons (25 parameters), and a *large* one with two
# hidden layers of 64 (4353 parameters, far more than data points). The exact law would leave
# residuals of the size of the noise, a training loss of about $\sigma^2$; a training loss well
# below $\sigma^2$ means that the network has followed part of the noise ({numref}`fig-primer-overfitting` shows one
# initialisation of each).

# %%
adam = optax.adam(1e-2)

@jax.jit
def train_and_test_losses(params):
    def step(carry, _):
        p, state = carry
        train, g = jax.value_and_grad(loss)(p, x_train, y_train)
        updates, state = adam.update(g, state, p)
        return (optax.apply_updates(p, updates), state), (train, loss(p, x_test, y_test))
    (p, _), curves = jax.lax.scan(step, (params, adam.init(params)), None, length=2000)
    return p, curves

keys = jax.random.split(k_net, 5)                               # five initialisations
results = {}
for name, hidden in (("small", (8,)), ("large", (64, 64))):
    init = jax.vmap(lambda k, h=hidden: mlp_init((1, *h, 1), key=k))(keys)   # a batch of pytrees
    trained, (train, test) = jax.vmap(train_and_test_losses)(init)
    results[name] = trained, np.asarray(train) / sigma**2, np.asarray(test) / sigma**2
small, large = results["small"][1:], results["large"][1:]
def within(values, low, high):
    return bool(np.all((values > low) & (values < high)))

print("in units of sigma^2, for all 5 initialisations:")
print(f"small network: final training loss in (0.3, 0.6): {within(small[0][:, -1], 0.3, 0.6)}, "
      f"final test loss in (0.4, 1.1): {within(small[1][:, -1], 0.4, 1.1)}")
print(f"large network: final training loss in (0.1, 0.3): {within(large[0][:, -1], 0.1, 0.3)}, "
      f"lowest test loss in (0.9, 1.3): {within(large[1].min(1), 0.9, 1.3)}, "
      f"final test loss in (1.5, 3.5): {within(large[1][:, -1], 1.5, 3.5)}")
print("large network: final training loss below every small network's:",
      bool(large[0][:, -1].max() < small[0][:, -1].min()))
print(f"large network: test loss lowest before step 500, and at the end above 1.4 times that lowest value: "
      f"{bool(np.all((large[1].argmin(1) < 500) & (large[1][:, -1] > 1.4 * large[1].min(1))))}")
print("final test loss: every small network below every large one:",
      bool(small[1][:, -1].max() < large[1][:, -1].min()))

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Overfitting. Left: the sixteen noisy pendulum periods (grey), the exact law (black) and the small (blue) and large (red) networks after 2000 Adam steps, first initialisation. Right: their training (dotted) and test (solid) losses in units of the noise variance; the horizontal line is the loss of the exact law.", "name": "fig-primer-overfitting"}} tags=["hide-input"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
ax1.plot(x_test[:, 0], y_test[:, 0], color="k", lw=1, label="exact law")
ax1.plot(x_train[:, 0], y_train[:, 0], "o", color=COLORS["grey"], label="training data")
for name, color in (("small", COLORS["blue"]), ("large", COLORS["vermillion"])):
    p0 = jax.tree_util.tree_map(lambda leaf: leaf[0], results[name][0])   # the first initialisation
    ax1.plot(x_test[:, 0], mlp(p0, x_test)[:, 0], color=color, label=f"{name} network")
    ax2.loglog(np.arange(1, 2001), results[name][1][0], ":", color=color, label=f"{name}: training")
    ax2.loglog(np.arange(1, 2001), results[name][2][0], "-", color=color, label=f"{name}: test")
ax1.set(xlabel=r"amplitude $\theta_0$ (rad)", ylabel=r"period $T/T_0$", ylim=(0.7, 2.6))
ax1.legend(fontsize=8)
ax2.axhline(1, color="k", lw=0.6)
ax2.set(xlabel="Adam step", ylabel=r"loss / $\sigma^2$", title="first initialisation")
ax2.legend(fontsize=8)
plt.show()

# %% [markdown]
# The large network drives its training loss down to 0.1–0.3 $\sigma^2$: it bends towards the
# noisy points, and between them it wiggles (left). Its test loss falls at first, reaches its lowest
# value, about $\sigma^2$, within the first few hundred steps, and then rises to 2–3 $\sigma^2$ as
# the network learns the noise (right): this is **overfitting**. The small network also follows
# some of the noise (its training loss is about half of $\sigma^2$; it has 25 parameters for 16
# points), but a sum of eight $\tanh$ steps cannot bend sharply, and its test loss ends below the
# large network's for every initialisation. In the figure, both networks also miss the law below
# the smallest training amplitude: outside the data nothing constrains them, and neither
# extrapolates. The printed bounds hold for all five initialisations; we print bounds because the
# last digits of a long training run are not reproducible from one processor to another. With this
# few points another draw of the data moves these numbers (try `jax.random.key(1)` at the top); the
# ordering of the two networks is what to take away.
# Remedies for overfitting are more data, fewer parameters, stopping at
# the test minimum (*early stopping*; then a third, *validation*, set is needed so that the test set
# stays untouched), or building knowledge of the physics into the model, which is the theme of
# chapters 6–8.
#
# (primer-jit)=
# ## `jit`: compile once, run many times
#
# In the code above, `jax.jit` appeared twice. It **traces** a Python function once: it runs it
# with placeholder arrays that carry only a shape and a type, records the operations, and hands
# them to the XLA compiler. Later calls with the same shapes and types run the compiled code, often
# many times faster than the Python function, which dispatches each operation separately. A
# Python side effect, such as appending to a list, happens only while tracing, which lets us count
# the traces.

# %%
traces = []

@jax.jit
def energy_of_batch(r):
    traces.append(r.shape)                                   # runs only while tracing
    return jnp.sum(morse(r))

e1 = energy_of_batch(r)
e2 = energy_of_batch(r + 0.1)           # same shape: reuses the compiled code
e3 = energy_of_batch(r[:10])            # new shape: traced and compiled again
print("traces:", traces)
print("same result as without jit (to 1e-12):", bool(abs(e1 - jnp.sum(morse(r))) < 1e-12))

# %% [markdown]
# To see the speed-up on your machine, time both versions with `%timeit energy_of_batch(r)` and
# `%timeit jnp.sum(morse(r))` (we do not print times: they depend on the computer). What goes
# wrong under `jit`: a Python `if` on the *value* of an array fails (at tracing time there is no
# value, only a shape; use `jnp.where`), and a `print` inside prints once, at tracing. A static
# argument, such as `n_steps` in {func}`physml.nn.fit_adam`, is a Python value baked into the
# compiled code; a new value compiles again.
#
# (primer-vmap)=
# ## `vmap`: vectorise a function written for one example
#
# `jax.vmap(f)` turns a function of one example into a function of a batch, adding a leading
# axis to its inputs and outputs, without a Python loop. We used it above to initialise and train
# five networks in one call. Here it computes the Morse force at the 25 distances that the Python
# loop went through one by one.

# %%
force = jax.vmap(jax.grad(morse))
print("vmap over a batch = Python loop:", bool(jnp.allclose(-force(r), force_ad, rtol=0, atol=1e-14)))
print("shape in -> out:", r.shape, "->", force(r).shape)

# %% [markdown]
# ## What to remember
#
# - A network is a function $f_\theta$ with many parameters; training minimises a loss on the
#   training set; the test set, never trained on, says whether the law or the noise was learned.
# - `jax.grad` differentiates programs exactly by the chain rule, at the cost of about one
#   evaluation; check it once against finite differences or a closed form.
# - Gradient descent's step is bounded by the stiffest curvature (chapter 1); SGD uses unbiased
#   minibatch estimates of the gradient; Adam gives each parameter its own step of about $\alpha$,
#   which helps when the stiff directions are coordinate axes, not when they are rotated.
# - `jit` compiles a function for given shapes; `vmap` maps it over a batch; both take pytrees;
#   randomness comes from explicitly split keys.
#
# **Practice:** [Practice P: machine learning and JAX](../exercises/primer_practice.ipynb) — count a network's parameters, derive the
# gradient of a one-neuron loss, compute per-example gradients with `vmap`, and write an Adam step.
#
# ```{bibliography}
# :filter: docname in docnames
# :keyprefix: primer-
# ```
