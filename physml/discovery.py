"""Laws from data: power laws by log-log least squares, conservation laws as sparse null vectors.

Chapter 4 (:ref:`ch-discovery`) uses everything here.

* Power laws.  ``y = C x^n`` becomes the straight line ``log y = log C + n log x``;
  :func:`fit_power_law` fits it by ordinary least squares and returns the exponent and the
  constant with their standard errors.  :func:`load_orbits` reads the small orbital data
  files shipped with the package, and :func:`kepler_mass` turns Kepler's third law
  ``P² = 4π² a³ / (G M)`` into the central mass.
* Conservation laws.  A linear conservation law is a vector ``c`` with ``c · Δφ = 0`` for every
  observed event, where ``Δφ`` is the change of a library of features (momenta, kinetic
  energies, decoys).  Stacking the events gives ``A c = 0``: the laws span the null space of
  ``A`` (:func:`null_space`, SVD with the tolerance read off the largest gap in the singular
  values), and the physically meaningful one is usually the sparsest vector in it
  (:func:`sparsest_null_vector`, an L1 linear program or an enumeration of supports;
  :func:`conservation_laws`, a sparse basis of the whole null space).
  :func:`simulate_collisions` and :func:`feature_changes` make the data; :func:`discover_laws`
  runs the whole pipeline and :func:`collision_laws` is the chapter's explorer run (two bodies on
  a line at a restitution and a noise level).
* Kepler with masses.  :func:`two_body_kepler` corrects the periods for each orbiting body's own
  mass (and optionally the mass inside its orbit), ``P² = 4π² a³ / (G (M + m))``, and refits.
* Symbolic regression.  :func:`search_expressions` builds every expression tree over the measured
  variables up to a complexity, fits one constant factor in closed form, prunes by dimensional
  analysis, and returns the Pareto front of error against complexity.
* :func:`candidate_power_law` is the practice's explorer run: the data against ``C x^n`` for a
  *candidate* exponent ``n``, before any exponent is fitted.

Randomness is a keyword-only JAX PRNG ``key`` (the collisions are drawn with NumPy from it:
``key=jax.random.key(s)`` draws what ``numpy.random.default_rng(s)`` draws).
"""
from __future__ import annotations

import csv
import itertools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.constants
import scipy.optimize

from ._validate import count, finite_array, positive_float, real
from ._validate import rng as _rng

__all__ = [
    "PowerLawFit", "fit_power_law", "CandidatePowerLaw", "candidate_power_law", "Orbits", "load_orbits",
    "KeplerMass", "kepler_mass", "Collisions", "simulate_collisions", "FeatureChanges", "feature_changes", "NullSpace",
    "null_space", "SparseLaw", "sparsest_null_vector", "conservation_laws", "format_law", "DiscoveredLaws",
    "discover_laws", "COLLISION_EVENTS", "collision_laws", "GM_SUN", "TwoBodyKepler", "two_body_kepler",
    "OPERATORS", "ERROR_FLOOR", "ExpressionCandidate", "ExpressionFront", "search_expressions",
]

DATA = Path(__file__).parent / "data"


# --------------------------------------------------------------------------- #
# Power laws
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class PowerLawFit:
    """Result of :func:`fit_power_law` for ``y = C x^n``.

    ``residuals`` are ``log y − (log C + n log x)`` (natural logs, i.e. relative deviations);
    ``rms`` is their root mean square.  For a fixed exponent, ``exponent_error`` is 0.
    """

    exponent: float
    exponent_error: float
    constant: float
    constant_error: float
    log_constant: float
    log_constant_error: float
    residuals: np.ndarray
    rms: float
    dof: int

    def predict(self, x):
        return self.constant * np.asarray(x, dtype=float) ** self.exponent


def _positive_pair(x, y):
    x = finite_array("x", x, ndim=1)
    y = finite_array("y", y, ndim=1)
    if x.shape != y.shape:
        raise ValueError(f"x and y must have the same length, got {x.size} and {y.size}")
    for name, v in (("x", x), ("y", y)):
        if np.any(v <= 0):
            raise ValueError(f"{name} must be positive for a log-log fit, got {name}[{int(np.argmin(v))}] = "
                             f"{v.min()!r}")
    return x, y


def fit_power_law(x, y, exponent=None):
    """Fit ``y = C x^n`` by least squares on ``log y = log C + n log x``.

    Returns a :class:`PowerLawFit` with the ordinary-least-squares standard errors
    ``σ² (XᵀX)⁻¹``, ``σ² = Σ r² / (N − p)`` (``p`` = 2 fitted parameters, or 1 when
    ``exponent`` is given and only ``C`` is fitted).  The error of ``C`` is propagated from that
    of ``log C``: ``σ_C = C σ_logC``.  Works unchanged on any positive data set: planets, moons,
    pendulums.
    """
    x, y = _positive_pair(x, y)
    lx, ly = np.log(x), np.log(y)
    if exponent is None:
        if x.size < 3:
            raise ValueError(f"x and y need at least 3 points to fit an exponent with an error bar, got {x.size}")
        if np.ptp(lx) == 0:
            raise ValueError("x must take at least two different values to fit an exponent")
        X = np.column_stack([np.ones_like(lx), lx])
        coef, *_ = np.linalg.lstsq(X, ly, rcond=None)
        residuals = ly - X @ coef
        dof = x.size - 2
        cov = (residuals @ residuals / dof) * np.linalg.inv(X.T @ X)
        log_c, n = coef
        log_c_err, n_err = np.sqrt(np.diag(cov))
    else:
        n = real("exponent", exponent)
        if x.size < 2:
            raise ValueError(f"x and y need at least 2 points to fit a constant with an error bar, got {x.size}")
        log_c = float(np.mean(ly - n * lx))
        residuals = ly - n * lx - log_c
        dof = x.size - 1
        log_c_err, n_err = math.sqrt(residuals @ residuals / dof / x.size), 0.0
    c = math.exp(log_c)
    return PowerLawFit(float(n), float(n_err), c, c * float(log_c_err), float(log_c), float(log_c_err),
                       residuals, float(np.sqrt(np.mean(residuals**2))), dof)


