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
# (ch-landscape-topology)=
# # The topology of high-dimensional landscapes
#
# ```{admonition} At a glance
# :class: tip
# **You will learn to** classify critical points by their Hessian spectrum; explain with random
# matrices why, in many dimensions, almost every critical point is a saddle; find the critical points
# of a small network and relate their index to their loss; and show, with the stable manifold
# theorem and experiments, why gradient descent is not trapped by strict saddles.
#
# **Prerequisites:** {ref}`ch-loss-landscapes`; eigenvalues of symmetric matrices; a little
# probability (Gaussian integrals, Monte Carlo estimates and their standard errors). The network of
# the third section is the small multilayer perceptron of the primer ({ref}`primer-mlp`), trained on
# a squared-error loss ({ref}`primer-loss`).
#
# **Time to read:** about 45 minutes. **Time to run:** about 20 seconds on a 2-core laptop CPU. **Practice:** [Practice 2: the topology of high-dimensional landscapes](../exercises/ch02_practice.ipynb).
# ```
#
# In two dimensions a landscape is hills and valleys, and the worry is getting stuck in the wrong
# valley. In a million dimensions the geometry is different, and the worry moves elsewhere.
#
# Chemists and condensed-matter physicists know this already. A protein or a glass has a
# potential energy surface over thousands of coordinates; its *minima* are the stable structures,
# and the *saddles* between them are the transition states that set the rates of reactions. The
# loss of a neural network is such a surface over its parameters $\theta$ (chapter 1's picture:
# the loss is a potential energy and training is motion in it). This chapter asks what the
# stationary points of such a surface look like when the dimension is large, and whether they stop
# the descent. The answer comes in three steps: the Hessian classifies each stationary point
# (section 1); in many dimensions almost all of them are saddles, for a reason that is one of the
# classic results of random-matrix theory (section 2); and saddles slow gradient descent down but
# do not stop it (section 4). Section 3 checks the picture on a network small enough that we can
# find its critical points exactly.
#
# **Notation.** $E(\theta)$ is a loss over $n$ parameters $\theta \in \mathbb R^n$, $\nabla E$ its
# gradient and $H = \nabla^2 E$ its Hessian, the $n\times n$ symmetric matrix of second derivatives
# $H_{ij} = \partial^2 E/\partial\theta_i\partial\theta_j$, with eigenvalues $\lambda_1 \le \dots
# \le \lambda_n$. Gradient descent ({ref}`primer-optimisers`) is the iteration
# $\theta_{k+1} = \theta_k - \alpha\nabla E(\theta_k)$: $k$ counts steps and $\alpha > 0$ is the
# **step size** (the learning rate of chapter 1). The code below uses JAX's automatic derivatives
# ({ref}`primer-autodiff`) for gradients and Hessians.

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
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

from physml import landscape as L
from physml.interactives import landscape as figures
from physml.style import COLORS

# %% [markdown]
# ## Critical points and their Hessians
#
# A **critical point** (or stationary point) is a $\theta^\ast$ where the gradient vanishes,
# $\nabla E(\theta^\ast) = 0$. Gradient descent stops there, whatever the point is: the step
# $-\alpha\nabla E$ is zero. Whether the point is a place to *stay* depends on the curvature. To
# second order the landscape near $\theta^\ast$ is
#
# $$
# E(\theta^\ast + \delta) \approx E(\theta^\ast) + \tfrac12 \delta^\top H \delta
# = E(\theta^\ast) + \tfrac12\sum_{i=1}^n \lambda_i\, u_i^2 ,
# \qquad u = Q^\top\delta ,
# $$ (normal-modes)
#
# where $H = Q\Lambda Q^\top$ is the eigendecomposition of the Hessian at $\theta^\ast$ (the columns
# $q_i$ of the orthogonal matrix $Q$ are the eigenvectors, $\Lambda$ the diagonal of eigenvalues). In the
# eigenbasis the landscape is a sum of independent parabolas $\tfrac12\lambda_i u_i^2$, the
# **normal modes** of the critical point, exactly as for small oscillations about an equilibrium in
# mechanics.
#
# :::{admonition} Derivation: the second-order test
# :class: dropdown
# Taylor's theorem for a twice continuously differentiable $E$ gives
# $E(\theta^\ast + \delta) = E(\theta^\ast) + \nabla E(\theta^\ast)^\top\delta + \tfrac12\delta^\top H\delta
# + o(\lVert\delta\rVert^2)$, and the linear term vanishes at a critical point. $H$ is real and
# symmetric, so (spectral theorem) $H = Q\Lambda Q^\top$ with $Q$ orthogonal and $\Lambda$ the diagonal
# of eigenvalues. With $u = Q^\top\delta$, $\delta^\top H\delta = u^\top\Lambda u = \sum_i\lambda_i u_i^2$,
# and $\lVert u\rVert = \lVert\delta\rVert$. If every $\lambda_i > 0$, the quadratic form is at least
# $\lambda_1\lVert\delta\rVert^2$, which beats the $o(\lVert\delta\rVert^2)$ remainder for small
# $\delta$: $E$ rises in every direction, a strict local minimum. If every $\lambda_i < 0$ the same
# argument gives a maximum. If $\lambda_i < 0 < \lambda_j$, moving along eigenvector $q_i$ lowers $E$
# and along $q_j$ raises it: a saddle. If some $\lambda_i = 0$ and the nonzero eigenvalues all have one
# sign, the quadratic form is flat along $q_i$ and the sign of $E - E(\theta^\ast)$ there is decided by
# the remainder, i.e. by third or higher derivatives: the test is silent. (With nonzero eigenvalues of
# both signs the point is still a saddle, zero eigenvalue or not.)
# :::
#
# All $\lambda_i > 0$ make a **minimum**, all $\lambda_i < 0$ a **maximum**, mixed signs a
# **saddle**, and a zero eigenvalue with no pair of nonzero eigenvalues of opposite signs leaves the
# second-order test undecided (**degenerate**). By convention, {func}`physml.landscape.critical_point_type`
# and practice task 2.1 label *every* point with a zero eigenvalue "degenerate". The
# **index** is the number of negative eigenvalues, the number of independent directions that lead
# downhill (Morse theory's definition {cite}`ch02-milnor1963morse`): a minimum has index 0, a maximum
# index $n$, a saddle anything in between. {cite:t}`ch02-dauphin2014identifying` use the *fraction* of
# negative eigenvalues, the index divided by $n$, so that networks of different sizes compare; we
# will print both. {func}`physml.landscape.critical_point_type` does the classification.
#
# Our model landscape has one saddle and two minima:
#
# $$
# f(x, y) = \frac{x^2}{2} + \frac{y^4}{4} - \frac{y^2}{2}.
# $$ (strict-saddle)
#
# Its gradient is $(x,\ y^3 - y)$, which vanishes at $(0, 0)$ and $(0, \pm1)$, and its Hessian is
# $\mathrm{diag}(1,\ 3y^2 - 1)$: eigenvalues $1, -1$ at the origin (a saddle of index 1) and $1, 2$
# at $(0, \pm 1)$ (minima). The cell checks this with JAX's Hessian, and then classifies a point
# where the test is silent: the "monkey saddle" $x^3 - 3xy^2$, whose Hessian at the origin is zero.

# %%
hess_f = jax.hessian(L.strict_saddle)
for point in [(0.0, 0.0), (0.0, 1.0), (0.0, -1.0)]:
    h = hess_f(jnp.array(point))
    print(f"{point}: eigenvalues {np.linalg.eigvalsh(h)}, gradient "
          f"{np.abs(jax.grad(L.strict_saddle)(jnp.array(point))).max():.0e} -> {L.critical_point_type(h)}")


def monkey(th):
    """A "monkey saddle": zero Hessian at the origin, three ways down and three ways up."""
    return th[0] ** 3 - 3 * th[0] * th[1] ** 2


print(f"monkey saddle at the origin -> {L.critical_point_type(jax.hessian(monkey)(jnp.zeros(2)))}")

