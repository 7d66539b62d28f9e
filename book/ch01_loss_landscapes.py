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
# (ch-loss-landscapes)=
# # Loss landscapes as potential energy surfaces
#
# ```{admonition} At a glance
# :class: tip
# **You will learn to** read a loss $E(\theta)$ as a potential energy and training as motion in it;
# derive when friction-dominated motion becomes gradient flow and verify its energy identity
# numerically; predict from the curvature of the landscape when gradient descent converges,
# overshoots or diverges; and measure that curvature in a neural network with Hessian-vector
# products.
#
# **Prerequisites:** multivariable calculus (gradient, Hessian, Taylor expansion), eigenvalues and
# eigenvectors of symmetric matrices, Newton's second law with friction, basic Python and NumPy. The
# machine-learning and JAX vocabulary (loss, network, `jax.grad`, `jit`, `vmap`) is in the
# {ref}`primer`.
#
# **Time to read:** about 35 minutes. **Time to run:** about 15 seconds on a 2-core laptop CPU. **Practice:** [Practice 1: loss landscapes as potential energy surfaces](../exercises/ch01_practice.ipynb).
# ```
#
# Training a model means lowering a scalar function of many parameters, the **loss** (see
# {ref}`primer-loss`): a number that measures how badly the model fits its data. Physicists have a
# name for a scalar function of many coordinates that things roll down, an *energy*, and a century
# of intuition about how things move in one: a marble in a bowl settles at the bottom, a stiff
# spring oscillates faster than a soft one, a ball rolling in honey creeps instead of bouncing. This
# chapter turns that analogy into computations we can check. It answers three practical questions
# that every training run raises: in what sense does training "go downhill"; how large may a step
# be before it stops going downhill; and how can we measure the steepness of the walls of a
# landscape with hundreds of dimensions (millions, for real networks) without ever writing down its
# matrix of second derivatives?
#
# ```{admonition} Notation used in this chapter
# :class: note
# | symbol | meaning |
# | --- | --- |
# | $\theta \in \mathbb{R}^n$ | the parameters (the "position" of the particle); $n$ is their number |
# | $E(\theta)$ | the loss, read as a potential energy |
# | $\nabla E$, $H = \nabla^2 E$ | its gradient (the negative force) and its Hessian (the matrix of curvatures) |
# | $\lambda_i$, $u_i$ | eigenvalues and orthonormal eigenvectors of $H$ (or of $A$ on a quadratic); $\lambda_{\max}$ the largest |
# | $t$ | continuous time; $k = 0, 1, 2, \dots$ counts discrete steps, $\theta_k$ is the parameter after $k$ steps |
# | $\alpha$ | the **step size** of gradient descent, also called the **learning rate** |
# | $\beta$ | the smoothness constant: a bound on the curvature everywhere |
#
# Many machine-learning texts write the learning rate as $\eta$; this chapter and the next use
# $\alpha$ throughout. The letter has an unrelated meaning in chapter 3 (the density of hidden
# units of a network).
# ```

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
import optax
from jax.flatten_util import ravel_pytree
from scipy.integrate import solve_ivp

from physml import landscape as L
from physml.nn import mlp, mlp_init
from physml.style import COLORS

# %% [markdown]
# ## Gradient flow is overdamped motion
#
# Let $\theta \in \mathbb{R}^n$ collect the parameters and $E(\theta)$ be the loss. Picture a
# particle of mass $m$ at position $\theta$ in the potential $E$, slowed by a friction force
# $-\gamma\,\dot\theta$ proportional to its velocity (a bead in honey). Newton's law reads
#
# $$
# m\,\ddot\theta + \gamma\,\dot\theta = -\nabla E(\theta).
# $$ (damped-newton)
#
# When friction dominates inertia, the acceleration term is negligible and the velocity simply
# follows the force, $\gamma\dot\theta \approx -\nabla E$: the particle creeps downhill and never
# overshoots. Rescaling time by $\gamma$, $s = t/\gamma$ (the derivation below says when this is
# allowed), and then calling the new time $t$ again, gives **gradient flow**,
#
# $$
# \frac{d\theta}{dt} = -\nabla E(\theta).
# $$ (gradient-flow)
#
# :::{admonition} Derivation: the overdamped limit of $m\ddot\theta + \gamma\dot\theta = -\nabla E$
# :class: dropdown
# Rescale time, $t = \gamma s$. Then $d\theta/dt = \gamma^{-1}\,d\theta/ds$ and
# $d^2\theta/dt^2 = \gamma^{-2}\,d^2\theta/ds^2$, and {eq}`damped-newton` becomes
#
# $$
# \frac{m}{\gamma^2}\,\frac{d^2\theta}{ds^2} + \frac{d\theta}{ds} = -\nabla E(\theta).
# $$
#
# The mass now appears only in the dimensionless combination it forms with a curvature. Near any
# point, write $\theta$ along an eigenvector of the Hessian with eigenvalue $\lambda > 0$; the
# linearised motion is $e^{rs}$ with $\frac{m}{\gamma^2}r^2 + r + \lambda = 0$. With
# $\varepsilon = m\lambda/\gamma^2$ the two roots are
#
# $$
# r_\pm = \frac{-1 \pm \sqrt{1 - 4\varepsilon}}{2\varepsilon/\lambda}, \qquad
# r_+ = -\lambda\,\bigl(1 + \varepsilon + O(\varepsilon^2)\bigr), \qquad
# r_- = -\frac{\gamma^2}{m} + \lambda + O(\varepsilon\lambda).
# $$
#
# Both are real (no oscillation) once $\varepsilon < 1/4$: the motion is *overdamped*. The fast
# root $r_-$ describes the velocity relaxing to the local force within a time $m/\gamma$ (in $t$);
# the slow root $r_+$ is, up to a relative error $\varepsilon$, the rate $-\lambda$ of
# $d\theta/ds = -\nabla E$ on the same quadratic. So the inertial term may be dropped when
# $m\lambda_{\max}/\gamma^2 \ll 1$ for every curvature the path meets, and then $\theta(t)$ follows
# gradient flow in the rescaled time $s = t/\gamma$: {eq}`gradient-flow` is that equation with
# $s$ renamed $t$ (equivalently, the mobility $1/\gamma$ is set to one). The neglected term
# changes the path by an amount of order $\varepsilon$.
# :::
#
# Our first landscape is a smooth bowl that is not quadratic,
#
# $$
# E(x, y) = \tfrac12 x^2 + 2y^2 + \log\cosh(x+y).
# $$ (smooth-bowl)
#
# The first two terms are an elongated bowl; $\log\cosh u$ behaves like $u^2/2$ near $u = 0$ and
# like $|u|$ far away, so it stiffens the bowl along the diagonal near the origin and flattens out
# further off. Its only minimum is the origin. We integrate {eq}`gradient-flow` with a high-order
# adaptive solver ({func}`physml.landscape.gradient_flow`, scipy's DOP853), and the full equation
# {eq}`damped-newton` with friction $\gamma = 2$ and decreasing mass, started at rest from the same
# point; the derivation predicts that $\theta(\gamma s)$ approaches the flow $\theta_{\rm flow}(s)$
# with a gap proportional to $m$, so each quartering of the mass should divide the gap by about
# four. The largest curvature of this bowl, $\beta \approx 5.30$ (computed below), sets
# $\varepsilon_{\max} = m\beta/\gamma^2$.

