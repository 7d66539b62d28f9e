"""Conservation by construction: Hamiltonian neural networks, baselines, learned potentials and
forces, and pairwise forces (chapter 6; chapter 7 integrates the learned potential with leapfrog).

The model systems (spring, pendulum, anharmonic well, spring pair force) are in
:mod:`physml.systems`; every Hamiltonian is ``H(q, p)``.  Each trained model is a small frozen
type with the methods the chapter uses, and every ``train_*`` function draws its initial weights
from a keyword-only PRNG ``key``:

* A **Hamiltonian neural network** :class:`HNN` learns a scalar ``H_θ(q, p)`` and predicts the
  time derivative ``ẏ = J ∇H_θ(y)`` (:meth:`HNN.vector_field`): whatever ``θ`` is, the predicted
  flow conserves ``H_θ``.  A :class:`Baseline` network predicts ``ẏ`` directly.  Both are fitted
  to the same noisy derivatives by :func:`train_hnn` and :func:`train_baseline` (optax Adam, one
  ``lax.scan``) — the set-up of Greydanus et al. (2019) — and rolled out with RK4
  (``rollout``).  :func:`energy_drift` measures the true energy error of both over long
  rollouts at several noise levels (chapter 6's explorer).
* **Pairwise forces** ``F_ij = φ(x_i, x_j) − φ(x_j, x_i)`` are antisymmetric by construction, so
  their sum, the rate of change of total momentum, vanishes to round-off
  (:func:`pairwise_forces`); with ``antisymmetric=False`` the raw ``φ(x_i, x_j)`` is used.
  :func:`train_pair_force` fits either to :func:`pair_data` (a :class:`PairForceModel`), and
  :func:`nbody_run` integrates N bodies under a force field.
* A **learned potential** ``V_θ(q)`` (:class:`PotentialModel`) gives the force ``−∇V_θ``
  (``jax.grad``), so the learned dynamics conserve ``½|p|² + V_θ`` exactly; a network that
  outputs the force directly (:class:`ForceModel`) has no potential and its curl pumps energy in
  or out (:func:`train_potential`, :func:`train_force`, :func:`force_data`).
* :func:`spring_data` and :func:`pendulum_data` make noisy training data.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from ._validate import callable_arg, count, finite_array, positive_float, prng_key, rng
from .integrators import hamiltonian_flow, integrate, rk4, rk4_step, velocity_verlet
from .nn import mlp, train_mlp
from .systems import damped_pendulum, energy, oscillator, pendulum, spring_pair_force

__all__ = ["PhaseSpaceData", "spring_data", "pendulum_data", "damped_pendulum_data", "HNN", "Baseline", "train_hnn",
           "train_baseline", "DataEfficiency", "data_efficiency", "DRIFT_NOISES", "DRIFT_START", "DRIFT_DT",
           "DRIFT_STEPS", "EnergyDrift", "DriftWindow", "energy_drift",
           "ForceData", "force_data", "PotentialModel", "ForceModel", "train_potential", "train_force",
           "pairwise_forces", "pair_network", "PairData", "pair_data", "PairForceModel", "train_pair_force",
           "NBodyRun", "nbody_run", "NBodyStart", "nbody_start"]


# ------------------------------------------------------------------ data
def _trajectory_data(H, radius_range, key, n_traj, n_points, t_max, noise, field=None):
    n_traj = count("n_traj", n_traj, minimum=1)
    n_points = count("n_points", n_points, minimum=2)
    t_max = positive_float("t_max", t_max)
    noise = positive_float("noise", noise, allow_zero=True)
    gen = rng("key", key)
    dt = t_max / (n_points - 1)
    ys = []
    for _ in range(n_traj):
        angle = gen.uniform(0, 2 * np.pi)
        r = gen.uniform(*radius_range)
        y0 = r * np.array([np.cos(angle), np.sin(angle)])
        path = rk4(field, y0, dt / 10, 10 * (n_points - 1)) if field else integrate("rk4", H, y0, dt / 10,
                                                                                   10 * (n_points - 1))
        ys.append(np.asarray(path)[::10])                                       # an accurate path
    y = np.concatenate(ys)
    dy = np.asarray(jax.vmap(field or hamiltonian_flow(H))(jnp.asarray(y)))
    return PhaseSpaceData(y + noise * gen.normal(size=y.shape), dy + noise * gen.normal(size=dy.shape))


@dataclass(frozen=True)
class PhaseSpaceData:
    """Training data of chapter 6: states ``y = (q, p)`` and their time derivatives ``dy``, each ``(N, 2n)``."""

    y: np.ndarray
    dy: np.ndarray


def spring_data(*, key, n_traj=25, n_points=30, t_max=3.0, noise=0.1):
    """Noisy states ``y = (q, p)`` and time derivatives ``ẏ = J∇H`` along trajectories of the spring
    :func:`~physml.systems.oscillator` (chapter 6): ``n_traj`` starts at random angles and radii
    0.2–1 in phase space (drawn from ``key``), ``n_points`` states each over ``[0, t_max]``,
    Gaussian noise of standard deviation ``noise`` on states and derivatives.

    Returns a :class:`PhaseSpaceData`, ``y`` and ``dy`` of shape ``(n_traj · n_points, 2)``.
    """
    return _trajectory_data(oscillator, (0.2, 1.0), key, n_traj, n_points, t_max, noise)


def pendulum_data(*, key, n_traj=25, n_points=30, t_max=3.0, noise=0.1):
    """As :func:`spring_data`, for the :func:`~physml.systems.pendulum` (``g = 3``), radii 1.3–2.3 (chapters 6–7)."""
    return _trajectory_data(pendulum, (1.3, 2.3), key, n_traj, n_points, t_max, noise)


def damped_pendulum_data(*, key, damping=0.3, n_traj=25, n_points=30, t_max=3.0, noise=0.1):
    r"""As :func:`pendulum_data`, for the :func:`~physml.systems.damped_pendulum`
    :math:`\dot q = p,\ \dot p = -3\sin q - \gamma p` with :math:`\gamma` = ``damping`` (chapter 6):
    a flow that no Hamiltonian generates, so an HNN cannot represent it.  The starts are drawn as in
    :func:`pendulum_data` (radii 1.3–2.3), so ``damping=0`` gives the same data."""
    damping = positive_float("damping", damping, allow_zero=True)
    return _trajectory_data(pendulum, (1.3, 2.3), key, n_traj, n_points, t_max, noise,
                            field=_DampedField(damping))


@dataclass(frozen=True)
class _DampedField:
    """The damped pendulum's vector field as a hashable callable (one compilation per ``damping``)."""

    damping: float

    def __call__(self, y):
        return damped_pendulum(y, damping=self.damping)


