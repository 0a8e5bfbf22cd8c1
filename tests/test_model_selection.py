"""Tests of bpcode.model_selection: k-fold splits, Mitchell's cross-validated epochs."""

import numpy as np
import pytest

from bpcode.datasets import one_hot
from bpcode.model_selection import (
    CrossValidation,
    cross_validate_epochs,
    fold_splits,
    stratified_folds,
)
from bpcode.network import Network
from bpcode.training import sgd

LABELS = np.repeat(np.arange(3), [10, 7, 13])     # 30 examples, unbalanced classes


@pytest.mark.parametrize("k", [2, 3, 5, 7])
def test_folds_are_disjoint_and_cover_every_example(k):
    folds = stratified_folds(LABELS, k, np.random.default_rng(0))
    assert len(folds) == k
    together = np.concatenate(folds)
    assert sorted(together.tolist()) == list(range(LABELS.size))
    assert all(f.dtype == np.int64 and np.all(np.diff(f) > 0) for f in folds)


@pytest.mark.parametrize("k", [2, 3, 5])
def test_every_fold_has_the_class_proportions_of_the_whole(k):
    folds = stratified_folds(LABELS, k, np.random.default_rng(1))
    for c in range(3):
        n_c = int(np.sum(LABELS == c))
        counts = [int(np.sum(LABELS[f] == c)) for f in folds]
        assert min(counts) >= n_c // k and max(counts) <= -(-n_c // k)
    sizes = [f.size for f in folds]
    assert max(sizes) - min(sizes) <= 1


def test_folds_are_reproducible_for_a_seed_and_change_with_it():
    a = stratified_folds(LABELS, 4, np.random.default_rng(7))
    b = stratified_folds(LABELS, 4, np.random.default_rng(7))
    c = stratified_folds(LABELS, 4, np.random.default_rng(8))
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not all(np.array_equal(x, y) for x, y in zip(a, c))


def test_fold_splits_hold_out_each_fold_once():
    folds = stratified_folds(LABELS, 3, np.random.default_rng(0))
    splits = fold_splits(folds)
    assert len(splits) == 3
    for (train, held_out), fold in zip(splits, folds):
        np.testing.assert_array_equal(held_out, fold)
        assert np.intersect1d(train, held_out).size == 0
        assert train.size + held_out.size == LABELS.size


@pytest.mark.parametrize(
    "k,match", [(1, "between 2"), (31, "between 2"), (0, "positive"), (2.5, "integer")]
)
def test_stratified_folds_rejects_bad_k(k, match):
    with pytest.raises((ValueError, TypeError), match=match):
        stratified_folds(LABELS, k, np.random.default_rng(0))


def test_stratified_folds_rejects_bad_labels_and_rng():
    with pytest.raises(TypeError, match="integer class indices"):
        stratified_folds(LABELS.astype(float), 3, np.random.default_rng(0))
    with pytest.raises(ValueError, match="shape"):
        stratified_folds(LABELS.reshape(3, 10), 3, np.random.default_rng(0))
    with pytest.raises(TypeError, match="Generator"):
        stratified_folds(LABELS, 3, 0)
    with pytest.raises(ValueError, match="at least 2"):
        fold_splits([np.arange(3)])


def blobs(seed=0, per_class=12):
    """Three well separated classes in 2-D."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 3.0, -3.0], [3.0, -2.0, -2.0]])
    labels = np.repeat(np.arange(3), per_class)
    return centres[:, labels] + 0.5 * rng.standard_normal((2, labels.size)), labels


def make_net():
    return Network(
        [2, 5, 3],
        np.random.default_rng(5),
        output_activation="softmax",
        cost="log_likelihood",
    )


def test_cross_validation_records_each_folds_curve_and_averages_the_best_epochs():
    X, labels = blobs()
    result = cross_validate_epochs(
        make_net,
        X,
        labels,
        k=3,
        max_epochs=6,
        batch_size=4,
        eta=0.3,
        rng=np.random.default_rng(6),
    )
    assert isinstance(result, CrossValidation)
    assert result.validation_accuracy.shape == (3, 6)
    np.testing.assert_array_equal(
        result.best_epochs, np.argmax(result.validation_accuracy, axis=1) + 1
    )
    assert result.epochs == int(np.floor(result.best_epochs.mean() + 0.5))
    np.testing.assert_allclose(
        result.mean_accuracy, result.validation_accuracy.mean(axis=0)
    )
    assert result.mean_accuracy[-1] > 0.9       # the classes are easy


def test_each_fold_is_an_ordinary_sgd_run_on_the_other_folds():
    X, labels = blobs()
    result = cross_validate_epochs(
        make_net,
        X,
        labels,
        k=3,
        max_epochs=4,
        batch_size=4,
        eta=0.3,
        rng=np.random.default_rng(6),
    )
    # Replay the same random stream by hand: folds first, then one sgd run per fold.
    rng = np.random.default_rng(6)
    for i, (train, held_out) in enumerate(
        fold_splits(stratified_folds(labels, 3, rng))
    ):
        net = make_net()
        h = sgd(
            net,
            (X[:, train], one_hot(labels[train], 3)),
            4,
            4,
            0.3,
            rng,
            validation_data=(X[:, held_out], one_hot(labels[held_out], 3)),
            monitor_training=False,
        )
        np.testing.assert_array_equal(
            result.validation_accuracy[i], h.validation_accuracy
        )


def test_cross_validation_is_reproducible():
    X, labels = blobs()
    runs = [
        cross_validate_epochs(
            make_net, X, labels, 3, 4, 4, 0.3, np.random.default_rng(9)
        )
        for _ in range(2)
    ]
    np.testing.assert_array_equal(
        runs[0].validation_accuracy, runs[1].validation_accuracy
    )


def test_cross_validation_rejects_bad_input():
    X, labels = blobs()
    with pytest.raises(TypeError, match="make_network"):
        cross_validate_epochs(None, X, labels, 3, 4, 4, 0.3, np.random.default_rng(0))
    with pytest.raises(TypeError, match="make_network must return"):
        cross_validate_epochs(
            lambda: "net", X, labels, 3, 4, 4, 0.3, np.random.default_rng(0)
        )
    with pytest.raises(ValueError, match="labels must have shape"):
        cross_validate_epochs(
            make_net, X, labels[:-1], 3, 4, 4, 0.3, np.random.default_rng(0)
        )
    with pytest.raises(ValueError, match="max_epochs"):
        cross_validate_epochs(
            make_net, X, labels, 3, 0, 4, 0.3, np.random.default_rng(0)
        )


def test_every_network_is_checked_before_any_training():
    X, labels = blobs()
    made = []

    def first_a_network_then_not():
        made.append(make_net() if not made else "net")
        return made[-1]

    with pytest.raises(TypeError, match="make_network must return"):
        cross_validate_epochs(first_a_network_then_not, X, labels, 3, 4, 4, 0.3,
                              np.random.default_rng(0))
    untrained = make_net()
    for w, w0 in zip(made[0].weights, untrained.weights):
        np.testing.assert_array_equal(w, w0)
