"""The four fundamental equations of backpropagation, one function each.

Notation (the chapter *Notation and the matrix form*): layer l has weighted input
zˡ = wˡ aˡ⁻¹ + bˡ and activation aˡ = σ(zˡ); the error of layer l is δˡ ≡ ∂C/∂zˡ.
For a mini-batch of m examples every vector becomes a matrix with one column per
example: Zˡ, Aˡ and Δˡ have shape (nˡ, m), and column x of Δˡ is δˡ for example x,
the derivative of that example's cost Cₓ. The cost C is the mean of the Cₓ, so the
parameter gradients BP3 and BP4 average over the columns.

Each public function checks the shapes of its arguments and calls a private core of a
few lines that holds only the equation (``_bp1``, ``_bp2``, ...); the chapters show the
cores. Which output activation and cost let σ′ cancel out of BP1 is the table
:data:`bpcode.costs.OUTPUT_COST_PAIRS`.

The equations are derived and proved in *The four fundamental equations*.
"""

import numpy as np

from bpcode.activations import get_activation, is_elementwise
from bpcode.checks import as_float_array, as_matrix, check_sizes


def bp1_output_error(z, a, y, cost_prime, activation):
    """(BP1) δᴸ = ∇ₐC ⊙ σ′(zᴸ): the error of the output layer.

    Shapes: ``z``, ``a`` = σ(z) and ``y`` are (n_L, m), or (n_L,) for one example; the
    result has their shape.
    ``cost_prime(a, y)`` gives ∇ₐC, one column per example, and ``activation`` names σ.

    For softmax, whose outputs each depend on every zₖ, the elementwise product becomes
    a Jacobian-transpose product: δᴸ = Jᵀ ∇ₐC with J = ∂a/∂z, per column.
    """
    z = _as_errors("z", z)
    a, y = _as_errors("a", a, like=z), _as_errors("y", y, like=z)
    get_activation(activation)
    if not callable(cost_prime):
        raise TypeError("cost_prime must be a function (a, y) -> ∂C/∂a, such as "
                        f"bpcode.costs.quadratic_cost_prime; got {cost_prime!r}")
    return _bp1_any(z, a, y, cost_prime, activation)


def _bp1_any(z, a, y, cost_prime, activation):
    """BP1 for any output activation: σ′ elementwise, or softmax's Jacobian"""
    if not is_elementwise(activation):
        return _bp1_softmax(a, y, cost_prime)
    return _bp1(z, a, y, cost_prime, get_activation(activation)[1])


def _bp1(z, a, y, cost_prime, sigma_prime):
    """δᴸ = ∇ₐC ⊙ σ′(zᴸ)"""
    return cost_prime(a, y) * sigma_prime(z)


def _bp1_softmax(a, y, cost_prime):
    """δᴸ = Jᵀ ∇ₐC = a ⊙ (∇ₐC − aᵀ ∇ₐC) per column, J = diag(a) − a aᵀ not built"""
    grad_a = cost_prime(a, y)
    return a * (grad_a - np.sum(a * grad_a, axis=0, keepdims=True))


def bp1_output_error_cancelled(a, y):
    """(BP1) δᴸ = aᴸ − y: BP1 for sigmoid and cross-entropy, softmax and log-likelihood.

    For these two pairs (the cancelling pairs of
    :data:`bpcode.costs.OUTPUT_COST_PAIRS`) the σ′ of BP1 cancels against the
    denominator of ∇ₐC, so the output error no longer shrinks when the output neurons
    saturate. Shapes (n_L, m). (For the log-likelihood this holds when each column of y
    sums to 1, as a one-hot column does.)
    """
    a = _as_errors("a", a)
    return _bp1_cancelled(a, _as_errors("y", y, like=a))


def _bp1_cancelled(a, y):
    """δᴸ = aᴸ − y"""
    return a - y


