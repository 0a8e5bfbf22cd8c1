"""Tests of bpcode.network: backprop against central differences, shapes, bad input."""

import itertools

import numpy as np
import pytest

from conftest import HIDDEN, PAIRS, numerical_gradients, random_batch, random_network

from bpcode.activations import sigmoid
from bpcode.gradcheck import relative_error
from bpcode.network import Gradients, Network, Parameters

DEPTHS = [2, 3, 4, 5]
make_batch = random_batch
numerical_backprop = numerical_gradients


CASES = list(itertools.product(HIDDEN, PAIRS, DEPTHS, [1, 4]))


@pytest.mark.parametrize("hidden,pair,depth,m", CASES,
                         ids=[f"{h}-{o}-{c}-L{d}-m{m}" for h, (o, c), d, m in CASES])
def test_backprop_matches_finite_differences(hidden, pair, depth, m):
    output, cost = pair
    seed = CASES.index((hidden, pair, depth, m))
    rng = np.random.default_rng(seed)
    sizes = [int(n) for n in rng.integers(2, 6, size=depth)]   # widths 2..5
    if output != "softmax" and seed % 3 == 0:
        sizes[-1] = 1  # a single output neuron too
    net = Network(sizes, rng, activation=hidden, output_activation=output, cost=cost,
                  init="scaled")
    X, Y = make_batch(rng, sizes, cost, m)
    nabla_b, nabla_w = net.backprop(X, Y)
    num_b, num_w = numerical_backprop(net, X, Y)
    for i in range(depth - 1):
        assert (
            nabla_w[i].shape == net.weights[i].shape
            and nabla_b[i].shape == net.biases[i].shape
        )
        assert relative_error(nabla_w[i], num_w[i]) < 1e-6, f"weights[{i}] of {sizes}"
        assert relative_error(nabla_b[i], num_b[i]) < 1e-6, f"biases[{i}] of {sizes}"


@pytest.mark.parametrize("hidden,output,cost", [("sigmoid", "sigmoid", "quadratic"),
                                                ("tanh", "softmax", "log_likelihood"),
                                                ("relu", "sigmoid", "cross_entropy")])
def test_gradient_of_a_batch_is_the_mean_of_per_example_gradients(hidden, output, cost):
    net, X, Y = random_network([3, 4, 3], 7, m=6, activation=hidden,
                               output_activation=output, cost=cost, init="scaled")
    nabla_b, nabla_w = net.backprop(X, Y)
    per_example = [net.backprop(X[:, [x]], Y[:, [x]]) for x in range(6)]
    for i in range(2):
        np.testing.assert_allclose(
            nabla_b[i], np.mean([g[0][i] for g in per_example], axis=0), atol=1e-15
        )
        np.testing.assert_allclose(
            nabla_w[i], np.mean([g[1][i] for g in per_example], axis=0), atol=1e-15
        )


def test_forward_computes_z_equals_w_a_plus_b_layer_by_layer():
    rng = np.random.default_rng(1)
    net = Network([2, 3, 1], rng)
    X = rng.normal(size=(2, 5))
    zs, activations = net.forward(X)
    assert [z.shape for z in zs] == [(3, 5), (1, 5)]
    assert [a.shape for a in activations] == [(2, 5), (3, 5), (1, 5)]
    h = sigmoid(net.weights[0] @ X + net.biases[0])
    np.testing.assert_allclose(activations[1], h, rtol=1e-15)
    np.testing.assert_allclose(
        net.feedforward(X), sigmoid(net.weights[1] @ h + net.biases[1]), rtol=1e-15
    )


def test_parameters_have_the_books_shapes_and_scaled_init_shrinks_weights():
    net = Network([400, 30, 10], np.random.default_rng(0), init="scaled")
    assert [w.shape for w in net.weights] == [(30, 400), (10, 30)]
    assert [b.shape for b in net.biases] == [(30, 1), (10, 1)]
    assert net.num_layers == 3
    assert np.std(net.weights[0]) == pytest.approx(1 / np.sqrt(400), rel=0.05)
    assert np.std(
        Network([400, 30], np.random.default_rng(0)).weights[0]
    ) == pytest.approx(1, rel=0.05)


