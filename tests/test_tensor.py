"""Tests of bpcode.autodiff.tensor: every operation against central differences, and
whole-network gradients against Network.backprop (BP1–BP4) and finite differences."""

import numpy as np
import pytest

from bpcode.autodiff.graph import topological_order
from bpcode.autodiff.tensor import Tensor, network_cost, network_gradients
from bpcode.costs import cross_entropy_cost, log_likelihood_cost
from bpcode.activations import sigmoid, softmax
from bpcode.gradcheck import check_network, numerical_gradient, relative_error
from bpcode.network import Network


def check_gradients(f, *arrays, tol=1e-7):
    """C = f(*tensors), backpropagated: each input's grad equals central differences."""
    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    tensors = [Tensor(a) for a in arrays]
    C = f(*tensors)
    C.backward()
    for a, t in zip(arrays, tensors):
        numeric = numerical_gradient(
            lambda: float(f(*[Tensor(b) for b in arrays]).data), a
        )
        assert t.grad.shape == a.shape
        assert relative_error(t.grad, numeric) < tol, (t.grad, numeric)


def randn(rng, *shape):
    return rng.standard_normal(shape)


# A weighted sum, so that every entry of the result has its own gradient (a plain sum
# hides transposition mistakes); the weights are a fixed constant.
def wsum(t, seed=99):
    return (t * np.random.default_rng(seed).standard_normal(t.shape)).sum()


SHAPE_PAIRS = [((3, 4), (3, 4)), ((3, 4), (3, 1)), ((3, 4), (1, 4)), ((3, 1), (1, 4)),
               ((2, 3), ()), ((4,), (2, 4)), ((5, 1), (5, 1))]


