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
# probability (Monte Carlo estimates and their standard errors).
#
# **Time to run:** under a minute on a laptop CPU. **Practice:** {doc}`../exercises/ch02_practice`.
# ```
#
# In two dimensions a landscape is hills and valleys, and the worry is getting stuck in the wrong
# valley. In a million dimensions the geometry is different, and the worry moves elsewhere.

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
# At a critical point $\nabla E(\theta^\ast) = 0$ the landscape is, to second order,
# $E(\theta^\ast + \delta) \approx E(\theta^\ast) + \tfrac12 \delta^\top H \delta$ with the Hessian
# $H = \nabla^2 E(\theta^\ast)$. In the eigenbasis of $H$ this is a sum of independent parabolas
# $\tfrac12\lambda_i \delta_i^2$ — the normal modes of the critical point. All $\lambda_i > 0$ make
# a **minimum**, all $\lambda_i < 0$ a **maximum**, mixed signs a **saddle**, and a zero eigenvalue
# leaves the second-order test undecided (**degenerate**). The **index** is the number of negative
# eigenvalues, the number of independent directions that lead downhill (Morse theory's definition);
# {cite:t}`dauphin2014identifying` use the *fraction* of negative eigenvalues instead, so that networks
# of different sizes compare, and we will print both.
#
# Our model landscape has one saddle and two minima:
#
# $$
# f(x, y) = \frac{x^2}{2} + \frac{y^4}{4} - \frac{y^2}{2}.
# $$ (strict-saddle)

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
# ## Why almost every critical point is a saddle
#
# A first guess: if each of the $n$ eigenvalues were positive or negative by an independent coin
# flip, a critical point would be a minimum or a maximum with probability $2 \cdot 2^{-n} =
# 2^{1-n}$. That already makes extrema exponentially rare. For the Hessians of random landscapes the
# truth is far more extreme, because eigenvalues are *not* independent: they repel one another, and
# pushing all $n$ of them to one side of zero costs a probability of order $e^{-cn^2}$
# {cite}`bray2007statistics,dean2006large`.
#
# We test this with the Gaussian orthogonal ensemble (GOE), $M = (G + G^\top)/2$ with i.i.d.
# standard normal $G_{ij}$ {cite}`mehta2004random`. For $n = 2$ the probability is known in closed
# form: the eigenvalues have one sign when the mean of the diagonal outweighs the radius
# $\sqrt{((a-c)/2)^2 + b^2}$, which happens with probability $1 - 1/\sqrt2 \approx 0.293$.
# {func}`physml.landscape.prob_definite` estimates the probability by Monte Carlo with its standard
# error; each column below is printed with the digits that error allows.

# %%
key = jax.random.key(2024)
print(f"n = 2, exact 1 - 1/sqrt(2) = {1 - 1 / np.sqrt(2):.4f}")


def to_error(x, dx):
    """x with as many digits as its standard error dx allows (down to dx's leading digit)."""
    lead = int(np.floor(np.log10(dx)))
    if abs(x) >= 1e-2:
        return f"{x:.{max(-lead, 0)}f}"
    return f"{x:.{max(int(np.floor(np.log10(abs(x)))) - lead, 0)}e}"


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

# %%
fig, ax = plt.subplots()
ax.semilogy(table[:, 0], table[:, 1], "o--", label=r"coin flip $2^{1-n}$")
seen = table[:, 2] > 0
ax.errorbar(table[seen, 0], table[seen, 2], yerr=2 * table[seen, 3], fmt="s-", capsize=3,
            label="GOE Monte Carlo (±2 s.e.)")
ax.set(xlabel="dimension n", ylabel="P(all eigenvalues one sign)")
ax.legend()
plt.show()

# %% [markdown]
# Already at $n = 2$ the GOE value is well below the coin flip, and the gap widens with every
# dimension: by $n = 6$ only a handful of the 400 000 matrices were definite, thousands of times fewer
# than the coin flip predicts. The last two columns show the shape of the decay. For an exponential
# law $-\ln p_n/n$ would level off; instead it keeps growing, while $-\ln(p_n/2)/n^2$ (the factor 2
# counts the two signs) changes little, from 0.41 at $n = 3$ to 0.35 at $n = 6$: the decay is close to
# Gaussian in $n$. (Its large-$n$ limit is $(\ln 3)/4 \approx 0.27$ {cite}`dean2006large`,
# approached slowly; our sizes are too small to show it.) In a landscape with millions of
# parameters, a random critical point is a saddle with overwhelming probability.

