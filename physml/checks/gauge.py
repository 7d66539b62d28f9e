"""Self-checks for the exercises of chapter 9 (gauge equivariance on the lattice).

Tasks 9.1 and 9.2 take functions of link configurations stored as matrices: ``links[μ]`` has shape
``(L, L, N, N)``, with U(1) phases as ``1 × 1`` matrices (N = 1) and SU(2) links as ``2 × 2``
matrices (N = 2), so that one code, with ``@`` for products, serves both groups
(``as_matrices``).
"""
from __future__ import annotations

import jax
import numpy as np

from .. import gauge as G
from . import StudentError, Wrong, call, grade_choice, task


def as_matrices(links):
    """Links of :mod:`physml.gauge` as a NumPy array of matrices, shape ``(2, L, L, N, N)`` (U(1): N = 1)."""
    arr = np.asarray(links, dtype=complex)
    return arr[..., None, None] if arr.ndim == 3 else arr


def dagger(A):
    """The conjugate transpose of every matrix in a field ``(..., N, N)``."""
    return np.conj(np.swapaxes(A, -1, -2))


def _shift(field, mu, n=1):
    """``f(x + n μ̂)`` on the periodic lattice (axis ``μ`` of a field ``(L, L, ...)``)."""
    return np.roll(field, -n, axis=mu)


def _random_configuration(L, group, seed):
    return as_matrices(G.random_links(L, group, key=jax.random.key(seed)))


def _random_gauge(L, group, seed):
    omega = np.asarray(G.random_gauge(L, group, key=jax.random.key(seed)), dtype=complex)
    return omega[..., None, None] if omega.ndim == 2 else omega


def _transform(U, omega):
    """``U_μ(x) → Ω(x) U_μ(x) Ω(x+μ̂)†`` for links as matrices."""
    return np.stack([omega @ U[mu] @ dagger(_shift(omega, mu)) for mu in (0, 1)])


# ----------------------------------------------------------------- task 9.1
def plaquette_variant(kind):
    """The plaquette field written with a typical slip (for the hints and their tests); ``"right"`` is correct."""
    def f(U):
        U = as_matrices(U)
        U0, U1 = U[0], U[1]
        return {
            "right": U0 @ _shift(U1, 0) @ dagger(_shift(U0, 1)) @ dagger(U1),
            "reversed": U1 @ _shift(U0, 1) @ dagger(_shift(U1, 0)) @ dagger(U0),        # walked clockwise
            "order": dagger(U1) @ dagger(_shift(U0, 1)) @ _shift(U1, 0) @ U0,           # factors in reverse order
            "cyclic": _shift(U1, 0) @ dagger(_shift(U0, 1)) @ dagger(U1) @ U0,          # based at x + 0̂
            "shift-back": U0 @ np.roll(U1, 1, axis=0) @ dagger(np.roll(U0, 1, axis=1)) @ dagger(U1),
            "no-dagger": U0 @ _shift(U1, 0) @ _shift(U0, 1) @ U1,
            "transpose": U0 @ _shift(U1, 0) @ np.swapaxes(_shift(U0, 1), -1, -2) @ np.swapaxes(U1, -1, -2),
            "axes": U0 @ _shift(U1, 1) @ dagger(_shift(U0, 0)) @ dagger(U1),            # shifts along the wrong axes
        }[kind]
    return f


def _complex_array(answer, what):
    """A student's result as a complex array, or a friendly error for anything else."""
    try:
        return np.asarray(answer, dtype=complex)
    except (TypeError, ValueError):
        raise StudentError(f"{what} should be an array of complex numbers, but it is a "
                           f"{type(answer).__name__}.") from None


def _matrix_field(answer, U, what, expected):
    """A student's result as one ``N × N`` complex matrix per site, shape ``(L, L, N, N)`` like the links
    ``U`` (U(1) results may come as ``(L, L)`` phases), or a friendly error naming what was expected."""
    L, N = U.shape[1], U.shape[-1]
    arr = _complex_array(answer, what)
    if N == 1 and arr.shape == (L, L):
        arr = arr[..., None, None]
    if arr.shape != (L, L, N, N):
        raise Wrong(f"{what} has shape {arr.shape}, but one {N} × {N} matrix per site, shape {(L, L, N, N)}, "
                    f"{expected}")
    return arr


def _plaquette_answer(my_plaquettes, U, what):
    return _matrix_field(call(my_plaquettes, U, what="my_plaquettes"), U, what,
                         "is expected (the matrices themselves, not their traces).")


