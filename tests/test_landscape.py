"""physml.landscape against independent references: closed forms, dense linear algebra,
finite differences, scipy and plain numpy."""
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
    grad = lambda p: jax.tree_util.tree_map(lambda x: 2 * x, p)  # E = sum of squares
    out = L.gradient_descent(grad, params, 0.25, 3)
    np.testing.assert_allclose(out["a"], [[1, 2], [0.5, 1], [0.25, 0.5], [0.125, 0.25]])
    np.testing.assert_allclose(out["b"], [3, 1.5, 0.75, 0.375])


def test_perturbed_gd_without_noise_is_gd_and_noise_is_seeded():
    key = jax.random.key(0)
    plain = L.gradient_descent(quad_grad, THETA0, 0.1, 10)
    np.testing.assert_allclose(L.perturbed_gradient_descent(quad_grad, THETA0, 0.1, 10, 0.0, key), plain)
    a = L.perturbed_gradient_descent(quad_grad, THETA0, 0.1, 10, 0.1, key)
    b = L.perturbed_gradient_descent(quad_grad, THETA0, 0.1, 10, 0.1, key)
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
    grad = lambda th: jnp.tanh(th)
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
    g = lambda f: ravel_pytree(jax.grad(loss)(unravel(f)))[0]
    eps = 1e-5
    fd = (g(flat + eps * v) - g(flat - eps * v)) / (2 * eps)
    np.testing.assert_allclose(hv, fd, rtol=1e-6, atol=1e-8)


def test_top_hessian_eigenvalue_matches_dense_hessian():
    loss, params = _mlp_loss()
    flat, unravel = ravel_pytree(params)
    dense = np.linalg.eigvalsh(np.asarray(jax.hessian(lambda f: loss(unravel(f)))(flat)))[-1]
    got = L.top_hessian_eigenvalue(loss, params, jax.random.key(0), n_iter=500)
    assert abs(got - dense) < 1e-6 * abs(dense)


def test_top_hessian_eigenvalue_when_dominant_eigenvalue_is_negative():
    loss = lambda p: -20.0 * p[0] ** 2 + 5.0 * p[1] ** 2 + 0.5 * p[2] ** 2  # eigenvalues -40, 10, 1
    got = L.top_hessian_eigenvalue(loss, jnp.ones(3), jax.random.key(0), n_iter=300)
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
    ends, gnorm = L.find_critical_points(L.strict_saddle, starts, n_iter=50)
    np.testing.assert_allclose(np.asarray(ends), [[0, 0], [0, 1], [0, -1]], atol=1e-10)
    assert np.all(np.asarray(gnorm) < 1e-12)


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
    p, se = L.prob_definite(2, 200_000, jax.random.key(42))
    exact = 1 - 1 / np.sqrt(2)
    assert abs(p - exact) < 4 * se
    assert 1e-3 < se < 2e-3


def test_prob_definite_one_by_one_is_certain():
    assert L.prob_definite(1, 1000, jax.random.key(0)) == (1.0, 0.0)


def test_prob_definite_agrees_with_independent_numpy_estimate():
    p, se = L.prob_definite(3, 200_000, jax.random.key(1), batch_size=30_000)
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


# ------------------------------------------------------------- bad input
KEY = jax.random.key(0)


@pytest.mark.parametrize("call, exc, name", [
    (lambda: L.gradient_descent("grad", THETA0, 0.1, 5), TypeError, "grad"),
    (lambda: L.gradient_descent(quad_grad, THETA0, -0.1, 5), ValueError, "lr"),
    (lambda: L.gradient_descent(quad_grad, THETA0, float("nan"), 5), ValueError, "lr"),
    (lambda: L.gradient_descent(quad_grad, THETA0, 0.1, 2.5), TypeError, "n_steps"),
    (lambda: L.gradient_descent(quad_grad, THETA0, 0.1, -1), ValueError, "n_steps"),
    (lambda: L.gradient_descent(quad_grad, [1.0, np.inf], 0.1, 5), ValueError, "theta0"),
    (lambda: L.gradient_descent(quad_grad, "abc", 0.1, 5), TypeError, "theta0"),
    (lambda: L.gradient_flow(quad_grad, THETA0, [1.0, 0.5]), ValueError, "times"),
    (lambda: L.gradient_flow(quad_grad, THETA0, []), ValueError, "times"),
    (lambda: L.gradient_flow(quad_grad, [[1.0]], [1.0]), ValueError, "theta0"),
    (lambda: L.top_hessian_eigenvalue(lambda p: p @ p, jnp.ones(2), 0, 10), TypeError, "key"),
    (lambda: L.top_hessian_eigenvalue(lambda p: p @ p, jnp.ones(2), KEY, 0), ValueError, "n_iter"),
    (lambda: L.critical_point_type(np.ones((2, 3))), ValueError, "hessian"),
    (lambda: L.critical_point_type(np.array([[1.0, 2.0], [0.0, 1.0]])), ValueError, "hessian"),
    (lambda: L.critical_point_type(np.eye(2), tol=-1), ValueError, "tol"),
    (lambda: L.hessian_index(np.eye(2), rtol="a"), TypeError, "rtol"),
    (lambda: L.prob_definite(0, 100, KEY), ValueError, "n"),
    (lambda: L.prob_definite(2, 10.0, KEY), TypeError, "n_samples"),
    (lambda: L.prob_definite(2, 100, "key"), TypeError, "key"),
    (lambda: L.find_critical_points(L.strict_saddle, [1.0, 2.0]), ValueError, "starts"),
    (lambda: L.perturbed_gradient_descent(quad_grad, THETA0, 0.1, 5, -1.0, KEY), ValueError, "noise"),
])
def test_bad_input_raises_naming_the_argument(call, exc, name):
    with pytest.raises(exc, match=rf"^{name} "):
        call()
