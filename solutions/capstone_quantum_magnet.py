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
# # Capstone C — a neural quantum state for the frustrated J₁–J₂ chain
#
# **The project.** Variational Monte Carlo with a neural network is easy where the ground state has a
# known sign structure and hard where it does not. You will find out where that line runs for the
# simplest frustrated quantum magnet, the spin-½ chain with nearest- and next-nearest-neighbour exchange:
# build an exact reference, train a restricted Boltzmann machine (RBM) that carries Marshall's sign rule,
# and push it into the frustrated regime until it fails, then say why from the exact ground state's signs.
# It combines {ref}`ch-neural-quantum-states` (the RBM, Metropolis sampling, the local energy, stochastic
# reconfiguration) with {ref}`ch-quantum-phases` (the Heisenberg chain, Marshall's rule, exchange moves in a
# sector of fixed magnetisation).
#
# **Time.** Two to three weeks for a pair of students (20–30 hours each). Every computation below runs in
# seconds on a laptop CPU; the time goes into deriving, debugging and explaining.
#
# **How it works.** Four milestones. Each says what to build, why, and what to predict before you run it;
# each has stubs to fill in (replace the `...` below `# YOUR CODE HERE`) and `check(...)` cells that compare
# your function or number with an independent reference (exact diagonalisation of the whole Hilbert space,
# the exact ground state's signs, the state vector of your RBM, Bethe's closed form) and answer ✓ or with a
# hint. You rebuild one piece per step (a Hamiltonian block, a sign, a local energy, a weight, a
# correlation); for the rest you use `physml`, whose functions were tested against the same references.
# Parts marked **open-ended** are your write-up; nothing checks them, and they carry a third of the marks.
#
# **The system.** $L$ spins one-half on a ring ($L$ even, site $L \equiv 0$), with
#
# $$
# H = J\sum_{i=0}^{L-1} \mathbf S_i\cdot\mathbf S_{i+1} + J_2\sum_{i=0}^{L-1} \mathbf S_i\cdot\mathbf S_{i+2},
# \qquad \mathbf S_i = \tfrac12\boldsymbol\sigma_i ,
# $$
#
# antiferromagnetic ($J = 1$ sets the unit of energy, $J_2 \ge 0$). The basis is that of
# {func}`physml.quantum.spin_configurations`: a configuration $s \in \{\pm1\}^L$, with $s_i = +1$ for spin up.
# Three exact facts frame the project: at $J_2 = 0$ the energy per site tends to Bethe's
# $\tfrac14 - \ln 2$ (Bethe 1931, Hulthén 1938); at $J_2 = \tfrac12$ (Majumdar and Ghosh 1969) it is exactly
# $-\tfrac38$ and the ground states are products of singlets on alternate bonds; and at $J_2 = 0$ the ground
# state's signs are known in advance (Marshall 1955). In between, near $J_2 \approx 0.241$, the chain enters a
# dimerised phase with a gap (Okamoto and Nomura 1992).

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
import scipy.sparse as sp
from scipy.sparse.linalg import eigsh

from physml import nqs
from physml import quantum as Q
from physml import quantum_phases as QP
from physml.checks import attempted, check

L_VMC = 12                        # the chain of the variational milestones (12 870 states would be L = 16)


# %% [markdown]
# ## Milestone 1: the exact reference
#
# **Build.** A function `sector_energy_per_site(L, J2)` that returns the ground-state energy per site,
# $E_0/L$, of the chain, computed in the sector of zero magnetisation $\sum_i s_i = 0$ only:
#
# 1. list the basis numbers $n$ with exactly $L/2$ bits set (spin up is bit 0, $s_i = 1 - 2b_i$);
# 2. build the sparse matrix of $H$ on them. With $\mathbf S_i\cdot\mathbf S_j = S^z_iS^z_j +
#    \tfrac12(S^+_iS^-_j + S^-_iS^+_j)$, each bond $(i, j)$ with coupling $J_{ij}$ adds $J_{ij}s_is_j/4$ to
#    the diagonal and, where $s_i \ne s_j$, the element $J_{ij}/2$ between $n$ and the state with the two
#    spins exchanged, $n \oplus (2^i + 2^j)$;
# 3. find the lowest eigenvalue with `scipy.sparse.linalg.eigsh(H, k=1, which="SA")`.
#
# **Why.** $H$ conserves $S^z_\text{tot}$, and the ground state of an even antiferromagnetic ring is a singlet,
# so it lies in this sector: at $L = 16$ the matrix has $\binom{16}{8} = 12\,870$ rows instead of
# $2^{16} = 65\,536$. Every number later in the project is judged against this one. The check compares your
# function with Lanczos on the whole $2^L$-dimensional space ({func}`physml.quantum.heisenberg_hamiltonian`)
# at a few $(L, J_2)$.
#
# **Predict** before you run: at $J_2 = 0.5$, how does $E_0/L$ depend on $L$? At $J_2 = 0$, is a small ring's
# energy per site above or below the infinite chain's?

