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
# (ch-neural-quantum-states)=
# # Neural networks as variational wavefunctions
#
# ```{admonition} At a glance
# :class: tip
# **You will learn to** state and test the variational principle; compute exact ground-state
# energies of the transverse-field Ising chain in two independent ways (sparse diagonalisation and
# the Jordan–Wigner solution, whose derivation is sketched); write a neural-network wavefunction,
# sample it with Metropolis chains, derive the Monte Carlo estimate of the energy gradient and the
# stochastic-reconfiguration step from imaginary-time evolution, write the whole variational Monte
# Carlo loop in twenty lines and check it against the library's, and train a network to a relative
# error below $10^{-3}$ at the critical point; compare it fairly with Adam over several starts; read the local-energy variance as
# a built-in certificate of quality; and see what changes for fermions, with an antisymmetrised
# network checked against an exact two-particle answer.
#
# **Prerequisites:** {ref}`ch-loss-landscapes`; quantum mechanics of spins one-half (Pauli
# matrices, tensor products); Monte Carlo averages. The machine-learning words used here (network,
# loss, Adam, automatic differentiation, `jit`, `vmap`, pytree) are defined in the {ref}`primer`.
#
# **Time to read:** about 50 minutes. **Time to run:** about 30 seconds on a 2-core laptop CPU. **Practice:** [Practice 3: neural networks as variational wavefunctions](../exercises/ch03_practice.ipynb).
# ```
#
# Chapters 1 and 2 read a loss as an energy. Here the loss *is* an energy: the quantity minimised is
# the expectation value of a Hamiltonian in a state written as a neural network. The Hilbert space of
# $L$ spins has $2^L$ dimensions, so for large $L$ no computer can store the ground state as a vector.
# A network with a few hundred parameters can still describe it well, and Monte Carlo sampling makes
# the energy computable without ever writing the vector down {cite}`ch03-carleo2017solving`.
#
# The plan of the chapter follows what a careful variational calculation needs. First a principle
# that makes any trial state useful (an upper bound). Then exact answers to judge the method by, for a
# chain where they exist. Then the three ingredients of variational Monte Carlo (VMC): a network that
# returns amplitudes, a sampler that draws configurations with probability $|\psi|^2$, and a
# *local energy* whose average is the energy. Then the optimiser, stochastic reconfiguration, derived
# from imaginary-time evolution and written out on the page before the library's fast version takes
# over. The chapter ends with what changes for fermions.

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
import matplotlib.pyplot as plt
import numpy as np

from physml import nqs
from physml import quantum as Q
from physml.interactives import nqs as figures
from physml.style import COLORS

# %% [markdown]
# ## The variational principle
#
# For a Hamiltonian $H$ with lowest eigenvalue $E_0$ and any state $\psi \neq 0$, the **Rayleigh
# quotient**
#
# $$
# E[\psi] = \frac{\langle\psi|H|\psi\rangle}{\langle\psi|\psi\rangle} \;\ge\; E_0 .
# $$ (rayleigh)
#
# The proof is one line: expand $\psi = \sum_n c_n \phi_n$ in eigenstates, then
# $E[\psi] = \sum_n |c_n|^2 E_n / \sum_n |c_n|^2$ is a weighted average of the $E_n$, and an average
# is never below its smallest member. Equality holds only for a ground state. So *any* family of
# trial states $\psi_\theta$ gives an upper bound, and lowering $E[\psi_\theta]$ over $\theta$ is a
# principled way to approach $E_0$ {cite}`ch03-becca2017quantum`.
#
# Our test system is the **transverse-field Ising chain** of $L$ spins on a ring,
#
# $$
# H = -J \sum_{i=1}^{L} \sigma^z_i\sigma^z_{i+1} \;-\; h \sum_{i=1}^{L} \sigma^x_i ,
# \qquad \sigma_{L+1} \equiv \sigma_1 .
# $$ (tfim)
#
# The coupling $J > 0$ wants neighbouring spins aligned along $z$; the field $h$ wants each spin to
# point along $x$. At $h = J$ the chain has a quantum phase transition between the ordered
# ($h < J$) and disordered ($h > J$) phases {cite}`ch03-pfeuty1970one`. There the correlations decay
# slowly and the ground state is hardest to approximate, so we work at $h = J = 1$ unless stated.
#
# We test {eq}`rayleigh` on a chain of $L = 10$ spins (1024 amplitudes) with three kinds of trial
# state: random vectors, product states (every spin tilted by the same angle $\theta$ from $z$
# towards $x$, {func}`physml.quantum.product_state`), and the exact ground state plus a perturbation
# of size $\varepsilon$. The product states are our first variational family, with a single
# parameter, the angle $\theta$; the networks below have hundreds of parameters, and we keep the
# letter $\theta$ for all of them. Minimising over the angle is the mean-field approximation, and it
# can be done by hand.
#
# :::{admonition} Derivation: the best product state (mean field)
# :class: dropdown
# In the state $\cos\frac\theta2|{\uparrow}\rangle + \sin\frac\theta2|{\downarrow}\rangle$ of one
# spin, $\langle\sigma^z\rangle = \cos^2\frac\theta2 - \sin^2\frac\theta2 = \cos\theta$ and
# $\langle\sigma^x\rangle = 2\sin\frac\theta2\cos\frac\theta2 = \sin\theta$. In a product state the
# spins are uncorrelated, $\langle\sigma^z_i\sigma^z_{i+1}\rangle = \langle\sigma^z_i\rangle
# \langle\sigma^z_{i+1}\rangle$, so each of the $L$ bonds contributes $-J\cos^2\theta$ and each site
# $-h\sin\theta$:
#
# $$
# E(\theta) = -JL\cos^2\theta - hL\sin\theta, \qquad
# E'(\theta) = L\cos\theta\,(2J\sin\theta - h) .
# $$
#
# For $h < 2J$ the minimum is at $\sin\theta = h/2J$, where
# $E = -JL(1 - h^2/4J^2) - hL\,h/2J = -L(J + h^2/4J)$. For $h \ge 2J$ it is at $\theta = 90°$, all
# spins along $x$, $E = -hL$. Mean field thus predicts a transition at $h = 2J$; the exact one is at
# $h = J$. The missing ingredient is the correlation between neighbours that a product state cannot
# carry.
# :::

# %%
L_small, h = 10, 1.0
H10 = Q.tfim_hamiltonian(L_small, h)
ground_10 = Q.tfim_ground_state(L_small, h)
E0_10, psi0_10 = ground_10.energy, ground_10.psi
rng = np.random.default_rng(3)
random_states = rng.normal(size=(2000, 2**L_small))
E_random = np.array([Q.rayleigh_quotient(H10, psi) for psi in random_states])
thetas = np.linspace(0, np.pi, 181)
E_product = np.array([Q.rayleigh_quotient(H10, Q.product_state(t, L_small)) for t in thetas])
print(f"exact ground-state energy E0 = {E0_10:.6f}")
print(f"2000 random states: E[psi] from {E_random.min():.3f} to {E_random.max():.3f}; "
      f"lowest minus E0 = {E_random.min() - E0_10:.2f}")
best = np.argmin(E_product)
print(f"best product state: theta = {np.degrees(thetas[best]):.0f} deg, E = {E_product[best]:.4f}, "
      f"above E0 by {E_product[best] - E0_10:.4f}")
print(f"mean-field prediction: sin(theta) = h/2J -> theta = {np.degrees(np.arcsin(h / 2)):.0f} deg, "
      f"E = -L(J + h^2/4J) = {-L_small * (1 + h**2 / 4):.4f}")

# %% [markdown]
# Random vectors land near $E \approx 0$, the average of the spectrum ($\operatorname{tr}H = 0$
# here), far above $E_0$: in a space of 1024 dimensions a random state has almost no overlap with the
# ground state. The best product state gets within 2 % of $E_0$, at the angle and energy the
# derivation above predicts, and no trial state goes below $E_0$ ({numref}`fig-ch03-variational`
# below). The last experiment shows why variational energies are so useful. A state with an error of
# order $\varepsilon$ has an energy error of order $\varepsilon^2$, because $E_0$ is a minimum of
# $E[\psi]$ and the first-order change vanishes.
#
# :::{admonition} Derivation: the energy error is second order
# :class: dropdown
# Let $H\psi_0 = E_0\psi_0$ with $\|\psi_0\| = 1$, and perturb along a unit vector $\xi \perp \psi_0$.
# The cross terms vanish, $\langle\psi_0|H|\xi\rangle = E_0\langle\psi_0|\xi\rangle = 0$, so
#
# $$
# E[\psi_0 + \varepsilon\xi] = \frac{E_0 + \varepsilon^2\langle\xi|H|\xi\rangle}{1 + \varepsilon^2}
# = E_0 + \varepsilon^2\big(\langle\xi|H|\xi\rangle - E_0\big) + O(\varepsilon^4) .
# $$
#
# The coefficient is $\ge 0$ by {eq}`rayleigh` applied to $\xi$: on a log–log plot the energy error
# is a line of slope 2.
# :::

# %%
xi = rng.normal(size=2**L_small)
xi -= (xi @ psi0_10) * psi0_10          # perturb orthogonally to the ground state
xi /= np.linalg.norm(xi)
eps = np.logspace(-4, -1, 7)
E_pert = np.array([Q.rayleigh_quotient(H10, psi0_10 + e * xi) for e in eps])
slope = np.polyfit(np.log(eps), np.log(E_pert - E0_10), 1)[0]
print("eps      E[psi0 + eps*xi] - E0")
for e, d in zip(eps, E_pert - E0_10):
    print(f"{e:.0e}   {d:.3e}")
print(f"log-log slope: {slope:.3f} (second order: 2)")
print(f"all trial energies >= E0: {bool(min(E_random.min(), E_product.min(), E_pert.min()) >= E0_10)}")

