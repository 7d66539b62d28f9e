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
# # Practice 7: symplectic structure
#
# Practice for [Chapter 7, *Symplectic structure*](../book/ch07_symplectic.ipynb). Five tasks: one piece of code, one prediction made before an
# experiment, one measurement, one derivation and one question about the explorer. After each, run
# the `check(...)` cell: it says ✓, or gives a hint in the form of a question. Replace each `...`
# below `# YOUR CODE HERE`.

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

from physml import integrators as integ
from physml import systems
from physml.checks import check
from physml.interactives import integrators as figures


# %% [markdown]
# ## Task 7.1: leapfrog the other way round
#
# The chapter's leapfrog is kick–drift–kick: half a kick, a drift, half a kick. Swapping the roles of
# $q$ and $p$ gives **drift–kick–drift** (sometimes called position Verlet), which is also second order
# and symplectic. Write `my_dkd_step(H, y, dt)` for a separable Hamiltonian `H(q, p)` and the flat state
# `y = (q, p)` (first half $q$, second half $p$, any number of degrees of freedom). Take the derivatives
# from `jax.grad`. Before you write it: which of $\partial H/\partial q$ and $\partial H/\partial p$ does
# a drift use, and which a kick? Do not use `integ.leapfrog` or `integ.step_map`.

# %%
def my_dkd_step(H, y, dt):
    ### BEGIN SOLUTION
    dHdq, dHdp = jax.grad(H, argnums=0), jax.grad(H, argnums=1)
    d = y.shape[0] // 2
    q, p = y[:d], y[d:]
    q = q + 0.5 * dt * dHdp(q, p)
    p = p - dt * dHdq(q, p)
    q = q + 0.5 * dt * dHdp(q, p)
    return jnp.concatenate([q, p])
    ### END SOLUTION


# %%
check("ch07-leapfrog", my_dkd_step)


# %% [markdown]
# ## Task 7.2: predict, then measure
#
# Take the quartic oscillator $H = p^2/2 + q^4/4$, released from rest at $q = 1.5$, and run leapfrog
# (`integ.leapfrog`) for $10^4$ steps, once with $h = 0.1$ and once with $h = 0.05$. Let $e(h)$ be the largest
# energy error $|H(y_n) - H(y_0)|$ over the run. **Before running anything**, predict the ratio
# $e(0.1)/e(0.05)$:
#
# - (a) about 2: the energy error is first order in $h$;
# - (b) about 4: the energy error is second order in $h$;
# - (c) about 16: the energy error is fourth order in $h$;
# - (d) no change: leapfrog conserves the energy exactly, and what is left is round-off;
# - (e) it grows: halving $h$ doubles the number of steps, and the errors of the steps add up.
#
# Write the letter of your prediction, as a string, and check it.

# %%
### BEGIN SOLUTION
prediction = "b"
### END SOLUTION
check("ch07-predict-halving", prediction)

# %% [markdown]
# Now the experiment. It runs only once your prediction is recorded above:

# %%
if prediction is ...:
    print("Record your prediction above first, then run this cell.")
else:
    quartic = lambda q, p: 0.5 * jnp.sum(p ** 2) + 0.25 * jnp.sum(q ** 4)
    e = {}
    for h in (0.1, 0.05):
        E = np.asarray(systems.energy(quartic, integ.leapfrog(quartic, jnp.array([1.5, 0.0]), h, 10_000)))
        e[h] = np.abs(E - E[0]).max()
        print(f"h = {h}: largest |H − H₀| over 10⁴ steps = {e[h]:.1e}")
    print(f"ratio e(0.1)/e(0.05) = {e[0.1] / e[0.05]:.1f}")

# %% [markdown]
# ## Task 7.3: where RK4 falls behind
#
# For the oscillator $H = (q^2 + p^2)/2$ (`systems.oscillator`) released from rest at $q = 1$, integrate 40 000
# steps of $h = 0.25$ with your `my_dkd_step` (a `jax.lax.scan` or a plain loop over a `jax.jit`-compiled
# step) and with `integ.rk4`. Find the first time `t_cross` at which RK4's energy error $|H - H_0|$ exceeds
# the *largest* energy error your leapfrog makes over the whole run, and compare it with the chapter's
# $18/h^3$.