@dataclass(frozen=True)
class CandidatePowerLaw:
    """Result of :func:`candidate_power_law`: the data against ``C x^n`` for one candidate ``n``.

    ``fit`` holds the best constant for that exponent and the log residuals; ``grid`` and
    ``curve`` the curve ``C x^n`` for drawing; ``worst_factor`` is ``exp(max |residual|)``, the
    factor by which the worst point misses the curve (1 for a perfect law).
    """

    exponent: float
    fit: PowerLawFit
    grid: np.ndarray
    curve: np.ndarray
    worst_factor: float


def candidate_power_law(x, y, exponent, *, n_points=100):
    """Chapter 4's practice: try an exponent ``n`` before fitting one.

    For the fixed ``n`` the best constant in ``ln y = ln C + n ln x`` is
    ``ln C = mean(ln y − n ln x)`` (:func:`fit_power_law` with ``exponent``); the curve ``C x^n``
    is evaluated on ``n_points`` log-spaced points from ``min(x)/1.5`` to ``1.5 max(x)``.
    Returns a :class:`CandidatePowerLaw`.
    """
    fit = fit_power_law(x, y, exponent=exponent)
    n_points = count("n_points", n_points, minimum=2)
    x = np.asarray(x, dtype=float)
    grid = np.geomspace(x.min() / 1.5, x.max() * 1.5, n_points)
    return CandidatePowerLaw(fit.exponent, fit, grid, fit.predict(grid),
                             float(np.exp(np.max(np.abs(fit.residuals)))))


@dataclass(frozen=True)
class Orbits:
    """An orbital data set: names, semi-major axes ``a`` and periods ``P`` in the file's units."""

    names: tuple
    a: np.ndarray
    P: np.ndarray
    a_unit: str
    P_unit: str
    a_unit_m: float
    P_unit_s: float
    source: str
    extra: dict


_ORBIT_FILES = {
    "planets": ("planets_j2000.csv", "semi_major_axis_au", "sidereal_period_yr", "au", "yr",
                scipy.constants.astronomical_unit, scipy.constants.Julian_year),
    "galilean_moons": ("galilean_moons.csv", "semi_major_axis_km", "sidereal_period_day", "km", "d",
                       1e3, scipy.constants.day),
    "saturn_moons": ("saturn_moons.csv", "semi_major_axis_km", "sidereal_period_day", "km", "d",
                     1e3, scipy.constants.day),
}


def _read_table(path):
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
        f.seek(0)
        source = "".join(line[2:] for line in f if line.startswith("#"))
    rows = list(csv.reader(lines))
    header, body = rows[0], rows[1:]
    return header, body, source


def load_orbits(name="planets"):
    """Read a shipped orbital data set: ``"planets"`` (JPL J2000), ``"galilean_moons"``, ``"saturn_moons"``.

    The files live in ``physml/data/`` with their sources in the header; nothing is downloaded.
    """
    if name not in _ORBIT_FILES:
        raise ValueError(f"name must be one of {sorted(_ORBIT_FILES)}, got {name!r}")
    fname, a_col, p_col, a_unit, p_unit, a_m, p_s = _ORBIT_FILES[name]
    header, body, source = _read_table(DATA / fname)
    cols = {h: [r[i] for r in body] for i, h in enumerate(header)}
    extra = {k: np.array(v, dtype=float) for k, v in cols.items() if k not in ("name", a_col, p_col)}
    return Orbits(tuple(cols["name"]), np.array(cols[a_col], dtype=float), np.array(cols[p_col], dtype=float),
                  a_unit, p_unit, a_m, p_s, source, extra)


@dataclass(frozen=True)
class KeplerMass:
    """Central mass from Kepler's third law: ``GM`` (m³/s²) and ``M`` (kg), each with its standard error."""

    gm: float
    gm_error: float
    mass: float
    mass_error: float


def kepler_mass(semi_major_axis_m, period_s):
    """The central mass from ``P² = 4π² a³/(G M)``, fitting ``P = C a^{3/2}`` to all the orbits.

    ``GM = 4π² / C²``, so its relative error is twice that of ``C``.  The mass uses CODATA's
    ``G`` (relative uncertainty 2e-5, included in ``mass_error``).
    """
    fit = fit_power_law(semi_major_axis_m, period_s, exponent=1.5)
    gm = 4 * math.pi**2 / fit.constant**2
    gm_err = 2 * gm * fit.log_constant_error
    G = scipy.constants.G
    G_rel = scipy.constants.physical_constants["Newtonian constant of gravitation"][2] / G
    mass = gm / G
    return KeplerMass(gm, gm_err, mass, mass * math.hypot(gm_err / gm, G_rel))


# --------------------------------------------------------------------------- #
# Collisions and their feature library
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class Collisions:
    """Events of colliding bodies: ``masses`` (E, N) and measured velocities ``v_before``, ``v_after`` (E, N, d)."""

    masses: np.ndarray
    v_before: np.ndarray
    v_after: np.ndarray
    restitution: float
    noise: float


