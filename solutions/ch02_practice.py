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
# # Practice 2: the topology of high-dimensional landscapes
#
# Practice for {ref}`ch-landscape-topology`. Five tasks: one piece of code, two derivations, one
# prediction and one question about the explorer. After each, run the `check(...)` cell; a hint
# asks a question that leads you on. Replace each `...` below `# YOUR CODE HERE`.
#
# Notation as in the chapter: $E$ a loss, $H$ its Hessian with eigenvalues $\lambda_i$, $\alpha$ the
# step size of gradient descent $\theta_{k+1} = \theta_k - \alpha\nabla E(\theta_k)$, $\kappa$ the
# weight decay.

# %%
import jax
import jax.numpy as jnp
import numpy as np

from physml import landscape as L
from physml.checks import check
from physml.interactives import landscape as figures


# %% [markdown]
# ## Task 2.1: classify a critical point (code)
#
# Write `classify(hessian)` returning `"minimum"`, `"maximum"`, `"saddle"` or `"degenerate"`
# (treat eigenvalues with $|\lambda| \le 10^{-8}$ as zero). Careful: the diagonal of a matrix is not
# its spectrum.

# %%
def classify(hessian):
    ### BEGIN SOLUTION
    lam = np.linalg.eigvalsh(np.asarray(hessian))
    if np.any(np.abs(lam) <= 1e-8):
        return "degenerate"
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "saddle"
    ### END SOLUTION


# %%
check("ch02-classify", classify)

# %% [markdown]
# ## Task 2.2: how often is a random 2×2 Hessian definite? (derive)
#
# Take the GOE matrix $M = \begin{pmatrix} a & b \\ b & c\end{pmatrix}$, $M = (G + G^\top)/2$ with
# independent standard normal $G_{ij}$. Derive, with pen and paper, the probability `p_definite`
# that both eigenvalues have the same sign. A route:
#
# 1. What are the variances of $a$, $c$ and $b$?
# 2. Write the eigenvalues as $s \pm \rho$ with $s = (a + c)/2$. What is $\rho$, in terms of
#    $d = (a - c)/2$ and $b$? When do both eigenvalues have the same sign?
# 3. Show that $s$, $d$, $b$ are independent with equal variances, so that after rescaling the
#    condition compares one squared standard normal $z^2$ with the squared length $R^2$ of a
#    two-dimensional standard normal vector. What is the distribution of $R^2$?
# 4. Average $P(R^2 < z^2)$ over $z$ (a Gaussian integral).
#
# Enter your closed form as a number (e.g. `1 - 1/np.e`), then run the next cell, which checks it
# against a Monte Carlo estimate from {func}`physml.landscape.prob_definite`.

# %%
### BEGIN SOLUTION
p_definite = 1 - 1 / np.sqrt(2)
### END SOLUTION
check("ch02-goe-2x2", p_definite)

# %%
estimate = L.prob_definite(2, 100_000, key=jax.random.key(0))
print(f"Monte Carlo: {estimate.value:.2f} ± {estimate.stderr:.4f};  the coin-flip guess 2^(1-n) = 0.5")
if p_definite is not ...:
    print(f"your closed form is within 3 standard errors of it: {abs(p_definite - estimate.value) < 3 * estimate.stderr}")

# %% [markdown]
# **Going further.** The coin flip gives $2^{1-n}$. Is the GOE probability further below it at
# $n = 3$ than at $n = 2$? Check with `L.prob_definite(3, 100_000, key=...)`, and explain why the
# ratio must keep falling as $n$ grows.

# %% [markdown] tags=["solution"]
# *Model answer.* $p_3 \approx 0.050$ against $0.25$: a ratio of about $0.2$, against $0.59$ at
# $n = 2$. Each of the $n(n-1)/2$ pairs of eigenvalues repels, and a definite matrix needs all $n$
# eigenvalues on one side of zero, packed against it; the number of pairs that must be squeezed grows
# like $n^2$, so the cost in probability grows like $e^{-cn^2}$ while the coin flip falls only like
# $2^{-n}$. The ratio therefore falls faster than any exponential.

