"""physml.discovery against independent references: numpy.polyfit, scipy.linalg.null_space,
planted laws in random libraries, exact collision physics."""
import itertools

import jax
import numpy as np
import pytest
import scipy.linalg

from physml import discovery as D


# ----------------------------------------------------------------- power laws
@pytest.mark.parametrize("n, C", [(1.5, 2.0), (-2.0, 0.3), (0.5, 7.0), (3.0, 1e-4)])
def test_exact_power_law_is_recovered_like_polyfit(n, C):
    x = np.geomspace(0.1, 50, 9)
    fit = D.fit_power_law(x, C * x**n)
    slope, intercept = np.polyfit(np.log(x), np.log(C * x**n), 1)
    assert fit.exponent == pytest.approx(n, abs=1e-12) and fit.exponent == pytest.approx(slope, abs=1e-12)
    assert fit.constant == pytest.approx(C, rel=1e-12) and fit.log_constant == pytest.approx(intercept, abs=1e-12)
    assert fit.exponent_error < 1e-12 and fit.rms < 1e-12


def test_standard_errors_match_polyfit_covariance_and_coverage():
    rng = np.random.default_rng(0)
    x = np.geomspace(1, 100, 12)
    y = 3.0 * x**1.5 * np.exp(0.01 * rng.normal(size=x.size))
    fit = D.fit_power_law(x, y)
    (slope, intercept), cov = np.polyfit(np.log(x), np.log(y), 1, cov="unscaled")
    resid = np.log(y) - (intercept + slope * np.log(x))
    cov = cov * (resid @ resid) / (x.size - 2)
    assert fit.exponent == pytest.approx(slope, rel=1e-12)
    assert fit.exponent_error == pytest.approx(np.sqrt(cov[0, 0]), rel=1e-10)
    assert fit.log_constant_error == pytest.approx(np.sqrt(cov[1, 1]), rel=1e-10)
    # the error bar means what it says: ~68 % of repeated experiments cover the true exponent
    hits = 0
    for seed in range(400):
        r = np.random.default_rng(seed)
        f = D.fit_power_law(x, 3.0 * x**1.5 * np.exp(0.01 * r.normal(size=x.size)))
        hits += abs(f.exponent - 1.5) < f.exponent_error
    assert 0.6 < hits / 400 < 0.76


def test_candidate_exponent_uses_the_best_constant_for_that_exponent():
    x = np.array([0.5, 2.0, 3.0, 11.0, 40.0])
    y = np.array([0.3, 2.9, 5.0, 38.0, 250.0])
    for n in (1.0, 1.5, 2.0):
        run = D.candidate_power_law(x, y, n, n_points=7)
        log_c = np.mean(np.log(y) - n * np.log(x))                      # closed form for a fixed n
        ratio = y / (np.exp(log_c) * x**n)
        assert run.exponent == n and run.fit.constant == pytest.approx(np.exp(log_c), rel=1e-12)
        np.testing.assert_allclose(run.fit.residuals, np.log(ratio), atol=1e-12)
        assert run.worst_factor == pytest.approx(max(ratio.max(), 1 / ratio.min()), rel=1e-12)
        np.testing.assert_allclose(run.grid, np.geomspace(0.5 / 1.5, 60.0, 7), rtol=1e-12)
        np.testing.assert_allclose(run.curve, np.exp(log_c) * run.grid**n, rtol=1e-12)
    exact = D.candidate_power_law(x, 2.0 * x**1.5, 1.5)
    assert np.abs(exact.fit.residuals).max() < 1e-12 and exact.worst_factor == pytest.approx(1.0, abs=1e-12)
    with pytest.raises(ValueError, match="^n_points"):
        D.candidate_power_law(x, y, 1.0, n_points=1)


def test_fixed_exponent_fits_only_the_constant():
    x = np.array([1.0, 2.0, 4.0, 8.0])
    y = 5.0 * x**2 * np.array([1.01, 0.99, 1.0, 1.0])
    fit = D.fit_power_law(x, y, exponent=2)
    assert fit.exponent == 2 and fit.exponent_error == 0 and fit.dof == 3
    assert fit.log_constant == pytest.approx(np.mean(np.log(y / x**2)))
    assert fit.log_constant_error == pytest.approx(np.std(np.log(y / x**2), ddof=1) / 2)


