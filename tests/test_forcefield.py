"""physml.forcefield: the Lennard-Jones energy and forces against ASE's LennardJones calculator (shifted
and smoothly switched cutoffs, periodic box), the closed form (dimer) and finite differences, the
shifted-force cutoff's continuity; the fcc lattice against ase.build.bulk; Maxwell-Boltzmann velocities;
velocity Verlet against the harmonic oscillator's exact solution, its time reversibility and energy
conservation; the symmetry functions against brute-force NumPy loops and their invariances; the neural
potential's forces against finite differences, its invariances and its fit (the chain rule of the
precomputed Jacobians against autodiff); the direct-force network's broken symmetries; g(r) against an
ideal gas and ASE's get_rdf; the VACF against a direct loop and an Ornstein-Uhlenbeck process
(Green-Kubo and MSD); and bad input."""
import jax
import numpy as np
import pytest
from ase import Atoms
from ase.build import bulk
from ase.calculators.lj import LennardJones
from ase.geometry.rdf import get_rdf
from scipy import stats
from scipy.spatial.transform import Rotation

import physml  # noqa: F401  (float64)
from physml import forcefield as ff

RNG = np.random.default_rng(12)


def jittered_fcc(n_cells=2, density=0.8, jitter=0.08, seed=0):
    lat = ff.fcc_lattice(n_cells, density)
    rng = np.random.default_rng(seed)
    return lat.positions + jitter * rng.normal(size=lat.positions.shape), lat.box


def cluster(n=8, seed=1):
    """Atoms on a loose random cluster with no pair closer than 0.9."""
    rng = np.random.default_rng(seed)
    pts = []
    while len(pts) < n:
        p = rng.uniform(0, 2.2, 3)
        if all(np.linalg.norm(p - q) > 0.9 for q in pts):
            pts.append(p)
    return np.array(pts)


# ---------------------------------------------------------------- Lennard-Jones

@pytest.mark.parametrize("style, smooth", [("shifted", False), ("switched", True)])
def test_lennard_jones_matches_ase_in_a_periodic_box(style, smooth):
    x, box = jittered_fcc(3, 0.8, 0.1)
    atoms = Atoms(f"Ar{len(x)}", positions=x, cell=[box] * 3, pbc=True)
    for rc, eps, sig in [(2.5, 1.0, 1.0), (2.2, 0.7, 1.1)]:
        atoms.calc = LennardJones(rc=rc, smooth=smooth, epsilon=eps, sigma=sig)
        e = ff.lennard_jones_energy(x, eps, sig, box=box, cutoff=rc, cutoff_style=style)
        f = ff.lennard_jones_forces(x, eps, sig, box=box, cutoff=rc, cutoff_style=style)
        assert float(e) == pytest.approx(atoms.get_potential_energy(), rel=1e-12)
        np.testing.assert_allclose(f, atoms.get_forces(), atol=1e-11)


def test_lennard_jones_open_cluster_matches_ase_and_the_dimer_closed_form():
    x = cluster(7)
    atoms = Atoms("Ar7", positions=x)
    atoms.calc = LennardJones(rc=1e4)                       # shift 4(1e-48 - 1e-24) per pair: none
    assert float(ff.lennard_jones_energy(x)) == pytest.approx(atoms.get_potential_energy(), rel=1e-12)
    np.testing.assert_allclose(ff.lennard_jones_forces(x), atoms.get_forces(), atol=1e-11)
    # dimer: V(r) = 4ε[(σ/r)^12 - (σ/r)^6], minimum -ε at 2^(1/6) σ
    for r in (0.95, 2 ** (1 / 6), 1.7):
        d = np.array([[0.0, 0.0, 0.0], [r, 0.0, 0.0]])
        v = 4 * 0.8 * ((1.2 / r) ** 12 - (1.2 / r) ** 6)
        dv = 4 * 0.8 * (-12 * 1.2**12 / r**13 + 6 * 1.2**6 / r**7)
        assert float(ff.lennard_jones_energy(d, 0.8, 1.2)) == pytest.approx(v, rel=1e-13)
        np.testing.assert_allclose(ff.lennard_jones_forces(d, 0.8, 1.2)[1], [-dv, 0, 0], rtol=1e-12, atol=1e-13)
    m = np.array([[0.0, 0, 0], [2 ** (1 / 6), 0, 0]])
    assert float(ff.lennard_jones_energy(m)) == pytest.approx(-1.0, rel=1e-14)


