"""The four fundamental equations of backpropagation, one function each.

Notation (the chapter *Notation and the matrix form*): layer l has weighted input
zˡ = wˡ aˡ⁻¹ + bˡ and activation aˡ = σ(zˡ); the error of layer l is δˡ ≡ ∂C/∂zˡ.
For a mini-batch of m examples every vector becomes a matrix with one column per
example: Zˡ, Aˡ and Δˡ have shape (nˡ, m), and column x of Δˡ is δˡ for example x,
the derivative of that example's cost Cₓ. The cost C is the mean of the Cₓ, so the
parameter gradients BP3 and BP4 average over the columns.

The equations are derived and proved in *The four fundamental equations*.
"""

import numpy as np

from bpcode.activations import get_activation

#: Output activation and cost pairs for which σ′ cancels out of BP1 and δᴸ = aᴸ − y.
CANCELLING_PAIRS = {("sigmoid", "cross_entropy"), ("softmax", "log_likelihood")}


def bp1_output_error(z, a, y, cost_prime, activation):
    """(BP1) δᴸ = ∇ₐC ⊙ σ′(zᴸ): the error of the output layer.

    Shapes: ``z``, ``a`` = σ(z) and ``y`` are (n_L, m); the result is (n_L, m).
    ``cost_prime(a, y)`` gives ∇ₐC, one column per example, and ``activation`` names σ.

    For softmax, whose outputs each depend on every zₖ, the elementwise product becomes
    a Jacobian-transpose product: δᴸ = Jᵀ ∇ₐC with J = ∂a/∂z, per column.
    """
    grad_a = cost_prime(a, y)
    _, sigma_prime = get_activation(activation)
    if activation == "softmax":
        # For each example: Jᵀg = a ⊙ (g − (aᵀg)): the Jacobian diag(a) − aaᵀ, applied
        # without building it.
        return a * (grad_a - np.sum(a * grad_a, axis=0, keepdims=True))
    return grad_a * sigma_prime(z)


def bp1_output_error_cancelled(a, y):
    """(BP1) δᴸ = aᴸ − y: BP1 for sigmoid and cross-entropy, softmax and log-likelihood.

    For these two pairs the σ′ of BP1 cancels against the denominator of ∇ₐC, so the
    output error no longer shrinks when the output neurons saturate. Shapes (n_L, m).
    """
    return a - y


def bp2_hidden_error(w_next, delta_next, z, activation):
    """(BP2) δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ): the error of layer l from that of layer l+1.

    Shapes: ``w_next`` is wˡ⁺¹, (nˡ⁺¹, nˡ); ``delta_next`` is (nˡ⁺¹, m); ``z`` is zˡ,
    (nˡ, m); the result is (nˡ, m). ``activation`` names σ of layer l (elementwise).
    """
    _, sigma_prime = get_activation(activation)
    return (w_next.T @ delta_next) * sigma_prime(z)


def bp3_bias_gradient(delta):
    """(BP3) ∂C/∂bˡⱼ = δˡⱼ: the bias gradient is the error, averaged over the batch.

    Shapes: ``delta`` is (nˡ, m); the result is (nˡ, 1), the shape of bˡ.
    """
    return np.mean(delta, axis=1, keepdims=True)


def bp4_weight_gradient(delta, a_prev):
    """(BP4) ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ: the weight gradient, averaged over the mini-batch.

    Shapes: ``delta`` is (nˡ, m) and ``a_prev`` is aˡ⁻¹, (nˡ⁻¹, m); the result is
    δˡ (aˡ⁻¹)ᵀ / m, (nˡ, nˡ⁻¹), the shape of wˡ.
    """
    return (delta @ a_prev.T) / delta.shape[1]
