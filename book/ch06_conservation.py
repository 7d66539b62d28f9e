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
# equations; training with Adam.
#
# **Time to run:** about 50 seconds on a laptop CPU. **Practice:** {doc}`../exercises/ch06_practice`.
# ```
#
# A network trained to predict how a system moves learns what the data show, within the noise of
# the data. A conservation law is not a fact about any one data point: it is a statement about
# every trajectory at every time. Small errors that break it add up over a long simulation, and a
# simulated pendulum slowly gains or loses energy that no real pendulum would. This chapter builds
# the law into the model's structure, so it holds exactly whatever the weights are, and measures the
# difference on long runs.

# %%
import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

from physml import integrators as I
from physml import mechanics as M
from physml import systems as S
from physml.interactives import mechanics as figures
from physml.nn import mlp_init
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
# Along any solution, $\dot H = \nabla H^\top \dot y = \nabla H^\top J \nabla H = 0$, because $J$ is
# antisymmetric. The argument never uses what $H$ is. So if a network outputs a scalar $H_\theta$
# and we define its predicted motion by {eq}`hamilton`, with the gradient from `jax.grad`, the
# predicted motion conserves $H_\theta$ exactly, for every value of the weights $\theta$. This is
# the **Hamiltonian neural network** (HNN, `M.HNN`) of Greydanus, Dzamba and Yosinski
# {cite}`greydanus2019hamiltonian`. We check the identity on an untrained network at random states:

# %%
hnn0 = M.HNN(mlp_init((2, 32, 32, 1), key=jax.random.key(0)))      # an untrained HNN
H_theta = lambda y: hnn0.hamiltonian(y[:1], y[1:])                  # H_θ of the flat state y = (q, p)
states = jax.random.normal(jax.random.key(1), (1000, 2))
dH_dt = jax.vmap(lambda y: jax.grad(H_theta)(y) @ hnn0.vector_field(y))(states)
grad_size = jnp.linalg.norm(jax.vmap(jax.grad(H_theta))(states), axis=1)
print(f"untrained HNN, 1000 random states: typical |∇H_θ| = {float(jnp.median(grad_size)):.2f}, "
      f"largest |dH_θ/dt| below 1e-14: {bool(jnp.abs(dH_dt).max() < 1e-14)}")

# %% [markdown]
# The **baseline** is the obvious alternative: a network of the same size that outputs the two
# numbers $(\dot q, \dot p)$ directly (`M.Baseline`). Both are fitted to the same data by minimising the
# mean squared error of the predicted time derivative, with Adam (optax); one PRNG key draws the
# data and the initial weights.
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
print(f"the exact vector field's mean squared error on them: {np.mean((exact - train.dy) ** 2):.3f} (2σ² = 0.02)")
print(f"final training loss, 25 trajectories, 3 seeds: HNN {sweep.hnn_loss[-1].min():.3f} to {sweep.hnn_loss[-1].max():.3f}, "
      f"baseline {sweep.baseline_loss[-1].min():.3f} to {sweep.baseline_loss[-1].max():.3f}")

# %% [markdown]
# **The noise floor.** The loss compares the network's output at a noisy state $\tilde y = y + \varepsilon$
# with a noisy target $\dot y + \eta$, where $\varepsilon$ and $\eta$ each have variance $\sigma^2$ per
# component. Even the exact vector field $f(y) = Jy$ misses: $f(\tilde y) - (\dot y + \eta) = J\varepsilon - \eta$,
# and since $J$ is a rotation, this has mean square $\sigma^2 + \sigma^2 = 2\sigma^2 = 0.02$ per
# component, as the second line shows. Both networks end at or a little below this floor. Going below it does not
# make them more accurate than the truth. When the inputs are noisy, the best predictor of the target
# is $J\,\mathbb{E}[y \mid \tilde y]$, which pulls $\tilde y$ towards where the data lie, and 750 points
# also let a network fit a little of the noise. The networks are trained as far as these data
# allow.
#
# To judge the models we use data they have not seen: 25 new trajectories (drawn from another key) without noise.
# Two numbers matter. The **derivative error** is the mean squared error of the predicted
# $\dot y$ on the test states; it is what both models were trained to make small. The **energy
# error** is the mean squared deviation $\big(H(y(t)) - H(y_0)\big)^2$ of the *true* energy along a
# rollout, integrated with RK4 at $h = 0.1$ up to $t = 30$ from each test trajectory's first state.
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

