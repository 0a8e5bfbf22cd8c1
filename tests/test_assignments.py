"""The student edition (`make assignments`) and the command line that grades it.

The edition is generated from the book's sources: it must hold no line of the book's
solution code, run top to bottom as it is (the grader then says "not implemented yet"),
and give full marks once the stubs are filled in. `python -m bpcode.grade` grades a
notebook or a .py file and says so in its exit status, which CI reads.
"""

import ast
import importlib.metadata
import importlib.util
import inspect
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import bpcode
import make_assignments
from bpcode import bugs
from bpcode.grade import main
from bpcode.grading.backprop import check_backprop
from bpcode.grading.assignments import ASSIGNMENTS
from bpcode.grading.submission import CHECK_TAG, load

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """The student edition, written by the tool into a fresh folder."""
    out = tmp_path_factory.mktemp("assignments")
    make_assignments.write(out)
    return out


def solution_lines(task):
    """The lines of the book's code that a stub replaces (its body, no docstring)."""
    _, node = make_assignments.resolve(task.reference)
    bodies = ([n for n in node.body if isinstance(n, ast.FunctionDef)
               and n.name in task.methods] if task.methods else [node])
    module = inspect.getsource(importlib.import_module(task.reference.split(":")[0]))
    source = module.splitlines()
    lines = []
    for body in bodies:
        start = body.body[1 if ast.get_docstring(body) else 0].lineno
        lines += [source[i - 1].strip() for i in range(start, body.end_lineno + 1)]
    # lines that say something: not `return deltas`, not a bare bracket
    return {line for line in lines if len(line) > 12}


def cell_lines(path):
    nb = nbformat.read(path, as_version=4)
    return {line.strip() for cell in nb.cells for line in cell.source.splitlines()}


@pytest.mark.parametrize("name", sorted(ASSIGNMENTS))
def test_the_student_edition_holds_no_line_of_the_books_solution(edition, name):
    written = cell_lines(edition / f"{name}.ipynb")
    for task in ASSIGNMENTS[name].tasks:
        lines = solution_lines(task)
        assert len(lines) >= 3, task.reference          # the scan scans something
        assert not lines & written, sorted(lines & written)


@pytest.mark.parametrize("name", sorted(ASSIGNMENTS))
def test_each_stub_has_the_signature_of_the_books_code_and_raises(edition, name):
    nb = nbformat.read(edition / f"{name}.ipynb", as_version=4)
    assert nb.metadata["bpcode"] == {"assignment": name,
                                     "edition": bpcode.__version__}
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    tree = ast.parse(code)
    for task in ASSIGNMENTS[name].tasks:
        stub = next(n for n in tree.body if getattr(n, "name", None) == task.name)
        functions = ([n for n in stub.body if isinstance(n, ast.FunctionDef)]
                     if task.methods else [stub])
        assert [f.name for f in functions] == list(task.methods or [task.name])
        for f in functions:
            assert isinstance(f.body[-1], ast.Raise)
            assert "NotImplementedError" in ast.unparse(f.body[-1])
    assert nb.cells[-1].metadata["tags"] == [CHECK_TAG]


def test_the_edition_runs_top_to_bottom_and_the_grader_says_not_implemented(
        edition, monkeypatch):
    # the "python3" kernel is whichever python comes first on PATH: make it this one
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep
                       + os.environ["PATH"])
    for name in sorted(ASSIGNMENTS):
        nb = nbformat.read(edition / f"{name}.ipynb", as_version=4)
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(edition)}}).execute()
        outputs = nb.cells[-1].outputs
        assert [o.output_type for o in outputs] == ["execute_result"], outputs
        text = outputs[0].data["text/plain"]
        assert "not implemented yet" in text and "Traceback" not in text, text


