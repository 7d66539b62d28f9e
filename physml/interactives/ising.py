"""Explorer of chapter 11 (phases of matter from data): the 2D Ising model across its transition.

:func:`temperature_scan` runs checkerboard Metropolis (:func:`physml.ising.simulate`) on a
``32 × 32`` lattice at every temperature of :data:`TEMPERATURES` at once and keeps, per temperature,
the mean ``|m|`` and energy per site with their error bars, the integrated autocorrelation time of
``|m|`` and the last configuration.  The scan is computed once per session (``functools.cache``,
about 5 s); the explorer :func:`temperature` only looks it up, so a redraw is a few milliseconds.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import jax
import numpy as np

from .. import ising as I
from ..widgets import Control, Explorer, Layer, Panel, Series, explorer

#: The temperatures of the scan (the slider's positions), dense near T_c ≈ 2.269.
TEMPERATURES = (1.5, 1.8, 2.0, 2.1, 2.2, 2.27, 2.35, 2.5, 2.8, 3.5)
#: Lattice size and Monte Carlo settings of the scan (one chain per temperature, from a cold start).
SCAN = dict(L=32, n_sweeps=2000, n_therm=500, seed=11)
#: The temperatures at which Onsager's energy and Yang's magnetisation are drawn.
T_AXIS = np.round(np.linspace(1.4, 3.6, 221), 6)


@dataclass(frozen=True)
class TemperatureScan:
    """Monte Carlo measurements over temperatures (:func:`temperature_scan`).

    Per temperature: ``abs_m`` and ``energy``, the means of ``|m|`` and ``e`` per site over the
    measured sweeps, with error bars ``abs_m_error`` and ``energy_error`` that account for the
    autocorrelation (:func:`physml.ising.correlated_mean`); ``tau_abs_m`` the integrated
    autocorrelation time of ``|m|`` in sweeps and ``tau_abs_m_error`` its statistical error
    (Madras–Sokal: ``var τ ≈ 2(2M + 1) τ²/n`` for a window ``M ≈ 6τ`` over ``n`` sweeps, so
    ``δτ ≈ τ √((24τ + 2)/n)``: near ``T_c`` a short run measures ``τ`` itself poorly);
    ``snapshots`` the last configuration, ``(n_T, L, L)``.
    """

    temperatures: tuple
    L: int
    n_sweeps: int
    abs_m: np.ndarray
    abs_m_error: np.ndarray
    energy: np.ndarray
    energy_error: np.ndarray
    tau_abs_m: np.ndarray
    tau_abs_m_error: np.ndarray
    snapshots: np.ndarray

    def index(self, T):
        for i, t in enumerate(self.temperatures):
            if abs(t - float(T)) < 1e-9:
                return i
        raise ValueError(f"T must be one of the scan's temperatures {self.temperatures}, got {T!r}")


@functools.cache
def temperature_scan(temperatures=TEMPERATURES, L=SCAN["L"], n_sweeps=SCAN["n_sweeps"], n_therm=SCAN["n_therm"],
                     seed=SCAN["seed"]):
    """Checkerboard Metropolis at every temperature of ``temperatures`` (one chain each, ``n_therm``
    sweeps from a cold start, then ``n_sweeps`` measured) on an ``L × L`` lattice; a
    :class:`TemperatureScan`.  Cached: the explorer and the chapter share one run."""
    run = I.simulate(L, np.asarray(temperatures, dtype=float), n_sweeps, key=jax.random.key(seed),
                     algorithm="metropolis", n_therm=n_therm, save_every=n_sweeps)
    abs_m = I.correlated_mean(np.abs(run.magnetisation))
    energy = I.correlated_mean(run.energy)
    return TemperatureScan(temperatures=tuple(float(t) for t in temperatures), L=int(L), n_sweeps=int(n_sweeps),
                           abs_m=abs_m.mean, abs_m_error=abs_m.error, energy=energy.mean, energy_error=energy.error,
                           tau_abs_m=abs_m.tau_int, tau_abs_m_error=tau_error(abs_m.tau_int, n_sweeps),
                           snapshots=run.configurations[:, -1])


def tau_error(tau, n):
    """Statistical error of an integrated autocorrelation time ``tau`` measured over ``n`` samples with
    Sokal's window ``M ≈ 6τ`` (:func:`physml.ising.integrated_autocorrelation_time`):
    ``δτ ≈ τ √(2(2M + 1)/n)`` (Madras & Sokal 1988)."""
    tau = np.asarray(tau, dtype=float)
    return tau * np.sqrt(2.0 * (12.0 * tau + 1.0) / n)


@dataclass(frozen=True)
class TemperatureView:
    """One slider position: the scan and the index of its temperature."""

    scan: TemperatureScan
    i: int

    @property
    def T(self):
        return self.scan.temperatures[self.i]


def temperature_view(T=2.27, scan=None):
    """The explorer's ``compute``: the scan (default :func:`temperature_scan`) at temperature ``T``."""
    scan = temperature_scan() if scan is None else scan
    return TemperatureView(scan, scan.index(T))


