r"""Self-checks for the exercises of chapter 12 (learned force fields for molecular simulation).

Task 12.1 compares a student's Lennard-Jones pair force with ``jax.grad`` of the pair energy of
:func:`physml.forcefield.lennard_jones_energy`; task 12.3 compares a student's radial symmetry function
:math:`G^2_i = \sum_{j\ne i} e^{-\eta (r_{ij}-r_s)^2} f_c(r_{ij})` with a brute-force loop.
"""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from . import (
    StudentError,
    Wrong,
    as_number,
    as_number_pair,
    call,
    grade_choice,
    reject_near,
    reject_typical_mistakes,
    task,
)

# ----------------------------------------------------------------- task 12.1
#: (ε, σ) at which a student's pair force is compared, and the distances in units of σ
PAIR_CASES = ((1.0, 1.0), (0.7, 1.3), (2.5, 0.8))
PAIR_DISTANCES = np.array([0.93, 1.0, 1.07, 1.12, 1.21, 1.38, 1.6, 1.95, 2.4])


def pair_force_reference(r, epsilon, sigma):
    r"""The radial force :math:`F(r) = -\mathrm dV/\mathrm dr` of the pair potential, by ``jax.grad`` of the
    energy of two atoms a distance ``r`` apart (:func:`physml.forcefield.lennard_jones_energy`): the force on
    the second atom along the line from the first (positive: repulsive)."""
    from .. import forcefield as FF

    def energy(x):
        positions = jnp.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]]) * x
        return FF.lennard_jones_energy(positions, epsilon, sigma)

    dE = jax.vmap(jax.grad(energy))(jnp.asarray(r, dtype=jnp.float64))
    return -np.asarray(dE)


def pair_force_variant(kind):
    """The pair force with a typical slip (for the hints and their tests); ``"right"`` is correct."""
    def f(r, epsilon, sigma):
        r = np.asarray(r, dtype=float)
        s6, s12 = (sigma / r) ** 6, (sigma / r) ** 12
        if kind == "sign":
            return -24 * epsilon * (2 * s12 - s6) / r
        if kind == "no-powers":                    # d/dr r⁻ⁿ taken as r⁻ⁿ⁻¹, the exponents forgotten
            return 4 * epsilon * (s12 - s6) / r
        if kind == "no-r":                         # the chain rule's 1/r lost
            return 24 * epsilon * (2 * s12 - s6)
        if kind == "over-r2":                      # F(r)/r: the factor that multiplies the vector r_ij
            return 24 * epsilon * (2 * s12 - s6) / r ** 2
        if kind == "no-four":                      # V = ε[(σ/r)¹² − (σ/r)⁶]
            return 6 * epsilon * (2 * s12 - s6) / r
        if kind == "both-twelve":                  # 12 on both terms
            return 48 * epsilon * (s12 - s6) / r
        if kind == "both-six":                     # 6 on both terms
            return 24 * epsilon * (s12 - s6) / r
        if kind == "energy":                       # the potential itself
            return 4 * epsilon * (s12 - s6)
        return 24 * epsilon * (2 * s12 - s6) / r
    return f


_PAIR_HINTS = (
    ("sign", "your force has the wrong sign: it pulls the atoms together when they are closer than the minimum. "
     "The force is F = −dV/dr; which sign does it have where V falls steeply as r grows?"),
    ("energy", "that is the potential V(r) itself, not the force. Differentiate: F(r) = −dV/dr."),
    ("no-r", "your force is off by a factor r. Differentiating (σ/r)ⁿ with respect to r gives −n (σ/r)ⁿ / r: "
     "where is the 1/r?"),
    ("over-r2", "your force is off by a factor 1/r: that is F(r)/r, the factor that multiplies the vector r_ij "
     "in the force on an atom, not the radial force F(r) itself."),
    ("no-powers", "the exponents are missing. d/dr (σ/r)¹² = −12 (σ/r)¹²/r: the power comes down as a factor."),
    ("no-four", "a factor 4 is missing: V(r) = 4ε[(σ/r)¹² − (σ/r)⁶]."),
    ("both-twelve", "the two terms carry different powers, so they come down with different factors: 12 for "
                    "the repulsion, 6 for the attraction."),
    ("both-six", "the two terms carry different powers, so they come down with different factors: 12 for the "
                 "repulsion, 6 for the attraction."),
)


