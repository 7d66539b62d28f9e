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
# # Capstone B — the conservation laws of a learned force field's dynamics
#
# **The project.** A force field learned from data is only as good as the dynamics it produces. Learn two
# force fields for a small Lennard-Jones cluster from the same noisy forces — a pair potential and an
# unconstrained network that outputs the forces directly — run the dynamics of each, and *discover*, with the
# null-space method of chapter 4, which conservation laws each dynamics obeys. Then tie every law you find to
# a symmetry of the model that produced it. The project combines
# [Chapter 4, *Discovering laws from data*](../book/ch04_discovery.ipynb) (the null space and its
# singular-value gap), [Chapter 6, *Conservation by construction*](../book/ch06_conservation.ipynb) (learned
# potentials against direct-force networks) and
# [Chapter 12, *Learned force fields*](../book/ch12_force_fields.ipynb) (Lennard-Jones, velocity Verlet).
#
# **Time.** Two to three weeks for a pair of students (20–30 hours each). Every computation below runs in
# seconds on a laptop CPU.
#
# **How it works.** Four milestones, each with what to build, why, what to predict, a stub to fill in
# (replace the `...` below `# YOUR CODE HERE`) and a `check(...)` cell that compares your result with an
# independent reference and answers ✓ or with a hint. Later milestones use your earlier results: until a
# milestone is done, the cells after it say so and wait. Parts marked **open-ended** are your write-up; nothing
# checks them.
#
# **The system.** Four atoms in two dimensions, with the Lennard-Jones pair potential
# $V(r) = 4[(1/r)^{12} - (1/r)^{6}]$ in reduced units ($\varepsilon = \sigma = m = 1$; time in
# $\sigma\sqrt{m/\varepsilon}$), no cutoff and no box: an isolated cluster. Its lowest-energy shape is a
# rhombus of two triangles that are approximately equilateral, with sides approximately $2^{1/6}$ (the pair
# minimum; the pairs across the rhombus also attract, so the exact minimum is slightly distorted).

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

from physml import discovery
from physml import forcefield as ff
from physml.checks import attempted, check
from physml.nn import fit_adam, mlp, mlp_init

side = 2 ** (1 / 6)
rhombus = np.array([[0.0, 0.0], [side, 0.0], [side / 2, side * np.sqrt(3) / 2], [side / 2, -side * np.sqrt(3) / 2]])
rhombus = rhombus - rhombus.mean(axis=0)

# %% [markdown]
# ## Milestone 1: the reference cluster and what it conserves
#
# **What to build.** The energy $E(x) = \sum_{i<j} V(r_{ij})$ of the cluster, its forces
# $F = -\nabla E$ by `jax.grad`, and a velocity-Verlet run (chapter 12's `ff.velocity_verlet`).
#
# **Why.** The reference dynamics is what the learned models imitate, and its conservation laws are known:
# the energy (no explicit time dependence), the total momentum (the energy does not change when every atom
# is shifted) and the angular momentum (nor when the cluster is rotated). Milestone 3 will find these from
# data alone.
#
# ### Task 1
#
# Write `cluster_energy(x)` for positions `x` of shape `(n_atoms, 2)`, any number of atoms, with `jax.numpy`
# (sum over pairs $i < j$, e.g. with `np.triu_indices`). Do not use `ff.lennard_jones_energy`.

# %%
def cluster_energy(x):
    ### BEGIN SOLUTION
    i, j = np.triu_indices(x.shape[0], 1)
    inverse_r6 = 1.0 / jnp.sum((x[i] - x[j]) ** 2, axis=-1) ** 3
    return jnp.sum(4.0 * (inverse_r6 ** 2 - inverse_r6))
    ### END SOLUTION


# %%
check("capstone-force-field-energy", cluster_energy)

# %% [markdown]
# The reference run: from the rhombus, with random velocities and a small drift (so that the total momentum
# and the angular momentum are not zero), $10^4$ steps of $h = 0.005$. **Predict** how well velocity Verlet
# keeps each of the three quantities: the energy, the momentum, the angular momentum. Which of them is kept
# to round-off, and why?

