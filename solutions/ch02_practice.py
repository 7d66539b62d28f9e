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
# # Practice 2: the topology of high-dimensional landscapes
#
# Practice for [Chapter 2, *The topology of high-dimensional landscapes*](../book/ch02_landscape_topology.ipynb). Five tasks: one piece of code, two derivations, one
# prediction, and a read-off with an explanation in the explorer. After each, run the `check(...)` cell; a hint
# asks a question that leads you on. Replace each `...` below `# YOUR CODE HERE`.
#
# Notation as in the chapter: $E$ a loss, $H$ its Hessian with eigenvalues $\lambda_i$, $\alpha$ the
# step size of gradient descent $\theta_{k+1} = \theta_k - \alpha\nabla E(\theta_k)$, $\kappa$ the
# weight decay.

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
import numpy as np

from physml import landscape as L
from physml.checks import check
from physml.interactives import landscape as figures


# %% [markdown]
# ## Task 2.1: classify a critical point (code)
#
# Write `classify(hessian)` returning `"minimum"`, `"maximum"`, `"saddle"` or `"degenerate"`
# (treat eigenvalues with $|\lambda| \le 10^{-8}$ as zero). Use the chapter's convention: any zero
# eigenvalue gives `"degenerate"`, even when other eigenvalues have opposite signs (such a point is in
# fact a saddle; the label records that the Hessian has a flat direction). Careful: the diagonal of a
# matrix is not its spectrum.

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
# ## Task 2.2: how often is a shifted 2×2 Hessian definite? (derive)
#
# The chapter derives $P_2 = 1 - 1/\sqrt2$ for a 2×2 GOE matrix $M = \begin{pmatrix} a & b \\ b & c\end{pmatrix}$,
# $M = (G + G^\top)/2$ with independent standard normal $G_{ij}$. Real critical points are not all
# centred on zero curvature: Bray and Dean find that the Hessian spectrum of a critical point is
# shifted by an amount that depends on its height. Take $M + tI$, a GOE matrix shifted by a fixed
# real number $t$, and derive, with pen and paper, the probability $p(t)$ that both of its
# eigenvalues have the same sign. A route:
#
# 1. What are the variances of $a$, $c$ and $b$? What does the shift do to them?
# 2. Write the eigenvalues of $M + tI$ as $s \pm \rho$. What are $s$ and $\rho$, in terms of
#    $a + c$, $d = (a - c)/2$, $b$ and $t$? When do both eigenvalues have the same sign?
# 3. Which of $s$, $d$, $b$ are independent, and what is the law of $s$? For a fixed $s$, what is
#    $P(\rho^2 < s^2)$? (What is the distribution of the squared length of a two-dimensional
#    Gaussian vector?)
# 4. Average over $s$: a Gaussian integral, done by completing the square.
#
# Write $p(t)$ as a string in Python syntax in the name `t` (`exp`, `sqrt` known), e.g.
# `"1 - exp(-t)"`, or as a function `lambda t: ...`. Check: at $t = 0$ you must recover the chapter's
# value.

# %%
### BEGIN SOLUTION
p_shifted = "1 - exp(-t**2/2)/sqrt(2)"
### END SOLUTION
check("ch02-goe-2x2", p_shifted)

# %% [markdown]
# The next cell compares your $p(t)$ with a Monte Carlo estimate from 400 000 shifted GOE matrices
# (plain NumPy; $p$ is estimated as the fraction of matrices with $s^2 > \rho^2$, with its standard
# error $\sqrt{p(1-p)/N}$).

# %%
if p_shifted is ...:
    print("Record your closed form above first, then run this cell.")
else:
    from physml.checks import as_formula

    rng = np.random.default_rng(0)
    G = rng.standard_normal((400_000, 2, 2))
    a, b, c = G[:, 0, 0], (G[:, 0, 1] + G[:, 1, 0]) / 2, G[:, 1, 1]
    yours = as_formula(p_shifted, ("t",))
    for t in (0.0, 0.5, 1.0, 2.0):
        s, rho2 = (a + c) / 2 + t, ((a - c) / 2) ** 2 + b ** 2
        p_mc = np.mean(s ** 2 > rho2)
        se = np.sqrt(p_mc * (1 - p_mc) / len(s))
        print(f"t = {t}: Monte Carlo {p_mc:.3f} ± {se:.4f}, your p(t) = {float(yours(t)):.3f}")

