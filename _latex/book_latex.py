"""The PDF edition's Sphinx extension: what the book needs beyond ``_config.yml``.

``make pdf`` builds the book with Jupyter Book's LaTeX builder
(sphinx-jupyterbook-latex, xelatex). What needs code rather than configuration:

1. **One source for the book's math macros.** They are defined once, for MathJax, in
   ``_config.yml`` (``sphinx.config.mathjax3_config.tex.macros``); this extension writes
   the same definitions into the LaTeX preamble as ``\\newcommand``s, after
   sphinx-jupyterbook-latex's own preamble (so after ``unicode-math``), followed by the
   book's style, ``_latex/bookpdf.sty``.
2. **Equations tagged by hand** (``$$ ... \\tag{BP1} $$``). Sphinx wraps a display in
   ``equation*`` + ``split``, where amsmath forbids ``\\tag``; the tag moves out of the
   ``split``, so BP1 to BP4 carry their names in the PDF as in the HTML. And a tagged
   display that a target names (``(bp1)=``) takes no equation number, in the HTML
   either: the id goes back to the target, so both number the chapter's other equations
   5.1, 5.2, 5.3, ... (the HTML used to skip 5.3 to 5.6, numbers MathJax never showed).
3. **Unnumbered parts become appendices.** The last parts of ``_toc.yml`` without
   ``numbered: true`` (Reference) follow ``\\appendix`` in the PDF, so their chapters
   are lettered (Appendix A, B, ...) instead of continuing the chapters' numbers.
4. **Solutions after the exercises.** In print a solution is not interleaved with the
   exercises: each chapter's solutions, with the code cells that belong to them, move to
   a last section "Solutions" of that chapter (the HTML keeps its dropdowns).
5. **The bibliography in its chapter.** Sphinx gathers the references at the end of the
   document; they go back to the end of the chapter that holds the ``{bibliography}``
   directive (Appendix C), which bookpdf.sty sets without a second heading.
6. **Proofs keep their name.** sphinx-proof gives a proof's box no title, which LaTeX
   renders as an empty title bar; the box is titled "Proof" instead of its text starting
   "Proof. ".
7. **Every HTML page links to the PDF**: a "book .pdf" entry in the theme's download
   menu, pointing at the file ``make pdf`` copies beside the HTML (its name is the
   ``targetname`` of ``latex.latex_documents`` in ``_config.yml``, with ``.pdf``).

Loaded through ``sphinx.local_extensions`` in ``_config.yml``. In the HTML build only 2
(the equation numbers) and 7 (the link) change anything.
"""

import re
from pathlib import PurePosixPath

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.math import wrap_displaymath

logger = logging.getLogger(__name__)

TAG = re.compile(r"\\tag\*?\{[^{}]*\}")


# ---- 1. The macros -------------------------------------------------------------------

def latex_macros(macros):
    """``\\newcommand`` lines for MathJax's ``tex.macros`` dictionary.

    A macro is ``"name": "body"`` or ``"name": ["body", number_of_arguments]``, as
    MathJax takes them. ``\\newcommand`` (not ``\\renewcommand``), so that a name LaTeX
    or a package already defines fails the build loudly instead of changing meaning.
    """
    lines = []
    for name, value in macros.items():
        if not re.fullmatch(r"[A-Za-z]+", name):
            raise ValueError(f"mathjax3_config macro {name!r}: a LaTeX macro name is "
                             "letters only")
        if isinstance(value, str):
            body, nargs = value, 0
        elif (isinstance(value, (list, tuple)) and len(value) == 2
              and isinstance(value[0], str) and isinstance(value[1], int)):
            body, nargs = value
        else:
            raise ValueError(f"mathjax3_config macro {name!r}: expected a string or "
                             f"[body, number_of_arguments], got {value!r}")
        args = f"[{nargs}]" if nargs else ""
        lines.append(f"\\newcommand{{\\{name}}}{args}{{{body}}}")
    return "\n".join(lines)


def _add_preamble(app, config):
    """Append the macros and the book's style to the LaTeX preamble."""
    macros = (config.mathjax3_config or {}).get("tex", {}).get("macros", {})
    preamble = config.latex_elements.get("preamble", "")
    config.latex_elements["preamble"] = (
        preamble
        + "\n% The book's macros, from mathjax3_config (_latex/book_latex.py)\n"
        + latex_macros(macros)
        + "\n\\usepackage{bookpdf}\n")


# ---- 2. Equations tagged by hand -----------------------------------------------------

