"""Self-checks for the exercises of chapter 10 (principled extrapolation)."""
from __future__ import annotations

import jax
import numpy as np

from .. import landau as O
from . import (
    StudentError,
    Wrong,
    as_number,
    as_number_pair,
    call,
    grade_choice,
    reject_near,
    task,
)

# --------------------------------------------------------------------------- the data of tasks 10.2 and 10.5
#: the hidden material of tasks 10.2 and 10.5: a(T) = a₀ (T − T_c), b, Γ = 1, runs from m₀
_A0, _TC, _B, _M0, _NOISE = 1.6, 1.3, 0.7, 0.05, 0.01
_TEMPERATURES = np.linspace(0.7, 1.15, 10)
_TIMES = np.linspace(0.0, 8.0, 33)


def practice_relaxation_data():
    """The data of tasks 10.2 and 10.5: relaxation runs of a material in its ordered phase.

    Returns ``(temperatures, times, trajectories, m0)``: 10 temperatures, 33 times from 0 to 8
    (Γ = 1), ``trajectories`` of shape (10, 33) with measurement noise 0.01, every run started from
    ``m0 = 0.05``.  The transition temperature is not given: finding it is task 10.2.
    """
    data = O.trajectories(_TEMPERATURES, _TIMES, key=jax.random.key(101), a0=_A0, Tc=_TC, b=_B, m0=_M0,
                          noise=_NOISE)
    return _TEMPERATURES.copy(), _TIMES.copy(), data, _M0


# ----------------------------------------------------------------- task 10.1
#: (m0, a, b, Γ) at which a student's relaxation is compared: ordered and disordered, both signs of m0
RELAXATION_CASES = ((0.2, -1.3, 0.8, 1.7), (-0.3, -0.6, 2.0, 0.5), (0.9, 0.7, 0.8, 1.7), (-0.4, 1.1, 0.3, 0.6))
RELAXATION_TIMES = np.linspace(0.0, 3.0, 13)


def relaxation_variant(kind):
    """The closed-form relaxation with a typical slip (for the hints and their tests); ``"right"`` is correct."""
    def f(m0, t, a, b, gamma):
        t = np.asarray(t, dtype=float)
        if kind == "gamma-half":                  # the factor 2 of du/dt = 2Γ(a u + b) dropped
            gamma = gamma / 2
        elif kind == "no-gamma":
            gamma = 1.0
        elif kind == "sign-a":
            a = -a
        e = np.exp(2 * gamma * a * t)
        denominator = e + b * m0 ** 2 * (e - 1) / a
        if kind == "no-sqrt":
            return m0 / denominator
        if kind == "no-m0-squared":
            return m0 / np.sqrt(e + b * (e - 1) / a)
        if kind == "abs-m0":
            return abs(m0) / np.sqrt(denominator)
        return m0 / np.sqrt(denominator)
    return f


def _relaxation_values(my_relaxation):
    rows = []
    for m0, a, b, gamma in RELAXATION_CASES:
        got = call(my_relaxation, m0, RELAXATION_TIMES.copy(), a, b, gamma, what="my_relaxation")
        try:
            arr = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise StudentError(f"my_relaxation should return an array of numbers, but it returns a "
                               f"{type(got).__name__}.") from None
        if arr.shape != RELAXATION_TIMES.shape:
            raise Wrong(f"my_relaxation(m0, t, a, b, gamma) has shape {arr.shape} for times t of shape "
                        f"{RELAXATION_TIMES.shape}; it should return one m per time.")
        rows.append(arr)
    return np.array(rows)


def _relaxation_reference(kind="right"):
    return np.array([relaxation_variant(kind)(m0, RELAXATION_TIMES, a, b, gamma)
                     for m0, a, b, gamma in RELAXATION_CASES])


