"""Self-checks for the exercises of chapter 11 (phases of matter from data: the 2D Ising model)."""
from __future__ import annotations

import numpy as np

from . import Wrong, as_number, call, grade_choice, reject_near, task


# ----------------------------------------------------------------- task 11.1
def brute_force_energy(spins):
    """The total energy ``E = −Σ_⟨ij⟩ s_i s_j`` (J = 1, every nearest-neighbour bond of the periodic
    lattice once), summed bond by bond: the reference of task 11.1, independent of any ΔE formula."""
    s = np.asarray(spins, dtype=float)
    rows, cols = s.shape
    energy = 0.0
    for i in range(rows):
        for j in range(cols):
            energy -= s[i, j] * (s[(i + 1) % rows, j] + s[i, (j + 1) % cols])
    return energy


def _flipped(spins, i, j):
    out = np.array(spins, copy=True)
    out[i, j] = -out[i, j]
    return out


#: (seed, rows, columns, fraction of up spins) of the configurations on which a student's ΔE is compared;
#: every site of each is tried, corners and edges included (the periodic wrap matters there).
FLIP_CASES = ((0, 5, 5, 0.5), (1, 4, 6, 0.8), (2, 6, 3, 0.2), (3, 3, 3, 0.5))


def flip_configurations():
    """The random ±1 configurations of task 11.1's check (rectangular too: rows and columns must not be swapped)."""
    out = []
    for seed, rows, cols, up in FLIP_CASES:
        rng = np.random.default_rng(1100 + seed)
        out.append(np.where(rng.random((rows, cols)) < up, 1, -1).astype(np.int64))
    return out


def flip_energy_variant(kind):
    """ΔE of flipping spin (i, j) with a typical slip (for the hints and their tests); ``"right"`` is correct."""
    def f(spins, i, j):
        s = np.asarray(spins)
        rows, cols = s.shape
        if kind == "open":                                  # no periodic wrap: missing neighbours count as 0
            pad = np.pad(s, 1)
            field = pad[i, j + 1] + pad[i + 2, j + 1] + pad[i + 1, j] + pad[i + 1, j + 2]
        elif kind == "two-neighbours":                      # only the bonds to the right and below
            field = s[(i + 1) % rows, j] + s[i, (j + 1) % cols]
        else:
            field = s[(i + 1) % rows, j] + s[(i - 1) % rows, j] + s[i, (j + 1) % cols] + s[i, (j - 1) % cols]
        dE = 2.0 * s[i, j] * field
        if kind == "no-two":
            return dE / 2
        if kind == "sign":
            return -dE
        if kind == "per-site":
            return dE / s.size
        return dE
    return f


_FLIP_HINTS = (
    ("no-two", "your ΔE is half the right one. Flipping s → −s changes each bond energy −s s_k by 2 s s_k, "
     "not by s s_k: where does the factor 2 come from?"),
    ("sign", "your ΔE has the wrong sign: flipping a spin aligned with all four neighbours must cost energy "
     "(ΔE > 0), since each aligned bond has energy −1."),
    ("per-site", "your ΔE is divided by the number of sites. The task asks for the change of the total "
     "energy E, not of the energy per site."),
    ("open", "your ΔE is right inside the lattice but wrong at its edges. The lattice is periodic: the "
     "neighbour of the last column is the first column (np.roll, or the index modulo the size)."),
    ("two-neighbours", "your ΔE counts two of the four neighbours. The energy sums each bond once, but a "
     "single spin sits on four bonds: up, down, left and right."),
)


def _flip_values(func):
    got, want = [], []
    for spins in flip_configurations():
        rows, cols = spins.shape
        for i in range(rows):
            for j in range(cols):
                value = call(func, spins.copy(), i, j, what="my_flip_energy")
                got.append(as_number(value, "my_flip_energy(spins, i, j)"))
                want.append(brute_force_energy(_flipped(spins, i, j)) - brute_force_energy(spins))
    return np.array(got), np.array(want)


@task("ch11-flip-energy", "Task 11.1, the energy cost of one spin flip")
def _flip_energy(my_flip_energy):
    got, want = _flip_values(my_flip_energy)
    if np.allclose(got, want, rtol=0, atol=1e-9):
        return ("ΔE = 2 s_ij Σ_neighbours s_k, equal to the brute-force difference of total energies on every site "
                "of four random configurations, edges included. It takes only the values −8, −4, 0, 4, 8: the "
                "next cell tabulates the Metropolis acceptance for each.")
    for kind, hint in _FLIP_HINTS:
        variant = flip_energy_variant(kind)
        ref = np.array([variant(s, i, j) for s in flip_configurations()
                        for i in range(s.shape[0]) for j in range(s.shape[1])], dtype=float)
        if np.allclose(got, ref, rtol=0, atol=1e-9):
            raise Wrong(hint)
    if not np.all(np.isin(np.round(got, 9), (-8.0, -4.0, 0.0, 4.0, 8.0))):
        raise Wrong("flipping one spin changes four bonds, each by 0 or ±2, so ΔE can only be −8, −4, 0, 4 or 8; "
                    "yours takes other values. Write E before and after the flip and subtract.")
    raise Wrong("your ΔE differs from the difference of the total energies after and before the flip. Only the "
                "four bonds of spin (i, j) change: write their energy before and after.")


