"""Tests of forward mode: bpcode.autodiff.dual (Dual numbers) and
bpcode.autodiff.forward (Jacobian-vector products through a Network), against finite
differences, against the reverse mode of Value and against Network.backprop."""

import math
import re

import numpy as np
import pytest
from conftest import central_difference, random_network

from bpcode.autodiff.dual import Dual, directional_derivative, gradient
from bpcode.autodiff.forward_mode import forward_mode_gradient, network_jvp
from bpcode.autodiff.value import Value
from bpcode.costs import OUTPUT_COST_PAIRS
from bpcode.network import Network



# (name, function of Duals or Values, function of floats, points)
UNARY = [
    ("neg", lambda x: -x, lambda x: -x, [-2.0, 0.3]),
    ("exp", lambda x: x.exp(), math.exp, [-3.0, 0.0, 1.5]),
    ("log", lambda x: x.log(), math.log, [0.1, 1.0, 7.5]),
    ("tanh", lambda x: x.tanh(), math.tanh, [-2.0, 0.0, 0.7]),
    (
        "sigmoid",
        lambda x: x.sigmoid(),
        lambda x: 1 / (1 + math.exp(-x)),
        [-4.0, 0.0, 2.5],
    ),
    ("relu", lambda x: x.relu(), lambda x: max(0.0, x), [-1.5, 0.5, 3.0]),
    ("square", lambda x: x**2, lambda x: x**2, [-3.0, 0.5]),
    ("sqrt", lambda x: x**0.5, math.sqrt, [0.2, 9.0]),
    ("reciprocal", lambda x: x**-1, lambda x: 1 / x, [-2.0, 0.5]),
    ("power zero", lambda x: x**0, lambda x: 1.0, [0.0, 3.0]),
    ("number add", lambda x: 2.5 + x, lambda x: 2.5 + x, [-1.0]),
    ("number sub", lambda x: 4 - x, lambda x: 4 - x, [-1.0]),
    ("number mul", lambda x: 3 * x, lambda x: 3 * x, [2.0]),
    ("number div", lambda x: 4 / x, lambda x: 4 / x, [-1.0, 0.3]),
    ("div number", lambda x: x / 4, lambda x: x / 4, [-1.0]),
]


@pytest.mark.parametrize(
    "name, f_dual, f_float, points", UNARY, ids=[u[0] for u in UNARY]
)
def test_every_unary_operation_matches_finite_differences(
    name, f_dual, f_float, points
):
    for x in points:
        out = f_dual(Dual(x, 1.0))
        assert out.value == pytest.approx(f_float(x), rel=1e-12, abs=1e-12)
        assert out.tangent == pytest.approx(
            central_difference(f_float, x), rel=1e-6, abs=1e-8
        )


@pytest.mark.parametrize(
    "f",
    [lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b, lambda a, b: a / b],
    ids=["add", "sub", "mul", "div"],
)
def test_every_binary_operation_matches_finite_differences_in_each_argument(f):
    for a, b in [(1.5, -2.0), (3.0, 0.25)]:
        da = f(Dual(a, 1.0), Dual(b)).tangent
        db = f(Dual(a), Dual(b, 1.0)).tangent
        assert da == pytest.approx(central_difference(lambda t: f(t, b), a), rel=1e-6)
        assert db == pytest.approx(central_difference(lambda t: f(a, t), b), rel=1e-6)


def test_a_variable_used_twice_and_a_diamond_agree_with_value():
    def f(x):
        t = x.tanh()
        return t * x.exp() + t * t + x * x

    for x0 in (-0.9, 0.4, 1.7):
        v = Value(x0)
        f(v).backward()
        assert f(Dual(x0, 1.0)).tangent == pytest.approx(v.grad, rel=1e-13)


def test_classic_total_derivatives_agree_with_value_and_finite_differences():
    def c_of(a):
        b1 = 2 * a
        b2 = 3 * a + b1
        return 4 * b1 + 5 * b2

    def c_of_b1(a, b1):            # c as a function of a and b1, b2 computed from both
        b2 = 3 * a + b1
        return 4 * b1 + 5 * b2

    assert c_of(Dual(1.3, 1.0)).tangent == 33.0
    assert central_difference(c_of, 1.3) == pytest.approx(33.0)
    a = Value(1.3)
    c_of(a).backward()
    assert a.grad == 33.0
    # dc/db1 = 9 (b1 moves, b2 follows); ∂c/∂b1 = 4 (b2 held fixed)
    assert c_of_b1(Dual(1.3), Dual(2.6, 1.0)).tangent == 9.0
    assert (4 * Dual(2.6, 1.0) + 5 * Dual(6.5)).tangent == 4.0


def test_relu_expression_agrees_with_value_and_finite_differences():
    def f(x, y):
        h = (x * y + 1).relu()
        return h ** 2 + h * x - y / 2

    def f_float(x, y):
        h = max(0.0, x * y + 1)
        return h ** 2 + h * x - y / 2

    for x0, y0 in [(0.5, 1.5), (2.0, -0.3), (-1.0, 4.0)]:
        vx, vy = Value(x0), Value(y0)
        f(vx, vy).backward()
        g = gradient(lambda xs: f(*xs), [x0, y0])
        assert g == pytest.approx([vx.grad, vy.grad], rel=1e-13)
        assert g[0] == pytest.approx(
            central_difference(lambda t: f_float(t, y0), x0), rel=1e-6, abs=1e-8
        )
        assert g[1] == pytest.approx(
            central_difference(lambda t: f_float(x0, t), y0), rel=1e-6, abs=1e-8
        )