_RELAXATION_HINTS = (
    ("gamma-half", "your runs are half as fast as they should be. With u = 1/m², du/dt = −2m⁻³ dm/dt: where does "
     "the factor 2 go?"),
    ("no-gamma", "your result does not change with Γ. Γ sets the time scale: where does it appear in "
     "dm/dt = −Γ(a m + b m³), and so in the solution?"),
    ("sign-a", "for a < 0 the state m = 0 is unstable and a small m must grow towards √(−a/b); yours decays. "
     "Check the sign of the exponent."),
    ("no-sqrt", "the substitution u = 1/m² gives m = 1/√u: is the square root there?"),
    ("no-m0-squared", "at t → ∞ for a < 0 your m does not approach √(−a/b). The constant of the linear equation "
     "for u = 1/m² is fixed by u(0) = 1/m₀²: did it keep m₀²?"),
    ("abs-m0", "for a negative start your m is positive. The flow is odd in m: m(t) from −m₀ is −m(t) from m₀. "
     "Which factor carries the sign?"),
)


@task("ch10-relaxation", "Task 10.1, the closed-form relaxation")
def _relaxation(my_relaxation):
    with np.errstate(all="ignore"):
        got = _relaxation_values(my_relaxation)
    ref = _relaxation_reference()
    if np.allclose(got, ref, rtol=1e-8, atol=1e-12):
        return ("Both phases, both signs of m₀, any Γ. The next cell compares it with the numerical solution and "
                "with physml.landau.relaxation.")
    if not np.all(np.isfinite(got)):
        if np.all(np.isfinite(got[:, 1:])):
            raise Wrong("your formula gives nan or inf at t = 0 only: a 0/0. Write the term (e^x − 1)/x·t without "
                        "dividing by t (x = 2Γat, so t/x = 1/(2Γa)).")
        raise Wrong("your formula gives nan or inf at some times. For which sign of a can the quantity under the "
                    "square root become negative, and is that possible for the true u = 1/m² > 0?")
    for kind, hint in _RELAXATION_HINTS:
        with np.errstate(all="ignore"):
            if np.allclose(got, _relaxation_reference(kind), rtol=1e-8, atol=1e-12):
                raise Wrong(hint)
    if not np.allclose(got[:, 0], [c[0] for c in RELAXATION_CASES], rtol=1e-8, atol=1e-12):
        raise Wrong("at t = 0 your m is not m₀. Check the constant of integration of the linear equation for "
                    "u = 1/m².")
    raise Wrong("your m(t) differs from the solution of dm/dt = −Γ(a m + b m³). Derive the linear equation for "
                "u = 1/m², solve it with u(0) = 1/m₀², and test your function on its limits: small m₀ (a pure "
                "exponential) and t → ∞.")


# ----------------------------------------------------------------- task 10.2
def critical_temperature_variants():
    """Typical wrong estimates of T_c from the data of :func:`practice_relaxation_data` (for the hints and tests)."""
    T, _, data, _ = practice_relaxation_data()
    end = data[:, -1]
    slope2, intercept2 = np.polyfit(T, end ** 2, 1)
    slope1, intercept1 = np.polyfit(T, end, 1)
    return {"window-edge": float(T.max()), "plateau-squared": float(-intercept2 / slope2),
            "plateau-linear": float(-intercept1 / slope1)}


