"""Two fixes to the HTML book that no configuration value reaches (a local Sphinx extension).

1. **Each inline script once.** Extensions that add an inline script after the HTML builder
   starts (sphinx-thebe's ``const THEBE_JS_URL = ...``, sphinx-togglebutton's selector) get
   it written twice into every page by Sphinx 7.4: the builder stores the asset once with
   the filename ``None`` and once more with ``''``, which compare unequal. The second
   ``const`` is a SyntaxError in every reader's console. The page context keeps the first.
2. **Search finds the words of code names.** Sphinx indexes ``sigmoid_prime`` as one word,
   so a reader searching for "sigmoid prime" misses the chapters that use it. The book's
   search language also indexes the parts of every snake_case name (the whole name stays
   indexed, so ``sigmoid_prime`` still finds it too).

The search page's own script, ``_ext/book_search.js`` (``html_search_scorer`` in
_config.yml), orders the results and writes their snippets; to write the book's math in
them, it gets the book's MathJax macros (``mathjax3_config``) from here.
"""

import json

from sphinx.search.en import SearchEnglish


class BookEnglish(SearchEnglish):
    """English, with the parts of snake_case names indexed as words as well."""

    def split(self, input):
        words = super().split(input)
        return words + [part for word in words if "_" in word
                        for part in word.split("_") if part]


def _drop_repeated_inline_scripts(app, pagename, templatename, context, doctree):
    """Keep the first of equal inline scripts (in place: later handlers append to the list)."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen = set()
    kept = []
    for script in scripts:
        body = getattr(script, "attributes", {}).get("body")
        if not getattr(script, "filename", None) and body:
            if body in seen:
                continue
            seen.add(body)
        kept.append(script)
    scripts[:] = kept


def _give_the_search_page_the_macros(app, pagename, templatename, context, doctree):
    if pagename == "search":
        macros = (app.config.mathjax3_config or {}).get("tex", {}).get("macros", {})
        app.add_js_file(None, body=f"var bookTexMacros = {json.dumps(macros)};")


def setup(app):
    app.add_search_language(BookEnglish)
    # Late, after the handlers that add a page's own scripts (MathJax's among them).
    app.connect("html-page-context", _give_the_search_page_the_macros)
    app.connect("html-page-context", _drop_repeated_inline_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
