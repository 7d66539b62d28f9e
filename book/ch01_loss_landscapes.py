# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
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
# verify the energy identity of gradient flow numerically; predict when gradient descent converges,
# overshoots or diverges from the curvature of the landscape; and measure that curvature in a neural
# network with Hessian-vector products.
#
# **Prerequisites:** multivariable calculus (gradient, Hessian), eigenvalues of symmetric matrices,
# basic Python and NumPy. JAX is introduced as we go.
#
# **Time to run:** under a minute on a laptop CPU. **Practice:** {doc}`../exercises/ch01_practice`.
# ```
#
# Training a model means lowering a scalar function of many parameters. Physicists have a name for
# such a function, an *energy*, and a century of intuition about how things move in one. This
# chapter turns that analogy into computations we can check.

# %%
import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np
import optax

from physml import landscape as L
from physml.nn import mlp, mlp_init
from physml.style import COLORS

# %% [markdown]
# ## Gradient flow is overdamped motion
#
# Let $\theta \in \mathbb{R}^n$ collect the parameters and $E(\theta)$ be the loss. A particle in a
# potential $E$ whose friction dominates its inertia moves with velocity proportional to the force.
# Choosing units in which the mobility is one gives **gradient flow**,
#
# $$
# \frac{d\theta}{dt} = -\nabla E(\theta).
# $$ (gradient-flow)
#
# By the chain rule, the energy along any solution of {eq}`gradient-flow` changes at the rate
#
# $$
# \frac{dE}{dt} = \nabla E^\top \frac{d\theta}{dt} = -\lVert \nabla E(\theta)\rVert^2 \le 0 ,
# $$ (energy-identity)
#
# so the energy never increases, and it stops decreasing only at a *critical point*, where
# $\nabla E = 0$. Our first landscape is not quadratic:
#
# $$
# E(x, y) = \tfrac12 x^2 + 2y^2 + \log\cosh(x+y).
# $$ (smooth-bowl)
#
# Its only minimum is the origin. We integrate {eq}`gradient-flow` with a high-order adaptive solver
# ({func}`physml.landscape.gradient_flow`, scipy's DOP853) and check both sides of
# {eq}`energy-identity` along the trajectory.

# %%
grad_E = jax.grad(L.smooth_bowl)
theta0 = jnp.array([2.5, -1.6])
t = np.linspace(0.0, 4.0, 401)
flow = L.gradient_flow(grad_E, theta0, t)

def identity_mismatch(t):
    """Largest gap between dE/dt (finite differences) and -|grad E|^2 along the flow."""
    flow = L.gradient_flow(grad_E, theta0, t)
    energy = np.asarray(L.smooth_bowl(flow))
    dE_dt = np.gradient(energy, t, edge_order=2)                            # left side
    minus_grad_sq = -np.sum(np.asarray(jax.vmap(grad_E)(flow)) ** 2, axis=1)  # right side
    return np.max(np.abs(dE_dt - minus_grad_sq)) / np.max(np.abs(minus_grad_sq)), flow, energy, dE_dt, minus_grad_sq

err_coarse, *_ = identity_mismatch(np.linspace(0.0, 4.0, 201))
rel_err, flow, energy, dE_dt, minus_grad_sq = identity_mismatch(t)
print(f"E(0) = {energy[0]:.4f},  E(4) = {energy[-1]:.2e}")
print(f"energy never rises along the flow: {bool(np.all(np.diff(energy) <= 0))}")
print(f"max |dE/dt + |grad E|^2| / max |grad E|^2: {err_coarse:.1e} (dt = 0.02), {rel_err:.1e} (dt = 0.01)")
print(f"halving dt divides the mismatch by {err_coarse / rel_err:.1f}")

# %% [markdown]
# The two sides agree to the accuracy of the finite-difference derivative: halving $\Delta t$
# divides the mismatch by about four (printed above), the signature of a second-order error in the difference quotient,
# not in the identity. The solver itself is far more accurate: on a quadratic,
# where the flow is known in closed form, $\theta(t) = e^{-At}\theta_0$, it matches to about
# $10^{-10}$.

