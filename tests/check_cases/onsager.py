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
    "ch08-anisotropic-gain": "(1 + (1 + r**2)/(1 + r)**2)/2",
    "ch08-predict-psd": "b",
    "ch08-explorer-spread": "a",
    "ch08-casimir-crossover": round(crossover_reference(), 1),
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch08-symmetric-estimate": [(symmetric_variant("ls"), "least-squares estimate itself"),
                                (symmetric_variant("no-half"), "twice too large"),
                                (symmetric_variant("skew"), "antisymmetric part"),
                                (symmetric_variant("wrong-fit"), "right-hand side"),
                                (symmetric_variant("not-symmetric"), "not symmetric")],
    "ch08-anisotropic-gain": [("(1 - (1 + r**2)/(1 + r)**2)/2", "removes"),
                              ("(1 + r**2)/(1 + r)**2", "ratio of traces"),
                              ("(1 + 2*r/(1 + r)**2)/2", "or its inverse"),
                              ("(1 + (1 + r**4)/(1 + r**2)**2)/2", "not standard deviations"),
                              ("(1 + 1/(1 + r))/2", "product of two matrices"),
                              ("3/4", "does not depend on r"), ("(1 + r)**2/(1 + r**2)", "leaves that range"),
                              (lambda r: 0.75 + 0.2 * r / (1 + r), "two limits"), ("1/(r-2)", "not finite")],
    "ch08-predict-psd": [("a", "more often or less often"), ("c", "linear"), ("d", "convex set")],
    "ch08-explorer-spread": [("b", "is it random"), ("c", "relative fluctuation"), ("d", "only on average")],
    "ch08-casimir-crossover": [(_crossover_variant("over-m"), "inverse-Wishart"),
                               (_crossover_variant("m-n"), "denominator"),
                               (_crossover_variant("m-n-2"), "denominator"),
                               (_crossover_variant("n-2"), "how many forces"),
                               (_crossover_variant("no-factor"), "antisymmetric share"),
                               (_crossover_variant("eta"), "η²"),
                               (_crossover_variant("beta-squared"), "from the matrix itself"),
                               (2.0, "number of measurements"), (10.0, "too few"), (200.0, "too many")],
}

# a valid answer of the wrong kind: the text such an answer's message must contain
TYPE_PHRASE = {"ch08-anisotropic-gain": "does not depend on r", "ch08-predict-psd": "should be one of",
               "ch08-explorer-spread": "should be one of"}

# (task, text that no message may contain)
SECRETS = [("ch08-anisotropic-gain", "r**2"), ("ch08-anisotropic-gain", "r²"), ("ch08-anisotropic-gain", "(1 + r)"),
           ("ch08-casimir-crossover", "18."), ("ch08-predict-psd", "fewer data sets"),
           ("ch08-explorer-spread", "average out")]
