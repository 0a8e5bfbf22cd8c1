"""The grader of the δ recursion of backpropagation through time.

The student writes ``hidden_errors(W_hh, W_hy, zs, delta_ys)``, the errors of the hidden
layer at every step, backwards in time::

    δₜ = (W_hyᵀ δʸₜ + W_hhᵀ δₜ₊₁) ⊙ tanh′(zₜ),   t = T, …, 1,   δ_{T+1} = 0,

as :func:`bpcode.recurrent.hidden_errors` computes them: shapes ``zs`` (T, n_hidden, m),
``delta_ys`` (T, n_out, m), result (T, n_hidden, m). :func:`check_bptt` runs it on
:data:`PROBLEMS`, random recurrent networks and sequences, compares every step with the
book's recursion, and the gradients those errors give
(:func:`bpcode.recurrent.parameter_gradients`) with central differences of the cost;
it recognizes the usual mistakes (:data:`MISTAKES`) and says at which steps the errors
go wrong.
"""

from dataclasses import dataclass, field

import numpy as np

from bpcode.activations import tanh_prime
from bpcode.gradcheck import _numerical_gradient, _relative_error
from bpcode.grading.calls import Failure, call
from bpcode.grading.feedback import Finding, Report, number_range, run_all, wrapped
from bpcode.grading.fingerprints import Mistake, arrays, recognize
from bpcode.recurrent import (RNN, _hidden_errors, _output_errors,
                              _parameter_gradients)

TITLE = "the δ recursion of backpropagation through time"

#: An error δₜ is right when its relative error against the book's is below this.
RIGHT = 1e-8

#: The parameters whose gradients the hidden errors δₜ give (W_hy, b_y need δʸₜ only).
HIDDEN_PARAMETERS = ("W_xh", "W_hh", "b_h")


@dataclass(frozen=True)
class Problem:
    """A random RNN (n_in, n_hidden, n_out) and m sequences of T steps."""

    n_in: int
    n_hidden: int
    n_out: int
    T: int
    m: int
    seed: int

    def build(self):
        """``(rnn, X, Y)``, seeded; b_h is not zero, so that every tanh′ differs."""
        rng = np.random.default_rng(self.seed)
        rnn = RNN(self.n_in, self.n_hidden, self.n_out, rng, recurrent_gain=1.2)
        rnn.b_h += 0.3 * rng.standard_normal(rnn.b_h.shape)
        X = rng.standard_normal((self.T, self.n_in, self.m))
        Y = rng.standard_normal((self.T, self.n_out, self.m))
        return rnn, X, Y

    def describe(self):
        """"an RNN 2 → 3 → 2, T = 5 steps, m = 3 sequences"."""
        return (f"an RNN {self.n_in} → {self.n_hidden} → {self.n_out}, T = {self.T} "
                f"step{'s' * (self.T > 1)}, m = {self.m}")


#: The test problems. n_out ≠ n_hidden (a forgotten transpose of W_hy fails), one step
#: (no recurrent term), one sequence with W_hy square, and a longer sequence.
#:
#: :meta hide-value:
PROBLEMS = (
    Problem(2, 3, 2, 5, 3, 1),
    Problem(3, 4, 2, 1, 2, 2),
    Problem(2, 3, 3, 4, 1, 3),
    Problem(1, 5, 2, 8, 2, 4),
)


# ---- the usual mistakes ----------------------------------------------------------
def _recursion(zs, step, steps=None):
    # δₜ = step(t, δ of the step visited before), for t in steps (T, …, 1 by default),
    # from δ = 0; a step never visited keeps δₜ = 0
    deltas = np.zeros_like(zs)
    delta = np.zeros_like(zs[0])
    for t in range(len(zs), 0, -1) if steps is None else steps:
        delta = step(t, delta)
        deltas[t - 1] = delta
    return deltas


def _no_recurrent_term(W_hh, W_hy, zs, delta_ys):
    return _recursion(zs, lambda t, d: (W_hy.T @ delta_ys[t - 1])
                      * tanh_prime(zs[t - 1]))


def _no_output_term(W_hh, W_hy, zs, delta_ys):
    return _recursion(zs, lambda t, d: (W_hh.T @ d) * tanh_prime(zs[t - 1]))


def _no_tanh_prime(W_hh, W_hy, zs, delta_ys):
    return _recursion(zs, lambda t, d: W_hy.T @ delta_ys[t - 1] + W_hh.T @ d)


def _tanh_prime_on_output_term_only(W_hh, W_hy, zs, delta_ys):
    return _recursion(zs, lambda t, d: (W_hy.T @ delta_ys[t - 1])
                      * tanh_prime(zs[t - 1]) + W_hh.T @ d)


