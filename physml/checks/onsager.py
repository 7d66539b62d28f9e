"""Self-checks for the exercises of chapter 8 (Onsager reciprocity as a prior)."""
from __future__ import annotations

import jax
import numpy as np

from .. import onsager as O
from . import StudentError, Wrong, as_array, as_choice, as_formula, as_number, call, task


# ----------------------------------------------------------------- task 8.1
@task("ch08-symmetric-estimate", "Task 8.1, the symmetric estimator")
def _symmetric_estimate(my_symmetric_estimate):
    L = O.random_response_matrix(3, key=jax.random.key(81))
    data = O.simulate_response(L, 15, 0.2, key=jax.random.key(82))
    X, J = data.X, data.J
    got = as_array(call(my_symmetric_estimate, X, J, what="my_symmetric_estimate"), shape=(3, 3),
                   what="my_symmetric_estimate(X, J)")
    W = O.least_squares_response(X, J)
    ref = O.symmetrize(W)
    if np.allclose(got, ref, atol=1e-10):
        return "Symmetric by construction, and never further from L than least squares."
    if np.allclose(got, W, atol=1e-10) or np.allclose(got, W.T, atol=1e-10):
        raise Wrong("that is the least-squares estimate itself. Is it symmetric? Which matrix is the symmetric "
                    "one nearest to it?")
    if np.allclose(got, W + W.T, atol=1e-10):
        raise Wrong("your result is symmetric but about twice too large. If W were already symmetric, what "
                    "should the projection return?")
    if np.allclose(got, 0.5 * (W - W.T), atol=1e-10):
        raise Wrong("that is the antisymmetric part: the part of the error to throw away, not the estimate.")
    if np.allclose(got, got.T, atol=1e-10):
        raise Wrong("your result is symmetric but not the projection of the least-squares fit. With one "
                    "measurement per row, which system does least squares solve: X Wᵀ ≈ J or W X ≈ J? "
                    "And which orientation does np.linalg.lstsq return?")
    raise Wrong("your result is not symmetric. Which matrix equation does least squares solve when each row "
                "of X and J is one measurement, and how do you then make the fit symmetric?")


# ----------------------------------------------------------------- task 8.2
GAIN_POINTS = (2.0, 3.0, 5.0, 8.0, 13.0)


def _gain_reference(n):
    return (n + 1) / (2 * n)


#: typical wrong derivations: a formula, and the hint its answer gets
_GAIN_MISTAKES = (
    (lambda n: (n - 1) / (2 * n),
     "that is the fraction the projection removes (the antisymmetric share). The task asks for the fraction "
     "that remains after symmetrising."),
    (lambda n: (n + 1) / n,
     "your fraction is larger than 1, so symmetrising would make the error grow. Count again: how many "
     "independent entries does a symmetric n × n matrix have, and how many does a general one have?"),
    (lambda n: (n + 1) / (n - 1),
     "that is the ratio of the two subspace dimensions, symmetric over antisymmetric. Which share of all "
     "n² directions lies in the symmetric subspace?"),
    (lambda n: 1 / n,
     "that is the diagonal's share only. The off-diagonal pairs also keep part of their error: which part of "
     "(Δᵢⱼ, Δⱼᵢ) survives the averaging?"),
    (lambda n: n * (n + 1) / 2,
     "that is a dimension, not a fraction. Divide by the dimension of the space of all n × n matrices."),
    (lambda n: np.sqrt((n + 1) / (2 * n)),
     "that is a ratio of norms. The task asks for the ratio of mean squared errors."),
)


