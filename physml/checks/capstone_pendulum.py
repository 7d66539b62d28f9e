r"""Self-checks for capstone A: a learned double pendulum, integrated symplectically (chapters 6 and 7).

The double pendulum has two equal masses :math:`m = 1` on massless rods of length :math:`l = 1`, with
:math:`g = 1`; ``q = (θ₁, θ₂)`` are the angles from the downward vertical and ``p`` their conjugate momenta.
Every reference here is independent of the Hamiltonian the students write: the vector field comes from
the **Lagrangian** equations of motion (the mass matrix :math:`M(q) = [[2, \cos Δ], [\cos Δ, 1]]`,
:math:`Δ = θ_1 - θ_2`, solved for the angular accelerations), the energy is
:math:`\tfrac12 ω^\top M ω + V` with :math:`ω = M^{-1} p` from ``numpy.linalg.solve``, the implicit
midpoint step is solved by Newton's method (not by fixed-point iteration), and the Lyapunov exponent
comes from the tangent (variational) equations, not from two nearby trajectories.
"""
from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from . import (
    StudentError,
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

#: the state from which milestone 1's reference run starts (at rest), and its length
REFERENCE_START = (0.3, -0.2, 0.0, 0.0)
REFERENCE_TIME = 100.0
#: milestone 2's training states are uniform in this box: |θᵢ| ≤ 0.5, |pᵢ| ≤ 0.5
LOW_ENERGY_BOX = 0.5
#: milestone 5: the chaotic start (released from rest at θ₁ = θ₂ = 2), the run length, renormalisation time
CHAOS_START = (2.0, 2.0, 0.0, 0.0)
LYAPUNOV_TIME = 100.0
LYAPUNOV_TAU = 0.5


# ----------------------------------------------------------------- the independent reference
def mass_matrix(q):
    """``M(q)`` of the kinetic energy ``½ ωᵀ M ω`` (m = l = 1); ``q`` of shape (..., 2) → (..., 2, 2)."""
    q = np.asarray(q, dtype=float)
    c = np.cos(q[..., 0] - q[..., 1])
    return np.stack([np.stack([2.0 + 0 * c, c], -1), np.stack([c, 1.0 + 0 * c], -1)], -2)


def energy_reference(q, p):
    """``½ pᵀ M(q)⁻¹ p − 2 cos θ₁ − cos θ₂`` by a linear solve (no closed-form inverse)."""
    q, p = np.asarray(q, dtype=float), np.asarray(p, dtype=float)
    omega = np.linalg.solve(mass_matrix(q), p[..., None])[..., 0]
    return 0.5 * np.sum(p * omega, axis=-1) - 2 * np.cos(q[..., 0]) - np.cos(q[..., 1])


def lagrangian_flow(y):
    r"""``ẏ = (q̇, ṗ)`` from the Euler–Lagrange equations (jnp, one state of shape (4,)).

    :math:`2\dot ω_1 + \cos Δ\,\dot ω_2 = -ω_2^2 \sin Δ - 2 \sin θ_1` and
    :math:`\cos Δ\,\dot ω_1 + \dot ω_2 = ω_1^2 \sin Δ - \sin θ_2`, then :math:`p = Mω`, so
    :math:`\dot p = M\dot ω + \dot M ω`.
    """
    th1, th2, p1, p2 = y[0], y[1], y[2], y[3]
    d = th1 - th2
    c, s = jnp.cos(d), jnp.sin(d)
    M = jnp.array([[2.0, c], [c, 1.0]])
    w = jnp.linalg.solve(M, jnp.array([p1, p2]))
    rhs = jnp.array([-w[1] ** 2 * s - 2 * jnp.sin(th1), w[0] ** 2 * s - jnp.sin(th2)])
    dw = jnp.linalg.solve(M, rhs)
    dM = -s * (w[0] - w[1]) * jnp.array([[0.0, 1.0], [1.0, 0.0]])
    dp = M @ dw + dM @ w
    return jnp.concatenate([w, dp])


_flow_batch = jax.jit(jax.vmap(lagrangian_flow))


def flow_reference(ys):
    """:func:`lagrangian_flow` on a batch of states (..., 4), as a numpy array."""
    ys = np.asarray(ys, dtype=float)
    return np.asarray(_flow_batch(jnp.asarray(ys.reshape(-1, 4)))).reshape(ys.shape)


def _states(seed, n, box):
    return np.random.default_rng(seed).uniform(-box, box, (n, 4))


# ----------------------------------------------------------------- milestone 1: H(q, p)
def hamiltonian_variant(kind):
    """A double-pendulum Hamiltonian with a typical slip (for the hints and their tests)."""
    def H(q, p):
        d = q[0] - q[1]
        c, s = jnp.cos(d), jnp.sin(d)
        V = -2 * jnp.cos(q[0]) - jnp.cos(q[1])
        T = (p[0] ** 2 + 2 * p[1] ** 2 - 2 * p[0] * p[1] * c) / (2 * (1 + s ** 2))
        if kind == "right":
            return T + V
        if kind == "mass-matrix":          # ½ pᵀ M p: M where M⁻¹ belongs
            return 0.5 * (2 * p[0] ** 2 + 2 * c * p[0] * p[1] + p[1] ** 2) + V
        if kind == "potential-sign":
            return T - V
        if kind == "one-mass-potential":   # the lower mass forgotten in the first angle's potential
            return T - jnp.cos(q[0]) - jnp.cos(q[1])
        if kind == "plus-coupling":        # + 2 p₁p₂ cos Δ
            return (p[0] ** 2 + 2 * p[1] ** 2 + 2 * p[0] * p[1] * c) / (2 * (1 + s ** 2)) + V
        if kind == "sum-angle":            # cos(θ₁ + θ₂)
            c2, s2 = jnp.cos(q[0] + q[1]), jnp.sin(q[0] + q[1])
            return (p[0] ** 2 + 2 * p[1] ** 2 - 2 * p[0] * p[1] * c2) / (2 * (1 + s2 ** 2)) + V
        if kind == "swapped-masses":       # 2 p₁² + p₂²: the two momenta's coefficients swapped
            return (2 * p[0] ** 2 + p[1] ** 2 - 2 * p[0] * p[1] * c) / (2 * (1 + s ** 2)) + V
        raise ValueError(f"kind must name a variant, got {kind!r}")
    return H


_H_SLIPS = (
    ("mass-matrix", "the kinetic energy in the momenta is ½ pᵀ M⁻¹ p, not ½ pᵀ M p. The Lagrangian's ½ ωᵀ M ω is "
                    "in the velocities: with p = M ω, what does it become in p?"),
    ("potential-sign", "check the sign of the potential energy: with the angles measured from the downward "
                       "vertical, is the bottom (θ = 0) the lowest or the highest energy?"),
    ("one-mass-potential", "how high is the lower mass? Its height depends on both angles, so the first angle's "
                           "potential carries the weight of both masses."),
    ("plus-coupling", "check the sign of the cross term p₁p₂ cos Δ: invert the 2×2 mass matrix by hand, what is "
                      "the sign of its off-diagonal entry?"),
    ("sum-angle", "the coupling depends on the angle between the rods, θ₁ − θ₂, not on θ₁ + θ₂: the velocity of the "
                  "lower mass adds two vectors at angles θ₁ and θ₂."),
    ("swapped-masses", "which momentum carries the factor 2? The diagonal of M is (m₁ + m₂, m₂) = (2, 1); in M⁻¹ "
                       "the diagonal entries trade places."),
)


@task("capstone-pendulum-hamiltonian", "Capstone A, milestone 1: the double pendulum's Hamiltonian")
def _hamiltonian(my_H):
    ys = np.concatenate([_states(11, 6, 1.5), np.array([[0.0, 0.0, 0.0, 0.0], [2.0, -1.0, 0.4, -0.7]])])
    got = []
    for y in ys:
        value = call(my_H, jnp.asarray(y[:2]), jnp.asarray(y[2:]), what="double_pendulum_H")
        got.append(float(as_array(value, shape=(), what="double_pendulum_H(q, p)")))
    got = np.array(got)
    ref = energy_reference(ys[:, :2], ys[:, 2:])
    if np.allclose(got, ref, atol=1e-10):
        return ("It matches ½ pᵀ M(q)⁻¹ p + V from a linear solve: the mass matrix depends on θ₁ − θ₂, so H is not "
                "separable into T(p) + V(q).")
    if np.allclose(got - got[0], ref - ref[0], atol=1e-10):
        raise Wrong("every value is off by the same constant. A constant does not change the motion, but the "
                    "milestone fixes the zero of energy with V = −2 cos θ₁ − cos θ₂ (the pivot at height zero).")
    slips = ((np.array([float(hamiltonian_variant(k)(y[:2], y[2:])) for y in ys]), hint) for k, hint in _H_SLIPS)
    reject_typical_mistakes(got, slips, atol=1e-10)
    raise Wrong("write the velocity of each mass from the angles, form T = ½ ωᵀ M ω and V, then p = ∂L/∂ω = M ω. "
                "Is your kinetic energy ½ pᵀ M⁻¹ p with the inverse of the 2×2 matrix M = [[2, cos Δ], [cos Δ, 1]]?")


# ----------------------------------------------------------------- milestone 1: the reference run
@task("capstone-pendulum-reference", "Capstone A, milestone 1: the reference trajectory's energy error")
def _reference(relative_error):
    e = as_number(relative_error, "reference_energy_error")
    if e < 0:
        raise Wrong("a largest relative error |H(t) − H(0)| / |H(0)| is not negative: did you keep the sign?")
    if e == 0:
        raise Wrong("exactly zero is not what a floating-point integration gives. Did you compare H at the start "
                    "with itself, or evaluate H at a single time instead of along the whole trajectory?")
    if e > 1e-5:
        raise Wrong("far too large for a reference. Did you pass rtol and atol to solve_ivp (its defaults are "
                    "rtol = 1e-3, atol = 1e-6) and choose method='DOP853'?")
    if e > 1e-8:
        raise Wrong("close, but not yet a reference. Are both tolerances, rtol and atol, at 1e-10? The absolute one "
                    "matters for the components that pass through zero.")
    return ("A high-order adaptive integrator at tight tolerances: not symplectic, but its drift over 100 time "
            "units is far below anything the learned models will make, so it can serve as the truth.")


# ----------------------------------------------------------------- milestone 2: the learned H
def learned_error(H, n=400, seed=2024):
    """Relative RMS error of ``J∇H`` against :func:`lagrangian_flow` on fresh low-energy states."""
    ys = _states(seed, n, LOW_ENERGY_BOX)
    dH = jax.grad(lambda y: jnp.reshape(H(y[:2], y[2:]), ()))
    grads = np.asarray(jax.vmap(dH)(jnp.asarray(ys)))
    predicted = np.concatenate([grads[:, 2:], -grads[:, :2]], axis=1)
    true = flow_reference(ys)
    return float(np.sqrt(np.mean((predicted - true) ** 2) / np.mean(true ** 2)))


@task("capstone-pendulum-learned", "Capstone A, milestone 2: the learned Hamiltonian")
def _learned(learned_H):
    if not callable(learned_H):
        raise StudentError(f"learned_H should be a function H(q, p), but it is a {type(learned_H).__name__}.")
    value = call(learned_H, jnp.zeros(2), jnp.zeros(2), what="learned_H")
    as_array(value, what="learned_H(q, p)")
    if np.asarray(value, dtype=float).size != 1:
        raise Wrong("learned_H(q, p) should return one number (the energy), not an array; take the single output "
                    "of the network.")
    try:
        err = learned_error(learned_H)
    except Exception as e:
        raise StudentError(f"learned_H could not be differentiated with jax.grad ({type(e).__name__}: {e}). "
                           "Is it written with jax.numpy throughout?") from None
    if not np.isfinite(err):
        raise Wrong("the derivatives of learned_H are not finite on low-energy states; did training diverge?")
    if err < 1e-8:
        raise Wrong("that is the exact Hamiltonian, not a learned one: this milestone asks for the network trained "
                    "on the noisy derivatives.")
    if abs(err - 2) < 0.3:
        raise Wrong("the predicted motion runs backwards in time: the error is about twice the size of the motion. "
                    "Check the signs in ẏ = J∇H: q̇ = +∂H/∂p and ṗ = −∂H/∂q.")
    if err > 0.5:
        raise Wrong("the learned flow is not yet close to the true one. Is the network trained (look at its loss: "
                    "does it come down to about σ², the noise's variance)? Are the states the network sees ordered "
                    "(q, p) as in the data?")
    if err > 0.08:
        raise Wrong("on the way, but the learned flow is still off by more than 8% on fresh low-energy states. Train "
                    "for longer or with a larger learning rate, and check that the training data cover the box "
                    "|θᵢ|, |pᵢ| ≤ 0.5.")
    return ("On fresh states, J∇H_θ is within a few per cent of the true flow: well below the noise of the "
            "training data, because the fit averages the noise out.")


# ----------------------------------------------------------------- milestone 3: implicit midpoint
def _test_H1(q, p):
    """A non-separable Hamiltonian with one degree of freedom (a position-dependent mass)."""
    return 0.5 * p[0] ** 2 * (1.0 + 0.5 * jnp.sin(q[0]) ** 2) + 0.5 * q[0] ** 2 + 0.1 * q[0] * p[0] ** 3


def _flow(H):
    dq, dp = jax.grad(H, argnums=0), jax.grad(H, argnums=1)

    def f(y):
        n = y.shape[0] // 2
        return jnp.concatenate([dp(y[:n], y[n:]), -dq(y[:n], y[n:])])
    return f


@functools.lru_cache(maxsize=32)
def _midpoint_maps(H):
    """The implicit midpoint step of ``H`` and its typical slips, each ``(y, dt) -> y'``, compiled once per
    Hamiltonian (and shape of y), so that a check answers in about a second rather than in tens."""
    f = _flow(H)

    def iterate(n, update, start):
        return jax.lax.fori_loop(0, n, lambda _, z: update(z), start)

    def newton(y, dt):
        def residual(z):
            return z - y - dt * f(0.5 * (y + z))
        return iterate(12, lambda z: z - jnp.linalg.solve(jax.jacfwd(residual)(z), residual(z)), y + dt * f(y))

    maps = {
        "right": newton,
        # one stage of RK2: y + h f(y + h/2 f(y))
        "explicit-midpoint": lambda y, dt: y + dt * f(y + 0.5 * dt * f(y)),
        "euler": lambda y, dt: y + dt * f(y),
        # y' = y + h/2 (f(y) + f(y')), solved exactly
        "trapezoid": lambda y, dt: iterate(80, lambda z: y + 0.5 * dt * (f(y) + f(z)), y + dt * f(y)),
        # fixed point stopped after three iterations
        "few-iterations": lambda y, dt: iterate(3, lambda z: y + dt * f(0.5 * (y + z)), y),
        # backward Euler: f at y', not at the midpoint
        "end-point": lambda y, dt: iterate(80, lambda z: y + dt * f(z), y + dt * f(y)),
    }
    return {kind: jax.jit(m) for kind, m in maps.items()}


def midpoint_reference(H, y, dt):
    """The implicit midpoint step ``y' = y + h J∇H((y + y')/2)``, solved by Newton's method to round-off."""
    return midpoint_variant("right", H, y, dt)


def midpoint_variant(kind, H, y, dt):
    """An implicit-midpoint step with a typical slip (for the hints and their tests); ``"right"`` is the step."""
    maps = _midpoint_maps(H)
    if kind not in maps:
        raise ValueError(f"kind must name a variant, got {kind!r}")
    return np.asarray(maps[kind](jnp.asarray(y, dtype=jnp.float64), dt))


_MIDPOINT_SLIPS = (
    ("explicit-midpoint", "that is the explicit midpoint rule (a second-order Runge–Kutta method): it evaluates the "
                          "field at y + (h/2) f(y), a prediction, not at the midpoint of y and the unknown y'. Which "
                          "equation must y' satisfy, and how do you solve it?"),
    ("euler", "that is one explicit Euler step. The implicit rule evaluates the field at (y + y')/2, which needs y': "
              "iterate y' ← y + h f((y + y')/2) until it stops changing."),
    ("few-iterations", "the iteration has not converged: each pass gains only a factor of about h‖∂f‖/2. Iterate "
                       "until y' stops changing to round-off (or a fixed number large enough for that)."),
    ("trapezoid", "that is the trapezoidal rule, y' = y + (h/2)(f(y) + f(y')): it averages the field at the two "
                  "ends. The midpoint rule evaluates the field once, at the average of the two states."),
    ("end-point", "that is backward (implicit) Euler: the field at the new state y'. Where should the implicit "
                  "midpoint rule evaluate it?"),
)

#: (Hamiltonian, state, step) on which a student's step is compared with Newton's solution
MIDPOINT_CASES = (
    (_test_H1, (0.7, -0.4), 0.1),
    (_test_H1, (-1.2, 0.9), 0.05),
    (hamiltonian_variant("right"), (0.4, -0.3, 0.2, -0.1), 0.1),
    (hamiltonian_variant("right"), (1.8, 1.5, 0.6, -0.2), 0.05),
)


@task("capstone-pendulum-midpoint", "Capstone A, milestone 3: the implicit midpoint step")
def _midpoint(my_step):
    for H, y, dt in MIDPOINT_CASES:
        y = np.asarray(y, dtype=float)
        got = as_array(call(my_step, H, jnp.asarray(y), dt, what="implicit_midpoint_step"), shape=y.shape,
                       what="implicit_midpoint_step(H, y, dt)")
        if np.allclose(got, midpoint_reference(H, y, dt), rtol=0, atol=1e-10):
            continue
        slips = ((midpoint_variant(kind, H, y, dt), hint) for kind, hint in _MIDPOINT_SLIPS)
        reject_typical_mistakes(got, slips, rtol=0, atol=1e-10)
        raise Wrong("compare with the rule y' = y + h J∇H((y + y')/2), with J∇H = (∂H/∂p, −∂H/∂q). Does your step "
                    "work for one degree of freedom as well as two (y = (q, p), first half q)?")
    return ("It agrees with a Newton solve to 1e-10 on a non-separable H with one and with two degrees of freedom. "
            "The midpoint rule is symplectic for every H: the map's Jacobian satisfies MᵀJM = J.")


@task("capstone-pendulum-order", "Capstone A, milestone 3: the order of the energy error")
def _order(exponent):
    k = as_number(exponent, "energy_error_exponent")
    if abs(k - 2) <= 0.25:
        return "Second order: the energy error of a symmetric symplectic method is bounded and scales as h²."
    reject_near(k, [
        (4.0, 0.3, "that is the ratio of the two errors, not the exponent. If e ∝ hᵏ and the step halves, the error "
                   "falls by 2ᵏ: which logarithm of the ratio gives k?"),
        (1.0, 0.3, "first order would be symplectic Euler's. The implicit midpoint rule is symmetric (running it with "
                   "−h undoes a step): which powers of h can its energy error then contain?"),
        (-2.0, 0.3, "the sign: does the error grow or shrink when h gets smaller? Which way round is the ratio?"),
        (0.0, 0.3, "no dependence on h would mean round-off or a bug: is the error you measure the largest |H − H₀| "
                   "over the run, for each step size separately?"),
    ])
    raise Wrong("measure the largest |H(yₙ) − H(y₀)| over 100 time units at h = 0.2 and at h = 0.1, then "
                "k = log₂ of their ratio. Is each run as long in time (not in steps) as the other?")


# ----------------------------------------------------------------- milestone 4: long runs
LONG_RUN_OPTIONS = {
    "a": "both models conserve the true energy H, because both were trained on the true dynamics",
    "b": "the Hamiltonian network's true-energy error stays in a band, set by how far H_θ is from H on its level "
         "set; the baseline's drifts, because its learned field conserves nothing",
    "c": "the Hamiltonian network conserves H exactly, because implicit midpoint is symplectic",
    "d": "the baseline is more accurate in the long run, because RK4 is fourth order and implicit midpoint only "
         "second",
}


@task("capstone-pendulum-long-run", "Capstone A, milestone 4: what each long run conserves")
def _long_run(answer):
    return grade_choice(answer, LONG_RUN_OPTIONS, "b", what="long_run_answer",
                        remark="Conserving H_θ (up to the integrator's bounded h² band) keeps the run on a level set "
                               "of H_θ, which stays close to a level set of H; nothing holds the baseline there.",
                        hints={
        "a": "training makes the learned field close to the true one, but does closeness at each state stop a small "
             "error from accumulating over a thousand time units? What, in each model, would stop the drift?",
        "c": "a symplectic integrator conserves (nearly) the Hamiltonian it integrates. Which Hamiltonian is that "
             "here: H, or the network's H_θ?",
        "d": "the order of a method describes the error of one step on a given field. Does it say anything about "
             "what the learned field conserves? Look at the two energy curves you plotted.",
    })


# ----------------------------------------------------------------- milestone 5: chaos
@functools.lru_cache(maxsize=1)
def lyapunov_reference(dt=0.005):
    """Largest Lyapunov exponent from :data:`CHAOS_START` over :data:`LYAPUNOV_TIME`: RK4 on the tangent
    equations of :func:`lagrangian_flow` (``jax.jvp``), renormalised every :data:`LYAPUNOV_TAU`."""
    def extended(z):
        f, df = jax.jvp(lagrangian_flow, (z[:4],), (z[4:],))
        return jnp.concatenate([f, df])

    def rk4(z):
        k1 = extended(z)
        k2 = extended(z + 0.5 * dt * k1)
        k3 = extended(z + 0.5 * dt * k2)
        k4 = extended(z + dt * k3)
        return z + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)

    n_inner = int(round(LYAPUNOV_TAU / dt))

    @jax.jit
    def run(z0):
        def block(z, _):
            z = jax.lax.fori_loop(0, n_inner, lambda _, z: rk4(z), z)
            norm = jnp.linalg.norm(z[4:])
            return jnp.concatenate([z[:4], z[4:] / norm]), jnp.log(norm)

        _, logs = jax.lax.scan(block, z0, None, length=int(round(LYAPUNOV_TIME / LYAPUNOV_TAU)))
        return jnp.sum(logs) / LYAPUNOV_TIME

    z0 = jnp.concatenate([jnp.asarray(CHAOS_START), jnp.array([1.0, 1.0, 1.0, 1.0]) / 2.0])
    return float(run(z0))