def test_kepler_on_the_planets():
    orb = D.load_orbits("planets")
    assert len(orb.names) == 8 and orb.names[0] == "Mercury" and "ssd.jpl.nasa.gov" in orb.source
    fit = D.fit_power_law(orb.a, orb.P)
    assert abs(fit.exponent - 1.5) < 3e-4 and fit.exponent_error < 1e-4
    for rival in (1.0, 2.0):
        assert D.fit_power_law(orb.a, orb.P, exponent=rival).rms > 1000 * fit.rms
    sun = D.kepler_mass(orb.a * orb.a_unit_m, orb.P * orb.P_unit_s)
    # IAU nominal GM_sun; the residuals (~2e-4, planetary masses and perturbations) limit the agreement
    assert sun.gm == pytest.approx(1.32712440018e20, rel=1e-3)
    assert abs(sun.gm - 1.32712440018e20) < 3 * sun.gm_error
    assert sun.mass == pytest.approx(1.9885e30, rel=1e-3)


@pytest.mark.parametrize("name, gm", [("galilean_moons", 1.26686534e17), ("saturn_moons", 3.7931187e16)])
def test_the_same_fit_weighs_jupiter_and_saturn(name, gm):
    orb = D.load_orbits(name)
    assert D.fit_power_law(orb.a, orb.P).exponent == pytest.approx(1.5, abs=2e-3)
    assert D.kepler_mass(orb.a * orb.a_unit_m, orb.P * orb.P_unit_s).gm == pytest.approx(gm, rel=3e-3)


@pytest.mark.parametrize("x, y, match", [
    ([1, 2, -3], [1, 2, 3], "x must be positive"),
    ([1, 2, 3], [1, 0, 3], "y must be positive"),
    ([1, 2, 3], [1, 2], "same length"),
    ([1, 2, np.nan], [1, 2, 3], "x must contain only finite"),
    ([1, 2], [1, 2], "at least 3 points"),
    ([2, 2, 2], [1, 2, 3], "two different values"),
])
def test_power_law_bad_input(x, y, match):
    with pytest.raises(ValueError, match=match):
        D.fit_power_law(x, y)


def test_other_bad_input():
    with pytest.raises(TypeError, match="^x must be an array"):
        D.fit_power_law("abc", [1, 2, 3])
    with pytest.raises(ValueError, match="^name must be one of"):
        D.load_orbits("pluto")
    with pytest.raises(ValueError, match="^restitution"):
        D.simulate_collisions(10, restitution=1.5, key=jax.random.key(0))
    with pytest.raises(TypeError, match="^key must be a JAX PRNG key"):
        D.simulate_collisions(10, key=0)
    with pytest.raises(TypeError, match="^collisions must be"):
        D.feature_changes(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="^A must contain only finite"):
        D.null_space([[1.0, np.nan], [0.0, 1.0]])
    with pytest.raises(ValueError, match="^A must have 2"):
        D.null_space([1.0, 2.0])
    with pytest.raises(ValueError, match="^method"):
        D.sparsest_null_vector(np.eye(3), method="magic")
    with pytest.raises(ValueError, match="no null space"):
        D.sparsest_null_vector(np.random.default_rng(0).normal(size=(20, 4)))


# ----------------------------------------------------------------- collisions
@pytest.mark.parametrize("dim, n_bodies, e", [(1, 2, 1.0), (2, 3, 1.0), (1, 2, 0.5), (3, 4, 0.8)])
def test_collisions_conserve_momentum_and_lose_the_right_energy(dim, n_bodies, e):
    col = D.simulate_collisions(50, n_bodies, dim, e, key=jax.random.key(3), n_hits=1)
    m = col.masses[..., None]
    np.testing.assert_allclose((m * col.v_after).sum(1), (m * col.v_before).sum(1), atol=1e-13)

    def ke(v):
        return 0.5 * (m[..., 0] * (v**2).sum(-1)).sum(1)

    loss = ke(col.v_before) - ke(col.v_after)
    if e == 1:
        np.testing.assert_allclose(loss, 0, atol=1e-13)
    else:
        assert np.all(loss >= -1e-13) and loss.mean() > 0.01