def _paired(names, a, b, ndim=2, phase_space=False):
    """Two data arrays of one shape (``phase_space``: an even last axis, ``(q, p)``), or a clear error."""
    a, b = finite_array(names[0], a, ndim=ndim), finite_array(names[1], b, ndim=ndim)
    if a.shape != b.shape or (phase_space and a.shape[-1] % 2):
        kind = " with an even last axis (q, p)" if phase_space else ""
        raise ValueError(f"{names[0]} and {names[1]} must have the same shape{kind}, got {a.shape} and {b.shape}")
    return a, b


# ------------------------------------------------------------------ HNN and baseline
def _rollout_checked(model, y0, dt, n_steps):
    y0 = finite_array("y0", y0)
    if y0.ndim not in (1, 2) or y0.shape[-1] % 2:
        raise ValueError(f"y0 must be one state (2n,) or a batch (B, 2n), got shape {y0.shape}")
    dt, n_steps = positive_float("dt", dt), count("n_steps", n_steps, minimum=1)
    out = _rollout(model, jnp.atleast_2d(y0), dt, n_steps)
    return out[0] if y0.ndim == 1 else out


@partial(jax.tree_util.register_dataclass, data_fields=("params",), meta_fields=(), drop_fields=("losses",))
@dataclass(frozen=True, eq=False)
class HNN:
    r"""A Hamiltonian neural network: :math:`H_\theta(q, p)` = ``mlp(params, (q, p))`` and its flow
    :math:`\dot y = J\nabla H_\theta`, which conserves :math:`H_\theta` for any ``params`` (chapter 6).

    ``losses``: the training loss (mean squared derivative error) before each Adam step
    (``None`` for an untrained network).  A pytree (``params`` are its leaves).
    """

    params: list
    losses: np.ndarray | None = None

    def hamiltonian(self, q, p):
        r""":math:`H_\theta(q, p)`."""
        return mlp(self.params, jnp.concatenate([q, p]))[0]

    def vector_field(self, y):
        r""":math:`\dot y = J\nabla H_\theta(y)` at the flat state ``y = (q, p)``
        (:func:`~physml.integrators.hamiltonian_flow`)."""
        return hamiltonian_flow(self.hamiltonian)(y)

    def rollout(self, y0, dt, n_steps):
        """Integrate :meth:`vector_field` from ``y0`` with RK4 (:func:`~physml.integrators.rk4_step`).

        ``y0`` is one state, shape ``(2n,)`` → trajectory ``(n_steps + 1, 2n)``, or a batch
        ``(B, 2n)`` → ``(B, n_steps + 1, 2n)`` (one compilation per model type and length).
        """
        return _rollout_checked(self, y0, dt, n_steps)


