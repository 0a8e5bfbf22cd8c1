"""Turning measurements into the numbers the book prints and glues into its text.

A number in the prose of a chapter is computed by the code beside it and glued in with
myst-nb. The tests re-run every notebook and compare its text outputs, so what is
printed or glued must not flicker in the last digits between machines: these helpers
round first.
"""

import numpy as np

from bpcode.checks import as_float_array, is_real


def glue_number(name, value, digits=6):
    """Glue ``value`` as ``name``: an int as it is, a real rounded to ``digits``.

    The prose shows it with ``{glue:text}`name:.3f```; gluing a rounded Python number
    (not a numpy scalar or a string) keeps the stored output short and stable.
    """
    from myst_nb import glue   # only the notebooks need myst_nb, not the library

    if not is_real(value):
        raise TypeError(f"glue_number({name!r}, ...) needs a real number, got "
                        f"{type(value).__name__}")
    value = (int(value) if isinstance(value, (int, np.integer))
             else round(float(value), digits))
    glue(name, value, display=False)


def power_of_ten_above(x):
    """10^⌈log₁₀ x⌉: the power of ten just above a positive error, e.g. 3.2e-11 → 1e-10.

    "below 1e-10" is a claim that stays true on every machine, where the error itself
    changes in its last digits. Values below 1e-16 count as 1e-16.
    """
    if not is_real(x) or not np.isfinite(x) or x < 0:
        raise ValueError(f"x must be a finite number >= 0, got {x!r}")
    return float(10.0 ** np.ceil(np.log10(max(float(x), 1e-16))))


def loglog_slope(x, y):
    """The least-squares slope of log y against log x: the p of y ∝ xᵖ.

    ``x`` and ``y`` are positive arrays of the same shape, with at least two distinct x.
    """
    x = as_float_array("x", x)
    y = as_float_array("y", y)
    if x.shape != y.shape or x.ndim != 1 or x.size < 2:
        raise ValueError("x and y must be 1-D arrays of the same length >= 2, got "
                         f"shapes {x.shape} and {y.shape}")
    if np.any(x <= 0) or np.any(y <= 0):
        raise ValueError("x and y must be positive to take logarithms")
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])
