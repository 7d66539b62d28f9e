# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.18.1
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Practice 9: Gauge equivariance on the lattice
#
# Practice for [Chapter 9, *Gauge equivariance on the lattice*](../book/ch09_gauge_equivariance.ipynb). Five tasks: write the
# plaquette and test its transformation law (the one re-implementation), build the
# parallel-transported neighbour that the gauge-covariant convolution is made of, predict how two
# Wilson loops of equal area compare and then measure them, predict which gauge transformations a
# plain CNN notices, and explain with the explorer why the U(1) Monte Carlo misses the exact result
# at large $\beta$. Replace each `...` below `# YOUR CODE HERE`, then run the
# `check(...)` cell after it: it says ✓, or gives a hint in the form of a question. Where a task asks
# for a prediction, write it down *before* you run the experiment.
#
# **Conventions.** An $L\times L$ periodic lattice carries a link $U_\mu(x)$ per site $x = (x_0, x_1)$
# and direction $\mu \in \{0, 1\}$; direction $\mu$ is array axis $\mu$ of the lattice. In this practice
# every link is stored as an $N\times N$ matrix: `links[mu]` has shape $(L, L, N, N)$, with U(1) phases
# $e^{i\theta}$ as $1\times1$ matrices ($N = 1$) and SU(2) links as $2\times2$ matrices ($N = 2$). Then the
# same code, with `@` for the matrix product, serves both groups. `as_matrices` converts the arrays of
# `physml.gauge`, and `dagger(A)` is the conjugate transpose of every matrix in a field.

# %% tags=["remove-cell"]
# Hosted kernels (Colab, ...): install this course's package physml when it is missing.
# Where physml is installed (the course's own setup) this cell does nothing.
import importlib.util
import os
import subprocess
import sys

if importlib.util.find_spec("physml") is None:
    source = "git+https://github.com/physml-course/ml-physics-book@main"
    pip_args = os.environ.get("PHYSML_PIP_INSTALL", source).split()
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *pip_args], check=True)
    importlib.invalidate_caches()

# %%
import jax
import matplotlib.pyplot as plt
import numpy as np

from physml import gauge as G
from physml.checks import check
from physml.interactives import gauge as figures


def as_matrices(links):
    """Links of physml.gauge as matrices, shape (2, L, L, N, N): U(1) phases become 1 × 1 matrices."""
    links = np.asarray(links, dtype=complex)
    return links[..., None, None] if links.ndim == 3 else links


def dagger(A):
    """The conjugate transpose of every matrix of a field (..., N, N)."""
    return np.conj(np.swapaxes(A, -1, -2))


def deviation(x):
    """A largest deviation as text: round-off below 1e-12, else its size."""
    return "round-off (< 1e-12)" if x < 1e-12 else f"{x:.2g}"


def gauge_field(L, group, seed):
    """A random gauge transformation Ω(x), as matrices (L, L, N, N)."""
    omega = np.asarray(G.random_gauge(L, group, key=jax.random.key(seed)))
    return omega[..., None, None] if omega.ndim == 2 else omega


# %% [markdown]
# ## Task 9.1: the plaquette (implement)
#
# Write `my_plaquettes(links)`: for every site $x$ the ordered product of the four links around the
# elementary square with lower-left corner $x$,
#
# $$U_P(x) = U_0(x)\,U_1(x+\hat 0)\,U_0(x+\hat 1)^\dagger\,U_1(x)^\dagger ,$$
#
# an array of shape $(L, L, N, N)$. Before you write it: `np.roll(a, -1, axis=0)[x]` is `a[x + 0̂]` or
# `a[x − 0̂]`? Why does a link walked backwards appear with a dagger? And for which of the two groups
# would a wrong *order* of the four factors go unnoticed? Do not use `G.plaquettes`.

# %%
def my_plaquettes(links):
    ### BEGIN SOLUTION
    U0, U1 = links[0], links[1]
    return U0 @ np.roll(U1, -1, axis=0) @ dagger(np.roll(U0, -1, axis=1)) @ dagger(U1)
    ### END SOLUTION


# %%
check("ch09-plaquette", my_plaquettes)

