"""Forward mode on a :class:`bpcode.network.Network`: dual numbers, one array at a time.

Pushing :class:`bpcode.autodiff.dual.Dual` numbers through a network one scalar at a
time works, but spends its time in the Python interpreter. The same arithmetic on arrays
keeps each quantity as a pair (value, tangent), exactly like a dual number a + ȧε, layer
by layer:

    ż = ẇ a + w ȧ + ḃ           (the tangent of z = w a + b, product rule)
    ȧ = σ′(z) ⊙ ż               (the tangent of a = σ(z), chain rule)
    Ċ = (1/m) Σₓ ∇ₐCₓ · ȧᴸ        (the tangent of the mean cost)

starting from ȧ¹ = 0 (the inputs do not move). One such pass is a Jacobian-vector
product (JVP): the directional derivative of C along the direction (ẇ, ḃ) in parameter
space. The full gradient takes one pass per parameter.

Introduced in *Forward mode, and the cost of derivatives*.
"""

import numpy as np

from bpcode.activations import get_activation
from bpcode.costs import get_cost

__all__ = ["network_jvp", "forward_mode_gradient"]


def network_jvp(net, X, Y, tangent_weights, tangent_biases):
    """(C, Ċ): the mean cost and its directional derivative along (ẇ, ḃ), in one pass.

    X has shape (sizes[0], m), Y shape (sizes[-1], m); ``tangent_weights[i]`` and
    ``tangent_biases[i]`` are shaped like ``net.weights[i]`` and ``net.biases[i]``.
    The output activation must be elementwise (not softmax).
    """
    X, Y = net._check_XY(X, Y)
    _check_tangents(net, tangent_weights, tangent_biases)
    return _jvp(net, X, Y, tangent_weights, tangent_biases)


def forward_mode_gradient(net, X, Y):
    """``(nabla_b, nabla_w)`` like ``net.backprop``, by n JVPs, one per parameter."""
    X, Y = net._check_XY(X, Y)
    _check_tangents(net, net.weights, net.biases)    # also rejects a softmax output
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
    return nabla_b, nabla_w


def _jvp(net, X, Y, tangent_weights, tangent_biases):
    sigma, sigma_prime = get_activation(net.activation)
    sigma_out, sigma_out_prime = get_activation(net.output_activation)
    a, a_dot = X, np.zeros_like(X)
    last = len(net.weights) - 1
    for i, (w, b, w_dot, b_dot) in enumerate(zip(net.weights, net.biases,
                                                  tangent_weights, tangent_biases)):
        z = w @ a + b
        z_dot = w_dot @ a + w @ a_dot + b_dot
        f, f_prime = (sigma_out, sigma_out_prime) if i == last else (sigma, sigma_prime)
        a, a_dot = f(z), f_prime(z) * z_dot
    cost, cost_prime = get_cost(net.cost_name)
    m = X.shape[1]
    return net._cost_of(z, a, Y), float(np.sum(cost_prime(a, Y) * a_dot)) / m


def _check_tangents(net, tangent_weights, tangent_biases):
    if net.output_activation == "softmax":
        raise ValueError("forward mode here needs an elementwise output activation, "
                         "got 'softmax'")
    for name, tangents, params in (("tangent_weights", tangent_weights, net.weights),
                                   ("tangent_biases", tangent_biases, net.biases)):
        if len(tangents) != len(params):
            raise ValueError(f"{name} must hold {len(params)} arrays, one per layer, "
                             f"got {len(tangents)}")
        for i, (t, p) in enumerate(zip(tangents, params)):
            if np.shape(t) != p.shape:
                raise ValueError(f"{name}[{i}] must have shape {p.shape}, got "
                                 f"{np.shape(t)}")
