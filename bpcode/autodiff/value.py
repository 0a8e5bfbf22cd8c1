"""Reverse-mode automatic differentiation on scalars: the ``Value`` class.

A ``Value`` holds a number, ``data``, and remembers how it was computed: the Values it
was computed from (its *parents*) and, for each parent p, the *local derivative* ∂out/∂p
of the one operation that made it. Calling :meth:`Value.backward` on a final result y
then fills every ``grad`` below it with dy/dnode by the chain rule, applied from y
backwards:

    parent.grad += local derivative × node.grad        (upstream × local gradient)

summed over every path, which ``+=`` does for free. Each operation computes its local
derivatives on the same line as its result, so that forward and backward rule sit side
by side; backward itself is one loop that is the same for every operation.

Two design decisions, both explained in the chapter *Reverse-mode autodiff in a page of
code*:

- The local derivatives are numbers computed during the forward pass, not closures
  called later. A closure that refers to the node holding it makes a reference cycle,
  which only Python's cyclic garbage collector can free; storing numbers leaves the
  graph free of cycles, so it is freed by reference counting as soon as it is dropped.
  The collector still walks the live graph now and then while it grows, but it no longer
  has to find and free every graph of every step. (This is most of why ``Value`` is
  several times faster than micrograd's; see ``bench/bench_value.py``.) Each node is
  one object for the collector, not three: its parents and local derivatives are kept
  in slots of the node, not in tuples.
- ``backward()`` refuses to run over gradients left by an earlier ``backward()``: call
  :meth:`Value.zero_grad` first, or pass ``accumulate=True`` to add to them on purpose.
  Silently doubling the gradients is the classic bug of scalar autodiff engines. The
  graph walk and this rule live in :mod:`bpcode.autodiff.graph`, shared with ``Tensor``.

Introduced in *Computational graphs and the chain rule* and *Reverse-mode autodiff in a
page of code*.
"""

import math

from bpcode.autodiff import scalar
from bpcode.autodiff.graph import backward_order, topological_order
from bpcode.checks import as_real, is_real

__all__ = ["Value", "topological_order"]


