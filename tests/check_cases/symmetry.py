"""Exercise-check cases of physml.checks.symmetry: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import numpy as np

from physml import symmetry as S


def ref_generator(encoder, params, xs, K):
    g = S.latent_generator(encoder, params, xs, K)
    return g.A, g.residual


REFERENCE = {
    "ch05-latent-generator": ref_generator,
    "ch05-predict-untrained": "b",
    "ch05-linear-dims": [2, 4],
    "ch05-half-plane": "c",
    "ch05-damped-modulus": "exp(-gamma*dt/2)",
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch05-latent-generator": [
        (lambda *a: (ref_generator(*a)[0].T, ref_generator(*a)[1]), "transposed"),
        (lambda *a: (-ref_generator(*a)[0], ref_generator(*a)[1]), "wrong sign"),
        (lambda e, p, xs, K: (ref_generator(e, p, xs, K)[0], ref_generator(e, p, xs, K)[1]
                              * np.linalg.norm(S.latent_generator(e, p, xs, K).dz)), "relative"),
        (lambda e, p, xs, K: (ref_generator(e, p, xs, K)[0] + 0.1, ref_generator(e, p, xs, K)[1]), "check one point"),
    ],
    "ch05-predict-untrained": [("a", "invertible"), ("c", "decoder"), ("d", "random")],
    "ch05-linear-dims": [([1, 2, 4], "odd"), ([2], "missing"), ([6], "1 to 5")],
    "ch05-half-plane": [("a", "converged"), ("b", "axis"), ("d", "order of variance")],
    "ch05-damped-modulus": [
        ("exp(-gamma*dt)", "amplitude or an energy"),
        ("exp(gamma*dt/2)", "grow or shrink"),
        ("1 - gamma*dt/2", "first order"),
        ("exp(-gamma*dt/2)*cos(sqrt(omega**2 - gamma**2/4)*dt)", "real part"),
        ("exp(-gamma*omega*dt/2)", "depends on ω"),
        (lambda gamma, omega, dt: np.exp(-gamma * dt / 2) * np.ones_like(gamma) * 0.9, "eigenvalues λ of K"),
        ("1", "does not depend"),
    ],
}

# the phrase a wrong *type* of answer must get (default: "should be a function/number")
TYPE_PHRASE = {"ch05-linear-dims": "should be a list of latent dimensions",
               "ch05-predict-untrained": "it should be one of",
               "ch05-half-plane": "it should be one of",
               "ch05-damped-modulus": "does not depend"}

# (task, text that no message may contain)
SECRETS = [("ch05-linear-dims", "2 and 4"), ("ch05-linear-dims", "[2, 4]"),
           ("ch05-damped-modulus", "gamma*dt/2"), ("ch05-damped-modulus", "γΔt/2"),
           ("ch05-predict-untrained", "±2i, ±3i; ρ_dec"), ("ch05-half-plane", "discarded partner")]