def _split_tag(latex):
    """The display's LaTeX without its one ``\\tag{...}``, and that tag ('' if none)."""
    tags = TAG.findall(latex)
    if len(tags) > 1:
        raise ValueError(f"a display has {len(tags)} \\tag{{}}s; LaTeX allows one: "
                         f"{latex!r}")
    return TAG.sub("", latex), (tags[0] if tags else "")


class TaggedDisplayTargets(SphinxTransform):
    """Give a hand-tagged display's id back to its target (every builder).

    Sphinx numbers every display math that has an id (math_numfig), and docutils moves
    the id of ``(bp1)=`` onto the display after it: ``$$ ... \\tag{BP1} $$`` then used
    up a number that the reader never sees. Runs after docutils' PropagateTargets (260).
    """

    default_priority = 600

    def apply(self, **kwargs):
        for display in list(self.document.findall(nodes.math_block)):
            if (display.get("label") or not display["ids"]
                    or not TAG.search(display.astext())):
                continue
            parent, ids = display.parent, display["ids"]
            index = parent.index(display)
            before = parent[index - 1] if index else None
            if isinstance(before, nodes.target) and before.get("refid") in ids:
                anchor = before
                del anchor["refid"]
                anchor["ids"] = ids
            else:
                anchor = nodes.target("", "", ids=ids)
                parent.insert(index, anchor)
            for node_id in ids:
                self.document.ids[node_id] = anchor
            display["ids"] = []


def visit_math_block_latex(self, node):
    """Sphinx's LaTeX display math, with a hand-written ``\\tag`` moved out of split."""
    body, tag = _split_tag(node.astext())
    if not tag or node.get("nowrap"):
        return type(self).visit_math_block(self, node)
    label = (f"equation:{node['docname']}:{node['label']}" if node.get("label")
             else None)
    wrapped = wrap_displaymath(body, label, self.config.math_number_all)
    for end in (r"\end{equation*}", r"\end{equation}"):
        if wrapped.endswith(end):
            self.body.append(wrapped[: -len(end)] + tag + end)
            raise nodes.SkipNode
    logger.warning("a \\tag in a display of several equations is not supported in the "
                   "PDF: %s", body.strip()[:60], location=node, type="book_latex",
                   subtype="tag")
    self.body.append(wrapped)
    raise nodes.SkipNode


# ---- 3. Appendices -------------------------------------------------------------------

def appendix_captions(site_map):
    """Captions of the trailing parts of the table of contents that are not numbered."""
    parts = site_map.root.subtrees if site_map is not None else []
    captions = []
    for part in reversed(parts):
        if part.numbered or not part.caption:
            break
        captions.insert(0, part.caption)
    return captions


class AppendixParts(SphinxPostTransform):
    """Put ``\\appendix`` before the first trailing unnumbered part (LaTeX only).

    Runs after sphinx-jupyterbook-latex's LatexRootDocPostTransforms (priority 700),
    which turns each part of _toc.yml into a section whose ``docname`` is its caption.
    """

    default_priority = 710
    builders = ("latex",)

    def run(self, **kwargs):
        captions = appendix_captions(getattr(self.config, "external_site_map", None))
        if not captions:
            return
        for section in self.document.findall(nodes.section):
            if section.get("docname") == captions[0] and isinstance(
                    section.parent, addnodes.start_of_file):
                wrapper = section.parent.parent
                wrapper.parent.insert(wrapper.parent.index(wrapper),
                                      nodes.raw("", "\\appendix\n", format="latex"))
                return


# ---- 4. Solutions, 5. the bibliography, 6. proofs (LaTeX only) -----------------------

def _children_within(node, kind):
    """(parent, child) for every ``kind`` below ``node``, not entering another document.

    Walks the children lists: after sphinx-jupyterbook-latex rearranges the assembled
    doctree, some ``parent`` attributes no longer point at the node that holds a child.
    """
    for child in node.children:
        if isinstance(child, kind):
            yield node, child
        elif isinstance(child, nodes.Element) and not isinstance(
                child, addnodes.start_of_file):
            yield from _children_within(child, kind)


def _chapter_section(chapter):
    """The top section of a document inlined in the assembled doctree, or None."""
    return next((c for c in chapter.children if isinstance(c, nodes.section)), None)


def _is_cell(node):
    return isinstance(node, nodes.container) and "cell" in node.get("classes", [])