class Value:
    """A scalar y that records the operations that made it; ``backward()`` gives dy/dx.

    ``Value(data)`` makes a leaf (an input or a parameter) from a real number.
    Arithmetic with ``+ - * / **`` and the methods :meth:`exp`, :meth:`log`,
    :meth:`tanh`, :meth:`sigmoid` and :meth:`relu` return new Values; plain numbers mix
    in on either side (``2 * x + 1``). ``grad`` starts at 0 and is filled by
    :meth:`backward`.
    """

    # __slots__: no per-instance __dict__, so a node is smaller and faster to create.
    # Graphs have hundreds of thousands of nodes; this is one of the speed choices of
    # the class. The other: the parents and their local derivatives get a slot each,
    # instead of staying in the tuples that bring them to __init__. A tuple of Values
    # is a second object per node for Python's garbage collector to track, and its
    # full collections walk every object of every live graph: the tuples would double
    # that walk (bench/bench_value.py counts it). A tuple of floats alone would be
    # untracked by the collector, but it still counts towards its next collection.
    __slots__ = ("data", "grad", "_op", "_parent_1", "_parent_2", "_local_1",
                 "_local_2")

    def __init__(self, data, _parents=(), _local=(), _op=""):
        # the fast path: every operation passes a float
        if type(data) is not float:
            data = as_real("data", data)
        self.data = data
        self.grad = 0.0
        self._op = _op             # the operation's symbol, for repr and drawings
        # the Values this one was computed from and ∂self/∂parent for each, a slot
        # each rather than the two tuples (why: the comment on __slots__)
        if len(_parents) == 2:     # +, −, ·, /
            self._parent_1, self._parent_2 = _parents
            self._local_1, self._local_2 = _local
        elif _parents:             # a function of one Value: −x, xᵖ, eˣ, tanh x ...
            (self._parent_1,), (self._local_1,) = _parents, _local
            self._parent_2 = self._local_2 = None
        else:                      # a leaf: an input or a parameter
            self._parent_1 = self._parent_2 = self._local_1 = self._local_2 = None

    @property
    def _parents(self):
        # the parents as a tuple, rebuilt on demand for the graph walk and backward()
        if self._parent_2 is not None:
            return (self._parent_1, self._parent_2)
        return () if self._parent_1 is None else (self._parent_1,)

    @property
    def _local(self):
        # ∂self/∂parent for each parent, in the order of _parents
        if self._parent_2 is not None:
            return (self._local_1, self._local_2)
        return () if self._parent_1 is None else (self._local_1,)

    # ---- the operations: result and local derivatives side by side -------------------
    def __add__(self, other):
        other = _as_value(other, "+")
        # ∂(a + b)/∂a = 1, ∂(a + b)/∂b = 1
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other):
        other = _as_value(other, "-")
        # ∂(a − b)/∂a = 1, ∂(a − b)/∂b = −1
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __mul__(self, other):
        other = _as_value(other, "*")
        # ∂(a·b)/∂a = b, ∂(a·b)/∂b = a
        return Value(self.data * other.data, (self, other), (other.data, self.data),
                     "*")

    def __truediv__(self, other):
        other = _as_value(other, "/")
        if other.data == 0.0:
            raise ZeroDivisionError(f"division by a Value whose data is 0: {self!r} / "
                                    f"{other!r}")
        q = self.data / other.data
        # ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b² = −(a/b)/b
        return Value(q, (self, other), (1.0 / other.data, -q / other.data), "/")

    def __pow__(self, exponent):
        p = _as_exponent(exponent)
        x = self.data
        scalar.check_power(x, p, f"{self!r} ** {exponent!r}")
        # ∂(xᵖ)/∂x = p·xᵖ⁻¹ (and 0 for p = 0, where x⁰ = 1 is a constant)
        local = p * x ** (p - 1.0) if p != 0.0 else 0.0
        return Value(x ** p, (self,), (local,), f"**{exponent}")

    def __neg__(self):
        # ∂(−a)/∂a = −1
        return Value(-self.data, (self,), (-1.0,), "neg")

    def exp(self):
        """eˣ; its derivative is eˣ itself."""
        e = scalar.exp(self.data)
        # ∂eˣ/∂x = eˣ
        return Value(e, (self,), (e,), "exp")

    def log(self):
        """ln x for x > 0; its derivative is 1/x."""
        if self.data <= 0.0:
            raise ValueError(f"log needs a positive number, got {self!r}")
        # ∂(ln x)/∂x = 1/x
        return Value(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def tanh(self):
        """tanh x; its derivative is 1 − tanh² x."""
        t = math.tanh(self.data)
        # ∂(tanh x)/∂x = 1 − tanh²x
        return Value(t, (self,), (1.0 - t * t,), "tanh")

    def sigmoid(self):
        """σ(x) = 1/(1 + e⁻ˣ), without overflow; its derivative is σ(x)(1 − σ(x))."""
        s = scalar.sigmoid(self.data)
        # ∂σ(x)/∂x = σ(x)(1 − σ(x))
        return Value(s, (self,), (s * (1.0 - s),), "sigmoid")

    def relu(self):
        """max(0, x); its derivative is 1 for x > 0, else 0 (0 at the kink x = 0)."""
        positive = self.data > 0.0
        # ∂max(0, x)/∂x = 1 if x > 0 else 0
        return Value(self.data if positive else 0.0, (self,),
                     (1.0 if positive else 0.0,), "relu")

    # ---- plain numbers on the left: 2 * x, 1 - x, 1 / x ... --------------------------
    def __radd__(self, other):
        return _as_value(other, "+") + self

    def __rsub__(self, other):
        return _as_value(other, "-") - self

    def __rmul__(self, other):
        return _as_value(other, "*") * self

    def __rtruediv__(self, other):
        return _as_value(other, "/") / self

    def __rpow__(self, base):
        raise TypeError(f"a Value can only be raised to a plain-number power (x ** 2); "
                        f"{type(base).__name__} ** Value is not supported")

    # ---- the backward pass -----------------------------------------------------------
    def backward(self, accumulate=False):
        """Fill ``node.grad`` with d(self)/d(node) for every node of the graph below.

        Visits the nodes in reverse topological order (each node after every node
        computed from it), so that a node's ``grad`` is complete before it is passed on:
        ``parent.grad += local × node.grad``. Sets ``self.grad = 1`` (dy/dy) first.

        Raises ``RuntimeError`` if any node of the graph still holds a gradient from an
        earlier ``backward()``, because adding to it would silently double the result;
        call :meth:`zero_grad` first, or pass ``accumulate=True`` to add this gradient
        to the stored ones on purpose (for example, to sum the gradients of several
        costs). Only the leaves accumulate: intermediate results restart from 0, because
        a stale gradient there would be passed on again and counted twice in the leaves.
        """
        order = backward_order(self, accumulate)   # refuses stale gradients
        self.grad += 1.0
        for node in reversed(order):
            g = node.grad
            # The chain rule, the same for every operation: upstream × local, summed
            # into each parent (a parent reached by several paths collects all of
            # them). A leaf has no parent, a function of one Value no second one.
            if node._parent_1 is not None:
                node._parent_1.grad += node._local_1 * g
            if node._parent_2 is not None:
                node._parent_2.grad += node._local_2 * g

    def zero_grad(self):
        """Set ``grad`` to 0 in every node of the graph below self (self included)."""
        for node in topological_order(self):
            node.grad = 0.0

    def _holds_grad(self):
        return self.grad != 0.0

    def _reset_grad(self):
        self.grad = 0.0

    # ---- looking at the graph --------------------------------------------------------
    @property
    def parents(self):
        """The Values this one was computed from (an empty tuple for a leaf)."""
        return self._parents

    @property
    def local_grads(self):
        """The local derivatives ∂self/∂parent, one per entry of :attr:`parents`."""
        return self._local

    @property
    def op(self):
        """The symbol of the operation that computed this Value ('' for a leaf)."""
        return self._op

    def __repr__(self):
        op = f", op={self._op!r}" if self._op else ""
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g}{op})"


def _as_value(x, op):
    """x itself if it is a Value, a new leaf if it is a real number; else TypeError."""
    if isinstance(x, Value):
        return x
    if is_real(x):
        return Value(float(x))
    raise TypeError(f"unsupported operand for {op}: Value and {type(x).__name__}; a "
                    "Value combines only with another Value or a real number "
                    "(int or float)")


def _as_exponent(p):
    """The exponent of ``**`` as a float: it must be a plain number, not a Value."""
    return as_real("the exponent of Value ** p", p,
                   "; a Value exponent is not supported (write "
                   "(p * x.log()).exp() for x ** p with p a Value)")
