# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.18.1
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Practice 3: neural networks as variational wavefunctions
#
# Practice for [Chapter 3, *Neural networks as variational wavefunctions*](../book/ch03_neural_quantum_states.ipynb). Five tasks: a derivation by hand, the variational
# bound and what the product-state slider shows, the local energy written by you, a prediction about
# how optimisers react to a change of parameters, and a VMC run at a field of your choice. After each,
# run the `check(...)` cell; a hint asks a question that leads to the answer. Replace each `...`
# below `# YOUR CODE HERE`.

# %% tags=["remove-cell"]
# Hosted kernels (Colab, ...): install this course's package physml when it is missing.
# Where physml is installed (the course's own setup) this cell does nothing.
import importlib.util
import os
import subprocess
import sys

if importlib.util.find_spec("physml") is None:
    source = "git+https://github.com/physml-course/ml-physics-book@main"
    pip_args = os.environ.get("PHYSML_PIP_INSTALL", source).split()
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *pip_args], check=True)
    importlib.invalidate_caches()

# %%
import jax
import jax.numpy as jnp
import numpy as np
from jax.flatten_util import ravel_pytree

from physml import nqs
from physml import quantum as Q
from physml.checks import check
from physml.interactives import nqs as figures

# %% [markdown]
# ## Task 3.1 — derive: the smallest ring
#
# Take $L = 2$ spins on a ring. Both bonds of the sum in the chapter's Hamiltonian, $(1,2)$ and
# $(2,1)$, join the same two spins, so
#
# $$
# H = -2J\,\sigma^z_1\sigma^z_2 - h\,(\sigma^x_1 + \sigma^x_2) .
# $$
#
# Derive its ground-state energy $E_0(h, J)$ by hand, for $h, J > 0$. Suggestions: the parity
# $P = \sigma^x_1\sigma^x_2$ commutes with $H$, so work in the basis
# $|{\uparrow\uparrow}\rangle \pm |{\downarrow\downarrow}\rangle$,
# $|{\uparrow\downarrow}\rangle \pm |{\downarrow\uparrow}\rangle$, where $H$ splits into small blocks;
# find the lowest eigenvalue of each. Enter the result as a string in Python syntax with the
# variables `h` and `J`, for example `"-(J + h)"` (which is not the answer).

# %%
### BEGIN SOLUTION
E0_two_spins = "-2*sqrt(J**2 + h**2)"
### END SOLUTION
check("ch03-two-spin-energy", E0_two_spins)

# %% [markdown]
# Once your formula is in, the next cell compares it with exact diagonalisation of the same
# $4\times4$ matrix ({func}`physml.quantum.tfim_ground_state`) and with the chapter's Jordan–Wigner
# formula at $L = 2$.

# %%
if E0_two_spins is ...:
    print("Enter your formula above first, then run this cell.")
else:
    from physml.checks import as_formula

    yours = as_formula(E0_two_spins, ("h", "J"))
    for hh in (0.3, 1.0, 2.5):
        print(f"h = {hh}: yours {float(yours(hh, 1.0)):.6f}, Lanczos {Q.tfim_ground_state(2, hh).energy:.6f}, "
              f"Jordan-Wigner {Q.tfim_exact_energy(2, hh):.6f}")

# %% [markdown]
# **Going further.** The chapter's Jordan–Wigner solution at $L = 2$ has two antiperiodic momenta,
# $k = \pm\pi/2$. Check that its formula reproduces your result. Then expand your $E_0$ for small $h/J$. Which term does a product state (mean
# field) get right, and which does it get wrong?

# %% [markdown] tags=["solution"]
# *Model answer.* $-2\sqrt{J^2 + h^2} = -2J - h^2/J + O(h^4)$. The best product state of two spins
# has $E = -L(J + h^2/4J) = -2J - h^2/(2J)$: the zeroth order is right (at $h = 0$ the ferromagnet is
# a product state), but the $h^2$ term is only half the exact one. The other half is the energy of
# quantum fluctuations that entangle the two spins, which a product state cannot carry.

# %% [markdown]
# ## Task 3.2 — the variational bound, and what the slider shows
#
# For the chain with $L = 10$, $h = J = 1$, evaluate {func}`physml.quantum.rayleigh_quotient` on two
# families of trial states: 200 random vectors, and the product states `Q.product_state(theta, 10)`
# for angles $\theta$ from $0$ to $\pi$. Confirm that none goes below the exact $E_0$
# (`Q.tfim_exact_energy(10, 1.0)`), and store the lowest trial energy you found in `lowest`.

