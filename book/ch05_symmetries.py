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
# (ch-symmetries)=
# # Uncovering hidden symmetries
#
# ```{admonition} At a glance
# :class: tip
# **You will learn to** write a continuous symmetry as a generator $K$ acting on data; carry it
# into an autoencoder's latent space with a Jacobian-vector product; test whether it acts there
# as one matrix $A$, and whether the decoder maps that action back onto $K$; and explain with
# representation theory why the answer depends on the latent dimension; and, when the symmetry
# acts nonlinearly on the observations, find its generator and a conserved quantity from data with
# linear latent dynamics.
#
# **Prerequisites:** {ref}`ch-discovery` (least squares, SVD); matrix exponentials and rotations;
# Lagrangian mechanics at the level of the Euler–Lagrange equations; from the {ref}`primer`: networks
# ({ref}`primer-mlp`), losses and Adam ({ref}`primer-loss`, {ref}`primer-optimisers`) and
# forward-mode differentiation, `jax.jvp` ({ref}`primer-autodiff`).
#
# **Time to read:** about 55 minutes. **Time to run:** about 20 seconds on a 2-core laptop CPU. **Practice:** [Practice 5: uncovering hidden symmetries](../exercises/ch05_practice.ipynb).
# ```
#
# Chapter 4 found laws among quantities that someone had already chosen to measure. A symmetry can
# hide better: in raw data, such as images or sensor readings, the transformation that leaves the
# physics unchanged need not act in any simple way on the numbers we record. A pendulum filmed by a
# camera is still symmetric under a shift of time, but the shift moves thousands of pixel values
# along a curved path, not by a rotation matrix anyone could write down.
#
# An **autoencoder** is a pair of networks ({ref}`primer-mlp`) trained together: an **encoder** $E$
# compresses each data point $x$ into a short vector of **latent** coordinates (its **code**),
# $z = E(x)$, and a **decoder** $D$ rebuilds the data from the code, $\hat x = D(z)$
# {cite}`ch05-hinton2006reducing`. The loss ({ref}`primer-loss`) only asks that $\hat x$ be close to $x$;
# because the code is shorter than the data, the encoder must find the few coordinates that
# matter. The question of this chapter is whether the latent layer organises the
# data so that the symmetry becomes simple, meaning linear, and how we can tell. At first we hand
# the analysis the symmetry's generator, on data where it acts linearly; in the last section it
# acts nonlinearly on what we measure, nobody supplies the generator, and we find it, with its
# frequency and a conserved quantity, from the data alone.
#
# Why insist on *linear*? Because a linear action is something physics knows how to read. If the
# symmetry acts on the code as $z \mapsto e^{tA}z$ for one matrix $A$, then the eigenvalues of $A$
# are its frequencies, its invariant subspaces tell which coordinates transform together, the
# motion can be predicted for any $t$ by one matrix exponential, and conserved quantities follow
# from its eigenvectors. A code in which the symmetry is a tangle of nonlinear functions gives none
# of this, however well it reconstructs the data.
#
# The plan: we first write a symmetry as a generator and recall what it does and does not imply
# for conservation laws (Noether's theorem). Then we carry the generator into latent space and
# build two tests, one for a linear latent action and one for whether that action is the physical
# one. A linear autoencoder passes them only for some latent dimensions, and representation theory
# says which. A nonlinear autoencoder reconstructs better and fails. Finally we drop the luxuries
# and find a hidden symmetry from trajectories alone.

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
import scipy.integrate
import scipy.linalg
import scipy.stats

from physml import symmetry as sym
from physml.interactives import symmetry as figures
from physml.style import COLORS

# %% [markdown]
# ## A symmetry and its generator
#
# A **symmetry** of a physical system is a transformation of its states that maps solutions to
# solutions. The symmetries in this chapter come in continuous families labelled by a real
# number $t$ (a time shift by $t$, a rotation by the angle $t$), and doing two of them in a row is
# again one of them, $g(s)g(t) = g(s + t)$, with $g(0)$ the identity. Such a family is a
# **one-parameter group**. When it acts on the data by matrices, it has the form
# $x \mapsto e^{tK}x$, and it is fixed by one matrix, its **generator** $K$: the velocity with which
# each point starts to move,
#
# $$
# \frac{dx}{dt}\Big|_{t=0} = K x .
# $$ (generator)
#
# The generator is to the symmetry what a Hamiltonian is to time evolution: a whole family of
# finite transformations, packed into one matrix that says how things start to move.
#
# :::{admonition} Derivation: a one-parameter group of matrices is $e^{tK}$
# :class: dropdown
# Let $g(t)$ be a differentiable family of matrices with $g(s)g(t) = g(s+t)$ and $g(0) = \mathbb 1$.
# Differentiate $g(t + s) = g(s)\,g(t)$ with respect to $s$ at $s = 0$:
#
# $$
# \dot g(t) = \dot g(0)\, g(t) \equiv K g(t), \qquad g(0) = \mathbb 1 .
# $$
#
# This linear differential equation has the unique solution $g(t) = e^{tK} = \sum_n (tK)^n/n!$
# (differentiate the series term by term). Conversely $e^{sK}e^{tK} = e^{(s+t)K}$ because $sK$ and
# $tK$ commute. Applied to a point, $x(t) = e^{tK}x$ obeys $\dot x = Kx$ at every $t$, and at
# $t = 0$ this is equation {eq}`generator`. (We assume $g$ differentiable; a continuous
# one-parameter group of matrices is automatically so, a step we skip; see any text on Lie groups.)
# :::
#
# Our data are states of a harmonic oscillator, $u = r(\cos\theta, \sin\theta)$ in phase space,
# seen through three harmonics: $y_k = \alpha_k r^k(\cos k\theta, \sin k\theta)$ for $k = 1, 2, 3$,
# with amplitudes $\alpha_k$, mixed into eight dimensions by a random isometry $Q$ (an $8\times 6$
# matrix with orthonormal columns, $Q^\top Q = \mathbb 1$), so $x = Qy$. Time evolution shifts the
# phase, $\theta \to \theta + t$, and each harmonic turns $k$ times as fast. So the symmetry acts
# linearly on $x$, with
#
# $$
# K = Q\,\mathrm{diag}(J, 2J, 3J)\,Q^\top, \qquad J = \begin{pmatrix} 0 & -1 \\ 1 & 0 \end{pmatrix},
# $$ (K)
#
# and eigenvalues $\pm i, \pm 2i, \pm 3i$ (and two zeros for the directions the data never
# visit).
#
# :::{admonition} Derivation: the generator of the harmonic embedding
# :class: dropdown
# Along the flow $\dot\theta = 1$ and $\dot r = 0$, so for the $k$-th block
#
# $$
# \frac{d}{dt}\begin{pmatrix} \cos k\theta \\ \sin k\theta \end{pmatrix}
# = k\begin{pmatrix} -\sin k\theta \\ \cos k\theta \end{pmatrix}
# = kJ\begin{pmatrix} \cos k\theta \\ \sin k\theta \end{pmatrix},
# $$
#
# hence $\dot y = \mathrm{diag}(J, 2J, 3J)\,y \equiv K_y y$. The columns of $Q$ are orthonormal,
# so $y = Q^\top x$ and
# $\dot x = Q K_y y = Q K_y Q^\top x$, which is equation {eq}`K`. The eigenvalues of $kJ$ are
# $\pm ik$ (its characteristic polynomial is $\lambda^2 + k^2$), and the two directions orthogonal
# to the columns of $Q$ are sent to zero. Because $e^{tkJ}$ is the rotation by the angle $kt$, the
# frequencies $k$ must be integers for the time shift by one period, $t = 2\pi$, to bring every
# point back.
# :::
#
# The flow conserves the oscillator's energy, $\mathcal E \propto r^2$, and each orbit is a curve of
# constant $r$. Each of 16 orbits is sampled at 32 equally spaced phases. This symmetric sample keeps
# finite-sample correlations between the harmonics exactly zero, and the decreasing amplitudes
# $\alpha_k$ give the harmonics well-separated variances (both printed below). The cell checks
# equation {eq}`K` directly: it evolves the oscillator's phase by $t = 0.7$ and compares the
# embedded result with $e^{0.7K}x$ (the largest difference over all points and components is the
# "max error"). It also prints the covariance of the data in harmonic coordinates $y = Q^\top x$:
# the largest covariance between coordinates of different harmonics, and the variance of one
# coordinate of each harmonic, $\alpha_k^2\langle r^{2k}\rangle/2$, where $\langle\cdot\rangle$ is
# the average over the orbits.

# %%
data = sym.oscillator_data(key=jax.random.key(0))
t = 0.7
rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
x_later = sym.harmonic_features(data.u @ rot.T) @ data.embedding.T     # the oscillator a time t later
err = np.abs(data.x @ scipy.linalg.expm(t * data.K).T - x_later).max()
y = data.x @ data.embedding                                           # back to harmonic coordinates
cov = y.T @ y / len(y)
cross = max(np.abs(cov[2 * i:2 * i + 2, 2 * j:2 * j + 2]).max() for i in range(3) for j in range(3) if i != j)
print(f"data: {data.x.shape[0]} points in {data.x.shape[1]} dimensions")
print(f"exp(tK) x equals the oscillator evolved by t = {t}: max error {err:.0e}" if err > 1e-12 else
      f"exp(tK) x equals the oscillator evolved by t = {t}: max error < 1e-12")
print("eigenvalues of K / i:", np.round(np.sort(np.linalg.eigvals(data.K).imag), 6) + 0.0)
print(f"covariance between different harmonics below 1e-12: {bool(cross < 1e-12)}; "
      f"variance per harmonic: {', '.join(f'{cov[2 * i, 2 * i]:.3f}' for i in range(3))}")

