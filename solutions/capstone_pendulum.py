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
# # Capstone A — a learned double pendulum, integrated symplectically
#
# **The project.** Learn the Hamiltonian of a chaotic system from noisy data, integrate the learned
# model with a symplectic method of your own, and find out what a learned model can and cannot predict.
# It combines [Chapter 6, *Conservation by construction*](../book/ch06_conservation.ipynb) (the Hamiltonian
# network and its baseline), [Chapter 7, *Symplectic structure*](../book/ch07_symplectic.ipynb) (symplectic
# maps, energy errors that stay bounded) and the training of
# [Chapter 1, *Loss landscapes*](../book/ch01_loss_landscapes.ipynb).
#
# **Time.** Two to three weeks for a pair of students (20–30 hours each). Every computation below runs in
# seconds on a laptop CPU; the time goes into deriving, debugging and explaining.
#
# **How it works.** Five milestones. Each says what to build, why, and what to predict before you run it;
# each has a stub to fill in (replace the `...` below `# YOUR CODE HERE`) and a `check(...)` cell that
# compares your result with an independent reference (the Lagrangian equations of motion, a Newton solve,
# the tangent equations) and answers ✓ or with a hint. Later milestones use your earlier results: until a
# milestone is done, the cells after it say so and wait. Parts marked **open-ended** are your write-up;
# nothing checks them, and they carry a third of the marks.
#
# **The system.** Two equal point masses $m = 1$ hang on rigid massless rods of length $l = 1$, the second
# from the first, under gravity $g = 1$ (so time is in units of $\sqrt{l/g}$). The coordinates are the angles
# $q = (\theta_1, \theta_2)$ of the rods from the downward vertical, and $p = (p_1, p_2)$ their conjugate
# momenta. Near the bottom the motion is two normal modes with frequencies $\omega^2 = 2 \mp \sqrt2$, periods
# 8.2 and 3.4 time units; released from high up, it is chaotic.

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
from scipy.integrate import solve_ivp

from physml import integrators as integ
from physml import mechanics as mech
from physml.checks import attempted, check


# %% [markdown]
# ## Milestone 1: the Hamiltonian, and a reference to compare with
#
# **What to build.** The Hamiltonian $H(q, p)$, from the Lagrangian, and a reference trajectory accurate
# enough to judge everything else by.
#
# **Why.** Everything later is compared with the true dynamics, so they must be right; and the double
# pendulum's $H$ shows at once why chapter 7's leapfrog does not apply.
#
# Work through on paper: the first mass is at $(\sin\theta_1, -\cos\theta_1)$, the second at that plus
# $(\sin\theta_2, -\cos\theta_2)$. With $\omega = \dot q$, the kinetic energy is
# $T = \tfrac12 \omega^\top M(q)\, \omega$ with the mass matrix
#
# $$M(q) = \begin{pmatrix} 2 & \cos(\theta_1 - \theta_2) \\ \cos(\theta_1 - \theta_2) & 1 \end{pmatrix},$$
#
# and the potential energy (pivot at height zero) is $V = -2\cos\theta_1 - \cos\theta_2$. The momenta are
# $p = \partial L/\partial \omega = M\omega$, so $H = \tfrac12 p^\top M(q)^{-1} p + V(q)$. Invert the 2×2
# matrix by hand and write $H$ out. **Predict:** is $H$ of the form $T(p) + V(q)$? What does that mean for
# kick–drift–kick?
#
# ### Task 1a
#
# Write `double_pendulum_H(q, p)` for `q` and `p` of shape `(2,)`, with `jax.numpy`, returning one number.

# %%
def double_pendulum_H(q, p):
    ### BEGIN SOLUTION
    delta = q[0] - q[1]
    kinetic = (p[0] ** 2 + 2 * p[1] ** 2 - 2 * p[0] * p[1] * jnp.cos(delta)) / (2 * (1 + jnp.sin(delta) ** 2))
    return kinetic - 2 * jnp.cos(q[0]) - jnp.cos(q[1])
    ### END SOLUTION