def simulate_collisions(n_events, n_bodies=2, dim=1, restitution=1.0, noise=0.0, *, key, n_hits=None):
    """Chapter 4: random collision events, exact physics, optionally noisy measurements.

    Each event draws masses ``m ~ U(0.5, 5)`` and velocities ``v ~ N(0, 1)`` per component, then
    applies ``n_hits`` (default ``n_bodies − 1``, at least 1) pairwise collisions between random
    pairs along a random contact normal ``n̂``.  A collision with restitution ``e`` gives each
    body of the pair the impulse

        J = −(1 + e) μ u,   μ = m_i m_j / (m_i + m_j),   u = (v_i − v_j) · n̂,

    ``v_i += J n̂ / m_i``, ``v_j −= J n̂ / m_j``: total momentum is conserved exactly, and the
    kinetic energy changes by ``−½ μ (1 − e²) u²`` (zero for ``e = 1``).  Measured velocities get
    independent Gaussian noise of standard deviation ``noise`` (the velocities' own scale is 1).
    The draws are NumPy's, from the JAX PRNG ``key`` (``key=jax.random.key(s)`` draws what
    ``numpy.random.default_rng(s)`` draws).
    """
    n_events = count("n_events", n_events, minimum=1)
    n_bodies = count("n_bodies", n_bodies, minimum=2)
    dim = count("dim", dim, minimum=1)
    if dim > 3:
        raise ValueError(f"dim must be 1, 2 or 3, got {dim}")
    e = real("restitution", restitution)
    if not 0 <= e <= 1:
        raise ValueError(f"restitution must be between 0 and 1, got {e!r}")
    noise = positive_float("noise", noise, allow_zero=True)
    n_hits = max(1, n_bodies - 1) if n_hits is None else count("n_hits", n_hits, minimum=1)
    rng = _rng("key", key)
    m = rng.uniform(0.5, 5.0, size=(n_events, n_bodies))
    v0 = rng.normal(size=(n_events, n_bodies, dim))
    v = v0.copy()
    rows = np.arange(n_events)
    for _ in range(n_hits):
        i = rng.integers(0, n_bodies, size=n_events)
        j = (i + rng.integers(1, n_bodies, size=n_events)) % n_bodies      # j ≠ i
        nhat = rng.normal(size=(n_events, dim))
        nhat /= np.linalg.norm(nhat, axis=1, keepdims=True)
        mi, mj = m[rows, i], m[rows, j]
        u = np.sum((v[rows, i] - v[rows, j]) * nhat, axis=1)
        impulse = -(1 + e) * mi * mj / (mi + mj) * u
        v[rows, i] += (impulse / mi)[:, None] * nhat
        v[rows, j] -= (impulse / mj)[:, None] * nhat
    if noise > 0:
        v0 = v0 + noise * rng.normal(size=v0.shape)
        v = v + noise * rng.normal(size=v.shape)
    return Collisions(m, v0, v, e, noise)


_AXES = "xyz"


def _features(m, v):
    """Feature library of one time slice: momenta, kinetic energies, velocities (decoy), speeds (decoy)."""
    n, d = v.shape[1], v.shape[2]
    sub = (lambda i, k: f"{i + 1}{_AXES[k]}") if d > 1 else (lambda i, k: f"{i + 1}")
    cols, names = [], []
    for i in range(n):
        for k in range(d):
            cols.append(m[:, i] * v[:, i, k])
            names.append(f"p{sub(i, k)}")
    for i in range(n):
        cols.append(0.5 * m[:, i] * np.sum(v[:, i] ** 2, axis=1))
        names.append(f"K{i + 1}")
    for i in range(n):
        for k in range(d):
            cols.append(v[:, i, k])
            names.append(f"v{sub(i, k)}")
    for i in range(n):
        cols.append(np.linalg.norm(v[:, i], axis=1))
        names.append(f"|v{i + 1}|")
    return np.column_stack(cols), names


@dataclass(frozen=True)
class FeatureChanges:
    """The matrix ``A`` of feature changes (one row per event) and the names of its columns."""

    A: np.ndarray
    names: tuple


def feature_changes(collisions):
    """The matrix ``A`` of feature changes ``Δφ = φ(after) − φ(before)``, one row per event, and the
    feature names, as a :class:`FeatureChanges`.

    Features, per body ``i``: momentum components ``p_i = m_i v_i``, kinetic energy
    ``K_i = ½ m_i |v_i|²``, and two decoys that no law conserves, the velocity components
    ``v_i`` and the speed ``|v_i|``.
    """
    if not isinstance(collisions, Collisions):
        raise TypeError(f"collisions must be a Collisions (from simulate_collisions), got {type(collisions).__name__}")
    before, names = _features(collisions.masses, collisions.v_before)
    after, _ = _features(collisions.masses, collisions.v_after)
    return FeatureChanges(after - before, tuple(names))


# --------------------------------------------------------------------------- #
# Null space and sparse laws
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class NullSpace:
    """Numerical null space of ``A``.

    ``basis`` (F, k): unit columns in the original feature coordinates spanning the null space;
    ``singular_values``: of the column-normalised ``A``, descending; ``tol``: the threshold
    (geometric mean of the two singular values around the largest gap); ``gap``: the largest ratio
    ``s_k / s_{k+1}`` (reported even when it is below ``min_gap`` and no law is claimed);
    ``scale``: the column norms used.
    """

    basis: np.ndarray
    singular_values: np.ndarray
    tol: float
    gap: float
    scale: np.ndarray
    _scaled_basis: np.ndarray
    _support_threshold: float

    @property
    def dim(self):
        return self.basis.shape[1]


