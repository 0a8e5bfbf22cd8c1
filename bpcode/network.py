"""A fully connected feed-forward network, trained by backpropagation.

Layer numbering follows the book (chapter *Notation and the matrix form*): the input is
layer 1 and the output layer L, and wˡ, bˡ map layer l − 1 to layer l. Python lists
start at 0, so ``weights[i]`` is the book's w^(i+2) and ``biases[i]`` is b^(i+2)::

    book:    w²          w³          ...   wᴸ
    code:    weights[0]  weights[1]  ...   weights[-1]

``weights[i]`` has shape (n_out, n_in), so that z = w a + b, and ``biases[i]`` has shape
(n_out, 1). Inputs hold one example per column: X has shape (sizes[0], m).

Pairs that are easy to swap have names: :class:`Parameters` is ``(weights, biases)``,
the order in which a network is built, and :class:`Gradients` is ``(nabla_b,
nabla_w)``, the order in which backprop finds them (BP3 before BP4). Both unpack like
plain tuples.
"""

import copy
from typing import NamedTuple

import numpy as np

from bpcode.activations import get_activation, is_elementwise
from bpcode.checks import (as_batch, as_inputs, as_labels, as_matrix, check_rng,
                           check_sizes)
from bpcode.costs import cancels, check_pair, check_targets, get_cost
from bpcode.equations import _bp1_any, _bp1_cancelled, _bp2, _bp3, _bp4
from bpcode.initialization import get_scheme


class Parameters(NamedTuple):
    """A network's ``(weights, biases)``: lists, ``weights[i]`` = w^(i+2) and so on."""

    weights: list
    biases: list


class Gradients(NamedTuple):
    """``(nabla_b, nabla_w)``: ∂C/∂b and ∂C/∂w, lists shaped like biases and weights."""

    nabla_b: list
    nabla_w: list


