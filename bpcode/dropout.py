"""Dropout: training with a random part of the hidden neurons switched off.

At every training step each hidden neuron j of layer l is switched off, independently
for every example x, with probability p (the *dropout rate*). *Inverted* dropout also
scales the neurons that stay on by 1/(1 − p), so that a neuron's expected output is
unchanged:

    ãˡ = Dˡ ⊙ σ(zˡ),   Dˡ = mˡ / (1 − p),   mˡⱼₓ ~ Bernoulli(1 − p),   E[Dˡ] = 1,

and the next layer computes zˡ⁺¹ = wˡ⁺¹ ãˡ + bˡ⁺¹. The input layer and the output layer
are never dropped. With the masks Dˡ held fixed this is an ordinary network whose
hidden activation is D ⊙ σ, so backpropagation changes in one place, BP2 picks up the
same mask:

    δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ Dˡ ⊙ σ′(zˡ),

while BP1 and BP3 are unchanged and BP4 uses the masked activations ãˡ⁻¹. Dropout is for
training only: evaluating a network (:meth:`~bpcode.network.Network.feedforward`,
``cost``, ``accuracy``) uses no mask and, thanks to the 1/(1 − p), no rescaling either.
:func:`bpcode.training.sgd` trains with dropout when given ``dropout=p``, drawing fresh
masks from its ``rng`` at every step.

Srivastava, Hinton, Krizhevsky, Sutskever and Salakhutdinov (2014), "Dropout: a simple
way to prevent neural networks from overfitting", who write p for the probability of
*keeping* a neuron; here p is the probability of dropping it.

Derived and checked in *Making training work*; its effect on overfitting is measured in
*Overfitting and generalization*.
"""

import numpy as np

from bpcode.activations import get_activation
from bpcode.checks import (as_inputs, as_matrix, check_positive_int, check_rng,
                           check_sizes, is_real)
from bpcode.costs import get_cost
from bpcode.equations import _bp2, _bp3, _bp4
from bpcode.network import Gradients, Network


def check_dropout_rate(p):
    """Return the dropout rate ``p`` as a float if 0 ≤ p < 1, else raise naming it.

    ``TypeError`` for anything but a real number (a bool too), ``ValueError`` for NaN,
    ±inf or a number outside [0, 1): at p = 1 every neuron would be dropped and the
    scale 1/(1 − p) infinite.
    """
    if not is_real(p):
        raise TypeError(f"dropout rate p must be a real number in [0, 1), got {p!r}")
    if not 0.0 <= p < 1.0:      # False for NaN as well
        raise ValueError("dropout rate p must be a probability in [0, 1): the share of "
                         f"hidden neurons switched off, got {p}")
    return float(p)


def dropout_masks(sizes, m, p, rng):
    """Dˡ = mˡ / (1 − p) with mˡ ~ Bernoulli(1 − p): one mask per hidden layer.

    ``sizes`` are the layer widths (or a :class:`~bpcode.network.Network`), ``m`` the
    number of examples, ``p`` the dropout rate in [0, 1), ``rng`` a
    ``numpy.random.Generator``. Returns a list of L − 2 float64 arrays, ``masks[i]`` of
    shape (sizes[i + 1], m) for layer l = i + 2, with entries 0 (dropped) and
    1/(1 − p) (kept); an entry is kept with probability 1 − p, independently of all
    others. A network without hidden layers gets an empty list.
    """
    sizes = check_sizes(getattr(sizes, "sizes", sizes))
    m = check_positive_int("m", m)
    p = check_dropout_rate(p)
    check_rng(rng)
    return _dropout_masks(sizes[1:-1], m, p, rng)


def _dropout_masks(hidden_sizes, m, p, rng):
    """Dˡ = mˡ / (1 − p), where mˡⱼₓ = 1 with probability 1 − p and 0 otherwise"""
    keep = 1.0 - p
    return [(rng.random((n, m)) < keep) / keep for n in hidden_sizes]


def forward_with_dropout(net, X, masks):
    """zˡ = wˡ ãˡ⁻¹ + bˡ with ãˡ = Dˡ ⊙ σ(zˡ): the forward pass of a training step.

    ``X`` has shape (sizes[0], m) and ``masks`` are the L − 2 masks of
    :func:`dropout_masks` for m examples. Returns ``(zs, activations)`` like
    :meth:`~bpcode.network.Network.forward`, with the masked activations ãˡ of the
    hidden layers; ``activations[0]`` is X and ``activations[-1]`` the output aᴸ.
    """
    X, _, masks = _check(net, X, masks)
    return _forward_with_dropout(net, X, masks)