def _matrix(A):
    A = finite_array("A", A, ndim=2)
    if A.shape[0] == 0 or A.shape[1] == 0:
        raise ValueError(f"A must have at least one row and one column, got shape {A.shape}")
    return A


def null_space(A, tol=None, min_gap=10.0):
    """Null space of ``A`` by SVD, the rank decided by the largest gap in the singular values.

    Columns of ``A`` are first scaled to unit norm, so that features in different units are
    comparable (a null vector ``c'`` of the scaled matrix is ``c = c' / scale``).  With singular
    values ``s_1 ≥ … ≥ s_F`` (zeros counted for ``F`` > rows), the largest ratio
    ``s_k / s_{k+1}`` marks the rank: exact laws give a gap of ~1e15, measurement noise shrinks
    it.  The gap is accepted if it exceeds ``min_gap`` (default: one decade); the tolerance is
    the geometric mean ``√(s_k s_{k+1})``.  Pass ``tol`` to override the gap rule.
    """
    A = _matrix(A)
    min_gap = positive_float("min_gap", min_gap)
    if min_gap <= 1:
        raise ValueError(f"min_gap must be > 1, got {min_gap!r}")
    scale = np.linalg.norm(A, axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    As = A / scale
    _, s, vt = np.linalg.svd(As, full_matrices=True)
    F = As.shape[1]
    s = np.concatenate([s, np.zeros(F - s.size)])
    floor = np.finfo(float).eps * max(As.shape) * max(s[0], 1.0)
    sf = np.maximum(s, floor)
    ratios = sf[:-1] / sf[1:] if F > 1 else np.array([sf[0] / floor])
    i = int(np.argmax(ratios))
    gap = float(ratios[i])
    if tol is None:
        if s[0] <= floor:                          # A is zero: every feature is conserved
            k, tol = 0, float(floor)
        elif F == 1:                               # one column: null only if it vanishes
            k, tol = 1, float(floor)
        elif gap >= min_gap:
            k, tol = i + 1, float(np.sqrt(sf[i] * sf[i + 1]))
        else:                                      # no clear gap: no law can be claimed
            k, tol = F, float(floor)
    else:
        tol = positive_float("tol", tol)
        k = int(np.sum(s > tol))
    scaled = vt[k:].T                                   # (F, F − k), orthonormal
    basis = scaled / scale[:, None]
    basis = basis / np.linalg.norm(basis, axis=0, keepdims=True) if basis.size else basis
    # entries of a null vector below this fraction of its largest entry are noise (first-order
    # perturbation theory: a null vector moves by about s_null / s_nonnull)
    thr = float(np.sqrt(sf[k] / sf[k - 1])) if 0 < k < F else 1e-8
    return NullSpace(basis, s, tol, gap, scale, scaled, max(thr, 1e-8))


@dataclass(frozen=True)
class SparseLaw:
    """A conservation law ``c`` (original feature coordinates, largest entry +1), its support and residual.

    ``residual`` is ``‖A c‖ / (‖A‖₂ ‖c‖)`` computed on the column-normalised ``A``: zero for an
    exact law, at the noise level for a measured one.
    """

    vector: np.ndarray
    support: tuple
    residual: float


def _law_on_support(As, scale, support):
    """The best null vector of the scaled matrix restricted to ``support`` (smallest right singular vector)."""
    sub = As[:, list(support)]
    _, s, vt = np.linalg.svd(sub, full_matrices=True)
    s_min = s[-1] if s.size == len(support) else 0.0
    cs = np.zeros(As.shape[1])
    cs[list(support)] = vt[-1]
    c = cs / scale
    c = c / c[np.argmax(np.abs(c))]
    return SparseLaw(c, tuple(int(i) for i in support), float(s_min / np.linalg.norm(As, 2)))


def _lp_candidates(ns, As):
    """For every feature j: minimise ‖N w‖₁ subject to (N w)_j = 1, with N the scaled null basis."""
    N = ns._scaled_basis
    F, k = N.shape
    found = {}
    # variables [w (k), t (F)]: minimise Σ t subject to −t ≤ N w ≤ t and N_j w = 1
    cost = np.concatenate([np.zeros(k), np.ones(F)])
    A_ub = np.block([[N, -np.eye(F)], [-N, -np.eye(F)]])
    b_ub = np.zeros(2 * F)
    for j in range(F):
        if np.linalg.norm(N[j]) < 1e-12:
            continue
        A_eq = np.concatenate([N[j], np.zeros(F)])[None]
        res = scipy.optimize.linprog(cost, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1.0],
                                     bounds=[(None, None)] * k + [(0, None)] * F, method="highs")
        if res.status != 0:
            continue
        c = N @ res.x[:k]
        support = tuple(np.flatnonzero(np.abs(c) > ns._support_threshold * np.abs(c).max()))
        if support not in found:
            found[support] = _law_on_support(As, ns.scale, support)
    return sorted(found.values(), key=lambda law: (len(law.support), law.support))


