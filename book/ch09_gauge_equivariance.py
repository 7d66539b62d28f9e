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
# (ch-gauge)=
# # Gauge equivariance on the lattice
#
# ```{admonition} At a glance
# :class: tip
# **You will learn to** describe a gauge field on a lattice by its links, and say what a *local*
# symmetry is: one group element per lattice site, chosen independently. You will derive why only
# closed loops (plaquettes, Wilson loops) are gauge invariant, and why the non-abelian group SU(2)
# needs parallel transport where U(1) does not; derive the exact plaquette of two-dimensional gauge
# theory, $I_1(\beta)/I_0(\beta)$ for U(1) and $I_2(\beta)/I_1(\beta)$ for SU(2), and the area law of
# Wilson loops; check them with a heat-bath Monte Carlo, and catch it failing where the topology of
# U(1) freezes; build the gauge-equivariant network of Favoni et al. from its three layers
# (L-Conv, L-Bilin, trace) and verify its invariance to round-off; and train it on small lattices to
# predict a larger Wilson loop on lattices it has never seen, against a plain CNN.
#
# **Prerequisites:** global symmetries and equivariant networks ({ref}`ch-symmetries`); complex
# numbers and 2 × 2 unitary matrices; Monte Carlo sampling from a Boltzmann weight (a Markov chain
# whose stationary distribution is $e^{-S}$); training a network with Adam ({ref}`primer-optimisers`).
# No quantum field theory is assumed: everything is defined on the page.
#
# **Time to read:** about 60 minutes. **Time to run:** about 35 seconds on a 2-core laptop CPU. **Practice:** [Practice 9: Gauge equivariance on the lattice](../exercises/ch09_practice.ipynb).
# ```
#
# {ref}`ch-symmetries` dealt with *global* symmetries: one rotation, one translation, applied to the
# whole system at once. A network is equivariant under such a symmetry when transforming the input
# transforms the output in the matching way, and a convolution is the classic example: shift the
# image, and the feature map shifts with it. The forces of nature obey a much larger symmetry. In
# electromagnetism the phase of a charged particle's wavefunction can be changed by a *different*
# amount at every point of space and time, provided the electromagnetic potentials change with it;
# in the theory of the strong force the phase becomes a $3\times3$ unitary matrix, again chosen
# point by point. Such a *local* or *gauge* symmetry is not a property of the system that one
# might discover from data: it is a redundancy of the description. Two gauge fields that differ by a
# gauge transformation are the *same* physical state, and every physical prediction must be the same
# for both.
#
# A network that processes gauge fields should therefore give the same answer for every one of
# these equivalent descriptions. On a lattice of $V$ sites with the group SU(2), that is a symmetry
# group of dimension $3V$: far too large to learn from examples or to average over. This chapter builds
# the symmetry into the network instead, following Favoni, Ipp, Müller and Schuh
# {cite}`ch09-favoni2022lattice`. Along the way it sets up the physics that makes the task concrete:
# lattice gauge theory in two dimensions, which has exact solutions to test every number against
# {cite}`ch09-wilson1974confinement,ch09-gross1980possible`.

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
from scipy import integrate, special

from physml import gauge as G
from physml.interactives import gauge as figures
from physml.style import COLORS

# %% [markdown]
# ## Links, parallel transport and gauge transformations
#
# Take a two-dimensional square lattice of $L\times L$ sites $x = (x_0, x_1)$ with periodic boundaries
# (a torus), and write $\hat 0$, $\hat 1$ for the unit steps along the two axes. A *lattice gauge field*
# puts one element $U_\mu(x)$ of a group $G$ on every *link*, the bond from $x$ to $x+\hat\mu$. We use
# two groups:
#
# - **U(1)**, the unit complex numbers $U = e^{i\theta}$ (the group of electromagnetism), with $N = 1$;
# - **SU(2)**, the $2\times2$ complex matrices with $U^\dagger U = 1$ and $\det U = 1$ (the simplest
#   non-abelian group, a stand-in for the SU(3) of the strong force), with $N = 2$. Every such matrix
#   can be written $U = a_0 1 + i\,\mathbf a\cdot\boldsymbol\sigma$ with the Pauli matrices $\boldsymbol\sigma$
#   and a unit four-vector $(a_0, \mathbf a)$, so SU(2) is the three-sphere.
#
# Read the link as a *parallel transporter*: it tells how to carry an object that lives at
# $x+\hat\mu$ (a vector in an $N$-dimensional internal space, the "colour" of a quark) back to $x$ so
# that it can be compared with objects at $x$. Walking along a path $C$ from $x$ to $y$ multiplies the
# links in order, daggered where the path runs against a link's direction:
#
# $$
# U_C = U_{\mu_1}(x)\,U_{\mu_2}(x+\hat\mu_1)\cdots, \qquad U_{-\mu}(x) = U_\mu(x-\hat\mu)^\dagger .
# $$ (path)
#
# A *gauge transformation* chooses an independent group element $\Omega(x)$ at every site and changes
# every link as
#
# $$
# U_\mu(x) \;\to\; \Omega(x)\,U_\mu(x)\,\Omega(x+\hat\mu)^\dagger .
# $$ (gauge)
#
# Think of $\Omega(x)$ as a change of the basis in which the internal space at $x$ is described; the
# link, which connects two sites, picks up the change at both ends. Because $\Omega(y)^\dagger\Omega(y) = 1$
# at every intermediate site, a path product transforms with its end points only:
# $U_C\to\Omega(x)\,U_C\,\Omega(y)^\dagger$ for a path from $x$ to $y$. Three consequences carry the whole
# chapter (the derivation box has the details):
#
# - a *closed* path based at $x$, whose product $W$ is called the *holonomy* of the loop, changes by a
#   conjugation, $W\to\Omega(x)\,W\,\Omega(x)^\dagger$. An object that transforms like this with the
#   $\Omega$ of its own site is called gauge *covariant*;
# - its trace does not change at all, $\mathrm{tr}(\Omega W\Omega^\dagger) = \mathrm{tr}\,W$: a traced closed
#   loop is gauge *invariant*, and only such quantities are physical;
# - a single link or any open path is neither: a suitable $\Omega$ turns it into the identity.
#
# :::{admonition} Derivation: open paths, closed loops and their traces
# :class: dropdown
# For a path of two links, $x\to y = x+\hat\mu\to z = y+\hat\nu$, {eq}`gauge` gives
# $\Omega(x)U_\mu(x)\Omega(y)^\dagger\,\Omega(y)U_\nu(y)\Omega(z)^\dagger = \Omega(x)\,U_\mu(x)U_\nu(y)\,\Omega(z)^\dagger$;
# by induction, for any path $C$ from $x$ to $y$,
#
# $$
# U_C \to \Omega(x)\,U_C\,\Omega(y)^\dagger .
# $$
#
# A link walked backwards is $U_\mu(x-\hat\mu)^\dagger \to \Omega(x)U_\mu(x-\hat\mu)^\dagger\Omega(x-\hat\mu)^\dagger$,
# the same rule. A *closed* loop starts and ends at $x$, so $U_C \to \Omega(x) U_C \Omega(x)^\dagger$: it
# is *covariant*, it changes by a conjugation. The trace is unchanged by conjugation,
# $\mathrm{tr}(\Omega W\Omega^\dagger) = \mathrm{tr}(W\Omega^\dagger\Omega) = \mathrm{tr}\,W$, so every
# traced closed loop is *gauge invariant*. A single link, or any open path, is not: choosing
# $\Omega(x) = \Omega(y)\,U_C^\dagger$ at one end turns any open path product into the identity.
# :::
#
# The smallest closed loop is the *plaquette*, the boundary of one lattice square,
#
# $$
# U_P(x) = U_0(x)\,U_1(x+\hat0)\,U_0(x+\hat1)^\dagger\,U_1(x)^\dagger ,
# $$ (plaquette)
#
# and the $r\times t$ *Wilson loop* $W(r,t)$ is the boundary of an $r\times t$ rectangle. We always use
# them traced and normalised, $\frac1N\mathrm{Re}\,\mathrm{tr}$, which is $1$ for the identity.
#
# **U(1), the warm-up.** With $U_\mu(x) = e^{i\theta_\mu(x)}$ and $\Omega(x) = e^{i\alpha(x)}$, {eq}`gauge`
# adds a lattice gradient to the angles, $\theta_\mu(x)\to\theta_\mu(x) + \alpha(x) - \alpha(x+\hat\mu)$: the
# lattice version of the gauge transformation $A_\mu \to A_\mu - \partial_\mu\alpha$ of electromagnetism (with
# $\theta_\mu = aA_\mu$ for lattice spacing $a$, and the charge absorbed in $A$). The plaquette is
# $e^{i\theta_P}$ with $\theta_P(x) = \theta_0(x) + \theta_1(x+\hat0) - \theta_0(x+\hat1) - \theta_1(x)$,
# a lattice *curl*, the magnetic flux through the square, and a curl of a gradient vanishes. Numbers
# commute, so for U(1) $\Omega W\Omega^\dagger = W$: **every** closed loop, not only its trace, is
# invariant, and so is any product of loops based at different sites. **SU(2)** is different:
# $\Omega W\Omega^\dagger \neq W$, the plaquette matrix itself changes, and two loops based at different
# sites live in differently rotated frames. This is why the non-abelian case is the one that
# needs parallel transport, and why it is the main case of this chapter.
#
# The code below draws a random configuration of each group (every link independently and uniformly
# distributed over the group, "Haar-random", a notion made precise with the Wilson action below), applies
# a random gauge transformation
# ({func}`~physml.gauge.random_gauge`, {func}`~physml.gauge.gauge_transform`) and measures how much the
# links, the plaquette matrices and the traced plaquettes change.

# %%
rng = np.random.default_rng(9)


def su2_matrix(a):
    """The SU(2) matrix a₀1 + i a·σ of unit four-vectors a = (a₀, a₁, a₂, a₃) (shape (..., 4) -> (..., 2, 2))."""
    a0, a1, a2, a3 = np.moveaxis(a, -1, 0)
    return np.stack([np.stack([a0 + 1j * a3, a2 + 1j * a1], -1), np.stack([-a2 + 1j * a1, a0 - 1j * a3], -1)], -2)


def dag(a):
    """The conjugate transpose of a field of matrices."""
    return np.conj(np.swapaxes(a, -1, -2))


def haar(shape, group, rng=rng):
    """Haar-random group elements (physml.gauge.random_links and random_gauge draw the same in JAX):
    a uniform angle for U(1); for SU(2) a uniform point on the three-sphere, a normalised
    four-dimensional Gaussian."""
    if group == "u1":
        return np.exp(1j * rng.uniform(-np.pi, np.pi, shape))
    a = rng.normal(size=shape + (4,))
    return su2_matrix(a / np.linalg.norm(a, axis=-1, keepdims=True))


