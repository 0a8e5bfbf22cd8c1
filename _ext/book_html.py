"""A fix to the HTML book that no configuration value reaches (a local Sphinx extension).

**Each inline script once.** Extensions that add an inline script after the HTML builder
starts (sphinx-thebe's ``const THEBE_JS_URL = ...``, sphinx-togglebutton's selector) get it
written twice into every page by Sphinx 7.4: the builder stores the asset once with the
filename ``None`` and once more with ``''``, which compare unequal. The second ``const`` is
a SyntaxError in every reader's console. The page context keeps the first.
"""


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


def setup(app):
    # Late, after the handlers that add a page's own scripts (MathJax's among them).
    app.connect("html-page-context", _drop_repeated_inline_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
