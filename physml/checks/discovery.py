"""Self-checks for the exercises of chapter 4 (automated discovery from data)."""
from __future__ import annotations

import jax
import numpy as np
import scipy.constants

from .. import discovery as D
from . import (
    NotAttempted,
    StudentError,
    Wrong,
    as_array,
    as_formula,
    as_number,
    call,
    grade_choice,
    reject_typical_mistakes,
    task,
)

SATURN_GM_JPL = 3.7931187e16   # m^3/s^2, JPL (Cassini)


def practice_collisions(noise=0.0):
    """The collision data set of tasks 4.2-4.4: 300 events of three bodies in the plane, restitution 0.8,
    with Gaussian noise of standard deviation ``noise`` on the measured velocities (the same events)."""
    return D.simulate_collisions(300, 3, 2, 0.8, noise, key=jax.random.key(44))


def practice_springs():
    """The data set of task 4.5: 40 set-ups of a mass ``m`` (kg) on a spring ``k`` (N/m), released from
    an amplitude ``A`` (m) in a field ``g`` (m/s²), as a dict of arrays, and the periods ``T`` (s) with
    1 % log-normal noise.  The hidden law is the harmonic oscillator's; ``A`` and ``g`` are decoys."""
    rng = np.random.default_rng(45)
    setups = {"m": rng.uniform(0.1, 2.0, 40), "k": rng.uniform(5.0, 200.0, 40),
              "A": rng.uniform(0.01, 0.2, 40), "g": rng.uniform(1.6, 25.0, 40)}
    return setups, 2 * np.pi * np.sqrt(setups["m"] / setups["k"]) * np.exp(0.01 * rng.normal(size=40))


# ----------------------------------------------------------------- task 4.1
_PI2 = 4 * np.pi**2
# (formula of C, G, q, hint): the typical wrong derivations of the central mass
_MASS_MISTAKES = (
    (lambda C, G, q: _PI2 / (G * C**2), "this is the test-mass result. Which mass does the relative orbit of a "
     "moon go around, M or M + m, and which of the two does the fitted constant measure?"),
    (lambda C, G, q: _PI2 * (1 + q) / (G * C**2), "the fit measures G(M + m). Is M larger or smaller than "
     "M + m, so should the correction multiply or divide?"),
    (lambda C, G, q: _PI2 / (G * C**2 * (1 - q)), "check the sign of the correction: is M larger or smaller "
     "than what the test-mass formula gives?"),
    (lambda C, G, q: _PI2 * (1 - q) / (G * C**2), "right to first order in q, but the data do not need an "
     "approximation: M + m = M + qM can be solved for M exactly."),
    (lambda C, G, q: _PI2 / (G * C * (1 + q)), "check the power of C: the law is P = C a^(3/2), and "
     "Newton's form is a statement about P squared."),
    (lambda C, G, q: 2 * np.pi / (G * C**2 * (1 + q)), "a numerical factor is off: what happens to the 2π of "
     "P = 2π √(a³/GM) when you square P?"),
    (lambda C, G, q: np.pi**2 / (G * C**2 * (1 + q)), "a numerical factor is off: square all of 2π."),
    (lambda C, G, q: G * C**2 * (1 + q) / _PI2, "this is the inverse of a mass: solve for M, not for 1/M."),
    (lambda C, G, q: _PI2 / (C**2 * (1 + q)), "the units are m³/s², not kg: the orbit measures G times the "
     "mass. What is left to do with G?"),
)


