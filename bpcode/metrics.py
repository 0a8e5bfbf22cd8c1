"""How well a classifier does, beyond one accuracy number: the confusion matrix.

Classifiers here answer with a class index per example: a network's answer is the output
neuron with the largest activation, ``np.argmax(net.feedforward(X), axis=0)``. Labels
and predictions are integer arrays of shape (m,).

Introduced in *Recognizing handwritten digits*.
"""

import numpy as np

from bpcode.checks import as_labels, check_positive_int


def confusion_matrix(labels, predictions, n_classes):
    """Nᵢⱼ = the number of examples of true class i predicted as class j.

    ``labels`` and ``predictions`` are integer arrays of shape (m,) with values in
    0 .. n_classes − 1; the result is int64 of shape (n_classes, n_classes). The
    diagonal counts the right answers, row i sums to the number of examples of class i,
    and trace(N) / m is the accuracy.

    Introduced in *Recognizing handwritten digits*.
    """
    n_classes = check_positive_int("n_classes", n_classes)
    labels = as_labels("labels", labels, n_classes=n_classes)
    predictions = as_labels("predictions", predictions, n_classes=n_classes)
    if labels.shape != predictions.shape:
        raise ValueError("labels and predictions must have the same shape (m,), one "
                         f"per example, got {labels.shape} and {predictions.shape}")
    return _confusion_matrix(labels, predictions, n_classes)


def _confusion_matrix(labels, predictions, n_classes):
    """Nᵢⱼ = #{x : labelₓ = i and predictionₓ = j}"""
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (labels, predictions), 1)
    return counts
