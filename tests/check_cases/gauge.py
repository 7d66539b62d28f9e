"""Exercise-check cases of physml.checks.gauge: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import numpy as np

from physml.checks.gauge import _shift, dagger, plaquette_variant, transport_variant


def ref_plaquettes(links):
    U0, U1 = links[0], links[1]
    return U0 @ _shift(U1, 0) @ dagger(_shift(U0, 1)) @ dagger(U1)


def ref_transport(links, W, mu):
    return links[mu] @ np.roll(W, -1, axis=mu) @ dagger(links[mu])


def traces_only(links):
    """The plaquette's trace (a number per site) instead of the matrix: a shape mistake."""
    return np.trace(ref_plaquettes(links), axis1=-2, axis2=-1)


REFERENCE = {
    "ch09-plaquette": ref_plaquettes,
    "ch09-transport": ref_transport,
    "ch09-loop-shape": "b",
    "ch09-cnn-gauge": "b",
    "ch09-frozen-topology": "c",
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch09-plaquette": [(plaquette_variant("reversed"), "other way round"),
                       (plaquette_variant("order"), "order of the factors does not matter"),
                       (plaquette_variant("cyclic"), "another corner"),
                       (plaquette_variant("shift-back"), "direction of your shifts"),
                       (plaquette_variant("no-dagger"), "walked backwards"),
                       (plaquette_variant("transpose"), "conjugate transpose"),
                       (plaquette_variant("axes"), "which array axis"),
                       (lambda links: links[0] @ links[1], "Walk once around the square"),
                       (traces_only, "shape")],
    "ch09-transport": [(transport_variant("no-transport"), "For U(1) that would be enough"),
                       (transport_variant("reversed"), "wrong sides"),
                       (transport_variant("no-dagger"), "inverted"),
                       (transport_variant("shift-back"), "direction of the shift"),
                       (transport_variant("link-there"), "which link joins"),
                       (transport_variant("no-shift"), "the feature at x itself"),
                       (transport_variant("other-axis"), "swapped the directions"),
                       (transport_variant("from-behind"), "covariant too"),
                       (lambda U, W, mu: 2 * ref_transport(U, W, mu), "covariant, but"),
                       (lambda U, W, mu: ref_transport(U, W, mu) @ U[mu], "does not transform like"),
                       (lambda U, W, mu: W[0], "shape")],
    "ch09-loop-shape": [("a", "perimeter law"), ("c", "enclose different numbers"), ("d", "different observables")],
    "ch09-cnn-gauge": [("a", "constant U(1) phase"), ("c", "Ω U Ω†"), ("d", "input numbers")],
    "ch09-frozen-topology": [("a", "topological charge"), ("b", "L=8"), ("d", "never changes its charge")],
}

# a valid answer of the wrong kind: the text such an answer's message must contain
TYPE_PHRASE = {"ch09-loop-shape": "should be one of", "ch09-cnn-gauge": "should be one of",
               "ch09-frozen-topology": "should be one of"}

# (task, text that no message may contain)
SECRETS = [("ch09-loop-shape", "area law"), ("ch09-cnn-gauge", "adjoint"), ("ch09-frozen-topology", "hot start")]
