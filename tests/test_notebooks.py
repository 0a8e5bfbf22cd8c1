"""Guards that make the nbval run meaningful.

nbval compares each stored output with a fresh one, but a notebook committed *without*
outputs has nothing to compare and passes silently. These tests make sure every notebook
was committed as one clean, complete, top-to-bottom run, and that the book's table of
contents and the chapters folder agree. They also specify the figure comparison that
tests/nbval_figures.py adds to nbval, and keep round-off out of the stored outputs,
where its digits would fail on the next reader's machine.
"""

import base64
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
import yaml
from booktoc import toc_files
from matplotlib.figure import Figure
from nbval_figures import (PDF_FORM, PIXEL_TOLERANCE, decode_png, figure_difference,
                           figure_problems)
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
NOTEBOOKS = sorted(p for p in CHAPTERS.rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in chapters/"


def test_every_notebook_is_in_the_toc_and_every_toc_entry_exists():
    listed = toc_files()
    notebooks = {str(p.relative_to(ROOT).with_suffix("")) for p in NOTEBOOKS}
    missing_from_toc = sorted(notebooks - set(listed))
    assert not missing_from_toc, f"notebooks not listed in _toc.yml: {missing_from_toc}"
    for entry in listed:
        candidates = [ROOT / f"{entry}{s}" for s in (".ipynb", ".md")]
        assert any(c.exists() for c in candidates), (
            f"_toc.yml lists {entry!r}, but no .ipynb or .md exists")
    assert len(listed) == len(set(listed)), "_toc.yml lists a file twice"


def test_no_paired_text_file_beside_a_notebook():
    for nb in NOTEBOOKS:
        for suffix in (".py", ".md"):
            assert not nb.with_suffix(suffix).exists(), (
                f"{nb.with_suffix(suffix).name} sits beside {nb.name}: "
                "commit only the .ipynb")


def _code_cells(path):
    nb = json.loads(path.read_text())
    return nb, [c for c in nb["cells"] if c["cell_type"] == "code"]


def _output_data(path):
    """(code cell number from 1, data) for each output of a notebook's code cells."""
    _, cells = _code_cells(path)
    for k, cell in enumerate(cells, start=1):
        for out in cell["outputs"]:
            yield k, out.get("data", {})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_was_run_once_top_to_bottom(path):
    _, cells = _code_cells(path)
    assert cells, f"{path.name} has no code cells"
    counts = [c.get("execution_count") for c in cells]
    assert counts == list(range(1, len(cells) + 1)), (
        f"{path.name}: execution counts {counts} are not 1..{len(cells)}; "
        "re-run it top to bottom in a fresh kernel (make notebooks)")
    assert any(c["outputs"] for c in cells), f"{path.name} has no stored outputs at all"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_stores_no_errors_and_no_stderr(path):
    _, cells = _code_cells(path)
    for i, cell in enumerate(cells):
        tags = cell.get("metadata", {}).get("tags", [])
        for out in cell["outputs"]:
            if out["output_type"] == "error":
                assert "raises-exception" in tags, (
                    f"{path.name}, code cell {i + 1}: stored error {out.get('ename')} "
                    "(tag the cell raises-exception if the error is the point)")
            if out["output_type"] == "stream":
                assert out["name"] != "stderr", (
                    f"{path.name}, code cell {i + 1}: stored stderr output: "
                    f"{''.join(out['text'])[:200]!r}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_cell_relies_on_a_trailing_semicolon(path):
    _, cells = _code_cells(path)
    for i, cell in enumerate(cells):
        src = "".join(cell["source"]).rstrip()
        assert not src.endswith(";"), (
            f"{path.name}, code cell {i + 1} ends with ';', which nbval does not "
            "honour; end a plotting cell with plt.show()")


def test_all_notebooks_use_one_kernel():
    specs = {json.dumps(json.loads(p.read_text())["metadata"].get("kernelspec"),
                        sort_keys=True)
             for p in NOTEBOOKS}
    assert len(specs) == 1, f"notebooks name different kernels: {specs}"
    assert json.loads(specs.pop())["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_was_stored_as_an_image(path):
    # If matplotlib fails to render (say, mathtext it cannot parse), the cell stores
    # only the text "<Figure size ...>", without an image or an error: nbval compares
    # text, so it would pass, and the book would show no figure.
    for k, data in _output_data(path):
        text = "".join(data.get("text/plain", ""))
        assert not (text.startswith("<Figure size") and "image/png" not in data), (
            f"{path.name}, code cell {k}: a figure was stored as text only; "
            "did it fail to render?")
    _, cells = _code_cells(path)
    for k, cell in enumerate(cells, start=1):
        if "plt.show()" in "".join(cell["source"]):
            assert any("image/png" in out.get("data", {}) for out in cell["outputs"]), (
                f"{path.name}, code cell {k} calls plt.show() but stored no image")


# A figure's PDF form is 10 to 40 KB (its fonts, its paths); the largest, the 3-D cost
# surface of training_cost (2,500 facets), is 260 KB. Far above, an artist with many
# thousands of points or patches is stored path by path in every clone of the book:
# draw it with rasterized=True.
PDF_FORM_MAX_BYTES = 300_000


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_its_pdf_form_for_the_pdf_edition(path):
    # The PDF edition prints a figure's application/pdf (vector), the HTML shows its
    # PNG. A PNG without one prints at 100 dpi: the figure was drawn before
    # bpcode.plotting.use_book_style() (new_figure calls it), or not re-run since.
    for k, data in _output_data(path):
        if "image/png" not in data:
            continue
        pdf = "".join(data.get(PDF_FORM, ""))
        assert pdf.startswith("JVBERi0"), (
            f"{path.name}, code cell {k}: a figure without its PDF form (a base64 "
            "'%PDF-'); draw it after use_book_style() and re-run the notebook")
        size = len(base64.b64decode(pdf))
        assert size <= PDF_FORM_MAX_BYTES, (
            f"{path.name}, code cell {k}: the figure's PDF form is {size:,} bytes "
            f"(at most {PDF_FORM_MAX_BYTES:,}); draw its densest artist with "
            "rasterized=True")


@pytest.mark.parametrize("builder", ["html", "dirhtml", "latex"])
def test_the_html_book_shows_a_figures_png_and_the_pdf_edition_its_pdf(builder):
    # _config.yml relies on myst-nb's priority of mime types per builder; a myst-nb
    # that changed it would print the 100-dpi PNG, or put a PDF in a web page.
    from myst_nb.core.render import get_mime_priority

    config = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]
    priority = get_mime_priority(builder,
                                 config.get("nb_mime_priority_overrides", ()))
    if builder == "latex":
        assert priority.index(PDF_FORM) < priority.index("image/png"), priority
    else:
        assert PDF_FORM not in priority and "image/png" in priority, priority


# --- Figures: tests/nbval_figures.py compares them, since nbval skips images ----------

def _png(draw, width=2.0, height=1.5, **savefig):
    """A base64 PNG, as a notebook stores it, of a small figure that `draw(ax)`
    plots."""
    fig = Figure(figsize=(width, height), dpi=100)
    draw(fig.subplots())
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", **savefig)
    return base64.b64encode(buffer.getvalue()).decode()


def _shifted_pixels(png, levels, where=(slice(10, 12), slice(10, 12))):
    """The same PNG with a few pixels' colour changed by `levels` of 255."""
    pixels = decode_png(png)
    pixels[where + (slice(0, 3),)] = np.clip(pixels[where + (slice(0, 3),)] - levels,
                                             0, 255)
    buffer = io.BytesIO()
    Image.fromarray(pixels.astype(np.uint8), "RGBA").save(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode()


def _line(y_last):
    return lambda ax: ax.plot([0, 1, 2, 3], [0, 1, 0.5, y_last], "o-")


def test_the_figure_comparison_is_loaded_with_nbval(request):
    assert request.config.pluginmanager.has_plugin("nbval_figures"), (
        "pyproject.toml must load tests/nbval_figures.py (-p nbval_figures)")


def test_a_figure_encoded_with_other_metadata_is_the_same_figure():
    one = _png(_line(1.0), metadata={"Software": "one"})
    other = _png(_line(1.0), metadata={"Software": "other"})
    assert one != other and figure_difference(one, other) is None


def test_a_figure_whose_one_plotted_value_moved_half_a_pixel_differs():
    # the y axis spans about 1.1 units over 115 pixels, so 0.005 is half a pixel
    why = figure_difference(_png(_line(1.0)), _png(_line(1.005)))
    assert (why and "pixels changed by more than 16 of 255 levels" in why
            and "RMS" in why)


def test_a_colour_change_up_to_the_tolerance_passes_and_above_it_fails():
    png = _png(_line(1.0))
    assert figure_difference(png, _shifted_pixels(png, PIXEL_TOLERANCE)) is None
    # 4 white pixels, RGB
    rms = np.sqrt(4 * 3 * (PIXEL_TOLERANCE + 1) ** 2 / (200 * 150 * 4))
    assert figure_difference(png, _shifted_pixels(png, PIXEL_TOLERANCE + 1)) == (
        f"4 of 30000 pixels changed by more than {PIXEL_TOLERANCE} of 255 levels "
        f"(by up to {PIXEL_TOLERANCE + 1}); RMS difference {rms:.2f}")


def test_a_figure_of_another_size_differs_and_the_message_gives_both_sizes():
    why = figure_difference(_png(_line(1.0)), _png(_line(1.0), width=2.1))
    assert why == "its size changed from 200 x 150 pixels to 210 x 150"


def test_a_cell_that_made_another_number_of_figures_differs():
    figure = {"output_type": "display_data", "data": {"image/png": _png(_line(1.0))}}
    text = {"output_type": "stream", "name": "stdout", "text": "no figure\n"}
    assert figure_problems([figure, text], [figure, text]) == []
    assert figure_problems([figure, figure], [figure]) == [
        "the cell stored 2 figure(s) and the fresh run made 1"]


def test_a_figures_pdf_form_must_be_there_but_its_bytes_are_not_compared():
    png = _png(_line(1.0))

    def figure(pdf):
        data = {"image/png": png, PDF_FORM: pdf} if pdf else {"image/png": png}
        return {"output_type": "display_data", "data": data}
    assert figure_problems([figure("JVBERi0xLjQ=")], [figure("JVBERi0xLjU=")]) == []
    assert figure_problems([figure("JVBERi0xLjQ=")], [figure(None)]) == [
        "the cell stored 1 figure(s) as PDF and the fresh run made 0"]


def test_pytest_fails_a_notebook_whose_figure_changed_and_not_one_tagged_ignore_output(
        tmp_path):
    # End to end, as `make test` runs a chapter, in the book's style (so every figure
    # has its PDF form too): three cells each store a figure; the second stores one of
    # another plot, the third too but is tagged nbval-ignore-output; a fourth stores
    # its own PNG beside another figure's PDF, which nbval must not compare.
    plot = ("import matplotlib.pyplot as plt\n"
            "from bpcode.plotting import use_book_style\n"
            "use_book_style()\n"
            "fig, ax = plt.subplots(figsize=(2, 1.5))\n"
            "ax.plot([0, 1, 2], [0, 1, {}])\n"
            "plt.show()")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(plot.format(0.2)),
                nbformat.v4.new_code_cell(plot.format(0.8)),
                nbformat.v4.new_code_cell(plot.format(0.8),
                                          metadata={"tags": ["nbval-ignore-output"]}),
                nbformat.v4.new_code_cell(plot.format(0.2))]
    path = tmp_path / "planted.ipynb"
    nbformat.write(nb, path)
    subprocess.run([sys.executable, "tools/execute_notebooks.py", str(path)], cwd=ROOT,
                   check=True, capture_output=True)
    nb = nbformat.read(path, as_version=4)
    other_pdf = nb.cells[1].outputs[0]["data"][PDF_FORM]
    assert nb.cells[3].outputs[0]["data"][PDF_FORM] != other_pdf
    nb.cells[3].outputs[0]["data"][PDF_FORM] = other_pdf
    nb.cells[1].outputs = nb.cells[2].outputs = nb.cells[0].outputs
    nbformat.write(nb, path)
    run = subprocess.run([sys.executable, "-m", "pytest", "-c", "pyproject.toml",
                          f"--rootdir={ROOT}", "--color=no", "-q", str(path)],
                         cwd=ROOT, capture_output=True, text=True)
    assert "1 failed, 3 passed" in run.stdout, run.stdout[-3000:]
    assert "Cell 1: a figure of" in run.stdout and "planted.ipynb differs" in run.stdout
    assert "pixels changed by more than" in run.stdout


# --- Round-off printed as digits ----------------------------------------------------
# A relative error of a finite difference, or the difference of two exact methods, is
# round-off: its digits change with the CPU, the BLAS kernel and the thread count, so a
# stored output that prints them fails on a reader's machine. Print the bound the cell
# asserts instead (bpcode.report.power_of_ten_above). The guard reads the stored
# outputs. It cannot see a quantity computed from round-off that is not small itself,
# such as the ratio of two round-off errors ("absolute error 1017 times larger"):
# nothing in the text tells it from a stable ratio, so that class is left to review
# (CONTRIBUTING.md).

# round-off-level quantities live below; a cost of 4.4e-6 is not one
ROUNDOFF_LEVEL = 1e-6
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?!\w|\.\d)")
# IEEE constants are the same on every machine: ε, the unit round-off ε/2, and their
# square and cube roots (the best steps of one-sided and central differences), in
# double and single.
IEEE_CONSTANTS = [c ** p for dtype in (np.float64, np.float32)
                  for c in (float(np.finfo(dtype).eps),
                            float(np.finfo(dtype).eps) / 2)
                  for p in (1, 1 / 2, 1 / 3)]
# Small numbers that are not round-off, each with its reason:
# (notebook, number as printed) -> why. Empty: every small number the chapters print is
# a bound they assert (bptt's gradient ratios, products of 60 Jacobians, print the power
# of ten beyond them too, so that no kernel's last digits can show).
NOT_ROUNDOFF = {}


def _significant_digits(number):
    """The significant digits of a printed number: '6.8e-10' → '68', '0.00100' → '1'."""
    mantissa = number.lower().split("e")[0].lstrip("+-").replace(".", "")
    return mantissa.strip("0")


def roundoff_digits(text, literals=()):
    """The numbers in an output `text` that print round-off as digits.

    Flagged: a number of magnitude below ROUNDOFF_LEVEL, printed with a mantissa other
    than 1, so a measurement ("6.8e-10", "7e-11", "0.000000123"), unless it is
      - a number the cell's source spells out (`literals`): a tolerance or a step the
        author chose, not a measurement;
      - an IEEE constant to the digits printed ("2.2e-16", machine ε).
    Not flagged: powers of ten ("1e-10", "1.0e-08"), the bounds a cell asserts; numbers
    of ROUNDOFF_LEVEL and above (a learning rate 1e-3, a percentage, a cost); numbers
    inside a word or an address ("layer2", "0x7f3a1e").
    """
    found = []
    for match in NUMBER.finditer(text):
        number, value = match.group(), abs(float(match.group()))
        digits = _significant_digits(number)
        if not 0 < value < ROUNDOFF_LEVEL or digits == "1" or float(number) in literals:
            continue
        if any(value == float(f"{c:.{len(digits) - 1}e}") for c in IEEE_CONSTANTS):
            continue
        found.append(number)
    return found


def _literals(source):
    return {float(number) for number in NUMBER.findall(source)}


def _texts(output):
    """(what, text) for each text an output shows: its stream, a text/* view, a glued
    value."""
    if output["output_type"] == "stream":
        yield output["name"], "".join(output["text"])
    for mime, value in output.get("data", {}).items():
        if mime.startswith(("text/", "application/papermill.record/text/")):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            yield (f"glued {name!r}" if name else mime), "".join(value)


def roundoff_in_notebook(nb):
    """(code cell number from 1, what, number, line) for every round-off a notebook
    prints.

    Skipped: cells tagged nbval-ignore-output (honestly variable, and not compared), and
    cells that print source code with inspect.getsource (their numbers are literals).
    """
    hits = []
    code_cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for k, cell in enumerate(code_cells, start=1):
        source = "".join(cell["source"])
        if "nbval-ignore-output" in cell.get("metadata", {}).get("tags", []) or (
                "getsource(" in source):
            continue
        literals = _literals(source)
        for output in cell["outputs"]:
            for what, text in _texts(output):
                for line in text.splitlines():
                    hits += [(k, what, n, line)
                             for n in roundoff_digits(line, literals)]
    return hits


@pytest.mark.parametrize("planted", [
    "relative error 1.5e-10", "da_j/dx: worst relative error over j = 0..9: 6.8e-10",
    "7e-11", "0.000000123", "np.float64(3.552713678800501e-15)", "[ 1.2e-12 -3.4E-13]",
    "max |difference| = -4.4e-16.", "error 2.50e-09, within tolerance"])
def test_the_roundoff_guard_fires_on_printed_roundoff(planted):
    assert roundoff_digits(planted), planted


@pytest.mark.parametrize("legitimate", [
    "relative error below 1e-10: True", "BP2: relative error below 1e-08",
    "below 1.0e-08", "0.0000001", "learning rate 1e-3, 30 epochs", "accuracy  96.38%",
    "machine epsilon 2.2e-16, unit round-off 1.1e-16", "√ε ≈ 1.49e-08",
    "<Figure size 640x380 with 1 Axes>", "E after 10,000 steps 0.0000043553",
    "ε = 1e-5 gives about 1e-10", "best ε = 5.6e-06", "ratios 9.16e+04, 5.7e+04",
    "<function f at 0x7f3a1e2b4c5d>", "layer2 w3 10_000 steps", "0.0 and -0.0"])
def test_the_roundoff_guard_passes_legitimate_outputs(legitimate):
    assert roundoff_digits(legitimate) == [], legitimate


def test_the_roundoff_guard_passes_a_tolerance_the_source_spells_out():
    assert roundoff_digits("tolerance 2.5e-10") == ["2.5e-10"]
    assert roundoff_digits("tolerance 2.5e-10", _literals("tol = 2.5e-10")) == []


def test_roundoff_guard_reads_streams_and_glue_and_skips_ignored_and_source_cells():
    def cell(source, outputs, tags=()):
        return {"cell_type": "code", "source": source, "outputs": outputs,
                "metadata": {"tags": list(tags)}}
    stream = {"output_type": "stream", "name": "stdout",
              "text": ["ok\n", "error 6.8e-10\n"]}
    glued = {"output_type": "display_data",
             "metadata": {"scrapbook": {"name": "x_err"}},
             "data": {"application/papermill.record/text/plain": "1.5e-10"}}
    nb = {"cells": [{"cell_type": "markdown", "source": "1.5e-10", "metadata": {}},
                    cell("print(err)", [stream]), cell("glue('x_err', err)", [glued]),
                    cell("print(t)", [stream], tags=["nbval-ignore-output"]),
                    cell("print(inspect.getsource(f))", [stream])]}
    assert roundoff_in_notebook(nb) == [(1, "stdout", "6.8e-10", "error 6.8e-10"),
                                        (2, "glued 'x_err'", "1.5e-10", "1.5e-10")]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_stored_output_prints_roundoff_as_digits(path):
    hits = [f"code cell {k} ({what}): {number} in {line.strip()!r}"
            for k, what, number, line
            in roundoff_in_notebook(json.loads(path.read_text()))
            if (path.name, number) not in NOT_ROUNDOFF]
    assert not hits, (
        f"{path.name} prints round-off as digits, which change from machine to "
        "machine:\n  " + "\n  ".join(hits)
        + "\nPrint or glue the bound the cell asserts instead "
        "(bpcode.report.power_of_ten_above); see CONTRIBUTING.md, "
        "'Reproducible outputs'.")