# %%
check("capstone-pendulum-hamiltonian", double_pendulum_H)

# %% [markdown]
# ### Task 1b
#
# Hamilton's equations are $\dot y = J\nabla H(y)$ for the flat state $y = (q, p)$; `integ.hamiltonian_flow(H)`
# builds this vector field with `jax.grad` (chapter 6). Integrate it with `scipy.integrate.solve_ivp`,
# method `"DOP853"` (an explicit Runge–Kutta method of order 8 with adaptive steps) and `rtol = atol = 1e-10`,
# from rest at $\theta_1 = 0.3$, $\theta_2 = -0.2$, for 100 time units (evaluate at 2001 equally spaced times).
# Compute `reference_energy_error`, the largest relative energy error $\max_t |H(t) - H(0)|/|H(0)|$ along the
# run. **Predict** its order of magnitude first. (`jax.jit` the vector field and convert its output with
# `np.asarray` for scipy.)

# %%
y_start = np.array([0.3, -0.2, 0.0, 0.0])
t_eval = np.linspace(0.0, 100.0, 2001)

### BEGIN SOLUTION
flow = jax.jit(integ.hamiltonian_flow(double_pendulum_H))
solution = solve_ivp(lambda t, y: np.asarray(flow(jnp.asarray(y))), (0.0, 100.0), y_start, method="DOP853",
                     rtol=1e-10, atol=1e-10, t_eval=t_eval)
reference = solution.y.T
energies = np.asarray(jax.vmap(lambda y: double_pendulum_H(y[:2], y[2:]))(jnp.asarray(reference)))
reference_energy_error = np.abs(energies / energies[0] - 1).max()
print(f"{solution.nfev} evaluations of the field; largest relative energy error below 1e-9: "
      f"{reference_energy_error < 1e-9}")
### END SOLUTION
check("capstone-pendulum-reference", reference_energy_error)

# %% [markdown]
# ## Milestone 2: learn the Hamiltonian from noisy data
#
# **What to build.** A Hamiltonian neural network $H_\theta$ and a baseline network that outputs $\dot y$
# directly, both fitted to the same noisy derivatives (chapter 6's `mech.train_hnn` and `mech.train_baseline`).
#
# **Why.** At low energy the motion is regular, so this is a fair test of the fit; milestone 4 then asks what
# each model does over long times.
#
# The next cell makes the data: 600 training and 200 held-out states drawn uniformly in the box
# $|\theta_i|, |p_i| \le 0.5$, with their true derivatives plus Gaussian noise of standard deviation
# $\sigma = 0.05$ in each component. **Predict:** what mean squared error on the noisy held-out derivatives
# would a perfect model have? And against the true derivatives?

# %%
sigma = 0.05
if attempted(double_pendulum_H, jnp.zeros(2), jnp.zeros(2)):
    data_rng = np.random.default_rng(7)
    true_flow = jax.jit(jax.vmap(integ.hamiltonian_flow(double_pendulum_H)))
    y_all = data_rng.uniform(-0.5, 0.5, (800, 4))
    dy_true = np.asarray(true_flow(jnp.asarray(y_all)))
    dy_noisy = dy_true + sigma * data_rng.standard_normal(dy_true.shape)
    y_train, dy_train, y_test, dy_test, dy_test_true = (y_all[:600], dy_noisy[:600], y_all[600:], dy_noisy[600:],
                                                        dy_true[600:])
    print(f"{len(y_train)} training and {len(y_test)} held-out states; σ² = {sigma ** 2:.4f}")
else:
    print("Finish Task 1a first: the data come from your Hamiltonian.")

