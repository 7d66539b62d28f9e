"""Exercise-check cases of physml.checks.symmetry: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import jax
import jax.numpy as jnp
import numpy as np

from physml import symmetry as S


def ref_generator(encoder, params, xs, K):
    g = S.latent_generator(encoder, params, xs, K)
    return g.A, g.residual


def ref_consistency(decoder, params, zs, A, K):
    return S.generator_consistency(decoder, params, zs, A, K)


def consistency_variant(kind):
    def f(decoder, params, zs, A, K):
        zs = jnp.asarray(zs)
        M = A.T if kind == "transpose" else A
        dx = jax.vmap(lambda z: jax.jvp(lambda w: decoder(params, w), (z,), (M @ z,))[1])(zs)
        target = decoder(params, zs) @ K.T
        diff = dx + target if kind == "sign" else dx - target
        norm = jnp.linalg.norm(diff)
        return float(norm if kind == "absolute" else norm / jnp.linalg.norm(target))
    return f


REFERENCE = {
    "ch05-latent-generator": ref_generator,
    "ch05-consistency": ref_consistency,
    "ch05-linear-dims": [2, 4],
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch05-latent-generator": [
        (lambda *a: (ref_generator(*a)[0].T, ref_generator(*a)[1]), "transposed"),
        (lambda *a: (-ref_generator(*a)[0], ref_generator(*a)[1]), "wrong sign"),
        (lambda e, p, xs, K: (ref_generator(e, p, xs, K)[0], ref_generator(e, p, xs, K)[1]
                              * np.linalg.norm(S.latent_generator(e, p, xs, K).dz)), "relative"),
    ],
    "ch05-consistency": [(consistency_variant("absolute"), "relative"), (consistency_variant("sign"), "sign"),
                         (consistency_variant("transpose"), "A @ z")],
    "ch05-linear-dims": [([1, 2, 4], "odd"), ([2], "missing"), ([6], "1 to 5")],
}

# the phrase a wrong *type* of answer must get (default: "should be a function/number")
TYPE_PHRASE = {"ch05-linear-dims": "should be a list of latent dimensions"}

# (task, text that no message may contain)
SECRETS = [("ch05-linear-dims", "2 and 4"), ("ch05-linear-dims", "[2, 4]")]
