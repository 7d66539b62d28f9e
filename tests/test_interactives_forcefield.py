"""The chapter-12 figure module physml.interactives.forcefield: its integrator against
physml.forcefield.velocity_verlet, the non-reciprocal forces against physml.forcefield.lennard_jones_forces
(and what they break: Newton's third law, the existence of an energy), the measured scan (velocity
Verlet's Δt² for a potential, a drift independent of Δt without one), and the explorer's redraw."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from physml import forcefield as FF
from physml.interactives import forcefield as F


@pytest.fixture(scope="module")
def config():
    """32 atoms at density 0.8 in a cubic box of side 3.42: a jittered fcc crystal (no two atoms closer than 0.8)."""
    lattice = FF.fcc_lattice(2, 0.8)
    rng = np.random.default_rng(3)
    return lattice.positions + rng.normal(0.0, 0.05, lattice.positions.shape), lattice.box


def test_nve_run_agrees_with_velocity_verlet_step_for_step():
    x, v = F.practice_cluster()
    ref = FF.velocity_verlet(FF.lennard_jones_forces, x, v, dt=0.003, n_steps=60, save_every=10)
    xs, vs = F.nve_run(FF.lennard_jones_forces, x, v, dt=0.003, t_total=0.18, n_saved=6)
    np.testing.assert_allclose(xs, ref.positions, atol=1e-12, rtol=0)
    np.testing.assert_allclose(vs, ref.velocities, atol=1e-12, rtol=0)
    with pytest.raises(ValueError, match="n_saved"):
        F.nve_run(FF.lennard_jones_forces, x, v, dt=0.003, t_total=0.1, n_saved=6)
    with pytest.raises(ValueError, match="dt"):
        F.nve_run(FF.lennard_jones_forces, x, v, dt=0.0, t_total=0.1, n_saved=6)


def test_the_practice_cluster_is_an_icosahedron_at_rest():
    x, v = F.practice_cluster()
    r = np.linalg.norm(x[1:] - x[0], axis=1)
    np.testing.assert_allclose(r, 1.1, rtol=1e-12)
    edges = np.linalg.norm(x[1:, None] - x[None, 1:], axis=-1)
    assert np.all(np.sort(edges, axis=1)[:, 1:6] == pytest.approx(1.1 / np.sin(2 * np.pi / 5), rel=1e-12))
    np.testing.assert_allclose(v.sum(axis=0), 0.0, atol=1e-14)


def test_nonreciprocal_forces_are_lennard_jones_at_zero_strength_and_break_newtons_third_law(config):
    x, box = config
    n = len(x)
    pattern = F.error_pattern(n, key=jax.random.key(1))
    np.testing.assert_array_equal(pattern, -pattern.T)
    assert set(np.unique(pattern[~np.eye(n, dtype=bool)])) == {-1.0, 1.0}
    exact = FF.lennard_jones_forces(x, box=box, cutoff=1.7)
    np.testing.assert_allclose(F.nonreciprocal_forces(x, 0.0, pattern, box=box, cutoff=1.7), exact, atol=1e-11)
    a = 0.01
    f = np.asarray(F.nonreciprocal_forces(x, a, pattern, box=box, cutoff=1.7))
    # brute force: the pair force of j on i from jax.grad of the energy of the pair alone (minimum image)
    i, j = np.triu_indices(n, 1)
    d = x[j] - x[i]
    d -= box * np.round(d / box)
    pairs = np.stack([np.zeros_like(d), d], axis=1)
    f_on_i = np.asarray(jax.vmap(lambda p: FF.lennard_jones_forces(p, cutoff=1.7))(jnp.asarray(pairs)))[:, 0]
    net = np.sum(2 * a * pattern[i, j][:, None] * f_on_i, axis=0)
    np.testing.assert_allclose(f.sum(axis=0), net, atol=1e-10)
    assert np.linalg.norm(net) > 1e-3 * np.sqrt(np.mean(f ** 2))


def test_nonreciprocal_forces_have_no_energy_but_rotate_with_the_atoms(config):
    x, box = config
    pattern = F.error_pattern(len(x), key=jax.random.key(1))

    rng = np.random.default_rng(4)
    u, w = rng.normal(size=(2,) + x.shape)

    def asymmetry(a):
        """u·(J w) − w·(J u) for the Jacobian J = ∂F/∂x: zero for every u, w iff J is symmetric (F = −∇E)."""
        def field(y):
            return F.nonreciprocal_forces(y, a, pattern, box=box, cutoff=1.7)
        jw = jax.jvp(field, (jnp.asarray(x),), (jnp.asarray(w),))[1]
        ju = jax.jvp(field, (jnp.asarray(x),), (jnp.asarray(u),))[1]
        return float(np.sum(u * np.asarray(jw)) - np.sum(w * np.asarray(ju))), float(np.linalg.norm(jw))

    exact, scale = asymmetry(0.0)
    assert abs(exact) < 1e-9 * scale                                   # F = −∇E: a symmetric Hessian
    broken, scale = asymmetry(0.01)
    assert abs(broken) > 1e-3 * scale                                  # curl ≠ 0: no E with F = −∇E
    rot = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])   # a symmetry of the cubic box
    f = F.nonreciprocal_forces(x, 0.01, pattern, box=box, cutoff=1.7)
    f_rot = F.nonreciprocal_forces(np.mod(x @ rot.T, box), 0.01, pattern, box=box, cutoff=1.7)
    np.testing.assert_allclose(f_rot, np.asarray(f) @ rot.T, atol=1e-10)


def test_scan_shows_dt_squared_with_a_potential_and_a_drift_without_one():
    scan = F.time_step_scan()
    assert 1.8 < scan.order("smooth") < 2.3
    i = scan.index(0.005)
    for a in scan.strengths:
        k = scan.strength_index(a)
        assert abs(scan.order("nonreciprocal", a)) < 1.0 if a >= 0.01 else True
        assert scan.momentum[k].min() > 0.5 * a                     # the centre of mass is pushed
    k = scan.strength_index(0.01)
    assert scan.worst["nonreciprocal"][k, i] > 10 * scan.worst["smooth"][i]
    late, early = scan.energy["nonreciprocal"][k, i, -10:].mean(), scan.energy["nonreciprocal"][k, i, :10].mean()
    assert late > early + 0.02                                       # a drift, not a fluctuation
    liq = F.liquid()
    temperature = np.sum(liq.velocities ** 2) / (3 * (len(liq.velocities) - 1))
    assert 0.8 < temperature < 1.3
    with pytest.raises(ValueError, match="dt"):
        scan.index(0.003)
    with pytest.raises(ValueError, match="strength"):
        scan.strength_index(0.5)


def test_the_liquid_has_its_first_neighbour_shell_near_the_minimum_of_the_pair_potential():
    rdf = F.practice_liquid()
    peak = rdf.r[np.argmax(rdf.g)]
    assert 1.0 < peak < 2 ** (1 / 6) + 0.05 and rdf.g.max() > 2.0
    assert np.all(rdf.g[rdf.r < 0.85] == 0.0)


def test_explorer_redraws_quickly_and_reports_the_errors():
    scan = F._example_scan()
    explorer = F.time_step(scan=scan, dt=0.01)
    fig = explorer.live()
    times = []
    for dt in (0.005, 0.02, 0.01):
        fig.set(dt=dt)
        times.append(fig.last_redraw_seconds)
    # the redraw is timed (the status line shows it); its budget, 100 ms, is measured by
    # tools/benchmark.py --widgets on a quiet machine, not asserted here (a loaded CI machine is slower)
    assert all(0 < t < 60 for t in times)
    assert "Δt = 0.01" in fig.status.value and "divides the first by about 4" in fig.status.value
    status = fig.set(strength=0.03)
    assert "a = 3 %" in status and "by about 1.0" in status


def test_practice_checks_agree_with_the_library():
    """The brute-force G² of practice 12's check against physml.forcefield.symmetry_functions, and the check's
    pair-force reference (jax.grad) against the closed form 24ε/r [2(σ/r)¹² − (σ/r)⁶]."""
    from physml.checks import forcefield as C

    x = C.g2_configurations()[-1]
    for eta, r_s, r_cut in C.G2_CASES:
        library = FF.symmetry_functions(x, cutoff=r_cut, radial=((eta, r_s),), angular=())[:, 0]
        np.testing.assert_allclose(C.g2_variant("right")(x, eta, r_s, r_cut), library, rtol=1e-12, atol=1e-14)
    r = np.array([0.95, 1.12, 1.7])
    np.testing.assert_allclose(C.pair_force_reference(r, 0.7, 1.3), C.pair_force_variant("right")(r, 0.7, 1.3),
                               rtol=1e-12)
