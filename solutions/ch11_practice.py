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
# # Practice 11: Phases of matter from data
#
# Practice for [Chapter 11, *Phases of matter from data*](../book/ch11_phases_of_matter.ipynb). Five tasks:
# write the energy cost of a single spin flip, the heart of the Metropolis algorithm (the one
# re-implementation); predict and then measure how Metropolis and Wolff's cluster algorithm slow down
# at the transition; derive what the first principal component of spin configurations measures; locate
# the transition of a lattice you have not seen from a classifier's crossings by finite-size scaling;
# and predict what a trained phase classifier says about an antiferromagnet. Replace each `...` below
# `# YOUR CODE HERE`, then run the `check(...)` cell after it: it says ✓, or gives a hint in the form
# of a question. Where a task asks for a prediction, write it down *before* you run the experiment.
#
# Throughout, spins $s_i = \pm 1$ sit on a periodic $L \times L$ square lattice with energy
# $E = -\sum_{\langle ij\rangle} s_i s_j$ (each nearest-neighbour bond once, $J = k_B = 1$), $N = L^2$
# sites, magnetisation per site $m = \frac1N \sum_i s_i$; the transition is at
# $T_c = 2/\ln(1 + \sqrt2) \approx 2.269$.

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
import matplotlib.pyplot as plt
import numpy as np

from physml import ising as I
from physml.checks import check
from physml.checks.ising import practice_crossings
from physml.interactives import ising as figures

# %% [markdown]
# ## Task 11.1: the energy cost of one spin flip (implement)
#
# Write `my_flip_energy(spins, i, j)`: the change $\Delta E = E_\text{after} - E_\text{before}$ of the
# *total* energy when spin $(i, j)$ of the configuration `spins` (an integer array of $\pm1$ with
# any number of rows and columns, periodic in both directions) is flipped. Only the bonds of spin
# $(i, j)$ change: how many are there, and by how much does each change? Before you code it: which
# values can $\Delta E$ take? Do not compute the whole energy twice (that is what the check does).

# %%
def my_flip_energy(spins, i, j):
    ### BEGIN SOLUTION
    rows, cols = spins.shape
    neighbours = (spins[(i + 1) % rows, j] + spins[(i - 1) % rows, j]
                  + spins[i, (j + 1) % cols] + spins[i, (j - 1) % cols])
    return 2 * spins[i, j] * neighbours
    ### END SOLUTION


# %%
check("ch11-flip-energy", my_flip_energy)

# %% [markdown]
# Your $\Delta E$ against the energies of {func}`physml.ising.energy_per_site` before and after the
# flip, at every site of a random $16 \times 16$ configuration, and the Metropolis acceptance
# $\min(1, e^{-\Delta E/T})$ of each possible value at $T_c$:

# %%
if my_flip_energy(np.ones((2, 2), int), 0, 0) is ...:
    print("(write my_flip_energy first)")
else:
    rng = np.random.default_rng(0)
    spins = rng.choice([-1, 1], size=(16, 16))
    deviation = 0.0
    for i in range(16):
        for j in range(16):
            flipped = spins.copy()
            flipped[i, j] *= -1
            brute = 256 * (I.energy_per_site(flipped) - I.energy_per_site(spins))
            deviation = max(deviation, abs(float(my_flip_energy(spins, i, j)) - brute))
    print(f"largest deviation from the brute-force difference over 256 sites: {deviation:.1f}")
    Tc = I.critical_temperature()
    for dE in (-8, -4, 0, 4, 8):
        print(f"ΔE = {dE:+d}: accepted with probability {min(1.0, np.exp(-dE / Tc)):.3f} at T_c")

# %% [markdown]
# ## Task 11.2: critical slowing down (predict, then measure)
#
# The explorer below shows checkerboard Metropolis on a $32 \times 32$ lattice at ten temperatures:
# a configuration, $|m|$ and the energy per site against the exact results, and in the status line
# the integrated autocorrelation time $\tau_\text{int}$ of $|m|$ in sweeps: roughly, a run of $n$
# sweeps holds $n/(2\tau_\text{int})$ independent measurements. Move the slider across $T_c$ and watch
# the configurations and $\tau_\text{int}$.
#
# Wolff's algorithm instead grows a cluster of aligned spins (each aligned neighbour joins with
# probability $1 - e^{-2/T}$) and flips it whole; its "sweep" is as many cluster flips as turn over
# about $N$ spins. **Predict** what a measurement of $\tau_\text{int}(|m|)$ at $T = 2.27$ will show:
#
# - **a**: Metropolis decorrelates in about ten to hundreds of sweeps at $T_c$, more the larger the lattice
#   ($\tau \propto L^z$, $z \approx 2.2$); Wolff in one or two sweeps' worth of flips, nearly independent of
#   $L$: it turns over a whole correlated domain at once
# - **b**: both have the same autocorrelation time: they sample the same Boltzmann distribution
# - **c**: Wolff is slower at $T_c$: the bond probability $1 - e^{-2/T}$ is small there, so its clusters
#   are single spins
# - **d**: Metropolis is faster at $T_c$ than anywhere below it, because more of its proposals are
#   accepted there, and so is its autocorrelation time short
#
# Store your letter as `prediction_slowing`.