# %% [markdown]
# **Going further.** The coin flip gives $2^{1-n}$. Is the GOE probability further below it at
# $n = 3$ than at $n = 2$? Check with `L.prob_definite(3, 100_000, key=...)`, and explain why the
# ratio must keep falling as $n$ grows.

# %% [markdown] tags=["solution"]
# *Model answer.* $p_3 \approx 0.050$ against $0.25$: a ratio of about $0.2$, against $0.59$ at
# $n = 2$. Each of the $n(n-1)/2$ pairs of eigenvalues repels, and a definite matrix needs all $n$
# eigenvalues on one side of zero, packed against it; the number of pairs that must be squeezed grows
# like $n^2$, so the cost in probability grows like $e^{-\zeta n^2}$ while the coin flip falls only like
# $2^{-n}$. The ratio therefore falls faster than any exponential.

# %% [markdown]
# ## Task 2.3: the index of a padded network (predict, then run)
#
# Take the chapter's network, $\hat y(x) = \sum_j w_{2j}\tanh(w_{1j}x + b_{1j}) + b_2$, but with
# **five** hidden units (16 parameters), fitted to $y = \sin 3x$ on 64 points with weight decay
# $\kappa = 10^{-4}$. Find a minimum of the network with only **two** live units, and add three dead
# units ($w_1 = b_1 = w_2 = 0$). The result is a critical point of the five-unit network.
#
# **Before you run anything**, predict two whole numbers from the chapter's dead-unit Hessian block,
# not the computer: (i) how many negative Hessian eigenvalues (the index) will this point have, and
# (ii) how many eigenvalues would be exactly zero if the weight decay were switched off ($\kappa = 0$,
# the same point)? Write your prediction below and check it; the cell after it runs the experiment.

# %%
### BEGIN SOLUTION
predicted_index = 3
predicted_zeros = 3
### END SOLUTION
check("ch02-dead-index", (predicted_index, predicted_zeros))

# %% [markdown]
# Now the experiment, with physml: the two-unit network is padded by
# {func}`physml.landscape.add_dead_units`, minimised by {func}`physml.landscape.saddle_free_newton`
# with the dead units held at zero, and the Hessian of the five-unit loss is diagonalised at the end,
# with and without the decay term $\kappa I$ (which acts on every parameter except the output bias).

# %%
if predicted_index is ... or predicted_zeros is ...:
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
    no_decay = np.linalg.eigvalsh(jax.hessian(loss)(end) - KAPPA * np.diag(np.append(np.ones(lam.size - 1), 0.0)))
    n_zero = int(np.sum(np.abs(no_decay) < 1e-9))
    print(f"without the decay term: {n_zero} zero eigenvalues (|lambda| < 1e-9), "
          f"the smallest of the others {np.sort(np.abs(no_decay))[n_zero]:.1e}")


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
# The chapter's saddle has curvature $-1$ across its stable manifold and counts the escape at
# $|y| = 1/2$. Make both general: gradient descent with step size $\alpha$ on
#
# $$
# f(x, y) = \frac{x^2}{2} - \frac{\mu y^2}{2} + \frac{y^4}{4}, \qquad \mu > 0,
# $$
#
# starts at $(1, y_0)$ with small $y_0 > 0$. What is the Hessian eigenvalue along $y$ at the saddle,
# and what does one step do to a small $y$? Derive the number of steps
# $k_{\text{escape}}(y_0, \alpha, \mu, \varepsilon)$ after which the linearised $|y_k|$ reaches a level
# $\varepsilon$ (small compared with the minima at $\pm\sqrt\mu$). Give the real-valued $k$, without
# rounding to a whole step.
#
# Write it as a string in Python syntax in the names `y0`, `alpha`, `mu` and `eps` (`log` is the
# natural logarithm), e.g. `"sqrt(alpha*mu)/y0"`, or as a function `lambda y0, alpha, mu, eps: ...`.