# %% [markdown]
# The slope is 2, as derived. {numref}`fig-ch03-variational` collects the first two families.
#
# :::{admonition} Checkpoint
# :class: tip
# The energy error of $\psi_0 + \varepsilon\xi$ is of order $\varepsilon^2$. Is the error of
# another observable, say the magnetisation $\langle\sigma^x\rangle$, also of order $\varepsilon^2$?
# What does your answer mean for a variational calculation that reports more than the energy?
#
# ```{dropdown} Answer
# In general no: it is of order $\varepsilon$. The argument above used that $\psi_0$ is an
# eigenvector of $H$, the operator in the numerator; for another operator $A$ the cross term
# $2\varepsilon\langle\psi_0|A|\xi\rangle$ does not vanish. The energy is therefore the most
# forgiving quantity a variational state can report, and observables must be checked separately, as we
# do at the end of the VMC section.
# ```
# :::

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Left, the Rayleigh quotient of 2000 random states of the chain of 10 spins (grey histogram), the best product state (blue line) and the exact ground-state energy (dashed). Right, the energy of the product states against the tilt angle. No trial state goes below the dashed line; random states sit near the middle of the spectrum.", "name": "fig-ch03-variational"}} tags=["hide-input"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4))
ax1.hist(E_random, bins=40, color=COLORS["grey"], label="random states")
ax1.axvline(E0_10, color=COLORS["vermillion"], ls="--", label="$E_0$")
ax1.axvline(E_product[best], color=COLORS["blue"], label="best product state")
ax1.set(xlabel="Rayleigh quotient $E[\\psi]$", ylabel="count")
ax1.legend(loc="upper left")
ax2.plot(np.degrees(thetas), E_product, color=COLORS["blue"], label="product states")
ax2.axhline(E0_10, color=COLORS["vermillion"], ls="--", label="$E_0$")
ax2.set(xlabel="tilt angle θ (degrees)", ylabel="$E[\\psi_\\theta]$", ylim=(-13.5, -5))
ax2.legend()
plt.show()

# %% [markdown]
# ## Two exact references
#
# A variational method needs an exact answer to be judged against. We compute one in two
# independent ways.
#
# **Sparse exact diagonalisation.** In the basis of $\sigma^z$ eigenstates, {eq}`tfim` has the
# diagonal $-J\sum_i s_i s_{i+1}$ and, in every row, $L$ entries $-h$ that flip one spin. The matrix
# has $2^L$ rows but only $L+1$ non-zeros per row, so Lanczos iteration
# (`scipy.sparse.linalg.eigsh`), a Krylov-space method that needs only products of the matrix with
# vectors and converges first to the extreme eigenvalues, finds the lowest eigenvalue up to $L \approx 20$
# ({func}`physml.quantum.tfim_hamiltonian`; {func}`physml.quantum.tfim_ground_state` returns the energy and
# the vector).
#
# **The Jordan–Wigner solution.** The Jordan–Wigner transformation turns the spins into fermions and
# {eq}`tfim` into a quadratic fermion Hamiltonian, solved by Fourier and Bogoliubov transformations
# {cite}`ch03-lieb1961two,ch03-pfeuty1970one`. The single-fermion energies are
# $\varepsilon_k = 2\sqrt{J^2 + h^2 - 2Jh\cos k}$. Two details decide which momenta $k$ appear.
# The parity $P = \prod_i \sigma^x_i$ commutes with $H$, so every eigenstate has $P = \pm 1$. And
# the periodic *spin* chain becomes a fermion chain whose boundary condition depends on $P$: in the
# even sector $P = +1$ the fermions are **antiperiodic**, $k = (2n+1)\pi/L$; in the odd sector they
# are periodic, $k = 2\pi n/L$, and the unpaired modes $k = 0, \pi$ need separate care. For even $L$
# the ground state lies in the even sector, with
#
# $$
# E_0 = -\sum_{n=0}^{L-1} \sqrt{J^2 + h^2 - 2Jh\cos\frac{(2n+1)\pi}{L}} .
# $$ (jw-energy)
#
# ({func}`physml.quantum.tfim_exact_energy`; `parity_sector=-1` gives the odd sector.) Using
# periodic momenta for the ground state is a common slip; it gives a wrong energy at every
# finite $L$. The box sketches where each ingredient comes from; the full calculation, with the odd
# sector worked out, is in {cite}`ch03-lieb1961two,ch03-pfeuty1970one`.
#
# :::{admonition} Derivation sketch: spins to fermions, and the single-fermion energies
# :class: dropdown
# **Jordan–Wigner.** Call a spin with $\sigma^x_i = -1$ an occupied site: $\sigma^x_i = 1 - 2n_i$ with
# $n_i = c_i^\dagger c_i$ and fermion operators $c_i$. The other Pauli operator needs a *string* that
# counts the occupied sites to its left, $\sigma^z_i = -\prod_{j<i}(1 - 2n_j)\,(c_i + c_i^\dagger)$;
# the string makes operators on different sites anticommute, as fermions must. Neighbouring strings
# cancel, and with $(c + c^\dagger)(1 - 2n) = c^\dagger - c$ every bond becomes quadratic,
# $\sigma^z_i\sigma^z_{i+1} = (c_i^\dagger - c_i)(c_{i+1} + c_{i+1}^\dagger)$ for $i < L$.
#
# **The boundary.** The closing bond $\sigma^z_L\sigma^z_1$ keeps the whole string, which is the
# parity $P = \prod_i\sigma^x_i = \prod_i(1 - 2n_i) = (-1)^{N_\text{fermions}}$. The same algebra gives
# the bulk form with $c_{L+1} \equiv -P\,c_1$. Since $P$ commutes with $H$ we may replace it by its
# value: antiperiodic fermions ($c_{L+1} = -c_1$) in the even sector, periodic ones in the odd
# sector. Plane waves $c_j = L^{-1/2}\sum_k e^{ikj}c_k$ then need $e^{ikL} = -1$, $k = (2n+1)\pi/L$,
# or $e^{ikL} = 1$, $k = 2\pi n/L$.
#
# **Fourier.** Summing the bonds over $j$ (the step we skip is this two-line sum),
#
# $$
# H = \sum_k\Big[2(h - J\cos k)\,c_k^\dagger c_k - iJ\sin k\,\big(c_k^\dagger c_{-k}^\dagger + c_k c_{-k}\big)\Big] - hL .
# $$
#
# The field is a chemical potential; the bonds hop fermions and create or destroy *pairs* $(k, -k)$.
#
# **Bogoliubov.** Each pair is a $2\times2$ problem. First share the diagonal term between $k$ and $-k$:
# relabel $k \to -k$ in half of it and use $c_{-k}^\dagger c_{-k} = 1 - c_{-k}c_{-k}^\dagger$,
#
# $$
# \sum_k 2(h - J\cos k)\,c_k^\dagger c_k = \sum_k (h - J\cos k)\big(c_k^\dagger c_k - c_{-k}c_{-k}^\dagger\big)
# + \sum_k (h - J\cos k) .
# $$
#
# The constant is $hL$, because $\sum_k\cos k = 0$, and it cancels the $-hL$. What is left is
# $H = \sum_k \Psi_k^\dagger H_k \Psi_k$ with $\Psi_k = (c_k, c_{-k}^\dagger)^\top$ and
# $H_k = \begin{pmatrix} h - J\cos k & -iJ\sin k \\ iJ\sin k & -(h - J\cos k)\end{pmatrix}$, whose eigenvalues
# are $\pm\sqrt{(h - J\cos k)^2 + J^2\sin^2 k} = \pm\tfrac12\varepsilon_k$. Rotating to the eigenvectors,
# new fermions $\gamma_k = u_k c_k + v_k c_{-k}^\dagger$ with $|u_k|^2 + |v_k|^2 = 1$, gives
# $H = \sum_k \tfrac12\varepsilon_k(\gamma_k^\dagger\gamma_k - \gamma_{-k}\gamma_{-k}^\dagger)
# = \sum_k \varepsilon_k(\gamma_k^\dagger\gamma_k - \tfrac12)$. The ground state has no $\gamma$
# fermions, an even number of $c$ fermions, so it lives in the even sector: $E_0 = -\tfrac12\sum_k\varepsilon_k$, which is {eq}`jw-energy`.
#
# **The odd sector.** Periodic momenta include $k = 0$ and $k = \pi$, which have no partner: their
# modes cost $2(h - J)$ and $2(h + J)$ and are not rotated. An odd state must occupy one of them (or
# one $\gamma$). For $h > J$ occupying $k = 0$ costs $2(h - J) > 0$: a finite gap. For $h < J$ it
# *gains* energy, and the gain exactly pays for the two unpaired modes: the odd-sector energy is then
# $-\tfrac12\sum_k\varepsilon_k$ over the periodic momenta, the even sector's formula with every
# momentum shifted by $\pi/L$. Away from $h = J$, $\varepsilon_k$ is a smooth periodic function of
# $k$, and its sums over two interleaved grids differ by an amount exponentially small in $L$: the two
# sectors become degenerate as $L$ grows. At $h = J$ the cost is zero, but $\varepsilon_k = 4J|\sin\frac k2|$
# has a kink at $k = 0$, and the two sums differ by an amount set by the spacing of the momenta,
# $\propto 1/L$.
# :::
#
# We compare both routes, in both sectors, for all even $L$ up to 16: at three fields
# up to $L = 12$, and at the critical field for $L = 14$ and 16, where each Lanczos run is the costliest.

# %%
worst = 0.0
ground_16 = Q.tfim_ground_state(16, 1.0)   # also the reference for the observables below
print(" L    h     E0 (Lanczos)        E0 (Jordan-Wigner)   odd sector: Lanczos vs JW")
for L in range(2, 17, 2):
    for hh in (0.5, 1.0, 2.0) if L <= 12 else (1.0,):
        e_ed = ground_16.energy if (L, hh) == (16, 1.0) else Q.tfim_ground_state(L, hh).energy
        e_jw = Q.tfim_exact_energy(L, hh)
        e_odd_ed = Q.tfim_ground_state(L, hh, parity_sector=-1).energy
        e_odd_jw = Q.tfim_exact_energy(L, hh, parity_sector=-1)
        worst = max(worst, abs(e_ed - e_jw), abs(e_odd_ed - e_odd_jw))
        if hh == 1.0 and L in (4, 10, 16):
            print(f"{L:2d}  {hh:.1f}  {e_ed:18.12f}  {e_jw:18.12f}   {e_odd_ed:.10f} vs {e_odd_jw:.10f}")
