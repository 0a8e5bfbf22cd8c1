"""Tests of bpcode.training: the update formulas, reproducibility, early stopping."""

import numpy as np
import pytest
from conftest import assert_unchanged, snapshot, two_class_problem

from bpcode.momentum import momentum_step
from bpcode.network import Network
from bpcode.training import (History, mini_batches, sgd, update_mini_batch,
                             zero_velocities)


def test_zero_learning_rate_changes_nothing():
    X, Y = two_class_problem()
    net = Network([2, 3, 2], np.random.default_rng(1))
    before = snapshot(net)
    update_mini_batch(net, X, Y, eta=0.0)
    assert_unchanged(net, before)
    sgd(net, (X, Y), epochs=2, batch_size=7, eta=0.0, rng=np.random.default_rng(2))
    assert_unchanged(net, before)


@pytest.mark.parametrize(
    "cost,output",
    [
        ("quadratic", "sigmoid"),
        ("cross_entropy", "sigmoid"),
        ("log_likelihood", "softmax"),
    ],
)
def test_a_small_step_on_a_fixed_batch_lowers_the_cost(cost, output):
    X, Y = two_class_problem()
    net = Network(
        [2, 3, 2], np.random.default_rng(3), output_activation=output, cost=cost
    )
    before = net.cost(X, Y)
    update_mini_batch(net, X, Y, eta=0.01)
    assert net.cost(X, Y) < before


def test_plain_step_is_w_minus_eta_gradient():
    X, Y = two_class_problem()
    net = Network([2, 3, 2], np.random.default_rng(4))
    old = net.copy()
    nabla_b, nabla_w = old.backprop(X, Y)
    update_mini_batch(net, X, Y, eta=0.5)
    for i in range(2):
        np.testing.assert_allclose(
            net.weights[i], old.weights[i] - 0.5 * nabla_w[i], rtol=1e-14
        )
        np.testing.assert_allclose(
            net.biases[i], old.biases[i] - 0.5 * nabla_b[i], rtol=1e-14
        )


def test_l2_step_decays_weights_but_not_biases():
    X, Y = two_class_problem()
    net = Network([2, 3, 2], np.random.default_rng(5))
    old = net.copy()
    eta, lmbda, n = 0.3, 2.0, 100
    nabla_b, nabla_w = old.backprop(X, Y)
    update_mini_batch(net, X, Y, eta=eta, lmbda=lmbda, n=n)
    for i in range(2):
        expected_w = (1 - eta * lmbda / n) * old.weights[i] - eta * nabla_w[i]
        np.testing.assert_allclose(net.weights[i], expected_w, rtol=1e-13)
        np.testing.assert_allclose(
            net.biases[i], old.biases[i] - eta * nabla_b[i], rtol=1e-14
        )


def test_momentum_steps_follow_v_equals_mu_v_minus_eta_gradient():
    X, Y = two_class_problem()
    net = Network([2, 3, 2], np.random.default_rng(6))
    eta, mu, lmbda, n = 0.2, 0.9, 1.0, 50
    velocities = zero_velocities(net)
    w, b = [x.copy() for x in net.weights], [x.copy() for x in net.biases]
    v_w, v_b = [np.zeros_like(x) for x in w], [np.zeros_like(x) for x in b]
    for _ in range(3):
        ref = Network.from_parameters(w, b)
        nabla_b, nabla_w = ref.backprop(X, Y)
        for i in range(2):
            v_w[i] = mu * v_w[i] - eta * (nabla_w[i] + lmbda / n * w[i])
            v_b[i] = mu * v_b[i] - eta * nabla_b[i]
            w[i], b[i] = w[i] + v_w[i], b[i] + v_b[i]
        update_mini_batch(
            net, X, Y, eta=eta, lmbda=lmbda, n=n, momentum=mu, velocities=velocities
        )
    for i in range(2):
        np.testing.assert_allclose(net.weights[i], w[i], rtol=1e-12)
        np.testing.assert_allclose(net.biases[i], b[i], rtol=1e-12)
        np.testing.assert_allclose(velocities[0][i], v_w[i], rtol=1e-12, atol=1e-15)


def test_sgd_with_the_same_seed_is_reproducible():
    X, Y = two_class_problem()
    runs = []
    for _ in range(2):
        net = Network([2, 4, 2], np.random.default_rng(7))
        h = sgd(
            net,
            (X, Y),
            epochs=3,
            batch_size=8,
            eta=1.0,
            rng=np.random.default_rng(8),
            momentum=0.5,
            lmbda=0.1,
            validation_data=two_class_problem(seed=9),
        )
        runs.append((net, h))
    assert_unchanged(runs[0][0], snapshot(runs[1][0]))
    assert runs[0][1] == runs[1][1]


