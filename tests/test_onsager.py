"""physml.onsager: the projection inequalities on random matrices, the (n+1)/(2n) average gain
(and its Monte Carlo error), the general fraction for anisotropic noise and forces against the exact
covariance of the error, the Drude conductivity against its force balance, the Onsager–Casimir
estimators, least squares against the exact solution, the key-driven draws, and bad input."""
import jax
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
    data = O.simulate_response(L, 50, 0.0, key=jax.random.key(1))
    np.testing.assert_allclose(O.least_squares_response(data.X, data.J), L, atol=1e-12)
    data = O.simulate_response(L, 5000, 0.1, key=jax.random.key(2))
    X, J = data.X, data.J
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
        L = O.random_response_matrix(n, key=jax.random.key(n))
        r = O.projection_errors(L, 3 * n, 0.2, n_trials=3000, key=jax.random.key(1))
        assert np.all(r.sym <= r.ls + 1e-12) and np.all(r.psd <= r.sym + 1e-12)
        assert abs(r.sym.mean() / r.ls.mean() - (n + 1) / (2 * n)) < 0.02
    # one trial recomputed with the single-data-set functions (same random stream)
    L = O.random_response_matrix(3, key=jax.random.key(0))
    r = O.projection_errors(L, 10, 0.3, n_trials=1, key=jax.random.key(5))
    rng = np.random.default_rng(5)
    X = rng.normal(size=(1, 10, 3))[0]
    J = X @ L.T + 0.3 * rng.normal(size=(1, 10, 3))[0]
    W = O.least_squares_response(X, J)
    np.testing.assert_allclose(r.ls[0], np.sum((W - L) ** 2), rtol=1e-10)
    np.testing.assert_allclose(r.sym[0], np.sum((O.symmetrize(W) - L) ** 2), rtol=1e-10)
    np.testing.assert_allclose(r.psd[0], np.sum((O.project_psd(W) - L) ** 2), rtol=1e-10)
    assert r.not_psd == float(np.linalg.eigvalsh(O.symmetrize(W))[0] < 0)


def test_not_psd_counts_the_data_sets_with_a_negative_eigenvalue():
    L = O.random_response_matrix(3, smallest=0.05, key=jax.random.key(0))
    r = O.projection_errors(L, 20, 0.5, n_trials=50, key=jax.random.key(9))
    rng = np.random.default_rng(9)                       # the same draws, one data set at a time
    X = rng.normal(size=(50, 20, 3))
    J = X @ L.T + 0.5 * rng.normal(size=(50, 20, 3))
    negative = [np.linalg.eigvalsh(O.symmetrize(O.least_squares_response(x, j)))[0] < 0 for x, j in zip(X, J)]
    assert 0 < sum(negative) < 50
    assert r.not_psd == np.mean(negative)
    assert np.all((r.psd < r.sym - 1e-15) == np.array(negative))   # the PSD step acts exactly there


@pytest.mark.parametrize("n", [2, 3, 6])
def test_onsager_ratio_is_n_plus_1_over_2n_within_its_monte_carlo_error(n):
    L = O.random_response_matrix(n, key=jax.random.key(n))
    run = O.onsager(L, 4 * n, 0.3, n_trials=4000, key=jax.random.key(10 + n))
    assert run.n == n and run.n_samples == 4 * n and run.noise == 0.3
    assert run.theory == (n + 1) / (2 * n)
    assert abs(run.ratio_sym - run.theory) < 4 * run.ratio_sym_stderr
    assert 0 < run.ratio_sym_stderr < 0.01
    # the summary is the mean of the per-data-set errors
    assert run.mean_ls == pytest.approx(run.errors.ls.mean(), rel=1e-14)
    assert run.ratio_sym == pytest.approx(run.errors.sym.mean() / run.errors.ls.mean(), rel=1e-14)
    assert run.ratio_psd == pytest.approx(run.errors.psd.mean() / run.errors.ls.mean(), rel=1e-14)
    assert run.ratio_psd <= run.ratio_sym and run.not_psd == run.errors.not_psd


def test_onsager_standard_error_matches_the_scatter_of_independent_repetitions():
    L = O.random_response_matrix(3, key=jax.random.key(0))
    runs = [O.onsager(L, 12, 0.2, n_trials=200, key=jax.random.key(100 + i)) for i in range(60)]
    ratios = np.array([r.ratio_sym for r in runs])
    stderr = np.mean([r.ratio_sym_stderr for r in runs])
    assert np.std(ratios, ddof=1) == pytest.approx(stderr, rel=0.25)   # 60 repetitions: ±10 % scatter
    assert abs(ratios.mean() - 2 / 3) < 4 * np.std(ratios, ddof=1) / np.sqrt(60)


