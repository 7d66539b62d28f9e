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
# # Practice 5: uncovering hidden symmetries
#
# Practice for [Chapter 5, *Uncovering hidden symmetries*](../book/ch05_symmetries.ipynb). Five tasks: the latent generator fit written by hand, a
# prediction about an untrained model, reading the explorer on new data, an explanation of an
# eigenvalue, and a derivation that you then test with physml. After each, run the `check(...)`
# cell; a ✗ comes with a hint. Replace each `...` below `# YOUR CODE HERE`.

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
import jax.numpy as jnp  # noqa: F401 (for your code in task 5.1)
import numpy as np
import scipy.integrate

from physml import symmetry as sym
from physml.checks import as_formula, check
from physml.interactives import symmetry as figures

data = sym.oscillator_data(key=jax.random.key(0))
print(f"data {data.x.shape}; generator K {data.K.shape}")


# %% [markdown]
# ## Task 5.1: the latent generator (implement)
#
# Write `my_latent_generator(encoder, params, xs, K)`. For each data point $x$, compute the code
# $z = E(x)$ and its velocity $\dot z = \partial E(x) K x$ with one `jax.jvp` (use `jax.vmap` over the
# points). Then fit $\dot z \approx A z$ by least squares and return the pair `(A, residual)`, with
# residual $\rho_\text{lat} = \|\dot Z - Z A^\top\|_F / \|\dot Z\|_F$. `encoder(params, x)` maps one
# point to its code. Do not use `sym.latent_generator`; this is the one task that rebuilds a physml
# function, so that you know exactly what the next tasks measure.
#
# One thing the chapter's on-page version does not handle: the check also tries an encoder whose
# third coordinate repeats the first. Then $Z^\top Z$ is singular, many matrices $A$ fit equally
# well, and your function should return the one of smallest (Frobenius) norm. Think about which
# solver does that before you write the fit.

# %%
def my_latent_generator(encoder, params, xs, K):
    ### BEGIN SOLUTION
    K = jnp.asarray(K)
    z, dz = jax.vmap(lambda x: jax.jvp(lambda y: encoder(params, y), (x,), (K @ x,)))(jnp.asarray(xs))
    z, dz = np.asarray(z), np.asarray(dz)
    At, *_ = np.linalg.lstsq(z, dz, rcond=None)       # copes with a singular Z^T Z: minimum-norm A
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
run = sym.train_autoencoder(data.x, 2, key=jax.random.key(0), n_steps=3000)
result = my_latent_generator(sym.encode, run.params, data.x, data.K)
if result is ...:
    print("(write my_latent_generator first)")
else:
    A, residual = result
    ev = np.linalg.eigvals(A)
    print(f"residual below 1e-2: {bool(residual < 1e-2)}; eigenvalues of A: ±{abs(ev[0].imag):.3f}i, "
          f"real parts below 1e-3: {bool(np.abs(ev.real).max() < 1e-3)}")


# %% [markdown]
# ## Task 5.2: an untrained model with six latent dimensions (predict, then run)
#
# In the chapter's table no *untrained* model acts linearly: their residuals lie between 0.18 and
# 1. Now take an untrained linear autoencoder (random weights, zero biases) with **six** latent
# dimensions, on the same eight-dimensional data. Before running anything, predict what the
# affine fit gives:
#
# - **a**: both residuals ($\rho_\text{lat}$ and $\rho_\text{dec}$) of order one, like every untrained
#   model in the chapter's table;
# - **b**: $\rho_\text{lat}$ zero to round-off, with eigenvalues of $A$ equal to $\pm i, \pm 2i, \pm 3i$;
#   $\rho_\text{dec}$ of order one;
# - **c**: both residuals zero to round-off;
# - **d**: $\rho_\text{lat}$ zero to round-off, with eigenvalues $\pm i$ only; $\rho_\text{dec}$ of order
#   one.
#
# Write your letter in the cell below (as a string, e.g. `"a"`), then check it. Think about how many
# dimensions the data actually fill (the chapter's first printout helps).

# %%
### BEGIN SOLUTION
prediction = "b"
### END SOLUTION
check("ch05-predict-untrained", prediction)

# %% [markdown]
# Now run the experiment: three untrained models from three seeds. Did it come out as you
# predicted? Write down in one sentence of your own why $\rho_\text{lat}$ does not need training
# here, and what $\rho_\text{dec}$ adds.

# %%
if prediction is ...:
    print("Record your prediction above first, then run this cell.")
