r"""Self-checks for capstone C, a neural quantum state for the frustrated J₁–J₂ chain (chapters 3 and 13).

The chain is :math:`H = J\sum_i \mathbf S_i\cdot\mathbf S_{i+1} + J_2\sum_i \mathbf S_i\cdot\mathbf S_{i+2}`,
periodic, :math:`\mathbf S = \boldsymbol\sigma/2`, :math:`J = 1`, in the basis of :mod:`physml.quantum`
(bit :math:`b_i` of the basis number, spin :math:`s_i = 1 - 2b_i`). Every reference below is computed
here, independently of the student's code: exact diagonalisation of
:func:`physml.quantum.heisenberg_hamiltonian` (Lanczos, a fixed random start vector), the sign pattern
of its ground state, :math:`(H\psi)(s)/\psi(s)` of a whole RBM state vector, and closed forms
(Bethe's :math:`\tfrac14 - \ln 2`, the conformal :math:`-\pi^2/12` of the finite-size correction).
"""
from __future__ import annotations

import jax
import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import eigsh

from .. import nqs
from .. import quantum as Q
from . import (
    Wrong,
    as_array,
    as_number,
    as_number_pair,
    call,
    grade_choice,
    reject_near,
    task,
)

#: Bethe's ground-state energy per site of the infinite chain, and the conformal 1/L² coefficient
BETHE = 0.25 - np.log(2.0)
FINITE_SIZE = -np.pi**2 / 12
#: the chain of the VMC milestone
VMC_L = 12


# --------------------------------------------------------------------------- #
# Independent references
# --------------------------------------------------------------------------- #
def _lowest(H):
    """Lowest eigenpair of a real symmetric sparse matrix; a fixed random start vector (no symmetry sector)."""
    v0 = np.random.default_rng(13).normal(size=H.shape[0])
    vals, vecs = eigsh(H, k=1, which="SA", v0=v0, tol=1e-12)
    return float(vals[0]), vecs[:, 0]


def _exact(L, J2):
    """Ground-state energy and vector of the periodic J₁–J₂ chain (J = 1), whole Hilbert space."""
    return _lowest(Q.heisenberg_hamiltonian(L, 1.0, J2))


def _variant_matrix(L, J2, *, diag=0.25, exchange=0.5, periodic=True):
    """The chain's matrix with other coefficients: ``diag`` s_i s_j per bond, ``exchange`` per spin swap
    (the typical mistakes: σ instead of S, a missing 1/2, an open chain)."""
    n = np.arange(2**L, dtype=np.int64)
    bits = (n[:, None] >> np.arange(L)[None, :]) & 1
    s = 1 - 2 * bits
    diagonal = np.zeros(2**L)
    rows, cols, vals = [n], [n], []
    for coupling, d in ((1.0, 1), (J2, 2)):
        for i in range(L if periodic else L - d):
            j = (i + d) % L
            diagonal += coupling * diag * s[:, i] * s[:, j]
            flip = bits[:, i] != bits[:, j]
            rows.append(n[flip])
            cols.append(n[flip] ^ ((1 << i) | (1 << j)))
            vals.append(np.full(int(flip.sum()), coupling * exchange))
    return sp.csr_matrix((np.concatenate([diagonal] + vals), (np.concatenate(rows), np.concatenate(cols))),
                         shape=(2**L, 2**L))


def marshall_reference(s):
    r"""Marshall's sign :math:`(-1)^{N_\uparrow^{\mathrm{odd}}}` (up spins on the odd sites) of configurations ``s``."""
    s = np.asarray(s)
    return (-1.0) ** np.sum(s[..., 1::2] > 0, axis=-1)


def _sector(L):
    """The configurations of zero magnetisation, shape (C(L, L/2), L)."""
    s = Q.spin_configurations(L).astype(float)
    return s[s.sum(axis=1) == 0]


def _nearest(value, grid):
    return min(grid, key=lambda x: abs(x - value))


