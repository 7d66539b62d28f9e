"""Self-checks for the exercises of chapter 5 (uncovering hidden symmetries)."""
from __future__ import annotations

import jax
import numpy as np

from .. import symmetry as S
from . import (
    StudentError,
    Wrong,
    as_array,
    as_formula,
    as_number,
    as_pair,
    call,
    grade_choice,
    reject_typical_mistakes,
    task,
)


def _cases():
    data = S.oscillator_data(n=128, key=jax.random.key(51), n_phases=16)
    P = data.embedding[:, :2]
    linear = (lambda p, x: x @ P), None
    redundant = (lambda p, x: x @ P[:, [0, 1, 0]]), None   # the third coordinate repeats the first
    mlp_params = S.autoencoder_init(8, 3, key=jax.random.key(52), hidden=(12,))
    # a generic A first: its hints are unambiguous; the redundant code (singular ZᵀZ) last
    return data, [(S.encode, mlp_params), linear, redundant]


def _generator_answer(answer):
    A, res = as_pair(answer, "A", "residual", "the result of my_latent_generator(encoder, params, xs, K)")
    return as_array(A, what="A (the first entry)"), as_number(res, "the residual (the second entry)")


# ----------------------------------------------------------------- task 5.1
_REDUNDANT_HINT = ("your function fails on an encoder whose third coordinate repeats the first, so ZᵀZ is singular "
                   "and many matrices A fit equally well. Which least-squares solver copes with that, and which of "
                   "those A does it return?")


@task("ch05-latent-generator", "Task 5.1, the latent generator")
def _latent_generator(my_generator):
    data, cases = _cases()
    for i, (encoder, params) in enumerate(cases):
        redundant = i == len(cases) - 1
        ref = S.latent_generator(encoder, params, data.x, data.K)
        try:
            out = call(my_generator, encoder, params, data.x, data.K, what="my_latent_generator")
        except StudentError as e:
            if redundant and "LinAlgError" in str(e):
                raise Wrong(_REDUNDANT_HINT) from None
            raise
        A, res = _generator_answer(out)
        d = ref.A.shape[0]
        if A.shape in ((d + 1, d), (d, d + 1)):
            raise Wrong("A has one row or column too many. Did you append a column of ones? The model ż ≈ A z has "
                        "no constant term.")
        if A.shape != ref.A.shape:
            raise Wrong(f"A should be a {ref.A.shape[0]}×{ref.A.shape[1]} matrix (latent × latent), "
                        f"got shape {A.shape}.")
        if not np.all(np.isfinite(A)) or (redundant and not np.allclose(A, ref.A, atol=1e-6)):
            raise Wrong(_REDUNDANT_HINT if redundant else "A contains inf or NaN: is the matrix you invert singular?")
        if not np.allclose(A, ref.A, atol=1e-6):
            if np.allclose(A, ref.A.T, atol=1e-6):
                raise Wrong("A is transposed. Row i of Z holds z_i; if the least-squares solver finds X with "
                            "Z X ≈ dZ, how is X related to the A of ż = A z?")
            if np.allclose(A, -ref.A, atol=1e-6):
                raise Wrong("A has the wrong sign. Along the symmetry, does a data point start to move along "
                            "K x or along −K x?")
            affine = S.latent_generator(encoder, params, data.x, data.K, affine=True)
            if np.allclose(A, affine.A, atol=1e-6):
                raise Wrong("your A fits ż ≈ A z + b, with a constant column; the task asks for ż ≈ A z. Which "
                            "column of your least-squares problem has no place in that model?")
            reverse = np.linalg.lstsq(ref.dz, ref.z, rcond=None)[0]          # z ≈ ż X: the regression reversed
            candidates = [reverse, reverse.T]
            if abs(np.linalg.det(reverse)) > 1e-12:
                candidates += [np.linalg.inv(reverse), np.linalg.inv(reverse).T]
            if any(np.allclose(A, c, atol=1e-4) for c in candidates):
                raise Wrong("the fit runs the wrong way. In ż ≈ A z, which quantity is to be explained and which "
                            "one explains it?")
            if np.allclose(A, ref.A, atol=1e-2, rtol=1e-2):
                raise Wrong("your A is close to the right one but not exact. Are your velocities ż exact, as a "
                            "Jacobian-vector product gives them, or a difference quotient with a finite step?")
            raise Wrong("check one point first: does your ż for xs[0] agree with a central finite difference of "
                        "the encoder along the direction K x? If it does, is your A the minimiser of "
                        "Σ_i ‖ż_i − A z_i‖²?")
        if not np.isclose(res, ref.residual, rtol=1e-4, atol=1e-8):
            norm = np.linalg.norm(ref.dz)
            if np.isclose(res, ref.residual * norm, rtol=1e-4, atol=1e-8):
                raise Wrong("A is right; is your residual relative? What must it be divided by to be 0 for a "
                            "perfect fit and 1 for A = 0?")
            if np.isclose(res, (ref.residual * norm) ** 2, rtol=1e-4, atol=1e-8):
                raise Wrong("A is right; the residual is a norm, not a squared norm, and relative to the size "
                            "of the velocities.")
            raise Wrong("A is right; the residual should be ‖dZ − Z Aᵀ‖_F / ‖dZ‖_F.")
    return ("For the equivariant encoder you recover the rotation generator exactly (residual 0), also when a "
            "coordinate is repeated; for a random nonlinear one, a residual of order one.")