def bp2_hidden_error(w_next, delta_next, z, activation):
    """(BP2) δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ): the error of layer l from that of layer l+1.

    Shapes: ``w_next`` is wˡ⁺¹, (nˡ⁺¹, nˡ); ``delta_next`` is (nˡ⁺¹, m); ``z`` is zˡ,
    (nˡ, m); the result is (nˡ, m). ``activation`` names σ of layer l (elementwise).
    """
    w_next = as_matrix("w_next", w_next)
    delta_next = _as_errors("delta_next", delta_next)
    if delta_next.shape[0] != w_next.shape[0]:
        raise ValueError(f"delta_next must have {w_next.shape[0]} rows, one per neuron "
                         "of layer l + 1 (the rows of w_next), got shape "
                         f"{delta_next.shape}")
    z = _as_errors("z", z, like=np.empty((w_next.shape[1],) + delta_next.shape[1:]))
    if not is_elementwise(activation):
        raise ValueError("BP2 needs the elementwise activation of a hidden layer, got "
                         f"{activation!r}")
    _, sigma_prime = get_activation(activation)
    return _bp2(w_next, delta_next, z, sigma_prime)


def _bp2(w_next, delta_next, z, sigma_prime):
    """δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ)"""
    delta = w_next.T @ delta_next
    delta *= sigma_prime(z)        # in place: one new array, not two
    return delta


def bp3_bias_gradient(delta):
    """(BP3) ∂C/∂bˡⱼ = δˡⱼ: the bias gradient is the error, averaged over the batch.

    Shapes: ``delta`` is (nˡ, m), m ≥ 1; the result is (nˡ, 1), the shape of bˡ.
    """
    return _bp3(as_matrix("delta", delta))


def _bp3(delta):
    """∂C/∂bˡ = (1/m) Σₓ δˡₓ"""
    return delta.sum(axis=1, keepdims=True) / delta.shape[1]


def bp4_weight_gradient(delta, a_prev):
    """(BP4) ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ: the weight gradient, averaged over the mini-batch.

    Shapes: ``delta`` is (nˡ, m) and ``a_prev`` is aˡ⁻¹, (nˡ⁻¹, m); the result is
    δˡ (aˡ⁻¹)ᵀ / m, (nˡ, nˡ⁻¹), the shape of wˡ.
    """
    delta = as_matrix("delta", delta)
    return _bp4(delta, as_matrix("a_prev", a_prev, cols=delta.shape[1]))


def _bp4(delta, a_prev, out=None):
    """∂C/∂wˡ = (1/m) Σₓ δˡₓ (aˡ⁻¹ₓ)ᵀ = δˡ (aˡ⁻¹)ᵀ / m"""
    nabla_w = np.matmul(delta, a_prev.T, out=out)    # into out, if given
    nabla_w /= delta.shape[1]     # in place: no second array the size of wˡ
    return nabla_w


def multiplications(sizes):
    """Σₗ nˡ nˡ⁻¹ multiplications forward, 2 Σₗ nˡ nˡ⁻¹ − n² n¹ backward, per example.

    ``sizes`` are the layer widths [n¹, …, nᴸ]. Returns ``(forward, backward)``: the
    multiplications of the matrix products per example, of the forward pass (wˡ aˡ⁻¹ in
    every layer) and of the backward pass (the same number again for BP4 in every
    layer, and for BP2 in every layer but the first, whose error nothing needs). So
    ``forward <= backward < 2 * forward``: the backward pass costs at most twice the
    forward pass. The elementwise products with σ′ and the sums of BP3 add only nˡ per
    layer and are not counted.

    Introduced in *Introduction*; used again in *Backpropagation is reverse-mode
    autodiff*.
    """
    return _multiplications(check_sizes(sizes))


def _multiplications(sizes):
    """forward = Σₗ nˡ nˡ⁻¹, backward = 2 Σₗ nˡ nˡ⁻¹ − n² n¹"""
    layers = [n * n_in for n_in, n in zip(sizes[:-1], sizes[1:])]
    forward = sum(layers)                    # wˡ aˡ⁻¹ in every layer
    backward = 2 * sum(layers) - layers[0]   # BP4 and BP2; layer 2: BP4 only
    return forward, backward


def _as_errors(name, x, like=None):
    # A matrix (n, m), one column per example, or a vector (n,) for one example; the
    # shape of ``like`` if given.
    x = as_float_array(name, x)
    if x.ndim not in (1, 2) or x.size == 0:
        raise ValueError(f"{name} must be an array (n, m) with one column per example, "
                         f"or (n,) for one example, n, m >= 1; got shape {x.shape}")
    if like is not None and x.shape != like.shape:
        raise ValueError(f"{name} must have shape {like.shape}, got shape {x.shape}")
    return x
