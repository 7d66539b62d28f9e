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
# forward-mode differentiation (`jax.jvp`).
#
# **Time to run:** about 40 seconds on a laptop CPU. **Practice:** {doc}`../exercises/ch05_practice`.
# ```
#
# Chapter 4 found laws among quantities that someone had already chosen to measure. A symmetry can
# hide better: in raw data, such as images or sensor readings, the transformation that leaves the
# physics unchanged need not act in any simple way on the numbers we record. An **autoencoder**
# compresses data through a narrow **latent** layer, $z = E(x)$, and rebuilds it, $\hat x = D(z)$
# {cite}`hinton2006reducing`. The question of this chapter is whether the latent layer organises the
# data so that the symmetry becomes simple, meaning linear, and how we can tell. At first we hand
# the analysis the symmetry's generator, on data where it acts linearly; in the last section it
# acts nonlinearly on what we measure, nobody supplies the generator, and we find it, with its
# frequency and a conserved quantity, from the data alone.

# %%
import jax
import matplotlib.pyplot as plt
import numpy as np
import scipy.integrate
import scipy.linalg
import scipy.stats

from physml import symmetry as S
from physml.interactives import symmetry as figures
from physml.style import COLORS

# %% [markdown]
# ## A symmetry and its generator
#
# A one-parameter group of linear transformations of the data, $x \mapsto e^{tK}x$, is fixed by
# its **generator** $K$. Each point moves along the tangent
#
# $$
# \frac{dx}{dt}\Big|_{t=0} = K x .
# $$ (generator)
#
# Our data are states of a harmonic oscillator, $u = r(\cos\varphi, \sin\varphi)$ in phase space,
# seen through three harmonics: $y_k = a_k r^k(\cos k\varphi, \sin k\varphi)$ for $k = 1, 2, 3$,
# mixed into eight dimensions by a random orthogonal map $Q$, so $x = Qy$. Time evolution shifts the
# phase, $\varphi \to \varphi + t$, and each harmonic turns $k$ times as fast. So the symmetry acts
# linearly on $x$, with
#
# $$
# K = Q\,\mathrm{diag}(J, 2J, 3J)\,Q^\top, \qquad J = \begin{pmatrix} 0 & -1 \\ 1 & 0 \end{pmatrix},
# $$ (K)
#
# and eigenvalues $\pm i, \pm 2i, \pm 3i$ (and two zeros for the directions the data never
# visit). The flow conserves the oscillator's energy, $E \propto r^2$, and each orbit is a curve of
# constant $r$. Each of 16 orbits is sampled at 32 equally spaced phases. This symmetric sample keeps
# finite-sample correlations between the harmonics exactly zero, and the decreasing amplitudes
# $a_k$ give the harmonics well-separated variances (both printed below).

