"""The grader of ``Value``'s rules for +, ×, tanh and ``**``.

The student writes four operations of :class:`bpcode.autodiff.value.Value` again, in a
subclass or a class of their own: each returns a new ``Value`` holding the result, its
parents and the local derivative with respect to each parent. :func:`check_value`
applies each operation to fresh leaves (and to a plain number on the right), runs
``backward()`` and compares the result and the gradients with calculus; it recognizes
the usual mistakes of each rule (:data:`RULES`), and finally differentiates two
expressions built from all four operations, against central differences.
"""

import math
from dataclasses import dataclass
from typing import Callable

from bpcode.gradcheck import central_difference
from bpcode.grading.calls import Failure, call
from bpcode.grading.feedback import Finding, Report, not_implemented

TITLE = "Value's backward rules for +, ×, tanh and **"

#: Results and gradients are right to this relative accuracy (they are exact up to
#: round-off; an expression's gradient is checked against central differences, 1e-6).
RIGHT = 1e-9


@dataclass(frozen=True)
class Rule:
    """One operation: how to apply it, what it must give, and its usual mistakes.

    ``apply(a, b)`` computes the operation on a Value ``a`` and ``b`` (a Value, a plain
    number, or the exponent); ``cases`` are the ``(x, b, b_is_leaf)`` it is tried on;
    ``result(x, b)`` and ``local(x, b)`` are the right value and local derivatives (with
    respect to a, then b); each mistake is ``(what, local)``.
    """

    symbol: str
    method: str
    expression: str
    apply: Callable
    cases: tuple
    result: Callable
    local: Callable
    mistakes: tuple


#: The four rules, each with the cases it is tried on and its usual mistakes.
#:
#: :meta hide-value:
RULES = (
    Rule("+", "__add__", "a + b", lambda a, b: a + b,
         ((1.5, -0.7, True), (-2.0, 3.25, True), (0.25, 2.0, False)),
         lambda x, y: x + y, lambda x, y: (1.0, 1.0),
         (("the local derivatives are 0, so backward() passes nothing on: "
           "∂(a + b)/∂a = ∂(a + b)/∂b = 1.", lambda x, y: (0.0, 0.0)),
          ("the local derivatives are those of a·b, b and a: for a + b both are 1.",
           lambda x, y: (y, x)))),
    Rule("×", "__mul__", "a * b", lambda a, b: a * b,
         ((1.5, -0.7, True), (-2.0, 3.25, True), (0.25, 2.0, False)),
         lambda x, y: x * y, lambda x, y: (y, x),
         (("the two local derivatives are swapped: ∂(a·b)/∂a = b, the other "
           "factor, and ∂(a·b)/∂b = a.", lambda x, y: (x, y)),
          ("the local derivatives are those of a + b, 1 and 1: for a·b they are b "
           "and a.", lambda x, y: (1.0, 1.0)))),
    Rule("tanh", "tanh", "a.tanh()", lambda a, b: a.tanh(),
         ((0.4, None, False), (-1.3, None, False), (2.0, None, False)),
         lambda x, _: math.tanh(x), lambda x, _: (1.0 - math.tanh(x) ** 2,),
         (("the local derivative is 1 − x², with x the input: it is 1 − tanh²x, one "
           "minus the result squared.", lambda x, _: (1.0 - x * x,)),
          ("the local derivative is tanh²x: it is 1 − tanh²x.",
           lambda x, _: (math.tanh(x) ** 2,)),
          ("the local derivative is 1 − tanh x: it is 1 − tanh²x, with the square.",
           lambda x, _: (1.0 - math.tanh(x),)),
          ("the local derivative is tanh x itself: it is 1 − tanh²x.",
           lambda x, _: (math.tanh(x),)))),
    Rule("**", "__pow__", "a ** p", lambda a, p: a ** p,
         ((1.7, 2, False), (0.8, 3, False), (2.5, -1, False), (1.9, 0.5, False)),
         lambda x, p: x ** p, lambda x, p: (p * x ** (p - 1),),
         (("the local derivative is xᵖ⁻¹, without the factor p: ∂(xᵖ)/∂x = p·xᵖ⁻¹.",
           lambda x, p: (x ** (p - 1),)),
          ("the local derivative is p·xᵖ: the power drops by one, ∂(xᵖ)/∂x = p·xᵖ⁻¹.",
           lambda x, p: (p * x ** p,)),
          ("the local derivative is (p − 1)·xᵖ⁻¹: the factor is p itself, "
           "∂(xᵖ)/∂x = p·xᵖ⁻¹.",
           lambda x, p: ((p - 1) * x ** (p - 1),)))),
)