# %% [markdown]
# ### Task 2
#
# Train both models on `(y_train, dy_train)` with `jax.random.key(0)`, two hidden layers of 64 units,
# 2000 Adam steps at learning rate 3e-3, and set `learned_H` to the Hamiltonian network's $H_\theta(q, p)$ (the
# method `hnn.hamiltonian`). Print, for both models, the mean squared derivative error on the noisy held-out
# data and against the true held-out derivatives. The check measures $J\nabla H_\theta$ against the
# Lagrangian equations of motion on fresh states of its own.

# %%
### BEGIN SOLUTION
hnn = mech.train_hnn(y_train, dy_train, key=jax.random.key(0), hidden=(64, 64), n_steps=2000, learning_rate=3e-3)
baseline = mech.train_baseline(y_train, dy_train, key=jax.random.key(0), hidden=(64, 64), n_steps=2000,
                               learning_rate=3e-3)
learned_H = hnn.hamiltonian
for name, model in (("Hamiltonian network", hnn), ("baseline", baseline)):
    predicted = np.asarray(jax.vmap(model.vector_field)(jnp.asarray(y_test)))
    noisy, clean = np.mean((predicted - dy_test) ** 2), np.mean((predicted - dy_test_true) ** 2)
    print(f"{name}: held-out error on noisy data between 0.8 σ² and 1.4 σ²: {0.8 < noisy / sigma ** 2 < 1.4}; "
          f"against the truth below 0.2 σ²: {clean < 0.2 * sigma ** 2}")
### END SOLUTION
check("capstone-pendulum-learned", learned_H)

# %% [markdown] tags=["solution"]
# **Worked answer.** A perfect model's error on noisy held-out data is the noise variance, $\sigma^2$ (the
# noise is independent of the state), and both models sit between $0.8\,\sigma^2$ and $1.4\,\sigma^2$: the
# held-out loss cannot tell them apart, nor tell either from perfection. Against the true derivatives both
# are below $0.2\,\sigma^2$: each fit averages the noise of 600 states. At this point the two models
# look equally good; milestone 4 shows that they are not.

# %% [markdown]
# ## Milestone 3: a symplectic integrator for a non-separable Hamiltonian
#
# **What to build.** The implicit midpoint rule
#
# $$y' = y + h\, J\nabla H\!\left(\tfrac{y + y'}{2}\right),$$
#
# which is symplectic for *every* $H$ (chapter 7's leapfrog needs $H = T(p) + V(q)$). The equation is implicit
# in $y'$: solve it by the fixed-point iteration $y' \leftarrow y + h\, J\nabla H((y + y')/2)$, starting from
# $y' = y$. Each pass shrinks the error by about $h\,\lVert \partial (J\nabla H)\rVert / 2$, so a few tens of
# passes reach round-off at the step sizes used here. Use `jax.lax.fori_loop` with a fixed number of passes
# (say 40), so that the step can be compiled with `jax.jit` and differentiated with `jax.jacfwd`.
#
# ### Task 3a
#
# Write `implicit_midpoint_step(H, y, dt)` for any $H(q, p)$ and a flat state `y = (q, p)` with any number
# of degrees of freedom. (`integ.hamiltonian_flow(H)` gives $J\nabla H$.)

# %%
def implicit_midpoint_step(H, y, dt):
    ### BEGIN SOLUTION
    field = integ.hamiltonian_flow(H)
    return jax.lax.fori_loop(0, 40, lambda _, z: y + dt * field(0.5 * (y + z)), y)
    ### END SOLUTION


# %%
check("capstone-pendulum-midpoint", implicit_midpoint_step)

# %% [markdown]
# Is it symplectic? The next cell measures $\lVert M^\top J M - J\rVert$ for the Jacobian $M$ of one step
# (`integ.symplectic_defect`, which uses `jax.jacfwd` through your iteration) on the double pendulum, at a
# state far from equilibrium, and compares with one RK4 step.

