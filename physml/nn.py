"""The small multilayer perceptrons the chapters train (a list of ``{"W", "b"}`` layers, a pytree).

Used by :mod:`physml.symmetry` (autoencoders), :mod:`physml.mechanics` (Hamiltonian,
baseline, potential, force and pair-force networks, chapter 6) and :mod:`physml.integrators`
(learned one-step maps, chapter 7); :func:`fit_adam` trains them and :func:`train_mlp`
initialises and trains one in a call.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp
import optax

from ._validate import count, positive_float, prng_key

__all__ = ["mlp_init", "mlp", "fit_adam", "Fit", "train_mlp"]


def mlp_init(sizes, *, key):
    """Layers ``sizes[0] → … → sizes[-1]``: weights ``N(0, 1/fan_in)``, biases zero."""
    prng_key("key", key)
    sizes = [count("sizes", s, minimum=1) for s in sizes]
    if len(sizes) < 2:
        raise ValueError(f"sizes must list at least an input and an output size, got {sizes}")
    layers = []
    for k, (m, n) in zip(jax.random.split(key, len(sizes) - 1), zip(sizes[:-1], sizes[1:])):
        layers.append({"W": jax.random.normal(k, (m, n)) / jnp.sqrt(m), "b": jnp.zeros(n)})
    return layers


def mlp(layers, x):
    """``x`` of shape (..., sizes[0]) through tanh hidden layers and a linear output layer."""
    for layer in layers[:-1]:
        x = jnp.tanh(x @ layer["W"] + layer["b"])
    return x @ layers[-1]["W"] + layers[-1]["b"]


@partial(jax.jit, static_argnames=("loss", "n_steps"))
def _adam_scan(loss, params, data, learning_rate, n_steps):
    opt = optax.adam(learning_rate)

    def step(carry, _):
        p, state = carry
        value, g = jax.value_and_grad(loss)(p, *data)
        updates, state = opt.update(g, state, p)
        return (optax.apply_updates(p, updates), state), value

    (params, _), losses = jax.lax.scan(step, (params, opt.init(params)), None, length=n_steps)
    return params, losses


@dataclass(frozen=True)
class Fit:
    """Trained parameters and the loss before each step."""

    params: object
    losses: jax.Array


def fit_adam(loss, params, data, *, learning_rate, n_steps):
    """Minimise ``loss(params, *data)`` with ``n_steps`` full-batch Adam steps (optax), in one ``lax.scan``.

    Returns a :class:`Fit`: ``params`` and ``losses``, the loss before each step.  ``loss`` must be a module-level
    (hashable, stable) function: it is a static argument of the compiled loop, so each distinct
    function compiles once.
    """
    if not callable(loss):
        raise TypeError(f"loss must be callable, got {type(loss).__name__}")
    n_steps = count("n_steps", n_steps, minimum=1)
    learning_rate = positive_float("learning_rate", learning_rate)
    return Fit(*_adam_scan(loss, params, tuple(jnp.asarray(d) for d in data), learning_rate, n_steps))


def train_mlp(loss, data, n_in, n_out, *, key, hidden, learning_rate, n_steps):
    """An MLP ``n_in → hidden… → n_out`` initialised by :func:`mlp_init` from ``key`` and fitted by
    :func:`fit_adam` to minimise ``loss(params, *data)``; returns the :class:`Fit`.

    The common step of the chapters' ``train_*`` functions (chapters 6 and 7): the same ``key``
    gives the same initial weights, so the same fit.
    """
    n_in, n_out = count("n_in", n_in, minimum=1), count("n_out", n_out, minimum=1)
    try:
        hidden = tuple(hidden)
    except TypeError:
        raise TypeError(f"hidden must be a sequence of layer widths, got {hidden!r:.60}") from None
    hidden = tuple(count("hidden", h, minimum=1) for h in hidden)
    params = mlp_init((n_in, *hidden, n_out), key=key)
    return fit_adam(loss, params, data, learning_rate=learning_rate, n_steps=n_steps)