periodic_k = -np.sum(np.sqrt(2 - 2 * np.cos(2 * np.pi * np.arange(16) / 16)))
print(f"largest disagreement over L = 2..16 (h = 0.5, 1, 2 up to L = 12), both sectors: below 1e-10: {worst < 1e-10}")
print(f"with periodic momenta instead, L = 16, h = 1: {periodic_k:.6f} (wrong by "
      f"{periodic_k - Q.tfim_exact_energy(16, 1.0):+.4f})")

# %% [markdown]
# Both routes agree to machine precision in both sectors, and the periodic momenta are visibly wrong.
#
# The closed form costs nothing for any even $L$, so it also shows the physics of the transition.
# The energy gap between the two parity sectors behaves in three different ways, as the last part of
# the derivation box anticipates: it closes exponentially with $L$ in the ordered phase (the two
# ferromagnetic states $\uparrow\uparrow\cdots$ and $\downarrow\downarrow\cdots$ become degenerate),
# stays finite, $2(h - J)$ (the cost of the $k = 0$ mode), in the disordered phase, and closes like
# $1/L$ at the critical point. At $h = J$ the single-fermion energies near $k = 0$ are
# $\varepsilon_k \approx 2J|k|$, massless particles with velocity $v = 2J$, and conformal field theory
# fixes both finite-size corrections from $v$ and two numbers of the critical point
# {cite}`ch03-blote1986conformal`: the energy per site approaches its infinite-chain value $-4/\pi$ (the
# integral $-\frac1\pi\int_0^\pi 2|\sin\frac k2|\,dk$) as $-\pi c v/(6L^2) = -\pi/(6L^2)$ with
# central charge $c = 1/2$, and the parity gap as $2\pi v x/L = \pi/(2L)$ with the scaling dimension
# $x = 1/8$ of the order parameter {cite}`ch03-cardy1984conformal`. (We quote these two results; their
# derivation, from the transformation of the energy under the conformal map of the plane to a cylinder, is beyond this
# chapter.) {numref}`fig-ch03-jordan-wigner` shows both.

# %%
Ls = np.arange(4, 201, 2)
gap = {hh: np.array([Q.tfim_exact_energy(L, hh, parity_sector=-1) - Q.tfim_exact_energy(L, hh)
                     for L in Ls]) for hh in (0.8, 1.0, 1.2)}
print(f"h = 0.8: gap at L = 20, 40: {gap[0.8][Ls == 20][0]:.2e}, {gap[0.8][Ls == 40][0]:.2e}")
print(f"h = 1.2: gap at L = 200: {gap[1.2][-1]:.4f}  (2(h - J) = 0.4)")
print(f"h = 1.0: L x gap at L = 50, 200: {50 * gap[1.0][Ls == 50][0]:.4f}, {200 * gap[1.0][-1]:.4f}  "
      f"(pi/2 = {np.pi / 2:.4f})")
e_per_site = np.array([Q.tfim_exact_energy(L, 1.0) / L for L in Ls])
coef = np.polyfit(1 / Ls[Ls >= 20] ** 2, e_per_site[Ls >= 20], 1)
print(f"E0/L = {coef[1]:.8f} + ({coef[0]:.5f})/L^2;  -4/pi = {-4 / np.pi:.8f}, -pi/6 = {-np.pi / 6:.5f}")

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Left, the gap between the lowest states of the odd and the even parity sector against the chain length, from the Jordan\u2013Wigner solution: it closes exponentially in the ordered phase (h = 0.8), like 1/L at the critical point (h = 1), and stays at 2(h \u2212 J) in the disordered phase (h = 1.2). Right, the ground-state energy per site at h = J against 1/L\u00b2, with the prediction of conformal field theory (line).", "name": "fig-ch03-jordan-wigner"}} tags=["hide-input"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4))
for (hh, g), c in zip(gap.items(), (COLORS["blue"], COLORS["vermillion"], COLORS["green"])):
    ax1.semilogy(Ls, g, color=c, label=f"h = {hh}")
ax1.set(xlabel="L", ylabel="$E_{-} - E_{+}$ (parity gap)", ylim=(1e-12, 2))
ax1.legend()
ax2.plot(1 / Ls**2, e_per_site, "o", ms=3, color=COLORS["blue"], label="Jordan–Wigner")
x = np.linspace(0, 1 / 16, 50)
ax2.plot(x, -4 / np.pi - np.pi / 6 * x, color=COLORS["vermillion"], label=r"$-4/\pi - \pi/(6L^2)$")
ax2.set(xlabel="$1/L^2$", ylabel="$E_0 / L$ at $h = J$")
ax2.legend()
plt.show()

# %% [markdown]
# ## A neural-network wavefunction
#
# A **neural quantum state** is a network ({ref}`primer-mlp`) that maps a configuration
# $s = (s_1,\dots,s_L)$, $s_i = \pm 1$, to an amplitude $\psi_\theta(s)$ {cite}`ch03-carleo2017solving`;
# $\theta$ collects all its parameters. We use Carleo and Troyer's restricted Boltzmann machine
# (RBM). It has $M$ auxiliary *hidden* spins $u_j = \pm 1$ (we write $u$ to keep $h$ for the field), each coupled to
# every physical spin by a weight $W_{ij}$, with biases $a_i$ on the spins and $b_j$ on the hidden
# units. The hidden spins are summed out, and because they appear linearly in the exponent the sum
# factorises, $\sum_{u = \pm1} e^{u x} = 2\cosh x$:
#
# $$
# \psi_\theta(s) = \sum_{\{u_j\}} e^{\sum_i a_i s_i + \sum_j b_j u_j + \sum_{ij} s_i W_{ij} u_j}
# = e^{\sum_i a_i s_i} \prod_{j=1}^{M} 2\cosh\chi_j(s), \qquad \chi_j(s) = b_j + \sum_i W_{ij}s_i .
# $$ (rbm)
#
# Read as a network, $\chi_j$ is the input of hidden unit $j$ and $\log 2\cosh$ its activation;
# $\log\psi_\theta$ is a one-hidden-layer network with a linear *skip connection*
# $\sum_i a_i s_i$, a term that takes the input straight to the output past the hidden layer.
# The **hidden-unit density** $\alpha = M/L$ controls the expressiveness; the parameter count is
# $L + M + LM$. (In chapter 1, $\alpha$ was a step size. Here, as in the NQS literature, $\alpha$ is
# always the density $M/L$, and step sizes are called $\eta$.) All parameters here are real, so
# $\psi_\theta > 0$. That is no restriction for our chain: its off-diagonal matrix elements are
# $-h \le 0$, and the spin flips connect every configuration to every other, so by the
# Perron–Frobenius theorem (such a matrix has a lowest eigenvector with all components of one sign)
# the ground state can be chosen positive. (Signs and
# complex phases need complex parameters; the method is otherwise the same.)
# {func}`physml.nqs.rbm_log_amplitude` returns $\log\psi_\theta$, which stays finite where
# $\psi_\theta$ itself would overflow. The optimiser below needs the logarithmic derivatives
# $O_k(s) = \partial_{\theta_k}\log\psi_\theta(s)$, which for the RBM follow from
# $\frac{d}{dx}\log 2\cosh x = \tanh x$:
#
# $$
# \frac{\partial\log\psi}{\partial a_i} = s_i, \qquad
# \frac{\partial\log\psi}{\partial b_j} = \tanh\chi_j(s), \qquad
# \frac{\partial\log\psi}{\partial W_{ij}} = s_i\tanh\chi_j(s) .
# $$ (rbm-derivatives)
#
# For other networks automatic differentiation ({ref}`primer-autodiff`) provides them.

# %%
L, alpha = 16, 2
params0 = nqs.rbm_init(L, alpha, key=jax.random.key(0))
n_params = sum(p.size for p in jax.tree_util.tree_leaves(params0))
print(f"RBM for L = {L}, alpha = {alpha}: {n_params} parameters; the state vector has 2^{L} = {2**L} amplitudes")

# %% [markdown]
# ## Sampling the wavefunction and the local energy
#
# For large $L$ we cannot sum over all $2^L$ configurations, but we can *sample* them. Insert
# $1 = \sum_s |s\rangle\langle s|$ into {eq}`rayleigh`:
#
# $$
# E[\psi] = \sum_s \frac{|\psi(s)|^2}{\langle\psi|\psi\rangle}\,E_\text{loc}(s), \qquad
# E_\text{loc}(s) = \frac{\langle s|H|\psi\rangle}{\langle s|\psi\rangle}
# = -J\sum_i s_i s_{i+1} - h\sum_i \frac{\psi(s^{(i)})}{\psi(s)} ,
# $$ (local-energy)
#
# where $s^{(i)}$ is $s$ with spin $i$ flipped (the only configurations $\sigma^x_i$ connects to
# $s$; $\sigma^z_i\sigma^z_{i+1}$ is diagonal, with value $s_is_{i+1}$). The energy is the average of the **local energy**
# over configurations drawn from $|\psi|^2$, and each $E_\text{loc}(s)$ needs only $L + 1$
# amplitudes ({func}`physml.nqs.local_energy`).
#
# We draw the configurations with the Metropolis algorithm {cite}`ch03-metropolis1953equation`: propose
# flipping one random spin, accept with probability $\min(1, |\psi(s')/\psi(s)|^2)$. The normalisation
# cancels in the ratio. With $w(s) = |\psi(s)|^2$ the rule obeys **detailed balance**,
# $w(s)\,T(s \to s') = w(s')\,T(s' \to s)$ for the transition probabilities $T$ (the proposal,
# probability $1/L$, is the same both ways; check the acceptances for $w(s') < w(s)$ and for
# $w(s') \ge w(s)$): in a population of chains distributed as $w$, every move is as frequent as its
# reverse, so $w$ is stationary. A **sweep** is $L$ proposals, so that each spin is offered a flip
# about once. Chains start from random configurations, so the first sweeps, the **burn-in**, are
# thrown away while the chains forget their start. One chain is sequential, but many independent
# chains run side by side as one vectorised computation
# ({func}`physml.nqs.metropolis_sample`, compiled with `jax.jit`, {ref}`primer-jit`). On a chain of 6
# spins with random RBM parameters we can enumerate all $2^6$ values of $|\psi|^2$ and compare them
# with the sampled histogram ({numref}`fig-ch03-metropolis`). The *total variation distance* printed below is half the summed
# absolute difference of the two distributions (0 for identical, 1 for disjoint ones), and the
# *binomial standard error* of a bin of probability $p$ is $\sqrt{p(1-p)/N}$ for $N$ independent
# samples; the acceptance is the fraction of proposed flips accepted.

