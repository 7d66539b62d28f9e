r"""Quantum phases with neural quantum states (chapter 13).

Chapter 3's variational Monte Carlo (:mod:`physml.nqs`) taken to two harder places.

*The transverse-field Ising chain across* :math:`h = J`. The chapter runs :func:`physml.nqs.run_vmc`
at several fields and measures what makes the critical point hard: the correlation length
(:func:`correlation_length`, the second-moment estimator on the ring) and the integrated
autocorrelation time of the single-spin-flip Metropolis sampler (:func:`sampling_autocorrelation`), for
an RBM or for an exact state put into the sampler as a table (:func:`lookup_log_amplitude`).

*The antiferromagnetic* :math:`J_1`–:math:`J_2` *Heisenberg chain*,

.. math::

    H = J\sum_i \mathbf S_i\cdot\mathbf S_{i+1} + J_2\sum_i \mathbf S_i\cdot\mathbf S_{i+2},
    \qquad \mathbf S = \tfrac12\boldsymbol\sigma ,

(:func:`physml.quantum.heisenberg_hamiltonian`, periodic, even :math:`L`), whose ground state has
*signs*. Marshall's rule (Marshall 1955) says that for :math:`J_2 = 0` on a bipartite lattice
:math:`\psi_0(s) = M(s)\,|\psi_0(s)|` with :math:`M(s) = (-1)^{N_\uparrow^\text{odd}(s)}`, the number
of up spins on odd sites (:func:`marshall_sign`). The ansatz is :math:`\psi = M\varphi` with a
positive RBM :math:`\varphi = e^{\log\varphi}` (``sign_rule=True``) or :math:`\psi = \varphi`
(``sign_rule=False``). :func:`marshall_weight` measures how much of an exact state obeys the rule
(all of it at :math:`J_2 = 0`, less when :math:`J_2` frustrates the chain). The sampler
(:func:`exchange_sample`) stays in the sector :math:`\sum_i s_i = 0` by exchanging an up and a down
spin; :func:`heisenberg_local_energy`, :func:`run_heisenberg_vmc`, :func:`heisenberg_estimate` and the
exact :func:`rbm_heisenberg_energy` mirror chapter 3's functions.

Conventions: spins :math:`s_i = \pm1` and basis order of :mod:`physml.quantum`; site indices start at
0, so the "odd" sublattice is sites 1, 3, 5, ...; the RBM is chapter 3's (:func:`physml.nqs.rbm_init`,
:func:`physml.nqs.rbm_log_amplitude`). Samples of :func:`exchange_sample` are stored as those of
:func:`physml.nqs.metropolis_sample`: ``samples.reshape(n_keep, n_chains, L)[:, c]`` is chain ``c`` in
time order.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
from jax.flatten_util import ravel_pytree

from . import _validate as v
from . import quantum
from .ising import integrated_autocorrelation_time
from .nqs import MetropolisSamples, metropolis_sample, rbm_init, rbm_log_amplitude, run_sweeps, sr_direction

__all__ = [
    "marshall_sign",
    "marshall_weight",
    "heisenberg_local_energy",
    "exchange_sample",
    "run_heisenberg_vmc",
    "HeisenbergVMC",
    "heisenberg_estimate",
    "HeisenbergEstimate",
    "rbm_heisenberg_energy",
    "lookup_log_amplitude",
    "correlation_length",
    "sampling_autocorrelation",
    "SamplingAutocorrelation",
    "MAX_SECTOR_SITES",
]

#: The largest chain whose zero-magnetisation sector :func:`rbm_heisenberg_energy` enumerates
#: (:math:`\binom{16}{8} = 12870` configurations).
MAX_SECTOR_SITES = 16


# --------------------------------------------------------------------------- #
# Marshall's sign rule
# --------------------------------------------------------------------------- #
def marshall_sign(s):
    r"""Marshall's sign :math:`M(s) = (-1)^{N_\uparrow^\text{odd}(s)}` of configurations ``s`` (chapter 13).

    :math:`N_\uparrow^\text{odd}(s)` counts the up spins (:math:`s_i = +1`) on the odd sites
    :math:`i = 1, 3, 5, \dots`. Exchanging two antiparallel spins on neighbouring sites (one odd, one
    even) changes that count by one, so :math:`M(s')/M(s) = -1`; exchanging spins two sites apart (same
    sublattice) leaves it, :math:`M(s')/M(s) = +1`. ``s`` has shape ``(..., L)`` with entries ±1 (a
    NumPy or JAX array; works under ``jax.jit``); the result has shape ``s.shape[:-1]``, entries ±1.
    """
    if not isinstance(s, jax.core.Tracer):
        arr = np.asarray(s)
        if arr.ndim < 1 or arr.size == 0 or not np.all(np.isin(arr, (-1, 1))):
            raise ValueError(f"s must hold spin configurations of shape (..., L) with entries ±1, got {s!r:.60}")
    s = jnp.asarray(s)
    up_odd = jnp.sum(s[..., 1::2] > 0, axis=-1)
    return 1.0 - 2.0 * (up_odd % 2)


def marshall_weight(psi, L):
    r"""The fraction of :math:`|\psi|^2` whose sign agrees with Marshall's rule (chapter 13).

    .. math::

        w = \max(w_+, 1 - w_+), \qquad
        w_+ = \frac{\sum_{s:\,M(s)\psi(s) > 0} |\psi(s)|^2}{\sum_s |\psi(s)|^2},

    the maximum because :math:`\psi` and :math:`-\psi` are one state. :math:`w = 1` means
    :math:`\psi = M|\psi|` exactly, as for the ground state of the unfrustrated chain (:math:`J_2 = 0`,
    even :math:`L`); the average sign :math:`\langle \mathrm{sign}(M\psi)\rangle_{|\psi|^2} = 2w - 1`.
    ``psi`` is a real vector of length :math:`2^L` in the basis of
    :func:`physml.quantum.spin_configurations`. Returns a float in :math:`[1/2, 1]`.

    At the Majumdar–Ghosh point :math:`J_2 = J/2` the ring's ground state is two-fold degenerate: each
    dimer covering (a product of singlets) has weight 1, but :math:`M\psi_B = (-1)^{L/2}|\psi_B|` for
    the covering that starts on an odd site, so for :math:`L \equiv 2 \pmod 4` their combinations, such
    as the vector exact diagonalisation returns, have weight below 1 (0.992 for :math:`L = 10`).
    """
    L = v.count("L", L, minimum=2)
    if np.iscomplexobj(psi):
        raise TypeError("psi must be a real state vector (the Marshall sign of a complex amplitude is undefined)")
    psi = v.finite_array("psi", psi, ndim=1)
    if psi.shape[0] != 2**L:
        raise ValueError(f"psi must have length 2**L = {2**L}, got {psi.shape[0]}")
    prob = psi**2
    if prob.sum() == 0:
        raise ValueError("psi must not be the zero vector")
    signs = np.asarray(marshall_sign(quantum.spin_configurations(L)))
    w_plus = prob[signs * psi > 0].sum() / prob.sum()
    return float(max(w_plus, 1.0 - w_plus))


# --------------------------------------------------------------------------- #
# The local energy of the J1-J2 chain
# --------------------------------------------------------------------------- #
def _bonds(L):
    """Static bond table of the chain: for the L nearest-neighbour bonds (i, i+1), then the L next-nearest
    (i, i+2), the permutation exchanging the two sites, the sites i and j, and Marshall's ratio M(s')/M(s)
    of an exchange across the bond (-1 between sublattices, +1 within one)."""
    perms, first, second = [], [], []
    for d in (1, 2):
        for i in range(L):
            j = (i + d) % L
            perm = np.arange(L)
            perm[i], perm[j] = j, i
            perms.append(perm)
            first.append(i)
            second.append(j)
    ratio = np.concatenate([-np.ones(L), np.ones(L)])
    return np.stack(perms), np.array(first), np.array(second), ratio


def _local_energy(log_psi, params, s, J, J2, sign_rule):
    # J, J2 and sign_rule may be traced: one compiled program serves every coupling and both ansätze
    L = s.shape[-1]
    perms, i, j, marshall = _bonds(L)
    coupling = jnp.concatenate([jnp.full(L, J), jnp.full(L, J2)])
    ratio = jnp.where(sign_rule, jnp.asarray(marshall), 1.0)
    si, sj = s[:, i], s[:, j]                                     # (N, 2L)
    diagonal = jnp.sum(coupling * si * sj, axis=-1) / 4.0
    swapped = s[:, perms]                                         # (N, 2L, L)
    amp = jnp.exp(log_psi(params, swapped) - log_psi(params, s)[:, None])
    off = jnp.where(si != sj, 0.5 * coupling * ratio * amp, 0.0)
    return diagonal + jnp.sum(off, axis=-1)


_local_energy_jit = jax.jit(_local_energy, static_argnums=0)


def _couplings(J, J2):
    return v.real("J", J), v.real("J2", J2)


def _even_sites(L, what="the sign rule and the zero-magnetisation sector"):
    L = v.count("L", L, minimum=2)
    if L % 2:
        raise ValueError(f"L must be even for {what}, got L={L}")
    return L


def heisenberg_local_energy(log_psi, params, s, *, J=1.0, J2=0.0, sign_rule=True):
    r"""Local energies :math:`E_\text{loc}(s) = \langle s|H|\psi\rangle/\langle s|\psi\rangle` of the J1–J2 chain.

    Chapter 13, eq. ``heisenberg-local-energy``. For :math:`\psi = M\varphi` with :math:`\varphi =`
    ``exp(log_psi(params, s))`` and :math:`M` Marshall's sign (:func:`marshall_sign`; :math:`M = 1` if
    ``sign_rule`` is false),

    .. math::

        E_\text{loc}(s) = \sum_{\langle ij\rangle} J_{ij}\Big[\frac{s_is_j}{4}
            + \frac{[s_i \ne s_j]}{2}\,\frac{M(s^{ij})}{M(s)}\,\frac{\varphi(s^{ij})}{\varphi(s)}\Big],

    summed over the bonds :math:`(i, i+1)` with :math:`J_{ij} = J` and :math:`(i, i+2)` with
    :math:`J_{ij} = J_2` (periodic), where :math:`s^{ij}` is :math:`s` with spins :math:`i` and
    :math:`j` exchanged; :math:`M(s^{ij})/M(s) = -1` for nearest and :math:`+1` for next-nearest
    neighbours. ``s`` has shape ``(N, L)``; ``L`` must be even when ``sign_rule`` is true. Returns shape
    ``(N,)``. Compiled with ``jax.jit`` (``log_psi`` static).
    """
    v.callable_arg("log_psi", log_psi)
    J, J2 = _couplings(J, J2)
    s = jnp.asarray(s, dtype=float)
    if s.ndim != 2:
        raise ValueError(f"s must be a batch of configurations of shape (N, L), got shape {s.shape}")
    L = s.shape[1]
    if sign_rule:
        _even_sites(L, "Marshall's sign rule")
    return _local_energy_jit(log_psi, params, s, J, J2, bool(sign_rule))


# --------------------------------------------------------------------------- #
# Metropolis with exchange moves in the zero-magnetisation sector
# --------------------------------------------------------------------------- #
def _exchange_sweep(log_psi, params, key, s, lp):
    """L exchange proposals for every chain: swap a uniformly chosen up spin with a uniformly chosen down spin.

    With L/2 up and L/2 down spins the proposal probability is (2/L)^2 both ways (symmetric), so the
    Metropolis acceptance min(1, |psi(s')/psi(s)|^2) obeys detailed balance with respect to |psi|^2."""
    n_chains, L = s.shape
    chain = jnp.arange(n_chains)

    def propose(carry, key):
        s, lp, accepted = carry
        k_up, k_down, k_acc = jax.random.split(key, 3)
        i = jnp.argmax(jnp.where(s > 0, jax.random.uniform(k_up, s.shape), -1.0), axis=-1)
        j = jnp.argmax(jnp.where(s < 0, jax.random.uniform(k_down, s.shape), -1.0), axis=-1)
        s_new = s.at[chain, i].set(-1.0).at[chain, j].set(1.0)
        lp_new = log_psi(params, s_new)
        accept = jnp.log(jax.random.uniform(k_acc, (n_chains,))) < 2.0 * (lp_new - lp)
        s = jnp.where(accept[:, None], s_new, s)
        lp = jnp.where(accept, lp_new, lp)
        return (s, lp, accepted + accept), None

    (s, lp, accepted), _ = jax.lax.scan(propose, (s, lp, jnp.zeros(n_chains)), jax.random.split(key, L))
    return s, lp, accepted / L


def _exchange_run(log_psi, params, key, chains, n_sweeps, n_keep):
    """``n_sweeps`` sweeps; the configuration after each of the last ``n_keep``, shape (n_keep, n_chains, L)."""
    return run_sweeps(partial(_exchange_sweep, log_psi, params), chains, log_psi(params, chains), key=key,
                      n_sweeps=n_sweeps, n_keep=n_keep)


_exchange_run_jit = jax.jit(_exchange_run, static_argnums=(0, 4, 5))


def _neel_shuffles(key, n_chains, L):
    """Random configurations with L/2 up and L/2 down spins, shape (n_chains, L)."""
    base = jnp.where(jnp.arange(L) < L // 2, 1.0, -1.0)
    order = jnp.argsort(jax.random.uniform(key, (n_chains, L)), axis=-1)
    return base[order]


def _sample_options(n_samples, n_chains, n_discard):
    n_samples = v.count("n_samples", n_samples, minimum=1)
    n_chains = v.count("n_chains", n_chains, minimum=1)
    if n_samples % n_chains:
        raise ValueError(f"n_samples must be divisible by n_chains, got n_samples={n_samples}, n_chains={n_chains}")
    return n_samples, n_chains, v.count("n_discard", n_discard)


def _sector_chains(chains, n_chains, L):
    chains = np.asarray(chains, dtype=float)
    if chains.shape != (n_chains, L):
        raise ValueError(f"chains must have shape (n_chains, L) = {(n_chains, L)}, got {chains.shape}")
    if not np.all(np.isin(chains, (-1.0, 1.0))) or np.any(chains.sum(axis=1) != 0):
        raise ValueError("chains must hold configurations of ±1 with zero magnetisation (as many up as down spins)")
    return jnp.asarray(chains)


def exchange_sample(log_psi, params, L, *, key, n_samples, n_chains=64, n_discard=10, chains=None):
    r"""Samples of :math:`|\psi(s)|^2` in the sector :math:`\sum_i s_i = 0` by Metropolis with exchange moves.

    Chapter 13. A proposal picks a random up spin and a random down spin (anywhere on the chain) and
    exchanges them, which keeps the magnetisation zero; it is accepted with probability
    :math:`\min(1, |\psi(s')/\psi(s)|^2)`. The proposal is symmetric (each pair has probability
    :math:`(2/L)^2`), so the chain obeys detailed balance with respect to :math:`|\psi|^2` restricted to
    the sector; Marshall's sign does not enter, :math:`|M| = 1`. A *sweep* is :math:`L` proposals; each
    of ``n_chains`` chains makes ``n_discard`` sweeps of burn-in, then keeps the configuration after
    each of ``n_samples / n_chains`` sweeps. Chains start from random zero-magnetisation configurations
    unless ``chains`` (shape ``(n_chains, L)``) continues earlier ones. ``L`` must be even. The samples
    are ordered as in :func:`physml.nqs.metropolis_sample` (time-major: ``samples.reshape(n_keep,
    n_chains, L)[:, c]`` is chain ``c``). Returns a :class:`physml.nqs.MetropolisSamples`.
    """
    v.callable_arg("log_psi", log_psi)
    key = v.prng_key("key", key)
    L = _even_sites(L, "the zero-magnetisation sector")
    n_samples, n_chains, n_discard = _sample_options(n_samples, n_chains, n_discard)
    k0, key = jax.random.split(key)
    chains = _neel_shuffles(k0, n_chains, L) if chains is None else _sector_chains(chains, n_chains, L)
    n_keep = n_samples // n_chains
    samples, chains, acc = _exchange_run_jit(log_psi, params, key, chains, n_discard + n_keep, n_keep)
    return MetropolisSamples(samples.reshape(-1, L), chains, float(acc))


# --------------------------------------------------------------------------- #
# VMC for the J1-J2 chain
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class HeisenbergVMC:
    """History of :func:`run_heisenberg_vmc` (one entry per iteration) and its final ``params`` and ``chains``.

    ``energy`` and ``variance`` are the sample mean and variance of the local energy before each
    update, ``error`` the standard error of ``energy`` (samples treated as independent),
    ``acceptance`` the exchange-move acceptance rate. ``sign_rule`` and ``J2`` record the run.
    """

    energy: np.ndarray
    variance: np.ndarray
    error: np.ndarray
    acceptance: np.ndarray
    params: dict
    chains: jnp.ndarray
    J2: float
    sign_rule: bool


@partial(jax.jit, static_argnames=("n_iter", "n_keep", "n_discard"))
def _heisenberg_scan(params, chains, key, learning_rate, diag_shift, J2, sign_rule, *, n_iter, n_keep, n_discard):
    # J2, sign_rule, learning_rate and diag_shift are traced: runs of one shape share one compiled program
    L = chains.shape[-1]
    _, unravel = ravel_pytree(params)
    per_sample_grad = jax.vmap(jax.grad(rbm_log_amplitude), in_axes=(None, 0))

    def iteration(carry, key):
        params, chains = carry
        samples, chains, acc = _exchange_run(rbm_log_amplitude, params, key, chains, n_discard + n_keep, n_keep)
        s = samples.reshape(-1, L)
        e_loc = _local_energy(rbm_log_amplitude, params, s, 1.0, J2, sign_rule)
        jac = jax.vmap(lambda g: ravel_pytree(g)[0])(per_sample_grad(params, s))
        delta = unravel(sr_direction(jac, e_loc, diag_shift=diag_shift))
        params = jax.tree.map(lambda p, d: p - learning_rate * d, params, delta)
        var = jnp.var(e_loc)
        return (params, chains), (jnp.mean(e_loc), var, jnp.sqrt(var / e_loc.shape[0]), acc)

    (params, chains), history = jax.lax.scan(iteration, (params, chains), jax.random.split(key, n_iter))
    return params, chains, history


def _rbm_shape(params, L, M=None):
    shape = jnp.shape(params["W"]) if isinstance(params, dict) and "W" in params else None
    if shape is None or shape[0] != L or (M is not None and shape[1] != M):
        want = f"(L, alpha*L) = {(L, M)}" if M is not None else f"({L}, M)"
        raise ValueError(f"params must be RBM parameters (nqs.rbm_init) with W of shape {want}, got {shape}")
    return params


def run_heisenberg_vmc(L, alpha, *, key, n_iter, n_samples, J2=0.0, sign_rule=True, n_chains=64, n_discard=2,
                       learning_rate=0.05, diag_shift=0.01, params=None, chains=None):
    r"""Variational Monte Carlo for the :math:`J_1`–:math:`J_2` Heisenberg chain (:math:`J = 1`) with an RBM.

    Chapter 13. The ansatz is :math:`\psi = M\varphi` with chapter 3's positive RBM :math:`\varphi`
    (:func:`physml.nqs.rbm_log_amplitude`, :math:`\alpha L` hidden units) and Marshall's sign :math:`M`
    (``sign_rule=True``), or :math:`\psi = \varphi` (``sign_rule=False``: a positive wavefunction,
    which cannot have the ground state's signs). Each of ``n_iter`` iterations draws ``n_samples``
    configurations with :func:`exchange_sample`'s moves from ``n_chains`` persistent chains
    (``n_discard`` burn-in sweeps, then one sample per sweep), computes the local energies
    (:func:`heisenberg_local_energy`) and takes a stochastic-reconfiguration step
    :math:`\theta \leftarrow \theta - \eta(S + \lambda I)^{-1}\nabla E` (:func:`physml.nqs.sr_direction`,
    :math:`\eta` = ``learning_rate``, :math:`\lambda` = ``diag_shift``). The run is one jit-compiled
    ``lax.scan``. ``key`` is split in three as in :func:`physml.nqs.run_vmc` (initial parameters,
    initial chains, the run); ``params`` and ``chains`` continue an earlier run. ``L`` must be even.
    Returns a :class:`HeisenbergVMC`.
    """
    key = v.prng_key("key", key)
    L = _even_sites(L)
    alpha = v.positive_float("alpha", alpha)
    M = alpha * L
    if abs(M - round(M)) > 1e-9:
        raise ValueError(f"alpha * L must be a whole number of hidden units, got alpha={alpha} with L={L}")
    J2 = v.real("J2", J2)
    n_iter = v.count("n_iter", n_iter, minimum=1)
    n_samples, n_chains, n_discard = _sample_options(n_samples, n_chains, n_discard)
    learning_rate = v.positive_float("learning_rate", learning_rate)
    diag_shift = v.positive_float("diag_shift", diag_shift)
    k_init, k_chain, k_run = jax.random.split(key, 3)
    params = rbm_init(L, alpha, key=k_init) if params is None else _rbm_shape(params, L, int(round(M)))
    chains = _neel_shuffles(k_chain, n_chains, L) if chains is None else _sector_chains(chains, n_chains, L)
    params, chains, (energy, var, err, acc) = _heisenberg_scan(
        params, chains, k_run, learning_rate, diag_shift, J2, bool(sign_rule), n_iter=n_iter,
        n_keep=n_samples // n_chains, n_discard=n_discard)
    return HeisenbergVMC(np.asarray(energy), np.asarray(var), np.asarray(err), np.asarray(acc), params, chains,
                         J2, bool(sign_rule))


@dataclass(frozen=True)
class HeisenbergEstimate:
    r"""Estimates of :func:`heisenberg_estimate`, each with its standard error (samples treated as
    independent): the ``energy`` (total, not per site), the local-energy ``variance``, ``szsz``
    (:math:`C(r) = \langle S^z_iS^z_{i+r}\rangle` for :math:`r = 0,\dots,L/2`, averaged over :math:`i`;
    :math:`C(0) = 1/4`), and the exchange-move ``acceptance``; ``chains`` continue the sampling."""

    energy: float
    energy_error: float
    variance: float
    szsz: np.ndarray
    szsz_error: np.ndarray
    acceptance: float
    chains: jnp.ndarray


@jax.jit
def _estimate(params, samples, J2, sign_rule):
    L = samples.shape[-1]
    e_loc = _local_energy(rbm_log_amplitude, params, samples, 1.0, J2, sign_rule)
    zz = jnp.stack([jnp.mean(samples * jnp.roll(samples, -r, axis=1), axis=1) for r in range(L // 2 + 1)], 1)
    return e_loc, zz / 4.0


def heisenberg_estimate(params, L, *, key, n_samples, J2=0.0, sign_rule=True, n_chains=128, n_discard=20,
                        chains=None):
    r"""Energy and spin correlations of an RBM state of the :math:`J_1`–:math:`J_2` chain from fresh samples.

    Chapter 13. Draws ``n_samples`` configurations with :func:`exchange_sample` and returns the sample
    means of the local energy (:func:`heisenberg_local_energy`, :math:`J = 1`) and of
    :math:`C(r) = \frac1L\sum_i S^z_iS^z_{i+r} = \frac14\frac1L\sum_i s_is_{i+r}` for
    :math:`r \le L/2` (Marshall's sign does not change :math:`|\psi|^2`, so :math:`C` does not depend on
    ``sign_rule``; the energy does). Compare with :func:`physml.quantum.heisenberg_ground_state` and
    ``quantum.zz_correlation(psi, L) / 4``. Returns a :class:`HeisenbergEstimate`.
    """
    L = _even_sites(L)
    _rbm_shape(params, L)
    J2 = v.real("J2", J2)
    drawn = exchange_sample(rbm_log_amplitude, params, L, key=key, n_samples=n_samples, n_chains=n_chains,
                            n_discard=n_discard, chains=chains)
    e_loc, zz = (np.asarray(a) for a in _estimate(params, drawn.samples, J2, bool(sign_rule)))
    n = len(e_loc)
    return HeisenbergEstimate(float(e_loc.mean()), float(e_loc.std() / np.sqrt(n)), float(e_loc.var()),
                              zz.mean(axis=0), zz.std(axis=0) / np.sqrt(n), drawn.acceptance, drawn.chains)


@jax.jit
def _sector_energy(params, configs, J2, sign_rule):
    lp = rbm_log_amplitude(params, configs)
    w = jnp.exp(2.0 * (lp - jnp.max(lp)))
    return (w @ _local_energy(rbm_log_amplitude, params, configs, 1.0, J2, sign_rule)) / jnp.sum(w)


def rbm_heisenberg_energy(params, L, *, J2=0.0, sign_rule=True):
    r"""Exact variational energy of an RBM state of the :math:`J_1`–:math:`J_2` chain (:math:`J = 1`), no sampling.

    Chapter 13: :func:`physml.nqs.rbm_energy`'s sum over the zero-magnetisation sector instead of
    :math:`2^L` configurations,

    .. math::

        E[\psi] = \frac{\sum_{s \in S_0} \varphi(s)^2\,E_\text{loc}(s)}{\sum_{s \in S_0} \varphi(s)^2},
        \qquad S_0 = \{s : \textstyle\sum_i s_i = 0\},

    which is the Rayleigh quotient of :math:`\psi = M\varphi` (or :math:`\varphi`) restricted to the
    sector, where :func:`exchange_sample` draws. ``L`` must be even and at most ``MAX_SECTOR_SITES``.
    Returns a float, never below the ground-state energy.
    """
    L = _even_sites(L)
    if L > MAX_SECTOR_SITES:
        raise ValueError(f"L must be <= {MAX_SECTOR_SITES} to sum over the zero-magnetisation sector, got {L}")
    _rbm_shape(params, L)
    J2 = v.real("J2", J2)
    configs = jnp.asarray(quantum.spin_configurations(L)[quantum.zero_magnetisation_indices(L)], dtype=float)
    return float(_sector_energy(params, configs, J2, bool(sign_rule)))


def lookup_log_amplitude(table, s):
    r"""The log-amplitude of a state given as a table: ``table[n(s)]`` with :math:`n(s) = \sum_i b_i 2^i` (chapter 13).

    ``table`` (length :math:`2^L`) holds :math:`\log|\psi|` of every basis state in the order of
    :func:`physml.quantum.spin_configurations` (bit :math:`b_i = (1 - s_i)/2`), e.g.
    ``jnp.log(jnp.abs(quantum.tfim_ground_state(L, h).psi))``; ``s`` has shape ``(..., L)``. With it an
    exact state goes wherever a ``log_psi(params, s)`` is expected (:func:`physml.nqs.metropolis_sample`,
    :func:`heisenberg_local_energy`, :func:`sampling_autocorrelation`), with ``table`` as the "parameters":
    the sampler's behaviour is then that of the exact :math:`|\psi_0|^2`, without any training. Works under
    ``jax.jit``; the result has shape ``s.shape[:-1]``.
    """
    s = jnp.asarray(s)
    bits = ((1 - s) // 2).astype(jnp.int32) if jnp.issubdtype(s.dtype, jnp.integer) else \
        ((1.0 - s) / 2.0).astype(jnp.int32)
    return jnp.asarray(table)[bits @ (1 << jnp.arange(s.shape[-1], dtype=jnp.int32))]


# --------------------------------------------------------------------------- #
# What makes h = J hard: correlation length and sampling autocorrelation
# --------------------------------------------------------------------------- #
def correlation_length(zz, L):
    r"""Second-moment correlation length of a periodic chain from its correlation function (chapter 13).

    ``zz`` holds :math:`C(r)` for :math:`r = 0, \dots, \lfloor L/2\rfloor` (as
    :func:`physml.nqs.vmc_estimate` and :func:`physml.quantum.zz_correlation` give it); the ring is
    completed with :math:`C(L - r) = C(r)`. With the structure factor
    :math:`S(k) = \sum_{r=0}^{L-1} C(r)\cos kr` and :math:`k_1 = 2\pi/L`,

    .. math::

        \xi = \frac{1}{2\sin(k_1/2)}\sqrt{\frac{S(0)}{S(k_1)} - 1} .

    For :math:`C(r) \propto e^{-r/\xi_0}` summed over the ring's images this is exactly
    :math:`1/(2\sinh(1/2\xi_0)) \approx \xi_0` for any :math:`L`. We use the *full* correlation: on a
    finite periodic chain :math:`\langle\sigma^z_i\rangle = 0` by the spin-flip symmetry, so it is
    also the connected one. In an ordered phase :math:`C(r)` tends to :math:`m^2 > 0`, :math:`S(0)`
    grows like :math:`L` and :math:`\xi` with it: :math:`\xi/L` growing with :math:`L` signals order.
    Returns a float (``inf`` if :math:`S(k_1) \le 0`).
    """
    L = v.count("L", L, minimum=3)
    zz = v.finite_array("zz", zz, ndim=1)
    if zz.shape[0] != L // 2 + 1:
        raise ValueError(f"zz must hold C(r) for r = 0..L//2, length {L // 2 + 1} for L={L}, got {zz.shape[0]}")
    r = np.arange(L)
    ring = zz[np.minimum(r, L - r)]
    k1 = 2 * np.pi / L
    s0, s1 = ring.sum(), ring @ np.cos(k1 * r)
    if s0 <= 0:
        raise ValueError(f"zz must have a positive sum over the ring (S(0) > 0), got S(0) = {s0:.3g}")
    if s1 <= 0:
        return float("inf")
    return float(np.sqrt(max(s0 / s1 - 1.0, 0.0)) / (2 * np.sin(k1 / 2)))


@dataclass(frozen=True)
class SamplingAutocorrelation:
    r"""The autocorrelation of a Metropolis observable, from :func:`sampling_autocorrelation` (chapter 13).

    ``tau`` is the integrated autocorrelation time in sweeps (mean over chains of
    :func:`physml.ising.integrated_autocorrelation_time`), ``tau_error`` its standard error over
    chains, ``rho`` the normalised autocorrelation :math:`\rho(t)` for :math:`t = 0, 1, \dots` (pooled
    over chains), ``series`` the observable per sweep, shape ``(n_chains, n_sweeps)``, and
    ``acceptance`` the single-flip acceptance rate."""

    tau: float
    tau_error: float
    rho: np.ndarray
    series: np.ndarray
    acceptance: float
    observable: str


_OBSERVABLES = ("m2", "m")


def sampling_autocorrelation(params, L, *, key, n_sweeps, n_chains=32, n_discard=50, observable="m2", max_lag=20,
                             log_psi=rbm_log_amplitude):
    r"""How correlated successive Metropolis samples of an RBM state are, in sweeps (chapter 13).

    Runs :func:`physml.nqs.metropolis_sample` (single-spin flips, a sweep is :math:`L` proposals) on
    :math:`|\psi|^2` of chapter 3's RBM ``params`` (or of any ``log_psi(params, s)`` that takes batches, e.g. an
    exact ground state as a lookup table) for ``n_discard`` + ``n_sweeps`` sweeps in each of
    ``n_chains`` chains and records, after every sweep, the ``observable``: ``"m2"``, the squared
    magnetisation per site :math:`m^2 = (\frac1L\sum_i s_i)^2`, or ``"m"``, :math:`m` itself. Its
    integrated autocorrelation time :math:`\tau_\text{int} = \frac12 + \sum_{t\ge1}\rho(t)` (Sokal's
    window, :func:`physml.ising.integrated_autocorrelation_time`) says that ``n`` samples carry the
    information of :math:`n/2\tau_\text{int}` independent ones. For the uniform state (all parameters
    zero) every flip is accepted and :math:`\rho(t) = (1 - 2/L)^{Lt}` for :math:`m`, :math:`(1 - 4/L)^{Lt}`
    for :math:`m^2` (the Ehrenfest urn). Near a critical point :math:`m^2` decorrelates slowly.
    Returns a :class:`SamplingAutocorrelation`.
    """
    L = v.count("L", L, minimum=2)
    v.callable_arg("log_psi", log_psi)
    if log_psi is rbm_log_amplitude:
        _rbm_shape(params, L)
    n_sweeps = v.count("n_sweeps", n_sweeps, minimum=8)
    n_chains = v.count("n_chains", n_chains, minimum=1)
    max_lag = v.count("max_lag", max_lag, minimum=1)
    if max_lag >= n_sweeps:
        raise ValueError(f"max_lag must be smaller than n_sweeps = {n_sweeps}, got {max_lag}")
    if observable not in _OBSERVABLES:
        raise ValueError(f"observable must be one of {list(_OBSERVABLES)}, got {observable!r}")
    drawn = metropolis_sample(log_psi, params, L, key=key, n_samples=n_sweeps * n_chains,
                              n_chains=n_chains, n_discard=n_discard)
    m = np.asarray(drawn.samples).reshape(n_sweeps, n_chains, L).mean(axis=-1).T      # (n_chains, n_sweeps)
    series = m**2 if observable == "m2" else m
    tau = np.atleast_1d(integrated_autocorrelation_time(series))
    x = series - series.mean()
    var = np.mean(x * x)
    if var > 0:
        rho = np.array([1.0] + [np.mean(x[:, t:] * x[:, :-t]) / var for t in range(1, max_lag + 1)])
    else:
        rho = np.full(max_lag + 1, np.nan)
    tau_error = float(tau.std(ddof=1) / np.sqrt(len(tau))) if len(tau) > 1 else float("nan")
    return SamplingAutocorrelation(float(tau.mean()), tau_error, rho, series, drawn.acceptance, observable)
