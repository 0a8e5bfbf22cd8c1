"""Checking gradients with central finite differences.

For a scalar function f of an array x, the central difference

    ∂f/∂xᵢ ≈ (f(x + ε eᵢ) − f(x − ε eᵢ)) / 2ε

has a truncation error of order ε² (the ε terms of the two Taylor expansions cancel) and
a round-off error of order u/ε (u ≈ 1.1e-16 in float64): ε ≈ u^(1/3) ≈ 1e-5 balances
them.

Introduced in *Checking gradients*.
"""

from dataclasses import dataclass

import numpy as np

from bpcode.checks import as_float_array, is_real


def central_difference(f, x, eps=1e-5):
    """f′(x) ≈ (f(x + ε) − f(x − ε)) / 2ε for a scalar f, elementwise on an array."""
    eps = _check_eps(eps)
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def numerical_gradient(f, x, eps=1e-5):
    """∂f/∂x by central differences, one entry of x at a time; shape of x.

    ``f`` takes no argument and returns a float computed from the array ``x``, which is
    changed in place while the differences are taken and restored afterwards. (This lets
    one check the gradient of anything that reads ``x``, such as a network's weights.)
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError("x must be a float64 numpy array that f reads "
                        "(it is perturbed in place)")
    eps = _check_eps(eps)
    if not callable(f):
        raise TypeError(f"f must be a function of no argument, got {type(f).__name__}")
    if not np.shares_memory(x.reshape(-1), x):
        raise ValueError("x must be contiguous so that its entries can be "
                         "perturbed in place")
    return _numerical_gradient(f, x, eps)


def _numerical_gradient(f, x, eps):
    """∂f/∂xᵢ ≈ (f(x + ε eᵢ) − f(x − ε eᵢ)) / 2ε, for each entry i of x in turn"""
    grad = np.empty_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + eps
        f_plus = float(f())
        flat[i] = saved - eps
        f_minus = float(f())
        flat[i] = saved
        gflat[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(analytic, numeric):
    """‖g − ĝ‖ / (‖g‖ + ‖ĝ‖): 0 for equal arrays, 1 for opposite ones, scale-free.

    Two zero arrays have relative error 0.
    """
    g = as_float_array("analytic", analytic)
    h = as_float_array("numeric", numeric)
    if g.shape != h.shape:
        raise ValueError("analytic and numeric gradients must have the same shape, "
                         f"got {g.shape} and {h.shape}")
    return _relative_error(g, h)


def _relative_error(g, h):
    """‖g − ĝ‖ / (‖g‖ + ‖ĝ‖), and 0 if both are 0"""
    denom = np.linalg.norm(g) + np.linalg.norm(h)
    return 0.0 if denom == 0 else float(np.linalg.norm(g - h) / denom)


@dataclass(frozen=True)
class LayerCheck:
    """The gradient check of one layer l: relative errors of ∂C/∂wˡ and ∂C/∂bˡ."""

    layer: int             #: the book's layer number l (2 for weights[0])
    weights_error: float
    biases_error: float

    @property
    def worst(self):
        """The larger of the two relative errors."""
        return max(self.weights_error, self.biases_error)


def check_network(net, X, Y, eps=1e-5, backprop=None):
    """Compare a network's backprop gradients with finite differences, layer by layer.

    ``backprop(X, Y)`` returns ``(nabla_b, nabla_w)``; by default ``net.backprop``, but
    any other implementation (say, a deliberately buggy one) can be checked. Returns one
    :class:`LayerCheck` per layer, layer 2 first.
    """
    backprop = net.backprop if backprop is None else backprop
    if not callable(backprop):
        raise TypeError("backprop must be a function (X, Y) -> (nabla_b, nabla_w), got "
                        f"{type(backprop).__name__}")
    X, Y = net.check_batch(X, Y)
    return _check_network(net, X, Y, _check_eps(eps), backprop)


def _check_network(net, X, Y, eps, backprop):
    """Per layer l: relative errors of backprop's ∂C/∂wˡ and ∂C/∂bˡ"""
    nabla_b, nabla_w = backprop(X, Y)
    report = []
    for i, (w, b) in enumerate(zip(net.weights, net.biases)):
        num_w = _numerical_gradient(lambda: net.cost(X, Y), w, eps)
        num_b = _numerical_gradient(lambda: net.cost(X, Y), b, eps)
        report.append(LayerCheck(i + 2, relative_error(nabla_w[i], num_w),
                                 relative_error(nabla_b[i], num_b)))
    return report


def _check_eps(eps):
    if not is_real(eps):
        raise TypeError(f"eps must be a real number, got {eps!r}")
    if not eps > 0 or not np.isfinite(eps):
        raise ValueError(f"eps must be a finite number > 0, got {eps}")
    return float(eps)