for group in ("u1", "su2"):
    U = haar((2, 8, 8), group)                # a random configuration: β = 0
    omega = haar((8, 8), group)               # a random gauge transformation Ω(x)
    U2 = G.gauge_transform(U, omega)
    P, P2 = np.asarray(G.plaquettes(U)), np.asarray(G.plaquettes(U2))
    tr = P.real if group == "u1" else 0.5 * np.trace(P, axis1=-2, axis2=-1).real
    tr2 = P2.real if group == "u1" else 0.5 * np.trace(P2, axis1=-2, axis2=-1).real
    print(f"{group:>3}: links change by up to {np.abs(np.asarray(U2) - np.asarray(U)).max():.1f}, "
          f"plaquette matrices by {'below 1e-12' if np.abs(P2 - P).max() < 1e-12 else f'up to {np.abs(P2 - P).max():.1f}'}, "
          f"traced plaquettes by {'below 1e-12' if np.abs(tr2 - tr).max() < 1e-12 else 'MORE'}")

# %% [markdown]
# {numref}`fig-ch09-gauge` shows the same thing for U(1) as pictures: the link angles of a
# configuration before and after a random gauge transformation look unrelated, yet the plaquette
# angles, the physical content, are identical.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "A smooth U(1) gauge field on a 16 \u00d7 16 torus, \u03b8\u2080(x) = 1.2 sin(2\u03c0x\u2081/16) and \u03b8\u2081(x) = 1.2 sin(2\u03c0x\u2080/16 + 1). Left: the angles \u03b8\u2080(x) of the links along the first axis. Middle: the same after a random gauge transformation, which replaces them by \u03b8\u2080(x) + \u03b1(x) \u2212 \u03b1(x + 0\u0302) with a random \u03b1(x) at every site. Right: the plaquette angles \u03b8_P(x), the lattice curl of the link angles, which are the same, to round-off, for both configurations. Colour: the angle on a cyclic scale from \u2212\u03c0 to \u03c0.", "name": "fig-ch09-gauge"}} tags=["hide-input"]
# a smooth U(1) field on a 16 × 16 torus: θ₀ varies along x₁, θ₁ along x₀
x0, x1 = np.meshgrid(np.arange(16), np.arange(16), indexing="ij")
Usm = np.exp(1j * np.stack([1.2 * np.sin(2 * np.pi * x1 / 16), 1.2 * np.sin(2 * np.pi * x0 / 16 + 1.0)]))
Usmg = G.gauge_transform(Usm, haar((16, 16), "u1"))
theta_P = np.angle(np.asarray(G.plaquettes(Usm)))
assert np.abs(theta_P - np.angle(np.asarray(G.plaquettes(Usmg)))).max() < 1e-12
fig, axes = plt.subplots(1, 3, figsize=(9.6, 3.3), layout="constrained")
panels = ((np.angle(np.asarray(Usm[0])), "link angles θ₀(x)"),
          (np.angle(np.asarray(Usmg[0])), "after a gauge transformation"),
          (theta_P, "plaquette angles θ_P(x), both"))
for ax, (img, title) in zip(axes, panels):
    im = ax.imshow(img.T, origin="lower", cmap="twilight", vmin=-np.pi, vmax=np.pi)
    ax.set(title=title, xlabel="x₀")
axes[0].set_ylabel("x₁")
fig.colorbar(im, ax=axes, shrink=0.8, ticks=[-np.pi, 0, np.pi]).ax.set_yticklabels(["−π", "0", "π"])
plt.show()

# %% [markdown]
# :::{admonition} Checkpoint
# :class: tip
# Which of these are gauge invariant? (a) $\mathrm{Re}\,U_0(x)$ for U(1); (b) $\tfrac12\mathrm{tr}\,U_P(x)$
# for SU(2); (c) the product of two neighbouring plaquettes, $\frac1N\mathrm{tr}\bigl(U_P(x)\,U_P(x+\hat0)\bigr)$,
# for U(1) and for SU(2).
#
# ```{dropdown} Answer
# (a) No: a single link is an open path; $\theta_0(x)$ shifts by $\alpha(x)-\alpha(x+\hat0)$.
# (b) Yes: a traced closed loop. (c) For U(1) yes, since each plaquette is invariant on its own. For
# SU(2) no: the product becomes $\Omega(x)U_P(x)\Omega(x)^\dagger\,\Omega(x+\hat0)U_P(x+\hat0)\Omega(x+\hat0)^\dagger$,
# and $\Omega(x)^\dagger\Omega(x+\hat0)\neq1$. The plaquette at $x+\hat0$ must first be carried to $x$,
# $U_0(x)\,U_P(x+\hat0)\,U_0(x)^\dagger$, which transforms with $\Omega(x)$ on both sides; that
# *parallel transport* is what the gauge-equivariant convolution below is made of.
# ```
# :::
#
# ## The Wilson action, and why two dimensions are solvable
#
# Physics enters through a weight on configurations. Wilson's lattice action
# {cite}`ch09-wilson1974confinement` sums over all plaquettes how far each is from the identity,
#
# $$
# S[U] = \beta\sum_x\Bigl(1 - \tfrac1N\,\mathrm{Re}\,\mathrm{tr}\,U_P(x)\Bigr), \qquad
# \langle O\rangle = \frac{1}{Z}\int\prod_{x,\mu}dU_\mu(x)\;O[U]\,e^{-S[U]} ,
# $$ (wilson-action)
#
# with $dU$ the *Haar measure*, the uniform measure on the group (uniform angles for U(1), the uniform
# measure on the three-sphere for SU(2)), which is unchanged by multiplying $U$ by a fixed group
# element from either side. The action is gauge invariant (it is built from traced loops) and so is the
# measure, so the whole theory is. The *coupling* $\beta$ plays the role of an inverse temperature:
# at $\beta = 0$ every link is independent and Haar-random, as $\beta\to\infty$ every plaquette is
# forced to the identity. (Writing $U_\mu = e^{iagA_\mu}$ with lattice spacing $a$, the action tends to
# the Yang–Mills action $\frac12\int\mathrm{tr}\,F_{\mu\nu}F_{\mu\nu}$ as $a\to0$ with $\beta = 2N/g^2$ for SU($N$), and
# for U(1) to the Maxwell action $\frac14\int F_{\mu\nu}F_{\mu\nu}$ with $\beta = 1/g^2$; we will not need
# this.) In two dimensions the expectation values are known in closed form.
#
# :::{admonition} Derivation: in two dimensions the plaquettes are independent
# :class: dropdown
# Work on a large lattice with open boundaries (the torus comes below). **Axial gauge.** Choose
# $\Omega$ column by column along $\hat1$ so that every link in direction $\hat1$ becomes the identity,
# $U_1(x) = 1$: set $\Omega$ freely on the bottom row and then $\Omega(x+\hat1) = \Omega(x)U_1(x)$
# upwards; with {eq}`gauge` the new $U_1(x)$ is $\Omega(x)U_1(x)\Omega(x+\hat1)^\dagger = \Omega(x)U_1(x)U_1(x)^\dagger\Omega(x)^\dagger = 1$. Observables are
# gauge invariant, so nothing changes. The plaquette {eq}`plaquette` becomes $U_P(x) = U_0(x)\,U_0(x+\hat1)^\dagger$.
#
# **Change of variables.** Go up row by row: for fixed links of row $x_1$, the map
# $U_0(x+\hat1) \mapsto U_P(x) = U_0(x)U_0(x+\hat1)^\dagger$ is an inversion followed by a multiplication by a
# fixed group element, and both leave the Haar measure unchanged. So the plaquettes themselves become the integration variables,
# one per square, and $e^{-S}$ is a product of one factor per plaquette:
#
# $$
# Z = z(\beta)^{\#\text{plaquettes}}, \qquad z(\beta) = \int dU\, e^{\frac\beta N\mathrm{Re}\,\mathrm{tr}\,U}, \qquad
# \bigl\langle\tfrac1N\mathrm{Re}\,\mathrm{tr}\,U_P\bigr\rangle = \frac{d\ln z}{d\beta} .
# $$
#
# **U(1):** $z = \int_{-\pi}^{\pi}\frac{d\theta}{2\pi}e^{\beta\cos\theta} = I_0(\beta)$, the modified Bessel function,
# and $\langle\cos\theta_P\rangle = I_0'(\beta)/I_0(\beta) = I_1(\beta)/I_0(\beta)$.
#
# **SU(2):** $\tfrac12\mathrm{tr}\,U = a_0 = \cos\theta$ (the eigenvalues are $e^{\pm i\theta}$). On the three-sphere
# the points with $a_0 = \cos\theta$ form a two-sphere of radius $\sin\theta$, so the Haar measure of a
# function of $\theta$ alone is $\frac2\pi\sin^2\theta\,d\theta$ on $[0,\pi]$. Then
# $z = \frac2\pi\int_0^\pi\sin^2\theta\,e^{\beta\cos\theta}d\theta = 2I_1(\beta)/\beta$, and with
# $I_1' = I_2 + I_1/\beta$,
#
# $$
# \langle\cos\theta_P\rangle_{\mathrm{U(1)}} = \frac{I_1(\beta)}{I_0(\beta)}, \qquad
# \bigl\langle\tfrac12\mathrm{tr}\,U_P\bigr\rangle_{\mathrm{SU(2)}} = \frac{I_2(\beta)}{I_1(\beta)} .
# $$ (exact-plaquette)
#
# **Wilson loops.** In axial gauge the links along $\hat1$ are trivial. Write $R(k)$ for the product of the
# $r$ links $U_0$ along the bottom edge of the loop shifted up by $k$ rows; the loop is
# $R(0)R(t)^\dagger = R(0)R(1)^\dagger\,R(1)R(2)^\dagger\cdots R(t-1)R(t)^\dagger$, and each factor
# $R(k)R(k+1)^\dagger$ is the ordered product of the $r$ plaquettes of row $k$, each conjugated by the links
# of row $k$ to its left. Those links depend only on rows below, so the plaquettes of the top row
# appear nowhere else: integrate them out first. A plaquette's density depends only on its eigenvalues,
# so its average commutes with every group element and is a multiple of the identity,
# $\langle U_P\rangle = p\,1$ with $p = \langle\frac1N\mathrm{Re}\,\mathrm{tr}\,U_P\rangle$; conjugation leaves
# $p\,1$ unchanged. The top row gives $p^r$, then the next row, and so on:
#
# $$
# \langle W(r,t)\rangle = p^{\,rt} = e^{-\sigma\,rt}, \qquad \sigma(\beta) = -\ln p(\beta) .
# $$ (area-law)
# :::
#
# The results of the box, which the rest of the chapter uses: in two dimensions a choice of gauge makes
# the plaquettes *independent* random variables, one per square, each with weight
# $e^{\frac\beta N\mathrm{Re}\,\mathrm{tr}\,U_P}$ times the Haar measure. Their average, $p(\beta)$, is a ratio of modified Bessel
# functions $I_n$, and an $r\times t$ Wilson loop, the ordered product of the $rt$ plaquettes it encloses,
# averages to the product of their averages:
#
# $$
# p_{\mathrm{U(1)}} = \langle\cos\theta_P\rangle = \frac{I_1(\beta)}{I_0(\beta)}, \qquad
# p_{\mathrm{SU(2)}} = \bigl\langle\tfrac12\mathrm{tr}\,U_P\bigr\rangle = \frac{I_2(\beta)}{I_1(\beta)}, \qquad
# \langle W(r,t)\rangle = p^{\,rt} = e^{-\sigma\,rt}, \quad \sigma = -\ln p .
# $$
#
# The loop decays with the *area* it encloses, not its perimeter: this *area law* is the lattice
# signature of *confinement*, the property of the strong force that quarks can never be pulled apart
# and observed alone. Read the $t$ direction as time: $W(r,t)\sim e^{-V(r)t}$ measures the energy
# $V(r)$ of a static quark–antiquark pair at distance $r$, and {eq}`area-law` gives $V(r) = \sigma r$,
# a potential that grows without bound, with the *string tension* $\sigma$ as its slope: separating the
# pair costs ever more energy, as if they were joined by a string. Before any
# simulation, a direct numerical integral over the Haar measure checks {eq}`exact-plaquette`:

