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
