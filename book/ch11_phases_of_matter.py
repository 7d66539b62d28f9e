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
# (ch-phases)=
# # Phases of matter from data
#
# ```{admonition} At a glance
# :class: tip
# **You will learn to** sample the two-dimensional Ising model across its phase transition and check
# the samples against the exact solution, and then to find the transition from the samples alone. You
# will derive the critical temperature from Kramers–Wannier duality, and detailed balance for the
# Metropolis and Wolff algorithms; run a vectorised (checkerboard) Metropolis sampler and Wolff's cluster
# algorithm and measure why the second one matters near $T_c$ (autocorrelation times against lattice
# size); compare with Onsager's energy and Yang's magnetisation; find the magnetisation as the first
# principal component of raw configurations, without labels; train a classifier far from $T_c$ and
# locate the transition with it at three lattice sizes, and compare its finite-size extrapolation with
# one that works (crossings of the Binder cumulant), error bars included; open the network to see what
# it learned, and test it on a system it never saw.
#
# **Prerequisites:** Markov-chain Monte Carlo ({ref}`ch-neural-quantum-states`); Landau theory, order parameters and
# critical exponents ({ref}`ch-landau`); MLPs, logistic regression and Adam ({ref}`primer-mlp`,
# {ref}`primer-optimisers`); principal component analysis (a singular value decomposition).
#
# **Time to read:** about 60 minutes. **Time to run:** about 35 seconds on a 2-core laptop CPU. **Practice:** [Practice 11: Phases of matter from data](../exercises/ch11_practice.ipynb).
# ```
#
# A magnet above its Curie temperature is disordered; cool it and, at a sharp temperature, its spins
# line up. Chapter {ref}`ch-landau` described such a transition with a free energy written down
# by hand, and ended with its failure: near $T_c$ real magnets do not follow mean-field theory. The
# simplest model that does what real magnets do is the two-dimensional Ising model, and it is
# *exactly solved*: its critical temperature, energy and spontaneous magnetisation are known in
# closed form. That makes it the ideal test bench for a question machine learning has asked since
# 2016 {cite}`ch11-carrasquilla2017machine,ch11-wang2016discovering`: given only snapshots of a
# system — no Hamiltonian, no order parameter — can an algorithm tell the phases apart and find
# where the transition is? We shall answer it with numbers, and with the exact solution as the judge.

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
import time

import jax
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
import scipy.optimize

from physml import ising as I
from physml.interactives import ising as figures
from physml.style import COLORS

TC = I.critical_temperature()

# %% [markdown]
# ## The Ising model and its two phases
#
# Spins $s_i = \pm1$ sit on the sites of an $L\times L$ square lattice with periodic boundaries
# (a torus), and neighbouring spins prefer to be parallel:
#
# $$
# E(s) = -J \sum_{\langle ij\rangle} s_i s_j , \qquad
# p(s) = \frac{e^{-E(s)/T}}{Z}, \qquad Z = \sum_s e^{-E(s)/T},
# $$ (ising)
#
# the sum running over the $2L^2$ nearest-neighbour bonds, each once. We use units with $J = 1$ and
# $k_B = 1$. The *order parameter* is the magnetisation per site $m = \frac{1}{N}\sum_i s_i$
# ($N = L^2$). At low $T$ the Boltzmann distribution {eq}`ising` is dominated by the two ground
# states, all up or all down ($m = \pm1$); at high $T$ by the entropy of the $2^N$ disordered states
# ($m\approx 0$). On an infinite lattice the two regimes are separated by a sharp transition at
#
# $$
# \sinh\frac{2}{T_c} = 1, \qquad T_c = \frac{2}{\ln(1+\sqrt2)} \approx 2.269 .
# $$ (tc)
#
# :::{admonition} Derivation: $T_c$ from Kramers–Wannier self-duality
# :class: dropdown
# Write $K = 1/T$. **High temperature.** Since $s_is_j = \pm1$, $e^{Ks_is_j} = \cosh K\,(1 + s_is_j
# \tanh K)$. Multiply out the product over the $2N$ bonds and sum over spins: every term is a set of
# bonds, and it survives the spin sum only if every site touches an even number of its bonds, i.e. if
# the bonds form closed loops (polygons) $P$. So
# $Z = 2^N \cosh^{2N}\!K \sum_{P} (\tanh K)^{|P|}$, $|P|$ the number of bonds of the polygon set.
# **Low temperature.** Start from all spins up and draw the domain walls between unlike spins: they
# are closed loops on the *dual* lattice (the lattice of plaquette centres, again a square lattice),
# and each wall bond is an unlike pair, energy $+1$ instead of $-1$ ($\Delta E = 2$), a factor $e^{-2K}$. So $Z = 2\,e^{2NK}\sum_{P^*}(e^{-2K})^{|P^*|}$, a sum over the
# same polygons (on an infinite lattice; on a torus, loops that wind around it spoil the exact
# correspondence, a finite-size effect). The two
# sums are the same function $\Phi(x) = \sum_P x^{|P|}$ at $x = \tanh K$ and at $x = e^{-2K^*}$.
# Defining the dual coupling by $\tanh K = e^{-2K^*}$ maps high temperature ($K$ small) to low
# temperature ($K^*$ large) and back. If there is a single transition, it must sit at the fixed
# point $K = K^*$: $\tanh K_c = e^{-2K_c}$. With $u = e^{-2K_c}$, $\tanh K_c = (1-u)/(1+u) = u$ gives
# $u^2 + 2u - 1 = 0$, so $u = \sqrt2 - 1$, $e^{2K_c} = 1 + \sqrt2$ and
# $\sinh 2K_c = [(1+\sqrt2) - (\sqrt2-1)]/2 = 1$, i.e. {eq}`tc`
# {cite}`ch11-kramers1941statistics`.
# :::
#
# Onsager solved the model exactly in 1944 {cite}`ch11-onsager1944crystal`; we quote his result and
# Yang's (their derivations, by transfer matrices, take a chapter of their own). The energy per site
# is, with $K = 1/T$, $k = 2\sinh 2K/\cosh^2 2K$ and the complete elliptic integral of the first kind
# $\mathcal K(k^2) = \int_0^{\pi/2} d\theta\,(1 - k^2\sin^2\theta)^{-1/2}$ (scipy's `ellipk`),
#
# $$
# e(T) = -\coth 2K\,\Bigl[1 + \tfrac{2}{\pi}\bigl(2\tanh^2 2K - 1\bigr) \mathcal K(k^2)\Bigr],
# $$ (onsager)
#
# continuous at $T_c$ (where $k = 1$ and $\mathcal K$ diverges logarithmically, multiplied by zero)
# with a logarithmically divergent specific heat (Onsager's result; not computed here). Yang {cite}`ch11-yang1952spontaneous` computed the
# spontaneous magnetisation,
#
# $$
# m_0(T) = \bigl(1 - \sinh^{-4} 2K\bigr)^{1/8} \quad (T < T_c), \qquad m_0 = 0 \quad (T \ge T_c),
# $$ (yang-magnetisation)
#
# so $m_0 \propto (T_c - T)^{1/8}$: the magnetisation exponent (called $\beta$ in the literature; we
# write $K$ for $1/T$ to avoid the clash) is $1/8$, not Landau's $\tfrac12$.
# {func}`physml.ising.exact_energy_per_site` and {func}`physml.ising.spontaneous_magnetisation`
# evaluate {eq}`onsager` and {eq}`yang-magnetisation` (the tests check the first against a numerical derivative of
# Onsager's free-energy double integral, the second against its low-temperature series). Here are the
# checks the derivation promises, and mean-field theory for contrast: replacing each neighbour by the
# average magnetisation gives $m = \tanh(4m/T)$, with a transition at $T = 4$.

# %%
print(f"T_c = {TC:.4f},  sinh(2/T_c) = {np.sinh(2 / TC):.6f},  tanh(K_c) - exp(-2K_c) = "
      f"{abs(np.tanh(1 / TC) - np.exp(-2 / TC)):.0e}")
print(f"Onsager at T_c: e = {I.exact_energy_per_site(TC):.6f}  (-sqrt 2 = {-np.sqrt(2):.6f})")


def mean_field_m(T):
    """The positive root of m = tanh(4m/T) (0 above T = 4)."""
    return scipy.optimize.brentq(lambda m: m - np.tanh(4 * m / T), 1e-9, 1.0) if T < 4 else 0.0


for T in (1.5, 2.0, 2.2, 2.5):
    print(f"T = {T}: Yang m0 = {I.spontaneous_magnetisation(T):.3f},  mean field m = {mean_field_m(T):.3f}")

