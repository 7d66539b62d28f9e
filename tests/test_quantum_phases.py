"""physml.quantum_phases against independent references: brute-force signs, dense matrices, exact
diagonalisation, enumeration of |psi|^2, closed forms (second-moment length, the Ehrenfest urn)."""
import itertools

import jax
import numpy as np
import pytest

from physml import ising, nqs
from physml import quantum as Q
from physml import quantum_phases as qp

KEY = jax.random.key(0)


def random_rbm(L, alpha=1, seed=1, scale=0.5):
    return nqs.rbm_init(L, alpha, key=jax.random.key(seed), scale=scale)


def amplitudes(params, L):
    configs = Q.spin_configurations(L).astype(float)
    return configs, np.exp(np.asarray(nqs.rbm_log_amplitude(params, configs)))


# ---------------------------------------------------------------------------- Marshall's sign
def test_marshall_sign_matches_brute_force():
    for L in (2, 3, 4, 7):
        configs = np.array(list(itertools.product([1, -1], repeat=L)))
        brute = [(-1) ** sum(1 for i in range(1, L, 2) if s[i] == 1) for s in configs]
        np.testing.assert_array_equal(qp.marshall_sign(configs), brute)
    assert float(qp.marshall_sign(np.array([1, 1, -1, 1]))) == 1.0      # two up spins on odd sites
    batch = Q.spin_configurations(6)
    assert qp.marshall_sign(batch).shape == (64,)
    # under jit, as the VMC uses it
    np.testing.assert_array_equal(jax.jit(qp.marshall_sign)(batch), qp.marshall_sign(batch))


def test_marshall_ratio_of_exchanges():
    """Exchanging antiparallel neighbours flips M; exchanging spins two sites apart keeps it."""
    s = Q.spin_configurations(8)[Q.zero_magnetisation_indices(8)]
    for d, ratio in ((1, -1), (2, 1)):
        for i in range(8):
            j = (i + d) % 8
            rows = s[s[:, i] != s[:, j]]
            swapped = rows.copy()
            swapped[:, [i, j]] = swapped[:, [j, i]]
            assert np.all(np.asarray(qp.marshall_sign(swapped) * qp.marshall_sign(rows)) == ratio)


def test_marshall_weight_is_one_without_frustration_and_drops_with_it():
    """J2 = 0: the ground state obeys the rule exactly (weight 1); J2 = 0.4: almost (1 - 1e-4); beyond the
    Majumdar–Ghosh point the rule fails (0.87 at J2 = 0.6, 0.5 at J2 = 1 for L = 12)."""
    w = {J2: qp.marshall_weight(Q.heisenberg_ground_state(12, 1.0, J2).psi, 12) for J2 in (0.0, 0.4, 0.6, 1.0)}
    assert abs(w[0.0] - 1) < 1e-12
    assert 0.999 < w[0.4] < 1 - 1e-5
    assert 0.8 < w[0.6] < 0.95 and w[1.0] < 0.6
    # a state with random signs has weight near 1/2; flipping the global sign changes nothing
    psi = np.random.default_rng(0).normal(size=2**10)
    assert qp.marshall_weight(psi, 10) == pytest.approx(qp.marshall_weight(-psi, 10))
    assert qp.marshall_weight(psi, 10) < 0.6


