r"""The two-dimensional Ising model: exact results, Monte Carlo, and learning its phases from data.

Chapter 11 (phases of matter from data) uses everything here.

Spins ``s_i = ±1`` sit on a periodic ``L × L`` lattice (square, or triangular with ``L`` a multiple
of 3) with energy ``E = −J Σ_⟨ij⟩ s_i s_j`` (each nearest-neighbour bond once, ``k_B = 1``,
``J = coupling = 1`` by default; ``J < 0`` is the antiferromagnet).  Per site: ``e = E/L²`` and
``m = Σ_i s_i / L²``.

Exact results on the infinite square lattice (``J = 1``):

* Kramers–Wannier self-duality: ``sinh(2/T_c) = 1``, ``T_c = 2/ln(1 + √2) ≈ 2.269``
  (:func:`critical_temperature`; the triangular lattice has ``T_c = 4/ln 3 ≈ 3.641``).
* Onsager (1944): with ``β = 1/T``, ``k = 2 sinh(2β)/cosh²(2β)`` and ``K`` the complete elliptic
  integral of the first kind,
  ``e(T) = −coth(2β) [1 + (2/π)(2 tanh²(2β) − 1) K(k²)]`` (:func:`exact_energy_per_site`).
* Yang (1952): ``m₀(T) = (1 − sinh(2β)⁻⁴)^{1/8}`` below ``T_c``, 0 above
  (:func:`spontaneous_magnetisation`).

On a finite ``L × L`` torus, Kaufman's (1949) partition function gives the exact energy per site
(:func:`exact_finite_energy_per_site`).  On a lattice with at most 16 sites the partition function
is a sum over all ``2^N`` states: :func:`exact_small_lattice` gives exact finite-size averages, the
independent reference of the samplers.

:func:`simulate` samples the Boltzmann distribution ``e^{−E/T}/Z`` at one or many temperatures at
once (``jax.vmap`` over temperatures, sweeps compiled in ``lax.scan``), by

* checkerboard Metropolis: the lattice is split into sublattices (2 colours on the square lattice,
  3 on the triangular) with no bond inside a sublattice, so all spins of one colour are updated at
  once, each flipped with probability ``min(1, e^{−ΔE/T})``, ``ΔE = 2 J s_i h_i``, ``h_i`` the sum
  of its neighbours: detailed balance for each colour, hence for the sweep;
* Wolff's cluster algorithm: from a random seed, every bond to an aligned (``J s_i s_j > 0``)
  neighbour outside the cluster is added with probability ``p = 1 − e^{−2|J|/T}``, each bond tested
  once (the cluster grows one shell per step of a ``lax.while_loop``), and the whole cluster flips
  (rejection-free).  One *Wolff sweep* is ``n_c`` cluster flips, with ``n_c = round(L²/⟨|C|⟩)``
  fixed per temperature from the mean cluster size ``⟨|C|⟩`` measured during thermalisation, so that
  a sweep flips about ``L²`` spins on average, like a Metropolis sweep.

The acceptance probabilities are computed once per temperature on the host (NumPy) and compared
with 32 random bits from XLA's counter-based Philox generator (``lax.rng_bit_generator``, seeded per
chain from the JAX ``key``; it compiles and runs several times faster than drawing from a split key
at every sweep), so a chain is bit-for-bit the same on every CPU for a given ``key`` and JAX version (XLA does not
promise the same Philox stream across versions or backends).

Analysis: :func:`integrated_autocorrelation_time` (Sokal's automatic window) and
:func:`correlated_mean` (the error bar of a mean of correlated samples); :func:`principal_components`
(PCA by SVD of centred configurations); :func:`fit_phase_classifier` (a one-hidden-layer network on
raw spins, Carrasquilla & Melko 2017), :func:`crossing_temperature` and
:func:`extrapolate_critical_temperature` (finite-size scaling ``T*(L) = T_c + a L^{−1/ν}``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
import scipy.optimize
import scipy.special

from ._validate import count, finite_array, positive_float, prng_key, real
from .nn import fit_adam, mlp, mlp_init

__all__ = ["critical_temperature", "exact_energy_per_site", "exact_finite_energy_per_site",
           "spontaneous_magnetisation",
           "SmallLatticeAverages", "exact_small_lattice", "energy_per_site", "magnetisation",
           "staggered_magnetisation", "IsingRun", "simulate", "integrated_autocorrelation_time",
           "MeanEstimate", "correlated_mean", "PrincipalComponents", "principal_components",
           "PhaseClassifier", "fit_phase_classifier", "crossing_temperature",
           "CriticalTemperatureFit", "extrapolate_critical_temperature"]

LATTICES = ("square", "triangular")
ALGORITHMS = ("metropolis", "wolff")

# nearest-neighbour shifts (each bond once) for jnp.roll over the last two axes
_BONDS = {"square": ((1, 0), (0, 1)), "triangular": ((1, 0), (0, 1), (1, -1))}


def _lattice(lattice):
    if not isinstance(lattice, str) or lattice not in LATTICES:
        raise ValueError(f"lattice must be one of {LATTICES}, got {lattice!r}")
    return lattice


def _check_size(name, L, lattice):
    L = count(name, L, minimum=2)
    if lattice == "square" and L % 2:
        raise ValueError(f"{name} must be even on the square lattice (checkerboard), got {L}")
    if lattice == "triangular" and L % 3:
        raise ValueError(f"{name} must be a multiple of 3 on the triangular lattice (3 sublattices), got {L}")
    return L


def critical_temperature(lattice="square"):
    r"""The exact critical temperature of the ferromagnet (``J = 1``) (chapter 11).

    Square lattice: Kramers–Wannier self-duality fixes ``sinh(2/T_c) = 1``, so
    ``T_c = 2/ln(1 + √2) ≈ 2.2692``.  Triangular lattice: ``T_c = 4/ln 3 ≈ 3.6410``.
    """
    lattice = _lattice(lattice)
    if lattice == "square":
        return 2.0 / np.log1p(np.sqrt(2.0))
    return 4.0 / np.log(3.0)


def _temperatures(name, T):
    T = finite_array(name, T)
    if T.ndim > 1:
        raise ValueError(f"{name} must be a number or a 1-D array, got shape {T.shape}")
    if np.any(T <= 0):
        raise ValueError(f"{name} must be > 0, got minimum {T.min()!r}")
    return T


def exact_energy_per_site(T):
    r"""Onsager's exact energy per site of the infinite square-lattice ferromagnet (chapter 11).

    With ``β = 1/T`` and ``k = 2 sinh(2β)/cosh²(2β)``,
    ``e(T) = −coth(2β) [1 + (2/π)(2 tanh²(2β) − 1) K(k²)]``, ``K`` the complete elliptic integral
    of the first kind (``scipy.special.ellipk`` takes the parameter ``k²``).  ``e → −2`` as
    ``T → 0`` and ``e(T_c) = −√2``; the log singularity of ``K`` at ``k = 1`` (``T = T_c``) is
    multiplied by ``2 tanh²(2β) − 1 = 0`` there, so ``e`` is continuous and the specific heat
    diverges logarithmically.  Elementwise over ``T`` (> 0).
    """
    T = _temperatures("T", T)
    b2 = 2.0 / T
    k = 2.0 * np.sinh(b2) / np.cosh(b2) ** 2
    k2 = np.minimum(k * k, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        K = scipy.special.ellipk(k2)
        bracket = 1.0 + (2.0 / np.pi) * (2.0 * np.tanh(b2) ** 2 - 1.0) * K
    bracket = np.where(np.isfinite(bracket), bracket, 1.0)   # exactly T_c: (2 tanh² − 1) K → 0
    return -bracket / np.tanh(b2)


def _kaufman_log_partition_function(L, K):
    """ln Z of the L × L periodic square lattice at coupling K = J/T (Kaufman 1949), elementwise in K."""
    K = np.asarray(K, dtype=float)[..., None]
    l = np.arange(2 * L)
    with np.errstate(divide="ignore"):
        gamma = np.arccosh(np.cosh(2 * K) / np.tanh(2 * K) - np.cos(np.pi * l / L))
    gamma[..., 0] = 2 * K[..., 0] + np.log(np.tanh(K[..., 0]))      # signed: negative above T_c
    terms = []
    for g in (gamma[..., 1::2], gamma[..., 0::2]):
        terms.append((np.ones(K.shape[:-1]), np.log(2 * np.cosh(L * g / 2)).sum(axis=-1)))
        sinh = np.sinh(L * g / 2)
        terms.append((np.prod(np.sign(sinh), axis=-1), np.log(np.abs(2 * sinh)).sum(axis=-1)))
    largest = np.max([log for _, log in terms], axis=0)
    total = sum(sign * np.exp(log - largest) for sign, log in terms)
    return np.log(0.5) + 0.5 * L * L * np.log(2 * np.sinh(2 * K[..., 0])) + largest + np.log(total)


def exact_finite_energy_per_site(L, T):
    r"""The exact energy per site of the ``L × L`` periodic square-lattice ferromagnet (chapter 11).

    Kaufman's (1949) partition function of the torus, with ``K = 1/T``, the dual ``K*`` given by
    ``tanh K* = e^{−2K}`` and ``cosh γ_l = cosh 2K coth 2K − cos(π l / L)`` (``γ_0 = 2(K − K*)``,
    negative above ``T_c``):
    ``Z = ½ (2 sinh 2K)^{L²/2} Σ_{i=1}^{4} Z_i``, ``Z_{1,2} = Π_{r=0}^{L−1} 2 cosh, sinh(L γ_{2r+1}/2)``,
    ``Z_{3,4} = Π_{r=0}^{L−1} 2 cosh, sinh(L γ_{2r}/2)``; ``e = −(1/L²) ∂ ln Z/∂K`` by a central
    difference (step 1e-5 in ``K``, error below 1e-8).  Checked against :func:`exact_small_lattice`
    and, for large ``L``, against Onsager's :func:`exact_energy_per_site`.  Elementwise over ``T``.
    """
    L = count("L", L, minimum=2)
    T = _temperatures("T", T)
    K, h = 1.0 / T, 1e-5
    return -(_kaufman_log_partition_function(L, K + h) - _kaufman_log_partition_function(L, K - h)) / (2 * h * L * L)


def spontaneous_magnetisation(T):
    r"""Yang's spontaneous magnetisation per site of the square-lattice ferromagnet (chapter 11).

    ``m₀(T) = (1 − sinh(2/T)⁻⁴)^{1/8}`` for ``T < T_c`` and 0 for ``T ≥ T_c`` (``sinh(2/T_c) = 1``):
    near ``T_c``, ``m₀ ∝ (T_c − T)^{1/8}``, the exponent ``β = 1/8`` (mean field: ½).  Elementwise.
    """
    T = _temperatures("T", T)
    s = np.sinh(2.0 / T)
    inner = 1.0 - s ** -4.0
    return np.where(critical_temperature() > T, np.maximum(inner, 0.0) ** 0.125, 0.0)


# --------------------------------------------------------------------------------------------
# configurations: energy and magnetisation
# --------------------------------------------------------------------------------------------

def _spins(name, spins, *, min_ndim=2):
    arr = np.asarray(spins)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name} must be an array of spins ±1, got {type(spins).__name__}")
    if arr.ndim < min_ndim:
        raise ValueError(f"{name} must have shape (..., L, L), got shape {arr.shape}")
    if arr.shape[-1] != arr.shape[-2]:
        raise ValueError(f"{name} must be square lattices (..., L, L), got shape {arr.shape}")
    if not np.all(np.abs(arr) == 1):
        raise ValueError(f"{name} must contain only spins +1 and -1")
    return arr


def energy_per_site(spins, *, coupling=1.0, lattice="square"):
    r"""``e = −J Σ_⟨ij⟩ s_i s_j / L²`` of a configuration or a batch ``(..., L, L)`` (chapter 11).

    Periodic boundaries, each nearest-neighbour bond once (2 per site on the square lattice, 3 on
    the triangular).  Returns a float64 array of shape ``spins.shape[:-2]``.
    """
    arr = _spins("spins", spins).astype(np.int64)
    J = real("coupling", coupling)
    bonds = _BONDS[_lattice(lattice)]
    total = sum(arr * np.roll(arr, shift, axis=(-2, -1)) for shift in bonds).sum(axis=(-2, -1))
    return -J * total / (arr.shape[-1] * arr.shape[-2])


def magnetisation(spins):
    """``m = Σ_i s_i / L²`` (signed) of a configuration or a batch ``(..., L, L)`` (chapter 11)."""
    arr = _spins("spins", spins)
    return arr.astype(np.float64).mean(axis=(-2, -1))


def staggered_magnetisation(spins):
    """``m_s = Σ_i (−1)^{x_i + y_i} s_i / L²``, the square-lattice antiferromagnet's order parameter (chapter 11)."""
    arr = _spins("spins", spins)
    L = arr.shape[-1]
    sign = 1 - 2 * ((np.arange(L)[:, None] + np.arange(L)[None, :]) % 2)
    return (arr.astype(np.float64) * sign).mean(axis=(-2, -1))


