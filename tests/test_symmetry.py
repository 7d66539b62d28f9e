"""physml.symmetry against independent references: matrix exponentials, finite differences,
hand-built encoders, PCA by SVD, and the rotation generator of linearly transformed data."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest
import scipy.linalg

from physml import symmetry as S


@pytest.fixture(scope="module")
def data():
    return S.oscillator_data(n=256, key=jax.random.key(3))


@pytest.fixture(scope="module")
def linear_ae(data):
    return S.train_autoencoder(data.x, 2, key=jax.random.key(0), n_steps=3000, learning_rate=1e-2,
                               checkpoints=(0, 3000))


def embed(u, harmonics=(1, 2, 3), amplitudes=(1.0, 0.6, 0.35)):
    r, phi = np.hypot(u[:, 0], u[:, 1]), np.arctan2(u[:, 1], u[:, 0])
    return np.concatenate([a * r[:, None] ** k * np.stack([np.cos(k * phi), np.sin(k * phi)], 1)
                           for k, a in zip(harmonics, amplitudes)], axis=1)


def test_the_generator_exponentiates_to_the_time_evolution(data):
    for t in (0.3, 1.0, 2.5):
        rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
        evolved = embed(data.u @ rot.T) @ data.embedding.T          # the oscillator a time t later
        np.testing.assert_allclose(data.x @ scipy.linalg.expm(t * data.K).T, evolved, atol=1e-12)
    assert np.allclose(data.K, -data.K.T)
    np.testing.assert_allclose(np.sort(np.linalg.eigvals(data.K).imag), [-3, -2, -1, 0, 0, 1, 2, 3], atol=1e-12)


def test_symmetric_sample_has_block_diagonal_covariance(data):
    y = data.x @ data.embedding                          # back to harmonic coordinates
    cov = y.T @ y / len(y)
    off = cov.copy()
    for b in range(3):
        off[2 * b:2 * b + 2, 2 * b:2 * b + 2] = 0
    assert np.abs(off).max() < 1e-12
    assert np.diag(cov)[0] > np.diag(cov)[2] > np.diag(cov)[4]


def test_jvp_tangents_match_central_finite_differences(data):
    params = S.autoencoder_init(8, 3, key=jax.random.key(1), hidden=(16,))
    g = S.latent_generator(S.encode, params, data.x[:40], data.K)
    eps = 1e-6
    kx = data.x[:40] @ data.K.T
    fd = (S.encode(params, data.x[:40] + eps * kx) - S.encode(params, data.x[:40] - eps * kx)) / (2 * eps)
    np.testing.assert_allclose(g.dz, fd, atol=1e-8)
    A_ref, *_ = np.linalg.lstsq(np.asarray(g.z), np.asarray(fd), rcond=None)
    np.testing.assert_allclose(g.A, A_ref.T, atol=1e-6)


def test_decoder_consistency_matches_finite_differences(data):
    params = S.autoencoder_init(8, 2, key=jax.random.key(2), hidden=(8,))
    z = np.random.default_rng(0).normal(size=(30, 2))
    A = np.array([[0.1, -0.7], [0.9, 0.0]])
    eps = 1e-6
    dx = (S.decode(params, z + eps * z @ A.T) - S.decode(params, z - eps * z @ A.T)) / (2 * eps)
    target = S.decode(params, z) @ data.K.T
    ref = np.linalg.norm(dx - target) / np.linalg.norm(target)
    assert S.generator_consistency(S.decode, params, z, A, data.K) == pytest.approx(ref, rel=1e-6)


def test_a_hand_built_equivariant_encoder_gives_the_exact_generator(data):
    P = data.embedding[:, :2]                                      # the first-harmonic plane

    def enc(p, x):
        return x @ P

    def dec(p, z):
        return z @ P.T

    g = S.latent_generator(enc, None, data.x, data.K)
    assert g.residual < 1e-13
    np.testing.assert_allclose(g.A, S.J2, atol=1e-13)
    assert S.generator_consistency(dec, None, g.z, g.A, data.K) < 1e-13
    # the second-harmonic plane: frequency 2
    P2 = data.embedding[:, 2:4]
    g2 = S.latent_generator(lambda p, x: x @ P2, None, data.x, data.K)
    np.testing.assert_allclose(g2.A, 2 * S.J2, atol=1e-13)


def test_linear_autoencoder_on_linear_rotation_data_recovers_a_similar_generator():
    d = S.linear_rotation_data(n=256, dim=5, key=jax.random.key(1))
    tr = S.train_autoencoder(d.x, 2, key=jax.random.key(0), n_steps=3000, learning_rate=1e-2)
    # the data span a plane, so any injective linear encoder acts linearly up to its bias:
    # the affine fit is exact
    g = S.latent_generator(S.encode, tr.params, d.x, d.K, affine=True)
    assert g.residual < 1e-10
    np.testing.assert_allclose(g.eigenvalues, [-1j, 1j], atol=1e-3)
    Sm = np.asarray(tr.params["encoder"][0]["W"]).T @ d.embedding   # z = W_Eᵀ x = (W_Eᵀ M) u
    np.testing.assert_allclose(g.A, Sm @ S.J2 @ np.linalg.inv(Sm), atol=1e-9)
    assert S.generator_consistency(S.decode, tr.params, g.z, g.A, d.K, b=g.b) < 2e-3


def test_trained_linear_autoencoder_spans_the_top_principal_plane(data, linear_ae):
    _, _, vt = np.linalg.svd(data.x - data.x.mean(0), full_matrices=False)
    pcs = vt[:2].T
    W_dec = np.asarray(linear_ae.params["decoder"][0]["W"]).T          # (8, 2): the decoded plane
    assert np.max(scipy.linalg.subspace_angles(W_dec, pcs)) < 1e-3
    # the encoder is free outside the data's span (no gradient there); inside it, it reads the same plane
    span = data.embedding @ data.embedding.T
    W_enc = span @ np.asarray(linear_ae.params["encoder"][0]["W"])
    assert np.max(scipy.linalg.subspace_angles(W_enc, pcs)) < 1e-3
    # the loss reaches the best rank-2 reconstruction error (Eckart–Young: the discarded singular values)
    s = np.linalg.svd(data.x, compute_uv=False)
    assert np.min(linear_ae.loss) == pytest.approx(np.sum(s[2:] ** 2) / data.x.size, rel=1e-4)


def test_linear_latent_action_versus_nonlinear_ones(data, linear_ae):
    trained = S.latent_generator(S.encode, linear_ae.params, data.x, data.K)
    untrained = S.latent_generator(S.encode, linear_ae.snapshots[0], data.x, data.K)
    assert trained.residual < 1e-3 and untrained.residual > 0.3
    np.testing.assert_allclose(trained.eigenvalues, [-1j, 1j], atol=1e-3)
    one = S.train_autoencoder(data.x, 1, key=jax.random.key(0), n_steps=1000)
    assert S.latent_generator(S.encode, one.params, data.x, data.K).residual > 0.9


def test_trained_linear_encoder_acts_affinely_with_b_fixed_by_its_bias(data, linear_ae):
    """A linear encoder z = W^T x + b_E turns x' = Kx into z' = A(z - b_E): the affine fit is exact up
    to the training error, its b equals -A b_E, and a fit without b misses by about |A b_E|."""
    fit = S.latent_generator(S.encode, linear_ae.params, data.x, data.K, affine=True)
    b_E = np.asarray(linear_ae.params["encoder"][0]["b"])
    assert fit.residual < 1e-4                                   # training error, not round-off
    assert np.linalg.norm(fit.b + fit.A @ b_E) < 0.1 * np.linalg.norm(fit.A @ b_E)
    rho = S.generator_consistency(S.decode, linear_ae.params, fit.z, fit.A, data.K, b=fit.b)
    assert rho < 1e-3
    no_b = S.latent_generator(S.encode, linear_ae.params, data.x, data.K)
    expected = np.linalg.norm(fit.A @ b_E) * np.sqrt(len(data.x)) / np.linalg.norm(fit.dz)
    assert no_b.residual == pytest.approx(expected, rel=0.1)


def test_checkpoints_hold_the_parameters_at_those_steps(data):
    tr = S.train_autoencoder(data.x, 2, key=jax.random.key(4), n_steps=50, checkpoints=(0, 20, 50))
    init = S.autoencoder_init(8, 2, key=jax.random.key(4))
    np.testing.assert_array_equal(tr.snapshots[0]["encoder"][0]["W"], init["encoder"][0]["W"])
    np.testing.assert_array_equal(tr.snapshots[2]["encoder"][0]["W"], tr.params["encoder"][0]["W"])
    part = S.train_autoencoder(data.x, 2, key=jax.random.key(4), n_steps=20)
    np.testing.assert_allclose(tr.snapshots[1]["decoder"][0]["W"], part.params["decoder"][0]["W"], atol=1e-14)


def test_affine_fit_absorbs_a_constant_shift(data):
    P = data.embedding[:, :2]
    g = S.latent_generator(lambda p, x: x @ P + jnp.array([3.0, -1.0]), None, data.x, data.K, affine=True)
    assert g.residual < 1e-12
    np.testing.assert_allclose(g.A, S.J2, atol=1e-12)
    np.testing.assert_allclose(g.b, -S.J2 @ np.array([3.0, -1.0]), atol=1e-12)
    assert S.latent_generator(lambda p, x: x @ P + jnp.array([3.0, -1.0]), None, data.x, data.K).residual > 0.1


def test_bad_input(data):
    with pytest.raises(ValueError, match="^K must be a square matrix"):
        S.latent_generator(S.encode, None, data.x, np.eye(3))
    with pytest.raises(ValueError, match="^xs must contain only finite"):
        S.latent_generator(S.encode, None, np.full((3, 8), np.nan), data.K)
    with pytest.raises(TypeError, match="^encoder must be callable"):
        S.latent_generator("encoder", None, data.x, data.K)
    with pytest.raises(ValueError, match="^A must be square"):
        S.generator_consistency(S.decode, None, np.zeros((4, 2)), np.eye(3), data.K)
    with pytest.raises(ValueError, match="^dim must be at least"):
        S.oscillator_data(dim=4, key=jax.random.key(0))
    with pytest.raises(ValueError, match="^checkpoints"):
        S.train_autoencoder(data.x, 2, key=jax.random.key(0), n_steps=10, checkpoints=(20,))
    with pytest.raises(TypeError, match="^key must be a JAX PRNG key"):
        S.autoencoder_init(8, 2, key=0)
    with pytest.raises(TypeError, match="^key must be a JAX PRNG key"):
        S.oscillator_data(key=0)
    with pytest.raises(TypeError, match="^data must be a SymmetryData"):
        S.autoencoder_grid(data.x, key=jax.random.key(0))


def test_autoencoder_grid_reaches_the_principal_planes_and_their_linear_action():
    """Trained linear autoencoders reconstruct as well as PCA (Eckart–Young: the discarded singular
    values); two latent dimensions hold the frequency-1 plane (eigenvalues ±i, both residuals ~0),
    one holds half a plane (ż ⟂ z: residual 1), and the untrained model mixes planes."""
    data = S.oscillator_data(key=jax.random.key(0))
    grid = S.autoencoder_grid(data, (1, 2), key=jax.random.key(0), checkpoints=(2000, 0))
    np.testing.assert_array_equal(grid.latent_dims, [1, 2])
    np.testing.assert_array_equal(grid.steps, [2000, 0])
    np.testing.assert_allclose(grid.physical_spectrum, [-3, -2, -1, 0, 0, 1, 2, 3], atol=1e-12)
    s = np.linalg.svd(data.x, compute_uv=False)
    for i, d in enumerate((1, 2)):
        pca = np.sqrt(np.sum(s[d:] ** 2)) / np.linalg.norm(data.x)
        assert grid.reconstruction[i, 0] == pytest.approx(pca, rel=1e-3)
        assert grid.reconstruction[i, 1] > 1.5 * pca
    # the decoder's consistency after 2000 steps: 4e-9 by default, 0.016 under perturbed numerics on
    # an AMD CPU (the training amplifies XLA's last bits); an untrained decoder is O(1)
    assert grid.residual[1, 0] < 1e-4 and grid.consistency[1, 0] < 0.05
    assert grid.residual[0, 0] > 0.9 and grid.residual[1, 1] > 0.3
    trained = grid.at(2, 2000)
    assert (trained.latent_dim, trained.steps, trained.residual) == (2, 2000, grid.residual[1, 0])
    np.testing.assert_allclose(trained.eigenvalues, [-1j, 1j], atol=1e-3)
    np.testing.assert_allclose(trained.frequencies, [1.0], atol=1e-3)
    assert grid.index(1, 0) == (0, 1)
    with pytest.raises(ValueError, match="^steps must be one of"):
        grid.at(2, 100)
    with pytest.raises(ValueError, match="^latent_dim must be one of"):
        grid.at(3, 0)


# ------------------------------------------------------------------ the chapter's explorers
def test_autoencoder_explorer_draws_one_grid_entry():
    from physml import symmetry as S
    from physml import widgets as Wd
    from physml.interactives import symmetry as figures
    factory, example = Wd.registered()["symmetry.autoencoder"]
    grid = example["grid"]                                   # a hand-made 2 x 2 grid, no training
    explorer = factory(grid, latent_dim=1, steps=0)
    fig = explorer.live()
    assert "latent dim 1, 0 steps: latent-generator residual 1" in fig.status.value
    status = fig.set(latent_dim=2, steps=3000)
    assert "residual 10⁻⁷" in status and "rotation frequencies of A: 1.000" in status
    assert "rotation frequencies of A: none" in fig.set(latent_dim=1)
    spec = explorer.static()._repr_mimebundle_()["application/vnd.plotly.v1+json"]
    assert len(spec["frames"]) == 2                          # the site slider moves the latent dimension
    assert len(explorer.static(control="steps")._repr_mimebundle_()["application/vnd.plotly.v1+json"]["frames"]) == 2
    with pytest.raises(ValueError, match="^steps must be one of"):
        figures.autoencoder(grid, steps=100)
    with pytest.raises(TypeError, match="^grid must be an AutoencoderGrid"):
        figures.autoencoder({"residual": 0})
    assert isinstance(grid, S.AutoencoderGrid)


# ------------------------------------------------------------------ a nonlinear action: the generator found from data
@pytest.fixture(scope="module")
def sensors():
    return S.sensor_trajectories(n_orbits=12, n_times=16, dim=5, key=jax.random.key(7))


def test_sensor_trajectories_are_one_period_of_a_harmonic_oscillator_seen_through_tanh(sensors):
    d = sensors
    assert d.x.shape == (12, 17, 5) and d.u.shape == (12, 17, 2)
    np.testing.assert_allclose(d.dt, 2 * np.pi / (d.omega * 16), rtol=1e-15)
    np.testing.assert_allclose(d.x[:, 0], d.x[:, -1], atol=1e-12)                  # exactly one period
    r = np.linalg.norm(d.u, axis=-1)
    np.testing.assert_allclose(r, r[:, :1] * np.ones_like(r), atol=1e-12)           # energy ∝ r² conserved
    np.testing.assert_allclose(d.x, np.tanh(d.u @ d.weights.T + d.offsets), atol=1e-15)
    # ẋ against a central difference of the closed form: u turns clockwise by ω h in a time h
    h = 1e-5

    def x_at(tau):
        a = d.omega * tau
        rot = np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]])
        return np.tanh(d.u @ rot.T @ d.weights.T + d.offsets)

    np.testing.assert_allclose(d.velocity, (x_at(h) - x_at(-h)) / (2 * h), atol=1e-8)
    # and one sample later the hidden state has turned clockwise by ω dt
    np.testing.assert_allclose(d.x[:, 1:], x_at(d.dt)[:, :-1], atol=1e-12)
    assert np.array_equal(d.x_now[16], d.x[1, 0]) and np.array_equal(d.x_next[0], d.x[0, 1])


def test_fit_generator_recovers_a_rotation_about_a_center_in_skewed_coordinates():
    omega, dt, c = 1.3, 0.25, np.array([0.4, -1.0])
    Sm = np.array([[2.0, 0.7], [-0.3, 0.8]])                         # arbitrary latent axes
    rng = np.random.default_rng(0)
    w = rng.normal(size=(50, 2))
    R = scipy.linalg.expm(omega * dt * S.J2)
    z, z_next = w @ Sm.T + c, w @ R.T @ Sm.T + c
    g = S.fit_generator(z, z_next, dt)
    K_ref = omega * Sm @ S.J2 @ np.linalg.inv(Sm)
    np.testing.assert_allclose(g.K, K_ref, atol=1e-10)
    np.testing.assert_allclose(scipy.linalg.expm(g.K * dt), g.M, atol=1e-12)
    np.testing.assert_allclose(g.center, c, atol=1e-10)
    assert g.residual < 1e-12 and g.frequency == pytest.approx(omega, abs=1e-10)
    np.testing.assert_allclose(g.eigenvalues, [-1j * omega, 1j * omega], atol=1e-10)
    np.testing.assert_allclose(g.plane_block, [[0, omega], [-omega, 0]], atol=1e-10)
    # |φ|² is conserved along the exact flow and proportional to |w|², the squared radius in the round frame
    orbit = np.stack([np.linalg.matrix_power(R, k) @ w[0] for k in range(20)]) @ Sm.T + c
    inv = g.invariant(orbit)
    np.testing.assert_allclose(inv, inv[0], rtol=1e-10)
    ratio = g.invariant(z) / np.sum(w ** 2, 1)
    np.testing.assert_allclose(ratio, ratio[0], rtol=1e-10)
    coords = g.plane_coordinates(orbit)                                  # a circle in the rotation frame
    np.testing.assert_allclose(np.sum(coords ** 2, 1), np.sum(coords[0] ** 2), rtol=1e-10)
    in_frame = g.invariant(z) / np.sum(g.plane_coordinates(z) ** 2, 1)     # |φ|² ∝ a² + b² at every point
    np.testing.assert_allclose(in_frame, in_frame[0], rtol=1e-10)
    # a damped spiral: eigenvalues −γ ± iω, and |φ|² decays as e^{−2γt}
    gamma = 0.1
    spiral = S.fit_generator(z, (np.exp(-gamma * dt) * (w @ R.T)) @ Sm.T + c, dt)
    np.testing.assert_allclose(spiral.eigenvalues, [-gamma - 1j * omega, -gamma + 1j * omega], atol=1e-10)
    np.testing.assert_allclose(spiral.plane_block, [[-gamma, omega], [-omega, -gamma]], atol=1e-10)


def test_within_orbit_fraction_by_hand():
    f = np.array([[1.0, 3.0, 2.0], [5.0, 5.0, 8.0]])
    mean = f.mean()
    within = sum((f[o, t] - f[o].mean()) ** 2 for o in range(2) for t in range(3))
    total = sum((f[o, t] - mean) ** 2 for o in range(2) for t in range(3))
    assert S.within_orbit_fraction(f) == pytest.approx(within / total, rel=1e-14)
    assert S.within_orbit_fraction(np.array([[1.0, 1.0], [4.0, 4.0]])) == 0.0


def test_best_linear_invariant_finds_a_conserved_combination_and_beats_random_directions(sensors):
    rng = np.random.default_rng(1)
    theta = rng.uniform(0, 2 * np.pi, (8, 10))
    r = rng.uniform(1, 2, (8, 1)) * np.ones((1, 10))
    x = np.stack([np.cos(theta), np.sin(theta), r + np.cos(theta)], -1)           # x₃ − x₁ = r is conserved
    best = S.best_linear_invariant(x)
    assert best.fraction < 1e-12
    np.testing.assert_allclose(np.abs(best.weights), np.array([1, 0, 1]) / np.sqrt(2), atol=1e-8)
    # on the sensor data: no random direction does better, and the reported fraction is that of weights · x
    xs = sensors.x[:, :-1]
    best = S.best_linear_invariant(xs)
    assert best.fraction == pytest.approx(S.within_orbit_fraction(xs @ best.weights), rel=1e-8)
    trials = [S.within_orbit_fraction(xs @ a) for a in rng.normal(size=(2000, xs.shape[-1]))]
    assert min(trials) >= best.fraction - 1e-12 and best.fraction > 0.2


def test_koopman_training_reports_its_losses_and_finds_the_frequency(sensors):
    d = sensors
    run = S.train_koopman_autoencoder(d.x_now, d.x_next, key=jax.random.key(2), hidden=(16, 16), n_steps=400,
                                      n_models=2)
    assert run.n_models == 2 and run.reconstruction.shape == (2, 400)
    # the first recorded losses are those of the initial networks, recomputed here with NumPy
    for i, k in enumerate(jax.random.split(jax.random.key(2), 2)):
        p = S.autoencoder_init(5, 2, key=k, hidden=(16, 16))
        z, z_next = np.asarray(S.encode(p, d.x_now)), np.asarray(S.encode(p, d.x_next))
        X = np.column_stack([z, np.ones(len(z))])
        coef, *_ = np.linalg.lstsq(X, z_next, rcond=None)
        assert run.reconstruction[i, 0] == pytest.approx(np.mean((np.asarray(S.decode(p, z)) - d.x_now) ** 2), rel=1e-8)
        assert run.prediction[i, 0] == pytest.approx(np.sum((z_next - X @ coef) ** 2) / np.sum((z_next - z) ** 2),
                                                     rel=1e-6)
    raw = S.fit_generator(d.x_now, d.x_next, d.dt)
    for i in range(2):
        p = run.model(i)
        g = S.fit_generator(S.encode(p, d.x_now), S.encode(p, d.x_next), d.dt)
        assert g.residual < 0.5 * raw.residual
        assert g.frequency == pytest.approx(d.omega, rel=0.03)
    with pytest.raises(ValueError, match="^i must lie between"):
        run.model(2)


def test_decoded_velocity_matches_finite_differences_of_the_decoder():
    params = S.autoencoder_init(4, 2, key=jax.random.key(5), hidden=(8,))
    g = S.FittedGenerator(np.eye(2), np.zeros(2), np.array([[0.1, -1.2], [0.9, 0.0]]), np.array([0.3, -0.2]), 0.0)
    z = np.random.default_rng(2).normal(size=(20, 2))
    v = (z - g.center) @ g.K.T
    eps = 1e-6
    fd = (np.asarray(S.decode(params, z + eps * v)) - np.asarray(S.decode(params, z - eps * v))) / (2 * eps)
    np.testing.assert_allclose(S.decoded_velocity(S.decode, params, z, g), fd, atol=1e-8)


def test_bad_input_of_the_found_generator(sensors):
    with pytest.raises(ValueError, match="^z_next must have the shape"):
        S.fit_generator(np.zeros((10, 2)), np.zeros((9, 2)), 0.1)
    with pytest.raises(ValueError, match="^dt must be finite and > 0"):
        S.fit_generator(sensors.x_now, sensors.x_next, -0.1)
    w = np.random.default_rng(0).normal(size=(10, 2))
    with pytest.raises(ValueError, match="^M has an eigenvalue on the negative real axis"):
        S.fit_generator(w, -w, 0.1)                                          # a half turn per step
    with pytest.raises(ValueError, match="^z_next equals z"):
        S.fit_generator(w, w, 0.1)
    with pytest.raises(ValueError, match="^values are all equal"):
        S.within_orbit_fraction(np.ones((3, 4)))
    with pytest.raises(ValueError, match="^x must have 3 dimension"):
        S.best_linear_invariant(sensors.x_now)
    with pytest.raises(ValueError, match="^radii must be a pair"):
        S.sensor_trajectories(radii=(1.0, 0.5), key=jax.random.key(0))
    with pytest.raises(TypeError, match="^key must be a JAX PRNG key"):
        S.sensor_trajectories(key=1)
    with pytest.raises(ValueError, match="^x_next must have the shape"):
        S.train_koopman_autoencoder(sensors.x_now, sensors.x_next[:-1], key=jax.random.key(0))
    with pytest.raises(TypeError, match="^generator must be a FittedGenerator"):
        S.decoded_velocity(S.decode, None, np.zeros((3, 2)), np.eye(2))