def _expression_1(a, b, c):
    return ((a * b + c ** 2).tanh() + a * c) ** 2


def _expression_2(a, b, c):
    return (a ** 3 * b + b.tanh()) * c + a


#: Two expressions of all four operations, a used more than once; and the inputs.
#:
#: :meta hide-value:
EXPRESSIONS = ((_expression_1, "((a·b + c²).tanh() + a·c)²", (0.6, -1.1, 0.8)),
               (_expression_2, "(a³·b + tanh b)·c + a", (1.2, 0.3, -0.9)))


class _Float(float):
    # the expressions on plain floats, for central differences
    def tanh(self):
        return _Float(math.tanh(self))

    def __add__(self, o):
        return _Float(float(self) + o)

    def __mul__(self, o):
        return _Float(float(self) * o)

    def __pow__(self, p):
        return _Float(float(self) ** p)


def check_value(Value):
    """Grade a ``Value`` class's +, ×, tanh and ``**``.

    Returns a :class:`~bpcode.grading.feedback.Report`. ``Value`` is the student's
    class, a subclass of the book's or their own.
    """
    report = Report("value", TITLE, 0, len(RULES) + 1, "checks (four rules and two "
                    "expressions)", praise="Every local derivative is right, and "
                    "backward() through your operations agrees with central "
                    "differences.")
    if not isinstance(Value, type):
        report.findings.append(Finding("Value", "", "it is not a class (got "
                                       f"{type(Value).__name__}): define "
                                       "class Value(BookValue): ...", None))
        return report
    results = [_check_rule(Value, rule) for rule in RULES]
    if all(isinstance(r, Failure) and r.not_implemented for r in results):
        report.findings.append(not_implemented("Value's +, ×, tanh and **", "value"))
        return report
    for rule, result in zip(RULES, results):
        if result is None:
            report.passed += 1
        elif isinstance(result, Failure):
            report.findings.append(_failure_finding(rule, result))
        else:
            report.findings.append(result)
    expression = _check_expressions(Value)
    if expression is None:
        report.passed += 1
    elif not report.findings:
        report.findings.append(expression)
    return report


def _check_rule(Value, rule):
    """None if ``rule`` is right; else a Failure (first exception) or a Finding."""
    wrong = []
    for x, b, b_is_leaf in rule.cases:
        leaves = call(lambda: (Value(x), Value(b) if b_is_leaf else b))
        if isinstance(leaves, Failure):
            return Finding("Value", "", f"Value({x}) raises {leaves.describe()}: "
                           "keep the constructor of the book's Value.", "value")
        a, other = leaves
        out = call(rule.apply, a, other)
        if isinstance(out, Failure):
            if not out.not_implemented and not b_is_leaf and b is not None:
                return Finding(rule.symbol, "", f"{_show(rule, x, b)} raises "
                               f"{out.describe()}: a plain number on the right "
                               "must work too; turn it into a Value leaf first, "
                               "as _as_value(other, ...) does.", "value")
            return out
        problem = _check_out(rule, out, a, other, x, b, b_is_leaf)
        if isinstance(problem, (Finding, Failure)):
            return problem
        if problem is not None:
            wrong.append(((x, b, b_is_leaf), problem))
    if not wrong:
        return None
    return _wrong_local(rule, wrong)


