"""physml.discovery against independent references: numpy.polyfit, scipy.linalg.null_space,
planted laws in random libraries, exact collision physics."""
import itertools

import jax
import numpy as np
import pytest
import scipy.linalg
import sympy

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
    assert "σ = 0 (no noise)" in fig.set(log10_noise=-12.0)                 # the slider's end means no noise


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


# ----------------------------------------------------- Kepler with the planets' masses
def _synthetic_system(order):
    """Eight orbits whose periods obey P² = 4π² a³ / (G (M + m + Σ m_inner)) exactly."""
    a = np.array([0.4, 0.7, 1.0, 1.5, 5.2, 9.5, 19.2, 30.1])[order] * 1.5e11
    mu = np.array([1.7e-7, 2.4e-6, 3.0e-6, 3.2e-7, 9.5e-4, 2.9e-4, 4.4e-5, 5.2e-5])[order]
    inner = np.array([mu[a < ai].sum() for ai in a])                   # by hand, any order
    P = 2 * np.pi * np.sqrt(a**3 / (D.GM_SUN * (1 + mu + inner)))
    return a, P, mu, inner


@pytest.mark.parametrize("order", [np.arange(8), np.array([5, 2, 7, 0, 3, 6, 1, 4])])
def test_two_body_kepler_undoes_the_masses_exactly(order):
    a, P, mu, inner = _synthetic_system(order)
    full = D.two_body_kepler(a, P, mu, interior=True)
    np.testing.assert_allclose(full.mass_ratio, mu + inner, rtol=1e-15)
    np.testing.assert_allclose(full.period, 2 * np.pi * np.sqrt(a**3 / D.GM_SUN), rtol=1e-14)
    assert abs(full.fit.exponent - 1.5) < 1e-12 and full.fit.rms < 1e-13
    assert full.central.gm == pytest.approx(D.GM_SUN, rel=1e-13)
    own = D.two_body_kepler(a, P, mu)
    np.testing.assert_allclose(own.period, P * np.sqrt(1 + mu), rtol=1e-15)
    # without the interior masses the fitted GM is too large by about the mean of ln(1 + inner)
    assert own.central.gm / D.GM_SUN - 1 == pytest.approx(np.mean(np.log1p(inner / (1 + mu))), rel=1e-3)
    raw = D.kepler_mass(a, P)
    assert raw.gm > own.central.gm > full.central.gm


def test_two_body_kepler_on_the_planets_moves_toward_three_halves():
    orb = D.load_orbits("planets")
    a, P, mu = orb.a * orb.a_unit_m, orb.P * orb.P_unit_s, 1 / orb.extra["mass_ratio"]
    raw, full = D.fit_power_law(a, P), D.two_body_kepler(a, P, mu, interior=True)
    assert abs(full.fit.exponent - 1.5) < abs(raw.exponent - 1.5) / 2
    assert abs(full.fit.exponent - 1.5) < 2 * full.fit.exponent_error
    assert abs(full.central.gm - D.GM_SUN) < 2 * full.central.gm_error
    jupiter = orb.names.index("Jupiter")
    assert full.mass_ratio[jupiter] == pytest.approx(mu[:jupiter + 1].sum(), rel=1e-12)


def test_two_body_kepler_bad_input():
    with pytest.raises(ValueError, match="^mass_ratio must have one entry"):
        D.two_body_kepler([1, 2, 3], [1, 3, 5], [0.1, 0.2])
    with pytest.raises(ValueError, match="^mass_ratio must be >= 0"):
        D.two_body_kepler([1, 2, 3], [1, 3, 5], [0.1, -0.2, 0.0])
    with pytest.raises(TypeError, match="^interior"):
        D.two_body_kepler([1, 2, 3], [1, 3, 5], [0.1, 0.2, 0.0], interior=1)


# ----------------------------------------------------- symbolic regression
def _sym(*names):
    return [sympy.Symbol(n, positive=True) for n in names]


def test_search_finds_the_pendulum_period_and_ignores_the_decoy_mass():
    rng = np.random.default_rng(1)
    L, g, mass = rng.uniform(0.2, 3, 25), rng.uniform(1, 25, 25), rng.uniform(0.1, 5, 25)
    T = 2 * np.pi * np.sqrt(L / g) * np.exp(1e-3 * rng.normal(size=25))
    front = D.search_expressions({"mass": mass, "L": L, "g": g}, T, max_complexity=6)
    Ls, gs = _sym("L", "g")
    assert sympy.simplify(front.knee.expression / sympy.sqrt(Ls / gs)) == 1
    assert front.knee.constant == pytest.approx(2 * np.pi, rel=2e-3)
    assert front.knee.error < 2e-3 and front.knee in front.candidates and front[0].complexity == 1
    # predict() evaluates the SymPy expression: its error is the one the search reported
    resid = np.log(T / front.knee.predict({"L": L, "g": g, "mass": mass}))
    assert np.sqrt(np.mean(resid**2)) == pytest.approx(front.knee.error, rel=1e-9)


