"""Tests of bpcode.dropout: backprop through fixed masks, the 1/(1 − p) scale, sgd."""

import itertools

import numpy as np
import pytest
from conftest import (HIDDEN, PAIRS, assert_unchanged, random_batch, snapshot,
                      two_class_problem)

from bpcode import gradcheck
from bpcode.dropout import (backprop_with_dropout, check_dropout_rate,
                            cost_with_dropout, dropout_masks, forward_with_dropout)
from bpcode.network import Gradients, Network
from bpcode.training import sgd

CASES = list(itertools.product(HIDDEN, PAIRS, [3, 4], [1, 5]))


@pytest.mark.parametrize("hidden,pair,depth,m", CASES,
                         ids=[f"{h}-{o}-{c}-L{d}-m{m}" for h, (o, c), d, m in CASES])
def test_backprop_with_dropout_matches_finite_differences_with_the_masks_fixed(
        hidden, pair, depth, m):
    output, cost = pair
    seed = CASES.index((hidden, pair, depth, m))
    rng = np.random.default_rng(seed)
    sizes = [int(n) for n in rng.integers(2, 7, size=depth)]
    net = Network(sizes, rng, activation=hidden, output_activation=output, cost=cost,
                  init="scaled")
    X, Y = random_batch(rng, sizes, cost, m)
    masks = dropout_masks(net, m, 0.4, rng)
    grads = backprop_with_dropout(net, X, Y, masks)
    assert isinstance(grads, Gradients)

    def cost_now():
        return cost_with_dropout(net, X, Y, masks)

    for i, (w, b) in enumerate(zip(net.weights, net.biases)):
        num_w = gradcheck.numerical_gradient(cost_now, w)
        num_b = gradcheck.numerical_gradient(cost_now, b)
        assert grads.nabla_w[i].shape == w.shape and grads.nabla_b[i].shape == b.shape
        assert gradcheck.relative_error(grads.nabla_w[i], num_w) < 1e-6, f"w[{i}]"
        assert gradcheck.relative_error(grads.nabla_b[i], num_b) < 1e-6, f"b[{i}]"


def test_masks_of_ones_give_the_plain_network():
    net = Network([4, 5, 3, 2], np.random.default_rng(0), activation="tanh",
                  output_activation="sigmoid", cost="cross_entropy")
    X, Y = random_batch(np.random.default_rng(1), net.sizes, "cross_entropy", 6)
    ones = [np.ones((n, 6)) for n in net.sizes[1:-1]]
    zs, acts = forward_with_dropout(net, X, ones)
    plain_zs, plain_acts = net.forward(X)
    for a, b in zip(zs + acts, plain_zs + plain_acts):
        assert np.array_equal(a, b)
    assert cost_with_dropout(net, X, Y, ones) == net.cost(X, Y)
    for a, b in zip(backprop_with_dropout(net, X, Y, ones), net.backprop(X, Y)):
        for x, y in zip(a, b):
            np.testing.assert_allclose(x, y, rtol=1e-14, atol=1e-16)


def test_a_dropped_neuron_passes_no_error_back_and_its_weights_get_no_gradient():
    net = Network([3, 4, 2], np.random.default_rng(2), activation="sigmoid")
    X, Y = random_batch(np.random.default_rng(3), net.sizes, "quadratic", 1)
    mask = np.array([[2.0], [0.0], [2.0], [0.0]])        # p = 1/2, neurons 1, 3 off
    zs, acts = forward_with_dropout(net, X, [mask])
    assert np.array_equal(acts[1][[1, 3]], np.zeros((2, 1)))
    nabla_b, nabla_w = backprop_with_dropout(net, X, Y, [mask])
    assert np.all(nabla_b[0][[1, 3]] == 0) and np.all(nabla_w[0][[1, 3]] == 0)
    assert np.all(nabla_w[1][:, [1, 3]] == 0)             # outgoing weights
    assert np.all(nabla_b[0][[0, 2]] != 0)


