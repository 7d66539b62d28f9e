"""Explorers of chapter 3 (neural quantum states) and of its practice."""
from __future__ import annotations

from dataclasses import dataclass

import jax
import numpy as np

from .. import nqs
from .. import quantum as Q
from ..widgets import Control, Explorer, Panel, Series, explorer, sci

# ------------------------------------------------------------------ chapter 3
#: Chain length of the runs behind the explorer; below, its five fields and three hidden densities
#: (100 SR iterations of 256 samples each: small enough to redo in seconds; 15 runs, the batch size of
#: chapter 3's optimiser comparison, so that both share one compiled program).
VMC_L = 8
VMC_FIELDS = (0.25, 0.5, 1.0, 1.5, 2.0)
VMC_ALPHAS = (0.25, 1.0, 2.0)
VMC_SETTINGS = dict(n_chains=64, n_discard=1)
_KEY = jax.random.key(0)
#: the log panel's floor
_FLOOR = 1e-7


def _default(options, value):
    options = [float(x) for x in options]
    return value if value in options else options[len(options) // 2]


def _vmc_status(run):
    return (f"L = {run.L}, h = {run.h:.2f}, α = {run.alpha:g} ({run.hidden} hidden units); "
            f"last {run.n_last} iterations: (E − E₀)/|E₀| = {sci(run.final_relative_error)}, "
            f"σ²(E<sub>loc</sub>) = {sci(run.final_variance)}; acceptance {run.final_acceptance:.2f}")


def _energy_range(grid):
    """A fixed range of E/L that holds every run of the grid and every exact E₀/L."""
    per_site = np.concatenate([grid.energy.ravel(), grid.exact]) / grid.L
    lo, hi = per_site.min(), per_site.max()
    pad = 0.05 * (hi - lo)
    return float(np.floor(10 * (lo - pad)) / 10) + 0.0, float(np.ceil(10 * (hi + pad)) / 10) + 0.0  # no -0.0


@explorer(example=dict(fields=(0.5, 1.0), alphas=(0.5, 1.0), n_iter=10))
def vmc(L=VMC_L, fields=VMC_FIELDS, alphas=VMC_ALPHAS, *, n_iter=100, n_samples=256):
    r"""Chapter 3: field :math:`h` and hidden density :math:`\alpha` -> an SR run's energy per site
    against the exact :math:`E_0/L`, and its relative error and local-energy variance per site.

    The runs are computed once, all of them in one compiled program
    (:func:`~physml.nqs.run_vmc_grid`, a few seconds); a control change only redraws one
    :meth:`~physml.nqs.VMCGrid.convergence`. The energy axis is fixed over all fields.
    """
    grid = nqs.run_vmc_grid(L, fields, alphas, key=_KEY, n_iter=n_iter, n_samples=n_samples, **VMC_SETTINGS)
    n = grid.n_iter
    return Explorer(
        name="ch03-vmc",
        compute=grid.convergence,
        draw=lambda run: {"energy": (np.arange(n), run.energy / run.L),
                          "exact": run.exact / run.L,
                          "error": (np.arange(n), run.relative_error),
                          "variance": (np.arange(n), run.variance / run.L)},
        status=_vmc_status,
        controls=(Control("h", "field h", _default(grid.fields, 1.0), kind="options",
                          options=tuple(float(x) for x in grid.fields)),
                  Control("alpha", "α = M/L", _default(grid.alphas, 1.0), kind="toggle",
                          options=tuple(float(a) for a in grid.alphas))),
        panels=(Panel("iteration", "energy per site E/L", (0, n), _energy_range(grid), legend="upper right"),
                Panel("iteration", "|E − E₀|/|E₀|,  σ²(E<sub>loc</sub>)/L", (0, n), (_FLOOR, 10), yscale="log",
                      legend="upper right")),
        series=(Series("energy", label="VMC E/L"),
                Series("exact", style="hline", color="vermillion", dash=True, label="exact E₀/L (Jordan–Wigner)"),
                Series("error", panel=1, label="|E − E₀|/|E₀|", floor=_FLOOR),
                Series("variance", panel=1, color="orange", label="σ²(E<sub>loc</sub>)/L", floor=_FLOOR)),
        site="h",
        figsize=(8.0, 3.4),
        height=470,
    )


# ------------------------------------------------- chapter 3's practice (task 3.2)
_THETAS_DEG = np.linspace(0.0, 180.0, 361)


@dataclass(frozen=True)
class _ProductStates:
    theta_deg: float
    h: float
    energy: float
    exact: float
    curve: np.ndarray


def _product_status(view):
    gap = view.energy - view.exact
    return (f"θ = {view.theta_deg:.0f}°: E[ψ<sub>θ</sub>] = {view.energy:.4f}, exact E₀ = {view.exact:.4f}, "
            f"E[ψ<sub>θ</sub>] − E₀ = {gap:.4f} {'≥ 0 ✓' if gap >= 0 else '< 0 ?!'}")


@explorer()
def product_state(L=10):
    r"""Practice of chapter 3: tilt angle θ and field h -> the product-state energy
    :math:`E(\theta) = -JL\cos^2\theta - hL\sin\theta` (:func:`~physml.quantum.product_state_energy`)
    against the exact :math:`E_0` (:func:`~physml.quantum.tfim_exact_energy`), :math:`J = 1`."""
    Q.tfim_exact_energy(L, 1.0)  # checks L (even, >= 2) before the figure is built

    def compute(theta_deg, h):
        return _ProductStates(theta_deg, h, Q.product_state_energy(np.radians(theta_deg), L, h),
                              Q.tfim_exact_energy(L, h), Q.product_state_energy(np.radians(_THETAS_DEG), L, h))

    return Explorer(
        name="practice03-product-state",
        compute=compute,
        draw=lambda view: {"curve": (_THETAS_DEG, view.curve), "point": ([view.theta_deg], [view.energy]),
                           "exact": view.exact},
        status=_product_status,
        controls=(Control("theta_deg", "θ (deg)", 45.0, lo=0, hi=180, step=1, fmt=".0f",
                          site=tuple(np.arange(0.0, 180.1, 10.0))),
                  Control("h", "field h", 1.0, lo=0.0, hi=4.0, step=0.05,
                          site=(0.0, 0.5, 1.0, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0))),
        panels=(Panel("tilt angle θ (degrees)", "energy", (0, 180), (-4.2 * L, 0.2 * L), legend="upper right"),),
        series=(Series("curve", label="product states E[ψ<sub>θ</sub>]"),
                Series("point", style="markers", size=7),
                Series("exact", style="hline", color="vermillion", dash=True, label="exact E₀")),
        figsize=(6.0, 3.2),
    )