else:
    for seed in range(3):
        params = sym.autoencoder_init(8, 6, key=jax.random.key(seed))
        g = sym.latent_generator(sym.encode, params, data.x, data.K, affine=True)
        rho_dec = sym.generator_consistency(sym.decode, params, g.z, g.A, data.K, b=g.b)
        freqs = np.sort(g.eigenvalues.imag[g.eigenvalues.imag > 0])
        print(f"seed {seed}: rho_lat below 1e-10: {bool(g.residual < 1e-10)}; frequencies of A: "
              f"{', '.join(f'{w:.3f}' for w in freqs)}; rho_dec above 0.5: {bool(rho_dec > 0.5)}")


# %% [markdown]
# ## Task 5.3: which latent dimensions act linearly on other data? (read the explorer)
#
# The chapter's data carry harmonics 1, 2 and 3. Take instead an oscillator seen through harmonics
# 1 and 3 only (amplitudes 1 and 0.5, mixed into the same eight dimensions), and train linear
# autoencoders with 1 to 5 latent dimensions on it (`sym.autoencoder_grid`, about 10 seconds). Before
# you look, decide with the chapter's invariant-plane argument which latent dimensions should act
# linearly on these data; then move both controls of the explorer. At the end of training, which
# latent dimensions have a linear latent action (both residuals below $10^{-2}$)? Give them as a
# list, `linear_dims`.

# %%
data13 = sym.oscillator_data(key=jax.random.key(0), harmonics=(1, 3), amplitudes=(1.0, 0.5))
grid13 = sym.autoencoder_grid(data13, key=jax.random.key(0))
figures.autoencoder(grid13).live(latent_dim=1, steps=0)

# %%
### BEGIN SOLUTION
linear_dims = [int(d) for d in grid13.latent_dims
               if grid13.at(d, 3000).residual < 1e-2 and grid13.at(d, 3000).consistency < 1e-2]
print(linear_dims)
### END SOLUTION
check("ch05-linear-dims", linear_dims)

# %% [markdown]
# Did it match your expectation? If five surprised you, compare with task 5.2.
#
# ## Task 5.4: an eigenvalue zero (interpret)
#
# Back to the chapter's data. The cell below trains the linear autoencoders with two and three
# latent dimensions (as in the chapter) and opens the explorer at three. Move the steps control
# from 0 to 3000. From 300 steps on, the eigenvalues of $A$ are $\pm i$ and $0$, and the
# latent-generator residual stays near 0.72. Which statement explains the eigenvalue $0$?
#
# - **a**: the third coordinate records a direction that the rotation leaves fixed, so it does not
#   move;
# - **b**: training has not finished: the third eigenvalue is on its way to a second pair, $\pm 2i$;
# - **c**: the velocity of the third coordinate is uncorrelated with every recorded coordinate, so
#   the best linear prediction of it from $z$ is zero, and all of that motion ends up in the
#   residual;
# - **d**: a real $3\times 3$ antisymmetric matrix is always singular, so any rotation generator in
#   three latent dimensions has an eigenvalue $0$.

# %%
grid = sym.autoencoder_grid(data, latent_dims=(2, 3), key=jax.random.key(0))
figures.autoencoder(grid).live(latent_dim=3, steps=0)

# %%
### BEGIN SOLUTION
why_zero = "c"
### END SOLUTION
check("ch05-half-plane", why_zero)

# %% [markdown]
# You can confirm it: `grid.at(3, 3000).eigenvalues` holds the pair and the zero. Then explain to a
# neighbour, in two sentences, why four latent dimensions on the chapter's data have no eigenvalue
# zero.
#
# ## Task 5.5: what a Koopman fit finds for a damped oscillator (derive, then test)
#
# The chapter's last section reads a generator off one-step pairs, $K = \log(M)/\Delta t$. Apply
# the idea to the damped oscillator $\ddot q + \gamma\dot q + \omega^2 q = 0$ (underdamped,
# $\gamma < 2\omega$), whose state $s = (q, \dot q)$ evolves linearly, $\dot s = K s$. Sampled every
# $\Delta t$, consecutive states obey $s' = Ms$ with $M = e^{K\Delta t}$ exactly. The eigenvalues
# $\mu$ of $M$ come in a complex-conjugate pair.
#
# Derive the modulus $|\mu|$ as a formula in `gamma`, `omega` and `dt`, and enter it as a string in
# Python syntax (e.g. `"sqrt(gamma*dt)"`), a sympy expression, or a function
# `lambda gamma, omega, dt: ...`.

# %%
### BEGIN SOLUTION
modulus = "exp(-gamma*dt/2)"
### END SOLUTION
check("ch05-damped-modulus", modulus)

# %% [markdown]
# Now test the derivation with physml: integrate the damped oscillator ($\gamma = 0.2$, $\omega = 1$)
# from a few initial states, fit the one-step map with `sym.fit_generator`, and compare the
# modulus of the eigenvalues of the fitted $M$ with your formula. Then read off the real part of
# the eigenvalues of $K$: according to the chapter's equation for $|\varphi|^2$, at what rate does
# the Koopman "invariant" change?