def _forward_with_dropout(net, X, masks):
    """ãˡ = Dˡ ⊙ σ(wˡ ãˡ⁻¹ + bˡ) for the hidden layers, from ã¹ = X; no mask on aᴸ"""
    sigma, _ = get_activation(net.activation)
    sigma_out, _ = get_activation(net.output_activation)
    zs, activations = [], [X]
    for w, b, mask in zip(net.weights[:-1], net.biases[:-1], masks):
        zs.append(w @ activations[-1] + b)
        activations.append(mask * sigma(zs[-1]))
    zs.append(net.weights[-1] @ activations[-1] + net.biases[-1])
    activations.append(sigma_out(zs[-1]))
    return zs, activations


def cost_with_dropout(net, X, Y, masks):
    """C, the mean cost of the batch (X, Y) with the dropout masks held fixed.

    The function whose gradient :func:`backprop_with_dropout` computes, and the one to
    differentiate numerically to check it. Shapes: X (sizes[0], m), Y (sizes[-1], m),
    masks as :func:`dropout_masks` makes them for m examples.
    """
    X, Y, masks = _check(net, X, masks, Y)
    return _cost_with_dropout(net, X, Y, masks)


def _cost_with_dropout(net, X, Y, masks):
    """C = (1/m) Σₓ Cₓ(aᴸₓ, yₓ), aᴸ from the masked forward pass"""
    zs, activations = _forward_with_dropout(net, X, masks)
    return get_cost(net.cost_name).fn(activations[-1], Y, z=zs[-1])


def backprop_with_dropout(net, X, Y, masks):
    """∂C/∂b, ∂C/∂w with the masks fixed: BP2 becomes δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ Dˡ ⊙ σ′(zˡ).

    BP1 and BP3 are unchanged; BP4 uses the masked activations, ∂C/∂wˡ = δˡ (ãˡ⁻¹)ᵀ / m.
    Shapes: X (sizes[0], m), Y (sizes[-1], m), masks as :func:`dropout_masks` makes
    them for m examples. Returns :class:`~bpcode.network.Gradients` ``(nabla_b,
    nabla_w)``, the gradient of :func:`cost_with_dropout`. A dropped neuron (mask 0)
    gets δ = 0 and so passes no error back, and its outgoing weights get no gradient.
    """
    X, Y, masks = _check(net, X, masks, Y)
    return _backprop_with_dropout(net, X, Y, masks)


def _backprop_with_dropout(net, X, Y, masks, out=None):
    """δᴸ by BP1, δˡ by BP2 with the masks, then BP3 and BP4 on the masked ãˡ⁻¹"""
    zs, activations = _forward_with_dropout(net, X, masks)
    _, sigma_prime = get_activation(net.activation)
    deltas = [net._output_error(zs[-1], activations[-1], Y)]
    for i in range(len(net.weights) - 2, -1, -1):     # layer L−1 down to layer 2
        deltas.insert(0, _bp2_with_dropout(net.weights[i + 1], deltas[0], zs[i],
                                           sigma_prime, masks[i]))
    out = out or [None] * len(deltas)    # arrays for BP4 to write into, if any
    nabla_w = [_bp4(d, a, o) for d, a, o in zip(deltas, activations[:-1], out)]
    return Gradients([_bp3(d) for d in deltas], nabla_w)


def _bp2_with_dropout(w_next, delta_next, z, sigma_prime, mask):
    """δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ Dˡ ⊙ σ′(zˡ)"""
    return _bp2(w_next, delta_next, z, sigma_prime) * mask


def _check(net, X, masks, Y=None):
    # (X, Y, masks) checked for net: a batch, and one mask per hidden layer that fits it
    if not isinstance(net, Network):
        raise TypeError("net must be a bpcode.network.Network, got "
                        f"{type(net).__name__}")
    X, Y = (as_inputs(net, X), None) if Y is None else net.check_batch(X, Y)
    hidden = net.sizes[1:-1]
    if (isinstance(masks, np.ndarray) or not isinstance(masks, (list, tuple))
            or len(masks) != len(hidden)):
        got = (f"{len(masks)} of them" if isinstance(masks, (list, tuple))
               else type(masks).__name__)
        raise ValueError(f"masks must be a list of {len(hidden)} arrays, one per "
                         f"hidden layer of {net.sizes}, as dropout_masks(net, m, p, "
                         f"rng) returns; got {got}")
    masks = [as_matrix(f"masks[{i}]", mask, rows=n, cols=X.shape[1])
             for i, (mask, n) in enumerate(zip(masks, hidden))]
    return X, Y, masks

