"""The one figure style of the book, and small helpers that keep notebooks short.

Call :func:`use_book_style` once at the top of a notebook (:func:`new_figure` calls
it); it changes matplotlib's settings for that notebook's kernel only, and makes the
kernel store every figure twice: the PNG the HTML book shows and a vector PDF the PDF
edition prints. Figures have a white background so that they read the same in the light
and the dark theme of the HTML book, and the palette is Okabe and Ito's, which stays
distinguishable with colour-vision deficiencies.

The helpers draw the book's recurring figures and return ``(fig, axes)``:
:func:`image_grid` (images with a title each), :func:`plot_training_curves`
(from a :class:`~bpcode.training.History`), :func:`plot_confusion_matrix` and
:func:`plot_saliency`.
"""

import logging
import sys
from functools import partial

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from bpcode.checks import as_matrix, check_choice, check_positive_int
from bpcode.training import History

#: Okabe–Ito colours, in the order lines take them.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
           "#000000"]

#: The matplotlib settings of every figure in the book.
STYLE = {
    "figure.figsize": (6.4, 3.8),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.constrained_layout.use": True,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "lines.linewidth": 2.0,
    "legend.frameon": False,
    "image.cmap": "viridis",
    # PDF figures embed their fonts as TrueType: Type 3, matplotlib's default, prints
    # blurred (pdf_tests/ fail on it). PNGs do not depend on it.
    "pdf.fonttype": 42,
}

#: How the PDF form of a figure is saved. No ``CreationDate``: re-running a notebook
#: must not change its stored bytes. 300 dpi for what a PDF holds as pixels (an image
#: that is not drawn with ``interpolation="none"``, an artist drawn with
#: ``rasterized=True``); lines and text are vectors at any dpi.
PDF_OPTIONS = {"dpi": 300, "metadata": {"CreationDate": None}}


class _QuietFontTimestamps:
    """Drop fontTools' warning about the 1970 timestamps of matplotlib's own fonts.

    Computer Modern (cmsy10, cmex10, ...), which mathtext falls back to, says it was
    made in 1970; fontTools warns about that, on stderr, whenever a PDF figure embeds
    one (pdf.fonttype 42), and a notebook must write nothing to stderr. The stamp
    changes nothing in how a figure prints.
    """

    def filter(self, record):
        return "timestamp seems very low" not in record.getMessage()


_QUIET_FONT_TIMESTAMPS = _QuietFontTimestamps()


def use_book_style():
    """Apply :data:`STYLE` to matplotlib (for the current Python process).

    In a Jupyter kernel, also make every figure a cell displays carry a vector
    ``application/pdf`` (saved with :data:`PDF_OPTIONS`) beside its ``image/png``:
    the HTML book shows the PNG, the PDF edition prints the PDF (myst-nb's
    priority of mime types per builder, see ``_config.yml``). The PNG stays the one
    the inline backend makes, byte for byte. Outside a kernel (a script, the tests)
    only the style changes.
    """
    mpl.rcParams.update(STYLE)
    logging.getLogger("fontTools.ttLib.tables._h_e_a_d").addFilter(
        _QUIET_FONT_TIMESTAMPS)
    _display_figures_as_pdf_too()


def _display_figures_as_pdf_too():
    # Not matplotlib_inline's set_matplotlib_formats("png", "pdf", **PDF_OPTIONS):
    # it would hand the same options to the PNG formatter, and a 300-dpi PNG is three
    # times the size the HTML shows. The inline backend's PNG formatter is left as it
    # is; only a PDF formatter is added.
    ipython = sys.modules.get("IPython")     # imported already in every kernel
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    from IPython.core.pylabtools import print_figure
    from matplotlib.backends.registry import backend_registry
    from matplotlib.figure import Figure

    # Load the backend now: the inline backend, when it is first loaded (by the first
    # figure), resets the figure formatters to its own (PNG only).
    backend_registry.load_backend_module(mpl.get_backend())
    shell.display_formatter.formatters["application/pdf"].for_type(
        Figure, partial(print_figure, fmt="pdf", base64=True, **PDF_OPTIONS))


def new_figure(nrows=1, ncols=1, width=None, height=None, **kwargs):
    """``plt.subplots`` in the book's style; ``width`` and ``height`` in inches.

    Returns ``(fig, ax)`` for one panel or ``(fig, axes)`` for several, as
    ``plt.subplots`` does.
    """
    use_book_style()
    w, h = STYLE["figure.figsize"]
    figsize = (width or w * (1 if ncols == 1 else 0.75 * ncols),
               height or h * (1 if nrows == 1 else 0.8 * nrows))
    return plt.subplots(nrows, ncols, figsize=figsize, **kwargs)


# ---- images, training curves, confusion matrices and saliency maps -------------------
# Introduced in *Recognizing handwritten digits* and *What the network is sensitive to*.
# Every helper draws in the book's style and returns ``(fig, axes)`` for the notebook to
# finish.

#: The colour map of images, white background and dark ink, like digits on paper.
IMAGE_CMAP = "gray_r"