# %%
L6 = 6
params_small = nqs.rbm_init(L6, 1, key=jax.random.key(1), scale=0.5)
configs = Q.spin_configurations(L6).astype(float)
prob = np.exp(2 * np.asarray(nqs.rbm_log_amplitude(params_small, configs)))
prob /= prob.sum()
drawn = nqs.metropolis_sample(nqs.rbm_log_amplitude, params_small, L6, key=jax.random.key(2),
                              n_samples=32768, n_chains=1024, n_discard=10)
samples, acceptance = drawn.samples, drawn.acceptance
freq = np.bincount(Q.configuration_index(np.asarray(samples, dtype=int)), minlength=2**L6) / len(samples)
print(f"{len(samples)} samples from 1024 chains, acceptance {acceptance:.2f}")
print(f"total variation distance between histogram and |psi|^2: {0.5 * np.abs(freq - prob).sum():.3f}")
print(f"largest |difference| / (binomial standard error): "
      f"{np.max(np.abs(freq - prob) / np.sqrt(prob * (1 - prob) / len(samples))):.1f}")

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The 64 probabilities of a random RBM on 6 spins, enumerated (grey bars, sorted), and the frequencies of 32 768 Metropolis samples (dots). The histogram follows the distribution to within its sampling noise.", "name": "fig-ch03-metropolis"}} tags=["hide-input"]
order = np.argsort(prob)[::-1]
fig, ax = plt.subplots(figsize=(8, 3))
ax.bar(np.arange(2**L6), prob[order], color=COLORS["grey"], label="$|\\psi(s)|^2$ (enumerated)")
ax.plot(np.arange(2**L6), freq[order], "o", ms=3, color=COLORS["vermillion"], label="Metropolis histogram")
ax.set(xlabel="configuration (sorted by probability)", ylabel="probability")
ax.legend()
plt.show()


# %% [markdown]
# The histogram follows $|\psi|^2$ to within its sampling noise ({numref}`fig-ch03-metropolis`): no
# bin is off by more than a few binomial standard errors. (Consecutive samples of one chain are correlated, so the true error bars
# are somewhat wider than the binomial ones.)
#
# The local energy has a property that makes it a diagnostic. If $\psi$ is an exact eigenstate,
# $H\psi = E\psi$, then $E_\text{loc}(s) = E$ for *every* $s$: the estimator has **zero variance**.
# The variance $\sigma^2(E_\text{loc})$ therefore measures how far $\psi$ is from an eigenstate, and
# unlike the energy error it needs no exact answer. {func}`physml.nqs.local_energy` accepts any
# log-amplitude, so we can feed it the exact ground state of the $L = 10$ chain as a lookup table:

# %%
def exact_log_amplitude(_, s):
    index = ((1 - s) / 2).astype(int) @ (2 ** jnp.arange(s.shape[-1]))  # Q.configuration_index, in jnp
    return jnp.log(jnp.asarray(psi0_10)[index])

some_s = Q.spin_configurations(L_small)[::37].astype(float)
e_loc_exact = nqs.local_energy(exact_log_amplitude, None, some_s, h)
params_rand10 = nqs.rbm_init(L_small, 1, key=jax.random.key(5), scale=0.3)
e_loc_rand = nqs.local_energy(nqs.rbm_log_amplitude, params_rand10, some_s, h)
print(f"exact ground state: E_loc on {len(some_s)} configurations = {float(e_loc_exact.mean()):.6f}, "
      f"spread below 1e-10: {float(e_loc_exact.max() - e_loc_exact.min()) < 1e-10}")
print(f"random RBM:         E_loc from {float(e_loc_rand.min()):.2f} to {float(e_loc_rand.max()):.2f}")

# %% [markdown]
# :::{admonition} Checkpoint
# :class: tip
# All RBM parameters zero give the uniform superposition $\psi(s) = $ const, the exact ground state
# for $J = 0$. What is $E_\text{loc}(s)$ for this state, and what is the variance of $E_\text{loc}$
# over $|\psi|^2$ on a ring of $L$ spins? Does it depend on $h$?
#
# ```{dropdown} Answer
# Every ratio $\psi(s^{(i)})/\psi(s)$ is 1, so $E_\text{loc}(s) = -J\sum_i s_is_{i+1} - hL$. Under
# the uniform distribution the $L$ bond values $s_is_{i+1} = \pm1$ have mean zero and, for $L \ge 3$,
# are pairwise uncorrelated, so the variance is $J^2L$ (on the ring of two spins both bonds are the
# same pair, and it is $4J^2$), whatever $h$: one per site at $J = 1$. It vanishes only at
# $J = 0$, where the state is exact. The VMC runs below start close to this state, and their first
# variance per site is indeed about 1.
# ```
# :::

