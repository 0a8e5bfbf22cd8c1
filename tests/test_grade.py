"""The graders of bpcode.grading: full marks for the book, the right diagnosis of a bug.

Each wrong implementation here is a mistake people make; the tests check that the report
names the equation, the layers (or steps) and the section, in a message and never a
traceback from inside the grader.
"""

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from bpcode import bugs
from bpcode.autodiff.value import Value as BookValue
from bpcode.autodiff.value import _as_value
from bpcode.grade import grade
from bpcode.grading import backprop as backprop_grader
from bpcode.grading import bptt as bptt_grader
from bpcode.grading import dropout as dropout_grader
from bpcode.grading import value as value_grader
from bpcode.grading.assignments import ASSIGNMENTS
from bpcode.grading.backprop import EXTRA_MISTAKES, check_backprop
from bpcode.grading.bptt import check_bptt
from bpcode.grading.dropout import check_dropout
from bpcode.grading.feedback import SECTIONS, WIDTH
from bpcode.grading.value import RULES, check_value
from bpcode.network import Gradients, Network
from bpcode.recurrent import _hidden_errors

CHAPTERS = Path(__file__).resolve().parent.parent / "chapters"


def book_backprop(net, X, Y):
    return Network._backprop(net, X, Y)


def assert_readable(report):
    """No traceback, no grader internals, every line within the report width."""
    text = report.text()
    assert "Traceback" not in text and "bpcode/grading" not in text
    assert all(len(line) <= WIDTH for line in text.splitlines()), text
    return text


def layers_in(where):
    """{2, 3} from "layers 2–3 (weights only)", {2} from "layer 2"."""
    numbers = [int(n) for n in re.findall(r"\d+", where.split(" (")[0])]
    if "–" in where:
        return set(range(numbers[0], numbers[1] + 1))
    return set(numbers)


# ---- full marks ------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(ASSIGNMENTS))
def test_the_books_own_code_gets_full_marks(name):
    report = grade(name, ASSIGNMENTS[name].solution())
    assert report.full_marks and report.passed == report.total, report.text()
    assert "✓ right on all" in assert_readable(report)


@pytest.mark.parametrize("name", sorted(ASSIGNMENTS))
def test_an_untouched_stub_is_not_implemented_yet(name):
    def stub(*args):
        raise NotImplementedError("write its body")

    class Stub(BookValue):
        __add__ = __mul__ = tanh = __pow__ = stub

    task = ASSIGNMENTS[name].tasks[0].name
    report = grade(name, {task: Stub if task == "Value" else stub})
    assert not report.full_marks and report.passed == 0
    assert "not implemented yet" in assert_readable(report)


def test_a_missing_definition_is_named():
    report = grade("backprop", {})
    assert not report.full_marks
    assert "backprop is not defined" in assert_readable(report)


def test_grade_refuses_an_unknown_assignment_and_a_namespace_that_is_not_a_mapping():
    with pytest.raises(ValueError, match="one of the assignments"):
        grade("dropuot", {})
    with pytest.raises(TypeError, match="mapping"):
        grade("backprop", [book_backprop])


# ---- backprop: every bug of bpcode.bugs by its fingerprint --------------------------
@pytest.mark.parametrize("bug", bugs.BUGS, ids=lambda b: b.__name__)
def test_every_bug_of_bpcode_bugs_is_named_with_its_equation_and_its_layers(bug):
    report = check_backprop(bug)
    finding = report.findings[0]
    tag = re.match(r"\((Bug in )?([^)]+)\)", bug.__doc__.strip()).group(2)
    assert finding.equation == (tag if tag.startswith("BP") else "the loop of BP2")
    # the layers reported are those the chapter's table breaks, on its network [3,4,4,4]
    broken = bugs.broken_layers(bug, 4)
    assert layers_in(finding.where) == broken["weights"] | broken["biases"]
    text = " ".join(assert_readable(report).split())
    assert f"bpcode.bugs.{bug.__name__}" in text.replace("bugs. ", "bugs.")
    assert "*The four fundamental equations*" in text