def test_onsager_ratio_does_not_depend_on_the_noise():
    L = O.random_response_matrix(3, key=jax.random.key(0))
    a, b = (O.onsager(L, 30, noise, key=jax.random.key(1)) for noise in (0.01, 1.0))
    assert a.ratio_sym == pytest.approx(b.ratio_sym, abs=1e-9)   # same draws, errors scale as noise²
    assert b.mean_ls == pytest.approx(1e4 * a.mean_ls, rel=1e-9)
    assert b.ratio_psd < b.ratio_sym and a.ratio_psd == pytest.approx(a.ratio_sym, abs=1e-12)


def test_keys_draw_what_numpy_draws_from_the_same_seed():
    L = O.random_response_matrix(4, key=jax.random.key(7))
    Q, _ = np.linalg.qr(np.random.default_rng(7).normal(size=(4, 4)))
    np.testing.assert_allclose(L, (Q * np.linspace(0.05, 1, 4)) @ Q.T, atol=1e-15)
    data = O.simulate_response(L, 6, 0.1, key=jax.random.key(8))
    rng = np.random.default_rng(8)
    X = rng.normal(size=(6, 4))
    np.testing.assert_array_equal(data.X, X)
    np.testing.assert_allclose(data.J, X @ L.T + 0.1 * rng.normal(size=(6, 4)), atol=1e-15)
    other = O.simulate_response(L, 6, 0.1, key=jax.random.split(jax.random.key(8))[0])
    assert not np.allclose(other.X, data.X)


def test_random_response_matrix_has_the_requested_spectrum():
    L = O.random_response_matrix(4, smallest=0.1, key=jax.random.key(2))
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


# ------------------------------------------------------------------ anisotropic noise and forces
def exact_remaining_fraction(noise_cov, C):
    """E‖sym E‖² / E‖E‖² from the full n² × n² covariance of vec(E), Cov(E_ij, E_kl) = Σ_ik C_jl."""
    n = len(C)
    K = np.kron(noise_cov, C)                              # row-major vec: index i*n + j
    T = np.zeros((n * n, n * n))                           # vec(E) -> vec(Eᵀ)
    for i in range(n):
        for j in range(n):
            T[j * n + i, i * n + j] = 1
    P_sym = 0.5 * (np.eye(n * n) + T)
    return np.trace(P_sym @ K @ P_sym.T) / np.trace(K)


def test_the_remaining_fraction_depends_on_the_design_only_through_the_noise_covariance():
    rng = np.random.default_rng(11)
    for n in (2, 3, 5):
        X = rng.normal(size=(4 * n, n)) * np.logspace(0, -2, n)      # an ill-conditioned design
        C = np.linalg.inv(X.T @ X)
        # isotropic noise: (n+1)/(2n) whatever the design
        assert exact_remaining_fraction(np.eye(n), C) == pytest.approx((n + 1) / (2 * n), rel=1e-12)
        # anisotropic noise: the general formula, with the design's C in place of Σ_X⁻¹
        A = rng.normal(size=(n, n))
        S = A @ A.T + 0.01 * np.eye(n)
        expected = 0.5 * (1 + np.trace(S @ C) / (np.trace(S) * np.trace(C)))
        assert exact_remaining_fraction(S, C) == pytest.approx(expected, rel=1e-12)
        # onsager's theory uses Σ_X⁻¹ (the mean of C over Gaussian designs is Σ_X⁻¹/(m − n − 1))
        Sx = X.T @ X
        run = O.onsager(np.eye(n), 4 * n, 0.1, n_trials=1, key=KEY, force_cov=Sx, noise_cov=S)
        assert run.theory == pytest.approx(exact_remaining_fraction(S, np.linalg.inv(Sx)), rel=1e-12)
        assert 0.5 <= run.theory <= 1


@pytest.mark.parametrize("force_cov, noise_cov", [
    (np.diag([1.0, 1e-2]), np.diag([1.0, 1e2])),           # aligned: the error sits on the diagonal
    (np.diag([1e-2, 1.0]), np.diag([1.0, 1e2])),           # crossed: the error sits off the diagonal
    (np.diag([1.0, 1e-2]), np.eye(2)),                     # isotropic noise
])
def test_anisotropic_monte_carlo_matches_the_general_formula(force_cov, noise_cov):
    L = O.thermoelectric_response()
    D = np.diag(1 / np.sqrt(np.diag(L)))
    run = O.onsager(D @ L @ D, 12, 0.05, n_trials=4000, key=jax.random.key(3), force_cov=force_cov,
                    noise_cov=noise_cov)
    C = np.linalg.inv(force_cov)
    assert run.theory == pytest.approx(exact_remaining_fraction(noise_cov, C), rel=1e-12)
    assert abs(run.ratio_sym - run.theory) < 4 * run.ratio_sym_stderr


