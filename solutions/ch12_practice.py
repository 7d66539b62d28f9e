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
# # Practice 12: Learned force fields
#
# Practice for [Chapter 12, *Learned force fields for molecular simulation*](../book/ch12_force_fields.ipynb).
# Five tasks: derive and write the Lennard-Jones pair force (the one re-implementation of a formula),
# find the minimum of the pair potential and where the neighbours of an atom sit in the liquid,
# write a radial symmetry function and test its invariances, predict and then measure how velocity
# Verlet's energy error scales with the time step, and match each failure of a direct-force network
# with the structure it lacks. Replace each `...` below `# YOUR CODE HERE`, then run the `check(...)`
# cell after it: it says ✓, or gives a hint in the form of a question. Where a task asks for a
# prediction, write it down *before* you run the experiment.
#
# Throughout, reduced Lennard-Jones units: lengths in $\sigma$, energies in $\varepsilon$, masses 1, time in
# $\sigma\sqrt{m/\varepsilon}$. The pair potential is $V(r) = 4\varepsilon\left[(\sigma/r)^{12} - (\sigma/r)^{6}\right]$.

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

from physml import forcefield as FF
from physml.checks import check
from physml.interactives import forcefield as figures

# %% [markdown]
# ## Task 12.1: the pair force (derive, then implement)
#
# Write `my_pair_force(r, epsilon, sigma)`: the radial force $F(r) = -\mathrm dV/\mathrm dr$ between two atoms
# a distance $r$ apart, for an array of distances `r` (positive $F$ pushes the atoms apart). Derive it on
# paper first. Before you code it: where must $F$ vanish, and which sign must it have at $r = \sigma$ and at
# $r = 2\sigma$? Do not use `jax.grad` or `FF.lennard_jones_forces`: the check compares your formula with
# them.

# %%
def my_pair_force(r, epsilon, sigma):
    ### BEGIN SOLUTION
    r = np.asarray(r, dtype=float)
    return 24 * epsilon * (2 * (sigma / r) ** 12 - (sigma / r) ** 6) / r
    ### END SOLUTION


# %%
check("ch12-pair-force", my_pair_force)

# %% [markdown]
# Your formula against a central finite difference of $V$, and against the library's forces on a pair
# of atoms ({func}`physml.forcefield.lennard_jones_forces`: the force on the second atom, along the line
# from the first):

# %%
r = np.linspace(0.95, 2.5, 32)
if my_pair_force(r, 1.0, 1.0) is ...:
    print("(write my_pair_force first)")
else:
    def V(r):
        return 4 * ((1 / r) ** 12 - (1 / r) ** 6)

    h = 1e-5
    finite_difference = -(V(r + h) - V(r - h)) / (2 * h)
    library = np.array([float(FF.lennard_jones_forces(jnp.array([[0.0, 0.0, 0.0], [x, 0.0, 0.0]]))[1, 0])
                        for x in r])
    mine = my_pair_force(r, 1.0, 1.0)
    print(f"largest relative difference from the finite difference: "
          f"{'below 1e-6' if np.max(np.abs(mine - finite_difference) / np.abs(mine).max()) < 1e-6 else 'large'}")
    print(f"largest relative difference from the library: "
          f"{'below 1e-12' if np.max(np.abs(mine - library) / np.abs(mine).max()) < 1e-12 else 'large'}")
    change = r[:-1][np.diff(np.sign(mine)) != 0][0]
    print(f"the force changes sign between r = {change:.2f} and {r[np.searchsorted(r, change) + 1]:.2f}")

# %% [markdown]
# ## Task 12.2: the bond length, and the neighbours in the liquid (derive, then compare)
#
# Find the distance $r_\text{min}$ at which $V$ is lowest, in units of $\sigma$, and the value $V(r_\text{min})$
# there, in units of $\varepsilon$. Store them as the pair `minimum = (r_min, V_min)`.

# %%
### BEGIN SOLUTION
r_min = 2 ** (1 / 6)
minimum = (r_min, 4 * (r_min ** -12 - r_min ** -6))
### END SOLUTION
check("ch12-minimum", minimum)

