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
# (ch-landau)=
# # Principled extrapolation
#
# ```{admonition} At a glance
# :class: tip
# **You will learn to** predict a regime that no training example comes from. You will derive the
# Landau theory of a continuous phase transition and its relaxation dynamics in closed form, with
# the equilibrium order parameter, the relaxation time, its divergence at the critical temperature
# (critical slowing down) and the power-law decay at that temperature; train two black-box models,
# an MLP and a GRU, on relaxation data from the ordered phase only and watch both fail above the
# transition; fit a neural ODE whose vector field is the gradient of a Landau free energy, and
# extrapolate from it the critical temperature with its uncertainty, the vanishing order parameter
# and the diverging relaxation time; and measure what the same model gets wrong when its assumed
# form is wrong, down to the mean-field exponents that real magnets do not obey.
#
# **Prerequisites:** ordinary differential equations and their numerical integration
# ({ref}`ch-conservation`, {ref}`ch-symplectic`); a law of physics used as a prior
# ({ref}`ch-onsager`); MLPs and Adam ({ref}`primer-mlp`, {ref}`primer-optimisers`). No earlier
# knowledge of phase transitions.
#
# **Time to read:** about 50 minutes. **Time to run:** about 20 seconds on a 2-core laptop CPU. **Practice:** [Practice 10: Principled extrapolation](../exercises/ch10_practice.ipynb).
# ```
#
# Heat a piece of iron and it stays magnetic, a little less at every degree, until at 770 °C, its
# *Curie temperature*, the magnetisation vanishes, and it stays zero above. The magnetisation is
# the *order parameter* of this transition: non-zero in the *ordered phase* below the critical
# temperature $T_c$, zero in the *disordered phase* above it. Near $T_c$ the magnet also becomes
# slow: a small disturbance takes longer and longer to die away.
#
# Suppose every measurement we have was taken below $T_c$. Can a model trained on them say what
# happens above — where the transition is, that the order parameter is zero beyond it, how slow
# the relaxation becomes on the way? This is *extrapolation*: a question about inputs outside the
# range of the training data. A flexible model fitted to data answers inside that range; outside,
# it returns whatever its smooth interpolant happens to do there. The chapters on physics-informed
# learning built known laws into models: a conserved energy ({ref}`ch-conservation`), a
# symplectic flow ({ref}`ch-symplectic`), a symmetry of a response ({ref}`ch-onsager`), a local
# symmetry ({ref}`ch-gauge`). Here the law
# is a *form*: the free energy of Landau's theory, with two coefficients that depend on
# temperature in a known way. A model that has that form learns its few coefficients from the
# ordered phase, and the transition follows. The price is that the form must be right; the last
# part of the chapter measures what happens when it is not.

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
import scipy.optimize
from scipy.integrate import solve_ivp

from physml import landau as LD
from physml.integrators import rk4_step
from physml.interactives import landau as figures
from physml.style import COLORS

# %% [markdown]
# ## Landau theory of a continuous transition
#
# Landau's idea {cite}`ch10-landau1937theory` is to write the free energy of the system near the
# transition as a function of the order parameter $m$ (a single number here: the magnetisation
# along an *easy axis*, the one direction in which the crystal prefers to magnetise), expanded in
# powers of $m$. The system is symmetric under $m\to-m$ (no applied field),
# so only even powers appear, and near $T_c$, where $m$ is small, the first two suffice:
#
# $$
# F(m, T) = \tfrac12\, a(T)\, m^2 + \tfrac14\, b\, m^4, \qquad a(T) = a_0\,(T - T_c), \qquad a_0 > 0,\ b > 0 .
# $$ (landau)
#
# The quadratic coefficient $a(T)$ changes sign at $T_c$, and near $T_c$ its first Taylor term is
# all we keep; the quartic coefficient $b$ is positive (so $F$ is bounded below) and, to the same
# order, constant. The equilibrium state minimises $F$: above $T_c$ ($a > 0$) the minimum is
# $m^\ast = 0$, and below ($a < 0$) there are two minima,
#
# $$
# m^\ast(T) = \pm\sqrt{\frac{a_0\,(T_c - T)}{b}} \ \propto\ (T_c - T)^{\beta}, \qquad \beta = \tfrac12 .
# $$ (mstar)
#
# The order parameter rises continuously from zero as $T$ drops below $T_c$ (a *continuous*, or
# second-order, transition). The power of $T_c - T$ is a *critical exponent*, called $\beta$
# (not to be confused with an inverse temperature); Landau's theory gives $\beta = \tfrac12$,
# whatever $a_0$ and $b$ are.
#
# :::{admonition} Derivation: the equilibrium order parameter and the exponent $\beta = \tfrac12$
# :class: dropdown
# The stationary points solve $\partial F/\partial m = a m + b m^3 = m\,(a + b m^2) = 0$: $m = 0$,
# and, when $a < 0$, $m = \pm\sqrt{-a/b}$. The curvature $\partial^2 F/\partial m^2 = a + 3bm^2$
# is $a$ at $m = 0$ and $a + 3b(-a/b) = -2a$ at $m^2 = -a/b$. So above $T_c$ ($a > 0$) the only
# minimum is $m = 0$; below ($a < 0$), $m = 0$ is a maximum and $m = \pm\sqrt{-a/b}$, which is
# {eq}`mstar` with $a = a_0(T - T_c)$, are the two minima, with $F(m^\ast) = -a^2/(4b)$.
# :::
#
# The chapter uses the units $a_0 = b = T_c = 1$ and checks {eq}`mstar` against a brute-force
# minimisation of $F$ on a fine grid of $m$, at temperatures on both sides of $T_c$:

# %%
m_grid = np.linspace(-2.0, 2.0, 400_001)
for T in (0.5, 0.8, 0.99, 1.2):
    a = T - 1.0                                          # a₀ = T_c = 1
    brute = abs(m_grid[np.argmin(LD.free_energy(m_grid, a, 1.0))])
    print(f"T = {T:4}: argmin of F on the grid {brute:.4f},  eq. (mstar) {float(LD.equilibrium(a, 1.0)):.4f}")

# %% [markdown]
# {numref}`fig-ch10-landscape` shows the free energy on both sides of the transition and the
# equilibrium order parameter {eq}`mstar` it implies.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Left: the Landau free energy F(m) of eq. (landau) below, at and above the critical temperature (a\u2080 = b = $T_c$ = 1). Below $T_c$ it has two minima at \u00b1m*, at $T_c$ its bottom is flat to fourth order, above it has one minimum at m = 0. Right: the equilibrium order parameter m*(T) of eq. (mstar), a square root below $T_c$ and zero above.", "name": "fig-ch10-landscape"}} tags=["hide-input"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.0, 3.2), layout="constrained")
m_plot = np.linspace(-1.0, 1.0, 201)
for T, color in ((0.7, "blue"), (1.0, "grey"), (1.3, "vermillion")):
    ax1.plot(m_plot, LD.free_energy(m_plot, T - 1.0, 1.0), color=COLORS[color], label=f"T = {T}")
ax1.set(xlabel="order parameter m", ylabel="F(m, T)", ylim=(-0.06, 0.12))
ax1.legend(fontsize=8)
T_plot = np.linspace(0.4, 1.4, 201)
ax2.plot(T_plot, LD.equilibrium(T_plot - 1.0, 1.0), color=COLORS["blue"])
ax2.axvline(1.0, color=COLORS["grey"], lw=0.8, ls=":")
ax2.set(xlabel="temperature T", ylabel="equilibrium m*")
plt.show()

