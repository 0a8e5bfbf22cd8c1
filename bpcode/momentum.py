"""Momentum: gradient descent that keeps a velocity, a running sum of past gradients.

bpcode's convention, the one :func:`bpcode.training.sgd` follows (Sutskever, Martens,
Dahl and Hinton 2013, after Polyak's heavy ball, 1964):

    v → μ v − η ∇C,     w → w + v.

Unrolled from v = 0, the velocity after step t is vₜ = −η Σₛ μ^(t−s) ∇C(wₛ₋₁), s = 1..t:
a sum of all past gradients, the older ones weighted less (0 ≤ μ < 1). Where the
gradient keeps its direction, the velocity grows to −η ∇C / (1 − μ), 1/(1 − μ) plain
steps; where it changes sign from step to step, the terms cancel.

The other common convention (PyTorch's ``torch.optim.SGD``, for one) keeps a velocity
without η:

    u → μ u + ∇C,       w → w − η u.

With a constant η the two are the same method: v = −η u after every step, and the
paths agree up to rounding. They differ when η changes during training: the first
convention keeps the steps already taken at their old η in v, and lets them fade at the
rate μ; the second multiplies the whole remembered sum by the new η at once.

:func:`quadratic_valley_path` runs either on C(w) = ½ Σᵢ hᵢ wᵢ², the valley of the
chapter *Making training work*, where both are derived and compared.
"""

import numpy as np

from bpcode.checks import as_float_array, check_nonnegative, check_positive_int


def momentum_step(w, v, grad, eta, mu):
    """v → μ v − η ∇C, w → w + v: one step of gradient descent with momentum.

    ``w``, the velocity ``v`` and the gradient ``grad`` = ∇C(w) are arrays of one shape;
    ``eta`` (η) and ``mu`` (μ) are numbers ≥ 0. Returns the new ``(w, v)`` as new
    arrays; the arguments are not changed. This is the update of
    :func:`bpcode.training.sgd`, one parameter array at a time.
    """
    w, v, grad = _check_arrays(w=w, v=v, grad=grad)
    return _momentum_step(w, v, grad, check_nonnegative("eta", eta),
                          check_nonnegative("mu", mu))


def _momentum_step(w, v, grad, eta, mu):
    """v → μ v − η ∇C, w → w + v"""
    v = mu * v - eta * grad
    return w + v, v


def momentum_step_without_eta(w, u, grad, eta, mu):
    """u → μ u + ∇C, w → w − η u: momentum with a velocity that does not contain η.

    The other common convention; the same method as :func:`momentum_step` while η stays
    constant (then v = −η u), different once η changes. Shapes and arguments as in
    :func:`momentum_step`; returns the new ``(w, u)``.
    """
    w, u, grad = _check_arrays(w=w, u=u, grad=grad)
    return _momentum_step_without_eta(w, u, grad, check_nonnegative("eta", eta),
                                      check_nonnegative("mu", mu))


def _momentum_step_without_eta(w, u, grad, eta, mu):
    """u → μ u + ∇C, w → w − η u"""
    u = mu * u + grad
    return w - eta * u, u


def quadratic_valley_path(curvatures, w0, eta, steps, mu=0.0, eta_in_velocity=True):
    """w₀, w₁, …, w_steps of momentum descent on C(w) = ½ Σᵢ hᵢ wᵢ², from v = 0.

    The gradient is ∇C = h ⊙ w, so hᵢ is the curvature along axis i; a valley is
    ill-conditioned when the hᵢ differ a lot. ``curvatures`` (h) and the start ``w0``
    are 1-D arrays of one length d, h > 0. ``eta`` is a number, or one learning rate per
    step (an array of ``steps`` numbers, a schedule). ``mu`` = 0 is plain gradient
    descent. ``eta_in_velocity`` picks the convention: True is bpcode's
    (:func:`momentum_step`), False the velocity without η
    (:func:`momentum_step_without_eta`). Returns an array (steps + 1, d), row t = wₜ.
    """
    h = as_float_array("curvatures", curvatures)
    if h.ndim != 1 or h.size == 0 or np.any(h <= 0):
        raise ValueError("curvatures must be a 1-D array of numbers > 0, one per axis, "
                         f"got {h!r}")
    w0 = as_float_array("w0", w0)
    if w0.shape != h.shape:
        raise ValueError(f"w0 must have the shape {h.shape} of the curvatures, got "
                         f"{w0.shape}")
    steps = check_positive_int("steps", steps)
    etas = as_float_array("eta", eta)
    if etas.ndim == 0:
        etas = np.full(steps, float(etas))
    if etas.shape != (steps,) or np.any(etas < 0):
        raise ValueError(f"eta must be a number >= 0 or {steps} of them, one per step, "
                         f"got shape {etas.shape}")
    mu = check_nonnegative("mu", mu)
    step = _momentum_step if eta_in_velocity else _momentum_step_without_eta
    return _quadratic_valley_path(h, w0, etas, mu, step)


def _quadratic_valley_path(h, w0, etas, mu, step):
    """wₜ from wₜ₋₁ by one momentum step with ∇C(wₜ₋₁) = h ⊙ wₜ₋₁, for t = 1..steps"""
    path, w, velocity = [w0], w0, np.zeros_like(w0)
    for eta in etas:
        w, velocity = step(w, velocity, h * w, eta, mu)
        path.append(w)
    return np.array(path)


def _check_arrays(**arrays):
    checked = [as_float_array(name, x) for name, x in arrays.items()]
    names = list(arrays)
    for name, x in zip(names[1:], checked[1:]):
        if x.shape != checked[0].shape:
            raise ValueError(f"{name} must have the shape {checked[0].shape} of "
                             f"{names[0]}, got {x.shape}")
    return checked
