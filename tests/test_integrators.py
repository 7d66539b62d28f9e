"""physml.integrators against closed forms: orders of accuracy on the oscillator, leapfrog's exact
invariant, symplectic defects, the four-method energy race against independent runs, learned
one-step maps (data against scipy, symplectic by construction), iterate_map compiled once, and
bad input."""
import functools
import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from physml import integrators as I
from physml import systems as S
from physml.nn import mlp, mlp_init

H_osc = S.oscillator
H_pend = functools.partial(S.pendulum, g=1.0)        # ½p² + (1 − cos q): the same flow as ½p² − cos q


Y0 = np.array([1.0, 0.0])
F_OSC = I.hamiltonian_flow(H_osc)


def run(method, dt, n):
    return I.integrate(method, H_osc, Y0, dt, n)


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
    with pytest.raises(ValueError, match="^method must be one of"):
        I.integrate("verlet", H_osc, Y0, 0.1, 10)
    with pytest.raises(ValueError, match="^every must be >= 1"):
        I.energy_errors(H_osc, Y0, 0.1, n_steps=10, every=0)


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
        G = lambda q, P: mlp(params, jnp.concatenate([q, P]))[0]            # noqa: E731, B023
        step = lambda y: I.generating_function_step(G, y, 0.1)              # noqa: E731, B023
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


def test_rk4_step_is_the_fourth_order_taylor_polynomial_on_a_linear_system():
    lam = np.array([[-0.3, 1.0], [-1.0, -0.3]])                  # ẏ = Λy: one step multiplies by Σ (hΛ)^k/k!, k ≤ 4
    h, y = 0.2, np.array([0.4, -0.9])
    Z = h * lam
    want = sum(np.linalg.matrix_power(Z, k) / math.factorial(k) for k in range(5)) @ y
    np.testing.assert_allclose(I.rk4_step(lambda v: jnp.asarray(lam) @ v, jnp.asarray(y), h), want, atol=1e-15)


def test_integrate_runs_each_method_on_one_hamiltonian():
    for method in I.METHODS:
        system = F_OSC if method in ("euler", "rk4") else H_osc
        np.testing.assert_array_equal(I.integrate(method, H_osc, Y0, 0.1, 30), getattr(I, method)(system, Y0, 0.1, 30))
    assert set(I.METHOD_NAMES) == set(I.METHODS)


def test_energy_errors_match_independent_runs_and_the_crossover_formula():
    h = 0.5
    race = I.energy_errors(H_osc, Y0, h, n_steps=200, every=1)
    lf = np.asarray(I.leapfrog(H_osc, Y0, h, 200))
    np.testing.assert_allclose(race.leapfrog, np.abs(0.5 * np.sum(lf**2, 1) - 0.5), atol=1e-15)
    assert race.worst("leapfrog") == pytest.approx(0.5 * (h / 2) ** 2, rel=1e-4)   # H₀(h/2)², bounded
    assert race.crossover is None                                     # t ≤ 100 < 18/h³ = 144: too short
    long = I.energy_errors(H_osc, Y0, h, n_steps=800, every=1)
    assert abs(long.crossover - 18 / h**3) < 0.1 * 18 / h**3          # RK4 behind leapfrog near t* = 18/h³
    assert long.worst("euler") > 1 and long.worst("symplectic_euler") < 0.5
    with pytest.raises(ValueError, match="method must be one of"):
        long.error("verlet")


def test_pendulum_energy_errors_are_those_of_the_integrators():
    race = I.pendulum_energy_errors(0.3)
    assert race.t.shape == (401,) and race.t[1] == pytest.approx(15.0)
    assert race.worst("euler") > 10 and race.worst("leapfrog") < 0.1 and race.crossover is not None
    y = np.asarray(I.leapfrog(S.pendulum, np.array(I.PENDULUM_START), 0.3, 50))[-1]
    e = 3 * (1 - np.cos(y[0])) + 0.5 * y[1] ** 2 - 3 * (1 - np.cos(1.0))
    assert abs(race.leapfrog[1] - abs(e)) < 1e-14
    assert I.pendulum_energy_errors(0.01).crossover is None           # RK4 stays ahead at small h


def test_iterate_map_compiles_once_per_step_function():
    traces = []

    def step(y):
        traces.append(1)                                             # runs only while tracing
        return jnp.array([[1.0, 0.1], [-0.1, 1.0]]) @ y

    a = I.iterate_map(step, np.array([1.0, 0.0]), 6)
    n_traced = len(traces)
    b = I.iterate_map(step, np.array([0.3, 0.5]), 6)
    assert n_traced >= 1 and len(traces) == n_traced                  # the second call did not retrace
    M = np.array([[1.0, 0.1], [-0.1, 1.0]])
    np.testing.assert_allclose(a[3], np.linalg.matrix_power(M, 3) @ [1.0, 0.0], atol=1e-15)
    np.testing.assert_allclose(b[6], np.linalg.matrix_power(M, 6) @ [0.3, 0.5], atol=1e-15)
    assert a.shape == (7, 2)


