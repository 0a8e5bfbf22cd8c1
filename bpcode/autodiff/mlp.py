"""A multilayer perceptron built from scalar ``Value`` objects: Neuron, Layer, MLP.

Every weight and bias is a ``Value`` (from ``bpcode.autodiff.value``), and so is every
intermediate number of the forward pass; one ``backward()`` on the cost then gives the
gradient of every parameter, with no backpropagation code written for the network at
all. Layers follow the book's numbering and shapes: ``MLP([2, 8, 1], rng)`` has an input
layer of 2 neurons, one hidden layer of 8 and one output neuron, and
:meth:`MLP.to_arrays` returns its weights as matrices of shape (n_out, n_in), as in
:class:`~bpcode.network.Network`.

Introduced in *A neural network on top of Value*.
"""

import numpy as np

from bpcode.autodiff.value import Value
from bpcode.checks import (as_batch, check_choice, check_nonnegative,
                           check_positive_int, check_rng, check_sizes)
from bpcode.network import Parameters

#: The activations a Neuron can apply to its weighted input z (methods of Value).
NEURON_ACTIVATIONS = ("tanh", "sigmoid", "relu", "identity")


class Neuron:
    """a = σ(Σₖ wₖ xₖ + b): one neuron with ``n_in`` weights and a bias, all Values.

    The weights start from N(0, 1/n_in) drawn from ``rng`` (the book's "scaled" start,
    which keeps z of order 1), the bias at 0.
    """

    def __init__(self, n_in, rng, activation="tanh"):
        n_in = check_positive_int("n_in", n_in)
        check_rng(rng)
        self.activation = check_choice("activation", activation, NEURON_ACTIVATIONS)
        self.w = [Value(float(x)) for x in rng.standard_normal(n_in) / np.sqrt(n_in)]
        self.b = Value(0.0)

    def __call__(self, x):
        """a = σ(w · x + b) for one input x, a list of ``n_in`` numbers or Values."""
        if len(x) != len(self.w):
            raise ValueError(f"this neuron has {len(self.w)} inputs, got a list of "
                             f"{len(x)} numbers")
        return self._forward(x)

    def _forward(self, x):
        """z = b + w₁x₁ + … + wₙxₙ, one Value operation at a time; then a = σ(z)"""
        z = self.b
        for w_k, x_k in zip(self.w, x):
            z = z + w_k * x_k
        return z if self.activation == "identity" else getattr(z, self.activation)()

    def parameters(self):
        """The weights, then the bias: every Value this neuron learns."""
        return self.w + [self.b]

    def __repr__(self):
        return f"Neuron(n_in={len(self.w)}, activation={self.activation!r})"


class Layer:
    """aˡ = σ(wˡ aˡ⁻¹ + bˡ): ``n_out`` neurons that all see the same ``n_in`` inputs."""

    def __init__(self, n_in, n_out, rng, activation="tanh"):
        n_out = check_positive_int("n_out", n_out)
        self.neurons = [Neuron(n_in, rng, activation) for _ in range(n_out)]

    def __call__(self, x):
        """The list of the ``n_out`` neurons' activations for one input x (a list)."""
        return [neuron(x) for neuron in self.neurons]

    def parameters(self):
        """Every neuron's parameters, neuron by neuron."""
        return [p for neuron in self.neurons for p in neuron.parameters()]

    def __repr__(self):
        n = self.neurons[0]
        return (f"Layer(n_in={len(n.w)}, n_out={len(self.neurons)}, "
                f"activation={n.activation!r})")


class MLP:
    """A multilayer perceptron of Value neurons, ``sizes[i]`` neurons in layer i + 1.

    ``sizes`` lists the widths, input first, e.g. ``[2, 8, 8, 1]``. Hidden layers use
    ``activation``, the output layer ``output_activation``; all starting weights come
    from ``rng``.
    """

    def __init__(self, sizes, rng, activation="tanh", output_activation="tanh"):
        sizes = check_sizes(sizes, example="[2, 8, 1]")
        check_rng(rng)
        self.sizes = sizes
        self.layers = [Layer(n_in, n_out, rng,
                             activation if i < len(sizes) - 2 else output_activation)
                       for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]))]

    def __call__(self, x):
        """The output aᴸ, ``sizes[-1]`` Values, for one input x (a list of numbers)."""
        if len(x) != self.sizes[0]:
            raise ValueError(f"this MLP takes {self.sizes[0]} inputs, got a list of "
                             f"{len(x)} numbers")
        return self._forward(x)

    def _forward(self, x):
        """aˡ = layer l applied to aˡ⁻¹, from a¹ = x to the output aᴸ"""
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        """Every weight and bias, layer by layer: the Values that training changes."""
        return [p for layer in self.layers for p in layer.parameters()]

    def zero_grad(self):
        """Set every parameter's ``grad`` to 0, ready for the next ``backward()``."""
        for p in self.parameters():
            p.grad = 0.0

    def to_arrays(self):
        """The parameters as arrays, as :class:`~bpcode.network.Network` stores them.

        Returns :class:`~bpcode.network.Parameters` ``(weights, biases)``:
        ``weights[i]`` has shape (sizes[i+1], sizes[i])
        and ``biases[i]`` shape (sizes[i+1], 1), so that
        ``Network.from_parameters(weights, biases, ...)`` computes the same function
        with matrix products.
        """
        weights = [np.array([[w.data for w in n.w] for n in layer.neurons])
                   for layer in self.layers]
        biases = [np.array([[n.b.data] for n in layer.neurons])
                  for layer in self.layers]
        return Parameters(weights, biases)

    def __repr__(self):
        return f"MLP({self.sizes}, layers={self.layers})"


def quadratic_cost_graph(model, X, Y):
    """C = (1/m) Σₓ ½‖yₓ − aᴸ(x)‖², a Value, for X (sizes[0], m) and Y (sizes[-1], m).

    The book's quadratic cost (:func:`bpcode.costs.quadratic_cost`), built example by
    example as a graph of Values, so that ``C.backward()`` fills every parameter's
    ``grad``.
    """
    X, Y = as_batch(model, X, Y)
    return _quadratic_cost_graph(model, X, Y)


def _quadratic_cost_graph(model, X, Y):
    """C = (1/m) Σₓ ½‖yₓ − aᴸ(x)‖², one Value operation at a time"""
    m = X.shape[1]
    total = Value(0.0)
    for x, y in zip(X.T.tolist(), Y.T.tolist()):
        for a_j, y_j in zip(model(x), y):
            total = total + (a_j - y_j) ** 2
    return total * (0.5 / m)


def gradient_descent_step(model, X, Y, eta):
    """One step w → w − η ∂C/∂w on every parameter, for the quadratic cost on (X, Y).

    Zeroes the gradients, builds C, backpropagates, updates; returns C before the step
    (a float).
    """
    eta = check_nonnegative("eta", eta)
    X, Y = as_batch(model, X, Y)
    return _gradient_descent_step(model, X, Y, eta)


def _gradient_descent_step(model, X, Y, eta):
    """w → w − η ∂C/∂w for every parameter w; returns C before the step"""
    model.zero_grad()
    C = _quadratic_cost_graph(model, X, Y)
    C.backward()
    for p in model.parameters():
        p.data -= eta * p.grad
    return C.data