# %%
data = S.oscillator_data(key=jax.random.key(0))
t = 0.7
rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
x_later = S.harmonic_features(data.u @ rot.T) @ data.embedding.T     # the oscillator a time t later
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
# {cite}`noether1918invariante` gives a conserved quantity for every continuous symmetry of the
# **action** $S = \int L(q, \dot q, t)\,dt$, not for every symmetry of the equations of motion. The
# oscillator's Lagrangian, $L = \tfrac12 \dot q^2 - \tfrac12 \omega^2 q^2$, does not depend on $t$, so
# $S$ is unchanged by a shift of time, and the conserved quantity that comes with this symmetry is
# the energy $E = \dot q\,\partial L/\partial \dot q - L$. A symmetry of the equations alone is not
# enough. The damped oscillator,
#
# $$
# \ddot q + \gamma \dot q + \omega^2 q = 0,
# $$ (damped)
#
# has equations that do not depend on $t$ either: a motion started at $t_0 = 100$ is the motion
# started at $t_0 = 0$, shifted. Yet its energy $E = \tfrac12 \dot q^2 + \tfrac12\omega^2 q^2$ obeys
# $dE/dt = -\gamma \dot q^2 \le 0$ and decays. The Lagrangian that yields equation {eq}`damped`,
# $L = e^{\gamma t}(\tfrac12 \dot q^2 - \tfrac12 \omega^2 q^2)$
# {cite}`caldirola1941forze,kanai1948quantization`, depends on $t$ explicitly, so time translation is
# not a symmetry of the action. In fact no time-independent, continuous function of $(q, \dot q)$ is
# conserved: every orbit spirals into the origin, so such a function, constant on each orbit, takes
# its value at the origin everywhere. (Conserved quantities that depend explicitly on $t$ do exist,
# e.g. $e^{\gamma t}\bigl[(\dot q + \tfrac{\gamma}{2} q)^2 + (\omega^2 - \tfrac{\gamma^2}{4}) q^2\bigr]$, and
# Noether's theorem delivers them from a symmetry of the time-dependent action above; they are not
# an energy.) We check both statements with a high-accuracy integrator ($\gamma = 0.2$,
# $\omega = 1$, starting from $q = 1$, $\dot q = 0$):

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
print(f"damped: E(t)/E(0) at t = 5, 10, 20: {ratio[50]:.3f}, {ratio[100]:.3f}, {ratio[200]:.3f} "
      f"(e^(-gamma t): {np.exp(-1.0):.3f}, {np.exp(-2.0):.3f}, {np.exp(-4.0):.3f}); never increases: "
      f"{bool(np.all(np.diff(energy) <= 1e-12))}")
drift = np.abs(free_energy / free_energy[0] - 1).max()
print(f"undamped: |E(t)/E(0) - 1| below 1e-8 for t up to 20: {bool(drift < 1e-8)}")

# %% [markdown]
# For small $\gamma$ the energy follows $e^{-\gamma t}$ on average (it falls faster when the
# oscillator moves fast, $dE/dt = -\gamma \dot q^2$, and not at all at the turning points). So in
# this chapter a conserved quantity is something to check in the data, not something a symmetry
# of the equations guarantees.
#
# ## The latent generator
#
# Move a data point along the symmetry and watch its code. By the chain rule, the latent point
# moves with velocity
#
# $$
# \dot z = J_E(x)\, K x ,
# $$ (latent-tangent)
#
# the encoder's Jacobian applied to the data tangent. This is a **Jacobian-vector product**, which
# forward-mode differentiation computes exactly, at the cost of about one extra evaluation of $E$
# and without ever forming $J_E$: `jax.jvp(E, (x,), (K @ x,))`. The symmetry acts **linearly** in
# latent space if a single matrix $A$ gives $\dot z = Az$ at every data point. We fit $A$ by least
# squares over the data and report the relative residual
#
# $$
# \rho_\text{lat} = \frac{\|\dot Z - Z A^\top\|_F}{\|\dot Z\|_F},
# $$ (rho-lat)
#
# which is $0$ for an exactly linear action and of order $1$ when no matrix comes close. A linear
# latent action is only useful if it is the physical one, so we also decode it. The decoder should
# turn the latent velocity $Az$ into the data-space velocity $K\,D(z)$:
#
# $$
# J_D(z)\,A z = K\,D(z), \qquad
# \rho_\text{dec} = \frac{\|J_D(Z)\,AZ - K D(Z)\|_F}{\|K D(Z)\|_F}.
# $$ (rho-dec)
#
# First, a check that the Jacobian-vector products are what we think. We compare them with
# central finite differences on an untrained nonlinear encoder:

# %%
mlp = S.autoencoder_init(8, 2, key=jax.random.key(0), hidden=(32,))
g = S.latent_generator(S.encode, mlp, data.x, data.K)
eps = 1e-6
kx = data.x @ data.K.T
fd = (S.encode(mlp, data.x + eps * kx) - S.encode(mlp, data.x - eps * kx)) / (2 * eps)
print(f"max |dz| = {np.abs(g.dz).max():.1f}; jvp and central differences agree to 1e-8: "
      f"{bool(np.abs(g.dz - fd).max() < 1e-8)}")

