"""Exercise-check cases of physml.checks.capstone_pendulum (capstone A): the reference answer of each
milestone, typical wrong answers with a phrase their hint must contain, and what the messages must never
reveal."""
import jax.numpy as jnp
import numpy as np

from physml.checks.capstone_pendulum import (
    hamiltonian_variant,
    lagrangian_flow,
    lyapunov_reference,
    midpoint_variant,
)

LAMBDA = lyapunov_reference()


def step_variant(kind):
    return lambda H, y, dt: midpoint_variant(kind, H, y, dt)


def fixed_point_step(H, y, dt, n_iter=60):
    """The worked solution's step: the implicit midpoint rule by fixed-point iteration (not Newton)."""
    import jax

    dq, dp = jax.grad(H, argnums=0), jax.grad(H, argnums=1)
    n = y.shape[0] // 2

    def f(z):
        return jnp.concatenate([dp(z[:n], z[n:]), -dq(z[:n], z[n:])])

    z = y
    for _ in range(n_iter):
        z = y + dt * f(0.5 * (y + z))
    return z


def perturbed_H(scale):
    """A stand-in for a learned H: the true H plus a smooth error of relative size ``scale``."""
    H = hamiltonian_variant("right")
    return lambda q, p: H(q, p) + scale * (jnp.sin(q[0] + 0.3) * p[1] + 0.5 * q[1] ** 2 + 0.4 * p[0] * q[0])


def backwards_H(q, p):
    return -perturbed_H(0.003)(q, p)


REFERENCE = {
    "capstone-pendulum-hamiltonian": hamiltonian_variant("right"),
    "capstone-pendulum-reference": 3.8e-11,
    "capstone-pendulum-learned": perturbed_H(0.02),
    "capstone-pendulum-midpoint": fixed_point_step,
    "capstone-pendulum-order": 2.03,
    "capstone-pendulum-long-run": "b",
    "capstone-pendulum-lyapunov": LAMBDA * 1.03,
    "capstone-pendulum-horizon": "log(tolerance/delta0)/lam",
}

WRONG = {
    "capstone-pendulum-hamiltonian": [
        (hamiltonian_variant("mass-matrix"), "M⁻¹"), (hamiltonian_variant("potential-sign"), "sign of the potential"),
        (hamiltonian_variant("one-mass-potential"), "both masses"),
        (hamiltonian_variant("plus-coupling"), "cross term"),
        (hamiltonian_variant("sum-angle"), "θ₁ − θ₂"), (hamiltonian_variant("swapped-masses"), "factor 2"),
        (lambda q, p: hamiltonian_variant("right")(q, p) + 1.0, "same constant"),
        (lambda q, p: 0.5 * jnp.sum(p ** 2) + 0.5 * jnp.sum(q ** 2), "inverse of the 2×2")],
    "capstone-pendulum-reference": [(2e-4, "rtol = 1e-3"), (3e-7, "both tolerances"), (0.0, "exactly zero"),
                                    (-1e-9, "not negative")],
    "capstone-pendulum-learned": [(hamiltonian_variant("right"), "exact Hamiltonian"), (backwards_H, "backwards"),
                                  (perturbed_H(1.5), "not yet close"), (perturbed_H(0.3), "more than 8%"),
                                  (lambda q, p: jnp.stack([q[0], p[0]]), "one number")],
    "capstone-pendulum-midpoint": [(step_variant("explicit-midpoint"), "explicit midpoint rule"),
                                   (step_variant("euler"), "explicit Euler"),
                                   (step_variant("few-iterations"), "not converged"),
                                   (step_variant("trapezoid"), "trapezoidal"),
                                   (step_variant("end-point"), "backward"),
                                   (lambda H, y, dt: y + dt * lagrangian_flow(jnp.concatenate([y, y]))[:y.shape[0]],
                                    "compare with the rule")],
    "capstone-pendulum-order": [(4.05, "ratio"), (1.0, "symmetric"), (-2.0, "the sign"), (0.02, "round-off"),
                                (3.0, "log₂")],
    "capstone-pendulum-long-run": [("a", "accumulating"), ("c", "Which Hamiltonian"), ("d", "order of a method")],
    "capstone-pendulum-lyapunov": [(LAMBDA * 100, "sum of the logarithms"), (LAMBDA / np.log(10), "natural logarithm"),
                                   (LAMBDA * 0.5, "number of renormalisations"), (LAMBDA * 2, "factor 1/τ"),
                                   (-LAMBDA, "positive exponent"), (0.05, "renormalise"), (1.2, "too large")],
    "capstone-pendulum-horizon": [("log10(tolerance/delta0)/lam", "base e"), ("1/lam", "factor e"),
                                  ("log(delta0/tolerance)/lam", "positive"), ("lam*log(tolerance/delta0)", "units"),
                                  ("log(1/delta0)/lam", "tolerance too"), ("tolerance/delta0/lam", "solve"),
                                  ("7", "does not depend")],
}

TYPE_PHRASE = {"capstone-pendulum-long-run": "should be one of", "capstone-pendulum-horizon": "does not depend"}

SECRETS = [("capstone-pendulum-long-run", "stays in a band"), ("capstone-pendulum-lyapunov", f"{LAMBDA:.2f}"),
           ("capstone-pendulum-lyapunov", f"{LAMBDA:.1f}"), ("capstone-pendulum-horizon", "log(tolerance")]
