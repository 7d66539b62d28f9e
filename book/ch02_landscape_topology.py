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
from scipy.optimize import minimize

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
monkey = lambda th: th[0] ** 3 - 3 * th[0] * th[1] ** 2   # a "monkey saddle"
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
# Gaussian in $n$. (Its large-$n$ limit is
# $(\ln 3)/4 \approx 0.27$ {cite}`dean2006large`, approached slowly; our sizes are too small to show it.) In a landscape with millions of parameters, a random critical
# point is a saddle with overwhelming probability.
#
# ## Index against loss in a small network
#
# For the loss of a neural network, {cite:t}`dauphin2014identifying` found that critical points are
# not spread at random: their index, the fraction of Hessian eigenvalues that are negative (Dauphin
# et al.'s convention; in Morse theory the index is the *number* of negative eigenvalues, and we
# print both), grows with their loss. Minima lie low; high up, almost all critical points are
# saddles with many ways down. We look at the picture on a small network,
# $\hat y = w_2^\top\tanh(w_1 x + b_1) + b_2$ with four hidden units (13 parameters), fitted to
# $y = \sin 3x$ on 64 points with the mean squared error $E$.
#
# Dauphin et al. found saddles by solving $\nabla E = 0$ with a Newton-type method from many
# starts ({func}`physml.landscape.find_critical_points` does this, with damped Newton steps). On a
# network this small that census is a poor experiment: the landscape is riddled with flat,
# degenerate families of critical points, the Newton runs drift along them, and where a run ends is
# decided by digits far below anything physical. The next cell shows it. It starts the search from
# 280 points taken along 40 gradient-descent paths, then repeats it with every start multiplied by
# $1 + 10^{-12}$, a change at the level of round-off.
#
#

# %%
x_data = jnp.linspace(-2.0, 2.0, 64)[:, None]
y_data = jnp.sin(3 * x_data)
H = 4  # hidden units

def predict(theta, H=H):
    w1, b1 = theta[:H].reshape(1, H), theta[H:2 * H]
    w2, b2 = theta[2 * H:3 * H].reshape(H, 1), theta[3 * H]
    return (jnp.tanh(x_data @ w1 + b1) @ w2 + b2)[:, 0]

def net_loss(theta, H=H):
    return jnp.mean((predict(theta, H) - y_data[:, 0]) ** 2)

inits = jax.random.normal(jax.random.key(0), (40, 13))
paths = L.gradient_descent(jax.vmap(jax.grad(net_loss)), inits, 0.05, 2000)   # (2001, 40, 13)
starts = paths[jnp.array([0, 10, 50, 200, 500, 1000, 2000])].reshape(-1, 13)
starts = starts + 0.05 * jax.random.normal(jax.random.key(1), starts.shape)
ends = L.find_critical_points(net_loss, starts, n_iter=100).thetas
ends_nudged = L.find_critical_points(net_loss, starts * (1 + 1e-12), n_iter=100).thetas
changed = np.abs(np.asarray(jax.vmap(net_loss)(ends) - jax.vmap(net_loss)(ends_nudged))) > 1e-3
print(f"Newton runs whose final loss moves by more than 1e-3 after a 1e-12 nudge of the start: "
      f"more than 20 of {len(starts)}: {bool(changed.sum() > 20)}")


# %% [markdown]
# A census whose result depends on the twelfth digit of its starting points tells us about the
# search, not about the landscape. (The book's tests rerun every notebook under a second
# floating-point environment, and a census like this one fails them.) So we build the saddles
# instead, from a fact we can prove.
#
# **Saddles inherited from smaller networks** {cite}`fukumizu2000local`. Take the best network with
# $k < 4$ hidden units and add $4-k$ *dead* units with $w_1 = b_1 = w_2 = 0$. The output is
# unchanged ($\tanh 0 = 0$), and so is the gradient with respect to the live parameters. For a dead
# unit, $\partial\hat y/\partial w_2 = \tanh(0) = 0$ and $\partial\hat y/\partial w_1 =
# \partial\hat y/\partial b_1 = w_2(\cdots) = 0$, so the point is a critical point of the larger
# network too. Its Hessian, $\nabla^2 E = \tfrac{2}{m}\sum_i \nabla\hat y_i \nabla\hat y_i^\top +
# \tfrac{2}{m}\sum_i r_i \nabla^2\hat y_i$ with residuals $r_i = \hat y_i - y_i$, couples a dead
# unit's parameters only through $\partial^2\hat y/\partial w_2\partial w_1 = x$ and
# $\partial^2\hat y/\partial w_2\partial b_1 = 1$. The second of these meets
# $\langle r\rangle = 0$ (the optimal bias), which leaves, for $(w_1, b_1, w_2)$ of each dead
# unit, the block
#
# $$
# \begin{pmatrix} 0 & 0 & c \\ 0 & 0 & 0 \\ c & 0 & 0 \end{pmatrix}, \qquad
# c = 2\langle r\,x\rangle, \qquad \text{eigenvalues } -|c|,\ 0,\ +|c| .
# $$ (dead-unit-block)
#
# Each dead unit adds exactly one downhill direction (add a little of the feature $x$ the smaller
# network failed to explain) and one flat one ($b_1$ does nothing while $w_1 = w_2 = 0$). So the
# point inherited from a $k$-unit optimum has $4-k$ negative eigenvalues, more the worse the smaller
# network fits. The cell builds the two cleanest cases, $k = 0$ (the constant predictor,
# $\hat y = \langle y\rangle$) and $k = 1$ (the best one-unit fit, by BFGS from ten starts), and
# compares them with the 40 runs of gradient descent above, on the full network.
#