def test_one_dimensional_elastic_collision_closed_form():
    col = D.simulate_collisions(20, 2, 1, 1.0, key=jax.random.key(5))
    m1, m2 = col.masses.T
    u1, u2 = col.v_before[:, 0, 0], col.v_before[:, 1, 0]
    np.testing.assert_allclose(col.v_after[:, 0, 0], ((m1 - m2) * u1 + 2 * m2 * u2) / (m1 + m2), atol=1e-13)
    np.testing.assert_allclose(col.v_after[:, 1, 0], ((m2 - m1) * u2 + 2 * m1 * u1) / (m1 + m2), atol=1e-13)


def test_feature_changes_by_hand():
    col = D.simulate_collisions(4, 2, 2, 0.9, key=jax.random.key(2))
    changes = D.feature_changes(col)
    A, names = changes.A, changes.names
    assert names == ("p1x", "p1y", "p2x", "p2y", "K1", "K2", "v1x", "v1y", "v2x", "v2y", "|v1|", "|v2|")
    m, vb, va = col.masses, col.v_before, col.v_after
    np.testing.assert_allclose(A[:, 2], m[:, 1] * (va[:, 1, 0] - vb[:, 1, 0]))
    np.testing.assert_allclose(A[:, 5], 0.5 * m[:, 1] * ((va[:, 1] ** 2).sum(1) - (vb[:, 1] ** 2).sum(1)))
    np.testing.assert_allclose(A[:, 11], np.linalg.norm(va[:, 1], axis=1) - np.linalg.norm(vb[:, 1], axis=1))


@pytest.mark.parametrize("e, expected", [(1.0, {"p1 + p2", "K1 + K2"}), (0.6, {"p1 + p2"})])
def test_laws_of_one_dimensional_collisions(e, expected):
    col = D.simulate_collisions(200, 2, 1, e, key=jax.random.key(0))
    found = D.discover_laws(col)
    assert found.collisions is col and found.names == ("p1", "p2", "K1", "K2", "v1", "v2", "|v1|", "|v2|")
    assert {D.format_law(law, found.names) for law in found.laws} == expected and found.null_space.dim == len(expected)
    assert found.null_space.gap > 1e10
    assert str(found) == ", ".join(D.format_law(law, found.names) for law in found.laws)
    # each law annihilates the changes computed by hand from the velocities (exact physics)
    m, vb, va = col.masses, col.v_before[..., 0], col.v_after[..., 0]
    by_hand = np.column_stack([m * (va - vb), 0.5 * m * (va**2 - vb**2), va - vb, np.abs(va) - np.abs(vb)])
    for law in found.laws:
        assert np.abs(by_hand @ law.vector).max() < 1e-12 * np.abs(by_hand).max()


def test_collision_laws_is_the_explorer_run_of_the_chapter():
    key = jax.random.key(0)
    elastic = D.collision_laws(1.0, key=key)
    assert str(elastic) == "p1 + p2, K1 + K2" and elastic.collisions.v_before.shape == (D.COLLISION_EVENTS, 2, 1)
    # the same events as simulate_collisions draws from the same key
    np.testing.assert_array_equal(elastic.collisions.v_after,
                                  D.simulate_collisions(D.COLLISION_EVENTS, 2, 1, 1.0, key=key).v_after)
    assert str(D.collision_laws(0.5, key=key)) == "p1 + p2"
    # e = 0.99: the energy loss 1 - e² ~ 0.02 is buried by noise 1e-3, and energy is wrongly accepted
    spurious = D.collision_laws(0.99, 1e-3, key=key)
    assert spurious.null_space.dim == 2 and "K1" in str(spurious)
    assert D.collision_laws(1.0, 10**-0.5, key=key).laws == ()        # the gap has closed: no law


def test_noise_closes_the_gap_like_one_over_sigma():
    gaps = [D.null_space(D.feature_changes(D.simulate_collisions(300, 2, 1, 1.0, s, key=jax.random.key(1))).A).gap
            for s in (1e-5, 1e-4, 1e-3)]
    assert gaps[0] / gaps[1] == pytest.approx(10, rel=0.1) and gaps[1] / gaps[2] == pytest.approx(10, rel=0.1)
    A = D.feature_changes(D.simulate_collisions(300, 2, 1, 1.0, 0.2, key=jax.random.key(1))).A
    assert D.null_space(A).dim == 0