# %% [markdown]
# In a liquid each atom is surrounded by a shell of neighbours. **Predict before you run the next cell**:
# does the first peak of the radial distribution function $g(r)$ of the Lennard-Jones liquid sit at
# $r_\text{min}$, inside it or outside it? Think of what the other neighbours and the temperature do to a
# pair. The cell runs 4 time units of molecular dynamics of 64 atoms in a periodic box at density
# $\rho = 0.8\,\sigma^{-3}$ and temperature $T \approx 1.0\,\varepsilon/k_B$, the liquid of the chapter's
# explorer (velocity Verlet, shifted-force cutoff at $2.1\sigma$), and measures $g(r)$ in bins of
# $0.035\sigma$ ({func}`physml.forcefield.radial_distribution`).

# %% mystnb={"figure": {"caption": "The radial distribution function of the Lennard-Jones liquid (\u03c1 = 0.8, T \u2248 1) from a short molecular dynamics run, with the minimum of the pair potential (dashed).", "name": "fig-p12-rdf"}}
if minimum is ...:
    print("(answer task 12.2 first)")
else:
    liquid = figures.practice_liquid()
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    ax.plot(liquid.r, liquid.g, color="C0", label="g(r), MD")
    ax.axvline(minimum[0], color="C3", ls="--", label="your r_min")
    ax.axhline(1.0, color="0.6", lw=0.8)
    ax.set(xlabel="r / σ", ylabel="g(r)", title="Lennard-Jones liquid, ρ = 0.8, T ≈ 1")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    plt.show()
    peak = liquid.r[np.argmax(liquid.g)]
    print(f"first peak of g(r) at r ≈ {peak:.1f} σ; your r_min = {minimum[0]:.2f} σ")

# %% [markdown]
# ## Task 12.3: a radial symmetry function, and its invariances (implement, then test)
#
# The Behler–Parrinello radial descriptor of atom $i$ counts its neighbours in a soft shell of radius $r_s$
# and width $\sim 1/\sqrt\eta$:
#
# $$G^2_i = \sum_{j \ne i} e^{-\eta (r_{ij} - r_s)^2} f_c(r_{ij}), \qquad
#   f_c(r) = \begin{cases}\tfrac12\left[\cos(\pi r/r_c) + 1\right] & r < r_c\\ 0 & r \ge r_c\end{cases}$$
#
# Write `my_radial_g2(positions, eta, r_s, r_cut)` for `positions` of shape `(N, 3)` (no periodic box):
# it returns the array of the $N$ values $G^2_i$. Why does $f_c$ go to zero *smoothly* at $r_c$, and not
# just stop there?

# %%
def my_radial_g2(positions, eta, r_s, r_cut):
    ### BEGIN SOLUTION
    x = np.asarray(positions, dtype=float)
    r = np.linalg.norm(x[:, None, :] - x[None, :, :], axis=-1)
    fc = np.where(r < r_cut, 0.5 * (np.cos(np.pi * r / r_cut) + 1), 0.0)
    terms = np.exp(-eta * (r - r_s) ** 2) * fc
    np.fill_diagonal(terms, 0.0)
    return terms.sum(axis=1)
    ### END SOLUTION


# %%
check("ch12-radial-descriptor", my_radial_g2)

# %% [markdown]
# Now the invariances: rotate a random cluster of 10 atoms by a random rotation, translate it, and
# renumber its atoms. Which of these leave $G^2_i$ of every atom unchanged, and which permute the
# values? Print the largest change:

# %%
rng = np.random.default_rng(12)
cluster = rng.uniform(0.0, 2.5, (10, 3))
if my_radial_g2(cluster, 1.0, 1.0, 2.5) is ...:
    print("(write my_radial_g2 first)")
else:
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    rotation = q * np.sign(np.linalg.det(q))                       # a proper rotation, det = +1
    order = rng.permutation(10)
    g = my_radial_g2(cluster, 1.0, 1.0, 2.5)
    moved = {"rotated": (cluster @ rotation.T, g), "translated": (cluster + np.array([3.0, -1.0, 7.5]), g),
             "renumbered": (cluster[order], g[order])}
    for name, (x, expected) in moved.items():
        change = np.max(np.abs(my_radial_g2(x, 1.0, 1.0, 2.5) - expected))
        print(f"{name:11s}: largest change of G² {'below 1e-12' if change < 1e-12 else f'{change:.1e}'}")