# --------------------------------------------------------------------------- #
# Milestone 1: exact diagonalisation in the S^z = 0 sector
# --------------------------------------------------------------------------- #
SECTOR_POINTS = ((8, 0.0), (10, 0.3), (8, 0.5), (10, 0.5))


def _sector_mistakes(L, J2):
    """(value, hint) of the typical wrong energies per site at (L, J2), lazily."""
    e = _exact(L, J2)[0]
    yield 4 * e / L, ("your energies are four times too large in magnitude: did you use the Pauli matrices σ "
                      "instead of the spins S = σ/2? Then S·S = σ·σ/4: the diagonal is s_i s_j/4 and the "
                      "exchange element 1/2.")
    yield e, ("that is the total energy of the chain; the task asks for the energy per site (divide by L), "
              "the number that has a limit as L grows.")
    yield _lowest(_variant_matrix(L, J2, exchange=1.0))[0] / L, (
        "write S·S = SᶻSᶻ + (S⁺S⁻ + S⁻S⁺)/2: what matrix element does S⁺ᵢS⁻ⱼ have between |↓↑⟩ and |↑↓⟩, and "
        "what factor multiplies it? Your exchange elements are twice too large.")
    yield _lowest(_variant_matrix(L, J2, diag=1.0))[0] / L, (
        "your diagonal is four times too large: Sᶻᵢ Sᶻⱼ = sᵢ sⱼ / 4 for spins one-half.")
    if J2:
        yield _exact(L, 2 * J2)[0] / L, ("your next-nearest-neighbour term is twice too strong: does your sum "
                                          "count each bond (i, i+2) once, as the periodic sum over i says?")
        yield _lowest(_variant_matrix(L, J2, exchange=-0.5))[0] / L, (
            "right at J₂ = 0 but not beyond: the sign of your exchange element is flipped. On a bipartite "
            "chain with J₂ = 0 that sign is a gauge choice (Marshall's rotation of one sublattice), so J₂ = 0 "
            "cannot tell; the J₂ bonds join sites of the same sublattice, and there the sign matters.")
    yield _lowest(_variant_matrix(L, J2, periodic=False))[0] / L, (
        "is your chain open? The periodic chain has L bonds of each kind, (L−1, 0) and (L−2, 0), (L−1, 1) "
        "included.")
    yield -(1 + J2) / 4, ("that is minus the energy of the ferromagnetic state: check the overall sign; J > 0 "
                          "is antiferromagnetic and H = +J Σ S·S.")
    yield (1 + J2) / 4, (
        "that is the highest level, not the lowest: eigsh(..., which='SA') asks for the smallest algebraic "
        "eigenvalue; 'LM' gives the largest in magnitude.")


@task("capstone-quantum-magnet-sector-energy", "Milestone 1, the ground-state energy per site from the Sᶻ = 0 sector")
def _sector_energy(energy_per_site):
    for L, J2 in SECTOR_POINTS:
        got = as_number(call(energy_per_site, L, J2, what="sector_energy_per_site"),
                        what=f"sector_energy_per_site({L}, {J2})")
        ref = _exact(L, J2)[0] / L
        if abs(got - ref) <= 1e-8:
            continue
        for value, hint in _sector_mistakes(L, J2):
            if abs(got - value) <= 1e-7 * max(1.0, abs(value)):
                raise Wrong(f"at L = {L}, J₂ = {J2}: {hint}")
        if got < ref:
            raise Wrong(f"at L = {L}, J₂ = {J2} your energy is below the exact ground state of the whole space, "
                        "which is impossible for an eigenvalue of the same H: check every matrix element.")
        raise Wrong(f"at L = {L}, J₂ = {J2} your energy is not the ground-state energy per site. Is the ground "
                    "state in your sector (a singlet has Sᶻ = 0)? Test your matrix at L = 2 (one bond, counted "
                    "twice) and L = 4 against Q.heisenberg_hamiltonian(L, 1.0, J2).toarray().")
    return ("It matches Lanczos on the whole 2^L space at every (L, J₂) tried, with a matrix C(L, L/2) rows "
            "tall: at L = 16, 12 870 instead of 65 536.")


