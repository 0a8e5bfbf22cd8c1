"""Bad input gets a clear error, and nothing is lost: a matrix over the public API.

Every public entry point of bpcode meets the mistakes a new user makes: wrong shapes, a
transposed or 1-D X, an empty batch, NaN and ±inf, booleans, complex numbers, objects
and strings where numbers belong, bad sizes, epochs, batch sizes and learning rates,
unknown names, a seed where a Generator belongs, labels out of range. Each must raise a
``ValueError`` or ``TypeError`` whose message names the argument and says what was
expected, and a call that raises must leave every parameter bit for bit as it was.

What is accepted on purpose (and converted to float64): integer arrays and (nested)
lists of numbers, wherever an array of real numbers is expected; lists of ints as
labels. Activations take ±inf and NaN (σ(±inf) is exact); everything that trains or
averages refuses them.
"""

import numpy as np
import pytest
from conftest import assert_unchanged, snapshot

from bpcode import activations, bugs, costs, equations, recurrent
from bpcode.autodiff.dual import Dual, directional_derivative
from bpcode.autodiff.forward_mode import forward_mode_gradient, network_jvp
from bpcode.autodiff.mlp import MLP, gradient_descent_step, quadratic_cost_graph
from bpcode.autodiff.tensor import Tensor, network_cost, network_gradients
from bpcode.autodiff.timing import time_gradient
from bpcode.autodiff.value import Value
from bpcode.baselines import class_means, nearest_mean_predict
from bpcode.datasets import one_hot, stratified_split
from bpcode.diagnostics import (gradient_norms_during_training, layer_gradient_norms,
                                saturated_fraction)
from bpcode.fixed_point import fixed_point_gradients, relax
from bpcode.gradcheck import check_network, numerical_gradient, relative_error
from bpcode.metrics import confusion_matrix
from bpcode.model_selection import cross_validate_epochs, stratified_folds
from bpcode.network import Network
from bpcode.neuron import gradient_descent, neuron_cost, neuron_gradient
from bpcode.recurrent import RNN, train, unrolled_cost
from bpcode.sensitivity import input_error, input_gradient, output_gradient
from bpcode.toydata import delayed_bits, spirals, two_moons
from bpcode.training import sgd, update_mini_batch, zero_velocities

SIZES = [3, 4, 2]
M = 5


def good_batch(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (SIZES[0], M))
    return X, np.eye(SIZES[-1])[:, rng.integers(0, SIZES[-1], M)]


def make_net(output="sigmoid", cost="quadratic"):
    return Network(SIZES, np.random.default_rng(1), output_activation=output, cost=cost)


# ---- the bad forms of an array that should be a batch X of shape (3, 5) --------------
def bad_arrays(X):
    """(kind, bad version of X, the error expected)."""
    nan, inf = X.copy(), X.copy()
    nan[-1, 2], inf[0, 0] = np.nan, np.inf
    minus_inf = X.copy()
    minus_inf[-1, -1] = -np.inf
    return [
        ("too few rows", X[:-1], ValueError),
        ("transposed", X.T, ValueError),
        ("1-D", X[:, 0], ValueError),
        ("3-D", X[None], ValueError),
        ("empty batch", X[:, :0], ValueError),
        ("NaN", nan, ValueError),
        ("+inf", inf, ValueError),
        ("-inf", minus_inf, ValueError),
        ("bool", X > 0, TypeError),
        ("complex", X + 0j, TypeError),
        ("object", X.astype(object), TypeError),
        ("string", "X", TypeError),
        ("ragged list", [[1.0, 2.0], [3.0]], TypeError),
    ]