# %% [markdown]
# ## Index against loss in a small network
#
# For the loss of a neural network, {cite:t}`dauphin2014identifying` found that critical points are
# not spread at random: their index grows with their loss. (They measured the index as the
# *fraction* of negative eigenvalues, so that networks of different sizes compare; we print both.)
# Minima lie low; high up, the critical points are saddles with many ways down. We test the picture
# on a network small enough that we can find its critical points to machine precision and check
# each one: $\hat y(x) = \sum_{j=1}^{4} w_{2j}\tanh(w_{1j}x + b_{1j}) + b_2$, four hidden units and
# 13 parameters ({func}`physml.landscape.tanh_network`), fitted to $y = \sin 3x$ at 64 points by
#
# $$
# E(\theta) = \bigl\langle(\hat y - y)^2\bigr\rangle + \frac{\lambda}{2}\lVert w\rVert^2,
# \qquad \lambda = 10^{-4},
# $$ (decayed-loss)
#
# where $\langle\cdot\rangle$ averages over the data and $w$ collects every parameter except the
# output bias $b_2$. The small *weight decay* $\lambda$ is there for a reason we will see below:
# without it, many critical points of this network are not isolated points but flat families, with
# zero Hessian eigenvalues, and a census of them is ill-defined.
#
# **Minima: descent run to convergence.** Plain gradient descent approaches a minimum only at the
# rate $1 - \alpha\lambda_{\min}$ per step, and here the smallest curvature is about $10^{-4}$:
# hundreds of thousands of steps. We use instead the descent method Dauphin et al. proposed,
# *saddle-free Newton* ({func}`physml.landscape.saddle_free_newton`). In the eigenbasis
# $H = Q\Lambda Q^\top$ of the Hessian it steps by
#
# $$
# \Delta\theta = -Q\,(|\Lambda| + \mu I)^{-1}\,Q^\top\nabla E :
# $$ (saddle-free-newton)
#
# along a direction of positive curvature this is Newton's step, along one of negative curvature
# it is Newton's step with its sign flipped, so it goes downhill where Newton's method would climb
# towards the saddle. A step is kept only if it lowers $E$ (and the damping $\mu$ is then divided by
# 3, otherwise multiplied by 4), so the loss never rises beyond round-off; at a minimum $\mu \to 0$
# and the last steps are Newton steps, which converge quadratically. We run it from 40 random starts.
#
# **Saddles: inherited from smaller networks** {cite}`fukumizu2000local`. Take a minimum of the
# network with $k < 4$ hidden units and add $4-k$ *dead* units, $w_1 = b_1 = w_2 = 0$. The output
# is unchanged ($\tanh 0 = 0$), and so is the gradient with respect to the live parameters. For a
# dead unit, $\partial\hat y/\partial w_2 = \tanh 0 = 0$ and $\partial\hat y/\partial w_1 =
# \partial\hat y/\partial b_1 = w_2(\cdots) = 0$, and the decay term's gradient $\lambda w$ vanishes
# too: the point is a critical point of the four-unit network. Its Hessian,
# $\nabla^2 E = 2\langle\nabla\hat y\,\nabla\hat y^\top\rangle + 2\langle r\,\nabla^2\hat y\rangle
# + \lambda\,\mathrm{diag}(1, \dots, 1, 0)$ with residuals $r = \hat y - y$, couples a dead unit's
# parameters only through $\partial^2\hat y/\partial w_2\partial w_1 = x$ and
# $\partial^2\hat y/\partial w_2\partial b_1 = 1$. The second meets $\langle r\rangle = 0$ (the
# optimal output bias), which leaves, on $(w_1, b_1, w_2)$ of each dead unit, the block
#
# $$
# \begin{pmatrix} \lambda & 0 & c \\ 0 & \lambda & 0 \\ c & 0 & \lambda \end{pmatrix}, \qquad
# c = 2\langle r\,x\rangle, \qquad \text{eigenvalues } \lambda - |c|,\ \lambda,\ \lambda + |c| .
# $$ (dead-unit-block)
#
# Each dead unit adds one downhill direction (add a little of the feature $x$ that the smaller
# network failed to explain) as soon as $|c| > \lambda$, so the inherited point has index exactly
# $4-k$, and the worse the smaller network fits, the higher the point lies. Without decay
# ($\lambda = 0$) the middle eigenvalue is $0$: $b_1$ does nothing while $w_1 = w_2 = 0$, and the
# critical point is one member of a flat family. We find the minima of the $k$-unit networks with
# the same descent, from 10 random $k$-unit networks for each $k = 0, \dots, 3$, each padded with
# dead units by {func}`physml.landscape.add_dead_units` and the dead units held at zero (the argument
# `fixed`); for $k = 0$ the network is the **constant predictor** $\hat y = \langle y\rangle$.
#
# **Counting up to symmetry.** Permuting the four hidden units, or flipping the sign of one of them,
# $(w_1, b_1, w_2) \to -(w_1, b_1, w_2)$ (tanh is odd), leaves the output unchanged, so every
# critical point comes in up to $4!\,2^4 = 384$ copies; and because the data are odd,
# $y(-x) = -y(x)$ on a symmetric grid, $(b_1, b_2) \to -(b_1, b_2)$ maps every fit to one of equal
# loss. {func}`physml.landscape.canonical_tanh_units` picks one representative of each
# permutation-and-sign class (flip each unit so that $w_2 > 0$, sort the units by $w_2$); two end
# points are the same critical point if their representatives, or one's and the other's mirror
# image's, agree to $10^{-6}$.