def test_the_layers_of_a_bug_name_weights_or_biases_when_only_one_is_wrong():
    assert check_backprop(bugs.weighted_input_in_bp4).findings[0].where == (
        "layers 3–4 (weights only)")
    assert check_backprop(bugs.summed_bias_gradient).findings[0].where == (
        "layers 2–4 (biases only)")


@pytest.mark.parametrize("mistake", EXTRA_MISTAKES, ids=lambda m: m.name)
def test_the_graders_own_mistakes_are_recognized_too(mistake):
    finding = check_backprop(mistake.compute).findings[0]
    assert (finding.equation, finding.what) == (mistake.equation, mistake.what)


def test_every_bug_docstring_carries_a_tag_the_grader_reads():
    names = [m.name for m in backprop_grader.MISTAKES]
    assert names[:len(bugs.BUGS)] == [f"bpcode.bugs.{b.__name__}" for b in bugs.BUGS]


# ---- backprop: what is not a known bug -------------------------------------------
def _scaled(layer_factor=None, output_factor=1.0, bias_shift=0.0, weight_factor=1.0):
    """A backprop with one equation changed: BP1 scaled, BP2 scaled, BP3 shifted, BP4
    scaled: none of them a mistake the grader knows by name."""
    def backprop(net, X, Y):
        zs, activations = net._forward(X)
        delta = output_factor * net._output_error(zs[-1], activations[-1], Y)
        deltas = net._errors_from(delta, zs)
        if layer_factor is not None:
            deltas = [d * layer_factor for d in deltas[:-1]] + [deltas[-1]]
        return Gradients([np.mean(d, axis=1, keepdims=True) + bias_shift
                          for d in deltas],
                         [weight_factor * d @ a.T / X.shape[1]
                          for d, a in zip(deltas, activations[:-1])])
    return backprop


@pytest.mark.parametrize("backprop, equation, where", [
    (_scaled(output_factor=2.0), "BP1", "layers 2–4"),
    (_scaled(layer_factor=0.5), "BP2", "layers 2–3"),
    (_scaled(bias_shift=0.1), "BP3", "layers 2–4"),
    (_scaled(weight_factor=0.7), "BP4", "layers 2–4"),
], ids=["BP1", "BP2", "BP3", "BP4"])
def test_an_unknown_mistake_is_traced_to_its_equation_by_the_wrong_layers(
        backprop, equation, where):
    finding = check_backprop(backprop).findings[0]
    assert (finding.equation, finding.where.split(" (")[0]) == (equation, where)
    assert finding.section == equation


def test_a_bp1_that_is_wrong_for_some_costs_only_names_them():
    def wrong_for_cancelling_pairs(net, X, Y):
        nabla_b, nabla_w = net.backprop(X, Y)
        if net.cost_name != "quadratic":
            return Gradients([3 * b for b in nabla_b], [3 * w for w in nabla_w])
        return Gradients(nabla_b, nabla_w)
    finding = check_backprop(wrong_for_cancelling_pairs).findings[0]
    assert finding.equation == "BP1" and finding.section == "cost"
    assert "right for" in finding.what and "log-likelihood" in finding.what


def test_flipped_signs_are_named():
    def ascent(net, X, Y):
        nabla_b, nabla_w = net.backprop(X, Y)
        return Gradients([-b for b in nabla_b], [-w for w in nabla_w])
    assert "sign flipped" in check_backprop(ascent).findings[0].what