@partial(jax.tree_util.register_dataclass, data_fields=("params",), meta_fields=(), drop_fields=("losses",))
@dataclass(frozen=True, eq=False)
class Baseline:
    r"""The baseline of chapter 6: a network that outputs the time derivative,
    :math:`\dot y = \mathrm{net}_\theta(y)` (nothing conserved).  ``losses`` as for :class:`HNN`."""

    params: list
    losses: np.ndarray | None = None

    def vector_field(self, y):
        r""":math:`\dot y = \mathrm{net}_\theta(y)`."""
        return mlp(self.params, y)

    def rollout(self, y0, dt, n_steps):
        """Integrate :meth:`vector_field` from ``y0`` with RK4, as :meth:`HNN.rollout`."""
        return _rollout_checked(self, y0, dt, n_steps)


@partial(jax.jit, static_argnames=("n_steps",))
def _rollout(model, y0s, dt, n_steps):
    def one(y0):
        def body(y, _):
            y = rk4_step(model.vector_field, y, dt)
            return y, y

        _, ys = jax.lax.scan(body, y0, None, length=n_steps)
        return jnp.concatenate([y0[None], ys])

    return jax.vmap(one)(y0s)


def _derivative_loss_hnn(params, y, dy):
    return jnp.mean((jax.vmap(HNN(params).vector_field)(y) - dy) ** 2)


def _derivative_loss_baseline(params, y, dy):
    return jnp.mean((jax.vmap(Baseline(params).vector_field)(y) - dy) ** 2)


def train_hnn(y, dy, *, key, hidden=(200, 200), n_steps=2000, learning_rate=1e-3):
    r"""Fit :math:`J\nabla H_\theta(y) \approx \dot y` (mean squared error, Adam): a Hamiltonian neural
    network (chapter 6).  ``key`` draws the initial weights.  Returns an :class:`HNN`."""
    y, dy = _paired(("y", "dy"), y, dy, phase_space=True)
    fit = train_mlp(_derivative_loss_hnn, (y, dy), y.shape[1], 1, key=key, hidden=hidden,
                    learning_rate=learning_rate, n_steps=n_steps)
    return HNN(fit.params, np.asarray(fit.losses))


def train_baseline(y, dy, *, key, hidden=(200, 200), n_steps=2000, learning_rate=1e-3):
    r"""Fit :math:`\mathrm{net}_\theta(y) \approx \dot y` directly (same architecture and loss as
    :func:`train_hnn`; chapter 6).  Returns a :class:`Baseline`."""
    y, dy = _paired(("y", "dy"), y, dy, phase_space=True)
    fit = train_mlp(_derivative_loss_baseline, (y, dy), y.shape[1], y.shape[1], key=key, hidden=hidden,
                    learning_rate=learning_rate, n_steps=n_steps)
    return Baseline(fit.params, np.asarray(fit.losses))


# ------------------------------------------------------------------ data efficiency, over seeds
@dataclass(frozen=True)
class DataEfficiency:
    r"""HNN against baseline as the training set grows (chapter 6): for each number of training
    trajectories ``sizes[i]`` (``n_train[i]`` noisy states) and each seed ``j``, arrays
    ``(len(sizes), n_seeds)`` of

    * ``*_loss``: the final training loss (mean squared error of :math:`\dot y` against the noisy
      targets; the exact vector field scores about :math:`2\sigma^2` on them);
    * ``*_derivative``: the test derivative error, mean squared error of :math:`\dot y` on
      noise-free held-out states;
    * ``*_energy``: the energy error, mean of :math:`(H(y(t)) - H(y_0))^2` of the true ``H`` along RK4
      rollouts from the held-out trajectories' first states.

    ``hnn_models`` and ``baseline_models``: the trained :class:`HNN` and :class:`Baseline` of the
    largest size, one per seed (seed 0's are what :func:`train_hnn` and :func:`train_baseline` fit
    on ``data(key=key)`` with the same ``key``).
    """

    sizes: tuple
    n_train: tuple
    noise: float
    hnn_loss: np.ndarray
    baseline_loss: np.ndarray
    hnn_derivative: np.ndarray
    baseline_derivative: np.ndarray
    hnn_energy: np.ndarray
    baseline_energy: np.ndarray
    hnn_models: tuple
    baseline_models: tuple

    @property
    def energy_ratio(self):
        """Baseline energy error over the HNN's, per size and seed, ``(len(sizes), n_seeds)``."""
        return self.baseline_energy / self.hnn_energy

    @property
    def derivative_ratio(self):
        """Baseline test derivative error over the HNN's, per size and seed."""
        return self.baseline_derivative / self.hnn_derivative


