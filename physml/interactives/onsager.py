"""Explorer of chapter 8 (Onsager reciprocity as a prior)."""
from __future__ import annotations

import functools

import jax
import numpy as np

from .. import onsager as O
from ..widgets import Control, Explorer, Layer, Panel, Series, explorer, sci

#: The response matrix is drawn from key 0, the data sets from key 1 (the chapter's numbers).
_MATRIX_KEY, _DATA_KEY = 0, 1
#: Data sets per setting for up to four forces, enough for a Monte Carlo error of about ±0.003 on the
#: ratio, which tells n = 3, 4, 5 apart; the figure draws the first ``N_SHOWN`` of them.
N_TRIALS, N_SHOWN = 4000, 200


def n_trials(n, n_samples=20):
    """Data sets per setting with ``n`` forces and ``n_samples`` measurements: ``N_TRIALS`` up to four
    forces and 40 measurements, then fewer, ``N_TRIALS·(4/n)²·(40/n_samples)``, so that a redraw costs
    about the same for every setting (the work per data set grows as ``n²·n_samples``) and stays
    within the 100 ms budget.  The status line reports the Monte Carlo error that results."""
    return int(N_TRIALS * min(1.0, (4 / n) ** 2) * min(1.0, 40 / n_samples))
_DIAGONAL = np.array([1e-8, 1e3])


@functools.cache
def _response_matrix(n):
    return O.random_response_matrix(n, key=jax.random.key(_MATRIX_KEY))


def _onsager_run(log10_noise, n_samples, n):
    n, n_samples = int(n), int(n_samples)
    return O.onsager(_response_matrix(n), n_samples, 10.0 ** log10_noise, n_trials=n_trials(n, n_samples),
                     key=jax.random.key(_DATA_KEY))


def _status(run):
    return (f"n = {run.n}, {run.n_samples} samples, noise {run.noise:.2g}: mean ‖Ŵ − L‖² {sci(run.mean_ls, 3)}; "
            f"symmetric/LS {run.ratio_sym:.3f} ± {run.ratio_sym_stderr:.3f} over {len(run.errors.ls)} data sets "
            f"(theory (n+1)/(2n) = {run.theory:.3f}); "
            f"PSD/LS {run.ratio_psd:.3f}; sym(Ŵ) not PSD in {100 * run.not_psd:.0f}% of data sets")


def _site_status(run):
    return (f"noise {run.noise:.2g}: symmetric/LS {run.ratio_sym:.2f} (theory {run.theory:.2f}), "
            f"PSD/LS {run.ratio_psd:.2f};<br>sym(Ŵ) not PSD in {100 * run.not_psd:.0f}% of data sets")


@explorer()
def onsager():
    """Chapter 8: noise, number of measurements and of forces -> the squared error of each data set
    before and after the symmetric and PSD projections (:func:`~physml.onsager.onsager`, with
    ``L`` = :func:`~physml.onsager.random_response_matrix` ``(n)``; the ratios are over 4000 data
    sets for up to four forces and 40 measurements, fewer beyond (:func:`n_trials`), the figure shows 200 of them)."""
    return Explorer(
        name="ch08-onsager",
        compute=_onsager_run,
        # the theory line starts where it enters the panel (y = 10⁻⁸), not below it
        draw=lambda run: {"theory": (_DIAGONAL * [1 / run.theory, 1], run.theory * _DIAGONAL * [1 / run.theory, 1]),
                          "sym": (run.errors.ls[:N_SHOWN], run.errors.sym[:N_SHOWN]),
                          "psd": (run.errors.ls[:N_SHOWN], run.errors.psd[:N_SHOWN])},
        status=_status,
        site_status=_site_status,
        controls=(Control("log10_noise", "log₁₀ noise", -1.0, lo=-3, hi=0.5, step=0.25,
                          site=tuple(np.arange(-3.0, 0.6, 0.5))),
                  Control("n_samples", "samples", 20, kind="int", lo=10, hi=100, step=1),
                  Control("n", "forces n", 3, kind="int", lo=2, hi=8, step=1)),
        panels=(Panel("least-squares error ‖Ŵ − L‖²", "error after projection", (1e-8, 1e3), (1e-8, 1e3),
                      xscale="log", yscale="log", legend="upper left"),),
        series=(Series("theory", color="grey", dash=True, label="y = (n+1)/(2n) x"),
                Series("sym", color="blue", style="markers", label="symmetric projection"),
                Series("psd", color="vermillion", style="markers", marker="x", label="PSD projection")),
        background=lambda: (Layer("line", x=_DIAGONAL, y=_DIAGONAL, color="grey", label="no gain (y = x)"),),
        figsize=(6.5, 4.2),
    )
