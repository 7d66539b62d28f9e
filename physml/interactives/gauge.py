"""Explorer of chapter 9 (gauge equivariance on the lattice): Monte Carlo plaquettes and Wilson loops
across the coupling β, against the exact two-dimensional results.

:func:`beta_scan` runs the heat bath of :func:`physml.gauge.sample_links` over a grid of couplings and
measures, per β, the average plaquette, the ``r × t`` Wilson loops (:func:`wilson_loops`, a batched
twin of :func:`physml.gauge.wilson_loop`) and, for U(1), the topological charge of every
configuration (:func:`physml.gauge.topological_charge`).  The scan is computed once per session
(``functools.cache``); the explorer :func:`area_law` only looks it up, so a redraw is a
few milliseconds.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from .. import gauge as G
from ..widgets import Control, Explorer, Panel, Series, explorer, sci

#: The couplings of the scan (the website's slider positions).
BETAS = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)
#: The rectangular loops measured, ``(r, t)`` with ``r ≤ t ≤ 4``: areas 1 to 16.
LOOP_SIZES = ((1, 1), (1, 2), (1, 3), (2, 2), (1, 4), (2, 3), (2, 4), (3, 3), (3, 4), (4, 4))
#: Lattice size ``L`` and Monte Carlo settings of the scan (4 chains of 100 configurations after 20
#: sweeps from a hot start).
SCAN = dict(L=8, n_chains=4, n_samples=100, n_therm=20)
#: The field ``configs`` of a :class:`BetaScan` keeps one configuration in this many of each chain.
KEEP_EVERY = 25
_GROUP_NAMES = {"su2": "SU(2)", "u1": "U(1)"}
_EXACT_NAME = {"su2": "I₂(β)/I₁(β)", "u1": "I₁(β)/I₀(β)"}
_FLOOR = 1e-4


# ------------------------------------------------------------------------------------------ measurements

def _as_matrices(links):
    """A batch of links ``(B, 2, L, L)`` (U(1)) or ``(B, 2, L, L, 2, 2)`` (SU(2)) as matrices ``(B, 2, L, L, N, N)``."""
    return links[..., None, None] if links.ndim == 4 else links


def _dagger(a):
    return jnp.conj(jnp.swapaxes(a, -1, -2))


def _line(U, axis, n):
    """``U(x) U(x+μ̂) ⋯ U(x+(n−1)μ̂)`` for a field ``U`` of shape ``(B, L, L, N, N)``, ``μ`` the lattice ``axis``."""
    out = U
    for k in range(1, n):
        out = out @ jnp.roll(U, -k, axis=axis)
    return out


def _loop_trace(U0, U1, r, t):
    """``(1/N) Re tr`` of the ``r × t`` loop at every site: ``r`` steps along 0̂, ``t`` along 1̂, back."""
    A, B = _line(U0, 1, r), _line(U1, 2, t)
    W = A @ jnp.roll(B, -r, axis=1) @ _dagger(jnp.roll(A, -t, axis=2)) @ _dagger(B)
    return jnp.real(jnp.trace(W, axis1=-2, axis2=-1)) / W.shape[-1]


@partial(jax.jit, static_argnames=("sizes",))
def _loops(links, sizes):
    U0, U1 = links[:, 0], links[:, 1]
    out = []
    for r, t in sizes:
        w = jnp.mean(_loop_trace(U0, U1, r, t), axis=(1, 2))
        if r != t:
            w = 0.5 * (w + jnp.mean(_loop_trace(U0, U1, t, r), axis=(1, 2)))
        out.append(w)
    return jnp.stack(out, axis=-1)


def wilson_loops(links, sizes=LOOP_SIZES):
    r"""The lattice averages of ``(1/N) Re tr W`` of the ``r × t`` Wilson loops, for a batch of configurations.

    ``links`` has shape ``(B, 2, L, L)`` (U(1)) or ``(B, 2, L, L, 2, 2)`` (SU(2)); returns ``(B, len(sizes))``,
    entry ``[b, i]`` equal to :func:`physml.gauge.wilson_loop` ``(links[b], *sizes[i])`` (both orientations
    averaged when ``r ≠ t``), in one compiled call instead of one per configuration and loop.
    """
    links = jnp.asarray(links)
    if links.ndim not in (4, 6) or links.shape[1] != 2:
        raise ValueError(f"links must have shape (B, 2, L, L) or (B, 2, L, L, 2, 2), got {links.shape}")
    sizes = tuple((int(r), int(t)) for r, t in sizes)
    L = links.shape[2]
    if any(min(r, t) < 1 or max(r, t) > L for r, t in sizes):
        raise ValueError(f"sizes must hold loops (r, t) with 1 <= r, t <= L = {L}, got {sizes}")
    return np.asarray(_loops(_as_matrices(links), sizes))


def _blocked_error(x, n_blocks=5):
    """Standard error of the mean of ``x`` (chains, samples, ...) from the means of ``n_blocks`` blocks per chain."""
    c, s = x.shape[:2]
    blocks = x[:, : s - s % n_blocks].reshape((c * n_blocks, s // n_blocks) + x.shape[2:]).mean(axis=1)
    return blocks.std(axis=0, ddof=1) / np.sqrt(blocks.shape[0])


@dataclass(frozen=True)
class BetaScan:
    """Monte Carlo measurements over couplings (:func:`beta_scan`).

    ``plaquette``, ``plaquette_error``: per β, the mean of ``(1/N) Re tr U_P`` over all sweeps after
    thermalisation and its blocked standard error; ``history``: the plaquette after every sweep,
    ``(len(betas), n_chains, n_therm + n_samples)`` (hot start); ``loops``, ``loop_errors``:
    ``(len(betas), len(sizes))``; ``charge``: U(1) topological charges ``(len(betas), n_chains,
    n_samples)`` (``None`` for SU(2)); ``configs``: every :data:`KEEP_EVERY`-th configuration of every
    chain, ``(len(betas), n_chains · n_samples / KEEP_EVERY, 2, L, L[, 2, 2])``, 25 sweeps apart and so
    independent (chapter 9 trains its networks on them).
    """

    group: str
    L: int
    betas: tuple
    sizes: tuple
    plaquette: np.ndarray
    plaquette_error: np.ndarray
    history: np.ndarray
    loops: np.ndarray
    loop_errors: np.ndarray
    charge: np.ndarray | None
    n_therm: int
    configs: np.ndarray | None = None

    @property
    def areas(self):
        return np.array([r * t for r, t in self.sizes])

    def index(self, beta):
        for i, b in enumerate(self.betas):
            if abs(b - float(beta)) < 1e-9:
                return i
        raise ValueError(f"beta must be one of the scan's couplings {self.betas}, got {beta!r}")


@functools.cache
def beta_scan(group="su2", betas=BETAS, sizes=LOOP_SIZES, seed=0, sampler=None):
    """Heat-bath configurations at every β of ``betas`` (:data:`SCAN`: an ``8 × 8`` lattice, 4 chains of 100
    configurations after 20 sweeps from a hot start) and their measurements, a :class:`BetaScan`.

    ``sampler`` is :func:`physml.gauge.sample_links` (``None``) or any function with its signature and
    result (:class:`physml.gauge.LinkSamples`), e.g. chapter 9's NumPy heat bath for U(1).  One
    compilation per group serves every β (β is traced in :func:`physml.gauge.sample_links`); cached."""
    sampler = G.sample_links if sampler is None else sampler
    L, n_chains, n_samples, n_therm = SCAN["L"], SCAN["n_chains"], SCAN["n_samples"], SCAN["n_therm"]
    rows = []
    for i, beta in enumerate(betas):
        s = sampler(L, beta, group, n_samples, key=jax.random.key(1000 * seed + i), n_therm=n_therm,
                    n_chains=n_chains)
        flat = s.links.reshape((n_chains * n_samples,) + s.links.shape[2:])
        w = wilson_loops(flat, sizes).reshape(n_chains, n_samples, len(sizes))
        after = s.plaquette[:, n_therm:]
        kept = np.asarray(s.links[:, KEEP_EVERY - 1::KEEP_EVERY])
        rows.append((after.mean(), _blocked_error(after), s.plaquette, w.mean(axis=(0, 1)), _blocked_error(w),
                     G.topological_charge(s.links) if group == "u1" else None,
                     kept.reshape((-1,) + kept.shape[2:])))
    col = list(zip(*rows))
    return BetaScan(group, L, tuple(betas), tuple(sizes), np.array(col[0]), np.array(col[1]), np.array(col[2]),
                    np.array(col[3]), np.array(col[4]), np.array(col[5]) if group == "u1" else None, n_therm,
                    np.array(col[6]))


# ------------------------------------------------------------------------------------------------ explorer

_BETA_FINE = np.linspace(0.25, 8.5, 67)
_AREA_FINE = np.linspace(0.0, 17.0, 35)


@dataclass(frozen=True)
class _View:
    scan: BetaScan
    i: int

    @property
    def beta(self):
        return self.scan.betas[self.i]

    @property
    def exact(self):
        return G.exact_plaquette(self.beta, self.scan.group)

    @property
    def sigma(self):
        return G.string_tension(self.beta, self.scan.group)

    @property
    def noise(self):
        """Twice the typical statistical error of a loop: below it a measured loop is noise."""
        return 2.0 * float(np.median(self.scan.loop_errors[self.i]))

    @property
    def fitted_sigma(self):
        """The slope of −ln W against area over the loops at least 5 statistical errors above zero (a fit
        through the origin, ``W = e^{−σA}``), ``nan`` when fewer than two loops qualify."""
        w, e, a = self.scan.loops[self.i], self.scan.loop_errors[self.i], self.scan.areas
        ok = w > 5 * e
        if ok.sum() < 2:
            return float("nan")
        y = -np.log(w[ok])
        return float(np.sum(a[ok] * y) / np.sum(a[ok] ** 2))


def _status(v):
    s, i = v.scan, v.i
    fit = "too few loops above the noise" if not np.isfinite(v.fitted_sigma) else f"{v.fitted_sigma:.2f}"
    return (f"{_GROUP_NAMES[s.group]} at β = {v.beta:g}, {s.L}×{s.L} lattice: plaquette {s.plaquette[i]:.3f} "
            f"± {s.plaquette_error[i]:.3f} (Monte Carlo) vs exact {_EXACT_NAME[s.group]} = {v.exact:.3f}; "
            f"string tension σ = −ln⟨plaquette⟩ = {v.sigma:.2f}, slope of −ln W against the area "
            f"(loops above the noise): {fit}; noise level of a loop ≈ {sci(v.noise, 1)}")


def _site_status(v):
    s, i = v.scan, v.i
    fit = "–" if not np.isfinite(v.fitted_sigma) else f"{v.fitted_sigma:.2f}"
    return (f"{_GROUP_NAMES[s.group]}, β = {v.beta:g}: plaquette {s.plaquette[i]:.3f} ± {s.plaquette_error[i]:.3f}, "
            f"exact {v.exact:.3f};<br>σ = {v.sigma:.2f} exact, {fit} from the loops")


def _example_scans():
    """Two small hand-made scans (no Monte Carlo): the tests and the benchmark draw with them."""
    def fake(group):
        betas = (1.0, 2.0, 4.0)
        p = np.array([G.exact_plaquette(b, group) for b in betas])
        areas = np.array([r * t for r, t in LOOP_SIZES])
        loops = p[:, None] ** areas[None, :]
        return BetaScan(group, 8, betas, LOOP_SIZES, p, np.full(3, 1e-3), np.tile(p[:, None, None], (1, 2, 5)),
                        loops, np.full(loops.shape, 1e-3), np.zeros((3, 2, 4), int) if group == "u1" else None, 1)
    return {"su2": fake("su2"), "u1": fake("u1")}


@explorer(example=dict(scans=_example_scans(), beta=2.0))
def area_law(scans=None, *, beta=2.0, group="su2"):
    """Chapter 9: coupling β and gauge group -> the Monte Carlo plaquette against the exact 2D curve
    (left) and the Wilson loops against their area with the area law ``e^{−σA}`` (right, logarithmic).

    ``scans`` maps ``"su2"`` and ``"u1"`` to a :class:`BetaScan` (``None``: :func:`beta_scan` of both
    groups, about 15 s once per session).  The website slides β for SU(2)."""
    if scans is None:
        scans = {g: beta_scan(g) for g in ("su2", "u1")}
    betas = scans["su2"].betas
    exact = {g: np.array([G.exact_plaquette(b, g) for b in _BETA_FINE]) for g in scans}

    def compute(beta, group):
        scan = scans[group]
        return _View(scan, scan.index(beta))

    def draw(v):
        s = v.scan
        return {"exact": (_BETA_FINE, exact[s.group]),
                "mc": (np.array(s.betas), s.plaquette),
                "now": ([v.beta], [s.plaquette[v.i]]),
                "area_law": (_AREA_FINE, np.exp(-v.sigma * _AREA_FINE)),
                "loops": (s.areas, s.loops[v.i]),
                "noise": v.noise}

    return Explorer(
        name="ch09-area-law",
        compute=compute,
        draw=draw,
        status=_status,
        site_status=_site_status,
        controls=(Control("beta", "β", float(beta), kind="options", options=tuple(float(b) for b in betas)),
                  Control("group", "group", group, kind="toggle", options=("su2", "u1"))),
        panels=(Panel("coupling β", "plaquette ⟨(1/N) Re tr U<sub>P</sub>⟩", (0.0, 8.6), (0.0, 1.0),
                      legend="lower right"),
                Panel("loop area A = r t", "Wilson loop ⟨W(r, t)⟩", (0.0, 17.0), (_FLOOR, 1.5), yscale="log",
                      legend="lower left")),
        series=(Series("exact", color="grey", label="exact, infinite volume"),
                Series("mc", style="markers", color="blue", label="Monte Carlo"),
                Series("now", style="markers", color="vermillion", size=9),
                Series("area_law", panel=1, color="grey", dash=True, label="area law e<sup>−σA</sup>"),
                Series("loops", panel=1, style="markers", color="blue", marker="s", floor=_FLOOR,
                       label="measured loops"),
                Series("noise", panel=1, style="hline", color="orange", dash=True, label="2 × statistical error")),
        figsize=(9.0, 3.6),
        height=480,
    )