# %% [markdown]
# **Symmetries and conservation laws.** Why is the energy conserved? Noether's theorem
# {cite}`ch05-noether1918invariante` gives a conserved quantity for every continuous symmetry of the
# **action** $S = \int L(q, \dot q, t)\,dt$, not for every symmetry of the equations of motion. The
# oscillator's Lagrangian, $L = \tfrac12 \dot q^2 - \tfrac12 \omega^2 q^2$, does not depend on $t$, so
# $S$ is unchanged by a shift of time, and the conserved quantity that comes with this symmetry is
# the energy $\mathcal E = \dot q\,\partial L/\partial \dot q - L$. A symmetry of the equations alone is not
# enough. The damped oscillator,
#
# $$
# \ddot q + \gamma \dot q + \omega^2 q = 0,
# $$ (damped)
#
# has equations that do not depend on $t$ either: a motion started at $t_0 = 100$ is the motion
# started at $t_0 = 0$, shifted. Yet its energy $\mathcal E = \tfrac12 \dot q^2 + \tfrac12\omega^2 q^2$ obeys
# $d\mathcal E/dt = -\gamma \dot q^2 \le 0$ and decays. The Lagrangian that yields equation {eq}`damped`,
# $L = e^{\gamma t}(\tfrac12 \dot q^2 - \tfrac12 \omega^2 q^2)$
# {cite}`ch05-caldirola1941forze,ch05-kanai1948quantization`, depends on $t$ explicitly, so time translation is
# not a symmetry of the action. In fact no time-independent, continuous function of $(q, \dot q)$ is
# conserved: every orbit spirals into the origin, so such a function, constant on each orbit, takes
# its value at the origin everywhere. (Conserved quantities that depend explicitly on $t$ do exist,
# e.g. $e^{\gamma t}\bigl[(\dot q + \tfrac{\gamma}{2} q)^2 + (\omega^2 - \tfrac{\gamma^2}{4}) q^2\bigr]$, and
# Noether's theorem delivers them from a symmetry of the time-dependent action above; they are not
# the mechanical energy.)
#
# :::{admonition} Derivation: time translation and energy, with and without damping
# :class: dropdown
# *Energy from a time-independent Lagrangian.* Let $\mathcal E = \dot q\,L_{\dot q} - L$, with subscripts
# for partial derivatives. Along a motion, by the chain rule,
#
# $$
# \frac{d\mathcal E}{dt} = \ddot q L_{\dot q} + \dot q \frac{d L_{\dot q}}{dt}
#   - L_q \dot q - L_{\dot q}\ddot q - \frac{\partial L}{\partial t}
# = \dot q\Bigl(\frac{d L_{\dot q}}{dt} - L_q\Bigr) - \frac{\partial L}{\partial t}
# = -\frac{\partial L}{\partial t},
# $$
#
# the bracket vanishing by the Euler–Lagrange equation. So $\mathcal E$ is conserved exactly when $L$, and
# hence the action, is unchanged by a shift of time. (Noether's general theorem, for any
# continuous symmetry that changes $L$ by at most a total time derivative, runs the same way; we
# skip the bookkeeping of the varied endpoints, done in {cite}`ch05-goldstein2002classical`, §2.7 and §13.7.)
#
# *The Caldirola–Kanai Lagrangian.* For $L = e^{\gamma t}(\tfrac12\dot q^2 - \tfrac12\omega^2 q^2)$ the
# Euler–Lagrange equation is $\tfrac{d}{dt}(e^{\gamma t}\dot q) + e^{\gamma t}\omega^2 q = 0$, that is
# $e^{\gamma t}(\ddot q + \gamma\dot q + \omega^2 q) = 0$, equation {eq}`damped`. Here
# $\partial L/\partial t = \gamma L \ne 0$: no energy conservation follows.
#
# *The mechanical energy decays.* With $\mathcal E = \tfrac12\dot q^2 + \tfrac12\omega^2 q^2$ and equation
# {eq}`damped`, $d\mathcal E/dt = \dot q(\ddot q + \omega^2 q) = -\gamma\dot q^2$.
#
# *The time-dependent invariant.* Write $I = e^{\gamma t}[(\dot q + \tfrac\gamma2 q)^2 + \Omega^2 q^2]$
# with $\Omega^2 = \omega^2 - \gamma^2/4$. Using $\ddot q + \tfrac\gamma2\dot q = -\tfrac\gamma2\dot q - \omega^2 q$,
#
# $$
# e^{-\gamma t}\dot I = \gamma\bigl[(\dot q + \tfrac\gamma2 q)^2 + \Omega^2 q^2\bigr]
#   - 2(\dot q + \tfrac\gamma2 q)(\tfrac\gamma2\dot q + \omega^2 q) + 2\Omega^2 q\dot q ,
# $$
#
# and expanding, every term cancels: $\dot I = 0$.
# :::
#
# We check the statements about the damped oscillator with a high-accuracy integrator
# ($\gamma = 0.2$, $\omega = 1$, starting from $q = 1$, $\dot q = 0$). The cell prints three things:
# whether the motions started at $t_0 = 0$ and $t_0 = 100$ coincide once shifted (the symmetry of
# the equations), the ratio $\mathcal E(t)/\mathcal E(0)$ at three times next to $e^{-\gamma t}$, and, for
# $\gamma = 0$, the largest relative change of the energy over the run:

# %%
def damped(t, y, gamma):
    q, v = y
    return [v, -q - gamma * v]


def motion(t0, gamma, T=20.0):
    times = t0 + np.linspace(0, T, 201)
    sol = scipy.integrate.solve_ivp(damped, (t0, t0 + T), [1.0, 0.0], t_eval=times, args=(gamma,),
                                    method="DOP853", rtol=1e-11, atol=1e-13)
    return sol.y


early, late = motion(0.0, 0.2), motion(100.0, 0.2)
energy = 0.5 * (early[1] ** 2 + early[0] ** 2)
ratio = energy / energy[0]
free = motion(0.0, 0.0)
free_energy = 0.5 * (free[1] ** 2 + free[0] ** 2)
print(f"damped: started at t0 = 100 or at t0 = 0, the motions agree to below 1e-10: "
      f"{bool(np.abs(early - late).max() < 1e-10)}")
print(f"damped: energy(t)/energy(0) at t = 5, 10, 20: {ratio[50]:.3f}, {ratio[100]:.3f}, {ratio[200]:.3f} "
      f"(e^(-gamma t): {np.exp(-1.0):.3f}, {np.exp(-2.0):.3f}, {np.exp(-4.0):.3f}); never increases: "
      f"{bool(np.all(np.diff(energy) <= 1e-12))}")
drift = np.abs(free_energy / free_energy[0] - 1).max()
print(f"undamped: |energy(t)/energy(0) - 1| below 1e-8 for t up to 20: {bool(drift < 1e-8)}")