# %% [markdown]
# A real magnet does not follow {eq}`mstar` close to
# $T_c$: fluctuations, left out of Landau's theory, change the exponent. We return to that at the
# end; until then the data come from Landau's theory itself, so that we can tell the failures of
# the models from the failures of the theory.
#
# ## Relaxation by gradient flow
#
# Prepare the magnet with a small magnetisation $m_0$ and let it evolve. The simplest dynamics
# consistent with {eq}`landau` lets $m$ slide down the free energy, at a rate set by a kinetic
# coefficient $\Gamma > 0$:
#
# $$
# \frac{dm}{dt} = -\Gamma\,\frac{\partial F}{\partial m} = -\Gamma\,\bigl(a\,m + b\,m^3\bigr) .
# $$ (flow)
#
# This is the gradient flow of chapter 1 ({ref}`ch-loss-landscapes`) with $F$ as the loss: $F$
# decreases along every trajectory, $dF/dt = -\Gamma\,(\partial F/\partial m)^2 \le 0$. In the
# theory of dynamic critical phenomena it is "model A" without its noise term
# {cite}`ch10-hohenberg1977theory`: the order parameter is not conserved, and it relaxes locally.
# Equation {eq}`flow` has a closed-form solution: from $m(0) = m_0$,
#
# $$
# m(t) = \frac{m_0}{\sqrt{e^{x} + 2\Gamma b\,m_0^2\,t\;\varphi(x)}}, \qquad x = 2\Gamma a t,
# \qquad \varphi(x) = \frac{e^x - 1}{x}\ \ (\varphi(0) = 1) .
# $$ (relaxation)
#
# :::{admonition} Derivation: the closed-form relaxation $m(t)$
# :class: dropdown
# Equation {eq}`flow` is a *Bernoulli equation*, $\dot m = p\,m + q\,m^3$, which a change of
# variable makes linear. For $m\neq 0$ put $u = m^{-2}$; then
# $\dot u = -2m^{-3}\dot m = 2\Gamma\,(a\,m^{-2} + b) = 2\Gamma a\,u + 2\Gamma b$, which is *linear*.
# Its solution with $u(0) = m_0^{-2}$ is
#
# $$
# u(t) = e^{2\Gamma a t}\,m_0^{-2} + 2\Gamma b\,\frac{e^{2\Gamma a t} - 1}{2\Gamma a} ,
# $$
#
# and with $x = 2\Gamma a t$ the last fraction is $t\,(e^x - 1)/x = t\,\varphi(x)$. Multiplying by
# $m_0^2$ gives $m_0^2/m^2 = e^x + 2\Gamma b\,m_0^2\,t\,\varphi(x)$, which is {eq}`relaxation`.
# Since $\varphi(x)\to 1$ as $x\to 0$, the formula is continuous through $a = 0$. For $a > 0$ the
# numerator and denominator can be multiplied by $e^{-x/2}$, which avoids the overflow of $e^x$ at
# long times; {func}`physml.landau.relaxation` does so. The sign of $m_0$ is kept, and $m_0 = 0$
# stays at 0.
# :::
#
# Here is {eq}`relaxation` in a few lines, checked against {func}`physml.landau.relaxation` and
# against scipy's adaptive Runge–Kutta integrator DOP853 at tight tolerances, which knows nothing
# of the closed form, at one temperature in each phase and at $T_c$:

# %%
def relax(m0, t, a, b, gamma=1.0):
    """m(t) of dm/dt = −Γ(a m + b m³), m(0) = m0: eq. (relaxation) (moderate Γ a t only)."""
    x = 2 * gamma * a * t
    phi = np.where(x == 0, 1.0, np.expm1(x) / np.where(x == 0, 1.0, x))
    return m0 / np.sqrt(np.exp(x) + 2 * gamma * b * m0**2 * t * phi)


t_check = np.linspace(0.0, 30.0, 61)
for T in (0.7, 1.0, 1.3):
    a = T - 1.0
    ode = solve_ivp(lambda s, y: -(a * y + y**3), (0, 30), [0.1], t_eval=t_check, method="DOP853",
                    rtol=1e-12, atol=1e-14).y[0]
    page, lib = relax(0.1, t_check, a, 1.0), LD.relaxation(0.1, t_check, a, 1.0)
    print(f"T = {T}: largest |page − physml| = {np.abs(page - lib).max():.0e} (round-off),  "
          f"|closed form − DOP853| < 1e-10: {np.abs(lib - ode).max() < 1e-10}")

# %% [markdown]
# ### The relaxation time and critical slowing down
#
# Once $m$ is close to its equilibrium value, the deviation $\delta m = m - m^\ast$ decays
# exponentially, $\delta m\propto e^{-t/\tau}$, with the *relaxation time*
#
# $$
# \tau(T) = \frac{1}{\Gamma a_0\,(T - T_c)}\ \ (T > T_c), \qquad
# \tau(T) = \frac{1}{2\Gamma a_0\,(T_c - T)}\ \ (T < T_c).
# $$ (tau)
#
# Both diverge as $|T - T_c|^{-1}$: near the transition the free energy becomes flat at its
# minimum, the restoring force vanishes, and the system takes longer and longer to settle. This
# divergence is called *critical slowing down*. At equal distance from $T_c$ the ordered side
# relaxes twice as fast, because its minimum is twice as curved; $b$ drops out.
#
# :::{admonition} Derivation: the relaxation time on both sides of $T_c$
# :class: dropdown
# Expand $\partial F/\partial m$ about the minimum: $\partial F/\partial m\,(m^\ast + \delta m)
# = F''(m^\ast)\,\delta m + O(\delta m^2)$, since $F'(m^\ast) = 0$. Then {eq}`flow` becomes
# $\dot{\delta m} = -\Gamma F''(m^\ast)\,\delta m$, so $\delta m \propto e^{-t/\tau}$ with
# $1/\tau = \Gamma F''(m^\ast)$. From the derivation of {eq}`mstar`, $F''(0) = a = a_0(T - T_c)$
# above $T_c$ and $F''(m^\ast) = -2a = 2a_0(T_c - T)$ below, which gives {eq}`tau`.
# :::
#
# At $T_c$ itself the relaxation time is infinite, and the decay is not exponential at all but a
# power law that at late times forgets $m_0$:
#
# $$
# m(t) = \frac{m_0}{\sqrt{1 + 2\Gamma b\,m_0^2\,t}} \ \longrightarrow\ \frac{1}{\sqrt{2\Gamma b\,t}}
# \quad (t \gg 1/(\Gamma b m_0^2)).
# $$ (powerlaw)
#
# :::{admonition} Derivation: the power law at $T_c$
# :class: dropdown
# At $a = 0$ the linear term is gone, and {eq}`flow` is $\dot m = -\Gamma b m^3$. With $u = m^{-2}$,
# $\dot u = 2\Gamma b$, so $u = m_0^{-2} + 2\Gamma b t$, the $a\to0$ limit of {eq}`relaxation`
# ($x = 0$, $\varphi = 1$), and $m = u^{-1/2}$ is {eq}`powerlaw`. Once $2\Gamma b\,m_0^2\,t \gg 1$
# the 1 under the root is negligible and $m_0$ cancels.
# :::
#
# We measure $\tau$ as the late-time decay time of $|m - m^\ast|$: the slope of its logarithm
# between 10 and 14 predicted relaxation times, on the closed form:

# %%
def measured_tau(T, m0=0.1, gamma=1.0):
    """−1/slope of log|m − m*| between 10τ and 14τ (τ from eq. (tau)), on the exact m(t)."""
    a = T - 1.0
    tau = float(LD.relaxation_time(a, gamma))
    t = np.linspace(10 * tau, 14 * tau, 41)
    slope = np.polyfit(t, np.log(np.abs(LD.relaxation(m0, t, a, 1.0, gamma) - LD.equilibrium(a, 1.0))), 1)[0]
    return -1.0 / slope


print("    T     τ measured   eq. (tau)   τ·|T − T_c|")
for T in (0.6, 0.8, 0.9, 0.95, 1.05, 1.1, 1.2, 1.4):
    tau = measured_tau(T)
    print(f"{T:5.2f}   {tau:9.3f}   {float(LD.relaxation_time(T - 1.0)):9.3f}   {tau * abs(T - 1.0):9.3f}")

# %% [markdown]
# The measured times agree with {eq}`tau` to four figures, $\tau\,|T - T_c|$ is $\tfrac12$ on the
# ordered side and $1$ on the disordered one, and the relaxation time grows without bound at
# $T_c$. At $T_c$ itself we check {eq}`powerlaw`: the logarithmic slope of $m(t)$ at late times,
# and $m\sqrt{2\Gamma b t}$, which should approach 1 from any start:

# %%
t_late = np.geomspace(1e3, 1e6, 31)
for m0 in (0.1, 1.0):
    m_c = LD.relaxation(m0, t_late, 0.0, 1.0)
    slope = np.polyfit(np.log(t_late), np.log(m_c), 1)[0]
    print(f"m0 = {m0}: slope of log m against log t = {slope:.3f};  m·√(2Γbt) at t = 10⁶: "
          f"{m_c[-1] * np.sqrt(2e6):.4f}")