def _net_entry_points():
    """(name, argument named in the error, call(net, X, Y) with one array made bad)."""
    rng = np.random.default_rng
    return [
        ("Network.feedforward", "X", lambda n, X, Y: n.feedforward(X)),
        ("Network.forward", "X", lambda n, X, Y: n.forward(X)),
        ("Network.cost", "X", lambda n, X, Y: n.cost(X, Y)),
        ("Network.backprop", "X", lambda n, X, Y: n.backprop(X, Y)),
        ("Network.accuracy", "X", lambda n, X, Y: n.accuracy(X, Y)),
        ("Network.evaluate", "X", lambda n, X, Y: n.evaluate(X, np.zeros(M, int))),
        ("update_mini_batch", "X", lambda n, X, Y: update_mini_batch(n, X, Y, 0.5)),
        ("update_mini_batch momentum", "X",
         lambda n, X, Y: update_mini_batch(n, X, Y, 0.5, momentum=0.9,
                                           velocities=zero_velocities(n))),
        ("sgd training_data", r"training_data\[0\]",
         lambda n, X, Y: sgd(n, (X, Y), 2, 2, 0.5, rng(0))),
        ("sgd validation_data", r"validation_data\[0\]",
         lambda n, X, Y: sgd(n, good_batch(), 2, 2, 0.5, rng(0),
                             validation_data=(X, Y))),
        ("input_gradient", "X", lambda n, X, Y: input_gradient(n, X, Y)),
        ("output_gradient", "X", lambda n, X, Y: output_gradient(n, X, 0)),
        ("layer_gradient_norms", "X", lambda n, X, Y: layer_gradient_norms(n, X, Y)),
        ("gradient_norms_during_training", r"training_data\[0\]",
         lambda n, X, Y: gradient_norms_during_training(n, (X, Y), 1, 2, 0.5, rng(0),
                                                        measure_data=good_batch())),
        ("check_network", "X", lambda n, X, Y: check_network(n, X, Y)),
        ("network_cost", "X", lambda n, X, Y: network_cost(n, X, Y)),
        ("network_gradients", "X", lambda n, X, Y: network_gradients(n, X, Y)),
        ("forward_mode_gradient", "X", lambda n, X, Y: forward_mode_gradient(n, X, Y)),
        ("network_jvp", "X", lambda n, X, Y: network_jvp(n, X, Y, n.weights, n.biases)),
        ("time_gradient", "X", lambda n, X, Y: time_gradient("backprop", n, X, Y)),
        ("time_gradient forward mode", "X",
         lambda n, X, Y: time_gradient("forward mode", n, X, Y, repeat=1)),
    ] + [(f"bugs.{bug.__name__}", "X", lambda n, X, Y, bug=bug: bug(n, X, Y))
         for bug in bugs.BUGS]


Y_ENTRY_POINTS = ["Network.cost", "Network.backprop", "Network.accuracy",
                  "update_mini_batch", "sgd training_data", "sgd validation_data",
                  "input_gradient", "check_network", "network_cost",
                  "forward_mode_gradient"]
# (entry point, argument the message names, call, which array is bad, kind, bad, error)
BATCH_CASES = (
    [(name, arg, call, "X", kind, bad, error)
     for name, arg, call in _net_entry_points()
     for kind, bad, error in bad_arrays(good_batch()[0])]
    + [(name, arg.replace(r"\[0\]", r"\[1\]").replace("X", "Y"), call, "Y", kind, bad,
        error)
       for name, arg, call in _net_entry_points() if name in Y_ENTRY_POINTS
       for kind, bad, error in bad_arrays(good_batch()[1])])


@pytest.mark.parametrize("name, arg, call, which, kind, bad, error", BATCH_CASES,
                         ids=[f"{c[0]}-{c[3]}-{c[4]}" for c in BATCH_CASES])
def test_a_bad_batch_is_refused_by_name_and_changes_no_parameter(
    name, arg, call, which, kind, bad, error
):
    net = make_net()
    before = snapshot(net)
    X, Y = good_batch()
    with pytest.raises(error, match=arg) as info:
        call(net, bad, Y) if which == "X" else call(net, X, bad)
    assert "must" in str(info.value)          # what was expected, not just what failed
    assert_unchanged(net, before)


@pytest.mark.parametrize("call", [
    lambda n, X, Y: n.cost(X, Y), lambda n, X, Y: n.backprop(X, Y),
    lambda n, X, Y: update_mini_batch(n, X, Y, 0.5),
    lambda n, X, Y: sgd(n, (X, Y), 1, 2, 0.5, np.random.default_rng(0)),
    lambda n, X, Y: network_cost(n, X, Y)],
    ids=["cost", "backprop", "update_mini_batch", "sgd", "network_cost"])
@pytest.mark.parametrize("Y", [np.full((2, M), 1.0), np.zeros((2, M)),
                               np.array([[1.5] * M, [-0.5] * M])],
                         ids=["columns sum to 2", "columns sum to 0", "negative entry"])
def test_log_likelihood_targets_must_be_distributions(call, Y):
    net = make_net("softmax", "log_likelihood")
    before = snapshot(net)
    with pytest.raises(ValueError, match="Y|training_data.1.") as info:
        call(net, good_batch()[0], Y)
    assert "probability distribution per column" in str(info.value)
    assert_unchanged(net, before)


