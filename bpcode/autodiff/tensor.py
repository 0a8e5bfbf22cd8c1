"""Reverse-mode automatic differentiation on float64 arrays, with what an MLP needs.

A :class:`Tensor` holds an array ``data`` and, after :meth:`Tensor.backward`, the array
``grad`` = ∂C/∂data of the same shape, where C is the scalar the backward pass started
from. Every operation records its inputs (its *parents*) and a backward rule that maps
the gradient of its output to the gradients of its inputs; each rule is written right
beside its forward code. The engine is the scalar ``Value`` of *Reverse-mode autodiff in
a page of code* with arrays in place of numbers: the same graph walk
(:mod:`bpcode.autodiff.graph`), the same refusal of stale gradients, the same ``+=``.
The backward rule is a small function (a closure) rather than stored numbers,
because the gradient of a matrix product needs whole input arrays. It refers only to the
operation's inputs, never to the output that holds it, so the graph has no reference
cycles and is freed by reference counting as soon as it is dropped.

Shapes follow the book: a weight matrix is (n_out, n_in) and a batch holds one example
per *column*, (n, m). Addition, subtraction and multiplication broadcast like NumPy; the
gradient of a broadcast operand is summed over the axes it was stretched along, so that
it has the operand's own shape again.

Introduced in *Backprop is reverse-mode autodiff*.
"""

from numbers import Real

import numpy as np

from bpcode.activations import log_sigmoid, log_softmax, sigmoid, softmax
from bpcode.autodiff.graph import backward_order, topological_order
from bpcode.checks import as_float_array, as_matrix
from bpcode.costs import CANCELLING_PAIRS, check_pair, check_targets
from bpcode.network import Gradients


