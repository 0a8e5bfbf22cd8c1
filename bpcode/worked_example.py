"""The 2-2-2 sigmoid network of the widely published step-by-step example, by hand.

The example (Matt Mazur, *A Step by Step Backpropagation Example*, 2015) has two inputs
i1, i2, two hidden neurons h1, h2 and two output neurons o1, o2, all sigmoid, and the
quadratic cost E = Σⱼ ½(targetⱼ − outⱼ)². Its conventions, kept here so readers can
compare digit by digit:

- weights w1..w8 are numbered as in the example: net_h1 = w1 i1 + w2 i2 + b1,
  net_h2 = w3 i1 + w4 i2 + b1, net_o1 = w5 out_h1 + w6 out_h2 + b2,
  net_o2 = w7 out_h1 + w8 out_h2 + b2;
- one bias is *shared* by each layer (b1 by h1 and h2, b2 by o1 and o2), and the biases
  are not updated;
- one gradient-descent step with learning rate 0.5 on the single example.

In the book's notation this is layer 1 (inputs), 2 (hidden) and 3 (output):
w² = [[w1, w2], [w3, w4]] = ``weights[0]`` and
w³ = [[w5, w6], [w7, w8]] = ``weights[1]``, see :func:`network_parameters`.

Introduced in *A network worked by hand*.
"""

import math
from collections import OrderedDict

import numpy as np

from bpcode.autodiff.scalar import sigmoid as _sigmoid
from bpcode.checks import check_nonnegative, check_positive_int
from bpcode.network import Network, Parameters

#: The example's eight starting weights and two shared biases, by name.
START = OrderedDict([("w1", 0.15), ("w2", 0.20), ("w3", 0.25), ("w4", 0.30),
                     ("w5", 0.40), ("w6", 0.45), ("w7", 0.50), ("w8", 0.55),
                     ("b1", 0.35), ("b2", 0.60)])

#: The inputs (i1, i2) and targets (t1, t2) of the one training example.
INPUTS = (0.05, 0.10)
TARGETS = (0.01, 0.99)

#: The learning rate η of the example.
LEARNING_RATE = 0.5

_NAMES = tuple(START)


def network_parameters(params=START):
    """The example's :class:`~bpcode.network.Parameters` ``(weights, biases)``.

    weights = [w² (2, 2), w³ (2, 2)] with w² = [[w1, w2], [w3, w4]],
    w³ = [[w5, w6], [w7, w8]]; biases = [b² = (b1, b1)ᵀ, b³ = (b2, b2)ᵀ], shape (2, 1)
    each: the shared bias repeated.
    """
    p = _check_params(params)
    weights = [np.array([[p["w1"], p["w2"]], [p["w3"], p["w4"]]]),
               np.array([[p["w5"], p["w6"]], [p["w7"], p["w8"]]])]
    biases = [np.full((2, 1), p["b1"]), np.full((2, 1), p["b2"])]
    return Parameters(weights, biases)


def network(params=START):
    """The example as a sigmoid :class:`~bpcode.network.Network` with quadratic cost."""
    weights, biases = network_parameters(params)
    return Network.from_parameters(weights, biases, activation="sigmoid",
                                   cost="quadratic")


def example_batch():
    """The training example as a batch ``(X, Y)``, (2, 1) each: examples are columns."""
    return (np.array(INPUTS, dtype=float).reshape(2, 1),
            np.array(TARGETS, dtype=float).reshape(2, 1))


def forward(params=START):
    """The forward pass by hand: net_h1, out_h1, …, E_o2, E_total (an ordered dict).

    net = Σ w·input + b, out = σ(net), E_oj = ½(tⱼ − out_oj)², E_total = E_o1 + E_o2.
    """
    return _forward(_check_params(params))


def _forward(p):
    """net = Σ w·input + b, out = σ(net), E_oj = ½(tⱼ − out_oj)², layer by layer"""
    (i1, i2), (t1, t2) = INPUTS, TARGETS
    v = OrderedDict()
    v["net_h1"] = p["w1"] * i1 + p["w2"] * i2 + p["b1"]
    v["out_h1"] = _sigmoid(v["net_h1"])
    v["net_h2"] = p["w3"] * i1 + p["w4"] * i2 + p["b1"]
    v["out_h2"] = _sigmoid(v["net_h2"])
    v["net_o1"] = p["w5"] * v["out_h1"] + p["w6"] * v["out_h2"] + p["b2"]
    v["out_o1"] = _sigmoid(v["net_o1"])
    v["net_o2"] = p["w7"] * v["out_h1"] + p["w8"] * v["out_h2"] + p["b2"]
    v["out_o2"] = _sigmoid(v["net_o2"])
    v["E_o1"] = 0.5 * (t1 - v["out_o1"]) ** 2
    v["E_o2"] = 0.5 * (t2 - v["out_o2"]) ** 2
    v["E_total"] = v["E_o1"] + v["E_o2"]
    return v


def hand_step(params=START, eta=LEARNING_RATE, update_biases=False,
              use_updated_output_weights=False):
    """One step w → w − η ∂E/∂w by the chain rule, every intermediate named, in order.

    Returns the values of :func:`forward`, then the output layer's chain
    ∂E/∂w5 = ∂E/∂out_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5 (keys ``dE_dout_o1``,
    ``dout_o1_dnet_o1``, ``dnet_o1_dw5``, ``dE_dw5`` … ``dE_dw8``), the hidden layer's
    ∂E/∂w1 = (∂E_o1/∂out_h1 + ∂E_o2/∂out_h1) · ∂out_h1/∂net_h1 · ∂net_h1/∂w1
    (``dE_o1_dout_h1``, ``dE_o2_dout_h1``, ``dE_dout_h1``, ``dout_h1_dnet_h1``,
    ``dnet_h1_dw1``, ``dE_dw1`` … ``dE_dw4``), the gradients of the shared biases
    (``dE_db1``, ``dE_db2``: a shared parameter's gradient is the sum over the neurons
    that share it), and the new parameters ``w1_new`` … ``w8_new``, ``b1_new``,
    ``b2_new``.

    ``update_biases``: also step the two shared biases (the example keeps them fixed).
    ``use_updated_output_weights``: the common bug of backpropagating the hidden error
    through w5..w8 *after* their update instead of before.
    """
    return _hand_step(_check_params(params), check_nonnegative("eta", eta),
                      update_biases, use_updated_output_weights)


