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
# (ch-symplectic)=
# # Symplectic structure
#
# ```{admonition} At a glance
# :class: tip
# **You will learn to** tell a good integrator from a merely accurate one: measure order of
# accuracy and energy error over $10^5$ steps and find where fourth-order RK4 falls behind
# second-order leapfrog. You will derive why Hamiltonian flows and leapfrog are symplectic and what
# backward error analysis promises, and you will learn to test symplecticity directly ($M^\top J M = J$
# with `jax.jacfwd`, the area of a region as $\int\det M$, and Poincaré's invariant $\oint p\cdot dq$),
# find the modified Hamiltonian that backward error analysis predicts, integrate a learned
# Hamiltonian, and build a learned map that is symplectic for any weights.
#
# **Prerequisites:** {ref}`ch-conservation`; Taylor expansions; Jacobians.
#
# **Time to read:** about 50 minutes. **Time to run:** about 25 seconds on a 2-core laptop CPU. **Practice:** [Practice 7: symplectic structure](../exercises/ch07_practice.ipynb).
# ```
#
# Chapter 6 built energy conservation into the *model*: the learned flow $J\nabla H_\theta$
# conserves $H_\theta$ exactly. On a computer that flow is followed in finite steps, and each step
# can break what the model guarantees. This chapter is about the **integrator**, and about the
# property of Hamiltonian flows that a good integrator keeps: it preserves phase-space area, or
# more precisely the symplectic form.
#
# Why should a physicist care which integrator runs a simulation? Because the questions we ask of
# simulations are long-time questions. A molecular-dynamics run samples a liquid for $10^6$ steps, a
# planetary orbit is followed for millions of revolutions, and a Hamiltonian Monte Carlo sampler takes
# thousands of leapfrog steps per proposal. Over such times an error of $10^{-6}$ per step that always
# has the same sign adds up to a planet falling into its sun, while an error of $10^{-3}$ that averages
# out does no harm. The chapter explains which methods make errors of the second kind, and why: their
# one-step map has the same geometric property as the exact flow.
#
# **Notation.** The state is $y = (q, p)$, the $d$ coordinates followed by the $d$ momenta ($d$ is the
# number of degrees of freedom, 1 for a pendulum), and Hamilton's equations are
# $\dot y = J\nabla H(y)$ with
#
# $$
# J = \begin{pmatrix} 0 & I \\ -I & 0 \end{pmatrix}, \qquad J^\top = J^{-1} = -J ,
# $$ (J)
#
# the same $J$ as in chapter 6 ($I$ is the $d\times d$ identity). An integrator with step $h$ replaces the
# exact flow $\Phi_t$ (the map taking a state at time 0 to the state at time $t$) by a **one-step map**
# $\Phi_h^{\text{num}}$, and the numerical trajectory is $y_n = (\Phi_h^{\text{num}})^n(y_0)$ at the times
# $t_n = nh$. The **order** $r$ of a method is the power in its global error: the distance between $y_n$
# and the exact state at a fixed time shrinks as $h^r$.

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

from physml import integrators as integ
from physml import mechanics as mech
from physml import systems
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
# simulations of argon {cite}`ch07-verlet1967computer`. Our test problems are the oscillator
# $H = (q^2 + p^2)/2$ and the pendulum $H = 3(1 - \cos q) + p^2/2$ of chapter 6 (`systems.oscillator` and
# `systems.pendulum`), released from rest at $q = 1$; `integ.integrate` runs any of the four methods on one $H$
# (Euler and RK4 follow $J\nabla H$).
#
# ### Leapfrog on the page
#
# Leapfrog is short enough to read in full. A **kick** changes only the momenta, by the force
# $-\partial_q H$ acting for half a step; a **drift** changes only the coordinates, by the velocity
# $\partial_p H$ for a whole step; a second half kick uses the force at the new position. Here it is in
# plain JAX, with the derivatives from `jax.grad` ({ref}`primer-autodiff`):

# %%
def leapfrog_step(H, y, h):
    """One kick–drift–kick step of size h for a separable H(q, p); y = (q, p) as one flat array."""
    d = y.shape[0] // 2
    q, p = y[:d], y[d:]
    dH_dq, dH_dp = jax.grad(H, argnums=0), jax.grad(H, argnums=1)
    p = p - 0.5 * h * dH_dq(q, p)        # half kick: the force −∂H/∂q acts for h/2
    q = q + h * dH_dp(q, p)              # drift: the coordinates move with the new velocity ∂H/∂p
    p = p - 0.5 * h * dH_dq(q, p)        # half kick with the force at the new position
    return jnp.concatenate([q, p])


# %% [markdown]
# The experiments below use `integ.leapfrog`, physml's compiled version: `jax.lax.scan` runs the same
# step $n$ times inside one compiled program instead of a Python loop, and compilation
# (`jax.jit`) is explained in {ref}`primer-jit`. Before trusting it, we run both for 200 steps of $h = 0.1$ on the
# oscillator and on the pendulum, from rest at $q = 1$, and compare the trajectories:

# %%
for name, H in (("oscillator", systems.oscillator), ("pendulum", systems.pendulum)):
    step = jax.jit(lambda y, H=H: leapfrog_step(H, y, 0.1))
    ys = [jnp.array([1.0, 0.0])]
    for _ in range(200):
        ys.append(step(ys[-1]))
    err = np.abs(np.asarray(ys) - np.asarray(integ.leapfrog(H, jnp.array([1.0, 0.0]), 0.1, 200))).max()
    assert err < 1e-12, err
    print(f"{name}: on-page leapfrog agrees with physml.integrators.leapfrog over 200 steps: {err < 1e-12}")

# %% [markdown]
# ## Energy over long times
#
# Each run below takes $10^5$ steps of $h = 0.1$, up to $t = 10^4$, about 1600 oscillator periods, and
# prints the largest energy error $|H(y_n) - H(y_0)|$ made up to three times. {numref}`fig-ch07-energy`
# then plots the error against time on log–log axes.

# %%
COLOR = {m: COLORS[c] for m, c in figures.METHOD_COLORS.items()}    # the explorer's colours