# %%
def sector_energy_per_site(L, J2):
    ### BEGIN SOLUTION
    n = np.arange(2**L, dtype=np.int64)
    bits_all = (n[:, None] >> np.arange(L)) & 1
    states = n[bits_all.sum(axis=1) == L // 2]
    bits = bits_all[states]
    s = 1 - 2 * bits
    diagonal = np.zeros(len(states))
    rows, cols, values = [], [], []
    for coupling, d in ((1.0, 1), (J2, 2)):
        for i in range(L):
            j = (i + d) % L
            diagonal += coupling * s[:, i] * s[:, j] / 4
            swap = np.flatnonzero(bits[:, i] != bits[:, j])
            rows.append(swap)
            cols.append(np.searchsorted(states, states[swap] ^ ((1 << i) | (1 << j))))
            values.append(np.full(len(swap), coupling / 2))
    H = sp.diags(diagonal) + sp.csr_matrix((np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))),
                                           shape=(len(states), len(states)))
    start = np.random.default_rng(0).normal(size=len(states))     # no symmetry: any sector can be found
    return float(eigsh(H, k=1, which="SA", v0=start)[0][0]) / L
    ### END SOLUTION


# %%
check("capstone-quantum-magnet-sector-energy", sector_energy_per_site)

# %% [markdown]
# From here on the notebook uses {func}`physml.quantum.heisenberg_ground_state`, which diagonalises the same
# block and returns the energy with the ground state as a vector of length $2^L$ (zero outside the sector).
# The energies per site for $L = 8, 10, \dots, 16$, at $J_2 = 0$ and at the Majumdar–Ghosh point:

# %%
SIZES = np.array([8, 10, 12, 14, 16])
ground = {(L, J2): Q.heisenberg_ground_state(int(L), 1.0, J2) for L in SIZES for J2 in (0.0, 0.5)}
e_per_site = np.array([ground[L, 0.0].energy / L for L in SIZES])
for L, e in zip(SIZES, e_per_site):
    print(f"L = {L:2d}: E0/L = {e:.5f} at J2 = 0, {ground[L, 0.5].energy / L:.5f} at J2 = 0.5")

# %% [markdown]
# :::{admonition} Derivation: why exactly $-3/8$ at $J_2 = 1/2$
# :class: dropdown
#
# Let $\mathbf T_i = \mathbf S_{i-1} + \mathbf S_i + \mathbf S_{i+1}$ be the total spin of three consecutive
# sites. Expanding, $\mathbf T_i^2 = 3\cdot\tfrac34 + 2(\mathbf S_{i-1}\cdot\mathbf S_i + \mathbf S_i\cdot
# \mathbf S_{i+1} + \mathbf S_{i-1}\cdot\mathbf S_{i+1})$, and summing over $i$ on the ring every
# nearest-neighbour bond appears twice and every next-nearest one once:
#
# $$
# \sum_i \mathbf T_i^2 = \tfrac94 L + 4\sum_i \mathbf S_i\cdot\mathbf S_{i+1} + 2\sum_i\mathbf S_i\cdot\mathbf S_{i+2}
# \quad\Rightarrow\quad
# H\big|_{J_2 = 1/2} = \tfrac14\sum_i\big(\mathbf T_i^2 - \tfrac94\big).
# $$
#
# Three spins one-half have total spin $\tfrac12$ or $\tfrac32$, so $\mathbf T_i^2 \ge \tfrac34$ and
# $E \ge \tfrac L4(\tfrac34 - \tfrac94) = -\tfrac38 L$. A product of singlets on the bonds $(0,1), (2,3),
# \dots$ reaches the bound: every triple contains one whole singlet (spin 0) and one more spin, so its total
# spin is $\tfrac12$ for every $i$. The singlets on $(1,2), (3,4), \dots$ do too: two ground states, the two
# dimerisations.
# :::

# %% [markdown]
# **Extrapolate.** For the critical chain at $J_2 = 0$, conformal field theory predicts
# $e(L) = e_\infty + b/L^2 + \dots$ with $b = -\pi v/6$ and spinon velocity $v = \pi J/2$, up to logarithmic
# corrections. Fit $e(L) = e_\infty + b/L^2$ to the five sizes (least squares) and store the pair
# `bethe_fit = (e_inf, b)`. Compare $e_\infty$ with $\tfrac14 - \ln 2$ and $b$ with $-\pi^2/12$.

