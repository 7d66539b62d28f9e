"""Exercise-check cases of physml.checks.ising: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import numpy as np

from physml.checks.ising import crossing_reference, crossing_variants, flip_energy_variant


def ref_flip_energy(spins, i, j):
    """ΔE = 2 s_ij (sum of the four neighbours), the neighbours by np.roll (independent of the checks' indexing)."""
    s = np.asarray(spins)
    field = sum(np.roll(s, shift, axis)[i, j] for shift in (1, -1) for axis in (0, 1))
    return 2 * s[i, j] * field


def swapped_axes(spins, i, j):
    """ΔE with a neighbour taken along the wrong axis on a rectangular lattice."""
    s = np.asarray(spins)
    rows, cols = s.shape
    return 2 * s[i, j] * (s[(i + 1) % rows, j] + s[(i - 1) % rows, j] + s[i, (j + 1) % cols] + s[(i + 1) % rows, j])


_v = crossing_variants()
_ref, _err = crossing_reference()

REFERENCE = {
    "ch11-flip-energy": ref_flip_energy,
    "ch11-autocorrelation": "a",
    "ch11-pca-constant": 16,
    "ch11-critical-temperature": round(_ref, 3),
    "ch11-antiferromagnet": "b",
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch11-flip-energy": [(flip_energy_variant("no-two"), "factor 2"), (flip_energy_variant("sign"), "wrong sign"),
                         (flip_energy_variant("per-site"), "number of sites"),
                         (flip_energy_variant("open"), "periodic"),
                         (flip_energy_variant("two-neighbours"), "four bonds"),
                         (lambda spins, i, j: 2 * ref_flip_energy(spins, i, j) + 1, "only be −8"),
                         (swapped_axes, "after and before")],
    "ch11-autocorrelation": [("b", "different Markov chain"), ("c", "is it small"), ("d", "accepted and undone")],
    "ch11-pca-constant": [(-16, "sign of a principal component"), (1, "unit vector"), (256, "unnormalised"),
                          (1 / 16, "1/√N"), (1 / 256, "1/N"), (4.0, "Σ w_i² = 1")],
    "ch11-critical-temperature": [(round(_v["square-lattice"], 3), "square lattice"),
                                  (round(_v["largest-L"], 4), "largest lattice"),
                                  (round(_v["mean"], 3), "average of the crossings"),
                                  (round(_v["inverse-square"], 4), "L^(−1/ν)"),
                                  (round(_v["against-L"], 3), "Which variable"),
                                  (3.5, "too low"), (3.9, "too high")],
    "ch11-antiferromagnet": [("a", "checkerboard"), ("c", "as random as"), ("d", "deterministic function")],
}

# a valid answer of the wrong kind: the text such an answer's message must contain
TYPE_PHRASE = {"ch11-autocorrelation": "should be one of", "ch11-antiferromagnet": "should be one of"}

# (task, text that no message may contain)
SECRETS = [("ch11-critical-temperature", f"{_ref:.2f}"), ("ch11-critical-temperature", "3.64"),
           ("ch11-pca-constant", "16"), ("ch11-autocorrelation", "correlated domain"),
           ("ch11-antiferromagnet", "staggered magnetisation")]
