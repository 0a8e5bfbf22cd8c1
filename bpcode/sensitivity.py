"""What the network is sensitive to: gradients with respect to the *input*, by backprop.

Backpropagation delivers δ² = ∂Cₓ/∂z² on its way down (BP1, then BP2 layer by layer).
One more step gives the gradient with respect to the input itself. The input x feeds
z² = w² x + b², so by the chain rule

    ∂Cₓ/∂x = (w²)ᵀ δ²,

which is BP2 for the input layer, whose "activation" is the identity (a¹ = x, σ′ = 1).
The same pass gives the sensitivity of one output neuron, ∂aᴸⱼ/∂x: start the backward
pass from δᴸ = ∂aᴸⱼ/∂zᴸ instead of ∂Cₓ/∂zᴸ, that is, BP1 with the one-hot
"cost gradient" ∇ₐ = eⱼ, and run BP2 unchanged. Nothing else changes: both gradients
cost one forward and one backward pass, for all pixels at once.

Arrays hold one example per column: X is (n_in, m) and each result is (n_in, m), column
x being the gradient for example x alone (of its own cost Cₓ, not of the batch mean C).

Introduced in *What the network is sensitive to*.
"""

import numpy as np

from bpcode.activations import identity_prime
from bpcode.checks import as_inputs, as_matrix
from bpcode.equations import _bp1_any, _bp2


def input_error(w2, delta2, X):
    """∂Cₓ/∂x = (w²)ᵀ δ²: BP2 for the input layer (σ the identity, a¹ = z¹ = x).

    Shapes: ``w2`` is w², (n₂, n_in); ``delta2`` is δ², (n₂, m); ``X`` is the input, the
    layer's z¹, (n_in, m); the result is (n_in, m). Works for any scalar at the top of
    the backward pass: if δ² = ∂aᴸⱼ/∂z², it gives ∂aᴸⱼ/∂x.

    Introduced in *What the network is sensitive to*.
    """
    w2 = as_matrix("w2", w2)
    delta2 = as_matrix("delta2", delta2, rows=w2.shape[0])
    X = as_matrix("X", X, rows=w2.shape[1], cols=delta2.shape[1])
    return _input_error(w2, delta2, X)


def _input_error(w2, delta2, X):
    """∂Cₓ/∂x = (w²)ᵀ δ² ⊙ identity′(x) = (w²)ᵀ δ²: BP2 for the input layer"""
    return _bp2(w2, delta2, X, identity_prime)


def input_gradient(net, X, Y):
    """∂Cₓ/∂x = (w²)ᵀ δ², with δ² from the network's own backward pass (BP1, then BP2).

    ``net`` is a :class:`~bpcode.network.Network`; X is (sizes[0], m) and the targets Y
    are (sizes[-1], m). Returns (sizes[0], m): column x is the gradient of example x's
    cost Cₓ with respect to its input. (The gradient of the batch mean C = (1/m) Σ Cₓ is
    this divided by m.)

    Introduced in *What the network is sensitive to*.
    """
    return _input_gradient(net, *net.check_batch(X, Y))


def _input_gradient(net, X, Y):
    """∂Cₓ/∂x = (w²)ᵀ δ², δ² by BP1 and BP2"""
    zs, activations = net._forward(X)
    deltas = net._errors(zs, activations, Y)
    return _input_error(net.weights[0], deltas[0], X)


def output_gradient(net, X, j):
    """∂aᴸⱼ/∂x: how output neuron j responds to each input, by one backward pass.

    The backward pass starts from δᴸ = ∂aᴸⱼ/∂zᴸ, which is BP1 with ∇ₐ replaced by the
    one-hot vector eⱼ (for softmax outputs: aⱼ (eⱼ − a), the j-th row of the Jacobian),
    then runs BP2 down to layer 2 (:meth:`~bpcode.network.Network.errors_from`) and
    :func:`input_error` to the input.

    ``X`` is (sizes[0], m). ``j`` is one output index for every example, or an integer
    array of shape (m,) with one index per example (for instance the predicted class).
    Returns (sizes[0], m).

    Introduced in *What the network is sensitive to*.
    """
    X = as_inputs(net, X)
    return _output_gradient(net, X, _output_seed(j, net.sizes[-1], X.shape[1]))


def _output_gradient(net, X, seed):
    """∂aᴸⱼ/∂x: BP1 with ∇ₐ = eⱼ, then BP2 down to the input"""
    zs, activations = net._forward(X)
    delta = _bp1_any(zs[-1], activations[-1], seed, lambda a, y: seed,
                     net.output_activation)
    deltas = net._errors_from(delta, zs)
    return _input_error(net.weights[0], deltas[0], X)


def _output_seed(j, n_out, m):
    """The one-hot seed eⱼ, shape (n_out, m), for one index or one index per example."""
    arr = np.asarray(j)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError("j must be an output index (an integer) or an integer array "
                        f"of shape ({m},), got {j!r}")
    if arr.ndim == 0:
        arr = np.full(m, int(arr))
    elif arr.shape != (m,):
        raise ValueError("j must be one output index or one per example, shape "
                         f"({m},), got shape {arr.shape}")
    if arr.size and (arr.min() < 0 or arr.max() >= n_out):
        bad = arr.min() if arr.min() < 0 else arr.max()
        raise ValueError(f"j must lie in 0..{n_out - 1}, the output neurons, got {bad}")
    seed = np.zeros((n_out, m))
    seed[arr, np.arange(m)] = 1.0
    return seed