# %%
### BEGIN SOLUTION
b, e_inf = np.polyfit(1 / SIZES**2, e_per_site, 1)
bethe_fit = (float(e_inf), float(b))
print(f"fit: e_inf = {e_inf:.5f} (Bethe {0.25 - np.log(2):.5f}), b = {b:.3f} (-pi^2/12 = {-np.pi**2 / 12:.3f})")
### END SOLUTION
check("capstone-quantum-magnet-bethe-fit", bethe_fit)

# %% mystnb={"figure": {"caption": "The ground-state energy per site of the Heisenberg chain (J\u2082 = 0) against 1/L\u00b2 from exact diagonalisation (points), the fit e\u221e + b/L\u00b2 (line) and Bethe's infinite-chain value 1/4 \u2212 ln 2 (dotted).", "name": "fig-capC-bethe"}}
if attempted(bethe_fit):
    x = np.linspace(0, 1 / 64, 50)
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    ax.plot(1 / SIZES**2, e_per_site, "o", label="exact diagonalisation, $J_2 = 0$")
    ax.plot(x, bethe_fit[0] + bethe_fit[1] * x, "-", label=r"fit $e_\infty + b/L^2$")
    ax.axhline(0.25 - np.log(2), color="gray", ls=":", label=r"Bethe, $1/4 - \ln 2$")
    ax.set(xlabel="$1/L^2$", ylabel="$E_0/L$")
    ax.legend(frameon=False)
    plt.show()
else:
    print("Fit e(L) above first; then this cell draws it.")

# %% [markdown]
# *Figure: the energy per site of rings of 8 to 16 spins against $1/L^2$. The points lie on a line whose
# intercept is Bethe's energy of the infinite chain; the slope is the conformal $-\pi^2/12$ up to a few per
# cent (logarithmic corrections from a marginal operator, strongest at small $L$).*
#
# **Going further.** Repeat the fit at $J_2 = 0.3$ (inside the dimerised phase): is $1/L^2$ still the right
# form? What would a gap do to the finite-size correction?

# %% [markdown]
# ## Milestone 2: Marshall's sign, the local energy, and VMC at $J_2 = 0$
#
# An RBM as in {ref}`ch-neural-quantum-states` is real and positive, but the Heisenberg ground state is not:
# in the $\sigma^z$ basis its amplitudes have both signs. For $J_2 = 0$ the signs are known. Rotate every odd
# site by $\pi$ about $z$: on a bond, $S^+_iS^-_j + S^-_iS^+_j$ changes sign, so every off-diagonal element of
# $H$ becomes $-\tfrac12 \le 0$. By the Perron–Frobenius theorem the rotated ground state is positive, and
# rotating back gives
#
# $$
# \psi_0(s) = M(s)\,|\psi_0(s)|, \qquad M(s) = (-1)^{N_\uparrow^{\mathrm{odd}}(s)},
# $$
#
# with $N_\uparrow^{\mathrm{odd}}$ the number of up spins on the odd sites $1, 3, 5, \dots$ (Marshall's rule).
#
# **Build (a).** `marshall_sign(s)`: for a batch `s` of shape `(N, L)` with entries ±1, return the signs
# $M(s)$, shape `(N,)`. The check multiplies your signs by those of the exact ground state at $J_2 = 0$,
# $L = 10$, over the whole sector: all products must be equal.
#
# **Predict:** what is $M(s')/M(s)$ when $s'$ exchanges two antiparallel spins on neighbouring sites? Two
# sites apart?

# %%
def marshall_sign(s):
    ### BEGIN SOLUTION
    s = np.asarray(s)
    return (-1.0) ** np.sum(s[:, 1::2] > 0, axis=1)
    ### END SOLUTION


# %%
check("capstone-quantum-magnet-marshall-sign", marshall_sign)

# %% [markdown]
# **Build (b).** The local energy of the ansatz $\psi(s) = M(s)^{[\text{sign rule}]}\,\varphi(s)$, with
# $\varphi = \exp(\log\varphi)$ chapter 3's RBM (`nqs.rbm_log_amplitude(params, s)`):
#
# $$
# E_\text{loc}(s) = \frac{\langle s|H|\psi\rangle}{\langle s|\psi\rangle}
# = \sum_{(i,j)} J_{ij}\Big[\frac{s_is_j}{4} + \frac{[s_i \ne s_j]}{2}\,\frac{\psi(s^{ij})}{\psi(s)}\Big],
# $$
#
# summed over the $L$ bonds $(i, i+1)$ with $J_{ij} = 1$ and the $L$ bonds $(i, i+2)$ with $J_{ij} = J_2$,
# where $s^{ij}$ is $s$ with spins $i$ and $j$ exchanged. Write `my_local_energy(params, s, J2, sign_rule)`
# (shape `(N,)` for `s` of shape `(N, L)`). The check compares it with $(H\psi)(s)/\psi(s)$ computed from the
# whole state vector of an RBM on 8 spins, with and without the sign rule. (This is the piece that
# {func}`physml.quantum_phases.heisenberg_local_energy` does for the rest of the project.)

