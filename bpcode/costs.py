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

Which output activation each cost suits, and for which pairs σ′ cancels out of BP1, is
one table, :data:`OUTPUT_COST_PAIRS`; the network, the equations, forward mode and the
Tensor engine all read it.

Introduced in *Training means minimizing a cost*; their BP1 in *The four fundamental
equations*.
"""

from typing import NamedTuple

import numpy as np

from bpcode.activations import log_sigmoid, log_softmax
from bpcode.checks import as_float_array, check_choice


def quadratic_cost(a, y, z=None):
    """C = (1/m) Σₓ ½‖yₓ − aₓ‖², the mean over the m columns of a and y.

    The ½ cancels the 2 of the derivative, so that ∂Cₓ/∂a = a − y. ``z`` is not needed
    (every cost takes it, so that all have one signature).
    """
    a, y = _pair(a, y)
    return _quadratic_cost(a, y)


def _quadratic_cost(a, y):
    """C = (1/m) Σₓ ½‖yₓ − aₓ‖²"""
    return 0.5 * float(np.sum((a - y) ** 2)) / _num_examples(a)


def quadratic_cost_prime(a, y):
    """∂Cₓ/∂a = a − y for the quadratic cost, one column per example."""
    a, y = _pair(a, y)
    return _quadratic_cost_prime(a, y)


def _quadratic_cost_prime(a, y):
    """∂Cₓ/∂a = a − y"""
    return a - y


def cross_entropy_cost(a, y, z=None):
    """C = −(1/m) Σₓ Σⱼ [yⱼ ln aⱼ + (1 − yⱼ) ln(1 − aⱼ)], for a and y in [0, 1].

    For targets y ∈ {0, 1} it is the negative log-likelihood of a Bernoulli model of
    them, P(y = 1) = a: −ln P(y) = −[y ln a + (1 − y) ln(1 − a)] per output.
    With ``z`` (the weighted input of sigmoid outputs, a = σ(z)) the logarithms are
    computed as ln σ(z) and ln(1 − σ(z)) = ln σ(−z), finite for any finite z.
    """
    a, y = _pair(a, y)
    if z is not None:
        z = _same_shape("z", z, a)
    return _cross_entropy_cost(a, y, z)


def _cross_entropy_cost(a, y, z):
    """C = −(1/m) Σₓ Σⱼ [yⱼ ln aⱼ + (1 − yⱼ) ln(1 − aⱼ)], with 0 ln 0 = 0"""
    if z is not None:
        log_a, log_1ma = log_sigmoid(z), log_sigmoid(-z)
    else:
        log_a, log_1ma = _log(a), _log(1.0 - a)
    per_entry = _times_log(y, log_a) + _times_log(1.0 - y, log_1ma)
    return -float(np.sum(per_entry)) / _num_examples(a)


def cross_entropy_cost_prime(a, y):
    """∂Cₓ/∂a = (a − y) / (a(1 − a)) for the cross-entropy cost, one column per x.

    At a saturated output the formula reads 0/0 where a = y; its limit there (the
    convention 0 · (1/0) = 0 of ∂Cₓ/∂a = −y/a + (1 − y)/(1 − a)) is 1 at a = y = 0 and
    −1 at a = y = 1. Where a = 0 < y or a = 1 > y the true value is ∓inf.
    """
    a, y = _pair(a, y)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = (a - y) / (a * (1.0 - a))
    corner = (a == y) & ((a == 0.0) | (a == 1.0))
    if np.any(corner):
        g = np.where(corner, np.where(a == 0.0, 1.0, -1.0), g)
    return g


def log_likelihood_cost(a, y, z=None):
    """C = −(1/m) Σₓ ln a_yₓ: minus the log of the probability given to the right class.

    ``y`` is one-hot (each column has a single 1), so this is −(1/m) Σₓ Σⱼ yⱼ ln aⱼ;
    more generally y may be any probability distribution per column. With ``z`` (the
    weighted input of softmax outputs) ln a is computed as log-softmax(z).
    """
    a, y = _pair(a, y)
    if z is not None:
        z = _same_shape("z", z, a)
    return _log_likelihood_cost(a, y, z)


def _log_likelihood_cost(a, y, z):
    """C = −(1/m) Σₓ Σⱼ yⱼ ln aⱼ, with 0 ln 0 = 0"""
    log_a = log_softmax(z) if z is not None else _log(a)
    return -float(np.sum(_times_log(y, log_a))) / _num_examples(a)


def log_likelihood_cost_prime(a, y):
    """∂Cₓ/∂a = −y / a for the log-likelihood cost, one column per example.

    With the convention 0 · (1/0) = 0 it is 0 where y = a = 0, the class that is neither
    the target nor predicted.
    """
    a, y = _pair(a, y)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = -y / a
    corner = (y == 0.0) & (a == 0.0)
    return np.where(corner, 0.0, g) if np.any(corner) else g


class Cost(NamedTuple):
    """A cost and its derivative together: ``fn(a, y, z=None)`` and ``prime(a, y)``."""

    fn: object
    prime: object


COSTS = {
    "quadratic": Cost(quadratic_cost, quadratic_cost_prime),
    "cross_entropy": Cost(cross_entropy_cost, cross_entropy_cost_prime),
    "log_likelihood": Cost(log_likelihood_cost, log_likelihood_cost_prime),
}
"""Each cost by name, as a :class:`Cost` of C and ∂C/∂a, called with the output ``a``,
the target ``y`` and, for C, the weighted input ``z`` of the output layer."""

OUTPUT_COST_PAIRS = {
    ("sigmoid", "quadratic"): False,
    ("tanh", "quadratic"): False,
    ("relu", "quadratic"): False,
    ("identity", "quadratic"): False,
    ("softmax", "quadratic"): False,
    ("sigmoid", "cross_entropy"): True,
    ("softmax", "log_likelihood"): True,
}
"""The one table of output activations and costs. It lists every pair a network may
use, and whether σ′ cancels out of BP1 for it, so that δᴸ = aᴸ − y (True).

