"""Drawing a graph of :class:`~bpcode.autodiff.value.Value` nodes with matplotlib.

No graphviz needed: nodes are placed in columns by their depth (a leaf is in column 0, a
node one column right of its deepest parent), so every edge points from left to right,
the direction of the forward pass; gradients flow back from right to left. Each node
shows its name or operation, its value and its gradient; each edge can show the local
derivative ∂child/∂parent that the backward pass multiplies by.

Text is set at ``NODE_FONTSIZE`` and ``EDGE_FONTSIZE`` points, which stay
legible (at least 11 px) when the figure is at most the book's column width, 6.8 in at
100 dpi: the default figure is never wider, and a figure passed in through ``ax`` should
not be.

Introduced in *Computational graphs and the chain rule*.
"""

import matplotlib.pyplot as plt

from bpcode.autodiff.graph import topological_order
from bpcode.autodiff.value import Value

__all__ = ["graph_layout", "draw_graph"]

_SYMBOLS = {"*": "×", "-": "−", "/": "÷", "neg": "−x"}

#: Point sizes of a node's text and of an edge's local derivative.
NODE_FONTSIZE = 11
EDGE_FONTSIZE = 10
#: The widest default figure, in inches: the book's column at 100 dpi.
MAX_WIDTH = 6.8


def graph_layout(root, hide=()):
    """{node: (x, y)} for every Value below root: x is the depth, y spreads each column.

    Depth is the length of the longest path from a leaf. Within a column, nodes are
    ordered by the mean height of their parents (leaves by their order of appearance),
    which keeps most edges from crossing. Leaves in ``hide`` get no position.
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}")
    order = [n for n in topological_order(root) if n not in hide]
    depth = {}
    for node in order:
        depth[node] = 1 + max((depth[p] for p in node.parents if p in depth),
                              default=-1)
    columns = {}
    for node in order:
        columns.setdefault(depth[node], []).append(node)
    pos = {}
    for x in sorted(columns):
        nodes = columns[x]
        if x > 0:
            nodes.sort(key=lambda n: _mean([pos[p][1] for p in n.parents if p in pos]))
        for i, node in enumerate(nodes):
            pos[node] = (float(x), (len(nodes) - 1) / 2 - i)
    return pos


def draw_graph(root, names=None, ax=None, show_grad=True, show_local=True,
               show_constants=True, fmt=".3g"):
    """Draw the graph below ``root`` on ``ax`` (a new figure if None); returns the Axes.

    ``names`` maps Values to labels such as ``{a: "a", c: "c"}``; unnamed nodes show
    their operation. Each node shows its ``data`` and, if ``show_grad``, its ``grad``;
    each edge, if ``show_local``, the local derivative ∂child/∂parent. With
    ``show_constants=False`` the unnamed leaves (the plain numbers of an expression such
    as ``2 * a``) are left out. Numbers use the format ``fmt``.
    """
    names = {} if names is None else names
    hide = set()
    if not show_constants:
        hide = {n for n in topological_order(root) if not n.parents and n not in names}
    pos = graph_layout(root, hide)
    if ax is None:
        width = 1.9 * (1 + max(x for x, _ in pos.values()))
        height = 1.3 * (1 + max(y for _, y in pos.values())
                        - min(y for _, y in pos.values()))
        _, ax = plt.subplots(figsize=(min(max(width, 4.0), MAX_WIDTH),
                                      max(height, 2.5)))
    boxes = {}    # the nodes first, so that each arrow can end at its nodes' boxes
    for node, (x, y) in pos.items():
        title = names.get(node, "")
        if node.op:
            op = _SYMBOLS.get(node.op, node.op)
            title = f"{title} = {op}" if title else op
        lines = [title or "leaf", _number(node.data, fmt)]
        if show_grad:
            lines.append(f"grad {_number(node.grad, fmt)}")
        text = ax.text(x, y, "\n".join(lines), ha="center", va="center",
                       fontsize=NODE_FONTSIZE,
                       bbox=dict(boxstyle="round,pad=0.35",
                                 fc="#E8F1FA" if node.op else "#FFF3D6",
                                 ec="#0072B2" if node.op else "#E69F00"))
        boxes[node] = text.get_bbox_patch()
    edges = []
    for node, (x, y) in pos.items():
        for parent, local in zip(node.parents, node.local_grads):
            if parent not in pos:
                continue
            ax.annotate("", xy=(x, y), xytext=pos[parent],
                        arrowprops=dict(arrowstyle="-|>", color="0.45", lw=1.2,
                                        patchA=boxes[parent], patchB=boxes[node],
                                        shrinkA=2, shrinkB=2),
                        zorder=2)   # under the boxes it may pass
            edges.append((pos[parent], (x, y), local))
    if show_local:
        _place_edge_labels(ax, edges, fmt)
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.set_axis_off()
    return ax


def _place_edge_labels(ax, edges, fmt):
    """Each edge's local derivative, midway between the first two columns it joins.

    Two edges that cross between the same columns would put their labels on the same
    spot, the crossing, where neither reads as its own: the first then moves towards its
    child (0.68 of the column), the second towards its parent (0.32).
    """
    spots = [_along(start, end, 0.5) for start, end, _ in edges]
    for i in range(len(edges)):
        for j in range(i):
            if (abs(spots[i][0] - spots[j][0]) < 0.15
                    and abs(spots[i][1] - spots[j][1]) < 0.25):
                spots[j] = _along(edges[j][0], edges[j][1], 0.68)
                spots[i] = _along(edges[i][0], edges[i][1], 0.32)
    for (lx, ly), (_, _, local) in zip(spots, edges):
        ax.text(lx, ly, _number(local, fmt), ha="center", va="center",
                fontsize=EDGE_FONTSIZE, color="#D55E00",
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))


def _along(start, end, shift):
    """The point ``shift`` of a column along the edge start → end (its first column)."""
    (px, py), (x, y) = start, end
    t = shift / max(1.0, x - px)
    return px + t * (x - px), py + t * (y - py)


def _number(x, fmt):
    """x formatted with ``fmt``, with a typographic minus sign (−) for negatives."""
    return f"{x:{fmt}}".replace("-", "\u2212")


def _mean(values):
    return sum(values) / len(values) if values else 0.0