# %% [markdown]
# For small $\gamma$ the energy follows $e^{-\gamma t}$ on average (it falls faster when the
# oscillator moves fast, $d\mathcal E/dt = -\gamma \dot q^2$, and not at all at the turning points): over a
# period $\dot q^2$ averages to $\mathcal E$, so $\overline{d\mathcal E/dt} \approx -\gamma \mathcal E$. So in this chapter a
# conserved quantity is something to check in the data, not something a symmetry of the equations
# guarantees.
#
# :::{admonition} Checkpoint
# :class: tip
# A free particle in a viscous fluid obeys $\ddot q = -\gamma\dot q$. Its equations are unchanged by
# a shift of $q$ (space translation) and of $t$. Is its momentum $\dot q$ conserved? Is there a
# conserved quantity that does not depend on $t$ explicitly?
#
# ```{dropdown} Answer
# No: $\dot q(t) = \dot q(0)e^{-\gamma t}$ decays. The shift $q \to q + \text{const}$ is a symmetry of the
# equations *and* of the action $\int e^{\gamma t}\dot q^2/2\,dt$ that produces them, so Noether's
# theorem does give a conserved charge: the canonical momentum $\partial L/\partial\dot q =
# e^{\gamma t}\dot q$, conserved but explicitly time-dependent, and not $\dot q$. A time-independent
# invariant exists too: $q + \dot q/\gamma$, the point where the particle comes to rest
# ($\frac{d}{dt}(q + \dot q/\gamma) = \dot q - \dot q = 0$). It is also a Noether charge, of the
# symmetry $\delta q = \epsilon e^{-\gamma t}$, which changes $L$ by the total derivative
# $-\epsilon\gamma\dot q = \frac{d}{dt}(-\epsilon\gamma q)$; the charge is
# $e^{\gamma t}\dot q\, e^{-\gamma t} + \gamma q = \gamma(q + \dot q/\gamma)$. Unlike the oscillator's,
# these motions do not all end at one point, so the argument that ruled out time-independent
# invariants there does not apply.
# ```
# :::
#
# ## The latent generator
#
# Move a data point along the symmetry and watch its code. The point follows
# $x(t) = e^{tK}x$ and its code follows $z(t) = E(x(t))$. By the chain rule, the latent point
# starts to move with velocity
#
# $$
# \dot z = \frac{d}{dt}E\bigl(e^{tK}x\bigr)\Big|_{t=0} = \partial E(x)\,\frac{dx}{dt}\Big|_{t=0} = \partial E(x)\, K x ,
# $$ (latent-tangent)
#
# where $\partial E(x)$ is the encoder's **Jacobian** at $x$, the matrix of its first derivatives
# $\partial E_i/\partial x_j$ (one row per latent coordinate, one column per data component). This is a
# **Jacobian-vector product**, which forward-mode differentiation ({ref}`primer-autodiff`) computes
# exactly, at the cost of about one extra evaluation of $E$ and without ever forming $\partial E(x)$:
# `jax.jvp(E, (x,), (K @ x,))`. For a linear encoder, $E(x) = W_E^\top x + b_E$, it is simply
# $\dot z = W_E^\top K x$.
#
# The symmetry acts **linearly** in latent space if a single matrix $A$ gives $\dot z = Az$ at every
# data point: then the code of $e^{tK}x$ is $e^{tA}z$, and the symmetry is a matrix group in the
# latent coordinates as well. We stack the codes of the $n$ data points as the rows of a matrix
# $Z$ ($n \times d_z$, with $d_z$ the latent dimension) and their velocities as the rows of $\dot Z$,
# fit $A$ by least squares over the data, and report the **latent-generator residual**
#
# $$
# \rho_\text{lat} = \frac{\|\dot Z - Z A^\top\|_F}{\|\dot Z\|_F},
# $$ (rho-lat)
#
# with $\|C\|_F = (\sum_{ij} C_{ij}^2)^{1/2}$ the Frobenius norm of a matrix $C$. It is $0$ for an exactly linear
# action and $1$ when no matrix does better than $A = 0$.
#
# :::{admonition} Derivation: the least-squares generator and the range of $\rho_\text{lat}$
# :class: dropdown
# Row $i$ of $\dot Z - ZA^\top$ is $\dot z_i - Az_i$, so we minimise
# $\sum_i \|\dot z_i - A z_i\|^2 = \|\dot Z - Z A^\top\|_F^2$ over the matrix $X = A^\top$. Each column
# of $X$ is an ordinary linear regression of one column of $\dot Z$ on the columns of $Z$. Setting
# the gradient with respect to $X$ to zero gives the **normal equations**
#
# $$
# Z^\top Z\, X = Z^\top \dot Z \quad\Longrightarrow\quad A^\top = (Z^\top Z)^{-1} Z^\top \dot Z ,
# $$
#
# when $Z$ has full column rank. The fitted velocities $Z A^\top = P\dot Z$ are the orthogonal
# projection of $\dot Z$ onto the column space of $Z$, with $P = Z(Z^\top Z)^{-1}Z^\top$. So
# $\|\dot Z\|_F^2 = \|P\dot Z\|_F^2 + \|(\mathbb 1 - P)\dot Z\|_F^2$ (Pythagoras) and
# $\rho_\text{lat} = \|(\mathbb 1-P)\dot Z\|_F/\|\dot Z\|_F$ lies between 0 and 1. It is 1 exactly when
# every column of $\dot Z$ is orthogonal to every column of $Z$: the velocities are uncorrelated
# with the codes over the data. To allow the affine action $\dot z = Az + b$ used below, append a
# column of ones to $Z$: the last row of the solution is $b^\top$.
# :::
#
# A linear latent action is only useful if it is the physical one, so we also decode it. If the
# decoder turned the latent motion into the physical one, $D(e^{tA}z) = e^{tK}D(z)$ for all $t$,
# then differentiating at $t = 0$ by the chain rule gives $\partial D(z)\,Az = K\,D(z)$, with
# $\partial D(z)$ the decoder's Jacobian: the decoder turns
# the latent velocity $Az$ into the data-space velocity $K\,D(z)$. We measure how far this is
# from true by the **decoder consistency**
#
# $$
# \partial D(z)\,A z = K\,D(z), \qquad
# \rho_\text{dec} = \frac{\|\partial D(Z)\,AZ - K D(Z)\|_F}{\|K D(Z)\|_F},
# $$ (rho-dec)
#
# where row $i$ of $\partial D(Z)\,AZ$ is $\partial D(z_i)Az_i$ (again one `jax.jvp` per point) and
# row $i$ of $KD(Z)$ is $K D(z_i)$. For the affine fit $\dot z = Az + b$ used below, $Az$ is replaced
# by $Az + b$ throughout. It is 0 when decoding the latent action reproduces the physical generator.
# Unlike $\rho_\text{lat}$, it has no upper bound of 1.
#
# :::{admonition} Checkpoint
# :class: tip
# An encoder that is *invariant*, $E(e^{tK}x) = E(x)$ (for example one that records only the
# energy $r^2$), gives $\dot Z = 0$. What does the fit return, and why does the definition of
# $\rho_\text{lat}$ need a convention in this case? Would such an encoder pass the decoder test?
#
# ```{dropdown} Answer
# $A = 0$ fits exactly, and $\rho_\text{lat} = 0/0$; physml reports 0 (a trivially linear action).
# The decoder test then asks $0 = K D(z)$, which fails unless the decoded points are fixed by the
# symmetry. An invariant code forgets the phase and cannot rebuild the data: the two residuals
# together exclude it.
# ```
# :::
#
# **The algorithm on the page.** The whole generator fit is a few lines: one `jax.jvp` per point
# (mapped over the data with `jax.vmap`, {ref}`primer-vmap`), then the normal equations. physml's
# `sym.latent_generator` does the same with a more careful solver (`numpy.linalg.lstsq`, which copes
# with rank-deficient $Z$); the chapter uses it below, and the next cell checks that the two agree.

# %%
def generator_fit(encoder, params, xs, K, affine=False):
    """Fit zdot = A z (+ b) to the latent velocities zdot = dE(x) K x; return A, b, rho_lat."""
    def code_and_velocity(x):                        # (E(x), dE(x) K x) by forward mode
        return jax.jvp(lambda y: encoder(params, y), (x,), (K @ x,))
    z, dz = map(np.asarray, jax.vmap(code_and_velocity)(xs))
    Z = np.column_stack([z, np.ones(len(z))]) if affine else z
    coef = np.linalg.solve(Z.T @ Z, Z.T @ dz)         # normal equations: (Z^T Z) A^T = Z^T dZ
    rho = np.linalg.norm(dz - Z @ coef) / np.linalg.norm(dz)
    b = coef[-1] if affine else np.zeros(z.shape[1])
    return coef[:z.shape[1]].T, b, rho


mlp = sym.autoencoder_init(8, 2, key=jax.random.key(0), hidden=(32,))   # an untrained tanh autoencoder
for affine in (False, True):
    A_page, b_page, rho_page = generator_fit(sym.encode, mlp, data.x, data.K, affine=affine)
    ref = sym.latent_generator(sym.encode, mlp, data.x, data.K, affine=affine)
    err = max(np.abs(A_page - ref.A).max(), np.abs(b_page - ref.b).max(), abs(rho_page - ref.residual))
    assert err < 1e-8, err
    print(f"on-page generator fit ({'affine' if affine else 'linear'}) agrees with physml.symmetry: {err < 1e-8}; "
          f"rho_lat = {rho_page:.2f}")

# %% [markdown]
# For this untrained nonlinear encoder the action is far from linear: a latent-generator residual
# of order one, with or without $b$. Next, a check that the Jacobian-vector products are what we
# think. We compare them with central finite differences,
# $[E(x + \epsilon Kx) - E(x - \epsilon Kx)]/2\epsilon$ with $\epsilon = 10^{-6}$, on the same encoder
# ($|\dot z|$ is the size of the largest latent velocity component, to show the scale):

# %%
g = sym.latent_generator(sym.encode, mlp, data.x, data.K)
eps = 1e-6
kx = data.x @ data.K.T
fd = (sym.encode(mlp, data.x + eps * kx) - sym.encode(mlp, data.x - eps * kx)) / (2 * eps)
print(f"max |dz| = {np.abs(g.dz).max():.1f}; jvp and central differences agree to 1e-8: "
      f"{bool(np.abs(g.dz - fd).max() < 1e-8)}")

# %% [markdown]
# The two agree to within the truncation and round-off error of the finite difference. The jvp
# itself has no truncation error.
#
# **A worked example: the ideal code.** Before training anything, take the autoencoder we would
# design by hand if we knew the physics: the encoder reads the first-harmonic plane,
# $z = P_1^\top x$ with $P_1$ the first two columns of $Q$, and the decoder puts it back,
# $D(z) = P_1 z$. Since $x = Qy$ and $Q^\top Q = \mathbb 1$, the code is $z = y_1 = \alpha_1 r(\cos\theta,
# \sin\theta)$, which turns with $\dot z = Jz$ (the derivation box on the harmonic embedding, with
# $k = 1$). So the fit must return $A = J$ and $\rho_\text{lat} = 0$. For the decoder,
# $\partial D(z)Az = P_1Jz$, and $KD(z) = QK_yQ^\top P_1 z = P_1 J z$ because $Q^\top P_1$ selects the first
# block of $K_y$: so $\rho_\text{dec} = 0$ too. The on-page fit and physml's decoder test confirm it:

# %%
P1 = data.embedding[:, :2]                                # the first-harmonic plane of the data
A_ideal, _, rho_ideal = generator_fit(lambda p, x: x @ P1, None, data.x, data.K)
rho_dec_ideal = sym.generator_consistency(lambda p, z: z @ P1.T, None, data.x @ P1, A_ideal, data.K)
print(f"ideal code: A equals J to 1e-12: {bool(np.abs(A_ideal - sym.J2).max() < 1e-12)}; "
      f"rho_lat below 1e-12: {bool(rho_ideal < 1e-12)}; rho_dec below 1e-12: {bool(rho_dec_ideal < 1e-12)}")