# %% [markdown]
# ## Task 2.3: the index of a padded network (predict, then run)
#
# Take the chapter's network, $\hat y(x) = \sum_j w_{2j}\tanh(w_{1j}x + b_{1j}) + b_2$, but with
# **five** hidden units (16 parameters), fitted to $y = \sin 3x$ on 64 points with weight decay
# $\kappa = 10^{-4}$. Find a minimum of the network with only **two** live units, and add three dead
# units ($w_1 = b_1 = w_2 = 0$). The result is a critical point of the five-unit network.
#
# **Before you run anything**: how many negative Hessian eigenvalues (the index, a whole number) will
# it have? Use the chapter's dead-unit Hessian block, not the computer. Write your prediction
# below and check it; the cell after it runs the experiment.

# %%
### BEGIN SOLUTION
predicted_index = 3
### END SOLUTION
check("ch02-dead-index", predicted_index)

# %% [markdown]
# Now the experiment, with physml: the two-unit network is padded by
# {func}`physml.landscape.add_dead_units`, minimised by {func}`physml.landscape.saddle_free_newton`
# with the dead units held at zero, and the Hessian of the five-unit loss is diagonalised at the end.

# %%
if predicted_index is ...:
    print("Record your prediction above first, then run this cell.")
else:
    x_data = jnp.linspace(-2.0, 2.0, 64)
    y_data = jnp.sin(3 * x_data)
    UNITS, LIVE, KAPPA = 5, 2, 1e-4


    def loss(theta):
        return jnp.mean((L.tanh_network(theta, x_data) - y_data) ** 2) + KAPPA / 2 * jnp.sum(theta[:-1] ** 2)


    small = jax.random.normal(jax.random.key(3), (3 * LIVE + 1,))       # a random 2-unit network
    dead = np.append(np.tile(np.arange(UNITS) >= LIVE, 3), False)       # w1, b1, w2 of units 3..5
    end = L.saddle_free_newton(loss, L.add_dead_units(small, hidden=UNITS)[None], n_iter=300, fixed=dead).thetas[0]
    lam = np.linalg.eigvalsh(jax.hessian(loss)(end))
    print(f"|grad E| at the end point < 1e-10: {bool(np.linalg.norm(jax.grad(loss)(end)) < 1e-10)}")
    print(f"index: {np.sum(lam < 0)} negative eigenvalues of {lam.size}")
    print(f"negative eigenvalues: {np.round(lam[lam < 0], 3)};  kappa - 2|<r x>| = "
          f"{KAPPA - abs(2 * np.mean((L.tanh_network(end, x_data) - y_data) * x_data)):.3f}")


# %% [markdown]
# **Going further.** The three negative eigenvalues are equal. Why? And what would happen to the
# index if the two-unit network fitted the data so well that $2|\langle r x\rangle| < \kappa$?

# %% [markdown] tags=["solution"]
# *Model answer.* Each dead unit's Hessian block is $\begin{pmatrix}\kappa&0&c\\0&\kappa&0\\c&0&\kappa\end{pmatrix}$
# with $c = 2\langle r x\rangle$, and the residuals $r$ are those of the live network, shared by all
# dead units; the blocks are identical and decoupled, so the eigenvalue $\kappa - |c|$ appears three
# times. If $|c| < \kappa$ every block would be positive definite and the padded point would be a
# minimum of the five-unit network (index 0): the weight decay would make switching on a unit cost
# more than the small correlation of the residual with $x$ gains.

# %% [markdown]
# ## Task 2.4: how long does it take to leave a saddle? (derive)
#
# Gradient descent with step size $\alpha$ on $f = x^2/2 + y^4/4 - y^2/2$ starts at $(1, y_0)$ with
# small $y_0 > 0$. Near the saddle, what does one step do to $y$? Derive the number of steps
# $k_{\text{escape}}(y_0, \alpha)$ after which the linearised $|y_k|$ reaches $1/2$ (the threshold
# `L.ESCAPED`).
#
# Write it as a string in Python syntax in the names `y0` and `alpha` (`log` is the natural
# logarithm), e.g. `"sqrt(alpha)/y0"`, or as a function `lambda y0, alpha: ...`.

