"""Conservation by construction: Hamiltonian neural networks, baselines, and pairwise forces.

Chapter 6 (conservation by construction, in preparation) uses everything here.

* A **Hamiltonian neural network** (HNN) learns a scalar ``H_θ(q, p)`` and predicts the time
  derivative ``ẏ = J ∇H_θ(y)`` (:func:`hamiltonian_vector_field`): whatever ``θ`` is, the
  predicted flow conserves ``H_θ``.  A **baseline** network predicts ``ẏ`` directly.  Both are
  fitted to the same noisy derivatives by :func:`train_hnn` and :func:`train_baseline` (optax
  Adam, one ``lax.scan``) — the set-up of Greydanus et al. (2019).
* **Pairwise forces** ``F_ij = φ(x_i, x_j) − φ(x_j, x_i)`` are antisymmetric by construction, so
  their sum, the rate of change of total momentum, vanishes to round-off
  (:func:`pairwise_forces`); with ``antisymmetric=False`` the raw ``φ(x_i, x_j)`` is used.
* :func:`spring_data` and :func:`pendulum_data` make noisy training data.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
import optax

from ._validate import callable_arg, count, finite_array, positive_float
from .integrators import hamiltonian_flow, rk4
from .nn import mlp, mlp_init

__all__ = ["hamiltonian_vector_field", "spring_hamiltonian", "pendulum_hamiltonian", "spring_data",
           "pendulum_data", "TrainedModel", "train_hnn", "train_baseline", "hnn_vector_field",
           "baseline_vector_field", "rollout", "pairwise_forces"]


def hamiltonian_vector_field(H):
    """``ẏ = J ∇H(y)`` for a scalar ``H(y)`` of the flat state ``y = (q, p)``: ``q̇ = ∂H/∂p``, ``ṗ = −∂H/∂q``.

    The networks here take the flat state; this wraps :func:`physml.integrators.hamiltonian_flow`,
    which takes ``H(q, p)``.
    """
    callable_arg("H", H)
    return hamiltonian_flow(lambda q, p: H(jnp.concatenate([q, p])))


def spring_hamiltonian(y):
    """Ideal mass–spring, ``k = m = 1``: ``H = (q² + p²)/2``."""
    return 0.5 * jnp.sum(y**2)


def pendulum_hamiltonian(y):
    """Pendulum, ``m = l = 1``, ``g = 3`` (as in Greydanus et al.): ``H = 3(1 − cos q) + p²/2``."""
    return 3.0 * (1 - jnp.cos(y[0])) + 0.5 * y[1] ** 2


def _trajectory_data(H, radius_range, n_traj, n_points, t_max, noise, seed):
    n_traj = count("n_traj", n_traj, minimum=1)
    n_points = count("n_points", n_points, minimum=2)
    t_max = positive_float("t_max", t_max)
    noise = positive_float("noise", noise, allow_zero=True)
    rng = np.random.default_rng(count("seed", seed))
    f = hamiltonian_vector_field(H)
    dt = t_max / (n_points - 1)
    ys = []
    for _ in range(n_traj):
        angle = rng.uniform(0, 2 * np.pi)
        r = rng.uniform(*radius_range)
        y0 = r * np.array([np.cos(angle), np.sin(angle)])
        fine = np.asarray(rk4(f, y0, dt / 10, 10 * (n_points - 1)))[::10]     # accurate reference path
        ys.append(fine)
    y = np.concatenate(ys)
    dy = np.asarray(jax.vmap(f)(jnp.asarray(y)))
    return y + noise * rng.normal(size=y.shape), dy + noise * rng.normal(size=dy.shape)


def spring_data(n_traj=25, n_points=30, t_max=3.0, noise=0.1, seed=0):
    """Noisy states and time derivatives along spring trajectories (radius in phase space 0.2–1)."""
    return _trajectory_data(spring_hamiltonian, (0.2, 1.0), n_traj, n_points, t_max, noise, seed)


def pendulum_data(n_traj=25, n_points=30, t_max=3.0, noise=0.1, seed=0):
    """Noisy states and time derivatives along pendulum trajectories (radius in phase space 1.3–2.3)."""
    return _trajectory_data(pendulum_hamiltonian, (1.3, 2.3), n_traj, n_points, t_max, noise, seed)


@dataclass(frozen=True)
class TrainedModel:
    """Parameters of a trained network and its loss (mean squared derivative error) per step."""

    params: list
    loss: np.ndarray
    kind: str


def hnn_vector_field(params):
    """The HNN's flow ``J ∇H_θ``, with ``H_θ = mlp(params, y)``."""
    return hamiltonian_vector_field(lambda y: mlp(params, y)[0])