class Tensor:
    """An array that records the operations applied to it, for reverse-mode autodiff.

    ``Tensor(data)`` copies ``data`` (a number, list or array) into a float64 array.
    ``t.grad`` is an array of zeros of the same shape until a backward pass fills it.
    Operands may be Tensors, numbers or NumPy arrays; numbers and arrays are constants.
    """

    __slots__ = ("data", "grad", "_parents", "_backward", "_op")
    __array_ufunc__ = None   # so that ``ndarray + Tensor`` calls Tensor.__radd__

    def __init__(self, data):
        self.data = np.array(as_float_array("data", data), dtype=np.float64)
        self.grad = np.zeros_like(self.data)
        self._parents = ()
        self._backward = None
        self._op = ""

    @classmethod
    def _result(cls, data, parents, backward, op):
        """An operation's output: ``backward(g)`` returns one gradient per parent."""
        out = cls.__new__(cls)
        out.data = data
        out.grad = np.zeros_like(data)
        out._parents, out._backward, out._op = parents, backward, op
        return out

    @property
    def shape(self):
        """The shape of ``data``."""
        return self.data.shape

    @property
    def parents(self):
        """The Tensors this one was computed from (an empty tuple for a leaf)."""
        return self._parents

    @property
    def op(self):
        """The symbol of the operation that computed this Tensor ('' for a leaf)."""
        return self._op

    def __repr__(self):
        op = f", op={self._op!r}" if self._op else ""
        return f"Tensor(shape={self.data.shape}{op})"

    # ---- arithmetic (each backward rule beside its forward code) ---------------------
    def __add__(self, other):
        """s = x + y (broadcasting): ∂C/∂x = ∂C/∂s summed to x's shape; alike for y."""
        other = _as_tensor(other, "+")
        _broadcast_shape(self, other, "+")
        return self._add(other)

    def _add(self, other):
        """s = x + y: ∂C/∂x = ∂C/∂s, ∂C/∂y = ∂C/∂s, each summed to its own shape"""
        def backward(g):
            return _unbroadcast(g, self.shape), _unbroadcast(g, other.shape)
        return Tensor._result(self.data + other.data, (self, other), backward, "+")

    def __sub__(self, other):
        """d = x − y (broadcasting): ∂C/∂x = ∂C/∂d, ∂C/∂y = −∂C/∂d, summed to shape."""
        other = _as_tensor(other, "-")
        _broadcast_shape(self, other, "-")

        def backward(g):
            return _unbroadcast(g, self.shape), _unbroadcast(-g, other.shape)
        return Tensor._result(self.data - other.data, (self, other), backward, "-")

    def __mul__(self, other):
        """p = x ⊙ y (broadcasting): ∂C/∂x = ∂C/∂p ⊙ y, ∂C/∂y = ∂C/∂p ⊙ x."""
        other = _as_tensor(other, "*")
        _broadcast_shape(self, other, "*")

        def backward(g):
            return (_unbroadcast(g * other.data, self.shape),
                    _unbroadcast(g * self.data, other.shape))
        return Tensor._result(self.data * other.data, (self, other), backward, "*")

    def __radd__(self, other):
        return _as_tensor(other, "+") + self

    def __rsub__(self, other):
        return _as_tensor(other, "-") - self

    def __rmul__(self, other):
        return _as_tensor(other, "*") * self

    def __neg__(self):
        """n = −x: ∂C/∂x = −∂C/∂n."""
        def backward(g):
            return (-g,)
        return Tensor._result(-self.data, (self,), backward, "neg")

    def __pow__(self, exponent):
        """p = xᵏ for a number k, elementwise: ∂C/∂x = ∂C/∂p ⊙ k xᵏ⁻¹."""
        if isinstance(exponent, bool) or not isinstance(exponent, Real):
            raise TypeError("Tensor ** k needs a plain number k "
                            "(the exponent is not differentiated), got "
                            f"{type(exponent).__name__}")
        k = float(exponent)
        if k != int(k) and np.any(self.data < 0):
            raise ValueError(f"Tensor ** {k}: a non-integer power of a negative entry "
                             "is not real")

        def backward(g):
            with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
                return (g * k * self.data ** (k - 1),)
        with np.errstate(divide="ignore", over="ignore"):
            p = self.data ** k
        return Tensor._result(p, (self,), backward, f"**{exponent}")

    def __matmul__(self, other):
        """P = W @ A (matrix product): ∂C/∂W = ∂C/∂P Aᵀ and ∂C/∂A = Wᵀ ∂C/∂P."""
        other = _as_tensor(other, "@")
        if (self.data.ndim != 2 or other.data.ndim != 2
                or self.shape[1] != other.shape[0]):
            raise ValueError("W @ A needs 2-D W of shape (n, k) and A of shape "
                             f"(k, m), got W {self.shape} and A {other.shape}")
        return self._matmul(other)

    def _matmul(self, other):
        """P = W A: ∂C/∂W = ∂C/∂P Aᵀ, ∂C/∂A = Wᵀ ∂C/∂P"""
        def backward(g):
            return g @ other.data.T, self.data.T @ g
        return Tensor._result(self.data @ other.data, (self, other), backward, "@")

    def __rmatmul__(self, other):
        return _as_tensor(other, "@") @ self

    @property
    def T(self):
        """xᵀ, the transpose of a matrix, whose backward rule is ∂C/∂x = (∂C/∂xᵀ)ᵀ."""
        def backward(g):
            return (g.T,)
        return Tensor._result(self.data.T, (self,), backward, "T")

    # ---- elementwise functions -------------------------------------------------------
    def tanh(self):
        """t = tanh(x), elementwise: ∂C/∂x = ∂C/∂t ⊙ (1 − t²)."""
        t = np.tanh(self.data)

        def backward(g):
            return (g * (1.0 - t * t),)
        return Tensor._result(t, (self,), backward, "tanh")

    def sigmoid(self):
        """s = σ(x), elementwise: ∂C/∂x = ∂C/∂s ⊙ s(1 − s)."""
        s = sigmoid(self.data)

        def backward(g):
            return (g * s * (1.0 - s),)
        return Tensor._result(s, (self,), backward, "sigmoid")

    def softmax(self):
        """a = softmax(z) per column: ∂C/∂z = a ⊙ (∂C/∂a − Σⱼ aⱼ ∂C/∂aⱼ), per column."""
        if self.data.ndim != 2 or self.data.size == 0:
            raise ValueError("softmax needs z of shape (n, m), one column per example, "
                             f"got shape {self.shape}")
        a = softmax(self.data)

        def backward(g):
            return (a * (g - np.sum(a * g, axis=0, keepdims=True)),)
        return Tensor._result(a, (self,), backward, "softmax")

    def relu(self):
        """r = max(0, x), elementwise: ∂C/∂x = ∂C/∂r where x > 0, else 0."""
        def backward(g):
            return (g * (self.data > 0),)
        return Tensor._result(np.maximum(self.data, 0.0), (self,), backward, "relu")

    def exp(self):
        """e = exp(x), elementwise: ∂C/∂x = ∂C/∂e ⊙ e. Overflow gives inf, silently."""
        with np.errstate(over="ignore"):
            e = np.exp(self.data)

        def backward(g):
            return (g * e,)
        return Tensor._result(e, (self,), backward, "exp")

    def log(self):
        """l = ln x, elementwise, for x > 0: ∂C/∂x = ∂C/∂l ⊘ x."""
        if np.any(self.data <= 0):
            bad = self.data[self.data <= 0].flat[0]
            raise ValueError(f"log needs every entry > 0, got an entry {bad!r} "
                             f"({int(np.sum(self.data <= 0))} of {self.data.size} "
                             "entries are <= 0)")

        def backward(g):
            return (g / self.data,)
        return Tensor._result(np.log(self.data), (self,), backward, "log")

    # ---- reductions to a scalar ------------------------------------------------------
    def sum(self):
        """s = Σᵢ xᵢ over every entry, a scalar: ∂C/∂xᵢ = ∂C/∂s."""
        def backward(g):
            return (np.broadcast_to(g, self.shape).copy(),)
        return Tensor._result(np.array(np.sum(self.data)), (self,), backward, "sum")

    def mean(self):
        """μ = (1/N) Σᵢ xᵢ over all N entries, a scalar: ∂C/∂xᵢ = ∂C/∂μ / N."""
        n = self.data.size

        def backward(g):
            return (np.full(self.shape, g / n),)
        return Tensor._result(np.array(np.mean(self.data)), (self,), backward, "mean")

    def softmax_cross_entropy(self, Y):
        """C = −(1/m) Σₓ Σⱼ yⱼ ln softmax(z)ⱼ for logits z: ∂C/∂z = (softmax(z) − y)/m.

        ``self`` holds the logits z (the output layer's weighted inputs), one column per
        example; ``Y`` (constant) holds targets of the same shape, one probability
        distribution per column (one-hot, say). This is
        :func:`bpcode.costs.log_likelihood_cost` of softmax outputs, as a single
        operation: its backward rule is BP1 for that pair, δᴸ = aᴸ − y, divided by m
        because C is a mean.
        """
        Y = self._check_logits_and_targets("softmax_cross_entropy", Y)
        check_targets("log_likelihood", Y)
        return self._softmax_cross_entropy(Y)

    def _softmax_cross_entropy(self, Y):
        """C = −(1/m) Σ y ln softmax(z); backward: ∂C/∂z = (softmax(z) − y) / m"""
        m = self.shape[1]
        C = -np.sum(Y * log_softmax(self.data)) / m

        def backward(g):
            return (g * (softmax(self.data) - Y) / m,)
        return Tensor._result(np.array(C), (self,), backward, "softmax_cross_entropy")

    def sigmoid_cross_entropy(self, Y):
        """C = −(1/m) Σ [y ln σ(z) + (1 − y) ln σ(−z)], logits z: ∂C/∂z = (σ(z) − y)/m.

        :func:`bpcode.costs.cross_entropy_cost` of sigmoid outputs as one operation,
        finite for any logits; its backward rule is BP1 for that pair, δᴸ = aᴸ − y,
        divided by m. ``Y`` (constant) has the shape of the logits, (n, m).
        """
        return self._sigmoid_cross_entropy(
            self._check_logits_and_targets("sigmoid_cross_entropy", Y))

    def _sigmoid_cross_entropy(self, Y):
        """C = −(1/m) Σ [y ln σ(z) + (1 − y) ln σ(−z)]; backward: (σ(z) − y) / m"""
        m = self.shape[1]
        z = self.data
        C = -np.sum(Y * log_sigmoid(z) + (1.0 - Y) * log_sigmoid(-z)) / m

        def backward(g):
            return (g * (sigmoid(z) - Y) / m,)
        return Tensor._result(np.array(C), (self,), backward, "sigmoid_cross_entropy")

    def _check_logits_and_targets(self, op, Y):
        if self.data.ndim != 2 or self.data.size == 0:
            raise ValueError(f"{op} needs logits of shape (n, m), one column per "
                             f"example, got shape {self.shape}")
        Y = as_matrix("Y", Y)
        if Y.shape != self.shape:
            raise ValueError("Y must have the shape of the logits, got logits "
                             f"{self.shape} and Y {Y.shape}")
        return Y

    # ---- the backward pass -----------------------------------------------------------
    def backward(self, accumulate=False):
        """Fill ``grad`` of every tensor that C depends on with ∂C/∂(that tensor).

        Visits the graph in reverse topological order (each node after every node that
        uses it), so that a node's gradient is complete, summed over all its uses,
        before its own backward rule passes it on: ``parent.grad += rule(node.grad)``.

        As for ``Value``: raises ``RuntimeError`` if a tensor of the graph still holds a
        gradient from an earlier ``backward()``, because adding to it would silently
        double the result; call :meth:`zero_grad` first, or pass ``accumulate=True`` to
        add this gradient to the leaves' stored ones on purpose (intermediate results
        then restart from 0, so that only the leaves accumulate).
        """
        if self.data.size != 1:
            raise ValueError("backward() starts from a scalar cost, got a tensor of "
                             f"shape {self.shape}; "
                             "reduce it first, e.g. with .sum() or .mean()")
        self._backpropagate(accumulate)

    def _backpropagate(self, accumulate):
        """∂C/∂C = 1; then, in reverse topological order, parent.grad += rule(grad)"""
        order = backward_order(self, accumulate)   # refuses stale gradients
        self.grad = self.grad + 1.0
        for node in reversed(order):
            if node._backward is None:       # a leaf: nothing to pass on
                continue
            for parent, g in zip(node._parents, node._backward(node.grad)):
                parent.grad = parent.grad + g

    def zero_grad(self):
        """Set ``grad`` to zeros, for this tensor and every tensor it depends on."""
        for node in topological_order(self):
            node._reset_grad()

    def _holds_grad(self):
        return bool(np.any(self.grad))

    def _reset_grad(self):
        self.grad = np.zeros_like(self.data)


