"""physml.nqs against independent references: brute-force sums, dense matrices, exact enumeration."""
import itertools
import json

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from physml import nqs
from physml import quantum as Q

KEY = jax.random.key(0)


def brute_force_rbm(params, s):
    """psi(s) = sum over hidden spins of exp(a.s + b.h + s W h), by enumeration."""
    a, b, W = (np.asarray(params[k]) for k in "abW")
    total = 0.0
    for hid in itertools.product([-1, 1], repeat=len(b)):
        hid = np.array(hid)
        total += np.exp(a @ s + b @ hid + s @ W @ hid)
    return total


def enumerate_state(params, L):
    configs = Q.spin_configurations(L).astype(float)
    return configs, np.exp(np.asarray(nqs.rbm_log_amplitude(params, configs)))


def test_rbm_amplitude_matches_sum_over_hidden_units():
    params = nqs.rbm_init(4, 0.75, key=jax.random.key(0), scale=0.5)   # 3 hidden units
    for s in Q.spin_configurations(4).astype(float)[::3]:
        assert np.exp(float(nqs.rbm_log_amplitude(params, s))) == pytest.approx(brute_force_rbm(params, s))


def test_rbm_log_amplitude_is_stable_for_large_weights():
    params = {"a": jnp.zeros(3), "b": jnp.zeros(2), "W": 400.0 * jnp.ones((3, 2))}
    value = nqs.rbm_log_amplitude(params, jnp.ones(3))
    assert np.isfinite(value) and value == pytest.approx(2 * (1200 + np.log1p(np.exp(-2400))))


@pytest.mark.parametrize("h,J", [(1.0, 1.0), (0.4, -0.7), (2.0, 0.5)])
def test_local_energy_matches_dense_matrix(h, J):
    L = 6
    params = nqs.rbm_init(L, 1, key=jax.random.key(1), scale=0.4)
    configs, psi = enumerate_state(params, L)
    H = Q.tfim_hamiltonian(L, h, J).toarray()
    ref = (H @ psi) / psi
    got = np.asarray(nqs.local_energy(nqs.rbm_log_amplitude, params, configs, h, J))
    np.testing.assert_allclose(got, ref, rtol=1e-11, atol=1e-11)


def test_flip_ratios_are_sigma_x_matrix_elements():
    L = 5
    params = nqs.rbm_init(L, 2, key=jax.random.key(2), scale=0.3)
    configs, psi = enumerate_state(params, L)
    ratios = np.asarray(nqs.flip_ratios(nqs.rbm_log_amplitude, params, configs))
    n = np.arange(2**L)
    for i in range(L):
        np.testing.assert_allclose(ratios[:, i], psi[n ^ (1 << i)] / psi, rtol=1e-12)


def _exact_quantities(params, L, h, J):
    configs, psi = enumerate_state(params, L)
    weights = jnp.asarray(psi**2)
    e_loc = nqs.local_energy(nqs.rbm_log_amplitude, params, configs, h, J)
    flat, unravel = jax.flatten_util.ravel_pytree(params)
    jac = jax.vmap(lambda s: jax.flatten_util.ravel_pytree(jax.grad(nqs.rbm_log_amplitude)(params, s))[0])(
        jnp.asarray(configs))
    H = jnp.asarray(Q.tfim_hamiltonian(L, h, J).toarray())

    def psi_vec(theta):
        return jnp.exp(nqs.rbm_log_amplitude(unravel(theta), jnp.asarray(configs)))

    def rayleigh(theta):
        p = psi_vec(theta)
        return p @ H @ p / (p @ p)

    return weights, e_loc, jac, flat, psi_vec, rayleigh, psi


def test_exact_weights_reproduce_rayleigh_quotient_and_gradient():
    L, h, J = 5, 0.9, 1.0
    params = nqs.rbm_init(L, 1, key=jax.random.key(3), scale=0.3)
    weights, e_loc, jac, flat, _, rayleigh, psi = _exact_quantities(params, L, h, J)
    energy = float(weights @ e_loc / weights.sum())
    assert energy == pytest.approx(Q.rayleigh_quotient(Q.tfim_hamiltonian(L, h, J), psi), abs=1e-12)
    np.testing.assert_allclose(nqs.energy_gradient(jac, e_loc, weights=weights), jax.grad(rayleigh)(flat), atol=1e-11)


