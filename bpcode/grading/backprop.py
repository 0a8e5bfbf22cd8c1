"""The grader of BP1–BP4 inside a network's backprop.

The student writes ``backprop(net, X, Y) -> (nabla_b, nabla_w)``, the gradient of the
batch-mean cost of a :class:`bpcode.network.Network`, as ``Network.backprop`` returns
it. :func:`check_backprop` runs it on :data:`PROBLEMS`, networks of several shapes,
activations and costs, compares every layer's ∂C/∂wˡ and ∂C/∂bˡ with central
differences of the cost, and says which equation is wrong at which layers:

1. a known mistake (every backprop of :mod:`bpcode.bugs`, and :data:`EXTRA_MISTAKES`) is
   recognized by its fingerprint and named;
2. otherwise an exception, a wrong shape, a flipped sign or a forgotten 1/m is named;
3. otherwise the pattern of wrong layers points to the equation: a wrong output layer to
   BP1, wrong hidden layers below a right output layer to BP2, wrong biases beside right
   weights to BP3, wrong weights beside right biases to BP4.
"""

from dataclasses import dataclass

import numpy as np

from bpcode import bugs
from bpcode.activations import get_activation, is_elementwise
from bpcode.costs import _quadratic_cost_prime, cancels
from bpcode.dropout import dropout_masks
from bpcode.bugs import _gradients     # BP3 and BP4, as the bugs use them
from bpcode.equations import _bp1_softmax, _bp2
from bpcode.gradcheck import _numerical_gradient, _relative_error
from bpcode.grading.calls import Failure, call
from bpcode.grading.feedback import Finding, Report, number_range, run_all, wrapped
from bpcode.grading.fingerprints import Mistake, arrays, recognize
from bpcode.network import Gradients, Network

#: A block of gradients is right when its relative error against central differences is
#: below this (a correct backprop reaches about 1e-9; a mistake, 1e-3 or far more).
RIGHT = 1e-6


@dataclass(frozen=True)
class Problem:
    """A random network and batch: ``sizes``, hidden and output σ, cost, m examples.

    With a ``dropout`` rate p > 0 the problem also holds dropout masks, one per hidden
    layer (:func:`bpcode.dropout.dropout_masks`).
    """

    sizes: tuple
    activation: str
    output_activation: str
    cost: str
    m: int
    seed: int
    dropout: float = 0.0

    def build(self):
        """The seeded ``(net, X, Y)``, or ``(net, X, Y, masks)`` with dropout.

        X is uniform in [-1, 1], the targets are what the cost accepts.
        """
        rng = np.random.default_rng(self.seed)
        net = Network(list(self.sizes), rng, activation=self.activation,
                      output_activation=self.output_activation, cost=self.cost)
        X = rng.uniform(-1.0, 1.0, (self.sizes[0], self.m))
        if self.cost == "log_likelihood":
            Y = np.eye(self.sizes[-1])[:, rng.integers(0, self.sizes[-1], self.m)]
        else:
            Y = rng.uniform(0.0, 1.0, (self.sizes[-1], self.m))
        if not self.dropout:
            return net, X, Y
        return net, X, Y, dropout_masks(net, self.m, self.dropout, rng)

    @property
    def pair(self):
        """"sigmoid outputs with the quadratic cost"."""
        cost = self.cost.replace("_", "-")
        return f"{self.output_activation} outputs with the {cost} cost"

    def describe(self):
        """"[3, 4, 4, 4] (sigmoid, sigmoid outputs with the quadratic cost, m = 10)"."""
        hidden = f"{self.activation}, " if len(self.sizes) > 2 else ""
        dropout = f", dropout p = {self.dropout}" if self.dropout else ""
        return f"{list(self.sizes)} ({hidden}{self.pair}, m = {self.m}{dropout})"