# %%
grad_E = jax.grad(L.smooth_bowl)
theta0 = jnp.array([2.5, -1.6])
t = np.linspace(0.0, 4.0, 401)
flow = L.gradient_flow(grad_E, theta0, t)
grad_E_fast = jax.jit(grad_E)


def damped_newton(mass, gamma):
    """Solve m theta'' + gamma theta' = -grad E from rest at theta0; report theta at t = gamma * s."""
    def rhs(_t, z):
        theta, velocity = z[:2], z[2:]
        force = -np.asarray(grad_E_fast(jnp.asarray(theta)))
        return np.concatenate([velocity, (force - gamma * velocity) / mass])

    z0 = np.concatenate([np.asarray(theta0), np.zeros(2)])
    sol = solve_ivp(rhs, (0.0, gamma * t[-1]), z0, method="DOP853", t_eval=gamma * t,
                    rtol=1e-10, atol=1e-12)
    return sol.y[:2].T


gamma, gaps = 2.0, []
for mass in (0.08, 0.02, 0.005):
    gaps.append(np.max(np.linalg.norm(damped_newton(mass, gamma) - flow, axis=1)))
    print(f"m = {mass:5.3f}: m beta/gamma^2 = {mass * L.SMOOTH_BOWL_BETA / gamma**2:.3f}, "
          f"max |theta(gamma s) - theta_flow(s)| = {gaps[-1]:.1e}")
print(f"quartering m divides the gap by {gaps[0] / gaps[1]:.1f}, then by {gaps[1] / gaps[2]:.1f}")

# %% [markdown]
# The printed gaps shrink in proportion to the mass (the ratio approaches four as
# $\varepsilon \to 0$, where the expansion of the derivation becomes exact): friction-dominated
# motion *is* gradient flow once time is rescaled by $\gamma$, $s = t/\gamma$. From here on we work with
# {eq}`gradient-flow` directly.
#
# ### The energy identity
#
# Along any solution of {eq}`gradient-flow` the chain rule gives the rate at which the energy
# changes,
#
# $$
# \frac{dE}{dt} = \nabla E(\theta)^\top \frac{d\theta}{dt} = -\lVert \nabla E(\theta)\rVert^2 \le 0 ,
# $$ (energy-identity)
#
# so the energy never increases, and it stops decreasing only at a **critical point**, where
# $\nabla E = 0$. This is the mathematical content of "training goes downhill".
#
# :::{admonition} Derivation: where the energy goes
# :class: dropdown
# For the full equation {eq}`damped-newton`, multiply by $\dot\theta^\top$ and use
# $\frac{d}{dt}\bigl(\tfrac12 m\lVert\dot\theta\rVert^2\bigr) = m\,\dot\theta^\top\ddot\theta$ and
# $\frac{d}{dt}E(\theta) = \nabla E^\top\dot\theta$:
#
# $$
# \frac{d}{dt}\Bigl(\tfrac12 m\lVert\dot\theta\rVert^2 + E(\theta)\Bigr) = -\gamma\,\lVert\dot\theta\rVert^2 .
# $$
#
# Friction drains the total energy at the rate $\gamma\lVert\dot\theta\rVert^2$. In the overdamped
# limit the velocity is $\dot\theta = -\nabla E/\gamma$, so the kinetic energy is of order $m$ and
# drops out, and $dE/dt = -\lVert\nabla E\rVert^2/\gamma$. In the rescaled time $s = t/\gamma$ this
# is {eq}`energy-identity`: all the potential energy the particle loses is dissipated at once,
# none is stored as motion, which is why gradient flow cannot overshoot.
# :::
#
# We check both sides of {eq}`energy-identity` along the trajectory: the left side by a
# finite-difference derivative of the computed $E(\theta(t))$, the right side from the gradient.

# %%
def identity_mismatch(t):
    """Largest gap between dE/dt (finite differences) and -|grad E|^2 along the flow."""
    flow = L.gradient_flow(grad_E, theta0, t)
    energy = np.asarray(L.smooth_bowl(flow))
    dE_dt = np.gradient(energy, t, edge_order=2)                            # left side
    minus_grad_sq = -np.sum(np.asarray(jax.vmap(grad_E)(flow)) ** 2, axis=1)  # right side
    return np.max(np.abs(dE_dt - minus_grad_sq)) / np.max(np.abs(minus_grad_sq)), flow, energy, dE_dt, minus_grad_sq

err_coarse, *_ = identity_mismatch(np.linspace(0.0, 4.0, 201))
rel_err, flow, energy, dE_dt, minus_grad_sq = identity_mismatch(t)
print(f"E(theta(t=0)) = {energy[0]:.4f},  E(theta(t=4)) = {energy[-1]:.2e}")
print(f"energy never rises along the flow: {bool(np.all(np.diff(energy) <= 0))}")
print(f"max |dE/dt + |grad E|^2| / max |grad E|^2: {err_coarse:.1e} (dt = 0.02), {rel_err:.1e} (dt = 0.01)")
print(f"halving dt divides the mismatch by {err_coarse / rel_err:.1f}")

# %% [markdown]
# The two sides agree to the accuracy of the finite-difference derivative: halving $\Delta t$
# divides the mismatch by about four (printed above), the signature of a second-order error in the difference quotient,
# not in the identity. The solver itself is far more accurate: on a quadratic
# $E = \tfrac12\theta^\top A\theta$, where {eq}`gradient-flow` is linear, $\dot\theta = -A\theta$,
# and solved by the matrix exponential, $\theta(t) = e^{-At}\theta_0$, it matches to better than
# $10^{-10}$.

# %%
from scipy.linalg import expm

A = np.array([[3.0, 1.0], [1.0, 2.0]])
numeric = L.gradient_flow(lambda th: jnp.asarray(A) @ th, np.array([1.0, -1.0]), t)
exact = np.array([expm(-A * s) @ np.array([1.0, -1.0]) for s in t])
print(f"max error of gradient_flow against exp(-At) theta0: {np.max(np.abs(numeric - exact)):.0e}")