# %%
x_data = jnp.linspace(-2.0, 2.0, 64)
y_data = jnp.sin(3 * x_data)
H, DECAY = 4, 1e-4                       # hidden units, weight decay lambda
N = 3 * H + 1                            # parameters: w1, b1, w2 (H of each), b2


def net_loss(theta):
    """The loss (decayed-loss): mean squared error plus (lambda/2)|w|^2 on all but the output bias."""
    return jnp.mean((L.tanh_network(theta, x_data) - y_data) ** 2) + DECAY / 2 * jnp.sum(theta[:-1] ** 2)


# 40 descents of the full network; 10 of each smaller one, its units k+1..4 held dead at zero
starts, fixed, width = [jax.random.normal(jax.random.key(0), (40, N))], [np.zeros((40, N), bool)], [H] * 40
for k in range(H):
    dead = np.append(np.tile(np.arange(H) >= k, 3), False)     # w1, b1, w2 of units k+1..4
    small = np.asarray(jax.random.normal(jax.random.key(1 + k), (10, N)))[:, ~dead]   # k-unit networks
    starts.append(np.array([L.add_dead_units(th, hidden=H) for th in small]))
    fixed.append(np.tile(dead, (10, 1)))
    width += [k] * 10
width = np.array(width)                  # live units of each run
ends = L.saddle_free_newton(net_loss, jnp.concatenate(starts), n_iter=300, fixed=np.concatenate(fixed)).thetas

hess = jax.jit(jax.hessian(net_loss))
lam = np.array([np.linalg.eigvalsh(hess(th)) for th in ends])           # Hessian spectrum at each end
grad_norm = np.linalg.norm(jax.vmap(jax.grad(net_loss))(ends), axis=1)   # the full gradient, all 13
loss = np.asarray(jax.vmap(net_loss)(ends))
index = np.sum(lam < 0, axis=1)                                          # Morse index
print(f"{len(ends)} runs: largest |grad E| at an end point "
      f"{'< 1e-10' if grad_norm.max() < 1e-10 else f'{grad_norm.max():.0e}'}, "
      f"smallest |eigenvalue| {'> 1e-5' if np.abs(lam).min() > 1e-5 else f'{np.abs(lam).min():.0e}'}")


def mirror(theta):
    """The odd data's symmetry: (b1, b2) -> -(b1, b2) maps a fit to one of equal loss."""
    return np.concatenate([theta[:H], -theta[H:2 * H], theta[2 * H:3 * H], -theta[3 * H:]])