# %% [markdown]
# Training will not find this code, only a linear image of it, and the rest of the chapter asks
# how close it gets.
#
# ## A linear autoencoder finds the rotation
#
# Start with the simplest autoencoder: linear maps, $z = W_E^\top x + b_E$ and
# $\hat x = W_D^\top z + b_D$, with a two-dimensional latent layer ($W_E$ is $8\times 2$, $W_D$ is
# $2\times 8$, and $b_E$, $b_D$ are bias vectors). Before training it, we need to say how good a
# reconstruction is. The chapter uses two measures of the same mismatch $X - \hat X$, where the rows
# of $X$ are the $n$ data points in $d$ dimensions and the rows of $\hat X$ their reconstructions.
#
# :::{admonition} Two reconstruction metrics
# :class: note
# - The **mean squared error per component**, $\mathrm{MSE} = \|X - \hat X\|_F^2/(n\,d)$: the
#   average of the squared error over all $n\,d$ numbers. It is the **training loss**: it is a
#   smooth sum of squares, its gradient is simple, and its minimum over linear autoencoders is
#   known exactly (below). It carries the units of $x$ squared, so its value means little without
#   the scale of the data.
# - The **relative reconstruction error**, $\epsilon_\text{rec} = \|X - \hat X\|_F/\|X\|_F$: the
#   size of the error as a fraction of the size of the data. It is dimensionless, so it **compares
#   models** and data sets of different scales; $0.1$ means a 10 % error whatever the units.
#
# They are two views of one number: with the root mean square of the data,
# $x_\text{rms} = \|X\|_F/\sqrt{n\,d}$, one has $\epsilon_\text{rec} = \sqrt{\mathrm{MSE}}/x_\text{rms}$.
# Because of the square root, a model that is 15 times better in $\epsilon_\text{rec}$ is 225 times
# better in MSE. We train with MSE and check it against the PCA optimum; we compare the linear and
# nonlinear models by $\epsilon_\text{rec}$.
# :::
#
# We train the autoencoder with Adam ({ref}`primer-optimisers`) on the MSE, the whole run being
# one `jax.lax.scan` (a loop that JAX compiles as a whole) compiled by `jit` ({ref}`primer-jit`). A
# linear autoencoder can do no better than **principal component analysis** (PCA)
# {cite}`ch05-baldi1989neural`. PCA keeps the top right-singular vectors of the (here already
# centred) data matrix, the directions of largest variance; the least $\|X - \hat X\|_F^2$ of
# rank 2 is the sum of the discarded squared singular values of the data
# {cite}`ch05-eckart1936approximation` (the Eckart–Young theorem; we use it without proof). This gives an
# independent check of the training: the printed ratio of the final MSE to the PCA optimum
# should be 1. The cell then fits the affine latent action $\dot z = Az + b$ and prints $A$, its
# eigenvalues, both residuals, and what happens when $b$ is left out.

# %%
run = sym.train_autoencoder(data.x, latent_dim=2, key=jax.random.key(0), n_steps=3000, learning_rate=1e-2,
                          checkpoints=(0, 3000))
sv = np.linalg.svd(data.x, compute_uv=False)
pca_loss = np.sum(sv[2:] ** 2) / data.x.size
print(f"final mean squared error per component {run.loss[-1]:.6f}; PCA optimum {pca_loss:.6f} "
      f"(ratio {run.loss[-1] / pca_loss:.4f})")
lin = sym.latent_generator(sym.encode, run.params, data.x, data.K, affine=True)   # ż = A z + b
rho_dec = sym.generator_consistency(sym.decode, run.params, lin.z, lin.A, data.K, b=lin.b)
no_b = sym.latent_generator(sym.encode, run.params, data.x, data.K)                # ż = A z only
b_E = np.asarray(run.params["encoder"][0]["b"])
print("A =", np.array2string(np.round(lin.A, 2) + 0.0, separator=", ").replace("\n", ""))
print(f"eigenvalues of A: {', '.join(f'{w.imag:+.4f}i' for w in lin.eigenvalues)}")
print(f"affine fit: latent-generator residual below 1e-4: {bool(lin.residual < 1e-4)}; "
      f"decoder consistency below 1e-3: {bool(rho_dec < 1e-3)}")
ratio = no_b.residual / np.linalg.norm(b_E)
print(f"fit without b: residual nonzero, of the order of the encoder's bias |b_E| "
      f"(ratio between 0.1 and 10: {bool(0.1 < ratio < 10)}; |b_E| between 1e-6 and 1e-2: "
      f"{bool(1e-6 < np.linalg.norm(b_E) < 1e-2)})")

# %% [markdown]
# The trained model reaches the PCA optimum, and its latent action is of the form
# $\dot z = Az + b$ to within the training error (below $10^{-4}$; how far below depends on where
# Adam's last steps leave the encoder). Why $+\,b$? A linear encoder
# with a bias, $z = W_E^\top x + b_E$, shifts the latent origin. Along the symmetry
# $\dot z = W_E^\top K x$. At the PCA optimum the decoder returns the projection of $x$ onto the
# recorded plane, $W_D^\top(z - b_E)$ (the data are centred, so $b_D = -W_D^\top b_E$); $K$ maps that
# plane to itself and the rest of the data span to the rest, which the encoder does not read. So
# the linear action $\dot x = Kx$ becomes $\dot z = W_E^\top K W_D^\top (z - b_E)$ in the code:
# linear in $z - b_E$, affine in $z$. The reconstruction loss cannot fix $b_E$ (only the combination $b_D + W_D^\top b_E$
# matters), so training leaves it wherever Adam's steps happen to put it, small but not zero. A fit
# without $b$ then misses by an amount of the order of $|b_E|$, as printed. The eigenvalues of $A$
# are $\pm i$: the latent layer has found the first-harmonic plane, where time evolution is a
# rotation at the oscillator's frequency. $A$ itself is not $J$, because the latent coordinates are an
# arbitrary linear image $R$ of that plane ($R = W_E^\top P_1$, an invertible $2\times 2$ matrix).
# What is fixed is the similarity class, $A = R J R^{-1}$, and we can check it:
#

# %%
W_E = np.asarray(run.params["encoder"][0]["W"])
R_map = W_E.T @ P1                               # latent coordinates of the plane's two axes
print(f"|A - R J R^-1| below 1e-5: {bool(np.abs(lin.A - R_map @ sym.J2 @ np.linalg.inv(R_map)).max() < 1e-5)}")

# %% [markdown]
# Before training, the same architecture gives a different picture. So does a model whose latent
# layer is too narrow (one dimension) or of an awkward width (three). The grid below trains one
# linear autoencoder for each latent dimension from 1 to 5 and evaluates both residuals (of the
# affine fit) along the way (it takes about 12 seconds). The table shows, for each latent
# dimension, $\rho_\text{lat}$ before training and after 3000 Adam steps, $\rho_\text{dec}$ after
# training, and the **frequencies of $A$**: the positive imaginary parts of its eigenvalues,
# which should be among the physical $1, 2, 3$ if the latent action is the physical one.

# %%
grid = sym.autoencoder_grid(data, latent_dims=(1, 2, 3, 4, 5), key=jax.random.key(0))
print("latent dim | residual, untrained | residual, trained | decoder consistency | frequencies of A")
for d in grid.latent_dims:
    untrained, trained = grid.at(d, 0), grid.at(d, 3000)
    freqs = ", ".join(f"{w:.2f}" for w in trained.frequencies if w > 1e-3) or "-"
    shown = [f"{v:.2f}" if v >= 0.01 else "< 0.01" for v in (trained.residual, trained.consistency)]
    print(f"{d:10d} | {untrained.residual:18.2f} | {shown[0]:>17} | {shown[1]:>19} | {freqs}")

