"""Tests of bpcode.activations: derivatives against central differences, stability."""

import warnings

import numpy as np
import pytest
from conftest import EPS, central_difference

from bpcode import activations as act

ELEMENTWISE = ["sigmoid", "tanh", "relu", "identity"]


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("shape", [(7,), (3, 4), (2, 3, 2)])
def test_elementwise_derivative_matches_finite_differences(name, shape):
    rng = np.random.default_rng(0)
    z = rng.uniform(-4, 4, size=shape)
    z[np.abs(z) < 1e-3] = 0.5          # keep away from ReLU's kink
    f, f_prime = act.get_activation(name)
    np.testing.assert_allclose(
        f_prime(z), central_difference(f, z), rtol=1e-7, atol=1e-9
    )
    assert f(z).shape == shape and f_prime(z).shape == shape


def test_sigmoid_values_and_symmetry():
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(act.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-15)
    np.testing.assert_allclose(act.sigmoid(-z), 1 - act.sigmoid(z), atol=1e-15)
    assert act.sigmoid(0.0) == 0.5 and act.sigmoid_prime(0.0) == 0.25


def test_tanh_is_a_stretched_sigmoid():
    z = np.linspace(-5, 5, 41)
    np.testing.assert_allclose(act.tanh(z), 2 * act.sigmoid(2 * z) - 1, atol=1e-15)


def test_relu_and_its_derivative_take_zero_at_the_kink():
    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(act.relu(z), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(act.relu_prime(z), [0.0, 0.0, 1.0])


def test_identity_returns_a_copy():
    z = np.arange(3.0)
    out = act.identity(z)
    out[0] = 9.0
    assert z[0] == 0.0
    np.testing.assert_array_equal(act.identity_prime(z), np.ones(3))


@pytest.mark.parametrize("shape", [(4,), (4, 3)])
def test_softmax_columns_are_probabilities(shape):
    z = np.random.default_rng(1).normal(size=shape)
    a = act.softmax(z)
    assert a.shape == shape
    assert np.all(a > 0)
    np.testing.assert_allclose(np.sum(a, axis=0), 1.0, rtol=1e-15)
    np.testing.assert_allclose(
        act.softmax(z + 100.0), a, rtol=1e-12
    )  # shift invariance


def test_softmax_jacobian_matches_finite_differences_for_one_example():
    z = np.random.default_rng(2).normal(size=5)
    J = act.softmax_jacobian(z)
    numeric = np.empty((5, 5))
    for k in range(5):
        e = np.zeros(5)
        e[k] = EPS
        numeric[:, k] = (act.softmax(z + e) - act.softmax(z - e)) / (2 * EPS)
    np.testing.assert_allclose(J, numeric, rtol=1e-7, atol=1e-10)
    np.testing.assert_allclose(J, J.T, atol=1e-16)


def test_softmax_jacobian_of_a_batch_holds_one_jacobian_per_column():
    Z = np.random.default_rng(3).normal(size=(4, 3))
    J = act.softmax_jacobian(Z)
    assert J.shape == (3, 4, 4)
    for x in range(3):
        np.testing.assert_allclose(J[x], act.softmax_jacobian(Z[:, x]), rtol=1e-15)


def test_log_sigmoid_and_log_softmax_equal_the_log_of_the_activation():
    z = np.random.default_rng(4).normal(scale=3, size=(4, 5))
    np.testing.assert_allclose(act.log_sigmoid(z), np.log(act.sigmoid(z)), rtol=1e-12)
    np.testing.assert_allclose(
        act.log_softmax(z), np.log(act.softmax(z)), rtol=1e-12, atol=1e-14
    )


HUGE = np.array([-1e4, -800.0, -1.0, 0.0, 1.0, 800.0, 1e4])


@pytest.mark.parametrize(
    "name",
    [
        "sigmoid",
        "sigmoid_prime",
        "tanh",
        "tanh_prime",
        "log_sigmoid",
        "softmax",
        "softmax_jacobian",
        "log_softmax",
    ],
)
def test_activations_never_warn_and_stay_finite_for_huge_inputs(name):
    f = getattr(act, name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
            out = (
                f(HUGE) if "softmax" not in name else f(np.stack([HUGE, -HUGE], axis=1))
            )
    assert np.all(np.isfinite(out))


def test_saturated_values_are_exact():
    assert act.sigmoid(1e4) == 1.0 and act.sigmoid(-1e4) == 0.0
    assert act.log_sigmoid(-1e4) == -1e4
    np.testing.assert_allclose(act.softmax(np.array([1e4, 0.0])), [1.0, 0.0])
    np.testing.assert_allclose(act.log_softmax(np.array([1e4, 0.0])), [0.0, -1e4])


def test_unknown_activation_name_is_a_value_error_listing_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown activation 'sigmod'.*'sigmoid'"):
        act.get_activation("sigmod")


def test_softmax_is_the_only_activation_that_is_not_elementwise():
    assert [n for n in act.ACTIVATIONS if not act.is_elementwise(n)] == ["softmax"]
