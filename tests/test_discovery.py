"""physml.discovery against independent references: numpy.polyfit, scipy.linalg.null_space,
planted laws in random libraries, exact collision physics."""
import itertools

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
        D.simulate_collisions(10, restitution=1.5)
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
    col = D.simulate_collisions(50, n_bodies, dim, e, seed=3, n_hits=1)
    m = col.masses[..., None]
    np.testing.assert_allclose((m * col.v_after).sum(1), (m * col.v_before).sum(1), atol=1e-13)
    ke = lambda v: 0.5 * (m[..., 0] * (v**2).sum(-1)).sum(1)
    loss = ke(col.v_before) - ke(col.v_after)
    if e == 1:
        np.testing.assert_allclose(loss, 0, atol=1e-13)
    else:
        assert np.all(loss >= -1e-13) and loss.mean() > 0.01


def test_one_dimensional_elastic_collision_closed_form():
    col = D.simulate_collisions(20, 2, 1, 1.0, seed=5)
    m1, m2 = col.masses.T
    u1, u2 = col.v_before[:, 0, 0], col.v_before[:, 1, 0]
    np.testing.assert_allclose(col.v_after[:, 0, 0], ((m1 - m2) * u1 + 2 * m2 * u2) / (m1 + m2), atol=1e-13)
    np.testing.assert_allclose(col.v_after[:, 1, 0], ((m2 - m1) * u2 + 2 * m1 * u1) / (m1 + m2), atol=1e-13)


def test_feature_changes_by_hand():
    col = D.simulate_collisions(4, 2, 2, 0.9, seed=2)
    A, names = D.feature_changes(col)
    assert names == ["p1x", "p1y", "p2x", "p2y", "K1", "K2", "v1x", "v1y", "v2x", "v2y", "|v1|", "|v2|"]
    m, vb, va = col.masses, col.v_before, col.v_after
    np.testing.assert_allclose(A[:, 2], m[:, 1] * (va[:, 1, 0] - vb[:, 1, 0]))
    np.testing.assert_allclose(A[:, 5], 0.5 * m[:, 1] * ((va[:, 1] ** 2).sum(1) - (vb[:, 1] ** 2).sum(1)))
    np.testing.assert_allclose(A[:, 11], np.linalg.norm(va[:, 1], axis=1) - np.linalg.norm(vb[:, 1], axis=1))


@pytest.mark.parametrize("e, expected", [(1.0, {"p1 + p2", "K1 + K2"}), (0.6, {"p1 + p2"})])
def test_laws_of_one_dimensional_collisions(e, expected):
    names, ns, laws = D.discover_laws(D.simulate_collisions(200, 2, 1, e, seed=0))
    assert {D.format_law(law, names) for law in laws} == expected and ns.dim == len(expected)
    assert ns.gap > 1e10


def test_noise_closes_the_gap_like_one_over_sigma():
    gaps = [D.null_space(D.feature_changes(D.simulate_collisions(300, 2, 1, 1.0, s, seed=1))[0]).gap
            for s in (1e-5, 1e-4, 1e-3)]
    assert gaps[0] / gaps[1] == pytest.approx(10, rel=0.1) and gaps[1] / gaps[2] == pytest.approx(10, rel=0.1)
    A, _ = D.feature_changes(D.simulate_collisions(300, 2, 1, 1.0, 0.2, seed=1))
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
        P = lambda B: B @ np.linalg.pinv(B)
        np.testing.assert_allclose(P(ns.basis), P(ref), atol=1e-9)
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
