"""Exercise-check cases of physml.checks.primer: the reference answer of each task, typical wrong
answers with a phrase their hint must contain, and what the messages must never reveal."""
import jax
import jax.numpy as jnp

from physml.nn import mlp


def ref_neuron_grad(w, b, x, y):
    u = jnp.tanh(w * x + b)
    common = 2 * (u - y) * (1 - u**2)
    return jnp.array([common * x, common])


def example_loss(params, x, y):
    return jnp.sum((mlp(params, x) - y) ** 2)


def ref_per_example(params, xs, ys):
    return jax.vmap(jax.grad(example_loss), in_axes=(None, 0, 0))(params, xs, ys)


def ref_adam(theta, g, m, v, t, learning_rate, b1=0.9, b2=0.999, eps=1e-8):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g**2
    return theta - learning_rate * (m / (1 - b1**t)) / (jnp.sqrt(v / (1 - b2**t)) + eps), m, v


def adam_no_correction(theta, g, m, v, t, learning_rate, b1=0.9, b2=0.999, eps=1e-8):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g**2
    return theta - learning_rate * m / (jnp.sqrt(v) + eps), m, v


def adam_eps_inside(theta, g, m, v, t, learning_rate, b1=0.9, b2=0.999, eps=1e-8):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g**2
    return theta - learning_rate * (m / (1 - b1**t)) / jnp.sqrt(v / (1 - b2**t) + eps), m, v


def adam_abs(theta, g, m, v, t, learning_rate, b1=0.9, b2=0.999, eps=1e-8):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * jnp.abs(g)
    return theta - learning_rate * (m / (1 - b1**t)) / (jnp.sqrt(v / (1 - b2**t)) + eps), m, v


def adam_stale_state(theta, g, m, v, t, learning_rate):
    new_theta, _, _ = ref_adam(theta, g, m, v, 1, learning_rate)
    return new_theta, m, v


REFERENCE = {
    "primer-count": 151,
    "primer-neuron-gradient": ref_neuron_grad,
    "primer-per-example-gradients": ref_per_example,
    "primer-adam-step": ref_adam,
}

# task -> [(wrong answer, a phrase its hint must contain)]
WRONG = {
    "primer-count": [(130, "weighted sum"), (21, "How many weights"), (121, "2 components"),
                     (100, "shapes of W and b"), (150.5, "whole")],
    "primer-neuron-gradient": [
        (lambda w, b, x, y: -ref_neuron_grad(w, b, x, y), "wrong sign"),
        (lambda w, b, x, y: ref_neuron_grad(w, b, x, y) / 2, "square"),
        (lambda w, b, x, y: 2 * (jnp.tanh(w * x + b) - y) * jnp.array([x, 1.0]), "derivative of tanh"),
        (lambda w, b, x, y: ref_neuron_grad(w, b, x, y).at[0].divide(x), "changes by one"),
    ],
    "primer-per-example-gradients": [
        (lambda p, xs, ys: jax.grad(lambda q: jnp.mean(jax.vmap(example_loss, in_axes=(None, 0, 0))(q, xs, ys)))(p),
         "leading axis"),
        (lambda p, xs, ys: jax.tree_util.tree_map(lambda a: -a, ref_per_example(p, xs, ys)), "uphill"),
        (lambda p, xs, ys: jax.tree_util.tree_map(lambda a: 2 * a, ref_per_example(p, xs, ys)), "one row"),
    ],
    "primer-adam-step": [
        (adam_no_correction, "started at zero"),
        (adam_eps_inside, "where ε enters"),
        (adam_abs, "which power"),
        (adam_stale_state, "updated m and v"),
    ],
}

# what a wrong answer of the wrong *type* is told (the default for a function task is "should be a
# function")
TYPE_PHRASE = {}

# (task, text that no message may contain)
SECRETS = [("primer-count", "151")]