# %% [markdown]
# Mean-field theory is close at low temperature and wrong near $T_c$: it predicts order up to
# $T = 4$, 76 % too high, because it ignores the fluctuations that destroy order in two dimensions
# well before. {numref}`fig-ch11-exact` shows the exact curves.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The exact solution of the 2D Ising model. Left: Onsager's energy per site, eq. (onsager), from the ground state e = \u22122 to e \u2192 0 at high temperature, steepest (a logarithmically divergent specific heat) at $T_c$ (dashed). Right: Yang's spontaneous magnetisation, eq. (yang), vanishing at $T_c$ with the exponent 1/8 (an almost vertical drop), and the mean-field magnetisation m = tanh(4m/T) (dotted), which orders up to T = 4.", "name": "fig-ch11-exact"}} tags=["hide-input"]
T_axis = np.linspace(0.8, 4.2, 400)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.0, 3.0), layout="constrained")
ax1.plot(T_axis, I.exact_energy_per_site(T_axis), color=COLORS["blue"], label="Onsager")
ax2.plot(T_axis, I.spontaneous_magnetisation(T_axis), color=COLORS["blue"], label="Yang (exact)")
ax2.plot(T_axis, [mean_field_m(T) for T in T_axis], ":", color=COLORS["vermillion"], label="mean field")
for ax in (ax1, ax2):
    ax.axvline(TC, ls="--", color=COLORS["grey"], lw=1)
    ax.set_xlabel("temperature T")
    ax.legend(fontsize=8)
ax1.set_ylabel("energy per site e")
ax2.set_ylabel("magnetisation per site")
plt.show()

# %% [markdown]
# ## Monte Carlo: the Metropolis algorithm on a checkerboard
#
# For $L = 4$ the sum over $2^{16} = 65\,536$ states in {eq}`ising` is a fraction of a second
# ({func}`physml.ising.exact_small_lattice`); for $L = 32$ it has $2^{1024} \approx 2\times10^{308}$ terms. Monte Carlo
# replaces the sum by a Markov chain whose states are distributed as $p(s)$. The *Metropolis*
# update proposes to flip one spin and accepts with probability
# $\min\bigl(1, e^{-\Delta E/T}\bigr)$, where flipping $s_i$ changes the energy by
#
# $$
# \Delta E_i = 2 s_i h_i, \qquad h_i = \sum_{j \text{ neighbour of } i} s_j \in \{-4, -2, 0, 2, 4\}.
# $$ (deltae)
#
# :::{admonition} Derivation: detailed balance, and why a checkerboard is allowed
# :class: dropdown
# A chain with transition probabilities $W(s\to s')$ keeps $p$ stationary if
# $\sum_s p(s)W(s\to s') = p(s')$. A sufficient condition is *detailed balance*,
# $p(s)W(s\to s') = p(s')W(s'\to s)$: summing it over $s$ gives stationarity, since
# $\sum_s W(s'\to s) = 1$. For a single flip $s\to s'$ of a given site with $\Delta E = E(s') - E(s) > 0$:
# $W(s\to s') = e^{-\Delta E/T}$ and $W(s'\to s) = 1$ (times the probability of proposing that site,
# the same in both directions, so it cancels), so
# $p(s)\,e^{-\Delta E/T} = p(s')\cdot 1$ — exactly the Boltzmann ratio
# $p(s')/p(s) = e^{-\Delta E/T}$; the case $\Delta E \le 0$ is the same equation read backwards.
# **Checkerboard.** Colour the sites like a chessboard: every neighbour of a black site is white, so
# the $h_i$ of all black sites depend only on white spins. Flipping black spins one after another
# or all at once therefore gives the same result: a black half-sweep is a product of commuting
# single-spin updates, each of which preserves $p$, so it preserves $p$; the same for white. A sweep
# (black then white) preserves $p$ — it satisfies balance, though not detailed balance, which is all
# that stationarity needs. In code, a half-sweep is a few array operations on the whole lattice:
# $h = $ the sum of four `jnp.roll`s of the lattice, one comparison with uniform random numbers, one
# `where` masked to one colour.
# :::
#
# {func}`physml.ising.simulate` runs such sweeps for many temperatures at once (`jax.vmap` over the
# temperatures, the sweeps compiled into a `lax.scan`) and returns the energy and magnetisation per
# site after every sweep (one *sweep* = one update attempt per site, $N$ of them: a black and a white
# half-sweep). The acceptance probabilities $e^{-\Delta E/T}$ take only two values,
# $e^{-4/T}$ and $e^{-8/T}$; they are computed once and compared with 32-bit random integers, so no
# floating-point rounding enters an accept or reject decision and a chain is bit-for-bit the same on
# every CPU with this version of JAX (its random-bit generator is not promised to stay the same
# across versions or on GPUs). (The tests of {mod}`physml.ising` compare both
# samplers of this chapter with exact enumeration on $4\times4$ at several temperatures, with error
# bars from the autocorrelation time, and check that the same test rejects a sampler run at a 5 %
# different temperature.)
#
# Error bars of Monte Carlo averages are not the naive $\sigma/\sqrt{n}$: successive sweeps are correlated, and $n$
# correlated samples carry the information of only $n/(2\tau_\text{int})$ independent ones, with the
# *integrated autocorrelation time*
#
# $$
# \tau_\text{int} = \tfrac12 + \sum_{t=1}^{\infty}\rho(t), \qquad
# \rho(t) = \frac{\langle (x_s - \bar x)(x_{s+t} - \bar x)\rangle}{\langle (x_s - \bar x)^2\rangle},
# $$ (tauint)
#
# in sweeps. {func}`physml.ising.integrated_autocorrelation_time` cuts the sum at the smallest $M$
# with $M \ge 6\,\tau_\text{int}(M)$ (Sokal's automatic window {cite}`ch11-sokal1997monte`: past it
# the estimate of $\rho(t)$ is mostly noise, and each noisy term adds variance, so the variance of
# the sum grows as $M/n$; a factor between 4 and 10 is conventional), and {func}`physml.ising.correlated_mean` returns the
# error $\sigma\sqrt{2\tau_\text{int}/n}$ (the tests check both on a series with known $\tau_\text{int}$).
#
# Now a $32\times32$ lattice, where nothing can be enumerated, against Onsager and Yang. This is the
# run that the explorer below shows (2000 sweeps after 500 of thermalisation, at ten temperatures):

# %%
scan = figures.temperature_scan()
for T in (1.5, 2.0, 2.27, 2.5, 3.5):
    k = scan.index(T)
    print(f"T = {T:4}: e = {scan.energy[k]:.3f} ± {scan.energy_error[k]:.3f} (Onsager "
          f"{I.exact_energy_per_site(T):.3f}, 32 × 32 torus {I.exact_finite_energy_per_site(32, T):.3f}),  |m| = {scan.abs_m[k]:.3f} ± {scan.abs_m_error[k]:.1g} "
          f"(Yang {I.spontaneous_magnetisation(T):.2f}),  tau_int(|m|) ≈ {scan.tau_abs_m[k]:.0f} sweeps")