# %%
if (attempted(double_pendulum_H, jnp.zeros(2), jnp.zeros(2))
        and attempted(implicit_midpoint_step, double_pendulum_H, jnp.zeros(4), 0.1)):
    y_far = jnp.array([1.2, -0.8, 0.5, 0.3])
    defect_midpoint = integ.symplectic_defect(lambda y: implicit_midpoint_step(double_pendulum_H, y, 0.1), y_far)
    rk4_map = integ.step_map("rk4", integ.hamiltonian_flow(double_pendulum_H), 0.1)
    print(f"implicit midpoint: ‖MᵀJM − J‖ below 1e-12: {defect_midpoint < 1e-12}")
    print(f"RK4: ‖MᵀJM − J‖ above 1e-8: {integ.symplectic_defect(rk4_map, y_far) > 1e-8}")
else:
    print("Finish Tasks 1a and 3a first.")

# %% [markdown]
# ### Task 3b
#
# **Predict** how the largest energy error of the midpoint rule, over 100 time units from `y_start`, changes
# when the step halves. Then measure it: run your step on the true $H$ with $h = 0.2$ (500 steps) and
# $h = 0.1$ (1000 steps) — `integ.iterate_map(jax.jit(step), y0, n)` runs a compiled step `n` times — and
# set `energy_error_exponent` to the exponent $k$ in $\max|H - H_0| \propto h^k$ from the two runs.

# %%
### BEGIN SOLUTION
largest_error = {}
for h in (0.2, 0.1):
    step = jax.jit(lambda y, h=h: implicit_midpoint_step(double_pendulum_H, y, h))
    path = integ.iterate_map(step, jnp.asarray(y_start), int(round(100 / h)))
    E = np.asarray(jax.vmap(lambda y: double_pendulum_H(y[:2], y[2:]))(path))
    largest_error[h] = np.abs(E - E[0]).max()
energy_error_exponent = np.log2(largest_error[0.2] / largest_error[0.1])
print(f"energy error at h = 0.2 and 0.1: {largest_error[0.2]:.1e} and {largest_error[0.1]:.1e}; "
      f"k = {energy_error_exponent:.1f}")
### END SOLUTION
check("capstone-pendulum-order", energy_error_exponent)

# %% [markdown]
# ## Milestone 4: long runs — which energy does each model conserve?
#
# **What to build.** Roll out, from `y_start`, the learned $H_\theta$ with your implicit midpoint step and the
# baseline with RK4 (`baseline.rollout(y0, dt, n_steps)`, chapter 6), both with $h = 0.2$ for 1000 time
# units (5000 steps, about 120 periods of the slow mode). Along each run, measure the error in the *true*
# energy, $H(y_n) - H(y_0)$, and for the Hamiltonian network also the error in its *own* energy,
# $H_\theta(y_n) - H_\theta(y_0)$.
#
# **Predict** before running: which of the three errors stays bounded, and which grows?
#
# ### Task 4
#
# Fill in `hnn_path` and `baseline_path` (arrays of shape `(5001, 4)`). The cell after plots the errors.

# %%
n_long, h_long = 5000, 0.2
### BEGIN SOLUTION
long_step = jax.jit(lambda y: implicit_midpoint_step(learned_H, y, h_long))
hnn_path = np.asarray(integ.iterate_map(long_step, jnp.asarray(y_start), n_long))
baseline_path = np.asarray(baseline.rollout(jnp.asarray(y_start), h_long, n_long))
### END SOLUTION