@pytest.mark.parametrize("output, cost", sorted(costs.OUTPUT_COST_PAIRS))
def test_huge_inputs_saturate_a_network_without_a_warning(output, cost):
    net = make_net(output, cost)
    X, Y = good_batch()
    with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
        assert np.all(np.isfinite(net.feedforward(1e6 * X)))
        assert np.isfinite(net.cost(1e6 * X, Y))
        assert all(np.all(np.isfinite(g)) for g in net.backprop(1e6 * X, Y).nabla_w)


def test_integer_arrays_and_lists_are_accepted_as_numbers():
    net = make_net()
    X = np.array([[1, 0, -1], [0, 1, 1], [2, 0, 0]])
    Y = [[0.0, 1.0, 0.5], [1.0, 0.0, 0.5]]
    assert np.array_equal(net.feedforward(X), net.feedforward(X.astype(float)))
    assert net.cost(X.tolist(), Y) == net.cost(X.astype(float), np.array(Y))
    assert net.evaluate(X, [0, 1, 1]) == net.evaluate(X, np.array([0, 1, 1]))


# ---- a failing step changes nothing --------------------------------------------------
@pytest.mark.parametrize(
    "velocities, error, match",
    [
        ([], TypeError, "velocities must be a pair"),
        ("v", TypeError, "velocities must be a pair"),
        (np.zeros((2, 3)), TypeError, "velocities must be a pair"),
        (([np.zeros((4, 3))],), TypeError, "velocities must be a pair"),
        (([np.zeros((4, 3))], [np.zeros((4, 1)), np.zeros((2, 1))]), ValueError, "v_w"),
        (
            (
                [np.zeros((4, 3)), np.zeros((3, 4))],
                [np.zeros((4, 1)), np.zeros((2, 1))],
            ),
            ValueError,
            r"v_w\[1\] must be a float64 array of shape \(2, 4\)",
        ),
        (
            (
                [np.zeros((4, 3)), np.zeros((2, 4))],
                [np.zeros((4, 1)), np.zeros((2, 1), int)],
            ),
            ValueError,
            r"v_b\[1\] must be a float64 array",
        ),
        (
            (
                [np.zeros((4, 3)), np.full((2, 4), np.nan)],
                [np.zeros((4, 1)), np.zeros((2, 1))],
            ),
            ValueError,
            r"v_w\[1\] contains 8 NaN",
        ),
    ],
    ids=[
        "empty",
        "string",
        "array",
        "one list",
        "short v_w",
        "another network's",
        "int v_b",
        "NaN",
    ],
)
def test_velocities_are_checked_completely_before_any_parameter_moves(velocities, error,
                                                                       match):
    net = make_net()
    before = snapshot(net)
    saved = [[v.copy() for v in part] for part in velocities
             if isinstance(part, list)] if isinstance(velocities, tuple) else None
    with pytest.raises(error, match=match):
        update_mini_batch(net, *good_batch(), eta=0.5, momentum=0.9,
                          velocities=velocities)
    assert_unchanged(net, before)
    if saved:
        for part, copy in zip(velocities, saved):
            assert all(np.array_equal(v, c, equal_nan=True) for v, c in zip(part, copy))


def test_velocities_of_another_network_leave_both_unchanged():
    net, other = make_net(), Network([3, 5, 2], np.random.default_rng(2))
    velocities = zero_velocities(other)
    before = snapshot(net)
    with pytest.raises(ValueError, match=r"v_w\[0\] must be a float64 array of shape"):
        update_mini_batch(net, *good_batch(), eta=0.5, momentum=0.9,
                          velocities=velocities)
    assert_unchanged(net, before)
    assert all(not np.any(v) for v in velocities.weights + velocities.biases)


# ---- numbers that must be whole, positive, finite ------------------------------------
BAD_COUNTS = [(0, ValueError), (-3, ValueError), (2.5, TypeError), ("3", TypeError),
              (True, TypeError), (None, TypeError)]
BAD_RATES = [(-0.1, ValueError), (np.nan, ValueError), (np.inf, ValueError),
             ("fast", TypeError), (True, TypeError), (1 + 0j, TypeError)]