# ----------------------------------------------------------------- task 11.2
AUTOCORRELATION_OPTIONS = {
    "a": "Metropolis decorrelates in about ten to hundreds of sweeps at T_c, more the larger the lattice (τ ∝ L^z, "
         "z ≈ 2.2); Wolff in one or two sweeps' worth of flips, nearly independent of L: it turns over a whole "
         "correlated domain at once",
    "b": "both have the same autocorrelation time: they sample the same Boltzmann distribution",
    "c": "Wolff is slower at T_c: the bond probability 1 − e^(−2/T) is small there, so its clusters are single spins",
    "d": "Metropolis is faster at T_c than anywhere below it, because more of its proposals are accepted there, "
         "and so is its autocorrelation time short",
}


@task("ch11-autocorrelation", "Task 11.2, critical slowing down: Metropolis against Wolff")
def _autocorrelation(prediction):
    return grade_choice(prediction, AUTOCORRELATION_OPTIONS, "a", what="your prediction", remark=(
        "At T_c the correlation length reaches the size of the lattice; a local move must diffuse a domain wall "
        "across it, while a cluster move flips a correlated region in one step. The next cell measures both."),
        hints={
        "b": "the same distribution, yes, but a different Markov chain: the autocorrelation time measures how "
             "fast successive samples forget each other, which depends on the moves, not only on the target.",
        "c": "evaluate 1 − e^(−2/T) at T_c = 2.27: is it small? At T_c the Wolff clusters are as large as the "
             "correlated regions, a finite fraction of the lattice.",
        "d": "a high acceptance is not fast decorrelation: flipping single spins inside a large domain is "
             "accepted and undone again. What has to happen for the magnetisation of a domain to change?",
    })


# ----------------------------------------------------------------- task 11.3
#: the lattice of task 11.3
PCA_L = 16


@task("ch11-pca-constant", "Task 11.3, the first principal component is the magnetisation")
def _pca_constant(constant):
    value = as_number(constant, "pca_constant")
    exact = float(PCA_L)                                  # w = (1, ..., 1)/√N: w·s = Σ s/√N = √N m, √N = L
    if abs(value - exact) <= 1e-6 * exact:
        return ("w·s = Σ_i s_i/√N = √N m: the projection on the uniform unit vector is the magnetisation times "
                "√N = L. The next cell checks it on Monte Carlo configurations.")
    reject_near(value, (
        (-exact, 1e-6 * exact, "the sign of a principal component is arbitrary; the task fixes it by taking "
         "w with a positive sum. With that sign, is the constant positive?"),
        (1.0, 1e-9, "w·s = m would need w = (1, ..., 1)/N, but a principal axis is a unit vector: which "
         "normalisation makes |w| = 1?"),
        (float(PCA_L ** 2), 1e-6, "that is N = L², the constant for the unnormalised vector (1, ..., 1). A "
         "principal axis has length 1: Σ_i w_i² = 1."),
        (1.0 / PCA_L, 1e-9, "that is 1/√N; write w·s with w_i = 1/√N and m = (1/N) Σ s_i, and solve for w·s in "
         "terms of m."),
        (1.0 / PCA_L ** 2, 1e-9, "that is 1/N; write w·s with w_i = 1/√N and m = (1/N) Σ s_i, and solve for w·s "
         "in terms of m."),
    ))
    raise Wrong("write the unit vector w with equal entries (what must each entry be for Σ w_i² = 1?), then "
                "w·s = Σ_i w_i s_i, and compare with m = (1/N) Σ_i s_i for N = L² = 256 sites.")


# ----------------------------------------------------------------- task 11.4
#: the hidden model of task 11.4: the triangular-lattice Ising model, T_c = 4/ln 3, crossings
#: T*(L) = T_c + A/L (ν = 1) with noise SIGMA
TRIANGULAR_TC = 4.0 / np.log(3.0)
_SHIFT, _SIGMA, _SEED = 1.3, 0.006, 11
CROSSING_SIZES = np.array([8, 12, 16, 24, 32, 48])


def practice_crossings():
    """The data of task 11.4: where a phase classifier's probability of "ordered" crosses ½, per lattice size.

    The classifier was trained on configurations of the **triangular**-lattice Ising model (six
    neighbours, J = 1) far from its transition and applied across T on lattices of size L.
    Returns ``(L, T_cross, sigma)``: six sizes from 8 to 48, the crossing temperatures and their
    standard errors.
    """
    rng = np.random.default_rng(_SEED)
    sigma = np.full(CROSSING_SIZES.shape, _SIGMA)
    T_cross = TRIANGULAR_TC + _SHIFT / CROSSING_SIZES + rng.normal(0.0, _SIGMA, CROSSING_SIZES.shape)
    return CROSSING_SIZES.copy(), T_cross, sigma


