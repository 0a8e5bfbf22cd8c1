"""Recurrent backpropagation at a fixed point (Almeida 1987, Pineda 1987).

A recurrent network need not be unrolled in time. Run it with a constant input x until
its state stops changing; the state it settles in is a fixed point::

    h* = tanh(z*),     z* = W h* + U x + b.

The cost C depends on the parameters only through h*, so backpropagation needs the
derivative of the fixed point itself. Differentiating h* = tanh(W h* + U x + b) gives it
without unrolling: the error δ ≡ ∂Cₓ/∂z* solves a *linear* fixed-point equation,

    δ = tanh′(z*) ⊙ (Wᵀ δ + ∂Cₓ/∂h*),

which the same kind of relaxation solves (the "error network" runs with the transposed
weights), and then ∂C/∂W = δ h*ᵀ, ∂C/∂U = δ xᵀ, ∂C/∂b = δ, averaged over the examples.

Shapes as in the rest of the book: W (n, n), U (n, n_in), b (n, 1), and a batch X of m
inputs in columns, (n_in, m); states and errors are (n, m), one column per example.

Introduced in *Backpropagation through time*, section on recurrent backpropagation.
"""

import numpy as np

from bpcode.activations import tanh, tanh_prime
from bpcode.checks import as_matrix, check_nonnegative, check_positive_int
from bpcode.equations import _bp3, _bp4


def relax(W, U, b, X, tol=1e-12, max_steps=10_000):
    """h* = tanh(W h* + U x + b): h ← tanh(W h + U x + b), from h = 0 until it settles.

    Shapes: ``W`` (n, n), ``U`` (n, n_in), ``b`` (n, 1), ``X`` (n_in, m); returns
    ``(h_star, steps)`` with ``h_star`` of shape (n, m). Stops when no entry changes by
    more than ``tol``; raises ``RuntimeError`` if that takes more than ``max_steps``
    steps (the fixed point is unstable, or there is none to settle in: make W smaller).
    """
    W, U, b, X = _check(W, U, b, X)
    tol, max_steps = _check_stopping(tol, max_steps)
    return _relax(W, U, b, X, tol, max_steps)


def _relax(W, U, b, X, tol, max_steps):
    """h ← tanh(W h + U x + b) from h = 0, until no entry changes by more than tol"""
    drive = U @ X + b                      # the constant part of z
    h = np.zeros((W.shape[0], X.shape[1]))
    change = np.inf
    for step in range(1, max_steps + 1):
        h_next = tanh(W @ h + drive)
        change = np.max(np.abs(h_next - h))
        if change <= tol:
            return h_next, step
        h = h_next
    raise RuntimeError(f"the network did not settle within max_steps={max_steps} steps "
                       f"(last change {change:.3g} > tol={tol}); "
                       "its fixed point may be unstable: try a W of smaller norm")


def fixed_point_errors(W, z_star, grad_h, tol=1e-12, max_steps=10_000):
    """(Almeida–Pineda) δ = tanh′(z*) ⊙ (Wᵀ δ + ∂Cₓ/∂h*), relaxed from δ = 0 to rest.

    Shapes: ``W`` (n, n); ``z_star`` and ``grad_h`` (∂Cₓ/∂h*, one column per example)
    are (n, m); returns ``(delta, steps)`` with ``delta`` (n, m). It converges whenever
    the forward relaxation does near h*: both iterate the same Jacobian, once
    transposed.
    """
    W = as_matrix("W", W)
    z_star = as_matrix("z_star", z_star, rows=W.shape[0])
    grad_h = as_matrix("grad_h", grad_h, rows=W.shape[0], cols=z_star.shape[1])
    tol, max_steps = _check_stopping(tol, max_steps)
    return _fixed_point_errors(W, z_star, grad_h, tol, max_steps)


def _fixed_point_errors(W, z_star, grad_h, tol, max_steps):
    """δ ← tanh′(z*) ⊙ (Wᵀ δ + ∂Cₓ/∂h*) from δ = 0, until no entry moves by > tol"""
    d = tanh_prime(z_star)
    delta = np.zeros_like(grad_h)
    for step in range(1, max_steps + 1):
        delta_next = d * (W.T @ delta + grad_h)
        if np.max(np.abs(delta_next - delta)) <= tol:
            return delta_next, step
        delta = delta_next
    raise RuntimeError("the error network did not settle within max_steps="
                       f"{max_steps} steps: h* is not a stable fixed point")


def fixed_point_gradients(W, U, b, X, grad_h_fn, tol=1e-12, max_steps=10_000):
    """∂C/∂W = δ h*ᵀ, ∂C/∂U = δ xᵀ, ∂C/∂b = δ (column means), at the fixed point h*.

    Relaxes the network to h* (:func:`relax`), asks ``grad_h_fn(h_star)`` for ∂Cₓ/∂h*
    (shape (n, m), one column per example), relaxes the error network to δ
    (:func:`fixed_point_errors`) and applies BP4 and BP3. Returns a dict with keys
    ``"W"``, ``"U"``, ``"b"`` shaped like the parameters, and ``"h_star"``.
    """
    W, U, b, X = _check(W, U, b, X)
    tol, max_steps = _check_stopping(tol, max_steps)
    if not callable(grad_h_fn):
        raise TypeError("grad_h_fn must be a function h* -> ∂Cₓ/∂h*, got "
                        f"{type(grad_h_fn).__name__}")
    h_star, _ = _relax(W, U, b, X, tol, max_steps)
    z_star = W @ h_star + U @ X + b
    grad_h = as_matrix("grad_h_fn(h_star)", grad_h_fn(h_star), rows=h_star.shape[0],
                       cols=h_star.shape[1])
    delta, _ = _fixed_point_errors(W, z_star, grad_h, tol, max_steps)
    return {"W": _bp4(delta, h_star), "U": _bp4(delta, X), "b": _bp3(delta),
            "h_star": h_star}


def _check(W, U, b, X):
    W = as_matrix("W", W)
    if W.shape[0] != W.shape[1]:
        raise ValueError("W must be square (n, n): the state feeds back into itself, "
                         f"got shape {W.shape}")
    n = W.shape[0]
    U = as_matrix("U", U, rows=n)
    b = as_matrix("b", b, rows=n, cols=1)
    X = as_matrix("X", X, rows=U.shape[1])
    return W, U, b, X


def _check_stopping(tol, max_steps):
    return check_nonnegative("tol", tol), check_positive_int("max_steps", max_steps)


__all__ = ["relax", "fixed_point_errors", "fixed_point_gradients"]