def sparsest_null_vector(A, tol=None, method="lp", max_support=6):
    """The sparsest vector ``c`` with ``A c ≈ 0``: the simplest conservation law in the data.

    ``method="lp"``: the L1 relaxation.  In the numerical null space ``c = N w``
    (:func:`null_space`), solve for every feature ``j`` the linear program

        minimise ‖N w‖₁  subject to  (N w)_j = 1        (scipy.optimize.linprog, HiGHS)

    and keep the sparsest solution; entries below the noise threshold count as zero.
    ``method="enumerate"``: try every support of size 1, 2, … ``max_support`` and return the first
    whose columns have a singular value below the null-space tolerance (exact, exponential cost).
    Both polish the answer to the best null vector on its support; ties go to the support that
    comes first in feature order.  Raises ``ValueError`` if ``A`` has no null space.
    """
    A = _matrix(A)
    if method not in ("lp", "enumerate"):
        raise ValueError(f"method must be 'lp' or 'enumerate', got {method!r}")
    max_support = count("max_support", max_support, minimum=1)
    ns = null_space(A, tol=tol)
    if ns.dim == 0:
        raise ValueError("A has no null space at this tolerance: no conservation law in the data "
                         f"(largest singular-value gap {ns.gap:.3g})")
    As = A / ns.scale
    if method == "lp":
        return _lp_candidates(ns, As)[0]
    for size in range(1, min(max_support, A.shape[1]) + 1):
        for support in itertools.combinations(range(A.shape[1]), size):
            s = np.linalg.svd(As[:, list(support)], compute_uv=False)
            s_min = s[-1] if s.size == size else 0.0
            if s_min < ns.tol:
                return _law_on_support(As, ns.scale, support)
    raise ValueError(f"no conservation law with at most max_support={max_support} features; "
                     "raise max_support or use method='lp'")


def conservation_laws(A, tol=None):
    """A sparse basis of the null space of ``A``: one law per null dimension, sparsest first.

    The candidates are the L1 solutions of :func:`sparsest_null_vector` (one per feature); they
    are taken in order of support size and kept when they add a new direction.  If the
    candidates do not span the null space, the rest is completed by null-space basis vectors
    (dense: no sparse law was found for them).
    """
    A = _matrix(A)
    return _sparse_basis(A, null_space(A, tol=tol))


def _sparse_basis(A, ns):
    if ns.dim == 0:
        return []
    As = A / ns.scale
    chosen = []
    for law in _lp_candidates(ns, As):
        trial = np.column_stack([c.vector * ns.scale for c in chosen] + [law.vector * ns.scale])
        if np.linalg.matrix_rank(trial, tol=1e-6 * np.abs(trial).max()) == len(chosen) + 1:
            chosen.append(law)
        if len(chosen) == ns.dim:
            break
    for col in ns.basis.T:
        if len(chosen) == ns.dim:
            break
        trial = np.column_stack([c.vector * ns.scale for c in chosen] + [col * ns.scale])
        if np.linalg.matrix_rank(trial, tol=1e-6 * np.abs(trial).max()) == len(chosen) + 1:
            c = col / col[np.argmax(np.abs(col))]
            chosen.append(SparseLaw(c, tuple(np.flatnonzero(np.abs(c) > 1e-8)),
                                    float(np.linalg.norm(As @ (c * ns.scale)) / np.linalg.norm(c * ns.scale)
                                          / np.linalg.norm(As, 2))))
    return chosen


def format_law(law, names, digits=3):
    """A law as readable text, e.g. ``p1 + p2`` or ``K1 + K2 − 0.5 v1``."""
    c = law.vector if isinstance(law, SparseLaw) else np.asarray(law, dtype=float)
    if len(names) != c.size:
        raise ValueError(f"names must have one entry per feature ({c.size}), got {len(names)}")
    terms = []
    for i in np.flatnonzero(np.abs(c) > 1e-8 * np.abs(c).max()):
        coef = float(f"{c[i]:.{digits}g}")
        mag = "" if abs(abs(coef) - 1) < 10 ** -digits else f"{abs(coef):g} "
        sign = "−" if coef < 0 else "+"
        terms.append((sign, f"{mag}{names[i]}"))
    if not terms:
        return "0"
    text = ("−" if terms[0][0] == "−" else "") + terms[0][1]
    return text + "".join(f" {s} {t}" for s, t in terms[1:])


@dataclass(frozen=True)
class DiscoveredLaws:
    """Result of :func:`discover_laws`: the ``collisions``, the feature ``names``, the
    :class:`NullSpace` of their changes and a sparse basis of it, ``laws`` (:class:`SparseLaw`,
    sparsest first; empty when the singular values show no clear gap)."""

    collisions: Collisions
    names: tuple
    null_space: NullSpace
    laws: tuple

    def __str__(self):
        """The laws as text, e.g. ``p1 + p2, K1 + K2`` (:func:`format_law`)."""
        return ", ".join(format_law(law, self.names) for law in self.laws)


def discover_laws(collisions):
    """Chapter 4's pipeline in one call: feature changes ``A`` (:func:`feature_changes`) → null
    space of ``A`` (:func:`null_space`, rank from the largest singular-value gap) → a sparse basis
    of it (:func:`conservation_laws`, vectors ``c`` with ``A c = 0``).  Returns a :class:`DiscoveredLaws`.
    """
    changes = feature_changes(collisions)
    A, names = changes.A, changes.names
    ns = null_space(A)
    return DiscoveredLaws(collisions, tuple(names), ns, tuple(_sparse_basis(A, ns)))


#: Events per data set in chapter 4's explorer.
COLLISION_EVENTS = 200


def collision_laws(restitution, noise=0.0, *, key, n_events=COLLISION_EVENTS):
    """Chapter 4's explorer run: two bodies on a line, restitution ``e`` and velocity noise ``σ``.

    :func:`simulate_collisions` (``n_events`` events, 2 bodies, 1 dimension) then
    :func:`discover_laws`.  Momentum ``p1 + p2`` is conserved for every ``e``; kinetic energy
    ``K1 + K2`` only for ``e = 1`` (each event loses ``½ μ (1 − e²) u²``); noise shrinks the
    singular-value gap as ``1/σ``.  Returns a :class:`DiscoveredLaws`.
    """
    return discover_laws(simulate_collisions(n_events, 2, 1, restitution, noise, key=key))


