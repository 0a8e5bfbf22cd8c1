"""Tests of bpcode.autodiff.value.Value: every operation against central differences,
reused nodes and diamonds, the classic total-vs-partial example, deep and wide graphs,
the backward-twice rule and the error messages."""

import math
import re

import numpy as np
import pytest
from conftest import central_difference

from bpcode.autodiff.value import Value, topological_order



def grad_of(f, *xs):
    """The gradient of f at the floats xs, by Value.backward."""
    leaves = [Value(x) for x in xs]
    out = f(*leaves)
    out.backward()
    return out.data, [leaf.grad for leaf in leaves]


# (name, function of Values, same function of floats, points)
UNARY = [
    ("neg", lambda x: -x, lambda x: -x, [-2.0, 0.3, 4.0]),
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
    ("square", lambda x: x**2, lambda x: x**2, [-3.0, 0.5, 2.0]),
    ("cube", lambda x: x**3, lambda x: x**3, [-1.2, 0.4, 2.0]),
    ("sqrt", lambda x: x**0.5, math.sqrt, [0.2, 1.0, 9.0]),
    ("reciprocal", lambda x: x**-1, lambda x: 1 / x, [-2.0, 0.5, 3.0]),
    ("power zero", lambda x: x**0, lambda x: 1.0, [-2.0, 0.0, 3.0]),
    ("add number", lambda x: x + 2.5, lambda x: x + 2.5, [-1.0, 2.0]),
    ("number add", lambda x: 2.5 + x, lambda x: 2.5 + x, [-1.0, 2.0]),
    ("sub number", lambda x: x - 4, lambda x: x - 4, [-1.0, 2.0]),
    ("number sub", lambda x: 4 - x, lambda x: 4 - x, [-1.0, 2.0]),
    ("mul number", lambda x: x * 3, lambda x: x * 3, [-1.0, 2.0]),
    ("number mul", lambda x: 3 * x, lambda x: 3 * x, [-1.0, 2.0]),
    ("div number", lambda x: x / 4, lambda x: x / 4, [-1.0, 2.0]),
    ("number div", lambda x: 4 / x, lambda x: 4 / x, [-1.0, 2.0, 0.3]),
]

BINARY = [
    ("add", lambda a, b: a + b, [(1.0, 2.0), (-3.0, 0.5)]),
    ("sub", lambda a, b: a - b, [(1.0, 2.0), (-3.0, 0.5)]),
    ("mul", lambda a, b: a * b, [(1.5, -2.0), (0.0, 4.0)]),
    ("div", lambda a, b: a / b, [(1.5, -2.0), (3.0, 0.25)]),
]


@pytest.mark.parametrize(
    "name, f_value, f_float, points", UNARY, ids=[u[0] for u in UNARY]
)
def test_every_unary_operation_matches_its_value_and_finite_differences(
    name, f_value, f_float, points
):
    for x in points:
        data, (grad,) = grad_of(f_value, x)
        assert data == pytest.approx(f_float(x), rel=1e-12, abs=1e-12)
        assert grad == pytest.approx(central_difference(f_float, x), rel=1e-6, abs=1e-8)


@pytest.mark.parametrize("name, f, points", BINARY, ids=[b[0] for b in BINARY])
def test_every_binary_operation_matches_finite_differences_in_each_argument(
    name, f, points
):
    for a, b in points:
        data, (ga, gb) = grad_of(f, a, b)
        assert data == pytest.approx(f(a, b))
        assert ga == pytest.approx(
            central_difference(lambda t: f(t, b), a), rel=1e-6, abs=1e-8
        )
        assert gb == pytest.approx(
            central_difference(lambda t: f(a, t), b), rel=1e-6, abs=1e-8
        )


def test_a_node_used_twice_collects_both_paths():
    a = Value(3.0)
    y = a + a                       # dy/da = 2, not 1
    y.backward()
    assert a.grad == 2.0
    b = Value(3.0)
    z = b * b                       # dz/db = 2b
    z.backward()
    assert b.grad == 6.0


