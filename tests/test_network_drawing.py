"""draw_network draws one circle per neuron and one block of edges per weight matrix."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.collections import LineCollection
from matplotlib.patches import Circle

from bpcode.network_drawing import draw_network, label_weights


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


WORKED_EXAMPLE_LABELS = [[["w1", "w2"], ["w3", "w4"]], [["w5", "w6"], ["w7", "w8"]]]


def test_each_weight_label_sits_on_its_own_edge_near_the_neuron_it_feeds(ax):
    artists = draw_network(ax, [2, 2, 2], show_shapes=False, show_names=False)
    texts = label_weights(ax, artists, WORKED_EXAMPLE_LABELS, position=0.7)
    centres = [[c.center for c in layer] for layer in artists["neurons"]]
    placed = {t.get_text(): t.get_position() for t in texts}
    k = 1
    for i in range(2):
        for (tx, ty) in centres[i + 1]:
            for (sx, sy) in centres[i]:
                x, y = placed[f"w{k}"]
                assert x == pytest.approx(sx + 0.7 * (tx - sx))
                assert y == pytest.approx(sy + 0.7 * (ty - sy))
                k += 1


def test_labels_of_crossing_edges_are_apart(ax):
    # w2 (i2 → h1) and w3 (i1 → h2) cross halfway; their labels must not meet there
    artists = draw_network(ax, [2, 2, 2], show_shapes=False, show_names=False)
    texts = {t.get_text(): t for t in label_weights(ax, artists, WORKED_EXAMPLE_LABELS)}
    (_, y2), (_, y3) = texts["w2"].get_position(), texts["w3"].get_position()
    assert abs(y2 - y3) >= 0.35   # the neurons are 1 apart; 0.7 of the way is 0.4 apart
    assert texts["w2"].get_rotation() != texts["w3"].get_rotation()


@pytest.mark.parametrize("labels, position, match", [
    ([[["w1", "w2"], ["w3", "w4"]]], 0.7, "one table per weight matrix, 2"),
    ([[["w1"], ["w3"]], [["w5", "w6"], ["w7", "w8"]]], 0.7,
     r"labels\[0\] must have the shape of weights\[0\]"),
    (WORKED_EXAMPLE_LABELS, 1.0, "position must lie strictly between 0"),
])
def test_label_weights_rejects_labels_that_do_not_fit_the_drawing(ax, labels, position,
                                                                   match):
    artists = draw_network(ax, [2, 2, 2])
    with pytest.raises(ValueError, match=match):
        label_weights(ax, artists, labels, position=position)
    assert not [t for t in ax.texts if t.get_text().startswith("w") and
                t.get_text()[1:].isdigit()]


def test_label_weights_needs_the_artists_of_draw_network(ax):
    with pytest.raises(TypeError, match="artists must be the dict"):
        label_weights(ax, None, WORKED_EXAMPLE_LABELS)
