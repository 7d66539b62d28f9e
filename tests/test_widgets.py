"""The interactive pattern: live figures redraw, divergence is reported in words, the static
plotly version carries one frame per slider value, the style is applied."""
import json

import matplotlib as mpl
import numpy as np
import pytest

from physml import style, widgets


def test_step_size_live_figure_redraws_and_reports_divergence():
    from physml.interactives import landscape as figures

    fig = figures.step_size().live(learning_rate=0.2)
    assert fig.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    status = fig.set(learning_rate=0.65)
    assert "DIVERGED" in status and "DIVERGED" in fig.status.value
    assert fig.controls["learning_rate"].value == 0.65
    fig.controls["learning_rate"].value = 0.2  # as a reader moves the slider
    assert "fell at every step" in fig.status.value
    assert np.isfinite(fig.last_redraw_seconds)


def test_step_size_explorer_draws_the_cut_run():
    from physml import landscape as L
    from physml.interactives import landscape as figures

    explorer = figures.step_size()
    run = explorer.run(learning_rate=0.65)
    assert run.diverged_at is not None and len(run.energy) == run.diverged_at
    data = explorer.draw(run)
    np.testing.assert_array_equal(data["path"][0], run.path[:, 0])
    assert np.all(np.abs(data["path"][1]) <= L.DIVERGED) and len(data["energy"][0]) == run.diverged_at


def test_step_size_regimes_match_the_chapter():
    from physml import landscape as L
    from physml.interactives import landscape as figures

    explorer = figures.step_size()
    beta_limit = 2 / L.SMOOTH_BOWL_BETA
    assert "fell at every step" in explorer.status(explorer.run(learning_rate=0.95 * beta_limit))
    assert "rose" in explorer.status(explorer.run(learning_rate=0.45))
    assert "DIVERGED" in explorer.status(explorer.run(learning_rate=0.6))


def test_saddle_explorer_reports_the_escape_and_its_prediction():
    from physml.interactives import landscape as figures

    explorer = figures.saddle_escape()
    run = explorer.run(log10_y0=-8.0)
    status = explorer.status(run)
    assert f"escaped at step {run.escaped_at}" in status and f"= {run.predicted:.0f})" in status
    assert explorer.draw(run)["escape"] == run.escaped_at
    on_manifold = explorer.run(log10_y0=-np.inf)              # y0 = 0: the chapter's noisy figure
    assert on_manifold.escaped_at is None and "still at the saddle" in explorer.status(on_manifold)
    noisy = explorer.run(log10_y0=-np.inf, noisy=True, log10_noise=-6.0)
    assert noisy.escaped_at is not None and "noise σ = 1e-6.0" in explorer.status(noisy)


def test_static_slider_has_one_frame_per_value_and_is_reproducible():
    from physml.interactives import landscape as figures

    values = [0.1, 0.3, 0.6]
    a = figures.step_size().static(values=values)._repr_mimebundle_()
    b = figures.step_size().static(values=values)._repr_mimebundle_()
    assert a["text/html"] == b["text/html"]
    spec = a["application/vnd.plotly.v1+json"]
    assert len(spec["frames"]) == 3
    assert len(spec["layout"]["sliders"][0]["steps"]) == 3
    assert "DIVERGED" in json.dumps(spec["frames"][2]["layout"])
    assert 'id="ch01-step-size"' in a["text/html"]


def test_saddle_static_over_the_noise_keeps_the_other_controls_fixed():
    from physml.interactives import landscape as figures

    spec = figures.saddle_escape().static(control="log10_noise", values=[-10.0, -4.0], noisy=True,
                                          log10_y0=-np.inf)._repr_mimebundle_()["application/vnd.plotly.v1+json"]
    titles = [frame["layout"]["title"]["text"] for frame in spec["frames"]]
    assert all("y₀ = 0" in t and "escaped at step" in t for t in titles)
    assert "1e-10.0" in titles[0] and "1e-4.0" in titles[1]


def test_live_figure_rejects_unknown_controls():
    from physml.interactives import landscape as figures

    fig = figures.quadratic_step([[3.0, 1.0], [1.0, 3.0]]).live()
    with pytest.raises(ValueError, match="unknown control"):
        fig.set(beta=1.0)