@pytest.mark.parametrize("p", [0.0, 0.2, 0.5, 0.8])
def test_masks_are_zero_or_one_over_one_minus_p_and_keep_the_expected_activation(p):
    n, m = 200, 500
    masks = dropout_masks([3, n, n, 1], m, p, np.random.default_rng(4))
    assert len(masks) == 2 and all(d.shape == (n, m) for d in masks)
    for d in masks:
        assert set(np.unique(d)) <= {0.0, 1.0 / (1.0 - p)}
        kept = np.mean(d > 0)
        # kept ~ Binomial(N, 1 − p) / N: allow five standard deviations
        assert abs(kept - (1 - p)) <= 5 * np.sqrt(p * (1 - p) / d.size)
        # E[D] = 1, so E[D ⊙ a] = a: the mean of D is 1 within five standard errors
        assert abs(np.mean(d) - 1.0) <= 5 * np.sqrt(p / (1 - p) / d.size) + 1e-15


def test_the_expected_masked_activation_is_the_plain_activation():
    # Averaged over many masks, the masked forward pass of the first hidden layer gives
    # σ(z): the reason evaluation needs no rescaling.
    net = Network([5, 8, 3], np.random.default_rng(5), activation="relu")
    x = np.random.default_rng(6).uniform(-1, 1, size=(5, 1))
    X = np.repeat(x, 20_000, axis=1)
    masks = dropout_masks(net, X.shape[1], 0.5, np.random.default_rng(7))
    _, acts = forward_with_dropout(net, X, masks)
    plain = net.forward(x)[1][1]
    spread = plain * 1.0 / np.sqrt(X.shape[1])      # std of D is √(p/(1−p)) = 1
    assert np.all(np.abs(acts[1].mean(axis=1, keepdims=True) - plain) <= 5 * spread)


def test_the_same_rng_gives_the_same_masks_and_the_same_training_run():
    a = dropout_masks([4, 6, 5, 2], 3, 0.3, np.random.default_rng(8))
    b = dropout_masks([4, 6, 5, 2], 3, 0.3, np.random.default_rng(8))
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    X, Y = two_class_problem(n=30)
    runs = []
    for _ in range(2):
        net = Network([2, 6, 2], np.random.default_rng(9))
        h = sgd(net, (X, Y), epochs=3, batch_size=7, eta=0.5,
                rng=np.random.default_rng(10), dropout=0.5)
        runs.append((net, h))
    assert_unchanged(runs[0][0], snapshot(runs[1][0]))
    assert runs[0][1] == runs[1][1]


def test_sgd_with_dropout_steps_with_fresh_masks_from_its_rng_after_each_shuffle():
    X, Y = two_class_problem(n=23)
    a = Network([2, 5, 4, 2], np.random.default_rng(11), cost="cross_entropy")
    b = a.copy()
    h = sgd(a, (X, Y), epochs=2, batch_size=5, eta=0.4, rng=np.random.default_rng(12),
            dropout=0.3)
    rng = np.random.default_rng(12)
    for _ in range(2):
        order = rng.permutation(23)
        for start in range(0, 23, 5):
            batch = order[start:start + 5]
            masks = dropout_masks(b, len(batch), 0.3, rng)
            nabla_b, nabla_w = backprop_with_dropout(b, X[:, batch], Y[:, batch], masks)
            b.weights = [w - 0.4 * g for w, g in zip(b.weights, nabla_w)]
            b.biases = [x - 0.4 * g for x, g in zip(b.biases, nabla_b)]
    assert_unchanged(a, snapshot(b))
    # what sgd measures after an epoch is the whole network, without dropout
    assert h.training_cost[-1] == a.cost(X, Y)


def test_dropout_zero_is_plain_sgd_bit_for_bit():
    X, Y = two_class_problem(n=20)
    a = Network([2, 4, 2], np.random.default_rng(13))
    b = a.copy()
    sgd(a, (X, Y), epochs=2, batch_size=6, eta=0.5, rng=np.random.default_rng(14))
    sgd(b, (X, Y), epochs=2, batch_size=6, eta=0.5, rng=np.random.default_rng(14),
        dropout=0.0)
    assert_unchanged(a, snapshot(b))