@task("ch10-critical-temperature", "Task 10.2, T_c from the ordered phase")
def _critical_temperature(Tc_estimate):
    value = as_number(Tc_estimate, "Tc_estimate")
    if abs(value - _TC) <= 0.01:
        return ("The ordered phase alone fixes T_c, through the assumed form a(T) = a₀(T − T_c): the fit "
                "extrapolates a straight line in a, not a curve in m. The next cell shows what else it predicts.")
    variants = critical_temperature_variants()
    reject_near(value, (
        (variants["window-edge"], 0.02, "that is the highest temperature of the data. All runs are in the ordered "
         "phase (m settles at a non-zero value), so the transition lies beyond the window: extrapolate."),
        (variants["plateau-squared"], 0.03, "m(t_max)² against T extrapolates well only if every run has reached "
         "equilibrium by t_max. Look at the runs nearest the transition: have they settled? Which time scale grows "
         "as T → T_c? Fit the whole trajectories with the model instead of their last points."),
        (variants["plateau-linear"], 0.05, "m* ∝ (T_c − T)^(1/2) near the transition: a straight line through m "
         "itself bends the wrong way. Which power of m* is linear in T?"),
        (1.0, 0.005, "1 is the transition temperature of the chapter's examples, not of this material. Fit these "
         "data."),
        (_A0, 0.02, "that looks like the slope a₀ of a(T), not its zero. Which parameter of the fit is T_c?"),
        (_B, 0.02, "that looks like the quartic coefficient b, not the transition temperature."),
    ))
    if value < float(_TEMPERATURES.max()):
        raise Wrong("every run of the data, up to the highest temperature, is in the ordered phase (m settles at a "
                    "non-zero value), so T_c lies above the window. Fit the model and read off its T_c.")
    if value < _TC:
        raise Wrong("too low: the fitted Landau model, with its standard error, puts T_c higher. If you "
                    "extrapolated the last time points, have the runs near the transition reached equilibrium?")
    raise Wrong("too high. If you extrapolated by eye, remember that m* falls steeply, like √(T_c − T), just before "
                "the transition; fit the model to the whole trajectories and read off its T_c.")


# ----------------------------------------------------------------- task 10.3
#: the model of task 10.3: a(T) = a₀ (T − T_c), Γ, and the two temperatures
TAU_A0, TAU_TC, TAU_GAMMA, TAU_BELOW, TAU_ABOVE = 1.5, 1.0, 0.5, 0.96, 1.04


def tau_reference():
    """(τ at T = 0.96, τ at T = 1.04): 1/(2Γ|a|) below T_c and 1/(Γ a) above."""
    a_below, a_above = TAU_A0 * (TAU_BELOW - TAU_TC), TAU_A0 * (TAU_ABOVE - TAU_TC)
    return 1 / (2 * TAU_GAMMA * abs(a_below)), 1 / (TAU_GAMMA * a_above)


def tau_variant(kind):
    """The pair (τ below, τ above) with a typical slip (for the hints and their tests)."""
    below, above = tau_reference()
    return {"no-two": (above, above), "two-above": (above, below), "two-both": (below, below),
            "no-gamma": (below * TAU_GAMMA, above * TAU_GAMMA), "gamma-up": (below * TAU_GAMMA ** 2,
                                                                               above * TAU_GAMMA ** 2),
            "no-a0": (below * TAU_A0, above * TAU_A0), "rates": (1 / below, 1 / above)}[kind]


_TAU_HINTS = (
    ("no-two", "your two times are equal, but the curvature F''(m*) that sets the rate is not the same on both "
     "sides: above T_c it is a at m* = 0; what is a + 3b m*² at m*² = −a/b?"),
    ("two-both", "your two times are equal. The factor 2 belongs to one side only: at m* = 0 the curvature of F is "
     "a itself; where does 3b m*² add to it?"),
    ("two-above", "the factor 2 is on the wrong side. Compute F''(m*) = a + 3b m*² on each side: at m* = 0, and at "
     "m*² = −a/b. Which side relaxes faster?"),
    ("no-gamma", "the rate of dm/dt = −Γ F'(m) is Γ F''(m*), not F''(m*): where is Γ?"),
    ("gamma-up", "check where Γ goes: a larger kinetic coefficient makes the relaxation faster, so τ ∝ 1/Γ."),
    ("no-a0", "|T − T_c| is not a: a(T) = a₀ (T − T_c) with a₀ = 1.5."),
    ("rates", "those are rates 1/τ; the task asks for the times τ."),
)