# %% [markdown]
# {numref}`fig-ch10-relaxation` draws the trajectories that the rest of the chapter learns from.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Left: relaxation m(t) from m\u2080 = 0.1, eq. (relaxation), at temperatures below, at and above $T_c$ = 1. Below $T_c$ the order parameter grows to its equilibrium value m*(T) (dotted), the more slowly the closer T is to $T_c$; above, it decays to zero. Right: the same at $T_c$ on logarithmic axes, from two starts; both approach the power law 1/\u221a(2\u0393bt) of eq. (powerlaw) (dashed).", "name": "fig-ch10-relaxation"}} tags=["hide-input"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.0, 3.2), layout="constrained")
t_plot = np.linspace(0.0, 60.0, 301)
for T, color in ((0.6, "blue"), (0.8, "sky"), (0.95, "green"), (1.0, "grey"), (1.1, "orange"),
                 (1.3, "vermillion")):
    ax1.plot(t_plot, LD.relaxation(0.1, t_plot, T - 1.0, 1.0), color=COLORS[color], label=f"T = {T}")
    if T < 1:
        ax1.axhline(float(LD.equilibrium(T - 1.0, 1.0)), color=COLORS[color], ls=":", lw=0.8)
ax1.set(xlabel="time t", ylabel="m(t)")
ax1.legend(fontsize=7, ncol=2)
t_log = np.geomspace(0.1, 1e6, 200)
for m0, ls in ((0.1, "-"), (1.0, "-.")):
    ax2.loglog(t_log, LD.relaxation(m0, t_log, 0.0, 1.0), ls, color=COLORS["blue"], label=f"m₀ = {m0}")
ax2.loglog(t_log[t_log > 1], 1 / np.sqrt(2 * t_log[t_log > 1]), "--", color=COLORS["grey"], label="1/√(2Γbt)")
ax2.set(xlabel="time t", ylabel="m(t) at $T = T_c$")
ax2.legend(fontsize=8)
plt.show()

# %% [markdown]
# :::{admonition} Checkpoint
# :class: tip
# A magnet with $\Gamma a_0 = 1$ per second and $T_c = 1$ relaxes at $T = 0.95$ and at $T = 1.05$.
# Which relaxes faster, and by how much? How long until a disturbance has shrunk by a factor
# $e^{3}$ at $T = 0.99$?
#
# ```{dropdown} Answer
# By {eq}`tau`, $\tau(0.95) = 1/(2\times0.05) = 10$ s and $\tau(1.05) = 1/0.05 = 20$ s: the ordered
# side is twice as fast, because $F''(m^\ast) = -2a$ there. At $T = 0.99$, $\tau = 50$ s, and a
# factor $e^3$ takes three relaxation times, 150 s.
# ```
# :::
#
# ## Training data from the ordered phase
#
# The experiment: at nine temperatures from $0.5$ to $0.9$, all below $T_c = 1$, the magnet is
# prepared at $m_0 = 0.1$ and its order parameter is recorded at the times $t = 0, 1, \dots, 30$
# with a measurement noise of standard deviation $0.005$ (independent Gaussian errors;
# {func}`physml.landau.trajectories`). Nothing in the data comes from above $0.9$. The *test*
# temperatures run from $0.4$ to $1.5$, across the transition.

# %%
T_train = np.linspace(0.5, 0.9, 9)
times = np.arange(31.0)
M0, NOISE = 0.1, 0.005
data = LD.trajectories(T_train, times, key=jax.random.key(100), m0=M0, noise=NOISE)
T_test = np.linspace(0.4, 1.5, 45)
truth = LD.trajectories(T_test, times, key=jax.random.key(0), m0=M0)          # noise 0: the exact m(t)
print("training data:", data.shape, "(temperatures × times);  m at t = 30 runs from",
      f"{data[-1, -1]:.2f} (T = 0.9) to {data[0, -1]:.2f} (T = 0.5)")

# %% [markdown]
# ## Two black boxes
#
# A black-box model learns the map from inputs to outputs with no knowledge of where the data
# came from. We try two, so that the lesson is not about one architecture
# ({mod}`physml.landau`, both trained by full-batch Adam {cite}`ch10-kingma2015adam` on the mean
# squared error, inputs and outputs scaled to order one):
#
# - **An MLP conditioned on temperature** ({func}`~physml.landau.fit_mlp`): $m(t; T) \approx
#   f_\theta(T, t)$, a two-hidden-layer tanh network of width 32 ({ref}`primer-mlp`), 2000 steps.
# - **A recurrent network** ({func}`~physml.landau.fit_gru`): a gated recurrent unit (GRU)
#   {cite}`ch10-cho2014learning` with 16 hidden units, a sequence model that steps a state
#   forward in time. At each step it reads $(m_k, T)$ and updates a hidden vector $h_k$ of 16
#   numbers through two *gates*: vectors of numbers between 0 and 1, computed from the input and
#   the old $h$ by a sigmoid layer, which decide component by component how much of the old $h$ to
#   keep and how much to overwrite with a new candidate (a tanh layer). A linear read-out of $h$
#   gives the increment $m_{k+1} - m_k$; $h_0$ is computed from $(m_0, T)$. It is trained on its
#   own free-running roll-out from $m_0$ over the 30 steps (each predicted $m$ fed back as the
#   next input), 800 steps of Adam.
#
# Both see exactly the data above, three times each with different initial weights:

# %%
mlps = [LD.fit_mlp(T_train, times, data, key=jax.random.key(seed), n_steps=2000) for seed in range(3)]
grus = [LD.fit_gru(T_train, times, data, key=jax.random.key(seed), m0=M0, n_steps=800) for seed in range(3)]
inside = (T_test >= 0.5) & (T_test <= 0.9)
above = T_test > 1.0
print(f"true m(t = 30) above T_c: at most {truth[above, -1].max():.2f} (T = {T_test[above][0]}), "
      f"below 0.01 from T = 1.075 on: {truth[T_test >= 1.075, -1].max() < 0.01}")
for name, models in (("MLP", mlps), ("GRU", grus)):
    for seed, model in enumerate(models):
        pred = model.predict(T_test, times)
        rms = np.sqrt(np.mean((pred[inside] - truth[inside]) ** 2))
        print(f"{name}, seed {seed}: rms error in the training window below 0.01: {rms < 0.01};  "
              f"some |m(t = 30) − truth| above T_c exceeds 0.1: {np.abs(pred[above, -1] - truth[above, -1]).max() > 0.1}")

# %% [markdown]
# Inside the training window all six models are good: their root-mean-square error against the
# exact $m(t)$ is below $0.01$, about the size of the noise (0.005), on values of $0.1$ to $0.7$.
# Above $T_c$ the truth is a decay to zero: at $t = 30$ the exact $m$ is at most $0.04$ (just above
# $T_c$, where the relaxation is slow) and below $0.01$ from $T = 1.075$ on. Every model is off by
# more than $0.1$ somewhere above $T_c$, and {numref}`fig-ch10-blackbox` shows by how much: the
# predictions spread over tenths, of either sign, the size of the ordered-phase magnetisation
# itself. (The cell prints bounds, not the numbers themselves, because these depend on the last
# bits of the arithmetic: a network trained for thousands of steps amplifies round-off, one more
# sign that its answer outside the data is arbitrary.)

# %%
fit = LD.fit_landau_ode(T_train, times, data, m0=M0)       # the structured model of the next section
mlp_pred = np.array([m.predict(T_test, times) for m in mlps])       # (seed, temperature, time)
gru_pred = np.array([m.predict(T_test, times) for m in grus])
fit_pred = fit.predict(T_test, times)

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Left: m(t) at T = 0.7 (inside the training window) and T = 1.2 (above $T_c$, never seen), the truth (grey), the three MLPs (blue, dashed), the three GRUs (orange, dash-dotted) and the structured Landau model of the next section (green, dotted). Right: m at t = 30 against temperature; the training temperatures are shaded and their data drawn as dots. Inside the window all models agree with the truth; outside it the black boxes fan out, and none of them knows that m vanishes above $T_c$.", "name": "fig-ch10-blackbox"}} tags=["hide-input"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.4, 3.4), layout="constrained")
for T in (0.7, 1.2):
    i = int(np.argmin(np.abs(T_test - T)))
    ax1.plot(times, truth[i], color=COLORS["grey"], lw=2.5, alpha=0.6)
    for k in range(3):
        ax1.plot(times, mlp_pred[k, i], "--", color=COLORS["blue"], lw=1)
        ax1.plot(times, gru_pred[k, i], "-.", color=COLORS["orange"], lw=1)
    ax1.plot(times, fit_pred[i], ":", color=COLORS["green"], lw=2)
    ax1.annotate(f"T = {T_test[i]:.2f}", (30, truth[i, -1]), xytext=(-40, 8), textcoords="offset points", fontsize=8)
