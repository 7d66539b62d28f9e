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
# # Practice 10: Principled extrapolation
#
# Practice for [Chapter 10, *Principled extrapolation*](../book/ch10_landau_extrapolation.ipynb). Five tasks: write the
# closed-form relaxation of Landau's model (the one re-implementation), find the transition
# temperature of a material from runs in its ordered phase only, predict and then measure the
# relaxation time on both sides of the transition, find out with the explorer what a model of the
# wrong form does, and predict what a black box says above $T_c$. Replace each `...` below
# `# YOUR CODE HERE`, then run the `check(...)` cell after it: it says ✓, or gives a hint in the form
# of a question. Where a task asks for a prediction, write it down *before* you run the experiment.
#
# Throughout, $F(m, T) = \tfrac12 a(T)\,m^2 + \tfrac14 b\,m^4$ with $a(T) = a_0 (T - T_c)$, $a_0, b > 0$, and
# the order parameter relaxes by gradient flow, $\dot m = -\Gamma\,\partial F/\partial m = -\Gamma(a m + b m^3)$.

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
import matplotlib.pyplot as plt
import numpy as np
from scipy.integrate import solve_ivp

from physml import landau as O
from physml.checks import check
from physml.checks.landau import practice_relaxation_data
from physml.interactives import landau as figures

# %% [markdown]
# ## Task 10.1: the closed-form relaxation (implement)
#
# Write `my_relaxation(m0, t, a, b, gamma)`: the solution $m(t)$ of $\dot m = -\Gamma(a m + b m^3)$ with
# $m(0) = m_0$, for numbers `m0`, `a` $\neq 0$, `b` $> 0$, `gamma` $> 0$ and an array of times `t` $\ge 0$
# (including $t = 0$). The route: $u = 1/m^2$ obeys a *linear* equation. Before you solve it: which
# equation, and with which initial value? What must your $m(t)$ do for $t\to\infty$ when $a < 0$, and
# when $a > 0$? What happens to $m(t)$ if you flip the sign of $m_0$? Do not use `O.relaxation`.

# %%
def my_relaxation(m0, t, a, b, gamma):
    ### BEGIN SOLUTION
    e = np.exp(2 * gamma * a * np.asarray(t, dtype=float))
    return m0 / np.sqrt(e + b * m0 ** 2 * (e - 1) / a)
    ### END SOLUTION


# %%
check("ch10-relaxation", my_relaxation)

# %% [markdown]
# Your closed form against a numerical solution of the equation of motion (SciPy's adaptive
# `solve_ivp`, tolerance $10^{-11}$), below and above $T_c$:

# %%
t = np.linspace(0.0, 10.0, 41)
if my_relaxation(0.1, t, -1.0, 1.0, 1.0) is ...:
    print("(write my_relaxation first)")
else:
    for m0, a, b, gamma in ((0.05, -0.8, 1.5, 0.7), (0.6, 0.4, 1.5, 0.7)):
        numeric = solve_ivp(lambda s, m: -gamma * (a * m + b * m ** 3), (0.0, 10.0), [m0], t_eval=t,
                            rtol=1e-11, atol=1e-13).y[0]
        deviation = np.max(np.abs(my_relaxation(m0, t, a, b, gamma) - numeric))
        verdict = "below 1e-8" if deviation < 1e-8 else f"{deviation:.1e}"
        print(f"a = {a:+.1f}: m(10) = {numeric[-1]:.4f}, largest deviation from the numerical solution {verdict}")