# %%
for beta in (0.5, 2.0, 6.0):
    z_u1 = integrate.quad(lambda th: np.exp(beta * np.cos(th)) / (2 * np.pi), -np.pi, np.pi)[0]
    m_u1 = integrate.quad(lambda th: np.cos(th) * np.exp(beta * np.cos(th)) / (2 * np.pi), -np.pi, np.pi)[0]
    z_su2 = integrate.quad(lambda th: 2 / np.pi * np.sin(th) ** 2 * np.exp(beta * np.cos(th)), 0, np.pi)[0]
    m_su2 = integrate.quad(lambda th: 2 / np.pi * np.sin(th) ** 2 * np.cos(th) * np.exp(beta * np.cos(th)), 0, np.pi)[0]
    print(f"β = {beta}:  U(1) ⟨cos θ⟩ = {m_u1 / z_u1:.6f}, I₁/I₀ = {special.iv(1, beta) / special.iv(0, beta):.6f};   "
          f"SU(2) ⟨cos θ⟩ = {m_su2 / z_su2:.6f}, I₂/I₁ = {special.iv(2, beta) / special.iv(1, beta):.6f}")

# %% [markdown]
# ## Monte Carlo: the heat bath
#
# In four dimensions nothing factorises and expectation values must be sampled. We sample in two
# dimensions too, so that every Monte Carlo number has an exact answer to be checked against. The
# *heat bath* {cite}`ch09-creutz1980monte` updates one link at a time by drawing it from its exact
# conditional distribution given all the others. $U_\mu(x)$ appears in two plaquettes, and the action's
# dependence on it is $-\frac\beta N\mathrm{Re}\,\mathrm{tr}\bigl(U_\mu(x)A_\mu(x)\bigr)$, where the *staple*
# $A_\mu(x)$ is the sum of the two three-link paths that close each plaquette:
#
# $$
# A_\mu(x) = U_\nu(x+\hat\mu)\,U_\mu(x+\hat\nu)^\dagger\,U_\nu(x)^\dagger
#          + U_\nu(x+\hat\mu-\hat\nu)^\dagger\,U_\mu(x-\hat\nu)^\dagger\,U_\nu(x-\hat\nu),\qquad \nu\ne\mu .
# $$ (staple)
#
# For U(1), $A = |A|e^{i\phi_A}$ and the new angle has density $\propto e^{\beta|A|\cos(\theta + \phi_A)}$:
# a *von Mises* distribution centred on $-\phi_A$ with concentration $\kappa = \beta|A|$ (NumPy draws it
# with the method of Best and Fisher {cite}`ch09-best1979efficient`). For SU(2) the same idea needs one
# more step.
#
# :::{admonition} Derivation: the SU(2) heat bath
# :class: dropdown
# A sum of two SU(2) matrices is a multiple of one: in the form $a_01 + i\mathbf a\cdot\boldsymbol\sigma$ the sum of
# two unit four-vectors is a four-vector of some length $k$, so $A = kV$ with $V\in\mathrm{SU(2)}$ and
# $k = \sqrt{\det A}\ge0$. The link's weight is $e^{\frac\beta2\mathrm{Re}\,\mathrm{tr}(UA)} = e^{\beta k\,\frac12\mathrm{tr}(UV)}$.
# Substitute $W = UV$: the Haar measure is unchanged by the fixed factor $V$, so $W$ is drawn with
# weight $e^{\beta k\,w_0}$ times Haar measure, where $w_0 = \frac12\mathrm{tr}\,W$. With $w_0 = \cos\theta$ the Haar
# measure $\frac2\pi\sin^2\theta\,d\theta$ becomes $\propto\sqrt{1-w_0^2}\,dw_0$, so:
#
# 1. draw $w_0\in[-1,1]$ with density $\propto\sqrt{1-w_0^2}\,e^{\beta k w_0}$ (Creutz
#    {cite}`ch09-creutz1980monte`: propose from $e^{\beta k w_0}$ by inverting its distribution function,
#    accept with probability $\sqrt{1-w_0^2}$; Kennedy and Pendleton {cite}`ch09-kennedy1985improved` is
#    faster for large $\beta k$);
# 2. draw the direction of $\mathbf w$ uniformly on the two-sphere, with length $\sqrt{1-w_0^2}$;
# 3. set $U = WV^\dagger$.
# :::
#
# Links of one direction on the sites of one colour of a checkerboard share no plaquette, so a quarter
# of the lattice is updated at once; a *sweep* updates every link once, in four such steps. A chain
# starts either *hot*, from Haar-random links (the $\beta = 0$ ensemble), or *cold*, from the identity
# everywhere, and the first sweeps, while it forgets its start (*thermalisation*), are discarded. A heat
# bath never rejects a move (the rejection above only draws a number) and has no step size to tune.
# Here is the whole algorithm in NumPy for both groups, for
# several independent chains at once:

# %%
def u1_heat_bath_sweep(theta, beta, rng):
    """One sweep over U(1) link angles theta[..., μ, x₀, x₁] (independent chains in front)."""
    L = theta.shape[-1]
    colour = np.add.outer(np.arange(L), np.arange(L)) % 2
    axis = (-2, -1)                                        # the array axis of direction 0̂ and of 1̂
    for mu in (0, 1):
        nu = 1 - mu
        for c in (0, 1):
            t_mu, t_nu = theta[..., mu, :, :], theta[..., nu, :, :]
            up = np.roll(t_nu, -1, axis[mu]) - np.roll(t_mu, -1, axis[nu]) - t_nu              # staple above
            t_nu_down = np.roll(t_nu, 1, axis[nu])
            down = -np.roll(t_nu_down, -1, axis[mu]) - np.roll(t_mu, 1, axis[nu]) + t_nu_down  # staple below
            A = np.exp(1j * up) + np.exp(1j * down)                                          # eq. (staple)
            new = rng.vonmises(-np.angle(A), beta * np.abs(A))                                # heat bath
            theta[..., mu, :, :] = np.where(colour == c, new, t_mu)
    return theta


def creutz_w0(alpha, rng):
    """w₀ ∈ [−1, 1] with density ∝ √(1 − w₀²) e^{α w₀}, one per entry of alpha > 0 (Creutz)."""
    w0, todo = np.empty_like(alpha), np.ones(alpha.shape, dtype=bool)
    while todo.any():
        a = alpha[todo]
        x = 1 + np.log1p(np.expm1(-2 * a) * rng.uniform(size=a.shape)) / a    # ∝ e^{α x} on [−1, 1]
        keep = rng.uniform(size=a.shape) ** 2 <= 1 - x ** 2                     # accept with √(1 − x²)
        done = np.flatnonzero(todo)[keep]
        w0.flat[done], todo.flat[done] = x[keep], False
    return w0


def su2_heat_bath_sweep(U, beta, rng):
    """One sweep over SU(2) links U[..., μ, x₀, x₁, 2, 2] (independent chains in front)."""
    L = U.shape[-3]
    colour = (np.add.outer(np.arange(L), np.arange(L)) % 2)[..., None, None]
    axis = (-4, -3)

    def at(f, d, ax):                                      # the field at x + d·(unit step along ax)
        return np.roll(f, -d, ax)

    for mu in (0, 1):
        nu = 1 - mu
        for c in (0, 1):
            Um, Un = U[..., mu, :, :, :, :], U[..., nu, :, :, :, :]
            Un_down = at(Un, -1, axis[nu])
            A = (at(Un, 1, axis[mu]) @ dag(at(Um, 1, axis[nu])) @ dag(Un)                  # eq. (staple)
                 + dag(at(Un_down, 1, axis[mu])) @ dag(at(Um, -1, axis[nu])) @ Un_down)
            # A = k V: read k and V off the quaternion form [[α, β], [−β*, α*]] of the sum, so that V is
            # exactly unitary (round-off in A is not amplified from sweep to sweep)
            alpha, b = (A[..., 0, 0] + np.conj(A[..., 1, 1])) / 2, (A[..., 0, 1] - np.conj(A[..., 1, 0])) / 2
            k = np.sqrt(np.abs(alpha) ** 2 + np.abs(b) ** 2)
            V = np.stack([np.stack([alpha, b], -1), np.stack([-np.conj(b), np.conj(alpha)], -1)], -2)
            V = np.where((k > 1e-12)[..., None, None], V / np.maximum(k, 1e-12)[..., None, None], np.eye(2))
            w0 = creutz_w0(np.maximum(beta * k, 1e-12), rng)
            n = rng.normal(size=w0.shape + (3,))
            n *= (np.sqrt(1 - w0 ** 2) / np.linalg.norm(n, axis=-1))[..., None]
            W = su2_matrix(np.concatenate([w0[..., None], n], axis=-1))
            U[..., mu, :, :, :, :] = np.where(colour == c, W @ dag(V), Um)              # U = W V†
    return U


def mean_plaquette(links):
    """⟨(1/N) Re tr U_P⟩ over the lattice for each configuration of a batch (B, 2, L, L[, 2, 2])."""
    U0, U1 = links[:, 0], links[:, 1]
    if links.ndim == 4:                                                      # U(1): numbers
        return np.mean((U0 * np.roll(U1, -1, 1) * np.conj(np.roll(U0, -1, 2) * U1)).real, axis=(1, 2))
    P = U0 @ np.roll(U1, -1, 1) @ dag(np.roll(U0, -1, 2)) @ dag(U1)          # eq. (plaquette)
    return np.mean(0.5 * np.trace(P, axis1=-2, axis2=-1).real, axis=(1, 2))


