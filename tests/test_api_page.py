"""The API reference page (chapters/api.md) documents every public name of bpcode.

autodoc's ``:members:`` lists only names that have a docstring, so a module missing from
the page, or a public function or class without a docstring, silently drops out of it.
"""

import audit_chapters as audit


def test_every_module_and_public_name_of_bpcode_is_on_the_api_page():
    gaps = audit.api_page_gaps()
    assert not gaps, (
        "the API page misses (add a `## `bpcode.x`` section with an automodule "
        "block to chapters/api.md, or a docstring):\n  " + "\n  ".join(gaps)
    )
