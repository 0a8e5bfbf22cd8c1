"""A sigmoid neuron a = σ(w x + b) (one weight, one bias), trained by gradient descent.

The smallest network there is: it shows what "training means minimizing a cost" means
before any backpropagation is needed. For m examples (x₁, y₁), …, (xₘ, yₘ), given as
arrays of shape (m,), the cost is the mean of the per-example costs

    quadratic:      Cₓ = ½ (y − a)²,
    cross-entropy:  Cₓ = −[y ln a + (1 − y) ln(1 − a)],

and the chain rule gives ∂Cₓ/∂w = δ x and ∂Cₓ/∂b = δ with δ = ∂Cₓ/∂z equal to
(a − y) σ′(z) for the quadratic cost and to a − y for the cross-entropy (σ′ cancels).
The functions accept arrays of w and b of one shape (a grid, say) and return one value
per (w, b) pair, so a whole cost surface is one call.

Stochastic gradient descent estimates the gradient from a mini-batch of m of the n
examples, (1/m) Σ over the batch of ∇Cₓ (:func:`mini_batch_gradient`), and takes one
step per mini-batch, n/m steps an epoch (:func:`stochastic_gradient_descent`).

Introduced in *Training means minimizing a cost*.
"""

import numpy as np

from bpcode.activations import log_sigmoid, sigmoid, sigmoid_prime
from bpcode.checks import (as_float_array, check_choice, check_nonnegative,
                           check_positive_int, check_rng)
from bpcode.training import _mini_batches

#: The costs a single sigmoid neuron can be trained with here.
NEURON_COSTS = ("quadratic", "cross_entropy")


def neuron_output(w, b, x):
    """a = σ(w x + b) for every example x: (m,) for scalar w, b, else w.shape + (m,)."""
    w, b, x = _check_wbx(w, b, x)
    return sigmoid(w[..., None] * x + b[..., None])


def neuron_cost(w, b, x, y, cost="quadratic"):
    """C(w, b) = (1/m) Σₓ Cₓ, the mean cost of the m examples; a float or shaped like w.

    ``x`` and ``y`` have shape (m,). The cross-entropy is computed from z with
    ln a = ln σ(z) and ln(1 − a) = ln σ(−z), so it stays finite for any w and b.
    """
    w, b, x = _check_wbx(w, b, x)
    y = _check_y(y, x)
    check_choice("cost", cost, NEURON_COSTS)
    z = w[..., None] * x + b[..., None]
    if cost == "quadratic":
        per_example = 0.5 * (y - sigmoid(z)) ** 2
    else:
        per_example = -(y * log_sigmoid(z) + (1.0 - y) * log_sigmoid(-z))
    return _scalar_or_array(np.mean(per_example, axis=-1))


def neuron_gradient(w, b, x, y, cost="quadratic"):
    """(∂C/∂w, ∂C/∂b) = ((1/m) Σₓ δ x, (1/m) Σₓ δ), the gradient of the mean cost.

    δ = (a − y) σ′(z) for the quadratic cost, or a − y for the cross-entropy. Shapes as
    in :func:`neuron_cost`: two floats for scalar w and b.
    """
    w, b, x = _check_wbx(w, b, x)
    y = _check_y(y, x)
    check_choice("cost", cost, NEURON_COSTS)
    grad_w, grad_b = _neuron_gradient(w, b, x, y, cost)
    return _scalar_or_array(grad_w), _scalar_or_array(grad_b)


def _neuron_gradient(w, b, x, y, cost):
    """∂C/∂w = (1/m) Σₓ δ x, ∂C/∂b = (1/m) Σₓ δ, with δ = (a − y) σ′(z) or a − y"""
    z = w[..., None] * x + b[..., None]
    delta = sigmoid(z) - y
    if cost == "quadratic":
        delta = delta * sigmoid_prime(z)
    return np.mean(delta * x, axis=-1), np.mean(delta, axis=-1)


def gradient_descent(w, b, x, y, eta, steps, cost="quadratic"):
    """Repeat w → w − η ∂C/∂w, b → b − η ∂C/∂b; return ``(path, costs)``.

    ``path`` has shape (steps + 1, 2): the starting (w, b), then (w, b) after each step;
    ``costs`` has shape (steps + 1,): C at each point of the path.
    """
    w, b = _check_start("w", w), _check_start("b", b)
    x = _check_wbx(w, b, x)[2]
    y = _check_y(y, x)
    eta = check_nonnegative("eta", eta)
    steps = check_positive_int("steps", steps)
    check_choice("cost", cost, NEURON_COSTS)
    return _gradient_descent(w, b, x, y, eta, steps, cost)


def _gradient_descent(w, b, x, y, eta, steps, cost):
    """w → w − η ∂C/∂w, b → b − η ∂C/∂b, ``steps`` times from (w, b)"""
    path = np.empty((steps + 1, 2))
    path[0] = w, b
    for k in range(steps):
        grad_w, grad_b = _neuron_gradient(np.asarray(w), np.asarray(b), x, y, cost)
        w, b = w - eta * float(grad_w), b - eta * float(grad_b)
        path[k + 1] = w, b
    costs = neuron_cost(path[:, 0], path[:, 1], x, y, cost)
    return path, costs