def test_a_diamond_sums_the_gradients_of_both_branches():
    # x feeds two branches that meet again: y = tanh(x)·eˣ + tanh(x)
    def f(x):
        t = x.tanh() if isinstance(x, Value) else math.tanh(x)
        e = x.exp() if isinstance(x, Value) else math.exp(x)
        return t * e + t

    for x0 in (-0.8, 0.1, 1.3):
        _, (g,) = grad_of(f, x0)
        assert g == pytest.approx(central_difference(f, x0), rel=1e-7)


def test_classic_total_versus_partial_derivatives():
    a = Value(1.7)
    b1 = 2 * a
    b2 = 3 * a + b1
    c = 4 * b1 + 5 * b2
    c.backward()
    assert a.grad == 33.0           # 4·2 + 5·(3 + 2)
    assert b1.grad == 9.0           # total: 4 directly, 5 more through b2
    assert b2.grad == 5.0
    # the partial ∂c/∂b1 (b2 held fixed) is the local derivative on the edge b1 → c:
    assert c.parents[0].parents[1] is b1 and c.parents[0].local_grads[1] == 4.0


def test_a_mixed_expression_agrees_with_finite_differences_in_every_input():
    def f(x, y, z):
        h = (x * y + z**2).relu() if isinstance(x, Value) else max(0.0, x * y + z**2)
        return h * x - y / (1 + h)

    point = (0.7, -1.2, 0.9)
    _, grads = grad_of(f, *point)
    for i in range(3):
        def fi(t, i=i):
            p = list(point)
            p[i] = t
            return f(*p)
        assert grads[i] == pytest.approx(central_difference(fi, point[i]), rel=1e-7)


def test_a_chain_of_100000_operations_backpropagates_without_recursion_error():
    x = Value(0.5)
    y = x
    for _ in range(100_000):
        y = y * 1.00001
    y.backward()
    assert x.grad == pytest.approx(1.00001 ** 100_000, rel=1e-9)


def test_a_wide_graph_of_10000_nodes_gets_every_gradient():
    rng = np.random.default_rng(0)
    xs = [Value(float(v)) for v in rng.standard_normal(10_000)]
    shared = Value(2.0)
    total = Value(0.0)
    for x in xs:
        total = total + x * x * shared         # d/dx = 2x·shared, d/dshared = Σ x²
    total.backward()
    assert all(x.grad == pytest.approx(4.0 * x.data) for x in xs)
    assert shared.grad == pytest.approx(sum(x.data ** 2 for x in xs))


def test_a_wide_shallow_graph_of_10000_leaves_summed_as_a_tree_gets_every_gradient():
    rng = np.random.default_rng(1)
    xs = [Value(float(v)) for v in rng.standard_normal(10_000)]
    shared = Value(-0.5)
    level = [x.tanh() * shared for x in xs]        # 10,000 nodes side by side
    while len(level) > 1:                          # pairwise sums: depth about 14
        pairs = [level[i] + level[i + 1] for i in range(0, len(level) - 1, 2)]
        level = pairs + ([level[-1]] if len(level) % 2 else [])
    total = level[0]
    total.backward()
    assert len(topological_order(total)) == 1 + 2 * 10_000 + 10_000 + 9_999
    assert all(
        x.grad == pytest.approx(-0.5 * (1 - math.tanh(x.data) ** 2), rel=1e-12)
        for x in xs
    )
    assert shared.grad == pytest.approx(sum(math.tanh(x.data) for x in xs), rel=1e-9)


def test_topological_order_puts_every_node_after_its_parents():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    assert order[-1] is e and len(order) == 5
    position = {id(v): i for i, v in enumerate(order)}
    for node in order:
        for p in node.parents:
            assert position[id(p)] < position[id(node)]


def test_backward_twice_without_zero_grad_raises_instead_of_doubling():
    x = Value(2.0)
    y = x * x
    y.backward()
    with pytest.raises(RuntimeError, match="zero_grad"):
        y.backward()
    assert x.grad == 4.0                        # untouched by the refused call


def test_zero_grad_clears_the_whole_graph_and_backward_gives_the_same_result():
    x = Value(2.0)
    y = (x * x).tanh() + x
    y.backward()
    first = x.grad
    y.zero_grad()
    assert all(node.grad == 0.0 for node in topological_order(y))
    y.backward()
    assert x.grad == first