# %% [markdown]
# The monkey saddle is a saddle (along the $x$ axis it is $x^3$, which falls to one side), but its
# Hessian cannot tell: "degenerate" means *the second-order test has nothing to say here*, not "no
# saddle".
#
# :::{admonition} Checkpoint
# :class: tip
# The Hessian $\begin{pmatrix} 1 & 2 \\ 2 & 1\end{pmatrix}$ has a positive diagonal: the landscape
# curves upward along both coordinate axes. Is the critical point a minimum?
#
# ```{dropdown} Answer
# No. Its eigenvalues are $1 + 2 = 3$ (eigenvector $(1, 1)/\sqrt2$) and $1 - 2 = -1$ (eigenvector
# $(1, -1)/\sqrt2$): a saddle of index 1. Along the diagonal direction $(1, -1)$ the landscape falls,
# $\tfrac12\delta^\top H\delta = -\lVert\delta\rVert^2/2$. The diagonal entries are the curvatures along
# the coordinate axes only; the off-diagonal coupling can create a downhill direction between them.
# Always classify by the eigenvalues.
# ```
# :::
#
# ## Why almost every critical point is a saddle
#
# A minimum needs *all* $n$ curvatures positive at once. A first guess: if each of the $n$
# eigenvalues were positive or negative by an independent coin flip, a critical point would be a
# minimum with probability $2^{-n}$ and a maximum with probability $2^{-n}$, so it would be
# **definite** (all eigenvalues of one sign) with probability $2 \cdot 2^{-n} = 2^{1-n}$. That
# already makes extrema exponentially rare. For the Hessians of random landscapes the truth is far
# more extreme, because eigenvalues are *not* independent: they repel one another, and pushing all
# $n$ of them to one side of zero costs a probability of order $e^{-\zeta n^2}$, with a constant
# $\zeta > 0$
# {cite}`ch02-bray2007statistics,ch02-dean2006large`.
#
# As a model of "the Hessian at a random critical point" we take the **Gaussian orthogonal
# ensemble** (GOE) {cite}`ch02-mehta2004random`: $M = (G + G^\top)/2$ with all $G_{ij}$ independent standard
# normal numbers. $M$ is symmetric, its diagonal entries have variance 1 and its off-diagonal ones
# variance $1/2$, and its statistics do not change under rotations $M \to O M O^\top$: no direction
# is special. (Real loss Hessians are not GOE matrices, but the mechanism, repulsion between
# eigenvalues, is generic; {cite:t}`ch02-bray2007statistics` derive it for Gaussian random landscapes.)
#
# For $n = 2$ the probability is known in closed form, $P_2 = 1 - 1/\sqrt2 \approx 0.293$, well
# below the coin flip's $1/2$. The derivation shows where the repulsion comes from: the two
# eigenvalues are the mean of the diagonal plus or minus a radius, and the off-diagonal entry
# only ever *widens* the radius.
#
# :::{admonition} Derivation: a 2×2 GOE matrix is definite with probability $1 - 1/\sqrt2$
# :class: dropdown
# Write $M = \begin{pmatrix} a & b \\ b & c\end{pmatrix}$ with $a, c \sim \mathcal N(0, 1)$ and
# $b = (G_{12} + G_{21})/2 \sim \mathcal N(0, \tfrac12)$, all independent. Its eigenvalues are
# $\lambda_\pm = s \pm \rho$ with the mean $s = (a + c)/2$ and the radius $\rho = \sqrt{d^2 + b^2}$,
# $d = (a - c)/2$. Both have one sign exactly when $|s| > \rho$, i.e. $s^2 > d^2 + b^2$.
#
# Now $s$ and $d$ are uncorrelated Gaussians (their covariance is $(\mathrm{var}\,a - \mathrm{var}\,c)/4 = 0$),
# hence independent, each with variance $\tfrac12$, like $b$. Scale everything by $\sqrt2$: with
# $z, u, v$ independent standard normal the condition reads $z^2 > u^2 + v^2 = R^2$. The squared
# radius $R^2$ of a two-dimensional standard Gaussian is exponentially distributed,
# $P(R^2 < t) = 1 - e^{-t/2}$. So
#
# $$
# P_2 = \mathbb E_z\bigl[1 - e^{-z^2/2}\bigr] = 1 - \int\frac{e^{-z^2/2}}{\sqrt{2\pi}}\,e^{-z^2/2}\,dz
# = 1 - \frac{1}{\sqrt2}.
# $$
#
# The coin flip would be the same calculation with $b = 0$: then the condition $s^2 > d^2$ means
# $a$ and $c$ have the same sign, probability $\tfrac12$. The off-diagonal coupling $b$ adds to the
# radius and pushes the two eigenvalues apart: that is the repulsion.
# :::
#
# For larger $n$ the joint density of the GOE eigenvalues is known exactly
# {cite}`ch02-mehta2004random`:
#
# $$
# p(\lambda_1, \dots, \lambda_n) \propto \prod_{i<j}|\lambda_i - \lambda_j|\;
# e^{-\sum_i\lambda_i^2/2}
# = e^{-\Phi}, \qquad \Phi = \sum_i \frac{\lambda_i^2}{2} - \sum_{i<j}\ln|\lambda_i - \lambda_j| .
# $$ (goe-density)
#
# Read $\Phi$ as the energy of $n$ charges on a line, held by a harmonic well and repelling each other
# through a logarithmic pair potential (the two-dimensional Coulomb interaction, whose force falls
# off as one over the distance): a **Coulomb gas**. The factor
# $|\lambda_i - \lambda_j|$, the Jacobian of the change of variables from matrix entries to eigenvalues
# and eigenvectors, vanishes when two eigenvalues meet: that is the repulsion, and it is what the
# coin flip ignores.
#
# :::{admonition} Where $e^{-\zeta n^2}$ comes from (cited, one step skipped)
# :class: dropdown
# In the typical configuration the $n$ charges spread over Wigner's semicircle, a density proportional
# to $\sqrt{2n - \lambda^2}$ on $|\lambda| \le \sqrt{2n}$,
# half of them negative. Making the matrix positive definite means pushing all $n$ charges to
# $\lambda > 0$, against a hard wall at zero. The energy $\Phi$ has $n(n-1)/2 \sim n^2/2$ pair terms and
# $n$ well terms of size $\lambda^2 \sim n$, so a rearrangement of all the charges changes $\Phi$ by an
# amount of order $n^2$, and the probability $e^{-\Delta\Phi}$ falls like $e^{-\zeta n^2}$.
# {cite:t}`ch02-dean2006large` computed the constant, $\zeta = (\ln 3)/4 \approx 0.27$ for the GOE (they call
# it $\theta$; here $\theta$ is the parameter vector).
# **The step we skip** is theirs: solving for the equilibrium density of the charges pressed against
# the wall (a singular integral equation) and evaluating $\Delta\Phi$ at it.
# :::
#
# {func}`physml.landscape.prob_definite` estimates the probability $p_n$ that an $n\times n$ GOE
# matrix is definite by Monte Carlo, with its standard error; each column below is printed with the
# digits that error allows (a small formatting helper, `to_error`, sits in a hidden cell). The columns are the coin flip $2^{1-n}$, the estimate $p_n$, their
# ratio, and two ways of scaling $-\ln p_n$ that tell an exponential decay ($-\ln p_n/n$ levels off)
# from a Gaussian one ($-\ln(p_n/2)/n^2$ levels off; the 2 counts the two signs).

# %% tags=["hide-cell"]
def to_error(x, dx):
    """x with as many digits as its standard error dx allows (down to dx's leading digit)."""
    lead = int(np.floor(np.log10(dx)))
    if abs(x) >= 1e-2:
        return f"{x:.{max(-lead, 0)}f}"
    return f"{x:.{max(int(np.floor(np.log10(abs(x)))) - lead, 0)}e}"


# %%
key = jax.random.key(2024)
print(f"n = 2, exact 1 - 1/sqrt(2) = {1 - 1 / np.sqrt(2):.4f}")
print(" n   coin flip 2^(1-n)   GOE Monte Carlo p     ratio p/2^(1-n)   -ln(p)/n   -ln(p/2)/n^2")
table = []
for n in range(2, 7):
    key, sub = jax.random.split(key)
    estimate = L.prob_definite(n, 400_000, key=sub)
    p, se = estimate.value, estimate.stderr
    table.append((n, 2.0 ** (1 - n), p, se))
    rel = se / p                     # the relative error carries into every column
    print(f"{n:2d}   {2.0 ** (1 - n):10.4f}        {to_error(p, se):>8} ± {se:.0e}   "
          f"{to_error(p / 2.0 ** (1 - n), rel * p / 2.0 ** (1 - n)):>9}        "
          f"{to_error(-np.log(p) / n, rel / n):>6}      {to_error(-np.log(p / 2) / n**2, rel / n**2):>6}")
