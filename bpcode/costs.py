"""Cost functions C and their gradients ∂C/∂a with respect to the network's output a.

Arrays hold one example per column: the output ``a`` and the target ``y`` have shape
(n, m) for m examples. Every cost is the *mean* over the m examples of a per-example
cost Cₓ, which is the first of the two assumptions backpropagation makes about a cost
(the second: Cₓ depends on the network only through its output aᴸ).

The ``*_prime`` functions return ∂Cₓ/∂a for each example, one column each, shape (n, m):
the factor ∇ₐC of equation BP1.

The cross-entropy and log-likelihood costs take the logarithm of the output. Given only
a, that is log(0) = −∞ once a saturates to exactly 0 or 1 in floating point. Passing the
weighted input ``z=`` as well computes the logarithm from z directly
(:func:`~bpcode.activations.log_sigmoid`, :func:`~bpcode.activations.log_softmax`),
which is finite for every finite z.

Introduced in *Training means minimizing a cost*; their BP1 in *The four fundamental
equations*.
"""

import numpy as np

from bpcode.activations import log_sigmoid, log_softmax
from bpcode.checks import check_choice


def quadratic_cost(a, y):
    """C = (1/m) Σₓ ½‖yₓ − aₓ‖², the mean over the m columns of a and y.

    The ½ cancels the 2 of the derivative, so that ∂Cₓ/∂a = a − y.
    """
    a, y = _pair(a, y)
    return 0.5 * float(np.sum((a - y) ** 2)) / _num_examples(a)


def quadratic_cost_prime(a, y):
    """∂Cₓ/∂a = a − y for the quadratic cost, one column per example."""
    a, y = _pair(a, y)
    return a - y


def cross_entropy_cost(a, y, z=None):
    """C = −(1/m) Σₓ Σⱼ [yⱼ ln aⱼ + (1 − yⱼ) ln(1 − aⱼ)], for a and y in [0, 1].

    With ``z`` (the weighted input of sigmoid outputs, a = σ(z)) the logarithms are
    computed as ln σ(z) and ln(1 − σ(z)) = ln σ(−z), finite for any finite z.
    """
    a, y = _pair(a, y)
    if z is not None:
        z = np.asarray(z, dtype=np.float64)
        log_a, log_1ma = log_sigmoid(z), log_sigmoid(-z)
    else:
        log_a, log_1ma = _log(a), _log(1.0 - a)
    per_entry = _times_log(y, log_a) + _times_log(1.0 - y, log_1ma)
    return -float(np.sum(per_entry)) / _num_examples(a)


def cross_entropy_cost_prime(a, y):
    """∂Cₓ/∂a = (a − y) / (a(1 − a)) for the cross-entropy cost, one column per x."""
    a, y = _pair(a, y)
    return (a - y) / (a * (1.0 - a))


def log_likelihood_cost(a, y, z=None):
    """C = −(1/m) Σₓ ln a_yₓ: minus the log of the probability given to the right class.

    ``y`` is one-hot (each column has a single 1), so this is −(1/m) Σₓ Σⱼ yⱼ ln aⱼ.
    With ``z`` (the weighted input of softmax outputs) ln a is computed as
    log-softmax(z).
    """
    a, y = _pair(a, y)
    log_a = log_softmax(z) if z is not None else _log(a)
    return -float(np.sum(_times_log(y, log_a))) / _num_examples(a)


def log_likelihood_cost_prime(a, y):
    """∂Cₓ/∂a = −y / a for the log-likelihood cost, one column per example."""
    a, y = _pair(a, y)
    return -y / a


COSTS = {
    "quadratic": (quadratic_cost, quadratic_cost_prime),
    "cross_entropy": (cross_entropy_cost, cross_entropy_cost_prime),
    "log_likelihood": (log_likelihood_cost, log_likelihood_cost_prime),
}
"""Each cost, as ``name -> (C, ∂C/∂a)``."""

COMPATIBLE_OUTPUTS = {
    "quadratic": ("sigmoid", "tanh", "relu", "identity", "softmax"),
    "cross_entropy": ("sigmoid",),
    "log_likelihood": ("softmax",),
}
"""The output activations each cost is defined for. The cross-entropy and log-likelihood
costs take logarithms of the outputs, which must therefore lie in (0, 1); the
log-likelihood also reads the outputs as one probability distribution per example, which
only softmax guarantees."""


def get_cost(name):
    """Return the pair ``(C, ∂C/∂a)`` for a cost name such as ``"quadratic"``.

    Raises ``ValueError`` naming the known costs if ``name`` is not one of them.
    """
    return COSTS[check_choice("cost", name, tuple(COSTS))]


def check_cost_output_pair(cost, output_activation):
    """Raise ``ValueError`` unless ``cost`` suits outputs of ``output_activation``."""
    check_choice("cost", cost, tuple(COSTS))
    if output_activation not in COMPATIBLE_OUTPUTS[cost]:
        allowed = ", ".join(repr(o) for o in COMPATIBLE_OUTPUTS[cost])
        raise ValueError(f"the {cost!r} cost is defined only for output_activation "
                         f"{allowed}, not {output_activation!r}")


def _pair(a, y):
    a = np.asarray(a, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if a.shape != y.shape:
        raise ValueError("output a and target y must have the same shape, got a "
                         f"{a.shape} and y {y.shape}")
    if a.ndim == 0:
        raise ValueError("output a and target y must be arrays (n,) or (n, m), "
                         "got scalars")
    return a, y


def _num_examples(a):
    # m, the number of columns; a 1-D array (n,) is one example.
    return a.shape[1] if a.ndim == 2 else 1


def _log(x):
    # log(0) = -inf is the true value of the cost there; say so without a warning.
    with np.errstate(divide="ignore"):
        return np.log(x)


def _times_log(coef, log_x):
    # coef * log_x with the convention 0 * log 0 = 0 (the limit of t ln t as t → 0).
    return np.where(coef == 0, 0.0, coef * np.where(coef == 0, 0.0, log_x))