def heat_bath(L, beta, group="su2", n_samples=100, *, key, n_therm=20, n_chains=4):
    """n_chains heat-bath chains from hot starts: a configuration after every sweep past n_therm, and
    the plaquette after every sweep (the interface and result of physml.gauge.sample_links)."""
    rng = np.random.default_rng(np.asarray(jax.random.key_data(key)))
    if group == "u1":
        state, sweep, links = rng.uniform(-np.pi, np.pi, (n_chains, 2, L, L)), u1_heat_bath_sweep, lambda t: np.exp(1j * t)
    else:
        state, sweep, links = haar((n_chains, 2, L, L), "su2", rng), su2_heat_bath_sweep, lambda u: u.copy()
    history, configs = [], []
    for i in range(n_therm + n_samples):
        state = sweep(state, beta, rng)
        history.append(mean_plaquette(links(state)))
        if i >= n_therm:
            configs.append(links(state))
    return G.LinkSamples(np.stack(configs, axis=1), np.stack(history, axis=1), beta, group, n_therm, 1)


for group in ("u1", "su2"):
    run = heat_bath(8, 2.0, group, n_samples=300, key=jax.random.key(1))
    blocks = run.plaquette[:, run.n_therm:].reshape(4 * 6, 50).mean(axis=1)            # 24 blocks of 50 sweeps
    print(f"{group:>3}, β = 2, 4 chains × 300 sweeps: ⟨(1/N) Re tr U_P⟩ = {blocks.mean():.3f} ± "
          f"{blocks.std(ddof=1) / np.sqrt(24):.3f};  exact {G.exact_plaquette(2.0, group):.3f}")

# %% [markdown]
# The standard error is estimated from *blocks*, averages over consecutive stretches of the chain,
# since successive sweeps are correlated (more on this below). {func}`physml.gauge.sample_links` is
# the same heat bath written in JAX, with Kennedy and Pendleton's method for large $\beta k$ (the
# practice and the explorer use it, and its tests check it against the exact results); this chapter
# keeps the NumPy version above, which needs no compilation, for its few hundred sweeps. The chapter's scan,
# {func}`physml.interactives.gauge.beta_scan`, runs a sampler at eight couplings on an $8\times8$ torus,
# four chains of 100 configurations after 20 sweeps from a hot start, and measures every configuration;
# we give it the NumPy heat bath above:

# %%
scans = {group: figures.beta_scan(group, sampler=heat_bath) for group in ("su2", "u1")}

# %% [markdown]
# {numref}`fig-ch09-plaquette` compares the scan with {eq}`exact-plaquette` at every coupling.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The average plaquette against the coupling \u03b2 on an 8 \u00d7 8 torus, heat bath (4 chains \u00d7 100 configurations per point, error bars: blocked standard errors, mostly smaller than the symbols), against the exact infinite-volume results I\u2081/I\u2080 (U(1)) and I\u2082/I\u2081 (SU(2)). Bottom: the difference in units of the standard error (the pull); the grey band is \u00b12. Look at the pulls: SU(2) agrees within about two standard errors everywhere, U(1) up to \u03b2 = 6; at \u03b2 = 8 it falls far below the exact curve (explained in the next section).", "name": "fig-ch09-plaquette"}} tags=["hide-input"]
beta_fine = np.linspace(0.2, 8.5, 120)
fig, (ax, ax2) = plt.subplots(2, 1, figsize=(6.4, 4.8), sharex=True, height_ratios=(2.2, 1), layout="constrained")
for group, color, name in (("u1", "orange", "U(1)"), ("su2", "blue", "SU(2)")):
    sc = scans[group]
    ax.plot(beta_fine, [G.exact_plaquette(b, group) for b in beta_fine], color=COLORS["grey"])
    ax.errorbar(sc.betas, sc.plaquette, sc.plaquette_error, fmt="o", color=COLORS[color], label=f"{name}, heat bath")
    pull = (sc.plaquette - [G.exact_plaquette(b, group) for b in sc.betas]) / sc.plaquette_error
    ax2.plot(sc.betas, pull, "o-", color=COLORS[color])
ax.plot([], [], color=COLORS["grey"], label="exact, eq. (exact-plaquette)")
ax.set(ylabel="⟨(1/N) Re tr U_P⟩")
ax.legend(fontsize=8)
ax2.axhspan(-2, 2, color=COLORS["grey"], alpha=0.2, lw=0)
ax2.set(xlabel="coupling β", ylabel="(MC − exact)/error")
plt.show()

# %% [markdown]
# SU(2) agrees with $I_2/I_1$ within about two standard errors at every coupling, and so does U(1) up
# to $\beta = 6$. At $\beta = 8$ the U(1) point lies more than four standard errors below the exact curve. Finite
# volume is not the reason, and neither is too short a thermalisation of the plaquette; the next
# section finds the culprit.
#
# ## Finite size, autocorrelation and frozen topology
#
# **Finite size.** On the torus the plaquettes are not quite independent: the product of all of
# them is constrained, because every link appears in two plaquettes with opposite orientation. The
# exact torus result follows from expanding the one-plaquette weight $e^{\frac\beta N\mathrm{Re}\,\mathrm{tr}\,U}$ in
# *characters*, the traces of the group's irreducible representations, which play the role of Fourier
# modes on the group ($e^{in\theta}$ for U(1)) {cite}`ch09-gross1980possible`;
# {func}`~physml.gauge.exact_plaquette` evaluates it for given $L$. The leading correction is of the
# order of $p^{L^2} = e^{-\sigma L^2}$, the area law applied to the whole torus, so it dies out
# exponentially in the number of plaquettes:

# %%
print("β = 4       L = 2     L = 3     L = 4     L = 8     infinite")
for group in ("u1", "su2"):
    row = [G.exact_plaquette(4.0, group, L=L) for L in (2, 3, 4, 8)] + [G.exact_plaquette(4.0, group)]
    print(f"{group:>4}     " + "   ".join(f"{p:.5f}" for p in row))
for group in ("u1", "su2"):
    diff = G.exact_plaquette(4.0, group, L=8) - G.exact_plaquette(4.0, group)
    print(f"{group:>3}, L = 8: torus − infinite volume = {diff:.0e};  p^(L²) = {G.exact_plaquette(4.0, group) ** 64:.0e}")

# %% [markdown]
# A $2\times2$ torus is visibly different from infinite volume; at $L = 8$ the difference is about a tenth
# of $p^{L^2}$, below $10^{-5}$ for U(1) and $10^{-12}$ for SU(2), far below the statistical errors.
# The discrepancy of
# {numref}`fig-ch09-plaquette` is not a finite-size effect.
#
# **Autocorrelation.** A Markov chain's successive configurations are correlated, and an average over
# $n$ sweeps carries the information of only about $n/(2\tau_{\mathrm{int}})$ independent ones, where the
# *integrated autocorrelation time* is $\tau_{\mathrm{int}} = \frac12 + \sum_{k\ge1}\rho(k)$ and
# $\rho(k)$ is the normalised correlation of the measurement $k$ sweeps apart. For the plaquette the
# heat bath decorrelates almost at once:

# %%
def tau_int(series, window=10):
    """½ + Σ_{k=1..window} ρ(k) for a set of chains (rows), with ρ estimated from all chains."""
    x = series - series.mean()
    var = np.mean(x * x)
    return 0.5 + sum(np.mean(x[:, :-k] * x[:, k:]) / var for k in range(1, window + 1))


for group in ("su2", "u1"):
    sc = scans[group]
    taus = [tau_int(sc.history[i][:, sc.n_therm:]) for i in range(len(sc.betas))]
    print(f"{group:>3}: τ_int of the plaquette over β = {', '.join(f'{b:g}' for b in sc.betas)}: "
          + ", ".join(f"{t:.1f}" for t in taus) + " sweeps")

# %% [markdown]
# Values of one sweep or less (estimates at this statistics are good to a few tenths): the plaquette
# is a local quantity, and the heat bath redraws every link in every sweep. Blocks of 20 sweeps are
# therefore safely independent, and the error bars of {numref}`fig-ch09-plaquette` are honest about
# the *fluctuations the chains explore*. The exception is U(1) at $\beta = 8$. There the four chains
# fluctuate about four different means, and the estimate, which measures correlations about the mean
# of all chains, reads the offsets as a correlation that never decays: the first sign of a mode the
# chains do not explore.
#
# **Topology.** A U(1) configuration on the torus carries an integer, the *topological charge*
# $Q = \frac1{2\pi}\sum_x\theta_P(x)$, where now each plaquette angle is taken in $(-\pi,\pi]$. The raw
# curls sum to zero (every link appears twice with opposite signs), so $Q$ counts, with sign, the
# plaquettes whose curl had to be wrapped back by $2\pi$: the total magnetic flux through the torus in
# units of the flux quantum. A sector of charge $Q$ spreads this flux over the lattice and costs, at
# least, an action $\approx \beta V\frac12(2\pi Q/V)^2$. To change $Q$ a single plaquette angle must
# pass through $\pm\pi$, where its weight $e^{\beta\cos\theta_P}$ is smallest, a barrier of height $2\beta$.
# {func}`~physml.gauge.topological_charge` measures $Q$ for every configuration of the
# scan, and we count how often it changes:

# %%
sc = scans["u1"]
for i, beta in enumerate(sc.betas):
    q = sc.charge[i]
    print(f"β = {beta:>3g}: Q changed {np.sum(np.diff(q, axis=1) != 0):>3d} times in 4 × 99 steps;  "
          f"Q of the 4 chains at the end: {q[:, -1]};  plaquette {sc.plaquette[i]:.4f} vs exact "
          f"{G.exact_plaquette(beta, 'u1'):.4f}")
i8, V = sc.index(8.0), 64
frozen = sc.charge[i8][:, -1]
# equilibrium: Q = (sum of V independent plaquette angles)/2π, Gaussian by the central limit theorem
var_theta = (integrate.quad(lambda th: th ** 2 * np.exp(8.0 * (np.cos(th) - 1)), -np.pi, np.pi)[0]
             / integrate.quad(lambda th: np.exp(8.0 * (np.cos(th) - 1)), -np.pi, np.pi)[0])
Qs = np.arange(-6, 7)
P_Q = np.exp(-(2 * np.pi * Qs) ** 2 / (2 * V * var_theta))
P_Q /= P_Q.sum()
Q2_eq = np.sum(Qs ** 2 * P_Q)
p8 = G.exact_plaquette(8.0, "u1")
print(f"β = 8 in equilibrium: P(Q = 0) = {P_Q[Qs == 0][0]:.2f}, ⟨Q²⟩ = {Q2_eq:.2f};  the frozen chains: ⟨Q²⟩ = "
      f"{np.mean(frozen ** 2):.2f}")
print(f"β = 8: predicted plaquette deficit p·½(2π/V)²(⟨Q²⟩_frozen − ⟨Q²⟩_eq) = "
      f"{p8 * 0.5 * (2 * np.pi / V) ** 2 * (np.mean(frozen ** 2) - Q2_eq):.3f}; measured deficit {p8 - sc.plaquette[i8]:.3f}")
