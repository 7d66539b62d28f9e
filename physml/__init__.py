"""physml — the helper package of *Machine Learning & Physics*.

Importing :mod:`physml` switches JAX to double precision (the physics in this
course needs float64: energy conservation checks, flows accurate to 1e-6) and
applies the house plot style (:mod:`physml.style`).

The package is organised by topic: a chapter's science is one module
(:mod:`physml.landscape`, :mod:`physml.nqs`, ...), its explorers are
``physml.interactives.<topic>`` and its exercise checks ``physml.checks.<topic>``.
The book's API page lists every module and the conventions they share (frozen
dataclass results, a keyword-only PRNG ``key``, options after ``*``).
"""
import jax

jax.config.update("jax_enable_x64", True)

from . import style  # noqa: E402  (applies the house style on import)

__all__ = ["style"]
__version__ = "0.1.0"
