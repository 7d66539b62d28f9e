"""Self-checks for the exercises of chapter 7 (symplectic structure)."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from .. import integrators as I
from .. import systems as S
from . import (
    Wrong,
    as_array,
    as_formula,
    as_number,
    call,
    formula_values,
    grade_choice,
    reject_near,
    reject_typical_mistakes,
    task,
)


def _H2(q, p):
    """A separable test Hamiltonian with two degrees of freedom and unequal masses."""
    return 0.5 * p[0] ** 2 + 0.25 * p[1] ** 2 + jnp.cos(q[0]) * q[1] + 0.1 * q[1] ** 4


def _variant_step(kind, H, y, dt):
    n = y.shape[0] // 2
    q, p = y[:n], y[n:]
    dV, dT = jax.grad(H, argnums=0), jax.grad(H, argnums=1)
    if kind == "kdk":
        p = p - 0.5 * dt * dV(q, p)
        q = q + dt * dT(q, p)
        p = p - 0.5 * dt * dV(q, p)
    elif kind == "dkd":
        q = q + 0.5 * dt * dT(q, p)
        p = p - dt * dV(q, p)
        q = q + 0.5 * dt * dT(q, p)
    elif kind == "full-kicks":
        p = p - dt * dV(q, p)
        q = q + dt * dT(q, p)
        p = p - dt * dV(q, p)
    elif kind == "symplectic-euler":
        p = p - dt * dV(q, p)
        q = q + dt * dT(q, p)
    elif kind == "full-drifts":
        q = q + dt * dT(q, p)
        p = p - dt * dV(q, p)
        q = q + dt * dT(q, p)
    elif kind == "euler-dk":
        q = q + dt * dT(q, p)
        p = p - dt * dV(q, p)
    elif kind == "sign":
        q = q + 0.5 * dt * dT(q, p)
        p = p + dt * dV(q, p)
        q = q + 0.5 * dt * dT(q, p)
    return jnp.concatenate([q, p])


# ----------------------------------------------------------------- task 7.1
#: Task 7.1: the typical slips in a drift–kick–drift step (a kind of :func:`_variant_step`) and their hints.
_DKD_SLIPS = (
    ("kdk", "that is kick–drift–kick, the chapter's leapfrog. This task swaps the roles: which "
            "variable should move first, and by what fraction of the step?"),
    ("full-drifts", "the two drifts together should move q by one step's worth. How much of h "
                    "does each drift get?"),
    ("euler-dk", "one drift and one kick is a first-order method (a symplectic Euler). Where "
                 "does the second half of the drift go, so that the step is symmetric?"),
    ("symplectic-euler", "that is symplectic Euler, kick then drift. Which variable moves "
                         "first in drift–kick–drift?"),
    ("sign", "check the direction of the kick: does the force push p down the slope of the "
             "potential or up it? What is the force in terms of ∂H/∂q?"),
)


@task("ch07-leapfrog", "Task 7.1, leapfrog the other way round (drift–kick–drift)")
def _leapfrog(my_dkd_step):
    for y, dt in ((np.array([0.3, -0.5, 0.8, 0.2]), 0.1), (np.array([1.1, 0.4, -0.6, 0.9]), 0.05)):
        got = as_array(call(my_dkd_step, _H2, jnp.asarray(y), dt, what="my_dkd_step"), shape=y.shape,
                       what="my_dkd_step(H, y, dt)")
        if np.allclose(got, np.asarray(_variant_step("dkd", _H2, jnp.asarray(y), dt)), atol=1e-12):
            continue
        slips = ((np.asarray(_variant_step(kind, _H2, jnp.asarray(y), dt)), hint) for kind, hint in _DKD_SLIPS)
        reject_typical_mistakes(got, slips, atol=1e-12)
        raise Wrong("with two degrees of freedom, which entries of y are the coordinates and which the momenta? "
                    "In a drift, which partial derivative of H gives the velocity, and at which momentum is it "
                    "evaluated? In the kick, at which position is the force evaluated: the old q or the one after "
                    "the first drift?")
    return ("Also second order and symplectic: a half drift, a kick and a half drift are three shears, each with "
            "determinant 1.")


# ----------------------------------------------------------------- task 7.2
HALVING_OPTIONS = {
    "a": "about 2: the energy error is first order in h",
    "b": "about 4: the energy error is second order in h",
    "c": "about 16: the energy error is fourth order in h",
    "d": "no change: leapfrog conserves the energy exactly, and what is left is round-off",
    "e": "it grows: halving h doubles the number of steps, and the errors of the steps add up",
}


@task("ch07-predict-halving", "Task 7.2, predict what halving h does to leapfrog's energy error")
def _predict_halving(prediction):
    return grade_choice(prediction, HALVING_OPTIONS, "b", what="your prediction",
                        remark="Run the next cell: the ratio is close to 4, the h² of H̃ − H.", hints={
        "a": "first order is symplectic Euler's. Leapfrog is symmetric: running it with −h undoes a step with +h. "
             "Which powers of h can its modified Hamiltonian H̃ − H then contain?",
        "c": "a fourth-order error would need the h² term of H̃ − H to vanish. Does the chapter's h² correction, "
             "built from V′ and V″, vanish for V = q⁴/4?",
        "d": "round-off would be near 1e-16 whatever h is, and the chapter's leapfrog errors are far larger. What "
             "does leapfrog conserve almost exactly, and how far is that quantity from H?",
        "e": "does leapfrog's energy error grow with time in the chapter's figures? If the error is bounded by the "
             "distance between H and a conserved H̃, does the number of steps enter that bound?",
    })


# ----------------------------------------------------------------- task 7.3
def crossover_reference(h=0.25, n_steps=40_000):
    """Time at which RK4's energy error first exceeds leapfrog's largest error (oscillator, from rest at q = 1)."""
    return I.energy_errors(S.oscillator, (1.0, 0.0), h, n_steps=n_steps, every=1).crossover


@task("ch07-crossover", "Task 7.3, where RK4 falls behind")
def _crossover(t_cross):
    t = as_number(t_cross, "t_cross")
    ref = crossover_reference()
    if abs(t - ref) <= 0.1 * ref:
        return "Close to 18/h³: past this time the fourth-order method is the worse one, and stays so."
    if abs(t * 0.25 - ref) <= 0.1 * ref:
        raise Wrong("is that a time or a number of steps? How do you turn a step index into a time?")
    if t <= 0:
        raise Wrong("a crossing time is positive.")
    if t < ref:
        raise Wrong("too early: leapfrog's error oscillates and passes through zero. Are you comparing RK4's error "
                    "with leapfrog's error at the same step, or with the largest error leapfrog makes in the run?")
    raise Wrong("too late: are you looking for the first step at which RK4's error exceeds leapfrog's largest "
                "error, or for something that happens later?")


# ----------------------------------------------------------------- task 7.4
EULER_POINTS = (0.004, 0.007, 0.01, 0.013)


def _euler_crossover_reference(h):
    return 36.0 / h ** 4


@task("ch07-euler-crossover", "Task 7.4, derive where RK4 falls behind symplectic Euler")
def _euler_crossover(t_star):
    formula = as_formula(t_star, ("h",), "t_star_euler")
    h = np.asarray(EULER_POINTS)
    got = formula_values(formula, [(x,) for x in h], "t_star_euler should give one number for each step size h.")
    if not np.all(np.isfinite(got)):
        raise Wrong("your formula is not finite at small h; a crossover time is a finite number for every h > 0.")
    if np.any(got <= 0):
        raise Wrong("a crossing time is positive for every h > 0.")
    ratio = got / _euler_crossover_reference(h)
    if np.all(np.abs(ratio - 1) < 0.03):
        return ("Leading order right: symplectic Euler's error is h/2 of H₀ against leapfrog's h²/4, so RK4 "
                "overtakes it much later, and the next cell compares with the runs.")
    slope = np.polyfit(np.log(h), np.log(got), 1)[0]
    if abs(slope) < 0.5:
        raise Wrong("your formula does not depend on h. How does symplectic Euler's energy error depend on h, "
                    "and how does RK4's loss per unit time?")
    if abs(slope + 3) < 0.3:
        if np.all(np.abs(got / (18.0 / h ** 3) - 1) < 0.03):
            raise Wrong("that is leapfrog's crossover. How large is symplectic Euler's energy error: which "
                        "power of h does its modified Hamiltonian's first correction carry?")
        raise Wrong("the power of h is one too low. Is h⁵/72 RK4's relative energy loss per step or per unit "
                    "time? How many steps make one unit of time?")
    if abs(slope + 4) < 0.3:
        reject_near(float(np.median(ratio)), [
            (2, 0.1, "a factor 2 too late. From rest at q = 1, how far does H get from H₀ on the conserved "
                     "ellipse: is the largest relative deviation h, or a fraction of h?"),
            (0.5, 0.05, "a factor 2 too early. Check the size of symplectic Euler's largest relative energy error "
                        "on its conserved ellipse, and of RK4's relative loss per unit time."),
        ])
        raise Wrong("the power of h is right; check the constant. What is the largest relative deviation of H "
                    "on symplectic Euler's conserved ellipse, to first order in h, and what is RK4's relative "
                    "energy loss per unit time?")
    if slope < -4:
        raise Wrong("the power of h is too high. Which power of h does symplectic Euler's energy error carry, "
                    "and which does RK4's loss per unit time carry? Their ratio sets the power.")
    raise Wrong("check the power of h. The crossover is where a bounded error (symplectic Euler's) equals an "
                "error growing linearly in time (RK4's): which power of h does each carry?")


# ----------------------------------------------------------------- task 7.5
EXPLORER_OPTIONS = {
    "a": "leapfrog's band rises by about (√2)² = 2 and RK4's drift rate by about (√2)⁵ ≈ 5.7, so the crossing moves "
         "earlier by about (√2)³ ≈ 2.8",
    "b": "RK4 is fourth order, so its error rises by about (√2)⁴ = 4, and the crossing moves earlier by that factor",
    "c": "leapfrog's energy error starts to grow with time at the larger step and catches up with RK4's",
    "d": "with a larger step there are fewer steps up to a given time, so RK4 makes fewer errors and the crossing "
         "moves later",
}


@task("ch07-explorer", "Task 7.5, what the explorer shows when h grows")
def _explorer(answer):
    return grade_choice(answer, EXPLORER_OPTIONS, "a",
                        remark="t* ∝ h²/h⁵ = h⁻³: the ratio of a bounded error to a drift rate.", hints={
        "b": "the order of RK4 describes the error of the state at a fixed time. Is that what sets the rate at "
             "which its energy drifts? Which power of h did the chapter measure for the drift per unit time?",
        "c": "look at leapfrog's curve at h = 0.282: is it a flat band or a rising line? What does backward error "
             "analysis say bounds it?",
        "d": "read the status line at the two step sizes: does the crossing time go up or down? Fewer steps, but "
             "how does the error of each step change with h?",
    })
