"""The popular minimal network: a three-layer network in a dozen lines of numpy.

Reproduces the "3 Layer Neural Network" of Andrew Trask's blog post *A Neural Network in
11 lines of Python (Part 1)* (iamtrask.github.io, 12 July 2015), Part 2: three inputs,
four hidden sigmoid neurons and one sigmoid output, no biases, trained on a four-row
truth table (the output is the exclusive or of the first two inputs; the third input is
always 1) by full-batch gradient descent with step 1 for 60,000 iterations, from weights
drawn by numpy's legacy generator seeded with 1. Every 10,000 iterations the post
prints the mean absolute error; :data:`PUBLISHED_ERRORS` is what it printed.

The code below is written afresh, in the post's structure and with its names, so that
the chapter can set each line beside the book's notation: ``X``, ``y`` (examples are
*rows* here, columns in the book), ``syn0``, ``syn1`` (the "synapses", weight matrices
w² = syn0ᵀ and w³ = syn1ᵀ), ``l0``, ``l1``, ``l2`` (the layers' activations),
``l2_error``, ``l2_delta``, ``l1_error``, ``l1_delta``, and ``nonlin`` (the sigmoid, and
with ``deriv=True`` its derivative written in terms of its output).

Introduced in *The popular minimal network, translated*.
"""

from typing import NamedTuple

import numpy as np

from bpcode.checks import as_float_array, as_matrix, check_positive_int

#: The truth table the post trains on, four examples of three inputs, one per row.
TRUTH_TABLE_X = np.array([[0, 0, 1],
                          [0, 1, 1],
                          [1, 0, 1],
                          [1, 1, 1]], dtype=float)
#: Its targets, one per row, the exclusive or of the first two inputs.
TRUTH_TABLE_Y = np.array([[0], [1], [1], [0]], dtype=float)

#: The post's seed (``np.random.seed(1)``), its iteration count and print interval.
SEED = 1
ITERATIONS = 60_000
PRINT_EVERY = 10_000

#: The post's printed output, the mean absolute error every 10,000 iterations as
#: Python 2 printed a float (``str``, 12 significant digits), after the word Error.
PUBLISHED_ERRORS = ("0.496410031903", "0.00858452565325", "0.00578945986251",
                    "0.00462917677677", "0.00395876528027", "0.00351012256786")


class TrainingRun(NamedTuple):
    """What :func:`train` returns: the last synapses, the printed errors, the output."""

    syn0: np.ndarray          #: shape (3, 4), w² = syn0ᵀ
    syn1: np.ndarray          #: shape (4, 1), w³ = syn1ᵀ
    errors: tuple             #: pairs (iteration, mean absolute error of l2)
    l2: np.ndarray            #: the last forward pass's output, shape (m, 1)


def nonlin(x, deriv=False):
    """σ(x) = 1 / (1 + e⁻ˣ); with ``deriv=True``, x (1 − x): σ′(z) when x = σ(z).

    The derivative is taken from the *output*: ``nonlin(l1, deriv=True)`` is
    σ′(z) = σ(z)(1 − σ(z)) at the z that gave l1 = σ(z), which is the book's
    ``sigmoid_prime(z)``. (Like the post's, this sigmoid overflows for x below about
    −709; the post's inputs never come near.)
    """
    if not isinstance(deriv, (bool, np.bool_)):
        raise TypeError(f"deriv must be True or False, got {deriv!r}")
    return _nonlin(as_float_array("x", x), deriv)


def _nonlin(x, deriv=False):
    """σ(x) = 1 / (1 + e⁻ˣ), or x (1 − x) = σ′ from the output"""
    if deriv:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))


