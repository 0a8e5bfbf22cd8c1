"""Guards that make the nbval run meaningful.

nbval compares each stored output with a fresh one, but a notebook committed *without*
outputs has nothing to compare and passes silently. These tests make sure every notebook
was committed as one clean, complete, top-to-bottom run, and that the book's table of
contents and the chapters folder agree.
"""

import json
from pathlib import Path

import pytest
from booktoc import toc_files

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
NOTEBOOKS = sorted(p for p in CHAPTERS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in chapters/"


def test_every_notebook_is_in_the_toc_and_every_toc_entry_exists():
    listed = toc_files()
    notebooks = {str(p.relative_to(ROOT).with_suffix("")) for p in NOTEBOOKS}
    missing_from_toc = sorted(notebooks - set(listed))
    assert not missing_from_toc, f"notebooks not listed in _toc.yml: {missing_from_toc}"
    for entry in listed:
        candidates = [ROOT / f"{entry}{s}" for s in (".ipynb", ".md")]
        assert any(c.exists() for c in candidates), f"_toc.yml lists {entry!r}, but no .ipynb or .md exists"
    assert len(listed) == len(set(listed)), "_toc.yml lists a file twice"


def test_no_paired_text_file_beside_a_notebook():
    for nb in NOTEBOOKS:
        for suffix in (".py", ".md"):
            assert not nb.with_suffix(suffix).exists(), (
                f"{nb.with_suffix(suffix).name} sits beside {nb.name}: commit only the .ipynb")


def _code_cells(path):
    nb = json.loads(path.read_text())
    return nb, [c for c in nb["cells"] if c["cell_type"] == "code"]


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
                    f"{path.name}, code cell {i + 1}: stored stderr output: {''.join(out['text'])[:200]!r}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_cell_relies_on_a_trailing_semicolon(path):
    _, cells = _code_cells(path)
    for i, cell in enumerate(cells):
        src = "".join(cell["source"]).rstrip()
        assert not src.endswith(";"), (
            f"{path.name}, code cell {i + 1} ends with ';', which nbval does not honour; "
            "end a plotting cell with plt.show()")


def test_all_notebooks_use_one_kernel():
    specs = {json.dumps(json.loads(p.read_text())["metadata"].get("kernelspec"), sort_keys=True)
             for p in NOTEBOOKS}
    assert len(specs) == 1, f"notebooks name different kernels: {specs}"
    assert json.loads(specs.pop())["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_was_stored_as_an_image(path):
    # If matplotlib fails to render (say, mathtext it cannot parse), the cell stores only the
    # text "<Figure size ...>", without an image or an error: nbval compares text, so it
    # would pass, and the book would show no figure.
    _, cells = _code_cells(path)
    for i, cell in enumerate(cells):
        for out in cell["outputs"]:
            data = out.get("data", {})
            text = "".join(data.get("text/plain", ""))
            assert not (text.startswith("<Figure size") and "image/png" not in data), (
                f"{path.name}, code cell {i + 1}: a figure was stored as text only; did it fail to render?")
        if "plt.show()" in "".join(cell["source"]):
            assert any("image/png" in out.get("data", {}) for out in cell["outputs"]), (
                f"{path.name}, code cell {i + 1} calls plt.show() but stored no image")