@pytest.mark.parametrize("alpha", [0.4, 1.0])   # 17 parameters < 32 states; 35 > 32 (sample-space solve)
def test_sr_direction_matches_dense_natural_gradient(alpha):
    L, h, J, shift = 5, 1.0, 1.0, 0.01
    params = nqs.rbm_init(L, alpha, key=jax.random.key(4), scale=0.3)
    weights, e_loc, jac, flat, psi_vec, rayleigh, _ = _exact_quantities(params, L, h, J)
    # Fubini-Study metric of the unnormalised state vector, from its dense Jacobian
    p, dp = psi_vec(flat), jax.jacfwd(psi_vec)(flat)
    n = p @ p
    S = dp.T @ dp / n - jnp.outer(dp.T @ p, dp.T @ p) / n**2
    ref = jnp.linalg.solve(S + shift * jnp.eye(len(flat)), jax.grad(rayleigh)(flat))
    got = nqs.sr_direction(jac, e_loc, diag_shift=shift, weights=weights)
    np.testing.assert_allclose(got, ref, rtol=1e-8, atol=1e-10)


def test_metropolis_histogram_matches_enumerated_probabilities():
    L = 4
    params = nqs.rbm_init(L, 1, key=jax.random.key(5), scale=0.6)
    _, psi = enumerate_state(params, L)
    prob = psi**2 / np.sum(psi**2)
    # one sample per chain after a long burn-in: independent draws, so binomial errors apply
    n = 40000
    drawn = nqs.metropolis_sample(nqs.rbm_log_amplitude, params, L, key=jax.random.key(6), n_samples=n,
                                  n_chains=n, n_discard=40)
    assert drawn.samples.shape == (n, L) and drawn.chains.shape == (n, L) and 0 < drawn.acceptance < 1
    freq = np.bincount(Q.configuration_index(np.asarray(drawn.samples, dtype=int)), minlength=2**L) / n
    z = np.abs(freq - prob) / np.sqrt(prob * (1 - prob) / n)
    assert z.max() < 4.5
    chi2 = n * np.sum((freq - prob) ** 2 / prob)
    assert chi2 < 45  # 15 degrees of freedom: P(chi2 > 45) ~ 1e-4


def test_uniform_state_samples_uniformly():
    L = 3
    params = {"a": jnp.zeros(L), "b": jnp.zeros(3), "W": jnp.zeros((L, 3))}
    drawn = nqs.metropolis_sample(nqs.rbm_log_amplitude, params, L, key=jax.random.key(0), n_samples=8000,
                                  n_chains=8000, n_discard=5)
    assert drawn.acceptance == pytest.approx(1.0)
    freq = np.bincount(Q.configuration_index(np.asarray(drawn.samples, dtype=int)), minlength=8) / 8000
    assert np.abs(freq - 1 / 8).max() < 5 * np.sqrt(1 / 8 * 7 / 8 / 8000)


def test_vmc_converges_on_a_small_chain_and_is_deterministic():
    L, h = 8, 1.0
    exact = Q.tfim_exact_energy(L, h)
    kw = dict(n_samples=256, n_chains=64, n_discard=1)
    run = nqs.run_vmc(L, h, 1, key=jax.random.key(0), n_iter=80, **kw)
    again = nqs.run_vmc(L, h, 1, key=jax.random.key(0), n_iter=80, **kw)
    np.testing.assert_array_equal(run.energy, again.energy)
    assert abs(run.energy[-10:].mean() - exact) / abs(exact) < 1e-3
    assert run.variance[-10:].mean() < run.variance[0] / 20   # zero-variance diagnostic
    assert np.all(run.energy[-10:] > exact - 5 * run.error[-10:])
    other = nqs.run_vmc(L, h, 1, key=jax.random.key(1), n_iter=5, **kw)
    assert not np.array_equal(other.energy, run.energy[:5])


def test_vmc_estimate_matches_enumeration():
    L, h = 6, 0.8
    params = nqs.rbm_init(L, 1, key=jax.random.key(7), scale=0.3)
    configs, psi = enumerate_state(params, L)
    H = Q.tfim_hamiltonian(L, h)
    est = nqs.vmc_estimate(params, L, h, key=jax.random.key(8), n_samples=32768, n_chains=1024)
    e_exact = Q.rayleigh_quotient(H, psi)
    assert abs(est.energy - e_exact) < 5 * est.energy_error
    assert abs(est.sigma_x - Q.transverse_magnetisation(psi, L)) < 5 * est.sigma_x_error
    zz = Q.zz_correlation(psi, L)
    assert np.all(np.abs(est.zz - zz)[1:] < 5 * est.zz_error[1:])
    assert est.zz[0] == pytest.approx(1.0)


