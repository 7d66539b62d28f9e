"""Self-checks for the exercises of chapter 5 (uncovering hidden symmetries)."""
from __future__ import annotations

import jax
import numpy as np

from .. import symmetry as S
from . import StudentError, Wrong, as_array, as_number, as_pair, call, task


def _cases():
    data = S.oscillator_data(n=128, key=jax.random.key(51), n_phases=16)
    P = data.embedding[:, :2]
    linear = (lambda p, x: x @ P), None
    mlp_params = S.autoencoder_init(8, 3, key=jax.random.key(52), hidden=(12,))
    return data, [(S.encode, mlp_params), linear]   # a generic A first: its hints are unambiguous


def _generator_answer(answer):
    A, res = as_pair(answer, "A", "residual", "the result of my_latent_generator(encoder, params, xs, K)")
    return as_array(A, what="A (the first entry)"), as_number(res, "the residual (the second entry)")


# ----------------------------------------------------------------- task 5.1
@task("ch05-latent-generator", "Task 5.1, the latent generator")
def _latent_generator(my_generator):
    data, cases = _cases()
    for encoder, params in cases:
        ref = S.latent_generator(encoder, params, data.x, data.K)
        A, res = _generator_answer(call(my_generator, encoder, params, data.x, data.K, what="my_latent_generator"))
        if A.shape != ref.A.shape:
            raise Wrong(f"A should be a {ref.A.shape[0]}×{ref.A.shape[1]} matrix (latent × latent), "
                        f"got shape {A.shape}.")
        if not np.allclose(A, ref.A, atol=1e-6):
            if np.allclose(A, ref.A.T, atol=1e-6):
                raise Wrong("A is transposed: lstsq(Z, dZ) solves Z X = dZ, so A = X.T (ż = A z for each row).")
            if np.allclose(A, -ref.A, atol=1e-6):
                raise Wrong("A has the wrong sign: the tangent is J_E(x) · (K x), with K x, not −K x.")
            if np.allclose(A, np.linalg.pinv(ref.A).T, atol=1e-4) or np.allclose(A, np.linalg.pinv(ref.A), atol=1e-4):
                raise Wrong("the fit runs the wrong way: solve for A in ż ≈ A z (z on the right), "
                            "lstsq(Z, dZ), not lstsq(dZ, Z).")
            raise Wrong("compute z and ż with jax.jvp(lambda y: encoder(params, y), (x,), (K @ x,)) for each x "
                        "(jax.vmap over the data), then A.T = np.linalg.lstsq(Z, dZ)[0].")
        if not np.isclose(res, ref.residual, rtol=1e-4, atol=1e-8):
            norm = np.linalg.norm(ref.dz)
            if np.isclose(res, ref.residual * norm, rtol=1e-4, atol=1e-8):
                raise Wrong("A is right; make the residual relative: divide ‖dZ − Z Aᵀ‖ by ‖dZ‖.")
            if np.isclose(res, (ref.residual * norm) ** 2, rtol=1e-4, atol=1e-8):
                raise Wrong("A is right; the residual is a norm, not a squared norm, and relative to ‖dZ‖.")
            raise Wrong("A is right; the residual should be ‖dZ − Z Aᵀ‖_F / ‖dZ‖_F.")
    return ("For the equivariant encoder you recover A = J exactly (residual 0); for a random nonlinear one, "
            "a residual of order one.")


# ----------------------------------------------------------------- task 5.2
@task("ch05-consistency", "Task 5.2, the decoder consistency")
def _consistency(my_consistency):
    data, _ = _cases()
    rng = np.random.default_rng(53)
    params = S.autoencoder_init(8, 2, key=jax.random.key(54), hidden=(10,))
    zs = rng.normal(size=(40, 2))
    A = np.array([[0.2, -1.1], [0.8, -0.1]])
    ref = S.generator_consistency(S.decode, params, zs, A, data.K)
    got = as_number(call(my_consistency, S.decode, params, zs, A, data.K, what="my_consistency"),
                    "my_consistency(decoder, params, zs, A, K)")
    if np.isclose(got, ref, rtol=1e-6):
        P = data.embedding[:, :2]
        exact = as_number(call(my_consistency, lambda p, z: z @ P.T, None, zs, S.J2, data.K,
                               what="my_consistency"), "my_consistency for the exact decoder")
        if exact > 1e-10:
            raise Wrong(f"for the exact decoder D(z) = P z with A = J your residual is {exact:.1e}, not 0.")
        return "It is 0 for the exact decoder and of order one for a random one."
    target_norm = np.linalg.norm(np.asarray(S.decode(params, zs)) @ data.K.T)
    if np.isclose(got, ref * target_norm, rtol=1e-6):
        raise Wrong("make it relative: divide by ‖K D(Z)‖.")
    # J_D(z)(−A z) − K D(z) = −(J_D(z) A z + K D(z)): the wrong sign is the reference with −A
    if np.isclose(got, S.generator_consistency(S.decode, params, zs, -A, data.K), rtol=1e-6):
        raise Wrong("check the sign: compare J_D(z) A z with + K D(z).")
    if np.isclose(got, S.generator_consistency(S.decode, params, zs, A.T, data.K), rtol=1e-6):
        raise Wrong("the latent velocity is A @ z, not A.T @ z.")
    raise Wrong("for each z: the tangent J_D(z)(A z) is jax.jvp(lambda w: decoder(params, w), (z,), (A @ z,))[1]; "
                "compare it with K @ decoder(params, z) and return ‖difference‖_F / ‖K D(Z)‖_F.")


# ----------------------------------------------------------------- task 5.3
@task("ch05-linear-dims", "Task 5.3, the latent dimensions that act linearly")
def _linear_dims(dims):
    if dims is ... or dims is None:
        return as_number(dims)
    try:
        values = {int(d) for d in dims if float(d) == int(d)}
        if len(values) != len(list(dims)):
            raise ValueError
    except (TypeError, ValueError):
        raise StudentError("your answer should be a list of latent dimensions (whole numbers), "
                            f"for example [1, 5], but it is a {type(dims).__name__}.") from None
    if values == {2, 4}:
        return ("Whole invariant planes: the latent action is linear at frequencies 1, then 1 and 2. "
                "Six dimensions would add frequency 3.")
    if not values <= {1, 2, 3, 4, 5}:
        raise Wrong("the explorer trains latent dimensions 1 to 5 only.")
    if values & {1, 3, 5}:
        raise Wrong("an odd latent dimension holds half of an invariant plane; look at the trained residual "
                    "of those (move the slider to the end of training).")
    if values < {2, 4}:
        raise Wrong("one is missing: after training, more than one latent dimension has both residuals far below 0.01.")
    raise Wrong("read the residuals at the end of training: which ones drop far below 0.01?")