# %% [markdown]
# ## Task 10.2: the transition temperature from the ordered phase (fit)
#
# A material was quenched at ten temperatures, every run from $m_0 = 0.05$, and $m$ was measured 33
# times up to $t = 8$ (in units with $\Gamma = 1$). All ten runs are in the ordered phase. The figure
# shows the runs (left) and the last measured value squared, $m(t = 8)^2$, against the temperature
# (right).
#
# **First predict**: in Landau's theory $m^{*2} = (a_0/b)(T_c - T)$ is linear in $T$. Where would a
# straight line through the right panel's points cross zero? Have the runs nearest the upper edge of
# the window settled by $t = 8$ (look at the left panel), and which way would that bias your line?
#
# **Then fit** Landau's model to the whole trajectories with {func}`physml.landau.fit_landau`
# (`O.fit_landau(temperatures, times, trajectories, m0=m0)`, $\Gamma = 1$) and store its transition
# temperature as `Tc_estimate` (a number).

# %% mystnb={"figure": {"caption": "The data of task 10.2: relaxation runs at ten temperatures of the ordered phase, each from $m_0 = 0.05$ with measurement noise 0.01 (left), and the last measured value squared against the temperature (right).", "name": "fig-p10-data"}}
temperatures, times, runs, m0 = practice_relaxation_data()
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.3))
colors = plt.cm.viridis(np.linspace(0, 0.9, len(temperatures)))
for T, run, color in zip(temperatures, runs, colors):
    left.plot(times, run, ".-", ms=3, lw=0.8, color=color, label=f"T = {T:.2f}")
left.set(xlabel="time t", ylabel="m(t)", title="ten quenches, ordered phase")
left.legend(fontsize=6, ncol=2)
right.plot(temperatures, runs[:, -1] ** 2, "o", color="C1")
right.set(xlabel="temperature T", ylabel="m(t = 8)²", title="last measured value, squared", xlim=(0.65, 1.45),
          ylim=(0, None))
for ax in (left, right):
    ax.grid(alpha=0.3)
plt.show()

# %%
### BEGIN SOLUTION
fit = O.fit_landau(temperatures, times, runs, m0=m0)
Tc_estimate = fit.critical_temperature
### END SOLUTION
check("ch10-critical-temperature", Tc_estimate)

# %% [markdown]
# What the fitted model says beyond the data: its parameters with their standard errors, the
# equilibrium $m^*$ and the relaxation time $\tau$ above the window, where no run was measured:

# %%
if Tc_estimate is ...:
    print("(estimate Tc_estimate first)")
else:
    fitted = O.fit_landau(temperatures, times, runs, m0=m0)
    err = fitted.stderr
    print(f"fitted: a₀ = {fitted.a0:.3f} ± {err['a0']:.3f},  b = {fitted.b:.3f} ± {err['b']:.3f},  "
          f"T_c = {fitted.critical_temperature:.3f} ± {err['critical_temperature']:.3f}")
    for T in (1.2, 1.25, 1.35, 1.5):
        print(f"T = {T:.2f}: m* = {float(fitted.equilibrium(T)):.2f},  τ = {float(fitted.relaxation_time(T)):.1f}")

# %% [markdown]
# ## Task 10.3: the relaxation time on both sides of $T_c$ (predict, then measure)
#
# Take $a(T) = a_0(T - T_c)$ with $a_0 = 1.5$, $T_c = 1$, $b = 1$ and $\Gamma = 0.5$. Linearise the flow about
# the equilibrium, $m = m^* + \delta$, and predict the relaxation time $\tau$ of $\delta \propto e^{-t/\tau}$ at
# $T = 0.96$ (ordered) and at $T = 1.04$ (disordered), the same distance from $T_c$. Which side relaxes
# faster, and by what factor? Store your prediction as the pair `tau_prediction = (tau_below, tau_above)`.

# %%
### BEGIN SOLUTION
a_below, a_above = 1.5 * (0.96 - 1.0), 1.5 * (1.04 - 1.0)
tau_prediction = (1 / (2 * 0.5 * abs(a_below)), 1 / (0.5 * a_above))
### END SOLUTION
check("ch10-relaxation-time", tau_prediction)

