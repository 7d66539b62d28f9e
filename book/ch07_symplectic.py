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
# (ch-symplectic)=
# # Symplectic structure
#
# ```{admonition} At a glance
# :class: tip
# **You will learn to** tell a good integrator from a merely accurate one: measure order of
# accuracy and energy error over $10^5$ steps and find where fourth-order RK4 falls behind
# second-order leapfrog. You will also learn to test symplecticity directly ($M^\top J M = J$
# with `jax.jacfwd`, and the area of a cloud of states), find the exactly conserved modified
# Hamiltonian, integrate a learned Hamiltonian, and build a learned map that is symplectic for
# any weights.
#
# **Prerequisites:** {ref}`ch-conservation`; Taylor expansions; Jacobians.
#
# **Time to run:** about 40 seconds on a laptop CPU. **Practice:** {doc}`../exercises/ch07_practice`.
# ```
#
# Chapter 6 built energy conservation into the *model*: the learned flow $J\nabla H_\theta$
# conserves $H_\theta$ exactly. On a computer that flow is followed in finite steps, and each step
# can break what the model guarantees. This chapter is about the **integrator**, and about the
# property of Hamiltonian flows that a good integrator keeps: it preserves phase-space area, or
# more precisely the symplectic form.

# %%
import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

from physml import integrators as I
from physml import mechanics as M
from physml import systems as S
from physml.interactives import integrators as figures
from physml.nn import mlp_init
from physml.style import COLORS

# %% [markdown]
# ## Four integrators
#
# For $y = (q, p)$ and a step $h$, with $f = J\nabla H$ and a separable $H = T(p) + V(q)$:
#
# $$
# \begin{aligned}
# \text{Euler:}\quad & y_{n+1} = y_n + h f(y_n), \\
# \text{symplectic Euler:}\quad & p_{n+1} = p_n - h\,\partial_q H(q_n), \quad q_{n+1} = q_n + h\,\partial_p H(p_{n+1}), \\
# \text{leapfrog:}\quad & p_{n+1/2} = p_n - \tfrac h2 \partial_q H(q_n),\ \ q_{n+1} = q_n + h\,\partial_p H(p_{n+1/2}),\ \ p_{n+1} = p_{n+1/2} - \tfrac h2 \partial_q H(q_{n+1}),
# \end{aligned}
# $$ (integrators)
#
# and the classical fourth-order Runge–Kutta method (RK4), which evaluates $f$ four times per
# step. Leapfrog is the Störmer–Verlet scheme that molecular dynamics has used since Verlet's
# simulations of argon {cite}`verlet1967computer`. Our test problems are the oscillator
# $H = (q^2 + p^2)/2$ and the pendulum $H = 3(1 - \cos q) + p^2/2$ of chapter 6 (`S.oscillator` and
# `S.pendulum`), released from rest at $q = 1$; `I.integrate` runs any of the four methods on one $H$
# (Euler and RK4 follow $J\nabla H$). Each run below takes $10^5$ steps of $h = 0.1$, up to
# $t = 10^4$, about 1600 oscillator periods.

# %%
COLOR = {m: COLORS[c] for m, c in figures.METHOD_COLORS.items()}    # the explorer's colours

y0, h, n = np.array([1.0, 0.0]), 0.1, 100_000
t = h * np.arange(n + 1)
errors = {}
for system, H in (("oscillator", S.oscillator), ("pendulum", S.pendulum)):
    for method in I.METHODS:
        with np.errstate(over="ignore", invalid="ignore"):
            E = np.asarray(S.energy(H, I.integrate(method, H, y0, h, n)))
        errors[system, method] = np.abs(E - E[0])
    print(f"{system}, largest |H − H₀| up to t = 10, 1000, 10⁴:")
    for method in I.METHODS:
        worst = np.maximum.accumulate(np.nan_to_num(errors[system, method], nan=np.inf, posinf=np.inf))
        print(f"  {I.METHOD_NAMES[method]:>16}: " + "  ".join(f"{worst[k]:8.1e}" if np.isfinite(worst[k]) else "overflow"
                                                         for k in (100, 10_000, n)))

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
for ax, system in zip(axes, ("oscillator", "pendulum")):
    for method in I.METHODS:
        e = errors[system, method]
        # Euler's overflow (inf) and anything above the axes is drawn just off the top edge.
        shown = np.clip(np.nan_to_num(e[1::20], nan=np.inf), 1e-16, 1e5)
        ax.loglog(t[1::20], shown, color=COLOR[method], lw=0.8, label=I.METHOD_NAMES[method])
    ax.set(title=f"{system}, h = 0.1", xlabel="time t", ylim=(1e-9, 1e4))
