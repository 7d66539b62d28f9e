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
# # Practice 3: neural networks as variational wavefunctions
#
# Practice for {ref}`ch-neural-quantum-states`. Four tasks; after each, run the `check(...)` cell.
# Replace each `...` below `# YOUR CODE HERE`.

# %%
import jax
import jax.numpy as jnp
import numpy as np

from physml import nqs
from physml import quantum as Q
from physml.checks import check
from physml.interactives import nqs as figures


# %% [markdown]
# ## Task 3.1 — the Rayleigh quotient
#
# Write `rayleigh_quotient(H, psi)` returning $E[\psi] = \langle\psi|H|\psi\rangle/\langle\psi|\psi\rangle$
# for a real vector `psi` and a matrix `H` (a numpy array or a scipy sparse matrix; `H @ psi` works
# for both). It must not depend on the normalisation of `psi`.

# %%
def rayleigh_quotient(H, psi):
    ### BEGIN SOLUTION
    return float(psi @ (H @ psi) / (psi @ psi))
    ### END SOLUTION


# %%
check("ch03-rayleigh", rayleigh_quotient)

# %% [markdown]
# ## Task 3.2 — the variational bound
#
# For the chain with $L = 10$, $h = J = 1$, evaluate your `rayleigh_quotient` on two families of
# trial states: 200 random vectors, and the product states `Q.product_state(theta, 10)` for angles
# $\theta$ from $0$ to $\pi$. Confirm that none goes below the exact $E_0$
# (`Q.tfim_exact_energy(10, 1.0)`), and store the lowest trial energy you found in `lowest`.
#
# The slider shows the product-state energy as a function of the tilt angle (its closed form
# $E(\theta) = -JL\cos^2\theta - hL\sin\theta$, {func}`physml.quantum.product_state_energy`); move it to
# the minimum, then change $h$ and watch the gap to $E_0$.

# %%
figures.product_state().live()

# %%
H10 = Q.tfim_hamiltonian(10, 1.0)
E0 = Q.tfim_exact_energy(10, 1.0)
### BEGIN SOLUTION
rng = np.random.default_rng(0)
random_energies = [rayleigh_quotient(H10, rng.normal(size=2**10)) for _ in range(200)]
product_energies = [rayleigh_quotient(H10, Q.product_state(t, 10)) for t in np.linspace(0, np.pi, 721)]
lowest = min(random_energies + product_energies)
print(f"lowest trial energy {lowest:.4f} >= E0 = {E0:.4f}: {lowest >= E0}")
### END SOLUTION
check("ch03-variational-bound", lowest)


# %% [markdown]
# ## Task 3.3 — the local energy
#
# Write `my_local_energy(params, s, h, J)` for the RBM: `s` is a batch of configurations of shape
# `(N, L)` with entries ±1, and the result has shape `(N,)`:
#
# $$
# E_\text{loc}(s) = -J\sum_i s_i s_{i+1} - h\sum_i \frac{\psi(s^{(i)})}{\psi(s)}
# $$
#
# on a periodic chain, where $s^{(i)}$ is $s$ with spin $i$ flipped. Use
# `nqs.rbm_log_amplitude(params, s)`, which returns $\log\psi$ for a batch (any leading shape).

# %%
def my_local_energy(params, s, h, J):
    ### BEGIN SOLUTION
    s = jnp.asarray(s)
    L = s.shape[1]
    diagonal = -J * jnp.sum(s * jnp.roll(s, -1, axis=1), axis=1)
    flipped = s[:, None, :] * (1 - 2 * jnp.eye(L))[None, :, :]
    log_ratio = nqs.rbm_log_amplitude(params, flipped) - nqs.rbm_log_amplitude(params, s)[:, None]
    return diagonal - h * jnp.sum(jnp.exp(log_ratio), axis=1)
    ### END SOLUTION


# %%
check("ch03-local-energy", my_local_energy)

# %% [markdown]
# ## Task 3.4 — VMC at a field of your choice
#
# Pick a field with the slider, then train an RBM ($\alpha = 1$) on the chain with $L = 10$ with
# `nqs.run_vmc` and stochastic reconfiguration (the defaults), from `key=jax.random.key(0)`. Report the pair `(h, energy)`, where
# `energy` is the mean of the last 20 iterations. Before you check, look at the local-energy
# variance: does it tell you, without the exact answer, that the run has converged?

# %%
import ipywidgets as W

field = W.FloatSlider(value=0.7, min=0.2, max=2.0, step=0.05, description="field h")
field

# %%
h = field.value
run = nqs.run_vmc(10, h, 1, key=jax.random.key(0), n_iter=150, n_samples=512, n_chains=128)
print(f"h = {h:.2f}: energy of the last 20 iterations {run.energy[-20:].mean():.4f}, "
      f"local-energy variance {run.variance[-20:].mean():.1e} (first iteration: {run.variance[0]:.1e})")

# %%
### BEGIN SOLUTION
answer = (h, float(run.energy[-20:].mean()))
### END SOLUTION
check("ch03-vmc", answer)

# %% [markdown]
# **Going further.** Rerun at $h = 0.3$ and look at `run.acceptance`: why does sampling get hard
# deep in the ordered phase? And compare `optimizer="adam", diag_shift=None` on the same budget.