@task("ch09-plaquette", "Task 9.1, the plaquette of U(1) and SU(2) links")
def _plaquette(my_plaquettes):
    ok = dict(rtol=0, atol=1e-10)
    # U(1) first: the order of the factors cannot matter there
    U = _random_configuration(4, "u1", 91)
    got = _plaquette_answer(my_plaquettes, U, "my_plaquettes(links) for U(1) links")
    ref = plaquette_variant("right")(U)
    u1_right = np.allclose(got, ref, **ok)
    if not u1_right:
        if np.allclose(got, dagger(ref), **ok):
            raise Wrong("your loop runs the other way round (clockwise): you get U_P†, whose trace is the complex "
                        "conjugate. Walk it as the chapter does: from x along +0̂, then +1̂, then back along 0̂, "
                        "then back along 1̂.")
        if np.allclose(got, plaquette_variant("no-dagger")(U), **ok):
            V = _random_configuration(4, "su2", 92)
            if np.allclose(_plaquette_answer(my_plaquettes, V, "my_plaquettes(links) for SU(2) links"),
                           plaquette_variant("transpose")(V), **ok):
                raise Wrong("a backwards link needs the inverse of the link matrix. For a unitary matrix that is "
                            "the conjugate transpose, not the transpose alone: for U(1), the inverse of e^{iθ} "
                            "is e^{−iθ}.")
            raise Wrong("the last two links are walked backwards, against their direction. What is the link from "
                        "y + μ̂ to y, in terms of U_μ(y)? For U(1), what is the inverse of e^{iθ}?")
        if np.allclose(got, plaquette_variant("shift-back")(U), **ok):
            raise Wrong("check the direction of your shifts: np.roll(a, 1, axis=0)[x] is a[x − 0̂], not a[x + 0̂]. "
                        "Which neighbour of x does U₁(x + 0̂) sit on?")
        if np.allclose(got, plaquette_variant("axes")(U), **ok):
            raise Wrong("U₁(x + 0̂) is the link in direction 1 at the site one step along direction 0: which array "
                        "axis does each shift move along? The first lattice axis of links[μ] is direction 0.")
        raise Wrong("for U(1) links your plaquettes differ from U₀(x) U₁(x + 0̂) U₀(x + 1̂)† U₁(x)†. Walk once "
                    "around the square from x and write down each link and whether you walk it forwards or "
                    "backwards; test on an L × L lattice of identity links, where every plaquette is 1.")
    # SU(2): now the order of the factors matters
    U = _random_configuration(4, "su2", 92)
    got = _plaquette_answer(my_plaquettes, U, "my_plaquettes(links) for SU(2) links")
    ref = plaquette_variant("right")(U)
    if np.allclose(got, ref, **ok):
        return ("Right for both groups. For U(1) the order of the four factors does not matter, for SU(2) it does. "
                "The next cell tests the transformation law with a random gauge transformation.")
    if np.allclose(got, dagger(ref), **ok):
        raise Wrong("your loop runs the other way round (clockwise): you get U_P†, the inverse matrix. Walk it as the "
                    "chapter does: from x along +0̂, then +1̂, then back along 0̂, then back along 1̂.")
    tr_got, tr_ref = np.trace(got, axis1=-2, axis2=-1), np.trace(ref, axis1=-2, axis2=-1)
    if np.allclose(tr_got, tr_ref, **ok):
        raise Wrong("your traces are right, but the matrices are not: your loop starts and ends at another corner "
                    "of the square. The trace does not notice; the transformation law Ω(x) U_P Ω(x)† does. Start "
                    "the product with the link that leaves x.")
    raise Wrong("right for U(1), but not for SU(2). For numbers the order of the factors does not matter; for "
                "matrices it does. Multiply the links in the order you walk them, each new link on the right.")


# ----------------------------------------------------------------- task 9.2
def transport_variant(kind):
    """The transported neighbour with a typical slip (for the hints and their tests); ``"right"`` is correct."""
    def f(U, W, mu):
        U, W = as_matrices(U), np.asarray(W, dtype=complex)
        Um = U[mu]
        return {
            "right": Um @ _shift(W, mu) @ dagger(Um),
            "no-transport": _shift(W, mu),                                   # shift only: fine for U(1)
            "reversed": dagger(Um) @ _shift(W, mu) @ Um,
            "no-dagger": Um @ _shift(W, mu) @ Um,
            "shift-back": Um @ np.roll(W, 1, axis=mu) @ dagger(Um),
            "link-there": _shift(Um, mu) @ _shift(W, mu) @ dagger(_shift(Um, mu)),
            "no-shift": Um @ W @ dagger(Um),
            "other-axis": U[1 - mu] @ _shift(W, 1 - mu) @ dagger(U[1 - mu]),
            "from-behind": dagger(_shift(Um, mu, -1)) @ _shift(W, mu, -1) @ _shift(Um, mu, -1),
        }[kind]
    return f