# %% [markdown]
# Now test the transformation law with your own function. Under $U_\mu(x) \to \Omega(x)\,U_\mu(x)\,
# \Omega(x+\hat\mu)^\dagger$ the plaquette should go to $\Omega(x)\,U_P(x)\,\Omega(x)^\dagger$, so that its
# trace does not change. The cell transforms a random configuration with a random $\Omega$ and prints
# the largest deviation from each law, and how much the links themselves changed:

# %%
if my_plaquettes(as_matrices(G.identity_links(2, "u1"))) is ...:
    print("(write my_plaquettes first)")
else:
    for group in ("u1", "su2"):
        U = as_matrices(G.random_links(4, group, key=jax.random.key(1)))
        omega = gauge_field(4, group, seed=2)
        U_new = np.stack([omega @ U[mu] @ dagger(np.roll(omega, -1, axis=mu)) for mu in (0, 1)])
        P, P_new = my_plaquettes(U), my_plaquettes(U_new)
        covariant = np.max(np.abs(P_new - omega @ P @ dagger(omega)))
        trace = np.max(np.abs(np.trace(P_new, axis1=-2, axis2=-1) - np.trace(P, axis1=-2, axis2=-1)))
        moved = np.max(np.abs(U_new - U))
        print(f"{group}: links changed by up to {moved:.1f};  |U_P' − Ω U_P Ω†|: {deviation(covariant)};  "
              f"|tr U_P' − tr U_P|: {deviation(trace)}")

# %% [markdown]
# ## Task 9.2: the parallel-transported neighbour (build)
#
# The gauge-covariant convolution (L-Conv) adds, at each site $x$, features $W$ from the neighbouring
# sites. A feature such as the plaquette transforms as $W(x)\to\Omega(x)\,W(x)\,\Omega(x)^\dagger$: each
# site has its own frame. Write `my_transport(links, W, mu)`, which brings the neighbour $W(x+\hat\mu)$
# back to $x$ along the link that joins them,
#
# $$W^{(\mu)}(x) = U_\mu(x)\, W(x+\hat\mu)\, U_\mu(x)^\dagger ,$$
#
# for a feature field `W` of shape $(L, L, N, N)$ and `mu` 0 or 1; it returns the same shape. Before you
# write it, derive how $W^{(\mu)}(x)$ transforms, using the laws for $U_\mu(x)$ and $W(x+\hat\mu)$. Would
# the shifted $W(x+\hat\mu)$ alone do for U(1)?

# %%
def my_transport(links, W, mu):
    ### BEGIN SOLUTION
    U = links[mu]
    return U @ np.roll(W, -1, axis=mu) @ dagger(U)
    ### END SOLUTION


# %%
check("ch09-transport", my_transport)

# %% [markdown]
# The covariance test: transform links and features, transport, and compare with the transported
# features rotated by $\Omega(x)$. Beside your transport, the plain shift $W(x+\hat\mu)$, without the
# links, for both groups:

# %%
if my_transport(as_matrices(G.identity_links(2, "u1")), np.ones((2, 2, 1, 1)), 0) is ...:
    print("(write my_transport first)")
else:
    for group in ("u1", "su2"):
        U = as_matrices(G.random_links(4, group, key=jax.random.key(3)))
        omega = gauge_field(4, group, seed=4)
        U_new = np.stack([omega @ U[mu] @ dagger(np.roll(omega, -1, axis=mu)) for mu in (0, 1)])
        W = np.asarray(G.plaquette_features(U if group == "su2" else U[..., 0, 0]))[0]
        W_new = omega @ W @ dagger(omega)
        for name, f in (("transported", my_transport), ("shift only ", lambda U, W, mu: np.roll(W, -1, axis=mu))):
            error = max(np.max(np.abs(f(U_new, W_new, mu) - omega @ f(U, W, mu) @ dagger(omega))) for mu in (0, 1))
            print(f"{group}, {name}: largest deviation from Ω(x) W^(μ)(x) Ω(x)†: {deviation(error)}")