def test_adam_and_plain_gradient_run():
    run = nqs.run_vmc(6, 1.5, 1, key=jax.random.key(0), n_iter=20, n_samples=128, n_chains=32, optimizer="adam",
                      learning_rate=0.02, diag_shift=None)
    assert run.energy[-5:].mean() < run.energy[0]


def test_grid_mask_switches_off_hidden_units():
    params = nqs.rbm_init(4, 1, key=jax.random.key(9), scale=0.5)
    big = {"a": params["a"], "b": jnp.concatenate([params["b"], jnp.ones(4)]),
           "W": jnp.concatenate([params["W"], jnp.ones((4, 4))], axis=1)}
    s = Q.spin_configurations(4).astype(float)
    mask = jnp.array([1.0] * 4 + [0.0] * 4)
    np.testing.assert_allclose(nqs._masked_log_amplitude(big, s, mask), nqs.rbm_log_amplitude(params, s),
                               rtol=1e-13)
    grid = nqs.run_vmc_grid(6, [0.5, 1.5], [0.5, 1], key=jax.random.key(0), n_iter=40, n_samples=128,
                            n_chains=32, n_discard=1)
    assert grid.energy.shape == (2, 2, 40) and grid.n_iter == 40
    for i, h in enumerate([0.5, 1.5]):
        exact = Q.tfim_exact_energy(6, h)
        assert np.all(np.abs(grid.energy[i, :, -5:].mean(-1) - exact) / abs(exact) < 2e-2)


def test_grid_runs_are_those_of_run_vmc_and_exact_energies_those_of_lanczos():
    kw = dict(n_iter=12, n_samples=128, n_chains=32, n_discard=1)
    fields, alphas = (0.5, 1.0), (0.5, 1.0)
    grid = nqs.run_vmc_grid(6, fields, alphas, key=jax.random.key(3), **kw)
    for i, h in enumerate(fields):
        assert grid.exact[i] == pytest.approx(Q.tfim_ground_state(6, h).energy, abs=1e-10)
        # the largest density has no masked units: the run is run_vmc's, from the same key
        single = nqs.run_vmc(6, h, 1.0, key=jax.random.key(3), **kw)
        np.testing.assert_allclose(grid.energy[i, 1], single.energy, rtol=1e-10)
        np.testing.assert_allclose(grid.acceptance[i, 1], single.acceptance, rtol=1e-10)
    odd = nqs.run_vmc_grid(5, (0.7,), (1.0,), key=jax.random.key(3), **kw)
    assert odd.exact[0] == pytest.approx(np.linalg.eigvalsh(Q.tfim_hamiltonian(5, 0.7).toarray())[0], abs=1e-10)


def test_grid_convergence_summarises_one_run():
    grid = nqs.run_vmc_grid(4, (0.5, 1.0), (0.5, 1.0), key=jax.random.key(0), n_iter=8, n_samples=64,
                            n_chains=16, n_discard=1)
    run = grid.convergence(1.0, 0.5, n_last=3)
    e, e0 = grid.energy[1, 0], Q.tfim_exact_energy(4, 1.0)
    assert (run.L, run.h, run.alpha, run.hidden) == (4, 1.0, 0.5, 2)
    np.testing.assert_array_equal(run.energy, e)
    np.testing.assert_allclose(run.relative_error, [abs(x - e0) / abs(e0) for x in e], rtol=1e-12)
    assert run.final_relative_error == pytest.approx(((e[-3:] - e0) / abs(e0)).mean(), rel=1e-12)
    assert run.final_variance == pytest.approx(grid.variance[1, 0, -3:].mean(), rel=1e-12)
    assert run.final_acceptance == grid.acceptance[1, 0, -1]
    with pytest.raises(ValueError, match="h must be one of the grid's values"):
        grid.convergence(0.7, 0.5)
    with pytest.raises(ValueError, match="alpha must be one of the grid's values"):
        grid.convergence(1.0, 2.0)


