"""physml.landscape against independent references: closed forms, dense linear algebra,
finite differences, scipy and plain numpy."""
import json

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax.flatten_util import ravel_pytree
from scipy.linalg import expm

from physml import landscape as L

A = np.array([[3.0, 1.0], [1.0, 2.0]])
THETA0 = np.array([1.0, -2.0])


def quad_grad(th):
    return jnp.asarray(A) @ th


# ------------------------------------------------------------- gradient descent
def test_gradient_descent_matches_closed_form_on_quadratic():
    lr, n = 0.1, 25
    got = np.asarray(L.gradient_descent(quad_grad, THETA0, lr, n))
    M = np.eye(2) - lr * A
    want = np.array([np.linalg.matrix_power(M, k) @ THETA0 for k in range(n + 1)])
    assert got.shape == (n + 1, 2)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


def test_gradient_descent_zero_steps_returns_start():
    got = np.asarray(L.gradient_descent(quad_grad, THETA0, 0.1, 0))
    np.testing.assert_array_equal(got, THETA0[None])


def test_gradient_descent_stability_limit_two_over_lambda_max():
    lam_max = np.linalg.eigvalsh(A).max()
    below = L.gradient_descent(quad_grad, THETA0, 0.99 * 2 / lam_max, 2000)[-1]
    above = L.gradient_descent(quad_grad, THETA0, 1.01 * 2 / lam_max, 2000)[-1]
    assert np.linalg.norm(below) < 1e-6
    assert not np.linalg.norm(above) < 1e3  # grew (or overflowed)


def test_gradient_descent_accepts_pytrees():
    params = {"a": jnp.array([1.0, 2.0]), "b": jnp.array(3.0)}
    def grad(p):
        return jax.tree_util.tree_map(lambda x: 2 * x, p)  # E = sum of squares
    out = L.gradient_descent(grad, params, 0.25, 3)
    np.testing.assert_allclose(out["a"], [[1, 2], [0.5, 1], [0.25, 0.5], [0.125, 0.25]])
    np.testing.assert_allclose(out["b"], [3, 1.5, 0.75, 0.375])


def test_perturbed_gd_without_noise_is_gd_and_noise_is_seeded():
    key = jax.random.key(0)
    plain = L.gradient_descent(quad_grad, THETA0, 0.1, 10)
    np.testing.assert_allclose(L.perturbed_gradient_descent(quad_grad, THETA0, 0.1, 10, noise=0.0, key=key), plain)
    a = L.perturbed_gradient_descent(quad_grad, THETA0, 0.1, 10, noise=0.1, key=key)
    b = L.perturbed_gradient_descent(quad_grad, THETA0, 0.1, 10, noise=0.1, key=key)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, plain)


# ------------------------------------------------------------- gradient flow
def test_gradient_flow_matches_matrix_exponential():
    times = np.linspace(0, 5, 11)
    got = L.gradient_flow(quad_grad, THETA0, times)
    want = np.array([expm(-A * t) @ THETA0 for t in times])
    assert np.max(np.abs(got - want)) < 1e-6 * 1e-2  # well inside the promised 1e-6


def test_gradient_flow_nonlinear_closed_form():
    # E = log cosh(theta): d theta/dt = -tanh(theta)  =>  sinh(theta(t)) = sinh(theta0) exp(-t)
    def grad(th):
        return jnp.tanh(th)
    times = np.linspace(0, 3, 7)
    got = L.gradient_flow(grad, [2.0], times)[:, 0]
    want = np.arcsinh(np.sinh(2.0) * np.exp(-times))
    assert np.max(np.abs(got - want)) < 1e-6


def test_gradient_flow_energy_identity():
    t = np.linspace(0, 1, 2001)
    flow = L.gradient_flow(jax.grad(L.smooth_bowl), [2.5, -1.6], t)
    e = np.asarray(L.smooth_bowl(flow))
    lhs = np.gradient(e, t, edge_order=2)
    rhs = -np.sum(np.asarray(jax.vmap(jax.grad(L.smooth_bowl))(flow)) ** 2, axis=1)
    assert np.max(np.abs(lhs - rhs)) / np.max(np.abs(rhs)) < 1e-4


