"""Exercise-check cases of physml.checks.discovery: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import numpy as np
import sympy

from physml import discovery as D
from physml.checks.discovery import practice_collisions

SATURN = D.load_orbits("saturn_moons")

SATURN_MASS = D.kepler_mass(SATURN.a * SATURN.a_unit_m, SATURN.P * SATURN.P_unit_s).mass

_CHANGES44 = D.feature_changes(practice_collisions())
A44, NAMES44 = _CHANGES44.A, _CHANGES44.names

LAWS44 = [law.vector for law in D.conservation_laws(A44)]

ENERGY44 = np.array([1.0 if n.startswith("K") else 0.0 for n in NAMES44])

M, K, AMP, G = (sympy.Symbol(n, positive=True) for n in ("m", "k", "A", "g"))

def ref_changes(m, vb, va):
    return D.feature_changes(D.Collisions(m, vb, va, 0.0, 0.0)).A


REFERENCE = {
    "ch04-mass-formula": "4*pi**2/(G*C**2*(1+q))",
    "ch04-saturn-mass": SATURN_MASS,
    "ch04-feature-changes": ref_changes,
    "ch04-conserved": LAWS44,
    "ch04-spurious-threshold": 1e-4,
    "ch04-spurious-law": "b",
    "ch04-spring-law": sympy.sqrt(M) / sympy.sqrt(K),
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch04-mass-formula": [("4*pi**2/(G*C**2)", "test-mass"), ("4*pi**2*(1+q)/(G*C**2)", "multiply or divide"),
                          ("4*pi**2/(G*C**2*(1-q))", "sign"), ("4*pi**2*(1-q)/(G*C**2)", "first order"),
                          ("4*pi**2/(G*C*(1+q))", "power of C"), ("2*pi/(G*C**2*(1+q))", "square P"),
                          ("pi**2/(G*C**2*(1+q))", "square all of 2π"), ("G*C**2*(1+q)/(4*pi**2)", "inverse"),
                          (lambda C, G, q: 4 * np.pi**2 / (C**2 * (1 + q)), "units"),
                          ("C*G*q", "Newton's two-body form"), ("7", "does not depend")],
    "ch04-saturn-mass": [(SATURN_MASS * 6.674e-11, "GM"), (SATURN_MASS / 1e9 * 86400**2, "units"),
                         (SATURN_MASS * 1.1, "0.5 %"), (1.0, "first part")],
    "ch04-feature-changes": [(lambda m, vb, va: -ref_changes(m, vb, va), "after − before"),
                             (lambda m, vb, va: ref_changes(m, vb, va) * np.where(np.arange(18) // 3 == 2, 2.0, 1.0),
                              "factor ½"),
                             (lambda m, vb, va: ref_changes(m, vb, va).T, "one row per event")],
    "ch04-conserved": [(LAWS44 + [ENERGY44], "inelastic"), (LAWS44[:1], "more independent laws"),
                       ([LAWS44[0] + LAWS44[1], LAWS44[0] - LAWS44[1]], "not sparse"),
                       ([LAWS44[0], 2 * LAWS44[0]], "combinations"),
                       (np.ones(5), "one per feature")],
    "ch04-spurious-threshold": [(4e-4, "no change"), (2e-4, "which ratio"), (1.6e-3, "more or at less noise"),
                                (5e-5, "too small"), (-3.0, "positive"), (0.0, "positive")],
    "ch04-spurious-law": [("a", "two different questions"), ("c", "zero mean"), ("(D)", "Count the singular")],
    "ch04-spring-law": [(sympy.sqrt(AMP / G), "pendulum"), (sympy.sqrt(K / M), "frequency"),
                        (M / K, "time squared"), (sympy.Symbol("x"), "variable names"),
                        (sympy.Integer(3), "has none"), (M * AMP, "take front.knee.expression")],
}

# the phrase a wrong *type* of answer must get (default: "should be a function/number")
TYPE_PHRASE = {"ch04-conserved": "one per feature", "ch04-spring-law": "SymPy expression",
               "ch04-mass-formula": "does not depend", "ch04-spurious-law": "it should be one of"}

# (task, text that no message may contain)
SECRETS = [("ch04-mass-formula", "4*pi**2/(G*C**2*(1+q))"), ("ch04-mass-formula", "(1 + q)"),
           ("ch04-spurious-threshold", "(1 − e²)²"),
           ("ch04-spurious-threshold", "quarter"), ("ch04-saturn-mass", "5.68"), ("ch04-saturn-mass", "e+26"),
           ("ch04-spring-law", "m/k"),
           ("ch04-spring-law", "sqrt(m)")]