table = np.array(table)

# %% [markdown]
# {numref}`fig-ch02-goe` sets the estimates against the coin flip on a logarithmic scale, where an
# exponential law is a straight line.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Probability that a random symmetric n\u00d7n matrix is definite (all eigenvalues of one sign). Circles: the coin-flip guess 2^(1\u2212n), a straight line on this logarithmic axis. Squares: Monte Carlo estimates for the GOE with \u00b12 standard-error bars. The GOE curve bends downward, away from the straight line: the decay is faster than exponential.", "name": "fig-ch02-goe"}} tags=["hide-input"]
fig, ax = plt.subplots()
ax.semilogy(table[:, 0], table[:, 1], "o--", label=r"coin flip $2^{1-n}$")
seen = table[:, 2] > 0
ax.errorbar(table[seen, 0], table[seen, 2], yerr=2 * table[seen, 3], fmt="s-", capsize=3,
            label="GOE Monte Carlo (±2 s.e.)")
ax.set(xlabel="dimension n", ylabel="P(all eigenvalues one sign)", xticks=table[:, 0])
ax.legend()
plt.show()

# %% [markdown]
# Already at $n = 2$ the GOE value agrees with $1 - 1/\sqrt2$ and lies well below the coin flip, and
# the gap widens with every dimension: by $n = 6$ only a handful of the 400 000 matrices were
# definite, thousands of times fewer than the coin flip predicts. The last two columns show the
# shape of the decay. For an exponential law $-\ln p_n/n$ would level off; instead it keeps growing,
# while $-\ln(p_n/2)/n^2$ changes little, from 0.41 at $n = 3$ to 0.35 at $n = 6$: the decay is
# close to Gaussian in $n$, as the Coulomb-gas argument says. (Its large-$n$ limit, $(\ln 3)/4
# \approx 0.27$ {cite}`ch02-dean2006large`, is approached slowly; our sizes are too small to show it.) In
# a landscape with millions of parameters, a random critical point is a saddle with overwhelming
# probability.
#
# :::{admonition} Checkpoint
# :class: tip
# From the table, $-\ln(p_n/2)/n^2 \approx 0.35$ near $n = 6$. Roughly how many GOE matrices of size
# $n = 10$ would you have to draw to see one definite matrix? What does this say about using Monte
# Carlo for the large-$n$ limit?
#
# ```{dropdown} Answer
# $p_{10} \approx 2e^{-0.35\cdot 100} \approx 10^{-15}$, so about $10^{15}$ draws; with the large-$n$
# constant $0.27$ it would be $\approx 4\times10^{-12}$, still $10^{11}$ draws. Direct sampling
# cannot reach these probabilities: the large-deviation theory of the Coulomb gas (or importance
# sampling) is needed, which is why {cite:t}`ch02-dean2006large` matter.
# ```
# :::
#
# ## Index against loss in a small network
#
# Random matrices say that saddles outnumber minima. They do not say *where* the saddles are. For
# the loss of a neural network, {cite:t}`ch02-dauphin2014identifying` found that critical points are
# not spread at random: their index grows with their loss. Minima lie low; high up, the critical
# points are saddles with many ways down. (The same correlation holds for Gaussian random
# landscapes {cite}`ch02-bray2007statistics`: the higher a critical point, the more of its Hessian
# spectrum is shifted below zero.) This is good news for training: the points where descent could
# stop for good, the minima, are the low ones.
#
# We test the picture on a network small enough that we can find its critical points to machine
# precision and check each one. The network is
# $\hat y(x) = \sum_{j=1}^{4} w_{2j}\tanh(w_{1j}x + b_{1j}) + b_2$: four **hidden units**, each with an
# input weight $w_{1j}$, a bias $b_{1j}$ and an output weight $w_{2j}$, plus one output bias $b_2$,
# 13 parameters in all ({func}`physml.landscape.tanh_network`; see {ref}`primer-mlp`). It is fitted to
# $y = \sin 3x$ at 64 points $x \in [-2, 2]$ by the loss
#
# $$
# E(\theta) = \bigl\langle(\hat y - y)^2\bigr\rangle + \frac{\kappa}{2}\lVert w\rVert^2,
# \qquad \kappa = 10^{-4},
# $$ (decayed-loss)
#
# where $\langle\cdot\rangle$ averages over the 64 data points and $w$ collects every parameter
# except the output bias $b_2$. The small **weight decay** $\kappa$ (many texts call it $\lambda$; we
# keep $\lambda$ for eigenvalues) is there for a reason we will see below: without it, many critical
# points of this network are not isolated points but flat families, with zero Hessian eigenvalues,
# and a census of them is ill-defined. We call $r = \hat y - y$ the **residuals**.
#
# **Minima: descent run to convergence.** Plain gradient descent approaches a minimum only at the
# rate $1 - \alpha\lambda_{\min}$ per step (chapter 1), and here the smallest curvature
# $\lambda_{\min}$ is about $10^{-4}$, while stability caps $\alpha$ below $2/\lambda_{\max}$:
# hundreds of thousands of steps. We use instead the descent method Dauphin et al. proposed,
# **saddle-free Newton** ({func}`physml.landscape.saddle_free_newton`). In the eigenbasis
# $H = Q\Lambda Q^\top$ of the Hessian it steps by
#
# $$
# \Delta\theta = -Q\,(|\Lambda| + \mu I)^{-1}\,Q^\top\nabla E ,
# $$ (saddle-free-newton)
#
# where $|\Lambda|$ replaces each eigenvalue by its absolute value and $\mu > 0$ is a damping.
# Along a direction of positive curvature this is (damped) Newton's step; along one of negative
# curvature it is Newton's step with its sign flipped, so it goes downhill where Newton's method
# would climb towards the saddle.
#
# :::{admonition} Derivation: why Newton's method is attracted to saddles, and the $|H|$ fix
# :class: dropdown
# Newton's method solves $\nabla E = 0$ by linearising the gradient, $\nabla E(\theta + \Delta)
# \approx g + H\Delta$ with $g = \nabla E(\theta)$, and setting it to zero: $\Delta = -H^{-1}g$. In the
# eigenbasis, with $g_i = q_i^\top g$, the component of the step along $q_i$ is $-g_i/\lambda_i$.
# Along a direction of negative curvature, $\lambda_i < 0$, this is $+g_i/|\lambda_i|$: *up* the
# gradient. Newton's method looks for any zero of the gradient and is attracted to a saddle as much
# as to a minimum.
#
# Replace $\lambda_i$ by $|\lambda_i| + \mu$: the step is $\Delta_i = -g_i/(|\lambda_i| + \mu)$, and to
# first order the loss changes by
#
# $$
# g^\top\Delta = -\sum_i \frac{g_i^2}{|\lambda_i| + \mu} < 0
# $$
#
# whenever $g \neq 0$: every step points downhill, whatever the signs of the curvatures. Where all
# $\lambda_i > 0$ (near a minimum) and $\mu \to 0$ it is Newton's step again, which converges
# quadratically. {cite:t}`ch02-dauphin2014identifying` derive the same rescaling by minimising the
# first-order change of $E$ within a region bounded by the size of the second-order term,
# $|\Delta^\top H\Delta|$ (a "trust region": a region in which the model is trusted); the damping $\mu$ is Levenberg's
# {cite}`ch02-nocedal2006numerical`.
# :::
#
# Here is the whole method, written out in a few lines of NumPy on top of JAX's derivatives. A step
# is kept only if it does not raise $E$ (and the damping $\mu$ is then divided by 3, otherwise
# multiplied by 4 and the step retried), so the loss never rises; at a minimum $\mu \to 0$ and the
# last steps are Newton steps. Next to it, plain Newton's method for $\nabla E = 0$, and both are run
# from the same start near the saddle of {eq}`strict-saddle`. The last line checks the on-page
# version against physml's compiled one, run from the same start.

