"""Exercise-check cases of physml.checks.forcefield: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import numpy as np

from physml.checks.forcefield import g2_variant, minimum_reference, pair_force_variant


def ref_pair_force(r, epsilon, sigma):
    r = np.asarray(r, dtype=float)
    return 24 * epsilon * (2 * (sigma / r) ** 12 - (sigma / r) ** 6) / r


def ref_radial_g2(positions, eta, r_s, r_cut):
    """Vectorised: an independent implementation of the brute-force loops of the checks."""
    x = np.asarray(positions, dtype=float)
    r = np.linalg.norm(x[:, None] - x[None], axis=-1)
    fc = np.where(r < r_cut, 0.5 * (np.cos(np.pi * r / r_cut) + 1.0), 0.0)
    terms = np.exp(-eta * (r - r_s) ** 2) * fc
    return terms.sum(axis=1) - np.diag(terms)


REFERENCE = {
    "ch12-pair-force": ref_pair_force,
    "ch12-minimum": (1.1225, -1.0),
    "ch12-radial-descriptor": ref_radial_g2,
    "ch12-verlet-order": 2.01,
    "ch12-direct-force": "a",
}

_r_min = minimum_reference()[0]

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch12-pair-force": [(pair_force_variant("sign"), "wrong sign"), (pair_force_variant("energy"), "potential V(r)"),
                        (pair_force_variant("no-r"), "where is the 1/r"),
                        (pair_force_variant("over-r2"), "multiplies the vector"),
                        (pair_force_variant("no-powers"), "comes down as a factor"),
                        (pair_force_variant("no-four"), "factor 4"),
                        (pair_force_variant("both-twelve"), "different factors"),
                        (pair_force_variant("both-six"), "different factors"),
                        (lambda r, e, s: 3 * ref_pair_force(r, e, s), "times a constant"),
                        (lambda r, e, s: ref_pair_force(r, e, s) / (r - r), "nan or inf"),
                        (lambda r, e, s: ref_pair_force(r, e, s) + 0.01 * r, "Differentiate term by term"),
                        (lambda r, e, s: 1.0, "shape")],
    "ch12-minimum": [((1.0, -1.0), "crosses zero"), ((2 ** (-1 / 6), -1.0), "the inverse"),
                     ((2 ** (1 / 3), -1.0), "sixth root"), ((2.5, -1.0), "cutoff"),
                     ((0.95, -1.0), "steeply repulsive"), ((1.3, -1.0), "gives a condition on"),
                     ((_r_min, 1.0), "wrong sign"), ((_r_min, -4.0), "what is that"), ((_r_min, 0.0), "V(σ) = 0"),
                     ((_r_min, -0.5), "insert")],
    "ch12-radial-descriptor": [(g2_variant("self"), "counts itself"), (g2_variant("no-cutoff"), "beyond r_cut"),
                               (g2_variant("no-step"), "rises again"), (g2_variant("cos-only"), "turns negative"),
                               (g2_variant("no-shift"), "does not depend on r_s"),
                               (g2_variant("squared-distance"), "not in r² − r_s²"),
                               (g2_variant("no-square"), "is the square there"),
                               (g2_variant("plus"), "grow with the distance"),
                               (lambda x, eta, r_s, r_cut: 2 * ref_radial_g2(x, eta, r_s, r_cut), "two atoms"),
                               (lambda x, eta, r_s, r_cut: ref_radial_g2(x, eta, r_s, r_cut) / 0, "nan or inf"),
                               (lambda x, eta, r_s, r_cut: ref_radial_g2(x, eta, r_s, r_cut).sum(), "shape")],
    "ch12-verlet-order": [(-2.0, "against 1/dt"), (0.5, "swapped"), (0.05, "does not come from the integrator"),
                          (1.0, "explicit Euler"), (3.0, "a single step"), (4.0, "RK4"), (-0.7, "negative exponent"),
                          (1.5, "stability limit"), (2.6, "too large"), (float("nan"), "energy=energy13")],
    "ch12-direct-force": [("b", "symplectic for any Hamiltonian"), ("c", "interpolates"), ("d", "circulates")],
}

# a valid answer of the wrong kind: the text such an answer's message must contain
TYPE_PHRASE = {"ch12-minimum": "should be a pair", "ch12-direct-force": "should be one of"}

# (task, text that no message may contain)
SECRETS = [("ch12-minimum", "1.12"), ("ch12-minimum", "1/6"), ("ch12-pair-force", "24"),
           ("ch12-radial-descriptor", "np.where"), ("ch12-direct-force", "curl")]
