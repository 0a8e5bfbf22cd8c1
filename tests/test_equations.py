"""Tests of bpcode.equations: each of BP1–BP4 against central differences and its
definition."""

import numpy as np
import pytest

from bpcode import equations as eq
from bpcode.activations import get_activation
from conftest import HIDDEN, PAIRS, targets_for

from bpcode.costs import CANCELLING_PAIRS, get_cost
from bpcode.gradcheck import numerical_gradient, relative_error

_targets = targets_for


def _away_from_kink(z):
    z[np.abs(z) < 1e-2] = 0.3
    return z


@pytest.mark.parametrize("output,cost", PAIRS)
@pytest.mark.parametrize("m", [1, 3])
def test_bp1_is_the_derivative_of_each_examples_cost_with_respect_to_z(output, cost, m):
    rng = np.random.default_rng(0)
    sigma, _ = get_activation(output)
    C, C_prime = get_cost(cost)
    z = _away_from_kink(rng.normal(size=(3, m)))
    y = _targets(rng, cost, 3, m)
    delta = eq.bp1_output_error(z, sigma(z), y, C_prime, output)
    numeric = numerical_gradient(lambda: m * C(sigma(z), y), z, eps=1e-6)  # m C = Σₓ Cₓ
    assert delta.shape == (3, m)
    assert relative_error(delta, numeric) < 1e-8


@pytest.mark.parametrize("output,cost", sorted(CANCELLING_PAIRS))
def test_bp1_cancelled_form_equals_the_general_form_for_the_cancelling_pairs(
    output, cost
):
    rng = np.random.default_rng(1)
    sigma, _ = get_activation(output)
    z = rng.normal(size=(4, 5))
    y = _targets(rng, cost, 4, 5)
    general = eq.bp1_output_error(z, sigma(z), y, get_cost(cost)[1], output)
    np.testing.assert_allclose(
        eq.bp1_output_error_cancelled(sigma(z), y), general, rtol=1e-12, atol=1e-14
    )


def test_bp1_for_softmax_is_the_jacobian_transpose_times_the_gradient():
    rng = np.random.default_rng(2)
    z, g = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    from bpcode.activations import softmax, softmax_jacobian

    delta = eq.bp1_output_error(
        z, softmax(z), np.zeros_like(z), lambda a, y: g, "softmax"
    )
    expected = np.stack([softmax_jacobian(z)[x].T @ g[:, x] for x in range(3)], axis=1)
    np.testing.assert_allclose(delta, expected, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("activation", HIDDEN)
@pytest.mark.parametrize("m", [1, 4])
def test_bp2_is_the_derivative_of_the_cost_with_respect_to_the_hidden_z(activation, m):
    # C depends on zˡ through zˡ⁺¹ = wˡ⁺¹ σ(zˡ) + bˡ⁺¹ and a quadratic cost on a sigmoid
    # layer.
    rng = np.random.default_rng(3)
    sigma, _ = get_activation(activation)
    w_next, b_next = rng.normal(size=(2, 3)), rng.normal(size=(2, 1))
    z = _away_from_kink(rng.normal(size=(3, m)))
    y = rng.uniform(size=(2, m))
    sig_out, _ = get_activation("sigmoid")
    C, C_prime = get_cost("quadratic")

    def total_cost():
        return m * C(sig_out(w_next @ sigma(z) + b_next), y)

    z_next = w_next @ sigma(z) + b_next
    delta_next = eq.bp1_output_error(z_next, sig_out(z_next), y, C_prime, "sigmoid")
    delta = eq.bp2_hidden_error(w_next, delta_next, z, activation)
    assert delta.shape == (3, m)
    assert relative_error(delta, numerical_gradient(total_cost, z)) < 1e-7


@pytest.mark.parametrize("activation", HIDDEN)
def test_bp2_and_the_activations_leave_their_arguments_unchanged(activation):
    # _bp2 and _sigmoid finish in place, on arrays of their own
    rng = np.random.default_rng(4)
    w_next, delta_next, z = (rng.normal(size=s) for s in [(2, 3), (2, 5), (3, 5)])
    before = [w_next.copy(), delta_next.copy(), z.copy()]
    sigma, sigma_prime = get_activation(activation)
    sigma(z), sigma_prime(z)
    eq.bp2_hidden_error(w_next, delta_next, z, activation)
    for x, x0 in zip([w_next, delta_next, z], before):
        np.testing.assert_array_equal(x, x0)


@pytest.mark.parametrize("m", [1, 5])
def test_bp3_and_bp4_are_the_gradients_of_the_batch_mean_cost(m):
    rng = np.random.default_rng(4)
    w, b = rng.normal(size=(2, 3)), rng.normal(size=(2, 1))
    a_prev, y = rng.uniform(size=(3, m)), rng.uniform(size=(2, m))
    sigma, _ = get_activation("sigmoid")
    C, C_prime = get_cost("quadratic")
    z = w @ a_prev + b
    delta = eq.bp1_output_error(z, sigma(z), y, C_prime, "sigmoid")
    grad_b, grad_w = eq.bp3_bias_gradient(delta), eq.bp4_weight_gradient(delta, a_prev)
    assert grad_b.shape == b.shape and grad_w.shape == w.shape
    cost = lambda: C(sigma(w @ a_prev + b), y)
    assert relative_error(grad_b, numerical_gradient(cost, b, eps=1e-6)) < 1e-8
    assert relative_error(grad_w, numerical_gradient(cost, w, eps=1e-6)) < 1e-8


def test_bp3_and_bp4_average_per_example_terms():
    rng = np.random.default_rng(5)
    delta, a_prev = rng.normal(size=(3, 4)), rng.normal(size=(2, 4))
    np.testing.assert_allclose(
        eq.bp3_bias_gradient(delta), delta.mean(axis=1).reshape(3, 1)
    )
    outer = np.mean([np.outer(delta[:, x], a_prev[:, x]) for x in range(4)], axis=0)
    np.testing.assert_allclose(eq.bp4_weight_gradient(delta, a_prev), outer, rtol=1e-14)


@pytest.mark.parametrize("sizes, forward, backward", [
    ([784, 30, 10], 784 * 30 + 30 * 10, 784 * 30 + 2 * 30 * 10),
    ([2, 3], 6, 6),
    ([100] * 6, 5 * 10_000, 9 * 10_000),
])
def test_multiplications_counts_one_product_forward_and_bp2_bp4_backward(
        sizes, forward, backward):
    assert eq.multiplications(sizes) == (forward, backward)


def test_multiplications_backward_is_at_most_twice_the_forward_pass():
    for sizes in ([5, 5], [784, 30, 10], [3, 50, 50, 50, 2], [1000, 2, 1000]):
        forward, backward = eq.multiplications(sizes)
        assert forward <= backward < 2 * forward


def test_multiplications_refuses_bad_sizes():
    with pytest.raises(ValueError, match="sizes"):
        eq.multiplications([3])
    with pytest.raises(TypeError, match="sizes"):
        eq.multiplications("784, 30, 10")