# %% [markdown]
# The trained models with two and four latent dimensions act linearly (affinely, with the bias
# above): both residuals are below 0.01, and far below in fact (the explorer shows the
# latent-generator residuals falling below $10^{-6}$), with eigenvalues $\pm i$ and $\pm i, \pm 2i$.
# Those with one, three and five dimensions do not: after training their residuals are 1.00, 0.72
# and 0.30, far above the $10^{-6}$ of the even widths. Before training no model acts linearly
# (residuals from 0.18 to 1). For five dimensions training even raises the residual, from 0.18 to
# 0.30: training moves the encoder onto the five directions of largest variance, two whole planes
# and half of the third, and that half plane is what no linear fit can follow. The untrained
# encoder's 0.18 is no sign of a linear action, only a different set of dropped directions. Of the
# trained latent-generator residuals only the 1.00 is fixed by geometry alone: $\rho_\text{lat}$
# changes under a non-orthogonal change of latent coordinates (exercise 1), so 0.72 and 0.30 belong
# to the axes this run happened to find. The decoder consistency does not depend on the latent
# coordinates, and its trained values, 0.58 and 0.36, are what the half-plane argument below gives
# (the last paragraph of the derivation box).
#
# **Why even dimensions?** The reason is representation theory. A linear action of the rotation
# group on a real vector space splits into invariant planes, each turning at an integer frequency
# $k$ {cite}`ch05-cohen2014learning`. A linear encoder trained like PCA keeps the directions of largest
# variance, and here those come in pairs, one plane per harmonic. Two or four latent dimensions
# hold whole planes, so the latent space is invariant and $\dot z$ is a function of $z$. With one
# or three, the latent space contains half of a plane: the velocity points along the missing
# partner direction, which the code has discarded, so no matrix of $z$ can produce it. With one
# dimension this fails completely (residual 1): $\dot z$ is orthogonal to everything $z$ records.
# Untrained encoders read random directions, which mix planes and the unvisited directions.
#
# :::{admonition} Derivation: invariant planes, and why some latent dimensions cannot act linearly
# :class: dropdown
# *Invariant planes.* Let $e^{tK}$ be a linear action of the rotation group $SO(2)$ on
# $\mathbb R^d$: $e^{2\pi K} = \mathbb 1$. Averaging any inner product over the group,
# $\langle x, y\rangle' = \frac1{2\pi}\int_0^{2\pi} (e^{tK}x)^\top e^{tK}y\,dt$, gives one that the action
# preserves, so in an orthonormal basis for it $K$ is antisymmetric. A real antisymmetric matrix is
# block-diagonal in a suitable orthonormal basis, with $2\times2$ blocks $kJ$ and zeros (the real
# form of the spectral theorem for the normal matrix $K$; we skip its proof). Then
# $e^{2\pi kJ} = \mathbb 1$ forces integer $k$. So the space splits into invariant planes turning
# at integer frequencies, and fixed lines. For our data $K$ is already antisymmetric (equation
# {eq}`K`), with frequencies 1, 2, 3 and two fixed directions that the data never visit.
#
# *When can a linear code act linearly?* A linear encoder reads $z = W_E^\top x$ (drop $b_E$,
# which only shifts the origin), and $\dot z = W_E^\top K x$. Let $U$ be the space of data
# directions the code records: the projection of the columns of $W_E$ onto the span of the data.
# Then $\dot z = Az$ for all data requires $W_E^\top K x = A W_E^\top x$, which holds for all $x$ in
# the data span only if $K$ (or $K^\top = -K$) maps $U$ into itself: $U$ must be an
# **invariant subspace**. The invariant subspaces of $K$ within the data span are sums of whole
# planes (the three frequencies differ), so their dimensions are 2, 4 and 6. A PCA encoder
# records the top principal directions, one plane per harmonic in order of variance: with
# $d_z = 2$ or 4 these are whole planes; with $d_z = 1, 3, 5$ the last plane is cut in half.
#
# *The half plane.* If $u$ is a recorded unit vector of the plane of harmonic $k$, its coordinate
# $z_u = u^\top x$ moves with $\dot z_u = u^\top K x = -(Ku)^\top x$, and $Ku$ is the partner
# direction, $k$ times a unit vector orthogonal to $u$ in the same plane. The code does not record
# it, and over our symmetric sample the partner coordinate is uncorrelated with every recorded
# one. So this part of $\dot Z$ is orthogonal to the columns of $Z$, and no matrix can produce it.
#
# *How large?* Take the recorded directions orthonormal (principal axes) and let $v_k$ be the
# variance of one coordinate of harmonic $k$ (printed at the start). The best fit reproduces the
# whole planes exactly and predicts zero for the half plane's coordinate, whose velocity, $k$ times
# the partner coordinate, has variance $k^2v_k$. For three latent dimensions (plane 1 and half of
# plane 2) the residual is $\sqrt{4v_2/(2v_1 + 4v_2)} = 0.58$; for five it is
# $\sqrt{9v_3/(2v_1 + 8v_2 + 9v_3)} = 0.36$; for one, $\sqrt{v_1/v_1} = 1$. Decoding gives a mismatch of the
# same size, so these are also the values of $\rho_\text{dec}$, which exercise 1 shows to be the same
# in every latent coordinate system.
# :::
#
# :::{admonition} Checkpoint
# :class: tip
# Use the last paragraph of the derivation to explain why the one-dimensional model's residual is
# 1.00, not just "large". Then predict: which frequencies would a trained linear model with six
# latent dimensions find, and what would its latent-generator residual be?
#
# ```{dropdown} Answer
# With one latent dimension the code is a single coordinate $z_u$ of the first-harmonic plane, and
# its velocity is the partner coordinate, uncorrelated with $z_u$ over the data. The velocities are
# orthogonal to the codes, so the projection $P\dot Z$ vanishes and $\rho_\text{lat} = 1$ (see the
# least-squares derivation above). Six latent dimensions hold all three planes, the whole span of the
# data: the frequencies are 1, 2 and 3 and the residual is zero up to round-off. (Exercise 2 below
# checks this, and task 5.2 of the practice asks what happens before training.)
# ```
# :::
#
# ## A better reconstruction is not a better representation
#
# A nonlinear autoencoder can do far more with two latent dimensions. The data form a
# two-dimensional sheet (radius and phase), and a network with tanh hidden layers can flatten it.
# Does it also find the linear action? This is a comparison between models, so we use the
# dimensionless **relative reconstruction error** $\epsilon_\text{rec} = \|X - D(E(X))\|_F / \|X\|_F$
# (see the box on the two metrics above), and print the equivalent statement for the MSE, the
# loss both models were trained on. Then the two residuals of each model, and the eigenvalues of
# the nonlinear model's $A$.

# %%
deep = sym.train_autoencoder(data.x, latent_dim=2, key=jax.random.key(0), hidden=(32,), n_steps=3000,
                          learning_rate=3e-3)
nl = sym.latent_generator(sym.encode, deep.params, data.x, data.K, affine=True)
nl_dec = sym.generator_consistency(sym.decode, deep.params, nl.z, nl.A, data.K, b=nl.b)
err_lin, err_nl = sym.reconstruction_error(run.params, data.x), sym.reconstruction_error(deep.params, data.x)
print(f"relative reconstruction error ||X - D(E(X))||_F / ||X||_F: linear {err_lin:.3f}, nonlinear "
      f"{'below 0.03' if err_nl < 0.03 else f'{err_nl:.3f}'} "
      f"(more than 15 times smaller: {bool(err_lin > 15 * err_nl)})")
mse = [float(np.mean((sym.decode(p, sym.encode(p, data.x)) - data.x) ** 2)) for p in (run.params, deep.params)]
x_rms = np.sqrt(np.mean(data.x ** 2))
print(f"root mean square of the data x_rms = {x_rms:.3f}; eps_rec = sqrt(MSE) / x_rms for both: "
      f"{bool(np.allclose(np.sqrt(mse) / x_rms, [err_lin, err_nl], rtol=1e-9))}; "
      f"in MSE the nonlinear model is more than 225 times better: {bool(mse[0] > 225 * mse[1])}")
print(f"latent-generator residual: linear < 1e-4, nonlinear {nl.residual:.2f}")
print(f"decoder consistency:       linear < 1e-3, nonlinear {nl_dec:.2f}")
print(f"eigenvalues of the nonlinear model's A: ±{abs(nl.eigenvalues[0].imag):.2f}i "
      f"(real part {abs(nl.eigenvalues[0].real):.2f}); the physical frequency is 1")

# %% [markdown]
# The nonlinear model reconstructs the data more than fifteen times better (the exact factor
# depends on where Adam stops in this run), yet its latent action is not linear: a residual of
# about 0.1, against less than $10^{-4}$ for the linear model, even though its rotation frequency is close to
# the physical one. Reconstruction only asks the code to be invertible on the data, and any smooth
# distortion of a good code is just as invertible. Nothing in the loss prefers the coordinates in
# which the symmetry is simple. The two residuals are what tell these models apart.
# {numref}`fig-ch05-latent-planes` shows why. It draws each model's codes $z$ in its latent plane,
# the true latent velocities $\dot z = \partial E(x)Kx$ as grey arrows and the best affine fit $Az + b$ as
# red ones. In the linear model's plane each orbit is an ellipse and the velocities turn with it,
# while in the nonlinear one the orbits are bent and the fitted arrows miss.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Latent codes of the 512 data points for the trained linear (left) and nonlinear (right) autoencoders with two latent dimensions, coloured by the oscillator's phase. Grey arrows: the latent velocities from the Jacobian-vector product; red arrows: the best affine fit. On the left the red arrows cover the grey ones (an exactly affine action on concentric ellipses); on the right the orbits are bent and the fit misses.", "name": "fig-ch05-latent-planes"}} tags=["hide-input"]
fig, axes = plt.subplots(1, 2, figsize=(9, 4))
for ax, res, title in ((axes[0], lin, "linear: residual < 1e-4"),
                       (axes[1], nl, f"nonlinear: residual {nl.residual:.2f}")):
    phase = np.arctan2(data.u[:, 1], data.u[:, 0])
    ax.scatter(res.z[:, 0], res.z[:, 1], c=phase, cmap="twilight", s=8)
    every = slice(None, None, 4)
    ax.quiver(res.z[every, 0], res.z[every, 1], res.dz[every, 0], res.dz[every, 1], color=COLORS["grey"],
              angles="xy", width=0.004, alpha=0.8, label=r"$\dot z = \partial E\, K x$")
    fit = res.z[every] @ res.A.T + res.b
    ax.quiver(res.z[every, 0], res.z[every, 1], fit[:, 0], fit[:, 1], color=COLORS["vermillion"],
              angles="xy", width=0.003, alpha=0.8, label=r"$A z + b$ (fit)")
    ax.set(title=title, xlabel="$z_1$", ylabel="$z_2$", aspect="equal")
axes[0].legend(loc="center", fontsize=8)
plt.show()

# %% [markdown]
# Where the red arrows (the best affine fit) cover the grey ones (the true latent velocities), the
# action is linear. Methods that *look for* a latent space in which a group acts linearly add that
# requirement to the loss {cite}`ch05-yang2023latent`. The idea of a "disentangled" representation is
# defined in these terms {cite}`ch05-higgins2018towards`: each symmetry should act on its own few
# latent coordinates, and simply.
#
# ## Explore: latent dimension and training length
#
# The explorer below draws the grid of trained models. Its slider picks the latent dimension.
# Left: the two residuals along training, from the untrained model to 3000 Adam steps (on the
# logarithmic step axis, step 0 is drawn at step 1; the red point marks the end). Right: the eigenvalues of $A$ at the end of
# training, against the physical $\pm ik$ (grey bars). {numref}`fig-ch05-explorer-dims` is the
# website's version, with the slider over the latent dimension: move it and watch dimensions 2 and
# 4 fall by many orders of magnitude once training has found the principal planes, while 1, 3 and
# 5 stay above 0.1 at every step.

