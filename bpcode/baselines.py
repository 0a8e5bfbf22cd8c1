"""A trivial classifier to compare a network with: the nearest class mean.

Average the training images of each class into one "prototype" image, μ_c = mean of the
x with label c, and answer with the class whose prototype is closest: ŷ(x) = argmin_c
‖x − μ_c‖². There is nothing to train by gradient descent and nothing to tune, so its
accuracy is the number a network must beat for its training to mean anything.

Introduced in *Recognizing handwritten digits*.
"""

import numpy as np

from bpcode.checks import as_labels, as_matrix, check_positive_int


def class_means(X, labels, n_classes):
    """μ_c = (1/n_c) Σ_{x: label c} x, the mean input of each class, a column per class.

    X is (n_in, m) with one example per column and ``labels`` is (m,), values in
    0 .. n_classes − 1, every class present. Returns (n_in, n_classes).

    Introduced in *Recognizing handwritten digits*.
    """
    n_classes = check_positive_int("n_classes", n_classes)
    X = as_matrix("X", X)
    labels = as_labels("labels", labels, n_classes=n_classes, m=X.shape[1])
    counts = np.bincount(labels, minlength=n_classes)
    if np.any(counts == 0):
        missing = [int(c) for c in np.flatnonzero(counts == 0)]
        raise ValueError("every class needs at least one example to have a mean; "
                         f"none of class {missing}")
    return _class_means(X, labels, counts)


def _class_means(X, labels, counts):
    """μ_c = (1/n_c) Σ_{x: label c} x"""
    sums = np.zeros((X.shape[0], counts.size))
    np.add.at(sums.T, labels, X.T)
    return sums / counts


def nearest_mean_predict(means, X):
    """ŷ(x) = argmin_c ‖x − μ_c‖²: the class of the nearest class mean, per column x.

    ``means`` is (n_in, n_classes), as from :func:`class_means`; X is (n_in, m). Returns
    int64 of shape (m,).

    Introduced in *Recognizing handwritten digits*.
    """
    means = as_matrix("means", means)
    X = as_matrix("X", X, rows=means.shape[0])
    return _nearest_mean_predict(means, X)


def _nearest_mean_predict(means, X):
    """ŷ(x) = argmin_c ‖x − μ_c‖² = argmin_c (‖μ_c‖² − 2 μ_cᵀ x)"""
    # ‖x − μ‖² = ‖x‖² − 2 μᵀx + ‖μ‖²; the ‖x‖² term is the same for every class
    scores = np.sum(means ** 2, axis=0)[:, None] - 2.0 * (means.T @ X)
    return np.argmin(scores, axis=0).astype(np.int64)
