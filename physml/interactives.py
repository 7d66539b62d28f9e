"""The interactive figure of each chapter, built on the pattern of :mod:`physml.widgets`.

Each interactive is one jit-compiled ``compute`` function and two views of it:
``<name>()`` returns the live :class:`~physml.widgets.LiveFigure` (JupyterLab)
and ``<name>_static()`` the precomputed plotly slider (website).
"""
from __future__ import annotations

import jax
import jax.numpy as jnp
import ipywidgets as W
import numpy as np

from . import _validate
from . import landscape as L
from . import discovery, integrators, mechanics, nqs, onsager, quantum, symmetry
from .style import COLORS
from .widgets import LiveFigure, plotly_slider, round_sig

__all__ = ["step_size_explorer", "step_size_explorer_static", "step_size_run",
           "saddle_escape_explorer", "saddle_escape_explorer_static", "saddle_escape_run",
           "quadratic_step_explorer",
           "vmc_grid", "vmc_convergence_run", "vmc_explorer", "vmc_explorer_static",
           "product_state_run", "product_state_explorer",
           "power_law_run", "power_law_explorer",
           "collision_run", "collision_explorer", "collision_explorer_static",
           "autoencoder_grid", "autoencoder_run", "autoencoder_explorer", "autoencoder_explorer_static",
           "energy_drift_grid", "energy_drift_run", "energy_drift_explorer", "energy_drift_explorer_static",
           "integrator_run", "integrator_explorer", "integrator_explorer_static",
           "onsager_run", "onsager_explorer", "onsager_explorer_static"]

# ------------------------------------------------------------------ chapter 1
BOWL_START = (2.5, -1.6)
BOWL_STEPS = 40
DIVERGED = 1e3  # |θ| beyond this counts as diverged
_grad_bowl = jax.grad(L.smooth_bowl)


@jax.jit
def _bowl_run(alpha):
    path = L._gd_scan(_grad_bowl, jnp.asarray(BOWL_START), alpha, BOWL_STEPS)
    return path, L.smooth_bowl(path)


def step_size_run(alpha):
    """Gradient descent on :func:`~physml.landscape.smooth_bowl` from ``BOWL_START``.

    Returns a dict: ``path`` (steps+1, 2) and ``energy`` (steps+1,), cut at
    divergence; ``diverged_at`` (step index or None); ``status`` (words).
    """
    path, energy = (np.asarray(a) for a in _bowl_run(float(alpha)))
    norm = np.linalg.norm(path, axis=1)
    k = L.escape_step(norm, DIVERGED)
    two_over_beta = 2 / L.SMOOTH_BOWL_BETA
    rel = "<" if alpha < two_over_beta else ">"
    if k is not None:
        status = (f"α = {alpha:.3f} {rel} 2/β = {two_over_beta:.3f}: DIVERGED — |θ| passed "
                  f"{DIVERGED:.0e} at step {k}; the curve stops there.")
        path, energy = path[:k], energy[:k]
    else:
        rises = int(np.sum(np.diff(energy) > 1e-12))
        kind = "E fell at every step" if rises == 0 else f"E rose in {rises} of {BOWL_STEPS} steps"
        e_end = f"{energy[-1]:.2e}" if abs(energy[-1]) >= 1e-12 else "< 1e-12"
        status = (f"α = {alpha:.3f} {rel} 2/β = {two_over_beta:.3f}: {kind}; "
                  f"E after {BOWL_STEPS} steps = {e_end}")
    return dict(path=path, energy=energy, diverged_at=k, status=status)


def _bowl_grid(n=81, lim=3.0):
    xs = np.linspace(-lim, lim, n)
    X, Y = np.meshgrid(xs, xs)
    Z = np.asarray(L.smooth_bowl(jnp.stack([X, Y], -1)))
    return xs, X, Y, Z


def step_size_explorer(alpha=0.3):
    """Live figure: step size α -> trajectory on the landscape and energy per step (chapter 1)."""
    xs, X, Y, Z = _bowl_grid()
    two_over_beta = 2 / L.SMOOTH_BOWL_BETA

    def setup(fig):
        ax, ax_e = fig.subplots(1, 2, gridspec_kw=dict(width_ratios=[1, 1.3]))
        ax.contour(X, Y, Z, levels=14, linewidths=0.8)
        ax.set(xlim=(-3, 3), ylim=(-3, 3), xlabel="x", ylabel="y", aspect="equal")
        (line,) = ax.plot([], [], "o-", ms=3, color=COLORS["vermillion"], animated=True)
        (eline,) = ax_e.semilogy([], [], "o-", ms=3, color=COLORS["blue"], animated=True)
        ax_e.set(xlim=(0, BOWL_STEPS), ylim=(1e-12, 1e6), xlabel="step k", ylabel="E(θ_k)")
        ax_e.axhline(L.smooth_bowl(jnp.asarray(BOWL_START)), color=COLORS["grey"], lw=1, ls=":")
        title = ax_e.text(0.97, 0.95, "", transform=ax_e.transAxes, ha="right", va="top", animated=True)

        def update(run):
            line.set_data(run["path"][:, 0], run["path"][:, 1])
            eline.set_data(np.arange(len(run["energy"])), np.maximum(run["energy"], 1e-12))
            title.set_text(f"α = {controls['alpha'].value:.3f}   (2/β = {two_over_beta:.3f})")
            return run["status"]

        return update

    controls = dict(alpha=W.FloatSlider(value=alpha, min=0.02, max=0.7, step=0.01,
                                        description="step α", readout_format=".2f",
                                        continuous_update=True))
    return LiveFigure(controls, step_size_run, setup)


def step_size_explorer_static(values=None):
    """Website version of :func:`step_size_explorer`: a plotly slider over precomputed α."""
    import plotly.graph_objects as go

    if values is None:
        values = np.round(np.arange(0.05, 0.701, 0.025), 3)
    xs, _, _, Z = _bowl_grid(n=61)

    background = [go.Contour(x=round_sig(xs), y=round_sig(xs), z=round_sig(Z), contours_coloring="lines",
                             colorscale="Cividis", showscale=False, ncontours=14, hoverinfo="skip")]

    def traces(run, alpha):
        p, e = round_sig(run["path"]), round_sig(np.maximum(run["energy"], 1e-12))
        return [
            go.Scatter(x=p[:, 0], y=p[:, 1], mode="lines+markers", name="θ_k",
                       line=dict(color=COLORS["vermillion"]), marker=dict(size=4)),
            go.Scatter(x=np.arange(len(e)), y=e, mode="lines+markers", name="E(θ_k)",
                       xaxis="x2", yaxis="y2", line=dict(color=COLORS["blue"]), marker=dict(size=4)),
        ], run["status"].replace("—", "<br>").replace(": E", ":<br>E")

    layout = dict(
        height=470, showlegend=False,
        xaxis=dict(domain=[0, 0.42], range=[-3, 3], title="x"),
        yaxis=dict(range=[-3, 3], title="y", scaleanchor="x"),
        xaxis2=dict(domain=[0.55, 1], range=[0, BOWL_STEPS], title="step k"),
        yaxis2=dict(anchor="x2", type="log", range=[-12, 6], title="E(θ_k)"),
        title=dict(font=dict(size=13)),
    )
    active = int(np.argmin(np.abs(np.asarray(values) - 0.3)))
    return plotly_slider(step_size_run, "alpha", list(values), traces, background=background,
                         layout=layout,
                         label="step α", div_id="ch01-step-size", active=active)


