"""Exercise-check cases of physml.checks.capstone_force_field (capstone B): the reference answer of each
milestone, typical wrong answers with a phrase their hint must contain, and what the messages must never
reveal."""
import jax.numpy as jnp
import numpy as np

from physml.checks.capstone_force_field import energy_variant, features_reference, features_variant


def lj_energy(x):
    i, j = np.triu_indices(x.shape[0], 1)
    inverse_r6 = 1.0 / jnp.sum((x[i] - x[j]) ** 2, axis=-1) ** 3
    return jnp.sum(4.0 * (inverse_r6 ** 2 - inverse_r6))


def energy_slip(kind):
    return lambda x: energy_variant(kind, np.asarray(x))


def lj_pair(r):
    return 4.0 * (r ** -12 - r ** -6)


def learned_stand_in(scale):
    """A stand-in for a learned pair potential: Lennard-Jones plus a smooth error of size ``scale``."""
    return lambda r: lj_pair(r) + scale * jnp.sin(3.0 * r)


def features_jnp(x, v, potential):
    angular = x[:, 0] * v[:, 1] - x[:, 1] * v[:, 0]
    kinetic = 0.5 * jnp.sum(v ** 2, axis=1)
    decoys = jnp.array([jnp.sum(x * v), jnp.sum(jnp.sum(v ** 2, axis=1) ** 2)])
    return jnp.concatenate([v.reshape(-1), angular, kinetic, jnp.array([potential(x)]), decoys])


def features_slip(kind):
    return lambda x, v, potential: features_variant(kind, x, v, potential)


REFERENCE = {
    "capstone-force-field-energy": lj_energy,
    "capstone-force-field-pair-model": learned_stand_in(0.01),
    "capstone-force-field-features": features_jnp,
    "capstone-force-field-laws": (4, 4, 0),
    "capstone-force-field-why": "b",
    "capstone-force-field-noise": "b",
}

WRONG = {
    "capstone-force-field-energy": [
        (energy_slip("double-counted"), "counted twice"), (energy_slip("no-four"), "prefactor"),
        (energy_slip("sign"), "check the sign"), (energy_slip("squared-distance"), "powers are of r"),
        (energy_slip("nearest-only"), "every pair interacts"),
        (lambda x: jnp.sum(x ** 2), "compare with"), (lambda x: jnp.ones(3), "one number"),
        (lambda x: jnp.inf, "not finite")],
    "capstone-force-field-pair-model": [
        (lj_pair, "exact Lennard-Jones"), (lambda r: -learned_stand_in(0.01)(r), "wrong way"),
        (learned_stand_in(1.0), "not yet close"), (learned_stand_in(0.08), "more than twice"),
        (lambda r: jnp.ones(3), "one energy per distance")],
    "capstone-force-field-features": [
        (features_slip("angular-sign"), "angular momenta"), (features_slip("kinetic-no-half"), "½ m"),
        (features_slip("momenta-by-axis"), "atom by atom"),
        (lambda x, v, potential: features_reference(x, v, potential)[:-1], "4N + 3"),
        (lambda x, v, potential: features_reference(x, v, potential) * 1.5, "entry by entry")],
    "capstone-force-field-laws": [((3, 3, 0), "kinetic nor the potential"), ((2, 2, 0), "rotations"),
                                  ((5, 5, 0), "more laws"), ((4, 4, 3), "torque"), ((4, 4, 0.5), "whole number")],
    "capstone-force-field-why": [("a", "same noisy forces"), ("c", "sum to zero"), ("d", "approximation")],
    "capstone-force-field-noise": [("a", "your table"), ("c", "own energy"), ("d", "structure")],
}

TYPE_PHRASE = {"capstone-force-field-laws": "shape (3,)", "capstone-force-field-why": "should be one of",
               "capstone-force-field-noise": "should be one of"}

SECRETS = [("capstone-force-field-laws", "(4, 4, 0)"), ("capstone-force-field-why", "not translation"),
           ("capstone-force-field-noise", "stay exact")]
