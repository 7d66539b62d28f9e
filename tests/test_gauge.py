"""physml.gauge: plaquettes and Wilson loops against explicit path products, gauge invariance under
random transformations, the exact 2D plaquette against quadrature over Haar measure, the torus
results against a constrained integral and reweighted Haar sampling, the heat-bath samplers against
their target densities (Kolmogorov–Smirnov), heat-bath Monte Carlo against the exact torus results,
and bad input.  The L-CNN (Favoni et al. 2022): gauge invariance of the output and covariance of the
features under random gauge transformations, translation equivariance, one block against explicit
loops over sites and path products, and its bad input."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from scipy import integrate, special, stats

from physml import gauge as G

GROUPS = ["u1", "su2"]


def dag(u):
    return np.conj(u.T) if np.ndim(u) == 2 else np.conj(u)


def mat(u):
    return np.asarray(u) if np.ndim(u) == 2 else np.array([[u]])


def retr(u):
    u = mat(u)
    return np.real(np.trace(u)) / u.shape[0]


def path_product(links, start, steps):
    """The ordered product along a walk from ``start``: ``+μ`` takes U_μ(x), ``−μ`` takes U_μ(x−μ̂)†."""
    L = links.shape[1]
    x = list(start)
    out = mat(np.eye(2) if links.ndim == 5 else 1.0)
    for mu, sign in steps:
        if sign > 0:
            out = out @ mat(links[mu][x[0], x[1]])
            x[mu] = (x[mu] + 1) % L
        else:
            x[mu] = (x[mu] - 1) % L
            out = out @ mat(dag(links[mu][x[0], x[1]]))
    assert x == list(start)
    return out


def rectangle(n0, n1):
    return [(0, 1)] * n0 + [(1, 1)] * n1 + [(0, -1)] * n0 + [(1, -1)] * n1


@pytest.mark.parametrize("group", GROUPS)
def test_identity_configuration(group):
    U = G.identity_links(4, group)
    assert U.shape == ((2, 4, 4) if group == "u1" else (2, 4, 4, 2, 2))
    P = np.asarray(G.plaquettes(U))
    np.testing.assert_allclose(P, np.ones((4, 4)) if group == "u1" else np.broadcast_to(np.eye(2), (4, 4, 2, 2)))
    assert G.average_plaquette(U) == 1.0
    assert G.wilson_action(U, 2.5) == 0.0
    assert G.wilson_loop(U, 2, 3) == pytest.approx(1.0, abs=1e-15)


@pytest.mark.parametrize("group", GROUPS)
def test_plaquettes_and_wilson_loops_are_the_path_products(group):
    L = 5
    U = np.asarray(G.random_links(L, group, key=jax.random.key(0)))
    P = np.asarray(G.plaquettes(U))
    for x0 in range(L):
        for x1 in range(L):
            np.testing.assert_allclose(mat(P[x0, x1]), path_product(U, (x0, x1), rectangle(1, 1)), atol=1e-13)
    for r, t in [(2, 3), (5, 5)]:
        loops = [retr(path_product(U, (x0, x1), rectangle(r, t))) for x0 in range(L) for x1 in range(L)]
        loops_t = [retr(path_product(U, (x0, x1), rectangle(t, r))) for x0 in range(L) for x1 in range(L)]
        want = np.mean(loops) if r == t else 0.5 * (np.mean(loops) + np.mean(loops_t))
        assert G.wilson_loop(U, r, t) == pytest.approx(want, abs=1e-13)
        assert G.wilson_loop(U, t, r) == pytest.approx(want, abs=1e-13)
    assert G.wilson_loop(U, 1, 1) == pytest.approx(G.average_plaquette(U), abs=1e-15)
    action = G.wilson_action(U, 1.7)
    assert action == pytest.approx(1.7 * sum(1 - retr(p) for p in P.reshape((L * L,) + P.shape[2:])), rel=1e-12)


@pytest.mark.parametrize("group", GROUPS)
def test_gauge_invariance_to_round_off(group):
    L = 6
    U = G.random_links(L, group, key=jax.random.key(1))
    for k in range(2):
        omega = G.random_gauge(L, group, key=jax.random.key(10 + k))
        V = G.gauge_transform(U, omega)
        assert np.max(np.abs(np.asarray(V) - np.asarray(U))) > 0.5          # the links do change
        P, PV = np.asarray(G.plaquettes(U)), np.asarray(G.plaquettes(V))
        # covariance U_P(x) → Ω(x) U_P(x) Ω(x)†, hence invariant traces
        Om = np.asarray(omega)
        want = Om * P * np.conj(Om) if group == "u1" else Om @ P @ np.conj(np.swapaxes(Om, -1, -2))
        np.testing.assert_allclose(PV, want, atol=1e-13)
        if group == "su2":
            np.testing.assert_allclose(np.trace(PV, axis1=-2, axis2=-1), np.trace(P, axis1=-2, axis2=-1), atol=1e-13)
        assert G.wilson_action(V, 2.0) == pytest.approx(G.wilson_action(U, 2.0), abs=1e-12)
        for r, t in [(1, 1), (2, 3)]:
            assert G.wilson_loop(V, r, t) == pytest.approx(G.wilson_loop(U, r, t), abs=1e-13)
    # a pure gauge is flat: zero action, every loop is 1
    flat = G.gauge_transform(G.identity_links(L, group), G.random_gauge(L, group, key=jax.random.key(2)))
    assert G.wilson_action(flat, 3.0) == pytest.approx(0.0, abs=1e-12)
    assert G.wilson_loop(flat, 2, 3) == pytest.approx(1.0, abs=1e-13)


def test_random_links_are_haar_distributed():
    U = np.asarray(G.random_links(64, "su2", key=jax.random.key(3))).reshape(-1, 2, 2)
    np.testing.assert_allclose(np.conj(np.swapaxes(U, 1, 2)) @ U, np.broadcast_to(np.eye(2), U.shape), atol=1e-14)
    np.testing.assert_allclose(np.linalg.det(U), 1.0, atol=1e-14)
    half_tr = 0.5 * np.real(np.trace(U, axis1=1, axis2=2))                 # = cos θ, Haar: (2/π) sin²θ dθ
    n = half_tr.size
    assert abs(np.mean(half_tr)) < 4 * 0.5 / np.sqrt(n)
    assert np.mean(half_tr ** 2) == pytest.approx(0.25, abs=4 * 0.2 / np.sqrt(n))
    assert stats.kstest(np.arccos(half_tr), lambda th: (th - np.sin(th) * np.cos(th)) / np.pi).pvalue > 1e-3
    z = np.asarray(G.random_links(64, "u1", key=jax.random.key(4))).ravel()
    np.testing.assert_allclose(np.abs(z), 1.0, atol=1e-15)
    assert stats.kstest(np.angle(z), stats.uniform(-np.pi, 2 * np.pi).cdf).pvalue > 1e-3


@pytest.mark.parametrize("beta", [0.3, 1.0, 2.5, 6.0])
def test_exact_plaquette_against_the_one_plaquette_integral(beta):
    # U(1): Haar measure dθ/2π; SU(2): class functions of ½ tr U = cos θ with (2/π) sin²θ dθ on [0, π]
    u1 = integrate.quad(lambda th: np.cos(th) * np.exp(beta * np.cos(th)), -np.pi, np.pi)[0] \
        / integrate.quad(lambda th: np.exp(beta * np.cos(th)), -np.pi, np.pi)[0]
    w = lambda th: np.sin(th) ** 2 * np.exp(beta * np.cos(th))                   # noqa: E731
    su2 = integrate.quad(lambda th: np.cos(th) * w(th), 0, np.pi)[0] / integrate.quad(w, 0, np.pi)[0]
    assert G.exact_plaquette(beta, "u1") == pytest.approx(u1, rel=1e-10)
    assert G.exact_plaquette(beta, "su2") == pytest.approx(su2, rel=1e-10)
    for group in GROUPS:
        p = G.exact_plaquette(beta, group)
        assert G.string_tension(beta, group) == pytest.approx(-np.log(p), rel=1e-14)
        assert G.exact_wilson_loop(beta, 2, 3, group) == pytest.approx(p ** 6, rel=1e-12)
        # the torus tends to infinite volume
        assert G.exact_plaquette(beta, group, L=30) == pytest.approx(p, rel=1e-12)
        assert G.exact_wilson_loop(beta, 2, 2, group, L=30) == pytest.approx(p ** 4, rel=1e-10)


def test_string_tension_limits():
    assert G.string_tension(1e-3, "u1") == pytest.approx(np.log(2 / 1e-3), rel=1e-4)
    assert G.string_tension(1e-3, "su2") == pytest.approx(np.log(4 / 1e-3), rel=1e-4)
    assert G.string_tension(2000.0, "u1") == pytest.approx(1 / 4000, rel=1e-2)
    assert G.string_tension(2000.0, "su2") == pytest.approx(3 / 4000, rel=1e-2)


@pytest.mark.parametrize("beta", [0.7, 2.0])
def test_torus_results_against_independent_integrals(beta):
    # U(1) on a 2 × 2 torus: four plaquette angles, free but for Σθ_P = 0 (Stokes on a closed surface);
    # the periodic trapezoid rule on a 48³ grid is spectrally accurate
    th = 2 * np.pi * np.arange(48) / 48
    a, b, c = np.meshgrid(th, th, th, indexing="ij")
    d = -(a + b + c)
    weight = np.exp(beta * (np.cos(a) + np.cos(b) + np.cos(c) + np.cos(d)))
    assert G.exact_plaquette(beta, "u1", L=2) == pytest.approx(np.sum(np.cos(a) * weight) / np.sum(weight), rel=1e-10)
    assert G.exact_wilson_loop(beta, 1, 1, "u1", L=2) == pytest.approx(np.sum(np.cos(a) * weight) / np.sum(weight),
                                                                        rel=1e-10)
    # an abelian 1 × 1 torus has U_P = U₀U₁U₀†U₁† = 1
    assert G.exact_plaquette(beta, "u1", L=1) == pytest.approx(1.0, rel=1e-12)
    # SU(2) on a 1 × 1 torus: U_P is the commutator of two Haar-random matrices; reweight Haar samples
    A, B = (np.asarray(G.random_links(300, "su2", key=jax.random.key(k))).reshape(-1, 2, 2) for k in (5, 6))
    x = 0.5 * np.real(np.trace(A @ B @ np.conj(np.swapaxes(A, 1, 2)) @ np.conj(np.swapaxes(B, 1, 2)), axis1=1, axis2=2))
    w = np.exp(beta * x)
    mean = np.sum(w * x) / np.sum(w)
    err = np.sqrt(np.sum(w ** 2 * (x - mean) ** 2)) / np.sum(w)
    assert G.exact_plaquette(beta, "su2", L=1) == pytest.approx(mean, abs=4 * err)
    assert abs(G.exact_plaquette(beta, "su2", L=1) - G.exact_plaquette(beta, "su2")) > 10 * err
    # the fusion formula for a 1 × 1 loop is the derivative formula for the plaquette
    for group in GROUPS:
        for L in (2, 3, 5):
            assert G.exact_wilson_loop(beta, 1, 1, group, L=L) == pytest.approx(G.exact_plaquette(beta, group, L=L),
                                                                                 rel=1e-12)


def a0_cdf(alpha):
    """CDF of ``∝ √(1 − a²) e^{αa}`` on [−1, 1]: with a = cos φ the integrand is sin²φ e^{α cos φ}, smooth."""
    phi = np.linspace(np.pi, 0, 20001)
    f = np.sin(phi) ** 2 * np.exp(alpha * (np.cos(phi) - 1))
    F = integrate.cumulative_trapezoid(f, -phi, initial=0.0)
    return lambda x: np.interp(x, np.cos(phi), F / F[-1])


@pytest.mark.parametrize("alpha", [0.05, 1.6, 6.0])
def test_su2_heat_bath_draws_its_target_density(alpha):
    # α < 1.5 goes to Creutz's sampler, α ≥ 1.5 to Kennedy–Pendleton's
    a0 = np.asarray(G._su2_a0(jax.random.key(7), jnp.full(4000, alpha)))
    assert stats.kstest(a0, a0_cdf(alpha)).pvalue > 1e-3
    assert stats.kstest(a0, a0_cdf(alpha + 0.5)).pvalue < 1e-3                  # the test can fail
    assert np.mean(a0) == pytest.approx(special.iv(2, alpha) / special.iv(1, alpha), abs=4 * np.std(a0) / 63)


@pytest.mark.parametrize("kappa", [0.0, 0.3, 2.0, 8.0])
def test_u1_heat_bath_draws_von_mises(kappa):
    psi = np.asarray(G._von_mises(jax.random.key(8), jnp.full(4000, kappa)))
    assert stats.kstest(psi, stats.vonmises(max(kappa, 1e-12)).cdf).pvalue > 1e-3


@pytest.mark.parametrize("group", GROUPS)
def test_monte_carlo_matches_the_exact_torus(group):
    """L = 4: finite-volume effects are visible (U(1), β = 4: the 2 × 2 loop is 0.627 on the torus,
    0.556 in infinite volume), so the comparison is with the exact torus results."""
    L, n_chains = 4, 16
    for beta in (1.5, 4.0):
        s = G.sample_links(L, beta, group, 100, key=jax.random.key(9), n_therm=30, every=4, n_chains=n_chains)
        assert s.links.shape[:3] == (n_chains, 100, 2) and s.plaquette.shape == (n_chains, 430)
        exact = G.exact_plaquette(beta, group, L=L)
        assert abs(s.mean_plaquette - exact) < 4 * s.plaquette_error
        assert s.plaquette_error < 0.005
        if beta == 4.0:
            links = np.asarray(s.links)
            w = np.array([[G.wilson_loop(c, 2, 2) for c in chain[::4]] for chain in links]).mean(axis=1)
            mean, err = w.mean(), w.std(ddof=1) / np.sqrt(n_chains)
            assert abs(mean - G.exact_wilson_loop(beta, 2, 2, group, L=L)) < 4 * err
            assert G.wilson_loop(links[0, -1], 1, 1) == pytest.approx(s.plaquette[0, -1], abs=1e-12)
            if group == "su2":       # unitary with determinant 1 after 430 sweeps
                flat = links.reshape(-1, 2, 2)
                np.testing.assert_allclose(np.conj(np.swapaxes(flat, 1, 2)) @ flat,
                                           np.broadcast_to(np.eye(2), flat.shape), atol=1e-13)
                np.testing.assert_allclose(np.linalg.det(flat), 1.0, atol=1e-13)


def test_bad_input():
    U = G.identity_links(4, "su2")
    with pytest.raises(ValueError, match="^group must be one of"):
        G.identity_links(4, "su3")
    with pytest.raises(TypeError, match="^group must be one of"):
        G.random_links(4, 2, key=jax.random.key(0))
    with pytest.raises(ValueError, match="^links must have shape"):
        G.plaquettes(np.ones((2, 4, 5)))
    with pytest.raises(ValueError, match="^links must hold SU.2. matrices"):
        G.average_plaquette(2 * np.asarray(U))
    with pytest.raises(ValueError, match="^links must hold unit complex numbers"):
        G.wilson_action(0.5 * np.ones((2, 3, 3)), 1.0)
    with pytest.raises(ValueError, match="^beta must be finite and >= 0"):
        G.wilson_action(U, -1.0)
    with pytest.raises(ValueError, match="^omega must have shape"):
        G.gauge_transform(U, np.ones((4, 4)))
    with pytest.raises(ValueError, match="^r must be <= L"):
        G.wilson_loop(U, 5, 1)
    with pytest.raises(ValueError, match="^t must be >= 1"):
        G.wilson_loop(U, 1, 0)
    with pytest.raises(ValueError, match="^L must be even"):
        G.sample_links(5, 1.0, "u1", key=jax.random.key(0))
    with pytest.raises(TypeError, match="^key must be a JAX PRNG key"):
        G.sample_links(4, 1.0, "u1", key=3)
    with pytest.raises(ValueError, match="^start must be 'hot' or 'cold'"):
        G.sample_links(4, 1.0, "u1", key=jax.random.key(0), start="warm")
    with pytest.raises(ValueError, match="^beta must be finite and > 0"):
        G.exact_plaquette(0.0, "u1")
    with pytest.raises(ValueError, match="^r and t must be < L"):
        G.exact_wilson_loop(1.0, 2, 2, "su2", L=2)
    with pytest.raises(TypeError, match="^L must be an integer"):
        G.exact_plaquette(1.0, "u1", L=2.0)


# ------------------------------------------------------------------------------------------------ L-CNN

def transform_features(W, omega):
    """W(x) → Ω(x) W(x) Ω(x)† for features (C, L, L, N, N); omega (L, L) or (L, L, 2, 2)."""
    Om = np.asarray(omega)
    Om = Om[..., None, None] if Om.ndim == 2 else Om
    return Om @ np.asarray(W) @ np.conj(np.swapaxes(Om, -1, -2))


def transporter(links, start, mu, k):
    """The product of links walked from ``start``, |k| steps along ±μ (NumPy, modular indices)."""
    L = links.shape[1]
    x = list(start)
    out = mat(np.eye(2) if links.ndim == 5 else 1.0)
    for _ in range(abs(k)):
        if k > 0:
            out = out @ mat(links[mu][x[0], x[1]])
            x[mu] = (x[mu] + 1) % L
        else:
            x[mu] = (x[mu] - 1) % L
            out = out @ mat(dag(links[mu][x[0], x[1]]))
    return out, tuple(x)


@pytest.mark.parametrize("group", GROUPS)
def test_lcnn_output_is_gauge_invariant_for_random_parameters(group):
    L = 6
    U = G.random_links(L, group, key=jax.random.key(20))
    for seed in range(2):
        params = G.lcnn_init((3, 4), kernel_size=2, hidden=(8,), key=jax.random.key(21 + seed))
        y, field = G.lcnn_apply(params, U), np.asarray(G.lcnn_apply(params, U, reduce=None))
        assert np.std(field) > 1e-2                                       # not a trivially constant output
        for k in range(2):
            V = G.gauge_transform(U, G.random_gauge(L, group, key=jax.random.key(30 + 2 * seed + k)))
            assert G.lcnn_apply(params, V) == pytest.approx(float(y), abs=1e-12)
            np.testing.assert_allclose(np.asarray(G.lcnn_apply(params, V, reduce=None)), field, atol=1e-12)
            assert G.lcnn_apply(params, V, reduce="sum") == pytest.approx(L * L * float(y), abs=1e-10)
    # the output does depend on the gauge-invariant content: other links, other output
    other = G.random_links(L, group, key=jax.random.key(29))
    assert abs(G.lcnn_apply(params, other) - y) > 1e-3


@pytest.mark.parametrize("group", GROUPS)
def test_lcnn_features_transform_covariantly(group):
    L = 5
    U = G.random_links(L, group, key=jax.random.key(40))
    omega = G.random_gauge(L, group, key=jax.random.key(41))
    V = G.gauge_transform(U, omega)
    W, WV = G.plaquette_features(U), G.plaquette_features(V)
    np.testing.assert_allclose(np.asarray(WV), transform_features(W, omega), atol=1e-13)
    np.testing.assert_allclose(np.asarray(W[1]), np.conj(np.swapaxes(np.asarray(W[0]), -1, -2)), atol=1e-15)
    conv = G.lconv_init(2, 3, kernel_size=2, key=jax.random.key(42))
    C, CV = G.lconv(conv, U, W), G.lconv(conv, V, WV)
    np.testing.assert_allclose(np.asarray(CV), transform_features(C, omega), atol=1e-12)
    bilin = G.lbilin_init(3, 2, 4, key=jax.random.key(43))
    B, BV = G.lbilin(bilin, C, W), G.lbilin(bilin, CV, WV)
    np.testing.assert_allclose(np.asarray(BV), transform_features(B, omega), atol=1e-12)
    np.testing.assert_allclose(np.asarray(G.trace_layer(BV)), np.asarray(G.trace_layer(B)), atol=1e-12)
    # the transport matters for SU(2): shifting without it breaks covariance; for U(1) it cancels
    naive = lambda W, k: np.roll(np.asarray(W), -k, axis=1)                   # noqa: E731
    shifted_then_gauged = transform_features(naive(W, 1), omega)
    if group == "su2":
        assert np.max(np.abs(naive(WV, 1) - shifted_then_gauged)) > 0.1
    else:
        np.testing.assert_allclose(naive(WV, 1), shifted_then_gauged, atol=1e-13)
        one = np.zeros((1, 2, 5, 2))
        one[0, 0, 1, 0] = 1.0                                                 # offset (μ = 0, k = 1) only
        np.testing.assert_allclose(np.asarray(G.lconv(one, U, W)), naive(W[:1], 1), atol=1e-13)


@pytest.mark.parametrize("group", GROUPS)
def test_lcnn_is_translation_equivariant(group):
    L = 6
    U = G.random_links(L, group, key=jax.random.key(50))
    params = G.lcnn_init((3, 3), kernel_size=1, key=jax.random.key(51))
    field = np.asarray(G.lcnn_apply(params, U, reduce=None))
    for shift in [(1, 0), (0, 2), (3, 5)]:
        rolled = jnp.roll(U, shift, axis=(1, 2))
        np.testing.assert_allclose(np.asarray(G.lcnn_apply(params, rolled, reduce=None)),
                                   np.roll(field, shift, axis=(0, 1)), atol=1e-12)
        assert G.lcnn_apply(params, rolled) == pytest.approx(float(np.mean(field)), abs=1e-13)
        W = G.plaquette_features(U)
        np.testing.assert_allclose(np.asarray(G.plaquette_features(rolled)),
                                   np.roll(np.asarray(W), shift, axis=(1, 2)), atol=1e-13)
    # the same parameters run on a larger lattice
    assert np.isfinite(G.lcnn_apply(params, G.random_links(10, group, key=jax.random.key(52))))


@pytest.mark.parametrize("group", GROUPS)
def test_lcnn_single_block_against_explicit_loops(group):
    L, K = 4, 2
    U = np.asarray(G.random_links(L, group, key=jax.random.key(60)))
    params = G.lcnn_init((2,), kernel_size=K, hidden=(3,), key=jax.random.key(61))
    conv = np.asarray(params["blocks"][0]["conv"])
    conv = conv[..., 0] + 1j * conv[..., 1]
    bilin = np.asarray(params["blocks"][0]["bilin"])
    bilin = bilin[..., 0] + 1j * bilin[..., 1]
    offsets = [(0, 0)] + [(mu, s * k) for mu in (0, 1) for s in (1, -1) for k in range(1, K + 1)]
    n = 1 if group == "u1" else 2
    field = np.zeros((L, L))
    for x0 in range(L):
        for x1 in range(L):
            def feats(y):
                P = path_product(U, y, rectangle(1, 1))
                return [P, dag(P) if n == 2 else np.conj(P)]
            W = feats((x0, x1))
            conv_out = []
            for o in range(2):
                acc = np.zeros((n, n), complex)
                for i in range(2):
                    for s, (mu, k) in enumerate(offsets):
                        T, y = transporter(U, (x0, x1), mu, k)
                        acc += conv[o, i, s] * T @ feats(y)[i] @ np.conj(T.T)
                conv_out.append(acc)
            A, B = conv_out + [np.eye(n)], W + [np.eye(n)]
            out = [sum(bilin[o, i, j] * A[i] @ B[j] for i in range(3) for j in range(3)) for o in range(2)]
            h = np.array([np.trace(m).real for m in out] + [np.trace(m).imag for m in out])
            for layer in params["readout"][:-1]:
                h = np.tanh(h @ np.asarray(layer["W"]) + np.asarray(layer["b"]))
            field[x0, x1] = (h @ np.asarray(params["readout"][-1]["W"]) + np.asarray(params["readout"][-1]["b"]))[0]
    np.testing.assert_allclose(np.asarray(G.lcnn_apply(params, U, reduce=None)), field, atol=1e-12)
    # and the layers one at a time
    W = G.plaquette_features(U)
    B = G.lbilin(params["blocks"][0]["bilin"], G.lconv(params["blocks"][0]["conv"], U, W), W)
    assert G.trace_layer(B).shape == (4, L, L)


def test_lcnn_bad_input():
    U = G.identity_links(4, "su2")
    W = G.plaquette_features(U)
    conv = G.lconv_init(2, 3, key=jax.random.key(0))
    params = G.lcnn_init((2,), key=jax.random.key(0))
    with pytest.raises(ValueError, match="^links must hold SU.2. matrices"):
        G.plaquette_features(2 * np.asarray(U))
    with pytest.raises(ValueError, match="^W must have shape .C, L, L, N, N."):
        G.lconv(conv, U, np.ones((2, 4, 4)))
    with pytest.raises(ValueError, match="^W must have matrices of shape"):
        G.lconv(conv, U, np.ones((2, 4, 4, 1, 1)))
    with pytest.raises(ValueError, match="^W must have lattice size L = 4"):
        G.lconv(conv, U, np.ones((2, 6, 6, 2, 2)))
    with pytest.raises(ValueError, match="^params must have shape"):
        G.lconv(np.ones((3, 2, 4, 2)), U, W)
    with pytest.raises(ValueError, match="^params must have shape"):
        G.lconv(np.ones((3, 5, 5, 2)), U, W)
    with pytest.raises(ValueError, match="^params reach K = 3"):
        G.lconv(np.ones((3, 2, 13, 2)), U, W)
    with pytest.raises(ValueError, match="^W must contain only finite"):
        G.lbilin(np.ones((1, 2, 2, 2)), np.full((2, 4, 4, 2, 2), np.nan), W)
    with pytest.raises(ValueError, match="^W2 must have the lattice shape"):
        G.lbilin(np.ones((1, 2, 2, 2)), W, np.ones((2, 3, 3, 2, 2)))
    with pytest.raises(ValueError, match="^params must have shape .C_out, 2, 2, 2. or"):
        G.lbilin(np.ones((1, 2, 3, 2)), W, W)
    with pytest.raises(TypeError, match="^W must be an array of complex numbers"):
        G.trace_layer("plaquettes")
    with pytest.raises(TypeError, match="^channels must be a non-empty sequence"):
        G.lcnn_init(4, key=jax.random.key(0))
    with pytest.raises(ValueError, match="^kernel_size must be >= 1"):
        G.lconv_init(2, 3, 0, key=jax.random.key(0))
    with pytest.raises(TypeError, match="^key must be a JAX PRNG key"):
        G.lcnn_init((2,), key=0)
    with pytest.raises(TypeError, match="^params must be a dict"):
        G.lcnn_apply([1, 2], U)
    bad = {"blocks": [{"conv": np.ones((2, 3, 5, 2)), "bilin": params["blocks"][0]["bilin"]}],
           "readout": params["readout"]}
    with pytest.raises(ValueError, match=r"^params\['blocks'\]\[0\]\['conv'\] must have shape"):
        G.lcnn_apply(bad, U)
    with pytest.raises(ValueError, match="^reduce must be"):
        G.lcnn_apply(params, U, reduce="max")


@pytest.mark.parametrize("group", GROUPS)
def test_one_block_with_chosen_weights_is_the_2x1_wilson_loop(group):
    """T U_P(x+0̂) T† U_P(x) with T = U₀(x) is the 2 × 1 loop from x: the receptive field grows by gluing."""
    L = 5
    U = np.asarray(G.random_links(L, group, key=jax.random.key(70)))
    W = G.plaquette_features(U)
    conv = np.zeros((1, 2, 5, 2))
    conv[0, 0, 1, 0] = 1.0                                   # U_P transported from x + 0̂ (offset μ = 0, k = 1)
    bilin = np.zeros((1, 1, 2, 2))
    bilin[0, 0, 0, 0] = 1.0                                  # (transported U_P) · U_P(x)
    out = np.asarray(G.lbilin(bilin, G.lconv(conv, U, W), W))[0]
    for x0 in range(L):
        for x1 in range(L):
            np.testing.assert_allclose(mat(out[x0, x1]) if group == "su2" else out[x0, x1],
                                       path_product(U, (x0, x1), rectangle(2, 1)), atol=1e-13)
    n = 1 if group == "u1" else 2
    tr = np.asarray(G.trace_layer(out[None]))
    assert np.mean(tr[0]) / n == pytest.approx(np.mean([retr(path_product(U, (a, b), rectangle(2, 1)))
                                                        for a in range(L) for b in range(L)]), abs=1e-13)


def test_lcnn_batches_and_traces():
    """A batch gives the per-configuration outputs; under jax.jit and jax.grad (traced links and weights) too."""
    U = jnp.stack([G.random_links(4, "su2", key=jax.random.key(80 + b)) for b in range(3)])
    params = G.lcnn_init((2,), hidden=(4,), key=jax.random.key(84))
    single = np.array([float(G.lcnn_apply(params, u)) for u in U])
    np.testing.assert_allclose(np.asarray(G.lcnn_apply(params, U)), single, atol=1e-14)
    assert G.lcnn_apply(params, U, reduce=None).shape == (3, 4, 4)
    np.testing.assert_allclose(np.asarray(jax.jit(G.lcnn_apply)(params, U)), single, atol=1e-14)
    # the gradient with respect to one weight against a central finite difference
    grad = jax.grad(lambda p: jnp.sum(G.lcnn_apply(p, U) ** 2))(params)
    h = 1e-6
    plus, minus = (jax.tree_util.tree_map(lambda a: a, params) for _ in range(2))
    plus["blocks"][0]["conv"] = params["blocks"][0]["conv"].at[1, 0, 2, 1].add(h)
    minus["blocks"][0]["conv"] = params["blocks"][0]["conv"].at[1, 0, 2, 1].add(-h)
    fd = (np.sum(np.asarray(G.lcnn_apply(plus, U)) ** 2) - np.sum(np.asarray(G.lcnn_apply(minus, U)) ** 2)) / (2 * h)
    assert float(grad["blocks"][0]["conv"][1, 0, 2, 1]) == pytest.approx(fd, rel=1e-6, abs=1e-9)
    with pytest.raises(ValueError, match=r"^links\[1\] must hold SU.2. matrices"):
        G.lcnn_apply(params, np.asarray(U) * np.array([1, 2, 1])[:, None, None, None, None, None])


# ------------------------------------------------------------------- the non-local task: L-CNN against a CNN

@pytest.mark.parametrize("group", GROUPS)
def test_wilson_loop_field_is_the_path_product_at_every_site(group):
    L = 5
    U = np.asarray(G.random_links(L, group, key=jax.random.key(90)))
    field = np.asarray(G.wilson_loop_field(U, 2, 3))
    want = np.array([[0.5 * (retr(path_product(U, (a, b), rectangle(2, 3)))
                             + retr(path_product(U, (a, b), rectangle(3, 2)))) for b in range(L)] for a in range(L)])
    np.testing.assert_allclose(field, want, atol=1e-13)
    assert np.mean(field) == pytest.approx(G.wilson_loop(U, 2, 3), abs=1e-14)
    np.testing.assert_allclose(np.asarray(G.wilson_loop_field(U, 1, 1)),
                               [[retr(p) for p in row] for row in np.asarray(G.plaquettes(U))], atol=1e-14)
    batch = np.stack([U, np.asarray(G.random_links(L, group, key=jax.random.key(91)))])
    fields = np.asarray(G.wilson_loop_field(batch, 3, 2))
    assert fields.shape == (2, L, L)
    np.testing.assert_allclose(fields[0], field, atol=1e-14)


def test_loop_dataset_and_loop_data():
    """With the static arguments of test_monte_carlo_matches_the_exact_torus the heat bath is not compiled again."""
    betas = np.repeat([1.5, 4.0], 8)
    d = G.loop_dataset(4, betas, "su2", 100, r=2, t=1, key=jax.random.key(92), n_therm=30, every=4)
    assert isinstance(d, G.LoopData) and (d.group, d.L, d.r, d.t) == ("su2", 4, 2, 1)
    assert d.links.shape == (1600, 2, 4, 4, 2, 2) and d.target.shape == (1600, 4, 4)
    np.testing.assert_array_equal(d.beta, np.repeat([1.5, 4.0], 800))
    for b in (0, 799, 1599):
        np.testing.assert_allclose(np.asarray(d.target[b]), np.asarray(G.wilson_loop_field(d.links[b], 2, 1)),
                                   atol=1e-14)
    # ordered by β, and the mean 2 × 1 loop is the exact torus value at each β
    for half, beta in ((slice(0, 800), 1.5), (slice(800, 1600), 4.0)):
        per_chain = np.asarray(d.target[half]).reshape(8, -1).mean(axis=1)
        err = per_chain.std(ddof=1) / np.sqrt(8)
        assert abs(per_chain.mean() - G.exact_wilson_loop(beta, 2, 1, "su2", L=4)) < 4 * err
    assert d.variance == pytest.approx(np.var(np.asarray(d.target)), rel=1e-14)
    # all β equal: the configurations of sample_links with as many chains and the same key
    s = G.sample_links(4, 1.5, "su2", 100, key=jax.random.key(92), n_therm=30, every=4, n_chains=16)
    e = G.loop_dataset(4, np.full(16, 1.5), "su2", 100, key=jax.random.key(92), n_therm=30, every=4)
    np.testing.assert_array_equal(np.asarray(e.links), np.asarray(s.links).reshape(e.links.shape))
    # a gauge-transformed copy: new links, the same targets, which are indeed the loops of the new links
    few = G.loop_data(d.links[::200], 2, 1, beta=d.beta[::200])
    np.testing.assert_allclose(np.asarray(few.target), np.asarray(d.target[::200]), atol=1e-15)
    g = few.gauge_transformed(key=jax.random.key(93))
    assert np.max(np.abs(np.asarray(g.links) - np.asarray(few.links))) > 0.5
    assert g.target is few.target and g.beta is few.beta
    np.testing.assert_allclose(np.asarray(G.wilson_loop_field(g.links, 2, 1)), np.asarray(few.target), atol=1e-13)
    # from given U(1) configurations
    U = jnp.stack([G.random_links(4, "u1", key=jax.random.key(94 + b)) for b in range(3)])
    u = G.loop_data(U, 2, 1, beta=0.0)
    assert u.group == "u1" and u.target.shape == (3, 4, 4)
    np.testing.assert_array_equal(u.beta, np.zeros(3))
    np.testing.assert_allclose(np.asarray(u.target), np.asarray(G.wilson_loop_field(U, 2, 1)), atol=1e-14)
    assert np.all(np.isnan(G.loop_data(U).beta))


def numpy_cnn(params, links):
    """The CNN by explicit loops over sites, kernel offsets and channels (periodic indices), tanh, then the MLP."""
    x = np.asarray(G.link_components(links))
    L = x.shape[0]
    for layer in params["convs"]:
        W, b = np.asarray(layer["W"]), np.asarray(layer["b"])
        K = W.shape[0] // 2
        out = np.zeros((L, L, W.shape[3]))
        for a in range(L):
            for c in range(L):
                for o in range(W.shape[3]):
                    total = b[o]
                    for i in range(-K, K + 1):
                        for j in range(-K, K + 1):
                            for ch in range(W.shape[2]):
                                total += x[(a + i) % L, (c + j) % L, ch] * W[i + K, j + K, ch, o]
                    out[a, c, o] = total
        x = np.tanh(out)
    layers = params["readout"]
    for layer in layers[:-1]:
        x = np.tanh(x @ np.asarray(layer["W"]) + np.asarray(layer["b"]))
    return (x @ np.asarray(layers[-1]["W"]) + np.asarray(layers[-1]["b"]))[..., 0]


@pytest.mark.parametrize("group, kernel_size", [("u1", 1), ("su2", 2)])
def test_the_plain_cnn(group, kernel_size):
    """Raw link components in; against a brute-force convolution; translation equivariant; not gauge invariant."""
    L = 5
    U = np.asarray(G.random_links(L, group, key=jax.random.key(96)))
    x = np.asarray(G.link_components(U))
    if group == "u1":
        assert x.shape == (L, L, 4)
        np.testing.assert_allclose(x[..., 0] + 1j * x[..., 1], U[0], atol=1e-15)
        np.testing.assert_allclose(x[..., 2] + 1j * x[..., 3], U[1], atol=1e-15)
    else:
        assert x.shape == (L, L, 8)
        sigma = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]])]
        for mu in (0, 1):
            q = x[..., 4 * mu:4 * mu + 4]
            rebuilt = q[..., 0, None, None] * np.eye(2) + 1j * sum(q[..., k + 1, None, None] * sigma[k]
                                                                   for k in range(3))
            np.testing.assert_allclose(rebuilt, U[mu], atol=1e-15)
    params = G.cnn_init(group, (3, 2), kernel_size=kernel_size, hidden=(5,), key=jax.random.key(97))
    params["convs"][0]["b"] = jnp.linspace(-0.3, 0.4, 3)                     # non-zero biases are checked too
    field = np.asarray(G.cnn_apply(params, U, reduce=None))
    np.testing.assert_allclose(field, numpy_cnn(params, U), atol=1e-12)
    assert float(G.cnn_apply(params, U)) == pytest.approx(np.mean(field), abs=1e-14)
    assert float(G.cnn_apply(params, U, reduce="sum")) == pytest.approx(np.sum(field), abs=1e-12)
    for shift in [(1, 0), (0, 2), (3, 4)]:
        rolled = np.roll(U, shift, axis=(1, 2))
        np.testing.assert_allclose(np.asarray(G.cnn_apply(params, rolled, reduce=None)),
                                   np.roll(field, shift, axis=(0, 1)), atol=1e-13)
    V = G.gauge_transform(U, G.random_gauge(L, group, key=jax.random.key(100)))
    assert np.max(np.abs(np.asarray(G.cnn_apply(params, V, reduce=None)) - field)) > 0.05
    batch = np.stack([U, np.asarray(V)])
    np.testing.assert_allclose(np.asarray(G.cnn_apply(params, batch, reduce=None))[0], field, atol=1e-14)


@pytest.mark.parametrize("group", GROUPS)
def test_axial_gauge_fixes_a_maximal_tree(group):
    L = 5
    U = G.random_links(L, group, key=jax.random.key(102))
    A = np.asarray(G.axial_gauge(U))
    one = np.eye(2) if group == "su2" else 1.0
    np.testing.assert_allclose(A[0, :-1], np.broadcast_to(one, A[0, :-1].shape), atol=1e-14)   # U₀ = 1, x₀ < L−1
    np.testing.assert_allclose(A[1, 0, :-1], np.broadcast_to(one, A[1, 0, :-1].shape), atol=1e-14)
    assert np.min(np.abs(A[1, 1:] - one)) > 1e-3                                # the rest is left alone
    # a gauge transformation: every loop is unchanged; a plaquette away from the edges is U₁(x+0̂) U₁(x)†
    for r, t in [(1, 1), (2, 3)]:
        np.testing.assert_allclose(np.asarray(G.wilson_loop_field(A, r, t)), np.asarray(G.wilson_loop_field(U, r, t)),
                                   atol=1e-13)
    np.testing.assert_allclose(mat(np.asarray(G.plaquettes(A))[1, 2]), mat(A[1][2, 2]) @ mat(dag(A[1][1, 2])),
                               atol=1e-14)
    # unique up to one global transformation: fixing a transformed copy gives Ω(0,0) A Ω(0,0)†
    omega = np.asarray(G.random_gauge(L, group, key=jax.random.key(103)))
    B = np.asarray(G.axial_gauge(G.gauge_transform(U, omega)))
    o = omega[0, 0]
    np.testing.assert_allclose(B, o @ A @ np.conj(o.T) if group == "su2" else A, atol=1e-13)
    if group == "su2":
        assert np.max(np.abs(B - A)) > 0.1                                     # the global rotation is real
    # a batch, and fixing twice changes nothing
    np.testing.assert_allclose(np.asarray(G.axial_gauge(np.stack([np.asarray(U), A])))[1], A, atol=1e-14)


def test_parameter_budgets():
    lcnn = G.lcnn_init(key=jax.random.key(101))
    # by hand: per block conv C·C_in·5·2 and bilin C·(C+1)·(C_in+1)·2; readout 8·16 + 16 + 16 + 1
    assert G.count_parameters(lcnn) == (4 * 2 * 10 + 4 * 5 * 3 * 2) + (4 * 4 * 10 + 4 * 5 * 5 * 2) + 161 == 721
    for group, n_in in (("su2", 8), ("u1", 4)):
        cnn = G.cnn_init(group, key=jax.random.key(102))
        c = cnn["convs"][0]["W"].shape[3]
        assert G.count_parameters(cnn) == 9 * n_in * c + c + 9 * c * c + c + c * 16 + 16 + 16 + 1
        assert abs(G.count_parameters(cnn) / G.count_parameters(lcnn) - 1) < 0.1
    assert G.count_parameters(G.cnn_init("su2", (7, 3), kernel_size=2, hidden=(), key=jax.random.key(0))) \
        == 25 * 8 * 7 + 7 + 25 * 7 * 3 + 3 + 3 + 1


def test_training_the_lcnn_and_the_cnn_on_the_2x2_loop():
    """The same routine, data and budget: the L-CNN learns the 2 × 2 loop field (held-out error a small
    fraction of the variance) and stays exactly gauge invariant; the CNN's predictions are not."""
    U = G._haar(jax.random.key(110), (24, 2, 6, 6), "su2")                  # 24 Haar-random configurations
    train, test = G.loop_data(U[:16]), G.loop_data(U[16:])                    # 576 training targets
    fits = {}
    for params in (G.lcnn_init((4, 4), hidden=(8,), key=jax.random.key(120)),
                   G.cnn_init("su2", (4, 4), hidden=(8,), key=jax.random.key(121))):
        fit = G.train_field(params, train, learning_rate=2e-2, n_steps=150)
        assert isinstance(fit, G.FieldFit) and fit.losses.shape == (150,)
        assert fit.losses[-1] < 0.2 * fit.losses[0]                            # training lowers the loss
        fits[fit.model] = fit
    lcnn, cnn = fits["lcnn"], fits["cnn"]
    assert lcnn.relative_mse(test) < 0.1                                        # measured 0.001–0.03
    assert lcnn.mse(test) == pytest.approx(lcnn.relative_mse(test) * test.variance, rel=1e-12)
    moved = test.gauge_transformed(key=jax.random.key(122))
    assert np.max(np.abs(np.asarray(lcnn.predict(moved.links)) - np.asarray(lcnn.predict(test.links)))) < 1e-10
    assert abs(lcnn.mse(moved) - lcnn.mse(test)) < 1e-12
    assert np.max(np.abs(np.asarray(cnn.predict(moved.links)) - np.asarray(cnn.predict(test.links)))) > 0.1
    # the same weights on a larger lattice, no retraining
    big = G.loop_data(G._haar(jax.random.key(123), (2, 2, 12, 12), "su2"))
    assert lcnn.relative_mse(big) < 0.1