def test_sgd_learns_the_small_problem_and_records_one_entry_per_epoch():
    X, Y = two_class_problem(n=200)
    net = Network([2, 4, 2], np.random.default_rng(10), output_activation="softmax",
                  cost="log_likelihood", init="scaled")
    h = sgd(
        net,
        (X, Y),
        epochs=20,
        batch_size=10,
        eta=1.0,
        rng=np.random.default_rng(11),
        validation_data=two_class_problem(seed=12, n=100),
    )
    assert isinstance(h, History) and h.epochs == 20
    assert (
        len(h.training_accuracy)
        == len(h.validation_cost)
        == len(h.validation_accuracy)
        == 20
    )
    assert h.training_cost[-1] < h.training_cost[0]
    assert h.validation_accuracy[-1] > 0.9
    assert h.training_cost[-1] == pytest.approx(net.cost(X, Y))


def test_early_stopping_restores_the_parameters_of_the_best_epoch():
    X, Y = two_class_problem(n=30)
    Xv, Yv = two_class_problem(seed=13, n=30)
    net = Network([2, 3, 2], np.random.default_rng(14))
    h = sgd(
        net,
        (X, Y),
        epochs=100,
        batch_size=5,
        eta=3.0,
        rng=np.random.default_rng(15),
        validation_data=(Xv, Yv),
        early_stopping=3,
    )
    assert h.stopped_early and h.epochs == h.best_epoch + 3
    assert h.validation_accuracy[h.best_epoch - 1] == max(h.validation_accuracy)
    assert net.accuracy(Xv, Yv) == max(h.validation_accuracy)
    # The same run stopped by hand after the best epoch ends with the same parameters.
    again = Network([2, 3, 2], np.random.default_rng(14))
    sgd(
        again,
        (X, Y),
        epochs=h.best_epoch,
        batch_size=5,
        eta=3.0,
        rng=np.random.default_rng(15),
    )
    assert_unchanged(net, snapshot(again))


def test_verbose_prints_one_rounded_line_per_epoch(capsys):
    X, Y = two_class_problem()
    sgd(
        Network([2, 2], np.random.default_rng(0)),
        (X, Y),
        epochs=2,
        batch_size=10,
        eta=0.1,
        rng=np.random.default_rng(1),
        verbose=True,
    )
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("epoch   1 | training cost ")


@pytest.mark.parametrize(
    "kwargs,error,message",
    [
        ({"eta": -0.1}, ValueError, "eta must be a finite number >= 0"),
        ({"eta": "fast"}, TypeError, "eta must be a real number"),
        ({"epochs": 0}, ValueError, "epochs must be a positive integer"),
        ({"batch_size": 2.5}, TypeError, "batch_size must be a positive integer"),
        ({"momentum": np.nan}, ValueError, "momentum must be a finite number"),
        ({"early_stopping": 3}, ValueError, "early_stopping needs validation_data"),
        ({"rng": 42}, TypeError, "rng must be a numpy.random.Generator"),
        (
            {"training_data": np.zeros((3, 5))},
            TypeError,
            r"training_data must be a pair \(X, Y\)",
        ),
        (
            {"training_data": (np.zeros((3, 5)), np.zeros((2, 5)))},
            ValueError,
            r"training_data\[0\] must have 2 rows",
        ),
    ],
)
def test_sgd_rejects_bad_arguments_by_name(kwargs, error, message):
    X, Y = two_class_problem()
    args = dict(
        training_data=(X, Y),
        epochs=1,
        batch_size=5,
        eta=0.1,
        rng=np.random.default_rng(0),
    )
    args.update(kwargs)
    with pytest.raises(error, match=message):
        sgd(Network([2, 2], np.random.default_rng(0)), **args)


def test_update_mini_batch_needs_n_for_l2_and_velocities_for_momentum():
    X, Y = two_class_problem()
    net = Network([2, 2], np.random.default_rng(0))
    with pytest.raises(ValueError, match="needs n"):
        update_mini_batch(net, X, Y, eta=0.1, lmbda=1.0)
    with pytest.raises(ValueError, match="n must be a positive integer"):
        update_mini_batch(net, X, Y, eta=0.1, lmbda=1.0, n=0)
    with pytest.raises(ValueError, match="needs velocities"):
        update_mini_batch(net, X, Y, eta=0.1, momentum=0.9)
    with pytest.raises(ValueError, match="Y must have 2 rows"):
        update_mini_batch(net, X, Y[:1], eta=0.1)


def test_sgd_gives_identical_results_for_row_and_column_ordered_inputs():
    # sgd gathers mini-batches from a column-ordered copy for speed; results must not
    # change.
    X, Y = two_class_problem(n=37)
    a = Network([2, 4, 2], np.random.default_rng(11), cost="cross_entropy")
    b = a.copy()
    ha = sgd(a, (X, Y), epochs=3, batch_size=5, eta=0.5, rng=np.random.default_rng(12))
    hb = sgd(
        b,
        (np.asfortranarray(X), np.asfortranarray(Y)),
        epochs=3,
        batch_size=5,
        eta=0.5,
        rng=np.random.default_rng(12),
    )
    assert_unchanged(a, snapshot(b))
    assert ha.training_cost == hb.training_cost