# %%
### BEGIN SOLUTION
h, n = 0.25, 40_000
step = jax.jit(lambda y, _: (my_dkd_step(systems.oscillator, y, h),) * 2)
_, lf = jax.lax.scan(step, jnp.array([1.0, 0.0]), None, length=n)
rk = integ.rk4(integ.hamiltonian_flow(systems.oscillator), jnp.array([1.0, 0.0]), h, n)[1:]
bound = np.abs(0.5 * np.sum(np.asarray(lf) ** 2, axis=1) - 0.5).max()
rk_error = np.abs(0.5 * np.sum(np.asarray(rk) ** 2, axis=1) - 0.5)
t_cross = h * (np.argmax(rk_error > bound) + 1)
print(f"t_cross = {t_cross:.0f}; 18/h³ = {18 / h ** 3:.0f}")
### END SOLUTION
check("ch07-crossover", t_cross)

# %% [markdown]
# ## Task 7.4: derive the crossover for symplectic Euler
#
# Symplectic Euler on the same oscillator, $p' = p - hq$, $q' = q + hp'$, has a larger energy error than
# leapfrog, so RK4 should take longer to fall behind it. Derive, **to leading order in $h$**, the time
# $t^\ast_{\text{SE}}(h)$ at which RK4's energy error, starting from rest at $q = 1$, exceeds the largest
# energy error of symplectic Euler. Steps to work through on paper:
#
# 1. Write one step as $y' = My$ and check that the quadratic $Q = (q^2 + p^2 - hqp)/2$ satisfies
#    $Q(y') = Q(y)$: the orbit is an ellipse.
# 2. On the ellipse through $(1, 0)$, how large does $|H - H_0|/H_0$ get, to first order in $h$?
#    (Where on the ellipse is $qp$ largest?)
# 3. RK4's energy falls by $H_0 h^5/72$ per unit time (the chapter). Where do the two meet?
#
# Give the answer as a formula in `h`, a string such as `"2/h**3"` (or a Python function of `h`).

# %%
### BEGIN SOLUTION
t_star_euler = "36/h**4"
### END SOLUTION
check("ch07-euler-crossover", t_star_euler)

# %% [markdown]
# Compare with the runs, at two step sizes (this takes a few seconds). The cell runs once your formula
# is written above, so that the runs do not give the answer away:

# %%
from physml.checks import as_formula

if t_star_euler is ...:
    print("Write your formula for t_star_euler above first, then run this cell.")
else:
    for step_size, n_steps in ((0.3, 25_000), (0.2, 170_000)):    # long enough to see the crossing
        E_se, E_rk = (np.asarray(systems.energy(systems.oscillator,
                                                integ.integrate(m, systems.oscillator, [1.0, 0.0], step_size, n_steps)))
                      for m in ("symplectic_euler", "rk4"))
        t_measured = step_size * np.argmax(np.abs(E_rk - 0.5) > np.abs(E_se - 0.5).max())
        print(f"h = {step_size}: RK4 falls behind symplectic Euler at t ≈ {round(t_measured, -2):,.0f}", end="")
        try:
            print(f"; your formula gives {float(as_formula(t_star_euler, ('h',))(step_size)):,.0f}")
        except Exception:                                        # not a formula in h
            print()

# %% [markdown] tags=["solution"]
# **What the runs show.** The measured crossings are about 30% later than $36/h^4$ at $h = 0.3$ and 18%
# later at $h = 0.2$. Two corrections of relative size $O(h)$ add up. Symplectic Euler's exact largest
# relative error on the ellipse is $\varepsilon = h/(2 - h)$, not $h/2$ (the ellipse reaches out to the
# radius $\sqrt{2/(2 - h)}$): that alone makes the crossing 18% and 11% later. RK4's energy decays geometrically,
# $H_0|R(ih)|^{2t/h}$, not linearly, so losing a fraction $\varepsilon$ takes
# $-\ln(1 - \varepsilon)/\varepsilon \approx 1 + \varepsilon/2$ times the linear estimate (10% and 6% more).
# To first order in $h$ the two give $1 + h/2 + h/4 = 1 + 3h/4$, so the gap shrinks in proportion to $h$
# (8% at $h = 0.1$). With both kept exactly (and the $h^8$ term of $|R(ih)|^2$), the crossing after
# $\ln(1 - \varepsilon)/\ln(1 - h^6/72 + h^8/576)$ steps is at $t \approx 5800$ and $26\,600$, the measured values.
# Compared with leapfrog at the same $h = 0.2$ (the chapter's crossing at $t \approx 2300$), RK4 takes
# more than ten times longer to overtake symplectic Euler: a first-order symplectic method has a larger
# error than leapfrog, but it is just as bounded.

