"""The built book, checked the way a reader meets it: in a browser (`make check-site`).

Each page of _toc.yml is visited once per viewport in headless Chromium (reader.py); a script
in the page waits for MathJax and the images, then reports what a reader would see. The tests
below judge that report (pages load, math, images, links, resources, copy buttons, search),
one property per test and page, and every failure names the page and the problem;
test_reading.py judges what reading on a laptop and a phone needs (widths, menus, console,
solutions, figure text). A screenshot of each page's first screen, laptop and phone, goes to
_build/screenshots/ (and, for pages with figures, one of the first figure in the theme's
dark mode), for a person to look at.
"""

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import HTML_DIR, PAGES, get_visit

# TeX that MathJax should have turned into typeset math: seen as text, it is a bug.
RAW_TEX = [
    ("$$", re.compile(r"\$\$")),
    (r"\begin{...}", re.compile(r"\\begin\{")),
    (r"\end{...}", re.compile(r"\\end\{")),
    (r"\frac", re.compile(r"\\frac\b")),
    (r"\( or \)", re.compile(r"\\[()]")),
    (r"\[ or \]", re.compile(r"\\[\[\]]")),
    ("a TeX command inside $...$", re.compile(r"\$[^$\n]{0,40}\\[A-Za-z]+")),
    ("inline math left as $...$", re.compile(r"(?<![\w$])\$[^$\s](?:[^$\n]{0,60}[^$\s\\])?\$(?![\w$])")),
    ("a TeX command such as \\partial or \\delta", re.compile(
        r"\\(partial|delta|sigma|sum|nabla|odot|mathbf|mathrm|operatorname|left|right|cdot|tag)\b")),
]


@pytest.fixture
def report(visit_of, page):
    """What the test's ``page`` reports about itself on a laptop's screen (js/collect.js)."""
    data = visit_of["desktop"]
    assert "error" not in data, f"{page}: the page's own check script failed: {data.get('error')}"
    return data


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_with_content(page, report):
    assert not report["title"].startswith(("404", "Error response")), f"{page}: the server answered {report['title']!r}"
    assert report["main_text_length"] > 100, f"{page}: the page loaded, but its main area is (nearly) empty"


@pytest.mark.parametrize("page", PAGES)
def test_no_raw_tex_is_visible(page, report):
    text = report["text"]
    found = []
    for name, pattern in RAW_TEX:
        for m in pattern.finditer(text):
            context = " ".join(text[max(0, m.start() - 40):m.end() + 40].split())
            found.append(f"{name} in “…{context}…”")
            break
    assert not found, f"{page}: raw TeX is visible (math not typeset): " + "; ".join(found)


@pytest.mark.parametrize("page", PAGES)
def test_math_is_typeset_by_mathjax(page, report):
    if report["math_nodes"] == 0:
        return
    assert report["mathjax"] == "typeset", (
        f"{page}: has {report['math_nodes']} math elements but MathJax never started ({report['mathjax']})")
    assert not report["untypeset_math"], (
        f"{page}: {len(report['untypeset_math'])} math element(s) were not typeset, "
        f"first: {report['untypeset_math'][0]!r}")
    assert report["mjx_containers"] >= report["math_nodes"], (
        f"{page}: {report['math_nodes']} math elements but only {report['mjx_containers']} MathJax containers")


@pytest.mark.parametrize("page", PAGES)
def test_math_has_no_undefined_macro_or_tex_error(page, report):
    assert not report["math_errors"], (
        f"{page}: {len(report['math_errors'])} formula(s) have an undefined macro or a TeX error "
        f"(the book's macros are in _config.yml, listed on the Notation page): {report['math_errors']}")


@pytest.mark.parametrize("page", PAGES)
def test_every_image_loads(page, report):
    broken = [i["src"] for i in report["images"] if not i["natural_width"]]
    assert not broken, f"{page}: {len(broken)} image(s) did not load: {broken}"


@pytest.mark.parametrize("page", PAGES)
def test_figures_are_opaque_so_they_read_in_dark_mode(page, report):
    transparent = [i["src"] for i in report["images"]
                   if isinstance(i["corner_alpha"], list) and min(i["corner_alpha"]) < 255]
    assert not transparent, (
        f"{page}: figure(s) with a transparent background, which vanish into the dark theme "
        f"(use bpcode.plotting.new_figure, whose style sets a white facecolor): {transparent}")


@lru_cache(maxsize=None)
def _ids_in(path):
    soup = BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")
    return frozenset([t["id"] for t in soup.find_all(id=True)] + [t["name"] for t in soup.find_all("a", attrs={"name": True})])


def _broken_targets(page, report, hrefs):
    problems = []
    base = urlsplit(report["url"])
    for href in hrefs:
        if not href or href.startswith(("mailto:", "javascript:", "data:", "tel:")):
            continue
        target = urlsplit(urljoin(report["url"], href))
        if target.scheme in ("http", "https") and target.netloc != base.netloc:
            continue                       # external: the network is off; not checked here
        if target.scheme not in ("http", "https"):
            continue
        rel = unquote(target.path).lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        path = HTML_DIR / rel
        if not path.is_file():
            problems.append(f"{href!r} → {rel} does not exist")
            continue
        fragment = unquote(target.fragment)
        if fragment and path.suffix == ".html":
            ids = set(report["ids"]) | _ids_in(str(path)) if rel == page else _ids_in(str(path))
            if fragment not in ids:
                problems.append(f"{href!r} → no element with id {fragment!r} in {rel}")
    return problems


@pytest.mark.parametrize("page", PAGES)
def test_no_internal_link_or_anchor_is_broken(page, report):
    problems = _broken_targets(page, report, report["links"])
    assert not problems, f"{page}: {len(problems)} broken link(s): " + "; ".join(sorted(set(problems)))


@pytest.mark.parametrize("page", PAGES)
def test_every_stylesheet_and_script_exists(page, report):
    problems = _broken_targets(page, report, report["resources"])
    assert not problems, f"{page}: missing resource(s): " + "; ".join(sorted(set(problems)))


@pytest.mark.parametrize("page", PAGES)
def test_page_fetches_nothing_from_the_network(page, report):
    assert not report["external"], (
        f"{page}: fetches {len(report['external'])} resource(s) from outside the book, "
        f"which an offline reader cannot load: {report['external'][:5]}")


@pytest.mark.parametrize("page", PAGES)
def test_every_code_cell_has_a_copy_button(page, report):
    if report["code_blocks"] == 0:
        return
    assert report["copy_buttons"] > 0, f"{page}: {report['code_blocks']} code blocks but no copy button"
    assert report["code_cells_without_copy_button"] == 0, (
        f"{page}: {report['code_cells_without_copy_button']} of {report['code_cells']} code cells have no copy button")


def test_some_page_has_a_code_cell_with_a_copy_button(driver, base_url):
    with_buttons = [p for p in PAGES if get_visit(driver, base_url, p)["desktop"].get("copy_buttons")]
    assert with_buttons, "no page of the book has a code cell with a copy button"
