"""Exercise-check cases of physml.checks.onsager: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import numpy as np

from physml import onsager as O
from physml.checks.onsager import _crossover_variant, crossover_reference


def ref_symmetric_estimate(X, J):
    return O.symmetrize(O.least_squares_response(X, J))


def symmetric_variant(kind):
    def f(X, J):
        W = O.least_squares_response(X, J)
        return {"ls": W, "no-half": W + W.T, "skew": 0.5 * (W - W.T),
                "wrong-fit": O.symmetrize(np.linalg.lstsq(J, X, rcond=None)[0]),
                "not-symmetric": W + np.triu(W, 1)}[kind]
    return f


REFERENCE = {
    "ch08-symmetric-estimate": ref_symmetric_estimate,
    "ch08-gain-formula": "(n+1)/(2*n)",
    "ch08-predict-noise": "c",
    "ch08-explorer-psd": "a",
    "ch08-casimir-crossover": round(crossover_reference(), 1),
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch08-symmetric-estimate": [(symmetric_variant("ls"), "least-squares estimate itself"),
                                (symmetric_variant("no-half"), "twice too large"),
                                (symmetric_variant("skew"), "antisymmetric part"),
                                (symmetric_variant("wrong-fit"), "which system does least squares solve"),
                                (symmetric_variant("not-symmetric"), "not symmetric")],
    "ch08-gain-formula": [("(n-1)/(2*n)", "removes"), ("(n+1)/n", "larger than 1"),
                          ("(n+1)/(n-1)", "ratio of the two subspace dimensions"), ("1/n", "diagonal's share"),
                          ("n*(n+1)/2", "dimension, not a fraction"), ("sqrt((n+1)/(2*n))", "ratio of norms"),
                          ("1/2", "does not depend on n"), (lambda n: (n + 2) / (2 * n), "two limits"),
                          ("1/(n-2)", "not finite")],
    "ch08-predict-noise": [("a", "share"), ("b", "same proportion"), ("d", "different estimator")],
    "ch08-explorer-psd": [("b", "status line"), ("c", "convex set"), ("d", "not linear")],
    "ch08-casimir-crossover": [(_crossover_variant("over-m"), "inverse-Wishart"),
                               (_crossover_variant("n-2"), "how many forces"),
                               (_crossover_variant("no-factor"), "antisymmetric share"),
                               (_crossover_variant("eta"), "η²"),
                               (_crossover_variant("beta-squared"), "from the matrix itself"),
                               (2.0, "number of measurements"), (10.0, "too few"), (200.0, "too many")],
}

# a valid answer of the wrong kind: the text such an answer's message must contain
TYPE_PHRASE = {"ch08-gain-formula": "does not depend on n", "ch08-predict-noise": "should be one of",
               "ch08-explorer-psd": "should be one of"}

# (task, text that no message may contain)
SECRETS = [("ch08-gain-formula", "n+1"), ("ch08-gain-formula", "n + 1"), ("ch08-casimir-crossover", "18."),
           ("ch08-predict-noise", "neither η nor m"), ("ch08-explorer-psd", "acts only when")]