def _pair_values(my_pair_force):
    rows = []
    for epsilon, sigma in PAIR_CASES:
        r = PAIR_DISTANCES * sigma
        got = call(my_pair_force, r.copy(), epsilon, sigma, what="my_pair_force")
        try:
            arr = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise StudentError(f"my_pair_force should return an array of numbers, but it returns a "
                               f"{type(got).__name__}.") from None
        if arr.shape != r.shape:
            raise Wrong(f"my_pair_force(r, epsilon, sigma) has shape {arr.shape} for distances r of shape "
                        f"{r.shape}; it should return one force per distance (use NumPy operations on r).")
        rows.append(arr)
    return np.array(rows)


def _pair_reference(kind=None):
    f = pair_force_reference if kind is None else pair_force_variant(kind)
    return np.array([f(PAIR_DISTANCES * sigma, epsilon, sigma) for epsilon, sigma in PAIR_CASES])


@task("ch12-pair-force", "Task 12.1, the Lennard-Jones pair force")
def _pair_force(my_pair_force):
    with np.errstate(all="ignore"):
        got = _pair_values(my_pair_force)
    if np.allclose(got, _pair_reference(), rtol=1e-9, atol=1e-12):
        return ("It agrees with jax.grad of the energy at every distance, for any ε and σ. The next cell checks "
                "it by finite differences too, and finds where it changes sign.")
    if not np.all(np.isfinite(got)):
        raise Wrong("your force is nan or inf at some distances between 0.93σ and 2.4σ, where the true force is "
                    "finite. Check for a division by zero or a wrong power.")
    reject_typical_mistakes(got, ((_pair_reference(kind), hint) for kind, hint in _PAIR_HINTS),
                            rtol=1e-9, atol=1e-12)
    ratio = got / _pair_reference()
    if np.allclose(ratio, ratio.flat[0], rtol=1e-9):
        raise Wrong("your force has the right shape but the wrong size: it is the true force times a constant. "
                    "Check every factor of V(r) = 4ε[(σ/r)¹² − (σ/r)⁶] and of its derivative.")
    raise Wrong("your F(r) differs from −dV/dr of V(r) = 4ε[(σ/r)¹² − (σ/r)⁶]. Differentiate term by term; a "
                "test: the force must vanish at the minimum of V and be repulsive (positive) at r = σ.")


# ----------------------------------------------------------------- task 12.2
#: The minimum of the pair potential in reduced units: (r_min/σ, V(r_min)/ε)
def minimum_reference():
    """(r_min/σ, V(r_min)/ε) of V(r) = 4ε[(σ/r)¹² − (σ/r)⁶]: (2^{1/6}, −1)."""
    return 2.0 ** (1 / 6), -1.0


