"""Time steppers for ODEs and Hamiltonian systems, and a measure of symplecticity.

Chapter 7 (symplectic structure) compares them; chapter 6 integrates learned models with them.

State vectors are flat arrays ``y``.  For the Hamiltonian steppers, ``y = (q, p)`` with ``q`` the
first half and ``p`` the second, and the system is given by a scalar ``H(q, p)``; its gradients
come from ``jax.grad``.  The explicit symplectic schemes are symplectic when ``H`` is
*separable*, ``H = T(p) + V(q)``:

* :func:`euler` — ``y' = y + h f(y)``, first order, not symplectic;
* :func:`rk4` — classical Runge–Kutta, fourth order, not symplectic;
* :func:`symplectic_euler` — ``p' = p − h ∂_q H(q, p)``, ``q' = q + h ∂_p H(q, p')``, first order;
* :func:`leapfrog` — Störmer–Verlet, kick–drift–kick, second order, time-reversible;
* :func:`velocity_verlet` — the same kick–drift–kick for ``q̈ = F(q)/m`` given a force field
  alone (a network that outputs forces has no ``H`` to differentiate).

Each takes ``(system, y0, dt, n_steps)`` and returns the trajectory, shape ``(n_steps + 1, dim)``,
computed in one ``lax.scan``.  :func:`step_map` gives the one-step map ``y ↦ y'`` and
:func:`symplectic_defect` measures ``‖MᵀJM − J‖`` for its Jacobian ``M``.
"""
from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from ._validate import callable_arg, count, finite_array, positive_float

__all__ = ["euler", "rk4", "symplectic_euler", "leapfrog", "velocity_verlet", "generating_function_step", "step_map", "symplectic_defect",
           "canonical_J", "hamiltonian_flow", "oscillator_leapfrog_invariant"]


def _split(y):
    n = y.shape[-1] // 2
    return y[..., :n], y[..., n:]


def hamiltonian_flow(H):
    """The vector field ``ẏ = J ∇H``: ``q̇ = ∂H/∂p``, ``ṗ = −∂H/∂q``, for ``y = (q, p)``."""
    callable_arg("H", H)
    dHdq, dHdp = jax.grad(H, argnums=0), jax.grad(H, argnums=1)

    def f(y):
        q, p = _split(y)
        return jnp.concatenate([dHdp(q, p), -dHdq(q, p)])

    return f


def _euler_step(f, y, dt):
    return y + dt * f(y)


def _rk4_step(f, y, dt):
    k1 = f(y)
    k2 = f(y + 0.5 * dt * k1)
    k3 = f(y + 0.5 * dt * k2)
    k4 = f(y + dt * k3)
    return y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


def _symplectic_euler_step(H, y, dt):
    q, p = _split(y)
    p = p - dt * jax.grad(H, argnums=0)(q, p)
    q = q + dt * jax.grad(H, argnums=1)(q, p)
    return jnp.concatenate([q, p])


def _leapfrog_step(H, y, dt):
    dHdq, dHdp = jax.grad(H, argnums=0), jax.grad(H, argnums=1)
    q, p = _split(y)
    p = p - 0.5 * dt * dHdq(q, p)           # kick
    q = q + dt * dHdp(q, p)                 # drift
    p = p - 0.5 * dt * dHdq(q, p)           # kick
    return jnp.concatenate([q, p])


_STEPS = {"euler": _euler_step, "rk4": _rk4_step, "symplectic_euler": _symplectic_euler_step,
          "leapfrog": _leapfrog_step}


@partial(jax.jit, static_argnames=("kind", "system", "n_steps"))
def _run(kind, system, y0, dt, n_steps):
    step = _STEPS[kind]

    def body(y, _):
        y = step(system, y, dt)
        return y, y

    _, ys = jax.lax.scan(body, y0, None, length=n_steps)
    return jnp.concatenate([y0[None], ys])


@partial(jax.jit, static_argnames=("force", "n_steps"))
def _verlet_run(force, y0, dt, mass, n_steps):
    def body(y, _):
        q, p = _split(y)
        p = p + 0.5 * dt * force(q)
        q = q + dt * p / mass
        p = p + 0.5 * dt * force(q)
        y = jnp.concatenate([q, p])
        return y, y

    _, ys = jax.lax.scan(body, y0, None, length=n_steps)
    return jnp.concatenate([y0[None], ys])


def _checked(system, y0, dt, n_steps, hamiltonian):
    callable_arg("H" if hamiltonian else "f", system)
    y0 = finite_array("y0", y0, ndim=1)
    if hamiltonian and y0.size % 2:
        raise ValueError(f"y0 must hold (q, p) with as many momenta as coordinates (even length), got {y0.size}")
    return jnp.asarray(y0), positive_float("dt", dt), count("n_steps", n_steps, minimum=1)


def euler(f, y0, dt, n_steps):
    """Explicit Euler, ``y_{n+1} = y_n + h f(y_n)``: global error O(h); energy grows on an oscillator."""
    y0, dt, n_steps = _checked(f, y0, dt, n_steps, False)
    return _run("euler", f, y0, dt, n_steps)


def rk4(f, y0, dt, n_steps):
    """Classical fourth-order Runge–Kutta: global error O(h⁴), but not symplectic (energy drifts)."""
    y0, dt, n_steps = _checked(f, y0, dt, n_steps, False)
    return _run("rk4", f, y0, dt, n_steps)


def symplectic_euler(H, y0, dt, n_steps):
    """Symplectic Euler for ``y = (q, p)``: ``p' = p − h ∂_qH(q, p)``, ``q' = q + h ∂_pH(q, p')``.

    First order; symplectic for separable ``H = T(p) + V(q)``.
    """
    y0, dt, n_steps = _checked(H, y0, dt, n_steps, True)
    return _run("symplectic_euler", H, y0, dt, n_steps)