# %% [markdown]
# {numref}`fig-ch01-flow` shows the trajectory and the identity. The path leaves the starting point
# at right angles to the contour lines (the gradient is perpendicular to a level set) and bends as
# the landscape's steepest direction changes; on the right, the two sides of
# {eq}`energy-identity` lie on top of each other.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Left: the gradient-flow trajectory from (2.5, \u22121.6) on the contours of the smooth bowl; it crosses every contour at a right angle and ends at the minimum at the origin. Right: the rate of change of the energy along it, by finite differences (line), and \u2212|\u2207E|\u00b2 (dots); they agree, as the energy identity says.", "name": "fig-ch01-flow"}} tags=["hide-input"]
xs = np.linspace(-3, 3, 121)
X, Y = np.meshgrid(xs, xs)
Z = np.asarray(L.smooth_bowl(jnp.stack([X, Y], -1)))

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.6))
ax1.contour(X, Y, Z, levels=15, linewidths=0.8)
ax1.plot(flow[:, 0], flow[:, 1], color=COLORS["vermillion"], label="gradient flow")
ax1.set(xlabel="x", ylabel="y", aspect="equal", title="trajectory on the landscape")
ax2.plot(t, dE_dt, label="dE/dt (finite differences)")
ax2.plot(t[::12], minus_grad_sq[::12], "o", ms=4, label=r"$-\|\nabla E\|^2$")
ax2.set(xlabel="time t", title="energy identity")
ax2.legend()
plt.show()

# %% [markdown]
# :::{admonition} Checkpoint
# :class: tip
# A frictionless marble released on the side of a bowl swings back and forth forever. Can a
# gradient-flow trajectory ever circle around a minimum, or come back to a point it has visited?
#
# ```{dropdown} Answer
# No. By {eq}`energy-identity` the energy strictly decreases unless $\nabla E = 0$, so a trajectory
# can never return to a point it has left (it would need to regain the energy it lost), and a
# closed orbit is impossible. Near a minimum the linearised flow is $\dot\theta = -H\theta$ with a
# *symmetric* $H$, whose eigenvalues are real: the approach is a sum of decaying exponentials with
# no rotation. Oscillation needs stored kinetic energy, which the overdamped limit removed.
# ```
# :::
#
# ## Gradient descent: a discretised flow with a speed limit
#
# A computer cannot follow {eq}`gradient-flow` continuously. **Gradient descent** replaces the flow
# by explicit Euler steps of size $\alpha$ (the step size or learning rate, see
# {ref}`primer-optimisers`):
#
# $$
# \theta_{k+1} = \theta_k - \alpha\,\nabla E(\theta_k).
# $$ (gradient-descent)
#
# Read as a time step, $\alpha$ is the $\Delta t$ of the discretisation: $k$ steps of gradient
# descent approximate the flow up to time $t = k\alpha$. Here is the whole algorithm, written out
# in a few lines; {func}`physml.landscape.gradient_descent` runs the same update as one compiled
# loop (`jax.lax.scan`, see {ref}`primer-jit`) and accepts any *pytree* of parameters (a nested
# list or dictionary of arrays, see {ref}`primer-mlp`). The cell
# checks that the two agree on the smooth bowl.

# %%
def descend(grad, theta, alpha, n_steps):
    """Gradient descent written out: the rows are theta_0, theta_1, ..., theta_n."""
    path = [theta]
    for _ in range(n_steps):
        theta = theta - alpha * grad(theta)     # one explicit Euler step of the flow
        path.append(theta)
    return jnp.stack(path)


on_page = descend(grad_E, theta0, 0.2, 40)
fast = L.gradient_descent(grad_E, theta0, 0.2, 40)
err = float(jnp.max(jnp.abs(on_page - fast)))
assert err < 1e-10, err
print(f"on-page gradient descent agrees with physml.landscape.gradient_descent: {err < 1e-10}")

# %% [markdown]
# A small $\alpha$ tracks the flow closely but needs many steps; a large one saves steps, until it
# breaks. Where it breaks can be worked out exactly on a quadratic,
# $E = \tfrac12\theta^\top A\theta$ with a symmetric positive-definite $A$ whose eigenpairs are
# $(\lambda_i, u_i)$. The update is then linear, and each component $c_i = u_i^\top\theta$ along an
# eigenvector is multiplied by $1 - \alpha\lambda_i$ at every step. The iteration therefore
# converges from every start if and only if $|1-\alpha\lambda_i| < 1$ for all $i$, that is
#
# $$
# 0 < \alpha < \frac{2}{\lambda_{\max}} .
# $$ (stability-limit)
#
# :::{admonition} Derivation: the stability limit on a quadratic
# :class: dropdown
# For $E = \tfrac12\theta^\top A\theta$ the gradient is $A\theta$, so {eq}`gradient-descent` reads
# $\theta_{k+1} = (I - \alpha A)\,\theta_k$. Expand $\theta_k = \sum_i c_i^{(k)} u_i$ in the
# orthonormal eigenvectors of $A$ and project the update on $u_i$, using $u_i^\top A = \lambda_i u_i^\top$:
#
# $$
# c_i^{(k+1)} = u_i^\top (I - \alpha A)\,\theta_k = (1 - \alpha\lambda_i)\,c_i^{(k)}
# \quad\Longrightarrow\quad c_i^{(k)} = (1 - \alpha\lambda_i)^k\,c_i^{(0)} .
# $$
#
# The directions decouple, and each is a geometric sequence. It tends to zero for every
# $c_i^{(0)}$ if and only if $|1 - \alpha\lambda_i| < 1$, i.e. $0 < \alpha\lambda_i < 2$. With all
# $\lambda_i > 0$ the condition is hardest to meet for the largest eigenvalue, which gives
# {eq}`stability-limit`. Three regimes per direction follow from the sign of $1 - \alpha\lambda_i$:
# for $\alpha < 1/\lambda_i$ the component shrinks monotonically (like the flow); for
# $1/\lambda_i < \alpha < 2/\lambda_i$ it flips sign at every step while shrinking (overshoot);
# for $\alpha > 2/\lambda_i$ it flips and grows (divergence). After many steps $\lVert\theta_k\rVert$
# shrinks by the factor $\max_i|1-\alpha\lambda_i|$ per step, set by the slowest-decaying direction. This is
# the stability limit of the explicit Euler method for a stiff linear ODE, met here with $\Delta t = \alpha$.
# :::
#
# The stiffest direction sets the speed limit for all of them {cite}`ch01-lecun1998efficient`, while the
# flattest direction, which shrinks by only $1 - \alpha\lambda_{\min}$ per step, sets how long
# the trip takes. We test {eq}`stability-limit` by scanning $\alpha$ on a quadratic with eigenvalues
# 1 and 10 (its eigenvectors rotated by 0.4 rad from the axes), so that the predicted limit is
# $2/10 = 0.2$. For each $\alpha$ we run 500 steps from $(1, 1)$ and measure the factor by which
# $\lVert\theta_k\rVert$ shrinks in the last step.

# %%
Q = np.array([[np.cos(0.4), -np.sin(0.4)], [np.sin(0.4), np.cos(0.4)]])
A = jnp.asarray(Q @ np.diag([1.0, 10.0]) @ Q.T)
grad_quad = lambda th: A @ th
alphas = np.round(np.arange(0.150, 0.2501, 0.001), 3)
norms = np.array([np.linalg.norm(L.gradient_descent(grad_quad, jnp.array([1.0, 1.0]), a, 500), axis=1)
                  for a in alphas])