@pytest.mark.parametrize("sx, sy", SHAPE_PAIRS)
@pytest.mark.parametrize("op", ["+", "-", "*"])
def test_broadcasting_binary_ops_match_finite_differences(op, sx, sy):
    rng = np.random.default_rng(1)
    fn = {"+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y}[op]
    check_gradients(lambda x, y: wsum(fn(x, y)), randn(rng, *sx), randn(rng, *sy))


@pytest.mark.parametrize(
    "sw, sa", [((3, 4), (4, 5)), ((1, 4), (4, 1)), ((2, 2), (2, 7))]
)
def test_matmul_matches_finite_differences(sw, sa):
    rng = np.random.default_rng(2)
    check_gradients(lambda w, a: wsum(w @ a), randn(rng, *sw), randn(rng, *sa))


@pytest.mark.parametrize("shape", [(3,), (3, 4), (1, 1), (2, 5)])
@pytest.mark.parametrize(
    "name", ["tanh", "sigmoid", "relu", "exp", "neg", "square", "cube", "T"]
)
def test_unary_ops_match_finite_differences(name, shape):
    rng = np.random.default_rng(3)
    fn = {
        "tanh": Tensor.tanh,
        "sigmoid": Tensor.sigmoid,
        "relu": Tensor.relu,
        "exp": Tensor.exp,
        "neg": lambda x: -x,
        "square": lambda x: x**2,
        "cube": lambda x: x**3,
        "T": lambda x: x.T,
    }[name]
    x = randn(rng, *shape)
    x[np.abs(x) < 1e-3] = 0.5  # keep ReLU's kink away from the finite-difference step
    check_gradients(lambda t: wsum(fn(t)), x)


@pytest.mark.parametrize("shape", [(3,), (3, 4)])
def test_log_and_fractional_power_match_finite_differences_on_positive_inputs(shape):
    x = np.random.default_rng(4).uniform(0.5, 2.0, shape)
    check_gradients(lambda t: wsum(t.log()), x)
    check_gradients(lambda t: wsum(t ** 0.5), x)


@pytest.mark.parametrize("shape", [(1,), (3, 4), (2, 3, 2)])
def test_sum_and_mean_match_finite_differences(shape):
    x = np.random.default_rng(5).standard_normal(shape)
    check_gradients(lambda t: (t * t).sum(), x)
    check_gradients(lambda t: (t.tanh()).mean(), x)
    t = Tensor(x)
    t.mean().backward()
    np.testing.assert_allclose(t.grad, np.full(shape, 1 / x.size))


@pytest.mark.parametrize("n, m", [(3, 5), (2, 1), (10, 4)])
def test_softmax_cross_entropy_matches_log_likelihood_cost_and_finite_differences(n, m):
    rng = np.random.default_rng(6)
    z = 3 * randn(rng, n, m)
    Y = np.eye(n)[:, rng.integers(0, n, m)]
    C = Tensor(z).softmax_cross_entropy(Y)
    assert float(C.data) == pytest.approx(
        log_likelihood_cost(softmax(z), Y, z=z), rel=1e-12
    )
    check_gradients(lambda t: t.softmax_cross_entropy(Y), z)


def test_softmax_cross_entropy_is_finite_for_huge_logits():
    z = Tensor([[1000.0, -1000.0], [-1000.0, 1000.0]])
    C = z.softmax_cross_entropy(np.eye(2))
    C.backward()
    assert np.isfinite(C.data) and np.all(np.isfinite(z.grad))


def test_reused_node_sums_the_gradients_of_all_its_uses():
    # c = x*x + x: dc/dx = 2x + 1, which needs the += of both uses.
    x = Tensor([[1.5, -2.0]])
    (x * x + x).sum().backward()
    np.testing.assert_allclose(x.grad, [[4.0, -3.0]])
    check_gradients(lambda t: wsum(t * t + t), [[1.5, -2.0]])


def test_diamond_graph_matches_finite_differences():
    # x feeds two branches that meet again: both paths contribute to dC/dx.
    def f(x, w):
        a = (w @ x).tanh()
        b = (w @ x).sigmoid()
        return ((a * b) + a - b.exp()).mean()
    rng = np.random.default_rng(7)
    check_gradients(f, randn(rng, 4, 3), randn(rng, 2, 4))


def test_the_books_total_derivative_example():
    # b1 = 2a, b2 = 3a + b1, c = 4 b1 + 5 b2: dc/da = 4·2 + 5·(3 + 2) = 33.
    a = Tensor(1.0)
    b1 = 2 * a
    b2 = 3 * a + b1
    c = 4 * b1 + 5 * b2
    c.backward()
    assert float(a.grad) == 33.0 and float(b1.grad) == 9.0


def test_reflected_operators_with_numbers_and_arrays():
    x = Tensor([[1.0, 2.0]])
    y = (1.0 - x) + 2 * x + np.array([[1.0, 1.0]]) - x * 3
    np.testing.assert_allclose(y.data, [[0.0, -2.0]])   # 2 − 2x
    y.sum().backward()
    np.testing.assert_allclose(x.grad, [[-2.0, -2.0]])
    w = np.array([[1.0, 2.0]])
    assert (w @ Tensor([[3.0], [4.0]])).data.item() == 11.0


def test_deep_chain_does_not_hit_the_recursion_limit():
    x = Tensor([0.5, -0.5])
    y = x
    for _ in range(20_000):
        y = y * 1.0 + 0.0
    y.sum().backward()
    np.testing.assert_allclose(x.grad, [1.0, 1.0])


# ---- behaviour of a second backward pass ---------------------------------------------
def test_backward_twice_without_zero_grad_raises_instead_of_doubling():
    x = Tensor([1.0, 2.0])
    C = (x * x).sum()
    C.backward()
    np.testing.assert_allclose(x.grad, [2.0, 4.0])
    with pytest.raises(RuntimeError, match="zero_grad"):
        C.backward()
    np.testing.assert_allclose(x.grad, [2.0, 4.0])     # untouched by the refused pass
    C.zero_grad()
    C.backward()
    np.testing.assert_allclose(x.grad, [2.0, 4.0])


def test_backward_with_accumulate_adds_to_the_leaves_only():
    x = Tensor([1.0, 2.0])
    y = (x * x).tanh()
    C = (y * y).sum()
    C.backward()
    first = x.grad.copy()
    C.backward(accumulate=True)
    np.testing.assert_allclose(x.grad, 2 * first)  # exactly twice, not more
    D = (x * 3.0).sum()  # a second cost on the same leaf
    D.backward(accumulate=True)
    np.testing.assert_allclose(x.grad, 2 * first + 3.0)


# ---- whole networks ------------------------------------------------------------------
NETWORK_CASES = (
    [(act, act, "quadratic") for act in ("sigmoid", "tanh", "relu")]
    + [(act, "softmax", "log_likelihood") for act in ("sigmoid", "tanh", "relu")]
    + [("tanh", "sigmoid", "cross_entropy"), ("relu", "identity", "quadratic")]
    + [("tanh", "softmax", "quadratic")]
)


@pytest.mark.parametrize("activation, output_activation, cost", NETWORK_CASES)
@pytest.mark.parametrize("sizes", [[3, 5, 2], [4, 6, 5, 3]])
def test_tensor_gradients_equal_network_backprop_bp1_to_bp4(
    sizes, activation, output_activation, cost
):
    rng = np.random.default_rng(8)
    net = Network(
        sizes,
        rng,
        activation=activation,
        output_activation=output_activation,
        cost=cost,
    )
    X = rng.standard_normal((sizes[0], 7))
    Y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], 7)]
    nabla_b, nabla_w = net.backprop(X, Y)
    tensor_b, tensor_w = network_gradients(net, X, Y)
    for expected, got in zip(nabla_b + nabla_w, tensor_b + tensor_w):
        assert got.shape == expected.shape
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10)
    C, _, _ = network_cost(net, X, Y)
    assert float(C.data) == pytest.approx(net.cost(X, Y), rel=1e-12)