def baseline_vector_field(params):
    """The baseline's flow: the network's output is the time derivative."""
    return lambda y: mlp(params, y)


@partial(jax.jit, static_argnames=("kind", "n_steps"))
def _fit(params, y, dy, learning_rate, kind, n_steps):
    opt = optax.adam(learning_rate)

    def predict(p, yy):
        field = hnn_vector_field(p) if kind == "hnn" else baseline_vector_field(p)
        return jax.vmap(field)(yy)

    def loss_fn(p):
        return jnp.mean((predict(p, y) - dy) ** 2)

    def step(carry, _):
        p, state = carry
        loss, g = jax.value_and_grad(loss_fn)(p)
        updates, state = opt.update(g, state, p)
        return (optax.apply_updates(p, updates), state), loss

    (params, _), losses = jax.lax.scan(step, (params, opt.init(params)), None, length=n_steps)
    return params, losses


def _train(kind, y, dy, hidden, n_steps, learning_rate, seed):
    y = finite_array("y", y, ndim=2)
    dy = finite_array("dy", dy, ndim=2)
    if y.shape != dy.shape or y.shape[1] % 2:
        raise ValueError(f"y and dy must have the same shape (samples, 2n), got {y.shape} and {dy.shape}")
    hidden = tuple(count("hidden", h, minimum=1) for h in hidden)
    out = 1 if kind == "hnn" else y.shape[1]
    params = mlp_init(jax.random.key(count("seed", seed)), (y.shape[1], *hidden, out))
    params, losses = _fit(params, jnp.asarray(y), jnp.asarray(dy), positive_float("learning_rate", learning_rate),
                          kind, count("n_steps", n_steps, minimum=1))
    return TrainedModel(params, np.asarray(losses), kind)


def train_hnn(y, dy, hidden=(200, 200), n_steps=2000, learning_rate=1e-3, seed=0):
    """Fit ``J ∇H_θ(y) ≈ ẏ`` (mean squared error, Adam): a Hamiltonian neural network."""
    return _train("hnn", y, dy, hidden, n_steps, learning_rate, seed)


def train_baseline(y, dy, hidden=(200, 200), n_steps=2000, learning_rate=1e-3, seed=0):
    """Fit ``net_θ(y) ≈ ẏ`` directly (same architecture and loss as :func:`train_hnn`)."""
    return _train("baseline", y, dy, hidden, n_steps, learning_rate, seed)


def rollout(model, y0, dt, n_steps):
    """Integrate a trained model's flow from ``y0`` with RK4 (:func:`physml.integrators.rk4`)."""
    if not isinstance(model, TrainedModel):
        raise TypeError(f"model must be a TrainedModel (from train_hnn or train_baseline), got {type(model).__name__}")
    field = hnn_vector_field(model.params) if model.kind == "hnn" else baseline_vector_field(model.params)
    return rk4(field, y0, dt, n_steps)


def pairwise_forces(pair_force, params, positions, antisymmetric=True):
    """Total force on each body from a learned pair interaction.

    ``pair_force(params, x_i, x_j)`` returns a force vector on ``i`` due to ``j``.  With
    ``antisymmetric=True`` the pair force is ``F_ij = φ(x_i, x_j) − φ(x_j, x_i)``, so
    ``F_ij = −F_ji`` by construction and ``Σ_i F_i = 0`` (total momentum conserved) for any
    ``params``; otherwise ``F_ij = φ(x_i, x_j)``.  Self-interaction ``i = j`` is excluded.
    ``positions`` has shape ``(N, d)``; the result too.
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
    mask = 1.0 - jnp.eye(x.shape[0])
    return jnp.sum(F * mask[:, :, None], axis=1)