def _sgd_with(**kwargs):
    args = dict(training_data=good_batch(), epochs=1, batch_size=2, eta=0.5,
                rng=np.random.default_rng(0))
    args.update(kwargs)
    return lambda net: sgd(net, **args)


SCALAR_CASES = (
    [("sgd", "epochs", _sgd_with(epochs=v), e) for v, e in BAD_COUNTS]
    + [("sgd", "batch_size", _sgd_with(batch_size=v), e) for v, e in BAD_COUNTS]
    + [("sgd", "early_stopping",
        _sgd_with(early_stopping=v, validation_data=good_batch()), e)
       for v, e in BAD_COUNTS if v is not None]
    + [("sgd", "eta", _sgd_with(eta=v), e) for v, e in BAD_RATES]
    + [("sgd", "lmbda", _sgd_with(lmbda=v), e) for v, e in BAD_RATES]
    + [("sgd", "momentum", _sgd_with(momentum=v), e) for v, e in BAD_RATES]
    + [("update_mini_batch", "eta",
        lambda net, v=v: update_mini_batch(net, *good_batch(), eta=v), e)
       for v, e in BAD_RATES]
    + [("update_mini_batch", "n",
        lambda net, v=v: update_mini_batch(net, *good_batch(), eta=0.1, lmbda=1.0,
                                           n=v), e)
       for v, e in BAD_COUNTS if v is not None]
    + [("sgd", "rng", _sgd_with(rng=v), TypeError)
       for v in (0, None, np.random.RandomState(0))]
    + [("sgd", "training_data", _sgd_with(training_data=good_batch()[0]), TypeError),
       ("sgd", "training_data", _sgd_with(training_data=good_batch() * 2), TypeError),
       ("sgd", "validation_data",
        _sgd_with(validation_data=good_batch()[0][:2]), TypeError),
       ("sgd", "early_stopping", _sgd_with(early_stopping=2), ValueError)]
)


@pytest.mark.parametrize("where, arg, call, error", SCALAR_CASES,
                         ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(SCALAR_CASES)])
def test_bad_counts_rates_rngs_and_data_of_training_are_refused_before_any_step(
    where, arg, call, error
):
    net = make_net()
    before = snapshot(net)
    with pytest.raises(error, match=arg):
        call(net)
    assert_unchanged(net, before)


@pytest.mark.parametrize("sizes, error", [
    ([3], ValueError), ([], ValueError), ([3, 0], ValueError), ([3, -1], ValueError),
    ([3, 2.5], TypeError), ([3, True], TypeError), ("32", TypeError), (3, TypeError),
    ([3, "2"], TypeError)])
@pytest.mark.parametrize("make", [lambda s: Network(s, np.random.default_rng(0)),
                                  lambda s: MLP(s, np.random.default_rng(0))],
                         ids=["Network", "MLP"])
def test_bad_sizes_are_refused_by_name(make, sizes, error):
    with pytest.raises(error, match="sizes"):
        make(sizes)