def initial_synapses(seed=SEED):
    """syn0 (3, 4) and syn1 (4, 1), uniform on [−1, 1): ``2 * random - 1``.

    Drawn as the post draws them, ``np.random.seed(seed)`` then two calls of
    ``np.random.random``, but from a private ``numpy.random.RandomState(seed)`` (the
    legacy generator behind those functions), so numpy's global state is untouched.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an integer >= 0, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed}")
    legacy = np.random.RandomState(int(seed))
    syn0 = 2 * legacy.random_sample((3, 4)) - 1
    syn1 = 2 * legacy.random_sample((4, 1)) - 1
    return syn0, syn1


def train(X=TRUTH_TABLE_X, y=TRUTH_TABLE_Y, iterations=ITERATIONS, seed=SEED,
          print_every=PRINT_EVERY, synapses=None):
    """The post's training loop: ``iterations`` full-batch steps, errors every so often.

    ``X`` is (m, n), one example per row, ``y`` is (m, 1); ``synapses`` is a pair
    (syn0 (n, h), syn1 (h, 1)) to start from, by default :func:`initial_synapses` of
    ``seed`` (then n = 3, the post's inputs); it is copied, not changed. Returns a
    :class:`TrainingRun`.
    """
    X = as_matrix("X", X, cols=3 if synapses is None else None)
    y = as_matrix("y", y, rows=X.shape[0], cols=1)
    iterations = check_positive_int("iterations", iterations)
    print_every = check_positive_int("print_every", print_every)
    if synapses is None:
        syn0, syn1 = initial_synapses(seed)
    else:
        if not isinstance(synapses, (tuple, list)) or len(synapses) != 2:
            raise TypeError("synapses must be a pair (syn0, syn1), got "
                            f"{type(synapses).__name__}")
        syn0 = as_matrix("syn0", synapses[0], rows=X.shape[1]).copy()
        syn1 = as_matrix("syn1", synapses[1], rows=syn0.shape[1], cols=1).copy()
    return _train(X, y, syn0, syn1, iterations, print_every)


def _train(X, y, syn0, syn1, iterations, print_every):
    """The post's loop: forward, l2_delta = −δ³, l1_delta = −δ², syn += lᵀ delta"""
    nonlin = _nonlin                  # the post's name, without the input check
    errors = []
    for j in range(iterations):
        l0 = X
        l1 = nonlin(np.dot(l0, syn0))
        l2 = nonlin(np.dot(l1, syn1))
        l2_error = y - l2
        if j % print_every == 0:
            errors.append((j, float(np.mean(np.abs(l2_error)))))
        l2_delta = l2_error * nonlin(l2, deriv=True)
        l1_error = l2_delta.dot(syn1.T)
        l1_delta = l1_error * nonlin(l1, deriv=True)
        syn1 += l1.T.dot(l2_delta)
        syn0 += l0.T.dot(l1_delta)
    return TrainingRun(syn0, syn1, tuple(errors), l2)


def one_update(syn0, syn1, X=TRUTH_TABLE_X, y=TRUTH_TABLE_Y):
    """The changes (Δsyn0, Δsyn1) that one iteration of the post's loop makes.

    Computed by the loop itself (:func:`train` for one iteration, from copies), so that
    the chapter can compare them with the book's gradients:
    Δsynᵢ = −∂(Σₓ ½ (y − l2)²)/∂synᵢ, the summed quadratic cost.
    """
    X = as_matrix("X", X)
    y = as_matrix("y", y, rows=X.shape[0], cols=1)
    syn0 = as_matrix("syn0", syn0, rows=X.shape[1])
    syn1 = as_matrix("syn1", syn1, rows=syn0.shape[1], cols=1)
    run = _train(X, y, syn0.copy(), syn1.copy(), 1, 1)
    return run.syn0 - syn0, run.syn1 - syn1


def printed_line(error):
    """The post's line for a mean absolute error: "Error:" and Python 2's ``str`` of it.

    Python 2 printed a float with 12 significant digits (``%.12g``), Python 3 prints
    all 17 that identify it: the post's lines are reproduced with the former.
    """
    if isinstance(error, bool) or not isinstance(error, (float, np.floating, int)):
        raise TypeError(f"error must be a real number, got {error!r}")
    return f"Error:{float(error):.12g}"