# %% [markdown]
# The two agree to within the truncation and round-off error of the finite difference. The jvp
# itself has no truncation error.
#
# ## A linear autoencoder finds the rotation
#
# Start with the simplest autoencoder: linear maps, $z = W_E^\top x + b_E$ and
# $\hat x = W_D^\top z + b_D$, with a two-dimensional latent layer. We train it with Adam on the
# **mean squared error per component**, $\mathrm{MSE} = \|X - \hat X\|_F^2 / (n\,d)$ for $n$ points
# in $d$ dimensions (the rows of $X$ are the data points, $\|\cdot\|_F$ the Frobenius norm), the
# whole run being one `lax.scan`. A linear autoencoder can do no better than principal component
# analysis (PCA) {cite}`baldi1989neural`: the least $\|X - \hat X\|_F^2$ of rank 2 is the sum of the
# discarded squared singular values of the data {cite}`eckart1936approximation`. This gives an
# independent check of the training.

# %%
run = S.train_autoencoder(data.x, latent_dim=2, key=jax.random.key(0), n_steps=3000, learning_rate=1e-2,
                          checkpoints=(0, 3000))
sv = np.linalg.svd(data.x, compute_uv=False)
pca_loss = np.sum(sv[2:] ** 2) / data.x.size
print(f"final mean squared error per component {run.loss[-1]:.6f}; PCA optimum {pca_loss:.6f} "
      f"(ratio {run.loss[-1] / pca_loss:.4f})")
lin = S.latent_generator(S.encode, run.params, data.x, data.K, affine=True)   # ż = A z + b
rho_dec = S.generator_consistency(S.decode, run.params, lin.z, lin.A, data.K, b=lin.b)
no_b = S.latent_generator(S.encode, run.params, data.x, data.K)                # ż = A z only
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
# with a bias, $z = W_E^\top x + b_E$, shifts the latent origin, so the linear action
# $\dot x = Kx$ becomes $\dot z = W_E^\top K W_D (z - b_E)$ in the code: linear in $z - b_E$, affine
# in $z$. The reconstruction loss cannot fix $b_E$ (only the combination $b_D + W_D^\top b_E$
# matters), so training leaves it wherever Adam's steps happen to put it, small but not zero. A fit
# without $b$ then misses by an amount of the order of $|b_E|$, as printed. The eigenvalues of $A$
# are $\pm i$: the latent layer has found the first-harmonic plane, where time evolution is a
# rotation at the oscillator's frequency. $A$ itself is not $J$, because the latent coordinates are an
# arbitrary linear image $S$ of that plane. What is fixed is the similarity class,
# $A = S J S^{-1}$, and we can check it:
#

# %%
P1 = data.embedding[:, :2]                       # the first-harmonic plane of the data
W_E = np.asarray(run.params["encoder"][0]["W"])
S_map = W_E.T @ P1                               # latent coordinates of the plane's two axes
print(f"|A - S J S^-1| below 1e-5: {bool(np.abs(lin.A - S_map @ S.J2 @ np.linalg.inv(S_map)).max() < 1e-5)}")

# %% [markdown]
# Before training, the same architecture gives a different picture. So does a model whose latent
# layer is too narrow (one dimension) or of an awkward width (three). The grid below trains one
# linear autoencoder for each latent dimension from 1 to 5 and evaluates both residuals (of the
# affine fit) along the way (it takes about 12 seconds).

# %%
grid = S.autoencoder_grid(data, latent_dims=(1, 2, 3, 4, 5), key=jax.random.key(0))
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
# encoder's 0.18 is no sign of a linear action, only a different set of dropped directions.
#
# **Why even dimensions?** The reason is representation theory. A linear action of the rotation
# group on a real vector space splits into invariant planes, each turning at an integer frequency
# $k$ {cite}`cohen2014learning`. A linear encoder trained like PCA keeps the directions of largest
# variance, and here those come in pairs, one plane per harmonic. Two or four latent dimensions
# hold whole planes, so the latent space is invariant and $\dot z$ is a function of $z$. With one
# or three, the latent space contains half of a plane: the velocity points along the missing
# partner direction, which the code has discarded, so no matrix of $z$ can produce it. With one
# dimension this fails completely (residual 1): $\dot z$ is orthogonal to everything $z$ records.
# Untrained encoders read random directions, which mix planes and the unvisited directions.
#
# ## A better reconstruction is not a better representation
#
# A nonlinear autoencoder can do far more with two latent dimensions. The data form a
# two-dimensional sheet (radius and phase), and a network with tanh hidden layers can flatten it.
# Does it also find the linear action? We compare the two models by their **relative reconstruction
# error** over the data set, $\|X - D(E(X))\|_F / \|X\|_F$ (the square root of the mean squared
# error per component, divided by the root mean square of the data).

