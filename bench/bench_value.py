"""Value against micrograd: forward + backward time of one training step, side by side.

The workload (the same in both engines, built from the same weights): a 2-16-16-1
multilayer perceptron with ReLU hidden layers and a linear output (for bpcode, the book's
``bpcode.autodiff.mlp.MLP``; for micrograd, ``micrograd.nn.MLP``), on 100 points of the
plane, with micrograd's demo loss (mean hinge loss max(0, 1 − y·score) plus 1e-4 times
the sum of squared parameters). One step = zero the parameter gradients, forward pass,
``loss.backward()``. Python's default settings throughout: the garbage collector is ON,
as it is for a reader who runs the code.

Why bpcode's Value is faster (see also the chapter *Reverse-mode autodiff in a page of
code* and the module docstring of bpcode.autodiff.value):

1. micrograd stores each node's backward rule as a closure that refers to the node
   itself (``out._backward`` uses ``out``): every node is part of a reference cycle, so no
   graph is ever freed by reference counting. The cyclic garbage collector runs every few
   hundred allocations, walks the ever-growing set of live nodes, and in the end frees
   each graph. Value stores local derivatives as numbers: no cycles, the graph of step t
   is freed by reference counting the moment step t + 1 replaces it. The script prints how
   much of micrograd's time the garbage collector takes (the same steps with gc off, for
   the diagnosis only; the comparison itself runs with gc on).
2. Each Value is one object for the garbage collector. Its parents and local
   derivatives live in slots of the node, not in tuples: a tuple of parents per node
   lives as long as the graph, so it would double the objects that every full
   collection walks, and with a tuple of floats it would make three tracked
   allocations per operation, so that the collector's young generation (700
   allocations) fills three times as often. The script counts the collections of each
   generation per step. micrograd makes a closure (a function object and its cells)
   and a ``set`` of children per node, more objects again; Value also uses
   ``__slots__``.
3. micrograd's topological sort is recursive (one Python call per node); Value's is a loop.

Goal: Value ≥ 8× faster than micrograd with the garbage collector on, without ever
switching it off outside the diagnosis (no global state changed for the reader).
Measured on the shared 2-core machine of ``make bench``, before Value kept its parents in
slots: 3.9× micrograd, the collector taking 61% of Value's step (0.55 s per step, gc
on). After (parents and local derivatives in slots, backward() reading them): 7.1× with
the slots alone, 9.7× and 9.9× in two runs with backward() reading them; collections per
step with gc on 87 / 8 / 0.7 (generations 0 / 1 / 2) against micrograd's 590 / 54 / 3.3.
The collector still takes about half of Value's step: every node is a tracked object
that lives until the next step replaces the graph. The run-to-run noise on that machine
is large, so compare the two engines of one run, never two runs.

Run: ``make bench`` (or ``.venv-bench/bin/python bench/bench_value.py``).
"""

import gc
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # bpcode from this checkout

from bpcode.autodiff.mlp import MLP  # noqa: E402
from bpcode.autodiff.value import Value, topological_order  # noqa: E402

try:
    from micrograd.engine import Value as MgValue
    from micrograd.nn import MLP as MgMLP
except ImportError:                      # pragma: no cover - only outside .venv-bench
    sys.exit("micrograd is not installed: run `make bench`, which uses .venv-bench")

SEED = 0
SIZES = [2, 16, 16, 1]
N_POINTS = 100
STEPS = 3            # timed steps per engine and round (micrograd takes seconds per step)
ROUNDS = 3           # the engines alternate; the median step time of all rounds is reported


def bpcode_mlp(weights, biases):
    """The book's Value MLP (bpcode.autodiff.mlp), ReLU hidden layers and a linear output
    as in micrograd.nn.MLP, with the given parameters. Each neuron computes
    b + w₁x₁ + w₂x₂ + … in the same order as micrograd's ``sum(..., self.b)``, so both
    engines do the same floating-point operations."""
    model = MLP(SIZES, np.random.default_rng(SEED), activation="relu", output_activation="identity")
    for layer, w, b in zip(model.layers, weights, biases):
        for neuron, w_row, b_j in zip(layer.neurons, w, b):
            for p, v in zip(neuron.w, w_row):
                p.data = float(v)
            neuron.b.data = float(b_j)
    return lambda x: model(x)[0], model.parameters()


def micrograd_mlp(weights, biases):
    """micrograd.nn.MLP(2, [16, 16, 1]) with the given parameters."""
    model = MgMLP(SIZES[0], SIZES[1:])
    for layer, w, b in zip(model.layers, weights, biases):
        for neuron, w_row, b_j in zip(layer.neurons, w, b):
            for p, v in zip(neuron.w, w_row):
                p.data = float(v)
            neuron.b.data = float(b_j)
    return model, model.parameters()


def loss_of(model, params, X, y, value_class):
    """micrograd's demo loss: mean hinge loss + 1e-4 · Σ p²."""
    inputs = [[value_class(float(v)) for v in row] for row in X]
    scores = [model(x) for x in inputs]
    losses = [(1 + -float(yi) * si).relu() for yi, si in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in params)
    return data_loss + reg_loss


