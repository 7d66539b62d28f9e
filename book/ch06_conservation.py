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
# (ch-conservation)=
# # Conservation by construction
#
# ```{admonition} At a glance
# :class: tip
# **You will learn to** build a conservation law into a network instead of hoping it learns one:
# a Hamiltonian neural network that conserves its own energy for any weights, a learned potential
# whose force is a gradient, and pair forces that obey Newton's third law. You will also learn to
# measure what each constraint buys (energy and momentum over long runs, over several seeds and
# training-set sizes) and what it costs (the error on the training target, and everything when the
# system does not conserve what the model does).
#
# **Prerequisites:** {ref}`ch-symmetries` (generators, `jax` transformations); Hamilton's
# equations; from the {ref}`primer`: networks ({ref}`primer-mlp`), losses ({ref}`primer-loss`),
# automatic differentiation ({ref}`primer-autodiff`) and Adam ({ref}`primer-optimisers`).
#
# **Time to read:** about 45 minutes. **Time to run:** about 30 seconds on a 2-core laptop CPU. **Practice:** [Practice 6: conservation by construction](../exercises/ch06_practice.ipynb).
# ```
#
# A network trained to predict how a system moves learns what the data show, within the noise of
# the data. A conservation law is not a fact about any one data point: it is a statement about
# every trajectory at every time. Small errors that break it add up over a long simulation, and a
# simulated pendulum slowly gains or loses energy that no real pendulum would. This chapter builds
# the law into the model's structure, so it holds exactly whatever the weights are, and measures the
# difference on long runs.
#
# The idea is older than machine learning. Classical mechanics does not state energy conservation
# as a separate law to be checked: it *follows* from writing the motion as Hamilton's equations with
# a Hamiltonian that does not depend on time, and momentum conservation follows from writing forces
# in action–reaction pairs {cite}`ch06-goldstein2002classical`. A network that is free to output any
# motion has neither structure; a network whose output is *fed through* that structure inherits
# the conservation law, whatever it learned. Three such constructions make the three parts of the
# chapter:
#
# 1. a network that outputs an energy $H_\theta(q, p)$, moved by Hamilton's equations (conserves
#    $H_\theta$);
# 2. a network that outputs a potential $V_\theta(q)$, whose force is $-\nabla V_\theta$ (conserves
#    kinetic plus potential energy);
# 3. a network for the force between two bodies, antisymmetrised so that action equals reaction
#    (conserves total momentum).
#
# For each we ask what it buys over an unconstrained network of the same size, and what it costs.
# A word on names: $\theta$ always denotes all the weights and biases of a network, a **pytree** of
# arrays in JAX ({ref}`primer-mlp`), and a subscript $\theta$ marks a function computed by a network.

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

from physml import integrators as I
from physml import mechanics as M
from physml import systems as S
from physml.interactives import mechanics as figures
from physml.nn import mlp, mlp_init
from physml.style import COLORS

# %% [markdown]
# ## Hamilton's equations conserve energy for any time-independent Hamiltonian
#
# For a state $y = (q, p)$ and a scalar energy $H(q, p)$, Hamilton's equations are
#
# $$
# \dot y = J\,\nabla H(y), \qquad J = \begin{pmatrix} 0 & I \\ -I & 0 \end{pmatrix},
# \qquad\text{i.e.}\quad \dot q = \frac{\partial H}{\partial p},\ \ \dot p = -\frac{\partial H}{\partial q}.
# $$ (hamilton)
#
# Here $q$ and $p$ each have $n$ components ($n = 1$ for a particle on a line), $\nabla H$ is the
# column $(\partial H/\partial q, \partial H/\partial p)$ of $2n$ partial derivatives, and $I$ is the
# $n\times n$ identity. Geometrically, $\nabla H$ points across the level sets ("energy shells") of
# $H$, and $J$ turns it by a right angle, so the motion runs *along* the shell it started on.
# Along any solution, $\dot H = \nabla H^\top \dot y = \nabla H^\top J \nabla H = 0$, because $J$ is
# antisymmetric.
#
# :::{admonition} Derivation: $\mathrm{d}H/\mathrm{d}t = 0$ for every $H$
# :class: dropdown
# By the chain rule along a solution $y(t)$,
# $\frac{\mathrm{d}}{\mathrm{d}t} H(y(t)) = \sum_k \frac{\partial H}{\partial y_k}\,\dot y_k = \nabla H^\top \dot y$.
# Insert $\dot y = J\nabla H$: $\dot H = \nabla H^\top J\,\nabla H$. For any vector $x$, the number
# $x^\top J x$ equals its own transpose, $x^\top J^\top x$, and $J^\top = -J$, so
# $x^\top J x = -x^\top J x = 0$. With $x = \nabla H$, $\dot H = 0$. Written out in components,
# $\dot H = \frac{\partial H}{\partial q}\frac{\partial H}{\partial p} - \frac{\partial H}{\partial p}\frac{\partial H}{\partial q} = 0$:
# the two terms cancel pairwise. Nothing in this used the form of $H$, only that it is a function of
# $y$ alone (if $H$ depended on $t$ explicitly, $\dot H = \partial H/\partial t$ would remain).
# :::
#
# The argument never uses what $H$ is. So if a network outputs a scalar $H_\theta$
# and we define its predicted motion by {eq}`hamilton`, with the gradient from `jax.grad`
# ({ref}`primer-autodiff`), the
# predicted motion conserves $H_\theta$ exactly, for every value of the weights $\theta$. This is
# the **Hamiltonian neural network** (HNN, `M.HNN`) of Greydanus, Dzamba and Yosinski
# {cite}`ch06-greydanus2019hamiltonian`. We check the identity on an untrained network at random states:

# %%
hnn0 = M.HNN(mlp_init((2, 32, 32, 1), key=jax.random.key(0)))      # an untrained HNN
H_theta = lambda y: hnn0.hamiltonian(y[:1], y[1:])                  # H_θ of the flat state y = (q, p)
states = jax.random.normal(jax.random.key(1), (1000, 2))
dH_dt = jax.vmap(lambda y: jax.grad(H_theta)(y) @ hnn0.vector_field(y))(states)
grad_size = jnp.linalg.norm(jax.vmap(jax.grad(H_theta))(states), axis=1)
print(f"untrained HNN, 1000 random states: typical |∇H_θ| = {float(jnp.median(grad_size)):.2f}, "
      f"largest |dH_θ/dt| below 1e-14: {bool(jnp.abs(dH_dt).max() < 1e-14)}")

# %% [markdown]
# The printed line says: the gradient is of order $0.2$, yet $\nabla H_\theta \cdot J\nabla H_\theta$
# is zero to within round-off at every one of the 1000 states (double precision resolves about
# $2\times10^{-16}$; $10^{-14}$ leaves room for the few hundred operations in a network), for weights
# that learned nothing.
#
# The **baseline** is the obvious alternative: a network of the same size that outputs the two
# numbers $(\dot q, \dot p)$ directly (`M.Baseline`). Both are fitted to the same data by minimising the
# mean squared error of the predicted time derivative ({ref}`primer-loss`), with Adam
# ({ref}`primer-optimisers`); one PRNG **key** draws the data and the initial weights.
#
# ### The HNN loss and one training step, on the page
#
# The training data are $N$ noisy states $\tilde y_i$ and noisy measured derivatives
# $\tilde{\dot y}_i$, each with two components. The HNN's loss is the mean squared error of its
# predicted derivative, averaged over the $N$ points and the two components:
#
# $$
# \mathcal L(\theta) = \frac{1}{2N}\sum_{i=1}^N \big|J\nabla_y H_\theta(\tilde y_i) - \tilde{\dot y}_i\big|^2 .
# $$ (hnn-loss)
#
# The network enters only through the gradient of its output with respect to its *input* $y$,
# so the gradient of the loss with respect to the weights, $\nabla_\theta\mathcal L$, contains mixed
# second derivatives $\partial^2 H_\theta/\partial\theta\,\partial y$. Automatic differentiation
# composes: `jax.grad` of a function that itself calls `jax.grad` gives them with no extra code.
# Here is the loss and one Adam step, in about fifteen lines (`mlp` is the primer's network,
# tanh hidden layers and a linear output; the Adam update is the primer's {ref}`primer-optimisers`):

