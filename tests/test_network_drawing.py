"""draw_network draws one circle per neuron and one block of edges per weight matrix;
the backward pass is drawn as BP2's edges, BP4's outer product and animation frames."""

import base64
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.patches import Circle

from bpcode import worked_example
from bpcode.network import Network
from bpcode.network_drawing import (
    BackwardFrame,
    animate_backward_pass,
    animation_html,
    animation_mimebundle,
    backward_pass_frames,
    draw_backward_frame,
    draw_bp2_edges,
    draw_network,
    draw_outer_product,
    label_weights,
)


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
# --- The backward pass, drawn (four_equations) -------------------------------------



@pytest.fixture
def frames_222():
    net = worked_example.network()
    x, y = worked_example.example_batch()
    return backward_pass_frames(net, x, y)


def test_the_last_frame_of_the_222_network_holds_the_worked_examples_gradients(
        frames_222):
    hand = worked_example.hand_step()
    w2, w3 = frames_222[-1].nabla_w
    assert np.allclose(w2, [[hand["dE_dw1"], hand["dE_dw2"]],
                            [hand["dE_dw3"], hand["dE_dw4"]]], rtol=1e-12)
    assert np.allclose(w3, [[hand["dE_dw5"], hand["dE_dw6"]],
                            [hand["dE_dw7"], hand["dE_dw8"]]], rtol=1e-12)


def test_frames_reveal_errors_and_gradients_from_the_output_down(frames_222):
    known = [(tuple(d is not None for d in f.deltas),
              tuple(g is not None for g in f.nabla_w), f.sending) for f in frames_222]
    assert known == [((False, False), (False, False), None),    # forward pass
                     ((False, True), (False, False), None),     # BP1: δ³
                     ((False, True), (False, True), None),      # BP4: ∂C/∂w³
                     ((True, True), (False, True), 3),          # BP2: δ² along w³
                     ((True, True), (True, True), None),        # BP4: ∂C/∂w²
                     ((True, True), (True, True), None)]        # done


def test_a_network_of_L_layers_has_2L_frames_and_its_deltas_are_backprops():
    rng = np.random.default_rng(0)
    net = Network([2, 3, 3, 2], rng)
    x, y = rng.standard_normal((2, 1)), rng.uniform(0, 1, (2, 1))
    frames = backward_pass_frames(net, x, y)
    assert len(frames) == 2 * net.num_layers
    zs, activations = net.forward(x)
    for got, want in zip(frames[-1].deltas, net.errors(zs, activations, y)):
        assert np.allclose(got, want, rtol=1e-14)
    for got, want in zip(frames[-1].nabla_w, net.backprop(x, y).nabla_w):
        assert np.allclose(got, want, rtol=1e-14)


def test_backward_pass_frames_want_one_example_of_a_network():
    net = worked_example.network()
    with pytest.raises(ValueError, match="one example"):
        backward_pass_frames(net, np.ones((2, 3)), np.ones((2, 3)))
    with pytest.raises(TypeError, match="net must be a bpcode Network"):
        backward_pass_frames("net", np.ones((2, 1)), np.ones((2, 1)))


def test_draw_backward_frame_labels_every_neuron_and_refuses_wide_layers(ax,
                                                                         frames_222):
    artists = draw_backward_frame(ax, frames_222[3], "4/6")
    assert len(artists["neurons"]) == 6
    texts = [t.get_text() for t in artists["labels"]]
    assert any(t.startswith("a = 0.5933\nδ = +0.0088") for t in texts)
    assert texts[-1].startswith("4/6  BP2")
    ax.clear()
    last = [t.get_text() for t in draw_backward_frame(ax, frames_222[-1])["labels"]]
    assert "∂C/∂w³ = 10⁻² ×\n[+8.22 +8.27]\n[-2.26 -2.27]" in last   # ∂E/∂w5 = 0.0822
    assert "∂C/∂w² = 10⁻⁴ ×\n[+4.39 +8.77]\n[+4.98 +9.95]" in last   # ∂E/∂w1 = 0.000439
    wide = BackwardFrame("t", (np.ones((4, 1)), np.ones((1, 1))), np.ones((1, 1)),
                         (None,), (None,), None)
    with pytest.raises(ValueError, match="at most 3 neurons"):
        draw_backward_frame(ax, wide)
    with pytest.raises(TypeError, match="BackwardFrame"):
        draw_backward_frame(ax, "frame")


def test_the_animation_html_is_byte_stable_and_fetches_nothing(frames_222):
    html = animation_html(animate_backward_pass(frames_222), "bp", "one pass")
    again = animation_html(animate_backward_pass(frames_222), "bp", "one pass")
    assert html == again
    assert "http" not in html and "fa fa-" not in html
    assert 'id="_anim_imgbp" alt="one pass"' in html
    assert len(re.findall(r"frames\[\d+\] = ", html)) == len(frames_222)


def test_animation_html_wants_a_name_and_an_alt_text(frames_222):
    anim = animate_backward_pass(frames_222)
    with pytest.raises(ValueError, match="name must be an identifier"):
        animation_html(anim, "not a name", "alt")
    with pytest.raises(ValueError, match="alt must be"):
        animation_html(anim, "bp", " ")
    assert animation_html(anim, "bp", "alt")      # rendered once, as every one must be


def test_the_mimebundle_shows_html_on_the_web_and_a_still_in_print(frames_222):
    still, ax = plt.subplots()
    draw_backward_frame(ax, frames_222[-1])
    anim = animate_backward_pass(frames_222)
    with pytest.raises(TypeError, match="still must be a matplotlib Figure"):
        animation_mimebundle(anim, "bp", "alt", ax)
    bundle = animation_mimebundle(anim, "bp", "alt", still)
    assert set(bundle) == {"text/html", "image/png", "application/pdf", "text/plain"}
    assert bundle["image/png"].startswith("iVBOR")           # a base64 PNG
    assert bundle["application/pdf"].startswith("JVBERi0")   # a base64 PDF, "%PDF-"
    assert b"CreationDate" not in base64.b64decode(bundle["application/pdf"])


def test_bp2_edges_show_one_row_forward_and_one_column_backward(ax):
    artists = draw_bp2_edges(ax, n_layer=3, n_next=2, layer=2)
    assert len(artists["neurons"]) == 5
    assert len(artists["edges"]) == 1 + 3 + 2      # all edges, one row, one column
    texts = [t.get_text() for t in artists["labels"]]
    assert "w³₁₃" in texts and any("column 3 of w³" in t for t in texts)
    with pytest.raises(ValueError, match="2 to 5 neurons"):
        draw_bp2_edges(ax, n_layer=6)


def test_the_outer_product_drawn_is_delta_times_the_activations_row(ax):
    delta, a_prev = np.array([[1.0], [-2.0]]), np.array([[0.5], [1.0], [0.25]])
    images = draw_outer_product(ax, delta, a_prev, layer=3)["images"]
    product = images[2].get_array()
    assert product.shape == (2, 3)
    assert np.allclose(product, (delta @ a_prev.T) / 2.0)     # scaled by its largest
    with pytest.raises(ValueError, match="at least 2"):
        draw_outer_product(ax, delta, a_prev, layer=1)
    with pytest.raises(ValueError, match="delta"):
        draw_outer_product(ax, np.ones((2, 2)), a_prev, layer=2)
