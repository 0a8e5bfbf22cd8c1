"""The table of assignments: what the student writes, the book's version, the grader.

Each :class:`Assignment` names the functions (or the class) a student writes again, the
reference in bpcode whose signature the student edition's stub takes, the grader that
checks the student's version, and the text of its notebook in the student edition
(``make assignments``, ``tools/make_assignments.py``). :data:`ASSIGNMENTS` lists them
all; to add one, add an entry here with a grader (see *For instructors*).
"""

from dataclasses import dataclass, field
from typing import Callable

from bpcode.grading.backprop import check_backprop
from bpcode.grading.bptt import check_bptt
from bpcode.grading.dropout import check_dropout
from bpcode.grading.feedback import Finding, Report
from bpcode.grading.value import check_value


@dataclass(frozen=True)
class Task:
    """One thing the student writes: a function, or a class with some methods.

    ``reference`` is ``"module:qualname"`` of the book's version; the stub takes its
    signature, with the parameters renamed by ``rename`` (``{"self": "net"}`` turns the
    method ``Network._backprop`` into the function ``backprop(net, X, Y)``), and the
    docstring of ``docstring_from`` (the public function, whose docstring gives the
    shapes) or, for a class, of ``method_docs``. ``prompt`` is the markdown above it.
    """

    name: str
    reference: str
    prompt: str
    docstring_from: str | None = None
    rename: dict = field(default_factory=dict)
    methods: tuple = ()
    method_docs: dict = field(default_factory=dict)
    base: str | None = None


@dataclass(frozen=True)
class Assignment:
    """An assignment: its tasks, its grader and the text of its notebook.

    ``check`` takes the objects the student defined, one per task, and returns a
    :class:`bpcode.grading.feedback.Report`; ``solution`` gives the book's own versions
    (they get full marks); ``setup`` is the import cell of the notebook and ``intro``
    its first markdown cell.
    """

    name: str
    title: str
    intro: str
    setup: str
    tasks: tuple
    check: Callable
    solution: Callable

    def grade(self, namespace):
        """Grade what ``namespace`` defines for the tasks.

        Returns a :class:`~bpcode.grading.feedback.Report`.
        """
        missing = [t.name for t in self.tasks if t.name not in namespace]
        if missing:
            report = Report(self.name, self.title, 0, 1, "checks")
            report.findings.append(Finding(
                ", ".join(missing), "", f"{' and '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not defined: run the cell "
                "that defines it (or define it in the file you grade).", None))
            return report
        return self.check(*(namespace[t.name] for t in self.tasks))


def _backprop_solution():
    from bpcode.network import Network
    return {"backprop": lambda net, X, Y: Network._backprop(net, X, Y)}


def _value_solution():
    from bpcode.autodiff.value import Value
    return {"Value": Value}


def _bptt_solution():
    from bpcode.recurrent import _hidden_errors
    return {"hidden_errors": _hidden_errors}


BACKPROP = Assignment(
    name="backprop",
    title="BP1–BP4 inside a network's backprop",
    intro="""\
Write the backward pass of a fully connected network: the output error by BP1, the
errors of the hidden layers by BP2, and the gradients of the biases and weights by BP3
and BP4, for a whole mini-batch at once.

Read first: *The four fundamental equations* (all of it, above all *BP1* to *BP4*,
*The algorithm* and *The mini-batch version*), and *Notation and the matrix form* for
the shapes. *Checking gradients* shows what goes wrong when one equation is wrong.""",
    setup="""\
import numpy as np

from bpcode.activations import get_activation
from bpcode.costs import cancels, get_cost
from bpcode.grade import grade
from bpcode.network import Gradients, Network""",
    tasks=(Task(
        name="backprop",
        reference="bpcode.network:Network._backprop",
        docstring_from="bpcode.network:Network.backprop",
        rename={"self": "net"},
        prompt="""\
`net` is a `bpcode.network.Network`. What you may use of it and of bpcode:

- `zs, activations = net.forward(X)`: `zs[i]` is $z^{i+2}$ and `activations[i]` is
  $a^{i+1}$ (so `activations[0]` is `X`), one column per example;
- `net.weights[i]` is $w^{i+2}$, `net.biases[i]` is $b^{i+2}$;
- `sigma, sigma_prime = get_activation(net.activation)` for the hidden layers, and
  `get_activation(net.output_activation)` for the output layer;
- `get_cost(net.cost_name).prime(a, y)` is $\\nabla_a C$, one column per example;
- `cancels(net.output_activation, net.cost_name)` is `True` where $\\sigma'$ cancels
  out of BP1, so that $\\delta^L = a^L - y$ (sigmoid outputs with the cross-entropy,
  softmax outputs with the log-likelihood).

Return `Gradients(nabla_b, nabla_w)`: lists shaped like `net.biases` and
`net.weights`, each the mean over the $m$ examples of the batch."""),),
    check=check_backprop,
    solution=_backprop_solution,
)