def test_gradient_flow_at_time_zero():
    np.testing.assert_array_equal(L.gradient_flow(quad_grad, THETA0, [0.0, 0.0]), [THETA0, THETA0])


# ------------------------------------------------------------- curvature
def _mlp_loss():
    x = jnp.linspace(-1, 1, 10)[:, None]
    y = jnp.cos(3 * x)
    k1, k2 = jax.random.split(jax.random.key(3))
    params = [dict(w=jax.random.normal(k1, (1, 5)), b=jnp.zeros(5)),
              dict(w=jax.random.normal(k2, (5, 1)), b=jnp.zeros(1))]

    def loss(p):
        return jnp.mean((jnp.tanh(x @ p[0]["w"] + p[0]["b"]) @ p[1]["w"] + p[1]["b"] - y) ** 2)

    return loss, params


def test_hessian_vector_product_matches_finite_differences():
    loss, params = _mlp_loss()
    flat, unravel = ravel_pytree(params)
    v = jax.random.normal(jax.random.key(9), flat.shape)
    hv = ravel_pytree(L.hessian_vector_product(loss, params, unravel(v)))[0]
    def g(f):
        return ravel_pytree(jax.grad(loss)(unravel(f)))[0]
    eps = 1e-5
    fd = (g(flat + eps * v) - g(flat - eps * v)) / (2 * eps)
    np.testing.assert_allclose(hv, fd, rtol=1e-6, atol=1e-8)


def test_top_hessian_eigenvalue_matches_dense_hessian():
    loss, params = _mlp_loss()
    flat, unravel = ravel_pytree(params)
    dense = np.linalg.eigvalsh(np.asarray(jax.hessian(lambda f: loss(unravel(f)))(flat)))[-1]
    got = L.top_hessian_eigenvalue(loss, params, key=jax.random.key(0), n_iter=500)
    assert abs(got - dense) < 1e-6 * abs(dense)


def test_top_hessian_eigenvalue_when_dominant_eigenvalue_is_negative():
    def loss(p):
        return -20.0 * p[0] ** 2 + 5.0 * p[1] ** 2 + 0.5 * p[2] ** 2  # eigenvalues -40, 10, 1
    got = L.top_hessian_eigenvalue(loss, jnp.ones(3), key=jax.random.key(0), n_iter=300)
    assert abs(got - 10.0) < 1e-6


# ------------------------------------------------------------- critical points
@pytest.mark.parametrize("h, kind", [
    (np.diag([1.0, 2.0]), "minimum"),
    (np.diag([-1.0, -3.0]), "maximum"),
    (np.diag([1.0, -1.0]), "saddle"),
    (np.array([[1.0, 2.0], [2.0, 1.0]]), "saddle"),   # positive diagonal, eigenvalues 3, -1
    (np.diag([1.0, 0.0]), "degenerate"),
    (np.diag([1.0, 1e-10]), "degenerate"),
])
def test_critical_point_type(h, kind):
    assert L.critical_point_type(h, tol=1e-8) == kind


def test_critical_points_of_strict_saddle_landscape():
    hess = jax.hessian(L.strict_saddle)
    assert L.critical_point_type(hess(jnp.zeros(2))) == "saddle"
    assert L.critical_point_type(hess(jnp.array([0.0, 1.0]))) == "minimum"
    assert L.hessian_index(hess(jnp.zeros(2))) == 0.5


def test_hessian_index_counts_negative_modes_and_ignores_round_off():
    q, _ = np.linalg.qr(np.random.default_rng(2).normal(size=(4, 4)))
    h = q @ np.diag([-2.0, -1.0, 3.0, -1e-13]) @ q.T
    h = (h + h.T) / 2
    assert L.hessian_index(h) == 0.75          # the round-off eigenvalue counts as negative
    assert L.hessian_index(h, rtol=1e-9) == 0.5  # ... unless it is below rtol * max|lambda|


def test_find_critical_points_converges_to_every_kind():
    starts = np.array([[0.1, 0.05], [0.1, 0.9], [-0.1, -1.2]])
    found = L.find_critical_points(L.strict_saddle, starts, n_iter=50)
    assert isinstance(found, L.CriticalPoints)
    np.testing.assert_allclose(found.thetas, [[0, 0], [0, 1], [0, -1]], atol=1e-10)
    assert np.all(found.grad_norms < 1e-12)