# %%
deep = S.train_autoencoder(data.x, latent_dim=2, key=jax.random.key(0), hidden=(32,), n_steps=3000,
                          learning_rate=3e-3)
nl = S.latent_generator(S.encode, deep.params, data.x, data.K, affine=True)
nl_dec = S.generator_consistency(S.decode, deep.params, nl.z, nl.A, data.K, b=nl.b)
err_lin, err_nl = S.reconstruction_error(run.params, data.x), S.reconstruction_error(deep.params, data.x)
print(f"relative reconstruction error ||X - D(E(X))||_F / ||X||_F: linear {err_lin:.3f}, nonlinear "
      f"{'below 0.03' if err_nl < 0.03 else f'{err_nl:.3f}'} "
      f"(more than 15 times smaller: {bool(err_lin > 15 * err_nl)})")
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
# which the symmetry is simple. The two residuals are what tell these models apart. The picture
# shows why: in the linear model's latent plane each orbit is an ellipse and the velocities turn
# with it, while in the nonlinear one the orbits are bent.

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 4))
for ax, res, title in ((axes[0], lin, "linear: residual < 1e-4"),
                       (axes[1], nl, f"nonlinear: residual {nl.residual:.2f}")):
    phase = np.arctan2(data.u[:, 1], data.u[:, 0])
    ax.scatter(res.z[:, 0], res.z[:, 1], c=phase, cmap="twilight", s=8)
    every = slice(None, None, 4)
    ax.quiver(res.z[every, 0], res.z[every, 1], res.dz[every, 0], res.dz[every, 1], color=COLORS["grey"],
              angles="xy", width=0.004, alpha=0.8, label=r"$\dot z = J_E K x$")
    fit = res.z[every] @ res.A.T + res.b
    ax.quiver(res.z[every, 0], res.z[every, 1], fit[:, 0], fit[:, 1], color=COLORS["vermillion"],
              angles="xy", width=0.003, alpha=0.8, label=r"$A z + b$ (fit)")
    ax.set(title=title, xlabel="$z_1$", ylabel="$z_2$", aspect="equal")
axes[0].legend(loc="center", fontsize=8)
plt.show()

# %% [markdown]
# Points are coloured by their phase. Where the red arrows (the best affine fit) cover the grey
# ones (the true latent velocities), the action is linear. Methods that *look for* a latent space
# in which a group acts linearly add that requirement to the loss {cite}`yang2023latent`. The
# idea of a "disentangled" representation is defined in these terms {cite}`higgins2018towards`.
#
# ## Explore: latent dimension and training length
#
# The slider picks the latent dimension. Left: the two residuals along training, from the
# untrained model to 3000 Adam steps (step 0 is plotted at 1; the red point marks the end).
# Right: the eigenvalues of $A$ at the end of training, against the physical $\pm ik$ (grey bars).
# Watch dimensions 2 and 4 fall by many orders of magnitude once training has found the principal
# planes, while 1, 3 and 5 stay between 0.1 and 1 at every step.

# %%
explorer = figures.autoencoder(grid)
explorer.static()

# %% [markdown]
# The second figure follows the training of the model with two latent dimensions. After a detour
# (at 100 steps the residual is 1 and $A$ barely turns), the residuals fall by orders of magnitude
# from 300 steps on, and the eigenvalues of $A$ settle on $\pm i$.

