r"""Lennard-Jones reference systems, invariant descriptors, learned force fields and the MD to test them.

Chapter 12 (learned force fields for molecular simulation) uses everything here.  Units are
reduced Lennard-Jones units (``σ = ε = m = k_B = 1``), float64 throughout.

**Reference potential.**  The Lennard-Jones pair energy

    ``V(r) = 4ε [(σ/r)¹² − (σ/r)⁶]``,   ``E = Σ_{i<j} V(r_ij)``

(:func:`lennard_jones_energy`), optionally in a periodic box (minimum image; ``cutoff ≤ box/2``)
and with a cutoff ``r_c`` in one of three styles: ``"shifted_force"`` (the default,
``V(r) − V(r_c) − (r − r_c) V'(r_c)``: energy *and* force continuous at ``r_c``, so NVE
dynamics conserves energy), ``"shifted"`` (``V(r) − V(r_c)``; ASE's ``LennardJones`` with
``smooth=False``) and ``"switched"`` (``V(r) S(r²)`` with ASE's polynomial switch from
``switch_start`` to ``r_c``; ASE's ``smooth=True``).  Forces are ``F = −∇E`` by ``jax.grad``
(:func:`lennard_jones_forces`).

**Descriptors.**  Behler–Parrinello atom-centred symmetry functions with the cosine cutoff
``f_c(r) = ½[cos(π r/r_c) + 1]`` for ``r < r_c`` (:func:`symmetry_functions`): radial

    ``G²_i = Σ_{j≠i} exp(−η (r_ij − r_s)²) f_c(r_ij)``

and angular (Behler's G⁵ form, without the ``r_jk`` factors of G⁴)

    ``G⁵_i = 2^{1−ζ} Σ_{j<k; j,k≠i} (1 + λ cos θ_jik)^ζ exp(−η (r_ij² + r_ik²)) f_c(r_ij) f_c(r_ik)``.

For integer ``ζ`` the angular sum is evaluated in ``O(N²)`` without a triple loop:
``(1 + λ cos θ)^ζ = Σ_n C(ζ, n) λⁿ cosⁿθ`` and ``Σ_{j,k} w_j w_k (û_j·û_k)ⁿ = ‖Σ_j w_j û_j^{⊗n}‖²``
(a moment tensor of rank ``n``); the ``j = k`` terms are subtracted.

**Learned potentials.**  :func:`neural_potential_energy` is Behler and Parrinello's sum of atomic
energies ``E = Σ_i ε_θ(G_i)`` (one MLP shared by all atoms of the species): invariant under
rotations, translations and permutations because ``G_i`` is, and extensive.  Its forces are
``−∇E`` (:meth:`NeuralPotential.forces`), so they are conservative by construction.
:func:`fit_neural_potential` fits it to energies *and* forces (``force_weight``) with optax's Adam;
the descriptors and their Jacobians ``∂G/∂x`` are computed once, so a training step is the MLP and
one contraction ``F = −Σ (∂ε/∂G) (∂G/∂x)`` (the chain rule ``jax.grad`` would apply).
:func:`fit_direct_force` is the contrast: an MLP that maps each atom's sorted neighbour
displacements straight to its force, with no energy behind it.

**Molecular dynamics and observables.**  :func:`velocity_verlet` (``lax.scan``; time-reversible,
symplectic), :func:`maxwell_boltzmann_velocities`, :func:`fcc_lattice`,
:func:`radial_distribution` ``g(r)``, :func:`velocity_autocorrelation`, the Green–Kubo diffusion
coefficient ``D = (1/d) ∫₀^∞ ⟨v(0)·v(t)⟩ dt`` (:func:`green_kubo_diffusion`) and the mean-squared
displacement (:func:`mean_squared_displacement`, ``MSD → 2 d D t``).

Public functions accept JAX tracers for positions (so :func:`lennard_jones_forces` and
:meth:`NeuralPotential.forces` can be passed to :func:`velocity_verlet`); concrete inputs are
validated with errors naming the argument.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from math import comb

import jax
import jax.numpy as jnp
import numpy as np

from ._validate import callable_arg, count, finite_array, positive_float, prng_key
from .nn import fit_adam, mlp, mlp_init

__all__ = ["lennard_jones_energy", "lennard_jones_forces", "Lattice", "fcc_lattice", "simple_cubic_lattice",
           "maxwell_boltzmann_velocities", "Trajectory", "velocity_verlet",
           "cosine_cutoff", "DEFAULT_RADIAL", "DEFAULT_ANGULAR", "symmetry_functions",
           "neural_potential_init", "neural_potential_energy", "NeuralPotential", "fit_neural_potential",
           "DirectForceModel", "fit_direct_force",
           "RadialDistribution", "radial_distribution", "velocity_autocorrelation",
           "green_kubo_diffusion", "mean_squared_displacement"]

_STYLES = ("shifted_force", "shifted", "switched")

#: The default radial symmetry functions of chapter 12, ``(η, r_s)`` pairs, Gaussians of width about 0.2 σ
#: across the first neighbour shell and beyond.
DEFAULT_RADIAL = tuple((12.0, float(rs)) for rs in (0.95, 1.1, 1.25, 1.4, 1.6, 1.8))
#: The default angular symmetry functions of chapter 12, ``(η, ζ, λ)`` triples (``ζ ≤ 2`` keeps the moment
#: tensors at rank 2, which keeps an MD step cheap).
DEFAULT_ANGULAR = ((0.3, 1, 1.0), (0.3, 1, -1.0), (0.3, 2, 1.0), (0.3, 2, -1.0))


# --------------------------------------------------------------------------------------------
# validation that lets JAX tracers through (the functions are used inside jit / lax.scan)

def _is_traced(x):
    return isinstance(x, jax.core.Tracer)


def _positions(name, value):
    if _is_traced(value):
        if value.ndim != 2:
            raise ValueError(f"{name} must have shape (n_atoms, dim), got shape {value.shape}")
        return value
    arr = finite_array(name, value, ndim=2)
    if arr.shape[0] < 2 or arr.shape[1] not in (1, 2, 3):
        raise ValueError(f"{name} must have shape (n_atoms >= 2, dim in 1..3), got shape {arr.shape}")
    return jnp.asarray(arr)


def _box(box, dim):
    """``None`` (open boundaries) or a tuple of ``dim`` positive side lengths (hashable, static)."""
    if box is None:
        return None
    arr = finite_array("box", box)
    if arr.ndim == 0:
        arr = np.full(dim, float(arr))
    if arr.shape != (dim,) or np.any(arr <= 0):
        raise ValueError(f"box must be a positive side length or {dim} positive side lengths, got {box!r:.80}")
    return tuple(float(b) for b in arr)


def _cutoff(cutoff, box):
    if cutoff is None:
        return None
    cutoff = positive_float("cutoff", cutoff)
    if box is not None and cutoff > 0.5 * min(box) + 1e-12:
        raise ValueError(f"cutoff must be <= half the smallest box side ({0.5 * min(box)!r}) for the minimum image, "
                         f"got {cutoff!r}")
    return cutoff


def _pairs(x, box):
    """Displacements ``d_ij = x_j − x_i`` (minimum image), distances (1 on the diagonal) and the off-diagonal mask."""
    d = x[None, :, :] - x[:, None, :]
    if box is not None:
        b = jnp.asarray(box)
        d = d - b * jnp.round(d / b)
    n = x.shape[0]
    off = ~jnp.eye(n, dtype=bool)
    r2 = jnp.where(off, jnp.sum(d * d, axis=-1), 1.0)
    return d, jnp.sqrt(r2), off


# --------------------------------------------------------------------------------------------
# the Lennard-Jones reference

def _lj_pair(r, epsilon, sigma):
    s6 = (sigma / r) ** 6
    return 4.0 * epsilon * (s6 * s6 - s6)


def _lj_pair_derivative(r, epsilon, sigma):
    s6 = (sigma / r) ** 6
    return 4.0 * epsilon * (-12.0 * s6 * s6 + 6.0 * s6) / r


@partial(jax.jit, static_argnames=("epsilon", "sigma", "box", "cutoff", "cutoff_style", "switch_start"))
def _lj_energy(x, epsilon, sigma, box, cutoff, cutoff_style, switch_start):
    _, r, off = _pairs(x, box)
    v = _lj_pair(r, epsilon, sigma)
    if cutoff is not None:
        inside = r < cutoff
        if cutoff_style == "shifted_force":
            v = v - _lj_pair(cutoff, epsilon, sigma) - (r - cutoff) * _lj_pair_derivative(cutoff, epsilon, sigma)
        elif cutoff_style == "shifted":
            v = v - _lj_pair(cutoff, epsilon, sigma)
        else:                                           # ASE's smooth=True polynomial switch in r²
            rc2, ro2, q = cutoff**2, switch_start**2, r * r
            s = (rc2 - q) ** 2 * (rc2 + 2.0 * q - 3.0 * ro2) / (rc2 - ro2) ** 3
            v = v * jnp.where(q < ro2, 1.0, s)
        v = jnp.where(inside, v, 0.0)
    return 0.5 * jnp.sum(jnp.where(off, v, 0.0))


def _lj_args(positions, epsilon, sigma, box, cutoff, cutoff_style, switch_start):
    x = _positions("positions", positions)
    epsilon = positive_float("epsilon", epsilon)
    sigma = positive_float("sigma", sigma)
    box = _box(box, x.shape[1])
    cutoff = _cutoff(cutoff, box)
    if cutoff_style not in _STYLES:
        raise ValueError(f"cutoff_style must be one of {_STYLES}, got {cutoff_style!r}")
    if cutoff_style == "switched" and cutoff is not None:
        switch_start = 0.66 * cutoff if switch_start is None else positive_float("switch_start", switch_start)
        if switch_start >= cutoff:
            raise ValueError(f"switch_start must be < cutoff ({cutoff!r}), got {switch_start!r}")
    else:
        switch_start = None
    return x, epsilon, sigma, box, cutoff, cutoff_style, switch_start


def lennard_jones_energy(positions, epsilon=1.0, sigma=1.0, *, box=None, cutoff=None,
                         cutoff_style="shifted_force", switch_start=None):
    r"""The Lennard-Jones energy ``E = Σ_{i<j} V(r_ij)``, ``V(r) = 4ε[(σ/r)¹² − (σ/r)⁶]`` (chapter 12).

    ``positions`` has shape ``(n_atoms, dim)``.  ``box`` (a side length or one per dimension)
    makes the system periodic with the minimum-image convention (then ``cutoff ≤ box/2``).
    Without ``cutoff`` every pair counts with the bare ``V``.  With a ``cutoff`` ``r_c`` pairs
    beyond it count zero and, inside, ``cutoff_style`` decides:

    * ``"shifted_force"`` (default): ``V(r) − V(r_c) − (r − r_c) V'(r_c)`` — energy and force
      continuous at ``r_c`` (needed for NVE energy conservation);
    * ``"shifted"``: ``V(r) − V(r_c)`` (ASE ``LennardJones(rc=r_c)``; the force jumps at ``r_c``);
    * ``"switched"``: ``V(r) S(r²)``, ``S = (r_c² − r²)² (r_c² + 2r² − 3r_o²)/(r_c² − r_o²)³``
      between ``r_o = switch_start`` (default ``0.66 r_c``) and ``r_c`` (ASE ``smooth=True``).

    Traceable in ``positions`` (usable inside ``jit``); returns a float64 scalar.
    """
    args = _lj_args(positions, epsilon, sigma, box, cutoff, cutoff_style, switch_start)
    return _lj_energy(*args)


_lj_grad = jax.jit(jax.grad(_lj_energy), static_argnames=("epsilon", "sigma", "box", "cutoff", "cutoff_style",
                                                          "switch_start"))


def lennard_jones_forces(positions, epsilon=1.0, sigma=1.0, *, box=None, cutoff=None,
                         cutoff_style="shifted_force", switch_start=None):
    r"""The forces ``F_i = −∂E/∂x_i`` of :func:`lennard_jones_energy` (same arguments), by ``jax.grad`` (chapter 12).

    Shape ``(n_atoms, dim)``; they sum to zero (translation invariance, Newton's third law).
    """
    args = _lj_args(positions, epsilon, sigma, box, cutoff, cutoff_style, switch_start)
    return -_lj_grad(*args)


# --------------------------------------------------------------------------------------------
# structures and initial velocities

@dataclass(frozen=True)
class Lattice:
    """Atom positions ``(n_atoms, dim)`` and the side ``box`` of the cubic periodic box."""

    positions: np.ndarray
    box: float


def fcc_lattice(n_cells, density):
    """A face-centred cubic crystal of ``n_cells³`` conventional cells (``4 n_cells³`` atoms) at number
    density ``ρ`` (chapter 12): lattice constant ``a = (4/ρ)^{1/3}``, periodic box ``n_cells a``.

    The usual start of an MD run of the Lennard-Jones fluid (it melts within a few time units
    above the melting temperature).  Returns a :class:`Lattice`.
    """
    n_cells = count("n_cells", n_cells, minimum=1)
    density = positive_float("density", density)
    a = (4.0 / density) ** (1.0 / 3.0)
    basis = np.array([[0.0, 0.0, 0.0], [0.5, 0.5, 0.0], [0.5, 0.0, 0.5], [0.0, 0.5, 0.5]])
    cells = np.array([[i, j, k] for i in range(n_cells) for j in range(n_cells) for k in range(n_cells)], float)
    pos = (cells[:, None, :] + basis[None, :, :]).reshape(-1, 3) * a
    return Lattice(positions=pos, box=n_cells * a)


def simple_cubic_lattice(n_per_side, density, *, dim=3):
    """A simple cubic (square in 2D) lattice of ``n_per_side^dim`` atoms at number density ``ρ`` (chapter 12):
    spacing ``ρ^{−1/d}``, periodic box ``n_per_side ρ^{−1/d}``.  Mechanically unstable for
    Lennard-Jones, so it melts at once: a quick start for a fluid of any ``n^d`` atoms (e.g. 64).
    Returns a :class:`Lattice`.
    """
    n = count("n_per_side", n_per_side, minimum=1)
    density = positive_float("density", density)
    dim = count("dim", dim, minimum=1)
    a = density ** (-1.0 / dim)
    grid = np.stack(np.meshgrid(*[np.arange(n)] * dim, indexing="ij"), axis=-1).reshape(-1, dim)
    return Lattice(positions=(grid + 0.5) * a, box=n * a)


def maxwell_boltzmann_velocities(n_atoms, temperature, *, key, dim=3, mass=1.0):
    """Velocities drawn from the Maxwell–Boltzmann distribution ``v_a ~ N(0, k_B T/m)`` with zero total
    momentum (chapter 12), rescaled so that the kinetic temperature ``Σ m v²/(d (N − 1))`` equals
    ``temperature`` exactly (``d (N − 1)`` degrees of freedom once the momentum is removed).

    Shape ``(n_atoms, dim)``; ``key`` is a JAX PRNG key.
    """
    prng_key("key", key)
    n_atoms = count("n_atoms", n_atoms, minimum=2)
    temperature = positive_float("temperature", temperature, allow_zero=True)
    dim = count("dim", dim, minimum=1)
    mass = positive_float("mass", mass)
    v = jax.random.normal(key, (n_atoms, dim)) * jnp.sqrt(temperature / mass)
    v = v - v.mean(axis=0)
    t_now = mass * jnp.sum(v * v) / (dim * (n_atoms - 1))
    return v * jnp.where(t_now > 0, jnp.sqrt(temperature / jnp.where(t_now > 0, t_now, 1.0)), 0.0)


# --------------------------------------------------------------------------------------------
# velocity Verlet

@dataclass(frozen=True)
class Trajectory:
    """An MD trajectory saved every ``save_every`` steps, the initial state first.

    ``time`` (n_saved + 1,), ``positions`` and ``velocities`` (n_saved + 1, n_atoms, dim) —
    positions are *not* wrapped into the box (so displacements are physical), ``potential``,
    ``kinetic`` and ``total`` energies (n_saved + 1,) (``potential`` and ``total`` are NaN
    when no ``energy`` function was given), ``box`` as given.
    """

    time: np.ndarray
    positions: np.ndarray
    velocities: np.ndarray
    potential: np.ndarray
    kinetic: np.ndarray
    total: np.ndarray
    box: object = None


class _ByIdentity:
    """A function as a static ``jit`` argument, equal to itself only (a bound method: to the same method of
    the same object), so the same force function reuses its compiled MD loop.  It keeps the function
    alive, so its identity cannot be reused while the cache holds it."""

    def __init__(self, func):
        self.func = func
        self._key = (id(func.__self__), func.__func__) if hasattr(func, "__self__") else (id(func),)

    def __hash__(self):
        return hash(self._key)

    def __eq__(self, other):
        return isinstance(other, _ByIdentity) and self._key == other._key


@partial(jax.jit, static_argnames=("force", "energy", "n_saved", "save_every"))
def _verlet_run(force, energy, x, v, dt, mass, n_saved, save_every):
    force = force.func

    def step(carry, _):
        x, v, f = carry
        v = v + (0.5 * dt / mass) * f
        x = x + dt * v
        f = force(x)
        v = v + (0.5 * dt / mass) * f
        return (x, v, f), None

    def block(carry, _):
        carry, _ = jax.lax.scan(step, carry, None, length=save_every)
        return carry, (carry[0], carry[1])

    _, (xs, vs) = jax.lax.scan(block, (x, v, force(x)), None, length=n_saved)
    xs = jnp.concatenate([x[None], xs])
    vs = jnp.concatenate([v[None], vs])
    pot = jax.lax.map(energy.func, xs) if energy is not None else jnp.full(xs.shape[0], jnp.nan)
    return xs, vs, pot


def velocity_verlet(force, positions, velocities, *, dt, n_steps, box=None, energy=None, save_every=1, mass=1.0):
    r"""Integrate ``m ẍ = F(x)`` with velocity Verlet for ``n_steps`` steps of ``dt`` (chapter 12; chapter 7's
    symplectic integrators):

        ``v ← v + ½ dt F(x)/m``,   ``x ← x + dt v``,   ``v ← v + ½ dt F(x)/m``.

    Time-reversible and symplectic: with a conservative ``F = −∇E`` the energy error stays
    bounded (``O(dt²)``) instead of drifting.  ``force`` maps positions ``(n_atoms, dim)`` to forces
    and must be traceable by JAX (e.g. :func:`lennard_jones_forces` with fixed options, or
    :meth:`NeuralPotential.forces`); ``energy`` (optional, same input) gives the potential energy
    of the saved frames.  ``n_steps`` must be a multiple of ``save_every``.  One
    ``lax.scan``, compiled once per ``force`` / ``energy`` function object (pass the same function
    again to reuse it; ``dt`` and ``mass`` are traced).  ``box`` is only recorded in the result
    (``force`` applies the periodic images).  Returns a :class:`Trajectory`.
    """
    force = callable_arg("force", force)
    if energy is not None:
        callable_arg("energy", energy)
    x0 = _positions("positions", positions)
    v0 = finite_array("velocities", velocities, ndim=2)
    if v0.shape != x0.shape:
        raise ValueError(f"velocities must have the shape of positions {x0.shape}, got shape {v0.shape}")
    dt = positive_float("dt", dt)
    n_steps = count("n_steps", n_steps, minimum=1)
    save_every = count("save_every", save_every, minimum=1)
    if n_steps % save_every:
        raise ValueError(f"n_steps must be a multiple of save_every ({save_every}), got {n_steps}")
    mass = positive_float("mass", mass)
    n_saved = n_steps // save_every
    xs, vs, pot = _verlet_run(_ByIdentity(force), None if energy is None else _ByIdentity(energy), x0,
                              jnp.asarray(v0), dt, mass, n_saved, save_every)
    xs, vs, pot = np.asarray(xs), np.asarray(vs), np.asarray(pot, dtype=float)
    kin = 0.5 * mass * np.sum(vs * vs, axis=(1, 2))
    return Trajectory(time=dt * save_every * np.arange(n_saved + 1), positions=xs, velocities=vs,
                      potential=pot, kinetic=kin, total=pot + kin, box=box)


# --------------------------------------------------------------------------------------------
# Behler-Parrinello symmetry functions

def cosine_cutoff(r, cutoff):
    r"""Behler's cutoff function ``f_c(r) = ½[cos(π r/r_c) + 1]`` for ``r < r_c``, 0 beyond (chapter 12).

    ``f_c`` and its first derivative vanish at ``r_c``: descriptors and forces are continuous when an
    atom crosses the cutoff sphere.  Traceable, elementwise.
    """
    cutoff = positive_float("cutoff", cutoff)
    return _fc(r if _is_traced(r) else jnp.asarray(finite_array("r", r)), cutoff)


def _fc(r, cutoff):
    return jnp.where(r < cutoff, 0.5 * (jnp.cos(jnp.pi * r / cutoff) + 1.0), 0.0)


def _descriptor_spec(radial, angular):
    try:
        radial = tuple((float(e), float(s)) for e, s in radial)
    except (TypeError, ValueError):
        raise TypeError(f"radial must be a sequence of (eta, r_s) pairs, got {radial!r:.80}") from None
    try:
        angular = tuple((float(e), int(z), float(lam)) for e, z, lam in angular)
    except (TypeError, ValueError):
        raise TypeError(f"angular must be a sequence of (eta, zeta, lambda) triples, got {angular!r:.80}") from None
    if not radial and not angular:
        raise ValueError("radial and angular must not both be empty (no descriptor)")
    for e, s in radial:
        if not (np.isfinite(e) and e > 0 and np.isfinite(s) and s >= 0):
            raise ValueError(f"radial entries need eta > 0 and r_s >= 0, got {(e, s)!r}")
    for e, z, lam in angular:
        if not (np.isfinite(e) and e >= 0 and z >= 1 and lam in (-1.0, 1.0)):
            raise ValueError(f"angular entries need eta >= 0, integer zeta >= 1 and lambda = ±1, got {(e, z, lam)!r}")
    return radial, angular


def _g_environment(d, mask, cutoff, radial, angular):
    """One atom's descriptors from its displacement vectors ``d`` ``(n_atoms, dim)`` to the other atoms
    (``mask`` False for the atom itself): shape ``(len(radial) + len(angular),)`` (traceable)."""
    r = jnp.sqrt(jnp.where(mask, jnp.sum(d * d, axis=-1), 1.0))
    fc = jnp.where(mask, _fc(r, cutoff), 0.0)
    feats = [jnp.sum(jnp.exp(-eta * (r - rs) ** 2) * fc) for eta, rs in radial]
    if angular:
        u = d / r[:, None]                            # unit vectors (zero-weighted for the atom itself)
        moments = {}
        for eta in {e for e, _, _ in angular}:
            n_max = max(z for e, z, _ in angular if e == eta)
            w = jnp.exp(-eta * r * r) * fc
            s = [jnp.sum(w) ** 2]                     # S_0 = (Σ_j w_j)²
            tens = w[:, None]                         # the rank-n moment Σ_j w_j û_j^{⊗n}, built up
            for _ in range(1, n_max + 1):
                tens = (tens[:, :, None] * u[:, None, :]).reshape(w.shape[0], -1)
                m = jnp.sum(tens, axis=0)
                s.append(jnp.sum(m * m))              # S_n = Σ_{j,k} w_j w_k (û_j·û_k)ⁿ
            moments[eta] = (s, jnp.sum(w * w))
        for e, z, lam in angular:
            s, diag = moments[e]
            full = sum(comb(z, n) * lam**n * s[n] for n in range(z + 1))
            feats.append(2.0 ** (1 - z) * 0.5 * (full - (1.0 + lam) ** z * diag))
    return jnp.stack(feats)


def _g(x, box, cutoff, radial, angular):
    """The descriptors ``(n_atoms, len(radial) + len(angular))`` (traceable)."""
    d, _, off = _pairs(x, box)
    return jax.vmap(lambda dd, mm: _g_environment(dd, mm, cutoff, radial, angular))(d, off)


def _g_jacobian(x, box, cutoff, radial, angular):
    """``∂G_an/∂x_b``, shape ``(n_atoms, n_features, n_atoms, dim)``: each atom's descriptors depend on
    ``x`` only through its displacements ``d_ab = x_b − x_a``, so one reverse pass per atom and feature
    (``jax.jacrev`` of :func:`_g_environment`) gives ``∂G_a/∂d_ab``; then ``∂/∂x_b = ∂/∂d_ab`` for
    ``b ≠ a`` and ``∂/∂x_a = −Σ_b ∂/∂d_ab``."""
    d, _, off = _pairs(x, box)
    jd = jax.vmap(jax.jacrev(lambda dd, mm: _g_environment(dd, mm, cutoff, radial, angular)))(d, off)
    n = x.shape[0]
    self_term = -jnp.sum(jd, axis=2)                  # (n_atoms, n_features, dim)
    return jd + jnp.eye(n)[:, None, :, None] * self_term[:, :, None, :]


_g_jit = jax.jit(_g, static_argnames=("box", "cutoff", "radial", "angular"))


def symmetry_functions(positions, *, cutoff, box=None, radial=DEFAULT_RADIAL, angular=DEFAULT_ANGULAR):
    r"""Behler–Parrinello atom-centred symmetry functions, one row per atom (chapter 12).

    Radial ``G²_i = Σ_{j≠i} exp(−η (r_ij − r_s)²) f_c(r_ij)`` for each ``(η, r_s)`` in ``radial``;
    angular ``G⁵_i = 2^{1−ζ} Σ_{j<k; j,k≠i} (1 + λ cos θ_jik)^ζ exp(−η (r_ij² + r_ik²)) f_c(r_ij) f_c(r_ik)``
    for each ``(η, ζ, λ)`` in ``angular`` (integer ``ζ ≥ 1``, ``λ = ±1``; evaluated with moment
    tensors in ``O(N² d^ζ)``, see the module docstring).  ``f_c`` is :func:`cosine_cutoff`.
    Invariant under rotations, translations and permutations of the atoms (which permute the
    rows).  Returns shape ``(n_atoms, len(radial) + len(angular))``; traceable in ``positions``.
    """
    x = _positions("positions", positions)
    box = _box(box, x.shape[1])
    cutoff = _cutoff(cutoff, box)
    if cutoff is None:
        raise ValueError("cutoff must be a positive number, got None")
    radial, angular = _descriptor_spec(radial, angular)
    return _g_jit(x, box, cutoff, radial, angular)


# --------------------------------------------------------------------------------------------
# the Behler-Parrinello neural potential

def neural_potential_init(n_features, *, key, hidden=(24, 24)):
    """Parameters of a Behler–Parrinello potential (chapter 12): the atomic MLP ``n_features → hidden… → 1``
    (:func:`physml.nn.mlp_init`) and the fixed input standardisation and energy offset.

    A pytree ``{"layers", "feature_mean", "feature_scale", "energy_offset"}`` with mean 0, scale 1
    and offset 0 (:func:`fit_neural_potential` sets them from the training data).
    """
    n_features = count("n_features", n_features, minimum=1)
    try:
        hidden = tuple(count("hidden", h, minimum=1) for h in hidden)
    except TypeError:
        raise TypeError(f"hidden must be a sequence of layer widths, got {hidden!r:.60}") from None
    return {"layers": mlp_init((n_features, *hidden, 1), key=key), "feature_mean": jnp.zeros(n_features),
            "feature_scale": jnp.ones(n_features), "energy_offset": jnp.zeros(())}


def _atomic_energies_from_g(params, g):
    mean = jax.lax.stop_gradient(params["feature_mean"])
    scale = jax.lax.stop_gradient(params["feature_scale"])
    return mlp(params["layers"], (g - mean) / scale)[..., 0] + params["energy_offset"]


def _np_energy(params, x, box, cutoff, radial, angular):
    return jnp.sum(_atomic_energies_from_g(params, _g(x, box, cutoff, radial, angular)))


_np_energy_jit = jax.jit(_np_energy, static_argnames=("box", "cutoff", "radial", "angular"))
_STATIC = ("box", "cutoff", "radial", "angular")


@partial(jax.jit, static_argnames=_STATIC)
def _g_frames(xs, box, cutoff, radial, angular):
    return jax.vmap(lambda x: _g(x, box, cutoff, radial, angular))(xs)


@partial(jax.jit, static_argnames=_STATIC)
def _jac_frames(xs, box, cutoff, radial, angular):
    """``∂G/∂x`` per frame, reshaped to ``(n_frames, n_atoms · n_features, n_atoms · dim)``."""
    jac = jax.lax.map(lambda x: _g_jacobian(x, box, cutoff, radial, angular), xs)
    return jac.reshape(xs.shape[0], -1, xs.shape[1] * xs.shape[2])


@partial(jax.jit, static_argnames=_STATIC)
def _np_energy_frames(params, xs, box, cutoff, radial, angular):
    return jax.vmap(lambda x: _np_energy(params, x, box, cutoff, radial, angular))(xs)


@partial(jax.jit, static_argnames=_STATIC)
def _np_forces_frames(params, xs, box, cutoff, radial, angular):
    return jax.lax.map(lambda x: -jax.grad(_np_energy, argnums=1)(params, x, box, cutoff, radial, angular), xs)
_np_forces_jit = jax.jit(lambda p, x, box, cutoff, radial, angular: -jax.grad(_np_energy, argnums=1)(
    p, x, box, cutoff, radial, angular), static_argnames=("box", "cutoff", "radial", "angular"))


def neural_potential_energy(params, positions, *, cutoff, box=None, radial=DEFAULT_RADIAL, angular=DEFAULT_ANGULAR):
    r"""The Behler–Parrinello energy ``E = Σ_i ε_θ(G_i)`` (chapter 12): one MLP ``ε_θ`` applied to each atom's
    standardised :func:`symmetry_functions` row, summed over atoms.

    Invariant (``G_i`` is) and extensive (a sum of local terms); traceable in ``positions``.
    """
    x = _positions("positions", positions)
    box = _box(box, x.shape[1])
    cutoff = _cutoff(cutoff, box)
    radial, angular = _descriptor_spec(radial, angular)
    return _np_energy_jit(params, x, box, cutoff, radial, angular)


@dataclass(frozen=True)
class NeuralPotential:
    """A fitted Behler–Parrinello potential: ``params``, the descriptor settings, the ``box`` it was
    trained in, ``losses`` (the loss before each Adam step) and the final energy RMSE per atom and
    force RMSE on the training set.  :meth:`energy`, :meth:`forces`, :meth:`atomic_energies`
    evaluate it (traceable: pass :meth:`forces` to :func:`velocity_verlet`)."""

    params: object
    cutoff: float
    box: object
    radial: tuple
    angular: tuple
    losses: np.ndarray
    energy_rmse_per_atom: float
    force_rmse: float

    def energy(self, positions):
        """The potential energy ``Σ_i ε_θ(G_i)`` of one configuration."""
        return _np_energy_jit(self.params, _positions("positions", positions), self.box, self.cutoff,
                              self.radial, self.angular)

    def forces(self, positions):
        """The forces ``−∇E`` (``jax.grad``), shape ``(n_atoms, dim)``."""
        return _np_forces_jit(self.params, _positions("positions", positions), self.box, self.cutoff,
                              self.radial, self.angular)

    def atomic_energies(self, positions):
        """The atomic energies ``ε_θ(G_i)``, shape ``(n_atoms,)``: they sum to :meth:`energy`."""
        x = _positions("positions", positions)
        return _atomic_energies_from_g(self.params, _g_jit(x, self.box, self.cutoff, self.radial, self.angular))


def _np_loss(params, g, jac, energies, forces, weights):
    """Mean squared energy error per atom + force_weight × mean squared force-component error.

    ``jac`` is ``∂G/∂x`` reshaped to ``(n_frames, n_atoms · n_features, n_atoms · dim)``."""
    n_frames, n_atoms = g.shape[:2]

    def frame(gf):
        return jnp.sum(_atomic_energies_from_g(params, gf))

    e, de_dg = jax.vmap(jax.value_and_grad(frame))(g)
    f = -jnp.einsum("fk,fkm->fm", de_dg.reshape(n_frames, -1), jac)
    return (weights[0] * jnp.mean(((e - energies) / n_atoms) ** 2)
            + weights[1] * jnp.mean((f - forces.reshape(n_frames, -1)) ** 2))


def _np_energy_loss(params, g, energies):
    """Mean squared energy error per atom (the energies-only fit)."""
    e = jnp.sum(_atomic_energies_from_g(params, g), axis=1)
    return jnp.mean(((e - energies) / g.shape[1]) ** 2)


def _frames(name, value, n_atoms=None, dim=None):
    arr = finite_array(name, value, ndim=3)
    if n_atoms is not None and arr.shape[1:] != (n_atoms, dim):
        raise ValueError(f"{name} must have shape (n_frames, {n_atoms}, {dim}), got shape {arr.shape}")
    return arr


def fit_neural_potential(positions, energies, forces, *, key, cutoff, box=None, radial=DEFAULT_RADIAL,
                         angular=DEFAULT_ANGULAR, hidden=(24, 24), force_weight=1.0, learning_rate=3e-3,
                         n_steps=1500):
    r"""Fit a Behler–Parrinello potential to reference energies and forces (chapter 12).

    ``positions`` ``(n_frames, n_atoms, dim)``, ``energies`` ``(n_frames,)``, ``forces`` like
    positions.  Loss: ``mean((E_θ − E)²/N²) + force_weight · mean((F_θ − F)²)`` over frames and
    force components, minimised by full-batch Adam (:func:`physml.nn.fit_adam`) from
    :func:`neural_potential_init` (``key``).  The inputs are standardised by the training mean and
    standard deviation of each descriptor and the mean energy per atom is the offset.  The
    descriptors and their Jacobians ``∂G/∂x`` (``jax.jacrev`` per atomic environment) are computed once (memory
    ``n_frames · N² · n_features · d`` floats); the model's forces are then the exact chain rule
    ``F_b = −Σ_{a,n} (∂ε/∂G_{an}) ∂G_{an}/∂x_b``.  ``force_weight = 0`` fits energies only.
    Returns a :class:`NeuralPotential`.
    """
    prng_key("key", key)
    x = _frames("positions", positions)
    n_frames, n_atoms, dim = x.shape
    e = finite_array("energies", energies, ndim=1)
    if e.shape != (n_frames,):
        raise ValueError(f"energies must have shape ({n_frames},), one per frame, got shape {e.shape}")
    f = _frames("forces", forces, n_atoms, dim)
    box = _box(box, dim)
    cutoff = _cutoff(cutoff, box)
    if cutoff is None:
        raise ValueError("cutoff must be a positive number, got None")
    radial, angular = _descriptor_spec(radial, angular)
    force_weight = positive_float("force_weight", force_weight, allow_zero=True)
    n_features = len(radial) + len(angular)
    params = neural_potential_init(n_features, key=key, hidden=hidden)
    xj = jnp.asarray(x)
    g = _g_frames(xj, box, cutoff, radial, angular)
    flat = np.asarray(g).reshape(-1, n_features)
    params["feature_mean"] = jnp.asarray(flat.mean(axis=0))
    params["feature_scale"] = jnp.asarray(np.maximum(flat.std(axis=0), 1e-8))
    params["energy_offset"] = jnp.asarray(float(e.mean() / n_atoms))
    if force_weight > 0:
        jac = _jac_frames(xj, box, cutoff, radial, angular)
        fit = fit_adam(_np_loss, params, (g, jac, jnp.asarray(e), jnp.asarray(f), jnp.array([1.0, force_weight])),
                       learning_rate=learning_rate, n_steps=n_steps)
        del jac
    else:
        fit = fit_adam(_np_energy_loss, params, (g, jnp.asarray(e)), learning_rate=learning_rate, n_steps=n_steps)
    e_fit = np.asarray(_np_energy_frames(fit.params, xj, box, cutoff, radial, angular))
    f_fit = np.asarray(_np_forces_frames(fit.params, xj, box, cutoff, radial, angular))
    return NeuralPotential(params=fit.params, cutoff=cutoff, box=box, radial=radial, angular=angular,
                           losses=np.asarray(fit.losses),
                           energy_rmse_per_atom=float(np.sqrt(np.mean(((e_fit - e) / n_atoms) ** 2))),
                           force_rmse=float(np.sqrt(np.mean((f_fit - f) ** 2))))


# --------------------------------------------------------------------------------------------
# the direct-force contrast

def _neighbour_input(x, box, cutoff, n_neighbours):
    """Each atom's ``n_neighbours`` nearest displacement vectors, sorted by distance and weighted by
    ``f_c``, flattened: shape ``(n_atoms, n_neighbours · dim)``.  Not rotation-equivariant."""
    d, r, off = _pairs(x, box)
    r_masked = jnp.where(off, r, jnp.inf)
    _, idx = jax.lax.top_k(-r_masked, n_neighbours)
    dn = jnp.take_along_axis(d, idx[..., None], axis=1)
    rn = jnp.take_along_axis(r, idx, axis=1)
    return (dn * _fc(rn, cutoff)[..., None]).reshape(x.shape[0], -1)


def _direct_forces(params, x, box, cutoff, n_neighbours):
    return mlp(params, _neighbour_input(x, box, cutoff, n_neighbours))


@partial(jax.jit, static_argnames=("box", "cutoff", "n_neighbours"))
def _neighbour_input_frames(xs, box, cutoff, n_neighbours):
    return jax.vmap(lambda x: _neighbour_input(x, box, cutoff, n_neighbours))(xs)


_direct_forces_jit = jax.jit(_direct_forces, static_argnames=("box", "cutoff", "n_neighbours"))


def _direct_loss(params, inputs, forces):
    return jnp.mean((mlp(params, inputs) - forces) ** 2)


@dataclass(frozen=True)
class DirectForceModel:
    """A network that predicts forces directly (chapter 12's contrast): ``params`` of the MLP from an
    atom's ``n_neighbours`` sorted, cutoff-weighted neighbour displacements to its force, ``cutoff``,
    ``box``, ``losses`` and the training ``force_rmse``.  :meth:`forces` evaluates it (traceable)."""

    params: object
    cutoff: float
    box: object
    n_neighbours: int
    losses: np.ndarray
    force_rmse: float

    def forces(self, positions):
        """The predicted forces, shape ``(n_atoms, dim)`` — not the gradient of any energy."""
        return _direct_forces_jit(self.params, _positions("positions", positions), self.box, self.cutoff,
                                  self.n_neighbours)


def fit_direct_force(positions, forces, *, key, cutoff, box=None, n_neighbours=12, hidden=(64, 64),
                     learning_rate=3e-3, n_steps=1500):
    r"""Fit a direct-force network (chapter 12's contrast): ``F_i = MLP(d_i1 f_c(r_i1), …, d_iK f_c(r_iK))``,
    the displacement vectors ``d_ij = x_j − x_i`` to the ``K = n_neighbours`` nearest atoms sorted by
    distance and weighted by :func:`cosine_cutoff`, trained on forces alone (mean squared error,
    Adam).  Translation-invariant and blind to the labelling of neighbours, but *not* the gradient
    of an energy (no energy conservation), not rotation-equivariant and with no Newton's third law
    (``Σ_i F_i ≠ 0``): all learned only approximately from data.  Returns a :class:`DirectForceModel`.
    """
    prng_key("key", key)
    x = _frames("positions", positions)
    n_frames, n_atoms, dim = x.shape
    f = _frames("forces", forces, n_atoms, dim)
    box = _box(box, dim)
    cutoff = _cutoff(cutoff, box)
    if cutoff is None:
        raise ValueError("cutoff must be a positive number, got None")
    n_neighbours = count("n_neighbours", n_neighbours, minimum=1)
    if n_neighbours > n_atoms - 1:
        raise ValueError(f"n_neighbours must be <= n_atoms - 1 ({n_atoms - 1}), got {n_neighbours}")
    try:
        hidden = tuple(count("hidden", h, minimum=1) for h in hidden)
    except TypeError:
        raise TypeError(f"hidden must be a sequence of layer widths, got {hidden!r:.60}") from None
    inputs = _neighbour_input_frames(jnp.asarray(x), box, cutoff, n_neighbours).reshape(-1, n_neighbours * dim)
    params = mlp_init((n_neighbours * dim, *hidden, dim), key=key)
    fit = fit_adam(_direct_loss, params, (inputs, jnp.asarray(f).reshape(-1, dim)),
                   learning_rate=learning_rate, n_steps=n_steps)
    pred = np.asarray(mlp(fit.params, inputs)).reshape(f.shape)
    return DirectForceModel(params=fit.params, cutoff=cutoff, box=box, n_neighbours=n_neighbours,
                            losses=np.asarray(fit.losses), force_rmse=float(np.sqrt(np.mean((pred - f) ** 2))))


# --------------------------------------------------------------------------------------------
# observables

@dataclass(frozen=True)
class RadialDistribution:
    """``g(r)`` at the bin centres ``r`` (``n_bins`` bins of width ``r_max/n_bins``)."""

    r: np.ndarray
    g: np.ndarray


def radial_distribution(frames, *, box, r_max, n_bins):
    r"""The radial distribution function ``g(r)`` of a periodic system (chapter 12):

        ``g(r) = ⟨n(r)⟩ / (½ N ρ ΔV(r))``,

    ``n(r)`` the number of pairs (minimum image) with distance in the bin, averaged over frames,
    ``ρ = N/V`` and ``ΔV`` the bin's shell volume (``4π/3 (r₂³ − r₁³)`` in 3D, ``π (r₂² − r₁²)`` in 2D,
    ``2 (r₂ − r₁)`` in 1D).  An ideal gas gives ``g = 1``.  ``frames`` is ``(n_atoms, dim)`` or
    ``(n_frames, n_atoms, dim)``; ``r_max ≤ box/2``.  Returns a :class:`RadialDistribution`.
    """
    x = finite_array("frames", frames)
    if x.ndim == 2:
        x = x[None]
    if x.ndim != 3 or x.shape[1] < 2 or x.shape[2] not in (1, 2, 3):
        raise ValueError(f"frames must have shape (n_atoms, dim) or (n_frames, n_atoms, dim), got shape {x.shape}")
    n_frames, n_atoms, dim = x.shape
    b = _box(box, dim)
    if b is None:
        raise ValueError("box must be given (g(r) is normalised by the density N/V)")
    r_max = positive_float("r_max", r_max)
    if r_max > 0.5 * min(b) + 1e-12:
        raise ValueError(f"r_max must be <= half the smallest box side ({0.5 * min(b)!r}), got {r_max!r}")
    n_bins = count("n_bins", n_bins, minimum=1)
    bb = np.asarray(b)
    iu = np.triu_indices(n_atoms, 1)
    dist = []
    for frame in x:
        d = frame[None, :, :] - frame[:, None, :]
        d -= bb * np.round(d / bb)
        dist.append(np.sqrt(np.sum(d * d, axis=-1))[iu])
    edges = np.linspace(0.0, r_max, n_bins + 1)
    counts, _ = np.histogram(np.concatenate(dist), bins=edges)
    shell = {1: 2.0 * np.diff(edges), 2: np.pi * np.diff(edges**2), 3: 4.0 * np.pi / 3.0 * np.diff(edges**3)}[dim]
    density = n_atoms / np.prod(bb)
    g = counts / (n_frames * 0.5 * n_atoms * density * shell)
    return RadialDistribution(r=0.5 * (edges[1:] + edges[:-1]), g=g)


def velocity_autocorrelation(velocities, n_lags):
    r"""The velocity autocorrelation ``C(τ) = ⟨v_i(t)·v_i(t + τ)⟩`` for lags ``τ = 0 … n_lags − 1`` frames
    (chapter 12), averaged over atoms and over all time origins ``t``.

    ``velocities`` has shape ``(n_frames, n_atoms, dim)``; ``C(0) = ⟨v²⟩ = d k_B T/m``.  Computed
    with FFTs (zero-padded, so no wrap-around).  Returns shape ``(n_lags,)``.
    """
    v = finite_array("velocities", velocities, ndim=3)
    n_t = v.shape[0]
    n_lags = count("n_lags", n_lags, minimum=1)
    if n_lags > n_t:
        raise ValueError(f"n_lags must be <= the number of frames ({n_t}), got {n_lags}")
    size = 1 << int(np.ceil(np.log2(2 * n_t)))
    spec = np.fft.rfft(v, n=size, axis=0)
    acf = np.fft.irfft(spec * np.conj(spec), n=size, axis=0)[:n_lags]       # Σ_t v(t) v(t+τ) per atom, dim
    return acf.sum(axis=2).mean(axis=1) / (n_t - np.arange(n_lags))


def green_kubo_diffusion(vacf, *, dt, dim=3):
    r"""The Green–Kubo diffusion coefficient ``D = (1/d) ∫₀^{τ_max} C(τ) dτ`` (trapezoid rule; chapter 12).

    ``vacf`` from :func:`velocity_autocorrelation` with frame spacing ``dt``; the integral is cut at
    the last lag, which must be long enough for ``C`` to have decayed.  Returns a float.
    """
    c = finite_array("vacf", vacf, ndim=1)
    if c.size < 2:
        raise ValueError(f"vacf must have at least 2 lags, got {c.size}")
    dt = positive_float("dt", dt)
    dim = count("dim", dim, minimum=1)
    return float(dt * (0.5 * c[0] + c[1:-1].sum() + 0.5 * c[-1]) / dim)


def mean_squared_displacement(positions, n_lags):
    r"""The mean-squared displacement ``MSD(τ) = ⟨|x_i(t + τ) − x_i(t)|²⟩`` for ``τ = 0 … n_lags − 1`` frames
    (chapter 12), over atoms and all time origins; positions must be unwrapped (as
    :func:`velocity_verlet` saves them).  Einstein: ``MSD → 2 d D τ`` at long times.
    Returns shape ``(n_lags,)``.
    """
    x = finite_array("positions", positions, ndim=3)
    n_t = x.shape[0]
    n_lags = count("n_lags", n_lags, minimum=1)
    if n_lags > n_t:
        raise ValueError(f"n_lags must be <= the number of frames ({n_t}), got {n_lags}")
    return np.array([np.mean(np.sum((x[k:] - x[:n_t - k]) ** 2, axis=-1)) for k in range(n_lags)])
