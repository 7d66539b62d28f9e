"""physml.quantum against independent references: Kronecker-product matrices, both exact routes, finite differences."""
import numpy as np
import pytest
import scipy.sparse as sp

from physml import quantum as Q

SX = np.array([[0.0, 1.0], [1.0, 0.0]])
SZ = np.diag([1.0, -1.0])  # basis |s=+1>, |s=-1>, i.e. bit 0, bit 1


def site_op(op, i, L):
    """op on site i, built by Kronecker products; site 0 is the least significant bit."""
    out = np.eye(1)
    for j in reversed(range(L)):
        out = np.kron(out, op if j == i else np.eye(2))
    return out


def dense_tfim(L, h, J):
    H = np.zeros((2**L, 2**L))
    for i in range(L):
        H -= J * site_op(SZ, i, L) @ site_op(SZ, (i + 1) % L, L)
        H -= h * site_op(SX, i, L)
    return H


@pytest.mark.parametrize("L", [2, 3, 4, 5])
def test_hamiltonian_matches_kronecker_construction(L):
    H = Q.tfim_hamiltonian(L, 0.7, J=1.3)
    assert sp.issparse(H)
    np.testing.assert_allclose(H.toarray(), dense_tfim(L, 0.7, 1.3), atol=1e-14)


def test_spin_configurations_follow_the_basis_order():
    s = Q.spin_configurations(3)
    assert s.shape == (8, 3)
    # diagonal of sigma^z_i in the Kronecker basis is s_i
    for i in range(3):
        np.testing.assert_array_equal(np.diag(site_op(SZ, i, 3)), s[:, i])
    np.testing.assert_array_equal(Q.configuration_index(s), np.arange(8))


FIELDS = [(0.0, 1.0), (0.3, 1.0), (1.0, 1.0), (2.5, 1.0), (0.8, -0.6)]
CASES = [(L, h, J) for L in (2, 4, 6, 8, 10, 12) for h, J in FIELDS] + [
    (L, h, J) for L in (14, 16) for h, J in [(0.3, 1.0), (1.0, 1.0)]]   # large L: two fields, for speed


@pytest.mark.parametrize("L,h,J", CASES)
def test_exact_diagonalisation_agrees_with_jordan_wigner(L, h, J):
    e_jw = Q.tfim_exact_energy(L, h, J)
    assert abs(Q.tfim_ground_state(L, h, J).energy - e_jw) < 1e-10
    for sector in (1, -1):
        gs = Q.tfim_ground_state(L, h, J, parity_sector=sector)
        assert abs(gs.energy - Q.tfim_exact_energy(L, h, J, parity_sector=sector)) < 1e-10
        np.testing.assert_allclose(gs.psi[Q.parity(L)], sector * gs.psi, atol=1e-8)


def test_ground_state_vector_is_an_eigenvector_and_positive():
    H = Q.tfim_hamiltonian(10, 1.0)
    gs = Q.tfim_ground_state(10, 1.0)
    e, psi = gs.energy, gs.psi
    np.testing.assert_allclose(H @ psi, e * psi, atol=1e-9)
    assert np.linalg.norm(psi) == pytest.approx(1.0)
    assert psi.min() > 0


def test_dense_spectrum_lowest_eigenvalue():
    H = dense_tfim(6, 1.0, 1.0)
    assert Q.tfim_exact_energy(6, 1.0) == pytest.approx(np.linalg.eigvalsh(H)[0], abs=1e-12)


def test_thermodynamic_limit_and_cft_correction():
    # E0/L -> -4/pi at h = J with the c = 1/2 correction -pi/(6 L^2)
    for L in (100, 400):
        e = Q.tfim_exact_energy(L, 1.0) / L
        assert e == pytest.approx(-4 / np.pi - np.pi / (6 * L**2), abs=1e-3 / L**2)


def test_magnetisation_hellmann_feynman_vs_ed_and_finite_differences():
    for h in (0.4, 1.0, 1.7):
        psi = Q.tfim_ground_state(10, h).psi
        mx = Q.tfim_exact_magnetisation(10, h)
        assert Q.transverse_magnetisation(psi, 10) == pytest.approx(mx, abs=1e-9)
        d = 1e-5
        fd = -(Q.tfim_exact_energy(10, h + d) - Q.tfim_exact_energy(10, h - d)) / (2 * d) / 10
        assert fd == pytest.approx(mx, abs=1e-8)