# %%
def saddle_free_newton(loss, theta, n_iter, mu=1.0):
    """Saddle-free Newton: step -Q (|Lambda| + mu)^-1 Q^T grad E; keep it only if E does not rise."""
    grad, hess = jax.jit(jax.grad(loss)), jax.jit(jax.hessian(loss))
    theta = jnp.asarray(theta)
    for _ in range(n_iter):
        lam, q = np.linalg.eigh(hess(theta))                 # H = Q diag(lam) Q^T
        step = -q @ ((q.T @ grad(theta)) / (np.abs(lam) + mu))
        if loss(theta + step) <= loss(theta):
            theta, mu = theta + step, mu / 3                 # accepted: trust the model more
        else:
            mu = mu * 4                                      # rejected: damp more, try again
    return theta


def newton(loss, theta, n_iter):
    """Plain Newton's method for grad E = 0: theta <- theta - H^-1 grad E."""
    for _ in range(n_iter):
        theta = theta - jnp.linalg.solve(jax.hessian(loss)(theta), jax.grad(loss)(theta))
    return theta


start = jnp.array([0.5, 1e-3])                               # 10^-3 off the stable manifold y = 0
mine = saddle_free_newton(L.strict_saddle, start, 30)
print(f"Newton from (0.5, 1e-3) ends at the saddle (0, 0): "
      f"{bool(np.abs(newton(L.strict_saddle, start, 30)).max() < 1e-12)}")
print(f"saddle-free Newton from (0.5, 1e-3) ends at the minimum (0, 1): "
      f"{bool(np.abs(mine - jnp.array([0.0, 1.0])).max() < 1e-12)}")
err = np.abs(mine - L.saddle_free_newton(L.strict_saddle, start[None], n_iter=30).thetas[0]).max()
assert err < 1e-10
print(f"on-page saddle-free Newton agrees with physml.landscape.saddle_free_newton: {err < 1e-10}")

# %% [markdown]
# From the same start, 1/1000 away from the stable manifold of the saddle, Newton's method jumps
# into the saddle and stays (its step in $y$, $-(y^3 - y)/(3y^2 - 1)$, points *towards* $y = 0$ while
# $|y| < 1/\sqrt3$), while saddle-free Newton's step, $+(y - y^3)/(1 - 3y^2 + \mu)$, pushes $y$ away
# from 0 and reaches the minimum. physml's version is the same iteration compiled with JAX and
# vectorised over many starts ({ref}`primer-jit`, {ref}`primer-vmap`), with one refinement: once
# $E$ changes by no more than its round-off, it also accepts a step that shrinks the gradient, so
# that the gradient, too, converges to round-off. We use it from 40 random starts of the
# network.
#
# **Saddles: inherited from smaller networks** {cite}`ch02-fukumizu2000local`. Descent finds minima;
# to find saddles we build them. Take a minimum of the network with $m < 4$ hidden units and add
# $4-m$ **dead units**, $w_1 = b_1 = w_2 = 0$. The output is unchanged ($\tanh 0 = 0$, times $w_2 =
# 0$), and so is the gradient with respect to the live parameters. For a dead unit,
# $\partial\hat y/\partial w_2 = \tanh 0 = 0$ and $\partial\hat y/\partial w_1 = \partial\hat y/\partial
# b_1 = w_2(\cdots) = 0$, and the decay term's gradient $\kappa w$ vanishes too: the point is a
# critical point of the four-unit network. On the three parameters $(w_1, b_1, w_2)$ of each dead
# unit its Hessian is the block
#
# $$
# \begin{pmatrix} \kappa & 0 & c \\ 0 & \kappa & 0 \\ c & 0 & \kappa \end{pmatrix}, \qquad
# c = 2\langle r\,x\rangle, \qquad \text{eigenvalues } \kappa - |c|,\ \kappa,\ \kappa + |c| ,
# $$ (dead-unit-block)
#
# and the block is decoupled from every other parameter.
#
# :::{admonition} Derivation: the Hessian at a dead unit
# :class: dropdown
# Differentiate {eq}`decayed-loss` twice. With $r = \hat y - y$ and $\partial_a = \partial/\partial\theta_a$,
#
# $$
# \partial_a E = 2\langle r\,\partial_a\hat y\rangle + \kappa\,\theta_a, \qquad
# \partial_a\partial_b E = 2\langle\partial_a\hat y\,\partial_b\hat y\rangle + 2\langle r\,\partial_a\partial_b\hat y\rangle
# + \kappa\,\delta_{ab},
# $$
#
# with the $\kappa$ terms absent for $b_2$. For a dead unit ($w_1 = b_1 = w_2 = 0$) the first
# derivatives of $\hat y$ with respect to its parameters, $w_2 x\,\mathrm{sech}^2(\cdot)$,
# $w_2\,\mathrm{sech}^2(\cdot)$ and $\tanh(w_1 x + b_1)$, all vanish, so the first term (the
# "Gauss–Newton" part) does not touch the dead unit's rows. $\hat y$ is a sum over units plus $b_2$,
# so second derivatives mixing two different units, or a unit and $b_2$, vanish. Within the unit,
# $\partial^2\hat y/\partial w_1^2$, $\partial^2\hat y/\partial w_1\partial b_1$ and $\partial^2\hat y/\partial b_1^2$ carry
# a factor $w_2 = 0$, and $\partial^2\hat y/\partial w_2^2 = 0$; what is left is
# $\partial^2\hat y/\partial w_2\partial w_1 = x\,\mathrm{sech}^2 0 = x$ and
# $\partial^2\hat y/\partial w_2\partial b_1 = 1$. Their Hessian entries are $2\langle r x\rangle = c$ and
# $2\langle r\rangle$. The second is zero: $\partial E/\partial b_2 = 2\langle r\rangle = 0$ at any critical point
# (the output bias is not decayed). Adding $\kappa$ on the diagonal gives {eq}`dead-unit-block`. Its
# $(w_1, w_2)$ part $\begin{pmatrix}\kappa & c\\ c & \kappa\end{pmatrix}$ has eigenvalues $\kappa \pm c$, with
# eigenvectors $(1, \pm1)/\sqrt2$, and $b_1$ is an eigenvector on its own with eigenvalue $\kappa$.
# The live block of the Hessian is the Hessian of the $m$-unit network, positive definite at its
# minimum. Every dead unit sees the same residuals and so the same $c$.
# :::
#
# **The predicted index.** Each dead unit adds one downhill direction, along $(w_1, w_2) \propto
# (1, -\operatorname{sign} c)$: switch the unit on to add a little of the feature $x$ that the smaller
# network failed to explain. It is downhill as soon as $|c| > \kappa$, so the inherited point has
# index exactly $4-m$, and the worse the smaller network fits, the higher the point lies. Without
# decay ($\kappa = 0$) the middle eigenvalue is $0$: $b_1$ does nothing while $w_1 = w_2 = 0$, and the
# critical point is one member of a flat family. We find the minima of the $m$-unit networks with
# the same descent, from 10 random $m$-unit networks for each $m = 0, \dots, 3$, each padded with
# dead units by {func}`physml.landscape.add_dead_units` and the dead units held at zero (the argument
# `fixed`); for $m = 0$ the network is the **constant predictor** $\hat y = \langle y\rangle$.
#
# :::{admonition} Checkpoint
# :class: tip
# Without weight decay ($\kappa = 0$), what are the index and the number of zero eigenvalues of the
# constant predictor padded with four dead units?
#
# ```{dropdown} Answer
# Each dead block has eigenvalues $-|c|, 0, |c|$ (and $|c| > 0$, since $\sin 3x$ is correlated with
# $x$); the output bias has curvature $\partial^2E/\partial b_2^2 = 2 > 0$. So the index is 4, and there are
# 4 zero eigenvalues, one $b_1$ per dead unit. The census below prints exactly this count. With
# $\kappa > 0$ the zeros become $\kappa$ and the index stays 4 as long as $|c| > \kappa$.
# ```
# :::
#
# **Counting up to symmetry.** Permuting the four hidden units, or flipping the sign of one of them,
# $(w_1, b_1, w_2) \to -(w_1, b_1, w_2)$ (tanh is odd), leaves the output unchanged, so every
# critical point comes in up to $4!\,2^4 = 384$ copies; and because the data are odd,
# $y(-x) = -y(x)$ on a symmetric grid, $(b_1, b_2) \to -(b_1, b_2)$ maps every fit to one of equal
# loss. {func}`physml.landscape.canonical_tanh_units` picks one representative of each
# permutation-and-sign class (flip each unit so that $w_2 > 0$, sort the units by $w_2$); two end
# points are the same critical point if their representatives, or one's and the other's mirror
# image's, agree to $10^{-6}$.
#
# The census cell below runs the descents. For every end point it prints nothing on its own but checks that
# the gradient vanishes (to below $10^{-10}$) and that no Hessian eigenvalue is so close to zero
# that its sign is in doubt (above $10^{-5}$ in magnitude), and then lists, for each index, the
# lowest critical point found. The bookkeeping of the symmetry classes and of the table's labels is
# in a hidden cell (click to show it); it computes nothing new.

