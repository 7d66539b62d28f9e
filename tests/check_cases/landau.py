"""Exercise-check cases of physml.checks.landau: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import numpy as np

from physml import landau as O
from physml.checks.landau import critical_temperature_variants, relaxation_variant, tau_reference, tau_variant


def ref_relaxation(m0, t, a, b, gamma):
    return O.relaxation(m0, t, a, b, gamma)


def phi_form(m0, t, a, b, gamma):
    """The chapter's form with φ(x) = (eˣ − 1)/x written out: 0/0 at t = 0."""
    t = np.asarray(t, dtype=float)
    x = 2 * gamma * a * t
    with np.errstate(all="ignore"):
        return m0 / np.sqrt(np.exp(x) + 2 * gamma * b * m0 ** 2 * t * np.expm1(x) / x)


_variants = critical_temperature_variants()
_tau = tau_reference()

REFERENCE = {
    "ch10-relaxation": ref_relaxation,
    "ch10-critical-temperature": 1.2997,
    "ch10-relaxation-time": (round(_tau[0], 2), round(_tau[1], 2)),
    "ch10-wrong-model": "a",
    "ch10-black-box": "b",
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch10-relaxation": [(relaxation_variant("gamma-half"), "half as fast"),
                        (relaxation_variant("no-gamma"), "does not change with Γ"),
                        (relaxation_variant("sign-a"), "sign of the exponent"),
                        (relaxation_variant("no-sqrt"), "square root"),
                        (relaxation_variant("no-m0-squared"), "did it keep m₀²"),
                        (relaxation_variant("abs-m0"), "carries the sign"),
                        (phi_form, "at t = 0 only"),
                        (lambda m0, t, a, b, gamma: m0 + 0 * np.asarray(t), "Derive the linear equation"),
                        (lambda m0, t, a, b, gamma: 2 * O.relaxation(m0, t, a, b, gamma), "is not m₀"),
                        (lambda m0, t, a, b, gamma: np.sqrt(-np.asarray(t) - 1), "can the quantity"),
                        (lambda m0, t, a, b, gamma: m0, "shape")],
    "ch10-critical-temperature": [(1.15, "highest temperature"), (round(_variants["plateau-squared"], 3), "settled"),
                                  (round(_variants["plateau-linear"], 3), "Which power"),
                                  (1.0, "chapter's examples"), (1.6, "slope a₀"), (0.7, "quartic"),
                                  (0.9, "above the window"), (1.25, "too low"), (1.5, "too high")],
    "ch10-relaxation-time": [(tau_variant("no-two"), "a + 3b m*²"), (tau_variant("two-both"), "one side only"),
                             (tau_variant("two-above"), "wrong side"), (tau_variant("no-gamma"), "where is Γ"),
                             (tau_variant("gamma-up"), "τ ∝ 1/Γ"), (tau_variant("no-a0"), "a₀ = 1.5"),
                             (tau_variant("rates"), "rates 1/τ"), ((-5.0, 10.0), "positive"),
                             ((3.0, 7.0), "linearise")],
    "ch10-wrong-model": [("b", "standard errors is the fitted"), ("c", "Gauss–Newton"), ("d", "feel the m⁶ term")],
    "ch10-black-box": [("a", "exactly 0"), ("c", "polynomial"), ("d", "which constant")],
}

# a valid answer of the wrong kind: the text such an answer's message must contain
TYPE_PHRASE = {"ch10-relaxation-time": "should be a pair", "ch10-wrong-model": "should be one of",
               "ch10-black-box": "should be one of"}

# (task, text that no message may contain)
SECRETS = [("ch10-critical-temperature", "1.3"), ("ch10-relaxation-time", "16.7"), ("ch10-relaxation-time", "33.3"),
           ("ch10-black-box", "fixed point"), ("ch10-wrong-model", "measures the noise")]