@pytest.mark.parametrize("lmbda,momentum", [(0.0, 0.0), (0.3, 0.0), (0.0, 0.8)])
def test_sgd_equals_update_mini_batch_on_the_same_shuffled_batches(lmbda, momentum):
    # sgd reuses one buffer for every full batch and copies the last, smaller one: the
    # result must equal plain steps on X[:, batch], bit for bit.
    X, Y = two_class_problem(n=23)
    a = Network([2, 3, 2], np.random.default_rng(13), cost="cross_entropy")
    b = a.copy()
    sgd(a, (X, Y), epochs=2, batch_size=5, eta=0.4, rng=np.random.default_rng(14),
        lmbda=lmbda, momentum=momentum, monitor_training=False)
    rng = np.random.default_rng(14)
    velocities = zero_velocities(b) if momentum else None
    for _ in range(2):
        order = rng.permutation(23)
        for start in range(0, 23, 5):
            batch = order[start:start + 5]
            update_mini_batch(b, X[:, batch], Y[:, batch], eta=0.4, lmbda=lmbda, n=23,
                              momentum=momentum, velocities=velocities)
    assert_unchanged(a, snapshot(b))


def test_momentum_velocity_is_minus_eta_times_the_discounted_sum_of_gradients():
    # Unrolled from v = 0: v_t = −η Σ_{s=1..t} μ^(t−s) ∇C(w_{s−1}), per parameter array.
    X, Y = two_class_problem()
    net = Network([2, 3, 2], np.random.default_rng(20))
    eta, mu = 0.3, 0.7
    velocities = zero_velocities(net)
    gradients = []
    for t in range(1, 5):
        gradients.append(net.backprop(X, Y))
        update_mini_batch(net, X, Y, eta=eta, momentum=mu, velocities=velocities)
        for i in range(2):
            expected_w = -eta * sum(mu ** (t - s) * gradients[s - 1].nabla_w[i]
                                    for s in range(1, t + 1))
            expected_b = -eta * sum(mu ** (t - s) * gradients[s - 1].nabla_b[i]
                                    for s in range(1, t + 1))
            np.testing.assert_allclose(velocities[0][i], expected_w, rtol=1e-12,
                                       atol=1e-15)
            np.testing.assert_allclose(velocities[1][i], expected_b, rtol=1e-12,
                                       atol=1e-15)


def test_momentum_steps_of_sgd_follow_bpcode_momentum_step_for_every_array():
    # sgd's update is bpcode.momentum.momentum_step, one parameter array at a time.
    X, Y = two_class_problem()
    net = Network([2, 4, 2], np.random.default_rng(21))
    old, velocities = net.copy(), zero_velocities(net)
    v_w = [np.full_like(w, 0.01) for w in net.weights]
    v_b = [np.full_like(b, -0.02) for b in net.biases]
    for i in range(2):
        velocities[0][i][...] = v_w[i]
        velocities[1][i][...] = v_b[i]
    nabla_b, nabla_w = old.backprop(X, Y)
    update_mini_batch(net, X, Y, eta=0.2, momentum=0.9, velocities=velocities)
    for i in range(2):
        w, v = momentum_step(old.weights[i], v_w[i], nabla_w[i], 0.2, 0.9)
        assert np.array_equal(net.weights[i], w) and np.array_equal(velocities[0][i], v)
        b, v = momentum_step(old.biases[i], v_b[i], nabla_b[i], 0.2, 0.9)
        assert np.array_equal(net.biases[i], b) and np.array_equal(velocities[1][i], v)


def test_momentum_with_a_zero_coefficient_is_plain_sgd():
    X, Y = two_class_problem(n=30)
    a = Network([2, 3, 2], np.random.default_rng(22))
    b = a.copy()
    velocities = zero_velocities(b)
    update_mini_batch(a, X, Y, eta=0.5)
    update_mini_batch(b, X, Y, eta=0.5, momentum=0.0, velocities=velocities)
    for x, y in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(x, y)


def test_sgd_steps_through_the_batches_of_mini_batches():
    # training_cost teaches mini_batches as "the batches sgd draws": the same rng gives
    # the same batches in the same order
    X, Y = two_class_problem(n=23)
    a = Network([2, 3, 2], np.random.default_rng(13))
    b = a.copy()
    sgd(a, (X, Y), epochs=2, batch_size=5, eta=0.4, rng=np.random.default_rng(14),
        monitor_training=False)
    rng = np.random.default_rng(14)
    for _ in range(2):
        for batch in mini_batches(23, 5, rng):
            update_mini_batch(b, X[:, batch], Y[:, batch], eta=0.4)
    assert_unchanged(a, snapshot(b))
