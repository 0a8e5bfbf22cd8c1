"""Measuring what the full gradient of a network's cost costs, by three methods.

- ``"backprop"``: one forward and one backward pass
  (:meth:`bpcode.network.Network.backprop`).
- ``"forward mode"``: one Jacobian-vector product per parameter
  (:mod:`bpcode.autodiff.forward_mode`), n passes.
- ``"finite differences"``: two cost evaluations per parameter
  (:func:`bpcode.gradcheck.numerical_gradient`), 2n passes.

The last two cost the same for every parameter, so for large networks only the first
``max_passes`` parameters are timed and the time is scaled by n / max_passes: the result
is then marked ``extrapolated``. Timings are the best of ``repeat`` runs, the usual way
to filter out the noise of a shared machine.

Used by the chapter *Forward mode, and the cost of derivatives* and by
``bench/bench_gradient_cost.py``.
"""

import time
from dataclasses import dataclass

import numpy as np

from bpcode.autodiff.forward_mode import _jvp
from bpcode.checks import check_choice, check_positive_int
from bpcode.gradcheck import numerical_gradient

#: The methods :func:`time_gradient` knows.
METHODS = ("backprop", "forward mode", "finite differences")


@dataclass(frozen=True)
class GradientTiming:
    """The time one method takes for the full gradient of a network of n parameters."""

    method: str
    n_parameters: int
    seconds: float
    #: parameters actually differentiated (n unless extrapolated)
    passes_timed: int
    extrapolated: bool


def num_parameters(net):
    """n = Σₗ (size of wˡ + size of bˡ), the number of weights and biases of ``net``."""
    return int(sum(w.size + b.size for w, b in zip(net.weights, net.biases)))


def time_gradient(method, net, X, Y, max_passes=1000, repeat=3):
    """Seconds for the full gradient of ``net.cost`` by ``method`` (best of ``repeat``).

    X has shape (sizes[0], m), Y shape (sizes[-1], m). For forward mode and finite
    differences with more than ``max_passes`` parameters, the first ``max_passes``
    parameters (entries of ``weights[0]``) are timed and the time is scaled by
    n / max_passes.
    """
    check_choice("method", method, METHODS)
    X, Y = net.check_batch(X, Y)
    max_passes = check_positive_int("max_passes", max_passes)
    repeat = check_positive_int("repeat", repeat)
    n = num_parameters(net)
    if method == "backprop":
        k, run = n, lambda: net.backprop(X, Y)
    else:
        k = n if n <= max_passes else min(max_passes, net.weights[0].size)
        part = (_forward_mode_passes if method == "forward mode"
                else _finite_difference_passes)
        run = lambda: part(net, X, Y, k)
    best = min(_seconds(run) for _ in range(repeat))
    return GradientTiming(method, n, best * n / k, k, k < n)


def _seconds(run):
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _finite_difference_passes(net, X, Y, k):
    """Central differences for the first k parameters: all, or entries of weights[0]."""
    cost = lambda: net.cost(X, Y)
    if k == num_parameters(net):
        for p in net.weights + net.biases:
            numerical_gradient(cost, p)
    else:
        # a view: perturbed in place
        numerical_gradient(cost, net.weights[0].reshape(-1)[:k])


def _forward_mode_passes(net, X, Y, k):
    """One JVP along e_j for each of the first k parameters, weights first as above."""
    tangent_w = [np.zeros_like(w) for w in net.weights]
    tangent_b = [np.zeros_like(b) for b in net.biases]
    flats = [t.reshape(-1) for t in tangent_w + tangent_b]
    done = 0
    for flat in flats:
        for j in range(min(flat.size, k - done)):
            flat[j] = 1.0
            _jvp(net, X, Y, tangent_w, tangent_b)
            flat[j] = 0.0
        done += min(flat.size, k - done)
        if done == k:
            return