def test_quadratic_explorer_validates_its_matrix_and_draws_the_closed_form():
    from physml.interactives import landscape as figures

    with pytest.raises(ValueError, match="matrix"):
        figures.quadratic_step([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="theta0"):
        figures.quadratic_step([[3.0, 1.0], [1.0, 3.0]], theta0=(1.0, 2.0, 3.0))
    explorer = figures.quadratic_step([[3.0, 1.0], [1.0, 3.0]])
    k, norms = explorer.draw(explorer.run(learning_rate=0.2))["norm"]
    M = np.eye(2) - 0.2 * np.array([[3.0, 1.0], [1.0, 3.0]])
    want = [np.linalg.norm(np.linalg.matrix_power(M, j) @ [1.0, -0.5]) for j in range(61)]
    np.testing.assert_allclose(norms, want, rtol=1e-12, atol=1e-300)
    assert "DIVERGED" in explorer.status(explorer.run(learning_rate=0.55))   # 2/λ_max = 0.5


def test_vmc_explorer_draws_one_run_of_the_grid_on_fixed_axes():
    from physml import quantum as Q
    from physml.interactives import nqs as figures

    explorer = figures.vmc(fields=(0.5, 1.0), alphas=(0.5, 1.0), n_iter=10)
    run = explorer.run(h=0.5, alpha=0.5)
    assert (run.L, run.h, run.alpha, run.hidden) == (8, 0.5, 0.5, 4)
    data = explorer.draw(run)
    np.testing.assert_allclose(data["energy"][1], run.energy / 8)
    assert data["exact"] == pytest.approx(Q.tfim_exact_energy(8, 0.5) / 8, abs=1e-12)
    assert "h = 0.50, α = 0.5 (4 hidden units)" in explorer.status(run)
    lo, hi = explorer.panels[0].ylim       # one energy axis holds every run and every exact E0/L
    for h in (0.5, 1.0):
        for alpha in (0.5, 1.0):
            d = explorer.draw(explorer.run(h=h, alpha=alpha))
            assert lo <= d["energy"][1].min() and d["energy"][1].max() <= hi and lo <= d["exact"] <= hi
    fig = explorer.live()
    assert "h = 1.00, α = 1 (8 hidden units)" in fig.status.value     # the defaults
    assert "α = 0.5" in fig.set(alpha=0.5)
    spec = explorer.static(control="alpha")._repr_mimebundle_()["application/vnd.plotly.v1+json"]
    assert len(spec["frames"]) == 2 and "h = 1.00" in json.dumps(spec["frames"][0]["layout"])


def test_product_state_explorer_draws_the_mean_field_energy():
    from physml import quantum as Q
    from physml.interactives import nqs as figures

    explorer = figures.product_state()
    view = explorer.run(theta_deg=30.0, h=1.0)           # the best product state: sin θ = h/2J
    best = Q.rayleigh_quotient(Q.tfim_hamiltonian(10, 1.0), Q.product_state(np.pi / 6, 10))
    assert view.energy == pytest.approx(best) and best == pytest.approx(-12.5)
    assert "E[ψ_θ] − E₀ = 0.2849 ≥ 0 ✓" in explorer.status(view)
    for h in (0.0, 0.7, 2.0):
        curve = explorer.draw(explorer.run(h=h))["curve"][1]
        assert curve.min() >= Q.tfim_exact_energy(10, h) - 1e-12
    with pytest.raises(ValueError, match="L must be even"):
        figures.product_state(L=7)


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
    from physml.interactives import discovery as figures
    fig = figures.collisions().live(restitution=1.0, log10_noise=-6.0)
    assert "p1 + p2, K1 + K2" in fig.status.value
    assert "p1 + p2" in fig.set(restitution=0.5) and "K1" not in fig.set(restitution=0.5)
    assert "no clear gap" in fig.set(log10_noise=-0.5)
    assert "σ = 0e+00" in fig.set(log10_noise=-12.0)                 # the slider's end means no noise


def test_collision_static_hides_round_off_differences():
    from physml.interactives import discovery as figures
    fig = figures.collisions().static().fig
    values = [-12.0] + list(np.arange(-9.0, -0.4, 0.5))
    assert [float(f.name) for f in fig.frames] == pytest.approx(values)
    sv = [np.asarray(trace.y, dtype=float) for frame in fig.frames for trace in frame.data
          if trace.name == "singular values"]
    assert len(sv) == len(values) and min(y.min() for y in sv) == figures.ROUNDOFF_FLOOR   # exact laws at the floor
    bars = [trace for trace in fig.frames[0].data if trace.type == "bar"]
    assert len(bars) == 2 and list(bars[0].y[:2]) == [1.0, 1.0]      # law 1 is p1 + p2
    other = figures.collisions().static(control="restitution").fig
    assert len(other.frames) == len(figures.collisions().control("restitution").site)


def test_power_law_explorer_draws_the_candidate_curve():
    from physml.interactives import discovery as figures
    x = np.geomspace(1, 100, 6)
    explorer = figures.power_law(x, 2.0 * x**1.5, labels=("a (km)", "P (days)"))
    fig = explorer.live(exponent=1.5)
    assert "best C = 2, rms of log residuals = " in fig.status.value
    assert "factor 1.000" in fig.set(exponent=1.5) and "factor 1.000" not in fig.set(exponent=1.0)
    assert np.abs(explorer.draw(explorer.run(exponent=1.5))["residuals"][1]).max() < 1e-12
    assert len(explorer.static().fig.frames) == len(explorer.control("exponent").site)
    with pytest.raises(ValueError, match="^y must be positive"):
        figures.power_law(x, -x)


def test_autoencoder_explorer_draws_one_grid_entry():
    from physml import symmetry as S
    from physml import widgets as Wd
    from physml.interactives import symmetry as figures
    factory, example = Wd.registered()["symmetry.autoencoder"]
    grid = example["grid"]                                   # a hand-made 2 x 2 grid, no training
    explorer = factory(grid, latent_dim=1, steps=0)
    fig = explorer.live()
    assert "latent dim 1, 0 steps: latent-generator residual 1.0e+00" in fig.status.value
    status = fig.set(latent_dim=2, steps=3000)
    assert "residual 1.0e-07" in status and "rotation frequencies of A: 1.000" in status
    assert "rotation frequencies of A: none" in fig.set(latent_dim=1)
    spec = explorer.static()._repr_mimebundle_()["application/vnd.plotly.v1+json"]
    assert len(spec["frames"]) == 2                          # the site slider moves the latent dimension
    assert len(explorer.static(control="steps")._repr_mimebundle_()["application/vnd.plotly.v1+json"]["frames"]) == 2
    with pytest.raises(ValueError, match="^steps must be one of"):
        figures.autoencoder(grid, steps=100)
    with pytest.raises(TypeError, match="^grid must be an AutoencoderGrid"):
        figures.autoencoder({"residual": 0})
    assert isinstance(grid, S.AutoencoderGrid)


def test_energy_drift_explorer_draws_the_window_of_the_grid():
    import jax

    from physml import mechanics as M
    from physml.interactives import mechanics as figures

    grid = M.energy_drift((0.1,), key=jax.random.key(0), hidden=(16, 16), n_steps=600)
    explorer = figures.energy_drift(grid)
    w = explorer.run(horizon=50.0)
    assert w.t[-1] == 50.0 and w.baseline_worst > 10 * w.hnn_worst
    data = explorer.draw(w)
    np.testing.assert_array_equal(data["hnn"][0], w.hnn_path[:, 0])
    np.testing.assert_array_equal(data["baseline_error"][1], np.abs(w.baseline_error))
    fig = explorer.live(horizon=20.0)
    assert "horizon t = 20" in fig.status.value
    fig.set(horizon=80.0)
    assert "horizon t = 80" in fig.status.value
    spec = explorer.static()._repr_mimebundle_()["application/vnd.plotly.v1+json"]
    assert len(spec["frames"]) == 7 and spec["layout"]["sliders"][0]["active"] == 3     # horizon 30
    with pytest.raises(TypeError, match="EnergyDrift"):
        figures.energy_drift(grid={})


def test_integrator_explorer_reports_the_crossover():
    from physml import integrators as I
    from physml.interactives import integrators as figures

    explorer = figures.integrators()
    run = explorer.run(dt=0.3)
    assert "RK4 falls behind leapfrog at t ≈" in explorer.status(run)
    assert "stays ahead" in explorer.status(explorer.run(dt=0.01))
    data = explorer.draw(run)
    assert set(data) == set(I.METHODS) and set(figures.METHOD_COLORS) == set(I.METHODS)
    np.testing.assert_array_equal(data["leapfrog"][1], run.leapfrog[1:])
    fig = explorer.live(dt=0.1)
    fig.set(dt=0.2)
    assert "h = 0.200" in fig.status.value
    spec = explorer.static()._repr_mimebundle_()["application/vnd.plotly.v1+json"]
    assert len(spec["frames"]) == 7 and all(len(f["data"]) == 4 for f in spec["frames"])


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