@task("ch04-mass-formula", "Task 4.1, the mass of the central body")
def _mass_formula(answer):
    formula = as_formula(answer, ("C", "G", "q"), what="your formula for M")
    rng = np.random.default_rng(401)
    points = [(rng.uniform(0.5, 2.0), rng.uniform(0.3, 3.0), rng.uniform(0.05, 0.8)) for _ in range(5)]
    values = []
    for C, G, q in points:
        try:
            v = float(np.asarray(formula(C, G, q), dtype=float).reshape(()))
        except StudentError:
            raise
        except Exception:
            raise StudentError("your formula for M should give one number for given numbers C, G and q.") from None
        if not np.isfinite(v):
            raise Wrong(f"your formula for M gives {v} at C = {C:.2f}, G = {G:.2f}, q = {q:.2f}; "
                        "a mass is a finite positive number.")
        values.append(v)
    values = np.array(values)

    def same(f):
        return np.allclose(values, [f(C, G, q) for C, G, q in points], rtol=1e-8, atol=0)

    if same(lambda C, G, q: _PI2 / (G * C**2 * (1 + q))):
        return ("Two-body Kepler: the fit weighs central body and satellite together; for Saturn's moons "
                "q is at most 2.4e-4 (Titan), for the Earth and Moon 1/81.")
    if np.ptp(values) == 0:
        raise Wrong("your formula does not depend on C, G and q; M should vary with all three.")
    mistakes = (([f(C, G, q) for C, G, q in points], hint) for f, hint in _MASS_MISTAKES)
    reject_typical_mistakes(values, mistakes, rtol=1e-8, atol=0)
    raise Wrong("square P = C a^(3/2) and compare it with Newton's two-body form of Kepler's law: which "
                "combination of the masses does C² measure, and how is it related to M when m = qM?")


@task("ch04-saturn-mass", "Task 4.1, the mass of Saturn")
def _saturn(mass):
    mass = as_number(mass, "your mass of Saturn")
    moons = D.load_orbits("saturn_moons")
    ref = D.kepler_mass(moons.a * moons.a_unit_m, moons.P * moons.P_unit_s).mass
    if abs(mass / ref - 1) < 5e-3:
        jpl = SATURN_GM_JPL / scipy.constants.G
        return (f"Seven moons weigh Saturn to within {abs(mass / jpl - 1):.1%} of the value from spacecraft "
                "tracking (about 95 Earth masses).")
    G = scipy.constants.G
    km, day = 1e3, scipy.constants.day
    if abs(mass * G / ref - 1) < 5e-3 or abs(mass / (ref * G) - 1) < 5e-3:
        raise Wrong("that looks like GM, or GM multiplied by G: which factor of your formula turns what the "
                    "orbits measure into a mass?")
    for factor, what in ((km**3 / day**2, "kilometres and days"), (km**3, "kilometres"),
                         (1 / day**2, "days")):
        if abs(mass * factor / ref - 1) < 5e-3:
            raise Wrong(f"check the units: convert {what} to metres and seconds before using G "
                        "(moons.a_unit_m and moons.P_unit_s).")
    if abs(mass / ref - 1) < 0.2:
        raise Wrong("close, but more than 0.5 % off: did you fix the exponent at 3/2 (exponent=1.5) before "
                    "reading off the constant?")
    raise Wrong("fit P = C a^(3/2) with a in metres and P in seconds, then use your formula of the first part "
                "(with q = 0, or Titan's q: it makes no visible difference).")


# ----------------------------------------------------------------- task 4.2
@task("ch04-feature-changes", "Task 4.2, the matrix of feature changes")
def _feature_changes(my_changes):
    col = D.simulate_collisions(5, 3, 2, 0.8, key=jax.random.key(43))
    changes = D.feature_changes(col)
    ref, names = changes.A, changes.names
    got = as_array(call(my_changes, col.masses, col.v_before, col.v_after, what="my_feature_changes"),
                   what="my_feature_changes(masses, v_before, v_after)")
    if got.shape != ref.shape:
        if got.shape == ref.T.shape:
            raise Wrong(f"one row per event and one column per feature: shape {ref.shape}, not {got.shape}.")
        raise Wrong(f"the result should have shape {ref.shape} (events × features: {', '.join(names)}), "
                    f"got {got.shape}.")
    if np.allclose(got, ref, atol=1e-10):
        return "Each row is the change of the 18 features in one event."
    if np.allclose(got, -ref, atol=1e-10):
        raise Wrong("the sign is reversed: a change is after − before.")
    good = np.all(np.isclose(got, ref, atol=1e-10), axis=0)
    bad = [n for n, ok in zip(names, good) if not ok]
    if all(n.startswith("K") for n in bad) and np.allclose(got[:, 6:9], 2 * ref[:, 6:9], atol=1e-10):
        raise Wrong("the kinetic energy is ½ m |v|²: the factor ½ is missing.")
    if bad and bad[0].startswith("p"):
        raise Wrong("the momentum columns are off: the order is p1x, p1y, p2x, p2y, p3x, p3y (body by body), "
                    "and p = m v.")
    raise Wrong(f"these columns do not match: {', '.join(bad)}. The order is {', '.join(names)}.")


