"""physml.ising: Onsager's energy against the numerically integrated free energy (a double integral
differentiated by finite differences) and its limits; Yang's magnetisation against the low-temperature
series; self-duality at T_c; the enumeration against a transfer matrix; both samplers (checkerboard
Metropolis and Wolff; ferromagnet, antiferromagnet, triangular lattice, cold and hot starts) against
exact enumeration with error bars from the autocorrelation time, with the same tolerance shown to
reject the exact answer of a 5 % different temperature; the full distribution over the 16 states of a
2 x 2 lattice (a G-test, which a sampler breaking balance fails); Wolff and Metropolis agree on L = 16
near T_c; Sokal's window against AR(1); PCA against numpy.cov's eigenvectors; the classifier on
synthetic phases; crossings and the finite-size extrapolation on synthetic data with known answers;
bad input."""
import jax
import numpy as np
import pytest
import scipy.integrate
import scipy.stats

import physml  # noqa: F401  (float64)
from physml import ising as I

TC = 2.0 / np.log(1.0 + np.sqrt(2.0))


# ------------------------------------------------------------------ exact results

def test_critical_temperature_is_self_dual():
    assert I.critical_temperature() == pytest.approx(2.269185314213022, rel=1e-14)
    assert np.sinh(2.0 / I.critical_temperature()) == pytest.approx(1.0, rel=1e-14)
    # Kramers–Wannier: tanh(K*) = exp(-2K) maps K_c to itself
    Kc = 1.0 / I.critical_temperature()
    assert np.tanh(Kc) == pytest.approx(np.exp(-2 * Kc), rel=1e-14)
    assert I.critical_temperature("triangular") == pytest.approx(3.640956, abs=1e-6)


def beta_free_energy(beta):
    """βf of Onsager's solution as the double integral (independent of the elliptic-integral form)."""
    c, s = np.cosh(2 * beta), np.sinh(2 * beta)
    val, _ = scipy.integrate.dblquad(lambda a, b: np.log(c * c - s * (np.cos(a) + np.cos(b))),
                                     0, np.pi, 0, np.pi, epsabs=1e-13, epsrel=1e-13)
    return -(np.log(2.0) + val / (2 * np.pi ** 2))


@pytest.mark.parametrize("T", [1.2, 2.0, 2.6, 4.0])
def test_onsager_energy_is_the_derivative_of_the_free_energy(T):
    beta, h = 1.0 / T, 1e-4
    e_ref = (beta_free_energy(beta + h) - beta_free_energy(beta - h)) / (2 * h)   # e = ∂(βf)/∂β
    assert I.exact_energy_per_site(T) == pytest.approx(e_ref, abs=1e-6)


def test_onsager_energy_limits():
    assert I.exact_energy_per_site(TC) == pytest.approx(-np.sqrt(2.0), abs=1e-9)
    T = np.array([0.5, 0.7])
    np.testing.assert_allclose(I.exact_energy_per_site(T), -2 + 8 * np.exp(-8 / T), atol=20 * np.exp(-12 / T).max())
    T = np.array([30.0, 60.0])                                  # high T: e ≈ −2 tanh β
    np.testing.assert_allclose(I.exact_energy_per_site(T), -2 * np.tanh(1 / T), rtol=3 / T.min() ** 2)
    e = I.exact_energy_per_site(np.linspace(0.5, 5, 200))
    assert np.all(np.diff(e) > 0) and e.shape == (200,)



@pytest.mark.parametrize("L", [2, 3, 4])
def test_kaufman_finite_lattice_energy_matches_enumeration(L):
    T = np.array([0.8, 1.5, 2.0, TC, 2.6, 3.5, 8.0])                 # both sides of T_c (sign of γ_0)
    np.testing.assert_allclose(I.exact_finite_energy_per_site(L, T), I.exact_small_lattice(L, T).energy,
                               atol=1e-7)


def test_kaufman_energy_approaches_onsager():
    T = np.array([1.5, 2.0, 3.0])                                    # away from T_c: exponentially fast
    np.testing.assert_allclose(I.exact_finite_energy_per_site(256, T), I.exact_energy_per_site(T), atol=1e-7)
    e = [float(I.exact_finite_energy_per_site(L, TC)) for L in (16, 32, 64, 128)]
    gaps = np.array(e) + np.sqrt(2.0)                                 # at T_c: below -√2, gap ∝ 1/L
    assert np.all(gaps < 0) and np.allclose(gaps[:-1] / gaps[1:], 2.0, atol=0.1)