# a loop of area A in sector Q picks up the flux phase e^{2πiQA/V}
for A, k in ((4, sc.sizes.index((2, 2))), (16, sc.sizes.index((4, 4)))):
    print(f"β = 8, loop of area {A:>2}: measured {sc.loops[i8, k]:+.2f} ± {sc.loop_errors[i8, k]:.2f}, area law "
          f"{p8 ** A:.2f}, frozen charges predict {p8 ** A * np.mean(np.cos(2 * np.pi * frozen * A / V)):+.2f}")

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Four U(1) heat-bath chains on an 8 \u00d7 8 torus, each from a hot start. Left: the average plaquette over the first 60 sweeps at \u03b2 = 2 and \u03b2 = 8, with the exact values (grey): it thermalises within a few sweeps. Right: the topological charge Q of each chain over 100 sweeps after thermalisation. At \u03b2 = 2 (top) it changes almost every sweep; at \u03b2 = 8 (bottom) each chain keeps the charge it was born with.", "name": "fig-ch09-topology"}} tags=["hide-input"]
fig = plt.figure(figsize=(9.0, 3.6), layout="constrained")
left, right = fig.subfigures(1, 2, width_ratios=(1, 1.2))
ax = left.subplots()
right_axes = right.subplots(2, 1, sharex=True)
for beta, style in ((2.0, "-"), (8.0, "--")):
    i = sc.index(beta)
    for c in range(4):
        ax.plot(sc.history[i, c, :60], style, color=COLORS["blue" if beta == 2 else "vermillion"], lw=0.9,
                label=f"β = {beta:g}" if c == 0 else None)
    ax.axhline(G.exact_plaquette(beta, "u1"), color=COLORS["grey"], lw=1)
ax.set(xlabel="sweep (hot start at 0)", ylabel="⟨cos θ_P⟩", ylim=(0, 1))
ax.legend(fontsize=8)
for axq, beta in zip(right_axes, (2.0, 8.0)):
    for c in range(4):
        axq.step(np.arange(100), sc.charge[sc.index(beta), c], where="post", lw=1, color=COLORS[("blue", "orange", "green", "purple")[c]])
    axq.set(ylabel=f"Q at β = {beta:g}")
right_axes[1].set(xlabel="configuration (one per sweep)")
plt.show()

# %% [markdown]
# At $\beta\le2$ the charge changes in most sweeps. At $\beta = 6$ it changes once in 400 steps, at $\beta = 8$
# never: each chain keeps the charge it got from its random start ({numref}`fig-ch09-topology`). The
# equilibrium distribution of $Q$ is easy to compute here: on the torus the wrapped plaquette angles are
# independent except that their sum must be a multiple of $2\pi$, namely $2\pi Q$, so $2\pi Q$ is
# distributed like a sum of $V = 64$ independent angles, a Gaussian of variance $V\langle\theta_P^2\rangle$ by the central limit theorem. On an
# $8\times8$ torus at $\beta = 8$ it puts 83% of the weight on $Q = 0$, yet the chains sit at the charges
# printed above. Spreading the flux $2\pi Q$ evenly shifts each plaquette angle by $\delta = 2\pi Q/V$, which
# multiplies its average cosine by $\cos\delta\approx 1-\frac12\delta^2$; with the equilibrium $\langle Q^2\rangle$
# already contained in the exact value, the excess $\langle Q^2\rangle$ of the four frozen chains accounts for
# the deficit of {numref}`fig-ch09-plaquette` (the plaquette lines above). The same flux rotates the phase of a
# Wilson loop of area $A$ by $2\pi QA/V$, so a large U(1) loop can even average to a negative number:
# the $4\times4$ loop at $\beta = 8$ in the last line.
# This is *topological freezing*, the same problem that plagues simulations of four-dimensional
# gauge theories near the continuum. The lesson for every Monte Carlo: an error bar computed from a
# chain measures the fluctuations the chain explores; a slow mode it never moves along is invisible
# to it. Learned samplers that respect the gauge symmetry are one line of attack on exactly this
# problem {cite}`ch09-kanwar2020equivariant`. SU(2) in two dimensions has no topological charge (every
# closed path in SU(2) can be shrunk to a point), and its chains show no such problem.
#
# :::{admonition} Checkpoint
# :class: tip
# Would starting the U(1) chains at $\beta = 8$ from the identity (a *cold* start, $Q = 0$) fix the
# plaquette? Would it give the right distribution of $Q$?
#
# ```{dropdown} Answer
# It would nearly fix the plaquette, since on this small torus $Q = 0$ carries 83% of the weight.
# It would not fix the distribution of $Q$: the chains would stay at $Q = 0$ and report
# $\langle Q^2\rangle = 0$, while the true value is 0.17, computed above (roughly $V/(4\pi^2\beta)$, from
# $\langle\theta_P^2\rangle\approx1/\beta$). A frozen chain is wrong about every observable that depends on the
# frozen mode, whatever its start.
# ```
# :::
#
# ## Wilson loops and the area law
#
# The scan also measured the average of every $r\times t$ Wilson loop with $r\le t\le4$
# ({func}`~physml.interactives.gauge.wilson_loops`, a batched {func}`~physml.gauge.wilson_loop`).
# {numref}`fig-ch09-area-law` plots them against the area $A = rt$ on a logarithmic axis, where the
# area law {eq}`area-law` is a straight line of slope $-\sigma$.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "SU(2) Wilson loops W(r, t), r \u2264 t \u2264 4, against the area A = rt they enclose, at four couplings (heat bath, 8 \u00d7 8 torus, 400 configurations each). Lines: the exact area law e^{\u2212\u03c3A} with \u03c3 = \u2212ln(I\u2082/I\u2081), no fit. Loops of the same area but different shape (1 \u00d7 4 and 2 \u00d7 2) coincide. Shaded: twice the statistical error of a loop; below it a loop is indistinguishable from zero, and loops measured below 10\u207b\u2074 (or negative) are not drawn.", "name": "fig-ch09-area-law"}} tags=["hide-input"]
sc = scans["su2"]
fig, ax = plt.subplots(figsize=(6.4, 3.9), layout="constrained")
area_fine = np.linspace(0, 17, 50)
for beta, color in zip((1.0, 2.0, 4.0, 8.0), ("vermillion", "orange", "green", "blue")):
    i = sc.index(beta)
    ok = sc.loops[i] > 1e-4
    ax.errorbar(sc.areas[ok], sc.loops[i][ok], sc.loop_errors[i][ok], fmt="s", ms=4, color=COLORS[color],
                label=f"β = {beta:g}, σ = {G.string_tension(beta, 'su2'):.2f}")
    ax.plot(area_fine, np.exp(-G.string_tension(beta, "su2") * area_fine), color=COLORS[color], lw=1)
ax.axhspan(1e-4, 2 * np.median(sc.loop_errors), color=COLORS["grey"], alpha=0.25, lw=0)
ax.set(yscale="log", ylim=(1e-4, 1.5), xlabel="loop area A = r t", ylabel="⟨½ tr W(r, t)⟩")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# Every measured loop follows its line, within about two statistical errors, until it sinks into the noise,
# at a few times $10^{-3}$ with 400 configurations. That floor is the practical obstacle of Wilson-loop
# physics: the signal falls like $e^{-\sigma A}$ while the fluctuation of a single loop stays of order one,
# so measuring a large loop costs a number of configurations that grows like $e^{2\sigma A}$. Fitting a
# line through the origin to $-\ln W$ of the loops that stand clear of the noise recovers the string
# tension, and the loops agree with the exact result on the $8\times8$ torus
# ({func}`~physml.gauge.exact_wilson_loop`) within three standard errors, up to the odd one that
# forty comparisons make likely (a 3σ excursion has probability 0.3 % for a Gaussian error, but these
# errors are themselves estimated from a few hundred correlated configurations):

# %%
for beta in (1.0, 2.0, 4.0, 8.0):
    i = sc.index(beta)
    w, e, a = sc.loops[i], sc.loop_errors[i], sc.areas
    ok = w > 5 * e                                            # loops at least five standard errors above zero
    sigma_fit = np.sum(a[ok] * -np.log(w[ok])) / np.sum(a[ok] ** 2)
    exact = np.array([G.exact_wilson_loop(beta, r, t, "su2", L=8) for r, t in sc.sizes])
    print(f"β = {beta:g}: σ from {ok.sum():>2d} loops = {sigma_fit:.2f},  exact −ln(I₂/I₁) = "
          f"{G.string_tension(beta, 'su2'):.2f};  loops within 3 errors of the exact torus values: "
          f"{np.sum(np.abs(w - exact) < 3 * e)} of 10")
print(f"noise level (twice the median error of a loop): {2 * np.median(sc.loop_errors):.0e}")

# %% [markdown]
# In two dimensions the string tension is positive at every coupling: confinement is automatic, a
# direct consequence of the independent plaquettes. It falls like $3/(2\beta)$ at large $\beta$ (see the
# exercises).
#
# ## Explore: coupling and gauge group
#
# {numref}`fig-ch09-explorer` puts both measurements side by side. Move the coupling: on the left the
# current point slides along the exact curve; on the right the measured loops (squares) follow the
# area law (dashed) down to the noise level (orange). Predict before you move: at which $\beta$ do all
# ten loops stand above the noise? In JupyterLab you can switch to U(1) and watch the large loops at
# $\beta = 6$ and 8: they fall *below* the area law, even below zero for the largest, the frozen
# topology again.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The heat-bath scan of SU(2) on an 8 \u00d7 8 torus; choose the coupling \u03b2 with the slider. Left: the average plaquette at every \u03b2 (blue) and at the chosen one (red), with the exact curve I\u2082/I\u2081 (grey). Right: every measured Wilson loop against its area (squares, logarithmic axis), the exact area law e^{\u2212\u03c3A} (dashed) and twice the statistical error of a loop (orange): loops below it are noise. The title gives the measured and exact plaquette and the string tension, exact and fitted from the loops.", "name": "fig-ch09-explorer"}} tags=["hide-input"]
explorer = figures.area_law(scans)
explorer.static()

# %% tags=["remove-output"]
explorer.live()

