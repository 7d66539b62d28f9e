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
# # Practice 7: symplectic structure
#
# Practice for {ref}`ch-symplectic`. Three tasks; after each, run the `check(...)` cell.
# Replace each `...` below `# YOUR CODE HERE`.

# %%
import jax
import jax.numpy as jnp
import numpy as np

from physml import integrators as I
from physml import systems as S
from physml.checks import check
from physml.interactives import integrators as figures


# %% [markdown]
# ## Task 7.1: a leapfrog step
#
# Write `my_leapfrog_step(H, y, dt)` for a separable Hamiltonian `H(q, p)` and the flat state
# `y = (q, p)` (first half $q$, second half $p$). Use kick–drift–kick:
#
# $$
# p_{1/2} = p - \tfrac h2\,\partial_q H(q, p), \quad q' = q + h\,\partial_p H(q, p_{1/2}), \quad
# p' = p_{1/2} - \tfrac h2\,\partial_q H(q', p_{1/2}).
# $$
#
# Get the derivatives from `jax.grad(H, argnums=0)` and `jax.grad(H, argnums=1)`. Do not use
# `I.leapfrog` or `I.step_map`.

# %%
def my_leapfrog_step(H, y, dt):
    ### BEGIN SOLUTION
    dHdq, dHdp = jax.grad(H, argnums=0), jax.grad(H, argnums=1)
    n = y.shape[0] // 2
    q, p = y[:n], y[n:]
    p = p - 0.5 * dt * dHdq(q, p)
    q = q + dt * dHdp(q, p)
    p = p - 0.5 * dt * dHdq(q, p)
    return jnp.concatenate([q, p])
    ### END SOLUTION


# %%
check("ch07-leapfrog", my_leapfrog_step)


# %% [markdown]
# ## Task 7.2: the symplectic defect
#
# Write `my_symplectic_defect(step, y)`. It should return $\lVert M^\top J M - J\rVert_F$, where
# $M$ = `jax.jacfwd(step)(y)` is the Jacobian of a one-step map at `y`, and
# $J = \begin{pmatrix} 0 & I \\ -I & 0\end{pmatrix}$ with $n$ = `len(y) // 2`. Do not use
# `I.symplectic_defect`.

# %%
def my_symplectic_defect(step, y):
    ### BEGIN SOLUTION
    M = np.asarray(jax.jacfwd(step)(jnp.asarray(y)))
    n = len(y) // 2
    J = np.block([[np.zeros((n, n)), np.eye(n)], [-np.eye(n), np.zeros((n, n))]])
    return float(np.linalg.norm(M.T @ J @ M - J))
    ### END SOLUTION


# %%
check("ch07-defect", my_symplectic_defect)

# %% [markdown]
# Measure your leapfrog step's defect on the pendulum (`S.pendulum`), and RK4's, for the step sizes
# $h$ = 0.2, 0.1, 0.05, 0.025 at the state $(q, p) = (1, 0.3)$, and fit the slope of $\log$ defect
# against $\log h$. How does RK4's defect per step scale with $h$, and does that fix the rate at
# which its energy drifts per unit time?

# %%
y = jnp.array([1.0, 0.3])
if my_symplectic_defect(lambda y: y, y) is ... or my_leapfrog_step(S.pendulum, y, 0.1) is ...:
    print("(write my_leapfrog_step and my_symplectic_defect first)")
else:
    steps_h, rk = np.array([0.2, 0.1, 0.05, 0.025]), []
    for h in steps_h:
        lf = my_symplectic_defect(lambda y: my_leapfrog_step(S.pendulum, y, h), y)
        rk.append(my_symplectic_defect(I.step_map("rk4", I.hamiltonian_flow(S.pendulum), h), y))
        print(f"h = {h}: leapfrog " + ("below 1e-14" if lf < 1e-14 else f"{lf:.0e}") + f", RK4 {rk[-1]:.1e}")
    print(f"RK4's defect per step ∝ h^{np.polyfit(np.log(steps_h), np.log(rk), 1)[0]:.1f}")

# %% [markdown] tags=["solution"]
# **Answer.** Leapfrog's defect is round-off at every $h$. RK4's falls by about $2^6 = 64$ per halving
# of $h$: the fitted slope is 5.9, tending to 6 as $h$ shrinks, the same as in the chapter. So RK4's
# defect per step is of order $h^6$ on the pendulum, one order better than the $h^5$ that its
# $O(h^5)$ local error would allow (on the oscillator it is exactly $\sqrt2(h^6/72 - h^8/576)$; on a
# non-separable $H$ the chapter measures $h^5$). The defect at one state does not fix the energy
# drift: in one degree of freedom the energy change per step, averaged over the orbit, is the defect
# integrated over the area the orbit encloses, divided by the period (the chapter derives this from
# the change-of-variables formula). For $H$ even in $p$ (the pendulum, the chapter's non-separable
# $H$) the $h^5$ part of $\det M - 1$ is odd under $p \to -p$ and cancels in that average, so the
# drift is $O(h^5)$ per unit time: the chapter measures slope 5.0 both for the pendulum and for the
# non-separable $H$, whose defect at a point is $O(h^5)$ (the rule "defect per step times $1/h$"
# would give $h^4$ there). On the oscillator the drift is the $h^5/72$ behind $t^\ast = 18/h^3$.

# %% [markdown]
# ## Task 7.3: where RK4 falls behind
#
# For the oscillator $H = (q^2 + p^2)/2$ (`S.oscillator`) released from rest at $q = 1$, integrate 40 000 steps of
# $h = 0.25$ with your leapfrog (a `jax.lax.scan` or a plain loop) and with `I.rk4`. Find the
# first time `t_cross` at which RK4's energy error $|H - H_0|$ exceeds the *largest* energy error
# leapfrog makes over the whole run. Compare with the chapter's formula $18/h^3$. The explorer
# below shows the same race on the pendulum.

# %%
figures.integrators().live(dt=0.25)

# %%
### BEGIN SOLUTION
h, n = 0.25, 40_000
step = jax.jit(lambda y, _: (my_leapfrog_step(S.oscillator, y, h),) * 2)
_, lf = jax.lax.scan(step, jnp.array([1.0, 0.0]), None, length=n)
rk = I.rk4(I.hamiltonian_flow(S.oscillator), jnp.array([1.0, 0.0]), h, n)[1:]
bound = np.abs(0.5 * np.sum(np.asarray(lf) ** 2, axis=1) - 0.5).max()
rk_error = np.abs(0.5 * np.sum(np.asarray(rk) ** 2, axis=1) - 0.5)
t_cross = h * (np.argmax(rk_error > bound) + 1)
print(f"t_cross = {t_cross:.0f}; 18/h³ = {18 / h ** 3:.0f}")
### END SOLUTION
check("ch07-crossover", t_cross)

# %% [markdown]
# **Going further.** Repeat Task 7.3 for $h = 0.1$ and $h = 0.5$: does $t^\ast$ follow $h^{-3}$?
# Then replace leapfrog by symplectic Euler. Its energy error is first order, so where would you
# expect it to cross RK4? Finally, how would you integrate a *non-separable* learned Hamiltonian
# (chapter 6's HNN) symplectically? (Hint: the implicit midpoint rule, or the chapter's
# generating-function map with $G = H$.)