def test_a_model_rollout_compiles_once():
    traces = []

    class Counting(I.StepNetwork):
        def step(self, y):
            traces.append(1)
            return super().step(y)

    model = Counting(mlp_init((2, 4, 2), key=jax.random.key(0)), 0.1)
    first = model.rollout(np.array([0.5, 0.0]), 20)
    n_traced = len(traces)
    second = model.rollout(np.array([0.5, 0.0]), 20)
    assert len(traces) == n_traced
    np.testing.assert_array_equal(first, second)
    y = jnp.array([0.5, 0.0])
    for _ in range(20):
        y = y + 0.1 * mlp(model.params, y)
    np.testing.assert_allclose(first[-1], y, atol=1e-14)


def test_pendulum_flow_data_against_scipy():
    from scipy.integrate import solve_ivp
    data = I.pendulum_flow_data(0.1, n_pairs=4, key=jax.random.key(3))
    assert isinstance(data, I.FlowPairs)
    y, y_next = data.y, data.y_next
    np.testing.assert_array_equal(y[:, 0], np.random.default_rng(3).uniform(-2.0, 2.0, 4))   # the key's draws
    for a, b in zip(y, y_next):
        ref = solve_ivp(lambda t, s: [s[1], -3 * np.sin(s[0])], (0, 0.1), a, method="DOP853", rtol=1e-13,
                        atol=1e-13).y[:, -1]
        np.testing.assert_allclose(b, ref, atol=1e-10)


def test_generating_function_map_learns_the_flow_and_stays_symplectic():
    data = I.pendulum_flow_data(0.1, n_pairs=200, key=jax.random.key(0))
    y, y_next = data.y, data.y_next
    gen = I.train_generating_function(y, y_next, 0.1, hidden=(16, 16), n_steps=600, key=jax.random.key(0))
    res = I.train_step_network(y, y_next, 0.1, hidden=(16, 16), n_steps=600, key=jax.random.key(0))
    assert isinstance(gen, I.GeneratingMap) and isinstance(res, I.StepNetwork)
    assert gen.losses[-1] < 0.02 * gen.losses[0] and gen.losses.shape == (600,)
    for model in (gen, res):
        pred = np.asarray(jax.vmap(model.step)(jnp.asarray(y[:50])))
        assert np.sqrt(np.mean(np.sum((pred - y_next[:50]) ** 2, axis=1))) < 0.02       # learned one step
    assert I.symplectic_defect(gen.step, y[0]) < 1e-13
    assert I.symplectic_defect(res.step, y[0]) > 1e-4
    untrained = I.GeneratingMap(mlp_init((2, 8, 1), key=jax.random.key(7)), 0.1)
    assert untrained.losses is None and I.symplectic_defect(untrained.step, y[1]) < 1e-13
    path = gen.rollout(y[0], 5)
    np.testing.assert_allclose(path[2], gen.step(gen.step(jnp.asarray(y[0]))), atol=1e-14)
    # the step solves p = P + h ∂G/∂q(q, P) and Q = q + h ∂G/∂P(q, P)
    Q, P = np.asarray(path[1])
    dGdq, dGdP = jax.grad(gen.generating_function, argnums=(0, 1))(jnp.array([y[0, 0]]), jnp.array([P]))
    assert abs(y[0, 1] - P - 0.1 * float(dGdq[0])) < 1e-13 and abs(Q - y[0, 0] - 0.1 * float(dGdP[0])) < 1e-13


@pytest.mark.parametrize("call, error, words", [
    (lambda: I.train_generating_function(np.zeros((5, 2)), np.zeros((4, 2)), 0.1, key=jax.random.key(0)),
     ValueError, "same shape"),
    (lambda: I.train_step_network(np.zeros((5, 2)), np.zeros((5, 2)), 0.1, key=0), TypeError, "key"),
    (lambda: I.train_step_network(np.zeros((5, 2)), np.zeros((5, 2)), -0.1, key=jax.random.key(0)), ValueError, "dt"),
    (lambda: I.pendulum_flow_data(0.1, n_pairs=0, key=jax.random.key(0)), ValueError, "n_pairs"),
    (lambda: I.iterate_map("step", [0.0, 1.0], 5), TypeError, "step must be callable"),
    (lambda: I.iterate_map(lambda y: y, [0.0, 1.0], 0), ValueError, "n_steps"),
])
def test_bad_input_to_the_learned_maps(call, error, words):
    with pytest.raises(error, match=words):
        call()


