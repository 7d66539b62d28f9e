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
# # Practice 13: Quantum phases with neural quantum states
#
# Practice for [Chapter 13, *Quantum phases with neural quantum states*](../book/ch13_quantum_phases.ipynb).
# Five tasks: derive how Marshall's sign changes when two spins are exchanged; write the local energy of
# the $J_1$–$J_2$ Heisenberg chain for an amplitude with that sign (the one re-implementation); derive the
# best energy any *positive* wavefunction can reach, then watch variational Monte Carlo hit that wall;
# predict how the correlation length of the transverse-field Ising chain behaves at its critical field;
# and explain why the sign rule stops working when the chain is frustrated. Replace each `...` below
# `# YOUR CODE HERE`, then run the `check(...)` cell after it: it says ✓, or gives a hint in the form of
# a question. Where a task asks for a prediction, write it down *before* you run the experiment.
#
# Throughout, the chain is periodic with $L$ sites (even), spins $s_i = \pm1$ are the eigenvalues of
# $\sigma^z_i$, $\mathbf S_i = \tfrac12\boldsymbol\sigma_i$, and
#
# $$H = J\sum_i \mathbf S_i\cdot\mathbf S_{i+1} + J_2\sum_i \mathbf S_i\cdot\mathbf S_{i+2},
# \qquad J = 1 .$$
#
# Marshall's sign is $M(s) = (-1)^{N_\uparrow^\text{odd}(s)}$, with $N_\uparrow^\text{odd}(s)$ the number
# of up spins on the odd sites $1, 3, 5, \dots$ (sites are numbered from 0).

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

from physml import quantum as Q
from physml import quantum_phases as qp
from physml.checks import check
from physml.checks.quantum_phases import practice_log_amplitude

# %% [markdown]
# ## Task 13.1: Marshall's sign across an exchange (derive)
#
# The off-diagonal part of $\mathbf S_i\cdot\mathbf S_j$, $\tfrac12(S^+_iS^-_j + S^-_iS^+_j)$, exchanges
# two antiparallel spins: it connects $s$ to the configuration $s'$ with $s_i$ and $s_j$ swapped, with
# matrix element $+J_{ij}/2$. **Derive** the ratio $M(s')/M(s)$ for an exchange across a
# nearest-neighbour bond $(i, i+1)$ and across a next-nearest-neighbour bond $(i, i+2)$, for any
# configuration with $s_i \ne s_j$ (on a ring of even length). Store the pair as
# `marshall_ratios = (ratio_nearest, ratio_next_nearest)`.

# %%
### BEGIN SOLUTION
marshall_ratios = (-1, 1)
### END SOLUTION
check("ch13-marshall-ratio", marshall_ratios)

# %% [markdown]
# The ratio for every exchange of every zero-magnetisation configuration of an $L = 8$ ring, by
# brute force with {func}`physml.quantum_phases.marshall_sign`:

# %%
sector = Q.spin_configurations(8)[Q.zero_magnetisation_indices(8)]
for d in (1, 2):
    ratios = set()
    for i in range(8):
        j = (i + d) % 8
        movable = sector[sector[:, i] != sector[:, j]]
        swapped = movable.copy()
        swapped[:, [i, j]] = swapped[:, [j, i]]
        ratios |= set(np.asarray(qp.marshall_sign(swapped) * qp.marshall_sign(movable)).astype(int).tolist())
    print(f"bonds (i, i+{d}): M(s')/M(s) takes the values {sorted(ratios)} over {len(sector)} configurations")

# %% [markdown]
# ## Task 13.2: the local energy with Marshall's sign (implement)
#
# Variational Monte Carlo never builds the $2^L \times 2^L$ matrix: it needs, for each sampled
# configuration, the local energy $E_\text{loc}(s) = \sum_{s'} H_{ss'}\,\psi(s')/\psi(s)$. Write
# `my_local_energy(log_phi, s, J2)` for the state $\psi = M\varphi$, where `log_phi(t)` returns
# $\log\varphi(t)$ of a positive amplitude for one configuration `t` (a NumPy array of $\pm1$), `s` is
# one configuration of even length and `J2` the next-nearest coupling ($J = 1$). Each bond $(i, j)$
# contributes its diagonal part and, if $s_i \ne s_j$, an exchange term with the amplitude ratio (use
# your task 13.1 for $M(s')/M(s)$; do not build $H$). Copy `s` before changing it.