@task("ch08-gain-formula", "Task 8.2, derive the average gain as a formula in n")
def _gain_formula(answer):
    formula = as_formula(answer, ("n",), "remaining_fraction")
    n = np.asarray(GAIN_POINTS)
    try:
        with np.errstate(all="ignore"):
            got = np.asarray([float(np.asarray(formula(x), dtype=float).reshape(())) for x in n])
    except (TypeError, ValueError, ZeroDivisionError):
        raise StudentError("remaining_fraction should give one number for each number of forces n.") from None
    if not np.all(np.isfinite(got)):
        raise Wrong("your formula is not finite for some n ≥ 2; a fraction of an error is a finite number.")
    if np.allclose(got, _gain_reference(n), rtol=1e-9, atol=1e-12):
        return ("Right: the symmetric subspace holds that share of the n² directions, and isotropic noise "
                "spreads the error evenly over them. The next cell compares it with the Monte Carlo.")
    for mistake, hint in _GAIN_MISTAKES:
        if np.allclose(got, mistake(n), rtol=1e-9, atol=1e-12):
            raise Wrong(hint)
    if np.ptp(got) < 1e-12:
        raise Wrong("your formula does not depend on n. How does the share of the diagonal in the error change "
                    "with the number of forces?")
    raise Wrong("test your formula at two limits: at n = 1 a matrix is already symmetric, so nothing is "
                "gained (what must the fraction be?); for many forces, what share of the directions is "
                "antisymmetric?")


# ----------------------------------------------------------------- task 8.3
NOISE_OPTIONS = {
    "a": "it falls: with ten times the noise there is more antisymmetric error for the projection to remove",
    "b": "it rises towards 1: with so few measurements the fit is too poor for a prior to help",
    "c": "it stays the same, within its Monte Carlo error",
    "d": "it falls below 1/2, because the PSD clipping now acts as well",
}


@task("ch08-predict-noise", "Task 8.3, predict what more noise and fewer measurements do to the gain")
def _predict_noise(prediction):
    key = as_choice(prediction, NOISE_OPTIONS, "your prediction")
    hints = {
        "a": "more noise means more error in every direction. Does it change the *share* of the error that lies "
             "in the antisymmetric directions? Which quantities appear in the formula of task 8.2?",
        "b": "the gain is ‖skew Ŵ‖², and fewer measurements make the whole error larger. Do the symmetric and "
             "the antisymmetric parts grow in the same proportion? Does m appear in the formula of task 8.2?",
        "d": "the ratio asked about is symmetric over least squares; the clipping is a different estimator. "
             "Can a symmetric projection remove more than the antisymmetric part of the error?",
    }
    if key in hints:
        raise Wrong(hints[key])
    return "Run the next cell to see it: the fraction counts directions, so neither η nor m enters."


# ----------------------------------------------------------------- task 8.4
PSD_OPTIONS = {
    "a": "the red crosses sit on the blue dots at small noise and drop below them only at large noise, "
         "because only then does the noise push an eigenvalue of sym Ŵ below zero",
    "b": "the red crosses lie below the blue dots by the same factor at every noise level: the second law is "
         "an extra constraint, and an extra constraint always helps",
    "c": "at large noise the red crosses rise above the blue dots, because setting eigenvalues to zero adds "
         "a bias",
    "d": "nothing changes shape: both clouds slide along the diagonal, because the gain does not depend on "
         "the noise",
}


@task("ch08-explorer-psd", "Task 8.4, what the explorer shows when the noise grows")
def _explorer_psd(answer):
    key = as_choice(answer, PSD_OPTIONS)
    hints = {
        "b": "read the status line at log₁₀ noise = −3: in what share of the data sets is sym Ŵ not PSD? What "
             "does clipping do to a matrix whose eigenvalues are all positive?",
        "c": "can you find one red cross above its blue dot? Can projecting onto a convex set that contains L "
             "move an estimate away from L?",
        "d": "that is true of the blue dots. But the clipping is not linear: does what it does depend on how "
             "large the errors are compared with the smallest eigenvalue of L?",
    }
    if key in hints:
        raise Wrong(hints[key])
    return ("The clipping acts only when the error is comparable with the smallest eigenvalue of L (0.05 here); "
            "below that, the second law is already obeyed by sym Ŵ and adds nothing.")