# ----------------------------------------------------------------- null space and sparse laws
def planted(n_rows, n_features, laws, seed):
    """A random feature-change matrix whose null space is exactly the span of ``laws``."""
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n_rows, n_features)) * rng.uniform(0.1, 10, size=n_features)  # mixed units
    Q, _ = np.linalg.qr(np.array(laws, dtype=float).T)
    return A - (A @ Q) @ Q.T


def test_null_space_matches_scipy_and_finds_the_rank_by_the_gap():
    rng = np.random.default_rng(1)
    for rank in (1, 3, 5):
        A = rng.normal(size=(30, rank)) @ rng.normal(size=(rank, 7))
        ns = D.null_space(A)
        ref = scipy.linalg.null_space(A)
        assert ns.dim == ref.shape[1] == 7 - rank
        # same subspace: projector difference vanishes
        np.testing.assert_allclose(ns.basis @ np.linalg.pinv(ns.basis), ref @ np.linalg.pinv(ref), atol=1e-9)
        np.testing.assert_allclose(A @ ns.basis, 0, atol=1e-9)


def test_fewer_events_than_features_leaves_the_extra_directions_null():
    A = np.random.default_rng(0).normal(size=(3, 5))
    assert D.null_space(A).dim == 2


def test_an_explicit_tolerance_overrides_the_gap_rule():
    A = planted(40, 5, [[1, -1, 0, 0, 0]], seed=4)
    assert D.null_space(A).dim == 1
    assert D.null_space(A, tol=10.0).dim == 5


@pytest.mark.parametrize("seed", range(6))
def test_planted_sparse_laws_are_recovered_in_random_libraries(seed):
    rng = np.random.default_rng(100 + seed)
    F = 9
    # a chemistry-like law (not momentum, not energy): 2·x_a − x_b + 0.5·x_c, plus a dense-ish one
    idx = rng.choice(F, size=5, replace=False)
    law1 = np.zeros(F)
    law1[idx[:3]] = [2.0, -1.0, 0.5]
    law2 = np.zeros(F)
    law2[idx[3:]] = [1.0, 3.0]
    dense = rng.normal(size=F)
    A = planted(60, F, [law1, law2 + 0.0 * dense], seed)
    # mixing the planted laws hides them from a plain SVD basis …
    ns = D.null_space(A)
    assert ns.dim == 2 and np.count_nonzero(np.abs(ns.basis) > 1e-8) > 5
    # … but the sparsest null vector is law2 (2 entries) by LP and by enumeration
    for method in ("lp", "enumerate"):
        law = D.sparsest_null_vector(A, method=method)
        assert law.support == tuple(sorted(idx[3:]))
        np.testing.assert_allclose(law.vector, law2 / law2[np.argmax(np.abs(law2))], atol=1e-9)
    laws = D.conservation_laws(A)
    assert [law.support for law in laws] == [tuple(sorted(idx[3:])), tuple(sorted(idx[:3]))]
    np.testing.assert_allclose(laws[1].vector, law1 / 2.0, atol=1e-9)


def test_lp_and_enumeration_agree_on_brute_force_sparsity():
    """Check the minimal support against a brute-force search written independently here."""
    for seed in range(4):
        rng = np.random.default_rng(seed)
        F = 7
        laws = []
        for size in (3, 4):
            c = np.zeros(F)
            c[rng.choice(F, size, replace=False)] = rng.uniform(0.5, 2, size) * rng.choice([-1, 1], size)
            laws.append(c)
        A = planted(50, F, laws, seed)
        brute = min((s for k in range(1, F + 1) for s in itertools.combinations(range(F), k)
                     if np.linalg.matrix_rank(A[:, list(s)], tol=1e-8) < len(s)), key=len)
        assert D.sparsest_null_vector(A).support == D.sparsest_null_vector(A, method="enumerate").support
        assert len(D.sparsest_null_vector(A).support) == len(brute)


def test_format_law():
    assert D.format_law([1.0, 1.0, 0, 0], ["p1", "p2", "K1", "K2"]) == "p1 + p2"
    assert D.format_law([0, 1.0, -0.5, 0], ["a", "b", "c", "d"]) == "b − 0.5 c"
    with pytest.raises(ValueError, match="^names"):
        D.format_law([1.0, 2.0], ["a"])


# ------------------------------------------------------------------ the chapter's explorers
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
