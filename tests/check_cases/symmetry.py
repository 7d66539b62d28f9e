"""Exercise-check cases of physml.checks.symmetry: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import numpy as np

from physml import symmetry as S


def ref_generator(encoder, params, xs, K):
    g = S.latent_generator(encoder, params, xs, K)
    return g.A, g.residual


def affine_generator(encoder, params, xs, K):       # fits ż ≈ A z + b instead of ż ≈ A z
    g = S.latent_generator(encoder, params, xs, K, affine=True)
    return g.A, g.residual


def reverse_generator(encoder, params, xs, K):      # regresses z on ż
    g = S.latent_generator(encoder, params, xs, K)
    X = np.linalg.lstsq(g.dz, g.z, rcond=None)[0]
    return X.T, g.residual


def forward_difference_generator(encoder, params, xs, K, h=1e-4):   # ż by a forward difference
    xs = np.asarray(xs)
    z = np.asarray(encoder(params, xs))
    dz = (np.asarray(encoder(params, xs + h * xs @ np.asarray(K).T)) - z) / h
    A = np.linalg.lstsq(z, dz, rcond=None)[0].T
    return A, float(np.linalg.norm(dz - z @ A.T) / np.linalg.norm(dz))


def normal_equations_generator(encoder, params, xs, K):   # the chapter's solver: fails for a singular ZᵀZ
    g = S.latent_generator(encoder, params, xs, K)
    A = np.linalg.solve(g.z.T @ g.z, g.z.T @ g.dz).T
    return A, float(np.linalg.norm(g.dz - g.z @ A.T) / np.linalg.norm(g.dz))


REFERENCE = {
    "ch05-latent-generator": ref_generator,
    "ch05-predict-untrained": "b",
    "ch05-linear-dims": [2, 4, 5],
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
        (affine_generator, "constant column"),
        (reverse_generator, "wrong way"),
        (forward_difference_generator, "difference quotient"),
        (normal_equations_generator, "singular"),
    ],
    "ch05-predict-untrained": [("a", "invertible"), ("c", "decoder"), ("d", "random")],
    "ch05-linear-dims": [([1, 2, 4, 5], "half of an invariant plane"), ([2, 4], "fifth latent coordinate"),
                         ([2, 5], "missing"), ([6], "1 to 5"), ([], "empty")],
    "ch05-half-plane": [("a", "largest variance"), ("b", "300 to 3000"), ("d", "does not ask A to be antisymmetric")],
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
SECRETS = [("ch05-linear-dims", "2, 4 and 5"), ("ch05-linear-dims", "[2, 4, 5]"),
           ("ch05-damped-modulus", "gamma*dt/2"), ("ch05-damped-modulus", "γΔt/2"),
           ("ch05-predict-untrained", "±2i, ±3i; ρ_dec"),
           ("ch05-half-plane", "best linear prediction of it from z is zero")]