def leapfrog(H, y0, dt, n_steps):
    """Störmer–Verlet (leapfrog), kick–drift–kick, for ``y = (q, p)``:

        p_{1/2} = p − (h/2) ∂_qH(q, p),  q' = q + h ∂_pH(q, p_{1/2}),  p' = p_{1/2} − (h/2) ∂_qH(q', p_{1/2}).

    Second order, time-reversible, symplectic for separable ``H``: it conserves a modified
    Hamiltonian ``H + O(h²)`` exactly, so the energy error stays bounded.
    """
    y0, dt, n_steps = _checked(H, y0, dt, n_steps, True)
    return _run("leapfrog", H, y0, dt, n_steps)


def velocity_verlet(force, y0, dt, n_steps, mass=1.0):
    """Kick–drift–kick for ``q̇ = p/m``, ``ṗ = F(q)``, with the force field ``force(q)`` given directly:

        p_{1/2} = p + (h/2) F(q),  q' = q + h p_{1/2}/m,  p' = p_{1/2} + (h/2) F(q').

    When ``F = −∇V`` this is exactly :func:`leapfrog` on ``H = p²/2m + V(q)`` (chapter 6 uses it to
    integrate a learned potential and a network that outputs forces with the same scheme).
    ``mass`` is a number or one mass per coordinate.
    """
    y0, dt, n_steps = _checked(force, y0, dt, n_steps, True)
    mass = finite_array("mass", mass)
    if np.any(mass <= 0) or mass.ndim > 1 or mass.size not in (1, y0.size // 2):
        raise ValueError(f"mass must be positive, one number or one per coordinate ({y0.size // 2}), got {mass!r}")
    return _verlet_run(force, y0, dt, jnp.asarray(mass), n_steps)


def generating_function_step(G, y, dt, n_iter=60):
    """One step of the symplectic map generated by ``F(q, P) = q·P + h G(q, P)`` (type-2 generating function):

        p = P + h ∂G/∂q(q, P),    Q = q + h ∂G/∂P(q, P).

    The first equation is implicit in ``P``; it is solved by the fixed-point iteration
    ``P ← p − h ∂_qG(q, P)`` (``n_iter`` times, a contraction when ``h‖∂²G/∂q∂P‖ < 1``), and then
    ``Q`` is explicit.  Any such map is symplectic, whatever ``G`` is, because it comes from a
    generating function; ``G = H`` gives symplectic Euler.  Differentiable (``jax.jacfwd`` through
    the iteration gives the Jacobian of the converged map).  Chapter 7 fits ``G`` to pendulum flow.
    """
    n = y.shape[-1] // 2
    q, p = y[..., :n], y[..., n:]
    dGdq, dGdP = jax.grad(G, argnums=0), jax.grad(G, argnums=1)
    P = jax.lax.fori_loop(0, n_iter, lambda _, P: p - dt * dGdq(q, P), p)
    return jnp.concatenate([q + dt * dGdP(q, P), P])


def step_map(method, system, dt):
    """The one-step map ``y ↦ y'`` of ``method`` ("euler", "rk4", "symplectic_euler", "leapfrog").

    ``system`` is the vector field ``f`` for "euler" and "rk4", and ``H(q, p)`` for the others.
    For comparing all four on one Hamiltonian, pass ``hamiltonian_flow(H)`` to the first two.
    """
    if method not in _STEPS:
        raise ValueError(f"method must be one of {sorted(_STEPS)}, got {method!r}")
    callable_arg("system", system)
    dt = positive_float("dt", dt)
    step = _STEPS[method]
    return lambda y: step(system, y, dt)


def canonical_J(n):
    """The symplectic matrix ``J = [[0, I], [−I, 0]]`` for ``n`` degrees of freedom."""
    n = count("n", n, minimum=1)
    eye, zero = np.eye(n), np.zeros((n, n))
    return np.block([[zero, eye], [-eye, zero]])


def symplectic_defect(step, y):
    """``‖MᵀJM − J‖_F`` with ``M = ∂y'/∂y`` the Jacobian of the one-step map at ``y`` (``jax.jacfwd``).

    Zero (to round-off) for a symplectic map; for a non-symplectic scheme of order ``r`` it is of
    order ``h^{r+1}`` per step.
    """
    callable_arg("step", step)
    y = finite_array("y", y, ndim=1)
    if y.size % 2:
        raise ValueError(f"y must hold (q, p) (even length), got {y.size}")
    M = np.asarray(jax.jacfwd(step)(jnp.asarray(y)))
    if M.shape != (y.size, y.size):
        raise ValueError(f"step must map a state to a state of the same size, got Jacobian shape {M.shape}")
    J = canonical_J(y.size // 2)
    return float(np.linalg.norm(M.T @ J @ M - J))


def oscillator_leapfrog_invariant(q, p, dt, omega=1.0):
    """The quantity leapfrog conserves *exactly* on ``H = p²/2 + ω²q²/2`` (unit mass):

        H̃ = p²/2 + (ω²q²/2) (1 − (ωh/2)²),

    the modified Hamiltonian of the kick–drift–kick map (stable for ``ωh < 2``).  It differs from
    ``H`` by ``O(h²)``, which is why leapfrog's energy error is bounded and second order.
    """
    dt = positive_float("dt", dt)
    omega = positive_float("omega", omega)
    q, p = np.asarray(q, dtype=float), np.asarray(p, dtype=float)
    return 0.5 * p**2 + 0.5 * omega**2 * q**2 * (1 - (omega * dt / 2) ** 2)
