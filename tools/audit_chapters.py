"""Audit every chapter of _toc.yml against the book's reading conventions.

Usage: python tools/audit_chapters.py [--strict] [notebook.ipynb ...]

For each notebook chapter in _toc.yml (or each notebook given), reports whether it has

- label      a ``(chapter-<slug>)=`` target before its title;
- intro      an "In this chapter" admonition (what the reader will be able to do, what
             it assumes);
- summary    a "Summary" section;
- exercises  an "Exercises" section with at least one ``{exercise}`` that has a
             ``:label:``;
- solutions  a solution for every exercise, collapsed (``:class: dropdown``) and gated:
             ``{solution-start}`` … ``{solution-end}`` around every cell of the
             answer, each code cell in it executed; a plain ``{solution}`` followed by
             a code cell leaves that code (and its output) in sight, unopened;
- code       bpcode's code shown with ``literalinclude`` (``:pyobject:``), never printed
             with ``inspect.getsource``;
- plumbing   no glue call in a cell the book shows (tag it ``remove-cell``), and no
             ``# noqa`` or ``OPENBLAS`` setting in any cell;
- alt        alt text on every image output (cell metadata ``mystnb.image.alt``) and on
             every markdown image;
- style      figures drawn in the book's style (``new_figure`` or ``use_book_style``)
             and every plotting cell ending in ``plt.show()``;
- bp_refs    every equation BP1–BP4 the chapter names is linked at least once, as
             ``{ref}`BP1 <bp1>```; the chapter that states them tags them
             ``\tag{BP1}``… and puts the targets ``(bp1)=``… before them;
- width      (a note, not a gap) code lines wider than the book's column (84
             characters), which a reader has to scroll sideways.

It also checks the API reference page: every module of bpcode has an automodule block in
chapters/api.md, and every public function and class has a docstring (autodoc's
``:members:`` leaves out names without one).

Labelled axes and units cannot be checked without looking at the figures: look at the
screenshots of ``make check-site`` for those. Markdown pages (the Reference part) are
listed and skipped. Exits 0 (it is a report) unless ``--strict`` is given and a check
fails.
"""

import json
import re
import sys
from pathlib import Path

from booktoc import toc_files

ROOT = Path(__file__).resolve().parent.parent
CHECKS = (
    "label",
    "intro",
    "summary",
    "exercises",
    "solutions",
    "code",
    "plumbing",
    "alt",
    "style",
    "bp_refs",
)
#: Reported as notes, not counted as gaps: a wide line still reads, with a scroll bar.
NOTES = ("width",)
#: The widest code line the book's column shows without a horizontal scroll bar:
#: measured in Chromium at 1280 px with _static/custom.css (0.8rem monospace), 84.6
#: characters.
MAX_CODE_LINE = 84

EXERCISE = re.compile(
    r"^(`{3,}|:{3,})\{exercise\}[^\n]*\n(?P<body>.*?)^\1", re.S | re.M
)
SOLUTION = re.compile(
    r"^(`{3,}|:{3,})\{solution\}[ \t]*(?P<label>\S+)[^\n]*\n(?P<body>.*?)^\1",
    re.S | re.M,
)
SOLUTION_START = re.compile(
    r"^(`{3,}|:{3,})\{solution-start\}[ \t]*(?P<label>\S+)[^\n]*\n(?P<body>.*?)^\1",
    re.S | re.M,
)
SOLUTION_END = re.compile(r"^(`{3,}|:{3,})\{solution-end\}", re.M)
GLUE_CALL = re.compile(r"\bglue(_number)?\(")
MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\([^)]*\)")
MD_FIGURE_ALT = re.compile(r"\{(figure|image)\}[^\n]*\n(?P<opts>(?::[^\n]*\n)*)")


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _has_image(cell):
    return any(out.get("output_type") in ("display_data", "execute_result")
               and any(k.startswith("image/") for k in out.get("data", {}))
               for out in cell.get("outputs", []))


def _solution_cell_gaps(cells):
    """What a reader sees of the answers unopened: code after a plain solution; unrun
    code inside a gated one; a gate never closed."""
    gaps, gate = [], None      # gate: the label of the solution-start being read
    for i, cell in enumerate(cells):
        src = _source(cell)
        if cell.get("cell_type") == "markdown":
            start = ([m for m in SOLUTION_START.finditer(src)] or [None])[-1]
            end = ([m for m in SOLUTION_END.finditer(src)] or [None])[-1]
            if start and (end is None or start.start() > end.start()):
                gate = start.group("label")
            elif end:
                gate = None
            # the cell's last plain solution, unless a gate opens after it
            plain = ([m for m in SOLUTION.finditer(src)] or [None])[-1]
            if plain and start and start.start() > plain.start():
                plain = None
            nxt = cells[i + 1] if i + 1 < len(cells) else None
            if plain and nxt is not None and nxt.get("cell_type") == "code":
                gaps.append(f"the code after the solution of {plain.group('label')} "
                            "sits outside it, in sight (gate it with solution-start "
                            "and solution-end)")
        elif gate is not None and cell.get("execution_count") is None:
            gaps.append(f"a code cell in the solution of {gate} was not executed")
    if gate is not None:
        gaps.append(f"the solution of {gate} has no solution-end")
    return gaps


