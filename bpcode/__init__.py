"""bpcode: the code of *How Backpropagation Works*.

Every function the book uses lives here, one concept per module, with names that mirror
the math. Import from the modules themselves, for example::

    from bpcode.activations import sigmoid, sigmoid_prime
    from bpcode.network import Network

The modules, in the order the book introduces them (chapter by chapter):

- :mod:`bpcode.activations`: σ and σ′ for sigmoid, tanh, ReLU, identity, softmax
  (*Introduction*).
- :mod:`bpcode.gradcheck`: central finite differences to check any gradient.
- :mod:`bpcode.costs`: quadratic, cross-entropy and log-likelihood costs, ∂C/∂a, and the
  one table of which output activation suits which cost (*Training means minimizing a
  cost*).
- :mod:`bpcode.neuron`: one sigmoid neuron trained by gradient descent.
- :mod:`bpcode.worked_example`: the 2-2-2 network of the step-by-step example, by hand
  (*A network worked by hand*).
- :mod:`bpcode.network`: a fully connected network: forward pass and backprop, and the
  named pairs ``Parameters`` and ``Gradients`` (*Notation and the matrix form*).
- :mod:`bpcode.network_drawing`: drawings of fully connected layers and their weight
  shapes.
- :mod:`bpcode.equations`: the four fundamental equations BP1–BP4 (*The four
  fundamental equations*).
- :mod:`bpcode.training`: mini-batch stochastic gradient descent, L2, momentum, early
  stopping.
- :mod:`bpcode.bugs`: deliberately wrong backprops (*Checking gradients*).
- :mod:`bpcode.report`: rounding measurements into the numbers the book prints and
  glues.
- :mod:`bpcode.autodiff`: automatic differentiation from scratch (*Computational graphs
  and the chain rule* to *A neural network on top of Value*); its own index lists its
  modules.
- :mod:`bpcode.toydata`: seeded toy data: two moons, spirals, delayed bits.
- :mod:`bpcode.datasets`: the 8×8 handwritten digits shipped with the book
  (*Recognizing handwritten digits*).
- :mod:`bpcode.mnist`: 10,000 MNIST digits (28×28) shipped, and the full set fetched and
  read (*Real digits: MNIST at 28×28*).
- :mod:`bpcode.metrics`: the confusion matrix of a classifier.
- :mod:`bpcode.baselines`: the nearest-class-mean classifier a network must beat.
- :mod:`bpcode.plotting`: the one figure style of the book, and its recurring figures.
- :mod:`bpcode.diagnostics`: saturation and gradient norms per layer (*Why learning is
  slow*).
- :mod:`bpcode.initialization`: the variance of the starting weights, scheme by scheme
  (normal, LeCun, Glorot, He) (*Making training work*).
- :mod:`bpcode.momentum`: momentum's update in its two conventions, and descent on a
  quadratic valley.
- :mod:`bpcode.dropout`: dropout masks, and the forward and backward passes through
  them.
- :mod:`bpcode.model_selection`: k-fold cross-validation of the number of epochs
  (*Overfitting and generalization*).
- :mod:`bpcode.sensitivity`: gradients with respect to the input, by the same backward
  pass (*What the network is sensitive to*).
- :mod:`bpcode.recurrent`: an Elman recurrent network and backpropagation through time
  (*Backpropagation through time*).
- :mod:`bpcode.fixed_point`: recurrent backpropagation at a fixed point
  (Almeida–Pineda).
- :mod:`bpcode.checks`: the input checks every public function shares.
- :mod:`bpcode.grading` and :mod:`bpcode.grade`: assignments that grade themselves
  (*For instructors*).

Every public function checks its input (with :mod:`bpcode.checks`) and calls a private
core of a few lines that holds only the math; the chapters show the cores.
"""

#: The edition of the book and its code: MAJOR.MINOR.PATCH (CHANGELOG.md says what each
#: part means). The one place the version is written; pyproject.toml reads it.
__version__ = "1.0.0"
