"""Self-checks for the exercises of chapter 3 (neural networks as variational wavefunctions)."""
from __future__ import annotations

import jax
import numpy as np

from .. import nqs
from .. import quantum as Q
from . import (
    StudentError,
    Wrong,
    as_array,
    as_formula,
    as_number,
    as_number_pair,
    call,
    grade_choice,
    reject_typical_mistakes,
    task,
)

#: the chain of the practice's tasks 3.2 and 3.5
PRACTICE_L = 10
PRACTICE_H = 1.0


# ----------------------------------------------------------------- task 3.1
def _two_spin_reference(h, J):
    """The ground energy of the two-spin ring, −2√(J² + h²)."""
    return -2 * np.sqrt(J**2 + h**2)


def _two_spin_mistakes():
    """Typical results of a wrong derivation of the two-spin ring's ground energy, with their hints."""
    return [
        (lambda h, J: -np.sqrt(J**2 + 4 * h**2),
         "on a ring of two spins, how many terms of the sum over bonds i = 1, 2 join spin 1 and spin 2? "
         "Check your formula at h = 0, where two aligned spins should have energy −2J."),
        (lambda h, J: -np.sqrt(4 * J**2 + h**2),
         "apply σˣ₁ + σˣ₂ to (|↑↑⟩ + |↓↓⟩)/√2: how many terms land on |↑↓⟩ and on |↓↑⟩, and what is the "
         "off-diagonal element of the 2×2 block? Check your formula for J → 0, where two free spins in a "
         "field have energy −2h."),
        (lambda h, J: -np.sqrt(J**2 + h**2),
         "at h = 0, does your formula give −2J, the energy of two aligned spins joined by two bonds? "
         "Something is off by a constant factor: compare each entry of your 2×2 block with H."),
        (lambda h, J: 2 * np.sqrt(J**2 + h**2),
         "that is the highest level of its block: check the sign; the ground state is the lowest."),
        (lambda h, J: -2 * J + 0 * h,
         "your energy does not change with h. Which sector, P = +1 or P = −1, does the field mix, and "
         "what is the lowest eigenvalue there?"),
        (lambda h, J: -2 * J - h**2 / J,
         "that is the start of a small-h expansion (second-order perturbation theory). The 2×2 block can "
         "be diagonalised exactly: what are its eigenvalues?"),
        (lambda h, J: -2 * J - h**2 / (2 * J),
         "that is the best product state (mean field, sin θ = h/2J), and also what non-degenerate "
         "perturbation theory from |↑↑⟩ alone gives. But |↑↑⟩ and |↓↓⟩ are degenerate at h = 0: which "
         "combination of them does the field lower? The exact ground state is entangled and lies lower: "
         "diagonalise the 2×2 block of the even sector."),
    ]


@task("ch03-two-spin-energy", "Task 3.1, the ground state of the two-spin ring")
def _two_spin(formula):
    f = as_formula(formula, ("h", "J"), what="your E₀(h, J)")
    rng = np.random.default_rng(301)
    h = rng.uniform(0.2, 2.5, 6)
    J = rng.uniform(0.4, 2.0, 6)
    try:
        got = np.broadcast_to(np.asarray(f(h, J), dtype=float), h.shape)
    except StudentError:
        raise
    except (TypeError, ValueError) as e:
        raise StudentError(f"your formula did not give numbers for numeric h and J ({type(e).__name__}).") from None
    if not np.all(np.isfinite(got)):
        raise Wrong("your formula gives a value that is not a finite number for some h, J > 0.")
    if np.allclose(got, _two_spin_reference(h, J), rtol=1e-8, atol=1e-10):
        return ("It agrees with exact diagonalisation, and with the Jordan–Wigner sum at L = 2, "
                "whose momenta ±π/2 have cos k = 0.")
    mistakes = ((mistake(h, J), hint) for mistake, hint in _two_spin_mistakes())
    reject_typical_mistakes(got, mistakes, rtol=1e-8, atol=1e-10)
    if np.ptp(got / J) < 1e-9 * max(1.0, np.abs(got).max()) or np.ptp(got) < 1e-12:
        raise Wrong("your formula does not depend on h, or only through J: the field must lower the energy. "
                    "Which basis states does −h(σˣ₁ + σˣ₂) connect?")
    if np.any(got > 0):
        raise Wrong("a ground-state energy of this H is negative for h, J > 0 (the trace of H is zero): "
                    "check the signs.")
    raise Wrong("write H as a 4×4 matrix in the basis ↑↑, ↑↓, ↓↑, ↓↓ (which entries are −2J, +2J, −h?), "
                "then use the parity to split it into two 2×2 blocks. What are the eigenvalues of each block?")


