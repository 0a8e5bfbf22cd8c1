"""Input checks shared by every public function of bpcode.

Bad input should fail at the boundary, with a message that names the argument, what was
expected and what was received, instead of surfacing later as a broadcasting error deep
inside a matrix product, or as a NaN. The convention of the whole package: a public
function checks its input with these helpers, then calls a private core that holds only
the math (the code the chapters show).

What counts as a number: Python ints and floats, lists of them, and NumPy arrays of
integer or floating dtype, all converted to float64. Booleans, complex numbers, strings
and Python objects are refused with a ``TypeError``: converting them would silently
drop an imaginary part or turn ``True`` into 1.
"""

from numbers import Integral, Real

import numpy as np

#: The NumPy dtype kinds accepted as real numbers: signed and unsigned integers, floats.
_REAL_KINDS = "iuf"
_KIND_NAMES = {"b": "booleans", "c": "complex numbers", "O": "Python objects",
               "U": "strings", "S": "bytes", "M": "dates", "m": "time spans",
               "V": "raw records"}


def as_float_array(name, x, finite=True):
    """Return ``x`` as a float64 array, or raise ``TypeError``/``ValueError`` naming it.

    Accepts real numbers, (nested) lists of them and integer or float arrays; refuses
    booleans, complex numbers, strings and objects. With ``finite`` (the default) NaN
    and ±inf are refused as well.
    """
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be a numeric array, got a {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as err:     # ragged nested lists, for instance
        raise TypeError(f"{name} must be a numeric array, got {type(x).__name__}: "
                        f"{err}") from None
    if arr.dtype.kind not in _REAL_KINDS:
        what = _KIND_NAMES.get(arr.dtype.kind, "values")
        raise TypeError(f"{name} must hold real numbers (int or float), got dtype "
                        f"{arr.dtype} ({what}); convert it explicitly if that is meant")
    arr = arr.astype(np.float64, copy=False)
    if finite:
        check_finite(name, arr)
    return arr


def check_finite(name, arr):
    """Raise ``ValueError`` naming ``name`` if the float array ``arr`` has NaN, ±inf."""
    # A sum of finite numbers is finite unless it overflows, and a NaN or inf makes it
    # non-finite: so one sum (no mask of the array's size) settles the common case.
    if np.isfinite(np.sum(arr)):
        return
    # Otherwise count, one slice along the first axis at a time, so that no mask is
    # ever as large as arr (a data set of 60,000 images would need 47 MiB).
    slices = arr if np.ndim(arr) > 1 else [arr]
    bad = sum(int(np.size(s) - np.count_nonzero(np.isfinite(s))) for s in slices)
    if bad:
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s); every entry "
                         "must be finite")