# %% [markdown]
# The transported neighbour is what {func}`physml.gauge.lconv` sums with learned weights. For U(1)
# the shift alone is covariant too, because $\Omega W \Omega^\dagger = W$ for numbers: every U(1) feature
# is already gauge invariant, and the L-Conv reduces to an ordinary convolution. Only the non-abelian
# group needs the transport.

# %% [markdown]
# ## Task 9.3: two loops of equal area (predict, then measure)
#
# The chapter's Monte Carlo scan (the explorer's data) draws SU(2) configurations at $\beta = 4$ on an
# $8\times8$ lattice and measures the average $\langle \tfrac12 \mathrm{tr}\, W\rangle$ of rectangular Wilson
# loops, among them the $2\times2$ and the $1\times4$ loop.
# Both enclose four plaquettes; the $1\times4$ loop has the longer boundary (10 links against 8).
# **Before running it**, predict how the two averages compare:
#
# - **a**: $W(1, 4)$ is clearly smaller: a longer boundary has more links that fluctuate
# - **b**: they agree within the Monte Carlo error: in two dimensions a loop's average depends only on
#   the area it encloses
# - **c**: $W(2, 2)$ is clearly smaller: a compact loop encloses more flux
# - **d**: both equal the average plaquette: Wilson loops are gauge invariant, so their shape and size
#   do not matter
#
# Store your letter as `prediction` (e.g. `"a"`).

# %%
### BEGIN SOLUTION
prediction = "b"
### END SOLUTION
check("ch09-loop-shape", prediction)

# %% [markdown]
# The measurement: {func}`physml.interactives.gauge.beta_scan` runs four heat-bath chains of 100
# configurations at each coupling (once per session: 15 s on an idle 2-core CPU, longer under load) and averages ten loop shapes, two of
# them ($2\times2$, $1\times4$) of area 4. The figure shows the averages at $\beta = 4$ against the area $rt$
# on a logarithmic axis, with blocked standard errors and the exact area law $p^{rt}$,
# $p = I_2(\beta)/I_1(\beta)$; the cell prints the verdict against the exact values on the $8\times8$ torus.

# %% mystnb={"figure": {"caption": "Wilson loops of 2D SU(2) lattice gauge theory at $\\beta = 4$ on an $8\\times8$ lattice (heat bath, 4 chains of 100 configurations): the average $\\langle\\tfrac12\\mathrm{tr}\\,W(r, t)\\rangle$ of ten loop shapes against the enclosed area $rt$, with standard errors, and the exact area law $p^{rt}$ (line). The $2\\times2$ and $1\\times4$ loops enclose the same area with different perimeters.", "name": "fig-p09-loops"}}
if prediction is ...:
    print("Record your prediction above first, then run this cell.")
else:
    beta, scan = 4.0, figures.beta_scan("su2")
    i = scan.index(beta)
    p = G.exact_plaquette(beta, "su2")
    fig, ax = plt.subplots(figsize=(6.5, 3.4))
    area = np.arange(1, 17)
    ax.semilogy(area, p ** area, "k-", lw=1, label=f"area law $p^{{rt}}$, p = {p:.3f}")
    for k, ((r, t), marker) in enumerate(zip(scan.sizes, "osD^vp*<>h")):
        ax.errorbar(r * t, scan.loops[i, k], yerr=scan.loop_errors[i, k], fmt=marker, ms=6, capsize=3,
                    label=f"{r} × {t}")
    ax.set(xlabel="area rt (plaquettes)", ylabel="⟨½ tr W(r, t)⟩", title="SU(2), β = 4, L = 8", ylim=(1e-3, 1))
    ax.legend(fontsize=7, ncol=3)
    ax.grid(alpha=0.3)
    plt.show()
    exact = np.array([G.exact_wilson_loop(beta, r, t, "su2", L=8) for r, t in scan.sizes])
    z = np.max(np.abs(scan.loops[i] - exact) / scan.loop_errors[i])
    print(f"area law p^4 = {p ** 4:.3f} for both the 2 × 2 and the 1 × 4 loop; a perimeter law would need "
          "them to differ.")
    print(f"all ten measured loops lie within 3 standard errors of the exact values on the 8 × 8 torus: {z < 3}")