def test_training_bad_input():
    U = jnp.stack([G.random_links(4, "su2", key=jax.random.key(130 + b)) for b in range(2)])
    data = G.loop_data(U)
    lcnn = G.lcnn_init((2,), hidden=(3,), key=jax.random.key(131))
    with pytest.raises(ValueError, match="^r must be <= L = 4"):
        G.wilson_loop_field(U[0], 5, 1)
    with pytest.raises(ValueError, match="^links must be a batch"):
        G.loop_data(U[0])
    with pytest.raises(ValueError, match="^beta must be None, a number or 2 numbers"):
        G.loop_data(U, beta=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="^L must be even"):
        G.loop_dataset(5, 1.0, key=jax.random.key(0))
    with pytest.raises(TypeError, match="^betas must be a real number or a non-empty sequence"):
        G.loop_dataset(4, "hot", key=jax.random.key(0))
    with pytest.raises(ValueError, match="^betas must be finite and >= 0"):
        G.loop_dataset(4, [1.0, -2.0], key=jax.random.key(0))
    with pytest.raises(ValueError, match="^r and t must be <= L = 4"):
        G.loop_dataset(4, 1.0, r=5, key=jax.random.key(0))
    with pytest.raises(TypeError, match="^key must be a JAX PRNG key"):
        G.loop_dataset(4, 1.0, key=1)
    with pytest.raises(TypeError, match="^key must be a JAX PRNG key"):
        data.gauge_transformed(key=1)
    with pytest.raises(ValueError, match="^group must be one of"):
        G.cnn_init("so3", key=jax.random.key(0))
    with pytest.raises(TypeError, match="^channels must be None or a non-empty sequence"):
        G.cnn_init("su2", 4, key=jax.random.key(0))
    with pytest.raises(ValueError, match="^kernel_size must be >= 1"):
        G.cnn_init("su2", kernel_size=0, key=jax.random.key(0))
    su2_cnn = G.cnn_init("su2", key=jax.random.key(132))
    with pytest.raises(ValueError, match=r"^params\['convs'\]\[0\]\['W'\] must have shape"):
        G.cnn_apply(su2_cnn, G.random_links(4, "u1", key=jax.random.key(0)))   # SU(2) weights on U(1) links
    with pytest.raises(TypeError, match="^params must be a dict with keys 'convs'"):
        G.cnn_apply(lcnn, U)
    with pytest.raises(ValueError, match="^reduce must be"):
        G.cnn_apply(su2_cnn, U, reduce="max")
    with pytest.raises(ValueError, match="^links must hold SU.2. matrices"):
        G.link_components(2 * np.asarray(U[0]))
    with pytest.raises(ValueError, match="^links must have shape"):
        G.axial_gauge(np.ones((2, 4, 5)))
    with pytest.raises(ValueError, match="^params must contain at least one array"):
        G.count_parameters({})
    with pytest.raises(TypeError, match="^params must be the parameters of lcnn_init or cnn_init"):
        G.train_field([1.0], data)
    with pytest.raises(TypeError, match="^data must be a LoopData"):
        G.train_field(lcnn, (U, data.target))
    with pytest.raises(ValueError, match="^n_steps must be >= 1"):
        G.train_field(lcnn, data, n_steps=0)
    with pytest.raises(ValueError, match="^learning_rate must be finite and > 0"):
        G.train_field(lcnn, data, learning_rate=-1.0)
    with pytest.raises(ValueError, match=r"^params\['convs'\]\[0\]\['W'\] must have shape"):
        G.train_field(su2_cnn, G.loop_data(G.random_links(4, "u1", key=jax.random.key(0))[None]))
    fit = G.FieldFit("lcnn", lcnn, np.zeros(1))
    with pytest.raises(TypeError, match="^data must be a LoopData"):
        fit.mse(U)
    with pytest.raises(TypeError, match="^data must be a LoopData"):
        fit.relative_mse(None)