def as_matrix(name, x, rows=None, cols=None):
    """Return ``x`` as a finite float64 matrix of shape (rows, cols), neither 0.

    ``rows`` or ``cols`` may be None to accept any size (at least 1). A 1-D array is
    rejected with a hint: the book stores one example per *column*, so one example of n
    numbers has shape (n, 1); a matrix without columns is an empty batch.
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
    if 0 in arr.shape:
        hint = (" (an empty batch: give at least one example, one per column)"
                if arr.shape[1] == 0 else "")
        raise ValueError(f"{name} must have at least one row and one column, got shape "
                         f"{arr.shape}{hint}")
    return arr


def as_inputs(net_or_sizes, X, name="X"):
    """X as a batch of inputs for a network: finite float64 of shape (sizes[0], m ≥ 1).

    ``net_or_sizes`` is anything with a ``sizes`` attribute (a Network, an MLP) or the
    list of layer widths itself.
    """
    return as_matrix(name, X, rows=_sizes(net_or_sizes)[0])


def as_batch(net_or_sizes, X, Y, names=("X", "Y")):
    """(X, Y) as a batch for a network: shapes (sizes[0], m) and (sizes[-1], m), m ≥ 1.

    Both are finite float64 matrices with the same number m of columns (examples).
    ``names`` are the names the error messages use, e.g. ``("validation_data[0]",
    "validation_data[1]")``.
    """
    sizes = _sizes(net_or_sizes)
    X = as_matrix(names[0], X, rows=sizes[0])
    return X, as_matrix(names[1], Y, rows=sizes[-1], cols=X.shape[1])


def as_pair(name, data):
    """``(X, Y)`` from ``data``, a tuple or list of inputs and targets; else TypeError.

    An array is refused even when it has two rows (which would unpack into two rows of
    X): training data is a pair ``(X, Y)``.
    """
    if isinstance(data, np.ndarray) or not isinstance(data, (tuple, list)):
        got = (f"an array of shape {data.shape}" if isinstance(data, np.ndarray)
               else type(data).__name__)
        raise TypeError(f"{name} must be a pair (X, Y) of inputs and targets, got "
                        f"{got}")
    if len(data) != 2:
        raise TypeError(f"{name} must be a pair (X, Y) of inputs and targets, got "
                        f"{len(data)} items")
    return data[0], data[1]


def as_labels(name, labels, n_classes=None, m=None):
    """Return class indices as int64 of shape (m,), each in 0 .. n_classes − 1.

    ``labels`` is a 1-D sequence of whole numbers of an integer dtype (a list of ints
    too); floats and booleans raise ``TypeError``, a wrong shape or a class out of range
    ``ValueError``. ``m`` (the number of examples) and ``n_classes`` are checked when
    given. An empty sequence is allowed here; functions that average over examples
    refuse it themselves.
    """
    try:
        arr = np.asarray(labels)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a 1-D array of class indices, got "
                        f"{type(labels).__name__}: {err}") from None
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class indices, shape "
                         f"({_dim(m, 'm')},), got shape {arr.shape}")
    if m is not None and arr.shape != (m,):
        raise ValueError(f"{name} must have shape ({m},), one class per column of X, "
                         f"got shape {arr.shape}")
    if arr.size == 0:
        return arr.astype(np.int64)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer class indices, got dtype "
                        f"{arr.dtype}")
    low, high = int(arr.min()), int(arr.max())
    if n_classes is not None and (low < 0 or high >= n_classes):
        raise ValueError(f"{name} must lie in 0..{n_classes - 1} for "
                         f"n_classes={n_classes}, got {low if low < 0 else high}")
    if low < 0:
        raise ValueError(f"{name} must be class indices >= 0, got {low}")
    return arr.astype(np.int64)


def as_sequence(name, seq, rows=None, cols=None):
    """A batch of sequences as a finite float64 array (T, rows, m), T ≥ 1 and m ≥ 1.

    ``seq`` is an array (T, rows, m) or a list of T matrices (rows, m); ``cols`` fixes
    m. Raises ``ValueError`` naming ``name`` for an empty sequence or batch, a wrong
    number of axes, a wrong width, or NaN, and ``TypeError`` for non-numeric input.
    """
    if isinstance(seq, (list, tuple)):
        if len(seq) == 0:
            raise ValueError(f"{name} must hold at least one time step, got an empty "
                             "sequence (T = 0)")
        first = as_matrix(f"{name}[0]", seq[0], rows=rows, cols=cols)
        steps = [as_matrix(f"{name}[{t}]", s, rows=first.shape[0], cols=first.shape[1])
                 for t, s in enumerate(seq)]
        return np.stack(steps)
    arr = as_float_array(name, seq)
    if arr.ndim != 3:
        hint = (f" (for one sequence of a single example use {name}.reshape(T, -1, 1): "
                "examples are columns)") if arr.ndim in (1, 2) else ""
        raise ValueError(f"{name} must be a 3-D array of shape "
                         f"(T, {_dim(rows, 'n')}, {_dim(cols, 'm')}), got {arr.ndim}-D "
                         f"shape {arr.shape}{hint}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one time step, got shape "
                         f"{arr.shape} (T = 0)")
    if rows is not None and arr.shape[1] != rows:
        raise ValueError(f"{name} must have {rows} features per step "
                         f"(shape (T, {rows}, {_dim(cols, 'm')})), got shape "
                         f"{arr.shape}")
    if cols is not None and arr.shape[2] != cols:
        raise ValueError(f"{name} must hold {cols} sequences "
                         f"(shape (T, {_dim(rows, 'n')}, {cols})), got shape "
                         f"{arr.shape}")
    if arr.shape[1] == 0 or arr.shape[2] == 0:
        raise ValueError(f"{name} must hold at least one feature and one sequence, got "
                         f"shape {arr.shape} (an empty batch: sequences are columns)")
    return arr


def is_real(x):
    """True for a plain real number (int, float or numpy scalar), False for a bool."""
    return isinstance(x, Real) and not isinstance(x, (bool, np.bool_))


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
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a positive integer, got {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value}")
    return int(value)


def check_sizes(sizes, example="[2, 3, 1]"):
    """Return layer widths as a list of positive ints, at least input and output."""
    if isinstance(sizes, (str, bytes)):
        raise TypeError(f"sizes must be a list of layer widths such as {example}, got "
                        f"{sizes!r}")
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
    if not is_real(value):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value}")
    return float(value)


def check_choice(name, value, choices):
    """Return ``value`` if it is in ``choices``, else raise naming the known ones."""
    if not isinstance(value, str) or value not in choices:
        known = ", ".join(repr(c) for c in choices)
        raise ValueError(f"unknown {name} {value!r}; expected one of {known}")
    return value


def check_rng(rng):
    """Return ``rng`` if it is a ``numpy.random.Generator`` (randomness is explicit)."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a numpy.random.Generator, e.g. "
                        f"numpy.random.default_rng(0); got {type(rng).__name__}")
    return rng


def _sizes(net_or_sizes):
    return getattr(net_or_sizes, "sizes", net_or_sizes)


def _dim(value, symbol):
    return symbol if value is None else str(value)
