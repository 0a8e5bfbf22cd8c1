"""Tests of bpcode.datasets: the shipped digits, one-hot targets and the split."""

import hashlib

import numpy as np
import pytest

from bpcode.datasets import DIGITS_FILE, Split, load_digits, one_hot, stratified_split

DIGITS_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"


# ---- the shipped digits --------------------------------------------------------------
def test_shipped_digits_file_is_the_documented_one():
    assert hashlib.sha256(DIGITS_FILE.read_bytes()).hexdigest() == DIGITS_SHA256
    readme = (DIGITS_FILE.parent / "README.md").read_text()
    assert DIGITS_SHA256 in readme and "CC BY 4.0" in readme and "Alpaydin" in readme


def test_load_digits_returns_columns_of_64_pixels_in_unit_range():
    X, labels = load_digits()
    assert X.shape == (64, 1797) and X.dtype == np.float64
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    # grey levels 0..16 divided by 16: every value is a multiple of 1/16
    assert np.array_equal(X * 16, np.round(X * 16))
    assert X.flags.c_contiguous


def test_load_digits_has_every_digit_about_180_times():
    _, labels = load_digits()
    counts = np.bincount(labels, minlength=10)
    assert counts.sum() == 1797 and counts.size == 10
    assert counts.tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_first_digit_is_a_zero_read_row_by_row():
    X, labels = load_digits()
    assert labels[0] == 0
    image = X[:, 0].reshape(8, 8) * 16
    assert image[0].tolist() == [0, 0, 5, 13, 9, 1, 0, 0]
    assert image[:, 0].sum() == 0   # a zero: ink in the middle, not at the left border


# ---- one-hot -------------------------------------------------------------------------
def test_one_hot_puts_a_single_one_in_each_column():
    Y = one_hot(np.array([2, 0, 1, 2]), 3)
    assert Y.shape == (3, 4) and Y.dtype == np.float64
    assert np.array_equal(Y, [[0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 1]])
    assert np.array_equal(
        np.argmax(one_hot(load_digits()[1], 10), axis=0), load_digits()[1]
    )


def test_one_hot_of_no_labels_is_empty():
    assert one_hot(np.array([], dtype=int), 4).shape == (4, 0)


@pytest.mark.parametrize("labels, n, error, match", [
    (np.array([0, 3]), 3, ValueError, "labels must lie in 0..2"),
    (np.array([-1, 0]), 3, ValueError, r"labels must lie in 0..2 .* got -1"),
    (np.array([0.5, 1.0]), 3, TypeError, "integer class indices"),
    (np.array([True, False]), 3, TypeError, "integer class indices"),
    (np.zeros((2, 2), dtype=int), 3, ValueError, "1-D array"),
    (np.array([0, 1]), 0, ValueError, "n_classes must be a positive integer"),
    (np.array([0, 1]), 2.0, TypeError, "n_classes must be a positive integer"),
])
def test_one_hot_rejects_bad_input(labels, n, error, match):
    with pytest.raises(error, match=match):
        one_hot(labels, n)


# ---- the stratified split ------------------------------------------------------------
def test_split_is_disjoint_sorted_and_covers_every_example():
    _, labels = load_digits()
    split = stratified_split(labels, np.random.default_rng(0))
    assert isinstance(split, Split)
    every = np.concatenate(split)
    assert np.array_equal(
        np.sort(every), np.arange(labels.size)
    )  # covering and disjoint
    for part in split:
        assert part.dtype == np.int64 and np.all(np.diff(part) > 0)


def test_split_defaults_to_60_20_20_in_every_class():
    _, labels = load_digits()
    split = stratified_split(labels, np.random.default_rng(0))
    for c in range(10):
        n_c = np.sum(labels == c)
        assert np.sum(labels[split.test] == c) == round(0.2 * n_c)
        assert np.sum(labels[split.validation] == c) == round(0.2 * n_c)
        assert np.sum(labels[split.train] == c) == n_c - 2 * round(0.2 * n_c)
    assert [len(p) for p in split] == [1079, 359, 359]


def test_split_is_stratified_for_other_proportions():
    _, labels = load_digits()
    split = stratified_split(labels, np.random.default_rng(3), validation=0.1, test=0.3)
    overall = np.bincount(labels) / labels.size
    for part, share in zip(split, (0.6, 0.1, 0.3)):
        assert abs(len(part) / labels.size - share) < 0.01
        assert (
            np.max(
                np.abs(np.bincount(labels[part], minlength=10) / len(part) - overall)
            )
            < 0.01
        )


def test_split_is_reproducible_for_a_seed_and_differs_between_seeds():
    _, labels = load_digits()
    a = stratified_split(labels, np.random.default_rng(7))
    b = stratified_split(labels, np.random.default_rng(7))
    c = stratified_split(labels, np.random.default_rng(8))
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not np.array_equal(a.test, c.test)


def test_split_without_validation_gives_an_empty_validation_set():
    labels = np.repeat(np.arange(3), 10)
    split = stratified_split(labels, np.random.default_rng(0), validation=0, test=0.5)
    assert split.validation.size == 0 and split.validation.dtype == np.int64
    assert len(split.train) == len(split.test) == 15


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(validation=0.5, test=0.5), ValueError, "validation \\+ test must be < 1"),
    (dict(validation=-0.1), ValueError, "validation must be a finite number >= 0"),
    (dict(test="a"), TypeError, "test must be a real number"),
])
def test_split_rejects_bad_proportions(kwargs, error, match):
    with pytest.raises(error, match=match):
        stratified_split(np.arange(10) % 2, np.random.default_rng(0), **kwargs)


def test_split_needs_a_generator():
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        stratified_split(np.arange(10) % 2, 0)
