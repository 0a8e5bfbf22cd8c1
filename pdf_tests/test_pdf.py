"""The PDF edition, checked the way a reader meets it: pages, fonts, copied text.

Each test reads the PDF that `make pdf` built (or its LaTeX log) and, when it fails,
names the page or the log line and what is wrong, so that its chapter can be fixed.
"""

import re

import pytest
import yaml

from conftest import PDF, ROOT, chapter_titles, code_lines

# The book has 220 pages today (16 chapters, 4 appendices). Chapters are rewritten and
# added, so the range is wide; outside it, something is missing (a part or a chapter
# dropped, outputs not rendered) or running away (an output thousands of lines long).
PAGES_MIN, PAGES_MAX = 180, 420

# An overfull line sticks into the margin by that much. Below 1 pt (0.35 mm) no reader
# can see it; above, each one is listed. The budget is what the chapters have today:
# tables too wide for the page in notation (one) and on the Notation page, symbols.md
# (six), and one display equation in bptt. Lower it as they are fixed; never raise it.
OVERFULL_VISIBLE_PT = 1.0
OVERFULL_BUDGET = 11

# Lines of code or output longer than the code column (90 characters of code, 89 of
# output) wrap, with Sphinx's continuation mark ↪. That keeps them on the page, but a
# wrapped line of code is harder to read and to copy: today the wrapped lines are
# outputs (training logs, tables) wider than 88 characters. Lower as the chapters narrow
# them.
WRAPPED_BUDGET = 62

# Figures print as vectors: every figure a notebook stores has a PDF form beside its
# 100-dpi PNG (bpcode.plotting.use_book_style), and the LaTeX build includes that. 58
# figures today. What a PDF figure keeps as pixels is data shown as pixels (a digit, a
# saliency map: a few hundred pixels each, at their own resolution, scaled up without
# blurring) or drawn at 300 dpi (a heat map, a colour bar). A raster of more pixels than
# that at screen resolution is a figure that lost its vector form.
FIGURES_MIN = 40
FIGURE_FILE = re.compile(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{[^{}]+\}(\.\w+)\}")
DATA_IMAGE_MAX_PIXELS = 10_000
PRINT_PPI = 250

NUMBER_WORDS = ("ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN ELEVEN TWELVE "
                "THIRTEEN FOURTEEN FIFTEEN SIXTEEN SEVENTEEN EIGHTEEN NINETEEN "
                "TWENTY").split()


def _headings(pages):
    """(page, label, text) of each chapter opening: 'CHAPTER ONE', 'APPENDIX A', ..."""
    found = []
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if len(lines) >= 3 and lines[0] in ("CHAPTER", "APPENDIX"):
            found.append((number, f"{lines[0]} {lines[1]}", " ".join(lines[2:8])))
    return found


def _normalize(text):
    return re.sub(r"\s+", " ", text).strip().upper()


def test_page_count_is_in_the_expected_range(pages):
    assert PAGES_MIN <= len(pages) <= PAGES_MAX, (
        f"{PDF.name} has {len(pages)} pages, expected {PAGES_MIN} to {PAGES_MAX}: "
        "a part missing, or an output running away?")


def test_every_chapter_opens_with_its_title_in_reading_order(pages):
    expected = chapter_titles()
    found = _headings(pages)
    problems = []
    for i, title in enumerate(expected):
        if i >= len(found):
            problems.append(f"chapter {i + 1} {title!r}: missing "
                            f"(the PDF has {len(found)} chapters)")
        elif not _normalize(found[i][2]).startswith(_normalize(title)):
            page, label, text = found[i]
            problems.append(f"chapter {i + 1} should be {title!r}, page {page} opens "
                            f"{label}: {text[:60]!r}")
    problems += [f"unexpected chapter on page {page}: {label} {text[:60]!r}"
                 for page, label, text in found[len(expected):]]
    assert not problems, "chapters of the PDF vs _toc.yml:\n" + "\n".join(problems)


def _unnumbered_chapters():
    """How many chapters the trailing parts of _toc.yml without ``numbered`` hold."""
    count = 0
    for part in reversed(yaml.safe_load((ROOT / "_toc.yml").read_text())["parts"]):
        if part.get("numbered"):
            break
        count += len(part["chapters"])
    return count


def test_chapters_are_numbered_and_the_unnumbered_parts_are_lettered_appendices(pages):
    labels = [label for _, label, _ in _headings(pages)]
    lettered = _unnumbered_chapters()
    numbered = len(chapter_titles()) - lettered
    expected = ([f"CHAPTER {word}" for word in NUMBER_WORDS[:numbered]]
                + [f"APPENDIX {chr(ord('A') + i)}" for i in range(lettered)])
    assert labels == expected, (
        f"the PDF's chapters are labelled {labels}, expected {numbered} numbered "
        f"chapters then {lettered} appendices (the parts of _toc.yml without "
        "numbered: true)")


def test_no_reference_or_citation_is_left_unresolved_or_ambiguous(pages, log):
    problems = [m.group(0) for m in re.finditer(
        r"LaTeX Warning: (Reference|Citation|Hyper reference) `[^']*' on page \d+ "
        r"undefined|LaTeX Warning: Label `[^']*' multiply defined", log)]
    for number, page in enumerate(pages, start=1):
        for m in re.finditer(r"\?\?|\[\?\]", page):
            context = page[max(0, m.start() - 40):m.end() + 20]
            problems.append(f"page {number}: {m.group(0)!r} in {context!r}")
    assert not problems, f"{len(problems)} unresolved:\n" + "\n".join(problems[:30])


