"""The model systems of chapters 6 and 7, in one place, all written as ``H(q, p)``.

Every Hamiltonian here takes coordinates ``q`` and momenta ``p``, arrays of shape ``(n,)`` (or
batches ``(..., n)``: the sums run over the last axis), and returns the energy; gradients come
from ``jax.grad(H, argnums=0)`` and ``argnums=1``.  The integrators of :mod:`physml.integrators`
and the models of :mod:`physml.mechanics` take them as they are.

* :func:`oscillator` — the harmonic oscillator, ``H = |p|²/2 + ω²|q|²/2``; with ``ω = 1`` the
  ideal mass–spring (``k = m = 1``) of chapter 6 and the oscillator of chapter 7;
* :func:`pendulum` — ``H = g Σ(1 − cos q) + |p|²/2`` (``m = l = 1``); both chapters use
  ``g = 3``, as Greydanus et al. do;
* :func:`anharmonic_potential` and :func:`anharmonic` — chapter 6's two-dimensional well
  ``V = |q|²/2 + |q|⁴/4`` and its Hamiltonian with unit mass;
* :func:`spring_pair_force` — the pair force of chapter 6's N bodies joined by springs;
* :func:`damped_pendulum` — the pendulum with friction, ``q̇ = p``, ``ṗ = −g sin q − γp``: not
  Hamiltonian (its energy decays), the counter-example of chapter 6; a vector field of the flat
  state ``y = (q, p)``, not an ``H``;
* :func:`energy` — a Hamiltonian evaluated along a trajectory of flat states ``y = (q, p)``.
"""
from __future__ import annotations

import jax.numpy as jnp

from ._validate import callable_arg, positive_float

__all__ = ["oscillator", "pendulum", "anharmonic_potential", "anharmonic", "spring_pair_force", "damped_pendulum",
           "energy"]


def oscillator(q, p, *, omega=1.0):
    r"""The harmonic oscillator with unit mass, :math:`H = \tfrac12|p|^2 + \tfrac12\omega^2|q|^2`.

    With ``omega = 1`` it is chapter 6's ideal spring (:math:`k = m = 1`, circles in phase
    space) and chapter 7's oscillator, whose leapfrog invariant is
    :func:`physml.integrators.oscillator_leapfrog_invariant`.
    """
    return 0.5 * jnp.sum(p**2, axis=-1) + 0.5 * omega**2 * jnp.sum(q**2, axis=-1)


def pendulum(q, p, *, g=3.0):
    r"""The pendulum with :math:`m = l = 1`, :math:`H = g\sum(1 - \cos q) + \tfrac12|p|^2`.

    Chapters 6 and 7 use :math:`g = 3` (as Greydanus et al., 2019), the default: orbits that are
    not circles, a frequency that depends on the amplitude, and the separatrix at :math:`H = 2g`.
    """
    return g * jnp.sum(1 - jnp.cos(q), axis=-1) + 0.5 * jnp.sum(p**2, axis=-1)


def anharmonic_potential(q):
    r"""Chapter 6's two-dimensional anharmonic well, :math:`V = \tfrac12|q|^2 + \tfrac14|q|^4`.

    In one dimension every force field :math:`F(q)` is a gradient; in two it need not be, which
    is the point of chapter 6's learned-potential test bed.  The well is central, so orbits
    circulate around the origin in one sense, and a force field with a curl does net work on
    every lap.
    """
    r2 = jnp.sum(q**2, axis=-1)
    return 0.5 * r2 + 0.25 * r2**2


def anharmonic(q, p):
    r""":math:`H = \tfrac12|p|^2 + V(q)` with the well :func:`anharmonic_potential` and unit mass (chapter 6)."""
    return 0.5 * jnp.sum(p**2, axis=-1) + anharmonic_potential(q)


def spring_pair_force(x_i, x_j):
    r"""Force on body ``i`` from body ``j`` joined by a spring of unit stiffness and rest length 1:
    :math:`F_{ij} = -(r - 1)\,\hat r` with :math:`r = |x_i - x_j|` (chapter 6's N bodies).

    It obeys Newton's third law, :math:`F_{ji} = -F_{ij}`, and is finite at :math:`x_i = x_j`.
    """
    d = x_i - x_j
    r = jnp.sqrt(jnp.sum(d**2, axis=-1, keepdims=True) + 1e-300)
    return -(r - 1.0) * d / r


def damped_pendulum(y, *, g=3.0, damping=0.3):
    r"""The damped pendulum (:math:`m = l = 1`) as a vector field of the flat state ``y = (q, p)``:

    .. math:: \dot q = p, \qquad \dot p = -g\sin q - \gamma p, \qquad \gamma = ``damping`` \ge 0.

    Along its solutions the pendulum energy :func:`pendulum` falls, :math:`\dot H = -\gamma p^2 \le 0`,
    so no Hamiltonian generates it for :math:`\gamma > 0`: chapter 6 fits an HNN to it to see what a
    wrong inductive bias costs.  ``y`` has shape ``(2n,)`` (``n`` independent pendulums) or a batch
    ``(..., 2n)``.
    """
    g, damping = positive_float("g", g), positive_float("damping", damping, allow_zero=True)
    y = jnp.asarray(y)
    if y.ndim == 0 or y.shape[-1] % 2:
        raise ValueError(f"y must hold states (q, p) along its last axis (even length), got shape {y.shape}")
    n = y.shape[-1] // 2
    q, p = y[..., :n], y[..., n:]
    return jnp.concatenate([p, -g * jnp.sin(q) - damping * p], axis=-1)


def energy(H, ys):
    """``H(q, p)`` at each flat state ``y = (q, p)`` of ``ys``, shape ``(..., 2n)`` → ``(...)``.

    The first half of the last axis is ``q``, the second ``p``: the energy along a trajectory
    from :mod:`physml.integrators` (chapters 6 and 7).
    """
    callable_arg("H", H)
    ys = jnp.asarray(ys)
    if ys.ndim == 0 or ys.shape[-1] % 2:
        raise ValueError(f"ys must hold states (q, p) along its last axis (even length), got shape {ys.shape}")
    n = ys.shape[-1] // 2
    return jnp.vectorize(lambda y: H(y[:n], y[n:]), signature="(m)->()")(ys)