# ------------------------------------------------------------------ chapter 2
SADDLE_LR = 0.1
SADDLE_STEPS = 400
ESCAPED = 0.5  # |y| beyond this: left the saddle
_grad_saddle = jax.grad(L.strict_saddle)


@jax.jit
def _saddle_run(y0, noise, key):
    theta0 = jnp.array([1.0, 0.0]) + jnp.array([0.0, 1.0]) * y0
    return L._pgd_scan(_grad_saddle, theta0, SADDLE_LR, SADDLE_STEPS, noise, key)


def saddle_escape_run(log10_y0, log10_noise=-8.0, noisy=False, seed=0):
    r"""GD (or perturbed GD) on :func:`~physml.landscape.strict_saddle` from ``(1, 10**log10_y0)``.

    Returns a dict with ``path``, ``escaped_at`` (first step with
    :math:`|y| > 0.5`, or None), the linearised prediction ``predicted``
    :math:`= \ln(0.5/|y_0|)/\ln(1+\alpha)` and a ``status`` line.
    """
    y0 = 0.0 if log10_y0 is None else 10.0 ** log10_y0
    noise = 10.0 ** log10_noise if noisy else 0.0
    path = np.asarray(_saddle_run(y0, noise, jax.random.key(seed)))
    k = L.escape_step(path[:, 1], ESCAPED)
    predicted = np.log(ESCAPED / y0) / np.log1p(SADDLE_LR) if y0 > 0 else np.inf
    start = "y₀ = 0 (on the stable manifold)" if y0 == 0 else f"y₀ = 1e{log10_y0:.1f}"
    noise_txt = f", noise σ = 1e{log10_noise:.1f}" if noisy else ", no noise"
    if k is None:
        status = f"{start}{noise_txt}: still at the saddle after {SADDLE_STEPS} steps."
    else:
        status = f"{start}{noise_txt}: escaped at step {k}"
        if not noisy and y0 > 0:
            status += f" (linear prediction ln(0.5/|y₀|)/ln(1+α) = {predicted:.0f})"
        status += "."
    return dict(path=path, escaped_at=k, predicted=predicted, status=status)


def _saddle_grid(n=81):
    xs = np.linspace(-1.2, 1.2, n)
    ys = np.linspace(-1.6, 1.6, n)
    X, Y = np.meshgrid(xs, ys)
    return xs, ys, X, Y, np.asarray(L.strict_saddle(jnp.stack([X, Y], -1)))


def saddle_escape_explorer(log10_y0=-6.0):
    """Live figure: distance from the stable manifold and noise -> escape from the saddle (chapter 2)."""
    xs, ys, X, Y, Z = _saddle_grid()

    def setup(fig):
        ax, ax_y = fig.subplots(1, 2, gridspec_kw=dict(width_ratios=[1, 1.4]))
        ax.contour(X, Y, Z, levels=16, linewidths=0.8)
        ax.plot([0, 0, 0], [0, 1, -1], "k+", ms=10)
        ax.set(xlabel="x", ylabel="y", xlim=(-1.2, 1.2), ylim=(-1.6, 1.6))
        (line,) = ax.plot([], [], "-", color=COLORS["vermillion"], animated=True)
        (yline,) = ax_y.semilogy([], [], "-", color=COLORS["blue"], animated=True)
        ax_y.axhline(ESCAPED, color=COLORS["grey"], ls=":", lw=1)
        ax_y.set(xlim=(0, SADDLE_STEPS), ylim=(1e-13, 3), xlabel="step k", ylabel="|y_k|")
        mark = ax_y.axvline(-1, color=COLORS["green"], lw=1, animated=True)

        def update(run):
            p = run["path"]
            line.set_data(p[:, 0], p[:, 1])
            yline.set_data(np.arange(len(p)), np.maximum(np.abs(p[:, 1]), 1e-13))
            mark.set_xdata([run["escaped_at"] if run["escaped_at"] is not None else -1] * 2)
            return run["status"]

        return update

    controls = dict(
        log10_y0=W.FloatSlider(value=log10_y0, min=-12, max=-1, step=0.5, description="log₁₀|y₀|"),
        noisy=W.Checkbox(value=False, description="noise"),
        log10_noise=W.FloatSlider(value=-8, min=-12, max=-2, step=0.5, description="log₁₀σ"),
    )
    return LiveFigure(controls, saddle_escape_run, setup)


def saddle_escape_explorer_static(name="log10_y0", values=None, fixed=None):
    """Website version: a plotly slider over log₁₀|y₀| (or over log₁₀σ with ``name="log10_noise"``)."""
    import plotly.graph_objects as go

    if values is None:
        values = np.arange(-12, -0.9, 1.0)
    fixed = dict(fixed or {})
    xs, ys, _, _, Z = _saddle_grid(n=61)

    background = [go.Contour(x=round_sig(xs), y=round_sig(ys), z=round_sig(Z), contours_coloring="lines",
                             colorscale="Cividis", showscale=False, ncontours=16, hoverinfo="skip")]

    def traces(run, _val):
        p = run["path"]
        k = np.arange(len(p))
        sub = slice(None, None, 2)  # every other step is plenty for the plot
        return [
            go.Scatter(x=round_sig(p[sub, 0]), y=round_sig(p[sub, 1]), mode="lines",
                       line=dict(color=COLORS["vermillion"])),
            go.Scatter(x=k[sub], y=round_sig(np.maximum(np.abs(p[sub, 1]), 1e-13)), mode="lines",
                       xaxis="x2", yaxis="y2", line=dict(color=COLORS["blue"])),
        ], run["status"].replace(": ", ":<br>", 1)

    layout = dict(
        height=450, showlegend=False,
        xaxis=dict(domain=[0, 0.38], range=[-1.2, 1.2], title="x"),
        yaxis=dict(range=[-1.6, 1.6], title="y"),
        xaxis2=dict(domain=[0.5, 1], range=[0, SADDLE_STEPS], title="step k"),
        yaxis2=dict(anchor="x2", type="log", range=[-13, 0.5], title="|y_k|"),
        title=dict(font=dict(size=13)),
    )
    label = {"log10_y0": "log₁₀|y₀|", "log10_noise": "log₁₀σ"}[name]
    active = len(values) // 2
    return plotly_slider(saddle_escape_run, name, list(values), traces, background=background,
                         fixed=fixed,
                         layout=layout, label=label, div_id=f"ch02-saddle-{name}", active=active)


# ------------------------------------------------- chapter 1 practice (task 1.2)
@jax.jit
def _quadratic_run(matrix, alpha, theta0):
    return L._gd_scan(lambda th: matrix @ th, theta0, alpha, 60)