# %%
def my_local_energy(params, s, J2, sign_rule):
    ### BEGIN SOLUTION
    s = jnp.asarray(s, dtype=float)
    L = s.shape[1]
    log_phi = nqs.rbm_log_amplitude(params, s)
    energy = jnp.zeros(s.shape[0])
    for coupling, d in ((1.0, 1), (J2, 2)):
        marshall_ratio = -1.0 if (sign_rule and d == 1) else 1.0   # one up spin changes sublattice
        for i in range(L):
            j = (i + d) % L
            swapped = s.at[:, i].set(s[:, j]).at[:, j].set(s[:, i])
            ratio = marshall_ratio * jnp.exp(nqs.rbm_log_amplitude(params, swapped) - log_phi)
            energy += coupling * (s[:, i] * s[:, j] / 4 + jnp.where(s[:, i] != s[:, j], ratio / 2, 0.0))
    return energy
    ### END SOLUTION


# %%
check("capstone-quantum-magnet-local-energy", my_local_energy)

# %% [markdown]
# **Build (c).** Train an RBM with the sign rule on the ring of $L = 12$ at $J_2 = 0$ with
# {func}`physml.quantum_phases.run_heisenberg_vmc` (stochastic reconfiguration, Metropolis moves that exchange
# an up and a down spin so that every sample stays in the sector), then estimate its energy from fresh samples
# with {func}`physml.quantum_phases.heisenberg_estimate`. Store the total energy (not per site) in
# `vmc_energy`. The check compares it with exact diagonalisation and accepts a relative error up to
# $1.5\times10^{-3}$; aim for better than $10^{-3}$, which the worked solution reaches (the cell prints it).
# Before you check, look at the local-energy variance: does it tell you, without the exact answer, that the
# run has converged?
#
# **Predict:** how many hidden units per spin ($\alpha$) do you need? Start from $\alpha = 1$.

# %%
### BEGIN SOLUTION
run_rule = QP.run_heisenberg_vmc(L_VMC, 1, key=jax.random.key(0), n_iter=200, n_samples=256, n_chains=128,
                                 J2=0.0, sign_rule=True)
fresh = QP.heisenberg_estimate(run_rule.params, L_VMC, key=jax.random.key(1), n_samples=4096, J2=0.0)
vmc_energy = fresh.energy
exact_12 = Q.heisenberg_ground_state(L_VMC, 1.0, 0.0).energy
print(f"VMC within 1e-3 of exact diagonalisation: {abs(vmc_energy - exact_12) < 1e-3 * abs(exact_12)}; "
      f"local-energy variance below 0.02: {fresh.variance < 0.02}")
### END SOLUTION
check("capstone-quantum-magnet-vmc", vmc_energy)

# %% [markdown]
# ## Milestone 3: frustration — where the sign rule stops being right
#
# The $J_2$ bonds join sites of the *same* sublattice, so Marshall's rotation leaves their off-diagonal
# elements at $+J_2/2 > 0$: for $J_2 > 0$ the Perron–Frobenius argument fails, and nothing guarantees that the
# ground state keeps Marshall's signs. How much of it does? Define the **Marshall weight** of a real state
#
# $$
# w = \max(w_+, 1 - w_+), \qquad w_+ = \frac{\sum_{s:\,M(s)\psi(s) > 0}|\psi(s)|^2}{\sum_s|\psi(s)|^2},
# $$
#
# the probability carried by configurations whose sign is Marshall's (up to the global sign, which is not
# physical). $w = 1$ means $\psi = \pm M|\psi|$ exactly.
#
# **Build (a).** `marshall_weight(psi, L)` for a real vector `psi` of length $2^L$ in the basis of
# `Q.spin_configurations(L)` (not necessarily normalised). The check compares it with an independent
# computation on exact ground states and on random states.
#
# **Predict:** is $w = 1$ at the Majumdar–Ghosh point? (Look at the sign of one singlet
# $|{\uparrow\downarrow}\rangle - |{\downarrow\uparrow}\rangle$ on the bond $(0, 1)$.)

# %%
def marshall_weight(psi, L):
    ### BEGIN SOLUTION
    psi = np.asarray(psi, dtype=float)
    prob = psi**2 / np.sum(psi**2)
    signs = (-1.0) ** np.sum(Q.spin_configurations(L)[:, 1::2] > 0, axis=1)
    w_plus = np.sum(prob[signs * psi > 0])
    return float(max(w_plus, 1 - w_plus))
    ### END SOLUTION


# %%
check("capstone-quantum-magnet-marshall-weight", marshall_weight)

# %% [markdown]
# Now the exact ground state of the ring of 16 spins across $J_2$, with
# {func}`physml.quantum_phases.marshall_weight` (the library's version of your function). The Majumdar–Ghosh
# point is left out of this scan on purpose: its ground state is twofold degenerate, and Lanczos returns some
# combination of the two dimer states that depends on its start vector; the next cell treats it exactly.

