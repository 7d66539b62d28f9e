r"""Lattice gauge fields in two dimensions: links, plaquettes, Wilson loops, gauge transformations,
heat-bath Monte Carlo and the exact 2D results.

Chapter 9 uses everything here, up to the lattice gauge-equivariant network (L-CNN) of Favoni
et al., PRL 128, 032003 (2022): :func:`plaquette_features`, :func:`lconv`, :func:`lbilin`,
:func:`trace_layer`, and the model :func:`lcnn_apply` with its parameters from :func:`lcnn_init`.

**Layout.**  An ``L × L`` periodic lattice with sites ``x = (x₀, x₁)`` carries one link ``U_μ(x)``
per site and direction ``μ ∈ {0, 1}`` (``0̂`` is the first array axis, ``1̂`` the second).  A
configuration ``links`` is one array, ``links[μ, x₀, x₁]``:

* ``group="u1"``: unit complex numbers ``U = e^{iθ}``, shape ``(2, L, L)``, ``N = 1``;
* ``group="su2"``: 2 × 2 complex matrices with ``U†U = 1`` and ``det U = 1``, shape
  ``(2, L, L, 2, 2)``, ``N = 2``.  A unit quaternion ``(a₀, a)`` maps to
  ``U = a₀ 1 + i a·σ`` (Pauli matrices ``σ``), i.e. ``[[a₀ + i a₃, a₂ + i a₁], [−a₂ + i a₁, a₀ − i a₃]]``.

The group is read off the shape, so the functions take ``links`` alone.  A gauge field
``Ω(x)`` has the shape of one direction, ``(L, L)`` or ``(L, L, 2, 2)``.

**Observables.**  The plaquette ``U_P(x) = U₀(x) U₁(x+0̂) U₀(x+1̂)† U₁(x)†`` (:func:`plaquettes`),
the Wilson action ``S = β Σ_P (1 − (1/N) Re tr U_P)`` (:func:`wilson_action`), its average
``(1/N) Re tr U_P`` (:func:`average_plaquette`) and the ``r × t`` Wilson loops
(:func:`wilson_loop`).  Under ``U_μ(x) → Ω(x) U_μ(x) Ω(x+μ̂)†`` (:func:`gauge_transform`) a
closed loop transforms as ``U_C(x) → Ω(x) U_C(x) Ω(x)†``, so its trace, the action and every
Wilson loop are gauge invariant.

**Sampling.**  :func:`sample_links` draws configurations from ``e^{−S}`` by heat bath (von Mises
for U(1), Creutz / Kennedy–Pendleton for SU(2)) with checkerboard updates; :func:`exact_plaquette`,
:func:`exact_wilson_loop` and :func:`string_tension` are the exact 2D results to compare with.
Randomness comes in through a keyword-only JAX PRNG ``key``.

**A non-local task.**  :func:`loop_dataset` (or :func:`loop_data` from given configurations)
pairs configurations with the site-wise ``r × t`` Wilson loop :func:`wilson_loop_field` to
regress, as in Favoni et al.; :func:`train_field` trains the L-CNN or, on the same data, the
plain CNN baseline :func:`cnn_apply` (periodic convolutions of the raw :func:`link_components`,
the same parameter budget by :func:`count_parameters`) and returns a :class:`FieldFit` to test on
larger lattices and on gauge-transformed copies (:meth:`LoopData.gauge_transformed`).
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from functools import partial, wraps

import jax
import jax.numpy as jnp
import numpy as np
from scipy import special

from ._validate import count, positive_float, prng_key, rng
from .nn import fit_adam, mlp

__all__ = ["GROUPS", "identity_links", "random_links", "random_gauge", "gauge_transform", "plaquettes",
           "average_plaquette", "wilson_action", "wilson_loop", "LinkSamples", "sample_links",
           "exact_plaquette", "exact_wilson_loop", "string_tension", "plaquette_features", "lconv",
           "lbilin", "trace_layer", "lconv_init", "lbilin_init", "lcnn_init", "lcnn_apply", "wilson_loop_field",
           "LoopData", "loop_data", "loop_dataset", "link_components", "cnn_init", "cnn_apply", "count_parameters",
           "FieldFit", "train_field", "axial_gauge", "topological_charge"]

#: The gauge groups, and ``N`` (the size of their matrices) for each.
GROUPS = {"u1": 1, "su2": 2}

_UNITARITY_TOL = 1e-8
_CREUTZ_BELOW = 1.5       # α = βk below which the SU(2) heat bath uses Creutz's sampler, else Kennedy–Pendleton


# ---------------------------------------------------------------------------------------------- checks

def _group(name, group):
    if not isinstance(group, str):
        raise TypeError(f"{name} must be one of {sorted(GROUPS)}, got {type(group).__name__} {group!r:.60}")
    if group not in GROUPS:
        raise ValueError(f"{name} must be one of {sorted(GROUPS)}, got {group!r}")
    return group


def _group_of_shape(name, shape, n_lead):
    """``(group, L)`` of an array whose lattice part starts after ``n_lead`` leading axes."""
    rest = shape[n_lead:]
    if len(rest) == 2 and rest[0] == rest[1] and rest[0] >= 1:
        return "u1", rest[0]
    if len(rest) == 4 and rest[0] == rest[1] and rest[0] >= 1 and rest[2:] == (2, 2):
        return "su2", rest[0]
    lead = "(2, " if n_lead else "("
    raise ValueError(f"{name} must have shape {lead}L, L) (U(1)) or {lead}L, L, 2, 2) (SU(2)), got {shape}")


def _group_elements(name, value, n_lead):
    """A complex array of U(1) or SU(2) elements, ``(array, group, L)``, or an error naming the argument."""
    try:
        arr = np.asarray(value, dtype=complex)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of complex numbers, got {type(value).__name__}") from None
    if n_lead and (arr.ndim < 1 or arr.shape[0] != 2):
        raise ValueError(f"{name} must have shape (2, L, L) (U(1)) or (2, L, L, 2, 2) (SU(2)), got {arr.shape}")
    group, L = _group_of_shape(name, arr.shape, n_lead)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers")
    if group == "u1":
        err = np.max(np.abs(np.abs(arr) - 1.0))
        what = "unit complex numbers (U(1))"
    else:
        eye = np.eye(2)
        gram = np.conj(np.swapaxes(arr, -1, -2)) @ arr
        err = max(np.max(np.abs(gram - eye)), np.max(np.abs(np.linalg.det(arr) - 1.0)))
        what = "SU(2) matrices (unitary with determinant 1)"
    if err > _UNITARITY_TOL:
        raise ValueError(f"{name} must hold {what}, got a deviation of {err:.3g}")
    return jnp.asarray(arr), group, L


def _links(name, links):
    return _group_elements(name, links, 1)


# ---------------------------------------------------------------------------------------- group algebra

def _mul(a, b):
    return a @ b if a.ndim == 4 else a * b          # fields (L, L, 2, 2) or (L, L)


def _dag(a):
    return jnp.conj(jnp.swapaxes(a, -1, -2)) if a.ndim == 4 else jnp.conj(a)


def _retr(a):
    """``(1/N) Re tr`` of a field of group elements."""
    return 0.5 * jnp.real(jnp.trace(a, axis1=-2, axis2=-1)) if a.ndim == 4 else jnp.real(a)


def _shift(field, mu, n):
    """``f(x + n μ̂)`` on the periodic lattice."""
    return jnp.roll(field, -n, axis=mu)


def _su2_from_quaternion(q):
    """``a₀ 1 + i a·σ`` for quaternions ``q[..., 0:4]`` (shape ``(..., 2, 2)``)."""
    a0, a1, a2, a3 = q[..., 0], q[..., 1], q[..., 2], q[..., 3]
    top = jnp.stack([a0 + 1j * a3, a2 + 1j * a1], axis=-1)
    bottom = jnp.stack([-a2 + 1j * a1, a0 - 1j * a3], axis=-1)
    return jnp.stack([top, bottom], axis=-2)


def _quick_random(func):
    """Run ``func`` with JAX's non-partitionable Threefry bit generation.

    The random draws are just as good, but on the CPU the heat bath compiles in about half the
    time and a single ``uniform`` draw in about a third (measured with JAX 0.10 on 2 cores).  The
    setting is part of JAX's compilation key, so nothing compiled elsewhere is affected.
    """
    @wraps(func)
    def run(*args, **kwargs):
        with jax.threefry_partitionable(False):
            return func(*args, **kwargs)

    return run


def _haar(key, shape, group):
    """Haar-random elements: uniform phases, or normalised 4D Gaussians as unit quaternions."""
    if group == "u1":
        return jnp.exp(2j * jnp.pi * jax.random.uniform(key, shape))
    q = jax.random.normal(key, shape + (4,))
    return _su2_from_quaternion(q / jnp.linalg.norm(q, axis=-1, keepdims=True))


# ------------------------------------------------------------------------------------------ observables

def _plaquette_field(links):
    U0, U1 = links[0], links[1]
    return _mul(_mul(U0, _shift(U1, 0, 1)), _mul(_dag(_shift(U0, 1, 1)), _dag(U1)))


def _line(U, mu, n):
    """The product ``U_μ(x) U_μ(x+μ̂) ⋯ U_μ(x+(n−1)μ̂)`` of ``n`` links along ``μ``, at every ``x``."""
    out = U
    for k in range(1, n):
        out = _mul(out, _shift(U, mu, k))
    return out


def _loop_field(links, n0, n1):
    """The closed ``n₀ × n₁`` loop from ``x``: ``n₀`` steps along 0̂, ``n₁`` along 1̂, then back."""
    A, B = _line(links[0], 0, n0), _line(links[1], 1, n1)
    return _mul(_mul(A, _shift(B, 0, n0)), _mul(_dag(_shift(A, 1, n1)), _dag(B)))


@jax.jit
def _average_plaquette(links):
    return jnp.mean(_retr(_plaquette_field(links)))


def identity_links(L, group="su2"):
    """The cold configuration ``U_μ(x) = 1`` on an ``L × L`` lattice (chapter 9): every plaquette is 1,
    the action 0.  Shape ``(2, L, L)`` for ``"u1"``, ``(2, L, L, 2, 2)`` for ``"su2"``."""
    L = count("L", L, minimum=1)
    group = _group("group", group)
    if group == "u1":
        return jnp.ones((2, L, L), dtype=complex)
    return jnp.broadcast_to(jnp.eye(2, dtype=complex), (2, L, L, 2, 2))


@_quick_random
def random_links(L, group="su2", *, key):
    """A hot configuration: every link Haar-random and independent (the ``β = 0`` ensemble; chapter 9).

    U(1): ``e^{iθ}`` with ``θ`` uniform; SU(2): a uniform unit quaternion (a normalised 4D Gaussian).
    """
    L = count("L", L, minimum=1)
    group = _group("group", group)
    prng_key("key", key)
    return _haar(key, (2, L, L), group)


@_quick_random
def random_gauge(L, group="su2", *, key):
    r"""A Haar-random gauge transformation ``Ω(x)``, independent at every site (chapter 9).

    Shape ``(L, L)`` for ``"u1"`` and ``(L, L, 2, 2)`` for ``"su2"``; apply it with
    :func:`gauge_transform`.
    """
    L = count("L", L, minimum=1)
    group = _group("group", group)
    prng_key("key", key)
    return _haar(key, (L, L), group)


def gauge_transform(links, omega):
    r"""The gauge-transformed links ``U_μ(x) → Ω(x) U_μ(x) Ω(x+μ̂)†`` (chapter 9).

    ``omega`` has the shape of one direction of ``links`` (see :func:`random_gauge`).  Closed
    loops transform as ``U_C(x) → Ω(x) U_C(x) Ω(x)†``: their traces do not change.
    """
    links, group, L = _links("links", links)
    omega, g_group, g_L = _group_elements("omega", omega, 0)
    if (g_group, g_L) != (group, L):
        raise ValueError(f"omega must have shape {links.shape[1:]} to match links, got {omega.shape}")
    return _gauge_transform(links, omega)


@jax.jit
def _gauge_transform(links, omega):
    return jnp.stack([_mul(_mul(omega, links[mu]), _dag(_shift(omega, mu, 1))) for mu in (0, 1)])


def plaquettes(links):
    r"""The plaquette field ``U_P(x) = U₀(x) U₁(x+0̂) U₀(x+1̂)† U₁(x)†`` (chapter 9).

    Shape ``(L, L)`` (U(1): ``e^{iθ_P}`` with ``θ_P`` the lattice curl of the link angles) or
    ``(L, L, 2, 2)`` (SU(2)): one plaquette per site, based at its lower-left corner ``x``.
    """
    links, _, _ = _links("links", links)
    return jax.jit(_plaquette_field)(links)


def average_plaquette(links):
    r"""The mean over the lattice of ``(1/N) Re tr U_P``: ``⟨cos θ_P⟩`` for U(1), ``⟨½ tr U_P⟩`` for
    SU(2) (chapter 9).  1 for the identity configuration; compare :func:`exact_plaquette`."""
    links, _, _ = _links("links", links)
    return float(_average_plaquette(links))


def topological_charge(links):
    r"""The topological charge ``Q = (1/2π) Σ_x θ_P(x)`` of U(1) configurations, an integer (chapter 9).

    ``θ_P(x) ∈ (−π, π]`` is the plaquette angle, the lattice curl
    ``θ₀(x) + θ₁(x+0̂) − θ₀(x+1̂) − θ₁(x)`` of the link angles brought back into ``(−π, π]``. On the
    torus the unreduced curls sum to zero, so ``Q`` counts the plaquettes whose curl was wrapped, with
    sign; it is gauge invariant and changes only when some plaquette angle passes through ``±π``.
    ``links``: U(1) links of shape ``(..., 2, L, L)`` (a batch is allowed); returns integers of shape
    ``links.shape[:-3]``.
    """
    arr = np.asarray(links)
    if arr.ndim < 3 or arr.shape[-3] != 2 or arr.shape[-1] != arr.shape[-2]:
        raise ValueError(f"links must be U(1) links of shape (..., 2, L, L), got shape {arr.shape}")
    if not np.iscomplexobj(arr) or not np.all(np.isfinite(arr)):
        raise ValueError("links must be finite complex U(1) phases e^{iθ}")
    theta = np.angle(arr)
    t0, t1 = theta[..., 0, :, :], theta[..., 1, :, :]
    curl = t0 + np.roll(t1, -1, axis=-2) - np.roll(t0, -1, axis=-1) - t1
    wrapped = np.mod(curl + np.pi, 2 * np.pi) - np.pi
    return np.rint(wrapped.sum(axis=(-2, -1)) / (2 * np.pi)).astype(int)


def wilson_action(links, beta):
    r"""The Wilson action ``S = β Σ_P (1 − (1/N) Re tr U_P)``, summed over the ``L²`` plaquettes (chapter 9).

    ``S ≥ 0``, zero exactly on pure-gauge (flat) configurations; ``β = 2N/g²`` (``β = 4/g²`` for SU(2)).
    """
    links, _, L = _links("links", links)
    beta = positive_float("beta", beta, allow_zero=True)
    return float(beta * L * L * (1.0 - _average_plaquette(links)))


def wilson_loop(links, r, t):
    r"""The average of ``(1/N) Re tr W`` over all ``r × t`` rectangular Wilson loops ``W`` (chapter 9).

    A loop starts at ``x``, runs ``r`` links along ``0̂``, ``t`` along ``1̂`` and back, the path
    ordered product of the links (daggered when walked backwards).  The average is over all
    ``L²`` starting points and, when ``r ≠ t``, over both orientations of the rectangle (``r``
    along ``0̂`` or along ``1̂``), so ``wilson_loop(links, r, t) == wilson_loop(links, t, r)``;
    ``wilson_loop(links, 1, 1)`` is :func:`average_plaquette`.  ``r, t ≤ L`` (a loop that wraps the
    whole lattice is a product of Polyakov lines).
    """
    links, _, L = _links("links", links)
    r = count("r", r, minimum=1)
    t = count("t", t, minimum=1)
    if r > L:
        raise ValueError(f"r must be <= L = {L}, got {r}")
    if t > L:
        raise ValueError(f"t must be <= L = {L}, got {t}")
    return float(_wilson_loop(links, r, t))


@partial(jax.jit, static_argnames=("r", "t"))
def _wilson_loop(links, r, t):
    w = jnp.mean(_retr(_loop_field(links, r, t)))
    if r != t:
        w = 0.5 * (w + jnp.mean(_retr(_loop_field(links, t, r))))
    return w


# ----------------------------------------------------------------------------------------- heat bath

def _staples(links, mu):
    r"""``A_μ(x)``, the sum of the two staples, so that the action's dependence on ``U_μ(x)`` is
    ``−(β/N) Re tr(U_μ(x) A_μ(x))``: with ``ν ≠ μ``,
    ``A = U_ν(x+μ̂) U_μ(x+ν̂)† U_ν(x)† + U_ν(x+μ̂−ν̂)† U_μ(x−ν̂)† U_ν(x−ν̂)``."""
    nu = 1 - mu
    Um, Un = links[mu], links[nu]
    forward = _mul(_mul(_shift(Un, mu, 1), _dag(_shift(Um, nu, 1))), _dag(Un))
    Un_back = _shift(Un, nu, -1)
    backward = _mul(_mul(_dag(_shift(Un_back, mu, 1)), _dag(_shift(Um, nu, -1))), Un_back)
    return forward + backward


def _von_mises(key, kappa):
    r"""Angles with density ``∝ e^{κ cos ψ}`` on ``(−π, π]``, one per entry of ``kappa ≥ 0``.

    Best & Fisher (1979) rejection from a wrapped Cauchy envelope, vectorised: every entry draws
    until it accepts (efficiency ≥ 66 %).  ``κ < 10⁻⁵`` uses the limit ``s = 1/κ``.
    """
    kappa = jnp.maximum(kappa, 1e-300)
    tau = 1.0 + jnp.sqrt(1.0 + 4.0 * kappa ** 2)
    rho = (tau - jnp.sqrt(2.0 * tau)) / (2.0 * kappa)
    s = jnp.where(kappa < 1e-5, 1.0 / kappa + kappa, (1.0 + rho ** 2) / (2.0 * rho))

    def body(state):
        key, psi, done = state
        key, sub = jax.random.split(key)
        u = jax.random.uniform(sub, (3,) + kappa.shape)
        z = jnp.cos(jnp.pi * u[0])
        w = (1.0 + s * z) / (s + z)
        y = kappa * (s - w)
        v = 1.0 - u[1]                                               # in (0, 1]
        ok = (y * (2.0 - y) - v >= 0) | (jnp.log(y / v) + 1.0 - y >= 0)
        new = jnp.where(u[2] < 0.5, -1.0, 1.0) * jnp.arccos(jnp.clip(w, -1.0, 1.0))
        take = ok & ~done
        return key, jnp.where(take, new, psi), done | ok

    init = (key, jnp.zeros_like(kappa), jnp.zeros(kappa.shape, dtype=bool))
    return jax.lax.while_loop(lambda st: ~jnp.all(st[2]), body, init)[1]


def _su2_a0(key, alpha):
    r"""``a₀ ∈ [−1, 1]`` with density ``∝ √(1 − a₀²) e^{α a₀}``, one per entry of ``alpha ≥ 0``.

    The real part of an SU(2) element drawn from Haar measure times ``e^{α a₀}``.  Kennedy &
    Pendleton (1985) for ``α ≥ 1.5``: ``δ = 1 − a₀`` from the Gamma(3/2, α) density
    ``∝ √δ e^{−αδ}`` (an exponential plus half a squared normal, by Box–Muller), accepted with
    probability ``√(1 − δ/2)``; Creutz (1980) below: ``a₀`` from ``∝ e^{α a₀}`` on ``[−1, 1]``,
    accepted with probability ``√(1 − a₀²)`` (KP's efficiency falls like ``α`` as ``α → 0``,
    Creutz's like ``α^{-1/2}`` as ``α → ∞``).
    """
    alpha = jnp.maximum(alpha, 1e-12)
    creutz = alpha < _CREUTZ_BELOW

    def body(state):
        key, a0, done = state
        key, sub = jax.random.split(key)
        u = jax.random.uniform(sub, (4,) + alpha.shape)
        # Kennedy–Pendleton
        delta = -(jnp.log1p(-u[0]) + jnp.cos(2 * jnp.pi * u[2]) ** 2 * jnp.log1p(-u[1])) / alpha
        ok_kp = u[3] ** 2 <= 1.0 - 0.5 * delta
        # Creutz: x uniform on (e^{−2α}, 1], a₀ = 1 + ln(x)/α
        a_cr = 1.0 + jnp.log1p(jnp.expm1(-2.0 * alpha) * u[0]) / alpha
        ok_cr = u[1] ** 2 <= 1.0 - a_cr ** 2
        new = jnp.where(creutz, a_cr, 1.0 - delta)
        ok = jnp.where(creutz, ok_cr, ok_kp)
        take = ok & ~done
        return key, jnp.where(take, new, a0), done | ok

    init = (key, jnp.zeros_like(alpha), jnp.zeros(alpha.shape, dtype=bool))
    return jax.lax.while_loop(lambda st: ~jnp.all(st[2]), body, init)[1]


def _heatbath_link(key, staple, beta, group):
    """New links drawn from ``∝ exp((β/N) Re tr(U A))`` (Haar measure), for every site at once."""
    if group == "u1":
        psi = _von_mises(key, beta * jnp.abs(staple))
        return jnp.exp(1j * (psi - jnp.angle(staple)))
    # A sum of SU(2) matrices is k V with k = √det A ≥ 0 and V ∈ SU(2); with W = U V the weight is e^{βk a₀(W)}
    det = staple[..., 0, 0] * staple[..., 1, 1] - staple[..., 0, 1] * staple[..., 1, 0]
    k = jnp.sqrt(jnp.maximum(jnp.real(det), 0.0))
    V = jnp.where(k[..., None, None] > 1e-12, staple / jnp.maximum(k, 1e-300)[..., None, None], jnp.eye(2))
    k1, k2 = jax.random.split(key)
    a0 = _su2_a0(k1, beta * k)
    n = jax.random.normal(k2, k.shape + (3,))
    a = n / jnp.linalg.norm(n, axis=-1, keepdims=True) * jnp.sqrt(jnp.maximum(1.0 - a0 ** 2, 0.0))[..., None]
    W = _su2_from_quaternion(jnp.concatenate([a0[..., None], a], axis=-1))
    return W @ _dag(V)


def _sweep(key, links, beta, group):
    """One heat-bath sweep: ``U₀`` on even sites (``x₀ + x₁`` mod 2), ``U₁`` even, ``U₀`` odd, ``U₁`` odd.

    Links of one direction and one parity share no plaquette (the staples of ``U_μ(x)`` hold
    ``U_μ(x ± ν̂)``, of the other parity, and links of the other direction), so they are updated
    together, exactly as a sequence of single-link heat baths would.  Each of the four steps
    updates direction 0 and then reflects the lattice in its diagonal,
    ``U_μ(x₀, x₁) → U_{1−μ}(x₁, x₀)`` (the action is invariant, parities are kept), so that
    direction 1 comes next; four reflections restore the lattice.  One update is compiled, not four.
    """
    L = links.shape[1]
    parity = (jnp.arange(L)[:, None] + jnp.arange(L)[None, :]) % 2

    def step(links, inputs):
        sub, par = inputs
        new = _heatbath_link(sub, _staples(links, 0), beta, group)
        mask = parity == par
        if group == "su2":
            mask = mask[..., None, None]
        links = links.at[0].set(jnp.where(mask, new, links[0]))
        return jnp.swapaxes(links[::-1], 1, 2), None

    links, _ = jax.lax.scan(step, links, (jax.random.split(key, 4), jnp.array([0, 0, 1, 1])))
    if group == "su2":       # against round-off drift: back to the nearest [[α, β], [−β*, α*]], normalised
        links = _project_su2(links)
    return links


def _project_su2(U):
    """The quaternion part ``α = (U₀₀ + U₁₁*)/2``, ``β = (U₀₁ − U₁₀*)/2`` of ``U``, normalised to SU(2)."""
    a = 0.5 * (U[..., 0, 0] + jnp.conj(U[..., 1, 1]))
    b = 0.5 * (U[..., 0, 1] - jnp.conj(U[..., 1, 0]))
    norm = jnp.sqrt(jnp.abs(a) ** 2 + jnp.abs(b) ** 2)
    a, b = a / norm, b / norm
    return jnp.stack([jnp.stack([a, b], -1), jnp.stack([-jnp.conj(b), jnp.conj(a)], -1)], -2)


def _chain(key, links, beta, group, n_therm, n_samples, every):
    """One heat-bath chain: ``n_therm`` sweeps, then a configuration every ``every`` sweeps."""
    def step(carry, _):
        links, key = carry
        key, sub = jax.random.split(key)
        links = _sweep(sub, links, beta, group)
        return (links, key), _average_plaquette(links)

    carry, h_therm = jax.lax.scan(step, (links, key), None, length=n_therm)

    def sample(carry, _):
        carry, h = jax.lax.scan(step, carry, None, length=every)
        return carry, (carry[0], h)

    _, (configs, h) = jax.lax.scan(sample, carry, None, length=n_samples)
    return configs, jnp.concatenate([h_therm, h.reshape(-1)])


@partial(jax.jit, static_argnames=("group", "n_therm", "n_samples", "every"))
def _run_chains(keys, links0, betas, group, n_therm, n_samples, every):
    """``len(keys)`` independent chains in parallel, chain ``i`` at coupling ``betas[i]``: one compilation
    serves :func:`sample_links` (all ``β`` equal) and :func:`loop_dataset` (one ``β`` per chain) alike."""
    return jax.vmap(_chain, in_axes=(0, 0, 0, None, None, None, None))(keys, links0, betas, group, n_therm,
                                                                       n_samples, every)


@dataclass(frozen=True)
class LinkSamples:
    r"""Monte Carlo gauge configurations from :func:`sample_links` (chapter 9).

    ``links`` has shape ``(n_chains, n_samples, 2, L, L)`` (U(1)) or
    ``(n_chains, n_samples, 2, L, L, 2, 2)`` (SU(2)), one configuration every ``every`` sweeps
    after ``n_therm`` thermalisation sweeps; ``plaquette`` the average plaquette after every sweep,
    shape ``(n_chains, n_therm + n_samples·every)``, thermalisation included.  Heat bath accepts
    every update, so there is no acceptance rate.
    """

    links: jax.Array
    plaquette: np.ndarray
    beta: float
    group: str
    n_therm: int
    every: int

    @property
    def mean_plaquette(self):
        """The average plaquette over the post-thermalisation sweeps of all chains."""
        return float(np.mean(self.plaquette[:, self.n_therm:]))

    @property
    def plaquette_error(self):
        """Standard error of :attr:`mean_plaquette` from the spread of the chains' means (needs ≥ 2 chains)."""
        means = np.mean(self.plaquette[:, self.n_therm:], axis=1)
        if means.size < 2:
            return float("nan")
        return float(np.std(means, ddof=1) / np.sqrt(means.size))


@_quick_random
def sample_links(L, beta, group="su2", n_samples=100, *, key, n_therm=100, every=1, n_chains=1, start="hot"):
    r"""Gauge configurations from ``∝ e^{−S}``, ``S = β Σ_P (1 − (1/N) Re tr U_P)``, by heat bath (chapter 9).

    Each link is redrawn from its exact conditional distribution ``∝ exp((β/N) Re tr(U A))``
    (``A`` the sum of its two staples) times Haar measure: for U(1) the angle is von Mises with
    ``κ = β|A|``; for SU(2), with ``A = kV``, ``UV`` is drawn with weight ``e^{βk a₀}`` by Creutz's
    method for small ``βk`` and Kennedy–Pendleton's for large.  Heat bath rather than Metropolis:
    no step size to tune, no rejections, and shorter autocorrelations.  A sweep updates the links
    of one direction and one checkerboard parity at a time (they share no plaquette), all sites at
    once; ``L`` must be even for that.  The ``n_chains`` independent chains run in parallel
    (``jax.vmap``), compiled once per ``(L, group, n_chains, n_therm, n_samples, every)``: a
    scan over ``β`` reuses the compilation.

    ``start`` is ``"hot"`` (Haar-random links, :func:`random_links`) or ``"cold"``
    (:func:`identity_links`).  Returns :class:`LinkSamples`.
    """
    L = count("L", L, minimum=2)
    if L % 2:
        raise ValueError(f"L must be even (checkerboard updates), got {L}")
    beta = positive_float("beta", beta, allow_zero=True)
    group = _group("group", group)
    n_samples = count("n_samples", n_samples, minimum=1)
    n_therm = count("n_therm", n_therm, minimum=0)
    every = count("every", every, minimum=1)
    n_chains = count("n_chains", n_chains, minimum=1)
    if start not in ("hot", "cold"):
        raise ValueError(f"start must be 'hot' or 'cold', got {start!r:.60}")
    prng_key("key", key)
    k_start, k_run = jax.random.split(key)
    if start == "hot":
        links0 = _haar(k_start, (n_chains, 2, L, L), group)
    else:
        links0 = jnp.broadcast_to(identity_links(L, group), (n_chains,) + identity_links(L, group).shape)
    configs, history = _run_chains(jax.random.split(k_run, n_chains), links0, jnp.full(n_chains, beta), group,
                                   n_therm, n_samples, every)
    return LinkSamples(configs, np.asarray(history), beta, group, n_therm, every)


# ------------------------------------------------------------------------------------------- exact 2D

def _torus_terms(beta, group):
    r"""Character-expansion terms of the torus partition function: ``(c_n, c_n')`` up to a common factor.

    U(1): ``c_n = I_n(β)`` for ``n ∈ ℤ``.  SU(2): ``c_n = 2 I_n(β)/β`` for ``n = 2j + 1 ≥ 1`` (the
    coefficient of the normalised character ``χ_j/d_j`` of ``e^{(β/2) tr U}``).
    """
    n_max = int(40 + 2 * beta + 10 * np.sqrt(beta + 1.0))
    if group == "u1":
        n = np.arange(-n_max, n_max + 1)
        c = special.ive(n, beta)
        dc = 0.5 * (special.ive(n - 1, beta) + special.ive(n + 1, beta))
    else:
        n = np.arange(1, n_max + 1)
        iv = special.ive(n, beta)
        c = 2 * iv / beta
        dc = 2 * (0.5 * (special.ive(n - 1, beta) + special.ive(n + 1, beta)) / beta - iv / beta ** 2)
    return c, dc                  # both scaled by e^{−β}, which cancels in every ratio


def exact_plaquette(beta, group="su2", L=None):
    r"""The exact average plaquette ``⟨(1/N) Re tr U_P⟩`` of 2D lattice gauge theory with the Wilson
    action ``S = β Σ_P (1 − (1/N) Re tr U_P)`` (chapter 9).

    In infinite volume (``L=None``), in axial gauge the plaquettes are independent Haar-distributed
    variables with weight ``e^{(β/N) Re tr U_P}``, so the average is a one-plaquette integral:

    * U(1): ``Z₁ = ∫dθ/2π e^{β cos θ} = I₀(β)`` and ``⟨cos θ⟩ = ∂_β ln Z₁ = I₁(β)/I₀(β)``;
    * SU(2): ``½ tr U = cos θ`` for eigenvalues ``e^{±iθ}``, and Haar measure on class functions is
      ``(2/π) sin²θ dθ`` on ``[0, π]``, so ``Z₁ = (2/π)∫ sin²θ e^{β cos θ} dθ = (I₀ − I₂) = 2I₁(β)/β``
      and ``⟨cos θ⟩ = I₁'/I₁ − 1/β = I₂(β)/I₁(β)`` (using ``I₁' = I₂ + I₁/β``).

    On a finite ``L × L`` torus (``L`` given; ``V = L²`` plaquettes) the character expansion gives
    ``Z = Σ_n c_n(β)^V`` with ``c_n = I_n(β)``, ``n ∈ ℤ`` (U(1)) or ``c_n = 2I_n(β)/β``,
    ``n ≥ 1`` (SU(2)), and ``⟨(1/N) Re tr U_P⟩ = Σ_n c_n^{V−1} c_n' / Σ_n c_n^V``; it tends to the
    infinite-volume value exponentially fast in ``V``.
    """
    beta = positive_float("beta", beta)
    group = _group("group", group)
    if L is not None:
        L = count("L", L, minimum=1)
        c, dc = _torus_terms(beta, group)
        ref = np.max(c)
        w = (c / ref) ** (L * L - 1)
        return float(np.sum(w * dc / ref) / np.sum(w * c / ref))
    if group == "u1":
        return float(special.ive(1, beta) / special.ive(0, beta))
    return float(special.ive(2, beta) / special.ive(1, beta))


def exact_wilson_loop(beta, r, t, group="su2", L=None):
    r"""The exact ``r × t`` Wilson loop ``⟨(1/N) Re tr W⟩`` of 2D lattice gauge theory (chapter 9).

    Infinite volume (``L=None``): the area law ``⟨W⟩ = ⟨plaquette⟩^{rt} = e^{−σ r t}``.  In axial
    gauge the loop is the ordered product of the ``A = rt`` independent plaquettes it encloses, and
    the average of the normalised fundamental character of a product of independent
    class-distributed elements is the product of the averages (:func:`exact_plaquette`,
    :func:`string_tension`).

    On a periodic ``L × L`` torus (``r, t < L``), with the coefficients ``c_n`` of
    :func:`exact_plaquette` (the inside of the loop, a disc, carries one representation and the
    outside, a torus with a hole, another that differs by the fundamental):

    * U(1): ``⟨W⟩ = Σ_n c_n^{V−A} c_{n+1}^A / Σ_n c_n^V``;
    * SU(2): ``⟨W⟩ = ½ Σ_n Σ_{m=n±1} (m/n) c_n^{V−A} c_m^A / Σ_n c_n^V`` (``n = 2j + 1`` the dimension,
      ``c_0 = 0``).

    Both tend to the area law exponentially fast in ``V − A``.
    """
    beta = positive_float("beta", beta)
    group = _group("group", group)
    r = count("r", r, minimum=1)
    t = count("t", t, minimum=1)
    if L is None:
        return exact_plaquette(beta, group) ** (r * t)
    L = count("L", L, minimum=1)
    if r >= L or t >= L:
        raise ValueError(f"r and t must be < L = {L} for the torus result, got r = {r}, t = {t}")
    V, A = L * L, r * t
    c, _ = _torus_terms(beta, group)
    c = c / np.max(c)
    if group == "u1":
        num = np.sum(c[:-1] ** (V - A) * c[1:] ** A)
    else:
        n = np.arange(1, c.size + 1)
        up = c[:-1] ** (V - A) * c[1:] ** A * (n[1:] / n[:-1])                 # m = n + 1
        down = c[1:] ** (V - A) * c[:-1] ** A * (n[:-1] / n[1:])               # m = n − 1 ≥ 1
        num = 0.5 * (np.sum(up) + np.sum(down))
    return float(num / np.sum(c ** V))


def string_tension(beta, group="su2"):
    r"""The string tension ``σ(β) = −ln⟨plaquette⟩`` of 2D lattice gauge theory, in lattice units (chapter 9).

    ``−ln(I₁(β)/I₀(β))`` for U(1), ``−ln(I₂(β)/I₁(β))`` for SU(2): positive at every ``β`` (confinement
    in 2D), large at strong coupling (``σ ≈ ln(2/β)`` for U(1), ``ln(4/β)`` for SU(2)) and ``→ 0`` as
    ``β → ∞`` (``σ ≈ 1/(2β)`` for U(1), ``3/(2β)`` for SU(2)).
    """
    return -float(np.log(exact_plaquette(beta, group)))


# --------------------------------------------------------------------------- gauge-equivariant network (L-CNN)
#
# Favoni, Ipp, Müller & Schuh, "Lattice gauge equivariant convolutional neural networks",
# Phys. Rev. Lett. 128, 032003 (2022).  Written from the paper's equations; no code copied.

def _link_matrices(links):
    """Links as ``(2, L, L, N, N)`` matrices (U(1): ``N = 1``)."""
    return links[..., None, None] if links.ndim == 3 else links


def _cplx(w):
    """Real weights with a trailing (re, im) axis of size 2 as complex numbers."""
    return w[..., 0] + 1j * w[..., 1]


def _mdag(a):
    return jnp.conj(jnp.swapaxes(a, -1, -2))


def _offsets(kernel_size):
    """The L-Conv offsets ``(μ, k)``: ``(0, 0)`` (no shift) first, then for ``μ = 0, 1`` the
    steps ``k = 1, …, K`` and ``k = −1, …, −K``."""
    return [(0, 0)] + [(mu, s * k) for mu in (0, 1) for s in (1, -1) for k in range(1, kernel_size + 1)]


def _transporter(U, mu, k):
    """The parallel transporter ``U_{x→x+kμ̂}`` along ``μ`` (matrix field ``(L, L, N, N)``).

    ``k > 0``: ``U_μ(x) U_μ(x+μ̂) ⋯ U_μ(x+(k−1)μ̂)``; ``k < 0``: ``U_μ(x−μ̂)† ⋯ U_μ(x−|k|μ̂)†``."""
    line = U[mu]
    for j in range(1, abs(k)):
        line = line @ _shift(U[mu], mu, j)
    return line if k > 0 else _mdag(_shift(line, mu, k))


def _plaquette_features(links):
    P = _plaquette_field(links)
    P = P[..., None, None] if P.ndim == 2 else P
    return jnp.stack([P, _mdag(P)])


def _lconv(w, U, W):
    K = (w.shape[2] - 1) // 4
    moved = []
    for mu, k in _offsets(K):
        if k == 0:
            moved.append(W)
        else:
            T = _transporter(U, mu, k)                       # (L, L, N, N), broadcasts over channels
            moved.append(T @ jnp.roll(W, -k, axis=mu + 1) @ _mdag(T))
    return jnp.einsum("ois,sixyab->oxyab", _cplx(w), jnp.stack(moved))


def _with_unit(W):
    n = W.shape[-1]
    return jnp.concatenate([W, jnp.broadcast_to(jnp.eye(n, dtype=W.dtype), (1,) + W.shape[1:])])


def _lbilin(w, W, W2):
    if w.shape[1] == W.shape[0] + 1:                         # with the unit matrix appended to both
        W, W2 = _with_unit(W), _with_unit(W2)
    return jnp.einsum("oij,ixyab,jxybc->oxyac", _cplx(w), W, W2)


def _trace_layer(W):
    tr = jnp.trace(W, axis1=-2, axis2=-1)
    return jnp.concatenate([jnp.real(tr), jnp.imag(tr)])


@jax.jit
def _lcnn_field(params, links):
    U = _link_matrices(links)
    W = _plaquette_features(links)
    for block in params["blocks"]:
        W = _lbilin(block["bilin"], _lconv(block["conv"], U, W), W)
    x = jnp.moveaxis(_trace_layer(W), 0, -1)                # (L, L, 2C)
    return mlp(params["readout"], x)[..., 0]                 # (L, L), one number per site


_jit_plaquette_features = jax.jit(_plaquette_features)
_jit_lconv = jax.jit(_lconv)
_jit_lbilin = jax.jit(_lbilin)
_jit_trace_layer = jax.jit(_trace_layer)


def _features(name, W, N=None):
    """A ``(C, L, L, N, N)`` complex array of covariant features, or an error naming the argument."""
    try:
        arr = np.asarray(W, dtype=complex)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of complex numbers, got {type(W).__name__}") from None
    if arr.ndim != 5 or arr.shape[1] != arr.shape[2] or arr.shape[3] != arr.shape[4] or arr.shape[3] not in (1, 2) \
            or arr.shape[0] < 1:
        raise ValueError(f"{name} must have shape (C, L, L, N, N) with N = 1 (U(1)) or 2 (SU(2)), got {arr.shape}")
    if N is not None and arr.shape[3:] != N:
        raise ValueError(f"{name} must have matrices of shape {N} like the links, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers")
    return jnp.asarray(arr)


def _weights(name, w, shape):
    """Real weights of exactly ``shape`` (``None`` entries are free), or an error naming the argument.

    Traced values (under ``jax.grad`` or ``jax.jit``) are checked for shape only."""
    if isinstance(w, jax.core.Tracer):
        if w.ndim != len(shape) or any(s is not None and a != s for a, s in zip(w.shape, shape)):
            raise ValueError(f"{name} must have shape {shape}, got {w.shape}")
        return w
    try:
        arr = np.asarray(w, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of real numbers, got {type(w).__name__}") from None
    if arr.ndim != len(shape) or any(s is not None and a != s for a, s in zip(arr.shape, shape)):
        want = "(" + ", ".join("·" if s is None else str(s) for s in shape) + ")"
        raise ValueError(f"{name} must have shape {want}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers")
    return jnp.asarray(arr)


def plaquette_features(links):
    r"""The covariant input features of the L-CNN: ``W = (U_P, U_P†)``, shape ``(2, L, L, N, N)`` (chapter 9).

    Every feature is a matrix field (U(1): ``1 × 1``) that transforms like a closed loop based at
    ``x``, ``W(x) → Ω(x) W(x) Ω(x)†`` (Favoni et al., PRL 128, 032003, 2022).  Channel 0 is the
    plaquette of :func:`plaquettes`, channel 1 its adjoint (the plaquette walked the other way).
    """
    links, _, _ = _links("links", links)
    return _jit_plaquette_features(links)


def lconv(params, links, W):
    r"""L-Conv, the gauge-equivariant convolution (chapter 9; Favoni et al. 2022):

    ``W'_i(x) = Σ_j Σ_{(μ,k)} ω_{i j (μ,k)} U_{x→x+kμ̂} W_j(x+kμ̂) U_{x→x+kμ̂}†``,

    a sum over the unshifted site and the shifts ``k = ±1, …, ±K`` along both axes, each
    neighbouring feature parallel-transported back to ``x`` along the straight line of links
    (``U_{x→x+kμ̂} = U_μ(x)⋯U_μ(x+(k−1)μ̂)``, walked backwards with daggers for ``k < 0``).  Since
    ``U_{x→y} → Ω(x) U_{x→y} Ω(y)†``, ``W'`` transforms like ``W``: ``W' → Ω(x) W' Ω(x)†``.  For
    U(1) the transport cancels (``U W U† = W`` for numbers): it is an ordinary convolution, and
    only a non-abelian group needs it.

    ``params`` is a real array of shape ``(C_out, C_in, 1 + 4K, 2)``: the complex weights
    ``ω`` as (re, im) pairs, offsets ordered ``(0, 0)``, then for ``μ = 0, 1``: ``k = 1…K``,
    ``k = −1…−K``.  ``W`` has shape ``(C_in, L, L, N, N)``; returns ``(C_out, L, L, N, N)``.
    """
    links, _, L = _links("links", links)
    U = _link_matrices(links)
    W = _features("W", W, U.shape[-2:])
    if W.shape[1] != L:
        raise ValueError(f"W must have lattice size L = {L} like links, got {W.shape}")
    w = _weights("params", params, (None, W.shape[0], None, 2))
    if w.shape[0] < 1 or w.shape[2] % 4 != 1:
        raise ValueError(f"params must have shape (C_out, C_in, 1 + 4K, 2), got {w.shape}")
    if (w.shape[2] - 1) // 4 > L // 2:
        raise ValueError(f"params reach K = {(w.shape[2] - 1) // 4} sites, more than L // 2 = {L // 2}")
    return _jit_lconv(w, U, W)


def lbilin(params, W, W2):
    r"""L-Bilin, the gauge-equivariant bilinear layer (chapter 9; Favoni et al. 2022):

    ``W''_i(x) = Σ_{j,k} α_{ijk} W_j(x) W2_k(x)``.

    A product of two features at the same site is covariant, ``Ω W Ω† Ω W2 Ω† = Ω W W2 Ω†``.
    With the unit matrix appended as an extra channel to both ``W`` and ``W2`` (``Ω 1 Ω† = 1``)
    the sum also holds the linear terms ``W_j``, ``W2_k`` and a multiple of ``1`` (a bias).

    ``params``: real ``(C_out, C_1, C_2, 2)`` (products only) or ``(C_out, C_1 + 1, C_2 + 1, 2)``
    (unit appended, the last index of each factor); complex ``α`` as (re, im) pairs.  ``W`` has
    shape ``(C_1, L, L, N, N)``, ``W2`` ``(C_2, L, L, N, N)``; returns ``(C_out, L, L, N, N)``.
    """
    W = _features("W", W)
    W2 = _features("W2", W2, W.shape[3:])
    if W2.shape[1] != W.shape[1]:
        raise ValueError(f"W2 must have the lattice shape of W, {W.shape[1:3]}, got {W2.shape[1:3]}")
    c1, c2 = W.shape[0], W2.shape[0]
    w = _weights("params", params, (None, None, None, 2))
    if w.shape[1:3] not in ((c1, c2), (c1 + 1, c2 + 1)) or w.shape[0] < 1:
        raise ValueError(f"params must have shape (C_out, {c1}, {c2}, 2) or (C_out, {c1 + 1}, {c2 + 1}, 2), "
                         f"got {w.shape}")
    return _jit_lbilin(w, W, W2)


def trace_layer(W):
    r"""The gauge invariants of covariant features: ``Re tr W_i(x)`` and ``Im tr W_i(x)`` (chapter 9).

    ``tr(Ω W Ω†) = tr W``.  ``W`` of shape ``(C, L, L, N, N)`` gives a real ``(2C, L, L)`` array:
    the ``C`` real parts, then the ``C`` imaginary parts.
    """
    W = _features("W", W)
    return _jit_trace_layer(W)


def lconv_init(c_in, c_out, kernel_size=1, *, key):
    """Random L-Conv weights for :func:`lconv`, shape ``(c_out, c_in, 1 + 4K, 2)``: complex normal with
    variance ``1/(c_in (1 + 4K))`` (the output has the scale of the input at the start)."""
    c_in, c_out = count("c_in", c_in, minimum=1), count("c_out", c_out, minimum=1)
    kernel_size = count("kernel_size", kernel_size, minimum=1)
    n = 1 + 4 * kernel_size
    return jnp.asarray(rng("key", key).normal(0.0, np.sqrt(0.5 / (c_in * n)), (c_out, c_in, n, 2)))


def lbilin_init(c_1, c_2, c_out, unit=True, *, key):
    """Random L-Bilin weights for :func:`lbilin`, shape ``(c_out, c_1 (+1), c_2 (+1), 2)`` with ``unit``:
    complex normal with variance ``1/(fan-in)``."""
    c_1, c_2 = count("c_1", c_1, minimum=1), count("c_2", c_2, minimum=1)
    c_out = count("c_out", c_out, minimum=1)
    if not isinstance(unit, bool):
        raise TypeError(f"unit must be True or False, got {type(unit).__name__} {unit!r:.60}")
    a, b = c_1 + unit, c_2 + unit
    return jnp.asarray(rng("key", key).normal(0.0, np.sqrt(0.5 / (a * b)), (c_out, a, b, 2)))


def _architecture(channels, kernel_size, hidden, channels_are):
    """Validated layer sizes of the L-CNN and the plain CNN: ``channels`` (a list of positive integers),
    ``kernel_size`` and ``hidden``; ``channels_are`` says what ``channels`` must be, for the error."""
    try:
        channels = tuple(channels)
    except TypeError:
        channels = None
    if not channels or not all(isinstance(c, numbers.Integral) for c in channels):
        raise TypeError(f"channels must be {channels_are}")
    channels = [count("channels", c, minimum=1) for c in channels]
    return channels, count("kernel_size", kernel_size, minimum=1), [count("hidden", h, minimum=1) for h in hidden]


def lcnn_init(channels=(4, 4), kernel_size=1, hidden=(16,), unit=True, *, key):
    r"""Random parameters of :func:`lcnn_apply`, a pytree (chapter 9).

    ``{"blocks": [{"conv": …, "bilin": …}, …], "readout": [...]}``: one L-Conv + L-Bilin block per
    entry of ``channels`` (its output channels), starting from the 2 plaquette features, and a
    site-wise :func:`physml.nn.mlp` readout ``2C → hidden… → 1`` on the traces (initialised like
    :func:`physml.nn.mlp_init`).  The weights do not depend on the group: the same parameters act
    on U(1) and SU(2) configurations.  The draws are NumPy's, seeded from ``key``
    (``physml._validate.rng``), so that initialising compiles nothing.
    """
    channels, kernel_size, hidden = _architecture(channels, kernel_size, hidden,
                                                  "a non-empty sequence of integers (output channels per block)")
    if not isinstance(unit, bool):
        raise TypeError(f"unit must be True or False, got {type(unit).__name__} {unit!r:.60}")
    gen = rng("key", key)                # NumPy draws: no compilation per weight shape
    blocks, c_in = [], 2
    for c in channels:
        n, a, b = 1 + 4 * kernel_size, c + unit, c_in + unit
        blocks.append({"conv": jnp.asarray(gen.normal(0.0, np.sqrt(0.5 / (c_in * n)), (c, c_in, n, 2))),
                       "bilin": jnp.asarray(gen.normal(0.0, np.sqrt(0.5 / (a * b)), (c, a, b, 2)))})
        c_in = c
    sizes = [2 * c_in, *hidden, 1]
    readout = [{"W": jnp.asarray(gen.normal(0.0, 1.0 / np.sqrt(m), (m, n))), "b": jnp.zeros(n)}
               for m, n in zip(sizes[:-1], sizes[1:])]
    return {"blocks": blocks, "readout": readout}


def _lcnn_params(name, params):
    """Check the pytree of :func:`lcnn_init` (shapes chained block to block), as arrays."""
    if not isinstance(params, dict) or set(params) != {"blocks", "readout"}:
        raise TypeError(f"{name} must be a dict with keys 'blocks' and 'readout' (see lcnn_init), "
                        f"got {type(params).__name__}")
    blocks, c_in = [], 2
    for i, block in enumerate(params["blocks"]):
        if not isinstance(block, dict) or set(block) != {"conv", "bilin"}:
            raise TypeError(f"{name}['blocks'][{i}] must be a dict with keys 'conv' and 'bilin'")
        conv = _weights(f"{name}['blocks'][{i}]['conv']", block["conv"], (None, c_in, None, 2))
        if conv.shape[2] % 4 != 1:
            raise ValueError(f"{name}['blocks'][{i}]['conv'] must have 1 + 4K offsets, got {conv.shape[2]}")
        c = conv.shape[0]
        bilin = _weights(f"{name}['blocks'][{i}]['bilin']", block["bilin"], (None, None, None, 2))
        if bilin.shape[1:3] not in ((c, c_in), (c + 1, c_in + 1)):
            raise ValueError(f"{name}['blocks'][{i}]['bilin'] must have shape (C, {c}, {c_in}, 2) or "
                             f"(C, {c + 1}, {c_in + 1}, 2), got {bilin.shape}")
        blocks.append({"conv": conv, "bilin": bilin})
        c_in = bilin.shape[0]
    readout = [{"W": _weights(f"{name}['readout'][{i}]['W']", layer["W"], (None, None)),
                "b": _weights(f"{name}['readout'][{i}]['b']", layer["b"], (layer["W"].shape[1],))}
               for i, layer in enumerate(params["readout"])]
    if not readout or readout[0]["W"].shape[0] != 2 * c_in or readout[-1]["W"].shape[1] != 1:
        raise ValueError(f"{name}['readout'] must map the {2 * c_in} traces to 1 output")
    return {"blocks": blocks, "readout": readout}


def lcnn_apply(params, links, reduce="mean"):
    r"""The lattice gauge-equivariant CNN (L-CNN) of Favoni et al., PRL 128, 032003 (2022) (chapter 9).

    :func:`plaquette_features` ``(U_P, U_P†)``, then per block ``W ← L-Bilin(L-Conv(W), W)``
    (:func:`lconv`, :func:`lbilin`), all covariant; :func:`trace_layer` to invariants; a site-wise
    MLP (the same at every site, so translation equivariant) to one number per site, and
    ``reduce``: ``"mean"`` (a scalar, intensive: the same network runs on any ``L``), ``"sum"``
    (extensive) or ``None`` (the ``(L, L)`` field).  ``links`` may also be a batch
    ``(B, 2, L, L[, 2, 2])``: the outputs get a leading axis ``B`` (``jax.vmap`` inside).  Every
    output is exactly gauge invariant for any ``params``; rolling the lattice rolls the field.
    After ``n`` blocks of kernel size ``K`` the output at ``x`` depends on the plaquettes within
    ``nK`` sites of ``x``, glued into larger loops (one block with suitable weights gives the
    ``2 × 1`` loop).

    ``params`` is the pytree of :func:`lcnn_init`; ``lcnn_apply`` works under ``jax.grad``,
    ``jax.jit`` and ``jax.vmap`` (traced weights and links are checked for shape only), so a loss
    built on it can be trained with :func:`physml.nn.fit_adam`.
    """
    links, batched = _lcnn_links("links", links)
    params = _lcnn_params("params", params)
    if reduce not in ("mean", "sum", None):
        raise ValueError(f"reduce must be 'mean', 'sum' or None, got {reduce!r:.60}")
    out = _lcnn_field_batch(params, links) if batched else _lcnn_field(params, links)
    if reduce == "mean":
        return jnp.mean(out, axis=(-2, -1))
    if reduce == "sum":
        return jnp.sum(out, axis=(-2, -1))
    return out


_lcnn_field_batch = jax.jit(jax.vmap(_lcnn_field, in_axes=(None, 0)))


def _lcnn_links(name, links):
    """One configuration or a batch ``(B, 2, L, L[, 2, 2])``, as ``(array, batched)``; traced links
    (inside ``jax.jit`` / ``jax.grad``, e.g. :func:`physml.nn.fit_adam`) are checked for shape only."""
    shape = np.shape(links)
    batched = len(shape) in (4, 6) and shape[1:2] == (2,)
    if isinstance(links, jax.core.Tracer):
        _group_of_shape(name, shape[1 + batched:], 0)
        if shape[batched] != 2 or not jnp.issubdtype(links.dtype, jnp.complexfloating):
            raise ValueError(f"{name} must be complex with shape ([B,] 2, L, L[, 2, 2]), got {links.dtype} {shape}")
        return links, batched
    if not batched:
        return _links(name, links)[0], False
    arr = np.asarray(links)
    if shape[0] < 1:
        raise ValueError(f"{name} must hold at least one configuration, got shape {shape}")
    return jnp.stack([_links(f"{name}[{b}]", arr[b])[0] for b in range(shape[0])]), True


# ------------------------------------------------------------------- a non-local task: L-CNN against a CNN
#
# The regression task of Favoni et al. (2022): predict, at every site, a Wilson loop larger than the
# network's 1 × 1 plaquette inputs, so that the network has to glue plaquettes (or links) together.

def _batch_links(name, links):
    """One configuration or a batch ``(B, 2, L, L[, 2, 2])`` as ``(array, batched)``, checked."""
    return _lcnn_links(name, links)


@partial(jax.jit, static_argnames=("r", "t"))
def _loop_field_avg(links, r, t):
    w = _retr(_loop_field(links, r, t))
    if r != t:
        w = 0.5 * (w + _retr(_loop_field(links, t, r)))
    return w


@partial(jax.jit, static_argnames=("r", "t"))
def _loop_field_batch(links, r, t):
    return jax.vmap(lambda u: _loop_field_avg(u, r, t))(links)


def _loop_size(links_shape, batched, r, t):
    L = links_shape[1 + batched]
    r = count("r", r, minimum=1)
    t = count("t", t, minimum=1)
    if r > L:
        raise ValueError(f"r must be <= L = {L}, got {r}")
    if t > L:
        raise ValueError(f"t must be <= L = {L}, got {t}")
    return r, t


def wilson_loop_field(links, r, t):
    r"""The site-wise Wilson loop: ``(1/N) Re tr W_{r×t}(x)`` at every site ``x`` (chapter 9).

    ``W_{r×t}(x)`` is the loop based at ``x`` that runs ``r`` links along ``0̂``, ``t`` along ``1̂``
    and back; for ``r ≠ t`` the field is the average of the two orientations (``r`` along ``0̂`` or
    along ``1̂``, both based at ``x``), so that its lattice mean is :func:`wilson_loop`.  Gauge
    invariant at every site.  ``links`` of shape ``(2, L, L[, 2, 2])`` gives an ``(L, L)`` field, a
    batch ``(B, 2, L, L[, 2, 2])`` gives ``(B, L, L)``.  ``r, t ≤ L``.
    """
    links, batched = _batch_links("links", links)
    r, t = _loop_size(links.shape, batched, r, t)
    return _loop_field_batch(links, r, t) if batched else _loop_field_avg(links, r, t)


@dataclass(frozen=True)
class LoopData:
    r"""Configurations and the site-wise Wilson loop to regress (chapter 9), from :func:`loop_dataset`.

    ``links``: ``(B, 2, L, L)`` (U(1)) or ``(B, 2, L, L, 2, 2)`` (SU(2)); ``target``: ``(B, L, L)``,
    :func:`wilson_loop_field` ``(links, r, t)``; ``beta``: ``(B,)``, the coupling each configuration
    was sampled at.  The target is gauge invariant, so :meth:`gauge_transformed` keeps it.
    """

    links: jax.Array = field(repr=False)
    target: jax.Array = field(repr=False)
    beta: np.ndarray
    r: int
    t: int

    @property
    def group(self):
        """``"u1"`` or ``"su2"``, read off the shape of ``links``."""
        return "u1" if self.links.ndim == 4 else "su2"

    @property
    def L(self):
        """The lattice size."""
        return int(self.links.shape[2])

    @property
    def variance(self):
        """The variance of ``target`` over all sites and configurations: the mean squared error of the
        best constant prediction (the mean), the yardstick of :meth:`FieldFit.relative_mse`."""
        return float(np.var(np.asarray(self.target)))

    @_quick_random
    def gauge_transformed(self, *, key):
        r"""The same configurations after an independent Haar-random gauge transformation each,
        ``U_μ(x) → Ω(x) U_μ(x) Ω(x+μ̂)†`` (:func:`random_gauge`, :func:`gauge_transform`); the
        targets are unchanged (they are gauge invariant)."""
        prng_key("key", key)
        return LoopData(_random_gauge_batch(key, self.links), self.target, self.beta, self.r, self.t)


@jax.jit
def _random_gauge_batch(key, links):
    """Each configuration of a batch transformed by its own Haar-random ``Ω``."""
    B, L = links.shape[0], links.shape[2]
    omega = _haar(key, (B, L, L), "u1" if links.ndim == 4 else "su2")
    return jax.vmap(_gauge_transform)(links, omega)


def loop_data(links, r=2, t=2, beta=None):
    r"""A :class:`LoopData` from given configurations (chapter 9): ``links`` a batch
    ``(B, 2, L, L[, 2, 2])`` (e.g. ``sample_links(...).links`` reshaped to one batch axis), the
    target :func:`wilson_loop_field` ``(links, r, t)``.  ``beta``: the coupling of each
    configuration (a number for all, or ``B`` numbers; ``None`` records NaN).  Use it to reuse
    configurations already sampled (no new heat-bath compilation); :func:`loop_dataset` samples new ones.
    """
    shape = np.shape(links)
    if len(shape) not in (4, 6) or shape[1:2] != (2,):
        raise ValueError(f"links must be a batch of shape (B, 2, L, L) or (B, 2, L, L, 2, 2), got {shape}")
    links, _ = _batch_links("links", links)
    r, t = _loop_size(links.shape, True, r, t)
    B = links.shape[0]
    if beta is None:
        beta = np.full(B, np.nan)
    else:
        try:
            beta = np.broadcast_to(np.asarray(beta, dtype=float), (B,)).copy()
        except (TypeError, ValueError):
            raise ValueError(f"beta must be None, a number or {B} numbers (one per configuration)") from None
    return LoopData(links, _loop_field_batch(links, r, t), beta, r, t)


@_quick_random
def loop_dataset(L, betas, group="su2", n_per_beta=8, r=2, t=2, *, key, n_therm=50, every=5):
    r"""Heat-bath configurations at one or several ``β`` with their site-wise ``r × t`` Wilson loops (chapter 9).

    The regression task of Favoni et al., PRL 128, 032003 (2022): from the configuration, predict
    ``y(x) = (1/N) Re tr W_{r×t}(x)`` (:func:`wilson_loop_field`) at every site — ``L²`` targets per
    configuration, and their mean is :func:`wilson_loop`.  For ``r × t`` larger than ``1 × 1`` the
    target is non-local with respect to the plaquettes the L-CNN starts from: the network has to
    transport and multiply them (one block of kernel size 1 reaches the ``2 × 1`` loop, two reach
    ``2 × 2``).

    One heat-bath chain per ``β`` (:func:`sample_links`, hot start; all chains run in one compiled
    call), ``n_therm`` thermalisation sweeps, then ``n_per_beta`` configurations ``every`` sweeps
    apart.  Returns :class:`LoopData` with ``B = len(betas) · n_per_beta`` configurations, ordered
    by ``β``.  The heat bath is compiled once per ``(L, group, len(betas), n_per_beta, n_therm,
    every)`` and shared with :func:`sample_links` ``(L, β, group, n_per_beta, n_chains=len(betas),
    n_therm=n_therm, every=every)``, which, with every ``β`` equal and the same ``key``, gives the
    same configurations.
    """
    L = count("L", L, minimum=2)
    if L % 2:
        raise ValueError(f"L must be even (checkerboard updates), got {L}")
    betas = np.atleast_1d(np.asarray(betas, dtype=float)) if _is_real_sequence(betas) else None
    if betas is None or betas.ndim != 1 or betas.size == 0:
        raise TypeError("betas must be a real number or a non-empty sequence of real numbers")
    if not np.all(np.isfinite(betas)) or np.any(betas < 0):
        raise ValueError(f"betas must be finite and >= 0, got {betas}")
    group = _group("group", group)
    n_per_beta = count("n_per_beta", n_per_beta, minimum=1)
    r, t = count("r", r, minimum=1), count("t", t, minimum=1)
    if max(r, t) > L:
        raise ValueError(f"r and t must be <= L = {L}, got r = {r}, t = {t}")
    n_therm = count("n_therm", n_therm, minimum=0)
    every = count("every", every, minimum=1)
    prng_key("key", key)
    k_start, k_run = jax.random.split(key)
    links0 = _haar(k_start, (betas.size, 2, L, L), group)
    configs, _ = _run_chains(jax.random.split(k_run, betas.size), links0, jnp.asarray(betas), group, n_therm,
                             n_per_beta, every)
    links = configs.reshape((-1,) + configs.shape[2:])
    return LoopData(links, _loop_field_batch(links, r, t), np.repeat(betas, n_per_beta), r, t)


def _is_real_sequence(x):
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError):
        return False
    return arr.dtype.kind in "iuf" and arr.dtype != bool


def _axial(links):
    su2 = links.ndim == 5
    mul = jnp.matmul if su2 else jnp.multiply
    L = links.shape[1]
    unit = jnp.broadcast_to(jnp.eye(2, dtype=links.dtype), (L, 2, 2)) if su2 else jnp.ones(L, links.dtype)

    def step(acc, u):
        acc = mul(acc, u)
        return acc, acc

    # Ω(x₀, x₁) = U₀(0, x₁) U₀(1, x₁) ⋯ U₀(x₀−1, x₁): then U₀ → 1 except on the last column
    _, rows = jax.lax.scan(step, unit, links[0, :-1])
    V = _gauge_transform(links, jnp.concatenate([unit[None], rows]))
    # the residual Ω(x₁) = V₁(0, 0) ⋯ V₁(0, x₁−1), the same for every x₀: U₁(0, x₁) → 1 except the last
    _, cols = jax.lax.scan(step, unit[0], V[1, 0, :-1])
    column = jnp.concatenate([unit[:1], cols])
    return _gauge_transform(V, jnp.broadcast_to(column[None], (L,) + column.shape))


_axial_jit = jax.jit(_axial)
_axial_batch = jax.jit(jax.vmap(_axial))


def axial_gauge(links):
    r"""The configuration in complete axial gauge (a maximal-tree gauge) (chapter 9).

    A gauge transformation that sets ``U₀(x) = 1`` on every link with ``x₀ < L − 1``
    (``Ω(x₀, x₁) = U₀(0, x₁) U₀(1, x₁) ⋯ U₀(x₀−1, x₁)``), then, with the ``x₀``-independent
    transformation that is left, ``U₁(0, x₁) = 1`` for ``x₁ < L − 1``.  The links set to 1 form a
    tree that touches every site; the others carry all the gauge-invariant content (a plaquette away
    from the last row and column is ``U₁(x+0̂) U₁(x)†``).  Unique up to one global transformation:
    ``axial_gauge(gauge_transform(U, Ω))`` is ``axial_gauge(U)`` conjugated by the constant
    ``Ω(0, 0)`` (for U(1), identical).  It fixes what the links look like, so a network fed with
    gauge-fixed links is gauge invariant up to that global rotation — but the map is non-local
    (products along whole lines) and singles out the origin, which breaks translation
    equivariance.  One configuration ``(2, L, L[, 2, 2])`` or a batch ``(B, 2, L, L[, 2, 2])``.
    """
    links, batched = _batch_links("links", links)
    return _axial_batch(links) if batched else _axial_jit(links)


# -------------------------------------------------------------------------------------- the plain CNN

def _components(links):
    """Real link components per site, ``(L, L, 4)`` (U(1): cos θ, sin θ per direction) or ``(L, L, 8)``
    (SU(2): the quaternion ``(a₀, a₁, a₂, a₃)`` of ``U₀``, then of ``U₁``)."""
    if links.ndim == 3:
        parts = [jnp.real(links[0]), jnp.imag(links[0]), jnp.real(links[1]), jnp.imag(links[1])]
    else:
        parts = []
        for mu in (0, 1):
            U = links[mu]
            parts += [jnp.real(U[..., 0, 0]), jnp.imag(U[..., 0, 1]), jnp.real(U[..., 0, 1]), jnp.imag(U[..., 0, 0])]
    return jnp.stack(parts, axis=-1)


_components_batch = jax.jit(jax.vmap(_components))


def link_components(links):
    r"""The plain CNN's input: the raw link components as real channels at every site (chapter 9).

    U(1): ``(cos θ₀, sin θ₀, cos θ₁, sin θ₁)``, 4 channels; SU(2): the unit quaternion
    ``(a₀, a₁, a₂, a₃)`` of ``U₀(x) = a₀ 1 + i a·σ``, then that of ``U₁(x)``, 8 channels.  Shape
    ``(L, L, C)``, or ``(B, L, L, C)`` for a batch.  These numbers are not gauge invariant: a gauge
    transformation rotates them (for SU(2), ``U → Ω U Ω'†`` is a rotation of the 4-vector ``a``).
    """
    links, batched = _batch_links("links", links)
    return _components_batch(links) if batched else jax.jit(_components)(links)


def _periodic_conv(w, b, x):
    """``out(x) = b + Σ_{|i|,|j| ≤ K} x(x + (i, j)) · w[i + K, j + K]`` on the periodic lattice, ``x`` of
    shape ``(L, L, C)``."""
    K = w.shape[0] // 2
    out = b
    for i in range(-K, K + 1):
        for j in range(-K, K + 1):
            out = out + jnp.roll(x, (-i, -j), axis=(0, 1)) @ w[i + K, j + K]
    return out


def _cnn_field(params, links):
    x = _components(links)
    for layer in params["convs"]:
        x = jnp.tanh(_periodic_conv(layer["W"], layer["b"], x))
    return mlp(params["readout"], x)[..., 0]


_cnn_field_jit = jax.jit(_cnn_field)
_cnn_field_batch = jax.jit(jax.vmap(_cnn_field, in_axes=(None, 0)))

#: The default widths of :func:`cnn_init`: the parameter count of the default :func:`lcnn_init` (721) within 10 %.
_CNN_CHANNELS = {"u1": (6, 6), "su2": (5, 5)}


def cnn_init(group="su2", channels=None, kernel_size=1, hidden=(16,), *, key):
    r"""Random parameters of :func:`cnn_apply`, the plain CNN baseline of chapter 9 (a pytree).

    ``{"convs": [{"W", "b"}, …], "readout": [...]}``: per entry of ``channels`` a periodic
    convolution with a ``(2K+1) × (2K+1)`` kernel (``W``: ``(2K+1, 2K+1, c_in, c_out)``, weights
    ``N(0, 1/fan-in)``, biases 0) and ``tanh``, starting from the :func:`link_components` (4 channels
    for ``"u1"``, 8 for ``"su2"``), then the same site-wise :func:`physml.nn.mlp` readout as
    :func:`lcnn_init` (``c → hidden… → 1``).  ``channels=None`` takes ``(5, 5)`` for SU(2) (708
    parameters) and ``(6, 6)`` for U(1) (681): the budget of the default L-CNN (721, see
    :func:`count_parameters`) within 10 %; two ``3 × 3`` layers see the links within two sites,
    enough for a ``2 × 2`` loop.  NumPy draws seeded from ``key``, like :func:`lcnn_init`.
    """
    group = _group("group", group)
    if channels is None:
        channels = _CNN_CHANNELS[group]
    channels, kernel_size, hidden = _architecture(
        channels, kernel_size, hidden, "None or a non-empty sequence of integers (output channels per layer)")
    gen = rng("key", key)
    n, c_in, convs = 2 * kernel_size + 1, 4 * GROUPS[group], []
    for c in channels:
        convs.append({"W": jnp.asarray(gen.normal(0.0, 1.0 / np.sqrt(n * n * c_in), (n, n, c_in, c))),
                      "b": jnp.zeros(c)})
        c_in = c
    sizes = [c_in, *hidden, 1]
    readout = [{"W": jnp.asarray(gen.normal(0.0, 1.0 / np.sqrt(m), (m, k))), "b": jnp.zeros(k)}
               for m, k in zip(sizes[:-1], sizes[1:])]
    return {"convs": convs, "readout": readout}


def _cnn_params(name, params, n_in=None):
    """Check the pytree of :func:`cnn_init` (kernels square and odd, channels chained), as arrays."""
    if not isinstance(params, dict) or set(params) != {"convs", "readout"}:
        raise TypeError(f"{name} must be a dict with keys 'convs' and 'readout' (see cnn_init), "
                        f"got {type(params).__name__}")
    convs, c_in = [], n_in
    for i, layer in enumerate(params["convs"]):
        if not isinstance(layer, dict) or set(layer) != {"W", "b"}:
            raise TypeError(f"{name}['convs'][{i}] must be a dict with keys 'W' and 'b'")
        W = _weights(f"{name}['convs'][{i}]['W']", layer["W"], (None, None, c_in, None))
        if W.shape[0] != W.shape[1] or W.shape[0] % 2 != 1:
            raise ValueError(f"{name}['convs'][{i}]['W'] must have an odd square kernel (2K+1, 2K+1, ·, ·), "
                             f"got {W.shape}")
        convs.append({"W": W, "b": _weights(f"{name}['convs'][{i}]['b']", layer["b"], (W.shape[3],))})
        c_in = W.shape[3]
    if not convs:
        raise ValueError(f"{name}['convs'] must hold at least one layer")
    readout = [{"W": _weights(f"{name}['readout'][{i}]['W']", layer["W"], (None, None)),
                "b": _weights(f"{name}['readout'][{i}]['b']", layer["b"], (layer["W"].shape[1],))}
               for i, layer in enumerate(params["readout"])]
    if not readout or readout[0]["W"].shape[0] != c_in or readout[-1]["W"].shape[1] != 1:
        raise ValueError(f"{name}['readout'] must map the {c_in} channels to 1 output")
    return {"convs": convs, "readout": readout}


def _reduced(out, reduce):
    if reduce == "mean":
        return jnp.mean(out, axis=(-2, -1))
    if reduce == "sum":
        return jnp.sum(out, axis=(-2, -1))
    return out


def cnn_apply(params, links, reduce="mean"):
    r"""The plain CNN baseline of chapter 9: ordinary periodic convolutions on the raw link components.

    :func:`link_components` (cos θ, sin θ or the quaternions of both links at each site), then per
    layer ``h ← tanh(b + Σ_{(i,j)} h(x + (i, j)) W_{ij})`` over the ``(2K+1)²`` neighbours (periodic:
    ``jnp.roll``), then the site-wise :func:`physml.nn.mlp` readout, one number per site.  It is
    translation equivariant (rolling the lattice rolls the output field) but **not** gauge
    invariant: it reads link components, which a gauge transformation changes.  ``reduce`` and the
    batch convention are those of :func:`lcnn_apply`; it works under ``jax.grad``/``jit``/``vmap``.
    """
    links, batched = _batch_links("links", links)
    group = "u1" if links.ndim == 3 + batched else "su2"
    params = _cnn_params("params", params, 4 * GROUPS[group])
    if reduce not in ("mean", "sum", None):
        raise ValueError(f"reduce must be 'mean', 'sum' or None, got {reduce!r:.60}")
    return _reduced(_cnn_field_batch(params, links) if batched else _cnn_field_jit(params, links), reduce)


def count_parameters(params):
    """The number of trainable real numbers in a parameter pytree (:func:`lcnn_init`, :func:`cnn_init`, …)."""
    leaves = jax.tree_util.tree_leaves(params)
    if not leaves:
        raise ValueError("params must contain at least one array")
    try:
        return int(sum(np.size(np.asarray(leaf)) for leaf in leaves))
    except (TypeError, ValueError):
        raise TypeError("params must be a pytree of arrays") from None


# --------------------------------------------------------------------------------------------- training

def _lcnn_loss(params, links, target):
    return jnp.mean((jax.vmap(_lcnn_field, in_axes=(None, 0))(params, links) - target) ** 2)


def _cnn_loss(params, links, target):
    return jnp.mean((jax.vmap(_cnn_field, in_axes=(None, 0))(params, links) - target) ** 2)


def _model_of(name, params):
    """``"lcnn"`` or ``"cnn"`` from the keys of a parameter pytree."""
    if isinstance(params, dict) and set(params) == {"blocks", "readout"}:
        return "lcnn"
    if isinstance(params, dict) and set(params) == {"convs", "readout"}:
        return "cnn"
    raise TypeError(f"{name} must be the parameters of lcnn_init or cnn_init (a dict with keys 'blocks' or "
                    f"'convs' and 'readout'), got {type(params).__name__}")


_lcnn_loss_jit = jax.jit(_lcnn_loss)
_cnn_loss_jit = jax.jit(_cnn_loss)


def _loop_data(name, data):
    if not isinstance(data, LoopData):
        raise TypeError(f"{name} must be a LoopData (see loop_dataset), got {type(data).__name__}")
    return data


@dataclass(frozen=True)
class FieldFit:
    r"""A network trained on site-wise Wilson loops (chapter 9), from :func:`train_field`.

    ``model`` is ``"lcnn"`` (:func:`lcnn_apply`) or ``"cnn"`` (:func:`cnn_apply`); ``params`` the
    trained pytree; ``losses`` the training mean squared error (over all sites and configurations)
    before each Adam step.
    """

    model: str
    params: object = field(repr=False)
    losses: np.ndarray = field(repr=False)

    def predict(self, links):
        """The predicted field, ``(L, L)`` for one configuration or ``(B, L, L)`` for a batch, on any ``L``."""
        apply = lcnn_apply if self.model == "lcnn" else cnn_apply
        return apply(self.params, links, reduce=None)

    def mse(self, data):
        """The mean squared error over every site of every configuration of ``data`` (a :class:`LoopData`)."""
        data = _loop_data("data", data)
        self._check_group(data)
        return float((_lcnn_loss_jit if self.model == "lcnn" else _cnn_loss_jit)(self.params, data.links, data.target))

    def relative_mse(self, data):
        r""":meth:`mse` divided by the variance of ``data.target``: 0 is perfect, 1 is no better than
        predicting the mean of the targets, above 1 is worse than that."""
        data = _loop_data("data", data)
        return self.mse(data) / data.variance

    def _check_group(self, data):
        if self.model == "cnn":
            n_in = self.params["convs"][0]["W"].shape[2]
            if n_in != 4 * GROUPS[data.group]:
                raise ValueError(f"data must be {'U(1)' if n_in == 4 else 'SU(2)'} configurations like the "
                                 f"training data of this CNN, got {data.group}")


def train_field(params, data, *, learning_rate=1e-2, n_steps=300):
    r"""Train an L-CNN (:func:`lcnn_init`) or a plain CNN (:func:`cnn_init`) to predict ``data.target`` (chapter 9).

    The same routine for both models: full-batch Adam (:func:`physml.nn.fit_adam`, optax, one
    compiled ``lax.scan``) on the mean squared error over every site of every configuration,
    ``(1/(B L²)) Σ_{b,x} (f_θ(U_b)(x) − y_b(x))²``, starting from ``params``.  Which model is read
    off the keys of ``params``.  Returns :class:`FieldFit`; test it with :meth:`FieldFit.mse` on
    other :class:`LoopData` — larger lattices (the networks are local and translation equivariant,
    so the same weights run on any ``L``) or :meth:`LoopData.gauge_transformed` copies.  The
    defaults train the default :func:`lcnn_init` on 16 SU(2) ``8 × 8`` configurations to a held-out
    relative error of 0.001–0.005 (14 initialisations; a few seconds).  A larger learning rate is
    faster on average but now and then stalls near the mean predictor.
    """
    model = _model_of("params", params)
    data = _loop_data("data", data)
    if model == "lcnn":
        params, loss = _lcnn_params("params", params), _lcnn_loss
    else:
        params, loss = _cnn_params("params", params, 4 * GROUPS[data.group]), _cnn_loss
    n_steps = count("n_steps", n_steps, minimum=1)
    learning_rate = positive_float("learning_rate", learning_rate)
    fit = fit_adam(loss, params, (data.links, data.target), learning_rate=learning_rate, n_steps=n_steps)
    return FieldFit(model, fit.params, np.asarray(fit.losses))
