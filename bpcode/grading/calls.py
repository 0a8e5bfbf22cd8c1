"""Calling a student's code so that nothing escapes, and saying where it failed.

A grader calls the student's function many times, on many problems. What it prints is
swallowed (a debugging ``print`` would bury the report), warnings are silenced (an
overflow warning is a symptom the report describes better), and an exception becomes an
:class:`Failure`: its type and message and the line of the *student's* code where it
happened, never a traceback from inside the grader.
"""

import contextlib
import io
import linecache
import os
import traceback
import warnings
from dataclasses import dataclass

import numpy as np

import bpcode

# Frames in these folders are the book's or Python's, not the student's.
_NOT_THE_STUDENT = tuple(os.path.dirname(m.__file__) + os.sep
                         for m in (bpcode, np, os, contextlib))


@dataclass(frozen=True)
class Failure:
    """An exception raised by a student's code: its type, message and where."""

    kind: str          #: the exception's class name, e.g. "ValueError"
    message: str       #: its message (the first 300 characters)
    where: str         #: the student's line, "line 7 of f" and its code, or ""

    @property
    def not_implemented(self):
        """True for the NotImplementedError of an untouched stub."""
        return self.kind == "NotImplementedError"

    def describe(self):
        """"ValueError: matmul: … (line 7 of backprop: `delta = w @ delta`)"."""
        text = f"{self.kind}: {self.message}" if self.message else self.kind
        return f"{text} ({self.where})" if self.where else text


def call(function, *args):
    """``function(*args)``, its output and warnings swallowed; a :class:`Failure`
    in place of the result if it raises.

    ``KeyboardInterrupt`` and ``SystemExit`` still stop the grader (the student asked to
    stop); every other exception is caught.
    """
    with contextlib.ExitStack() as stack:
        stack.enter_context(contextlib.redirect_stdout(io.StringIO()))
        stack.enter_context(contextlib.redirect_stderr(io.StringIO()))
        stack.enter_context(warnings.catch_warnings())
        warnings.simplefilter("ignore")
        stack.enter_context(np.errstate(all="ignore"))
        try:
            return function(*args)
        except Exception as err:       # any error of the student's is news
            return failure(err)


def failure(err):
    """The :class:`Failure` of an exception, located in the student's code."""
    message = str(err).strip().splitlines()[0][:300] if str(err).strip() else ""
    return Failure(type(err).__name__, message, _student_line(err.__traceback__))


def _student_line(tb):
    """"line N of f: `code`" of the innermost frame not the book's or Python's."""
    where = ""
    for frame, lineno in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if filename.startswith(_NOT_THE_STUDENT):
            continue
        code = linecache.getline(filename, lineno).strip()
        name = frame.f_code.co_name
        where = f"line {lineno} of {name}" + (f": `{code}`" if code else "")
    return where
