"""physml.gauge: plaquettes and Wilson loops against explicit path products, gauge invariance under
random transformations, the exact 2D plaquette against quadrature over Haar measure, the torus
results against a constrained integral and reweighted Haar sampling, the heat-bath samplers against
their target densities (Kolmogorov–Smirnov), heat-bath Monte Carlo against the exact torus results,
and bad input."""
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