final = norms[:, -1]
# the contraction factor per step at the end of the run: it does not depend on the horizon
factor = norms[:, -1] / norms[:, -2]
theory = np.max(np.abs(1 - alphas[:, None] * np.array([1.0, 10.0])), axis=1)   # max_i |1 - alpha lambda_i|
print(f"predicted limit 2/lambda_max = {2 / 10:.3f}")
print(f"measured factor against max|1 - alpha lambda|: differences below 1e-3: "
      f"{np.max(np.abs(factor - theory)) < 1e-3} (below 1e-12 for alpha >= 0.19: "
      f"{np.max(np.abs(factor - theory)[alphas >= 0.19]) < 1e-12})")
print(f"largest alpha with factor < 1 : {alphas[factor < 1 - 1e-6].max():.3f}")
print(f"smallest alpha with factor > 1: {alphas[factor > 1 + 1e-6].min():.3f}")
print(f"a horizon-dependent test, |theta_500| < 1e-3, would call 'converged' only up to "
      f"{alphas[final < 1e-3].max():.3f} (at 0.199 the stiff factor is 0.99, and 0.99^500 = {0.99**500:.0e})")

# %% [markdown]
# {numref}`fig-ch01-stability` shows the same scan as the size of $\theta$ after 500 steps.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Gradient descent on a quadratic with Hessian eigenvalues 1 and 10: the size of the parameter after 500 steps against the step size \u03b1 (log scale). It is smallest at \u03b1 = 2/11 \u2248 0.18, where both directions shrink by the same factor 9/11 per step (to the left the flat direction, to the right the stiff one shrinks more slowly: hence the V); it rises steeply as \u03b1 approaches the stability limit 2/\u03bb_max = 0.2 (dashed) and explodes beyond it. Values above 10\u00b3\u2070 are drawn at 10\u00b3\u2070, hence the flat top.", "name": "fig-ch01-stability"}} tags=["hide-input"]
fig, ax = plt.subplots()
ax.semilogy(alphas, np.minimum(final, 1e30), ".-")
ax.axvline(0.2, color=COLORS["vermillion"], ls="--", label=r"$2/\lambda_{\max}$")
ax.set(xlabel=r"step size $\alpha$", ylabel=r"$\|\theta_{500}\|$", title="quadratic, eigenvalues 1 and 10")
ax.legend()
plt.show()

# %% [markdown]
# The measured factor by which $\lVert\theta_k\rVert$ shrinks per step at the end of the run is
# $\max_i|1-\alpha\lambda_i|$, as the eigen-decomposition says (it differs at the $10^{-3}$ level
# only next to $\alpha = 2/11$, where both components shrink at nearly the same rate and 500 steps do
# not yet separate them), and it crosses 1 exactly at the
# predicted limit: the scan's step of $10^{-3}$ brackets it (at $\alpha = 0.2$ exactly the stiff
# component flips sign each step without shrinking). Judging convergence by the size of
# $\theta_{500}$ instead would move the edge with the horizon: just below the limit the stiff
# component shrinks by only 1% per step, and 500 steps are not enough to bring it under a fixed cut.
#
# :::{admonition} Checkpoint
# :class: tip
# On this quadratic (eigenvalues 1 and 10) take $\alpha = 0.15$. Which of the two components decides
# how fast $\lVert\theta_k\rVert$ shrinks, and which $\alpha$ makes it shrink fastest?
#
# ```{dropdown} Answer
# The factors are $|1 - 0.15\cdot 1| = 0.85$ for the flat direction and $|1 - 0.15\cdot 10| = 0.5$
# for the stiff one (which flips sign each step): the flat direction is the bottleneck. Raising
# $\alpha$ helps the flat direction and hurts the stiff one; the worst factor is smallest where
# the two are equal, $1 - \alpha = 10\alpha - 1$, at $\alpha = 2/11$, with factor $9/11 \approx 0.82$.
# That is the step size singled out in the paragraph above. The practice asks for the general rule.
# ```
# :::
#
# ## Smoothness: a guarantee beyond quadratics
#
# Real losses are not quadratic, and their curvature changes from place to place. What survives is
# a bound. A loss is **$\beta$-smooth** if its gradient is $\beta$-Lipschitz,
# $\lVert\nabla E(\theta) - \nabla E(\theta')\rVert \le \beta\lVert\theta-\theta'\rVert$ for all
# $\theta, \theta'$; for twice differentiable $E$ this means every Hessian eigenvalue, at every
# point, lies in $[-\beta, \beta]$. Under this single hypothesis one step of gradient descent
# obeys the **descent lemma** {cite}`ch01-nesterov2018lectures`,
#
# $$
# E(\theta - \alpha\nabla E) \le E(\theta) - \alpha\Bigl(1 - \frac{\alpha\beta}{2}\Bigr)\lVert\nabla E(\theta)\rVert^2 ,
# $$ (descent-lemma)
#
# so every step lowers the energy when $0 < \alpha < 2/\beta$, on any $\beta$-smooth landscape,
# convex or not.
#
# :::{admonition} Derivation: the descent lemma
# :class: dropdown
# *Hypothesis:* $E$ is differentiable and $\nabla E$ is $\beta$-Lipschitz. Let $d$ be any step.
# By the fundamental theorem of calculus along the segment from $\theta$ to $\theta + d$, then
# Cauchy–Schwarz and the Lipschitz bound $\lVert\nabla E(\theta + \tau d) - \nabla E(\theta)\rVert \le \beta\tau\lVert d\rVert$:
#
# $$
# \begin{aligned}
# E(\theta + d) - E(\theta) - \nabla E(\theta)^\top d
#   &= \int_0^1 \bigl[\nabla E(\theta + \tau d) - \nabla E(\theta)\bigr]^\top d \; d\tau \\
#   &\le \int_0^1 \beta\,\tau\,\lVert d\rVert^2 \, d\tau = \frac{\beta}{2}\lVert d\rVert^2 , \\
# E(\theta - \alpha\nabla E) &\le E(\theta) - \alpha\lVert\nabla E\rVert^2 + \frac{\beta\alpha^2}{2}\lVert\nabla E\rVert^2
#   \qquad (d = -\alpha\nabla E(\theta)),
# \end{aligned}
# $$
#
# which is {eq}`descent-lemma`. Only an *upper* bound on the curvature was used: no convexity, no
# minimum. On $E = \tfrac12\beta\theta^2$ the inequality is an equality (both sides equal
# $E(\theta)(1-\alpha\beta)^2$), so the threshold $2/\beta$ cannot be improved in general.
# :::
#
# For the landscape {eq}`smooth-bowl` the Hessian is $\operatorname{diag}(1,4) + \operatorname{sech}^2(x+y)
# \bigl(\begin{smallmatrix}1&1\\1&1\end{smallmatrix}\bigr)$, largest on the line $x+y=0$, where
# $\operatorname{sech}^2 = 1$ and the matrix $\bigl(\begin{smallmatrix}2&1\\1&5\end{smallmatrix}\bigr)$
# has eigenvalues $(7\pm\sqrt{13})/2$; this gives $\beta = (7+\sqrt{13})/2 \approx 5.30$. Far from
# that line the $\operatorname{sech}^2$ term vanishes and the largest curvature drops to 4. We
# confirm $\beta$ on a grid and then test the guarantee from 200 random starts at each step size,
# counting the runs in which any step raised the energy and the runs that diverged.

