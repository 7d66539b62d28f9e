r"""Self-checks for capstone B: the conservation laws of a learned force field's dynamics (chapters 4, 6, 12).

Four Lennard-Jones atoms in two dimensions, reduced units (ε = σ = m = 1). The references are
independent of what the students write: the cluster energy is :func:`physml.forcefield.lennard_jones_energy`;
a learned pair potential is judged by its forces on configurations of the check's own molecular-dynamics
runs (:func:`physml.forcefield.velocity_verlet` with :func:`physml.forcefield.lennard_jones_forces`, other
seeds than the notebook's); the candidate features are compared with closed forms written out per atom.
"""
from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from .. import forcefield as FF
from . import (
    StudentError,
    Wrong,
    as_array,
    call,
    grade_choice,
    reject_typical_mistakes,
    task,
)

#: the notebook's protocol for configurations: trajectories from the ground-state rhombus with Gaussian
#: velocities of this standard deviation (mean removed), this step, length and snapshot interval
VELOCITY_SCALE, MD_DT, MD_STEPS, MD_EVERY = 0.35, 0.005, 4000, 100
#: the noise of milestone 2's training forces
FORCE_NOISE = 0.1


def rhombus():
    """Four atoms at the minimum pair distance 2^(1/6): two equilateral triangles sharing an edge, centred."""
    a = 2 ** (1 / 6)
    x = np.array([[0.0, 0.0], [a, 0.0], [a / 2, a * np.sqrt(3) / 2], [a / 2, -a * np.sqrt(3) / 2]])
    return x - x.mean(axis=0)


def _lj_forces(x):
    return FF.lennard_jones_forces(x)


def md_configurations(seeds):
    """Snapshots of the reference dynamics, one trajectory per seed (the notebook's protocol)."""
    frames = []
    for seed in seeds:
        v0 = VELOCITY_SCALE * np.random.default_rng(seed).standard_normal((4, 2))
        v0 -= v0.mean(axis=0)
        run = FF.velocity_verlet(_lj_forces, rhombus(), v0, dt=MD_DT, n_steps=MD_STEPS, save_every=MD_EVERY)
        frames.append(run.positions[1:])
    return np.concatenate(frames)


# ----------------------------------------------------------------- milestone 1: the cluster energy
def _random_clusters(seed, n_atoms, n_frames):
    """Clusters with every pair distance between 0.85 and about 3 (no overlaps)."""
    gen = np.random.default_rng(seed)
    out = []
    while len(out) < n_frames:
        x = gen.uniform(0, 1.2 * np.sqrt(n_atoms), (n_atoms, 2))
        d = np.linalg.norm(x[:, None] - x[None], axis=-1)[np.triu_indices(n_atoms, 1)]
        if d.min() > 0.85:
            out.append(x)
    return out


def energy_variant(kind, x):
    """The cluster energy with a typical slip (for the hints and their tests)."""
    x = np.asarray(x, dtype=float)
    n = x.shape[0]
    i, j = np.triu_indices(n, 1)
    r = np.linalg.norm(x[i] - x[j], axis=-1)
    s6 = r ** -6.0
    if kind == "right":
        return float(np.sum(4 * (s6 ** 2 - s6)))
    if kind == "double-counted":
        return float(2 * np.sum(4 * (s6 ** 2 - s6)))
    if kind == "no-four":
        return float(np.sum(s6 ** 2 - s6))
    if kind == "sign":
        return float(-np.sum(4 * (s6 ** 2 - s6)))
    if kind == "squared-distance":         # r² where r belongs
        return float(np.sum(4 * (r ** -24.0 - r ** -12.0)))
    if kind == "nearest-only":             # only consecutive atoms
        rr = np.linalg.norm(x[1:] - x[:-1], axis=-1) ** -6.0
        return float(np.sum(4 * (rr ** 2 - rr)))
    raise ValueError(f"kind must name a variant, got {kind!r}")


_ENERGY_SLIPS = (
    ("double-counted", "every pair is counted twice: a sum over all i and j (i ≠ j) needs a factor ½, or sum over "
                       "i < j only."),
    ("no-four", "check the prefactor: V(r) = 4ε[(σ/r)¹² − (σ/r)⁶]."),
    ("sign", "check the sign: the energy of a bound cluster is negative (each pair near r = 2^(1/6) contributes "
             "−ε)."),
    ("squared-distance", "the powers are of r, not of r²: (σ/r)⁶ = 1/(r²)³. Did you raise the squared distance to "
                         "the sixth power?"),
    ("nearest-only", "every pair interacts, not only atoms next to each other in the list: sum over all pairs "
                     "i < j."),
)


