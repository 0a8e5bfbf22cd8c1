"""Tests of bpcode.fixed_point: recurrent backpropagation (Almeida–Pineda)."""

import numpy as np
import pytest

from bpcode.fixed_point import fixed_point_errors, fixed_point_gradients, relax
from bpcode.gradcheck import numerical_gradient, relative_error
from bpcode.recurrent import RNN, hidden_errors, parameter_gradients


def make_problem(seed, n=5, n_in=3, m=4, scale=0.6):
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((n, n)) * scale / np.sqrt(n)
    U = rng.standard_normal((n, n_in))
    b = 0.3 * rng.standard_normal((n, 1))
    X = rng.standard_normal((n_in, m))
    target = 0.5 * rng.standard_normal((n, m))
    return W, U, b, X, target


def test_relax_finds_a_fixed_point():
    W, U, b, X, _ = make_problem(0)
    h, steps = relax(W, U, b, X)
    np.testing.assert_allclose(h, np.tanh(W @ h + U @ X + b), rtol=0, atol=1e-11)
    assert h.shape == (5, 4) and steps > 1


@pytest.mark.parametrize("n", [1, 3, 6])
def test_almeida_pineda_gradients_match_finite_differences(n):
    W, U, b, X, target = make_problem(n, n=n)
    m = X.shape[1]

    def cost():
        h, _ = relax(W, U, b, X, tol=1e-14)
        return 0.5 * np.sum((h - target) ** 2) / m

    grads = fixed_point_gradients(W, U, b, X, lambda h: h - target, tol=1e-14)
    for name, param in (("W", W), ("U", U), ("b", b)):
        assert grads[name].shape == param.shape
        assert relative_error(grads[name], numerical_gradient(cost, param)) < 1e-7, name


def test_almeida_pineda_is_the_limit_of_bptt_through_a_long_unrolling():
    W, U, b, X, target = make_problem(7)
    T = 200       # a constant input for T steps: hₜ has long settled at h*
    rnn = RNN.from_parameters(U, W, b, np.eye(5), np.zeros((5, 1)))
    Xs = np.repeat(X[None], T, axis=0)
    zs, hs, _ = rnn.forward(Xs)
    delta_ys = np.zeros((T, 5, X.shape[1]))
    delta_ys[-1] = hs[-1] - target  # only the final state is scored
    bptt = parameter_gradients(
        Xs, hs, hidden_errors(rnn.W_hh, rnn.W_hy, zs, delta_ys), delta_ys
    )
    ap = fixed_point_gradients(W, U, b, X, lambda h: h - target)
    np.testing.assert_allclose(ap["h_star"], hs[-1], atol=1e-12)
    assert relative_error(ap["W"], bptt["W_hh"]) < 1e-10
    assert relative_error(ap["U"], bptt["W_xh"]) < 1e-10
    assert relative_error(ap["b"], bptt["b_h"]) < 1e-10


def test_error_network_solves_the_linear_fixed_point_equation():
    W, U, b, X, target = make_problem(3)
    h, _ = relax(W, U, b, X)
    z = W @ h + U @ X + b
    delta, _ = fixed_point_errors(W, z, h - target)
    d = 1 - np.tanh(z) ** 2
    direct = np.linalg.solve(np.eye(5) - d[:, :1] * W.T, d[:, :1] * (h - target)[:, :1])
    np.testing.assert_allclose(delta[:, :1], direct, atol=1e-11)


def test_an_unstable_network_raises_instead_of_looping_forever():
    rng = np.random.default_rng(0)
    W = np.array([[0.0, -3.0], [3.0, 0.0]])  # a rotation that overshoots: it oscillates
    with pytest.raises(RuntimeError, match=r"did not settle within max_steps=50"):
        relax(
            W,
            np.zeros((2, 1)),
            np.array([[0.1], [0.0]]),
            rng.standard_normal((1, 2)),
            max_steps=50,
        )


def test_bad_shapes_are_rejected():
    W, U, b, X, _ = make_problem(1)
    with pytest.raises(ValueError, match=r"W must be square"):
        relax(W[:, :4], U, b, X)
    with pytest.raises(ValueError, match=r"X must have 3 rows"):
        relax(W, U, b, X[:2])
    with pytest.raises(ValueError, match=r"b must have 1 columns"):
        relax(W, U, np.zeros((5, 2)), X)
    with pytest.raises(ValueError, match=r"max_steps must be a positive integer"):
        relax(W, U, b, X, max_steps=0)


def test_an_unstable_error_network_raises_instead_of_looping_forever():
    W = np.array([[0.0, -3.0], [3.0, 0.0]])
    with pytest.raises(RuntimeError, match=r"error network did not settle within "
                                           r"max_steps=20 steps"):
        fixed_point_errors(W, np.zeros((2, 1)), np.ones((2, 1)), max_steps=20)


def test_fixed_point_gradients_check_their_arguments_before_relaxing():
    W = np.array([[0.0, -3.0], [3.0, 0.0]])  # would not settle: the check comes first
    U, b, X = np.zeros((2, 1)), np.array([[0.1], [0.0]]), np.ones((1, 2))
    with pytest.raises(TypeError, match=r"grad_h_fn must be a function"):
        fixed_point_gradients(W, U, b, X, "h - target")
    with pytest.raises(ValueError, match=r"tol must be a finite number >= 0"):
        fixed_point_gradients(W, U, b, X, lambda h: h, tol=-1.0)