# --------------------------------------------------------------------------- #
# Kepler's law with the planets' masses
# --------------------------------------------------------------------------- #
#: The Sun's nominal GM (m³/s²), IAU 2015 Resolution B3 (TDB-compatible).
GM_SUN = 1.32712440018e20


@dataclass(frozen=True)
class TwoBodyKepler:
    """Result of :func:`two_body_kepler`.

    ``mass_ratio``: the mass added to the central mass ``M`` for each orbit, in units of ``M``
    (the orbiting body's own, plus the bodies inside its orbit if asked); ``period``: the periods
    a test mass around ``M`` alone would have, ``P √(1 + mass_ratio)``; ``fit``: the free power
    law of those periods against ``a`` (:func:`fit_power_law`); ``central``: ``GM`` of the central
    body alone with the exponent fixed at 3/2 (:func:`kepler_mass`).
    """

    mass_ratio: np.ndarray
    period: np.ndarray
    fit: PowerLawFit
    central: KeplerMass


def two_body_kepler(semi_major_axis_m, period_s, mass_ratio, *, interior=False):
    """Chapter 4: Kepler's third law with the orbiting masses, ``P² = 4π² a³ / (G (M + m_eff))``.

    ``mass_ratio`` is each body's mass in units of the central mass, ``m/M`` (the planets' IAU
    values are in ``load_orbits("planets").extra["mass_ratio"]`` as ``M/m``).  With
    ``interior=False`` the added mass is the body's own (the exact two-body law); with
    ``interior=True`` the masses of all bodies on smaller orbits are added as well, as if they sat
    at the centre (the monopole of the inner bodies, averaged over their orbits).  Since
    ``ln P = ln 2π + 3/2 ln a − ½ ln(GM) − ½ ln(1 + m_eff/M)``, the corrected periods
    ``P √(1 + m_eff/M)`` obey the test-mass law around ``M`` alone; they are fitted with a free
    exponent and, with the exponent fixed at 3/2, give ``GM`` of the central body alone.
    Returns a :class:`TwoBodyKepler`.
    """
    a, P = _positive_pair(semi_major_axis_m, period_s)
    mu = finite_array("mass_ratio", mass_ratio, ndim=1)
    if mu.shape != a.shape:
        raise ValueError(f"mass_ratio must have one entry per orbit ({a.size}), got {mu.size}")
    if np.any(mu < 0):
        raise ValueError(f"mass_ratio must be >= 0, got {mu.min()!r}")
    if not isinstance(interior, bool):
        raise TypeError(f"interior must be True or False, got {interior!r}")
    eff = mu.copy()
    if interior:
        eff = eff + np.array([mu[a < ai].sum() for ai in a])
    Pc = P * np.sqrt(1 + eff)
    return TwoBodyKepler(eff, Pc, fit_power_law(a, Pc), kepler_mass(a, Pc))


# --------------------------------------------------------------------------- #
# Symbolic regression: an exhaustive search over expressions
# --------------------------------------------------------------------------- #
def _sym_pow(p):
    return lambda e: e**p


#: unary operators: (numeric, dimension map or None for "argument must be dimensionless", SymPy)
_UNARY = {
    "inv": (lambda v: 1.0 / v, lambda d: -d, _sym_pow(-1)),
    "sqrt": (np.sqrt, lambda d: d / 2, lambda e: _sympy().sqrt(e)),
    "square": (np.square, lambda d: 2 * d, _sym_pow(2)),
    "cube": (lambda v: v * v * v, lambda d: 3 * d, _sym_pow(3)),
    "log": (np.log, None, lambda e: _sympy().log(e)),
    "exp": (np.exp, None, lambda e: _sympy().exp(e)),
}
#: binary operators: (numeric, dimension rule, SymPy, commutative)
_BINARY = {
    "+": (np.add, "same", lambda a, b: a + b, True),
    "-": (np.subtract, "same", lambda a, b: a - b, False),
    "*": (np.multiply, "add", lambda a, b: a * b, True),
    "/": (np.divide, "sub", lambda a, b: a / b, False),
}
#: The default operators of :func:`search_expressions`.
OPERATORS = ("+", "-", "*", "/", "inv", "sqrt", "square", "cube", "log", "exp")
#: Relative errors below this are round-off; they count as equal on the Pareto front.
ERROR_FLOOR = 1e-12


def _sympy():
    import sympy
    return sympy


@dataclass(frozen=True)
class ExpressionCandidate:
    """One law ``target ≈ constant · expression`` found by :func:`search_expressions`.

    ``expression`` is a SymPy expression of the variables (positive symbols named as the keys of
    ``variables``); ``complexity`` the number of nodes of its tree (a variable or an operator
    counts 1); ``error`` the root-mean-square relative error, ``rms ln(target / (constant ·
    expression))``; ``constant`` the fitted factor (its dimension is ``constant_units``).
    """

    expression: object
    complexity: int
    error: float
    constant: float

    def predict(self, variables):
        """``constant · expression`` evaluated on a mapping of variable names to arrays."""
        sp = _sympy()
        names = sorted(str(s) for s in self.expression.free_symbols)
        f = sp.lambdify([sp.Symbol(n, positive=True) for n in names], self.expression, "numpy")
        return self.constant * np.asarray(f(*[np.asarray(variables[n], dtype=float) for n in names]), dtype=float)