def test_shifted_force_cutoff_is_continuous_and_forces_are_minus_the_gradient():
    rc = 2.5
    v = lambda r: 4 * (r**-12 - r**-6)                       # noqa: E731
    dv = lambda r: 4 * (-12 * r**-13 + 6 * r**-7)            # noqa: E731
    for r in (1.0, 1.5, 2.4):
        d = np.array([[0.0, 0, 0], [0, r, 0]])
        expect = v(r) - v(rc) - (r - rc) * dv(rc)
        assert float(ff.lennard_jones_energy(d, cutoff=rc)) == pytest.approx(expect, rel=1e-12)
    for r in (rc - 1e-7, rc + 1e-7):                         # E and F both → 0 at the cutoff
        d = np.array([[0.0, 0, 0], [0, r, 0]])
        assert abs(float(ff.lennard_jones_energy(d, cutoff=rc))) < 1e-12
        assert np.abs(ff.lennard_jones_forces(d, cutoff=rc)).max() < 1e-7
    x, box = jittered_fcc(2, 0.6, 0.1, seed=3)
    f = ff.lennard_jones_forces(x, box=box, cutoff=1.7)
    h = 1e-6
    for i, a in [(0, 0), (5, 2), (17, 1)]:
        xp, xm = x.copy(), x.copy()
        xp[i, a] += h
        xm[i, a] -= h
        fd = -(ff.lennard_jones_energy(xp, box=box, cutoff=1.7)
               - ff.lennard_jones_energy(xm, box=box, cutoff=1.7)) / (2 * h)
        assert float(f[i, a]) == pytest.approx(float(fd), rel=1e-6, abs=1e-7)
    np.testing.assert_allclose(np.sum(f, axis=0), 0.0, atol=1e-11)


# ---------------------------------------------------------------- structures, velocities, Verlet

def test_fcc_lattice_is_ases_fcc_crystal():
    lat = ff.fcc_lattice(2, 0.9)
    a = (4 / 0.9) ** (1 / 3)
    ref = bulk("Ar", "fcc", a=a, cubic=True).repeat((2, 2, 2))
    assert lat.positions.shape == (32, 3) and lat.box == pytest.approx(2 * a)
    mine = {tuple(np.round(p % lat.box, 8)) for p in lat.positions}
    theirs = {tuple(np.round(p % lat.box, 8)) for p in ref.positions}
    assert mine == theirs
    assert len(lat.positions) / lat.box**3 == pytest.approx(0.9)
    sc = ff.simple_cubic_lattice(4, 0.8)
    assert sc.positions.shape == (64, 3) and len(sc.positions) / sc.box**3 == pytest.approx(0.8)
    assert ff.simple_cubic_lattice(5, 0.7, dim=2).positions.shape == (25, 2)


def test_maxwell_boltzmann_velocities():
    v = np.asarray(ff.maxwell_boltzmann_velocities(20000, 1.7, key=jax.random.key(0), mass=2.0))
    np.testing.assert_allclose(v.sum(axis=0), 0.0, atol=1e-9)
    assert 2.0 * np.sum(v * v) / (3 * (20000 - 1)) == pytest.approx(1.7, rel=1e-12)
    assert stats.kstest(v.ravel() / np.sqrt(1.7 / 2.0), "norm").pvalue > 1e-3
    v2 = ff.maxwell_boltzmann_velocities(10, 0.5, key=jax.random.key(1), dim=2)
    assert v2.shape == (10, 2)