def _check_out(rule, out, a, other, x, b, b_is_leaf):
    shown = _show(rule, x, b, b_is_leaf)
    if not hasattr(out, "data") or not hasattr(out, "backward"):
        return Finding(rule.symbol, "", f"{shown} returns a {type(out).__name__} "
                       f"({_num(out)}); an operation must return a new Value that "
                       "holds the result, its parents and the local derivatives.",
                       "value")
    want = rule.result(x, b)
    if not _close(out.data, want):
        return Finding(rule.symbol, "", f"{shown} gives {_num(out.data)}, expected "
                       f"{_num(want)}: the result itself is wrong, before any "
                       "derivative.", "value")
    parents = tuple(getattr(out, "parents", getattr(out, "_parents", ())))
    needed = (a, other) if b_is_leaf else (a,)
    if not all(any(p is leaf for p in parents) for leaf in needed):
        binary = rule.method in ("__add__", "__mul__")
        return Finding(rule.symbol, "", f"the result of {shown} does not record "
                       f"{'a and b' if b_is_leaf else 'a'} as its parents, so "
                       "backward() cannot reach them: pass "
                       f"{'(self, other)' if binary else '(self,)'} as the parents.",
                       "value")
    done = call(out.backward)
    if isinstance(done, Failure):
        return done
    got = (a.grad, other.grad) if b_is_leaf else (a.grad,)
    local = rule.local(x, b)[:len(got)]
    if all(_close(g, w) for g, w in zip(got, local)):
        return None
    return got


def _wrong_local(rule, wrong):
    for what, local in rule.mistakes:
        if all(all(_close(g, w) for g, w in zip(got, local(x, b)))
               for (x, b, _), got in wrong):
            return Finding(rule.symbol, "", what, "value")
    (x, b, b_is_leaf), got = wrong[0]
    local = rule.local(x, b)
    names = ("∂/∂a", "∂/∂b")
    said = ", ".join(f"{n} = {_num(g)}" for n, g in zip(names, got))
    right = ", ".join(f"{n} = {_num(w)}" for n, w in zip(names, local[:len(got)]))
    shown = _show(rule, x, b, b_is_leaf)
    return Finding(rule.symbol, "", f"after backward() on {shown}, the "
                   f"gradients are {said}; they should be {right}, the local "
                   "derivatives of the operation.", "value")


def _failure_finding(rule, failure):
    if failure.not_implemented:
        return Finding(rule.symbol, "", f"not implemented yet: Value.{rule.method} "
                       "still raises NotImplementedError.", "value")
    return Finding(rule.symbol, "", f"{rule.expression} raises {failure.describe()}.",
                   "value")


def _check_expressions(Value):
    for f, shown, point in EXPRESSIONS:
        leaves = call(lambda: [Value(v) for v in point])
        out = call(f, *leaves) if not isinstance(leaves, Failure) else leaves
        if isinstance(out, Failure) or not hasattr(out, "backward"):
            return Finding("backward()", "", f"building {shown} from your Values "
                           "fails.", "value-backward")
        done = call(out.backward)
        if isinstance(done, Failure):
            return Finding("backward()", "", f"backward() on {shown} raises "
                           f"{done.describe()}.", "value-backward")
        for i, leaf in enumerate(leaves):
            def along(t, i=i):
                args = [_Float(v) for v in point]
                args[i] = _Float(t)
                return float(f(*args))
            numeric = central_difference(along, point[i], 1e-6)
            if not abs(leaf.grad - numeric) <= 1e-6 * max(1.0, abs(numeric)):
                return Finding("backward()", "", f"through {shown} at (a, b, c) = "
                               f"{point}, ∂/∂{'abc'[i]} = {_num(leaf.grad)}, but "
                               f"central differences give {_num(numeric)}.",
                               "value-backward")
    return None


def _show(rule, x, b, b_is_leaf=False):
    if rule.method == "tanh":
        return f"Value({x}).tanh()"
    if rule.method == "__pow__":
        return f"Value({x}) ** {b}"
    op = "+" if rule.method == "__add__" else "*"
    return f"Value({x}) {op} " + (f"Value({b})" if b_is_leaf else f"{b}")


def _close(got, want):
    try:
        got = float(got)
    except (TypeError, ValueError):
        return False
    return abs(got - want) <= RIGHT * max(1.0, abs(want))


def _num(x):
    try:
        return f"{float(x):.4g}"
    except (TypeError, ValueError):
        return repr(x)