# %% [markdown]
# ## Task 12.4: velocity Verlet's energy error against the time step (predict, then measure)
#
# A conservative force and a symplectic integrator: the total energy of velocity Verlet is not
# conserved exactly, but its error stays bounded and shrinks with the step $\Delta t$ like $\Delta t^p$.
# **Predict $p$ first** (recall {ref}`ch-symplectic`). Then measure it: run the 13-atom Lennard-Jones
# cluster of the next cell for the same time span, $t = 4$, with four steps $\Delta t$ = 0.001, 0.002, 0.004
# and 0.008, record the largest $|E(t) - E(0)|$ of each run, and fit a straight line to $\log$ error
# against $\log \Delta t$. Store its slope as `exponent` (a number). One run is
# `FF.velocity_verlet(force13, cluster13, velocities13, dt=dt, n_steps=..., energy=energy13)`
# ({func}`physml.forcefield.velocity_verlet`); its `.total` holds the total energy of every saved frame.

# %%
cluster13, velocities13 = figures.practice_cluster()
force13 = FF.lennard_jones_forces
energy13 = FF.lennard_jones_energy
steps = np.array([0.001, 0.002, 0.004, 0.008])
### BEGIN SOLUTION
errors = []
for dt in steps:
    run = FF.velocity_verlet(force13, cluster13, velocities13, dt=dt, n_steps=int(round(4.0 / dt)),
                             energy=energy13)
    errors.append(np.max(np.abs(np.asarray(run.total) - float(run.total[0]))))
exponent = np.polyfit(np.log(steps), np.log(errors), 1)[0]
### END SOLUTION
check("ch12-verlet-order", exponent)

# %% [markdown]
# The explorer of the chapter runs the same experiment for a 64-atom liquid in a periodic box, and adds
# forces with no energy behind them: the Lennard-Jones pair forces with a small relative error $a$ that
# differs between the force of $j$ on $i$ and that of $i$ on $j$, as a model that predicts each atom's force
# on its own makes. Slide $\Delta t$ and read the right panel: which error shrinks like $\Delta t^{p}$,
# and which stays, however small the step? Then change $a$: what sets the size of the second error?

# %%
figures.time_step().live()

# %% [markdown]
# ## Task 12.5: what a direct-force network lacks (choose, then measure)
#
# A *direct-force network* predicts each atom's force from the displacement vectors $\mathbf r_j - \mathbf r_i$
# of its neighbours, with a generic MLP, and is trained on the reference forces; no energy stands behind
# it. It shows three failures: the total energy drifts in NVE molecular dynamics, the forces do not sum to
# zero ($\sum_i \mathbf F_i \ne 0$), and rotating the atoms does not rotate the forces. Which statement
# pairs each failure with the structure that is missing?
#
# - **a**: the energy drift, because no energy $E$ exists with $\mathbf F = -\nabla E$, so the work done around
#   a closed path need not vanish; $\sum \mathbf F \ne 0$, because nothing makes the force of $i$ on $j$ the
#   opposite of that of $j$ on $i$ (an energy invariant under translations would give
#   $\sum_i \partial E/\partial \mathbf r_i = 0$); the rotation error, because a generic network of displacement
#   vectors is not built to rotate its output with its input
# - **b**: the energy drift, because velocity Verlet is only symplectic when the network is smooth;
#   $\sum \mathbf F \ne 0$, because its inputs are not translation invariant; the rotation error, because the
#   training data do not contain rotated copies
# - **c**: all three follow from the training error alone: a network trained to zero error on the reference
#   forces would have none of them, anywhere
# - **d**: $\sum \mathbf F \ne 0$ causes the drift (the centre of mass accelerates and its kinetic energy
#   grows), and the rotation error causes $\sum \mathbf F \ne 0$; only one structure is missing, rotational
#   equivariance
#
# Store your letter as `direct_force_answer`.

# %%
### BEGIN SOLUTION
direct_force_answer = "a"
### END SOLUTION
check("ch12-direct-force", direct_force_answer)

