"""Drawings of fully connected networks, with the shape of each weight matrix.

Layer l of the drawing is the book's layer l (the input is layer 1), and the arrows
between layer l − 1 and layer l are labelled with wˡ and its shape (nˡ, nˡ⁻¹), the shape
of ``Network.weights[l - 2]``. Only matplotlib is used.

Introduced in *Notation and the matrix form*; the weights named on their edges
(:func:`label_weights`) in *A network worked by hand*.
"""

import math

from typing import NamedTuple

import numpy as np
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.patches import Circle, FancyArrowPatch

from bpcode.checks import as_matrix, check_positive_int, check_sizes
from bpcode.plotting import PALETTE, PDF_OPTIONS

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
    _check_axes(ax)
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
    _check_axes(ax)
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


# The backward pass, drawn (*The four fundamental equations*): BP2 sends δ back along
# the edges of the forward pass, BP4 is an outer product, and one backward pass through
# a small network, step by step, as frames of an animation.

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_FORWARD_COLOR, _DELTA_COLOR, _GRADIENT_COLOR = "0.55", PALETTE[1], PALETTE[2]


def draw_bp2_edges(ax, n_layer=3, n_next=2, layer=2):
    """BP2 on a picture: δ goes back along the very edges that carried a forward.

    Draws layer ``layer`` (``n_layer`` neurons) and layer ``layer + 1`` (``n_next``)
    with all their edges. Grey arrows: the forward pass gathers row 1 of wˡ⁺¹ into
    z₁ˡ⁺¹. Orange arrows: BP2 gathers column ``n_layer`` of wˡ⁺¹, that is row
    ``n_layer`` of (wˡ⁺¹)ᵀ, into δˡ of the last neuron. The edge they share is labelled.
    Returns the artists as :func:`draw_network` does.
    """
    _check_axes(ax)
    n_layer = check_positive_int("n_layer", n_layer)
    n_next = check_positive_int("n_next", n_next)
    layer = check_positive_int("layer", layer)
    if max(n_layer, n_next) > 5 or min(n_layer, n_next) < 2:
        raise ValueError("draw_bp2_edges draws 2 to 5 neurons a layer, got "
                         f"n_layer={n_layer}, n_next={n_next}")
    return _draw_bp2_edges(ax, n_layer, n_next, layer)


