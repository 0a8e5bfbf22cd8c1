"""The Notation page (chapters/symbols.md) says which bpcode name holds each symbol.

Each test builds a small network and confirms one row of the page's tables: the index
translation (book layer l ↔ Python index) and the shape the page states.
"""

import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from bpcode.network import Network

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "chapters" / "symbols.md").read_text()
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text()  # its table of the MathJax macros
SIZES = [3, 5, 4, 2]           # n¹ = 3 inputs, L = 4 layers
M = 7                          # examples in the batch


@pytest.fixture
def run():
    rng = np.random.default_rng(0)
    net = Network(SIZES, rng)
    X = rng.standard_normal((SIZES[0], M))
    Y = rng.random((SIZES[-1], M))
    zs, activations = net.forward(X)
    deltas = net.errors(zs, activations, Y)
    nabla_b, nabla_w = net.backprop(X, Y)
    return dict(net=net, X=X, Y=Y, zs=zs, activations=activations, deltas=deltas,
                nabla_b=nabla_b, nabla_w=nabla_w)


def n(l):
    """nˡ, the number of neurons of the book's layer l (counted from 1)."""
    return SIZES[l - 1]


def test_layer_count_and_widths(run):
    net = run["net"]
    L = len(SIZES)
    assert net.num_layers == len(net.sizes) == L
    assert all(net.sizes[l - 1] == n(l) for l in range(1, L + 1))
    assert run["X"].shape[1] == M


@pytest.mark.parametrize("l", [2, 3, 4])
def test_parameters_of_layer_l_and_their_shapes(run, l):
    net = run["net"]
    assert net.weights[l - 2].shape == (n(l), n(l - 1))
    assert net.biases[l - 2].shape == (n(l), 1)
    assert run["nabla_w"][l - 2].shape == (n(l), n(l - 1))
    assert run["nabla_b"][l - 2].shape == (n(l), 1)


@pytest.mark.parametrize("l", [2, 3, 4])
def test_forward_quantities_of_layer_l(run, l):
    net, zs, acts = run["net"], run["zs"], run["activations"]
    assert zs[l - 2].shape == (n(l), M)
    assert acts[l - 1].shape == (n(l), M)
    # zˡ = wˡ aˡ⁻¹ + bˡ with the page's indices
    assert np.allclose(zs[l - 2], net.weights[l - 2] @ acts[l - 2] + net.biases[l - 2])
    assert run["deltas"][l - 2].shape == (n(l), M)


def test_input_is_a1_and_output_is_aL(run):
    assert run["activations"][0] is run["X"] or np.array_equal(
        run["activations"][0], run["X"]
    )
    assert np.allclose(run["net"].feedforward(run["X"]), run["activations"][-1])


def test_weight_jk_is_the_zero_based_entry(run):
    # w³₂₄: from neuron 4 of layer 2 to neuron 2 of layer 3
    net, l, j, k = run["net"], 3, 2, 4
    w = net.weights[l - 2][j - 1, k - 1]
    net.weights[l - 2][j - 1, k - 1] = w + 1.0
    z = net.forward(run["X"])[0][l - 2]
    net.weights[l - 2][j - 1, k - 1] = w
    z0 = net.forward(run["X"])[0][l - 2]
    changed = np.flatnonzero(np.any(z != z0, axis=1))
    assert changed.tolist() == [j - 1]
    assert np.allclose(z[j - 1] - z0[j - 1], run["activations"][l - 2][k - 1])


def test_every_macro_in_contributing_is_defined_in_the_config():
    macros = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"][
        "mathjax3_config"
    ]["tex"]["macros"]
    listed = set(re.findall(r"^\| `\\(\w+)", CONTRIBUTING, re.M))
    assert listed == set(macros), (
        f"CONTRIBUTING.md lists {sorted(listed)}, _config.yml defines {sorted(macros)}"
    )
