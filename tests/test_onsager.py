"""physml.onsager: the projection inequalities on random matrices, the (n+1)/(2n) average gain,
least squares against the exact solution, and bad input."""
import numpy as np
import pytest

from physml import onsager as O


def random_spd(n, rng):
    A = rng.normal(size=(n, n))
    return A @ A.T / n + 0.1 * np.eye(n)


def test_symmetric_projection_never_increases_the_error():
    rng = np.random.default_rng(0)
    for _ in range(200):
        n = rng.integers(2, 7)
        L = random_spd(n, rng)
        W = L + rng.normal(scale=rng.uniform(0.01, 2), size=(n, n))
        S = O.symmetrize(W)
        e_w, e_s = np.linalg.norm(W - L), np.linalg.norm(S - L)
        assert e_s <= e_w + 1e-12
        skew = W - S
        assert e_w**2 == pytest.approx(e_s**2 + np.linalg.norm(skew) ** 2, rel=1e-12)   # Pythagoras
        assert np.linalg.norm(O.project_psd(W) - L) <= e_s + 1e-12


@pytest.mark.parametrize("n", [2, 3, 5])
def test_average_squared_error_shrinks_by_n_plus_1_over_2n(n):
    rng = np.random.default_rng(n)
    E = rng.normal(size=(5000, n, n))                     # iid error matrices
    sym_err = np.mean([np.sum(O.symmetrize(e) ** 2) for e in E])
    assert sym_err / np.mean(np.sum(E**2, axis=(1, 2))) == pytest.approx((n + 1) / (2 * n), rel=0.03)


def test_project_psd_is_the_nearest_psd_matrix():
    rng = np.random.default_rng(3)
    for _ in range(20):
        W = rng.normal(size=(4, 4))
        P, S = O.project_psd(W), 0.5 * (W + W.T)
        # Moreau decomposition: the projection onto the PSD cone is characterised by
        # P ⪰ 0, P − S ⪰ 0 and ⟨P, P − S⟩ = 0
        assert np.allclose(P, P.T) and np.linalg.eigvalsh(P).min() > -1e-12
        assert np.linalg.eigvalsh(P - S).min() > -1e-12
        assert abs(np.sum(P * (P - S))) < 1e-12
        # and no PSD matrix nearby (P plus a random PSD step) is closer
        d = np.linalg.norm(W - P)
        for _ in range(50):
            B = rng.normal(size=(4, 2))
            assert np.linalg.norm(W - (P + 0.1 * B @ B.T)) >= d - 1e-12
    np.testing.assert_allclose(O.project_psd(np.diag([2.0, -1.0])), np.diag([2.0, 0.0]))


def test_least_squares_recovers_the_response_without_noise():
    rng = np.random.default_rng(4)
    L = random_spd(3, rng)
    X, J = O.simulate_response(L, 50, 0.0, seed=1)
    np.testing.assert_allclose(O.least_squares_response(X, J), L, atol=1e-12)
    X, J = O.simulate_response(L, 5000, 0.1, seed=2)
    W = O.least_squares_response(X, J)
    ref, *_ = np.linalg.lstsq(X, J, rcond=None)
    np.testing.assert_allclose(W, ref.T, atol=1e-14)
    assert np.linalg.norm(W - L) < 0.02


def test_bad_input():
    with pytest.raises(ValueError, match="^W must be a square matrix"):
        O.symmetrize(np.ones((2, 3)))
    with pytest.raises(ValueError, match="^X and J must have one row per measurement"):
        O.least_squares_response(np.ones((5, 2)), np.ones((4, 2)))
    with pytest.raises(ValueError, match="^X must have at least as many"):
        O.least_squares_response(np.ones((5, 2)), np.ones((5, 2)))
    with pytest.raises(ValueError, match="^W must contain only finite"):
        O.project_psd(np.array([[1.0, np.nan], [0.0, 1.0]]))


def test_projection_errors_monte_carlo_matches_the_formula_and_never_loses():
    for n in (2, 5):
        L = O.random_response_matrix(n, seed=n)
        r = O.projection_errors(L, 3 * n, 0.2, n_trials=3000, seed=1)
        assert np.all(r["sym"] <= r["ls"] + 1e-12) and np.all(r["psd"] <= r["sym"] + 1e-12)
        assert abs(r["sym"].mean() / r["ls"].mean() - (n + 1) / (2 * n)) < 0.02
    # one trial recomputed with the single-data-set functions (same random stream)
    L = O.random_response_matrix(3, seed=0)
    r = O.projection_errors(L, 10, 0.3, n_trials=1, seed=5)
    rng = np.random.default_rng(5)
    X = rng.normal(size=(1, 10, 3))[0]
    J = X @ L.T + 0.3 * rng.normal(size=(1, 10, 3))[0]
    W = O.least_squares_response(X, J)
    np.testing.assert_allclose(r["ls"][0], np.sum((W - L) ** 2), rtol=1e-10)
    np.testing.assert_allclose(r["sym"][0], np.sum((O.symmetrize(W) - L) ** 2), rtol=1e-10)
    np.testing.assert_allclose(r["psd"][0], np.sum((O.project_psd(W) - L) ** 2), rtol=1e-10)


def test_random_response_matrix_has_the_requested_spectrum():
    L = O.random_response_matrix(4, smallest=0.1, seed=2)
    np.testing.assert_allclose(L, L.T, atol=1e-15)
    np.testing.assert_allclose(np.linalg.eigvalsh(L), np.linspace(0.1, 1, 4), atol=1e-12)


def test_thermoelectric_response_is_symmetric_and_its_scaled_coupling_is_sqrt_zt_over_one_plus_zt():
    L = O.thermoelectric_response(sigma=1e5, seebeck=2e-4, kappa=1.5, T=300.0)
    np.testing.assert_allclose(L, L.T)
    d = 1 / np.sqrt(np.diag(L))
    zt = (2e-4) ** 2 * 1e5 * 300 / 1.5
    np.testing.assert_allclose(L[0, 1] * d[0] * d[1], np.sqrt(zt / (1 + zt)), rtol=1e-12)
    # fluxes by hand: j = σE − σS∇T, q = ST j − κ∇T at E = 2 V/m, ∇T = 5 K/m
    E, gradT, T = 2.0, 5.0, 300.0
    j = 1e5 * E - 1e5 * 2e-4 * gradT
    q = 2e-4 * T * j - 1.5 * gradT
    np.testing.assert_allclose(L @ [E / T, -gradT / T**2], [j, q], rtol=1e-12)
    with pytest.raises(ValueError, match="kappa"):
        O.thermoelectric_response(kappa=0.0)


@pytest.mark.parametrize("call, words", [
    (lambda: O.projection_errors(np.eye(3), 2, 0.1), "n_samples"),
    (lambda: O.projection_errors(np.ones((2, 3)), 10, 0.1), "square"),
    (lambda: O.projection_errors(np.eye(2), 10, 0.0), "noise"),
    (lambda: O.random_response_matrix(0), "n"),
])
def test_monte_carlo_bad_input(call, words):
    with pytest.raises(ValueError, match=words):
        call()