# %%
J2_EXACT = (0.0, 0.2, 0.4, 0.45, 0.55, 0.6, 0.7, 0.8)
weights_16 = {J2: QP.marshall_weight(Q.heisenberg_ground_state(16, 1.0, J2).psi, 16) for J2 in J2_EXACT}
print("Marshall weight w of the exact ground state, L = 16:")
for J2, w in weights_16.items():
    print(f"  J2 = {J2:.2f}: w above 0.999: {w > 0.999}, below 0.95: {w < 0.95}")


# %%
def dimer_state(L, shift=0):
    """The product of singlets (|ud> - |du>)/sqrt(2) on the bonds (shift + 2k, shift + 2k + 1), as a vector."""
    s = Q.spin_configurations(L).astype(float)
    amplitude = np.ones(2**L)
    for k in range(L // 2):
        i, j = (2 * k + shift) % L, (2 * k + 1 + shift) % L
        amplitude *= np.where(s[:, i] != s[:, j], s[:, i] / np.sqrt(2), 0.0)
    return amplitude


H_mg = Q.heisenberg_hamiltonian(16, 1.0, 0.5)
for shift in (0, 1):
    d = dimer_state(16, shift)
    print(f"dimer state on bonds ({shift}, {shift + 1}), ...: |H psi + (3L/8) psi| below 1e-10: "
          f"{np.linalg.norm(H_mg @ d + 16 * 3 / 8 * d) < 1e-10}; Marshall weight 1: "
          f"{abs(QP.marshall_weight(d, 16) - 1) < 1e-12}")

# %% [markdown]
# **The experiment.** Train the RBM at several $J_2$ with the sign rule, and at three of them without it (a
# positive wavefunction). The runs use the settings of milestone 2. Each trained state is judged exactly:
# {func}`physml.quantum_phases.rbm_heisenberg_energy` sums over the whole sector of $L = 12$, so the relative
# error below has no sampling noise; the local-energy variance is the mean over the last 20 iterations.

# %% mystnb={"figure": {"caption": "Frustration, L = 12. Left: the exact relative energy error of RBMs trained with Marshall's sign (circles) and of positive RBMs (squares) against J\u2082, with 1 \u2212 the Marshall weight of the exact ground state (dotted, right axis). Right: their local-energy variances over the last iterations.", "name": "fig-capC-frustration"}}
J2_SCAN = (0.0, 0.25, 0.5, 0.6, 0.8)
RUNS = [(J2, True) for J2 in J2_SCAN] + [(0.0, False), (0.5, False), (0.8, False)]
exact_e = {J2: Q.heisenberg_ground_state(L_VMC, 1.0, J2).energy for J2 in J2_SCAN}
weights_12 = {J2: QP.marshall_weight(Q.heisenberg_ground_state(L_VMC, 1.0, J2).psi, L_VMC) for J2 in J2_SCAN}
weights_12[0.5] = QP.marshall_weight(dimer_state(L_VMC), L_VMC)     # the degenerate point: a dimer state
scan = {}
for J2, rule in RUNS:
    run = QP.run_heisenberg_vmc(L_VMC, 1, key=jax.random.key(0), n_iter=200, n_samples=256, n_chains=128,
                                J2=J2, sign_rule=rule)
    energy = QP.rbm_heisenberg_energy(run.params, L_VMC, J2=J2, sign_rule=rule)
    scan[J2, rule] = dict(error=(energy - exact_e[J2]) / abs(exact_e[J2]), variance=run.variance[-20:].mean(),
                          params=run.params, history=run)

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4), layout="constrained")
for rule, marker, label in ((True, "o-", "RBM × Marshall sign"), (False, "s--", "positive RBM")):
    xs = [J2 for J2, r in RUNS if r == rule]
    ax1.semilogy(xs, [scan[x, rule]["error"] for x in xs], marker, label=label)
    ax2.semilogy(xs, [scan[x, rule]["variance"] for x in xs], marker, label=label)
ax1.set(xlabel="$J_2$", ylabel="relative energy error")
ax2.set(xlabel="$J_2$", ylabel="local-energy variance")
twin = ax1.twinx()
twin.plot(J2_SCAN, [1 - weights_12[x] for x in J2_SCAN], "k:", label="1 − Marshall weight (exact)")
twin.set_yscale("symlog", linthresh=1e-4)
twin.set_ylabel("1 − w of the exact ground state")
ax1.legend(frameon=False, loc="upper left", fontsize=8)
twin.legend(frameon=False, loc="lower right", fontsize=8)
plt.show()