def _features(U):
    """A covariant matrix field at every site (plaquette plus twice its square): not unitary, not hermitian."""
    P = plaquette_variant("right")(U)
    return P + 2.0 * P @ P


def _transport_answer(my_transport, U, W, mu):
    what = f"my_transport(links, W, {mu})"
    return _matrix_field(call(my_transport, U, W, mu, what="my_transport"), U, what, "like W, is expected.")


@task("ch09-transport", "Task 9.2, the parallel-transported neighbour")
def _transport(my_transport):
    ok = dict(rtol=0, atol=1e-10)
    U = _random_configuration(4, "su2", 93)
    W = _features(U)
    got = [_transport_answer(my_transport, U, W, mu) for mu in (0, 1)]
    if all(np.allclose(g, transport_variant("right")(U, W, mu), **ok) for mu, g in enumerate(got)):
        return ("W(x + μ̂), carried back to x along the link, now transforms with Ω(x) on both sides, like W(x): "
                "the two can be added. The next cell checks this with a random gauge transformation.")

    def matches(kind):
        return all(np.allclose(g, transport_variant(kind)(U, W, mu), **ok) for mu, g in enumerate(got))

    hints = (
        ("no-transport", "this is W(x + μ̂), shifted but not transported. For U(1) that would be enough: "
         "Ω W Ω† = W for numbers, so every feature is gauge invariant. For SU(2), W(x + μ̂) → Ω(x + μ̂) W Ω(x + μ̂)†, "
         "rotated by the gauge matrix of the neighbour, not of x; added to W(x) it mixes two frames. Which "
         "product of links turns Ω(x + μ̂) into Ω(x)?"),
        ("reversed", "the links stand on the wrong sides. U_μ(x) → Ω(x) U_μ(x) Ω(x + μ̂)†: which side of U_μ(x) "
         "must touch W(x + μ̂) so that Ω(x + μ̂)† Ω(x + μ̂) = 1 cancels?"),
        ("no-dagger", "one of the two links must be inverted: the transport goes to x + μ̂ and comes back. For a "
         "unitary matrix the inverse is the conjugate transpose."),
        ("shift-back", "check the direction of the shift: np.roll(a, 1, axis=μ)[x] is a[x − μ̂]. Which neighbour "
         "does the task ask for?"),
        ("link-there", "which link joins x and x + μ̂? U_μ(x) starts at x and ends at x + μ̂; U_μ(x + μ̂) starts "
         "one site further."),
        ("no-shift", "you transported W(x), the feature at x itself; the task asks for the neighbour W(x + μ̂)."),
        ("other-axis", "you swapped the directions: for μ = 0 the neighbour is one step along the first lattice "
         "axis, and the link is links[0]."),
        ("from-behind", "this transports the neighbour at x − μ̂, and it is covariant too. The task asks for the "
         "neighbour at x + μ̂, carried back along U_μ(x)."),
    )
    for kind, hint in hints:
        if matches(kind):
            raise Wrong(hint)
    # a covariant answer that is not the asked one, or one that is not covariant at all
    omega = _random_gauge(4, "su2", 94)
    moved = [_transport_answer(my_transport, _transform(U, omega), omega @ W @ dagger(omega), mu) for mu in (0, 1)]
    if all(np.allclose(m, omega @ g @ dagger(omega), rtol=0, atol=1e-8) for m, g in zip(moved, got)):
        raise Wrong("your result is covariant, but it is not U_μ(x) W(x + μ̂) U_μ(x)†. Compare the two on "
                    "identity links, where the transport does nothing and the answer is the shifted W.")
    raise Wrong("your result does not transform like W(x) under a gauge transformation. Write down how "
                "U_μ(x) and W(x + μ̂) transform and multiply them so that every Ω except Ω(x) cancels.")


# ----------------------------------------------------------------- task 9.3
#: coupling and lattice of the Monte Carlo in task 9.3
LOOP_BETA, LOOP_L = 4.0, 16

LOOP_OPTIONS = {
    "a": "W(1, 4) is clearly smaller: a longer boundary has more links that fluctuate",
    "b": "they agree within the Monte Carlo error: in two dimensions a loop's average depends only on the area "
         "it encloses",
    "c": "W(2, 2) is clearly smaller: a compact loop encloses more flux",
    "d": "both equal the average plaquette: Wilson loops are gauge invariant, so their shape and size do not matter",
}