# %%
def hnn_field(params, y):                       # ẏ = J ∇H_θ(y) = (∂H_θ/∂p, −∂H_θ/∂q)
    dH = jax.grad(lambda y: mlp(params, y)[0])(y)
    n = y.shape[0] // 2
    return jnp.concatenate([dH[n:], -dH[:n]])

def hnn_loss(params, y, dy):                    # the loss (hnn-loss): mean over points and components
    return jnp.mean((jax.vmap(hnn_field, (None, 0))(params, y) - dy) ** 2)

@jax.jit
def hnn_step(params, m, v, t, y, dy, lr=3e-3, b1=0.9, b2=0.999, eps=1e-8):
    loss, g = jax.value_and_grad(hnn_loss)(params, y, dy)          # g = ∇_θ L, a pytree like params
    tm = jax.tree_util.tree_map
    m = tm(lambda m, g: b1 * m + (1 - b1) * g, m, g)                # running mean of the gradient
    v = tm(lambda v, g: b2 * v + (1 - b2) * g**2, v, g)             # running mean of its square
    params = tm(lambda p, m, v: p - lr * (m / (1 - b1**t)) / (jnp.sqrt(v / (1 - b2**t)) + eps), params, m, v)
    return params, m, v, loss

# %% [markdown]
# `jax.vmap` evaluates the field at all $N$ states at once ({ref}`primer-vmap`), and `jax.jit` compiles
# the whole step into one fast function ({ref}`primer-jit`).
# Training is this step repeated: start from random weights and $m = v = 0$, and call `hnn_step`
# with $t = 1, 2, \dots$. `M.train_hnn` does exactly this inside one compiled loop (`jax.lax.scan`,
# with the Adam of optax, a library of optimisers for JAX). We check that the two agree: three steps from the same initial weights
# (`mlp_init` with the same key) on the same batch, the spring data introduced below, must give the
# same losses and the same weights to round-off.

# %%
batch = M.spring_data(noise=0.1, key=jax.random.key(0))
y_b, dy_b = jnp.asarray(batch.y), jnp.asarray(batch.dy)
params = mlp_init((2, 32, 32, 1), key=jax.random.key(0))
m = v = jax.tree_util.tree_map(jnp.zeros_like, params)
losses = []
for t in (1, 2, 3):
    params, m, v, loss = hnn_step(params, m, v, t, y_b, dy_b)
    losses.append(loss)
fast = M.train_hnn(batch.y, batch.dy, key=jax.random.key(0), hidden=(32, 32), n_steps=3, learning_rate=3e-3)
loss_err = np.max(np.abs(np.array(losses) - fast.losses))
weight_err = max(float(jnp.max(jnp.abs(a - b))) for a, b in
                 zip(jax.tree_util.tree_leaves(params), jax.tree_util.tree_leaves(fast.params)))
assert loss_err < 1e-10 and weight_err < 1e-10, (loss_err, weight_err)
print(f"on-page HNN loss and Adam steps agree with physml.mechanics.train_hnn "
      f"(3 steps, losses and weights to 1e-10): {loss_err < 1e-10 and weight_err < 1e-10}")

# %% [markdown]
# The baseline's loss is the same with `hnn_field` replaced by `mlp(params, y)` and a network with
# two outputs; nothing else changes. (In this cell $m$ and $v$ are Adam's running means of the gradient
# and of its square, not a mass and a velocity.) From here on the chapter trains with `M.train_hnn` and
# `M.train_baseline`.
#
# ## The ideal spring
#
# The mass–spring system with $k = m = 1$ has $H = (q^2 + p^2)/2$ (`S.oscillator`), and its trajectories are circles
# in phase space. The training data are 25 trajectories of 30 points each over $t \in [0, 3]$, with
# radii between 0.2 and 1 and Gaussian noise of standard deviation $\sigma = 0.1$ added to both the states
# and the derivatives, as in the original experiment. Both networks have two hidden layers of 32
# tanh units and take 1000 Adam steps at learning rate $3\times10^{-3}$.
#
# One training run is one draw of the noise and of the initial weights, and a factor measured on one
# draw may be luck. So we train the pair on three **seeds**: seed 0 is `key` itself, the other two
# are keys split from it, and each seed draws its own data and initial weights. We also train each
# seed on the first 3 and the first 8 of its 25 trajectories, to see how the errors fall as the
# training set grows (`M.data_efficiency`: 18 trainings, each as `M.train_hnn` or `M.train_baseline`).
#
# **The noise floor.** How small can the training loss get? Not zero: the targets are noisy, and
# no function of the state can predict the noise. A useful yardstick is the loss of the *exact*
# vector field $f(y) = Jy$ on the same noisy data. We call its expected value the **noise floor**;
# for noise of standard deviation $\sigma$ on each of the two components of both the state and the
# target, it is
#
# $$
# \mathbb{E}\,\mathcal L_{\rm exact} = 2\sigma^2 \quad(= 0.02 \text{ at } \sigma = 0.1).
# $$ (noise-floor)
#
# :::{admonition} Derivation: the noise floor $2\sigma^2$
# :class: dropdown
# A training pair is a state $\tilde y = y + \varepsilon$ and a target $\tilde{\dot y} = \dot y + \eta$,
# where $\dot y = Jy$ is the true derivative and the four noise numbers (two in $\varepsilon$, two in
# $\eta$) are independent, with mean zero and variance $\sigma^2$. The exact field evaluated at the
# noisy state misses the noisy target by
# $f(\tilde y) - \tilde{\dot y} = Jy + J\varepsilon - Jy - \eta = J\varepsilon - \eta = (\varepsilon_p - \eta_q,\; -\varepsilon_q - \eta_p)$.
# Each component is a sum of two independent noises, so its variance is the sum of theirs:
# $\mathbb{E}(\varepsilon_p - \eta_q)^2 = \sigma^2 + \sigma^2$, the cross term $\mathbb{E}\,\varepsilon_p\eta_q$
# vanishing. The loss {eq}`hnn-loss` averages the squared miss over points and components, so its
# expectation is $2\sigma^2$. Two things made it exactly $2\sigma^2$: $J$ only permutes the components
# of $\varepsilon$ and flips a sign (for a spring with $k \neq 1$ or $m \neq 1$ it would rescale them,
# and the floor would change; the practice asks for the general formula), and state noise and
# target noise are independent.
# :::
#
# The cell prints this loss of the exact field on seed 0's 750 noisy points (one draw, so close to
# but not exactly $2\sigma^2$) and the final training losses of the two networks.

# %%
def about(x):
    """x rounded to the nearest of 1, 2, 5 × 10^k (on a log scale): a robust, coarse summary."""
    k = np.floor(np.log10(x))
    steps = np.array([1, 2, 5, 10])
    return f"{steps[np.argmin(np.abs(np.log10(x / 10 ** k) - np.log10(steps)))] * 10 ** k:.0e}"

key = jax.random.key(0)
settings = dict(hidden=(32, 32), n_steps=1000, learning_rate=3e-3, key=key)
sweep = M.data_efficiency((3, 8, 25), key=key, test_key=jax.random.key(1), n_seeds=3,
                          hidden=(32, 32), n_steps=1000, learning_rate=3e-3)
hnn, base = sweep.hnn_models[0], sweep.baseline_models[0]      # seed 0, all 25 trajectories
train = M.spring_data(noise=0.1, key=key)                       # seed 0's data: noisy train.y, train.dy
exact = np.column_stack([train.y[:, 1], -train.y[:, 0]])        # the true vector field (p, −q) at the noisy states
print(f"training data: {train.y.shape[0]} noisy states")
print(f"the exact vector field's mean squared error on them: {np.mean((exact - train.dy) ** 2):.3f} "
      f"(expected: the noise floor 2σ² = 0.02)")
print(f"final training loss, 25 trajectories, 3 seeds: HNN {sweep.hnn_loss[-1].min():.3f} to {sweep.hnn_loss[-1].max():.3f}, "
      f"baseline {sweep.baseline_loss[-1].min():.3f} to {sweep.baseline_loss[-1].max():.3f}")

