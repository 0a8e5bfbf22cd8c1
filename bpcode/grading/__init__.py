"""Assignments that grade themselves: a student's code against the book's, equation by
equation.

An assignment asks a student to write one piece of bpcode again (backprop, the local
derivatives of ``Value``, the δ recursion of BPTT, dropout's backward pass); its grader
runs the student's code on random problems, compares the result with the book's
reference and with central differences, and says which equation is wrong, where, and
which section explains it.

- :mod:`bpcode.grading.feedback`: what a grader reports (findings, the section each
  points to, the per-assignment report) and how it reads.
- :mod:`bpcode.grading.calls`: calling a student's code without letting an exception, a
  print or a warning out, and saying where in *their* code it failed.
- :mod:`bpcode.grading.fingerprints`: recognizing a known mistake by what it computes.
- :mod:`bpcode.grading.backprop`: the grader of BP1–BP4 inside a network's backprop.
- :mod:`bpcode.grading.value`: the grader of ``Value``'s rules for +, ×, tanh and
  ``**``.
- :mod:`bpcode.grading.bptt`: the grader of the δ recursion of backpropagation through
  time.
- :mod:`bpcode.grading.dropout`: the grader of dropout's backward pass.
- :mod:`bpcode.grading.assignments`: the table of assignments: what the student writes,
  the book's reference for it, its grader, and the text of the student edition.
- :mod:`bpcode.grading.submission`: reading a student's ``.py`` file or notebook.

Run a grader with ``python -m bpcode.grade <file or notebook>`` (:mod:`bpcode.grade`),
or from a notebook with ``bpcode.grade.grade(name, globals())``. ``make assignments``
writes the student edition (``tools/make_assignments.py``). See *For instructors*.
"""
