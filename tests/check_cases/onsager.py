"""Exercise-check cases of physml.checks.onsager: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
from physml import onsager as O


def ref_symmetric_estimate(X, J):
    return O.symmetrize(O.least_squares_response(X, J))


def symmetric_variant(kind):
    def f(X, J):
        W = O.least_squares_response(X, J)
        return {"ls": W, "no-half": W + W.T, "skew": 0.5 * (W - W.T)}[kind]
    return f


REFERENCE = {
    "ch08-symmetric-estimate": ref_symmetric_estimate,
    "ch08-gain": 0.623,
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch08-symmetric-estimate": [(symmetric_variant("ls"), "least-squares estimate itself"),
                                (symmetric_variant("no-half"), "factor ½"),
                                (symmetric_variant("skew"), "antisymmetric")],
    # the explorer's readings at n = 3, 5, 2 and 6, and the old 200-data-set reading (0.648) that the
    # former ±0.04 window accepted
    "ch08-gain": [(0.375, "remains"), (0.664, "dimension"), (0.604, "dimension"), (0.598, "dimension"),
                  (0.74, "dimension"), (0.586, "dimension"), (0.648, "formula in n"), (0.608, "dimension"),
                  (1.5, "between 0 and 1"), (0.9, "formula in n")],
}

# (task, text that no message may contain)
SECRETS = [("ch08-gain", "0.62"), ("ch08-gain", "5/8")]
