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
# # Practice 6: conservation by construction
#
# Practice for [Chapter 6, *Conservation by construction*](../book/ch06_conservation.ipynb). Five tasks: write Hamilton's equations for any $H$, predict
# what an untrained pair network does to momentum, derive a noise floor, read off and explain the rate
# at which a twisted force pumps energy in or out, and predict and measure the work it does per lap. Replace each `...` below
# `# YOUR CODE HERE`, then run the `check(...)` cell after it. Where a task asks for a prediction,
# write it down *before* you run the experiment: the point is to find out whether your reasoning was
# right.

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
from physml.checks import as_formula, check
from physml.nn import mlp_init


# %% [markdown]
# ## Task 6.1: Hamilton's equations from a scalar H (implement)
#
# Write `my_vector_field(H)`. It takes a scalar function `H(q, p)` of the coordinates and momenta
# (arrays of length $n$, as every Hamiltonian of the course) and returns a function `f(y)` of the
# flat state $y = (q_1, \dots, q_n, p_1, \dots, p_n)$ giving
# $\dot y = J\nabla H = (\partial H/\partial p, -\partial H/\partial q)$, with the derivatives from
# `jax.grad(H, argnums=0)` and `jax.grad(H, argnums=1)`. Do not use `I.hamiltonian_flow`.

# %%
def my_vector_field(H):
    ### BEGIN SOLUTION
    dHdq, dHdp = jax.grad(H, argnums=0), jax.grad(H, argnums=1)

    def f(y):
        n = y.shape[0] // 2
        q, p = y[:n], y[n:]
        return jnp.concatenate([dHdp(q, p), -dHdq(q, p)])

    return f
    ### END SOLUTION


# %%
check("ch06-hamilton", my_vector_field)

# %% [markdown]
# Now use it. We integrate the pendulum $H = 3(1 - \cos q) + p^2/2$ (`S.pendulum`) with RK4 from
# $(q, p) = (2, 0)$, a large swing, for $10^4$ steps of $h = 0.05$, and print how far the energy
# strays. Then we make up a strange Hamiltonian and check that $\dot H = \nabla H \cdot f(y)$ vanishes
# at random states.

# %%
f = my_vector_field(S.pendulum)
if f is ...:
    print("(write my_vector_field first)")
else:
    path = I.rk4(f, jnp.array([2.0, 0.0]), 0.05, 10_000)
    E = S.energy(S.pendulum, path)
    print(f"pendulum, t = 500: energy strays by {float(jnp.abs(E - E[0]).max()):.0e} (RK4, h = 0.05)")
    H_mine = lambda q, p: jnp.sin(q[0] * p[0]) + q[0] ** 4 + jnp.exp(0.3 * p[0])
    grad_H = lambda y: jnp.concatenate(jax.grad(H_mine, argnums=(0, 1))(y[:1], y[1:]))    # (∂H/∂q, ∂H/∂p)
    ys = jax.random.normal(jax.random.key(0), (100, 2))
    dH = jax.vmap(lambda y: grad_H(y) @ my_vector_field(H_mine)(y))(ys)
    print(f"my own H: largest |dH/dt| at 100 random states below 1e-12: {bool(jnp.abs(dH).max() < 1e-12)}")

# %% [markdown]
# **Going further.** Your vector field conserves $H$ exactly, yet the RK4 run shows a small energy
# error. Where does it come from, and how does it change if you halve $h$?

# %% [markdown] tags=["solution"]
# *Model answer.* The exact flow of $f$ conserves $H$; RK4 is not the exact flow but an approximation
# with a local error of order $h^5$, and nothing in RK4 respects the energy shells, so each step moves
# the state slightly across them. Halving $h$ reduces the energy error here about 32-fold
# ($1.3\times10^{-4}$, $4\times10^{-6}$, $1.3\times10^{-7}$ at $h = 0.05$, $0.025$, $0.0125$), more than the
# sixteen-fold of RK4's $O(h^4)$ state error: the part of the energy error that accumulates step after
# step is of order $h^6$ per step (for the oscillator, one step multiplies $|y|^2$ by
# $|R(\mathrm{i}h\omega)|^2 = 1 - (h\omega)^6/72 + \dots$, with $R$ RK4's amplification factor), so over a
# fixed time, $T/h$ steps, the drift scales as $h^5$.
# Unlike a symplectic method ([Chapter 7](../book/ch07_symplectic.ipynb)), RK4's energy error also grows with the length of the run.