def _hand_step(p, eta, update_biases, use_updated_output_weights):
    (i1, i2), (t1, t2) = INPUTS, TARGETS
    v = _forward(p)
    # Output layer: ∂E/∂net_oj = ∂E/∂out_oj · σ′(net_oj), with σ′ = out(1 − out).
    v["dE_dout_o1"] = v["out_o1"] - t1
    v["dout_o1_dnet_o1"] = v["out_o1"] * (1 - v["out_o1"])
    v["delta_o1"] = v["dE_dout_o1"] * v["dout_o1_dnet_o1"]
    v["dE_dout_o2"] = v["out_o2"] - t2
    v["dout_o2_dnet_o2"] = v["out_o2"] * (1 - v["out_o2"])
    v["delta_o2"] = v["dE_dout_o2"] * v["dout_o2_dnet_o2"]
    v["dnet_o1_dw5"] = v["out_h1"]
    v["dE_dw5"] = v["dE_dout_o1"] * v["dout_o1_dnet_o1"] * v["dnet_o1_dw5"]
    v["dE_dw6"] = v["delta_o1"] * v["out_h2"]
    v["dE_dw7"] = v["delta_o2"] * v["out_h1"]
    v["dE_dw8"] = v["delta_o2"] * v["out_h2"]
    new = OrderedDict((f"w{k}_new", p[f"w{k}"] - eta * v[f"dE_dw{k}"])
                      for k in (5, 6, 7, 8))
    # Hidden layer: the error reaches out_h1 through w5 (to o1) and w7 (to o2).
    w = {f"w{k}": new[f"w{k}_new"] if use_updated_output_weights else p[f"w{k}"]
         for k in (5, 6, 7, 8)}
    v["dE_o1_dout_h1"] = v["delta_o1"] * w["w5"]
    v["dE_o2_dout_h1"] = v["delta_o2"] * w["w7"]
    v["dE_dout_h1"] = v["dE_o1_dout_h1"] + v["dE_o2_dout_h1"]
    v["dout_h1_dnet_h1"] = v["out_h1"] * (1 - v["out_h1"])
    v["delta_h1"] = v["dE_dout_h1"] * v["dout_h1_dnet_h1"]
    v["dnet_h1_dw1"] = i1
    v["dE_dw1"] = v["dE_dout_h1"] * v["dout_h1_dnet_h1"] * v["dnet_h1_dw1"]
    v["dE_dw2"] = v["delta_h1"] * i2
    v["dE_o1_dout_h2"] = v["delta_o1"] * w["w6"]
    v["dE_o2_dout_h2"] = v["delta_o2"] * w["w8"]
    v["dE_dout_h2"] = v["dE_o1_dout_h2"] + v["dE_o2_dout_h2"]
    v["dout_h2_dnet_h2"] = v["out_h2"] * (1 - v["out_h2"])
    v["delta_h2"] = v["dE_dout_h2"] * v["dout_h2_dnet_h2"]
    v["dE_dw3"] = v["delta_h2"] * i1
    v["dE_dw4"] = v["delta_h2"] * i2
    v["dE_db1"] = v["delta_h1"] + v["delta_h2"]
    v["dE_db2"] = v["delta_o1"] + v["delta_o2"]
    for k in (1, 2, 3, 4):
        v[f"w{k}_new"] = p[f"w{k}"] - eta * v[f"dE_dw{k}"]
    v.update(new)
    for b in ("b1", "b2"):
        v[f"{b}_new"] = p[b] - eta * v[f"dE_d{b}"] if update_biases else p[b]
    return v


def updated_parameters(step):
    """The parameters after a :func:`hand_step`, as a dict like :data:`START`."""
    return OrderedDict((name, step[f"{name}_new"]) for name in _NAMES)


def train(steps, params=START, eta=LEARNING_RATE, update_biases=False,
          use_updated_output_weights=False):
    """Repeat :func:`hand_step` ``steps`` times; return ``(errors, params)``.

    ``errors`` is a float array of length steps + 1: E_total before the first step, then
    after each step. ``params`` are the final parameters, a dict like :data:`START`.
    """
    steps = check_positive_int("steps", steps)
    p = _check_params(params)
    eta = check_nonnegative("eta", eta)
    errors = np.empty(steps + 1)
    for k in range(steps):
        step = _hand_step(p, eta, update_biases, use_updated_output_weights)
        errors[k] = step["E_total"]
        p = updated_parameters(step)
    errors[steps] = _forward(p)["E_total"]
    return errors, p


def _check_params(params):
    if not hasattr(params, "keys") or set(params.keys()) != set(_NAMES):
        got = sorted(params.keys()) if hasattr(params,
                                               "keys") else type(params).__name__
        raise ValueError("params must be a dict with exactly the keys "
                         f"{', '.join(_NAMES)}; got {got}")
    out = OrderedDict()
    for name in _NAMES:
        value = params[name]
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating,
                                                             np.integer)):
            raise TypeError(f"params[{name!r}] must be a real number, got {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"params[{name!r}] must be finite, got {value}")
        out[name] = float(value)
    return out
