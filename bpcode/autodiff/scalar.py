"""The scalar functions that Value (reverse mode) and Dual (forward mode) both need.

Each engine keeps its derivative rules beside its own operations; what they share is how
to compute the value itself safely and which inputs are outside a function's domain.
"""

import math


def check_power(x, p, expression):
    """Raise ``ValueError`` unless xᵖ and its derivative p·xᵖ⁻¹ are finite real numbers.

    ``expression`` describes the operation for the message, e.g.
    ``"Value(0.0) ** 0.5"``.
    """
    if x == 0.0 and p < 1.0 and p != 0.0:
        raise ValueError(f"0 ** {p} has no finite derivative "
                         f"(the exponent must be 0 or ≥ 1 at 0), got {expression}")
    if x < 0.0 and not p.is_integer():
        raise ValueError(f"a negative number to the non-integer power {p} is not a "
                         f"real number, got {expression}")


def exp(x):
    """eˣ, or an ``OverflowError`` that says why for x > about 709.78."""
    try:
        return math.exp(x)
    except OverflowError:
        raise OverflowError(f"exp({x}) is larger than the largest float "
                            "(about 1.8e308)") from None


def sigmoid(x):
    """σ(x) = 1/(1 + e⁻ˣ) for a float, never evaluating e to a large positive power."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)                # e^x / (1 + e^x) for negative x
    return e / (1.0 + e)
