"""The API reference page (chapters/api.md) documents every public name of bpcode.

autodoc's ``:members:`` lists only names that have a docstring, so a module missing from
the page, or a public function or class without a docstring, silently drops out of it.
"""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("audit_chapters", ROOT / "tools" / "audit_chapters.py")
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)


def test_every_module_and_public_name_of_bpcode_is_on_the_api_page():
    gaps = audit.api_page_gaps()
    assert not gaps, ("the API page misses (add a `## `bpcode.x`` section with an automodule "
                      "block to chapters/api.md, or a docstring):\n  " + "\n  ".join(gaps))