# %%
hess = jax.jit(jax.vmap(jax.hessian(L.smooth_bowl)))
grid = jnp.stack([X.ravel(), Y.ravel()], -1)
beta_grid = float(jnp.max(jnp.linalg.eigvalsh(hess(grid))[:, -1]))
print(f"beta (closed form) = {L.SMOOTH_BOWL_BETA:.4f},  on a 121x121 grid = {beta_grid:.4f}")
print(f"2/beta = {2 / L.SMOOTH_BOWL_BETA:.4f}")

# %%
grad_many = jax.vmap(grad_E)  # one gradient per row: 200 independent runs in one call

starts = jax.random.uniform(jax.random.key(0), (200, 2), minval=-3.0, maxval=3.0)
alpha_grid = np.round(np.arange(0.025, 0.701, 0.025), 3)
rows = []
for a in alpha_grid:
    e = np.asarray(L.smooth_bowl(L.gradient_descent(grad_many, starts, a, 60))).T  # (run, step)
    finite = np.all(np.isfinite(e) & (e < 1e6), axis=1)
    with np.errstate(invalid="ignore"):          # a diverged run may reach inf - inf
        rises = np.any(np.diff(e, axis=1) > 1e-12, axis=1)   # diverged runs count too
    rows.append((a, rises.mean(), 1 - finite.mean()))
rows = np.array(rows)
below = rows[rows[:, 0] < 2 / L.SMOOTH_BOWL_BETA]
print(f"alpha < 2/beta: {len(below)} step sizes x 200 starts, runs with any energy increase: "
      f"{int(below[:, 1].sum() * 200)}")
for a, frac_rise, frac_div in rows[(rows[:, 0] >= 0.35) & (rows[:, 0] <= 0.6)]:
    print(f"alpha = {a:.3f}: energy rose in {frac_rise:4.0%} of runs, diverged in {frac_div:4.0%}")

# %% [markdown]
# {numref}`fig-ch01-descent-lemma` shows the two fractions against $\alpha$, with the guarantee
# $2/\beta$ and the far-field limit $2/4$ marked.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Gradient descent on the smooth bowl from 200 random starts: the fraction of runs in which some step raised the energy (circles) and the fraction that diverged (squares), against the step size \u03b1. Below the descent-lemma bound 2/\u03b2 (dashed) no step raises the energy. The circles count runs whose energy ever rose; between 2/\u03b2 and 0.5 none of the runs converges, whether its energy rose or not, because the minimum itself is unstable there. Above 2/4 (dotted), the limit set by the curvature far from the line x + y = 0, every run diverges.", "name": "fig-ch01-descent-lemma"}} tags=["hide-input"]
fig, ax = plt.subplots()
ax.plot(rows[:, 0], rows[:, 1], "o-", label="some step raised E (diverged runs included)")
ax.plot(rows[:, 0], rows[:, 2], "s-", label="diverged (E > 1e6)")
ax.axvline(2 / L.SMOOTH_BOWL_BETA, color=COLORS["vermillion"], ls="--", label=r"$2/\beta$")
ax.axvline(0.5, color=COLORS["grey"], ls=":", label="2/4 (curvature far from x+y=0)")
ax.set(xlabel=r"step size $\alpha$", ylabel="fraction of 200 runs")
ax.legend(loc="upper left", fontsize=8)
plt.show()

# %% [markdown]
# Three regimes appear. Below $2/\beta$ not a single step of any run raised the energy, as
# {eq}`descent-lemma` promises. Between $2/\beta \approx 0.377$ and $0.5$ a growing share of the
# runs overshoot (38 % at $\alpha = 0.4$, all of them from $0.475$): the curvature near the minimum
# is too large for the step, the iterates bounce out to where the $\log\cosh$ term flattens, and
# they neither converge nor escape. Above $2/\beta$ no run reaches the minimum at all: on this bowl
# the largest curvature sits at the minimum itself, so $2/\beta$ is also the step at which the
# minimum becomes unstable, since a small offset from it grows by $|1 - \alpha\beta| > 1$ per step.
# The runs that never raised $E$ (62 % at $\alpha = 0.4$) did not converge either: they approach
# the two-point cycle from outside, with $E$ falling at every step. So the circles count
# overshooting steps, not failed runs. Above $0.5$, the step exceeds
# $2/4$, the limit set by the curvature that remains far from the line $x+y=0$, and the runs
# diverge; every one of them raised the energy on the way out, so both curves stand at 100 % there.
# (A diverged run is counted in both: leaving it out of the first curve would make it drop to zero
# above $0.5$ for no physical reason.) The guarantee is sharp at $2/\beta$; what happens above it
# depends on the landscape.
#
# :::{admonition} Checkpoint
# :class: tip
# According to {eq}`descent-lemma`, which step size lowers the energy the most in the worst case,
# and by at least how much? Is the origin then guaranteed to be reached?
#
# ```{dropdown} Answer
# The guaranteed decrease $\alpha(1 - \alpha\beta/2)\lVert\nabla E\rVert^2$ is a downward parabola
# in $\alpha$, largest at $\alpha = 1/\beta$, where it is $\lVert\nabla E\rVert^2/(2\beta)$. Summing
# over steps, $\sum_k \lVert\nabla E(\theta_k)\rVert^2 \le 2\beta\,(E(\theta_0) - \inf E)$, so the
# gradient must go to zero if $E$ is bounded below. So every limit point of the iterates is a
# *critical point*; if the iterates stay bounded (as on the smooth bowl, where $E$ grows without
# bound far away, so the falling energy confines them) they approach the set of critical points.
# That is a critical point, not necessarily a minimum: on the smooth bowl the origin is the only
# critical point, so the iterates converge to it; on a landscape with saddles (chapter 2) the lemma
# alone does not say which critical point.
# ```
# :::
#
# ## Explore: step size on a landscape
#
# {numref}`fig-ch01-explorer` runs gradient descent on the smooth bowl from one start at a step
# size you choose. Move the slider across $2/\beta$ and $0.5$. The left panel shows the path
# $\theta_0, \theta_1, \dots$; the right panel the energy at each step on a log scale. When a run
# diverges, the title says so and the curve stops at the step where $|\theta|$ passed $10^3$.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Gradient descent on the smooth bowl at an adjustable step size \u03b1. Left: the iterates on the contours; right: the energy at each step (log scale). Below 2/\u03b2 the energy falls at every step; between 2/\u03b2 and 0.5 the path can bounce across the valley without settling; above 0.5 it diverges.", "name": "fig-ch01-explorer"}} tags=["hide-input"]
from physml.interactives import landscape as figures

explorer = figures.step_size()
explorer.static()

