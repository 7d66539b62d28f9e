"""physml — the helper package of *Machine Learning & Physics*.

Importing :mod:`physml` switches JAX to double precision (the physics in this
course needs float64: energy conservation checks, flows accurate to 1e-6) and
applies the house plot style (:mod:`physml.style`).

Modules are organised by chapter theme:

* :mod:`physml.landscape` — loss landscapes as potential energy surfaces
  (chapters 1–2);
* :mod:`physml.quantum` — exact references for the transverse-field Ising chain
  (chapter 3);
* :mod:`physml.nqs` — neural quantum states and variational Monte Carlo (chapter 3);
* :mod:`physml.discovery` — power laws from data, conservation laws as sparse null
  vectors (chapter 4; orbital data ship in ``physml/data/``);
* :mod:`physml.symmetry` — autoencoders and the latent action of a symmetry (chapter 5);
* :mod:`physml.mechanics` — Hamiltonian neural networks, baselines, learned potentials and
  forces, antisymmetric pairwise forces (chapter 6), learned symplectic maps (chapter 7); :mod:`physml.nn` — the small MLPs the
  chapters train and their Adam loop;
* :mod:`physml.integrators` — Euler, symplectic Euler, leapfrog, velocity Verlet, RK4, the
  generating-function map and the symplectic defect (chapters 6–7);
* :mod:`physml.onsager` — symmetric and positive-semidefinite response estimates, their Monte
  Carlo, a thermoelectric's Onsager matrix (chapter 8);
* :mod:`physml.interactives` — the interactive figure of each chapter;
* :mod:`physml.style`, :mod:`physml.widgets`, :mod:`physml.checks` — the plot
  look, the interactive pattern, the exercise self-checks;
* :mod:`physml.exercises` — generates ``exercises/`` from ``solutions/``;
* :mod:`physml.notebooks` — what the notebook tests compare, and the perturbed numerics they run under.
"""
import jax

jax.config.update("jax_enable_x64", True)

from . import style  # noqa: E402  (applies the house style on import)

__all__ = ["style"]
__version__ = "0.1.0"