def test_dropout_combines_with_momentum_and_l2():
    X, Y = two_class_problem(n=200)
    net = Network([2, 8, 2], np.random.default_rng(15), output_activation="softmax",
                  cost="log_likelihood", init="scaled")
    before = net.cost(X, Y)
    sgd(net, (X, Y), epochs=10, batch_size=10, eta=0.2, rng=np.random.default_rng(16),
        momentum=0.5, lmbda=0.1, dropout=0.2)
    assert net.cost(X, Y) < before / 2


@pytest.mark.parametrize("p,error", [(1.0, ValueError), (-0.1, ValueError),
                                     (1.5, ValueError), (np.nan, ValueError),
                                     (np.inf, ValueError), ("half", TypeError),
                                     (True, TypeError), (None, TypeError),
                                     (0.5j, TypeError)])
def test_a_bad_dropout_rate_is_refused_before_anything_changes(p, error):
    with pytest.raises(error, match="dropout rate p"):
        check_dropout_rate(p)
    with pytest.raises(error, match="dropout rate p"):
        dropout_masks([2, 3, 2], 4, p, np.random.default_rng(0))
    X, Y = two_class_problem(n=10)
    net = Network([2, 3, 2], np.random.default_rng(0))
    before = snapshot(net)
    rng = np.random.default_rng(1)
    state = rng.bit_generator.state
    with pytest.raises(error, match="dropout rate p"):
        sgd(net, (X, Y), epochs=1, batch_size=5, eta=0.1, rng=rng, dropout=p)
    assert_unchanged(net, before)
    assert rng.bit_generator.state == state


@pytest.mark.parametrize("rng", [0, None, np.random.RandomState(0), "seed"])
def test_masks_need_a_numpy_generator(rng):
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        dropout_masks([2, 3, 2], 4, 0.5, rng)


@pytest.mark.parametrize("call,error,message", [
    (lambda net, X, Y: backprop_with_dropout(net, X, Y, [np.ones((3, 4))]), ValueError,
     "masks must be a list of 2 arrays"),
    (lambda net, X, Y: backprop_with_dropout(net, X, Y, np.ones((2, 3, 4))),
     ValueError, "masks must be a list"),
    (lambda net, X, Y: backprop_with_dropout(net, X, Y, [np.ones((3, 4)),
                                                         np.ones((3, 5))]),
     ValueError, r"masks\[1\] must have 4 columns"),
    (lambda net, X, Y: cost_with_dropout(net, X, Y, [np.ones((2, 4)),
                                                     np.ones((3, 4))]),
     ValueError, r"masks\[0\] must have 3 rows"),
    (lambda net, X, Y: forward_with_dropout(net, X, [np.ones((3, 4)),
                                                     np.full((3, 4), np.nan)]),
     ValueError, r"masks\[1\] contains 12 NaN"),
    (lambda net, X, Y: backprop_with_dropout(net, X[:1], Y, [np.ones((3, 4))] * 2),
     ValueError, "X must have 2 rows"),
    (lambda net, X, Y: backprop_with_dropout("net", X, Y, [np.ones((3, 4))] * 2),
     TypeError, "net must be a bpcode.network.Network"),
    (lambda net, X, Y: dropout_masks(net, 0, 0.5, np.random.default_rng(0)),
     ValueError, "m must be a positive integer"),
])
def test_bad_masks_and_batches_are_refused_by_name_and_change_nothing(call, error,
                                                                      message):
    net = Network([2, 3, 3, 2], np.random.default_rng(0))
    X, Y = two_class_problem(n=4)
    before = snapshot(net)
    with pytest.raises(error, match=message):
        call(net, X, Y)
    assert_unchanged(net, before)


def test_a_network_without_hidden_layers_has_nothing_to_drop():
    net = Network([2, 2], np.random.default_rng(0))
    X, Y = two_class_problem(n=6)
    assert dropout_masks(net, 6, 0.5, np.random.default_rng(1)) == []
    for a, b in zip(backprop_with_dropout(net, X, Y, []), net.backprop(X, Y)):
        for x, y in zip(a, b):
            assert np.array_equal(x, y)
