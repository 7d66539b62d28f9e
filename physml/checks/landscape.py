"""Self-checks for the exercises of chapters 1 and 2 (loss landscapes)."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from .. import landscape as L
from . import (
    StudentError,
    Wrong,
    as_array,
    as_formula,
    as_number,
    as_number_pair,
    call,
    formula_values,
    grade_choice,
    reject_typical_mistakes,
    task,
)

#: The quadratic of chapter 1's practice, tasks 1.2 and 1.3 (eigenvalues 2 and 4).
STEP_MATRIX = np.array([[3.0, 1.0], [1.0, 3.0]])


# ----------------------------------------------------------------- chapter 1
@task("ch01-gradient", "Task 1.1, the gradient of the smooth bowl")
def _gradient(grad_E):
    rng = np.random.default_rng(11)
    pts = rng.normal(scale=1.5, size=(6, 2))
    ref = np.asarray(jax.vmap(jax.grad(L.smooth_bowl))(jnp.asarray(pts)))
    got = np.array([as_array(call(grad_E, jnp.asarray(p), what="grad_E"), shape=(2,),
                             what="grad_E(theta)") for p in pts])
    if np.allclose(got, ref, atol=1e-6):
        return "It matches jax.grad at random points."
    if np.allclose(got, -ref, atol=1e-6):
        raise Wrong("your vector points downhill; the gradient points uphill (the force is −∇E).")
    t = np.tanh(pts[:, 0] + pts[:, 1])
    if np.allclose(got, ref - t[:, None], atol=1e-6):
        raise Wrong("your result matches ½x² + 2y² alone. What does the chain rule give for ∂/∂x and ∂/∂y "
                    "of log cosh(x + y)?")
    if np.allclose(got[:, 0], ref[:, 0], atol=1e-6):
        raise Wrong("the x-component is right; recheck ∂E/∂y — what is d(2y²)/dy?")
    raise Wrong("differentiate each of the three terms of E separately and add them.")


@task("ch01-critical-step", "Task 1.3, the largest stable step size")
def _critical_step(alpha):
    alpha = as_number(alpha, "your step size")
    lam = np.linalg.eigvalsh(STEP_MATRIX)
    exact = 2.0 / lam[-1]
    if abs(alpha - exact) <= 0.01 * exact:
        return "Above 2/λ_max the stiffest mode is multiplied by |1 − αλ_max| > 1 each step."
    if abs(alpha - 2.0 / lam[0]) <= 0.01 * 2.0 / lam[0]:
        raise Wrong("that is the limit for the flattest direction; the steepest direction diverges first.")
    if abs(alpha - 1.0 / lam[-1]) <= 0.01 / lam[-1]:
        raise Wrong("at that step the stiffest mode is removed in one step (the fastest rate for that mode "
                    "alone); "
                    "the stability edge is where |1 − αλ| reaches 1.")
    if alpha > exact:
        raise Wrong("at that step size the run diverges: move the slider down and watch |θ|.")
    raise Wrong("runs still converge a little above that: move the slider up until |θ| stops shrinking.")


#: Task 1.2: what the component of θ along the stiff eigenvector of STEP_MATRIX does at α = 0.4.
OVERSHOOT_STEP = 0.4
OVERSHOOT_OPTIONS = {
    "a": "it shrinks at every step and keeps its sign, as under gradient flow",
    "b": "it flips its sign at every step and shrinks",
    "c": "it flips its sign at every step and grows",
    "d": "it flips its sign at every step and keeps its size",
}


@task("ch01-predict-overshoot", "Task 1.2, your prediction for the stiff direction")
def _predict_overshoot(prediction):
    return grade_choice(prediction, OVERSHOOT_OPTIONS, "b", what="your prediction", remark=(
        "Each step multiplies the stiff component by 1 − αλ_max, which is negative and smaller "
        "than 1 in size here: an overshoot that still converges. Run the next cell to see it."), hints={
        "a": "a component keeps its sign only if the factor 1 − αλ that multiplies it is positive. "
             "Is it, for the larger eigenvalue of A and this α?",
        "c": "a component grows only if |1 − αλ| > 1. How does this α compare with 2/λ for the larger "
             "eigenvalue of A?",
        "d": "the size is kept only when |1 − αλ| equals 1 exactly. Work out 1 − αλ for the larger "
             "eigenvalue of A: is its size 1?",
    })


def _formula_values(formula, points):
    values = []
    for lmin, lmax in points:
        try:
            values.append(as_number(formula(lmin, lmax), "the value of your formula"))
        except (TypeError, ValueError):
            raise StudentError("your formula should give a number for numbers lmin and lmax.") from None
    return np.array(values)


@task("ch01-optimal-step", "Task 1.4, the fastest fixed step size on a quadratic")
def _optimal_step(answer):
    formula = as_formula(answer, ("lmin", "lmax"), "your step size")
    rng = np.random.default_rng(21)
    lmin = rng.uniform(0.2, 2.0, 6)
    lmax = lmin * rng.uniform(2.0, 30.0, 6)
    got = _formula_values(formula, zip(lmin, lmax))
    if np.allclose(got, 2 / (lmin + lmax), rtol=1e-8):
        return ("Both directions then shrink by the same factor (λmax − λmin)/(λmax + λmin) per step: "
                "close to 1 when the condition number λmax/λmin is large.")
    if np.allclose(got, got[0], rtol=1e-12):
        raise Wrong("your formula does not depend on lmin or lmax; the best step must depend on the curvatures.")
    typical = [
        (1 / lmax, "that step clears the stiffest component in a single step. What factor does the flattest "
                   "component get then, and could a somewhat larger α make the worse of the two factors smaller?"),
        (2 / lmax, "at that step the stiffest component no longer shrinks at all (|1 − αλmax| = 1). The best "
                   "step balances the two worst factors: must it lie below or above this one?"),
        (1 / (lmin + lmax), "close, but a factor of 2 is off. At the balance point, what sign does "
                            "1 − αλmin have, and what sign does 1 − αλmax have?"),
        (2 / (lmax - lmin), "check the signs: at the balance point 1 − αλmin is positive and 1 − αλmax "
                            "negative. Which equation for α do equal sizes then give?"),
        (1 / lmin, "that step clears the flattest component in one step. What does it do to the stiffest "
                   "one? Compare it with 2/λmax."),
        (2 / lmin, "that is the stability edge of the flattest direction; the stiffest one diverges long "
                   "before. Which eigenvalue limits how large α may be?"),
        (1 / np.sqrt(lmin * lmax), "the two factors are linear in α, so the balance point solves a linear "
                                   "equation: no square root should appear."),
        (2 / np.sqrt(lmin * lmax), "the two factors are linear in α, so the balance point solves a linear "
                                   "equation: no square root should appear."),
        ((lmin + lmax) / 2, "check the units: αλ is a pure number, so α has the units of 1/λ."),
    ]
    reject_typical_mistakes(got, typical, rtol=1e-8)
    raise Wrong("sketch |1 − αλmin| and |1 − αλmax| against α on one plot. Where is the larger of the "
                "two as small as it can be?")


#: Task 1.5: why a run at α = 0.45 on the smooth bowl neither converges nor diverges.
BOUNCE_OPTIONS = {
    "a": "above 2/β the energy must rise at every step, so the run does diverge in the end; 40 steps are "
         "too few to see it",
    "b": "near the minimum the curvature exceeds 2/α and repels the iterates; further out it is below 2/α, "
         "and they settle on a cycle",
    "c": "the iterates have found a second, shallower minimum of E away from the origin and are trapped "
         "near it",
    "d": "rounding errors of floating-point arithmetic build up over the steps and happen to keep the run "
         "bounded",
    "e": "E grows only linearly far from the origin, so no step size, however large, can make gradient "
         "descent diverge",
}


@task("ch01-bounce", "Task 1.5, why the run bounces")
def _bounce(choice):
    return grade_choice(choice, BOUNCE_OPTIONS, "b", what="your answer", remark=(
        "Stability is local: the same α is too large for the curvature near the minimum and small "
        "enough for the curvature further out, so the run ends on a stable two-step cycle."), hints={
        "a": "the descent lemma guarantees a decrease below 2/β; does it say anything about what happens "
             "above? Look at the last points of the path: are they still moving outwards?",
        "c": "where does ∇E vanish? Each term of E is convex and the quadratic ones strictly, so how many "
             "minima can E have? And are the last iterates at rest?",
        "d": "the path's size is of order 1, far above round-off. What happens to the same run at "
             "α = 0.525, with the same arithmetic?",
        "e": "move the slider above 0.5: does the run stay bounded? Which terms of E grow quadratically, "
             "and what curvature do they have?",
    })


#: Task 1.6: the network, data and loss whose stability limit the student measures.
NETWORK_SIZES = (1, 8, 8, 1)
NETWORK_SEED = 3
#: Its largest Hessian eigenvalue at the start, by power iteration (stored, so that a check costs no
#: compilation; tests/check_cases/landscape.py measures it again with network_problem()).
NETWORK_LAMBDA_MAX = 8.75579

_NETWORK = {}


def network_problem():
    """The parameters and the loss of task 1.6 (the same objects on every call, so compiled once)."""
    if "problem" not in _NETWORK:
        from ..nn import mlp, mlp_init

        x = jnp.linspace(-2.0, 2.0, 16)[:, None]
        y = jnp.tanh(3 * x)

        def loss(params):
            return jnp.mean((mlp(params, x) - y) ** 2)

        _NETWORK["problem"] = mlp_init(NETWORK_SIZES, key=jax.random.key(NETWORK_SEED)), loss
    return _NETWORK["problem"]


@task("ch01-network-limit", "Task 1.6, the stability limit of a network")
def _network_limit(alpha_max):
    alpha = as_number(alpha_max, "alpha_max")
    lam = NETWORK_LAMBDA_MAX
    exact = 2 / lam
    if abs(alpha - exact) <= 0.01 * exact:
        return ("The largest curvature at initialisation sets the step size at which gradient descent "
                "would start to overshoot there; training changes the curvature, as the next cell shows.")
    if abs(alpha - lam) <= 0.01 * lam:
        raise Wrong("that is the curvature λ_max itself. A step size has the units of 1/λ: which "
                    "combination of λ_max is the stability limit?")
    if abs(alpha - 1 / lam) <= 0.01 / lam:
        raise Wrong("a factor of 2 is off: at which value of αλ does |1 − αλ| reach 1?")
    if alpha <= 0:
        raise Wrong("a step size is positive.")
    raise Wrong("measure λ_max at the starting parameters with L.top_hessian_eigenvalue(loss, params, "
                "key=..., n_iter=...) and use enough iterations for it to settle. What limit does it give?")


# ----------------------------------------------------------------- chapter 2
_CLASSIFY_CASES = [
    (np.diag([1.0, 2.0, 3.0]), "minimum"),
    (np.diag([-1.0, -0.5]), "maximum"),
    (np.array([[1.0, 2.0], [2.0, 1.0]]), "saddle"),      # positive diagonal, eigenvalues 3 and -1
    (np.diag([1.0, 0.0, 2.0]), "degenerate"),
    (np.array([[-2.0, 0.0], [0.0, 3.0]]), "saddle"),
]


@task("ch02-classify", "Task 2.1, classifying critical points")
def _classify(classify):
    wrong = []
    for h, expected in _CLASSIFY_CASES:
        got = call(classify, jnp.asarray(h), what="classify")
        if not isinstance(got, str):
            raise Wrong(f"classify should return a string such as 'minimum', got a {type(got).__name__}.")
        if got.strip().lower() != expected:
            wrong.append((h, got))
    if not wrong:
        return ("Eigenvalue signs decide the type. By convention any zero eigenvalue gives 'degenerate'; the "
                "second-order test is truly silent only when the nonzero eigenvalues share one sign.")
    h, got = wrong[0]
    if np.allclose(h, np.diag(np.diag(h))) and not np.allclose(np.linalg.eigvalsh(h), 0) \
            and any(abs(x) < 1e-12 for x in np.diag(h)):
        raise Wrong("the task's convention labels a point with a zero eigenvalue 'degenerate'. Which of your "
                    "tests lets a zero eigenvalue through as if it had a sign?")
    if not np.allclose(h, np.diag(np.diag(h))):
        raise Wrong("does a positive diagonal guarantee positive curvature in every direction? Try "
                    "[[1, 2], [2, 1]] along the direction (1, −1).")
    raise Wrong("return 'minimum', 'maximum', 'saddle' or 'degenerate' from the signs of the eigenvalues.")


def _shifted_goe_reference(t):
    return 1 - np.exp(-t ** 2 / 2) / np.sqrt(2)


@task("ch02-goe-2x2", "Task 2.2, probability that a shifted 2×2 GOE matrix is definite")
def _goe(answer):
    if isinstance(answer, (int, float, np.floating, np.integer)) and not isinstance(answer, bool):
        answer = str(float(answer))      # a bare number: graded as a p(t) that does not depend on t
    formula = as_formula(answer, ("t",), what="your probability p(t)")
    ts = np.array([-2.0, -0.7, 0.0, 0.3, 1.0, 1.5, 2.5])
    got = formula_values(formula, [(t,) for t in ts], "your probability should give one number for each shift t.")
    want = _shifted_goe_reference(ts)
    if np.allclose(got, want, rtol=1e-9, atol=1e-12):
        return ("The shift moves the mean s of the eigenvalues to t while the radius ρ keeps its law; at t = 0 "
                "the off-diagonal repulsion gives 1 − 1/√2, well below the coin flip, and a large shift "
                "|t| makes definiteness likely.")
    if not np.all(np.isfinite(got)):
        raise Wrong("your formula is not finite for some real shift t: a division by zero, or a logarithm?")
    if np.ptp(got) < 1e-9 * (1 + np.abs(got).max()):
        if abs(got[0] - (1 - 1 / np.sqrt(2))) < 0.01:
            raise Wrong("that is the unshifted value at t = 0 (or a Monte Carlo number near it); your answer does "
                        "not depend on t. The task asks for the exact p(t): what does the shift do to s?")
        raise Wrong("your probability does not depend on t. Which of s, d, b does the shift tI change?")
    if np.any(got < -1e-12) or np.any(got > 1 + 1e-12):
        raise Wrong("a probability lies between 0 and 1 for every t; at which shifts does yours leave [0, 1]?")
    with np.errstate(all="ignore"):
        mirrored = np.array([float(np.asarray(formula(-t), dtype=float).reshape(())) for t in ts])
    if not np.allclose(got, mirrored, rtol=1e-6, atol=1e-9):
        raise Wrong("M + tI and −(M − tI) have the same chance of being definite, and −M is again a GOE matrix: "
                    "should p(−t) differ from p(t)?")
    if np.allclose(got, 1 - want, rtol=1e-6, atol=1e-9):
        raise Wrong("that is the probability of the complement, eigenvalues of opposite signs. Which side of "
                    "s² = ρ² is 'definite'?")
    if np.allclose(got, want / 2, rtol=1e-6, atol=1e-9):
        raise Wrong("count both signs: definite means both eigenvalues positive OR both negative. Which event "
                    "did your condition leave out?")
    if abs(got[2] - 0.5) < 0.01:
        raise Wrong("at t = 0 you get the coin-flip value 1/2: it would hold if b were 0. What does b add to the "
                    "radius ρ of the eigenvalues s ± ρ?")
    if abs(got[2] - 0.2314) < 0.005:
        raise Wrong("your t = 0 value corresponds to var b = 1. What is the variance of b = (G₁₂ + G₂₁)/2?")
    if abs(got[2] - (1 - np.sqrt(2 / 3))) < 0.005 or abs(got[2] - (1 - 1 / np.sqrt(3))) < 0.005:
        raise Wrong("check the variances: what are var s for s = (a + c)/2, and the mean of ρ² = d² + b², "
                    "and so what is P(ρ² < s²) for fixed s?")
    if abs(got[2] - (1 - 1 / np.sqrt(2))) < 1e-6:
        off = ts != 0
        if np.all(got[off] < want[off]) or np.all(got[off] > want[off]):
            speed = "too slowly" if np.all(got[off] < want[off]) else "too fast"
            raise Wrong(f"right at t = 0, but away from it your p(t) moves towards 1 {speed}. Complete the square in "
                        "the Gaussian integral again: which factor multiplies t² in the exponent?")
        raise Wrong("right at t = 0, not for t ≠ 0. Average P(ρ² < s²) over s ~ N(t, ½) and complete the square "
                    "in the exponent: what is left of t?")
    raise Wrong("are s = (a+c)/2, d = (a−c)/2 and b independent, and with what variances? Which of them does "
                "the shift change? Find P(ρ² < s²) for fixed s, then average over the law of s.")


@task("ch02-dead-index", "Task 2.3, predicted index and zero modes of a 2-unit minimum padded with 3 dead units")
def _dead_index(answer):
    index, zeros = as_number_pair(answer, "index", "zero eigenvalues at κ = 0", what="your prediction",
                                  first_what="your predicted index",
                                  second_what="your predicted number of zero eigenvalues")
    if abs(index - 3 / 16) < 0.01:
        raise Wrong("that is the fraction of negative eigenvalues (Dauphin et al.'s measure); the question asks "
                    "for their number.")
    if index == 0:
        raise Wrong("a minimum of the 2-unit network is not a minimum of the 5-unit one. In which direction "
                    "does switching on a dead unit lower the loss?")
    if index == 2:
        raise Wrong("the live units sit at a minimum of the smaller network, so their block has no negative "
                    "eigenvalue. Which units contribute the downhill directions?")
    if index in (6, 9):
        raise Wrong("a dead unit has three parameters but not three downhill directions: of κ − |c|, κ and "
                    "κ + |c|, how many are negative?")
    if index == 5:
        raise Wrong("count only the dead units' downhill directions, and ask how many each one contributes.")
    if index != 3:
        raise Wrong("write the 3×3 Hessian block of one dead unit (w₁, b₁, w₂) from the chapter, count its negative "
                    "eigenvalues when |c| > κ, and multiply by the number of dead units.")
    if zeros == 3:
        return ("Each dead unit's block has eigenvalues κ − |c|, κ, κ + |c| with c = 2⟨r x⟩: one negative per dead "
                "unit, and without decay its middle eigenvalue, b₁'s, is zero. Now run the next cell and see it.")
    if zeros == 0:
        raise Wrong("the index is right. Without decay, what does the loss feel when you change b₁ of a dead "
                    "unit while its w₁ and w₂ stay 0?")
    if zeros in (6, 9):
        raise Wrong("the index is right. Set κ = 0 in the block: which of its three eigenvalues vanish, given "
                    "that |c| > 0?")
    if zeros in (1, 2, 5):
        raise Wrong("the index is right. The zero modes come from the dead units, not the live ones (the 2-unit "
                    "Hessian is positive definite at its minimum): how many does each dead unit give?")
    raise Wrong("the index is right. Set κ = 0 in the dead-unit block and count its zero eigenvalues, once per "
                "dead unit.")


def _escape_reference(y0, alpha, mu, eps):
    return np.log(eps / y0) / np.log1p(alpha * mu)


@task("ch02-escape-formula", "Task 2.4, the escape time from a strict saddle of curvature −μ")
def _escape_formula(answer):
    formula = as_formula(answer, ("y0", "alpha", "mu", "eps"), what="your escape time")
    rng = np.random.default_rng(5)
    points = [(10.0 ** rng.uniform(-10, -3), rng.uniform(0.02, 0.3), rng.uniform(0.3, 3.0), rng.uniform(0.05, 0.5))
              for _ in range(12)]
    got = formula_values(formula, points, "your escape time should give one number for each y0, alpha, mu and eps.")
    want = np.array([_escape_reference(*q) for q in points])
    if np.allclose(got, want, rtol=1e-6, atol=1e-9):
        return ("Near the saddle one step multiplies y by 1 + αμ, so |y| reaches ε after ln(ε/|y₀|)/ln(1 + αμ) "
                "steps: logarithmic in the distance from the stable manifold.")
    if not np.all(np.isfinite(got)):
        raise Wrong("your formula is not finite at some small y0 > 0, alpha in (0, 0.3], mu > 0 and eps < 1: a "
                    "logarithm of a negative number, or a division by zero?")
    if np.ptp(got) < 1e-9 * (1 + np.abs(got).max()):
        raise Wrong("your formula does not depend on y0, alpha, mu or eps. What does one step of descent do to a "
                    "small y?")
    if np.all(np.abs(got - want) < 1 + 1e-9):
        raise Wrong("right up to rounding to a whole step. Give the unrounded, real-valued k (no ceil or floor).")
    if np.allclose(got, [_escape_reference(y0, a, 1.0, 0.5) for y0, a, _, _ in points], rtol=1e-6):
        raise Wrong("that is the chapter's special case μ = 1, ε = 1/2. Where do the curvature μ and the "
                    "threshold ε enter?")
    # the slope against ln(1/y0) at fixed (alpha, mu, eps), which the threshold does not change
    settings = [(0.05, 0.5, 0.1), (0.1, 1.0, 0.5), (0.3, 2.0, 0.2)]
    slope = (formula_values(formula, [(1e-9, *q) for q in settings])
             - formula_values(formula, [(1e-3, *q) for q in settings]))
    slope /= np.log(1e6)
    rate = np.array([a * m for a, m, _ in settings])
    if np.all(slope < 0):
        raise Wrong("your escape time decreases as the start gets closer to the saddle: which sign should "
                    "ln|y₀| carry, and is the growth factor per step above or below 1?")
    if np.allclose(slope, 1 / rate, rtol=1e-6):
        raise Wrong("1/(αμ) per e-fold is the continuous-time (gradient flow) answer. By what factor exactly "
                    "does one step of gradient descent multiply y?")
    if np.allclose(slope, np.log1p(rate), rtol=1e-6):
        raise Wrong("solve (1 + αμ)^k |y₀| = ε for k: do you multiply or divide by the logarithm?")
    if np.allclose(slope, 1 / (np.array([m for _, m, _ in settings]) * np.log1p([a for a, _, _ in settings])),
                   rtol=1e-6):
        raise Wrong("μ sits outside the logarithm in your slope. Does one step multiply y by (1 + α)^μ, or by "
                    "something else? Write the step for y near 0.")
    if np.allclose(slope, 1 / np.log1p([a for a, _, _ in settings]), rtol=1e-6):
        raise Wrong("your slope does not depend on μ. What is the gradient of f along y near the saddle, and "
                    "so what does one step multiply y by?")
    if np.allclose(slope, 1 / np.log1p(rate), rtol=1e-6):
        raise Wrong("the slope against ln(1/y₀) is right, the constant is not: at which |y| does the escape "
                    "end, and how many steps does a start there need?")
    if np.allclose(slope, 1 / np.log1p(rate) / np.log(10), rtol=1e-6):
        raise Wrong("a logarithm of base 10 on top and a natural one below? Both logarithms need the same base.")
    raise Wrong("one step multiplies a small y by a constant factor. After k steps, what is |y_k|, and for which "
                "k does it reach ε?")


@task("ch02-noise-steps", "Task 2.5, extra escape steps per factor of 10 in the noise")
def _noise_steps(steps):
    steps = as_number(steps, "your number of steps")
    if 20 <= steps <= 28:
        return "About ln 10/ln(1 + α) ≈ 24 extra steps for every factor of 10 smaller σ, at α = 0.1."
    if -28 <= steps <= -20:
        raise Wrong("the escape comes later for weaker noise: give the extra steps as a positive number.")
    if 40 <= steps <= 56:
        raise Wrong("that is the change over a factor of 100 in σ (two slider units). What is it per factor of 10?")
    if 1.1 < steps < 2:
        raise Wrong("that looks like a ratio of two escape steps; the question asks for their difference, per "
                    "factor of 10 in σ.")
    if abs(steps) < 3:
        raise Wrong("did you tick noise and set log₁₀|y₀| to −12? A start far above σ escapes at the noiseless "
                    "step, whatever σ is.")
    raise Wrong("read the escape step at log₁₀σ = −4 and at −10, and divide their difference by the number of "
                "factors of 10 between the two σ.")


_NOISE_OPTIONS = {
    "a": "each kick adds about sigma, and the kicks must add up to 1/2, which takes a number of steps ~ 1/sigma",
    "b": "the first kicks set a distance ~ sigma from the manifold, from which |y| grows by 1 + alpha per step",
    "c": "the noise lowers the curvature along y by an amount that depends on ln(sigma)",
    "d": "only the last kick matters: it must carry y past 1/2, and large kicks are rare",
}


@task("ch02-noise-escape", "Task 2.5, why noise on the stable manifold costs a fixed number of steps per decade")
def _noise_escape(answer):
    return grade_choice(answer, _NOISE_OPTIONS, "b", remark=(
        "The kicks put y at a distance of order σ from the manifold, and from there the escape takes "
        "ln(1/σ)/ln(1+α) steps up to a constant: about 24 more per factor of 10 at α = 0.1."), hints={
        "a": "a count of steps proportional to 1/σ would grow tenfold per factor of 10, not by a fixed "
             "number. What does the unstable direction do, step after step, to the kicks already made?",
        "c": "the kick σξ adds to the step; does it change ∇f or its Hessian? Compare the slope of the "
             "straight part of |y_k| at two values of σ.",
        "d": "a kick of 10⁻⁸ is tiny next to 1/2. Where does the straight part of |y_k| start, and what carries "
             "y from there to 1/2?",
    })
