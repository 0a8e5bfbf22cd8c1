"""What a grader reports: findings in the book's words, each pointing to its section.

A :class:`Finding` says what is wrong about one equation of an assignment, where (which
layers, which time steps) and which section of the book explains it; a :class:`Report`
collects the findings of one assignment with its score, and reads as plain text, at
most 80 columns wide, in a terminal, a CI log or a notebook.

:data:`SECTIONS` is the one table of the sections a finding may point to; a test checks
that each names a heading of its chapter.
"""

import textwrap
from dataclasses import dataclass, field

#: The sections findings point to, key → (chapter title, section heading).
#:
#: :meta hide-value:
SECTIONS = {
    "BP1": ("The four fundamental equations", "BP1: the error of the output layer"),
    "BP2": ("The four fundamental equations",
            "BP2: the error of a layer from the error of the next"),
    "BP3": ("The four fundamental equations",
            "BP3: the gradient with respect to a bias"),
    "BP4": ("The four fundamental equations",
            "BP4: the gradient with respect to a weight"),
    "loop": ("The four fundamental equations", "The algorithm"),
    "batch": ("The four fundamental equations", "The mini-batch version"),
    "cost": ("The four fundamental equations", "How BP1 changes with the cost"),
    "shapes": ("Notation and the matrix form", "A mini-batch: examples as columns"),
    "bugs": ("Checking gradients", "Finding a bug"),
    "value": ("Reverse-mode autodiff in a page of code",
              "Each operation: result and local derivatives side by side"),
    "value-backward": ("Reverse-mode autodiff in a page of code", "`backward()`"),
    "bptt": ("Backpropagation through time", "The error at each time step"),
    "dropout": ("Making training work: initialization, momentum, dropout",
                "Dropout: backpropagation through a mask"),
}

#: The width of a report's lines, which a notebook's output and a terminal both hold.
WIDTH = 80


@dataclass(frozen=True)
class Finding:
    """One thing a grader found: ``what`` is wrong with ``equation`` at ``where``.

    ``equation`` is the book's name ("BP2", "×", "δₜ"), ``where`` says where ("layers
    2–3", "" if everywhere), ``what`` is a sentence in the book's words and ``section``
    a key of :data:`SECTIONS` (or ``None``).
    """

    equation: str
    where: str
    what: str
    section: str | None = None

    def __post_init__(self):
        if self.section is not None and self.section not in SECTIONS:
            raise ValueError(f"section must be a key of SECTIONS, got {self.section!r}")

    def lines(self, pointer=True):
        """The finding as wrapped lines: ``✗ BP2 at layers 2–3: … See …``.

        ``pointer=False`` leaves out the section (a report names it once for several
        findings in a row that point to it).
        """
        head = f"{self.equation} at {self.where}" if self.where else self.equation
        text = f"{head}: {self.what}"
        if pointer and self.section is not None:
            chapter, heading = SECTIONS[self.section]
            text += f" See *{chapter}*, “{heading}”."
        return textwrap.wrap(text, WIDTH - 2, initial_indent="✗ ",
                             subsequent_indent="  ", break_on_hyphens=False)


@dataclass
class Report:
    """The grade of one assignment: how many of its checks passed, and what is wrong.

    ``checks`` counts the test problems (networks, rules, sequences: ``unit`` names
    them); ``details`` are extra lines (a per-layer table) shown after the findings.
    """

    assignment: str
    title: str
    passed: int
    total: int
    unit: str
    findings: list = field(default_factory=list)
    details: list = field(default_factory=list)
    praise: str = ""

    @property
    def full_marks(self):
        """True if every check passed and nothing was found wrong."""
        return self.passed == self.total and not self.findings

    def text(self):
        """The report as text, one line at most :data:`WIDTH` characters."""
        lines = [f"{self.assignment}: {self.title}"]
        if self.full_marks:
            lines += textwrap.wrap(f"✓ right on all {self.total} {self.unit}. "
                                   f"{self.praise}".rstrip(), WIDTH,
                                   subsequent_indent="  ")
        else:
            lines.append(f"right on {self.passed} of {self.total} {self.unit}.")
            for finding, after in zip(self.findings, self.findings[1:] + [None]):
                same = after is not None and after.section == finding.section
                lines += finding.lines(pointer=not same)
            lines += self.details
        return "\n".join(lines)

    def __str__(self):
        return self.text()

    def _repr_pretty_(self, printer, cycle):
        # IPython shows the text itself when a cell ends with grade(...)
        printer.text(self.text())


def wrapped(text, indent="  "):
    """``text`` wrapped to :data:`WIDTH` columns, every line indented by ``indent``."""
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent,
                         break_on_hyphens=False)


def number_range(numbers, word):
    """"layer 3", "layers 2–3", "layers 2, 4 and 6": the book's way of naming a set."""
    numbers = sorted(numbers)
    if not numbers:
        raise ValueError("number_range needs at least one number")
    if len(numbers) == 1:
        return f"{word} {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{word}s {numbers[0]}–{numbers[-1]}"
    return f"{word}s " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def run_all(report, function, name, run, problems, section):
    """Run the student's ``function`` on every problem; ``None`` if that settles it.

    ``run(function, problem)`` returns an object with ``right`` and ``outcome`` (the
    result or a :class:`~bpcode.grading.calls.Failure`). Counts the problems passed in
    ``report``; returns ``None`` (with ``report`` complete) when ``function`` is not a
    function, is right everywhere or is still the stub, else the list of runs.
    """
    if not callable(function):
        report.findings.append(Finding(name, "", "it is not a function (got "
                                       f"{type(function).__name__}).", None))
        return None
    runs = [run(function, problem) for problem in problems]
    report.passed = sum(r.right for r in runs)
    if report.passed == len(runs):
        return None
    if all(getattr(r.outcome, "not_implemented", False) for r in runs):
        report.findings.append(not_implemented(name, section))
        return None
    return runs


def not_implemented(function, section):
    """The finding for a stub that still raises ``NotImplementedError``."""
    return Finding(function, "", "not implemented yet: it still raises "
                   "NotImplementedError. Replace the stub's `raise` line by your code.",
                   section)
