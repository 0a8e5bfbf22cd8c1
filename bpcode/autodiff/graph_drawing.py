"""Drawing a graph of :class:`~bpcode.autodiff.value.Value` nodes with matplotlib.

No graphviz needed: nodes are placed in columns by their depth (a leaf is in column 0, a
node one column right of its deepest parent), so every edge points from left to right,
the direction of the forward pass; gradients flow back from right to left. Each node
shows its name or operation, its value and its gradient; each edge can show the local
derivative ∂child/∂parent that the backward pass multiplies by.

Introduced in *Computational graphs and the chain rule*.
"""

import matplotlib.pyplot as plt

from bpcode.autodiff.graph import topological_order
from bpcode.autodiff.value import Value

__all__ = ["graph_layout", "draw_graph"]

_SYMBOLS = {"*": "×", "-": "−", "/": "÷", "neg": "−x"}


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
        _, ax = plt.subplots(figsize=(max(width, 4.0), max(height, 2.5)))
    for node, (x, y) in pos.items():
        for parent, local in zip(node.parents, node.local_grads):
            if parent not in pos:
                continue
            px, py = pos[parent]
            ax.annotate("", xy=(x, y), xytext=(px, py),
                        arrowprops=dict(arrowstyle="-|>", color="0.45", lw=1.2,
                                        shrinkA=24, shrinkB=24))
            if show_local:
                ax.text(px + 0.4 * (x - px), py + 0.4 * (y - py), f"{local:{fmt}}",
                        ha="center", va="center", fontsize=8, color="#D55E00",
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))
    for node, (x, y) in pos.items():
        title = names.get(node, "")
        if node.op:
            op = _SYMBOLS.get(node.op, node.op)
            title = f"{title} = {op}" if title else op
        lines = [title or "leaf", f"{node.data:{fmt}}"]
        if show_grad:
            lines.append(f"grad {node.grad:{fmt}}")
        ax.text(x, y, "\n".join(lines), ha="center", va="center", fontsize=9,
                bbox=dict(boxstyle="round,pad=0.35",
                          fc="#E8F1FA" if node.op else "#FFF3D6",
                          ec="#0072B2" if node.op else "#E69F00"))
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.set_axis_off()
    return ax


def _mean(values):
    return sum(values) / len(values) if values else 0.0