def test_backward_with_accumulate_adds_gradients_of_two_costs():
    w = Value(1.5)
    c1, c2 = w * w, 3 * w
    c1.backward()
    c2.backward(accumulate=True)
    assert w.grad == 2 * 1.5 + 3


def test_backward_with_accumulate_on_the_same_graph_adds_exactly_once():
    # z = 2x², dz/dx = 4x = 12: a second pass with accumulate=True must give 24, not 48
    # (a stale gradient at the intermediate y would be passed on again).
    x = Value(3.0)
    y = x * x
    z = y * 2.0
    z.backward()
    z.backward(accumulate=True)
    assert x.grad == 24.0
    w = Value(1.5)
    h = w * w                      # shared by two costs
    c1, c2 = h * 2.0, h * 3.0
    c1.backward()
    c2.backward(accumulate=True)
    assert w.grad == (2.0 + 3.0) * 2 * 1.5


def test_repr_is_readable():
    assert repr(Value(2)) == "Value(data=2, grad=0)"
    y = Value(2.0) * 3
    y.backward()
    assert repr(y) == "Value(data=6, grad=1, op='*')"


def test_data_is_stored_as_float():
    assert type(Value(3).data) is float and type(Value(np.float32(0.5)).data) is float


def test_bad_data_raises_type_error():
    for bad in ("1.0", None, [1.0], True, 1 + 2j):
        with pytest.raises(TypeError, match="data must be a real number"):
            Value(bad)


def test_unsupported_operand_types_raise_type_error_naming_the_operation():
    x = Value(1.0)
    for op, call in [
        ("+", lambda: x + "a"),
        ("*", lambda: x * [1.0]),
        ("-", lambda: "a" - x),
        ("/", lambda: x / None),
    ]:
        with pytest.raises(
            TypeError, match=re.escape(f"unsupported operand for {op}: Value and")
        ):
            call()


def test_log_of_a_non_positive_number_raises_value_error():
    for bad in (0.0, -1.0):
        with pytest.raises(ValueError, match="log needs a positive number"):
            Value(bad).log()


def test_non_scalar_exponent_raises_type_error():
    with pytest.raises(
        TypeError, match="exponent of Value \\*\\* p must be a real number"
    ):
        Value(2.0) ** Value(3.0)
    with pytest.raises(TypeError, match="exponent"):
        Value(2.0) ** np.array([1.0, 2.0])
    with pytest.raises(TypeError, match="plain-number power"):
        2 ** Value(3.0)


def test_powers_without_a_real_derivative_raise_value_error():
    with pytest.raises(ValueError, match="non-integer power"):
        Value(-2.0) ** 0.5
    with pytest.raises(ValueError, match="no finite derivative"):
        Value(0.0) ** 0.5
    with pytest.raises(ValueError, match="no finite derivative"):
        Value(0.0) ** -1


def test_division_by_zero_raises_zero_division_error():
    with pytest.raises(ZeroDivisionError, match="division by a Value whose data is 0"):
        Value(1.0) / 0


def test_exp_overflow_raises_a_clear_error():
    with pytest.raises(OverflowError, match="larger than the largest float"):
        Value(1000.0).exp()


def test_sigmoid_is_stable_for_huge_inputs():
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0


def test_topological_order_rejects_non_values():
    with pytest.raises(TypeError, match="root must be a node of a graph"):
        topological_order(3.0)


def test_count_alive_sees_a_graph_freed_by_reference_counting_alone():
    import gc

    from bpcode.autodiff.graph import count_alive

    gc.collect()
    gc.disable()
    try:
        before = count_alive(Value)
        y = Value(0.5)
        for _ in range(100):
            y = (y * 0.9).tanh()
        y.backward()
        # the leaf, and 100 times a constant 0.9, its product and its tanh
        assert count_alive(Value) - before == 1 + 3 * 100
        del y
        assert count_alive(Value) == before          # no cycle: all freed at once
    finally:
        gc.enable()


def test_count_alive_needs_a_class():
    from bpcode.autodiff.graph import count_alive

    with pytest.raises(TypeError, match="node_type"):
        count_alive("Value")
