"""Activation functions σ(z) and their derivatives σ′(z).

A neuron computes a weighted input z and passes it through an activation function:
a = σ(z). Backpropagation needs the derivative σ′ too (equations BP1 and BP2), so every
activation comes with a ``*_prime`` function, named by its argument:
``sigmoid_prime(z)`` takes z, not a.

All functions act elementwise on an array of any shape, except :func:`softmax`, which
normalizes each *column* (one column per example) and whose derivative is a Jacobian.
All are computed so that no finite input, however large, triggers an overflow warning.

Introduced in the chapter *Introduction*; σ′ is used in *The four fundamental
equations*.
"""

import numpy as np

from bpcode.checks import as_float_array, check_choice


def sigmoid(z):
    """σ(z) = 1 / (1 + e⁻ᶻ), elementwise.

    Stable for every z: it only ever evaluates e^(−|z|), which cannot overflow, and
    rewrites σ(z) = e^z / (1 + e^z) for negative z.
    """
    return _sigmoid(_as_z(z))


def _sigmoid(z):
    """σ(z) = 1 / (1 + e⁻ᶻ), computed as e^z / (1 + e^z) for z < 0"""
    e = np.exp(-np.abs(z))
    # the numerator is 1 where z ≥ 0 and e = e^z where z < 0: as e ≤ 1, it is the
    # larger of e and [z ≥ 0] (1 or 0), which NumPy computes faster than np.where
    numerator = np.maximum(e, z >= 0)
    e += 1.0              # 1 + e and the division in place: two new arrays fewer,
    numerator /= e        # which makes training on large batches faster
    return numerator


def sigmoid_prime(z):
    """σ′(z) = σ(z)(1 − σ(z)), elementwise. Largest at z = 0, where it is 1/4."""
    return _sigmoid_prime(_as_z(z))


def _sigmoid_prime(z):
    """σ′(z) = σ(z)(1 − σ(z))"""
    s = _sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """tanh(z) = (eᶻ − e⁻ᶻ) / (eᶻ + e⁻ᶻ) = 2σ(2z) − 1, elementwise."""
    return np.tanh(_as_z(z))


def tanh_prime(z):
    """tanh′(z) = 1 − tanh²(z), elementwise. Largest at z = 0, where it is 1."""
    t = tanh(z)
    return 1.0 - t * t


def relu(z):
    """ReLU(z) = max(0, z), elementwise."""
    return np.maximum(_as_z(z), 0.0)


def relu_prime(z):
    """ReLU′(z) = 1 if z > 0 else 0, elementwise (we take 0 at the kink z = 0)."""
    return (_as_z(z) > 0).astype(np.float64)


def identity(z):
    """identity(z) = z: a linear output, used with the quadratic cost for regression."""
    return np.array(_as_z(z), dtype=np.float64)


def identity_prime(z):
    """identity′(z) = 1, elementwise."""
    return np.ones_like(_as_z(z))


def softmax(z):
    """softmax(z)ⱼ = e^(zⱼ) / Σₖ e^(zₖ), for each column of z.

    z has shape (n,) for one example or (n, m) for m examples in columns, n ≥ 1 and
    m ≥ 1; the result has the same shape and each column sums to 1. Subtracting the
    column maximum first leaves the result unchanged and keeps every exponent ≤ 0, so
    nothing overflows.
    """
    return _softmax(_as_columns(z))


def _softmax(z):
    """softmax(z)ⱼ = e^(zⱼ − max z) / Σₖ e^(zₖ − max z), per column"""
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def softmax_jacobian(z):
    """∂aⱼ/∂zₖ = aⱼ(δⱼₖ − aₖ) for a = softmax(z): a full matrix, not elementwise.

    z has shape (n,) → result (n, n); z of shape (n, m) → result (m, n, n), one Jacobian
    per example (column). Because each output depends on every input, softmax has no
    elementwise σ′; BP1 uses this Jacobian instead.
    """
    a = _softmax(_as_columns(z))
    cols = a.T if a.ndim == 2 else a
    return cols[..., :, None] * (np.eye(cols.shape[-1]) - cols[..., None, :])


def log_sigmoid(z):
    """ln σ(z) = −ln(1 + e⁻ᶻ), elementwise, without overflow or log(0) for finite z."""
    return -np.logaddexp(0.0, -_as_z(z))


def log_softmax(z):
    """ln softmax(z)ⱼ = zⱼ − ln Σₖ e^(zₖ), per column, without overflow or log(0)."""
    z = _as_columns(z)
    shifted = z - np.max(z, axis=0, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))


def _as_z(z):
    # Real numbers only (no bool, complex or strings); ±inf and NaN pass through.
    return as_float_array("z", z, finite=False)


def _as_columns(z):
    z = _as_z(z)
    if z.ndim not in (1, 2) or z.size == 0:
        raise ValueError("softmax needs z of shape (n,) or (n, m) with n, m >= 1, one "
                         f"example per column; got shape {z.shape}")
    return z


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (tanh, tanh_prime),
    "relu": (relu, relu_prime),
    "identity": (identity, identity_prime),
    "softmax": (softmax, softmax_jacobian),
}
"""Each activation a layer can use, as ``name -> (σ, σ′)``. Softmax is here too, but its
"σ′" is :func:`softmax_jacobian`, so it can only be an output activation."""


def get_activation(name):
    """Return the pair ``(σ, σ′)`` for an activation name such as ``"sigmoid"``.

    Raises ``ValueError`` naming the known activations if ``name`` is not one of them.
    """
    return ACTIVATIONS[check_choice("activation", name, ACTIVATIONS)]


def is_elementwise(name):
    """True if the activation acts on each zⱼ separately (all of them but softmax)."""
    return check_choice("activation", name, ACTIVATIONS) != "softmax"


__all__ = ["sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "relu", "relu_prime",
           "identity", "identity_prime", "softmax", "softmax_jacobian", "log_sigmoid",
           "log_softmax", "ACTIVATIONS", "get_activation", "is_elementwise"]