def audit_notebook(path):
    """``{check: (ok, detail)}`` for one notebook; detail says what is missing."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = nb.get("cells", [])
    md = [_source(c) for c in cells if c.get("cell_type") == "markdown"]
    code = [c for c in cells if c.get("cell_type") == "code"]
    text = "\n\n".join(md)
    all_source = "\n\n".join(_source(c) for c in cells)
    result = {}

    first = md[0].lstrip() if md else ""
    result["label"] = (
        bool(re.match(r"\(chapter-[\w-]+\)=\s*\n#\s", first)),
        "first markdown cell does not start with (chapter-<slug>)= and the # title",
    )

    result["intro"] = (bool(re.search(r"\{admonition\}\s*In this chapter", text)),
                       'no "In this chapter" admonition')

    result["summary"] = (
        bool(re.search(r"^#{2,3}\s+Summary\b", text, re.M)),
        "no Summary section",
    )

    exercises = [m.group("body") for m in EXERCISE.finditer(text)]
    labels = [re.search(r"^:label:\s*(\S+)", body, re.M) for body in exercises]
    unlabelled = sum(1 for label in labels if label is None)
    has_section = bool(re.search(r"^#{2,3}\s+Exercises?\b", text, re.M))
    detail = []
    if not has_section:
        detail.append("no Exercises section")
    if not exercises:
        detail.append("no {exercise} directive")
    if unlabelled:
        detail.append(f"{unlabelled} exercise(s) without :label:")
    result["exercises"] = (not detail, "; ".join(detail))

    solutions = {m.group("label"): m.group("body") for m in SOLUTION.finditer(text)}
    solutions.update(
        (m.group("label"), m.group("body")) for m in SOLUTION_START.finditer(text)
    )
    missing = [
        l.group(1) for l in labels if l is not None and l.group(1) not in solutions
    ]
    open_ = [
        label
        for label, body in solutions.items()
        if not re.search(r"^:class:.*\bdropdown\b", body, re.M)
    ]
    detail = []
    if missing:
        detail.append(f"no solution for {', '.join(missing)}")
    if open_:
        detail.append(
            f"solution(s) not collapsed (:class: dropdown): {', '.join(open_)}"
        )
    detail += _solution_cell_gaps(cells)
    result["solutions"] = (
        bool(exercises) and not detail,
        "; ".join(detail) or "no exercises",
    )

    shown = bool(re.search(r"\{literalinclude\}", text))
    printed = [i for i, c in enumerate(code, 1) if "getsource" in _source(c)]
    detail = []
    if not shown:
        detail.append("no bpcode code shown with literalinclude")
    if printed:
        detail.append("code printed with inspect.getsource in code cell(s) "
                      + ", ".join(map(str, printed)) + " (show it with literalinclude)")
    result["code"] = (not detail, "; ".join(detail))

    detail = []
    for i, cell in enumerate(code, 1):
        src = _source(cell)
        tags = cell.get("metadata", {}).get("tags", [])
        if GLUE_CALL.search(src) and "remove-cell" not in tags:
            detail.append(f"code cell {i} glues in sight (tag it remove-cell)")
        if "# noqa" in src or "OPENBLAS" in src:
            detail.append(f"code cell {i} has a # noqa or an OPENBLAS setting")
    result["plumbing"] = (not detail, "; ".join(detail))

    no_alt = []
    for i, cell in enumerate(code, 1):
        if _has_image(cell):
            alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt")
            if not (alt and alt.strip()):
                no_alt.append(f"code cell {i}")
    for m in MD_IMAGE.finditer(text):
        if not m.group("alt").strip():
            no_alt.append(f"markdown image {m.group(0)[:40]}")
    for m in MD_FIGURE_ALT.finditer(text):
        if ":alt:" not in m.group("opts"):
            no_alt.append(f"{{{m.group(1)}}} without :alt:")
    result["alt"] = (not no_alt, "no alt text: " + ", ".join(no_alt))

    plotting = [(i, c) for i, c in enumerate(code, 1) if _has_image(c)]
    detail = []
    if plotting and not re.search(
        r"new_figure|use_book_style|bpcode\.plotting|from bpcode import[^\n]*plotting",
        all_source,
    ):
        detail.append(
            "figures not drawn with bpcode.plotting "
            "(new_figure, use_book_style or its helpers)"
        )
    no_show = [
        f"code cell {i}"
        for i, c in plotting
        if "plt.show()" not in _source(c)
        and not _source(c).rstrip().endswith(("fig", "ax"))
        # an animation is shown with display(): its still frame is the image output
        and not any(line.startswith("display(") for line in _source(c).splitlines())
    ]
    if no_show:
        detail.append(
            "plotting cell(s) not ending in plt.show(): " + ", ".join(no_show)
        )
    result["style"] = (not detail, "; ".join(detail))

    linked = set(re.findall(r"\{ref\}`(BP[1-4]) <bp[1-4]>`", text))
    named = (
        set(
            re.findall(
                r"(?<![\w`])(BP[1-4])(?!\w)",
                re.sub(r"\{ref\}`BP[1-4] <bp[1-4]>`", "", text),
            )
        )
        | linked
    )
    detail = []
    if re.search(r"^\(bp[1-4]\)=", text, re.M):  # the chapter that states the equations
        for n in "1234":
            if not re.search(rf"^\(bp{n}\)=", text, re.M):
                detail.append(f"no (bp{n})= target")
            if f"\\tag{{BP{n}}}" not in text:
                detail.append(f"no \\tag{{BP{n}}}")
    else:
        unlinked = sorted(named - linked)
        if unlinked:
            detail.append(
                f"names {', '.join(unlinked)} but never links it with "
                "{ref}`BPn <bpn>`"
            )
    result["bp_refs"] = (not detail, "; ".join(detail))

    wide = [(i, sum(len(line) > MAX_CODE_LINE for line in _source(c).splitlines()))
            for i, c in enumerate(code, 1)]
    wide = [(i, n) for i, n in wide if n]
    result["width"] = (
        not wide,
        f"{sum(n for _, n in wide)} code line(s) over {MAX_CODE_LINE} characters, "
        f"in code cell(s) {', '.join(str(i) for i, _ in wide)}",
    )
    return result


def api_page_gaps(root=ROOT):
    """What the API page (chapters/api.md) misses: undocumented modules and names."""
    import importlib
    import inspect
    import pkgutil

    sys.path.insert(0, str(root))
    import bpcode

    page = (root / "chapters" / "api.md").read_text()
    gaps = []
    for info in sorted(
        pkgutil.walk_packages(bpcode.__path__, "bpcode."), key=lambda m: m.name
    ):
        if info.name.split(".")[-1].startswith("_"):
            continue
        if not info.ispkg and not re.search(
            rf"^\.\. automodule:: {re.escape(info.name)}\s*$", page, re.M
        ):
            gaps.append(f"{info.name}: no automodule block in chapters/api.md")
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or not (
                inspect.isfunction(obj) or inspect.isclass(obj)
            ):
                continue
            if getattr(obj, "__module__", None) != module.__name__:
                continue
            members = [(name, obj)]
            if inspect.isclass(obj):
                members += [
                    (f"{name}.{a}", m)
                    for a, m in vars(obj).items()
                    if not a.startswith("_")
                    and (inspect.isfunction(m) or isinstance(m, property))
                ]
            gaps += [
                f"{info.name}.{n}: no docstring"
                for n, o in members
                if not (inspect.getdoc(o) or "").strip()
            ]
    return gaps


def main(argv):
    strict = "--strict" in argv
    paths = [a for a in argv if not a.startswith("--")]
    if paths:
        entries = [(str(Path(p).with_suffix("")), Path(p)) for p in paths]
    else:
        entries = []
        for f in toc_files():
            nb, md = ROOT / f"{f}.ipynb", ROOT / f"{f}.md"
            entries.append((f, nb if nb.exists() else md if md.exists() else None))

    width = max(len(name) for name, _ in entries)
    columns = CHECKS + NOTES
    print(f"{'chapter':<{width}}  " + "  ".join(f"{c:<9}" for c in columns))
    gaps, notes = [], []
    for name, path in entries:
        if path is None:
            print(f"{name:<{width}}  listed in _toc.yml but missing")
            gaps.append((name, "file", "missing"))
            continue
        if path.suffix != ".ipynb":
            print(f"{name:<{width}}  (markdown page: not a chapter, skipped)")
            continue
        result = audit_notebook(path)
        marks = ["ok" if result[c][0] else "MISSING" for c in CHECKS]
        marks += ["ok" if result[c][0] else "note" for c in NOTES]
        print(f"{name:<{width}}  " + "  ".join(f"{m:<9}" for m in marks))
        gaps += [(name, c, result[c][1]) for c in CHECKS if not result[c][0]]
        notes += [(name, c, result[c][1]) for c in NOTES if not result[c][0]]
    print()
    if gaps:
        print(f"{len(gaps)} gap(s):")
        for name, check, detail in gaps:
            print(f"  {name}: {check}: {detail}")
    else:
        print("every chapter follows the reading conventions")
    if notes:
        print(f"\n{len(notes)} note(s), not counted as gaps:")
        for name, check, detail in notes:
            print(f"  {name}: {check}: {detail}")
    if not paths:
        api = api_page_gaps()
        print(f"\nAPI page: {len(api)} gap(s)" + (":" if api else ""))
        for gap in api:
            print(f"  {gap}")
        gaps += [("chapters/api", "api", g) for g in api]
    print(
        "(labelled axes and units are not checked: "
        "look at _build/screenshots after make check-site)"
    )
    return 1 if strict and gaps else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