# ------------------------------------------------------------------ the chapter's explorers
def test_integrator_explorer_reports_the_crossover():
    from physml import integrators as I
    from physml.interactives import integrators as figures

    explorer = figures.integrators()
    run = explorer.run(dt=0.3)
    assert "RK4 falls behind leapfrog at t ≈" in explorer.status(run)
    assert "stays ahead" in explorer.status(explorer.run(dt=0.01))
    data = explorer.draw(run)
    assert set(data) == set(I.METHODS) and set(figures.METHOD_COLORS) == set(I.METHODS)
    np.testing.assert_array_equal(data["leapfrog"][1], run.leapfrog[1:])
    fig = explorer.live(dt=0.1)
    fig.set(dt=0.2)
    assert "h = 0.200" in fig.status.value
    spec = explorer.static()._repr_mimebundle_()["application/vnd.plotly.v1+json"]
    assert len(spec["frames"]) == 7 and all(len(f["data"]) == 4 for f in spec["frames"])


# ------------------------------------------------------------------ issue 13: areas, loops, defect orders, modified H
def test_image_area_against_closed_forms():
    # a linear map: the image of a disc has area |det A| π r², at every resolution
    A = np.array([[2.0, 0.7], [0.3, 0.9]])
    res = I.image_area(lambda y: jnp.asarray(A) @ y, [0.4, -0.2], 0.5)
    assert isinstance(res, I.ImageArea)
    np.testing.assert_allclose(res.areas, np.linalg.det(A) * np.pi * 0.25, rtol=1e-13)
    # (q, p) ↦ (q + εq², p): det = 1 + 2εq, linear in q, so ∫ = πr²(1 + 2εc) for a disc centred at q = c
    res = I.image_area(lambda y: jnp.array([y[0] + 0.3 * y[0] ** 2, y[1]]), [1.5, 0.0], 0.4, resolutions=((3, 8),))
    assert res.ratio == pytest.approx(1 + 2 * 0.3 * 1.5, rel=1e-13)
    # explicit Euler on the oscillator multiplies areas by 1 + h² per step
    euler = lambda y: jax.lax.fori_loop(0, 50, lambda i, y: y + 0.2 * F_OSC(y), y)      # noqa: E731
    assert I.image_area(euler, [1.0, 0.0], 0.3).ratio == pytest.approx(1.04**50, rel=1e-12)


def test_image_area_agrees_with_a_fine_polygon_for_a_mild_map():
    """Brute force: the shoelace area of the image of 20 000 boundary points, for a map that barely folds."""
    step = I.step_map("rk4", I.hamiltonian_flow(S.pendulum), 0.3)
    phi = lambda y: jax.lax.fori_loop(0, 10, lambda i, y: step(y), y)               # noqa: E731
    angle = np.linspace(0, 2 * np.pi, 20_001)[:-1]
    boundary = np.asarray(jax.vmap(phi)(jnp.asarray(np.column_stack([1 + 0.3 * np.cos(angle), 0.3 * np.sin(angle)]))))
    x, y = boundary.T
    polygon = 0.5 * abs(x @ np.roll(y, -1) - y @ np.roll(x, -1))
    res = I.image_area(phi, [1.0, 0.0], 0.3)
    assert res.area == pytest.approx(polygon, rel=1e-6) and res.change < 1e-10
    assert 0.99 < res.ratio < 1.0                                               # RK4 loses a little area


def test_loop_action_against_polygon_areas_and_symplectic_maps():
    n_pts = 400
    phi = 2 * np.pi * np.arange(n_pts) / n_pts
    r = 0.7
    zero = np.zeros(n_pts)
    loop = np.column_stack([0.2 + r * np.cos(phi), zero, -r * np.sin(phi), zero])     # in the (q1, p1) plane
    exact_polygon = n_pts / 2 * r**2 * np.sin(2 * np.pi / n_pts)                         # inscribed polygon's area
    assert I.loop_action(loop) == pytest.approx(exact_polygon, rel=1e-12)
    assert I.loop_action(loop[::-1]) == pytest.approx(-exact_polygon, rel=1e-12)        # orientation
    # a linear symplectic map (exp(JS), S symmetric) keeps it; a volume-preserving diag(a, 1/a, a, 1/a) does not
    from scipy.linalg import expm
    rng_ = np.random.default_rng(0)
    B = rng_.normal(size=(4, 4))
    Msym = expm(I.canonical_J(2) @ (B + B.T) / 4)
    mixed = np.column_stack([np.cos(phi), 0.3 * np.sin(phi), np.sin(2 * phi), np.cos(phi) - 0.5])
    assert I.loop_action(mixed @ Msym.T) == pytest.approx(I.loop_action(mixed), rel=1e-10)
    D = np.diag([1.5, 1 / 1.5, 1.5, 1 / 1.5])
    assert np.linalg.det(D) == pytest.approx(1.0)
    assert I.loop_action(loop @ D.T) == pytest.approx(1.5**2 * exact_polygon, rel=1e-12)