# %% [markdown]
# ## Task 6.2: does an untrained pair network conserve momentum? (predict)
#
# Take the chapter's pair network $\varphi_\theta(x_i, x_j)$ (`M.pair_network`) with **random, untrained**
# weights, five bodies of *different* masses starting with zero total momentum, and integrate them
# for 3000 velocity-Verlet steps (`M.nbody_run`). The forces are antisymmetrised,
# $F_{ij} = \varphi_\theta(x_i, x_j) - \varphi_\theta(x_j, x_i)$ (`M.pairwise_forces`). What happens to the total
# momentum $|P|$?
#
# - **a**: it stays at round-off for the whole run, whatever the weights and masses.
# - **b**: it stays small only once the network has been trained on forces that obey the third law.
# - **c**: it grows slowly, because the integrator's error breaks the third law a little at every step.
# - **d**: it stays zero only if all the masses are equal.
#
# Write your prediction (a letter) before running the experiment below.

# %%
### BEGIN SOLUTION
prediction = "a"
### END SOLUTION

# %%
check("ch06-momentum-predict", prediction)

# %% [markdown]
# Now the experiment, with the raw sum of $\varphi_\theta(x_i, x_j)$ for comparison. (Round-off here
# means below $10^{-9}$: the forces of an untrained network are of order one, and 3000 steps
# accumulate the last-bit errors of every addition.)

# %%
params = mlp_init((4, 16, 2), key=jax.random.key(1))
masses = np.array([1.0, 2.0, 0.5, 1.5, 3.0])
start = M.nbody_start(masses, key=jax.random.key(2))
if prediction is ...:
    print("(record your prediction above first)")
else:
    for antisymmetric in (True, False):
        forces = lambda x, a=antisymmetric: M.pairwise_forces(M.pair_network, params, x, antisymmetric=a)
        run = M.nbody_run(forces, start.x0, start.v0, masses, 0.01, 3000)
        P = np.linalg.norm(run.total_momentum, axis=1).max()
        print(f"{'antisymmetric' if antisymmetric else 'raw':>13} pair force: largest |P| over the run "
              + ("below 1e-9 (round-off)" if P < 1e-9 else f"≈ {P:.0e}"))

# %% [markdown]
# **Going further.** The antisymmetric model conserves momentum. Does it conserve angular momentum
# $L = \sum_i x_i \times m_i\dot x_i$? Predict, then check with `run.angular_momentum`.

# %% [markdown] tags=["solution"]
# *Model answer.* No. $\dot L = \sum_{i<j}(x_i - x_j)\times F_{ij}$ vanishes only if every pair force is
# parallel to $x_i - x_j$ (central). $\varphi_\theta(x_i, x_j) - \varphi_\theta(x_j, x_i)$ is antisymmetric but
# points in any direction, so $L$ changes; with random weights it changes by an amount of the order of
# the typical torque times the run time. A network of the distance alone times $x_i - x_j$ would
# conserve $L$ (and an energy) as well.

# %% [markdown]
# ## Task 6.3: the noise floor of a general spring (derive)
#
# The chapter trains on a spring with $k = m = 1$ and finds that even the exact vector field has a
# loss of $2\sigma^2$ on the noisy data. Now take a mass $m$ on a spring of stiffness $k$,
# $H = p^2/(2m) + kq^2/2$, whose exact field is $f(q, p) = (p/m,\ -kq)$. The training pairs are noisy
# states $(q + \varepsilon_q, p + \varepsilon_p)$ and noisy targets $(\dot q + \eta_q, \dot p + \eta_p)$, four
# independent noises of mean zero and standard deviation $\sigma$. The loss is the squared miss
# averaged over points **and over the two components**, as in the chapter.
#
# Derive the expected loss of the exact field $f$ on these data (the noise floor) as a function of
# `sigma`, `k` and `m`, and write it as a string in Python syntax, e.g. `"sigma**2 * (k + m)"`.