# ----------------------------------------------------------------- task 8.5
#: Silicon in 0.7 T (the chapter's Hall response), noise η = 0.3, n = 3 forces.
HALL_MOBILITY, HALL_FIELD, HALL_NOISE = -0.14, 0.7, 0.3


def crossover_reference():
    """Measurements per field at which E‖sym Ŵ − L‖² = E‖Ŵ − L‖², with E‖Δ‖² = η²n²/(m − n − 1) and eq. (bias)."""
    L = O.drude_conductivity(1.0, HALL_MOBILITY, HALL_FIELD)
    n = L.shape[0]
    bias = float(np.sum((0.5 * (L - L.T)) ** 2))
    return n + 1 + HALL_NOISE ** 2 * n * (n - 1) / (2 * bias)


def _crossover_variant(kind):
    """The crossover with a typical slip in its derivation (for the hints and their tests)."""
    L = O.drude_conductivity(1.0, HALL_MOBILITY, HALL_FIELD)
    beta = HALL_MOBILITY * HALL_FIELD
    n, eta = 3, HALL_NOISE
    bias = float(np.sum((0.5 * (L - L.T)) ** 2))
    return {"no-factor": n + 1 + eta ** 2 * n ** 2 / bias,               # E‖Δ‖² = bias: all of the error removed
            "over-m": eta ** 2 * n * (n - 1) / (2 * bias),               # E‖Δ‖² = η²n²/m
            "beta-squared": n + 1 + eta ** 2 * n * (n - 1) / (2 * beta ** 2),   # ‖skew L‖² taken as β²
            "eta": n + 1 + eta * n * (n - 1) / (2 * bias),               # η instead of η²
            "n-2": 3 + eta ** 2 * 2 * 1 / (2 * bias)}[kind]              # only the 2 × 2 Hall block


@task("ch08-casimir-crossover", "Task 8.5, where symmetrising stops paying in a magnetic field")
def _casimir_crossover(m_star):
    m = as_number(m_star, "m_star")
    ref = crossover_reference()
    if abs(m - ref) <= 1.5:
        return ("Below this many measurements per field the noise that symmetrising removes outweighs the Hall "
                "part it destroys; above it the bias wins. The next cell checks it by Monte Carlo.")
    if m <= 3:
        raise Wrong("least squares needs at least as many measurements as forces, and its mean error is finite "
                    "only for m > n + 1. Is your m a number of measurements?")
    if abs(m - _crossover_variant("over-m")) <= 1.2:
        raise Wrong("how does the mean least-squares error depend on m? The mean of C = (XᵀX)⁻¹ for standard "
                    "normal forces is not I/m; which denominator does the inverse-Wishart mean have?")
    if abs(m - _crossover_variant("n-2")) <= 1.5:
        raise Wrong("how many forces does the conductivity in a field along z have? The error of the zz entry "
                    "counts too.")
    if abs(m - _crossover_variant("no-factor")) <= 2.0:
        raise Wrong("does symmetrising remove all of the least-squares error, or only its antisymmetric share? "
                    "Set up the condition with the share that eq. (bias) keeps.")
    if abs(m - _crossover_variant("eta")) <= 2.0:
        raise Wrong("check how the error scales with the noise level: is E‖Δ‖² proportional to η or to η²?")
    if 29 <= m <= 36:
        raise Wrong("compute ‖skew L‖² from the matrix itself: how many entries does the antisymmetric (Hall) "
                    "part have, and how large is each, including the factor 1/(1 + β²)?")
    if m < ref:
        raise Wrong("too few: at that m the table in the chapter still shows a clear gain from symmetrising. "
                    "Write E‖sym Ŵ − L‖² − E‖Ŵ − L‖² with eq. (bias) and find where it changes sign.")
    raise Wrong("too many: by then the bias ‖skew L‖² already dominates. Write E‖sym Ŵ − L‖² − E‖Ŵ − L‖² with "
                "eq. (bias) and find where it changes sign.")