def _untransposed_W_hh(W_hh, W_hy, zs, delta_ys):
    return _recursion(zs, lambda t, d: (W_hy.T @ delta_ys[t - 1] + W_hh @ d)
                      * tanh_prime(zs[t - 1]))


def _untransposed_W_hy(W_hh, W_hy, zs, delta_ys):
    return _recursion(zs, lambda t, d: (W_hy @ delta_ys[t - 1] + W_hh.T @ d)
                      * tanh_prime(zs[t - 1]))


def _tanh_prime_of_weighted_input(W_hh, W_hy, zs, delta_ys):
    return _recursion(zs, lambda t, d: (W_hy.T @ delta_ys[t - 1] + W_hh.T @ d)
                      * (1.0 - zs[t - 1] ** 2))


def _right_step(W_hh, W_hy, zs, delta_ys):
    return lambda t, d: (W_hy.T @ delta_ys[t - 1] + W_hh.T @ d) * tanh_prime(zs[t - 1])


def _forwards_in_time(W_hh, W_hy, zs, delta_ys):
    return _recursion(zs, _right_step(W_hh, W_hy, zs, delta_ys), range(1, len(zs) + 1))


def _loop_stops_at_step_2(W_hh, W_hy, zs, delta_ys):
    return _recursion(zs, _right_step(W_hh, W_hy, zs, delta_ys), range(len(zs), 1, -1))


def _mistake(name, what, compute):
    return Mistake(name, "δₜ", what, "bptt", compute)


#: The mistakes :func:`check_bptt` recognizes, in the words of *Backpropagation through
#: time*.
#:
#: :meta hide-value:
MISTAKES = (
    _mistake("no_recurrent_term", "δₜ = (W_hyᵀ δʸₜ) ⊙ tanh′(zₜ): the recurrent term "
             "W_hhᵀ δₜ₊₁ is missing. hₜ feeds both yₜ and zₜ₊₁, so its error collects "
             "a term from each route.", _no_recurrent_term),
    _mistake("no_output_term", "δₜ = (W_hhᵀ δₜ₊₁) ⊙ tanh′(zₜ): the output term "
             "W_hyᵀ δʸₜ is missing, so no error ever enters and every δₜ is 0.",
             _no_output_term),
    _mistake("no_tanh_prime", "δₜ = W_hyᵀ δʸₜ + W_hhᵀ δₜ₊₁: the factor tanh′(zₜ) is "
             "forgotten.", _no_tanh_prime),
    _mistake("tanh_prime_on_output_term_only", "δₜ = (W_hyᵀ δʸₜ) ⊙ tanh′(zₜ) + "
             "W_hhᵀ δₜ₊₁: tanh′(zₜ) multiplies the output term only; the two routes "
             "are summed first, then multiplied by tanh′(zₜ).",
             _tanh_prime_on_output_term_only),
    _mistake("untransposed_W_hh", "δₜ = (W_hyᵀ δʸₜ + W_hh δₜ₊₁) ⊙ tanh′(zₜ): the "
             "transpose of W_hh is forgotten (W_hh is square, so nothing fails).",
             _untransposed_W_hh),
    _mistake("untransposed_W_hy", "δₜ = (W_hy δʸₜ + W_hhᵀ δₜ₊₁) ⊙ tanh′(zₜ): the "
             "transpose of W_hy is forgotten (the shapes only fit when n_out = "
             "n_hidden).", _untransposed_W_hy),
    _mistake("tanh_prime_of_weighted_input", "tanh′(zₜ) computed as 1 − zₜ²: it is "
             "1 − tanh²zₜ = 1 − hₜ².", _tanh_prime_of_weighted_input),
    _mistake("forwards_in_time", "the loop runs forwards in time, δₜ from δₜ₋₁: "
             "BPTT starts at the last step, from δ_{T+1} = 0, and runs back to t = 1.",
             _forwards_in_time),
    _mistake("loop_stops_at_step_2", "the loop stops at t = 2, so δ₁ keeps its start "
             "value: it must run down to t = 1.", _loop_stops_at_step_2),
)


# ---- the grader -------------------------------------------------------------------
def check_bptt(hidden_errors, problems=PROBLEMS):
    """Grade ``hidden_errors(W_hh, W_hy, zs, delta_ys)``.

    Returns a :class:`~bpcode.grading.feedback.Report`; ``problems`` are the test
    sequences (:data:`PROBLEMS`).
    """
    report = Report("bptt", TITLE, 0, len(problems), "test sequences",
                    praise="Every δₜ is right, and the gradients they give agree with "
                           "central differences of the cost.")
    runs = run_all(report, hidden_errors, "hidden_errors", _run, problems, "bptt")
    if runs is None:
        return report
    mistake = recognize([r.outcome for r in runs], [r.args for r in runs], MISTAKES)
    diagnostic = next((r for r in runs if r.wrong_steps), None)
    where = ("" if diagnostic is None
             else f"{number_range(diagnostic.wrong_steps, 'step')} of "
                  f"{diagnostic.problem.T}")
    if mistake is not None:
        report.findings.append(Finding(mistake.equation, where, mistake.what, "bptt"))
    else:
        report.findings.append(_finding(runs, diagnostic, where))
    if diagnostic is not None:
        report.details += _table(diagnostic)
    return report


