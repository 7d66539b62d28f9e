"""physml.mechanics: Hamilton's equations against hand derivatives, an HNN conserves its own H_θ
for any θ, HNN against baseline on the spring, pairwise forces conserve momentum to round-off,
a learned potential is curl-free and conserves its energy while a learned force is not, batched
rollouts against single ones, and clear errors for bad input."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from physml import integrators as I
from physml import mechanics as M
from physml.nn import mlp, mlp_init


def test_hamiltonian_vector_field_matches_hand_derivatives():
    y = jnp.array([0.7, -0.4])
    np.testing.assert_allclose(M.hamiltonian_vector_field(M.spring_hamiltonian)(y), [-0.4, -0.7], atol=1e-15)
    np.testing.assert_allclose(M.hamiltonian_vector_field(M.pendulum_hamiltonian)(y), [-0.4, -3 * np.sin(0.7)],
                               atol=1e-15)


def test_an_hnn_conserves_its_own_hamiltonian_for_any_parameters():
    params = mlp_init((2, 16, 16, 1), key=jax.random.key(0))
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
    params = mlp_init((4, 16, 2), key=jax.random.key(3))
    x = jax.random.normal(jax.random.key(4), (6, 2))
    F = M.pairwise_forces(_pair, params, x)
    assert np.abs(F.sum(0)).max() < 1e-14
    assert np.abs(M.pairwise_forces(_pair, params, x, antisymmetric=False).sum(0)).max() > 1e-2


def test_total_momentum_over_a_long_run():
    params = mlp_init((4, 16, 2), key=jax.random.key(5))
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


def test_batched_rollout_equals_single_rollouts():
    y, dy = M.spring_data(n_traj=3, n_points=10, seed=3)
    model = M.train_baseline(y, dy, hidden=(8,), n_steps=5, seed=0)
    starts = np.array([[0.5, 0.1], [-0.2, 0.7]])
    batch = np.asarray(M.rollout(model, starts, 0.1, 20))
    assert batch.shape == (2, 21, 2)
    for k in range(2):
        np.testing.assert_allclose(batch[k], M.rollout(model, starts[k], 0.1, 20), atol=1e-14)
    # RK4 on the baseline field, through physml.integrators (an independent code path)
    np.testing.assert_allclose(batch[0], I.rk4(M.baseline_vector_field(model.params), starts[0], 0.1, 20), atol=1e-14)


def test_force_data_are_minus_the_gradient_of_the_potential():
    q, F = M.force_data(n_samples=20, noise=0.0, seed=1)
    eps = 1e-6
    for qi, Fi in zip(q[:5], F[:5]):
        fd = [-(M.anharmonic_potential(qi + eps * e) - M.anharmonic_potential(qi - eps * e)) / (2 * eps)
              for e in np.eye(2)]
        np.testing.assert_allclose(Fi, fd, atol=1e-8)
    assert np.hypot(*q.T).max() <= 1.5


def test_learned_potential_is_curl_free_and_conserves_its_energy_and_a_learned_force_does_not():
    q, F = M.force_data(n_samples=200, noise=0.05, seed=0)
    pot = M.train_potential(q, F, hidden=(16, 16), n_steps=600, seed=0)
    frc = M.train_force(q, F, hidden=(16, 16), n_steps=600, seed=0)
    assert pot.loss[-1] < 0.05 and frc.loss[-1] < 0.05          # both learned the forces

    def curl(model):
        J = jax.vmap(jax.jacfwd(M.learned_force(model)))(jnp.asarray(q))
        return np.abs(np.asarray(J[:, 1, 0] - J[:, 0, 1])).max()

    assert curl(pot) < 1e-12 and curl(frc) > 1e-3
    # the force of the potential model is −∇V_θ (finite differences of learned_potential)
    V = M.learned_potential(pot)
    eps, q0 = 1e-6, jnp.array([0.3, -0.4])
    fd = [-(V(q0 + eps * e) - V(q0 - eps * e)) / (2 * eps) for e in jnp.eye(2)]
    np.testing.assert_allclose(M.learned_force(pot)(q0), fd, atol=1e-7)
    y0 = np.array([1.0, 0.0, 0.0, 1.2])
    E = jax.vmap(lambda y: V(y[:2]) + 0.5 * jnp.sum(y[2:] ** 2))(I.velocity_verlet(M.learned_force(pot), y0, 0.01, 20000))
    assert np.ptp(np.asarray(E)) < 1e-3                           # bounded, no drift


def test_trained_pair_models_momentum():
    x, F = M.pair_data(n_bodies=3, n_configs=40, noise=0.02, seed=0)
    anti = M.train_pair_force(x, F, antisymmetric=True, hidden=(16,), n_steps=200, seed=0)
    raw = M.train_pair_force(x, F, antisymmetric=False, hidden=(16,), n_steps=200, seed=0)
    assert anti.loss[-1] < anti.loss[0] and raw.loss[-1] < raw.loss[0]
    masses = np.array([1.0, 2.0, 0.5])
    x0 = np.array([[0.0, 0.0], [1.0, 0.2], [-0.3, 0.9]])
    v0 = np.zeros((3, 2))
    _, P = M.nbody_run(anti, x0, v0, masses, 0.01, 2000)
    assert np.abs(P.sum(axis=1)).max() < 1e-11
    _, P = M.nbody_run(raw, x0, v0, masses, 0.01, 2000)
    assert np.abs(P.sum(axis=1)).max() > 1e-3


def test_pair_data_match_hand_computed_spring_forces():
    x, F = M.pair_data(n_bodies=2, n_configs=3, noise=0.0, seed=4)
    for xs, Fs in zip(x, F):
        d = xs[0] - xs[1]
        r = np.linalg.norm(d)
        np.testing.assert_allclose(Fs[0], -(r - 1) * d / r, atol=1e-13)
        np.testing.assert_allclose(Fs[1], (r - 1) * d / r, atol=1e-13)


@pytest.mark.parametrize("call, error, words", [
    (lambda: M.train_potential(np.zeros((5, 2)), np.zeros((4, 2))), ValueError, "same shape"),
    (lambda: M.train_force(np.zeros((5, 2)), np.zeros((5, 2)), learning_rate=-1.0), ValueError, "learning_rate"),
    (lambda: M.train_pair_force(np.zeros((5, 2)), np.zeros((5, 2))), ValueError, "positions"),
    (lambda: M.force_data(n_samples=0), ValueError, "n_samples"),
    (lambda: M.learned_potential("model"), TypeError, "train_potential"),
    (lambda: M.rollout("model", [0.0, 1.0], 0.1, 5), TypeError, "TrainedModel"),
    (lambda: M.nbody_run(None, np.zeros((2, 2)), np.zeros((2, 2)), [1.0, 1.0], 0.1, 5), TypeError, "train_pair_force"),
    (lambda: M.pair_data(n_bodies=1), ValueError, "n_bodies"),
])
def test_bad_input_gets_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_pendulum_flow_data_against_scipy():
    from scipy.integrate import solve_ivp
    y, y_next = M.pendulum_flow_data(n_pairs=4, dt=0.1, seed=3)
    for a, b in zip(y, y_next):
        ref = solve_ivp(lambda t, s: [s[1], -3 * np.sin(s[0])], (0, 0.1), a, method="DOP853", rtol=1e-13,
                        atol=1e-13).y[:, -1]
        np.testing.assert_allclose(b, ref, atol=1e-10)


def test_generating_function_map_learns_the_flow_and_stays_symplectic():
    y, y_next = M.pendulum_flow_data(n_pairs=200, dt=0.1, seed=0)
    gen = M.train_generating_function(y, y_next, 0.1, hidden=(16, 16), n_steps=600, seed=0)
    res = M.train_step_network(y, y_next, 0.1, hidden=(16, 16), n_steps=600, seed=0)
    assert gen.loss[-1] < 0.02 * gen.loss[0]
    for model in (gen, res):
        step = M.learned_step(model, 0.1)
        pred = np.asarray(jax.vmap(step)(jnp.asarray(y[:50])))
        assert np.sqrt(np.mean(np.sum((pred - y_next[:50]) ** 2, axis=1))) < 0.02       # learned one step
    assert I.symplectic_defect(M.learned_step(gen, 0.1), y[0]) < 1e-13
    assert I.symplectic_defect(M.learned_step(res, 0.1), y[0]) > 1e-4
    path = M.iterate_map(M.learned_step(gen, 0.1), y[0], 5)
    np.testing.assert_allclose(path[2], M.learned_step(gen, 0.1)(M.learned_step(gen, 0.1)(jnp.asarray(y[0]))),
                               atol=1e-14)
    with pytest.raises(TypeError, match="train_generating_function"):
        M.learned_step(M.TrainedModel([], np.zeros(1), "hnn"), 0.1)
    with pytest.raises(ValueError, match="same shape"):
        M.train_generating_function(y, y_next[:10], 0.1)