def _as_tensor(x, op):
    if isinstance(x, Tensor):
        return x
    if isinstance(x, (Real, np.ndarray, list, tuple)) and not isinstance(x, bool):
        return Tensor(x)
    raise TypeError(f"unsupported operand for Tensor {op}: expected a Tensor, a number "
                    f"or an array, got {type(x).__name__}")


def _broadcast_shape(x, y, op):
    try:
        return np.broadcast_shapes(x.shape, y.shape)
    except ValueError:
        raise ValueError(f"shapes {x.shape} and {y.shape} cannot be broadcast together "
                         f"for {op}") from None


def _unbroadcast(g, shape):
    """Sum g over the axes along which an operand of ``shape`` was broadcast."""
    while g.ndim > len(shape):           # axes NumPy added in front
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):     # axes of length 1 that were stretched
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


# ---- a Network's cost as a Tensor graph ----------------------------------------------
#: Each activation, as the Tensor operation that applies it.
_APPLY = {"sigmoid": Tensor.sigmoid, "tanh": Tensor.tanh, "relu": Tensor.relu,
          "identity": lambda z: z, "softmax": lambda z: z.softmax()}

#: The output activation and cost of each cancelling pair of
#: :data:`bpcode.costs.OUTPUT_COST_PAIRS` as one operation on the logits zᴸ, whose
#: backward rule is the cancelled BP1, δᴸ = aᴸ − y.
_FUSED = {("softmax", "log_likelihood"): Tensor._softmax_cross_entropy,
          ("sigmoid", "cross_entropy"): Tensor._sigmoid_cross_entropy}