y0, h, n = np.array([1.0, 0.0]), 0.1, 100_000
t = h * np.arange(n + 1)
errors = {}
for system, H in (("oscillator", systems.oscillator), ("pendulum", systems.pendulum)):
    for method in integ.METHODS:
        with np.errstate(over="ignore", invalid="ignore"):
            E = np.asarray(systems.energy(H, integ.integrate(method, H, y0, h, n)))
        errors[system, method] = np.abs(E - E[0])
    print(f"{system}, largest |H − H₀| up to t = 10, 1000, 10⁴:")
    for method in integ.METHODS:
        worst = np.maximum.accumulate(np.nan_to_num(errors[system, method], nan=np.inf, posinf=np.inf))
        print(f"  {integ.METHOD_NAMES[method]:>16}: " + "  ".join(f"{worst[k]:8.1e}" if np.isfinite(worst[k]) else "overflow"
                                                         for k in (100, 10_000, n)))

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Energy error $|H(y_n) - H(y_0)|$ against time for the four integrators, $10^5$ steps of $h = 0.1$ from rest at $q = 1$, on the oscillator (left) and the pendulum (right), log\u2013log axes. Euler's curve leaves the top of the axes on the oscillator and levels off near $5\\times10^2$ on the pendulum, which it drives over the top; RK4's rises with slope one (linear drift); the two symplectic methods stay in flat bands.", "name": "fig-ch07-energy"}} tags=["hide-input"]
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
for ax, system in zip(axes, ("oscillator", "pendulum")):
    for method in integ.METHODS:
        e = errors[system, method]
        # Euler's overflow (inf) and anything above the axes is drawn just off the top edge.
        shown = np.clip(np.nan_to_num(e[1::20], nan=np.inf), 1e-16, 1e5)
        ax.loglog(t[1::20], shown, color=COLOR[method], lw=0.8, label=integ.METHOD_NAMES[method])
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
# :::{admonition} Checkpoint
# :class: tip
# On the oscillator $H = (q^2 + p^2)/2$, why does each explicit Euler step multiply $H$ by exactly
# $1 + h^2$, whatever the state?
#
# ```{dropdown} Answer
# Euler's step is $q' = q + hp$, $p' = p - hq$. Then
# $q'^2 + p'^2 = q^2 + 2hqp + h^2p^2 + p^2 - 2hqp + h^2q^2 = (1 + h^2)(q^2 + p^2)$: the cross terms
# cancel and every step pushes the state outward by the same factor. After $10^5$ steps of $h = 0.1$ the
# factor is $1.01^{10^5} = e^{995}$, beyond the largest double-precision number, which is the
# "overflow" in the table.
# ```
# :::
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
for m in integ.METHODS:
    err = [np.linalg.norm(np.asarray(integ.integrate(m, systems.pendulum, y0, s, int(round(10 / s))))[-1] - reference)
           for s in steps]
    slope = np.polyfit(np.log(steps), np.log(err), 1)[0]
    print(f"{integ.METHOD_NAMES[m]:>16}: state error at t = 10 ∝ h^{slope:.2f} (at h = 0.005: {err[-1]:.0e})")

# %% [markdown]
# The slopes are 2 and 4 for leapfrog and RK4, and close to 1 for the two Euler methods: the
# orders of the methods. Explicit Euler's error is still a tenth at $h = 0.005$, not yet small enough
# for the leading term to dominate, so its fitted slope is above one. In accuracy over short times
# RK4 wins by far. Over long times the ranking changes, and to see why we need the property that
# separates the two symplectic methods from the other two.
#
# (sec-ch07-symplectic-maps)=
# ## What makes a map symplectic
#
# A map $y \mapsto y'$ with Jacobian $M = \partial y'/\partial y$ (the $2d\times 2d$ matrix of
# derivatives $M_{ij} = \partial y'_i/\partial y_j$) is **symplectic** when
#
# $$
# M^\top J M = J
# $$ (symplectic)
#
# at every state. For one degree of freedom every $2\times2$ matrix satisfies $M^\top J M = (\det M)\,J$,
# so the condition says $\det M = 1$: the map preserves areas in phase space. (With $d \ge 2$ it says
# more, as {ref}`sec-ch07-more-than-volume` shows.) Three facts make this the right property to ask of
# an integrator. The exact flow has it, kicks and drifts have it, and composing maps keeps it.
#
# :::{admonition} Derivation: every Hamiltonian flow is symplectic
# :class: dropdown
# Let $M(t) = \partial\Phi_t(y_0)/\partial y_0$ be the Jacobian of the flow. Differentiating
# $\dot y = J\nabla H(y)$ with respect to $y_0$ gives the variational equation
# $\dot M = J\,\nabla^2 H\, M$, with $\nabla^2 H$ the Hessian at $y(t)$ (a symmetric matrix) and
# $M(0) = I$. Then
#
# $$
# \frac{d}{dt}\left(M^\top J M\right) = \dot M^\top J M + M^\top J \dot M
# = M^\top \nabla^2 H\, J^\top J\, M + M^\top J J\, \nabla^2 H\, M
# = M^\top \nabla^2 H\, M - M^\top \nabla^2 H\, M = 0,
# $$
#
# using $(J\nabla^2 H)^\top = \nabla^2 H\,J^\top$ (the Hessian is symmetric), $J^\top J = I$ and
# $JJ = -I$. So $M^\top J M$ keeps its value at $t = 0$, which is $J$. For $d = 1$ this is Liouville's
# theorem: $\det M(t) = 1$.
# :::
#
# :::{admonition} Derivation: kicks and drifts are shears, and leapfrog is symplectic
# :class: dropdown
# For $H = T(p) + V(q)$ a kick by $s$ is $(q, p) \mapsto (q,\ p - s\nabla V(q))$. Its Jacobian is a shear,
#
# $$
# K = \begin{pmatrix} I & 0 \\ -s\,\nabla^2 V(q) & I \end{pmatrix},
# \qquad \text{for } d = 1:\ \begin{pmatrix} 1 & 0 \\ -s V''(q) & 1 \end{pmatrix},\ \det K = 1 .
# $$
#
# Write $K = \begin{pmatrix} I & 0 \\ A & I \end{pmatrix}$ with $A = -s\nabla^2 V$ symmetric. Then
# $K^\top J K = \begin{pmatrix} I & A \\ 0 & I \end{pmatrix}\begin{pmatrix} A & I \\ -I & 0 \end{pmatrix}
# = \begin{pmatrix} A - A & I \\ -I & 0 \end{pmatrix} = J$. A drift $(q, p) \mapsto (q + s\nabla T(p),\ p)$
# has the Jacobian $\begin{pmatrix} I & s\nabla^2 T \\ 0 & I \end{pmatrix}$ and the same computation
# (transposed) shows it is symplectic. If $M_1$ and $M_2$ are symplectic, so is their product:
# $(M_1 M_2)^\top J (M_1 M_2) = M_2^\top (M_1^\top J M_1) M_2 = M_2^\top J M_2 = J$; by the chain rule the
# Jacobian of a composition of maps is the product of their Jacobians. Leapfrog is kick, drift, kick,
# so it is symplectic for every $h$, and so is symplectic Euler (kick, drift). Another way to see it:
# a kick is the exact time-$s$ flow of the Hamiltonian $V(q)$ alone, and a drift the exact flow of
# $T(p)$ alone, so each is symplectic by the previous box.
# :::
#
# Explicit Euler and RK4 are not compositions of exact flows, and nothing forces their Jacobians to
# satisfy {eq}`symplectic`. The last third of the chapter measures by how much they miss it.
#
# :::{admonition} Checkpoint
# :class: tip
# Explicit Euler's one-step Jacobian is $M = I + hJS$, with $S = \nabla^2 H$. Compute $M^\top J M$.
# What is $\det M$ for one degree of freedom?
#
# ```{dropdown} Answer
# $M^\top J M = (I - hSJ)\,J\,(I + hJS) = J + hJJS - hSJJ - h^2 SJJJS = J - hS + hS + h^2 SJS
# = J + h^2 SJS$, using $J^\top = -J$, $JJ = -I$ and $JJJ = -J$. The defect is of order $h^2$. For $d = 1$,
# $SJS = (\det S)J$, so $\det M = 1 + h^2\det\nabla^2 H$: on the oscillator $1 + h^2$ (the factor of the
# first checkpoint), on the pendulum $1 + 3h^2\cos q$.
# ```
# :::
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
# Wanner {cite}`ch07-hairer2006geometric`, chapter IX). The box below shows why symplecticity is exactly what
# makes each correction a Hamiltonian. Three points matter.
#
# 1. The correction starts at the order of the method: for symplectic Euler ($r = 1$)
#    $\tilde H - H = O(h)$, for leapfrog ($r = 2$, and symmetric, so only even powers appear) $O(h^2)$.
# 2. For a nonlinear $H$ the series does not converge in general; it is asymptotic. Truncated at
#    an order $N \propto 1/h$, its time-$h$ flow differs from the numerical map by an exponentially
#    small amount, $O(h\,e^{-c/h})$ per step, with $c$ set by the analyticity of $H$. The truncated
#    $\tilde H$ is then conserved up to exponentially small errors over exponentially long times,
#    $t \lesssim e^{c/2h}$, and over those times $H$ itself stays within $O(h^r)$ of its start
#    (Benettin and Giorgilli {cite}`ch07-benettin1994hamiltonian`; Hairer, Lubich and Wanner, section IX.8).
#    "Follows exactly the flow of a nearby Hamiltonian" is true only in this sense.
# 3. A quantity that the map conserves need not be its modified Hamiltonian: any function of
#    $\tilde H$ is conserved too, but only $\tilde H$ generates the map.
#
# :::{admonition} Derivation (sketch): why the corrections are Hamiltonian
# :class: dropdown
# Look for a **modified vector field** $\tilde f = f + h f_2 + h^2 f_3 + \cdots$ (with $f = J\nabla H$)
# whose exact time-$h$ flow equals the one-step map. Expanding both in Taylor series in $h$ and
# matching powers determines $f_2, f_3, \ldots$ one after the other; this works for any one-step
# method, symplectic or not. Now suppose the map is symplectic, and that $f_2, \ldots, f_{j-1}$ have
# already been shown to be Hamiltonian, $f_i = J\nabla H_i$. The flow of the truncated field
# $f + \cdots + h^{j-2} f_{j-1}$ is then symplectic (first box above), and it differs from the
# one-step map by $h^j f_j + O(h^{j+1})$. Both maps satisfy {eq}`symplectic`; subtracting, the
# Jacobian $Df_j = \partial f_j/\partial y$ must satisfy $Df_j^\top J + J\,Df_j = 0$ at order $h^j$. Since
# $(J\,Df_j)^\top = Df_j^\top J^\top = -Df_j^\top J$, this says that $J\,Df_j$ is a symmetric matrix: the field $-Jf_j$ has a
# symmetric Jacobian, so (on a simply connected region) it is the gradient of a function $H_j$, and
# $f_j = J\nabla H_j$. By induction every correction is Hamiltonian, and
# $\tilde H = H + hH_2 + h^2H_3 + \cdots$. For a symmetric method such as leapfrog, the map with $-h$
# is the inverse of the map with $h$, which removes the odd powers. What this sketch skips is the
# hard part, the size of the remainder: the bounds on $H_j$ that grow like $j!$, and the optimal
# truncation at $N \propto 1/h$ that leaves an exponentially small error (Benettin and Giorgilli
# {cite}`ch07-benettin1994hamiltonian`; Hairer, Lubich and Wanner {cite}`ch07-hairer2006geometric`, sections IX.3
# and IX.7).
# :::
#
# The oscillator shows all three in closed form. Leapfrog's step is linear, $y_{n+1} = M y_n$ with
#
# $$
# M = \begin{pmatrix} 1 - h^2/2 & h \\ -h(1 - h^2/4) & 1 - h^2/2 \end{pmatrix},
# \qquad
# Q = \frac{p^2}{2} + \frac{q^2}{2}\left(1 - \frac{h^2}{4}\right) \ \text{is conserved},
# $$ (invariant)
#
# since $M^\top \operatorname{diag}(c, 1)\, M = \operatorname{diag}(c, 1)$ with $c = 1 - h^2/4$: writing
# $a = 1 - h^2/2$, the diagonal entries are $c\,(a^2 + h^2c)$ and $h^2c + a^2$, both reduce with
# $a^2 + h^2c = 1$ to $c$ and $1$, and the off-diagonal entries $ach - hca$ cancel. The level sets of
# $Q$ are ellipses, closed for $h < 2$, and on them $M$ turns the state by the angle $\phi$ with
# $2\cos\phi = \operatorname{tr} M$, that is $\cos\phi = 1 - h^2/2$. The flow of $Q$ itself turns at
# the frequency $\sqrt{1 - h^2/4}$, so in a time $h$ it turns by $h\sqrt{1 - h^2/4} = \sin\phi$, not by
# $\phi$. Rescaling $Q$ fixes the clock: the modified Hamiltonian is
#
# $$
# \tilde H = \frac{\phi}{\sin\phi}\, Q = H + h^2\left(\frac{p^2}{12} - \frac{q^2}{24}\right) + O(h^4),
# \qquad \cos\phi = 1 - \frac{h^2}{2},
# $$ (modified)
#
# a convergent series here, for $h < 2$ (`integ.oscillator_leapfrog_modified_hamiltonian`). The time-$h$
# flow of a quadratic $\tfrac12 y^\top S y$ is the matrix exponential $e^{hJS}$, so each candidate can be
# compared with the map at $h = 0.3$. The map's matrix $M$ is the Jacobian of one step, which
# `jax.jacfwd` computes (forward-mode automatic differentiation, one column per input direction,
# {ref}`primer-autodiff`); the step is linear, so its Jacobian at any state is $M$:

# %%
from scipy.linalg import expm

h_big, J1 = 0.3, integ.canonical_J(1)
M_lf = np.asarray(jax.jit(jax.jacfwd(integ.step_map("leapfrog", systems.oscillator, h_big)))(jnp.zeros(2)))   # linear: M anywhere
phi = np.arccos(1 - h_big ** 2 / 2)                   # the angle one step turns the state
quadratics = {"H̃ = (φ/sin φ) Q": phi / np.sin(phi) * np.diag([1 - h_big ** 2 / 4, 1.0]),
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
path = np.asarray(integ.leapfrog(systems.oscillator, y0, h, n))
H_mod = integ.oscillator_leapfrog_modified_hamiltonian(path[:, 0], path[:, 1], h)
drift = np.abs(H_mod - H_mod[0]).max()
print(f"over 10⁵ steps: H varies by {np.ptp(0.5 * np.sum(path ** 2, axis=1)):.2e} "
      f"(predicted (h/2)² H₀ = {(h / 2) ** 2 * 0.5:.2e}); "
      f"H̃ varies by " + ("less than 1e-12 (round-off)" if drift < 1e-12 else f"{drift:.1e}"))

# %% [markdown]
# For the pendulum there is no closed form, only the series. Its first correction for kick–drift–kick
# and $H = p^2/2 + V(q)$ follows from the symmetric Baker–Campbell–Hausdorff formula
# {cite}`ch07-hairer2006geometric`:
#
# $$
# \tilde H_2 = H + h^2\left(\frac{p^2\,V''(q)}{12} - \frac{V'(q)^2}{24}\right),
# $$ (modified-pendulum)
#
# which for $V = q^2/2$ is the expansion in {eq}`modified`.
#
# :::{admonition} Derivation (sketch): the $h^2$ term from the BCH formula
# :class: dropdown
# Each sub-step of leapfrog is the exact flow of a Hamiltonian: the half kicks are the time-$h/2$ flows
# of $V(q)$, the drift is the time-$h$ flow of $T(p) = p^2/2$. The composition of the flows of two
# Hamiltonians $A$ and $B$ is, order by order in $h$, the flow of a single Hamiltonian built from $A$,
# $B$ and their Poisson brackets $\{F, G\} = \partial_q F\,\partial_p G - \partial_p F\,\partial_q G$. For the
# symmetric product, half a step of $A$, a full step of $B$, half a step of $A$, the
# Baker–Campbell–Hausdorff (BCH) formula gives
#
# $$
# \tilde H = A + B + h^2\left(\tfrac1{12}\{B, \{B, A\}\} - \tfrac1{24}\{A, \{A, B\}\}\right) + O(h^4).
# $$
#
# With $A = V$ and $B = T$: $\{V, T\} = V'p$, so $\{V, \{V, T\}\} = V'^2$; $\{T, V\} = -pV'$, so
# $\{T, \{T, V\}\} = p^2 V''$. Substituting gives {eq}`modified-pendulum`. The steps skipped are the
# BCH formula itself (an identity between formal power series of non-commuting operators) and the
# rule that flows of Hamiltonian vector fields compose like exponentials of their Lie derivatives
# (Hairer, Lubich and Wanner {cite}`ch07-hairer2006geometric`, sections III.5 and IX.4). The odd powers are
# absent because the product is symmetric.
# :::
#
# `integ.leapfrog_modified_hamiltonian(V, h)`
# builds it with `jax` derivatives. We run leapfrog for $10^5$ steps from rest at $q = 1$ at three step
# sizes and record the largest deviation of $H$ and of $\tilde H_2$ from their starting values, over
# the first $10^3$ steps and over all $10^5$, with symplectic Euler's energy error for comparison:

# %%
V_pend = lambda q: systems.pendulum(q, jnp.zeros_like(q))                  # V(q) = 3(1 − cos q)
print("   h   leapfrog |H − H₀|      leapfrog |H̃₂ − H̃₂(0)|    symplectic Euler |H − H₀|")
print("       10³ steps  10⁵ steps  10³ steps  10⁵ steps      10⁵ steps")
for s in (0.2, 0.1, 0.05):
    lf_path = integ.integrate("leapfrog", systems.pendulum, y0, s, n)
    dev = [np.abs(E - E[0]) for E in (np.asarray(jax.jit(lambda ys, H_=H_: systems.energy(H_, ys))(lf_path)) for H_ in
                                      (systems.pendulum, integ.leapfrog_modified_hamiltonian(V_pend, s)))]
    se = np.asarray(systems.energy(systems.pendulum, integ.integrate("symplectic_euler", systems.pendulum, y0, s, n)))
    print(f"{s:5}  " + "  ".join(f"{d[:1001].max():9.1e}  {d.max():9.1e}" for d in dev)
          + f"      {np.abs(se - se[0]).max():9.1e}")

# %% [markdown]
# Leapfrog's energy error is the same after $10^5$ steps as after $10^3$: bounded, and divided by 4
# each time $h$ is halved ($h^2$). $\tilde H_2$ is conserved an order better, divided by 16 per halving
# ($h^4$), the size of the first term left out of {eq}`modified-pendulum`. Symplectic Euler's error
# only halves: its modified Hamiltonian differs from $H$ at first order. What $10^5$ steps cannot show
# is the exponentially long time scale of point 2; it is a theorem, not a measurement here.

# %% [markdown]
# RK4 is not symplectic and has no modified Hamiltonian of this kind (if it had one, its map would be
# the flow of a Hamiltonian, hence symplectic). On the oscillator the complex amplitude $z = q - ip$
# obeys $\dot z = iz$, and each RK4 step multiplies $z$ by $R(ih)$, where $R(w) = 1 + w + w^2/2 + w^3/6 + w^4/24$ is the Taylor polynomial of $e^w$ that RK4
# reproduces on linear equations. Its real part is $1 - h^2/2 + h^4/24$ and its imaginary part $h - h^3/6$, so
# $|R(ih)|^2 = (1 - h^2/2 + h^4/24)^2 + (h - h^3/6)^2 = 1 - h^6/72 + h^8/576$ (all lower powers cancel), and each step
# multiplies $H = |z|^2/2$ by $1 - h^6/72 + O(h^8)$ and the energy falls by $H_0 h^5/72$ per unit time,
# to leading order ($1/h$ steps). Leapfrog's error stays at most $H_0 h^2/4$, the gap between the
# ellipse $Q$ and the circle $H$ in {eq}`invariant`. The two meet at
#
# $$
# t^\ast = \frac{h^2/4}{h^5/72} = \frac{18}{h^3},
# $$ (crossover)
#
# after which the fourth-order method is the worse one, for ever. We find the crossing in the runs
# (`integ.energy_errors` races the four methods and reports it):

# %%
for s in (0.2, 0.3, 0.4, 0.5):
    race = integ.energy_errors(systems.oscillator, y0, s, n_steps=n, every=1)
    print(f"h = {s}: RK4 falls behind leapfrog at t = {race.crossover:6.0f}; 18/h³ = {18 / s ** 3:6.0f}")
pend_bound = errors["pendulum", "leapfrog"].max()
t_pend = h * np.argmax(errors["pendulum", "rk4"] > pend_bound)
print(f"pendulum, h = 0.1: RK4 falls behind leapfrog at t = {t_pend:.0f} "
      f"(t*·h³ ≈ {t_pend * h ** 3:.1f}: the pendulum's own constant, not 18)")

# %% [markdown]
# The measured crossings agree with {eq}`crossover` to within a few percent; the formula keeps only
# the leading terms in $h$. The pendulum behaves the same way, with its own constant: the last line
# is the pendulum run of {numref}`fig-ch07-energy`, where RK4 crosses leapfrog's band at $t^\ast h^3 \approx 2.6$
# instead of the oscillator's 18 (its leapfrog band and RK4's drift rate have other constants). For long runs,
# as in molecular dynamics, astronomy or sampling, a low-order symplectic method beats a high-order
# one that is not symplectic.
#
# :::{admonition} Checkpoint
# :class: tip
# Leapfrog on the oscillator turns the state by $\phi$ per step, with $\cos\phi = 1 - h^2/2$. What happens
# at $h = 2.1$? What does that say about the largest step one can use on a stiff spring of frequency
# $\omega$?
#
# ```{dropdown} Answer
# At $h = 2.1$, $\operatorname{tr} M = 2 - h^2 = -2.41$, so $|\operatorname{tr} M| > 2$. With $\det M = 1$ the
# eigenvalues $\lambda$ and $1/\lambda$ are then real, one of them below $-1$, and the state grows by
# $|\lambda| \approx 1.9$ per step: no angle $\phi$ exists, the ellipses of $Q$ become hyperbolas
# ($1 - h^2/4 < 0$), and the run blows up. Symplecticity keeps areas, not boundedness. Since time
# enters only through $\omega h$, leapfrog is stable for $\omega h < 2$: the stiffest spring in a system
# sets the largest usable step, which is why molecular dynamics often freezes bond vibrations.
# ```
# :::
#
# ## Symplecticity, measured
#
# We now test {eq}`symplectic` directly. With one degree of freedom $M^\top J M = (\det M)\,J$, so the
# **symplectic defect** $\lVert M^\top J M - J\rVert_F$ (the Frobenius norm, the square root of the sum of
# the squares of the entries) equals $\sqrt2\,\lvert\det M - 1\rvert$. We compute $M$ of one step with
# `jax.jacfwd` as before and report the defect at a state of the pendulum, for $h = 0.1$. Euler and RK4
# are general methods for any differential equation $\dot y = f(y)$, so they get the vector field
# `integ.hamiltonian_flow(H)`, $f = J\nabla H$; the two splitting methods need $H$ itself, to take its kick
# and drift parts apart:

# %%
state = np.array([1.0, 0.3])
for m in integ.METHODS:
    system = integ.hamiltonian_flow(systems.pendulum) if m in ("euler", "rk4") else systems.pendulum
    d = integ.symplectic_defect(integ.step_map(m, system, 0.1), state)
    print(f"{integ.METHOD_NAMES[m]:>16}: ‖MᵀJM − J‖ = " + (f"{d:.0e}" if d > 1e-14 else "below 1e-14 (round-off)"))

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
# image $p = -0.3$, which we will need in a moment (`jax.vmap` evaluates it for all step sizes and both
# states in one call, {ref}`primer-vmap`).

# %%
H_nonsep = lambda q, p: 0.5 * jnp.sum(p ** 2) * (1 + 0.3 * jnp.sin(q[0])) + 3 * jnp.sum(1 - jnp.cos(q))
steps_h = np.array([0.2, 0.1, 0.05, 0.025])
columns = {name: [integ.symplectic_defect(integ.step_map("rk4", integ.hamiltonian_flow(H_), s), state) for s in steps_h]
           for name, H_ in (("oscillator", systems.oscillator), ("pendulum", systems.pendulum), ("non-separable", H_nonsep))}
for name, H_ in (("pendulum drift", systems.pendulum), ("non-sep. drift", H_nonsep)):
    columns[name] = []
    for s in steps_h:
        E = np.asarray(systems.energy(H_, integ.integrate("rk4", H_, y0, s, 10_000)))
        columns[name].append(-np.polyfit(s * np.arange(E.size), E - E[0], 1)[0])
print("             RK4 defect ‖MᵀJM − J‖ per step                energy drift per unit time")
print("     h   " + "".join(f"{c:>15}" for c in columns))
for k, s in enumerate(steps_h):
    print(f"{s:6}   " + "".join(f"{columns[c][k]:15.1e}" for c in columns))
print("slope   " + "".join(f"{np.polyfit(np.log(steps_h), np.log(columns[c]), 1)[0]:15.1f}" for c in columns))
print(f"oscillator: √2(h⁶/72 − h⁸/576) at h = 0.2: {np.sqrt(2) * (0.2 ** 6 / 72 - 0.2 ** 8 / 576):.3e}, "
      f"measured {columns['oscillator'][0]:.3e}")
flow_nonsep = integ.hamiltonian_flow(H_nonsep)
det_minus_1 = jax.jit(jax.vmap(jax.vmap(                              # det M − 1 of one RK4 step, for each h, y
    lambda s, y: jnp.linalg.det(jax.jacfwd(lambda y: integ.rk4_step(flow_nonsep, y, s))(y)) - 1, (None, 0)), (0, None)))
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
# leaves $M^\top J M = J$ intact. Why the $h^5$ term also drops out for the pendulum we have not shown,
# but it drops out for every $H = p^2/2 + V(q)$ we tried: at four other states of the pendulum, and for
# $V = q^4/4$, the slope between successive step sizes also tends to 6 (change `state` and the
# Hamiltonian in the cell to check). It is not general: on the non-separable $H$ the slope
# is 5, the order of the bound.
#
# The energy drift is *not* the defect at one state times $1/h$ steps per unit time: that rule would
# give a drift of order $h^4$ on the non-separable $H$, and the last column measures $h^5$ (slope 5.0).
# What accumulates is the energy change of each step, $\Delta H(y) = H(\Phi_h(y)) - H(y)$, averaged
# along the orbit, and in one degree of freedom that average is the defect integrated over the area the
# orbit encloses. Take the region inside a level curve $H = E$ whose period is $\tau$. One step moves each
# point of the curve outward by $\Delta H/\lvert\nabla H\rvert$ (plus a slide along the curve, which
# changes no area), and the flow covers a length $dl$ of the curve in the time
# $dt = dl/\lvert\nabla H\rvert$, so the enclosed area grows by $\oint \Delta H\, dt = \tau\langle\Delta H\rangle$,
# with $\langle\cdot\rangle$ the time average over a period. By the change-of-variables formula the
# same area grows by $\int (\det M - 1)\, d^2y$ over the region. To first order in $\Delta H$,
#
# $$
# \langle \Delta H\rangle = \frac1\tau \int_{H < E} (\det M - 1)\, d^2y .
# $$ (drift-area)
#
# The pendulum and the non-separable $H$ are both even in $p$, so the region is symmetric under
# $p \to -p$, and the $h^5$ term of $\det M - 1$ is odd under it. Here is why. With
# $\mathcal R(q, p) = (q, -p)$, a system with $H$ even in $p$ has $f(\mathcal Ry) = -\mathcal Rf(y)$, and then both the exact flow
# and any Runge–Kutta step satisfy $\mathcal R\,\Phi_h(\mathcal Ry) = \Phi_{-h}(y)$ (put $k_i \to -\mathcal Rk_i$ in the stages).
# Their difference, the local error $h^5e(y) + O(h^6)$, therefore satisfies $\mathcal Re(\mathcal Ry) = -e(y)$, and the
# $h^5$ term of $\det M$, $h^5\,\nabla\cdot e$, changes sign under $p \to -p$. The lines below the
# table show it: at $p = \pm0.3$ the two values of $\det M - 1$ have opposite signs, and their sum falls
# as $h^6$ (slope 6.1) while each falls as $h^5$ (slopes 5.0 and 4.8: the $h^6$ part has the same
# sign at both points, so it adds to one and subtracts from the other). In {eq}`drift-area` the $h^5$ part cancels, $\langle\Delta H\rangle$ is $O(h^6)$, and the drift
# is $O(h^5)$ per unit time on both systems (slopes 5.0 and 5.0), even on the non-separable $H$, whose
# defect at a point is $O(h^5)$. On the oscillator $\det M$ is the same everywhere and the enclosed
# area is $2\pi H = \tau H$, so {eq}`drift-area` gives $\langle\Delta H\rangle = (\det M - 1)H$, and this
# holds exactly, step by step: each step multiplies $H$ by $\det M = |R(ih)|^2$, so $H$ falls at the
# rate $H(1 - \det M)/h = H(h^5/72 - h^7/576)$, the $h^5/72$ behind {eq}`crossover`.
#
# The same statement for a finite region: take a disc of radius 0.3 around $(q, p) = (1, 0)$ and map it
# 100 times with $h = 0.3$. By the change-of-variables formula the area of its image is
#
# $$
# \mathcal A = \int_{\text{disc}} \det M(y)\, d^2y ,
# $$ (image-area)
#
# with $M$ the Jacobian of the 100-step map (every map here is one-to-one and keeps orientation at this
# $h$, so no part of the image is counted twice). `integ.image_area` evaluates the integral with
# Gauss–Legendre nodes in the radius and equally spaced angles, at four resolutions from $8\times32$
# to $64\times256$ nodes, so we can see it converge. Next to it, $\det M$ at the centre of the disc:

# %%
angle = np.linspace(0, 2 * np.pi, 4097)[:-1]
disc = jnp.asarray(np.column_stack([1.0 + 0.3 * np.cos(angle), 0.3 * np.sin(angle)]))

def shoelace(b):
    x, y = b[:, 0], b[:, 1]
    return 0.5 * abs(x @ np.roll(y, -1) - y @ np.roll(x, -1))

images, areas, maps_100 = {}, {}, {}
for m in integ.METHODS:
    step = integ.step_map(m, integ.hamiltonian_flow(systems.pendulum) if m in ("euler", "rk4") else systems.pendulum, 0.3)
    maps_100[m] = hundred = lambda y, step=step: jax.lax.fori_loop(0, 100, lambda i, y: step(y), y)
    images[m] = np.asarray(jax.jit(jax.vmap(hundred))(disc))
    areas[m] = integ.image_area(hundred, [1.0, 0.0], 0.3)
    det = float(jnp.linalg.det(jax.jacfwd(hundred)(jnp.array([1.0, 0.0]))))
    print(f"{integ.METHOD_NAMES[m]:>16}: area ratio ∫det M / πr² = {areas[m].ratio:.4f} "
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
# converged 0.39. For the other three methods the image is a smooth arc, and the polygon through
# 4096 boundary points agrees with the integral:

# %%
print("polygon area / πr² (4096 points):", ", ".join(f"{integ.METHOD_NAMES[m]} {shoelace(images[m]) / (np.pi * 0.09):.4f}"
                                                  for m in ("symplectic_euler", "leapfrog", "rk4")))

# %% [markdown]
# so they can be drawn. {numref}`fig-ch07-disc` shows the three images over the pendulum's level curves.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "A disc of radius 0.3 around $(q, p) = (1, 0)$ (grey) and its images after 100 steps of $h = 0.3$ of symplectic Euler, leapfrog and RK4, over level curves of the pendulum's $H$. The images are sheared along the orbits because the period grows with the energy; the two symplectic images keep the disc's area exactly, RK4's is 1.5% smaller.", "name": "fig-ch07-disc"}} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(7, 4.5))
qq, pp = np.meshgrid(np.linspace(-3.2, 3.2, 200), np.linspace(-3.4, 3.4, 200))
ax.contour(qq, pp, systems.pendulum(qq[..., None], pp[..., None]), levels=12, colors=COLORS["grey"], linewidths=0.5)
ax.fill(disc[:, 0], disc[:, 1], color=COLORS["grey"], alpha=0.4, label="start")
for m in ("symplectic_euler", "leapfrog", "rk4"):
    ax.fill(images[m][:, 0], images[m][:, 1], color=COLOR[m], alpha=0.5, label=integ.METHOD_NAMES[m])
ax.set(xlim=(-3.2, 3.2), ylim=(-3.4, 3.4), xlabel="q", ylabel="p", title="a disc after 100 steps of h = 0.3")
ax.legend(fontsize=8, loc="upper right")
plt.show()

# %% [markdown]
# The images are stretched along the orbits (the period depends on the energy), but their areas are
# those of the integral. Volume preservation (Liouville's theorem for the exact flow, kept exactly by
# leapfrog) is one of the two properties that let Hamiltonian Monte Carlo use leapfrog for its
# proposals; the other is time reversibility. Together they make the acceptance probability a simple
# ratio, $\min(1, e^{-\Delta H})$, and it is this Metropolis step that makes the sampler exact: it
# rejects the proposals whose energy leapfrog got wrong.
#
# (sec-ch07-more-than-volume)=
# ### Symplectic is more than volume-preserving
#
# With one degree of freedom the two coincide. With $d \ge 2$ they do not: $\det M = 1$ is one
# equation, $M^\top J M = J$ is $d(2d-1)$ of them (the antisymmetric matrix $M^\top J M - J$ has that many
# independent entries). What the extra equations preserve is **Poincaré's
# integral invariant**: for every closed loop $\gamma$ of states,
#
# $$
# \oint_\gamma p\cdot dq = \sum_{i=1}^d \oint_\gamma p_i\, dq_i ,
# $$ (poincare)
#
# the sum of the oriented areas of the loop's projections on the planes $(q_i, p_i)$, is the same for
# $\gamma$ and for its image (`integ.loop_action` computes it for a loop given by points). Volume
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
lf_two = integ.step_map("leapfrog", H_two, 0.1)
y_two = jnp.array([1.0, 1.0, 0.0, 0.0])
phase = 2 * np.pi * np.arange(400) / 400
circle = 0.1 * np.column_stack([np.cos(phase), -np.sin(phase)])      # ∮p dq = +π·0.01 in its plane
loops = {"(q₁, p₁)": np.asarray(y_two) + circle @ np.array([[1.0, 0, 0, 0], [0, 0, 1.0, 0]]),
         "(q₂, p₂)": np.asarray(y_two) + circle @ np.array([[0, 1.0, 0, 0], [0, 0, 0, 1.0]])}
for name, step in (("leapfrog", lf_two), ("leapfrog then D", lambda y: D @ lf_two(y))):
    M_one = np.asarray(jax.jit(jax.jacfwd(step))(y_two))               # both maps are linear: M is the map
    M_all = np.linalg.matrix_power(M_one, 1000)
    J2 = integ.canonical_J(2)
    defect, vol = np.linalg.norm(M_one.T @ J2 @ M_one - J2), abs(np.linalg.det(M_all) - 1)
    E_i = lambda y: 0.5 * (np.asarray(y)[2:] ** 2 + np.asarray(omega2) ** 2 * np.asarray(y)[:2] ** 2)
    E_start, E_end = E_i(y_two), E_i(M_all @ np.asarray(y_two))
    print(f"{name}: |det M − 1| after 10³ steps " + ("< 1e-12" if vol < 1e-12 else f"{vol:.0e}")
          + ", ‖MᵀJM − J‖ per step " + ("< 1e-14" if defect < 1e-14 else f"{defect:.1e}"))
    print(f"   energies of the two oscillators, end/start: {E_end[0] / E_start[0]:.2f}, {E_end[1] / E_start[1]:.2f}; "
          f"total: {E_end.sum() / E_start.sum():.2f}")
    print("   ∮p·dq of the two circles, end/start: " + ", ".join(
        f"{plane} {integ.loop_action(loop @ M_all.T) / integ.loop_action(loop):.3f}" for plane, loop in loops.items()))

# %% [markdown]
# Both maps preserve phase-space volume to round-off. Leapfrog is symplectic: the energies of the two
# oscillators stay where they were (to leapfrog's $O(h^2)$ oscillation), and so do the areas $\oint p\,dq$
# of both circles. The map with $D$ has a defect of $4\times10^{-3}$ per step. Nothing passes between
# the two oscillators, which stay uncoupled; instead the map multiplies the first oscillator's energy
# by $a^2$ and the second's by $a^{-2}$ each step, so over $10^3$ steps the first gains a factor
# $a^{2000} = e^{2.0} \approx 7.4$, the second loses the same factor, and the total is not conserved.
# For uncoupled oscillators each action $\oint p_i\,dq_i = 2\pi E_i/\omega_i$ is a conserved quantity
# of the exact flow. Both maps here act on each oscillator separately, so they carry a loop in the
# $(q_i, p_i)$ plane to a loop in the same plane, whose $\oint p\cdot dq$ is that oscillator's action.
# A symplectic map of this kind therefore keeps each action, by Poincaré's invariant; a map that only
# preserves volume can grow one action and shrink the other without bound, keeping only their
# product. (A symplectic map that couples the oscillators can exchange actions between them, as the
# exact flow of a coupled system does: it moves the loop out of its plane, and only the sum
# {eq}`poincare` over both planes is kept.)
#
# ## A learned Hamiltonian, integrated with leapfrog
#
# Back to learning. Leapfrog needs a *separable* Hamiltonian, so we learn the pendulum as
# $H_\theta = p^2/2 + V_\theta(q)$ (`V_model.hamiltonian`): chapter 6's learned potential, fitted to the noisy
# $(q, \dot p)$ pairs of the pendulum data ($\dot p = -V'(q)$). Then we integrate $H_\theta$ for
# $5\times10^4$ steps of $h = 0.1$, with leapfrog and with RK4, and watch $H_\theta$ itself.

# %%
key = jax.random.key(0)
data = mech.pendulum_data(noise=0.1, key=key)
V_model = mech.train_potential(data.y[:, :1], data.dy[:, 1:], hidden=(32, 32), n_steps=1000, key=key)   # q ↦ ṗ
for m in ("leapfrog", "rk4"):
    path = integ.integrate(m, V_model.hamiltonian, np.array([1.5, 0.0]), 0.1, 50_000)
    E = np.asarray(systems.energy(V_model.hamiltonian, path))
    worst = np.maximum.accumulate(np.abs(E - E[0]))
    print(f"{integ.METHOD_NAMES[m]:>9} on H_θ: largest |H_θ − H_θ(0)| up to t = 10, 100, 1000, 5000: "
          + "  ".join(f"{worst[k]:.0e}" for k in (100, 1000, 10_000, 50_000)))

# %% [markdown]
# With a learned Hamiltonian the story is the same: leapfrog's error is bounded, RK4's grows, and
# they cross. A model that conserves a quantity exactly deserves an integrator that does not undo it.
#
# ## A learned map that is symplectic for any weights
#
# One can go one step further and learn the *step* itself, a map from $y_n$ to $y_{n+1}$ at a
# fixed $h$. A network that outputs $y_{n+1}$ directly is not symplectic. A **generating function**
# makes it symplectic by construction. Take any scalar $G_\theta(q, p')$, a network with weights
# $\theta$ ({ref}`primer-mlp`), and define the map $(q, p) \mapsto (q', p')$ implicitly by
#
# $$
# p = p' + h\,\frac{\partial G_\theta}{\partial q}(q, p'), \qquad q' = q + h\,\frac{\partial G_\theta}{\partial p'}(q, p').
# $$ (generating)
#
# These are the relations of a type-2 generating function $F = qp' + hG_\theta$, so the map is
# symplectic whatever $G_\theta$ is (box below). With $G = H$ separable it is symplectic Euler: the first
# equation is the kick $p' = p - hV'(q)$, the second the drift. The first equation is solved
# for $p'$ by fixed-point iteration, and `jax.jacfwd` differentiates through the iteration.
# Training needs no solve at all: when both $y_n$ and $y_{n+1}$ are known, {eq}`generating` is
# explicit in $\theta$, so the loss ({ref}`primer-loss`) is the squared residual of the two equations.
#
# :::{admonition} Derivation: a generating function gives a symplectic map
# :class: dropdown
# Take $d = 1$ and $F(q, p') = qp' + hG(q, p')$. The relations {eq}`generating` say $p = \partial F/\partial q$
# and $q' = \partial F/\partial p'$, so along any path of states $p\,dq + q'\,dp' = dF$, and therefore
# $p\,dq - p'\,dq' = d(F - q'p')$ is an exact differential. Its integral around any closed loop vanishes:
# $\oint p\,dq = \oint p'\,dq'$, the area enclosed by a loop equals the area enclosed by its image. A map
# that keeps the area of every small loop has $\det M = 1$, that is {eq}`symplectic`. (For $d \ge 2$ the
# same computation with sums over $i$ gives Poincaré's invariant {eq}`poincare` of the last section,
# which is equivalent to {eq}`symplectic`; see Hairer, Lubich and Wanner {cite}`ch07-hairer2006geometric`,
# chapter VI.) The argument needs only that the implicit equation has a
# unique solution $p'$, which holds for $h$ small enough that $h\,\partial^2 G/\partial q\,\partial p'$
# stays below one in size.
# :::
#
# This is the idea
# of Chen and Tao's exactly-symplectic maps {cite}`ch07-chen2021data`; SympNets reach the same goal with
# compositions of simple symplectic layers {cite}`ch07-jin2020sympnets`.
#
# We fit $G_\theta$ (two layers of 32 tanh units, 1000 Adam steps, {ref}`primer-optimisers`) to 500 pairs of pendulum states
# one step $h = 0.1$ apart under the exact flow, and, for comparison, a plain residual network
# $y_{n+1} = y_n + h\,\mathrm{net}_\theta(y_n)$ trained on the same pairs (`integ.GeneratingMap` and
# `integ.StepNetwork`, each with a `step` method). For each map, and for an untrained generating function as
# a control, the cell prints the **one-step test error**, the root-mean-square distance between the
# predicted and the exact next state over 200 test pairs the maps were not trained on
# ({ref}`primer-overfitting`), and the largest symplectic defect at five test states.

# %%
pairs = integ.pendulum_flow_data(0.1, n_pairs=500, key=key)          # states pairs.y and pairs.y_next, h apart
maps = {"generating": integ.train_generating_function(pairs.y, pairs.y_next, 0.1, n_steps=1000, key=key),
        "residual": integ.train_step_network(pairs.y, pairs.y_next, 0.1, n_steps=1000, key=key)}
test = integ.pendulum_flow_data(0.1, n_pairs=200, key=jax.random.key(1))
untrained = integ.GeneratingMap(mlp_init((2, 32, 32, 1), key=jax.random.key(7)), 0.1)
for name, model in (*maps.items(), ("untrained G", untrained)):
    one = np.sqrt(np.mean(np.sum((np.asarray(jax.vmap(model.step)(jnp.asarray(test.y))) - test.y_next) ** 2, axis=1)))
    d = max(integ.symplectic_defect(model.step, s) for s in test.y[:5])
    print(f"{name:>12}: one-step test error {one:.0e}; largest ‖MᵀJM − J‖ at 5 test states "
          + (f"{d:.0e}" if d > 1e-13 else "below 1e-13 (round-off)"))

# %% [markdown]
# Both maps predict one step to a few thousandths. The generating-function map is symplectic to
# round-off, trained or not. The residual network is not. Iterating each map $10^4$ times from a
# swing of amplitude 1.5:

# %%
start = np.array([1.5, 0.0])
E0 = float(systems.pendulum(start[:1], start[1:]))
rollouts = {name: np.asarray(model.rollout(start, 10_000)) for name, model in maps.items()}
for name, path in rollouts.items():
    E = np.asarray(systems.energy(systems.pendulum, path))
    print(f"{name:>10} map: true energy from {E0:.2f}: largest deviation {np.abs(E - E0).max():.2f}, "
          f"{E[-1]:.2f} at t = 1000")

# %% [markdown]
# {numref}`fig-ch07-rollouts` draws the two orbits in the $(q, p)$ plane.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The orbits of $10^4$ iterations of the two learned one-step maps from $(q, p) = (1.5, 0)$: the generating-function map (left), symplectic for any weights, and the plain residual network (right). The exact orbit is a single closed curve.", "name": "fig-ch07-rollouts"}} tags=["hide-input"]
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
# (`integ.pendulum_energy_errors`).
# Watch RK4's curve rise with slope one on these log axes and, for $h$ from about 0.15 up, cross
# leapfrog's flat band, earlier as $h$ grows, as {eq}`crossover` predicts ($t^\ast \propto h^{-3}$). At the
# default $h = 0.1$ the crossing, near $t = 2600$, lies beyond the $t = 2000$ that 20 000 steps reach. {numref}`fig-ch07-explorer` is the
# explorer's static view; in a running notebook the cell after it gives the live slider.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Energy error against time for the four integrators on the pendulum released from rest at $q = 1$, 20 000 steps of the chosen $h$ (on the site: a set of step sizes to pick from). The status line gives the time at which RK4 falls behind leapfrog, when it does.", "name": "fig-ch07-explorer"}} tags=["hide-input"]
explorer = figures.integrators()
explorer.static()

# %% tags=["remove-output"]
explorer.live()

# %% [markdown]
# ## What to remember
#
# - A map is symplectic when its Jacobian satisfies $M^\top J M = J$. Every Hamiltonian flow is (the
#   Hessian is symmetric); kicks and drifts are shears with $\det = 1$; compositions of symplectic maps
#   are symplectic, so leapfrog and symplectic Euler are, for any $h$.
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
# **Practice:** [Practice 7: symplectic structure](../exercises/ch07_practice.ipynb): write the drift–kick–drift variant of leapfrog,
# predict how its energy error scales with $h$, find where RK4 falls behind, derive the same crossover
# for symplectic Euler, and explain what the explorer shows.
#
# ## Exercises
#
# **1. Reversibility and even powers.** Show that one leapfrog step with step $-h$ undoes one step with
# $+h$. Use this to argue that leapfrog's modified Hamiltonian contains only even powers of $h$.
#
# ```{dropdown} Answer
# Apply kick($-h/2$), drift($-h$), kick($-h/2$) after kick($h/2$), drift($h$), kick($h/2$). The inner
# kicks use the force at the same position and cancel; then the drifts cancel (same momentum), and
# then the outer kicks (same position). So $\Phi_{-h} = \Phi_h^{-1}$. If $\tilde H(h)$ generates $\Phi_h$ in
# time $h$, then $\Phi_h^{-1}$ is the flow of $\tilde H(h)$ run for time $-h$. But $\Phi_{-h}$ is, by
# definition, the flow of $\tilde H(-h)$ for time $-h$. The series is unique, so $\tilde H(-h) = \tilde H(h)$:
# only even powers. Explicit Euler and symplectic Euler fail the first step (their inverse is a
# different method), and their modified equations have odd terms.
# ```
#
# **2. Fourth order by composition (computational).** Yoshida's "triple jump" {cite}`ch07-yoshida1990construction`
# composes three leapfrog steps of sizes $w_1h$, $w_0h$, $w_1h$ with $w_1 = 1/(2 - 2^{1/3})$ and
# $w_0 = 1 - 2w_1$. Build it from the chapter's `leapfrog_step` (`integ.step_map` accepts only positive
# steps, and $w_0$ is negative), check with
# `integ.symplectic_defect` that it is symplectic, and measure how its largest energy error on the pendulum
# over $10^4$ steps from rest at $q = 1$ scales when $h$ is halved from 0.2 to 0.1 to 0.05. Why must $w_0$ be negative?
#
# ```{dropdown} Answer
# The defect is at round-off: a composition of symplectic maps is symplectic. The energy error falls by
# about 16 per halving (16.4, then 16.1), fourth order, against 4 for leapfrog. The weights solve $2w_1 + w_0 = 1$
# (consistency) and $2w_1^3 + w_0^3 = 0$ (the $h^3$ error terms of the three symmetric steps cancel;
# each is proportional to the cube of its step). The second equation has no solution with all weights
# positive, so the middle step goes backwards in time, $w_0 \approx -1.70$. Each step costs three force
# evaluations, so at equal cost it beats leapfrog only when high accuracy is wanted.
# ```
#
# **3. The stability limit (computational).** Run `integ.leapfrog` on `systems.oscillator` from rest at $q = 1$ for
# 1000 steps with $h = 1.9$, $1.99$ and $2.01$, and print the largest $|H - H_0|/H_0$. Explain the three
# numbers with the checkpoint on $h = 2.1$.
#
# ```{dropdown} Answer
# For $h < 2$ the error is bounded but large: from rest, $H$ falls to $Q = (1 - h^2/4)H_0$ where the
# orbit crosses $q = 0$, so the relative error reaches $h^2/4$, 0.90 and 0.99 (the ellipse of $Q$
# flattens as $h \to 2$). At $h = 2.01$ the trace of $M$ is below $-2$, one eigenvalue is about
# $-1.22$, and after 1000 steps $H$ has grown by a factor of about $1.22^{2000} \approx 10^{173}$. Bounded energy
# error is a property of symplectic methods *within* their stability region.
# ```
#
# **4. Why Hamiltonian Monte Carlo uses leapfrog.** HMC proposes a new state by running $L$ steps of an
# integrator from a random momentum and accepts it with probability $\min(1, e^{-\Delta H})$
# {cite}`ch07-neal2011mcmc`. Why would RK4, more accurate per step, make this sampler wrong?
#
# ```{dropdown} Answer
# The acceptance rule $\min(1, e^{-\Delta H})$ satisfies detailed balance only if the proposal map is
# reversible (followed by a momentum flip, it is its own inverse) and preserves volume; otherwise the
# ratio must include the Jacobian determinant of the map, which the rule leaves out. Leapfrog has both
# properties exactly. RK4 is neither volume-preserving ($\det M \ne 1$, the 1.5% loss of area above)
# nor reversible, so the chain would converge to a distribution that is slightly wrong, and no
# acceptance test would tell. Accuracy only affects how often proposals are accepted.
# ```
#
# ## Further reading
#
# - Hairer, Lubich and Wanner {cite}`ch07-hairer2006geometric`: the reference on geometric integration.
#   Chapter VI proves that Hamiltonian flows, Störmer–Verlet, symplectic Runge–Kutta and
#   generating-function methods are symplectic, chapter IX is backward error analysis,
#   with the rigorous exponential estimates in section IX.7 and long-time energy conservation in IX.8.
# - Leimkuhler and Reich {cite}`ch07-leimkuhler2004simulating`: a gentler textbook written with molecular
#   dynamics in mind; splitting methods, the modified Hamiltonian and stability limits.
# - Benettin and Giorgilli {cite}`ch07-benettin1994hamiltonian`: the original proof that a near-identity
#   symplectic map is the time-$h$ flow of a Hamiltonian up to an exponentially small remainder.
# - Verlet {cite}`ch07-verlet1967computer` introduced the scheme for molecular dynamics; Ruth
#   {cite}`ch07-ruth1983canonical` constructed symplectic integrators deliberately, from generating functions;
#   Yoshida {cite}`ch07-yoshida1990construction` built the higher-order compositions of Exercise 2.
# - Neal {cite}`ch07-neal2011mcmc`: Hamiltonian Monte Carlo, and why leapfrog's volume preservation and
#   reversibility make it exact.
# - Chen and Tao {cite}`ch07-chen2021data` and Jin et al. {cite}`ch07-jin2020sympnets`: learned maps that are
#   symplectic by construction, the last section's idea.
#
# ```{bibliography}
# :filter: docname in docnames
# :keyprefix: ch07-
# ```