@task("capstone-force-field-energy", "Capstone B, milestone 1: the cluster's Lennard-Jones energy")
def _energy(my_energy):
    frames = _random_clusters(3, 4, 3) + _random_clusters(4, 3, 2) + _random_clusters(5, 5, 2)
    for x in frames:
        value = call(my_energy, jnp.asarray(x), what="cluster_energy")
        got = as_array(value, what="cluster_energy(x)")
        if got.size != 1:
            raise Wrong(f"cluster_energy(x) should return one number (the total energy), but it has shape {got.shape}.")
        got = float(got.reshape(()))
        if not np.isfinite(got):
            raise Wrong("the energy is not finite: does your sum include the pairs i = j, at distance zero?")
        ref = float(FF.lennard_jones_energy(x))
        if abs(got - ref) <= 1e-9 * max(1.0, abs(ref)):
            continue
        slips = ((energy_variant(kind, x), hint) for kind, hint in _ENERGY_SLIPS)
        reject_typical_mistakes(got, slips, rtol=1e-9, atol=1e-12)
        raise Wrong("compare with E = Σ_{i<j} 4[(1/r_ij)¹² − (1/r_ij)⁶] in reduced units. Does your function work "
                    f"for any number of atoms (this cluster has {x.shape[0]})?")
    return ("It agrees with physml's Lennard-Jones energy for three, four and five atoms. Its gradient gives "
            "forces that sum to zero and have no total torque: the symmetries behind momentum and angular momentum.")


# ----------------------------------------------------------------- milestone 2: the learned pair potential
@functools.lru_cache(maxsize=1)
def _held_out():
    x = md_configurations((101, 102, 103))
    return x, np.asarray(jax.vmap(_lj_forces)(jnp.asarray(x)))


def pair_forces_from(pair_potential):
    """Forces ``−∇ Σ_{i<j} V(r_ij)`` of a pair potential ``V`` (elementwise in an array of distances)."""
    def energy(x):
        i, j = np.triu_indices(x.shape[0], 1)
        r = jnp.sqrt(jnp.sum((x[i] - x[j]) ** 2, axis=-1))
        return jnp.sum(pair_potential(r))
    return jax.vmap(jax.grad(lambda x: -energy(x)))


def pair_model_error(pair_potential):
    """RMS force error of ``pair_potential`` on the check's held-out snapshots of the reference dynamics."""
    x, f = _held_out()
    predicted = np.asarray(pair_forces_from(pair_potential)(jnp.asarray(x)))
    return float(np.sqrt(np.mean((predicted - f) ** 2)))


@task("capstone-force-field-pair-model", "Capstone B, milestone 2: the learned pair potential")
def _pair_model(pair_potential):
    if not callable(pair_potential):
        raise StudentError(f"pair_potential should be a function of the distances r, but it is a "
                           f"{type(pair_potential).__name__}.")
    r = jnp.array([1.0, 1.12, 1.5, 2.0])
    got = as_array(call(pair_potential, r, what="pair_potential"), what="pair_potential(r)")
    if got.shape != (4,):
        raise Wrong(f"pair_potential(r) should return one energy per distance (shape {tuple(r.shape)} here), but it "
                    f"has shape {got.shape}. For a network with one input, map r of shape (n,) to (n, 1) and back.")
    try:
        err = pair_model_error(pair_potential)
    except Exception as e:
        raise StudentError(f"pair_potential could not be differentiated with jax.grad ({type(e).__name__}: {e}). "
                           "Is it written with jax.numpy throughout?") from None
    if not np.isfinite(err):
        raise Wrong("the forces of your pair potential are not finite on the cluster's configurations.")
    if err < 1e-8:
        raise Wrong("that is the exact Lennard-Jones potential, not a learned one: this milestone asks for the network "
                    "trained on the noisy forces.")
    flipped = float(np.sqrt(np.mean((-np.asarray(pair_forces_from(pair_potential)(jnp.asarray(_held_out()[0])))
                                      - _held_out()[1]) ** 2)))
    if flipped < 0.5 * err:
        raise Wrong("the forces point the wrong way: the force is minus the gradient of the energy. Check the sign "
                    "in your loss.")
    if err > 1.0:
        raise Wrong("the learned forces are not yet close to the true ones. Does the training loss come down to about "
                    "σ², the noise's variance? Are the forces −∂E/∂x of the summed pair energies?")
    if err > 2 * FORCE_NOISE:
        raise Wrong("on the way, but the force error on fresh configurations is still more than twice the noise of "
                    "the data. Train longer, or with a larger learning rate.")
    return ("On configurations of other runs, the forces of V_θ are closer to the truth than the noise of the data: "
            "each pair distance is seen many times, and a smooth V_θ averages the noise.")


