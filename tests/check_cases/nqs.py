"""Exercise-check cases of physml.checks.nqs: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import jax.numpy as jnp
import numpy as np

from physml import nqs
from physml import quantum as Q

E0_PRACTICE = Q.tfim_exact_energy(10, 1.0)



def ref_rayleigh(H, psi):
    return float(psi @ (H @ psi) / (psi @ psi))


def ref_local_energy(params, s, h, J):
    return nqs.local_energy(nqs.rbm_log_amplitude, params, s, h, J)


def local_energy_variant(kind):
    def f(params, s, h, J):
        s = jnp.asarray(s)
        lp = nqs.rbm_log_amplitude(params, s)
        flipped = s[:, None, :] * (1 - 2 * jnp.eye(s.shape[1]))[None]
        dlog = nqs.rbm_log_amplitude(params, flipped) - lp[:, None]
        diag = -J * jnp.sum(s * jnp.roll(s, -1, axis=1), axis=1)
        return {"no-diagonal": -h * jnp.exp(dlog).sum(1),
                "inverted": diag - h * jnp.exp(-dlog).sum(1),
                "log": diag - h * dlog.sum(1),
                "open": -J * jnp.sum(s[:, :-1] * s[:, 1:], axis=1) - h * jnp.exp(dlog).sum(1),
                "sign": diag + h * jnp.exp(dlog).sum(1),
                "one-value": diag[:1]}[kind]
    return f


REFERENCE = {
    "ch03-rayleigh": ref_rayleigh,
    "ch03-variational-bound": -12.5,
    "ch03-local-energy": ref_local_energy,
    "ch03-vmc": (1.0, E0_PRACTICE * (1 - 2e-4)),
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch03-rayleigh": [
        (lambda H, psi: float(psi @ (H @ psi)), "rescaled"),
        (lambda H, psi: float(psi @ (H @ psi)) / np.linalg.norm(psi), "squared norm"),
        (lambda H, psi: float(psi @ psi), "psi @ (H @ psi)"),
    ],
    "ch03-variational-bound": [(E0_PRACTICE - 0.1, "below the exact"), (-0.68, "product states"),
                               (-12.3, "more finely"), (-12.7, "no product state")],
    "ch03-local-energy": [(local_energy_variant("no-diagonal"), "diagonal part"),
                          (local_energy_variant("inverted"), "upside down"),
                          (local_energy_variant("log"), "exp(log"),
                          (local_energy_variant("open"), "periodic"),
                          (local_energy_variant("sign"), "sign"),
                          (local_energy_variant("one-value"), "one local energy per configuration")],
    "ch03-vmc": [((1.0, E0_PRACTICE * 0.99), "not converged"), ((1.0, E0_PRACTICE * 1.01), "below"),
                 ((5.0, -30.0), "between 0 and 3")],
}

# the phrase a wrong *type* of answer must get (default: "should be a function/number")
TYPE_PHRASE = {"ch03-vmc": "should be a pair (h, energy)"}

# (task, text that no message may contain)
SECRETS = [("ch03-variational-bound", "12.5"), ("ch03-variational-bound", "30")]