#: The test networks. The first is the network of *Checking gradients*, on which every
#: bug of bpcode.bugs is silent; the others have unequal widths (a forgotten transpose
#: fails), the two pairs for which σ′ cancels, a batch of one, no hidden layer, and a
#: deeper network with linear outputs.
#:
#: :meta hide-value:
PROBLEMS = (
    Problem((3, 4, 4, 4), "sigmoid", "sigmoid", "quadratic", 10, 11),
    Problem((4, 6, 5, 3), "tanh", "sigmoid", "quadratic", 8, 7),
    Problem((3, 5, 4, 3), "sigmoid", "softmax", "log_likelihood", 6, 3),
    Problem((2, 3, 3, 1), "tanh", "sigmoid", "cross_entropy", 7, 5),
    Problem((3, 4, 4, 4), "sigmoid", "sigmoid", "quadratic", 1, 13),
    Problem((3, 2), "sigmoid", "sigmoid", "quadratic", 5, 17),
    Problem((2, 4, 3, 3, 2), "tanh", "identity", "quadratic", 4, 19),
)

TITLE = "BP1–BP4 inside a network's backprop"


# ---- mistakes the grader knows, besides those of bpcode.bugs -----------------------
def _deltas(net, X, Y, bp1=None, sigma_prime_of=None):
    # δᴸ, …, δ² as the book computes them, with BP1 or the argument of σ′ replaced
    zs, activations = net._forward(X)
    delta = (net._output_error(zs[-1], activations[-1], Y) if bp1 is None
             else bp1(net, zs[-1], activations[-1], Y))
    _, sigma_prime = get_activation(net.activation)
    deltas = [delta]
    for i in range(len(net.weights) - 2, -1, -1):
        arg = zs[i] if sigma_prime_of is None else activations[i + 1]
        delta = _bp2(net.weights[i + 1], delta, arg, sigma_prime)
        deltas.append(delta)
    return deltas[::-1], activations


def _summed_weight_gradient(net, X, Y):
    deltas, activations = _deltas(net, X, Y)
    return Gradients(_gradients(deltas, activations).nabla_b,
                     [d @ a.T for d, a in zip(deltas, activations[:-1])])


def _summed_gradients(net, X, Y):
    deltas, activations = _deltas(net, X, Y)
    return Gradients([np.sum(d, axis=1, keepdims=True) for d in deltas],
                     [d @ a.T for d, a in zip(deltas, activations[:-1])])


def _quadratic_bp1(net, z, a, Y):
    if not is_elementwise(net.output_activation):
        return _bp1_softmax(a, Y, _quadratic_cost_prime)
    return _quadratic_cost_prime(a, Y) * get_activation(net.output_activation)[1](z)


def _quadratic_gradient_in_bp1(net, X, Y):
    deltas, activations = _deltas(net, X, Y, bp1=_quadratic_bp1)
    return _gradients(deltas, activations)


def _bp1_of_activation(net, z, a, Y):
    if cancels(net.output_activation, net.cost_name):
        return a - Y
    return net._output_error(a, a, Y)


def _sigma_prime_of_activation(net, X, Y):
    deltas, activations = _deltas(net, X, Y, bp1=_bp1_of_activation,
                                  sigma_prime_of="a")
    return _gradients(deltas, activations)


#: Mistakes people make that are not in bpcode.bugs, in the book's words.
#:
#: :meta hide-value:
EXTRA_MISTAKES = (
    Mistake("summed_weight_gradient", "BP4",
            "∂C/∂wˡ = Σₓ δˡₓ (aˡ⁻¹ₓ)ᵀ: the weight gradient is the batch sum, not the "
            "mean (a forgotten 1/m).", "BP4", _summed_weight_gradient),
    Mistake("summed_gradients", "BP3 and BP4",
            "the gradients are batch sums, not means: the 1/m is forgotten in BP3 "
            "and in BP4.", "batch", _summed_gradients),
    Mistake("quadratic_gradient_in_bp1", "BP1",
            "δᴸ = (aᴸ − y) ⊙ σ′(zᴸ) whatever the cost: aᴸ − y is ∇ₐC of the quadratic "
            "cost only; take ∇ₐC of the network's cost.", "cost",
            _quadratic_gradient_in_bp1),
    Mistake("sigma_prime_of_activation", "BP1 and BP2",
            "σ′(aˡ) in place of σ′(zˡ): σ′ takes the weighted input zˡ, not the "
            "activation aˡ = σ(zˡ).", "BP2", _sigma_prime_of_activation),
)