def test_zz_correlation_against_kronecker_operators():
    L = 6
    psi = Q.tfim_ground_state(L, 0.9).psi
    C = Q.zz_correlation(psi, L)
    for r in range(L // 2 + 1):
        ref = np.mean([psi @ site_op(SZ, i, L) @ site_op(SZ, (i + r) % L, L) @ psi for i in range(L)])
        assert C[r] == pytest.approx(ref, abs=1e-12)


def test_rayleigh_quotient_bounds_and_eigenvectors():
    H = dense_tfim(5, 0.8, 1.0)
    w, V = np.linalg.eigh(H)
    assert Q.rayleigh_quotient(H, 3.0 * V[:, 2]) == pytest.approx(w[2])
    rng = np.random.default_rng(0)
    Hs = sp.csr_matrix(H)
    for _ in range(50):
        psi = rng.normal(size=32) + 1j * rng.normal(size=32)
        e = Q.rayleigh_quotient(Hs, psi)
        assert w[0] - 1e-12 <= e <= w[-1] + 1e-12
        assert e == pytest.approx((psi.conj() @ H @ psi).real / (psi.conj() @ psi).real)


def test_product_state_energy_is_mean_field():
    H = Q.tfim_hamiltonian(6, 0.7, J=1.2)
    for th in (0.0, 0.4, 1.3, np.pi / 2):
        psi = Q.product_state(th, 6)
        assert np.linalg.norm(psi) == pytest.approx(1.0)
        assert Q.rayleigh_quotient(H, psi) == pytest.approx(-6 * 1.2 * np.cos(th) ** 2 - 6 * 0.7 * np.sin(th))


@pytest.mark.parametrize("L,h,J", [(2, 0.3, 1.0), (5, 0.7, 1.2), (8, 1.5, -0.8)])
def test_product_state_energy_is_the_rayleigh_quotient_of_the_product_state(L, h, J):
    H = Q.tfim_hamiltonian(L, h, J)
    thetas = np.linspace(-0.5, 3.5, 9)
    ref = [Q.rayleigh_quotient(H, Q.product_state(th, L)) for th in thetas]
    np.testing.assert_allclose(Q.product_state_energy(thetas, L, h, J), ref, rtol=1e-12, atol=1e-12)
    one = Q.product_state_energy(0.4, L, h, J)
    assert isinstance(one, float) and one == pytest.approx(Q.rayleigh_quotient(H, Q.product_state(0.4, L)))
    # the best product state (mean field, sin θ = h/2J for h <= 2|J|) bounds E0 from above
    if 0 < h <= 2 * J:
        best = Q.product_state_energy(np.arcsin(h / (2 * J)), L, h, J)
        assert best == pytest.approx(-L * (J + h**2 / (4 * J)))
        assert best >= np.linalg.eigvalsh(H.toarray())[0]


def _fd_pair_ground(g, width, odd):
    """Ground energy of -d2/dr2 + r^2/4 + g exp(-r^2/2w^2) on r > 0 by finite differences, plus 1/2."""
    from scipy.linalg import eigh_tridiagonal
    n, R = 6000, 16.0
    if odd:     # psi(0) = 0
        dr = R / (n + 1)
        r = dr * np.arange(1, n + 1)
        d = 2 / dr**2 + r**2 / 4 + g * np.exp(-(r**2) / (2 * width**2))
    else:       # psi'(0) = 0, cell-centred grid
        dr = R / n
        r = dr * (np.arange(n) + 0.5)
        d = 2 / dr**2 + r**2 / 4 + g * np.exp(-(r**2) / (2 * width**2))
        d[0] -= 1 / dr**2
    return 0.5 + eigh_tridiagonal(d, -np.ones(n - 1) / dr**2, select="i", select_range=(0, 0),
                                  eigvals_only=True)[0]


@pytest.mark.parametrize("g,width", [(2.0, 1.0), (-1.5, 0.5), (5.0, 2.0)])
def test_harmonic_pair_energy_matches_finite_differences(g, width):
    for antisymmetric in (True, False):
        ref = _fd_pair_ground(g, width, odd=antisymmetric)
        assert Q.harmonic_pair_energy(g, width, antisymmetric=antisymmetric) == pytest.approx(ref, abs=2e-5)
    assert Q.harmonic_pair_energy(0.0, 1.0) == pytest.approx(2.0, abs=1e-12)
    assert Q.harmonic_pair_energy(0.0, 1.0, antisymmetric=False) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("call,exc,words", [
    (lambda: Q.tfim_exact_energy(7, 1.0), ValueError, "L must be even"),
    (lambda: Q.harmonic_pair_energy(1.0, -1.0), ValueError, "width must be"),
    (lambda: Q.harmonic_pair_energy("1", 1.0), TypeError, "g must be"),
    (lambda: Q.harmonic_pair_energy(1.0, 1.0, n_basis=1), ValueError, "n_basis must be >= 2"),
    (lambda: Q.tfim_exact_energy(1, 1.0), ValueError, "L must be >= 2"),
    (lambda: Q.tfim_exact_energy(4.0, 1.0), TypeError, "L must be an integer"),
    (lambda: Q.tfim_exact_energy(4, float("nan")), ValueError, "h must be"),
    (lambda: Q.tfim_exact_energy(4, "1"), TypeError, "h must be"),
    (lambda: Q.tfim_exact_energy(4, 1.0, parity_sector=0), ValueError, "parity_sector"),
    (lambda: Q.tfim_hamiltonian(30, 1.0), ValueError, "L must be <= 22"),
    (lambda: Q.tfim_ground_state(4, 1.0, parity_sector=2), ValueError, "parity_sector"),
    (lambda: Q.rayleigh_quotient(np.eye(4), np.ones(3)), ValueError, "psi must be a vector of length 4"),
    (lambda: Q.rayleigh_quotient(np.eye(4), np.zeros(4)), ValueError, "zero vector"),
    (lambda: Q.rayleigh_quotient([[1, 0], [0, 1]], np.ones(2)), TypeError, "H must be"),
    (lambda: Q.rayleigh_quotient(np.ones((2, 3)), np.ones(2)), TypeError, "H must be a square"),
    (lambda: Q.transverse_magnetisation(np.ones(5), 2), ValueError, "psi must have length"),
    (lambda: Q.configuration_index(np.array([1, 0, -1])), ValueError, "s must hold"),
    (lambda: Q.product_state_energy("0.3", 4, 1.0), TypeError, "theta must be a real number"),
    (lambda: Q.product_state_energy([0.3, np.nan], 4, 1.0), ValueError, "theta must contain only finite"),
    (lambda: Q.product_state_energy(0.3, 1, 1.0), ValueError, "L must be >= 2"),
])
def test_bad_input_raises_clear_errors(call, exc, words):
    with pytest.raises(exc, match=words):
        call()


# ------------------------------------------------------------------ the chapter's explorers
def test_product_state_explorer_draws_the_mean_field_energy():
    from physml import quantum as Q
    from physml.interactives import nqs as figures

    explorer = figures.product_state()
    view = explorer.run(theta_deg=30.0, h=1.0)           # the best product state: sin θ = h/2J
    best = Q.rayleigh_quotient(Q.tfim_hamiltonian(10, 1.0), Q.product_state(np.pi / 6, 10))
    assert view.energy == pytest.approx(best) and best == pytest.approx(-12.5)
    assert "E[ψ<sub>θ</sub>] − E₀ = 0.2849 ≥ 0 ✓" in explorer.status(view)
    for h in (0.0, 0.7, 2.0):
        curve = explorer.draw(explorer.run(h=h))["curve"][1]
        assert curve.min() >= Q.tfim_exact_energy(10, h) - 1e-12
    with pytest.raises(ValueError, match="L must be even"):
        figures.product_state(L=7)


def _kron_heisenberg(L, J, J2):
    """Dense Heisenberg chain from Kronecker products of Pauli matrices (site 0 = least significant bit)."""
    paulis = [np.array([[0, 1], [1, 0]]) / 2, np.array([[0, -1j], [1j, 0]]) / 2, np.array([[1, 0], [0, -1]]) / 2]

    def op(o, i):
        m = np.array([[1.0]])
        for k in reversed(range(L)):
            m = np.kron(m, o if k == i else np.eye(2))
        return m

    H = np.zeros((2**L, 2**L), dtype=complex)
    for i in range(L):
        for c, d in ((J, 1), (J2, 2)):
            for o in paulis:
                H += c * op(o, i) @ op(o, (i + d) % L)
    return H


@pytest.mark.parametrize("L,J,J2", [(2, 1.0, 0.0), (4, 1.0, 0.0), (5, 1.0, 0.3), (6, 0.7, 0.5)])
def test_heisenberg_hamiltonian_matches_kronecker_products(L, J, J2):
    H = Q.heisenberg_hamiltonian(L, J, J2).toarray()
    np.testing.assert_allclose(H, _kron_heisenberg(L, J, J2).real, atol=1e-14)
    assert np.abs(_kron_heisenberg(L, J, J2).imag).max() < 1e-14


def test_heisenberg_closed_forms():
    """L = 4: E0 = -2J (total-spin algebra); Majumdar–Ghosh J2 = J/2: E0/L = -3/8 exactly; as L grows the
    energy per site approaches Bethe's 1/4 - ln 2 from below, with the 1/L^2 finite-size correction."""
    from scipy.sparse.linalg import eigsh

    e4 = eigsh(Q.heisenberg_hamiltonian(4).toarray(), k=1, which="SA")[0][0]
    assert abs(e4 + 2.0) < 1e-12
    e_mg = eigsh(Q.heisenberg_hamiltonian(12, 1.0, 0.5), k=1, which="SA")[0][0]
    assert abs(e_mg / 12 + 0.375) < 1e-10
    bethe = 0.25 - np.log(2)
    gaps = [eigsh(Q.heisenberg_hamiltonian(L), k=1, which="SA")[0][0] / L - bethe for L in (8, 12, 16)]
    assert gaps[0] < gaps[1] < gaps[2] < 0   # -0.0132, -0.0058, -0.0032
    # the leading correction is -pi v c/(6 L^2) with spin-wave velocity v = pi J/2 and
    # central charge c = 1 (conformal field theory; logarithmic corrections aside): within 5% (1% here)
    assert abs(gaps[2] / (-np.pi**2 / (12 * 16**2)) - 1) < 0.05


def test_heisenberg_bad_input():
    with pytest.raises(ValueError, match="L"):
        Q.heisenberg_hamiltonian(1)
    with pytest.raises((TypeError, ValueError), match="J2"):
        Q.heisenberg_hamiltonian(4, 1.0, "x")


def test_zero_magnetisation_indices_is_the_sector():
    from math import comb

    idx = Q.zero_magnetisation_indices(8)
    assert len(idx) == comb(8, 4) and np.all(np.diff(idx) > 0)
    s = Q.spin_configurations(8)
    np.testing.assert_array_equal(np.flatnonzero(s.sum(axis=1) == 0), idx)
    with pytest.raises(ValueError, match="L must be even"):
        Q.zero_magnetisation_indices(5)


@pytest.mark.parametrize("L,J2", [(4, 0.0), (8, 0.0), (10, 0.3), (12, 0.5), (12, 0.8)])
def test_heisenberg_ground_state_matches_the_full_space(L, J2):
    """The S^z = 0 block's ground state is the full space's (a singlet), and its vector is an eigenvector of
    the full matrix, normalised, zero outside the sector, with the Marshall-positive overall sign."""
    from scipy.sparse.linalg import eigsh

    gs = Q.heisenberg_ground_state(L, 1.0, J2)
    H = Q.heisenberg_hamiltonian(L, 1.0, J2)
    e_full = eigsh(H, k=1, which="SA", tol=1e-12)[0][0] if L > 4 else np.linalg.eigvalsh(H.toarray())[0]
    assert abs(gs.energy - e_full) < 1e-9
    assert gs.psi.shape == (2**L,) and abs(np.linalg.norm(gs.psi) - 1) < 1e-12
    np.testing.assert_allclose(H @ gs.psi, gs.energy * gs.psi, atol=1e-8)
    outside = np.setdiff1d(np.arange(2**L), Q.zero_magnetisation_indices(L))
    assert np.all(gs.psi[outside] == 0)
    marshall = (-1.0) ** (Q.spin_configurations(L)[:, 1::2] > 0).sum(axis=1)
    assert np.sum(marshall * gs.psi) > 0


def test_heisenberg_ground_state_published_energies():
    """L = 16, J2 = 0: E0/L = -0.4463935 (Lanczos literature value); Majumdar–Ghosh J2 = 1/2: -3/8 exactly;
    L = 4: -2J (total spin); and C(r) of the L = 4 singlet: <S^z_0 S^z_1> = -1/6 (E0 = 4 * 3 <S^z S^z>)."""
    assert abs(Q.heisenberg_ground_state(16).energy / 16 + 0.4463935) < 5e-8
    assert abs(Q.heisenberg_ground_state(16, 1.0, 0.5).energy / 16 + 0.375) < 1e-10
    g4 = Q.heisenberg_ground_state(4, J=2.0)
    assert abs(g4.energy + 4.0) < 1e-12
    assert abs(Q.zz_correlation(g4.psi, 4)[1] / 4 + 1 / 6) < 1e-12


def test_heisenberg_ground_state_bad_input():
    with pytest.raises(ValueError, match="L must be even"):
        Q.heisenberg_ground_state(7)
    with pytest.raises(TypeError, match="J2"):
        Q.heisenberg_ground_state(6, 1.0, None)
