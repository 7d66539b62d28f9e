"""physml.systems against hand formulas: energies, their gradients (Hamilton's equations), the
anharmonic force against finite differences, the spring pair force against numpy, batches, and
energy along a trajectory."""
import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from physml import systems as S


def test_oscillator_and_pendulum_against_hand_formulas_and_derivatives():
    q, p = jnp.array([0.7]), jnp.array([-0.4])
    assert float(S.oscillator(q, p)) == pytest.approx(0.5 * 0.7**2 + 0.5 * 0.4**2, abs=1e-15)
    assert float(S.oscillator(q, p, omega=2.0)) == pytest.approx(0.5 * 4 * 0.7**2 + 0.5 * 0.4**2, abs=1e-15)
    assert float(S.pendulum(q, p)) == pytest.approx(3 * (1 - np.cos(0.7)) + 0.08, abs=1e-15)
    assert float(S.pendulum(q, p, g=1.0)) == pytest.approx(1 - np.cos(0.7) + 0.08, abs=1e-15)
    dq, dp = jax.grad(S.pendulum, argnums=(0, 1))(q, p)
    np.testing.assert_allclose([dq[0], dp[0]], [3 * np.sin(0.7), -0.4], atol=1e-15)
    # two degrees of freedom: the energies add
    q2, p2 = jnp.array([0.7, -1.1]), jnp.array([-0.4, 0.2])
    want = 3 * (2 - np.cos(0.7) - np.cos(-1.1)) + 0.5 * (0.16 + 0.04)
    assert float(S.pendulum(q2, p2)) == pytest.approx(want, abs=1e-14)


def test_hamiltonians_accept_batches():
    rng = np.random.default_rng(0)
    q, p = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))
    for H in (S.oscillator, S.pendulum, S.anharmonic):
        batch = np.asarray(H(jnp.asarray(q), jnp.asarray(p)))
        np.testing.assert_allclose(batch, [float(H(jnp.asarray(a), jnp.asarray(b))) for a, b in zip(q, p)],
                                   atol=1e-14)


def test_anharmonic_force_against_finite_differences():
    q0 = np.array([0.6, -0.3])
    r2 = q0 @ q0
    np.testing.assert_allclose(-jax.grad(S.anharmonic_potential)(jnp.asarray(q0)), -(1 + r2) * q0, atol=1e-15)
    eps = 1e-6
    fd = [(S.anharmonic_potential(q0 + eps * e) - S.anharmonic_potential(q0 - eps * e)) / (2 * eps) for e in np.eye(2)]
    np.testing.assert_allclose(jax.grad(S.anharmonic_potential)(jnp.asarray(q0)), fd, atol=1e-8)
    assert float(S.anharmonic(jnp.asarray(q0), jnp.array([0.0, 1.2]))) == pytest.approx(
        0.5 * r2 + 0.25 * r2**2 + 0.72, abs=1e-15)


def test_spring_pair_force_obeys_the_third_law_and_hookes_law():
    a, b = np.array([0.3, -0.2]), np.array([1.5, 0.7])
    d = a - b
    r = np.linalg.norm(d)
    np.testing.assert_allclose(S.spring_pair_force(a, b), -(r - 1) * d / r, atol=1e-15)
    np.testing.assert_allclose(S.spring_pair_force(b, a), (r - 1) * d / r, atol=1e-15)
    at_rest = np.array([1.0, 0.0])
    np.testing.assert_allclose(S.spring_pair_force(at_rest, np.zeros(2)), 0.0, atol=1e-15)
    assert np.all(np.isfinite(S.spring_pair_force(a, a)))            # the self-pair: finite


def test_energy_along_a_trajectory():
    rng = np.random.default_rng(1)
    ys = rng.normal(size=(3, 7, 4))                                 # batches of trajectories, n = 2
    E = np.asarray(S.energy(S.pendulum, ys))
    assert E.shape == (3, 7)
    want = 3 * np.sum(1 - np.cos(ys[..., :2]), -1) + 0.5 * np.sum(ys[..., 2:] ** 2, -1)
    np.testing.assert_allclose(E, want, atol=1e-14)
    H1 = functools.partial(S.pendulum, g=1.0)
    assert float(S.energy(H1, np.array([0.5, 0.1]))) == pytest.approx(1 - np.cos(0.5) + 0.005, abs=1e-15)
    with pytest.raises(ValueError, match="^ys must hold states"):
        S.energy(S.oscillator, np.ones((4, 3)))
    with pytest.raises(TypeError, match="^H must be callable"):
        S.energy("H", np.ones((4, 2)))


def test_damped_pendulum_field_loses_energy_at_the_rate_gamma_p_squared_and_shrinks_areas():
    y = jnp.array([0.7, -0.4])
    np.testing.assert_allclose(S.damped_pendulum(y, damping=0.3), [-0.4, -3 * np.sin(0.7) + 0.12], atol=1e-15)
    np.testing.assert_allclose(S.damped_pendulum(y, damping=0.0, g=2.0), [-0.4, -2 * np.sin(0.7)], atol=1e-15)
    # dH/dt = ∇H · f = −γ p² for the pendulum energy H
    gradH = np.array([3 * np.sin(0.7), -0.4])
    assert float(gradH @ np.asarray(S.damped_pendulum(y, damping=0.3))) == pytest.approx(-0.3 * 0.16, abs=1e-15)
    # divergence −γ (a Hamiltonian field has zero), by central finite differences
    eps = 1e-6
    div = sum((S.damped_pendulum(y + eps * e, damping=0.3)[k] - S.damped_pendulum(y - eps * e, damping=0.3)[k])
              / (2 * eps) for k, e in enumerate(jnp.eye(2)))
    assert float(div) == pytest.approx(-0.3, abs=1e-8)
    batch = np.random.default_rng(2).normal(size=(5, 4))              # batches, two pendulums each
    out = np.asarray(S.damped_pendulum(batch, damping=0.5))
    np.testing.assert_allclose(out[:, :2], batch[:, 2:], atol=1e-15)
    np.testing.assert_allclose(out[:, 2:], -3 * np.sin(batch[:, :2]) - 0.5 * batch[:, 2:], atol=1e-15)
    with pytest.raises(ValueError, match="^y must hold states"):
        S.damped_pendulum(np.ones(3))
    with pytest.raises(ValueError, match="^damping must be finite"):
        S.damped_pendulum(y, damping=-1.0)