The cross-entropy and log-likelihood costs take logarithms of the outputs, which must
therefore lie in (0, 1); the log-likelihood also reads the outputs as one probability
distribution per example, which only softmax guarantees. Every other pair is refused.
"""

#: The pairs of :data:`OUTPUT_COST_PAIRS` for which BP1 is δᴸ = aᴸ − y.
CANCELLING_PAIRS = frozenset(pair for pair, c in OUTPUT_COST_PAIRS.items() if c)


def get_cost(name):
    """Return the :class:`Cost` ``(C, ∂C/∂a)`` for a name such as ``"quadratic"``.

    Raises ``ValueError`` naming the known costs if ``name`` is not one of them.
    """
    return COSTS[check_choice("cost", name, COSTS)]


def check_pair(output_activation, cost):
    """Raise ``ValueError`` unless :data:`OUTPUT_COST_PAIRS` allows this pair."""
    check_choice("cost", cost, COSTS)
    if (output_activation, cost) not in OUTPUT_COST_PAIRS:
        allowed = ", ".join(repr(o) for o, c in OUTPUT_COST_PAIRS if c == cost)
        raise ValueError(f"the {cost!r} cost is defined only for output_activation "
                         f"{allowed}, not {output_activation!r}")


def cancels(output_activation, cost):
    """True if σ′ cancels out of BP1 for this pair, so that δᴸ = aᴸ − y."""
    return (output_activation, cost) in CANCELLING_PAIRS


def check_targets(cost, y, name="Y"):
    """Raise ``ValueError`` unless ``y`` (finite, a column per example) suits ``cost``.

    The log-likelihood needs each column of y to be a probability distribution (entries
    ≥ 0 summing to 1 within 1e-8), such as a one-hot column: only then is the cancelled
    BP1, δᴸ = aᴸ − y, the gradient of the cost. The other costs take any real targets.
    """
    if cost != "log_likelihood":
        return
    sums = np.sum(y, axis=0)
    if np.any(y < 0) or np.any(np.abs(sums - 1.0) > 1e-8):
        worst = int(np.argmax(np.abs(sums - 1.0) + np.any(y < 0, axis=0)))
        raise ValueError(f"{name} must hold one probability distribution per column "
                         "(entries >= 0 summing to 1, e.g. one-hot) for the "
                         f"log_likelihood cost; column {worst} sums to "
                         f"{float(sums[worst]):.6g} with smallest entry "
                         f"{float(np.min(y[:, worst])):.6g}")


def _pair(a, y):
    a = as_float_array("a", a, finite=False)
    y = as_float_array("y", y)
    if np.any(np.isnan(a)):
        raise ValueError("a contains NaN; every output must be a number")
    if a.shape != y.shape:
        raise ValueError("output a and target y must have the same shape, got a "
                         f"{a.shape} and y {y.shape}")
    if a.ndim not in (1, 2):
        raise ValueError("output a and target y must be arrays (n,) or (n, m), got "
                         f"{'scalars' if a.ndim == 0 else f'{a.ndim}-D arrays'}")
    if a.size == 0:
        raise ValueError(f"output a and target y must hold at least one entry and one "
                         f"example (column), got shape {a.shape}")
    return a, y


def _same_shape(name, x, like):
    x = as_float_array(name, x, finite=False)
    if x.shape != like.shape or np.any(np.isnan(x)):
        raise ValueError(f"{name} must have the shape of a, {like.shape}, without NaN; "
                         f"got shape {x.shape}")
    return x


def _num_examples(a):
    # m, the number of columns; a 1-D array (n,) is one example.
    return a.shape[1] if a.ndim == 2 else 1


def _log(x):
    # log(0) = -inf is the true value of the cost there; say so without a warning.
    with np.errstate(divide="ignore"):
        return np.log(x)


def _times_log(coef, log_x):
    # coef * log_x with the convention 0 * log 0 = 0 (the limit of t ln t as t → 0).
    return coef * np.where(coef == 0, 0.0, log_x)