def data_efficiency(sizes=(3, 8, 25), *, key, test_key, n_seeds=3, data=spring_data, H=oscillator, noise=0.1,
                    n_points=30, hidden=(32, 32), n_steps=1000, learning_rate=3e-3, n_test=25, dt=0.1,
                    rollout_steps=300):
    r"""Chapter 6: is an HNN more data-efficient than the baseline?  Errors against training-set size,
    over seeds.

    Seed 0 uses ``key`` itself, seeds ``j ≥ 1`` the keys ``jax.random.split(key, n_seeds)[j]``.  Seed
    ``j`` draws ``max(sizes)`` noisy trajectories with ``data(n_traj=…, n_points=…, noise=…, key=k_j)``
    (e.g. :func:`spring_data`) and the initial weights from the same ``k_j``; size ``n`` trains on the
    first ``n`` trajectories (nested training sets); ``test_key`` draws the test set.  An
    :class:`HNN` and a :class:`Baseline` are fitted by :func:`train_hnn` and :func:`train_baseline`
    (``hidden``, ``n_steps``, ``learning_rate``; one compilation per training-set size and model
    type), then scored on
    ``n_test`` noise-free held-out trajectories: the test derivative error and the energy error of the
    true ``H(q, p)`` along RK4 rollouts (``rollout_steps`` steps of ``dt``) from their first states.
    Returns a :class:`DataEfficiency`.
    """
    callable_arg("data", data)
    callable_arg("H", H)
    try:
        sizes = tuple(sizes)
    except TypeError:
        raise TypeError(f"sizes must be a sequence of trajectory counts, got {sizes!r:.60}") from None
    if not sizes:
        raise ValueError("sizes must list at least one training-set size, got none")
    sizes = tuple(count("sizes", s, minimum=1) for s in sizes)
    n_seeds = count("n_seeds", n_seeds, minimum=1)
    n_points = count("n_points", n_points, minimum=2)
    n_test = count("n_test", n_test, minimum=1)
    noise = positive_float("noise", noise, allow_zero=True)
    learning_rate, dt = positive_float("learning_rate", learning_rate), positive_float("dt", dt)
    n_steps, rollout_steps = count("n_steps", n_steps, minimum=1), count("rollout_steps", rollout_steps, minimum=1)
    try:
        hidden = tuple(count("hidden", h, minimum=1) for h in hidden)
    except TypeError:
        raise TypeError(f"hidden must be a sequence of layer widths, got {hidden!r:.60}") from None
    keys = [prng_key("key", key), *jax.random.split(key, n_seeds)[1:]]
    test = data(n_traj=n_test, n_points=n_points, noise=0.0, key=prng_key("test_key", test_key))
    test_y, starts, n_max = jnp.asarray(test.y), test.y[::n_points], max(sizes)
    settings = dict(hidden=hidden, n_steps=n_steps, learning_rate=learning_rate)
    names = ("hnn_loss", "baseline_loss", "hnn_derivative", "baseline_derivative", "hnn_energy", "baseline_energy")
    table = {name: np.zeros((len(sizes), n_seeds)) for name in names}
    models = {"hnn": [], "baseline": []}
    for j in range(n_seeds):
        train = data(n_traj=n_max, n_points=n_points, noise=noise, key=keys[j])
        for i, n in enumerate(sizes):          # nested training sets; each shape compiles once per model type
            y, dy = train.y[:n * n_points], train.dy[:n * n_points]
            for kind, fit in (("hnn", train_hnn), ("baseline", train_baseline)):
                model = fit(y, dy, key=keys[j], **settings)
                E = np.asarray(energy(H, model.rollout(starts, dt, rollout_steps)))     # true H, (n_test, T + 1)
                predicted = np.asarray(jax.vmap(model.vector_field)(test_y))
                table[f"{kind}_loss"][i, j] = model.losses[-1]
                table[f"{kind}_derivative"][i, j] = np.mean((predicted - test.dy) ** 2)
                table[f"{kind}_energy"][i, j] = np.mean((E - E[:, :1]) ** 2)
                if n == n_max:
                    models[kind].append(model)
    return DataEfficiency(sizes, tuple(n * n_points for n in sizes), noise, **table,
                          hnn_models=tuple(models["hnn"]), baseline_models=tuple(models["baseline"]))


# ------------------------------------------------------------------ energy drift over long rollouts
#: Noise levels of chapter 6's explorer; below, the held-out spring state (radius 0.9, inside the
#: training range), the RK4 step and the number of steps of the rollouts (to t = 100).
DRIFT_NOISES = (0.01, 0.1, 0.3)
DRIFT_START = (0.0, 0.9)
DRIFT_DT = 0.1
DRIFT_STEPS = 1000


