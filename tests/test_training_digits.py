"""A correctness test of the whole pipeline: backprop + SGD learn the shipped digits.

Not a timing: a [64, 30, 10] network trained for a few epochs from a fixed seed must
classify at least 90% of held-out validation digits. A bug in any of BP1–BP4, the
update rule, the one-hot targets or the split shows up here as a collapse towards the
10% of chance.
"""

import numpy as np

from bpcode.datasets import load_digits, one_hot, stratified_split
from bpcode.network import Network
from bpcode.training import sgd


def test_sgd_learns_the_digits_to_90_percent_validation_accuracy_in_a_few_epochs():
    X, labels = load_digits()
    split = stratified_split(labels, np.random.default_rng(0))
    training = (X[:, split.train], one_hot(labels[split.train], 10))
    validation = (X[:, split.validation], one_hot(labels[split.validation], 10))
    net = Network(
        [64, 30, 10],
        np.random.default_rng(1),
        activation="sigmoid",
        cost="cross_entropy",
    )
    before = net.accuracy(*validation)
    history = sgd(
        net,
        training,
        epochs=5,
        batch_size=10,
        eta=0.5,
        rng=np.random.default_rng(2),
        validation_data=validation,
        monitor_training=False,
    )
    assert history.epochs == 5
    assert history.validation_accuracy[-1] >= 0.90
    assert before < 0.3          # it learned: untrained, it is near chance (10%)
