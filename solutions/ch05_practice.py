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
# # Practice 5: uncovering hidden symmetries
#
# Practice for {ref}`ch-symmetries`. Three tasks; after each, run the `check(...)` cell.
# Replace each `...` below `# YOUR CODE HERE`.

# %%
import jax
import jax.numpy as jnp
import numpy as np

from physml import symmetry as S
from physml.checks import check
from physml.interactives import symmetry as figures

data = S.oscillator_data(key=jax.random.key(0))
print(f"data {data.x.shape}; generator K {data.K.shape}")


# %% [markdown]
# ## Task 5.1: the latent generator
#
# Write `my_latent_generator(encoder, params, xs, K)`. For each data point $x$, compute the code
# $z = E(x)$ and its velocity $\dot z = J_E(x) K x$ with one `jax.jvp` (use `jax.vmap` over the
# points). Then fit $\dot z \approx A z$ by least squares and return the pair `(A, residual)`, with
# residual $\|\dot Z - Z A^\top\|_F / \|\dot Z\|_F$. `encoder(params, x)` maps one point to its code.
# Do not use `S.latent_generator`.

# %%
def my_latent_generator(encoder, params, xs, K):
    ### BEGIN SOLUTION
    K = jnp.asarray(K)
    z, dz = jax.vmap(lambda x: jax.jvp(lambda y: encoder(params, y), (x,), (K @ x,)))(jnp.asarray(xs))
    z, dz = np.asarray(z), np.asarray(dz)
    At, *_ = np.linalg.lstsq(z, dz, rcond=None)
    residual = np.linalg.norm(dz - z @ At) / np.linalg.norm(dz)
    return At.T, float(residual)
    ### END SOLUTION


# %%
check("ch05-latent-generator", my_latent_generator)

# %% [markdown]
# Try it on a trained linear autoencoder with two latent dimensions. Are the eigenvalues of $A$
# close to $\pm i$? The residual is small but not zero: the encoder's bias $b_E$ shifts the latent
# origin, so the exact action is affine, $\dot z = Az + b$ (the chapter explains why, and fits
# $b$ too).

# %%
run = S.train_autoencoder(data.x, 2, key=jax.random.key(0), n_steps=3000)
result = my_latent_generator(S.encode, run.params, data.x, data.K)
if result is ...:
    print("(write my_latent_generator first)")
else:
    A, residual = result
    ev = np.linalg.eigvals(A)
    print(f"residual below 1e-2: {bool(residual < 1e-2)}; eigenvalues of A: ±{abs(ev[0].imag):.3f}i, "
          f"real parts below 1e-3: {bool(np.abs(ev.real).max() < 1e-3)}")


# %% [markdown]
# ## Task 5.2: the decoder consistency
#
# Write `my_consistency(decoder, params, zs, A, K)`, returning
# $\|J_D(Z)\,AZ - K D(Z)\|_F / \|K D(Z)\|_F$ over the latent points `zs` (the velocity $J_D(z)Az$
# is one `jax.jvp` per point).

# %%
def my_consistency(decoder, params, zs, A, K):
    ### BEGIN SOLUTION
    A, K = jnp.asarray(A), jnp.asarray(K)
    x, dx = jax.vmap(lambda z: jax.jvp(lambda w: decoder(params, w), (z,), (A @ z,)))(jnp.asarray(zs))
    target = x @ K.T
    return float(jnp.linalg.norm(dx - target) / jnp.linalg.norm(target))
    ### END SOLUTION


# %%
check("ch05-consistency", my_consistency)

# %%
zs = np.asarray(S.encode(run.params, data.x))
A = S.latent_generator(S.encode, run.params, data.x, data.K).A
rho = my_consistency(S.decode, run.params, zs, A, data.K)
print("(write my_consistency first)" if rho is ... else
      f"decoder consistency of the trained model below 1e-2: {bool(rho < 1e-2)}")

# %% [markdown]
# ## Task 5.3: which latent dimensions act linearly?
#
# `S.autoencoder_grid` trains linear autoencoders with 1 to 5 latent dimensions (about 12 seconds),
# and the explorer draws them. Move both controls. At the end of training, which latent dimensions
# have a linear latent action (both residuals below $10^{-2}$)? Give them as a list, `linear_dims`.
# Then explain the pattern to a neighbour in one sentence.

# %%
grid = S.autoencoder_grid(data, key=jax.random.key(0))
figures.autoencoder(grid).live(latent_dim=1, steps=0)

# %%
### BEGIN SOLUTION
linear_dims = [int(d) for d in grid.latent_dims
               if grid.at(d, 3000).residual < 1e-2 and grid.at(d, 3000).consistency < 1e-2]
print(linear_dims)
### END SOLUTION
check("ch05-linear-dims", linear_dims)

# %% [markdown]
# **Going further.** Train a nonlinear autoencoder (`hidden=(32,)`) with two latent dimensions and
# compute both residuals. It reconstructs the data much better. Why is its latent action still not
# linear? Then try six latent dimensions with the linear model: which frequencies does $A$ have?
# Finally, the chapter's last section: train `S.train_koopman_autoencoder` on
# `S.sensor_trajectories(key=jax.random.key(0))` with `latent_dim=3`. What are the eigenvalues of
# the found $K$ (`S.fit_generator`), and what does the third one, which no rotation needs, do?
