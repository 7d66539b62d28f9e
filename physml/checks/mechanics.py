"""Self-checks for the exercises of chapter 6 (conservation by construction)."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from .. import integrators as I
from .. import systems as S
from . import (
    StudentError,
    Wrong,
    as_array,
    as_formula,
    as_number,
    as_pair,
    call,
    grade_choice,
    reject_near,
    reject_typical_mistakes,
    task,
)


def _hamiltonians():
    """Test Hamiltonians H(q, p): separable, non-separable, two degrees of freedom; and a state y = (q, p)."""
    return [
        (S.pendulum, np.array([0.7, -0.3])),
        (lambda q, p: 0.25 * (jnp.sum(q**2) + jnp.sum(p**2)) ** 2 + jnp.sum(q * p), np.array([0.4, 1.1])),
        (lambda q, p: 0.5 * jnp.sum(p**2) + jnp.cos(q[0] - q[1]) + 0.2 * q[0] * p[1], np.array([0.3, -0.8, 0.5, 1.2])),
    ]


# ----------------------------------------------------------------- task 6.1
@task("ch06-hamilton", "Task 6.1, Hamilton's equations from a scalar H")
def _hamilton(my_vector_field):
    for H, y in _hamiltonians():
        f = call(my_vector_field, H, what="my_vector_field")
        if not callable(f):
            raise StudentError(f"my_vector_field(H) should return a function of the state y, but it returned a "
                               f"{type(f).__name__}.")
        got = as_array(call(f, jnp.asarray(y), what="the function returned by my_vector_field"),
                       shape=y.shape, what="f(y)")
        ref = np.asarray(I.hamiltonian_flow(H)(jnp.asarray(y)))
        if np.allclose(got, ref, atol=1e-10):
            continue
        n = y.size // 2
        q, p = jnp.asarray(y[:n]), jnp.asarray(y[n:])
        grad = np.concatenate([np.asarray(g) for g in jax.grad(H, argnums=(0, 1))(q, p)])   # (∂H/∂q, ∂H/∂p)
        if np.allclose(got, -ref, atol=1e-10):
            raise Wrong("both signs are swapped. On the spring H = (q² + p²)/2 at (q, p) = (1, 0), the mass "
                        "sits at the right turning point: which way does p change next, and what does your f say?")
        if np.allclose(got, grad, atol=1e-10):
            raise Wrong("that is the gradient ∇H itself. Which way does ∇H point relative to the level curves "
                        "H = const, and which way must the motion go if H is to stay constant?")
        if np.allclose(got, np.concatenate([-grad[:n], grad[n:]]), atol=1e-10):
            raise Wrong("the halves are in the wrong places: swap the two halves and think again which "
                        "derivative gives q̇ and which gives ṗ. Which one is the velocity?")
        if np.allclose(got[:n], ref[:n], atol=1e-10):
            raise Wrong("q̇ is right, ṗ is not. Hamilton's second equation reads ṗ = −∂H/∂q: which argnums "
                        "gives ∂H/∂q, and does your ṗ carry the minus sign?")
        raise Wrong("test your function on the spring H = (q² + p²)/2, whose motion you know: what should "
                    "f(y) be at y = (1, 0), and at y = (0, 1)? Which half of y is q, and which is p?")
    return "For any H, your vector field conserves H: dH/dt = ∇H · J∇H = 0."


# ----------------------------------------------------------------- task 6.2
_MOMENTUM = {
    "a": "stays at round-off, whatever the weights and masses",
    "b": "stays small only once the network is trained",
    "c": "grows slowly through the integrator's error",
    "d": "stays zero only for equal masses",
}


@task("ch06-momentum-predict", "Task 6.2, does an untrained pair network conserve momentum?")
def _momentum_predict(prediction):
    return grade_choice(prediction, _MOMENTUM, "a", what="your prediction", remark=(
        "Σ_i F_i = Σ_{i≠j} F_ij cancels in pairs, F_ij + F_ji = 0, for any function φ: no training, "
        "no special masses, and every step changes P by h Σ_i F_i = 0. Run the experiment to see it."), hints={
        "b": "the argument that Σ_i Σ_j F_ij = 0 uses F_ji = −F_ij. Does that identity depend on the values "
             "of the weights, or only on how F_ij is built from φ?",
        "c": "a velocity-Verlet step changes each m_i v_i by (h/2) F_i at two configurations. By how much "
             "does it change P = Σ_i m_i v_i if Σ_i F_i = 0 at every configuration?",
        "d": "write dP/dt with P = Σ_i m_i v_i: the masses cancel against m_i in m_i dv_i/dt = F_i. What is "
             "left, and does it involve the masses?",
    })


# ----------------------------------------------------------------- task 6.3
_FLOOR_VARIABLES = ("sigma", "k", "m")
_POINTS = [(0.1, 1.0, 1.0), (0.2, 3.0, 0.5), (0.05, 0.7, 2.0), (0.3, 2.0, 1.5), (0.15, 5.0, 0.8)]


def _floor(sigma, k, m):
    return sigma**2 * (2 + k**2 + 1 / m**2) / 2


_FLOOR_WRONG = [      # (a typical wrong derivation, its hint)
    (lambda s, k, m: 2 * s**2,
     "that is the floor for k = m = 1. At a noisy state the exact field computes −k(q + ε_q) and "
     "(p + ε_p)/m: how much of the noise in q and p does it pass on to ṗ and q̇?"),
    (lambda s, k, m: s**2 * (k**2 + 1 / m**2) / 2,
     "you kept the state noise but lost the noise on the targets. What does η add to each component's "
     "mean squared miss?"),
    (lambda s, k, m: s**2 * (2 + k + 1 / m) / 2,
     "if ε has variance σ², what is the variance of k·ε: k σ² or something else?"),
    (lambda s, k, m: s**2 * (2 + k**2 + 1 / m**2),
     "this is the sum of the two components' mean squares; the loss averages over the two components. "
     "Off by a factor of 2?"),
    (lambda s, k, m: s * (2 + k**2 + 1 / m**2) / 2,
     "a mean square of noise with standard deviation σ scales as which power of σ?"),
    (lambda s, k, m: s**2 * (2 + m**2 + 1 / k**2) / 2,
     "check which parameter multiplies which noise: q̇ = p/m and ṗ = −kq."),
    (lambda s, k, m: s**2 * (2 + k**2 + m**2) / 2,
     "q̇ = p/m divides the noise in p by m: what does that do to its variance?"),
]


@task("ch06-noise-floor", "Task 6.3, the noise floor of a general spring")
def _noise_floor(answer):
    formula = as_formula(answer, _FLOOR_VARIABLES, what="your noise floor")
    try:
        got = np.array([float(np.asarray(formula(*x), dtype=float).reshape(-1)[0]) for x in _POINTS])
    except (TypeError, ValueError, IndexError):
        raise StudentError("your noise floor should give one number for each sigma, k and m.") from None
    if not np.all(np.isfinite(got)):
        raise Wrong("your formula is not finite at some positive sigma, k and m; it should be.")
    ref = np.array([_floor(*x) for x in _POINTS])
    if np.allclose(got, ref, rtol=1e-8):
        return ("The target noise gives σ² in total, the state noise σ²(k² + 1/m²)/2: a stiff spring or a "
                "light mass magnifies errors in the states.")
    reject_typical_mistakes(got, (([wrong(*x) for x in _POINTS], hint) for wrong, hint in _FLOOR_WRONG), rtol=1e-8)
    if np.ptp(got / np.array([x[0] ** 2 for x in _POINTS])) < 1e-9 * max(1.0, np.abs(got).max()):
        raise Wrong("your formula should depend on sigma, k and m; it varies only as σ². How do k and m "
                    "enter the exact field f(q, p) = (p/m, −kq)?")
    if np.ptp(got) < 1e-12:
        raise Wrong("your formula should depend on sigma, k and m, but it is a constant. Start from the miss "
                    "f(state + ε) − (ẏ + η) component by component.")
    raise Wrong("write the miss f(state + ε) − (ẏ + η) component by component: the true parts cancel. "
                "Each component is then a sum of independent noises; what is the variance of such a sum?")


# ----------------------------------------------------------------- task 6.4
_CURL = {
    "a": "rate 2κ, the curl",
    "b": "rate κ, power κL with |L| ≈ E",
    "c": "integrator error",
    "d": "rate κ², second order",
}


@task("ch06-curl-interpret", "Task 6.4, a twisted force")
def _curl_interpret(answer):
    return grade_choice(answer, _CURL, "b", what="your explanation", remark=(
        "dE/dt = p·(−q + κRq) + q·p = κ p·Rq = κL. On a near-circular orbit |q| = |p| = r, so E = r² "
        "and L = ±r²: E grows or decays as e^{±κt}, with the sign of the sense of rotation."), hints={
        "a": "read the rate off the figure: by how much does ln E change between t = 0 and t = 40? The curl is "
             "the work per lap per unit enclosed area; how much area does the orbit enclose, how long does a lap "
             "take, and how large is E on it?",
        "c": "velocity Verlet keeps the energy of a gradient force bounded for long runs. Halve the step in "
             "the figure's cell: does the slope change? What is different about this force?",
        "d": "read the rate off the figure first. Then write the twist's power, κRq·q̇: is it first or second "
             "order in κ?",
    })


# ----------------------------------------------------------------- task 6.5
_KAPPA = 0.05


@task("ch06-work-factor", "Task 6.5, the factor W(2)/W(1) predicted from Green's theorem")
def _work_factor(factor):
    got = as_number(factor, what="factor")
    if abs(got - 4) < 0.02:
        return ("Green's theorem: W(r) = curl × area = 2κ · πr², so doubling r multiplies the work by 2² = 4. "
                "Now check it by quadrature.")
    reject_near(got, [
        (2, 0.02, "twice the radius gives a loop twice as long, but does the twist κRq stay the same size "
                  "along it? Green's theorem turns the loop integral into an area integral: of what, over "
                  "which area?"),
        (8, 0.1, "Green's theorem gives the work as the curl integrated over the enclosed disc. The curl of "
                 "κRq does not depend on q: how does the area of a disc grow with its radius?"),
        (1, 0.02, "the curl is the same everywhere, but is the area it is integrated over the same for the "
                  "two circles?"),
    ])
    if 0 < got < 1:
        raise Wrong("a larger circle encloses more of the same curl: should W(2) be smaller than W(1)? Is your "
                    "number W(1)/W(2) instead of W(2)/W(1)?")
    raise Wrong("by Green's theorem, W(r) is the integral of the curl ∂₁F₂ − ∂₂F₁ over the disc of radius r. "
                "What is the curl of F = −q + κRq, and how does the integral depend on r?")


@task("ch06-work-per-lap", "Task 6.5, the work per lap")
def _work_per_lap(work):
    w1, w2 = as_pair(work, "W1", "W2", what="work")
    try:
        w1, w2 = float(w1), float(w2)
    except (TypeError, ValueError):
        raise StudentError("work should be a pair of numbers (W1, W2).") from None
    ref = np.array([2 * np.pi * _KAPPA, 8 * np.pi * _KAPPA])
    got = np.array([w1, w2])
    if not np.all(np.isfinite(got)):
        raise Wrong("both works should be finite numbers.")
    if np.allclose(got, ref, rtol=1e-4):      # a few thousand points on a smooth periodic integrand: far better
        return "W grows as r², as the flux of a constant curl through a disc of area πr² must."
    if np.allclose(got, -ref, rtol=2e-3):
        raise Wrong("the magnitudes look right but the signs do not. Anticlockwise, at the point (r, 0), does "
                    "the tangent dq point up or down?")
    if np.allclose(got, ref / np.array([1.0, 2.0]), rtol=2e-3):
        raise Wrong("your W(2)/W(1) is 2. On a circle of radius r, how long is the step dq for an angle "
                    "step dφ? And how does the force κRq itself grow with r?")
    if np.allclose(got, ref / (2 * np.pi * np.array([1.0, 2.0])), rtol=2e-3):
        raise Wrong("this looks like the average of F·t over the circle. The work adds up F·dq over the "
                    "steps: what is the total length of the loop?")
    if np.allclose(got, 0.0, atol=1e-6):
        raise Wrong("the −q part is a gradient and does no work around a loop; did you include the twist κRq?")
    if np.allclose(got, ref, rtol=0.05):
        raise Wrong("close, but not to the accuracy a few thousand points give on a smooth periodic integrand. "
                    "Is every point of the circle counted exactly once, and is your dq the tangent times the "
                    "arc length, or a chord between neighbouring points?")
    raise Wrong("parametrise the circle by an angle φ: what is the step dq for a small step dφ, and what do "
                "you add up around the loop?")
