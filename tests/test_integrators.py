"""physml.integrators against closed forms: orders of accuracy on the oscillator, leapfrog's exact
invariant, symplectic defects, and bad input."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from physml import integrators as I


def H_osc(q, p):
    return 0.5 * jnp.sum(p**2) + 0.5 * jnp.sum(q**2)


def H_pend(q, p):
    return 0.5 * jnp.sum(p**2) - jnp.sum(jnp.cos(q))


Y0 = np.array([1.0, 0.0])
F_OSC = I.hamiltonian_flow(H_osc)


def run(method, dt, n):
    system = F_OSC if method in ("euler", "rk4") else H_osc
    return getattr(I, method)(system, Y0, dt, n)


@pytest.mark.parametrize("method, order", [("euler", 1), ("symplectic_euler", 1), ("leapfrog", 2), ("rk4", 4)])
def test_global_order_of_accuracy_on_the_oscillator(method, order):
    T = 2.0
    errors = []
    for n in (200, 400, 800):
        y = run(method, T / n, n)[-1]
        errors.append(np.hypot(y[0] - np.cos(T), y[1] + np.sin(T)))   # exact: q = cos t, p = −sin t
    rates = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    np.testing.assert_allclose(rates, order, atol=0.1)


def test_trajectory_shape_and_start():
    tr = I.leapfrog(H_osc, Y0, 0.1, 25)
    assert tr.shape == (26, 2)
    np.testing.assert_array_equal(tr[0], Y0)


def test_leapfrog_conserves_its_modified_hamiltonian_to_round_off():
    dt = 0.3
    tr = np.asarray(I.leapfrog(H_osc, np.array([1.0, 0.3]), dt, 100_000))
    inv = I.oscillator_leapfrog_invariant(tr[:, 0], tr[:, 1], dt)
    assert np.ptp(inv) < 1e-12
    energy = 0.5 * tr[:, 0] ** 2 + 0.5 * tr[:, 1] ** 2
    assert 1e-3 < np.ptp(energy) < 0.05                  # the true energy oscillates, boundedly


def test_energy_errors_over_a_long_run():
    n, dt = 100_000, 0.05
    e0 = 0.5
    err = {}
    for method in ("euler", "rk4", "leapfrog", "symplectic_euler"):
        tr = np.asarray(run(method, dt, n))
        err[method] = np.abs(0.5 * tr[:, 0] ** 2 + 0.5 * tr[:, 1] ** 2 - e0)
    assert err["euler"][-1] > 1e50                       # grows like (1 + h²)^(n/2)
    assert err["leapfrog"].max() < 1e-3 and err["symplectic_euler"].max() < 0.05
    rk = err["rk4"]
    assert rk[n // 2] == pytest.approx(rk[n] / 2, rel=0.05)  # linear drift


@pytest.mark.parametrize("H", [H_osc, H_pend])
def test_symplectic_defect(H):
    y = np.array([1.0, 0.2])
    f = I.hamiltonian_flow(H)
    assert I.symplectic_defect(I.step_map("leapfrog", H, 0.1), y) < 1e-12
    assert I.symplectic_defect(I.step_map("symplectic_euler", H, 0.1), y) < 1e-12
    assert I.symplectic_defect(I.step_map("rk4", f, 0.1), y) > 1e-10
    assert I.symplectic_defect(I.step_map("euler", f, 0.1), y) > 1e-3


def test_symplectic_defect_of_a_known_linear_map():
    theta = 0.4
    rot = np.array([[np.cos(theta), np.sin(theta)], [-np.sin(theta), np.cos(theta)]])
    assert I.symplectic_defect(lambda y: jnp.asarray(rot) @ y, np.array([0.3, 0.1])) < 1e-15
    assert I.symplectic_defect(lambda y: 2.0 * y, np.array([0.3, 0.1])) == pytest.approx(3 * np.sqrt(2))


def test_hamiltonian_flow_matches_hand_derivatives():
    f = I.hamiltonian_flow(H_pend)
    y = np.array([0.7, -0.4])
    np.testing.assert_allclose(f(y), [-0.4, -np.sin(0.7)], atol=1e-15)


def test_bad_input():
    with pytest.raises(ValueError, match="^dt must be finite and > 0"):
        I.leapfrog(H_osc, Y0, 0.0, 10)
    with pytest.raises(ValueError, match="^n_steps must be >= 1"):
        I.rk4(F_OSC, Y0, 0.1, 0)
    with pytest.raises(ValueError, match="^y0 must hold"):
        I.leapfrog(H_osc, np.array([1.0, 0.0, 2.0]), 0.1, 10)
    with pytest.raises(TypeError, match="^H must be callable"):
        I.symplectic_euler("H", Y0, 0.1, 10)
    with pytest.raises(ValueError, match="^method must be one of"):
        I.step_map("verlet", H_osc, 0.1)
    with pytest.raises(ValueError, match="^y must hold"):
        I.symplectic_defect(lambda y: y, np.ones(3))


def test_velocity_verlet_is_leapfrog_for_a_gradient_force():
    V = lambda q: 0.5 * jnp.sum(q**2) + jnp.cos(q[0] * q[1])           # noqa: E731
    H = lambda q, p: 0.5 * jnp.sum(p**2) / 2.0 + V(q)                  # noqa: E731  (mass 2)
    y0 = jnp.array([0.4, -0.3, 0.1, 0.5])
    a = I.velocity_verlet(lambda q: -jax.grad(V)(q), y0, 0.05, 500, mass=2.0)
    b = I.leapfrog(H, y0, 0.05, 500)
    np.testing.assert_allclose(a, b, atol=1e-12)


@pytest.mark.parametrize("kwargs, words", [
    (dict(dt=0.0), "dt"), (dict(n_steps=0), "n_steps"), (dict(mass=-1.0), "mass"), (dict(mass=[1.0, 2.0, 3.0]), "mass"),
])
def test_velocity_verlet_bad_input(kwargs, words):
    args = dict(force=lambda q: -q, y0=[0.0, 1.0, 1.0, 0.0], dt=0.1, n_steps=10)
    with pytest.raises(ValueError, match=words):
        I.velocity_verlet(**{**args, **kwargs})


def test_generating_function_map_is_symplectic_for_any_G_and_is_symplectic_euler_for_G_equal_H():
    from physml.nn import mlp, mlp_init
    for seed in range(3):
        params = mlp_init((4, 12, 1), key=jax.random.key(seed))
        G = lambda q, P: mlp(params, jnp.concatenate([q, P]))[0]            # noqa: E731
        step = lambda y: I.generating_function_step(G, y, 0.1)              # noqa: E731
        assert I.symplectic_defect(step, np.array([0.3, -0.2, 0.5, 0.1])) < 1e-13
    H = lambda q, p: 0.5 * jnp.sum(p**2) + jnp.sum(1 - jnp.cos(q)) + 0.1 * q[0] * q[1]   # noqa: E731
    y = jnp.array([0.4, -0.7, 0.2, 0.9])
    np.testing.assert_allclose(I.generating_function_step(H, y, 0.1), I.step_map("symplectic_euler", H, 0.1)(y),
                               atol=1e-14)
    # and the implicit equation it solves holds: p = P + h ∂G/∂q(q, P)
    params = mlp_init((2, 8, 1), key=jax.random.key(9))
    G = lambda q, P: mlp(params, jnp.concatenate([q, P]))[0]                # noqa: E731
    y = jnp.array([0.5, -0.3])
    Q, P = I.generating_function_step(G, y, 0.2)
    assert abs(float(y[1] - P - 0.2 * jax.grad(G, argnums=0)(y[:1], jnp.array([P]))[0])) < 1e-14


@pytest.mark.parametrize("h", [0.3, 0.5])
def test_rk4_falls_behind_leapfrog_near_18_over_h_cubed(h):
    """Leapfrog's oscillator energy error is bounded by H₀(h/2)²; RK4 loses H₀h⁵/72 per unit time."""
    n = int(2 * 18 / h**3 / h)
    y0 = jnp.array([1.0, 0.0])
    lf = np.asarray(I.leapfrog(H_osc, y0, h, n))
    rk = np.asarray(I.rk4(I.hamiltonian_flow(H_osc), y0, h, n))
    bound = np.abs(0.5 * np.sum(lf**2, 1) - 0.5).max()
    np.testing.assert_allclose(bound, 0.5 * (h / 2) ** 2, rtol=1e-6)
    t_cross = h * np.argmax(np.abs(0.5 * np.sum(rk**2, 1) - 0.5) > bound)
    assert abs(t_cross - 18 / h**3) < 0.1 * 18 / h**3