@pytest.mark.parametrize(
    "call, name",
    [
        (
            lambda: Network(SIZES, np.random.default_rng(0), activation="sigmod"),
            "activation",
        ),
        (lambda: Network(SIZES, np.random.default_rng(0), cost="hinge"), "cost"),
        (lambda: Network(SIZES, np.random.default_rng(0), init="xavier"), "init"),
        (
            lambda: Network(
                SIZES, np.random.default_rng(0), output_activation=None, activation=3
            ),
            "activation",
        ),
        (lambda: activations.get_activation("Sigmoid"), "activation"),
        (lambda: costs.get_cost("cross-entropy"), "cost"),
        (lambda: costs.check_pair("relu", "log_likelihood"), "log_likelihood"),
        (lambda: time_gradient("guess", make_net(), *good_batch()), "method"),
        (lambda: saturated_fraction([0.0], "softmax"), "elementwise"),
        (lambda: neuron_cost(0.0, 0.0, [1.0], [0.5], cost="hinge"), "cost"),
    ],
    ids=[
        "activation",
        "cost",
        "init",
        "activation not a string",
        "get_activation",
        "get_cost",
        "pair",
        "method",
        "saturated_fraction",
        "neuron cost",
    ],
)
def test_unknown_names_are_value_errors_listing_the_known_ones(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@pytest.mark.parametrize("make", [
    lambda rng: Network(SIZES, rng), lambda rng: MLP([2, 1], rng),
    lambda rng: RNN(1, 2, 1, rng), lambda rng: two_moons(5, rng),
    lambda rng: spirals(5, rng), lambda rng: delayed_bits(3, 2, 1, rng),
    lambda rng: stratified_split(np.arange(10) % 2, rng),
    lambda rng: stratified_folds(np.arange(10) % 2, 2, rng)],
    ids=["Network", "MLP", "RNN", "two_moons", "spirals", "delayed_bits",
         "stratified_split", "stratified_folds"])
@pytest.mark.parametrize("rng", [0, None, np.random.RandomState(0)],
                         ids=["int", "None", "RandomState"])
def test_randomness_needs_a_generator(make, rng):
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        make(rng)


# ---- labels --------------------------------------------------------------------------
LABEL_CALLS = [
    ("one_hot", lambda labels: one_hot(labels, 3)),
    ("confusion_matrix", lambda labels: confusion_matrix(labels, np.zeros(4, int), 3)),
    ("class_means", lambda labels: class_means(np.ones((2, 4)), labels, 3)),
    ("evaluate", lambda labels: make_net().evaluate(np.zeros((3, 4)), labels)),
    ("stratified_split", lambda labels: stratified_split(labels,
                                                         np.random.default_rng(0))),
    ("stratified_folds", lambda labels: stratified_folds(labels, 2,
                                                         np.random.default_rng(0))),
]
BAD_LABELS = [
    ("float", np.array([0.0, 1.0, 1.0, 0.0]), TypeError),
    ("bool", np.array([True, False, True, False]), TypeError),
    ("string", np.array(["0", "1", "1", "0"]), TypeError),
    ("2-D", np.zeros((2, 2), int), ValueError),
    ("negative", np.array([0, -1, 1, 0]), ValueError),
]


@pytest.mark.parametrize(
    "kind, labels, error", BAD_LABELS, ids=[b[0] for b in BAD_LABELS]
)
@pytest.mark.parametrize("name, call", LABEL_CALLS, ids=[c[0] for c in LABEL_CALLS])
def test_every_label_check_is_the_same_check(name, call, kind, labels, error):
    with pytest.raises(error, match="labels"):
        call(labels)


@pytest.mark.parametrize(
    "name, call", LABEL_CALLS[:4], ids=[c[0] for c in LABEL_CALLS[:4]]
)
def test_labels_out_of_range_name_the_range(name, call):
    with pytest.raises(ValueError, match=r"labels must lie in 0..(1|2)"):
        call(np.array([0, 1, 2, 3]) if name != "evaluate" else np.array([0, 1, 2, 1]))


def test_output_index_out_of_range_is_refused():
    with pytest.raises(ValueError, match="j must lie in 0..1"):
        output_gradient(make_net(), good_batch()[0], 2)


# ---- functions of arrays -------------------------------------------------------------
@pytest.mark.parametrize("f", [activations.sigmoid, activations.sigmoid_prime,
                               activations.tanh, activations.tanh_prime,
                               activations.relu, activations.relu_prime,
                               activations.identity, activations.identity_prime,
                               activations.softmax, activations.softmax_jacobian,
                               activations.log_sigmoid, activations.log_softmax],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("z, error", [("a", TypeError), (np.array([1 + 2j]), TypeError),
                                      (np.array([True]), TypeError),
                                      (np.array([1.0], dtype=object), TypeError),
                                      ([[1.0], [1.0, 2.0]], TypeError)],
                         ids=["string", "complex", "bool", "object", "ragged"])
def test_activations_refuse_what_is_not_a_real_array(f, z, error):
    with pytest.raises(error, match="z must"):
        f(z)


@pytest.mark.parametrize("f", [activations.softmax, activations.softmax_jacobian,
                               activations.log_softmax], ids=lambda f: f.__name__)
@pytest.mark.parametrize("z", [np.array([]), np.zeros((3, 0)), np.zeros((0, 2))],
                         ids=["empty vector", "no examples", "no entries"])
def test_softmax_of_nothing_is_a_clear_error(f, z):
    with pytest.raises(
        ValueError, match=r"softmax needs z of shape \(n,\) or \(n, m\)"
    ):
        f(z)


@pytest.mark.parametrize("f", [activations.sigmoid, activations.sigmoid_prime,
                               activations.tanh, activations.tanh_prime,
                               activations.softmax, activations.log_sigmoid,
                               activations.log_softmax], ids=lambda f: f.__name__)
def test_stable_forms_take_huge_inputs_without_a_warning(f):
    z = np.array([[-1e300, -1e4], [1e300, 800.0], [0.0, 1.0]])
    with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
        out = f(z)
    assert np.all(np.isfinite(out))


@pytest.mark.parametrize("f, expected", [(activations.sigmoid, [0.0, 1.0]),
                                         (activations.tanh, [-1.0, 1.0]),
                                         (activations.relu, [0.0, np.inf])],
                         ids=["sigmoid", "tanh", "relu"])
def test_elementwise_activations_take_infinite_inputs_at_their_limits(f, expected):
    with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
        assert f(np.array([-np.inf, np.inf])).tolist() == expected


@pytest.mark.parametrize("name", list(costs.COSTS))
@pytest.mark.parametrize("a, y, error, match", [
    (np.zeros((2, 0)), np.zeros((2, 0)), ValueError, "at least one entry"),
    (np.zeros((2, 3)), np.zeros((3, 2)), ValueError, "same shape"),
    (0.5, 0.5, ValueError, "scalars"),
    (np.full((2, 2), 0.5), np.full((2, 2), np.nan), ValueError, "y contains 4 NaN"),
    (np.full((2, 2), 0.5 + 0j), np.full((2, 2), 0.5), TypeError, "a must hold real"),
    (np.full((2, 2), 0.5), np.full((2, 2), True), TypeError, "y must hold real"),
    (np.full((2, 2, 1), 0.5), np.full((2, 2, 1), 0.5), ValueError, "3-D"),
], ids=["empty", "shapes", "scalars", "NaN target", "complex", "bool", "3-D"])
def test_costs_and_their_derivatives_refuse_bad_arrays(name, a, y, error, match):
    for f in costs.get_cost(name):
        with pytest.raises(error, match=match):
            f(a, y)


@pytest.mark.parametrize(
    "call, match",
    [
        (
            lambda: equations.bp2_hidden_error(
                np.ones((2, 3)), np.ones((2, 4)), np.ones((4, 4)), "sigmoid"
            ),
            r"z must have shape \(3, 4\)",
        ),
        (
            lambda: equations.bp2_hidden_error(
                np.ones((2, 3)), np.ones((3, 4)), np.ones((3, 4)), "sigmoid"
            ),
            r"delta_next must have 2 rows",
        ),
        (
            lambda: equations.bp2_hidden_error(
                np.ones((2, 3)), np.ones((2, 4)), np.ones((3, 4)), "softmax"
            ),
            "elementwise",
        ),
        (
            lambda: equations.bp1_output_error(
                np.ones((2, 3)),
                np.ones((2, 2)),
                np.ones((2, 3)),
                costs.quadratic_cost_prime,
                "sigmoid",
            ),
            r"a must have shape \(2, 3\)",
        ),
        (lambda: equations.bp3_bias_gradient(np.ones((2, 0))), r"delta .*empty batch"),
        (
            lambda: equations.bp4_weight_gradient(np.ones((2, 3)), np.ones((4, 2))),
            r"a_prev must have 3 columns",
        ),
        (
            lambda: equations.bp1_output_error_cancelled(np.ones((2, 3)), np.ones(3)),
            r"y must have shape \(2, 3\)",
        ),
        (
            lambda: input_error(np.ones((2, 3)), np.ones((2, 4)), np.ones((2, 4))),
            r"X must have 3 rows",
        ),
    ],
    ids=[
        "bp2 z",
        "bp2 delta",
        "bp2 softmax",
        "bp1 a",
        "bp3 empty",
        "bp4",
        "bp1 cancelled",
        "input_error",
    ],
)
def test_the_equations_name_the_mismatched_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# ---- the other models ----------------------------------------------------------------
def make_rnn():
    return RNN(2, 3, 1, np.random.default_rng(3))


def rnn_batch(T=4, m=3):
    rng = np.random.default_rng(4)
    return rng.standard_normal((T, 2, m)), rng.standard_normal((T, 1, m))


def rnn_snapshot(rnn):
    return {k: v.copy() for k, v in rnn.parameters().items()}


@pytest.mark.parametrize("call", [
    lambda r, X, Y: r.bptt(X, Y), lambda r, X, Y: r.cost(X, Y),
    lambda r, X, Y: train(r, X, Y, 2, 0.1), lambda r, X, Y: unrolled_cost(r, X, Y),
    lambda r, X, Y: r.forward(X)], ids=["bptt", "cost", "train", "unrolled_cost",
                                        "forward"])
@pytest.mark.parametrize(
    "bad, error",
    [
        (np.zeros((4, 2, 0)), ValueError),
        (np.zeros((0, 2, 3)), ValueError),
        (np.zeros((4, 3, 3)), ValueError),
        (np.zeros((2, 3)), ValueError),
        (np.zeros((4, 2, 3)) + 0j, TypeError),
        (np.full((4, 2, 3), np.nan), ValueError),
        ([], ValueError),
    ],
    ids=[
        "no sequences",
        "no steps",
        "wrong width",
        "2-D",
        "complex",
        "NaN",
        "empty list",
    ],
)
def test_rnn_refuses_bad_sequences_and_keeps_its_parameters(call, bad, error):
    rnn = make_rnn()
    before = rnn_snapshot(rnn)
    _, Y = rnn_batch()
    with pytest.raises(error, match="X"):
        call(rnn, bad, Y)
    for name, value in rnn.parameters().items():
        assert np.array_equal(value, before[name])


@pytest.mark.parametrize("kwargs, match", [
    ({"steps": 0}, "steps"), ({"eta": -1.0}, "eta"), ({"max_norm": "big"}, "max_norm"),
    ({"truncation": 0}, "truncation")])
def test_rnn_training_checks_everything_before_the_first_step(kwargs, match):
    rnn = make_rnn()
    before = rnn_snapshot(rnn)
    args = dict(steps=2, eta=0.1)
    args.update(kwargs)
    with pytest.raises((ValueError, TypeError), match=match):
        train(rnn, *rnn_batch(), **args)
    for name, value in rnn.parameters().items():
        assert np.array_equal(value, before[name])


@pytest.mark.parametrize(
    "call, match",
    [
        (
            lambda: recurrent.hidden_errors(
                np.ones((3, 2)), np.ones((1, 3)), np.ones((4, 3, 2)), np.ones((4, 1, 2))
            ),
            "W_hh must be square",
        ),
        (
            lambda: recurrent.hidden_errors(
                np.eye(3), np.ones((1, 3)), np.ones((4, 3, 2)), np.ones((3, 1, 2))
            ),
            "delta_ys must hold one step",
        ),
        (
            lambda: recurrent.truncated_hidden_errors(
                np.eye(3), np.ones((1, 3)), np.ones((4, 3, 2)), np.ones((4, 1, 2)), 0
            ),
            "k must be a positive integer",
        ),
        (
            lambda: recurrent.state_gradients(
                np.eye(3), np.ones((1, 3)), np.ones((4, 2, 2)), np.ones((4, 1, 2))
            ),
            "deltas must have 3 features",
        ),
        (
            lambda: recurrent.parameter_gradients(
                np.ones((4, 2, 2)),
                np.ones((4, 3, 2)),
                np.ones((4, 3, 2)),
                np.ones((4, 1, 2)),
            ),
            "hs T . 1",
        ),
        (
            lambda: recurrent.sequence_cost(np.ones((4, 1, 2)), np.ones((4, 1, 3))),
            "targets must hold 2 sequences",
        ),
        (
            lambda: recurrent.output_errors(np.ones((4, 1, 0)), np.ones((4, 1, 0))),
            "ys must",
        ),
    ],
    ids=[
        "W_hh",
        "delta_ys steps",
        "k",
        "deltas width",
        "hs",
        "sequence_cost",
        "output_errors empty",
    ],
)
def test_the_bptt_equations_name_the_mismatched_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_rnn_and_network_parameters_refuse_complex_numbers():
    with pytest.raises(TypeError, match=r"weights\[0\] must hold real numbers"):
        Network.from_parameters([np.ones((2, 3)) + 1j], [np.zeros((2, 1))])
    with pytest.raises(TypeError, match="W_xh must hold real numbers"):
        RNN.from_parameters(np.ones((3, 2)) + 0j, np.eye(3), np.zeros((3, 1)),
                            np.ones((1, 3)), np.zeros((1, 1)))


def test_mlp_step_refuses_bad_data_before_zeroing_or_moving_anything():
    model = MLP([2, 3, 1], np.random.default_rng(5))
    X, Y = np.ones((2, 4)), np.ones((1, 4))
    quadratic_cost_graph(model, X, Y).backward()
    grads = [p.grad for p in model.parameters()]
    data = [p.data for p in model.parameters()]
    with pytest.raises(ValueError, match="X must have 2 rows"):
        gradient_descent_step(model, np.ones((3, 4)), Y, eta=0.1)
    assert [p.grad for p in model.parameters()] == grads
    assert [p.data for p in model.parameters()] == data


@pytest.mark.parametrize("make, error", [
    (lambda: Value(1 + 2j), TypeError), (lambda: Value(True), TypeError),
    (lambda: Value("1"), TypeError), (lambda: Value(np.bool_(True)), TypeError),
    (lambda: Dual(1 + 2j), TypeError), (lambda: Dual(1.0, True), TypeError),
    (lambda: Tensor(np.ones(2) + 1j), TypeError), (lambda: Tensor([True]), TypeError),
    (lambda: Tensor(np.ones(2, dtype=object)), TypeError),
    (lambda: Tensor([np.nan]), ValueError), (lambda: Tensor("1"), TypeError),
    (lambda: directional_derivative(lambda x: x[0], [1 + 1j], [1.0]), TypeError)],
    ids=["Value complex", "Value bool", "Value str", "Value numpy bool", "Dual complex",
         "Dual bool tangent", "Tensor complex", "Tensor bool", "Tensor object",
         "Tensor NaN", "Tensor str", "directional_derivative complex"])
def test_autodiff_engines_refuse_what_is_not_a_real_number(make, error):
    with pytest.raises(error, match="must"):
        make()


def test_relax_reports_the_last_change_it_measured():
    W = np.array([[0.0, -3.0], [3.0, 0.0]])
    with pytest.raises(RuntimeError, match=r"last change (?!0 )[0-9.e+-]+ > tol"):
        relax(W, np.zeros((2, 1)), np.array([[0.1], [0.0]]), np.ones((1, 2)),
              max_steps=20)


def test_fixed_point_gradients_check_what_grad_h_fn_returns():
    W, U, b, X = 0.1 * np.eye(2), np.ones((2, 1)), np.zeros((2, 1)), np.ones((1, 3))
    with pytest.raises(ValueError, match=r"grad_h_fn\(h_star\) must have 3 columns"):
        fixed_point_gradients(W, U, b, X, lambda h: h[:, :1])


def test_neuron_functions_take_plain_lists():
    x, y = [-1.0, 0.5, 2.0], [0.1, 0.6, 0.9]
    path, cost_path = gradient_descent(0.5, 0.0, x, y, eta=1.0, steps=3)
    assert path.shape == (4, 2)
    assert neuron_gradient(0.5, 0.0, x, y) == neuron_gradient(0.5, 0.0, np.array(x),
                                                              np.array(y))
    with pytest.raises(ValueError, match="y must have the shape of x"):
        gradient_descent(0.5, 0.0, x, y[:2], eta=1.0, steps=3)
    with pytest.raises(TypeError, match="x must"):
        gradient_descent(0.5, 0.0, ["a", "b"], y, eta=1.0, steps=3)


@pytest.mark.parametrize("call, error, match", [
    (lambda: numerical_gradient(lambda: 0.0, np.ones(3), eps=0.0), ValueError, "eps"),
    (lambda: numerical_gradient(lambda: 0.0, np.ones(3, int)), TypeError, "x must be"),
    (lambda: numerical_gradient(3.0, np.ones(3)), TypeError, "f must be"),
    (lambda: relative_error(np.ones(2), np.ones(3)), ValueError, "same shape"),
    (lambda: relative_error(np.ones(2) + 1j, np.ones(2)), TypeError, "analytic"),
    (lambda: check_network(make_net(), *good_batch(), backprop="no"), TypeError,
     "backprop"),
    (lambda: saturated_fraction(np.array([]), "sigmoid"), ValueError, "z must"),
    (lambda: nearest_mean_predict(np.ones((2, 3)), np.ones((3, 4))), ValueError,
     "X must have 2 rows"),
    (lambda: cross_validate_epochs(make_net, np.ones((3, 6)), np.zeros(6, int), 2, 0, 2,
                                   0.1, np.random.default_rng(0)), ValueError,
     "max_epochs"),
], ids=["eps", "int x", "f", "shapes", "complex", "backprop", "empty z", "means",
        "max_epochs"])
def test_helpers_name_what_is_wrong(call, error, match):
    with pytest.raises(error, match=match):
        call()