# %% [markdown]
# In JupyterLab the next cell gives the same figure driven live by a slider: each move reruns the
# jit-compiled gradient descent and redraws the figure (`tools/benchmark.py` times this; it is a few
# tens of milliseconds on a laptop CPU).

# %% tags=["remove-output"]
explorer.live(learning_rate=0.3)

# %% [markdown]
# ## Curvature of a neural network, without its Hessian
#
# Everything above says that the largest curvature $\lambda_{\max}$ decides which step sizes are
# safe. For a neural network with $n$ parameters the Hessian has $n^2$ entries, too many to form
# for real models ($n = 10^8$ would need $10^{16}$ numbers). But {eq}`stability-limit` needs only
# the largest eigenvalue, and **power iteration** finds it using nothing but products $Hv$: start
# from a random unit vector and repeat $v \leftarrow Hv/\lVert Hv\rVert$. Writing $v$ in the
# eigenbasis, $k$ multiplications by $H$ scale each component by $\lambda_i^k$, so the direction with
# the largest $|\lambda_i|$ takes over geometrically, at the rate $|\lambda_2/\lambda_1|$ per
# step; the *Rayleigh quotient* $v^\top Hv$ of the final unit vector is then the eigenvalue.
#
# A Hessian-vector product costs about two gradients and never forms $H$. It is a directional
# derivative of the gradient,
#
# $$
# Hv = \frac{d}{d\delta}\nabla E(\theta+\delta v)\Big|_{\delta = 0},
# $$ (hvp)
#
# since the $i$-th component of the right side is $\sum_j \partial_j\partial_i E\,v_j$. Automatic
# differentiation ({ref}`primer-autodiff`) evaluates it exactly: `jax.jvp` (forward mode) of
# `jax.grad` (reverse mode) {cite}`ch01-pearlmutter1994fast`.
#
# Our network is a two-hidden-layer $\tanh$ multilayer perceptron ({ref}`primer-mlp`: 1 input, two
# layers of 16 neurons, 1 output, 321 parameters, stored as a list of dictionaries of arrays, a JAX
# *pytree*, built by {func}`physml.nn.mlp_init`) fitted to $y = \sin 2x$ at 32 points with the mean
# squared error. We flatten its parameters into one vector of length 321 so that $v$ is an ordinary
# array, write power iteration in a few lines, and check it against
# {func}`physml.landscape.top_hessian_eigenvalue` (the same iteration compiled as one loop) and
# against the eigenvalues of the dense $321\times321$ Hessian, which is still small enough to form.

# %%
x_train = jnp.linspace(-2.0, 2.0, 32)[:, None]
y_train = jnp.sin(2 * x_train)

def mse(params):
    return jnp.mean((mlp(params, x_train) - y_train) ** 2)

params0 = mlp_init((1, 16, 16, 1), key=jax.random.key(0))   # weights N(0, 1/fan_in), biases 0
flat, unravel = ravel_pytree(params0)                          # the 321 numbers as one vector
print(f"parameters: {flat.size}")

# %%
def mse_flat(f):
    return mse(unravel(f))

hvp = jax.jit(lambda v: jax.jvp(jax.grad(mse_flat), (flat,), (v,))[1])   # H v, eq. (hvp)

def power_iteration(matvec, v, n_iter):
    """Largest-magnitude eigenvalue of a symmetric matrix known only through v -> M v."""
    v = v / jnp.linalg.norm(v)
    for _ in range(n_iter):
        w = matvec(v)
        v = w / jnp.linalg.norm(w)
    return float(v @ matvec(v))          # Rayleigh quotient of the final unit vector

lam_page = power_iteration(hvp, jax.random.normal(jax.random.key(1), flat.shape), 200)
lam_hvp = L.top_hessian_eigenvalue(mse, params0, key=jax.random.key(1), n_iter=200)
lam_dense = np.linalg.eigvalsh(jax.jit(jax.hessian(mse_flat))(flat))[-1]   # compiled: ~5x faster
assert abs(lam_page - lam_hvp) < 1e-6 * lam_hvp, (lam_page, lam_hvp)
print(f"on-page power iteration agrees with physml.landscape.top_hessian_eigenvalue: "
      f"{abs(lam_page - lam_hvp) < 1e-6 * lam_hvp}")
print(f"lambda_max by HVP power iteration: {lam_hvp:.6f}")
print(f"lambda_max of the dense Hessian  : {lam_dense:.6f}")
print(f"predicted stability limit 2/lambda_max = {2 / lam_hvp:.4f}")


# %% [markdown]
# Power iteration finds the eigenvalue of largest *magnitude*; near a saddle that can be a negative
# one. {func}`physml.landscape.top_hessian_eigenvalue` detects this and iterates again on the
# shifted matrix $H - \mu I$, whose spectrum is non-negative; here $\lambda_{\max}$ is the
# dominant eigenvalue and the two versions agree.
#
# :::{admonition} Checkpoint
# :class: tip
# The Hessian's two largest eigenvalues *in magnitude* are $\lambda_1$ and $\lambda_2$
# ($|\lambda_1| \ge |\lambda_2|$). Roughly how many iterations
# does power iteration need to bring the error of the eigenvector direction down by a factor
# $10^{-6}$? What happens if $\lambda_2 = \lambda_1$?
#
# ```{dropdown} Answer
# The unwanted components shrink relative to the wanted one by $|\lambda_2/\lambda_1|$ per
# iteration, so about $k = 6\ln 10/\ln|\lambda_1/\lambda_2|$ iterations: 14 if the ratio is $1/e$,
# but about 1400 if $\lambda_2 = 0.99\lambda_1$. (The Rayleigh quotient converges faster, with
# the square of that factor: for a symmetric matrix it is stationary at an eigenvector, so a
# direction error of order $\delta$ changes it only by order $\delta^2$;
# {cite:t}`ch01-trefethen1997numerical`, Lecture 27.) If $\lambda_2 = \lambda_1$ the vector stops at some mixture of the
# two eigenvectors, but the Rayleigh quotient is still exactly $\lambda_1$: the eigenvalue, which
# is all {eq}`stability-limit` needs, is still found.
# ```
# :::
#
# Now we train with plain full-batch gradient descent (`optax.sgd`, see {ref}`primer-optimisers`,
# which is exactly {eq}`gradient-descent`; "full-batch" means that every step uses the gradient
# of the loss on all 32 points) at step sizes just below and above $2/\lambda_{\max}$, and far above
# it, measuring $\lambda_{\max}$ again at the end.

# %%
def train(learning_rate, n_steps=500):
    opt = optax.sgd(learning_rate)

    @jax.jit
    def step(params, state):
        loss, g = jax.value_and_grad(mse)(params)
        updates, state = opt.update(g, state, params)
        return optax.apply_updates(params, updates), state, loss

    params, state, losses = params0, opt.init(params0), []
    for _ in range(n_steps):
        params, state, loss = step(params, state)
        losses.append(float(loss))
    return params, np.array(losses)

