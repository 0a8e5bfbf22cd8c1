"""Input checks shared by every public function of bpcode.

Bad input should fail at the boundary, with a message that names the argument, what was
expected and what was received, instead of surfacing later as a broadcasting error deep
inside a matrix product.
"""

from numbers import Integral, Real

import numpy as np


def as_float_array(name, x):
    """Return ``x`` as float64, or raise ``TypeError``/``ValueError`` naming ``name``.

    Rejects non-numeric input and NaN or infinite entries.
    """
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be a numeric array, got a {type(x).__name__}")
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a numeric array, got {type(x).__name__}: "
                        f"{err}") from None
    if not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s); every entry "
                         "must be finite")
    return arr


def as_matrix(name, x, rows=None, cols=None):
    """Return ``x`` as a finite float64 matrix of shape (rows, cols).

    ``rows`` or ``cols`` may be None to accept any size. A 1-D array is rejected, with a
    hint: the book stores one example per *column*, so one example of n numbers has
    shape (n, 1).
    """
    arr = as_float_array(name, x)
    if arr.ndim != 2:
        hint = ""
        if arr.ndim == 1:
            hint = (f" (for a single example use {name}.reshape(-1, 1): "
                    "examples are columns)")
        raise ValueError(f"{name} must be a 2-D array of shape "
                         f"({_dim(rows, 'n')}, {_dim(cols, 'm')}), got {arr.ndim}-D "
                         f"shape {arr.shape}{hint}")
    if rows is not None and arr.shape[0] != rows:
        raise ValueError(f"{name} must have {rows} rows "
                         f"(shape ({rows}, {_dim(cols, 'm')})), got shape {arr.shape}")
    if cols is not None and arr.shape[1] != cols:
        raise ValueError(f"{name} must have {cols} columns "
                         f"(shape ({_dim(rows, 'n')}, {cols})), got shape {arr.shape}")
    return arr


def is_real(x):
    """True for a plain real number (int, float or numpy scalar), False for a bool."""
    return isinstance(x, Real) and not isinstance(x, bool)


def as_real(name, x, hint=""):
    """Return the real number ``x`` as a float, or raise ``TypeError`` naming ``name``.

    ``hint`` is appended to the message, e.g. to suggest what to write instead.
    """
    if is_real(x):
        return float(x)
    raise TypeError(f"{name} must be a real number (int or float), got "
                    f"{type(x).__name__}: {x!r}{hint}")


def check_positive_int(name, value):
    """Return ``value`` as an int if it is a whole number > 0, else raise."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a positive integer, got {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value}")
    return int(value)


def check_sizes(sizes, example="[2, 3, 1]"):
    """Return layer widths as a list of positive ints, at least input and output."""
    try:
        sizes = list(sizes)
    except TypeError:
        raise TypeError(f"sizes must be a list of layer widths such as {example}, got "
                        f"{sizes!r}") from None
    if len(sizes) < 2:
        raise ValueError("sizes needs at least two layers (input and output), got "
                         f"{sizes}")
    return [check_positive_int(f"sizes[{i}]", n) for i, n in enumerate(sizes)]


def check_nonnegative(name, value):
    """Return ``value`` as a float if it is a finite real number ≥ 0, else raise."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value}")
    return float(value)


def check_choice(name, value, choices):
    """Return ``value`` if it is in ``choices``, else raise naming the known ones."""
    if value not in choices:
        known = ", ".join(repr(c) for c in choices)
        raise ValueError(f"unknown {name} {value!r}; expected one of {known}")
    return value


def check_rng(rng):
    """Return ``rng`` if it is a ``numpy.random.Generator`` (randomness is explicit)."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a numpy.random.Generator, e.g. "
                        f"numpy.random.default_rng(0); got {type(rng).__name__}")
    return rng


def _dim(value, symbol):
    return symbol if value is None else str(value)