# %% [markdown]
# ## Task 9.4: which gauge transformations does a plain CNN notice? (predict, then measure)
#
# A plain CNN reads the real and imaginary parts of the link matrices at every site, convolves them
# and averages. Take three transformations of a configuration: a *global* U(1) transformation (the
# same phase $\Omega = e^{i\alpha}$ at every site), a global SU(2) transformation (the same matrix
# $\Omega$ at every site) and a *local* one (an independent random $\Omega(x)$ at every site, of either
# group). **Before running the next cell**, predict for which of them the CNN's output stays the same:
#
# - **a**: none of them: the plain CNN reads the raw link components, and every gauge transformation
#   changes some of them
# - **b**: only the global U(1) transformation: a constant phase cancels from every link,
#   $e^{i\alpha} U e^{-i\alpha} = U$, while a constant SU(2) matrix rotates the link components and a local
#   $\Omega(x)$ changes them arbitrarily
# - **c**: both global transformations: a constant $\Omega$ acts the same way at every site, and weight
#   sharing makes the CNN blind to anything that is the same everywhere
# - **d**: all three: the transformed configurations describe the same physics
#
# Store your letter as `prediction_cnn`.

# %%
### BEGIN SOLUTION
prediction_cnn = "b"
### END SOLUTION
check("ch09-cnn-gauge", prediction_cnn)

# %% [markdown]
# The measurement, with networks at their random initial weights (what follows from the construction
# holds for any weights): a plain CNN, one periodic $3\times3$ convolution of the link components, a
# $\tanh$ and a mean, against the L-CNN of {func}`physml.gauge.lcnn_apply`. The columns are the change
# of each output under each transformation of one random configuration.

# %%
def plain_cnn(links, seed=0, hidden=8):
    """A plain CNN with random weights: the link components, a periodic 3 × 3 convolution, tanh, a mean."""
    U = as_matrices(links)                                                # (2, L, L, N, N)
    x = np.concatenate([U.real, U.imag], axis=-1)                         # (2, L, L, N, 2N)
    x = np.moveaxis(x, 0, 2).reshape(U.shape[1], U.shape[2], -1)          # (L, L, channels)
    rng = np.random.default_rng(seed)
    w = rng.normal(0, 1 / np.sqrt(9 * x.shape[-1]), (3, 3, x.shape[-1], hidden))
    h = sum(np.roll(x, (-dx, -dy), axis=(0, 1)) @ w[dx + 1, dy + 1] for dx in (-1, 0, 1) for dy in (-1, 0, 1))
    return float(np.mean(np.tanh(h) @ rng.normal(0, 1, hidden)))


if prediction_cnn is ...:
    print("Record your prediction above first, then run this cell.")
else:
    params = G.lcnn_init(key=jax.random.key(0))
    L = 4
    print("group   transformation   change of the plain CNN     change of the L-CNN")
    for group in ("u1", "su2"):
        links = G.random_links(L, group, key=jax.random.key(7))
        local = np.asarray(G.random_gauge(L, group, key=jax.random.key(9)))
        omegas = {"global": np.broadcast_to(local[0, 0], local.shape), "local": local}
        for name, omega in omegas.items():
            moved = G.gauge_transform(links, omega)
            cnn = abs(plain_cnn(moved) - plain_cnn(links))
            lcnn = abs(float(G.lcnn_apply(params, moved)) - float(G.lcnn_apply(params, links)))
            print(f"{group:5s}   {name:6s}           {deviation(cnn):24s}    {deviation(lcnn)}")