# %% [markdown]
# The exact field scores $0.020$, the noise floor {eq}`noise-floor`, as the derivation predicts.
# Both networks end at or a little below this floor. Going below it does not
# make them more accurate than the truth. When the inputs are noisy, the best predictor of the target
# is $J\,\mathbb{E}[y \mid \tilde y]$, which pulls $\tilde y$ towards where the data lie (the conditional
# mean minimises the expected squared error: $\mathbb{E}[(g - Y)^2 \mid \tilde y] = (g - \mathbb{E}[Y \mid \tilde y])^2 + \operatorname{Var}(Y \mid \tilde y)$
# for any prediction $g$, {ref}`primer-loss`), and 750 points
# also let a network fit a little of the noise. The networks are trained as far as these data
# allow.
#
# To judge the models we use data they have not seen: 25 new trajectories (drawn from another key) without noise.
# Two numbers matter. The **derivative error** is the mean squared error of the predicted
# $\dot y$ on the test states; it is what both models were trained to make small. The **energy
# error** is the mean squared deviation $\big(H(y(t)) - H(y_0)\big)^2$ of the *true* energy along a
# **rollout** (the trajectory a model predicts: its vector field integrated from a starting state),
# integrated with RK4 at $h = 0.1$ up to $t = 30$ from each test trajectory's first state.
# (MSE in the printouts stands for mean squared error.) A trained network's error changes in its
# last digits from seed to seed, so we print it rounded by `about()` to the nearest of 1, 2 or 5
# times a power of ten, and we state the comparisons that matter as bounds that hold on every seed.
# First seed 0, then the spread over the three seeds:

# %%
def evaluate(models, data, H, n_steps=300, dt=0.1):
    test = data(noise=0.0, key=jax.random.key(1))
    starts = test.y[::30]                                    # the first state of each test trajectory
    out = {}
    for name, model in models.items():
        derivative = float(np.mean((np.asarray(jax.vmap(model.vector_field)(jnp.asarray(test.y))) - test.dy) ** 2))
        paths = np.asarray(model.rollout(starts, dt, n_steps))
        energy = np.asarray(S.energy(H, paths))              # the true H along each rollout
        out[name] = dict(derivative=derivative, energy=float(np.mean((energy - energy[:, :1]) ** 2)),
                         paths=paths, H=energy)
    return out

spring = evaluate({"hnn": hnn, "baseline": base}, M.spring_data, S.oscillator)
for name, r in spring.items():
    print(f"seed 0, {name:>8}: test derivative MSE {about(r['derivative'])}, energy MSE over the rollouts {about(r['energy'])}")
for what, ratio in (("energy", sweep.energy_ratio[-1]), ("derivative", sweep.derivative_ratio[-1])):
    print(f"baseline/HNN {what} error, 3 seeds: median ≈ {about(np.median(ratio))}, "
          f"from ≈ {about(ratio.min())} to ≈ {about(ratio.max())}")
print(f"750 states, every seed: HNN energy error below the baseline's: {bool(np.all(sweep.energy_ratio[-1] > 1))}, "
      f"by more than a factor 10: {bool(np.all(sweep.energy_ratio[-1] > 10))}; "
      f"derivative errors within a factor 2 of each other: {bool(np.all(np.abs(np.log(sweep.derivative_ratio[-1])) < np.log(2)))}")

# %% [markdown]
# The two models fit
# the test derivatives about equally well: the baseline's error is within a factor of two of the HNN's on every
# seed. Their rollouts differ by a large factor: the baseline's energy error is between about
# fifty and a few hundred times the HNN's, depending on the seed, and more than ten times on every seed.
# Greydanus et al. report
# $3.8\times10^{-4}$ against $1.7\times10^{-1}$ on this task with larger networks and longer training;
# our numbers differ, the ordering and the size of the gap do not. {numref}`fig-ch06-spring` shows why:
# on the left, one test trajectory in phase space, the exact circle and the two models' rollouts to
# $t = 30$; on the right, the true energy along the two rollouts.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "One held-out spring trajectory rolled out to t = 30 (RK4, h = 0.1) by the HNN and the baseline, both trained on 750 noisy states (seed 0). Left: phase space; the grey circle is the exact orbit. The baseline spirals across the energy shells while the HNN stays on a closed curve. Right: the true energy H along each rollout; the dashed line is the starting energy. The baseline's energy drifts upwards lap after lap; the HNN's wobbles in a narrow band just above its starting value and does not drift.", "name": "fig-ch06-spring"}} tags=["hide-input"]
t = 0.1 * np.arange(301)
i = 3
fig, (ax, ax_e) = plt.subplots(1, 2, figsize=(10, 4), gridspec_kw=dict(width_ratios=[1, 1.5]))
r0 = np.hypot(*spring["hnn"]["paths"][i, 0])
phi = np.linspace(0, 2 * np.pi, 200)
ax.plot(r0 * np.cos(phi), r0 * np.sin(phi), color=COLORS["grey"], lw=4, alpha=0.5, label="exact")
for kind, name, color in (("hnn", "HNN", COLORS["blue"]), ("baseline", "baseline", COLORS["vermillion"])):
    path = spring[kind]["paths"][i]
    ax.plot(path[:, 0], path[:, 1], color=color, lw=1, label=name)
    ax_e.plot(t, spring[kind]["H"][i], color=color, label=name)
ax_e.axhline(spring["hnn"]["H"][i, 0], color=COLORS["grey"], ls="--", label="true energy")
ax.set(xlabel="q", ylabel="p", aspect="equal", title="phase space, t ≤ 30")
ax_e.set(xlabel="time t", ylabel="H(q, p)", title="true energy along the rollout")
ax.legend(loc="upper right", fontsize=8)
ax_e.legend(fontsize=8)
plt.show()

# %% [markdown]
# The baseline's small errors in $\dot y$ have a component *across* the energy shells, and RK4
# integrates it faithfully: the orbit spirals. The HNN's errors are all *along* the shells of its
# own $H_\theta$. It can still be wrong, because $H_\theta$ is not exactly $H$, so its orbit is a
# slightly distorted closed curve and the true energy wobbles.
#
# :::{admonition} Checkpoint
# :class: tip
# The HNN conserves $H_\theta$ exactly, yet the *true* energy along its rollout wobbles in
# {numref}`fig-ch06-spring`. What sets the size of the wobble, and would training on more data make it
# smaller?
#
# ```{dropdown} Answer
# The rollout stays on a level set $H_\theta = c$. Along it the true energy $H$ changes by as much as
# $H - H_\theta$ (up to a constant) varies around that curve, so the wobble measures how well
# $H_\theta$ has learned the *shape* of $H$ over the orbit; a constant offset would not matter. More data
# (and less noise) make $H_\theta$ closer to $H$ and the wobble smaller, which is what the
# data-efficiency table below shows: the HNN's energy error falls from 240 to 750 states.
# The wobble does not grow with time, because the orbit is closed.
# ```
# :::
#
# "Along the shells" is a property of the exact flow of $J\nabla H_\theta$. The rollout is not the
# exact flow: it is RK4 at $h = 0.1$, whose local error $O(h^5)$ has no reason to respect $H_\theta$,
# and {ref}`ch-symplectic` shows RK4's energy error growing steadily on a Hamiltonian. So the HNN's
# rollout can spiral too, across the shells of $H_\theta$, only slowly. We measure it, with
# $H_\theta$ evaluated along the rollouts above and along ten times longer ones:

# %%
H_own = np.asarray(S.energy(hnn.hamiltonian, spring["hnn"]["paths"]))             # H_θ along the RK4 rollouts
ends = [spring["hnn"]["paths"]]                                                      # continue them to t = 300
for _ in range(9):
    ends.append(np.asarray(hnn.rollout(ends[-1][:, -1], 0.1, 300))[:, 1:])