def test_yang_magnetisation_matches_the_low_temperature_series():
    T = np.array([0.6, 0.8, 1.0])
    u = np.exp(-4.0 / T)
    series = 1 - 2 * u**2 - 8 * u**3 - 34 * u**4                  # next term −152 u⁵
    np.testing.assert_allclose(I.spontaneous_magnetisation(T), series, atol=300 * u.max() ** 5)
    assert np.all(I.spontaneous_magnetisation([TC, TC + 1e-9, 3.0, 10.0]) == 0.0)
    m = I.spontaneous_magnetisation(TC - np.array([1e-3, 1e-2]))
    np.testing.assert_allclose(m ** 8 / np.array([1e-3, 1e-2]), 8 * np.sqrt(2) / TC ** 2, rtol=0.03)  # β = 1/8


def transfer_matrix_log_z(L, beta):
    """ln Z of the L x L periodic square lattice by a row-to-row transfer matrix (no enumeration of 2^(L²))."""
    rows = ((np.arange(2 ** L)[:, None] >> np.arange(L)) & 1) * 2 - 1
    inside = (rows * np.roll(rows, 1, axis=1)).sum(axis=1)
    between = rows @ rows.T
    Tm = np.exp(beta * (0.5 * inside[:, None] + between + 0.5 * inside[None, :]))
    return np.log(np.sum(np.linalg.eigvalsh(Tm) ** L))


@pytest.mark.parametrize("T", [1.5, 2.3, 3.5])
def test_enumeration_matches_the_transfer_matrix(T):
    ex = I.exact_small_lattice(4, T)
    beta, h = 1.0 / T, 1e-5
    dlnz = (transfer_matrix_log_z(4, beta + h) - transfer_matrix_log_z(4, beta - h)) / (2 * h)
    assert ex.energy[0] == pytest.approx(-dlnz / 16, abs=1e-7)
    d2 = (transfer_matrix_log_z(4, beta + 1e-3) - 2 * transfer_matrix_log_z(4, beta)
          + transfer_matrix_log_z(4, beta - 1e-3)) / 1e-6
    assert ex.specific_heat[0] == pytest.approx(beta ** 2 * d2 / 16, rel=1e-4)
    assert 0 < ex.magnetisation_squared[0] <= ex.abs_magnetisation[0] <= 1


# ------------------------------------------------------------------ samplers

def assert_matches(run, exact, wrong=None, n_sigma=4.0):
    """Monte Carlo means within n_sigma error bars (τ_int-corrected) of the exact values; the same
    test rejects the exact values of a different temperature (so it has the power to fail)."""
    for series, want, w in ((run.energy, exact.energy, None if wrong is None else wrong.energy),
                            (np.abs(run.magnetisation), exact.abs_magnetisation,
                             None if wrong is None else wrong.abs_magnetisation)):
        est = I.correlated_mean(series)
        pulls = (est.mean - want) / est.error
        assert np.all(np.abs(pulls) < n_sigma), pulls
        if w is not None:
            assert np.any(np.abs((est.mean - w) / est.error) > 2 * n_sigma)


TEMPS = np.array([1.8, 2.3, 2.5, 3.2])
SWEEPS = {"metropolis": 40000, "wolff": 20000}


@pytest.fixture(scope="module", params=["metropolis", "wolff"])
def run4(request):
    """One chain per temperature on 4 x 4, shared by the tests below (one compilation per algorithm)."""
    algorithm = request.param
    return I.simulate(4, TEMPS, SWEEPS[algorithm], key=jax.random.key(1), algorithm=algorithm, n_therm=200,
                      save_every=10)