# ------------------------------------------------------------- saddle-free Newton, tanh networks
def test_saddle_free_newton_leaves_the_saddle_that_newton_converges_to():
    # starts close to the stable manifold y = 0 of the strict saddle: Newton's method goes to the
    # saddle (0, 0); saddle-free Newton goes downhill to the minimum (0, sign y0) (closed form)
    starts = np.array([[0.5, 1e-3], [-0.3, -1e-2], [1.5, 0.2]])
    newton = L.find_critical_points(L.strict_saddle, starts, n_iter=50)
    np.testing.assert_allclose(newton.thetas[:2], 0.0, atol=1e-10)
    sfn = L.saddle_free_newton(L.strict_saddle, starts, n_iter=100)
    assert isinstance(sfn, L.CriticalPoints)
    np.testing.assert_allclose(sfn.thetas, [[0, 1], [0, -1], [0, 1]], atol=1e-12)
    assert np.all(sfn.grad_norms < 1e-12)


def test_saddle_free_newton_never_raises_the_loss_and_finds_the_quadratic_minimum():
    rng = np.random.default_rng(4)
    q, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    A = q @ np.diag([0.01, 0.5, 2.0, 30.0]) @ q.T
    b = rng.normal(size=4)
    def loss(th):
        return 0.5 * th @ jnp.asarray(A) @ th - jnp.asarray(b) @ th
    starts = rng.normal(size=(5, 4))
    want = np.linalg.solve(A, b)
    got = L.saddle_free_newton(loss, starts, n_iter=60).thetas
    np.testing.assert_allclose(got, np.tile(want, (5, 1)), rtol=1e-10, atol=1e-10)
    # one step at a time: the loss never rises
    th = starts
    values = [np.array([float(loss(t)) for t in th])]
    for _ in range(5):
        th = L.saddle_free_newton(loss, th, n_iter=1, damping=1e-3).thetas
        values.append(np.array([float(loss(t)) for t in th]))
    assert np.all(np.diff(np.array(values), axis=0) <= 1e-12)


def test_saddle_free_newton_holds_fixed_coordinates_and_minimises_over_the_rest():
    rng = np.random.default_rng(5)
    m = rng.normal(size=(3, 3))
    A = m @ m.T + np.eye(3)
    b = rng.normal(size=3)
    def loss(th):
        return 0.5 * th @ jnp.asarray(A) @ th - jnp.asarray(b) @ th
    starts = np.array([[0.0, 0.0, 1.0], [0.0, 2.0, 0.0]])
    fixed = np.array([[False, False, True], [False, True, False]])   # one mask per start
    got = L.saddle_free_newton(loss, starts, n_iter=60, fixed=fixed).thetas
    for th0, fx, th in zip(starts, fixed, got):
        f = ~fx                 # minimise over the free block: A_ff x_f = b_f - A_fx x_x
        want = th0.copy()
        want[f] = np.linalg.solve(A[np.ix_(f, f)], b[f] - A[np.ix_(f, fx)] @ th0[fx])
        np.testing.assert_allclose(th, want, atol=1e-10)


def _numpy_tanh_network(theta, x):
    H = (len(theta) - 1) // 3
    out = np.full(np.shape(x), theta[-1], dtype=float)
    for j in range(H):
        out += theta[2 * H + j] * np.tanh(theta[j] * np.asarray(x) + theta[H + j])
    return out


def test_tanh_network_is_the_stated_sum():
    rng = np.random.default_rng(6)
    theta, x = rng.normal(size=10), rng.normal(size=7)
    np.testing.assert_allclose(L.tanh_network(jnp.asarray(theta), x), _numpy_tanh_network(theta, x), rtol=1e-13)


