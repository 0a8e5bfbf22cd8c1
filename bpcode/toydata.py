"""Small two-dimensional data sets for classification, generated from a seed.

Each generator takes the number of points ``m`` and an explicit
``numpy.random.Generator``, and returns ``(X, labels)``: X has shape (2, m), one point
per *column* as everywhere in the book, and ``labels`` has shape (m,), the class 0, 1, …
of each point. The same generator state gives the same points, on every machine.

Introduced in *A neural network on top of Value*.
"""

import numpy as np

from bpcode.checks import check_nonnegative, check_positive_int, check_rng


def two_moons(m, rng, noise=0.1):
    """Two interleaved half circles: class 0 on top, class 1 below and shifted right.

    Point i of class 0 is (cos θ, sin θ) and of class 1 (1 − cos θ, ½ − sin θ), with θ
    uniform in [0, π]; then Gaussian noise of standard deviation ``noise`` is added to
    each coordinate. Returns X of shape (2, m) and labels of shape (m,): ⌈m/2⌉ points of
    class 0 and ⌊m/2⌋ of class 1, in random order.
    """
    m = check_positive_int("m", m)
    check_rng(rng)
    noise = check_nonnegative("noise", noise)
    labels = rng.permutation(np.arange(m) % 2)
    theta = rng.uniform(0.0, np.pi, size=m)
    x = np.where(labels == 0, np.cos(theta), 1.0 - np.cos(theta))
    y = np.where(labels == 0, np.sin(theta), 0.5 - np.sin(theta))
    X = np.vstack([x, y]) + noise * rng.standard_normal((2, m))
    return X, labels


def spirals(m, rng, n_classes=2, noise=0.1, turns=1.0):
    """``n_classes`` interleaved spiral arms, one per class, in the unit disc.

    A point of class c at radius r ∈ [0, 1] (uniform) sits at angle
    2π·turns·r + 2πc/n_classes, so each arm winds ``turns`` times around the origin;
    then Gaussian noise of standard deviation ``noise`` is added to each coordinate.
    Returns X of shape (2, m) and labels of shape (m,), the classes as equal as m
    allows, in random order.
    """
    m = check_positive_int("m", m)
    check_rng(rng)
    n_classes = check_positive_int("n_classes", n_classes)
    if n_classes < 2:
        raise ValueError("n_classes must be at least 2 to make a classification task, "
                         f"got {n_classes}")
    noise = check_nonnegative("noise", noise)
    turns = check_nonnegative("turns", turns)
    labels = rng.permutation(np.arange(m) % n_classes)
    r = rng.uniform(0.0, 1.0, size=m)
    angle = 2 * np.pi * (turns * r + labels / n_classes)
    X = (r * np.vstack([np.cos(angle), np.sin(angle)])
         + noise * rng.standard_normal((2, m)))
    return X, labels


def one_hot(labels, n_classes):
    """The one-hot matrix Y, (n_classes, m): Y[labels[i], i] = 1, every other entry 0.

    ``labels`` has shape (m,) and holds whole numbers in 0 … n_classes − 1. Y has one
    column per example, the form the book's costs take as targets.
    """
    n_classes = check_positive_int("n_classes", n_classes)
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError("labels must have shape (m,), one class per example, got "
                         f"shape {labels.shape}")
    if labels.size and (not np.issubdtype(labels.dtype, np.integer)
                        or labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must be whole numbers in 0 … {n_classes - 1}, got "
                         f"{labels.dtype} values from {labels.min()} to {labels.max()}")
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y
