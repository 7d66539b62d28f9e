"""Self-checks for the exercises of chapter 6 (conservation by construction)."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from .. import integrators as I
from .. import mechanics as M
from .. import systems as S
from ..nn import mlp_init
from . import StudentError, Wrong, as_array, call, task


def _hamiltonians():
    """Test Hamiltonians H(q, p): separable, non-separable, two degrees of freedom; and a state y = (q, p)."""
    return [
        (S.pendulum, np.array([0.7, -0.3])),
        (lambda q, p: 0.25 * (jnp.sum(q**2) + jnp.sum(p**2)) ** 2 + jnp.sum(q * p), np.array([0.4, 1.1])),
        (lambda q, p: 0.5 * jnp.sum(p**2) + jnp.cos(q[0] - q[1]) + 0.2 * q[0] * p[1], np.array([0.3, -0.8, 0.5, 1.2])),
    ]


# ----------------------------------------------------------------- task 6.1
@task("ch06-hamilton", "Task 6.1, Hamilton's equations from a scalar H")
def _hamilton(my_vector_field):
    for H, y in _hamiltonians():
        f = call(my_vector_field, H, what="my_vector_field")
        if not callable(f):
            raise StudentError(f"my_vector_field(H) should return a function of the state y, but it returned a "
                               f"{type(f).__name__}.")
        got = as_array(call(f, jnp.asarray(y), what="the function returned by my_vector_field"),
                       shape=y.shape, what="f(y)")
        ref = np.asarray(I.hamiltonian_flow(H)(jnp.asarray(y)))
        if np.allclose(got, ref, atol=1e-10):
            continue
        n = y.size // 2
        q, p = jnp.asarray(y[:n]), jnp.asarray(y[n:])
        grad = np.concatenate([np.asarray(g) for g in jax.grad(H, argnums=(0, 1))(q, p)])   # (∂H/∂q, ∂H/∂p)
        if np.allclose(got, -ref, atol=1e-10):
            raise Wrong("the signs are swapped: q̇ = +∂H/∂p and ṗ = −∂H/∂q.")
        if np.allclose(got, grad, atol=1e-10):
            raise Wrong("that is the gradient ∇H = (∂H/∂q, ∂H/∂p); Hamilton's equations multiply it by J: "
                        "(q̇, ṗ) = (∂H/∂p, −∂H/∂q).")
        if np.allclose(got, np.concatenate([-grad[:n], grad[n:]]), atol=1e-10):
            raise Wrong("q̇ comes from the derivative in p and ṗ from the derivative in q: swap the two halves.")
        if np.allclose(got[:n], ref[:n], atol=1e-10):
            raise Wrong("q̇ is right; check ṗ = −∂H/∂q (jax.grad(H, argnums=0)(q, p), with a minus sign).")
        raise Wrong("with n = len(y) // 2, split q = y[:n] and p = y[n:]; return the concatenation of "
                    "jax.grad(H, argnums=1)(q, p) and −jax.grad(H, argnums=0)(q, p). "
                    "Test it on H = (q² + p²)/2, where the answer is (p, −q).")
    return "For any H, your vector field conserves H: dH/dt = ∇H · J∇H = 0."


# ----------------------------------------------------------------- task 6.2
def _pair(params, a, b):
    return M.pair_network(params, a, b)


@task("ch06-pair-forces", "Task 6.2, pair forces that conserve momentum")
def _pair_forces(my_total_forces):
    params = mlp_init((4, 12, 2), key=jax.random.key(61))
    x = np.random.default_rng(62).normal(size=(5, 2))
    got = as_array(call(my_total_forces, _pair, params, x, what="my_total_forces"), shape=x.shape,
                   what="my_total_forces(pair_force, params, positions)")
    ref = np.asarray(M.pairwise_forces(_pair, params, x))
    if np.allclose(got, ref, atol=1e-10):
        if np.abs(got.sum(axis=0)).max() > 1e-12:          # pragma: no cover - implied by the match
            raise Wrong("the forces should sum to zero.")
        return "The total force is zero to round-off for any network: momentum is conserved by construction."
    raw = np.asarray(M.pairwise_forces(_pair, params, x, antisymmetric=False))
    phi = np.asarray(jax.vmap(jax.vmap(lambda a, b: _pair(params, a, b), (None, 0)), (0, None))(x, x))
    if np.allclose(got, raw, atol=1e-10):
        raise Wrong("these are the raw pair forces φ(x_i, x_j); their sum is not zero. "
                    "Use F_ij = φ(x_i, x_j) − φ(x_j, x_i).")
    if np.allclose(got, -ref, atol=1e-10):
        raise Wrong("the sign is reversed: the force on body i is Σ_j [φ(x_i, x_j) − φ(x_j, x_i)].")
    if np.allclose(got, 0.5 * ref, atol=1e-10) or np.allclose(got, 2 * ref, atol=1e-10):
        raise Wrong("off by a factor of 2: count each ordered pair (i, j) once, with F_ij = φ(x_i, x_j) − φ(x_j, x_i).")
    if np.allclose(got, raw + np.einsum("iid->id", phi), atol=1e-10):
        raise Wrong("leave out j = i: a body exerts no force on itself.")
    if np.abs(got.sum(axis=0)).max() < 1e-10:
        raise Wrong("your forces do sum to zero, but they are not Σ_{j≠i} [φ(x_i, x_j) − φ(x_j, x_i)]; "
                    "check which argument is which.")
    raise Wrong("build φ for all pairs with a double loop or two nested jax.vmap calls (shape N × N × d), "
                "subtract its transpose over the first two axes, leave out the diagonal, and sum over j.")