def test_canonical_tanh_units_is_the_same_for_every_symmetric_copy():
    # brute force over the whole symmetry group of a 3-unit network: 3! permutations x 2^3 sign flips
    import itertools
    rng = np.random.default_rng(7)
    H = 3
    theta = rng.normal(size=3 * H + 1)
    theta[2 * H + 2] = 0.0          # a dead unit's w2: its sign is set by w1
    x = np.linspace(-2, 2, 9)
    rep = L.canonical_tanh_units(theta)
    np.testing.assert_allclose(_numpy_tanh_network(rep, x), _numpy_tanh_network(theta, x), rtol=1e-12)
    copies = []
    for perm in itertools.permutations(range(H)):
        for signs in itertools.product([1.0, -1.0], repeat=H):
            s, p = np.array(signs), list(perm)
            copy = np.concatenate([s * theta[:H][p], s * theta[H:2 * H][p], s * theta[2 * H:3 * H][p], theta[-1:]])
            np.testing.assert_allclose(_numpy_tanh_network(copy, x), _numpy_tanh_network(theta, x), rtol=1e-12)
            copies.append(copy)
    np.testing.assert_allclose(L.canonical_tanh_units(np.array(copies)), np.tile(rep, (len(copies), 1)), atol=1e-15)
    assert any(np.array_equal(rep, c) for c in copies)                        # rep is one of the copies
    other = theta.copy()
    other[0] += 0.1                                                           # a different point
    assert np.abs(L.canonical_tanh_units(other) - rep).max() > 0.05


def test_add_dead_units_makes_a_critical_point_with_the_predicted_spectrum():
    x = jnp.linspace(-2.0, 2.0, 32)
    y = jnp.sin(3 * x)
    decay = 1e-3
    def loss(theta):
        return jnp.mean((L.tanh_network(theta, x) - y) ** 2) + decay / 2 * jnp.sum(theta[:-1] ** 2)
    one = L.saddle_free_newton(loss, np.array([[1.0, 0.3, 0.8, 0.0]]), n_iter=200)
    assert one.grad_norms[0] < 1e-10                                         # a 1-unit minimum
    three = L.add_dead_units(one.thetas[0], hidden=3)
    assert three.shape == (10,)
    np.testing.assert_allclose(L.tanh_network(jnp.asarray(three), x), L.tanh_network(jnp.asarray(one.thetas[0]), x))
    assert np.linalg.norm(jax.grad(loss)(jnp.asarray(three))) < 1e-10
    lam = np.linalg.eigvalsh(jax.hessian(loss)(jnp.asarray(three)))
    lam_small = np.linalg.eigvalsh(jax.hessian(loss)(jnp.asarray(one.thetas[0])))
    c = 2 * np.mean((np.asarray(L.tanh_network(jnp.asarray(one.thetas[0]), x)) - np.asarray(y)) * np.asarray(x))
    block = np.array([decay - abs(c), decay, decay + abs(c)])               # (dead-unit-block), closed form
    want = np.sort(np.concatenate([lam_small, block, block]))
    np.testing.assert_allclose(lam, want, atol=1e-9)
    assert abs(c) > decay and np.sum(lam < 0) == 2                           # index = number of dead units


def test_smooth_bowl_is_the_stated_function_and_beta_is_its_max_curvature():
    th = np.random.default_rng(0).normal(size=(50, 2))
    direct = 0.5 * th[:, 0] ** 2 + 2 * th[:, 1] ** 2 + np.log(np.cosh(th[:, 0] + th[:, 1]))
    np.testing.assert_allclose(L.smooth_bowl(jnp.asarray(th)), direct, rtol=1e-12, atol=1e-14)
    g = np.linspace(-3, 3, 41)
    pts = jnp.asarray(np.stack(np.meshgrid(g, g), -1).reshape(-1, 2))
    lam = np.linalg.eigvalsh(np.asarray(jax.vmap(jax.hessian(L.smooth_bowl))(pts)))
    assert abs(lam.max() - L.SMOOTH_BOWL_BETA) < 1e-9
    assert lam.min() > 0


# ------------------------------------------------------------- random matrices
def test_prob_definite_two_by_two_exact_value():
    est = L.prob_definite(2, 200_000, key=jax.random.key(42))
    exact = 1 - 1 / np.sqrt(2)
    assert abs(est.value - exact) < 4 * est.stderr
    assert 1e-3 < est.stderr < 2e-3


