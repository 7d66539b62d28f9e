"""Argument checks shared by the public functions: clear errors that name the argument."""
from __future__ import annotations

import numbers

import numpy as np


def callable_arg(name, value):
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {type(value).__name__} {value!r:.60}")
    return value


def positive_float(name, value, *, allow_zero=False):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r:.60}")
    value = float(value)
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be finite and {bound}, got {value!r}")
    return value


def real(name, value):
    """A finite real number (any sign), or an error naming the argument."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r:.60}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return float(value)


def count(name, value, *, minimum=0):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r:.60}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return int(value)


def finite_array(name, value, *, ndim=None):
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}") from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers, got {arr!r:.80}")
    return arr


def prng_key(name, value):
    import jax

    try:
        if jax.dtypes.issubdtype(value.dtype, jax.dtypes.prng_key):
            return value
        arr = np.asarray(value)
    except AttributeError:
        arr = None
    if arr is None or arr.dtype != np.uint32 or arr.shape != (2,):
        raise TypeError(f"{name} must be a JAX PRNG key (jax.random.key(seed) or PRNGKey(seed)), got {value!r:.60}")
    return value


def rng(name, key):
    """A NumPy ``Generator`` drawn from a JAX PRNG ``key`` (for data made with NumPy).

    The key's 64 bits seed the generator, so ``key=jax.random.key(s)`` gives the same draws as
    ``numpy.random.default_rng(s)`` for ``0 <= s < 2**32``; split keys give independent streams.
    """
    import jax

    prng_key(name, key)
    if jax.dtypes.issubdtype(getattr(key, "dtype", np.uint32), jax.dtypes.prng_key):
        key = jax.random.key_data(key)
    words = np.asarray(key, dtype=np.uint64).ravel()
    if words.size != 2:
        raise TypeError(f"{name} must be a threefry (2 x 32-bit) JAX PRNG key, got key data of size {words.size}")
    return np.random.default_rng(int(words[0]) << 32 | int(words[1]))


def symmetric_matrix(name, value):
    """A non-empty, finite, symmetric square matrix (a Hessian), or an error naming the argument."""
    h = finite_array(name, value, ndim=2)
    if h.shape[0] != h.shape[1] or h.shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty square matrix, got shape {h.shape}")
    if not np.allclose(h, h.T, rtol=1e-8, atol=1e-10 * max(1.0, np.abs(h).max())):
        raise ValueError(f"{name} must be symmetric (a Hessian), got an asymmetric matrix")
    return h
