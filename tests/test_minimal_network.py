"""The popular minimal network: the post's output reproduced, its steps gradients."""

import numpy as np
import pytest

from bpcode import minimal_network as mn
from bpcode.activations import sigmoid, sigmoid_prime
from bpcode.gradcheck import numerical_gradient, relative_error
from bpcode.network import Network


def test_the_posts_printed_output_is_reproduced_digit_for_digit():
    run = mn.train()
    assert [j for j, _ in run.errors] == list(range(0, 60_000, 10_000))
    assert tuple(mn.printed_line(e) for _, e in run.errors) == tuple(
        "Error:" + e for e in mn.PUBLISHED_ERRORS)
    assert np.array_equal(np.round(run.l2), mn.TRUTH_TABLE_Y)


def test_initial_synapses_are_the_legacy_generators_and_leave_numpy_alone():
    state = np.random.get_state()
    try:
        np.random.seed(1)
        want0 = 2 * np.random.random((3, 4)) - 1
        want1 = 2 * np.random.random((4, 1)) - 1
        np.random.seed(123)
        before = np.random.get_state()[1].copy()
        syn0, syn1 = mn.initial_synapses(1)
        assert np.array_equal(np.random.get_state()[1], before)
    finally:
        np.random.set_state(state)
    assert np.array_equal(syn0, want0) and np.array_equal(syn1, want1)


def test_nonlin_and_its_derivative_from_the_output_are_sigmoid_and_sigmoid_prime():
    z = np.linspace(-6, 6, 25)
    assert np.allclose(mn.nonlin(z), sigmoid(z), rtol=1e-15)
    assert np.allclose(mn.nonlin(mn.nonlin(z), deriv=True), sigmoid_prime(z),
                       rtol=1e-12)


def _summed_cost(X, y, syn0, syn1):
    l2 = mn.nonlin(mn.nonlin(X @ syn0) @ syn1)
    return float(np.sum(0.5 * (y - l2) ** 2))


@pytest.mark.parametrize("m, hidden", [(4, 4), (5, 2), (1, 3), (7, 6)])
def test_one_update_is_minus_the_gradient_of_the_summed_quadratic_cost(m, hidden):
    rng = np.random.default_rng(m * 10 + hidden)
    X, y = rng.standard_normal((m, 3)), rng.uniform(0, 1, (m, 1))
    syn0, syn1 = rng.standard_normal((3, hidden)), rng.standard_normal((hidden, 1))
    d0, d1 = mn.one_update(syn0, syn1, X, y)
    g0 = numerical_gradient(lambda: _summed_cost(X, y, syn0, syn1), syn0)
    g1 = numerical_gradient(lambda: _summed_cost(X, y, syn0, syn1), syn1)
    assert relative_error(-d0, g0) < 1e-8 and relative_error(-d1, g1) < 1e-8


def test_one_update_is_a_book_step_with_eta_m_on_the_mean_cost_and_no_biases():
    syn0, syn1 = mn.initial_synapses()
    m = mn.TRUTH_TABLE_X.shape[0]
    no_biases = [np.zeros((4, 1)), np.zeros((1, 1))]
    net = Network.from_parameters([syn0.T, syn1.T], no_biases, activation="sigmoid",
                                  cost="quadratic")
    nabla_b, nabla_w = net.backprop(mn.TRUTH_TABLE_X.T, mn.TRUTH_TABLE_Y.T)
    d0, d1 = mn.one_update(syn0, syn1)
    assert np.allclose(d0, -m * nabla_w[0].T, rtol=1e-12, atol=1e-15)
    assert np.allclose(d1, -m * nabla_w[1].T, rtol=1e-12, atol=1e-15)


def test_train_copies_the_synapses_it_starts_from():
    syn0, syn1 = mn.initial_synapses(2)
    saved = syn0.copy(), syn1.copy()
    run = mn.train(iterations=3, synapses=(syn0, syn1))
    assert np.array_equal(syn0, saved[0]) and np.array_equal(syn1, saved[1])
    assert not np.array_equal(run.syn0, syn0)


def test_printed_line_writes_twelve_significant_digits_as_python_2_did():
    assert mn.printed_line(0.008584525653247152) == "Error:0.00858452565325"
    assert mn.printed_line(0.5) == "Error:0.5"


@pytest.mark.parametrize("kwargs, error, match", [
    ({"X": np.ones((4, 2))}, ValueError, "X must have 3 columns"),
    ({"y": np.ones((3, 1))}, ValueError, "y must have 4 rows"),
    ({"y": np.ones(4)}, ValueError, "y must be a 2-D array"),
    ({"iterations": 0}, ValueError, "iterations must be a positive integer"),
    ({"print_every": 2.5}, TypeError, "print_every must be a positive integer"),
    ({"seed": -1}, ValueError, "seed must be an integer >= 0"),
    ({"seed": 1.5}, TypeError, "seed must be an integer >= 0"),
    ({"synapses": np.ones((3, 4))}, TypeError, "synapses must be a pair"),
    ({"synapses": (np.ones((3, 4)), np.ones((3, 1)))}, ValueError, "syn1 must have 4"),
    ({"X": np.full((4, 3), np.nan)}, ValueError, "X"),
])
def test_train_refuses_bad_input_with_a_message_naming_it(kwargs, error, match):
    with pytest.raises(error, match=match):
        mn.train(**{"iterations": 1, **kwargs})


def test_nonlin_and_printed_line_refuse_bad_input():
    with pytest.raises(TypeError, match="deriv must be True or False"):
        mn.nonlin(0.5, deriv="yes")
    with pytest.raises(TypeError, match="x"):
        mn.nonlin("a")
    with pytest.raises(TypeError, match="error must be a real number"):
        mn.printed_line("0.5")
    with pytest.raises(ValueError, match="syn1"):
        mn.one_update(np.ones((3, 4)), np.ones((2, 1)))