def test_velocity_verlet_on_the_harmonic_oscillator_and_its_time_reversibility():
    k = 2.0
    x0 = np.array([[1.0, 0.0], [0.0, -0.5]])
    v0 = np.array([[0.0, 0.3], [0.2, 0.0]])
    w = np.sqrt(k)
    errs = []
    for dt in (0.02, 0.01):
        tr = ff.velocity_verlet(lambda x: -k * x, x0, v0, dt=dt, n_steps=int(round(5 / dt)), save_every=10,
                                energy=lambda x: 0.5 * k * (x * x).sum())
        exact = x0 * np.cos(w * tr.time[-1]) + v0 / w * np.sin(w * tr.time[-1])
        errs.append(np.abs(tr.positions[-1] - exact).max())
        assert np.ptp(tr.total) < 2 * dt**2
    assert errs[0] / errs[1] == pytest.approx(4.0, rel=0.05)          # second order
    x, box = jittered_fcc(2, 0.7, 0.05, seed=4)
    force = lambda p: ff.lennard_jones_forces(p, box=box, cutoff=1.6)   # noqa: E731
    v = ff.maxwell_boltzmann_velocities(32, 1.0, key=jax.random.key(2))
    fwd = ff.velocity_verlet(force, x, v, dt=0.004, n_steps=200, save_every=200)
    back = ff.velocity_verlet(force, fwd.positions[-1], -fwd.velocities[-1], dt=0.004, n_steps=200, save_every=200)
    np.testing.assert_allclose(back.positions[-1], x, atol=1e-8)
    np.testing.assert_allclose(-back.velocities[-1], v, atol=1e-8)