H_long = np.asarray(S.energy(hnn.hamiltonian, np.concatenate(ends, axis=1)))
wobble = np.abs(spring["hnn"]["H"] - spring["hnn"]["H"][:, :1]).max()
print(f"RK4, h = 0.1: largest change of H_θ to t = 30 ≈ {about(np.abs(H_own - H_own[:, :1]).max())}, "
      f"to t = 300 ≈ {about(np.abs(H_long - H_long[:, :1]).max())}")
print(f"largest change of the true H along the same rollouts to t = 30 ≈ {about(wobble)}")

# %% [markdown]
# The drift of $H_\theta$ grows about in proportion to time, as RK4's energy error does in
# {ref}`ch-symplectic`, but it is some ten thousand times smaller than the wobble of the true energy that
# comes from $H_\theta \ne H$. So on this horizon "cannot spiral" holds for the HNN's rollout up to an
# error far below anything else in the experiment; on runs some ten thousand times longer the RK4 drift would
# eventually dominate. A symplectic integrator would bound it, but the leapfrog scheme of
# {ref}`ch-symplectic` is explicit only for a separable $H = T(p) + V(q)$, and $H_\theta(q, p)$ is
# not separable: it would need an implicit symplectic method such as the implicit midpoint rule.
#
# ### Is the HNN more data-efficient?
#
# A constraint built into a model's structure, instead of learned from the data, is called an
# **inductive bias**; the HNN's $\dot y = J\nabla H_\theta$ is one.
# A common claim for physical inductive biases is that they make a model **data-efficient**: it
# reaches a given accuracy from less data, because the constraint rules out wrong answers the data
# would otherwise have to rule out. We measured both errors for 3, 8 and 25 training trajectories
# (90, 240 and 750 noisy states), three seeds each:

# %%
print("states | derivative MSE, median: HNN   baseline | energy MSE, median: HNN   baseline | baseline/HNN energy, seeds")
for k, n in enumerate(sweep.n_train):
    ratio = sweep.energy_ratio[k]
    print(f"{n:6d} |                     {about(np.median(sweep.hnn_derivative[k]))}  {about(np.median(sweep.baseline_derivative[k]))}"
          f"   |                 {about(np.median(sweep.hnn_energy[k]))}  {about(np.median(sweep.baseline_energy[k]))}"
          f"   | ≈ {about(ratio.min())} to ≈ {about(ratio.max())}")
print(f"90 states: HNN energy error above 1 on some seed: {bool(sweep.hnn_energy[0].max() > 1)}; "
      f"baseline's below 1 on every seed: {bool(sweep.baseline_energy[0].max() < 1)}")
print(f"240 and 750 states, every seed: baseline/HNN energy error above 10: {bool(sweep.energy_ratio[1:].min() > 10)}")
print(f"any size, any seed: HNN derivative error below a third of the baseline's: {bool(sweep.derivative_ratio.max() > 3)}")

# %% [markdown]
# On this problem the answer depends on which error we ask about.
#
# - **Derivative error** (what both models are trained on): no data efficiency. The two errors fall
#   together as the training set grows, by a factor of fifty to a hundred from 90 to 750 states, and the HNN's is never
#   clearly smaller (never below a third of the baseline's, the last line); with 90 states it is, if anything, larger. The spring's vector field is linear, an easy target for
#   either network, and the constraint saves no data in fitting it.
# - **Energy error** (what a simulation needs): from 240 states on, the baseline's energy error is at least
#   about fifty times the HNN's on every seed (and safely above ten, the second-to-last line), and typically a hundred times; at 240 states one seed
#   reaches a ratio of about $10^7$, a baseline rollout that went far astray. With 90 states, three trajectories, neither model is reliable, and the HNN can be far
#   worse than the baseline. Its $H_\theta$ is then unconstrained away from the three circles it saw; where
#   a level set of $H_\theta$ is open, the HNN's orbit follows it off to infinity, conserving
#   $H_\theta$ all the way.
#
# So the inductive bias here does not buy a smaller fitting error from fewer data: it buys a
# qualitatively better *long-time* behaviour, once the data cover the region the rollouts visit.
#
# ## The pendulum
#
# The same experiment on a pendulum, $H = 3(1 - \cos q) + p^2/2$ (with $m = l = 1$, $g = 3$; `S.pendulum`), whose
# orbits are not circles and whose frequency depends on amplitude:

# %%
train = M.pendulum_data(noise=0.1, key=key)
pendulum_models = {"hnn": M.train_hnn(train.y, train.dy, **settings),
                   "baseline": M.train_baseline(train.y, train.dy, **settings)}
pendulum = evaluate(pendulum_models, M.pendulum_data, S.pendulum)
floor = np.mean((np.asarray(jax.vmap(I.hamiltonian_flow(S.pendulum))(jnp.asarray(train.y))) - train.dy) ** 2)
print(f"the exact vector field's mean squared error on the noisy data: {floor:.2f}; final training loss: "
      + ", ".join(f"{name} {m.losses[-1]:.2f}" for name, m in pendulum_models.items()))
for name, r in pendulum.items():
    print(f"{name:>8}: test derivative MSE {about(r['derivative'])}, energy MSE over the rollouts {about(r['energy'])}")

# %% [markdown]
# The noise floor is higher here than on the spring: in $\dot p = -3\sin q$ the noise in $q$
# enters multiplied by $3\cos q$, so the exact field's error on noisy data is no longer $2\sigma^2$,
# and the training losses again end at that floor. Both energy errors are larger than on the spring,
# because the pendulum's $H$ is harder to learn from 750 noisy points and the HNN's energy error is
# the error of $H_\theta$ itself, but the baseline is again about a hundred times worse. This is one
# seed; on the spring the same factor varied tenfold between seeds, and it may here too.
#
# ## When the bias is wrong: a damped pendulum
#
# Add friction to the pendulum: $\dot q = p$, $\dot p = -3\sin q - \gamma p$ with $\gamma = 0.3$
# (`S.damped_pendulum`). Its energy falls, $\dot H = -\gamma p^2$, and no Hamiltonian generates
# this flow. The reason is geometric: a Hamiltonian vector field $J\nabla H$ has zero divergence,
# $\partial_q \partial_p H - \partial_p \partial_q H = 0$, so its flow preserves areas in phase space
# (Liouville's theorem), while the damped flow has divergence $\partial_q\dot q + \partial_p\dot p = -\gamma$ and
# shrinks every area by $e^{-\gamma t}$. An HNN cannot represent it for any weights. We train both
# models on damped data drawn exactly as the pendulum's (`M.damped_pendulum_data`, same starts,
# noise and settings), and compare their rollouts to $t = 10$ with the true damped motion
# (RK4 at $h = 0.01$) from the test trajectories' first states:

# %%
train = M.damped_pendulum_data(damping=0.3, noise=0.1, key=key)
damped_models = {"hnn": M.train_hnn(train.y, train.dy, **settings),
                 "baseline": M.train_baseline(train.y, train.dy, **settings)}
test = M.damped_pendulum_data(damping=0.3, noise=0.0, key=jax.random.key(1))
starts = test.y[::30]
true_paths = np.stack([np.asarray(I.rk4(S.damped_pendulum, y0, 0.01, 1000))[::10] for y0 in starts])  # to t = 10
E_true = np.asarray(S.energy(S.pendulum, true_paths))
print(f"true motion: energy at t = 10 / energy at t = 0, median over 25 starts ≈ {about(np.median(E_true[:, -1] / E_true[:, 0]))}")
derivative_errors = {}
for name, model in damped_models.items():
    derivative_errors[name] = derivative = np.mean((np.asarray(jax.vmap(model.vector_field)(jnp.asarray(test.y))) - test.dy) ** 2)
    paths = np.asarray(model.rollout(starts, 0.1, 300))[:, :101]                  # RK4, h = 0.1, kept to t = 10
    E = np.asarray(S.energy(S.pendulum, paths))
    gap = np.sqrt(np.mean(np.sum((paths[:, -1] - true_paths[:, -1]) ** 2, axis=-1)))
    print(f"{name:>8}: test derivative MSE ≈ {about(derivative)}, energy ratio at t = 10 ≈ {about(np.median(E[:, -1] / E[:, 0]))}, "
          f"rms distance from the true state at t = 10 ≈ {about(gap)}")