assert set(_FUSED) == CANCELLING_PAIRS, "each cancelling pair needs a fused operation"


def network_cost(net, X, Y):
    """C(w, b) of a :class:`~bpcode.network.Network` on a batch, from Tensor operations.

    X has shape (sizes[0], m) and Y (sizes[-1], m). Returns ``(C, weights, biases)``:
    the scalar cost and Tensor copies of ``net.weights`` and ``net.biases``, the leaves
    whose ``grad`` ``C.backward()`` fills. The forward pass is z = w a + b, a = σ(z),
    layer by layer, exactly as :meth:`Network.forward <bpcode.network.Network.forward>`
    computes it. Every pair of output activation and cost of
    :data:`bpcode.costs.OUTPUT_COST_PAIRS` is supported; the cancelling ones end in a
    single operation on the logits.
    """
    check_pair(net.output_activation, net.cost_name)
    X, Y = net.check_batch(X, Y)
    return _network_cost(net, X, Y)


def _network_cost(net, X, Y):
    """zˡ = wˡ aˡ⁻¹ + bˡ, aˡ = σ(zˡ) as Tensor operations, then C(aᴸ, y)"""
    m = X.shape[1]
    weights = [Tensor(w) for w in net.weights]
    biases = [Tensor(b) for b in net.biases]
    a = X
    for w, b in zip(weights[:-1], biases[:-1]):
        a = _APPLY[net.activation](w @ a + b)
    z = weights[-1] @ a + biases[-1]
    pair = (net.output_activation, net.cost_name)
    if pair in _FUSED:                     # σ′ cancels: δᴸ = aᴸ − y
        C = _FUSED[pair](z, Y)
    else:                                  # the quadratic cost of aᴸ = σ(zᴸ)
        C = ((_APPLY[net.output_activation](z) - Y) ** 2).sum() * (0.5 / m)
    return C, weights, biases


def network_gradients(net, X, Y):
    """∂C/∂b and ∂C/∂w of a Network by reverse mode, shaped like ``Network.backprop``'s.

    Returns :class:`~bpcode.network.Gradients` ``(nabla_b, nabla_w)``, lists of arrays
    shaped like ``net.biases`` and ``net.weights``, so that it can stand in for
    ``net.backprop`` anywhere, e.g. as the ``backprop`` argument of
    :func:`bpcode.gradcheck.check_network`.
    """
    C, weights, biases = network_cost(net, X, Y)
    C.backward()
    return Gradients([b.grad for b in biases], [w.grad for w in weights])
