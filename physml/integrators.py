"""Time steppers for ODEs and Hamiltonian systems, symplecticity, and learned one-step maps.

Chapter 7 (symplectic structure) compares the integrators and learns symplectic maps; chapter 6
integrates its learned models with them.

State vectors are flat arrays ``y``.  For the Hamiltonian steppers, ``y = (q, p)`` with ``q`` the
first half and ``p`` the second, and the system is a scalar ``H(q, p)`` (the model systems are in
:mod:`physml.systems`); its gradients come from ``jax.grad``.  The explicit symplectic schemes are
symplectic when ``H`` is *separable*, ``H = T(p) + V(q)``:

* :func:`euler` — ``y' = y + h f(y)``, first order, not symplectic;
* :func:`rk4` — classical Runge–Kutta, fourth order, not symplectic (one step: :func:`rk4_step`);
* :func:`symplectic_euler` — ``p' = p − h ∂_q H(q, p)``, ``q' = q + h ∂_p H(q, p')``, first order;
* :func:`leapfrog` — Störmer–Verlet, kick–drift–kick, second order, time-reversible;
* :func:`velocity_verlet` — the same kick–drift–kick for ``q̈ = F(q)/m`` given a force field
  alone (a network that outputs forces has no ``H`` to differentiate).

Each takes ``(system, y0, dt, n_steps)`` and returns the trajectory, shape ``(n_steps + 1, dim)``,
computed in one ``lax.scan``; :func:`integrate` runs any of the four :data:`METHODS` on one
``H``.  :func:`step_map` gives the one-step map ``y ↦ y'`` and :func:`symplectic_defect`
measures ``‖MᵀJM − J‖`` for its Jacobian ``M``; :func:`image_area` measures the area of the image
of a disc as ``∫ det M`` and :func:`loop_action` Poincaré's invariant ``∮ p·dq`` of a closed loop;
:func:`energy_errors` races the four methods (chapter 7's explorer: :func:`pendulum_energy_errors`).

**Backward error analysis** (chapter 7): :func:`oscillator_leapfrog_modified_hamiltonian` is the
exact modified Hamiltonian of leapfrog on the oscillator (its time-``h`` flow *is* the leapfrog
map), :func:`leapfrog_modified_hamiltonian` the first correction ``H + h²H₃`` for ``p²/2 + V(q)``.

**Learned one-step maps** (chapter 7): :func:`train_generating_function` fits a generating
function ``G_θ(q, P)`` to pairs of states one step apart (:func:`pendulum_flow_data`); the
:class:`GeneratingMap` it returns steps with :func:`generating_function_step`, symplectic for
any ``θ``.  :func:`train_step_network` fits the plain residual map ``y + h·net_θ(y)``
(:class:`StepNetwork`) for comparison; :func:`iterate_map` rolls either out.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from ._validate import callable_arg, count, finite_array, positive_float, rng
from .nn import mlp, train_mlp
from .systems import energy, pendulum

__all__ = ["METHODS", "METHOD_NAMES", "hamiltonian_flow", "rk4_step", "euler", "rk4", "symplectic_euler",
           "leapfrog", "integrate", "velocity_verlet", "step_map", "canonical_J", "symplectic_defect",
           "oscillator_leapfrog_invariant", "oscillator_leapfrog_modified_hamiltonian",
           "leapfrog_modified_hamiltonian", "ImageArea", "image_area", "loop_action", "EnergyErrors", "energy_errors",
           "PENDULUM_START",
           "pendulum_energy_errors", "generating_function_step", "iterate_map", "FlowPairs", "pendulum_flow_data",
           "GeneratingMap", "StepNetwork", "train_generating_function", "train_step_network"]

#: The four integrators chapter 7 compares, and their names in the text and the figures.
METHODS = ("euler", "symplectic_euler", "leapfrog", "rk4")
METHOD_NAMES = {"euler": "Euler", "symplectic_euler": "symplectic Euler", "leapfrog": "leapfrog", "rk4": "RK4"}
_FIELD_METHODS = ("euler", "rk4")          # these take the vector field J∇H, the others H itself


def _split(y):
    n = y.shape[-1] // 2
    return y[..., :n], y[..., n:]


def hamiltonian_flow(H):
    """The vector field ``ẏ = J ∇H``: ``q̇ = ∂H/∂p``, ``ṗ = −∂H/∂q``, for ``y = (q, p)`` and ``H(q, p)``
    (Hamilton's equations, chapter 6)."""
    callable_arg("H", H)
    dHdq, dHdp = jax.grad(H, argnums=0), jax.grad(H, argnums=1)

    def f(y):
        q, p = _split(y)
        return jnp.concatenate([dHdp(q, p), -dHdq(q, p)])

    return f


@functools.lru_cache(maxsize=64)
def _cached_flow(H):
    return hamiltonian_flow(H)


def _flow_of(H):
    """:func:`hamiltonian_flow`, the same function for the same ``H`` (one compilation per ``H``)."""
    try:
        return _cached_flow(H)
    except TypeError:                        # an unhashable H: a fresh vector field
        return hamiltonian_flow(H)


def _euler_step(f, y, dt):
    return y + dt * f(y)


def rk4_step(f, y, dt):
    """One classical Runge–Kutta step for ``ẏ = f(y)`` (no checks: usable inside ``jit``)::

        k₁ = f(y), k₂ = f(y + h k₁/2), k₃ = f(y + h k₂/2), k₄ = f(y + h k₃),
        y' = y + h (k₁ + 2k₂ + 2k₃ + k₄)/6.

    The step of :func:`rk4`; chapter 6 rolls its learned vector fields out with it.
    """
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


_STEPS = {"euler": _euler_step, "rk4": rk4_step, "symplectic_euler": _symplectic_euler_step,
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


def _checked(system, y0, dt, n_steps, hamiltonian, name=None):
    callable_arg(name or ("H" if hamiltonian else "f"), system)
    y0 = finite_array("y0", y0, ndim=1)
    if hamiltonian and y0.size % 2:
        raise ValueError(f"y0 must hold (q, p) with as many momenta as coordinates (even length), got {y0.size}")
    return jnp.asarray(y0), positive_float("dt", dt), count("n_steps", n_steps, minimum=1)


def euler(f, y0, dt, n_steps):
    """Explicit Euler, ``y_{n+1} = y_n + h f(y_n)``: global error O(h); energy grows on an oscillator (chapter 7)."""
    y0, dt, n_steps = _checked(f, y0, dt, n_steps, False)
    return _run("euler", f, y0, dt, n_steps)


def rk4(f, y0, dt, n_steps):
    """Classical fourth-order Runge–Kutta (:func:`rk4_step`): global error O(h⁴), but not symplectic
    (energy drifts; chapter 7)."""
    y0, dt, n_steps = _checked(f, y0, dt, n_steps, False)
    return _run("rk4", f, y0, dt, n_steps)


def symplectic_euler(H, y0, dt, n_steps):
    """Symplectic Euler for ``y = (q, p)``: ``p' = p − h ∂_qH(q, p)``, ``q' = q + h ∂_pH(q, p')``.

    First order; symplectic for separable ``H = T(p) + V(q)`` (chapter 7).
    """
    y0, dt, n_steps = _checked(H, y0, dt, n_steps, True)
    return _run("symplectic_euler", H, y0, dt, n_steps)


def leapfrog(H, y0, dt, n_steps):
    """Störmer–Verlet (leapfrog), kick–drift–kick, for ``y = (q, p)``:

        p_{1/2} = p − (h/2) ∂_qH(q, p),  q' = q + h ∂_pH(q, p_{1/2}),  p' = p_{1/2} − (h/2) ∂_qH(q', p_{1/2}).

    Second order, time-reversible, symplectic for separable ``H``.  By backward error analysis it
    follows, up to exponentially small errors, the time-``h`` flow of a modified Hamiltonian
    ``H̃ = H + h²H₃ + h⁴H₅ + …`` (an asymptotic series, :func:`leapfrog_modified_hamiltonian`), so
    its energy error stays ``O(h²)`` over exponentially long times (chapter 7).
    """
    y0, dt, n_steps = _checked(H, y0, dt, n_steps, True)
    return _run("leapfrog", H, y0, dt, n_steps)


def integrate(method, H, y0, dt, n_steps):
    """The trajectory of ``H(q, p)`` from ``y0`` by one of :data:`METHODS`: Euler and RK4 follow the
    vector field ``J∇H`` (:func:`hamiltonian_flow`), symplectic Euler and leapfrog take ``H``.

    Chapter 7 compares the four on one Hamiltonian with it.  The vector field is kept per ``H``,
    so repeated calls with the same ``H`` compile once.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    y0, dt, n_steps = _checked(H, y0, dt, n_steps, True)
    return _run(method, _flow_of(H) if method in _FIELD_METHODS else H, y0, dt, n_steps)


def velocity_verlet(force, y0, dt, n_steps, *, mass=1.0):
    """Kick–drift–kick for ``q̇ = p/m``, ``ṗ = F(q)``, with the force field ``force(q)`` given directly:

        p_{1/2} = p + (h/2) F(q),  q' = q + h p_{1/2}/m,  p' = p_{1/2} + (h/2) F(q').

    When ``F = −∇V`` this is exactly :func:`leapfrog` on ``H = p²/2m + V(q)`` (chapter 6 uses it to
    integrate a learned potential and a network that outputs forces with the same scheme).
    ``mass`` is a number or one mass per coordinate.
    """
    y0, dt, n_steps = _checked(force, y0, dt, n_steps, True, name="force")
    mass = finite_array("mass", mass)
    if np.any(mass <= 0) or mass.ndim > 1 or mass.size not in (1, y0.size // 2):
        raise ValueError(f"mass must be positive, one number or one per coordinate ({y0.size // 2}), got {mass!r}")
    return _verlet_run(force, y0, dt, jnp.asarray(mass), n_steps)


def step_map(method, system, dt):
    """The one-step map ``y ↦ y'`` of ``method`` ("euler", "rk4", "symplectic_euler", "leapfrog").

    ``system`` is the vector field ``f`` for "euler" and "rk4", and ``H(q, p)`` for the others.
    For comparing all four on one Hamiltonian, pass ``hamiltonian_flow(H)`` to the first two
    (chapter 7 measures their symplectic defects).
    """
    if method not in _STEPS:
        raise ValueError(f"method must be one of {sorted(_STEPS)}, got {method!r}")
    callable_arg("system", system)
    dt = positive_float("dt", dt)
    step = _STEPS[method]
    return lambda y: step(system, y, dt)


def canonical_J(n):
    """The symplectic matrix ``J = [[0, I], [−I, 0]]`` for ``n`` degrees of freedom (chapter 7)."""
    n = count("n", n, minimum=1)
    eye, zero = np.eye(n), np.zeros((n, n))
    return np.block([[zero, eye], [-eye, zero]])


def symplectic_defect(step, y):
    """``‖MᵀJM − J‖_F`` with ``M = ∂y'/∂y`` the Jacobian of the one-step map at ``y`` (``jax.jacfwd``).

    Zero (to round-off) for a symplectic map.  For a non-symplectic scheme of order ``r`` it is at
    most of order ``h^{r+1}`` per step, and can be smaller: for RK4 on the oscillator
    ``‖MᵀJM − J‖ = √2 |det M − 1|`` with ``det M = 1 − h⁶/72 + h⁸/576``, and chapter 7 measures
    ``h⁶`` on the pendulum too.  With one degree of freedom ``MᵀJM = (det M) J``.
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


def oscillator_leapfrog_invariant(q, p, dt, *, omega=1.0):
    """A quadratic that leapfrog conserves *exactly* on ``H = p²/2 + ω²q²/2`` (unit mass):

        Q = p²/2 + (ω²q²/2) (1 − (ωh/2)²),

    whose level sets are the ellipses the kick–drift–kick map moves on (stable for ``ωh < 2``).
    It differs from ``H`` by ``O(h²)``, which is why leapfrog's energy error is bounded and second
    order.  It is a conserved quantity of the map, not its modified Hamiltonian: the map is the
    time-``h`` flow of ``(θ/sin θ)·Q`` (:func:`oscillator_leapfrog_modified_hamiltonian`; chapter 7).
    """
    dt = positive_float("dt", dt)
    omega = positive_float("omega", omega)
    q, p = np.asarray(q, dtype=float), np.asarray(p, dtype=float)
    return 0.5 * p**2 + 0.5 * omega**2 * q**2 * (1 - (omega * dt / 2) ** 2)


def _leapfrog_angle(dt, omega):
    """``θ`` with ``cos θ = 1 − (ωh)²/2``: the angle leapfrog turns an oscillator's state by per step."""
    x = omega * dt
    if x >= 2:
        raise ValueError(f"dt must satisfy omega*dt < 2 (leapfrog is unstable beyond), got omega*dt = {x!r}")
    return float(np.arccos(1 - x**2 / 2)), float(np.sqrt(x**2 - x**4 / 4))       # θ and sin θ


def oscillator_leapfrog_modified_hamiltonian(q, p, dt, *, omega=1.0):
    r"""The exact modified Hamiltonian of leapfrog on the oscillator ``H = p²/2 + ω²q²/2``:

    .. math:: \tilde H = \frac{\theta}{\sin\theta}\Big[\frac{p^2}{2} + \frac{\omega^2q^2}{2}
              \Big(1 - \frac{\omega^2h^2}{4}\Big)\Big], \qquad \cos\theta = 1 - \frac{\omega^2 h^2}{2},

    the quadratic whose time-``h`` flow *is* the kick–drift–kick map, for ``ωh < 2`` (the map is
    a rotation by ``θ`` on the ellipses of :func:`oscillator_leapfrog_invariant`, and the flow of
    this ``H̃`` turns by ``θ`` in time ``h``).  Expanded, ``H̃ = H + h²(p²ω²/12 − ω⁴q²/24) + O(h⁴)``:
    the series of backward error analysis, here convergent (chapter 7).
    """
    dt = positive_float("dt", dt)
    omega = positive_float("omega", omega)
    theta, sin = _leapfrog_angle(dt, omega)
    return theta / sin * oscillator_leapfrog_invariant(q, p, dt, omega=omega)


def leapfrog_modified_hamiltonian(V, dt):
    r"""The first two terms of leapfrog's modified Hamiltonian for ``H = |p|²/2 + V(q)`` (unit mass):

    .. math:: \tilde H_2(q, p) = H + h^2\Big(\frac{1}{12}\,p^\top \nabla^2V(q)\,p
              - \frac{1}{24}\,|\nabla V(q)|^2\Big),

    from the symmetric Baker–Campbell–Hausdorff formula for kick–drift–kick (Hairer, Lubich &
    Wanner, *Geometric Numerical Integration*, IX.3).  The full series ``H + h²H₃ + h⁴H₅ + …``
    is asymptotic; truncated after ``h²`` it is conserved by leapfrog up to ``O(h⁴)`` (instead of
    ``O(h²)`` for ``H``) over long times (chapter 7).  Returns a function ``H̃₂(q, p)`` of one
    state (use :func:`physml.systems.energy` along a trajectory).
    """
    callable_arg("V", V)
    dt = positive_float("dt", dt)
    dV, d2V = jax.grad(V), jax.hessian(V)

    def H_mod(q, p):
        q, p = jnp.asarray(q), jnp.asarray(p)
        g = dV(q)
        return (0.5 * jnp.sum(p**2) + V(q)
                + dt**2 * (jnp.dot(p, d2V(q) @ p) / 12 - jnp.dot(g, g) / 24))

    return H_mod


# ------------------------------------------------------------------ areas and loops in phase space (chapter 7)
@dataclass(frozen=True)
class ImageArea:
    """The area of the image of a disc under a map of the plane, ``∫_disc det M dA``, computed at
    each quadrature resolution ``(n_radial, n_angle)`` of ``resolutions`` (chapter 7).

    ``areas[k]`` is the estimate at ``resolutions[k]``; ``disc_area = πr²``.  ``ratio`` is the
    finest estimate over the disc's area and ``change`` how far the last refinement moved it.
    """

    resolutions: tuple
    areas: np.ndarray
    disc_area: float

    @property
    def area(self):
        """The finest estimate."""
        return float(self.areas[-1])

    @property
    def ratio(self):
        """Area of the image over area of the disc (finest estimate)."""
        return self.area / self.disc_area

    @property
    def change(self):
        """``|areas[-1] − areas[-2]|`` relative to ``disc_area``: the last refinement's effect."""
        return float(abs(self.areas[-1] - self.areas[-2]) / self.disc_area) if len(self.areas) > 1 else float("nan")


def image_area(phi, centre, radius, *, resolutions=((8, 32), (16, 64), (32, 128), (64, 256))):
    r"""Area of the image of the disc ``|y − centre| ≤ radius`` under a map ``phi`` of the plane:

    .. math:: A = \int_{\text{disc}} \det \frac{\partial\phi}{\partial y}\, dA,

    the change-of-variables formula (it is the image's area when ``phi`` is one-to-one and keeps
    orientation, as every integrator of chapter 7 does at small ``h``).  ``M = ∂φ/∂y`` comes from
    ``jax.jacfwd``; the integral uses Gauss–Legendre nodes in the radius (weight ``r``) and the
    trapezoidal rule in the angle (spectrally accurate for a smooth periodic integrand), at each
    ``(n_radial, n_angle)`` of ``resolutions``, all in one compiled call.  Unlike the polygon
    through the image of the boundary, it converges however much ``phi`` stretches and folds the
    disc.  Returns an :class:`ImageArea` (chapter 7).
    """
    callable_arg("phi", phi)
    centre = finite_array("centre", centre, ndim=1)
    if centre.shape != (2,):
        raise ValueError(f"centre must be a point (q, p) of the plane, got shape {centre.shape}")
    radius = positive_float("radius", radius)
    try:
        resolutions = tuple((int(a), int(b)) for a, b in resolutions)
    except (TypeError, ValueError):
        raise TypeError(f"resolutions must be pairs (n_radial, n_angle), got {resolutions!r:.60}") from None
    if not resolutions or any(a < 1 or b < 3 for a, b in resolutions):
        raise ValueError(f"resolutions must be non-empty pairs with n_radial >= 1 and n_angle >= 3, "
                         f"got {resolutions!r}")
    if jax.eval_shape(phi, jax.ShapeDtypeStruct((2,), jnp.float64)).shape != (2,):
        raise ValueError("phi must map a point (q, p) of the plane to a point of the plane")
    points, weights = [], []
    for n_r, n_a in resolutions:
        x, w = np.polynomial.legendre.leggauss(n_r)
        r = radius * (x + 1) / 2                                   # Gauss–Legendre nodes on [0, radius]
        w_r = w * radius / 2 * r * (2 * np.pi / n_a)               # dr, the polar Jacobian r, and dφ
        a = 2 * np.pi * np.arange(n_a) / n_a
        R, A = np.meshgrid(r, a, indexing="ij")
        points.append(centre + np.column_stack([(R * np.cos(A)).ravel(), (R * np.sin(A)).ravel()]))
        weights.append(np.repeat(w_r, n_a))
    det_M = jax.jit(jax.vmap(lambda y: jnp.linalg.det(jax.jacfwd(phi)(y))))
    dets = np.asarray(det_M(jnp.asarray(np.concatenate(points))))
    sizes = np.cumsum([0] + [len(w) for w in weights])
    areas = np.array([dets[a:b] @ w for a, b, w in zip(sizes[:-1], sizes[1:], weights)])
    return ImageArea(resolutions, areas, float(np.pi * radius**2))


def loop_action(loop):
    r"""Poincaré's integral invariant of a closed loop of states, :math:`\oint p\cdot dq = \sum_i \oint p_i\,dq_i`.

    ``loop`` has shape ``(N, 2n)``, states ``(q, p)`` in order around the loop (the last joins the
    first); the integral is the trapezoidal sum ``Σ_k ½(p_k + p_{k+1})·(q_{k+1} − q_k)``.  It is the
    sum of the oriented areas of the loop's projections on the planes ``(q_i, p_i)``; a symplectic
    map preserves it for every loop, a map that preserves only volume need not (chapter 7).  A
    loop ``q = r cos φ, p = −r sin φ`` (the sense in which a Hamiltonian flow turns) gives ``+πr²``.
    """
    loop = finite_array("loop", loop, ndim=2)
    if loop.shape[1] % 2 or loop.shape[0] < 3:
        raise ValueError(f"loop must hold at least 3 states (q, p) with an even last axis, got shape {loop.shape}")
    n = loop.shape[1] // 2
    q, p = loop[:, :n], loop[:, n:]
    dq = np.roll(q, -1, axis=0) - q
    return float(np.sum(0.5 * (p + np.roll(p, -1, axis=0)) * dq))


# ------------------------------------------------------------------ the four methods raced (chapter 7)
@dataclass(frozen=True)
class EnergyErrors:
    r"""Energy errors :math:`|H(y_n) - H(y_0)|` of the four :data:`METHODS` at times ``t`` (every
    ``every``-th step of ``dt``), one array per method (``nan``/``inf`` where Euler overflowed).

    ``crossover`` is the first time at which RK4's error exceeds leapfrog's *largest* error over
    the whole run (``None``: it never does).
    """

    dt: float
    t: np.ndarray
    euler: np.ndarray
    symplectic_euler: np.ndarray
    leapfrog: np.ndarray
    rk4: np.ndarray
    crossover: float | None

    def error(self, method):
        """The error array of ``method`` (one of :data:`METHODS`)."""
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, got {method!r}")
        return getattr(self, method)

    def worst(self, method):
        """The largest error of ``method`` over the run (ignoring ``nan``)."""
        return float(np.nanmax(self.error(method)))


@partial(jax.jit, static_argnames=("H", "n_steps", "every"))
def _energy_errors(H, y0, dt, n_steps, every):
    f = hamiltonian_flow(H)
    e0 = energy(H, y0)
    rows = [jnp.abs(energy(H, _run(m, f if m in _FIELD_METHODS else H, y0, dt, n_steps)[::every]) - e0)
            for m in METHODS]
    return jnp.stack(rows)


def energy_errors(H, y0, dt, *, n_steps=20_000, every=50):
    r"""Race the four :data:`METHODS` on ``H(q, p)`` from ``y0``: :math:`|H(y_n) - H(y_0)|` over
    ``n_steps`` steps of ``dt``, kept every ``every`` steps (one compiled program per ``H``).

    Chapter 7: Euler's error grows, RK4's drifts linearly in time, the symplectic methods' stay
    bounded; on the oscillator RK4 falls behind leapfrog near :math:`t^\ast = 18/h^3`.  Returns
    an :class:`EnergyErrors`.
    """
    y0, dt, n_steps = _checked(H, y0, dt, n_steps, True)
    every = count("every", every, minimum=1)
    with np.errstate(over="ignore", invalid="ignore"):
        errors = np.asarray(_energy_errors(H, y0, dt, n_steps, every))
        t = dt * every * np.arange(errors.shape[1])
        lf, rk = errors[METHODS.index("leapfrog")], errors[METHODS.index("rk4")]
        behind = np.nonzero(rk > lf.max())[0]          # past leapfrog's bound over the whole run
    crossover = float(t[behind[0]]) if behind.size else None
    return EnergyErrors(dt, t, *errors, crossover=crossover)


#: Start of chapter 7's pendulum race (released from rest at q = 1 rad).
PENDULUM_START = (1.0, 0.0)


def pendulum_energy_errors(dt, *, n_steps=20_000, every=50):
    """Chapter 7's explorer: :func:`energy_errors` on :func:`physml.systems.pendulum` (``g = 3``)
    from :data:`PENDULUM_START`, 20 000 steps of ``dt``."""
    return energy_errors(pendulum, PENDULUM_START, dt, n_steps=n_steps, every=every)


# ------------------------------------------------------------------ learned one-step maps (chapter 7)
def generating_function_step(G, y, dt, *, n_iter=60):
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


@partial(jax.jit, static_argnames=("step", "n_steps"))
def _iterate(step, y0, n_steps):
    def body(y, _):
        y = step(y)
        return y, y

    _, ys = jax.lax.scan(body, y0, None, length=n_steps)
    return jnp.concatenate([y0[None], ys])


def iterate_map(step, y0, n_steps):
    """``y0, step(y0), step(step(y0)), …``: shape ``(n_steps + 1, dim)``, in one jitted ``lax.scan``.

    The compiled program is kept per ``step`` function (and ``n_steps``): pass the same function
    object again (e.g. a model's bound ``step`` method) and nothing is recompiled.  Chapter 7
    rolls out its learned maps with it.
    """
    callable_arg("step", step)
    y0 = jnp.asarray(finite_array("y0", y0, ndim=1))
    n_steps = count("n_steps", n_steps, minimum=1)
    try:
        hash(step)
    except TypeError:
        raise TypeError(f"step must be a hashable function (it keys the compiled program), got "
                        f"{type(step).__name__}") from None
    return _iterate(step, y0, n_steps)


def pendulum_flow_data(dt, *, key, n_pairs=500, q_range=2.0, p_range=2.0):
    """Pairs ``(y, y')`` of pendulum states (:func:`physml.systems.pendulum`, ``g = 3``) one step
    ``dt`` apart under the exact flow (chapter 7's training data for learned maps).

    Starting states are uniform in ``|q| < q_range``, ``|p| < p_range`` (drawn from ``key``); ``y'``
    comes from RK4 with 40 substeps (error far below 1e-10).  Returns a :class:`FlowPairs`, ``y`` and
    ``y_next`` of shape ``(n_pairs, 2)``.
    """
    n_pairs = count("n_pairs", n_pairs, minimum=1)
    dt = positive_float("dt", dt)
    q_range, p_range = positive_float("q_range", q_range), positive_float("p_range", p_range)
    gen = rng("key", key)
    y = np.column_stack([gen.uniform(-q_range, q_range, n_pairs), gen.uniform(-p_range, p_range, n_pairs)])
    return FlowPairs(y, np.asarray(_exact_steps(jnp.asarray(y), dt)))


@dataclass(frozen=True)
class FlowPairs:
    """States ``y`` and the states ``y_next`` one step later, each ``(N, 2n)`` (chapter 7's training data)."""

    y: np.ndarray
    y_next: np.ndarray


@partial(jax.jit, static_argnames=("dt",))
def _exact_steps(y, dt):
    f = hamiltonian_flow(pendulum)

    def flow(y0):
        def body(yy, _):
            return rk4_step(f, yy, dt / 40), None
        return jax.lax.scan(body, y0, None, length=40)[0]

    return jax.vmap(flow)(y)


@dataclass(frozen=True, eq=False)
class GeneratingMap:
    r"""A learned one-step map at step ``dt``, derived from a generating function
    :math:`G_\theta(q, P)` = ``mlp(params, (q, P))``: symplectic for any ``params`` (chapter 7).

    ``losses``: the training loss before each step (``None`` for an untrained map).  Compared by
    identity, so its bound ``step`` can key a compiled program (:func:`iterate_map`).
    """

    params: list
    dt: float
    losses: np.ndarray | None = None

    def generating_function(self, q, P):
        r""":math:`G_\theta(q, P)`."""
        return mlp(self.params, jnp.concatenate([q, P]))[0]

    def step(self, y):
        """One step ``y ↦ y'`` (:func:`generating_function_step`)."""
        return generating_function_step(self.generating_function, y, self.dt)

    def rollout(self, y0, n_steps):
        """``n_steps`` iterations of :meth:`step` from ``y0``: shape ``(n_steps + 1, 2n)`` (:func:`iterate_map`)."""
        return iterate_map(self.step, y0, n_steps)


@dataclass(frozen=True, eq=False)
class StepNetwork:
    r"""A learned residual one-step map :math:`y' = y + h\,\mathrm{net}_\theta(y)` at step ``dt``
    (chapter 7's comparison: not symplectic).  ``losses`` as for :class:`GeneratingMap`."""

    params: list
    dt: float
    losses: np.ndarray | None = None

    def step(self, y):
        """One step ``y ↦ y + h·net_θ(y)``."""
        return y + self.dt * mlp(self.params, y)

    def rollout(self, y0, n_steps):
        """``n_steps`` iterations of :meth:`step` from ``y0``: shape ``(n_steps + 1, 2n)`` (:func:`iterate_map`)."""
        return iterate_map(self.step, y0, n_steps)


def _paired(names, a, b):
    """Two arrays of states ``(N, 2n)`` of one shape, or a clear error."""
    a, b = finite_array(names[0], a, ndim=2), finite_array(names[1], b, ndim=2)
    if a.shape != b.shape or a.shape[-1] % 2:
        raise ValueError(f"{names[0]} and {names[1]} must have the same shape with an even last axis (q, p), "
                         f"got {a.shape} and {b.shape}")
    return a, b


def _generating_loss(params, y, y_next, dt):
    n = y.shape[1] // 2
    q, p, Q, P = y[:, :n], y[:, n:], y_next[:, :n], y_next[:, n:]
    G = lambda q, P: mlp(params, jnp.concatenate([q, P]))[0]    # noqa: E731
    dGdq = jax.vmap(jax.grad(G, argnums=0))(q, P)
    dGdP = jax.vmap(jax.grad(G, argnums=1))(q, P)
    # the two defining equations, explicit in θ once both states are known (divided by h: rates)
    r_p = (p - P) / dt - dGdq
    r_q = (Q - q) / dt - dGdP
    return jnp.mean(r_p**2 + r_q**2)


def _residual_loss(params, y, y_next, dt):
    return jnp.mean(((y_next - y) / dt - mlp(params, y)) ** 2)


def train_generating_function(y, y_next, dt, *, key, hidden=(32, 32), n_steps=2000, learning_rate=3e-3):
    """Fit ``G_θ(q, P)`` so that the map of :func:`generating_function_step` takes ``y`` to ``y_next``.

    The loss uses the defining equations ``(p − P)/h = ∂_qG(q, P)`` and ``(Q − q)/h = ∂_PG(q, P)``,
    which are explicit in ``θ`` when both states are known: no implicit solve during training
    (chapter 7).  ``key`` draws the initial weights.  Returns a :class:`GeneratingMap`.
    """
    y, y_next = _paired(("y", "y_next"), y, y_next)
    dt = positive_float("dt", dt)
    fit = train_mlp(_generating_loss, (y, y_next, jnp.asarray(dt)), y.shape[1], 1, key=key, hidden=hidden,
                    learning_rate=learning_rate, n_steps=n_steps)
    return GeneratingMap(fit.params, dt, np.asarray(fit.losses))


def train_step_network(y, y_next, dt, *, key, hidden=(32, 32), n_steps=2000, learning_rate=3e-3):
    """Fit the plain residual map ``y' = y + h·net_θ(y)`` to the same pairs (not symplectic; chapter 7).

    Returns a :class:`StepNetwork`.
    """
    y, y_next = _paired(("y", "y_next"), y, y_next)
    dt = positive_float("dt", dt)
    fit = train_mlp(_residual_loss, (y, y_next, jnp.asarray(dt)), y.shape[1], y.shape[1], key=key, hidden=hidden,
                    learning_rate=learning_rate, n_steps=n_steps)
    return StepNetwork(fit.params, dt, np.asarray(fit.losses))
