"""Tests of bpcode.metrics: the confusion matrix and accuracy."""

import numpy as np
import pytest

from bpcode.metrics import confusion_matrix


def test_confusion_matrix_counts_true_class_by_row_and_prediction_by_column():
    labels = np.array([0, 0, 1, 2, 2, 2])
    predictions = np.array([0, 1, 1, 2, 0, 2])
    N = confusion_matrix(labels, predictions, 3)
    assert N.dtype == np.int64
    assert N.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]


def test_confusion_matrix_rows_sum_to_class_counts_and_trace_gives_accuracy():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 500)
    predictions = np.where(rng.random(500) < 0.8, labels, rng.integers(0, 10, 500))
    N = confusion_matrix(labels, predictions, 10)
    assert np.array_equal(N.sum(axis=1), np.bincount(labels, minlength=10))
    assert np.array_equal(N.sum(axis=0), np.bincount(predictions, minlength=10))
    assert np.trace(N) / 500 == np.mean(labels == predictions)


def test_confusion_matrix_of_no_examples_is_zero():
    N = confusion_matrix(np.array([], dtype=int), np.array([], dtype=int), 4)
    assert N.shape == (4, 4) and N.sum() == 0


@pytest.mark.parametrize("labels, predictions, n, error, match", [
    ([0, 1], [0, 1, 1], 2, ValueError, "same shape"),
    ([0, 3], [0, 1], 3, ValueError, "labels must lie in 0..2"),
    ([0, 1], [0, -1], 3, ValueError, "predictions must lie in 0..2"),
    ([0.0, 1.0], [0, 1], 3, TypeError, "labels must hold integer class indices"),
    ([[0, 1]], [[0, 1]], 3, ValueError, "1-D array"),
    ([0, 1], [0, 1], 0, ValueError, "n_classes must be a positive integer"),
])
def test_confusion_matrix_rejects_bad_input(labels, predictions, n, error, match):
    with pytest.raises(error, match=match):
        confusion_matrix(np.array(labels), np.array(predictions), n)