# %%
explorer = figures.autoencoder(grid)

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Linear autoencoders with latent dimension 1 to 5 (slider). Left: the latent-generator residual (blue) and the decoder consistency (orange, dashed) along 3000 Adam steps, on logarithmic axes; the red point marks the end of training. Right: the eigenvalues of the fitted A at the end of training, against the physical frequencies (grey bars). Only the even dimensions reach a linear action; the odd ones keep residuals above 0.1 at every step.", "name": "fig-ch05-explorer-dims"}} tags=["hide-input"]
explorer.static()

# %% [markdown]
# {numref}`fig-ch05-explorer-steps` follows the training of the model with two latent dimensions,
# with the slider over the number of Adam steps. After a detour (at 100 steps the residual is 1
# and $A$ barely turns), the residuals fall by orders of magnitude from 300 steps on, and the
# eigenvalues of $A$ settle on $\pm i$.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The linear autoencoder with two latent dimensions, with the slider over the training length (0 to 3000 Adam steps). Left: both residuals along training, the red point at the chosen length; right: the eigenvalues of A at that length. After a detour near 100 steps both residuals fall by orders of magnitude and the eigenvalues settle on the physical pair, plus or minus i.", "name": "fig-ch05-explorer-steps"}} tags=["hide-input"]
explorer.static(control="steps")

# %% [markdown]
# In JupyterLab the live version has both controls:

# %% tags=["remove-output"]
explorer.live(latent_dim=2, steps=3000)

# %% [markdown]
# ## A hidden symmetry: finding the generator from data
#
# So far the symmetry acted linearly on the data, and we handed its generator $K$ to the analysis.
# Both are luxuries. Real sensors respond nonlinearly, and nobody tells us the generator. Take an
# oscillator again, $\ddot q = -\omega^2 q$ with $\omega = 1.5$, and write its state as the scaled
# phase-space point $u = (q, p/\omega)$: it turns clockwise on a circle of radius $r$ at the angular
# frequency $\omega$, and its energy is $\mathcal E = \omega^2 r^2/2$. Six sensors read it through a
# saturating response,
#
# $$
# x = \tanh(W_\text{s} u + c_\text{s}),
# $$ (sensors)
#
# with a random $6\times 2$ matrix $W_\text{s}$ and offsets $c_\text{s}$ (s for sensors). Time evolution now moves the observations
# along $\dot x = (1 - x^2)\odot(W_\text{s}\dot u)$ ($\odot$: component by component), a nonlinear function
# of $x$, so there is no matrix $K$ with $\dot x = Kx$ and the method of the previous sections cannot
# even start. We record 32 orbits ($r$ from 0.3 to 1.2), each sampled at the times
# $0, \Delta t, \dots, 20\,\Delta t$ with $\Delta t = 2\pi/(20\,\omega)$, one full period.
#
# Two measurements show how hidden the symmetry is. First, fit the best affine one-step map
# $x' \approx Mx + b$ to all pairs of consecutive observations, and report its **relative one-step
# error**
#
# $$
# \rho_\text{step} = \frac{\|X' - XM^\top - \mathbf 1 b^\top\|_F}{\|X' - X\|_F},
# $$ (rho-step)
#
# which is 0 for an exactly linear flow and 1 for a fit no better than standing still. Second, ask
# how far a quantity $f$ is from conserved by the **within-orbit fraction** of its variance,
#
# $$
# \eta_\text{orbit}(f) = \frac{\sum_{o,t} (f_{ot} - \bar f_o)^2}{\sum_{o,t} (f_{ot} - \bar f)^2},
# $$ (within-orbit)
#
# with $\bar f_o$ the mean over orbit $o$ and $\bar f$ over all data: 0 for a conserved quantity. Over
# all linear functions $f = a\cdot x$ the least $\eta_\text{orbit}$ is the smallest eigenvalue of the
# generalised problem $B a = \kappa\, T a$, with $B$ the within-orbit and $T$ the total covariance of
# $x$, so we can state it for *every* linear function at once. (For $f = a\cdot x$ the ratio is
# the Rayleigh quotient $a^\top B a / a^\top T a$; setting its gradient in $a$ to zero gives
# $Ba = \kappa Ta$ with $\kappa$ the value of the quotient, so its minimum is the smallest such $\kappa$.)

# %%
obs = sym.sensor_trajectories(key=jax.random.key(0))
raw = sym.fit_generator(obs.x_now, obs.x_next, obs.dt)
best = sym.best_linear_invariant(obs.x[:, :-1])
r2 = np.sum(obs.u[:, :-1] ** 2, axis=-1)                   # energy / (omega^2 / 2), along each orbit
print(f"{obs.x.shape[0]} orbits, {obs.x.shape[1] - 1} steps of dt = {obs.dt:.3f} each, {obs.x.shape[2]} sensors; "
      f"true omega = {obs.omega:.2f}")
print(f"best affine one-step map on the observations: relative one-step error {raw.residual:.2f}")
print(f"within-orbit fraction: energy < 1e-12: {bool(sym.within_orbit_fraction(r2) < 1e-12)}; "
      f"best linear function of the observations {best.fraction:.2f}")

# %% [markdown]
# The best linear map misses a third of each step, and the most nearly conserved linear function of
# the observations still has more than half of its variance along the orbits. The symmetry and
# the conservation law are there, but not in any linear view of the data.
#
# **Linear latent dynamics.** Koopman observed that any flow, however nonlinear, acts *linearly* on
# functions of the state {cite}`ch05-koopman1931hamiltonian`: if $g$ is a function, so is $g$ evaluated
# one step later, and the map between them is linear in $g$. The trick is to find a few functions,
# $z = E(x)$, that this map sends to combinations of themselves, so that
# $z' = Mz + b$ for one matrix $M$. An autoencoder can search for them
# {cite}`ch05-lusch2018deep,ch05-takeishi2017learning`. We train it on pairs $(x, x')$ one step apart, and
# inside the loss we *fit* $M$ and $b$ by least squares to the current codes (the normal equations,
# differentiated through), $\hat Z' = ZM^\top + \mathbf 1 b^\top$:
#
# $$
# \mathcal L = \underbrace{\mathrm{MSE}\big(D(Z), X\big)}_\text{reconstruction}
#   + \underbrace{\mathrm{MSE}\big(D(\hat Z'), X'\big)}_\text{decoded prediction}
#   + \underbrace{\frac{\|Z' - \hat Z'\|_F^2}{\|Z' - Z\|_F^2}}_\text{latent one-step error}.
# $$ (koopman-loss)
#
# The last term is relative to the step, so shrinking the codes does not lower it. No generator
# enters anywhere. After training we read it off: $M = e^{K\Delta t}$, so
# $K = \log(M)/\Delta t$ (the principal matrix logarithm).
#
# :::{admonition} Derivation: $K = \log(M)/\Delta t$, and when it can be trusted
# :class: dropdown
# Suppose the latent flow is linear about a fixed point $c$, $\dot z = K(z - c)$. Then
# $z(t) - c = e^{tK}(z(0) - c)$ (the derivation box on one-parameter groups), so one step gives
# $z' = e^{K\Delta t}z + (\mathbb 1 - e^{K\Delta t})c$: the affine map $z' = Mz + b$ with
#
# $$
# M = e^{K\Delta t}, \qquad b = (\mathbb 1 - M)\,c .
# $$
#
# If $Kv = \lambda v$ then $Mv = e^{\lambda\Delta t}v$: each eigenvalue $\mu$ of $M$ is $e^{\lambda\Delta t}$,
# so $\lambda = \log\mu/\Delta t$, with $\operatorname{Re}\lambda = \ln|\mu|/\Delta t$ and
# $\operatorname{Im}\lambda = \arg\mu/\Delta t$. The complex logarithm is defined only up to
# $2\pi i$, so the frequency is known only up to multiples of $2\pi/\Delta t$. The **principal
# logarithm** takes $\arg\mu \in (-\pi, \pi)$; it exists and is real for a real $M$ with no
# eigenvalue on the closed negative real axis (we skip the proof, see {cite}`ch05-higham2008functions`,
# Theorem 1.31). It returns the true $K$ when $|\operatorname{Im}\lambda|\,\Delta t < \pi$: more
# than two samples per period, the Nyquist condition. Here $\omega\Delta t = 2\pi/20$, far inside.
# The fixed point is $c = (\mathbb 1 - M)^{-1}b$.
# :::
#
# Three networks (two tanh layers of 16, two latent dimensions) train at once from three random
# initialisations (three seeds of the random-number generator), each for 1500 full-batch Adam steps
# (every step uses all the pairs). The cell prints, for each model: the reconstruction term of the
# loss (an MSE, the training metric of the box above); the latent one-step error
# $\rho_\text{step}$ of equation {eq}`rho-step`, computed on the codes $Z, Z'$ instead of the
# observations; the frequency $\omega = \operatorname{Im}\lambda$ of $K$ with the ratio of its real
# to its imaginary part; how far $K$ is from antisymmetric, as the ratio of the Frobenius norms of
# its symmetric part $(K + K^\top)/2$ and antisymmetric part $(K - K^\top)/2$; and $K$ in the
# rotation frame defined after the cell.

# %%
koop = sym.train_koopman_autoencoder(obs.x_now, obs.x_next, key=jax.random.key(1), n_steps=1500)
models = [koop.model(i) for i in range(koop.n_models)]
found = [sym.fit_generator(sym.encode(p, obs.x_now), sym.encode(p, obs.x_next), obs.dt) for p in models]
lam = [g.eigenvalues[-1] for g in found]                   # sigma + i omega, the eigenvalue of positive imaginary part
# the three training runs end at slightly different minima (2e-4 to 2e-3, latent errors 0.015 to 0.03 when the
# last bits of the arithmetic change): the bounds below hold for all of them
print(f"{koop.n_models} models; reconstruction mean squared error per component below 1e-2 in each: "
      f"{bool(np.all(koop.reconstruction[:, -1] < 1e-2))}")
