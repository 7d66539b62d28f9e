"""Self-checks for the exercises of chapter 3 (neural networks as variational wavefunctions)."""
from __future__ import annotations

import jax
import numpy as np

from .. import nqs
from .. import quantum as Q
from . import Wrong, as_array, as_number, as_pair, call, task

#: the chain of the practice's tasks 3.2 and 3.4
PRACTICE_L = 10
PRACTICE_H = 1.0


# ----------------------------------------------------------------- task 3.1
@task("ch03-rayleigh", "Task 3.1, the Rayleigh quotient")
def _rayleigh(my_rayleigh):
    rng = np.random.default_rng(31)
    cases = []
    for n in (4, 7):
        A = rng.normal(size=(n, n))
        cases.append((A + A.T, 2.5 * rng.normal(size=n)))
    cases.append((Q.tfim_hamiltonian(4, 0.8), rng.normal(size=16)))            # a scipy sparse matrix
    for H, psi in cases:
        ref = Q.rayleigh_quotient(H, psi)
        got = as_number(call(my_rayleigh, H, psi, what="rayleigh_quotient"), "rayleigh_quotient(H, psi)")
        if np.isclose(got, ref, rtol=1e-8, atol=1e-10):
            continue
        norm2 = float(psi @ psi)
        if np.isclose(got, ref * norm2, rtol=1e-8):
            raise Wrong("the result changes when psi is rescaled: divide by ⟨ψ|ψ⟩.")
        if np.isclose(got, ref * np.sqrt(norm2), rtol=1e-8):
            raise Wrong("⟨ψ|ψ⟩ is the squared norm: divide by psi @ psi, not by np.linalg.norm(psi).")
        raise Wrong("compute psi @ (H @ psi) and divide by psi @ psi (H @ psi works for sparse matrices too).")
    return "It is invariant under rescaling ψ, and works for dense and sparse H."


# ----------------------------------------------------------------- task 3.2
@task("ch03-variational-bound", "Task 3.2, the lowest trial energy")
def _bound(lowest):
    lowest = as_number(lowest, "your lowest trial energy")
    e0 = Q.tfim_exact_energy(PRACTICE_L, PRACTICE_H)
    best_product = -PRACTICE_L * (1 + PRACTICE_H**2 / 4)       # mean field, sin θ = h/2J
    if lowest < e0 - 1e-9:
        raise Wrong("that is below the exact ground-state energy, which no trial state can reach: "
                    "check that you divide by ⟨ψ|ψ⟩ and use the chain with L = 10, h = 1.")
    if abs(lowest - best_product) <= 2e-3 * abs(best_product):
        return (f"The best product state stays {lowest - e0:.3f} above E₀ = {e0:.4f}: the correlation "
                "energy a product state cannot capture.")
    if lowest > -5:
        raise Wrong("random states sit near the middle of the spectrum; include the product states "
                    "ψ_θ and scan θ from 0 to π.")
    if lowest > best_product:
        raise Wrong("some product state does better: scan θ more finely around the minimum the slider shows.")
    raise Wrong("no product state reaches that low: did you change L, h or J from the task's values?")


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
        raise Wrong("the diagonal part −J Σ s_i s_{i+1} is missing.")
    if np.allclose(got, diag, atol=1e-9):
        raise Wrong("the off-diagonal part −h Σ_i ψ(s with spin i flipped)/ψ(s) is missing.")
    if np.allclose(got, diag - offdiag, atol=1e-9):
        raise Wrong("check the sign of the field term: H contains −h σˣ.")
    if np.allclose(got, diag - h * np.exp(-dlog).sum(1), atol=1e-9):
        raise Wrong("the ratio is upside down: it is ψ(s')/ψ(s), the flipped configuration on top.")
    if np.allclose(got, diag - h * dlog.sum(1), atol=1e-9):
        raise Wrong("rbm_log_amplitude returns log ψ: the ratio is exp(log ψ(s') − log ψ(s)).")
    open_diag = -J * np.sum(s[:, :-1] * s[:, 1:], axis=1)
    if np.allclose(got, open_diag + offdiag, atol=1e-9):
        raise Wrong("the chain is periodic: include the bond between the last and the first spin (np.roll).")
    raise Wrong("build it in two parts: the diagonal −J Σ s_i s_{i+1} (periodic), then −h times the "
                "sum over i of exp(log ψ(s⁽ⁱ⁾) − log ψ(s)).")


# ----------------------------------------------------------------- task 3.4
@task("ch03-vmc", "Task 3.4, VMC at your field")
def _vmc(answer):
    h, energy = as_pair(answer, "h", "energy")
    h = as_number(h, "h (the first entry)")
    energy = as_number(energy, "energy (the second entry)")
    if not 0 <= h <= 3:
        raise Wrong(f"choose a field between 0 and 3 with the slider; got h = {h:g}.")
    e0 = Q.tfim_exact_energy(PRACTICE_L, h)
    rel = (energy - e0) / abs(e0)
    if rel < -2e-3:
        raise Wrong("that is below the exact ground-state energy by more than the sampling noise: did you "
                    "run with L = 10 and pass the same h that you ran at?")
    if rel > 2e-3:
        raise Wrong("not converged yet (relative error above 2e-3): use SR (diag_shift=0.01), more "
                    "iterations, and average the energy over the last iterations.")
    bound = next(b * 10.0 ** k for k in range(-12, 1) for b in (1, 2, 5) if abs(rel) <= b * 10.0 ** k)
    return (f"At h = {h:g} your energy is within {bound:.0e} (relative) of the exact "
            f"E₀ = {e0:.4f}. Is the local-energy variance small too?")