def test_simulate_response_draws_the_requested_covariances():
    Sx = np.array([[2.0, 0.6], [0.6, 0.5]])
    Se = np.array([[0.3, -0.2], [-0.2, 1.0]])
    L = np.array([[1.0, 0.4], [0.4, 2.0]])
    data = O.simulate_response(L, 200_000, 0.5, key=jax.random.key(1), force_cov=Sx, noise_cov=Se)
    np.testing.assert_allclose(np.cov(data.X.T), Sx, atol=0.02)
    np.testing.assert_allclose(np.cov((data.J - data.X @ L.T).T), 0.25 * Se, atol=0.01)
    same = O.simulate_response(L, 5, 0.5, key=jax.random.key(1))     # no covariance: the original draws
    rng = np.random.default_rng(1)
    np.testing.assert_array_equal(same.X, rng.normal(size=(5, 2)))


# ------------------------------------------------------------------ Onsager–Casimir
def test_drude_conductivity_solves_the_force_balance_and_obeys_casimir():
    sigma0, mu, B = 3.0e4, -0.14, 0.7
    sigma = O.drude_conductivity(sigma0, mu, B)
    # v = μ(E + v × B) solved directly, column by column; j = σ₀ v/μ
    Bvec = np.array([0.0, 0.0, B])
    cross = np.array([np.cross(e, Bvec) for e in np.eye(3)]).T      # cross @ v = v × B
    ref = sigma0 / mu * np.linalg.solve(np.eye(3) - mu * cross, mu * np.eye(3))
    np.testing.assert_allclose(sigma, ref, rtol=1e-12)
    np.testing.assert_allclose(O.drude_conductivity(sigma0, mu, -B), sigma.T, rtol=1e-15)
    np.testing.assert_allclose(O.drude_conductivity(sigma0, mu, 0.0), sigma0 * np.eye(3))
    # the Hall angle: tan θ = σ_xy/σ_xx = μB
    assert sigma[0, 1] / sigma[0, 0] == pytest.approx(mu * B, rel=1e-14)
    with pytest.raises(ValueError, match="sigma0"):
        O.drude_conductivity(0.0, mu, B)
    with pytest.raises(ValueError, match="^B must be finite"):
        O.drude_conductivity(1.0, mu, np.inf)


def test_casimir_symmetrising_saturates_at_the_hall_part_and_pooling_halves_the_error():
    L = O.drude_conductivity(1.0, 0.1, 1.0)
    bias = np.sum((0.5 * (L - L.T)) ** 2)
    for m in (10, 1000):
        run = O.casimir(L, m, 0.3, n_trials=2000, key=jax.random.key(m))
        assert run.bias == pytest.approx(bias, rel=1e-14) and run.n == 3 and run.n_samples == m
        assert abs(run.ratio_pooled - 0.5) < 4 * run.ratio_pooled_stderr and run.ratio_pooled_stderr < 0.02
        # sym Ŵ − L = sym E − skew L, and the two parts are orthogonal: exactly ‖sym E‖² + ‖skew L‖²
        assert np.all(run.sym >= bias - 1e-12) and np.all(run.sym - bias <= run.ls + 1e-12)
        assert run.mean_sym == pytest.approx(2 / 3 * run.mean_ls + bias, rel=0.05)
    assert run.mean_sym > 20 * run.mean_ls                  # many data: the bias dominates
    # one trial recomputed with the single-data-set functions (same random stream: +B, then −B)
    run = O.casimir(L, 8, 0.3, n_trials=1, key=jax.random.key(5))
    rng = np.random.default_rng(5)
    X1, N1, X2, N2 = (rng.normal(size=(1, 8, 3))[0] for _ in range(4))
    W1 = O.least_squares_response(X1, X1 @ L.T + 0.3 * N1)
    W2 = O.least_squares_response(X2, X2 @ L + 0.3 * N2)
    np.testing.assert_allclose(run.ls[0], np.sum((W1 - L) ** 2), rtol=1e-10)
    np.testing.assert_allclose(run.sym[0], np.sum((O.symmetrize(W1) - L) ** 2), rtol=1e-10)
    np.testing.assert_allclose(run.pooled[0], np.sum((0.5 * (W1 + W2.T) - L) ** 2), rtol=1e-10)