def test_prob_definite_one_by_one_is_certain():
    assert L.prob_definite(1, 1000, key=jax.random.key(0)) == L.MonteCarloEstimate(1.0, 0.0)


def test_prob_definite_agrees_with_independent_numpy_estimate():
    est = L.prob_definite(3, 200_000, key=jax.random.key(1), batch_size=30_000)
    p, se = est.value, est.stderr
    rng = np.random.default_rng(1)
    g = rng.normal(size=(200_000, 3, 3))
    lam = np.linalg.eigvalsh((g + np.swapaxes(g, 1, 2)) / 2)
    q = np.mean((lam[:, 0] > 0) | (lam[:, -1] < 0))
    se_q = np.sqrt(q * (1 - q) / 200_000)
    assert abs(p - q) < 4 * np.hypot(se, se_q)
    assert p < 0.25 / 2  # far below the coin-flip value 2^(1-n) = 0.25


def test_escape_step():
    assert L.escape_step([0.1, 0.2, 0.6, 0.1], 0.5) == 2
    assert L.escape_step([0.1, np.nan], 0.5) == 1
    assert L.escape_step([0.1, 0.2], 0.5) is None


# ------------------------------------------------------------- the chapters' demonstrations
def _quadratic_loss(th):
    return 0.5 * th @ jnp.diag(jnp.array([1.0, 10.0])) @ th