# %% [markdown]
# *Figure: left, the relative error of the trained states (exact, from a sum over the sector of $L = 12$)
# against $J_2$, with Marshall's sign (circles) and without (squares), and the weight of the exact ground
# state that Marshall's sign gets wrong (dotted, right axis); right, the local-energy variance of the same
# runs. The cell below prints what the figure shows as bounds.*

# %%
for (J2, rule), r in scan.items():
    print(f"J2 = {J2:.2f}, sign rule {str(rule):5}: relative error below 6e-3: {r['error'] < 6e-3}, "
          f"above 0.3: {r['error'] > 0.3}")
print("local-energy variance with the sign rule below 0.05 at every J2:",
      all(scan[J2, True]["variance"] < 0.05 for J2 in J2_SCAN))
print("local-energy variance of the positive RBM at J2 = 0 below 1e-6:", scan[0.0, False]["variance"] < 1e-6)

# %% [markdown]
# **What goes wrong without the rule.** The positive RBM at $J_2 = 0$ ends with an energy far above the exact
# one *and* a local-energy variance that is nearly zero. Zero variance is the mark of an eigenstate only if the
# samples see the whole state: here $|\varphi|^2$ has collapsed onto the two Néel configurations, every sample
# is one of them, and the sampled $E_\text{loc}$ is their diagonal energy $-L/4$. The configurations that would
# reveal the error are never drawn. Always judge a run by its energy against a reference or a bound as well.
#
# **Choose.** Which statement does the experiment support? Store the letter in `frustration_answer`.
#
# - (a) The error with the sign rule grows from $J_2 = 0$ on because the rule is already wrong for small $J_2 > 0$.
# - (b) With the sign rule the error stays below a per cent up to about $J_2 = 0.5$, where the exact signs are
#   still (almost) Marshall's, and grows fast beyond, where they are not.
# - (c) The sign rule makes no difference: the RBM learns the signs by itself.
# - (d) The error is largest exactly at $J_2 = 0.5$, where the chain is most frustrated.

# %%
### BEGIN SOLUTION
frustration_answer = "b"
### END SOLUTION
check("capstone-quantum-magnet-frustration", frustration_answer)

# %% [markdown]
# **Open-ended (write-up).** Explain, with the figure and the Marshall weights, what the sign rule buys and
# where it stops helping. Why does a wrong sign cost more energy than a wrong magnitude on the same
# configuration? Why does the variance of the positive RBM look "converged" at $J_2 = 0$? What does the
# optimiser see beyond $J_2 = 0.5$ (look at `scan[0.8, True]["history"].energy`)?
#
# **Going further (open-ended).** A complex RBM (complex $a$, $b$, $W$) can carry any sign; chapter 3's
# stochastic reconfiguration needs $\mathrm{Re}$ and complex conjugates in the right places (Carleo and
# Troyer 2017; Choo, Neupert and Carleo 2019, *Phys. Rev. B* 100, 125124). Write it, and compare its error at
# $J_2 = 0.8$ with the two ansätze above. Westerhout *et al.* (2020, *Nat. Commun.* 11, 1593) show that the
# hard part beyond the Majumdar–Ghosh point is *learning* the sign structure, not representing it.

# %% [markdown] tags=["solution"]
# *Model answer.* The sign rule turns the problem at $J_2 = 0$ into one with a positive ground state, which a
# positive RBM represents well: the run of milestone 2 is within $10^{-3}$ of exact diagonalisation, with a
# local-energy variance below 0.02. Up to $J_2 = 0.5$ the exact ground state keeps Marshall's signs on all but
# a tiny weight ($w$ above 0.999 at $L = 16$ for $J_2 \le 0.45$; exactly $w = 1$ at the Majumdar–Ghosh point,
# whose singlets each carry Marshall's sign), so the ansatz can still be right: the relative error with the
# rule stays below $6\times10^{-3}$ at $J_2 = 0$, 0.25 and 0.5, though it grows with $J_2$ (see the figure)
# because the magnitudes get harder for $\alpha = 1$ and 200 iterations (the dimer correlations of
# milestone 4). Beyond $J_2 = 0.5$ the weight drops quickly (below 0.999 at $J_2 = 0.55$, below 0.95 from
# $J_2 = 0.6$ on, at $L = 16$): the correlations become incommensurate and the signs follow them, not the
# sublattice. A positive amplitude times $M$ then has the wrong sign on a sizeable part of $|\psi|^2$, and no
# magnitude can fix that: at $J_2 = 0.6$ and 0.8 the error is above $6\times10^{-3}$ (though below the 0.3 of
# the positive RBM). The local-energy variance does *not* flag this failure here: with the rule it stays below
# 0.05 at every $J_2$, because the optimiser converges to the best state of a family that cannot contain the
# ground state. The variance tests convergence within the ansatz, not the ansatz. (Chapter 13's shorter,
# 100-iteration run at $J_2 = 0.8$ does show a larger variance, 0.6 against 0.01 at $J_2 = 0$: so the variance
# is not a reliable alarm either way.) A wrong sign on a configuration costs more than a wrong magnitude
# because it flips the sign of the off-diagonal contributions $\tfrac12\psi(s')/\psi(s)$ that lower the
# energy, turning a gain into a cost.
# Without the rule at $J_2 = 0$, the RBM collapses onto the Néel states, with a sampled variance below
# $10^{-6}$, a false convergence: its relative error is above 0.3 (a pure Néel state, energy $-L/4 = -3$,
# has the relative error $1 - 0.25/0.44895 \approx 0.44$, from the energy per site of milestone 1 at $L = 12$).