axes[0].set_ylabel("energy error |H(y_n) − H(y₀)|")
axes[0].legend(fontsize=8, loc="upper left")
plt.show()

# %% [markdown]
# Three behaviours. Euler's energy grows without bound: on the oscillator each step multiplies
# $H$ by $1 + h^2$, so after $10^5$ steps it has overflowed, and the pendulum is driven over the top.
# RK4 starts far more accurate than the others, but its error grows steadily, linearly in
# time. The two symplectic methods have errors that oscillate and do not grow: after the first
# few periods their largest error stays put, about $10^{-3}$ to $10^{-2}$ for leapfrog and
# $10^{-2}$ to $10^{-1}$ for symplectic Euler, at $t = 10^4$ as at $t = 1000$.
#
# ## Order of accuracy
#
# Over a fixed time the error of the state shrinks as $h^r$, with $r$ the order of the method. We
# measure the error of the pendulum's state at $t = 10$ against a reference solution from scipy
# (`solve_ivp`, DOP853 at relative tolerance $10^{-13}$) for a range of step sizes, and fit the
# slope on log–log axes.

# %%
from scipy.integrate import solve_ivp

reference = solve_ivp(lambda t, y: [y[1], -3 * np.sin(y[0])], (0, 10), y0, method="DOP853",
                      rtol=1e-13, atol=1e-13).y[:, -1]
steps = np.array([0.04, 0.02, 0.01, 0.005])
for m in I.METHODS:
    err = [np.linalg.norm(np.asarray(I.integrate(m, S.pendulum, y0, s, int(round(10 / s))))[-1] - reference)
           for s in steps]
    slope = np.polyfit(np.log(steps), np.log(err), 1)[0]
    print(f"{I.METHOD_NAMES[m]:>16}: state error at t = 10 ∝ h^{slope:.2f} (at h = 0.005: {err[-1]:.0e})")

# %% [markdown]
# The slopes are 2 and 4 for leapfrog and RK4, and close to 1 for the two Euler methods: the
# orders of the methods. Explicit Euler's error is still a tenth at $h = 0.005$, not yet small enough
# for the leading term to dominate, so its fitted slope is above one. In accuracy over short times
# RK4 wins by far. Over long times the ranking changes.
#
# ## Leapfrog's modified Hamiltonian
#
# Why does leapfrog's error not grow? A symplectic method follows *exactly* the flow of a
# slightly different Hamiltonian $\tilde H = H + O(h^2)$ (backward error analysis, see Hairer,
# Lubich and Wanner {cite}`hairer2006geometric`). For the oscillator $\tilde H$ is known in closed form:
# the kick–drift–kick map conserves
#
# $$
# \tilde H = \frac{p^2}{2} + \frac{\omega^2 q^2}{2}\left(1 - \frac{\omega^2 h^2}{4}\right),
# $$ (modified)
#
# which is a quadratic form whose level sets are closed ellipses, stable for $\omega h < 2$. The
# energy error is bounded by the distance between the ellipse and the circle.

# %%
path = np.asarray(I.leapfrog(S.oscillator, y0, h, n))
H_mod = I.oscillator_leapfrog_invariant(path[:, 0], path[:, 1], h)
drift = np.abs(H_mod - H_mod[0]).max()
print(f"over 10⁵ steps: H varies by {np.ptp(0.5 * np.sum(path ** 2, axis=1)):.2e} "
      f"(predicted (h/2)² H₀ = {(h / 2) ** 2 * 0.5:.2e}); "
      f"H̃ varies by " + ("less than 1e-12 (round-off)" if drift < 1e-12 else f"{drift:.1e}"))

