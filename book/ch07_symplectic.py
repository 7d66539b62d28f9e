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
# with `jax.jacfwd`, the area of a region as $\int\det M$, and Poincaré's invariant $\oint p\cdot dq$),
# find the modified Hamiltonian that backward error analysis predicts, integrate a learned
# Hamiltonian, and build a learned map that is symplectic for any weights.
#
# **Prerequisites:** {ref}`ch-conservation`; Taylor expansions; Jacobians.
#
# **Time to run:** about 45 seconds on a laptop CPU. **Practice:** {doc}`../exercises/ch07_practice`.
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
# ## Backward error analysis: the modified Hamiltonian
#
# Why does leapfrog's error not grow? **Backward error analysis** turns the question around:
# instead of asking how far the numerical solution is from the exact one, it asks which equation
# the numerical solution solves exactly. For a symplectic method of order $r$ applied to a smooth
# Hamiltonian $H$, one constructs term by term a series
#
# $$
# \tilde H = H + h^r H_{r+1} + h^{r+1} H_{r+2} + \cdots
# $$ (modified-series)
#
# whose time-$h$ flow agrees with the one-step map to every order in $h$ (Hairer, Lubich and
# Wanner {cite}`hairer2006geometric`, chapter IX). Three points matter.
#
# 1. The correction starts at the order of the method: for symplectic Euler ($r = 1$)
#    $\tilde H - H = O(h)$, for leapfrog ($r = 2$, and symmetric, so only even powers appear) $O(h^2)$.
# 2. For a nonlinear $H$ the series does not converge in general; it is asymptotic. Truncated at
#    an order $N \propto 1/h$, its time-$h$ flow differs from the numerical map by an exponentially
#    small amount, $O(h\,e^{-c/h})$ per step, with $c$ set by the analyticity of $H$. The truncated
#    $\tilde H$ is then conserved up to exponentially small errors over exponentially long times,
#    $t \lesssim e^{c/2h}$, and over those times $H$ itself stays within $O(h^r)$ of its start
#    (Benettin and Giorgilli {cite}`benettin1994hamiltonian`; Hairer, Lubich and Wanner, section IX.8).
#    "Follows exactly the flow of a nearby Hamiltonian" is true only in this sense.
# 3. A quantity that the map conserves need not be its modified Hamiltonian: any function of
#    $\tilde H$ is conserved too, but only $\tilde H$ generates the map.
#
# The oscillator shows all three in closed form. Leapfrog's step is linear, $y_{n+1} = M y_n$ with
#
# $$
# M = \begin{pmatrix} 1 - h^2/2 & h \\ -h(1 - h^2/4) & 1 - h^2/2 \end{pmatrix},
# \qquad
# Q = \frac{p^2}{2} + \frac{q^2}{2}\left(1 - \frac{h^2}{4}\right) \ \text{is conserved},
# $$ (invariant)
#
# since $M^\top \operatorname{diag}(1 - h^2/4, 1) M = \operatorname{diag}(1 - h^2/4, 1)$. The level sets of
# $Q$ are ellipses, closed for $h < 2$, and on them $M$ turns the state by the angle $\theta$ with
# $2\cos\theta = \operatorname{tr} M$, that is $\cos\theta = 1 - h^2/2$. The flow of $Q$ itself turns at
# the frequency $\sqrt{1 - h^2/4}$, so in a time $h$ it turns by $h\sqrt{1 - h^2/4} = \sin\theta$, not by
# $\theta$. Rescaling $Q$ fixes the clock: the modified Hamiltonian is
#
# $$
# \tilde H = \frac{\theta}{\sin\theta}\, Q = H + h^2\left(\frac{p^2}{12} - \frac{q^2}{24}\right) + O(h^4),
# \qquad \cos\theta = 1 - \frac{h^2}{2},
# $$ (modified)
#
# a convergent series here, for $h < 2$ (`I.oscillator_leapfrog_modified_hamiltonian`). The time-$h$
# flow of a quadratic $\tfrac12 y^\top S y$ is the matrix exponential $e^{hJS}$, so each candidate can be
# compared with the map at $h = 0.3$:

# %%
from scipy.linalg import expm