@task("ch09-loop-shape", "Task 9.3, two loops of equal area")
def _loop_shape(prediction):
    return grade_choice(prediction, LOOP_OPTIONS, "b", what="your prediction", remark=(
        "In axial gauge the plaquettes of a 2D lattice are independent, and a loop is the product of the "
        "plaquettes inside it: ⟨W⟩ = ⟨plaquette⟩^(area), the area law, with no perimeter term. The next cell "
        "measures it."), hints={
        "a": "that is a perimeter law, as for a heavy quark pair whose self-energy grows with the length of its "
             "path. In two dimensions, fix the axial gauge: how many independent variables does the r × t loop "
             "depend on, and how does that number depend on the loop's shape?",
        "c": "in the chapter's axial-gauge argument, a loop is a product of the plaquettes it encloses. Do a 2 × 2 "
             "and a 1 × 4 rectangle enclose different numbers of plaquettes?",
        "d": "gauge invariance makes each loop an observable, but different loops are different observables. "
             "What does the 1 × 1 loop give on a cold (ordered) configuration, and what does a large loop give "
             "on a hot one?",
    })


# ----------------------------------------------------------------- task 9.4
CNN_OPTIONS = {
    "a": "none of them: the plain CNN reads the raw link components, and every gauge transformation changes some "
         "of them",
    "b": "only the global U(1) transformation: a constant phase cancels from every link, e^{iα} U e^{−iα} = U, "
         "while a constant SU(2) matrix rotates the link components and a local Ω(x) changes them arbitrarily",
    "c": "both global transformations: a constant Ω acts the same way at every site, and weight sharing makes "
         "the CNN blind to anything that is the same everywhere",
    "d": "all three: the transformed configurations describe the same physics",
}


@task("ch09-cnn-gauge", "Task 9.4, which gauge transformations a plain CNN notices")
def _cnn_gauge(prediction):
    return grade_choice(prediction, CNN_OPTIONS, "b", what="your prediction", remark=(
        "A global U(1) transformation does not move a single link; a global SU(2) one rotates the three "
        "components of every link together (the adjoint action), which the CNN's weights are not built to "
        "ignore; a local one is a different function at every site. The L-CNN ignores all three, for any "
        "weights. The next cell measures it."), hints={
        "a": "write out U_μ(x) → Ω(x) U_μ(x) Ω(x+μ̂)† for a constant U(1) phase Ω = e^{iα}. Do the numbers the "
             "CNN reads change at all?",
        "c": "for SU(2), does Ω U Ω† equal U for a constant Ω? Weight sharing makes a CNN equivariant to shifts "
             "of the lattice, not to a rotation of what is stored at each site.",
        "d": "the physics is the same, but the CNN computes a function of its input numbers. Which of the three "
             "transformations leave those numbers unchanged?",
    })


# ----------------------------------------------------------------- task 9.5 (the explorer)
FROZEN_OPTIONS = {
    "a": "the U(1) heat bath draws the wrong distribution at large β",
    "b": "finite size: the exact curve is for an infinite lattice, and an 8 × 8 torus differs from it by that much "
         "at large β",
    "c": "the chains are stuck in the topological sectors of their hot start: changing the charge Q needs a "
         "plaquette angle to pass through ±π, which costs action ∝ β, so at large β Q freezes; the error bar, "
         "estimated from the chains' own fluctuations, cannot see a mode they never move along. SU(2) in two "
         "dimensions has no such charge",
    "d": "the statistical error is underestimated by a factor of 3 to 5 at large β because neighbouring sweeps "
         "are correlated; more configurations from the same chains would close the gap",
}


@task("ch09-frozen-topology", "Task 9.5, why U(1) misses the exact plaquette at large β")
def _frozen_topology(answer):
    return grade_choice(answer, FROZEN_OPTIONS, "c", remark=(
        "An error bar computed from a chain only measures the fluctuations the chain explores. Starting from "
        "hot, each chain keeps the charge it found in the first sweeps; sectors with Q ≠ 0 have a higher "
        "action, so the plaquette comes out low, and chains that happen to freeze at Q = 0 agree with the exact "
        "curve by luck, not because they sample correctly."), hints={
        "a": "the heat bath draws every link exactly from its conditional distribution (the chapter checks it "
             "against the von Mises law), and it matches I₁/I₀ up to β = 4. What changes between β = 4 and "
             "β = 6 in the chains, rather than in the sampler? Look at the topological charge.",
        "b": "compute it: physml.gauge.exact_plaquette(6.0, 'u1', L=8) gives the exact value on the 8 × 8 torus. "
             "How far is it from the infinite-volume one, compared with the gap you see?",
        "d": "in two dimensions, successive heat-bath sweeps of the plaquette are nearly independent; the blocked "
             "error accounts for the rest. Would more sweeps of a chain that never changes its charge move the "
             "average towards the exact curve?",
    })
