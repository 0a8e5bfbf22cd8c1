"""What many test modules share: random problems of the book's shapes, and the oracles.

Examples are columns everywhere: X is (sizes[0], m) and Y is (sizes[-1], m). Every
builder takes an explicit seed or ``numpy.random.Generator``, so a failing case can be
re-run alone.
"""

import numpy as np

from bpcode import gradcheck
from bpcode.costs import OUTPUT_COST_PAIRS
from bpcode.network import Network

#: The elementwise activations a hidden layer can use.
HIDDEN = ["sigmoid", "tanh", "relu", "identity"]

#: Every (output activation, cost) pair a network may use: the table of bpcode.costs.
PAIRS = sorted(OUTPUT_COST_PAIRS)

#: The step of the scalar central differences of the tests (f′ to about 1e-10).
EPS = 1e-6


def central_difference(f, x, eps=EPS):
    """f′(x) ≈ (f(x + ε) − f(x − ε)) / 2ε: the library's central difference, ε = 1e-6"""
    return gradcheck.central_difference(f, x, eps)


def one_hot_targets(rng, n, m):
    """m random one-hot columns of length n: the targets of the log-likelihood."""
    Y = np.zeros((n, m))
    Y[rng.integers(0, n, size=m), np.arange(m)] = 1.0
    return Y


def targets_for(rng, cost, n, m):
    """Targets the cost accepts: one-hot for the log-likelihood, else in [0, 1]."""
    if cost == "log_likelihood":
        return one_hot_targets(rng, n, m)
    return rng.uniform(0.0, 1.0, size=(n, m))


def random_batch(rng, sizes, cost, m):
    """Inputs in [-1, 1] of shape (sizes[0], m) and targets for ``cost``."""
    X = rng.uniform(-1.0, 1.0, size=(sizes[0], m))
    return X, targets_for(rng, cost, sizes[-1], m)


def random_network(sizes, seed, m=5, activation="sigmoid", output_activation=None,
                   cost="quadratic", init="normal"):
    """A seeded Network and a batch (X, Y) of m examples for it."""
    rng = np.random.default_rng(seed)
    net = Network(sizes, rng, activation=activation,
                  output_activation=output_activation, cost=cost, init=init)
    X, Y = random_batch(rng, sizes, cost, m)
    return net, X, Y


def two_class_problem(seed=0, n=40, n_in=2):
    """n points in [-1, 1]^n_in; the class is the sign of x₁ + x₂ (one-hot targets)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(n_in, n))
    labels = (X[0] + X[1] > 0).astype(int)
    return X, np.eye(2)[:, labels]


def numerical_gradients(net, X, Y, eps=1e-5):
    """(∂C/∂b, ∂C/∂w) of ``net.cost`` by central differences, like ``net.backprop``."""
    cost = lambda: net.cost(X, Y)
    return ([gradcheck.numerical_gradient(cost, b, eps) for b in net.biases],
            [gradcheck.numerical_gradient(cost, w, eps) for w in net.weights])


def snapshot(net):
    """Copies of every parameter array of a Network, weights then biases."""
    return [p.copy() for p in net.weights + net.biases]


def assert_unchanged(net, before):
    """Every parameter of ``net`` equals, bit for bit, the ``snapshot`` ``before``."""
    after = net.weights + net.biases
    assert len(after) == len(before)
    for p, q in zip(after, before):
        assert p.dtype == q.dtype and p.shape == q.shape
        assert np.array_equal(p, q) and np.array_equal(np.signbit(p), np.signbit(q))