print(f"HNN/baseline test derivative error ≈ {about(derivative_errors['hnn'] / derivative_errors['baseline'])}")

# %% [markdown]
# Now the constraint costs. The HNN's derivative error is about ten times the baseline's (on this one
# seed; the two are printed above), because the
# best it can do is the closest area-preserving field. Its rollouts keep their energy (ratio about 1)
# where the true pendulum has lost about 95 % of it by $t = 10$, as $e^{-\gamma t} = e^{-3} \approx 0.05$
# predicts for small swings (over one period of a small swing $p^2$ averages to the energy $H$, so
# $\dot H = -\gamma p^2$ averages to $-\gamma H$ and $H$ decays as $e^{-\gamma t}$), and they end far
# from the true state. The baseline,
# free of any constraint, learns the friction and follows the decay.
#
# :::{admonition} Checkpoint
# :class: tip
# Could a larger HNN, or longer training, learn the damped pendulum?
#
# ```{dropdown} Answer
# No. For every $\theta$ the HNN's field $J\nabla H_\theta$ has divergence
# $\partial_q\partial_p H_\theta - \partial_p\partial_q H_\theta = 0$, while the damped field has
# divergence $-\gamma$ everywhere. The mismatch in divergence is a floor on the error that no weights
# can remove: the best the HNN can do is the closest divergence-free field. A bigger network only fits
# that wrong answer better. The fix is to change the structure, by adding a learned dissipative term.
# ```
# :::
#
# A conservation law built into
# a model is a statement about the physics; when the physics does not conserve the quantity, the
# model is wrong by construction. Dissipative variants add a learned friction term to $J\nabla H_\theta$
# {cite}`ch06-sosanya2022dissipative`.
#
# ## A learned potential against a learned force
#
# Most simulations of atoms and molecules need only forces, and a tempting shortcut is to learn
# the force directly. A force field $F(q)$ conserves the energy $\tfrac12|\dot q|^2 + V(q)$ (unit
# mass, as throughout this section) only if it is a gradient, $F = -\nabla V$. In one dimension every force is a gradient; in two or
# more, a generic field has a **curl**, $\partial_1F_2 - \partial_2F_1 \neq 0$, and then the work
# done around a closed loop is not zero. A moving particle can gain energy on every lap.
#
# :::{admonition} Derivation: a force conserves energy only if it is curl-free
# :class: dropdown
# Take unit mass and $\ddot q = F(q)$. The kinetic energy changes at the rate
# $\frac{\mathrm{d}}{\mathrm{d}t}\tfrac12|\dot q|^2 = \dot q\cdot F(q)$, so between two times it changes by the
# work $\int F\cdot\mathrm{d}q$ along the path travelled. If $F = -\nabla V$, the work is
# $V(\text{start}) - V(\text{end})$, a function of the endpoints only, and $\tfrac12|\dot q|^2 + V$ is
# conserved. A conserved energy of the form $\tfrac12|\dot q|^2 + U(q)$ needs exactly this: the work must
# depend only on the endpoints, so the work around every closed loop must vanish.
#
# In the plane, Stokes' (Green's) theorem turns the work around a loop $C$ that bounds a region $A$,
# traversed anticlockwise, into the flux of the curl through it:
# $\oint_C F\cdot\mathrm{d}q = \iint_A (\partial_1 F_2 - \partial_2 F_1)\,\mathrm{d}A$.
# If the curl vanishes everywhere, every loop integral vanishes, and $V(q) = -\int_{q_0}^{q} F\cdot\mathrm{d}q$
# is well defined (on a region without holes). If the curl is non-zero somewhere, say positive near
# a point, a small loop around that point has positive work: a particle circling it anticlockwise gains
# energy every lap, and one circling clockwise loses it. A gradient field is curl-free automatically,
# because $\partial_1F_2 - \partial_2F_1 = -\partial_1\partial_2V + \partial_2\partial_1V = 0$: mixed
# partial derivatives commute, i.e. the Hessian of $V$ is symmetric.
# :::
#
# We learn the forces of a two-dimensional anharmonic well,
#
# $$
# V(q) = \tfrac12 |q|^2 + \tfrac14 |q|^4,
# $$ (anharmonic)
#
# from 400 noisy samples ($\sigma = 0.05$) in the disc $|q| < 1.5$, in two ways. The **learned
# potential** is a network $V_\theta(q)$ whose force is $-\nabla V_\theta$ (`jax.grad`; `M.PotentialModel`); the
# **learned force** is a network $F_\theta(q)$ with two outputs (`M.ForceModel`). Both use the same width, loss, data and
# optimiser. Here the positions are exact and only the forces are noisy, so the noise floor of the force
# loss (the expected loss of the exact force) is $\sigma^2 = 0.0025$ per component, not $2\sigma^2$.
# Besides the fit, we measure two things that decide conservation: the curl at the data
# points (from `jax.jacfwd`, which returns the Jacobian matrix $\partial F_a/\partial q_b$ of the
# network's force), and the work $\oint F\cdot dq$ around the unit circle (2000-point
# quadrature).

# %%
samples = M.force_data(S.anharmonic_potential, n_samples=400, noise=0.05, key=key)   # samples.q, samples.F
force_settings = dict(hidden=(32, 32), n_steps=1000, learning_rate=3e-3, key=key)
potential_model = M.train_potential(samples.q, samples.F, **force_settings)
force_model = M.train_force(samples.q, samples.F, **force_settings)

def curl(force):
    J = jax.jacfwd(force)
    return lambda q: J(q)[1, 0] - J(q)[0, 1]

angle = np.linspace(0, 2 * np.pi, 2001)[:-1]
circle = jnp.asarray(np.column_stack([np.cos(angle), np.sin(angle)]))
tangent = np.column_stack([-np.sin(angle), np.cos(angle)])
curl_text = lambda x: "below 1e-12 (round-off)" if x < 1e-12 else f"{x:.0e}"
for name, model in (("potential", potential_model), ("force", force_model)):
    c = np.asarray(jax.vmap(curl(model.force))(jnp.asarray(samples.q)))
    work = 2 * np.pi * np.mean(np.sum(np.asarray(jax.vmap(model.force)(circle)) * tangent, axis=1))
    print(f"{name:>9}: final force MSE {model.losses[-1]:.4f} (noise floor σ² = 0.0025), "
          f"rms curl {curl_text(np.sqrt(np.mean(c ** 2)))}, work per lap " + (f"{work:+.0e}" if abs(work) > 1e-12 else "< 1e-12"))

# %% [markdown]
# Both fit the forces to about the noise level. The potential's curl and its work around a loop
# are round-off: a Hessian is symmetric, and the work of a gradient is a difference of potentials.
# The force network's curl is of order $10^{-1}$, where the force's own derivatives are of
# order one, and it does about $10^{-2}$ units of work per lap. Now we integrate both for $10^5$ steps of velocity Verlet at
# $h = 0.01$ (to $t = 1000$, about 200 laps), with unit mass, from $q = (1, 0)$, $p = (0, 1.2)$.
# Velocity Verlet is the leapfrog scheme of {ref}`ch-symplectic`, written for a force instead of a
# Hamiltonian; for a gradient force its energy error is bounded.

# %%
y0 = np.array([1.0, 0.0, 0.0, 1.2])
n_long, dt_long = 100_000, 0.01
t_long = dt_long * np.arange(n_long + 1)
runs = {name: np.asarray(I.velocity_verlet(model.force, y0, dt_long, n_long))
        for name, model in (("potential", potential_model), ("force", force_model))}
E_true = {name: np.asarray(S.energy(S.anharmonic, path)) for name, path in runs.items()}
E_own = np.asarray(S.energy(potential_model.hamiltonian, runs["potential"]))     # ½p² + V_θ(q)
print(f"true energy at t = 0: {E_true['potential'][0]:.2f}")
print(f"learned potential: ½p² + V_θ stays within {np.abs(E_own - E_own[0]).max():.0e} of its start")
for name, E in E_true.items():
    print(f"{name:>9}: the true energy strays by up to {np.abs(E - E[0]).max():.2f}")

