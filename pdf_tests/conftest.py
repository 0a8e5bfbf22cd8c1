"""Fixtures for pdf_tests/: the PDF that `make pdf` built, read as a reader meets it.

`make pdf` runs these tests after the LaTeX build (`make check-pdf` runs them alone).
They read the PDF with poppler's ``pdftotext``, ``pdffonts`` and ``pdfimages`` (Debian's
poppler-utils, which `make pdf` installs), the characters a PDF reader copies with
``pypdf``, the LaTeX log, and the LaTeX source. They are not part of `make test`:
pytest's ``testpaths`` (pyproject.toml) name only tests/ and chapters/.

Environment:
    BOOK_LATEX_DIR  the LaTeX build to read (default: _build/latex of the repository);
                    the PDF in it is the ``targetname`` of ``latex.latex_documents`` in
                    _config.yml, with ``.pdf``
"""

import json
import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from booktoc import toc_files

ROOT = Path(__file__).resolve().parent.parent
LATEX_DIR = Path(os.environ.get("BOOK_LATEX_DIR", ROOT / "_build" / "latex")).resolve()
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TEX_NAME = CONFIG["latex"]["latex_documents"]["targetname"]
PDF = LATEX_DIR / Path(TEX_NAME).with_suffix(".pdf")
LOG = LATEX_DIR / Path(TEX_NAME).with_suffix(".log")
TEX = LATEX_DIR / TEX_NAME


def pytest_sessionstart(session):
    for path in (PDF, LOG, TEX):
        if not path.exists():
            pytest.exit(f"no {path}: run `make pdf` first (or set BOOK_LATEX_DIR)",
                        returncode=2)
    for tool in ("pdftotext", "pdffonts", "pdfimages"):
        if shutil.which(tool) is None:
            pytest.exit(f"{tool} is missing: `make pdf` installs poppler-utils",
                        returncode=2)


def _run(*command):
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="session")
def pages():
    """The text of every page, as ``pdftotext`` reads it (reading order, no layout)."""
    return _run("pdftotext", "-enc", "UTF-8", str(PDF), "-").split("\f")[:-1]


@pytest.fixture(scope="session")
def log():
    """The LaTeX log of the last xelatex run, its long lines joined again.

    TeX breaks every log line after 79 characters, even inside a label or a word.
    """
    text = LOG.read_text(encoding="utf-8", errors="replace")
    return re.sub(r"(?m)^(.{79})\n", r"\1", text)


@pytest.fixture(scope="session")
def tex():
    """The LaTeX source that Sphinx wrote, as xelatex read it."""
    return TEX.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def raster_images():
    """``pdfimages -list``: one dict per raster image (page, width, x-ppi, ...)."""
    lines = _run("pdfimages", "-list", str(PDF)).splitlines()
    # Columns separated by spaces ("object ID" is two: the object number, 0)
    names = lines[0].split()
    return [dict(zip(names, line.split())) for line in lines[2:] if line.strip()]


@pytest.fixture(scope="session")
def fonts():
    """``pdffonts``' table: one dict per font (name, type, emb, ...)."""
    lines = _run("pdffonts", str(PDF)).splitlines()
    header, rule = lines[0], lines[1]
    # Fixed-width columns: their extents are the runs of dashes of the second line.
    spans = [m.span() for m in re.finditer(r"-+", rule)]
    spans[-1] = (spans[-1][0], None)
    names = [header[a:b].strip() for a, b in spans]
    return [{name: line[a:b].strip() for name, (a, b) in zip(names, spans)}
            for line in lines[2:]]


@pytest.fixture(scope="session")
def copied_lines():
    """(page, line) of the text a reader gets by copying: the characters the file holds.

    pypdf reports the characters of the content streams, spaces included, which is what
    a PDF reader copies; pdftotext instead rebuilds words from glyph positions and drops
    leading space, so it cannot tell whether indentation survives a copy.
    """
    from pypdf import PdfReader

    lines = []
    for number, page in enumerate(PdfReader(PDF).pages, start=1):
        lines.extend((number, line) for line in page.extract_text().splitlines())
    return lines


def _markdown_title(text):
    """The first level-1 heading of a Markdown text, without inline markup."""
    for line in text.splitlines():
        if line.startswith("# "):
            return re.sub(r"[`*$]", "", line[2:]).strip()
    return None


def _markdown(path):
    if path.suffix != ".ipynb":
        return path.read_text()
    cells = json.loads(path.read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells
                     if c["cell_type"] == "markdown")


@lru_cache(maxsize=None)
def chapter_titles():
    """The title of every chapter of _toc.yml, in reading order (the root excluded)."""
    titles = []
    for name in toc_files()[1:]:
        path = next(ROOT.glob(f"{name}.*"))
        title = _markdown_title(_markdown(path))
        assert title, f"{path.relative_to(ROOT)} has no '# ' title"
        titles.append(title)
    return titles


HIDDEN = {"remove-cell", "remove-input", "hide-input"}


@lru_cache(maxsize=None)
def code_lines():
    """Indented lines of the chapters' shown code cells: what a reader would copy."""
    lines = []
    for name in toc_files()[1:]:
        path = ROOT / f"{name}.ipynb"
        if not path.exists():
            continue
        for cell in json.loads(path.read_text())["cells"]:
            tags = set(cell.get("metadata", {}).get("tags", []))
            if cell["cell_type"] != "code" or tags & HIDDEN:
                continue
            source = "".join(cell["source"]).splitlines()
            lines.extend((path.name, line) for line in source
                         if re.match(r"^ {4,}\S", line) and len(line) <= 80)
    return lines