# Images are drawn with interpolation="none": the PNG (Agg) draws them as "nearest"
# would, pixel for pixel, and the PDF embeds each image at its own resolution (28 × 28
# pixels for a digit), which a PDF reader scales up without blurring.

#: The colour map of signed quantities such as gradients, blue below 0, white at 0, red
#: above.
DIVERGING_CMAP = "RdBu_r"


def image_grid(images, image_shape=None, titles=None, ncols=10, width=None,
               cmap=IMAGE_CMAP, vmin=0.0, vmax=1.0, suptitle=None):
    """Show each column of ``images`` as a picture, ``ncols`` per row, optional titles.

    ``images`` is (n_pixels, m), one image per column, pixels row by row, as the loaders
    of :mod:`bpcode.datasets` return them; ``image_shape`` is (rows, cols), by default
    square. ``titles`` is None or m strings. Grey levels ``vmin``..``vmax`` map to
    white..black. Returns ``(fig, axes)`` with ``axes`` of shape (rows, ncols); unused
    panels are hidden.

    Introduced in *Recognizing handwritten digits*.
    """
    images = as_matrix("images", images)
    rows, cols, m, titles = _layout(images, image_shape, titles)
    ncols = min(check_positive_int("ncols", ncols), m)
    nrows = -(-m // ncols)
    width = width or min(0.9 * ncols + 0.3, 9.6)
    panel = width / ncols
    fig, axes = new_figure(nrows, ncols, width=width,
                           height=nrows * panel * (rows / cols)
                           + (0.25 * nrows if titles else 0)
                           + (0.35 if suptitle else 0), squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if k < m:
            ax.imshow(images[:, k].reshape(rows, cols), cmap=cmap, vmin=vmin, vmax=vmax,
                      interpolation="none")
            if titles:
                ax.set_title(titles[k], fontsize=9, pad=2)
    if suptitle:
        fig.suptitle(suptitle)
    return fig, axes


def plot_training_curves(history, metric="accuracy", ax=None, title=None):
    """Training and validation accuracy (in %) or cost by epoch, from a ``History``.

    ``history`` is the :class:`~bpcode.training.History` that
    :func:`~bpcode.training.sgd` returns; ``metric`` is ``"accuracy"`` or ``"cost"``.
    Draws every curve the history holds (training and/or validation), on ``ax`` or a new
    figure, and marks the best validation epoch if there is one. Returns ``(fig, ax)``.

    Introduced in *Recognizing handwritten digits*.
    """
    if not isinstance(history, History):
        raise TypeError("history must be a bpcode.training.History, as sgd returns, "
                        f"got {type(history).__name__}")
    check_choice("metric", metric, ("accuracy", "cost"))
    curves = [(name, getattr(history, f"{name}_{metric}"))
              for name in ("training", "validation")]
    curves = [(name, values) for name, values in curves if len(values) > 0]
    if not curves:
        raise ValueError(f"history holds no {metric} to plot: train with "
                         "monitor_training=True or with validation_data")
    fig, ax = _figure_and_axes(ax)
    scale = 100.0 if metric == "accuracy" else 1.0
    for name, values in curves:
        epochs = np.arange(1, len(values) + 1)
        ax.plot(epochs, scale * np.asarray(values, dtype=float), marker="o",
                markersize=3, label=f"{name} data")
    if (history.best_epoch is not None
            and any(name == "validation" for name, _ in curves)):
        ax.axvline(history.best_epoch, color="0.5", linestyle=":", linewidth=1.5,
                   label=f"best validation epoch ({history.best_epoch})")
    ax.set_xlabel("epoch")
    ax.set_ylabel("accuracy (%)" if metric == "accuracy" else "cost C")
    ax.set_title(title if title is not None else f"{metric} after each epoch")
    ax.legend()
    return fig, ax


def plot_confusion_matrix(counts, ax=None, class_names=None, title="confusion matrix"):
    """Draw a confusion matrix Nᵢⱼ (true class i by row, predicted j by column).

    ``counts`` is a square matrix of non-negative whole numbers, (n_classes, n_classes),
    as :func:`bpcode.metrics.confusion_matrix` returns. Off-diagonal cells
    (the mistakes) are shaded by count (white for none), the diagonal (right answers) is
    outlined, and every non-zero count is written in its cell. ``class_names`` defaults
    to 0..n_classes − 1. Returns ``(fig, ax)``.

    Introduced in *Recognizing handwritten digits*.
    """
    N = as_matrix("counts", counts)
    n = N.shape[0]
    if N.shape != (n, n) or n == 0:
        raise ValueError("counts must be a square matrix (n_classes, n_classes), got "
                         f"shape {N.shape}")
    if np.any(N < 0) or np.any(N != np.round(N)):
        raise ValueError("counts must hold non-negative whole numbers "
                         "(how many examples fall in each cell)")
    names = ([str(c) for c in range(n)] if class_names is None
             else [str(c) for c in class_names])
    if len(names) != n:
        raise ValueError(f"class_names must name the {n} classes, "
                         f"got {len(names)} names")
    if ax is None:
        side = min(0.45 * n + 1.6, 6.4)
        fig, ax = new_figure(width=side + 0.6, height=side)
    else:
        fig, ax = _figure_and_axes(ax)
    mistakes = np.where(np.eye(n, dtype=bool), 0.0, N)
    # cells without mistakes stay white
    shades = mpl.colormaps["Oranges"].with_extremes(bad="white")
    ax.imshow(np.ma.masked_equal(mistakes, 0.0), cmap=shades, vmin=0,
              vmax=max(1.0, mistakes.max()), interpolation="none")
    ax.grid(False)
    for i in range(n):
        ax.add_patch(Rectangle((i - 0.5, i - 0.5), 1, 1, fill=False,
                                           edgecolor=PALETTE[0], linewidth=1.5))
        for j in range(n):
            if N[i, j]:
                dark = mistakes[i, j] > 0.6 * max(1.0, mistakes.max())
                ax.text(j, i, f"{int(N[i, j])}", ha="center", va="center", fontsize=8,
                        color="white" if dark else "black")
    ax.set_xticks(range(n), names)
    ax.set_yticks(range(n), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    return fig, ax


def plot_saliency(images, gradients, image_shape=None, titles=None, width=None,
                  shared_scale=False):
    """Each image above its gradient map: grey ink, ∂(output)/∂(pixel) blue < 0 < red.

    ``images`` and ``gradients`` are (n_pixels, m), one example per column, as from
    :func:`bpcode.sensitivity.input_gradient` or
    :func:`~bpcode.sensitivity.output_gradient`. Each gradient map is centred on white
    at 0 and scaled to its own largest magnitude, or to one common scale with
    ``shared_scale=True`` (to compare sizes across examples). ``titles`` is None or m
    strings, shown above the images. Returns ``(fig, axes)`` with ``axes`` of shape
    (2, m).

    Introduced in *What the network is sensitive to*.
    """
    images = as_matrix("images", images)
    gradients = as_matrix("gradients", gradients, rows=images.shape[0],
                          cols=images.shape[1])
    rows, cols, m, titles = _layout(images, image_shape, titles)
    width = width or min(1.1 * m + 0.8, 9.6)
    panel = (width - 0.8) / m
    height = 2 * panel * rows / cols + (0.3 if titles else 0) + 0.2
    fig, axes = new_figure(2, m, width=width, height=height, squeeze=False)
    limits = np.max(np.abs(gradients), axis=0)
    if shared_scale:
        limits[:] = limits.max()
    limits = np.where(limits > 0, limits, 1.0)
    for k in range(m):
        top, bottom = axes[0, k], axes[1, k]
        top.imshow(images[:, k].reshape(rows, cols), cmap=IMAGE_CMAP, vmin=0.0,
                   vmax=1.0, interpolation="none")
        mappable = bottom.imshow(gradients[:, k].reshape(rows, cols),
                                 cmap=DIVERGING_CMAP, vmin=-limits[k], vmax=limits[k],
                                 interpolation="none")
        top.set_axis_off()
        bottom.set_axis_off()
        if titles:
            top.set_title(titles[k], fontsize=9, pad=2)
    if shared_scale:
        fig.colorbar(mappable, ax=axes[1, :].tolist(), shrink=0.9, label="gradient")
    return fig, axes


def _figure_and_axes(ax):
    if ax is None:
        return new_figure()
    if not isinstance(ax, Axes):
        raise TypeError("ax must be a matplotlib Axes or None, got "
                        f"{type(ax).__name__}")
    return ax.figure, ax


def _layout(images, image_shape, titles):
    # (rows, cols) of one image, the number m of images (columns), and m titles or None.
    rows, cols = _image_shape(image_shape, images.shape[0])
    m = images.shape[1]
    if m == 0:
        raise ValueError("images must hold at least one image (column), got shape "
                         f"{images.shape}")
    return rows, cols, m, _titles(titles, m)


def _image_shape(image_shape, n_pixels):
    if image_shape is None:
        side = int(round(np.sqrt(n_pixels)))
        if side * side != n_pixels:
            raise ValueError(f"images of {n_pixels} pixels are not square: "
                             "pass image_shape=(rows, cols)")
        return side, side
    try:
        rows, cols = (check_positive_int("image_shape[0]", image_shape[0]),
                      check_positive_int("image_shape[1]", image_shape[1]))
    except (TypeError, IndexError, KeyError):
        raise TypeError("image_shape must be a pair (rows, cols) of positive integers, "
                        f"got {image_shape!r}") from None
    if len(image_shape) != 2 or rows * cols != n_pixels:
        raise ValueError("image_shape must be (rows, cols) with rows · cols = "
                         f"{n_pixels} pixels, got {image_shape!r}")
    return rows, cols


def _titles(titles, m):
    if titles is None:
        return None
    if isinstance(titles, str):
        raise TypeError("titles must be a list of strings, one per image, "
                        "not a single string")
    titles = [str(t) for t in titles]
    if len(titles) != m:
        raise ValueError(f"titles must give one title per image: {m} images, got "
                         f"{len(titles)} titles")
    return titles