# %%
### BEGIN SOLUTION
floor = "sigma**2 * (2 + k**2 + 1/m**2) / 2"
### END SOLUTION

# %%
check("ch06-noise-floor", floor)

# %% [markdown]
# Check your formula against a simulation: draw many noisy pairs for a stiff, light spring and
# average the squared miss of the exact field. (The cell runs once you have written your formula.
# Why does the answer not depend on where the states are?)

# %%
sigma, k, m = 0.1, 4.0, 0.5
exact_field = lambda q, p: (p / m, -k * q)                    # f(q, p) = (p/m, −kq)
if floor is ...:
    print("(write your formula above first: derive, then simulate)")
else:
    rng = np.random.default_rng(0)
    q, p = rng.uniform(-1, 1, (2, 100_000))
    eps_q, eps_p, eta_q, eta_p = sigma * rng.normal(size=(4, q.size))
    f_q, f_p = exact_field(q + eps_q, p + eps_p)              # the exact field at the noisy states
    qdot, pdot = exact_field(q, p)                            # the true derivatives
    miss_q, miss_p = f_q - (qdot + eta_q), f_p - (pdot + eta_p)   # minus the noisy targets
    print(f"simulated floor at σ = {sigma}, k = {k}, m = {m}: {np.mean((miss_q**2 + miss_p**2) / 2):.4f}")
    try:
        print(f"your formula: {float(as_formula(floor, ('sigma', 'k', 'm'))(sigma, k, m)):.4f}")
    except Exception as e:
        print(f"(your formula could not be evaluated: {e})")

# %% [markdown]
# **Going further.** For which springs does the state noise dominate the floor, and what does that
# say about training on measured positions of a stiff system?

# %% [markdown] tags=["solution"]
# *Model answer.* The floor is $\tfrac12\sigma^2(2 + k^2 + 1/m^2)$: the target noise contributes $\sigma^2$ in
# total, the state noise $\tfrac12\sigma^2(k^2 + 1/m^2)$. State noise dominates when $k^2 + 1/m^2 > 2$, i.e.
# for a stiff spring or a light mass. The exact field multiplies the error in $q$ by $k$ and the error in
# $p$ by $1/m$, so for a stiff system small position errors become large force errors. A low training
# loss then needs precise states more than precise derivatives, and a loss far above $2\sigma^2$ need
# not mean a bad model.

# %% [markdown]
# ## Task 6.4: a twisted force (interpret)
#
# Add a small twist to the unit spring in the plane: $F(q) = -q + \kappa Rq$, with $R$ the rotation by
# $+90°$, $Rq = (-q_2, q_1)$, and a twist strength $\kappa = 0.05$ (unit mass, so $\dot q = p$,
# $\dot p = F(q)$). We integrate it with velocity Verlet from
# $q = (1, 0)$ twice: once with $p = (0, 1)$ (the particle circles anticlockwise) and once with
# $p = (0, -1)$ (clockwise). Both start with the same energy $E = \tfrac12|p|^2 + \tfrac12|q|^2 = 1$.
# The figure shows $\ln E$ along the two runs: straight lines, so $E = e^{\pm s t}$ with some rate $s$.

# %% mystnb={"figure": {"caption": "The logarithm of the energy $E = \\tfrac12|p|^2 + \\tfrac12|q|^2$ along two velocity-Verlet runs of the twisted spring ($\\kappa = 0.05$, $h = 0.01$, 4000 steps), one started circling anticlockwise and one clockwise, both at $E = 1$. Both lines are straight: the energy changes exponentially in time.", "name": "fig-p06-twisted"}}
kappa = 0.05
twisted = lambda q: -q + kappa * jnp.array([-q[1], q[0]])
t = 0.01 * np.arange(4001)
fig, ax = plt.subplots(figsize=(7, 3.2))
for p0, name in (((0.0, 1.0), "anticlockwise"), ((0.0, -1.0), "clockwise")):
    run = np.asarray(I.velocity_verlet(twisted, np.array([1.0, 0.0, *p0]), 0.01, 4000))
    ax.plot(t, np.log(0.5 * np.sum(run ** 2, axis=1)), label=f"start p = {p0}, {name}")
