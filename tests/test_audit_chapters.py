"""tools/audit_chapters.py finds each missing convention; the template has none."""

import copy
import json
from pathlib import Path

import audit_chapters as audit
import pytest
import yaml
from booktoc import toc_files

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "chapter_template.ipynb"


def _write(tmp_path, nb):
    path = tmp_path / "chapter.ipynb"
    path.write_text(json.dumps(nb))
    return path


def _failing(result):
    return {
        check for check, (ok, _) in result.items() if not ok and check in audit.CHECKS
    }


@pytest.fixture
def template():
    return json.loads(TEMPLATE.read_text())


def test_the_chapter_template_follows_every_convention():
    result = audit.audit_notebook(TEMPLATE)
    assert _failing(result) == set()
    assert result["width"][0], result["width"][1]


def test_a_code_line_wider_than_the_column_is_a_note(tmp_path, template):
    nb = copy.deepcopy(template)
    nb["cells"][1]["source"] = (
        "".join(nb["cells"][1]["source"]) + "\nx = " + "1 + " * 30 + "1"
    )
    result = audit.audit_notebook(_write(tmp_path, nb))
    assert (
        _failing(result) == set()
        and not result["width"][0]
        and "code cell(s) 1" in result["width"][1]
    )


def test_the_template_is_neither_built_nor_collected_as_a_chapter():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert "templates" in config["exclude_patterns"]
    import tomllib

    testpaths = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"][
        "ini_options"
    ]["testpaths"]
    assert "templates" not in testpaths and "site_tests" not in testpaths


@pytest.mark.parametrize("remove, check", [
    ("{admonition} In this chapter", "intro"),
    ("## Summary", "summary"),
    ("(chapter-template)=", "label"),
    ("{literalinclude}", "code"),
])
def test_each_missing_convention_is_reported_alone(tmp_path, template, remove, check):
    nb = copy.deepcopy(template)
    for cell in nb["cells"]:
        cell["source"] = "".join(cell["source"]).replace(remove, "removed")
    assert _failing(audit.audit_notebook(_write(tmp_path, nb))) == {check}


def test_a_figure_without_alt_text_is_reported(tmp_path, template):
    nb = copy.deepcopy(template)
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("mystnb", None)
    result = audit.audit_notebook(_write(tmp_path, nb))
    assert _failing(result) == {"alt"} and "code cell" in result["alt"][1]


def test_an_exercise_without_a_collapsed_solution_is_reported(tmp_path, template):
    nb = copy.deepcopy(template)
    for cell in nb["cells"]:
        cell["source"] = "".join(cell["source"]).replace(":class: dropdown", "")
    result = audit.audit_notebook(_write(tmp_path, nb))
    assert _failing(result) == {"solutions"} and "dropdown" in result["solutions"][1]


def test_an_unexecuted_code_solution_is_reported(tmp_path, template):
    nb = copy.deepcopy(template)
    nb["cells"][-2]["execution_count"] = None
    result = audit.audit_notebook(_write(tmp_path, nb))
    assert (
        _failing(result) == {"solutions"} and "not executed" in result["solutions"][1]
    )


def test_a_notebook_without_exercises_fails_exercises_and_solutions(tmp_path, template):
    nb = copy.deepcopy(template)
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if "{exercise}" in src:
            cell["source"] = src.split("## Exercises")[0]
    assert _failing(audit.audit_notebook(_write(tmp_path, nb))) == {
        "exercises",
        "solutions",
    }


def test_the_audit_of_the_whole_book_runs_and_reports(capsys):
    assert audit.main([]) == 0
    out = capsys.readouterr().out
    assert "chapters/introduction" in out


def test_naming_an_equation_without_ever_linking_it_is_reported(tmp_path, template):
    nb = copy.deepcopy(template)
    nb["cells"][2]["source"] = (
        "".join(nb["cells"][2]["source"]) + "\n\nBP2 carries the error back.\n"
    )
    result = audit.audit_notebook(_write(tmp_path, nb))
    assert _failing(result) == {"bp_refs"} and "BP2" in result["bp_refs"][1]


def test_the_chapter_stating_the_equations_needs_all_four_tags_and_targets(
    tmp_path, template
):
    nb = copy.deepcopy(template)
    nb["cells"][2]["source"] = (
        "".join(nb["cells"][2]["source"]) + "\n\n(bp1)=\n$$ x \\tag{BP1} $$\n"
    )
    result = audit.audit_notebook(_write(tmp_path, nb))
    assert (
        _failing(result) == {"bp_refs"} and "no (bp2)= target" in result["bp_refs"][1]
    )