# %%
if attempted(cluster_energy, rhombus):
    lj_forces = jax.jit(lambda x: -jax.grad(cluster_energy)(x))
    v_start = 0.35 * np.random.default_rng(5).standard_normal((4, 2)) + np.array([0.1, -0.05])
    run = ff.velocity_verlet(lj_forces, rhombus, v_start, dt=0.005, n_steps=10_000, energy=cluster_energy,
                             save_every=50)
    momentum = run.velocities.sum(axis=1)
    angular = np.sum(run.positions[..., 0] * run.velocities[..., 1] - run.positions[..., 1] * run.velocities[..., 0],
                     axis=1)
    print(f"relative energy error below 1e-4: {np.abs(run.total / run.total[0] - 1).max() < 1e-4}")
    print(f"momentum change below 1e-12: {np.abs(momentum - momentum[0]).max() < 1e-12}")
    print(f"angular momentum change below 1e-12: {np.abs(angular - angular[0]).max() < 1e-12}")
else:
    print("Finish Task 1 first.")

# %% [markdown]
# (Velocity Verlet keeps the momentum and the angular momentum exactly, up to round-off: each of its kicks
# and drifts conserves them, because the forces sum to zero and have no total torque. The energy it keeps
# only up to a bounded error of order $h^2$, chapter 7's modified Hamiltonian.)
#
# ## Milestone 2: two learned force fields from the same noisy forces
#
# **What to build.** Two models fitted to the same data, 400 snapshots of the reference dynamics (ten
# trajectories from the rhombus, velocities of standard deviation 0.35 with the mean removed, $h = 0.005$,
# a snapshot every 100 steps) with their forces plus Gaussian noise of standard deviation $\sigma = 0.1$:
#
# - a **pair potential** $V_\theta(r)$, a network with one input $r$, two hidden layers of 32 tanh units and
#   one output; the model's energy is $U_\theta(x) = \sum_{i<j} V_\theta(r_{ij})$ and its forces are
#   $-\nabla U_\theta$ (`jax.grad`) — central, antisymmetric and conservative by construction;
# - a **direct-force network**, eight inputs (the positions measured from their centroid, flattened), two
#   hidden layers of 64 units and eight outputs (the forces) — nothing built in (chapter 6's baseline).
#
# **Why.** The two have the same data and similar accuracy on them; milestone 3 shows that their dynamics
# differ in kind.
#
# ### Task 2
#
# Train both with `fit_adam` (from `physml.nn`, with `mlp_init` and `mlp`), 2000 Adam steps at learning
# rate 3e-3, initial weights from `jax.random.key(0)`, on the mean squared force error. Set `pair_potential`
# to your trained $V_\theta$, a function of an array of distances `r` of shape `(n,)` returning `(n,)`
# energies, and `direct_forces` to the trained direct network, a function of positions `(4, 2)` returning
# forces `(4, 2)`. Print both models' force errors on the held-out snapshots (`x_test`, against the true
# `f_test`). The check measures your pair potential's forces on snapshots of its own runs.

# %%
sigma = 0.1


def md_snapshots(seeds):
    frames = []
    for seed in seeds:
        v0 = 0.35 * np.random.default_rng(seed).standard_normal((4, 2))
        v0 -= v0.mean(axis=0)
        frames.append(ff.velocity_verlet(lj_forces, rhombus, v0, dt=0.005, n_steps=4000, save_every=100).positions[1:])
    return np.concatenate(frames)


if attempted(cluster_energy, rhombus):
    x_train, x_test = md_snapshots(range(10)), md_snapshots(range(10, 14))
    f_train, f_test = (np.asarray(jax.vmap(lj_forces)(jnp.asarray(x))) for x in (x_train, x_test))
    f_noisy = f_train + sigma * np.random.default_rng(0).standard_normal(f_train.shape)
    rms_force = np.sqrt(np.mean(f_train ** 2))
    print(f"{len(x_train)} training and {len(x_test)} held-out snapshots; RMS force {rms_force:.1f}")
