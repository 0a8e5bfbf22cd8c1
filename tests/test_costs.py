"""Tests of bpcode.costs: values from the definitions, ∂C/∂a by central differences."""

import warnings

import numpy as np
import pytest
from conftest import one_hot_targets

from bpcode import costs
from bpcode.activations import sigmoid, softmax
from bpcode.gradcheck import numerical_gradient

RNG_SEED = 10


def _probabilities(shape, seed=RNG_SEED):
    rng = np.random.default_rng(seed)
    return rng.uniform(0.05, 0.95, size=shape), rng.uniform(0.0, 1.0, size=shape)


def _one_hot(n, m, seed=RNG_SEED):
    return one_hot_targets(np.random.default_rng(seed), n, m)


def test_quadratic_cost_is_the_mean_of_half_squared_norms():
    a = np.array([[0.2, 0.9], [0.4, 0.1]])
    y = np.array([[0.0, 1.0], [1.0, 0.0]])
    expected = (0.5 * (0.2**2 + 0.6**2) + 0.5 * (0.1**2 + 0.1**2)) / 2
    assert costs.quadratic_cost(a, y) == pytest.approx(expected, rel=1e-15)


def test_a_one_dimensional_array_is_one_example():
    a, y = np.array([1.0, 2.0]), np.zeros(2)
    assert costs.quadratic_cost(a, y) == pytest.approx(2.5)
    assert costs.quadratic_cost(a, y) == costs.quadratic_cost(
        a.reshape(-1, 1), y.reshape(-1, 1)
    )
    p = np.array([0.3, 0.6])
    assert costs.cross_entropy_cost(p, y) == pytest.approx(-np.log(0.7) - np.log(0.4))


def test_cross_entropy_cost_matches_its_definition():
    a, y = _probabilities((3, 4))
    expected = -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)) / 4
    assert costs.cross_entropy_cost(a, y) == pytest.approx(expected, rel=1e-14)


def test_log_likelihood_cost_is_minus_the_mean_log_of_the_right_class():
    a = softmax(np.random.default_rng(1).normal(size=(4, 5)))
    y = _one_hot(4, 5)
    labels = np.argmax(y, axis=0)
    expected = -np.mean(np.log(a[labels, np.arange(5)]))
    assert costs.log_likelihood_cost(a, y) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("name", list(costs.COSTS))
@pytest.mark.parametrize("shape", [(1, 1), (3, 1), (3, 4)])
def test_cost_prime_matches_finite_differences_of_m_times_the_cost(name, shape):
    # C is the mean over m columns, so ∂(m C)/∂a[:, x] = ∂Cₓ/∂a, the column *_prime
    # returns.
    C, C_prime = costs.get_cost(name)
    a, y = _probabilities(shape)
    if name == "log_likelihood":
        y = _one_hot(*shape)
    m = shape[1]
    numeric = numerical_gradient(lambda: m * C(a, y), a, eps=1e-6)
    np.testing.assert_allclose(C_prime(a, y), numeric, rtol=1e-7, atol=1e-9)


def test_costs_with_z_equal_costs_with_a_for_moderate_z():
    z = np.random.default_rng(2).normal(scale=2, size=(3, 4))
    y = _probabilities((3, 4))[1]
    assert costs.cross_entropy_cost(sigmoid(z), y, z=z) == pytest.approx(
        costs.cross_entropy_cost(sigmoid(z), y), rel=1e-12)
    y1 = _one_hot(3, 4)
    assert costs.log_likelihood_cost(softmax(z), y1, z=z) == pytest.approx(
        costs.log_likelihood_cost(softmax(z), y1), rel=1e-12)


@pytest.mark.parametrize("big", [800.0, 1e4])
def test_costs_with_z_never_warn_and_stay_finite_for_huge_z(big):
    z = np.array([[big, -big], [-big, big]])
    y = np.array(
        [[0.0, 1.0], [1.0, 0.0]]
    )  # confidently wrong: the cost is about 2 * big
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
            ce = costs.cross_entropy_cost(sigmoid(z), y, z=z)
            ll = costs.log_likelihood_cost(softmax(z), y, z=z)
            q = costs.quadratic_cost(sigmoid(z), y)
    assert (
        ce == pytest.approx(2 * big)
        and ll == pytest.approx(2 * big)
        and q == pytest.approx(1.0)
    )


def test_cost_given_only_saturated_outputs_is_infinite_without_a_warning():
    a = np.array([[1.0], [0.0]])
    y = np.array([[0.0], [1.0]])
    assert costs.cross_entropy_cost(a, y) == np.inf
    assert costs.log_likelihood_cost(a, y) == np.inf
    assert costs.cross_entropy_cost(a, 1.0 - y) == 0.0     # 0 ln 0 = 0


def test_cost_is_zero_at_a_perfect_output():
    y = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert costs.quadratic_cost(y, y) == 0.0
    np.testing.assert_array_equal(costs.quadratic_cost_prime(y, y), 0.0)