# %%
H10 = Q.tfim_hamiltonian(10, 1.0)
E0 = Q.tfim_exact_energy(10, 1.0)
### BEGIN SOLUTION
rng = np.random.default_rng(0)
random_energies = [Q.rayleigh_quotient(H10, rng.normal(size=2**10)) for _ in range(200)]
product_energies = [Q.rayleigh_quotient(H10, Q.product_state(t, 10)) for t in np.linspace(0, np.pi, 721)]
lowest = min(random_energies + product_energies)
print(f"lowest trial energy {lowest:.4f} >= E0 = {E0:.4f}: {lowest >= E0}")
### END SOLUTION
check("ch03-variational-bound", lowest)

# %% [markdown]
# The slider shows the product-state energy as a function of the tilt angle (its closed form
# $E(\theta) = -JL\cos^2\theta - hL\sin\theta$, {func}`physml.quantum.product_state_energy`) and the
# exact $E_0$. For the fields $h = 0$, $0.5$, $1$, $1.5$, $1.75$, $2$, $3$ and $4$, move $\theta$ to the
# minimum and read the gap $E[\psi_\theta] - E_0$ in the status line. Then answer: **where is the best product state
# furthest above $E_0$, and why?**
#
# - (a) At $h = 0$: without a field the spins have nothing to align with, so a product state is worst there.
# - (b) Near $h = J$, the true critical point, where correlations are strongest; the gap shrinks again on both sides of it.
# - (c) Near $h = 2J$, where the best angle reaches 90°; at $h = 0$ and for $h \gg J$ the exact ground state is itself a product state.
# - (d) The gap keeps growing with $h$: the stronger the field, the more entangled the ground state.
#
# Store your letter in `product_gap_answer`, e.g. `"a"`.

# %%
figures.product_state().live()

# %%
### BEGIN SOLUTION
product_gap_answer = "c"
### END SOLUTION
check("ch03-product-gap", product_gap_answer)

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
# (This is the one task in which you rebuild a library function; the check compares it with
# {func}`physml.nqs.local_energy`.)

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
# ## Task 3.4 — predict: what does a change of parameters do to the step?
#
# The same family of states can be written with different parameters. Rescale all of them,
# $\theta = \kappa\,\phi$ with $\kappa = 10$, and take one optimiser step *in $\phi$* from the same state. The
# physical effect of a step is the change of the normalised state, its Fubini–Study length
# $d = \sqrt{\delta\theta^\top S\,\delta\theta}$ (chapter, section on SR). **Predict**, before running
# the next cell: by what factor does $d$ change, compared with the step taken in $\theta$,
#
# 1. for plain gradient descent, $\delta\phi = -\eta\,\nabla_\phi E$, at the same $\eta$;
# 2. for SR, $\delta\phi = -\eta\,(S_\phi + \lambda I)^{-1}\nabla_\phi E$, for a very small shift $\lambda$?
#
# Work it out with the chain rule: how do $\nabla_\phi E$, the derivatives $O_k$ and $S$ change, and
# what is the step in $\theta$ that a step $\delta\phi$ makes? Store the pair of factors in `prediction`,
# e.g. `(2, 0.5)`.

# %%
### BEGIN SOLUTION
prediction = (100, 1)
### END SOLUTION
check("ch03-reparametrise", prediction)

# %% [markdown]
# Now the experiment. For an RBM on 6 spins we can enumerate all 64 configurations, so the averages
# over $|\psi|^2$ are exact (the `weights` argument of {func}`physml.nqs.energy_gradient` and
# {func}`physml.nqs.sr_direction`). Rescaling the parameters by $\kappa$ multiplies every $O_k$ by
# $\kappa$, and a step $\delta\phi$ moves $\theta$ by $\kappa\,\delta\phi$.