else:
    print("Finish Task 1 first.")

# %%
### BEGIN SOLUTION
def pair_energy(params, x):
    i, j = np.triu_indices(x.shape[0], 1)
    r = jnp.sqrt(jnp.sum((x[i] - x[j]) ** 2, axis=-1))
    return jnp.sum(mlp(params, r[:, None]))


def pair_loss(params, x, f):
    predicted = jax.vmap(lambda x: -jax.grad(pair_energy, argnums=1)(params, x))(x)
    return jnp.mean((predicted - f) ** 2)


def direct_model(params, x):
    return mlp(params, (x - x.mean(axis=0)).reshape(-1)).reshape(x.shape)


def direct_loss(params, x, f):
    return jnp.mean((jax.vmap(lambda x: direct_model(params, x))(x) - f) ** 2)


def train_pair(f_data):
    fit = fit_adam(pair_loss, mlp_init((1, 32, 32, 1), key=jax.random.key(0)), (x_train, f_data),
                   learning_rate=3e-3, n_steps=2000)
    return lambda r: mlp(fit.params, r[:, None])[:, 0]


pair_potential = train_pair(f_noisy)
direct_fit = fit_adam(direct_loss, mlp_init((8, 64, 64, 8), key=jax.random.key(0)), (x_train, f_noisy),
                      learning_rate=3e-3, n_steps=2000)
direct_forces = jax.jit(lambda x: direct_model(direct_fit.params, x))


def pair_forces_of(potential):
    def energy(x):
        i, j = np.triu_indices(x.shape[0], 1)
        return jnp.sum(potential(jnp.sqrt(jnp.sum((x[i] - x[j]) ** 2, axis=-1))))
    return jax.jit(lambda x: -jax.grad(energy)(x))


pair_forces = pair_forces_of(pair_potential)
rmse = {name: np.sqrt(np.mean((np.asarray(jax.vmap(model)(jnp.asarray(x_test))) - f_test) ** 2))
        for name, model in (("pair", pair_forces), ("direct", direct_forces))}
print(f"pair potential: held-out force error below σ: {rmse['pair'] < sigma}")
print(f"direct network: training loss above 10 σ²: {direct_fit.losses[-1] > 10 * sigma ** 2}; "
      f"held-out force error between 5 σ and 20 σ: {5 * sigma < rmse['direct'] < 20 * sigma}")
### END SOLUTION
check("capstone-force-field-pair-model", pair_potential)

# %% [markdown] tags=["solution"]
# **Worked answer.** The pair potential's held-out force error is below the noise of its data: every
# snapshot has six pair distances, and a smooth one-dimensional $V_\theta(r)$ averages the noise of all of
# them (the cell prints its error below $\sigma$). The direct network, with the same data and more
# weights, fits neither its training forces (training loss above $10\,\sigma^2$) nor the held-out ones
# (error between $5\sigma$ and $20\sigma$, a sizeable fraction of the RMS force of 2.1): the cluster
# rotates, so it has to learn rotation invariance — and the steep repulsive wall in every direction — from
# 400 examples, while the pair potential has the invariances built in and only a one-dimensional function
# to learn.
# (Chapter 12 makes the same comparison for a bulk liquid.)