def test_mismatched_shapes_are_a_value_error_naming_both():
    with pytest.raises(ValueError, match=r"same shape.*\(2, 3\).*\(3, 2\)"):
        costs.quadratic_cost(np.zeros((2, 3)), np.zeros((3, 2)))
    with pytest.raises(ValueError, match="scalars"):
        costs.quadratic_cost(0.5, 1.0)


def test_unknown_cost_name_is_a_value_error_listing_the_known_ones():
    with pytest.raises(
        ValueError, match=r"unknown cost 'cross-entropy'.*'cross_entropy'"
    ):
        costs.get_cost("cross-entropy")


@pytest.mark.parametrize(
    "cost,output",
    [
        ("cross_entropy", "softmax"),
        ("cross_entropy", "identity"),
        ("log_likelihood", "relu"),
        ("log_likelihood", "tanh"),
        ("log_likelihood", "sigmoid"),
    ],
)
def test_disallowed_cost_output_pairs_are_a_value_error(cost, output):
    with pytest.raises(
        ValueError,
        match=rf"{cost!r} cost is defined only for output_activation.*{output!r}",
    ):
        costs.check_pair(output, cost)


@pytest.mark.parametrize("output,cost", sorted(costs.OUTPUT_COST_PAIRS))
def test_every_pair_of_the_table_is_allowed(output, cost):
    costs.check_pair(output, cost)


def test_the_cancelling_pairs_are_sigmoid_cross_entropy_and_softmax_log_likelihood():
    assert costs.CANCELLING_PAIRS == {("sigmoid", "cross_entropy"),
                                      ("softmax", "log_likelihood")}
    assert all(costs.cancels(*p) == c for p, c in costs.OUTPUT_COST_PAIRS.items())


@pytest.mark.parametrize("name", list(costs.COSTS))
def test_every_cost_has_one_signature_c_of_a_y_and_z(name):
    a, y = _probabilities((3, 2))
    if name == "log_likelihood":
        a, y = softmax(a), _one_hot(3, 2)
    C, C_prime = costs.get_cost(name)
    assert C(a, y) == pytest.approx(C(a, y, z=None))
    assert C_prime(a, y).shape == (3, 2)


def test_cross_entropy_prime_is_finite_at_saturated_outputs_and_equals_its_limits():
    # ∂Cₓ/∂a = −y/a + (1 − y)/(1 − a) with 0 · (1/0) = 0: the limit as a → y ∈ {0, 1}.
    a = np.array([[0.0, 1.0, 0.0, 1.0]])
    y = np.array([[0.0, 1.0, 1.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = costs.cross_entropy_cost_prime(a, y)
    np.testing.assert_array_equal(g, [[1.0, -1.0, -np.inf, np.inf]])
    for t, limit in ((1e-9, 1.0), (1 - 1e-9, -1.0)):     # near the corners
        near = costs.cross_entropy_cost_prime(np.array([[t]]), np.array([[t]]))
        assert near[0, 0] == pytest.approx(0.0, abs=1e-12)  # a = y: the gradient is 0
        side = costs.cross_entropy_cost_prime(np.array([[t]]), np.array([[round(t)]]))
        assert side[0, 0] == pytest.approx(limit, rel=1e-6)


def test_log_likelihood_prime_is_zero_where_neither_target_nor_output():
    a = np.array([[0.0], [1.0]])
    y = np.array([[0.0], [1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = costs.log_likelihood_cost_prime(a, y)
    np.testing.assert_array_equal(g, [[0.0], [-1.0]])


@pytest.mark.parametrize("name", list(costs.COSTS))
def test_costs_refuse_an_empty_batch(name):
    C, C_prime = costs.get_cost(name)
    for f in (C, C_prime):
        with pytest.raises(ValueError, match="at least one entry and one example"):
            f(np.zeros((2, 0)), np.zeros((2, 0)))


def test_log_likelihood_targets_must_be_distributions():
    costs.check_targets("log_likelihood", np.array([[0.25, 1.0], [0.75, 0.0]]))
    for bad in ([[1.0, 1.0], [1.0, 0.0]], [[0.0, 1.5], [0.0, -0.5]], [[0.0], [0.0]]):
        with pytest.raises(ValueError, match="probability distribution per column"):
            costs.check_targets("log_likelihood", np.array(bad))
    costs.check_targets("quadratic", np.array([[7.0]]))      # any target


def test_cross_entropy_is_the_negative_log_likelihood_of_bernoulli_targets():
    # y = 1 with probability a: P(y) = a for y = 1 and 1 - a for y = 0
    rng = np.random.default_rng(4)
    a = rng.uniform(0.01, 0.99, (3, 50))
    y = (rng.random((3, 50)) < a).astype(float)
    log_likelihood = np.sum(np.log(np.where(y == 1, a, 1 - a)))
    assert costs.cross_entropy_cost(a, y) == pytest.approx(-log_likelihood / 50,
                                                           rel=1e-13)