# %% [markdown]
# ## Milestone 4: correlations and dimerisation
#
# **Build.** `szsz_correlation(psi, L)`: the correlation
#
# $$
# C(r) = \frac1L\sum_i \langle S^z_iS^z_{i+r}\rangle
# = \frac{1}{4L}\sum_i \frac{\sum_s |\psi(s)|^2 s_is_{i+r}}{\sum_s|\psi(s)|^2},
# \qquad r = 0, 1, \dots, L/2,
# $$
#
# of a state vector (periodic in $i$; $C(0) = 1/4$). The check compares it on an exact ground state and on a
# random state.
#
# **Predict:** the sign of $C(1)$ and $C(2)$ at $J_2 = 0$; and at $J_2 = 0.5$, what is $C(r)$ for $r \ge 2$ in
# a single dimer product state?

# %%
def szsz_correlation(psi, L):
    ### BEGIN SOLUTION
    prob = np.abs(psi) ** 2 / np.sum(np.abs(psi) ** 2)
    s = Q.spin_configurations(L).astype(float)
    return np.array([prob @ np.mean(s * np.roll(s, -r, axis=1), axis=1) / 4 for r in range(L // 2 + 1)])
    ### END SOLUTION


# %%
check("capstone-quantum-magnet-correlation", szsz_correlation)

# %% [markdown]
# **Compare** the trained RBMs of milestone 3 (with the sign rule, fresh samples,
# {func}`physml.quantum_phases.heisenberg_estimate`) with the exact correlation (`Q.zz_correlation(psi, L) / 4`)
# at $J_2 = 0$ and $0.25$. At $J_2 = 0.5$ the ground space has two dimensions; the RBM times Marshall's sign can
# only approach its member with Marshall's signs everywhere, the sum $D_0 + D_1$ of the two dimer states (their
# difference has weight $1/2$). A single dimer state has $C(1) = -1/8$ and $C(r) = 0$ beyond; the sum, whose two
# terms overlap by $2^{1-L/2}$, has small alternating tails.

# %% mystnb={"figure": {"caption": "The spin correlation C(r) = \u27e8S^z_0 S^z_r\u27e9 of the trained RBMs with Marshall's sign (points, two standard errors, from 4096 samples) against the exact one (lines) at J\u2082 = 0, 0.25 and 0.5 (at 0.5 the dimer state with Marshall's signs).", "name": "fig-capC-correlation"}}
fig, ax = plt.subplots(figsize=(5.5, 3.4))
estimates = {J2: QP.heisenberg_estimate(scan[J2, True]["params"], L_VMC, key=jax.random.key(2), n_samples=4096,
                                        J2=J2) for J2 in (0.0, 0.25, 0.5)}
for J2, color in ((0.0, "C0"), (0.25, "C2"), (0.5, "C1")):
    est = estimates[J2]
    r = np.arange(len(est.szsz))
    exact_state = Q.heisenberg_ground_state(L_VMC, 1.0, J2).psi
    psi = dimer_state(L_VMC, 0) + dimer_state(L_VMC, 1) if J2 == 0.5 else exact_state
    exact_c = Q.zz_correlation(psi, L_VMC) / 4
    ax.plot(r, exact_c, "-", color=color, label=f"exact, $J_2 = {J2}$")
    ax.errorbar(r, est.szsz, yerr=2 * est.szsz_error, fmt="o", color=color, ms=4, label=f"RBM, $J_2 = {J2}$")
    deviation = np.abs(est.szsz - exact_c)[1:]
    print(f"J2 = {J2}: largest |C_RBM(r) - C_exact(r)| for r >= 1 below 0.02: {deviation.max() < 0.02}")
ax.axhline(0, color="gray", lw=0.5)
ax.set(xlabel="distance $r$", ylabel=r"$C(r) = \langle S^z_0 S^z_r\rangle$")
ax.legend(frameon=False, fontsize=7)
plt.show()

# %% [markdown]
# *Figure: the spin–spin correlation on the ring of 12 spins, exact (lines) and from the trained RBMs with
# Marshall's sign (points, ±2 standard errors of 4096 samples). At $J_2 = 0$ it alternates in sign and decays
# slowly (as $(-1)^r\sqrt{\ln r}/r$ in the infinite chain); with $J_2$ it becomes short-ranged, and at
# $J_2 = 0.5$ it nearly vanishes beyond the nearest neighbour. The RBM follows the exact curve to within 0.02 at
# every distance; at $J_2 = 0.5$ its tail is the least accurate part (see the figure).*
#
# **Dimerisation.** $C(r)$ cannot see dimers, and on a ring neither can a single bond: the ground state of a
# finite ring is translation invariant, so every bond has the same $\langle\mathbf S_i\cdot\mathbf S_{i+1}\rangle$.
# One dimer state breaks the symmetry: its bond energies alternate, $-3/4$ on the singlets and $0$ between them.
# In the translation-invariant ground state the order shows in the *dimer–dimer* correlation
# $D(r) = \langle B_0B_r\rangle - \langle B_0\rangle\langle B_r\rangle$ of the bond operators
# $B_i = \mathbf S_i\cdot\mathbf S_{i+1}$: in a dimerised phase it alternates in sign and does not decay. The
# cell applies $B_i$ to state vectors of 16 spins (at $J_2 = 0.45$, inside the dimerised phase, where the ground
# state of the ring is not degenerate).

# %%
def apply_bond(psi, L, i):
    """B_i psi for the bond (i, i+1): diagonal s_i s_j / 4, and 1/2 times psi of the exchanged state."""
    j = (i + 1) % L
    n = np.arange(2**L)
    s_i, s_j = 1 - 2 * ((n >> i) & 1), 1 - 2 * ((n >> j) & 1)
    exchanged = np.where(s_i != s_j, 0.5 * psi[n ^ ((1 << i) | (1 << j))], 0.0)
    return s_i * s_j / 4 * psi + exchanged


d = dimer_state(16)
bonds = np.array([d @ apply_bond(d, 16, i) for i in range(16)])
print("dimer state: bond energies alternate between -3/4 and 0:",
      bool(np.allclose(bonds[0::2], -0.75) and np.allclose(bonds[1::2], 0.0)))
dimer = {}
for J2 in (0.0, 0.45):
    psi = Q.heisenberg_ground_state(16, 1.0, J2).psi
    b0 = apply_bond(psi, 16, 0)
    dimer[J2] = np.array([apply_bond(psi, 16, r) @ b0 - (psi @ b0) ** 2 for r in range(2, 9)])
    print(f"J2 = {J2}: D(r) for r = 2..8 alternates in sign: {bool(np.all(np.diff(np.sign(dimer[J2])) != 0))}")
print("|D(8)| at J2 = 0.45 above 3 times |D(8)| at J2 = 0:", abs(dimer[0.45][-1]) > 3 * abs(dimer[0.0][-1]))

# %% [markdown]
# At $J_2 = 0.45$ the dimer–dimer correlation at the largest distance on the ring is more than three times that
# at $J_2 = 0$ (printed above), the signature of dimer order (two dimerisations, which a finite ring
# superposes).
# **Open-ended:** measure $D(r)$ with your trained RBM at $J_2 = 0.5$ (it needs an off-diagonal estimator: write
# $\langle B_0B_r\rangle$ as an average over $|\psi|^2$ of a local quantity, as the local energy does), and
# explain how the ground state of a ring can be translation invariant and still be dimerised: what does $D(r)$
# measure that $\langle B_i\rangle$ cannot?

# %% [markdown]
# ## Assessment
#
# - **Milestone checks (50%)**: each ✓ of the eight checks, and a notebook that runs top to bottom with a
#   fixed key.
# - **Analysis (30%)**: the write-up of milestone 3 (what the sign rule buys, where and why it fails, the false
#   convergence of the positive RBM) and of the dimerisation in milestone 4, each claim backed by a number
#   the notebook prints.
# - **Reproducibility and code (20%)**: fixed PRNG keys, no hidden state, functions that raise clear errors.
#
# **References.** H. Bethe, *Z. Phys.* 71, 205 (1931); L. Hulthén, *Ark. Mat. Astron. Fys.* 26A, 1 (1938);
# W. Marshall, *Proc. R. Soc. A* 232, 48 (1955); C. K. Majumdar and D. K. Ghosh, *J. Math. Phys.* 10, 1388
# (1969); K. Okamoto and K. Nomura, *Phys. Lett. A* 169, 433 (1992); G. Carleo and M. Troyer, *Science* 355,
# 602 (2017); K. Choo, T. Neupert and G. Carleo, *Phys. Rev. B* 100, 125124 (2019); J. Westerhout, N.
# Astrakhantsev, K. S. Tikhonov, M. I. Katsnelson and A. A. Bagrov, *Nat. Commun.* 11, 1593 (2020).