@dataclass(frozen=True)
class ExpressionFront:
    """Result of :func:`search_expressions`: the Pareto front of complexity against error.

    ``candidates``: the front, simplest first, each more accurate than every simpler expression
    (iterate over the result, or index it, to get them); ``knee``: the member with the largest
    drop in ``ln error`` per unit of complexity (measured from the constant law ``target = C``
    for the first member); ``baseline_error``: the error of that constant law;
    ``complexities``, ``errors``: those of every distinct admissible expression evaluated (to
    check the front); ``n_expressions``: distinct expressions built, admissible or not.
    """

    candidates: tuple
    knee: ExpressionCandidate
    baseline_error: float
    complexities: np.ndarray
    errors: np.ndarray
    n_expressions: int

    def __iter__(self):
        return iter(self.candidates)

    def __len__(self):
        return len(self.candidates)

    def __getitem__(self, i):
        return self.candidates[i]


def _dims(name, units, base):
    if not isinstance(units, dict):
        raise TypeError(f"{name} must be a dict of base dimension -> exponent, got {type(units).__name__}")
    out = []
    for b in base:
        v = units.get(b, 0)
        if isinstance(v, bool) or not isinstance(v, (int, float)) and not hasattr(v, "numerator"):
            raise TypeError(f"{name}[{b!r}] must be a number, got {v!r}")
        out.append(float(v))
    return np.array(out)


class _Level:
    """The distinct expressions of one complexity: values (n, N), dimensions (n, B) and recipes."""

    def __init__(self, values, dims, recipes):
        self.values, self.dims, self.recipes = values, dims, recipes

    def __len__(self):
        return len(self.recipes)