# %% [markdown]
# The measurement. The next cell trains a direct-force network ({func}`physml.forcefield.fit_direct_force`:
# an MLP from each atom's 12 nearest displacement vectors to its force) on 20 frames of the explorer's
# liquid and their Lennard-Jones forces, then measures on a configuration of the liquid the net force
# $|\sum_i \mathbf F_i|/N$ and the change of the forces under a 90° rotation about $z$ (a symmetry of the
# cubic box: the Lennard-Jones forces rotate exactly), both relative to a typical force, and the change of
# the total energy per atom in an NVE run of 100 steps of 0.005 (measured with the Lennard-Jones energy),
# each as the range of powers of ten it falls in:

# %%
def bracket(x):
    """A positive number as the decade bracket it falls in: robust to the last bits of a training run."""
    for lo, hi in ((0.0, 1e-12), (1e-12, 1e-6), (1e-6, 1e-3), (1e-3, 1e-1)):
        if lo <= x < hi:
            return f"{lo:.0e} to {hi:.0e}" if lo else f"below {hi:.0e}"
    return "above 1e-01"


if direct_force_answer is ...:
    print("Record your answer above first, then run this cell.")
else:
    liquid = figures.liquid()
    potential_forces = figures.lennard_jones_field(liquid.box, liquid.cutoff)
    frames, _ = figures.nve_run(potential_forces, liquid.positions, liquid.velocities, dt=0.005, t_total=1.0,
                                n_saved=20)
    frames = frames[1:]
    reference = np.asarray(jax.vmap(potential_forces)(jnp.asarray(frames)))
    network = FF.fit_direct_force(frames, reference, key=jax.random.key(0), cutoff=liquid.cutoff, box=liquid.box,
                                  n_neighbours=12, hidden=(32, 32), learning_rate=1e-2, n_steps=600)
    typical = np.sqrt(np.mean(reference ** 2))
    print(f"direct-force network: training force error {'more' if network.force_rmse > 0.1 * typical else 'less'} "
          f"than 10 % of a typical force")
    quarter_turn = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    x = frames[-1]
    energy = liquid.energy()
    print(f"{'':24s}  {'|Σ F| / N':17s}  {'rotation error':17s}  |E(0.5) − E(0)| / N")
    for name, field in (("Lennard-Jones potential", potential_forces), ("direct-force network", network.forces)):
        f = np.asarray(field(jnp.asarray(x)))
        net = np.linalg.norm(f.sum(axis=0)) / len(f) / typical
        turned = np.asarray(field(jnp.asarray(np.mod(x @ quarter_turn.T, liquid.box))))
        rotation_error = np.sqrt(np.mean((turned - f @ quarter_turn.T) ** 2)) / typical
        run = FF.velocity_verlet(field, x, liquid.velocities, dt=0.005, n_steps=100, save_every=100, energy=energy)
        drift = abs(run.total[-1] - run.total[0]) / len(f)
        print(f"{name:24s}  {bracket(net):17s}  {bracket(rotation_error):17s}  {bracket(drift)}")

# %% [markdown]
# **Going further.** The check of task 12.3 accepts any function that gives the right numbers. Write
# the *angular* symmetry function $G^4_i$ (Behler 2011) for one atom and test the same three
# invariances. Which of them would a descriptor built from the raw coordinates $x_j - x_i$ (without the
# norm) fail?

# %% [markdown] tags=["solution"]
# **Model answer.** $G^4_i = 2^{1-\zeta}\sum_{j,k\ne i} (1 + \lambda\cos\theta_{ijk})^\zeta
# e^{-\eta(r_{ij}^2 + r_{ik}^2 + r_{jk}^2)} f_c(r_{ij}) f_c(r_{ik}) f_c(r_{jk})$ depends on the positions only
# through distances and the angle $\cos\theta_{ijk} = \hat{\mathbf r}_{ij}\cdot\hat{\mathbf r}_{ik}$, so it is
# invariant under rotations, translations and (because it sums over all $j, k$) renumbering of the
# neighbours. Raw displacement components $x_j - x_i$ are translation invariant but change under a
# rotation, and a fixed ordering of them changes under renumbering.