def test_topological_charge_is_an_invariant_integer():
    """Q of random U(1) configurations: an integer equal to the sum of the wrapped plaquette angles
    over 2π, odd under parity (θ → −θ), gauge invariant, zero for the identity; and a constructed
    configuration of uniform field strength 2πQ/L² has exactly charge Q."""
    rng = np.random.default_rng(1)
    links = np.exp(1j * rng.uniform(-np.pi, np.pi, size=(20, 2, 6, 6)))
    q = G.topological_charge(links)
    assert q.shape == (20,) and q.dtype.kind == "i"
    assert np.any(q != 0)
    theta = np.angle(np.asarray(G.plaquettes(links[0])))
    assert abs(theta.sum() / (2 * np.pi) - q[0]) < 1e-9
    np.testing.assert_array_equal(G.topological_charge(np.conj(links)), -q)
    omega = np.exp(1j * rng.uniform(-np.pi, np.pi, size=(6, 6)))
    transformed = np.stack([np.asarray(G.gauge_transform(u, omega)) for u in links])
    np.testing.assert_array_equal(G.topological_charge(transformed), q)
    assert G.topological_charge(np.ones((2, 6, 6), complex)) == 0
    # uniform field strength: θ₁(x₀, x₁) = 2πQ x₀/L², and a twist θ₀(L−1, x₁) = −2πQ x₁/L closing the torus
    L = 8
    x0, x1 = np.meshgrid(np.arange(L), np.arange(L), indexing="ij")
    for Q in (-2, 1, 3):
        th0 = np.where(x0 == L - 1, -2 * np.pi * Q * x1 / L, 0.0)
        th1 = 2 * np.pi * Q * x0 / L**2
        U = np.exp(1j * np.stack([th0, th1]))
        assert G.topological_charge(U) == Q
        np.testing.assert_allclose(np.angle(np.asarray(G.plaquettes(U))), 2 * np.pi * Q / L**2, atol=1e-12)
    with pytest.raises(ValueError, match="U\\(1\\)"):
        G.topological_charge(np.ones((3, 6, 6), complex))
    with pytest.raises(ValueError, match="complex"):
        G.topological_charge(np.ones((2, 6, 6)))
