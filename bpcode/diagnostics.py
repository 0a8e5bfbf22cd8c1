"""Why a network learns slowly, measured: saturation and gradient sizes per layer.

Backpropagation multiplies the error by σ′(zˡ) at every layer it passes (equation BP2),
so a neuron whose weighted input z sits where σ′ is nearly 0 (a *saturated* neuron)
learns almost nothing, and a product of many small factors makes the early layers of a
deep network learn far more slowly than the late ones (*vanishing gradients*). These
functions measure both, with the network's own forward and backward passes:

- :func:`saturated_fraction`: the share of weighted inputs z at which σ′(z) is tiny;
- :func:`layer_gradient_norms`: ‖∂C/∂bˡ‖ and ‖∂C/∂wˡ‖ of every layer l = 2..L, by
  backprop;
- :func:`gradient_norms_during_training`: the same, measured before training and after
  each epoch of :func:`~bpcode.training.sgd`.

Introduced in *Why learning is slow, and how to fix it*.
"""

import numpy as np

from bpcode.activations import get_activation, is_elementwise
from bpcode.checks import as_float_array, as_pair, check_nonnegative, check_positive_int
from bpcode.network import Network
from bpcode.training import sgd


def saturated_fraction(z, activation="sigmoid", threshold=0.01):
    """The saturated fraction of z: entries with σ′(z) < ``threshold`` · max σ′.

    ``z`` is an array of weighted inputs of any shape, e.g. the (nˡ, m) ``zs[i]`` of
    :meth:`~bpcode.network.Network.forward`; ``activation`` names an elementwise σ. The
    largest σ′ is σ′(0) for sigmoid (1/4) and tanh (1), and 1 for ReLU, so the default
    counts an entry as saturated when its gradient factor is below 1% of the best
    possible. Returns a float in [0, 1].
    """
    z = as_float_array("z", z)
    if z.size == 0:
        raise ValueError("z must hold at least one weighted input, got an empty array")
    threshold = check_nonnegative("threshold", threshold)
    if not is_elementwise(activation):
        raise ValueError("saturated_fraction needs an elementwise activation, got "
                         f"{activation!r}")
    _, sigma_prime = get_activation(activation)
    return _saturated_fraction(z, sigma_prime, threshold)


def _saturated_fraction(z, sigma_prime, threshold):
    """The fraction of entries of z with σ′(z) < threshold · max σ′"""
    peak = float(np.max(sigma_prime(np.array([0.0, 1.0]))))   # σ′(0), or 1 for ReLU
    return float(np.mean(sigma_prime(z) < threshold * peak))


def layer_gradient_norms(net, X, Y):
    """‖∂C/∂bˡ‖ and ‖∂C/∂wˡ‖ (Euclidean norms) for l = 2..L, by backprop on (X, Y).

    X has shape (sizes[0], m) and Y shape (sizes[-1], m); C is the mean cost over the m
    examples. Returns ``(bias_norms, weight_norms)``, two float arrays of shape
    (L − 1,): entry i belongs to layer i + 2, the book's numbering (``weights[i]``).
    Since ∂C/∂bˡ is the batch mean of δˡ (BP3), ``bias_norms`` measures how fast layer l
    learns.
    """
    if not isinstance(net, Network):
        raise TypeError("net must be a bpcode.network.Network, got "
                        f"{type(net).__name__}")
    return _layer_gradient_norms(net.backprop(X, Y))


def _layer_gradient_norms(gradients):
    """(‖∂C/∂bˡ‖, ‖∂C/∂wˡ‖) for l = 2, …, L"""
    nabla_b, nabla_w = gradients
    return (np.array([np.linalg.norm(g) for g in nabla_b]),
            np.array([np.linalg.norm(g) for g in nabla_w]))


def gradient_norms_during_training(net, training_data, epochs, batch_size, eta, rng,
                                   measure_data=None, **sgd_options):
    """‖∂C/∂bˡ‖ of each layer before training and after each epoch, (epochs + 1, L − 1).

    Trains ``net`` in place with :func:`~bpcode.training.sgd` one epoch at a time (the
    same ``rng`` drives every shuffle, so the run equals one ``sgd`` call of ``epochs``
    epochs) and measures :func:`layer_gradient_norms` on ``measure_data`` (the training
    data if not given). Row 0 is the untrained network; column i is layer i + 2. Extra
    keyword arguments (``lmbda``, ``momentum``) go to ``sgd``.
    """
    epochs = check_positive_int("epochs", epochs)
    X, Y = (as_pair("measure_data", measure_data) if measure_data is not None
            else as_pair("training_data", training_data))
    norms = [layer_gradient_norms(net, X, Y)[0]]
    for _ in range(epochs):
        sgd(net, training_data, 1, batch_size, eta, rng, monitor_training=False,
            **sgd_options)
        norms.append(layer_gradient_norms(net, X, Y)[0])
    return np.array(norms)