ax1.set(xlabel="time t", ylabel="m(t)")
ax2.axvspan(0.5, 0.9, color=COLORS["grey"], alpha=0.15, lw=0)
ax2.plot(T_test, truth[:, -1], color=COLORS["grey"], lw=2.5, alpha=0.6, label="truth")
for k in range(3):
    ax2.plot(T_test, mlp_pred[k, :, -1], "--", color=COLORS["blue"], lw=1, label="MLP" if k == 0 else None)
    ax2.plot(T_test, gru_pred[k, :, -1], "-.", color=COLORS["orange"], lw=1, label="GRU" if k == 0 else None)
ax2.plot(T_test, fit_pred[:, -1], ":", color=COLORS["green"], lw=2, label="Landau model")
ax2.plot(T_train, data[:, -1], "o", color="k", ms=3, label="data")
ax2.axvline(1.0, color=COLORS["grey"], lw=0.8, ls=":")
ax2.set(xlabel="temperature T", ylabel="m(t = 30)")
ax2.legend(fontsize=7, loc="lower left")
plt.show()

# %% [markdown]
# Nothing is wrong with the training: all six fit their data, and the three seeds of each
# architecture give three *different* wrong answers above $T_c$. The data do not contain the
# answer. Each model represents a smooth function of $T$ (the MLP) or a smooth update rule
# conditioned on $T$ (the GRU), and any such function that fits the ordered phase is a valid
# solution of the training problem. Outside the data it continues along its own *inductive bias*,
# the preferences built into its architecture and its training, which know nothing of phase
# transitions. A zero order parameter above a sharp threshold is not something a smooth fit
# produces by accident; more training or a larger network would change which wrong answer we get,
# not the fact that nothing in the data selects the right one.
#
# ## A neural ODE with a Landau vector field
#
# A *neural ODE* {cite}`ch10-chen2018neural` models a time series as the solution of
# $\dot m = f_\theta(m, T)$ and fits the parameters $\theta$ of the vector field by differentiating
# through the ODE solver. The physics goes into the form of $f_\theta$. Here it is the gradient
# flow {eq}`flow` of a Landau free energy with learnable coefficients,
#
# $$
# \frac{dm}{dt} = -\Gamma\,\frac{\partial F_\theta}{\partial m}, \qquad
# F_\theta(m, T) = \tfrac12\,a_0\,(T - T_c)\,m^2 + \tfrac14\,b\,m^4, \qquad
# \theta = (\log a_0,\ T_c,\ \log b),
# $$ (structured)
#
# with $\Gamma = 1$ known (only the products $\Gamma a_0$, $\Gamma b$ are identifiable from
# trajectories). The logarithms keep $a_0$ and $b$ positive without constraints. $T_c$ is a
# parameter like any other; nothing tells the model that it lies outside the data.
#
# Why should ordered-phase data determine $T_c$ at all? Because the form ties the temperatures
# together: by {eq}`mstar`, $m^{\ast 2} = (a_0/b)(T_c - T)$ is a *straight line* in $T$, and its
# root is $T_c$. The late values of the data already show it. A straight-line fit of $m(t = 30)^2$
# against $T$ is a first, crude extrapolation: crude because it uses one time point per run, and
# because the run at $T = 0.9$, where $\tau = 5$, has not quite reached equilibrium at $t = 30$
# (it spends the first few relaxation times growing from $m_0 = 0.1$; exercise 1):

# %%
slope, intercept = np.polyfit(T_train, data[:, -1] ** 2, 1)
print(f"m(30)² against T: slope {slope:.2f}, root T_c ≈ {-intercept / slope:.3f}")

# %% [markdown]
# The neural ODE uses every time point instead of the last one. On the page:
#
# - the vector field by `jax.grad` of $F_\theta$;
# - its roll-out by the classical fourth-order Runge–Kutta step of {ref}`ch-symplectic`
#   ({func}`physml.integrators.rk4_step`), four steps between consecutive observations;
# - the residuals $r(\theta)$ (model minus data, $9\times31 = 279$ numbers) and their Jacobian
#   $J = \partial r/\partial\theta$ by forward-mode differentiation through the solver
#   (`jax.jacfwd`): forward mode pushes one tangent per parameter through the computation together
#   with the values themselves, so for three parameters it is cheap, and one compiled function
#   returns both $r$ and $J$;
# - the least-squares fit by the Levenberg–Marquardt method
#   {cite}`ch10-levenberg1944method,ch10-marquardt1963algorithm` in scipy, started from the
#   straight-line estimate above. Levenberg–Marquardt minimises $\lVert r(\theta)\rVert^2$ by
#   repeatedly linearising $r$ and solving $(J^\top J + \lambda D)\,\delta\theta = -J^\top r$ for the
#   step, with $D$ a diagonal scaling and a damping $\lambda$ that it raises when a step fails (short,
#   gradient-descent-like steps) and lowers when steps succeed (the fast Gauss–Newton steps of a
#   nearly linear problem).

# %%
def landau_field(theta, T):
    """m ↦ −∂F_θ/∂m, eq. (structured) with Γ = 1, one m per temperature in T."""
    a0, Tc, b = jnp.exp(theta[0]), theta[1], jnp.exp(theta[2])
    F = lambda m: jnp.sum(0.5 * a0 * (T - Tc) * m**2 + 0.25 * b * m**4)
    return lambda m: -jax.grad(F)(m)


def roll_out(theta, T, t, m0, substeps=4):
    """RK4 from m0 at t[0], `substeps` steps per interval; m(t) with shape (len(T), len(t))."""
    f = landau_field(theta, T)

    def interval(m, dt):
        for _ in range(substeps):
            m = rk4_step(f, m, dt / substeps)
        return m, m

    start = jnp.full(T.shape, m0)
    _, ms = jax.lax.scan(interval, start, jnp.diff(t))
    return jnp.concatenate([start[None, :], ms]).T


def residuals(theta):
    r = (roll_out(theta, T_train, times, M0) - data).ravel()
    return r, r                                 # the second r rides along as jacfwd's auxiliary output


jacobian_and_residuals = jax.jit(jax.jacfwd(residuals, has_aux=True))   # one compilation for both
theta0 = np.array([0.0, -intercept / slope, np.log(-1.0 / slope)])        # a₀ = 1, T_c, b = a₀/(−slope)
solution = scipy.optimize.least_squares(lambda th: np.asarray(jacobian_and_residuals(th)[1]), theta0,
                                        jac=lambda th: np.asarray(jacobian_and_residuals(th)[0]), method="lm")
a0_page, Tc_page, b_page = np.exp(solution.x[0]), solution.x[1], np.exp(solution.x[2])
print(f"on the page: a₀ = {a0_page:.3f}, T_c = {Tc_page:.4f}, b = {b_page:.3f}  ({solution.nfev} evaluations)")
print(f"physml.landau.fit_landau_ode: T_c = {fit.critical_temperature:.4f} ± {fit.stderr['critical_temperature']:.4f};"
      f"  the two agree to 1e-6: {abs(Tc_page - fit.critical_temperature) < 1e-6}")

# %% [markdown]
# From data that stop at $T = 0.9$ the model places the transition at $T_c = 0.9989 \pm 0.0006$
# (true: 1, about two standard errors away). The uncertainty is the *standard error* of the
# least-squares fit: the standard deviation that the estimate would have over repetitions of the
# experiment with fresh noise, computed from the Jacobian at the optimum and the size of the
# residuals (derivation below; the next cells test it by repeating the experiment).
#
# :::{admonition} Derivation: the standard errors of a least-squares fit
# :class: dropdown
# Let the data be $y = g(\theta^\ast) + \varepsilon$ with independent errors of variance $\sigma^2$,
# and let $\hat\theta$ minimise $\lVert y - g(\theta)\rVert^2$. Near the optimum
# $g(\theta)\approx g(\hat\theta) + J(\theta - \hat\theta)$, with $J = \partial g/\partial\theta$ the
# Jacobian of the residuals. The fit is then a linear least-squares problem, whose solution
# $(J^\top J)^{-1}J^\top y$ has the covariance $\sigma^2 (J^\top J)^{-1}$. With $\sigma^2$ estimated
# from the residuals, $s^2 = \lVert y - g(\hat\theta)\rVert^2/(N - 3)$ for $N$ data and three
# parameters, the standard errors are the square roots of the diagonal of $s^2 (J^\top J)^{-1}$,
# transformed from $(\log a_0, T_c, \log b)$ to $(a_0, T_c, b)$ by the chain rule. Two assumptions
# enter: the linearisation (fine when the errors are small) and a *correct model*: if the model
# cannot represent the truth, the residuals contain the misfit, and the standard error no longer
# measures the distance to the truth. The last section meets this.
# :::
#
# ### Which ODE solver
#
# Neural ODEs in JAX are usually solved with a library such as diffrax
# {cite}`ch10-kidger2021neural`, which offers *adaptive* step sizes (an error estimate at every
# step shrinks the step where the solution changes fast and stretches it where it does not) and
# several ways to differentiate through the solver. This problem does not need them: the equation
# is one-dimensional, smooth and not stiff (its rates $\Gamma\lvert F''\rvert$ are at most about 1
# in the training window, so a step of $0.25$ resolves them easily), and the data come on a fixed
# grid. The fixed-step RK4 roll-out is accurate far below the noise, as the cell below checks at
# the fitted parameters, against the closed form {eq}`relaxation`:

# %%
model_page = np.asarray(jacobian_and_residuals(solution.x)[1]).reshape(data.shape) + data   # the roll-out at θ̂
exact = LD.relaxation(M0, times, (a0_page * (T_train - Tc_page))[:, None], b_page)
print(f"RK4, 4 substeps per interval: largest error against eq. (relaxation) {np.abs(model_page - exact).max():.0e}"
      f"  (noise: {NOISE})")

# %% [markdown]
# It is also cheaper. An optional benchmark script, not run with the book, repeats this fit with
# diffrax 0.7.2 (its Tsit5 solver with adaptive steps, derivatives in forward mode) and with
# {func}`physml.landau.fit_landau_ode`, each in a fresh process. Measured by
# `tools/benchmark_landau_ode.py` on a 2-core laptop CPU, the first diffrax fit (compilation
# included) took 6.8 s and each further one 5.9 ms; the first RK4 fit took 1.3 s and each further
# one 2.6 ms. Both find the same $T_c$ to six digits. Compilation is what a reader waits for, so
# the book uses RK4 ({func}`physml.landau.fit_landau_ode`, {func}`physml.landau.rollout`) and
# needs no extra package. An adaptive solver earns its cost on stiff systems, on long or irregular time grids,
# and, with the adjoint method, on large networks.
#
# ### How well is $T_c$ determined?
#
# The standard error is a prediction of the scatter of the estimate over repetitions of the
# experiment. We repeat it: eight independent noise draws at each of four noise levels, each
# fitted by {func}`~physml.landau.fit_landau_ode`:

# %%
print(" noise     mean T_c    scatter over seeds   mean standard error")
tc_table = {}
for noise in (0.001, 0.003, 0.01, 0.03):
    fits = [LD.fit_landau_ode(T_train, times, LD.trajectories(T_train, times, key=jax.random.key(1000 + s),
                                                              m0=M0, noise=noise), m0=M0) for s in range(8)]
    tcs = np.array([f.critical_temperature for f in fits])
    errs = np.array([f.stderr["critical_temperature"] for f in fits])
    tc_table[noise] = (tcs, errs)
    print(f"{noise:6}    {tcs.mean():.4f}       {tcs.std(ddof=1):.1e}             {errs.mean():.1e}")

# %% [markdown]
# At every noise level the eight estimates scatter about the true $T_c = 1$ by about the reported
# standard error, and both grow in proportion to the noise: a tenfold noisier experiment
# locates the transition ten times less precisely, but without bias. (With eight seeds the
# scatter is itself uncertain by about 25 %.)
#
# ### What the model predicts above $T_c$
#
# The fitted model *is* a Landau theory, so it predicts everything the theory does: $m^\ast = 0$
# above its $T_c$, the relaxation time {eq}`tau` with the fitted $a_0$ and $T_c$, and its
# divergence. We test the relaxation time against new, noise-free runs at temperatures the model
# never saw, measured as before from the late-time decay:

# %%
print("    T     τ predicted   τ measured")
for T in (0.95, 0.98, 1.02, 1.05, 1.1, 1.3, 1.5):
    print(f"{T:5.2f}   {float(fit.relaxation_time(T)):9.1f}   {measured_tau(T):9.1f}")
print("predicted m* above T_c:", np.unique(fit.equilibrium(np.linspace(1.0, 1.5, 11))))

# %% [markdown]
# The predictions hold to a few percent far from $T_c$. Close to it, the relative error grows,
# because $\tau \propto 1/|T - T_c|$ magnifies the small error of the fitted $T_c$: at
# $T = 1.02$, an error of $0.001$ in $T_c$ is a 5 % error in $\tau$. {numref}`fig-ch10-prediction`
# shows the two predictions across the transition.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The structured model's predictions across the transition, from ordered-phase data only (training window shaded). Left: the equilibrium order parameter m*(T), fitted (blue) and true (grey, dashed), with the data at t = 30 (dots). Right: the relaxation time \u03c4(T), predicted (blue), the truth eq. (tau) (grey, dashed) and measured on noise-free runs (circles): critical slowing down predicted from one side of the transition.", "name": "fig-ch10-prediction"}} tags=["hide-input"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.0, 3.2), layout="constrained")
T_fine = np.linspace(0.4, 1.5, 441)
for ax in (ax1, ax2):
    ax.axvspan(0.5, 0.9, color=COLORS["grey"], alpha=0.15, lw=0)
ax1.plot(T_fine, LD.equilibrium(T_fine - 1.0, 1.0), "--", color=COLORS["grey"], lw=2, label="truth")
ax1.plot(T_fine, fit.equilibrium(T_fine), color=COLORS["blue"], label="fitted Landau model")
ax1.plot(T_train, data[:, -1], "o", color="k", ms=3, label="data, t = 30")
ax1.set(xlabel="temperature T", ylabel="equilibrium m*")
ax1.legend(fontsize=8)
tau_fit = fit.relaxation_time(T_fine)
ax2.semilogy(T_fine, np.where(tau_fit < 1e3, tau_fit, np.nan), color=COLORS["blue"], label="predicted")
tau_true = LD.relaxation_time(T_fine - 1.0)
ax2.semilogy(T_fine, np.where(tau_true < 1e3, tau_true, np.nan), "--", color=COLORS["grey"], label="truth")
T_meas = np.array([0.6, 0.8, 0.95, 0.98, 1.02, 1.05, 1.1, 1.3, 1.5])
ax2.semilogy(T_meas, [measured_tau(T) for T in T_meas], "o", mfc="none", color="k", label="measured")
ax2.set(xlabel="temperature T", ylabel="relaxation time τ", ylim=(0.3, 1e3))
ax2.legend(fontsize=8)
plt.show()

# %% [markdown]
# :::{admonition} Checkpoint
# :class: tip
# The black boxes and the Landau model were trained on the same numbers. What did the Landau model
# know that they did not, and which single assumption is responsible for the extrapolation of
# $T_c$?
#
# ```{dropdown} Answer
# It knew the *form* of the dynamics: a gradient flow of a free energy with only $m^2$ and $m^4$
# terms, whose quadratic coefficient is linear in $T$. Its three parameters are the same at all
# temperatures, so the data at $T = 0.5, \dots, 0.9$ pin down one straight line $a(T)$, and the
# transition is where that line crosses zero. The assumption that carries the extrapolation is the
# linear $a(T)$ (together with a constant $b$): it is what connects the ordered phase to the point
# where $m^\ast$ vanishes. If $a(T)$ curved beyond the data, the extrapolated $T_c$ would be wrong,
# however good the fit inside.
# ```
# :::
#
# ## Explore: the training window
#
# How much of the ordered phase does the model need to see? In {numref}`fig-ch10-explorer` the
# training window runs from $T = 0.5$ to an upper edge $T_\text{max}$ that you choose, with six
# temperatures in it; the structured model is refitted at every move. To keep each move to a few
# milliseconds the explorer fits the closed form {eq}`relaxation` of the same model
# ({func}`~physml.landau.fit_landau`) instead of the RK4 roll-out; the two differ by the RK4 error,
# far below the noise, as checked above. The left panel shows the data (the last
# measured $m$ of each run), the fitted $m^\ast(T)$ across the transition and the fitted $T_c$ with
# its standard error; the right panel the predicted relaxation time. Before you move the slider:
# will the error of $T_c$ grow or shrink as the window moves away from $T_c$, and by roughly how
# much from $T_\text{max} = 0.9$ to $0.6$? In JupyterLab you can also change the noise, the noise
# seed, and add a sixth-order term $c$ to the true free energy (the next section).

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The structured model fitted to six relaxation runs at temperatures from 0.5 to $T_\\text{max}$ (slider), noise 0.01. Left: data m(t = 30) (dots), the true m*(T) (dashed) and the fitted one (blue) with the fitted $T_c$ \u00b1 one standard error (red). Right: the true (dashed) and predicted (blue) relaxation time on a logarithmic axis; the vertical grey line is the true $T_c$. The further the window from $T_c$, the longer the extrapolation and the larger its error bar.", "name": "fig-ch10-explorer"}} tags=["hide-input"]
explorer = figures.extrapolation()
explorer.static()