def test_nve_lennard_jones_conserves_energy_with_a_shifted_force_cutoff():
    x, box = jittered_fcc(2, 0.7, 0.05, seed=5)
    energy = lambda p: ff.lennard_jones_energy(p, box=box, cutoff=1.7)   # noqa: E731
    force = lambda p: ff.lennard_jones_forces(p, box=box, cutoff=1.7)    # noqa: E731
    v = ff.maxwell_boltzmann_velocities(32, 1.0, key=jax.random.key(3))
    spread = []
    for dt in (0.004, 0.002):
        tr = ff.velocity_verlet(force, x, v, dt=dt, n_steps=int(round(4 / dt)), energy=energy, save_every=50)
        assert tr.total.shape == (int(round(4 / dt)) // 50 + 1,)
        np.testing.assert_allclose(tr.total, tr.potential + tr.kinetic)
        spread.append(np.ptp(tr.total))
    assert spread[0] < 0.01 * np.std(tr.kinetic) * 10 and spread[0] / spread[1] > 2.5     # bounded, ∝ dt²


# ---------------------------------------------------------------- descriptors

def brute_force_descriptors(x, box, rc, radial, angular):
    n = len(x)
    fc = lambda r: 0.5 * (np.cos(np.pi * r / rc) + 1) if r < rc else 0.0   # noqa: E731

    def disp(i, j):
        d = x[j] - x[i]
        if box is not None:
            d = d - box * np.round(d / box)
        return d

    out = np.zeros((n, len(radial) + len(angular)))
    for i in range(n):
        for m, (eta, rs) in enumerate(radial):
            for j in range(n):
                if j != i:
                    r = np.linalg.norm(disp(i, j))
                    out[i, m] += np.exp(-eta * (r - rs) ** 2) * fc(r)
        for m, (eta, zeta, lam) in enumerate(angular):
            s = 0.0
            for j in range(n):
                for k in range(j + 1, n):
                    if i in (j, k):
                        continue
                    a, b = disp(i, j), disp(i, k)
                    ra, rb = np.linalg.norm(a), np.linalg.norm(b)
                    cos = a @ b / (ra * rb)
                    s += (1 + lam * cos) ** zeta * np.exp(-eta * (ra**2 + rb**2)) * fc(ra) * fc(rb)
            out[i, len(radial) + m] = 2 ** (1 - zeta) * s
    return out


ANGULAR = ((0.3, 1, 1.0), (0.3, 2, -1.0), (0.5, 4, 1.0), (0.0, 3, -1.0))


def test_symmetry_functions_match_brute_force_loops():
    x, box = jittered_fcc(2, 0.9, 0.1, seed=6)
    x = x[:14]
    for b, rc in ((box, 1.5), (None, 2.3)):
        g = ff.symmetry_functions(x, box=b, cutoff=rc, angular=ANGULAR)
        assert g.shape == (14, len(ff.DEFAULT_RADIAL) + len(ANGULAR))
        np.testing.assert_allclose(g, brute_force_descriptors(x, b, rc, ff.DEFAULT_RADIAL, ANGULAR),
                                   rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ff.cosine_cutoff(np.array([0.0, 1.0, 2.0, 3.0]), 2.0), [1.0, 0.5, 0.0, 0.0],
                               atol=1e-15)


def test_symmetry_functions_are_invariant():
    x = cluster(9, seed=2)
    g = ff.symmetry_functions(x, cutoff=2.5, angular=ANGULAR)
    rot = Rotation.random(random_state=3).as_matrix()
    perm = RNG.permutation(9)
    np.testing.assert_allclose(ff.symmetry_functions(x @ rot.T + [0.3, -2.0, 5.0], cutoff=2.5, angular=ANGULAR), g,
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ff.symmetry_functions(x[perm], cutoff=2.5, angular=ANGULAR), g[perm], rtol=1e-13)
    # periodic: translating every atom (and wrapping) changes nothing
    xp, box = jittered_fcc(2, 0.8, 0.1, seed=7)
    gp = ff.symmetry_functions(xp, box=box, cutoff=1.6)
    np.testing.assert_allclose(ff.symmetry_functions((xp + [1.3, 0.2, -4.0]) % box, box=box, cutoff=1.6), gp,
                               rtol=1e-11, atol=1e-12)


# ---------------------------------------------------------------- learned potentials

@pytest.fixture(scope="module")
def training_set():
    x0, box = jittered_fcc(2, 0.75, 0.0)
    rng = np.random.default_rng(8)
    frames = x0[None] + 0.09 * rng.normal(size=(6, 32, 3))
    e = np.array([float(ff.lennard_jones_energy(f, box=box, cutoff=1.7)) for f in frames])
    f = np.array([np.asarray(ff.lennard_jones_forces(f, box=box, cutoff=1.7)) for f in frames])
    return frames, e, f, box


def test_neural_potential_forces_invariances_and_its_fit(training_set):
    frames, e, f, box = training_set
    fit = ff.fit_neural_potential(frames, e, f, key=jax.random.key(0), box=box, cutoff=1.7, hidden=(16,),
                                  n_steps=150, learning_rate=1e-2)
    assert fit.losses[-1] < 0.2 * fit.losses[0]
    x = frames[0]
    # forces are −∇E (central finite differences)
    forces = np.asarray(fit.forces(x))
    h = 1e-5
    for i, a in [(0, 0), (7, 1), (31, 2)]:
        xp, xm = x.copy(), x.copy()
        xp[i, a] += h
        xm[i, a] -= h
        fd = -(float(fit.energy(xp)) - float(fit.energy(xm))) / (2 * h)
        assert forces[i, a] == pytest.approx(fd, rel=1e-6, abs=1e-8)
    np.testing.assert_allclose(forces.sum(axis=0), 0.0, atol=1e-10)            # Newton's third law
    perm = RNG.permutation(32)
    assert float(fit.energy(x[perm])) == pytest.approx(float(fit.energy(x)), rel=1e-13)
    np.testing.assert_allclose(fit.forces(x[perm]), forces[perm], atol=1e-11)
    assert float(fit.energy((x + [0.7, -0.4, 2.1]) % box)) == pytest.approx(float(fit.energy(x)), rel=1e-12)
    # the fit's reported force error (computed by jax.grad of the model) is the precomputed-Jacobian loss's
    pred = np.array([np.asarray(fit.forces(p)) for p in frames])
    assert fit.force_rmse == pytest.approx(np.sqrt(np.mean((pred - f) ** 2)), rel=1e-10)
    loss = ff._np_loss(fit.params, *_jacobian_data(frames, box, fit), e, f, np.array([1.0, 1.0]))
    e_pred = np.array([float(fit.energy(p)) for p in frames])
    direct = np.mean(((e_pred - e) / 32) ** 2) + np.mean((pred - f) ** 2)
    assert float(loss) == pytest.approx(direct, rel=1e-10)
    # energies only: a worse force error than with forces, from the same start
    e_only = ff.fit_neural_potential(frames, e, f, key=jax.random.key(0), box=box, cutoff=1.7, hidden=(16,),
                                     n_steps=150, learning_rate=1e-2, force_weight=0.0)
    assert e_only.force_rmse > 1.5 * fit.force_rmse


def _jacobian_data(frames, box, fit):
    import jax.numpy as jnp
    args = (tuple([box] * 3), fit.cutoff, fit.radial, fit.angular)
    return ff._g_frames(jnp.asarray(frames), *args), ff._jac_frames(jnp.asarray(frames), *args)


def test_neural_potential_init_and_energy_are_rotation_invariant():
    p = ff.neural_potential_init(len(ff.DEFAULT_RADIAL) + len(ff.DEFAULT_ANGULAR), key=jax.random.key(4), hidden=(8,))
    x = cluster(8, seed=5)
    rot = Rotation.random(random_state=4).as_matrix()
    e = float(ff.neural_potential_energy(p, x, cutoff=2.5))
    assert float(ff.neural_potential_energy(p, x @ rot.T + 1.0, cutoff=2.5)) == pytest.approx(e, rel=1e-12)


def test_direct_force_network_breaks_the_symmetries_an_energy_would_keep(training_set):
    frames, e, f, box = training_set
    model = ff.fit_direct_force(frames, f, key=jax.random.key(1), box=box, cutoff=1.7, n_neighbours=8,
                                hidden=(16,), n_steps=200, learning_rate=1e-2)
    assert model.losses[-1] < model.losses[0]
    x = frames[0]
    pred = np.asarray(model.forces(x))
    assert np.linalg.norm(pred.sum(axis=0)) > 1e-3                              # no third law
    np.testing.assert_allclose(model.forces((x + [0.5, 0.1, -0.3]) % box), pred, atol=1e-10)   # translations: yes
    # rotations: a cluster rotated (no box) gives forces that are not the rotated forces
    c = cluster(10, seed=9)
    m2 = ff.DirectForceModel(params=model.params, cutoff=1.7, box=None, n_neighbours=8, losses=model.losses,
                             force_rmse=model.force_rmse)
    rot = Rotation.random(random_state=5).as_matrix()
    err = np.abs(np.asarray(m2.forces(c @ rot.T)) - np.asarray(m2.forces(c)) @ rot.T).max()
    assert err > 1e-3


# ---------------------------------------------------------------- observables

def test_radial_distribution_of_an_ideal_gas_and_against_ase():
    rng = np.random.default_rng(9)
    box = 6.0
    frames = rng.uniform(0, box, size=(40, 200, 3))
    rdf = ff.radial_distribution(frames, box=box, r_max=3.0, n_bins=15)
    assert rdf.r.shape == rdf.g.shape == (15,)
    assert np.abs(rdf.g[3:] - 1).max() < 0.08 and abs(np.mean(rdf.g[3:]) - 1) < 0.02
    x, b = jittered_fcc(3, 0.8, 0.1, seed=10)
    atoms = Atoms(f"Ar{len(x)}", positions=x, cell=[b] * 3, pbc=True)
    g_ase, r_ase = get_rdf(atoms, 2.5, 25)
    mine = ff.radial_distribution(x, box=b, r_max=2.5, n_bins=25)
    np.testing.assert_allclose(mine.r, r_ase, atol=1e-12)
    np.testing.assert_allclose(mine.g, g_ase, rtol=1e-10, atol=1e-12)


def test_velocity_autocorrelation_green_kubo_and_msd_on_an_ornstein_uhlenbeck_process():
    rng = np.random.default_rng(11)
    gamma, temp, dt, n_t = 2.0, 1.5, 0.05, 4000
    a = np.exp(-gamma * dt)
    v = np.empty((n_t, 100, 3))
    v[0] = rng.normal(scale=np.sqrt(temp), size=(100, 3))
    noise = np.sqrt(temp * (1 - a * a)) * rng.normal(size=v.shape)
    for t in range(1, n_t):
        v[t] = a * v[t - 1] + noise[t]
    c = ff.velocity_autocorrelation(v, 60)
    # against a direct loop over time origins
    for lag in (0, 7, 50):
        direct = np.mean(np.sum(v[lag:] * v[:n_t - lag], axis=-1))
        assert c[lag] == pytest.approx(direct, rel=1e-10)
    tau = np.arange(60) * dt
    np.testing.assert_allclose(c, 3 * temp * np.exp(-gamma * tau), atol=0.05)
    d = ff.green_kubo_diffusion(c, dt=dt, dim=3)
    assert d == pytest.approx(temp / gamma, rel=0.05)                   # D = k_B T/(m γ)
    x = np.cumsum(v, axis=0) * dt
    msd = ff.mean_squared_displacement(x, 200)
    slope = np.polyfit(dt * np.arange(200)[40:], msd[40:], 1)[0]
    assert slope / 6 == pytest.approx(temp / gamma, rel=0.1)


# ---------------------------------------------------------------- bad input

def test_bad_input_raises_errors_naming_the_argument():
    x, box = jittered_fcc(2, 0.8, 0.0)
    cases = [
        (lambda: ff.lennard_jones_energy(x[:, :2].ravel()), ValueError, "positions"),
        (lambda: ff.lennard_jones_energy(x, -1.0), ValueError, "epsilon"),
        (lambda: ff.lennard_jones_energy(x, box=box, cutoff=box), ValueError, "cutoff"),
        (lambda: ff.lennard_jones_energy(x, box=[1.0, 2.0]), ValueError, "box"),
        (lambda: ff.lennard_jones_forces(x, cutoff=2.0, cutoff_style="cut"), ValueError, "cutoff_style"),
        (lambda: ff.lennard_jones_forces(x, cutoff=2.0, cutoff_style="switched", switch_start=3.0), ValueError,
         "switch_start"),
        (lambda: ff.fcc_lattice(0, 0.8), ValueError, "n_cells"),
        (lambda: ff.fcc_lattice(2, -0.8), ValueError, "density"),
        (lambda: ff.maxwell_boltzmann_velocities(10, 1.0, key=3), TypeError, "key"),
        (lambda: ff.maxwell_boltzmann_velocities(10, -1.0, key=jax.random.key(0)), ValueError, "temperature"),
        (lambda: ff.velocity_verlet(3, x, x, dt=0.1, n_steps=2), TypeError, "force"),
        (lambda: ff.velocity_verlet(lambda p: p, x, x[:3], dt=0.1, n_steps=2), ValueError, "velocities"),
        (lambda: ff.velocity_verlet(lambda p: p, x, x, dt=0.0, n_steps=2), ValueError, "dt"),
        (lambda: ff.velocity_verlet(lambda p: p, x, x, dt=0.1, n_steps=5, save_every=2), ValueError, "n_steps"),
        (lambda: ff.symmetry_functions(x, cutoff=None), ValueError, "cutoff"),
        (lambda: ff.symmetry_functions(x, cutoff=1.0, radial=[(1.0,)]), TypeError, "radial"),
        (lambda: ff.symmetry_functions(x, cutoff=1.0, angular=[(1.0, 1, 0.5)]), ValueError, "angular"),
        (lambda: ff.fit_neural_potential(x[None], [1.0, 2.0], x[None], key=jax.random.key(0), cutoff=1.0),
         ValueError, "energies"),
        (lambda: ff.fit_neural_potential(x[None], [1.0], x[None, :3], key=jax.random.key(0), cutoff=1.0),
         ValueError, "forces"),
        (lambda: ff.fit_direct_force(x[None], x[None], key=jax.random.key(0), cutoff=1.0, n_neighbours=40),
         ValueError, "n_neighbours"),
        (lambda: ff.radial_distribution(x, box=None, r_max=1.0, n_bins=5), ValueError, "box"),
        (lambda: ff.radial_distribution(x, box=box, r_max=box, n_bins=5), ValueError, "r_max"),
        (lambda: ff.velocity_autocorrelation(x, 2), ValueError, "velocities"),
        (lambda: ff.velocity_autocorrelation(x[None], 5), ValueError, "n_lags"),
        (lambda: ff.green_kubo_diffusion([1.0], dt=0.1), ValueError, "vacf"),
        (lambda: ff.mean_squared_displacement(x[None], 0), ValueError, "n_lags"),
    ]
    for call, err, word in cases:
        with pytest.raises(err, match=word):
            call()
