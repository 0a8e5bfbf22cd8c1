"""Choosing how long to train by k-fold cross-validation (Mitchell's procedure).

A validation set tells when to stop training, but it costs examples that the network
could have learned from. Mitchell (*Machine Learning*, 1997, §4.6.5) proposes to let
every example serve both purposes:

1. split the n training examples into k disjoint folds of about n/k examples;
2. for each fold, train on the other k − 1 folds and find the epoch i after which
   accuracy on the held-out fold was best;
3. take the mean ī of these k best epochs, and train once more on *all* n examples for
   ī epochs, with no validation set.

:func:`stratified_folds` makes the folds (each with the class proportions of the whole
set), :func:`fold_splits` turns them into (training, validation) index pairs, and
:func:`cross_validate_epochs` carries out steps 2 and 3's averaging.

Introduced in *Overfitting and generalization*.
"""

from dataclasses import dataclass

import numpy as np

from bpcode.checks import as_labels, as_matrix, check_positive_int, check_rng
from bpcode.datasets import one_hot
from bpcode.network import Network
from bpcode.training import sgd


def stratified_folds(labels, k, rng):
    """Split indices 0..m−1 into k disjoint folds with the class proportions of all m.

    Each class's examples are shuffled with ``rng`` and dealt out in turn, so that every
    fold gets ⌊n_c/k⌋ or ⌈n_c/k⌉ examples of class c (n_c examples in all), and fold
    sizes differ by at most the number of classes. ``labels`` has shape (m,) with m ≥ k.
    Returns a list of k sorted int64 index arrays that are disjoint and together cover
    0..m−1; the same seed gives the same folds.
    """
    check_rng(rng)
    k = check_positive_int("k", k)
    labels = as_labels("labels", labels)
    if k < 2 or k > labels.size:
        raise ValueError("k must be between 2 and the number of examples "
                         f"({labels.size}), got {k}")
    return _stratified_folds(labels, k, rng)


def _stratified_folds(labels, k, rng):
    """Deal each class's shuffled examples out to folds 0, 1, …, k − 1 in turn"""
    folds = [[] for _ in range(k)]
    offset = 0      # the fold that gets the next class's first example
    for c in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == c))
        for j, index in enumerate(members):
            folds[(offset + j) % k].append(index)
        offset = (offset + members.size) % k
    return [np.sort(np.array(f, dtype=np.int64)) for f in folds]


def fold_splits(folds):
    """For each fold i, the indices (training = all other folds, validation = fold i).

    ``folds`` is a list of k disjoint index arrays, as :func:`stratified_folds` returns;
    the result is a list of k pairs of sorted int64 arrays.
    """
    folds = [np.asarray(f, dtype=np.int64) for f in folds]
    if len(folds) < 2:
        raise ValueError(f"folds must hold at least 2 index arrays, got {len(folds)}")
    return [(np.sort(np.concatenate(folds[:i] + folds[i + 1:])), folds[i])
            for i in range(len(folds))]


@dataclass
class CrossValidation:
    """The outcome of :func:`cross_validate_epochs`.

    ``validation_accuracy`` has shape (k, max_epochs): row i is the accuracy on fold i
    after each epoch of training on the other folds. ``best_epochs`` has shape (k,): the
    1-based epoch of each row's best accuracy (the first, if tied). ``epochs`` is their
    mean rounded to the nearest whole number (halves up), the training length to use on
    all the data.
    """

    validation_accuracy: np.ndarray
    best_epochs: np.ndarray
    epochs: int

    @property
    def mean_accuracy(self):
        """Validation accuracy per epoch, mean over the k folds; shape (max_epochs,)."""
        return self.validation_accuracy.mean(axis=0)


def cross_validate_epochs(make_network, X, labels, k, max_epochs, batch_size, eta, rng,
                          **sgd_options):
    """Mitchell's k-fold choice of the number of epochs: ī = the folds' mean best epoch.

    ``make_network`` is called with no argument once per fold, before any training,
    and must return a fresh :class:`~bpcode.network.Network` (the same starting
    weights each time, if it seeds its own generator). X has shape (sizes[0], m),
    ``labels`` shape (m,) with classes 0..sizes[−1] − 1. Each fold's network trains by
    :func:`~bpcode.training.sgd` for ``max_epochs`` epochs on the other folds, and its
    accuracy on the held-out fold is recorded after every epoch. ``rng`` draws the
    folds and every shuffle; extra keyword arguments (``lmbda``, ``momentum``,
    ``dropout``) go to ``sgd``. Returns a
    :class:`CrossValidation`.
    """
    if not callable(make_network):
        raise TypeError("make_network must be a function returning a new Network, "
                        f"got {type(make_network).__name__}")
    X = as_matrix("X", X)
    labels = as_labels("labels", labels, m=X.shape[1])
    max_epochs = check_positive_int("max_epochs", max_epochs)
    folds = stratified_folds(labels, k, rng)
    networks = [make_network() for _ in folds]
    for net in networks:
        if not isinstance(net, Network):
            raise TypeError("make_network must return a bpcode.network.Network, "
                            f"got {type(net).__name__}")
        as_labels("labels", labels, n_classes=net.sizes[-1])
    return _cross_validate_epochs(networks, X, labels, folds, max_epochs,
                                  batch_size, eta, rng, sgd_options)


def _cross_validate_epochs(networks, X, labels, folds, max_epochs, batch_size,
                           eta, rng, sgd_options):
    """iⱼ: the best epoch on held-out fold j; ī: the mean of the iⱼ"""
    curves = []
    for net, (train, held_out) in zip(networks, fold_splits(folds)):
        n_classes = net.sizes[-1]
        training_data = (X[:, train], one_hot(labels[train], n_classes))
        held_out_data = (X[:, held_out], one_hot(labels[held_out], n_classes))
        history = sgd(net, training_data, max_epochs, batch_size, eta, rng,
                      validation_data=held_out_data, monitor_training=False,
                      **sgd_options)
        curves.append(history.validation_accuracy)
    accuracy = np.array(curves)
    best = np.argmax(accuracy, axis=1) + 1     # 1-based, the first if tied
    return CrossValidation(accuracy, best, int(np.floor(best.mean() + 0.5)))
