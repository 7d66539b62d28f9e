"""Explorers of chapter 6 (conservation by construction)."""
from __future__ import annotations

import jax
import numpy as np

from .. import mechanics as M
from ..widgets import Control, Explorer, Layer, Panel, Series, explorer, sci

_KEY = jax.random.key(0)


def _exact_orbit(grid):
    circle = np.linspace(0, 2 * np.pi, 200)
    r0 = float(np.sqrt(2 * grid.energy))                 # H = r²/2 on the spring
    return (Layer("line", x=r0 * np.cos(circle), y=r0 * np.sin(circle), color="grey", width=3, alpha=0.5,
                  label="exact"),)


def _drift_status(w):
    return (f"noise σ = {w.noise:g}, horizon t = {w.horizon:.0f}: largest |H − H₀| "
            f"HNN {sci(w.hnn_worst)}, baseline {sci(w.baseline_worst)} "
            f"(ratio {w.baseline_worst / max(w.hnn_worst, 1e-300):.0f}; H₀ = {w.energy:.3f})")


def _drift_site_status(w):
    return (f"noise σ = {w.noise:g}, t ≤ {w.horizon:.0f}: largest |H − H₀|<br>"
            f"HNN {sci(w.hnn_worst, 1)}, baseline {sci(w.baseline_worst, 1)}")


@explorer(example=dict(noises=(0.1,), hidden=(8,), n_steps=20))
def energy_drift(grid=None, *, noises=M.DRIFT_NOISES, hidden=(32, 32), n_steps=1000):
    """Chapter 6: noise of the training data and rollout horizon -> phase portrait and true energy
    error of an HNN and a baseline (:func:`~physml.mechanics.energy_drift`, windowed by
    :meth:`~physml.mechanics.EnergyDrift.window`).  ``grid`` is an
    :class:`~physml.mechanics.EnergyDrift`; without one it is computed (``noises``, ``hidden``,
    ``n_steps``; about 3 s per noise level)."""
    if grid is None:
        grid = M.energy_drift(noises, key=_KEY, hidden=hidden, n_steps=n_steps)
    if not isinstance(grid, M.EnergyDrift):
        raise TypeError(f"grid must be an EnergyDrift from physml.mechanics.energy_drift, got {type(grid).__name__}")
    noises = tuple(float(n) for n in grid.noises)
    t_max = float(grid.t[-1])
    return Explorer(
        name="ch06-energy-drift",
        compute=grid.window,
        draw=lambda w: {"hnn": (w.hnn_path[:, 0], w.hnn_path[:, 1]),
                        "baseline": (w.baseline_path[:, 0], w.baseline_path[:, 1]),
                        "hnn_error": (w.t, np.abs(w.hnn_error)),
                        "baseline_error": (w.t, np.abs(w.baseline_error))},
        status=_drift_status,
        site_status=_drift_site_status,
        controls=(Control("noise", "noise σ", noises[int(np.argmin(np.abs(np.array(noises) - 0.1)))],
                          kind="options", options=noises),
                  Control("horizon", "horizon t", min(30.0, t_max), lo=1.0, hi=t_max, step=1.0, fmt=".0f",
                          site=tuple(h for h in (5.0, 10.0, 20.0, 30.0, 50.0, 75.0, 100.0) if h <= t_max))),
        site="horizon",
        panels=(Panel("q", "p", (-1.6, 1.6), (-1.6, 1.6), equal=True, legend="upper right"),
                Panel("time t", "|H(y(t)) − H(y₀)|", (0, t_max), (1e-7, 3), yscale="log", width=1.5)),
        series=(Series("hnn", color="blue", label="HNN", site_every=5),
                Series("baseline", color="vermillion", label="baseline", site_every=5),
                Series("hnn_error", panel=1, color="blue", floor=1e-12, site_every=5, digits=2),
                Series("baseline_error", panel=1, color="vermillion", floor=1e-12, site_every=5, digits=2)),
        background=lambda: _exact_orbit(grid),
        figsize=(9.0, 3.6),
        height=440,
    )