KEY = jax.random.key(0)


@pytest.mark.parametrize("call, words", [
    (lambda: O.projection_errors(np.eye(3), 2, 0.1, key=KEY), "n_samples"),
    (lambda: O.projection_errors(np.ones((2, 3)), 10, 0.1, key=KEY), "square"),
    (lambda: O.projection_errors(np.eye(2), 10, 0.0, key=KEY), "noise"),
    (lambda: O.onsager(np.eye(2), 10, -1.0, key=KEY), "noise"),
    (lambda: O.onsager(np.eye(2), 10, 0.1, n_trials=0, key=KEY), "n_trials"),
    (lambda: O.random_response_matrix(0, key=KEY), "n"),
    (lambda: O.onsager(np.eye(2), 10, 0.1, key=KEY, force_cov=np.eye(3)), "^force_cov must have shape"),
    (lambda: O.onsager(np.eye(2), 10, 0.1, key=KEY, noise_cov=np.diag([1.0, -1.0])), "^noise_cov must be positive"),
    (lambda: O.simulate_response(np.eye(2), 5, 0.1, key=KEY, noise_cov=[[1, 1], [0, 1]]), "^noise_cov must be symm"),
    (lambda: O.casimir(np.eye(3), 2, 0.1, key=KEY), "n_samples"),
    (lambda: O.casimir(np.eye(2), 10, 0.0, key=KEY), "noise"),
])
def test_monte_carlo_bad_input(call, words):
    with pytest.raises(ValueError, match=words):
        call()


@pytest.mark.parametrize("call", [
    lambda: O.random_response_matrix(3, key=0),
    lambda: O.simulate_response(np.eye(2), 5, 0.1, key=3),
    lambda: O.onsager(np.eye(2), 10, 0.1, key="seed"),
    lambda: O.casimir(np.eye(2), 10, 0.1, key=1),
])
def test_randomness_needs_a_jax_key(call):
    with pytest.raises(TypeError, match="^key must be a JAX PRNG key"):
        call()


# ------------------------------------------------------------------ the chapter's explorers
def test_onsager_explorer_draws_the_chapters_monte_carlo():
    import jax

    from physml import onsager as O
    from physml.interactives import onsager as figures

    explorer = figures.onsager()
    run = explorer.run(n=4, n_samples=40)              # practice 8's numbers
    ref = O.onsager(O.random_response_matrix(4, key=jax.random.key(0)), 40, 0.1, n_trials=4000,
                    key=jax.random.key(1))
    assert run.ratio_sym == ref.ratio_sym and round(run.ratio_sym, 3) == 0.623
    assert run.ratio_sym_stderr < 0.004                 # fine enough to tell n = 3, 4, 5 apart (task 8.2)
    data = explorer.draw(run)
    np.testing.assert_array_equal(data["sym"][1], run.errors.sym[:200])
    assert len(run.errors.sym) == 4000
    np.testing.assert_allclose(data["theory"][1] / data["theory"][0], 5 / 8)
    fig = explorer.live()
    fig.set(n=4)
    assert "n = 4" in fig.status.value and "0.625" in fig.status.value
    spec = explorer.static()._repr_mimebundle_()["application/vnd.plotly.v1+json"]
    assert len(spec["frames"]) == 8 and spec["layout"]["sliders"][0]["active"] == 4   # log10 noise = -1
    assert 'id="ch08-onsager"' in explorer.static(values=[-1.0])._repr_mimebundle_()["text/html"]


def test_explorer_work_per_redraw_is_bounded():
    """The chapter 8 explorer keeps its 4000 data sets up to four forces and 40 measurements and
    then draws fewer, so that the work of a redraw (data sets x n^2 x measurements) never exceeds
    its value at (4 forces, 40 measurements): the 100 ms redraw budget at every slider setting."""
    from physml.interactives.onsager import N_TRIALS, n_trials

    assert n_trials(3, 20) == n_trials(4, 40) == N_TRIALS
    limit = N_TRIALS * 4 ** 2 * 40
    for n in range(2, 9):
        for m in range(10, 101):
            assert 0 < n_trials(n, m) * n ** 2 * m <= limit * 1.001, (n, m)
    assert n_trials(8, 100) < n_trials(8, 20) < n_trials(4, 20)
