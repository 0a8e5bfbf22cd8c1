"""Reading the book on a laptop and on a phone (`make check-site`).

Each test judges one property of every page's visit (reader.py), and each failure lists the
page, the viewport, and every element at fault with what identifies it (its first
characters, an equation's number, a solution's title) and the section it is in:

* nothing is wider than the text column — output blocks, display equations and tables at
  1280 × 1000 and at 390 × 844, code at 1280 × 1000 — so nothing is cut at the right edge;
* the phone's menu button opens the site navigation and its contents button the page's
  contents; the laptop's sidebar button hides the sidebar and shows it again;
* the browser's console has no error;
* no part of a solution (text, code, output, figure) shows before the reader opens it, and
  all of it shows after;
* the text in figures is drawn at 11 px or more on a laptop.
"""

import struct
from pathlib import Path
from urllib.parse import unquote

import pytest

from bpcode.plotting import STYLE
from conftest import HTML_DIR, PAGES
from reader import VIEWPORTS

MIN_TEXT_PX = 11      # the smallest figure text a reader should have to read


def _viewport(name):
    width, height, _ = VIEWPORTS[name]
    return f"{width} × {height}"


def _listing(items):
    return "".join(f"\n  - {item}" for item in items)


def _q(text):
    """Quoted as a reader sees it (repr would double every TeX backslash)."""
    return f"‘{text}’"


def _in(where):
    return f" (in {_q(where)})" if where else ""


def _too_wide(page, visit, viewport, kind, what):
    data = visit[viewport]
    assert "widths" in data, f"{page}: not measured at {_viewport(viewport)} ({data.get('error')})"
    widths = data["widths"]
    wide = [i for i in widths["items"] if i["kind"] == kind]
    assert not wide, (
        f"{page} at {_viewport(viewport)}: {len(wide)} {what} wider than the "
        f"{widths['column']} px column, cut at its right edge:" + _listing(
            f"{i['kind']} {_q(i['label'])} by {i['px']} px{_in(i['where'])}" for i in wide))


BOTH = [(viewport, page) for viewport in ("desktop", "phone") for page in PAGES]


@pytest.mark.parametrize("viewport, page", BOTH)
def test_output_blocks_fit_the_column(viewport, page, visit_of):
    _too_wide(page, visit_of, viewport, "output", "output block(s)")


@pytest.mark.parametrize("viewport, page", BOTH)
def test_display_equations_fit_the_column(viewport, page, visit_of):
    _too_wide(page, visit_of, viewport, "equation", "display equation(s)")


@pytest.mark.parametrize("viewport, page", BOTH)
def test_tables_fit_the_column(viewport, page, visit_of):
    _too_wide(page, visit_of, viewport, "table", "table(s)")


@pytest.mark.parametrize("page", PAGES)
def test_code_fits_the_column_on_a_laptop(page, visit_of):
    _too_wide(page, visit_of, "desktop", "code", "code block(s)")


@pytest.mark.parametrize("page", PAGES)
def test_phone_menu_button_opens_the_site_navigation(page, visit_of):
    menus = visit_of["phone"].get("menus")
    assert menus, f"{page}: not visited on a phone ({visit_of['phone'].get('error')})"
    assert not menus["menu"], f"{page} at {_viewport('phone')}: {menus['menu']}"


@pytest.mark.parametrize("page", PAGES)
def test_phone_contents_button_opens_the_page_contents(page, visit_of):
    menus = visit_of["phone"].get("menus")
    assert menus, f"{page}: not visited on a phone ({visit_of['phone'].get('error')})"
    assert not menus["contents"], f"{page} at {_viewport('phone')}: {menus['contents']}"


@pytest.mark.parametrize("page", PAGES)
def test_laptop_sidebar_button_hides_and_shows_the_sidebar(page, visit_of):
    problem = visit_of["desktop"].get("sidebar_toggle", "not visited")
    assert not problem, f"{page} at {_viewport('desktop')}: {problem}"


