"""Self-checks for the exercises of chapter 4 (automated discovery from data)."""
from __future__ import annotations

import jax
import numpy as np
import scipy.constants

from .. import discovery as D
from . import NotAttempted, StudentError, Wrong, as_array, as_number, as_pair, call, task

SATURN_GM_JPL = 3.7931187e16   # m^3/s^2, JPL (Cassini)


def practice_collisions():
    """The collision data set of tasks 4.3 and 4.4: 300 events of three bodies in the plane, restitution 0.8."""
    return D.simulate_collisions(300, 3, 2, 0.8, key=jax.random.key(44))


def practice_springs():
    """The data set of task 4.5: 40 set-ups of a mass ``m`` (kg) on a spring ``k`` (N/m), released from
    an amplitude ``A`` (m) in a field ``g`` (m/s²), as a dict of arrays, and the periods ``T`` (s) with
    1 % log-normal noise.  The hidden law is the harmonic oscillator's; ``A`` and ``g`` are decoys."""
    rng = np.random.default_rng(45)
    setups = {"m": rng.uniform(0.1, 2.0, 40), "k": rng.uniform(5.0, 200.0, 40),
              "A": rng.uniform(0.01, 0.2, 40), "g": rng.uniform(1.6, 25.0, 40)}
    return setups, 2 * np.pi * np.sqrt(setups["m"] / setups["k"]) * np.exp(0.01 * rng.normal(size=40))


# ----------------------------------------------------------------- task 4.1
@task("ch04-power-law", "Task 4.1, your power-law fit")
def _power_law(my_fit):
    rng = np.random.default_rng(41)
    cases = [(np.geomspace(0.2, 30, 8), 1.5, 0.7, 0.0), (np.geomspace(1, 1e4, 12), -0.5, 20.0, 0.02),
             (np.linspace(2, 9, 6), 2.0, 3.0, 0.01)]
    for x, n, C, noise in cases:
        y = C * x**n * np.exp(noise * rng.normal(size=x.size))
        ref = D.fit_power_law(x, y)
        n_got, c_got = as_pair(call(my_fit, x, y, what="my_power_law_fit"), "exponent", "constant",
                               "the result of my_power_law_fit(x, y)")
        n_got, c_got = as_number(n_got, "the exponent"), as_number(c_got, "the constant")
        if np.isclose(n_got, ref.exponent, rtol=1e-6, atol=1e-9) and np.isclose(c_got, ref.constant, rtol=1e-6):
            continue
        if np.isclose(n_got, ref.exponent, rtol=1e-6, atol=1e-9):
            if np.isclose(c_got, ref.log_constant, rtol=1e-6, atol=1e-9):
                raise Wrong("the exponent is right; the intercept of the line is ln C, so C = exp(intercept).")
            if np.isclose(c_got, 10 ** ref.log_constant, rtol=1e-6):
                raise Wrong("the exponent is right; with natural logs the constant is exp(intercept), "
                            "not 10**intercept.")
            raise Wrong("the exponent is right but the constant is not: C = exp(intercept of ln y against ln x).")
        if np.isclose(c_got, ref.exponent, rtol=1e-6, atol=1e-9):
            raise Wrong("the pair looks swapped: return (exponent, constant); np.polyfit returns the slope first.")
        if np.isclose(n_got, 1 / ref.exponent, rtol=1e-3):
            raise Wrong("that is the inverse exponent: fit ln y against ln x, not ln x against ln y.")
        slope = np.polyfit(x, y, 1)[0]
        if np.isclose(n_got, slope, rtol=1e-6):
            raise Wrong("a straight-line fit to y against x gives a slope, not an exponent: take logarithms of both.")
        raise Wrong("take logs of both x and y, fit a straight line (np.polyfit(np.log(x), np.log(y), 1)); "
                    "the slope is the exponent.")
    return "It agrees with least squares in log-log coordinates on exact and noisy power laws."


# ----------------------------------------------------------------- task 4.2
@task("ch04-saturn-mass", "Task 4.2, the mass of Saturn")
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
        raise Wrong("that looks like GM, or GM multiplied by G: the fit gives GM = 4π²/C², then divide by "
                    "G = scipy.constants.G.")
    for factor, what in ((km**3 / day**2, "kilometres and days"), (km**3, "kilometres"),
                         (1 / day**2, "days")):
        if abs(mass * factor / ref - 1) < 5e-3:
            raise Wrong(f"check the units: convert {what} to metres and seconds before using G "
                        "(moons.a_unit_m and moons.P_unit_s).")
    if abs(mass / ref - 1) < 0.2:
        raise Wrong("close, but more than 0.5 % off: fix the exponent at 3/2 (exponent=1.5) and use "
                    "GM = 4π²/C² with a in metres and P in seconds.")
    raise Wrong("from P = C a^{3/2} in SI units, GM = 4π²/C², and M = GM/G.")


# ----------------------------------------------------------------- task 4.3
@task("ch04-feature-changes", "Task 4.3, the matrix of feature changes")
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


# ----------------------------------------------------------------- task 4.4
@task("ch04-conserved", "Task 4.4, the conserved quantities")
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