h_big, J1 = 0.3, I.canonical_J(1)
M_lf = np.asarray(jax.jit(jax.jacfwd(I.step_map("leapfrog", S.oscillator, h_big)))(jnp.zeros(2)))   # linear: M anywhere
theta = np.arccos(1 - h_big ** 2 / 2)
quadratics = {"H̃ = (θ/sin θ) Q": theta / np.sin(theta) * np.diag([1 - h_big ** 2 / 4, 1.0]),
              "H + h²(p²/12 − q²/24)": np.diag([1 - h_big ** 2 / 12, 1 + h_big ** 2 / 6]),
              "Q": np.diag([1 - h_big ** 2 / 4, 1.0]),
              "H": np.eye(2)}
for name, S_quad in quadratics.items():
    miss = np.abs(expm(h_big * J1 @ S_quad) - M_lf).max()
    print(f"{name:>22}: its time-h flow misses the leapfrog map by "
          + ("less than 1e-14 (round-off)" if miss < 1e-14 else f"{miss:.1e}"))

# %% [markdown]
# The exact $\tilde H$ generates the map to round-off. The series truncated after $h^2$ misses by
# $8\times10^{-5}$, a term of order $h^5$ per step. The conserved quadratic $Q$ misses by $4\times10^{-3}$,
# hardly better than $H$ itself: it has the right orbits but the wrong clock, so it is a conserved
# quantity of the map and not its modified Hamiltonian. Over $10^5$ steps of $h = 0.1$ the true
# energy oscillates within the gap between the ellipse and the circle, $(h/2)^2 H_0$, while $\tilde H$
# does not move:

# %%
path = np.asarray(I.leapfrog(S.oscillator, y0, h, n))
H_mod = I.oscillator_leapfrog_modified_hamiltonian(path[:, 0], path[:, 1], h)
drift = np.abs(H_mod - H_mod[0]).max()
print(f"over 10⁵ steps: H varies by {np.ptp(0.5 * np.sum(path ** 2, axis=1)):.2e} "
      f"(predicted (h/2)² H₀ = {(h / 2) ** 2 * 0.5:.2e}); "
      f"H̃ varies by " + ("less than 1e-12 (round-off)" if drift < 1e-12 else f"{drift:.1e}"))

# %% [markdown]
# For the pendulum there is no closed form, only the series. Its first correction for kick–drift–kick
# and $H = p^2/2 + V(q)$ follows from the symmetric Baker–Campbell–Hausdorff formula
# {cite}`hairer2006geometric`:
#
# $$
# \tilde H_2 = H + h^2\left(\frac{p^2\,V''(q)}{12} - \frac{V'(q)^2}{24}\right),
# $$ (modified-pendulum)
#
# which for $V = q^2/2$ is the expansion in {eq}`modified`. `I.leapfrog_modified_hamiltonian(V, h)`
# builds it with `jax` derivatives. We run leapfrog for $10^5$ steps from rest at $q = 1$ at three step
# sizes and record the largest deviation of $H$ and of $\tilde H_2$ from their starting values, over
# the first $10^3$ steps and over all $10^5$, with symplectic Euler's energy error for comparison:

# %%
V_pend = lambda q: S.pendulum(q, jnp.zeros_like(q))                  # V(q) = 3(1 − cos q)
print("   h   leapfrog |H − H₀|      leapfrog |H̃₂ − H̃₂(0)|    symplectic Euler |H − H₀|")
print("       10³ steps  10⁵ steps  10³ steps  10⁵ steps      10⁵ steps")
for s in (0.2, 0.1, 0.05):
    lf_path = I.integrate("leapfrog", S.pendulum, y0, s, n)
    dev = [np.abs(E - E[0]) for E in (np.asarray(jax.jit(lambda ys, H_=H_: S.energy(H_, ys))(lf_path)) for H_ in
                                      (S.pendulum, I.leapfrog_modified_hamiltonian(V_pend, s)))]
    se = np.asarray(S.energy(S.pendulum, I.integrate("symplectic_euler", S.pendulum, y0, s, n)))
    print(f"{s:5}  " + "  ".join(f"{d[:1001].max():9.1e}  {d.max():9.1e}" for d in dev)
          + f"      {np.abs(se - se[0]).max():9.1e}")

