# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Practice 6: conservation by construction
#
# Practice for {ref}`ch-conservation`. Two tasks; after each, run the `check(...)` cell.
# Replace each `...` below `# YOUR CODE HERE`.

# %%
import jax
import jax.numpy as jnp

from physml import integrators as I
from physml import mechanics as M
from physml import systems as S
from physml.checks import check
from physml.nn import mlp_init


# %% [markdown]
# ## Task 6.1: Hamilton's equations from a scalar H
#
# Write `my_vector_field(H)`. It takes a scalar function `H(q, p)` of the coordinates and momenta
# (arrays of length $n$, as every Hamiltonian of the course) and returns a function `f(y)` of the
# flat state $y = (q_1, \dots, q_n, p_1, \dots, p_n)$ giving
# $\dot y = (\partial H/\partial p, -\partial H/\partial q)$, with the derivatives from
# `jax.grad(H, argnums=0)` and `jax.grad(H, argnums=1)`. Do not use `I.hamiltonian_flow`.

# %%
def my_vector_field(H):
    ### BEGIN SOLUTION
    dHdq, dHdp = jax.grad(H, argnums=0), jax.grad(H, argnums=1)

    def f(y):
        n = y.shape[0] // 2
        q, p = y[:n], y[n:]
        return jnp.concatenate([dHdp(q, p), -dHdq(q, p)])

    return f
    ### END SOLUTION


# %%
check("ch06-hamilton", my_vector_field)

# %% [markdown]
# Now use it. Integrate the pendulum $H = 3(1 - \cos q) + p^2/2$ (`S.pendulum`) with RK4 from $(q, p) = (2, 0)$,
# a large swing, for $10^4$ steps of $h = 0.05$, and print how far the energy strays. Then make
# up a Hamiltonian of your own, as strange as you like, and check that
# $\dot H = \nabla H \cdot f(y)$ vanishes at random states.

# %%
f = my_vector_field(S.pendulum)
if f is ...:
    print("(write my_vector_field first)")
else:
    path = I.rk4(f, jnp.array([2.0, 0.0]), 0.05, 10_000)
    E = S.energy(S.pendulum, path)
    print(f"pendulum, t = 500: energy strays by {float(jnp.abs(E - E[0]).max()):.0e} (RK4, h = 0.05)")
    H_mine = lambda q, p: jnp.sin(q[0] * p[0]) + q[0] ** 4 + jnp.exp(0.3 * p[0])
    grad_H = lambda y: jnp.concatenate(jax.grad(H_mine, argnums=(0, 1))(y[:1], y[1:]))    # (∂H/∂q, ∂H/∂p)
    ys = jax.random.normal(jax.random.key(0), (100, 2))
    dH = jax.vmap(lambda y: grad_H(y) @ my_vector_field(H_mine)(y))(ys)
    print(f"my own H: largest |dH/dt| at 100 random states below 1e-12: {bool(jnp.abs(dH).max() < 1e-12)}")


# %% [markdown]
# ## Task 6.2: pair forces that obey Newton's third law
#
# `pair_force(params, x_i, x_j)` is a learned force on body $i$ due to body $j$ (a vector). Write
# `my_total_forces(pair_force, params, positions)` for `positions` of shape $(N, d)$. It should
# return the total force on each body, shape $(N, d)$, with the antisymmetric pair force
# $F_{ij} = \varphi(x_i, x_j) - \varphi(x_j, x_i)$ summed over $j \neq i$. Two nested `jax.vmap`
# calls build $\varphi$ for all pairs at once; a double loop works too. Do not use
# `M.pairwise_forces`.

# %%
def my_total_forces(pair_force, params, positions):
    ### BEGIN SOLUTION
    x = jnp.asarray(positions)
    phi = jax.vmap(jax.vmap(lambda a, b: pair_force(params, a, b), (None, 0)), (0, None))(x, x)
    F = phi - jnp.swapaxes(phi, 0, 1)
    return jnp.sum(F * (1 - jnp.eye(x.shape[0]))[:, :, None], axis=1)
    ### END SOLUTION


# %%
check("ch06-pair-forces", my_total_forces)

# %% [markdown]
# Try it on the chapter's pair network with random (untrained) weights: five bodies, 3000 steps of
# symplectic Euler (a kick of the velocities, then a drift of the positions), unit masses, and the total momentum at the end. Then replace your
# function by the raw sum of $\varphi(x_i, x_j)$ and compare.

# %%
params = mlp_init((4, 16, 2), key=jax.random.key(1))
x = jax.random.normal(jax.random.key(2), (5, 2))
v = jnp.zeros((5, 2))
if my_total_forces(M.pair_network, params, x) is ...:
    print("(write my_total_forces first)")
else:
    step = jax.jit(lambda x, v: (x + 0.01 * (v + 0.01 * my_total_forces(M.pair_network, params, x)),
                                 v + 0.01 * my_total_forces(M.pair_network, params, x)))
    for _ in range(3000):
        x, v = step(x, v)
    P = float(jnp.linalg.norm(v.sum(axis=0)))
    print("|total momentum| after 3000 steps: " + ("round-off (below 1e-9)" if P < 1e-9 else f"{P:.1e}"))

# %% [markdown]
# **Going further.** In the chapter, the force network's curl did work on every lap. Compute the
# work $\oint F\cdot dq$ of `model.force` around circles of several radii for a force model you
# train yourself with `M.train_force`. Is the work per lap larger where there were fewer
# training points? And what does an HNN conserve when the data come from a damped oscillator?