VALUE = Assignment(
    name="value",
    title="Value's backward rules for +, ×, tanh and **",
    intro="""\
Write four operations of the scalar autodiff class `Value` again: `+`, `×`, `tanh` and
`**`. Each one returns a new `Value` that holds its result, its parents (the `Value`s it
was computed from) and the local derivative of the result with respect to each parent:

```python
Value(result, (parent, ...), (local derivative, ...), "symbol")
```

`backward()`, inherited from the book's `Value`, then does the rest: it visits the nodes
from the result backwards and adds "upstream × local" into every parent.

Read first: *Computational graphs and the chain rule*, and *Reverse-mode autodiff in a
page of code* up to *The order of the backward pass*.""",
    setup="""\
import math

from bpcode.autodiff.value import Value as BookValue
from bpcode.autodiff.value import _as_value
from bpcode.grade import grade""",
    tasks=(Task(
        name="Value",
        reference="bpcode.autodiff.value:Value",
        base="BookValue",
        methods=("__add__", "__mul__", "tanh", "__pow__"),
        method_docs={
            "__add__": "self + other, for a Value or a plain number other.",
            "__mul__": "self · other, for a Value or a plain number other.",
            "tanh": "tanh(self).",
            "__pow__": "self ** exponent, for a plain number exponent (int or float).",
        },
        prompt="""\
Your class inherits everything else from the book's `Value` (`BookValue`): the
constructor, `-`, `/`, `exp`, `backward()`. `other` may be a plain number:
`_as_value(other, "+")` turns it into a `Value` leaf and leaves a `Value` as it is. In
`a ** p` the exponent `p` is always a plain number."""),),
    check=check_value,
    solution=_value_solution,
)

BPTT = Assignment(
    name="bptt",
    title="the δ recursion of backpropagation through time",
    intro="""\
Write the heart of backpropagation through time: the errors $\\delta_t$ of the hidden
layer of an Elman network at every step $t = T, \\dots, 1$, backwards in time, from the
output errors $\\delta^y_t$. The gradients of the shared weights are then sums over the
steps of BP3 and BP4, which the book's `parameter_gradients` computes from your errors.

Read first: *Backpropagation through time*, above all *Unrolling in time* and *The
error at each time step*.""",
    setup="""\
import numpy as np

from bpcode.activations import tanh_prime
from bpcode.grade import grade""",
    tasks=(Task(
        name="hidden_errors",
        reference="bpcode.recurrent:_hidden_errors",
        docstring_from="bpcode.recurrent:hidden_errors",
        prompt="""\
The arrays are numpy arrays: `zs[t - 1]` is $z_t$, shape (n_hidden, m), and
`delta_ys[t - 1]` is $\\delta^y_t$, shape (n_out, m). `tanh_prime(z)` is
$\\tanh'(z)$. Return the errors as one array of shape (T, n_hidden, m), with
`deltas[t - 1]` = $\\delta_t$."""),),
    check=check_bptt,
    solution=_bptt_solution,
)

def _dropout_solution():
    from bpcode.dropout import _backprop_with_dropout
    return {"backprop_with_dropout": _backprop_with_dropout}


DROPOUT = Assignment(
    name="dropout",
    title="dropout's backward pass",
    intro="""\
Write the backward pass of a network trained with dropout: the gradient of the cost with
the dropout masks held fixed. With the masks fixed, the network is an ordinary network
whose hidden activations are $\\tilde a^l = D^l \\odot \\sigma(z^l)$; the docstring
of the stub says what that changes in BP1–BP4.

Read first: *Making training work*, above all *Dropout: backpropagation through a
mask*, and *The four fundamental equations*: the same four equations hold.""",
    setup="""\
import numpy as np

from bpcode.activations import get_activation
from bpcode.costs import cancels, get_cost
from bpcode.dropout import forward_with_dropout
from bpcode.grade import grade
from bpcode.network import Gradients""",
    tasks=(Task(
        name="backprop_with_dropout",
        reference="bpcode.dropout:_backprop_with_dropout",
        docstring_from="bpcode.dropout:backprop_with_dropout",
        prompt="""\
`masks[i]` is the mask $D^{i+2}$ of hidden layer $l = i + 2$, shape $(n^l, m)$: each
entry is 0 (the neuron is dropped for that example) or $1/(1 - p)$ (kept, and scaled).
The input and output layers have no mask. What you may use, besides what the `backprop`
assignment lists (`get_activation`, `get_cost(net.cost_name).prime`, `cancels`,
`net.weights`):

- `zs, activations = forward_with_dropout(net, X, masks)`: the forward pass of a
  training step, whose hidden activations are already masked, $\\tilde a^l$.

Return `Gradients(nabla_b, nabla_w)`, each the mean over the $m$ examples, as for
`backprop`."""),),
    check=check_dropout,
    solution=_dropout_solution,
)

#: Every assignment, by name, in the order of the book.
#:
#: :meta hide-value:
ASSIGNMENTS = {a.name: a for a in (BACKPROP, VALUE, BPTT, DROPOUT)}