# %%
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
# frequency $\omega$, and its energy is $E = \omega^2 r^2/2$. Six sensors read it through a
# saturating response,
#
# $$
# x = \tanh(W u + c),
# $$ (sensors)
#
# with a random $6\times 2$ matrix $W$ and offsets $c$. Time evolution now moves the observations
# along $\dot x = (1 - x^2)\odot(W\dot u)$ ($\odot$: component by component), a nonlinear function
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
# \phi_\text{orbit}(f) = \frac{\sum_{o,t} (f_{ot} - \bar f_o)^2}{\sum_{o,t} (f_{ot} - \bar f)^2},
# $$ (within-orbit)
#
# with $\bar f_o$ the mean over orbit $o$ and $\bar f$ over all data: 0 for a conserved quantity. Over
# all linear functions $f = a\cdot x$ the least $\phi_\text{orbit}$ is the smallest eigenvalue of the
# generalised problem $B a = \mu\, T a$, with $B$ the within-orbit and $T$ the total covariance of
# $x$ (a Rayleigh quotient), so we can state it for *every* linear function at once.

# %%
obs = S.sensor_trajectories(key=jax.random.key(0))
raw = S.fit_generator(obs.x_now, obs.x_next, obs.dt)
best = S.best_linear_invariant(obs.x[:, :-1])
r2 = np.sum(obs.u[:, :-1] ** 2, axis=-1)                   # energy / (omega^2 / 2), along each orbit
print(f"{obs.x.shape[0]} orbits, {obs.x.shape[1] - 1} steps of dt = {obs.dt:.3f} each, {obs.x.shape[2]} sensors; "
      f"true omega = {obs.omega:.2f}")
print(f"best affine one-step map on the observations: relative one-step error {raw.residual:.2f}")
print(f"within-orbit fraction: energy < 1e-12: {bool(S.within_orbit_fraction(r2) < 1e-12)}; "
      f"best linear function of the observations {best.fraction:.2f}")

# %% [markdown]
# The best linear map misses a third of each step, and the most nearly conserved linear function of
# the observations still has more than half of its variance along the orbits. The symmetry and
# the conservation law are there, but not in any linear view of the data.
#
# **Linear latent dynamics.** Koopman observed that any flow, however nonlinear, acts *linearly* on
# functions of the state {cite}`koopman1931hamiltonian`: if $g$ is a function, so is $g$ evaluated
# one step later, and the map between them is linear in $g$. The trick is to find a few functions,
# $z = E(x)$, that this map sends to combinations of themselves, so that
# $z' = Mz + b$ for one matrix $M$. An autoencoder can search for them
# {cite}`lusch2018deep,takeishi2017learning`. We train it on pairs $(x, x')$ one step apart, and
# inside the loss we *fit* $M$ and $b$ by least squares to the current codes (the normal equations,
# differentiated through), $\hat Z' = ZM^\top + \mathbf 1 b^\top$:
#
# $$
# L = \underbrace{\mathrm{MSE}\big(D(Z), X\big)}_\text{reconstruction}
#   + \underbrace{\mathrm{MSE}\big(D(\hat Z'), X'\big)}_\text{decoded prediction}
#   + \underbrace{\frac{\|Z' - \hat Z'\|_F^2}{\|Z' - Z\|_F^2}}_\text{latent one-step error}.
# $$ (koopman-loss)
#
# The last term is relative to the step, so shrinking the codes does not lower it. No generator
# enters anywhere. After training we read it off: $M = e^{K\Delta t}$, so
# $K = \log(M)/\Delta t$ (the principal matrix logarithm). Three networks (two tanh layers of 16,
# two latent dimensions) train at once from three seeds, 1500 full-batch Adam steps.

# %%
koop = S.train_koopman_autoencoder(obs.x_now, obs.x_next, key=jax.random.key(1), n_steps=1500)
models = [koop.model(i) for i in range(koop.n_models)]
found = [S.fit_generator(S.encode(p, obs.x_now), S.encode(p, obs.x_next), obs.dt) for p in models]
lam = [g.eigenvalues[-1] for g in found]                   # a + i omega, the eigenvalue of positive imaginary part
print(f"{koop.n_models} models; reconstruction mean squared error per component below 1e-3 in each: "
      f"{bool(np.all(koop.reconstruction[:, -1] < 1e-3))}")