def test_samplers_match_enumeration(run4):
    n_sweeps = SWEEPS[run4.algorithm]
    assert run4.energy.shape == (4, n_sweeps) and run4.magnetisation.shape == (4, n_sweeps)
    assert run4.configurations.shape == (4, n_sweeps // 10, 4, 4) and run4.L == 4
    assert_matches(run4, I.exact_small_lattice(4, TEMPS), I.exact_small_lattice(4, 1.05 * TEMPS))


def test_antiferromagnet_and_hot_start():
    run = I.simulate(4, TEMPS, 40000, key=jax.random.key(2), coupling=-1.0, start="hot", save_every=10,
                     n_therm=200)
    assert_matches(run, I.exact_small_lattice(4, TEMPS, coupling=-1.0))
    # on the bipartite square lattice the antiferromagnet's staggered magnetisation is the ferromagnet's m
    ms = np.abs(I.staggered_magnetisation(run.configurations)).mean(axis=1)
    np.testing.assert_allclose(ms, I.exact_small_lattice(4, TEMPS).abs_magnetisation, atol=0.03)
    np.testing.assert_array_equal(I.energy_per_site(run.configurations, coupling=-1.0), run.energy[:, 9::10])
    np.testing.assert_array_equal(I.magnetisation(run.configurations), run.magnetisation[:, 9::10])


def test_triangular_lattice():
    """Wolff against enumeration on 3 x 3 (a complete tripartite graph, on which Metropolis's
    deterministic flips at ΔE = 0 make the checkerboard chain reducible), then Metropolis against
    Wolff on 6 x 6."""
    T = np.array([2.5, 4.0, 6.0])
    run = I.simulate(3, T, 20000, key=jax.random.key(3), lattice="triangular", algorithm="wolff", n_therm=100)
    assert_matches(run, I.exact_small_lattice(3, T, lattice="triangular"),
                   I.exact_small_lattice(3, 1.05 * T, lattice="triangular"))
    T = np.array([3.0, 4.5])
    w = I.simulate(6, T, 5000, key=jax.random.key(3), lattice="triangular", algorithm="wolff", n_therm=100)
    m = I.simulate(6, T, 20000, key=jax.random.key(3), lattice="triangular", n_therm=500)
    for a, b in ((m.energy, w.energy), (np.abs(m.magnetisation), np.abs(w.magnetisation))):
        ea, eb = I.correlated_mean(a), I.correlated_mean(b)
        assert np.all(np.abs(ea.mean - eb.mean) < 4 * np.hypot(ea.error, eb.error))


def joint_histogram(configurations):
    """Counts of (E, |M|) classes of 4 x 4 configurations, as integer keys."""
    E = np.rint(I.energy_per_site(configurations) * 16).astype(int)
    M = np.abs(configurations.astype(int).sum(axis=(-2, -1)))
    return (E + 40) * 100 + M


def test_the_joint_distribution_of_energy_and_magnetisation(run4):
    """The histogram of (E, |M|) over thinned samples on 4 x 4 against the enumerated Boltzmann weights
    (a G-test): a sampler that breaks balance fails it, and the same test rejects the weights at
    another temperature.  (On 2 x 2, checkerboard Metropolis is not ergodic: its sites with zero
    field flip deterministically; the 4 x 4 chain is.)"""
    T = 2.5
    keys = joint_histogram(run4.configurations[2])
    n = keys.size
    states = (((np.arange(2 ** 16)[:, None] >> np.arange(16)) & 1) * 2 - 1).reshape(-1, 4, 4).astype(np.int8)
    all_keys = joint_histogram(states)
    E = I.energy_per_site(states) * 16
    classes, inverse = np.unique(all_keys, return_inverse=True)
    observed = np.array([np.sum(keys == c) for c in classes])
    assert observed.sum() == n
    for temperature, passes in ((T, True), (1.1 * T, False)):
        w = np.exp(-(E - E.min()) / temperature)
        expected = np.bincount(inverse, weights=w) / w.sum() * n
        big = expected >= 5                                    # pool the rare classes
        obs = np.r_[observed[big], observed[~big].sum()]
        exp = np.r_[expected[big], expected[~big].sum()]
        g, p = scipy.stats.power_divergence(obs, exp, lambda_="log-likelihood")
        assert (p > 1e-3) == passes, (temperature, p)


def test_wolff_and_metropolis_agree_near_tc_on_l16():
    m = I.simulate(16, TC, 20000, key=jax.random.key(5), n_therm=2000)
    w = I.simulate(16, TC, 3000, key=jax.random.key(6), algorithm="wolff", n_therm=200)
    assert w.clusters_per_sweep.shape == (1,) and 1 <= w.clusters_per_sweep[0] <= 4
    for a, b in ((m.energy, w.energy), (np.abs(m.magnetisation), np.abs(w.magnetisation))):
        ea, eb = I.correlated_mean(a[0]), I.correlated_mean(b[0])
        assert abs(ea.mean - eb.mean) < 4 * np.hypot(ea.error, eb.error)
    # and Wolff decorrelates |m| much faster per sweep
    tm = I.integrated_autocorrelation_time(np.abs(m.magnetisation[0]))
    tw = I.integrated_autocorrelation_time(np.abs(w.magnetisation[0]))
    assert tm > 5 * tw


def test_same_key_same_chain(run4):
    again = I.simulate(4, TEMPS, SWEEPS[run4.algorithm], key=jax.random.key(1), algorithm=run4.algorithm,
                       n_therm=200, save_every=10)
    np.testing.assert_array_equal(again.energy, run4.energy)
    np.testing.assert_array_equal(again.configurations, run4.configurations)
    assert again.configurations.dtype == np.int8


# ------------------------------------------------------------------ analysis

def ar1(rho, n, rng):
    x = np.empty(n)
    x[0] = rng.normal() / np.sqrt(1 - rho ** 2)
    xi = rng.normal(size=n)
    for t in range(1, n):
        x[t] = rho * x[t - 1] + xi[t]
    return x


@pytest.mark.parametrize("rho", [0.0, 0.5, 0.9])
def test_autocorrelation_time_of_ar1(rho):
    rng = np.random.default_rng(0)
    x = ar1(rho, 200_000, rng)
    want = (1 + rho) / (2 * (1 - rho))
    assert I.integrated_autocorrelation_time(x) == pytest.approx(want, rel=0.08)


def test_error_of_a_correlated_mean_matches_the_scatter():
    rng = np.random.default_rng(1)
    xs = np.array([ar1(0.8, 4000, rng) for _ in range(200)]) + 3.0
    est = I.correlated_mean(xs)
    assert est.mean.shape == (200,)
    assert np.mean(est.error) == pytest.approx(np.std(est.mean), rel=0.15)
    assert np.mean(np.std(xs, axis=1) / np.sqrt(4000)) < 0.5 * np.std(est.mean)   # the naive error is too small


def test_pca_matches_the_eigenvectors_of_the_covariance():
    rng = np.random.default_rng(2)
    x = np.sign(rng.normal(size=(300, 6, 6)) + rng.normal(size=(300, 1, 1)) * 2)
    pca = I.principal_components(x, n_components=3)
    w, v = np.linalg.eigh(np.cov(x.reshape(300, -1).T))
    w, v = w[::-1], v[:, ::-1]
    for k in range(3):
        assert abs(pca.components[k] @ v[:, k]) == pytest.approx(1.0, abs=1e-8)
    np.testing.assert_allclose(pca.explained_variance_ratio, w[:3] / w.sum(), rtol=1e-10)
    # the leading component of these "ferromagnetic" data is the uniform vector: projection ∝ m
    assert pca.components[0].sum() > 0
    np.testing.assert_allclose(pca.project(x), pca.projections, atol=1e-10)
    r = np.corrcoef(pca.projections[:, 0], x.mean(axis=(1, 2)))[0, 1]
    assert r > 0.99


def synthetic(n, L, ordered, rng):
    if ordered:
        sign = rng.choice([-1, 1], size=(n, 1, 1))
        flips = np.where(rng.random((n, L, L)) < 0.1, -1, 1)
        return sign * flips
    return rng.choice([-1, 1], size=(n, L, L))


def test_classifier_separates_ordered_from_disordered():
    rng = np.random.default_rng(3)
    x = np.concatenate([synthetic(500, 8, True, rng), synthetic(500, 8, False, rng)])
    y = np.r_[np.ones(500), np.zeros(500)]
    clf = I.fit_phase_classifier(x, y, key=jax.random.key(0), hidden=8, n_steps=300)
    assert clf.losses[-1] < 0.2 * clf.losses[0]
    p_ord = clf.probability(synthetic(100, 8, True, rng))
    p_dis = clf.probability(synthetic(100, 8, False, rng))
    assert np.mean(p_ord > 0.5) > 0.95 and np.mean(p_dis < 0.5) > 0.95
    assert clf.hidden_weights.shape == (8, 8, 8)


def test_crossing_temperature():
    T = np.linspace(1.5, 3.0, 31)
    p = 1 / (1 + np.exp((T - 2.3) / 0.1))
    assert I.crossing_temperature(T, p) == pytest.approx(2.3, abs=2e-3)
    assert I.crossing_temperature(T, 1 - p, level=0.5) == pytest.approx(2.3, abs=2e-3)
    assert I.crossing_temperature([0, 1, 2, 3], [1, 0.4, 0.6, 0]) == pytest.approx((5 / 6 + 1.5 + 13 / 6) / 3)
    with pytest.raises(ValueError, match="never crosses"):
        I.crossing_temperature(T, p, level=1.5)


def test_extrapolation_recovers_tc_with_honest_errors():
    L = np.array([8.0, 16.0, 24.0, 32.0])
    fit = I.extrapolate_critical_temperature(L, TC + 0.6 / L)
    assert fit.critical_temperature == pytest.approx(TC, abs=1e-10) and fit.amplitude == pytest.approx(0.6)
    np.testing.assert_allclose(fit(L), TC + 0.6 / L)
    rng = np.random.default_rng(4)
    sig = np.array([0.02, 0.015, 0.01, 0.01])
    fits = [I.extrapolate_critical_temperature(L, TC + 0.6 / L + sig * rng.normal(size=4), sig) for _ in range(300)]
    tcs = np.array([f.critical_temperature for f in fits])
    assert np.std(tcs) == pytest.approx(fits[0].error, rel=0.15)
    assert abs(np.mean(tcs) - TC) < 4 * fits[0].error / np.sqrt(300)


# ------------------------------------------------------------------ bad input

def test_bad_input_names_the_argument():
    key = jax.random.key(0)
    with pytest.raises(ValueError, match="L must be even"):
        I.simulate(5, 2.0, 10, key=key)
    with pytest.raises(ValueError, match="L must be a multiple of 3"):
        I.simulate(4, 2.0, 10, key=key, lattice="triangular")
    with pytest.raises(ValueError, match="T must be > 0"):
        I.simulate(4, [2.0, -1.0], 10, key=key)
    with pytest.raises(ValueError, match="algorithm"):
        I.simulate(4, 2.0, 10, key=key, algorithm="heatbath")
    with pytest.raises(ValueError, match="n_sweeps must be a multiple"):
        I.simulate(4, 2.0, 10, key=key, save_every=3)
    with pytest.raises(ValueError, match="n_therm"):
        I.simulate(4, 2.0, 10, key=key, algorithm="wolff", n_therm=0)
    with pytest.raises(TypeError, match="key"):
        I.simulate(4, 2.0, 10, key=0)
    with pytest.raises(TypeError):
        I.simulate(4, 2.0, 10, jax.random.key(0))                      # key is keyword-only
    with pytest.raises(TypeError, match="n_sweeps"):
        I.simulate(4, 2.0, 10.5, key=key)
    with pytest.raises(ValueError, match="coupling"):
        I.simulate(4, 2.0, 10, key=key, coupling=0.0)
    with pytest.raises(ValueError, match="L must have"):
        I.exact_small_lattice(6, 2.0)
    with pytest.raises(ValueError, match="T must be > 0"):
        I.exact_energy_per_site([1.0, 0.0])
    with pytest.raises(ValueError, match="L must be"):
        I.exact_finite_energy_per_site(1, 2.0)
    with pytest.raises(TypeError, match="L must be an integer"):
        I.exact_finite_energy_per_site(4.0, 2.0)
    with pytest.raises(ValueError, match="spins"):
        I.magnetisation(np.zeros((4, 4)))
    with pytest.raises(ValueError, match="lattice"):
        I.energy_per_site(np.ones((4, 4)), lattice="hexagonal")
    with pytest.raises(ValueError, match="x must be a time series"):
        I.integrated_autocorrelation_time([1.0, 2.0])
    with pytest.raises(ValueError, match="n_components"):
        I.principal_components(np.ones((3, 2, 2)), n_components=5)
    with pytest.raises(ValueError, match="labels"):
        I.fit_phase_classifier(np.ones((4, 2, 2)), [0, 1, 2, 1], key=key)
    with pytest.raises(ValueError, match="T_cross"):
        I.extrapolate_critical_temperature([8, 16, 32], [2.3, 2.28])
    with pytest.raises(ValueError, match="L must list at least 3"):
        I.extrapolate_critical_temperature([8, 16], [2.3, 2.28])
    clf = I.fit_phase_classifier(np.ones((2, 4, 4)), [1, 0], key=key, n_steps=2)
    with pytest.raises(ValueError, match="configurations must have shape"):
        clf.probability(np.ones((3, 8, 8)))