# %% [markdown]
# RK4 has no such invariant. On the oscillator each RK4 step multiplies the amplitude by
# $|R(ih)| = \sqrt{1 - h^6/72 + O(h^8)}$, so the energy falls by $H_0 h^5/72$ per unit time. Leapfrog's
# error stays at most $H_0 h^2/4$. The two meet at
#
# $$
# t^\ast = \frac{h^2/4}{h^5/72} = \frac{18}{h^3},
# $$ (crossover)
#
# after which the fourth-order method is the worse one, for ever. We find the crossing in the runs
# (`I.energy_errors` races the four methods and reports it):

# %%
for s in (0.2, 0.3, 0.4, 0.5):
    race = I.energy_errors(S.oscillator, y0, s, n_steps=n, every=1)
    print(f"h = {s}: RK4 falls behind leapfrog at t = {race.crossover:6.0f}; 18/h³ = {18 / s ** 3:6.0f}")
pend_bound = errors["pendulum", "leapfrog"].max()
print(f"pendulum, h = 0.1: at t = {h * np.argmax(errors['pendulum', 'rk4'] > pend_bound):.0f}")

# %% [markdown]
# The measured crossings agree with {eq}`crossover` to within a few percent; the formula keeps only
# the leading terms in $h$. The pendulum behaves the same way, with its own constant. For long runs,
# as in molecular dynamics, astronomy or sampling, a low-order symplectic method beats a high-order
# one that is not symplectic.
#
# ## Symplecticity, measured
#
# A map $y \mapsto y'$ with Jacobian $M = \partial y'/\partial y$ is **symplectic** when
#
# $$
# M^\top J M = J .
# $$ (symplectic)
#
# For one degree of freedom this says $\det M = 1$: areas in phase space are preserved. The exact
# flow of any Hamiltonian is symplectic. We compute $M$ of one step with `jax.jacfwd` and report the
# defect $\lVert M^\top J M - J\rVert_F$ at a state of the pendulum, for $h = 0.1$:

# %%
state = np.array([1.0, 0.3])
for m in I.METHODS:
    system = I.hamiltonian_flow(S.pendulum) if m in ("euler", "rk4") else S.pendulum
    d = I.symplectic_defect(I.step_map(m, system, 0.1), state)
    print(f"{I.METHOD_NAMES[m]:>16}: ‖MᵀJM − J‖ = " + (f"{d:.0e}" if d > 1e-14 else "below 1e-14 (round-off)"))

# %% [markdown]
# Euler's defect is of order $h^2$ and RK4's of order $h^5$; the two symplectic methods are exact
# to round-off. The same statement for a finite region: take a disc of radius 0.3 around
# $(q, p) = (1, 0)$, drawn by 4000 points on its boundary, and map it 100 times with $h = 0.3$. The
# area inside the image (shoelace formula) against the exact $\pi\cdot 0.3^2$, and
# $\det M$ of the 100-step map at the centre:

# %%
angle = np.linspace(0, 2 * np.pi, 4001)[:-1]
disc = jnp.asarray(np.column_stack([1.0 + 0.3 * np.cos(angle), 0.3 * np.sin(angle)]))

def shoelace(b):
    x, y = b[:, 0], b[:, 1]
    return 0.5 * abs(x @ np.roll(y, -1) - y @ np.roll(x, -1))

images = {}
for m in I.METHODS:
    step = I.step_map(m, I.hamiltonian_flow(S.pendulum) if m in ("euler", "rk4") else S.pendulum, 0.3)
    hundred = lambda y: jax.lax.fori_loop(0, 100, lambda i, y: step(y), y)
    images[m] = np.asarray(jax.jit(jax.vmap(hundred))(disc))
    det = float(jnp.linalg.det(jax.jacfwd(hundred)(jnp.array([1.0, 0.0]))))
    print(f"{I.METHOD_NAMES[m]:>16}: area ratio {shoelace(images[m]) / (np.pi * 0.09):9.4f}, det M = {det:.4f}")

# %%
fig, ax = plt.subplots(figsize=(7, 4.5))
qq, pp = np.meshgrid(np.linspace(-3.2, 3.2, 200), np.linspace(-3.4, 3.4, 200))
ax.contour(qq, pp, S.pendulum(qq[..., None], pp[..., None]), levels=12, colors=COLORS["grey"], linewidths=0.5)
ax.fill(disc[:, 0], disc[:, 1], color=COLORS["grey"], alpha=0.4, label="start")
for m in ("symplectic_euler", "leapfrog", "rk4"):
    ax.fill(images[m][:, 0], images[m][:, 1], color=COLOR[m], alpha=0.5, label=I.METHOD_NAMES[m])