def test_rbm_energy_is_the_rayleigh_quotient_of_the_dense_vector():
    L, h, J = 6, 0.7, 1.1
    params = nqs.rbm_init(L, 1, key=jax.random.key(11), scale=0.5)
    _, psi = enumerate_state(params, L)
    assert nqs.rbm_energy(params, L, h, J) == pytest.approx(Q.rayleigh_quotient(Q.tfim_hamiltonian(L, h, J), psi),
                                                           abs=1e-12)


def test_compare_optimizers_runs_are_those_of_run_vmc_judged_exactly():
    kw = dict(n_iter=15, n_samples=64, n_chains=16, n_discard=1)
    study = nqs.compare_optimizers(4, 1.0, 1, key=jax.random.key(2), n_seeds=2, adam_learning_rates=(0.01, 0.05),
                                   **kw)
    assert study.sr_energy.shape == (2,) and study.adam_energy.shape == (2, 2)
    assert study.exact == pytest.approx(np.linalg.eigvalsh(Q.tfim_hamiltonian(4, 1.0).toarray())[0], abs=1e-10)
    for i, seed in enumerate(jax.random.split(jax.random.key(2), 2)):
        sr = nqs.run_vmc(4, 1.0, 1, key=seed, **kw)
        assert study.sr_energy[i] == pytest.approx(nqs.rbm_energy(sr.params, 4, 1.0), rel=1e-9)
        for j, rate in enumerate((0.01, 0.05)):
            adam = nqs.run_vmc(4, 1.0, 1, key=seed, optimizer="adam", learning_rate=rate, diag_shift=None, **kw)
            assert study.adam_energy[j, i] == pytest.approx(nqs.rbm_energy(adam.params, 4, 1.0), rel=1e-9)
    assert np.all(study.sr_error > 0) and np.all(study.adam_error > 0)     # variational: above E0
    best = int(np.argmin(np.median(study.adam_error, axis=1)))
    assert study.best == best and study.best_learning_rate == (0.01, 0.05)[best]
    np.testing.assert_allclose(study.ratio, study.adam_error[best] / study.sr_error)



# ------------------------------------------------------------------ the RBM's fast path (lookup table theta)
def _masked_rbm(L=5, M=4, n_off=1, seed=12):
    params = nqs.rbm_init(L, M / L, key=jax.random.key(seed), scale=0.4)
    mask = jnp.array([1.0] * (M - n_off) + [0.0] * n_off)
    return params, mask


def test_fast_flip_ratios_and_local_energy_match_recomputation_and_the_dense_matrix():
    L, h, J = 5, 0.8, 1.1
    params, mask = _masked_rbm(L)
    s = jnp.asarray(Q.spin_configurations(L), dtype=float)
    t = jnp.tanh(nqs._rbm_theta(params, s)) * mask
    # independent reference: log psi of every flipped configuration recomputed from scratch
    flipped = s[:, None, :] * (1 - 2 * jnp.eye(L))[None]
    ref = nqs._masked_log_amplitude(params, flipped, mask) - nqs._masked_log_amplitude(params, s, mask)[:, None]
    got = nqs._rbm_flip_ratios(params, nqs._rbm_flip_tables(params, mask), s, t)
    np.testing.assert_allclose(got, np.exp(ref), rtol=1e-12)
    # unmasked: the local energy is (H psi)/psi with the dense Hamiltonian
    ones = jnp.ones(params["b"].shape)
    _, psi = enumerate_state(params, L)
    dense = (Q.tfim_hamiltonian(L, h, J).toarray() @ psi) / psi
    e_loc = nqs._rbm_local_energy(params, nqs._rbm_flip_tables(params, ones), s, jnp.tanh(nqs._rbm_theta(params, s)),
                                  h, J)
    np.testing.assert_allclose(e_loc, dense, rtol=1e-11, atol=1e-11)