def quadratic_step_explorer(matrix, alpha=0.1, theta0=(1.0, -0.5)):
    """Live figure for the practice of chapter 1: :math:`|\theta_k|` of GD on
    :math:`E = \tfrac12\theta^\top A\theta` against :math:`k`, with :math:`\alpha` on a slider."""
    A = jnp.asarray(L._symmetric("matrix", matrix))
    th0 = jnp.asarray(_validate.finite_array("theta0", theta0, ndim=1))
    if th0.shape[0] != A.shape[0]:
        raise ValueError(f"theta0 must have length {A.shape[0]} to match matrix, got {th0.shape[0]}")

    def compute(alpha):
        norms = np.linalg.norm(np.asarray(_quadratic_run(A, float(alpha), th0)), axis=1)
        k = L.escape_step(norms, DIVERGED)
        if k is not None:
            return norms[:k], f"α = {alpha:.3f}: DIVERGED — |θ| passed {DIVERGED:.0e} at step {k}."
        trend = "shrinks" if norms[-1] < norms[0] else "does not shrink"
        return norms, f"α = {alpha:.3f}: |θ| {trend}; |θ_60| = {norms[-1]:.2e}"

    def setup(fig):
        ax = fig.subplots()
        (line,) = ax.semilogy([], [], "o-", ms=3, animated=True)
        ax.set(xlim=(0, 60), ylim=(1e-16, 1e4), xlabel="step k", ylabel="|θ_k|")

        def update(result):
            norms, status = result
            line.set_data(np.arange(len(norms)), np.maximum(norms, 1e-16))
            return status

        return update

    controls = dict(alpha=W.FloatSlider(value=alpha, min=0.01, max=1.2, step=0.005,
                                        description="step α", readout_format=".3f"))
    return LiveFigure(controls, compute, setup, figsize=(6.0, 3.0))


# ------------------------------------------------------------------ chapter 3
VMC_L = 8
VMC_FIELDS = (0.25, 0.5, 1.0, 1.5, 2.0)
VMC_ALPHAS = (0.25, 0.5, 1.0, 2.0)
#: the runs behind the interactive: small enough to redo in seconds
VMC_SETTINGS = dict(n_iter=100, n_samples=256, seed=0, n_chains=64, n_discard=1)


def vmc_grid(fields=VMC_FIELDS, alphas=VMC_ALPHAS, L=VMC_L, **settings):
    """VMC convergence runs for every field and hidden density (chapter 3's interactive).

    One call of :func:`physml.nqs.run_vmc_grid` (all runs batched in one
    compiled program) with ``VMC_SETTINGS`` unless overridden, plus the exact
    energies (:func:`physml.quantum.tfim_exact_energy`). Returns a dict.
    """
    opts = {**VMC_SETTINGS, **settings}
    n_iter, n_samples, seed = opts.pop("n_iter"), opts.pop("n_samples"), opts.pop("seed")
    grid = nqs.run_vmc_grid(L, fields, alphas, n_iter, n_samples, seed, **opts)
    grid["exact"] = np.array([quantum.tfim_exact_energy(L, h) for h in grid["fields"]])
    grid["L"] = L
    return grid


def vmc_convergence_run(grid, h, alpha):
    """One run of a :func:`vmc_grid`: energy, relative error and variance per iteration, with a status line."""
    i = int(np.argmin(np.abs(grid["fields"] - h)))
    j = int(np.argmin(np.abs(grid["alphas"] - alpha)))
    exact, energy, var = grid["exact"][i], grid["energy"][i, j], grid["variance"][i, j]
    rel = np.abs(energy - exact) / abs(exact)
    tail = slice(-20, None)
    L = grid["L"]
    status = (f"L = {L}, h = {grid['fields'][i]:.2f}, α = {grid['alphas'][j]:g} "
              f"({int(round(grid['alphas'][j] * L))} hidden units): over the last 20 iterations "
              f"|E − E₀|/|E₀| = {np.mean(energy[tail] - exact) / abs(exact):.1e}, "
              f"σ²(E_loc) = {np.mean(var[tail]):.1e}, acceptance {grid['acceptance'][i, j, -1]:.2f}")
    return dict(energy=energy, rel_error=rel, variance=var, exact=exact, status=status)


def vmc_explorer(grid=None, h=1.0, alpha=1.0):
    """Live figure: field h and hidden density α -> VMC convergence against the exact energy (chapter 3).

    The runs are computed once (``grid``, from :func:`vmc_grid`, which takes a few
    seconds); a control change only redraws.
    """
    grid = vmc_grid() if grid is None else grid
    n_iter = grid["energy"].shape[-1]

    def setup(fig):
        ax, ax_r = fig.subplots(1, 2)
        (eline,) = ax.plot([], [], color=COLORS["blue"], lw=1.2, animated=True, label="VMC energy")
        exact = ax.axhline(0, color=COLORS["vermillion"], ls="--", lw=1.2, animated=True,
                           label="exact (Jordan–Wigner)")
        ax.set(xlim=(0, n_iter), xlabel="iteration", ylabel="E")
        ax.legend(loc="upper right")
        (rline,) = ax_r.semilogy([], [], color=COLORS["blue"], lw=1, animated=True, label="|E − E₀|/|E₀|")
        (vline,) = ax_r.semilogy([], [], color=COLORS["orange"], lw=1, animated=True, label="σ²(E_loc)/L")
        ax_r.set(xlim=(0, n_iter), ylim=(1e-7, 10), xlabel="iteration")
        ax_r.legend(loc="upper right")

        def update(run):
            k = np.arange(n_iter)
            eline.set_data(k, run["energy"])
            exact.set_ydata([run["exact"]] * 2)
            lo = run["exact"]
            ax.set_ylim(lo - 0.02 * abs(lo), lo + 0.15 * abs(lo))
            rline.set_data(k, np.maximum(run["rel_error"], 1e-7))
            vline.set_data(k, np.maximum(run["variance"] / grid["L"], 1e-7))
            return run["status"]

        return update

    controls = dict(
        h=W.SelectionSlider(options=[float(x) for x in grid["fields"]], value=float(h), description="field h"),
        alpha=W.ToggleButtons(options=[float(a) for a in grid["alphas"]], value=float(alpha),
                              description="α = M/L"),
    )
    fig = LiveFigure(controls, lambda h, alpha: vmc_convergence_run(grid, h, alpha), setup)
    return fig


def vmc_explorer_static(grid=None):
    """Website version of :func:`vmc_explorer`: a slider over h; one curve per α (click the legend to hide one)."""
    import plotly.graph_objects as go

    grid = vmc_grid() if grid is None else grid
    n_iter = grid["energy"].shape[-1]
    k = np.arange(n_iter)
    palette = [COLORS[c] for c in ("orange", "sky", "blue", "vermillion", "green", "purple")]

    def compute(h):
        return [vmc_convergence_run(grid, h, a) for a in grid["alphas"]]

    def traces(runs, h):
        out = []
        for a, run, color in zip(grid["alphas"], runs, palette):
            out.append(go.Scatter(x=k, y=round_sig(np.maximum(run["rel_error"], 1e-7), 3), mode="lines",
                                  name=f"α = {a:g}", legendgroup=f"{a:g}", line=dict(color=color, width=1.5)))
        for a, run, color in zip(grid["alphas"], runs, palette):
            out.append(go.Scatter(x=k, y=round_sig(np.maximum(run["variance"] / grid["L"], 1e-7), 3),
                                  mode="lines", name=f"α = {a:g}", legendgroup=f"{a:g}", showlegend=False,
                                  xaxis="x2", yaxis="y2", line=dict(color=color, width=1.5)))
        finals = ", ".join(f"{np.mean(r['rel_error'][-20:]):.0e}" for r in runs)
        return out, f"h = {h:.2f}: final |E − E₀|/|E₀| = {finals} (α = {', '.join(f'{a:g}' for a in grid['alphas'])})"

    layout = dict(
        height=440,
        xaxis=dict(domain=[0, 0.45], title="iteration"),
        yaxis=dict(type="log", range=[-7, 1], title="|E − E₀| / |E₀|", exponentformat="power"),
        xaxis2=dict(domain=[0.55, 1], title="iteration"),
        yaxis2=dict(anchor="x2", type="log", range=[-7, 1], title="σ²(E_loc) / L", exponentformat="power"),
        legend=dict(orientation="h", y=1.02, x=1, xanchor="right", yanchor="bottom"),
        title=dict(font=dict(size=12), x=0.0, xanchor="left", y=0.99),
        margin=dict(t=95),
    )
    values = [float(x) for x in grid["fields"]]
    active = int(np.argmin(np.abs(np.asarray(values) - 1.0)))
    return plotly_slider(compute, "h", values, traces, layout=layout, label="field h",
                         div_id="ch03-vmc", active=active)