# %% [markdown]
# The measurement: runs of the closed form started a little away from $m^*$ (by 0.1% of $m^*$ below
# $T_c$, at $m = 10^{-3}$ above), and $\tau$ from the slope of $\ln|m - m^*|$ over a time $1.5/(\Gamma|a|)$, at
# three distances from $T_c$. The last column is $\tau\,|T - T_c|$:

# %%
if tau_prediction is ...:
    print("Record your prediction above first, then run this cell.")
else:
    a0, b, gamma = 1.5, 1.0, 0.5
    print("   T      τ measured   τ |T − T_c|")
    for T in (0.92, 0.96, 0.98, 1.02, 1.04, 1.08):
        a = a0 * (T - 1.0)
        m_star = float(O.equilibrium(a, b))
        start = 1.001 * m_star if a < 0 else 1e-3
        scale = 1 / (gamma * abs(a))                      # a time scale to choose the window, not the answer
        s = np.linspace(0.0, 1.5 * scale, 61)
        delta = np.abs(O.relaxation(start, s, a, b, gamma) - m_star)
        tau = -1 / np.polyfit(s, np.log(delta), 1)[0]
        print(f"{T:5.2f}   {tau:8.1f}      {tau * abs(T - 1.0):6.2f}")

# %% [markdown]
# ## Task 10.4: a model of the wrong form (interpret the explorer)
#
# The explorer fits Landau's model to noisy runs from a training window $0.5 \le T \le T_{\max}$ of a
# material with $T_c = 1$ and shows the fitted $m^*(T)$ and $\tau(T)$, and the fitted $T_c$ with its
# standard error, against the truth. The slider $c$ adds a sixth-order term $\tfrac16 c\, m^6$ to the *true*
# free energy, which the fitted model does not have. Set $c = 1$ and move $T_{\max}$ from 0.6 up to 0.98.
# Which statement describes what you see, and why?
#
# - **a**: the fitted $T_c$ lies above the truth by several of its own standard errors for every window;
#   the bias shrinks as the window approaches $T_c$: the error bar measures the noise, not the wrong form
# - **b**: the fitted $T_c$ agrees with the truth within its error bar for every window: a larger $b$
#   absorbs the sixth-order term
# - **c**: the error bar grows until it covers the truth: the fit notices that its model is wrong
# - **d**: the bias grows as the window approaches $T_c$, because the runs there relax slowly
#
# Store your letter as `explorer_answer`.

# %%
figures.extrapolation().live(c=1.0, T_max=0.6)

# %%
### BEGIN SOLUTION
explorer_answer = "a"
### END SOLUTION
check("ch10-wrong-model", explorer_answer)

# %% [markdown]
# The same in numbers, with and without the sixth-order term (noise $10^{-2}$, the explorer's runs):

# %%
if explorer_answer is ...:
    print("Record your answer above first, then run this cell.")
else:
    print(" T_max    c = 0: fitted T_c        c = 1: fitted T_c     (off by, in standard errors)")
    for T_max in (0.6, 0.7, 0.8, 0.9, 0.98):
        fits = [figures.extrapolation_run(T_max=T_max, log10_noise=-2.0, c=c).fit for c in (0.0, 1.0)]
        Tc = [f.critical_temperature for f in fits]
        err = [f.stderr["critical_temperature"] for f in fits]
        print(f" {T_max:4.2f}    {Tc[0]:.3f} ± {err[0]:.3f}          {Tc[1]:.3f} ± {err[1]:.3f}       "
              f"({abs(Tc[1] - 1.0) / err[1]:.0f})")