# ----------------------------------------------------------------- task 3.2
@task("ch03-variational-bound", "Task 3.2, the lowest trial energy")
def _bound(lowest):
    lowest = as_number(lowest, "your lowest trial energy")
    e0 = Q.tfim_exact_energy(PRACTICE_L, PRACTICE_H)
    best_product = -PRACTICE_L * (1 + PRACTICE_H**2 / 4)       # mean field, sin θ = h/2J
    if lowest < e0 - 1e-9:
        raise Wrong("that is below the exact ground-state energy, which no trial state can reach: "
                    "did you use the chain with L = 10, h = 1, and the Rayleigh quotient (divided by ⟨ψ|ψ⟩)?")
    if abs(lowest - best_product) <= 2e-3 * abs(best_product):
        return (f"The best product state stays {lowest - e0:.3f} above E₀ = {e0:.4f}: the correlation "
                "energy a product state cannot capture.")
    if lowest > -5:
        raise Wrong("random states sit near the middle of the spectrum. Which of your two families can get "
                    "close to the ground state? Did you scan the product states ψ_θ from θ = 0 to π?")
    if lowest > best_product:
        raise Wrong("some product state does better: is your grid of angles fine enough near the minimum "
                    "the slider shows?")
    raise Wrong("no product state reaches that low: did you change L, h or J from the task's values?")


PRODUCT_GAP_OPTIONS = {
    "a": "worst at h = 0",
    "b": "worst near h = J, the true critical point",
    "c": "worst near h = 2J, where the best angle reaches 90 degrees",
    "d": "the gap keeps growing with h",
}


@task("ch03-product-gap", "Task 3.2, where the product state is worst")
def _product_gap(answer):
    return grade_choice(answer, PRODUCT_GAP_OPTIONS, "c", remark=(
        "Mean field puts its transition at h = 2J, where the best angle reaches 90°; the exact "
        "ground state is a product state at h = 0 and again for h ≫ J, so the gap, which measures "
        "the correlations a product state misses, is largest in between, near the field where "
        "mean field's own picture changes."), hints={
        "a": "set h = 0 and read the gap. What is the exact ground state without a field, and is it a "
             "product state?",
        "b": "compare the gap at h = 1 with the gap at h = 1.75 and h = 2. Where does mean field (sin θ = h/2J) "
             "put its own transition?",
        "d": "where do the spins of the exact ground state point when h is much larger than J, and is that a "
             "product state? Read the gap at h = 2, 3 and 4: which way does it go?",
    })


# ----------------------------------------------------------------- task 3.3
@task("ch03-local-energy", "Task 3.3, the local energy")
def _local_energy(my_local_energy):
    L, h, J = 6, 0.9, 1.1
    params = nqs.rbm_init(L, 1, key=jax.random.key(33), scale=0.4)
    s = Q.spin_configurations(L)[::5].astype(float)
    ref = np.asarray(nqs.local_energy(nqs.rbm_log_amplitude, params, s, h, J))
    got = as_array(call(my_local_energy, params, s, h, J, what="my_local_energy"),
                   what="my_local_energy(params, s, h, J)")
    if got.shape != ref.shape:
        raise Wrong(f"return one local energy per configuration: shape {ref.shape} for s of shape {s.shape}, "
                    f"got {got.shape}.")
    if np.allclose(got, ref, rtol=1e-9, atol=1e-9):
        return "It matches ⟨s|H|ψ⟩/⟨s|ψ⟩ on every configuration."
    diag = -J * np.sum(s * np.roll(s, -1, axis=1), axis=1)
    offdiag = ref - diag
    lp = np.asarray(nqs.rbm_log_amplitude(params, s))
    flipped = s[:, None, :] * (1 - 2 * np.eye(L))[None]
    dlog = np.asarray(nqs.rbm_log_amplitude(params, flipped)) - lp[:, None]
    if np.allclose(got, offdiag, atol=1e-9):
        raise Wrong("the diagonal part is missing: what does −J Σ σᶻᵢσᶻᵢ₊₁ give when it acts on the basis "
                    "state |s⟩?")
    if np.allclose(got, diag, atol=1e-9):
        raise Wrong("the off-diagonal part is missing: which configurations does σˣᵢ connect s to, and with "
                    "which amplitude ratio?")
    if np.allclose(got, diag - offdiag, atol=1e-9):
        raise Wrong("check the sign of the field term: is it +h or −h in H?")
    if np.allclose(got, diag - h * np.exp(-dlog).sum(1), atol=1e-9):
        raise Wrong("the ratio is upside down: in ⟨s|H|ψ⟩/⟨s|ψ⟩, which amplitude is in the denominator?")
    if np.allclose(got, diag - h * dlog.sum(1), atol=1e-9):
        raise Wrong("rbm_log_amplitude returns log ψ: how does a difference exp(log ψ(s') − log ψ(s)) "
                    "relate to the ratio you need?")
    open_diag = -J * np.sum(s[:, :-1] * s[:, 1:], axis=1)
    if np.allclose(got, open_diag + offdiag, atol=1e-9):
        raise Wrong("is the chain open or periodic? Which bond does your sum leave out?")
    raise Wrong("take the two terms of H one at a time: what is ⟨s|σᶻᵢσᶻᵢ₊₁|ψ⟩/⟨s|ψ⟩, and which "
                "configurations appear in ⟨s|σˣᵢ|ψ⟩? Test your function on one configuration of two spins.")