# ----------------------------------------------------------------- milestone 3: the candidate features
def features_reference(x, v, potential):
    """The milestone's 4N + 3 candidate features, atom by atom in plain numpy (unit masses)."""
    x, v = np.asarray(x, dtype=float), np.asarray(v, dtype=float)
    n = x.shape[0]
    out = [v[i, k] for i in range(n) for k in range(2)]                          # momenta p_ix, p_iy
    out += [x[i, 0] * v[i, 1] - x[i, 1] * v[i, 0] for i in range(n)]             # angular momenta L_i
    out += [0.5 * (v[i, 0] ** 2 + v[i, 1] ** 2) for i in range(n)]               # kinetic energies K_i
    out += [float(potential(jnp.asarray(x)))]                                    # potential energy U
    out += [sum(x[i, 0] * v[i, 0] + x[i, 1] * v[i, 1] for i in range(n))]        # decoy: Σ x·v
    out += [sum((v[i, 0] ** 2 + v[i, 1] ** 2) ** 2 for i in range(n))]          # decoy: Σ |v|⁴
    return np.array(out)


def features_variant(kind, x, v, potential):
    """The features with a typical slip (for the hints and their tests)."""
    f = features_reference(x, v, potential)
    n = np.asarray(x).shape[0]
    if kind == "right":
        return f
    if kind == "angular-sign":
        f[2 * n:3 * n] *= -1
    elif kind == "kinetic-no-half":
        f[3 * n:4 * n] *= 2
    elif kind == "momenta-by-axis":        # all x components first, then all y
        f[:2 * n] = np.asarray(v, dtype=float).T.reshape(-1)
    else:
        raise ValueError(f"kind must name a variant, got {kind!r}")
    return f


_FEATURE_SLIPS = (
    ("angular-sign", "check the sign of the angular momenta: L_i = x_i v_iy − y_i v_ix (counter-clockwise "
                     "positive)."),
    ("kinetic-no-half", "the kinetic energy of an atom is ½ m |v|², with m = 1."),
    ("momenta-by-axis", "the order of the momenta: atom by atom, (p_1x, p_1y, p_2x, p_2y, ...), as v.reshape(-1) "
                        "gives, not all x components first."),
)


def _feature_states(seed, n):
    gen = np.random.default_rng(seed)
    return gen.normal(0, 1, (n, 2)), gen.normal(0, 0.6, (n, 2))


def _test_potential(x):
    return jnp.sum(x ** 2) + 0.3 * jnp.sum(x[:, 0] ** 3)


@task("capstone-force-field-features", "Capstone B, milestone 3: the candidate features")
def _features(my_features):
    for seed, n, potential in ((1, 4, FF.lennard_jones_energy), (2, 3, _test_potential), (3, 4, _test_potential)):
        x, v = _feature_states(seed, n)
        if potential is FF.lennard_jones_energy:
            x = rhombus() + 0.05 * x
        want = features_reference(x, v, potential)
        got = as_array(call(my_features, jnp.asarray(x), jnp.asarray(v), potential, what="features"),
                       what="features(x, v, potential)")
        if got.shape != want.shape:
            raise Wrong(f"for {n} atoms, features(x, v, potential) should return {want.size} numbers (4N + 3), but "
                        f"it has shape {got.shape}.")
        if np.allclose(got, want, rtol=1e-10, atol=1e-12):
            continue
        slips = ((features_variant(kind, x, v, potential), hint) for kind, hint in _FEATURE_SLIPS)
        reject_typical_mistakes(got, slips, rtol=1e-10, atol=1e-12)
        raise Wrong("compare entry by entry with the list: 2N momenta (atom by atom), N angular momenta, N kinetic "
                    "energies, the potential energy potential(x), then Σ x·v and Σ |v|⁴. Does it work for three atoms "
                    "as well as four?")
    return ("Per-atom features: a conserved total is then a combination of columns, which the null space has to find "
            "(as chapter 4's collisions).")