@dataclass(frozen=True)
class DriftWindow:
    r"""The rollouts of one noise level of an :class:`EnergyDrift` up to ``t = horizon``: paths
    ``(k, 2)`` and true energy errors :math:`H(y(t)) - H(y_0)` ``(k,)`` at times ``t``."""

    noise: float
    horizon: float
    t: np.ndarray
    hnn_path: np.ndarray
    baseline_path: np.ndarray
    hnn_error: np.ndarray
    baseline_error: np.ndarray
    energy: float

    @property
    def hnn_worst(self):
        """Largest :math:`|H - H_0|` of the HNN's rollout in the window."""
        return float(np.max(np.abs(self.hnn_error)))

    @property
    def baseline_worst(self):
        """Largest :math:`|H - H_0|` of the baseline's rollout in the window."""
        return float(np.max(np.abs(self.baseline_error)))


@dataclass(frozen=True)
class EnergyDrift:
    r"""An HNN and a baseline trained on spring data at each of ``noises``, rolled out from one
    state: paths ``(len(noises), n + 1, 2)`` at times ``t`` and their errors
    :math:`H(y(t)) - H(y_0)` under the true :func:`~physml.systems.oscillator` (``energy`` is
    :math:`H(y_0)`)."""

    noises: tuple
    t: np.ndarray
    energy: float
    hnn_paths: np.ndarray
    baseline_paths: np.ndarray
    hnn_errors: np.ndarray
    baseline_errors: np.ndarray

    def window(self, noise, horizon):
        """The rollouts at the noise level nearest ``noise``, cut at the step nearest ``t = horizon``
        (at least one step): a :class:`DriftWindow`."""
        noise, horizon = positive_float("noise", noise, allow_zero=True), positive_float("horizon", horizon)
        i = int(np.argmin(np.abs(np.asarray(self.noises) - noise)))
        dt = float(self.t[1] - self.t[0])
        k = int(np.clip(round(horizon / dt), 1, len(self.t) - 1)) + 1
        return DriftWindow(float(self.noises[i]), float(self.t[k - 1]), self.t[:k], self.hnn_paths[i, :k],
                           self.baseline_paths[i, :k], self.hnn_errors[i, :k], self.baseline_errors[i, :k],
                           self.energy)


def energy_drift(noises=DRIFT_NOISES, *, key, hidden=(32, 32), n_steps=1000, learning_rate=3e-3, models=None,
                 y0=DRIFT_START, dt=DRIFT_DT, rollout_steps=DRIFT_STEPS):
    r"""Chapter 6: how far the *true* energy :math:`H = (q^2 + p^2)/2` drifts along an HNN's and a
    baseline's rollouts, per noise level of the training data.

    At each noise level :func:`spring_data` (``key``) trains an :func:`train_hnn` and a
    :func:`train_baseline` (initial weights from the same ``key``; ``hidden``, ``n_steps``,
    ``learning_rate``), both rolled out with RK4 from ``y0`` for ``rollout_steps`` steps of ``dt``.
    ``models`` may give ``{noise: (hnn, baseline)}`` already trained (the chapter reuses its own).
    About 3 s per noise level.  Returns an :class:`EnergyDrift`.
    """
    noises = tuple(positive_float("noises", n, allow_zero=True) for n in noises)
    if not noises:
        raise ValueError("noises must list at least one noise level, got none")
    models = dict(models or {})
    y0 = finite_array("y0", y0, ndim=1)
    e0 = float(oscillator(jnp.asarray(y0[:1]), jnp.asarray(y0[1:])))
    paths = {"hnn": [], "baseline": []}
    for noise in noises:
        if noise in models:
            hnn, base = models[noise]
            if not isinstance(hnn, HNN) or not isinstance(base, Baseline):
                raise TypeError(f"models[{noise}] must be a pair (HNN, Baseline), got "
                                f"({type(hnn).__name__}, {type(base).__name__})")
        else:
            data = spring_data(noise=noise, key=key)
            settings = dict(key=key, hidden=hidden, n_steps=n_steps, learning_rate=learning_rate)
            hnn, base = train_hnn(data.y, data.dy, **settings), train_baseline(data.y, data.dy, **settings)
        paths["hnn"].append(np.asarray(hnn.rollout(y0, dt, rollout_steps)))
        paths["baseline"].append(np.asarray(base.rollout(y0, dt, rollout_steps)))
    hnn_paths, base_paths = np.stack(paths["hnn"]), np.stack(paths["baseline"])
    return EnergyDrift(noises, dt * np.arange(rollout_steps + 1), e0, hnn_paths, base_paths,
                       np.asarray(energy(oscillator, hnn_paths)) - e0, np.asarray(energy(oscillator, base_paths)) - e0)