canon = L.canonical_tanh_units(ends)
canon_mirror = L.canonical_tanh_units(np.array([mirror(th) for th in ends]))
groups = []                              # runs that end at the same critical point up to symmetry
for i in np.argsort(loss, kind="stable"):
    for g in groups:
        if min(np.abs(canon[i] - canon[g[0]]).max(), np.abs(canon_mirror[i] - canon[g[0]]).max()) < 1e-6:
            g.append(i)
            break
    else:
        groups.append([i])
best = groups[0]                         # the runs at the lowest critical point found (a minimum)
raw = len({tuple(np.round(th, 4)) for th in ends[best]})
print(f"more than half of the 40 descents reach the lowest minimum: {len(best) > 20}, "
      f"most of them at different parameter vectors: {raw > len(best) / 2}\n")
print("index (fraction)   lowest loss found   found as")
for m in range(H + 1):                   # one row per index: the lowest critical point of that index
    i = min(np.flatnonzero(index == m), key=lambda j: loss[j])
    k = width[i]
    found = ("a minimum of the 4-unit network" if k == H else "the constant predictor + 4 dead units"
             if k == 0 else f"a {k}-unit minimum + {H - k} dead unit" + "s" * int(H - k > 1))
    print(f"  {m}  ({m / N:.2f})        {loss[i]:<#7.2g}             {found}")   # 2 digits: off rounding edges

# %% [markdown]
# Every run ends at a critical point to machine precision (the gradient is below $10^{-10}$, while
# no Hessian eigenvalue is smaller in magnitude than $10^{-5}$, so each index is decided with a
# wide margin). More than half of the 40 descents reach the same, lowest minimum, and they arrive
# there at different parameter vectors: copies of one minimum under the symmetry. The table lists,
# for each index, the lowest critical point found. We do not print how many runs reach each
# critical point, nor how many different minima there are: which basin a descent falls into is
# decided by the accept/reject test of each step, and a run that starts near the boundary between
# two basins can land in the other one on another processor. The next cell checks the predictions
# of {eq}`dead-unit-block` and summarises the table.

# %%
residual = np.asarray(jax.vmap(lambda th: L.tanh_network(th, x_data))(ends) - y_data)
c = 2 * np.mean(residual * np.asarray(x_data), axis=1)                    # c of (dead-unit-block)
inherited = np.flatnonzero(width < H)
print(f"every descent of the full network ends at a minimum: {bool(np.all(index[width == H] == 0))}")
print(f"every k-unit minimum + (4 - k) dead units has index 4 - k: "
      f"{bool(np.all(index[inherited] == H - width[inherited]))}")
gap = max(np.abs(lam[j, :H - width[j]] - (DECAY - abs(c[j]))).max() for j in inherited)
print(f"its negative eigenvalues equal lambda - 2|<r x>|: {'to < 1e-9' if gap < 1e-9 else gap}")
const = np.flatnonzero(width == 0)[0]
no_decay = np.linalg.eigvalsh(hess(ends[const]) - DECAY * np.diag(np.append(np.ones(N - 1), 0.0)))
print(f"constant predictor: zero eigenvalues without weight decay {np.sum(np.abs(no_decay) < 1e-12)}, "
      f"with it none (smallest |eigenvalue| {np.abs(lam[const]).min():.1e} = lambda)")
lowest = [loss[g[0]] for g in groups if index[g[0]] == 0]
high = [loss[g[0]] for g in groups if index[g[0]] >= 2]
print(f"every critical point of index >= 2 lies above every minimum: {min(high) > max(lowest)}")
floor = [loss[index == m].min() for m in range(H + 1)]
print(f"the lowest loss found rises with the index: {bool(np.all(np.diff(floor) > 0))}")
print(f"the index-1 saddle lies between minima, above the lowest: {min(lowest) < floor[1] < max(lowest)}")

