"""Self-checks for the exercises of chapter 13 (quantum phases with neural quantum states)."""
from __future__ import annotations

import numpy as np

from . import Wrong, as_number, as_number_pair, call, grade_choice, reject_near, task


# ----------------------------------------------------------------- task 13.1
def _ratio_hint(nn, nnn):
    if nn == 1 and nnn == 1:
        return ("an exchange never changes the total number of up spins, but M counts only the up spins on odd "
                "sites. Sites i and i+1: one is odd, one even. Where does the up spin go?")
    if nn == -1 and nnn == -1:
        return ("right for neighbours. Sites i and i+2 are both odd or both even: does exchanging their spins "
                "change the number of up spins on the odd sites?")
    if nn == 1 and nnn == -1:
        return ("you have the two the wrong way round: which exchange moves an up spin between the odd and the "
                "even sublattice, the one across one site or across two?")
    return ("M(s) = (−1)^(number of up spins on odd sites) is ±1, so the ratio is +1 or −1. Count how that number "
            "changes when the two antiparallel spins are exchanged.")


@task("ch13-marshall-ratio", "Task 13.1, Marshall's sign across an exchange")
def _marshall_ratio(answer):
    nn, nnn = as_number_pair(answer, "ratio for neighbours", "ratio for next-nearest neighbours",
                             what="marshall_ratios", first_what="the ratio for nearest neighbours",
                             second_what="the ratio for next-nearest neighbours")
    if (nn, nnn) == (-1.0, 1.0):
        return ("An exchange across a J₁ bond moves an up spin from one sublattice to the other and flips M; across "
                "a J₂ bond it stays on its sublattice. So ψ = M·φ turns every J₁ matrix element +J/2 into −J/2 "
                "(no sign problem left at J₂ = 0), while the J₂ elements stay positive: frustration.")
    raise Wrong(_ratio_hint(nn, nnn))


# ----------------------------------------------------------------- task 13.2
#: (L, J2, seed) of the random RBM states on which task 13.2's local energies are compared, every
#: zero-magnetisation configuration of each
LOCAL_ENERGY_CASES = ((6, 0.0, 0), (8, 0.3, 1), (8, 0.8, 2))


def practice_log_amplitude(L, seed):
    """A random positive RBM amplitude φ(s) of ``L`` spins (α = 1) as ``log_phi(s)`` for one configuration
    ``s`` (NumPy): log φ(s) = a·s + Σ_j log 2cosh(b_j + Σ_i W_ij s_i)."""
    rng = np.random.default_rng(1300 + seed)
    a, b, W = 0.3 * rng.normal(size=L), 0.3 * rng.normal(size=L), 0.3 * rng.normal(size=(L, L))

    def log_phi(s):
        s = np.asarray(s, dtype=float)
        return float(a @ s + np.sum(np.log(2 * np.cosh(b + s @ W))))
    return log_phi


def _sector(L):
    n = np.arange(2**L)
    bits = (n[:, None] >> np.arange(L)[None, :]) & 1
    keep = bits.sum(axis=1) == L // 2
    return n[keep], (1 - 2 * bits[keep]).astype(np.int64)


def reference_local_energies(L, J2, seed):
    """E_loc(s) = (H ψ)(s)/ψ(s) for ψ = M φ on the sector, from the dense matrix of
    :func:`physml.quantum.heisenberg_hamiltonian` (J = 1): independent of any local-energy formula."""
    from ..quantum import heisenberg_hamiltonian

    log_phi = practice_log_amplitude(L, seed)
    idx, configs = _sector(L)
    psi = np.zeros(2**L)
    for n, s in zip(idx, configs):
        marshall = (-1) ** int(np.sum(s[1::2] == 1))
        psi[n] = marshall * np.exp(log_phi(s))
    return (heisenberg_hamiltonian(L, 1.0, J2) @ psi)[idx] / psi[idx]


def local_energy_variant(kind):
    """E_loc with a typical slip (for the hints and their tests); ``"right"`` is correct."""
    def f(log_phi, s, J2):
        s = np.asarray(s)
        L = len(s)
        energy = 0.0
        for d, coupling, ratio in ((1, 1.0, -1.0), (2, J2, 1.0)):
            if kind == "no-J2" and d == 2:
                continue
            if kind == "no-sign":
                ratio = 1.0
            if kind == "all-minus":
                ratio = -1.0
            for i in range(L if kind != "open" else L - d):
                j = (i + d) % L
                energy += coupling * s[i] * s[j] * (1.0 if kind == "pauli-diagonal" else 0.25)
                if s[i] != s[j]:
                    t = s.copy()
                    t[i], t[j] = s[j], s[i]
                    exponent = log_phi(s) - log_phi(t) if kind == "inverted" else log_phi(t) - log_phi(s)
                    energy += coupling * (1.0 if kind == "no-half" else 0.5) * ratio * np.exp(exponent)
        return energy
    return f