# %%
from scipy.linalg import expm

A = np.array([[3.0, 1.0], [1.0, 2.0]])
numeric = L.gradient_flow(lambda th: jnp.asarray(A) @ th, np.array([1.0, -1.0]), t)
exact = np.array([expm(-A * s) @ np.array([1.0, -1.0]) for s in t])
print(f"max error of gradient_flow against exp(-At) theta0: {np.max(np.abs(numeric - exact)):.0e}")

# %%
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
# ## Gradient descent: a discretised flow with a speed limit
#
# Gradient descent replaces the flow by explicit Euler steps of size $\alpha$ (the learning rate):
#
# $$
# \theta_{k+1} = \theta_k - \alpha\,\nabla E(\theta_k).
# $$ (gradient-descent)
#
# On a quadratic $E = \tfrac12\theta^\top A\theta$ with eigenpairs $(\lambda_i, u_i)$ of $A$, the
# update is linear, and each component $c_i = u_i^\top\theta$ is multiplied by $1 - \alpha\lambda_i$
# at every step. The iteration therefore converges if and only if $|1-\alpha\lambda_i| < 1$ for all
# $i$, that is
#
# $$
# 0 < \alpha < \frac{2}{\lambda_{\max}} .
# $$ (stability-limit)
#
# The stiffest direction sets the speed limit for all of them {cite}`lecun1998efficient`. We test
# {eq}`stability-limit` by scanning $\alpha$ on a quadratic with eigenvalues 1 and 10, so that the
# predicted limit is $2/10 = 0.2$.

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

# %%
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
# ## Smoothness: a guarantee beyond quadratics
#
# A loss is **$\beta$-smooth** if its gradient is $\beta$-Lipschitz,
# $\lVert\nabla E(\theta) - \nabla E(\theta')\rVert \le \beta\lVert\theta-\theta'\rVert$; for twice
# differentiable $E$ this means every Hessian eigenvalue lies in $[-\beta, \beta]$. Expanding $E$ to
# second order along a step gives the *descent lemma* {cite}`nesterov2018lectures`,
#
# $$
# E(\theta - \alpha\nabla E) \le E(\theta) - \alpha\Bigl(1 - \frac{\alpha\beta}{2}\Bigr)\lVert\nabla E(\theta)\rVert^2 ,
# $$ (descent-lemma)
#
# so every step lowers the energy when $0 < \alpha < 2/\beta$, on any landscape. For the landscape
# {eq}`smooth-bowl` the Hessian is $\operatorname{diag}(1,4) + \operatorname{sech}^2(x+y)
# \bigl(\begin{smallmatrix}1&1\\1&1\end{smallmatrix}\bigr)$, largest on the line $x+y=0$, which gives
# $\beta = (7+\sqrt{13})/2$. We confirm it on a grid and then test the guarantee from 200 random
# starts at each step size.

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

# %%
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
# they neither converge nor escape. Above $0.5$, the step exceeds
# $2/4$, the limit set by the curvature that remains far from the line $x+y=0$, and the runs
# diverge; every one of them raised the energy on the way out, so both curves stand at 100 % there.
# (A diverged run is counted in both: leaving it out of the first curve would make it drop to zero
# above $0.5$ for no physical reason.) The guarantee is sharp at $2/\beta$; what happens above it
# depends on the landscape.
#
# ## Explore: step size on a landscape
#
# Move the slider across $2/\beta$ and $0.5$. The left panel shows the path
# $\theta_0, \theta_1, \dots$; the right panel the energy at each step on a log scale. When a run
# diverges, the title says so and the curve stops at the step where $|\theta|$ passed $10^3$.