# %%
fig, ax = plt.subplots()
labelled = set()
for g in groups:
    i, k = g[0], width[g[0]]
    kind = "minimum of the 4-unit network (descent)" if k == H else "k-unit minimum + (4 - k) dead units"
    ax.scatter(index[i], loss[i], s=20 + 6 * len(g), zorder=3,
               color=COLORS["green"] if k == H else COLORS["vermillion"],
               label=None if kind in labelled else kind)
    if k < H and k not in labelled:          # name each k once, at its lowest point
        ax.annotate(f"k = {k}" + (" (constant predictor)" if k == 0 else ""), (index[i], loss[i]),
                    textcoords="offset points", xytext=(-8, 0), ha="right", va="center", fontsize=8)
    labelled |= {kind, k}
ax.set(yscale="log", xlabel="index (number of negative Hessian eigenvalues, of 13)",
       ylabel="loss E", xlim=(-0.5, 4.5), title="critical points of a 13-parameter network")
ax.legend(loc="upper left", fontsize=8)
plt.show()

# %% [markdown]
# Each point of the figure is one critical point up to symmetry (the area of a marker grows with
# the number of runs that found it). The picture is Dauphin et al.'s. The minima that descent
# reaches all lie low, and most runs reach the lowest of them, at $E = 0.0070$. The saddles climb
# with their index: the lowest found with one downhill direction lies at $E = 0.0092$, with two at
# $0.056$, with three at $0.37$, and the constant predictor, at the variance of the data
# $E = 0.52$, has four; so the lowest loss found rises with the index. Every saddle with two or
# more ways down lies above every minimum. The one exception to "minima below saddles" is
# instructive: the three-unit minimum found, with a dead fourth unit (index 1, $E = 0.0092$), lies
# *between* minima, above the lowest. The three-unit network already fits well, so its residual
# $r$ is small, and so is $c = 2\langle r\,x\rangle$: its one way down is shallow, with curvature
# $\lambda - |c|$.
#
# Two cautions. The saddles here are the ones we know how to build; a small network has others
# (for example where two units coincide, another of Fukumizu and Amari's families), and we make no
# claim to have found every critical point. And the weight decay matters: without it each dead unit
# leaves a zero eigenvalue, printed above for the constant predictor, so these saddles become flat
# families. This is also why we did not take a census by solving $\nabla E = 0$ with Newton's
# method from random starts ({func}`physml.landscape.find_critical_points`): Newton's method
# converges to a nearby critical point of any index, and on a flat family to a point along it that
# nothing in the landscape singles out, so the tally describes the search more than the landscape.
#
# ## Strict saddles do not trap gradient descent
#
# A saddle is **strict** if its Hessian has at least one negative eigenvalue. Near the saddle of
# {eq}`strict-saddle`, gradient descent with step $\alpha$ acts on the two coordinates separately:
#
# $$
# x_{k+1} = (1-\alpha)\,x_k, \qquad y_{k+1} \approx (1+\alpha)\,y_k .
# $$ (saddle-linear)
#
# Any $y_0 \neq 0$ grows geometrically, and only starts on the line $y = 0$, the *stable manifold*
# of the saddle, converge to it. The stable manifold theorem makes this general: the starts that
# converge to a strict saddle form a set of measure zero {cite}`shub1987global,lee2016gradient`.
# First, 1000 random starts:

# %%
grad_f = jax.vmap(jax.grad(L.strict_saddle))
starts = jax.random.uniform(jax.random.key(7), (1000, 2), minval=-2.0, maxval=2.0)
ends = np.asarray(L.gradient_descent(grad_f, starts, 0.1, 1000)[-1])
at_minimum = np.linalg.norm(ends - np.array([0, 1]), axis=1) < 1e-6
at_minimum |= np.linalg.norm(ends - np.array([0, -1]), axis=1) < 1e-6
at_saddle = np.linalg.norm(ends, axis=1) < 1e-6
print(f"1000 random starts: {at_minimum.sum()} end at a minimum (0, ±1), {at_saddle.sum()} at the saddle")
on_manifold = L.gradient_descent(jax.grad(L.strict_saddle), jnp.array([1.5, 0.0]), 0.1, 1000)[-1]
print(f"start (1.5, 0) on the stable manifold ends at ({on_manifold[0]:.1e}, {on_manifold[1]:.1e})")