# %% [markdown]
# (Numbers are rounded to the nearest of 1, 2 or 5 times a power of ten: the last digits of a
# trained network's error change with the seed, so they carry no information.) The two models fit
# the test derivatives about equally well: the baseline's error is about that of the HNN on every
# seed. Their rollouts differ by a large factor: the baseline's energy error is between about
# fifty and a few hundred times the HNN's, depending on the seed. Greydanus et al. report
# $3.8\times10^{-4}$ against $1.7\times10^{-1}$ on this task with larger networks and longer training;
# our numbers differ, the ordering and the size of the gap do not. The figure shows why.

# %%
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

# %% [markdown]
# On this problem the answer depends on which error we ask about.
#
# - **Derivative error** (what both models are trained on): no data efficiency. The two errors fall
#   together as the training set grows, by a factor of fifty to a hundred from 90 to 750 states, and the HNN's is never
#   clearly smaller; with 90 states it is, if anything, larger. The spring's vector field is linear, an easy target for
#   either network, and the constraint saves no data in fitting it.
# - **Energy error** (what a simulation needs): from 240 states on, the baseline's energy error is at least
#   about fifty times the HNN's on every seed, and typically a hundred times; at 240 states one seed
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
# Now the constraint costs. The HNN's derivative error is several times the baseline's (on this one
# seed; the two are printed above), because the
# best it can do is the closest area-preserving field. Its rollouts keep their energy (ratio about 1)
# where the true pendulum has lost about 95 % of it by $t = 10$, as $e^{-\gamma t} = e^{-3}$
# predicts for small swings, and they end far
# from the true state. The baseline,
# free of any constraint, learns the friction and follows the decay. A conservation law built into
# a model is a statement about the physics; when the physics does not conserve the quantity, the
# model is wrong by construction. Dissipative variants add a learned friction term to $J\nabla H_\theta$
# {cite}`sosanya2022dissipative`.
#
# ## A learned potential against a learned force
#
# Most simulations of atoms and molecules need only forces, and a tempting shortcut is to learn
# the force directly. A force field $F(q)$ conserves the energy $\tfrac12\dot q^\top M\dot q + V(q)$
# only if it is a gradient, $F = -\nabla V$. In one dimension every force is a gradient; in two or
# more, a generic field has a **curl**, $\partial_1F_2 - \partial_2F_1 \neq 0$, and then the work
# done around a closed loop is not zero. A moving particle can gain energy on every lap.
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
# optimiser. Besides the fit, we measure two things that decide conservation: the curl at the data
# points (from `jax.jacfwd`), and the work $\oint F\cdot dq$ around the unit circle (2000-point
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
# and the energy wanders by an amount comparable to the energy itself. The picture over the whole run:

# %%
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
# The data: 100 random configurations of four bodies in the plane, joined pairwise by springs of
# rest length 1, with noisy total forces ($\sigma = 0.02$). We train the antisymmetric model
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

# %%
fig, ax = plt.subplots(figsize=(7, 3.4))
ax.semilogy(t_pair[1:], np.maximum(momentum["pair"][1:], 1e-17), color=COLORS["blue"], label="F_ij = φ(x_i, x_j) − φ(x_j, x_i)")
ax.semilogy(t_pair[1:], momentum["pair-raw"][1:], color=COLORS["vermillion"], label="F_ij = φ(x_i, x_j)")
ax.axhspan(1e-17, 1e-13, color=COLORS["grey"], alpha=0.2, lw=0)
ax.text(19.5, 2e-17, "round-off", fontsize=8, ha="right")
ax.set(xlabel="time t", ylabel="|total momentum|", ylim=(1e-17, 10))
ax.legend(fontsize=8, loc="center right")
plt.show()