# %% tags=["remove-output"]
explorer.live()

# %% [markdown]
# Here are the two ends of the slider, with the explorer's other settings (noise 0.01, $c = 0$,
# noise seed 0):

# %%
tc_error = {}
for T_max in (0.9, 0.6):
    run = figures.extrapolation_run(T_max=T_max)
    tc_error[T_max] = run.fit.stderr["critical_temperature"]
    print(f"window 0.5–{T_max}: fitted T_c = {run.fit.critical_temperature:.3f} ± {tc_error[T_max]:.4f}, "
          f"{abs(run.fit.critical_temperature - 1.0) / tc_error[T_max]:.1f} standard errors from the truth")
print(f"the error bar grows {tc_error[0.6] / tc_error[0.9]:.0f}-fold")

# %% [markdown]
# The error bar of $T_c$ grows about ninefold as the window recedes from $T_c$, as for any
# extrapolation of a straight line: the lever arm from the data to the root grows (exercise 2).
# The estimates stay within their error bars of the truth, because the assumed form is the truth
# here.
#
# ## The honest limits
#
# Everything so far tested the model against data from its own form. The extrapolation rested on
# that form, and the data cannot confirm it where there are no data. Two kinds of failure are
# instructive: a form that is slightly wrong, and a theory that is wrong near $T_c$.
#
# ### When the assumed form is wrong
#
# We generate data from two free energies that the model cannot represent, and fit them exactly as
# before. The first adds a sixth-order term, $F = \tfrac12 a m^2 + \tfrac14 b m^4 + \tfrac16 c m^6$
# with $c > 0$: the transition is still at $a = 0$, $T_c = 1$, but now $m^{\ast 2}$ solves
# $a + bm^2 + cm^4 = 0$ and is no longer linear in $T$. Its flow has no closed form;
# {func}`physml.landau.trajectories` integrates it by RK4 with a step small enough for a relative
# error of about $10^{-8}$ (the tests compare it with scipy's `solve_ivp`). The second keeps
# $F$ quartic but curves the coefficient, $a(T) = a_0(T - T_c) + a_2(T - T_c)^2$. For each we fit
# at two noise levels, and print the fitted $T_c$ with its standard error, the bias in units of
# that error, the root mean square of the residuals compared with the noise, and the order
# parameter that the fit predicts at $T = 1.01$, just above the true transition:

# %%
print(" true model          noise     fitted T_c       bias/σ   rms residual/noise   m* at T = 1.01")
wrong = {}
for label, kw in (("Landau", {}), ("c = 0.5", dict(c=0.5)), ("c = 1", dict(c=1.0)), ("c = 2", dict(c=2.0)),
                  ("a₂ = +0.5", dict(a2=0.5)), ("a₂ = −0.5", dict(a2=-0.5))):
    for noise in (0.005, 0.0005):
        d = LD.trajectories(T_train, times, key=jax.random.key(7), m0=M0, noise=noise, **kw)
        f = LD.fit_landau_ode(T_train, times, d, m0=M0)
        wrong[label, noise] = (d, f)
        Tc, err = f.critical_temperature, f.stderr["critical_temperature"]
        rms = np.sqrt(np.mean(f.residuals**2))
        print(f"{label:10}  {noise:10}   {Tc:.3f} ± {err:.4f}  {(Tc - 1) / err:6.1f}   {rms / noise:10.1f}"
              f"            {float(f.equilibrium(1.01)):.2f}")

# %% [markdown]
# With the right form (first two rows) the bias is within a standard error or two and the
# residuals are as large as the noise (ratio about 1). With a wrong form the fitted $T_c$ is off
# by 1.4 to 4 % — tens of standard errors — and the direction depends on how the form is wrong. A
# sixth-order term holds the order parameter down where it is large, at low $T$, so $m^{\ast 2}(T)$
# is flatter across the window than near $T_c$; the straight line through the window is too
# shallow and reaches zero too late. The fit places $T_c$ too high and predicts a magnetised
# state at $T = 1.01$, where the truth has none. A curved $a(T)$ acts the same way for $a_2 > 0$
# and the opposite way for $a_2 < 0$. Reducing the noise tenfold does not help: the
# standard error hardly shrinks, because it is computed from the residuals and they are now the
# misfit, not the noise. The bias stays.
#
# The honest diagnostic is in the last column but one: when the noise level of the experiment is
# known, residuals larger than it reveal a wrong model, even though the fit looks good on a plot.
# At the higher noise the excess looks modest (a ratio of 1.4 to 2.1), but it is far outside
# chance. If the model is right and the noise $\sigma$ is known, the sum of squared residuals in
# units of the noise, $\chi^2 = \sum_i r_i^2/\sigma^2$, is a *chi-squared* variable with $N - 3$
# degrees of freedom ($N = 279$ data, three fitted parameters): its mean is $N - 3 = 276$ and its
# standard deviation $\sqrt{2(N - 3)} \approx 23$. A ratio of 1.4 means $\chi^2 \approx 1.4^2 \times 279
# \approx 550$:

# %%
dof = data.size - 3
for label in ("Landau", "c = 0.5", "a₂ = −0.5"):
    chi2 = np.sum(wrong[label, 0.005][1].residuals ** 2) / 0.005**2
    print(f"{label:10}  noise 0.005: χ² = {chi2:4.0f} for {dof} degrees of freedom, "
          f"{(chi2 - dof) / np.sqrt(2 * dof):+5.1f} standard deviations from its mean")

# %% [markdown]
# The correct model's $\chi^2$ is where chance puts it; the wrong models' are ten or more standard
# deviations too large, and a $\chi^2$ test rejects them at any usual level.
# {numref}`fig-ch10-wrong` shows the residuals: with the right form they are noise; with the wrong
# one they have a structure in time that repeats from run to run.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Fitting the Landau form to data it cannot represent (noise 0.0005). Left: the true m*(T) with a sixth-order term c = 1 (grey, dashed) and with a curved a(T), a\u2082 = 0.5 (orange, dashed), and the Landau fits to each (solid): inside the training window (shaded) the fits are good, outside they miss the true transition at T = 1. Right: the residuals (model \u2212 data) of the c = 1 fit at three training temperatures against time; the residuals of the fit to correct Landau data (black dots, T = 0.7) are noise.", "name": "fig-ch10-wrong"}} tags=["hide-input"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.4, 3.3), layout="constrained")
ax1.axvspan(0.5, 0.9, color=COLORS["grey"], alpha=0.15, lw=0)
T_fine2 = np.linspace(0.4, 1.2, 321)
for label, kw, color in (("c = 1", dict(c=1.0), "grey"), ("a₂ = +0.5", dict(a2=0.5), "orange")):
    a_true = (T_fine2 - 1.0) + kw.get("a2", 0.0) * (T_fine2 - 1.0) ** 2
    ax1.plot(T_fine2, LD.equilibrium(a_true, 1.0, kw.get("c", 0.0)), "--", color=COLORS[color], lw=2,
             label=f"truth, {label}")
    ax1.plot(T_fine2, wrong[label, 0.0005][1].equilibrium(T_fine2), color=COLORS[color], label="Landau fit")
ax1.axvline(1.0, color=COLORS["grey"], lw=0.8, ls=":")
ax1.set(xlabel="temperature T", ylabel="equilibrium m*")
ax1.legend(fontsize=7)
res = wrong["c = 1", 0.0005][1].residuals
for i, color in ((0, "blue"), (4, "green"), (8, "vermillion")):
    ax2.plot(times, res[i], color=COLORS[color], label=f"c = 1, T = {T_train[i]:.1f}")