_LOCAL_HINTS = (
    ("no-sign", "your local energy is that of the positive amplitude φ alone. The state is ψ = M·φ: the ratio "
     "ψ(s')/ψ(s) carries the factor M(s')/M(s) of task 13.1."),
    ("all-minus", "the nearest-neighbour terms are right, the next-nearest ones have the wrong sign: an exchange "
     "across two sites keeps M (task 13.1)."),
    ("no-J2", "right at J₂ = 0, wrong when J₂ ≠ 0: the Hamiltonian also couples every spin to the one two sites "
     "away, with the same form J₂ S_i·S_(i+2)."),
    ("no-half", "your off-diagonal terms are twice too large. S_i·S_j = S^z_i S^z_j + (S⁺_i S⁻_j + S⁻_i S⁺_j)/2: "
     "what is the matrix element of the exchange part?"),
    ("pauli-diagonal", "your diagonal terms are four times too large: the spins are S = σ/2, so S^z_i S^z_j = "
     "s_i s_j/4."),
    ("inverted", "your amplitude ratio is upside down: E_loc(s) = Σ_s' H_ss' ψ(s')/ψ(s), the amplitude of the "
     "*new* configuration over that of the current one."),
    ("open", "your local energy misses the bonds that wrap around the ring. The chain is periodic: site L−1 is a "
     "neighbour of site 0 (and sites L−2, L−1 are next-nearest neighbours of 0, 1)."),
)


def _local_values(func):
    got, want = [], []
    for L, J2, seed in LOCAL_ENERGY_CASES:
        log_phi = practice_log_amplitude(L, seed)
        for s in _sector(L)[1]:
            value = call(func, log_phi, s.copy(), J2, what="my_local_energy")
            got.append(as_number(value, "my_local_energy(log_phi, s, J2)"))
        want.append(reference_local_energies(L, J2, seed))
    return np.array(got), np.concatenate(want)


def _variant_values(kind):
    f = local_energy_variant(kind)
    return np.array([f(practice_log_amplitude(L, seed), s, J2) for L, J2, seed in LOCAL_ENERGY_CASES
                     for s in _sector(L)[1]])


@task("ch13-local-energy", "Task 13.2, the local energy of the J₁–J₂ chain with Marshall's sign")
def _local_energy(my_local_energy):
    got, want = _local_values(my_local_energy)
    if np.allclose(got, want, rtol=1e-8, atol=1e-9):
        return ("Your E_loc equals (Hψ)(s)/ψ(s) from the dense matrix on every zero-magnetisation configuration of "
                "three random states (L = 6 and 8, J₂ = 0, 0.3, 0.8). It needs 2L amplitude ratios, not a 2^L "
                "matrix: that is why VMC scales.")
    for kind, hint in _LOCAL_HINTS:
        if np.allclose(got, _variant_values(kind), rtol=1e-8, atol=1e-9):
            raise Wrong(hint)
    raise Wrong("your local energy differs from (Hψ)(s)/ψ(s). For each bond (i, j): add J_ij s_i s_j/4, and if "
                "s_i ≠ s_j add J_ij/2 times M(s')/M(s) times φ(s')/φ(s), with s' the configuration with s_i and "
                "s_j exchanged.")


# ----------------------------------------------------------------- task 13.3
#: the exact ground-state energy per site of the L = 16 chain (J2 = 0), quoted in task 13.3
E0_PER_SITE_16 = -0.4463935


