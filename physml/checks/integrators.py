"""Self-checks for the exercises of chapter 7 (symplectic structure)."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from .. import integrators as I
from .. import systems as S
from . import Wrong, as_array, as_number, call, task


def _H2(q, p):
    """A separable test Hamiltonian with two degrees of freedom and unequal masses."""
    return 0.5 * p[0] ** 2 + 0.25 * p[1] ** 2 + jnp.cos(q[0]) * q[1] + 0.1 * q[1] ** 4


def _variant_step(kind, H, y, dt):
    n = y.shape[0] // 2
    q, p = y[:n], y[n:]
    dV, dT = jax.grad(H, argnums=0), jax.grad(H, argnums=1)
    if kind == "dkd":
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
    elif kind == "sign":
        p = p + 0.5 * dt * dV(q, p)
        q = q + dt * dT(q, p)
        p = p + 0.5 * dt * dV(q, p)
    return jnp.concatenate([q, p])


# ----------------------------------------------------------------- task 7.1
@task("ch07-leapfrog", "Task 7.1, a leapfrog step")
def _leapfrog(my_leapfrog_step):
    for y, dt in ((np.array([0.3, -0.5, 0.8, 0.2]), 0.1), (np.array([1.1, 0.4, -0.6, 0.9]), 0.05)):
        got = as_array(call(my_leapfrog_step, _H2, jnp.asarray(y), dt, what="my_leapfrog_step"), shape=y.shape,
                       what="my_leapfrog_step(H, y, dt)")
        ref = np.asarray(I.step_map("leapfrog", _H2, dt)(jnp.asarray(y)))
        if np.allclose(got, ref, atol=1e-12):
            continue
        for kind, hint in (("dkd", "that is drift–kick–drift, also second order and symplectic; this task asks for "
                                   "kick–drift–kick: half a kick to p first."),
                           ("full-kicks", "the two kicks are half steps: p − (h/2)∂H/∂q, not a full h."),
                           ("symplectic-euler", "that is symplectic Euler (one full kick, one drift); leapfrog splits "
                                                "the kick into two halves around the drift."),
                           ("sign", "the kicks move p *down* the potential: p − (h/2)∂H/∂q.")):
            if np.allclose(got, np.asarray(_variant_step(kind, _H2, jnp.asarray(y), dt)), atol=1e-12):
                raise Wrong(hint)
        raise Wrong("split y into q = y[:n] and p = y[n:] (n = len(y) // 2); then p ← p − (h/2)∂H/∂q(q, p), "
                    "q ← q + h ∂H/∂p(q, p), p ← p − (h/2)∂H/∂q(q, p), with the gradients from jax.grad(H, argnums=…).")
    return "Second order and symplectic: it conserves a modified Hamiltonian exactly."


# ----------------------------------------------------------------- task 7.2
def _maps():
    A = np.array([[1.0, 0.2, 0.1, 0.0], [0.0, 1.1, 0.0, 0.3], [0.2, 0.0, 0.9, 0.1], [0.0, 0.4, 0.0, 1.0]])
    return [(lambda y: jnp.asarray(A) @ y, np.array([0.1, 0.2, 0.3, 0.4])),
            (I.step_map("euler", I.hamiltonian_flow(_H2), 0.2), np.array([0.3, -0.5, 0.8, 0.2])),
            (I.step_map("leapfrog", _H2, 0.2), np.array([0.3, -0.5, 0.8, 0.2]))]


@task("ch07-defect", "Task 7.2, the symplectic defect")
def _defect(my_symplectic_defect):
    J = I.canonical_J(2)
    for step, y in _maps():
        got = as_number(call(my_symplectic_defect, step, jnp.asarray(y), what="my_symplectic_defect"),
                        "my_symplectic_defect(step, y)")
        ref = I.symplectic_defect(step, y)
        if abs(got - ref) <= 1e-8 * max(1.0, ref):
            continue
        M = np.asarray(jax.jacfwd(step)(jnp.asarray(y)))
        if np.isclose(got, ref**2, rtol=1e-6):
            raise Wrong("that is the squared norm; return the Frobenius norm itself (np.linalg.norm).")
        if np.isclose(got, np.linalg.norm(M @ J @ M.T - J), rtol=1e-6):
            raise Wrong("the order matters with more than one degree of freedom: Mᵀ J M, with the transpose first.")
        if np.isclose(got, np.linalg.norm(M.T @ J @ M), rtol=1e-6):
            raise Wrong("subtract J: the defect is ‖MᵀJM − J‖, zero for a symplectic map.")
        if np.isclose(got, np.linalg.norm(M.T @ J.T @ M - J), rtol=1e-6):
            raise Wrong("check J: with y = (q, p), J = [[0, I], [−I, 0]] (I.canonical_J(n)).")
        raise Wrong("M = jax.jacfwd(step)(y) is the Jacobian; with n = len(y) // 2 and J = [[0, I], [−I, 0]], "
                    "return np.linalg.norm(M.T @ J @ M − J).")
    return "Zero to round-off for leapfrog, clearly not for Euler or a generic linear map."


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
        raise Wrong("give a time, not a number of steps: t = h × (step index).")
    if t <= 0:
        raise Wrong("a crossing time is positive.")
    if t < ref:
        raise Wrong("too early: compare RK4's error with leapfrog's *largest* error over the whole run, "
                    "not with its value at the same step (leapfrog's error oscillates and passes through zero).")
    raise Wrong("too late: find the first step at which RK4's energy error exceeds leapfrog's largest error.")