print(f"latent relative one-step error below 0.03 in each: {bool(max(g.residual for g in found) < 0.03)} "
      f"(observations: {raw.residual:.2f})")
print(f"omega found: {', '.join(f'{g.frequency:.2f}' for g in found)} (true {obs.omega:.2f}); "
      f"|Re lambda| / omega below 1e-2 in each: {bool(max(abs(w.real) / w.imag for w in lam) < 1e-2)}")
sym_ratio = [np.linalg.norm(g.K + g.K.T) / np.linalg.norm(g.K - g.K.T) for g in found]
print(f"K in the latent coordinates: |symmetric part| / |antisymmetric part| above 0.3 in each: "
      f"{bool(min(sym_ratio) > 0.3)}")
print("K in its rotation frame, model 0:", np.array2string(np.round(found[0].plane_block, 2) + 0.0, separator=", ")
      .replace("\n", ""))

# %% [markdown]
# Every model finds the oscillator's frequency, $\omega = 1.50$, to two digits, from nothing but
# consecutive observations, and the real parts of the eigenvalues of $K$, which would make orbits
# spiral, are below one percent of $\omega$. How much of this is found? Each orbit is sampled at exactly 20 steps
# per period, so a linear latent map that closes the orbits must satisfy $M^{20} = 1$: once the
# latent error is small, the frequency is the measured period, $2\pi/(20\,\Delta t)$. What the
# networks find beyond it, without being told, is that a *linear* latent map exists at all, its
# rotational form, and the invariant below. The latent one-step error is more than ten times
# smaller than that of the best linear map on the observations. Is $K$ a rotation generator? In the
# network's own latent coordinates it is not antisymmetric (its symmetric part is comparable to
# its antisymmetric part), for the same reason that $A$ was not $J$ before: the latent axes are an
# arbitrary linear image of the rotation plane. Take instead the basis $(\operatorname{Re} v,
# \operatorname{Im} v)$ of the eigenvector $v$ of $K$ with eigenvalue $a + i\omega$. Since
# $Kv = (a + i\omega)v$, in that basis
#
# $$
# K = \begin{pmatrix} a & \omega \\ -\omega & a \end{pmatrix} = a\,\mathbb 1 - \omega J,
# $$ (rotation-frame)
#
# an antisymmetric rotation generator plus $a\,\mathbb 1$, whose norm relative to the antisymmetric
# part is exactly $|a|/\omega$, below $10^{-2}$ here. (The turning sense in latent space depends
# on the encoder's orientation, which a reflection flips; the frequency does not.)
#
# **The conserved quantity.** A linear flow has its own conserved quantity. Let $w^\top$ be the
# left eigenvector of $K$ with eigenvalue $\lambda = a + i\omega$, $w^\top K = \lambda w^\top$, and
# $\varphi(z) = w^\top(z - c)$, with $c$ the fixed point of the latent map. Then
# $\dot\varphi = w^\top K(z - c) = \lambda\varphi$, so $\varphi(t) = e^{\lambda t}\varphi(0)$ and
#
# $$
# \frac{d}{dt}|\varphi|^2 = 2a\,|\varphi|^2 .
# $$ (koopman-invariant)
#
# For $a = 0$, $|\varphi|^2$ is conserved: it is the radius squared in the rotation frame, the
# action variable of the latent rotation (up to a constant), while $\arg\varphi$ is its angle. Nobody told
# the network about energy; does $|\varphi(E(x))|^2$ behave like it? We measure its within-orbit
# fraction, check that it orders the orbits as the energy does (rank correlation of its orbit means
# with $r^2$), and decode the found generator: the decoder should turn the latent velocity
# $K(z - c)$ into the true velocity of the observations, $J_D(z)\,K(z - c) \approx \dot x$, one
# `jax.jvp` per point, compared by the relative error over the data set.