# %%
### BEGIN SOLUTION
escape_formula = "log(1/(2*y0)) / log(1 + alpha)"
### END SOLUTION
check("ch02-escape-formula", escape_formula)

# %% [markdown]
# Compare your formula with measured escape steps at $\alpha = 0.1$ (`L.saddle_escape`):

# %%
if escape_formula is not ...:
    from physml.checks import as_formula

    formula = as_formula(escape_formula, ("y0", "alpha"))
    for y0 in (1e-3, 1e-6, 1e-9):
        print(f"y0 = {y0:.0e}: measured {L.saddle_escape(y0).escaped_at} steps, "
              f"your formula {float(formula(y0, L.SADDLE_LEARNING_RATE)):.1f}")

# %% [markdown]
# **Going further.** Your formula's slope against $\ln(1/y_0)$ is $1/\ln(1+\alpha)$, not the $1/\alpha$
# of gradient flow $\dot y = y$. When does the difference matter, and why is the measured escape
# always one or two steps *later* than the formula?

# %% [markdown] tags=["solution"]
# *Model answer.* $\ln(1+\alpha) = \alpha - \alpha^2/2 + \dots$, so the two slopes differ by a relative
# $\alpha/2$: 5 % at $\alpha = 0.1$ (10.49 against 10 steps per e-fold), negligible for small steps, and
# large for $\alpha \sim 1$, where one step is no longer a short piece of the flow. The measured step
# is later because (i) it is the first *integer* step past the threshold (round up), and (ii) the
# neglected term $-\alpha y^3$ slows the growth as $|y|$ approaches $1/2$.

# %% [markdown]
# ## Task 2.5: noise on the stable manifold (interpret)
#
# In the explorer, tick *noise*, keep the start exactly on the stable manifold ($y_0 = 0$), and move
# $\log_{10}\sigma$ from $-4$ down to $-10$. Watch the escape step (the green line) and the straight
# part of $|y_k|$ in the right panel. Which statement describes what you see, and why?
#
# - **a**: the escape step does not change: the noise only matters far from the saddle.
# - **b**: the escape step grows by about the same number of steps for every factor of 10 in
#   $\sigma$: the kicks set an effective distance $|y_0| \sim \sigma$, and the time to escape grows
#   like the logarithm of its inverse.
# - **c**: the escape step grows about tenfold for every factor of 10 in $\sigma$: weaker noise pushes
#   proportionally more slowly.
# - **d**: below some $\sigma$ the run no longer escapes: the start is on the stable manifold, which
#   traps it.

# %% tags=["remove-output"]
figures.saddle_escape().live(log10_y0=-6.0)

# %%
### BEGIN SOLUTION
noise_answer = "b"
### END SOLUTION
check("ch02-noise-escape", noise_answer)

# %% [markdown]
# **Going further.** With noise $\sigma$, a start at $y_0 \neq 0$ escapes at about the same step as
# from $y_0 = 0$ once $|y_0| \ll \sigma$, but at the noiseless time once $|y_0| \gg \sigma$. Why?

# %% [markdown] tags=["solution"]
# *Model answer.* Near the saddle $y$ evolves linearly, $y_{k+1} = (1+\alpha)y_k + \sigma\xi_k$, so
# $y_k = (1+\alpha)^k\,(y_0 + S_k)$ with $S_k$ a sum of the kicks, of typical size $\approx 2\sigma$ at
# $\alpha = 0.1$ (exercise 3 of the chapter). Only the sum $y_0 + S$ matters: the larger term sets
# the effective distance from the manifold and hence, through $\ln(1/|y_0 + S|)/\ln(1+\alpha)$, the
# escape step. A start much closer to the manifold than the noise level is indistinguishable from
# a start on it.