@task("ch13-positive-bound", "Task 13.3, the best energy of a positive wavefunction")
def _positive_bound(bound):
    value = as_number(bound, "positive_bound")
    if abs(value + 0.25) < 1e-6:
        return ("For ψ ≥ 0 every exchange term (J/2)ψ(s')ψ(s) is ≥ 0, so E/L ≥ the lowest diagonal energy, "
                "−1/4 per site (the Néel state). No positive RBM, however large, can do better: at L = 16 its relative "
                "error is at least (E₀/L + 1/4)/|E₀/L|, about 44 %. The next cell runs VMC both ways.")
    reject_near(value, (
        (E0_PER_SITE_16, 1.5e-3, "that is the exact ground-state energy, reached by a state *with* Marshall's signs. "
         "For ψ ≥ 0, what is the sign of each off-diagonal contribution (J/2)ψ(s')ψ(s) to ⟨ψ|H|ψ⟩?"),
        (0.25 - np.log(2), 1.5e-3, "that is Bethe's energy of the infinite chain, whose ground state has Marshall's "
         "signs. For ψ ≥ 0, what is the sign of each off-diagonal contribution to ⟨ψ|H|ψ⟩?"),
        (-0.75, 1e-3, "−3/4 is the energy of one singlet, (|↑↓⟩ − |↓↑⟩)/√2, which has a minus sign; a positive "
         "state cannot form it. Keep only the diagonal part: what is its lowest value per site?"),
        (-0.375, 1e-3, "−3/8 is the Majumdar–Ghosh dimer energy, a product of singlets, each with a sign. Keep only "
         "the diagonal part of H for a positive state: what is its lowest value per site?"),
        (-1.0, 1e-3, "you have used the Pauli matrices: S = σ/2, so each bond's diagonal energy is s_i s_j/4."),
        (0.25, 1e-3, "+1/4 per site is the ferromagnet, the highest diagonal energy. Which configuration makes "
         "Σ s_i s_(i+1)/4 lowest?"),
        (0.0, 1e-3, "the off-diagonal part is ≥ 0 for ψ ≥ 0, but the diagonal part can be negative: what is the "
         "lowest value of Σ_i s_i s_(i+1)/4 per site?"),
        (-0.5, 1e-3, "count again: what is the lowest diagonal energy s_i s_(i+1)/4 of one bond, and there are L "
         "bonds for L sites. Does a positive state gain anything from the exchange terms?"),
    ))
    raise Wrong("split ⟨ψ|H|ψ⟩ = Σ_s ψ(s)² H_ss + Σ_(s≠s') ψ(s) H_ss' ψ(s'). For ψ ≥ 0 and H_ss' = +J/2 ≥ 0, the "
                "second sum is ≥ 0; bound the first by the lowest diagonal element, per site.")


# ----------------------------------------------------------------- task 13.4
CORRELATION_OPTIONS = {
    "a": "ξ doubles: at the critical point the chain has no length scale of its own, so ξ is a fixed fraction of L",
    "b": "ξ stays the same: the correlation length is a bulk property of the phase and does not depend on L",
    "c": "ξ halves: in a longer chain the correlations are spread over more sites, so each decays faster",
    "d": "ξ grows by √2: it grows with L, but only as fast as a random walk",
}


@task("ch13-correlation-scaling", "Task 13.4, the correlation length at h = J")
def _correlation_scaling(prediction):
    return grade_choice(prediction, CORRELATION_OPTIONS, "a", what="your prediction", remark=(
        "At h = J the correlation C(r) decays as a power of r (r^(−1/4)), so the only length is L itself: "
        "ξ/L is nearly constant. In the paramagnet (h > J) ξ saturates at a value set by |h − J|; in the ordered "
        "phase (h < J) the second-moment ξ of a finite ring grows faster than L, because the order spans the whole "
        "ring. For VMC this means the "
        "ansatz must capture correlations across the whole chain at h = J, and the Metropolis chain decorrelates "
        "more slowly there."),
        hints={
        "b": "that holds away from the transition, where ξ is set by |h − J| and is shorter than L. At h = J that "
             "length diverges: what is left to set the scale of a finite chain?",
        "c": "look at C(r) of the exact states: does it fall faster in the longer chain at the same r?",
        "d": "there is no random walk here: ξ is a property of the ground state's correlation function. What "
             "length sets its scale when the bulk correlation length is infinite?",
    })


# ----------------------------------------------------------------- task 13.5
FRUSTRATION_OPTIONS = {
    "a": "the ground state's signs no longer follow Marshall's rule (its Marshall weight is far below 1), and a "
         "positive φ times M cannot carry the other signs, however many hidden units it has",
    "b": "the exchange sampler cannot reach the configurations of the frustrated ground state, because it only "
         "swaps antiparallel spins",
    "c": "frustration raises the ground-state energy, and VMC finds high energies harder than low ones",
    "d": "the RBM is too small: doubling α would bring the error back down to that at J₂ = 0",
}


@task("ch13-frustration", "Task 13.5, why the sign rule stops working")
def _frustration(answer):
    return grade_choice(answer, FRUSTRATION_OPTIONS, "a", what="your answer", remark=(
        "The J₂ exchange elements keep their positive sign after the Marshall rotation, so Perron–Frobenius no "
        "longer guarantees ψ₀ = M·|ψ₀|. Beyond the Majumdar–Ghosh point a sizeable part of |ψ₀|² has the other "
        "sign; the ansatz needs signs of its own (a complex or signed network)."),
        hints={
        "b": "exchanging an up and a down spin anywhere on the chain reaches every configuration of zero "
             "magnetisation, and Marshall's sign does not enter the acceptance at all. What does the ansatz "
             "assume about the signs?",
        "c": "the variational principle works the same for any energy. Compare the exact ground state's signs "
             "with M(s): what does the Marshall weight say?",
        "d": "more hidden units make φ more flexible, but φ = exp(log φ) is positive for every α. Can M·φ have a "
             "sign that differs from M?",
    })
