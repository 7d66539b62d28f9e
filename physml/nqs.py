r"""Neural quantum states and variational Monte Carlo (chapter 3).

A neural network maps a spin configuration :math:`s \in \{\pm1\}^L` to the
logarithm of a wavefunction amplitude, :math:`\log\psi_\theta(s)`. The
variational energy

.. math::

    E(\theta) = \frac{\langle\psi_\theta|H|\psi_\theta\rangle}{\langle\psi_\theta|\psi_\theta\rangle}
              = \mathbb{E}_{s\sim|\psi_\theta|^2}\,[E_\text{loc}(s)], \qquad
    E_\text{loc}(s) = \sum_{s'} H_{ss'}\,\frac{\psi_\theta(s')}{\psi_\theta(s)},

is estimated from Metropolis samples of :math:`|\psi_\theta|^2` and lowered by
stochastic reconfiguration (imaginary-time evolution projected on the ansatz,
Sorella 1998) or by a plain optax optimiser. The ansatz of the chapter is the
restricted Boltzmann machine of Carleo & Troyer (2017). :func:`compare_optimizers` measures
SR against Adam over seeds, judging final states exactly (:func:`rbm_energy`); the
``pair_*`` functions and :func:`train_pair` are the chapter's step beyond spins, two
particles in a trap with an (anti)symmetrised network.

Conventions: spins and the Hamiltonian are those of :mod:`physml.quantum`.
Parameters are pytrees (dicts of arrays); functions are pure; randomness enters
through a keyword-only JAX PRNG ``key``; results are frozen dataclasses. Everything here is real-valued: for
:math:`h \ge 0` the ground state of the transverse-field Ising chain is
positive (Perron–Frobenius), so a positive ansatz can represent it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
import optax

from . import _validate as v
from . import quantum
from .nn import fit_adam

__all__ = [
    "rbm_init",
    "rbm_log_amplitude",
    "flip_ratios",
    "local_energy",
    "metropolis_sample",
    "run_sweeps",
    "MetropolisSamples",
    "energy_gradient",
    "sr_direction",
    "run_vmc",
    "VMCResult",
    "run_vmc_grid",
    "VMCGrid",
    "VMCConvergence",
    "vmc_estimate",
    "VMCEstimate",
    "rbm_energy",
    "compare_optimizers",
    "OptimizerComparison",
    "pair_init",
    "pair_amplitude",
    "pair_energy",
    "train_pair",
    "PairResult",
    "CHAPTER3_RUN",
    "CHAPTER3_FINAL_SAMPLES",
    "MAX_ENUMERATED_SITES",
]


# --------------------------------------------------------------------------- #
# The ansatz
# --------------------------------------------------------------------------- #
def _hidden_units(L, alpha):
    L = v.count("L", L, minimum=2)
    alpha = v.positive_float("alpha", alpha)
    M = alpha * L
    if abs(M - round(M)) > 1e-9:
        raise ValueError(f"alpha * L must be a whole number of hidden units, got alpha={alpha} with L={L}")
    return L, int(round(M))


def rbm_init(L, alpha, *, key, scale=0.01):
    r"""Small random RBM parameters: ``{"a": (L,), "b": (M,), "W": (L, M)}`` with :math:`M = \alpha L`.

    Chapter 3. Entries are Gaussian with standard deviation ``scale``; near zero
    the RBM is close to the uniform superposition, the :math:`h \to \infty`
    ground state, a good start for the transverse-field Ising chain.
    """
    key = v.prng_key("key", key)
    L, M = _hidden_units(L, alpha)
    scale = v.positive_float("scale", scale)
    return _rbm_draw(key, L, M, scale)


@partial(jax.jit, static_argnums=(1, 2))
def _rbm_draw(key, L, M, scale):
    # one compiled program for the three draws (eagerly, each is a compilation of its own on first use)
    ka, kb, kw = jax.random.split(key, 3)
    return {"a": scale * jax.random.normal(ka, (L,)),
            "b": scale * jax.random.normal(kb, (M,)),
            "W": scale * jax.random.normal(kw, (L, M))}


@partial(jax.jit, static_argnums=(1, 2, 3))
def _vmc_start(key, L, M, n_chains):
    # run_vmc's split of its key: the initial RBM (rbm_init), the initial chains, the run's key
    k_init, k_chain, k_run = jax.random.split(key, 3)
    return (_rbm_draw(k_init, L, M, 0.01), jax.random.choice(k_chain, jnp.array([-1.0, 1.0]), (n_chains, L)),
            k_run)


def _log_2cosh(x):
    # log(2 cosh x) = |x| + log(1 + e^{-2|x|}), stable for large |x|
    ax = jnp.abs(x)
    return ax + jnp.log1p(jnp.exp(-2.0 * ax))


def rbm_log_amplitude(params, s):
    r"""Log-amplitude of the restricted Boltzmann machine (chapter 3, eq. ``rbm``).

    .. math::

        \log\psi(s) = \sum_i a_i s_i + \sum_{j=1}^{M} \log 2\cosh\Big(b_j + \sum_i W_{ij} s_i\Big),

    the hidden units summed out analytically. ``s`` has shape ``(..., L)``;
    the result has shape ``s.shape[:-1]``.
    """
    s = jnp.asarray(s, dtype=params["W"].dtype)
    theta = params["b"] + s @ params["W"]
    return s @ params["a"] + jnp.sum(_log_2cosh(theta), axis=-1)


# --------------------------------------------------------------------------- #
# Local estimators
# --------------------------------------------------------------------------- #
def _flip_ratios(log_psi, params, s):
    s = jnp.asarray(s)
    L = s.shape[-1]
    flips = 1 - 2 * jnp.eye(L, dtype=s.dtype)              # row i flips spin i
    flipped = s[:, None, :] * flips[None, :, :]             # (N, L, L)
    return jnp.exp(log_psi(params, flipped) - log_psi(params, s)[:, None])


def _local_energy(log_psi, params, s, h, J):
    diagonal = -J * jnp.sum(s * jnp.roll(s, -1, axis=-1), axis=-1)
    return diagonal - h * jnp.sum(_flip_ratios(log_psi, params, s), axis=-1)


_flip_ratios_jit = jax.jit(_flip_ratios, static_argnums=0)
_local_energy_jit = jax.jit(_local_energy, static_argnums=0)


def _batch(s):
    s = jnp.asarray(s, dtype=float)
    if s.ndim != 2:
        raise ValueError(f"s must be a batch of configurations of shape (N, L), got shape {s.shape}")
    return s


def flip_ratios(log_psi, params, s):
    r"""Amplitude ratios :math:`\psi(s^{(i)})/\psi(s)` for every single-spin flip :math:`s^{(i)}`.

    Chapter 3. ``s`` has shape ``(N, L)``; the result has shape ``(N, L)``.
    These are the off-diagonal matrix elements :math:`\langle s|\sigma^x_i|\psi\rangle/\langle s|\psi\rangle`.
    Compiled with ``jax.jit`` (``log_psi`` is a static argument).
    """
    v.callable_arg("log_psi", log_psi)
    return _flip_ratios_jit(log_psi, params, _batch(s))


def local_energy(log_psi, params, s, h, J=1.0):
    r"""Local energies of the transverse-field Ising chain for a batch of configurations.

    Chapter 3, eq. ``local-energy``. For
    :math:`H = -J\sum_i\sigma^z_i\sigma^z_{i+1} - h\sum_i\sigma^x_i` (periodic),

    .. math::

        E_\text{loc}(s) = \frac{\langle s|H|\psi\rangle}{\langle s|\psi\rangle}
        = -J\sum_i s_i s_{i+1} - h\sum_i \frac{\psi(s^{(i)})}{\psi(s)} .

    ``log_psi(params, s)`` is any log-amplitude that accepts batches; ``s`` has
    shape ``(N, L)``. Returns shape ``(N,)``. If :math:`\psi` is an eigenstate,
    :math:`E_\text{loc}` is the same constant for every :math:`s` (zero variance).
    Compiled with ``jax.jit`` (``log_psi`` is a static argument).
    """
    v.callable_arg("log_psi", log_psi)
    return _local_energy_jit(log_psi, params, _batch(s), v.real("h", h), v.real("J", J))


# --------------------------------------------------------------------------- #
# Metropolis sampling of |psi|^2 over many chains
# --------------------------------------------------------------------------- #
def _sweep(log_psi, params, key, s, lp):
    """L single-spin-flip Metropolis proposals for every chain (vmapped by broadcasting)."""
    n_chains, L = s.shape
    k_site, k_acc = jax.random.split(key)
    sites = jax.random.randint(k_site, (L, n_chains), 0, L)       # random numbers drawn up front
    log_u = jnp.log(jax.random.uniform(k_acc, (L, n_chains)))
    chain = jnp.arange(n_chains)

    def propose(carry, x):
        s, lp, accepted = carry
        site, log_u = x
        s_new = s.at[chain, site].multiply(-1)
        lp_new = log_psi(params, s_new)
        # accept with probability min(1, |psi(s')|^2 / |psi(s)|^2)
        accept = log_u < 2.0 * (lp_new - lp)
        s = jnp.where(accept[:, None], s_new, s)
        lp = jnp.where(accept, lp_new, lp)
        return (s, lp, accepted + accept), None

    (s, lp, accepted), _ = jax.lax.scan(propose, (s, lp, jnp.zeros(n_chains)), (sites, log_u))
    return s, lp, accepted / L


def run_sweeps(sweep, chains, carried, *, key, n_sweeps, n_keep):
    r"""The outer loop of a Metropolis sampler: ``n_sweeps`` sweeps of all chains, keeping the last ``n_keep``.

    Chapters 3 and 13. ``sweep(key, s, carried) -> (s, carried, acceptance)`` advances every chain
    (``s``, shape ``(n_chains, L)``) by one sweep; ``carried`` is whatever the sweep updates along
    with the configurations (:math:`\log\psi(s)` for :func:`metropolis_sample`, the RBM's
    :math:`\tanh\theta` for :func:`run_vmc`, :math:`\log\psi` again for chapter 13's exchange moves).
    The key is split into one key per sweep. The first ``n_sweeps - n_keep`` sweeps are burn-in.
    Returns ``(samples, chains, acceptance)``: the configurations after each of the last ``n_keep``
    sweeps (shape ``(n_keep, n_chains, L)``), the final chains, and the mean acceptance over all sweeps.
    Runs as one ``jax.lax.scan``, so it may be called inside ``jax.jit`` (``n_sweeps`` and ``n_keep``
    static).
    """
    v.callable_arg("sweep", sweep)
    n_sweeps = v.count("n_sweeps", n_sweeps, minimum=1)
    n_keep = v.count("n_keep", n_keep, minimum=0)
    if n_keep > n_sweeps:
        raise ValueError(f"n_keep must be at most n_sweeps = {n_sweeps}, got n_keep={n_keep}")

    def one(carry, key):
        s, carried = carry
        s, carried, acc = sweep(key, s, carried)
        return (s, carried), (s, acc)

    (chains, _), (samples, acc) = jax.lax.scan(one, (chains, carried), jax.random.split(key, n_sweeps))
    return samples[n_sweeps - n_keep:], chains, jnp.mean(acc)


def _sample(log_psi, params, key, chains, n_sweeps, n_keep):
    """Run ``n_sweeps`` single-flip sweeps; keep the configuration after each of the last ``n_keep``."""
    return run_sweeps(partial(_sweep, log_psi, params), chains, log_psi(params, chains), key=key, n_sweeps=n_sweeps,
                      n_keep=n_keep)


@partial(jax.jit, static_argnums=(0, 4, 5))
def _sample_jit(log_psi, params, key, chains, n_sweeps, n_keep):
    return _sample(log_psi, params, key, chains, n_sweeps, n_keep)


def _check_chains(n_samples, n_chains):
    n_samples = v.count("n_samples", n_samples, minimum=1)
    n_chains = v.count("n_chains", n_chains, minimum=1)
    if n_samples % n_chains:
        raise ValueError(f"n_samples must be divisible by n_chains, got n_samples={n_samples}, "
                         f"n_chains={n_chains}")
    return n_samples, n_chains


@dataclass(frozen=True)
class MetropolisSamples:
    """Configurations drawn by :func:`metropolis_sample`: ``samples`` of shape ``(n_samples, L)``,
    the final state of every chain ``chains`` (shape ``(n_chains, L)``, to continue them) and the
    mean ``acceptance`` rate of the proposals."""

    samples: jnp.ndarray
    chains: jnp.ndarray
    acceptance: float


def metropolis_sample(log_psi, params, L, *, key, n_samples, n_chains=64, n_discard=10, chains=None):
    r"""Samples of :math:`|\psi(s)|^2` from ``n_chains`` Metropolis chains run in parallel.

    Chapter 3. A *sweep* is :math:`L` proposals, each flipping one random spin and
    accepted with probability :math:`\min(1, |\psi(s')/\psi(s)|^2)`, which obeys
    detailed balance with respect to :math:`|\psi|^2`. Each chain makes
    ``n_discard`` sweeps of burn-in, then keeps the configuration after each of
    ``n_samples / n_chains`` further sweeps. ``chains`` (shape ``(n_chains, L)``)
    continues earlier chains; by default they start from random configurations.

    Returns a :class:`MetropolisSamples`.
    """
    v.callable_arg("log_psi", log_psi)
    key = v.prng_key("key", key)
    L = v.count("L", L, minimum=2)
    n_samples, n_chains = _check_chains(n_samples, n_chains)
    n_discard = v.count("n_discard", n_discard)
    k0, key = jax.random.split(key)
    if chains is None:
        chains = jax.random.choice(k0, jnp.array([-1.0, 1.0]), (n_chains, L))
    chains = jnp.asarray(chains, dtype=float)
    if chains.shape != (n_chains, L):
        raise ValueError(f"chains must have shape (n_chains, L) = {(n_chains, L)}, got {chains.shape}")
    n_keep = n_samples // n_chains
    samples, chains, acc = _sample_jit(log_psi, params, key, chains, n_discard + n_keep, n_keep)
    return MetropolisSamples(samples.reshape(-1, L), chains, float(acc))


# --------------------------------------------------------------------------- #
# The RBM's fast path inside the VMC loop (Carleo & Troyer 2017)
# --------------------------------------------------------------------------- #
# With theta = b + s W and t = tanh(theta), a flip of spin i shifts theta by -2 s_i W_i, and
#     psi(s^(i)) / psi(s) = exp(-2 a_i s_i) prod_j [cosh(2 W_ij) - s_i t_j sinh(2 W_ij)],
#     tanh(theta_j - 2 s_i W_ij) = (t_j - s_i tanh(2 W_ij)) / (1 - s_i t_j tanh(2 W_ij)),
# (cosh(x - y) = cosh x cosh y - sinh x sinh y, and the addition formula of tanh), so with the tables
# cosh(2W), sinh(2W), tanh(2W), computed once per iteration, a Metropolis proposal and the L flip ratios
# of a local energy need products only, no exp/log per hidden unit: the transcendental functions were
# most of an iteration's time. The log-derivatives are O_a = s, O_b = t, O_W = s (x) t. The products
# stay finite while sum_j 2|W_ij| is below ~700, far beyond any VMC run of the course; the public
# local_energy / flip_ratios / metropolis_sample keep the direct log-amplitude form, exact for any
# weights. The hidden-unit mask of run_vmc_grid gives a masked unit the factor 1 (cosh -> 1, sinh -> 0).
def _rbm_theta(params, s):
    return params["b"] + s @ params["W"]


def _rbm_flip_tables(params, mask):
    two_w = 2.0 * params["W"]
    return {"cosh": 1.0 + (jnp.cosh(two_w) - 1.0) * mask, "sinh": jnp.sinh(two_w) * mask,
            "tanh": jnp.tanh(two_w) * mask}


def _rbm_flip_ratios(params, tables, s, t):
    # psi(s^(i)) / psi(s) for every single flip i of every configuration: shape (N, L)
    factors = tables["cosh"][None] - (s[:, :, None] * t[:, None, :]) * tables["sinh"][None]
    return jnp.exp(-2.0 * s * params["a"]) * jnp.prod(factors, axis=-1)


def _rbm_local_energy(params, tables, s, t, h, J):
    diagonal = -J * jnp.sum(s * jnp.roll(s, -1, axis=-1), axis=-1)
    return diagonal - h * jnp.sum(_rbm_flip_ratios(params, tables, s, t), axis=-1)


def _rbm_sweep(params, tables, key, s, t):
    """_sweep for the RBM by the tables: carries t = tanh(theta) per chain; the same random numbers and
    acceptance rule as _sweep, so the same chains up to rounding."""
    n_chains, L = s.shape
    k_site, k_acc = jax.random.split(key)
    sites = jax.random.randint(k_site, (L, n_chains), 0, L)       # the random numbers of _sweep
    log_u = jnp.log(jax.random.uniform(k_acc, (L, n_chains)))
    chain = jnp.arange(n_chains)

    def propose(carry, x):
        s, t, accepted = carry
        site, log_u = x
        s_i = s[chain, site]
        factors = tables["cosh"][site] - (s_i[:, None] * t) * tables["sinh"][site]
        ratio = jnp.exp(-2.0 * s_i * params["a"][site]) * jnp.prod(factors, axis=-1)     # psi(s') / psi(s)
        accept = log_u < 2.0 * jnp.log(ratio)
        shift = s_i[:, None] * tables["tanh"][site]
        t = jnp.where(accept[:, None], (t - shift) / (1.0 - t * shift), t)
        s = s.at[chain, site].set(jnp.where(accept, -s_i, s_i))
        return (s, t, accepted + accept), None

    (s, t, accepted), _ = jax.lax.scan(propose, (s, t, jnp.zeros(n_chains)), (sites, log_u))
    return s, t, accepted / L


def _rbm_sample(params, tables, key, chains, n_sweeps, n_keep):
    """_sample for the RBM. t is recomputed from s at the start of every call (every VMC iteration), so
    the rounding of its updates never accumulates beyond one call."""

    t = jnp.tanh(_rbm_theta(params, chains))
    return run_sweeps(partial(_rbm_sweep, params, tables), chains, t, key=key, n_sweeps=n_sweeps, n_keep=n_keep)


def _rbm_log_derivatives(s, theta, mask):
    # O_k = d log psi / d theta_k as a pytree of per-sample arrays: W (N, L, M), a (N, L), b (N, M)
    t = jnp.tanh(theta) * mask
    return {"W": s[:, :, None] * t[:, None, :], "a": s, "b": t}


def _rbm_covariance_gram(s, t, n):
    # X X^T for X = (O - mean O)/sqrt(n), O = [s (x) t, s, t] (uniform weights), in O(n^2 (L + M)):
    # O_n . O_m = (s_n . s_m)(t_n . t_m) + s_n . s_m + t_n . t_m, and O_n . mean(O) likewise
    ss, tt = s @ s.T, t @ t.T
    gram = ss * tt + ss + tt
    mean_w, mean_s, mean_t = s.T @ t / n, jnp.mean(s, axis=0), jnp.mean(t, axis=0)
    cross = jnp.sum((s @ mean_w) * t, axis=1) + s @ mean_s + t @ mean_t      # O_n . mean(O)
    norm = jnp.sum(mean_w**2) + mean_s @ mean_s + mean_t @ mean_t
    return (gram - cross[:, None] - cross[None, :] + norm) / n


def _rbm_apply_covariance_transpose(s, t, y, n):
    # X^T y as a pytree (W, a, b) without forming X: sum_n y_n (O_n - mean O) / sqrt(n)
    y = y / jnp.sqrt(n)
    total = jnp.sum(y)
    return {"W": (s * y[:, None]).T @ t - total * (s.T @ t / n),
            "a": y @ s - total * jnp.mean(s, axis=0),
            "b": y @ t - total * jnp.mean(t, axis=0)}


def _rbm_direction(s, theta, mask, e_loc, diag_shift, use_sr):
    """energy_gradient (use_sr False) or sr_direction (use_sr True) for the RBM with uniform weights, as a
    pytree. ``use_sr`` is a Python bool (one branch compiled) or a traced flag (lax.cond). Both are
    X^T y, y = eps or, in sample space, (X X^T + shift I)^{-1} eps; with more samples than parameters
    sr_direction's parameter-space solve is the cheaper one and is used as it is."""
    n, L = s.shape
    M = theta.shape[-1]
    t = jnp.tanh(theta) * mask
    eps = 2.0 * (e_loc - jnp.mean(e_loc)) / jnp.sqrt(n)          # grad E = X^T eps

    if n >= L * M + L + M:
        O = _rbm_log_derivatives(s, theta, mask)
        jac = jnp.concatenate([O["W"].reshape(n, L * M), O["a"], O["b"]], axis=1)   # ravel_pytree's order

        def solve():
            d = sr_direction(jac, e_loc, diag_shift=diag_shift)
            return {"W": d[:L * M].reshape(L, M), "a": d[L * M:L * M + L], "b": d[L * M + L:]}
    else:
        def solve():
            T = _rbm_covariance_gram(s, t, n) + diag_shift * jnp.eye(n, dtype=s.dtype)
            y = jax.scipy.linalg.cho_solve(jax.scipy.linalg.cho_factor(T), eps)
            return _rbm_apply_covariance_transpose(s, t, y, n)

    def plain():
        return _rbm_apply_covariance_transpose(s, t, eps, n)

    if isinstance(use_sr, bool):
        return solve() if use_sr else plain()
    return jax.lax.cond(use_sr, solve, plain)


# --------------------------------------------------------------------------- #
# Gradients: plain and natural (stochastic reconfiguration)
# --------------------------------------------------------------------------- #
def _weights(n, weights):
    return jnp.full(n, 1.0 / n) if weights is None else weights / jnp.sum(weights)


def energy_gradient(jac, e_loc, *, weights=None):
    r"""Gradient of the variational energy from samples (chapter 3, eq. ``vmc-gradient``).

    For a real ansatz, :math:`\partial_k E = 2\,\mathrm{Cov}(O_k, E_\text{loc})`
    with :math:`O_k(s) = \partial_{\theta_k}\log\psi_\theta(s)`. ``jac`` is the
    matrix :math:`O` of shape ``(N, P)``, ``e_loc`` has shape ``(N,)``; ``weights``
    (default uniform) lets an exact enumeration stand in for samples.
    """
    w = _weights(jac.shape[0], weights)
    e_centred = e_loc - w @ e_loc
    return 2.0 * (w * e_centred) @ jac


def sr_direction(jac, e_loc, *, diag_shift, weights=None):
    r"""Stochastic-reconfiguration direction :math:`\delta = (S + \lambda I)^{-1}\nabla E`.

    Chapter 3, eq. ``sr``. :math:`S_{kl} = \mathrm{Cov}(O_k, O_l)` is the quantum
    geometric tensor (the Fubini–Study metric of the ansatz) estimated from the
    same samples as :func:`energy_gradient`; the shift :math:`\lambda > 0`
    regularises its small eigenvalues. The update :math:`\theta \leftarrow
    \theta - \eta\,\delta` is a discretised imaginary-time evolution projected
    onto the ansatz.

    With :math:`X` the centred, weighted Jacobian (:math:`S = X^\top X`), the
    system is solved by Cholesky in parameter space when there are more samples
    than parameters, and otherwise in sample space through the identical
    :math:`(X^\top X + \lambda I)^{-1}X^\top = X^\top(XX^\top + \lambda I)^{-1}`,
    which is cheaper when samples are fewer.
    """
    n, p = jac.shape
    w = _weights(n, weights)
    root_w = jnp.sqrt(w)
    X = root_w[:, None] * (jac - w @ jac)                 # S = X^T X
    eps = 2.0 * root_w * (e_loc - w @ e_loc)              # grad E = X^T eps
    if n >= p:
        S = X.T @ X + diag_shift * jnp.eye(p, dtype=X.dtype)
        return jax.scipy.linalg.cho_solve(jax.scipy.linalg.cho_factor(S), X.T @ eps)
    T = X @ X.T + diag_shift * jnp.eye(n, dtype=X.dtype)
    return X.T @ jax.scipy.linalg.cho_solve(jax.scipy.linalg.cho_factor(T), eps)


# --------------------------------------------------------------------------- #
# The VMC loop
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class VMCResult:
    """History of a VMC run (one entry per iteration) and the final parameters and chains.

    ``energy`` and ``variance`` are the sample mean and variance of the local
    energy *before* each update; ``error`` is the standard error of ``energy``
    (treating samples as independent); ``acceptance`` the Metropolis acceptance.
    """

    energy: np.ndarray
    variance: np.ndarray
    error: np.ndarray
    acceptance: np.ndarray
    params: dict
    chains: jnp.ndarray


_OPTIMIZERS = ("sgd", "adam")


def _masked_log_amplitude(params, s, mask):
    # an RBM whose hidden unit j contributes only where mask[j] = 1 (see run_vmc_grid)
    s = jnp.asarray(s, dtype=params["W"].dtype)
    theta = params["b"] + s @ params["W"]
    return s @ params["a"] + _log_2cosh(theta) @ mask


def _vmc_loop(params, chains, key, h, J, learning_rate, diag_shift, mask, use_sr, use_adam, n_iter, n_keep,
              n_discard):
    # use_sr and use_adam are Python bools (run_vmc: only the chosen optimiser is compiled) or traced flags
    # (_vmc_batch: SR and Adam runs of one shape share one compiled program; under vmap both branches are
    # computed and selected). The RBM's fast path (theta lookup table, analytic O_k, structured SR).
    adam = optax.adam(learning_rate)
    static = isinstance(use_adam, bool)

    def iteration(carry, key):
        params, opt_state, chains = carry
        tables = _rbm_flip_tables(params, mask)
        samples, chains, acc = _rbm_sample(params, tables, key, chains, n_discard + n_keep, n_keep)
        s = samples.reshape(-1, chains.shape[-1])
        theta = _rbm_theta(params, s)
        e_loc = _rbm_local_energy(params, tables, s, jnp.tanh(theta) * mask, h, J)
        grads = _rbm_direction(s, theta, mask, e_loc, diag_shift, use_sr)
        if static and not use_adam:
            updates = jax.tree.map(lambda g: -learning_rate * g, grads)
        else:
            adam_updates, opt_state = adam.update(grads, opt_state, params)
            updates = adam_updates if static else jax.tree.map(
                lambda a, g: jnp.where(use_adam, a, -learning_rate * g), adam_updates, grads)
        params = optax.apply_updates(params, updates)
        var = jnp.var(e_loc)
        return (params, opt_state, chains), (jnp.mean(e_loc), var, jnp.sqrt(var / e_loc.shape[0]), acc)

    opt_state = None if static and not use_adam else adam.init(params)
    (params, _, chains), history = jax.lax.scan(iteration, (params, opt_state, chains), jax.random.split(key, n_iter))
    return params, chains, history


@partial(jax.jit, static_argnames=("use_sr", "use_adam", "n_iter", "n_keep", "n_discard"))
def _vmc_run(params, chains, key, h, J, learning_rate, diag_shift, *, use_sr, use_adam, n_iter, n_keep, n_discard):
    # one run (run_vmc): the optimiser is static, so one branch is compiled; no mask
    mask = jnp.ones(params["b"].shape[-1], dtype=params["b"].dtype)
    return _vmc_loop(params, chains, key, h, J, learning_rate, diag_shift, mask, bool(use_sr), bool(use_adam),
                     n_iter, n_keep, n_discard)


def _vmc_scan(params, chains, key, h, J, learning_rate, diag_shift, mask, use_sr, use_adam, *, n_iter, n_keep,
              n_discard):
    return _vmc_loop(params, chains, key, h, J, learning_rate, diag_shift, mask, use_sr, use_adam, n_iter, n_keep,
                     n_discard)


@partial(jax.jit, static_argnames=("n_iter", "n_keep", "n_discard"))
def _vmc_batch(params, chains, keys, h, J, learning_rate, diag_shift, mask, use_sr, use_adam, *, n_iter, n_keep,
               n_discard):
    # many runs as one program: every argument but J and diag_shift has a leading axis of runs
    def one(p, c, k, h, lr, m, sr, adam):
        return _vmc_scan(p, c, k, h, J, lr, diag_shift, m, sr, adam, n_iter=n_iter, n_keep=n_keep,
                         n_discard=n_discard)

    return jax.vmap(one)(params, chains, keys, h, learning_rate, mask, use_sr, use_adam)


def _run_batch(params, chains, keys, h, J, learning_rate, diag_shift, mask, use_sr, use_adam, static):
    """_vmc_batch with its per-run arguments in one fixed form, so that every batch of the same size and
    shapes (the explorer's grid, the optimiser comparison) reuses one compiled program."""
    n = len(h)
    return _vmc_batch(params, jnp.asarray(chains, dtype=float), keys, jnp.asarray(np.asarray(h, dtype=float)), J,
                      jnp.asarray(np.asarray(learning_rate, dtype=float)), diag_shift,
                      jnp.asarray(mask, dtype=float).reshape(n, -1), jnp.asarray(np.asarray(use_sr, dtype=bool)),
                      jnp.asarray(np.asarray(use_adam, dtype=bool)), **static)


def _vmc_options(J, n_iter, n_samples, n_chains, n_discard, optimizer, learning_rate, diag_shift):
    J = v.real("J", J)
    n_iter = v.count("n_iter", n_iter, minimum=1)
    n_samples, n_chains = _check_chains(n_samples, n_chains)
    n_discard = v.count("n_discard", n_discard)
    if optimizer not in _OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {sorted(_OPTIMIZERS)}, got {optimizer!r}")
    learning_rate = v.positive_float("learning_rate", learning_rate)
    use_sr = diag_shift is not None
    diag_shift = v.positive_float("diag_shift", diag_shift) if use_sr else 0.0
    static = dict(n_iter=n_iter, n_keep=n_samples // n_chains, n_discard=n_discard)
    flags = (use_sr, optimizer == "adam")
    return J, n_chains, learning_rate, diag_shift, static, flags


def _field(h):
    h = v.real("h", h)
    if h < 0:
        raise ValueError(f"h must be >= 0: the RBM here is positive, and for h < 0 the ground state "
                         f"has signs (rotate the spins to make h positive); got h={h}")
    return h


def run_vmc(L, h, alpha, *, key, n_iter, n_samples, J=1.0, n_chains=128, n_discard=2,
            optimizer="sgd", learning_rate=0.05, diag_shift=0.01, params=None, chains=None):
    r"""Variational Monte Carlo for the transverse-field Ising chain with an RBM.

    Chapter 3. Each of ``n_iter`` iterations draws ``n_samples`` configurations
    from ``n_chains`` persistent Metropolis chains (``n_discard`` burn-in sweeps
    per iteration, then one sample per sweep), estimates the energy
    :math:`E = \langle E_\text{loc}\rangle` and its gradient
    :math:`2\,\mathrm{Cov}(O_k, E_\text{loc})` from the local energies, and updates the
    parameters with the optax ``optimizer`` (``"sgd"`` or ``"adam"``) at ``learning_rate``.
    With ``diag_shift`` a positive number the gradient is first preconditioned by
    stochastic reconfiguration, :math:`\theta \leftarrow \theta - \eta(S + \lambda I)^{-1}\nabla E`
    (:func:`sr_direction`); ``diag_shift=None`` uses the plain gradient. The whole run
    is one jit-compiled ``lax.scan``, specialised to the RBM: with :math:`t = \tanh(b + sW)`,
    a spin flip's amplitude ratio is :math:`e^{-2a_is_i}\prod_j[\cosh 2W_{ij} - s_it_j\sinh 2W_{ij}]`
    and the log-derivatives are :math:`O_a = s`, :math:`O_b = t`, :math:`O_W = s\otimes t`, so
    sampling and local energies need no exponentials per hidden unit and SR's sample-space matrix is
    built from :math:`(ss^\top)\circ(tt^\top)` without the Jacobian. The numbers are those of
    :func:`metropolis_sample`, :func:`local_energy`, :func:`energy_gradient` and :func:`sr_direction`
    (same random numbers) up to rounding.

    ``key`` is split in three: the initial parameters (:func:`rbm_init`), the initial
    chains (random configurations) and the run. ``params`` and ``chains`` continue an
    earlier run (``result.params``, ``result.chains``). Returns a :class:`VMCResult`.
    """
    key = v.prng_key("key", key)
    L, M = _hidden_units(L, alpha)
    h = _field(h)
    J, n_chains, lr, shift, static, flags = _vmc_options(J, n_iter, n_samples, n_chains, n_discard,
                                                         optimizer, learning_rate, diag_shift)
    start_params, start_chains, k_run = _vmc_start(key, L, M, n_chains)
    if params is None:
        params = start_params
    elif jnp.shape(params["W"]) != (L, M):
        raise ValueError(f"params must be RBM parameters with W of shape (L, alpha*L) = {(L, M)}, "
                         f"got {jnp.shape(params['W'])}")
    chains = jnp.asarray(start_chains if chains is None else chains, dtype=float)
    if chains.shape != (n_chains, L):
        raise ValueError(f"chains must have shape (n_chains, L) = {(n_chains, L)}, got {chains.shape}")
    params, chains, (energy, var, err, acc) = _vmc_run(params, chains, k_run, h, J, lr, shift, use_sr=flags[0],
                                                       use_adam=flags[1], **static)
    return VMCResult(np.asarray(energy), np.asarray(var), np.asarray(err), np.asarray(acc), params, chains)


@dataclass(frozen=True)
class VMCConvergence:
    r"""One run of a :class:`VMCGrid`: the chain of ``L`` spins at field ``h`` with hidden
    density ``alpha``, its history per iteration (``energy``, ``variance`` of the local energy,
    ``error``, ``acceptance``) and the exact ground-state energy ``exact``.

    The summaries average the last ``n_last`` iterations (the per-iteration energies are noisy):
    ``final_relative_error`` is :math:`\overline{(E - E_0)}/|E_0|` (signed: a variational energy
    is above :math:`E_0` up to sampling noise), ``final_variance`` the mean
    :math:`\sigma^2(E_\text{loc})`; ``final_acceptance`` is that of the last iteration.
    """

    L: int
    h: float
    alpha: float
    exact: float
    energy: np.ndarray
    variance: np.ndarray
    error: np.ndarray
    acceptance: np.ndarray
    n_last: int = 20

    @property
    def hidden(self):
        r"""The number of hidden units :math:`M = \alpha L`."""
        return int(round(self.alpha * self.L))

    @property
    def relative_error(self):
        """:math:`|E - E_0|/|E_0|` at every iteration."""
        return np.abs(self.energy - self.exact) / abs(self.exact)

    @property
    def final_relative_error(self):
        return float(np.mean(self.energy[-self.n_last:] - self.exact) / abs(self.exact))

    @property
    def final_variance(self):
        return float(np.mean(self.variance[-self.n_last:]))

    @property
    def final_acceptance(self):
        return float(self.acceptance[-1])


def _grid_index(name, values, value):
    value = v.real(name, value)
    hit = np.flatnonzero(np.abs(values - value) <= 1e-9 * max(1.0, abs(value)))
    if not len(hit):
        raise ValueError(f"{name} must be one of the grid's values {[float(x) for x in values]}, got {value!r}")
    return int(hit[0])


@dataclass(frozen=True)
class VMCGrid:
    """VMC runs of :func:`run_vmc_grid`: one per field in ``fields`` and hidden density in ``alphas``.

    ``energy``, ``variance``, ``error`` and ``acceptance`` have shape
    ``(len(fields), len(alphas), n_iter)`` (as in :class:`VMCResult`); ``exact`` holds the exact
    ground-state energy at each field (:func:`physml.quantum.tfim_exact_energy`). Chapter 3's
    explorer draws one run at a time, :meth:`convergence`.
    """

    L: int
    J: float
    fields: np.ndarray
    alphas: np.ndarray
    energy: np.ndarray
    variance: np.ndarray
    error: np.ndarray
    acceptance: np.ndarray
    exact: np.ndarray

    @property
    def n_iter(self):
        return self.energy.shape[-1]

    def convergence(self, h, alpha, *, n_last=20):
        """The run at field ``h`` and density ``alpha`` (both values of the grid) as a
        :class:`VMCConvergence`, summarised over its last ``n_last`` iterations."""
        i = _grid_index("h", self.fields, h)
        j = _grid_index("alpha", self.alphas, alpha)
        n_last = v.count("n_last", n_last, minimum=1)
        return VMCConvergence(self.L, float(self.fields[i]), float(self.alphas[j]), float(self.exact[i]),
                              self.energy[i, j], self.variance[i, j], self.error[i, j], self.acceptance[i, j],
                              min(n_last, self.n_iter))


def run_vmc_grid(L, fields, alphas, *, key, n_iter, n_samples, J=1.0, n_chains=128, n_discard=2,
                 optimizer="sgd", learning_rate=0.05, diag_shift=0.01):
    r"""Many :func:`run_vmc` runs at once: every field in ``fields`` with every density in ``alphas``.

    Chapter 3 (its explorer). All runs are one compiled program, batched with ``jax.vmap``: the RBMs
    share the largest hidden layer, :math:`\max\alpha \cdot L` units, and a fixed 0/1 mask switches
    off the units a smaller :math:`\alpha` does not have (their contribution to :math:`\log\psi`, and so their gradient,
    is exactly zero). Every run starts from the same draws of ``key`` (split as in
    :func:`run_vmc`, so the run with the largest :math:`\alpha` is that of :func:`run_vmc`).
    The exact energies come from the Jordan–Wigner closed form (even ``L``) or Lanczos (odd ``L``).
    Returns a :class:`VMCGrid`.
    """
    key = v.prng_key("key", key)
    fields = np.array([_field(h) for h in np.atleast_1d(fields).tolist()])
    alphas = list(np.atleast_1d(alphas).tolist())
    hidden = [_hidden_units(L, a)[1] for a in alphas]
    L = v.count("L", L, minimum=2)
    J, n_chains, lr, shift, static, flags = _vmc_options(J, n_iter, n_samples, n_chains, n_discard,
                                                         optimizer, learning_rate, diag_shift)
    M = max(hidden)
    params, chains, k_run = _vmc_start(key, L, M, n_chains)
    masks = jnp.array([[1.0] * m + [0.0] * (M - m) for m in hidden])
    n = len(fields) * len(alphas)
    batched = jax.tree.map(lambda x: jnp.broadcast_to(x, (n,) + x.shape), (params, chains))
    _, _, history = _run_batch(*batched, jnp.stack([k_run] * n), np.repeat(fields, len(alphas)), J,
                               [lr] * n, shift, jnp.tile(masks, (len(fields), 1)), [flags[0]] * n, [flags[1]] * n,
                               static)
    shape = (len(fields), len(alphas), static["n_iter"])
    energy, var, err, acc = (np.asarray(a).reshape(shape) for a in history)
    exact = np.array([quantum.tfim_exact_energy(L, h, J) if L % 2 == 0 else quantum.tfim_ground_state(L, h, J).energy
                      for h in fields])
    return VMCGrid(L, J, fields, np.asarray(alphas, dtype=float), energy, var, err, acc, exact)


@partial(jax.jit, static_argnums=(4,))
def _estimate(params, samples, h, J, max_r):
    e_loc = _local_energy(rbm_log_amplitude, params, samples, h, J)
    sx = jnp.mean(_flip_ratios(rbm_log_amplitude, params, samples), axis=1)
    zz = jnp.stack([jnp.mean(samples * jnp.roll(samples, -r, axis=1), axis=1) for r in range(max_r + 1)], 1)
    return e_loc, sx, zz


@dataclass(frozen=True)
class VMCEstimate:
    r"""Estimates of :func:`vmc_estimate`, each with its standard error (samples treated as
    independent): ``energy``, the local-energy ``variance``, ``sigma_x`` (per site) and ``zz``
    (:math:`C(r)` for :math:`r = 0, \dots, \lfloor L/2\rfloor`); and the Metropolis ``acceptance``."""

    energy: float
    energy_error: float
    variance: float
    sigma_x: float
    sigma_x_error: float
    zz: np.ndarray
    zz_error: np.ndarray
    acceptance: float


def vmc_estimate(params, L, h, *, key, n_samples, J=1.0, n_chains=128, n_discard=20, chains=None):
    r"""Energy and observables of an RBM state from fresh Metropolis samples (:func:`metropolis_sample`).

    Chapter 3. The sample means of the local energy :math:`E_\text{loc}` (:func:`local_energy`),
    of :math:`\langle\sigma^x\rangle = \frac1L\sum_i \psi(s^{(i)})/\psi(s)` (:func:`flip_ratios`)
    and of the correlation :math:`C(r) = \langle\sigma^z_i\sigma^z_{i+r}\rangle` for
    :math:`r \le L/2` (both averaged over sites). Returns a :class:`VMCEstimate`.
    """
    h, J = v.real("h", h), v.real("J", J)
    drawn = metropolis_sample(rbm_log_amplitude, params, L, key=key, n_samples=n_samples,
                              n_chains=n_chains, n_discard=n_discard, chains=chains)
    e_loc, sx, zz = (np.asarray(a) for a in _estimate(params, drawn.samples, h, J, L // 2))
    n = len(e_loc)
    return VMCEstimate(float(e_loc.mean()), float(e_loc.std() / np.sqrt(n)), float(e_loc.var()),
                       float(sx.mean()), float(sx.std() / np.sqrt(n)), zz.mean(axis=0),
                       zz.std(axis=0) / np.sqrt(n), drawn.acceptance)


# --------------------------------------------------------------------------- #
# Exact energies of small RBM states, and SR against Adam over seeds
# --------------------------------------------------------------------------- #
#: The largest chain whose RBM energy :func:`rbm_energy` sums exactly (2**14 configurations).
MAX_ENUMERATED_SITES = 14

#: The headline run of chapter 3, defined once. The chapter and ``tools/benchmark_vmc.py`` both pass these
#: settings to :func:`run_vmc` (with ``key=jax.random.key(0)``) and estimate the final energy from
#: ``CHAPTER3_FINAL_SAMPLES`` fresh samples (:func:`vmc_estimate`, ``key=jax.random.key(7)``, continuing the
#: run's chains).
CHAPTER3_RUN = dict(L=16, h=1.0, alpha=2, n_iter=200, n_samples=512, n_chains=128, n_discard=2,
                    learning_rate=0.05, diag_shift=0.01)
CHAPTER3_FINAL_SAMPLES = 16384


def _enumerated_energy(log_psi, params, configs, h, J):
    # <E_loc> weighted by |psi|^2 over every configuration: the Rayleigh quotient, no sampling
    lp = log_psi(params, configs)
    w = jnp.exp(2.0 * (lp - jnp.max(lp)))
    return (w @ _local_energy(log_psi, params, configs, h, J)) / jnp.sum(w)


_enumerated_energy_jit = jax.jit(_enumerated_energy, static_argnums=0)


@jax.jit
def _enumerated_energies(params, configs, h, J):
    return jax.vmap(lambda p: _enumerated_energy(rbm_log_amplitude, p, configs, h, J))(params)


def rbm_energy(params, L, h, J=1.0):
    r"""Exact variational energy of an RBM state by summing over all :math:`2^L` configurations.

    Chapter 3, eq. ``local-energy`` summed instead of sampled:

    .. math::

        E[\psi_\theta] = \frac{\sum_s |\psi_\theta(s)|^2\,E_\text{loc}(s)}{\sum_s |\psi_\theta(s)|^2},

    the limit of infinitely many fresh samples, with no sampling noise. ``L`` may be at most
    ``MAX_ENUMERATED_SITES``. Returns a float; by the variational principle it is never below
    :math:`E_0`.
    """
    L = v.count("L", L, minimum=2)
    if L > MAX_ENUMERATED_SITES:
        raise ValueError(f"L must be <= {MAX_ENUMERATED_SITES} to sum over all 2**L configurations, got {L}")
    h, J = v.real("h", h), v.real("J", J)
    if jnp.shape(params["W"])[0] != L:
        raise ValueError(f"params must be an RBM of L = {L} visible units, got W of shape {jnp.shape(params['W'])}")
    configs = jnp.asarray(quantum.spin_configurations(L), dtype=float)
    return float(_enumerated_energy_jit(rbm_log_amplitude, params, configs, h, J))


@dataclass(frozen=True)
class OptimizerComparison:
    r"""SR against Adam over seeds, from :func:`compare_optimizers` (chapter 3).

    ``sr_energy`` (shape ``(n_seeds,)``) and ``adam_energy`` (shape ``(len(adam_learning_rates),
    n_seeds)``) are the exact variational energies (:func:`rbm_energy`) of the final states; seed
    ``i`` starts every run from the same initial RBM and chains. ``exact`` is :math:`E_0`.
    """

    L: int
    h: float
    alpha: float
    exact: float
    learning_rate: float
    adam_learning_rates: np.ndarray
    sr_energy: np.ndarray
    adam_energy: np.ndarray

    @property
    def sr_error(self):
        r"""Relative errors :math:`(E - E_0)/|E_0|` of the SR runs, one per seed."""
        return (self.sr_energy - self.exact) / abs(self.exact)

    @property
    def adam_error(self):
        r"""Relative errors of the Adam runs, shape ``(len(adam_learning_rates), n_seeds)``."""
        return (self.adam_energy - self.exact) / abs(self.exact)

    @property
    def best(self):
        """Index of Adam's tuned learning rate, the one with the smallest median error over seeds."""
        return int(np.argmin(np.median(self.adam_error, axis=1)))

    @property
    def best_learning_rate(self):
        """Adam's tuned learning rate, ``adam_learning_rates[best]``."""
        return float(self.adam_learning_rates[self.best])

    @property
    def ratio(self):
        """Adam's error at its tuned learning rate over SR's, seed by seed (same start for both)."""
        return self.adam_error[self.best] / self.sr_error


def compare_optimizers(L, h, alpha, *, key, n_seeds, adam_learning_rates, n_iter, n_samples, J=1.0,
                       n_chains=64, n_discard=1, learning_rate=0.05, diag_shift=0.01):
    r"""SR against Adam, each from ``n_seeds`` starts, Adam at several learning rates (chapter 3).

    For every seed (a key split from ``key``, drawing the initial RBM and chains as :func:`run_vmc`
    does) one SR run (plain steps :math:`\theta \leftarrow \theta - \eta(S + \lambda I)^{-1}\nabla E`
    with :math:`\eta` = ``learning_rate``, :math:`\lambda` = ``diag_shift``) and one Adam run on the
    plain gradient :math:`2\,\mathrm{Cov}(O, E_\text{loc})` per entry of ``adam_learning_rates``, all
    on the same budget (``n_iter`` iterations of ``n_samples`` samples). The final states are judged by
    their exact energies (:func:`rbm_energy`), so the comparison carries no sampling noise of its own;
    ``L`` may be at most ``MAX_ENUMERATED_SITES``. All runs are one compiled program, batched with
    ``jax.vmap`` (the program of :func:`run_vmc_grid` when the number of runs and the shapes agree).
    Returns an :class:`OptimizerComparison`.
    """
    key = v.prng_key("key", key)
    L, M = _hidden_units(L, alpha)
    if L > MAX_ENUMERATED_SITES:
        raise ValueError(f"L must be <= {MAX_ENUMERATED_SITES} to judge the runs exactly, got {L}")
    h = _field(h)
    n_seeds = v.count("n_seeds", n_seeds, minimum=1)
    rates = np.array([v.positive_float("adam_learning_rates", r) for r in np.atleast_1d(adam_learning_rates)])
    if not len(rates):
        raise ValueError("adam_learning_rates must hold at least one learning rate, got none")
    if diag_shift is None:
        raise ValueError("diag_shift must be a positive number for the SR runs, got None")
    J, n_chains, lr, shift, static, _ = _vmc_options(J, n_iter, n_samples, n_chains, n_discard, "sgd",
                                                     learning_rate, diag_shift)
    seeds = jax.random.split(key, n_seeds)
    n_runs = (1 + len(rates)) * n_seeds           # SR, then Adam at each rate; each from every seed
    starts = [jax.random.split(k, 3) for k in seeds]   # as run_vmc splits its key
    params = [rbm_init(L, alpha, key=k[0]) for k in starts]
    params = jax.tree.map(lambda *x: jnp.stack(x * (1 + len(rates))), *params)
    chains = jnp.stack([jax.random.choice(k[1], jnp.array([-1.0, 1.0]), (n_chains, L)) for k in starts] *
                       (1 + len(rates)))
    keys = jnp.stack([k[2] for k in starts] * (1 + len(rates)))
    is_sr = [True] * n_seeds + [False] * (n_runs - n_seeds)
    params, _, _ = _run_batch(params, chains, keys, [h] * n_runs, J, np.repeat(np.concatenate([[lr], rates]), n_seeds),
                              shift, jnp.ones((n_runs, M)), is_sr, [not x for x in is_sr], static)
    configs = jnp.asarray(quantum.spin_configurations(L), dtype=float)
    energy = np.asarray(_enumerated_energies(params, configs, h, J)).reshape(1 + len(rates), n_seeds)
    sr, adam = energy[0], energy[1:]
    exact = quantum.tfim_exact_energy(L, h, J) if L % 2 == 0 else quantum.tfim_ground_state(L, h, J).energy
    return OptimizerComparison(L, h, float(alpha), exact, lr, rates, sr, adam)


# --------------------------------------------------------------------------- #
# Beyond spins: two fermions in a harmonic trap
# --------------------------------------------------------------------------- #
def pair_init(*, key, hidden=16):
    r"""Random weights of the small network :math:`f_\theta(x_1, x_2)` of :func:`pair_amplitude` (chapter 3).

    Two ``tanh`` layers of ``hidden`` units and a linear output: ``{"W1": (2, hidden), "b1", "W2":
    (hidden, hidden), "b2", "w3": (hidden,)}``, Gaussian with variance 1/fan-in (``W1`` 1/4).
    """
    key = v.prng_key("key", key)
    hidden = v.count("hidden", hidden, minimum=1)
    k1, k2, k3 = jax.random.split(key, 3)
    return {"W1": 0.5 * jax.random.normal(k1, (2, hidden)), "b1": jnp.zeros(hidden),
            "W2": jax.random.normal(k2, (hidden, hidden)) / np.sqrt(hidden), "b2": jnp.zeros(hidden),
            "w3": jax.random.normal(k3, (hidden,)) / np.sqrt(hidden)}


def _pair_net(params, x1, x2):
    z = jnp.tanh(jnp.stack([x1, x2], -1) @ params["W1"] + params["b1"])
    return jnp.tanh(z @ params["W2"] + params["b2"]) @ params["w3"]


def _pair_prefactor(params, x1, x2, sign):
    # F(x1, x2) = f(x1, x2) + sign f(x2, x1); psi = F exp(-(x1^2 + x2^2)/2)
    return _pair_net(params, x1, x2) + sign * _pair_net(params, x2, x1)


def pair_amplitude(params, x1, x2, *, antisymmetric=True):
    r"""Wavefunction of two particles on a line, symmetrised or antisymmetrised (chapter 3).

    .. math::

        \psi_\theta(x_1, x_2) = \big[f_\theta(x_1, x_2) \mp f_\theta(x_2, x_1)\big]\,
        e^{-(x_1^2 + x_2^2)/2},

    with the minus sign (``antisymmetric=True``) a fermion state, :math:`\psi(x_2, x_1) = -\psi(x_1, x_2)`
    for *any* network :math:`f_\theta` (:func:`pair_init`), and the plus sign a boson state. The Gaussian
    envelope is the trap's one-particle ground state. ``x1`` and ``x2`` are arrays of one shape.
    """
    x1, x2 = jnp.asarray(x1, dtype=float), jnp.asarray(x2, dtype=float)
    if x1.shape != x2.shape:
        raise ValueError(f"x1 and x2 must have the same shape, got {x1.shape} and {x2.shape}")
    sign = -1.0 if antisymmetric else 1.0
    return _pair_prefactor(params, x1, x2, sign) * jnp.exp(-(x1**2 + x2**2) / 2)


def _pair_energy(params, sign, g, width, y1, y2, weights):
    # Gauss-Hermite rule for weight exp(-x1^2 - x2^2) = (psi / F)^2; grad psi = (grad F - x F) e^{-x^2/2}
    F, (d1, d2) = jax.vmap(jax.value_and_grad(_pair_prefactor, argnums=(1, 2)),
                           in_axes=(None, 0, 0, None))(params, y1, y2, sign)
    d1, d2 = d1 - y1 * F, d2 - y2 * F
    potential = 0.5 * (y1**2 + y2**2) + g * jnp.exp(-((y1 - y2) ** 2) / (2 * width**2))
    return jnp.sum(weights * (0.5 * (d1**2 + d2**2) + potential * F**2)) / jnp.sum(weights * F**2)


def _pair_rule(n_quad):
    y, w = np.polynomial.hermite.hermgauss(n_quad)
    y1, y2 = np.meshgrid(y, y, indexing="ij")
    return jnp.asarray(y1.ravel()), jnp.asarray(y2.ravel()), jnp.asarray(np.outer(w, w).ravel())


def _pair_problem(g, width, n_quad):
    g = v.real("g", g)
    width = v.positive_float("width", width)
    n_quad = v.count("n_quad", n_quad, minimum=4)
    return g, width, n_quad


def pair_energy(params, g, width, *, antisymmetric=True, n_quad=24):
    r"""Rayleigh quotient of :func:`pair_amplitude` for two particles in a harmonic trap (chapter 3).

    .. math::

        H = \sum_{i=1,2}\Big(-\tfrac12\partial_{x_i}^2 + \tfrac12 x_i^2\Big)
            + g\,e^{-(x_1 - x_2)^2/2w^2}, \qquad
        E[\psi] = \frac{\int \tfrac12|\nabla\psi|^2 + V\psi^2}{\int \psi^2}

    (the kinetic term integrated by parts), with :math:`w` = ``width``. Both integrals are evaluated by
    an ``n_quad`` × ``n_quad`` Gauss–Hermite rule, exact for the Gaussian envelope; the gradient
    :math:`\nabla\psi` comes from ``jax.grad``. Returns a float.
    """
    g, width, n_quad = _pair_problem(g, width, n_quad)
    sign = -1.0 if antisymmetric else 1.0
    return float(_pair_energy(params, sign, g, width, *_pair_rule(n_quad)))


@dataclass(frozen=True)
class PairResult:
    """A trained two-particle network of :func:`train_pair`: the ``energy`` before each step, the
    ``final_energy`` (:func:`pair_energy` of the final ``params``) and whether it was ``antisymmetric``."""

    energy: np.ndarray
    final_energy: float
    params: dict
    antisymmetric: bool


def train_pair(g, width, *, key, antisymmetric=True, n_steps=400, learning_rate=0.01, hidden=16, n_quad=24):
    r"""Minimise :func:`pair_energy` over the network of :func:`pair_amplitude` with Adam (chapter 3).

    The energy integrals are computed by quadrature (no sampling: two coordinates only), so this is
    the variational principle with an antisymmetrised neural ansatz, without the Monte Carlo. The
    symmetric and antisymmetric runs share one compiled program. Returns a :class:`PairResult`;
    compare its energy with :func:`physml.quantum.harmonic_pair_energy`.
    """
    g, width, n_quad = _pair_problem(g, width, n_quad)
    n_steps = v.count("n_steps", n_steps, minimum=1)
    learning_rate = v.positive_float("learning_rate", learning_rate)
    params = pair_init(key=key, hidden=hidden)
    sign = -1.0 if antisymmetric else 1.0
    rule = _pair_rule(n_quad)
    fit = fit_adam(_pair_energy, params, (sign, g, width, *rule), learning_rate=learning_rate, n_steps=n_steps)
    params = fit.params
    return PairResult(np.asarray(fit.losses), float(_pair_energy(params, sign, g, width, *rule)), params,
                      bool(antisymmetric))
