"""A fully connected feed-forward network, trained by backpropagation.

Layer numbering follows the book (chapter *Notation and the matrix form*): the input is
layer 1 and the output layer L, and wˡ, bˡ map layer l − 1 to layer l. Python lists
start at 0, so ``weights[i]`` is the book's w^(i+2) and ``biases[i]`` is b^(i+2)::

    book:    w²          w³          ...   wᴸ
    code:    weights[0]  weights[1]  ...   weights[-1]

``weights[i]`` has shape (n_out, n_in), so that z = w a + b, and ``biases[i]`` has shape
(n_out, 1). Inputs hold one example per column: X has shape (sizes[0], m).
"""

import copy

import numpy as np

from bpcode.activations import get_activation, is_elementwise
from bpcode.checks import as_matrix, check_choice, check_rng, check_sizes
from bpcode.costs import check_cost_output_pair, get_cost
from bpcode.equations import (CANCELLING_PAIRS, bp1_output_error,
                              bp1_output_error_cancelled,
                              bp2_hidden_error, bp3_bias_gradient, bp4_weight_gradient)

#: How :class:`Network` can draw its starting weights (biases are always N(0, 1)).
INITIALIZATIONS = ("normal", "scaled")


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
        ``"quadratic"``, ``"cross_entropy"`` or ``"log_likelihood"``.
    init : str
        ``"normal"``: weights and biases from N(0, 1). ``"scaled"``: weights from
        N(0, 1/n_in), which keeps weighted inputs z of order 1 (chapter *Why learning is
        slow*).
    """

    def __init__(self, sizes, rng, activation="sigmoid", output_activation=None,
                 cost="quadratic", init="normal"):
        sizes = check_sizes(sizes)
        check_rng(rng)
        check_choice("init", init, INITIALIZATIONS)
        self._set_functions(activation, output_activation, cost)
        self.sizes = sizes
        self.biases = [rng.standard_normal((n, 1)) for n in sizes[1:]]
        scale = ((lambda n_in: 1.0) if init == "normal"
                 else (lambda n_in: 1.0 / np.sqrt(n_in)))
        self.weights = [rng.standard_normal((n_out, n_in)) * scale(n_in)
                        for n_in, n_out in zip(sizes[:-1], sizes[1:])]

    @classmethod
    def from_parameters(cls, weights, biases, activation="sigmoid",
                        output_activation=None, cost="quadratic"):
        """Build a network from given weights and biases (copied), e.g. an example's.

        ``weights[i]`` must have shape (sizes[i+1], sizes[i]) and ``biases[i]`` shape
        (sizes[i+1], 1); the sizes are read off the weights.
        """
        if len(weights) == 0 or len(weights) != len(biases):
            raise ValueError("need one bias vector per weight matrix and at least one "
                             f"of each, got {len(weights)} weight matrices and "
                             f"{len(biases)} bias vectors")
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
        check_cost_output_pair(cost, output_activation)
        (self.activation, self.output_activation,
         self.cost_name) = activation, output_activation, cost

    @property
    def num_layers(self):
        """L, the number of layers including the input layer."""
        return len(self.sizes)

    def copy(self):
        """An independent copy: changing its parameters leaves this network alone."""
        return copy.deepcopy(self)

    # ---- forward pass ----------------------------------------------------------------
    def forward(self, X):
        """All weighted inputs and activations for a batch X of shape (sizes[0], m).

        Returns ``(zs, activations)``: ``zs[i]`` is z^(i+2), shape (sizes[i+1], m), and
        ``activations[i]`` is a^(i+1), with ``activations[0]`` = X.
        """
        return self._forward(self._check_X(X))

    def feedforward(self, X):
        """The output aᴸ, shape (sizes[-1], m), for inputs X of shape (sizes[0], m)."""
        return self._forward(self._check_X(X))[1][-1]

    def _forward(self, X):
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
        X, Y = self._check_XY(X, Y)
        zs, activations = self._forward(X)
        return self._cost_of(zs[-1], activations[-1], Y)

    def _cost_of(self, z, a, Y):
        C, _ = get_cost(self.cost_name)
        if self.cost_name == "cross_entropy" and self.output_activation == "sigmoid":
            return C(a, Y, z=z)
        if self.cost_name == "log_likelihood" and self.output_activation == "softmax":
            return C(a, Y, z=z)
        return C(a, Y)

    def evaluate(self, X, labels):
        """How many of the m examples the network classifies right.

        The network's answer is the output neuron with the largest activation;
        ``labels`` holds the right class of each example, shape (m,).
        """
        X = self._check_X(X)
        labels = np.asarray(labels)
        if labels.shape != (X.shape[1],):
            raise ValueError(f"labels must have shape ({X.shape[1]},), one class per "
                             f"column of X, got shape {labels.shape}")
        return int(np.sum(np.argmax(self._forward(X)[1][-1], axis=0) == labels))

    def accuracy(self, X, Y):
        """The fraction of examples classified right, for one-hot targets Y (n_out, m).

        With a single output neuron the answer is "a > 0.5", compared with "y > 0.5".
        """
        X, Y = self._check_XY(X, Y)
        a = self._forward(X)[1][-1]
        if a.shape[0] == 1:
            return float(np.mean((a > 0.5) == (Y > 0.5)))
        return float(np.mean(np.argmax(a, axis=0) == np.argmax(Y, axis=0)))

    # ---- backward pass ---------------------------------------------------------------
    def backprop(self, X, Y):
        """The gradient of the batch-mean cost C, by the four equations BP1–BP4.

        X has shape (sizes[0], m) and Y shape (sizes[-1], m). Returns
        ``(nabla_b, nabla_w)``, lists shaped like ``biases`` and ``weights``:
        ``nabla_w[i]`` = ∂C/∂weights[i].
        """
        return self._backprop(*self._check_XY(X, Y))

    def _backprop(self, X, Y):
        zs, activations = self._forward(X)
        deltas = self.errors(zs, activations, Y)
        nabla_b = [bp3_bias_gradient(d) for d in deltas]
        nabla_w = [bp4_weight_gradient(d, a_prev)
                   for d, a_prev in zip(deltas, activations[:-1])]
        return nabla_b, nabla_w

    def errors(self, zs, activations, Y):
        """The errors δˡ of every layer, output first by BP1, then backwards by BP2.

        Takes the ``zs`` and ``activations`` of :meth:`forward`; returns a list shaped
        like ``zs``: ``deltas[i]`` = ∂Cₓ/∂z^(i+2), one column per example.
        """
        delta = self.output_error(zs[-1], activations[-1], Y)
        deltas = [delta]
        # from layer L−1 down to layer 2
        for i in range(len(self.weights) - 2, -1, -1):
            delta = bp2_hidden_error(self.weights[i + 1], delta, zs[i], self.activation)
            deltas.append(delta)
        return deltas[::-1]

    def output_error(self, z, a, Y):
        """δᴸ by BP1, in its cancelled form aᴸ − y where the cost and σ allow it."""
        if (self.output_activation, self.cost_name) in CANCELLING_PAIRS:
            return bp1_output_error_cancelled(a, Y)
        _, cost_prime = get_cost(self.cost_name)
        return bp1_output_error(z, a, Y, cost_prime, self.output_activation)

    # ---- input checks ----------------------------------------------------------------
    def _check_X(self, X):
        return as_matrix("X", X, rows=self.sizes[0])

    def _check_XY(self, X, Y):
        X = self._check_X(X)
        return X, as_matrix("Y", Y, rows=self.sizes[-1], cols=X.shape[1])

    def __repr__(self):
        return (f"Network(sizes={self.sizes}, activation={self.activation!r}, "
                f"output_activation={self.output_activation!r}, "
                f"cost={self.cost_name!r})")