ax.set(xlim=(-3.2, 3.2), ylim=(-3.4, 3.4), xlabel="q", ylabel="p", title="a disc after 100 steps of h = 0.3")
ax.legend(fontsize=8, loc="upper right")
plt.show()

# %% [markdown]
# The images are stretched along the orbits (the period depends on the energy) but the
# symplectic ones keep their area to the precision of the polygon. RK4 loses 1.5% and Euler's image
# (not drawn) covers hundreds of times the area. Volume preservation (Liouville's theorem
# for the exact flow, kept exactly by leapfrog) is one of the two properties that let Hamiltonian
# Monte Carlo use leapfrog for its proposals; the other is time reversibility. Together they make
# the acceptance probability a simple ratio, $\min(1, e^{-\Delta H})$, and it is this Metropolis step
# that makes the sampler exact: it rejects the proposals whose energy leapfrog got wrong.
#
# ## A learned Hamiltonian, integrated with leapfrog
#
# Back to learning. Leapfrog needs a *separable* Hamiltonian, so we learn the pendulum as
# $H_\theta = p^2/2 + V_\theta(q)$ (`V_model.hamiltonian`): chapter 6's learned potential, fitted to the noisy
# $(q, \dot p)$ pairs of the pendulum data ($\dot p = -V'(q)$). Then we integrate $H_\theta$ for
# $5\times10^4$ steps of $h = 0.1$, with leapfrog and with RK4, and watch $H_\theta$ itself.

# %%
key = jax.random.key(0)
data = M.pendulum_data(noise=0.1, key=key)
V_model = M.train_potential(data.y[:, :1], data.dy[:, 1:], hidden=(32, 32), n_steps=1000, key=key)   # q ↦ ṗ
for m in ("leapfrog", "rk4"):
    path = I.integrate(m, V_model.hamiltonian, np.array([1.5, 0.0]), 0.1, 50_000)
    E = np.asarray(S.energy(V_model.hamiltonian, path))
    worst = np.maximum.accumulate(np.abs(E - E[0]))
    print(f"{I.METHOD_NAMES[m]:>9} on H_θ: largest |H_θ − H_θ(0)| up to t = 10, 100, 1000, 5000: "
          + "  ".join(f"{worst[k]:.0e}" for k in (100, 1000, 10_000, 50_000)))

# %% [markdown]
# With a learned Hamiltonian the story is the same: leapfrog's error is bounded, RK4's grows, and
# they cross. A model that conserves a quantity exactly deserves an integrator that does not undo it.
#
# ## A learned map that is symplectic for any weights
#
# One can go one step further and learn the *step* itself, a map from $y_n$ to $y_{n+1}$ at a
# fixed $h$. A network that outputs $y_{n+1}$ directly is not symplectic. A **generating function**
# makes it symplectic by construction. Take any scalar $G_\theta(q, P)$ and define the map
# $(q, p) \mapsto (Q, P)$ implicitly by
#
# $$
# p = P + h\,\frac{\partial G_\theta}{\partial q}(q, P), \qquad Q = q + h\,\frac{\partial G_\theta}{\partial P}(q, P).
# $$ (generating)
#
# These are the relations of a type-2 generating function $F = qP + hG_\theta$, so the map is
# symplectic whatever $G_\theta$ is. (With $G = H$ it is symplectic Euler.) The first equation is solved
# for $P$ by fixed-point iteration, and `jax.jacfwd` differentiates through the iteration.
# Training needs no solve at all: when both $y_n$ and $y_{n+1}$ are known, {eq}`generating` is
# explicit in $\theta$, so the loss is the squared residual of the two equations. This is the idea
# of Chen and Tao's exactly-symplectic maps {cite}`chen2021data`; SympNets reach the same goal with
# compositions of simple symplectic layers {cite}`jin2020sympnets`.
#
# We fit $G_\theta$ (two layers of 32 tanh units, 1000 Adam steps) to 500 pairs of pendulum states
# one step $h = 0.1$ apart under the exact flow, and, for comparison, a plain residual network
# $y_{n+1} = y_n + h\,\mathrm{net}_\theta(y_n)$ trained on the same pairs (`I.GeneratingMap` and
# `I.StepNetwork`, each with a `step` method).