# ----------------------------------------------------------------- task 4.3
@task("ch04-conserved", "Task 4.3, the conserved quantities")
def _conserved(laws):
    changes = D.feature_changes(practice_collisions())
    A, names = changes.A, changes.names
    if laws is ... or laws is None:
        return as_number(laws)
    try:
        C = np.atleast_2d(np.asarray(laws, dtype=float))
    except (TypeError, ValueError):
        raise StudentError("your answer should be a list of coefficient vectors (one per law), but it is a "
                            f"{type(laws).__name__}.") from None
    if C.ndim != 2 or C.shape[1] != A.shape[1]:
        raise Wrong(f"give each law as a vector of {A.shape[1]} coefficients, one per feature "
                    f"({', '.join(names)}); got shape {C.shape}.")
    if not np.all(np.isfinite(C)) or np.any(np.linalg.norm(C, axis=1) == 0):
        raise Wrong("every law must be a non-zero vector of finite coefficients.")
    scale = np.linalg.norm(A, axis=0)
    rel = np.linalg.norm((A / scale) @ (C * scale).T, axis=0) / np.linalg.norm(C * scale, axis=1)
    energy = [i for i, n in enumerate(names) if n.startswith("K")]
    if np.any(rel > 1e-6):
        k = int(np.argmax(rel))
        if np.any(np.abs(C[k, energy]) > 1e-6 * np.abs(C[k]).max()):
            raise Wrong("a law with kinetic-energy terms is not conserved here: these collisions are inelastic.")
        raise Wrong(f"law number {k + 1} is not conserved: A c is not zero. Take vectors from the null space.")
    truth = D.null_space(A).dim
    if np.linalg.matrix_rank(C, tol=1e-8 * np.abs(C).max()) < C.shape[0]:
        raise Wrong("some of your laws are combinations of the others: give independent ones.")
    if C.shape[0] < truth:
        raise Wrong(f"there are more independent laws than {C.shape[0]}: look at the gap in the singular values.")
    support = [np.count_nonzero(np.abs(c) > 1e-6 * np.abs(c).max()) for c in C]
    if max(support) > 3:
        raise Wrong("these are conserved but not sparse: each law of this data set needs only 3 features "
                    "(use D.conservation_laws or D.sparsest_null_vector).")
    return ("Total momentum, both components, and nothing else: kinetic energy is lost when e < 1. "
            "The decoys (velocities and speeds) were rejected.")


# ----------------------------------------------------------------- task 4.4
#: the noise from which the chapter's explorer (200 events, key 0) accepts the spurious energy law at e = 0.99
SPURIOUS_FROM_099 = 4e-4


@task("ch04-spurious-threshold", "Task 4.4, your predicted noise for a spurious law at e = 0.995")
def _spurious_threshold(guess):
    guess = as_number(guess, "your predicted noise")
    if not guess > 0:
        raise Wrong("a noise level is a standard deviation: a positive number.")
    # the two steps the largest-gap rule compares: s6/s7 (fixed s6, s7 ∝ 1 − e²) and s7/s8 (s8 ∝ σ);
    # energy is accepted once s7/s8 < s6/s7, i.e. σ > const · (1 − e²)²: a quarter of 4e-4 at e = 0.995
    ratio = guess / (SPURIOUS_FROM_099 * ((1 - 0.995**2) / (1 - 0.99**2)) ** 2)
    if 0.65 <= ratio <= 1.5:
        return ("The energy singular value halves with 1 − e², so the step above it, s6/s7, doubles while the "
                "step below, s7/s8, halves at a given noise: the floor must come four times lower, σ ∝ (1 − e²)². "
                "Nearly elastic data need far less noise than the energy loss alone suggests.")
    if ratio > 5.7:
        raise Wrong("at e = 0.995 less energy is lost than at e = 0.99. Is the energy direction then easier or "
                    "harder to tell from the noise, so does the spurious law appear at more or at less noise?")
    if ratio > 2.8:
        raise Wrong("you predict no change. How does the energy singular value depend on e, and what happens to "
                    "the step from it down to the noise floor when e goes from 0.99 to 0.995?")
    if ratio > 1.5:
        raise Wrong("halving the noise keeps the ratio of the energy singular value to the noise floor. But which "
                    "ratio does the largest-gap rule compare it with, and does that one stay fixed when the energy "
                    "singular value halves?")
    raise Wrong("too small. Count how each of the two steps the rule compares, s6/s7 and s7/s8, changes when the "
                "energy singular value halves: by what factor must the floor then fall?")