# --------------------------------------------------------------------------------------------
# exact enumeration
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SmallLatticeAverages:
    """Exact thermal averages per site on a small periodic lattice, one entry per temperature.

    ``energy`` = ``⟨e⟩``, ``abs_magnetisation`` = ``⟨|m|⟩``, ``magnetisation_squared`` = ``⟨m²⟩``,
    ``specific_heat`` = ``(⟨E²⟩ − ⟨E⟩²)/(N T²)``.
    """

    temperatures: np.ndarray
    L: int
    energy: np.ndarray
    abs_magnetisation: np.ndarray
    magnetisation_squared: np.ndarray
    specific_heat: np.ndarray


def exact_small_lattice(L, T, *, coupling=1.0, lattice="square"):
    r"""Exact averages by enumerating all ``2^(L²)`` states (``L² ≤ 16``) (chapter 11).

    ``⟨A⟩ = Σ_s A(s) e^{−E(s)/T} / Σ_s e^{−E(s)/T}`` over every configuration ``s`` (65 536 for
    ``L = 4``), with the energy of :func:`energy_per_site` (periodic, each bond once).  No sampling:
    the reference the Monte Carlo tests compare with.  ``T`` is a number or a 1-D array.
    """
    lattice = _lattice(lattice)
    L = count("L", L, minimum=2)
    if L * L > 16:
        raise ValueError(f"L must have L*L <= 16 for enumeration (2^(L*L) states), got L = {L}")
    T = np.atleast_1d(_temperatures("T", T))
    J = real("coupling", coupling)
    N = L * L
    states = ((np.arange(2 ** N)[:, None] >> np.arange(N)[None, :]) & 1).astype(np.int8) * 2 - 1
    states = states.reshape(-1, L, L)
    E = energy_per_site(states, coupling=J, lattice=lattice) * N
    M = np.abs(states.astype(np.float64).sum(axis=(1, 2))) / N
    logw = -E[None, :] / T[:, None]
    logw -= logw.max(axis=1, keepdims=True)
    w = np.exp(logw)
    w /= w.sum(axis=1, keepdims=True)
    mean_E = w @ E
    var_E = w @ E ** 2 - mean_E ** 2
    return SmallLatticeAverages(temperatures=T, L=L, energy=mean_E / N, abs_magnetisation=w @ M,
                                magnetisation_squared=w @ M ** 2, specific_heat=var_E / (N * T ** 2))