# %%
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
# For a network with $n$ parameters the Hessian has $n^2$ entries, too many to form for real models.
# But {eq}`stability-limit` needs only its largest eigenvalue, and power iteration needs only
# products $Hv$. These cost about two gradients: $Hv = \frac{d}{d\epsilon}\nabla E(\theta+\epsilon
# v)\big|_{\epsilon = 0}$, a forward-mode derivative of the reverse-mode gradient
# {cite}`pearlmutter1994fast`. {func}`physml.landscape.top_hessian_eigenvalue` iterates
# $v \leftarrow Hv/\lVert Hv\rVert$ with `jax.jvp` of `jax.grad`.
#
# Our network is a two-hidden-layer $\tanh$ MLP (321 parameters, stored as a list of dictionaries,
# a JAX *pytree*, built by {func}`physml.nn.mlp_init`) fitted to $y = \sin 2x$ at 32 points with the mean squared error.

# %%
x_train = jnp.linspace(-2.0, 2.0, 32)[:, None]
y_train = jnp.sin(2 * x_train)

def mse(params):
    return jnp.mean((mlp(params, x_train) - y_train) ** 2)

params0 = mlp_init((1, 16, 16, 1), key=jax.random.key(0))   # weights N(0, 1/fan_in), biases 0
lam_hvp = L.top_hessian_eigenvalue(mse, params0, key=jax.random.key(1), n_iter=200)

flat, unravel = jax.flatten_util.ravel_pytree(params0)
lam_dense = np.linalg.eigvalsh(jax.hessian(lambda f: mse(unravel(f)))(flat))[-1]
print(f"parameters: {flat.size}")
print(f"lambda_max by HVP power iteration: {lam_hvp:.6f}")
print(f"lambda_max of the dense Hessian  : {lam_dense:.6f}")
print(f"predicted stability limit 2/lambda_max = {2 / lam_hvp:.4f}")


# %% [markdown]
# Now we train with plain full-batch gradient descent (`optax.sgd`, which is exactly
# {eq}`gradient-descent`) at step sizes just below and above $2/\lambda_{\max}$, and far above it,
# measuring $\lambda_{\max}$ again at the end.

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

# %%
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
# there (the *catapult* of {cite:t}`lewkowycz2020large`). In both surviving runs of seed 0 the
# final $\lambda_{\max}$ sits at $2/\alpha$ to within a few per cent, and the eight initialisations
# show that this is not luck: at $0.9 \times 2/\lambda_{\max}$ every run ends with $\lambda_{\max}$
# within 5 % of $2/\alpha$, and at $1.5\times$ every run that survives ends within 10 %. Gradient
# descent settles at the *edge of stability* {cite}`cohen2021gradient`, where the curvature is as
# large as the step allows. The catapult is less reliable: at $1.5\times$ some initialisations
# find no flatter region and diverge, as the seed-0 run does at $3\times$, within a few steps.
# (We print bounds, not the sixteen ratios, nor how many runs diverge: at the edge of stability the
# loss spikes again and again and small differences grow, so the last digits of a run, and
# whether a catapult finds a flatter region in time, are not reproducible from one processor to
# another, while the bounds are.)
#
# ## What to remember
#
# - A loss is a potential energy; gradient flow {eq}`gradient-flow` is overdamped motion and lowers
#   $E$ at the rate $\lVert\nabla E\rVert^2$.
# - Gradient descent is a discretisation with a speed limit set by curvature: $\alpha < 2/\lambda_{\max}$
#   on quadratics, and $\alpha < 2/\beta$ guarantees monotone descent on any $\beta$-smooth loss.
# - The largest Hessian eigenvalue of a network is cheap to measure with Hessian-vector products;
#   in our runs, from eight initialisations, training drove it to within 5–10 % of $2/\alpha$, the
#   edge of stability.
#
# **Practice:** {doc}`../exercises/ch01_practice` — write the gradient, find the stable step with a
# slider, code the descent loop and a power iteration.
#
# ```{bibliography}
# :filter: docname in docnames
# ```