def test_a_module_missing_from_the_api_page_is_reported(tmp_path):
    page = (ROOT / "chapters" / "api.md").read_text()
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "api.md").write_text(
        page.replace(".. automodule:: bpcode.costs\n", "")
    )
    assert (
        "bpcode.costs: no automodule block in chapters/api.md"
        in audit.api_page_gaps(tmp_path)
    )


def _ungated(template):
    """The template's solution written the old way: code after a plain solution."""
    nb = _without_solution_end(template)
    gated = "```{solution-start} ex-template-peak\n:class: dropdown\n```\n"
    plain = "```{solution} ex-template-peak\n:class: dropdown\n"
    for cell in nb["cells"]:
        src = "".join(cell["source"]).replace(gated, plain)
        cell["source"] = src.replace("checks it.", "checks it.\n```")
    return nb


def _without_solution_end(template):
    nb = copy.deepcopy(template)
    nb["cells"] = [
        c for c in nb["cells"] if "{solution-end}" not in "".join(c["source"])
    ]
    return nb


def test_code_after_a_plain_solution_is_reported_as_in_sight(tmp_path, template):
    result = audit.audit_notebook(_write(tmp_path, _ungated(template)))
    assert _failing(result) == {"solutions"} and "in sight" in result["solutions"][1]


def test_a_solution_that_never_ends_is_reported(tmp_path, template):
    result = audit.audit_notebook(_write(tmp_path, _without_solution_end(template)))
    assert _failing(result) == {"solutions"}
    assert "no solution-end" in result["solutions"][1]


def test_code_printed_with_getsource_is_reported(tmp_path, template):
    nb = copy.deepcopy(template)
    nb["cells"][1]["source"] = (
        "".join(nb["cells"][1]["source"]) + "\nimport inspect\n"
        "print(inspect.getsource(sigmoid))"
    )
    result = audit.audit_notebook(_write(tmp_path, nb))
    assert _failing(result) == {"code"} and "getsource" in result["code"][1]


@pytest.mark.parametrize("line", ["glue_number('template_x', 1.0)",
                                  "import os  # noqa: E401",
                                  "os.environ['OPENBLAS_NUM_THREADS'] = '1'"])
def test_plumbing_in_sight_is_reported(tmp_path, template, line):
    nb = copy.deepcopy(template)
    nb["cells"][1]["source"] = "".join(nb["cells"][1]["source"]) + "\n" + line
    result = audit.audit_notebook(_write(tmp_path, nb))
    assert _failing(result) == {"plumbing"} and "code cell 1" in result["plumbing"][1]


def test_a_glue_call_in_a_removed_cell_is_not_plumbing_in_sight(tmp_path, template):
    glue_cells = [c for c in template["cells"] if c["cell_type"] == "code"
                  and "glue_number(" in "".join(c["source"])]
    assert glue_cells
    assert all("remove-cell" in c["metadata"]["tags"] for c in glue_cells)
    assert audit.audit_notebook(_write(tmp_path, template))["plumbing"][0]


def test_a_gate_opened_after_a_plain_solution_in_one_cell_holds_the_code(tmp_path,
                                                                          template):
    nb = copy.deepcopy(template)
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if "{solution-start}" in src:
            earlier = ("```{exercise} Another\n:label: ex-template-other\nAsk.\n"
                       "```\n\n```{solution} ex-template-other\n:class: dropdown\n"
                       "Say.\n```\n\n")
            cell["source"] = src.replace("```{exercise} The peak", earlier
                                         + "```{exercise} The peak")
    assert _failing(audit.audit_notebook(_write(tmp_path, nb))) == set()


BOOK_CHAPTERS = [f for f in toc_files() if (ROOT / f"{f}.ipynb").exists()]


@pytest.mark.parametrize("chapter", BOOK_CHAPTERS, ids=lambda f: Path(f).name)
def test_every_chapter_of_the_book_follows_the_conventions(chapter):
    result = audit.audit_notebook(ROOT / f"{chapter}.ipynb")
    gaps = {check: result[check][1] for check in _failing(result)}
    assert not gaps, f"{chapter}: {gaps} (see tools/audit_chapters.py)"
