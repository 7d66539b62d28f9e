"""Exercise-check cases of physml.checks.landscape: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import jax
import jax.numpy as jnp
import numpy as np

from physml import landscape as L
from physml.checks.landscape import STEP_MATRIX

LAM = np.linalg.eigvalsh(STEP_MATRIX)



def ref_grad(theta):
    return jax.grad(L.smooth_bowl)(theta)


def ref_gd(grad, theta0, learning_rate, n_steps):
    return L.gradient_descent(grad, theta0, learning_rate, n_steps)


def ref_power(matvec, x0, n):
    x = x0 / jnp.linalg.norm(x0)
    for _ in range(n):
        y = matvec(x)
        x = y / jnp.linalg.norm(y)
    return float(x @ matvec(x))


def ref_classify(h):
    return L.critical_point_type(np.asarray(h))


REFERENCE = {
    "ch01-gradient": ref_grad,
    "ch01-critical-step": 2 / LAM[-1],
    "ch01-gradient-descent": ref_gd,
    "ch01-power-iteration": ref_power,
    "ch02-classify": ref_classify,
    "ch02-goe-2x2": 0.2931,
    "ch02-escape-slope": 10.45,
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch01-gradient": [
        (lambda t: -ref_grad(t), "uphill"),
        (lambda t: ref_grad(t) - jnp.tanh(t[0] + t[1]), "log cosh"),
        (lambda t: jnp.array([t[0] + jnp.tanh(t[0] + t[1]), 2 * t[1] + jnp.tanh(t[0] + t[1])]), "2y²"),
    ],
    "ch01-critical-step": [(2 / LAM[0], "flattest"), (1 / LAM[-1], "stability edge"), (0.9, "diverges")],
    "ch01-gradient-descent": [
        (lambda g, t, lr, n: ref_gd(g, t, lr, n)[1:], "starting point"),
        (lambda g, t, lr, n: ref_gd(lambda th: -g(th), t, lr, n), "climbs"),
    ],
    "ch01-power-iteration": [
        (lambda mv, x0, n: x0 / jnp.linalg.norm(x0), "eigenvector"),
        (lambda mv, x0, n: 1.0, "norm"),
    ],
    "ch02-classify": [
        (lambda h: ("minimum" if np.all(np.diag(h) > 0) else "maximum" if np.all(np.diag(h) < 0)
                    else "saddle"), "diagonal"),
        (lambda h: ("minimum" if np.all(np.linalg.eigvalsh(h) >= 0) else "maximum"
                    if np.all(np.linalg.eigvalsh(h) <= 0) else "saddle"), "zero eigenvalue"),
    ],
    "ch02-goe-2x2": [(0.5, "coin-flip"), (0.146, "both signs"), (1.7, "between 0 and 1")],
    "ch02-escape-slope": [(10.0, "continuous-time"), (np.log1p(0.1), "inverse")],
}

# (task, text that no message may contain)
SECRETS = [("ch01-critical-step", "0.5"), ("ch02-goe-2x2", "0.29"), ("ch02-escape-slope", "10.4")]