# %% [markdown]
# The energies agree to within about two error bars with the exact energy of the same $32\times32$
# torus, from Kaufman's finite-lattice partition function {cite}`ch11-kaufman1949crystal`
# ({func}`physml.ising.exact_finite_energy_per_site`, which the tests check against enumeration);
# it differs from Onsager's infinite lattice visibly only near $T_c$. *Below* $T_c$ the
# magnetisation agrees with Yang's. At and above $T_c$ the finite lattice is magnetised (at $T = 2.27$
# about 0.6 where Yang says 0). The *correlation length* $\xi$ — the distance over which spins are
# correlated — diverges at $T_c$ as $\xi \propto |T - T_c|^{-\nu}$, with $\nu = 1$ exactly in two
# dimensions (Onsager). Near $T_c$ the magnetisation of a region of size $\xi$ scales as
# $\xi^{-\beta/\nu}$ ($\beta = 1/8$ the magnetisation exponent), and on a torus of side $L$ the
# correlation length is capped at $\xi \approx L$, so at $T_c$ $\langle|m|\rangle$ decays only as
# $L^{-1/8}$ — a *finite-size rounding* of the transition (the next section prints
# $\langle|m|\rangle L^{1/8}$ at $T_c$ for three sizes: nearly constant). Above $T_c$, $|m|$ of a
# finite lattice is the root-mean-square magnetisation of $N/\xi^2$ nearly independent regions,
# $\langle m^2\rangle^{1/2} \propto N^{-1/2}$: small but not zero (0.06 at $T = 3.5$). The last column
# is the price of sampling near $T_c$.
#
# :::{admonition} Checkpoint
# :class: tip
# At $T = 2.27$ the run above has 2000 sweeps. How many effectively independent measurements of $|m|$
# is that, and roughly how large should the error bar of $|m|$ be if its standard deviation over the
# chain is 0.15?
#
# ```{dropdown} Answer
# $n/(2\tau_\text{int}) \approx 2000/(2\times 27) \approx 37$ independent samples, so the error is about
# $0.15/\sqrt{37} \approx 0.025$ — about seven times, $\sqrt{2\tau_\text{int}}$, the naive
# $0.15/\sqrt{2000} \approx 0.003$. (The printed error, 0.03, implies a standard deviation nearer 0.18.)
# ```
# :::
#
# ## Critical slowing down and the Wolff algorithm
#
# Near $T_c$ the spins are correlated over distances up to $L$, and a single-spin update changes
# a large domain only by diffusing its wall, one spin at a time. The autocorrelation time grows as
# $\tau \propto L^z$, with a *dynamic exponent* $z \approx 2.17$ for local Metropolis-type dynamics
# (for the slowest mode, the magnetisation; Nightingale and Blöte {cite}`ch11-nightingale1996dynamic`). Wolff's
# algorithm {cite}`ch11-wolff1989collective` (a one-cluster version of Swendsen and Wang's
# {cite}`ch11-swendsen1987nonuniversal`) flips whole correlated regions at once: pick a random seed
# spin; add each neighbour *with the same orientation* to the cluster with probability
# $p = 1 - e^{-2/T}$, testing each bond once; repeat from the new members until the cluster stops
# growing; flip it. No move is ever rejected.
#
# :::{admonition} Derivation: why $p = 1 - e^{-2/T}$ satisfies detailed balance
# :class: dropdown
# Let a cluster $C$ be built in $s$ and flipped to give $s'$. The probability of building exactly $C$
# is the probability of choosing its seed ($|C|/N$ summed over its sites: the same in both directions)
# times a product over bonds: $p$ for each bond inside $C$ that was activated and $(1-p)$ for each
# aligned bond inside $C$ that was not (the same factors in both directions, since flipping the whole
# cluster keeps its internal bonds aligned), times $(1-p)^{n}$ for the $n$ aligned bonds on the
# boundary of $C$ that were *not* activated. Only the boundary differs between the two directions. In $s$ the boundary of $C$
# has $n$ aligned and $m$ anti-aligned bonds; after the flip, in $s'$, these are $m$ aligned and $n$
# anti-aligned. So $W(s\to s')/W(s'\to s) = (1-p)^{n}/(1-p)^{m}$. The energy changes only on the
# boundary, $\Delta E = E(s') - E(s) = 2n - 2m$, so detailed balance requires
# $(1-p)^{n-m} = e^{-(2n-2m)/T}$, i.e. $1 - p = e^{-2/T}$.
# :::
#
# In {func}`physml.ising.simulate` (`algorithm="wolff"`) each bond's activation is drawn once for
# the whole lattice, and the cluster is grown as the connected component of the seed, one shell per
# step of a `lax.while_loop`. A cluster can be a single spin or the whole lattice, so a "sweep" must
# be defined: here one Wolff sweep is $n_c$ cluster flips, with $n_c = \mathrm{round}(L^2/\langle|C|\rangle)$
# fixed from the mean cluster size measured during thermalisation, so that a sweep flips about $L^2$
# spins, like a Metropolis sweep. We measure $\tau_\text{int}$ of $|m|$ at $T_c$ on three lattice
# sizes, with both algorithms, two independent chains each:

# %%
SIZES = (8, 16, 32)
tau, tau_err, seconds_per_sweep = {}, {}, {}
for L in SIZES:
    runs = {}
    for algorithm, n_sweeps, n_therm in (("metropolis", 6000, 1000), ("wolff", 300, 50)):
        first = I.simulate(L, np.array([TC]), n_sweeps, key=jax.random.key(L), algorithm=algorithm, n_therm=n_therm)
        start = time.perf_counter()                       # the second call is compiled already: time it
        second = I.simulate(L, np.array([TC]), n_sweeps, key=jax.random.key(1000 + L), algorithm=algorithm,
                            n_therm=n_therm)
        seconds_per_sweep[L, algorithm] = (time.perf_counter() - start) / (n_sweeps + n_therm)
        runs[algorithm] = (first, second)
        taus = [I.integrated_autocorrelation_time(np.abs(r.magnetisation[0])) for r in (first, second)]
        tau[L, algorithm] = np.mean(taus)                 # two independent chains
        tau_err[L, algorithm] = figures.tau_error(tau[L, algorithm], n_sweeps) / np.sqrt(2)
    metro, wolff = runs["metropolis"][0], runs["wolff"][0]
    e_tc = I.correlated_mean(np.concatenate([r.energy[0] for r in runs["metropolis"]]))
    abs_m_tc = np.abs(np.concatenate([r.magnetisation[0] for r in runs["metropolis"]])).mean()
    print(f"L = {L}: tau_int(|m|) = {tau[L, 'metropolis']:.1f} ± {tau_err[L, 'metropolis']:.1f} Metropolis sweeps, "
          f"{tau[L, 'wolff']:.1f} ± {tau_err[L, 'wolff']:.1f} Wolff sweeps ({wolff.clusters_per_sweep[0]} clusters "
          f"per sweep);  e(T_c) = {e_tc.mean:.3f} ± {e_tc.error:.3f} (exact on this torus "
          f"{I.exact_finite_energy_per_site(L, TC):.3f}),  <|m|> L^(1/8) = {abs_m_tc * L ** 0.125:.2f}")
log_L = np.log(SIZES)
(z_metropolis, log_a), cov = np.polyfit(
    log_L, np.log([tau[L, "metropolis"] for L in SIZES]), 1,
    w=[tau[L, "metropolis"] / tau_err[L, "metropolis"] for L in SIZES], cov="unscaled")
z_error = np.sqrt(cov[0, 0])
print(f"dynamic exponent from these three sizes (weighted fit of log tau): z = {z_metropolis:.1f} ± {z_error:.1f} "
      "(Metropolis)")

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Critical slowing down at $T_c$. Left: the magnetisation per site over 300 sweeps on the 32 \u00d7 32 lattice, Metropolis (blue) wanders slowly and rarely changes sign, Wolff (orange; a Wolff sweep is a fixed number of cluster flips, see the text) jumps between the two signs within a few sweeps. Middle: the integrated autocorrelation time of |m| against L on logarithmic axes, with error bars (Madras\u2013Sokal) and the weighted power-law fit for Metropolis (dashed); the Wolff times grow far more slowly. Right: computer time per effectively independent configuration, 2\u03c4 \u00d7 (time per sweep), measured on the machine that built this page (one chain, compilation excluded; the numbers depend on the machine and its load).", "name": "fig-ch11-slowing"}} tags=["hide-input"]
fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(9.5, 3.0), layout="constrained")
ax1.plot(metro.magnetisation[0, :300], color=COLORS["blue"], lw=1, label="Metropolis")
ax1.plot(wolff.magnetisation[0, :300], color=COLORS["orange"], lw=1, label="Wolff")
ax1.set(xlabel="sweep", ylabel="m at $T_c$, L = 32", ylim=(-1, 1))
ax1.legend(fontsize=8, loc="lower left", framealpha=1)
for algorithm, marker, color in (("metropolis", "o", "blue"), ("wolff", "s", "orange")):
    ax2.errorbar(SIZES, [tau[L, algorithm] for L in SIZES], [tau_err[L, algorithm] for L in SIZES], fmt=marker,
                 ms=4, color=COLORS[color], label=algorithm.capitalize())
    ax3.plot(SIZES, [2e3 * tau[L, algorithm] * seconds_per_sweep[L, algorithm] for L in SIZES], marker + "-",
             ms=4, color=COLORS[color], label=algorithm.capitalize())
ax2.plot(SIZES, np.exp(log_a) * np.array(SIZES, dtype=float) ** z_metropolis, "--", color=COLORS["grey"],
         label=f"$L^{{{z_metropolis:.1f}}}$")
