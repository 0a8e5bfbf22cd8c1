"""nbval compares figures too: a pytest plugin, loaded by pyproject.toml
(`-p nbval_figures`).

nbval 0.11 re-runs every code cell and compares its text outputs with the stored ones,
but it skips `image/png`, so a figure that no longer matches its code would pass. After
nbval has compared a cell's text, this plugin decodes the cell's stored and fresh PNGs
and fails the cell when a figure changed its size or any of its pixels visibly.

Why decoded pixels and not bytes: with matplotlib pinned, a PNG is byte for byte the
same on every machine *when the plotted data is*. Under four OpenBLAS settings, where
plotted data differed only by round-off, anti-aliased pixels or colour-map entries moved
by 1 to 3 of 255 levels; a plotted value that moved visibly, even by half a pixel,
changed some pixels by 80 to 255. A figure whose data *is* round-off (an error on a log
scale) can change visibly from machine to machine, and fails there, as its printed
digits would.

Each figure of the book is stored twice (bpcode.plotting.use_book_style): the PNG, and
a vector `application/pdf` that the PDF edition prints. nbval would compare the PDF's
base64 as text, and the bytes of a PDF can change from machine to machine with the last
digits of its path coordinates, round-off that moves no pixel; so this plugin adds
`application/pdf` to nbval's skip list. The PNG beside it is the checked form of the
same figure; of the PDF, only that the fresh run made one where one was stored (and
none where none was) is checked.

Cells tagged `nbval-ignore-output` (a figure of timings) are not compared, like their
text. See CONTRIBUTING.md, "Reproducible outputs".
"""

import base64
import io
import os

import numpy as np
import pytest
from matplotlib.testing.compare import calculate_rms
from nbval.plugin import IPyNbCell
from PIL import Image

# A pixel has changed when one of its RGBA values moved by more than this many
# of 255 levels: five times what round-off did, a fifth of what the smallest
# visible change did.
PIXEL_TOLERANCE = 16


def decode_png(data):
    """The RGBA pixels, shape (height, width, 4), of a notebook's base64-encoded PNG."""
    data = "".join(data) if isinstance(data, list) else data
    with Image.open(io.BytesIO(base64.b64decode(data))) as image:
        return np.asarray(image.convert("RGBA"), dtype=np.int16)


def figure_difference(stored, fresh, tolerance=PIXEL_TOLERANCE):
    """Why two base64 PNGs are different figures, or None when they are the same figure.

    Different: other pixel dimensions, or a pixel whose RGBA values differ by more than
    `tolerance` levels (of 255). The worst pixel decides, not a mean over the image: a
    point that moved changes a few dozen pixels of a quarter million, which an RMS would
    average away.
    """
    if stored == fresh:
        return None
    old, new = decode_png(stored), decode_png(fresh)
    if old.shape != new.shape:
        return (f"its size changed from {old.shape[1]} x {old.shape[0]} pixels "
                f"to {new.shape[1]} x {new.shape[0]}")
    change = np.abs(old - new).max(axis=2)
    if change.max() <= tolerance:
        return None
    return (f"{np.count_nonzero(change > tolerance)} of {change.size} pixels changed "
            f"by more than {tolerance} of 255 levels (by up to {change.max()}); "
            f"RMS difference {calculate_rms(old, new):.2f}")


#: The vector form of a figure, for the PDF edition: nbval must not compare its bytes.
PDF_FORM = "application/pdf"


def figures(outputs, mime="image/png"):
    """The base64 PNGs (or other `mime` data) among a cell's outputs, in order."""
    return [out["data"][mime] for out in outputs if mime in out.get("data", {})]


def figure_problems(stored_outputs, fresh_outputs, tolerance=PIXEL_TOLERANCE):
    """One sentence per figure of a cell that the fresh run did not reproduce."""
    stored, fresh = figures(stored_outputs), figures(fresh_outputs)
    if len(stored) != len(fresh):
        return [f"the cell stored {len(stored)} figure(s) "
                f"and the fresh run made {len(fresh)}"]
    stored_pdfs, fresh_pdfs = (len(figures(outputs, PDF_FORM))
                               for outputs in (stored_outputs, fresh_outputs))
    if stored_pdfs != fresh_pdfs:
        return [f"the cell stored {stored_pdfs} figure(s) as PDF and the fresh run "
                f"made {fresh_pdfs}"]
    problems = []
    for k, (old, new) in enumerate(zip(stored, fresh), start=1):
        why = figure_difference(old, new, tolerance)
        if why:
            problems.append(f"figure {k} of {len(stored)}: {why}")
    return problems


def pytest_itemcollected(item):
    """Keep nbval from comparing a figure's PDF form as text (see the docstring)."""
    if isinstance(item, IPyNbCell) and PDF_FORM not in item.parent.skip_compare:
        item.parent.skip_compare += (PDF_FORM,)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After nbval has run a cell and compared its text, compare its figures."""
    result = yield  # a failure of nbval's own comparison propagates from here
    if (isinstance(item, IPyNbCell) and item.options["check"]
            and item.cell.execution_count is not None):
        problems = figure_problems(item.cell.outputs, item.test_outputs)
        if problems:
            notebook = os.path.relpath(item.path, item.config.rootpath)
            item.raise_cell_error(
                f"a figure of {notebook} differs from the stored one",
                "\n".join(problems) + (
                    "\nIf the change is intended, re-run the notebook "
                    f"(.venv/bin/python tools/execute_notebooks.py {notebook}) "
                    "and look at the new figure (nbdiff-web, see CONTRIBUTING.md) "
                    "before committing it."))
    return result
