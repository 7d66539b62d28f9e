"""physml.mechanics: an HNN's flow against finite differences of its H_θ and conserving H_θ for
any θ, data drawn from the key as numpy draws them, HNN against baseline on the spring, the
energy-drift grid against recomputed energies, pairwise forces conserve momentum to round-off,
a learned potential is curl-free and conserves its energy while a learned force is not, N-body
runs against a hand-written velocity Verlet, batched rollouts against single ones, and clear
errors for bad input."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from physml import integrators as I
from physml import mechanics as M
from physml import systems as S
from physml.nn import mlp, mlp_init

KEY = jax.random.key(0)


def test_hnn_vector_field_is_j_times_the_gradient_of_its_hamiltonian():
    hnn = M.HNN(mlp_init((2, 8, 1), key=jax.random.key(2)))
    q, p, eps = 0.7, -0.4, 1e-6
    H = lambda a, b: float(hnn.hamiltonian(jnp.array([a]), jnp.array([b])))   # noqa: E731
    dHdq = (H(q + eps, p) - H(q - eps, p)) / (2 * eps)
    dHdp = (H(q, p + eps) - H(q, p - eps)) / (2 * eps)
    np.testing.assert_allclose(hnn.vector_field(jnp.array([q, p])), [dHdp, -dHdq], atol=1e-9)
    assert hnn.losses is None


def test_an_hnn_conserves_its_own_hamiltonian_for_any_parameters():
    hnn = M.HNN(mlp_init((2, 16, 16, 1), key=jax.random.key(0)))
    H = lambda y: hnn.hamiltonian(y[:1], y[1:])  # noqa: E731
    ys = jax.random.normal(jax.random.key(1), (50, 2))
    dHdt = jax.vmap(lambda y: jax.grad(H)(y) @ hnn.vector_field(y))(ys)         # dH/dt = ∇H · J∇H = 0
    assert np.abs(dHdt).max() < 1e-14


def test_spring_data_lie_on_the_exact_trajectories_and_start_where_the_key_says():
    data = M.spring_data(n_traj=3, n_points=10, noise=0.0, key=jax.random.key(2))
    assert isinstance(data, M.PhaseSpaceData)
    y, dy = data.y, data.dy
    r = np.hypot(y[:, 0], y[:, 1]).reshape(3, 10)
    assert np.ptp(r, axis=1).max() < 1e-9                          # circles in phase space
    np.testing.assert_allclose(dy, np.column_stack([y[:, 1], -y[:, 0]]), atol=1e-15)
    rng = np.random.default_rng(2)                                 # key(2) draws what default_rng(2) draws
    angle, radius = rng.uniform(0, 2 * np.pi), rng.uniform(0.2, 1.0)
    np.testing.assert_allclose(y[0], radius * np.array([np.cos(angle), np.sin(angle)]), atol=1e-15)


def test_hnn_conserves_energy_far_better_than_the_baseline_on_the_spring():
    data = M.spring_data(n_traj=15, n_points=30, noise=0.1, key=KEY)
    y, dy = data.y, data.dy
    settings = dict(hidden=(32, 32), n_steps=800, learning_rate=3e-3, key=KEY)
    hnn, base = M.train_hnn(y, dy, **settings), M.train_baseline(y, dy, **settings)
    assert isinstance(hnn, M.HNN) and isinstance(base, M.Baseline) and hnn.losses.shape == (800,)
    errors = []
    for model in (hnn, base):
        starts = np.array([[0.6, 0.0], [0.0, -0.8], [0.5, 0.5]])
        paths = np.asarray(model.rollout(starts, 0.1, 300))
        E = 0.5 * np.sum(paths**2, axis=-1)                        # the spring's true energy, by hand
        errors.append(np.mean((E - E[:, :1]) ** 2))
    assert errors[1] > 10 * errors[0]


def _pair(params, a, b):
    return mlp(params, jnp.concatenate([a, b]))


def test_antisymmetric_pair_forces_sum_to_zero_and_raw_ones_do_not():
    params = mlp_init((4, 16, 2), key=jax.random.key(3))
    x = jax.random.normal(jax.random.key(4), (6, 2))
    F = M.pairwise_forces(_pair, params, x)
    assert np.abs(F.sum(0)).max() < 1e-14
    assert np.abs(M.pairwise_forces(_pair, params, x, antisymmetric=False).sum(0)).max() > 1e-2
    # against a double loop
    xs = np.asarray(x)
    loop = [sum(np.asarray(_pair(params, xs[i], xs[j]) - _pair(params, xs[j], xs[i])) for j in range(6) if j != i)
            for i in range(6)]
    np.testing.assert_allclose(F, loop, atol=1e-14)


def test_total_momentum_over_a_long_run():
    params = mlp_init((4, 16, 2), key=jax.random.key(5))
    masses = jnp.array([1.0, 2.0, 0.5, 1.5])
    x0 = jax.random.normal(jax.random.key(6), (4, 2))
    v0 = jax.random.normal(jax.random.key(7), (4, 2)) * 0.1

    def run(antisymmetric):
        def step(carry, _):
            x, v = carry
            a = M.pairwise_forces(_pair, params, x, antisymmetric=antisymmetric) / masses[:, None]
            v = v + 0.01 * a
            return (x + 0.01 * v, v), jnp.sum(masses[:, None] * v, axis=0)
        _, P = jax.lax.scan(step, (x0, v0), None, length=5000)
        return np.asarray(P)

    P0 = np.asarray(jnp.sum(masses[:, None] * v0, axis=0))
    # round-off accumulates (about 1e-15 per step over 5000 steps), nothing more
    assert np.abs(run(True) - P0).max() < 1e-10
    assert np.abs(run(False) - P0).max() > 1e-2


def test_batched_rollout_equals_single_rollouts():
    data = M.spring_data(n_traj=3, n_points=10, key=jax.random.key(3))
    model = M.train_baseline(data.y, data.dy, hidden=(8,), n_steps=5, key=KEY)
    starts = np.array([[0.5, 0.1], [-0.2, 0.7]])
    batch = np.asarray(model.rollout(starts, 0.1, 20))
    assert batch.shape == (2, 21, 2)
    for k in range(2):
        np.testing.assert_allclose(batch[k], model.rollout(starts[k], 0.1, 20), atol=1e-14)
    # RK4 on the baseline field, through physml.integrators (an independent code path)
    np.testing.assert_allclose(batch[0], I.rk4(model.vector_field, starts[0], 0.1, 20), atol=1e-14)


def test_force_data_are_minus_the_gradient_of_the_potential():
    data = M.force_data(S.anharmonic_potential, n_samples=20, noise=0.0, key=jax.random.key(1))
    assert isinstance(data, M.ForceData)
    q, F = data.q, data.F
    eps = 1e-6
    for qi, Fi in zip(q[:5], F[:5]):
        fd = [-(S.anharmonic_potential(qi + eps * e) - S.anharmonic_potential(qi - eps * e)) / (2 * eps)
              for e in np.eye(2)]
        np.testing.assert_allclose(Fi, fd, atol=1e-8)
    assert np.hypot(*q.T).max() <= 1.5


def test_learned_potential_is_curl_free_and_conserves_its_energy_and_a_learned_force_does_not():
    data = M.force_data(S.anharmonic_potential, n_samples=200, noise=0.05, key=KEY)
    q, F = data.q, data.F
    pot = M.train_potential(q, F, hidden=(16, 16), n_steps=600, key=KEY)
    frc = M.train_force(q, F, hidden=(16, 16), n_steps=600, key=KEY)
    assert isinstance(pot, M.PotentialModel) and isinstance(frc, M.ForceModel)
    assert pot.losses[-1] < 0.05 and frc.losses[-1] < 0.05          # both learned the forces

    def curl(model):
        J = jax.vmap(jax.jacfwd(model.force))(jnp.asarray(q))
        return np.abs(np.asarray(J[:, 1, 0] - J[:, 0, 1])).max()

    assert curl(pot) < 1e-12 and curl(frc) > 1e-3
    # the force of the potential model is −∇V_θ (finite differences of its potential)
    eps, q0 = 1e-6, jnp.array([0.3, -0.4])
    fd = [-(pot.potential(q0 + eps * e) - pot.potential(q0 - eps * e)) / (2 * eps) for e in jnp.eye(2)]
    np.testing.assert_allclose(pot.force(q0), fd, atol=1e-7)
    y0 = np.array([1.0, 0.0, 0.0, 1.2])
    path = I.velocity_verlet(pot.force, y0, 0.01, 20000)
    E = S.energy(pot.hamiltonian, path)
    np.testing.assert_allclose(E[:3], [float(pot.potential(y[:2])) + 0.5 * float(y[2:] @ y[2:]) for y in path[:3]],
                               atol=1e-14)
    assert np.ptp(np.asarray(E)) < 1e-3                           # bounded, no drift


def test_trained_pair_models_momentum():
    data = M.pair_data(n_bodies=3, n_configs=40, noise=0.02, key=KEY)
    x, F = data.positions, data.forces
    anti = M.train_pair_force(x, F, antisymmetric=True, hidden=(16,), n_steps=200, key=KEY)
    raw = M.train_pair_force(x, F, antisymmetric=False, hidden=(16,), n_steps=200, key=KEY)
    assert anti.losses[-1] < anti.losses[0] and raw.losses[-1] < raw.losses[0]
    masses = np.array([1.0, 2.0, 0.5])
    x0 = np.array([[0.0, 0.0], [1.0, 0.2], [-0.3, 0.9]])
    v0 = np.zeros((3, 2))
    run = anti.rollout(x0, v0, masses, 0.01, 2000)
    assert isinstance(run, M.NBodyRun) and run.positions.shape == run.momenta.shape == (2001, 3, 2)
    assert np.abs(run.momenta.sum(axis=1)).max() < 1e-11
    assert np.abs(raw.rollout(x0, v0, masses, 0.01, 2000).momenta.sum(axis=1)).max() > 1e-3
    np.testing.assert_allclose(anti.forces(x0), M.pairwise_forces(M.pair_network, anti.params, x0), atol=1e-15)


def test_nbody_run_against_a_hand_written_velocity_verlet():
    x0 = np.array([[0.0, 0.0], [1.3, 0.2], [-0.4, 0.9]])
    v0 = np.array([[0.1, 0.0], [0.0, -0.2], [0.05, 0.1]])
    masses = np.array([1.0, 2.0, 0.5])

    def springs(x):                                              # numpy, pair by pair
        x = np.asarray(x)
        F = np.zeros_like(x)
        for i in range(3):
            for j in range(3):
                if i != j:
                    d = x[i] - x[j]
                    r = np.linalg.norm(d)
                    F[i] -= (r - 1) * d / r
        return F

    x, p = x0.copy(), v0 * masses[:, None]
    for _ in range(50):
        p = p + 0.5 * 0.02 * springs(x)
        x = x + 0.02 * p / masses[:, None]
        p = p + 0.5 * 0.02 * springs(x)
    exact = lambda xs: M.pairwise_forces(lambda _, a, b: S.spring_pair_force(a, b), None, xs,   # noqa: E731
                                        antisymmetric=False)
    run = M.nbody_run(exact, x0, v0, masses, 0.02, 50)
    np.testing.assert_allclose(run.positions[-1], x, atol=1e-13)
    np.testing.assert_allclose(run.momenta[-1], p, atol=1e-13)
    np.testing.assert_allclose(run.positions[0], x0, atol=0)


def test_energy_drift_grid_against_recomputed_energies():
    settings = dict(hidden=(16, 16), n_steps=600, key=KEY)
    grid = M.energy_drift((0.1,), rollout_steps=500, **settings)
    assert isinstance(grid, M.EnergyDrift) and grid.hnn_paths.shape == (1, 501, 2)
    assert grid.energy == pytest.approx(0.5 * 0.9**2)
    path = grid.hnn_paths[0]                                     # the true energy, recomputed by hand
    np.testing.assert_allclose(grid.hnn_errors[0], 0.5 * np.sum(path**2, 1) - 0.5 * 0.9**2, atol=1e-14)
    w = grid.window(0.12, 30.0)                                  # nearest noise level, cut at t = 30
    assert isinstance(w, M.DriftWindow) and w.noise == 0.1 and w.horizon == pytest.approx(30.0)
    assert len(w.t) == 301 and w.baseline_path.shape == (301, 2)
    assert w.baseline_worst > 10 * w.hnn_worst
    assert w.hnn_worst == pytest.approx(np.abs(grid.hnn_errors[0, :301]).max())
    # the models the grid trained, passed back in, give the same rollouts (and the spring data of the key)
    data = M.spring_data(noise=0.1, key=KEY)
    models = {0.1: (M.train_hnn(data.y, data.dy, learning_rate=3e-3, **settings),
                    M.train_baseline(data.y, data.dy, learning_rate=3e-3, **settings))}
    again = M.energy_drift((0.1,), rollout_steps=500, models=models, **settings)
    np.testing.assert_array_equal(again.baseline_paths, grid.baseline_paths)
    with pytest.raises(TypeError, match="models"):
        M.energy_drift((0.1,), models={0.1: (None, None)}, **settings)


def test_pair_data_match_hand_computed_spring_forces():
    data = M.pair_data(n_bodies=2, n_configs=3, noise=0.0, key=jax.random.key(4))
    assert isinstance(data, M.PairData)
    x, F = data.positions, data.forces
    for xs, Fs in zip(x, F):
        d = xs[0] - xs[1]
        r = np.linalg.norm(d)
        np.testing.assert_allclose(Fs[0], -(r - 1) * d / r, atol=1e-13)
        np.testing.assert_allclose(Fs[1], (r - 1) * d / r, atol=1e-13)


# ------------------------------------------------------------------ issue 13 additions
def test_damped_pendulum_data_against_scipy_and_the_undamped_data():
    from scipy.integrate import solve_ivp
    data = M.damped_pendulum_data(damping=0.3, n_traj=2, n_points=11, t_max=2.0, noise=0.0, key=jax.random.key(3))
    assert isinstance(data, M.PhaseSpaceData) and data.y.shape == (22, 2)
    for k in range(2):                                        # each trajectory against scipy's RK45 at tight tolerance
        y0 = data.y[11 * k]
        ref = solve_ivp(lambda t, y: [y[1], -3 * np.sin(y[0]) - 0.3 * y[1]], (0, 2), y0,
                        t_eval=np.linspace(0, 2, 11), rtol=1e-11, atol=1e-12).y.T
        np.testing.assert_allclose(data.y[11 * k:11 * k + 11], ref, atol=1e-6)   # RK4 at h = 0.02
    np.testing.assert_allclose(data.dy, np.column_stack([data.y[:, 1], -3 * np.sin(data.y[:, 0]) - 0.3 * data.y[:, 1]]),
                               atol=1e-14)
    a = M.damped_pendulum_data(damping=0.0, n_traj=3, key=KEY)     # no friction: the pendulum's data
    b = M.pendulum_data(n_traj=3, key=KEY)
    np.testing.assert_allclose(a.y, b.y, atol=1e-12)
    np.testing.assert_allclose(a.dy, b.dy, atol=1e-12)


def _energy_error(model, starts, n_steps):
    paths = np.asarray(model.rollout(starts, 0.1, n_steps))
    E = 0.5 * np.sum(paths**2, axis=-1)                        # the spring's energy, by hand
    return np.mean((E - E[:, :1]) ** 2)


def test_data_efficiency_against_models_trained_one_by_one():
    settings = dict(hidden=(8,), n_steps=40, learning_rate=3e-3)
    sweep = M.data_efficiency((1, 3), key=KEY, test_key=jax.random.key(1), n_seeds=2, n_points=10, n_test=4,
                              rollout_steps=50, **settings)
    assert isinstance(sweep, M.DataEfficiency) and sweep.n_train == (10, 30) and sweep.hnn_energy.shape == (2, 2)
    test = M.spring_data(n_traj=4, n_points=10, noise=0.0, key=jax.random.key(1))
    for j, key in enumerate((KEY, jax.random.split(KEY, 2)[1])):          # seed 0 is the key, seed 1 a split
        data = M.spring_data(n_traj=3, n_points=10, noise=0.1, key=key)
        for i, n in enumerate((1, 3)):                                     # nested: the first n trajectories
            y, dy = data.y[:10 * n], data.dy[:10 * n]
            hnn = M.train_hnn(y, dy, key=key, **settings)
            base = M.train_baseline(y, dy, key=key, **settings)
            assert sweep.hnn_loss[i, j] == pytest.approx(hnn.losses[-1], rel=1e-12)
            exact_dy = np.column_stack([test.y[:, 1], -test.y[:, 0]])
            for model, derivative, energy in ((hnn, sweep.hnn_derivative, sweep.hnn_energy),
                                              (base, sweep.baseline_derivative, sweep.baseline_energy)):
                pred = np.array([np.asarray(model.vector_field(jnp.asarray(s))) for s in test.y])
                assert derivative[i, j] == pytest.approx(np.mean((pred - exact_dy) ** 2), rel=1e-10)
                assert energy[i, j] == pytest.approx(_energy_error(model, test.y[::10], 50), rel=1e-10)
        np.testing.assert_allclose(sweep.hnn_models[j].params[0]["W"], hnn.params[0]["W"], atol=1e-14)
    np.testing.assert_allclose(sweep.energy_ratio, sweep.baseline_energy / sweep.hnn_energy)
    np.testing.assert_allclose(sweep.derivative_ratio, sweep.baseline_derivative / sweep.hnn_derivative)


def test_angular_and_total_momentum_of_a_run_and_their_conservation_laws():
    rng = np.random.default_rng(0)
    run = M.NBodyRun(rng.normal(size=(5, 3, 2)), rng.normal(size=(5, 3, 2)))
    x, p = run.positions, run.momenta
    L = [sum(x[t, i, 0] * p[t, i, 1] - x[t, i, 1] * p[t, i, 0] for i in range(3)) for t in range(5)]
    np.testing.assert_allclose(run.angular_momentum, L, atol=1e-14)
    np.testing.assert_allclose(run.total_momentum, p.sum(axis=1), atol=1e-14)
    run3 = M.NBodyRun(rng.normal(size=(4, 2, 3)), rng.normal(size=(4, 2, 3)))
    np.testing.assert_allclose(run3.angular_momentum[1], sum(np.cross(run3.positions[1, i], run3.momenta[1, i])
                                                             for i in range(2)), atol=1e-14)
    with pytest.raises(ValueError, match="d = 2 or 3"):
        _ = M.NBodyRun(np.zeros((2, 2, 1)), np.zeros((2, 2, 1))).angular_momentum
    # central springs conserve L; an antisymmetric but non-central twist ε R(x_i − x_j) conserves P, and
    # its torque is dL/dt = ε Σ_{i<j} r_ij² (checked by finite differences of L along the run)
    masses = np.array([1.0, 2.0, 0.5])
    start = M.nbody_start(masses, key=jax.random.key(2))
    eps = 0.05
    springs = lambda xs: M.pairwise_forces(lambda _, a, b: S.spring_pair_force(a, b), None, xs,  # noqa: E731
                                           antisymmetric=False)

    def twisted_pair(_, a, b):
        d = a - b
        return S.spring_pair_force(a, b) + eps * jnp.array([-d[1], d[0]])

    twisted = lambda xs: M.pairwise_forces(twisted_pair, None, xs, antisymmetric=False)  # noqa: E731
    exact = M.nbody_run(springs, start.x0, start.v0, masses, 0.001, 2000)
    assert np.ptp(exact.angular_momentum) < 1e-12
    run = M.nbody_run(twisted, start.x0, start.v0, masses, 0.001, 2000)
    assert np.abs(run.total_momentum).max() < 1e-13
    dL = np.gradient(run.angular_momentum, 0.001)[100:-100]
    r2 = [sum(np.sum((xs[i] - xs[j]) ** 2) for i in range(3) for j in range(i + 1, 3)) for xs in run.positions]
    np.testing.assert_allclose(dL, eps * np.asarray(r2)[100:-100], rtol=1e-4)


def test_nbody_start_draws_what_numpy_draws_and_has_zero_momentum():
    masses = np.array([1.0, 2.0, 0.5, 1.5])
    start = M.nbody_start(masses, key=jax.random.key(1))
    assert isinstance(start, M.NBodyStart)
    rng = np.random.default_rng(1)
    x0, v0 = rng.normal(size=(4, 2)), 0.1 * rng.normal(size=(4, 2))
    np.testing.assert_array_equal(start.x0, x0)
    np.testing.assert_allclose(start.v0, v0 - (masses[:, None] * v0).sum(0) / masses.sum(), atol=1e-15)
    assert np.abs((masses[:, None] * start.v0).sum(0)).max() < 1e-15
    assert M.nbody_start(masses, key=KEY, d=3, spread=2.0).x0.shape == (4, 3)


@pytest.mark.parametrize("call, error, words", [
    (lambda: M.train_hnn(np.ones((5, 2)), np.ones((4, 2)), n_steps=1, key=KEY), ValueError,
     "^y and dy must have the same shape"),
    (lambda: M.spring_data(noise=-1.0, key=KEY), ValueError, "^noise must be finite"),
    (lambda: M.spring_data(key=0), TypeError, "^key must be a JAX PRNG key"),
    (lambda: M.pairwise_forces(None, None, np.zeros((3, 2))), TypeError, "^pair_force must be callable"),
    (lambda: M.train_potential(np.zeros((5, 2)), np.zeros((4, 2)), key=KEY), ValueError, "same shape"),
    (lambda: M.train_force(np.zeros((5, 2)), np.zeros((5, 2)), learning_rate=-1.0, key=KEY), ValueError,
     "learning_rate"),
    (lambda: M.train_force(np.zeros((5, 2)), np.zeros((5, 2)), hidden=(0,), key=KEY), ValueError, "hidden"),
    (lambda: M.train_pair_force(np.zeros((5, 2)), np.zeros((5, 2)), key=KEY), ValueError, "positions"),
    (lambda: M.force_data(S.anharmonic_potential, n_samples=0, key=KEY), ValueError, "n_samples"),
    (lambda: M.force_data(None, key=KEY), TypeError, "potential"),
    (lambda: M.HNN([]).rollout([0.0, 1.0, 2.0], 0.1, 5), ValueError, "y0"),
    (lambda: M.nbody_run(None, np.zeros((2, 2)), np.zeros((2, 2)), [1.0, 1.0], 0.1, 5), TypeError, "forces"),
    (lambda: M.nbody_run(lambda x: x, np.zeros((2, 2)), np.zeros((2, 2)), [1.0], 0.1, 5), ValueError, "masses"),
    (lambda: M.pair_data(n_bodies=1, key=KEY), ValueError, "n_bodies"),
    (lambda: M.energy_drift((), key=KEY), ValueError, "noises"),
    (lambda: M.damped_pendulum_data(damping=-0.1, key=KEY), ValueError, "^damping must be finite"),
    (lambda: M.data_efficiency((), key=KEY, test_key=KEY), ValueError, "^sizes must list"),
    (lambda: M.data_efficiency((0, 2), key=KEY, test_key=KEY), ValueError, "^sizes must be >= 1"),
    (lambda: M.data_efficiency((2,), key=KEY, test_key=3), TypeError, "^test_key must be a JAX PRNG key"),
    (lambda: M.data_efficiency(5, key=KEY, test_key=KEY), TypeError, "^sizes must be a sequence"),
    (lambda: M.nbody_start([1.0, -1.0], key=KEY), ValueError, "^masses must be positive"),
    (lambda: M.nbody_start([1.0, 1.0], key=1), TypeError, "^key must be a JAX PRNG key"),
])
def test_bad_input_gets_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


def _linear_loss(params, x, y):
    return jnp.mean((mlp(params, x) - y) ** 2)


def test_train_mlp_fits_a_line_as_least_squares_does_and_is_init_then_adam():
    from physml.nn import fit_adam, train_mlp
    x = np.linspace(-1, 1, 40)[:, None]
    y = 0.7 * x - 0.2 + 0.05 * np.random.default_rng(0).normal(size=x.shape)
    fit = train_mlp(_linear_loss, (x, y), 1, 1, key=KEY, hidden=(), learning_rate=0.05, n_steps=3000)
    slope, intercept = np.polyfit(x[:, 0], y[:, 0], 1)
    np.testing.assert_allclose([fit.params[0]["W"][0, 0], fit.params[0]["b"][0]], [slope, intercept], atol=1e-6)
    same = fit_adam(_linear_loss, mlp_init((1, 1), key=KEY), (x, y), learning_rate=0.05, n_steps=3000)
    np.testing.assert_array_equal(fit.losses, same.losses)
    with pytest.raises(TypeError, match="hidden"):
        train_mlp(_linear_loss, (x, y), 1, 1, key=KEY, hidden=3, learning_rate=0.05, n_steps=1)


# ------------------------------------------------------------------ the chapter's explorers
def test_energy_drift_explorer_draws_the_window_of_the_grid():
    import jax

    from physml import mechanics as M
    from physml.interactives import mechanics as figures

    grid = M.energy_drift((0.1,), key=jax.random.key(0), hidden=(16, 16), n_steps=600)
    explorer = figures.energy_drift(grid)
    w = explorer.run(horizon=50.0)
    assert w.t[-1] == 50.0 and w.baseline_worst > 10 * w.hnn_worst
    data = explorer.draw(w)
    np.testing.assert_array_equal(data["hnn"][0], w.hnn_path[:, 0])
    np.testing.assert_array_equal(data["baseline_error"][1], np.abs(w.baseline_error))
    fig = explorer.live(horizon=20.0)
    assert "horizon t = 20" in fig.status.value
    fig.set(horizon=80.0)
    assert "horizon t = 80" in fig.status.value
    spec = explorer.static()._repr_mimebundle_()["application/vnd.plotly.v1+json"]
    assert len(spec["frames"]) == 7 and spec["layout"]["sliders"][0]["active"] == 3     # horizon 30
    with pytest.raises(TypeError, match="EnergyDrift"):
        figures.energy_drift(grid={})