@task("capstone-pendulum-lyapunov", "Capstone A, milestone 5: the largest Lyapunov exponent")
def _lyapunov(lam):
    value = as_number(lam, "lyapunov_exponent")
    ref = lyapunov_reference()
    if abs(value - ref) <= 0.15 * ref:
        return ("Within the spread of a finite-time estimate of the tangent-space reference: nearby states separate "
                "by a factor e in about 1/λ time units.")
    if value <= 0:
        raise Wrong("a positive exponent is what chaos means: nearby trajectories separate. Did you take the "
                    "logarithm of the growth factor d/d₀ (larger than 1), not of d₀/d?")
    reject_near(value, [
        (ref * LYAPUNOV_TIME, 0.2 * ref * LYAPUNOV_TIME,
         "that is the sum of the logarithms, not a rate. Divide by the total time."),
        (ref / np.log(10), 0.1 * ref / np.log(10),
         "the exponent is defined with the natural logarithm; which logarithm did you take?"),
        (ref * LYAPUNOV_TAU, 0.1 * ref * LYAPUNOV_TAU,
         "you divided by the number of renormalisations. Is that a time? Each lasts τ = 0.5."),
        (ref / LYAPUNOV_TAU, 0.1 * ref / LYAPUNOV_TAU,
         "a factor 1/τ too large: is the total time the number of renormalisations times τ?"),
    ])
    if value < ref:
        raise Wrong("too small. Do you renormalise the separation back to d₀ every τ? Without it the separation "
                    "saturates at the size of the phase space, and the average growth rate falls.")
    raise Wrong("too large. Is the initial separation tiny (d₀ = 1e-8) and the run 100 time units long from the "
                "milestone's start, with a step small enough (h = 0.05) for the integrator to follow the motion?")