# %%
xs = obs.x[:, :-1]                                          # one period per orbit, no repeated point
codes = [np.asarray(S.encode(p, xs)) for p in models]
phi2 = [g.invariant(z) for g, z in zip(found, codes)]
within = [S.within_orbit_fraction(f) for f in phi2]
rank = [scipy.stats.spearmanr(f.mean(1), r2[:, 0]).statistic for f in phi2]
velocity = obs.velocity[:, :-1].reshape(-1, obs.x.shape[-1])
vel_err = [np.linalg.norm(S.decoded_velocity(S.decode, p, z.reshape(-1, 2), g) - velocity) / np.linalg.norm(velocity)
           for p, z, g in zip(models, codes, found)]
print(f"within-orbit fraction of |phi(E(x))|^2: below 0.02 in each model: {bool(max(within) < 0.02)} "
      f"(best linear function of x: {best.fraction:.2f}; energy: < 1e-12)")
print(f"rank correlation of its orbit means with the energy above 0.95 in each: {bool(min(rank) > 0.95)}")
print(f"decoded generator, relative error of J_D(z) K (z - c) against the true dx/dt: below 0.2 in each: "
      f"{bool(max(vel_err) < 0.2)}")

# %%
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
axes[1].set(title="model 0: latent codes, rotation frame", xlabel="$a$", ylabel="$b$", aspect="equal")
axes[2].set(title=r"along each orbit (standardised)", xlabel="$t$",
            ylabel=r"$|\varphi|^2$ (solid), best $a\cdot x$ (dashed)")
plt.show()

# %% [markdown]
# Six orbits, coloured by energy from low (dark) to high (light). Left: in the sensors' space the
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
# small $a$ lets it drift. And the decoded velocity's relative error is below 20 % but not
# small: the decoder was trained on values, not on derivatives, and its Jacobian is less constrained than its
# output. What the method delivers without being told is the frequency, the rotational form of
# the generator and an invariant that orders the orbits by energy; that the invariant *is* the
# energy (up to a monotone function) is then a hypothesis to test, as here, against the physics.

# %% [markdown]
# ## What to remember
#
# - A continuous symmetry $x \mapsto e^{tK}x$ moves data along $Kx$. The encoder carries this into
#   latent space as $\dot z = J_E(x)Kx$, one `jax.jvp` per point, exact to round-off.
# - The symmetry acts linearly in latent space when one matrix fits $\dot z = Az$ (residual
#   $\rho_\text{lat} \approx 0$). It is the physical action when the decoder maps $Az$ back onto
#   $K\,D(z)$ ($\rho_\text{dec} \approx 0$). The spectrum of $A$ then reproduces part of the
#   spectrum of $K$.
# - A trained linear autoencoder is PCA. Its latent action is linear exactly when the latent
#   space holds whole invariant planes of the rotation, which is representation theory at work.
#   Untrained models and latent spaces holding half of a plane fail both tests.
# - Better reconstruction does not imply a simpler symmetry: a nonlinear autoencoder beats the
#   linear one more than fifteen times in relative reconstruction error and fails the linearity
#   test. To get a linear latent action, ask for it (next point).
# - When the symmetry acts nonlinearly on the observations and nobody supplies its generator, ask
#   for linear latent dynamics: fit $z' = Mz + b$ inside the loss, then read off $K = \log(M)/\Delta t$.
#   On a tanh-sensed oscillator every model finds $\omega = 1.50$ and a rotation generator, and the
#   modulus of its eigenfunction, $|\varphi|^2$, is nearly conserved where no linear function of the
#   observations comes close.
# - Noether's theorem needs a symmetry of the action. A damped oscillator's equations are
#   time-translation invariant, yet its energy decays: a conserved quantity is to be checked, not
#   assumed.
#
# **Practice:** {doc}`../exercises/ch05_practice`: compute a latent generator with `jax.jvp`, check
# it against finite differences, and find which latent dimensions give a linear action.
#
# ```{bibliography}
# :filter: docname in docnames
# ```