@task("ch10-relaxation-time", "Task 10.3, the relaxation time on both sides of T_c")
def _relaxation_time(answer):
    below, above = as_number_pair(answer, "tau_below", "tau_above", "tau_prediction")
    ref = tau_reference()
    if np.allclose((below, above), ref, rtol=0.01):
        return ("τ diverges like 1/|T − T_c| on both sides, and the ordered side relaxes twice as fast at the same "
                "distance. The next cell measures both.")
    for kind, hint in _TAU_HINTS:
        if np.allclose((below, above), tau_variant(kind), rtol=0.01):
            raise Wrong(hint)
    if below <= 0 or above <= 0:
        raise Wrong("a relaxation time is positive: τ = 1/(Γ F''(m*)) with F''(m*) > 0 at a minimum.")
    raise Wrong("linearise dm/dt = −Γ F'(m) about m*: m − m* decays like e^(−t/τ) with 1/τ = Γ F''(m*). "
                "Evaluate F'' = a + 3b m² at m* = 0 above T_c and at m*² = −a/b below.")


# ----------------------------------------------------------------- task 10.4 (the explorer)
WRONG_MODEL_OPTIONS = {
    "a": "the fitted T_c lies above the truth by several of its own standard errors for every window; the bias "
         "shrinks as the window approaches T_c: the error bar measures the noise, not the wrong form",
    "b": "the fitted T_c agrees with the truth within its error bar for every window: a larger b absorbs the "
         "sixth-order term",
    "c": "the error bar grows until it covers the truth: the fit notices that its model is wrong",
    "d": "the bias grows as the window approaches T_c, because the runs there relax slowly",
}


@task("ch10-wrong-model", "Task 10.4, a model with the wrong form")
def _wrong_model(answer):
    return grade_choice(answer, WRONG_MODEL_OPTIONS, "a", remark=(
        "A standard error assumes the model is right: it shrinks with more and better data while the bias of "
        "the wrong form stays. Near T_c, m is small and the m⁶ term matters least, so the bias shrinks there."),
        hints={
        "b": "read the status line at c = 1: how many standard errors is the fitted T_c off? A constant b cannot "
             "mimic a term that grows like m⁶: where in the window is m largest?",
        "c": "the error bar comes from the noise and the curvature of the cost at the optimum (Gauss–Newton), "
             "assuming the model is right. Does it change much when you move c at a fixed window?",
        "d": "compare the fitted T_c at T_max = 0.7 and at 0.98 with c = 1. Which runs feel the m⁶ term most, "
             "those with large m* or those near T_c?",
    })


# ----------------------------------------------------------------- task 10.5
BLACK_BOX_OPTIONS = {
    "a": "they predict m → 0 above T_c, like the truth: the data show m* shrinking as T approaches T_c",
    "b": "they continue the ordered-phase trend smoothly past T_c: m(t_max) keeps falling with T and can cross "
         "zero, which the dynamics forbids; nothing in a generic function of (T, t) makes m = 0 a fixed point",
    "c": "they repeat the trajectory of the highest training temperature for every T above the window: networks "
         "cannot extrapolate at all",
    "d": "they predict the truth above T_c because their tanh units saturate to zero far from the data",
}


@task("ch10-black-box", "Task 10.5, what a black box predicts above T_c")
def _black_box(prediction):
    return grade_choice(prediction, BLACK_BOX_OPTIONS, "b", what="your prediction", remark=(
        "Both fit the window well and both extrapolate its trend, not its physics. m = 0 is a fixed point of "
        "dm/dt = −Γ(a m + b m³) for every T, so a trajectory that starts positive stays positive; the structured "
        "model gets this for free. The next cell trains both."), hints={
        "a": "the data contain no run in which m goes to 0: every training run settles at m* > 0. What in an MLP "
             "of (T, t) would make it return exactly 0 above a temperature it has never seen?",
        "c": "a network is a smooth function of its inputs: does its output stop changing when T leaves the "
             "window? Think of a fitted polynomial outside its data.",
        "d": "saturating units make the output tend to a constant far away, but which constant? It is set by the "
             "weights fitted to the ordered phase, not by the physics of the disordered one.",
    })