# %% [markdown]
# The learned potential conserves its own energy $\tfrac12 p^2 + V_\theta$ to the integrator's
# small, bounded error, and the true energy only wobbles, by the amount $V_\theta$ differs from $V$
# along the orbit. The direct force has no energy to conserve. Its curl does work on each lap,
# and the energy wanders by an amount comparable to the energy itself. {numref}`fig-ch06-force-energy`
# shows the whole run.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Energy change along 10\u2075 velocity-Verlet steps (h = 0.01, to t = 1000) in the anharmonic well, under the learned potential (blue: true energy; green: the model's own energy \u00bdp\u00b2 + V_\u03b8) and under the learned force (vermillion: true energy). On this scale the potential model's two curves lie on top of each other at zero: its own energy is conserved and the true energy only wobbles, by about 0.02. Under the learned force, which has a curl, the true energy wanders by an amount comparable to the energy itself.", "name": "fig-ch06-force-energy"}} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(8, 3.6))
for kind, name, color in (("potential", "learned potential −∇V_θ", COLORS["blue"]),
                          ("force", "learned force F_θ", COLORS["vermillion"])):
    ax.plot(t_long[::50], E_true[kind][::50] - E_true[kind][0], color=color, lw=0.8, label=name + ", true energy")
ax.plot(t_long[::50], E_own[::50] - E_own[0], color=COLORS["green"], lw=1.2, label="½p² + V_θ (potential model)")
ax.set(xlabel="time t", ylabel="energy − energy at t = 0", title="10⁵ velocity-Verlet steps")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## Newton's third law for learned pair forces
#
# For $N$ interacting bodies, a common model learns a pair interaction $\varphi_\theta(x_i, x_j)$,
# the force on $i$ due to $j$, and sums it over partners. Total momentum changes at the rate
# $\dot P = \sum_i \sum_{j\neq i} F_{ij}$. It is conserved when $F_{ij} = -F_{ji}$, Newton's third
# law. A network has no reason to obey it exactly. Build it in:
#
# $$
# F_{ij} = \varphi_\theta(x_i, x_j) - \varphi_\theta(x_j, x_i) \quad\Rightarrow\quad F_{ji} = -F_{ij}
# \ \text{ for every } \theta, \qquad \sum_i\sum_{j \neq i} F_{ij} = 0 .
# $$ (pairs)
#
# :::{admonition} Derivation: the third law by construction conserves momentum
# :class: dropdown
# Swapping the two arguments of $\varphi_\theta$ in {eq}`pairs` gives
# $F_{ji} = \varphi_\theta(x_j, x_i) - \varphi_\theta(x_i, x_j) = -F_{ij}$, whatever function $\varphi_\theta$ is.
# The total momentum $P = \sum_i m_i\dot x_i$ changes at the rate $\dot P = \sum_i F_i = \sum_i\sum_{j\neq i} F_{ij}$.
# Renaming the summation indices $i \leftrightarrow j$ does not change a sum, so
# $\dot P = \sum_{j}\sum_{i\neq j} F_{ji} = -\sum_i\sum_{j\neq i} F_{ij} = -\dot P$, hence $\dot P = 0$: the
# terms cancel in pairs, $F_{ij} + F_{ji} = 0$. The same cancellation holds after discretisation: a
# velocity-Verlet (or Euler, or RK4) step changes each $m_i\dot x_i$ by a step size times $F_i$ at
# some configuration, so it changes $P$ by a step size times $\sum_i F_i = 0$. Only round-off remains.
# Nothing constrains the masses or the network: the argument is about the labels $i, j$ alone.
# :::
#
# The data: 100 random configurations of four bodies in the plane, joined pairwise by springs of
# rest length 1, with noisy total forces ($\sigma = 0.02$; exact positions, so the noise floor is
# $\sigma^2 = 0.0004$, as for the learned force). We train the antisymmetric model
# {eq}`pairs` and the raw one ($F_{ij} = \varphi_\theta(x_i, x_j)$), each a `M.PairForceModel`, on the same
# data, and then simulate four bodies of masses 1, 2, 0.5 and 1.5, starting with zero total momentum.

# %%
configs = M.pair_data(n_bodies=4, n_configs=100, noise=0.02, key=key)
pair_models = {name: M.train_pair_force(configs.positions, configs.forces, antisymmetric=a, hidden=(32, 32),
                                        n_steps=1000, key=key)
               for name, a in (("pair", True), ("pair-raw", False))}
held_out = M.pair_data(n_bodies=4, n_configs=200, noise=0.0, key=jax.random.key(1))    # exact forces, new configurations
masses = np.array([1.0, 2.0, 0.5, 1.5])
start = M.nbody_start(masses, key=jax.random.key(1))          # x0, v0, shifted so that P = Σ m v = 0
n_pair, dt_pair = 2000, 0.01
t_pair = dt_pair * np.arange(n_pair + 1)
n_weights = sum(w.size for layer in pair_models["pair"].params for w in layer.values())
print(f"data: {configs.forces.size} force components; network: {n_weights} weights; noise floor σ² = 0.0004")
momentum, runs_pair = {}, {}
for name, model in pair_models.items():
    held = np.mean((np.asarray(jax.vmap(model.forces)(jnp.asarray(held_out.positions))) - held_out.forces) ** 2)
    runs_pair[name] = model.rollout(start.x0, start.v0, masses, dt_pair, n_pair)
    momentum[name] = np.linalg.norm(runs_pair[name].total_momentum, axis=1)      # |P(t)|; P(0) = 0
    print(f"{name:>8}: force MSE, training {model.losses[-1]:.3f} (fell by a factor ≈ "
          f"{about(model.losses[499] / model.losses[-1])} over the last 500 steps), held-out {held:.3f}; |P| at t = 1, 5, 20: "
          + ", ".join(f"{momentum[name][k]:.0e}" if momentum[name][k] > 1e-12 else "<1e-12"
                      for k in (100, 500, 2000)))

# %% [markdown]
# The constrained model keeps the total momentum at zero to round-off over the whole run. The raw
# model gives the system a net force of a few percent of the typical force, and the four bodies
# accelerate together, which no isolated system can do. It also fits worse: its training error is
# about 1.6 times the constrained model's, because it must learn from the data that the forces
# cancel in pairs, while the constrained model has that built in.
#
# Neither fit reaches the noise floor $\sigma^2 = 0.0004$: both training errors are 35 to 60 times
# higher, and the held-out errors (on 200 new configurations, against the exact forces) are higher
# still. The models are under-trained: the training error was still falling steadily when we
# stopped, by about a factor of two over the last 500 steps. We stop anyway, for time: these are
# the slowest fits in the chapter (every step sums a network over all pairs of all 100
# configurations), and at a factor of two per 500 steps the remaining factor of 35 to 60 would take
# thousands more steps, more than this chapter's budget. The data would then be the limit: they are 800
# numbers, fewer than the network's 1282 weights, so a fit that reached the floor could be fitting
# noise as well as the law, and only the held-out error could tell. The remedies are more
# configurations, or a network of $x_i - x_j$ alone, which is the next inductive bias. For the
# question of this section the fit does not matter: the momentum result holds for any weights.
# {numref}`fig-ch06-momentum` shows the size of the total momentum along the two runs.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Size of the total momentum |P(t)| of four bodies (masses 1, 2, 0.5, 1.5, started with P = 0) under the two learned pair forces, on a log scale. With the antisymmetric pair force (blue) |P| stays in the grey round-off band for the whole run; with the raw pair network (vermillion) the system picks up momentum within the first time unit and ends with |P| of order one.", "name": "fig-ch06-momentum"}} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(7, 3.4))
ax.semilogy(t_pair[1:], np.maximum(momentum["pair"][1:], 1e-17), color=COLORS["blue"], label="F_ij = φ(x_i, x_j) − φ(x_j, x_i)")
ax.semilogy(t_pair[1:], momentum["pair-raw"][1:], color=COLORS["vermillion"], label="F_ij = φ(x_i, x_j)")
ax.axhspan(1e-17, 1e-13, color=COLORS["grey"], alpha=0.2, lw=0)
ax.text(19.5, 2e-17, "round-off", fontsize=8, ha="right")
ax.set(xlabel="time t", ylabel="|total momentum|", ylim=(1e-17, 10))
ax.legend(fontsize=8, loc="center right")
plt.show()