def _draw_bp2_edges(ax, n_layer, n_next, layer):
    left, right = _column(n_layer, 0.0, 1.4), _column(n_next, 4.0, 1.4)
    artists = {"neurons": [], "edges": [], "labels": []}
    up, nxt, j = _sup(layer), _sup(layer + 1), n_layer
    segments = [(p, q) for p in left for q in right]
    artists["edges"].append(ax.add_collection(LineCollection(
        segments, colors="0.8", linewidths=1.0, zorder=1)))
    normal = np.array([-1.4 * (1 - n_next) / 2 - 1.4 * (n_layer - 1) / 2, 4.0])
    shift = 0.06 * normal[::-1] * [-1, 1] / np.hypot(*normal)
    for p in left:                                   # forward: row 1 of wˡ⁺¹
        artists["edges"].append(_arrow(ax, np.add(p, shift), np.add(right[0], shift),
                                       "0.4", 1.3))
    for q in right:                                  # backward: column j of wˡ⁺¹
        artists["edges"].append(_arrow(ax, np.subtract(q, shift),
                                       np.subtract(left[-1], shift), _DELTA_COLOR, 1.8))
    for i, (x, y) in enumerate(left, start=1):
        artists["neurons"].append(_neuron(ax, x, y, PALETTE[0], filled=i == j))
        artists["labels"].append(ax.text(x - 0.45, y, f"a{up}{_sub(i)}", ha="right",
                                         va="center", color="0.3"))
    for k, (x, y) in enumerate(right, start=1):
        artists["neurons"].append(_neuron(ax, x, y, PALETTE[0]))
        artists["labels"].append(ax.text(x + 0.45, y, f"δ{nxt}{_sub(k)}", ha="left",
                                         va="center", color=_DELTA_COLOR))
    (x0, y0), (x1, y1) = left[-1], right[0]
    at = (x0 + 0.3 * (x1 - x0) - 0.1, y0 + 0.3 * (y1 - y0) + 0.1)
    artists["labels"].append(ax.text(*at, f"w{nxt}{_sub(1)}{_sub(j)}", ha="right",
                                     va="bottom", color="black"))
    top = max(y for _, y in left + right) + 0.6
    bottom = min(y for _, y in left + right) - 0.6
    artists["labels"] += [
        ax.text(0.0, top, f"layer {layer}", ha="center", va="bottom"),
        ax.text(4.0, top, f"layer {layer + 1}", ha="center", va="bottom"),
        ax.text(2.0, bottom, f"forward: z{nxt}{_sub(1)} = Σⱼ w{nxt}{_sub(1)}ⱼ a{up}ⱼ"
                f" + b{nxt}{_sub(1)}   (row 1 of w{nxt})", ha="center", va="top",
                color="0.3"),
        ax.text(2.0, bottom - 0.55,
                f"BP2: δ{up}{_sub(j)} = σ′(z{up}{_sub(j)}) Σₖ w{nxt}ₖ{_sub(j)} δ{nxt}ₖ"
                f"   (column {j} of w{nxt})", ha="center", va="top",
                color=_DELTA_COLOR),
    ]
    ax.set_xlim(-1.4, 5.4)
    ax.set_ylim(bottom - 1.3, top + 0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    return artists


def draw_outer_product(ax, delta, a_prev, layer):
    """BP4 on a picture: ∂C/∂wˡ = δˡ (aˡ⁻¹)ᵀ, a column times a row, shapes labelled.

    ``delta`` is δˡ, shape (nˡ, 1), ``a_prev`` is aˡ⁻¹, shape (nˡ⁻¹, 1), for one
    example; each is drawn as a strip of coloured cells (blue negative, red positive)
    and their product as the nˡ × nˡ⁻¹ grid of the gradient, the shape of wˡ. Returns
    the ``AxesImage`` objects and the labels.
    """
    _check_axes(ax)
    delta = as_matrix("delta", delta, cols=1)
    a_prev = as_matrix("a_prev", a_prev, cols=1)
    layer = check_positive_int("layer", layer)
    if layer < 2:
        raise ValueError("layer must be at least 2 (layer 1 has no weights), got "
                         f"{layer}")
    return _draw_outer_product(ax, delta, a_prev, layer)


def _draw_outer_product(ax, delta, a_prev, layer):
    n, n_prev = delta.shape[0], a_prev.shape[0]
    grad = delta @ a_prev.T
    up, prev = _sup(layer), _sup(layer - 1)
    images, labels = [], []
    blocks = [(delta, 0.0, f"δ{up}", f"{n} × 1"),
              (a_prev.T, 2.0, f"(a{prev})ᵀ", f"1 × {n_prev}"),
              (grad, 3.5 + n_prev, f"∂C/∂w{up}", f"{n} × {n_prev}")]
    for values, x0, name, shape in blocks:
        rows, cols = values.shape
        top = 0.0 if rows > 1 else -(n - 1) / 2
        scale = float(np.max(np.abs(values))) or 1.0
        images.append(ax.imshow(values / scale, cmap="RdBu_r", vmin=-1, vmax=1,
                                extent=(x0, x0 + cols, top - rows, top),
                                interpolation="none"))
        labels.append(ax.text(x0 + cols / 2, 0.35, name, ha="center", va="bottom"))
        labels.append(ax.text(x0 + cols / 2, -n - 0.25, shape, ha="center", va="top",
                              color="0.35"))
    labels.append(ax.text(3.5 + 1.5 * n_prev, -n - 0.85,
                          f"entry (j, k) = δ{up}ⱼ a{prev}ₖ", ha="center", va="top"))
    mid = -n / 2
    labels.append(ax.text(1.5, mid, "×", ha="center", va="center", fontsize=16))
    labels.append(ax.text(2.75 + n_prev, mid, "=", ha="center", va="center",
                          fontsize=16))
    ax.set_xlim(-0.5, 4.0 + 2 * n_prev)
    ax.set_ylim(-n - 1.7, 1.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return {"images": images, "labels": labels}


class BackwardFrame(NamedTuple):
    """What is known after one step of a backward pass, for one example.

    ``activations`` are a¹ … aᴸ (columns), ``target`` is y; ``deltas[i]`` is δ^(i+2)
    and ``nabla_w[i]`` is ∂C/∂w^(i+2), or None while not yet computed; ``sending`` is
    the layer l + 1 whose δ this step sends back along the edges of wˡ⁺¹ (BP2), else
    None.
    """

    title: str
    activations: tuple
    target: np.ndarray
    deltas: tuple
    nabla_w: tuple
    sending: int | None


def backward_pass_frames(net, x, y):
    """One backward pass through ``net`` for the example (x, y), step by step.

    The frames: the forward pass; BP1 (δᴸ); then for l = L, …, 2 BP3 and BP4 of layer l
    (∂C/∂wˡ = δˡ (aˡ⁻¹)ᵀ) followed, above layer 2, by BP2 (δˡ⁻¹ from δˡ); and a last
    frame with every gradient. A network with L layers has 2L frames. ``x`` has shape
    (sizes[0], 1) and ``y`` shape (sizes[-1], 1): one example.
    """
    from bpcode.network import Network

    if not isinstance(net, Network):
        raise TypeError(f"net must be a bpcode Network, got {type(net).__name__}")
    x, y = net.check_batch(x, y, names=("x", "y"))
    if x.shape[1] != 1:
        raise ValueError("x and y must hold one example (one column), got "
                         f"{x.shape[1]}")
    return _backward_pass_frames(net, x, y)


def _backward_pass_frames(net, x, y):
    zs, activations = net._forward(x)
    deltas = net._errors(zs, activations, y)
    L = net.num_layers
    known_d, known_w = [None] * (L - 1), [None] * (L - 1)
    frames = []

    def add(title, sending=None):
        frames.append(BackwardFrame(title, tuple(activations), y, tuple(known_d),
                                    tuple(known_w), sending))

    add("forward pass: every z and a is kept")
    known_d[-1] = deltas[-1]
    add(f"BP1: δ{_sup(L)} = ∇ₐC ⊙ σ′(z{_sup(L)})")
    for l in range(L, 1, -1):
        i = l - 2
        known_w[i] = deltas[i] @ activations[i].T
        add(f"BP4: ∂C/∂w{_sup(l)} = δ{_sup(l)} (a{_sup(l - 1)})ᵀ")
        if l > 2:
            known_d[i - 1] = deltas[i - 1]
            lower, upper = _sup(l - 1), _sup(l)
            add(f"BP2: δ{lower} = ((w{upper})ᵀ δ{upper}) ⊙ σ′(z{lower})", sending=l)
    add("done: every ∂C/∂w (and ∂C/∂b = δ)")
    return frames


def draw_backward_frame(ax, frame, step=None):
    """Draw one :class:`BackwardFrame` on ``ax``: neurons with a (and δ once known),
    the weight blocks whose gradient is known in green with its values, and the edges
    along which δ is being sent back in orange. ``step`` ("3/6") prefixes the title.
    """
    _check_axes(ax)
    if not isinstance(frame, BackwardFrame):
        raise TypeError(f"frame must be a BackwardFrame, got {type(frame).__name__}")
    sizes = [a.shape[0] for a in frame.activations]
    if max(sizes) > 3:
        raise ValueError("draw_backward_frame draws at most 3 neurons a layer, got "
                         f"{sizes}")
    return _draw_backward_frame(ax, frame, sizes, step)


def _draw_backward_frame(ax, frame, sizes, step):
    gap, L = 3.2, len(sizes)
    columns = [_column(n, gap * l, 1.7) for l, n in enumerate(sizes)]
    artists = {"neurons": [], "edges": [], "labels": []}
    for l in range(2, L + 1):
        known = frame.nabla_w[l - 2] is not None
        for (x0, y0) in columns[l - 2]:
            for (x1, y1) in columns[l - 1]:
                if frame.sending == l:
                    artists["edges"].append(_arrow(ax, (x1, y1), (x0, y0), _DELTA_COLOR,
                                                   2.0, shrink=0.42))
                else:
                    line, = ax.plot([x0, x1], [y0, y1], zorder=1,
                                    color=_GRADIENT_COLOR if known else _FORWARD_COLOR,
                                    lw=2.5 if known else 1.0)
                    artists["edges"].append(line)
        if known:
            artists["labels"].append(ax.text(
                gap * (l - 1.5), -1.75 - 0.85 * (max(sizes) - 1),
                f"∂C/∂w{_sup(l)} = {_scaled_matrix(frame.nabla_w[l - 2])}",
                ha="center", va="top", family="monospace", color=_GRADIENT_COLOR))
    for l, column in enumerate(columns, start=1):
        delta = frame.deltas[l - 2] if l > 1 else None
        for j, (x, y) in enumerate(column):
            artists["neurons"].append(_neuron(ax, x, y, PALETTE[0],
                                              filled=delta is not None))
            text = f"a = {frame.activations[l - 1][j, 0]:.4f}"
            if delta is not None:
                text += f"\nδ = {delta[j, 0]:+.4f}"
            above = j < (len(column) + 1) // 2 and len(column) > 1
            artists["labels"].append(ax.text(
                x, y + (0.45 if above else -0.45), text, ha="center",
                va="bottom" if above else "top", linespacing=1.3))
        top = 1.7 * (max(sizes) - 1) / 2 + 1.6
        artists["labels"].append(ax.text(gap * (l - 1), top, f"layer {l}",
                                         ha="center", va="bottom", color="0.35"))
    for k, (x, y) in enumerate(columns[-1]):
        artists["labels"].append(ax.text(x + 0.5, y, f"y = {frame.target[k, 0]:.2f}",
                                         ha="left", va="center", color="0.35"))
    title = frame.title if step is None else f"{step}  {frame.title}"
    artists["labels"].append(ax.set_title(title, loc="left"))
    half = 1.7 * (max(sizes) - 1) / 2
    ax.set_xlim(-1.3, gap * (L - 1) + 2.0)
    ax.set_ylim(-half - 3.3, half + 2.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return artists


def animate_backward_pass(frames, figsize=(6.4, 3.9), interval=2500):
    """A matplotlib ``FuncAnimation`` of :func:`backward_pass_frames`, one frame each.

    Show it in a notebook with :func:`animation_html`; the figure is closed, so that it
    is not also shown as a still picture.
    """
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation

    frames = list(frames)
    if not frames or not all(isinstance(f, BackwardFrame) for f in frames):
        raise TypeError("frames must be a non-empty list of BackwardFrame "
                        "(from backward_pass_frames)")
    # 80 dpi: the style's 11-pt text is 12 px, and six frames weigh about 200 KB
    fig, ax = plt.subplots(figsize=figsize, dpi=80, layout="constrained")

    def draw(i):
        ax.clear()
        _draw_backward_frame(ax, frames[i], [a.shape[0] for a in frames[i].activations],
                             f"{i + 1}/{len(frames)}")
        return []

    anim = FuncAnimation(fig, draw, frames=len(frames), interval=interval, repeat=False)
    plt.close(fig)
    return anim


# Characters every system font has (DejaVu, the phone's): no icon font is needed.
_BUTTON_GLYPHS = {"fa-minus": "−", "fa-fast-backward": "|◀◀", "fa-step-backward": "|◀",
                  "fa-play fa-flip-horizontal": "◀", "fa-pause": "❚❚", "fa-play": "▶",
                  "fa-step-forward": "▶|", "fa-fast-forward": "▶▶|", "fa-plus": "+"}


def animation_html(anim, name, alt):
    """``anim.to_jshtml()`` made fit for a static book, byte for byte reproducible.

    matplotlib names the animation's elements with a random id and loads Font Awesome
    from a CDN for its buttons' icons: here the id is ``name`` (letters, digits, _),
    the buttons show plain characters, nothing is fetched from the network, the frames
    scale down to the column, and the image gets the ``alt`` text.
    """
    import re

    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError("name must be an identifier (letters, digits, _), got "
                         f"{name!r}")
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must be a non-empty description of the animation")
    with rc_context({"savefig.dpi": "figure"}):     # the frames at the figure's dpi
        html = anim.to_jshtml(default_mode="once")
    ids = set(re.findall(r"_anim_img([0-9a-f]{32})", html))
    if len(ids) != 1:
        raise ValueError("not one animation in the HTML of anim.to_jshtml()")
    html = html.replace(ids.pop(), name)
    html = re.sub(r'<link rel="stylesheet"\s+href="https?://[^"]*font-awesome[^"]*">',
                  "", html)
    for icon, glyph in _BUTTON_GLYPHS.items():
        html = html.replace(f'<i class="fa {icon}"></i>', glyph)
    html = html.replace("width: 374px;", "width: min(374px, 100%);")
    html = html.replace(".animation {\n    display: inline-block;",
                        ".animation {\n    display: block;\n    max-width: 100%;")
    alt = alt.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    html = html.replace(f'<img id="_anim_img{name}">',
                        f'<img id="_anim_img{name}" alt="{alt}" '
                        'style="max-width: 100%; height: auto;">')
    if "http" in html or "fa fa-" in html:
        raise RuntimeError("the animation's HTML still refers to the network or to "
                           "icons")
    return html


def _check_axes(ax):
    if not isinstance(ax, Axes):
        raise TypeError("ax must be a matplotlib Axes (e.g. from new_figure()), got "
                        f"{type(ax).__name__}")


def _column(n, x, spacing):
    return [(x, (n - 1) / 2 * spacing - spacing * j) for j in range(n)]


def _neuron(ax, x, y, color, filled=False):
    circle = Circle((x, y), 0.32, facecolor="#FBE3D3" if filled else "white",
                    edgecolor=_DELTA_COLOR if filled else color, linewidth=2, zorder=3)
    ax.add_patch(circle)
    return circle


def _arrow(ax, start, end, color, width, shrink=0.4):
    (x0, y0), (x1, y1) = start, end
    length = float(np.hypot(x1 - x0, y1 - y0))
    fx, fy = (x1 - x0) / length, (y1 - y0) / length
    arrow = FancyArrowPatch((x0 + shrink * fx, y0 + shrink * fy),
                            (x1 - shrink * fx, y1 - shrink * fy),
                            arrowstyle="-|>", mutation_scale=12, color=color,
                            linewidth=width, zorder=2)
    ax.add_patch(arrow)
    return arrow


def _scaled_matrix(m):
    """A small matrix as text, a power of ten first: "10⁻² ×", "[+8.22 +8.27]", …"""
    top = float(np.max(np.abs(m)))
    exponent = int(np.floor(np.log10(top))) if top > 0 else 0
    rows = ["[" + " ".join(f"{v / 10.0 ** exponent:+.2f}" for v in row) + "]"
            for row in m]
    scale = f"10{_sup(exponent).replace('-', '⁻')} ×" if exponent else ""
    return "\n".join([scale] + rows if scale else rows)


def _sup(n):
    return str(n).translate(_SUPERSCRIPTS)


def _sub(n):
    return str(n).translate(_SUBSCRIPTS)


def animation_mimebundle(anim, name, alt, still):
    """What a notebook cell shows for an animation: HTML for the web, a still for print.

    ``{"text/html": animation_html(anim, name, alt), "image/png": ...,
    "application/pdf": ..., "text/plain": alt}``, where the PNG and the PDF are the
    matplotlib figure ``still`` (a frame drawn on its own, closed afterwards): the HTML
    book shows the animation, the PDF edition (whose LaTeX cannot play one) the still
    picture as a vector PDF, saved as :func:`bpcode.plotting.use_book_style` saves
    every other figure's. Show it with ``IPython.display.display(bundle, raw=True)``.
    """
    import base64
    import io

    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    if not isinstance(still, Figure):
        raise TypeError("still must be a matplotlib Figure, got "
                        f"{type(still).__name__}")
    html = animation_html(anim, name, alt)
    png, pdf = io.BytesIO(), io.BytesIO()
    still.savefig(png, format="png")
    still.savefig(pdf, format="pdf", **PDF_OPTIONS)
    plt.close(still)
    return {"text/html": html,
            "image/png": base64.b64encode(png.getvalue()).decode("ascii"),
            "application/pdf": base64.b64encode(pdf.getvalue()).decode("ascii"),
            "text/plain": alt}
