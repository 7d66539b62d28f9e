"""Explorer of chapter 5 (hidden symmetries) and of its practice."""
from __future__ import annotations

import jax
import numpy as np

from .. import symmetry as S
from ..widgets import Control, Explorer, Layer, Panel, Series, explorer, sci


def _example_grid():
    """A hand-made two-by-two :class:`~physml.symmetry.AutoencoderGrid` (no training): the
    benchmark and the tests time and check the drawing with it."""
    ev = (np.array([0.0 + 0j]), np.array([-1j, 1j]))
    return S.AutoencoderGrid(np.array([1, 2]), np.array([0, 3000]), np.array([[1.0, 1.0], [0.5, 1e-7]]),
                             np.array([[1.0, 1.0], [0.6, 1e-6]]), np.array([[0.9, 0.7], [0.8, 0.5]]),
                             ((ev[0], ev[0]), (ev[1] * 0.3 + 0.1, ev[1])), np.array([-1.0, 0.0, 1.0]))


def _spectrum_layer(spectrum, half_width=0.25):
    """The physical eigenvalues ±ik as short horizontal bars at Re = 0 (one line, NaN-separated)."""
    x = np.tile([-half_width, half_width, np.nan], len(spectrum))
    y = np.repeat(np.asarray(spectrum, dtype=float), 3)
    y[2::3] = np.nan
    return Layer("line", panel=1, x=x, y=y, color="grey", width=2.0, label="physical ±ik")


def _status(entry):
    freqs = ", ".join(f"{w:.3f}" for w in entry.frequencies) or "none"
    return (f"latent dim {entry.latent_dim}, {entry.steps} steps: latent-generator residual {sci(entry.residual)}, "
            f"decoder consistency {sci(entry.consistency)}, relative reconstruction error {entry.reconstruction:.2f}; "
            f"rotation frequencies of A: {freqs}")


@explorer(example=dict(grid=_example_grid()))
def autoencoder(grid=None, *, latent_dim=2, steps=None):
    """Chapter 5: latent dimension and training length -> the residuals of the latent action
    along training and the spectrum of ``A`` (an :class:`~physml.symmetry.AutoencoderGrid`;
    ``None``: the chapter's, :func:`~physml.symmetry.autoencoder_grid` on
    :func:`~physml.symmetry.oscillator_data`, about 12 seconds).  ``steps`` defaults to the end
    of training."""
    if grid is None:
        key = jax.random.key(0)
        grid = S.autoencoder_grid(S.oscillator_data(key=key), key=key)
    if not isinstance(grid, S.AutoencoderGrid):
        raise TypeError(f"grid must be an AutoencoderGrid (from physml.symmetry.autoencoder_grid), "
                        f"got {type(grid).__name__}")
    steps = int(grid.steps[-1]) if steps is None else steps
    grid.index(latent_dim, steps)                       # both must be entries of the grid
    t = np.maximum(grid.steps, 1)

    def draw(entry):
        i, j = grid.index(entry.latent_dim, entry.steps)
        return {"residual": (t, grid.residual[i]), "consistency": (t, grid.consistency[i]),
                "now": ([t[j]], [grid.residual[i, j]]),
                "eigenvalues": (entry.eigenvalues.real, entry.eigenvalues.imag)}

    return Explorer(
        name="ch05-autoencoder",
        compute=grid.at,
        draw=draw,
        status=_status,
        site_status=lambda entry: _status(entry).replace(": latent", ":<br>latent").replace("; ", "<br>"),
        controls=(Control("latent_dim", "latent dim", int(latent_dim), kind="toggle",
                          options=tuple(int(d) for d in grid.latent_dims)),
                  Control("steps", "steps", int(steps), kind="options", options=tuple(int(s) for s in grid.steps))),
        site="latent_dim",
        panels=(Panel("training steps (0 plotted at 1)", "relative residual", (0.7, t.max() * 1.5), (1e-13, 3),
                      xscale="log", yscale="log", legend="lower left", width=1.3),
                Panel("Re", "Im", (-1.5, 1.5), (-3.5, 3.5), legend="lower right")),
        series=(Series("residual", style="lines+markers", label="latent generator"),
                Series("consistency", style="lines+markers", color="orange", marker="s", dash=True,
                       label="decoder consistency"),
                Series("now", style="markers", color="vermillion", size=12),
                Series("eigenvalues", panel=1, style="markers", size=8, label="eigenvalues of A")),
        background=lambda: (_spectrum_layer(grid.physical_spectrum),),
        figsize=(9.0, 3.4),
        height=500,
    )
