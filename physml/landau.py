"""Landau theory of a continuous transition, its relaxation dynamics, and a physics-structured fit.

Chapter 10 (principled extrapolation) uses everything here.

The Landau free energy of a scalar order parameter ``m`` is

    ``F(m, T) = ½ a(T) m² + ¼ b m⁴``,   ``a(T) = a₀ (T − T_c)``,   ``a₀ > 0``, ``b > 0``

(:func:`free_energy`).  Below ``T_c`` (``a < 0``) its minima are ``m* = ±√(−a/b)``, above it
``m* = 0`` (:func:`equilibrium`): the mean-field exponent ``β = ½``.  The order parameter relaxes
by gradient flow (model A without noise),

    ``dm/dt = −Γ ∂F/∂m = −Γ (a m + b m³)``,

a Bernoulli equation: ``u = m⁻²`` obeys the *linear* ``du/dt = 2Γ a u + 2Γ b``, so that, with
``x = 2Γ a t``,

    ``m(t) = m₀ / √(eˣ + 2Γ b m₀² t · φ(x))``,   ``φ(x) = (eˣ − 1)/x``,   ``φ(0) = 1``

(:func:`relaxation`).  At ``a = 0`` this is the power law ``m₀/√(1 + 2Γ b m₀² t)``; for ``a > 0``
the same expression multiplied through by ``e⁻ˣ`` is evaluated instead, so no exponential ever
overflows.  Linearising about ``m*`` gives the rate ``Γ F''(m*)``: ``F'' = a`` above ``T_c`` and
``a + 3b m*² = −2a`` below, so the relaxation time (:func:`relaxation_time`) is
``τ = 1/(Γ a)`` for ``T > T_c`` and ``τ = 1/(2Γ|a|)`` for ``T < T_c``; it diverges as
``|T − T_c|⁻¹`` at the transition (critical slowing down, mean-field ``zν = 1``).

The honest limits of the chapter need data the model cannot represent: :func:`free_energy`,
:func:`equilibrium`, :func:`relaxation_time`, :func:`rollout` and :func:`trajectories` also take a
sixth-order term ``⅙ c m⁶`` (``c ≥ 0``: the transition stays continuous, at ``a = 0``, but
``m*² = −2a/(b + √(b² − 4ac))`` is no longer linear in ``T``; its flow has no closed form and is
integrated by RK4) and the rollout and the data a curved ``a(T) = a₀ (T − T_c) + a₂ (T − T_c)²``.

:func:`trajectories` makes noisy relaxation data; :func:`fit_landau` fits ``a₀``, ``T_c`` and
``b`` to such data by non-linear least squares of the closed form (training data from the
ordered phase only: ``T_c`` is then an extrapolation) and returns a :class:`LandauFit` that
predicts ``m(t)`` at any temperature, above ``T_c`` included.  Beside it, two black-box baselines
trained with optax's Adam on the same data: :func:`fit_mlp` (an MLP ``(T, t) ↦ m``) and
:func:`fit_gru` (a GRU rolled out from ``m₀``, conditioned on ``T``); they fit the ordered phase
well and predict no ``m* = 0`` above ``T_c`` (chapter 10's comparison).

Randomness comes in through a keyword-only JAX PRNG ``key``; the noise is drawn with NumPy
(``physml._validate.rng``: ``key=jax.random.key(s)`` draws what ``numpy.random.default_rng(s)``
draws).  The closed form is a jitted JAX function in float64 (importing ``physml`` enables x64).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import jax
import jax.numpy as jnp
import numpy as np
import scipy.optimize

from ._validate import count, finite_array, positive_float, real, rng
from .integrators import rk4_step
from .nn import fit_adam, mlp

__all__ = ["free_energy", "equilibrium", "relaxation", "relaxation_time", "trajectories", "LandauFit",
           "fit_landau", "rollout", "fit_landau_ode",
           "MLPBaseline", "fit_mlp", "GRUBaseline", "fit_gru"]

_TAYLOR = 1e-4          # |x| below which φ(x) = (eˣ − 1)/x is summed as its Taylor series


def _phi(x):
    """``φ(x) = expm1(x)/x`` with ``φ(0) = 1``, smooth (and with finite gradients) through ``x = 0``."""
    small = jnp.abs(x) < _TAYLOR
    xs = jnp.where(small, 1.0, x)
    return jnp.where(small, 1.0 + x / 2 + x * x / 6 + x**3 / 24, jnp.expm1(xs) / xs)


def _relax(m0, t, a, b, gamma):
    """The closed-form ``m(t)`` (broadcasting, traceable); both branches are finite for every input."""
    x = 2.0 * gamma * a * t
    c = 2.0 * gamma * b * m0 * m0
    x_neg = jnp.where(x > 0, 0.0, x)                 # a ≤ 0: m₀ / √(eˣ + c t φ(x)), eˣ ≤ 1
    grow = m0 / jnp.sqrt(jnp.exp(x_neg) + c * t * _phi(x_neg))
    x_pos = jnp.where(x > 0, -x, 0.0)                # a > 0: m₀ e^(−x/2) / √(1 + c t φ(−x)), all ≤ 1
    decay = m0 * jnp.exp(0.5 * x_pos) / jnp.sqrt(1.0 + c * t * _phi(x_pos))
    return jnp.where(x > 0, decay, grow)


_relax_jit = jax.jit(_relax)


def free_energy(m, a, b, c=0.0):
    """The Landau free energy ``F = ½ a m² + ¼ b m⁴ + ⅙ c m⁶`` (chapter 10), elementwise over ``m`` and ``a``.

    ``a = a₀ (T − T_c)`` changes sign at the transition; ``b > 0`` keeps ``F`` bounded below;
    the sixth-order coefficient ``c ≥ 0`` is 0 in Landau's form (the chapter's wrong-model test
    sets it).
    """
    m = finite_array("m", m)
    a = finite_array("a", a)
    b = positive_float("b", b)
    c = positive_float("c", c, allow_zero=True)
    return 0.5 * a * m**2 + 0.25 * b * m**4 + c * m**6 / 6.0


def equilibrium(a, b, c=0.0):
    """The equilibrium order parameter ``m* = √(−a/b)`` for ``a < 0`` and ``0`` for ``a ≥ 0`` (chapter 10).

    The positive minimum of :func:`free_energy` (``−m*`` is the other one below ``T_c``);
    elementwise over ``a``.  With ``a = a₀ (T − T_c)``: ``m* ∝ (T_c − T)^β``, ``β = ½``.  With a
    sixth-order term ``c ≥ 0``, ``m*²`` is the positive root of ``a + b m² + c m⁴ = 0``, evaluated
    as ``−2a/(b + √(b² − 4ac))`` (no cancellation; ``c = 0`` gives ``−a/b``).
    """
    a = finite_array("a", a)
    b = positive_float("b", b)
    c = positive_float("c", c, allow_zero=True)
    neg = np.maximum(-a, 0.0)
    return np.sqrt(2.0 * neg / (b + np.sqrt(b * b + 4.0 * c * neg)))


def relaxation(m0, t, a, b, gamma=1.0):
    """The closed-form solution ``m(t)`` of ``dm/dt = −Γ (a m + b m³)``, ``m(0) = m₀`` (chapter 10).

    With ``x = 2Γ a t`` and ``φ(x) = (eˣ − 1)/x`` (``φ(0) = 1``),
    ``m(t) = m₀ / √(eˣ + 2Γ b m₀² t φ(x))`` (from the linear equation of ``u = m⁻²``).  This covers
    ``a < 0`` (sigmoidal approach to ``sign(m₀) √(−a/b)``), ``a > 0`` (exponential decay at rate
    ``Γ a``, evaluated as ``m₀ e^(−x/2) / √(1 + 2Γ b m₀² t φ(−x))``) and ``a = 0`` (the power law
    ``m₀ / √(1 + 2Γ b m₀² t)``), continuously in ``a``; the sign of ``m₀`` is kept and ``m₀ = 0``
    stays at 0.  No exponential of a positive number is taken, so any ``t ≥ 0`` is safe.
    ``m0``, ``t`` and ``a`` broadcast against each other (e.g. ``a`` of shape ``(n_T, 1)`` and ``t``
    of shape ``(n_t,)``); ``b > 0`` and ``gamma`` (``Γ > 0``) are numbers.  Returns a float64 array.
    """
    m0 = finite_array("m0", m0)
    t = finite_array("t", t)
    if np.any(t < 0):
        raise ValueError(f"t must be >= 0 (times since the quench), got minimum {t.min()!r}")
    a = finite_array("a", a)
    b = positive_float("b", b)
    gamma = positive_float("gamma", gamma)
    return np.asarray(_relax_jit(m0, t, a, b, gamma))


def relaxation_time(a, gamma=1.0, *, b=None, c=0.0):
    """The linear relaxation time about equilibrium, ``τ = 1/(Γ a)`` for ``a > 0`` and ``1/(2Γ|a|)``
    for ``a < 0`` (chapter 10); ``inf`` at ``a = 0``.

    ``m − m*`` decays as ``e^(−t/τ)`` with ``1/τ = Γ F''(m*)``: ``F'' = a`` at ``m* = 0`` and
    ``a + 3b m*² = −2a`` at ``m*² = −a/b``, independent of ``b``.  With ``a = a₀ (T − T_c)``,
    ``τ`` diverges as ``|T − T_c|⁻¹`` (critical slowing down), twice as fast below ``T_c`` as above.
    With a sixth-order term ``c > 0`` (then ``b`` must be given) the ordered side is
    ``F''(m*) = a + 3b s + 5c s² = 2s (b + 2c s)``, ``s = m*²`` (:func:`equilibrium`); the disordered
    side is still ``a``.  Elementwise over ``a``.
    """
    a = finite_array("a", a)
    gamma = positive_float("gamma", gamma)
    c = positive_float("c", c, allow_zero=True)
    if c > 0:
        if b is None:
            raise ValueError("b must be given with a sixth-order term c > 0 (the ordered side depends on it)")
        s = equilibrium(a, b, c) ** 2
        rate = gamma * np.where(a > 0, a, 2.0 * s * (positive_float("b", b) + 2.0 * c * s))
    else:
        if b is not None:
            positive_float("b", b)
        rate = gamma * np.where(a > 0, a, -2.0 * a)
    with np.errstate(divide="ignore"):
        return np.where(rate > 0, 1.0 / np.where(rate > 0, rate, 1.0), np.inf)


def _grid(temperatures, times):
    T = finite_array("temperatures", temperatures, ndim=1)
    t = finite_array("times", times, ndim=1)
    if T.size == 0:
        raise ValueError("temperatures must not be empty")
    if t.size == 0:
        raise ValueError("times must not be empty")
    if np.any(t < 0):
        raise ValueError(f"times must be >= 0 (times since the quench), got minimum {t.min()!r}")
    return T, t


def _initial_values(name, m0, n_T):
    m0 = finite_array(name, m0)
    if m0.ndim == 0:
        return np.full((n_T, 1), float(m0))
    if m0.shape != (n_T,):
        raise ValueError(f"{name} must be a number or have one entry per temperature, shape {(n_T,)}, "
                         f"got shape {m0.shape}")
    return m0[:, None]


def trajectories(temperatures, times, *, key, a0=1.0, Tc=1.0, b=1.0, gamma=1.0, m0=0.1, noise=0.0,
                 c=0.0, a2=0.0):
    """Noisy relaxation data ``m(t_j; T_i) + noise · ξ_ij``, shape ``(len(temperatures), len(times))`` (chapter 10).

    Each row is :func:`relaxation` from ``m0`` at ``a = a0 (T_i − Tc) + a2 (T_i − Tc)²`` (Landau's
    linear ``a(T)`` for the default ``a2 = 0``); the measurement noise ``ξ_ij`` is iid standard
    normal (independent across times and temperatures, the same variance everywhere, no dynamical
    noise: the trajectory itself is deterministic).  ``m0`` is a number or one value per
    temperature.  ``key`` is a JAX PRNG key (NumPy draws, see ``physml._validate.rng``); with
    ``noise = 0`` the data are exact.

    A sixth-order term ``c > 0`` in :func:`free_energy` (data that Landau's form cannot fit) has
    no closed-form flow: the rows are then integrated from ``m0`` at ``t = 0`` by RK4 with a step
    ``h`` of at most ``0.01/λ``, ``λ`` the largest rate ``Γ |∂²F/∂m²|`` met on the way (relative
    error about 10⁻⁸); ``times`` must then be increasing.
    """
    T, t = _grid(temperatures, times)
    a0 = positive_float("a0", a0)
    Tc = real("Tc", Tc)
    b = positive_float("b", b)
    gamma = positive_float("gamma", gamma)
    m0 = _initial_values("m0", m0, T.size)
    noise = positive_float("noise", noise, allow_zero=True)
    c = positive_float("c", c, allow_zero=True)
    a2 = real("a2", a2)
    gen = rng("key", key)
    a = a0 * (T - Tc) + a2 * (T - Tc) ** 2
    if c == 0:
        clean = np.asarray(_relax_jit(m0, t[None, :], a[:, None], b, gamma))
    else:
        _increasing(t)
        start = t[0] > 0
        grid = np.concatenate([[0.0], t]) if start else t
        substeps = _fine_substeps(grid, a, b, c, gamma, m0[:, 0])
        clean = np.asarray(_flow_jit(jnp.asarray(a), b, c, gamma, jnp.asarray(m0[:, 0]), jnp.asarray(grid),
                                     substeps))
        clean = clean[:, 1:] if start else clean
    return clean + noise * gen.normal(size=clean.shape)


def _fine_substeps(t, a, b, c, gamma, m0):
    """RK4 substeps per interval of ``t`` for a step of at most ``0.01/λ``, ``λ = Γ max |F''(m)|``
    over ``|m| ≤ max(|m₀|, m*)``; rounded up to a power of two (fewer distinct compilations)."""
    m_max = float(max(np.max(np.abs(m0)), np.max(equilibrium(a, b, c))))
    rate = gamma * (np.max(np.abs(a)) + 3.0 * b * m_max**2 + 5.0 * c * m_max**4)
    n = max(float(np.max(np.diff(t))) * rate / 0.01, 1.0)
    return int(2 ** np.ceil(np.log2(n)))


def _residuals(theta, T, t, data, m0, gamma):
    """Model minus data, flattened; ``theta = (log a₀, T_c, log b)``."""
    a0, Tc, b = jnp.exp(theta[0]), theta[1], jnp.exp(theta[2])
    return (_relax(m0, t[None, :], a0 * (T[:, None] - Tc), b, gamma) - data).ravel()


def _with_jacobian(residuals, static_argnums=()):
    """``(residuals, jacobian)`` of ``residuals(theta, *args)``, both from *one* compiled function.

    Forward mode computes the residuals on the way to the Jacobian (``jacfwd``'s auxiliary
    output), so one compilation serves both; a call of either costs about four residual
    evaluations for the three parameters, microseconds here, while each compilation saved is
    most of a second.
    """
    both = jax.jit(jax.jacfwd(lambda theta, *args: (residuals(theta, *args),) * 2, has_aux=True),
                   static_argnums=static_argnums)
    return (lambda theta, *args: both(theta, *args)[1]), (lambda theta, *args: both(theta, *args)[0])


_residuals_jit, _jacobian_jit = _with_jacobian(_residuals)
_costs_jit = jax.jit(jax.vmap(lambda th, *args: jnp.sum(_residuals(th, *args) ** 2), in_axes=(0,) + (None,) * 5))


@dataclass(frozen=True)
class LandauFit:
    """The fitted Landau model ``a(T) = a0 (T − critical_temperature)``, ``b`` (chapter 10).

    ``stderr`` holds the standard errors of ``a0``, ``critical_temperature`` and ``b`` from the
    Gauss–Newton covariance ``s² (JᵀJ)⁻¹`` at the optimum, ``s² = 2 cost/(N − 3)`` the residual
    variance (``N`` data points): valid for iid Gaussian noise and a correct model.  ``residuals``
    (model − data, shape of the data) and ``cost`` (``½ Σ residuals²``) are at the optimum; ``m0``
    (one value per training temperature) and ``gamma`` are the fixed ones used in the fit.
    """

    a0: float
    critical_temperature: float
    b: float
    stderr: dict
    residuals: np.ndarray = field(repr=False)
    cost: float
    gamma: float
    m0: np.ndarray = field(repr=False)
    n_evaluations: int = 0

    def a(self, temperatures):
        """The fitted quadratic coefficient ``a(T) = a0 (T − T_c)``, elementwise."""
        return self.a0 * (finite_array("temperatures", temperatures) - self.critical_temperature)

    def equilibrium(self, temperatures):
        """The predicted ``m*(T)`` (:func:`equilibrium` of the fitted ``a(T)``, ``b``): 0 above ``T_c``."""
        return equilibrium(self.a(temperatures), self.b)

    def relaxation_time(self, temperatures):
        """The predicted relaxation time ``τ(T)`` (:func:`relaxation_time`), divergent at the fitted ``T_c``."""
        return relaxation_time(self.a(temperatures), self.gamma)

    def predict(self, temperatures, times, m0=None):
        """The predicted ``m(t; T)``, shape ``(len(temperatures), len(times))``, at any temperatures.

        ``m0`` is a number or one value per temperature; by default the fit's own ``m0`` if it was
        a single number (otherwise ``m0`` must be given).
        """
        T, t = _grid(temperatures, times)
        if m0 is None:
            if np.ptp(self.m0) != 0:
                raise ValueError("m0 must be given: the fit used a different m0 at each temperature")
            m0 = float(self.m0[0])
        m0 = _initial_values("m0", m0, T.size)
        return np.asarray(_relax_jit(m0, t[None, :], self.a(T)[:, None], self.b, self.gamma))


def fit_landau(temperatures, times, trajectories, *, m0, gamma=1.0, init=None, tol=1e-14):
    """Fit ``a₀``, ``T_c`` and ``b`` of the Landau model to relaxation trajectories (chapter 10).

    ``trajectories`` has shape ``(len(temperatures), len(times))``: row ``i`` is ``m(t)`` measured
    at temperature ``T_i`` after starting from ``m0`` (a number or one per temperature; ``gamma`` is
    the known kinetic coefficient, only ``Γa₀`` and ``Γb`` set the time scale).  The model is the
    closed form :func:`relaxation` with ``a = a₀ (T − T_c)``; the parameters are
    ``(log a₀, T_c, log b)``, so that ``a₀, b > 0`` holds without constraints, and the sum of
    squared residuals is minimised by Levenberg–Marquardt (``scipy.optimize.least_squares``,
    ``method="lm"``) with the exact Jacobian from ``jax.jacfwd``.  Why not a gradient method such
    as optax's Adam: three parameters and a smooth least-squares cost are Gauss–Newton's home
    ground, converging quadratically to round-off in a few dozen evaluations, and its ``JᵀJ``
    gives the standard errors for free.

    The starting point (unless ``init = (a0, Tc, b)`` is given) extrapolates the last column:
    ``m(t_max)² ≈ m*² = (a₀/b)(T_c − T)`` is linear in ``T``, whose root gives ``T_c``; then
    ``a₀`` is picked from a logarithmic grid (``b`` following from the slope).  Data from the
    ordered phase alone suffice to determine ``T_c``, an extrapolation through the assumed form of
    ``a(T)``.  ``tol`` is passed as ``ftol``, ``xtol`` and ``gtol``.  Returns :class:`LandauFit`.
    """
    T, t, data, m0, gamma, tol = _fit_arguments(temperatures, times, trajectories, m0, gamma, tol)
    args = (jnp.asarray(T), jnp.asarray(t), jnp.asarray(data), jnp.asarray(m0), gamma)

    theta0 = _theta0(init, T, t, data, gamma, _costs_jit, args)

    return _least_squares(_residuals_jit, _jacobian_jit, theta0, args, data.shape, m0, gamma, tol)


def _least_squares(residuals, jacobian, theta0, args, shape, m0, gamma, tol):
    """Levenberg–Marquardt in ``(log a₀, T_c, log b)`` and the standard errors in ``(a₀, T_c, b)``."""
    sol = scipy.optimize.least_squares(
        lambda th: np.asarray(residuals(th, *args)), theta0,
        jac=lambda th: np.asarray(jacobian(th, *args)), method="lm", ftol=tol, xtol=tol, gtol=tol)
    if not np.all(np.isfinite(sol.fun)):
        raise ValueError("the fit diverged (non-finite residuals); give a starting point with init=(a0, Tc, b)")
    a0, Tc, b = float(np.exp(sol.x[0])), float(sol.x[1]), float(np.exp(sol.x[2]))
    J = sol.jac * np.array([1.0 / a0, 1.0, 1.0 / b])          # d r / d(a0, Tc, b)
    dof = sol.fun.size - 3
    s2 = 2.0 * sol.cost / dof
    try:
        cov = s2 * np.linalg.inv(J.T @ J)
        err = np.sqrt(np.maximum(np.diag(cov), 0.0))
    except np.linalg.LinAlgError:
        err = np.full(3, np.nan)
    return LandauFit(a0=a0, critical_temperature=Tc, b=b,
                     stderr={"a0": float(err[0]), "critical_temperature": float(err[1]), "b": float(err[2])},
                     residuals=sol.fun.reshape(shape), cost=float(sol.cost), gamma=gamma,
                     m0=m0[:, 0].copy(), n_evaluations=int(sol.nfev))


def _fit_arguments(temperatures, times, trajectories, m0, gamma, tol):
    T, t = _grid(temperatures, times)
    data = finite_array("trajectories", trajectories, ndim=2)
    if data.shape != (T.size, t.size):
        raise ValueError(f"trajectories must have shape (len(temperatures), len(times)) = {(T.size, t.size)}, "
                         f"got {data.shape}")
    m0 = _initial_values("m0", m0, T.size)
    gamma = positive_float("gamma", gamma)
    tol = positive_float("tol", tol)
    if data.size <= 3:
        raise ValueError(f"trajectories must hold more than 3 values (3 parameters), got {data.size}")
    return T, t, data, m0, gamma, tol


def _theta0(init, T, t, data, gamma, costs, args):
    if init is None:
        return _starting_point(T, t, data, gamma, costs, args)
    if len(init) != 3:
        raise ValueError(f"init must be (a0, Tc, b), got {init!r:.60}")
    return np.array([np.log(positive_float("init a0", init[0])), real("init Tc", init[1]),
                     np.log(positive_float("init b", init[2]))])


def _starting_point(T, t, data, gamma, costs, args):
    """``(log a₀, T_c, log b)`` from the last column's plateau and a grid over ``a₀``."""
    m_end2 = data[:, -1] ** 2
    if T.size >= 2 and np.ptp(T) > 0:
        slope, intercept = np.polyfit(T, m_end2, 1)
    else:
        slope, intercept = 0.0, 0.0
    if slope < 0 and intercept > 0:
        ratio, Tc = -slope, intercept / -slope                # m*² = (a₀/b)(T_c − T)
    else:                                                      # no usable trend: a guess above the data
        Tc = T.max() + max(np.ptp(T), 1.0)
        ratio = max(np.mean(m_end2), 1e-12) / np.mean(Tc - T)
    Tc = max(Tc, T.max() + 1e-3 * max(np.ptp(T), 1.0))
    span = max(t.max(), 1e-12) * gamma * np.mean(np.abs(Tc - T))
    a0 = np.logspace(-2, 3, 51) / span                        # 2Γ a t_max from ~0.01 to ~1000
    thetas = np.stack([np.log(a0), np.full_like(a0, Tc), np.log(a0 / ratio)], axis=1)
    values = np.asarray(costs(jnp.asarray(thetas), *args))
    return thetas[int(np.nanargmin(values))]


def _landau_field(a, b, gamma, c=0.0):
    """The gradient-flow vector field ``m ↦ −Γ ∂F/∂m`` of the Landau ``F`` (elementwise), by ``jax.grad``."""
    dF = jax.grad(lambda m: jnp.sum(0.5 * a * m**2 + 0.25 * b * m**4 + c * m**6 / 6.0))
    return lambda m: -gamma * dF(m)


def _flow(a, b, c, gamma, m0, t, substeps):
    """RK4 with ``substeps`` equal steps between consecutive ``t`` (which start at ``t[0]``, where
    ``m = m0``, one value per entry of ``a``); shape ``(len(a), len(t))``."""
    f = _landau_field(a, b, gamma, c)

    def interval(m, dt):
        h = dt / substeps
        m = jax.lax.fori_loop(0, substeps, lambda i, y: rk4_step(f, y, h), m)
        return m, m

    _, ms = jax.lax.scan(interval, m0, jnp.diff(t))
    return jnp.concatenate([m0[None, :], ms], axis=0).T


_flow_jit = jax.jit(_flow, static_argnums=6)


def _rollout(theta, T, t, m0, gamma, substeps):
    """The model's flow at ``θ = (log a₀, T_c, log b)``: :func:`_flow` with ``a = a₀ (T − T_c)``, ``c = 0``."""
    a0, Tc, b = jnp.exp(theta[0]), theta[1], jnp.exp(theta[2])
    return _flow(a0 * (T - Tc), b, 0.0, gamma, m0[:, 0], t, substeps)


def _ode_residuals(theta, T, t, data, m0, gamma, substeps):
    return (_rollout(theta, T, t, m0, gamma, substeps) - data).ravel()


_ode_residuals_jit, _ode_jacobian_jit = _with_jacobian(_ode_residuals, static_argnums=6)
_ode_costs_jit = jax.jit(jax.vmap(lambda th, *args: jnp.sum(_ode_residuals(th, *args) ** 2),
                                  in_axes=(0,) + (None,) * 6), static_argnums=6)


def rollout(temperatures, times, *, a0, Tc, b, m0, gamma=1.0, substeps=4, c=0.0, a2=0.0):
    """``m(t; T)`` integrated numerically from the vector field ``−Γ ∂F/∂m`` (chapter 10).

    The vector field comes from ``jax.grad`` of :func:`free_energy` with ``a = a0 (T − Tc)``
    (plus ``a2 (T − Tc)²`` and the sixth-order term ``c``, both 0 in Landau's form);
    classical RK4 (:func:`physml.integrators.rk4_step`) takes ``substeps`` equal steps between
    consecutive ``times`` (increasing, the first being the start, where ``m = m0``).  The
    discretisation error is ``O(h⁴)``, ``h`` the step; the closed form :func:`relaxation` is the
    reference.  Shape ``(len(temperatures), len(times))``.  The route a neural ODE takes when ``F``
    has no closed-form flow.
    """
    T, t = _grid(temperatures, times)
    _increasing(t)
    m0 = _initial_values("m0", m0, T.size)
    a = positive_float("a0", a0) * (T - real("Tc", Tc)) + real("a2", a2) * (T - Tc) ** 2
    b = positive_float("b", b)
    c = positive_float("c", c, allow_zero=True)
    gamma = positive_float("gamma", gamma)
    substeps = count("substeps", substeps, minimum=1)
    return np.asarray(_flow_jit(jnp.asarray(a), b, c, gamma, jnp.asarray(m0[:, 0]), jnp.asarray(t), substeps))


def _increasing(t):
    if np.any(np.diff(t) <= 0):
        raise ValueError("times must be strictly increasing for the numerical integration")


def fit_landau_ode(temperatures, times, trajectories, *, m0, gamma=1.0, substeps=4, init=None, tol=1e-12):
    """The structured neural-ODE fit: :func:`fit_landau` with the model integrated numerically (chapter 10).

    The model is :func:`rollout`: the vector field ``−Γ ∂F_θ/∂m`` of the Landau ``F_θ`` with
    ``θ = (log a₀, T_c, log b)``, integrated by RK4 with ``substeps`` steps between the
    ``times``; the least squares, its Jacobian (``jax.jacfwd`` through the solver: forward-mode
    differentiation of the RK4 steps, cheap for three parameters), the starting point and the
    standard errors are those of :func:`fit_landau`.  Agrees with it up to the ``O(h⁴)``
    discretisation error; it is the template for free energies whose flow has no closed form.
    Returns :class:`LandauFit` (whose ``predict`` uses the closed form of the fitted model).
    """
    T, t, data, m0, gamma, tol = _fit_arguments(temperatures, times, trajectories, m0, gamma, tol)
    _increasing(t)
    substeps = count("substeps", substeps, minimum=1)
    args = (jnp.asarray(T), jnp.asarray(t), jnp.asarray(data), jnp.asarray(m0), gamma, substeps)

    def costs(thetas, *a):
        return _ode_costs_jit(thetas, *a)

    theta0 = _theta0(init, T, t, data, gamma, costs, args)
    return _least_squares(_ode_residuals_jit, _ode_jacobian_jit, theta0, args, data.shape, m0, gamma, tol)


# ---------------------------------------------------------------------------------------------
# Black-box baselines (chapter 10): the same ordered-phase data, no Landau structure.
# ---------------------------------------------------------------------------------------------

def _scales(T, t, data):
    """Affine input scalings: ``T`` to about [−1, 1] over the training window, ``t`` to [0, 1], ``m`` to |m| ≤ 1."""
    T_shift, T_scale = float(T.mean()), max(float(np.ptp(T)) / 2, 1e-12)
    t_scale = max(float(t.max()), 1e-12)
    m_scale = max(float(np.abs(data).max()), 1e-12)
    return T_shift, T_scale, t_scale, m_scale


def _baseline_arguments(temperatures, times, trajectories, learning_rate, n_steps):
    T, t = _grid(temperatures, times)
    data = finite_array("trajectories", trajectories, ndim=2)
    if data.shape != (T.size, t.size):
        raise ValueError(f"trajectories must have shape (len(temperatures), len(times)) = {(T.size, t.size)}, "
                         f"got {data.shape}")
    return T, t, data, positive_float("learning_rate", learning_rate), count("n_steps", n_steps, minimum=1)


def _mlp_inputs(Tn, tn):
    """The ``(T, t)`` grid as MLP inputs, shape ``(n_T, n_t, 2)``."""
    Tg, tg = jnp.broadcast_arrays(Tn[:, None], tn[None, :])
    return jnp.stack([Tg, tg], axis=-1)


def _mlp_model(params, Tn, tn):
    return mlp(params, _mlp_inputs(Tn, tn))[..., 0]


def _mlp_loss(params, Tn, tn, target):
    return jnp.mean((_mlp_model(params, Tn, tn) - target) ** 2)


_mlp_model_jit = jax.jit(_mlp_model)


@dataclass(frozen=True)
class MLPBaseline:
    """A black-box MLP ``(T, t) ↦ m(t; T)`` fitted to relaxation data (chapter 10), from :func:`fit_mlp`.

    ``params`` (the :func:`physml.nn.mlp` layers) act on scaled inputs ``((T − T_shift)/T_scale,
    t/t_scale)`` and give ``m/m_scale``; ``losses`` is the mean squared error (in scaled units)
    before each Adam step.  It knows nothing of ``m* = 0`` above ``T_c``: whatever it predicts
    there is an extrapolation of the smooth function it fitted below.
    """

    params: object = field(repr=False)
    losses: np.ndarray = field(repr=False)
    T_shift: float
    T_scale: float
    t_scale: float
    m_scale: float

    def predict(self, temperatures, times):
        """The predicted ``m(t; T)``, shape ``(len(temperatures), len(times))``, at any ``T`` and ``t ≥ 0``."""
        T, t = _grid(temperatures, times)
        Tn, tn = (T - self.T_shift) / self.T_scale, t / self.t_scale
        return self.m_scale * np.asarray(_mlp_model_jit(self.params, jnp.asarray(Tn), jnp.asarray(tn)))


def fit_mlp(temperatures, times, trajectories, *, key, hidden=(32, 32), learning_rate=1e-2, n_steps=2000):
    """Fit the black-box baseline ``m(t; T) = MLP(T, t)`` to relaxation data by Adam (chapter 10).

    The data are those of :func:`fit_landau` (shape ``(len(temperatures), len(times))``, typically
    the ordered phase only); the MLP (:func:`physml.nn.mlp`, tanh hidden layers ``hidden``) maps
    the scaled ``(T, t)`` to the scaled ``m`` and is trained by full-batch Adam
    (:func:`physml.nn.fit_adam`, optax, one jitted ``lax.scan``) on the mean squared error.
    ``key`` (a JAX PRNG key) sets the initial weights (``N(0, 1/fan_in)`` as :func:`physml.nn.mlp_init`,
    drawn with NumPy from the key), so the same key gives the same fit.  It is a smooth interpolant
    of the training grid: nothing makes it return ``m* = 0`` above ``T_c``.
    Returns :class:`MLPBaseline`.
    """
    T, t, data, learning_rate, n_steps = _baseline_arguments(temperatures, times, trajectories,
                                                             learning_rate, n_steps)
    try:
        hidden = tuple(hidden)
    except TypeError:
        raise TypeError(f"hidden must be a sequence of layer widths, got {hidden!r:.60}") from None
    hidden = tuple(count("hidden", h, minimum=1) for h in hidden)
    T_shift, T_scale, t_scale, m_scale = _scales(T, t, data)
    params = _mlp_init((2, *hidden, 1), key=key)
    fit = fit_adam(_mlp_loss, params, ((T - T_shift) / T_scale, t / t_scale, data / m_scale),
                   learning_rate=learning_rate, n_steps=n_steps)
    return MLPBaseline(params=fit.params, losses=np.asarray(fit.losses), T_shift=T_shift, T_scale=T_scale,
                       t_scale=t_scale, m_scale=m_scale)


def _normal_layers(key, shapes):
    """Weights ``N(0, 1/fan_in)`` of the given ``(fan_in, fan_out)`` shapes, drawn with NumPy from ``key``.

    NumPy, not ``jax.random``: each eager ``jax.random`` draw of a new shape compiles its own
    kernel (seconds, once per shape), while these few hundred numbers cost microseconds.
    """
    gen = rng("key", key)
    return [gen.standard_normal(shape) / np.sqrt(shape[0]) for shape in shapes]


def _mlp_init(sizes, *, key):
    """:func:`physml.nn.mlp` layers ``sizes[0] → … → sizes[-1]`` (weights ``N(0, 1/fan_in)``, biases zero)."""
    weights = _normal_layers(key, list(zip(sizes[:-1], sizes[1:])))
    return [{"W": jnp.asarray(w), "b": jnp.zeros(w.shape[1])} for w in weights]


def _gru_init(n_hidden, *, key):
    """GRU parameters (a dict pytree) for inputs ``(m, T)``: gates ``z, r`` and candidate ``n``, an
    initial-state layer from ``(m₀, T)`` and a linear read-out of the increment of ``m``."""
    H = n_hidden
    W, U, W0, Wout = _normal_layers(key, [(2, 3 * H), (H, 3 * H), (2, H), (H, 1)])
    return {"W": jnp.asarray(W), "U": jnp.asarray(U), "c": jnp.zeros(3 * H),
            "W0": jnp.asarray(W0), "c0": jnp.zeros(H),
            "Wout": jnp.asarray(Wout) * 0.1, "cout": jnp.zeros(1)}


def _gru_cell(p, h, x):
    """One GRU step: ``z, r = σ(x W + h U + c)``, ``n = tanh(x W_n + (r h) U_n + c_n)``, ``h' = (1 − z) n + z h``."""
    H = h.shape[-1]
    xw = x @ p["W"] + p["c"]
    hu = h @ p["U"][:, :2 * H]
    z = jax.nn.sigmoid(xw[..., :H] + hu[..., :H])
    r = jax.nn.sigmoid(xw[..., H:2 * H] + hu[..., H:])
    n = jnp.tanh(xw[..., 2 * H:] + (r * h) @ p["U"][:, 2 * H:])
    return (1.0 - z) * n + z * h


def _gru_rollout(p, Tn, m0n, n_steps):
    """Scaled ``m`` at ``n_steps + 1`` equally spaced times from ``m0n``, each output fed back; (n_T, n_steps + 1)."""
    h0 = jnp.tanh(jnp.stack([m0n, Tn], axis=-1) @ p["W0"] + p["c0"])

    def step(carry, _):
        h, m = carry
        h = _gru_cell(p, h, jnp.stack([m, Tn], axis=-1))
        m = m + (h @ p["Wout"] + p["cout"])[..., 0]
        return (h, m), m

    _, ms = jax.lax.scan(step, (h0, m0n), None, length=n_steps)
    return jnp.concatenate([m0n[None, :], ms], axis=0).T


def _gru_loss(p, Tn, m0n, target):
    return jnp.mean((_gru_rollout(p, Tn, m0n, target.shape[1] - 1) - target) ** 2)


_gru_rollout_jit = jax.jit(_gru_rollout, static_argnums=3)


@dataclass(frozen=True)
class GRUBaseline:
    """A black-box GRU rolled out from ``m₀`` and conditioned on ``T`` (chapter 10), from :func:`fit_gru`.

    ``params`` is the GRU pytree (see :func:`fit_gru`) on scaled inputs ``(m/m_scale, (T − T_shift)/T_scale)``;
    it steps ``m`` forward by ``dt``, the training data's time step, from the start time ``t0``.
    ``losses`` is the mean squared error of the free-running roll-out (scaled units) before each Adam step.
    """

    params: object = field(repr=False)
    losses: np.ndarray = field(repr=False)
    t0: float
    dt: float
    T_shift: float
    T_scale: float
    m_scale: float
    m0: np.ndarray = field(repr=False)

    def predict(self, temperatures, times, m0=None):
        """The rolled-out ``m(t; T)``, shape ``(len(temperatures), len(times))``.

        ``times`` must be ``t0, t0 + dt, t0 + 2 dt, …`` (any length: beyond the training horizon
        is a roll-out further in time); ``m0`` is a number or one per temperature, by default the
        fit's own (if it was a single number).
        """
        T, t = _grid(temperatures, times)
        steps = (t - self.t0) / self.dt
        if not np.allclose(steps, np.arange(t.size), rtol=0, atol=1e-9 * max(1.0, t.size)):
            raise ValueError(f"times must be t0 + k dt, k = 0, 1, …, with t0 = {self.t0!r}, dt = {self.dt!r} "
                             f"(the training grid): the GRU steps by dt")
        if m0 is None:
            if np.ptp(self.m0) != 0:
                raise ValueError("m0 must be given: the training data started from a different m0 at each temperature")
            m0 = float(self.m0[0])
        m0 = _initial_values("m0", m0, T.size)[:, 0]
        out = _gru_rollout_jit(self.params, jnp.asarray((T - self.T_shift) / self.T_scale),
                               jnp.asarray(m0 / self.m_scale), t.size - 1)
        return self.m_scale * np.asarray(out)


def fit_gru(temperatures, times, trajectories, *, key, m0=None, hidden=16, learning_rate=1e-2, n_steps=800):
    """Fit the black-box sequence baseline, a GRU rolled out from ``m₀`` and conditioned on ``T`` (chapter 10).

    The GRU (a few lines of JAX, parameters a dict pytree, ``hidden`` units) reads
    ``(m_k, T)`` (scaled) at each step, updates its hidden state ``h`` and emits the increment
    ``m_{k+1} − m_k`` by a linear read-out; ``h₀`` comes from ``(m₀, T)`` through a tanh layer.
    ``m0`` is the known start (a number or one per temperature, as in :func:`fit_landau`); by
    default the first column of ``trajectories`` (the measured, noisy start).  ``times`` must be
    equally spaced.  It is trained on the free-running roll-out (its own predictions fed back, no teacher
    forcing), mean squared error over the whole trajectories, by full-batch Adam
    (:func:`physml.nn.fit_adam`, optax, one jitted ``lax.scan``).  ``key`` sets the initial weights.
    Returns :class:`GRUBaseline`.
    """
    T, t, data, learning_rate, n_steps = _baseline_arguments(temperatures, times, trajectories,
                                                             learning_rate, n_steps)
    hidden = count("hidden", hidden, minimum=1)
    if t.size < 2:
        raise ValueError(f"times must hold at least 2 values for a sequence model, got {t.size}")
    dt = np.diff(t)
    if np.any(dt <= 0) or np.ptp(dt) > 1e-9 * dt.mean():
        raise ValueError("times must be equally spaced and increasing (the GRU steps by a fixed dt)")
    T_shift, T_scale, _, m_scale = _scales(T, t, data)
    params = _gru_init(hidden, key=key)
    m0 = data[:, 0].copy() if m0 is None else _initial_values("m0", m0, T.size)[:, 0]
    fit = fit_adam(_gru_loss, params, ((T - T_shift) / T_scale, m0 / m_scale, data / m_scale),
                       learning_rate=learning_rate, n_steps=n_steps)
    return GRUBaseline(params=fit.params, losses=np.asarray(fit.losses), t0=float(t[0]), dt=float(dt.mean()),
                       T_shift=T_shift, T_scale=T_scale, m_scale=m_scale, m0=m0)