def test_fast_sampler_draws_the_generic_samplers_chains_with_consistent_tanh_tables():
    L, M = 6, 5
    params, mask = _masked_rbm(L, M, n_off=2, seed=13)
    chains = jax.random.choice(jax.random.key(1), jnp.array([-1.0, 1.0]), (32, L))
    key = jax.random.key(2)
    tables = nqs._rbm_flip_tables(params, mask)
    fast, fast_chains, fast_acc = jax.jit(nqs._rbm_sample, static_argnums=(4, 5))(params, tables, key, chains, 7, 4)
    generic, generic_chains, generic_acc = nqs._sample_jit(
        lambda p, s: nqs._masked_log_amplitude(p, s, mask), params, key, chains, 7, 4)
    # same random numbers, same acceptance rule: the same configurations, proposal by proposal
    np.testing.assert_array_equal(fast, generic)
    np.testing.assert_array_equal(fast_chains, generic_chains)
    assert float(fast_acc) == pytest.approx(float(generic_acc), abs=1e-15) and 0 < float(fast_acc) < 1
    # the carried t = tanh(theta), after a sweep of rational updates, equals its recomputation
    t0 = jnp.tanh(nqs._rbm_theta(params, chains)) * mask
    s, t, _ = nqs._rbm_sweep(params, tables, key, chains, t0)
    np.testing.assert_allclose(t * mask, jnp.tanh(nqs._rbm_theta(params, s)) * mask, atol=1e-13)


def test_analytic_log_derivatives_match_jax_grad():
    L, M = 5, 4
    params, mask = _masked_rbm(L, M)
    s = jnp.asarray(Q.spin_configurations(L), dtype=float)
    got = nqs._rbm_log_derivatives(s, nqs._rbm_theta(params, s), mask)
    ref = jax.vmap(jax.grad(nqs._masked_log_amplitude), in_axes=(None, 0, None))(params, s, mask)
    for k in ("W", "a", "b"):
        np.testing.assert_allclose(got[k], ref[k], atol=1e-13)


@pytest.mark.parametrize("n", [24, 64])   # fewer samples than the 29 parameters (sample space), and more
@pytest.mark.parametrize("use_sr", [True, False])
def test_structured_sr_and_gradient_match_the_dense_jacobian(n, use_sr):
    L, M, shift = 5, 4, 0.01
    params, mask = _masked_rbm(L, M)
    s = jax.random.choice(jax.random.key(n), jnp.array([-1.0, 1.0]), (n, L))
    theta = nqs._rbm_theta(params, s)
    e_loc = nqs._rbm_local_energy(params, nqs._rbm_flip_tables(params, mask), s, jnp.tanh(theta) * mask, 0.9, 1.0)
    # dense reference: the Jacobian from jax.grad, flattened, and the public estimators
    grads = jax.vmap(jax.grad(nqs._masked_log_amplitude), in_axes=(None, 0, None))(params, s, mask)
    jac = jax.vmap(lambda g: jax.flatten_util.ravel_pytree(g)[0])(grads)
    ref = (nqs.sr_direction(jac, e_loc, diag_shift=shift) if use_sr else nqs.energy_gradient(jac, e_loc))
    got = nqs._rbm_direction(s, theta, mask, e_loc, shift, use_sr)
    np.testing.assert_allclose(jax.flatten_util.ravel_pytree(got)[0], ref, rtol=1e-9, atol=1e-11)
    # and the traced flag (the batched program's lax.cond) takes the same branch
    traced = jax.jit(lambda flag: nqs._rbm_direction(s, theta, mask, e_loc, shift, flag))(jnp.asarray(use_sr))
    np.testing.assert_allclose(jax.flatten_util.ravel_pytree(traced)[0], ref, rtol=1e-9, atol=1e-11)
    # the sample-space Gram matrix X X^T of the centred Jacobian
    X = (jac - jac.mean(0)) / np.sqrt(n)
    t = jnp.tanh(theta) * mask
    np.testing.assert_allclose(nqs._rbm_covariance_gram(s, t, n), X @ X.T, atol=1e-12)

def test_pair_amplitude_exchange_symmetry():
    params = nqs.pair_init(key=jax.random.key(3))
    x1, x2 = np.random.default_rng(0).normal(size=(2, 50))
    fermi = np.asarray(nqs.pair_amplitude(params, x1, x2))
    np.testing.assert_allclose(np.asarray(nqs.pair_amplitude(params, x2, x1)), -fermi, atol=1e-14)
    bose = np.asarray(nqs.pair_amplitude(params, x1, x2, antisymmetric=False))
    np.testing.assert_allclose(np.asarray(nqs.pair_amplitude(params, x2, x1, antisymmetric=False)), bose, atol=1e-14)