# %%
pairs = I.pendulum_flow_data(0.1, n_pairs=500, key=key)          # states pairs.y and pairs.y_next, h apart
maps = {"generating": I.train_generating_function(pairs.y, pairs.y_next, 0.1, n_steps=1000, key=key),
        "residual": I.train_step_network(pairs.y, pairs.y_next, 0.1, n_steps=1000, key=key)}
test = I.pendulum_flow_data(0.1, n_pairs=200, key=jax.random.key(1))
untrained = I.GeneratingMap(mlp_init((2, 32, 32, 1), key=jax.random.key(7)), 0.1)
for name, model in (*maps.items(), ("untrained G", untrained)):
    one = np.sqrt(np.mean(np.sum((np.asarray(jax.vmap(model.step)(jnp.asarray(test.y))) - test.y_next) ** 2, axis=1)))
    d = max(I.symplectic_defect(model.step, s) for s in test.y[:5])
    print(f"{name:>12}: one-step test error {one:.0e}; largest ‖MᵀJM − J‖ at 5 test states "
          + (f"{d:.0e}" if d > 1e-13 else "below 1e-13 (round-off)"))

# %% [markdown]
# Both maps predict one step to a few thousandths. The generating-function map is symplectic to
# round-off, trained or not. The residual network is not. Iterating each map $10^4$ times from a
# swing of amplitude 1.5:

# %%
start = np.array([1.5, 0.0])
E0 = float(S.pendulum(start[:1], start[1:]))
rollouts = {name: np.asarray(model.rollout(start, 10_000)) for name, model in maps.items()}
for name, path in rollouts.items():
    E = np.asarray(S.energy(S.pendulum, path))
    print(f"{name:>10} map: true energy from {E0:.2f}: largest deviation {np.abs(E - E0).max():.2f}, "
          f"{E[-1]:.2f} at t = 1000")

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
for ax, kind, name in ((axes[0], "generating", "generating-function map"), (axes[1], "residual", "residual network")):
    path = rollouts[kind]
    ax.plot(path[:, 0], path[:, 1], lw=0.3, color=COLORS["blue" if kind == "generating" else "vermillion"])
    ax.set(title=f"{name}, 10⁴ steps", xlabel="q", ylabel="p", xlim=(-1.8, 1.8), ylim=(-2.6, 2.6))
plt.show()

# %% [markdown]
# The symplectic map's orbit is a thin closed band: it has no way to spiral. The residual network's
# small one-step errors do not cancel, and its orbit spirals in, losing half its energy.
#
# ## Explore: integrator and step size
#
# The slider sets $h$ for 20 000 steps of each integrator on the pendulum released at $q = 1$
# (`I.pendulum_energy_errors`).
# Watch RK4's curve rise with slope one on these log axes and cross leapfrog's flat band earlier as
# $h$ grows, as {eq}`crossover` predicts ($t^\ast \propto h^{-3}$).

# %%
explorer = figures.integrators()
explorer.static()

# %% tags=["remove-output"]
explorer.live()

# %% [markdown]
# ## What to remember
#
# - Order of accuracy is a short-time property. Over long times the structure of the method
#   matters more: symplectic methods keep energy errors bounded, and non-symplectic ones drift.
#   For the oscillator, RK4 falls behind leapfrog after $t^\ast = 18/h^3$.
# - A symplectic integrator conserves a modified Hamiltonian $\tilde H = H + O(h^2)$ exactly; for
#   leapfrog on the oscillator it is {eq}`modified`, conserved to round-off.
# - Symplecticity is testable: $M^\top J M = J$ for the one-step Jacobian from `jax.jacfwd`, and
#   areas of phase-space regions are preserved.
# - Learned Hamiltonians should be integrated with symplectic methods. A learned map can be made
#   symplectic for any weights by deriving it from a generating function.
#
# **Practice:** {doc}`../exercises/ch07_practice`: write a leapfrog step, measure its symplectic
# defect with `jax.jacfwd`, and find where RK4 falls behind.
#
# ```{bibliography}
# :filter: docname in docnames
# ```