def test_directional_derivative_is_the_gradient_dotted_with_the_direction():
    def f(xs):
        x, y, z = xs
        return (x * y).tanh() + z.exp() * x - (y ** 2) / (1 + z * z)

    x = np.array([0.3, -1.1, 0.8])
    v = np.array([1.0, -2.0, 0.5])
    value, deriv = directional_derivative(f, x, v)
    assert deriv == pytest.approx(gradient(f, x) @ v, rel=1e-12)
    g = lambda t: f([Dual(float(c)) for c in x + t * v]).value
    assert deriv == pytest.approx(central_difference(g, 0.0), rel=1e-7)
    assert value == pytest.approx(g(0.0))


def test_directional_derivative_of_a_constant_function_is_zero():
    assert directional_derivative(lambda xs: 3.0, [1.0], [1.0]) == (3.0, 0.0)


def test_directional_derivative_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="same length"):
        directional_derivative(lambda xs: xs[0], [1.0, 2.0], [1.0])


@pytest.mark.parametrize("activation, output, cost", [
    ("sigmoid", "sigmoid", "quadratic"),
    ("tanh", "sigmoid", "cross_entropy"),
    ("relu", "identity", "quadratic"),
])
def test_forward_mode_gradient_of_a_network_equals_backprop(activation, output, cost):
    rng = np.random.default_rng(1)
    net = Network(
        [3, 4, 2], rng, activation=activation, output_activation=output, cost=cost
    )
    X = rng.standard_normal((3, 5))
    Y = rng.uniform(0.1, 0.9, (2, 5))
    fb, fw = forward_mode_gradient(net, X, Y)
    bb, bw = net.backprop(X, Y)
    for f, b in zip(fb + fw, bb + bw):
        np.testing.assert_allclose(f, b, rtol=1e-10, atol=1e-12)


def test_network_jvp_is_the_gradient_dotted_with_the_direction():
    rng = np.random.default_rng(2)
    net = Network([2, 3, 1], rng)
    X, Y = rng.standard_normal((2, 4)), rng.uniform(size=(1, 4))
    tw = [rng.standard_normal(w.shape) for w in net.weights]
    tb = [rng.standard_normal(b.shape) for b in net.biases]
    cost, deriv = network_jvp(net, X, Y, tw, tb)
    nb, nw = net.backprop(X, Y)
    expected = sum(float(np.sum(g * t)) for g, t in zip(nb + nw, tb + tw))
    assert cost == pytest.approx(net.cost(X, Y))
    assert deriv == pytest.approx(expected, rel=1e-12)


def test_network_jvp_rejects_badly_shaped_tangents():
    rng = np.random.default_rng(3)
    net = Network([2, 3, 1], rng)
    X, Y = rng.standard_normal((2, 4)), rng.uniform(size=(1, 4))
    with pytest.raises(
        ValueError, match=re.escape("tangent_weights[0] must have shape (3, 2)")
    ):
        network_jvp(
            net,
            X,
            Y,
            [np.zeros((2, 3)), np.zeros((1, 3))],
            [np.zeros((3, 1)), np.zeros((1, 1))],
        )


@pytest.mark.parametrize("output, cost", sorted(OUTPUT_COST_PAIRS))
def test_forward_mode_gradient_equals_backprop_for_every_pair_of_the_table(output,
                                                                          cost):
    # Forward mode reads BP1 from the same table, softmax outputs included.
    net, X, Y = random_network([2, 3, 2], seed=4, m=4, activation="tanh",
                               output_activation=output, cost=cost)
    for got, expected in zip(forward_mode_gradient(net, X, Y), net.backprop(X, Y)):
        for g, e in zip(got, expected):
            np.testing.assert_allclose(g, e, rtol=1e-10, atol=1e-13)


def test_repr_is_readable():
    assert repr(Dual(2.0, 1.0) * 3) == "Dual(value=6, tangent=3)"


def test_errors_are_clear():
    with pytest.raises(TypeError, match="value must be a real number"):
        Dual("1")
    with pytest.raises(
        TypeError, match=re.escape("unsupported operand for +: Dual and str")
    ):
        Dual(1.0) + "a"
    with pytest.raises(TypeError, match="unsupported operand for \\*: Dual and Value"):
        Dual(1.0) * Value(2.0)
    with pytest.raises(ValueError, match="log needs a positive number"):
        Dual(-1.0, 1.0).log()
    with pytest.raises(
        TypeError, match="exponent of Dual \\*\\* p must be a real number"
    ):
        Dual(2.0) ** Dual(1.0)
    with pytest.raises(TypeError, match="plain-number power"):
        2 ** Dual(1.0)
    with pytest.raises(ValueError, match="non-integer power"):
        Dual(-2.0) ** 1.5
    with pytest.raises(ZeroDivisionError, match="value is 0"):
        Dual(1.0) / 0.0
    with pytest.raises(OverflowError, match="largest float"):
        Dual(800.0).exp()


def test_value_and_dual_share_their_domain_errors():
    from bpcode.autodiff.value import Value
    for make in (Value, Dual):
        with pytest.raises(ValueError, match="non-integer power"):
            make(-2.0) ** 0.5
        with pytest.raises(ValueError, match="no finite derivative"):
            make(0.0) ** 0.5
        with pytest.raises(OverflowError, match="larger than the largest float"):
            make(1000.0).exp()
