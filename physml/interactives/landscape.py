"""Explorers of chapters 1 and 2 (loss landscapes) and of chapter 1's practice."""
from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from .. import _validate
from .. import landscape as L
from ..widgets import Control, Explorer, Layer, Panel, Series, explorer, pow10, sci


# ------------------------------------------------------------------ chapter 1
def _bowl_contours():
    xs = np.linspace(-3.0, 3.0, 61)
    X, Y = np.meshgrid(xs, xs)
    return (Layer("contour", x=xs, y=xs, z=np.asarray(L.smooth_bowl(jnp.stack([X, Y], -1))), levels=14),
            Layer("hline", panel=1, y=float(L.smooth_bowl(jnp.asarray(L.BOWL_START)))))


def _step_size_status(run):
    limit = 2 / L.SMOOTH_BOWL_BETA
    head = f"α = {run.learning_rate:.3f} {'<' if run.learning_rate < limit else '>'} 2/β = {limit:.3f}"
    if run.diverged_at is not None:
        return f"{head}: DIVERGED — |θ| passed {sci(L.DIVERGED)} at step {run.diverged_at}; the curve stops there."
    kind = "E fell at every step" if run.rises == 0 else f"E rose in {run.rises} of {run.n_steps} steps"
    e_end = f"= {sci(run.energy[-1], 3)}" if abs(run.energy[-1]) >= 1e-12 else f"<\u00a0{sci(1e-12)}"
    return f"{head}: {kind}; E after {run.n_steps} steps {e_end}"


@explorer()
def step_size():
    """Chapter 1: step size α -> the descent path on :func:`~physml.landscape.smooth_bowl` and
    its energy per step (:func:`~physml.landscape.bowl_descent`)."""
    return Explorer(
        name="ch01-step-size",
        compute=L.bowl_descent,
        draw=lambda run: {"path": (run.path[:, 0], run.path[:, 1]),
                          "energy": (np.arange(len(run.energy)), run.energy)},
        status=_step_size_status,
        site_status=lambda run: _step_size_status(run).replace("—", "<br>").replace(": E", ":<br>E"),
        controls=(Control("learning_rate", "step α", 0.3, lo=0.02, hi=0.7, step=0.01,
                          site=tuple(np.round(np.arange(0.05, 0.701, 0.025), 3))),),
        panels=(Panel("x", "y", (-3, 3), (-3, 3), equal=True),
                Panel("step k", "E(θ<sub>k</sub>)", (0, L.BOWL_STEPS), (1e-12, 1e6), yscale="log", width=1.3)),
        series=(Series("path", color="vermillion", style="lines+markers"),
                Series("energy", panel=1, style="lines+markers", floor=1e-12)),
        background=_bowl_contours,
        height=470,
    )


# ------------------------------------------------------------------ chapter 2
_KEY = jax.random.key(0)


def _saddle_contours():
    xs, ys = np.linspace(-1.2, 1.2, 41), np.linspace(-1.6, 1.6, 41)
    X, Y = np.meshgrid(xs, ys)
    return (Layer("contour", x=xs, y=ys, z=np.asarray(L.strict_saddle(jnp.stack([X, Y], -1))), levels=16),
            Layer("markers", x=[0, 0, 0], y=[0, 1, -1], color="grey", marker="+", size=10),
            Layer("hline", panel=1, y=L.ESCAPED))


def _saddle_run(log10_y0, noisy, log10_noise):
    return L.saddle_escape(10.0 ** log10_y0, noise=10.0 ** log10_noise if noisy else 0.0, key=_KEY)


def _saddle_status(run):
    start = "y₀ = 0 (on the stable manifold)" if run.y0 == 0 else f"y₀ = {pow10(round(np.log10(run.y0), 2))}"
    noise = f", noise σ = {pow10(round(np.log10(run.noise), 2))}" if run.noise else ", no noise"
    if run.escaped_at is None:
        return f"{start}{noise}: still at the saddle after {len(run.path) - 1} steps."
    pred = f" (linear prediction ln(0.5/|y₀|)/ln(1+α) = {run.predicted:.0f})" if not run.noise else ""
    return f"{start}{noise}: escaped at step {run.escaped_at}{pred}."