@pytest.mark.parametrize("antisymmetric", [True, False])
def test_pair_energy_matches_a_finite_difference_grid(antisymmetric):
    g, width = 1.5, 0.8
    params = nqs.pair_init(key=jax.random.key(4))
    x = np.linspace(-8, 8, 801)
    dx = x[1] - x[0]
    X1, X2 = np.meshgrid(x, x, indexing="ij")
    psi = np.asarray(nqs.pair_amplitude(params, X1, X2, antisymmetric=antisymmetric))
    lap = np.zeros_like(psi)       # 5-point Laplacian, psi = 0 outside the box
    lap[1:-1, :] += (psi[2:, :] - 2 * psi[1:-1, :] + psi[:-2, :]) / dx**2
    lap[:, 1:-1] += (psi[:, 2:] - 2 * psi[:, 1:-1] + psi[:, :-2]) / dx**2
    V = 0.5 * (X1**2 + X2**2) + g * np.exp(-((X1 - X2) ** 2) / (2 * width**2))
    ref = np.sum(psi * (-0.5 * lap + V * psi)) / np.sum(psi**2)
    got = nqs.pair_energy(params, g, width, antisymmetric=antisymmetric, n_quad=32)
    assert got == pytest.approx(ref, rel=2e-4)


def test_train_pair_reaches_the_exact_energy_of_its_symmetry_sector():
    g, width = 2.0, 1.0
    fermi = nqs.train_pair(g, width, key=jax.random.key(0), n_steps=300)
    bose = nqs.train_pair(g, width, key=jax.random.key(0), n_steps=300, antisymmetric=False)
    e_f, e_b = Q.harmonic_pair_energy(g, width), Q.harmonic_pair_energy(g, width, antisymmetric=False)
    assert fermi.energy.shape == (300,) and fermi.energy[-1] < fermi.energy[0]
    assert e_f - 1e-6 < fermi.final_energy < e_f + 2e-3
    assert e_b - 1e-6 < bose.final_energy < e_b + 2e-3
    assert bose.final_energy < e_f               # a symmetric ansatz falls below the fermion ground state


