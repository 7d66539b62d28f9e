"""Explorers of chapter 4 (discovering laws from data) and of its practice."""
from __future__ import annotations

import jax
import numpy as np

from .. import _validate
from .. import discovery as D
from ..widgets import Control, Explorer, Layer, Panel, Series, explorer, pow10, sci

# ------------------------------------------------------------------ chapter 4
_KEY = jax.random.key(0)
#: singular values below this are round-off: drawn at the floor (the same picture on every machine)
ROUNDOFF_FLOOR = 1e-14
#: log₁₀ σ at or below this means no noise at all
NO_NOISE = -12.0


def _collision_run(restitution, log10_noise):
    return D.collision_laws(restitution, 0.0 if log10_noise <= NO_NOISE else 10.0 ** log10_noise, key=_KEY)


def _collision_status(run):
    ns, col = run.null_space, run.collisions
    laws = str(run) if run.laws else "none (no clear gap)"
    sigma = "0 (no noise)" if col.noise == 0 else pow10(round(float(np.log10(col.noise)), 2))
    return f"e = {col.restitution:.2f}, σ = {sigma}: largest gap ×{_num(ns.gap)} → {ns.dim} law(s): {laws}"


def _num(x):
    """Three figures, as a power of ten from 10³ on (where ``.3g`` would write 1e+03)."""
    return f"{x:.3g}" if abs(x) < 1e3 else sci(x, 3)


def _collision_draw(run):
    ns = run.null_space
    coefs = np.zeros((2, len(run.names)))
    for row, law in zip(coefs, run.laws[:2]):
        row[:] = law.vector
    return {"sv": (np.arange(1, ns.singular_values.size + 1), ns.singular_values),
            "tol": ns.tol if ns.dim else None,
            "law1": coefs[0], "law2": coefs[1]}


@explorer()
def collisions():
    """Chapter 4: restitution e and noise σ -> the singular values of the feature changes of
    two-body collisions and the coefficients of the laws found (:func:`~physml.discovery.collision_laws`)."""
    names = _collision_run(1.0, NO_NOISE).names
    F = len(names)
    return Explorer(
        name="ch04-collisions",
        compute=_collision_run,
        draw=_collision_draw,
        status=_collision_status,
        site_status=lambda run: _collision_status(run).replace(": largest", ":<br>largest"),
        controls=(Control("restitution", "restitution e", 1.0, lo=0.0, hi=1.0, step=0.01,
                          site=(0.5, 0.8, 0.9, 0.95, 0.99, 1.0)),
                  Control("log10_noise", "log₁₀ σ", -6.0, lo=NO_NOISE, hi=-0.5, step=0.25,
                          site=(NO_NOISE,) + tuple(np.arange(-9.0, -0.4, 0.5)),
                          # the slider's first position is no noise at all: σ = 0, log₁₀ σ = −∞
                          site_label=lambda v: "−∞ (σ = 0)" if v <= NO_NOISE else f"{v:g}".replace("-", "−"))),
        site="log10_noise",
        panels=(Panel("index k", "s<sub>k</sub> (columns scaled)", (0.5, F + 0.5),
                      (ROUNDOFF_FLOOR / 3, 10), yscale="log", legend="lower left"),
                Panel("feature", "coefficient", (-0.5, F - 0.5), (-1.2, 1.2), legend="lower right",
                      xticks=tuple(names))),
        series=(Series("sv", style="lines+markers", label="singular values", floor=ROUNDOFF_FLOOR),
                Series("tol", style="hline", color="vermillion", dash=True, label="tolerance (gap)"),
                Series("law1", panel=1, style="bars", offset=-0.2, label="law 1"),
                Series("law2", panel=1, style="bars", color="orange", offset=0.2, label="law 2")),
        background=lambda: (Layer("hspan", y=(ROUNDOFF_FLOOR / 3, ROUNDOFF_FLOOR * 2)),
                            Layer("hline", panel=1, y=0.0, width=0.8)),
        figsize=(9.0, 3.4),
        height=470,
    )


# ------------------------------------------------- chapter 4's practice (task 4.1)
def _power_law_status(run):
    return (f"n = {run.exponent:.2f}: best C = {run.fit.constant:.4g}, rms of log residuals = {sci(run.fit.rms, 3)} "
            f"(worst point off by a factor {run.worst_factor:.3f})")


_EXAMPLE_X = np.geomspace(1.0, 100.0, 6)


@explorer(example=dict(x=_EXAMPLE_X, y=2.0 * _EXAMPLE_X**1.5))
def power_law(x, y, *, exponent=1.0, labels=("x", "y")):
    r"""Practice of chapter 4: a candidate exponent :math:`n` on a slider -> the data, the curve
    :math:`C x^n` with the best :math:`C` for that :math:`n`, and the log residuals
    (:func:`~physml.discovery.candidate_power_law`)."""
    D.candidate_power_law(x, y, exponent)           # checks the data (positive, same length) and n
    x, y = _validate.finite_array("x", x, ndim=1), _validate.finite_array("y", y, ndim=1)
    xlim = (x.min() / 1.5, x.max() * 1.5)
    return Explorer(
        name="practice04-power-law",
        compute=lambda exponent: D.candidate_power_law(x, y, exponent),
        draw=lambda run: {"curve": (run.grid, run.curve), "residuals": (x, run.fit.residuals)},
        status=_power_law_status,
        site_status=lambda run: _power_law_status(run).replace(", rms", ",<br>rms"),
        controls=(Control("exponent", "exponent n", exponent, lo=0.5, hi=2.5, step=0.01,
                          site=tuple(np.round(np.arange(0.5, 2.501, 0.05), 2))),),
        panels=(Panel(labels[0], labels[1], xlim, (y.min() / 3, y.max() * 3), xscale="log", yscale="log",
                      legend="upper left"),
                Panel(labels[0], "log residual  ln(y / C xⁿ)", xlim, (-2, 2), xscale="log")),
        series=(Series("curve", color="vermillion", label="C xⁿ"),
                Series("residuals", panel=1, style="markers", color="vermillion", size=5)),
        background=lambda: (Layer("markers", x=x, y=y, color="blue", label="data", size=5),
                            Layer("hline", panel=1, y=0.0, width=0.8)),
    )