_SPURIOUS = {
    "a": "energy really is conserved to within the precision of these data, so the law is correct",
    "b": "the energy singular value, of order 1 − e², stands less far above the noise floor than the next "
         "singular value stands above it, so the largest gap is now the one above it",
    "c": "the noise adds energy to the collisions and makes up for the energy lost",
    "d": "the L1 linear program fails on noisy data and returns a wrong vector",
}
_SPURIOUS_HINTS = {
    "a": "look at the left panel: is the singular value of the energy direction at the noise floor, or a clear "
         "factor above it? Whether a loss is measurable and whether the largest-gap rule counts it are two "
         "different questions.",
    "c": "the noise is added to the measured velocities, with zero mean; the simulated collisions are the same. "
         "What does the noise change in the left panel?",
    "d": "is the mistake in the sparse vectors or in their number? Count the singular values below the red line: "
         "the dimension of the null space is fixed before the linear program runs.",
}


@task("ch04-spurious-law", "Task 4.4, the spurious law")
def _spurious(answer):
    return grade_choice(answer, _SPURIOUS, "b", hints=_SPURIOUS_HINTS, remark=(
        "The rule cuts at the largest ratio s_k/s_(k+1). At σ = 1e-3 the energy singular value (the loss, "
        "of order 1 − e² = 0.02) stands about 11 times above the noise floor, while the singular value "
        "above it stands about 30 times above it, so the cut falls above the energy direction. Only less "
        "noise, or more dissipative data, can resolve it."))


# ----------------------------------------------------------------- task 4.5
@task("ch04-spring-law", "Task 4.5, the law of the springs")
def _spring_law(law):
    import sympy

    if law is ... or law is None:
        raise NotAttempted
    if not isinstance(law, sympy.Expr):
        raise StudentError(f"spring_law should be a SymPy expression of m, k, A and g (front.knee.expression), "
                           f"but it is a {type(law).__name__}.")
    names = {str(s) for s in law.free_symbols}
    if not names:
        raise Wrong("spring_law should be a SymPy expression of the variables m, k, A and g; this one has none.")
    if not names <= {"m", "k", "A", "g"}:
        raise Wrong(f"use the variable names of the data, m, k, A and g; found {', '.join(sorted(names))}.")
    sym = {n: sympy.Symbol(n, positive=True) for n in ("m", "k", "A", "g")}
    expr = law.subs({s: sym[str(s)] for s in law.free_symbols})
    m, k, A, g = (sym[n] for n in ("m", "k", "A", "g"))

    def proportional(other):
        return not sympy.simplify(expr / other).free_symbols

    if proportional(sympy.sqrt(m / k)):
        return ("The harmonic oscillator, T = 2π √(m/k): the amplitude and g are decoys (g only shifts where "
                "the spring hangs, not how fast it swings), and dimensional analysis rules out most formulas.")
    if proportional(sympy.sqrt(A / g)):
        raise Wrong("that is the period of a pendulum of length A; compare its error with that of the other "
                    "formulas on the front: here A and g are decoys.")
    if proportional(sympy.sqrt(k / m)) or proportional(sympy.sqrt(g / A)):
        raise Wrong("that formula is an inverse time (a frequency), not a period: give target_units={'s': 1}.")
    if proportional(m / k) or proportional(A / g):
        raise Wrong("that formula has the dimension of a time squared: the target is the period T itself.")
    raise Wrong("not the law in these data: search with the units of every variable and the target "
                "(a time), and take front.knee.expression.")
