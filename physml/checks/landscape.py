"""Self-checks for the exercises of chapters 1 and 2 (loss landscapes)."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from .. import landscape as L
from . import Wrong, as_array, as_number, call, task

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
    from . import as_choice

    key = as_choice(prediction, OVERSHOOT_OPTIONS, "your prediction")
    if key == "b":
        return ("Each step multiplies the stiff component by 1 − αλ_max, which is negative and smaller "
                "than 1 in size here: an overshoot that still converges. Run the next cell to see it.")
    raise Wrong({
        "a": "a component keeps its sign only if the factor 1 − αλ that multiplies it is positive. "
             "Is it, for the larger eigenvalue of A and this α?",
        "c": "a component grows only if |1 − αλ| > 1. How does this α compare with 2/λ for the larger "
             "eigenvalue of A?",
        "d": "the size is kept only when |1 − αλ| equals 1 exactly. Work out 1 − αλ for the larger "
             "eigenvalue of A: is its size 1?",
    }[key])


def _formula_values(formula, points):
    from . import StudentError

    values = []
    for lmin, lmax in points:
        try:
            values.append(as_number(formula(lmin, lmax), "the value of your formula"))
        except (TypeError, ValueError):
            raise StudentError("your formula should give a number for numbers lmin and lmax.") from None
    return np.array(values)


@task("ch01-optimal-step", "Task 1.4, the fastest fixed step size on a quadratic")
def _optimal_step(answer):
    from . import as_formula

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
    for ref, hint in typical:
        if np.allclose(got, ref, rtol=1e-8):
            raise Wrong(hint)
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
    from . import as_choice

    key = as_choice(choice, BOUNCE_OPTIONS, "your answer")
    if key == "b":
        return ("Stability is local: the same α is too large for the curvature near the minimum and small "
                "enough for the curvature further out, so the run ends on a stable two-step cycle.")
    raise Wrong({
        "a": "the descent lemma guarantees a decrease below 2/β; does it say anything about what happens "
             "above? Look at the last points of the path: are they still moving outwards?",
        "c": "where does ∇E vanish? Each term of E is convex and the quadratic ones strictly, so how many "
             "minima can E have? And are the last iterates at rest?",
        "d": "the path's size is of order 1, far above round-off. What happens to the same run at "
             "α = 0.525, with the same arithmetic?",
        "e": "move the slider above 0.5: does the run stay bounded? Which terms of E grow quadratically, "
             "and what curvature do they have?",
    }[key])


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
        return "Eigenvalue signs decide the type; a zero eigenvalue leaves the second-order test undecided."
    h, got = wrong[0]
    if np.allclose(h, np.diag(np.diag(h))) and not np.allclose(np.linalg.eigvalsh(h), 0) \
            and any(abs(x) < 1e-12 for x in np.diag(h)):
        raise Wrong("a zero eigenvalue makes the point degenerate: neither sign test applies.")
    if not np.allclose(h, np.diag(np.diag(h))):
        raise Wrong("a matrix with positive diagonal can still have a negative eigenvalue: "
                    "use the eigenvalues (jnp.linalg.eigvalsh), not the diagonal entries.")
    raise Wrong("return 'minimum', 'maximum', 'saddle' or 'degenerate' from the signs of the eigenvalues.")


@task("ch02-goe-2x2", "Task 2.2, probability that a 2×2 GOE matrix is definite")
def _goe(p):
    p = as_number(p, "your probability")
    exact = 1 - 1 / np.sqrt(2)
    if not 0 <= p <= 1:
        raise Wrong("a probability lies between 0 and 1.")
    if abs(p - exact) < 0.005:
        return ("The exact value is 1 − 1/√2: the off-diagonal entry only widens the gap between the "
                "eigenvalues (repulsion), so equal signs are rarer than a coin flip.")
    if abs(p - 0.5) < 0.01:
        raise Wrong("0.5 is the coin-flip guess 2^(1−n): it would hold if b were 0. What does b add to the "
                    "radius ρ of the eigenvalues s ± ρ?")
    if abs(p - exact / 2) < 0.005:
        raise Wrong("count both signs: definite means all eigenvalues positive OR all negative. "
                    "Which event did your condition leave out?")
    if abs(p - 1 / np.sqrt(2)) < 0.005:
        raise Wrong("that is the probability of the complement, eigenvalues of opposite signs. "
                    "Which side of z² = R² is 'definite'?")
    if abs(p - (1 - 1 / np.sqrt(3))) < 0.005:
        raise Wrong("check the law of R² = u² + v² for standard normal u, v: what is its mean, and so "
                    "what is P(R² < t)?")
    raise Wrong("are s = (a+c)/2, d = (a−c)/2 and b independent, and with what variances? Rescale so that the "
                "condition compares z² with u² + v², then average over z; L.prob_definite(2, ...) "
                "tells you the number to aim for.")


@task("ch02-dead-index", "Task 2.3, predicted index of a 2-unit minimum padded with 3 dead units")
def _dead_index(index):
    index = as_number(index, "your predicted index")
    if index == 3:
        return ("Each dead unit's block has eigenvalues κ − |c|, κ, κ + |c| with c = 2⟨r x⟩; only the first is "
                "negative, once per dead unit. Now run the next cell and see it.")
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
    raise Wrong("write the 3×3 Hessian block of one dead unit (w₁, b₁, w₂) from the chapter, count its negative "
                "eigenvalues when |c| > κ, and multiply by the number of dead units.")


def _escape_reference(y0, alpha):
    return np.log(1 / (2 * y0)) / np.log1p(alpha)


@task("ch02-escape-formula", "Task 2.4, the escape time from a strict saddle")
def _escape_formula(answer):
    from . import StudentError, as_formula

    formula = as_formula(answer, ("y0", "alpha"), what="your escape time")
    points = [(y0, alpha) for y0 in (1e-9, 1e-6, 1e-3, 2e-2) for alpha in (0.05, 0.1, 0.3)]
    try:
        with np.errstate(all="ignore"):
            got = np.array([float(np.asarray(formula(y0, alpha), dtype=float).reshape(())) for y0, alpha in points])
    except (TypeError, ValueError):
        raise StudentError("your escape time should give one number for each y0 and alpha.") from None
    want = np.array([_escape_reference(*p) for p in points])
    if np.allclose(got, want, rtol=1e-6, atol=1e-9):
        return ("Near the saddle one step multiplies y by 1 + α, so |y| reaches 1/2 after ln(1/(2|y₀|))/ln(1+α) "
                "steps: logarithmic in the distance from the stable manifold.")
    if not np.all(np.isfinite(got)):
        raise Wrong("your formula is not finite at some small y0 > 0 and alpha in (0, 0.3]: a logarithm of a "
                    "negative number, or a division by zero?")
    if np.ptp(got) < 1e-9 * (1 + np.abs(got).max()):
        raise Wrong("your formula does not depend on y0 or alpha. What does one step of descent do to a small y?")
    # the slope against ln(1/y0) at fixed alpha, and the value at y0 = 1/2 (where no steps are needed)
    slope = np.array([(formula(1e-9, a) - formula(1e-3, a)) / np.log(1e6) for a in (0.05, 0.1, 0.3)], dtype=float)
    if np.all(slope < 0):
        raise Wrong("your escape time decreases as the start gets closer to the saddle: which sign should "
                    "ln|y₀| carry, and is the growth factor per step above or below 1?")
    if np.allclose(slope, 1 / np.array([0.05, 0.1, 0.3]), rtol=1e-6):
        raise Wrong("1/α per e-fold is the continuous-time (gradient flow) answer. By what factor exactly "
                    "does one step of gradient descent multiply y?")
    if np.allclose(slope, np.log1p([0.05, 0.1, 0.3]), rtol=1e-6):
        raise Wrong("solve (1 + α)^k |y₀| = 1/2 for k: do you multiply or divide by ln(1 + α)?")
    if np.allclose(slope, 1 / np.log1p([0.05, 0.1, 0.3]), rtol=1e-6):
        raise Wrong("the slope against ln(1/y₀) is right, the constant is not: at which |y| does the escape "
                    "end, and how many steps does a start there need?")
    if np.allclose(slope, 1 / np.log1p([0.05, 0.1, 0.3]) / np.log(10), rtol=1e-6):
        raise Wrong("a logarithm of base 10 on top and a natural one below? Both logarithms need the same base.")
    raise Wrong("one step multiplies a small y by a constant factor. After k steps, what is |y_k|, and for which "
                "k does it reach 1/2?")


_NOISE_OPTIONS = {
    "a": "the escape step does not change",
    "b": "the escape step grows by about the same number of steps per factor of 10 in sigma",
    "c": "the escape step grows about tenfold per factor of 10 in sigma",
    "d": "below some sigma the run no longer escapes",
}


@task("ch02-noise-escape", "Task 2.5, what noise does on the stable manifold")
def _noise_escape(answer):
    from . import as_choice

    key = as_choice(answer, _NOISE_OPTIONS)
    if key == "b":
        return ("The kicks put y at a distance of order σ from the manifold, and from there the escape takes "
                "ln(1/σ)/ln(1+α) steps up to a constant: about 24 more per factor of 10 at α = 0.1.")
    if key == "a":
        raise Wrong("look at the right panel: where does the straight line of |y_k| start, and does that level "
                    "move with σ?")
    if key == "c":
        raise Wrong("|y_k| grows geometrically, by a factor 1 + α per step. How many extra steps does a tenfold "
                    "smaller start need, then: ten times as many, or a fixed number?")
    raise Wrong("a single kick moves y off the line y = 0. What does the unstable direction do to any y ≠ 0, "
                "however small?")
