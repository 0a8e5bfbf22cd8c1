"""Reading a student's submission: a ``.py`` file or a notebook, run into a namespace.

A ``.py`` file runs as a script (``__name__`` is ``"__submission__"``, so code under
``if __name__ == "__main__":`` does not run). A notebook's code cells run in order, in
one namespace, as Jupyter would run them, except the cells tagged ``assignment-check``
(they call the grader) and IPython's ``%`` and ``!`` lines; a cell that raises is
reported and the next cells still run. What the code prints is swallowed.
"""

import json
import linecache
from dataclasses import dataclass, field
from pathlib import Path

from bpcode.grading.calls import Failure, call

#: The tag of the notebook cells that call the grader (run in Jupyter, skipped here).
CHECK_TAG = "assignment-check"

#: The name a submission runs under.
MODULE_NAME = "__submission__"


@dataclass
class Submission:
    """What a submission defined, which assignments it names, and what failed."""

    path: Path
    namespace: dict
    assignments: tuple = ()          #: from a notebook's metadata, else empty
    failures: list = field(default_factory=list)   #: (where, Failure) per failed cell

    def defines(self, name):
        """True if the submission itself defined ``name`` (not only imported it)."""
        obj = self.namespace.get(name)
        return obj is not None and getattr(obj, "__module__", None) == MODULE_NAME


def load(path):
    """Run the ``.py`` file or ``.ipynb`` notebook at ``path``; return a Submission.

    Raises ``ValueError`` for another kind of file or a notebook that is not JSON, and
    ``FileNotFoundError`` if there is no such file.
    """
    path = Path(path)
    if path.suffix not in (".py", ".ipynb"):
        raise ValueError(f"{path}: a submission is a .py file or a .ipynb notebook")
    text = path.read_text(encoding="utf-8")
    namespace = {"__name__": MODULE_NAME, "__file__": str(path)}
    submission = Submission(path, namespace)
    if path.suffix == ".py":
        _run(submission, text, str(path), "the file")
        return submission
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"{path}: not a notebook ({err})") from None
    meta = notebook.get("metadata", {}).get("bpcode", {})
    if isinstance(meta.get("assignment"), str):
        submission.assignments = (meta["assignment"],)
    cells = [c for c in notebook.get("cells", []) if c.get("cell_type") == "code"]
    for number, cell in enumerate(cells, start=1):
        if CHECK_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        _run(submission, _without_magics(source), f"<{path.name}, code cell {number}>",
             f"code cell {number}")
    return submission


def _without_magics(source):
    # %matplotlib inline, !pip install ...: IPython's, not Python's
    return "\n".join("pass  # " + line if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())


def _run(submission, source, filename, where):
    # the source goes into linecache, so that a failure can quote the student's line
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        code = compile(source, filename, "exec")
    except SyntaxError as err:
        line = (err.text or "").strip()
        submission.failures.append(
            (where, Failure("SyntaxError", err.msg, f"line {err.lineno}: `{line}`")))
        return
    outcome = call(exec, code, submission.namespace)
    if isinstance(outcome, Failure):
        submission.failures.append((where, outcome))
