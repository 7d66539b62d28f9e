"""The interactive pattern: live figures redraw, divergence is reported in words, the static
plotly version carries one frame per slider value, the style is applied."""
import json

import matplotlib as mpl
import numpy as np
import pytest

from physml import interactives, style, widgets


def test_step_size_live_figure_redraws_and_reports_divergence():
    fig = interactives.step_size_explorer(alpha=0.2)
    assert fig.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    status = fig.set(alpha=0.65)
    assert "DIVERGED" in status and "DIVERGED" in fig.status.value
    assert fig.controls["alpha"].value == 0.65
    fig.controls["alpha"].value = 0.2  # as a reader moves the slider
    assert "fell at every step" in fig.status.value
    assert np.isfinite(fig.last_redraw_seconds)


def test_diverging_run_is_cut_before_it_leaves_the_plot():
    run = interactives.step_size_run(0.65)
    assert run["diverged_at"] is not None
    assert np.all(np.isfinite(run["path"])) and np.all(np.abs(run["path"]) <= interactives.DIVERGED)
    assert len(run["energy"]) == run["diverged_at"]


def test_step_size_regimes_match_the_chapter():
    beta_limit = 2 / interactives.L.SMOOTH_BOWL_BETA
    assert "fell at every step" in interactives.step_size_run(0.95 * beta_limit)["status"]
    assert "rose" in interactives.step_size_run(0.45)["status"]
    assert interactives.step_size_run(0.6)["diverged_at"] is not None


def test_saddle_escape_matches_the_linear_prediction():
    run = interactives.saddle_escape_run(-8.0)
    assert abs(run["escaped_at"] - run["predicted"]) <= 3
    assert interactives.saddle_escape_run(None)["escaped_at"] is None
    assert interactives.saddle_escape_run(None, -6.0, noisy=True)["escaped_at"] is not None


def test_static_slider_has_one_frame_per_value_and_is_reproducible():
    values = [0.1, 0.3, 0.6]
    a = interactives.step_size_explorer_static(values)._repr_mimebundle_()
    b = interactives.step_size_explorer_static(values)._repr_mimebundle_()
    assert a["text/html"] == b["text/html"]
    spec = a["application/vnd.plotly.v1+json"]
    assert len(spec["frames"]) == 3
    assert len(spec["layout"]["sliders"][0]["steps"]) == 3
    assert "DIVERGED" in json.dumps(spec["frames"][2]["layout"])
    assert 'id="ch01-step-size"' in a["text/html"]


def test_live_figure_rejects_unknown_controls():
    fig = interactives.quadratic_step_explorer([[3.0, 1.0], [1.0, 3.0]])
    with pytest.raises(ValueError, match="unknown control"):
        fig.set(beta=1.0)


def test_quadratic_explorer_validates_its_matrix():
    with pytest.raises(ValueError, match="matrix"):
        interactives.quadratic_step_explorer([[1.0, 2.0], [0.0, 1.0]])


def test_round_sig():
    np.testing.assert_array_equal(widgets.round_sig([123456.0, 0.00123456, 0.0, np.inf], 3),
                                  [123000.0, 0.00123, 0.0, np.inf])


def test_house_style_is_applied_on_import():
    assert mpl.rcParams["image.cmap"] == style.SEQUENTIAL
    colors = mpl.rcParams["axes.prop_cycle"].by_key()["color"]
    assert colors[0].lower() == style.COLORS["blue"].lower()
    import plotly.io as pio
    assert "physml" in pio.templates.default


def test_collision_explorer_reports_the_laws_it_finds():
    fig = interactives.collision_explorer(restitution=1.0, log10_noise=-6.0)
    assert "p1 + p2, K1 + K2" in fig.status.value
    assert "p1 + p2" in fig.set(restitution=0.5) and "K1" not in fig.set(restitution=0.5)
    assert "no clear gap" in fig.set(log10_noise=-0.5)
    run = interactives.collision_run(0.99, -3.0)          # the spurious energy law of the chapter
    assert run["dim"] == 2 and "K1" in run["laws"]


def test_collision_static_hides_round_off_differences():
    fig = interactives.collision_explorer_static().fig
    ys = np.concatenate([np.asarray(trace.y) for frame in fig.frames for trace in frame.data])
    assert ys.min() == interactives.ROUNDOFF_FLOOR       # exact-law singular values drawn at the floor