# ------------------------------------------------------------------ learned potential vs learned force
def force_data(potential, *, key, n_samples=400, radius=1.5, noise=0.05):
    """Positions uniform in a disc of ``radius`` and noisy forces ``−∇V(q) + ε``, ``ε ~ N(0, noise²)``
    (drawn from ``key``), for a ``potential`` ``V(q)`` such as :func:`~physml.systems.anharmonic_potential`
    (chapter 6).  Returns a :class:`ForceData`, ``q`` and ``F`` of shape ``(n_samples, 2)``.
    """
    callable_arg("potential", potential)
    n_samples = count("n_samples", n_samples, minimum=1)
    radius = positive_float("radius", radius)
    noise = positive_float("noise", noise, allow_zero=True)
    gen = rng("key", key)
    r = radius * np.sqrt(gen.uniform(size=n_samples))
    phi = gen.uniform(0, 2 * np.pi, size=n_samples)
    q = np.column_stack([r * np.cos(phi), r * np.sin(phi)])
    F = -np.asarray(jax.vmap(jax.grad(potential))(jnp.asarray(q)))
    return ForceData(q, F + noise * gen.normal(size=F.shape))


@dataclass(frozen=True)
class ForceData:
    """Positions ``q`` and measured forces ``F``, each ``(N, d)`` (chapter 6)."""

    q: np.ndarray
    F: np.ndarray


@dataclass(frozen=True, eq=False)
class PotentialModel:
    r"""A learned potential :math:`V_\theta(q)` = ``mlp(params, q)``; its force
    :math:`-\nabla V_\theta` is curl-free for any ``params`` (chapter 6).  ``losses``: the training
    loss (mean squared force error) before each step."""

    params: list
    losses: np.ndarray | None = None

    def potential(self, q):
        r""":math:`V_\theta(q)`."""
        return mlp(self.params, q)[0]

    def force(self, q):
        r""":math:`F(q) = -\nabla V_\theta(q)` (``jax.grad``)."""
        return -jax.grad(self.potential)(q)

    def hamiltonian(self, q, p):
        r""":math:`H_\theta = \tfrac12|p|^2 + V_\theta(q)` (unit mass): what the learned dynamics conserve."""
        return 0.5 * jnp.sum(p**2) + self.potential(q)


@dataclass(frozen=True, eq=False)
class ForceModel:
    r"""A network :math:`F_\theta(q)` that outputs the force directly: no potential, a curl in
    general (chapter 6).  ``losses`` as for :class:`PotentialModel`."""

    params: list
    losses: np.ndarray | None = None

    def force(self, q):
        r""":math:`F_\theta(q)`."""
        return mlp(self.params, q)


def _force_loss_potential(params, q, F):
    pred = -jax.vmap(jax.grad(lambda x: mlp(params, x)[0]))(q)
    return jnp.mean((pred - F) ** 2)


def _force_loss_direct(params, q, F):
    return jnp.mean((mlp(params, q) - F) ** 2)


def train_potential(q, F, *, key, hidden=(64, 64), n_steps=2000, learning_rate=3e-3):
    r"""Fit a scalar :math:`V_\theta(q)` so that :math:`-\nabla V_\theta(q) \approx F` (mean squared
    force error, Adam; chapter 6).  Returns a :class:`PotentialModel`."""
    q, F = _paired(("q", "F"), q, F)
    fit = train_mlp(_force_loss_potential, (q, F), q.shape[1], 1, key=key, hidden=hidden,
                    learning_rate=learning_rate, n_steps=n_steps)
    return PotentialModel(fit.params, np.asarray(fit.losses))


def train_force(q, F, *, key, hidden=(64, 64), n_steps=2000, learning_rate=3e-3):
    r"""Fit a network :math:`F_\theta(q) \approx F` directly (same architecture, loss and data as
    :func:`train_potential`; chapter 6).  Returns a :class:`ForceModel`."""
    q, F = _paired(("q", "F"), q, F)
    fit = train_mlp(_force_loss_direct, (q, F), q.shape[1], q.shape[1], key=key, hidden=hidden,
                    learning_rate=learning_rate, n_steps=n_steps)
    return ForceModel(fit.params, np.asarray(fit.losses))


