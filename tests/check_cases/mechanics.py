"""Exercise-check cases of physml.checks.mechanics: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import jax
import jax.numpy as jnp
import numpy as np

from physml import integrators as I


def ref_vector_field(H):
    return I.hamiltonian_flow(H)


def vector_field_variant(kind):
    def make(H):
        def f(y):
            n = y.shape[0] // 2
            dq, dp = jax.grad(H, argnums=(0, 1))(y[:n], y[n:])
            return {"sign": jnp.concatenate([-dp, dq]), "gradient": jnp.concatenate([dq, dp]),
                    "halves": jnp.concatenate([-dq, dp]),
                    "p-dot": jnp.concatenate([dp, dq])}[kind]
        return f
    return make


def _force(q, kappa=0.05):
    return -q + kappa * np.column_stack([-q[:, 1], q[:, 0]])       # F = −q + κRq


def _work(r, n=4000):
    """The work of F = −q + κRq around the circle of radius r, anticlockwise, by quadrature."""
    phi = 2 * np.pi * np.arange(n) / n
    q = r * np.column_stack([np.cos(phi), np.sin(phi)])
    dq = r * np.column_stack([-np.sin(phi), np.cos(phi)]) * (2 * np.pi / n)
    return float(np.sum(_force(q) * dq))


def _work_endpoint_twice(r, n=3000):
    """A typical slip: np.linspace(0, 2π, n) counts the point φ = 0 = 2π twice."""
    phi = np.linspace(0, 2 * np.pi, n)
    q = r * np.column_stack([np.cos(phi), np.sin(phi)])
    dq = r * np.column_stack([-np.sin(phi), np.cos(phi)]) * (phi[1] - phi[0])
    return float(np.sum(_force(q) * dq))


def _work_chords(r, n=4000):
    """Another: dq as the chord q_{k+1} − q_k with F at its start (off by about πr²Δφ from the −q part)."""
    phi = 2 * np.pi * np.arange(n + 1) / n
    q = r * np.column_stack([np.cos(phi), np.sin(phi)])
    return float(np.sum(_force(q[:-1]) * np.diff(q, axis=0)))


W = (_work(1.0), _work(2.0))

REFERENCE = {
    "ch06-hamilton": ref_vector_field,
    "ch06-momentum-predict": "a",
    "ch06-noise-floor": "sigma**2 * (2 + k**2 + 1/m**2) / 2",
    "ch06-curl-interpret": "(B)",
    "ch06-work-factor": 4,
    "ch06-work-per-lap": W,
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch06-hamilton": [(vector_field_variant("sign"), "swapped"), (vector_field_variant("gradient"), "gradient"),
                      (vector_field_variant("halves"), "swap the two halves"),
                      (vector_field_variant("p-dot"), "ṗ = −∂H/∂q")],
    "ch06-momentum-predict": [("b", "values of the weights"), ("c", "velocity-Verlet step"),
                              ("d", "masses cancel")],
    "ch06-noise-floor": [("2*sigma**2", "floor for k = m = 1"), ("sigma**2*(k**2 + 1/m**2)/2", "targets"),
                         ("sigma**2*(2 + k + 1/m)/2", "variance of k·ε"),
                         ("sigma**2*(2 + k**2 + 1/m**2)", "factor of 2"),
                         ("sigma*(2 + k**2 + 1/m**2)/2", "which power of σ"),
                         ("sigma**2*(2 + m**2 + 1/k**2)/2", "which parameter multiplies which noise"),
                         ("sigma**2*(2 + k**2 + m**2)/2", "divides the noise in p by m"),
                         ("sigma**2", "varies only as σ²"), ("0.02", "but it is a constant"),
                         (lambda sigma, k, m: sigma**2 * (1 + k**2 + 1 / m**2), "independent noises")],
    "ch06-curl-interpret": [("a", "per unit enclosed area"), ("c", "Halve the step"),
                            ("d", "first or second order")],
    "ch06-work-factor": [(2, "twice as long"), (8, "area of a disc"), (1, "the same everywhere"),
                         (0.25, "W(1)/W(2)"), (3, "how does the integral depend on r")],
    "ch06-work-per-lap": [((-W[0], -W[1]), "signs"), ((W[0], W[1] / 2), "W(2)/W(1) is 2"),
                          ((W[0] / (2 * np.pi), W[1] / (4 * np.pi)), "total length of the loop"),
                          ((0.0, 0.0), "twist"),
                          ((_work_endpoint_twice(1.0), _work_endpoint_twice(2.0)), "exactly once"),
                          ((_work_chords(1.0), _work_chords(2.0)), "chord"),
                          ((1.3 * W[0], 1.3 * W[1]), "what do you add up")],
}

TYPE_PHRASE = {"ch06-momentum-predict": "should be one of", "ch06-curl-interpret": "should be one of",
               "ch06-work-factor": "should be a number",
               "ch06-noise-floor": "should depend on sigma", "ch06-work-per-lap": "should be a pair"}

# (task, text that no message may contain)
SECRETS = [("ch06-noise-floor", "1/m**2"), ("ch06-noise-floor", "k² + 1/m²"),
           ("ch06-work-per-lap", "0.314"), ("ch06-work-per-lap", "1.25"), ("ch06-work-per-lap", "1.26"),
           ("ch06-work-per-lap", "0.1π"), ("ch06-momentum-predict", "'a' is"), ("ch06-curl-interpret", "'b' is"),
           ("ch06-work-factor", "r²"), ("ch06-work-factor", "= 4")]