def test_rk4_symplectic_defect_on_the_oscillator_is_root2_times_the_exact_det():
    """One degree of freedom: MᵀJM = (det M) J; RK4's oscillator det M = |R(ih)|² = 1 − h⁶/72 + h⁸/576."""
    for h in (0.4, 0.2, 0.1):
        d = I.symplectic_defect(I.step_map("rk4", F_OSC, h), np.array([0.3, 0.8]))
        assert d == pytest.approx(np.sqrt(2) * (h**6 / 72 - h**8 / 576), rel=1e-6)


def test_oscillator_modified_hamiltonian_generates_the_leapfrog_map():
    from scipy.linalg import expm, logm
    J = I.canonical_J(1)
    for h, omega in ((0.3, 1.0), (0.5, 2.0), (1.2, 1.0)):
        M = np.asarray(jax.jacfwd(I.step_map("leapfrog", functools.partial(S.oscillator, omega=omega), h))(
            jnp.array([0.1, 0.2])))
        S_ref = -J @ logm(M).real / h                            # M = exp(h J S): the quadratic form S of H̃
        y = np.array([0.7, -0.4])
        assert I.oscillator_leapfrog_modified_hamiltonian(y[0], y[1], h, omega=omega) == pytest.approx(
            0.5 * y @ S_ref @ y, rel=1e-12)
        # and it is θ/sinθ times the conserved quadratic, not the quadratic itself
        ratio = I.oscillator_leapfrog_modified_hamiltonian(0.3, 0.1, h, omega=omega) / \
            I.oscillator_leapfrog_invariant(0.3, 0.1, h, omega=omega)
        c = 1 - (omega * h) ** 2 / 2
        assert ratio == pytest.approx(np.arccos(c) / np.sqrt(1 - c**2), rel=1e-14)
        Sq = np.diag([omega**2 * (1 - (omega * h / 2) ** 2), 1.0])
        assert np.linalg.norm(expm(h * J @ Sq) - M) > 1e-3 * h**3   # the quadratic's flow misses the map
    with pytest.raises(ValueError, match="omega\\*dt < 2"):
        I.oscillator_leapfrog_modified_hamiltonian(0.1, 0.2, 2.5)


def test_leapfrog_modified_hamiltonian_series_and_conservation():
    # the oscillator: H + h²(p²/12 − q²/24), the h² term of the exact H̃ (difference O(h⁴))
    h = 0.05
    Hm = I.leapfrog_modified_hamiltonian(lambda q: 0.5 * jnp.sum(q**2), h)
    q, p = 0.6, -0.8
    series = 0.5 * (q * q + p * p) + h**2 * (p * p / 12 - q * q / 24)
    assert float(Hm(jnp.array([q]), jnp.array([p]))) == pytest.approx(series, rel=1e-14)
    exact = I.oscillator_leapfrog_modified_hamiltonian(q, p, h)
    assert abs(float(Hm(jnp.array([q]), jnp.array([p]))) - exact) < h**4
    # the pendulum (g = 1): leapfrog conserves H to O(h²) but H̃₂ to O(h⁴) -> halving h divides by 16
    V = lambda q: jnp.sum(1 - jnp.cos(q))                                          # noqa: E731
    worst = {}
    for dt in (0.1, 0.05):
        path = I.leapfrog(H_pend, np.array([1.2, 0.0]), dt, 4000)
        for name, H in (("H", H_pend), ("H2", I.leapfrog_modified_hamiltonian(V, dt))):
            E = np.asarray(S.energy(H, path))
            worst[name, dt] = np.abs(E - E[0]).max()
    assert 3.5 < worst["H", 0.1] / worst["H", 0.05] < 4.5
    assert 13 < worst["H2", 0.1] / worst["H2", 0.05] < 19
    with pytest.raises(TypeError, match="V must be callable"):
        I.leapfrog_modified_hamiltonian(3.0, 0.1)


def test_bad_input_to_areas_and_loops():
    with pytest.raises(ValueError, match="centre must be a point"):
        I.image_area(lambda y: y, [0.0, 0.0, 1.0], 0.3)
    with pytest.raises(ValueError, match="radius must be finite and > 0"):
        I.image_area(lambda y: y, [0.0, 0.0], -1.0)
    with pytest.raises(ValueError, match="resolutions"):
        I.image_area(lambda y: y, [0.0, 0.0], 0.3, resolutions=((4, 2),))
    with pytest.raises(ValueError, match="phi must map a point"):
        I.image_area(lambda y: jnp.concatenate([y, y]), [0.0, 0.0], 0.3)
    with pytest.raises(ValueError, match="loop must hold at least 3 states"):
        I.loop_action(np.zeros((5, 3)))
    with pytest.raises(ValueError, match="loop must have 2 dimension"):
        I.loop_action(np.zeros(4))