# %% [markdown]
# Leapfrog's energy error is the same after $10^5$ steps as after $10^3$: bounded, and divided by 4
# each time $h$ is halved ($h^2$). $\tilde H_2$ is conserved an order better, divided by 16 per halving
# ($h^4$), the size of the first term left out of {eq}`modified-pendulum`. Symplectic Euler's error
# only halves: its modified Hamiltonian differs from $H$ at first order. What $10^5$ steps cannot show
# is the exponentially long time scale of point 2; it is a theorem, not a measurement here.

# %% [markdown]
# RK4 is not symplectic and has no modified Hamiltonian of this kind. On the oscillator each RK4 step
# multiplies the amplitude by $|R(ih)| = \sqrt{1 - h^6/72 + h^8/576}$, so the energy falls by
# $H_0 h^5/72$ per unit time, to leading order. Leapfrog's error stays at most $H_0 h^2/4$. The two meet at
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
# For one degree of freedom every $2\times2$ matrix satisfies $M^\top J M = (\det M)\,J$, so this says
# $\det M = 1$: areas in phase space are preserved, and the **symplectic defect**
# $\lVert M^\top J M - J\rVert_F$ (Frobenius norm) equals $\sqrt2\,\lvert\det M - 1\rvert$. The exact flow of
# any Hamiltonian is symplectic. We compute $M$ of one step with `jax.jacfwd` and report the defect at
# a state of the pendulum, for $h = 0.1$:

# %%
state = np.array([1.0, 0.3])
for m in I.METHODS:
    system = I.hamiltonian_flow(S.pendulum) if m in ("euler", "rk4") else S.pendulum
    d = I.symplectic_defect(I.step_map(m, system, 0.1), state)
    print(f"{I.METHOD_NAMES[m]:>16}: ‖MᵀJM − J‖ = " + (f"{d:.0e}" if d > 1e-14 else "below 1e-14 (round-off)"))

# %% [markdown]
# The two symplectic methods are exact to round-off. Euler's one-step Jacobian on the pendulum is
# $M = \begin{pmatrix}1 & h\\ -3h\cos q & 1\end{pmatrix}$, so $\det M = 1 + 3h^2\cos q$: a defect of order
# $h^2$. For RK4 the local error is $O(h^5)$, which bounds the defect by $O(h^5)$ per step, but the
# bound need not be reached. We measure the defect at the same state for four step sizes and fit the
# slope on log–log axes: on the oscillator (where $\det M = |R(ih)|^2 = 1 - h^6/72 + h^8/576$ exactly),
# on the pendulum, and on a non-separable $H = \tfrac12 p^2(1 + 0.3\sin q) + 3(1 - \cos q)$. The last
# two columns are the rates at which RK4's energy drifts on the pendulum and on the non-separable $H$,
# $-dH/dt$, the slope of a straight line fitted to $H(y_n) - H_0$ over $10^4$ steps from rest at $q = 1$.
# Below the table, the signed $\det M - 1$ for the non-separable $H$ at $p = +0.3$ and at its mirror
# image $p = -0.3$, which we will need in a moment.

# %%
H_nonsep = lambda q, p: 0.5 * jnp.sum(p ** 2) * (1 + 0.3 * jnp.sin(q[0])) + 3 * jnp.sum(1 - jnp.cos(q))
steps_h = np.array([0.2, 0.1, 0.05, 0.025])
columns = {name: [I.symplectic_defect(I.step_map("rk4", I.hamiltonian_flow(H_), s), state) for s in steps_h]
           for name, H_ in (("oscillator", S.oscillator), ("pendulum", S.pendulum), ("non-separable", H_nonsep))}
for name, H_ in (("pendulum drift", S.pendulum), ("non-sep. drift", H_nonsep)):
    columns[name] = []
    for s in steps_h:
        E = np.asarray(S.energy(H_, I.integrate("rk4", H_, y0, s, 10_000)))
        columns[name].append(-np.polyfit(s * np.arange(E.size), E - E[0], 1)[0])
print("             RK4 defect ‖MᵀJM − J‖ per step                energy drift per unit time")
print("     h   " + "".join(f"{c:>15}" for c in columns))
for k, s in enumerate(steps_h):
    print(f"{s:6}   " + "".join(f"{columns[c][k]:15.1e}" for c in columns))