# "(Bug in BP2) …", "(Off-by-one) …": the tag that starts each docstring of bpcode.bugs
_BUG_TAGS = {"Bug in BP1": ("BP1", "BP1"), "Bug in BP2": ("BP2", "BP2"),
             "Bug in BP3": ("BP3", "BP3"), "Bug in BP4": ("BP4", "BP4"),
             "Off-by-one": ("the loop of BP2", "loop")}


def bug_mistake(bug):
    """The :class:`~bpcode.grading.fingerprints.Mistake` of a bug, from its docstring.

    ``bug`` is a backprop of :mod:`bpcode.bugs`.
    """
    first = bug.__doc__.strip().splitlines()[0]
    tag, _, what = first[1:].partition(") ")
    if not first.startswith("(") or tag not in _BUG_TAGS:
        raise ValueError(f"bpcode.bugs.{bug.__name__}: its docstring must start with "
                         f"one of the tags {sorted(_BUG_TAGS)} in parentheses, got "
                         f"{first!r}")
    equation, section = _BUG_TAGS[tag]
    return Mistake(f"bpcode.bugs.{bug.__name__}", equation, what, section, bug)


#: Every mistake :func:`check_backprop` recognizes, bpcode.bugs first.
#:
#: :meta hide-value:
MISTAKES = tuple(bug_mistake(bug) for bug in bugs.BUGS) + EXTRA_MISTAKES


# ---- the grader -------------------------------------------------------------------
@dataclass
class _Run:
    problem: Problem
    args: tuple                # (net, X, Y), kept pristine for the mistakes
    outcome: object            # the student's result, or a Failure
    numeric: Gradients         # central differences of the cost
    shape_findings: list
    wrong_w: set
    wrong_b: set
    errors_w: list
    errors_b: list

    @property
    def right(self):
        return (not isinstance(self.outcome, Failure) and not self.shape_findings
                and not self.wrong_w and not self.wrong_b)

    @property
    def computed(self):
        # the student's gradients have the right shapes and could be compared
        return not isinstance(self.outcome, Failure) and not self.shape_findings


def network_cost(net, X, Y):
    """C of a batch, ``net.cost(X, Y)``: the cost whose gradient backprop computes."""
    return net.cost(X, Y)


def numerical_gradients(cost, net, *args, eps=1e-5):
    """(∂C/∂b, ∂C/∂w) of every layer by central differences of ``cost(net, *args)``."""
    f = lambda: cost(net, *args)
    return Gradients([_numerical_gradient(f, b, eps) for b in net.biases],
                     [_numerical_gradient(f, w, eps) for w in net.weights])


def check_backprop(backprop, problems=PROBLEMS, mistakes=None, cost=network_cost,
                   name="backprop", assignment="backprop", title=TITLE):
    """Grade ``backprop(net, X, Y) -> (nabla_b, nabla_w)``.

    Returns a :class:`~bpcode.grading.feedback.Report`; ``problems`` are the test
    networks (:data:`PROBLEMS`), ``mistakes`` those to recognize (:data:`MISTAKES`).
    The other arguments let another backward pass of a network be graded the same way:
    ``cost(*problem.build())`` is the cost it differentiates, ``name`` the student's
    function, ``assignment`` and ``title`` the report's (see
    :mod:`bpcode.grading.dropout`).
    """
    mistakes = MISTAKES if mistakes is None else mistakes
    report = Report(assignment, title, 0, len(problems), "test networks",
                    praise="Every ∂C/∂wˡ and ∂C/∂bˡ agrees with central differences "
                           "of the cost.")
    run = lambda student, problem: _run(student, problem, cost, name)
    runs = run_all(report, backprop, name, run, problems, "loop")
    if runs is None:
        return report
    report.findings += _findings(runs, mistakes, name)
    report.details += _table(runs)
    return report


