"""Onsager reciprocity as a prior: estimating a symmetric response matrix from noisy data.

Chapter 8 uses everything here.

Linear response: fluxes ``J = L X`` for thermodynamic forces ``X``.  Onsager's reciprocal relations
say ``L = Lᵀ``, and the second law (non-negative entropy production ``XᵀLX ≥ 0``) says ``L`` is
positive semidefinite.  From ``m`` noisy measurements, :func:`least_squares_response` gives the
unconstrained estimate ``Ŵ``; :func:`symmetrize` projects it onto the symmetric matrices,
``½(Ŵ + Ŵᵀ)``, and :func:`project_psd` further onto the positive-semidefinite cone.  Both are
orthogonal projections onto convex sets that contain the true ``L``, so neither can increase the
Frobenius error.  :func:`simulate_response` makes the data.
"""
from __future__ import annotations

import numpy as np

from ._validate import count, finite_array, positive_float

__all__ = ["simulate_response", "least_squares_response", "symmetrize", "project_psd"]


def _square(name, W):
    W = finite_array(name, W, ndim=2)
    if W.shape[0] != W.shape[1]:
        raise ValueError(f"{name} must be a square matrix, got shape {W.shape}")
    return W


def simulate_response(L, n_samples, noise, seed=0):
    """Measurements ``J_k = L X_k + ε_k`` with forces ``X_k ~ N(0, I)`` and ``ε_k ~ N(0, noise² I)``.

    Returns ``(X, J)``, each of shape ``(n_samples, n)``.
    """
    L = _square("L", L)
    n_samples = count("n_samples", n_samples, minimum=1)
    noise = positive_float("noise", noise, allow_zero=True)
    rng = np.random.default_rng(count("seed", seed))
    X = rng.normal(size=(n_samples, L.shape[0]))
    return X, X @ L.T + noise * rng.normal(size=(n_samples, L.shape[0]))


def least_squares_response(X, J):
    """The least-squares response matrix ``Ŵ = argmin_W Σ_k ‖J_k − W X_k‖²``.

    ``X`` and ``J`` have one measurement per row, shapes ``(m, n)`` and ``(m, n_J)``; ``Ŵ`` has
    shape ``(n_J, n)``.  Needs ``m ≥ n`` measurements with forces that span ``Rⁿ``.
    """
    X = finite_array("X", X, ndim=2)
    J = finite_array("J", J, ndim=2)
    if X.shape[0] != J.shape[0]:
        raise ValueError(f"X and J must have one row per measurement, got {X.shape[0]} and {J.shape[0]} rows")
    if X.shape[0] < X.shape[1] or np.linalg.matrix_rank(X) < X.shape[1]:
        raise ValueError(f"X must have at least as many independent measurements as forces ({X.shape[1]}), "
                         f"got rank {np.linalg.matrix_rank(X)} from {X.shape[0]} rows")
    coef, *_ = np.linalg.lstsq(X, J, rcond=None)
    return coef.T


def symmetrize(W):
    """The orthogonal projection onto symmetric matrices, ``½(W + Wᵀ)`` (Frobenius inner product).

    Symmetric and antisymmetric matrices are orthogonal, so for symmetric ``L``
    ``‖W − L‖² = ‖sym(W) − L‖² + ‖skew(W)‖²``: the projection never increases the error.
    """
    W = _square("W", W)
    return 0.5 * (W + W.T)


def project_psd(W):
    """The nearest positive-semidefinite matrix in the Frobenius norm: symmetrize, then clip negative eigenvalues.

    With ``sym(W) = V Λ Vᵀ``, the projection is ``V max(Λ, 0) Vᵀ`` (Higham 1988).
    """
    S = symmetrize(W)
    lam, V = np.linalg.eigh(S)
    return (V * np.maximum(lam, 0.0)) @ V.T
