"""Small two-dimensional data sets for classification, generated from a seed.

Each generator takes the number of points ``m`` and an explicit
``numpy.random.Generator``, and returns ``(X, labels)``: X has shape (2, m), one point
per *column* as everywhere in the book, and ``labels`` has shape (m,), the class 0, 1, …
of each point. The same generator state gives the same points, on every machine.

Also :func:`delayed_bits`, sequences of bits for the recurrent network.

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
    return _two_moons(m, rng, noise)


def _two_moons(m, rng, noise):
    """class 0 at (cos θ, sin θ), class 1 at (1 − cos θ, ½ − sin θ), θ ~ U[0, π]"""
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


def delayed_bits(T, m, delay, rng):
    """A task that needs memory: random input bits xₜ, targets ŷₜ = xₜ₋d (0 if t ≤ d).

    Returns ``(X, Y)``, each of shape (T, 1, m): m sequences of T bits drawn with
    ``rng``, and the same sequences delayed by ``delay`` = d steps. A network without
    memory cannot beat predicting the mean of the targets; this one must remember the
    last d bits. (Sequences, for :mod:`bpcode.recurrent`: time is the first axis.)

    Introduced in *Backpropagation through time*.
    """
    T = check_positive_int("T", T)
    m = check_positive_int("m", m)
    delay = check_positive_int("delay", delay)
    check_rng(rng)
    return _delayed_bits(T, m, delay, rng)


def _delayed_bits(T, m, delay, rng):
    """xₜ ∈ {0, 1} at random, ŷₜ = xₜ₋d (0 for t ≤ d)"""
    X = rng.integers(0, 2, size=(T, 1, m)).astype(np.float64)
    Y = np.zeros_like(X)
    if delay < T:
        Y[delay:] = X[:T - delay]
    return X, Y