@pytest.mark.parametrize("activation, output_activation, cost", NETWORK_CASES)
def test_tensor_gradients_equal_finite_differences(activation, output_activation, cost):
    rng = np.random.default_rng(9)
    net = Network(
        [3, 4, 2],
        rng,
        activation=activation,
        output_activation=output_activation,
        cost=cost,
    )
    X = rng.standard_normal((3, 5))
    Y = np.eye(2)[:, rng.integers(0, 2, 5)]
    for layer in check_network(
        net, X, Y, backprop=lambda X, Y: network_gradients(net, X, Y)
    ):
        assert layer.worst < 1e-7


# ---- errors --------------------------------------------------------------------------
def test_backward_needs_a_scalar():
    with pytest.raises(ValueError, match=r"scalar.*shape \(2, 3\)"):
        Tensor(np.ones((2, 3))).backward()


def test_matmul_names_both_shapes():
    with pytest.raises(ValueError, match=r"W \(2, 3\) and A \(4, 5\)"):
        Tensor(np.ones((2, 3))) @ Tensor(np.ones((4, 5)))
    with pytest.raises(ValueError, match=r"2-D.*W \(3,\)"):
        Tensor(np.ones(3)) @ Tensor(np.ones((3, 1)))


@pytest.mark.parametrize(
    "op", [lambda x, y: x + y, lambda x, y: x - y, lambda x, y: x * y]
)
def test_incompatible_broadcast_names_both_shapes(op):
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(4,\)"):
        op(Tensor(np.ones((2, 3))), Tensor(np.ones(4)))


def test_unsupported_operands_and_exponents_raise_type_errors():
    x = Tensor([1.0])
    with pytest.raises(TypeError, match="got str"):
        x + "a"
    with pytest.raises(TypeError, match="plain number"):
        x ** Tensor([2.0])
    with pytest.raises(TypeError, match="numeric array"):
        Tensor("abc")


def test_bad_values_raise_value_errors():
    with pytest.raises(ValueError, match="NaN or infinite"):
        Tensor([1.0, np.nan])
    with pytest.raises(ValueError, match=r"log needs every entry > 0"):
        Tensor([1.0, 0.0]).log()
    with pytest.raises(ValueError, match="negative"):
        Tensor([-1.0]) ** 0.5


def test_softmax_cross_entropy_checks_its_targets():
    z = Tensor(np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"logits \(3, 2\) and Y \(2, 3\)"):
        z.softmax_cross_entropy(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="probability distribution per column"):
        z.softmax_cross_entropy(np.full((3, 2), 2 / 3))
    with pytest.raises(ValueError, match=r"shape \(n, m\)"):
        Tensor(np.zeros(3)).softmax_cross_entropy(np.array([1.0, 0.0, 0.0]))


def test_network_cost_rejects_bad_shapes():
    rng = np.random.default_rng(10)
    net = Network([2, 3, 2], rng)
    with pytest.raises(ValueError, match="X must have 2 rows"):
        network_cost(net, np.zeros((3, 1)), np.zeros((2, 1)))


def test_no_warning_on_overflow():
    for f in (Tensor.exp, Tensor.sigmoid, Tensor.tanh):
        x = Tensor([1000.0, -1000.0])
        f(x).sum().backward()
    assert np.isinf(Tensor([1000.0]).exp().data[0])


def test_a_dropped_graph_leaves_no_reference_cycles_for_the_garbage_collector():
    import gc
    rng = np.random.default_rng(11)
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            w, b = (
                Tensor(rng.standard_normal((4, 3))),
                Tensor(rng.standard_normal((4, 1))),
            )
            C = (
                (w @ rng.standard_normal((3, 5)) + b).tanh() * 2.0
            ).T.softmax_cross_entropy(np.eye(5)[:, :4])
            C.backward()
            del w, b, C
        assert gc.collect() == 0
    finally:
        gc.enable()


@pytest.mark.parametrize("n, m", [(3, 5), (2, 1), (4, 4)])
def test_softmax_matches_finite_differences(n, m):
    z = 2 * np.random.default_rng(12).standard_normal((n, m))
    check_gradients(lambda t: wsum(t.softmax()), z)


@pytest.mark.parametrize("n, m", [(3, 5), (1, 1), (2, 4)])
def test_sigmoid_cross_entropy_matches_cross_entropy_cost_and_finite_differences(n, m):
    rng = np.random.default_rng(13)
    z, Y = 3 * rng.standard_normal((n, m)), rng.uniform(size=(n, m))
    C = Tensor(z).sigmoid_cross_entropy(Y)
    assert float(C.data) == pytest.approx(cross_entropy_cost(sigmoid(z), Y, z=z),
                                          rel=1e-12)
    check_gradients(lambda t: t.sigmoid_cross_entropy(Y), z)


def test_tensor_records_parents_and_op_and_walks_the_graph_of_value():
    x = Tensor([[1.0, -2.0]])
    h = x * 2.0
    y = h.tanh()
    assert y.op == "tanh" and y.parents == (h,) and h.parents[0] is x
    assert x.parents == () and x.op == ""
    order = topological_order(y)
    assert order[-1] is y and order.index(x) < order.index(h) < order.index(y)