def _run(backprop, problem, cost, name):
    args = problem.build()
    net = args[0]
    outcome = call(backprop, net.copy(), *(_copy(a) for a in args[1:]))
    numeric = numerical_gradients(cost, *args)
    run = _Run(problem, args, outcome, numeric, [], set(), set(), [], [])
    if isinstance(outcome, Failure):
        return run
    run.shape_findings = shape_findings(outcome, net, problem, name)
    if run.shape_findings:
        return run
    nabla_b, nabla_w = outcome
    for i in range(len(net.weights)):
        run.errors_w.append(_error(nabla_w[i], numeric.nabla_w[i]))
        run.errors_b.append(_error(nabla_b[i], numeric.nabla_b[i]))
        if run.errors_w[-1] > RIGHT:
            run.wrong_w.add(i + 2)
        if run.errors_b[-1] > RIGHT:
            run.wrong_b.add(i + 2)
    return run


def _error(g, numeric):
    g = np.asarray(g, dtype=np.float64)
    return float("inf") if not np.all(np.isfinite(g)) else _relative_error(g, numeric)


def _copy(x):
    # the student's own copy of an array, or of a list of arrays (the masks)
    return [a.copy() for a in x] if isinstance(x, list) else x.copy()


def shape_findings(result, net, problem, name="backprop"):
    """What is wrong with the form of ``result``: not a pair of lists, wrong shapes.

    Empty if ``result`` is a pair ``(nabla_b, nabla_w)`` of lists of real arrays shaped
    like ``net.biases`` and ``net.weights``; ``name`` is the student's function.
    """
    where = f"the network {problem.describe()}"
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return [Finding(name, "", f"it returns {_kind(result)}; it must return "
                        "the pair (nabla_b, nabla_w) of two lists, "
                        "Gradients(nabla_b, nabla_w).", "loop")]
    nabla_b, nabla_w = result
    w_shapes = [w.shape for w in net.weights]
    b_shapes = [b.shape for b in net.biases]
    if _shapes(nabla_b) == w_shapes and _shapes(nabla_w) == b_shapes:
        return [Finding(name, "", "it returns (nabla_w, nabla_b); the book's "
                        "order is (nabla_b, nabla_w), biases first as BP3 comes "
                        "before BP4: return Gradients(nabla_b, nabla_w).", "loop")]
    findings = []
    for name, grads, params in (("nabla_b", nabla_b, net.biases),
                                ("nabla_w", nabla_w, net.weights)):
        if not isinstance(grads, (list, tuple)):
            findings.append(Finding(name, where, f"it is {_kind(grads)}; it must be a "
                                    f"list of {len(params)} arrays, one per layer "
                                    "2, …, L.", "loop"))
        elif len(grads) != len(params):
            findings.append(Finding(name, where, f"it holds {len(grads)} arrays; the "
                                    f"network has {len(params)} layers with "
                                    "parameters (layers 2, …, L), so it needs one per "
                                    "layer.", "loop"))
        else:
            findings += [f for i, (g, p) in enumerate(zip(grads, params))
                         for f in _array_findings(f"{name}[{i}]", g, p, problem)]
    return findings[:2]