@pytest.mark.parametrize("change, words", [
    (lambda b, w: (b, [x.T for x in w]), "the transpose of the weights"),
    (lambda b, w: (w, b), "returns (nabla_w, nabla_b)"),
    (lambda b, w: (b[:-1], w[:-1]), "holds"),
    (lambda b, w: ([x.ravel() for x in b], w), "keep the column"),
    (lambda b, w: None, "must return the pair (nabla_b, nabla_w)"),
    (lambda b, w: ([np.ones(7) * 1j for _ in b], w), "not an array of numbers"),
], ids=["transposed", "swapped", "short", "flat-bias", "none", "complex"])
def test_a_wrong_shape_or_form_is_named(change, words):
    report = check_backprop(lambda net, X, Y: change(*net.backprop(X, Y)))
    assert report.passed == 0 and words in " ".join(assert_readable(report).split())


def test_a_bias_gradient_with_a_column_per_example_is_told_to_average():
    def per_example(net, X, Y):
        zs, activations = net._forward(X)
        deltas = net._errors(zs, activations, Y)
        return Gradients(deltas, net.backprop(X, Y).nabla_w)
    finding = check_backprop(per_example).findings[0]
    assert finding.equation.startswith("BP3") and "mean" in finding.what


def test_an_exception_is_reported_with_the_students_line_and_no_traceback():
    def crashes(net, X, Y):
        zs, activations = net.forward(X)
        delta = net.weights[-1] @ zs[-1]          # the student's wrong line
        return delta
    report = check_backprop(crashes)
    text = " ".join(assert_readable(report).split())
    assert "raises ValueError" in text and "delta = net.weights[-1] @ zs[-1]" in text
    assert "transpose" in text


def test_what_the_students_code_prints_and_warns_is_swallowed(capsys):
    def noisy(net, X, Y):
        print("debugging output")
        np.exp(np.array([1000.0]))            # an overflow warning
        return net.backprop(X, Y)
    assert check_backprop(noisy).full_marks
    assert capsys.readouterr().out == ""


def test_the_student_gets_copies_and_cannot_spoil_the_check():
    def changes_its_input(net, X, Y):
        grads = net.backprop(X, Y)
        for w in net.weights:
            w[...] = 0.0
        X[...] = 0.0
        return grads
    assert check_backprop(changes_its_input).full_marks


def test_a_report_that_is_not_a_function_says_so():
    assert "not a function" in check_backprop(3).findings[0].what
    assert "not a class" in check_value(3).findings[0].what
    assert "not a function" in check_bptt(3).findings[0].what


# ---- Value's rules ---------------------------------------------------------------
def _value_with(rule, local):
    """A Value class whose ``rule`` records the local derivatives ``local(x, b)``."""
    def method(self, *other):
        b = other[0] if other else None
        plain = b.data if isinstance(b, BookValue) else b
        result = rule.result(self.data, plain)
        parents = (self,) if rule.method in ("tanh", "__pow__") else (
            self, _as_value(b, "+"))
        return Wrong(result, parents, local(self.data, plain)[:len(parents)],
                     rule.symbol)
    Wrong = type("Wrong", (BookValue,), {rule.method: method})
    return Wrong


@pytest.mark.parametrize("rule, what", [(r, what) for r in RULES
                                        for what, _ in r.mistakes],
                         ids=lambda x: getattr(x, "symbol", "mistake"))
def test_each_usual_mistake_of_a_value_rule_is_recognized(rule, what):
    local = dict(rule.mistakes)[what]
    report = check_value(_value_with(rule, local))
    assert [f.what for f in report.findings] == [what]
    assert report.findings[0].equation == rule.symbol and not report.full_marks
    assert_readable(report)


def test_an_unknown_wrong_local_derivative_gets_the_numbers():
    rule = RULES[2]                           # tanh
    twice = lambda x, _: (2.0 * (1 - math.tanh(x) ** 2),)
    report = check_value(_value_with(rule, twice))
    text = assert_readable(report)
    assert "they should be" in text and report.findings[0].equation == "tanh"


def test_a_value_rule_that_forgets_plain_numbers_or_returns_a_float_is_told_so():
    class NoNumbers(BookValue):
        def __add__(self, other):
            return NoNumbers(self.data + other.data, (self, other), (1.0, 1.0), "+")

        def __mul__(self, other):
            return self.data * other.data
    findings = {f.equation: f.what for f in check_value(NoNumbers).findings}
    assert "plain number on the right" in findings["+"]
    assert "returns a float" in findings["×"]


