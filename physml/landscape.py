r"""Loss landscapes as potential energy surfaces (chapters 1 and 2).

A loss :math:`E(\theta)` is read as the potential energy of a particle at
position :math:`\theta`.  Training is motion in that potential:

* gradient flow, :math:`\dot\theta = -\nabla E(\theta)` — overdamped motion
  (chapter 1, eq. ``gradient-flow``);
* gradient descent, :math:`\theta_{k+1} = \theta_k - \alpha\nabla E(\theta_k)`
  — its explicit-Euler discretisation with step :math:`\alpha` (chapter 1);
* critical points, :math:`\nabla E = 0`, classified by the eigenvalues of the
  Hessian :math:`H = \nabla^2 E` (chapter 2).

All functions are pure; randomness comes in through an explicit JAX PRNG key.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
from jax.flatten_util import ravel_pytree
from scipy.integrate import solve_ivp

from . import _validate as v

__all__ = [
    "gradient_descent",
    "perturbed_gradient_descent",
    "gradient_flow",
    "hessian_vector_product",
    "top_hessian_eigenvalue",
    "critical_point_type",
    "hessian_index",
    "prob_definite",
    "find_critical_points",
    "saddle_free_newton",
    "tanh_network",
    "canonical_tanh_units",
    "add_dead_units",
    "escape_step",
    "smooth_bowl",
    "SMOOTH_BOWL_BETA",
    "strict_saddle",
    "MonteCarloEstimate",
    "CriticalPoints",
    "DescentRun",
    "descent_until_divergence",
    "DIVERGED",
    "BOWL_START",
    "BOWL_STEPS",
    "SADDLE_LEARNING_RATE",
    "SADDLE_STEPS",
    "ESCAPED",
    "bowl_descent",
    "SaddleEscape",
    "saddle_escape",
]


# --------------------------------------------------------------------------- #
# Dynamics: gradient descent and gradient flow (chapter 1)
# --------------------------------------------------------------------------- #
@partial(jax.jit, static_argnums=(0, 3))
def _gd_scan(grad, theta0, lr, n_steps):
    def step(theta, _):
        new = jax.tree_util.tree_map(lambda t, g: t - lr * g, theta, grad(theta))
        return new, new

    _, path = jax.lax.scan(step, theta0, None, length=n_steps)
    return jax.tree_util.tree_map(lambda t0, p: jnp.concatenate([t0[None], p]), theta0, path)


def gradient_descent(grad, theta0, learning_rate, n_steps):
    r"""Iterate gradient descent, :math:`\theta_{k+1} = \theta_k - \alpha\,\nabla E(\theta_k)`.

    Chapter 1. On a quadratic :math:`E = \tfrac12\theta^\top A\theta` the
    iteration converges if and only if :math:`0 < \alpha < 2/\lambda_{\max}(A)`.

    Parameters
    ----------
    grad : callable
        :math:`\nabla E`, mapping a parameter array (or pytree) to one of the same shape.
    theta0 : array_like or pytree
        Starting point.
    learning_rate : float
        Step size :math:`\alpha > 0`.
    n_steps : int
        Number of steps (``>= 0``).

    Returns
    -------
    jax.Array (or pytree of arrays)
        The iterates :math:`\theta_0, \dots, \theta_{n}`, stacked along a new
        leading axis of length ``n_steps + 1``.  A diverging run is returned as
        is (values may overflow to ``inf``/``nan``); see :func:`escape_step`.
    """
    v.callable_arg("grad", grad)
    learning_rate = v.positive_float("learning_rate", learning_rate)
    n_steps = v.count("n_steps", n_steps)
    theta0 = _as_float_tree("theta0", theta0)
    return _gd_scan(grad, theta0, learning_rate, n_steps)


@partial(jax.jit, static_argnums=(0, 3))
def _pgd_scan(grad, theta0, lr, n_steps, noise, key):
    flat0, unravel = ravel_pytree(theta0)
    keys = jax.random.split(key, n_steps)

    def step(theta, k):
        g, _ = ravel_pytree(grad(unravel(theta)))
        new = theta - lr * g + noise * jax.random.normal(k, theta.shape, theta.dtype)
        return new, new

    _, path = jax.lax.scan(step, flat0, keys)
    return jax.vmap(unravel)(jnp.concatenate([flat0[None], path]))


def perturbed_gradient_descent(grad, theta0, learning_rate, n_steps, *, noise, key):
    r"""Gradient descent with isotropic Gaussian kicks (a caricature of SGD noise).

    Chapter 2: :math:`\theta_{k+1} = \theta_k - \alpha\nabla E(\theta_k) + \sigma\,\xi_k`,
    :math:`\xi_k \sim \mathcal N(0, I)` independent.  With ``noise = 0`` this is
    exactly :func:`gradient_descent`.

    Returns the iterates, leading axis of length ``n_steps + 1``.
    """
    v.callable_arg("grad", grad)
    learning_rate = v.positive_float("learning_rate", learning_rate)
    n_steps = v.count("n_steps", n_steps, minimum=1)
    noise = v.positive_float("noise", noise, allow_zero=True)
    v.prng_key("key", key)
    theta0 = _as_float_tree("theta0", theta0)
    return _pgd_scan(grad, theta0, learning_rate, n_steps, noise, key)


def gradient_flow(grad, theta0, times):
    r"""Solve gradient flow :math:`d\theta/dt = -\nabla E(\theta)` from ``theta0`` at ``t = 0``.

    Chapter 1: overdamped motion in the potential :math:`E`; along the flow
    :math:`dE/dt = -\lVert\nabla E\rVert^2`.  The ODE is integrated with
    scipy's 8th-order Dormand–Prince method (``DOP853``) at ``rtol = 1e-11``,
    ``atol = 1e-13``, so the result is accurate to better than ``1e-6`` for
    well-scaled problems (tested against the closed form
    :math:`\theta(t) = e^{-At}\theta_0` on quadratics).

    Parameters
    ----------
    grad : callable
        :math:`\nabla E` on a 1-D parameter array.
    theta0 : array_like, shape (n,)
    times : array_like, shape (m,)
        Non-negative, non-decreasing times at which to report the flow.

    Returns
    -------
    numpy.ndarray, shape (m, n)
    """
    v.callable_arg("grad", grad)
    theta0 = v.finite_array("theta0", theta0)
    if theta0.ndim != 1:
        raise ValueError(f"theta0 must be a 1-D array, got shape {theta0.shape}")
    times = v.finite_array("times", times, ndim=1)
    if times.size == 0:
        raise ValueError("times must contain at least one time, got an empty array")
    if np.any(times < 0) or np.any(np.diff(times) < 0):
        raise ValueError(f"times must be non-negative and non-decreasing, got {times!r:.80}")
    g = jax.jit(grad)

    def rhs(_t, th):
        return -np.asarray(g(jnp.asarray(th)), dtype=float)

    t_end = float(times[-1])
    if t_end == 0.0:
        return np.repeat(theta0[None], times.size, axis=0)
    sol = solve_ivp(rhs, (0.0, t_end), theta0, method="DOP853", t_eval=times,
                    rtol=1e-11, atol=1e-13)
    if not sol.success:  # pragma: no cover - scipy reports e.g. a blow-up
        raise RuntimeError(f"gradient_flow: the ODE solver failed: {sol.message}")
    return sol.y.T


def escape_step(values, threshold):
    """Index of the first entry whose magnitude exceeds ``threshold`` (or is not finite).

    Used for divergence (chapter 1) and saddle escape (chapter 2).  Returns
    ``None`` if no entry does.  ``values`` is a 1-D sequence of scalars.
    """
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"values must be 1-D, got shape {arr.shape}")
    threshold = v.positive_float("threshold", threshold)
    hit = np.flatnonzero(~np.isfinite(arr) | (np.abs(arr) > threshold))
    return int(hit[0]) if hit.size else None


# --------------------------------------------------------------------------- #
# Curvature: Hessian-vector products and the top eigenvalue (chapter 1)
# --------------------------------------------------------------------------- #
def hessian_vector_product(loss, params, vec):
    r"""Return :math:`H v = \nabla^2 E(\theta)\,v` without forming :math:`H`.

    Forward-over-reverse differentiation: :math:`Hv = \frac{d}{d\epsilon}
    \nabla E(\theta + \epsilon v)\big|_{\epsilon=0}` (``jax.jvp`` of
    ``jax.grad``), at the cost of about two gradient evaluations.  ``params``
    and ``vec`` are pytrees of the same structure.
    """
    v.callable_arg("loss", loss)
    return jax.jvp(jax.grad(loss), (params,), (vec,))[1]


@partial(jax.jit, static_argnums=(0, 3))
def _power_iteration(loss, params, key, n_iter):
    flat, unravel = ravel_pytree(params)

    def hvp(x):
        return ravel_pytree(jax.jvp(jax.grad(loss), (params,), (unravel(x),))[1])[0]

    def run(matvec, x0):
        def body(_, x):
            y = matvec(x)
            return y / jnp.linalg.norm(y)

        x = jax.lax.fori_loop(0, n_iter, body, x0 / jnp.linalg.norm(x0))
        return jnp.vdot(x, matvec(x))

    x0 = jax.random.normal(key, flat.shape, flat.dtype)
    mu = run(hvp, x0)  # eigenvalue of largest magnitude
    # If it is negative, the top (algebraic) eigenvalue is found by iterating the
    # shifted operator H - mu I, whose spectrum is non-negative (only then: lax.cond).
    return jax.lax.cond(mu >= 0, lambda: mu, lambda: run(lambda x: hvp(x) - mu * x, x0) + mu)


def top_hessian_eigenvalue(loss, params, *, key, n_iter=100):
    r"""Largest eigenvalue :math:`\lambda_{\max}` of the Hessian of ``loss`` at ``params``.

    Chapter 1: by power iteration on Hessian-vector products (never forming
    the Hessian), :math:`x \leftarrow Hx/\lVert Hx\rVert`, then the Rayleigh
    quotient :math:`x^\top H x`.  When the dominant eigenvalue is negative the
    iteration is repeated on :math:`H - \mu I`.  Gradient descent on the local
    quadratic model is stable only for :math:`\alpha < 2/\lambda_{\max}`.

    Parameters
    ----------
    loss : callable
        Scalar loss of a parameter pytree.
    params : pytree of arrays
    key : jax PRNG key
        Seeds the random start vector.
    n_iter : int
        Power iterations; the error shrinks like :math:`(\lambda_2/\lambda_1)^{2k}`.

    Returns
    -------
    float
    """
    v.callable_arg("loss", loss)
    v.prng_key("key", key)
    n_iter = v.count("n_iter", n_iter, minimum=1)
    params = _as_float_tree("params", params)
    return float(_power_iteration(loss, params, key, n_iter))


# --------------------------------------------------------------------------- #
# Critical points and random matrices (chapter 2)
# --------------------------------------------------------------------------- #
def critical_point_type(hessian, tol=1e-8):
    r"""Classify a critical point by the eigenvalues of its Hessian.

    Chapter 2. With eigenvalues :math:`\lambda_i` of :math:`H`:

    * ``"minimum"`` if all :math:`\lambda_i > \text{tol}`;
    * ``"maximum"`` if all :math:`\lambda_i < -\text{tol}`;
    * ``"degenerate"`` if any :math:`|\lambda_i| \le \text{tol}`, by convention: the
      second-order test is silent only if the other eigenvalues share one sign; with
      eigenvalues of both signs such a point is in fact a saddle;
    * ``"saddle"`` otherwise (both signs, none near zero).
    """
    h = v.symmetric_matrix("hessian", hessian)
    tol = v.positive_float("tol", tol, allow_zero=True)
    lam = np.linalg.eigvalsh(h)
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "saddle"


def hessian_index(hessian, rtol=0.0):
    r"""Index of a critical point as a *fraction*: the share of negative Hessian eigenvalues (chapter 2).

    0 for a minimum, 1 for a maximum, in between for a saddle. This is Dauphin et al.'s (2014)
    normalisation; Morse theory's index is the *number* of negative eigenvalues (this fraction times
    the dimension).
    Eigenvalues with :math:`|\lambda| \le` ``rtol`` :math:`\times \max_i|\lambda_i|`
    count as zero (not negative), so round-off in a degenerate direction does not
    add to the index.
    """
    h = v.symmetric_matrix("hessian", hessian)
    rtol = v.positive_float("rtol", rtol, allow_zero=True)
    lam = np.linalg.eigvalsh(h)
    return float(np.mean(lam < -rtol * np.abs(lam).max()))


def _goe_batch(key, batch, n):
    g = jax.random.normal(key, (batch, n, n))
    return (g + jnp.swapaxes(g, -1, -2)) / 2.0


@partial(jax.jit, static_argnums=(1, 2))
def _count_definite(key, batch, n):
    lam = jnp.linalg.eigvalsh(_goe_batch(key, batch, n))
    one_sign = (lam[:, 0] > 0) | (lam[:, -1] < 0)
    return jnp.sum(one_sign)


@dataclass(frozen=True)
class MonteCarloEstimate:
    """A Monte Carlo estimate and its standard error."""

    value: float
    stderr: float


def prob_definite(n, n_samples, *, key, batch_size=20_000):
    r"""Monte Carlo probability that an :math:`n\times n` GOE matrix is definite.

    Chapter 2. A GOE matrix is :math:`M = (G + G^\top)/2` with
    :math:`G_{ij}\sim\mathcal N(0,1)` i.i.d. (diagonal variance 1,
    off-diagonal variance 1/2).  We estimate
    :math:`p_n = P(\text{all eigenvalues of one sign})` by the fraction
    :math:`\hat p` of ``n_samples`` draws, with binomial standard error
    :math:`\sqrt{\hat p(1-\hat p)/N}`.

    For :math:`n = 2` the exact value is :math:`1 - 1/\sqrt2 \approx 0.2929`,
    below the coin-flip guess :math:`2^{1-n} = 1/2`; for large :math:`n`,
    :math:`p_n` decays like :math:`e^{-c n^2}` (Dean & Majumdar 2006) — far
    faster than :math:`2^{1-n}`.

    Returns
    -------
    MonteCarloEstimate
        ``value`` :math:`\hat p` and ``stderr``.
    """
    n = v.count("n", n, minimum=1)
    n_samples = v.count("n_samples", n_samples, minimum=1)
    batch_size = v.count("batch_size", batch_size, minimum=1)
    v.prng_key("key", key)
    hits, done = 0, 0
    while done < n_samples:
        b = min(batch_size, n_samples - done)
        key, sub = jax.random.split(key)
        hits += int(_count_definite(sub, b, n))
        done += b
    p = hits / n_samples
    return MonteCarloEstimate(p, float(np.sqrt(p * (1 - p) / n_samples)))


@dataclass(frozen=True)
class CriticalPoints:
    """End points of :func:`find_critical_points` and the gradient norm at each."""

    thetas: np.ndarray
    grad_norms: np.ndarray


def find_critical_points(loss, starts, *, n_iter=100, damping=1e-6):
    r"""Converge to nearby critical points of ``loss`` — of any index — from many starts.

    Chapter 2.  Gradient descent only finds minima; to find saddles we
    minimise :math:`\tfrac12\lVert\nabla E\rVert^2` instead, whose zeros are all
    critical points.  Each step is a Levenberg–Marquardt (damped Gauss–Newton)
    step on :math:`g(\theta) = \nabla E(\theta) = 0`:
    :math:`\theta \leftarrow \theta - (H^2 + \mu I)^{-1} H g`, with
    :math:`\mu` = ``damping`` :math:`\times \lVert g\rVert`.  This is Newton's
    method near a non-degenerate critical point, so convergence is quadratic.

    Parameters
    ----------
    loss : callable
        Scalar loss of a 1-D parameter vector.
    starts : array_like, shape (m, n)
        Starting points.
    n_iter : int
    damping : float

    Returns
    -------
    CriticalPoints
        ``thetas`` (m, n), the end points, and ``grad_norms`` (m,),
        :math:`\lVert\nabla E\rVert` there; keep the ones near zero.
    """
    v.callable_arg("loss", loss)
    starts = v.finite_array("starts", starts, ndim=2)
    n_iter = v.count("n_iter", n_iter, minimum=1)
    damping = v.positive_float("damping", damping, allow_zero=True)
    thetas, norms = _newton_critical(loss, jnp.asarray(starts), n_iter, damping)
    return CriticalPoints(np.asarray(thetas), np.asarray(norms))


@partial(jax.jit, static_argnums=(0, 2))
def _newton_critical(loss, starts, n_iter, damping):
    grad = jax.grad(loss)
    hess = jax.hessian(loss)

    def one(theta0):
        def body(_, th):
            g, h = grad(th), hess(th)
            mu = damping * jnp.linalg.norm(g) + 1e-300
            step = jnp.linalg.solve(h @ h + mu * jnp.eye(th.size), h @ g)
            return th - step

        th = jax.lax.fori_loop(0, n_iter, body, theta0)
        return th, jnp.linalg.norm(grad(th))

    return jax.vmap(one)(starts)


@partial(jax.jit, static_argnums=(0, 3))
def _saddle_free_newton(loss, starts, free, n_iter, damping):
    grad = jax.grad(loss)
    hess = jax.hessian(loss)

    def one(theta0, free):
        both = free[:, None] & free[None, :]

        def body(_, carry):
            th, mu = carry
            # the Hessian and gradient on the free coordinates only (identity on the fixed ones)
            h = jnp.where(both, hess(th), 0.0) + jnp.diag(jnp.where(free, 0.0, 1.0))
            g = jnp.where(free, grad(th), 0.0)
            lam, q = jnp.linalg.eigh(h)
            step = jnp.where(free, -q @ ((q.T @ g) / (jnp.abs(lam) + mu)), 0.0)
            new, old = loss(th + step), loss(th)
            # downhill; or, once E changes by no more than its round-off, a smaller gradient
            level = new <= old + 1e-12 * (1.0 + jnp.abs(old))
            smaller = jnp.sum(jnp.where(free, grad(th + step), 0.0) ** 2) < jnp.sum(g**2)
            downhill = (new < old) | (level & smaller)
            # accepted: trust the quadratic model more; rejected: less (Levenberg's rule)
            return jnp.where(downhill, th + step, th), jnp.where(downhill, mu / 3, mu * 4)

        th, _ = jax.lax.fori_loop(0, n_iter, body, (theta0, jnp.asarray(damping, theta0.dtype)))
        return th, jnp.linalg.norm(jnp.where(free, grad(th), 0.0))

    return jax.vmap(one)(starts, free)


def saddle_free_newton(loss, starts, *, n_iter=200, damping=1.0, fixed=None):
    r"""Minimise ``loss`` from many starts by damped saddle-free Newton steps (chapter 2).

    Dauphin et al. (2014): with the Hessian :math:`H = Q\Lambda Q^\top`, step
    :math:`\theta \leftarrow \theta - Q(|\Lambda| + \mu I)^{-1}Q^\top\nabla E`.
    Along a direction of positive curvature this is Newton's step; along one of
    negative curvature the sign is flipped, so the step goes *downhill* where
    Newton's method would climb to the saddle.  A step is accepted only if it
    lowers :math:`E` (then :math:`\mu \to \mu/3`), else rejected and
    :math:`\mu \to 4\mu` (Levenberg's rule), so the loss never rises beyond
    round-off; near a non-degenerate minimum :math:`\mu \to 0` and convergence is
    quadratic.  (Once :math:`E` changes by less than :math:`10^{-12}(1 + |E|)`, the
    level of its round-off, a step is also accepted if it shrinks
    :math:`\lVert\nabla E\rVert`, so the gradient converges to round-off too.)
    It is a descent method run to convergence: it ends at minima, where plain
    Newton (:func:`find_critical_points`) ends at the nearest critical point of
    any index.

    Parameters
    ----------
    loss : callable
        Scalar loss of a 1-D parameter vector.
    starts : array_like, shape (m, n)
    n_iter : int
        Number of (accepted or rejected) steps.
    damping : float
        Initial :math:`\mu > 0`.
    fixed : array_like of bool, shape (n,) or (m, n), optional
        Coordinates held at their starting values: the minimisation is over the others
        only (their Hessian block and gradient), e.g. to minimise a network with some
        hidden units removed.

    Returns
    -------
    CriticalPoints
        The end points and the norm of the gradient over the free coordinates there.
    """
    v.callable_arg("loss", loss)
    starts = v.finite_array("starts", starts, ndim=2)
    n_iter = v.count("n_iter", n_iter, minimum=1)
    damping = v.positive_float("damping", damping)
    if fixed is None:
        free = np.ones(starts.shape, dtype=bool)
    else:
        fixed = np.asarray(fixed)
        if fixed.dtype != bool:
            raise TypeError(f"fixed must be an array of booleans, got dtype {fixed.dtype}")
        try:
            free = ~np.broadcast_to(fixed, starts.shape)
        except ValueError:
            raise ValueError(f"fixed must have shape {starts.shape[1:]} or {starts.shape}, "
                             f"got {fixed.shape}") from None
    thetas, norms = _saddle_free_newton(loss, jnp.asarray(starts), jnp.asarray(free), n_iter, damping)
    return CriticalPoints(np.asarray(thetas), np.asarray(norms))


def _hidden_units(name, theta):
    n = theta.shape[-1]
    if n < 1 or (n - 1) % 3:
        raise ValueError(f"{name} must have 3H + 1 entries (w1, b1, w2 of H units, then b2), "
                         f"got length {n}")
    return (n - 1) // 3


def tanh_network(theta, x):
    r"""Chapter 2's one-hidden-layer network, :math:`\hat y(x) = \sum_{j=1}^H w_{2j}\tanh(w_{1j}x + b_{1j}) + b_2`.

    ``theta`` is the flat vector :math:`(w_1, b_1, w_2, b_2)` of length :math:`3H + 1`
    (:math:`H` hidden units); ``x`` an array of scalar inputs.  Returns :math:`\hat y`
    with the shape of ``x``.  Traceable by JAX (no argument checks beyond the length).
    """
    H = _hidden_units("theta", theta)
    w1, b1, w2, b2 = theta[:H], theta[H:2 * H], theta[2 * H:3 * H], theta[3 * H]
    x = jnp.asarray(x)
    return jnp.tanh(x[..., None] * w1 + b1) @ w2 + b2


def canonical_tanh_units(thetas, *, tol=1e-6):
    r"""One representative of each parameter vector of :func:`tanh_network` modulo its symmetries.

    Chapter 2.  The output of a tanh network is unchanged by permuting its hidden units
    and by flipping the sign of a unit, :math:`(w_{1j}, b_{1j}, w_{2j}) \to -(w_{1j}, b_{1j},
    w_{2j})` (tanh is odd): :math:`H!\,2^H` copies of every point.  The representative
    flips each unit so that its first entry among :math:`(w_2, w_1, b_1)` with magnitude
    above ``tol`` is positive, then sorts the units by :math:`w_2` (descending, ties
    broken by :math:`w_1`, then :math:`b_1`, all rounded to ``tol``).  Two critical points
    are the same up to symmetry when their representatives agree to within ``tol``-ish.

    ``thetas``: shape (3H+1,) or (m, 3H+1).  Returns a NumPy array of the same shape.
    """
    arr = v.finite_array("thetas", thetas)
    if arr.ndim not in (1, 2):
        raise ValueError(f"thetas must be 1-D or 2-D, got shape {arr.shape}")
    tol = v.positive_float("tol", tol)
    H = _hidden_units("thetas", arr)
    flat = np.atleast_2d(arr)
    units = np.stack([flat[:, 2 * H:3 * H], flat[:, :H], flat[:, H:2 * H]], axis=-1)  # (m, H, 3)
    big = np.abs(units) > tol
    first = np.argmax(big, axis=-1)                                          # first clear entry
    sign = np.sign(np.take_along_axis(units, first[..., None], -1)[..., 0])
    sign[~big.any(-1)] = 1.0                                                 # an all-zero unit
    units = units * sign[..., None]
    rounded = np.round(units / tol)
    out = np.empty_like(flat)
    for i in range(flat.shape[0]):
        order = np.lexsort((rounded[i, :, 2], rounded[i, :, 1], -rounded[i, :, 0]))
        u = units[i, order]
        out[i] = np.concatenate([u[:, 1], u[:, 2], u[:, 0], flat[i, 3 * H:]])
    return out[0] if arr.ndim == 1 else out


def add_dead_units(theta, *, hidden):
    r"""Embed a :math:`k`-unit :func:`tanh_network` in one with ``hidden`` units by adding dead units.

    Chapter 2 (Fukumizu & Amari 2000).  The new units get :math:`w_1 = b_1 = w_2 = 0`, so
    the output is unchanged.  If ``theta`` is a critical point of the mean squared error of the
    :math:`k`-unit network (with or without a weight decay :math:`\tfrac\lambda2\lVert w\rVert^2`
    on :math:`w_1, b_1, w_2`), the result is a critical point of the larger one; each dead unit
    adds the Hessian block :math:`\begin{pmatrix}\lambda&0&c\\0&\lambda&0\\c&0&\lambda\end{pmatrix}`
    on :math:`(w_1, b_1, w_2)`, :math:`c = 2\langle r\,x\rangle` with residuals :math:`r = \hat y - y`,
    eigenvalues :math:`\lambda - |c|, \lambda, \lambda + |c|`.

    ``theta``: shape (3k+1,), ``hidden`` :math:`\ge k`.  Returns shape (3·hidden + 1,).
    """
    theta = v.finite_array("theta", theta, ndim=1)
    k = _hidden_units("theta", theta)
    hidden = v.count("hidden", hidden, minimum=max(k, 1))
    pad = np.zeros(hidden - k)
    w1, b1, w2, b2 = theta[:k], theta[k:2 * k], theta[2 * k:3 * k], theta[3 * k:]
    return np.concatenate([w1, pad, b1, pad, w2, pad, b2])


# --------------------------------------------------------------------------- #
def _as_float_tree(name, tree):
    leaves = jax.tree_util.tree_leaves(tree)
    if not leaves:
        raise ValueError(f"{name} must contain at least one array, got {tree!r:.60}")
    out = []
    for leaf in leaves:
        arr = jnp.asarray(v.finite_array(name, leaf))
        out.append(arr)
    return jax.tree_util.tree_unflatten(jax.tree_util.tree_structure(tree), out)


# --------------------------------------------------------------------------- #
# The two model landscapes of chapters 1 and 2
# --------------------------------------------------------------------------- #
def smooth_bowl(theta):
    r"""Chapter 1's non-quadratic landscape, :math:`E(x, y) = \tfrac12 x^2 + 2y^2 + \log\cosh(x+y)`.

    Its Hessian is :math:`\mathrm{diag}(1, 4) + \operatorname{sech}^2(x+y)
    \begin{pmatrix}1&1\\1&1\end{pmatrix}`, so :math:`E` is :math:`\beta`-smooth
    with :math:`\beta = \lambda_{\max}\begin{pmatrix}2&1\\1&5\end{pmatrix} =
    (7+\sqrt{13})/2` (:data:`SMOOTH_BOWL_BETA`), attained on the line
    :math:`x+y=0`; far from that line the curvature falls to at most 4.  The
    unique minimum is :math:`\theta = 0` with :math:`E = 0`.
    """
    x, y = theta[..., 0], theta[..., 1]
    s = x + y
    # log cosh(s) written to avoid overflow: |s| + log1p(exp(-2|s|)) - log 2
    return 0.5 * x**2 + 2.0 * y**2 + jnp.abs(s) + jnp.log1p(jnp.exp(-2 * jnp.abs(s))) - jnp.log(2.0)


#: Smoothness constant of :func:`smooth_bowl`: :math:`\beta = (7+\sqrt{13})/2`.
SMOOTH_BOWL_BETA = (7 + np.sqrt(13)) / 2


def strict_saddle(theta):
    r"""Chapter 2's strict-saddle landscape, :math:`f(x, y) = x^2/2 + y^4/4 - y^2/2`.

    Critical points: a strict saddle at the origin (Hessian
    :math:`\mathrm{diag}(1, -1)`) and two minima at :math:`(0, \pm 1)`
    (Hessian :math:`\mathrm{diag}(1, 2)`, :math:`f = -1/4`).  The stable
    manifold of the saddle is the line :math:`y = 0`.
    """
    x, y = theta[..., 0], theta[..., 1]
    return 0.5 * x**2 + 0.25 * y**4 - 0.5 * y**2



# --------------------------------------------------------------------------- #
# The demonstrations of chapters 1 and 2 (their explorers draw these)
# --------------------------------------------------------------------------- #
#: A run whose parameter norm exceeds this counts as diverged.
DIVERGED = 1e3
#: Chapter 1's start on :func:`smooth_bowl`.
BOWL_START = (2.5, -1.6)
#: Number of steps of chapter 1's runs.
BOWL_STEPS = 40


@dataclass(frozen=True)
class DescentRun:
    r"""Gradient descent cut where it diverged: ``path`` (k+1, n) and ``energy`` (k+1,) stop at
    the first iterate with :math:`|\theta| >` :data:`DIVERGED` (``diverged_at``; ``None`` if none)."""

    learning_rate: float
    n_steps: int
    path: np.ndarray
    energy: np.ndarray
    diverged_at: int | None

    @property
    def rises(self):
        """Number of steps on which the energy rose (by more than 1e-12)."""
        return int(np.sum(np.diff(self.energy) > 1e-12))


_grad = functools.lru_cache(maxsize=None)(jax.grad)


@partial(jax.jit, static_argnums=(0, 3))
def _descent_with_energy(loss, theta0, learning_rate, n_steps):
    path = _gd_scan(_grad(loss), theta0, learning_rate, n_steps)
    return path, jax.vmap(loss)(path)


def descent_until_divergence(loss, theta0, learning_rate, n_steps):
    r"""Gradient descent on ``loss`` (a scalar function of a 1-D vector), with the energy at each
    iterate, cut at divergence (chapter 1: the step-size limit :math:`\alpha < 2/\beta`).

    Returns a :class:`DescentRun`.  Pass the same ``loss`` object on every call: the compiled
    program is cached per loss function.
    """
    v.callable_arg("loss", loss)
    learning_rate = v.positive_float("learning_rate", learning_rate)
    n_steps = v.count("n_steps", n_steps, minimum=1)
    theta0 = jnp.asarray(v.finite_array("theta0", theta0, ndim=1))
    path, energy = (np.asarray(a) for a in _descent_with_energy(loss, theta0, learning_rate, n_steps))
    k = escape_step(np.linalg.norm(path, axis=1), DIVERGED)
    if k is not None:
        path, energy = path[:k], energy[:k]
    return DescentRun(learning_rate, n_steps, path, energy, k)


def bowl_descent(learning_rate, n_steps=BOWL_STEPS):
    """Chapter 1's run: :func:`descent_until_divergence` on :func:`smooth_bowl` from :data:`BOWL_START`."""
    return descent_until_divergence(smooth_bowl, BOWL_START, learning_rate, n_steps)


#: Step size of chapter 2's saddle runs.
SADDLE_LEARNING_RATE = 0.1
#: Number of steps of chapter 2's saddle runs.
SADDLE_STEPS = 400
#: A run has left the saddle once the magnitude of y exceeds this.
ESCAPED = 0.5


@dataclass(frozen=True)
class SaddleEscape:
    r"""(Perturbed) gradient descent on :func:`strict_saddle` from :math:`(1, y_0)`.

    ``escaped_at`` is the first step with :math:`|y| >` :data:`ESCAPED` (``None``: never);
    ``predicted`` the linearised escape time :math:`\ln(0.5/|y_0|)/\ln(1+\alpha)`
    (``inf`` for :math:`y_0 = 0`)."""

    y0: float
    noise: float
    path: np.ndarray
    escaped_at: int | None
    predicted: float


def saddle_escape(y0, *, noise=0.0, key=None, n_steps=SADDLE_STEPS):
    r"""Chapter 2: how long gradient descent lingers at a strict saddle.

    Near the saddle :math:`y_{k+1} = (1+\alpha) y_k`, so a start at distance :math:`|y_0|` from the
    stable manifold :math:`y = 0` escapes after about :math:`\ln(0.5/|y_0|)/\ln(1+\alpha)` steps;
    from :math:`y_0 = 0` plain descent never escapes, but noise ``noise`` (:math:`\sigma`) does.
    Step size :data:`SADDLE_LEARNING_RATE`. ``key`` (a JAX PRNG key) draws the noise; a run without
    noise needs none. Returns a :class:`SaddleEscape`.
    """
    y0 = v.real("y0", y0)
    noise = v.positive_float("noise", noise, allow_zero=True)
    if key is None:
        if noise:
            raise ValueError(f"key must be a JAX PRNG key when noise > 0, got key=None (noise={noise!r})")
        key = jax.random.key(0)  # unused: the kicks are multiplied by zero
    n_steps = v.count("n_steps", n_steps, minimum=1)
    theta0 = jnp.array([1.0, y0])
    path = np.asarray(perturbed_gradient_descent(_grad(strict_saddle), theta0, SADDLE_LEARNING_RATE, n_steps,
                                                 noise=noise, key=key))
    k = escape_step(path[:, 1], ESCAPED)
    predicted = float(np.log(ESCAPED / abs(y0)) / np.log1p(SADDLE_LEARNING_RATE)) if y0 else np.inf
    return SaddleEscape(y0, noise, path, k, predicted)