def test_power_law_explorer_residuals_vanish_at_the_true_exponent():
    x = np.geomspace(1, 100, 6)
    run = interactives.power_law_run(1.5, x, 2.0 * x**1.5)
    assert np.abs(run["residuals"]).max() < 1e-12
    assert "rms of log residuals = " in interactives.power_law_run(1.0, x, 2.0 * x**1.5)["status"]


def test_autoencoder_grid_separates_linear_from_nonlinear_latent_actions():
    grid = interactives.autoencoder_grid(latent_dims=(1, 2), checkpoints=(0, 2000))
    assert grid["residual"][1, -1] < 1e-4 and grid["residual"][0, -1] > 0.9 and grid["residual"][1, 0] > 0.3
    fig = interactives.autoencoder_explorer(grid, latent_dim=2, steps=2000)
    assert "rotation frequencies of A: 1.000" in fig.status.value
    spec = interactives.autoencoder_explorer_static(grid)._repr_mimebundle_()["application/vnd.plotly.v1+json"]
    assert len(spec["frames"]) == 2


def test_energy_drift_explorer_shows_the_hnn_beating_the_baseline():
    grid = interactives.energy_drift_grid(noises=(0.1,), hidden=(16, 16), n_steps=600)
    run = interactives.energy_drift_run(grid, 0.1, 50.0)
    assert run["t"][-1] == 50.0 and run["worst"]["baseline"] > 10 * run["worst"]["hnn"]
    # the true energy along the rollout, recomputed from the stored path
    path = run["paths"]["hnn"]
    np.testing.assert_allclose(run["errors"]["hnn"], 0.5 * np.sum(path**2, 1) - 0.5 * 0.9**2, atol=1e-14)
    fig = interactives.energy_drift_explorer(grid, noise=0.1, horizon=20.0)
    assert "horizon t = 20" in fig.status.value
    fig.set(horizon=80.0)
    assert "horizon t = 80" in fig.status.value
    spec = interactives.energy_drift_explorer_static(grid)._repr_mimebundle_()["application/vnd.plotly.v1+json"]
    assert len(spec["frames"]) == 7


def test_integrator_explorer_reports_the_crossover():
    run = interactives.integrator_run(0.3)
    assert run["worst"]["euler"] > 10 and run["worst"]["leapfrog"] < 0.1
    assert "RK4 falls behind leapfrog at t ≈" in run["status"]
    assert "stays ahead" in interactives.integrator_run(0.01)["status"]
    # the stored energy errors are those of the integrators themselves (leapfrog, h = 0.3, step 50)
    from physml import integrators
    y = np.asarray(integrators.leapfrog(interactives._pendulum_H, np.array([1.0, 0.0]), 0.3, 50))[-1]
    e = 3 * (1 - np.cos(y[0])) + 0.5 * y[1] ** 2 - 3 * (1 - np.cos(1.0))
    assert abs(run["errors"]["leapfrog"][1] - abs(e)) < 1e-14
    fig = interactives.integrator_explorer(dt=0.1)
    fig.set(dt=0.2)
    assert "h = 0.200" in fig.status.value
    spec = interactives.integrator_explorer_static()._repr_mimebundle_()["application/vnd.plotly.v1+json"]
    assert len(spec["frames"]) == 7


def test_onsager_explorer_draws_the_chapters_monte_carlo():
    import jax

    from physml import onsager as O
    from physml.interactives import onsager as figures

    explorer = figures.onsager()
    run = explorer.run(n=4, n_samples=40)              # practice 8's numbers
    ref = O.onsager(O.random_response_matrix(4, key=jax.random.key(0)), 40, 0.1, key=jax.random.key(1))
    assert run.ratio_sym == ref.ratio_sym and round(run.ratio_sym, 3) == 0.648
    data = explorer.draw(run)
    np.testing.assert_array_equal(data["sym"][1], run.errors.sym)
    np.testing.assert_allclose(data["theory"][1] / data["theory"][0], 5 / 8)
    fig = explorer.live()
    fig.set(n=4)
    assert "n = 4" in fig.status.value and "0.625" in fig.status.value
    spec = explorer.static()._repr_mimebundle_()["application/vnd.plotly.v1+json"]
    assert len(spec["frames"]) == 8 and spec["layout"]["sliders"][0]["active"] == 4   # log10 noise = -1
    assert 'id="ch08-onsager"' in explorer.static(values=[-1.0])._repr_mimebundle_()["text/html"]