# ----------------------------------------------------------------- task 5.2
UNTRAINED_OPTIONS = {
    "a": "both residuals of order one, like every untrained model in the chapter's table",
    "b": "ρ_lat zero to round-off, eigenvalues ±i, ±2i, ±3i; ρ_dec of order one",
    "c": "both residuals zero to round-off",
    "d": "ρ_lat zero to round-off, eigenvalues ±i only; ρ_dec of order one",
}


@task("ch05-predict-untrained", "Task 5.2, predict: an untrained model with six latent dimensions")
def _predict_untrained(answer):
    return grade_choice(answer, UNTRAINED_OPTIONS, "b", what="your prediction", remark=(
        "An encoder that is invertible on the data's span carries the linear action into a linear one, "
        "trained or not: ρ_lat tests the encoder's geometry, not what it learned. Only the pair, through "
        "ρ_dec, shows whether the model has learned the symmetry."), hints={
        "a": "the data fill only a six-dimensional subspace of R⁸. Is a random linear map from that "
             "subspace to six latent coordinates invertible? If z determines x, is ż = W_Eᵀ K x a "
             "function of z, and a linear one?",
        "c": "ρ_lat involves only the encoder. What does ρ_dec ask of the decoder, and has a random "
             "decoder learned to undo anything?",
        "d": "a trained encoder keeps the planes of largest variance first, but this one is random. "
             "Which of the three planes can six random latent coordinates see?",
    })


# ----------------------------------------------------------------- task 5.3
@task("ch05-linear-dims", "Task 5.3, the latent dimensions that act linearly on data with harmonics 1 and 3")
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
    if values == {2, 4, 5}:
        return ("Whole invariant planes at 2 (harmonic 1) and 4 (harmonics 1 and 3); and five coordinates hold "
                "the whole four-dimensional span of these data, so the encoder is invertible on it, as in task 5.2.")
    if not values:
        raise Wrong("your list is empty. At 3000 steps, which latent dimensions have both residuals far below 0.01?")
    if not values <= {1, 2, 3, 4, 5}:
        raise Wrong("the explorer trains latent dimensions 1 to 5 only.")
    if values & {1, 3}:
        raise Wrong("a latent space of dimension 1 or 3 holds half of an invariant plane of these data; look at "
                    "the trained residuals of those (move the steps control to the end of training).")
    if 5 not in values:
        raise Wrong("look again at five latent dimensions. How many dimensions do these data fill (count the "
                    "harmonics), and what is left for a fifth latent coordinate to record?")
    raise Wrong("one is missing: after training, more latent dimensions have both residuals far below 0.01.")


# ----------------------------------------------------------------- task 5.4
HALF_PLANE_OPTIONS = {
    "a": "the third coordinate records a direction that the rotation leaves fixed, so it does not move",
    "b": "training has not finished: the third eigenvalue is on its way to a second pair, ±2i",
    "c": "the velocity of the third coordinate is uncorrelated with every recorded coordinate, so the best "
         "linear prediction of it from z is zero, and all of that motion ends up in the residual",
    "d": "a real 3×3 antisymmetric matrix is always singular, so any rotation generator in three latent "
         "dimensions has an eigenvalue 0",
}