def product_state_run(theta_deg, h, L=10, J=1.0):
    r"""Energy of the product state :func:`physml.quantum.product_state` against the exact :math:`E_0`.

    Chapter 3's practice. Uses the mean-field closed form
    :math:`E(\theta) = -JL\cos^2\theta - hL\sin\theta` (tested against the
    Rayleigh quotient) for the curve, and :func:`physml.quantum.tfim_exact_energy`.
    """
    thetas = np.linspace(0.0, 180.0, 361)
    curve = -J * L * np.cos(np.radians(thetas)) ** 2 - h * L * np.sin(np.radians(thetas))
    energy = -J * L * np.cos(np.radians(theta_deg)) ** 2 - h * L * np.sin(np.radians(theta_deg))
    e0 = quantum.tfim_exact_energy(L, h, J)
    status = (f"θ = {theta_deg:.0f}°: E[ψ_θ] = {energy:.4f}, exact E₀ = {e0:.4f}, "
              f"E[ψ_θ] − E₀ = {energy - e0:.4f} {'≥ 0 ✓' if energy >= e0 else '< 0 ?!'}")
    return dict(thetas=thetas, curve=curve, theta=theta_deg, energy=energy, exact=e0, status=status)


def product_state_explorer(theta_deg=45.0, h=1.0, L=10):
    """Live figure: tilt angle θ and field h -> product-state energy against E₀ (chapter 3 practice)."""

    def setup(fig):
        ax = fig.subplots()
        (curve,) = ax.plot([], [], color=COLORS["blue"], animated=True, label="product states E[ψ_θ]")
        (point,) = ax.plot([], [], "o", color=COLORS["blue"], ms=7, animated=True)
        exact = ax.axhline(0, color=COLORS["vermillion"], ls="--", animated=True, label="exact E₀")
        ax.set(xlim=(0, 180), ylim=(-2.4 * L, 0.2 * L), xlabel="tilt angle θ (degrees)", ylabel="energy")
        ax.legend(loc="upper right")

        def update(run):
            curve.set_data(run["thetas"], run["curve"])
            point.set_data([run["theta"]], [run["energy"]])
            exact.set_ydata([run["exact"]] * 2)
            return run["status"]

        return update

    controls = dict(
        theta_deg=W.FloatSlider(value=theta_deg, min=0, max=180, step=1, description="θ (deg)"),
        h=W.FloatSlider(value=h, min=0.0, max=2.0, step=0.05, description="field h"),
    )
    return LiveFigure(controls, lambda theta_deg, h: product_state_run(theta_deg, h, L), setup,
                      figsize=(6.0, 3.2))


# ------------------------------------------------------------------ chapter 4
def power_law_run(exponent, x, y):
    """Data against ``y = C x^n`` for a *candidate* exponent ``n``, with the best constant for that ``n``.

    Chapter 4's practice: the reader tries exponents before fitting one.
    """
    fit = discovery.fit_power_law(x, y, exponent=exponent)
    grid = np.geomspace(np.min(x) / 1.5, np.max(x) * 1.5, 100)
    status = (f"n = {exponent:.2f}: best C = {fit.constant:.4g}, rms of log residuals = {fit.rms:.2e} "
              f"(worst point off by a factor {np.exp(np.max(np.abs(fit.residuals))):.3f})")
    return dict(grid=grid, curve=fit.predict(grid), residuals=fit.residuals, status=status)


