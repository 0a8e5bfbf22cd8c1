"""Light tests of bpcode.autodiff.graph_drawing: the layout respects the graph."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from bpcode.autodiff.graph_drawing import draw_graph, graph_layout
from bpcode.autodiff.value import Value, topological_order


def classic():
    a = Value(1.0)
    b1 = 2 * a
    b2 = 3 * a + b1
    c = 4 * b1 + 5 * b2
    return a, b1, b2, c


def test_layout_puts_every_node_right_of_its_parents_and_leaves_in_column_zero():
    a, b1, b2, c = classic()
    pos = graph_layout(c)
    assert set(pos) == set(topological_order(c))
    for node, (x, _) in pos.items():
        assert all(pos[p][0] < x for p in node.parents)
        if not node.parents:
            assert x == 0.0
    assert len(set(pos.values())) == len(pos)          # no two nodes on the same spot


def test_draw_graph_shows_values_gradients_and_local_derivatives():
    a, b1, b2, c = classic()
    c.backward()
    fig, ax = plt.subplots()
    draw_graph(c, {a: "a", b1: "b1", b2: "b2", c: "c"}, ax=ax, show_constants=False)
    texts = [t.get_text() for t in ax.texts]
    assert "a\n1\ngrad 33" in texts and "b1 = ×\n2\ngrad 9" in texts
    assert "4" in texts  # the local derivative ∂c/∂b1 on its edge
    assert not any(t.startswith("leaf") for t in texts)
    plt.close(fig)


def test_draw_graph_makes_its_own_figure_and_rejects_non_values():
    a, b1, b2, c = classic()
    ax = draw_graph(c)
    assert any(t.get_text().startswith("leaf") for t in ax.texts)
    plt.close(ax.figure)
    with pytest.raises(TypeError, match="root must be a Value"):
        draw_graph(1.0)