# %% tags=["hide-cell"]
def mirror(theta, units=4):
    """The odd data's symmetry: (b1, b2) -> -(b1, b2) maps a fit to one of equal loss."""
    U = units
    return np.concatenate([theta[:U], -theta[U:2 * U], theta[2 * U:3 * U], -theta[3 * U:]])


def group_up_to_symmetry(ends, loss, tol=1e-6):
    """Lists of runs, lowest loss first, whose end points agree up to permutation, sign flip and mirror."""
    canon = L.canonical_tanh_units(ends)
    canon_mirror = L.canonical_tanh_units(np.array([mirror(th) for th in ends]))
    groups = []
    for i in np.argsort(loss, kind="stable"):
        for g in groups:
            if min(np.abs(canon[i] - canon[g[0]]).max(), np.abs(canon_mirror[i] - canon[g[0]]).max()) < tol:
                g.append(i)
                break
        else:
            groups.append([i])
    return groups


def found_as(m, units=4):
    """How a critical point of the units-unit network was found, from its number m of live units."""
    if m == units:
        return f"a minimum of the {units}-unit network"
    if m == 0:
        return f"the constant predictor + {units} dead units"
    return f"a {m}-unit minimum + {units - m} dead unit" + "s" * int(units - m > 1)


# %%
x_data = jnp.linspace(-2.0, 2.0, 64)
y_data = jnp.sin(3 * x_data)
UNITS, DECAY = 4, 1e-4                   # hidden units, weight decay kappa
N = 3 * UNITS + 1                        # parameters: w1, b1, w2 (UNITS of each), b2


def net_loss(theta):
    """The loss (decayed-loss): mean squared error plus (kappa/2)|w|^2 on all but the output bias."""
    return jnp.mean((L.tanh_network(theta, x_data) - y_data) ** 2) + DECAY / 2 * jnp.sum(theta[:-1] ** 2)


# 40 descents of the full network; 10 of each smaller one, its units m+1..4 held dead at zero
starts, fixed, width = [jax.random.normal(jax.random.key(0), (40, N))], [np.zeros((40, N), bool)], [UNITS] * 40
for m in range(UNITS):
    dead = np.append(np.tile(np.arange(UNITS) >= m, 3), False)   # w1, b1, w2 of units m+1..4
    small = np.asarray(jax.random.normal(jax.random.key(1 + m), (10, N)))[:, ~dead]   # m-unit networks
    starts.append(np.array([L.add_dead_units(th, hidden=UNITS) for th in small]))
    fixed.append(np.tile(dead, (10, 1)))
    width += [m] * 10
starts = jnp.concatenate(starts)
width = np.array(width)                  # live units m of each run
ends = L.saddle_free_newton(net_loss, starts, n_iter=300, fixed=np.concatenate(fixed)).thetas

hess = jax.jit(jax.hessian(net_loss))
lam = np.array([np.linalg.eigvalsh(hess(th)) for th in ends])           # Hessian spectrum at each end
grad_norm = np.linalg.norm(jax.vmap(jax.grad(net_loss))(ends), axis=1)   # the full gradient, all 13
loss = np.asarray(jax.vmap(net_loss)(ends))
index = np.sum(lam < 0, axis=1)                                          # Morse index
print(f"{len(ends)} runs: largest |grad E| at an end point "
      f"{'< 1e-10' if grad_norm.max() < 1e-10 else f'{grad_norm.max():.0e}'}, "
      f"smallest |eigenvalue| {'> 1e-5' if np.abs(lam).min() > 1e-5 else f'{np.abs(lam).min():.0e}'}")

groups = group_up_to_symmetry(ends, loss)   # runs that end at the same critical point up to symmetry
best = groups[0]                         # the runs at the lowest critical point found (a minimum)
raw = len({tuple(np.round(th, 4)) for th in ends[best]})
print(f"more than half of the 40 descents reach the lowest minimum: {len(best) > 20}, "
      f"most of them at different parameter vectors: {raw > len(best) / 2}\n")
print("index (fraction)   lowest loss found   found as")
for ind in range(UNITS + 1):             # one row per index: the lowest critical point of that index
    i = min(np.flatnonzero(index == ind), key=lambda j: loss[j])
    print(f"  {ind}  ({ind / N:.2f})        {loss[i]:<#7.2g}             {found_as(width[i])}")   # 2 digits: off rounding edges

# %% [markdown]
# Every run ends at a critical point to machine precision, and each index is decided with a wide
# margin. More than half of the 40 descents reach the same, lowest minimum, and they arrive there at
# different parameter vectors: copies of one minimum under the symmetry. The table lists, for each
# index (and the fraction index/13), the lowest critical point found. We do not print how many runs
# reach each critical point, nor how many different minima there are: which basin a descent falls
# into is decided by the accept/reject test of each step, and a run that starts near the boundary
# between two basins can land in the other one on another processor.
#
# The on-page `saddle_free_newton` above, run on this network from the first of the 40 starts,
# ends where physml's run from that start ended:

# %%
mine = saddle_free_newton(net_loss, starts[0], 300)
err = np.abs(mine - ends[0]).max()
assert err < 1e-6
print(f"on-page saddle-free Newton agrees with physml.landscape.saddle_free_newton on the network: {err < 1e-6}")

# %% [markdown]
# The next cell checks the predictions of {eq}`dead-unit-block` (the index $4 - m$, the value of the
# negative eigenvalues, the zero eigenvalues without decay) and summarises the table.

# %%
residual = np.asarray(jax.vmap(lambda th: L.tanh_network(th, x_data))(ends) - y_data)
c = 2 * np.mean(residual * np.asarray(x_data), axis=1)                    # c of (dead-unit-block)
inherited = np.flatnonzero(width < UNITS)
print(f"every descent of the full network ends at a minimum: {bool(np.all(index[width == UNITS] == 0))}")
print(f"every m-unit minimum + (4 - m) dead units has index 4 - m: "
      f"{bool(np.all(index[inherited] == UNITS - width[inherited]))}")
gap = max(np.abs(lam[j, :UNITS - width[j]] - (DECAY - abs(c[j]))).max() for j in inherited)
print(f"its negative eigenvalues equal kappa - 2|<r x>|: {'to < 1e-9' if gap < 1e-9 else gap}")
const = np.flatnonzero(width == 0)[0]
no_decay = np.linalg.eigvalsh(hess(ends[const]) - DECAY * np.diag(np.append(np.ones(N - 1), 0.0)))
print(f"constant predictor: zero eigenvalues without weight decay {np.sum(np.abs(no_decay) < 1e-12)}, "
      f"with it none (smallest |eigenvalue| {np.abs(lam[const]).min():.1e} = kappa)")
lowest = [loss[g[0]] for g in groups if index[g[0]] == 0]
high = [loss[g[0]] for g in groups if index[g[0]] >= 2]
print(f"every critical point of index >= 2 lies above every minimum: {min(high) > max(lowest)}")
floor = [loss[index == ind].min() for ind in range(UNITS + 1)]
print(f"the lowest loss found rises with the index: {bool(np.all(np.diff(floor) > 0))}")
print(f"the index-1 saddle lies between minima, above the lowest: {min(lowest) < floor[1] < max(lowest)}")