def test_a_result_without_its_parents_is_told_so():
    class Orphans(BookValue):
        def tanh(self):
            return Orphans(math.tanh(self.data))
    finding = check_value(Orphans).findings[0]
    assert finding.equation == "tanh" and "parents" in finding.what


def test_the_expressions_are_checked_against_central_differences():
    assert len(value_grader.EXPRESSIONS) == 2
    for f, _, point in value_grader.EXPRESSIONS:
        leaves = [BookValue(v) for v in point]
        f(*leaves).backward()
        assert all(leaf.grad != 0.0 for leaf in leaves)


# ---- BPTT --------------------------------------------------------------------------
@pytest.mark.parametrize("mistake", bptt_grader.MISTAKES, ids=lambda m: m.name)
def test_each_usual_mistake_of_bptt_is_named_with_its_steps(mistake):
    report = check_bptt(mistake.compute)
    finding = report.findings[0]
    assert finding.what == mistake.what and finding.section == "bptt"
    assert_readable(report)


def test_the_steps_of_a_bptt_mistake_are_those_that_go_wrong():
    mistakes = {m.name: m.compute for m in bptt_grader.MISTAKES}
    where = lambda name: check_bptt(mistakes[name]).findings[0].where
    assert where("no_recurrent_term") == "steps 1–4 of 5"
    assert where("loop_stops_at_step_2") == "step 1 of 5"


def test_bptt_accepts_a_list_of_errors_and_names_a_wrong_shape():
    assert check_bptt(lambda *a: list(_hidden_errors(*a))).full_marks
    report = check_bptt(lambda *a: _hidden_errors(*a)[:, :, 0])
    assert "expected" in report.findings[0].what
    report = check_bptt(lambda W_hh, W_hy, zs, d: np.concatenate(
        [_hidden_errors(W_hh, W_hy, zs, d), np.zeros_like(zs[:1])]))
    assert "one step too many" in report.findings[0].what


# ---- the sections the reports point to ---------------------------------------------
def _headings():
    found = {}
    for path in CHAPTERS.glob("*.ipynb"):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells
                         if c["cell_type"] == "markdown")
        title = re.search(r"^# (.+)$", text, re.M)
        if title:
            found[title.group(1).strip()] = set(re.findall(r"^#{2,3} (.+?)\s*$", text,
                                                           re.M))
    return found


def test_every_section_a_report_points_to_is_a_heading_of_its_chapter():
    headings = _headings()
    for key, (chapter, heading) in SECTIONS.items():
        assert chapter in headings, (key, chapter)
        assert heading in headings[chapter], (key, heading)


# ---- dropout -----------------------------------------------------------------------
@pytest.mark.parametrize("mistake", dropout_grader.MISTAKES, ids=lambda m: m.name)
def test_each_usual_mistake_of_dropout_is_named(mistake):
    report = check_dropout(mistake.compute)
    finding = report.findings[0]
    assert (finding.equation, finding.what) == (mistake.equation, mistake.what)
    assert "dropout p = 0.5" in " ".join(assert_readable(report).split())


def test_a_dropout_backprop_without_its_masks_argument_is_told_so():
    report = check_dropout(book_backprop)          # (net, X, Y): no masks
    assert report.passed == 0
    assert "TypeError" in report.findings[0].what


def test_dropout_problems_are_the_backprop_networks_with_masks():
    assert [p.sizes for p in dropout_grader.PROBLEMS] == [
        p.sizes for p in backprop_grader.PROBLEMS]
    net, X, Y, masks = dropout_grader.PROBLEMS[0].build()
    assert [m.shape for m in masks] == [(4, 10), (4, 10)]
    assert {float(v) for m in masks for v in np.unique(m)} == {0.0, 2.0}
