"""Tests of bpcode.baselines: the nearest-class-mean classifier."""

import numpy as np
import pytest

from bpcode.baselines import class_means, nearest_mean_predict
from bpcode.datasets import load_digits, stratified_split


def test_class_means_are_the_column_averages_of_each_class():
    X = np.array([[0.0, 2.0, 10.0, 4.0],
                  [1.0, 3.0, 20.0, 5.0]])
    labels = np.array([0, 0, 1, 0])
    mu = class_means(X, labels, 2)
    assert mu.shape == (2, 2)
    assert np.allclose(mu, [[2.0, 10.0], [3.0, 20.0]])


def test_nearest_mean_predict_picks_the_closest_mean():
    means = np.array([[0.0, 10.0, 0.0],
                      [0.0, 0.0, 10.0]])
    X = np.array([[1.0, 9.0, 2.0, 4.0],
                  [1.0, 1.0, 7.0, 0.5]])
    assert nearest_mean_predict(means, X).tolist() == [0, 1, 2, 0]
    assert nearest_mean_predict(means, X).dtype == np.int64


def test_nearest_mean_predict_equals_the_direct_distance_computation():
    rng = np.random.default_rng(0)
    means, X = rng.standard_normal((5, 4)), rng.standard_normal((5, 30))
    direct = np.argmin(((X[:, :, None] - means[:, None, :]) ** 2).sum(axis=0), axis=1)
    assert np.array_equal(nearest_mean_predict(means, X), direct)


def test_nearest_class_mean_recognizes_most_held_out_digits():
    X, labels = load_digits()
    split = stratified_split(labels, np.random.default_rng(0))
    mu = class_means(X[:, split.train], labels[split.train], 10)
    predicted = nearest_mean_predict(mu, X[:, split.test])
    assert (
        0.8 < np.mean(predicted == labels[split.test]) < 0.95
    )  # far above chance (0.1), below a network


@pytest.mark.parametrize("labels, error, match", [
    (np.array([0, 0, 0, 2]), ValueError, "none of class \\[1\\]"),
    (np.array([0, 1, 3, 2]), ValueError, "labels must lie in 0..2"),
    (np.array([0, 1]), ValueError, "labels must have shape \\(4,\\)"),
    (np.array([0.0, 1.0, 2.0, 0.0]), TypeError, "integer class indices"),
])
def test_class_means_rejects_bad_labels(labels, error, match):
    with pytest.raises(error, match=match):
        class_means(np.zeros((2, 4)), labels, 3)


def test_nearest_mean_predict_rejects_inputs_of_another_size():
    with pytest.raises(ValueError, match="X must have 3 rows"):
        nearest_mean_predict(np.zeros((3, 2)), np.zeros((4, 5)))
