"""Forward mode on a :class:`bpcode.network.Network`: dual numbers, one array at a time.

Pushing :class:`bpcode.autodiff.dual.Dual` numbers through a network one scalar at a
time works, but spends its time in the Python interpreter. The same arithmetic on arrays
keeps each quantity as a pair (value, tangent), exactly like a dual number a + ȧε, layer
by layer:

    ż = ẇ a + w ȧ + ḃ           (the tangent of z = w a + b, product rule)
    ȧ = σ′(z) ⊙ ż               (the tangent of a = σ(z), chain rule)
    Ċ = (1/m) Σₓ δᴸₓ · żᴸₓ        (the tangent of the mean cost, δᴸ = ∂Cₓ/∂zᴸ by BP1)

starting from ȧ¹ = 0 (the inputs do not move). One such pass is a Jacobian-vector
product (JVP): the directional derivative of C along the direction (ẇ, ḃ) in parameter
space. The full gradient takes one pass per parameter.

Introduced in *Forward mode, and the cost of derivatives*.
"""

import numpy as np

from bpcode.activations import get_activation
from bpcode.checks import as_float_array
from bpcode.costs import get_cost
from bpcode.network import Gradients

__all__ = ["network_jvp", "forward_mode_gradient"]


def network_jvp(net, X, Y, tangent_weights, tangent_biases):
    """(C, Ċ): the mean cost and its directional derivative along (ẇ, ḃ), in one pass.

    X has shape (sizes[0], m), Y shape (sizes[-1], m); ``tangent_weights[i]`` and
    ``tangent_biases[i]`` are shaped like ``net.weights[i]`` and ``net.biases[i]``.
    Every output activation and cost of :data:`bpcode.costs.OUTPUT_COST_PAIRS` works.
    """
    X, Y = net.check_batch(X, Y)
    tangent_weights, tangent_biases = _check_tangents(net, tangent_weights,
                                                      tangent_biases)
    return _jvp(net, X, Y, tangent_weights, tangent_biases)


def forward_mode_gradient(net, X, Y):
    """:class:`~bpcode.network.Gradients` like ``net.backprop``'s, by n JVPs, one per
    parameter."""
    X, Y = net.check_batch(X, Y)
    zero_w = [np.zeros_like(w) for w in net.weights]
    zero_b = [np.zeros_like(b) for b in net.biases]
    nabla_w = [np.empty_like(w) for w in net.weights]
    nabla_b = [np.empty_like(b) for b in net.biases]
    for tangents, grads in ((zero_w, nabla_w), (zero_b, nabla_b)):
        for t, g in zip(tangents, grads):
            t_flat, g_flat = t.reshape(-1), g.reshape(-1)
            for k in range(t_flat.size):       # the direction e_k: one parameter moves
                t_flat[k] = 1.0
                g_flat[k] = _jvp(net, X, Y, zero_w, zero_b)[1]
                t_flat[k] = 0.0
    return Gradients(nabla_b, nabla_w)


def _jvp(net, X, Y, tangent_weights, tangent_biases):
    """ż = ẇ a + w ȧ + ḃ, ȧ = σ′(z) ⊙ ż layer by layer; Ċ = (1/m) Σₓ δᴸₓ · żᴸₓ"""
    sigma, sigma_prime = get_activation(net.activation)
    a, a_dot = X, np.zeros_like(X)
    last = len(net.weights) - 1
    for i, (w, b, w_dot, b_dot) in enumerate(zip(net.weights, net.biases,
                                                  tangent_weights, tangent_biases)):
        z = w @ a + b
        z_dot = w_dot @ a + w @ a_dot + b_dot
        if i < last:
            a, a_dot = sigma(z), sigma_prime(z) * z_dot
    a = get_activation(net.output_activation)[0](z)
    # The last step of the chain: Ċ = Σ (∂C/∂zᴸ) żᴸ, and ∂Cₓ/∂zᴸ is δᴸ of BP1.
    delta_L = net._output_error(z, a, Y)
    m = X.shape[1]
    return get_cost(net.cost_name).fn(a, Y, z=z), float(np.sum(delta_L * z_dot)) / m


def _check_tangents(net, tangent_weights, tangent_biases):
    checked = []
    for name, tangents, params in (("tangent_weights", tangent_weights, net.weights),
                                   ("tangent_biases", tangent_biases, net.biases)):
        if not isinstance(tangents, (list, tuple)) or len(tangents) != len(params):
            raise ValueError(f"{name} must be a list of {len(params)} arrays, one per "
                             "layer")
        arrays = []
        for i, (t, p) in enumerate(zip(tangents, params)):
            t = as_float_array(f"{name}[{i}]", t)
            if t.shape != p.shape:
                raise ValueError(f"{name}[{i}] must have shape {p.shape}, got "
                                 f"{t.shape}")
            arrays.append(t)
        checked.append(arrays)
    return checked