# %%
### BEGIN SOLUTION
escape_formula = "log(eps/y0) / log(1 + alpha*mu)"
### END SOLUTION
check("ch02-escape-formula", escape_formula)

# %% [markdown]
# Compare your formula with the measured first step at which $|y_k| \ge \varepsilon$, for gradient
# descent on the full $f$ (a few lines of NumPy: along $y$ the step is $y \leftarrow y - \alpha(y^3 - \mu y)$):

# %%
if escape_formula is ...:
    print("Record your formula above first, then run this cell.")
else:
    from physml.checks import as_formula

    formula = as_formula(escape_formula, ("y0", "alpha", "mu", "eps"))
    for y0, alpha, mu, eps in [(1e-6, 0.1, 1.0, 0.5), (1e-6, 0.1, 2.0, 0.1), (1e-9, 0.05, 0.5, 0.2)]:
        y, k = y0, 0
        while abs(y) < eps:
            y, k = y - alpha * (y ** 3 - mu * y), k + 1
        print(f"y0 = {y0:.0e}, alpha = {alpha}, mu = {mu}, eps = {eps}: measured {k} steps, "
              f"your formula {float(formula(y0, alpha, mu, eps)):.1f}")

# %% [markdown]
# **Going further.** Your formula's slope against $\ln(1/y_0)$ is $1/\ln(1+\alpha\mu)$, not the
# $1/(\alpha\mu)$ of gradient flow $\dot y = \mu y$ counted in steps of length $\alpha$. When does the
# difference matter, and why is the measured escape always one or two steps *later* than the formula?

# %% [markdown] tags=["solution"]
# *Model answer.* $\ln(1+\alpha\mu) = \alpha\mu - (\alpha\mu)^2/2 + \dots$, so the two slopes differ by a
# relative $\alpha\mu/2$: 5 % at $\alpha\mu = 0.1$ (10.49 against 10 steps per e-fold), negligible for
# small steps, and large for $\alpha\mu \sim 1$, where one step is no longer a short piece of the flow.
# The measured step is later because (i) it is the first *integer* step past the threshold (round
# up, at most one step), and (ii) the neglected term $-\alpha y^3$ slows the growth factor from
# $1 + \alpha\mu$ to $1 + \alpha\mu - \alpha y^2$, which matters in the last few steps, as $y^2$
# approaches $\varepsilon^2$.

# %% [markdown]
# ## Task 2.5: noise on the stable manifold (read off, then explain)
#
# The explorer below opens with *noise* ticked and $\log_{10}|y_0|$ at its lowest value, $-12$: far
# below every $\sigma$ you will try, so the start is on the stable manifold to within the noise. Move
# $\log_{10}\sigma$ from $-4$ down to $-10$ and read the escape step from the status line (it is the
# green line in the right panel). Watch, too, where the straight part of $|y_k|$ starts.
#
# **(a) Read off.** By how many steps does the escape step change for every factor of 10 smaller
# $\sigma$? Enter one number, `steps_per_decade`.

# %% tags=["remove-output"]
figures.saddle_escape().live(log10_y0=-12.0, noisy=True, log10_noise=-4.0)

# %%
### BEGIN SOLUTION
steps_per_decade = 24
### END SOLUTION
check("ch02-noise-steps", steps_per_decade)

# %% [markdown]
# **(b) Explain.** Which statement explains what you read off?
#
# - **a**: each kick adds about $\sigma$ to $|y|$, and the kicks must add up to $1/2$, which takes a
#   number of steps proportional to $1/\sigma$.
# - **b**: the first few kicks put $y$ at a distance of order $\sigma$ from the stable manifold; from
#   there $|y|$ grows by the factor $1 + \alpha$ per step until it reaches $1/2$.
# - **c**: the noise lowers the curvature of $f$ along $y$ at the saddle by an amount that depends on
#   $\ln\sigma$, so weaker noise escapes at a slower rate.
# - **d**: only the last kick before the escape matters: it must be large enough to carry $y$ past
#   $1/2$, and large kicks are rare.

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