# %% [markdown]
# {numref}`fig-ch02-index-loss` draws every critical point found, at its index and its loss.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The critical points of the 13-parameter network, one marker per critical point up to symmetry, at its index (number of negative Hessian eigenvalues) and its loss (log scale). Green: minima reached by saddle-free Newton from random starts. Vermillion: saddles built from minima of m-unit networks padded with 4 \u2212 m dead units, labelled by m at the lowest of each. The loss of the lowest point rises with the index.", "name": "fig-ch02-index-loss"}} tags=["hide-input"]
fig, ax = plt.subplots()
labelled = set()
for g in groups:
    i, m = g[0], width[g[0]]
    kind = "minimum of the 4-unit network (descent)" if m == UNITS else "m-unit minimum + (4 - m) dead units"
    ax.scatter(index[i], loss[i], s=30, zorder=3,
               color=COLORS["green"] if m == UNITS else COLORS["vermillion"],
               label=None if kind in labelled else kind)
    if m < UNITS and m not in labelled:      # name each m once, at its lowest point
        ax.annotate(f"m = {m}" + (" (constant predictor)" if m == 0 else ""), (index[i], loss[i]),
                    textcoords="offset points", xytext=(-8, 0), ha="right", va="center", fontsize=8)
    labelled |= {kind, m}
ax.set(yscale="log", xlabel="index (number of negative Hessian eigenvalues, of 13)",
       ylabel="loss E", xlim=(-0.5, 4.5), title="critical points of a 13-parameter network")
ax.legend(loc="upper left", fontsize=8)
plt.show()

# %% [markdown]
# The picture is Dauphin et al.'s. The minima that descent reaches all lie low, and most runs reach
# the lowest of them, at $E = 0.0070$. The saddles climb with their index: the lowest found with one
# downhill direction lies at $E = 0.0092$, with two at $0.056$, with three at $0.37$, and the
# constant predictor, at the variance of the data $E = 0.52$, has four; so the lowest loss found
# rises with the index. Every saddle with two or more ways down lies above every minimum. The one
# exception to "minima below saddles" is instructive: the three-unit minimum found, with a dead
# fourth unit (index 1, $E = 0.0092$), lies *between* minima, above the lowest. The three-unit
# network already fits well, so its residual $r$ is small, and so is $c = 2\langle r\,x\rangle$: its
# one way down is shallow, with curvature $\kappa - |c|$.
#
# Two cautions. The saddles here are the ones we know how to build; a small network has others
# (for example where two units coincide, another of Fukumizu and Amari's families), and we make no
# claim to have found every critical point. And the weight decay matters: without it each dead unit
# leaves a zero eigenvalue, printed above for the constant predictor, so these saddles become flat
# families. This is also why we did not take a census by solving $\nabla E = 0$ with Newton's
# method from random starts ({func}`physml.landscape.find_critical_points`): Newton's method
# converges to a nearby critical point of any index, as we saw on {eq}`strict-saddle`, and on a flat
# family to a point along it that nothing in the landscape singles out, so the tally describes the
# search more than the landscape.
#
# ## Strict saddles do not trap gradient descent
#
# Saddles outnumber minima, then, and they sit higher. Does gradient descent get stuck on them? It
# can only stop where the gradient vanishes, and a saddle is such a place. A saddle is **strict** if
# its Hessian has at least one negative eigenvalue (the monkey saddle is not strict). Near the saddle
# of {eq}`strict-saddle`, gradient descent with step $\alpha$ acts on the two coordinates
# separately:
#
# $$
# x_{k+1} = (1-\alpha)\,x_k, \qquad y_{k+1} = (1+\alpha)\,y_k - \alpha y_k^3 \approx (1+\alpha)\,y_k .
# $$ (saddle-linear)
#
# (Insert the gradient $(x,\ y^3 - y)$ into $\theta_{k+1} = \theta_k - \alpha\nabla f$.) In general, near
# a critical point $\theta^\ast$ descent is the linear map $\delta_{k+1} = (I - \alpha H)\,\delta_k$,
# which multiplies the component along eigenvector $q_i$ by $1 - \alpha\lambda_i$ each step: modes of
# positive curvature shrink (for $0 < \alpha < 2/\lambda_{\max}$), modes of negative curvature grow by
# $1 + \alpha|\lambda_i| > 1$. Here $\lambda = 1$ along $x$ and $-1$ along $y$. Any $y_0 \neq 0$ grows
# geometrically, and only starts on the line $y = 0$, the **stable manifold** of the saddle (the set
# of starts whose iterates converge to it), end there.
#
# The **stable manifold theorem** makes this general {cite}`ch02-shub1987global`. Consider the descent map
# $g(\theta) = \theta - \alpha\nabla E(\theta)$ at a critical point $\theta^\ast$; its Jacobian there,
# $I - \alpha H$, has $\mathrm{index}(H)$ eigenvalues of magnitude greater than 1 (for $\alpha <
# 2/\lambda_{\max}$; a larger step makes the stiff modes unstable too). The theorem says
# that the starts near $\theta^\ast$ whose iterates stay near it for ever lie on a smooth manifold
# (the local *centre-stable* manifold; "centre" refers to eigenvalues exactly 1 of $I - \alpha H$, i.e.
# $\lambda_i = 0$) tangent to the span of the other eigenvectors, so of dimension $n - \mathrm{index}$.
# At a strict saddle that is less than $n$: a set of **measure zero** (zero volume, so a random start
# lands on it with probability 0).
# {cite:t}`ch02-lee2016gradient` turned this local statement into a global one: if $\nabla E$ is Lipschitz
# with constant $\beta$ (chapter 1's largest curvature) and $\alpha < 1/\beta$, the set of *all*
# starts from which gradient descent converges to a strict saddle has measure zero.
#
# :::{admonition} What the theorem uses, and the step we skip
# :class: dropdown
# Two ingredients. (i) **Locally**: for a $C^1$ map $g$ with fixed point $\theta^\ast$ whose Jacobian
# $Dg(\theta^\ast)$ is invertible, the points that remain in a small ball around $\theta^\ast$ under all
# iterates of $g$ form a subset of an embedded disc $W^{cs}$ tangent to the sum of the eigenspaces of
# $Dg(\theta^\ast)$ with eigenvalues of modulus $\le 1$ (Shub's Theorem III.7
# {cite}`ch02-shub1987global`). **We skip its proof**, a contraction-mapping argument on graphs over
# that eigenspace. (ii) **Globally**: with $\alpha < 1/\beta$, $Dg = I - \alpha H$ has eigenvalues
# $1 - \alpha\lambda_i \ge 1 - \alpha\beta > 0$, so $g$ is a local diffeomorphism; it is also one-to-one,
# since $g(\theta) = g(\theta')$ gives $\lVert\theta - \theta'\rVert = \alpha\lVert\nabla E(\theta) - \nabla
# E(\theta')\rVert \le \alpha\beta\lVert\theta - \theta'\rVert$, so $\theta = \theta'$. Hence $g$ is a
# diffeomorphism onto its image, and its inverse maps
# measure-zero sets to measure-zero sets. A start that converges to the saddle must enter the ball
# and stay, so it lies in $\bigcup_{k\ge0} g^{-k}(W^{cs})$, a countable union of measure-zero sets
# {cite}`ch02-lee2016gradient`. For $f$ of {eq}`strict-saddle`, $W^{cs}$ is the line $y = 0$ and $n - 1 = 1$.
# :::
#
# The theorem says *whether* descent escapes; {eq}`saddle-linear` also says *how fast*. First, 1000
# random starts in the square $[-2, 2]^2$, and one start exactly on the stable manifold:

# %%
grad_f = jax.vmap(jax.grad(L.strict_saddle))
random_starts = jax.random.uniform(jax.random.key(7), (1000, 2), minval=-2.0, maxval=2.0)
random_ends = np.asarray(L.gradient_descent(grad_f, random_starts, 0.1, 1000)[-1])
at_minimum = np.linalg.norm(random_ends - np.array([0, 1]), axis=1) < 1e-6
at_minimum |= np.linalg.norm(random_ends - np.array([0, -1]), axis=1) < 1e-6
at_saddle = np.linalg.norm(random_ends, axis=1) < 1e-6
print(f"1000 random starts: {at_minimum.sum()} end at a minimum (0, ±1), {at_saddle.sum()} at the saddle")
on_manifold = L.gradient_descent(jax.grad(L.strict_saddle), jnp.array([1.5, 0.0]), 0.1, 1000)[-1]
print(f"start (1.5, 0) on the stable manifold ends at ({on_manifold[0]:.1e}, {on_manifold[1]:.1e})")

