"""Recognizing a known mistake by what it computes: its fingerprint.

A :class:`Mistake` is a deliberately wrong implementation (one of :mod:`bpcode.bugs`,
or one a grader defines) with the equation it breaks, in the book's words. Its
fingerprint is what it returns, or that it raises, on each of the grader's test
problems. A student's code *is* that mistake when it does the same on every problem:
the same arrays where the mistake returns arrays, an exception where the mistake raises
one (a forgotten transpose fails exactly where the matrices are not square). That is a
far sharper diagnosis than "different": it names the mistake.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np

from bpcode.gradcheck import _relative_error
from bpcode.grading.calls import Failure, call

#: Two results agree when every array's relative error is below this. A correct
#: gradient differs from the reference by round-off, 1e-15 or so; a mistake by far more.
AGREE = 1e-7


@dataclass(frozen=True)
class Mistake:
    """A wrong implementation, ``compute``, of ``equation``, described by ``what``.

    ``compute`` has the signature of the function the student writes; ``section`` is a
    key of :data:`bpcode.grading.feedback.SECTIONS`; ``name`` is how the book calls it
    (``bpcode.bugs.missing_sigma_prime_in_bp2``).
    """

    name: str
    equation: str
    what: str
    section: str
    compute: Callable


def arrays(result):
    """The float64 arrays inside a result (nested lists, tuples, dicts), in order.

    ``None`` if some part is not an array of real numbers.
    """
    if isinstance(result, dict):
        result = list(result.values())
    if isinstance(result, (list, tuple)):
        parts = [arrays(r) for r in result]
        return None if any(p is None for p in parts) else [a for p in parts for a in p]
    try:
        a = np.asarray(result)
    except (TypeError, ValueError):
        return None
    if a.dtype.kind not in "iuf":
        return None
    return [a.astype(np.float64)]


def agree(x, y):
    """True if two results hold the same arrays, shape for shape, to :data:`AGREE`."""
    xs, ys = arrays(x), arrays(y)
    if xs is None or ys is None or len(xs) != len(ys):
        return False
    return all(a.shape == b.shape and np.all(np.isfinite(a))
               and _relative_error(a, b) < AGREE for a, b in zip(xs, ys))


def same_outcome(x, y):
    """Both raised, or both returned results that :func:`agree`."""
    if isinstance(x, Failure) or isinstance(y, Failure):
        return isinstance(x, Failure) and isinstance(y, Failure)
    return agree(x, y)


def recognize(outcomes, problems, mistakes):
    """The first mistake that does what the student's code did on every problem.

    ``outcomes[i]`` is the student's result (or
    :class:`~bpcode.grading.calls.Failure`) on ``problems[i]``, a
    tuple of arguments. Returns the :class:`Mistake`, or ``None`` if none matches.
    """
    for mistake in mistakes:
        if all(same_outcome(outcome, call(mistake.compute, *args))
               for outcome, args in zip(outcomes, problems)):
            return mistake
    return None