# %%
L6, kappa = 6, 10.0
params = nqs.rbm_init(L6, 1, key=jax.random.key(3), scale=0.5)
s6 = Q.spin_configurations(L6).astype(float)
prob = np.exp(2 * np.asarray(nqs.rbm_log_amplitude(params, s6)))
prob /= prob.sum()
e_loc = nqs.local_energy(nqs.rbm_log_amplitude, params, s6, 1.0)
O = np.asarray(jax.vmap(lambda x: ravel_pytree(jax.grad(nqs.rbm_log_amplitude)(params, x))[0])(jnp.asarray(s6)))


def length(step):                                   # Fubini-Study length sqrt(step . S . step)
    change = (O - prob @ O) @ step
    return np.sqrt(prob @ change**2)


gd = nqs.energy_gradient(O, e_loc, weights=prob)
gd_phi = kappa * nqs.energy_gradient(kappa * O, e_loc, weights=prob)        # the step in phi, as a step in theta
if prediction is ...:
    print("Record your prediction above first, then run this cell.")
else:
    print(f"plain gradient descent: d changes by a factor {length(gd_phi) / length(gd):.1f}")
    for shift in (1e-2, 1e-4):
        sr = nqs.sr_direction(O, e_loc, diag_shift=shift, weights=prob)
        sr_phi = kappa * nqs.sr_direction(kappa * O, e_loc, diag_shift=shift, weights=prob)
        print(f"SR with shift {shift:g}: d changes by a factor {length(sr_phi) / length(sr):.2f}")

# %% [markdown]
# **Going further.** The SR factor approaches 1 as the shift shrinks, but not exactly at
# $\lambda = 10^{-2}$. Why does the shift break the invariance? And print `np.linalg.norm(sr_phi) /
# np.linalg.norm(sr)`, the factor for the *parameter* step rather than the state: why is it far from
# 1 even though the state moves the same way?

# %% [markdown] tags=["solution"]
# *Model answer.* In $\phi$ the matrix is $S_\phi = \kappa^2 S_\theta$ but the shift is the same $\lambda$,
# so the step in $\theta$ is $(S_\theta + \lambda/\kappa^2)^{-1}\nabla_\theta E$: SR in $\phi$ is SR in
# $\theta$ with a hundred times smaller shift. The two agree only where $S$'s eigenvalues are much
# larger than $\lambda$. The parameter step differs much more than the state step because $S$ has
# tiny eigenvalues (down to about $10^{-7}$ here): directions that barely change the state. Along them
# the shift alone decides how far the parameters move, but moving along them does almost nothing to
# $\psi$, so $d$ hardly notices. Invariance is a statement about states, not parameters.

# %% [markdown]
# ## Task 3.5 — VMC at a field of your choice
#
# Pick a field with the slider, then train an RBM ($\alpha = 1$) on the chain with $L = 10$ with
# `nqs.run_vmc` and stochastic reconfiguration (the defaults), from `key=jax.random.key(0)`. Report
# the pair `(h, energy)`, where `energy` is the mean of the last 20 iterations. Before you check,
# look at the local-energy variance: does it tell you, without the exact answer, that the run has
# converged?

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

# %% [markdown] tags=["solution"]
# *Model answer.* At $h = 0.3$ the ground state is close to the two ferromagnetic states. Take the
# aligned chain: flipping one spin breaks two bonds, an excitation energy of $4J$, and the field
# connects the two configurations with the matrix element $-h$, so first-order perturbation theory
# gives the amplitude ratio $\psi(s')/\psi(s) \approx h/4J$. A proposed flip out of the aligned
# state is accepted with probability $(h/4J)^2$; by detailed balance every accepted flip out is
# matched by an accepted flip back, so the acceptance is about $2(h/4J)^2 \approx 1.1\,\%$ at
# $h = 0.3$, which is what `run.acceptance` shows. (The probability $|\psi|^2$ is not a Boltzmann
# weight: the energy $4J$ enters through the amplitude ratio, not as $e^{-4J/T}$.) Worse, going from
# mostly-up to mostly-down needs many unlikely flips in a row, so a chain stays in one of the two
# halves of $|\psi|^2$ for a long time: samples are strongly correlated. (The ground state here is
# symmetric under flipping all spins, so averages are still right if the chains start on both sides.)
# Adam on the plain gradient, with the same 150 iterations (at $h = 0.7$), ends with an energy error
# and a local-energy variance both some fifty to a hundred times larger than SR's (one run; the same
# direction as the chapter's comparison): it takes steps of similar size in
# every parameter, whatever their effect on the state.