@explorer()
def saddle_escape():
    """Chapter 2: distance from the stable manifold and noise -> escape from a strict saddle
    (:func:`~physml.landscape.saddle_escape`)."""
    return Explorer(
        name="ch02-saddle",
        compute=_saddle_run,
        draw=lambda run: {"path": (run.path[:, 0], run.path[:, 1]),
                          "y": (np.arange(len(run.path)), np.abs(run.path[:, 1])),
                          "escape": run.escaped_at},
        status=_saddle_status,
        site_status=lambda run: _saddle_status(run).replace(": ", ":<br>", 1),
        controls=(Control("log10_y0", "log₁₀|y₀|", -6.0, lo=-12, hi=-1, step=0.5,
                          site=tuple(np.arange(-12.0, -0.9, 1.0))),
                  Control("noisy", "noise", False, kind="check"),
                  Control("log10_noise", "log₁₀σ", -8.0, lo=-12, hi=-2, step=0.5,
                          site=tuple(np.arange(-12.0, -1.9, 1.0)))),
        panels=(Panel("x", "y", (-1.2, 1.2), (-1.6, 1.6)),
                Panel("step k", "|y<sub>k</sub>|", (0, L.SADDLE_STEPS), (1e-13, 3), yscale="log", width=1.4)),
        # the website keeps every 5th of the 400 steps: smooth curves, a page a quarter the size
        series=(Series("path", color="vermillion", site_every=5),
                Series("y", panel=1, floor=1e-13, site_every=5),
                Series("escape", panel=1, style="vline", color="green")),
        background=_saddle_contours,
    )


# ------------------------------------------------- chapter 1's practice (task 1.2)
@explorer(example=dict(matrix=[[3.0, 1.0], [1.0, 3.0]]))
def quadratic_step(matrix, theta0=(1.0, -0.5), learning_rate=0.1):
    r"""Practice of chapter 1: :math:`|\theta_k|` of gradient descent on
    :math:`E = \tfrac12\theta^\top A\theta` against :math:`k`, the step size on a slider."""
    A = jnp.asarray(_validate.symmetric_matrix("matrix", matrix))
    theta0 = _validate.finite_array("theta0", theta0, ndim=1)
    if theta0.shape[0] != A.shape[0]:
        raise ValueError(f"theta0 must have length {A.shape[0]} to match matrix, got {theta0.shape[0]}")
    loss = functools.partial(_quadratic, A)

    def status(run):
        if run.diverged_at is not None:
            return f"α = {run.learning_rate:.3f}: DIVERGED — |θ| passed {sci(L.DIVERGED)} at step {run.diverged_at}."
        norms = np.linalg.norm(run.path, axis=1)
        trend = "shrinks" if norms[-1] < norms[0] else "does not shrink"
        return f"α = {run.learning_rate:.3f}: |θ| {trend}; |θ<sub>60</sub>| = {sci(norms[-1], 3)}"

    return Explorer(
        name="practice01-quadratic",
        compute=lambda learning_rate: L.descent_until_divergence(loss, theta0, learning_rate, 60),
        draw=lambda run: {"norm": (np.arange(len(run.path)), np.linalg.norm(run.path, axis=1))},
        status=status,
        controls=(Control("learning_rate", "step α", learning_rate, lo=0.01, hi=1.2, step=0.005, fmt=".3f",
                          site=tuple(np.round(np.arange(0.05, 1.201, 0.05), 3))),),
        panels=(Panel("step k", "|θ<sub>k</sub>|", (0, 60), (1e-16, 1e4), yscale="log"),),
        series=(Series("norm", style="lines+markers", floor=1e-16),),
        figsize=(6.0, 3.0),
    )


def _quadratic(A, theta):
    return 0.5 * theta @ A @ theta