class SolutionsAtChapterEnd(SphinxPostTransform):
    """Move each chapter's solutions into a last section "Solutions" (LaTeX only).

    A gated solution (``solution-start`` ... ``solution-end``) holds its cells already;
    a plain ``solution`` directive is followed by the code cells that finish it, so
    those cells (up to the next node that is not a cell) move with it. Runs after
    sphinx-exercise has titled the solutions (priority 21) and before
    sphinx-jupyterbook-latex wraps the cells (999).
    """

    default_priority = 800
    builders = ("latex",)

    def run(self, **kwargs):
        from sphinx_exercise.nodes import solution_node

        for chapter in list(self.document.findall(addnodes.start_of_file)):
            top = _chapter_section(chapter)
            found = list(_children_within(top, solution_node)) if top else []
            if not found:
                continue
            name = f"{chapter['docname']}-pdf-solutions"
            section = nodes.section("", nodes.title("", "Solutions"), ids=[name],
                                    names=[name])
            for parent, solution in found:
                index = parent.children.index(solution)
                cells = []
                for sibling in parent.children[index + 1:]:
                    if not _is_cell(sibling):
                        break
                    cells.append(sibling)
                for node in [solution, *cells]:
                    parent.remove(node)
                    section.append(node)
            top.append(section)


class BibliographyInItsChapter(SphinxPostTransform):
    """Move the references from the end of the document into the bibliography's chapter.

    Runs after Sphinx gathered the citations into a ``thebibliography`` at the end of
    the document (its BibliographyTransform, priority 750).
    """

    default_priority = 760
    builders = ("latex",)

    def run(self, **kwargs):
        from sphinx.builders.latex.nodes import thebibliography

        lists = [node for node in self.document.children
                 if isinstance(node, thebibliography)]
        docnames = {key.docname for key in self.env.get_domain("cite").bibliographies}
        if not lists or len(docnames) != 1:
            return
        for chapter in self.document.findall(addnodes.start_of_file):
            top = _chapter_section(chapter)
            if chapter.get("docname") in docnames and top is not None:
                for node in lists:
                    self.document.remove(node)
                    top.append(node)
                return


class TitledProofs(SphinxPostTransform):
    """Give each sphinx-proof proof box the title "Proof" (LaTeX only).

    ``prf:proof`` makes an untitled admonition whose text starts "Proof. "; an
    admonition without a title becomes an empty title bar in Sphinx's LaTeX.
    """

    default_priority = 800
    builders = ("latex",)

    def run(self, **kwargs):
        from sphinx_proof.nodes import proof_node

        for proof in self.document.findall(proof_node):
            for box in proof.children:
                if not isinstance(box, nodes.admonition) or box.next_node(nodes.title):
                    continue
                kind = next((c for c in box["classes"] if c != "admonition"), "proof")
                name = kind.title()
                first = box.next_node(nodes.Text)
                if first is not None and first.astext().startswith(f"{name}. "):
                    rest = nodes.Text(first.astext()[len(name) + 2:])
                    first.parent.replace(first, rest)
                box.insert(0, nodes.title("", name))


# ---- 7. The link from every page -----------------------------------------------------

def pdf_name(config):
    """The PDF's file name: ``latex_documents``' targetname with ``.pdf``."""
    return str(PurePosixPath(config.latex_documents[0][1]).with_suffix(".pdf"))


def _link_pdf(app, pagename, templatename, context, doctree):
    """Put the whole book's PDF first in the theme's download menu (or beside it)."""
    buttons = context.get("header_buttons")
    if buttons is None or "pathto" not in context:
        return
    link = {"type": "link", "url": context["pathto"](pdf_name(app.config), 1),
            "text": "book .pdf", "icon": "fas fa-book",
            "tooltip": "Download the whole book as one PDF",
            "label": "download-book-pdf-button"}
    for button in buttons:
        if button.get("label") == "download-buttons":
            button["buttons"].insert(0, link)
            return
    buttons.insert(0, link)


def setup(app):
    # After sphinx-jupyterbook-latex's config-inited handler (priority 500), which loads
    # unicode-math in the preamble: the macros and the style must come after it.
    app.connect("config-inited", _add_preamble, priority=600)
    app.add_transform(TaggedDisplayTargets)
    app.add_node(nodes.math_block, override=True, latex=(visit_math_block_latex, None))
    app.add_post_transform(AppendixParts)
    app.add_post_transform(SolutionsAtChapterEnd)
    app.add_post_transform(BibliographyInItsChapter)
    app.add_post_transform(TitledProofs)
    # After sphinx-book-theme fills the header buttons (priority 501).
    app.connect("html-page-context", _link_pdf, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