def _array_findings(name, g, param, problem):
    parts = arrays(g)
    if parts is None or len(parts) != 1:
        return [Finding(name, "", f"it is {_kind(g)}, not an array of numbers.",
                        "shapes")]
    shape, want, m = parts[0].shape, param.shape, problem.m
    if shape == want:
        return []
    n = want[0]
    is_w = name.startswith("nabla_w")
    layer = f"layer {int(name.split('[')[1][:-1]) + 2}"
    if is_w and shape == want[::-1]:
        what = (f"its shape is {shape}, the transpose of the weights' {want}: "
                "∂C/∂wˡ = δˡ (aˡ⁻¹)ᵀ / m has the shape (nˡ, nˡ⁻¹) of wˡ.")
        return [Finding(f"BP4 ({name})", layer, what, "BP4")]
    if not is_w and shape == (n, m):
        what = (f"its shape is {shape}, one column per example: ∂C/∂bˡ is the mean "
                f"of δˡ over the batch, shape {want} like the bias.")
        return [Finding(f"BP3 ({name})", layer, what, "BP3")]
    if not is_w and shape == (n,):
        what = (f"its shape is {shape}: keep the column, {want} like the bias "
                "(np.mean(delta, axis=1, keepdims=True)).")
        return [Finding(f"BP3 ({name})", layer, what, "BP3")]
    return [Finding(name, f"{layer} of the network {problem.describe()}",
                    f"its shape is {shape}, expected {want}, the shape of the "
                    f"{'weights' if is_w else 'biases'} of that layer.", "shapes")]


def _shapes(grads):
    if not isinstance(grads, (list, tuple)):
        return None
    return [np.shape(g) if arrays(g) is not None else None for g in grads]


def _kind(x):
    if isinstance(x, (tuple, list)):
        return f"a {type(x).__name__} of {len(x)}"
    return "None" if x is None else f"a {type(x).__name__}"


def _findings(runs, mistakes, name):
    mistake = recognize([r.outcome for r in runs], [r.args for r in runs], mistakes)
    if mistake is not None:
        return [_named(mistake, runs, name)]
    failed = [r for r in runs if isinstance(r.outcome, Failure)]
    if failed:
        return [_exception_finding(failed, name)]
    shaped = [r for r in runs if r.shape_findings]
    if shaped:
        return shaped[0].shape_findings
    return _value_findings(runs)


def _diagnostic(runs):
    # the first network on which the student's gradients are computed but wrong
    return next((r for r in runs if r.computed and not r.right), None)


def _where(run):
    layers = run.wrong_w | run.wrong_b
    if not layers:
        return ""
    where = number_range(layers, "layer")
    if not run.wrong_b:
        where += " (weights only)"
    elif not run.wrong_w:
        where += " (biases only)"
    return where


def _named(mistake, runs, name):
    run = _diagnostic(runs)
    where = _where(run) if run is not None else ""
    what = mistake.what
    if mistake.name.startswith("bpcode.bugs."):
        what += (f" Your {name} computes exactly what {mistake.name} computes, a "
                 "bug of *Checking gradients*.")
    failed = sum(isinstance(r.outcome, Failure) for r in runs)
    if failed:
        what += (f" (On {failed} of the networks it even raises: there the shapes do "
                 "not fit.)")
    return Finding(mistake.equation, where, what, mistake.section)


def _exception_finding(failed, name):
    first = failed[0]
    what = f"it raises {first.outcome.describe()}"
    more = len(failed) - 1
    if more:
        what += f", and raises on {more} more network{'s' if more > 1 else ''}"
    what += "."
    section = None
    text = first.outcome.message
    if "matmul" in text or "broadcast" in text or "shapes" in text:
        what += (" Shapes that do not fit usually mean a missing or extra transpose: "
                 "BP2 multiplies by (wˡ⁺¹)ᵀ, BP4 by (aˡ⁻¹)ᵀ; δˡ has the shape "
                 "(nˡ, m) of zˡ.")
        section = "shapes"
    return Finding(name, f"the network {first.problem.describe()}", what,
                   section)