# %%
if attempted(hnn_path) and attempted(baseline_path) and attempted(learned_H, jnp.zeros(2), jnp.zeros(2)):
    true_energy = jax.jit(jax.vmap(lambda y: double_pendulum_H(y[:2], y[2:])))
    t_long = h_long * np.arange(n_long + 1)
    E_start = float(double_pendulum_H(jnp.asarray(y_start[:2]), jnp.asarray(y_start[2:])))
    oscillation_energy = E_start + 3.0                        # above the bottom, where H = −3
    error_hnn = np.asarray(true_energy(jnp.asarray(hnn_path))) - E_start
    error_base = np.asarray(true_energy(jnp.asarray(baseline_path))) - E_start
    own = np.asarray(jax.vmap(lambda y: learned_H(y[:2], y[2:]))(jnp.asarray(hnn_path)))
    fig, ax = plt.subplots(figsize=(7, 3.4))
    ax.plot(t_long, error_base, color="#D55E00", lw=1, label="baseline + RK4: $H - H_0$")
    ax.plot(t_long, error_hnn, color="#0072B2", lw=1, label=r"$H_\theta$ + implicit midpoint: $H - H_0$")
    ax.plot(t_long, own - own[0], color="#009E73", lw=1,
            label=r"$H_\theta$ + implicit midpoint: $H_\theta - H_{\theta,0}$")
    ax.axhline(0, color="k", lw=0.5)
    ax.set(xlabel="time", ylabel="energy error", title="Energy errors over 1000 time units")
    ax.legend(fontsize=8)
    plt.show()
    print(f"oscillation energy above the bottom: {oscillation_energy:.2f}")
    band = np.abs(error_hnn).max()
    print(f"Hamiltonian network, largest |H − H₀| below 10% of it: {band < 0.1 * oscillation_energy}")
    print(f"Hamiltonian network, largest |H_θ − H_θ,₀| below 1e-3: {np.abs(own - own[0]).max() < 1e-3}")
    print(f"baseline, energy lost after 100 time units above 80% of it: {-error_base[500] > 0.8 * oscillation_energy}")
else:
    print("Finish Tasks 2, 3a and 4 first.")

# %% [markdown]
# *The figure:* the energy errors of the two learned models along a run of 1000 time units from rest at
# $\theta = (0.3, -0.2)$, both with step $h = 0.2$: in the true $H$ for the baseline integrated with RK4
# (vermillion) and for the Hamiltonian network integrated with the implicit midpoint rule (blue), and in the
# network's own $H_\theta$ (green).
#
# Which statement describes what you see? Answer with a letter, as a string, in `long_run_answer`.
#
# - (a) both models conserve the true energy $H$, because both were trained on the true dynamics;
# - (b) the Hamiltonian network's true-energy error stays in a band, set by how far $H_\theta$ is from $H$ on
#   its level set; the baseline's drifts, because its learned field conserves nothing;
# - (c) the Hamiltonian network conserves $H$ exactly, because implicit midpoint is symplectic;
# - (d) the baseline is more accurate in the long run, because RK4 is fourth order and implicit midpoint only
#   second.

# %%
### BEGIN SOLUTION
long_run_answer = "b"
### END SOLUTION
check("capstone-pendulum-long-run", long_run_answer)

# %% [markdown]
# **Open-ended (write-up).** Explain the difference between "conserves $H_\theta$" and "conserves $H$". How
# large is the band of the true-energy error, and what sets it? Does it shrink when you halve $h$ (try it)?
# When you train on more data? Which part of the error would a better integrator remove, and which only a
# better model?

# %% [markdown] tags=["solution"]
# **Worked answer.** The implicit midpoint rule conserves $H_\theta$ up to a bounded oscillation of order
# $h^2$ (the green curve, below $10^{-3}$ here: by backward error analysis, chapter 7, it conserves a modified
# Hamiltonian $\tilde H_\theta = H_\theta + O(h^2)$ up to exponentially small terms, over exponentially long
# times). So the run stays on (near) one level set of
# $H_\theta$, and the true energy varies along it only as much as $H - H_\theta$ varies over that level set:
# a band whose width is set by the model's error, not by time (blue, within 10% of the oscillation energy
# here). The $h^2$ scaling of milestone 3 predicts that halving $h$ shrinks the green band by 4 but hardly
# changes the blue one, which is the model's part (not computed here: check it). More data, or less noise,
# should narrow the blue band. The
# baseline's field is not a Hamiltonian field at all; its small non-Hamiltonian part drains energy
# here, and within 100 time units the run has
# lost more than 80% of its oscillation energy (vermillion), whatever the integrator: a better
# integrator follows the wrong field more faithfully. (With another seed the baseline may pump energy in
# instead; what it cannot do is hold it.) "Conserves $H_\theta$" is a property of model
# and integrator together; "conserves $H$" can only ever hold approximately, to the accuracy of the model.

