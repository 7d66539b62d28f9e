"""Exercise-check cases of physml.checks.integrators: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
from physml.checks.integrators import _variant_step, crossover_reference

T_CROSS = crossover_reference()


def dkd_variant(kind):
    return lambda H, y, dt: _variant_step(kind, H, y, dt)


REFERENCE = {
    "ch07-leapfrog": dkd_variant("dkd"),
    "ch07-predict-halving": "b",
    "ch07-crossover": T_CROSS,
    "ch07-euler-crossover": "36/h**4",
    "ch07-explorer": "a",
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch07-leapfrog": [(dkd_variant("kdk"), "kick–drift–kick"), (dkd_variant("full-drifts"), "each drift"),
                      (dkd_variant("euler-dk"), "first-order"), (dkd_variant("symplectic-euler"), "symplectic Euler"),
                      (dkd_variant("sign"), "direction of the kick")],
    "ch07-predict-halving": [("a", "symmetric"), ("c", "vanish"), ("d", "round-off"), ("e", "bounded")],
    "ch07-crossover": [(T_CROSS / 0.25, "number of steps"), (100.0, "too early"), (3000.0, "too late"),
                       (-3.0, "positive")],
    "ch07-euler-crossover": [("18/h**3", "leapfrog's crossover"), ("72/h**4", "factor 2 too late"),
                             ("18/h**4", "factor 2 too early"), ("36/h**3", "per unit time"),
                             ("36/h**5", "too high"), ("1/h**4", "check the constant"), ("5", "does not depend"),
                             (lambda h: 36 / h ** 2, "check the power"), ("-36/h**4", "positive")],
    "ch07-explorer": [("b", "order"), ("c", "flat band"), ("d", "status line")],
}

# a valid answer of the wrong kind: the text such an answer's message must contain
TYPE_PHRASE = {"ch07-predict-halving": "should be one of", "ch07-explorer": "should be one of",
               "ch07-euler-crossover": "does not depend"}

# (task, text that no message may contain)
SECRETS = [("ch07-crossover", "1170"), ("ch07-crossover", "1152"), ("ch07-euler-crossover", "36"),
           ("ch07-predict-halving", "close to 4"), ("ch07-explorer", "h⁻³")]