# %%
figures.temperature().live(T=2.27)

# %%
### BEGIN SOLUTION
prediction_slowing = "a"
### END SOLUTION
check("ch11-autocorrelation", prediction_slowing)

# %% [markdown]
# The explorer's 2000 sweeps measure $\tau_\text{int}$ poorly at $T_c$ (its error is more than half
# of it). The measurement at $T = 2.27$: Metropolis runs of 20000 sweeps at $L = 16$ and $32$, and a
# Wolff run of 400 sweeps at $L = 32$, each from a cold start; the errors of $\tau_\text{int}$ are
# Madras and Sokal's, $\delta\tau \approx \tau\sqrt{2(2M + 1)/n}$ for the window $M \approx 6\tau$
# ({func}`physml.interactives.ising.tau_error`).

# %%
if prediction_slowing is ...:
    print("Record your prediction above first, then run this cell.")
else:
    tau = {}
    for L in (16, 32):
        metropolis = I.simulate(L, 2.27, 20000, key=jax.random.key(L), n_therm=1000)
        tau[L] = I.integrated_autocorrelation_time(np.abs(metropolis.magnetisation[0]))
        print(f"Metropolis, L = {L}: τ_int(|m|) = {tau[L]:.0f} ± {figures.tau_error(tau[L], 20000):.0f} sweeps")
    wolff = I.simulate(32, 2.27, 400, key=jax.random.key(5), algorithm="wolff", n_therm=50)
    tau_wolff = I.integrated_autocorrelation_time(np.abs(wolff.magnetisation[0]))
    print(f"Wolff,      L = 32: τ_int(|m|) = {tau_wolff:.1f} ± {figures.tau_error(tau_wolff, 400):.1f} sweeps "
          f"({wolff.clusters_per_sweep[0]} clusters each)")
    error = {L: figures.tau_error(tau[L], 20000) / tau[L] for L in (16, 32)}        # relative errors
    error_wolff = figures.tau_error(tau_wolff, 400) / tau_wolff
    doubling, versus_wolff = tau[32] / tau[16], tau[32] / tau_wolff
    print(f"doubling L multiplies the Metropolis τ by {doubling:.1f} ± {doubling * np.hypot(error[16], error[32]):.1f} "
          f"(2^z = {2 ** 2.17:.1f} for z = 2.17); at L = 32 Metropolis needs {versus_wolff:.0f} ± "
          f"{versus_wolff * np.hypot(error[32], error_wolff):.0f} times as many sweeps per independent sample as Wolff")

# %% [markdown]
# ## Task 11.3: the first principal component (derive)
#
# Principal component analysis of Ising configurations, flattened to vectors $s \in \{-1, 1\}^N$,
# finds as first axis a unit vector $w$ (with $\sum_i w_i^2 = 1$) whose entries are all nearly equal.
# Take them exactly equal and positive. Then the projection $w \cdot s$ of a configuration is
# proportional to its magnetisation, $w \cdot s = c\, m$. **Derive** $c$ for $L = 16$ ($N = 256$) and
# store it as `pca_constant` (a number).

# %%
### BEGIN SOLUTION
pca_constant = np.sqrt(16 * 16)
### END SOLUTION
check("ch11-pca-constant", pca_constant)

# %% [markdown]
# The test: Metropolis configurations of a $16 \times 16$ lattice at eleven temperatures (200 per
# temperature, 10 sweeps apart), each flipped as a whole with probability ½ (the energy is symmetric
# under $s \to -s$, so both signs are equally likely; a finite Metropolis run started all-up keeps
# $m > 0$ below $T_c$), analysed by {func}`physml.ising.principal_components`:

# %%
T_grid = np.array([1.6, 1.8, 2.0, 2.2, 2.3, 2.4, 2.6, 2.8, 3.0, 3.2, 3.4])
run = I.simulate(16, T_grid, 2000, key=jax.random.key(11), n_therm=500, save_every=10)
signs = np.random.default_rng(1).choice([-1, 1], size=run.configurations.shape[:2])
configs = (run.configurations * signs[:, :, None, None]).astype(np.int8)   # (11 temperatures, 200, 16, 16)
T_of = np.repeat(T_grid, configs.shape[1])
flat = configs.reshape(-1, 16, 16)
m = I.magnetisation(flat)

# %% mystnb={"figure": {"caption": "Task 11.3: the projection of each configuration on the first principal component, divided by your constant, against its magnetisation, coloured by temperature; the line is the identity.", "name": "fig-p11-pca"}}
if pca_constant is ...:
    print("Derive pca_constant above first, then run this cell.")
else:
    pca = I.principal_components(flat, 2)
    p1 = pca.projections[:, 0] + pca.mean.reshape(-1) @ pca.components[0]    # w·s, undoing the centring
    w = pca.components[0]
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    points = ax.scatter(m, p1 / pca_constant, c=T_of, s=6, cmap="coolwarm")
    ax.plot([-1, 1], [-1, 1], color="0.4", lw=0.8)
    ax.set(xlabel="magnetisation m", ylabel="w·s / c", title="first principal component")
    fig.colorbar(points, label="temperature T")
    plt.show()
    print(f"entries of w: {w.mean():.4f} ± {w.std():.4f} (1/√N = {1 / 16:.4f}); "
          f"first component explains {pca.explained_variance_ratio[0]:.0%} of the variance")
    print(f"|w·s/c − m| < 0.01 for all {len(m)} configurations: {bool(np.max(np.abs(p1 / pca_constant - m)) < 0.01)}")

# %% [markdown]
# ## Task 11.4: a transition you have not seen, by finite-size scaling (fit)
#
# A phase classifier was trained on configurations of the **triangular**-lattice Ising model (each
# spin has six neighbours) far from its transition, and applied across $T$ on lattices of six sizes
# from $L = 8$ to $48$. `practice_crossings()` returns the sizes, the temperatures $T^*(L)$ at which
# its probability of "ordered" crosses ½, and their standard errors. A pseudo-critical temperature of
# a finite lattice is shifted by $T^*(L) - T_c \propto L^{-1/\nu}$, with $\nu = 1$ for every
# two-dimensional Ising model. Estimate the triangular lattice's $T_c$ and store it as `Tc_estimate`
# (a number).

# %% mystnb={"figure": {"caption": "The data of task 11.4: the crossing temperature of a phase classifier on triangular lattices of six sizes, against $1/L$, with their standard errors.", "name": "fig-p11-crossings"}}
L_sizes, T_cross, T_err = practice_crossings()
fig, ax = plt.subplots(figsize=(5.5, 3.4))
ax.errorbar(1 / L_sizes, T_cross, T_err, fmt="o", color="C1", ms=4)
ax.set(xlabel="1/L", ylabel="crossing temperature T*(L)", xlim=(0, 0.135), title="classifier crossings")
ax.grid(alpha=0.3)
plt.show()

# %%
### BEGIN SOLUTION
slope, Tc_estimate = np.polyfit(1 / L_sizes, T_cross, 1, w=1 / T_err)
### END SOLUTION
check("ch11-critical-temperature", Tc_estimate)

# %% [markdown]
# The same fit with its error bar ({func}`physml.ising.extrapolate_critical_temperature`), against the
# exact value $T_c = 4/\ln 3$ of the triangular lattice:

# %%
if Tc_estimate is ...:
    print("Estimate Tc_estimate above first, then run this cell.")
else:
    fit = I.extrapolate_critical_temperature(L_sizes, T_cross, T_err)
    exact = I.critical_temperature("triangular")
    print(f"T_c = {fit.critical_temperature:.3f} ± {fit.error:.3f} (exact 4/ln 3 = {exact:.3f}, "
          f"{abs(fit.critical_temperature - exact) / fit.error:.1f} standard errors off); "
          f"square lattice: {I.critical_temperature():.3f}")