# %% [markdown]
# ## Task 9.5: the Monte Carlo against the exact curve (interpret the explorer)
#
# The explorer shows the Monte Carlo plaquette of its scan (the chapter's settings, sampled with
# `physml.gauge.sample_links`) against the exact curve (left) and
# the Wilson loops against their area (right). Switch the group to U(1) and move $\beta$ from 2 up to 8.
# Up to $\beta = 4$ the U(1) plaquette agrees with the exact $I_1(\beta)/I_0(\beta)$; at $\beta = 6$ it lies about
# five standard errors *below* it; at $\beta = 8$ it agrees again. SU(2) stays within the usual scatter of
# one or two standard errors at every $\beta$. Which statement explains the U(1) points?
#
# - **a**: the U(1) heat bath draws the wrong distribution at large $\beta$
# - **b**: finite size: the exact curve is for an infinite lattice, and an $8\times8$ torus differs from it
#   by that much at large $\beta$
# - **c**: the chains are stuck in the topological sectors of their hot start: changing the charge $Q$ needs
#   a plaquette angle to pass through $\pm\pi$, which costs action $\propto\beta$, so at large $\beta$ $Q$ freezes
#   at whatever value each chain had, and the average depends on where the chains got stuck;
#   the error bar, estimated from the chains' own fluctuations, cannot see a mode they never move
#   along. SU(2) in two dimensions has no such charge
# - **d**: the statistical error is underestimated by a factor of 3 to 5 at large $\beta$ because
#   neighbouring sweeps are correlated; more configurations from the same chains would close the gap
#
# Store your letter as `explorer_answer`.

# %%
figures.area_law().live(group="u1", beta=6.0)

# %%
### BEGIN SOLUTION
explorer_answer = "c"
### END SOLUTION
check("ch09-frozen-topology", explorer_answer)

# %% [markdown]
# The evidence: the exact plaquette on the $8\times8$ torus against the infinite lattice, and the
# topological charge of the four U(1) chains along the scan at three couplings (figure). Count, at
# $\beta = 6$ and at $\beta = 8$, how many chains sit at $Q \ne 0$: a chain frozen at $Q = 0$ has (almost) the
# exact plaquette, one frozen at $Q = \pm1$ has a lower one.

# %% mystnb={"figure": {"caption": "The topological charge $Q$ of the four U(1) heat-bath chains of the explorer's scan ($8\\times8$, hot start), configuration by configuration, at $\\beta = 2$, 6 and 8. At small $\\beta$ the charge changes all the time; at large $\\beta$ each chain keeps the charge it found in its first sweeps, zero or not.", "name": "fig-p09-charge"}}
if explorer_answer is ...:
    print("Record your answer above first, then run this cell.")
else:
    for beta in (2.0, 6.0, 8.0):
        print(f"β = {beta:.0f}: exact plaquette, infinite lattice {G.exact_plaquette(beta, 'u1'):.4f}, "
              f"8 × 8 torus {G.exact_plaquette(beta, 'u1', L=8):.4f}")
    scan = figures.beta_scan("u1")
    fig, axes = plt.subplots(1, 3, figsize=(9, 2.8), sharey=True)
    for ax, beta in zip(axes, (2.0, 6.0, 8.0)):
        for chain in scan.charge[scan.index(beta)]:
            ax.plot(chain, lw=0.9)
        ax.set(title=f"U(1), β = {beta:.0f}", xlabel="configuration")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("topological charge Q")
    plt.show()

# %% [markdown]
# **Going further.** The exact results on the $L\times L$ torus come from the character expansion:
# `G.exact_plaquette(beta, group, L=L)`. Which of the two groups has a larger finite-size effect at
# $\beta = 8$, $L = 4$, and why is SU(2) at $L = 8$ already indistinguishable from an infinite lattice?

# %% [markdown] tags=["solution"]
# **Model answer.** At $\beta = 8$, $L = 4$ the torus gives 0.9394 for U(1) against 0.9352 on the infinite
# lattice, and 0.8203 against 0.8192 for SU(2); at $L = 8$ the differences are $2\times10^{-4}$ and
# below $10^{-7}$. In the character expansion $Z = \sum_n c_n(\beta)^V$ the largest coefficient wins
# exponentially in the volume $V = L^2$, and the correction is of the order of (second-largest / largest)$^V$.
# For U(1) that ratio is $I_1(\beta)/I_0(\beta) = 0.935$ at $\beta = 8$ (two such terms, $n = \pm1$), for SU(2)
# it is $c_2/c_1 = I_2(\beta)/I_1(\beta) = 0.819$: at $V = 64$, $0.935^{64}\approx 10^{-2}$ but
# $0.819^{64}\approx 3\times10^{-6}$. Either way, finite size is far too small to explain the gap of task 9.5.