def search_expressions(variables, target, *, units=None, target_units=None, constant_units=None,
                       operators=OPERATORS, max_complexity=7):
    """Chapter 4's symbolic regression: every expression up to a size, ranked by error and size.

    The laws sought are ``target = C f(variables)`` with one fitted constant ``C``.  The search
    builds every expression tree ``f`` over the variables with the ``operators`` (binary ``+ − × ÷``;
    unary ``inv`` = x⁻¹, ``sqrt``, ``square``, ``cube``, ``log``, ``exp``), level by level in
    complexity (number of nodes) up to ``max_complexity``.  Expressions equal on the data up to a
    constant factor are kept once (the simplest, the first built; compared by their values
    normalised to the largest one and rounded to 9 decimals); constants (``a/a``), non-finite
    values and ``sqrt``/``log`` of negative values are dropped.
    For each ``f`` of one sign on the data the constant is fitted in closed form by least squares
    in log space, ``ln C = mean(ln y − ln|f|)``, and the error is the rms deviation in logs
    ``rms(ln y − ln C − ln|f|)`` (the relative deviation when small); the Pareto front keeps each
    expression more accurate than every simpler one (errors below ``ERROR_FLOOR`` tie).

    Dimensional analysis: ``units`` maps every variable to its dimension, a dict of base
    dimension to exponent (``{"m": 1, "s": -2}``), ``target_units`` gives the target's, and
    ``constant_units`` the constant's (default dimensionless, so every dimensional constant of the
    law must be among the variables).  Sums, differences, ``log`` and ``exp`` of mismatched or
    dimensional arguments are never built, and only ``f`` with the dimension of
    ``target / constant`` are fitted.  The target must be positive.  Returns an
    :class:`ExpressionFront`; its ``knee`` is the usual choice of "the" law.
    """
    if not isinstance(variables, dict) or not variables:
        raise TypeError(f"variables must be a non-empty dict of name -> array, got {type(variables).__name__}")
    names = list(variables)
    for n in names:
        if not isinstance(n, str) or not n.isidentifier():
            raise ValueError(f"variables must be named by identifiers, got {n!r}")
    y = finite_array("target", target, ndim=1)
    if y.size < 2:
        raise ValueError(f"target needs at least 2 samples, got {y.size}")
    if np.any(y <= 0):
        raise ValueError(f"target must be positive, got target[{int(np.argmin(y))}] = {y.min()!r}")
    X = []
    for n in names:
        x = finite_array(f"variables[{n!r}]", variables[n], ndim=1)
        if x.shape != y.shape:
            raise ValueError(f"variables[{n!r}] must have one value per target sample ({y.size}), got {x.size}")
        X.append(x)
    X = np.array(X)
    if isinstance(operators, str) or not all(op in _UNARY or op in _BINARY for op in operators):
        raise ValueError(f"operators must be a sequence drawn from {OPERATORS}, got {operators!r}")
    max_complexity = count("max_complexity", max_complexity, minimum=1)
    if max_complexity > 9:
        raise ValueError(f"max_complexity must be <= 9 (the search is exhaustive), got {max_complexity}")
    if units is None:
        if target_units is not None or constant_units is not None:
            raise ValueError("target_units and constant_units need units for the variables")
        base, dims, tdim = [], np.zeros((len(names), 0)), np.zeros(0)
    else:
        if not isinstance(units, dict):
            raise TypeError(f"units must be a dict of variable name -> dimension, got {type(units).__name__}")
        missing = [n for n in names if n not in units]
        if missing:
            raise ValueError(f"units must give a dimension for every variable, missing {missing}")
        target_units = {} if target_units is None else target_units
        constant_units = {} if constant_units is None else constant_units
        base = sorted({str(b) for n in names for b in units[n]} | set(target_units) | set(constant_units))
        dims = np.array([_dims(f"units[{n!r}]", units[n], base) for n in names]).reshape(len(names), len(base))
        tdim = _dims("target_units", target_units, base) - _dims("constant_units", constant_units, base)

    seen = set()
    levels = {}
    N = y.size

    def admit(values, dms, recipes):
        with np.errstate(all="ignore"):
            ok = np.all(np.isfinite(values), axis=1)
            values, dms, recipes = values[ok], dms[ok], recipes[ok]
            big = np.abs(values).max(axis=1)
            ok = (big > 0) & (np.ptp(values, axis=1) > 1e-9 * big)
            values, dms, recipes = values[ok], dms[ok], recipes[ok]
            pivot = values[np.arange(len(values)), np.argmax(np.abs(values), axis=1)]
            prints = np.round(values / pivot[:, None], 9) + 0.0          # + 0.0: no negative zeros
        keep = []
        for i, fp in enumerate(prints):
            b = fp.tobytes()
            if b not in seen:
                seen.add(b)
                keep.append(i)
        keep = np.array(keep, dtype=int)
        return _Level(values[keep], dms[keep], recipes[keep])

    # a recipe is (op index, left level, left index, right level, right index); variables are op −1
    ops = list(operators)
    levels[1] = admit(X, dims, np.array([(-1, i, 0, 0, 0) for i in range(len(names))]))
    for k in range(2, max_complexity + 1):
        vals, dms, recs = [], [], []
        prev = levels[k - 1]
        with np.errstate(all="ignore"):
            for o, op in enumerate(ops):
                if op not in _UNARY or not len(prev):
                    continue
                f, fd, _ = _UNARY[op]
                idx = np.arange(len(prev)) if fd is not None else np.flatnonzero(np.all(prev.dims == 0, axis=1))
                if fd is None and op == "log":
                    idx = idx[np.all(prev.values[idx] > 0, axis=1)]
                if op == "sqrt":
                    idx = idx[np.all(prev.values[idx] >= 0, axis=1)]
                vals.append(f(prev.values[idx]))
                dms.append(prev.dims[idx] if fd is None else fd(prev.dims[idx]))
                recs.append(np.column_stack([np.full(idx.size, o), np.full(idx.size, k - 1), idx,
                                             np.zeros(idx.size, int), np.zeros(idx.size, int)]))
            for i in range(1, k - 1):
                j = k - 1 - i
                L, R = levels[i], levels[j]
                if not len(L) or not len(R):
                    continue
                p0, q0 = (g.ravel() for g in np.meshgrid(np.arange(len(L)), np.arange(len(R)), indexing="ij"))
                for o, op in enumerate(ops):
                    if op not in _BINARY:
                        continue
                    f, rule, _, comm = _BINARY[op]
                    if comm and i > j:
                        continue
                    p, q = p0, q0
                    if comm and i == j:
                        p, q = p[p <= q], q[p <= q]
                    if rule == "same":
                        m = np.all(np.abs(L.dims[p] - R.dims[q]) < 1e-9, axis=1)
                        p, q = p[m], q[m]
                        d = L.dims[p]
                    else:
                        d = L.dims[p] + R.dims[q] if rule == "add" else L.dims[p] - R.dims[q]
                    vals.append(f(L.values[p], R.values[q]))
                    dms.append(d)
                    recs.append(np.column_stack([np.full(p.size, o), np.full(p.size, i), p,
                                                 np.full(p.size, j), q]))
        if recs:
            rows = sum(len(r) for r in recs)
            levels[k] = admit(np.concatenate(vals).reshape(rows, N), np.concatenate(dms).reshape(rows, len(base)),
                              np.concatenate(recs).reshape(rows, 5))
        else:
            levels[k] = _Level(np.zeros((0, N)), np.zeros((0, len(base))), np.zeros((0, 5), int))

    ly = np.log(y)
    comp, err, logc, where = [], [], [], []
    for k, lev in levels.items():
        if not len(lev):
            continue
        ok = np.all(np.abs(lev.dims - tdim) < 1e-9, axis=1)
        ok &= np.all(lev.values > 0, axis=1) | np.all(lev.values < 0, axis=1)
        idx = np.flatnonzero(ok)
        r = ly - np.log(np.abs(lev.values[idx]))
        mean = r.mean(axis=1)
        comp.append(np.full(idx.size, k))
        err.append(np.sqrt(np.mean((r - mean[:, None]) ** 2, axis=1)))
        logc.append(mean * 1.0)
        where += [(k, i, np.sign(lev.values[i, 0])) for i in idx]
    comp = np.concatenate(comp) if comp else np.zeros(0, int)
    err = np.concatenate(err) if err else np.zeros(0)
    logc = np.concatenate(logc) if logc else np.zeros(0)
    if not comp.size:
        raise ValueError("no expression up to max_complexity has the dimension of the target "
                         "(a dimensional constant of the law may be missing from the variables)")

    sp = _sympy()
    symbols = [sp.Symbol(n, positive=True) for n in names]

    def tree(k, i):
        o, li, lj, ri, rj = levels[k].recipes[i]
        if o < 0:
            return symbols[li]
        op = ops[o]
        if op in _UNARY:
            return _UNARY[op][2](tree(li, lj))
        return _BINARY[op][2](tree(li, lj), tree(ri, rj))

    front, best = [], np.inf
    for n in np.lexsort((err, comp)):
        e = max(err[n], ERROR_FLOOR)
        if e < best * (1 - 1e-6):
            best = e
            k, i, sign = where[n]
            front.append(ExpressionCandidate(tree(k, i), int(comp[n]), float(err[n]),
                                             float(sign * np.exp(logc[n]))))
    base_err = float(np.std(ly))
    prev_e, prev_c, scores = max(base_err, ERROR_FLOOR), 0, []
    for c in front:
        e = max(c.error, ERROR_FLOOR)
        scores.append(np.log(prev_e / e) / (c.complexity - prev_c))
        prev_e, prev_c = e, c.complexity
    knee = front[int(np.argmax(scores))]
    return ExpressionFront(tuple(front), knee, base_err, comp, err,
                           int(sum(len(lev) for lev in levels.values())))