# %% [markdown]
# Every random start escapes (none lands on a line of zero area), while the start on the line
# converges to the saddle, its $x$ shrinking by $0.9$ per step. (A caution on the theorem's hypotheses:
# $f$'s gradient is not globally Lipschitz, and even on the square $[-2, 2]^2$ the largest curvature is
# $\beta = 11$, so $\alpha = 0.1 > 1/\beta$ lies outside Lee et al.'s sufficient condition; a start at
# $|y_0| = \sqrt{11}$ even lands on $y = 0$ in one step, one of the preimages $g^{-k}(W^{cs})$. These
# preimages are still curves of zero area, which random starts miss.) How long does the escape take? From
# {eq}`saddle-linear`, a start at distance $|y_0|$ from the stable manifold needs about
#
# $$
# k_{\text{escape}} \approx \frac{\ln\bigl(1/(2|y_0|)\bigr)}{\ln(1+\alpha)}
# = \frac{\ln(1/|y_0|) - \ln 2}{\ln(1+\alpha)}
# $$ (escape-time)
#
# steps to reach $|y| = 1/2$: the time to escape grows only like the logarithm of $1/|y_0|$, with slope
# $1/\ln(1+\alpha)$ steps per factor $e$ in $1/|y_0|$.
#
# :::{admonition} Derivation: the escape time
# :class: dropdown
# While $|y|$ is small, drop the cubic term of {eq}`saddle-linear`: $y_k = (1+\alpha)^k y_0$. Define the
# escape as the first step at which $|y_k|$ reaches $1/2$ (the threshold `physml.landscape.ESCAPED`,
# halfway to the minima at $\pm1$). Solve $(1+\alpha)^k|y_0| = 1/2$ for $k$: take logarithms,
# $k\ln(1+\alpha) + \ln|y_0| = -\ln 2$, which is {eq}`escape-time`. Two corrections, both of
# $O(1)$ steps and independent of $y_0$: the escape step is an integer (round up), and near $|y| = 1/2$
# the neglected $-\alpha y^3$ slows the growth (by a factor $1 - \alpha y^2/(1+\alpha) \ge 0.97$ per
# step). So the *slope* against $\ln(1/|y_0|)$ is exactly $1/\ln(1+\alpha)$; only the intercept
# shifts. For small $\alpha$, $\ln(1+\alpha) \approx \alpha$ and $\alpha k_{\text{escape}} \approx
# \ln(1/(2|y_0|))$: the escape *time* of gradient flow, $\dot y = y$, in which $y$ grows like $e^t$.
# :::
#
# We measure the escape step for $|y_0|$ from $10^{-1}$ to $10^{-12}$ at $\alpha = 0.1$
# ({func}`physml.landscape.saddle_escape`, start $(1, y_0)$), and fit a straight line to it against
# $\ln(1/|y_0|)$.

# %%
log10_y0 = np.arange(-12.0, -0.5, 1.0)
escape = np.array([L.saddle_escape(10.0 ** v, key=jax.random.key(0)).escaped_at for v in log10_y0])
slope, intercept = np.polyfit(np.log(1 / 10.0 ** log10_y0), escape, 1)
print(f"fitted slope: {slope:.2f} steps per e-fold of 1/|y0|;  1/ln(1+alpha) = {1 / np.log1p(0.1):.2f}")
print("escape steps:", dict(zip(log10_y0.astype(int).tolist(), escape.tolist())))

# %% [markdown]
# The fitted slope matches $1/\ln(1.1)$, and each factor of 10 closer to the manifold costs the
# same $\ln 10/\ln 1.1 \approx 24$ steps: even a start $10^{-12}$ away leaves within about 300 steps.
# Saddles *slow* gradient descent, in proportion to the logarithm of how close it comes, but do
# not stop it.
#
# :::{admonition} Checkpoint
# :class: tip
# Halve the step size to $\alpha = 0.05$. About how many steps does the escape from $|y_0| = 10^{-6}$
# take now, and what happens to the escape *time* $t = \alpha k$?
#
# ```{dropdown} Answer
# $\ln(0.5\times10^{6})/\ln 1.05 = 13.1/0.0488 \approx 269$ steps instead of about
# $13.1/0.0953 \approx 138$ (the run above took 139): twice as many steps, because each step
# multiplies $y$ by only $1.05$. The time $\alpha k$ barely changes (about $13.4$ against $13.9$): it is set
# by the curvature $|\lambda| = 1$ of the unstable direction, as in gradient flow.
# ```
# :::
#
# **Noise helps.** A start exactly on the stable manifold never leaves it. Stochastic gradients
# ({ref}`primer-optimisers`) kick the iterate off the manifold at every step; we model them with
# isotropic Gaussian kicks of size $\sigma$, $\theta_{k+1} = \theta_k - \alpha\nabla E(\theta_k) +
# \sigma\xi_k$ with independent standard normal $\xi_k$ (perturbed gradient descent,
# {func}`physml.landscape.perturbed_gradient_descent`), which escapes saddles efficiently
# {cite}`ch02-ge2015escaping,ch02-jin2017escape`. Starting on the manifold, the kicks supply an effective
# $|y_0| \sim \sigma$, so the escape time should follow {eq}`escape-time` with $|y_0|$ replaced by
# about $\sigma$: about 24 steps fewer for every factor of 10 in $\sigma$. We average over 20 seeds,
# and compare with noiseless descent from a start $10^{-12}$ off the manifold.

# %%
key0 = jax.random.key(0)   # unused without noise
print(f"no noise, y0 = 0      : never escapes in {L.SADDLE_STEPS} steps "
      f"({L.saddle_escape(0.0, key=key0).escaped_at})")
print(f"no noise, y0 = 1e-12  : escapes at step {L.saddle_escape(1e-12, key=key0).escaped_at}")
for log_sigma in (-10.0, -8.0, -6.0, -4.0):
    steps = [L.saddle_escape(0.0, noise=10.0 ** log_sigma, key=jax.random.key(s)).escaped_at
             for s in range(20)]
    print(f"noise sigma = 1e{log_sigma:.0f}, y0 = 0: escapes at step {np.mean(steps):5.1f} ± "
          f"{np.std(steps) / np.sqrt(20):.1f} (mean ± s.e. of 20 seeds)")

# %% [markdown]
# Each factor of 100 in $\sigma$ saves about 48 steps, twice the 24 per decade that
# {eq}`escape-time` predicts, and noise of size $10^{-10}$ escapes about as fast as a noiseless start
# $10^{-10}$ off the manifold (236 steps, from the table above). The kicks of the first few steps
# are amplified most; they add up to an effective start a few $\sigma$ off the manifold (exercise 3).
#
# ## Explore: distance from the stable manifold
#
# The explorer runs gradient descent with $\alpha = 0.1$ on {eq}`strict-saddle` from $(1, y_0)$; its
# slider sets $\log_{10}|y_0|$. {numref}`fig-ch02-escape` shows it at its default setting,
# $\log_{10}|y_0| = -6$.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Gradient descent from (1, y0) on the strict saddle. Left: the path over the contours of f; it slides along the stable manifold y = 0 into the saddle, lingers, and leaves along the unstable direction to a minimum. Right: |y_k| against the step k on a logarithmic axis, a straight line (|y| grows by the factor 1 + \u03b1 per step) until the escape step (green line).", "name": "fig-ch02-escape"}} tags=["hide-input"]
explorer = figures.saddle_escape()
explorer.static()

# %% [markdown]
# With noise and a start exactly on the stable manifold, {numref}`fig-ch02-noise` moves the slider
# over $\log_{10}\sigma$ instead: the kicks take the place of $y_0$.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "The same descent started exactly on the stable manifold (y0 = 0), with Gaussian kicks of size \u03c3 at every step; the slider sets log10 \u03c3. The path still escapes, and |y_k| still grows as a straight line (by the factor 1 + \u03b1 per step) once the kicks have set its starting level, of order \u03c3.", "name": "fig-ch02-noise"}} tags=["hide-input"]
explorer.static(control="log10_noise", noisy=True, log10_y0=-np.inf)   # |y0| = 10^-inf = 0