# --------------------------------------------------------------------------------------------
# Monte Carlo
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IsingRun:
    """Per-sweep measurements of :func:`simulate`, one row per temperature.

    ``energy`` and ``magnetisation`` (signed) are per site, shape ``(n_T, n_sweeps)``;
    ``configurations`` (int8, ``(n_T, n_saved, L, L)``, the state after every ``save_every``-th
    sweep) is None when ``save_every = 0``; ``clusters_per_sweep`` (Wolff only, else None) is the
    number ``n_c`` of cluster flips that make one sweep at each temperature.
    """

    temperatures: np.ndarray
    L: int
    algorithm: str
    lattice: str
    coupling: float
    energy: np.ndarray
    magnetisation: np.ndarray
    configurations: np.ndarray | None
    clusters_per_sweep: np.ndarray | None


def _shifts(lattice):
    bonds = _BONDS[lattice]
    return bonds + tuple((-a, -b) for a, b in bonds)


def _field(s, lattice):
    """Sum of the nearest neighbours of every site (int8 in, int8 out)."""
    return sum(jnp.roll(s, shift, axis=(0, 1)) for shift in _shifts(lattice))


def _bond_sum(s, lattice):
    s = s.astype(jnp.int32)
    return sum(jnp.sum(s * jnp.roll(s, shift, axis=(0, 1))) for shift in _BONDS[lattice])