print(f"latent relative one-step error below 0.05 in each: {bool(max(g.residual for g in found) < 0.05)} "
      f"(observations: {raw.residual:.2f})")
print(f"omega found: {', '.join(f'{g.frequency:.2f}' for g in found)} (true {obs.omega:.2f}); "
      f"|Re lambda| / omega below 1e-2 in each: {bool(max(abs(w.real) / w.imag for w in lam) < 1e-2)}")
sym_ratio = [np.linalg.norm(g.K + g.K.T) / np.linalg.norm(g.K - g.K.T) for g in found]
# (whether every one of the three models is far from antisymmetric depends on its training run: we ask for one)
print(f"K in the latent coordinates: |symmetric part| / |antisymmetric part| above 0.3 in at least one model: "
      f"{bool(max(sym_ratio) > 0.3)}")
print("K in its rotation frame, model 0:", np.array2string(np.round(found[0].plane_block, 2) + 0.0, separator=", ")
      .replace("\n", ""))

# %% [markdown]
# Every model finds the oscillator's frequency, $\omega = 1.50$ to two digits, from nothing but
# consecutive observations, and the real parts of the eigenvalues of $K$, which would make orbits
# spiral, are below one percent of $\omega$. How much of this is found? Each orbit is sampled at exactly 20 steps
# per period, so a linear latent map that closes the orbits must satisfy $M^{20} = 1$: once the
# latent error is small, the frequency is the measured period, $2\pi/(20\,\Delta t)$. What the
# networks find beyond it, without being told, is that a *linear* latent map exists at all, its
# rotational form, and the invariant below. The latent one-step error is several times (about ten times)
# smaller than that of the best linear map on the observations. Is $K$ a rotation generator? In the
# network's own latent coordinates it need not be antisymmetric (in at least one of the models its
# symmetric part is comparable to its antisymmetric part), for the same reason that $A$ was not $J$ before: the latent axes are an
# arbitrary linear image of the rotation plane. Take instead the basis $(\operatorname{Re} v,
# \operatorname{Im} v)$ of the eigenvector $v$ of $K$ with eigenvalue $\lambda = \sigma + i\omega$. Since
# $Kv = (\sigma + i\omega)v$, in that basis
#
# $$
# K = \begin{pmatrix} \sigma & \omega \\ -\omega & \sigma \end{pmatrix} = \sigma\,\mathbb 1 - \omega J,
# $$ (rotation-frame)
#
# an antisymmetric rotation generator plus $\sigma\,\mathbb 1$, whose norm relative to the antisymmetric
# part is exactly $|\sigma|/\omega$, below $10^{-2}$ here. (The turning sense in latent space depends
# on the encoder's orientation, which a reflection flips; the frequency does not.) To see the
# matrix, split $Kv = \lambda v$ into real and imaginary parts:
# $K\operatorname{Re}v = \sigma\operatorname{Re}v - \omega\operatorname{Im}v$ and
# $K\operatorname{Im}v = \omega\operatorname{Re}v + \sigma\operatorname{Im}v$; these are the two columns
# of equation {eq}`rotation-frame`.
#
# :::{admonition} Checkpoint
# :class: tip
# Suppose the orbits had been sampled with a step $\Delta t$ such that the oscillator turns by
# $1.2\pi$ per step (1.2 half-turns), and the latent map were still learned exactly. What frequency
# would $K = \log(M)/\Delta t$ report, and could the networks tell?
#
# ```{dropdown} Answer
# The eigenvalue of $M$ is $e^{1.2\pi i}$, whose principal argument is $1.2\pi - 2\pi = -0.8\pi$. The
# principal logarithm reports $|\omega| = 0.8\pi/\Delta t$, two thirds of the true $1.2\pi/\Delta t$,
# turning the other way. Nothing in the pairs $(x, x')$ distinguishes the two: both generators
# give the same one-step map. Only a finer sampling ($\omega\Delta t < \pi$) removes the ambiguity.
# ```
# :::
#
# **The conserved quantity.** A linear flow has its own conserved quantity. Let $w^\top$ be the
# left eigenvector of $K$ with eigenvalue $\lambda = \sigma + i\omega$, $w^\top K = \lambda w^\top$, and
# $\varphi(z) = w^\top(z - c)$, with $c$ the fixed point of the latent map. Then
# $\dot\varphi = w^\top K(z - c) = \lambda\varphi$, so $\varphi(t) = e^{\lambda t}\varphi(0)$: a
# function of the state that the flow only multiplies by $e^{\lambda t}$ is called a **Koopman
# eigenfunction**. Its modulus obeys
#
# $$
# \frac{d}{dt}|\varphi|^2 = 2\sigma\,|\varphi|^2 .
# $$ (koopman-invariant)
#
# For $\sigma = 0$, $|\varphi|^2$ is conserved: it is the radius squared in the rotation frame, the
# action variable of the latent rotation (up to a constant), while $\arg\varphi$ is its angle. Nobody told
# the network about energy; does $|\varphi(E(x))|^2$ behave like it? We measure its within-orbit
# fraction, check that it orders the orbits as the energy does (the Spearman rank correlation of
# its orbit means with $r^2$: the correlation coefficient of their ranks, $1$ when one increases
# whenever the other does, whatever the shape of the relation), and decode the found generator:
# the decoder should turn the latent velocity $K(z - c)$ into the true velocity of the
# observations, $\partial D(z)\,K(z - c) \approx \dot x$, one `jax.jvp` per point, compared by the
# relative error $\|\partial D(Z)K(Z - c) - \dot X\|_F/\|\dot X\|_F$ over the data set.

# %%
xs = obs.x[:, :-1]                                          # one period per orbit, no repeated point
codes = [np.asarray(sym.encode(p, xs)) for p in models]
phi2 = [g.invariant(z) for g, z in zip(found, codes)]
within = [sym.within_orbit_fraction(f) for f in phi2]
rank = [scipy.stats.spearmanr(f.mean(1), r2[:, 0]).statistic for f in phi2]
velocity = obs.velocity[:, :-1].reshape(-1, obs.x.shape[-1])
vel_err = [np.linalg.norm(sym.decoded_velocity(sym.decode, p, z.reshape(-1, 2), g) - velocity)
           / np.linalg.norm(velocity)
           for p, z, g in zip(models, codes, found)]
print(f"within-orbit fraction of |phi(E(x))|^2: below 0.02 in each model: {bool(max(within) < 0.02)} "
      f"(best linear function of x: {best.fraction:.2f}; energy: < 1e-12)")
print(f"rank correlation of its orbit means with the energy above 0.95 in each: {bool(min(rank) > 0.95)}")
print(f"decoded generator, relative error of dD(z) K (z - c) against the true dx/dt: below 0.2 in each: "
      f"{bool(max(vel_err) < 0.2)}")

# %% [markdown]
# {numref}`fig-ch05-sensors` compares three views of six orbits: the raw sensors, the codes in
# the rotation frame of the found $K$, and the two candidate invariants along each orbit.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Six orbits of the tanh-sensed oscillator, coloured by energy from low (dark) to high (light). Left: two of the six sensor readings. Middle: the codes of model 0 in the rotation frame of its generator K. Right: along each orbit, the standardised invariant |phi|^2 (solid) and the most nearly conserved linear function of the sensors (dashed). The codes turn on near-circles and |phi|^2 stays at one level per orbit; no linear function of the sensors does.", "name": "fig-ch05-sensors"}} tags=["hide-input"]
fig, axes = plt.subplots(1, 3, figsize=(12, 3.6))
shown = np.argsort(r2[:, 0])[::6]                           # a few orbits, from low to high energy
colors = plt.cm.viridis(np.linspace(0, 0.9, len(shown)))
frame = found[0].plane_coordinates(codes[0])
phi_std = (phi2[0] - phi2[0].mean()) / phi2[0].std()
lin = xs @ best.weights
lin_std = (lin - lin.mean()) / lin.std()
t = np.arange(xs.shape[1]) * obs.dt
for o, col in zip(shown, colors):
    axes[0].plot(*np.vstack([xs[o, :, :2], xs[o, :1, :2]]).T, color=col, marker=".", ms=3)
    axes[1].plot(*np.vstack([frame[o], frame[o, :1]]).T, color=col, marker=".", ms=3)
    axes[2].plot(t, phi_std[o], color=col)
    axes[2].plot(t, lin_std[o], color=col, ls="--", lw=1)
axes[0].set(title="two of the six sensors", xlabel="$x_1$", ylabel="$x_2$")
axes[1].set(title="model 0: latent codes, rotation frame", xlabel=r"$\mathrm{Re}\,v$-coordinate",
            ylabel=r"$\mathrm{Im}\,v$-coordinate", aspect="equal")
axes[2].set(title=r"along each orbit (standardised)", xlabel="$t$",
            ylabel=r"$|\varphi|^2$ (solid), best $a\cdot x$ (dashed)")
plt.show()

