"""How well a classifier does, beyond one accuracy number: the confusion matrix.

Classifiers here answer with a class index per example: a network's answer is the output
neuron with the largest activation, ``np.argmax(net.feedforward(X), axis=0)``. Labels
and predictions are integer arrays of shape (m,).

Introduced in *Recognizing handwritten digits*.
"""

import numpy as np

from bpcode.checks import check_positive_int


def confusion_matrix(labels, predictions, n_classes):
    """Nᵢⱼ = the number of examples of true class i predicted as class j.

    ``labels`` and ``predictions`` are integer arrays of shape (m,) with values in
    0 .. n_classes − 1; the result is int64 of shape (n_classes, n_classes). The
    diagonal counts the right answers, row i sums to the number of examples of class i,
    and trace(N) / m is the accuracy.

    Introduced in *Recognizing handwritten digits*.
    """
    n_classes = check_positive_int("n_classes", n_classes)
    labels = _check_classes("labels", labels, n_classes)
    predictions = _check_classes("predictions", predictions, n_classes)
    if labels.shape != predictions.shape:
        raise ValueError("labels and predictions must have the same shape (m,), one "
                         f"per example, got {labels.shape} and {predictions.shape}")
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (labels, predictions), 1)
    return counts


def accuracy(labels, predictions):
    """(1/m) Σₓ [predictionₓ = labelₓ]: the fraction of examples predicted right.

    ``labels`` and ``predictions`` have shape (m,), m ≥ 1. Returns a float in [0, 1].

    Introduced in *Recognizing handwritten digits*.
    """
    labels = np.asarray(labels)
    predictions = np.asarray(predictions)
    if labels.ndim != 1 or labels.shape != predictions.shape or labels.size == 0:
        raise ValueError("labels and predictions must be non-empty arrays of the same "
                         f"shape (m,), got {labels.shape} and {predictions.shape}")
    return float(np.mean(labels == predictions))


def _check_classes(name, values, n_classes):
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class indices, shape (m,), "
                         f"got shape {arr.shape}")
    if arr.size and (arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer)):
        raise TypeError(f"{name} must hold integer class indices, got dtype "
                        f"{arr.dtype}")
    if arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        bad = arr.min() if arr.min() < 0 else arr.max()
        raise ValueError(f"{name} must lie in 0..{n_classes - 1} for "
                         f"n_classes={n_classes}, got {int(bad)}")
    return arr.astype(np.int64)