def power_law_explorer(x, y, exponent=1.0, labels=("x", "y")):
    """Live figure: a slider over the candidate exponent n -> data, the curve C xⁿ and the log residuals."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)

    def setup(fig):
        ax, ax_r = fig.subplots(1, 2)
        ax.loglog(x, y, "o", color=COLORS["blue"], label="data")
        (curve,) = ax.loglog([], [], color=COLORS["vermillion"], animated=True, label="C xⁿ")
        ax.set(xlim=(x.min() / 1.5, x.max() * 1.5), ylim=(y.min() / 3, y.max() * 3),
               xlabel=labels[0], ylabel=labels[1])
        ax.legend(loc="upper left")
        ax_r.axhline(0, color=COLORS["grey"], lw=0.8)
        (res,) = ax_r.semilogx([], [], "o", color=COLORS["vermillion"], animated=True)
        ax_r.set(xlim=(x.min() / 1.5, x.max() * 1.5), ylim=(-2, 2), xlabel=labels[0],
                 ylabel="log residual  ln(y / C xⁿ)")

        def update(run):
            curve.set_data(run["grid"], run["curve"])
            res.set_data(x, run["residuals"])
            return run["status"]

        return update

    controls = dict(exponent=W.FloatSlider(value=exponent, min=0.5, max=2.5, step=0.01, description="exponent n",
                                           readout_format=".2f"))
    return LiveFigure(controls, lambda exponent: power_law_run(exponent, x, y), setup)


COLLISION_EVENTS = 200
ROUNDOFF_FLOOR = 1e-14   # singular values below this are round-off: drawn at the floor (machine-independent)


def collision_run(restitution, log10_noise, n_events=COLLISION_EVENTS, seed=0):
    """Two bodies in 1D: restitution and measurement noise -> singular values and the recovered laws (chapter 4)."""
    noise = 0.0 if log10_noise <= -12 else 10.0 ** log10_noise
    col = discovery.simulate_collisions(n_events, 2, 1, restitution, noise, seed)
    names, ns, laws = discovery.discover_laws(col)
    text = ", ".join(discovery.format_law(law, names) for law in laws) if laws else "none (no clear gap)"
    status = (f"e = {restitution:.2f}, σ = {noise:.0e}: largest gap ×{ns.gap:.3g} → "
              f"{ns.dim} law(s): {text}")
    coefs = np.zeros((2, len(names)))
    for row, law in zip(coefs, laws[:2]):
        row[:] = law.vector
    return dict(names=names, singular_values=ns.singular_values, tol=ns.tol, dim=ns.dim, gap=ns.gap,
                laws=text, coefs=coefs, status=status)


def collision_explorer(restitution=1.0, log10_noise=-6.0):
    """Live figure: restitution e and noise σ -> singular values of A and the coefficients of the laws found."""
    names = collision_run(1.0, -12)["names"]
    F = len(names)

    def setup(fig):
        ax, ax_c = fig.subplots(1, 2)
        (sv,) = ax.semilogy([], [], "o-", color=COLORS["blue"], animated=True, label="singular values")
        tol = ax.axhline(1.0, color=COLORS["vermillion"], ls="--", animated=True, label="tolerance (gap)")
        ax.set(xlim=(0.5, F + 0.5), ylim=(ROUNDOFF_FLOOR / 3, 10), xlabel="index k",
               ylabel="s_k (columns scaled)")
        ax.axhspan(ROUNDOFF_FLOOR / 3, ROUNDOFF_FLOOR * 2, color=COLORS["grey"], alpha=0.2, lw=0)
        ax.text(F + 0.3, ROUNDOFF_FLOOR * 1.2, "round-off", ha="right", va="bottom", fontsize=8)
        ax.legend(loc="lower left")
        xs = np.arange(F)
        bars1 = ax_c.bar(xs - 0.2, np.zeros(F), 0.4, color=COLORS["blue"], animated=True, label="law 1")
        bars2 = ax_c.bar(xs + 0.2, np.zeros(F), 0.4, color=COLORS["orange"], animated=True, label="law 2")
        ax_c.set(xticks=xs, ylim=(-1.2, 1.2), ylabel="coefficient")
        ax_c.set_xticklabels(names, rotation=0)
        ax_c.axhline(0, color=COLORS["grey"], lw=0.8)
        ax_c.legend(loc="lower right")

        def update(run):
            sv.set_data(np.arange(1, F + 1), np.maximum(run["singular_values"], ROUNDOFF_FLOOR))
            tol.set_ydata([run["tol"]] * 2 if run["dim"] else [1e-30] * 2)
            for bars, c in ((bars1, run["coefs"][0]), (bars2, run["coefs"][1])):
                for b, h in zip(bars, c):
                    b.set_height(h)
            return run["status"]

        return update

    controls = dict(
        restitution=W.FloatSlider(value=restitution, min=0.0, max=1.0, step=0.01, description="restitution e"),
        log10_noise=W.FloatSlider(value=log10_noise, min=-12, max=-0.5, step=0.25, description="log₁₀ σ"),
    )
    return LiveFigure(controls, collision_run, setup, figsize=(9.0, 3.4))


def collision_explorer_static(restitutions=(1.0, 0.99, 0.9)):
    """Website version of :func:`collision_explorer`: a slider over the noise; one curve per restitution."""
    import plotly.graph_objects as go

    palette = [COLORS[c] for c in ("blue", "orange", "green", "vermillion")]

    def compute(log10_noise):
        return [collision_run(e, log10_noise) for e in restitutions]

    def traces(runs, log10_noise):
        out = []
        for e, run, color in zip(restitutions, runs, palette):
            k = np.arange(1, run["singular_values"].size + 1)
            out.append(go.Scatter(x=k, y=round_sig(np.maximum(run["singular_values"], ROUNDOFF_FLOOR), 3),
                                  mode="lines+markers", name=f"e = {e:g}", line=dict(color=color)))
        laws = "<br>".join(f"e = {e:g}: gap ×{r['gap']:.2g}, {r['laws']}" for e, r in zip(restitutions, runs))
        noise = "0" if log10_noise <= -12 else f"1e{log10_noise:+.1f}"
        return out, f"noise σ = {noise}<br>{laws}"

    layout = dict(
        height=460,
        xaxis=dict(title="index k of the singular value", dtick=1),
        yaxis=dict(type="log", range=[-14.5, 1], title="singular value (columns scaled;<br>round-off drawn at 1e-14)",
                   exponentformat="power"),
        legend=dict(orientation="h", y=1.02, x=1, xanchor="right", yanchor="bottom"),
        title=dict(font=dict(size=12), x=0.0, xanchor="left", y=0.97),
        margin=dict(t=110),
    )
    values = [-12.0] + [float(v) for v in np.arange(-9.0, -0.4, 0.5)]
    return plotly_slider(compute, "log10_noise", values, traces, layout=layout, label="log₁₀ σ",
                         div_id="ch04-collisions", active=values.index(-3.0))


# ------------------------------------------------------------------ chapter 5
AUTOENCODER_CHECKPOINTS = (0, 10, 30, 100, 300, 1000, 3000)


def autoencoder_grid(latent_dims=(1, 2, 3, 4, 5), checkpoints=AUTOENCODER_CHECKPOINTS, learning_rate=1e-2,
                     seed=0, data=None):
    """Train a linear autoencoder per latent dimension; residuals of the latent action at each checkpoint.

    The latent action is fitted as affine, ``ż = A z + b`` (a linear encoder with a bias acts affinely).

    Returns arrays indexed ``[latent dimension, checkpoint]``: ``residual`` (latent generator),
    ``consistency`` (decoder), ``reconstruction`` (relative error), and the eigenvalues of ``A``.
    A few seconds (one compilation per latent dimension).
    """
    data = symmetry.oscillator_data() if data is None else data
    n_steps = max(checkpoints)
    shape = (len(latent_dims), len(checkpoints))
    out = dict(latent_dims=np.array(latent_dims), steps=np.array(checkpoints), residual=np.zeros(shape),
               consistency=np.zeros(shape), reconstruction=np.zeros(shape), eigenvalues={},
               physical=np.sort(np.linalg.eigvals(data.K).imag))
    for i, d in enumerate(latent_dims):
        run = symmetry.train_autoencoder(data.x, d, n_steps=n_steps, learning_rate=learning_rate, seed=seed,
                                         checkpoints=checkpoints)
        for j, p in enumerate(run.snapshots):
            # affine fit, ż = A z + b: the encoder's bias shifts the latent origin (chapter 5)
            g = symmetry.latent_generator(symmetry.encode, p, data.x, data.K, affine=True)
            out["residual"][i, j] = g.residual
            out["consistency"][i, j] = symmetry.generator_consistency(symmetry.decode, p, g.z, g.A, data.K,
                                                                      b=g.b)
            out["reconstruction"][i, j] = symmetry.reconstruction_error(p, data.x)
            out["eigenvalues"][i, j] = g.eigenvalues
    return out


def autoencoder_run(grid, latent_dim, steps):
    """One entry of :func:`autoencoder_grid` with a status line."""
    i = int(np.argmin(np.abs(grid["latent_dims"] - latent_dim)))
    j = int(np.argmin(np.abs(grid["steps"] - steps)))
    ev = grid["eigenvalues"][i, j]
    freqs = ", ".join(f"{abs(w.imag):.3f}" for w in ev if w.imag > 1e-6) or "none"
    status = (f"latent dim {grid['latent_dims'][i]}, {grid['steps'][j]} steps: latent-generator residual "
              f"{grid['residual'][i, j]:.1e}, decoder consistency {grid['consistency'][i, j]:.1e}, "
              f"reconstruction error {grid['reconstruction'][i, j]:.2f}; rotation frequencies of A: {freqs}")
    return dict(i=i, j=j, eigenvalues=ev, status=status)


def autoencoder_explorer(grid=None, latent_dim=2, steps=3000):
    """Live figure: latent dimension and training length -> the two residuals and the spectrum of A (chapter 5)."""
    grid = autoencoder_grid() if grid is None else grid
    t = np.maximum(grid["steps"], 1)

    def setup(fig):
        ax, ax_e = fig.subplots(1, 2)
        (r1,) = ax.loglog([], [], "o-", color=COLORS["blue"], animated=True, label="latent generator")
        (r2,) = ax.loglog([], [], "s--", color=COLORS["orange"], animated=True, label="decoder consistency")
        (now,) = ax.loglog([], [], "o", ms=14, mfc="none", color=COLORS["vermillion"], animated=True)
        ax.set(xlim=(0.7, t.max() * 1.5), ylim=(1e-13, 3), xlabel="training steps (0 plotted at 1)",
               ylabel="relative residual")
        ax.legend(loc="lower left")
        phys = grid["physical"]
        ax_e.plot(np.zeros_like(phys), phys, "_", ms=30, mew=2, color=COLORS["grey"], label="physical ±ik")
        (ev,) = ax_e.plot([], [], "o", color=COLORS["blue"], ms=8, animated=True, label="eigenvalues of A")
        ax_e.set(xlim=(-1.5, 1.5), ylim=(-3.5, 3.5), xlabel="Re", ylabel="Im")
        ax_e.legend(loc="lower right", fontsize=8)

        def update(run):
            i, j = run["i"], run["j"]
            r1.set_data(t, grid["residual"][i])
            r2.set_data(t, grid["consistency"][i])
            now.set_data([t[j]], [grid["residual"][i, j]])
            ev.set_data(run["eigenvalues"].real, run["eigenvalues"].imag)
            return run["status"]

        return update

    controls = dict(
        latent_dim=W.ToggleButtons(options=[int(d) for d in grid["latent_dims"]], value=int(latent_dim),
                                   description="latent dim"),
        steps=W.SelectionSlider(options=[int(s) for s in grid["steps"]], value=int(steps), description="steps"),
    )
    return LiveFigure(controls, lambda latent_dim, steps: autoencoder_run(grid, latent_dim, steps), setup,
                      figsize=(9.0, 3.4))


def autoencoder_explorer_static(grid=None):
    """Website version of :func:`autoencoder_explorer`: a slider over training length; bars per latent dimension."""
    import plotly.graph_objects as go

    grid = autoencoder_grid() if grid is None else grid
    dims = [str(int(d)) for d in grid["latent_dims"]]

    def compute(steps):
        return int(np.argmin(np.abs(grid["steps"] - steps)))

    def traces(j, steps):
        out = [go.Bar(x=dims, y=round_sig(grid["residual"][:, j], 3), name="latent generator",
                      marker_color=COLORS["blue"]),
               go.Bar(x=dims, y=round_sig(grid["consistency"][:, j], 3), name="decoder consistency",
                      marker_color=COLORS["orange"]),
               go.Bar(x=dims, y=round_sig(grid["reconstruction"][:, j], 3), name="reconstruction error",
                      marker_color=COLORS["grey"])]
        return out, f"after {steps} training steps"

    layout = dict(
        height=420, barmode="group",
        xaxis=dict(title="latent dimension"),
        yaxis=dict(type="log", range=[-13, 0.5], title="relative residual", exponentformat="power"),
        legend=dict(orientation="h", y=1.02, x=1, xanchor="right", yanchor="bottom"),
        title=dict(font=dict(size=12), x=0.0, xanchor="left", y=0.97),
        margin=dict(t=90),
    )
    values = [int(s) for s in grid["steps"]]
    return plotly_slider(compute, "steps", values, traces, layout=layout, label="training steps",
                         div_id="ch05-autoencoder", active=len(values) - 1)


# ------------------------------------------------------------------ chapter 6
ENERGY_DRIFT_NOISES = (0.01, 0.1, 0.3)
ENERGY_DRIFT_START = (0.0, 0.9)       # a held-out spring state (radius 0.9, inside the training range)
ENERGY_DRIFT_DT = 0.1
ENERGY_DRIFT_STEPS = 1000             # horizon up to t = 100


def energy_drift_grid(noises=ENERGY_DRIFT_NOISES, hidden=(32, 32), n_steps=1000, learning_rate=3e-3, seed=0,
                      y0=ENERGY_DRIFT_START, models=None):
    """Train an HNN and a baseline on spring data at each noise level; roll both out to ``t = 100``.

    Returns the times, and per noise level the two trajectories and their energy errors
    ``H(y(t)) − H(y₀)`` under the true ``H``.  ``models`` may pass ``{noise: (hnn, baseline)}``
    already trained (chapter 6 reuses its main models).  Each noise level costs about 3 s.
    """
    models = dict(models or {})
    y0 = jnp.asarray(y0, dtype=float)
    e0 = float(mechanics.spring_hamiltonian(y0))
    out = dict(noises=np.array(noises, dtype=float), energy=e0, t=ENERGY_DRIFT_DT * np.arange(ENERGY_DRIFT_STEPS + 1),
               paths={}, errors={})
    for noise in noises:
        if noise not in models:
            y, dy = mechanics.spring_data(noise=noise, seed=seed)
            settings = dict(hidden=hidden, n_steps=n_steps, learning_rate=learning_rate, seed=seed)
            models[noise] = (mechanics.train_hnn(y, dy, **settings), mechanics.train_baseline(y, dy, **settings))
        for model in models[noise]:
            path = np.asarray(mechanics.rollout(model, y0, ENERGY_DRIFT_DT, ENERGY_DRIFT_STEPS))
            out["paths"][noise, model.kind] = path
            out["errors"][noise, model.kind] = 0.5 * np.sum(path**2, axis=1) - e0
    return out


def energy_drift_run(grid, noise, horizon):
    """The rollouts of :func:`energy_drift_grid` at one noise level, cut at ``t = horizon``, with a status line."""
    i = int(np.argmin(np.abs(grid["noises"] - noise)))
    noise = float(grid["noises"][i])
    k = int(np.clip(round(horizon / ENERGY_DRIFT_DT), 1, ENERGY_DRIFT_STEPS)) + 1
    err = {kind: grid["errors"][noise, kind][:k] for kind in ("hnn", "baseline")}
    worst = {kind: float(np.max(np.abs(e))) for kind, e in err.items()}
    status = (f"noise σ = {noise:g}, horizon t = {grid['t'][k - 1]:.0f}: largest |H − H₀| "
              f"HNN {worst['hnn']:.1e}, baseline {worst['baseline']:.1e} "
              f"(ratio {worst['baseline'] / max(worst['hnn'], 1e-300):.0f}; H₀ = {grid['energy']:.3f})")
    return dict(t=grid["t"][:k], errors=err, paths={kind: grid["paths"][noise, kind][:k] for kind in err},
                worst=worst, status=status)


def energy_drift_explorer(grid=None, noise=0.1, horizon=30.0):
    """Live figure: noise of the training data and rollout horizon -> phase portrait and energy error (chapter 6)."""
    grid = energy_drift_grid() if grid is None else grid
    circle = np.linspace(0, 2 * np.pi, 200)
    r0 = float(np.hypot(*ENERGY_DRIFT_START))

    def setup(fig):
        ax, ax_e = fig.subplots(1, 2, gridspec_kw=dict(width_ratios=[1, 1.5]))
        ax.plot(r0 * np.cos(circle), r0 * np.sin(circle), color=COLORS["grey"], lw=3, alpha=0.5, label="exact")
        (ph,) = ax.plot([], [], color=COLORS["blue"], lw=1, animated=True, label="HNN")
        (pb,) = ax.plot([], [], color=COLORS["vermillion"], lw=1, animated=True, label="baseline")
        ax.set(xlim=(-1.6, 1.6), ylim=(-1.6, 1.6), xlabel="q", ylabel="p", aspect="equal")
        ax.legend(loc="upper right", fontsize=8)
        (eh,) = ax_e.semilogy([], [], color=COLORS["blue"], animated=True, label="HNN")
        (eb,) = ax_e.semilogy([], [], color=COLORS["vermillion"], animated=True, label="baseline")
        ax_e.set(xlim=(0, grid["t"][-1]), ylim=(1e-7, 3), xlabel="time t", ylabel="|H(y(t)) − H(y₀)|")
        ax_e.legend(loc="lower right", fontsize=8)

        def update(run):
            ph.set_data(run["paths"]["hnn"][:, 0], run["paths"]["hnn"][:, 1])
            pb.set_data(run["paths"]["baseline"][:, 0], run["paths"]["baseline"][:, 1])
            eh.set_data(run["t"], np.maximum(np.abs(run["errors"]["hnn"]), 1e-12))
            eb.set_data(run["t"], np.maximum(np.abs(run["errors"]["baseline"]), 1e-12))
            return run["status"]

        return update

    controls = dict(
        noise=W.SelectionSlider(options=[float(n) for n in grid["noises"]], value=float(noise),
                                description="noise σ"),
        horizon=W.FloatSlider(value=horizon, min=1, max=float(grid["t"][-1]), step=1, description="horizon t"),
    )
    return LiveFigure(controls, lambda noise, horizon: energy_drift_run(grid, noise, horizon), setup,
                      figsize=(9.0, 3.6))


def energy_drift_explorer_static(grid=None, noise=0.1):
    """Website version of :func:`energy_drift_explorer`: a slider over the horizon at one noise level."""
    import plotly.graph_objects as go

    grid = energy_drift_grid() if grid is None else grid
    every = 5                                   # plot every 5th step: a small page, the same picture

    def compute(horizon):
        return energy_drift_run(grid, noise, horizon)

    def traces(run, horizon):
        out = []
        for kind, name, color in (("hnn", "HNN", COLORS["blue"]), ("baseline", "baseline", COLORS["vermillion"])):
            path = run["paths"][kind][::every]
            out.append(go.Scatter(x=round_sig(path[:, 0], 3), y=round_sig(path[:, 1], 3), mode="lines",
                                  name=name, line=dict(color=color, width=1.5), legendgroup=kind))
            out.append(go.Scatter(x=round_sig(run["t"][::every], 4),
                                  y=round_sig(np.maximum(np.abs(run["errors"][kind][::every]), 1e-12), 2),
                                  mode="lines", line=dict(color=color), showlegend=False, legendgroup=kind,
                                  xaxis="x2", yaxis="y2"))
        return out, (f"noise σ = {noise:g}, t ≤ {horizon:.0f}: largest |H − H₀| HNN {run['worst']['hnn']:.0e}, "
                     f"baseline {run['worst']['baseline']:.0e}")

    r0 = float(np.hypot(*ENERGY_DRIFT_START))
    circle = np.linspace(0, 2 * np.pi, 100)
    background = [go.Scatter(x=round_sig(r0 * np.cos(circle), 3), y=round_sig(r0 * np.sin(circle), 3), mode="lines",
                             name="exact", line=dict(color=COLORS["grey"], width=5), opacity=0.5)]
    layout = dict(
        height=440,
        xaxis=dict(domain=[0, 0.38], range=[-1.6, 1.6], title="q"),
        yaxis=dict(range=[-1.6, 1.6], title="p", scaleanchor="x"),
        xaxis2=dict(domain=[0.5, 1], range=[0, float(grid["t"][-1])], title="time t", anchor="y2"),
        yaxis2=dict(type="log", range=[-7, 0.5], title="|H(y(t)) − H(y₀)|", anchor="x2", exponentformat="power"),
        legend=dict(orientation="h", y=1.02, x=1, xanchor="right", yanchor="bottom"),
        title=dict(font=dict(size=12), x=0.0, xanchor="left", y=0.97),
        margin=dict(t=80),
    )
    values = [5.0, 10.0, 20.0, 30.0, 50.0, 75.0, 100.0]
    return plotly_slider(compute, "horizon", values, traces, background=background, layout=layout,
                         label="horizon t", div_id="ch06-energy-drift", active=values.index(30.0))


# ------------------------------------------------------------------ chapter 7
INTEGRATOR_STEPS = 20_000
INTEGRATOR_EVERY = 50                  # keep every 50th step for drawing
INTEGRATOR_START = (1.0, 0.0)          # pendulum released from rest at 1 rad
INTEGRATORS = ("euler", "symplectic_euler", "leapfrog", "rk4")
INTEGRATOR_NAMES = {"euler": "Euler", "symplectic_euler": "symplectic Euler", "leapfrog": "leapfrog", "rk4": "RK4"}
INTEGRATOR_COLORS = {"euler": "vermillion", "symplectic_euler": "orange", "leapfrog": "blue", "rk4": "green"}


def _pendulum_H(q, p):
    return 3.0 * (1 - jnp.cos(q[0])) + 0.5 * p[0] ** 2


_pendulum_f = integrators.hamiltonian_flow(_pendulum_H)


@jax.jit
def _integrator_errors(dt):
    y0 = jnp.asarray(INTEGRATOR_START)
    e0 = _pendulum_H(y0[:1], y0[1:])
    out = []
    for kind in INTEGRATORS:
        system = _pendulum_f if kind in ("euler", "rk4") else _pendulum_H
        ys = integrators._run(kind, system, y0, dt, INTEGRATOR_STEPS)[::INTEGRATOR_EVERY]
        out.append(jnp.abs(3.0 * (1 - jnp.cos(ys[:, 0])) + 0.5 * ys[:, 1] ** 2 - e0))
    return jnp.stack(out)


def integrator_run(dt):
    """Energy error ``|H(y_n) − H(y_0)|`` of the four integrators on the pendulum, 20 000 steps of ``dt`` (chapter 7)."""
    dt = _validate.positive_float("dt", dt)
    errors = np.asarray(_integrator_errors(dt))
    t = dt * INTEGRATOR_EVERY * np.arange(errors.shape[1])
    worst = {kind: float(np.nanmax(e)) for kind, e in zip(INTEGRATORS, errors)}
    lf, rk = errors[INTEGRATORS.index("leapfrog")], errors[INTEGRATORS.index("rk4")]
    behind = np.nonzero(rk > lf.max())[0]          # past leapfrog's bound over the whole run
    cross = f"RK4 falls behind leapfrog at t ≈ {t[behind[0]]:.3g}" if behind.size else \
        f"RK4 stays ahead of leapfrog up to t = {t[-1]:.3g}"
    status = (f"h = {dt:.3f}, t up to {t[-1]:.0f}: largest energy error " +
              ", ".join(f"{INTEGRATOR_NAMES[k]} {w:.1e}" for k, w in worst.items()) + f"; {cross}")
    return dict(t=t, errors={k: e for k, e in zip(INTEGRATORS, errors)}, worst=worst, status=status)


def integrator_explorer(dt=0.1):
    """Live figure: step size h -> energy error against time for Euler, symplectic Euler, leapfrog and RK4."""
    def setup(fig):
        ax = fig.subplots()
        lines = {}
        for kind in INTEGRATORS:
            (lines[kind],) = ax.loglog([], [], color=COLORS[INTEGRATOR_COLORS[kind]], animated=True,
                                       label=INTEGRATOR_NAMES[kind])
        ax.set(xlim=(0.5, 2e4), ylim=(1e-14, 1e3), xlabel="time t (20 000 steps)", ylabel="|H(y_n) − H(y₀)|")
        ax.legend(loc="upper left", fontsize=8, ncol=2)

        def update(run):
            for kind, line in lines.items():
                line.set_data(run["t"][1:], np.maximum(run["errors"][kind][1:], 1e-14))
            return run["status"]

        return update

    controls = dict(dt=W.FloatLogSlider(value=dt, base=10, min=-2.3, max=-0.3, step=0.05, description="step h",
                                        readout_format=".3f"))
    return LiveFigure(controls, integrator_run, setup, figsize=(7.5, 3.6))


def integrator_explorer_static(values=(0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)):
    """Website version of :func:`integrator_explorer`: a slider over the step size."""
    import plotly.graph_objects as go

    every = np.unique(np.geomspace(1, INTEGRATOR_STEPS // INTEGRATOR_EVERY, 120).astype(int))   # even on log axes

    def traces(run, dt):
        out = [go.Scatter(x=round_sig(run["t"][every], 3), y=round_sig(np.maximum(run["errors"][k][every], 1e-14), 2),
                          mode="lines", name=INTEGRATOR_NAMES[k], line=dict(color=COLORS[INTEGRATOR_COLORS[k]]))
               for k in INTEGRATORS]
        return out, run["status"].split(": ", 1)[0] + ": " + run["status"].split("; ")[-1]

    layout = dict(
        height=430,
        xaxis=dict(type="log", title="time t (20 000 steps of h)", exponentformat="power"),
        yaxis=dict(type="log", range=[-14, 3], title="|H(y_n) − H(y₀)| (floor 1e-14)", exponentformat="power"),
        legend=dict(orientation="h", y=1.02, x=1, xanchor="right", yanchor="bottom"),
        title=dict(font=dict(size=12), x=0.0, xanchor="left", y=0.97),
        margin=dict(t=80),
    )
    values = [float(v) for v in values]
    return plotly_slider(lambda dt: integrator_run(dt), "dt", values, traces, layout=layout, label="step h",
                         div_id="ch07-integrators", active=values.index(0.1))


# ------------------------------------------------------------------ chapter 8
ONSAGER_TRIALS = 200


def onsager_run(log10_noise, n_samples, n=3, smallest=0.05, seed=0):
    """Monte Carlo of the least-squares, symmetric and PSD estimates of a response matrix (chapter 8).

    ``L`` is :func:`physml.onsager.random_response_matrix` ``(n, smallest)``; 200 data sets of
    ``n_samples`` measurements with noise ``10**log10_noise``.
    """
    L = onsager.random_response_matrix(int(n), smallest=smallest, seed=seed)
    r = onsager.projection_errors(L, int(n_samples), 10.0 ** log10_noise, n_trials=ONSAGER_TRIALS, seed=seed + 1)
    ratio_sym = float(r["sym"].mean() / r["ls"].mean())
    ratio_psd = float(r["psd"].mean() / r["ls"].mean())
    status = (f"n = {int(n)}, {int(n_samples)} samples, noise {10.0 ** log10_noise:.2g}: mean ‖Ŵ − L‖² "
              f"{r['ls'].mean():.2e}; symmetric/LS {ratio_sym:.3f} (theory (n+1)/(2n) = {(n + 1) / (2 * n):.3f}); "
              f"PSD/LS {ratio_psd:.3f}; sym(Ŵ) not PSD in {100 * r['not_psd']:.0f}% of data sets")
    return dict(r, ratio_sym=ratio_sym, ratio_psd=ratio_psd, theory=(n + 1) / (2 * n), status=status)


def onsager_explorer(log10_noise=-1.0, n_samples=20, n=3):
    """Live figure: noise, number of samples and of forces -> per-data-set errors of the three estimators."""
    def setup(fig):
        ax = fig.subplots()
        diag = np.array([1e-8, 1e3])
        ax.loglog(diag, diag, color=COLORS["grey"], lw=1, label="no gain (y = x)")
        (theory,) = ax.loglog(diag, diag, color=COLORS["grey"], ls="--", lw=1, animated=True,
                              label="y = (n+1)/(2n) x")
        (sym,) = ax.loglog([], [], "o", ms=3, color=COLORS["blue"], animated=True, label="symmetric projection")
        (psd,) = ax.loglog([], [], "x", ms=3, color=COLORS["vermillion"], animated=True, label="PSD projection")
        ax.set(xlim=(1e-8, 1e3), ylim=(1e-8, 1e3), xlabel="least-squares error ‖Ŵ − L‖²", ylabel="error after projection")
        ax.legend(loc="upper left", fontsize=8)

        def update(run):
            theory.set_ydata(run["theory"] * diag)
            sym.set_data(run["ls"], run["sym"])
            psd.set_data(run["ls"], run["psd"])
            return run["status"]

        return update

    controls = dict(
        log10_noise=W.FloatSlider(value=log10_noise, min=-3, max=0.5, step=0.25, description="log₁₀ noise"),
        n_samples=W.IntSlider(value=n_samples, min=10, max=200, step=1, description="samples"),
        n=W.IntSlider(value=n, min=2, max=8, step=1, description="forces n"),
    )
    return LiveFigure(controls, onsager_run, setup, figsize=(6.5, 4.2))


def onsager_explorer_static(n_samples=20, n=3):
    """Website version of :func:`onsager_explorer`: a slider over the noise."""
    import plotly.graph_objects as go

    def traces(run, log10_noise):
        return ([go.Scatter(x=round_sig(run["ls"], 3), y=round_sig(run["sym"], 3), mode="markers",
                            name="symmetric projection", marker=dict(color=COLORS["blue"], size=4)),
                 go.Scatter(x=round_sig(run["ls"], 3), y=round_sig(run["psd"], 3), mode="markers",
                            name="PSD projection", marker=dict(color=COLORS["vermillion"], size=4, symbol="x"))],
                (f"noise {10.0 ** log10_noise:.2g}: symmetric/LS {run['ratio_sym']:.2f} (theory "
                 f"{run['theory']:.2f}), PSD/LS {run['ratio_psd']:.2f}; sym(Ŵ) not PSD in "
                 f"{100 * run['not_psd']:.0f}% of data sets"))

    diag = [1e-6, 1e3]
    theory = (n + 1) / (2 * n)
    background = [go.Scatter(x=diag, y=diag, mode="lines", name="no gain", line=dict(color=COLORS["grey"], width=1)),
                  go.Scatter(x=diag, y=[theory * d for d in diag], mode="lines", name="(n+1)/(2n)",
                             line=dict(color=COLORS["grey"], width=1, dash="dash"))]
    layout = dict(
        height=450,
        xaxis=dict(type="log", range=[-8, 3], title="least-squares error ‖Ŵ − L‖²", exponentformat="power"),
        yaxis=dict(type="log", range=[-8, 3], title="error after projection", exponentformat="power"),
        legend=dict(orientation="h", y=1.02, x=1, xanchor="right", yanchor="bottom"),
        title=dict(font=dict(size=12), x=0.0, xanchor="left", y=0.97),
        margin=dict(t=90),
    )
    values = [float(v) for v in np.arange(-3.0, 0.6, 0.5)]
    return plotly_slider(lambda log10_noise: onsager_run(log10_noise, n_samples, n), "log10_noise", values, traces,
                         background=background, layout=layout, label="log₁₀ noise", div_id="ch08-onsager",
                         active=values.index(-1.0))
