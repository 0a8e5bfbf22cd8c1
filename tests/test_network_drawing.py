"""draw_network draws one circle per neuron and one block of edges per weight matrix."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.collections import LineCollection
from matplotlib.patches import Circle

from bpcode.network_drawing import draw_network


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_draw_network_returns_one_circle_per_neuron_and_one_edge_per_connection(ax):
    sizes = [3, 5, 4, 2]
    artists = draw_network(ax, sizes)
    assert [len(layer) for layer in artists["neurons"]] == sizes
    assert all(isinstance(c, Circle) for layer in artists["neurons"] for c in layer)
    assert len(artists["edges"]) == len(sizes) - 1
    assert all(isinstance(e, LineCollection) for e in artists["edges"])
    assert [len(e.get_segments()) for e in artists["edges"]] == [15, 20, 8]


def test_draw_network_labels_each_weight_matrix_with_its_shape(ax):
    texts = [t.get_text() for t in draw_network(ax, [3, 5, 2])["labels"]]
    assert "w²: 5 × 3" in texts and "w³: 2 × 5" in texts
    assert "layer 1\n3 neurons" in texts


def test_wide_layers_are_drawn_with_a_gap(ax):
    artists = draw_network(ax, [784, 30, 10], max_neurons=6)
    assert [len(layer) for layer in artists["neurons"]] == [6, 6, 6]
    assert sum(t.get_text() == "⋮" for t in artists["labels"]) == 3
    assert "w²: 30 × 784" in [t.get_text() for t in artists["labels"]]


@pytest.mark.parametrize("sizes, error, match", [
    ([3], ValueError, "at least two layers"),
    ([3, 0, 2], ValueError, r"sizes\[1\] must be a positive integer"),
    ([3, 2.5], TypeError, r"sizes\[1\] must be a positive integer"),
    (5, TypeError, "sizes must be a list of layer widths"),
])
def test_draw_network_rejects_bad_sizes(ax, sizes, error, match):
    with pytest.raises(error, match=match):
        draw_network(ax, sizes)


def test_draw_network_needs_axes():
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        draw_network(None, [2, 2])
