"""Grade an assignment: ``python -m bpcode.grade <file or notebook> ...``.

Runs each submission (a ``.py`` file or a notebook of the student edition, see
:mod:`bpcode.grading.submission`), grades the assignments it holds against the book's
reference and central differences, and prints one report per assignment: which equation
is wrong, where, and which section of the book explains it. The exit status is 0 when
every assignment graded gets full marks, 1 when one does not, and 2 when a file cannot
be graded at all, so that CI (``.github/workflows/grade.yml``) can use it as it is.

Which assignments a file holds: ``--assignment NAME`` if given; else the one named in a
notebook's metadata (the student edition names it); else every assignment whose
function or class the file itself defines (``backprop``, ``Value``, ``hidden_errors``,
``backprop_with_dropout``).

In a notebook, ``grade(name, globals())`` grades the objects defined so far and shows
the report. Introduced in *For instructors*.
"""

import argparse
import sys

from bpcode.grading.assignments import ASSIGNMENTS
from bpcode.grading.submission import load


def grade(name, namespace):
    """The :class:`bpcode.grading.feedback.Report` of assignment ``name``.

    ``namespace`` holds what the student defined (in a notebook, ``globals()``); a
    notebook shows the report when a cell ends with this call.
    """
    if name not in ASSIGNMENTS:
        raise ValueError(f"name must be one of the assignments {sorted(ASSIGNMENTS)}, "
                         f"got {name!r}")
    if not hasattr(namespace, "get") or not hasattr(namespace, "__contains__"):
        raise TypeError("namespace must be a mapping of names to objects, such as "
                        f"globals(); got {type(namespace).__name__}")
    return ASSIGNMENTS[name].grade(namespace)


def assignments_in(submission, chosen=None):
    """The names of the assignments to grade in a loaded submission."""
    if chosen:
        return [chosen]
    if submission.assignments:
        return list(submission.assignments)
    return [name for name, a in ASSIGNMENTS.items()
            if all(submission.defines(t.name) for t in a.tasks)]


def main(argv=None):
    """The command line; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m bpcode.grade",
        description="Grade assignments of 'How Backpropagation Works' against the "
                    "book's reference and central differences.")
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="a .py file or a notebook (.ipynb) to grade")
    parser.add_argument("--assignment", choices=sorted(ASSIGNMENTS),
                        help="grade this assignment (default: the one the notebook "
                             "names, or each one the file defines)")
    args = parser.parse_args(argv)
    status = 0
    for path in args.files:
        try:
            submission = load(path)
        except (OSError, ValueError) as err:
            print(f"{path}: cannot be graded: {err}")
            status = 2
            continue
        names = assignments_in(submission, args.assignment)
        print(f"== {path}")
        for where, failure in submission.failures:
            print(f"note: {where} raised {failure.describe()}; the cells after it "
                  "still ran.")
        if not names:
            wanted = ", ".join(t.name for a in ASSIGNMENTS.values() for t in a.tasks)
            print(f"{path}: no assignment found: it defines none of {wanted} (or "
                  "name one with --assignment)")
            status = 2
            continue
        for name in names:
            report = grade(name, submission.namespace)
            print(report.text())
            if not report.full_marks:
                status = max(status, 1)
    return status


if __name__ == "__main__":
    sys.exit(main())