# %% [markdown]
# :::{admonition} Checkpoint
# :class: tip
# Put the four bodies in a uniform gravitational field: body $i$ now also feels the external force
# $m_i g$, added to the antisymmetric pair forces. Is the total momentum still conserved? What does
# the centre of mass $X = \sum_i m_i x_i / m_{\rm tot}$, with $m_{\rm tot} = \sum_i m_i$, do?
#
# ```{dropdown} Answer
# $P$ is no longer conserved: $\dot P = \sum_i\sum_{j\neq i} F_{ij} + \sum_i m_i g = m_{\rm tot}\, g$. The pair
# terms still cancel, for every $\theta$, but the external forces do not come in action–reaction pairs.
# So $P$ grows as $m_{\rm tot}\, g\, t$, and the centre of mass, with $m_{\rm tot}\dot X = P$, falls freely,
# $\ddot X = g$, whatever the learned pair forces are. What the third law guarantees is that the
# *internal* forces, however badly learned, never move the centre of mass.
# ```
# :::
#
# ### Momentum, but not angular momentum or energy
#
# The third law gives momentum and nothing more. The total angular momentum
# $L = \sum_i x_i \times p_i$ (in the plane, the number $\sum_i (x_{i,1} p_{i,2} - x_{i,2} p_{i,1})$) changes at the rate
#
# $$
# \dot L = \sum_i x_i \times F_i = \sum_{i<j} (x_i \times F_{ij} + x_j \times F_{ji}) = \sum_{i<j} (x_i - x_j) \times F_{ij},
# $$
#
# using $\dot x_i \times p_i = 0$ and $F_{ji} = -F_{ij}$. It vanishes for every configuration only if
# each $F_{ij}$ is parallel to $x_i - x_j$: the force must also be **central**. The energy needs a
# different condition: the pair forces must come from a **pair potential**, $F_{ij} = -\nabla_{x_i} U(x_i - x_j)$,
# and then $\tfrac12\sum_i m_i|\dot x_i|^2 + \sum_{i<j} U(x_i - x_j)$ is conserved; without a potential
# the force can do net work around a closed path, as the learned force above did. The two conditions
# are independent: an anisotropic spring $U(d) = d_1^2 + 2d_2^2$ conserves $E$ (and $P$) but pushes
# off the line joining the bodies, so not $L$. A potential $U(r_{ij})$ of the distance alone gives
# both at once: its force $F_{ij} = f(r_{ij})\,\hat r_{ij}$ with $f = -U'$ is central.
#
# To see it, give the springs a small sideways push, $F_{ij} = F^{\rm spring}_{ij} + \kappa\,R(x_i - x_j)$
# with $R$ the rotation by $90°$ and a twist strength $\kappa = 0.02$. It is antisymmetric, because $R$ is linear,
# but not central: then $\dot L = \kappa\sum_{i<j} r_{ij}^2 > 0$. We integrate the four bodies from the same start under the
# exact springs, the twisted springs and the learned antisymmetric pair force, and track $P$, $L$
# and the springs' energy $E = \sum_i |p_i|^2/2m_i + \sum_{i<j} (r_{ij} - 1)^2/2$:

# %%
def twisted_spring(_, x_i, x_j, kappa=0.02):
    d = x_i - x_j
    return S.spring_pair_force(x_i, x_j) + kappa * jnp.array([-d[1], d[0]])      # + κ R(x_i − x_j)

def spring_energy(run):
    kinetic = 0.5 * np.sum(run.momenta ** 2 / masses[None, :, None], axis=(1, 2))
    r = np.linalg.norm(run.positions[:, :, None] - run.positions[:, None], axis=-1)
    i, j = np.triu_indices(len(masses), 1)
    return kinetic + 0.5 * np.sum((r[:, i, j] - 1) ** 2, axis=1)

exact_springs = lambda x: M.pairwise_forces(lambda _, a, b: S.spring_pair_force(a, b), None, x, antisymmetric=False)
twisted = lambda x: M.pairwise_forces(twisted_spring, None, x, antisymmetric=False)
def change(x):
    """The largest |x(t) − x(0)| along a run, as a bound if it is round-off."""
    d = np.abs(x - x[0]).max()
    return "< 1e-12" if d < 1e-12 else f"≈ {about(d)}"

for name, run in (("exact springs", M.nbody_run(exact_springs, start.x0, start.v0, masses, dt_pair, n_pair)),
                  ("twisted springs", M.nbody_run(twisted, start.x0, start.v0, masses, dt_pair, n_pair)),
                  ("learned pair", runs_pair["pair"])):
    P, L, E = np.linalg.norm(run.total_momentum, axis=1).max(), run.angular_momentum, spring_energy(run)
    print(f"{name:>15}: max |P| below 1e-12: {bool(P < 1e-12)};  L(0) = {L[0]:.3f}, largest change of L {change(L)};  "
          f"E(0) = {E[0]:.2f}, largest change of E {change(E)}")

# %% [markdown]
# All three keep $P = 0$. Only the exact springs, central and a function of the distance alone,
# also keep $L$ and $E$ ($L$ to round-off, $E$ up to velocity Verlet's small bounded error). The twist
# spins the system up: $L$ grows from almost zero on its own, and the energy with it.
# The learned pair force is antisymmetric but neither central nor a function of $r_{ij}$ alone:
# $\varphi_\theta(x_i, x_j)$ sees both absolute positions. Its $L$ and $E$ drift too, by amounts set
# by how well it learned. Central pair forces (along $x_i - x_j$) would conserve $L$, because their
# torques cancel in pairs, and forces from a pair potential $U(r_{ij})$ would conserve $E$. In
# Noether's terms, a potential makes the dynamics Lagrangian, and the action's invariance under
# rotations and time shifts then gives $L$ and $E$.

# %% [markdown]
# What each constraint buys and costs, measured above:
#
# | constraint | built in by | exactly conserved | cost |
# | --- | --- | --- | --- |
# | Hamiltonian flow | $\dot y = J\nabla H_\theta$ | $H_\theta$ (not $H$) | derivatives of one scalar network, one more `jax.grad` |
# | gradient force | $F = -\nabla V_\theta$ | $\tfrac12\lvert\dot q\rvert^2 + V_\theta$ (unit mass) | a second derivative in training |
# | third law | $F_{ij} = \varphi(x_i, x_j) - \varphi(x_j, x_i)$ | total momentum | two network calls per pair |
#
# On conservative data none of them made the fit to the training target worse: the HNN and the
# baseline end at the same noise floor on every seed, the potential and the force fit equally well,
# and the antisymmetric pair model fits better than the raw one. What they buy is long-time
# behaviour, not a smaller fitting error: on the spring the HNN's derivative error was never clearly
# smaller than the baseline's (never below a third of it) at any training-set size. And they assume the physics: on the damped
# pendulum the HNN's derivative error was about ten times the baseline's, and its rollouts kept an
# energy the true motion loses. A model whose coordinates are not canonical needs the Lagrangian form instead
# {cite}`ch06-cranmer2020lagrangian`. Graph networks of interacting particles build in the third law the
# same way {cite}`ch06-battaglia2016interaction`.
#
# ## Explore: noise and horizon
#
# Each noise level below is a separate pair of models trained on the spring as above
# (`M.energy_drift`; at $\sigma = 0.1$ it reuses the two models above); the rollout starts from the
# held-out state $(q, p) = (0, 0.9)$. The slider sets the horizon of the rollout.
# Watch the baseline's error grow without bound while the HNN's stays at the level set by how well
# $H_\theta$ matches $H$. {numref}`fig-ch06-drift` is the explorer at $\sigma = 0.1$; in JupyterLab the
# live version below it also lets you change the noise.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The energy-drift explorer at noise \u03c3 = 0.1: the HNN's and the baseline's RK4 rollouts from the held-out state (q, p) = (0, 0.9) in phase space, with the exact orbit in grey, and the error of the true energy along each rollout. The slider sets the horizon; the baseline's energy error keeps growing with it while the HNN's stays bounded.", "name": "fig-ch06-drift"}} tags=["hide-input"]
grid = M.energy_drift(M.DRIFT_NOISES, key=key, models={0.1: (hnn, base)})
explorer = figures.energy_drift(grid)
explorer.static()