def dimer_state(L, shift):
    """Product of singlets (|up down> - |down up>)/sqrt2 on the bonds (shift + 2k, shift + 2k + 1)."""
    s = Q.spin_configurations(L)
    psi = np.ones(2**L)
    for k in range(L // 2):
        i, j = (shift + 2 * k) % L, (shift + 2 * k + 1) % L
        psi *= np.where(s[:, i] == s[:, j], 0.0, s[:, i] / np.sqrt(2))   # + for up-down, - for down-up
    return psi


@pytest.mark.parametrize("L", [8, 10])
def test_majumdar_ghosh_dimer_states_are_marshall_signed_ground_states(L):
    """At J2 = 1/2 both dimer coverings are exact ground states (E = -3L/8) and each has Marshall weight 1;
    M psi_B = (-1)^(L/2) |psi_B|, so for L = 2 mod 4 a sum of the two is not Marshall-signed: the weight of a
    member of the degenerate ground space depends on which member it is."""
    H = Q.heisenberg_hamiltonian(L, 1.0, 0.5)
    M = np.asarray(qp.marshall_sign(Q.spin_configurations(L)))
    for shift in (0, 1):
        psi = dimer_state(L, shift)
        np.testing.assert_allclose(H @ psi, -3 * L / 8 * psi, atol=1e-12)
        assert qp.marshall_weight(psi, L) == pytest.approx(1.0, abs=1e-12)
        signs = np.sign(M * psi)[psi != 0]
        assert np.all(signs == (1 if shift == 0 else (-1) ** (L // 2)))
    mixed = qp.marshall_weight(dimer_state(L, 0) + dimer_state(L, 1), L)
    assert (mixed == pytest.approx(1.0)) == (L % 4 == 0)


# ---------------------------------------------------------------------------- local energy
@pytest.mark.parametrize("L,J,J2,sign_rule", [(4, 1.0, 0.0, True), (6, 1.0, 0.4, True), (8, 0.7, 0.5, True),
                                             (5, 1.0, 0.3, False)])
def test_local_energy_is_H_psi_over_psi_for_every_configuration(L, J, J2, sign_rule):
    params = random_rbm(L)
    configs, phi = amplitudes(params, L)
    psi = phi * (np.asarray(qp.marshall_sign(configs)) if sign_rule else 1.0)
    reference = (Q.heisenberg_hamiltonian(L, J, J2) @ psi) / psi
    got = qp.heisenberg_local_energy(nqs.rbm_log_amplitude, params, configs, J=J, J2=J2, sign_rule=sign_rule)
    np.testing.assert_allclose(got, reference, rtol=1e-10, atol=1e-10)


def test_local_energy_of_the_exact_ground_state_is_constant():
    """A lookup-table amplitude |psi_0| with the sign rule reproduces E0 on every configuration (J2 = 0)."""
    L = 8
    gs = Q.heisenberg_ground_state(L)
    idx = Q.zero_magnetisation_indices(L)
    table = np.log(np.abs(gs.psi) + 1e-300)
    configs = Q.spin_configurations(L)[idx].astype(float)
    np.testing.assert_array_equal(qp.lookup_log_amplitude(table, configs), table[idx])
    e_loc = np.asarray(qp.heisenberg_local_energy(qp.lookup_log_amplitude, table, configs))
    np.testing.assert_allclose(e_loc, gs.energy, atol=1e-9)


# ---------------------------------------------------------------------------- the sampler
def test_exchange_sampler_draws_psi_squared_in_the_sector():
    L = 6
    params = random_rbm(L, seed=2)
    drawn = qp.exchange_sample(nqs.rbm_log_amplitude, params, L, key=KEY, n_samples=24000, n_chains=80)
    samples = np.asarray(drawn.samples).astype(int)
    assert samples.shape == (24000, L) and np.all(samples.sum(axis=1) == 0)
    assert drawn.chains.shape == (80, L) and 0 < drawn.acceptance < 1
    idx = Q.zero_magnetisation_indices(L)
    configs = Q.spin_configurations(L)[idx].astype(float)
    p = np.exp(2 * np.asarray(nqs.rbm_log_amplitude(params, configs)))
    p /= p.sum()
    counts = np.bincount(np.searchsorted(idx, Q.configuration_index(samples)), minlength=len(idx))
    tv = 0.5 * np.abs(counts / counts.sum() - p).sum()
    # 20 states, 24000 correlated samples: statistical TV ~ 0.005; a sampler with a wrong bias gives > 0.05
    assert tv < 0.02, tv


def test_exchange_sampler_continues_chains_and_keeps_time_order():
    L = 8
    params = random_rbm(L, seed=3)
    first = qp.exchange_sample(nqs.rbm_log_amplitude, params, L, key=KEY, n_samples=64, n_chains=16, n_discard=0)
    series = np.asarray(first.samples).reshape(4, 16, L)
    np.testing.assert_array_equal(series[-1], first.chains)      # the last sweep of each chain is its state
    again = qp.exchange_sample(nqs.rbm_log_amplitude, params, L, key=KEY, n_samples=64, n_chains=16, n_discard=0,
                               chains=first.chains)                # same shapes: the compiled sampler is reused
    assert np.all(np.asarray(again.samples).sum(axis=1) == 0)


# ---------------------------------------------------------------------------- VMC
def test_rbm_heisenberg_energy_is_the_rayleigh_quotient():
    for L, J2, sign_rule in ((6, 0.0, True), (8, 0.3, True), (8, 0.0, False)):
        params = random_rbm(L, seed=4)
        configs, phi = amplitudes(params, L)
        psi = phi * (np.asarray(qp.marshall_sign(configs)) if sign_rule else 1.0)
        psi[np.asarray(configs).sum(axis=1) != 0] = 0.0              # the sector the sampler visits
        exact = Q.rayleigh_quotient(Q.heisenberg_hamiltonian(L, 1.0, J2), psi)
        assert qp.rbm_heisenberg_energy(params, L, J2=J2, sign_rule=sign_rule) == pytest.approx(exact, rel=1e-12)


def test_vmc_with_the_sign_rule_reaches_the_ground_state_and_without_it_does_not():
    L = 8
    e0 = Q.heisenberg_ground_state(L).energy
    common = dict(key=KEY, n_iter=150, n_samples=256, n_chains=32)
    signed = qp.run_heisenberg_vmc(L, 1, **common)
    positive = qp.run_heisenberg_vmc(L, 1, sign_rule=False, **common)
    assert signed.energy.shape == (150,) and signed.params["W"].shape == (L, L)
    err_signed = (qp.rbm_heisenberg_energy(signed.params, L) - e0) / abs(e0)
    err_positive = (qp.rbm_heisenberg_energy(positive.params, L, sign_rule=False) - e0) / abs(e0)
    assert 0 <= err_signed < 3e-3, err_signed
    # a positive amplitude cannot beat the Neel-like bound: its best is far above E0 (-0.25 vs -0.456 per site)
    assert err_positive > 0.3, err_positive
    est = qp.heisenberg_estimate(signed.params, L, key=KEY, n_samples=4096)
    assert abs(est.energy - e0) < 5 * est.energy_error + 3e-3 * abs(e0)
    np.testing.assert_allclose(est.szsz, Q.zz_correlation(Q.heisenberg_ground_state(L).psi, L) / 4, atol=0.01)
    assert est.szsz[0] == pytest.approx(0.25)


# ---------------------------------------------------------------------------- h = J: length and time
@pytest.mark.parametrize("xi0,L", [(0.7, 8), (2.0, 16), (5.0, 32)])
def test_correlation_length_of_an_exponential_on_the_ring(xi0, L):
    """C(r) = sum over images of a^|r + nL|, a = exp(-1/xi0): the estimator is 1/(2 sinh(1/2 xi0)) exactly."""
    a = np.exp(-1 / xi0)
    r = np.arange(L // 2 + 1)
    zz = (a**r + a ** (L - r)) / (1 - a**L)
    assert qp.correlation_length(zz, L) == pytest.approx(1 / (2 * np.sinh(1 / (2 * xi0))), rel=1e-12)


def test_correlation_length_of_the_tfim_grows_at_the_critical_field():
    """From exact ground states: small deep in the paramagnet, ~L/few at h = J, and xi/L grows with L in the
    ordered phase."""
    xi = {h: qp.correlation_length(Q.zz_correlation(Q.tfim_ground_state(12, h).psi, 12), 12) for h in (3.0, 1.0)}
    assert xi[3.0] < 0.6 < 1.5 < xi[1.0] < 6
    ordered = [qp.correlation_length(Q.zz_correlation(Q.tfim_ground_state(L, 0.5).psi, L), L) / L for L in (8, 12)]
    assert ordered[1] > ordered[0]


def test_sampling_autocorrelation_of_the_uniform_state_is_the_ehrenfest_urn():
    """All parameters zero: every flip is accepted and m relaxes as rho(t) = (1 - 2/L)^(L t), m^2 as (1 - 4/L)^(L t)."""
    L = 8
    zero = nqs.rbm_init(L, 1, key=KEY, scale=1e-300)
    res = qp.sampling_autocorrelation(zero, L, key=KEY, n_sweeps=2000, n_chains=16, observable="m")
    assert res.acceptance == pytest.approx(1.0)
    rho1 = (1 - 2 / L) ** L
    assert res.rho[1] == pytest.approx(rho1, abs=0.02)
    assert res.tau == pytest.approx((1 + rho1) / (2 * (1 - rho1)), abs=0.05)
    sq = qp.sampling_autocorrelation(zero, L, key=KEY, n_sweeps=2000, n_chains=16)
    assert sq.rho[1] == pytest.approx((1 - 4 / L) ** L, abs=0.02)
    assert sq.series.shape == (16, 2000)
    # and tau is ising's estimator applied to the recorded series
    assert sq.tau == pytest.approx(np.mean(ising.integrated_autocorrelation_time(sq.series)))


def test_sampling_autocorrelation_of_exact_tfim_states_grows_towards_order():
    """Sampling the exact |psi_0|^2 (a lookup table): m^2 decorrelates within a sweep or two deep in the
    paramagnet (h = 3) and more slowly at the critical field, where the weight of ordered configurations grows."""
    L = 10
    tau = {}
    for h in (3.0, 1.0):
        table = np.log(np.abs(Q.tfim_ground_state(L, h).psi))
        tau[h] = qp.sampling_autocorrelation(table, L, key=KEY, n_sweeps=1000, n_chains=16,
                                             log_psi=qp.lookup_log_amplitude).tau
    assert tau[3.0] < 0.8 and tau[1.0] > 2 * tau[3.0], tau


def test_sampling_autocorrelation_grows_for_an_ordered_state():
    """A strongly ferromagnetic RBM (one hidden unit coupled to all spins) is two well-separated peaks: single
    flips cross between them rarely, so m decorrelates over many sweeps."""
    L = 8
    params = {"a": np.zeros(L), "b": np.zeros(1), "W": np.full((L, 1), 0.6)}
    slow = qp.sampling_autocorrelation(params, L, key=KEY, n_sweeps=1000, n_chains=16, observable="m")
    assert slow.tau > 5


# ---------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("call,exc,words", [
    (lambda: qp.marshall_sign(np.array([1, 0, -1])), ValueError, "entries ±1"),
    (lambda: qp.marshall_weight(np.ones(8), 4), ValueError, "length 2\\*\\*L"),
    (lambda: qp.marshall_weight(np.ones(16, complex), 4), TypeError, "real"),
    (lambda: qp.heisenberg_local_energy(nqs.rbm_log_amplitude, random_rbm(5), np.ones((2, 5))), ValueError,
     "L must be even"),
    (lambda: qp.heisenberg_local_energy("f", random_rbm(4), np.ones((2, 4))), TypeError, "log_psi"),
    (lambda: qp.exchange_sample(nqs.rbm_log_amplitude, random_rbm(4), 4, key=KEY, n_samples=10, n_chains=4),
     ValueError, "n_samples"),
    (lambda: qp.exchange_sample(nqs.rbm_log_amplitude, random_rbm(4), 4, key=KEY, n_samples=8, n_chains=2,
                                chains=np.ones((2, 4))), ValueError, "zero magnetisation"),
    (lambda: qp.exchange_sample(nqs.rbm_log_amplitude, random_rbm(4), 4, key=3, n_samples=8), TypeError, "key"),
    (lambda: qp.run_heisenberg_vmc(7, 1, key=KEY, n_iter=2, n_samples=8), ValueError, "L must be even"),
    (lambda: qp.run_heisenberg_vmc(6, 0.5, key=KEY, n_iter=2, n_samples=8, n_chains=8,
                                   params=random_rbm(6)), ValueError, "params"),
    (lambda: qp.run_heisenberg_vmc(6, 1, key=KEY, n_iter=2, n_samples=8, n_chains=8, learning_rate=-1),
     ValueError, "learning_rate"),
    (lambda: qp.rbm_heisenberg_energy(random_rbm(18), 18), ValueError, "L must be <="),
    (lambda: qp.heisenberg_estimate(random_rbm(6), 8, key=KEY, n_samples=8), ValueError, "params"),
    (lambda: qp.correlation_length(np.ones(3), 8), ValueError, "zz"),
    (lambda: qp.sampling_autocorrelation(random_rbm(6), 6, key=KEY, n_sweeps=100, observable="x"), ValueError,
     "observable"),
])
def test_bad_input_raises_clear_errors(call, exc, words):
    with pytest.raises(exc, match=words):
        call()
