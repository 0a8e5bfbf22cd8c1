"""Drawings of fully connected networks, with the shape of each weight matrix.

Layer l of the drawing is the book's layer l (the input is layer 1), and the arrows
between layer l − 1 and layer l are labelled with wˡ and its shape (nˡ, nˡ⁻¹), the shape
of ``Network.weights[l - 2]``. Only matplotlib is used.

Introduced in *Notation and the matrix form*; the weights named on their edges
(:func:`label_weights`) in *A network worked by hand*.
"""

import math

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.patches import Circle

from bpcode.checks import check_positive_int, check_sizes
from bpcode.plotting import PALETTE

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def draw_network(ax, sizes, *, max_neurons=8, show_shapes=True, show_names=True,
                 radius=0.22, layer_gap=2.5):
    """Draw a network with ``sizes[i]`` neurons in layer i + 1 on the axes ``ax``.

    Layer l sits at x = ``layer_gap`` · l, its neurons spread evenly around y = 0, one
    unit apart. A layer wider than ``max_neurons`` is drawn with ``max_neurons`` circles
    and a gap marked "⋮". With ``show_shapes`` each block of connections is labelled
    "wˡ: nˡ × nˡ⁻¹"; with ``show_names`` each layer is labelled with its number and
    width.

    Returns a dict of the matplotlib artists drawn: ``"neurons"`` (one list of
    ``Circle`` patches per layer), ``"edges"`` (one ``LineCollection`` per weight
    matrix) and ``"labels"`` (the ``Text`` objects), so that a caller can restyle them.
    """
    if not isinstance(ax, Axes):
        raise TypeError("ax must be a matplotlib Axes (e.g. from new_figure()), got "
                        f"{type(ax).__name__}")
    sizes = check_sizes(sizes, example="[3, 4, 2]")
    max_neurons = check_positive_int("max_neurons", max_neurons)
    if not layer_gap > 0:
        raise ValueError(f"layer_gap must be > 0, got {layer_gap!r}")
    gx = float(layer_gap)
    if max_neurons < 2:
        raise ValueError("max_neurons must be at least 2 (first and last neuron), got "
                         f"{max_neurons}")

    positions = [_layer_positions(n, max_neurons) for n in sizes]
    artists = {"neurons": [], "edges": [], "labels": []}
    for l_index in range(1, len(sizes)):
        segments = [((gx * l_index, y0), (gx * (l_index + 1), y1))
                    for y0 in positions[l_index - 1] if y0 is not None
                    for y1 in positions[l_index] if y1 is not None]
        edges = LineCollection(segments, colors="0.6", linewidths=0.8, zorder=1)
        ax.add_collection(edges)
        artists["edges"].append(edges)
    top = max(len(p) for p in positions) / 2
    for l_index, (n, ys) in enumerate(zip(sizes, positions), start=1):
        color = (PALETTE[0] if l_index == 1 else PALETTE[2] if l_index == len(sizes)
                 else PALETTE[1])
        circles = []
        for y in ys:
            if y is None:
                continue
            circle = Circle((gx * l_index, y), radius, facecolor="white",
                            edgecolor=color, linewidth=2, zorder=2)
            ax.add_patch(circle)
            circles.append(circle)
        artists["neurons"].append(circles)
        gaps = [i for i, y in enumerate(ys) if y is None]
        for i in gaps:
            artists["labels"].append(ax.text(gx * l_index, _gap_y(ys, i), "⋮",
                                             ha="center", va="center",
                                             fontsize=14, zorder=3))
        if show_names:
            name = f"layer {l_index}\n{n} neuron{'s' if n > 1 else ''}"
            artists["labels"].append(ax.text(gx * l_index, -top - 0.35, name,
                                             ha="center", va="top", fontsize=9))
        if show_shapes and l_index > 1:
            label = (f"w{str(l_index).translate(_SUPERSCRIPTS)}: "
                     f"{n} × {sizes[l_index - 2]}")
            artists["labels"].append(ax.text(gx * (l_index - 0.5), top + 0.15, label,
                                             ha="center", va="bottom",
                                             fontsize=10, color=PALETTE[3]))
    ax.set_xlim(gx * 0.5, gx * (len(sizes) + 0.5))
    ax.set_ylim(-top - 1.4, top + 0.8)
    ax.set_aspect("equal")
    ax.axis("off")
    return artists


def label_weights(ax, artists, labels, *, position=0.7, fontsize=11,
                  color=PALETTE[3]):
    """Write ``labels[i][j][k]``, the name of wⁱ⁺²ⱼₖ, on the edge it belongs to.

    ``artists`` is what :func:`draw_network` returned for ``ax``, with every layer drawn
    in full (no "⋮" gap); ``labels[i]`` has the shape of ``Network.weights[i]``: one row
    per neuron of layer i + 2, one column per neuron of layer i + 1. Each label sits on
    its own edge, at the fraction ``position`` of the way from the neuron the weight
    comes from to the neuron it leads into, turned along the edge and drawn over it on
    a white box: near the neuron it feeds, the edges into that neuron are apart, so
    crossing edges never share a label's place. Returns the ``Text`` objects, row by
    row.
    """
    if not isinstance(ax, Axes):
        raise TypeError("ax must be a matplotlib Axes (e.g. from new_figure()), got "
                        f"{type(ax).__name__}")
    if not isinstance(artists, dict) or "neurons" not in artists:
        raise TypeError("artists must be the dict that draw_network returned")
    if not 0 < position < 1:
        raise ValueError("position must lie strictly between 0 (the neuron the weight "
                         "comes from) and 1 (the neuron it leads into), got "
                         f"{position!r}")
    centres = [[circle.center for circle in layer] for layer in artists["neurons"]]
    if len(labels) != len(centres) - 1:
        raise ValueError(f"labels must hold one table per weight matrix, "
                         f"{len(centres) - 1}, got {len(labels)}")
    for i, table in enumerate(labels):
        shape = (len(centres[i + 1]), len(centres[i]))
        if len(table) != shape[0] or any(len(row) != shape[1] for row in table):
            raise ValueError(f"labels[{i}] must have the shape of weights[{i}] as "
                             f"drawn, {shape[0]} rows × {shape[1]} columns (a layer "
                             "drawn with a gap cannot be labelled)")
    return _label_weights(ax, centres, labels, position, fontsize, color)


def _label_weights(ax, centres, labels, position, fontsize, color):
    """Each label on its edge k → j at the fraction ``position``, turned along it"""
    texts = []
    for i, table in enumerate(labels):
        for (tx, ty), row in zip(centres[i + 1], table):
            for (sx, sy), label in zip(centres[i], row):
                x, y = sx + position * (tx - sx), sy + position * (ty - sy)
                angle = math.degrees(math.atan2(ty - sy, tx - sx))
                texts.append(ax.text(x, y, label, ha="center", va="center",
                                     rotation=angle, rotation_mode="anchor",
                                     fontsize=fontsize, color=color, zorder=3,
                                     bbox={"boxstyle": "round,pad=0.1",
                                           "facecolor": "white",
                                           "edgecolor": "none"}))
    return texts


def _layer_positions(n, max_neurons):
    """y of each drawn neuron, centred on 0; None marks the gap of a too-wide layer."""
    if n <= max_neurons:
        shown = [float(i) for i in range(n)]
    else:
        head = max_neurons // 2
        tail = max_neurons - head
        shown = ([float(i) for i in range(head)] + [None]
                 + [float(head + 1 + i) for i in range(tail)])
    count = len(shown)
    return [None if y is None else (count - 1) / 2 - y for y in shown]


def _gap_y(ys, i):
    return ys[i - 1] - 1.0