# %% [markdown]
# ## Task 7.5: what the explorer shows
#
# The explorer below starts at $h = 0.200$: read the status line, when does RK4 fall behind leapfrog?
# Then move the slider three notches to the right (drag it, or click it and press the right arrow key
# three times), to $h = 0.282$, which is $\sqrt2$ times larger. The crossing moves from about $t = 340$
# to about $t = 127$, earlier by a factor of about 2.7. (The chapter's static figure offers $h = 0.2$
# and $0.3$ instead: there the crossing moves from 340 to 105, by 3.2 for a step 1.5 times larger.)
# Which explanation is right?
#
# - (a) leapfrog's band rises by about $(\sqrt2)^2 = 2$ and RK4's drift rate by about $(\sqrt2)^5 \approx 5.7$,
#   so the crossing moves earlier by about $(\sqrt2)^3 \approx 2.8$;
# - (b) RK4 is fourth order, so its error rises by about $(\sqrt2)^4 = 4$, and the crossing moves earlier by
#   that factor;
# - (c) leapfrog's energy error starts to grow with time at the larger step and catches up with RK4's;
# - (d) with a larger step there are fewer steps up to a given time, so RK4 makes fewer errors and the
#   crossing moves later.

# %%
figures.integrators().live(dt=0.2)

# %%
### BEGIN SOLUTION
answer = "a"
### END SOLUTION
check("ch07-explorer", answer)

# %% [markdown]
# **Going further.** (1) Repeat Task 7.3 with $h = 0.5$: does $t^\ast$ still follow $18/h^3$, and why
# should the agreement get worse as $h$ grows? (2) Chapter 6's Hamiltonian neural network gives a
# *non-separable* $H_\theta(q, p)$. Why can kick–drift–kick not be used on it, and what symplectic
# method could you use instead?

# %% [markdown] tags=["solution"]
# **Answer.** (1) With your drift–kick–drift step the crossing at $h = 0.5$ is at $t \approx 164$ against
# $18/h^3 = 144$, 14% late (the chapter's kick–drift–kick gives 154, 7% late; at $h = 0.25$ your step
# gives 1189 against 1152, 3% late). Three corrections, each of relative size $O(h^2)$, make the
# agreement worse as $h$ grows. RK4's loss per unit time is $h^5/72 - h^7/576 + \dots$, not $h^5/72$
# (3% later at $h = 0.5$). Its energy decays geometrically, so losing a fraction $\varepsilon$ takes about
# $1 + \varepsilon/2$ times the linear estimate (another 3%). And drift–kick–drift conserves
# $q^2/2 + (1 - h^2/4)\,p^2/2$, so from rest at $q = 1$ its largest relative error is
# $(h^2/4)/(1 - h^2/4)$ (0.067 at $h = 0.5$), not $h^2/4$; kick–drift–kick's is exactly $h^2/4$, so for it
# the whole 7% is on RK4's side.
# (2) A kick must change $p$ with $q$ fixed and a drift $q$ with $p$ fixed. With $H = T(p) + V(q)$ the
# kick's force $-\partial_q H = -V'(q)$ does not depend on $p$, so the kick is the exact flow of $V$ and
# a shear; for a non-separable $H$ the force depends on $p$ too, the sub-steps are no longer exact flows
# of parts of $H$, and the composition is not symplectic. Symplectic alternatives are implicit: the
# implicit midpoint rule $y' = y + hJ\nabla H((y + y')/2)$, or the chapter's generating-function map
# with $G = H$ (symplectic Euler in implicit form, solved by fixed-point iteration).
# Both need a solve per step, and both keep $\oint p\cdot dq$ exactly.
