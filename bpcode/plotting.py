"""The one figure style of the book, and small helpers that keep notebooks short.

Call :func:`use_book_style` once at the top of a notebook; it changes matplotlib's
settings for that notebook's kernel only. Figures have a white background so that they
read the same in the light and the dark theme of the HTML book, and the palette is
Okabe and Ito's, which stays distinguishable with colour-vision deficiencies.
"""

import matplotlib as mpl
import matplotlib.pyplot as plt

#: Okabe–Ito colours, in the order lines take them.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

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
}


def use_book_style():
    """Apply :data:`STYLE` to matplotlib (for the current Python process)."""
    mpl.rcParams.update(STYLE)


def new_figure(nrows=1, ncols=1, width=None, height=None, **kwargs):
    """``plt.subplots`` in the book's style; ``width`` and ``height`` in inches.

    Returns ``(fig, ax)`` for one panel or ``(fig, axes)`` for several, as ``plt.subplots`` does.
    """
    use_book_style()
    w, h = STYLE["figure.figsize"]
    figsize = (width or w * (1 if ncols == 1 else 0.75 * ncols), height or h * (1 if nrows == 1 else 0.8 * nrows))
    return plt.subplots(nrows, ncols, figsize=figsize, **kwargs)