# %% [markdown]
# In {numref}`fig-ch05-sensors`, left: in the sensors' space the
# orbits are off-centre loops, squashed against the saturation at $\pm 1$, and their shapes change
# with the energy; no linear map turns one point of an orbit into the next. Middle: the codes of the
# same orbits, in the rotation frame of the found $K$, are nearly circles about the fixed point,
# larger for higher energy: the encoder has undone the sensors' nonlinearity as far as the
# dynamics is concerned. Right: along each orbit, $|\varphi|^2$ (solid) stays nearly at its own
# level, a different level per energy, while the most nearly conserved linear function of the
# sensors (dashed) swings over a range comparable to the differences between orbits.
#
# Two limits are worth stating. $|\varphi|^2$ is conserved to within a within-orbit fraction below
# 2 % of its variance, not exactly: the latent dynamics is linear only to the training error, and the
# small $\sigma$ lets it drift. And the decoded velocity's relative error is below 20 % but not
# small: the decoder was trained on values, not on derivatives, and its Jacobian is less constrained than its
# output. What the method delivers without being told is the frequency, the rotational form of
# the generator and an invariant that orders the orbits by energy; that the invariant *is* the
# energy (up to a monotone function) is then a hypothesis to test, as here, against the physics.

# %% [markdown]
# ## What to remember
#
# - A continuous symmetry $x \mapsto e^{tK}x$ moves data along $Kx$. The encoder carries this into
#   latent space as $\dot z = \partial E(x)Kx$, one `jax.jvp` per point, exact to round-off.
# - The symmetry acts linearly in latent space when one matrix fits $\dot z = Az$ (residual
#   $\rho_\text{lat} \approx 0$). It is the physical action when the decoder maps $Az$ back onto
#   $K\,D(z)$ ($\rho_\text{dec} \approx 0$). The spectrum of $A$ then reproduces part of the
#   spectrum of $K$.
# - A trained linear autoencoder is PCA. Its latent action is linear exactly when the latent
#   space holds whole invariant planes of the rotation, which is representation theory at work.
#   Latent spaces holding half of a plane fail both tests; so do untrained models whose latent
#   space does not hold whole planes.
# - Better reconstruction does not imply a simpler symmetry: a nonlinear autoencoder beats the
#   linear one more than fifteen times in relative reconstruction error and fails the linearity
#   test. To get a linear latent action, ask for it (next point).
# - When the symmetry acts nonlinearly on the observations and nobody supplies its generator, ask
#   for linear latent dynamics: fit $z' = Mz + b$ inside the loss, then read off $K = \log(M)/\Delta t$.
#   On a tanh-sensed oscillator every model finds $\omega = 1.50$ and a rotation generator, and the
#   modulus of its Koopman eigenfunction, $|\varphi|^2$, is nearly conserved where no linear function of the
#   observations comes close.
# - Noether's theorem needs a symmetry of the action. A damped oscillator's equations are
#   time-translation invariant, yet its energy decays: a conserved quantity is to be checked, not
#   assumed.
#
# ## Exercises
#
# 1. **Change of latent coordinates.** Replace the encoder by $\tilde E = RE$ and the decoder by
#    $\tilde D = D\circ R^{-1}$, with $R$ an invertible $d_z\times d_z$ matrix. The reconstructions
#    are unchanged. How do the fitted $A$, its eigenvalues, $\rho_\text{lat}$ and $\rho_\text{dec}$
#    change?
#
#    ```{dropdown} Answer
#    The codes and velocities become $\tilde z = Rz$, $\dot{\tilde z} = R\dot z$, so $\dot z = Az$
#    holds exactly when $\dot{\tilde z} = RAR^{-1}\tilde z$. The least-squares fit transforms the
#    same way, exact or not: in matrix form $\tilde Z = ZR^\top$ and $\dot{\tilde Z} = \dot ZR^\top$,
#    and the normal equations give $\tilde A^\top = R^{-\top}(Z^\top Z)^{-1}Z^\top\dot Z R^\top$, so
#    $\tilde A = RAR^{-1}$ (and $\tilde b = Rb$ for the affine fit). The eigenvalues are the same,
#    which is why the chapter compares spectra, never matrices. $\rho_\text{lat}$ is 0 (or 1) for one
#    if and only if for the other, but otherwise not invariant: the Frobenius norm weights latent
#    directions differently after a non-orthogonal $R$. $\rho_\text{dec}$ is invariant:
#    $\partial\tilde D(\tilde z)\tilde A\tilde z = \partial D(z)R^{-1}\,RAR^{-1}\,Rz = \partial D(z)Az$,
#    and $\tilde D(\tilde z) = D(z)$.
#    ```
#
# 2. **Six and seven latent dimensions (computational).** Train linear autoencoders with
#    `latent_dim=6` and `latent_dim=7` (`sym.train_autoencoder(data.x, 6, key=jax.random.key(0),
#    n_steps=3000)`), fit the affine latent action with `sym.latent_generator(..., affine=True)`, and
#    print the eigenvalues of $A$ and $\rho_\text{lat}$. Before running, predict both. Explain the
#    extra eigenvalue that appears with seven.
#
#    ```{dropdown} Answer
#    With six, $\rho_\text{lat}$ is zero to round-off ($\sim 10^{-15}$) and the eigenvalues are
#    $\pm i, \pm 2i, \pm 3i$: the latent space holds all three planes, the whole span of the data.
#    With seven the same, plus an eigenvalue $0$: the codes lie in a six-dimensional affine subspace of
#    the seven-dimensional latent space, so the data say nothing about how $A$ acts across it, and
#    `lstsq` returns the minimum-norm solution (of all matrices that fit equally well, the one with
#    the smallest Frobenius norm), which sends that direction to zero.
#    ```
#
# 3. **The time-dependent invariant (computational).** With the chapter's `motion(0.0, 0.2)`
#    (rows $q$, $\dot q$ at the times $t = 0, 0.1, \dots, 20$), evaluate
#    $I = e^{\gamma t}[(\dot q + \tfrac\gamma2 q)^2 + (\omega^2 - \tfrac{\gamma^2}{4})q^2]$ and its largest
#    relative change along the motion. Which symmetry of which action does Noether's theorem
#    attach it to, in one sentence?
#
#    ````{dropdown} Answer
#    ```python
#    y = motion(0.0, 0.2); t = np.linspace(0, 20, 201); g = 0.2
#    I = np.exp(g * t) * ((y[1] + g / 2 * y[0]) ** 2 + (1 - g**2 / 4) * y[0] ** 2)
#    print(np.abs(I / I[0] - 1).max())     # below 1e-9: the integrator's accuracy
#    ```
#    $I$ is constant to the integrator's accuracy while $\mathcal E$ falls by a factor $e^{-4}$. In the
#    variable $\tilde q = e^{\gamma t/2}q$ the Caldirola–Kanai Lagrangian becomes
#    $\tfrac12\dot{\tilde q}^2 - \tfrac12\Omega^2 \tilde q^2 - \tfrac{\gamma}{4}\tfrac{d}{dt}\tilde q^2$, with
#    $\Omega^2 = \omega^2 - \gamma^2/4$: an undamped oscillator plus a total derivative, which does not
#    change the equations. Its action is invariant under a shift of time at fixed $\tilde q$, that is, a
#    shift of $t$ combined with a rescaling of $q$ by $e^{\gamma\epsilon/2}$. The Noether charge is
#    the energy of $\tilde q$, $\tfrac12\dot{\tilde q}^2 + \tfrac12\Omega^2\tilde q^2 = I/2$.
#    ````
#
# 4. **Why a relative latent error?** The Koopman loss {eq}`koopman-loss` divides the latent
#    one-step error by $\|Z' - Z\|_F^2$. What would the networks do if it were the absolute error
#    $\|Z' - \hat Z'\|_F^2$?
#
#    ```{dropdown} Answer
#    Shrink the codes. Multiplying the encoder's output by a small factor $s$ and the decoder's
#    first weights by $1/s$ leaves both reconstruction terms unchanged and multiplies the absolute
#    latent error by $s^2$, so the loss can be lowered without making the dynamics any more
#    linear. The ratio is unchanged by this rescaling ($Z$, $Z'$, $\hat Z'$ all scale by $s$), so
#    only a genuinely more linear latent map lowers it.
#    ```
#
# ## Further reading
#
# - E. Noether, *Invariante Variationsprobleme* {cite}`ch05-noether1918invariante`: the theorem, with
#   its hypothesis (invariance of the action) stated precisely; short, and worth reading in a
#   translation.
# - H. Goldstein, C. Poole and J. Safko, *Classical Mechanics* {cite}`ch05-goldstein2002classical`:
#   the energy function and conservation theorems (§2.7) and Noether's theorem for fields (§13.7),
#   the textbook route to the derivation box above.
# - P. Baldi and K. Hornik {cite}`ch05-baldi1989neural`: why a linear autoencoder trained on squared
#   error finds the principal subspace, the fact behind this chapter's even dimensions.
# - T. Cohen and M. Welling {cite}`ch05-cohen2014learning`: learning a representation in which a
#   commutative group acts through its irreducible (two-dimensional, rotation) blocks, the
#   representation theory of this chapter turned into a training objective.
# - B. Lusch, J. N. Kutz and S. Brunton {cite}`ch05-lusch2018deep`: the deep Koopman autoencoder that
#   the last section simplifies; and the review by Brunton, Budišić, Kaiser and Kutz
#   {cite}`ch05-brunton2022modern` for the theory of Koopman operators, eigenfunctions and their
#   invariants.
# - N. J. Higham, *Functions of Matrices* {cite}`ch05-higham2008functions`: the matrix exponential and
#   logarithm, including when a real matrix has a real principal logarithm (Theorem 1.31).
#
# **Practice:** [Practice 5: uncovering hidden symmetries](../exercises/ch05_practice.ipynb): write the latent generator fit, predict what an
# untrained autoencoder does, find which latent dimensions act linearly on new data, explain an
# eigenvalue zero, and derive what a Koopman fit of a damped oscillator must find.
#
# ```{bibliography}
# :filter: docname in docnames
# :keyprefix: ch05-
# ```