# --------------------------------------------------------------------------- #
# Milestone 1: the extrapolation to Bethe's energy
# --------------------------------------------------------------------------- #
@task("capstone-quantum-magnet-bethe-fit", "Milestone 1, the extrapolation e(L) = e∞ + b/L²")
def _bethe_fit(answer):
    e_inf, b = as_number_pair(answer, "e_inf", "b", first_what="e_inf (the first entry)",
                              second_what="b (the second entry)")
    e_ok = abs(e_inf - BETHE) <= 1e-3
    b_ok = abs(b / FINITE_SIZE - 1) <= 0.12
    if e_ok and b_ok:
        return ("Bethe's 1/4 − ln 2 for the infinite chain, to about 1e-4 from chains of 16 spins at most; "
                "b is the conformal −πv/6 with the spinon velocity v = πJ/2, up to a few per cent "
                "from logarithmic corrections.")
    reject_near(e_inf, [
        (4 * BETHE, 4e-3, "your energies are four times too large: are they in units of σ·σ rather than S·S "
                          "with S = σ/2?"),
        (-BETHE, 2e-3, "check the sign: an antiferromagnetic ground state lies below zero energy per bond."),
        (BETHE * 16, 0.1, "fit the energy per site, not the total energy of each chain."),
    ])
    if not e_ok:
        if abs(b) < 1e-9:
            raise Wrong("b = 0 means no finite-size correction: the energy at your largest L is not the limit. "
                        "Fit a + b/L² to several L.")
        if -0.452 < e_inf < -0.444:
            raise Wrong("your e∞ is as far from the limit as the finite chains themselves: did you fit in 1/L² "
                        "(the conformal correction) rather than take the largest chain, or fit in 1/L?")
        if -0.443 < e_inf < -0.43:
            raise Wrong("your extrapolation overshoots: a fit in 1/L instead of 1/L² bends too far. Plot e(L) "
                        "against 1/L²: is it a straight line?")
        raise Wrong("fit e(L) = e∞ + b/L² by least squares to the energies per site at L = 8, 10, …, 16 "
                    "(np.polyfit(1 / L**2, e, 1) returns (b, e∞)). Are your energies per site and in units "
                    "of S = σ/2?")
    raise Wrong("your e∞ is good, but b is off by more than logarithmic corrections allow: is b the slope in "
                "1/L² (not 1/L), of the energy per site (not the total)?")


# --------------------------------------------------------------------------- #
# Milestone 2: Marshall's sign rule
# --------------------------------------------------------------------------- #
MARSHALL_L = 10