def _horizon_reference(delta0, tolerance, lam):
    return np.log(tolerance / delta0) / lam


HORIZON_POINTS = ((1e-8, 0.1, 0.4), (1e-4, 1.0, 1.3), (1e-12, 0.01, 0.25), (3e-6, 0.5, 0.9))


@task("capstone-pendulum-horizon", "Capstone A, milestone 5: the prediction horizon")
def _horizon(formula):
    f = as_formula(formula, ("delta0", "tolerance", "lam"), "t_horizon")
    got = formula_values(f, HORIZON_POINTS, "t_horizon should give one number for each (delta0, tolerance, lam).")
    ref = np.array([_horizon_reference(*point) for point in HORIZON_POINTS])
    if np.allclose(got, ref, rtol=1e-6):
        return ("The horizon grows only with the logarithm of the precision: a model a thousand times more accurate "
                "buys ln(1000)/λ ≈ 7/λ more time.")
    if not np.all(np.isfinite(got)):
        raise Wrong("your formula is not finite at some of the test points; a horizon is a finite time.")
    if np.allclose(got, got[0]):
        raise Wrong("your formula does not depend on δ₀, the tolerance or λ. How long does an error take to grow "
                    "from δ₀ to the tolerance at the rate λ?")
    candidates = [
        (np.array([np.log10(t / d) / lam for d, t, lam in HORIZON_POINTS]),
         "the separation grows as e^{λt}: which logarithm undoes an exponential with base e?"),
        (np.array([1 / lam for _, _, lam in HORIZON_POINTS]),
         "1/λ is the time for the error to grow by a factor e. How many such factors take it from δ₀ to the "
         "tolerance?"),
        (np.array([np.log(d / t) / lam for d, t, lam in HORIZON_POINTS]),
         "the horizon is positive: the error must grow from the small δ₀ up to the larger tolerance."),
        (np.array([lam * np.log(t / d) for d, t, lam in HORIZON_POINTS]),
         "check the units: λ is a rate (per unit time). Should it multiply or divide?"),
        (np.array([np.log(1 / d) / lam for d, t, lam in HORIZON_POINTS]),
         "the horizon depends on the tolerance too: when does a prediction count as lost?"),
    ]
    reject_typical_mistakes(got, candidates, rtol=1e-6)
    raise Wrong("start from δ(t) = δ₀ e^{λt}, and solve δ(t) = tolerance for t.")