def test_search_with_units_finds_the_ideal_gas_law_and_its_constant():
    rng = np.random.default_rng(2)
    n, T = rng.uniform(0.5, 3, 30), rng.uniform(200, 600, 30)
    V, molar = rng.uniform(0.01, 0.1, 30), rng.uniform(0.002, 0.2, 30)
    R = 8.314462618
    p = n * R * T / V * np.exp(1e-3 * rng.normal(size=30))
    units = {"n": {"mol": 1}, "T": {"K": 1}, "V": {"m": 3}, "molar": {"kg": 1, "mol": -1}}
    pressure = {"kg": 1, "m": -1, "s": -2}
    gas_constant = {"kg": 1, "m": 2, "s": -2, "mol": -1, "K": -1}
    front = D.search_expressions({"n": n, "T": T, "V": V, "molar": molar}, p, units=units,
                                 target_units=pressure, constant_units=gas_constant, max_complexity=5)
    ns, Ts, Vs = _sym("n", "T", "V")
    assert sympy.simplify(front.knee.expression - ns * Ts / Vs) == 0
    assert front.knee.constant == pytest.approx(R, rel=2e-3)
    # every admissible expression has the dimension of p / R: check by substituting base units
    base = dict(zip(("mol", "K", "m", "kg", "s"), sympy.symbols("mol K m kg s", positive=True)))
    subs = {sympy.Symbol(v, positive=True): sympy.Mul(*[base[b] ** e for b, e in u.items()])
            for v, u in units.items()}
    want = base["kg"] ** 1 * base["m"] ** -1 * base["s"] ** -2 / (
        base["kg"] * base["m"] ** 2 * base["s"] ** -2 / base["mol"] / base["K"])
    for c in front:
        assert sympy.simplify(c.expression.subs(subs) / want).free_symbols == set()
    # without units the search is larger and the decoy is free to enter
    plain = D.search_expressions({"n": n, "T": T, "V": V, "molar": molar}, p, max_complexity=5)
    assert plain.n_expressions > 5 * front.n_expressions


def test_pareto_front_is_non_dominated_by_brute_force():
    rng = np.random.default_rng(3)
    x, z = rng.uniform(0.5, 4, 12), rng.uniform(0.5, 4, 12)
    y = x**1.5 / (1 + z) * np.exp(0.05 * rng.normal(size=12))
    front = D.search_expressions({"x": x, "z": z}, y, max_complexity=6)
    c, e = front.complexities, np.maximum(front.errors, D.ERROR_FLOOR)
    members = {(m.complexity, m.error) for m in front}
    assert len(members) == len(front) >= 3
    for m in front:          # nothing is at least as simple and clearly more accurate
        assert not np.any((c <= m.complexity) & (e < max(m.error, D.ERROR_FLOOR) * (1 - 1e-6)))
    for ci, ei in zip(c, e):  # everything else is dominated by a member
        assert any(m.complexity <= ci and max(m.error, D.ERROR_FLOOR) <= ei * (1 + 1e-6) for m in front)
    assert [m.complexity for m in front] == sorted({m.complexity for m in front})
    assert all(a.error > b.error for a, b in zip(front, front[1:]))


def test_search_counts_the_same_expressions_as_a_symbolic_enumeration():
    """Independent reference: all trees up to 4 nodes over {x, y} with ×, ÷, sqrt, built in SymPy
    and kept once up to a constant factor (non-constant ones only)."""
    xs, ys = _sym("x", "y")
    levels = {1: [xs, ys]}
    for k in range(2, 5):
        new = [sympy.sqrt(e) for e in levels[k - 1]]
        for i in range(1, k - 1):
            for a, b in itertools.product(levels[i], levels[k - 1 - i]):
                new += [a * b, a / b]
        levels[k] = new
    distinct = []
    for k in range(1, 5):
        for e in levels[k]:
            if e.free_symbols and not any((e / d).free_symbols == set() for d in distinct):
                distinct.append(e)
    rng = np.random.default_rng(4)
    front = D.search_expressions({"x": rng.uniform(1, 3, 9), "y": rng.uniform(1, 3, 9)}, rng.uniform(1, 2, 9),
                                 operators=("*", "/", "sqrt"), max_complexity=4)
    assert front.n_expressions == len(distinct) == front.complexities.size


def test_search_bad_input():
    x = np.array([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="^target must be positive"):
        D.search_expressions({"x": x}, [1.0, -2.0, 3.0])
    with pytest.raises(ValueError, match=r"^variables\['x'\] must have one value"):
        D.search_expressions({"x": x}, [1.0, 2.0])
    with pytest.raises(TypeError, match="^variables must be a non-empty dict"):
        D.search_expressions([x], x)
    with pytest.raises(ValueError, match="^operators"):
        D.search_expressions({"x": x}, x, operators=("+", "sin"))
    with pytest.raises(ValueError, match="^units must give a dimension for every variable"):
        D.search_expressions({"x": x, "z": x}, x, units={"x": {"m": 1}})
    with pytest.raises(ValueError, match="^max_complexity must be <= 9"):
        D.search_expressions({"x": x}, x, max_complexity=12)
    with pytest.raises(ValueError, match="no expression up to max_complexity has the dimension"):
        D.search_expressions({"a": x}, x**1.5, units={"a": {"m": 1}}, target_units={"s": 1})
