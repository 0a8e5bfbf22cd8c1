"""Deliberately wrong backprops, for the gradient-checking chapter.

Each function has the signature of :meth:`bpcode.network.Network.backprop` with the
network as first argument, ``bug(net, X, Y) -> (nabla_b, nabla_w)``, and makes exactly
one mistake that people really make. None of them crashes on the networks of the chapter
and all of them return arrays of the right shapes: only a gradient check
(:func:`bpcode.gradcheck.check_network`) shows that the gradients are wrong, and which
layers are affected. Check one with
``check_network(net, X, Y, backprop=partial(bug, net))``.

:func:`broken_layers` says which layers' gradients each bug breaks; ``BUGS`` lists them
all.

Introduced in *Checking gradients*. Never train with these.
"""

import numpy as np

from bpcode.activations import get_activation
from bpcode.checks import check_positive_int
from bpcode.equations import _bp2, _bp3, _bp4
from bpcode.network import Gradients


def _gradients(deltas, activations):
    # BP3 and BP4, unchanged: every bug below but two is in how the errors δˡ are found.
    return Gradients([_bp3(d) for d in deltas],
                     [_bp4(d, a_prev) for d, a_prev in zip(deltas, activations[:-1])])


def _checked_forward(net, X, Y):
    X, Y = net.check_batch(X, Y)
    zs, activations = net._forward(X)
    return X, Y, zs, activations


def transposed_weight_in_bp2(net, X, Y):
    """(Bug in BP2) δˡ = (wˡ⁺¹ δˡ⁺¹) ⊙ σ′(zˡ): the transpose of wˡ⁺¹ is forgotten.

    The product only has the right shape when wˡ⁺¹ is square, that is when layers l and
    l + 1 are equally wide; then the bug is silent. Otherwise numpy raises a shape
    error, which is why this bug survives exactly in the networks with equal hidden
    widths. Breaks every layer below the output layer.
    """
    X, Y, zs, activations = _checked_forward(net, X, Y)
    _, sigma_prime = get_activation(net.activation)
    delta = net._output_error(zs[-1], activations[-1], Y)
    deltas = [delta]
    for i in range(len(net.weights) - 2, -1, -1):
        # should be weights[i+1].T
        delta = (net.weights[i + 1] @ delta) * sigma_prime(zs[i])
        deltas.append(delta)
    return _gradients(deltas[::-1], activations)


def missing_sigma_prime_in_bp2(net, X, Y):
    """(Bug in BP2) δˡ = (wˡ⁺¹)ᵀ δˡ⁺¹: the factor σ′(zˡ) is forgotten.

    Breaks every layer below the output layer; the output layer's gradients stay right.
    """
    X, Y, zs, activations = _checked_forward(net, X, Y)
    delta = net._output_error(zs[-1], activations[-1], Y)
    deltas = [delta]
    for i in range(len(net.weights) - 2, -1, -1):
        # should be ⊙ σ′(zs[i])
        delta = net.weights[i + 1].T @ delta
        deltas.append(delta)
    return _gradients(deltas[::-1], activations)


def missing_sigma_prime_in_bp1(net, X, Y):
    """(Bug in BP1) δᴸ = aᴸ − y whatever the cost, even where σ′ does not cancel.

    Right for sigmoid outputs with the cross-entropy cost and softmax outputs with the
    log-likelihood, wrong for every other pair, such as sigmoid with the quadratic cost:
    then every layer is broken, since every δˡ comes from δᴸ (by the right BP2).
    """
    X, Y, zs, activations = _checked_forward(net, X, Y)
    # should be BP1 for this cost
    delta_L = activations[-1] - Y
    return _gradients(net._errors_from(delta_L, zs), activations)


def loop_stops_one_layer_early(net, X, Y):
    """(Off-by-one) the backward loop stops at layer 3: δ² keeps its start value 0.

    ``range(L − 2, 0, −1)`` where ``range(L − 2, −1, −1)`` was meant. Breaks layer 2
    only (the first weight matrix), and only in networks with at least one hidden layer.
    """
    X, Y, zs, activations = _checked_forward(net, X, Y)
    _, sigma_prime = get_activation(net.activation)
    delta = net._output_error(zs[-1], activations[-1], Y)
    deltas = [delta]
    # should stop at -1
    for i in range(len(net.weights) - 2, 0, -1):
        delta = _bp2(net.weights[i + 1], delta, zs[i], sigma_prime)
        deltas.append(delta)
    if len(net.weights) > 1:
        deltas.append(np.zeros_like(zs[0]))
    return _gradients(deltas[::-1], activations)


def weighted_input_in_bp4(net, X, Y):
    """(Bug in BP4) ∂C/∂wˡ = δˡ (zˡ⁻¹)ᵀ: the weighted input zˡ⁻¹ in place of aˡ⁻¹.

    Layer 2 is unaffected (its input a¹ = x has no weighted input; the code uses x), so
    the weight gradients of layers 3..L break and every bias gradient stays right.
    """
    X, Y, zs, activations = _checked_forward(net, X, Y)
    deltas = net._errors(zs, activations, Y)
    # should be activations[:-1]
    inputs = [X] + zs[:-1]
    return Gradients([_bp3(d) for d in deltas],
                     [_bp4(d, a_prev) for d, a_prev in zip(deltas, inputs)])


def summed_bias_gradient(net, X, Y):
    """(Bug in BP3) ∂C/∂bˡ = Σₓ δˡₓ: the batch sum of the errors, not their mean.

    The weight gradients stay right and every bias gradient is m times too large, so the
    bug is invisible for a batch of one example (m = 1).
    """
    X, Y, zs, activations = _checked_forward(net, X, Y)
    deltas = net._errors(zs, activations, Y)
    # should be the mean
    return Gradients([np.sum(d, axis=1, keepdims=True) for d in deltas],
                     [_bp4(d, a_prev) for d, a_prev in zip(deltas, activations[:-1])])


def broken_layers(bug, num_layers):
    """The layers l whose ∂C/∂wˡ and ∂C/∂bˡ ``bug`` gets wrong, in two sets.

    Returned as ``{"weights": {...}, "biases": {...}}``.

    For a network of ``num_layers`` = L layers (layers 2..L have parameters), a batch of
    m > 1 examples, and an output σ and cost for which BP1 does not cancel (such as
    sigmoid with the quadratic cost). ``bug`` is one of the functions of this module.
    """
    L = check_positive_int("num_layers", num_layers)
    if L < 2:
        raise ValueError(f"num_layers must be at least 2 (input and output), got {L}")
    every, below_output = set(range(2, L + 1)), set(range(2, L))
    table = {
        transposed_weight_in_bp2: (below_output, below_output),
        missing_sigma_prime_in_bp2: (below_output, below_output),
        missing_sigma_prime_in_bp1: (every, every),
        loop_stops_one_layer_early: ({2} & below_output, {2} & below_output),
        weighted_input_in_bp4: (every - {2}, set()),
        summed_bias_gradient: (set(), every),
    }
    if bug not in table:
        known = ", ".join(f.__name__ for f in BUGS)
        raise ValueError(f"bug must be one of the functions of bpcode.bugs ({known}), "
                         f"got {bug!r}")
    weights, biases = table[bug]
    return {"weights": weights, "biases": biases}


# Every bug of this module, in the order the chapter shows them.
BUGS = (transposed_weight_in_bp2, missing_sigma_prime_in_bp2,
        missing_sigma_prime_in_bp1,
        loop_stops_one_layer_early, weighted_input_in_bp4, summed_bias_gradient)