print("slope   " + "".join(f"{np.polyfit(np.log(steps_h), np.log(columns[c]), 1)[0]:15.1f}" for c in columns))
print(f"oscillator: √2(h⁶/72 − h⁸/576) at h = 0.2: {np.sqrt(2) * (0.2 ** 6 / 72 - 0.2 ** 8 / 576):.3e}, "
      f"measured {columns['oscillator'][0]:.3e}")
flow_nonsep = I.hamiltonian_flow(H_nonsep)
det_minus_1 = jax.jit(jax.vmap(jax.vmap(                              # det M − 1 of one RK4 step, for each h, y
    lambda s, y: jnp.linalg.det(jax.jacfwd(lambda y: I.rk4_step(flow_nonsep, y, s))(y)) - 1, (None, 0)), (0, None)))
det_m1 = np.asarray(det_minus_1(jnp.asarray(steps_h), jnp.array([[1.0, 0.3], [1.0, -0.3]])))
print("non-separable, det M − 1 at p = +0.3 and p = −0.3, and their sum:")
for s, (d_plus, d_minus) in zip(steps_h, det_m1):
    print(f"{s:6}   {d_plus:+10.1e} {d_minus:+10.1e} {d_plus + d_minus:+10.1e}")
print("slope    " + "".join(f"{np.polyfit(np.log(steps_h), np.log(np.abs(d)), 1)[0]:11.1f}"
                            for d in (det_m1[:, 0], det_m1[:, 1], det_m1.sum(1))))

# %% [markdown]
# RK4's defect per step is of order $h^6$ on the oscillator, exactly as the closed form says, and on
# the pendulum (fitted slope 5.9, tending to 6 as $h$ shrinks): one order *better* than the bound.
# For a linear system $\dot y = Ay$ the $h^5$ term of the local error is $(hA)^5/120$, and an odd power
# of a Hamiltonian matrix $A = JS$ ($S$ symmetric) is again of the form $JS'$, so to first order it
# leaves $M^\top J M = J$ intact. Why the $h^5$ term also drops out for the pendulum we have not shown;
# the measurement says it does. It is not general: on the non-separable $H$ the slope
# is 5, the order of the bound.
#
# The energy drift is *not* the defect at one state times $1/h$ steps per unit time: that rule would
# give a drift of order $h^4$ on the non-separable $H$, and the last column measures $h^5$ (slope 5.0).
# What accumulates is the energy change of each step, $\Delta H(y) = H(\Phi_h(y)) - H(y)$, averaged
# along the orbit, and in one degree of freedom that average is the defect integrated over the area the
# orbit encloses. Take the region inside a level curve $H = E$ whose period is $T$. One step moves each
# point of the curve outward by $\Delta H/\lvert\nabla H\rvert$ (plus a slide along the curve, which
# changes no area), and the flow covers a length $dl$ of the curve in the time
# $dt = dl/\lvert\nabla H\rvert$, so the enclosed area grows by $\oint \Delta H\, dt = T\langle\Delta H\rangle$,
# with $\langle\cdot\rangle$ the time average over a period. By the change-of-variables formula the
# same area grows by $\int (\det M - 1)\, d^2y$ over the region. To first order in $\Delta H$,
#
# $$
# \langle \Delta H\rangle = \frac1T \int_{H < E} (\det M - 1)\, d^2y .
# $$ (drift-area)
#
# The pendulum and the non-separable $H$ are both even in $p$, so the region is symmetric under
# $p \to -p$, and the $h^5$ term of $\det M - 1$ is odd under it. Here is why. With
# $R(q, p) = (q, -p)$, a system with $H$ even in $p$ has $f(Ry) = -Rf(y)$, and then both the exact flow
# and any Runge–Kutta step satisfy $R\,\Phi_h(Ry) = \Phi_{-h}(y)$ (put $k_i \to -Rk_i$ in the stages).
# Their difference, the local error $h^5E(y) + O(h^6)$, therefore satisfies $RE(Ry) = -E(y)$, and the
# $h^5$ term of $\det M$, $h^5\,\nabla\cdot E$, changes sign under $p \to -p$. The lines below the
# table show it: at $p = \pm0.3$ the two values of $\det M - 1$ have opposite signs, and their sum falls
# as $h^6$ (slope 6.1) while each falls as $h^5$ (slopes 5.0 and 4.8: the $h^6$ part has the same
# sign at both points, so it adds to one and subtracts from the other). In {eq}`drift-area` the $h^5$ part cancels, $\langle\Delta H\rangle$ is $O(h^6)$, and the drift
# is $O(h^5)$ per unit time on both systems (slopes 5.0 and 5.0), even on the non-separable $H$, whose
# defect at a point is $O(h^5)$. On the oscillator $\det M$ is the same everywhere and the enclosed
# area is $2\pi H = TH$, so {eq}`drift-area` gives $\langle\Delta H\rangle = (\det M - 1)H$, and this
# holds exactly, step by step: each step multiplies $H$ by $\det M = |R(ih)|^2$, so $H$ falls at the
# rate $H(1 - \det M)/h = H(h^5/72 - h^7/576)$, the $h^5/72$ behind {eq}`crossover`.
#
# The same statement for a finite region: take a disc of radius 0.3 around $(q, p) = (1, 0)$ and map it
# 100 times with $h = 0.3$. By the change-of-variables formula the area of its image is
#
# $$
# A = \int_{\text{disc}} \det M(y)\, d^2y ,
# $$ (image-area)
#
# with $M$ the Jacobian of the 100-step map (every map here is one-to-one and keeps orientation at this
# $h$, so no part of the image is counted twice). `I.image_area` evaluates the integral with
# Gauss–Legendre nodes in the radius and equally spaced angles, at four resolutions from $8\times32$
# to $64\times256$ nodes, so we can see it converge. Next to it, $\det M$ at the centre of the disc:

# %%
angle = np.linspace(0, 2 * np.pi, 4097)[:-1]
disc = jnp.asarray(np.column_stack([1.0 + 0.3 * np.cos(angle), 0.3 * np.sin(angle)]))

def shoelace(b):
    x, y = b[:, 0], b[:, 1]
    return 0.5 * abs(x @ np.roll(y, -1) - y @ np.roll(x, -1))

images, areas, maps_100 = {}, {}, {}
for m in I.METHODS:
    step = I.step_map(m, I.hamiltonian_flow(S.pendulum) if m in ("euler", "rk4") else S.pendulum, 0.3)
    maps_100[m] = hundred = lambda y, step=step: jax.lax.fori_loop(0, 100, lambda i, y: step(y), y)
    images[m] = np.asarray(jax.jit(jax.vmap(hundred))(disc))
    areas[m] = I.image_area(hundred, [1.0, 0.0], 0.3)
    det = float(jnp.linalg.det(jax.jacfwd(hundred)(jnp.array([1.0, 0.0]))))
    print(f"{I.METHOD_NAMES[m]:>16}: area ratio ∫det M / πr² = {areas[m].ratio:.4f} "
          f"(last refinement moved it by less than 1e-4: {areas[m].change < 1e-4}), det M at the centre = {det:.4f}")
print("Euler, ∫det M / πr² at the four resolutions:", "  ".join(f"{a / areas['euler'].disc_area:.4f}"
                                                              for a in areas["euler"].areas))

# %% [markdown]
# The symplectic methods keep the area to the four digits printed, as their $\det M = 1$ says. RK4
# loses 1.5%, as its $\det M$ at the centre says. Explicit Euler's image has only 0.39 of the disc's
# area, although Euler's energy grows: its one-step factor $\det M = 1 + 3h^2\cos q$ exceeds 1 near the
# bottom of the swing and falls below 1 near the top, and along these orbits, which Euler pumps over
# the top, the product of 100 factors comes out below 1 (0.44 at the centre, varying across the disc).
# The integral has settled to four digits between the two finest resolutions.
#
# The obvious alternative, the shoelace area of the polygon through the images of a few thousand
# boundary points, fails badly here, and the way it fails is worth seeing. Euler's image of the disc
# is a thin filament wound many times around the pendulum's phase cylinder, and a polygon through the
# image of the boundary cuts across its windings. Refining the boundary does not help at any
# affordable size:

# %%
fine = np.linspace(0, 2 * np.pi, 2 ** 16 + 1)[:-1]
ring = jnp.asarray(np.column_stack([1.0 + 0.3 * np.cos(fine), 0.3 * np.sin(fine)]))
euler_ring = np.asarray(jax.jit(jax.vmap(maps_100["euler"]))(ring))
print(f"Euler's image of the boundary spans {np.ptp(euler_ring[:, 0]):.0f} rad in q")
print("polygon area / πr² with 2¹², 2¹⁴, 2¹⁶ boundary points:",
      ", ".join(f"{shoelace(euler_ring[::2 ** (16 - k)]) / (np.pi * 0.09):.0f}" for k in (12, 14, 16)),
      f"(∫det M: {areas['euler'].ratio:.2f})")

# %% [markdown]
# The polygon's answers (195, 203, then 32) do not converge and have nothing to do with the
# converged 0.39. For the other three methods the image is a smooth arc and the polygon
# agrees with the integral, which is why they can be drawn:

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
print("polygon area / πr² (4096 points):", ", ".join(f"{I.METHOD_NAMES[m]} {shoelace(images[m]) / (np.pi * 0.09):.4f}"
                                                  for m in ("symplectic_euler", "leapfrog", "rk4")))

# %% [markdown]
# The images are stretched along the orbits (the period depends on the energy), but their areas are
# those of the integral. Volume preservation (Liouville's theorem for the exact flow, kept exactly by
# leapfrog) is one of the two properties that let Hamiltonian Monte Carlo use leapfrog for its
# proposals; the other is time reversibility. Together they make the acceptance probability a simple
# ratio, $\min(1, e^{-\Delta H})$, and it is this Metropolis step that makes the sampler exact: it
# rejects the proposals whose energy leapfrog got wrong.
#
# ### Symplectic is more than volume-preserving
#
# With one degree of freedom the two coincide. With $n \ge 2$ they do not: $\det M = 1$ is one
# equation, $M^\top J M = J$ is $n(2n-1)$ of them. What the extra equations preserve is **Poincaré's
# integral invariant**: for every closed loop $\gamma$ of states,
#
# $$
# \oint_\gamma p\cdot dq = \sum_{i=1}^n \oint_\gamma p_i\, dq_i ,
# $$ (poincare)
#
# the sum of the oriented areas of the loop's projections on the planes $(q_i, p_i)$, is the same for
# $\gamma$ and for its image (`I.loop_action` computes it for a loop given by points). Volume
# preservation is a consequence, not the other way round. A counterexample with two degrees of
# freedom, $y = (q_1, q_2, p_1, p_2)$: two uncoupled oscillators with frequencies 1 and $\sqrt2$,
# integrated by leapfrog with $h = 0.1$, and the same step followed by
# $D = \operatorname{diag}(a, 1/a, a, 1/a)$ with $a = 1.001$, which stretches the $(q_1, p_1)$ plane and
# shrinks the $(q_2, p_2)$ plane. $\det D = 1$, so the second map preserves volume exactly; but
# $D^\top J D$ has $a^2$ and $a^{-2}$ where $J$ has ones. We iterate both $10^3$ times ($t = 100$) from
# $q = (1, 1)$, $p = 0$, and follow two small circles of radius 0.1 around it, one in each plane:

# %%
omega2 = jnp.array([1.0, np.sqrt(2.0)])
H_two = lambda q, p: 0.5 * jnp.sum(p ** 2 + omega2 ** 2 * q ** 2)    # two uncoupled oscillators
a_vol = 1.001
D = jnp.diag(jnp.array([a_vol, 1 / a_vol, a_vol, 1 / a_vol]))        # det D = 1
lf_two = I.step_map("leapfrog", H_two, 0.1)
y_two = jnp.array([1.0, 1.0, 0.0, 0.0])
phase = 2 * np.pi * np.arange(400) / 400
circle = 0.1 * np.column_stack([np.cos(phase), -np.sin(phase)])      # ∮p dq = +π·0.01 in its plane
loops = {"(q₁, p₁)": np.asarray(y_two) + circle @ np.array([[1.0, 0, 0, 0], [0, 0, 1.0, 0]]),
         "(q₂, p₂)": np.asarray(y_two) + circle @ np.array([[0, 1.0, 0, 0], [0, 0, 0, 1.0]])}