@pytest.mark.parametrize("learning_rate", [0.05, 0.19, 0.23, 0.3])
def test_descent_until_divergence_on_a_quadratic_is_the_closed_form(learning_rate):
    # theta_k = (1 - alpha lambda_i)^k theta_0 component-wise; cut at the first |theta_k| > DIVERGED
    lam, theta0, n = np.array([1.0, 10.0]), np.array([1.0, -0.5]), 60
    run = L.descent_until_divergence(_quadratic_loss, theta0, learning_rate, n)
    k = np.arange(n + 1)[:, None]
    path = (1 - learning_rate * lam) ** k * theta0
    energy = 0.5 * np.sum(lam * path**2, axis=1)
    beyond = np.flatnonzero(np.linalg.norm(path, axis=1) > L.DIVERGED)
    cut = beyond[0] if beyond.size else n + 1
    assert run.diverged_at == (beyond[0] if beyond.size else None)
    assert (run.diverged_at is not None) == (learning_rate > 2 / lam.max())
    np.testing.assert_allclose(run.path, path[:cut], rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(run.energy, energy[:cut], rtol=1e-12, atol=1e-300)
    assert run.learning_rate == learning_rate and run.n_steps == n
    assert run.rises == int(np.sum(np.diff(energy[:cut]) > 1e-12))


@pytest.mark.parametrize("learning_rate", np.linspace(0.02, 0.99 * 2 / L.SMOOTH_BOWL_BETA, 12))
def test_bowl_descent_below_two_over_beta_obeys_the_descent_lemma(learning_rate):
    # beta-smooth E: E(theta - alpha g) <= E(theta) - alpha (1 - alpha beta / 2) |g|^2 at every step
    run = L.bowl_descent(learning_rate)
    assert run.diverged_at is None and run.rises == 0 and len(run.path) == L.BOWL_STEPS + 1
    np.testing.assert_allclose(run.path[0], L.BOWL_START)
    np.testing.assert_allclose(run.energy, np.asarray(L.smooth_bowl(jnp.asarray(run.path))), rtol=1e-12)
    g = np.asarray(jax.vmap(jax.grad(L.smooth_bowl))(jnp.asarray(run.path[:-1])))
    bound = run.energy[:-1] - learning_rate * (1 - learning_rate * L.SMOOTH_BOWL_BETA / 2) * np.sum(g**2, axis=1)
    assert np.all(run.energy[1:] <= bound + 1e-12)


def test_bowl_descent_above_two_over_beta_overshoots_and_diverges_beyond_one_half():
    # far from x + y = 0 the curvature is diag(1, 4): the y-mode grows by |1 - 4 alpha| once alpha > 1/2
    for learning_rate in (0.4, 0.45, 0.5):
        run = L.bowl_descent(learning_rate, n_steps=400)
        assert run.rises > 0 and run.diverged_at is None
    for learning_rate in (0.51, 0.55, 0.6, 0.7):
        run = L.bowl_descent(learning_rate, n_steps=400)
        assert run.diverged_at is not None and len(run.path) == run.diverged_at
        assert np.all(np.linalg.norm(run.path, axis=1) <= L.DIVERGED)
        full = np.asarray(L.gradient_descent(jax.grad(L.smooth_bowl), jnp.asarray(L.BOWL_START), learning_rate,
                                             run.diverged_at))
        assert np.linalg.norm(full[-1]) > L.DIVERGED             # the first iterate beyond the cut
    y = np.abs(L.bowl_descent(0.6).path[-6:, 1])
    np.testing.assert_allclose(y[1:] / y[:-1], 4 * 0.6 - 1, rtol=0.02)


def _scalar_saddle_escape(y0, alpha, n_steps):
    """y_{k+1} = y_k - alpha (y_k^3 - y_k), iterated in plain Python: the first k with |y_k| > 1/2."""
    y = y0
    for k in range(n_steps + 1):
        if abs(y) > L.ESCAPED:
            return k
        y = y - alpha * (y**3 - y)
    return None


@pytest.mark.parametrize("y0", [1e-12, 1e-8, -1e-6, 1e-4, 1e-2, 0.1])
def test_saddle_escape_matches_the_scalar_recursion_and_the_linear_prediction(y0):
    run = L.saddle_escape(y0, key=jax.random.key(0))
    alpha = L.SADDLE_LEARNING_RATE
    assert run.escaped_at == _scalar_saddle_escape(y0, alpha, L.SADDLE_STEPS)
    np.testing.assert_allclose(run.path[:, 0], (1 - alpha) ** np.arange(L.SADDLE_STEPS + 1), rtol=1e-12)
    assert run.predicted == pytest.approx(np.log(0.5 / abs(y0)) / np.log(1 + alpha), rel=1e-12)
    # the cubic term only slows the escape, by less than three steps
    assert 0 <= run.escaped_at - run.predicted < 3
    assert run.y0 == y0 and run.noise == 0.0


def test_saddle_escape_needs_noise_from_the_stable_manifold():
    run = L.saddle_escape(0.0, key=jax.random.key(0))
    assert run.escaped_at is None and run.predicted == np.inf
    assert np.all(run.path[:, 1] == 0.0)


def test_noisy_saddle_escape_follows_the_linear_stochastic_recursion():
    # from y0 = 0: y_k ~ sigma (1+alpha)^k Z / sqrt((1+alpha)^2 - 1), Z ~ N(0, 1), so on average
    # k_escape = [ln(0.5 sqrt(2 alpha + alpha^2) / sigma) + E(-ln|Z|)] / ln(1 + alpha), E(-ln|Z|) = (gamma + ln 2)/2
    alpha, sigma = L.SADDLE_LEARNING_RATE, 1e-8
    steps = np.array([L.saddle_escape(0.0, noise=sigma, key=jax.random.key(s)).escaped_at for s in range(40)])
    predicted = (np.log(0.5 * np.sqrt(2 * alpha + alpha**2) / sigma) + (np.euler_gamma + np.log(2)) / 2) \
        / np.log1p(alpha)
    se = np.std(steps) / np.sqrt(len(steps))
    assert -4 * se < steps.mean() - predicted < 3 + 4 * se


# ------------------------------------------------------------- bad input
KEY = jax.random.key(0)


@pytest.mark.parametrize("call, exc, name", [
    (lambda: L.gradient_descent("grad", THETA0, 0.1, 5), TypeError, "grad"),
    (lambda: L.gradient_descent(quad_grad, THETA0, -0.1, 5), ValueError, "learning_rate"),
    (lambda: L.gradient_descent(quad_grad, THETA0, float("nan"), 5), ValueError, "learning_rate"),
    (lambda: L.gradient_descent(quad_grad, THETA0, 0.1, 2.5), TypeError, "n_steps"),
    (lambda: L.gradient_descent(quad_grad, THETA0, 0.1, -1), ValueError, "n_steps"),
    (lambda: L.gradient_descent(quad_grad, [1.0, np.inf], 0.1, 5), ValueError, "theta0"),
    (lambda: L.gradient_descent(quad_grad, "abc", 0.1, 5), TypeError, "theta0"),
    (lambda: L.gradient_flow(quad_grad, THETA0, [1.0, 0.5]), ValueError, "times"),
    (lambda: L.gradient_flow(quad_grad, THETA0, []), ValueError, "times"),
    (lambda: L.gradient_flow(quad_grad, [[1.0]], [1.0]), ValueError, "theta0"),
    (lambda: L.top_hessian_eigenvalue(lambda p: p @ p, jnp.ones(2), key=0, n_iter=10), TypeError, "key"),
    (lambda: L.top_hessian_eigenvalue(lambda p: p @ p, jnp.ones(2), key=KEY, n_iter=0), ValueError, "n_iter"),
    (lambda: L.critical_point_type(np.ones((2, 3))), ValueError, "hessian"),
    (lambda: L.critical_point_type(np.array([[1.0, 2.0], [0.0, 1.0]])), ValueError, "hessian"),
    (lambda: L.critical_point_type(np.eye(2), tol=-1), ValueError, "tol"),
    (lambda: L.hessian_index(np.eye(2), rtol="a"), TypeError, "rtol"),
    (lambda: L.prob_definite(0, 100, key=KEY), ValueError, "n"),
    (lambda: L.prob_definite(2, 10.0, key=KEY), TypeError, "n_samples"),
    (lambda: L.prob_definite(2, 100, key="key"), TypeError, "key"),
    (lambda: L.find_critical_points(L.strict_saddle, [1.0, 2.0]), ValueError, "starts"),
    (lambda: L.saddle_free_newton(L.strict_saddle, [[1.0, 2.0]], damping=0.0), ValueError, "damping"),
    (lambda: L.saddle_free_newton(L.strict_saddle, [[1.0, 2.0]], fixed=[True, False, True]), ValueError, "fixed"),
    (lambda: L.saddle_free_newton(L.strict_saddle, [[1.0, 2.0]], fixed=[1, 0]), TypeError, "fixed"),
    (lambda: L.tanh_network(jnp.ones(5), jnp.ones(3)), ValueError, "theta"),
    (lambda: L.canonical_tanh_units(np.ones(5)), ValueError, "thetas"),
    (lambda: L.canonical_tanh_units(np.ones((2, 2, 4))), ValueError, "thetas"),
    (lambda: L.add_dead_units(np.ones(7), hidden=1), ValueError, "hidden"),
    (lambda: L.perturbed_gradient_descent(quad_grad, THETA0, 0.1, 5, noise=-1.0, key=KEY), ValueError, "noise"),
    (lambda: L.descent_until_divergence(quad_grad, [[1.0, 2.0]], 0.1, 5), ValueError, "theta0"),
    (lambda: L.descent_until_divergence(L.smooth_bowl, THETA0, 0.1, 0), ValueError, "n_steps"),
    (lambda: L.bowl_descent(0.0), ValueError, "learning_rate"),
    (lambda: L.saddle_escape(float("nan"), key=KEY), ValueError, "y0"),
    (lambda: L.saddle_escape(1e-3, noise=-1.0, key=KEY), ValueError, "noise"),
    (lambda: L.saddle_escape(1e-3, key=3), TypeError, "key"),
])
def test_bad_input_raises_naming_the_argument(call, exc, name):
    with pytest.raises(exc, match=rf"^{name} "):
        call()


# ------------------------------------------------------------------ the chapter's explorers
def test_step_size_live_figure_redraws_and_reports_divergence():
    from physml.interactives import landscape as figures

    fig = figures.step_size().live(learning_rate=0.2)
    assert fig.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    status = fig.set(learning_rate=0.65)
    assert "DIVERGED" in status and "DIVERGED" in fig.status.value
    assert fig.controls["learning_rate"].value == 0.65
    fig.controls["learning_rate"].value = 0.2  # as a reader moves the slider
    assert "fell at every step" in fig.status.value
    assert np.isfinite(fig.last_redraw_seconds)


def test_step_size_explorer_draws_the_cut_run():
    from physml import landscape as L
    from physml.interactives import landscape as figures

    explorer = figures.step_size()
    run = explorer.run(learning_rate=0.65)
    assert run.diverged_at is not None and len(run.energy) == run.diverged_at
    data = explorer.draw(run)
    np.testing.assert_array_equal(data["path"][0], run.path[:, 0])
    assert np.all(np.abs(data["path"][1]) <= L.DIVERGED) and len(data["energy"][0]) == run.diverged_at


def test_step_size_regimes_match_the_chapter():
    from physml import landscape as L
    from physml.interactives import landscape as figures

    explorer = figures.step_size()
    beta_limit = 2 / L.SMOOTH_BOWL_BETA
    assert "fell at every step" in explorer.status(explorer.run(learning_rate=0.95 * beta_limit))
    assert "rose" in explorer.status(explorer.run(learning_rate=0.45))
    assert "DIVERGED" in explorer.status(explorer.run(learning_rate=0.6))


def test_saddle_explorer_reports_the_escape_and_its_prediction():
    from physml.interactives import landscape as figures

    explorer = figures.saddle_escape()
    run = explorer.run(log10_y0=-8.0)
    status = explorer.status(run)
    assert f"escaped at step {run.escaped_at}" in status and f"= {run.predicted:.0f})" in status
    assert explorer.draw(run)["escape"] == run.escaped_at
    on_manifold = explorer.run(log10_y0=-np.inf)              # y0 = 0: the chapter's noisy figure
    assert on_manifold.escaped_at is None and "still at the saddle" in explorer.status(on_manifold)
    noisy = explorer.run(log10_y0=-np.inf, noisy=True, log10_noise=-6.0)
    assert noisy.escaped_at is not None and "noise σ = 10⁻⁶" in explorer.status(noisy)


def test_static_slider_has_one_frame_per_value_and_is_reproducible():
    from physml.interactives import landscape as figures

    values = [0.1, 0.3, 0.6]
    a = figures.step_size().static(values=values)._repr_mimebundle_()
    b = figures.step_size().static(values=values)._repr_mimebundle_()
    assert a["text/html"] == b["text/html"]
    spec = a["application/vnd.plotly.v1+json"]
    assert len(spec["frames"]) == 3
    assert len(spec["layout"]["sliders"][0]["steps"]) == 3
    assert "DIVERGED" in json.dumps(spec["frames"][2]["layout"])
    assert 'id="ch01-step-size"' in a["text/html"]


def test_saddle_static_over_the_noise_keeps_the_other_controls_fixed():
    from physml.interactives import landscape as figures

    spec = figures.saddle_escape().static(control="log10_noise", values=[-10.0, -4.0], noisy=True,
                                          log10_y0=-np.inf)._repr_mimebundle_()["application/vnd.plotly.v1+json"]
    titles = [frame["layout"]["title"]["text"] for frame in spec["frames"]]
    assert all("y₀ = 0" in t and "escaped at step" in t for t in titles)
    assert "10⁻¹⁰" in titles[0] and "10⁻⁴" in titles[1]


def test_live_figure_rejects_unknown_controls():
    from physml.interactives import landscape as figures

    fig = figures.quadratic_step([[3.0, 1.0], [1.0, 3.0]]).live()
    with pytest.raises(ValueError, match="unknown control"):
        fig.set(beta=1.0)


def test_quadratic_explorer_validates_its_matrix_and_draws_the_closed_form():
    from physml.interactives import landscape as figures

    with pytest.raises(ValueError, match="matrix"):
        figures.quadratic_step([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="theta0"):
        figures.quadratic_step([[3.0, 1.0], [1.0, 3.0]], theta0=(1.0, 2.0, 3.0))
    explorer = figures.quadratic_step([[3.0, 1.0], [1.0, 3.0]])
    k, norms = explorer.draw(explorer.run(learning_rate=0.2))["norm"]
    M = np.eye(2) - 0.2 * np.array([[3.0, 1.0], [1.0, 3.0]])
    want = [np.linalg.norm(np.linalg.matrix_power(M, j) @ [1.0, -0.5]) for j in range(61)]
    np.testing.assert_allclose(norms, want, rtol=1e-12, atol=1e-300)
    assert "DIVERGED" in explorer.status(explorer.run(learning_rate=0.55))   # 2/λ_max = 0.5
