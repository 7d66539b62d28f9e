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
# representation theory why the answer depends on the latent dimension.
#
# **Prerequisites:** {ref}`ch-discovery` (least squares, SVD); matrix exponentials and rotations;
# forward-mode differentiation (`jax.jvp`).
#
# **Time to run:** about 30 seconds on a laptop CPU. **Practice:** {doc}`../exercises/ch05_practice`.
# ```
#
# Chapter 4 found laws among quantities that someone had already chosen to measure. A symmetry can
# hide better: in raw data, such as images or sensor readings, the transformation that leaves the
# physics unchanged need not act in any simple way on the numbers we record. An **autoencoder**
# compresses data through a narrow **latent** layer, $z = E(x)$, and rebuilds it, $\hat x = D(z)$
# {cite}`hinton2006reducing`. The question of this chapter is whether the latent layer organises the
# data so that the symmetry becomes simple, meaning linear, and how we can tell.

# %%
import jax
import matplotlib.pyplot as plt
import numpy as np
import scipy.linalg

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
# visit). By Noether's theorem a continuous symmetry of the dynamics comes with a conserved
# quantity {cite}`noether1918invariante`, here the oscillator's energy, $\propto r^2$. Each of 16
# orbits is sampled at 32 equally spaced phases. This symmetric sample keeps finite-sample
# correlations between the harmonics exactly zero, and the decreasing amplitudes $a_k$ give the
# harmonics well-separated variances (both printed below).

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
# mean squared reconstruction error, the whole run being one `lax.scan`. A linear autoencoder can
# do no better than principal component analysis (PCA) {cite}`baldi1989neural`: the best rank-2
# reconstruction error is the sum of the discarded squared singular values of the data
# {cite}`eckart1936approximation`. This gives an independent check of the training.

# %%
run = S.train_autoencoder(data.x, latent_dim=2, key=jax.random.key(0), n_steps=3000, learning_rate=1e-2,
                          checkpoints=(0, 3000))
sv = np.linalg.svd(data.x, compute_uv=False)
pca_loss = np.sum(sv[2:] ** 2) / data.x.size
print(f"final loss {run.loss[-1]:.6f}; PCA optimum {pca_loss:.6f} (ratio {run.loss[-1] / pca_loss:.4f})")
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
# linear autoencoder for each latent dimension from 1 to 5 and evaluates both residuals (of the affine fit) along the
# way (it takes about 12 seconds).

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
# above): both residuals are below 0.01, and far below in fact (the explorer shows the latent-generator residuals falling below $10^{-6}$), with eigenvalues $\pm i$ and $\pm i, \pm 2i$. Those with one, three and
# five dimensions do not, and neither does any model before training.
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
# Does it also find the linear action?

# %%
deep = S.train_autoencoder(data.x, latent_dim=2, key=jax.random.key(0), hidden=(32,), n_steps=3000,
                          learning_rate=3e-3)
nl = S.latent_generator(S.encode, deep.params, data.x, data.K, affine=True)
nl_dec = S.generator_consistency(S.decode, deep.params, nl.z, nl.A, data.K, b=nl.b)
err_lin, err_nl = S.reconstruction_error(run.params, data.x), S.reconstruction_error(deep.params, data.x)
print(f"relative reconstruction error |x - D(E(x))| / |x|: linear {err_lin:.3f}, nonlinear "
      f"{'below 0.03' if err_nl < 0.03 else f'{err_nl:.3f}'} (more than 15 times smaller: {bool(err_lin > 15 * err_nl)})")
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
# planes, while 1, 3 and 5 stay near one.

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
#   linear one more than thirty times on reconstruction and fails the linearity test. To get a linear latent
#   action, ask for it.
#
# **Practice:** {doc}`../exercises/ch05_practice`: compute a latent generator with `jax.jvp`, check
# it against finite differences, and find which latent dimensions give a linear action.
#
# ```{bibliography}
# :filter: docname in docnames
# ```