@dataclass
class _Run:
    problem: Problem
    args: tuple                # (W_hh, W_hy, zs, delta_ys), kept pristine
    outcome: object            # the student's result, or a Failure
    rnn: RNN
    X: np.ndarray
    Y: np.ndarray
    hs: np.ndarray
    shape: str = ""            # what is wrong with the result's form, if anything
    deltas: np.ndarray | None = None
    wrong_steps: set = field(default_factory=set)

    @property
    def right(self):
        return self.deltas is not None and not self.wrong_steps


def _run(hidden_errors, problem):
    rnn, X, Y = problem.build()
    zs, hs, ys = rnn._forward(X, np.zeros((problem.n_hidden, problem.m)))
    args = (rnn.W_hh, rnn.W_hy, zs, _output_errors(ys, Y))
    outcome = call(hidden_errors, *(a.copy() for a in args))
    run = _Run(problem, args, outcome, rnn, X, Y, hs)
    if isinstance(outcome, Failure):
        return run
    deltas = _as_deltas(outcome, zs.shape)
    if isinstance(deltas, str):
        run.shape = deltas
        return run
    reference = _hidden_errors(*args)
    run.deltas = deltas
    run.wrong_steps = {t + 1 for t in range(problem.T)
                       if not np.all(np.isfinite(deltas[t]))
                       or _relative_error(deltas[t], reference[t]) > RIGHT}
    return run


def _as_deltas(outcome, shape):
    """The student's errors as an array of ``shape``, or a sentence: what is wrong."""
    parts = arrays(outcome)
    if parts is None or not parts:
        return f"it returns a {type(outcome).__name__}, not an array of numbers"
    if isinstance(outcome, (list, tuple)) and all(p.shape == parts[0].shape
                                                  for p in parts):
        parts = [np.stack(parts)]       # a list of T matrices δₜ is fine too
    if len(parts) != 1:
        return f"it returns {len(parts)} arrays of different shapes"
    deltas = parts[0]
    T, n, m = shape
    if deltas.shape == shape:
        return deltas
    if deltas.shape == (T + 1, n, m):
        return (f"its shape is {deltas.shape}, one step too many: return δ₁, …, δ_T, "
                f"shape {shape}, without δ_{{T+1}} = 0")
    return (f"its shape is {deltas.shape}, expected {shape}: one δₜ of shape "
            f"(n_hidden, m) = {shape[1:]} per step t = 1, …, T, like zs")


def _finding(runs, diagnostic, where):
    failed = [r for r in runs if isinstance(r.outcome, Failure)]
    if failed:
        first = failed[0]
        what = f"it raises {first.outcome.describe()}."
        text = first.outcome.message
        if "matmul" in text or "broadcast" in text:
            what += (" W_hyᵀ δʸₜ and W_hhᵀ δₜ₊₁ both have the shape (n_hidden, m) of "
                     "zₜ: check the transposes.")
        return Finding("hidden_errors", first.problem.describe(), what, "bptt")
    shaped = [r for r in runs if r.shape]
    if shaped:
        return Finding("hidden_errors", shaped[0].problem.describe(),
                       shaped[0].shape + ".", "bptt")
    T = diagnostic.problem.T
    if T not in diagnostic.wrong_steps:
        what = ("δ_T is right (there δ_{T+1} = 0) but earlier steps are not: the "
                "recurrent term W_hhᵀ δₜ₊₁ carries the error back in time.")
    else:
        what = ("even δ_T is wrong, where no recurrent term enters: check "
                "(W_hyᵀ δʸ_T) ⊙ tanh′(z_T).")
    return Finding("δₜ", where, what, "bptt")


def _table(run):
    rnn, X, Y = run.rnn, run.X, run.Y
    grads = _parameter_gradients(X, run.hs, run.deltas, run.args[3])
    cost = lambda: rnn.cost(X, Y)
    lines = wrapped(f"On {run.problem.describe()}, the gradients your δₜ give, "
                    "against central differences of the cost:")
    for name in HIDDEN_PARAMETERS:
        err = _relative_error(grads[name], _numerical_gradient(cost, getattr(rnn, name),
                                                               1e-5))
        verdict = "ok" if err < 1e-6 else f"wrong (relative error {err:.2g})"
        lines.append(f"    ∂C/∂{name:5s} {verdict}")
    return lines