def test_every_character_has_a_glyph(log):
    missing = sorted(set(re.findall(
        r"Missing character: There is no (.+?) in font ([^!\n]+)", log)))
    assert not missing, (
        "characters the fonts lack (add a \\newunicodechar to _latex/bookpdf.sty, or "
        "avoid the character): " + "; ".join(f"{c} in {font}" for c, font in missing))


def test_overfull_lines_stay_within_the_budget(log):
    boxes = []
    for m in re.finditer(r"Overfull \\hbox \(([\d.]+)pt too wide\) ([^\n]*)", log):
        what = log[m.end():m.end() + 120].split("\n\n")[0].strip()
        boxes.append((float(m.group(1)), m.group(2), what))
    visible = sorted((box for box in boxes if box[0] > OVERFULL_VISIBLE_PT),
                     reverse=True)
    listing = "\n".join(f"{pt:6.1f} pt {where}: {what[:90]!r}"
                        for pt, where, what in visible)
    assert len(visible) <= OVERFULL_BUDGET, (
        f"{len(visible)} lines stick more than {OVERFULL_VISIBLE_PT} pt into the "
        f"margin, the budget is {OVERFULL_BUDGET} (line numbers are in "
        f"{PDF.stem}.tex):\n{listing}")


def test_every_figure_is_included_as_a_vector_pdf(tex):
    extensions = FIGURE_FILE.findall(tex)
    assert len(extensions) >= FIGURES_MIN, (
        f"the LaTeX source includes {len(extensions)} figures, expected at least "
        f"{FIGURES_MIN}: are the notebooks' figures rendered?")
    rasters = [ext for ext in extensions if ext != ".pdf"]
    assert not rasters, (
        f"{len(rasters)} of {len(extensions)} figures are included as {set(rasters)}, "
        "not as their PDF form: re-run the notebook (make notebooks) after "
        "bpcode.plotting.use_book_style(), and keep myst-nb's latex mime priority")


def test_no_figure_prints_as_a_screen_resolution_raster(raster_images):
    coarse = [image for image in raster_images
              if int(image["width"]) * int(image["height"]) > DATA_IMAGE_MAX_PIXELS
              and min(int(image["x-ppi"]), int(image["y-ppi"])) < PRINT_PPI]
    listing = "\n".join(f"page {image['page']}: {image['width']} x {image['height']} "
                         f"pixels at {image['x-ppi']} ppi" for image in coarse)
    assert not coarse, (
        f"{len(coarse)} raster images larger than {DATA_IMAGE_MAX_PIXELS:,} pixels "
        f"print below {PRINT_PPI} ppi (a figure as its PNG?):\n{listing}")


def test_every_font_is_embedded(fonts):
    assert fonts, "pdffonts lists no font"
    not_embedded = [f["name"] for f in fonts if f["emb"] != "yes"]
    assert not not_embedded, (
        f"fonts not embedded (they print as a substitute): {not_embedded}")


def test_no_font_is_a_type3_font(fonts):
    """Type 3 fonts (matplotlib's default in a PDF figure) print blurred."""
    type3 = [f["name"] for f in fonts if f["type"] == "Type 3"]
    assert not type3, f"Type 3 fonts: {type3} (save PDF figures with pdf.fonttype 42)"


@pytest.mark.parametrize("tag", ["BP1", "BP2", "BP3", "BP4"])
def test_the_four_equations_carry_their_tags(pages, tag):
    # An equation's tag stands alone on its line, at the right margin; "(BP2)" in a
    # sentence does not.
    tagged = [n for n, page in enumerate(pages, start=1)
              if re.search(rf"^\({tag}\)$", page, re.M)]
    assert tagged, f"no equation is tagged ({tag}) in the PDF"


def _indent(line):
    return len(line) - len(line.lstrip(" "))


def test_copied_code_keeps_its_indentation(copied_lines):
    """An indented line of a chapter's code, copied from the PDF, keeps its indent."""
    def squeeze(line):   # a copy may split a token ("np .linspace"): compare unspaced
        return re.sub(r"\s+", "", line)

    wanted = code_lines()
    assert wanted, "no indented code line in the chapters to look for"
    copied = {}
    for _, line in copied_lines:
        copied.setdefault(squeeze(line), set()).add(_indent(line))
    found = [(nb, line) for nb, line in wanted if squeeze(line) in copied]
    assert len(found) >= 0.8 * len(wanted), (
        f"only {len(found)} of {len(wanted)} indented code lines are in the copied "
        "text")
    lost = [(nb, line) for nb, line in found
            if _indent(line) not in copied[squeeze(line)]]
    examples = "; ".join(f"{nb}: {line!r}" for nb, line in lost[:5])
    assert not lost, (f"{len(lost)} of {len(found)} indented lines lose their "
                      f"indentation when copied, e.g. {examples}")


def test_wrapped_code_and_output_lines_stay_within_the_budget(copied_lines):
    wrapped = [(page, previous) for (page, previous), (_, line)
               in zip(copied_lines, copied_lines[1:])
               if line.lstrip().startswith("↪")]
    listing = "\n".join(f"page {page}: {line.strip()[:70]!r}"
                        for page, line in wrapped)
    assert len(wrapped) <= WRAPPED_BUDGET, (
        f"{len(wrapped)} lines of code or output are too long for the page and wrap, "
        f"the budget is {WRAPPED_BUDGET}:\n{listing}")
