"""Handwritten digits: the book's own 8×8 digits, one-hot targets and stratified splits.

Every loader returns inputs scaled to [0, 1] with one example per *column*, as
everywhere in the book: X has shape (n_pixels, m), and the labels have shape (m,).
Networks train on one-hot targets, :func:`one_hot`, and are judged on examples they
never saw: :func:`stratified_split` draws training, validation and test sets with the
same proportion of every digit in each.

- :func:`load_digits`: 1,797 images of 8×8 grey levels 0–16, the UCI "Optical
  Recognition of Handwritten Digits" data (Alpaydin and Kaynak, CC BY 4.0) as
  distributed with scikit-learn. The file ships inside the package
  (``bpcode/data/digits.csv.gz``; the README beside it gives its source, citation and
  licence): nothing is downloaded.

The 28×28 MNIST digits, shipped as a sample and fetched in full, are in
:mod:`bpcode.mnist`.

Introduced in *Recognizing handwritten digits*.
"""

import gzip
from pathlib import Path
from typing import NamedTuple

import numpy as np

from bpcode.checks import as_labels, check_nonnegative, check_positive_int, check_rng

#: The path of the shipped digits, 1,797 lines of 64 pixel values (0 to 16) and a label
#: (0 to 9).
DIGITS_FILE = Path(__file__).resolve().parent / "data" / "digits.csv.gz"

#: The largest grey level of the 8×8 digits (a count of "on" pixels in a 4×4 block).
DIGITS_MAX_LEVEL = 16


def load_digits():
    """The 1,797 8×8 digits: inputs x = grey level / 16 in [0, 1], and labels.

    Returns ``(X, labels)``: X is float64 of shape (64, 1797), one image per column with
    its pixels row by row (``X[:, k].reshape(8, 8)`` is image k), and ``labels`` is
    int64 of shape (1797,) with values 0–9. Read from :data:`DIGITS_FILE`, shipped with
    the package.

    Introduced in *Recognizing handwritten digits*.
    """
    with gzip.open(DIGITS_FILE, "rt", encoding="ascii") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.int64, ndmin=2)
    if table.shape[1] != 65:
        raise ValueError(f"{DIGITS_FILE} must have 65 columns (64 pixels and a label), "
                         f"got {table.shape[1]}")
    X = table[:, :64].T.astype(np.float64) / DIGITS_MAX_LEVEL
    return np.ascontiguousarray(X), table[:, 64].copy()


def one_hot(labels, n_classes):
    """Yₖₓ = 1 if example x has label k, else 0: one-hot targets, a column per example.

    ``labels`` is an integer array (or list) of shape (m,) with values in
    0 .. n_classes − 1; the result is float64 of shape (n_classes, m) (no labels give
    (n_classes, 0)).

    Introduced in *Recognizing handwritten digits*.
    """
    n_classes = check_positive_int("n_classes", n_classes)
    return _one_hot(as_labels("labels", labels, n_classes=n_classes), n_classes)


def _one_hot(labels, n_classes):
    """Yₖₓ = 1 if labelₓ = k, else 0"""
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


class Split(NamedTuple):
    """Index arrays of the training, validation and test examples (sorted, disjoint)."""

    train: np.ndarray
    validation: np.ndarray
    test: np.ndarray


def stratified_split(labels, rng, validation=0.2, test=0.2):
    """Split examples 0..m−1 into training, validation and test sets, class by class.

    For each class c with n_c examples, a random ``round(test · n_c)`` of them
    (drawn with ``rng``) go to the test set, ``round(validation · n_c)`` to the
    validation set and the rest to the training set: by default 60% / 20% / 20%, in
    every class alike. ``labels`` has shape (m,); the result is a :class:`Split` of
    three sorted int64 index arrays that are disjoint and together cover 0..m−1. The
    same seed gives the same split. Use them as ``X[:, split.train]`` and
    ``labels[split.train]``.

    Introduced in *Recognizing handwritten digits*.
    """
    check_rng(rng)
    labels = as_labels("labels", labels)
    validation = check_nonnegative("validation", validation)
    test = check_nonnegative("test", test)
    if validation + test >= 1:
        raise ValueError(f"validation + test must be < 1 to leave training examples, "
                         f"got validation={validation} and test={test}")
    return _stratified_split(labels, rng, validation, test)


def _stratified_split(labels, rng, validation, test):
    """Per class c: round(test·n_c) to test, round(validation·n_c) to validation"""
    train_parts, validation_parts, test_parts = [], [], []
    for c in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == c))
        n_test = int(round(test * members.size))
        n_val = int(round(validation * members.size))
        test_parts.append(members[:n_test])
        validation_parts.append(members[n_test:n_test + n_val])
        train_parts.append(members[n_test + n_val:])
    empty = np.zeros(0, np.int64)     # np.concatenate needs at least one array
    return Split(*(np.sort(np.concatenate(p + [empty])).astype(np.int64)
                   for p in (train_parts, validation_parts, test_parts)))