def step(model, params, X, y, value_class):
    """One training step's gradient work: zero the gradients, forward, backward."""
    for p in params:
        p.grad = 0.0
    loss = loss_of(model, params, X, y, value_class)
    loss.backward()
    return loss


COLLECTIONS = [0, 0, 0]     # garbage collections so far, by generation (gc.callbacks)


def count_collections(phase, info):
    if phase == "start":
        COLLECTIONS[info["generation"]] += 1


def time_steps(model, params, X, y, value_class, steps):
    """Seconds per step of ``steps`` consecutive steps (the previous loss stays alive until
    the next one replaces it, as in a training loop)."""
    loss = None
    start = time.perf_counter()
    for _ in range(steps):
        loss = step(model, params, X, y, value_class)
    elapsed = time.perf_counter() - start
    del loss
    return elapsed / steps


def main():
    rng = np.random.default_rng(SEED)
    weights = [rng.uniform(-1, 1, (n_out, n_in)) for n_in, n_out in zip(SIZES[:-1], SIZES[1:])]
    biases = [rng.uniform(-1, 1, n_out) for n_out in SIZES[1:]]
    X = rng.standard_normal((N_POINTS, SIZES[0]))
    y = np.where(X[:, 0] * X[:, 1] > 0, 1.0, -1.0)

    ours, ours_params = bpcode_mlp(weights, biases)
    theirs, theirs_params = micrograd_mlp(weights, biases)
    n_params = len(ours_params)

    # Same workload: the same loss and the same gradients, parameter by parameter.
    loss_ours = step(ours, ours_params, X, y, Value)
    loss_theirs = step(theirs, theirs_params, X, y, MgValue)
    grad_diff = max(abs(p.grad - q.grad) for p, q in zip(ours_params, theirs_params))
    loss_diff = abs(loss_ours.data - loss_theirs.data)
    assert grad_diff <= 1e-12 and loss_diff <= 1e-12, (grad_diff, loss_diff)
    n_nodes = len(topological_order(loss_ours))
    del loss_ours, loss_theirs
    gc.collect()

    assert gc.isenabled(), "the comparison must run with Python's default settings (gc on)"
    times = {"bpcode Value": [], "micrograd": []}
    collections = {"bpcode Value": np.zeros(3), "micrograd": np.zeros(3)}
    gc.callbacks.append(count_collections)
    for _ in range(ROUNDS):
        for name, (model, params, cls) in (("bpcode Value", (ours, ours_params, Value)),
                                           ("micrograd", (theirs, theirs_params, MgValue))):
            before = list(COLLECTIONS)
            times[name].append(time_steps(model, params, X, y, cls, STEPS))
            collections[name] += np.subtract(COLLECTIONS, before) / (ROUNDS * STEPS)
            gc.collect()
    gc.callbacks.remove(count_collections)
    ours_t, theirs_t = (statistics.median(times[k]) for k in ("bpcode Value", "micrograd"))

    # Diagnosis only: both engines' steps with the garbage collector off.
    gc.disable()
    try:
        theirs_nogc = time_steps(theirs, theirs_params, X, y, MgValue, STEPS)
        gc.collect()
        ours_nogc = time_steps(ours, ours_params, X, y, Value, STEPS)
    finally:
        gc.enable()
        gc.collect()

    print(f"workload: MLP {'-'.join(map(str, SIZES))} ({n_params} parameters), {N_POINTS} points, "
          f"hinge loss + L2; {n_nodes} nodes per graph; gc on; median of {ROUNDS}x{STEPS} steps")
    print(f"gradients equal: max |difference| = {grad_diff:.1e} (<= 1e-12), loss difference {loss_diff:.1e}")
    print(f"{'engine':<14}{'ms per step':>12}")
    print(f"{'micrograd':<14}{1e3 * theirs_t:>12.1f}")
    print(f"{'bpcode Value':<14}{1e3 * ours_t:>12.1f}")
    speed_up = theirs_t / ours_t
    print(f"speed-up: {speed_up:.1f}x (goal: >= 8x, gc on: "
          f"{'met' if speed_up >= 8 else 'MISSED'})")
    print("garbage collections per step with gc on (generation 0 / 1 / 2):")
    for name, counts in collections.items():
        print(f"  {name:<14}" + " / ".join(f"{c:.1f}" for c in counts))
    print("diagnosis, the same steps with the garbage collector off:")
    for name, off, on in (("micrograd", theirs_nogc, theirs_t), ("bpcode Value", ours_nogc, ours_t)):
        print(f"  {name:<14}{1e3 * off:>8.1f} ms per step: the collector takes "
              f"{100 * (1 - off / on):.0f}% of its step with gc on")
    print("  (micrograd's closures make every node part of a reference cycle, so each graph is "
          "garbage the collector must find; Value's graphs are freed by reference counting, "
          "but a growing graph is still walked by the collector's full collections, one "
          "object per node)")


if __name__ == "__main__":
    main()