# %% [markdown]
# ## Milestone 5: chaos — the limit of any model
#
# **What to build.** The largest Lyapunov exponent $\lambda$ of the true dynamics at high energy: released
# from rest at $\theta_1 = \theta_2 = 2$ (well above the bottom; energy $-3\cos 2 \approx 1.25$ against $-3$ at
# rest at the bottom).
#
# **Method** (two nearby trajectories, renormalised): start a second trajectory at distance $d_0 = 10^{-8}$
# from the first (add $d_0$ to $\theta_1$). Integrate both with your implicit midpoint step on the true $H$,
# $h = 0.05$. Every $\tau = 0.5$ time units, measure their distance $d$, add $\ln(d/d_0)$ to a running sum,
# and move the second trajectory back to distance $d_0$ from the first along the same direction. After 100
# time units, $\lambda$ is the sum divided by the total time.
#
# **Why renormalise?** Without it the separation grows until it is as large as the accessible phase space and
# then stops growing; the rate measured would be too small.
#
# ### Task 5a
#
# Set `lyapunov_exponent` to your estimate. (A `jax.lax.scan` over the 200 renormalisation blocks, with a
# `jax.lax.fori_loop` over the 10 steps inside each, runs in about a second.)

# %%
chaos_start = jnp.array([2.0, 2.0, 0.0, 0.0])
### BEGIN SOLUTION
d0, tau, h_chaos = 1e-8, 0.5, 0.05
chaos_step = jax.jit(lambda y: implicit_midpoint_step(double_pendulum_H, y, h_chaos))


def renormalised_block(pair, _):
    a, b = pair
    a = jax.lax.fori_loop(0, int(round(tau / h_chaos)), lambda _, y: chaos_step(y), a)
    b = jax.lax.fori_loop(0, int(round(tau / h_chaos)), lambda _, y: chaos_step(y), b)
    d = jnp.linalg.norm(b - a)
    return (a, a + (b - a) * d0 / d), jnp.log(d / d0)


_, logs = jax.lax.scan(renormalised_block, (chaos_start, chaos_start.at[0].add(d0)), None, length=200)
lyapunov_exponent = float(jnp.sum(logs)) / 100.0
print(f"λ ≈ {lyapunov_exponent:.2f} per unit time")
### END SOLUTION
check("capstone-pendulum-lyapunov", lyapunov_exponent)

# %% [markdown]
# ### Task 5b
#
# A model's prediction starts with an error $\delta_0$ (from the fit, from the integrator, from the initial
# state). In a chaotic region it grows as $\delta(t) \approx \delta_0 e^{\lambda t}$. Derive the **prediction
# horizon**: the time at which the error reaches a tolerance. Give it as a formula in `delta0`, `tolerance`
# and `lam`, a string such as `"delta0*lam"` (or a Python function of the three).

# %%
### BEGIN SOLUTION
t_horizon = "log(tolerance/delta0)/lam"
### END SOLUTION
check("capstone-pendulum-horizon", t_horizon)

# %% [markdown]
# Now the experiment: even the *true* Hamiltonian, integrated with your midpoint rule at $h = 0.05$ (a phase
# error of a few $10^{-3}$ after one period, far smaller than a learned model's), loses the reference
# trajectory from the chaotic start. The next cell compares it with a DOP853 run at tolerance $10^{-10}$ and
# reports when their distance first exceeds 0.1.