def _colours(L, lattice):
    i, j = np.meshgrid(np.arange(L), np.arange(L), indexing="ij")
    if lattice == "square":
        return (i + j) % 2, 2
    return (i + 2 * j) % 3, 3


def _threshold(p):
    """Probabilities → uint32 thresholds: ``bits < t`` has probability ``p`` (to 2⁻³²)."""
    return np.floor(np.clip(p, 0.0, 1.0) * 2.0 ** 32).clip(0, 2 ** 32 - 1).astype(np.uint32)


def _random_bits(state, shape):
    """32-bit random words from XLA's Philox generator; returns (new state, bits)."""
    return jax.lax.rng_bit_generator(state, shape, dtype=jnp.uint32, algorithm=jax.lax.RandomAlgorithm.RNG_PHILOX)


def _metropolis_sweep(s, state, table, colours, n_colours, lattice):
    """One checkerboard sweep; returns (spins, generator state)."""
    z = len(_shifts(lattice))
    state, bits = _random_bits(state, s.shape)
    for c in range(n_colours):
        h = _field(s, lattice)
        sh = (s * h).astype(jnp.int32)                 # ΔE = 2 J s h
        accept = bits < table[(sh + z) // 2]
        s = jnp.where((colours == c) & accept, -s, s)
    return s, state


def _wolff_cluster(s, state, p_add, sign, lattice, unroll=1):
    """Grow one Wolff cluster from a random seed and flip it; returns (spins, cluster size, generator state).

    Every bond is tested once: its activation (aligned and ``bits < p_add``) is drawn for the whole
    lattice at the start, and the cluster is the connected component of the seed through active
    bonds, grown by ``unroll`` neighbour shells per step of the while loop until it stops growing.
    """
    L = s.shape[0]
    bonds = _BONDS[lattice]
    state, bits = _random_bits(state, (len(bonds) + 1, L, L))
    seed = bits[-1, 0, 0] % (L * L)              # uniform to within L²/2³² (exactly for L a power of 2)
    cluster = (jnp.arange(L * L, dtype=jnp.uint32) == seed).reshape(L, L)
    # active[d][i] : the bond between site i and site i − shift_d (roll by +shift brings i − shift to i)
    active = [(sign * s * jnp.roll(s, shift, axis=(0, 1)) > 0) & (bits[d] < p_add)
              for d, shift in enumerate(bonds)]

    def grow(c):
        new = c
        for d, shift in enumerate(bonds):
            back = (-shift[0], -shift[1])
            new = new | (jnp.roll(c, shift, axis=(0, 1)) & active[d])             # i − shift → i
            new = new | jnp.roll(c & active[d], back, axis=(0, 1))                # i → i − shift
        return new

    def body(state):
        c, _ = state
        new = c
        for _ in range(unroll):
            new = grow(new)
        return new, jnp.any(new != c)

    cluster, _ = jax.lax.while_loop(lambda state: state[1], body, (cluster, jnp.bool_(True)))
    return jnp.where(cluster, -s, s), jnp.sum(cluster, dtype=jnp.int32), state


def _measure(s, lattice, J):
    N = s.shape[0] * s.shape[1]
    return -J * _bond_sum(s, lattice) / N, jnp.sum(s.astype(jnp.int32)) / N


@partial(jax.jit, static_argnames=("L", "n_sweeps", "save_every", "lattice", "algorithm"))
def _run(keys, tables, p_add, J, hot, n_therm, *, L, n_sweeps, save_every, lattice, algorithm):
    colours_np, n_colours = _colours(L, lattice)
    colours = jnp.asarray(colours_np)
    sign = jnp.sign(J).astype(jnp.int8)
    n_saved = n_sweeps // save_every if save_every else 0

    def one_temperature(key, table, p):
        # the chain's Philox state: the 64 bits of its (split, well-mixed) JAX key and a zero counter
        state = jnp.concatenate([key, jnp.zeros(2, jnp.uint32)])
        state, bits = _random_bits(state, (L, L))
        random = jnp.where(bits < 2 ** 31, 1, -1).astype(jnp.int8)
        s = jnp.where(hot, random, jnp.ones((L, L), jnp.int8))

        def one_round(s, state, therm, n_c):
            """One sweep: (spins, spins flipped, clusters flipped, generator state)."""
            if algorithm == "metropolis":
                s, state = _metropolis_sweep(s, state, table, colours, n_colours, lattice)
                return s, 0, 0, state

            def cond(c):             # thermalisation: until ≥ L² spins flipped; measurement: n_c clusters
                return jnp.where(therm, c[1] < L * L, c[2] < n_c)

            def body(c):
                s, flipped, n, state = c
                s, size, state = _wolff_cluster(s, state, p, sign, lattice)
                return s, flipped + size, n + 1, state

            return jax.lax.while_loop(cond, body, (s, jnp.int32(0), jnp.int32(0), state))

        def measured(carry, i):
            # the first measured sweep is preceded by the n_therm thermalisation sweeps (one call site
            # of the sweep, so it is compiled once); every save_every-th state goes into a buffer
            s, n_c, total, count, saved, state = carry
            first = i == 0

            def body(j, c):
                s, n_c, total, count, state = c
                therm = first & (j < n_therm)
                s, flipped, n, state = one_round(s, state, therm, n_c)
                total = total + jnp.where(therm, flipped, 0)
                count = count + jnp.where(therm, n, 0)
                n_c = jnp.where(therm, jnp.maximum(1, jnp.round(L * L * count / jnp.maximum(total, 1))), n_c)
                return s, n_c.astype(jnp.int32), total, count, state

            reps = jnp.where(first, n_therm + 1, 1)
            s, n_c, total, count, state = jax.lax.fori_loop(0, reps, body, (s, n_c, total, count, state))
            if save_every:
                slot = (i + 1) // save_every - 1
                keep = (i + 1) % save_every == 0
                old = jax.lax.dynamic_index_in_dim(saved, jnp.maximum(slot, 0), keepdims=False)
                saved = jax.lax.dynamic_update_index_in_dim(saved, jnp.where(keep, s, old), jnp.maximum(slot, 0), 0)
            return (s, n_c, total, count, saved, state), _measure(s, lattice, J)

        saved = jnp.zeros((max(n_saved, 1), L, L), jnp.int8)
        start = (s, jnp.int32(1), jnp.int32(0), jnp.int32(0), saved, state)
        (_, n_c, _, _, configs, _), (e, m) = jax.lax.scan(measured, start, jnp.arange(n_sweeps))
        return e, m, configs, n_c

    if algorithm == "wolff":        # sequential over temperatures: batched while loops are slow on CPU
        return jax.lax.map(lambda args: one_temperature(*args), (keys, tables, p_add))
    return jax.vmap(one_temperature)(keys, tables, p_add)


def simulate(L, T, n_sweeps, *, key, algorithm="metropolis", n_therm=1000, save_every=0, start="cold",
             coupling=1.0, lattice="square"):
    r"""Monte Carlo of the Ising model at one or many temperatures at once (chapter 11).

    ``L`` (even on the square lattice, a multiple of 3 on the triangular), ``T`` a number or a
    1-D array of temperatures (all run in parallel, ``jax.vmap``), ``n_sweeps`` measured sweeps
    after ``n_therm`` thermalisation sweeps, from an all-up (``start="cold"``) or random
    (``"hot"``) configuration.  ``algorithm="metropolis"``: checkerboard Metropolis, each spin of a
    sublattice flipped with probability ``min(1, e^{−2 J s_i h_i / T})``.  ``algorithm="wolff"``:
    one sweep is ``n_c = round(L²/⟨|C|⟩)`` Wolff cluster flips (bond probability
    ``1 − e^{−2|J|/T}``), ``⟨|C|⟩`` measured during thermalisation (``n_therm ≥ 1``; each
    thermalisation round flips clusters until ``L²`` spins have flipped).  ``save_every = k > 0``
    stores the configuration after every ``k``-th sweep (``n_sweeps`` must be a multiple of ``k``).
    ``coupling`` is ``J`` (``J < 0``: antiferromagnet).  ``key`` is a JAX PRNG key; one key gives
    one chain per temperature, the same on every CPU.  Returns an :class:`IsingRun`.
    """
    prng_key("key", key)
    lattice = _lattice(lattice)
    L = _check_size("L", L, lattice)
    temps = _temperatures("T", T)
    temps = np.atleast_1d(temps)
    if temps.size == 0:
        raise ValueError("T must not be empty")
    n_sweeps = count("n_sweeps", n_sweeps, minimum=1)
    n_therm = count("n_therm", n_therm, minimum=0)
    save_every = count("save_every", save_every, minimum=0)
    if save_every and n_sweeps % save_every:
        raise ValueError(f"n_sweeps must be a multiple of save_every = {save_every}, got {n_sweeps}")
    if not isinstance(algorithm, str) or algorithm not in ALGORITHMS:
        raise ValueError(f"algorithm must be one of {ALGORITHMS}, got {algorithm!r}")
    if algorithm == "wolff" and n_therm < 1:
        raise ValueError(f"n_therm must be >= 1 for the Wolff algorithm (it measures the cluster size), got {n_therm}")
    if start not in ("cold", "hot"):
        raise ValueError(f"start must be 'cold' or 'hot', got {start!r}")
    J = real("coupling", coupling)
    if J == 0:
        raise ValueError("coupling must be non-zero, got 0.0")
    z = len(_shifts(lattice))
    sh = np.arange(-z, z + 1, 2)
    with np.errstate(over="ignore"):
        tables = _threshold(np.where(sh[None, :] * J <= 0, 1.0,
                                     np.exp(-2.0 * J * sh[None, :] / temps[:, None])))
    tables[:, sh * J <= 0] = np.uint32(2 ** 32 - 1)
    p_add = _threshold(-np.expm1(-2.0 * abs(J) / temps))
    keys = jax.random.key_data(jax.random.split(key, temps.size)).reshape(temps.size, 2)
    e, m, configs, n_c = _run(keys, jnp.asarray(tables), jnp.asarray(p_add), J, start == "hot", n_therm, L=L,
                              n_sweeps=n_sweeps, save_every=save_every, lattice=lattice,
                              algorithm=algorithm)
    return IsingRun(temperatures=temps, L=L, algorithm=algorithm, lattice=lattice, coupling=J,
                    energy=np.asarray(e), magnetisation=np.asarray(m),
                    configurations=np.asarray(configs) if save_every else None,
                    clusters_per_sweep=np.asarray(n_c) if algorithm == "wolff" else None)


# --------------------------------------------------------------------------------------------
# correlated samples
# --------------------------------------------------------------------------------------------

def _series(name, x):
    x = finite_array(name, x)
    if x.ndim < 1 or x.shape[-1] < 4:
        raise ValueError(f"{name} must be a time series (last axis) of at least 4 samples, got shape {x.shape}")
    return x


def _tau_1d(x, c):
    n = x.size
    y = x - x.mean()
    var = y @ y / n
    if var == 0:
        return 0.5
    f = np.fft.rfft(y, 2 * n)
    acf = np.fft.irfft(f * np.conj(f))[:n] / (n * var)
    tau = 0.5 + np.cumsum(acf[1:])                 # τ_int(M) = ½ + Σ_{t=1}^{M} ρ(t)
    M = np.arange(1, n)
    ok = c * tau <= M
    return float(tau[np.argmax(ok)] if ok.any() else tau[-1])


def integrated_autocorrelation_time(x, *, window=6.0):
    r"""``τ_int = ½ + Σ_{t=1}^{M} ρ(t)`` with Sokal's automatic window (chapter 11).

    ``ρ(t)`` is the normalised autocorrelation of the series (last axis of ``x``, FFT), and the
    sum is cut at the smallest ``M ≥ window · τ_int(M)``: long enough to catch the decay, short
    enough that the noise of ``ρ`` at large ``t`` does not swamp it.  The variance of a mean of
    ``n`` correlated samples is ``2 τ_int σ²/n``.  For AR(1), ``x_t = ρ x_{t−1} + ξ_t``,
    ``τ_int = (1 + ρ)/(2(1 − ρ))``.  Returns a float, or an array over the leading axes.
    """
    x = _series("x", x)
    c = positive_float("window", window)
    flat = x.reshape(-1, x.shape[-1])
    out = np.array([_tau_1d(row, c) for row in flat])
    return float(out[0]) if x.ndim == 1 else out.reshape(x.shape[:-1])


@dataclass(frozen=True)
class MeanEstimate:
    """The mean of a correlated series, its error ``√(2 τ_int σ²/n)``, ``τ_int`` and ``n/(2 τ_int)``."""

    mean: np.ndarray
    error: np.ndarray
    tau_int: np.ndarray
    n_effective: np.ndarray


def correlated_mean(x, *, window=6.0):
    r"""Mean and error bar of correlated samples (the last axis of ``x``) (chapter 11).

    ``error = σ √(2 τ_int / n)`` with ``τ_int`` from :func:`integrated_autocorrelation_time`:
    ``n`` correlated samples carry the information of ``n/(2 τ_int)`` independent ones.
    """
    x = _series("x", x)
    tau = np.asarray(integrated_autocorrelation_time(x, window=window))
    n = x.shape[-1]
    n_eff = n / (2.0 * tau)
    return MeanEstimate(mean=x.mean(axis=-1), error=x.std(axis=-1) / np.sqrt(n_eff), tau_int=tau,
                        n_effective=n_eff)


# --------------------------------------------------------------------------------------------
# unsupervised: PCA
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PrincipalComponents:
    """PCA of configurations: ``components`` (k, N) unit rows, ``explained_variance_ratio`` (k,),
    ``projections`` (n, k) of the centred data, ``mean`` (N,) the mean configuration."""

    components: np.ndarray
    explained_variance_ratio: np.ndarray
    projections: np.ndarray
    mean: np.ndarray

    def project(self, configurations):
        """Projections of new configurations ``(..., L, L)`` or ``(..., N)`` on the components."""
        x = np.asarray(configurations, dtype=np.float64)
        x = x.reshape(-1, self.mean.size) if x.shape[-1] != self.mean.size else x
        return (x - self.mean) @ self.components.T


def _flat_configurations(name, configurations):
    x = finite_array(name, configurations)
    if x.ndim < 2:
        raise ValueError(f"{name} must have shape (n, L, L) or (n, N), got shape {x.shape}")
    return x.reshape(x.shape[0], -1) if x.ndim > 2 else x


def principal_components(configurations, n_components=2):
    r"""Principal components of configurations ``(n, L, L)`` (or ``(n, N)``) by SVD (chapter 11).

    Centre the data, ``X − x̄ = U Σ Vᵀ``: the rows of ``Vᵀ`` are the eigenvectors of the covariance
    ``(X − x̄)ᵀ(X − x̄)/(n − 1)``, with eigenvalues ``σ_k²/(n − 1)``; ``explained_variance_ratio`` is
    ``σ_k² / Σ σ²``.  Each component's sign is fixed so that its entries sum to ≥ 0 (then the
    first component of Ising data, ≈ the uniform vector ``1/√N``, projects to ``+√N m``).
    """
    x = _flat_configurations("configurations", configurations)
    k = count("n_components", n_components, minimum=1)
    if k > min(x.shape):
        raise ValueError(f"n_components must be <= min(n, N) = {min(x.shape)}, got {k}")
    mean = x.mean(axis=0)
    u, sigma, vt = np.linalg.svd(x - mean, full_matrices=False)
    signs = np.where(vt[:k].sum(axis=1) < 0, -1.0, 1.0)
    comps = vt[:k] * signs[:, None]
    var = sigma ** 2
    return PrincipalComponents(components=comps, explained_variance_ratio=var[:k] / var.sum(),
                               projections=(x - mean) @ comps.T, mean=mean)


# --------------------------------------------------------------------------------------------
# supervised: a phase classifier and finite-size scaling of its crossing
# --------------------------------------------------------------------------------------------

def _logits(params, x):
    return mlp(params, x)[..., 0]


def _classifier_loss(params, x, y, l2):
    z = _logits(params, x)
    bce = jnp.mean(jnp.logaddexp(0.0, z) - y * z)       # −[y log σ(z) + (1 − y) log(1 − σ(z))]
    return bce + l2 * sum(jnp.sum(layer["W"] ** 2) for layer in params)


@dataclass(frozen=True)
class PhaseClassifier:
    """A trained one-hidden-layer network on raw spins: ``params`` (``physml.nn`` layers), ``L``,
    the training ``losses``; :meth:`probability` is P(ordered)."""

    params: object
    L: int
    losses: np.ndarray

    def probability(self, configurations):
        """``σ(v · tanh(W s + b) + c)``: the probability that configurations ``(..., L, L)`` are ordered."""
        x = np.asarray(configurations, dtype=np.float64)
        if x.shape[-2:] != (self.L, self.L):
            raise ValueError(f"configurations must have shape (..., {self.L}, {self.L}), got shape {x.shape}")
        flat = x.reshape(*x.shape[:-2], self.L * self.L)
        return np.asarray(jax.nn.sigmoid(_jit_logits(self.params, jnp.asarray(flat))))

    @property
    def hidden_weights(self):
        """The hidden layer's weights, shape ``(hidden, L, L)``: what each hidden unit looks at."""
        return np.asarray(self.params[0]["W"]).T.reshape(-1, self.L, self.L)


_jit_logits = jax.jit(_logits)


def fit_phase_classifier(configurations, labels, *, key, hidden=16, learning_rate=1e-2, n_steps=400,
                         l2=1e-4):
    r"""Train ``P(ordered | s) = σ(v · tanh(W s + b) + c)`` on labelled configurations (chapter 11).

    ``configurations`` ``(n, L, L)`` of spins, ``labels`` 1 (ordered) or 0 (disordered);
    a ``hidden``-unit tanh layer on the raw spins (Carrasquilla & Melko 2017), trained by
    full-batch Adam (``physml.nn.fit_adam``, ``n_steps`` steps) on the binary cross-entropy plus
    ``l2 Σ W²``; ``key`` initialises the weights (:func:`physml.nn.mlp_init`).  Returns a
    :class:`PhaseClassifier`.
    """
    prng_key("key", key)
    x = finite_array("configurations", configurations)
    if x.ndim != 3 or x.shape[1] != x.shape[2]:
        raise ValueError(f"configurations must have shape (n, L, L), got shape {x.shape}")
    y = finite_array("labels", labels, ndim=1)
    if y.shape[0] != x.shape[0]:
        raise ValueError(f"labels must have one entry per configuration ({x.shape[0]}), got {y.shape[0]}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("labels must be 0 (disordered) or 1 (ordered)")
    hidden = count("hidden", hidden, minimum=1)
    l2 = positive_float("l2", l2, allow_zero=True)
    L = x.shape[1]
    params = mlp_init((L * L, hidden, 1), key=key)
    fit = fit_adam(_classifier_loss, params, (x.reshape(len(x), -1), y, l2), learning_rate=learning_rate,
                   n_steps=n_steps)
    return PhaseClassifier(params=fit.params, L=L, losses=np.asarray(fit.losses))


def crossing_temperature(T, p, level=0.5):
    r"""The temperature at which ``p(T)`` crosses ``level``, by linear interpolation (chapter 11).

    ``T`` increasing (1-D), ``p`` of the same length (e.g. a classifier's mean P(ordered)); each
    sign change of ``p − level`` between neighbouring temperatures gives a crossing
    ``T_i + (level − p_i)(T_{i+1} − T_i)/(p_{i+1} − p_i)``; if noise makes ``p`` cross several
    times the mean of the crossings is returned.  ValueError if ``p`` never crosses ``level``.
    """
    T = finite_array("T", T, ndim=1)
    p = finite_array("p", p, ndim=1)
    if p.shape != T.shape:
        raise ValueError(f"p must have the shape of T {T.shape}, got {p.shape}")
    if T.size < 2 or np.any(np.diff(T) <= 0):
        raise ValueError("T must be strictly increasing with at least 2 entries")
    level = real("level", level)
    d = p - level
    idx = np.nonzero((d[:-1] * d[1:] < 0) | ((d[:-1] == 0) & (d[1:] != 0)))[0]
    if idx.size == 0:
        raise ValueError(f"p never crosses level = {level} (range {p.min():.3g} to {p.max():.3g})")
    t = T[idx] + (level - p[idx]) * (T[idx + 1] - T[idx]) / (p[idx + 1] - p[idx])
    return float(t.mean())


@dataclass(frozen=True)
class CriticalTemperatureFit:
    """``T*(L) = critical_temperature + amplitude · L^{−1/nu}``, with standard errors."""

    critical_temperature: float
    error: float
    amplitude: float
    amplitude_error: float
    nu: float

    def __call__(self, L):
        """The fitted ``T*(L)``."""
        return self.critical_temperature + self.amplitude * np.asarray(L, dtype=float) ** (-1.0 / self.nu)


def extrapolate_critical_temperature(L, T_cross, T_err=None, *, nu=1.0):
    r"""Fit ``T*(L) = T_c + a L^{−1/ν}`` to crossing temperatures and extrapolate to ``L → ∞`` (chapter 11).

    Finite-size scaling: the correlation length ``ξ ∝ |T − T_c|^{−ν}`` is cut off by ``L``, so a
    size-``L`` estimate of ``T_c`` is off by ``∝ L^{−1/ν}`` (``ν = 1`` for the 2D Ising model).
    Linear least squares in ``x = L^{−1/ν}`` (``scipy.optimize.curve_fit``); with ``T_err`` the
    errors are absolute (weighted fit, at least 2 sizes), without them they are scaled by the
    residuals (at least 3 sizes).  Returns a :class:`CriticalTemperatureFit`.
    """
    L = finite_array("L", L, ndim=1)
    T_cross = finite_array("T_cross", T_cross, ndim=1)
    if T_cross.shape != L.shape:
        raise ValueError(f"T_cross must have one entry per size {L.shape}, got {T_cross.shape}")
    if np.any(L <= 0):
        raise ValueError(f"L must be > 0, got {L!r}")
    nu = positive_float("nu", nu)
    if T_err is not None:
        T_err = finite_array("T_err", T_err, ndim=1)
        if T_err.shape != L.shape or np.any(T_err <= 0):
            raise ValueError(f"T_err must be > 0 with one entry per size {L.shape}, got {T_err!r}")
        if L.size < 2:
            raise ValueError(f"L must list at least 2 sizes, got {L.size}")
    elif L.size < 3:
        raise ValueError(f"L must list at least 3 sizes without T_err (errors from the residuals), got {L.size}")
    x = L ** (-1.0 / nu)
    popt, pcov = scipy.optimize.curve_fit(lambda x, tc, a: tc + a * x, x, T_cross, p0=(T_cross.mean(), 0.0),
                                          sigma=T_err, absolute_sigma=T_err is not None)
    err = np.sqrt(np.diag(pcov))
    return CriticalTemperatureFit(critical_temperature=float(popt[0]), error=float(err[0]),
                                  amplitude=float(popt[1]), amplitude_error=float(err[1]), nu=nu)

