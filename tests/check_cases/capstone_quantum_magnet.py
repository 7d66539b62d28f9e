"""Exercise-check cases of physml.checks.capstone_quantum_magnet (capstone C, the J₁–J₂ chain): the reference
answer of each milestone, typical wrong answers with a phrase their hint must contain, and what the messages
must never reveal."""
import jax.numpy as jnp
import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import eigsh

from physml import nqs
from physml import quantum as Q
from physml.checks import capstone_quantum_magnet as C


# ----------------------------------------------------------------- milestone 1
def sector_energy(L, J2, *, exchange=0.5, diag=0.25, periodic=True, total=False, j2_factor=1.0):
    """The ground-state energy per site from the S^z = 0 sector (a student's solution, and its typical slips)."""
    states = np.array([n for n in range(2**L) if bin(n).count("1") == L // 2])
    lookup = np.full(2**L, -1)
    lookup[states] = np.arange(len(states))
    bits = (states[:, None] >> np.arange(L)) & 1
    s = 1 - 2 * bits
    diagonal, rows, cols, vals = np.zeros(len(states)), [], [], []
    for coupling, d in ((1.0, 1), (j2_factor * J2, 2)):
        for i in range(L if periodic else L - d):
            j = (i + d) % L
            diagonal += coupling * diag * s[:, i] * s[:, j]
            flip = np.flatnonzero(bits[:, i] != bits[:, j])
            rows.append(flip)
            cols.append(lookup[states[flip] ^ ((1 << i) | (1 << j))])
            vals.append(np.full(len(flip), coupling * exchange))
    H = sp.diags(diagonal) + sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                                           shape=(len(states),) * 2)
    e = eigsh(H, k=1, which="SA", v0=np.random.default_rng(0).normal(size=len(states)))[0][0]
    return e if total else e / L


def sector_variant(**kw):
    return lambda L, J2: sector_energy(L, J2, **kw)


# ----------------------------------------------------------------- milestone 1, the fit
E_PER_SITE = {L: sector_energy(L, 0.0) for L in (8, 10, 12, 14)}
_L = np.array(sorted(E_PER_SITE), dtype=float)
B_FIT, E_FIT = np.polyfit(1 / _L**2, [E_PER_SITE[L] for L in sorted(E_PER_SITE)], 1)
B_LINEAR, E_LINEAR = np.polyfit(1 / _L, [E_PER_SITE[L] for L in sorted(E_PER_SITE)], 1)


# ----------------------------------------------------------------- milestone 2
def marshall_sign(s):
    return (-1.0) ** np.sum(np.asarray(s)[:, 1::2] > 0, axis=1)


def marshall_sign_even_sites_down(s):       # the other sublattice, down spins: the same rule up to a global sign
    return (-1.0) ** np.sum(np.asarray(s)[:, 0::2] < 0, axis=1)


def local_energy(params, s, J2, sign_rule):
    s = jnp.asarray(s)
    L = s.shape[1]
    lp = nqs.rbm_log_amplitude(params, s)
    e = jnp.zeros(s.shape[0])
    for coupling, d, sign in ((1.0, 1, -1.0 if sign_rule else 1.0), (J2, 2, 1.0)):
        for i in range(L):
            j = (i + d) % L
            e = e + coupling * s[:, i] * s[:, j] / 4
            swapped = s.at[:, i].set(s[:, j]).at[:, j].set(s[:, i])
            ratio = sign * jnp.exp(nqs.rbm_log_amplitude(params, swapped) - lp)
            e = e + coupling * jnp.where(s[:, i] != s[:, j], 0.5 * ratio, 0.0)
    return e


def local_variant(kind):
    def f(params, s, J2, sign_rule):
        d1, d2, x1, x2 = C.local_energy_parts(params, s, J2, sign_rule)
        return {"sigma-diagonal": 4 * (d1 + d2) + x1 + x2,
                "sigma": 4 * (d1 + d2 + x1 + x2),
                "no-half": d1 + d2 + 2 * (x1 + x2),
                "j2-twice": d1 + 2 * d2 + x1 + 2 * x2,
                "sign-ignored": d1 + d2 + (-x1 if sign_rule else x1) + x2,
                "sign-on-j2": d1 + d2 + x1 - x2,
                "no-exchange": d1 + d2,
                "one-value": (d1 + d2)[:1]}[kind]
    return f


def inverted_local_energy(params, s, J2, sign_rule):
    d1, d2, x1, x2 = C.local_energy_parts(params, s, J2, sign_rule, inverted=True)
    return d1 + d2 + x1 + x2


def open_local_energy(params, s, J2, sign_rule):
    return sum(C.local_energy_parts(params, s, J2, sign_rule, periodic=False))


E0_VMC = C._exact(C.VMC_L, 0.0)[0]


# ----------------------------------------------------------------- milestone 3
def marshall_weight(psi, L):
    psi = np.asarray(psi)
    p = psi**2 / np.sum(psi**2)
    agree = np.sum(p[psi * marshall_sign(Q.spin_configurations(L)) > 0])
    disagree = np.sum(p[psi * marshall_sign(Q.spin_configurations(L)) < 0])
    return max(agree, disagree)


def weight_without_global_sign(psi, L):
    psi = np.asarray(psi)
    return np.sum((psi**2 / np.sum(psi**2))[psi * marshall_sign(Q.spin_configurations(L)) > 0])


def average_sign(psi, L):
    psi = np.asarray(psi)
    return abs(np.sum(psi**2 * np.sign(psi) * marshall_sign(Q.spin_configurations(L)))) / np.sum(psi**2)


def unnormalised_weight(psi, L):
    return marshall_weight(psi, L) * np.sum(np.asarray(psi) ** 2)


def counted_weight(psi, L):
    agree = np.asarray(psi) * marshall_sign(Q.spin_configurations(L))
    return max(np.mean(agree > 0), np.mean(agree < 0))


# ----------------------------------------------------------------- milestone 4
def szsz_correlation(psi, L):
    p = np.abs(psi) ** 2 / np.sum(np.abs(psi) ** 2)
    s = Q.spin_configurations(L).astype(float) / 2
    return np.array([p @ np.mean(s * np.roll(s, -r, axis=1), axis=1) for r in range(L // 2 + 1)])


def correlation_variant(kind):
    def f(psi, L):
        psi = np.asarray(psi)
        p = psi**2 / np.sum(psi**2)
        s = Q.spin_configurations(L).astype(float)
        return {"sigma": np.array([p @ np.mean(s * np.roll(s, -r, axis=1), axis=1) for r in range(L // 2 + 1)]),
                "site-0": np.array([p @ (s[:, 0] * s[:, r]) / 4 for r in range(L // 2 + 1)]),
                "unnormalised": szsz_correlation(psi, L) * np.sum(psi**2),
                "all-r": np.array([p @ np.mean(s * np.roll(s, -r, axis=1), axis=1) / 4 for r in range(L)]),
                "amplitude": np.array([psi / np.sqrt(np.sum(psi**2)) @ np.mean(s * np.roll(s, -r, axis=1), axis=1) / 4
                                       for r in range(L // 2 + 1)])}[kind]
    return f


REFERENCE = {
    "capstone-quantum-magnet-sector-energy": sector_energy,
    "capstone-quantum-magnet-bethe-fit": (E_FIT, B_FIT),
    "capstone-quantum-magnet-marshall-sign": marshall_sign,
    "capstone-quantum-magnet-local-energy": local_energy,
    "capstone-quantum-magnet-vmc": E0_VMC * (1 - 6e-4),
    "capstone-quantum-magnet-marshall-weight": marshall_weight,
    "capstone-quantum-magnet-frustration": "b",
    "capstone-quantum-magnet-correlation": szsz_correlation,
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "capstone-quantum-magnet-sector-energy": [
        (lambda L, J2: 4 * sector_energy(L, J2), "Pauli matrices"),
        (sector_variant(total=True), "energy per site"),
        (sector_variant(exchange=1.0), "twice too large"),
        (sector_variant(diag=1.0), "diagonal is four times"),
        (sector_variant(j2_factor=2.0), "count each bond"),
        (sector_variant(exchange=-0.5), "gauge choice"),
        (sector_variant(periodic=False), "open"),
        (lambda L, J2: -(1 + J2) / 4, "overall sign"),
        (lambda L, J2: (1 + J2) / 4, "highest level"),
        (lambda L, J2: sector_energy(L, J2) + 0.01, "not the ground-state energy"),
        (lambda L, J2: sector_energy(L, J2) - 0.01, "below the exact"),
    ],
    "capstone-quantum-magnet-bethe-fit": [
        ((4 * E_FIT, 4 * B_FIT), "four times"),
        ((-E_FIT, -B_FIT), "sign"),
        ((16 * E_FIT, B_FIT), "energy per site"),
        ((sector_energy(14, 0.0), 0.0), "b = 0"),
        ((E_LINEAR, B_LINEAR), "1/L instead of 1/L²"),
        ((sector_energy(14, 0.0), -0.5), "as far from the limit"),
        ((E_FIT, 0.25 * B_FIT), "b is off"),
        ((-0.6, -0.8), "least squares"),
    ],
    "capstone-quantum-magnet-marshall-sign": [
        (lambda s: np.ones(len(s)), "the same for every configuration"),
        (lambda s: (-1.0) ** np.sum(np.asarray(s) > 0, axis=1), "the same for every configuration"),
        (lambda s: (-1.0) ** np.sum(np.asarray(s)[:, :5] > 0, axis=1), "alternate"),
        (lambda s: np.sum(np.asarray(s)[:, 1::2] > 0, axis=1) % 2, "not 0/1"),
        (lambda s: (-1.0) ** np.sum(np.asarray(s)[:, 0::3] > 0, axis=1), "antiparallel neighbours"),
        (lambda s: marshall_sign(s)[:1], "one sign per configuration"),
        (lambda s: 2 * marshall_sign(s), "+1 or −1"),
    ],
    "capstone-quantum-magnet-local-energy": [
        (local_variant("sigma-diagonal"), "diagonal is four times"),
        (local_variant("sigma"), "σ·σ"),
        (local_variant("no-half"), "factor 1/2"),
        (local_variant("j2-twice"), "J₂ part is twice"),
        (local_variant("sign-ignored"), "ratio of the Marshall signs"),
        (local_variant("sign-on-j2"), "same sublattice"),
        (local_variant("no-exchange"), "exchange part is missing"),
        (inverted_local_energy, "upside down"),
        (open_local_energy, "open"),
        (local_variant("one-value"), "one local energy per configuration"),
        (lambda params, s, J2, sign_rule: local_energy(params, s, J2, sign_rule) + 0.1, "one at a time"),
    ],
    "capstone-quantum-magnet-vmc": [
        (E0_VMC * 0.99, "not converged"),
        (E0_VMC - 0.05, "below"),
        (E0_VMC / C.VMC_L, "per site"),
        (4 * E0_VMC, "four times"),
        (E0_VMC * 0.97, "not converged"),
    ],
    "capstone-quantum-magnet-marshall-weight": [
        (weight_without_global_sign, "global signs"),
        (average_sign, "average sign"),
        (unnormalised_weight, "between 0 and 1"),
        (counted_weight, "counting configurations"),
        (lambda psi, L: 1.0, "sum |ψ(s)|²"),
    ],
    "capstone-quantum-magnet-frustration": [("a", "J₂ = 0.3"), ("(C)", "with and without the rule"),
                                            ("d", "product of singlets")],
    "capstone-quantum-magnet-correlation": [
        (correlation_variant("sigma"), "four times"),
        (correlation_variant("site-0"), "average over the starting site"),
        (correlation_variant("unnormalised"), "⟨ψ|ψ⟩"),
        (correlation_variant("all-r"), "r = 0, 1, …, L/2"),
        (correlation_variant("amplitude"), "|ψ(s)|²"),
        (lambda psi, L: szsz_correlation(psi, L) + 0.01, "product state"),
    ],
}

# the phrase a wrong *type* of answer must get (default: "should be a function/number")
TYPE_PHRASE = {"capstone-quantum-magnet-bethe-fit": "should be a pair (e_inf, b)",
               "capstone-quantum-magnet-frustration": "it should be one of"}

# (task, text that no message may contain)
SECRETS = [("capstone-quantum-magnet-bethe-fit", "0.443"), ("capstone-quantum-magnet-bethe-fit", "0.82"),
           ("capstone-quantum-magnet-bethe-fit", "ln 2"), ("capstone-quantum-magnet-vmc", "5.38"),
           ("capstone-quantum-magnet-sector-energy", "0.4"), ("capstone-quantum-magnet-frustration", "(b)")]
