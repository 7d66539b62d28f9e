"""physml.mechanics: Hamilton's equations against hand derivatives, an HNN conserves its own H_θ
for any θ, HNN against baseline on the spring, pairwise forces conserve momentum to round-off."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from physml import mechanics as M
from physml.nn import mlp, mlp_init


def test_hamiltonian_vector_field_matches_hand_derivatives():
    y = jnp.array([0.7, -0.4])
    np.testing.assert_allclose(M.hamiltonian_vector_field(M.spring_hamiltonian)(y), [-0.4, -0.7], atol=1e-15)
    np.testing.assert_allclose(M.hamiltonian_vector_field(M.pendulum_hamiltonian)(y), [-0.4, -3 * np.sin(0.7)],
                               atol=1e-15)


def test_an_hnn_conserves_its_own_hamiltonian_for_any_parameters():
    params = mlp_init(jax.random.key(0), (2, 16, 16, 1))
    H = lambda y: mlp(params, y)[0]  # noqa: E731
    f = M.hamiltonian_vector_field(H)
    ys = jax.random.normal(jax.random.key(1), (50, 2))
    dHdt = jax.vmap(lambda y: jax.grad(H)(y) @ f(y))(ys)         # dH/dt = ∇H · J∇H = 0
    assert np.abs(dHdt).max() < 1e-14


def test_spring_data_lie_on_the_exact_trajectories():
    y, dy = M.spring_data(n_traj=3, n_points=10, noise=0.0, seed=2)
    r = np.hypot(y[:, 0], y[:, 1]).reshape(3, 10)
    assert np.ptp(r, axis=1).max() < 1e-9                          # circles in phase space
    np.testing.assert_allclose(dy, np.column_stack([y[:, 1], -y[:, 0]]), atol=1e-15)


def test_hnn_conserves_energy_far_better_than_the_baseline_on_the_spring():
    y, dy = M.spring_data(n_traj=15, n_points=30, noise=0.1, seed=0)
    settings = dict(hidden=(32, 32), n_steps=800, learning_rate=3e-3, seed=0)
    hnn, base = M.train_hnn(y, dy, **settings), M.train_baseline(y, dy, **settings)
    errors = {}
    for model in (hnn, base):
        e = []
        for y0 in ([0.6, 0.0], [0.0, -0.8], [0.5, 0.5]):
            tr = M.rollout(model, jnp.asarray(y0), 0.1, 300)
            e.append(np.mean((jax.vmap(M.spring_hamiltonian)(tr) - M.spring_hamiltonian(jnp.asarray(y0))) ** 2))
        errors[model.kind] = np.mean(e)
    assert errors["baseline"] > 10 * errors["hnn"]


def _pair(params, a, b):
    return mlp(params, jnp.concatenate([a, b]))


def test_antisymmetric_pair_forces_sum_to_zero_and_raw_ones_do_not():
    params = mlp_init(jax.random.key(3), (4, 16, 2))
    x = jax.random.normal(jax.random.key(4), (6, 2))
    F = M.pairwise_forces(_pair, params, x)
    assert np.abs(F.sum(0)).max() < 1e-14
    assert np.abs(M.pairwise_forces(_pair, params, x, antisymmetric=False).sum(0)).max() > 1e-2


def test_total_momentum_over_a_long_run():
    params = mlp_init(jax.random.key(5), (4, 16, 2))
    masses = jnp.array([1.0, 2.0, 0.5, 1.5])
    x0 = jax.random.normal(jax.random.key(6), (4, 2))
    v0 = jax.random.normal(jax.random.key(7), (4, 2)) * 0.1

    def run(antisymmetric):
        def step(carry, _):
            x, v = carry
            a = M.pairwise_forces(_pair, params, x, antisymmetric) / masses[:, None]
            v = v + 0.01 * a
            return (x + 0.01 * v, v), jnp.sum(masses[:, None] * v, axis=0)
        _, P = jax.lax.scan(step, (x0, v0), None, length=5000)
        return np.asarray(P)

    P0 = np.asarray(jnp.sum(masses[:, None] * v0, axis=0))
    # round-off accumulates (about 1e-15 per step over 5000 steps), nothing more
    assert np.abs(run(True) - P0).max() < 1e-10
    assert np.abs(run(False) - P0).max() > 1e-2


def test_bad_input():
    with pytest.raises(ValueError, match="^y and dy must have the same shape"):
        M.train_hnn(np.ones((5, 2)), np.ones((4, 2)), n_steps=1)
    with pytest.raises(TypeError, match="^model must be a TrainedModel"):
        M.rollout("model", jnp.zeros(2), 0.1, 10)
    with pytest.raises(ValueError, match="^noise must be finite"):
        M.spring_data(noise=-1.0)
    with pytest.raises(TypeError, match="^pair_force must be callable"):
        M.pairwise_forces(None, None, np.zeros((3, 2)))
