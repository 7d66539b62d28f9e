"""Exercise-check cases of physml.checks.mechanics: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import jax
import jax.numpy as jnp

from physml import integrators as I
from physml import mechanics as M


def ref_vector_field(H):
    return I.hamiltonian_flow(H)


def vector_field_variant(kind):
    def make(H):
        def f(y):
            n = y.shape[0] // 2
            dq, dp = jax.grad(H, argnums=(0, 1))(y[:n], y[n:])
            return {"sign": jnp.concatenate([-dp, dq]), "gradient": jnp.concatenate([dq, dp]),
                    "halves": jnp.concatenate([-dq, dp]),
                    "p-dot": jnp.concatenate([dp, dq])}[kind]
        return f
    return make


def ref_total_forces(pair_force, params, x):
    return M.pairwise_forces(pair_force, params, x)


def total_forces_variant(kind):
    def f(pair_force, params, x):
        x = jnp.asarray(x)
        phi = jax.vmap(jax.vmap(lambda a, b: pair_force(params, a, b), (None, 0)), (0, None))(x, x)
        if kind == "self":                                   # raw forces, self-pair included
            return jnp.sum(phi, axis=1)
        F = phi if kind == "raw" else phi - jnp.swapaxes(phi, 0, 1)
        total = jnp.sum(F * (1 - jnp.eye(x.shape[0]))[:, :, None], axis=1)
        return {"raw": total, "sign": -total, "double": 2 * total}[kind]
    return f


REFERENCE = {
    "ch06-hamilton": ref_vector_field,
    "ch06-pair-forces": ref_total_forces,
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch06-hamilton": [(vector_field_variant("sign"), "swapped"), (vector_field_variant("gradient"), "gradient"),
                      (vector_field_variant("halves"), "swap the two halves"),
                      (vector_field_variant("p-dot"), "ṗ = −∂H/∂q")],
    "ch06-pair-forces": [(total_forces_variant("raw"), "raw pair forces"), (total_forces_variant("sign"), "reversed"),
                         (total_forces_variant("double"), "factor of 2"), (total_forces_variant("self"), "j = i")],
}

# (task, text that no message may contain)
SECRETS = []
