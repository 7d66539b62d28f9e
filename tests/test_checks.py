"""Every check accepts the reference solution, rejects typical wrong answers with the right hint,
survives students' functions that raise or return the wrong type, and never reveals the answer."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from physml import landscape as L
from physml import widgets
from physml.checks import TASKS, check, evaluate
from physml import nqs
from physml import quantum as Q
from physml.checks.landscape import STEP_MATRIX
from physml import discovery as D
from physml import symmetry as S
from physml.checks.discovery import practice_collisions
from physml import mechanics as M


def ref_grad(theta):
    return jax.grad(L.smooth_bowl)(theta)


def ref_gd(grad, theta0, learning_rate, n_steps):
    return L.gradient_descent(grad, theta0, learning_rate, n_steps)


def ref_power(matvec, x0, n):
    x = x0 / jnp.linalg.norm(x0)
    for _ in range(n):
        y = matvec(x)
        x = y / jnp.linalg.norm(y)
    return float(x @ matvec(x))


def ref_classify(h):
    return L.critical_point_type(np.asarray(h))


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


def ref_power_fit(x, y):
    fit = D.fit_power_law(x, y)
    return fit.exponent, fit.constant


def ref_changes(m, vb, va):
    return D.feature_changes(D.Collisions(m, vb, va, 0.0, 0.0))[0]


def ref_generator(encoder, params, xs, K):
    g = S.latent_generator(encoder, params, xs, K)
    return g.A, g.residual


def ref_consistency(decoder, params, zs, A, K):
    return S.generator_consistency(decoder, params, zs, A, K)


def consistency_variant(kind):
    def f(decoder, params, zs, A, K):
        zs = jnp.asarray(zs)
        M = A.T if kind == "transpose" else A
        dx = jax.vmap(lambda z: jax.jvp(lambda w: decoder(params, w), (z,), (M @ z,))[1])(zs)
        target = decoder(params, zs) @ K.T
        diff = dx + target if kind == "sign" else dx - target
        norm = jnp.linalg.norm(diff)
        return float(norm if kind == "absolute" else norm / jnp.linalg.norm(target))
    return f


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


def ref_total_forces(pair_force, params, x):
    return M.pairwise_forces(pair_force, params, x)


def total_forces_variant(kind):
    def f(pair_force, params, x):
        x = jnp.asarray(x)
        phi = jax.vmap(jax.vmap(lambda a, b: pair_force(params, a, b), (None, 0)), (0, None))(x, x)
        if kind == "self":                                   # raw forces, self-pair included
            return jnp.sum(phi, axis=1)
        F = phi if kind == "raw" else phi - jnp.swapaxes(phi, 0, 1)
        total = jnp.sum(F * (1 - jnp.eye(x.shape[0]))[:, :, None], axis=1)
        return {"raw": total, "sign": -total, "double": 2 * total}[kind]
    return f


from physml import integrators as I
from physml.checks.integrators import _variant_step, crossover_reference


def ref_leapfrog_step(H, y, dt):
    return I.step_map("leapfrog", H, dt)(y)


def leapfrog_variant(kind):
    return lambda H, y, dt: _variant_step(kind, H, y, dt)


def defect_variant(kind):
    def f(step, y):
        M = np.asarray(jax.jacfwd(step)(jnp.asarray(y)))
        J = I.canonical_J(len(y) // 2)
        return {"squared": np.linalg.norm(M.T @ J @ M - J) ** 2, "order": np.linalg.norm(M @ J @ M.T - J),
                "no-J": np.linalg.norm(M.T @ J @ M)}[kind]
    return f


T_CROSS = crossover_reference()
from physml import onsager as O


def ref_symmetric_estimate(X, J):
    return O.symmetrize(O.least_squares_response(X, J))


def symmetric_variant(kind):
    def f(X, J):
        W = O.least_squares_response(X, J)
        return {"ls": W, "no-half": W + W.T, "skew": 0.5 * (W - W.T)}[kind]
    return f

SATURN = D.load_orbits("saturn_moons")
SATURN_MASS = D.kepler_mass(SATURN.a * SATURN.a_unit_m, SATURN.P * SATURN.P_unit_s).mass
A44, NAMES44 = D.feature_changes(practice_collisions())
LAWS44 = [law.vector for law in D.conservation_laws(A44)]
ENERGY44 = np.array([1.0 if n.startswith("K") else 0.0 for n in NAMES44])
E0_PRACTICE = Q.tfim_exact_energy(10, 1.0)
LAM = np.linalg.eigvalsh(STEP_MATRIX)
REFERENCE = {
    "ch01-gradient": ref_grad,
    "ch01-critical-step": 2 / LAM[-1],
    "ch01-gradient-descent": ref_gd,
    "ch01-power-iteration": ref_power,
    "ch02-classify": ref_classify,
    "ch02-goe-2x2": 0.2931,
    "ch02-escape-slope": 10.45,
    "ch03-rayleigh": ref_rayleigh,
    "ch03-variational-bound": -12.5,
    "ch03-local-energy": ref_local_energy,
    "ch03-vmc": (1.0, E0_PRACTICE * (1 - 2e-4)),
    "ch04-power-law": ref_power_fit,
    "ch04-saturn-mass": SATURN_MASS,
    "ch04-feature-changes": ref_changes,
    "ch04-conserved": LAWS44,
    "ch05-latent-generator": ref_generator,
    "ch05-consistency": ref_consistency,
    "ch05-linear-dims": [2, 4],
    "ch06-hamilton": ref_vector_field,
    "ch06-pair-forces": ref_total_forces,
    "ch07-leapfrog": ref_leapfrog_step,
    "ch07-defect": I.symplectic_defect,
    "ch07-crossover": T_CROSS,
    "ch08-symmetric-estimate": ref_symmetric_estimate,
    "ch08-gain": 0.63,
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "ch01-gradient": [
        (lambda t: -ref_grad(t), "uphill"),
        (lambda t: ref_grad(t) - jnp.tanh(t[0] + t[1]), "log cosh"),
        (lambda t: jnp.array([t[0] + jnp.tanh(t[0] + t[1]), 2 * t[1] + jnp.tanh(t[0] + t[1])]), "2y²"),
    ],
    "ch01-critical-step": [(2 / LAM[0], "flattest"), (1 / LAM[-1], "stability edge"), (0.9, "diverges")],
    "ch01-gradient-descent": [
        (lambda g, t, lr, n: ref_gd(g, t, lr, n)[1:], "starting point"),
        (lambda g, t, lr, n: ref_gd(lambda th: -g(th), t, lr, n), "climbs"),
    ],
    "ch01-power-iteration": [
        (lambda mv, x0, n: x0 / jnp.linalg.norm(x0), "eigenvector"),
        (lambda mv, x0, n: 1.0, "norm"),
    ],
    "ch02-classify": [
        (lambda h: ("minimum" if np.all(np.diag(h) > 0) else "maximum" if np.all(np.diag(h) < 0)
                    else "saddle"), "diagonal"),
        (lambda h: ("minimum" if np.all(np.linalg.eigvalsh(h) >= 0) else "maximum"
                    if np.all(np.linalg.eigvalsh(h) <= 0) else "saddle"), "zero eigenvalue"),
    ],
    "ch02-goe-2x2": [(0.5, "coin-flip"), (0.146, "both signs"), (1.7, "between 0 and 1")],
    "ch02-escape-slope": [(10.0, "continuous-time"), (np.log1p(0.1), "inverse")],
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
    "ch04-power-law": [
        (lambda x, y: (ref_power_fit(x, y)[0], np.log(ref_power_fit(x, y)[1])), "ln C"),
        (lambda x, y: ref_power_fit(x, y)[::-1], "swapped"),
        (lambda x, y: (1 / ref_power_fit(x, y)[0], 1.0), "inverse exponent"),
        (lambda x, y: tuple(np.polyfit(x, y, 1)), "straight-line"),
    ],
    "ch04-saturn-mass": [(SATURN_MASS * 6.674e-11, "GM"), (SATURN_MASS / 1e9 * 86400**2, "units"),
                         (SATURN_MASS * 1.1, "0.5 %"), (1.0, "M = GM/G")],
    "ch04-feature-changes": [(lambda m, vb, va: -ref_changes(m, vb, va), "after − before"),
                             (lambda m, vb, va: ref_changes(m, vb, va) * np.where(np.arange(18) // 3 == 2, 2.0, 1.0),
                              "factor ½"),
                             (lambda m, vb, va: ref_changes(m, vb, va).T, "one row per event")],
    "ch04-conserved": [(LAWS44 + [ENERGY44], "inelastic"), (LAWS44[:1], "more independent laws"),
                       ([LAWS44[0] + LAWS44[1], LAWS44[0] - LAWS44[1]], "not sparse"), ([LAWS44[0], 2 * LAWS44[0]], "combinations"),
                       (np.ones(5), "one per feature")],
    "ch05-latent-generator": [
        (lambda *a: (ref_generator(*a)[0].T, ref_generator(*a)[1]), "transposed"),
        (lambda *a: (-ref_generator(*a)[0], ref_generator(*a)[1]), "wrong sign"),
        (lambda e, p, xs, K: (ref_generator(e, p, xs, K)[0], ref_generator(e, p, xs, K)[1]
                              * np.linalg.norm(S.latent_generator(e, p, xs, K).dz)), "relative"),
    ],
    "ch05-consistency": [(consistency_variant("absolute"), "relative"), (consistency_variant("sign"), "sign"),
                         (consistency_variant("transpose"), "A @ z")],
    "ch05-linear-dims": [([1, 2, 4], "odd"), ([2], "missing"), ([6], "1 to 5")],
    "ch06-hamilton": [(vector_field_variant("sign"), "swapped"), (vector_field_variant("gradient"), "gradient"),
                      (vector_field_variant("halves"), "swap the two halves"),
                      (vector_field_variant("p-dot"), "ṗ = −∂H/∂q")],
    "ch06-pair-forces": [(total_forces_variant("raw"), "raw pair forces"), (total_forces_variant("sign"), "reversed"),
                         (total_forces_variant("double"), "factor of 2"), (total_forces_variant("self"), "j = i")],
    "ch07-leapfrog": [(leapfrog_variant("dkd"), "drift–kick–drift"), (leapfrog_variant("full-kicks"), "half steps"),
                      (leapfrog_variant("symplectic-euler"), "symplectic Euler"), (leapfrog_variant("sign"), "down")],
    "ch07-defect": [(defect_variant("squared"), "squared"), (defect_variant("order"), "transpose first"),
                    (defect_variant("no-J"), "subtract J")],
    "ch07-crossover": [(T_CROSS / 0.25, "not a number of steps"), (100.0, "too early"), (3000.0, "too late"),
                       (-3.0, "positive")],
    "ch08-symmetric-estimate": [(symmetric_variant("ls"), "least-squares estimate itself"),
                                (symmetric_variant("no-half"), "factor ½"), (symmetric_variant("skew"), "antisymmetric")],
    "ch08-gain": [(0.375, "remains"), (0.75, "dimension"), (1.5, "between 0 and 1"), (0.9, "formula in n")],
}

# what a wrong answer looks like for the wrong *type*
WRONG_TYPE = {True: "a function", False: "a number"}
TYPE_PHRASE = {"ch03-vmc": "should be a pair (h, energy)", "ch04-conserved": "one per feature",
               "ch05-linear-dims": "should be a list of latent dimensions"}


def test_every_task_is_covered_here():
    evaluate("ch01-gradient", ...)  # loads the registry
    assert set(TASKS) == set(REFERENCE) == set(WRONG)


@pytest.mark.parametrize("task", sorted(REFERENCE))
def test_reference_solution_passes(task):
    result = check(task, REFERENCE[task])
    assert result.passed, str(result)
    assert str(result).startswith("✓")


@pytest.mark.parametrize("task, answer, phrase",
                         [(t, a, p) for t, cases in WRONG.items() for a, p in cases])
def test_typical_wrong_answer_gets_its_hint(task, answer, phrase):
    result = evaluate(task, answer)
    assert result.status == "wrong", str(result)
    assert phrase in result.message
    assert str(result).startswith("✗")


@pytest.mark.parametrize("task", sorted(REFERENCE))
def test_stub_is_not_attempted(task):
    for stub in (..., None):
        assert evaluate(task, stub).status == "not attempted"
    if callable(REFERENCE[task]):
        def unfinished(*args):
            raise NotImplementedError
        assert evaluate(task, unfinished).status == "not attempted"
        assert evaluate(task, lambda *a: ...).status == "not attempted"


@pytest.mark.parametrize("task", sorted(REFERENCE))
def test_student_errors_and_wrong_types_never_crash(task):
    def broken(*args):
        return 1 / 0

    for answer in (broken, "0.5", [1, 2, 3], {"a": 1}, object(), lambda *a: "text"):
        result = evaluate(task, answer)
        assert result.status in ("error", "wrong"), (answer, str(result))
        assert "Traceback" not in result.message
    is_function = callable(REFERENCE[task])
    phrase = TYPE_PHRASE.get(task, f"should be {WRONG_TYPE[is_function]}")
    assert phrase in evaluate(task, "0.5").message
    if is_function:
        assert "ZeroDivisionError" in evaluate(task, broken).message


@pytest.mark.parametrize("task, secret", [
    ("ch01-critical-step", "0.5"), ("ch02-goe-2x2", "0.29"), ("ch02-escape-slope", "10.4"),
    ("ch03-variational-bound", "12.5"), ("ch03-variational-bound", "30"),
    ("ch04-saturn-mass", "5.68"), ("ch04-saturn-mass", "e+26"), ("ch05-linear-dims", "2 and 4"),
    ("ch05-linear-dims", "[2, 4]"), ("ch07-crossover", "1170"), ("ch07-crossover", "1152"), ("ch08-gain", "0.62"),
    ("ch08-gain", "5/8"),
])
def test_messages_never_reveal_the_answer(task, secret):
    for answer in (0.1, 0.3, 2.0, 10.0, 11.5, -0.5, -12.0, -12.9, "x", ...):
        assert secret not in evaluate(task, answer).message


def test_unknown_task_is_a_message_not_an_exception():
    result = evaluate("no-such-task", 1.0)
    assert result.status == "error" and "unknown task" in result.message


def test_answer_box_button_grades_the_entry():
    box = widgets.answer_box("ch01-critical-step")
    box.box.value = 2 / LAM[-1]
    box.check(None)
    assert "✓" in box.result.value
    box.box.value = 2 / LAM[0]
    box.check(None)
    assert "flattest" in box.result.value


def test_answer_box_rejects_an_unknown_task():
    with pytest.raises(ValueError, match="^task_id "):
        widgets.answer_box("ch99-nothing")
