"""Forward-mode automatic differentiation with dual numbers: the ``Dual`` class.

A dual number a + ȧ·ε carries a value a and a *tangent* ȧ, with the rule ε² = 0.
Taylor's formula then becomes exact: f(a + ȧε) = f(a) + f′(a)·ȧ·ε, so evaluating f on a
dual number returns the value f(a) and, in the ε part, the derivative f′(a)·ȧ. With
several inputs x₁ … xₙ seeded with the tangents v₁ … vₙ, one evaluation gives the
directional derivative ∇f(x)·v. The full gradient needs n evaluations, one per direction
eᵢ: that is the cost of forward mode, measured in the chapter *Forward mode, and the
cost of derivatives*.

Each operation below computes its value and its tangent side by side, with the same
local derivatives as :class:`bpcode.autodiff.value.Value`.

Introduced in *Forward mode, and the cost of derivatives*.
"""

import math

import numpy as np

from bpcode.autodiff import scalar
from bpcode.checks import as_float_array, as_real, is_real

__all__ = ["Dual", "directional_derivative", "gradient"]


class Dual:
    """The dual number ``value + tangent·ε`` with ε² = 0: a number and its derivative.

    ``Dual(x, 1.0)`` is the variable x (dx/dx = 1); ``Dual(c)`` a constant (tangent 0).
    Supports ``+ - * / **`` (number exponent), unary ``-``, plain numbers on either
    side, and :meth:`exp`, :meth:`log`, :meth:`tanh`, :meth:`sigmoid`, :meth:`relu`.
    """

    __slots__ = ("value", "tangent")

    def __init__(self, value, tangent=0.0):
        self.value = value if type(value) is float else as_real("value", value)
        self.tangent = (tangent if type(tangent) is float
                        else as_real("tangent", tangent))

    # (a + ȧε) ∘ (b + ḃε): the value, then the tangent by the chain rule
    def __add__(self, other):
        other = _as_dual(other, "+")
        return Dual(self.value + other.value, self.tangent + other.tangent)

    def __sub__(self, other):
        other = _as_dual(other, "-")
        return Dual(self.value - other.value, self.tangent - other.tangent)

    def __mul__(self, other):
        other = _as_dual(other, "*")
        # (a + ȧε)(b + ḃε) = ab + (ȧb + aḃ)ε, because ε² = 0
        return Dual(self.value * other.value,
                    self.tangent * other.value + self.value * other.tangent)

    def __truediv__(self, other):
        other = _as_dual(other, "/")
        if other.value == 0.0:
            raise ZeroDivisionError(f"division by a Dual whose value is 0: {self!r} / "
                                    f"{other!r}")
        q = self.value / other.value
        # d(a/b) = ȧ/b − (a/b)·ḃ/b
        return Dual(q, (self.tangent - q * other.tangent) / other.value)

    def __pow__(self, exponent):
        p = _as_exponent(exponent)
        x = self.value
        scalar.check_power(x, p, f"{self!r} ** {exponent!r}")
        local = p * x ** (p - 1.0) if p != 0.0 else 0.0        # d(xᵖ)/dx = p·xᵖ⁻¹
        return Dual(x ** p, local * self.tangent)

    def __neg__(self):
        return Dual(-self.value, -self.tangent)

    def exp(self):
        """eˣ; tangent eˣ·ẋ."""
        e = scalar.exp(self.value)
        return Dual(e, e * self.tangent)

    def log(self):
        """ln x for x > 0; tangent ẋ/x."""
        if self.value <= 0.0:
            raise ValueError(f"log needs a positive number, got {self!r}")
        return Dual(math.log(self.value), self.tangent / self.value)

    def tanh(self):
        """tanh x; tangent (1 − tanh²x)·ẋ."""
        t = math.tanh(self.value)
        return Dual(t, (1.0 - t * t) * self.tangent)

    def sigmoid(self):
        """σ(x) = 1/(1 + e⁻ˣ) without overflow; tangent σ(x)(1 − σ(x))·ẋ."""
        s = scalar.sigmoid(self.value)
        return Dual(s, s * (1.0 - s) * self.tangent)

    def relu(self):
        """max(0, x); tangent ẋ for x > 0, else 0 (0 at the kink x = 0)."""
        if self.value > 0.0:
            return Dual(self.value, self.tangent)
        return Dual(0.0, 0.0)

    # plain numbers on the left: 2 * x, 1 - x, 1 / x ...
    def __radd__(self, other):
        return _as_dual(other, "+") + self

    def __rsub__(self, other):
        return _as_dual(other, "-") - self

    def __rmul__(self, other):
        return _as_dual(other, "*") * self

    def __rtruediv__(self, other):
        return _as_dual(other, "/") / self

    def __rpow__(self, base):
        raise TypeError(f"a Dual can only be raised to a plain-number power (x ** 2); "
                        f"{type(base).__name__} ** Dual is not supported")

    def __repr__(self):
        return f"Dual(value={self.value:.6g}, tangent={self.tangent:.6g})"


def directional_derivative(f, x, v):
    """(f(x), ∇f(x)·v) from ONE forward pass of dual numbers; x and v have shape (n,).

    ``f`` takes a list of n numbers (here Duals) and returns one number built from them
    with Dual's operations. Input i is seeded as ``Dual(x[i], v[i])``.
    """
    x = as_float_array("x", x)
    v = as_float_array("v", v)
    if x.ndim != 1 or v.shape != x.shape:
        raise ValueError("x and v must be 1-D arrays of the same length, got shapes "
                         f"{x.shape} and {v.shape}")
    return _value_and_tangent(_directional_derivative(f, x, v))


def _directional_derivative(f, x, v):
    """f(x + vε) = f(x) + (∇f(x)·v) ε: seed input i as xᵢ + vᵢε, evaluate f once"""
    return f([Dual(float(xi), float(vi)) for xi, vi in zip(x, v)])


def _value_and_tangent(out):
    """(value, tangent) of what f returned: a Dual, or a plain number (a constant)."""
    if is_real(out):                            # f ignored its inputs: a constant
        return float(out), 0.0
    if not isinstance(out, Dual):
        raise TypeError(f"f must return a single number, got {type(out).__name__}")
    return out.value, out.tangent


def gradient(f, x):
    """∇f(x), shape (n,), by n forward passes, one per unit direction eᵢ."""
    x = as_float_array("x", x)
    if x.ndim != 1:
        raise ValueError(f"x must be a 1-D array, got shape {x.shape}")
    grad = np.empty_like(x)
    for i in range(x.size):
        e_i = np.zeros_like(x)
        e_i[i] = 1.0
        grad[i] = _value_and_tangent(_directional_derivative(f, x, e_i))[1]
    return grad


def _as_dual(x, op):
    """x itself if a Dual, a constant (tangent 0) if a real number; else a TypeError."""
    if isinstance(x, Dual):
        return x
    if is_real(x):
        return Dual(float(x))
    raise TypeError(f"unsupported operand for {op}: Dual and {type(x).__name__}; a "
                    "Dual combines only with another Dual or a real number "
                    "(int or float)")


def _as_exponent(p):
    """The exponent of ``**`` as a float: it must be a plain number, not a Dual."""
    return as_real("the exponent of Dual ** p", p,
                   "; a Dual exponent is not supported")
