"""Exercise-check cases of physml.checks.nqs: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import jax.numpy as jnp
import sympy

from physml import nqs
from physml import quantum as Q

E0_PRACTICE = Q.tfim_exact_energy(10, 1.0)


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
                "no-field": diag,
                "inverted": diag - h * jnp.exp(-dlog).sum(1),
                "log": diag - h * dlog.sum(1),
                "open": -J * jnp.sum(s[:, :-1] * s[:, 1:], axis=1) - h * jnp.exp(dlog).sum(1),
                "sign": diag + h * jnp.exp(dlog).sum(1),
                "one-value": diag[:1]}[kind]
    return f


_h, _J = sympy.symbols("h J")

REFERENCE = {
    "ch03-two-spin-energy": "-2*sqrt(J**2 + h**2)",
    "ch03-variational-bound": -12.5,
    "ch03-product-gap": "c",
    "ch03-local-energy": ref_local_energy,
    "ch03-reparametrise": (100, 1),
    "ch03-vmc": (1.0, E0_PRACTICE * (1 - 2e-4)),
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch03-two-spin-energy": [
        ("-sqrt(J**2 + 4*h**2)", "how many terms"),                  # one bond instead of two
        ("-sqrt(4*J**2 + h**2)", "off-diagonal element"),            # field matrix element h instead of 2h
        ("-sqrt(J**2 + h**2)", "constant factor"),                   # the missing factor 2
        (2 * sympy.sqrt(_J**2 + _h**2), "check the sign"),           # a sympy expression, wrong sign
        ("-2*J", "does not change with h"),                          # the odd sector
        (lambda h, J: -2 * J - h**2 / J, "perturbation theory"),     # a function, second order only
        ("-2*J - h**2/(2*J)", "mean field"),                         # the best product state
        ("0.5", "does not depend on h"),
        ("-(J + h)", "2×2 blocks"),
    ],
    "ch03-variational-bound": [(E0_PRACTICE - 0.1, "below the exact"), (-0.68, "product states"),
                               (-12.3, "fine enough"), (-12.7, "no product state")],
    "ch03-product-gap": [("a", "set h = 0"), ("(B)", "own transition"), ("d", "much larger than J")],
    "ch03-local-energy": [(local_energy_variant("no-diagonal"), "diagonal part"),
                          (local_energy_variant("no-field"), "off-diagonal part"),
                          (local_energy_variant("inverted"), "upside down"),
                          (local_energy_variant("log"), "exp(log"),
                          (local_energy_variant("open"), "periodic"),
                          (local_energy_variant("sign"), "sign"),
                          (local_energy_variant("one-value"), "one local energy per configuration")],
    "ch03-reparametrise": [((10, 1), "chain rule acts twice"), ((1, 1), "independent of the parametrisation"),
                           ((0.01, 1), "larger or smaller"), ((100, 100), "multiplied by κ"),
                           ((100, 0.1), "do they cancel"), ((3, 1), "How many factors"),
                           ((100, 5), "simplify the step")],
    "ch03-vmc": [((1.0, E0_PRACTICE * 0.99), "not converged"), ((1.0, E0_PRACTICE * 1.01), "below"),
                 ((5.0, -30.0), "between 0.2 and 2")],
}

# the phrase a wrong *type* of answer must get (default: "should be a function/number")
TYPE_PHRASE = {"ch03-vmc": "should be a pair (h, energy)",
               "ch03-reparametrise": "should be a pair",
               "ch03-product-gap": "it should be one of",
               "ch03-two-spin-energy": "does not depend on h"}

# (task, text that no message may contain)
SECRETS = [("ch03-variational-bound", "12.5"), ("ch03-variational-bound", "30"),
           ("ch03-two-spin-energy", "sqrt(J"), ("ch03-two-spin-energy", "√(J"),
           ("ch03-reparametrise", "100")]