# %% [markdown]
# ## The energy gradient and stochastic reconfiguration
#
# To lower the energy we need its gradient with respect to the parameters, and we need it from the
# same samples that give the energy. Write $\langle\cdot\rangle$ for an average over $|\psi_\theta|^2$
# and $O_k(s) = \partial_{\theta_k}\log\psi_\theta(s)$ for the logarithmic derivatives
# {eq}`rbm-derivatives`. Then the gradient is a covariance,
#
# $$
# \partial_k E = 2\,\mathrm{Re}\,\mathrm{Cov}\big(O_k, E_\text{loc}\big)
# = 2\,\mathrm{Re}\,\big\langle (O_k - \langle O_k\rangle)^*(E_\text{loc} - \langle E_\text{loc}\rangle)\big\rangle ,
# $$ (vmc-gradient)
#
# where for our real, positive RBM the real part and the complex conjugate do nothing.
#
# :::{admonition} Derivation: the VMC gradient
# :class: dropdown
# Write $E = N/D$ with $N = \langle\psi|H|\psi\rangle$ and $D = \langle\psi|\psi\rangle$, and
# $\partial_k\psi(s) = O_k(s)\psi(s)$. For real $\theta_k$,
# $\partial_k N = \langle\partial_k\psi|H|\psi\rangle + \langle\psi|H|\partial_k\psi\rangle
# = 2\,\mathrm{Re}\langle\partial_k\psi|H|\psi\rangle$ because $H$ is Hermitian. Insert
# $\sum_s|s\rangle\langle s|$ and use $\langle s|H|\psi\rangle = E_\text{loc}(s)\psi(s)$:
#
# $$
# \langle\partial_k\psi|H|\psi\rangle = \sum_s O_k^*(s)\psi^*(s)\,E_\text{loc}(s)\psi(s)
# = D\,\langle O_k^*E_\text{loc}\rangle, \qquad \text{and likewise} \qquad
# \partial_k D = 2D\,\mathrm{Re}\langle O_k^*\rangle .
# $$
#
# The quotient rule, $\partial_k E = \partial_k N/D - E\,\partial_k D/D$, with
# $E = \langle E_\text{loc}\rangle$ real, gives
# $\partial_k E = 2\,\mathrm{Re}\big(\langle O_k^*E_\text{loc}\rangle - \langle O_k^*\rangle\langle E_\text{loc}\rangle\big)$,
# which is {eq}`vmc-gradient`. The subtracted product is what makes the estimator behave: at an
# eigenstate $E_\text{loc}$ is the same number for every sample, and every sample set gives exactly
# zero gradient, with no noise.
# :::
#
# The gradient could be handed to any optimiser ({ref}`primer-optimisers`). **Stochastic
# reconfiguration** (SR) {cite}`ch03-sorella1998green` asks instead for the change of parameters that best
# imitates a small step of imaginary-time evolution, $\psi \to e^{-\tau H}\psi \approx (1 - \tau H)\psi$,
# which, repeated, projects any state with a ground-state component onto the ground state: the
# component along each eigenstate is multiplied by $e^{-\tau E_n}$, so relative to the ground state
# every excited component shrinks by $e^{-\tau(E_n - E_0)}$ per step. The answer is a natural
# gradient {cite}`ch03-amari1998natural`,
#
# $$
# \theta \leftarrow \theta - \eta\,(S + \lambda I)^{-1}\nabla E, \qquad
# S_{kl} = \mathrm{Cov}(O_k, O_l) ,
# $$ (sr)
#
# with step size $\eta = \tau/2$ and a small *diagonal shift* $\lambda > 0$ discussed below.
#
# :::{admonition} Derivation: SR from imaginary-time evolution
# :class: dropdown
# Divide by $\psi(s)$: a change of parameters $\delta\theta$ changes the amplitudes by
# $\psi_{\theta+\delta\theta}(s) \approx \psi(s)\,\big(1 + \sum_k\delta\theta_k O_k(s)\big)$, while the
# imaginary-time step asks for $\psi(s)\,\big(1 - \tau E_\text{loc}(s)\big)$, up to a normalisation
# $1 + \delta_0$ that moves no physical state. Choose $\delta\theta$ and $\delta_0$ to make the two as
# close as possible, in the norm of the Hilbert space:
#
# $$
# \min_{\delta_0,\,\delta\theta}\;\sum_s|\psi(s)|^2\Big|\delta_0 + \sum_k\delta\theta_kO_k(s) + \tau E_\text{loc}(s)\Big|^2
# \;\propto\; \Big\langle\big|\delta_0 + O\cdot\delta\theta + \tau E_\text{loc}\big|^2\Big\rangle .
# $$
#
# This is a least-squares fit of $-\tau E_\text{loc}$ by the $O_k$ and a constant. The constant takes
# up the means, $\delta_0 = -\langle O\rangle\cdot\delta\theta - \tau\langle E_\text{loc}\rangle$, which
# leaves $\big\langle|(O - \langle O\rangle)\cdot\delta\theta + \tau(E_\text{loc} - \langle E_\text{loc}\rangle)|^2\big\rangle$.
# Setting its derivative with respect to $\delta\theta_k$ to zero gives the normal equations
#
# $$
# \sum_l S_{kl}\,\delta\theta_l = -\tau f_k, \qquad S_{kl} = \mathrm{Cov}(O_k, O_l), \quad
# f_k = \mathrm{Cov}(O_k, E_\text{loc}) = \tfrac12\partial_kE ,
# $$
#
# so $\delta\theta = -\tfrac{\tau}{2}S^{-1}\nabla E$, the update {eq}`sr` with $\eta = \tau/2$ (and
# $\lambda = 0$). When the ansatz can represent $(1 - \tau H)\psi$ exactly, SR *is* imaginary-time
# evolution; otherwise it follows the closest direction the network can take. (For complex
# amplitudes and real parameters the same fit gives the real parts of $S$ and $f$, with $O_k^*$ in
# the covariances.)
# :::
#
# The matrix $S$, the quantum geometric tensor, measures how much the *state* changes when the parameters
# do. Precisely: the distance between the normalised states $\psi_\theta/\|\psi_\theta\|$ and
# $\psi_{\theta+\delta\theta}/\|\psi_{\theta+\delta\theta}\|$, the Fubini–Study distance
# $\arccos|\langle\hat\psi_\theta|\hat\psi_{\theta+\delta\theta}\rangle|$, is to second order
# $d^2 = \sum_{kl}\delta\theta_k S_{kl}\,\delta\theta_l$. To see it, expand the overlap. With
# $x(s) = \sum_k\delta\theta_kO_k(s)$, $\psi_{\theta+\delta\theta} \approx \psi_\theta\,(1 + x)$, and with
# averages over $|\psi_\theta|^2$,
#
# $$
# |\langle\hat\psi_\theta|\hat\psi_{\theta+\delta\theta}\rangle|^2
# = \frac{|1 + \langle x\rangle|^2}{1 + 2\,\mathrm{Re}\langle x\rangle + \langle|x|^2\rangle}
# \approx 1 - \big(\langle|x|^2\rangle - |\langle x\rangle|^2\big) = 1 - \delta\theta^\top S\,\delta\theta ,
# $$
#
# while $\cos^2 d \approx 1 - d^2$. (The second derivatives of $\psi$ enter the numerator and the
# denominator alike and cancel at this order.) The subtraction of the means in $\mathrm{Cov}$ removes
# the change of norm and phase, which moves no physical state.
#
# What SR does is then a statement about this metric. Minimise the first-order energy change
# $\nabla E\cdot\delta\theta$ over all steps of a given length $d$: with a Lagrange multiplier,
# $\nabla E + \mu S\,\delta\theta = 0$, so $\delta\theta \propto -S^{-1}\nabla E$, the SR step
# {cite}`ch03-amari1998natural,ch03-stokes2020quantum`. The step size $\eta$ sets the length,
# $d^2 = \eta^2\,\nabla E^\top S^{-1}\nabla E$, which is *not* fixed: it shrinks as the gradient
# does. What is fixed is the *direction*, and it does not depend on how the network is parametrised.
# Write the same family of states with other parameters, $\theta = \theta(\phi)$, Jacobian
# $A = \partial\theta/\partial\phi$. Then $\nabla_\phi E = A^\top\nabla_\theta E$ and
# $S_\phi = A^\top S_\theta A$, so $\delta\phi = -\eta S_\phi^{-1}\nabla_\phi E = A^{-1}\delta\theta$:
# both parametrisations move the *state* the same way, to first order in $\eta$. Plain gradient
# descent fails this test, $A\,\delta\phi = -\eta AA^\top\nabla_\theta E \ne \delta\theta$ (task 3.4 of
# the practice measures both for $\theta = 10\,\phi$). The
# invariance is only first order (finite steps see the curvature of $\theta(\phi)$) and only where
# $S$ is invertible; the shift $\lambda$ regularises directions the samples cannot resolve, at the
# price of a small bias toward plain gradient descent ({func}`physml.nqs.sr_direction`). In the
# language of chapter 1, SR rescales the landscape so that directions of equal change of the state
# get equal steps, and a single step size suits all of them.
#
# :::{admonition} Checkpoint
# :class: tip
# What does the SR update {eq}`sr` become when the shift $\lambda$ is much larger than every
# eigenvalue of $S$? And why can $S$ have zero eigenvalues at all?
#
# ```{dropdown} Answer
# For $\lambda \gg S$, $(S + \lambda I)^{-1} \approx I/\lambda$: plain gradient descent with step
# size $\eta/\lambda$. The shift interpolates between SR and gradient descent. Zero eigenvalues come
# from directions that do not change the normalised state to first order (a redundancy of the
# parametrisation), and from the samples: with $N$ samples the estimated $S$ has rank at most
# $N - 1$. Without the shift the solve would amplify noise along such directions without bound.
# ```
# :::
#
# ### The algorithm on the page
#
# Everything is now in place for variational Monte Carlo with SR, and it fits in twenty lines of
# NumPy: the RBM's log-amplitude {eq}`rbm`, a Metropolis sweep over many chains, and one SR step that
# computes local energies {eq}`local-energy`, the derivatives {eq}`rbm-derivatives`, the gradient
# {eq}`vmc-gradient`, the matrix $S$ and the update {eq}`sr`. Parameters are a dictionary of arrays
# with keys `a`, `b`, `W`, the form {func}`physml.nqs.rbm_init` returns.

# %%
def log_psi(p, s):                              # eq. (rbm), for a batch s of shape (N, L)
    return s @ p["a"] + np.log(2 * np.cosh(p["b"] + s @ p["W"])).sum(-1)


def metropolis_sweep(p, s, rng):                # L single-spin-flip proposals in every chain
    n, L = s.shape
    for _ in range(L):
        s_new = s.copy()
        s_new[np.arange(n), rng.integers(L, size=n)] *= -1
        accept = rng.random(n) < np.exp(2 * (log_psi(p, s_new) - log_psi(p, s)))   # |psi'/psi|^2
        s[accept] = s_new[accept]
    return s


def sr_step(p, s, h, eta=0.05, shift=0.01, J=1.0):
    n, L = s.shape
    flipped = s[:, None, :] * (1 - 2 * np.eye(L))          # flipped[:, i] is s^(i)
    e_loc = -J * (s * np.roll(s, -1, 1)).sum(1) - h * np.exp(log_psi(p, flipped) - log_psi(p, s)[:, None]).sum(1)
    t = np.tanh(p["b"] + s @ p["W"])                        # eq. (rbm-derivatives): O for a, b, W
    O = np.hstack([s, t, (s[:, :, None] * t[:, None, :]).reshape(n, -1)])
    dO, dE = O - O.mean(0), e_loc - e_loc.mean()
    grad = 2 * dO.T @ dE / n                                # 2 Cov(O_k, E_loc)
    S = dO.T @ dO / n                                       # Cov(O_k, O_l)
    d = np.linalg.solve(S + shift * np.eye(len(S)), grad)
    M = t.shape[1]
    return {"a": p["a"] - eta * d[:L], "b": p["b"] - eta * d[L:L + M],
            "W": p["W"] - eta * d[L + M:].reshape(L, M)}, e_loc


# %% [markdown]
# The loop itself: each iteration moves 64 chains by one sweep of burn-in, keeps the configurations
# after each of four more sweeps (256 samples), and takes one SR step. We train an RBM with $\alpha = 1$
# on a chain of $L = 8$ spins at $h = J = 1$ for 100 iterations, starting from the small random
# parameters of {func}`physml.nqs.rbm_init`.

# %%
L8, h = 8, 1.0
p = {k: np.asarray(v) for k, v in nqs.rbm_init(L8, 1, key=jax.random.key(0)).items()}
rng = np.random.default_rng(0)
s = rng.choice([-1.0, 1.0], size=(64, L8))
page_energy = []
for _ in range(100):
    s = metropolis_sweep(p, s, rng)                                           # burn-in sweep
    batch = np.concatenate([metropolis_sweep(p, s, rng).copy() for _ in range(4)])
    p_before, batch_before = p, batch                                         # kept for the check below
    p, e_loc = sr_step(p, batch, h)
    page_energy.append(e_loc.mean())
E0_8 = Q.tfim_exact_energy(L8, h)
page_final = np.mean(page_energy[-20:])
print(f"on-page VMC + SR, L = 8, h = 1: mean energy of the last 20 iterations {page_final:.3f}, "
      f"exact {E0_8:.3f}; relative error below 1e-3: {abs(page_final - E0_8) / abs(E0_8) < 1e-3}")

# %% [markdown]
# The twenty lines reach the exact energy to better than $10^{-3}$. The library's general functions
# do the same with automatic differentiation instead of {eq}`rbm-derivatives` (so they accept any
# log-amplitude) and a Cholesky solve (it factors the
# symmetric positive-definite $S + \lambda I$ into a triangular matrix times its transpose, the cheapest
# stable way to solve with it), compiled. To check
# that the two compute the same thing, we feed both the *same* inputs, the parameters and the 256
# samples of the last iteration above, and compare the local energies and the updated parameters.
# The SR step of {func}`physml.nqs.sr_direction` is $(S + \lambda I)^{-1}\nabla E$ from the matrix of
# $O_k(s)$, one row per sample, which `jax.vmap` of `jax.grad` computes ({ref}`primer-vmap`).

# %%
from jax.flatten_util import ravel_pytree

