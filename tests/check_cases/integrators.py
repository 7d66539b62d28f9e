"""Exercise-check cases of physml.checks.integrators: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import jax
import jax.numpy as jnp
import numpy as np

from physml import integrators as I
from physml.checks.integrators import _variant_step, crossover_reference

T_CROSS = crossover_reference()



def ref_leapfrog_step(H, y, dt):
    return I.step_map("leapfrog", H, dt)(y)


def leapfrog_variant(kind):
    return lambda H, y, dt: _variant_step(kind, H, y, dt)


def defect_variant(kind):
    def f(step, y):
        M = np.asarray(jax.jacfwd(step)(jnp.asarray(y)))
        J = I.canonical_J(len(y) // 2)
        return {"squared": np.linalg.norm(M.T @ J @ M - J) ** 2, "order": np.linalg.norm(M @ J @ M.T - J),
                "no-J": np.linalg.norm(M.T @ J @ M)}[kind]
    return f


REFERENCE = {
    "ch07-leapfrog": ref_leapfrog_step,
    "ch07-defect": I.symplectic_defect,
    "ch07-crossover": T_CROSS,
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch07-leapfrog": [(leapfrog_variant("dkd"), "drift–kick–drift"), (leapfrog_variant("full-kicks"), "half steps"),
                      (leapfrog_variant("symplectic-euler"), "symplectic Euler"), (leapfrog_variant("sign"), "down")],
    "ch07-defect": [(defect_variant("squared"), "squared"), (defect_variant("order"), "transpose first"),
                    (defect_variant("no-J"), "subtract J")],
    "ch07-crossover": [(T_CROSS / 0.25, "not a number of steps"), (100.0, "too early"), (3000.0, "too late"),
                       (-3.0, "positive")],
}

# (task, text that no message may contain)
SECRETS = [("ch07-crossover", "1170"), ("ch07-crossover", "1152")]
