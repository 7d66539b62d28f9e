"""Exercise-check cases of physml.checks.quantum_phases: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import numpy as np

from physml.checks.quantum_phases import local_energy_variant


def ref_local_energy(log_phi, s, J2):
    """E_loc of psi = M phi on the periodic J1-J2 chain, written independently of the checks' variants:
    the exchanged configuration by fancy indexing, the Marshall signs counted directly."""
    s = np.asarray(s)
    L = len(s)

    def marshall(t):
        return (-1) ** int(np.sum(t[1::2] == 1))

    energy = 0.0
    for d, coupling in ((1, 1.0), (2, J2)):
        for i in range(L):
            j = (i + d) % L
            energy += coupling * s[i] * s[j] / 4
            if s[i] != s[j]:
                order = np.arange(L)
                order[[i, j]] = order[[j, i]]
                t = s[order]
                energy += coupling / 2 * marshall(t) * marshall(s) * np.exp(log_phi(t) - log_phi(s))
    return energy


REFERENCE = {
    "ch13-marshall-ratio": (-1, 1),
    "ch13-local-energy": ref_local_energy,
    "ch13-positive-bound": -0.25,
    "ch13-correlation-scaling": "a",
    "ch13-frustration": "a",
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch13-marshall-ratio": [((1, 1), "Where does the up spin go"), ((-1, -1), "both odd or both even"),
                            ((1, -1), "the wrong way round"), ((0, 2), "is ±1")],
    "ch13-local-energy": [(local_energy_variant("no-sign"), "M(s')/M(s)"),
                          (local_energy_variant("all-minus"), "across two sites keeps M"),
                          (local_energy_variant("no-J2"), "two sites away"),
                          (local_energy_variant("no-half"), "twice too large"),
                          (local_energy_variant("pauli-diagonal"), "four times too large"),
                          (local_energy_variant("inverted"), "upside down"),
                          (local_energy_variant("open"), "periodic"),
                          (lambda log_phi, s, J2: ref_local_energy(log_phi, s, J2) + 0.1, "differs from")],
    "ch13-positive-bound": [(-0.4463935, "exact ground-state energy"), (0.25 - np.log(2), "Bethe"),
                            (-0.75, "one singlet"), (-0.375, "Majumdar–Ghosh"), (-1.0, "Pauli"),
                            (0.25, "ferromagnet"), (0.0, "diagonal part can be negative"),
                            (-0.5, "L bonds for L sites"), (-0.3, "split ⟨ψ|H|ψ⟩")],
    "ch13-correlation-scaling": [("b", "diverges"), ("c", "fall faster"), ("d", "no random walk")],
    "ch13-frustration": [("b", "reaches every configuration"), ("c", "variational principle"),
                         ("d", "positive for every α")],
}

# a valid answer of the wrong kind: the text such an answer's message must contain
TYPE_PHRASE = {"ch13-correlation-scaling": "should be one of", "ch13-frustration": "should be one of",
               "ch13-marshall-ratio": "should be a pair"}

# (task, text that no message may contain)
SECRETS = [("ch13-positive-bound", "−1/4 per site"), ("ch13-correlation-scaling", "fixed fraction of L"),
           ("ch13-frustration", "far below 1"), ("ch13-marshall-ratio", "(−1, +1)")]
