"""Exercise-check cases of physml.checks.landscape: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import jax
import jax.numpy as jnp
import numpy as np

from physml import landscape as L
from physml.checks.landscape import NETWORK_LAMBDA_MAX, STEP_MATRIX, network_problem

LAM = np.linalg.eigvalsh(STEP_MATRIX)



def ref_grad(theta):
    return jax.grad(L.smooth_bowl)(theta)


def ref_network_limit():
    params, loss = network_problem()
    return 2 / L.top_hessian_eigenvalue(loss, params, key=jax.random.key(0), n_iter=200)


NET_LIMIT = ref_network_limit()
# the grader stores lambda_max (so a student's check compiles nothing): it must be the measured value
assert abs(2 / NET_LIMIT - NETWORK_LAMBDA_MAX) < 1e-4, (2 / NET_LIMIT, NETWORK_LAMBDA_MAX)


def ref_classify(h):
    return L.critical_point_type(np.asarray(h))


REFERENCE = {
    "ch01-gradient": ref_grad,
    "ch01-critical-step": 2 / LAM[-1],
    "ch01-predict-overshoot": "b",
    "ch01-optimal-step": lambda lmin, lmax: 2 / (lmin + lmax),
    "ch01-bounce": "(B)",
    "ch01-network-limit": NET_LIMIT,
    "ch02-classify": ref_classify,
    "ch02-goe-2x2": "1 - exp(-t**2/2)/sqrt(2)",
    "ch02-dead-index": (3, 3),
    "ch02-escape-formula": "log(eps/y0) / log(1 + alpha*mu)",
    "ch02-noise-steps": 24,
    "ch02-noise-escape": "b",
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch01-gradient": [
        (lambda t: -ref_grad(t), "uphill"),
        (lambda t: ref_grad(t) - jnp.tanh(t[0] + t[1]), "log cosh"),
        (lambda t: jnp.array([t[0] + jnp.tanh(t[0] + t[1]), 2 * t[1] + jnp.tanh(t[0] + t[1])]), "2y²"),
    ],
    "ch01-critical-step": [(2 / LAM[0], "flattest"), (1 / LAM[-1], "stability edge"), (0.9, "diverges")],
    "ch01-predict-overshoot": [("a", "keeps its sign only if"), ("C", "grows only if"), ("d", "exactly")],
    "ch01-optimal-step": [
        ("1/lmax", "single step"), ("2/lmax", "no longer shrinks"), ("1/(lmin+lmax)", "factor of 2"),
        (lambda lmin, lmax: 2 / (lmax - lmin), "check the signs"), ("1/lmin", "flattest component"),
        ("2/lmin", "stability edge of the flattest"), ("2/sqrt(lmin*lmax)", "no square root"),
        ("(lmin+lmax)/2", "units"), ("0.3", "does not depend"), ("2/(lmin+2*lmax)", "sketch"),
    ],
    "ch01-bounce": [("a", "descent lemma"), ("c", "minima"), ("d", "round-off"), ("e", "above 0.5")],
    "ch01-network-limit": [(2 / NET_LIMIT, "curvature λ_max itself"), (NET_LIMIT / 2, "factor of 2"),
                           (0.9 * NET_LIMIT, "enough iterations")],
    "ch02-classify": [
        (lambda h: ("minimum" if np.all(np.diag(h) > 0) else "maximum" if np.all(np.diag(h) < 0)
                    else "saddle"), "diagonal"),
        (lambda h: ("minimum" if np.all(np.linalg.eigvalsh(h) >= 0) else "maximum"
                    if np.all(np.linalg.eigvalsh(h) <= 0) else "saddle"), "zero eigenvalue"),
    ],
    "ch02-goe-2x2": [
        (1 - 1 / np.sqrt(2), "unshifted value"), (0.2931, "Monte Carlo"), (0.5, "does not depend on t"),
        ("exp(-t**2/2)/sqrt(2)", "complement"), ("(1 - exp(-t**2/2)/sqrt(2))/2", "both signs"),
        ("1 - exp(-t**2)/sqrt(2)", "too fast"), ("1 - exp(-t**2/4)/sqrt(2)", "too slowly"),
        ("1 - exp(-t**2/3)/sqrt(3)", "variances"), ("1 - sqrt(2/3)*exp(-t**2/3)", "variances"),
        ("0.2314 + 0.1*t**2/(1+t**2)", "var b = 1"), ("1 - exp(t**2/2)/sqrt(2)", "between 0 and 1"),
        ("1 - exp(-(t-1)**2/2)/sqrt(2)", "p(−t)"), ("1 - exp(-abs(t))/sqrt(2)", "the square"),
        ("0.5 + 0.2*t**2/(1+t**2)", "coin-flip"), ("log(t)", "not finite"), ("0.3 + t**2/(10+t**2)", "independent"),
    ],
    "ch02-dead-index": [((0, 3), "not a minimum"), ((2, 3), "live units"), ((9, 3), "three parameters"),
                        ((6, 3), "three parameters"), ((3 / 16, 3), "fraction"), ((5, 3), "dead units' downhill"),
                        ((1, 3), "3×3 Hessian block"), ((3, 0), "b₁"), ((3, 6), "vanish"), ((3, 2), "live ones"),
                        ((3, 4), "once per dead unit")],
    "ch02-escape-formula": [
        ("log(eps/y0)/(alpha*mu)", "continuous-time"), ("log(1/y0)/log(1+alpha*mu)", "constant is not"),
        ("log(y0/eps)/log(1+alpha*mu)", "which sign"), ("log(eps/y0)*log(1+alpha*mu)", "multiply or divide"),
        (lambda y0, alpha, mu, eps: np.log10(eps / y0) / np.log1p(alpha * mu), "same base"),
        ("log(eps/y0)/log(1-alpha*mu)", "which sign"), ("1/(2*y0*alpha)", "constant factor"),
        ("log(-y0)", "not finite"), ("log(1/(2*y0))/log(1+alpha)", "special case"),
        ("ceiling(log(eps/y0)/log(1+alpha*mu))", "rounding"), ("floor(log(eps/y0)/log(1+alpha*mu))", "rounding"),
        ("log(eps/y0)/(mu*log(1+alpha))", "outside the logarithm"), ("log(eps/y0)/log(1+alpha)", "depend on μ"),
    ],
    "ch02-noise-steps": [(-24, "positive"), (48, "factor of 100"), (1.47, "ratio"), (0, "−12"), (10, "divide")],
    "ch02-noise-escape": [("a", "tenfold"), ("C", "Hessian"), ("(d)", "straight part")],
}

# (task, text that no message may contain)
SECRETS = [("ch01-critical-step", "0.5"), ("ch01-predict-overshoot", "−0.6"), ("ch01-optimal-step", "2/(lmin"),
           ("ch01-network-limit", f"{NET_LIMIT:.3f}"), ("ch02-goe-2x2", "0.29"),
           ("ch02-goe-2x2", "t²/2"), ("ch02-dead-index", "one negative per dead"),
           ("ch02-escape-formula", "ln(ε/"), ("ch02-noise-steps", "24"), ("ch02-noise-escape", "24 more")]

# what a wrong type's message must say, for tasks answered by a letter or a formula
TYPE_PHRASE = {"ch01-predict-overshoot": "should be one of", "ch01-bounce": "should be one of",
               "ch01-optimal-step": "does not depend", "ch02-escape-formula": "does not depend",
               "ch02-goe-2x2": "does not depend", "ch02-dead-index": "should be a pair",
               "ch02-noise-escape": "should be one of"}