runs = {}
for factor in (0.9, 1.5, 3.0):
    learning_rate = factor * 2 / lam_hvp
    params, losses = train(learning_rate)
    runs[factor] = losses
    if np.all(np.isfinite(losses)) and losses[-1] < 1e3:
        lam_end = L.top_hessian_eigenvalue(mse, params, key=jax.random.key(1), n_iter=200)
        first_rise = int(np.argmax(np.diff(losses) > 0)) + 1
        print(f"alpha = {factor:.1f} x 2/lambda_max: loss first rose at step {first_rise:3d}, peak "
              f"{losses.max():.2f}, final {losses[-1]:.3f}; final lambda_max = {lam_end:.1f} "
              f"(2/alpha = {2 / learning_rate:.1f})")
    else:
        first_bad = int(np.argmax(~np.isfinite(losses) | (losses > 1e3)))
        print(f"alpha = {factor:.1f} x 2/lambda_max: DIVERGED (loss above 1e3 at step {first_bad})")

# %% [markdown]
# {numref}`fig-ch01-mlp` shows the three training curves.

# %% jupyter={"source_hidden": true} mystnb={"figure": {"caption": "Training loss of the MLP under full-batch gradient descent at 0.9, 1.5 and 3 times the stability limit 2/\u03bb_max measured at initialisation (log scale). Just below the limit the loss falls, then spikes repeatedly once the curvature has grown to 2/\u03b1; just above it the loss first jumps up, then falls, and spikes again several times (about steps 35 to 170), each spike smaller than the last; at three times the limit the run diverges within a few steps and its curve ends.", "name": "fig-ch01-mlp"}} tags=["hide-input"]
fig, ax = plt.subplots()
for factor, losses in runs.items():
    ax.semilogy(np.where(losses < 1e3, losses, np.nan), label=fr"$\alpha = {factor}\times 2/\lambda_{{\max}}$")
ax.set(xlabel="step", ylabel="training loss", title="MLP, full-batch gradient descent")
ax.legend()
plt.show()

# %% [markdown]
# One initialisation is one sample. We repeat the two surviving step sizes from eight
# initialisations (seeds 0 to 7), each with the step set by its own $\lambda_{\max}$ at the start,
# and compare the final $\lambda_{\max}$ with $2/\alpha$. The training loop is the same, compiled
# as a single `jax.lax.scan` so that the sixteen runs take a moment.

# %%
def train_scan(params, learning_rate, n_steps=500):
    """The same full-batch gradient descent (optax.sgd) as one compiled loop; returns the losses."""
    opt = optax.sgd(learning_rate)

    def step(carry, _):
        params, state = carry
        loss, g = jax.value_and_grad(mse)(params)
        updates, state = opt.update(g, state, params)
        return (optax.apply_updates(params, updates), state), loss

    (params, _), losses = jax.lax.scan(step, (params, opt.init(params)), None, length=n_steps)
    return params, losses


train_scan = jax.jit(train_scan, static_argnums=2)
ratio, diverged = {0.9: [], 1.5: []}, {0.9: 0, 1.5: 0}
for seed in range(8):
    start = mlp_init((1, 16, 16, 1), key=jax.random.key(seed))
    lam_start = L.top_hessian_eigenvalue(mse, start, key=jax.random.key(1), n_iter=200)
    for factor in ratio:
        learning_rate = factor * 2 / lam_start
        params, losses = train_scan(start, learning_rate)
        if not (np.isfinite(float(losses[-1])) and float(losses[-1]) < 1e3):
            diverged[factor] += 1
            continue
        lam_end = L.top_hessian_eigenvalue(mse, params, key=jax.random.key(1), n_iter=200)
        ratio[factor].append(lam_end / (2 / learning_rate))
print("final lambda_max / (2/alpha), 8 initialisations:")
# bounds, not counts: whether a catapult finds a flatter region in time can change between CPUs
for factor, within, outcome, holds in ((0.9, 0.05, "none diverged", diverged[0.9] == 0),
                                       (1.5, 0.10, "at least one diverged", diverged[1.5] > 0)):
    r = np.array(ratio[factor])
    print(f"alpha = {factor} x 2/lambda_max: {outcome}: {holds}; "
          f"every run that trained ends within {within:.0%} of 1: {bool(np.all(np.abs(r - 1) < within))}")