def test_same_seed_same_network():
    a, b = (
        Network([3, 4, 2], np.random.default_rng(5)),
        Network([3, 4, 2], np.random.default_rng(5)),
    )
    for wa, wb in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(wa, wb)


def test_from_parameters_reproduces_a_network_and_copies_its_arrays():
    net = Network(
        [2, 3, 2],
        np.random.default_rng(2),
        output_activation="softmax",
        cost="log_likelihood",
    )
    weights, biases = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    clone = Network.from_parameters(
        weights, biases, output_activation="softmax", cost="log_likelihood"
    )
    assert clone.sizes == [2, 3, 2]
    X = np.random.default_rng(3).normal(size=(2, 4))
    np.testing.assert_array_equal(clone.feedforward(X), net.feedforward(X))
    clone.weights[0][0, 0] += 1.0
    assert weights[0][0, 0] == net.weights[0][0, 0]


def test_backprop_returns_named_gradients_b_first_and_parameters_are_w_first():
    net, X, Y = random_network([3, 4, 2], seed=8, m=3)
    grads = net.backprop(X, Y)
    assert isinstance(grads, Gradients)
    nabla_b, nabla_w = grads                       # unpacks like a plain pair
    assert grads.nabla_b is nabla_b and grads.nabla_w is nabla_w
    assert [g.shape for g in grads.nabla_w] == [w.shape for w in net.weights]
    params = net.parameters
    assert isinstance(params, Parameters) and params.weights is net.weights
    clone = Network.from_parameters(*params)
    np.testing.assert_array_equal(clone.feedforward(X), net.feedforward(X))


def test_backprop_into_given_arrays_fills_them_with_the_same_gradient():
    # sgd hands _backprop arrays made once, for BP4 to write into at every step
    net, X, Y = random_network([3, 4, 5, 2], seed=10, m=6, cost="cross_entropy")
    expected = net.backprop(X, Y)
    out = [np.full_like(w, np.nan) for w in net.weights]
    got = net._backprop(X, Y, out=out)
    for g, o, e in zip(got.nabla_w, out, expected.nabla_w):
        assert g is o
        np.testing.assert_array_equal(g, e)
    for g, e in zip(got.nabla_b, expected.nabla_b):
        np.testing.assert_array_equal(g, e)


def test_errors_from_a_given_output_error_is_bp2_all_the_way_down():
    net, X, Y = random_network([3, 4, 5, 2], seed=9, m=4, cost="cross_entropy")
    zs, activations = net.forward(X)
    deltas = net.errors(zs, activations, Y)
    from_delta_L = net.errors_from(deltas[-1], zs)
    for d, e in zip(from_delta_L, deltas):
        np.testing.assert_array_equal(d, e)
    with pytest.raises(ValueError, match=r"delta_L must have 2 rows"):
        net.errors_from(np.zeros((3, 4)), zs)


def test_copy_is_independent():
    net = Network([2, 2], np.random.default_rng(0))
    other = net.copy()
    other.weights[0][0, 0] += 1.0
    assert other.weights[0][0, 0] != net.weights[0][0, 0]


def test_cost_matches_the_cost_function_of_the_output():
    from bpcode.costs import cross_entropy_cost
    rng = np.random.default_rng(4)
    net = Network([2, 3, 2], rng, cost="cross_entropy")
    X, Y = make_batch(rng, [2, 3, 2], "cross_entropy", 5)
    assert net.cost(X, Y) == pytest.approx(
        cross_entropy_cost(net.feedforward(X), Y), rel=1e-12
    )


def test_huge_weighted_inputs_give_a_finite_cost_and_gradient_without_warnings():
    for output, cost in [("sigmoid", "cross_entropy"), ("softmax", "log_likelihood")]:
        net = Network.from_parameters([np.array([[1e4], [-1e4]])], [np.zeros((2, 1))],
                                      output_activation=output, cost=cost)
        X, Y = np.array([[1.0]]), np.array([[0.0], [1.0]])
        assert np.isfinite(net.cost(X, Y))
        assert all(np.all(np.isfinite(g)) for g in net.backprop(X, Y)[1])