params_before = {k: jnp.asarray(v) for k, v in p_before.items()}
e_loc_lib = nqs.local_energy(nqs.rbm_log_amplitude, params_before, batch_before, h)
flat, unravel = ravel_pytree(params_before)
O_lib = jax.vmap(lambda x: ravel_pytree(jax.grad(nqs.rbm_log_amplitude)(params_before, x))[0])(jnp.asarray(batch_before))
p_lib = unravel(flat - 0.05 * nqs.sr_direction(O_lib, e_loc_lib, diag_shift=0.01))
_, e_loc_page = sr_step(p_before, batch_before, h)
err_e = float(np.abs(e_loc_page - np.asarray(e_loc_lib)).max())
err_p = max(float(np.abs(p[k] - np.asarray(p_lib[k])).max()) for k in p)
assert err_e < 1e-10 and err_p < 1e-10, (err_e, err_p)
print(f"on-page local energies vs physml.nqs.local_energy: largest |difference| < 1e-10: {err_e < 1e-10}")
print(f"on-page SR step vs physml.nqs.sr_direction, same samples: largest |difference| < 1e-10: {err_p < 1e-10}")

# %% [markdown]
# The agreement is to rounding error, so from here on the chapter uses the library: one iteration of
# {func}`physml.nqs.run_vmc` does what `sr_step` does, and all iterations run
# as one compiled `jax.lax.scan` (a loop that JAX compiles once, body and all, instead of returning to
# Python at every iteration; {ref}`primer-jit`). Because its ansatz is always the RBM, `run_vmc` also
# uses the RBM's shortcuts: the derivatives {eq}`rbm-derivatives`; flip ratios from
# $\cosh(\theta_j - 2s_iW_{ij})/\cosh\theta_j = \cosh 2W_{ij} - s_i\tanh\theta_j\,\sinh 2W_{ij}$, products of
# numbers tabulated once per iteration instead of an exponential and a logarithm per hidden unit; and
# SR's $N \times N$ matrix $XX^\top$ assembled from the small products $s\cdot s'$ and
# $\tanh\theta\cdot\tanh\theta'$ without ever forming the matrix of $O_k$. The numbers are the same up to rounding
# (`tests/test_nqs.py` checks each shortcut against the general functions); only the time changes. (Later, the explorer runs the library on this very setting, and we
# compare the two runs' accuracy there.)
#
# **Is SR worth its linear algebra?** Compare it with Adam {cite}`ch03-kingma2015adam` (from optax) on the
# plain gradient {eq}`vmc-gradient`, fairly: the same samples and iterations, several random starts
# (seeds), Adam's step size $\eta$ (its *learning rate*) tuned, and each final state judged by its
# *exact* energy, not by the noisy averages seen during training. On a chain of $L = 8$ spins at $h = J = 1$ the final energy
# can be summed over all $2^8$ configurations ({func}`physml.nqs.rbm_energy`), the limit of
# infinitely many fresh samples. {func}`physml.nqs.compare_optimizers` runs SR and Adam at two
# step sizes from the same five starts (RBM with $\alpha = 2$; 100 iterations of 256 samples),
# fifteen runs as one compiled program (the program of the explorer below, which also runs fifteen).
# A smaller step size, $0.01$, was tried as well and did worse than $0.03$ on every start, so it is
# left out.

# %%
study = nqs.compare_optimizers(8, 1.0, 2, key=jax.random.key(1), n_seeds=5, adam_learning_rates=(0.03, 0.1),
                               n_iter=100, n_samples=256)
print("final relative error (E - E0)/|E0| over 5 seeds: median [lowest, highest]")
print(f"  SR, step size eta = {study.learning_rate:g}:   {np.median(study.sr_error):.0e} "
      f"[{study.sr_error.min():.0e}, {study.sr_error.max():.0e}]")
for rate, err in zip(study.adam_learning_rates, study.adam_error):
    print(f"  Adam, step size eta = {rate:g}: {np.median(err):.0e} [{err.min():.0e}, {err.max():.0e}]")
print(f"Adam's error at its best step size ({study.best_learning_rate:g}) / SR's, seed by seed: "
      f"median {np.median(study.ratio):.0f}, from {study.ratio.min():.0f} to {study.ratio.max():.0f}")
print(f"every final energy above E0: {bool(min(study.sr_error.min(), study.adam_error.min()) > 0)}")

# %% [markdown]
# Adam's error depends on its step size (a factor of about two between $0.03$ and $0.1$); at its
# best step size ($0.03$) it is still more than ten times SR's, seed by seed (median 14, from 12 to 18 over
# the five starts), and
# no start of Adam comes near any start of SR. Every final energy lies above $E_0$, as the
# variational principle demands of an exact evaluation. Tuning on the same five starts used for the
# comparison favours Adam, so the factor is if anything an underestimate for this problem. It is a
# measurement for this chain, ansatz and budget, not a law: with more iterations Adam keeps
# improving, and on harder problems the gap can be larger or smaller.
#
# Now the chapter's headline run: $L = 16$ at the critical point, the RBM with $\alpha = 2$, 200
# iterations of 512 samples from 128 chains, SR with $\eta = 0.05$ and $\lambda = 0.01$
# (`nqs.CHAPTER3_RUN`, the settings also used by the NetKet benchmark of the instructors' notes), and
# Adam from the same start at the step size just tuned. {numref}`fig-ch03-sr-adam` follows both
# runs iteration by iteration.

# %%
settings = dict(nqs.CHAPTER3_RUN)
L, h, alpha = settings.pop("L"), settings.pop("h"), settings.pop("alpha")
print(f"L = {L}, h = {h}, alpha = {alpha}, {settings}")
E0 = Q.tfim_exact_energy(L, h)
key = jax.random.key(0)   # the same initial RBM and chains for both
run_sr = nqs.run_vmc(L, h, alpha, key=key, **settings)
run_adam = nqs.run_vmc(L, h, alpha, key=key, **{**settings, "optimizer": "adam", "diag_shift": None,
                                                "learning_rate": study.best_learning_rate})

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The headline run, 16 spins at h = J = 1, RBM with \u03b1 = 2: left, the relative error of each iteration's energy estimate for SR (blue) and Adam (orange), with 10\u207b\u00b3 dotted; right, the variance of the local energy. For SR both fall together by orders of magnitude; the variance needs no exact answer.", "name": "fig-ch03-sr-adam"}} tags=["hide-input"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4))
k = np.arange(settings["n_iter"])
for name, run, c in (("SR", run_sr, COLORS["blue"]), ("Adam", run_adam, COLORS["orange"])):
    ax1.semilogy(k, np.maximum(np.abs(run.energy - E0) / abs(E0), 1e-7), color=c, lw=1, label=name)
    ax2.semilogy(k, run.variance, color=c, lw=1, label=name)
ax1.axhline(1e-3, color=COLORS["grey"], ls=":", lw=1)
ax1.set(xlabel="iteration", ylabel="$|E - E_0| / |E_0|$", ylim=(1e-6, 1))
ax2.set(xlabel="iteration", ylabel="$\\sigma^2(E_\\mathrm{loc})$")
ax1.legend()
ax2.legend()
plt.show()

# %% [markdown]
# In {numref}`fig-ch03-sr-adam` both curves of SR fall together: the energy error and the local-energy variance, the latter toward
# zero as the state approaches an eigenstate. Adam's fall more slowly. The per-iteration energies
# are noisy estimates (the error of a single iteration's mean is about $\sigma(E_\text{loc})/\sqrt{512}$);
# for the final answer we draw 16 384 fresh samples from each trained state
# ({func}`physml.nqs.vmc_estimate`, continuing the run's chains).

# %%
final = nqs.vmc_estimate(run_sr.params, L, h, key=jax.random.key(7), n_samples=nqs.CHAPTER3_FINAL_SAMPLES,
                         chains=run_sr.chains)
final_adam = nqs.vmc_estimate(run_adam.params, L, h, key=jax.random.key(7), n_samples=nqs.CHAPTER3_FINAL_SAMPLES,
                              chains=run_adam.chains)
rel_final = (final.energy - E0) / abs(E0)
rel_adam = (final_adam.energy - E0) / abs(E0)
print(f"exact (Jordan-Wigner):    E0 = {E0:.4f}")
print(f"VMC, RBM alpha = 2, SR:   E  = {final.energy:.4f} ± {final.energy_error:.4f}")
print(f"VMC, RBM alpha = 2, Adam: E  = {final_adam.energy:.3f} ± {final_adam.energy_error:.3f}")
print(f"SR:   relative error {rel_final:.0e} (± {final.energy_error / abs(E0):.0e}); "
      f"below 1e-3: {abs(rel_final) < 1e-3}")
print(f"Adam: relative error {rel_adam:.0e} (± {final_adam.energy_error / abs(E0):.0e})")
print(f"local-energy variance per site: SR {final.variance / L:.1e}, Adam {final_adam.variance / L:.1e} "
      f"(random initial RBM: {run_sr.variance[0] / L:.2f})")

# %% [markdown]
# At $L = 16$ SR's error is $2\times10^{-4}$, about four standard errors above zero: a real bias of the
# ansatz after 200 iterations, not noise, and well below $10^{-3}$. From this one start, Adam at its
# tuned step size ends near $10^{-3}$, several times worse, with a local-energy variance about
# seven times larger; that is one run, consistent in direction with the five-start measurement on
# the smaller chain but not a second measurement of the factor.

# %% [markdown]
# ## Observables beyond the energy
#
# The energy is what we optimised, so it is the quantity most likely to look good. A stricter test is
# an observable we did not optimise. The transverse magnetisation $\langle\sigma^x\rangle$ has the
# local estimator $\frac1L\sum_i \psi(s^{(i)})/\psi(s)$; the correlation
# $C(r) = \langle\sigma^z_i\sigma^z_{i+r}\rangle$ is diagonal. We compare with the exact ground state
# from Lanczos, and $\langle\sigma^x\rangle$ also with the Hellmann–Feynman theorem applied to
# {eq}`jw-energy`, $\langle\sum_i\sigma^x_i\rangle = -\partial E_0/\partial h$
# ({func}`physml.quantum.tfim_exact_magnetisation`).