# %%
def embed(theta_k, k):
    """A k-unit network as a 4-unit one: the extra units get w1 = b1 = w2 = 0."""
    w1, b1, w2, b2 = np.split(np.asarray(theta_k, dtype=float), [k, 2 * k, 3 * k])
    pad = np.zeros(H - k)
    return jnp.asarray(np.concatenate([w1, pad, b1, pad, w2, pad, b2]))

one_unit = jax.jit(jax.value_and_grad(lambda th: net_loss(th, 1)))
fits = [minimize(lambda th: [np.asarray(a) for a in one_unit(jnp.asarray(th))], np.asarray(s),
                 jac=True, method="BFGS", options=dict(gtol=1e-12, maxiter=2000))
        for s in jax.random.normal(jax.random.key(3), (10, 4))]
inherited = {0: embed([float(jnp.mean(y_data))], 0),           # the constant predictor
             1: embed(min(fits, key=lambda r: r.fun).x, 1)}     # the best one-unit network
print(" k   loss   |grad E|   negative (index)   zero  | predicted: negative = zero = 4 - k,"
      " eigenvalue -2|<r x>|  | smallest eigenvalue")
levels = {}
for k, theta in inherited.items():
    grad = np.abs(np.asarray(jax.grad(net_loss)(theta))).max()
    lam = np.linalg.eigvalsh(np.asarray(jax.hessian(net_loss)(theta)))
    scale = np.abs(lam).max()
    negative, zero = np.sum(lam < -1e-9 * scale), np.sum(np.abs(lam) <= 1e-9 * scale)
    r = np.asarray(predict(theta) - y_data[:, 0])                    # residuals
    c = 2 * np.mean(r * np.asarray(x_data[:, 0]))                     # c of (dead-unit-block)
    levels[k] = (float(net_loss(theta)), negative)
    print(f"{k:2d}   {levels[k][0]:.3f}   {'< 1e-8' if grad < 1e-8 else f'{grad:.0e}'}   "
          f"{negative:2d} of 13 ({negative / 13:.2f})   {zero:4d}  | {H - k:22d}, {-abs(c):10.3g}"
          f"{'':10s}| {lam.min():.3g}")
final = np.asarray(jax.vmap(net_loss)(paths[-1]))
print(f"gradient descent, 40 runs of 2000 steps: final loss from {final.min():.3f} to {final.max():.3f}, "
      f"median {np.median(final):.2f}")


# %%
fig, ax = plt.subplots()
ax.scatter(np.zeros_like(final), final, s=18, alpha=0.5, color=COLORS["green"],
           label="gradient descent after 2000 steps\n(where each run is, not a critical point)")
for k, (loss, negative) in levels.items():
    ax.scatter([negative], [loss], s=60, color=COLORS["vermillion"], zorder=3)
    ax.annotate(["constant predictor", "best one-unit fit"][k] + f" + {H - k} dead units",
                (negative, loss), textcoords="offset points", xytext=(-10, 8), ha="right", fontsize=9)
ax.set(xlabel="number of negative Hessian eigenvalues (of 13)", ylabel="training loss E",
       xlim=(-0.5, 4.5), ylim=(0, 0.6), title="critical points of a 13-parameter network: loss against index")
ax.legend(loc="center right", fontsize=8)
plt.show()


# %% [markdown]
# In the figure each red point is an inherited saddle, placed by its number of downhill directions
# and its loss; the green points show where each descent run is after 2000 steps (drawn at zero on
# the horizontal axis only for display: they are not critical points). The printed eigenvalues match
# {eq}`dead-unit-block`: the constant predictor has four negative
# eigenvalues, all equal to $-2|\langle r\,x\rangle|$ with $r = \langle y\rangle - y$, and the one-unit
# optimum three, equal to $-2|\langle r\,x\rangle|$ with its own, much smaller residual. Loss and
# index fall together, as Dauphin et al. found: the higher saddle (loss 0.515, 4 of 13 directions
# downhill) lies above the lower one (0.361, 3 of 13), and most runs of gradient descent on the
# full network, heading for minima with no direction downhill, end far below both (median 0.04). A
# few runs are still above or near the saddle levels after 2000 steps: they are crossing the
# plateaus around such saddles, which is the slow escape the next section measures. Two features of real networks show up as
# well. These critical points are **degenerate**: each dead unit leaves a zero eigenvalue (its
# $b_1$ is free), so they are not isolated points but flat families. And every one of them comes
# in **equivalent copies**: permuting the four hidden units, or flipping the sign of a $\tanh$
# unit ($w_1, b_1, w_2 \to -w_1, -b_1, -w_2$), maps a critical point to another with the same loss
# and spectrum: the dead units can sit in any of the four slots.
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
#   dimensional landscapes are dominated by saddles, and in networks the index of a critical point
#   grows with its loss.
# - Gradient descent converges to a strict saddle only from a measure-zero set of starts; the time to
#   escape grows like $\log(1/\text{distance})$, and noise removes even the measure-zero trap.
#
# **Practice:** {doc}`../exercises/ch02_practice` — classify critical points, estimate the GOE
# probability, and measure escape times with a slider.
#
# ```{bibliography}
# :filter: docname in docnames
# ```