# %% [markdown]
# ## A network that respects a local symmetry
#
# Suppose we want a network that reads a gauge configuration and predicts a gauge-invariant quantity:
# a Wilson loop, an action density, a topological charge. A plain convolutional network fed with the
# link components (four real numbers per SU(2) link, eight per site) sees a different input for every
# gauge copy of a configuration, and there are $3V$ dimensions of gauge copies. It would have to
# learn to ignore all of them from examples, which is hopeless, and averaging its output over the gauge
# group, the trick that works for a small global symmetry, means an integral over $\mathrm{SU(2)}^V$.
# Favoni et al. {cite}`ch09-favoni2022lattice` build the network from pieces that transform
# correctly instead, in the spirit of gauge-equivariant networks on manifolds
# {cite}`ch09-cohen2019gauge`.
#
# **Features.** Every hidden feature is a field of $N\times N$ matrices $W_i(x)$ that transforms like a
# closed loop based at $x$, $W_i(x)\to\Omega(x)W_i(x)\Omega(x)^\dagger$. The input features are the
# plaquette and its inverse, $(U_P(x), U_P(x)^\dagger)$ ({func}`~physml.gauge.plaquette_features`).
#
# **L-Conv** combines a site with its neighbours, each carried to $x$ along the straight line of links
# before it is added ({func}`~physml.gauge.lconv`):
#
# $$
# W'_i(x) = \sum_j\sum_{(\mu,k)}\omega_{ij\mu k}\;U_{x\to x+k\hat\mu}\,W_j(x+k\hat\mu)\,U_{x\to x+k\hat\mu}^\dagger ,
# $$ (lconv)
#
# a sum over the site itself and the shifts $k = \pm1,\dots,\pm K$ along both axes, with complex weights
# $\omega$ that are the same at every site.
#
# **L-Bilin** multiplies features at the same site ({func}`~physml.gauge.lbilin`):
# $W''_i(x) = \sum_{jk}\alpha_{ijk}W_j(x)W'_k(x)$, with the identity matrix appended to both sets so
# that linear terms and a constant are included. A product of two loops based at $x$ is a longer loop
# based at $x$: this is how the network builds Wilson loops larger than its inputs.
#
# **Trace** turns each feature into two gauge-invariant real numbers, $\mathrm{Re}\,\mathrm{tr}\,W_i(x)$ and
# $\mathrm{Im}\,\mathrm{tr}\,W_i(x)$ ({func}`~physml.gauge.trace_layer`), and an ordinary small network
# (an MLP applied at every site with the same weights) maps them to one number per site; averaged over
# sites it is the prediction ({func}`~physml.gauge.lcnn_apply`, with blocks L-Conv → L-Bilin). Favoni et al.
# also define gauge-covariant activation functions (L-Act, a feature multiplied by a function of its
# trace) and feed in Polyakov loops, the holonomies around the periodic directions; our small model does
# without both.
#
# :::{admonition} Derivation: every layer is covariant, the output is invariant
# :class: dropdown
# *L-Conv.* The transporter is an open path from $x$ to $y = x+k\hat\mu$, so $U_{x\to y}\to\Omega(x)U_{x\to y}\Omega(y)^\dagger$.
# With $W_j(y)\to\Omega(y)W_j(y)\Omega(y)^\dagger$,
#
# $$
# U_{x\to y}W_j(y)U_{x\to y}^\dagger \;\to\; \Omega(x)U_{x\to y}\Omega(y)^\dagger\,\Omega(y)W_j(y)\Omega(y)^\dagger\,\Omega(y)U_{x\to y}^\dagger\Omega(x)^\dagger
# = \Omega(x)\bigl(U_{x\to y}W_j(y)U_{x\to y}^\dagger\bigr)\Omega(x)^\dagger ,
# $$
#
# and a sum with numbers $\omega$ keeps the form $\Omega(x)\,\cdot\,\Omega(x)^\dagger$. Without the
# transporter, $W_j(y)$ would carry $\Omega(y)$, not $\Omega(x)$, and the sum would mix frames.
#
# *L-Bilin.* $\Omega W\Omega^\dagger\,\Omega W'\Omega^\dagger = \Omega\,WW'\,\Omega^\dagger$, and $\Omega1\Omega^\dagger = 1$.
#
# *Trace.* $\mathrm{tr}(\Omega W\Omega^\dagger) = \mathrm{tr}\,W$; a function of invariants is invariant.
#
# *Translations.* Every layer uses the same weights at every site, so shifting the configuration by a
# lattice vector shifts every feature map and the per-site output; the average is unchanged.
#
# *U(1).* For numbers, $U_{x\to y}W(y)U_{x\to y}^* = |U_{x\to y}|^2W(y) = W(y)$: the transport drops out and
# L-Conv is an ordinary convolution. Only the non-abelian group needs it.
# :::
#
# Each claim is checked below on an SU(2) configuration from the scan and a random gauge
# transformation, with random weights (nothing is trained yet). First the features, layer by layer:

# %%
U = scans["su2"].configs[scans["su2"].index(2.0)][0]            # an SU(2) configuration at β = 2
omega = haar((8, 8), "su2")
Ug = G.gauge_transform(U, omega)


def rotate(W):
    """Ω(x) W(x) Ω(x)† for a feature field W of shape (C, L, L, N, N)."""
    return omega @ W @ np.conj(np.swapaxes(omega, -1, -2))


conv = G.lconv_init(2, 3, kernel_size=1, key=jax.random.key(7))
bilin = G.lbilin_init(3, 2, 4, key=jax.random.key(8))
W0, W0g = G.plaquette_features(U), G.plaquette_features(Ug)
W1, W1g = G.lconv(conv, U, W0), G.lconv(conv, Ug, W0g)
W2, W2g = G.lbilin(bilin, W1, W0), G.lbilin(bilin, W1g, W0g)
for name, W, Wg in (("plaquette features", W0, W0g), ("after L-Conv", W1, W1g), ("after L-Bilin", W2, W2g)):
    covariant = np.abs(np.asarray(Wg) - rotate(np.asarray(W))).max()
    unchanged = np.abs(np.asarray(Wg) - np.asarray(W)).max()
    print(f"{name:>18}: |W(ΩU) − Ω W(U) Ω†| {'below 1e-12' if covariant < 1e-12 else covariant}; "
          f"the matrices themselves change by up to {unchanged:.1f}")
traces = np.abs(np.asarray(G.trace_layer(W2g)) - np.asarray(G.trace_layer(W2))).max()
print(f"traces after L-Bilin change by {'less than 1e-12' if traces < 1e-12 else traces}")

# %% [markdown]
# Now the reason for the transporter. Replace it by a plain shift, $W_j(x+\hat\mu)$ added at $x$ as
# an ordinary convolution would, and check covariance again, for SU(2) and for U(1):

# %%
for group in ("su2", "u1"):
    Ux, om = haar((2, 8, 8), group), haar((8, 8), group)
    Uxg = G.gauge_transform(Ux, om)
    om = om if group == "su2" else om[..., None, None]                   # U(1) features: 1 × 1 matrices
    Wx, Wxg = np.asarray(G.plaquette_features(Ux)), np.asarray(G.plaquette_features(Uxg))
    naive, naive_g = np.roll(Wx, -1, axis=1), np.roll(Wxg, -1, axis=1)    # W(x + 0̂), no transport
    error = np.abs(naive_g - om @ naive @ np.conj(np.swapaxes(om, -1, -2))).max()
    print(f"{group:>3}: shift without transport, covariance error {'below 1e-12' if error < 1e-12 else f'{error:.2f}'}")

# %% [markdown]
# For U(1) the plain shift is already covariant; for SU(2) it is off by order one. Finally the
# whole network, {func}`~physml.gauge.lcnn_apply` with two blocks, under three random gauge
# transformations and a translation of the lattice:

# %%
params = G.lcnn_init(channels=(4, 4), kernel_size=1, hidden=(16,), key=jax.random.key(12))
field = np.asarray(G.lcnn_apply(params, U, reduce=None))
worst = max(np.abs(np.asarray(G.lcnn_apply(params, G.gauge_transform(U, haar((8, 8), "su2")), reduce=None)) - field).max()
            for _ in range(3))
shifted = np.asarray(G.lcnn_apply(params, np.roll(U, (3, 5), axis=(1, 2)), reduce=None))
print(f"output field: spread over sites {field.std():.2f}; change under 3 random gauge transformations "
      f"{'below 1e-12' if worst < 1e-12 else worst}")
print("translating the links by (3, 5) translates the output field:",
      np.allclose(shifted, np.roll(field, (3, 5), axis=(0, 1)), atol=1e-12, rtol=0))

# %% [markdown]
# **How loops grow.** One block can already build the $2\times1$ loop: an L-Conv whose only weight
# carries the plaquette from $x+\hat0$ to $x$, followed by an L-Bilin whose only weight multiplies it by
# the plaquette at $x$, gives $U_0(x)U_P(x+\hat0)U_0(x)^\dagger\,U_P(x)$. Multiplying out, the links on the
# shared edge cancel against their daggers and what remains is the boundary of the $2\times1$ rectangle,
# which we check against a direct walk around it:

# %%
one_conv = np.zeros((1, 2, 5, 2))
one_conv[0, 0, 1, 0] = 1.0                 # offset (μ = 0, k = +1), input channel U_P, weight 1
one_bilin = np.zeros((1, 1, 2, 2))
one_bilin[0, 0, 0, 0] = 1.0                # (transported U_P) × U_P, weight 1
glued = G.lbilin(one_bilin, G.lconv(one_conv, U, G.plaquette_features(U)), G.plaquette_features(U))[0]


def at(field, d0, d1):
    """The matrix field at x + d0·0̂ + d1·1̂."""
    return np.roll(field, (-d0, -d1), axis=(0, 1))


U0, U1 = U[0], U[1]
walk = at(U0, 0, 0) @ at(U0, 1, 0) @ at(U1, 2, 0) @ dag(at(U0, 1, 1)) @ dag(at(U0, 0, 1)) @ dag(U1)
print("one block with one-hot weights = the 2 × 1 Wilson loop at every site:",
      np.allclose(np.asarray(glued), walk, atol=1e-12, rtol=0))