# %%
def my_local_energy(log_phi, s, J2):
    ### BEGIN SOLUTION
    L = len(s)
    energy = 0.0
    for d, coupling, ratio in ((1, 1.0, -1.0), (2, J2, 1.0)):
        for i in range(L):
            j = (i + d) % L
            energy += coupling * s[i] * s[j] / 4
            if s[i] != s[j]:
                t = s.copy()
                t[i], t[j] = s[j], s[i]
                energy += coupling / 2 * ratio * np.exp(log_phi(t) - log_phi(s))
    return energy
    ### END SOLUTION


# %%
check("ch13-local-energy", my_local_energy)

# %% [markdown]
# Two tests of your function. First, against {func}`physml.quantum_phases.heisenberg_local_energy` on a
# random positive amplitude at $J_2 = 0.3$; second, on the *exact* ground state of the $L = 10$ chain
# (its $|\psi_0|$ as a lookup table, {func}`physml.quantum_phases.lookup_log_amplitude`): an eigenstate
# has the same local energy, $E_0$, on every configuration, which is why a good ansatz has a small
# variance of $E_\text{loc}$.

# %%
if my_local_energy(practice_log_amplitude(4, 0), np.array([1, -1, 1, -1]), 0.0) is ...:
    print("(write my_local_energy first)")
else:
    log_phi = practice_log_amplitude(8, 5)
    configs = Q.spin_configurations(8)[Q.zero_magnetisation_indices(8)]
    mine = np.array([my_local_energy(log_phi, s.astype(np.int64), 0.3) for s in configs])
    rbm_like = np.array([log_phi(s) for s in Q.spin_configurations(8)])          # the same φ as a table
    library = np.asarray(qp.heisenberg_local_energy(qp.lookup_log_amplitude, rbm_like, configs, J2=0.3))
    print(f"largest difference from physml over {len(configs)} configurations below 1e-9: "
          f"{bool(np.max(np.abs(mine - library)) < 1e-9)}")

    ground = Q.heisenberg_ground_state(10)
    table = np.log(np.abs(ground.psi) + 1e-300)
    exact_log_phi = lambda t: table[Q.configuration_index(t)]
    sector10 = Q.spin_configurations(10)[Q.zero_magnetisation_indices(10)].astype(np.int64)
    e_loc = np.array([my_local_energy(exact_log_phi, s, 0.0) for s in sector10])
    print(f"exact ground state, L = 10: E0/L = {ground.energy / 10:.5f}; your E_loc/L ranges over "
          f"[{e_loc.min() / 10:.5f}, {e_loc.max() / 10:.5f}] on all {len(sector10)} configurations")

# %% [markdown]
# ## Task 13.3: the best a positive wavefunction can do (derive, then run)
#
# Chapter 3's RBM amplitude $\varphi(s) = e^{\log\varphi(s)}$ is positive. Used *without* Marshall's sign,
# $\psi = \varphi \ge 0$. Split $\langle\psi|H|\psi\rangle = \sum_s \psi(s)^2 H_{ss} + \sum_{s\ne s'}
# \psi(s)H_{ss'}\psi(s')$ and **derive** the lowest energy per site, $E/L$, that any wavefunction with
# $\psi(s) \ge 0$ for all $s$ can have for $J_2 = 0$ (a number, valid for every even $L$). Store it as
# `positive_bound`. Then predict: how far above the exact $E_0/L = -0.4463935$ of $L = 16$ does that
# leave VMC without the sign rule?

# %%
### BEGIN SOLUTION
positive_bound = -1 / 4
### END SOLUTION
check("ch13-positive-bound", positive_bound)

# %% [markdown]
# The experiment, on $L = 10$ (for speed): two VMC runs ({func}`physml.quantum_phases.run_heisenberg_vmc`,
# $\alpha = 1$, 150 steps of stochastic reconfiguration with 512 samples each), identical except for
# Marshall's sign, judged by the exact energies of their final states
# ({func}`physml.quantum_phases.rbm_heisenberg_energy`, a sum over all 252 configurations of zero
# magnetisation) against exact diagonalisation ({func}`physml.quantum.heisenberg_ground_state`).

