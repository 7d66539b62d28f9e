"""Onsager reciprocity as a prior: estimating a symmetric response matrix from noisy data.

Chapter 8 uses everything here.

Linear response: fluxes ``J = L X`` for thermodynamic forces ``X``.  Onsager's reciprocal relations
say ``L = Lᵀ``, and the second law (non-negative entropy production ``XᵀLX ≥ 0``) says ``L`` is
positive semidefinite.  From ``m`` noisy measurements, :func:`least_squares_response` gives the
unconstrained estimate ``Ŵ``; :func:`symmetrize` projects it onto the symmetric matrices,
``½(Ŵ + Ŵᵀ)``, and :func:`project_psd` further onto the positive-semidefinite cone.  Both are
orthogonal projections onto convex sets that contain the true ``L``, so neither can increase the
Frobenius error.  :func:`simulate_response` makes the data, :func:`projection_errors` repeats the
experiment many times (Monte Carlo), :func:`onsager` summarises that experiment (the chapter's
explorer draws it), and :func:`thermoelectric_response` gives a physical ``L``.

The average gain ``(n+1)/(2n)`` assumes isotropic noise or isotropic forces; ``force_cov`` and
``noise_cov`` make either anisotropic, and :func:`onsager` then predicts the general fraction.
In a magnetic field ``B`` the relations become Onsager–Casimir's, ``L(B) = L(−B)ᵀ``:
:func:`drude_conductivity` gives such an ``L`` (the Hall effect), and :func:`casimir` compares
symmetrising (biased) with pooling the data taken at ``+B`` and ``−B`` (unbiased).

Randomness comes in through a keyword-only JAX PRNG ``key``; the data are drawn with NumPy
(``physml._validate.rng``: ``key=jax.random.key(s)`` draws what ``numpy.random.default_rng(s)``
draws).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import count, finite_array, positive_float, real, rng

__all__ = ["Measurements", "simulate_response", "least_squares_response", "symmetrize", "project_psd",
           "ProjectionErrors", "projection_errors", "OnsagerGain", "onsager", "random_response_matrix",
           "thermoelectric_response", "CasimirGain", "casimir", "drude_conductivity"]


def _square(name, W):
    W = finite_array(name, W, ndim=2)
    if W.shape[0] != W.shape[1]:
        raise ValueError(f"{name} must be a square matrix, got shape {W.shape}")
    return W


def _covariance(name, S, n):
    """``None`` (the identity) or a symmetric positive-definite ``n × n`` matrix; returns its Cholesky factor."""
    if S is None:
        return None
    S = _square(name, S)
    if S.shape != (n, n):
        raise ValueError(f"{name} must have shape {(n, n)} like L, got {S.shape}")
    if not np.allclose(S, S.T, rtol=1e-10, atol=1e-12 * np.abs(S).max()):
        raise ValueError(f"{name} must be symmetric (a covariance matrix), got {S!r:.80}")
    try:
        return np.linalg.cholesky(S)
    except np.linalg.LinAlgError:
        raise ValueError(f"{name} must be positive definite (a covariance matrix), got eigenvalues "
                         f"{np.linalg.eigvalsh(S)}") from None


def _draw(gen, L, shape, noise, chol_x, chol_e):
    """Forces ``X ~ N(0, Σ_X)`` and fluxes ``J = X Lᵀ + ε`` with ``ε ~ N(0, noise² Σ_ε)``, rows are measurements."""
    X = gen.normal(size=shape)
    if chol_x is not None:
        X = (X.reshape(-1, shape[-1]) @ chol_x.T).reshape(shape)
    eps = gen.normal(size=shape)
    if chol_e is not None:
        eps = (eps.reshape(-1, shape[-1]) @ chol_e.T).reshape(shape)
    J = (X.reshape(-1, shape[-1]) @ L.T).reshape(shape)      # one matrix product for all trials
    J += noise * eps
    return X, J


def _batched_least_squares(X, J):
    Xt = np.swapaxes(X, -1, -2)
    return np.swapaxes(np.linalg.solve(Xt @ X, Xt @ J), -1, -2)


def _remaining_fraction(n, force_cov, noise_cov):
    """Eq. ``gain-general``: ``½(1 + tr(Σ_ε Σ_X⁻¹) / (tr Σ_ε tr Σ_X⁻¹))``; ``(n+1)/(2n)`` if either is ∝ I."""
    if force_cov is None or noise_cov is None:
        return (n + 1) / (2 * n)
    C = np.linalg.inv(np.asarray(force_cov, dtype=float))
    S = np.asarray(noise_cov, dtype=float)
    return float(0.5 * (1 + np.trace(S @ C) / (np.trace(S) * np.trace(C))))


@dataclass(frozen=True)
class Measurements:
    """Noisy linear-response data: forces ``X`` and fluxes ``J``, one measurement per row, shape ``(m, n)``."""

    X: np.ndarray
    J: np.ndarray


def simulate_response(L, n_samples, noise, *, key, force_cov=None, noise_cov=None):
    """Measurements ``J_k = L X_k + ε_k`` with forces ``X_k ~ N(0, Σ_X)`` and ``ε_k ~ N(0, noise² Σ_ε)`` (chapter 8).

    ``Σ_X`` = ``force_cov`` and ``Σ_ε`` = ``noise_cov`` default to the identity (isotropic forces
    and noise).  ``key`` is a JAX PRNG key (the draws are NumPy's, see ``physml._validate.rng``).
    Returns :class:`Measurements` ``X`` and ``J``, each of shape ``(n_samples, n)``.
    """
    L = _square("L", L)
    n_samples = count("n_samples", n_samples, minimum=1)
    noise = positive_float("noise", noise, allow_zero=True)
    chol_x, chol_e = _covariance("force_cov", force_cov, L.shape[0]), _covariance("noise_cov", noise_cov, L.shape[0])
    gen = rng("key", key)
    return Measurements(*_draw(gen, L, (n_samples, L.shape[0]), noise, chol_x, chol_e))


def least_squares_response(X, J):
    """The least-squares response matrix ``Ŵ = argmin_W Σ_k ‖J_k − W X_k‖²`` (chapter 8).

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
    """The orthogonal projection onto symmetric matrices, ``½(W + Wᵀ)`` (Frobenius inner product; chapter 8).

    Symmetric and antisymmetric matrices are orthogonal, so for symmetric ``L``
    ``‖W − L‖² = ‖sym(W) − L‖² + ‖skew(W)‖²``: the projection never increases the error.
    """
    W = _square("W", W)
    return 0.5 * (W + W.T)


def project_psd(W):
    """The nearest positive-semidefinite matrix in the Frobenius norm: symmetrize, then clip negative
    eigenvalues (chapter 8).

    With ``sym(W) = V Λ Vᵀ``, the projection is ``V max(Λ, 0) Vᵀ`` (Higham 1988).
    """
    S = symmetrize(W)
    lam, V = np.linalg.eigh(S)
    return (V * np.maximum(lam, 0.0)) @ V.T


def random_response_matrix(n, smallest=0.05, *, key):
    """A random symmetric positive-definite ``n × n`` matrix ``Q diag(λ) Qᵀ`` (chapter 8).

    The eigenvalues ``λ`` are evenly spaced from ``smallest`` to 1; ``Q`` is the orthogonal factor
    of a Gaussian matrix drawn from ``key`` (a JAX PRNG key; NumPy draws, see ``physml._validate.rng``).
    """
    n = count("n", n, minimum=1)
    smallest = positive_float("smallest", smallest)
    Q, _ = np.linalg.qr(rng("key", key).normal(size=(n, n)))
    return (Q * np.linspace(smallest, 1.0, n)) @ Q.T


@dataclass(frozen=True)
class ProjectionErrors:
    """Squared Frobenius errors of the three estimators, one entry per data set (chapter 8).

    ``ls`` ``‖Ŵ − L‖²`` (least squares), ``sym`` ``‖sym Ŵ − L‖²`` and ``psd`` ``‖P_psd Ŵ − L‖²``,
    arrays of length ``n_trials``; ``not_psd`` the fraction of data sets whose ``sym Ŵ`` has a
    negative eigenvalue (where the PSD projection acts).
    """

    ls: np.ndarray
    sym: np.ndarray
    psd: np.ndarray
    not_psd: float


def projection_errors(L, n_samples, noise, *, n_trials=200, key, force_cov=None, noise_cov=None):
    """Monte Carlo of the three estimators: squared Frobenius errors over ``n_trials`` independent data sets.

    Chapter 8.  Each trial draws ``n_samples`` measurements as :func:`simulate_response` does
    (``force_cov`` and ``noise_cov`` as there), and fits ``Ŵ`` by least squares;
    ``sym Ŵ = ½(Ŵ + Ŵᵀ)`` and ``P_psd Ŵ`` are its projections.  With isotropic noise, in
    expectation ``‖sym Ŵ − L‖² / ‖Ŵ − L‖² = (n + 1)/(2n)`` (the antisymmetric part carries
    ``(n − 1)/(2n)`` of the error), whatever the noise level and the number of samples.
    Vectorised over trials; ``key`` is a JAX PRNG key.  Returns :class:`ProjectionErrors`.
    """
    L = _square("L", L)
    n = L.shape[0]
    n_samples = count("n_samples", n_samples, minimum=n)
    noise = positive_float("noise", noise)
    n_trials = count("n_trials", n_trials, minimum=1)
    chol_x, chol_e = _covariance("force_cov", force_cov, n), _covariance("noise_cov", noise_cov, n)
    gen = rng("key", key)
    W = _batched_least_squares(*_draw(gen, L, (n_trials, n_samples, n), noise, chol_x, chol_e))
    S = 0.5 * (W + np.swapaxes(W, 1, 2))
    lam, V = np.linalg.eigh(S)
    P = (V * np.maximum(lam, 0.0)[:, None, :]) @ np.swapaxes(V, 1, 2)
    err = lambda A: np.sum((A - L) ** 2, axis=(1, 2))          # noqa: E731
    return ProjectionErrors(err(W), err(S), err(P), float(np.mean(lam[:, 0] < 0)))


@dataclass(frozen=True)
class OnsagerGain:
    """What the Onsager and second-law priors gain on average (chapter 8), from :func:`onsager`.

    ``errors`` holds the per-data-set squared errors; ``ratio_sym`` and ``ratio_psd`` are the ratios
    of the mean squared errors, symmetric and PSD over least squares, ``ratio_sym_stderr`` the Monte
    Carlo standard error of ``ratio_sym``; ``theory`` is eq. ``gain-general`` (``(n + 1)/(2n)`` for
    isotropic noise or forces); ``not_psd`` the fraction of data sets whose symmetric estimate is not
    positive semidefinite.
    """

    n: int
    n_samples: int
    noise: float
    errors: ProjectionErrors
    mean_ls: float
    ratio_sym: float
    ratio_sym_stderr: float
    ratio_psd: float
    theory: float
    not_psd: float


def onsager(L, n_samples, noise, *, n_trials=200, key, force_cov=None, noise_cov=None):
    r"""The average gain of the symmetric and PSD projections for the response matrix ``L`` (chapter 8).

    Runs :func:`projection_errors` and compares the mean squared errors with eq. ``gain-general``,

    .. math:: \frac{\mathbb E\lVert\mathrm{sym}\,\hat W - L\rVert^2}{\mathbb E\lVert\hat W - L\rVert^2}
              = \frac12\Bigl(1 + \frac{\mathrm{tr}(\Sigma_\varepsilon\Sigma_X^{-1})}
                {\mathrm{tr}\,\Sigma_\varepsilon\ \mathrm{tr}\,\Sigma_X^{-1}}\Bigr),

    with ``Σ_X`` = ``force_cov`` and ``Σ_ε`` = ``noise_cov`` (default identity); it is
    ``(n + 1)/(2n)`` (eq. ``gain``) when either is proportional to the identity.
    The standard error of the ratio of means ``r = mean(sym)/mean(ls)`` is the delta-method
    ``std(sym − r·ls) / (√n_trials · mean(ls))``.  ``key`` is a JAX PRNG key.  Returns
    :class:`OnsagerGain`.
    """
    errors = projection_errors(L, n_samples, noise, n_trials=n_trials, key=key, force_cov=force_cov,
                               noise_cov=noise_cov)
    n = np.shape(L)[0]
    mean_ls = float(errors.ls.mean())
    ratio_sym = float(errors.sym.mean() / mean_ls)
    stderr = float(np.std(errors.sym - ratio_sym * errors.ls) / np.sqrt(len(errors.ls)) / mean_ls)
    return OnsagerGain(n=n, n_samples=int(n_samples), noise=float(noise), errors=errors, mean_ls=mean_ls,
                       ratio_sym=ratio_sym, ratio_sym_stderr=stderr, ratio_psd=float(errors.psd.mean() / mean_ls),
                       theory=_remaining_fraction(n, force_cov, noise_cov), not_psd=errors.not_psd)


def thermoelectric_response(sigma=1.0e5, seebeck=2.0e-4, kappa=1.5, T=300.0):
    """Onsager matrix of a thermoelectric (chapter 8, eq. ``thermoelectric``), for the forces ``X = (E/T, −∇T/T²)``:

        L = [[σT, σST²], [σST², (κ + σS²T)T²]],

    with the electrical conductivity ``σ`` (S/m), the Seebeck coefficient ``S`` (V/K), the thermal
    conductivity at zero current ``κ`` (W/(m·K)) and the temperature ``T`` (K).  The fluxes are the
    charge current density ``j = σE − σS∇T`` (A/m²) and the heat current density
    ``q = Πj − κ∇T`` (W/m²); ``L`` is symmetric because of Kelvin's relation ``Π = ST``.  The
    defaults are typical of Bi₂Te₃ at room temperature (``ZT = S²σT/κ = 0.8``).
    """
    sigma, seebeck, kappa, T = (positive_float(k, v) for k, v in
                                (("sigma", sigma), ("seebeck", seebeck), ("kappa", kappa), ("T", T)))
    return np.array([[sigma * T, sigma * seebeck * T**2],
                     [sigma * seebeck * T**2, (kappa + sigma * seebeck**2 * T) * T**2]])


def drude_conductivity(sigma0, mobility, B):
    """Drude conductivity tensor ``σ(B)`` (S/m) of one carrier type in a field ``B`` (T) along ``z`` (chapter 8).

    The carriers' force balance ``v = μ(E + v × B)``, with the signed mobility ``μ = qτ/m`` (m²/(V·s),
    negative for electrons), gives ``j = σ(B) E`` with

        σ(B) = σ₀/(1 + β²) [[1, β, 0], [−β, 1, 0], [0, 0, 1 + β²]],   β = μB,

    where ``σ₀`` is the zero-field conductivity and ``β`` the tangent of the Hall angle.  The
    antisymmetric (Hall) part is odd in ``B``: ``σ(−B) = σ(B)ᵀ``, Onsager–Casimir reciprocity.
    """
    sigma0 = positive_float("sigma0", sigma0)
    beta = real("mobility", mobility) * real("B", B)
    return sigma0 / (1 + beta**2) * np.array([[1.0, beta, 0.0], [-beta, 1.0, 0.0], [0.0, 0.0, 1 + beta**2]])


@dataclass(frozen=True)
class CasimirGain:
    """Three estimates of a response ``L(B)`` that obeys Onsager–Casimir ``L(B) = L(−B)ᵀ`` (chapter 8),
    from :func:`casimir`.

    Per data-set pair (arrays of length ``n_trials``): ``ls`` ``‖Ŵ(B) − L‖²`` (least squares from the
    ``+B`` data), ``sym`` ``‖sym Ŵ(B) − L‖²`` (the wrong prior ``L = Lᵀ``) and ``pooled``
    ``‖½(Ŵ(B) + Ŵ(−B)ᵀ) − L‖²`` (the right prior).  ``bias`` is ``‖skew L‖²``, the error that
    symmetrising adds and that no amount of data removes; ``mean_*`` are the means over data sets,
    ``ratio_pooled`` = ``mean_pooled / mean_ls`` (½ in expectation) and ``ratio_pooled_stderr`` its
    Monte Carlo standard error.
    """

    n: int
    n_samples: int
    noise: float
    ls: np.ndarray
    sym: np.ndarray
    pooled: np.ndarray
    bias: float
    mean_ls: float
    mean_sym: float
    mean_pooled: float
    ratio_pooled: float
    ratio_pooled_stderr: float


def casimir(L, n_samples, noise, *, n_trials=200, key):
    r"""Symmetrising against pooling ``±B`` data for a response in a magnetic field (chapter 8).

    ``L`` is ``L(B)``, in general not symmetric; by Onsager–Casimir reciprocity the response at
    ``−B`` is ``Lᵀ``.  Each trial draws ``n_samples`` measurements at ``+B`` (from ``L``) and as many
    at ``−B`` (from ``Lᵀ``), as :func:`simulate_response` does, and fits both by least squares.
    Symmetrising ``Ŵ(B)`` removes the true antisymmetric part: its error tends to ``‖skew L‖²``
    however many measurements.  The pair ``(L(B), L(−B))`` lies in the subspace ``{(M, Mᵀ)}``,
    onto which the orthogonal projection is ``M = ½(Ŵ(B) + Ŵ(−B)ᵀ)``; its two independent errors
    average, so

    .. math:: \mathbb E\lVert \tfrac12(\hat W(B) + \hat W(-B)^\top) - L\rVert^2
              = \tfrac12\,\mathbb E\lVert\hat W(B) - L\rVert^2 .

    Vectorised over trials; ``key`` is a JAX PRNG key.  Returns :class:`CasimirGain`.
    """
    L = _square("L", L)
    n = L.shape[0]
    n_samples = count("n_samples", n_samples, minimum=n)
    noise = positive_float("noise", noise)
    n_trials = count("n_trials", n_trials, minimum=1)
    gen = rng("key", key)
    shape = (n_trials, n_samples, n)
    W_plus = _batched_least_squares(*_draw(gen, L, shape, noise, None, None))
    W_minus = _batched_least_squares(*_draw(gen, L.T, shape, noise, None, None))
    S = 0.5 * (W_plus + np.swapaxes(W_plus, 1, 2))
    P = 0.5 * (W_plus + np.swapaxes(W_minus, 1, 2))
    err = lambda A: np.sum((A - L) ** 2, axis=(1, 2))          # noqa: E731
    ls, sym, pooled = err(W_plus), err(S), err(P)
    ratio = float(pooled.mean() / ls.mean())
    stderr = float(np.std(pooled - ratio * ls) / np.sqrt(n_trials) / ls.mean())
    return CasimirGain(n=n, n_samples=n_samples, noise=noise, ls=ls, sym=sym, pooled=pooled,
                       bias=float(np.sum((0.5 * (L - L.T)) ** 2)), mean_ls=float(ls.mean()),
                       mean_sym=float(sym.mean()), mean_pooled=float(pooled.mean()), ratio_pooled=ratio,
                       ratio_pooled_stderr=stderr)