# %% [markdown]
# ## Task 10.5: what a black box predicts above $T_c$ (predict, then run)
#
# Two black boxes are trained on the data of task 10.2: an MLP of $(T, t)$ ({func}`physml.landau.fit_mlp`)
# and a GRU rolled out from $m_0$ and conditioned on $T$ ({func}`physml.landau.fit_gru`). Both fit the
# ordered-phase runs well. **Before running the next cell**, predict what they say about $m(t = 8)$
# for temperatures above the window, $T = 1.2 \dots 1.8$, which reach well beyond the transition you found
# in task 10.2:
#
# - **a**: they predict $m \to 0$ above $T_c$, like the truth: the data show $m^*$ shrinking as $T$
#   approaches $T_c$
# - **b**: they continue the ordered-phase trend smoothly past $T_c$: $m(t_{\max})$ keeps falling with $T$
#   and can cross zero, which the dynamics forbids; nothing in a generic function of $(T, t)$ makes
#   $m = 0$ a fixed point
# - **c**: they repeat the trajectory of the highest training temperature for every $T$ above the
#   window: networks cannot extrapolate at all
# - **d**: they predict the truth above $T_c$ because their tanh units saturate to zero far from the data
#
# Store your letter as `prediction`.

# %%
### BEGIN SOLUTION
prediction = "b"
### END SOLUTION
check("ch10-black-box", prediction)

# %% mystnb={"figure": {"caption": "The last value $m(t = 8)$ of a run against the temperature, for the data of task 10.2 (dots, ordered phase only), the MLP and the GRU trained on them, the fitted Landau model and the truth. The shaded band is the training window.", "name": "fig-p10-black-box"}}
if prediction is ...:
    print("Record your prediction above first, then run this cell.")
else:
    mlp = O.fit_mlp(temperatures, times, runs, key=jax.random.key(0))
    gru = O.fit_gru(temperatures, times, runs, key=jax.random.key(0), m0=m0)
    landau = O.fit_landau(temperatures, times, runs, m0=m0)
    T_axis = np.linspace(0.7, 1.8, 45)
    curves = {"MLP": mlp.predict(T_axis, times)[:, -1], "GRU": gru.predict(T_axis, times)[:, -1],
              "Landau fit": landau.predict(T_axis, times)[:, -1],
              "truth": O.relaxation(m0, times[-1], 1.6 * (T_axis - 1.3), 0.7)}
    fig, ax = plt.subplots(figsize=(7, 3.4))
    ax.axvspan(temperatures.min(), temperatures.max(), color="0.9", label="training window")
    for (name, curve), style in zip(curves.items(), ("-", "-", "-", "k--")):
        ax.plot(T_axis, curve, style, label=name)
    ax.plot(temperatures, runs[:, -1], "o", color="C1", ms=4, label="data")
    ax.axhline(0, color="0.5", lw=0.6)
    ax.set(xlabel="temperature T", ylabel="m(t = 8)", title="extrapolating past the transition")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    plt.show()
    above = T_axis > 1.35
    for name in ("MLP", "GRU", "Landau fit"):
        print(f"{name:10s}: predicts a negative m somewhere above T = 1.35: {bool(np.any(curves[name][above] < -0.01))}")

# %% [markdown]
# **Going further.** At $a = 0$ your `my_relaxation` divides by zero. Take the limit $a \to 0$ of your
# formula and compare it with `O.relaxation(m0, t, 0.0, b, gamma)`. How does $m$ decay at $T_c$, and
# why is that slow compared with both sides?

# %% [markdown] tags=["solution"]
# **Model answer.** With $x = 2\Gamma a t$, $(e^x - 1)/a \to 2\Gamma t$ as $a \to 0$, so
# $m(t) = m_0/\sqrt{1 + 2\Gamma b\, m_0^2\, t}$, a power law: for $t \gg 1/(2\Gamma b m_0^2)$,
# $m \approx (2\Gamma b t)^{-1/2}$, independent of $m_0$. On either side the approach to $m^*$ is exponential
# with the time $\tau \propto 1/|T - T_c|$ of task 10.3; at $T_c$ the curvature $F''(0) = a$ vanishes, the
# linear restoring force is gone and only the cubic term pulls $m$ back, so the decay is algebraic:
# critical slowing down in its extreme form. `O.relaxation(0.5, 100.0, 0.0, 1.0, 1.0)` gives 0.0700,
# and $(2\cdot100)^{-1/2} = 0.0707$.