# %% mystnb={"figure": {"caption": "Task 13.3: the sampled energy per site during two VMC runs on the $L = 10$ Heisenberg chain, with Marshall's sign (blue) and without it (orange), against the exact ground-state energy (black) and the bound for positive wavefunctions derived in the task (dotted).", "name": "fig-p13-sign-rule"}}
L = 10
settings = dict(key=jax.random.key(0), n_iter=150, n_samples=512, n_chains=128)
e0 = Q.heisenberg_ground_state(L).energy
runs = {rule: qp.run_heisenberg_vmc(L, 1, sign_rule=rule, **settings) for rule in (True, False)}
final = {rule: qp.rbm_heisenberg_energy(run.params, L, sign_rule=rule) for rule, run in runs.items()}
fig, ax = plt.subplots(figsize=(5.5, 3.4))
for rule, run in runs.items():
    ax.plot(run.energy / L, lw=1, label="ψ = M·φ (sign rule)" if rule else "ψ = φ (positive)")
ax.axhline(e0 / L, color="k", lw=0.8, label="exact E₀/L")
if positive_bound is not ...:
    ax.axhline(positive_bound, color="0.4", ls=":", lw=1, label="your bound")
ax.set(xlabel="SR step", ylabel="E/L", title=f"Heisenberg chain, L = {L}")
ax.legend(fontsize=8)
plt.show()
error = {rule: (final[rule] - e0) / abs(e0) for rule in final}
print(f"exact E0/L = {e0 / L:.4f}")
print(f"with Marshall's sign: relative error below 0.01: {error[True] < 0.01}")
print(f"without it: final E/L within 0.002 of -1/4: {abs(final[False] / L + 0.25) < 0.002}; "
      f"relative error above 0.4: {error[False] > 0.4}")

# %% [markdown]
# ## Task 13.4: the correlation length at $h = J$ (predict, then compute)
#
# Back to the transverse-field Ising chain $H = -J\sum_i\sigma^z_i\sigma^z_{i+1} - h\sum_i\sigma^x_i$
# of chapter 3. The chapter measures its correlation length with the second-moment estimator
# ({func}`physml.quantum_phases.correlation_length`) from $C(r) = \langle\sigma^z_i\sigma^z_{i+r}\rangle$.
# **Predict** what happens to $\xi$ at the critical field $h = J$ when the chain length doubles from
# $L = 6$ to $L = 12$:
#
# - **a**: $\xi$ doubles: at the critical point the chain has no length scale of its own, so $\xi$ is a
#   fixed fraction of $L$
# - **b**: $\xi$ stays the same: the correlation length is a bulk property of the phase and does not
#   depend on $L$
# - **c**: $\xi$ halves: in a longer chain the correlations are spread over more sites, so each decays
#   faster
# - **d**: $\xi$ grows by $\sqrt2$: it grows with $L$, but only as fast as a random walk
#
# Store your letter as `prediction_xi`.

# %%
### BEGIN SOLUTION
prediction_xi = "a"
### END SOLUTION
check("ch13-correlation-scaling", prediction_xi)

# %% [markdown]
# The computation, from exact ground states ({func}`physml.quantum.tfim_ground_state`) at three fields:
# deep in the ordered phase, at the critical field and in the paramagnet.

# %% mystnb={"figure": {"caption": "Task 13.4: the second-moment correlation length divided by the chain length, against $L$, for exact ground states of the transverse-field Ising chain at $h = 0.5J$ (ordered), $h = J$ (critical) and $h = 2J$ (paramagnetic).", "name": "fig-p13-xi"}}
if prediction_xi is ...:
    print("Record your prediction above first, then run this cell.")
else:
    sizes = (6, 8, 10, 12)
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    for h in (0.5, 1.0, 2.0):
        xi = [qp.correlation_length(Q.zz_correlation(Q.tfim_ground_state(n, h).psi, n), n) for n in sizes]
        ax.plot(sizes, np.array(xi) / np.array(sizes), "o-", label=f"h = {h} J")
        print(f"h = {h}: ξ = " + ", ".join(f"{x:.1f}" for x in xi) + f" for L = {sizes}")
    ax.set(xlabel="L", ylabel="ξ / L", yscale="log", title="second-moment correlation length")
    ax.legend(fontsize=8)
    plt.show()