@task("capstone-quantum-magnet-marshall-sign", "Milestone 2, Marshall's sign rule")
def _marshall_sign(marshall_sign):
    s = _sector(MARSHALL_L)
    got = as_array(call(marshall_sign, s.copy(), what="marshall_sign"), what="marshall_sign(s)")
    if got.shape != (len(s),):
        raise Wrong(f"return one sign per configuration: shape {(len(s),)} for s of shape {s.shape}, "
                    f"got {got.shape}.")
    if not np.all(np.isin(got, (-1.0, 1.0))):
        if np.all(np.isin(got, (0.0, 1.0))):
            raise Wrong("return signs ±1, not 0/1 or True/False: the rule multiplies the amplitude by (−1)^n.")
        raise Wrong("every entry should be +1 or −1, a sign.")
    psi = _exact(MARSHALL_L, 0.0)[1][Q.configuration_index(s.astype(int))]
    agree = np.sign(psi) * got
    if abs(agree.mean()) > 1 - 1e-12:
        return ("Multiplied by your sign, every amplitude of the exact ground state at J₂ = 0 has the same "
                "sign: in this basis the ground state is positive, and a positive ansatz can represent it.")
    if np.ptp(got) == 0:
        raise Wrong("your sign is the same for every configuration with Sᶻ = 0, so it changes nothing. "
                    "Marshall counts the up spins on one sublattice only (every other site).")
    half = (-1.0) ** np.sum(s[:, : MARSHALL_L // 2] > 0, axis=1)
    if abs((half * got).mean()) > 1 - 1e-12:
        raise Wrong("the two sublattices of the chain alternate, site by site: a nearest-neighbour bond always "
                    "joins one site of each. Which sites did you count?")
    raise Wrong("an exchange of two antiparallel neighbours must flip your sign (it moves one up spin from one "
                "sublattice to the other). Test that on a few configurations, then compare "
                "np.sign(psi0) * marshall_sign(s) over the Sᶻ = 0 sector for the exact ground state psi0.")


# --------------------------------------------------------------------------- #
# Milestone 2: the local energy of the J1-J2 chain
# --------------------------------------------------------------------------- #
LOCAL_L, LOCAL_J2 = 8, 0.4


def _local_setup():
    params = nqs.rbm_init(LOCAL_L, 1, key=jax.random.key(7), scale=0.35)
    s = _sector(LOCAL_L)
    return params, s


def local_energy_reference(params, s, J2, sign_rule):
    r"""(Hψ)(s)/ψ(s) from the whole state vector ψ(s) = M(s)^{sign_rule} exp(log ψ_RBM(s)), by matrix product."""
    L = np.shape(s)[1]
    every = Q.spin_configurations(L).astype(float)
    psi = np.exp(np.asarray(nqs.rbm_log_amplitude(params, every)))
    if sign_rule:
        psi = psi * marshall_reference(every)
    index = Q.configuration_index(np.asarray(s).astype(int))
    return (Q.heisenberg_hamiltonian(L, 1.0, J2) @ psi)[index] / psi[index]


def local_energy_parts(params, s, J2, sign_rule, *, periodic=True, inverted=False):
    """The four parts of the local energy (J1 diagonal, J2 diagonal, J1 exchange, J2 exchange) bond by bond,
    with the typical variants: an open chain, the ratio upside down."""
    s = np.asarray(s, dtype=float)
    L = s.shape[1]
    lp = np.asarray(nqs.rbm_log_amplitude(params, s))
    parts = []
    for d in (1, 2):
        diag, exch = np.zeros(len(s)), np.zeros(len(s))
        for i in range(L if periodic else L - d):
            j = (i + d) % L
            diag += s[:, i] * s[:, j] / 4
            swapped = s.copy()
            swapped[:, [i, j]] = s[:, [j, i]]
            ratio = np.exp((lp - np.asarray(nqs.rbm_log_amplitude(params, swapped))) * (1 if inverted else -1))
            if sign_rule and d == 1:
                ratio = -ratio
            exch += np.where(s[:, i] != s[:, j], 0.5 * ratio, 0.0)
        parts.append((diag, exch))
    (d1, x1), (d2, x2) = parts
    return d1, J2 * d2, x1, J2 * x2


def _local_mistakes(params, s, J2, sign_rule):
    d1, d2, x1, x2 = local_energy_parts(params, s, J2, sign_rule)
    yield 4 * (d1 + d2) + x1 + x2, ("your diagonal is four times too large: Sᶻᵢ Sᶻⱼ = sᵢ sⱼ / 4 for spins "
                                    "one-half, with sᵢ = ±1.")
    yield 4 * (d1 + d2 + x1 + x2), ("your local energy is four times too large: σ·σ instead of S·S with "
                                    "S = σ/2?")
    yield d1 + d2 + 2 * (x1 + x2), ("your exchange part is twice too large: S·S = SᶻSᶻ + (S⁺S⁻ + S⁻S⁺)/2, so "
                                    "a swap of two antiparallel spins carries the factor 1/2.")
    yield d1 + 2 * d2 + x1 + 2 * x2, ("your J₂ part is twice too large: does your sum count each bond (i, i+2) "
                                      "once?")
    yield d1 + d2 + x1, "the J₂ exchange is missing: the bonds (i, i+2) swap spins too."
    yield d1 + d2 + x1 - x2, ("the J₂ swaps should keep Marshall's sign: sites i and i+2 belong to the same "
                              "sublattice, so swapping them does not change the number of up spins on it.")
    if sign_rule:
        yield d1 + d2 - x1 + x2, ("with the sign rule, ψ(s')/ψ(s) for a nearest-neighbour swap carries the "
                                  "ratio of the Marshall signs: what is M(s')/M(s) when one up spin moves to "
                                  "the other sublattice?")
        yield d1 + d2 - x1 - x2, ("the sign of the nearest-neighbour swaps is right, but the J₂ swaps should keep "
                                  "Marshall's sign: sites i and i+2 belong to the same sublattice.")
    yield d1 + d2, "the exchange part is missing: S⁺ᵢS⁻ⱼ + S⁻ᵢS⁺ⱼ swaps antiparallel spins and adds ψ(s')/ψ(s)."
    yield x1 + x2, "the diagonal part Σ sᵢ sⱼ / 4 (over both kinds of bonds) is missing."
    di, _, xi1, xi2 = local_energy_parts(params, s, J2, sign_rule, inverted=True)
    yield d1 + d2 + xi1 + xi2, ("the ratio is upside down: in ⟨s|H|ψ⟩/⟨s|ψ⟩, which amplitude is in the "
                                "denominator?")
    o1, o2, y1, y2 = local_energy_parts(params, s, J2, sign_rule, periodic=False)
    yield o1 + o2 + y1 + y2, "is your chain open? The periodic chain has L bonds of each kind."


@task("capstone-quantum-magnet-local-energy", "Milestone 2, the local energy of the J₁–J₂ chain")
def _local_energy(my_local_energy):
    params, s = _local_setup()
    for sign_rule in (True, False):
        ref = local_energy_reference(params, s, LOCAL_J2, sign_rule)
        got = as_array(call(my_local_energy, params, s.copy(), LOCAL_J2, sign_rule, what="my_local_energy"),
                       what="my_local_energy(params, s, J2, sign_rule)")
        if got.shape != ref.shape:
            raise Wrong(f"return one local energy per configuration: shape {ref.shape} for s of shape {s.shape}, "
                        f"got {got.shape}.")
        if np.allclose(got, ref, rtol=1e-8, atol=1e-9):
            continue
        where = f"with sign_rule={sign_rule}: "
        for value, hint in _local_mistakes(params, s, LOCAL_J2, sign_rule):
            if np.allclose(got, value, rtol=1e-8, atol=1e-9):
                raise Wrong(where + hint)
        raise Wrong(where + "take the terms of H one at a time on a chain of four spins: the diagonal Σ sᵢsⱼ/4 "
                    "over both kinds of bonds, and for each antiparallel pair the swap with its factor 1/2 "
                    "and its amplitude ratio (with the Marshall sign if sign_rule).")
    return ("It equals (Hψ)(s)/ψ(s) computed from the whole state vector, with and without the sign rule. "
            "With it, every nearest-neighbour swap enters with a minus sign, every J₂ swap with a plus.")


# --------------------------------------------------------------------------- #
# Milestone 2: the VMC energy at J2 = 0
# --------------------------------------------------------------------------- #
@task("capstone-quantum-magnet-vmc", "Milestone 2, VMC with the sign rule at J₂ = 0")
def _vmc(energy):
    energy = as_number(energy, "your VMC energy")
    e0 = _exact(VMC_L, 0.0)[0]
    rel = (energy - e0) / abs(e0)
    if abs(energy - e0 / VMC_L) < 0.02:
        raise Wrong(f"that looks like an energy per site: report the total energy of the chain of {VMC_L} spins.")
    if abs(energy / 4 - e0) <= 2e-3 * abs(e0):
        raise Wrong("your energy is four times too large: σ·σ instead of S·S with S = σ/2?")
    if rel < -5e-4:
        raise Wrong("that is below the exact ground-state energy by more than the sampling noise allows: is it the "
                    f"chain with L = {VMC_L}, J₂ = 0, and an average over fresh samples?")
    if rel > 1.5e-3:
        raise Wrong("not converged yet (relative error above 1.5e-3): is the local-energy variance still falling "
                    "at the end? Did you build in the sign rule, and average the last iterations or fresh samples?")
    return ("Within 1.5e-3 of exact diagonalisation. The variance of the local energy told you the same without "
            "the exact answer: it vanishes for an eigenstate.")


# --------------------------------------------------------------------------- #
# Milestone 3: the Marshall weight of a state
# --------------------------------------------------------------------------- #
WEIGHT_L = 10


def marshall_weight_reference(psi, L):
    r"""The largest weight :math:`\sum_s |\psi(s)|^2\,[\,g\,\psi(s)M(s) > 0\,]/\sum_s|\psi(s)|^2` over the
    global sign :math:`g = \pm1`."""
    psi = np.asarray(psi, dtype=float)
    p = psi**2 / np.sum(psi**2)
    agree = np.sum(p[psi * marshall_reference(Q.spin_configurations(L)) > 0])
    return float(max(agree, np.sum(p) - agree - np.sum(p[psi == 0])))


def _weight_states():
    rng = np.random.default_rng(31)
    _, gs0 = _exact(WEIGHT_L, 0.0)
    _, gs8 = _exact(WEIGHT_L, 0.8)
    mixed = gs0 * np.where(rng.random(2**WEIGHT_L) < 0.2, -1.0, 1.0)   # some signs flipped
    return [-3.0 * gs0, 2.0 * gs8, mixed, rng.normal(size=2**WEIGHT_L)]


@task("capstone-quantum-magnet-marshall-weight", "Milestone 3, the Marshall weight of a state")
def _marshall_weight(marshall_weight):
    states = _weight_states()
    refs = np.array([marshall_weight_reference(psi, WEIGHT_L) for psi in states])
    got = []
    for psi in states:
        value = as_number(call(marshall_weight, psi.copy(), WEIGHT_L, what="marshall_weight"),
                          what="marshall_weight(psi, L)")
        got.append(value)
    got = np.array(got)
    if np.allclose(got, refs, atol=1e-9):
        return ("The exact ground state at J₂ = 0 has weight one whatever its global sign and normalisation; at "
                "J₂ = 0.8 far less: Marshall's rule no longer describes its signs.")
    if np.any(got > 1 + 1e-9) or np.any(got < -1e-9):
        raise Wrong("a weight is a fraction of the probability, between 0 and 1: divide by Σ|ψ|².")
    M = marshall_reference(Q.spin_configurations(WEIGHT_L))
    plain = [np.sum((psi**2 / np.sum(psi**2))[psi * M > 0]) for psi in states]
    if np.allclose(got, plain, atol=1e-9):
        raise Wrong("the overall sign of a state is not physical: −ψ must have the same weight as ψ. Take the "
                    "better of the two global signs.")
    signed = [abs(np.sum(psi**2 * np.sign(psi) * M)) / np.sum(psi**2) for psi in states]
    if np.allclose(got, signed, atol=1e-9):
        raise Wrong("that is the average sign ⟨sign ψ · M⟩ (one minus twice the disagreeing weight), not the "
                    "weight of the agreeing configurations.")
    counted = [max(np.mean(psi * M > 0), np.mean(psi * M < 0)) for psi in states]
    if np.allclose(got, counted, atol=1e-9):
        raise Wrong("weigh each configuration by its probability |ψ(s)|²/Σ|ψ|², rather than counting "
                    "configurations.")
    raise Wrong("sum |ψ(s)|² over the configurations where ψ(s) has Marshall's sign (up to one global sign), "
                "divide by Σ|ψ|², and test it on the exact ground state at J₂ = 0, where it must be one.")


FRUSTRATION_OPTIONS = {
    "a": "the error with the sign rule grows from J₂ = 0 on because the rule is already wrong for small J₂ > 0",
    "b": "with the sign rule the error stays below a per cent up to about J₂ = 0.5, where the exact signs are "
         "still (almost) Marshall's, and grows fast beyond, where they are not",
    "c": "the sign rule makes no difference: the RBM learns the signs by itself",
    "d": "the error is largest exactly at J₂ = 0.5, where the chain is most frustrated",
}


@task("capstone-quantum-magnet-frustration", "Milestone 3, where the sign rule stops working")
def _frustration(answer):
    return grade_choice(answer, FRUSTRATION_OPTIONS, "b", remark=(
        "Up to the Majumdar–Ghosh point the exact ground state keeps Marshall's signs on all but a tiny weight "
        "(exactly at J₂ = 0.5 the dimer states have them), so a positive RBM times the rule stays within a per "
        "cent (its error still grows as the magnitudes get harder); beyond, the signs follow incommensurate "
        "correlations, the Marshall weight falls, and no positive amplitude can follow them: the error jumps, "
        "while the local-energy variance stays small and does not warn you."), hints={
        "a": "read the Marshall weight of the exact ground state against J₂: is the rule already wrong at "
             "J₂ = 0.3? And what does the relative error with the rule do there?",
        "c": "compare the runs with and without the rule at J₂ = 0: a real, positive RBM cannot change sign. "
             "What does that do to the energy?",
        "d": "the Majumdar–Ghosh state at J₂ = 0.5 is a product of singlets, and each singlet has Marshall's "
             "sign: read the weight and the error there, then at J₂ = 0.7.",
    })


# --------------------------------------------------------------------------- #
# Milestone 4: the spin-spin correlation
# --------------------------------------------------------------------------- #
CORRELATION_L = 10


def _correlation_states():
    rng = np.random.default_rng(41)
    return [_exact(CORRELATION_L, 0.3)[1], 2.0 * rng.normal(size=2**CORRELATION_L)]


@task("capstone-quantum-magnet-correlation", "Milestone 4, the correlation ⟨Sᶻ₀ Sᶻᵣ⟩")
def _correlation(szsz_correlation):
    L = CORRELATION_L
    for psi in _correlation_states():
        ref = Q.zz_correlation(psi, L) / 4
        got = as_array(call(szsz_correlation, psi.copy(), L, what="szsz_correlation"),
                       what="szsz_correlation(psi, L)")
        if got.shape != ref.shape:
            raise Wrong(f"return C(r) for r = 0, 1, …, L/2: shape {ref.shape} for L = {L}, got {got.shape}.")
        if np.allclose(got, ref, atol=1e-10):
            continue
        if np.allclose(got, 4 * ref, atol=1e-10):
            raise Wrong("your correlation is four times too large: Sᶻ = σᶻ/2, so C(0) is 1/4 for spins one-half.")
        norm = np.sum(np.abs(psi) ** 2)
        if np.allclose(got, ref * norm, atol=1e-9):
            raise Wrong("divide by ⟨ψ|ψ⟩: the state you were given need not be normalised.")
        s = Q.spin_configurations(L).astype(float)
        p = np.abs(psi) ** 2 / norm
        site0 = np.array([np.sum(p * s[:, 0] * s[:, r]) / 4 for r in range(L // 2 + 1)])
        if np.allclose(got, site0, atol=1e-10):
            raise Wrong("average over the starting site i: C(r) = (1/L) Σᵢ ⟨Sᶻᵢ Sᶻᵢ₊ᵣ⟩. A state that is not "
                        "translation invariant differs from site to site.")
        linear = np.array([np.sum(psi / np.sqrt(norm) * np.mean(s * np.roll(s, -r, axis=1), axis=1)) / 4
                           for r in range(L // 2 + 1)])
        if np.allclose(got, linear, atol=1e-10):
            raise Wrong("an expectation value weighs each configuration by the probability |ψ(s)|², not by ψ(s).")
        raise Wrong("C(r) = (1/L) Σᵢ Σ_s |ψ(s)|² sᵢ sᵢ₊ᵣ / 4 / Σ|ψ|², periodic in i: test it on a product state "
                    "such as all spins up, where C(r) = 1/4 for every r.")
    return ("It matches on the exact ground state and on a random state. At J₂ = 0 the correlation alternates "
            "in sign and decays as a power of r; at J₂ = 0.5 it vanishes beyond r = 1, but the bonds dimerise.")