@pytest.mark.parametrize("call,exc,words", [
    (lambda: nqs.rbm_init(8, -1.0, key=KEY), ValueError, "alpha must be finite and > 0"),
    (lambda: nqs.rbm_init(8, 0.3, key=KEY), ValueError, "alpha \\* L must be a whole number"),
    (lambda: nqs.rbm_init(8, 1, key=0), TypeError, "key must be a JAX PRNG key"),
    (lambda: nqs.run_vmc(8, 1.0, 1, key=KEY, n_iter=10, n_samples=100, n_chains=64), ValueError,
     "n_samples must be divisible"),
    (lambda: nqs.run_vmc(8, -1.0, 1, key=KEY, n_iter=10, n_samples=128), ValueError, "h must be >= 0"),
    (lambda: nqs.run_vmc(8, 1.0, 1, key=KEY, n_iter=10, n_samples=128, optimizer="lbfgs"), ValueError,
     "optimizer must be one of"),
    (lambda: nqs.run_vmc(8, 1.0, 1, key=KEY, n_iter=0, n_samples=128), ValueError, "n_iter must be >= 1"),
    (lambda: nqs.run_vmc(8, 1.0, 1, key=KEY, n_iter=10, n_samples=128, diag_shift=-0.1), ValueError,
     "diag_shift must be"),
    (lambda: nqs.run_vmc(8, 1.0, 1, key=KEY, n_iter=10, n_samples=128, learning_rate=0), ValueError,
     "learning_rate must be"),
    (lambda: nqs.run_vmc(8, 1.0, 1, key=0, n_iter=10, n_samples=128), TypeError, "key must be a JAX PRNG key"),
    (lambda: nqs.run_vmc(8, 1.0, 1, key=KEY, n_iter=10, n_samples=128, chains=np.ones((3, 8))), ValueError,
     "chains must have shape"),
    (lambda: nqs.run_vmc_grid(8, (1.0,), (1.0,), key=3, n_iter=10, n_samples=128), TypeError,
     "key must be a JAX PRNG key"),
    (lambda: nqs.metropolis_sample(nqs.rbm_log_amplitude, {}, 4, key=KEY, n_samples=10, n_chains=3),
     ValueError, "n_samples must be divisible"),
    (lambda: nqs.metropolis_sample("f", {}, 4, key=KEY, n_samples=8), TypeError, "log_psi must be callable"),
    (lambda: nqs.local_energy(nqs.rbm_log_amplitude, {}, np.ones(4), 1.0), ValueError, "s must be a batch"),
    (lambda: nqs.local_energy(nqs.rbm_log_amplitude, {}, np.ones((2, 4)), "1"), TypeError, "h must be"),
    (lambda: nqs.rbm_energy(nqs.rbm_init(16, 1, key=KEY), 16, 1.0), ValueError, "L must be <= 14"),
    (lambda: nqs.rbm_energy(nqs.rbm_init(6, 1, key=KEY), 4, 1.0), ValueError, "params must be an RBM of L = 4"),
    (lambda: nqs.compare_optimizers(4, 1.0, 1, key=KEY, n_seeds=2, adam_learning_rates=(0.01,), n_iter=5,
                                    n_samples=64, diag_shift=None), ValueError, "diag_shift must be a positive"),
    (lambda: nqs.compare_optimizers(4, 1.0, 1, key=KEY, n_seeds=2, adam_learning_rates=(), n_iter=5,
                                    n_samples=64), ValueError, "adam_learning_rates must hold"),
    (lambda: nqs.compare_optimizers(4, 1.0, 1, key=KEY, n_seeds=2, adam_learning_rates=(-0.1,), n_iter=5,
                                    n_samples=64), ValueError, "adam_learning_rates must be"),
    (lambda: nqs.compare_optimizers(4, 1.0, 1, key=1, n_seeds=2, adam_learning_rates=(0.1,), n_iter=5,
                                    n_samples=64), TypeError, "key must be a JAX PRNG key"),
    (lambda: nqs.pair_init(key=0), TypeError, "key must be a JAX PRNG key"),
    (lambda: nqs.pair_amplitude(nqs.pair_init(key=KEY), np.ones(3), np.ones(4)), ValueError,
     "x1 and x2 must have the same shape"),
    (lambda: nqs.pair_energy(nqs.pair_init(key=KEY), 1.0, 0.0), ValueError, "width must be"),
    (lambda: nqs.train_pair(1.0, 1.0, key=KEY, n_steps=0), ValueError, "n_steps must be >= 1"),
])
def test_bad_input_raises_clear_errors(call, exc, words):
    with pytest.raises(exc, match=words):
        call()


# ------------------------------------------------------------------ the chapter's explorers
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


def test_run_sweeps_is_the_python_loop_it_replaces():
    """nqs.run_sweeps against the loop written out by hand: the same keys (one per sweep, from
    jax.random.split), the kept configurations, the final chains, the mean acceptance; and bad input."""

    def sweep(key, s, carried):                 # a toy sweep: flip a random spin of each chain, count sweeps
        site = jax.random.randint(key, (s.shape[0],), 0, s.shape[1])
        s = s.at[jnp.arange(s.shape[0]), site].multiply(-1.0)
        return s, carried + 1.0, jnp.mean(site) / s.shape[1]

    chains = jnp.ones((3, 5))
    key = jax.random.key(11)
    samples, final, acc = nqs.run_sweeps(sweep, chains, jnp.zeros(()), key=key, n_sweeps=7, n_keep=4)
    s, carried, kept, accs = chains, jnp.zeros(()), [], []
    for k in jax.random.split(key, 7):
        s, carried, a = sweep(k, s, carried)
        kept.append(s)
        accs.append(a)
    np.testing.assert_array_equal(samples, np.stack(kept[3:]))
    np.testing.assert_array_equal(final, s)
    assert abs(float(acc) - float(np.mean(accs))) < 1e-15
    assert samples.shape == (4, 3, 5) and float(carried) == 7.0
    with pytest.raises(ValueError, match="n_keep"):
        nqs.run_sweeps(sweep, chains, 0.0, key=key, n_sweeps=3, n_keep=4)
    with pytest.raises(ValueError, match="n_sweeps"):
        nqs.run_sweeps(sweep, chains, 0.0, key=key, n_sweeps=0, n_keep=0)
    with pytest.raises(TypeError, match="sweep"):
        nqs.run_sweeps("not a function", chains, 0.0, key=key, n_sweeps=3, n_keep=1)