# %% [markdown]
# In JupyterLab, the live version has both controls:

# %% tags=["remove-output"]
explorer.live(log10_y0=-6.0)

# %% [markdown]
# ## What to remember
#
# - At a critical point the Hessian's eigenvalues are the curvatures of independent normal modes;
#   their signs classify the point, the **index** counts the directions downhill, and a zero
#   eigenvalue leaves the second-order test undecided unless other eigenvalues have opposite signs.
# - Definite Hessians are rare: rarer than the coin-flip $2^{1-n}$, because eigenvalues repel
#   (exactly $1 - 1/\sqrt2$ instead of $1/2$ for $n = 2$, and $e^{-\zeta n^2}$ for large $n$).
#   High-dimensional landscapes are dominated by saddles.
# - In our small network, as in Dauphin et al.'s large ones, the index of a critical point grows
#   with its loss; minima lie lowest. Dead units turn a minimum of a smaller network into a saddle
#   of index equal to the number of dead units, as the Hessian block {eq}`dead-unit-block` predicts.
# - Newton's method is attracted to saddles; saddle-free Newton, with $|H|$ in place of $H$, always
#   steps downhill.
# - Gradient descent converges to a strict saddle only from a measure-zero set of starts (the stable
#   manifold theorem); the time to escape grows like $\ln(1/|y_0|)/\ln(1+\alpha)$, and noise removes
#   even the measure-zero trap.
#
# **Practice:** [Practice 2: the topology of high-dimensional landscapes](../exercises/ch02_practice.ipynb): classify critical points, derive how often a
# *shifted* 2×2 GOE matrix is definite and the escape time from a saddle of any curvature, predict the
# index and zero modes of a padded network, and read off and explain what noise does in the explorer.
#
# ## Exercises
#
# **1. A degenerate saddle (conceptual).** Classify the origin for $E(x, y, z) = x^2 - y^2 + z^4$ by
# the second-order test, by {func}`physml.landscape.critical_point_type`, and by looking at $E$.
# Is it a strict saddle? Does gradient descent escape it?
#
# ```{dropdown} Answer
# The Hessian is $\mathrm{diag}(2, -2, 0)$, so `critical_point_type` says "degenerate": a zero
# eigenvalue. But it is certainly not a minimum or a maximum: $E$ falls along $y$ and rises along
# $x$. It *is* a strict saddle (one eigenvalue is negative), so the escape argument applies:
# descent leaves along $y$ at the rate $1 + 2\alpha$ per step. Degeneracy only matters when no two
# eigenvalues have opposite signs, as for $x^2 + z^3$ or $-x^2 + z^3$, where the test cannot tell a
# minimum (or a maximum) from a saddle.
# ```
#
# **2. Newton's method versus saddle-free Newton (computational).** Draw 200 starts uniformly in
# $[-0.3, 0.3]^2$. Run {func}`physml.landscape.find_critical_points` (Newton's method for
# $\nabla E = 0$) and {func}`physml.landscape.saddle_free_newton` on `L.strict_saddle` from them, and
# count the end points at the saddle $(0, 0)$ and at the minima $(0, \pm1)$. Explain the difference.
#
# ```{dropdown} Answer
# Newton's method sends every one of these starts to the saddle: for $|y| \le 0.3$ its update
# $y \to 2y^3/(3y^2 - 1)$ shrinks $|y|$ (to at most $0.074$ in one step), because $3y^2 - 1 < 0$ and the
# step points towards 0; it converges to the nearest critical point, whatever its index. (From
# $|y_0|$ near $0.5$ the same update overshoots to $|y| \approx 1$, so a wider square sends some starts
# to the minima.) Saddle-free Newton sends every start with $y_0 \neq 0$ to a minimum,
# because its step along the negative-curvature direction has the sign of $-\nabla E$. A start with
# $y_0$ exactly 0 would stay on the stable manifold for both.
# ```
#
# **3. Noise as an effective start (derivation).** Linearise perturbed gradient descent in $y$:
# $y_{k+1} = (1+\alpha)y_k + \sigma\xi_k$ with $y_0 = 0$. Show that $y_k = (1+\alpha)^k S_k$ with
# $S_k = \sigma\sum_{j<k}(1+\alpha)^{-j-1}\xi_j$, and find the standard deviation of $S_\infty$. How
# many steps earlier than from $|y_0| = \sigma$ should noise escape, at $\alpha = 0.1$?
#
# ```{dropdown} Answer
# Unrolling the recursion gives the sum. $S_\infty$ is Gaussian with variance
# $\sigma^2\sum_{j\ge0}(1+\alpha)^{-2j-2} = \sigma^2/((1+\alpha)^2 - 1) = \sigma^2/(2\alpha + \alpha^2)$, so
# its standard deviation is $\sigma/\sqrt{0.21} \approx 2.2\sigma$ at $\alpha = 0.1$: the kicks of the first
# few steps, amplified the longest, dominate. With $|y_0|_{\text{eff}} \approx 2.2\sigma$, the escape is
# about $\ln 2.2/\ln 1.1 \approx 8$ steps earlier than from $|y_0| = \sigma$. But the escape step depends
# on $\ln|S_\infty|$, and for a standard normal $z$ the mean of $\ln|z|$ is $-(\gamma + \ln 2)/2 \approx -0.64$
# (Euler's $\gamma$), which takes back $0.64/\ln 1.1 \approx 7$ steps: on average noise escapes only
# 1–2 steps earlier than a noiseless start at $\sigma$. The printed means are about 5 steps earlier,
# but one seed scatters by $\pi/\sqrt8/\ln 1.1 \approx 12$ steps (the standard deviation of $\ln|z|$
# is $\pi/\sqrt8$), so 20 seeds (the same 20 at every $\sigma$) cannot tell 5 from 1.5; a few hundred
# seeds can.
# ```
#
# **4. The fraction of negative eigenvalues (conceptual).** Dauphin et al. plot the *fraction* of
# negative eigenvalues against the loss. What fraction does the constant predictor have in our
# network, and what fraction does a 3-unit minimum padded with dead units have, here and in a
# network of 1000 hidden units? Why is the story the same?
#
# ```{dropdown} Answer
# The constant predictor: $4/13 \approx 0.31$ here (the table's last row), $1000/3001 \approx 0.33$
# with 1000 units. The 3-unit minimum: $1/13 \approx 0.08$ here, $997/3001 \approx 0.33$ there. In
# general, with $U$ hidden units an $m$-unit minimum padded with $U - m$ dead units has index $U - m$
# out of $3U + 1$ parameters, a fraction $(U - m)/(3U + 1)$, which tends to $1/3$ for every fixed $m$
# as $U$ grows. In both networks the fraction falls as $m$ grows while the loss falls as the fit
# improves with more live units: the same monotone trend of fraction against loss. What changes is
# the scale: in the large network the inherited saddles of small $m$ all crowd near $1/3$, and the
# trend is spread over the many values of $m$ up to $U$.
# ```
#
# ## Further reading
#
# - {cite:t}`ch02-dauphin2014identifying`: the paper behind this chapter's picture; measures index against
#   loss for real networks and introduces saddle-free Newton.
# - {cite:t}`ch02-bray2007statistics` and {cite:t}`ch02-dean2006large`: the statistics of critical points of
#   Gaussian random fields, and the large deviations of GOE eigenvalues (the Coulomb gas);
#   {cite:t}`ch02-mehta2004random` is the textbook on random matrices.
# - {cite:t}`ch02-lee2016gradient`: gradient descent converges to minimisers almost surely, via the stable
#   manifold theorem ({cite:t}`ch02-shub1987global`); {cite:t}`ch02-jin2017escape` on how fast perturbed
#   gradient descent escapes.
# - {cite:t}`ch02-fukumizu2000local`: the critical points that a network inherits from smaller ones.
# - {cite:t}`ch02-wales2003energy`: energy landscapes of clusters, glasses and biomolecules, the physicist's
#   side of the same questions; {cite:t}`ch02-milnor1963morse` for Morse theory itself.
#
# ```{bibliography}
# :filter: docname in docnames
# :keyprefix: ch02-
# ```
