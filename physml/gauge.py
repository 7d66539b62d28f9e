r"""Lattice gauge fields in two dimensions: links, plaquettes, Wilson loops, gauge transformations,
heat-bath Monte Carlo and the exact 2D results.

Chapter 9 uses everything here (the gauge-equivariant networks come on top of it).

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
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
from scipy import special

from ._validate import count, positive_float, prng_key

__all__ = ["GROUPS", "identity_links", "random_links", "random_gauge", "gauge_transform", "plaquettes",
           "average_plaquette", "wilson_action", "wilson_loop", "LinkSamples", "sample_links",
           "exact_plaquette", "exact_wilson_loop", "string_tension"]

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


def random_links(L, group="su2", *, key):
    """A hot configuration: every link Haar-random and independent (the ``β = 0`` ensemble; chapter 9).

    U(1): ``e^{iθ}`` with ``θ`` uniform; SU(2): a uniform unit quaternion (a normalised 4D Gaussian).
    """
    L = count("L", L, minimum=1)
    group = _group("group", group)
    prng_key("key", key)
    return _haar(key, (2, L, L), group)


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


@partial(jax.jit, static_argnames=("group", "n_therm", "n_samples", "every"))
def _run_chains(keys, links0, beta, group, n_therm, n_samples, every):
    def chain(key, links):
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

    return jax.vmap(chain)(keys, links0)


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
    configs, history = _run_chains(jax.random.split(k_run, n_chains), links0, beta, group, n_therm, n_samples, every)
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
