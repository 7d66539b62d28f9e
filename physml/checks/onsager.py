"""Self-checks for the exercises of chapter 8 (Onsager reciprocity as a prior)."""
from __future__ import annotations

import jax
import numpy as np

from .. import onsager as O
from . import (
    Wrong,
    as_array,
    as_formula,
    as_number,
    call,
    formula_values,
    grade_choice,
    reject_typical_mistakes,
    task,
)


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
        raise Wrong("your result is symmetric but not the projection of the least-squares fit. In "
                    "np.linalg.lstsq(a, b), which of X and J is the matrix a of the system, and which is the "
                    "right-hand side b?")
    raise Wrong("your result is not symmetric. Which matrix equation does least squares solve when each row "
                "of X and J is one measurement, and how do you then make the fit symmetric?")


# ----------------------------------------------------------------- task 8.2
#: anisotropy ratios r at which a formula is compared (r = 1, where several slips agree, is left out)
GAIN_POINTS = (0.5, 2.0, 5.0, 20.0, 100.0)


def _gain_reference(r):
    """Remaining fraction for n = 2, Σ_ε = diag(1, r), Σ_X = diag(1, 1/r): eq. (gain-general) with C ∝ Σ_X⁻¹."""
    return 0.5 * (1 + (1 + r ** 2) / (1 + r) ** 2)


#: typical wrong derivations: a formula, and the hint its answer gets
_GAIN_MISTAKES = (
    (lambda r: 0.5 * (1 - (1 + r ** 2) / (1 + r) ** 2),
     "that is the fraction the projection removes (the antisymmetric share). The task asks for the fraction "
     "that remains after symmetrising."),
    (lambda r: (1 + r ** 2) / (1 + r) ** 2,
     "at r = 1 your formula gives 1/2, but with isotropic noise and forces two forces keep 3/4 of the error. "
     "How does eq. (gain-general) turn the ratio of traces into the remaining fraction?"),
    (lambda r: 0.5 * (1 + 2 * r / (1 + r) ** 2),
     "is C the covariance of the forces, or its inverse? A force that is varied little determines its column "
     "of Ŵ poorly: should that make C large or small?"),
    (lambda r: 0.5 * (1 + (1 + r ** 4) / (1 + r ** 2) ** 2),
     "the task gives covariances, that is variances, not standard deviations. Which entries do Σ_ε and the "
     "mean of C have?"),
    (lambda r: 0.5 * (1 + 1 / (1 + r)),
     "tr(Σ_ε C) is the trace of a product of two matrices, not the trace of one of them. What is the product "
     "of two diagonal matrices?"),
)


@task("ch08-anisotropic-gain", "Task 8.2, derive the remaining fraction for anisotropic noise and forces")
def _anisotropic_gain(answer):
    formula = as_formula(answer, ("r",), "remaining_fraction")
    r = np.asarray(GAIN_POINTS)
    got = formula_values(formula, [(x,) for x in r], "remaining_fraction should give one number for each ratio r.")
    if not np.all(np.isfinite(got)):
        raise Wrong("your formula is not finite for some r > 0; a fraction of an error is a finite number.")
    if np.allclose(got, _gain_reference(r), rtol=1e-9, atol=1e-12):
        return ("Right: for r ≫ 1 almost all the error sits in the diagonal entry L₂₂, which symmetry cannot "
                "touch. The next cell compares your formula with the Monte Carlo.")
    reject_typical_mistakes(got, ((mistake(r), hint) for mistake, hint in _GAIN_MISTAKES), rtol=1e-9, atol=1e-12)
    if np.ptp(got) < 1e-12:
        raise Wrong("your formula does not depend on r. With a noisy heat meter and small temperature gradients, "
                    "does the error still spread evenly over the four entries?")
    if np.any(got > 1) or np.any(got < 0.5):
        raise Wrong("a remaining fraction lies between 1/2 and 1 (the bounds after eq. (gain-general)), but yours "
                    "leaves that range for some r. Check the traces again.")
    raise Wrong("test your formula at two limits: at r = 1 noise and forces are isotropic (which result of the "
                "chapter applies, and what does it give for n = 2?); for r → ∞, which entry of Ŵ carries almost "
                "all the error, and can symmetrising reduce it?")


# ----------------------------------------------------------------- task 8.3
PSD_DATA_OPTIONS = {
    "a": "PSD/LS falls further: with more data the second law has more to work with",
    "b": "PSD/LS rises towards sym/LS: the PSD step acts in fewer data sets",
    "c": "PSD/LS stays the same, within its Monte Carlo error, like sym/LS",
    "d": "PSD/LS rises above 1: once the data are good, clipping eigenvalues makes the estimate worse",
}