@task("ch05-half-plane", "Task 5.4, interpret: the eigenvalue 0 of a three-dimensional latent action")
def _half_plane(answer):
    return grade_choice(answer, HALF_PLANE_OPTIONS, "c", what="your answer", remark=(
        "The third coordinate records one axis of the second-harmonic plane; it moves along the partner "
        "axis, which the code has dropped. Least squares predicts the uncorrelated part as zero: a zero "
        "eigenvalue, with the motion in the residual."), hints={
        "a": "if the third coordinate did not move, A would predict its zero velocity exactly: would "
             "the residual then stay near 0.72? And would a trained encoder, which keeps the directions "
             "of largest variance, spend a coordinate on a direction in which the data do not vary?",
        "b": "move the steps control from 300 to 3000: do the eigenvalues or the residual still change? "
             "And a real 3×3 matrix that already has the pair ±i: room for how many more eigenvalues?",
        "d": "true for antisymmetric matrices, but the fit does not ask A to be antisymmetric; and a "
             "rotation of R³ about an axis would be fitted by such an A with residual 0. Why, then, is "
             "the residual 0.72? Which part of ż can no matrix acting on z predict?",
    })


# ----------------------------------------------------------------- task 5.5
_MODULUS_POINTS = np.array([[0.1, 1.0, 0.2], [0.3, 1.5, 0.1], [0.05, 0.8, 0.35], [0.5, 2.0, 0.05],
                            [0.2, 1.2, 0.3], [0.4, 0.9, 0.15]])


def _modulus_values(formula):
    values = []
    for gamma, omega, dt in _MODULUS_POINTS:
        try:
            v = np.asarray(formula(gamma, omega, dt), dtype=float)
        except (TypeError, ValueError):
            raise StudentError("your formula should give one number for given gamma, omega and dt.") from None
        if v.size != 1 or not np.isfinite(v).all():
            raise StudentError("your formula should give one finite number for given gamma, omega and dt, "
                               f"but at gamma={gamma}, omega={omega}, dt={dt} it gives {v!r}.")
        values.append(float(v.reshape(())))
    return np.array(values)


def _modulus_reference(gamma, omega, dt):
    return np.exp(-gamma * dt / 2)


@task("ch05-damped-modulus", "Task 5.5, derive: the one-step eigenvalue of a damped oscillator")
def _damped_modulus(answer):
    got = _modulus_values(as_formula(answer, ("gamma", "omega", "dt"), what="your formula for |mu|"))
    g, w, dt = _MODULUS_POINTS.T
    ref = _modulus_reference(g, w, dt)
    if np.allclose(got, ref, rtol=1e-8, atol=1e-12):
        return ("|μ| = |e^{λΔt}| = e^{Re λ Δt}: the amplitude shrinks at half the energy's rate, whatever ω. "
                "K = log(M)/Δt returns Re λ = −γ/2 exactly, and no |φ|² is conserved.")
    if np.ptp(got) < 1e-12:
        raise Wrong("your formula does not depend on gamma, omega or dt. Would a stronger damping, or a longer "
                    "step, leave the size of one step's eigenvalue unchanged?")
    omega_d = np.sqrt(w**2 - g**2 / 4)
    known = [
        (np.exp(-g * dt), "Your formula shrinks at the rate of the energy. Does |μ| measure an amplitude or an "
                          "energy, and how are the two decay rates related?"),
        (np.exp(g * dt / 2), "your |μ| exceeds 1: would the states grow or shrink from one step to the next?"),
        (1 - g * dt / 2, "your formula is right only to first order in dt. Is M = 1 + KΔt exact, or only the "
                         "start of a series? What is |e^{λΔt}| exactly?"),
        (np.exp(-g * dt / 2) * np.cos(omega_d * dt), "that is the real part of μ. The modulus ignores the "
                                                     "rotation: what is |e^{iθ}| for real θ?"),
        (np.exp(-g * w * dt / 2), "your decay rate depends on ω. In λ² + γλ + ω² = 0, what is the real part of "
                                  "λ when the roots are complex?"),
    ]
    reject_typical_mistakes(got, known, rtol=1e-6, atol=1e-12)
    raise Wrong("write (q, q̇)' = K (q, q̇) and find the eigenvalues λ of K: what is their real part? Then, how is "
                "an eigenvalue μ of M = e^{KΔt} related to λ, and what is its modulus?")