def _filled(edition, name, tmp_path):
    """The edition's notebook with each stub replaced by the book's own version."""
    nb = nbformat.read(edition / f"{name}.ipynb", as_version=4)
    for cell in nb.cells:
        for task in ASSIGNMENTS[name].tasks:
            if cell.cell_type == "code" and re.match(rf"(def|class) {task.name}\b",
                                                     cell.source):
                cell.source = (
                    "from bpcode.grading.assignments import ASSIGNMENTS\n"
                    f"{task.name} = ASSIGNMENTS[{name!r}].solution()[{task.name!r}]")
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("name", sorted(ASSIGNMENTS))
def test_a_filled_in_notebook_gets_full_marks_from_the_command_line(
        edition, name, tmp_path, capsys):
    assert main([str(_filled(edition, name, tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "✓ right on all" in out and "not implemented" not in out


def test_a_wrong_py_file_is_graded_with_exit_status_1_and_names_the_equation(
        tmp_path, capsys):
    path = tmp_path / "mine.py"
    path.write_text(
        "from bpcode.network import Gradients\n\n"
        "def backprop(net, X, Y):\n"
        "    zs, activations = net.forward(X)\n"
        "    delta = net.output_error(zs[-1], activations[-1], Y)\n"
        "    deltas = [delta]\n"
        "    for i in range(len(net.weights) - 2, -1, -1):\n"
        "        delta = net.weights[i + 1].T @ delta   # σ′(zˡ) forgotten\n"
        "        deltas.insert(0, delta)\n"
        "    m = X.shape[1]\n"
        "    return Gradients([d.mean(axis=1, keepdims=True) for d in deltas],\n"
        "                     [d @ a.T / m for d, a in zip(deltas, activations)])\n"
        "\nprint('this is not shown')\n", encoding="utf-8")
    assert main([str(path)]) == 1
    out = capsys.readouterr().out
    assert "BP2 at layers 2–3" in out and "this is not shown" not in out


def test_a_notebook_cell_that_raises_is_noted_and_the_next_cells_still_run(
        edition, tmp_path, capsys):
    nb = nbformat.read(edition / "bptt.ipynb", as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell("%matplotlib inline\n1 / 0"))
    path = tmp_path / "bptt.ipynb"
    nbformat.write(nb, path)
    submission = load(path)
    assert [where for where, _ in submission.failures] == ["code cell 2"]
    assert submission.failures[0][1].kind == "ZeroDivisionError"
    assert "hidden_errors" in submission.namespace
    assert main([str(path)]) == 1
    assert "note: code cell 2 raised ZeroDivisionError" in capsys.readouterr().out


@pytest.mark.parametrize("content, suffix, words", [
    (None, ".py", "cannot be graded"),
    ("x = 1\n", ".py", "no assignment found"),
    ("{not json", ".ipynb", "not a notebook"),
    ("x = 1\n", ".txt", "a .py file or a .ipynb notebook"),
], ids=["missing", "no-assignment", "not-json", "not-python"])
def test_what_cannot_be_graded_gets_exit_status_2_and_a_reason(
        tmp_path, capsys, content, suffix, words):
    path = tmp_path / f"submission{suffix}"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main([str(path)]) == 2
    assert words in capsys.readouterr().out


def test_an_assignment_named_on_the_command_line_is_graded_even_if_imported(
        tmp_path, capsys):
    path = tmp_path / "reference.py"
    path.write_text("from bpcode.autodiff.value import Value\n", encoding="utf-8")
    assert main([str(path), "--assignment", "value"]) == 0
    assert "✓ right on all" in capsys.readouterr().out


def test_make_assignments_writes_the_edition(tmp_path):
    out = tmp_path / "edition"
    # -o: take the venv as it is (never rebuild it from inside the tests)
    done = subprocess.run(["make", "-s", "-o", ".venv/.installed", "assignments",
                           f"ASSIGNMENTS_DIR={out}"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{n}.ipynb" for n in ASSIGNMENTS] + ["README.md"]), done.stdout


def test_every_backward_pass_of_bpcode_has_an_assignment():
    """The slot for dropout: once bpcode has dropout, its backward pass is graded."""
    references = {t.reference.split(":")[0] for a in ASSIGNMENTS.values()
                  for t in a.tasks}
    wanted = {"bpcode.network", "bpcode.autodiff.value", "bpcode.recurrent"}
    if importlib.util.find_spec("bpcode.dropout") is not None:
        wanted.add("bpcode.dropout")
    assert wanted <= references, (
        f"no assignment grades {sorted(wanted - references)}: add an Assignment whose "
        "Task names its backward pass (for dropout, bpcode.dropout:"
        "_backprop_with_dropout) to bpcode/grading/assignments.py, with a grader; "
        "see For instructors, 'Add an assignment of your own'")


def test_the_version_is_written_once_and_repeated_where_a_course_reads_it():
    version = bpcode.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert importlib.metadata.version("bpcode") == version
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"]
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "bpcode.__version__"}
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.findall(r'^\s*(?:version|edition): "(.+)"$', citation, re.M) == [
        version, version]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (\S+)", changelog, re.M)[0] == version
    page = (ROOT / "chapters" / "instructors.md").read_text(encoding="utf-8")
    assert f"edition {version}, tag `v{version}`" in page


def test_the_grading_workflow_runs_the_grader_of_this_repository():
    workflow = (ROOT / ".github/workflows/grade.yml").read_text(encoding="utf-8")
    assert "python -m bpcode.grade" in workflow and "make venv" in workflow
    for name in ASSIGNMENTS:
        assert f"{name}.ipynb" in workflow, name


def test_the_instructors_page_shows_what_the_grader_prints_and_every_assignment():
    page = (ROOT / "chapters" / "instructors.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n(.*?)```", page, re.S).group(1).rstrip("\n")
    printed = check_backprop(bugs.missing_sigma_prime_in_bp2).text()
    # the digits of a wrong gradient's relative error are not what the page is about
    mask = lambda text: re.sub(r"\((\d|\.)+\)", "(…)", text)
    assert mask(shown) == mask(printed)
    for name in ASSIGNMENTS:
        assert f"\n- `{name}`: " in page, name