# ------------------------------------------------------------------ N bodies with pair forces
def pairwise_forces(pair_force, params, positions, *, antisymmetric=True):
    r"""Total force on each body from a learned pair interaction (chapter 6).

    ``pair_force(params, x_i, x_j)`` returns a force vector on ``i`` due to ``j``.  With
    ``antisymmetric=True`` the pair force is :math:`F_{ij} = \varphi(x_i, x_j) - \varphi(x_j, x_i)`,
    so :math:`F_{ij} = -F_{ji}` by construction and :math:`\sum_i F_i = 0` (total momentum
    conserved) for any ``params``; otherwise :math:`F_{ij} = \varphi(x_i, x_j)`.  Self-interaction
    ``i = j`` is excluded.  ``positions`` has shape ``(N, d)``; the result too.
    """
    callable_arg("pair_force", pair_force)
    if isinstance(positions, jax.core.Tracer):          # inside jit/scan: shape check only
        x = positions
        if x.ndim != 2:
            raise ValueError(f"positions must have 2 dimensions (bodies, d), got shape {x.shape}")
    else:
        x = jnp.asarray(finite_array("positions", positions, ndim=2))
    phi = jax.vmap(jax.vmap(lambda a, b: pair_force(params, a, b), (None, 0)), (0, None))(x, x)   # (N, N, d)
    F = phi - jnp.swapaxes(phi, 0, 1) if antisymmetric else phi
    others = ~jnp.eye(x.shape[0], dtype=bool)[:, :, None]           # where, not a product: φ(x, x) may be NaN
    return jnp.sum(jnp.where(others, F, 0.0), axis=1)


def pair_network(params, x_i, x_j):
    r"""A pair-force network :math:`\varphi_\theta(x_i, x_j)`: an MLP of the two positions (no symmetry
    built in; chapter 6)."""
    return mlp(params, jnp.concatenate([x_i, x_j]))


def pair_data(*, key, n_bodies=4, n_configs=200, spread=1.0, noise=0.02):
    """Random 2D configurations (normal, standard deviation ``spread``, drawn from ``key``) and the
    noisy total forces of :func:`~physml.systems.spring_pair_force` (chapter 6).

    Returns a :class:`PairData`, ``positions`` and ``forces`` of shape ``(n_configs, n_bodies, 2)``.
    """
    n_bodies = count("n_bodies", n_bodies, minimum=2)
    n_configs = count("n_configs", n_configs, minimum=1)
    spread = positive_float("spread", spread)
    noise = positive_float("noise", noise, allow_zero=True)
    gen = rng("key", key)
    x = spread * gen.normal(size=(n_configs, n_bodies, 2))
    exact = jax.vmap(lambda xs: pairwise_forces(lambda _, a, b: spring_pair_force(a, b), None, xs,
                                                antisymmetric=False))(jnp.asarray(x))
    return PairData(x, np.asarray(exact) + noise * gen.normal(size=x.shape))


@dataclass(frozen=True)
class PairData:
    """Configurations of N bodies and the total force on each, both ``(configs, N, d)`` (chapter 6)."""

    positions: np.ndarray
    forces: np.ndarray


@dataclass(frozen=True)
class NBodyRun:
    """Positions and momenta of N bodies at each step, shapes ``(n_steps + 1, N, d)``."""

    positions: np.ndarray
    momenta: np.ndarray

    @property
    def total_momentum(self):
        r"""Total momentum :math:`P = \sum_i p_i` at each step, ``(n_steps + 1, d)`` (chapter 6)."""
        return self.momenta.sum(axis=1)

    @property
    def angular_momentum(self):
        r"""Total angular momentum :math:`L = \sum_i x_i \times p_i` about the origin at each step
        (chapter 6): in the plane (``d = 2``) its one component :math:`\sum_i (x_i p_{i,y} - y_i p_{i,x})`,
        shape ``(n_steps + 1,)``; in space (``d = 3``) the vector, ``(n_steps + 1, 3)``."""
        x, p = self.positions, self.momenta
        if x.shape[-1] == 2:
            return np.sum(x[..., 0] * p[..., 1] - x[..., 1] * p[..., 0], axis=-1)
        if x.shape[-1] == 3:
            return np.cross(x, p).sum(axis=1)
        raise ValueError(f"angular momentum needs d = 2 or 3 dimensions, got d = {x.shape[-1]}")


@dataclass(frozen=True)
class NBodyStart:
    """Initial positions ``x0`` and velocities ``v0`` of N bodies, each ``(N, d)`` (chapter 6)."""

    x0: np.ndarray
    v0: np.ndarray


def nbody_start(masses, *, key, d=2, spread=1.0, speed=0.1):
    r"""A random start for N bodies at rest as a whole (chapter 6): positions normal with standard
    deviation ``spread``, velocities normal with standard deviation ``speed`` (both drawn from
    ``key``, positions first), then shifted by the centre-of-mass velocity so that the total momentum
    :math:`P = \sum_i m_i v_i` is zero.  ``masses``: ``(N,)``.  Returns an :class:`NBodyStart`.
    """
    masses = finite_array("masses", masses, ndim=1)
    if masses.size < 1 or np.any(masses <= 0):
        raise ValueError(f"masses must be positive, got {masses!r:.80}")
    d = count("d", d, minimum=1)
    spread, speed = positive_float("spread", spread), positive_float("speed", speed, allow_zero=True)
    gen = rng("key", key)
    x0 = spread * gen.normal(size=(masses.size, d))
    v0 = speed * gen.normal(size=(masses.size, d))
    v0 = v0 - (masses[:, None] * v0).sum(0) / masses.sum()
    return NBodyStart(x0, v0)


