"""Explorer of chapter 10 (principled extrapolation): fit Landau's model to ordered-phase data and
extrapolate across the transition."""
from __future__ import annotations

import functools
from dataclasses import dataclass

import jax
import numpy as np

from .. import landau as LD
from ..widgets import Control, Explorer, Layer, Panel, Series, explorer

# The true model of the data: a(T) = A0 (T − TC), b = B, Γ = 1, every run starting from M0.
A0, TC, B, M0 = 1.0, 1.0, 1.0, 0.1
#: The training window's lower edge and its number of temperatures; the sampling times of each run.
T_MIN, N_TEMPERATURES = 0.5, 6
TIMES = np.arange(31.0)
#: The temperatures at which the fitted and the true m*(T) and τ(T) are drawn (the training
#: window, the transition and the disordered phase); τ is drawn up to TAU_MAX.
T_AXIS = np.round(np.linspace(0.4, 1.4, 126), 6)
TAU_MAX = 300.0


@dataclass(frozen=True)
class ExtrapolationRun:
    """One setting of the explorer: the data, the fit and the truth on ``T_AXIS``.

    ``temperatures`` and ``plateau`` are the training temperatures and the last measured value of
    each run (``m(t = 30)``, the data's estimate of ``m*``); ``fit`` is the
    :class:`~physml.landau.LandauFit` (``None`` if the fit failed); ``m_fit``, ``tau_fit`` its
    ``m*(T)`` and ``τ(T)`` on ``T_AXIS``; ``m_true``, ``tau_true`` the truth's (with the
    sixth-order term ``c``)."""

    T_max: float
    noise: float
    c: float
    seed: int
    temperatures: np.ndarray
    plateau: np.ndarray
    fit: object
    m_fit: np.ndarray
    tau_fit: np.ndarray
    m_true: np.ndarray
    tau_true: np.ndarray


def extrapolation_run(T_max=0.9, log10_noise=-2.0, c=0.0, seed=0):
    """Noisy relaxation runs at ``N_TEMPERATURES`` temperatures from ``T_MIN`` to ``T_max`` (all below
    ``T_c = 1``), fitted by :func:`~physml.landau.fit_landau`; the fitted ``m*(T)`` and ``τ(T)`` on
    ``T_AXIS`` against the truth.  ``c`` adds a sixth-order term ``⅙ c m⁶`` to the true free
    energy (the model does not have it); ``seed`` draws the noise."""
    T = np.linspace(T_MIN, float(T_max), N_TEMPERATURES)
    noise = 10.0 ** float(log10_noise)
    data = LD.trajectories(T, TIMES, key=jax.random.key(int(seed)), a0=A0, Tc=TC, b=B, m0=M0, noise=noise,
                           c=float(c))
    try:
        fit = LD.fit_landau(T, TIMES, data, m0=M0)
    except ValueError:                      # a diverged fit: nothing to draw, the status says so
        fit = None
    a_true = A0 * (T_AXIS - TC)
    nan = np.full(T_AXIS.shape, np.nan)
    return ExtrapolationRun(
        T_max=float(T_max), noise=noise, c=float(c), seed=int(seed), temperatures=T, plateau=data[:, -1],
        fit=fit, m_fit=nan if fit is None else fit.equilibrium(T_AXIS),
        tau_fit=nan if fit is None else _clip(fit.relaxation_time(T_AXIS)),
        m_true=LD.equilibrium(a_true, B, float(c)),
        tau_true=_clip(LD.relaxation_time(a_true, b=B, c=float(c))))


def _clip(tau):
    """τ above ``TAU_MAX`` (its divergence) as a gap in the curve."""
    return np.where(np.isfinite(tau) & (tau <= TAU_MAX), tau, np.nan)


def _fitted_tc(run):
    if run.fit is None:
        return None, None
    return run.fit.critical_temperature, run.fit.stderr["critical_temperature"]