# %% [markdown]
# From {eq}`saddle-linear`, a start at distance $|y_0|$ from the stable manifold needs about
#
# $$
# k_{\text{escape}} \approx \frac{\ln(1/|y_0|) + \ln(1/2)}{\ln(1+\alpha)}
# $$ (escape-time)
#
# steps to reach $|y| = 1/2$: the time to escape grows only like the logarithm of $1/|y_0|$. We
# measure it for $|y_0|$ from $10^{-1}$ to $10^{-12}$ and fit the slope.

# %%
log10_y0 = np.arange(-12.0, -0.5, 1.0)
escape = np.array([L.saddle_escape(10.0 ** v, key=jax.random.key(0)).escaped_at for v in log10_y0])
slope, intercept = np.polyfit(np.log(1 / 10.0 ** log10_y0), escape, 1)
print(f"fitted slope: {slope:.2f} steps per e-fold of 1/|y0|;  1/ln(1+alpha) = {1 / np.log1p(0.1):.2f}")
print("escape steps:", dict(zip(log10_y0.astype(int).tolist(), escape.tolist())))

# %% [markdown]
# **Noise helps.** A start exactly on the stable manifold never leaves it. Stochastic gradients
# kick the iterate off the manifold at every step; we model them with isotropic Gaussian kicks of
# size $\sigma$ (perturbed gradient descent, {func}`physml.landscape.perturbed_gradient_descent`),
# which escape saddles efficiently {cite}`ge2015escaping,jin2017escape`. Starting on the manifold,
# the kicks supply an effective $|y_0| \sim \sigma$, so the escape time should follow
# {eq}`escape-time` with $|y_0|$ replaced by about $\sigma$. We average over 20 seeds, and compare
# with noiseless descent from a start $10^{-12}$ off the manifold.

# %%
key0 = jax.random.key(0)   # unused without noise
print(f"no noise, y0 = 0      : never escapes in {L.SADDLE_STEPS} steps "
      f"({L.saddle_escape(0.0, key=key0).escaped_at})")
print(f"no noise, y0 = 1e-12  : escapes at step {L.saddle_escape(1e-12, key=key0).escaped_at}")
for log_sigma in (-10.0, -8.0, -6.0, -4.0):
    steps = [L.saddle_escape(0.0, noise=10.0 ** log_sigma, key=jax.random.key(s)).escaped_at
             for s in range(20)]
    print(f"noise sigma = 1e{log_sigma:.0f}, y0 = 0: escapes at step {np.mean(steps):5.1f} ± "
          f"{np.std(steps) / np.sqrt(20):.1f} (mean of 20 seeds)")

# %% [markdown]
# ## Explore: distance from the stable manifold
#
# The slider sets $\log_{10}|y_0|$ for a start at $(1, y_0)$. The left panel shows the path: it slides
# along the stable manifold into the saddle, lingers, and leaves along the unstable direction to a
# minimum. The right panel shows $|y_k|$ on a log scale: a straight line of slope $\ln(1+\alpha)$
# until the escape (green line).

# %%
explorer = figures.saddle_escape()
explorer.static()

# %% [markdown]
# The same with noise, starting exactly on the stable manifold, with a slider over $\log_{10}\sigma$:

# %%
explorer.static(control="log10_noise", noisy=True, log10_y0=-np.inf)   # |y0| = 10^-inf = 0

# %% [markdown]
# In JupyterLab, the live version has both controls:

# %% tags=["remove-output"]
explorer.live(log10_y0=-6.0)

# %% [markdown]
# ## What to remember
#
# - The Hessian's eigenvalues classify a critical point; the index counts the directions downhill.
# - Definite Hessians are rare: rarer than the coin-flip $2^{1-n}$, because eigenvalues repel. High
#   dimensional landscapes are dominated by saddles, and in our small network, as in Dauphin et
#   al.'s large ones, the index of a critical point grows with its loss; minima lie lowest.
# - Gradient descent converges to a strict saddle only from a measure-zero set of starts; the time to
#   escape grows like $\log(1/\text{distance})$, and noise removes even the measure-zero trap.
#
# **Practice:** {doc}`../exercises/ch02_practice` — classify critical points, estimate the GOE
# probability, and measure escape times with a slider.
#
# ```{bibliography}
# :filter: docname in docnames
# ```