# %% [markdown]
# ## Milestone 3: discover what each dynamics conserves
#
# **What to build.** For each of three dynamics — the reference, the pair potential, the direct network —
# a run, the rates of change of candidate features along it, and the null space of the matrix of rates.
#
# **The method** (chapter 4). A feature $f(x, v)$ is conserved when its rate of change along the motion,
# $\dot f = \nabla_x f \cdot v + \nabla_v f \cdot F(x)$ (unit masses), vanishes at every state. A linear
# combination $\sum_k c_k f_k$ is conserved when $\sum_k c_k \dot f_k = 0$ at every state: stack the rates of
# all features at many states as the rows of a matrix $A$; the conserved combinations are its null space.
# Rates, not changes between snapshots: a finite step mixes the integrator's own $O(h^2)$ energy error into
# the matrix, while a rate is exact for the model's own field (try both). `discovery.null_space(A)` scales the
# columns, takes the SVD and decides the rank at the largest gap of the singular values.
#
# The candidate features, $4N + 3$ of them for $N$ atoms, in this order: the momenta atom by atom
# $(p_{1x}, p_{1y}, p_{2x}, \dots)$; the angular momenta $L_i = x_i v_{iy} - y_i v_{ix}$; the kinetic energies
# $K_i = \tfrac12|v_i|^2$; the potential energy $U(x)$ given as a function; and two decoys, $\sum_i x_i\cdot v_i$
# and $\sum_i |v_i|^4$. The totals are *not* features: the method has to find them as combinations.
#
# ### Task 3a
#
# Write `features(x, v, potential)` returning the $4N + 3$ features as one `jax.numpy` array.

# %%
def features(x, v, potential):
    ### BEGIN SOLUTION
    angular = x[:, 0] * v[:, 1] - x[:, 1] * v[:, 0]
    kinetic = 0.5 * jnp.sum(v ** 2, axis=1)
    decoys = jnp.array([jnp.sum(x * v), jnp.sum(jnp.sum(v ** 2, axis=1) ** 2)])
    return jnp.concatenate([v.reshape(-1), angular, kinetic, jnp.array([potential(x)]), decoys])
    ### END SOLUTION


# %%
check("capstone-force-field-features", features)

# %% [markdown]
# The rates along a run, by `jax.jvp` (the derivative of the features in the direction $(\dot x, \dot v) =
# (v, F)$):

# %%
def feature_rates(positions, velocities, force, potential):
    """The matrix A: one row per state, the rate of change of each feature under the field (v, force(x))."""
    def one(x, v):
        return jax.jvp(lambda x, v: features(x, v, potential), (x, v), (v, force(x)))[1]
    return np.asarray(jax.vmap(one)(jnp.asarray(positions), jnp.asarray(velocities)))


# %% [markdown]
# ### Task 3b
#
# **Predict** first: how many independent conserved combinations will each dynamics have, and which?
# Then, for each model, run velocity Verlet from the rhombus with the velocities `v_start` of milestone 1,
# 2000 steps of $h = 0.005$, saving every 10th state; build $A$ with `feature_rates` — the reference with
# `lj_forces` and `cluster_energy`, the pair model with its forces and its own energy
# $U_\theta(x) = \sum_{i<j} V_\theta(r_{ij})$, the direct network with `direct_forces` and, as it has no energy of
# its own, the true `cluster_energy` — and take `discovery.null_space(A)`. Set `n_laws` to the three
# dimensions of the null spaces, `(reference, pair, direct)`, and print the singular values.

# %%
### BEGIN SOLUTION
def pair_total_energy(potential):
    def energy(x):
        i, j = np.triu_indices(x.shape[0], 1)
        return jnp.sum(potential(jnp.sqrt(jnp.sum((x[i] - x[j]) ** 2, axis=-1))))
    return energy


models = {"reference": (lj_forces, cluster_energy),
          "pair potential": (pair_forces, pair_total_energy(pair_potential)),
          "direct network": (direct_forces, cluster_energy)}
rate_matrices, null_spaces = {}, {}
for name, (force, potential) in models.items():
    trajectory = ff.velocity_verlet(force, rhombus, v_start, dt=0.005, n_steps=2000, save_every=10)
    rate_matrices[name] = feature_rates(trajectory.positions, trajectory.velocities, force, potential)
    null_spaces[name] = discovery.null_space(rate_matrices[name])
    s, k = null_spaces[name].singular_values, null_spaces[name].dim
    laws = f"their singular values below 1e-12: {bool(np.all(s[len(s) - k:] < 1e-12))}" if k else "none"
    print(f"{name}: {k} laws ({laws}); the smallest of the other singular values above 1e-2: "
          f"{s[len(s) - k - 1] > 1e-2}")