class Network:
    """A network of fully connected layers with ``sizes[i]`` neurons in layer i + 1.

    Parameters
    ----------
    sizes : list of int
        Neurons per layer, input first, e.g. ``[64, 30, 10]``; at least two layers.
    rng : numpy.random.Generator
        The source of the starting weights and biases (required; see also
        :meth:`from_parameters`).
    activation : str
        σ of the hidden layers: ``"sigmoid"``, ``"tanh"``, ``"relu"`` or ``"identity"``.
    output_activation : str, optional
        σ of the output layer; the hidden ``activation`` if not given. May also be
        ``"softmax"``.
    cost : str
        ``"quadratic"``, ``"cross_entropy"`` or ``"log_likelihood"``; the pairs of
        output activation and cost allowed are :data:`bpcode.costs.OUTPUT_COST_PAIRS`.
    init : str
        How large the starting weights are, one of
        :data:`bpcode.initialization.INITIALIZATIONS`: ``"normal"``, N(0, 1);
        ``"lecun"`` (also called ``"scaled"``), N(0, 1/n_in); ``"glorot"``,
        N(0, 2/(n_in + n_out)); ``"he"``, N(0, 2/n_in). The biases are always N(0, 1).
        The schemes are derived in *Making training work*.
    """

    def __init__(self, sizes, rng, activation="sigmoid", output_activation=None,
                 cost="quadratic", init="normal"):
        sizes = check_sizes(sizes)
        check_rng(rng)
        weight_std = get_scheme(init)
        self._set_functions(activation, output_activation, cost)
        self.sizes = sizes
        self.weights, self.biases = _initial_parameters(sizes, rng, weight_std)

    @classmethod
    def from_parameters(cls, weights, biases, activation="sigmoid",
                        output_activation=None, cost="quadratic"):
        """Build a network from given weights and biases (copied), e.g. an example's.

        ``weights[i]`` must have shape (sizes[i+1], sizes[i]) and ``biases[i]`` shape
        (sizes[i+1], 1); the sizes are read off the weights. A :class:`Parameters`
        unpacks into the two arguments: ``Network.from_parameters(*params)``.
        """
        if (not isinstance(weights, (list, tuple))
                or not isinstance(biases, (list, tuple))
                or len(weights) == 0 or len(weights) != len(biases)):
            raise ValueError("need a list of weight matrices and a list of bias "
                             "vectors, one per layer and at least one of each, got "
                             f"{_count(weights)} weight matrices and {_count(biases)} "
                             "bias vectors")
        ws = [as_matrix(f"weights[{i}]", w).copy() for i, w in enumerate(weights)]
        sizes = [ws[0].shape[1]] + [w.shape[0] for w in ws]
        for i, w in enumerate(ws):
            if w.shape[1] != sizes[i]:
                raise ValueError(f"weights[{i}] must have {sizes[i]} columns to follow "
                                 f"a layer of {sizes[i]} neurons, got shape {w.shape}")
        bs = [as_matrix(f"biases[{i}]", b, rows=sizes[i + 1],
                        cols=1).copy() for i, b in enumerate(biases)]
        net = cls.__new__(cls)
        net._set_functions(activation, output_activation, cost)
        net.sizes, net.weights, net.biases = sizes, ws, bs
        return net

    def _set_functions(self, activation, output_activation, cost):
        output_activation = (activation if output_activation is None
                             else output_activation)
        get_activation(activation)
        get_activation(output_activation)
        get_cost(cost)
        if not is_elementwise(activation):
            raise ValueError("hidden layers need an elementwise activation, got "
                             f"{activation!r}; softmax can only be the "
                             "output_activation")
        check_pair(output_activation, cost)
        (self.activation, self.output_activation,
         self.cost_name) = activation, output_activation, cost

    @property
    def num_layers(self):
        """L, the number of layers including the input layer."""
        return len(self.sizes)

    @property
    def parameters(self):
        """The :class:`Parameters` ``(weights, biases)``: the lists, not copies."""
        return Parameters(self.weights, self.biases)

    def copy(self):
        """An independent copy: changing its parameters leaves this network alone."""
        return copy.deepcopy(self)

    # ---- forward pass ----------------------------------------------------------------
    def forward(self, X):
        """All weighted inputs and activations for a batch X of shape (sizes[0], m).

        Returns ``(zs, activations)``: ``zs[i]`` is z^(i+2), shape (sizes[i+1], m), and
        ``activations[i]`` is a^(i+1), with ``activations[0]`` = X.
        """
        return self._forward(as_inputs(self, X))

    def feedforward(self, X):
        """The output aᴸ, shape (sizes[-1], m), for inputs X of shape (sizes[0], m)."""
        return self._forward(as_inputs(self, X))[1][-1]

    def _forward(self, X):
        """zˡ = wˡ aˡ⁻¹ + bˡ and aˡ = σ(zˡ) for l = 2, …, L, from a¹ = X"""
        zs, activations = [], [X]
        sigma, _ = get_activation(self.activation)
        sigma_out, _ = get_activation(self.output_activation)
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = w @ activations[-1] + b
            zs.append(z)
            activations.append(sigma_out(z) if i == len(self.weights) - 1 else sigma(z))
        return zs, activations

    # ---- cost and accuracy -----------------------------------------------------------
    def cost(self, X, Y):
        """Mean cost C of a batch: inputs X (sizes[0], m), targets Y (sizes[-1], m)."""
        X, Y = self.check_batch(X, Y)
        zs, activations = self._forward(X)
        return get_cost(self.cost_name).fn(activations[-1], Y, z=zs[-1])

    def evaluate(self, X, labels):
        """How many of the m examples the network classifies right.

        The network's answer is the output neuron with the largest activation;
        ``labels`` holds the right class of each example, shape (m,), values in
        0 .. sizes[-1] − 1.
        """
        X = as_inputs(self, X)
        labels = as_labels("labels", labels, n_classes=self.sizes[-1], m=X.shape[1])
        return int(np.sum(np.argmax(self._forward(X)[1][-1], axis=0) == labels))

    def accuracy(self, X, Y):
        """The fraction of examples classified right, for one-hot targets Y (n_out, m).

        With a single output neuron the answer is "a > 0.5", compared with "y > 0.5".
        """
        X, Y = self.check_batch(X, Y)
        a = self._forward(X)[1][-1]
        if a.shape[0] == 1:
            return float(np.mean((a > 0.5) == (Y > 0.5)))
        return float(np.mean(np.argmax(a, axis=0) == np.argmax(Y, axis=0)))

    # ---- backward pass ---------------------------------------------------------------
    def backprop(self, X, Y):
        """The gradient of the batch-mean cost C, by the four equations BP1–BP4.

        X has shape (sizes[0], m) and Y shape (sizes[-1], m). Returns
        :class:`Gradients` ``(nabla_b, nabla_w)``, lists shaped like ``biases`` and
        ``weights``: ``nabla_w[i]`` = ∂C/∂weights[i].
        """
        return self._backprop(*self.check_batch(X, Y))

    def _backprop(self, X, Y, out=None):
        """∂C/∂bˡ = (1/m) Σₓ δˡₓ (BP3), ∂C/∂wˡ = δˡ (aˡ⁻¹)ᵀ / m (BP4), δˡ by BP1, BP2"""
        zs, activations = self._forward(X)
        deltas = self._errors(zs, activations, Y)
        out = out or [None] * len(deltas)    # arrays for BP4 to write into, if any
        nabla_b = [_bp3(d) for d in deltas]
        nabla_w = [_bp4(d, a, o) for d, a, o in zip(deltas, activations[:-1], out)]
        return Gradients(nabla_b, nabla_w)

    def errors(self, zs, activations, Y):
        """The errors δˡ of every layer, output first by BP1, then backwards by BP2.

        Takes the ``zs`` and ``activations`` of :meth:`forward`; returns a list shaped
        like ``zs``: ``deltas[i]`` = ∂Cₓ/∂z^(i+2), one column per example.
        """
        zs, activations = self._check_pass(zs, activations)
        Y = as_matrix("Y", Y, rows=self.sizes[-1], cols=zs[-1].shape[1])
        check_targets(self.cost_name, Y)
        return self._errors(zs, activations, Y)

    def _errors(self, zs, activations, Y):
        """δᴸ by BP1, then δˡ for l = L − 1, …, 2 by BP2"""
        return self._errors_from(self._output_error(zs[-1], activations[-1], Y), zs)

    def errors_from(self, delta_L, zs):
        """δˡ of every layer from a given output error δᴸ, backwards by BP2.

        ``delta_L`` has shape (sizes[-1], m) and ``zs`` are the weighted inputs of
        :meth:`forward`. BP2 does not care what δᴸ is the derivative of: with
        δᴸ = ∂Cₓ/∂zᴸ (BP1) this is :meth:`errors`; with δᴸ = ∂aᴸⱼ/∂zᴸ it gives the
        sensitivity of output j (:mod:`bpcode.sensitivity`). Returns a list shaped like
        ``zs``.
        """
        zs, _ = self._check_pass(zs, None)
        delta_L = as_matrix("delta_L", delta_L, rows=self.sizes[-1],
                            cols=zs[-1].shape[1])
        return self._errors_from(delta_L, zs)

    def _errors_from(self, delta, zs):
        """δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ) for l = L − 1, …, 2, from δᴸ (BP2)"""
        _, sigma_prime = get_activation(self.activation)
        deltas = [delta]
        for i in range(len(self.weights) - 2, -1, -1):     # layer L−1 down to layer 2
            delta = _bp2(self.weights[i + 1], delta, zs[i], sigma_prime)
            deltas.append(delta)
        return deltas[::-1]

    def output_error(self, z, a, Y):
        """δᴸ by BP1, in its cancelled form aᴸ − y where the cost and σ allow it.

        ``z`` and ``a`` are zᴸ and aᴸ of :meth:`forward`, ``Y`` the targets, all of
        shape (sizes[-1], m). Whether σ′ cancels is read from
        :data:`bpcode.costs.OUTPUT_COST_PAIRS`.
        """
        z = as_matrix("z", z, rows=self.sizes[-1])
        a = as_matrix("a", a, rows=self.sizes[-1], cols=z.shape[1])
        Y = as_matrix("Y", Y, rows=self.sizes[-1], cols=z.shape[1])
        check_targets(self.cost_name, Y)
        return self._output_error(z, a, Y)

    def _output_error(self, z, a, Y):
        """δᴸ = aᴸ − y where σ′ cancels, else δᴸ = ∇ₐC ⊙ σ′(zᴸ) (BP1)"""
        if cancels(self.output_activation, self.cost_name):
            return _bp1_cancelled(a, Y)
        return _bp1_any(z, a, Y, get_cost(self.cost_name).prime, self.output_activation)

    # ---- input checks ----------------------------------------------------------------
    def check_batch(self, X, Y, names=("X", "Y")):
        """(X, Y) checked for this network: shapes, finite values, targets for the cost.

        Returns float64 X (sizes[0], m) and Y (sizes[-1], m), m ≥ 1 (see
        :func:`bpcode.checks.as_batch`); for the log-likelihood each column of Y must be
        a probability distribution (:func:`bpcode.costs.check_targets`). ``names`` are
        used in the messages.
        """
        X, Y = as_batch(self, X, Y, names)
        check_targets(self.cost_name, Y, names[1])
        return X, Y

    def _check_pass(self, zs, activations):
        if not isinstance(zs, (list, tuple)) or len(zs) != len(self.weights):
            raise ValueError(f"zs must be the list of {len(self.weights)} weighted "
                             "inputs that forward() returns")
        zs = [as_matrix(f"zs[{i}]", z, rows=n) for i, (z, n)
              in enumerate(zip(zs, self.sizes[1:]))]
        if activations is not None:
            if (not isinstance(activations, (list, tuple))
                    or len(activations) != len(self.sizes)):
                raise ValueError(f"activations must be the list of {len(self.sizes)} "
                                 "activations that forward() returns")
            activations = [as_matrix(f"activations[{i}]", a, rows=n,
                                     cols=zs[0].shape[1])
                           for i, (a, n) in enumerate(zip(activations, self.sizes))]
        return zs, activations

    def __repr__(self):
        return (f"Network(sizes={self.sizes}, activation={self.activation!r}, "
                f"output_activation={self.output_activation!r}, "
                f"cost={self.cost_name!r})")


def _initial_parameters(sizes, rng, weight_std):
    """bˡ ~ N(0, 1), wˡ ~ N(0, σ²), σ = weight_std(nˡ⁻¹, nˡ), for l = 2, …, L"""
    biases = [rng.standard_normal((n, 1)) for n in sizes[1:]]
    weights = [rng.standard_normal((n_out, n_in)) * weight_std(n_in, n_out)
               for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    return Parameters(weights, biases)


def _count(x):
    return len(x) if isinstance(x, (list, tuple)) else type(x).__name__