ax2.set(ylabel=r"$\tau_\mathrm{int}(|m|)$ in sweeps")
ax3.set(ylabel="ms per independent configuration")
for ax in (ax2, ax3):
    ax.set(xscale="log", yscale="log", xlabel="lattice size L")
    ax.set_xticks(SIZES, [str(L) for L in SIZES])
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# The energies at $T_c$ agree to within about two error bars with the exact energies of the same
# tori, which approach Onsager's $-\sqrt2 \approx -1.414$ from below as $L$ grows: a finite-size
# correction, largest at $T_c$. The product $\langle|m|\rangle L^{1/8}$ at $T_c$ is nearly
# the same for the three sizes, the $L^{-1/8}$ decay of the last section. The Metropolis time grows
# steeply with $L$. Three sizes and short runs give a rough exponent with a wide error bar; the
# accepted value, $z = 2.17$ {cite}`ch11-nightingale1996dynamic`, comes from much larger lattices and
# longer runs, and small lattices also carry corrections to scaling that bend $\log\tau$ against
# $\log L$, so a fit to $L = 8$–32 is expected to come out low. The Wolff time in its own sweeps grows
# far more slowly, so the ratio of the two grows about as $L^{z}$. What a sweep *costs* depends on the
# implementation: a sequential Wolff code visits each flipped spin about once, as Metropolis does,
# while our vectorised cluster growth makes a pass over the whole lattice for every shell of the
# cluster, so here a Wolff sweep costs several Metropolis sweeps (right panel of
# {numref}`fig-ch11-slowing`, timed when this page was built). The net gain in computer time per
# independent configuration at $L = 32$ is therefore much smaller than the ratio of the $\tau$'s, but
# it grows with $L$ (exercise 2 times it at a temperature where the clusters do not pay). At
# $T_c$ the mean cluster covers about half the lattice for all three sizes, so a Wolff sweep is two
# clusters (printed).
#
# ## Unsupervised: the first principal component is the magnetisation
#
# From now on the data are *configurations*: at each of three sizes, 25 temperatures from 1.0 to 3.8
# (dense near $T_c$), 100 configurations each, saved every 10 Metropolis sweeps. Nothing else —
# no energies, no labels — goes into the analysis.

# %%
T_low, T_high = np.array([1.0, 1.2, 1.4]), np.array([3.4, 3.6, 3.8])
T_grid = np.round(np.concatenate([T_low, np.arange(1.9, 2.81, 0.05), T_high]), 2)
data = {L: I.simulate(L, T_grid, 1000, key=jax.random.key(100 + L), n_therm=500, save_every=10)
        for L in SIZES}
print(f"{len(T_grid)} temperatures, configurations of shape {data[16].configurations.shape} at L = 16")

# %% [markdown]
# Principal component analysis {cite}`ch11-wang2016discovering` looks for the directions in the
# $N$-dimensional space of configurations along which the data vary most: the leading eigenvectors of
# their covariance matrix, obtained from the singular value decomposition of the centred data
# ({func}`physml.ising.principal_components`). We feed it all $2500$ configurations of $L = 16$ at once:

# %%
L = 16
X = data[L].configurations.reshape(-1, L, L)
pca = I.principal_components(X, n_components=2)
w1 = pca.components[0]
print(f"explained variance: first component {pca.explained_variance_ratio[0]:.0%}, "
      f"second {pca.explained_variance_ratio[1]:.1%}")
print(f"first component: entries {w1.mean():.4f} ± {w1.std():.4f}  (uniform vector 1/L = {1 / L:.4f}); "
      f"overlap with it {abs(w1.sum()) / L:.3f}")
m_X = I.magnetisation(X)
slope, intercept = np.polyfit(m_X, pca.projections[:, 0], 1)
print(f"projection on it = {slope:.1f} × (m - {-intercept / slope:.2f})  (L = {L}; mean magnetisation of the "
      f"data {m_X.mean():.2f})")
print(f"fraction predicted from Var(m): N Var(m) / sum_i Var(s_i) = "
      f"{L**2 * m_X.var() / X.reshape(len(X), -1).var(axis=0).sum():.0%}")

# %% [markdown]
# One direction carries almost 40 per cent of all the variance, the next one about two per cent. Its
# entries are all equal: it is the uniform vector $w = (1, \dots, 1)/\sqrt N$. PCA projects the
# *centred* data, so the projection of a configuration is
# $w\cdot(s - \bar s) = \sqrt N\,(m - \bar m) = L\,(m - \bar m)$, the magnetisation shifted by its
# mean over the data set, $\bar m$ (not zero: the chains start from all spins up, and below
# $T \approx 1.9$ none of them reaches the down state). PCA has found the order parameter without
# being told what it is. {numref}`fig-ch11-pca` shows the data in the plane of the two leading
# components.
#
# :::{admonition} Derivation: why the first component is uniform
# :class: dropdown
# On a torus the data's covariance $C_{ij} = \langle s_is_j\rangle - \langle s_i\rangle\langle s_j\rangle$
# depends only on the separation $i - j$ (translation invariance, up to noise), so its eigenvectors are
# the Fourier modes $e^{i q\cdot r}/\sqrt N$. The $q = 0$ mode is the uniform vector, and its eigenvalue
# is $w^\top C w = \frac1N\sum_{ij}C_{ij} = N\,\mathrm{Var}(m)$. The data mix $m \approx \pm1$ with
# $m \approx 0$, so $\mathrm{Var}(m)$ is large and this eigenvalue wins. The fraction of the variance it
# explains is $N\mathrm{Var}(m)/\sum_i\mathrm{Var}(s_i)$, printed above from the magnetisations alone:
# it equals the explained variance of the first component. The second component belongs to the
# longest-wavelength modes $|q| = 2\pi/L$ (four of them, degenerate up to noise; SVD picks one
# combination): the domain walls of the critical region.
# :::
#
# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "PCA of 2500 configurations of the 16 \u00d7 16 lattice at 25 temperatures. Left: the configurations projected on the first two principal components, coloured by temperature: two ordered clouds at L(\u00b11 \u2212 m\u0304) (m = \u00b11; m\u0304 is the data's mean magnetisation, since PCA centres the data) and a disordered blob at \u2212Lm\u0304, joined through the critical region; the second component is a long-wavelength mode. Middle: the first component as a 16 \u00d7 16 image, uniform to within its noise. Right: the projection on the first component against the magnetisation; every point lies on the line L(m \u2212 m\u0304) (dashed).", "name": "fig-ch11-pca"}} tags=["hide-input"]
T_of_X = np.repeat(T_grid, data[L].configurations.shape[1])
fig, axes = plt.subplots(1, 3, figsize=(9.0, 2.9), layout="constrained")
sc = axes[0].scatter(pca.projections[:, 0], pca.projections[:, 1], c=T_of_X, s=3, cmap="coolwarm")
fig.colorbar(sc, ax=axes[0], label="T")
axes[0].set(xlabel="first component", ylabel="second component")
im = axes[1].imshow(w1.reshape(L, L) * L, cmap="coolwarm", vmin=0.5, vmax=1.5)
fig.colorbar(im, ax=axes[1], label="L × entry")
axes[1].set(xticks=[], yticks=[], title="first component")
axes[2].plot(I.magnetisation(X), pca.projections[:, 0], ".", ms=2, color=COLORS["blue"])
axes[2].plot([-1, 1], L * (np.array([-1, 1]) - m_X.mean()), "--", color=COLORS["grey"], lw=1)
axes[2].set(xlabel="magnetisation m", ylabel="projection")
plt.show()

# %% [markdown]
# ## Supervised: a classifier trained far from $T_c$
#
# Now suppose we know only that the system is ordered at the lowest temperatures and disordered at
# the highest ones. Following Carrasquilla and Melko {cite}`ch11-carrasquilla2017machine` we train a
# network with one hidden layer of 16 tanh units on the raw spins,
# $P(\text{ordered}\mid s) = \sigma\bigl(v\cdot\tanh(Ws + b) + c\bigr)$ with the logistic function
# $\sigma(z) = 1/(1 + e^{-z})$, trained with the logistic (binary cross-entropy) loss, Adam and a small
# weight penalty, on configurations at $T \le 1.4$ (label 1) and
# $T \ge 3.4$ (label 0) only ({func}`physml.ising.fit_phase_classifier`). One thing must be added by
# hand: our chains start from all spins up and never reach the down state at low temperature, so every
# ordered training example has $m > 0$, and "$m > 0$" would separate the training sets perfectly: a
# network trained on them has no reason to learn "ordered" rather than "magnetised upwards". The Hamiltonian is symmetric under $s \to -s$, so we add every training configuration's
# mirror image with the same label (data augmentation by a symmetry). Then we apply the network at
# every temperature and average its output:

# %%
train = np.isin(T_grid, np.concatenate([T_low, T_high]))
N_NETS = 4
classifiers, P = {}, {}
for L in SIZES:
    configs = data[L].configurations
    classifiers[L], P[L] = [], []
    for k in range(N_NETS):                                          # 4 disjoint training sets
        x = configs[train, k::N_NETS].reshape(-1, L, L)              # 25 per training temperature
        y = np.repeat((T_grid[train] < TC).astype(float), x.shape[0] // train.sum())
        x, y = np.concatenate([x, -x]), np.concatenate([y, y])       # and their mirror images s -> -s
        net = I.fit_phase_classifier(x, y, key=jax.random.key(10 * L + k), hidden=16, n_steps=200, l2=1e-3)
        classifiers[L].append(net)
        P[L].append(net.probability(configs))                        # (temperatures, configurations)
    P[L] = np.array(P[L])                                            # (networks, temperatures, configurations)
    print(f"L = {L}: {N_NETS} networks on {len(x)} training configurations each, final training loss "
          f"{np.mean([net.losses[-1] for net in classifiers[L]]):.2f}")

# %% [markdown]
# The crossing temperature $T^\ast(L)$, where the mean output passes $\tfrac12$, is found by linear
# interpolation ({func}`physml.ising.crossing_temperature`). Two things make it uncertain. The test
# data: we split each temperature's 100 configurations (saved every 10 sweeps; at $L = 32$ near $T_c$,
# where $\tau_\text{int} \approx 30$ sweeps, they are only about 15 independent ones) into 5
# consecutive blocks of 20 (200 sweeps, several autocorrelation times) and use the jackknife:
# recompute the crossing $\theta_i$ with block $i$ left out, and estimate the standard error by
# $\sigma_\text{JK}^2 = \frac{n-1}{n}\sum_{i=1}^{n}(\theta_i - \bar\theta)^2$, $n = 5$.
# And the training: each of the four networks saw different configurations and started from
# different weights, and their crossings scatter; the standard error of their mean is their standard
# deviation over $\sqrt4$. The two are added in quadrature. Both are rough (5 blocks, 4 networks: an
# error bar uncertain by a third or more), and neither covers a change of the network's architecture
# or weight penalty, which we did not vary.


# %%
def crossing_with_error(p, n_blocks=5):
    """Crossing of the networks' mean output at 1/2; its error from the test data (jackknife over
    consecutive blocks) and from the training (scatter of the networks' crossings), in quadrature."""
    mean_p = p.mean(axis=0)
    blocks = np.array_split(np.arange(mean_p.shape[1]), n_blocks)
    leave_out = np.array([I.crossing_temperature(T_grid, np.delete(mean_p, b, axis=1).mean(axis=1)) for b in blocks])
    test_error = np.sqrt((n_blocks - 1) / n_blocks * np.sum((leave_out - leave_out.mean()) ** 2))
    each = np.array([I.crossing_temperature(T_grid, p_k.mean(axis=1)) for p_k in p])
    train_error = each.std(ddof=1) / np.sqrt(len(p))
    return I.crossing_temperature(T_grid, mean_p.mean(axis=1)), np.hypot(test_error, train_error), train_error


crossing = {L: crossing_with_error(P[L]) for L in SIZES}
for L in SIZES:
    print(f"L = {L}: T*(L) = {crossing[L][0]:.2f} ± {crossing[L][1]:.2f}  (of which training: ± {crossing[L][2]:.2f})")
fit = I.extrapolate_critical_temperature(np.array(SIZES, dtype=float), [crossing[L][0] for L in SIZES],
                                         [crossing[L][1] for L in SIZES])
chi2 = sum(((crossing[L][0] - fit(L)) / crossing[L][1]) ** 2 for L in SIZES)
print(f"T*(L) = T_c + a/L:  T_c = {fit.critical_temperature:.2f} ± {fit.error:.2f},  a = {fit.amplitude:.0f},  "
      f"chi2 = {chi2:.1f} for 1 degree of freedom;  exact {TC:.3f}, "
      f"{abs(fit.critical_temperature - TC) / fit.error:.1f} sigma away")

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Left: the classifier's mean output P(ordered) against temperature for L = 8, 16, 32 (trained only in the shaded windows), with the exact $T_c$ (dashed). The step sharpens with L and its crossing of 1/2 (dotted) moves towards $T_c$ from above; the wiggles of the L = 32 curve are noise (about 15 independent configurations per temperature). Right: the crossings T*(L) with their jackknife error bars against 1/L, the fit T_c + a/L (blue) and its extrapolation to 1/L = 0, against the exact $T_c$ (dashed).", "name": "fig-ch11-classifier"}} tags=["hide-input"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.0, 3.0), layout="constrained")
for L, color in zip(SIZES, ("orange", "green", "blue")):
    ax1.plot(T_grid, P[L].mean(axis=(0, 2)), "o-", ms=3, color=COLORS[color], label=f"L = {L}")
for lo, hi in ((0.95, 1.45), (3.35, 3.85)):
    ax1.axvspan(lo, hi, color=COLORS["grey"], alpha=0.15)
ax1.axvline(TC, ls="--", color=COLORS["grey"], lw=1)
ax1.axhline(0.5, ls=":", color=COLORS["grey"], lw=1)
ax1.set(xlabel="temperature T", ylabel="mean P(ordered)")
ax1.legend(fontsize=8)
inv_L = 1 / np.array(SIZES, dtype=float)
ax2.errorbar(inv_L, [crossing[L][0] for L in SIZES], [crossing[L][1] for L in SIZES], fmt="o",
             color=COLORS["blue"], label="crossings T*(L)")
x_line = np.linspace(0, inv_L.max() * 1.05, 50)
ax2.plot(x_line, fit.critical_temperature + fit.amplitude * x_line, color=COLORS["blue"], lw=1, label="T_c + a/L")
ax2.axhline(TC, ls="--", color=COLORS["grey"], lw=1, label="exact $T_c$")
ax2.set(xlabel="1/L", ylabel="crossing temperature")
ax2.legend(fontsize=8)
plt.show()

# %% [markdown]
# The network, shown nothing between 1.4 and 3.4, puts the transition 5–15 per cent *above* $T_c$
# (printed crossings), and its step sharpens as $L$ grows, as a phase transition should. The crossings
# move towards $T_c$ from above. Finite-size scaling suggests how: the correlation length
# $\xi \propto |T - T_c|^{-\nu}$ is capped at $\xi \approx L$, so a size-$L$ estimate of $T_c$ sits
# where $|T^\ast - T_c|^{-\nu} \approx L$, i.e. $|T^\ast - T_c| \propto L^{-1/\nu} = 1/L$. The fit
# of $T_c + a/L$ prints its $\chi^2$ (for one degree of freedom, values above about 4 would reject
# the form at 95 %) and how many of its error bars it lies from the exact $T_c$. That error bar is
# wide — the crossings are far from $T_c$ and the extrapolation is a long lever arm — and it contains
# only the statistical errors of the crossings. It does not contain the error of the *form*
# $T_c + a/L$, which is an assumption, nor of the network's settings: a small $\chi^2$ with one degree
# of freedom says little, because three sizes cannot test the form. Agreement with the exact $T_c$
# here does not validate the method. The next section opens the network and finds out how good an assumption it is.
#
# :::{admonition} Checkpoint
# :class: tip
# Before reading on: the network was trained on configurations at $T\le1.4$ ($|m|\approx 1$) and
# $T\ge3.4$ ($|m|\approx 0$). What is the simplest rule that separates these two sets, and what would
# that rule predict for a configuration at $T_c$ on a very large lattice?
#
# ```{dropdown} Answer
# A threshold on $|m|$ somewhere between the two clusters: "ordered if $|m| > m_\text{th}$". At $T_c$
# on an $L\times L$ lattice, $\langle|m|\rangle \propto L^{-1/8}$, which goes to zero, but so slowly
# ($\approx 0.6$ at $L = 32$) that for all the sizes used here it is far above any threshold in the
# middle of the gap: such a rule calls the critical point "ordered", and the crossing sits above
# $T_c$. With a threshold of 0.3, $0.6\,(L/32)^{-1/8}$ reaches it only at $L \approx 32\times(0.6/0.3)^8
# \approx 8000$.
# ```
# :::
#
# ## What the network learned
#
# Two measurements. The hidden units' weight vectors $W_k$ (each an $L\times L$ image): how well does
# each align with the uniform vector, i.e. with the magnetisation? And is the output a function of
# $|m|$ alone?

# %%
for L in SIZES:
    W = classifiers[L][0].hidden_weights.reshape(16, -1)
    cosine = np.abs(W.sum(axis=1)) / (np.linalg.norm(W, axis=1) * L)
    print(f"L = {L}: |cos(W_k, uniform)| over the 16 hidden units: median {np.median(cosine):.1f}, "
          f"largest {cosine.max():.1f}  (random vectors: about {1 / L:.2f})")
L = 32
abs_m = np.abs(I.magnetisation(data[L].configurations)).ravel()
p_flat = P[L][0].ravel()
bins = np.array_split(np.argsort(abs_m), 50)                         # 50 bins of equal counts in |m|
spread = np.array([p_flat[b].std() for b in bins])
p_bin = np.array([p_flat[b].mean() for b in bins])
step = (p_bin > 0.1) & (p_bin < 0.9)
threshold = I.crossing_temperature([abs_m[b].mean() for b in bins], p_bin)
print(f"L = 32: spread of P at fixed |m| (50 bins of equal counts): {spread.mean():.2f} on average, "
      f"{spread[step].mean():.2f} in the {step.sum()} bins of the step (0.1 < P < 0.9);  P = 1/2 at |m| ≈ {threshold:.1f}")
print(f"P(ordered) on the plateaus: {p_bin[-5:].mean():.2f} at large |m|, {p_bin[:5].mean():.2f} at small |m|")

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Inside the L = 32 network. Left: the weights of the two hidden units best aligned with the uniform vector, as 32 \u00d7 32 images: noisy, but of one sign almost everywhere (|cos| \u2248 0.9), i.e. they read the magnetisation. Right: the output of the first of the four networks for all 2500 configurations (150 of which it was trained on) against their |m|, coloured by temperature: one curve, a smoothed step at |m| \u2248 0.3, whatever the temperature. The network is a threshold on the magnetisation.", "name": "fig-ch11-inside"}} tags=["hide-input"]
W = classifiers[32][0].hidden_weights
cosine = np.abs(W.reshape(16, -1).sum(axis=1)) / (np.linalg.norm(W.reshape(16, -1), axis=1) * 32)
fig, axes = plt.subplots(1, 3, figsize=(9.0, 2.9), layout="constrained", width_ratios=(1, 1, 1.6))
for ax, k in zip(axes[:2], np.argsort(cosine)[::-1][:2]):
    lim = np.abs(W[k]).max()
    ax.imshow(W[k], cmap="coolwarm", vmin=-lim, vmax=lim)
    ax.set(xticks=[], yticks=[], title=f"unit {k}, |cos| {cosine[k]:.2f}")
sc = axes[2].scatter(abs_m, p_flat, c=np.repeat(T_grid, P[32].shape[2]), s=3, cmap="coolwarm")
fig.colorbar(sc, ax=axes[2], label="T")
axes[2].set(xlabel="|m|", ylabel="P(ordered)")
plt.show()

# %% [markdown]
# Here $|\cos(W_k, \text{uniform})| = |\sum_i W_{ki}|/(\|W_k\|\sqrt N)$; for a vector of $N$ random
# signs the sum is of order $\sqrt N$, so the cosine is of order $1/\sqrt N = 1/L$. The hidden weights
# are far from random: at $L = 32$ the typical hidden unit is strongly aligned with the uniform vector
# ($|\cos| \approx 0.9$, where a random vector gives 0.03), i.e. it reads the magnetisation (at $L = 8$
# the alignment is weaker). And the output is, to a good approximation, a single function of $|m|$ —
# the points of all temperatures fall on one curve, a step at $|m| \approx 0.3$; in the step itself,
# configurations with the same $|m|$ scatter more (printed), the part of the output that depends on
# more than $|m|$. The plateaus are not exactly 0 and 1 (printed): the weight penalty and 200 training
# steps keep the output soft. The network has learned the order parameter and a threshold on it.
# That is exactly why it worked, and also why its crossing extrapolates as $T_c + a/L$ only
# approximately: the crossing is the temperature where $\langle|m|\rangle$ of size $L$ equals a
# *fixed* threshold, and finite-size scaling says $\langle|m|\rangle = L^{-1/8} g\bigl((T - T_c)L\bigr)$,
# with $g$ a universal function of $(T - T_c)L^{1/\nu} \approx \pm(L/\xi)^{1/\nu}$ ($\nu = 1$).
# A fixed threshold corresponds to a value of $g$ that drifts as $L^{1/8}$, so $T^\ast(L) - T_c$ is
# not a fixed multiple of $1/L$: it contains a slowly varying factor that three sizes from 8 to 32
# cannot separate from $a/L$, a systematic error that the fit's error bar does not include. In the
# infinite system the threshold rule puts the transition where Yang's
# $m_0(T)$ equals the threshold:

# %%
m_threshold = round(threshold, 1)
T_star_infinite = scipy.optimize.brentq(lambda T: I.spontaneous_magnetisation(T) - m_threshold, 1.5, TC - 1e-9)
print(f"m0(T) = {m_threshold} at T = {T_star_infinite:.4f}: the L -> infinity limit of a threshold at "
      f"|m| = {m_threshold} (T_c = {TC:.4f}; T_c - T = {TC - T_star_infinite:.0e})")

# %% [markdown]
# In the limit the classifier is right to within $10^{-4}$ of $T_c$, because Yang's $m_0$ drops almost
# vertically at $T_c$ (exponent 1/8: $1 - \sinh^{-4}2K \approx 2.2\,(T_c - T)$, so $m_0 = 0.3$ at
# $T_c - T \approx 0.3^8/2.2$). The approach to that limit is what is slow. (And the threshold 0.3 was
# read off the $L = 32$ network only: each size has its own networks and its own plateaus, so "$P = 1/2$"
# is a slightly different threshold at each $L$, a second reason why $a/L$ is only approximate.) Carrasquilla and Melko avoided
# the issue by training on all temperatures with labels set by the known $T_c$; a method that must
# *find* $T_c$ needs an estimator whose finite-size form is known — the same physics that gave us
# $\nu$ and $\beta$.
#
# ### An estimator that works: curves that cross at $T_c$
#
# Finite-size scaling says more than "off by $L^{-1/\nu}$": near $T_c$ a dimensionless quantity
# depends on $T$ and $L$ only through $L/\xi$, i.e. through $(T - T_c)L^{1/\nu}$. The *Binder
# cumulant* {cite}`ch11-binder1981finite`
#
# $$
# U_L(T) = 1 - \frac{\langle m^4\rangle}{3\langle m^2\rangle^2}
# $$ (binder)
#
# is such a quantity: it goes to $\tfrac23$ in the ordered phase ($m = \pm m_0$) and to 0 in the
# disordered one ($m$ Gaussian, $\langle m^4\rangle = 3\langle m^2\rangle^2$; exercise 4), and at
# $T = T_c$ it takes the same value $U^\ast$ for every large $L$. So the curves $U_L(T)$ of two sizes
# *cross* at $T_c$, with no exponent and no extrapolation form assumed (corrections to scaling move
# the crossing of $L$ and $2L$ by terms that vanish faster than $1/L$). The same holds for
# $\langle|m|\rangle L^{\beta/\nu}$, which needs the exponent ratio $\beta/\nu = 1/8$ of the 2D
# Ising class (here $\beta$ is the magnetisation exponent, not $1/T$). We compute both from the
# magnetisation of every sweep of the chains that produced `data` (1000 sweeps per temperature),
# with jackknife errors over 5 blocks of 200 sweeps (about 5–10 $\tau_\text{int}$ at $L = 32$ near
# $T_c$, so the blocks are nearly independent; with 5 blocks the error bar is itself uncertain by about
# a third):

# %%
near = (T_grid >= 2.0) & (T_grid <= 2.6)


def binder(m):
    """Binder cumulant 1 - <m^4> / (3 <m^2>^2) along the last axis (sweeps)."""
    return 1 - (m**4).mean(axis=-1) / (3 * (m**2).mean(axis=-1) ** 2)


def scaled_abs_m(m, L):
    """<|m|> L^(1/8), scale invariant at T_c if beta/nu = 1/8."""
    return np.abs(m).mean(axis=-1) * L ** 0.125


def crossing_of(quantity, L_small, L_large, n_blocks=5):
    """Where quantity(size L_small) = quantity(size L_large), and its jackknife error over blocks of sweeps."""
    m_small, m_large = data[L_small].magnetisation[near], data[L_large].magnetisation[near]

    def cross(keep):
        return I.crossing_temperature(T_grid[near], quantity(m_small[:, keep], L_small)
                                      - quantity(m_large[:, keep], L_large), level=0.0)

    sweeps = np.arange(m_small.shape[1])
    leave_out = np.array([cross(np.delete(sweeps, b)) for b in np.array_split(sweeps, n_blocks)])
    return cross(sweeps), np.sqrt((n_blocks - 1) / n_blocks * np.sum((leave_out - leave_out.mean()) ** 2))


estimates = {}
for name, quantity in (("Binder cumulant U_L", lambda m, L: binder(m)), ("<|m|> L^(1/8)", scaled_abs_m)):
    for pair in ((8, 16), (16, 32)):
        estimates[name, pair] = crossing_of(quantity, *pair)
        T_x, err = estimates[name, pair]
        print(f"{name:20s} L = {pair[0]:2d} and {pair[1]}: cross at T = {T_x:.2f} ± {err:.2f}  "
              f"({abs(T_x - TC) / err:.1f} sigma from the exact {TC:.3f})")
T_binder, err_binder = estimates["Binder cumulant U_L", (16, 32)]
print(f"T_c from the Binder crossing of the two largest sizes: {T_binder:.2f} ± {err_binder:.2f}  "
      f"(exact {TC:.3f});  the classifier's extrapolation: {fit.critical_temperature:.2f} ± {fit.error:.2f}")

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Two estimators of $T_c$ that need no extrapolation, from the same Monte Carlo data as the classifier. Left: the Binder cumulant U_L(T) of eq. (binder) for L = 8, 16, 32; it falls from 2/3 (ordered) towards 0 (disordered), more steeply the larger L, and the curves cross near the exact $T_c$ (dashed). Right: \u27e8|m|\u27e9 L^{1/8}, which uses the exponent ratio \u03b2/\u03bd = 1/8; its curves cross at $T_c$ too. Away from $T_c$ the points are noisy (1000 correlated sweeps per temperature).", "name": "fig-ch11-binder"}} tags=["hide-input"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.0, 3.0), layout="constrained")
for L, color in zip(SIZES, ("orange", "green", "blue")):
    ax1.plot(T_grid[near], binder(data[L].magnetisation[near]), "o-", ms=3, color=COLORS[color], label=f"L = {L}")
    ax2.plot(T_grid[near], scaled_abs_m(data[L].magnetisation[near], L), "o-", ms=3, color=COLORS[color],
             label=f"L = {L}")
for ax in (ax1, ax2):
    ax.axvline(TC, ls="--", color=COLORS["grey"], lw=1)
    ax.set_xlabel("temperature T")
    ax.legend(fontsize=8)
ax1.set_ylabel("Binder cumulant $U_L$")
ax2.set_ylabel(r"$\langle|m|\rangle\, L^{1/8}$")
plt.show()

# %% [markdown]
# With the same data that gave the classifier's biased crossings, the Binder curves of $L = 16$ and 32
# cross within their error bar of the exact $T_c$ (the printed deviation is in units of that error),
# and so do the curves of $\langle|m|\rangle L^{1/8}$. The $8/16$ Binder crossing is the least
# precise (the curves of small lattices cross at a shallow angle) and can carry a correction to
# scaling of the smallest size. This is what an extrapolated $T_c$ with an honest error bar looks like:
# a statistic whose finite-size form is known, not a threshold chosen by a network.
#
# ## Explore: the temperature scan
#
# {numref}`fig-ch11-explorer` is the $32\times32$ scan used above. Choose a temperature and see a
# configuration from the chain, and where its $|m|$ and energy sit against Yang's and Onsager's
# curves. Before you move the slider: at which temperature do you expect the snapshot to show domains
# of all sizes, and where does the measured $|m|$ part from Yang's curve, on which side of $T_c$?

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The explorer of chapter 11: checkerboard Metropolis on a 32 \u00d7 32 lattice at ten temperatures (slider). Left: the last configuration of the chain (blue +1, yellow \u22121). Middle: |m| per site against temperature, Monte Carlo (markers) and Yang's exact spontaneous magnetisation (line), $T_c$ dashed, the chosen temperature in red. Right: the energy per site against Onsager's exact curve.", "name": "fig-ch11-explorer"}} tags=["hide-input"]
explorer = figures.temperature()
explorer.static()

# %% tags=["remove-output"]
explorer.live()

# %% [markdown]
# At $T = 2.27$ the configuration has domains on every scale up to the lattice size — the snapshot of
# a critical point — and the measured $|m| \approx 0.6$ sits far above Yang's zero: the finite-size
# rounding above. Below $T_c$ the two agree; above, $|m|$ of the finite lattice decays towards its
# root-mean-square magnetisation $\langle m^2\rangle^{1/2} \propto N^{-1/2}$ rather than vanishing.
#
# ## The honest limits
#
# The classifier has learned the magnetisation of a ferromagnet. A system it never saw tests what
# that means: the *antiferromagnet*, $J = -1$. At low temperature neighbouring spins are
# *anti*-parallel, and the ordered state is a checkerboard with $m = 0$ and staggered magnetisation
# $m_s = \frac1N\sum_i (-1)^{x_i+y_i}s_i = \pm1$. On the square lattice it has exactly the same
# thermodynamics (flipping every other spin maps one model onto the other; on a torus this needs $L$
# even, so that the checkerboard fits, and zero magnetic field), so it orders below the same $T_c$. We sample it with the same code at the same temperatures and show it to the $L = 8$
# classifier:

# %%
af = I.simulate(8, T_grid, 1000, key=jax.random.key(7), n_therm=500, save_every=10, coupling=-1.0)
p_af = np.mean([net.probability(af.configurations).mean(axis=1) for net in classifiers[8]], axis=0)
m_s = np.abs(I.staggered_magnetisation(af.configurations)).mean(axis=1)
for T in (1.0, 1.4, 2.0, 2.5, 3.4):
    k = np.argmin(np.abs(T_grid - T))
    print(f"antiferromagnet, T = {T}: |m_s| = {m_s[k]:.2f},  classifier P(ordered) = {p_af[k]:.2f}"
          f"  (ferromagnet at this T: {P[8][:, k].mean():.2f})")

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The L = 8 classifier, trained on the ferromagnet, shown the antiferromagnet (J = \u22121) on the same lattice. Its order parameter, the staggered magnetisation |m_s| (black), decreases through $T_c$ (dashed) as the ferromagnet's |m| does (printed above; L = 8 rounds the transition strongly); the classifier's output for it (blue, 0.08\u20130.13) says disordered at every temperature, while for the ferromagnet (orange) it steps down near $T_c$.", "name": "fig-ch11-limits"}} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(5.0, 3.0), layout="constrained")
ax.plot(T_grid, m_s, "o-", ms=3, color="black", label="antiferromagnet |m_s|")
ax.plot(T_grid, p_af, "s-", ms=3, color=COLORS["blue"], label="classifier on the antiferromagnet")
ax.plot(T_grid, P[8].mean(axis=(0, 2)), "^-", ms=3, color=COLORS["orange"], label="classifier on the ferromagnet")
ax.axvline(TC, ls="--", color=COLORS["grey"], lw=1)
ax.set(xlabel="temperature T", ylabel="|m_s|  /  P(ordered), L = 8", ylim=(-0.05, 1.05))
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# The antiferromagnet is ordered at every temperature below $T_c$ ($|m_s| \approx 1$ at $T = 1$), and
# the network says "disordered" everywhere ($P \approx 0.1$, what it gives the ferromagnet at
# $T = 3.4$): it recognises a uniform magnetisation, not order. A
# classifier trained on labelled phases detects the features that distinguished its training phases,
# and nothing more; it has no way to say that it is outside its domain. (Practice 11 shows the other
# side, not shown on this page: on the *triangular* lattice, whose order parameter is again the
# magnetisation, such a classifier finds that lattice's own transition, $T_c = 4/\ln 3 \approx 3.641$:
# what transfers is the order parameter, not the phase diagram.) In summary, measured here:
#
# - a classifier trained on one model's ordered phase recognises that order parameter and misses any
#   other kind of order (the antiferromagnet, $P \approx 0.1$ where $|m_s| \approx 1$);
# - the $0.5$-crossing of a network trained far from $T_c$ is a threshold on $|m|$, whose finite-size
#   drift is not exactly $a/L$: the extrapolation carries a systematic error its error bar omits,
#   while the Binder crossing of the same data lands within its error bar of $T_c$;
# - the error bars of the crossings cover the test data and the scatter of four networks with the
#   same settings. (Not measured here: a different weight penalty or architecture would move the
#   threshold, and with it every crossing — a systematic error to test before trusting such a result.)
# - the labels still came from somewhere: someone had to know that the coldest and hottest
#   configurations are in different phases. PCA needed no labels, but it found the magnetisation only
#   because the order parameter is linear in the spins; for an order parameter that is not (a
#   topological one, say) its first component would say nothing.
#
# ## What to remember
#
# - The 2D Ising model orders below $T_c = 2/\ln(1+\sqrt2) \approx 2.269$ (Kramers–Wannier duality);
#   Onsager's energy and Yang's $m_0 = (1 - \sinh^{-4}2K)^{1/8}$ with $K = 1/T$ (magnetisation
#   exponent $1/8$) are exact references for any sampler. Mean-field theory puts the transition at $T = 4$.
# - Metropolis satisfies detailed balance with acceptance $\min(1, e^{-\Delta E/T})$,
#   $\Delta E = 2s_ih_i$; a checkerboard update keeps $p$ stationary and vectorises. Error bars of
#   correlated samples need $\tau_\text{int}$: $\sigma\sqrt{2\tau_\text{int}/n}$. Near $T_c$ local
#   dynamics slow down as $\tau\propto L^z$ ($z = 2.17$; our three small sizes give a lower value with
#   a wide error bar); Wolff's clusters ($p = 1 - e^{-2/T}$) keep $\tau$ near one to two sweeps, but
#   whether that saves computer time depends on the cost of a sweep — measure it.
# - Finite lattices round the transition: $\langle|m|\rangle\propto L^{-1/8}$ at $T_c$, not 0.
# - PCA of raw configurations finds the magnetisation: the first component is the uniform vector and
#   the projection is $\sqrt N\,(m - \bar m)$, the centred magnetisation.
# - A classifier trained far from $T_c$ (with the $s\to-s$ symmetry added to its data) locates the
#   transition 5–15 per cent above $T_c$ at $L = 32$–8 and learns a threshold on $|m|$; its crossings
#   extrapolate to $T_c$ only as well as the assumed form $a/L$ holds, and it calls an antiferromagnet
#   disordered. It learns the training data's features, not "phases".
# - Crossings of scale-invariant quantities (the Binder cumulant, or $\langle|m|\rangle L^{\beta/\nu}$)
#   between two sizes locate $T_c$ without an extrapolation form: here within about 1 % and within
#   their error bars.
#
# ## Exercises
#
# 1. **The acceptance table.** List the possible values of $\Delta E$ for a spin flip on the square
#    lattice and the Metropolis acceptance probabilities at $T_c$. Why does the checkerboard update
#    fail on a $2\times2$ torus (hint: what happens to a spin with $h_i = 0$)?
#
#    ```{dropdown} Answer
#    $\Delta E = 2s_ih_i \in \{-8, -4, 0, 4, 8\}$; accepted with probability 1 for $\Delta E \le 0$,
#    $e^{-4/T_c} \approx 0.171$ and $e^{-8/T_c} \approx 0.029$. A spin with $h_i = 0$ always flips.
#    On a $2\times2$ torus each site's neighbours are the two sites of the other colour, each counted
#    twice, so $h_i \in\{-4, 0, 4\}$ and many moves are deterministic: the sweep's transition matrix
#    has several eigenvalues equal to 1 in modulus and the chain is not ergodic (an eigenvalue $-1$
#    means a periodic chain, a second eigenvalue $+1$ a reducible one; the tests of
#    {mod}`physml.ising` found this on $2\times2$ and on the $3\times3$ triangular lattice). From
#    $4\times4$ on, the chain is ergodic and agrees with enumeration. The checkerboard is still exact
#    in the sense of the derivation (it keeps $p$ stationary); what fails on tiny lattices is
#    ergodicity, a problem of any fixed-order sweep in which spins with $h_i = 0$ always flip.
#    ```
#
# 2. **The price of a sweep.** Time 200 sweeps of each algorithm at $T_c$ on $32\times32$
#    (`time.perf_counter` around a second call of `I.simulate`, so that compilation is not counted),
#    and combine with the $\tau_\text{int}$ of the chapter to get the computer time per independent
#    configuration. Then repeat the timing at $T = 3.5$ and read `clusters_per_sweep`: why is the cluster
#    algorithm not worth it there?
#
#    ```{dropdown} Answer
#    On the 2-core CPU used for this book a Metropolis sweep of one $32\times32$ chain took about
#    0.05–0.1 ms and a Wolff sweep (two clusters) about 8 times as much, 0.4–0.8 ms, depending on the
#    load. With $\tau_\text{int} \approx 29$ and $1.5$ sweeps, an independent configuration costs about
#    $2\times29\times0.05 \approx 2.9$ ms by Metropolis and $2\times1.5\times0.4 \approx 1.2$ ms by
#    Wolff: a gain of about two at this size,
#    growing as $L^{z}$ beyond it. At $T = 3.5$ the mean cluster has only a few spins (each aligned
#    neighbour joins with probability $1 - e^{-2/3.5} \approx 0.43$): a sweep took 170 clusters and
#    about 8 ms, 150 Metropolis sweeps' worth, while Metropolis already has $\tau \approx 1$ sweep
#    there. The clusters cost much more and buy nothing.
#    ```
#
# 3. **PCA of the antiferromagnet.** Run PCA on the antiferromagnet's configurations of the last
#    section. What is the first component now, and what does the projection measure?
#
#    ```{dropdown} Answer
#    The checkerboard pattern $(-1)^{x+y}/\sqrt N$: the staggered magnetisation is linear in the spins
#    too, so PCA finds it as easily. On the chapter's $L = 8$ antiferromagnet data (`af`) the first
#    component explains 55 % of the variance, its overlap with the checkerboard vector is 0.9999, and
#    the projection is $8.0\,(m_s - \bar m_s) = \sqrt N\,(m_s - \bar m_s)$, centred as before. The unsupervised method transfers; the supervised
#    classifier, which learned a *specific* direction, does not.
#    ```
#
# 4. **The limits of the Binder cumulant.** Show that $U_L = 1 - \langle m^4\rangle/(3\langle m^2\rangle^2)$
#    tends to $\tfrac23$ deep in the ordered phase and to 0 deep in the disordered phase, and check both
#    on the chapter's `data` at $T = 1.0$ and $T = 3.8$ with the function `binder`. Why does the
#    crossing of $U_L$ need no critical exponent, while that of $\langle|m|\rangle L^{1/8}$ does?
#
#    ```{dropdown} Answer
#    Ordered: $m = \pm m_0$, so $\langle m^4\rangle = m_0^4 = \langle m^2\rangle^2$ and
#    $U = 1 - \tfrac13 = \tfrac23$. Disordered: $m$ is a sum of $N/\xi^2$ nearly independent regions, so
#    by the central limit theorem it is Gaussian with mean 0, whose fourth moment is
#    $3\langle m^2\rangle^2$, and $U = 0$. On the chapter's data `binder(data[L].magnetisation)` is
#    0.667 at $T = 1.0$ for all three sizes, and at $T = 3.8$ it is 0.12, 0.08 and 0.03 for
#    $L = 8$, 16, 32: small, and decreasing as the lattice holds more independent regions (a ratio of
#    fourth moments estimated from 1000 sweeps is also noisy). $U$ is a ratio in which the power $L^{-2\beta/\nu}$ of $\langle m^2\rangle$
#    cancels against that of $\langle m^4\rangle$ ($L^{-4\beta/\nu}$), so at $T_c$ it is a pure number
#    $U^\ast$ independent of $L$; $\langle|m|\rangle$ alone carries $L^{-\beta/\nu}$, which must be
#    divided out with the exponent of the universality class (the class of models that share the
#    critical exponents: here the 2D Ising class, $\beta/\nu = 1/8$).
#    ```
#
# ## Further reading
#
# - Onsager {cite}`ch11-onsager1944crystal`, Yang {cite}`ch11-yang1952spontaneous` and Kramers and
#   Wannier {cite}`ch11-kramers1941statistics`: the exact solution, the magnetisation and the duality.
# - Metropolis et al. {cite}`ch11-metropolis1953equation`; Swendsen and Wang
#   {cite}`ch11-swendsen1987nonuniversal` and Wolff {cite}`ch11-wolff1989collective` for the cluster
#   algorithms; Sokal's lectures {cite}`ch11-sokal1997monte` for autocorrelation times, their
#   estimation and dynamic exponents.
# - Carrasquilla and Melko {cite}`ch11-carrasquilla2017machine` (supervised phases, finite-size scaling
#   of the network's output), Wang {cite}`ch11-wang2016discovering` (PCA), and van Nieuwenburg, Liu and
#   Huber {cite}`ch11-vannieuwenburg2017learning` ("learning by confusion": train with trial labels
#   at every candidate $T_c$ and look for the one the network finds easiest).
# - Binder {cite}`ch11-binder1981finite` for the cumulant and finite-size scaling of Monte Carlo data;
#   Nightingale and Blöte {cite}`ch11-nightingale1996dynamic` for the dynamic exponent of local dynamics.
#
# **Practice:** [Practice 11: Phases of matter from data](../exercises/ch11_practice.ipynb): the energy
# of a single spin flip, predicted and measured autocorrelation times of Metropolis and Wolff, the
# constant between PCA's projection and $m$, a finite-size extrapolation of $T_c$ on the triangular
# lattice, and a classifier shown an antiferromagnet.
#
# ```{bibliography}
# :filter: docname in docnames
# :keyprefix: ch11-
# ```