def _status(run):
    head = (f"window {T_MIN:.2f}–{run.T_max:.2f}, noise {run.noise:.2g}, c = {run.c:g}, seed {run.seed}")
    Tc, err = _fitted_tc(run)
    if Tc is None:
        return f"{head}: the fit failed (no finite optimum)"
    off = abs(Tc - TC) / err if err > 0 else np.inf
    return (f"{head}: fitted T<sub>c</sub> = {Tc:.3f} ± {err:.3f} (true {TC:g}, {off:.1f} standard errors off); "
            f"a₀ = {run.fit.a0:.2f}, b = {run.fit.b:.2f}")


def _site_status(run):
    Tc, err = _fitted_tc(run)
    if Tc is None:
        return "the fit failed"
    return f"fitted T<sub>c</sub> = {Tc:.3f} ± {err:.3f} (true {TC:g})"


def _draw(run):
    Tc, err = _fitted_tc(run)
    bar = (np.array([np.nan, np.nan]), np.zeros(2)) if Tc is None else (np.array([Tc - err, Tc + err]), np.zeros(2))
    return {"data": (run.temperatures, run.plateau),
            "m_true": (T_AXIS, run.m_true),
            "m_fit": (T_AXIS, run.m_fit),
            "tc_bar": bar,
            "tc_fit": Tc,
            "tau_true": (T_AXIS, run.tau_true),
            "tau_fit": (T_AXIS, run.tau_fit)}


@functools.cache
def _warm_up():
    """Compile the sixth-order data path (two step counts) once, so that no slider move pays for it."""
    for c in (0.1, 2.0):
        extrapolation_run(c=c)


@explorer()
def extrapolation():
    """Chapter 10: the training window's upper edge ``T_max``, the noise, a sixth-order term ``c`` in
    the true free energy and the noise seed -> Landau's model fitted to ordered-phase relaxation
    data (:func:`~physml.landau.fit_landau`), its ``m*(T)`` and ``τ(T)`` across the fitted ``T_c``
    against the truth (:func:`extrapolation_run`)."""
    _warm_up()
    return Explorer(
        name="ch10-landau",
        compute=extrapolation_run,
        draw=_draw,
        status=_status,
        site_status=_site_status,
        controls=(Control("T_max", "window's upper edge Tₘₐₓ", 0.9, lo=0.6, hi=0.98, step=0.02,
                          site=(0.6, 0.7, 0.8, 0.9, 0.95)),
                  Control("log10_noise", "log₁₀ noise", -2.0, lo=-4, hi=-1, step=0.25),
                  Control("c", "sixth-order term c", 0.0, lo=0.0, hi=2.0, step=0.1, fmt=".1f",
                          site=(0.0, 0.5, 1.0, 2.0)),
                  Control("seed", "noise seed", 0, kind="int", lo=0, hi=19, step=1)),
        panels=(Panel("temperature T", "equilibrium m*", (0.4, 1.4), (-0.05, 0.85), legend="upper right"),
                Panel("temperature T", "relaxation time τ", (0.4, 1.4), (0.3, TAU_MAX), yscale="log")),
        series=(Series("data", color="orange", style="markers", size=5, label="data: m at t = 30"),
                Series("m_true", color="grey", dash=True, label="truth", site_every=2),
                Series("m_fit", color="blue", label="fitted Landau model", site_every=2),
                Series("tc_bar", color="vermillion", style="lines+markers", size=4, label="fitted T<sub>c</sub> ± σ"),
                Series("tc_fit", style="vline", color="vermillion"),
                Series("tau_true", panel=1, color="grey", dash=True, site_every=2),
                Series("tau_fit", panel=1, color="blue", site_every=2)),
        background=lambda: (Layer("line", panel=1, x=[TC, TC], y=[0.3, TAU_MAX], color="grey", width=0.6),),
        figsize=(8.5, 3.6),
    )