# %% [markdown]
# With $n$ blocks of kernel size $K$ the output at $x$ can depend on loops reaching $nK$ sites from $x$,
# glued from up to $2^n$ plaquettes. Which loops a given network can represent is a question of its
# depth and kernel, not of training.
#
# :::{admonition} Checkpoint
# :class: tip
# The $2\times2$ loop encloses four plaquettes. Can one block ($K = 1$) produce it? What is the
# smallest number of blocks with $K = 1$ that can?
#
# ```{dropdown} Answer
# One block multiplies at most two loops (one transported by one site) at each site, so it reaches
# loops of at most two plaquettes: $2\times1$, $1\times2$, and products such as $U_P(x)^2$ that are not
# rectangles. Two blocks can: the
# first builds the $2\times1$ loops at $x$ and at $x+\hat1$, the second transports the one at $x+\hat1$ to
# $x$ and multiplies the two, which gives the $2\times2$ loop (the same cancellation of the shared edge).
# ```
# :::
#
# ## Training on small lattices, testing on large ones
#
# The task is one of Favoni et al.'s {cite}`ch09-favoni2022lattice`: from an SU(2) configuration,
# predict at every site $x$ the traced $2\times2$ Wilson loop based there,
# $y(x) = \frac12\mathrm{Re}\,\mathrm{tr}\,W_{2\times2}(x)$ (averaged over its two orientations,
# {func}`~physml.gauge.wilson_loop_field`). The target is gauge invariant and *non-local* for the
# network: it is made of four plaquettes, so the network must transport and multiply its inputs (two
# blocks can represent it exactly, as the last checkpoint showed). Every configuration gives $L^2$
# targets.
#
# - **Training data:** 24 configurations of the $8\times8$ scan, four at each of $\beta = 1, 2, 3, 4, 6, 8$
#   (1536 targets). **Held out:** 24 other configurations of the scan at those couplings; all are 25
#   sweeps apart and so independent.
# - **Larger lattices:** new heat-bath configurations at the same couplings on $16\times16$ (two per
#   $\beta$) and $32\times32$ (one per $\beta$), each 30 sweeps from a hot start. No retraining.
# - **Gauge-transformed copies** of each test set: every configuration after its own random gauge
#   transformation. The targets do not change; they are gauge invariant.
# - **Models:** the L-CNN of the previous section ({func}`~physml.gauge.lcnn_init`: two blocks,
#   $K = 1$, 4 channels, a site-wise MLP with 16 hidden units) and a plain CNN with the same budget
#   ({func}`~physml.gauge.cnn_init`: two periodic $3\times3$ convolutions with 5 channels and tanh on the
#   eight link components per site, {func}`~physml.gauge.link_components`, and the same read-out). Its
#   two $3\times3$ layers see every link within two sites, enough to contain the $2\times2$ loop.
# - **Training:** the same routine for both, {func}`~physml.gauge.train_field`: full-batch Adam
#   (learning rate 0.03, 150 steps) on the mean squared error over all sites.
#
# Errors are reported *relative to the variance of the targets*: 1 is what predicting the average
# loop achieves, 0 is perfect.

# %%
sc = scans["su2"]
train_betas = (1.0, 2.0, 3.0, 4.0, 6.0, 8.0)
rows = [sc.index(b) for b in train_betas]


def loop_data(links, betas):
    """Configurations with their site-wise 2 × 2 Wilson loops as targets (physml.gauge.loop_data)."""
    return G.loop_data(np.asarray(links), 2, 2, beta=np.asarray(betas))


def gauge_copy(data):
    """The same configurations, each after its own random gauge transformation; the targets stay."""
    return data.gauge_transformed(key=jax.random.key(data.L))


def fresh(L, n_chains):
    """New L × L configurations, n_chains per coupling, each 30 heat-bath sweeps from a hot start."""
    links = [heat_bath(L, b, "su2", 1, key=jax.random.key(L + i), n_therm=29, n_chains=n_chains).links[:, 0]
             for i, b in enumerate(train_betas)]
    return loop_data(np.concatenate(links), np.repeat(train_betas, n_chains))


train = loop_data(np.concatenate([sc.configs[i][:4] for i in rows]), np.repeat(train_betas, 4))
tests = {"8 × 8 held out": loop_data(np.concatenate([sc.configs[i][4:8] for i in rows]), np.repeat(train_betas, 4)),
         "16 × 16": fresh(16, n_chains=2), "32 × 32": fresh(32, n_chains=1)}
lcnn_params, cnn_params = G.lcnn_init(key=jax.random.key(30)), G.cnn_init("su2", key=jax.random.key(31))
print(f"parameters: L-CNN {G.count_parameters(lcnn_params)}, CNN {G.count_parameters(cnn_params)};  "
      f"training targets: {train.target.size}")
fits = {"L-CNN": G.train_field(lcnn_params, train, learning_rate=3e-2, n_steps=150),
        "CNN": G.train_field(cnn_params, train, learning_rate=3e-2, n_steps=150)}

# %%
sets = {"training set": train, **tests}
results = {}
print(f"{'relative MSE':>28}" + "".join(f"{name:>16}" for name in sets))
for model, fit in fits.items():
    for transformed in (False, True):
        errors = [fit.relative_mse(gauge_copy(d) if transformed else d) for d in sets.values()]
        results[model, transformed] = errors
        label = f"{model}, {'gauge-transformed' if transformed else 'as sampled'}"
        print(f"{label:>28}" + "".join(f"{e:>16.2g}" for e in errors))
same = max(abs(a - b) / a for a, b in zip(results["L-CNN", False], results["L-CNN", True]))
print("L-CNN errors with and without gauge transformations agree to a relative",
      "1e-9 or better" if same < 1e-9 else f"{same:.1e}")

# %% [markdown]
# {numref}`fig-ch09-training` draws the training curves, the table, and the predictions on the
# $32\times32$ lattice against the truth.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The L-CNN against a plain CNN with the same number of parameters, both trained on 24 SU(2) configurations of 8 \u00d7 8 sites to predict the 2 \u00d7 2 Wilson loop at every site. Left: training error against Adam steps, relative to the variance of the targets. Middle: test error on held-out 8 \u00d7 8 configurations and on larger lattices never seen in training, as sampled (filled) and after random gauge transformations (hatched); the dashed line is the error of predicting the mean. Right: predicted against true loop at the 6144 sites of the six 32 \u00d7 32 configurations. Look at the middle panel: the L-CNN's error is below 1% of the variance on every lattice size, identical with and without gauge transformations; the CNN's is above the dashed line everywhere, worse than predicting the mean.", "name": "fig-ch09-training"}} tags=["hide-input"]
fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(10.5, 3.9), layout="constrained")
colors = {"L-CNN": COLORS["blue"], "CNN": COLORS["vermillion"]}
for model, fit in fits.items():
    ax1.semilogy(fit.losses / train.variance, color=colors[model], label=model)
ax1.set(xlabel="Adam step", ylabel="training MSE / variance")
ax1.legend(fontsize=8)
names = list(tests)
x = np.arange(len(names))
for k, (model, transformed) in enumerate([(m, t) for m in fits for t in (False, True)]):
    ax2.bar(x + (k - 1.5) * 0.2, results[model, transformed][1:], 0.2, color=colors[model],
            hatch="//" if transformed else None, edgecolor="white" if transformed else None,
            label=f"{model}{', gauge-transformed' if transformed else ''}")
ax2.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
ax2.axhline(1.0, color=COLORS["grey"], ls="--", lw=1)
ax2.set(yscale="log", xticks=x, xticklabels=[n.replace(" held out", "") for n in names], ylabel="test MSE / variance")
big = tests["32 × 32"]
truth = np.asarray(big.target).ravel()
for model, fit in fits.items():
    ax3.plot(truth, np.asarray(fit.predict(big.links)).ravel(), ".", ms=1.5, alpha=0.5, color=colors[model], label=model)
ax3.plot([-1, 1], [-1, 1], color=COLORS["grey"], lw=1)
ax3.set(xlabel="true ½ tr W₂ₓ₂(x)", ylabel="predicted", xlim=(-1, 1), ylim=(-1.5, 1.5))
ax3.legend(fontsize=8, markerscale=6)
plt.show()

# %% [markdown]
# The L-CNN learns the loop to better than one percent of the variance and keeps that error on the held-out
# configurations, on the $16\times16$ and on the $32\times32$ lattices, with the same weights: it is a
# local, translation-equivariant function that was trained to compute a local, gauge-invariant quantity,
# and nothing in it refers to the size of the lattice. Its error on gauge-transformed configurations is
# the same to the last digits, because its output is. (The spike in its training curve is Adam
# overshooting at this learning rate; it recovers within a few steps.)
#
# The plain CNN does not learn the task at all. It lowers its training error, and on *new*
# configurations its predictions are worse than the mean, even on $8\times8$ lattices at the couplings it
# was trained on. The reason is in the data, not the architecture's capacity. A heat bath started from
# random links leaves every configuration in an arbitrary gauge: each link on its own is Haar-random, and
# the information sits only in ordered products around closed loops, of degree four in the links for a
# plaquette and eight for the $2\times2$ loop. The single links of the scan show it:

# %%
for beta in (1.0, 4.0, 8.0):
    links = sc.configs[sc.index(beta)]
    single = 0.5 * np.trace(links, axis1=-2, axis2=-1).real
    print(f"β = {beta:g}: ⟨½ tr U_μ(x)⟩ = {round(single.mean(), 2) + 0.0:+.2f} ± {single.std() / np.sqrt(single.size):.2f} "
          f"over {single.size} links;  plaquette {sc.plaquette[sc.index(beta)]:.2f}")

# %% [markdown]
# A random gauge transformation of a Monte Carlo configuration is therefore an equally likely Monte Carlo
# configuration, and the gauge-transformed test sets are no stranger to the CNN than the others: its
# error is just as bad on both. From the CNN's point of view the training set is a list of 24 unrelated
# inputs, which it can only memorise. A gauge transformation of its *own training configurations* shows
# that this is what it did:

# %%
for model, fit in fits.items():
    print(f"{model:>5}: relative MSE on the training configurations {fit.relative_mse(train):.2g}, "
          f"on the same configurations gauge-transformed {fit.relative_mse(gauge_copy(train)):.2g}")

