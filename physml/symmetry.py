"""Hidden symmetries in an autoencoder's latent space.

Chapter 5 (:ref:`ch-symmetries`) uses everything here.

A continuous symmetry acting linearly on the data, ``x ↦ exp(tK) x``, moves each data point
along the tangent ``K x``.  An encoder ``z = E(x)`` carries that tangent into latent space by its
Jacobian (a forward-mode product, ``jax.jvp``):

    ż = J_E(x) · K x .

The symmetry acts *linearly* in latent space if one matrix ``A`` gives ``ż = A z`` for every data
point; :func:`latent_generator` fits ``A`` by least squares and reports the relative residual.
The latent action is *consistent* with the physical one if the decoder maps it back onto the
data-space tangent,

    J_D(z) · A z = K · D(z),

checked by :func:`generator_consistency`.

When the symmetry acts nonlinearly on the observations (:func:`sensor_trajectories`: an oscillator
read through ``tanh`` sensors) there is no such ``K`` to give.  :func:`train_koopman_autoencoder`
then asks for linear latent dynamics ``z' = M z + b`` with ``M`` fitted inside the loss, and
:func:`fit_generator` reads off the generator ``K = log(M) / dt``, its frequency and its conserved
quantity; :func:`within_orbit_fraction` and :func:`best_linear_invariant` measure how nearly a
quantity is conserved, and :func:`decoded_velocity` carries the found flow back to the
observations.

The data (:func:`oscillator_data`) are phase-space states of a harmonic oscillator, ``u = r e^{iφ}``,
embedded in ``dim`` dimensions through the harmonics ``r^k e^{ikφ}`` and a random orthogonal map:
time evolution shifts the phase, which acts on the embedding linearly with generator
``K = Q diag(k J) Qᵀ`` (frequencies ``k``).  The autoencoder (:func:`autoencoder_init`,
:func:`encode`, :func:`decode`, :func:`train_autoencoder`) is a multilayer perceptron, linear when
``hidden=()``, trained with optax.  :func:`autoencoder_grid` trains one per latent dimension and
follows both residuals along training (the chapter's table and explorer).

Randomness is a keyword-only JAX PRNG ``key``; the data are drawn with NumPy from it
(``key=jax.random.key(s)`` draws what ``numpy.random.default_rng(s)`` draws).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
import optax

from ._validate import callable_arg, count, finite_array, positive_float, prng_key
from ._validate import rng as _rng
from .nn import mlp, mlp_init

__all__ = ["SymmetryData", "oscillator_data", "harmonic_features", "linear_rotation_data", "autoencoder_init",
           "encode", "decode", "reconstruction_error", "train_autoencoder", "TrainedAutoencoder", "LatentGenerator",
           "latent_generator", "generator_consistency", "AUTOENCODER_CHECKPOINTS", "AutoencoderGrid",
           "AutoencoderCheckpoint", "autoencoder_grid", "SensorTrajectories", "sensor_trajectories",
           "KoopmanAutoencoders", "train_koopman_autoencoder", "FittedGenerator", "fit_generator",
           "within_orbit_fraction", "LinearInvariant", "best_linear_invariant", "decoded_velocity"]

J2 = np.array([[0.0, -1.0], [1.0, 0.0]])   # d/dφ (cos φ, sin φ) = J (cos φ, sin φ)


@dataclass(frozen=True)
class SymmetryData:
    """Data ``x`` (n, dim) with a linear symmetry generator ``K`` (dim, dim) and the hidden phase-space points ``u``."""

    x: np.ndarray
    K: np.ndarray
    u: np.ndarray
    embedding: np.ndarray


def oscillator_data(n=512, harmonics=(1, 2, 3), amplitudes=(1.0, 0.6, 0.35), dim=8, *, key, n_phases=32):
    """Chapter 5's data: oscillator states ``u = r(cos φ, sin φ)`` seen through harmonics, in ``dim`` dimensions.

    Each state gives the block vector ``y_k = a_k r^k (cos kφ, sin kφ)`` for every harmonic ``k``,
    and ``x = Q y`` with ``Q`` a random ``dim × 2H`` matrix with orthonormal columns.  Evolving the
    oscillator by a time ``t`` shifts ``φ → φ + t`` (unit frequency), so

        dx/dt = K x,   K = Q blockdiag(k J) Qᵀ,   J = [[0, −1], [1, 0]],

    a linear action with eigenvalues ``±ik``.  Amplitudes ``r`` are uniform in [0.5, 1].  By default
    each of the ``n / n_phases`` orbits is sampled at ``n_phases`` equally spaced phases (with a random
    offset), so the sample itself is symmetric: its covariance is exactly block-diagonal, one
    block per harmonic.  ``n_phases=None`` draws every phase at random instead.  Decreasing ``a_k``
    make the harmonics' variances well separated.  NumPy draws from the JAX PRNG ``key``.
    """
    n = count("n", n, minimum=2)
    dim = count("dim", dim, minimum=1)
    harmonics = [count("harmonics", k, minimum=1) for k in harmonics]
    amplitudes = [positive_float("amplitudes", a) for a in amplitudes]
    if len(harmonics) != len(amplitudes) or not harmonics:
        raise ValueError(f"harmonics and amplitudes must be non-empty and of the same length, got "
                         f"{len(harmonics)} and {len(amplitudes)}")
    if dim < 2 * len(harmonics):
        raise ValueError(f"dim must be at least 2 per harmonic ({2 * len(harmonics)}), got {dim}")
    rng = _rng("key", key)
    if n_phases is None:
        r = rng.uniform(0.5, 1.0, n)
        phi = rng.uniform(0, 2 * np.pi, n)
    else:                       # each orbit sampled at equally spaced phases: a symmetric sample
        n_phases = count("n_phases", n_phases, minimum=2 * max(harmonics) + 1)
        if n % n_phases:
            raise ValueError(f"n must be a multiple of n_phases={n_phases}, got {n}")
        r = np.repeat(rng.uniform(0.5, 1.0, n // n_phases), n_phases)
        phi = (np.tile(np.arange(n_phases), n // n_phases) + rng.uniform(0, 1, n // n_phases).repeat(n_phases)) \
            * 2 * np.pi / n_phases
    u = r[:, None] * np.stack([np.cos(phi), np.sin(phi)], 1)
    y = harmonic_features(u, harmonics, amplitudes)
    Q, _ = np.linalg.qr(rng.normal(size=(dim, 2 * len(harmonics))))
    K_y = np.zeros((2 * len(harmonics),) * 2)
    for b, k in enumerate(harmonics):
        K_y[2 * b:2 * b + 2, 2 * b:2 * b + 2] = k * J2
    return SymmetryData(y @ Q.T, Q @ K_y @ Q.T, u, Q)


def harmonic_features(u, harmonics=(1, 2, 3), amplitudes=(1.0, 0.6, 0.35)):
    """The blocks ``a_k r^k (cos kφ, sin kφ)`` of phase-space points ``u = r(cos φ, sin φ)``, shape (n, 2H).

    :func:`oscillator_data` returns ``x = harmonic_features(u) @ embeddingᵀ``.
    """
    u = finite_array("u", u, ndim=2)
    if u.shape[1] != 2:
        raise ValueError(f"u must hold phase-space points (q, p), shape (n, 2), got {u.shape}")
    r, phi = np.hypot(u[:, 0], u[:, 1]), np.arctan2(u[:, 1], u[:, 0])
    return np.concatenate([a * r[:, None] ** k * np.stack([np.cos(k * phi), np.sin(k * phi)], 1)
                           for k, a in zip(harmonics, amplitudes)], axis=1)


def linear_rotation_data(n=256, dim=5, *, key):
    """Chapter 5's simplest case: points of a disc, ``u ∈ R²``, mapped linearly into ``dim`` dimensions,
    ``x = M u`` with ``M`` random.

    The rotation generator in data space is ``K = M J M⁺`` (``M⁺`` the pseudo-inverse), so
    ``K x = M J u``.  A linear autoencoder should find ``A = S J S⁻¹`` with ``S = W_E M``.
    NumPy draws from the JAX PRNG ``key``.
    """
    n = count("n", n, minimum=2)
    dim = count("dim", dim, minimum=2)
    rng = _rng("key", key)
    r = np.sqrt(rng.uniform(0.0, 1.0, n))
    phi = rng.uniform(0, 2 * np.pi, n)
    u = r[:, None] * np.stack([np.cos(phi), np.sin(phi)], 1)
    M = rng.normal(size=(dim, 2))
    return SymmetryData(u @ M.T, M @ J2 @ np.linalg.pinv(M), u, M)


# --------------------------------------------------------------------------- #
# The autoencoder
# --------------------------------------------------------------------------- #
def autoencoder_init(dim, latent_dim, *, key, hidden=()):
    """Chapter 5: parameters of an autoencoder ``dim → hidden… → latent_dim → …hidden → dim`` (a pytree).

    Weights ``N(0, 1/fan_in)`` (:func:`physml.nn.mlp_init`, encoder and decoder from the two
    halves of ``jax.random.split(key)``), biases zero.  ``hidden=()`` gives a linear autoencoder.
    """
    prng_key("key", key)
    dim = count("dim", dim, minimum=1)
    latent_dim = count("latent_dim", latent_dim, minimum=1)
    hidden = tuple(count("hidden", h, minimum=1) for h in hidden)
    k_enc, k_dec = jax.random.split(key)
    return {"encoder": mlp_init((dim, *hidden, latent_dim), key=k_enc),
            "decoder": mlp_init((latent_dim, *hidden[::-1], dim), key=k_dec)}


def encode(params, x):
    """``z = E(x)``: tanh hidden layers, linear output; ``x`` of shape (..., dim)."""
    return mlp(params["encoder"], x)


def decode(params, z):
    """``x̂ = D(z)``: tanh hidden layers, linear output; ``z`` of shape (..., latent_dim)."""
    return mlp(params["decoder"], z)


def reconstruction_error(params, x):
    """Relative reconstruction error ``‖D(E(X)) − X‖_F / ‖X‖_F`` over the data set (Frobenius norms over
    all points and components; the root mean squared error divided by the root mean square of ``X``)."""
    x = jnp.asarray(x)
    return float(jnp.linalg.norm(decode(params, encode(params, x)) - x) / jnp.linalg.norm(x))


@dataclass(frozen=True)
class TrainedAutoencoder:
    """Final ``params``, the loss before each step (the mean squared error per component,
    ``‖D(E(X)) − X‖²_F / (n · dim)``), and parameter snapshots at ``steps``."""

    params: dict
    loss: np.ndarray
    steps: tuple
    snapshots: list


@partial(jax.jit, static_argnames=("n_steps", "optimizer"))
def _train(params, x, learning_rate, ckpt, n_steps, optimizer):
    opt = {"adam": optax.adam, "sgd": optax.sgd}[optimizer](learning_rate)

    def loss_fn(p):
        return jnp.mean((decode(p, encode(p, x)) - x) ** 2)

    buffer = jax.tree.map(lambda a: jnp.zeros((ckpt.size, *a.shape), a.dtype), params)

    def step(carry, t):
        p, state, buf = carry
        hit = ckpt == t                                   # snapshot taken *before* step t
        buf = jax.tree.map(lambda b, a: jnp.where(hit.reshape((-1,) + (1,) * a.ndim), a[None], b), buf, p)
        loss, g = jax.value_and_grad(loss_fn)(p)
        updates, state = opt.update(g, state, p)
        return (optax.apply_updates(p, updates), state, buf), loss

    (params, _, buffer), losses = jax.lax.scan(step, (params, opt.init(params), buffer), jnp.arange(n_steps))
    hit = ckpt == n_steps
    buffer = jax.tree.map(lambda b, a: jnp.where(hit.reshape((-1,) + (1,) * a.ndim), a[None], b), buffer, params)
    return params, losses, buffer


def train_autoencoder(x, latent_dim, *, key, hidden=(), n_steps=2000, learning_rate=1e-2, checkpoints=(),
                      optimizer="adam"):
    """Chapter 5: train an autoencoder on ``x`` by full-batch descent on ``mean ‖D(E(x)) − x‖²``.

    The parameters start at :func:`autoencoder_init` with ``key``; the whole run is one
    ``lax.scan`` (optax ``adam`` or ``sgd``).  ``checkpoints`` lists steps (0 … ``n_steps``) at
    which to keep a copy of the parameters (step 0 is the untrained model).  Returns a
    :class:`TrainedAutoencoder`.
    """
    x = jnp.asarray(finite_array("x", x, ndim=2))
    n_steps = count("n_steps", n_steps, minimum=0)
    learning_rate = positive_float("learning_rate", learning_rate)
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"optimizer must be 'adam' or 'sgd', got {optimizer!r}")
    steps = tuple(count("checkpoints", s) for s in checkpoints)
    if any(s > n_steps for s in steps):
        raise ValueError(f"checkpoints must lie between 0 and n_steps={n_steps}, got {steps}")
    params = autoencoder_init(x.shape[1], latent_dim, key=key, hidden=hidden)
    ckpt = jnp.asarray(steps if steps else (-1,), dtype=jnp.int32)
    params, losses, buffer = _train(params, x, learning_rate, ckpt, n_steps, optimizer)
    snapshots = [jax.tree.map(lambda b, i=i: b[i], buffer) for i in range(len(steps))]
    return TrainedAutoencoder(params, np.asarray(losses), steps, snapshots)


# --------------------------------------------------------------------------- #
# Latent generators
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class LatentGenerator:
    """The fit ``ż ≈ A z + b``: ``A``, ``b`` (zeros unless ``affine``), the relative ``residual``, ``z`` and ``dz``."""

    A: np.ndarray
    b: np.ndarray
    residual: float
    z: np.ndarray
    dz: np.ndarray

    @property
    def eigenvalues(self):
        """Eigenvalues of ``A``, sorted by imaginary part (a rotation at frequency ω gives ±iω)."""
        ev = np.linalg.eigvals(self.A)
        return ev[np.lexsort((ev.real, ev.imag))]


def _check_xs_K(xs, K):
    xs = finite_array("xs", xs, ndim=2)
    K = finite_array("K", K, ndim=2)
    if K.shape != (xs.shape[1], xs.shape[1]):
        raise ValueError(f"K must be a square matrix matching the data dimension {xs.shape[1]}, got shape {K.shape}")
    return xs, K


def latent_generator(encoder, params, xs, K, affine=False):
    """The latent action of the symmetry generated by ``K``: ``ż = J_E(x) K x`` and the least-squares ``A``.

    ``encoder(params, x)`` maps one data point (or a batch) to its latent vector.  The tangents
    ``ż_i`` are forward-mode Jacobian-vector products (``jax.jvp``), exact to round-off.  ``A``
    (and ``b`` if ``affine``) minimise ``Σ_i ‖ż_i − A z_i − b‖²``; the ``residual`` is
    ``‖Ż − fit‖_F / ‖Ż‖_F``: 0 when the action is exactly linear, of order 1 when it is not
    (it is 0 too when the encoder is invariant, ``ż = 0``).
    """
    callable_arg("encoder", encoder)
    xs, K = _check_xs_K(xs, K)
    xs_j, K_j = jnp.asarray(xs), jnp.asarray(K)

    def tangent(x):
        return jax.jvp(lambda y: encoder(params, y), (x,), (K_j @ x,))

    z, dz = jax.vmap(tangent)(xs_j)
    z, dz = np.asarray(z, dtype=float), np.asarray(dz, dtype=float)
    if z.ndim != 2:
        raise ValueError(f"encoder must map a data point to a 1-D latent vector, got shape {z.shape[1:]}")
    X = np.column_stack([z, np.ones(len(z))]) if affine else z
    coef, *_ = np.linalg.lstsq(X, dz, rcond=None)
    fit = X @ coef
    norm = np.linalg.norm(dz)
    residual = float(np.linalg.norm(dz - fit) / norm) if norm > 0 else 0.0
    A = coef[:z.shape[1]].T
    b = coef[z.shape[1]] if affine else np.zeros(z.shape[1])
    return LatentGenerator(A, b, residual, z, dz)


def generator_consistency(decoder, params, zs, A, K, b=None):
    """Relative residual of ``J_D(z) · (A z + b) = K · D(z)`` over the latent points ``zs``.

    ``‖J_D(Z)(A Z + b) − K D(Z)‖_F / ‖K D(Z)‖_F``, with the Jacobian-vector products by
    ``jax.jvp``: 0 when decoding the latent action reproduces the physical generator.
    """
    callable_arg("decoder", decoder)
    zs = finite_array("zs", zs, ndim=2)
    A = finite_array("A", A, ndim=2)
    if A.shape != (zs.shape[1], zs.shape[1]):
        raise ValueError(f"A must be square with the latent dimension {zs.shape[1]}, got shape {A.shape}")
    b = np.zeros(zs.shape[1]) if b is None else finite_array("b", b, ndim=1)
    K = finite_array("K", K, ndim=2)
    A_j, b_j, K_j = jnp.asarray(A), jnp.asarray(b), jnp.asarray(K)

    def both(z):
        x, dx = jax.jvp(lambda w: decoder(params, w), (z,), (A_j @ z + b_j,))
        return dx, x

    dx, x = jax.vmap(both)(jnp.asarray(zs))
    if K.shape != (x.shape[1], x.shape[1]):
        raise ValueError(f"K must be square with the data dimension {x.shape[1]}, got shape {K.shape}")
    target = x @ K_j.T
    norm = float(jnp.linalg.norm(target))
    if norm == 0:
        raise ValueError("K · D(z) vanishes on every latent point: the decoded points are fixed by the symmetry")
    return float(jnp.linalg.norm(dx - target) / norm)


# --------------------------------------------------------------------------- #
# The chapter's grid: one linear autoencoder per latent dimension, along training
# --------------------------------------------------------------------------- #
#: Training steps at which :func:`autoencoder_grid` evaluates the latent action (0: untrained).
AUTOENCODER_CHECKPOINTS = (0, 10, 30, 100, 300, 1000, 3000)


@dataclass(frozen=True)
class AutoencoderCheckpoint:
    """One entry of an :class:`AutoencoderGrid`: one latent dimension after ``steps`` training steps."""

    latent_dim: int
    steps: int
    residual: float
    consistency: float
    reconstruction: float
    eigenvalues: np.ndarray

    @property
    def frequencies(self):
        """The rotation frequencies of ``A``: the positive imaginary parts of its eigenvalues."""
        return np.array([w.imag for w in self.eigenvalues if w.imag > 1e-6])


@dataclass(frozen=True)
class AutoencoderGrid:
    """Result of :func:`autoencoder_grid`, arrays indexed ``[latent dimension, checkpoint]``.

    ``residual``: relative residual of the affine latent action ``ż = A z + b``
    (:func:`latent_generator`); ``consistency``: of ``J_D(z)(A z + b) = K D(z)``
    (:func:`generator_consistency`); ``reconstruction``: ``‖D(E(x)) − x‖ / ‖x‖``;
    ``eigenvalues[i][j]``: of ``A`` (sorted by imaginary part); ``physical_spectrum``: the
    imaginary parts of the eigenvalues of ``K``, sorted (``±k`` per harmonic).
    """

    latent_dims: np.ndarray
    steps: np.ndarray
    residual: np.ndarray
    consistency: np.ndarray
    reconstruction: np.ndarray
    eigenvalues: tuple
    physical_spectrum: np.ndarray

    def index(self, latent_dim, steps):
        """The indices ``(i, j)`` of a latent dimension and a checkpoint of the grid."""
        dims, ckpts = [int(d) for d in self.latent_dims], [int(s) for s in self.steps]
        if latent_dim not in dims:
            raise ValueError(f"latent_dim must be one of the grid's latent dimensions {dims}, got {latent_dim!r}")
        if steps not in ckpts:
            raise ValueError(f"steps must be one of the grid's checkpoints {ckpts}, got {steps!r}")
        return dims.index(latent_dim), ckpts.index(steps)

    def at(self, latent_dim, steps):
        """The :class:`AutoencoderCheckpoint` of ``latent_dim`` after ``steps`` training steps."""
        i, j = self.index(latent_dim, steps)
        return AutoencoderCheckpoint(int(self.latent_dims[i]), int(self.steps[j]), float(self.residual[i, j]),
                                     float(self.consistency[i, j]), float(self.reconstruction[i, j]),
                                     self.eigenvalues[i][j])


def autoencoder_grid(data, latent_dims=(1, 2, 3, 4, 5), *, key, checkpoints=AUTOENCODER_CHECKPOINTS,
                     learning_rate=1e-2):
    """Chapter 5: which latent dimensions carry a linear action of the symmetry, along training.

    For each latent dimension, one linear autoencoder is trained on ``data.x``
    (:func:`train_autoencoder`, Adam, every one from the same ``key``, ``max(checkpoints)``
    steps); at each checkpoint the latent action is fitted as affine, ``ż = A z + b`` (a linear
    encoder with a bias acts affinely), and checked against the decoder,
    ``J_D(z)(A z + b) = K D(z)``.  Returns an :class:`AutoencoderGrid`.  A few seconds (one
    compilation per latent dimension).
    """
    if not isinstance(data, SymmetryData):
        raise TypeError(f"data must be a SymmetryData (from oscillator_data), got {type(data).__name__}")
    dims = tuple(count("latent_dims", d, minimum=1) for d in latent_dims)
    steps = tuple(count("checkpoints", s) for s in checkpoints)
    if not dims or not steps:
        raise ValueError(f"latent_dims and checkpoints must not be empty, got {latent_dims!r} and {checkpoints!r}")
    shape = (len(dims), len(steps))
    residual, consistency, reconstruction = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    eigenvalues = []
    for i, d in enumerate(dims):
        run = train_autoencoder(data.x, d, key=key, n_steps=max(steps), learning_rate=learning_rate,
                                checkpoints=steps)
        row = []
        for j, p in enumerate(run.snapshots):
            g = latent_generator(encode, p, data.x, data.K, affine=True)
            residual[i, j] = g.residual
            consistency[i, j] = generator_consistency(decode, p, g.z, g.A, data.K, b=g.b)
            reconstruction[i, j] = reconstruction_error(p, data.x)
            row.append(g.eigenvalues)
        eigenvalues.append(tuple(row))
    return AutoencoderGrid(np.array(dims), np.array(steps), residual, consistency, reconstruction,
                           tuple(eigenvalues), np.sort(np.linalg.eigvals(data.K).imag))


# --------------------------------------------------------------------------- #
# A symmetry that acts nonlinearly on the observations: the generator found from data
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class SensorTrajectories:
    """Trajectories of :func:`sensor_trajectories`, arrays indexed ``[orbit, time]``.

    ``x`` (n_orbits, n_times + 1, dim): the sensor readings; ``u`` (…, 2): the hidden scaled
    phase-space points ``(q, p/ω)``; ``velocity`` (…, dim): the exact ``dx/dt``; ``omega``, ``dt``;
    the sensors' ``weights`` (dim, 2) and ``offsets`` (dim,).
    """

    x: np.ndarray
    u: np.ndarray
    velocity: np.ndarray
    omega: float
    dt: float
    weights: np.ndarray
    offsets: np.ndarray

    @property
    def x_now(self):
        """Every reading but the last of each orbit, flattened to (n_orbits · n_times, dim)."""
        return self.x[:, :-1].reshape(-1, self.x.shape[-1])

    @property
    def x_next(self):
        """The reading one step ``dt`` later, paired row by row with :attr:`x_now`."""
        return self.x[:, 1:].reshape(-1, self.x.shape[-1])


def sensor_trajectories(n_orbits=32, n_times=20, dim=6, *, key, omega=1.5, gain=1.0, radii=(0.3, 1.2)):
    """Chapter 5: a harmonic oscillator read by saturating sensors, ``x = tanh(W u + c)``.

    The hidden state is the scaled phase-space point ``u = (q, p/ω)`` of ``q̈ = −ω² q``; it turns
    clockwise at the angular frequency ``ω``, ``u̇ = −ω J u``, on a circle of radius ``r`` (the
    energy is ``E = ω² r² / 2``).  Each of ``dim`` sensors reads a random linear combination of
    ``q`` and ``p/ω`` through a saturating response: ``x = tanh(W u + c)``, ``W`` with entries
    ``gain · N(0, 1)``, ``c`` with entries ``0.5 · N(0, 1)``.  Time evolution acts on ``x``
    nonlinearly, with velocity ``ẋ = (1 − x²) ⊙ (W u̇)``.  Each orbit (``r`` uniform in ``radii``,
    random phase) is sampled at ``n_times + 1`` times ``0, dt, …, n_times·dt`` with
    ``dt = 2π / (ω n_times)``: exactly one period, so the first and last points coincide.  NumPy
    draws from the JAX PRNG ``key``.  Returns :class:`SensorTrajectories`.
    """
    n_orbits = count("n_orbits", n_orbits, minimum=2)
    n_times = count("n_times", n_times, minimum=3)
    dim = count("dim", dim, minimum=1)
    omega = positive_float("omega", omega)
    gain = positive_float("gain", gain)
    if len(radii) != 2 or not 0 <= radii[0] < radii[1] or not np.isfinite(radii[1]):
        raise ValueError(f"radii must be a pair (r_min, r_max) with 0 <= r_min < r_max, got {radii!r}")
    rng = _rng("key", key)
    r = rng.uniform(radii[0], radii[1], n_orbits)
    phase = rng.uniform(0, 2 * np.pi, n_orbits)
    W = gain * rng.normal(size=(dim, 2))
    c = 0.5 * rng.normal(size=dim)
    dt = 2 * np.pi / (omega * n_times)
    angle = phase[:, None] - omega * dt * np.arange(n_times + 1)[None]          # clockwise
    u = r[:, None, None] * np.stack([np.cos(angle), np.sin(angle)], -1)
    x = np.tanh(u @ W.T + c)
    u_dot = -omega * u @ J2.T
    return SensorTrajectories(x, u, (1 - x ** 2) * (u_dot @ W.T), omega, dt, W, c)


@dataclass(frozen=True)
class KoopmanAutoencoders:
    """``n_models`` autoencoders from :func:`train_koopman_autoencoder`, their parameters stacked along
    a leading axis.

    ``reconstruction`` (n_models, n_steps): the mean squared error per component of
    ``D(E(x)) − x`` before each step; ``prediction``: the squared relative one-step error of the
    latent fit, ``‖Z' − Ẑ'‖²_F / ‖Z' − Z‖²_F`` (the square of ``FittedGenerator.residual``).
    """

    params: dict
    reconstruction: np.ndarray
    prediction: np.ndarray

    @property
    def n_models(self):
        """The number of models."""
        return int(self.reconstruction.shape[0])

    def model(self, i):
        """The parameters of model ``i`` (for :func:`encode` and :func:`decode`)."""
        if not 0 <= i < self.n_models:
            raise ValueError(f"i must lie between 0 and {self.n_models - 1}, got {i!r}")
        return jax.tree.map(lambda a: a[i], self.params)


def _affine_fit(z, z_next):
    """Least squares ``z_next ≈ z Mᵀ + b`` (normal equations; differentiable): returns the stacked [Mᵀ; b]."""
    Z = jnp.concatenate([z, jnp.ones((z.shape[0], 1))], axis=1)
    return Z, jnp.linalg.solve(Z.T @ Z, Z.T @ z_next)


def _koopman_loss(p, x, x_next, weight):
    n = x.shape[0]
    codes = encode(p, jnp.concatenate([x, x_next]))            # one pass each way: fewer, larger operations
    z, z_next = codes[:n], codes[n:]
    Z, coef = _affine_fit(z, z_next)
    pred = Z @ coef
    decoded = decode(p, jnp.concatenate([z, pred]))
    reconstruction = jnp.mean((decoded[:n] - x) ** 2)
    prediction_error = jnp.mean((decoded[n:] - x_next) ** 2)
    prediction = jnp.sum((z_next - pred) ** 2) / jnp.sum((z_next - z) ** 2)
    return reconstruction + prediction_error + weight * prediction, (reconstruction, prediction)


@partial(jax.jit, static_argnames=("n_steps",))
def _train_koopman(params, x, x_next, weight, learning_rate, n_steps):
    opt = optax.adam(learning_rate)

    def one(p):
        def step(carry, _):
            p, state = carry
            (_, aux), g = jax.value_and_grad(_koopman_loss, has_aux=True)(p, x, x_next, weight)
            updates, state = opt.update(g, state, p)
            return (optax.apply_updates(p, updates), state), aux

        (p, _), aux = jax.lax.scan(step, (p, opt.init(p)), None, length=n_steps)
        return p, aux

    return jax.vmap(one)(params)


def train_koopman_autoencoder(x, x_next, latent_dim=2, *, key, hidden=(16, 16), n_steps=1500, learning_rate=1e-2,
                              weight=1.0, n_models=3):
    """Chapter 5: autoencoders whose latent dynamics is linear, with the linear map *fitted*, not given.

    Trained on pairs of observations one time step apart (rows of ``x`` and ``x_next``), with
    ``z = E(x)``, ``z' = E(x')`` and, inside the loss, the least-squares affine map
    ``Ẑ' = Z Mᵀ + b`` (normal equations, differentiated through):

        L = mean (D(z) − x)² + mean (D(ẑ') − x')² + weight · ‖Z' − Ẑ'‖²_F / ‖Z' − Z‖²_F,

    reconstruction, decoded prediction and the relative one-step error of the latent fit (relative
    to the step itself, so that shrinking the codes does not help).  No generator is given:
    :func:`fit_generator` reads it off the trained codes.  This is a Koopman autoencoder
    (Lusch, Kutz and Brunton 2018; the least-squares fit in the loss as in Takeishi, Kawahara and
    Yairi 2017).  ``n_models`` networks (initialised by :func:`autoencoder_init` from the halves of
    ``jax.random.split(key, n_models)``) train at once in one vmapped ``lax.scan`` with full-batch
    Adam.  Returns :class:`KoopmanAutoencoders`.
    """
    x = finite_array("x", x, ndim=2)
    x_next = finite_array("x_next", x_next, ndim=2)
    if x_next.shape != x.shape:
        raise ValueError(f"x_next must have the shape of x {x.shape}, got {x_next.shape}")
    latent_dim = count("latent_dim", latent_dim, minimum=1)
    if x.shape[0] <= latent_dim + 1:
        raise ValueError(f"x must hold more than latent_dim + 1 = {latent_dim + 1} pairs, got {x.shape[0]}")
    n_steps = count("n_steps", n_steps, minimum=1)
    n_models = count("n_models", n_models, minimum=1)
    learning_rate = positive_float("learning_rate", learning_rate)
    weight = positive_float("weight", weight, allow_zero=True)
    prng_key("key", key)
    params = [autoencoder_init(x.shape[1], latent_dim, key=k, hidden=hidden) for k in jax.random.split(key, n_models)]
    stacked = jax.tree.map(lambda *a: jnp.stack(a), *params)
    params, (reconstruction, prediction) = _train_koopman(stacked, jnp.asarray(x), jnp.asarray(x_next),
                                                          weight, learning_rate, n_steps)
    return KoopmanAutoencoders(params, np.asarray(reconstruction), np.asarray(prediction))


@dataclass(frozen=True)
class FittedGenerator:
    """The linear dynamics ``z' = M z + b`` fitted by :func:`fit_generator` and its generator ``K``.

    ``M``, ``b``; ``K = log(M) / dt`` (so ``M = exp(K dt)``); ``center``, the fixed point
    ``c = M c + b`` about which the flow is ``ż = K (z − c)``; ``residual``, the relative one-step
    error ``‖Z' − Z Mᵀ − b‖_F / ‖Z' − Z‖_F``.
    """

    M: np.ndarray
    b: np.ndarray
    K: np.ndarray
    center: np.ndarray
    residual: float

    @property
    def eigenvalues(self):
        """Eigenvalues of ``K``, sorted by imaginary part (a rotation at frequency ω gives ±iω)."""
        ev = np.linalg.eigvals(self.K)
        return ev[np.lexsort((ev.real, ev.imag))]

    @property
    def frequency(self):
        """The largest imaginary part of the eigenvalues of ``K``: the fastest rotation's ω."""
        return float(np.max(np.linalg.eigvals(self.K).imag))

    def _mode(self):
        ev, V = np.linalg.eig(self.K)
        k = int(np.argmax(ev.imag))
        return ev[k], V[:, k], np.linalg.inv(V)[k]

    @property
    def plane_block(self):
        """``K`` in the plane of its fastest rotation, in the basis ``(Re v, Im v)`` of its eigenvector
        ``v`` (eigenvalue ``a + iω``): the 2×2 matrix ``[[a, ω], [−ω, a]]``, antisymmetric up to ``a``."""
        _, v, _ = self._mode()
        P = np.column_stack([v.real, v.imag])
        return np.linalg.pinv(P) @ self.K @ P

    def plane_coordinates(self, z):
        """Coordinates ``(a, b)`` of ``z − c = a Re v + b Im v`` in the plane of the fastest rotation
        (the frame of :attr:`plane_block`), where the flow turns ``(a, b)`` at the angular frequency ω."""
        _, v, _ = self._mode()
        z = finite_array("z", z)
        if z.shape[-1] != self.K.shape[0]:
            raise ValueError(f"z must have the latent dimension {self.K.shape[0]} last, got shape {z.shape}")
        return (z - self.center) @ np.linalg.pinv(np.column_stack([v.real, v.imag])).T

    def invariant(self, z):
        """``|φ(z)|²`` of the fastest rotating mode ``φ(z) = wᴴ(z − c)`` (``w`` its left eigenvector).

        Under ``ż = K(z − c)`` the mode evolves as ``φ(t) = e^{λt} φ(0)``, so ``|φ|²`` changes only
        at the rate ``2 Re λ``: it is the conserved quantity of a rotation (``Re λ = 0``), the action
        of action–angle variables up to a constant factor.  ``z`` of shape (..., latent_dim).
        """
        _, _, w = self._mode()
        z = finite_array("z", z)
        if z.shape[-1] != self.K.shape[0]:
            raise ValueError(f"z must have the latent dimension {self.K.shape[0]} last, got shape {z.shape}")
        return np.abs((z - self.center) @ w) ** 2


def fit_generator(z, z_next, dt):
    """Chapter 5: the generator of a linear flow read off pairs of states, ``z' ≈ exp(K dt) z + b``.

    Least squares over the rows: ``M, b = argmin Σ_i ‖z'_i − M z_i − b‖²``; then
    ``K = log(M) / dt`` (the principal matrix logarithm, ``scipy.linalg.logm``; real when no
    eigenvalue of ``M`` is real and negative, that is when a step turns by less than π), and the
    fixed point ``c = (1 − M)⁻¹ b`` (least squares if ``1 − M`` is singular).  The
    ``residual`` is relative to the step, ``‖Z' − Z Mᵀ − b‖_F / ‖Z' − Z‖_F``: 0 for an exactly
    linear (affine) flow, 1 for a fit no better than standing still.  Returns a
    :class:`FittedGenerator`.
    """
    import scipy.linalg

    z = finite_array("z", z, ndim=2)
    z_next = finite_array("z_next", z_next, ndim=2)
    if z_next.shape != z.shape:
        raise ValueError(f"z_next must have the shape of z {z.shape}, got {z_next.shape}")
    if z.shape[0] <= z.shape[1] + 1:
        raise ValueError(f"z must hold more than dim + 1 = {z.shape[1] + 1} pairs, got {z.shape[0]}")
    dt = positive_float("dt", dt)
    step = np.linalg.norm(z_next - z)
    if step == 0:
        raise ValueError("z_next equals z: the states do not move, so there is no generator to fit")
    X = np.column_stack([z, np.ones(len(z))])
    coef, *_ = np.linalg.lstsq(X, z_next, rcond=None)
    M, b = coef[:-1].T, coef[-1]
    ev = np.linalg.eigvals(M)
    if np.any((np.abs(ev.imag) <= 1e-12 * np.abs(ev)) & (ev.real <= 0)):
        raise ValueError(f"M has an eigenvalue on the negative real axis ({ev}): the step turns by π or more, "
                         "so log(M) is not real; use a smaller dt")
    K = np.real(scipy.linalg.logm(M)) / dt
    center, *_ = np.linalg.lstsq(np.eye(len(b)) - M, b, rcond=None)
    residual = float(np.linalg.norm(z_next - X @ coef) / step)
    return FittedGenerator(M, b, K, center, residual)


def within_orbit_fraction(values):
    """Chapter 5: how far a quantity is from conserved, the fraction of its variance found along orbits.

    ``values`` (n_orbits, n_times): one quantity evaluated along each orbit.  Returns
    ``Σ_o Σ_t (f_ot − f̄_o)² / Σ_o Σ_t (f_ot − f̄)²`` (``f̄_o`` the mean over orbit ``o``, ``f̄`` over
    all): 0 for a conserved quantity, near 1 for one that varies only along the orbits.
    """
    f = finite_array("values", values, ndim=2)
    total = np.sum((f - f.mean()) ** 2)
    if total == 0:
        raise ValueError("values are all equal: the fraction is undefined")
    return float(np.sum((f - f.mean(1, keepdims=True)) ** 2) / total)


@dataclass(frozen=True)
class LinearInvariant:
    """The linear function ``f(x) = weights · x`` of least :func:`within_orbit_fraction` (``fraction``)."""

    weights: np.ndarray
    fraction: float


def best_linear_invariant(x, *, rtol=1e-10):
    """Chapter 5: the linear function of the observations that comes closest to being conserved.

    ``x`` (n_orbits, n_times, dim).  Minimises :func:`within_orbit_fraction` of ``a · x`` over
    all ``a``: with ``B`` the within-orbit and ``T`` the total covariance, the fraction is the
    Rayleigh quotient ``aᵀBa / aᵀTa``, least at the smallest eigenvalue of the generalised
    problem ``B a = μ T a`` (``scipy.linalg.eigh``).  Directions in which the data hardly vary
    (variance below ``rtol`` times the largest) are left out, as no function of them is measured.
    Returns a :class:`LinearInvariant`.
    """
    import scipy.linalg

    x = finite_array("x", x, ndim=3)
    rtol = positive_float("rtol", rtol)
    flat = x.reshape(-1, x.shape[-1])
    centred = flat - flat.mean(0)
    within = (x - x.mean(1, keepdims=True)).reshape(-1, x.shape[-1])
    T, B = centred.T @ centred, within.T @ within
    s, U = np.linalg.eigh(T)
    keep = s > rtol * s.max()
    if not np.any(keep):
        raise ValueError("x does not vary: no linear function of it can be compared")
    U = U[:, keep]
    mu, a = scipy.linalg.eigh(U.T @ B @ U, U.T @ T @ U)
    weights = U @ a[:, 0]
    return LinearInvariant(weights / np.linalg.norm(weights), float(mu[0]))


def decoded_velocity(decoder, params, zs, generator):
    """Chapter 5: the found latent flow carried to the observations, ``ẋ = J_D(z) · K (z − c)``.

    One ``jax.jvp`` of ``decoder(params, z)`` per latent point (``zs`` of shape (n, latent_dim)),
    with ``K`` and ``c`` from a :class:`FittedGenerator`.  Compare with the true velocity of the
    observations to test the found generator where no linear ``K`` exists in data space.
    """
    callable_arg("decoder", decoder)
    if not isinstance(generator, FittedGenerator):
        raise TypeError(f"generator must be a FittedGenerator (from fit_generator), got {type(generator).__name__}")
    zs = finite_array("zs", zs, ndim=2)
    if zs.shape[1] != generator.K.shape[0]:
        raise ValueError(f"zs must have the latent dimension {generator.K.shape[0]} columns, got shape {zs.shape}")
    K, c = jnp.asarray(generator.K), jnp.asarray(generator.center)
    velocity = jax.vmap(lambda z: jax.jvp(lambda w: decoder(params, w), (z,), (K @ (z - c),))[1])(jnp.asarray(zs))
    return np.asarray(velocity)
