"""Explorers of chapter 7 (symplectic structure), and the colours of its four integrators."""
from __future__ import annotations

import numpy as np

from .. import integrators as I
from ..widgets import Control, Explorer, Panel, Series, explorer, sci

#: The colour (a name of :data:`physml.style.COLORS`) of each of :data:`physml.integrators.METHODS`,
#: shared by the explorer and the chapter's figures.
METHOD_COLORS = {"euler": "vermillion", "symplectic_euler": "orange", "leapfrog": "blue", "rk4": "green"}

_FLOOR = 1e-14


def _crossover_words(run):
    if run.crossover is not None:
        return f"RK4 falls behind leapfrog at t ≈ {_time(run.crossover)}"
    return f"RK4 stays ahead of leapfrog up to t = {_time(run.t[-1])}"


def _crossover_short(run):
    """The same verdict in at most 36 characters, for a title on a 390 px screen."""
    if run.crossover is not None:
        return f"RK4 behind leapfrog from t ≈ {_time(run.crossover)}"
    return f"RK4 ahead of leapfrog to t = {_time(run.t[-1])}"


def _time(t):
    """A time to three figures, without an exponent (t runs up to 10⁴)."""
    return f"{t:.3g}" if t < 100 else f"{round(float(t), -int(np.floor(np.log10(t))) + 2):.0f}"


def _status(run):
    return (f"h = {run.dt:.3f}, t up to {run.t[-1]:.0f}: largest energy error "
            + ", ".join(f"{I.METHOD_NAMES[m]} {sci(run.worst(m))}" for m in I.METHODS)
            + f"; {_crossover_words(run)}")


@explorer()
def integrators():
    """Chapter 7: step size h -> energy error against time of Euler, symplectic Euler, leapfrog and
    RK4 on the pendulum (:func:`~physml.integrators.pendulum_energy_errors`)."""
    return Explorer(
        name="ch07-integrators",
        compute=I.pendulum_energy_errors,
        draw=lambda run: {m: (run.t[1:], run.error(m)[1:]) for m in I.METHODS},
        status=_status,
        site_status=lambda run: f"h = {run.dt:.3f}, t up to {run.t[-1]:.0f}:<br>{_crossover_short(run)}",
        controls=(Control("dt", "step h", 0.1, kind="log", lo=-2.3, hi=-0.3, step=0.05, fmt=".3f",
                          site=(0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)),),
        panels=(Panel("time t (20 000 steps of h)", "|H(y<sub>n</sub>) − H(y₀)|", (5e-3, 2e4), (_FLOOR, 1e3),
                      xscale="log", yscale="log", legend="upper left"),),
        series=tuple(Series(m, color=METHOD_COLORS[m], label=I.METHOD_NAMES[m], floor=_FLOOR, site_log_points=120,
                            digits=2) for m in I.METHODS),
        figsize=(7.5, 3.6),
        height=430,
    )