# %% tags=["remove-output"]
explorer.live()

# %% [markdown]
# ## What to remember
#
# - $\dot y = J\nabla H_\theta$ conserves $H_\theta$ for every $\theta$, because $J$ is
#   antisymmetric. A Hamiltonian neural network builds this in; its exact flow stays on closed
#   curves, and an RK4 rollout of it leaves them only by RK4's own small, growing error, while a network
#   that predicts $\dot y$ directly spirals off however well it fits.
# - Judge a dynamics model on what it is used for, over several seeds. On the spring both models
#   had about the same derivative error at every training-set size (no data efficiency there),
#   while the baseline's energy error over a rollout was at least about fifty times the HNN's once the
#   data covered the region; with very little data neither was reliable.
# - A force that is a gradient, $-\nabla V_\theta$, conserves $\tfrac12|\dot q|^2 + V_\theta$ (unit mass).
#   A learned force field has a curl, does net work around loops and drifts.
# - Pair forces written as $\varphi(x_i, x_j) - \varphi(x_j, x_i)$ conserve total momentum to
#   round-off; raw pair networks give isolated systems a net force. Angular momentum needs central
#   forces as well; forces from a pair potential conserve energy, and a potential $U(r_{ij})$ of the
#   distance alone conserves both.
# - The model conserves *its own* invariant. How close that is to the true one depends on how
#   well it learned, which is why the HNN's energy error is small but not zero, and whether the
#   true system conserves anything at all: an HNN fitted to a damped pendulum is wrong by construction.
# - A training loss has a floor set by the noise: on the spring, with noise $\sigma$ on both
#   components of states and targets, even the exact field scores $2\sigma^2$. A loss at the floor
#   means "as good as the data allow", not "exact".
#
# **Practice:** [Practice 6: conservation by construction](../exercises/ch06_practice.ipynb): write Hamilton's equations for any scalar $H$
# with `jax.grad`, predict what an untrained antisymmetric pair force does to momentum, derive the
# noise floor of a general spring, and explain and measure the work a curl does per lap.
#
# ## Exercises
#
# **1. A driven oscillator (conceptual).** A network $H_\theta(q, p, t)$ that also takes the time as input
# defines $\dot y = J\nabla_y H_\theta$. Is $H_\theta$ conserved along the motion? What would you use such a
# model for, and what would you lose?
#
# ```{dropdown} Answer
# The chain rule now has one more term: $\frac{\mathrm{d}}{\mathrm{d}t}H_\theta = \nabla_y H_\theta^\top J\nabla_y H_\theta
# + \partial_t H_\theta = \partial_t H_\theta$. The antisymmetry still kills the first term, but the explicit
# time dependence changes the energy at the rate $\partial_t H_\theta$, as it should for a driven system
# (a swing pushed by a child). Such a model can learn driven or time-modulated systems and still
# preserves phase-space areas (the flow is Hamiltonian at each instant), but no energy is conserved,
# so the long-time protection of the spring experiment is lost.
# ```
#
# **2. The noise floor of the pendulum (computational).** The chapter found the exact pendulum field's
# loss on noisy data to be $0.03$, not $2\sigma^2 = 0.02$. Linearise $-3\sin(q + \varepsilon_q)$ in
# $\varepsilon_q$ and derive the floor to order $\sigma^2$ in terms of the average of $\cos^2 q$ over the
# data. Evaluate it on `M.pendulum_data(noise=0.1, key=jax.random.key(0))` and compare with the printed
# value.
#
# ```{dropdown} Answer
# The miss is $(\varepsilon_p - \eta_q,\; -3\cos q\,\varepsilon_q - \eta_p)$ to first order. Its first
# component has mean square $2\sigma^2$, its second $\sigma^2(1 + 9\cos^2 q)$. Averaging over the two
# components and the data, the floor is $\tfrac12\sigma^2\,\big(3 + 9\langle\cos^2 q\rangle\big)$. On the
# chapter's data $\langle\cos^2 q\rangle \approx 0.38$ (the swings are large), which gives $0.032$,
# against the measured $0.032$ for this draw of the noise; the chapter rounds it to $0.03$. Where the
# field is steep in $q$, state noise is amplified into target error.
# ```
#
# **3. Stokes for a learned force (computational).** Train a force model with `M.train_force` (as in
# the chapter) and compute the work $\oint F_\theta\cdot\mathrm{d}q$ around circles of radius 0.5, 1 and
# 1.5 by quadrature. Then compute the flux of the curl through each disc, integrating the curl (from
# `jax.jacfwd`) on a polar grid. Do they agree? Where is the curl largest?
#
# ```{dropdown} Answer
# They agree to the accuracy of the two quadratures, as Green's theorem says they must for any
# smooth field: the loop integral and the area integral are two ways of computing the same number.
# The curl of a trained force network has no reason to vanish anywhere: nothing in the loss asks for
# it, and only the data hold it near the true field's zero curl. Expect it to be largest where the data
# constrain the field least, near the edge of the training disc $|q| < 1.5$ and in gaps between
# samples; a map of the curl on a grid, with the training points drawn over it, shows where.
# ```
#
# **4. Pair forces that conserve everything (conceptual).** Write a pair force with one network
# $g_\theta(r)$ of the distance $r = |x_i - x_j|$ only, $F_{ij} = g_\theta(r_{ij})\,(x_i - x_j)$. Show that
# it obeys the third law without antisymmetrising, and that it conserves total momentum, angular
# momentum and an energy. Which energy?
#
# ```{dropdown} Answer
# Swapping $i$ and $j$ leaves $r_{ij}$ unchanged and flips $x_i - x_j$, so $F_{ji} = -F_{ij}$: momentum
# is conserved. The force is parallel to $x_i - x_j$, so each torque pair
# $(x_i - x_j)\times F_{ij}$ vanishes and $\dot L = 0$. Finally $F_{ij} = -\nabla_{x_i} U(r_{ij})$ with
# $U'(r) = -r\,g_\theta(r)$, i.e. $U(r) = -\int^r s\,g_\theta(s)\,\mathrm{d}s$; so
# $\sum_i \tfrac12 m_i|\dot x_i|^2 + \sum_{i<j}U(r_{ij})$ is conserved. The price: such a model cannot
# represent forces that depend on anything but the distance (angles, a third body).
# ```
#
# ## Further reading
#
# - Greydanus, Dzamba and Yosinski {cite}`ch06-greydanus2019hamiltonian` introduced Hamiltonian neural
#   networks with the spring and pendulum experiments repeated here; read it for the original
#   set-up and for the pixel-pendulum experiment, which learns $H_\theta$ from images.
# - Cranmer et al. {cite}`ch06-cranmer2020lagrangian`: Lagrangian neural networks, which need no canonical
#   coordinates; the price is a Hessian inverse in every evaluation.
# - Chmiela et al. {cite}`ch06-chmiela2017machine`: learning molecular force fields as gradients of a learned
#   energy, the "learned potential" of this chapter at the scale of real molecules, and why it matters
#   for stable molecular dynamics.
# - Battaglia et al. {cite}`ch06-battaglia2016interaction`: interaction networks, learned pair interactions
#   summed over the edges of a graph, the general form of this chapter's pair forces.
# - Goldstein, Poole and Safko {cite}`ch06-goldstein2002classical`, chapters 1, 8 and 9: the classical
#   mechanics behind all three constructions: the third law and momentum, Hamilton's equations,
#   Liouville's theorem and conservation laws.
# - Hairer, Lubich and Wanner {cite}`ch06-hairer2006geometric`: integrators that preserve what the model
#   conserves (the subject of {ref}`ch-symplectic`), including the implicit midpoint rule a
#   non-separable $H_\theta$ needs.
#
# ```{bibliography}
# :filter: docname in docnames
# :keyprefix: ch06-
# ```