for name, step in (("leapfrog", lf_two), ("leapfrog then D", lambda y: D @ lf_two(y))):
    M_one = np.asarray(jax.jit(jax.jacfwd(step))(y_two))               # both maps are linear: M is the map
    M_all = np.linalg.matrix_power(M_one, 1000)
    J2 = I.canonical_J(2)
    defect, vol = np.linalg.norm(M_one.T @ J2 @ M_one - J2), abs(np.linalg.det(M_all) - 1)
    E_i = lambda y: 0.5 * (np.asarray(y)[2:] ** 2 + np.asarray(omega2) ** 2 * np.asarray(y)[:2] ** 2)
    E_start, E_end = E_i(y_two), E_i(M_all @ np.asarray(y_two))
    print(f"{name}: |det M − 1| after 10³ steps " + ("< 1e-12" if vol < 1e-12 else f"{vol:.0e}")
          + ", ‖MᵀJM − J‖ per step " + ("< 1e-14" if defect < 1e-14 else f"{defect:.1e}"))
    print(f"   energies of the two oscillators, end/start: {E_end[0] / E_start[0]:.2f}, {E_end[1] / E_start[1]:.2f}; "
          f"total: {E_end.sum() / E_start.sum():.2f}")
    print("   ∮p·dq of the two circles, end/start: " + ", ".join(
        f"{plane} {I.loop_action(loop @ M_all.T) / I.loop_action(loop):.3f}" for plane, loop in loops.items()))

# %% [markdown]
# Both maps preserve phase-space volume to round-off. Leapfrog is symplectic: the energies of the two
# oscillators stay where they were (to leapfrog's $O(h^2)$ oscillation), and so do the areas $\oint p\,dq$
# of both circles. The map with $D$ has a defect of $4\times10^{-3}$ per step. Nothing passes between
# the two oscillators, which stay uncoupled; instead the map multiplies the first oscillator's energy
# by $a^2$ and the second's by $a^{-2}$ each step, so over $10^3$ steps the first gains a factor
# $a^{2000} = e^{2.0} \approx 7.4$, the second loses the same factor, and the total is not conserved.
# For uncoupled oscillators each action $\oint p_i\,dq_i = 2\pi E_i/\omega_i$ is a conserved quantity
# of the exact flow, and Poincaré's invariant is what protects it; Liouville's theorem alone does not.
# A volume-preserving map can grow one degree of freedom's action and shrink another's without
# bound, keeping only their product; a symplectic map keeps $\oint p\cdot dq$ of every loop, which here
# fixes each action. (In a coupled system the exact flow, and a symplectic map with it, does exchange
# energy between degrees of freedom; what the symplectic map cannot do is break the invariant.)
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
# - Backward error analysis: a symplectic method of order $r$ follows the time-$h$ flow of a modified
#   Hamiltonian $\tilde H = H + O(h^r)$ (so $O(h)$ for symplectic Euler, $O(h^2)$ for leapfrog), given
#   by an asymptotic series, up to exponentially small errors over exponentially long times. For
#   leapfrog on the oscillator it is exact and convergent, {eq}`modified`; the conserved quadratic $Q$
#   alone has the right orbits but the wrong clock.
# - Symplecticity is testable: $M^\top J M = J$ for the one-step Jacobian from `jax.jacfwd`. RK4's
#   defect is $O(h^6)$ per step on the oscillator and the pendulum ($O(h^5)$ in general). The energy
#   drift is set by the defect averaged over the area the orbit encloses, not by its value at one
#   state: for $H$ even in $p$ the $h^5$ part cancels, and RK4's drift is $O(h^5)$ per unit time even
#   where the defect at a point is $O(h^5)$. Areas are measured by $\int \det M$, which converges,
#   not by a polygon through a boundary that the map stretches into a filament.
# - With two or more degrees of freedom, symplectic is stronger than volume-preserving: it keeps
#   $\oint p\cdot dq$ of every loop, and a map with $\det M = 1$ that is not symplectic can grow one
#   degree of freedom's action and shrink another's without bound.
# - Learned Hamiltonians should be integrated with symplectic methods. A learned map can be made
#   symplectic for any weights by deriving it from a generating function.
#
# **Practice:** {doc}`../exercises/ch07_practice`: write a leapfrog step, measure its symplectic
# defect with `jax.jacfwd`, and find where RK4 falls behind.
#
# ```{bibliography}
# :filter: docname in docnames
# ```