ax2.plot(times, wrong["Landau", 0.0005][1].residuals[4], ".", color="k", ms=3, label="Landau data, T = 0.7")
ax2.axhline(0.0, color=COLORS["grey"], lw=0.8)
ax2.set(xlabel="time t", ylabel="residual (model − data)")
ax2.set_ylim(-0.024, 0.02)
ax2.legend(fontsize=7, loc="lower center", ncol=2)
plt.show()

# %% [markdown]
# The explorer above has the sixth-order term as a control; on the website its effect is in
# {numref}`fig-ch10-explorer-c`, with the noise at 0.01 and the window at $[0.5, 0.9]$.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The explorer of fig. ch10-explorer with a slider over the sixth-order coefficient c of the true free energy (window 0.5 to 0.9, noise 0.01). The fitted $T_c$ moves away from the true one as c grows, and its error bar does not cover the truth.", "name": "fig-ch10-explorer-c"}} tags=["hide-input"]
explorer.static(control="c")

# %% [markdown]
# :::{admonition} Checkpoint
# :class: tip
# A colleague fits the Landau model to her ordered-phase data and reports $T_c = 1.024 \pm 0.001$.
# Her data have a known noise of 0.0005 and the fit's residuals have a root mean square of
# 0.004. What do you tell her, and what would you ask her to measure next?
#
# ```{dropdown} Answer
# Residuals eight times the noise mean the model does not describe the data, so the standard
# error is not a measure of how far $1.024$ is from the truth; the error of $T_c$ is dominated by
# the assumed form (a wrong $a(T)$ or missing higher-order terms), and its size is unknown from
# this fit. Ask for data closer to $T_c$ (where Landau's expansion is most accurate and the lever
# arm of the extrapolation is shorter), try a more flexible form (a sixth-order term, a quadratic
# $a(T)$) and see whether $T_c$ moves, and, if possible, one measurement above $T_c$ to test the
# prediction.
# ```
# :::
#
# ### Mean-field exponents and real transitions
#
# Landau's theory replaces the fluctuating magnetisation by its average: it is a *mean-field*
# theory. Its exponents, $\beta = \tfrac12$ in {eq}`mstar` and $\tau \propto |T - T_c|^{-1}$ in
# {eq}`tau`, are exact only above four dimensions (for magnets like this one). In two and three
# dimensions they fail close to $T_c$, where fluctuations of the magnetisation on all length scales
# change them; how close depends on the material (the Ginzburg criterion
# {cite}`ch10-goldenfeld1992lectures`), and farther from $T_c$ mean-field theory can be a good
# approximation. The
# two-dimensional Ising model, solved exactly by Onsager {cite}`ch10-onsager1944crystal`, has the
# spontaneous magnetisation found by Yang {cite}`ch10-yang1952spontaneous`,
#
# $$
# m(T) = \Bigl(1 - \sinh^{-4}\frac{2J}{k_B T}\Bigr)^{1/8}, \qquad
# \frac{k_B T_c}{J} = \frac{2}{\ln(1 + \sqrt2)} \approx 2.269 ,
# $$ (yang)
#
# so $\beta = \tfrac18$. Its dynamics near $T_c$ are slower than the mean-field law too. Near a
# critical point the spins are correlated over a *correlation length* $\xi \propto |T - T_c|^{-\nu}$
# that diverges, and the relaxation time grows as a power of it, $\tau \propto \xi^{z}$, with a
# *dynamic exponent* $z$; so $\tau \propto |T - T_c|^{-z\nu}$. For the 2D Ising model $\nu = 1$,
# and under model-A dynamics $z \approx 2.17$
# {cite}`ch10-hohenberg1977theory,ch10-nightingale1996dynamic`, so $z\nu \approx 2.17$; mean-field
# theory has $\nu = \tfrac12$ and $z = 2$, the $z\nu = 1$ of {eq}`tau`. These two numbers are quoted
# from the literature, not computed here.
# What does the mean-field form make of the exact magnetisation {eq}`yang`? We fit the
# straight line $m^2 = (a_0/b)(T_c - T)$ to it in two windows, far from and close to $T_c$, and
# read off the exponent from a log-log slope:

# %%
Tc_ising = 2 / np.log(1 + np.sqrt(2))


def yang(T):
    """The exact spontaneous magnetisation of the 2D Ising model, eq. (yang), J = k_B = 1."""
    return np.maximum(1 - np.sinh(2 / T) ** -4, 0.0) ** 0.125


for lo, hi in ((0.5, 0.9), (0.95, 0.99)):
    x = np.linspace(lo, hi, 9) * Tc_ising
    s, c0 = np.polyfit(x, yang(x) ** 2, 1)
    print(f"window T/T_c in [{lo}, {hi}]: mean-field T_c = {-c0 / s / Tc_ising:.3f} T_c")
eps = np.geomspace(1e-6, 1e-4, 5)
beta = np.polyfit(np.log(eps), np.log(yang((1 - eps) * Tc_ising)), 1)[0]
print(f"log-log slope of m against T_c − T close to T_c: β = {beta:.4f} (1/8 = 0.125; Landau: 0.5)")

# %% [markdown]
# Fitted far from $T_c$, the mean-field form puts the transition at almost three times the true
# temperature: the exact magnetisation is flat there and gives the straight line almost no slope.
# Close to $T_c$ it does much better, 8 % too high, because any smooth curve is close to a
# straight line over a short interval; but the exponent it assumes is wrong by a factor of four,
# and the steep drop of the true $m$ in the last percent below $T_c$ is invisible to it.
# {numref}`fig-ch10-ising` compares the two curves.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The exact spontaneous magnetisation of the 2D Ising model, eq. (yang), with exponent \u03b2 = 1/8 (grey), and the mean-field square-root law fitted to it in the window 0.95\u20130.99 $T_c$ (blue, window shaded). The mean-field curve is right in its window and wrong on both sides: far too high well below $T_c$ (a magnetisation above saturation), and its transition is 8 % too high.", "name": "fig-ch10-ising"}} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(6.0, 3.2), layout="constrained")
x_plot = np.linspace(0.3, 1.1, 801)
ax.plot(x_plot, yang(x_plot * Tc_ising), color=COLORS["grey"], lw=2.5, label="2D Ising, exact (β = 1/8)")
x = np.linspace(0.95, 0.99, 9) * Tc_ising
s, c0 = np.polyfit(x, yang(x) ** 2, 1)
ax.plot(x_plot, np.sqrt(np.maximum(s * x_plot * Tc_ising + c0, 0.0)), color=COLORS["blue"],
        label="mean-field fit (β = 1/2)")