def _value_findings(runs):
    run = _diagnostic(runs)
    L = len(run.problem.sizes)
    student = Gradients(*run.outcome)
    blocks = ([(student.nabla_w[l - 2], run.numeric.nabla_w[l - 2])
               for l in run.wrong_w]
              + [(student.nabla_b[l - 2], run.numeric.nabla_b[l - 2])
                 for l in run.wrong_b])
    findings = []
    if all(_relative_error(np.asarray(g, float), -n) < RIGHT for g, n in blocks):
        findings.append(Finding("every gradient", "", "each wrong gradient is the "
                                "right one with its sign flipped: backprop returns "
                                "∂C/∂w itself, and gradient descent subtracts it.",
                                "loop"))
    elif all(_relative_error(np.asarray(g, float), run.problem.m * n) < RIGHT
             for g, n in blocks):
        equation = ("BP3 and BP4" if run.wrong_w and run.wrong_b
                    else "BP4" if run.wrong_w else "BP3")
        findings.append(Finding(equation, _where(run), f"the gradients are m = "
                                f"{run.problem.m} times too large: they are batch "
                                "sums, and C is the batch mean (a forgotten 1/m).",
                                "batch"))
    elif L in run.wrong_w and L in run.wrong_b:
        findings.append(_bp1_finding(run, runs))
    else:
        findings += _layer_findings(run)
    if (all(r.right for r in runs if r.problem.m == 1)
            and not any(f.section == "batch" for f in findings)):
        findings.append(Finding("the batch", "", "right for a batch of one example, "
                                "wrong for larger batches: each column of Δˡ is one "
                                "example's δˡ, and BP3 and BP4 average over the "
                                "columns.", "batch"))
    return findings


def _bp1_finding(run, runs):
    what = ("the output layer's gradients are already wrong, so δᴸ is, and every "
            "layer below inherits it through BP2.")
    wrong = sorted({r.problem.pair for r in runs if r.computed and not r.right})
    right = sorted({r.problem.pair for r in runs if r.right} - set(wrong))
    section = "BP1"
    if wrong and right:
        what += (f" It is wrong for {' and '.join(wrong)}, right for "
                 f"{' and '.join(right)}: for sigmoid with cross-entropy and softmax "
                 "with log-likelihood σ′ cancels and δᴸ = aᴸ − y; for the others "
                 "δᴸ = ∇ₐC ⊙ σ′(zᴸ).")
        section = "cost"
    return Finding("BP1", _where(run), what, section)


def _layer_findings(run):
    both = run.wrong_w & run.wrong_b
    findings = []
    if both:
        findings.append(Finding("BP2", number_range(both, "layer"), "δˡ is wrong "
                                "below the output layer, which is right: the error "
                                "goes wrong on its way back, δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ "
                                "σ′(zˡ) for every l = L − 1, …, 2.", "BP2"))
    if run.wrong_b - run.wrong_w:
        findings.append(Finding("BP3", number_range(run.wrong_b - run.wrong_w, "layer"),
                                "∂C/∂bˡ is wrong where ∂C/∂wˡ, and so δˡ, is right: "
                                "∂C/∂bˡ = (1/m) Σₓ δˡₓ.", "BP3"))
    if run.wrong_w - run.wrong_b:
        findings.append(Finding("BP4", number_range(run.wrong_w - run.wrong_b, "layer"),
                                "∂C/∂wˡ is wrong where ∂C/∂bˡ, and so δˡ, is right: "
                                "∂C/∂wˡ = δˡ (aˡ⁻¹)ᵀ / m, with the activations of the "
                                "layer before.", "BP4"))
    return findings


def _table(runs):
    run = _diagnostic(runs)
    if run is None:
        return []
    lines = wrapped(f"On the network {run.problem.describe()}, your gradients "
                    "against central differences of the cost (relative error):")
    lines.append("    layer   ∂C/∂wˡ          ∂C/∂bˡ")
    for i, (ew, eb) in enumerate(zip(run.errors_w, run.errors_b)):
        lines.append(f"    {i + 2:5d}   {_verdict(ew):14s}  {_verdict(eb)}")
    return lines


def _verdict(err):
    return "ok" if err <= RIGHT else f"wrong ({err:.2g})"