ax.set(xlabel="time t", ylabel="ln E,  E = |p|²/2 + |q|²/2", title="twisted spring, κ = 0.05")
ax.grid(alpha=0.3)
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# Read the rate $s$ off the figure. Which statement gives it and explains it? Before you choose,
# work out $\mathrm{d}E/\mathrm{d}t$ along the motion: which terms cancel, and what is left?
#
# - **a**: $s \approx 2\kappa = 0.1$: the rate is the curl of the force, $\partial_1F_2 - \partial_2F_1 = 2\kappa$.
# - **b**: $s \approx \kappa = 0.05$: the twist's power $F\cdot\dot q$ is $\kappa$ times the angular
#   momentum $L = q_1p_2 - q_2p_1$, and on a near-circular orbit $|L| \approx E$; the sign of $L$ is
#   the sense of rotation.
# - **c**: $s \approx 0.05$ at this step, but it is velocity Verlet's error: with a smaller step both lines
#   would flatten.
# - **d**: $s \approx \kappa^2 = 0.0025$: the twist is a small perturbation of the spring, so it changes the
#   energy only at second order in $\kappa$.

# %%
### BEGIN SOLUTION
explanation = "b"
### END SOLUTION

# %%
check("ch06-curl-interpret", explanation)

# %% [markdown]
# ## Task 6.5: the work per lap (compute and reason)
#
# Quantify it. The work of the twisted force around the circle of radius $r$, traversed
# anticlockwise, is $W(r) = \oint F\cdot\mathrm{d}q$. Before you compute anything: by Green's
# theorem, by what factor should $W(2)$ exceed $W(1)$? Record it as `factor`.

# %%
### BEGIN SOLUTION
factor = 4
### END SOLUTION

# %%
check("ch06-work-factor", factor)

# %% [markdown]
# Now compute, by quadrature with a few thousand points, $W(1)$ and $W(2)$, and give
# `work = (W1, W2)`.

# %%
### BEGIN SOLUTION
def work_per_lap(force, r, n=4000):
    phi = 2 * np.pi * np.arange(n) / n
    q = r * np.column_stack([np.cos(phi), np.sin(phi)])
    dq = r * np.column_stack([-np.sin(phi), np.cos(phi)]) * (2 * np.pi / n)       # tangent × arc length
    return float(np.sum(np.asarray(jax.vmap(force)(jnp.asarray(q))) * dq))

work = (work_per_lap(twisted, 1.0), work_per_lap(twisted, 2.0))
### END SOLUTION

# %%
check("ch06-work-per-lap", work)

# %% [markdown]
# **Going further.** (1) Tasks 6.4 and 6.5 must agree: from $W(r)$, the time a lap takes and the
# energy on that orbit, find the rate $s$ of task 6.4. Why is it $\kappa$ and not the curl $2\kappa$?
# (2) In the chapter, the learned force network's curl did work on every lap. Compute
# the work $\oint F_\theta\cdot\mathrm{d}q$ of `model.force` around circles of several radii for a force
# model you train yourself with `M.train_force`. Is the work per lap larger where there were fewer
# training points?

# %% [markdown] tags=["solution"]
# *Model answer.* (1) On the circle of radius $r$ the unperturbed orbit has $|q| = |p| = r$ and period
# $2\pi$, so $E = r^2$. One lap gains $W = 2\kappa\,\pi r^2$, i.e. $\kappa r^2 = \kappa E$ per unit time, and
# $\mathrm{d}\ln E/\mathrm{d}t = \kappa$. The curl $2\kappa$ is work per unit *enclosed area*; the orbit
# sweeps its area $\pi r^2$ once per period $2\pi$, and that area per unit time, $r^2/2$, is half the
# energy, hence the factor $\tfrac12$. (2) Unlike the twisted spring, a learned force has a curl that varies in
# sign and size over the plane, so the work is the flux of a curl that partly cancels: it need not grow
# as $r^2$, and it can change sign with $r$. Nothing in the loss penalises the curl; only the data (from a
# true, curl-free force) hold it near zero, so it is typically largest near and beyond the edge of the
# training disc ($|q| < 1.5$) and in gaps between samples.