def law_count_hint(counts):
    """The hint for a wrong triple of law counts (reference, pair model, direct-force model)."""
    ref, pair, direct = counts
    if ref == 3 or pair == 3:
        return ("neither the kinetic nor the potential energy is conserved on its own. Is their sum a combination of "
                "your features? Did you pass each model its own potential energy?")
    if ref == 2 or pair == 2:
        return ("rotations: the energy of an isolated cluster does not change when the cluster is rotated. Which "
                "quantity does that symmetry conserve?")
    if ref > 4 or pair > 4:
        return ("more laws than the symmetries give. Is the matrix built from the rates at many states along the run "
                "(rows), one column per feature? Did you use the default gap rule of the null space?")
    if direct > 1:
        return ("the direct-force network's forces neither sum to zero nor have zero torque. Which of your "
                "features could it possibly conserve?")
    return "count the columns of the null-space basis for each run (its dim)."


@task("capstone-force-field-laws", "Capstone B, milestone 3: how many laws each dynamics conserves")
def _laws(counts):
    got = as_array(counts, shape=(3,), what="n_laws")
    if not np.all(got == np.round(got)) or np.any(got < 0):
        raise Wrong("a number of conservation laws is a whole number, zero or more.")
    ref, pair, direct = (int(c) for c in got)
    if ref == 4 and pair == 4 and direct == 0:
        return ("Momentum (two components), angular momentum and energy for the reference and the pair model, with "
                "a gap of more than ten decades; none for the direct-force network.")
    if ref == 4 and pair == 4 and direct == 1:
        return ("Right for the two conservative models. Your direct-force network shows one approximate law: look "
                "at its singular value, at the level of the model's error, not of round-off.")
    raise Wrong(law_count_hint((ref, pair, direct)))


WHY_OPTIONS = {
    "a": "the training data were noisy, so the learned forces are only approximately right",
    "b": "its forces need not sum to zero or have zero total torque, and they are not minus the gradient of any "
         "energy: nothing in its construction is translation- or rotation-invariant or conservative",
    "c": "velocity Verlet is symplectic only for a pair potential",
    "d": "it was trained on too few configurations; with enough data it would conserve the same laws exactly",
}


@task("capstone-force-field-why", "Capstone B, milestone 3: why the direct-force dynamics conserves nothing")
def _why(answer):
    return grade_choice(answer, WHY_OPTIONS, "b", what="why_answer",
                        remark="Each law needs its symmetry built in: Σ F = 0 (translations), Σ x × F = 0 "
                               "(rotations), F = −∇U (time translations with an energy).", hints={
        "a": "the pair model was trained on the same noisy forces, and its laws hold to round-off. What does the pair "
             "model have, by construction, that the direct network lacks?",
        "c": "velocity Verlet's bounded energy error needs a conservative force, but momentum conservation needs "
             "something else. Do the direct network's forces sum to zero?",
        "d": "more data make the learned forces closer to the true ones, so the violations shrink. Can an "
             "approximation, however good, make Σ F exactly zero at every configuration?",
    })


NOISE_OPTIONS = {
    "a": "all four laws fade together: the singular values of momentum, angular momentum and energy grow with the "
         "noise",
    "b": "momentum and angular momentum stay exact at every noise level (round-off singular values); the true "
         "energy's singular value is set by the force error and grows with the noise",
    "c": "nothing changes: a pair potential conserves the true energy exactly at any noise",
    "d": "the momentum laws disappear first, because the noise is added to the forces",
}


@task("capstone-force-field-noise", "Capstone B, milestone 4: what noisier training does to the laws")
def _noise(answer):
    return grade_choice(answer, NOISE_OPTIONS, "b", what="noise_answer",
                        remark="Laws that come from the architecture are immune to noise; the agreement of the "
                               "model's energy with the true one is only as good as the fit.", hints={
        "a": "look at your table: do the three smallest singular values move with the noise? What makes them zero "
             "for any pair potential, trained or not?",
        "c": "a pair model conserves K + U_θ, its own energy. The features here use the true potential U: how far "
             "is U_θ from U after training on noisier forces?",
        "d": "the momentum laws hold because the forces are a gradient of a sum of pair terms, whatever the weights. "
             "Can noise in the training data change that structure?",
    })