@task("ch12-minimum", "Task 12.2, the minimum of the pair potential")
def _minimum(answer):
    r_min, depth = as_number_pair(answer, "r_min", "V_min", "minimum",
                                  first_what="r_min (the distance of the minimum, in units of σ)",
                                  second_what="V_min (the potential there, in units of ε)")
    ref_r, ref_v = minimum_reference()
    r_ok, v_ok = abs(r_min - ref_r) < 2e-3, abs(depth - ref_v) < 2e-3
    if r_ok and v_ok:
        return ("The bond length of a Lennard-Jones pair. The next cell compares it with the first peak of the "
                "liquid's g(r), where the neighbours sit.")
    if r_ok:
        if abs(depth - 1.0) < 2e-3:
            raise Wrong("the depth has the wrong sign: at the minimum the pair is bound, so V(r_min) < 0.")
        reject_near(depth, ((-4.0, 2e-3, "at the minimum (σ/r)⁶ = 1/2, so V = 4ε(1/4 − 1/2): what is that?"),
                            (0.0, 2e-3, "V(σ) = 0 is where the potential crosses zero, not its minimum value.")))
        raise Wrong("the distance is right, the depth is not: insert (σ/r_min)⁶ into V(r) = 4ε[(σ/r)¹² − (σ/r)⁶].")
    reject_near(r_min, (
        (1.0, 2e-3, "r = σ is where V crosses zero (V(σ) = 0), not where it is lowest: there the force is "
         "strongly repulsive. Set dV/dr = 0."),
        (2.0 ** (-1 / 6), 2e-3, "that is the inverse: dV/dr = 0 gives (σ/r)⁶ = 1/2, so r⁶ = 2σ⁶, not σ⁶/2."),
        (2.0 ** (1 / 3), 2e-3, "check the exponent: dV/dr = 0 gives a condition on (σ/r)⁶, so take a sixth root."),
        (2.0 ** (1 / 12), 2e-3, "check the exponent: dV/dr = 0 gives a condition on (σ/r)⁶, so take a sixth "
         "root."),
        (2.5, 0.01, "2.5σ is a common cutoff of the potential, not its minimum."),
    ))
    if r_min < 1.0:
        raise Wrong("below r = σ the potential is positive and steeply repulsive; the minimum lies farther out. "
                    "Set dV/dr = 0 and solve for (σ/r)⁶.")
    raise Wrong("set dV/dr = 0: −12σ¹²/r¹³ + 6σ⁶/r⁷ = 0 gives a condition on (σ/r)⁶. Solve it, then evaluate V "
                "there.")


# ----------------------------------------------------------------- task 12.3
#: (η, r_s, r_cut) of the checked radial symmetry functions, in units of σ
G2_CASES = ((1.0, 0.0, 3.0), (4.0, 1.1, 2.5), (0.5, 1.6, 2.0))


def g2_configurations():
    """Random clusters on which a student's G² is compared: 7, 9 and 12 atoms in 3D, some pairs beyond the
    cutoff, none closer than 0.8σ."""
    rng = np.random.default_rng(1207)
    out = []
    for n, size in ((7, 2.2), (9, 3.0), (12, 3.4)):
        pts = []
        while len(pts) < n:
            p = rng.uniform(0.0, size, 3)
            if all(np.linalg.norm(p - q) > 0.8 for q in pts):
                pts.append(p)
        out.append(np.array(pts))
    return out


def g2_variant(kind):
    """A radial symmetry function ``f(positions, eta, r_s, r_cut) -> (N,)`` with a typical slip (for the hints
    and their tests); ``"right"`` is correct. Brute-force loops, no vectorisation: the reference."""
    def f(positions, eta, r_s, r_cut):
        x = np.asarray(positions, dtype=float)
        n = len(x)
        out = np.zeros(n)
        for i in range(n):
            for j in range(n):
                if i == j and kind != "self":
                    continue
                r = float(np.linalg.norm(x[i] - x[j]))
                if kind == "no-cutoff":
                    fc = 1.0
                elif kind == "cos-only":
                    fc = np.cos(np.pi * r / r_cut) if r < r_cut else 0.0
                elif kind == "no-step":
                    fc = 0.5 * (np.cos(np.pi * r / r_cut) + 1.0)
                else:
                    fc = 0.5 * (np.cos(np.pi * r / r_cut) + 1.0) if r < r_cut else 0.0
                if kind == "no-shift":
                    g = np.exp(-eta * r ** 2)
                elif kind == "squared-distance":
                    g = np.exp(-eta * (r ** 2 - r_s ** 2) ** 2)
                elif kind == "no-square":
                    g = np.exp(-eta * (r - r_s))
                elif kind == "plus":
                    g = np.exp(eta * (r - r_s) ** 2)
                else:
                    g = np.exp(-eta * (r - r_s) ** 2)
                out[i] += g * fc
        return out
    return f