def nbody_run(forces, x0, v0, masses, dt, n_steps):
    r"""Integrate N bodies, :math:`m_i\ddot x_i = F_i(x)`, with
    :func:`~physml.integrators.velocity_verlet` (chapter 6).

    ``forces(positions)`` maps positions ``(N, d)`` to the total forces ``(N, d)`` (e.g.
    :meth:`PairForceModel.forces`); ``x0``, ``v0``: ``(N, d)``; ``masses``: ``(N,)``.
    Returns an :class:`NBodyRun`.
    """
    callable_arg("forces", forces)
    x0 = finite_array("x0", x0, ndim=2)
    v0 = finite_array("v0", v0, ndim=2)
    masses = finite_array("masses", masses, ndim=1)
    if v0.shape != x0.shape or masses.shape != (x0.shape[0],):
        raise ValueError(f"x0 {x0.shape}, v0 {v0.shape} and masses {masses.shape} must describe the same bodies")
    N, d = x0.shape

    def force(q):
        return forces(q.reshape(N, d)).reshape(-1)

    m = np.repeat(masses, d)
    y0 = np.concatenate([x0.reshape(-1), (v0 * masses[:, None]).reshape(-1)])
    ys = np.asarray(velocity_verlet(force, y0, dt, n_steps, mass=m))
    return NBodyRun(ys[:, :N * d].reshape(-1, N, d), ys[:, N * d:].reshape(-1, N, d))


@dataclass(frozen=True, eq=False)
class PairForceModel:
    r"""A learned pair interaction :math:`\varphi_\theta` = :func:`pair_network` and how it is summed:
    :math:`F_{ij} = \varphi_\theta(x_i, x_j) - \varphi_\theta(x_j, x_i)` if ``antisymmetric``
    (Newton's third law built in), else :math:`F_{ij} = \varphi_\theta(x_i, x_j)` (chapter 6).
    ``losses``: the training loss before each step."""

    params: list
    antisymmetric: bool = True
    losses: np.ndarray | None = None

    def pair_force(self, x_i, x_j):
        r""":math:`\varphi_\theta(x_i, x_j)`, the network's force on ``i`` due to ``j``."""
        return pair_network(self.params, x_i, x_j)

    def forces(self, positions):
        """Total force on each body, ``(N, d)`` → ``(N, d)`` (:func:`pairwise_forces`)."""
        return pairwise_forces(pair_network, self.params, positions, antisymmetric=self.antisymmetric)

    def rollout(self, x0, v0, masses, dt, n_steps):
        """N bodies under :meth:`forces` (:func:`nbody_run`): an :class:`NBodyRun`."""
        return nbody_run(self.forces, x0, v0, masses, dt, n_steps)


def _pair_loss_antisymmetric(params, x, F):
    pred = jax.vmap(lambda xs: pairwise_forces(pair_network, params, xs, antisymmetric=True))(x)
    return jnp.mean((pred - F) ** 2)


def _pair_loss_raw(params, x, F):
    pred = jax.vmap(lambda xs: pairwise_forces(pair_network, params, xs, antisymmetric=False))(x)
    return jnp.mean((pred - F) ** 2)


def train_pair_force(positions, forces, *, key, antisymmetric=True, hidden=(32, 32), n_steps=2000,
                     learning_rate=3e-3):
    r"""Fit :func:`pair_network` so that the summed pair forces match the measured total forces
    (chapter 6).

    With ``antisymmetric=True`` the model is :math:`F_{ij} = \varphi(x_i, x_j) - \varphi(x_j, x_i)`
    (Newton's third law built in); otherwise :math:`F_{ij} = \varphi(x_i, x_j)`.  ``positions`` and
    ``forces``: ``(configs, bodies, d)``.  Returns a :class:`PairForceModel`.
    """
    x, F = _paired(("positions", "forces"), positions, forces, ndim=3)
    if not isinstance(antisymmetric, bool):
        raise TypeError(f"antisymmetric must be True or False, got {antisymmetric!r:.60}")
    loss = _pair_loss_antisymmetric if antisymmetric else _pair_loss_raw
    fit = train_mlp(loss, (x, F), 2 * x.shape[2], x.shape[2], key=key, hidden=hidden,
                    learning_rate=learning_rate, n_steps=n_steps)
    return PairForceModel(fit.params, antisymmetric, np.asarray(fit.losses))
