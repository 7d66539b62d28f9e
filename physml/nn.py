"""The small multilayer perceptrons the chapters train (a list of ``{"W", "b"}`` layers, a pytree).

Used by :mod:`physml.symmetry` (autoencoders) and :mod:`physml.mechanics` (Hamiltonian and
baseline networks).
"""
from __future__ import annotations

import jax
import jax.numpy as jnp

from ._validate import count, prng_key

__all__ = ["mlp_init", "mlp"]


def mlp_init(key, sizes):
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