n_laws = tuple(null_spaces[name].dim for name in models)
### END SOLUTION
check("capstone-force-field-laws", n_laws)

# %% [markdown]
# Which laws did the method find? `discovery.conservation_laws` (chapter 4) turns a null space into the
# sparsest vectors that span it; the next cell prints them for the pair model in terms of the features.

# %%
if attempted(n_laws) and "rate_matrices" in globals():
    names = ([f"p{i}{axis}" for i in range(1, 5) for axis in "xy"] + [f"L{i}" for i in range(1, 5)]
             + [f"K{i}" for i in range(1, 5)] + ["U", "Σx·v", "Σ|v|⁴"])
    for law in discovery.conservation_laws(rate_matrices["pair potential"]):
        print(discovery.format_law(law, names, digits=2))
else:
    print("Finish Task 3b first.")

# %% [markdown]
# Why does the direct-force dynamics conserve nothing? Answer with a letter, as a string, in `why_answer`:
#
# - (a) the training data were noisy, so the learned forces are only approximately right;
# - (b) its forces need not sum to zero or have zero total torque, and they are not minus the gradient of any
#   energy: nothing in its construction is translation- or rotation-invariant or conservative;
# - (c) velocity Verlet is symplectic only for a pair potential;
# - (d) it was trained on too few configurations; with enough data it would conserve the same laws exactly.

# %%
### BEGIN SOLUTION
why_answer = "b"
### END SOLUTION
check("capstone-force-field-why", why_answer)

# %% [markdown]
# **Open-ended (write-up).** For each law found, name the symmetry of the model that produces it (Noether)
# and the line of the model's construction that guarantees it. Then build $A$ from *changes* between
# successive saved states instead of rates: what happens to the energy law of the reference, and why?

# %% [markdown] tags=["solution"]
# **Worked answer.** The reference and the pair model each have four laws with singular values at round-off,
# more than ten decades below the rest: $\sum_i p_{ix}$ and $\sum_i p_{iy}$ (the energy is a function of the
# differences $x_i - x_j$ only, so it is invariant under translations, and $\sum_i F_i = 0$ — for the pair
# model because each pair term contributes equal and opposite forces), $\sum_i L_i$ (the energy depends only
# on distances, so it is invariant under rotations, and the total torque vanishes — each pair force is
# central), and $\sum_i K_i + U$ (the forces are $-\nabla U$ of a time-independent $U$; for the pair model,
# $U = U_\theta$, its own energy, not the true one). The direct network has none: an unconstrained map from
# positions to forces does not make the forces sum to zero, nor the torques, nor is it a gradient, and no
# amount of data makes an approximation exact. With changes between saved states instead of rates, the momenta
# and angular momentum stay exact (velocity Verlet conserves them step by step), but the energy combination
# picks up the integrator's bounded $O(h^2)$ error: in our runs (not printed here) its singular value along
# the reference run is about $3\times10^{-4}$, twelve decades above round-off and only a factor 200 below the
# non-laws, so the largest gap falls below it and the rule finds three laws. The continuous-time rates keep
# the question about the model, not about the integrator.

# %% [markdown]
# ## Milestone 4: noisier data
#
# **What to build.** Retrain the pair potential on forces with noise $\sigma = 2$ and $\sigma = 5$ (same data,
# same recipe, fresh noise from `np.random.default_rng(1)`), and for each of the three pair models ($\sigma =
# 0.1, 2, 5$) build the rate matrix of milestone 3 along its own run — but now with the **true** potential
# energy `cluster_energy` as the feature $U$. Record the force error on the held-out snapshots and the four
# smallest singular values.
#
# **Predict** first: which singular values move with the noise?