def _weighted_intercept(x):
    """Intercept (and its standard error) of a weighted straight-line fit of the crossings against ``x``."""
    _, T, sigma = practice_crossings()
    A = np.stack([np.ones_like(x, dtype=float), np.asarray(x, dtype=float)], 1) / sigma[:, None]
    coef = np.linalg.lstsq(A, T / sigma, rcond=None)[0]
    return float(coef[0]), float(np.sqrt(np.linalg.inv(A.T @ A)[0, 0]))


def crossing_reference():
    """(T_c, its standard error): the weighted fit T*(L) = T_c + a/L of :func:`practice_crossings`."""
    return _weighted_intercept(1.0 / CROSSING_SIZES)


def crossing_variants():
    """Typical wrong estimates from the data of task 11.4 (for the hints and their tests)."""
    L, T, _ = practice_crossings()
    return {"largest-L": float(T[-1]), "mean": float(T.mean()), "square-lattice": 2.0 / np.log(1.0 + np.sqrt(2.0)),
            "inverse-square": _weighted_intercept(1.0 / L ** 2)[0], "against-L": _weighted_intercept(L)[0]}


@task("ch11-critical-temperature", "Task 11.4, T_c by finite-size scaling of the classifier's crossings")
def _critical_temperature(Tc_estimate):
    value = as_number(Tc_estimate, "Tc_estimate")
    ref, err = crossing_reference()
    if abs(value - ref) <= 3 * err:
        return ("The crossings drift like 1/L (ν = 1 for the Ising universality class, whatever the lattice) and "
                "extrapolate to the triangular lattice's exact T_c = 4/ln 3 within the error bar. The next cell "
                "compares them.")
    v = crossing_variants()
    reject_near(value, (
        (v["square-lattice"], 0.01, "that is Onsager's T_c of the square lattice. These crossings come from the "
         "triangular lattice (six neighbours, so a higher T_c): fit them."),
        (v["largest-L"], 0.004, "that is the crossing of the largest lattice, which is still shifted by its "
         "finite size. Extrapolate to L → ∞."),
        (v["mean"], 0.01, "the average of the crossings keeps the finite-size shift of every lattice. Fit their "
         "drift with L and extrapolate to L → ∞."),
        (v["inverse-square"], 0.006, "the crossings do not drift like 1/L²: the shift of a pseudo-critical "
         "temperature scales as L^(−1/ν), and ν = 1 for the 2D Ising model. Fit against 1/L."),
        (v["against-L"], 0.01, "a straight line against L extrapolates to L = 0, the smallest lattice, not the "
         "largest. Which variable goes to zero as L → ∞?"),
    ))
    if value < ref:
        raise Wrong("too low. Fit T*(L) = T_c + a/L to the crossings, weighted by their errors, and take the "
                    "intercept at 1/L = 0.")
    raise Wrong("too high: the crossings still decrease with L. Fit T*(L) = T_c + a/L to them, weighted by their "
                "errors, and take the intercept at 1/L = 0.")


# ----------------------------------------------------------------- task 11.5
ANTIFERROMAGNET_OPTIONS = {
    "a": "ordered below the antiferromagnet's transition and disordered above it: the network has learned "
         "to recognise order",
    "b": "disordered at every temperature: the staggered order of the antiferromagnet has m ≈ 0, and the "
         "network, which learned a function of the magnetisation, cannot tell it from noise",
    "c": "ordered at every temperature: the antiferromagnet's configurations are never random",
    "d": "ordered and disordered at random, 50 % each, at every temperature: the configurations lie outside "
         "its training data",
}


@task("ch11-antiferromagnet", "Task 11.5, what the network learned")
def _antiferromagnet(prediction):
    return grade_choice(prediction, ANTIFERROMAGNET_OPTIONS, "b", what="your prediction", remark=(
        "The network learned the magnetisation, the feature that separates its training data, not 'order' in "
        "general: the antiferromagnet's order parameter is the staggered magnetisation. A network is a physicist's "
        "order parameter only on the data it was trained on. The next cell tests it."), hints={
        "a": "what does the network compute? Look at its weights in the chapter: they are nearly uniform, so its "
             "input is essentially Σ s_i. What is Σ s_i for a perfect checkerboard?",
        "c": "at high temperature the antiferromagnet is as random as the ferromagnet. And in which direction "
             "does the network's output move when m → 0?",
        "d": "the network is a deterministic function of its input: out of distribution it does not guess, it "
             "applies the same function. What is that function's input for a checkerboard, and its output there?",
    })