# ----------------------------------------------------------------- task 3.4
@task("ch03-reparametrise", "Task 3.4, the prediction for θ = 10 φ")
def _reparametrise(prediction):
    gd, sr = as_number_pair(prediction, "factor for gradient descent", "factor for SR",
                            first_what="the factor for gradient descent (the first entry)",
                            second_what="the factor for SR (the second entry)")
    gd_ok = abs(gd - 100) <= 1
    sr_ok = abs(sr - 1) <= 0.1
    if gd_ok and sr_ok:
        return ("Gradient descent picks up κ² = 100, one κ from ∇_φE = κ∇_θE and one from δθ = κ δφ; SR's "
                "S_φ = κ²S_θ cancels both, so the state moves the same way. Run the next cell to see it.")
    if not gd_ok:
        if abs(gd - 10) <= 0.5:
            raise Wrong("for gradient descent, the chain rule acts twice: ∇_φE = κ∇_θE, and a step δφ moves θ "
                        "by how much? Count the factors of κ.")
        if abs(gd - 1) <= 0.1:
            raise Wrong("is plain gradient descent independent of the parametrisation? What is ∇_φE in terms "
                        "of ∇_θE when θ = κφ?")
        if 0 < gd < 1:
            raise Wrong("larger or smaller? With θ = κφ and κ = 10, is ∇_φE larger or smaller than ∇_θE, and "
                        "does a step δφ move θ by more or less than δφ?")
        raise Wrong("for gradient descent, write ∇_φE in terms of ∇_θE, then the step in θ that a step δφ "
                    "makes. How many factors of κ = 10 appear?")
    if abs(sr - 100) <= 1 or abs(sr - 10) <= 0.5:
        raise Wrong("your gradient-descent factor is right. For SR, how does S change when every O_k is "
                    "multiplied by κ, and what does (S_φ)⁻¹ do to the factors of κ of the gradient?")
    if 0 < sr < 1:
        raise Wrong("your gradient-descent factor is right. For SR, what is S_φ when every O_k is multiplied "
                    "by κ? Write the step in θ, κ·δφ, with it and count the factors of κ: do they cancel, or "
                    "leave one over?")
    raise Wrong("your gradient-descent factor is right. For SR, write S_φ and ∇_φE in terms of S_θ and ∇_θE "
                "and simplify the step in θ, κ·δφ.")


# ----------------------------------------------------------------- task 3.5
@task("ch03-vmc", "Task 3.5, VMC at your field")
def _vmc(answer):
    h, energy = as_number_pair(answer, "h", "energy")
    if not 0.2 <= h <= 2:
        raise Wrong(f"choose a field between 0.2 and 2 with the slider; got h = {h:g}.")
    e0 = Q.tfim_exact_energy(PRACTICE_L, h)
    rel = (energy - e0) / abs(e0)
    if rel < -2e-3:
        raise Wrong("that is below the exact ground-state energy by more than the sampling noise: did you "
                    "run with L = 10 and pass the same h that you ran at?")
    if rel > 2e-3:
        raise Wrong("not converged yet (relative error above 2e-3): is the local-energy variance still "
                    "falling at the end of the run? Which optimiser, how many iterations, and which iterations "
                    "did you average?")
    bound = next(b * 10.0 ** k for k in range(-12, 1) for b in (1, 2, 5) if abs(rel) <= b * 10.0 ** k)
    return (f"At h = {h:g} your energy is within {bound:.0e} (relative) of the exact "
            f"E₀ = {e0:.4f}. Is the local-energy variance small too?")