# %% [markdown]
# The quadratic theory is local, and a network is not a quadratic; the printed numbers show how it
# breaks. Just below the limit the early steps lower the loss, but the curvature does not stay put:
# $\lambda_{\max}$ grows during training until it reaches $2/\alpha$, and from then on the loss
# spikes and recovers instead of falling steadily. Just above the limit the loss rises within the
# first few steps, as the stiff direction is amplified, yet it does not blow up: the iterates are
# thrown to a flatter region, where $\lambda_{\max}$ is below $2/\alpha$, and training resumes
# there (the *catapult* of {cite:t}`ch01-lewkowycz2020large`). In both surviving runs of seed 0 the
# final $\lambda_{\max}$ sits at $2/\alpha$ to within a few per cent, and the eight initialisations
# show that this is not luck: at $0.9 \times 2/\lambda_{\max}$ every run ends with $\lambda_{\max}$
# within 5 % of $2/\alpha$, and at $1.5\times$ every run that survives ends within 10 %. Gradient
# descent settles at the *edge of stability* {cite}`ch01-cohen2021gradient`, where the curvature is as
# large as the step allows. The catapult is less reliable: at $1.5\times$ some initialisations
# find no flatter region and diverge, as the seed-0 run does at $3\times$, within a few steps.
# (We print bounds, not the sixteen ratios, nor how many runs diverge: at the edge of stability the
# loss spikes again and again and small differences grow, so the last digits of a run, and
# whether a catapult finds a flatter region in time, are not reproducible from one processor to
# another, while the bounds are.)
#
# ## What to remember
#
# - A loss is a potential energy. Friction-dominated motion, $m\ddot\theta + \gamma\dot\theta =
#   -\nabla E$ with $m\lambda_{\max}/\gamma^2 \ll 1$, is gradient flow {eq}`gradient-flow` in the
#   time $t/\gamma$, and it lowers $E$ at the rate $\lVert\nabla E\rVert^2$ {eq}`energy-identity`:
#   it never overshoots and never circles.
# - Gradient descent is the explicit Euler discretisation of that flow with time step $\alpha$.
#   On a quadratic each eigendirection is multiplied by $1 - \alpha\lambda_i$ per step, so
#   $\alpha < 2/\lambda_{\max}$ is necessary and sufficient; the stiffest direction limits the step
#   and the flattest one limits the speed.
# - On any $\beta$-smooth loss the descent lemma guarantees that every step lowers $E$ when
#   $\alpha < 2/\beta$; above that, what happens depends on the landscape (bouncing or divergence
#   on the smooth bowl).
# - The largest Hessian eigenvalue of a network is cheap to measure by power iteration on
#   Hessian-vector products, without forming the Hessian. In our runs, from eight initialisations,
#   training drove it to within 5–10 % of $2/\alpha$: the edge of stability.
# - What goes wrong: judging convergence by a fixed cut after a fixed number of steps moves the
#   apparent stability edge; power iteration returns the eigenvalue of largest magnitude, which
#   can be negative near a saddle; and a step size tuned to the curvature at initialisation does
#   not stay tuned, because training changes the curvature.
#
# **Practice:** [Practice 1: loss landscapes as potential energy surfaces](../exercises/ch01_practice.ipynb) — derive the force, predict an overshoot before
# seeing it, find the stable and the fastest step size, explain why a run bounces instead of
# diverging, and measure the stability limit of a small network.
#
# ## Exercises
#
# 1. **Overdamped or not?** For $E = \tfrac12\lambda\theta^2$ and $m\ddot\theta + \gamma\dot\theta
#    = -\lambda\theta$, find the condition for the motion to be free of oscillation. For the smooth
#    bowl with $\gamma = 2$, what is the largest mass for which motion near the minimum is
#    overdamped? Is the computation above with $m = 0.08$ in that range?
#
#    ```{dropdown} Answer
#    The characteristic equation $mr^2 + \gamma r + \lambda = 0$ has real roots when
#    $\gamma^2 \ge 4m\lambda$, i.e. $m \le \gamma^2/(4\lambda)$. At the origin of the smooth bowl the
#    largest curvature is $\beta \approx 5.30$, so $m \le 4/(4\cdot 5.30) \approx 0.19$. With
#    $m = 0.08$ the motion is overdamped ($\varepsilon = 0.106 < 1/4$) but $\varepsilon$ is not
#    small, and the printed gap to gradient flow, about 0.1, is correspondingly large. Overdamped is
#    necessary for no overshoot; $\varepsilon \ll 1$ is what makes the path equal the gradient-flow path.
#    ```
#
# 2. **The cost of ill-conditioning (computational).** On $E = \tfrac12\theta^\top A\theta$ with
#    $A = \operatorname{diag}(1, \kappa)$ and the fastest fixed step $\alpha^*$ that you derive in
#    practice task 1.4, use {func}`physml.landscape.gradient_descent` from $\theta_0 = (1, 1)$ to
#    count the steps needed
#    to make $\lVert\theta_k\rVert < 10^{-6}$ for $\kappa = 10, 100, 1000$. How does the count
#    scale with the *condition number* $\kappa = \lambda_{\max}/\lambda_{\min}$?
#
#    ```{dropdown} Answer
#    Here $\alpha^* = 2/(1+\kappa)$, and both directions shrink by the same factor
#    $(\kappa-1)/(\kappa+1)$ per step. Starting from $\lVert\theta_0\rVert = \sqrt2$, the count is
#    about $\ln(\sqrt2\cdot 10^6)/\ln\frac{\kappa+1}{\kappa-1} \approx 7.1\,\kappa$ steps: 71, 709 and
#    7082 (measured). A sketch:
#    `path = L.gradient_descent(lambda th: A @ th, jnp.ones(2), 2 / (1 + k), 20000)`, then
#    `np.argmax(np.linalg.norm(path, axis=1) < 1e-6)`. The number of steps grows linearly with
#    $\kappa$: one stiff direction forces a small step on all the others.
#    ```
#
# 3. **A map of the curvature (computational).** Use {func}`physml.landscape.top_hessian_eigenvalue`
#    with `loss=L.smooth_bowl` at the points $(a, -a)$ and $(a, a)$ for $a = 0, 1, 2, 3$. Explain
#    the two sequences of numbers from the Hessian formula in the text.
#
#    ```{dropdown} Answer
#    On the line $(a, -a)$, $x + y = 0$ and $\operatorname{sech}^2 = 1$: every value is
#    $\beta = (7 + \sqrt{13})/2 \approx 5.303$. On $(a, a)$, $\operatorname{sech}^2(2a)$ decays
#    (1, 0.07, 0.0013, ...) and $\lambda_{\max}$ falls from 5.303 towards 4, the curvature of the
#    $2y^2$ term alone. This is why steps between $2/\beta$ and $0.5$ are unstable near the line
#    $x + y = 0$, which passes through the minimum, but stable far from it.
#    ```
#
# 4. **The descent lemma is sharp.** Show that for $E = \tfrac12\beta\theta^2$ the two sides of
#    {eq}`descent-lemma` are equal, and describe the iterates at $\alpha = 2/\beta$.
#
#    ```{dropdown} Answer
#    A step gives $\theta' = (1 - \alpha\beta)\theta$, so $E(\theta') = E(\theta)(1-\alpha\beta)^2$.
#    The right side is $E - \alpha(1 - \alpha\beta/2)\beta^2\theta^2 = E\,(1 - 2\alpha\beta +
#    \alpha^2\beta^2) = E(1-\alpha\beta)^2$: equal. At $\alpha = 2/\beta$, $\theta' = -\theta$: the
#    iterate jumps to the mirror point at the same energy forever, neither converging nor diverging.
#    ```
#
# 5. **Why a network reaches the edge of stability.** On a quadratic, gradient descent with
#    $\alpha < 2/\lambda_{\max}$ can never reach $\lambda_{\max} = 2/\alpha$. Why can a network?
#
#    ```{dropdown} Answer
#    A quadratic's Hessian is the same everywhere; a network's depends on its parameters. Training
#    moves $\theta$, and in our runs it moves it into sharper regions ("progressive sharpening",
#    {cite:t}`ch01-cohen2021gradient`). Once $\lambda_{\max}$ exceeds $2/\alpha$ the stiff direction
#    grows, the loss spikes, and the iterates are pushed back to where $\lambda_{\max} \lesssim
#    2/\alpha$: the stability limit becomes a feedback that holds the curvature at its edge.
#    ```
#
# ## Further reading
#
# - {cite:t}`ch01-cauchy1847methode` — the original three-page note proposing to solve equations by
#   repeatedly stepping along the negative gradient of a sum of squares.
# - {cite:t}`ch01-zwanzig2001nonequilibrium`, chapters 1–2 — Brownian motion and the Langevin equation,
#   with the overdamped (Smoluchowski) limit used here and the noise that stochastic gradient
#   descent adds (chapter 2 of this book).
# - {cite:t}`ch01-nesterov2018lectures`, chapter 1 — smooth functions, the descent lemma, and the rates
#   of gradient descent with and without convexity.
# - {cite:t}`ch01-lecun1998efficient` — practical advice on learning rates derived from the Hessian's
#   eigenvalues, including $2/\lambda_{\max}$ and the role of the condition number.
# - {cite:t}`ch01-pearlmutter1994fast` — exact Hessian-vector products at the cost of a gradient, the
#   tool behind our curvature measurements.
# - {cite:t}`ch01-cohen2021gradient` and {cite:t}`ch01-lewkowycz2020large` — the edge of stability and the
#   catapult: what large step sizes do to real networks, beyond the quadratic theory.
#
# ```{bibliography}
# :filter: docname in docnames
# :keyprefix: ch01-
# ```