# %%
psi0 = ground_16.psi                       # L = 16, h = 1, from the comparison of the two references
sx_ed, zz_ed = Q.transverse_magnetisation(psi0, L), Q.zz_correlation(psi0, L)
print(f"<sigma^x>: VMC {final.sigma_x:.4f} ± {final.sigma_x_error:.4f}, exact diagonalisation "
      f"{sx_ed:.4f}, Hellmann-Feynman {Q.tfim_exact_magnetisation(L, 1.0):.4f}")
dev = np.abs(final.zz - zz_ed)[1:] / final.zz_error[1:]
print(f"C(r), r = 1..{L // 2}: largest |VMC - exact| = {np.abs(final.zz - zz_ed).max():.4f}, "
      f"at most {dev.max():.1f} standard errors")

# %% [markdown]
# The magnetisation agrees within its error bar, and {numref}`fig-ch03-correlations` shows the
# correlation function at every distance: the trained network has learned the slow, critical decay
# of correlations, which it was never shown, from the energy alone.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The spin\u2013spin correlation C(r) of the 16-spin chain at h = J: the exact ground state (line) and the VMC estimate of the SR-trained RBM with two standard errors (dots). The network reproduces the correlations at every distance, within about two standard errors.", "name": "fig-ch03-correlations"}} tags=["hide-input"]
r = np.arange(L // 2 + 1)
fig, ax = plt.subplots(figsize=(6, 3.4))
ax.plot(r, zz_ed, "-", color=COLORS["vermillion"], label="exact diagonalisation")
ax.errorbar(r, final.zz, yerr=2 * final.zz_error, fmt="o", ms=4, capsize=3, color=COLORS["blue"],
            label="VMC (±2 s.e.)")
ax.set(xlabel="distance r", ylabel="$\\langle\\sigma^z_i\\sigma^z_{i+r}\\rangle$", ylim=(0.35, 1.02))
ax.legend()
plt.show()

# %% [markdown]
# How does this compare with a mature library? `tools/benchmark_vmc.py` runs this very configuration
# (`nqs.CHAPTER3_RUN`: same ansatz, sampler, samples, shift and iterations) with physml, reproducing
# the SR number above, and with NetKet {cite}`ch03-vicentini2022netket`, which draws its own random
# numbers; the two reach the same accuracy within sampling noise, and the times per iteration are in
# the instructors' notes ({doc}`instructors`).
#
# ## Explore: field and hidden density
#
# Fifteen SR runs on a chain of $L = 8$ spins, one for each of five fields $h$ and three hidden
# densities $\alpha$,
# computed once in one compiled program ({func}`physml.nqs.run_vmc_grid`, which returns a
# {class}`~physml.nqs.VMCGrid`). The first figure's slider sets the field, at $\alpha = 1$. Left: the
# run's energy *per site* $E/L$ against the exact Jordan–Wigner value $E_0/L$ (dashed). This axis is
# the same for every field, from the lowest $E_0/L$ to the highest starting energy, so the curves can
# be compared: each run starts near the uniform superposition, whose energy per site is about $-h$,
# and falls onto its own dashed line. Right, on a logarithmic scale: the relative energy error and the
# local-energy variance per site, which show the last digits the left panel cannot. The title
# summarises the last 20 iterations. Look for two things. The variance and the energy error fall
# together. Deep in the ordered phase ($h = 0.25$) the acceptance rate of single spin flips drops to
# about one percent and convergence slows down ({numref}`fig-ch03-explorer-field`).
#
# The run at $h = 1$, $\alpha = 1$ has exactly the settings of the twenty-line loop of the SR section
# (64 chains, one burn-in sweep and four kept sweeps per iteration, $\eta = 0.05$, $\lambda = 0.01$,
# 100 iterations), with the library's own random numbers, so the two runs must reach the same accuracy
# within sampling noise.

# %%
explorer = figures.vmc()   # the 15 runs: a few seconds
lib_run = explorer.run(h=1.0, alpha=1.0)
lib_final = np.mean(lib_run.energy[-20:])
print(f"L = 8, h = 1, alpha = 1, last 20 iterations: on-page loop {page_final:.3f}, physml {lib_final:.3f}, "
      f"exact {E0_8:.3f}")
print(f"both relative errors below 1e-3: {max(abs(page_final - E0_8), abs(lib_final - E0_8)) / abs(E0_8) < 1e-3}")

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "SR runs on a chain of 8 spins with \u03b1 = 1; the slider sets the field. Left, the energy per site at each iteration against the exact value (dashed); right, the relative energy error and the local-energy variance per site, on a logarithmic scale. Both fall together; deep in the ordered phase (h = 0.25) sampling and convergence slow down.", "name": "fig-ch03-explorer-field"}} tags=["hide-input"]
explorer.static()

# %% [markdown]
# The second figure, {numref}`fig-ch03-explorer-alpha`, shows the same runs at the critical field
# $h = 1$, the control now over the hidden density. With $\alpha = 1/4$ (two hidden units) the error stalls at about two percent (it does so
# for every $h \ge 1$): the ansatz is too small, and the variance, far from zero, says so without the
# exact answer.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The same SR runs at the critical field h = 1; the control sets the hidden density \u03b1. With \u03b1 = 1/4 (two hidden units) the error stalls near two percent and the variance stays far from zero: the ansatz is too small, and the variance says so without the exact answer.", "name": "fig-ch03-explorer-alpha"}} tags=["hide-input"]
explorer.static(control="alpha")

# %% [markdown]
# In JupyterLab, the live version has a slider for $h$ and buttons for $\alpha$ (the 15 runs above
# are computed once; moving a control only redraws):

# %% tags=["remove-output"]
explorer.live()

# %% [markdown]
# ## Beyond spins: fermions, continuous space, molecules
#
# Neural quantum states are also used for electrons in molecules {cite}`ch03-pfau2020ab,ch03-hermann2020deep,ch03-choo2020fermionic`.
# The variational principle, the local energy and SR carry over unchanged; three things change.
#
# - **Antisymmetry.** Electrons are fermions: $\psi(\dots, x_i, \dots, x_j, \dots) =
#   -\psi(\dots, x_j, \dots, x_i, \dots)$. The variational bound {eq}`rayleigh` holds for the lowest
#   eigenvalue *among the states the ansatz can represent*; an ansatz that is not antisymmetric can
#   reach bosonic states, whose energy lies below the fermionic ground state, and then its "energy
#   error" measures nothing. The antisymmetry is therefore built in: FermiNet {cite}`ch03-pfau2020ab` and
#   PauliNet {cite}`ch03-hermann2020deep` write $\psi$ as (sums of) determinants of orbitals that are
#   themselves neural networks of all electron positions, which swap sign under any exchange by
#   construction.
# - **Continuous coordinates.** A configuration is $3N$ real numbers, not $L$ spins; the Metropolis
#   moves are small random displacements, and the local energy contains the kinetic term
#   $-\tfrac12\nabla^2\psi/\psi$, a Laplacian that automatic differentiation provides. Cusps where
#   two particles meet are put in by hand or learned.
# - **Signs.** Our Ising ground state was positive (Perron–Frobenius); a fermion state is not. Quantum
#   Monte Carlo methods that *project* onto the ground state sample $\psi$ itself as a probability and
#   meet the sign problem, an exponentially small signal-to-noise ratio {cite}`ch03-troyer2005computational`.
#   VMC samples $|\psi|^2 \ge 0$ and has no sign problem in the sampling; the difficulty moves into the
#   ansatz, which must learn where $\psi$ changes sign (its nodes). In second quantisation
#   {cite}`ch03-choo2020fermionic`, the molecule's orbitals become sites occupied or empty, like spins up or
#   down (via Jordan–Wigner, as for our chain), and the network must then learn the signs of the
#   amplitudes, which needs complex or sign-carrying outputs.
#
# A two-particle toy shows the first point with an exact answer. Two particles on a line in a harmonic
# trap ($\hbar = m = \omega = 1$) repel through a Gaussian bump,
#
# $$
# H = \sum_{i=1,2}\Big(-\tfrac12\partial_{x_i}^2 + \tfrac12 x_i^2\Big) + g\,e^{-(x_1-x_2)^2/2w^2}.
# $$ (trap)
#
# The centre of mass separates, and in the relative coordinate $x_1 - x_2$ the problem is one
# oscillator plus a bump, diagonalised to machine precision in oscillator states
# ({func}`physml.quantum.harmonic_pair_energy`). Exchange flips the relative coordinate, so fermions
# take its odd states and bosons its even ones; without interaction the two ground energies are
# $\tfrac12 + \tfrac32 = 2$ and $\tfrac12 + \tfrac12 = 1$. The ansatz
# ({func}`physml.nqs.pair_amplitude`) takes any small network $f_\theta(x_1, x_2)$ (two `tanh` layers
# of 16 units) and antisymmetrises it,
# $\psi = [f_\theta(x_1, x_2) - f_\theta(x_2, x_1)]\,e^{-(x_1^2+x_2^2)/2}$; the same with $+$ is a
# boson state. With two coordinates we need no Monte Carlo: the energy integrals are done by
# Gauss–Hermite quadrature ({func}`physml.nqs.pair_energy`), and Adam minimises the energy
# ({func}`physml.nqs.train_pair`, 400 steps). At $g = 2$, $w = 1$:

# %%
g_pair, w_pair = 2.0, 1.0
E_fermions = Q.harmonic_pair_energy(g_pair, w_pair)
E_bosons = Q.harmonic_pair_energy(g_pair, w_pair, antisymmetric=False)
pair_f = nqs.train_pair(g_pair, w_pair, key=jax.random.key(0), antisymmetric=True)
pair_b = nqs.train_pair(g_pair, w_pair, key=jax.random.key(0), antisymmetric=False)
print(f"exact: fermions {E_fermions:.4f}, bosons {E_bosons:.4f} (without interaction: 2 and 1: "
      f"{Q.harmonic_pair_energy(0.0, w_pair):.4f}, {Q.harmonic_pair_energy(0.0, w_pair, antisymmetric=False):.4f})")
print(f"antisymmetrised network: E = {pair_f.final_energy:.4f}, relative error below 1e-4: "
      f"{0 <= (pair_f.final_energy - E_fermions) / E_fermions < 1e-4}")