_G2_HINTS = (
    ("self", "each atom also counts itself: the sum runs over the neighbours j ≠ i. Its own term, at r = 0, "
             "adds the same constant to every atom."),
    ("no-cutoff", "atoms beyond r_cut still contribute: the cutoff function f_c(r) = ½[cos(πr/r_cut) + 1] must "
                  "multiply every term, and be 0 for r ≥ r_cut."),
    ("no-step", "for r beyond r_cut the cosine rises again: f_c(r) is ½[cos(πr/r_cut) + 1] only for r < r_cut "
                "and 0 beyond."),
    ("cos-only", "f_c(r) = ½[cos(πr/r_cut) + 1], which falls smoothly from 1 at r = 0 to 0 at r_cut; cos(πr/r_cut) "
                 "alone turns negative halfway."),
    ("no-shift", "your G² does not depend on r_s: the Gaussian is centred on the shell r = r_s, "
                 "exp(−η (r − r_s)²)."),
    ("squared-distance", "the Gaussian is in the distance itself, exp(−η (r − r_s)²), not in r² − r_s²."),
    ("no-square", "the exponent is −η (r − r_s)², a Gaussian shell: is the square there?"),
    ("plus", "your terms grow with the distance from r_s: the exponent is −η (r − r_s)²."),
)


def _g2_values(my_radial_g2):
    out = []
    for positions in g2_configurations():
        for eta, r_s, r_cut in G2_CASES:
            got = call(my_radial_g2, positions.copy(), eta, r_s, r_cut, what="my_radial_g2")
            try:
                arr = np.asarray(got, dtype=float)
            except (TypeError, ValueError):
                raise StudentError(f"my_radial_g2 should return an array of numbers, but it returns a "
                                   f"{type(got).__name__}.") from None
            if arr.shape != (len(positions),):
                raise Wrong(f"my_radial_g2(positions, eta, r_s, r_cut) has shape {arr.shape} for {len(positions)} "
                            f"atoms; it should return one G² per atom, shape ({len(positions)},).")
            out.append(arr)
    return np.concatenate(out)


def _g2_reference(kind="right"):
    f = g2_variant(kind)
    return np.concatenate([f(x, eta, r_s, r_cut) for x in g2_configurations() for eta, r_s, r_cut in G2_CASES])


@task("ch12-radial-descriptor", "Task 12.3, a radial symmetry function")
def _radial_descriptor(my_radial_g2):
    with np.errstate(all="ignore"):
        got = _g2_values(my_radial_g2)
    if np.allclose(got, _g2_reference(), rtol=1e-9, atol=1e-12):
        return ("It agrees on random clusters for three (η, r_s, r_cut). The next cells rotate, translate and "
                "permute a cluster and watch your G² not change.")
    if not np.all(np.isfinite(got)):
        raise Wrong("your G² is nan or inf for some atoms; every term is a bounded number between 0 and 1.")
    reject_typical_mistakes(got, ((_g2_reference(kind), hint) for kind, hint in _G2_HINTS), rtol=1e-9, atol=1e-12)
    raise Wrong("your G² differs from Σ_{j≠i} exp(−η (r_ij − r_s)²) f_c(r_ij) with f_c(r) = ½[cos(πr/r_cut) + 1] "
                "for r < r_cut and 0 beyond. Test it on two atoms, where the sum has a single term you can "
                "compute by hand.")


