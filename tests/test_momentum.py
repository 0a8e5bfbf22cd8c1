"""Tests of bpcode.momentum: both conventions step by step, and the valley's paths."""

import numpy as np
import pytest

from bpcode.momentum import (momentum_step, momentum_step_without_eta,
                             quadratic_valley_path)


def test_a_momentum_step_is_v_mu_v_minus_eta_gradient_then_w_plus_v():
    rng = np.random.default_rng(0)
    w, v, g = rng.standard_normal((3, 4, 2))
    saved = [x.copy() for x in (w, v, g)]
    w_new, v_new = momentum_step(w, v, g, eta=0.3, mu=0.9)
    np.testing.assert_array_equal(v_new, 0.9 * v - 0.3 * g)
    np.testing.assert_array_equal(w_new, w + (0.9 * v - 0.3 * g))
    for x, y in zip((w, v, g), saved):
        assert np.array_equal(x, y)             # the arguments are not changed


def test_a_step_without_eta_is_u_mu_u_plus_gradient_then_w_minus_eta_u():
    rng = np.random.default_rng(1)
    w, u, g = rng.standard_normal((3, 5))
    w_new, u_new = momentum_step_without_eta(w, u, g, eta=0.3, mu=0.9)
    np.testing.assert_array_equal(u_new, 0.9 * u + g)
    np.testing.assert_array_equal(w_new, w - 0.3 * (0.9 * u + g))


def test_the_velocity_is_the_discounted_sum_of_past_gradients():
    # v_t = −η Σ_{s=1..t} μ^(t−s) g_s, whatever the gradients are.
    rng = np.random.default_rng(2)
    eta, mu = 0.1, 0.8
    grads = rng.standard_normal((6, 3))
    w, v = np.zeros(3), np.zeros(3)
    for t, g in enumerate(grads, start=1):
        w, v = momentum_step(w, v, g, eta, mu)
        expected = -eta * sum(mu ** (t - s) * grads[s - 1] for s in range(1, t + 1))
        np.testing.assert_allclose(v, expected, rtol=1e-13, atol=1e-16)


def test_a_constant_gradient_builds_a_velocity_of_eta_over_one_minus_mu_steps():
    eta, mu, g = 0.1, 0.9, np.array([1.0, -2.0])
    w, v = np.zeros(2), np.zeros(2)
    for t in range(1, 201):
        w, v = momentum_step(w, v, g, eta, mu)
        np.testing.assert_allclose(v, -eta * g * (1 - mu ** t) / (1 - mu), rtol=1e-12)
    np.testing.assert_allclose(v, -eta * g / (1 - mu), rtol=1e-9)


def test_with_mu_zero_the_valley_path_is_plain_gradient_descent():
    # On C = ½ Σ hᵢ wᵢ², one plain step multiplies wᵢ by (1 − η hᵢ).
    h, w0 = np.array([1.0, 10.0]), np.array([-3.0, 1.0])
    path = quadratic_valley_path(h, w0, eta=0.15, steps=20)
    assert path.shape == (21, 2) and np.array_equal(path[0], w0)
    t = np.arange(21)[:, None]
    np.testing.assert_allclose(path, w0 * (1 - 0.15 * h) ** t, rtol=1e-12,
                               atol=1e-300)


def test_the_two_conventions_give_the_same_path_while_eta_is_constant():
    h, w0 = np.array([1.0, 25.0]), np.array([-8.0, 1.0])
    v_path = quadratic_valley_path(h, w0, eta=0.03, steps=60, mu=0.9)
    u_path = quadratic_valley_path(h, w0, eta=0.03, steps=60, mu=0.9,
                                   eta_in_velocity=False)
    np.testing.assert_allclose(v_path, u_path, rtol=1e-12, atol=1e-12)


def test_the_two_conventions_differ_once_eta_changes():
    # Until step T they agree; at step T + 1 the velocity without η is rescaled at
    # once: −η_new u = (η_new / η_old) μ v − η_new g, against μ v − η_new g.
    h, w0, mu, T = np.array([1.0, 25.0]), np.array([-8.0, 1.0]), 0.9, 10
    etas = np.r_[np.full(T, 0.03), np.full(10, 0.003)]
    v_path = quadratic_valley_path(h, w0, etas, steps=20, mu=mu)
    u_path = quadratic_valley_path(h, w0, etas, steps=20, mu=mu,
                                   eta_in_velocity=False)
    np.testing.assert_allclose(v_path[:T + 1], u_path[:T + 1], rtol=1e-12,
                               atol=1e-12)
    v_old = v_path[T] - v_path[T - 1]
    g = h * v_path[T]
    np.testing.assert_allclose(v_path[T + 1] - v_path[T], mu * v_old - 0.003 * g,
                               rtol=1e-10)
    np.testing.assert_allclose(u_path[T + 1] - u_path[T],
                               0.1 * mu * v_old - 0.003 * g, rtol=1e-10)
    assert np.max(np.abs(v_path[T + 1:] - u_path[T + 1:])) > 0.01


def test_momentum_crosses_an_ill_conditioned_valley_in_fewer_steps():
    # κ = 100: plain descent with its best η = 2/(h_min + h_max) shrinks the error by
    # (κ − 1)/(κ + 1) per step; heavy ball with its best η, μ by (√κ − 1)/(√κ + 1).
    h, w0 = np.array([1.0, 100.0]), np.array([1.0, 1.0])
    plain = quadratic_valley_path(h, w0, eta=2 / 101, steps=1000)
    heavy = quadratic_valley_path(h, w0, eta=4 / 121, steps=1000, mu=(9 / 11) ** 2)

    def steps_to(path, tol=1e-6):
        below = np.flatnonzero(np.linalg.norm(path, axis=1) < tol)
        assert below.size, "never got there"
        return int(below[0])

    assert steps_to(heavy) < steps_to(plain) / 4


@pytest.mark.parametrize("call,error,message", [
    (lambda: momentum_step(np.zeros(2), np.zeros(3), np.zeros(2), 0.1, 0.9),
     ValueError, r"v must have the shape \(2,\) of w"),
    (lambda: momentum_step(np.zeros(2), np.zeros(2), [0, np.nan], 0.1, 0.9),
     ValueError, "grad contains 1 NaN"),
    (lambda: momentum_step(np.zeros(2), np.zeros(2), np.zeros(2), -0.1, 0.9),
     ValueError, "eta must be a finite number >= 0"),
    (lambda: momentum_step_without_eta(np.zeros(2), np.zeros(2), np.zeros(2), 0.1,
                                       "high"), TypeError, "mu must be a real number"),
    (lambda: momentum_step_without_eta(np.zeros(2), np.zeros(2), np.ones(2, complex),
                                       0.1, 0.5), TypeError, "grad must hold real"),
    (lambda: quadratic_valley_path([1.0, 0.0], [1.0, 1.0], 0.1, 5), ValueError,
     "curvatures must be a 1-D array of numbers > 0"),
    (lambda: quadratic_valley_path([1.0, 2.0], [1.0], 0.1, 5), ValueError,
     "w0 must have the shape"),
    (lambda: quadratic_valley_path([1.0], [1.0], [0.1, 0.1], 5), ValueError,
     "eta must be a number >= 0 or 5 of them"),
    (lambda: quadratic_valley_path([1.0], [1.0], 0.1, 0), ValueError,
     "steps must be a positive integer"),
])
def test_bad_input_is_refused_by_name(call, error, message):
    with pytest.raises(error, match=message):
        call()