def _minus(x, digits):
    """``x`` to ``digits`` decimals with a typographic minus sign."""
    return f"{float(x):.{digits}f}".replace("-", "−")


def _tau_text(scan, i):
    """``τ ± δτ``: whole sweeps from 10 on, tenths below."""
    tau, dtau = float(scan.tau_abs_m[i]), float(scan.tau_abs_m_error[i])
    return f"{tau:.0f} ± {dtau:.0f}" if tau >= 10 else f"{tau:.1f} ± {dtau:.1f}"


def _status(view):
    s, i, T = view.scan, view.i, view.T
    Tc = I.critical_temperature()
    m0 = float(I.spontaneous_magnetisation(T))
    e0 = float(I.exact_energy_per_site(T))
    phase = "at T<sub>c</sub>" if abs(T - Tc) < 0.01 else ("ordered" if Tc > T else "disordered")
    return (f"T = {T:.2f} (T/T<sub>c</sub> = {T / Tc:.2f}, {phase}), L = {s.L}; "
            f"|m| = {s.abs_m[i]:.2f} ± {max(s.abs_m_error[i], 0.005):.2f} (Yang, L → ∞: {m0:.2f}); "
            f"e = {_minus(s.energy[i], 3)} ± {max(s.energy_error[i], 0.0005):.3f} (Onsager {_minus(e0, 3)}); "
            f"τ<sub>int</sub>(|m|) = {_tau_text(s, i)} Metropolis sweeps (from {s.n_sweeps})")


def _site_status(view):
    s, i, T = view.scan, view.i, view.T
    return (f"T = {T:.2f}: |m| = {s.abs_m[i]:.2f} (Yang {float(I.spontaneous_magnetisation(T)):.2f}), "
            f"e = {_minus(s.energy[i], 2)}<br>τ<sub>int</sub>(|m|) = {_tau_text(s, i)} Metropolis sweeps")


def _draw(view):
    s, i, T = view.scan, view.i, view.T
    return {"spins": s.snapshots[i],
            "m_now": (np.array([T]), np.array([s.abs_m[i]])),
            "m_mark": T,
            "e_now": (np.array([T]), np.array([s.energy[i]])),
            "e_mark": T}


def _background(scan):
    Tc = I.critical_temperature()
    T = np.asarray(scan.temperatures)
    return (Layer("line", panel=1, x=T_AXIS, y=I.spontaneous_magnetisation(T_AXIS), color="grey",
                  label="exact, L → ∞ (Yang, Onsager)"),
            Layer("markers", panel=1, x=T, y=scan.abs_m, color="blue", size=5, label=f"Monte Carlo, L = {scan.L}"),
            Layer("line", panel=1, x=[Tc, Tc], y=[0.0, 1.05], color="grey", width=0.6, dash=True),
            Layer("line", panel=2, x=T_AXIS, y=I.exact_energy_per_site(T_AXIS), color="grey"),
            Layer("markers", panel=2, x=T, y=scan.energy, color="blue", size=5),
            Layer("line", panel=2, x=[Tc, Tc], y=[-2.05, -0.5], color="grey", width=0.6, dash=True))


@explorer()
def temperature(scan=None):
    """Chapter 11: the temperature -> a Monte Carlo spin configuration of the 2D Ising model
    (``L = 32``), and the measured ``|m|`` and energy per site across ``T`` against Yang's and
    Onsager's exact results, the current ``T`` marked; the status gives ``|m|``, ``e`` and the
    autocorrelation time of ``|m|`` (:func:`temperature_scan`)."""
    scan = temperature_scan() if scan is None else scan
    L = scan.L
    return Explorer(
        name="ch11-temperature",
        compute=functools.partial(temperature_view, scan=scan),
        draw=_draw,
        status=_status,
        site_status=_site_status,
        controls=(Control("T", "temperature T", 2.27 if 2.27 in scan.temperatures else scan.temperatures[0],
                          kind="options", options=scan.temperatures),),
        panels=(Panel("column", "row", (0.0, float(L)), (0.0, float(L)), equal=True, width=0.8),
                Panel("temperature T", "|m| per site", (1.4, 3.6), (0.0, 1.05), legend="lower left"),
                Panel("temperature T", "energy per site e", (1.4, 3.6), (-2.05, -0.5))),
        series=(Series("spins", style="image", color="blue", low_color="yellow"),
                Series("m_now", panel=1, color="vermillion", style="markers", size=8, label="current T"),
                Series("m_mark", panel=1, style="vline", color="vermillion"),
                Series("e_now", panel=2, color="vermillion", style="markers", size=8),
                Series("e_mark", panel=2, style="vline", color="vermillion")),
        background=lambda: _background(scan),
        figsize=(10.0, 3.4),
    )