@task("ch08-predict-psd", "Task 8.3, predict what more measurements do to the gain of the PSD step")
def _predict_psd(prediction):
    return grade_choice(prediction, PSD_DATA_OPTIONS, "b", what="your prediction", remark=(
        "Run the next cell to see it, and compare the share of data sets in which the clipping acts."), hints={
        "a": "the clipping changes sym Ŵ only when one of its eigenvalues is negative. With more measurements, "
             "does that happen more often or less often? How does the typical error of an eigenvalue depend on m?",
        "c": "the symmetric projection is linear, so its share of the error counts directions and m drops out. Is "
             "the PSD projection linear? When does it change sym Ŵ at all?",
        "d": "the positive-semidefinite matrices form a convex set that contains L. Can projecting onto such a set "
             "move any single estimate away from L?",
    })


# ----------------------------------------------------------------- task 8.4
SPREAD_OPTIONS = {
    "a": "at n = 2 the blue dots scatter widely about the dashed line, at n = 6 they gather close to it: the "
         "removed error is a sum over the n(n − 1)/2 off-diagonal pairs, and the more pairs, the closer each "
         "data set's share comes to the average share",
    "b": "the scatter about the dashed line is the same for every n; only the dashed line moves, because the "
         "ratio is a count of dimensions",
    "c": "at n = 6 the blue dots scatter more widely about the dashed line, because a larger matrix has more "
         "entries that can be wrong",
    "d": "at n = 2 some blue dots lie above the solid line: for a small matrix, symmetrising can make a single "
         "data set's error larger",
}


@task("ch08-explorer-spread", "Task 8.4, how the scatter of the gain depends on the number of forces")
def _explorer_spread(answer):
    return grade_choice(answer, SPREAD_OPTIONS, "a", remark=(
        "For two forces a single pair (Δ₁₂, Δ₂₁) decides the gain of a data set, so it is as random as "
        "one squared difference; with many pairs the fluctuations average out. The next cell measures "
        "the spread."), hints={
        "b": "look again at n = 2: where do the highest and the lowest blue dots lie? In one data set, is the "
             "share of the error in the antisymmetric part fixed by counting dimensions, or is it random?",
        "c": "a larger matrix has a larger total error, but the height of a dot relative to the dashed line is "
             "a ratio (the axes are logarithmic). How does the relative fluctuation of a sum of many independent "
             "terms change with their number?",
        "d": "can you find a blue dot above the solid line? Does ‖Ŵ − L‖² = ‖sym Ŵ − L‖² + ‖skew Ŵ‖² hold only on "
             "average, and can the last term be negative?",
    })


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
            "n-2": 3 + eta ** 2 * 2 * 1 / (2 * bias),                     # only the 2 × 2 Hall block
            "m-n": n + eta ** 2 * n * (n - 1) / (2 * bias),              # E‖Δ‖² = η²n²/(m − n)
            "m-n-2": n + 2 + eta ** 2 * n * (n - 1) / (2 * bias)}[kind]  # E‖Δ‖² = η²n²/(m − n − 2)


@task("ch08-casimir-crossover", "Task 8.5, where symmetrising stops paying in a magnetic field")
def _casimir_crossover(m_star):
    m = as_number(m_star, "m_star")
    ref = crossover_reference()
    if abs(m - ref) <= 0.7:
        return ("Below this many measurements per field the noise that symmetrising removes outweighs the Hall "
                "part it destroys; above it the bias wins. The next cell checks it by Monte Carlo.")
    if m <= 3:
        raise Wrong("least squares needs at least as many measurements as forces, and its mean error is finite "
                    "only for m > n + 1. Is your m a number of measurements?")
    if abs(m - _crossover_variant("over-m")) <= 1.2:
        raise Wrong("how does the mean least-squares error depend on m? The mean of C = (XᵀX)⁻¹ for standard "
                    "normal forces is not I/m; which denominator does the inverse-Wishart mean have?")
    if min(abs(m - _crossover_variant("m-n")), abs(m - _crossover_variant("m-n-2"))) <= 0.3:
        raise Wrong("check the denominator of the mean least-squares error through your algebra: which one does "
                    "the inverse-Wishart mean of C = (XᵀX)⁻¹ give, and did you keep it when solving for m?")
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
        raise Wrong("too few: at that m symmetrising still reduces the mean error (as the chapter's row m = 10 "
                    "shows). Write E‖sym Ŵ − L‖² − E‖Ŵ − L‖² with eq. (bias) and find where it changes sign.")
    raise Wrong("too many: by then the bias ‖skew L‖² already dominates. Write E‖sym Ŵ − L‖² − E‖Ŵ − L‖² with "
                "eq. (bias) and find where it changes sign.")