ax.axvspan(0.95, 0.99, color=COLORS["grey"], alpha=0.15, lw=0)
ax.set(xlabel="$T / T_c$", ylabel="magnetisation m", ylim=(0, 1.6))
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# A structured model is only as good as its structure. Here that structure is mean-field theory,
# and near a real critical point it predicts the wrong exponents; the renormalisation group
# explains why, and predicts the right ones. The applications part of the book (chapter 11, on
# phases of matter from data) comes back to the two-dimensional Ising model with Monte Carlo data.
#
# ## What to remember
#
# - Landau's free energy $F = \tfrac12 a_0(T - T_c)m^2 + \tfrac14 bm^4$ gives the order parameter
#   $m^\ast = \sqrt{a_0(T_c - T)/b}$ below $T_c$ and 0 above ($\beta = \tfrac12$). Its gradient flow
#   $\dot m = -\Gamma\,\partial F/\partial m$ has the closed-form solution {eq}`relaxation` (a
#   Bernoulli equation), the relaxation time $1/(\Gamma a)$ above and $1/(2\Gamma|a|)$ below $T_c$,
#   diverging at $T_c$ (critical slowing down), and the power law $m\approx(2\Gamma bt)^{-1/2}$ at $T_c$.
# - Black boxes — an MLP of $(T, t)$, a GRU rolled out in time — fit the ordered phase to the noise
#   level and predict nonsense above $T_c$, differently for every seed: the data do not contain the
#   transition, and a smooth interpolant has no reason to produce it.
# - A neural ODE whose vector field is $-\partial F_\theta/\partial m$ learns three numbers from the
#   same data; the transition, $m^\ast = 0$ above it and the divergence of $\tau$ follow from the
#   form. Its $T_c$ comes with a standard error that matches the scatter over repeated experiments.
# - For a one-dimensional, smooth, non-stiff ODE on a fixed grid, fixed-step RK4 with forward-mode
#   derivatives is accurate far below the noise and compiles much faster than an adaptive library
#   solver (`tools/benchmark_landau_ode.py`).
# - The extrapolation is exactly as good as the assumed form. A sixth-order term or a curved $a(T)$
#   shifts $T_c$ by tens of standard errors; more data do not remove the bias. Residuals larger than
#   the known noise are the warning. Mean-field exponents ($\beta = \tfrac12$, $z\nu = 1$) are wrong
#   near real critical points (2D Ising: $\beta = \tfrac18$).
#
# ## Exercises
#
# 1. **The time to order.** Starting from a small $m_0$ at $T < T_c$, show from {eq}`relaxation`
#    that $m$ reaches half its equilibrium value after a time
#    $t_{1/2}\approx \tau\,\ln\bigl(m^{\ast 2}/(3 m_0^2)\bigr)$ when $m_0 \ll m^\ast$, with $\tau$ from
#    {eq}`tau`. Check it with {func}`physml.landau.relaxation` at $T = 0.8$, $m_0 = 10^{-3}$.
#
#    ```{dropdown} Answer
#    With $x = 2\Gamma a t < 0$ and $e^{x}\ll 1$ late enough, {eq}`relaxation` gives
#    $m^{-2} = m_0^{-2}e^{x} + (b/|a|)(1 - e^{x})$. Setting $m^2 = m^{\ast 2}/4 = |a|/(4b)$:
#    $4b/|a| = m_0^{-2}e^{x} + (b/|a|)(1 - e^{x})$, so $e^{x}(m_0^{-2} - b/|a|) = 3b/|a|$ and
#    $e^{-x} = (|a|/(3b m_0^2))(1 - b m_0^2/|a|) \approx m^{\ast 2}/(3m_0^2)$. Since $-x = t/\tau$
#    with $\tau = 1/(2\Gamma|a|)$, $t_{1/2} \approx \tau\ln(m^{\ast2}/(3m_0^2))$. At $T = 0.8$:
#    $\tau = 2.5$, $m^{\ast2} = 0.2$, $t_{1/2}\approx 2.5\ln(66\,667)\approx 27.8$; solving
#    $m(t) = m^\ast/2$ numerically gives the same to three digits.
#    ```
#
# 2. **The lever arm.** For data $y_i = s\,(T_c - T_i)$ (the late values $m^{\ast2}$) with
#    independent errors $\sigma$ at $n$ temperatures spread uniformly over a window of width $w$
#    centred at distance $D$ below $T_c$, the straight-line fit gives a standard error of the root
#    of about $(\sigma/(s\sqrt n))\sqrt{1 + 12D^2/w^2}$. Use it to explain the explorer's error bars
#    as $T_\text{max}$ moves from 0.9 to 0.6.
#
#    ```{dropdown} Answer
#    The root is $T_c = \bar T + \bar y/s$, so $\delta T_c = \delta\bar y/s - (\bar y/s^2)\,\delta s$.
#    With $\mathrm{Var}\,\bar y = \sigma^2/n$, $\mathrm{Var}\,s = \sigma^2/(n\,\mathrm{Var}\,T)$ and
#    $\mathrm{Var}\,T \approx w^2/12$ for a uniform spread, and $\bar y/s = D$: the variance is
#    $(\sigma^2/(ns^2))(1 + 12D^2/w^2)$. With the window from 0.5 to $T_\text{max}$,
#    $w = T_\text{max} - 0.5$ and $D = 1 - (0.5 + T_\text{max})/2$: $\sqrt{1 + 12D^2/w^2}$ is
#    $\approx 2.8$ at $T_\text{max} = 0.9$ and $\approx 15.6$ at 0.6, a factor of about six; the
#    explorer shows about nine. The geometry of the lever arm is the same; two effects make up the
#    rest. The error of $y = m^2$ is $\sigma_y \approx 2m\,\sigma_m$, larger where $m$ is larger
#    ($m \approx 0.67$ throughout the window $[0.5, 0.6]$, against $0.3$ to $0.7$ in $[0.5, 0.9]$),
#    and the full fit uses every time point: the runs close to $T_c$, slow and still changing
#    at $t = 30$, carry information that a narrow window far from $T_c$ lacks.
#    ```
#
# 3. **A more flexible structure.** Add the sixth-order term $\tfrac16 c\,m^6$ (with $c \ge 0$
#    learnable) to $F_\theta$ in the page's `landau_field`, fit the $c = 1$ data of the last section,
#    and compare $T_c$ and its standard error with the quartic fit. What is the price of the extra
#    parameter?
#
#    ```{dropdown} Answer
#    The extended model contains the truth, so its $T_c$ is unbiased and its residuals fall to the
#    noise level: at noise 0.005 it finds $T_c = 1.000 \pm 0.001$ and $c = 1.02 \pm 0.04$ (start the
#    fit from a few values of $c$ and keep the best). The price is precision: $b$ and $c$ both bend
#    $m^{\ast2}(T)$ and are correlated, and the standard error of $T_c$ is about 1.7 times that of the
#    quartic model on quartic data (0.0010 against 0.0006). On data without an $m^6$ term the extra
#    parameter costs the same precision for nothing: flexibility is paid for in variance.
#    ```
#
# 4. **Relaxation time from the black boxes.** Using the three MLPs of the chapter, estimate a
#    relaxation time at $T = 1.2$ from the slope of $\log|m(t)|$ between $t = 10$ and $30$, and
#    compare with {eq}`tau`. What would a relaxation time extracted from a GRU at $T = 1.0$ tell you?
#
#    ```{dropdown} Answer
#    The MLPs' curves at $T = 1.2$ are not exponential decays (some cross zero, some level off), so
#    the "relaxation time" depends on the seed and the fitting interval and has nothing to do with
#    the true $\tau = 5$. A GRU at $T_c$ would have to produce the power law $t^{-1/2}$, an infinite
#    relaxation time; nothing in its training data, all with $\tau \le 5$, shows it such behaviour.
#    ```
#
# 5. **Landau theory for a first-order transition.** With $b < 0$ and $c > 0$ the free energy
#    $\tfrac12 am^2 + \tfrac14 bm^4 + \tfrac16 cm^6$ has a first-order transition. Find the
#    temperature where the ordered and the disordered minimum have equal free energy, and explain why
#    a model with $b > 0$ fitted below it would miss the jump.
#
#    ```{dropdown} Answer
#    The ordered minimum $m^2 = s$ solves $a + bs + cs^2 = 0$, and $F(s) = 0$ requires
#    $\tfrac12 a + \tfrac14 bs + \tfrac16 cs^2 = 0$. Eliminating $a$: $s = -3b/(4c)$, and then
#    $a = 3b^2/(16c) > 0$. The transition happens *before* $a$ reaches zero, at
#    $T = T_0 + 3b^2/(16 a_0 c)$ with $a = a_0(T - T_0)$, where $m$ jumps from
#    $\sqrt{-3b/(4c)}$ to zero. A quartic model with $b > 0$ has only continuous transitions: it
#    would extrapolate $m^{\ast2}$ linearly to zero and miss both the jump and its temperature.
#    ```
#
# ## Further reading
#
# - Landau's paper {cite}`ch10-landau1937theory` introduces the order parameter and the expansion
#   of the free energy; Goldenfeld's lectures {cite}`ch10-goldenfeld1992lectures` develop mean-field
#   theory, its breakdown near $T_c$ and the renormalisation group that explains it.
# - Hohenberg and Halperin {cite}`ch10-hohenberg1977theory`: the classification of critical
#   dynamics ("model A" is the relaxational dynamics of this chapter, with noise) and the dynamic
#   exponent $z$.
# - Onsager {cite}`ch10-onsager1944crystal` and Yang {cite}`ch10-yang1952spontaneous`: the exact
#   solution of the 2D Ising model and its spontaneous magnetisation, $\beta = 1/8$.
# - Chen et al. {cite}`ch10-chen2018neural` introduced neural ODEs; Kidger's thesis
#   {cite}`ch10-kidger2021neural` is a thorough account, by the author of diffrax.
# - Karniadakis et al. {cite}`ch10-karniadakis2021physics` review physics-informed machine
#   learning, including what built-in structure does for extrapolation.
#
# **Practice:** [Practice 10: Principled extrapolation](../exercises/ch10_practice.ipynb): write the
# closed-form relaxation, find $T_c$ from ordered-phase runs that stop before they settle, predict and
# then measure the relaxation time on both sides of $T_c$, slide the training window of a model of the
# wrong form against its error bar (explorer), and predict what the black boxes say above $T_c$.
#
# ```{bibliography}
# :filter: docname in docnames
# :keyprefix: ch10-
# ```
