"""Conservation by construction: Hamiltonian neural networks, baselines, and pairwise forces.

Chapter 6 (conservation by construction) uses everything here; chapter 7 integrates the learned
potential with leapfrog.

* A **Hamiltonian neural network** (HNN) learns a scalar ``H_θ(q, p)`` and predicts the time
  derivative ``ẏ = J ∇H_θ(y)`` (:func:`hamiltonian_vector_field`): whatever ``θ`` is, the
  predicted flow conserves ``H_θ``.  A **baseline** network predicts ``ẏ`` directly.  Both are
  fitted to the same noisy derivatives by :func:`train_hnn` and :func:`train_baseline` (optax
  Adam, one ``lax.scan``) — the set-up of Greydanus et al. (2019).
* **Pairwise forces** ``F_ij = φ(x_i, x_j) − φ(x_j, x_i)`` are antisymmetric by construction, so
  their sum, the rate of change of total momentum, vanishes to round-off
  (:func:`pairwise_forces`); with ``antisymmetric=False`` the raw ``φ(x_i, x_j)`` is used.
* A **learned potential** ``V_θ(q)`` gives the force ``−∇V_θ`` (``jax.grad``), so the learned
  dynamics conserve ``½pᵀM⁻¹p + V_θ`` exactly; a network that outputs the force directly has
  no potential and its curl pumps energy in or out (:func:`train_potential`,
  :func:`train_force`, :func:`learned_force`, :func:`force_data`).
* A **learned symplectic map** (chapter 7): :func:`train_generating_function` fits a generating
  function ``G_θ(q, P)`` to pairs of states one time step apart, and :func:`learned_step` turns
  it into a map that is symplectic for any ``θ``; :func:`train_step_network` fits the plain
  residual map ``y + h·net(y)`` for comparison, and :func:`iterate_map` rolls either out.
* :func:`spring_data` and :func:`pendulum_data` make noisy training data; :func:`pair_data`
  and :func:`train_pair_force` do the same for an N-body system with pair interactions.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
import jax
import jax.numpy as jnp
import numpy as np

from ._validate import callable_arg, count, finite_array, positive_float
from .integrators import _rk4_step, generating_function_step, hamiltonian_flow, rk4, velocity_verlet
from .nn import fit_adam, mlp, mlp_init

__all__ = ["hamiltonian_vector_field", "spring_hamiltonian", "pendulum_hamiltonian", "spring_data",
           "pendulum_data", "TrainedModel", "train_hnn", "train_baseline", "hnn_vector_field",
           "baseline_vector_field", "rollout", "pairwise_forces", "anharmonic_potential", "force_data",
           "train_potential", "train_force", "learned_force", "learned_potential", "spring_pair_force",
           "pair_data", "pair_network", "train_pair_force", "nbody_run", "pendulum_flow_data",
           "train_generating_function", "train_step_network", "learned_step", "iterate_map"]


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


def _derivative_loss_hnn(params, y, dy):
    return jnp.mean((jax.vmap(hnn_vector_field(params))(y) - dy) ** 2)


def _derivative_loss_baseline(params, y, dy):
    return jnp.mean((jax.vmap(baseline_vector_field(params))(y) - dy) ** 2)


def _paired(names, a, b, ndim=2, phase_space=False):
    """Two data arrays of one shape (``phase_space``: an even last axis, ``(q, p)``), or a clear error."""
    a, b = finite_array(names[0], a, ndim=ndim), finite_array(names[1], b, ndim=ndim)
    if a.shape != b.shape or (phase_space and a.shape[-1] % 2):
        kind = " with an even last axis (q, p)" if phase_space else ""
        raise ValueError(f"{names[0]} and {names[1]} must have the same shape{kind}, got {a.shape} and {b.shape}")
    return a, b


def _fit_mlp(kind, loss, sizes, data, hidden, n_steps, learning_rate, seed):
    """Initialise an MLP ``sizes[0] → hidden → sizes[1]``, fit ``loss(params, *data)`` with Adam; a TrainedModel."""
    hidden = tuple(count("hidden", h, minimum=1) for h in hidden)
    params = mlp_init((sizes[0], *hidden, sizes[1]), key=jax.random.key(count("seed", seed)))
    fit = fit_adam(loss, params, data, learning_rate=learning_rate, n_steps=n_steps)
    params, losses = fit.params, fit.losses
    return TrainedModel(params, np.asarray(losses), kind)


def _train(kind, y, dy, hidden, n_steps, learning_rate, seed):
    y, dy = _paired(("y", "dy"), y, dy, phase_space=True)
    loss = _derivative_loss_hnn if kind == "hnn" else _derivative_loss_baseline
    return _fit_mlp(kind, loss, (y.shape[1], 1 if kind == "hnn" else y.shape[1]), (y, dy), hidden, n_steps,
                    learning_rate, seed)


def train_hnn(y, dy, hidden=(200, 200), n_steps=2000, learning_rate=1e-3, seed=0):
    """Fit ``J ∇H_θ(y) ≈ ẏ`` (mean squared error, Adam): a Hamiltonian neural network."""
    return _train("hnn", y, dy, hidden, n_steps, learning_rate, seed)


def train_baseline(y, dy, hidden=(200, 200), n_steps=2000, learning_rate=1e-3, seed=0):
    """Fit ``net_θ(y) ≈ ẏ`` directly (same architecture and loss as :func:`train_hnn`)."""
    return _train("baseline", y, dy, hidden, n_steps, learning_rate, seed)


@partial(jax.jit, static_argnames=("kind", "n_steps"))
def _rollout(kind, params, y0s, dt, n_steps):
    field = hnn_vector_field(params) if kind == "hnn" else baseline_vector_field(params)

    def one(y0):
        def body(y, _):
            y = _rk4_step(field, y, dt)
            return y, y

        _, ys = jax.lax.scan(body, y0, None, length=n_steps)
        return jnp.concatenate([y0[None], ys])

    return jax.vmap(one)(y0s)


def rollout(model, y0, dt, n_steps):
    """Integrate a trained model's flow from ``y0`` with RK4 (the step of :func:`physml.integrators.rk4`).

    ``y0`` is one state, shape ``(2n,)`` → trajectory ``(n_steps + 1, 2n)``, or a batch ``(B, 2n)`` →
    ``(B, n_steps + 1, 2n)`` (one compilation per model kind and length, not per call).
    """
    if not isinstance(model, TrainedModel) or model.kind not in ("hnn", "baseline"):
        raise TypeError("model must be a TrainedModel from train_hnn or train_baseline, "
                        f"got {getattr(model, 'kind', type(model).__name__)!r}")
    y0 = finite_array("y0", y0)
    if y0.ndim not in (1, 2):
        raise ValueError(f"y0 must be one state (2n,) or a batch (B, 2n), got shape {y0.shape}")
    dt, n_steps = positive_float("dt", dt), count("n_steps", n_steps, minimum=1)
    out = _rollout(model.kind, model.params, jnp.atleast_2d(y0), dt, n_steps)
    return out[0] if y0.ndim == 1 else out


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
    others = ~jnp.eye(x.shape[0], dtype=bool)[:, :, None]           # where, not a product: φ(x, x) may be NaN
    return jnp.sum(jnp.where(others, F, 0.0), axis=1)


# ------------------------------------------------------------------ learned potential vs learned force
def anharmonic_potential(q):
    """A 2D anharmonic well, ``V = ½|q|² + ¼|q|⁴`` (chapter 6's learned-potential test bed).

    In one dimension every force field ``F(q)`` is a gradient; in two it need not be, which is the
    point.  The well is central, so orbits circulate around the origin in one sense, and a force
    field with a curl does net work on every lap.
    """
    r2 = jnp.sum(q**2)
    return 0.5 * r2 + 0.25 * r2**2


def force_data(potential=anharmonic_potential, n_samples=400, radius=1.5, noise=0.05, seed=0):
    """Positions uniform in a disc of ``radius`` and noisy forces ``−∇V(q) + ε``, ``ε ~ N(0, noise²)``.

    Returns ``(q, F)``, each of shape ``(n_samples, 2)``.
    """
    callable_arg("potential", potential)
    n_samples = count("n_samples", n_samples, minimum=1)
    radius = positive_float("radius", radius)
    noise = positive_float("noise", noise, allow_zero=True)
    rng = np.random.default_rng(count("seed", seed))
    r = radius * np.sqrt(rng.uniform(size=n_samples))
    phi = rng.uniform(0, 2 * np.pi, size=n_samples)
    q = np.column_stack([r * np.cos(phi), r * np.sin(phi)])
    F = -np.asarray(jax.vmap(jax.grad(potential))(jnp.asarray(q)))
    return q, F + noise * rng.normal(size=F.shape)


def learned_potential(model):
    """``V_θ(q)`` of a model from :func:`train_potential`."""
    if not isinstance(model, TrainedModel) or model.kind != "potential":
        raise TypeError(f"model must be a TrainedModel from train_potential, got {getattr(model, 'kind', model)!r}")
    params = model.params
    return lambda q: mlp(params, q)[0]


def learned_force(model):
    """The force field ``q ↦ F(q)`` of a model from :func:`train_potential` (``−∇V_θ``) or :func:`train_force`."""
    if not isinstance(model, TrainedModel) or model.kind not in ("potential", "force"):
        raise TypeError("model must be a TrainedModel from train_potential or train_force, "
                        f"got {getattr(model, 'kind', type(model).__name__)!r}")
    params = model.params
    if model.kind == "force":
        return lambda q: mlp(params, q)
    return lambda q: -jax.grad(lambda x: mlp(params, x)[0])(q)


def _force_loss_potential(params, q, F):
    pred = -jax.vmap(jax.grad(lambda x: mlp(params, x)[0]))(q)
    return jnp.mean((pred - F) ** 2)


def _force_loss_direct(params, q, F):
    return jnp.mean((mlp(params, q) - F) ** 2)


def _train_force_model(kind, q, F, hidden, n_steps, learning_rate, seed):
    q, F = _paired(("q", "F"), q, F)
    loss = _force_loss_potential if kind == "potential" else _force_loss_direct
    return _fit_mlp(kind, loss, (q.shape[1], 1 if kind == "potential" else q.shape[1]), (q, F), hidden, n_steps,
                    learning_rate, seed)


def train_potential(q, F, hidden=(64, 64), n_steps=2000, learning_rate=3e-3, seed=0):
    """Fit a scalar ``V_θ(q)`` so that ``−∇V_θ(q) ≈ F`` (mean squared force error, Adam)."""
    return _train_force_model("potential", q, F, hidden, n_steps, learning_rate, seed)


def train_force(q, F, hidden=(64, 64), n_steps=2000, learning_rate=3e-3, seed=0):
    """Fit a network ``F_θ(q) ≈ F`` directly (same architecture, loss and data as :func:`train_potential`)."""
    return _train_force_model("force", q, F, hidden, n_steps, learning_rate, seed)


# ------------------------------------------------------------------ N bodies with pair forces
def spring_pair_force(x_i, x_j):
    """Force on body ``i`` from ``j``: a spring of unit stiffness and rest length 1, ``−(r − 1) r̂``."""
    d = x_i - x_j
    r = jnp.sqrt(jnp.sum(d**2) + 1e-300)        # finite at d = 0 (the self-pair, which is excluded anyway)
    return -(r - 1.0) * d / r


def pair_network(params, x_i, x_j):
    """A pair-force network ``φ_θ(x_i, x_j)``: an MLP of the two positions (no symmetry built in)."""
    return mlp(params, jnp.concatenate([x_i, x_j]))


def pair_data(n_bodies=4, n_configs=200, spread=1.0, noise=0.02, seed=0):
    """Random 2D configurations and the noisy total forces of :func:`spring_pair_force`.

    Returns ``(positions, forces)``, each of shape ``(n_configs, n_bodies, 2)``.
    """
    n_bodies = count("n_bodies", n_bodies, minimum=2)
    n_configs = count("n_configs", n_configs, minimum=1)
    spread = positive_float("spread", spread)
    noise = positive_float("noise", noise, allow_zero=True)
    rng = np.random.default_rng(count("seed", seed))
    x = spread * rng.normal(size=(n_configs, n_bodies, 2))
    exact = jax.vmap(lambda xs: pairwise_forces(lambda _, a, b: spring_pair_force(a, b), None, xs,
                                                antisymmetric=False))(jnp.asarray(x))
    return x, np.asarray(exact) + noise * rng.normal(size=x.shape)


def _pair_loss_antisymmetric(params, x, F):
    pred = jax.vmap(lambda xs: pairwise_forces(pair_network, params, xs, antisymmetric=True))(x)
    return jnp.mean((pred - F) ** 2)


def _pair_loss_raw(params, x, F):
    pred = jax.vmap(lambda xs: pairwise_forces(pair_network, params, xs, antisymmetric=False))(x)
    return jnp.mean((pred - F) ** 2)


def train_pair_force(positions, forces, antisymmetric=True, hidden=(32, 32), n_steps=2000, learning_rate=3e-3,
                     seed=0):
    """Fit :func:`pair_network` so that the summed pair forces match the measured total forces.

    With ``antisymmetric=True`` the model is ``F_ij = φ(x_i, x_j) − φ(x_j, x_i)`` (Newton's third law
    built in); otherwise ``F_ij = φ(x_i, x_j)``.  ``positions`` and ``forces``: ``(configs, bodies, 2)``.
    """
    x, F = _paired(("positions", "forces"), positions, forces, ndim=3)
    loss = _pair_loss_antisymmetric if antisymmetric else _pair_loss_raw
    return _fit_mlp("pair" if antisymmetric else "pair-raw", loss, (2 * x.shape[2], x.shape[2]), (x, F), hidden,
                    n_steps, learning_rate, seed)


def nbody_run(model, x0, v0, masses, dt, n_steps):
    """Integrate N bodies under a trained pair model with :func:`~physml.integrators.velocity_verlet`.

    Returns ``(positions, momenta)``, shapes ``(n_steps + 1, N, d)``.
    """
    if not isinstance(model, TrainedModel) or model.kind not in ("pair", "pair-raw"):
        raise TypeError(f"model must be a TrainedModel from train_pair_force, got {getattr(model, 'kind', model)!r}")
    x0 = finite_array("x0", x0, ndim=2)
    v0 = finite_array("v0", v0, ndim=2)
    masses = finite_array("masses", masses, ndim=1)
    if v0.shape != x0.shape or masses.shape != (x0.shape[0],):
        raise ValueError(f"x0 {x0.shape}, v0 {v0.shape} and masses {masses.shape} must describe the same bodies")
    N, d = x0.shape
    params, anti = model.params, model.kind == "pair"

    def force(q):
        return pairwise_forces(pair_network, params, q.reshape(N, d), anti).reshape(-1)

    m = np.repeat(masses, d)
    y0 = np.concatenate([x0.reshape(-1), (v0 * masses[:, None]).reshape(-1)])
    ys = np.asarray(velocity_verlet(force, y0, dt, n_steps, mass=m))
    return ys[:, :N * d].reshape(-1, N, d), ys[:, N * d:].reshape(-1, N, d)


# ------------------------------------------------------------------ learned one-step maps (chapter 7)
def pendulum_flow_data(n_pairs=500, dt=0.1, q_range=2.0, p_range=2.0, seed=0):
    """Pairs ``(y, y')`` of pendulum states one step ``dt`` apart under the exact flow.

    Starting states are uniform in ``|q| < q_range``, ``|p| < p_range``; ``y'`` comes from RK4 with 40
    substeps (error far below 1e-10).  Returns two arrays of shape ``(n_pairs, 2)``.
    """
    n_pairs = count("n_pairs", n_pairs, minimum=1)
    dt = positive_float("dt", dt)
    rng = np.random.default_rng(count("seed", seed))
    y = np.column_stack([rng.uniform(-q_range, q_range, n_pairs), rng.uniform(-p_range, p_range, n_pairs)])
    f = hamiltonian_vector_field(pendulum_hamiltonian)

    def flow(y0):
        def body(yy, _):
            return _rk4_step(f, yy, dt / 40), None
        return jax.lax.scan(body, y0, None, length=40)[0]

    return y, np.asarray(jax.jit(jax.vmap(flow))(jnp.asarray(y)))


def _generating(params):
    return lambda q, P: mlp(params, jnp.concatenate([q, P]))[0]


def _generating_loss(params, y, y_next, dt):
    n = y.shape[1] // 2
    q, p, Q, P = y[:, :n], y[:, n:], y_next[:, :n], y_next[:, n:]
    G = _generating(params)
    dGdq = jax.vmap(jax.grad(G, argnums=0))(q, P)
    dGdP = jax.vmap(jax.grad(G, argnums=1))(q, P)
    # the two defining equations, explicit in θ once both states are known (divided by h: rates)
    r_p = (p - P) / dt - dGdq
    r_q = (Q - q) / dt - dGdP
    return jnp.mean(r_p**2 + r_q**2)


def _residual_loss(params, y, y_next, dt):
    return jnp.mean(((y_next - y) / dt - mlp(params, y)) ** 2)


def _train_map(kind, y, y_next, dt, hidden, n_steps, learning_rate, seed):
    y, y_next = _paired(("y", "y_next"), y, y_next, phase_space=True)
    dt = positive_float("dt", dt)
    loss = _generating_loss if kind == "generating" else _residual_loss
    return _fit_mlp(kind, loss, (y.shape[1], 1 if kind == "generating" else y.shape[1]),
                    (y, y_next, jnp.asarray(dt)), hidden, n_steps, learning_rate, seed)


def train_generating_function(y, y_next, dt, hidden=(32, 32), n_steps=2000, learning_rate=3e-3, seed=0):
    """Fit ``G_θ(q, P)`` so that the map of :func:`~physml.integrators.generating_function_step` takes ``y`` to ``y_next``.

    The loss uses the defining equations ``(p − P)/h = ∂_qG(q, P)`` and ``(Q − q)/h = ∂_PG(q, P)``,
    which are explicit in ``θ`` when both states are known: no implicit solve during training.
    """
    return _train_map("generating", y, y_next, dt, hidden, n_steps, learning_rate, seed)


def train_step_network(y, y_next, dt, hidden=(32, 32), n_steps=2000, learning_rate=3e-3, seed=0):
    """Fit the plain residual map ``y' = y + h·net_θ(y)`` to the same pairs (not symplectic)."""
    return _train_map("residual", y, y_next, dt, hidden, n_steps, learning_rate, seed)


def learned_step(model, dt):
    """The one-step map ``y ↦ y'`` of a model from :func:`train_generating_function` or :func:`train_step_network`."""
    if not isinstance(model, TrainedModel) or model.kind not in ("generating", "residual"):
        raise TypeError("model must be a TrainedModel from train_generating_function or train_step_network, "
                        f"got {getattr(model, 'kind', type(model).__name__)!r}")
    dt = positive_float("dt", dt)
    params = model.params
    if model.kind == "residual":
        return lambda y: y + dt * mlp(params, y)
    G = _generating(params)
    return lambda y: generating_function_step(G, y, dt)


def iterate_map(step, y0, n_steps):
    """``y0, step(y0), step(step(y0)), …``: shape ``(n_steps + 1, dim)``, in one jitted ``lax.scan``."""
    callable_arg("step", step)
    y0 = jnp.asarray(finite_array("y0", y0, ndim=1))
    n_steps = count("n_steps", n_steps, minimum=1)

    @jax.jit
    def run(y0):
        _, ys = jax.lax.scan(lambda y, _: (step(y), step(y)), y0, None, length=n_steps)
        return jnp.concatenate([y0[None], ys])

    return run(y0)