@pytest.mark.parametrize("page", PAGES)
def test_console_has_no_error(page, visit_of):
    errors = [f"at {_viewport(v)}: {message}" for v in ("desktop", "phone")
              for message in visit_of[v].get("console", [])]
    assert not errors, f"{page}: {len(errors)} error(s) in the browser's console:" + _listing(errors)


def _parts(parts):
    return ", ".join(f"{p['kind']} {_q(p['label'])}" for p in parts)


def _solution_problems(solution):
    """What is wrong with one solution, in one line, or None."""
    title = _q(solution["title"])
    if not solution["dropdown"] or not solution["button"]:
        return f"{title} is not a dropdown (`:class: dropdown`): it is open from the start"
    if solution["click_error"]:
        return f"{title}: its toggle button cannot be clicked ({solution['click_error']})"
    outside = [p for p in solution["parts"] if p["visible"] and p["outside"]]
    shown = [p for p in solution["parts"] if p["visible"] and not p["outside"]]
    hidden = [p for p in solution["parts_after"] if not p["visible"] and not p["outside"]]
    problems = []
    if outside:
        problems.append(f"right after it, outside the dropdown and shown before it is opened: "
                        f"{_parts(outside)} (enclose them with solution-start/solution-end)")
    if shown:
        problems.append(f"shown before it is opened: {_parts(shown)}")
    if hidden:
        problems.append(f"still hidden after a click opened it: {_parts(hidden)}")
    return f"{title}: " + "; ".join(problems) if problems else None


@pytest.mark.parametrize("page", PAGES)
def test_solutions_stay_hidden_until_opened(page, visit_of):
    solutions = visit_of["desktop"].get("solutions", [])
    problems = [p for s in solutions if (p := _solution_problems(s))]
    assert not problems, (
        f"{page}: {len(problems)} of {len(solutions)} solution(s) show part of the answer "
        "before the reader opens them, or hide part of it after:" + _listing(problems))


# ---- figures ---------------------------------------------------------------------------------

def _png_dpi(path):
    """The resolution a PNG was saved at (its pHYs chunk), or None."""
    data = Path(path).read_bytes()
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"pHYs":
            per_x, _, unit = struct.unpack(">IIB", data[pos + 8:pos + 17])
            return per_x * 0.0254 if unit == 1 else None
        if kind in (b"IDAT", b"IEND"):
            return None
        pos += 12 + length
    return None


def _figure_problem(page, figure, column):
    if not figure["natural_width"] or not figure["src"] or figure["src"].startswith("data:"):
        return None
    path = (HTML_DIR / page).parent / unquote(figure["src"])
    dpi = _png_dpi(path) if path.is_file() else None
    dpi = dpi or STYLE["savefig.dpi"]
    scale = figure["displayed_width"] / figure["natural_width"]
    text_px = STYLE["font.size"] * dpi / 72 * scale
    if text_px >= MIN_TEXT_PX - 0.05:
        return None
    widest = column * STYLE["font.size"] * dpi / 72 / MIN_TEXT_PX   # PNG pixels
    return (f"figure {_q(figure['alt'])}{_in(figure['where'])}" +
            f": drawn at {scale:.0%} of its {figure['natural_width']} px, so its "
            f"{STYLE['font.size']}-pt text is {text_px:.1f} px; a PNG at most {widest:.0f} px "
            f"wide ({widest / dpi:.1f} in at {dpi:.0f} dpi) keeps it legible")


@pytest.mark.parametrize("page", PAGES)
def test_figure_text_is_legible_on_a_laptop(page, visit_of):
    """Text at the book style's font size (bpcode.plotting.STYLE) must be drawn ≥ 11 px.

    A figure that sets smaller text itself (``fontsize=8``) is not seen by this check.
    """
    widths = visit_of["desktop"].get("widths")
    assert widths, f"{page}: not measured ({visit_of['desktop'].get('error')})"
    problems = [p for f in widths["figures"] if (p := _figure_problem(page, f, widths["column"]))]
    assert not problems, (
        f"{page} at {_viewport('desktop')}: {len(problems)} figure(s) scaled down so far that "
        f"their text is below {MIN_TEXT_PX} px:" + _listing(problems))
