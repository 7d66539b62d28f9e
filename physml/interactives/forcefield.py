r"""Explorer of chapter 12 (learned force fields): the time step of velocity Verlet against the energy error,
for a smooth potential and for forces with no energy behind them.

A 64-atom Lennard-Jones liquid (:data:`LIQUID`: density 0.8, temperature about 1, periodic box, cutoff
2.1 σ) is integrated by velocity Verlet for the same time span :data:`T_RUN` at every step of :data:`DTS`,
with two force fields:

* ``"smooth"``: :func:`physml.forcefield.lennard_jones_forces` with the shifted-force cutoff (energy and
  force continuous): a conservative force, so the energy error is velocity Verlet's own, bounded and
  ``O(Δt²)``;
* ``"nonreciprocal"``: the smooth pair forces with a relative error of size ``a`` that differs between the
  force of ``j`` on ``i`` and that of ``i`` on ``j`` (:func:`nonreciprocal_forces`): what a model that predicts
  each atom's force on its own, with no energy behind it, does.  These forces are not the gradient of any
  energy and do not sum to zero, so the energy drifts whatever the step.

Why not a trained direct-force network (:func:`physml.forcefield.fit_direct_force`)?  Measured while this
module was written: trained within this explorer's budget (20 frames of the liquid, 1000–1500 Adam
steps, 5–20 s) its force error is 20–35 % of the force, and its NVE runs blow up within one time unit;
the controlled error ``a`` shows the same mechanism at sizes a good network reaches (0.3–3 %).

:func:`time_step_scan` computes the energy traces once per session (``functools.cache``; a few seconds),
and the explorer :func:`time_step` only looks them up.  The integrator, :func:`nve_run`, is velocity
Verlet as in :func:`physml.forcefield.velocity_verlet` (tested to agree step for step), written with the
step ``Δt`` and the number of steps between saved frames as *traced* arguments, so that one compilation
per force field serves every ``Δt`` (:func:`~physml.forcefield.velocity_verlet` traces ``dt`` too but
compiles once per number of steps: the four steps over one time span would be four compilations).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from .. import forcefield as FF
from ..widgets import Control, Explorer, Layer, Panel, Series, explorer, sci

#: The liquid, 64 atoms from a simple cubic lattice (:func:`physml.forcefield.simple_cubic_lattice`) at
#: density 0.8, Maxwell–Boltzmann velocities at temperature 1, cutoff 2.1 σ (below half the box, 2.15 σ).
LIQUID = dict(n_per_side=4, density=0.8, temperature=1.0, cutoff=2.1, t_melt=3.0)
#: The time steps of the scan (the website's slider positions), in units of σ √(m/ε).
DTS = (0.0025, 0.005, 0.01, 0.02)
#: The relative sizes ``a`` of the non-reciprocal force error (the live figure's second control).
STRENGTHS = (0.003, 0.01, 0.03)
#: The time span of every run and the number of saved frames (the energy is recorded at N_SAVED + 1
#: equally spaced times, the same for every step).
T_RUN, N_SAVED = 5.0, 50
#: The three force fields, in the order of the scan's arrays.
FORCE_NAMES = {"smooth": "a potential (Lennard-Jones)", "nonreciprocal": "no energy behind the forces"}
_COLORS = {"smooth": "blue", "nonreciprocal": "vermillion"}
#: The steps over which :meth:`TimeStepScan.order` fits the exponent: at Δt = 0.02 the step is too close to the
#: period of the fastest collisions for the leading power of Δt to dominate.
ORDER_STEPS = 3


# ------------------------------------------------------------------------------------------------- the liquid

@dataclass(frozen=True)
class Liquid:
    """A melted Lennard-Jones liquid (:func:`liquid`): ``positions``, ``velocities`` ``(64, 3)``, the periodic
    ``box`` side and the ``cutoff``."""

    positions: np.ndarray
    velocities: np.ndarray
    box: float
    cutoff: float

    def energy(self, style="shifted_force"):
        """The Lennard-Jones energy of this box and cutoff, a function of positions (traceable)."""
        return partial(FF.lennard_jones_energy, box=self.box, cutoff=self.cutoff, cutoff_style=style)


@functools.cache
def lennard_jones_field(box, cutoff, style="shifted_force"):
    """:func:`physml.forcefield.lennard_jones_forces` of a box, cutoff and cutoff style as a function of the
    positions: one function object per setting (cached), so that :func:`nve_run` compiles once for it."""
    return partial(FF.lennard_jones_forces, box=box, cutoff=cutoff, cutoff_style=style)


@functools.cache
def liquid():
    """The 64-atom liquid of :data:`LIQUID` (cached; about two seconds): a simple cubic lattice melted for
    ``t_melt`` with Δt = 0.005 and the smooth force, the velocities then rescaled to the temperature
    (zero total momentum) and one more time unit run."""
    lattice = FF.simple_cubic_lattice(LIQUID["n_per_side"], LIQUID["density"])
    n = lattice.positions.shape[0]
    box, cutoff = lattice.box, LIQUID["cutoff"]
    force = lennard_jones_field(box, cutoff)
    v = FF.maxwell_boltzmann_velocities(n, LIQUID["temperature"], key=jax.random.key(12))
    xs, vs = nve_run(force, lattice.positions, v, dt=0.005, t_total=LIQUID["t_melt"], n_saved=20)
    x, v = xs[-1], vs[-1] - vs[-1].mean(axis=0)
    v = v * np.sqrt(LIQUID["temperature"] * 3 * (n - 1) / np.sum(v * v))
    xs, vs = nve_run(force, x, v, dt=0.005, t_total=1.0, n_saved=20)
    return Liquid(positions=xs[-1], velocities=vs[-1], box=box, cutoff=cutoff)


# ------------------------------------------------------------------------------------ forces with no energy

def _pair_force_matrix(x, box, cutoff):
    """``f_ij``, the shifted-force Lennard-Jones force on atom ``i`` from atom ``j`` (minimum image), shape
    ``(N, N, 3)``, zero on the diagonal and beyond the cutoff."""
    d = x[None, :, :] - x[:, None, :]                          # d_ij = x_j − x_i
    d = d - box * jnp.round(d / box)
    n = x.shape[0]
    off = ~jnp.eye(n, dtype=bool)
    r = jnp.sqrt(jnp.where(off, jnp.sum(d * d, axis=-1), 1.0))

    def minus_dv(r):                                            # −dV/dr of V = 4[(1/r)¹² − (1/r)⁶]
        s6 = r ** -6
        return 24.0 * (2.0 * s6 * s6 - s6) / r

    g = jnp.where(off & (r < cutoff), minus_dv(r) - minus_dv(cutoff), 0.0)
    return -(g / r)[..., None] * d


def error_pattern(n_atoms, *, key):
    r"""A fixed antisymmetric matrix ``A`` (``A_ji = −A_ij``, entries ``±1``): the pattern of the non-reciprocal
    error of :func:`nonreciprocal_forces`.  ``key`` is a JAX PRNG key."""
    signs = jnp.where(jax.random.bernoulli(key, 0.5, (n_atoms, n_atoms)), 1.0, -1.0)
    upper = jnp.triu(signs, 1)
    return np.asarray(upper - upper.T)


def nonreciprocal_forces(positions, strength, pattern, *, box, cutoff):
    r"""The shifted-force Lennard-Jones pair forces with a non-reciprocal relative error (chapter 12):

        ``F_i = Σ_{j≠i} (1 + a A_ij) f_ij``,   ``f_ij = −f_ji`` the force of ``j`` on ``i``,

    with ``a = strength`` and ``A = pattern`` antisymmetric (:func:`error_pattern`).  The force of ``j`` on ``i``
    is off by ``+a``, that of ``i`` on ``j`` by ``−a``: Newton's third law fails, ``Σ_i F_i = 2a Σ_{i<j} A_ij f_ij
    ≠ 0``, and ``∂F_i/∂x_j ≠ (∂F_j/∂x_i)ᵀ``, so no energy ``E`` has ``F = −∇E``.  Rotations still rotate the
    forces (every term is central).  At ``a = 0`` these are :func:`physml.forcefield.lennard_jones_forces`
    (shifted force, ``ε = σ = 1``).  Traceable; cubic box of side ``box``.
    """
    f = _pair_force_matrix(positions, box, cutoff)
    return jnp.sum((1.0 + strength * jnp.asarray(pattern))[..., None] * f, axis=1)


# ---------------------------------------------------------------------------------------------- the integrator

@partial(jax.jit, static_argnames=("force", "n_saved"))
def _run(force, x, v, dt, n_inner, n_saved, args):
    def step(_, carry):
        x, v, f = carry
        v = v + 0.5 * dt * f
        x = x + dt * v
        f = force(x, *args)
        return x, v + 0.5 * dt * f, f

    def block(carry, _):
        carry = jax.lax.fori_loop(0, n_inner, step, carry)
        return carry, (carry[0], carry[1])

    _, (xs, vs) = jax.lax.scan(block, (x, v, force(x, *args)), None, length=n_saved)
    return jnp.concatenate([x[None], xs]), jnp.concatenate([v[None], vs])


def nve_run(force, positions, velocities, *, dt, t_total, n_saved, args=()):
    r"""Velocity Verlet (unit masses) for ``t_total/dt`` steps of ``v ← v + ½Δt F(x)``, ``x ← x + Δt v``,
    ``v ← v + ½Δt F(x)``, as :func:`physml.forcefield.velocity_verlet`; returns the positions and velocities
    at ``n_saved + 1`` equally spaced times from 0 to ``t_total``, shapes ``(n_saved + 1, n_atoms, dim)``.

    ``force(x, *args)`` must be hashable and traceable (a module-level function, or a ``functools.partial``
    kept for reuse such as :func:`lennard_jones_field`); ``args`` are traced.  ``t_total/dt`` must be a
    whole multiple of ``n_saved``.  Unlike ``velocity_verlet``, the step ``dt``, the number of steps between
    saved frames and ``args`` are traced: one compilation per ``(force, n_saved)`` serves every run.
    """
    if not (isinstance(dt, (int, float, np.floating)) and dt > 0):
        raise ValueError(f"dt must be a positive number, got {dt!r}")
    n_steps = t_total / dt
    if not (n_steps >= 1 and abs(n_steps - round(n_steps)) < 1e-9 * n_steps and round(n_steps) % n_saved == 0):
        raise ValueError(f"t_total/dt must be a whole multiple of n_saved = {n_saved}, got t_total = {t_total!r}, "
                         f"dt = {dt!r}")
    xs, vs = _run(force, jnp.asarray(positions), jnp.asarray(velocities), jnp.float64(dt),
                  int(round(n_steps)) // n_saved, n_saved, tuple(jnp.asarray(a) for a in args))
    return np.asarray(xs), np.asarray(vs)


# ---------------------------------------------------------------------------------------------------- the scan

@dataclass(frozen=True)
class TimeStepScan:
    """Energy traces of the liquid (:func:`time_step_scan`).

    ``time`` ``(N_SAVED + 1,)``; ``energy[name]`` the total energy per atom minus its initial value,
    ``(len(dts), N_SAVED + 1)`` for ``"smooth"``, ``(len(strengths), len(dts), N_SAVED + 1)``
    for ``"nonreciprocal"`` (measured with the smooth potential); ``worst[name]`` the largest ``|E(t) − E(0)|``
    per atom of each run (``inf`` for a run that blew up); ``momentum`` ``(len(strengths), len(dts))``, the
    largest ``|Σ v|/N`` of the non-reciprocal runs (0 for the others); ``n_atoms``.
    """

    dts: tuple
    strengths: tuple
    time: np.ndarray
    energy: dict
    worst: dict
    momentum: np.ndarray
    n_atoms: int

    def index(self, dt):
        for i, d in enumerate(self.dts):
            if abs(d - float(dt)) < 1e-12:
                return i
        raise ValueError(f"dt must be one of the scan's steps {self.dts}, got {dt!r}")

    def strength_index(self, strength):
        for i, a in enumerate(self.strengths):
            if abs(a - float(strength)) < 1e-12:
                return i
        raise ValueError(f"strength must be one of the scan's {self.strengths}, got {strength!r}")

    def order(self, name="smooth", strength=None, n=ORDER_STEPS):
        """The slope of log(largest error) against log(Δt) over the ``n`` smallest steps (a least-squares line)."""
        w = self.worst[name] if strength is None else self.worst[name][self.strength_index(strength)]
        return float(np.polyfit(np.log(self.dts[:n]), np.log(w[:n]), 1)[0])


def _worst(e):
    with np.errstate(invalid="ignore"):
        return np.where(np.all(np.isfinite(e), axis=-1), np.nanmax(np.abs(e), axis=-1), np.inf)


@functools.cache
def time_step_scan(dts=DTS, strengths=STRENGTHS):
    """The energy traces of the liquid for every step of ``dts``, for the smooth force and for the
    non-reciprocal one at every ``strengths``, over :data:`T_RUN` (cached; a few seconds)."""
    liq = liquid()
    n = liq.positions.shape[0]
    pattern = error_pattern(n, key=jax.random.key(7))
    smooth_energy = jax.jit(jax.vmap(liq.energy()))
    fields = {"smooth": (lennard_jones_field(liq.box, liq.cutoff), smooth_energy, [()]),
              "nonreciprocal": (partial(nonreciprocal_forces, box=liq.box, cutoff=liq.cutoff), smooth_energy,
                                [(a, pattern) for a in strengths])}
    energy, momentum = {}, np.zeros((len(strengths), len(dts)))
    for name, (force, potential, settings) in fields.items():
        rows = []
        for k, args in enumerate(settings):
            row = []
            for i, dt in enumerate(dts):
                xs, vs = nve_run(force, liq.positions, liq.velocities, dt=dt, t_total=T_RUN, n_saved=N_SAVED,
                                 args=args)
                e = np.asarray(potential(jnp.asarray(xs))) + 0.5 * np.sum(vs * vs, axis=(1, 2))
                row.append((e - e[0]) / n)
                if name == "nonreciprocal":
                    momentum[k, i] = np.max(np.linalg.norm(vs.sum(axis=1), axis=-1)) / n
            rows.append(row)
        energy[name] = np.array(rows) if name == "nonreciprocal" else np.array(rows[0])
    worst = {k: _worst(e) for k, e in energy.items()}
    return TimeStepScan(tuple(dts), tuple(strengths), np.linspace(0.0, T_RUN, N_SAVED + 1), energy, worst, momentum,
                        n)


# ------------------------------------------------------------------------------------------------ the explorer

_FLOOR, _CEIL = 1e-5, 1.0
_DT_FINE = np.geomspace(0.0015, 0.05, 12)


@dataclass(frozen=True)
class _View:
    scan: TimeStepScan
    i: int
    k: int

    @property
    def dt(self):
        return self.scan.dts[self.i]

    @property
    def strength(self):
        return self.scan.strengths[self.k]

    def worst(self, name):
        w = self.scan.worst[name]
        return w[self.k] if name == "nonreciprocal" else w

    def energy(self, name):
        e = self.scan.energy[name]
        return e[self.k, self.i] if name == "nonreciprocal" else e[self.i]


def _percent(a):
    return f"{100 * a:g} %"


def _status(v):
    s, i = v.scan, v.i
    words = ", ".join(f"{FORCE_NAMES[k]} {sci(v.worst(k)[i], 1)}" for k in FORCE_NAMES)
    return (f"Δt = {v.dt:g}, {s.n_atoms} atoms, t up to {T_RUN:g}, force error a = {_percent(v.strength)}: largest "
            f"|E(t) − E(0)| per atom: {words}; halving Δt (up to {s.dts[ORDER_STEPS - 1]:g}) divides the first by "
            f"about {2 ** s.order('smooth'):.0f}, the second by about {2 ** s.order('nonreciprocal', v.strength):.1f}")


def _site_status(v):
    i = v.i
    return (f"Δt = {v.dt:g}: largest energy error per atom<br>a potential {sci(v.worst('smooth')[i], 1)}, "
            f"no energy ({_percent(v.strength)} force error) {sci(v.worst('nonreciprocal')[i], 1)}")


def _example_scan():
    """A small hand-made scan (no molecular dynamics): the tests and the benchmark draw with it."""
    dts, strengths = (0.005, 0.01, 0.02), (0.003, 0.01, 0.03)
    t = np.linspace(0.0, T_RUN, 11)
    energy = {"smooth": np.array([1e-3 * (d / 0.005) ** 2 * np.sin(3 * t) for d in dts]),
              "nonreciprocal": np.array([[a * t for _ in dts] for a in strengths])}
    worst = {k: _worst(e) for k, e in energy.items()}
    return TimeStepScan(dts, strengths, t, energy, worst, np.zeros((3, 3)), 64)


@explorer(example=dict(scan=_example_scan(), dt=0.01))
def time_step(scan=None, *, dt=0.005, strength=0.01):
    """Chapter 12: time step Δt (and the size ``a`` of a force error with no energy behind it) -> the total
    energy per atom against time of velocity-Verlet runs of a 64-atom Lennard-Jones liquid (left), and the
    largest energy error of each force field against Δt (right, logarithmic): the Lennard-Jones potential
    (shifted force) and non-reciprocal forces with no energy behind them (:func:`nonreciprocal_forces`).

    ``scan`` is a :class:`TimeStepScan` (``None``: :func:`time_step_scan`, a few seconds once per session)."""
    if scan is None:
        scan = time_step_scan()

    def compute(dt, strength):
        return _View(scan, scan.index(dt), scan.strength_index(strength))

    def draw(v):
        out = {}
        for k in FORCE_NAMES:
            out[k] = (v.scan.time, v.energy(k))
            out[f"{k}_worst"] = (np.array(v.scan.dts), np.minimum(v.worst(k), _CEIL))
        out["now"] = v.dt
        return out

    def background():
        ref = float(scan.worst["smooth"][len(scan.dts) // 2])
        mid = scan.dts[len(scan.dts) // 2]
        return (Layer("line", panel=1, x=_DT_FINE, y=ref * (_DT_FINE / mid) ** 2, color="grey", dash=True,
                      label="∝ Δt²"),)

    series = [Series(k, color=_COLORS[k], label=FORCE_NAMES[k]) for k in FORCE_NAMES]
    series += [Series(f"{k}_worst", panel=1, style="lines+markers", color=_COLORS[k], floor=_FLOOR)
               for k in FORCE_NAMES]
    series.append(Series("now", panel=1, style="vline", color="grey"))
    strength = scan.strengths[scan.strength_index(strength)] if strength in scan.strengths else scan.strengths[0]
    return Explorer(
        name="ch12-time-step",
        compute=compute,
        draw=draw,
        status=_status,
        site_status=_site_status,
        background=background,
        controls=(Control("dt", "time step Δt", float(dt), kind="options", options=tuple(float(d) for d in scan.dts)),
                  Control("strength", "force error a", float(strength), kind="options",
                          options=tuple(float(a) for a in scan.strengths))),
        panels=(Panel("time t (σ √(m/ε))", "[E(t) − E(0)] / N (ε)", (0.0, T_RUN), (-0.05, 0.25), legend="upper left",
                      width=1.3),
                Panel("time step Δt", "largest |E(t) − E(0)| / N", (1e-3, 1e-1), (_FLOOR, _CEIL), xscale="log",
                      yscale="log", legend="lower right")),
        series=tuple(series),
        figsize=(9.0, 3.6),
        height=480,
    )


# ------------------------------------------------------------------------------------------- practice helpers

@functools.cache
def practice_liquid():
    """``g(r)`` of the liquid of :func:`liquid` from a run of 4 time units (Δt = 0.005, a frame every 0.05),
    60 bins up to 2.1 σ: a :class:`physml.forcefield.RadialDistribution` (practice 12, task 12.2)."""
    liq = liquid()
    xs, _ = nve_run(lennard_jones_field(liq.box, liq.cutoff), liq.positions, liq.velocities, dt=0.005, t_total=4.0,
                    n_saved=80)
    return FF.radial_distribution(xs[1:], box=liq.box, r_max=2.1, n_bins=60)


def practice_cluster():
    """The 13-atom Lennard-Jones cluster of practice 12, task 12.4: an icosahedron (centre and 12 vertices at
    1.1 σ from it) with small Maxwell–Boltzmann velocities (temperature 0.05, zero total momentum).
    Returns ``(positions, velocities)``, shapes ``(13, 3)``."""
    phi = (1 + 5 ** 0.5) / 2
    vertices = np.array([[0, s1, s2 * phi] for s1 in (-1, 1) for s2 in (-1, 1)], float)
    vertices = np.concatenate([vertices, np.roll(vertices, 1, axis=1), np.roll(vertices, 2, axis=1)])
    positions = np.concatenate([np.zeros((1, 3)), 1.1 * vertices / np.linalg.norm(vertices[0])])
    velocities = np.asarray(FF.maxwell_boltzmann_velocities(13, 0.05, key=jax.random.key(13)))
    return positions, velocities