# %% [markdown]
# ## Task 13.5: why the sign rule stops working (interpret)
#
# At $J_2 = 0.8$ the sign-rule ansatz $\psi = M\varphi$ of task 13.3 ends with a far larger error than at
# $J_2 = 0$ (chapter 13, on 12 sites: about 11 % against $5\times10^{-4}$). Which explanation is right?
#
# - **a**: the ground state's signs no longer follow Marshall's rule (its Marshall weight is far below 1),
#   and a positive $\varphi$ times $M$ cannot carry the other signs, however many hidden units it has
# - **b**: the exchange sampler cannot reach the configurations of the frustrated ground state, because
#   it only swaps antiparallel spins
# - **c**: frustration raises the ground-state energy, and VMC finds high energies harder than low ones
# - **d**: the RBM is too small: doubling $\alpha$ would bring the error back down to that at $J_2 = 0$
#
# Store your letter as `frustration_answer`.

# %%
### BEGIN SOLUTION
frustration_answer = "a"
### END SOLUTION
check("ch13-frustration", frustration_answer)

# %% [markdown]
# The evidence: the Marshall weight ({func}`physml.quantum_phases.marshall_weight`, the fraction of
# $|\psi_0|^2$ whose sign agrees with $M$) of exact ground states across $J_2$, and the sign-rule VMC of
# task 13.3 repeated at $J_2 = 0.8$ (the same compiled program: $J_2$ is an argument, not a constant).

# %%
if frustration_answer is ...:
    print("Record your answer above first, then run this cell.")
else:
    for J2 in (0.0, 0.3, 0.6, 0.8, 1.0):
        weight = qp.marshall_weight(Q.heisenberg_ground_state(L, 1.0, J2).psi, L)
        print(f"J2 = {J2}: Marshall weight of the exact ground state = {weight:.3f}")
    frustrated = qp.run_heisenberg_vmc(L, 1, J2=0.8, **settings)
    e0_frustrated = Q.heisenberg_ground_state(L, 1.0, 0.8).energy
    error_frustrated = (qp.rbm_heisenberg_energy(frustrated.params, L, J2=0.8) - e0_frustrated) / abs(e0_frustrated)
    print(f"sign-rule VMC at J2 = 0.8: relative error above 0.02: {error_frustrated > 0.02} "
          f"(at J2 = 0 it was below 0.01: {error[True] < 0.01})")

# %% [markdown]
#
# **Going further.** At the Majumdar–Ghosh point $J_2 = 0.5$ the chain is strongly frustrated, yet the
# dimer state $\psi_A$, a product of singlets $(|{\uparrow\downarrow}\rangle - |{\downarrow\uparrow}\rangle)/\sqrt2$
# on the bonds $(0,1), (2,3), \dots$, is an exact ground state. Build it as a vector of length $2^L$,
# check $H\psi_A = -\tfrac38 L\,\psi_A$ and compute its Marshall weight. Then do the same for the other
# covering $\psi_B$ (bonds $(1,2), (3,4), \dots, (L-1, 0)$) and for $\psi_A + \psi_B$, at $L = 8$ and
# $L = 10$. What does that say about "frustration" and "sign problem" as two different things?

# %% [markdown] tags=["solution"]
# **Model answer.** In a singlet on sites $(2k, 2k+1)$ the configuration with the up spin on the odd
# site carries the minus sign, exactly as $M$ says, so $\psi_A = M|\psi_A|$: weight 1, and
# $H\psi_A = -\tfrac38L\,\psi_A$ (Majumdar & Ghosh 1969). In $\psi_B$ each singlet starts on an odd site, so
# $M\psi_B = (-1)^{L/2}|\psi_B|$: weight 1 again, but with the opposite overall sign when $L/2$ is odd.
# Hence $\psi_A + \psi_B$ has weight 1 at $L = 8$ and below 1 at $L = 10$ (it is also what makes the
# exact-diagonalisation vector at $J_2 = 0.5$, one member of the two-fold degenerate ground space,
# fall short of weight 1 at $L = 10$). Frustration means that no configuration satisfies every bond; a sign problem
# means that the ground state's signs are not known in advance. They usually come together, but not
# always: at the Majumdar–Ghosh point the signs are known, while for $J_2$ between about 0.6 and 1 the
# rule fails on a large part of $|\psi_0|^2$ and an ansatz must learn the signs (a complex or a signed
# network).
