"""Self-checks for the exercises of chapters 1 and 2 (loss landscapes)."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from .. import landscape as L
from . import Wrong, as_array, as_number, call, task

#: The quadratic of chapter 1's practice, task 1.2 (eigenvalues 2 and 4).
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
        raise Wrong("the coupling term log cosh(x + y) is missing: it adds tanh(x + y) to both components.")
    if np.allclose(got[:, 0], ref[:, 0], atol=1e-6):
        raise Wrong("the x-component is right; recheck ∂E/∂y — what is d(2y²)/dy?")
    raise Wrong("differentiate each of the three terms of E separately and add them.")


@task("ch01-critical-step", "Task 1.2, the largest stable step size")
def _critical_step(alpha):
    alpha = as_number(alpha, "your step size")
    lam = np.linalg.eigvalsh(STEP_MATRIX)
    exact = 2.0 / lam[-1]
    if abs(alpha - exact) <= 0.01 * exact:
        return "Above 2/λ_max the stiffest mode is multiplied by |1 − αλ_max| > 1 each step."
    if abs(alpha - 2.0 / lam[0]) <= 0.01 * 2.0 / lam[0]:
        raise Wrong("that is the limit for the flattest direction; the steepest direction diverges first.")
    if abs(alpha - 1.0 / lam[-1]) <= 0.01 / lam[-1]:
        raise Wrong("at that step the stiffest mode is removed in one step (the fastest rate); "
                    "the stability edge is where |1 − αλ| reaches 1.")
    if alpha > exact:
        raise Wrong("at that step size the run diverges: move the slider down and watch |θ|.")
    raise Wrong("runs still converge a little above that: move the slider up until |θ| stops shrinking.")


@task("ch01-gradient-descent", "Task 1.3, your gradient-descent loop")
def _gradient_descent(my_gd):
    A = jnp.asarray(STEP_MATRIX)
    grad = lambda th: A @ th  # noqa: E731
    theta0 = jnp.array([1.0, -0.5])
    ref = np.asarray(L.gradient_descent(grad, theta0, 0.1, 5))
    got = as_array(call(my_gd, grad, theta0, 0.1, 5, what="my_gradient_descent"),
                   what="my_gradient_descent(...)")
    if got.shape == (5, 2) and np.allclose(got, ref[1:], atol=1e-9):
        raise Wrong("the first row should be the starting point θ₀: return n_steps + 1 rows.")
    if got.shape != ref.shape:
        raise Wrong(f"for n_steps=5 and a 2-vector θ₀ the result should have shape {ref.shape}, "
                    f"got {got.shape}.")
    if np.allclose(got, ref, atol=1e-9):
        return "Row k is θ_k; the energy falls at every step for this small α."
    ascent = np.asarray(L.gradient_descent(lambda th: -(A @ th), theta0, 0.1, 5))
    if np.allclose(got, ascent, atol=1e-9):
        raise Wrong("this climbs: the update subtracts α∇E.")
    raise Wrong("check the update θ ← θ − α ∇E(θ) and that row k holds θ after k steps.")


@task("ch01-power-iteration", "Task 1.4, top eigenvalue by power iteration")
def _power_iteration(power_iteration):
    rng = np.random.default_rng(5)
    q, _ = np.linalg.qr(rng.normal(size=(6, 6)))
    lam = np.array([5.0, 2.0, 1.0, 0.5, 0.3, 0.1])
    M = jnp.asarray(q @ np.diag(lam) @ q.T)
    x0 = jnp.asarray(rng.normal(size=6))
    out = call(power_iteration, lambda x: M @ x, x0, 200, what="power_iteration")
    if np.ndim(out) > 0 and np.size(out) == 6:
        raise Wrong("you returned the eigenvector; return the eigenvalue, the Rayleigh quotient xᵀMx / xᵀx.")
    val = as_number(out, "power_iteration(...)")
    if abs(val - 5.0) < 1e-6:
        return "Only products M·x were needed — with a Hessian these are Hessian-vector products."
    if abs(val - 1.0) < 1e-6:
        raise Wrong("1 is the norm of the normalised vector; the eigenvalue is xᵀ(Mx) for unit x.")
    raise Wrong("iterate x ← Mx/‖Mx‖, then return xᵀ(Mx) for the final unit vector x.")


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
    if abs(p - exact) < 0.01:
        return "The exact value is 1 − 1/√2; eigenvalue repulsion makes equal signs rarer than a coin flip."
    if abs(p - 0.5) < 0.01:
        raise Wrong("0.5 is the coin-flip guess 2^(1−n); sample matrices and count instead.")
    if abs(p - exact / 2) < 0.01:
        raise Wrong("count both signs: all eigenvalues positive OR all negative.")
    raise Wrong("draw G with i.i.d. N(0,1) entries, M = (G + Gᵀ)/2, and count how often "
                "both eigenvalues have the same sign (use ≥ 10⁴ samples).")


@task("ch02-escape-slope", "Task 2.3, the slope of escape time against log(1/|y₀|)")
def _escape(slope):
    slope = as_number(slope, "your slope")
    alpha = L.SADDLE_LEARNING_RATE
    exact = 1 / np.log1p(alpha)
    if abs(slope - exact) <= 0.02 * exact:
        return "Near the saddle y grows by (1 + α) per step, so escaping takes ln(1/|y₀|)/ln(1+α) steps."
    if abs(slope - 1 / alpha) <= 0.01 / alpha:
        raise Wrong("1/α is the continuous-time (gradient flow) answer; one GD step multiplies y by (1 + α).")
    if abs(slope - np.log1p(alpha)) <= 0.02 * np.log1p(alpha):
        raise Wrong("that is the growth rate per step; the slope in steps per e-fold is its inverse.")
    raise Wrong("fit steps = a + s·ln(1/|y₀|) to the escape times the slider shows (np.polyfit).")