# %% [markdown]
# ## Task 11.5: what the network learned (predict, then run)
#
# A classifier $P(\text{ordered}\mid s)$ ({func}`physml.ising.fit_phase_classifier`, one hidden layer on
# the raw spins, weight penalty $10^{-3}$, 1000 Adam steps) is trained on the ferromagnet's
# configurations of task 11.3, labelled ordered for $T \le 1.8$ and disordered for $T \ge 3.0$. Then it is shown configurations of the
# **antiferromagnet**, $E = +\sum_{\langle ij\rangle} s_i s_j$, which orders below the same $T_c$ into
# a checkerboard (on the square lattice, flipping every other spin maps one model onto the other).
# **Predict** what it says about them:
#
# - **a**: ordered below the antiferromagnet's transition and disordered above it: the network has
#   learned to recognise order
# - **b**: disordered at every temperature: the staggered order of the antiferromagnet has $m \approx 0$,
#   and the network, which learned a function of the magnetisation, cannot tell it from noise
# - **c**: ordered at every temperature: the antiferromagnet's configurations are never random
# - **d**: ordered and disordered at random, 50 % each, at every temperature: the configurations lie
#   outside its training data
#
# Store your letter as `prediction_afm`.

# %%
### BEGIN SOLUTION
prediction_afm = "b"
### END SOLUTION
check("ch11-antiferromagnet", prediction_afm)

# %% [markdown]
# The experiment. The antiferromagnet's configurations are the ferromagnet's with every other spin
# flipped, $s_i \to (-1)^{x_i + y_i} s_i$: the energy with $J = -1$ of the one equals the energy with
# $J = 1$ of the other, so they are exact samples at the same temperature (the first line checks it).

# %%
if prediction_afm is ...:
    print("Record your prediction above first, then run this cell.")
else:
    train = (T_of <= 1.8) | (T_of >= 3.0)
    labels = (T_of[train] <= 1.8).astype(float)
    classifier = I.fit_phase_classifier(flat[train], labels, key=jax.random.key(0), l2=1e-3, n_steps=1000)
    stagger = 1 - 2 * ((np.arange(16)[:, None] + np.arange(16)[None, :]) % 2)
    antiferro = configs * stagger
    same = np.allclose(I.energy_per_site(antiferro, coupling=-1.0), I.energy_per_site(configs))
    print(f"antiferromagnet's energies (J = −1) equal the ferromagnet's (J = +1): {same}")
    p_ferro = classifier.probability(configs).mean(axis=1)             # mean over 200 configurations
    p_anti = classifier.probability(antiferro).mean(axis=1)
    m_stag = np.abs(I.staggered_magnetisation(antiferro)).mean(axis=1)
    print("   T    P(ordered): ferromagnet   antiferromagnet     antiferromagnet's |m_s|")
    for k in (0, 2, 3, 7, 10):
        print(f"{T_grid[k]:5.1f}          {p_ferro[k]:4.1f}               {p_anti[k]:4.1f}               {m_stag[k]:4.2f}")

# %% [markdown]
# Out of its training distribution a network's answer also depends on what its training data left
# open. The same network trained on a fifth of the data (40 configurations per temperature, 50 sweeps
# apart) with the default, weaker penalty ($10^{-4}$, 400 steps) keeps more noise in its weights:

# %%
if prediction_afm is ...:
    print("Record your prediction above first, then run this cell.")
else:
    few = configs[:, ::5].reshape(-1, 16, 16)                              # 40 per temperature
    T_few = np.repeat(T_grid, 40)
    train_few = (T_few <= 1.8) | (T_few >= 3.0)
    small = I.fit_phase_classifier(few[train_few], (T_few[train_few] <= 1.8).astype(float), key=jax.random.key(0))
    for name, net in (("200 per T, penalty 10⁻³, 1000 steps", classifier),
                      ("40 per T, penalty 10⁻⁴, 400 steps", small)):
        p = net.probability(antiferro).mean(axis=1)
        print(f"{name}: the antiferromagnet is called disordered (P < 0.1) at every temperature: {bool(np.all(p < 0.1))}")

# %% [markdown]
#
# **Going further.** Train the same network on the antiferromagnet's configurations (both phases)
# and look at its hidden weights (`classifier.hidden_weights`). What pattern do you expect, and which
# order parameter does it then compute? Would it recognise the ferromagnet?

# %% [markdown] tags=["solution"]
# **Model answer.** The weights of each hidden unit become a checkerboard, $W_{k,i} \approx
# a_k (-1)^{x_i + y_i}$, up to noise: the unit's input is $W_k \cdot s \propto N m_s$, the staggered
# magnetisation, the antiferromagnet's order parameter, and $\tanh$ of it with the output layer gives a
# function of $|m_s|$. Shown the ferromagnet, whose ordered states have $m_s \approx 0$, it says
# "disordered" at every temperature: task 11.5 mirrored. A network trained on one model has learned the
# feature that separates *its* training data; that this feature is a physicist's order parameter is a
# finding to be checked (here by its weights), not a guarantee, and it does not carry over to a phase
# with a different order parameter.