def test_evaluate_and_accuracy_count_the_largest_output():
    net = Network.from_parameters([np.eye(2)], [np.zeros((2, 1))])
    X = np.array([[2.0, -1.0, 3.0], [0.0, 1.0, 4.0]])     # answers: 0, 1, 1
    assert net.evaluate(X, np.array([0, 1, 0])) == 2
    assert net.accuracy(
        X, np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    ) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match=r"labels must have shape \(3,\)"):
        net.evaluate(X, np.array([0, 1]))


def test_accuracy_of_a_single_output_thresholds_at_one_half():
    net = Network.from_parameters([np.array([[1.0]])], [np.zeros((1, 1))])
    assert net.accuracy(np.array([[2.0, -2.0]]), np.array([[1.0, 1.0]])) == 0.5


# ---- bad input -----------------------------------------------------------------------
@pytest.fixture
def net():
    return Network([3, 4, 2], np.random.default_rng(0))


def test_x_with_the_wrong_number_of_rows_is_rejected(net):
    with pytest.raises(ValueError, match=r"X must have 3 rows.*got shape \(2, 5\)"):
        net.feedforward(np.zeros((2, 5)))


def test_a_one_dimensional_x_is_rejected_with_a_hint(net):
    with pytest.raises(ValueError, match=r"X must be a 2-D array.*reshape\(-1, 1\)"):
        net.feedforward(np.zeros(3))


@pytest.mark.parametrize("shape", [(3, 5), (2, 4), (2,)])
def test_y_that_does_not_match_the_output_layer_is_rejected(net, shape):
    with pytest.raises(ValueError, match=r"Y must"):
        net.backprop(np.zeros((3, 5)), np.zeros(shape))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_inf_in_inputs_or_targets_is_rejected(net, bad):
    X, Y = np.zeros((3, 2)), np.zeros((2, 2))
    X[1, 1] = bad
    with pytest.raises(ValueError, match="X contains 1 NaN or infinite"):
        net.backprop(X, Y)
    with pytest.raises(ValueError, match="Y contains 1 NaN or infinite"):
        net.cost(np.zeros((3, 2)), np.array([[0.0, 0.0], [0.0, bad]]))


def test_non_numeric_input_is_a_type_error(net):
    with pytest.raises(TypeError, match="X must be a numeric array"):
        net.feedforward("abc")


@pytest.mark.parametrize("sizes", [[3], [], [3, 0, 2], [3, -1], [3, 2.5]])
def test_sizes_need_two_layers_of_positive_integer_widths(sizes):
    with pytest.raises((ValueError, TypeError), match=r"sizes"):
        Network(sizes, np.random.default_rng(0))


def test_sizes_that_are_not_a_list_are_a_type_error():
    with pytest.raises(TypeError, match="sizes must be a list"):
        Network(3, np.random.default_rng(0))


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"activation": "sigmod"}, r"unknown activation 'sigmod'"),
        ({"output_activation": "softplus"}, r"unknown activation 'softplus'"),
        ({"cost": "hinge"}, r"unknown cost 'hinge'"),
        ({"init": "xavier"}, r"unknown init 'xavier'"),
        ({"activation": "softmax"}, r"softmax can only be the output_activation"),
        (
            {"output_activation": "identity", "cost": "cross_entropy"},
            r"'cross_entropy' cost.*'identity'",
        ),
        (
            {"output_activation": "softmax", "cost": "cross_entropy"},
            r"'cross_entropy' cost.*'softmax'",
        ),
        (
            {"output_activation": "relu", "cost": "log_likelihood"},
            r"'log_likelihood' cost.*'relu'",
        ),
    ],
)
def test_bad_names_and_disallowed_combinations_are_value_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Network([2, 2], np.random.default_rng(0), **kwargs)


def test_rng_must_be_a_generator():
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        Network([2, 2], 0)


def test_from_parameters_rejects_inconsistent_shapes():
    with pytest.raises(ValueError, match=r"weights\[1\] must have 3 columns"):
        Network.from_parameters(
            [np.zeros((3, 2)), np.zeros((1, 2))], [np.zeros((3, 1)), np.zeros((1, 1))]
        )
    with pytest.raises(ValueError, match=r"biases\[0\] must have 3 rows"):
        Network.from_parameters([np.zeros((3, 2))], [np.zeros((2, 1))])
    with pytest.raises(ValueError, match="a list of bias vectors, one per layer"):
        Network.from_parameters([np.zeros((3, 2))], [])