# %% [markdown]
# ### Momentum, but not angular momentum or energy
#
# The third law gives momentum and nothing more. The total angular momentum
# $L = \sum_i x_i \times p_i$ (in the plane, the number $\sum_i (x_i p_{i,y} - y_i p_{i,x})$) changes at the rate
#
# $$
# \dot L = \sum_i x_i \times F_i = \sum_{i<j} (x_i \times F_{ij} + x_j \times F_{ji}) = \sum_{i<j} (x_i - x_j) \times F_{ij},
# $$
#
# using $\dot x_i \times p_i = 0$ and $F_{ji} = -F_{ij}$. It vanishes for every configuration only if
# each $F_{ij}$ is parallel to $x_i - x_j$: the force must also be **central**. The energy needs one
# more condition. A central force whose size depends only on the distance,
# $F_{ij} = f(r_{ij})\,\hat r_{ij}$, is minus the gradient of $U(r_{ij})$ with $U' = -f$, so
# $\tfrac12\sum_i m_i|\dot x_i|^2 + \sum_{i<j} U(r_{ij})$ is conserved; without this form the force
# can do net work around a closed path, as the learned force above did.
#
# To see it, give the springs a small sideways push, $F_{ij} = F^{\rm spring}_{ij} + \epsilon\,R(x_i - x_j)$
# with $R$ the rotation by $90°$ and $\epsilon = 0.02$. It is antisymmetric, because $R$ is linear,
# but not central: then $\dot L = \epsilon\sum_{i<j} r_{ij}^2 > 0$. We integrate the four bodies from the same start under the
# exact springs, the twisted springs and the learned antisymmetric pair force, and track $P$, $L$
# and the springs' energy $E = \sum_i |p_i|^2/2m_i + \sum_{i<j} (r_{ij} - 1)^2/2$:

# %%
def twisted_spring(_, x_i, x_j, epsilon=0.02):
    d = x_i - x_j
    return S.spring_pair_force(x_i, x_j) + epsilon * jnp.array([-d[1], d[0]])    # + ε R(x_i − x_j)

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
# | gradient force | $F = -\nabla V_\theta$ | $\tfrac12\dot q^\top M\dot q + V_\theta$ | a second derivative in training |
# | third law | $F_{ij} = \varphi(x_i, x_j) - \varphi(x_j, x_i)$ | total momentum | two network calls per pair |
#
# On conservative data none of them made the fit to the training target worse: the HNN and the
# baseline end at the same noise floor on every seed, the potential and the force fit equally well,
# and the antisymmetric pair model fits better than the raw one. What they buy is long-time
# behaviour, not a smaller fitting error: on the spring the HNN's derivative error was no smaller
# than the baseline's at any training-set size. And they assume the physics: on the damped
# pendulum the HNN's derivative error was several times the baseline's, and its rollouts kept an
# energy the true motion loses. A model whose coordinates are not canonical needs the Lagrangian form instead
# {cite}`cranmer2020lagrangian`. Graph networks of interacting particles build in the third law the
# same way {cite}`battaglia2016interaction`.
#
# ## Explore: noise and horizon
#
# Each noise level below is a separate pair of models trained on the spring as above
# (`M.energy_drift`; at $\sigma = 0.1$ it reuses the two models above); the rollout starts from the
# held-out state $(q, p) = (0, 0.9)$. The slider sets the horizon of the rollout.
# Watch the baseline's error grow without bound while the HNN's stays at the level set by how well
# $H_\theta$ matches $H$. In JupyterLab the live version also lets you change the noise.

# %%
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
# - A force that is a gradient, $-\nabla V_\theta$, conserves $\tfrac12\dot q^\top M\dot q + V_\theta$.
#   A learned force field has a curl, does net work around loops and drifts.
# - Pair forces written as $\varphi(x_i, x_j) - \varphi(x_j, x_i)$ conserve total momentum to
#   round-off; raw pair networks give isolated systems a net force. Angular momentum needs central
#   forces as well, and energy needs central forces that depend on the distance alone.
# - The model conserves *its own* invariant. How close that is to the true one depends on how
#   well it learned, which is why the HNN's energy error is small but not zero, and whether the
#   true system conserves anything at all: an HNN fitted to a damped pendulum is wrong by construction.
#
# **Practice:** {doc}`../exercises/ch06_practice`: write Hamilton's equations for any scalar $H$
# with `jax.grad`, and build pair forces that conserve momentum.
#
# ```{bibliography}
# :filter: docname in docnames
# ```
