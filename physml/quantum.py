r"""Exact references for the transverse-field Ising chain (chapter 3).

The Hamiltonian of a periodic chain of :math:`L` spins one-half is

.. math::

    H = -J \sum_{i=0}^{L-1} \sigma^z_i \sigma^z_{i+1} - h \sum_{i=0}^{L-1} \sigma^x_i,
    \qquad \sigma_{L} \equiv \sigma_0 .

Basis and sign conventions used everywhere in ``physml``:

* basis state number :math:`n = \sum_i b_i 2^i` has bits :math:`b_i \in \{0, 1\}`
  and spins :math:`s_i = 1 - 2 b_i \in \{+1, -1\}` (the eigenvalues of
  :math:`\sigma^z_i`); :func:`spin_configurations` lists them in this order;
* for :math:`L = 2` the two bonds :math:`(0,1)` and :math:`(1,0)` are both
  counted, as the periodic sum says.

Two independent exact routes give the ground-state energy:

* :func:`tfim_hamiltonian` builds the sparse :math:`2^L \times 2^L` matrix, and
  :func:`tfim_ground_state` diagonalises it with Lanczos (``scipy.sparse.linalg.eigsh``);
* :func:`tfim_exact_energy` evaluates the Jordan–Wigner closed form
  (Lieb, Schultz & Mattis 1961; Pfeuty 1970) for any even :math:`L`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import LinearOperator, eigsh

from . import _validate as v

__all__ = [
    "spin_configurations",
    "tfim_hamiltonian",
    "tfim_ground_state",
    "GroundState",
    "tfim_exact_energy",
    "tfim_exact_magnetisation",
    "rayleigh_quotient",
    "parity",
    "configuration_index",
    "product_state",
    "product_state_energy",
    "transverse_magnetisation",
    "zz_correlation",
    "harmonic_pair_energy",
    "heisenberg_hamiltonian",
    "zero_magnetisation_indices",
    "heisenberg_ground_state",
]

#: Largest chain the dense/sparse routines accept (2**22 amplitudes, 32 MiB).
MAX_ED_SITES = 22


def _sites(L, *, maximum=None, even=False):
    L = v.count("L", L, minimum=2)
    if maximum is not None and L > maximum:  # noqa: SIM300 (L is a variable)
        raise ValueError(f"L must be <= {maximum} for exact diagonalisation (2**L states), got {L}")
    if even and L % 2:
        raise ValueError(f"L must be even for the Jordan–Wigner closed form, got L={L}")
    return L


def spin_configurations(L):
    """All :math:`2^L` spin configurations, shape ``(2**L, L)``, entries ±1.

    Row ``n`` holds :math:`s_i = 1 - 2 b_i` for the bits :math:`b_i` of ``n``
    (least significant bit = site 0): the basis order of :func:`tfim_hamiltonian`.
    """
    L = _sites(L, maximum=MAX_ED_SITES)
    bits = (np.arange(2**L)[:, None] >> np.arange(L)[None, :]) & 1
    return (1 - 2 * bits).astype(np.int8)


def configuration_index(s):
    r"""Basis-state number :math:`n = \sum_i b_i 2^i` of spin configurations ``s`` (shape ``(..., L)``, entries ±1).

    The inverse of :func:`spin_configurations`; turns a state vector into a
    lookup-table amplitude, ``psi[configuration_index(s)]``.
    """
    s = np.asarray(s)
    if s.ndim < 1 or not np.all(np.isin(s, (-1, 1))):
        raise ValueError(f"s must hold spin configurations with entries ±1, got {s!r:.60}")
    bits = (1 - s.astype(np.int64)) // 2
    return bits @ (1 << np.arange(s.shape[-1], dtype=np.int64))


def product_state(theta, L):
    r"""The product state
    :math:`\bigotimes_i \big(\cos\tfrac\theta2\,|{\uparrow}\rangle + \sin\tfrac\theta2\,|{\downarrow}\rangle\big)`.

    Chapter 3: a structured trial state (mean field). Every spin has
    :math:`\langle\sigma^z\rangle = \cos\theta`, :math:`\langle\sigma^x\rangle = \sin\theta`,
    so its energy is :math:`-JL\cos^2\theta - hL\sin\theta` (:func:`product_state_energy`). Returns a normalised
    vector of length :math:`2^L` in the basis of :func:`spin_configurations`.
    """
    theta = v.real("theta", theta)
    s = spin_configurations(L)
    amp = np.where(s > 0, np.cos(theta / 2), np.sin(theta / 2))
    return np.prod(amp, axis=1)


def product_state_energy(theta, L, h, J=1.0):
    r"""Energy of the product state :func:`product_state` in closed form (mean field), chapter 3.

    Every spin of :math:`\psi_\theta` has :math:`\langle\sigma^z\rangle = \cos\theta` and
    :math:`\langle\sigma^x\rangle = \sin\theta`, and the spins are uncorrelated, so the Rayleigh
    quotient of the periodic chain is

    .. math::

        E(\theta) = -JL\cos^2\theta - hL\sin\theta ,

    lowest at :math:`\sin\theta = h/2J` (for :math:`h \le 2J`) with :math:`E = -L(J + h^2/4J)`.
    ``theta`` is a number or an array of angles (radians); the result has its shape (a float for a
    number). Needs no state vector, so any :math:`L \ge 2` works.
    """
    L = v.count("L", L, minimum=2)
    h, J = v.real("h", h), v.real("J", J)
    scalar = np.ndim(theta) == 0 and not isinstance(theta, np.ndarray)
    theta = v.real("theta", theta) if scalar else v.finite_array("theta", theta)
    energy = -J * L * np.cos(theta) ** 2 - h * L * np.sin(theta)
    return float(energy) if scalar else energy


def tfim_hamiltonian(L, h, J=1.0):
    r"""Sparse matrix of the periodic transverse-field Ising chain (chapter 3, eq. ``tfim``).

    :math:`H = -J\sum_i \sigma^z_i\sigma^z_{i+1} - h\sum_i \sigma^x_i` in the
    :math:`\sigma^z` basis of :func:`spin_configurations`. The diagonal holds
    :math:`-J\sum_i s_i s_{i+1}`; :math:`\sigma^x_i` flips bit :math:`i`, so each row has
    :math:`L` off-diagonal entries :math:`-h`. Returns a real
    :class:`scipy.sparse.csr_matrix` of shape ``(2**L, 2**L)``.
    """
    L = _sites(L, maximum=MAX_ED_SITES)
    h, J = v.real("h", h), v.real("J", J)
    n = np.arange(2**L, dtype=np.int64)
    s = 1 - 2 * ((n[:, None] >> np.arange(L)[None, :]) & 1)
    diag = -J * np.sum(s * np.roll(s, -1, axis=1), axis=1)
    rows = np.concatenate([n, np.repeat(n, L)])
    cols = np.concatenate([n, (n[:, None] ^ (1 << np.arange(L))[None, :]).ravel()])
    vals = np.concatenate([diag.astype(float), np.full(L * 2**L, -h)])
    return sp.csr_matrix((vals, (rows, cols)), shape=(2**L, 2**L))


def heisenberg_hamiltonian(L, J=1.0, J2=0.0):
    r"""Sparse matrix of the periodic spin-one-half :math:`J_1`–:math:`J_2` Heisenberg chain (chapter 13).

    .. math::

        H = J\sum_{i=0}^{L-1} \mathbf S_i\cdot\mathbf S_{i+1} + J_2\sum_{i=0}^{L-1} \mathbf S_i\cdot\mathbf S_{i+2},
        \qquad \mathbf S_i = \tfrac12\boldsymbol\sigma_i ,

    in the :math:`\sigma^z` basis of :func:`spin_configurations` (``J > 0`` is antiferromagnetic).
    With :math:`\mathbf S_i\cdot\mathbf S_j = S^z_iS^z_j + \tfrac12(S^+_iS^-_j + S^-_iS^+_j)`,
    each bond adds :math:`s_is_j/4` to the diagonal and, where :math:`s_i \ne s_j`, an
    off-diagonal element :math:`\tfrac12` to the state with both spins exchanged. The total
    :math:`S^z` is conserved. Bonds are counted as the periodic sums say (for :math:`L = 2` the
    bond :math:`(0, 1)` twice). Returns a real :class:`scipy.sparse.csr_matrix` of shape ``(2**L, 2**L)``.
    """
    L = _sites(L, maximum=MAX_ED_SITES)
    J, J2 = v.real("J", J), v.real("J2", J2)
    n = np.arange(2**L, dtype=np.int64)
    bits = (n[:, None] >> np.arange(L)[None, :]) & 1
    s = 1 - 2 * bits
    diag = np.zeros(2**L)
    rows, cols, vals = [n], [n], []
    for coupling, d in ((J, 1), (J2, 2)):
        if coupling == 0:
            continue
        for i in range(L):
            j = (i + d) % L
            diag += coupling * s[:, i] * s[:, j] / 4.0
            flip = bits[:, i] != bits[:, j]
            rows.append(n[flip])
            cols.append(n[flip] ^ ((1 << i) | (1 << j)))
            vals.append(np.full(int(flip.sum()), coupling / 2.0))
    vals = [diag] + vals
    return sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                         shape=(2**L, 2**L))


def zero_magnetisation_indices(L):
    r"""Basis-state numbers of the sector :math:`\sum_i s_i = 0` (total :math:`S^z = 0`), ascending (chapter 13).

    ``L`` must be even. There are :math:`\binom{L}{L/2}` of them (12870 for :math:`L = 16`);
    ``spin_configurations(L)[zero_magnetisation_indices(L)]`` lists the sector's configurations.
    """
    L = _sites(L, maximum=MAX_ED_SITES)
    if L % 2:
        raise ValueError(f"L must be even for a sector of zero magnetisation, got L={L}")
    n = np.arange(2**L, dtype=np.int64)
    ones = np.zeros(2**L, dtype=np.int64)
    for i in range(L):
        ones += (n >> i) & 1
    return n[ones == L // 2]


def _marshall_signs(idx, L):
    # (-1)^(number of up spins, bit 0, on odd sites) of basis states idx
    up_odd = np.zeros(len(idx), dtype=np.int64)
    for i in range(1, L, 2):
        up_odd += 1 - ((idx >> i) & 1)
    return 1 - 2 * (up_odd % 2)


def heisenberg_ground_state(L, J=1.0, J2=0.0):
    r"""Ground state of the periodic :math:`J_1`–:math:`J_2` Heisenberg chain by exact diagonalisation (chapter 13).

    :math:`H` is that of :func:`heisenberg_hamiltonian`. It conserves the total :math:`S^z`, and for
    an antiferromagnet (``J > 0``, even ``L``) the ground state is a singlet, so it lies in the sector
    :math:`\sum_i s_i = 0` (:func:`zero_magnetisation_indices`): only that block,
    :math:`\binom{L}{L/2}` states, is built and diagonalised (Lanczos, ``scipy.sparse.linalg.eigsh``,
    from a fixed start vector, so the result is deterministic). The returned vector has the full
    length :math:`2^L` (zero outside the sector) so that :func:`zz_correlation` applies; it is
    normalised and its overall sign is chosen so that :math:`\sum_s (-1)^{N_\uparrow^\text{odd}(s)}\psi(s) > 0`
    (the Marshall sign, :func:`physml.quantum_phases.marshall_sign`, counts up spins on odd sites).
    ``L`` must be even and at most 22. Where the ground state is degenerate (the Majumdar–Ghosh point
    :math:`J_2 = J/2` has two dimer states) the vector is one deterministic member of the ground space.
    Returns a :class:`GroundState`.
    """
    L = _sites(L, maximum=MAX_ED_SITES)
    if L % 2:
        raise ValueError(f"L must be even for the zero-magnetisation sector, got L={L}")
    J, J2 = v.real("J", J), v.real("J2", J2)
    idx = zero_magnetisation_indices(L)
    dim = len(idx)
    bits = (idx[:, None] >> np.arange(L)[None, :]) & 1
    s = 1 - 2 * bits
    diag = np.zeros(dim)
    rows, cols, vals = [np.arange(dim)], [np.arange(dim)], []
    for coupling, d in ((J, 1), (J2, 2)):
        if coupling == 0:
            continue
        for i in range(L):
            j = (i + d) % L
            diag += coupling * s[:, i] * s[:, j] / 4.0
            flip = np.flatnonzero(bits[:, i] != bits[:, j])
            rows.append(flip)
            cols.append(np.searchsorted(idx, idx[flip] ^ ((1 << i) | (1 << j))))
            vals.append(np.full(len(flip), coupling / 2.0))
    H = sp.csr_matrix((np.concatenate([diag] + vals), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(dim, dim))
    if dim <= 64:
        w, vecs = np.linalg.eigh(H.toarray())
        energy, vec = float(w[0]), vecs[:, 0]
    else:
        v0 = np.ones(dim) + 0.1 * np.cos(np.arange(dim))
        w, vecs = eigsh(H, k=1, which="SA", v0=v0, tol=1e-13)
        energy, vec = float(w[0]), vecs[:, 0]
    vec = vec / np.linalg.norm(vec)
    overlap = np.sum(_marshall_signs(idx, L) * vec)
    if overlap < 0 or (abs(overlap) < 1e-12 and vec[np.argmax(np.abs(vec))] < 0):
        vec = -vec
    psi = np.zeros(2**L)
    psi[idx] = vec
    return GroundState(energy, psi)


def parity(L):
    r"""The spin-flip parity :math:`P = \prod_i \sigma^x_i` as a permutation of basis states.

    :math:`P` commutes with :math:`H`. It maps basis state ``n`` to its complete
    flip ``n ^ (2**L - 1)``; the index array is returned, so ``psi[parity(L)]``
    is :math:`P\psi`.
    """
    L = _sites(L, maximum=MAX_ED_SITES)
    return np.arange(2**L) ^ (2**L - 1)


@dataclass(frozen=True)
class GroundState:
    """The lowest eigenvalue ``energy`` of a Hamiltonian and its normalised eigenvector ``psi`` (chapter 3)."""

    energy: float
    psi: np.ndarray


def tfim_ground_state(L, h, J=1.0, *, parity_sector=None):
    r"""Ground-state energy and vector by sparse exact diagonalisation (Lanczos).

    Chapter 3. ``parity_sector`` = +1 or −1 restricts to states with
    :math:`P\psi = \pm\psi` (:func:`parity`); ``None`` searches the whole space.
    The vector is normalised and, where the ground state is positive (the
    :math:`h \ge 0` case, by the Perron–Frobenius theorem), returned with
    positive entries. The start vector is fixed, so the result is deterministic.
    Returns a :class:`GroundState` (``.energy``, ``.psi``).
    """
    H = tfim_hamiltonian(L, h, J)
    dim = H.shape[0]
    v0 = np.ones(dim) + 0.1 * np.cos(np.arange(dim))  # fixed, overlaps both sectors
    if parity_sector is not None:
        if parity_sector not in (1, -1):
            raise ValueError(f"parity_sector must be +1, -1 or None, got {parity_sector!r}")
        flip = parity(L)
        project = lambda x: 0.5 * (x + parity_sector * x[flip])  # noqa: E731  (1 ± P)/2
        # Π H Π on the sector; the other sector is pushed above the spectrum by a shift
        shift = (abs(J) + abs(h)) * L + 1.0
        op = LinearOperator(H.shape, dtype=float,
                            matvec=lambda x: project(H @ project(x)) + shift * (x - project(x)))
        vals, vecs = eigsh(op, k=1, which="SA", v0=project(v0), tol=1e-13)
    else:
        vals, vecs = eigsh(H, k=1, which="SA", v0=v0, tol=1e-13)
    psi = vecs[:, 0]
    psi = psi / np.linalg.norm(psi)
    if psi.sum() < 0:
        psi = -psi
    return GroundState(float(vals[0]), psi)


def _jw_terms(L, h, J, parity_sector):
    """Momenta and the single-particle energies entering the closed form."""
    if parity_sector == 1:   # even fermion parity: antiperiodic fermions, k = (2n+1)π/L
        k = np.pi * (2 * np.arange(L) + 1) / L
    else:                    # odd parity: periodic fermions, k = 2πn/L without k = 0, π
        n = np.arange(L)
        k = 2 * np.pi * n[(n != 0) & (n != L // 2)] / L
    return k, np.sqrt(J**2 + h**2 - 2 * J * h * np.cos(k))


def tfim_exact_energy(L, h, J=1.0, *, parity_sector=1):
    r"""Exact lowest energy of the periodic chain in a parity sector (Jordan–Wigner).

    Chapter 3, eq. ``jw-energy``. The Jordan–Wigner transformation maps the chain
    to free fermions with single-particle energies
    :math:`\varepsilon_k = 2\sqrt{J^2 + h^2 - 2Jh\cos k}`. The periodic spin chain
    becomes *antiperiodic* fermions in the even sector :math:`P = +1`
    (:math:`k = (2n+1)\pi/L`) and periodic ones in the odd sector
    (:math:`k = 2\pi n/L`), where the unpaired modes :math:`k = 0, \pi` add
    :math:`-2|J|`:

    .. math::

        E_{+} = -\sum_{n=0}^{L-1} \sqrt{J^2 + h^2 - 2Jh\cos\tfrac{(2n+1)\pi}{L}}, \qquad
        E_{-} = -\!\!\sum_{n \ne 0, L/2}\!\! \sqrt{J^2 + h^2 - 2Jh\cos\tfrac{2\pi n}{L}} - 2|J| .

    For even :math:`L` the ground state lies in the even sector, so
    ``tfim_exact_energy(L, h, J)`` is the ground-state energy. ``L`` must be even.
    """
    L = _sites(L, even=True)
    h, J = v.real("h", h), v.real("J", J)
    if parity_sector not in (1, -1):
        raise ValueError(f"parity_sector must be +1 or -1, got {parity_sector!r}")
    k, eps_half = _jw_terms(L, h, J, parity_sector)
    energy = -np.sum(eps_half)
    return float(energy if parity_sector == 1 else energy - 2 * abs(J))


def tfim_exact_magnetisation(L, h, J=1.0):
    r"""Exact ground-state :math:`\langle\sigma^x\rangle` per site, by Hellmann–Feynman.

    Chapter 3. :math:`\langle \sum_i\sigma^x_i\rangle = -\partial E_0/\partial h`, and
    differentiating eq. ``jw-energy`` gives
    :math:`\langle\sigma^x\rangle = \frac1L\sum_k (h - J\cos k)/\sqrt{J^2 + h^2 - 2Jh\cos k}`
    over the even-sector momenta. ``L`` must be even; at :math:`h = J` every term is finite.
    """
    L = _sites(L, even=True)
    h, J = v.real("h", h), v.real("J", J)
    k, root = _jw_terms(L, h, J, 1)
    return float(np.sum((h - J * np.cos(k)) / root) / L)


def rayleigh_quotient(H, psi):
    r"""Variational energy :math:`E[\psi] = \langle\psi|H|\psi\rangle / \langle\psi|\psi\rangle`.

    Chapter 3, eq. ``rayleigh``. ``H`` is a square dense array, scipy sparse matrix
    or :class:`~scipy.sparse.linalg.LinearOperator`; ``psi`` a vector (real or
    complex, not necessarily normalised). By the variational principle the result
    is never below the ground-state energy of ``H``.
    """
    if not (hasattr(H, "shape") and hasattr(H, "__matmul__")) or len(H.shape) != 2 or H.shape[0] != H.shape[1]:
        raise TypeError(f"H must be a square matrix or LinearOperator, got {type(H).__name__} "
                        f"with shape {getattr(H, 'shape', None)}")
    try:
        psi = np.asarray(psi)
        psi = psi.astype(np.result_type(psi.dtype, float))
    except (TypeError, ValueError):
        raise TypeError(f"psi must be a vector of numbers, got {type(psi).__name__}") from None
    if psi.ndim != 1 or psi.shape[0] != H.shape[0]:
        raise ValueError(f"psi must be a vector of length {H.shape[0]} to match H, got shape {psi.shape}")
    if not np.all(np.isfinite(psi)):
        raise ValueError("psi must contain only finite numbers")
    norm = np.vdot(psi, psi).real
    if norm == 0:
        raise ValueError("psi must not be the zero vector (its Rayleigh quotient is undefined)")
    return float(np.vdot(psi, H @ psi).real / norm)


def _state(psi, L):
    L = _sites(L, maximum=MAX_ED_SITES)
    psi = v.finite_array("psi", psi, ndim=1) if not np.iscomplexobj(psi) else np.asarray(psi)
    if psi.shape[0] != 2**L:
        raise ValueError(f"psi must have length 2**L = {2**L}, got {psi.shape[0]}")
    prob = np.abs(psi) ** 2
    norm = prob.sum()
    if norm == 0:
        raise ValueError("psi must not be the zero vector")
    return L, psi, prob / norm, norm


def transverse_magnetisation(psi, L):
    r"""The transverse magnetisation of a state vector (chapter 3),
    :math:`\langle\sigma^x\rangle = \frac1L\sum_i\langle\psi|\sigma^x_i|\psi\rangle/\langle\psi|\psi\rangle`."""
    L, psi, _, norm = _state(psi, L)
    n = np.arange(2**L)
    total = sum(np.vdot(psi, psi[n ^ (1 << i)]).real for i in range(L))
    return float(total / (L * norm))


def zz_correlation(psi, L):
    r"""The correlation of a state vector (chapter 3),
    :math:`C(r) = \frac1L\sum_i\langle\sigma^z_i\sigma^z_{i+r}\rangle` for :math:`r = 0,\dots,\lfloor L/2\rfloor`."""
    L, psi, prob, _ = _state(psi, L)
    s = spin_configurations(L).astype(float)
    return np.array([np.sum(prob * np.mean(s * np.roll(s, -r, axis=1), axis=1)) for r in range(L // 2 + 1)])


def harmonic_pair_energy(g, width, *, antisymmetric=True, n_basis=60):
    r"""Exact ground-state energy of two particles in a harmonic trap with a Gaussian interaction.

    Chapter 3 (beyond spins). For

    .. math::

        H = \sum_{i=1,2}\Big(-\tfrac12\partial_{x_i}^2 + \tfrac12 x_i^2\Big) + g\,e^{-(x_1 - x_2)^2/2w^2}

    (:math:`\hbar = m = \omega = 1`, :math:`w` = ``width``) the centre of mass :math:`X = (x_1+x_2)/2`
    separates, with ground energy :math:`\tfrac12`. In :math:`r = x_1 - x_2 = \sqrt2\,y` the rest is
    :math:`-\tfrac12\partial_y^2 + \tfrac12 y^2 + g\,e^{-y^2/w^2}`, an oscillator plus a bump, which we
    diagonalise in the lowest ``n_basis`` oscillator states (matrix elements by Gauss–Hermite
    quadrature). Exchanging the particles is :math:`y \to -y`: fermions (``antisymmetric=True``) use the
    odd states, bosons the even ones. Without interaction the energies are 2 and 1. Returns a float.
    """
    g = v.real("g", g)
    width = v.positive_float("width", width)
    n_basis = v.count("n_basis", n_basis, minimum=2)
    y, w = np.polynomial.hermite.hermgauss(2 * n_basis + 20)
    u = np.empty((n_basis, len(y)))          # Hermite functions times exp(y^2/2), by their recurrence
    u[0] = np.pi**-0.25
    u[1] = np.sqrt(2.0) * y * u[0]
    for n in range(1, n_basis - 1):
        u[n + 1] = np.sqrt(2.0 / (n + 1)) * y * u[n] - np.sqrt(n / (n + 1)) * u[n - 1]
    keep = np.arange(1 if antisymmetric else 0, n_basis, 2)
    u = u[keep]
    H = np.diag(keep + 0.5) + (u * (w * g * np.exp(-(y**2) / width**2))) @ u.T
    return float(0.5 + np.linalg.eigvalsh(H)[0])