# %% [markdown]
# The CNN's fit does not survive a change of description of the very configurations it was trained on.
# More data would help it only slowly (exercise 5): each new configuration is one more point in a space
# with $3V$ gauge directions it has to learn to ignore. The L-CNN never has to learn them.
#
# :::{admonition} Checkpoint
# :class: tip
# Would fixing a gauge before feeding the CNN (for example axial gauge, $U_1 = 1$ on as many links as
# possible) remove the problem? What would remain?
#
# ```{dropdown} Answer
# It would remove almost all of the redundancy: after a complete axial gauge fixing
# ({func}`~physml.gauge.axial_gauge`) only a global $\Omega$, the same at every site, is left, and away from
# the boundary the $2\times2$ loop becomes a product of four remaining links instead of eight. What remains
# is a different problem. The fixed links are not local: each one is the holonomy of a path from a
# chosen origin, so it depends on the plaquettes along that path. The fixing is not translation
# invariant: it singles out an origin and, on the torus, a seam of links that close the lattice, where
# the loops look different, while the CNN's convolutions treat every site alike. A network trained on
# fixed configurations is also useless on configurations in any other gauge. And the CNN must still
# learn a product of four matrices from examples, which takes far more than 24 configurations
# (exercise 5 measures it). The L-CNN keeps locality,
# translation equivariance and gauge invariance at once.
# ```
# :::
#
# ## What two dimensions cannot show
#
# Two-dimensional gauge theory was the right test bed here because everything in it is exact. The
# same property makes it unlike the four-dimensional theories that motivate the method:
#
# - **No phase transition at finite $\beta$.** The plaquette {eq}`exact-plaquette` is an analytic function of
#   $\beta$ for every finite lattice and in infinite volume; nothing happens between strong and weak
#   coupling. (Only as the number of colours $N\to\infty$ does a transition appear
#   {cite}`ch09-gross1980possible`.) In four dimensions U(1) has a transition between a confining phase and a
#   Coulomb phase, in which, as in ordinary electrodynamics, the force between charges falls off with
#   distance.
# - **Confinement for free.** The area law holds at every coupling because the plaquettes are
#   independent; it says nothing about the dynamical mechanism that confines quarks in four
#   dimensions, where the string tension must be extracted from large, noisy loops.
# - **No propagating gluons, and little topology.** There are no local degrees of freedom: once the
#   plaquettes are fixed, only the holonomies around the torus remain. SU(2) has no topological charge in
#   two dimensions; U(1) has one, and it already freezes.
# - **What the original work did.** Favoni et al. {cite}`ch09-favoni2022lattice` trained L-CNNs on SU(2)
#   configurations at couplings up to $\beta = 6$ in 1+1 dimensions (training on $8\times8$, testing up to
#   $64\times64$), regressing traced Wilson loops from $1\times1$ to $4\times4$, and in 3+1 dimensions
#   (training on $4\times8^3$, testing on lattices up to $12\times32^3$), where the targets also included
#   the topological charge density. Plain CNNs, compared in 1+1 dimensions, did far worse, which the
#   authors summarise as plain networks being unable to find such gauge-invariant quantities. This
#   chapter shows the same effect on a small scale, in a theory where every number can be checked
#   against an exact result. Gauge-equivariant networks have since been
#   used inside samplers, where the symmetry is needed for the generated configurations to have the
#   right distribution {cite}`ch09-kanwar2020equivariant`.
#
# ## What to remember
#
# - A lattice gauge field lives on links; a gauge transformation $U_\mu(x)\to\Omega(x)U_\mu(x)\Omega(x+\hat\mu)^\dagger$
#   acts independently at every site. Open paths transform with their end points, closed loops by
#   conjugation, traced closed loops not at all: only these are physical.
# - For U(1) every closed loop is invariant and features at different sites can be combined freely;
#   for SU(2) a feature must be parallel-transported along the links before it is combined with
#   another site's. The non-abelian case is the one that needs the structure.
# - In two dimensions the plaquettes are independent: $\langle\cos\theta_P\rangle = I_1/I_0$ (U(1)),
#   $\langle\frac12\mathrm{tr}\,U_P\rangle = I_2/I_1$ (SU(2)), and Wilson loops obey the area law $p^{rt}$ with
#   string tension $\sigma = -\ln p$ at every coupling.
# - Heat-bath Monte Carlo reproduces these within its error bars, except where a slow mode freezes:
#   U(1) topology at large $\beta$. A blocked error bar cannot see a mode the chain never moves along.
# - The L-CNN keeps matrix features that transform as $\Omega W\Omega^\dagger$: L-Conv (parallel-transported
#   convolution), L-Bilin (products of loops at a site, which grow larger loops) and a trace to
#   invariants. Its output is gauge invariant to round-off for any weights, and translation
#   equivariant, so the same weights run on any lattice size.
# - A plain CNN on the raw link components cannot learn from Monte Carlo configurations: each link on
#   its own is Haar-random, and the information sits only in ordered products around closed loops. It
#   memorises its training set, and a gauge transformation of that very set undoes its fit.
#
# ## Exercises
#
# 1. **Strong and weak coupling.** From the series of the Bessel functions, show that the plaquette is
#    $\approx\beta/2$ (U(1)) and $\approx\beta/4$ (SU(2)) for small $\beta$, and that $1 - p\approx 1/(2\beta)$ (U(1)) and
#    $3/(2\beta)$ (SU(2)) for large $\beta$. Explain the large-$\beta$ results by equipartition, and check all four
#    with {func}`~physml.gauge.exact_plaquette`.
#
#    ```{dropdown} Answer
#    $I_n(\beta)\approx(\beta/2)^n/n!$ for small $\beta$ gives $I_1/I_0\approx\beta/2$ and $I_2/I_1\approx\beta/4$. For large
#    $\beta$, $I_n(\beta)\approx\frac{e^\beta}{\sqrt{2\pi\beta}}\bigl(1-\frac{4n^2-1}{8\beta}\bigr)$ gives $1 - I_1/I_0\approx\frac1{2\beta}$
#    and $1 - I_2/I_1\approx\frac{3}{2\beta}$. Near the identity $1-\cos\theta\approx\theta^2/2$ and the weight is
#    $e^{-\beta\theta^2/2}$: a Gaussian in one angle for U(1) and in three (the Lie algebra of SU(2) has
#    three generators, visible in the $\sin^2\theta\,d\theta$ of the Haar measure) for SU(2). Each direction
#    contributes $\frac1{2\beta}$ to $\langle\theta^2/2\rangle$, like $\frac12k_BT$ per quadratic degree of freedom.
#    At $\beta = 0.1$ and $\beta = 50$ the formulas agree with the exact values to better than 1%.
#    ```
#
# 2. **Counting gauge-invariant degrees of freedom.** A gauge transformation can set the links of a
#    *maximal tree* (a set of links touching every site and containing no closed loop) to the identity.
#    How many links does a maximal tree of the $L\times L$ torus have, and how many gauge-invariant
#    degrees of freedom remain? Identify them for U(1).
#
#    ```{dropdown} Answer
#    A tree on $V = L^2$ sites has $V - 1$ links, so $2V - (V - 1) = V + 1$ link variables remain. For U(1)
#    they are the $V$ plaquette angles, which obey one constraint (their raw sum is zero, or the wrapped
#    sum is $2\pi Q$), plus the two *holonomies*, the products of links around the torus in each
#    direction (Polyakov loops): $V - 1 + 2 = V + 1$.
#    ```
#
# 3. **Traces are not enough for SU(2).** Build two SU(2) matrices $P_1$, $P_2$ with given traces and
#    show numerically that $\frac12\mathrm{tr}(P_1P_2)$ is not determined by $\frac12\mathrm{tr}\,P_1$ and
#    $\frac12\mathrm{tr}\,P_2$. What does this imply for a network that only sees the traced plaquettes of
#    an SU(2) configuration?
#
#    ```{dropdown} Answer
#    Take $P_1 = e^{i\phi\sigma_3}$ and $P_2 = e^{i\phi\,\mathbf n\cdot\boldsymbol\sigma}$ with a unit vector $\mathbf n$:
#    both have $\frac12\mathrm{tr} = \cos\phi$, but $\frac12\mathrm{tr}(P_1P_2) = \cos^2\phi - \sin^2\phi\,n_3$ depends on the
#    relative orientation $n_3$. A network that sees only $\frac12\mathrm{tr}\,U_P(x)$ is gauge invariant but
#    cannot compute the $2\times1$ loop, let alone larger ones; it must keep the matrices, transport
#    them and multiply them, which is what L-Conv and L-Bilin do. For U(1) the traces (with the
#    imaginary parts) are the whole plaquettes, and a CNN on $\cos\theta_P, \sin\theta_P$ is enough.
#    ```
#
# 4. **The autocorrelation time of the topological charge.** Use `tau_int` on `scans["u1"].charge` at
#    each $\beta$ (skip the couplings where $Q$ never changes, where $\rho$ is undefined). How does
#    $\tau_{\mathrm{int}}$ grow with $\beta$, and how many sweeps would a run at $\beta = 4$ need for a 10%
#    error on $\langle Q^2\rangle$?
#
#    ```{dropdown} Answer
#    $\tau_{\mathrm{int}}$ of $Q$ is half a sweep to one sweep for $\beta\le2$, about two at $\beta = 3$, and
#    10–15 at $\beta = 4$, where the estimate still grows with the summation window (`window=30`): the
#    chains are too short to measure it well. At $\beta = 6$ it is limited only by the length of the
#    run. The relative error of $\langle Q^2\rangle$ from $n$ sweeps is about
#    $\sqrt{2\cdot2\tau_{\mathrm{int}}/n}$ for a Gaussian $Q$; for 10% with $\tau_{\mathrm{int}}\approx 15$ that is
#    $n\approx 6000$ sweeps, fifteen times the 400 of the scan.
#    ```
#
# 5. **More data for the plain CNN.** Train the CNN of the last section on 16, 64 and 256 configurations
#    of $8\times8$ sites (use {func}`~physml.gauge.loop_dataset` at the six couplings, and test on a fresh
#    set). Does its test error approach that of the L-CNN, or something else? Then fix the axial gauge
#    of every configuration with {func}`~physml.gauge.axial_gauge` and train again on 256: how does it do
#    on fixed test configurations, and on the same ones in a random gauge?
#
#    ```{dropdown} Answer
#    Something else: measured with the default settings, its test error relative to the variance falls
#    from about 2.5 (16 configurations) to 1.6 (64) and 1.15 (256), while its training error rises from
#    0.06 to 0.84. It approaches the error of predicting the mean, 1, from above: with more data it stops
#    memorising, but it does not find the loop. Even the best linear function of all link components
#    within two sites does no better than the mean. In axial gauge (256 configurations) it reaches
#    about 0.9 on fixed test configurations, barely better than the mean, and 1.1 on the same
#    configurations in a random gauge. The easier plaquette target shows the pattern more clearly:
#    about 0.45 on fixed configurations, 2 or worse after a gauge transformation.
#    ```
#
# ## Further reading
#
# - Wilson {cite}`ch09-wilson1974confinement`: the lattice formulation, the plaquette action and the
#   area law as a criterion for confinement.
# - Creutz {cite}`ch09-creutz1980monte` and Kennedy and Pendleton {cite}`ch09-kennedy1985improved`: the
#   SU(2) heat bath used here; Gattringer and Lang {cite}`ch09-gattringer2010quantum`: a textbook
#   introduction to lattice gauge theory and its Monte Carlo methods.
# - Gross and Witten {cite}`ch09-gross1980possible`: the exact solution of two-dimensional lattice gauge
#   theory by independent plaquettes and its large-$N$ phase transition.
# - Favoni, Ipp, Müller and Schuh {cite}`ch09-favoni2022lattice`: the L-CNN, its universality for gauge
#   covariant functions, and the experiments in 1+1 and 3+1 dimensions.
# - Cohen, Weiler, Kicanaoglu and Welling {cite}`ch09-cohen2019gauge`: gauge-equivariant convolutions on
#   curved surfaces, the same idea of transporting features before combining them.
# - Kanwar et al. {cite}`ch09-kanwar2020equivariant`: gauge-equivariant normalising flows that sample
#   two-dimensional U(1) gauge theory across topological sectors.
#
# **Practice:** [Practice 9: Gauge equivariance on the lattice](../exercises/ch09_practice.ipynb): write the
# plaquette of U(1) and SU(2) links and check how it transforms, build the parallel-transported
# neighbour and see why only SU(2) needs the transport, predict and then measure two Wilson loops of
# equal area, predict which gauge transformations a plain CNN notices, and explain with the explorer
# why the U(1) Monte Carlo falls below the exact plaquette at large $\beta$.
#
# ```{bibliography}
# :filter: docname in docnames
# :keyprefix: ch09-
# ```