# %%
### BEGIN SOLUTION
noise_rng = np.random.default_rng(1)
force_error, smallest = {}, {}
for noise in (0.1, 2.0, 5.0):
    potential = pair_potential if noise == 0.1 else train_pair(f_train + noise * noise_rng.standard_normal(
        f_train.shape))
    force = pair_forces_of(potential)
    force_error[noise] = np.sqrt(np.mean((np.asarray(jax.vmap(force)(jnp.asarray(x_test))) - f_test) ** 2))
    trajectory = ff.velocity_verlet(force, rhombus, v_start, dt=0.005, n_steps=2000, save_every=10)
    smallest[noise] = discovery.null_space(feature_rates(trajectory.positions, trajectory.velocities, force,
                                                         cluster_energy)).singular_values[-5:][::-1]
    print(f"σ = {noise}: three smallest singular values below 1e-12: {smallest[noise][2] < 1e-12}; "
          f"the fourth above 1e-3: {smallest[noise][3] > 1e-3}")
print(f"force error and fourth singular value grow with σ: {force_error[0.1] < force_error[2.0] < force_error[5.0]}, "
      f"{smallest[0.1][3] < smallest[2.0][3] < smallest[5.0][3]}")
print(f"at σ = 5 the fourth is within a factor 2 of the fifth (no gap): {smallest[5.0][4] < 2 * smallest[5.0][3]}")
### END SOLUTION

# %% [markdown]
# Which statement describes the table? Answer with a letter in `noise_answer`:
#
# - (a) all four laws fade together: the singular values of momentum, angular momentum and energy grow with
#   the noise;
# - (b) momentum and angular momentum stay exact at every noise level (round-off singular values); the true
#   energy's singular value is set by the force error and grows with the noise;
# - (c) nothing changes: a pair potential conserves the true energy exactly at any noise;
# - (d) the momentum laws disappear first, because the noise is added to the forces.

# %%
### BEGIN SOLUTION
noise_answer = "b"
### END SOLUTION
check("capstone-force-field-noise", noise_answer)

# %% [markdown]
# **Open-ended (write-up).** Plot the fourth-smallest singular value against the held-out force error for
# more noise levels. Is the relation linear, and why should it be (what is $\dot K + \dot U$ along the pair
# model's field)? At what noise does the true energy stop being "discoverable" from the gap?

# %% [markdown] tags=["solution"]
# **Worked answer.** Along the pair model's field, $\dot K + \dot U = \sum_i v_i \cdot (F_{\theta,i} - F_i)$:
# the rate of the true energy is the power of the force error, so its singular value (after the columns are
# scaled) is set by the force error relative to the forces, and grows with the noise: above $10^{-3}$ at
# every noise level, growing with $\sigma$, and at $\sigma = 5$ within a factor of two of the fifth, the
# smallest singular value of the non-laws, so no gap is left. `discovery.null_space` decides the rank at the
# *largest* gap of the singular values, and at every noise level that gap is the one between the three
# round-off values (below $10^{-12}$) and the fourth (above $10^{-3}$), far larger than any gap between the
# fourth and the fifth: so the rule finds only the three exact laws, at every noise level, and the gap
# between those and the rest does not close at all. Laws that a model has by construction cannot be damaged
# by noisy data;
# laws that it only approximates (here, the true energy) are as good as the fit.

# %% [markdown]
# ## Going further (open-ended)
#
# 1. **Build in what is missing.** Make the direct network translation-invariant (it already sees centred
#    positions: are its forces then summing to zero?) and then antisymmetric, by subtracting the mean force.
#    Which laws appear at each step?
# 2. **Measurement noise.** Add noise to the *states* of the reference run before computing the rates, and
#    watch the gap close as in chapter 4: at what noise can the four laws no longer be told from the rest?
# 3. **A many-body term.** Add a three-body (angle) term to the learned energy. Which laws survive, and why?
#
# ## Assessment
#
# Milestone checks (50%); the argument of milestone 3 tying each conserved quantity to a symmetry of the
# model (30%); reproducibility — fixed keys, a notebook that runs from top to bottom (20%).