# %%
gamma, omega, dt = 0.2, 1.0, 0.2
states, later = [], []
for q0, v0 in [(1.0, 0.0), (0.0, 1.0), (-0.5, 0.7)]:
    times = np.arange(0, 10.0 + dt / 2, dt)
    sol = scipy.integrate.solve_ivp(lambda t, y: [y[1], -omega**2 * y[0] - gamma * y[1]], (0, times[-1]),
                                    [q0, v0], t_eval=times, method="DOP853", rtol=1e-12, atol=1e-14)
    states.append(sol.y.T[:-1])
    later.append(sol.y.T[1:])
fitted = sym.fit_generator(np.concatenate(states), np.concatenate(later), dt)
mu = np.linalg.eigvals(fitted.M)
print(f"one-step fit: relative error below 1e-8: {bool(fitted.residual < 1e-8)}")
print(f"|mu| from the fit: {np.abs(mu[0]):.6f}, {np.abs(mu[1]):.6f}")
if modulus is not ...:
    print(f"your formula:      {float(as_formula(modulus, ('gamma', 'omega', 'dt'))(gamma, omega, dt)):.6f}")
print(f"eigenvalues of K: {', '.join(f'{w.real:+.4f}{w.imag:+.4f}i' for w in fitted.eigenvalues)}")

# %% [markdown]
# **Going further.**
#
# 1. The fitted $K$ has $\operatorname{Re}\lambda = -\gamma/2$. Use the chapter's equation
#    for $d|\varphi|^2/dt$ to say how $|\varphi|^2$ changes along a motion, and compare with the
#    mechanical energy, which the chapter found to decay as $e^{-\gamma t}$ on average. Is there
#    anything here that a symmetry "should" have conserved?

# %% [markdown] tags=["solution"]
# *Model answer.* $d|\varphi|^2/dt = 2\operatorname{Re}\lambda\,|\varphi|^2 = -\gamma|\varphi|^2$, so
# $|\varphi|^2$ decays exactly as $e^{-\gamma t}$: it is a smooth, exactly exponential version of the
# energy (the energy itself only follows $e^{-\gamma t}$ on average). The equations are invariant
# under time shifts, but the action (Caldirola–Kanai) is not, so Noether's theorem promises no
# conserved energy; the data agree. $e^{\gamma t}|\varphi|^2$ is conserved, an explicitly
# time-dependent invariant, the chapter's $I$ up to a constant factor.

# %% [markdown]
# 2. Train a nonlinear autoencoder (`hidden=(32,)`) with two latent dimensions
#    (`sym.train_autoencoder(data.x, 2, key=jax.random.key(0), hidden=(32,), n_steps=3000,
#    learning_rate=3e-3)`) and compute both residuals of the affine fit. It reconstructs the data
#    much better than the linear model. Why is its latent action still not linear?

# %% [markdown] tags=["solution"]
# *Model answer.* Both residuals come out near 0.1 (against below $10^{-4}$ for the linear model),
# while the relative reconstruction error is more than fifteen times smaller. Reconstruction
# only requires the code to be invertible on the data; composing a good code with any smooth
# invertible distortion of the latent plane reconstructs equally well but bends the orbits, so
# that the latent velocity is no longer a linear function of $z$. Nothing in the loss prefers
# the coordinates in which the symmetry is linear; to get them one must ask for them, as the
# Koopman loss does for the time evolution.

# %% [markdown]
# 3. In the chapter's last section, train `sym.train_koopman_autoencoder` on
#    `sym.sensor_trajectories(key=jax.random.key(0))` with `latent_dim=3`. What are the eigenvalues
#    of the found $K$ (`sym.fit_generator`), and what does the third one, which no rotation needs, do?

# %% [markdown] tags=["solution"]
# *Model answer.* Two eigenvalues form the rotation pair, about $-0.02 \pm 1.51i$, as with two
# latent dimensions: the frequency is found again. The third is real and clearly negative (between
# about $-1.1$ and $-1.4$ for the three seeds of `key=jax.random.key(1)`): a mode that would decay by
# about a quarter per step. On periodic orbits nothing can decay, so the networks use this direction
# only for small corrections: the part of $z - c$ along its eigenvector is below a tenth of
# $z - c$ (in Frobenius norm over the data). Its eigenvalue changes from seed to seed; it
# is not a property of the physics, and it is no new conserved quantity (its amplitude's
# within-orbit fraction, `sym.within_orbit_fraction`, is 0.7 to 0.9). An extra latent dimension
# leaves the physical part of the spectrum unchanged and adds a part that the data do not fix.