def mini_batch_gradient(w, b, x, y, batch, cost="quadratic", lmbda=0.0):
    """∇C ≈ (1/m) Σ_{x ∈ batch} ∇Cₓ + (λ/n) (w, 0), the gradient from m examples.

    ``x`` and ``y`` are the whole training set, n examples of shape (n,); ``batch``
    holds the indices of the m examples of the mini-batch, distinct, in 0, …, n − 1.
    With L2 regularization the cost is C = C₀ + (λ/2n) w²: the penalty is not a sum
    over examples, so its gradient (λ/n) w is not estimated but added whole, with the
    training set's n (not m), to every mini-batch's gradient. The bias is not
    regularized. ``w`` and ``b`` are single numbers; returns two floats.
    """
    w, b = _check_start("w", w), _check_start("b", b)
    x = _check_wbx(w, b, x)[2]
    y = _check_y(y, x)
    batch = _check_batch(batch, x.size)
    check_choice("cost", cost, NEURON_COSTS)
    lmbda = check_nonnegative("lmbda", lmbda)
    return _mini_batch_gradient(w, b, x, y, batch, cost, lmbda)


def _mini_batch_gradient(w, b, x, y, batch, cost, lmbda):
    """(1/m) Σ over the batch of (δ x, δ), plus (λ/n) (w, 0) with n = x.size"""
    grad_w, grad_b = _neuron_gradient(np.asarray(w), np.asarray(b), x[batch],
                                      y[batch], cost)
    return float(grad_w) + lmbda / x.size * w, float(grad_b)


def stochastic_gradient_descent(w, b, x, y, eta, epochs, batch_size, rng,
                                cost="quadratic", lmbda=0.0):
    """Mini-batch SGD from (w, b): each epoch shuffles, then steps once per mini-batch.

    Each step is w → w − η ∂C/∂w, b → b − η ∂C/∂b with the estimate of
    :func:`mini_batch_gradient` on the next mini-batch of
    :func:`bpcode.training.mini_batches` (``batch_size`` = n is gradient descent).
    Returns ``(path, costs)``: ``path`` of shape (steps + 1, 2), the starting (w, b)
    and then (w, b) after each of the epochs · ⌈n/m⌉ steps; ``costs`` of shape
    (epochs + 1,), the cost C₀ of all n examples (without the penalty) at the start
    and after each epoch.
    """
    w, b = _check_start("w", w), _check_start("b", b)
    x = _check_wbx(w, b, x)[2]
    y = _check_y(y, x)
    eta = check_nonnegative("eta", eta)
    epochs = check_positive_int("epochs", epochs)
    batch_size = check_positive_int("batch_size", batch_size)
    check_rng(rng)
    check_choice("cost", cost, NEURON_COSTS)
    lmbda = check_nonnegative("lmbda", lmbda)
    return _stochastic_gradient_descent(w, b, x, y, eta, epochs, batch_size, rng, cost,
                                        lmbda)


def _stochastic_gradient_descent(w, b, x, y, eta, epochs, batch_size, rng, cost,
                                 lmbda):
    """for each epoch, for each mini-batch: w → w − η ∂C/∂w, b → b − η ∂C/∂b"""
    path = [(w, b)]
    for _ in range(epochs):
        for batch in _mini_batches(x.size, batch_size, rng):
            grad_w, grad_b = _mini_batch_gradient(w, b, x, y, batch, cost, lmbda)
            w, b = w - eta * grad_w, b - eta * grad_b
            path.append((w, b))
    path = np.array(path)
    steps_per_epoch = -(-x.size // batch_size)
    ends = path[::steps_per_epoch]
    return path, np.atleast_1d(neuron_cost(ends[:, 0], ends[:, 1], x, y, cost))


def _check_batch(batch, n):
    if isinstance(batch, (str, bytes)) or np.ndim(batch) != 1:
        raise TypeError("batch must be a 1-D array of example indices, e.g. one of "
                        f"mini_batches(n, m, rng); got {batch!r:.60}")
    batch = np.asarray(batch)
    if batch.size == 0 or batch.dtype.kind not in "iu":
        raise ValueError("batch must hold m >= 1 integer indices of examples, got "
                         f"{batch.size} of dtype {batch.dtype}")
    if batch.min() < 0 or batch.max() >= n or np.unique(batch).size != batch.size:
        raise ValueError(f"batch must hold distinct indices in 0, ..., {n - 1} (the "
                         f"n = {n} examples of x), got {batch.tolist()!r:.60}")
    return batch


def _check_wbx(w, b, x):
    w, b = as_float_array("w", w), as_float_array("b", b)
    if w.shape != b.shape:
        raise ValueError(f"w and b must have the same shape, got w {w.shape} and b "
                         f"{b.shape}")
    x = as_float_array("x", x)
    if x.ndim != 1 or x.size == 0:
        raise ValueError("x must be a 1-D array of m >= 1 inputs, shape (m,), got "
                         f"shape {x.shape}")
    return w, b, x


def _check_y(y, x):
    y = as_float_array("y", y)
    if y.shape != x.shape:
        raise ValueError(f"y must have the shape of x, {x.shape}, one target per "
                         f"input; got shape {y.shape}")
    if np.any((y < 0) | (y > 1)):
        raise ValueError("y must lie in [0, 1], the range of a sigmoid neuron's output")
    return y


def _check_start(name, value):
    arr = as_float_array(name, value)
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a single number to start gradient descent "
                         f"from, got shape {arr.shape}")
    return float(arr)


def _scalar_or_array(values):
    return float(values) if np.ndim(values) == 0 else values