print(f"symmetrised network:     E = {pair_b.final_energy:.4f}, below the fermion ground state: "
      f"{pair_b.final_energy < E_fermions}")
x = np.linspace(-3, 3, 121)
X1, X2 = np.meshgrid(x, x, indexing="ij")
psi_f = np.asarray(nqs.pair_amplitude(pair_f.params, X1, X2))
print(f"psi(x2, x1) = -psi(x1, x2) on a grid: {bool(np.allclose(psi_f.T, -psi_f, atol=1e-14))}")

# %% [markdown]
# {numref}`fig-ch03-pair` draws the two trained amplitudes.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The trained two-particle amplitudes in the trap, as functions of the two positions (red positive, blue negative): left, the antisymmetrised network, which changes sign across the diagonal x\u2081 = x\u2082 (dashed), the node antisymmetry imposes; right, the symmetrised network, which has no node and a lower energy, that of two bosons.", "name": "fig-ch03-pair"}} tags=["hide-input"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.6))
for ax, res, title in ((ax1, pair_f, "antisymmetrised (fermions)"), (ax2, pair_b, "symmetrised (bosons)")):
    amp = np.asarray(nqs.pair_amplitude(res.params, X1, X2, antisymmetric=res.antisymmetric))
    lim = np.abs(amp).max()
    ax.contourf(x, x, amp.T, levels=21, cmap="RdBu_r", vmin=-lim, vmax=lim)
    ax.plot(x, x, color=COLORS["grey"], lw=0.8, ls="--")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=f"{title}: E = {res.final_energy:.3f}", aspect="equal")
plt.show()

# %% [markdown]
# The antisymmetrised network reaches the exact fermion energy; its amplitude (left; red positive,
# blue negative) changes sign across the diagonal $x_1 = x_2$ (dashed), the node that antisymmetry
# imposes. The symmetrised network, trained the same way, ends near the *boson* ground energy, below
# the fermion one: the variational principle is not violated, the ansatz simply lives in the other
# symmetry sector. Had we not known the answer, only the built-in antisymmetry would guarantee that a
# low energy is a fermionic one. Here the node is fixed by symmetry alone; for three or more
# particles in more than one dimension it is a surface in $3N$ dimensions that symmetry does not
# determine, and learning it is where the accuracy of FermiNet-type networks is won or lost.

# %% [markdown]
# ## What to remember
#
# - Any trial state gives an upper bound on $E_0$; the error in the energy is second order in the
#   error of the state.
# - Exact references come from sparse diagonalisation for small $L$ and from the Jordan–Wigner
#   solution for any even $L$: spins become free fermions with energies
#   $\varepsilon_k = 2\sqrt{J^2 + h^2 - 2Jh\cos k}$, and getting the parity sector and the fermion
#   boundary condition right (antiperiodic for the even-parity ground state) is what makes the two
#   agree to machine precision.
# - A neural quantum state is evaluated, never stored: Metropolis chains sample $|\psi|^2$ and the
#   local energy turns the Rayleigh quotient into a sample average.
# - The energy gradient is a covariance, $\partial_kE = 2\,\mathrm{Re}\,\mathrm{Cov}(O_k, E_\text{loc})$,
#   estimated from the same samples as the energy; SR solves $S\,\delta\theta = -\tau f$, the
#   least-squares imitation of an imaginary-time step. The whole loop fits in twenty lines, and the
#   library's fast version computes the same step to rounding error.
# - Stochastic reconfiguration is natural-gradient descent in the Fubini–Study metric: the steepest
#   descent of the energy per unit change of the *state*, whatever the parametrisation (to first
#   order). It reaches a relative error well below $10^{-3}$ at the critical point of a 16-spin
#   chain; on an 8-spin chain, over five starts, its final error is 12 to 18 times smaller than that
#   of Adam at its best step size on the same budget. The local-energy variance falling toward
#   zero certifies the result without knowing $E_0$.
# - For fermions the ansatz must be antisymmetric: the variational bound holds only inside the
#   symmetry sector the ansatz lives in.
#
# ## Exercises
#
# 1. **The parity gap in the disordered phase.** With {func}`physml.quantum.tfim_exact_energy` (and
#    `parity_sector=-1`), compute the gap between the two sectors at $h = 1.5$ for $L = 4, 8, \dots, 40$.
#    What does it approach, and which fermion mode of the derivation box explains the value?
#
#    ```{dropdown} Answer
#    It approaches $2(h - J) = 1$: 1.15 at $L = 4$, 1.02 at $L = 8$, 1.003 at $L = 12$, and 1 to seven
#    digits at $L = 40$ (the approach is exponential in $L$: the disordered phase has a finite
#    correlation length). The odd sector needs an odd
#    number of fermions; the cheapest is to occupy the unpaired periodic mode $k = 0$, which costs
#    $2(h - J)$, while the other modes' sums over the two sets of momenta become equal as $L$ grows.
#    ```
#
# 2. **How fast does imaginary time converge?** SR with $\eta = 0.05$ imitates imaginary-time steps of
#    $\tau = 2\eta = 0.1$. For the 16-spin chain at $h = J$, the lowest excitation in the even sector
#    has two fermions at $k = \pm\pi/16$. Compute its energy from $\varepsilon_k$ and estimate how many
#    iterations an exact imaginary-time evolution would need to shrink the excited component by
#    $e^{-1}$. Compare with the 200 iterations of the headline run and say why SR can be slower.
#
#    ```{dropdown} Answer
#    At $h = J = 1$, $\varepsilon_k = 2\sqrt{2 - 2\cos k} = 4\sin(k/2)$, so the excitation costs
#    $2\varepsilon_{\pi/16} = 8\sin(\pi/32) \approx 0.78$. A component decays as $e^{-0.78\,\tau n}$, one
#    $e$-fold every $1/(0.78 \times 0.1) \approx 13$ iterations, so 200 iterations would give about 15
#    $e$-folds. SR is slower and stops short because each step is only the best imitation *within the
#    ansatz*, estimated from 512 noisy samples and regularised by $\lambda$; what remains is the
#    ansatz's bias plus noise, the $2\times10^{-4}$ measured above. (The odd-parity ground state lies
#    only $0.098$ higher, at $-20.3063$ in the comparison of the two references, and its component would
#    shrink by one $e$-fold only every hundred iterations; but SR starts close to the uniform
#    superposition, which has $P = +1$, so the odd component is tiny from the outset.)
#    ```
#
# 3. **Redundant parameters.** Show that for the RBM the columns of $O$ belonging to the visible bias $a_i$
#    and to a hidden unit with $W_{ij} = 0$ for all $i$ are, respectively, $s_i$ and the constant
#    $\tanh b_j$, and how that unit's weight columns $O_{W_{ij}}$ relate to the $a_i$ columns. What does
#    a constant column do to $S$, and what would happen to the SR step without the shift $\lambda$?
#
#    ```{dropdown} Answer
#    From {eq}`rbm-derivatives`, $O_{a_i} = s_i$ and, with $\chi_j = b_j$ for every $s$,
#    $O_{b_j} = \tanh b_j$, the same for every sample. A constant has zero covariance with everything:
#    its row and column of $S$ vanish, and so does its component of the gradient. $S$ is singular and
#    $S\,\delta\theta = -\tau f$ leaves $\delta b_j$ undetermined: changing $b_j$ only rescales
#    $\psi$, which moves no physical state. With the shift, that component of the step is exactly zero.
#    The weight columns of that unit, $O_{W_{ij}} = s_i\tanh b_j$, are multiples of the $a_i$ columns:
#    to first order, turning on $W_{ij}$ is the same as changing $a_i$ by $\tanh(b_j)\,\delta W_{ij}$,
#    so $S$ has $L$ more null directions.
#    ```
#
# 4. **Zero variance, computed.** Use {func}`physml.nqs.local_energy` with all RBM parameters zero
#    (`jax.tree.map(jnp.zeros_like, nqs.rbm_init(10, 1, key=jax.random.key(0)))`) on all $2^{10}$
#    configurations (`physml.quantum.spin_configurations`) to compute the mean and variance of
#    $E_\text{loc}$ under the uniform distribution at $h = 0.5$ and $h = 2$. Compare with the second
#    checkpoint and explain why the mean is $-hL$.
#
#    ```{dropdown} Answer
#    The mean is $-hL$ ($-5$ and $-20$) because the bond terms average to zero over all
#    configurations; this is the energy of the uniform superposition, the ground state as
#    $h/J \to \infty$. The variance is $L = 10$ at both fields: it measures the part of $H$ that this
#    state gets wrong, the bonds, whatever the field.
#    ```
#
# ## Further reading
#
# - G. Carleo and M. Troyer {cite}`ch03-carleo2017solving`: the paper that introduced neural quantum
#   states, with the RBM and SR used here, applied to the Ising and Heisenberg models.
# - S. Sorella {cite}`ch03-sorella1998green`: stochastic reconfiguration as an approximation of
#   imaginary-time projection, from quantum Monte Carlo before neural networks.
# - F. Becca and S. Sorella {cite}`ch03-becca2017quantum`: a textbook on variational and projection Monte
#   Carlo for lattice models; the chapters on VMC and on optimisation go deeper than this one.
# - P. Pfeuty {cite}`ch03-pfeuty1970one`: the transverse-field Ising chain solved by Jordan–Wigner and
#   Bogoliubov transformations, the calculation sketched here.
# - J. Stokes et al. {cite}`ch03-stokes2020quantum`: the quantum natural gradient, the geometric view of SR
#   as steepest descent in the Fubini–Study metric.
# - F. Vicentini et al. {cite}`ch03-vicentini2022netket`: NetKet, a library for neural quantum states, to
#   go beyond the RBM and the Ising chain.
#
# **Practice:** [Practice 3: neural networks as variational wavefunctions](../exercises/ch03_practice.ipynb) — derive the ground state of a two-spin ring, test
# the variational bound and read the product-state slider, write the local energy, predict what a
# change of parametrisation does to gradient descent and to SR, and run VMC at a field of your choice.
#
# ```{bibliography}
# :filter: docname in docnames
# :keyprefix: ch03-
# ```