# ----------------------------------------------------------------- task 12.4
@task("ch12-verlet-order", "Task 12.4, how velocity Verlet's energy error scales with the step")
def _verlet_order(exponent):
    if isinstance(exponent, (float, np.floating, np.ndarray)) and np.size(exponent) == 1 \
            and np.isnan(np.asarray(exponent, dtype=float)).all():
        raise Wrong("your exponent is nan. Did the runs record the potential energy? velocity_verlet's total is "
                    "nan unless you pass energy=energy13; and a run whose error is exactly 0 gives log(0).")
    p = as_number(exponent, "exponent")
    if 1.75 <= p <= 2.25:
        return ("Velocity Verlet is a second-order symplectic method: the energy it conserves exactly is a "
                "shadow Hamiltonian H + O(dt²), so halving the step divides the energy error by four, and the "
                "error stays bounded instead of growing.")
    reject_near(p, (
        (-2.0, 0.3, "a negative exponent means the error grows as the step shrinks. Did you fit against 1/dt, or "
         "against the number of steps, instead of against dt?"),
        (0.5, 0.2, "the axes look swapped: fit log(error) against log(dt), so that the slope is the exponent p of "
         "error ∝ dt^p."),
        (0.0, 0.3, "an error that does not change with the step does not come from the integrator. Is the "
         "potential smooth at the cutoff (a jump in V adds an error at every crossing), and are all runs over "
         "the same time span?"),
        (1.0, 0.3, "that is the order of the explicit Euler method. Velocity Verlet is symmetric in time: which "
         "powers of dt can its error then contain?"),
        (3.0, 0.3, "that is the order of the error of a single step. Over a fixed time span the error of "
         "velocity Verlet does not accumulate step after step: it oscillates about a shadow energy. Measure the "
         "largest deviation over a fixed time, not one step."),
        (4.0, 0.3, "that is the order of RK4, which evaluates the force four times per step; velocity Verlet "
         "evaluates it once. Expand one step in powers of dt and compare it with the exact flow."),
    ))
    if p < 0:
        raise Wrong("a negative exponent means a smaller step gives a larger error. Fit log(error) against log(dt) "
                    "over runs of the same length in time.")
    if p < 1.75:
        raise Wrong("too small. Are your largest steps near the stability limit, or your smallest steps at "
                    "round-off? Use steps where the error is well above 10⁻¹² and the run is stable.")
    raise Wrong("too large. Measure the largest |E(t) − E(0)| over runs of the same length in time, after the "
                "first oscillation, for steps that differ by a factor 2 or more.")


# ----------------------------------------------------------------- task 12.5
DIRECT_FORCE_OPTIONS = {
    "a": "the energy drift, because no energy E exists with F = −∇E, so the work done around a closed path need "
         "not vanish; Σ F ≠ 0, because nothing makes the force of i on j the opposite of that of j on i (an "
         "energy invariant under translations would give Σ_i ∂E/∂r_i = 0); the rotation error, because a generic "
         "network of displacement vectors is not built to rotate its output with its input",
    "b": "the energy drift, because velocity Verlet is only symplectic when the network is smooth; Σ F ≠ 0, "
         "because its inputs are not translation invariant; the rotation error, because the training data do "
         "not contain rotated copies",
    "c": "all three follow from the training error alone: a network trained to zero error on the reference "
         "forces would have none of them, anywhere",
    "d": "Σ F ≠ 0 causes the drift (the centre of mass accelerates and its kinetic energy grows), and the "
         "rotation error causes Σ F ≠ 0; only one structure is missing, rotational equivariance",
}


@task("ch12-direct-force", "Task 12.5, what a direct-force network lacks")
def _direct_force(answer):
    return grade_choice(answer, DIRECT_FORCE_OPTIONS, "a", remark=(
        "A potential gives all three for free: F = −∇E conserves the energy of the exact dynamics, E(r + a) = "
        "E(r) gives Σ F = 0, and E(Rr) = E(r) gives F(Rr) = R F(r). A direct-force network must learn each "
        "one, and learns it only approximately and only near its data. The next cell measures all three."),
        hints={
        "b": "velocity Verlet is symplectic for any Hamiltonian flow. And the network's inputs, displacement "
             "vectors r_j − r_i, are already translation invariant: does that make its forces add up to zero? "
             "What would an energy give?",
        "c": "no network reaches zero error everywhere: between and beyond the training configurations it "
             "interpolates. Which of the three properties would a potential have exactly, even with a training "
             "error?",
        "d": "a force can sum to zero and still not be the gradient of any energy (think of a force field that "
             "circulates): the drift and Σ F ≠ 0 are separate failures. Which missing structure gives each?",
    })