# %%
if (attempted(double_pendulum_H, jnp.zeros(2), jnp.zeros(2))
        and attempted(implicit_midpoint_step, double_pendulum_H, jnp.zeros(4), 0.1)):
    t_chaos = np.arange(0, 1201) * 0.05
    field = jax.jit(integ.hamiltonian_flow(double_pendulum_H))
    truth = solve_ivp(lambda t, y: np.asarray(field(jnp.asarray(y))), (0.0, t_chaos[-1]), np.asarray(chaos_start),
                      method="DOP853", rtol=1e-10, atol=1e-10, t_eval=t_chaos).y.T
    midpoint_run = np.asarray(integ.iterate_map(jax.jit(lambda y: implicit_midpoint_step(double_pendulum_H, y, 0.05)),
                                                chaos_start, len(t_chaos) - 1))
    distance = np.linalg.norm(midpoint_run - truth, axis=1)
    lost = t_chaos[np.argmax(distance > 0.1)]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.semilogy(t_chaos, distance, color="#0072B2", lw=1)
    ax.axhline(0.1, color="#D55E00", lw=0.8, ls="--")
    ax.set(xlabel="time", ylabel="distance from the reference", title="Midpoint rule on the true H, chaotic start")
    plt.show()
    print(f"the midpoint run leaves the reference (distance > 0.1) between t = 5 and t = 25: {5 < lost < 25}")
else:
    print("Finish Tasks 1a and 3a first.")

# %% [markdown]
# *The figure:* the distance in phase space between the implicit-midpoint run ($h = 0.05$) of the true
# Hamiltonian and the DOP853 reference, both from rest at $\theta_1 = \theta_2 = 2$, on a logarithmic scale;
# the dashed line is the tolerance 0.1. The distance grows roughly exponentially (a straight rise on this
# logarithmic scale) until it saturates at the size of the accessible phase space.
#
# **Open-ended (write-up).** From your $\lambda$ and horizon formula, how much longer could you predict the
# trajectory with a model a thousand times more accurate? Why is a trajectory beyond the horizon still
# useful — what does a symplectic run of a good $H_\theta$ get right even there? (Hint: compare the
# *statistics* of the motion, a Poincaré section or the distribution of $\theta_2$, rather than the state at
# a given time.)

# %% [markdown] tags=["solution"]
# **Worked answer.** With $\lambda \approx 0.4$, an error $10^3$ times smaller buys $\ln(10^3)/\lambda \approx
# 17$ time units, about two periods of the slow mode: precision buys time only logarithmically. Here even
# the midpoint run of the true $H$ passes the distance 0.1 from the reference between $t = 5$ and $t = 25$,
# within ten Lyapunov times of the start; a learned model, with a relative error of a
# few per cent (milestone 2's check), loses the trajectory within a few Lyapunov times, $1/\lambda \approx 2.5$ each.
# Beyond the horizon, individual trajectories are meaningless, but a symplectic run of $H_\theta$ stays on
# a level set of $H_\theta$, near the true energy surface, and samples it with the right invariant measure
# (to the accuracy of $H_\theta$): time averages, Poincaré sections and distributions of the angles can
# still be right. That is the sense in which a learned chaotic model can be good: statistically, not
# pointwise.

# %% [markdown]
# ## Going further (open-ended)
#
# 1. **Poincaré sections.** Record the crossings of $\theta_1 = 0$ with $p_1 > 0$ and plot $(\theta_2, p_2)$
#    there, for several starts at one energy, for the reference and for your learned $H_\theta$ — trained on
#    data at that energy (a larger box). Where do the regular islands and the chaotic sea agree?
# 2. **A better fixed point.** Replace the fixed-point iteration with Newton's method (`jax.jacfwd` of the
#    residual). How many passes does each need at $h = 0.2$ and $h = 0.5$, and where does the fixed point
#    stop converging?
# 3. **Learn the map, not the field.** Fit chapter 7's generating-function map to pairs of states one step
#    apart and compare its long runs with the Hamiltonian network's.
#
# ## Assessment
#
# Correctness of the milestones' checks (50%); the written explanations of milestones 4 and 5 (30%); code
# quality and reproducibility — fixed keys, a notebook that runs from top to bottom (20%).
