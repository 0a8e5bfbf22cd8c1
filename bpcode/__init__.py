"""bpcode: the code of *How Backpropagation Works*.

Every function the book uses lives here, one concept per module, with names that mirror
the math. Import from the modules themselves, for example::

    from bpcode.activations import sigmoid, sigmoid_prime
    from bpcode.network import Network

The modules, in the order the book introduces them:

- :mod:`bpcode.activations`: σ and σ′ for sigmoid, tanh, ReLU, identity, softmax.
- :mod:`bpcode.costs`: quadratic, cross-entropy and log-likelihood costs and ∂C/∂a.
- :mod:`bpcode.equations`: the four fundamental equations BP1–BP4.
- :mod:`bpcode.network`: a fully connected network: forward pass and backprop.
- :mod:`bpcode.training`: mini-batch stochastic gradient descent.
- :mod:`bpcode.gradcheck`: central finite differences to check any gradient.
- :mod:`bpcode.report`: rounding measurements into the numbers the book prints and
  glues.
- :mod:`bpcode.autodiff.value`: ``Value``, scalar reverse-mode autodiff
  (backward on a graph).
- :mod:`bpcode.autodiff.draw`, :mod:`bpcode.autodiff.paths`: drawing a ``Value`` graph;
  the chain rule as a sum over paths.
- :mod:`bpcode.autodiff.dual`, :mod:`bpcode.autodiff.forward`: forward mode, with dual
  numbers and with Jacobian-vector products through a network.
- :mod:`bpcode.autodiff.gradient_cost`: timing the full gradient by three methods.
- :mod:`bpcode.autodiff.tensor`: reverse-mode autodiff on arrays, with what an MLP
  needs.
- :mod:`bpcode.autodiff.mlp`: a neuron, a layer and an MLP built from scalar ``Value``
  objects.
- :mod:`bpcode.toydata`: seeded two-dimensional toy data (two moons, spirals).
- :mod:`bpcode.plotting`: the one figure style of the book, and its recurring figures.
- :mod:`bpcode.checks`: the input checks every public function shares.
- :mod:`bpcode.datasets`: the 8×8 handwritten digits shipped with the book.
- :mod:`bpcode.metrics`: the confusion matrix and accuracy of a classifier.
- :mod:`bpcode.baselines`: the nearest-class-mean classifier a network must beat.
- :mod:`bpcode.mnist`: 10,000 MNIST digits (28×28) shipped, and the full set
  fetched and read.
- :mod:`bpcode.sensitivity`: gradients with respect to the input, by the same backward
  pass.
- :mod:`bpcode.recurrent`: an Elman recurrent network and backpropagation through time.
- :mod:`bpcode.fixed_point`: recurrent backpropagation at a fixed point
  (Almeida–Pineda).
"""

__version__ = "0.1.0"
