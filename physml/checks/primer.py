"""Self-checks for the practice of the primer (networks, autodiff, vmap and Adam, before chapter 1)."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import optax

from ..nn import mlp, mlp_init
from . import StudentError, Wrong, as_array, as_number, call, task

#: The layer sizes of task P.1.
COUNT_SIZES = (2, 10, 10, 1)


def _count(sizes):
    return sum(m * n + n for m, n in zip(sizes[:-1], sizes[1:]))


@task("primer-count", "Task P.1, the number of parameters")
def _param_count(n_params):
    n = as_number(n_params, "n_params")
    weights = sum(m * k for m, k in zip(COUNT_SIZES[:-1], COUNT_SIZES[1:]))
    biases = sum(COUNT_SIZES[1:])
    if n == _count(COUNT_SIZES):
        return "Each layer m → n has m·n weights and n biases; jax.tree_util.tree_leaves lists them all."
    if n == weights:
        raise Wrong("you counted the weights. What else does each neuron add to its weighted sum?")
    if n == biases:
        raise Wrong("you counted one number per neuron. How many weights feed each neuron?")
    if n == _count(COUNT_SIZES[1:]):
        raise Wrong("the first layer takes the input, which has 2 components: did you count its weights?")
    if n != int(n) or n < 0:
        raise Wrong("a number of parameters is a whole, non-negative number.")
    raise Wrong("count layer by layer: for a layer from m inputs to n neurons, what are the shapes of W and b?")


def _neuron_loss(wb, x, y):
    return (jnp.tanh(wb[0] * x + wb[1]) - y) ** 2


@task("primer-neuron-gradient", "Task P.2, the gradient of a one-neuron loss")
def _neuron_gradient(neuron_grad):
    rng = np.random.default_rng(3)
    cases = rng.normal(size=(6, 4)) * np.array([1.0, 0.5, 1.5, 0.8])
    got, ref = [], []
    for w, b, x, y in cases:
        out = call(neuron_grad, w, b, x, y, what="neuron_grad")
        got.append(as_array(out, shape=(2,), what="neuron_grad(w, b, x, y)"))
        ref.append(np.asarray(jax.grad(_neuron_loss)(jnp.array([w, b]), x, y)))
    got, ref = np.array(got), np.array(ref)
    if np.allclose(got, ref, atol=1e-8):
        return "It matches jax.grad: the chain rule through the square, the tanh and the sum w·x + b."
    if np.allclose(got, -ref, atol=1e-8):
        raise Wrong("your gradient has the wrong sign: when the prediction is above y, should raising b "
                    "raise or lower the loss?")
    if np.allclose(got, ref / 2, atol=1e-8):
        raise Wrong("off by a constant factor: what does differentiating a square bring down?")
    w, b, x, y = cases.T
    u = np.tanh(w * x + b)
    no_tanh = 2 * (u - y)[:, None] * np.stack([x, np.ones_like(x)], 1)
    if np.allclose(got, no_tanh, atol=1e-8) or np.allclose(got, no_tanh / 2, atol=1e-8):
        raise Wrong("the prediction is tanh(w x + b), not w x + b: what is the derivative of tanh at u?")
    if np.allclose(got[:, 1], ref[:, 1], atol=1e-8):
        raise Wrong("∂ℓ/∂b is right; for ∂ℓ/∂w ask how much w x + b changes when w changes by one.")
    raise Wrong("write ℓ = (u − y)² with u = tanh(s), s = w x + b, and chain dℓ/du · du/ds · ds/dw.")


#: The network and data of task P.3.
_P3_KEY = jax.random.key(7)


def _p3_problem():
    params = mlp_init((1, 6, 1), key=_P3_KEY)
    xs = jnp.linspace(-1.0, 1.0, 5)[:, None]
    ys = jnp.sin(2 * xs)
    return params, xs, ys


def _example_loss(params, x, y):
    return jnp.sum((mlp(params, x) - y) ** 2)


@task("primer-per-example-gradients", "Task P.3, per-example gradients with vmap")
def _per_example(per_example_grads):
    params, xs, ys = _p3_problem()
    out = call(per_example_grads, params, xs, ys, what="per_example_grads")
    ref = jax.vmap(jax.grad(_example_loss), in_axes=(None, 0, 0))(params, xs, ys)
    ref_leaves, ref_def = jax.tree_util.tree_flatten(ref)
    try:
        leaves, treedef = jax.tree_util.tree_flatten(out)
    except Exception:
        raise StudentError("per_example_grads should return a pytree shaped like params.") from None
    if treedef != ref_def:
        raise StudentError("per_example_grads should return a pytree with the structure of params "
                           "(a list of {'W', 'b'} layers), as jax.grad does.")
    leaves = [as_array(leaf, what="a leaf of your result") for leaf in leaves]
    n = xs.shape[0]
    if all(leaf.shape == r.shape[1:] for leaf, r in zip(leaves, ref_leaves)):
        raise Wrong(f"each leaf should have a leading axis of length {n}, one gradient per example; "
                    "yours look like a single gradient. Which argument should vmap map over?")
    if any(leaf.shape != r.shape for leaf, r in zip(leaves, ref_leaves)):
        raise Wrong("a leaf has the wrong shape: the leading axis indexes the examples, the rest is "
                    "the shape of the parameter.")
    if all(np.allclose(leaf, np.asarray(r), atol=1e-10) for leaf, r in zip(leaves, ref_leaves)):
        return ("One gradient per example; their mean over the examples is the gradient of the mean "
                "loss, the full-batch gradient a minibatch estimates.")
    if all(np.allclose(leaf, -np.asarray(r), atol=1e-10) for leaf, r in zip(leaves, ref_leaves)):
        raise Wrong("the sign is reversed: the gradient points uphill.")
    raise Wrong("compare one row of your result with jax.grad(example_loss)(params, xs[0], ys[0]).")


#: The gradients fed to the Adam step of task P.4.
_ADAM_GRADS = np.array([[0.5, -2.0, 1e-3], [0.4, -1.0, 2e-3], [-0.3, 0.5, 1e-3], [0.2, 3.0, -1e-3],
                        [0.1, -0.2, 5e-4]])


def _reference_adam(learning_rate):
    opt = optax.adam(learning_rate)
    theta = jnp.array([1.0, -1.0, 0.5])
    state = opt.init(theta)
    out = []
    for g in _ADAM_GRADS:
        updates, state = opt.update(jnp.asarray(g), state, theta)
        theta = optax.apply_updates(theta, updates)
        out.append(np.asarray(theta))
    return np.array(out)


def _variant_adam(learning_rate, correct=True, eps_inside=False, square=True):
    b1, b2, eps = 0.9, 0.999, 1e-8
    theta, m, v = np.array([1.0, -1.0, 0.5]), np.zeros(3), np.zeros(3)
    out = []
    for t, g in enumerate(_ADAM_GRADS, 1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * (g**2 if square else np.abs(g))
        mh, vh = (m / (1 - b1**t), v / (1 - b2**t)) if correct else (m, v)
        theta = theta - learning_rate * mh / (np.sqrt(vh + eps) if eps_inside else np.sqrt(vh) + eps)
        out.append(theta)
    return np.array(out)


@task("primer-adam-step", "Task P.4, an Adam step")
def _adam_step(adam_step):
    learning_rate = 0.1
    theta, m, v = jnp.array([1.0, -1.0, 0.5]), jnp.zeros(3), jnp.zeros(3)
    got = []
    for t, g in enumerate(_ADAM_GRADS, 1):
        out = call(adam_step, theta, jnp.asarray(g), m, v, t, learning_rate, what="adam_step")
        if not isinstance(out, (tuple, list)) or len(out) != 3:
            raise StudentError("adam_step should return three arrays (theta, m, v), but it returned a "
                               f"{type(out).__name__}.")
        theta, m, v = (as_array(a, shape=(3,), what="each array adam_step returns") for a in out)
        got.append(theta)
    got = np.array(got)
    if np.allclose(got, _reference_adam(learning_rate), rtol=1e-9, atol=1e-12):
        return ("It matches optax.adam over five steps. Note the third parameter: its gradient is a "
                "thousand times smaller, yet it moves by about as much as the others.")
    if np.allclose(got, _variant_adam(learning_rate, correct=False), rtol=1e-9, atol=1e-12):
        raise Wrong("in the first step m is only (1 − β₁) g: how do m and v, started at zero, get "
                    "back the size of g and g²?")
    if np.allclose(got, _variant_adam(learning_rate, eps_inside=True), rtol=1e-9, atol=1e-12):
        raise Wrong("nearly: look again at where ε enters the denominator of equation (adam).")
    if np.allclose(got, _variant_adam(learning_rate, square=False), rtol=1e-9, atol=1e-12):
        raise Wrong("v is a running mean of which power of the gradient?")
    if np.allclose(got[0], np.array([1.0, -1.0, 0.5]) - learning_rate * np.sign(_ADAM_GRADS[0]), atol=1e-6):
        raise Wrong("your first step is right; do you return the updated m and v, so that the next "
                    "step continues from them?")
    raise Wrong("follow equation (adam) line by line: update m, then v, then the bias-corrected "
                "ratio; step t counts from 1.")
