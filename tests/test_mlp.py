"""Tests of bpcode.autodiff.mlp: the Value network's outputs and gradients against the
matrix Network, against finite differences, and a training step that lowers the cost."""

import numpy as np
import pytest

from bpcode.autodiff.mlp import (
    MLP,
    Layer,
    Neuron,
    gradient_descent_step,
    quadratic_cost_graph,
)
from bpcode.autodiff.value import Value
from bpcode.network import Network


def small_problem(sizes, seed=0, m=4):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((sizes[0], m))
    Y = rng.uniform(-0.9, 0.9, (sizes[-1], m))
    return X, Y


def test_a_neuron_computes_sigma_of_w_dot_x_plus_b():
    n = Neuron(3, np.random.default_rng(0), activation="tanh")
    x = [0.5, -1.0, 2.0]
    z = sum(w.data * xk for w, xk in zip(n.w, x)) + n.b.data
    assert n(x).data == pytest.approx(np.tanh(z), rel=1e-15)
    assert len(n.parameters()) == 4
    assert n.parameters()[-1] is n.b


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "identity"])
def test_layer_and_mlp_shapes_and_parameter_counts(activation):
    rng = np.random.default_rng(1)
    layer = Layer(3, 4, rng, activation)
    assert len(layer([1.0, 2.0, 3.0])) == 4 and len(layer.parameters()) == 16
    model = MLP([2, 5, 3, 1], rng, activation=activation)
    assert len(model([0.1, 0.2])) == 1
    assert len(model.parameters()) == (2 * 5 + 5) + (5 * 3 + 3) + (3 * 1 + 1)


@pytest.mark.parametrize(
    "activation, output_activation",
    [("tanh", "tanh"), ("sigmoid", "sigmoid"), ("relu", "identity")],
)
def test_outputs_and_gradients_equal_the_matrix_networks(activation, output_activation):
    sizes = [3, 4, 2]
    model = MLP(sizes, np.random.default_rng(2), activation, output_activation)
    X, Y = small_problem(sizes, seed=3)
    weights, biases = model.to_arrays()
    net = Network.from_parameters(weights, biases, activation=activation,
                                  output_activation=output_activation, cost="quadratic")
    outputs = np.array([[a.data for a in model(x)] for x in X.T.tolist()]).T
    np.testing.assert_allclose(outputs, net.feedforward(X), rtol=0, atol=1e-14)
    C = quadratic_cost_graph(model, X, Y)
    assert C.data == pytest.approx(net.cost(X, Y), rel=1e-13)
    C.backward()
    nabla_b, nabla_w = net.backprop(X, Y)
    for layer, nw, nb in zip(model.layers, nabla_w, nabla_b):
        got_w = np.array([[w.grad for w in n.w] for n in layer.neurons])
        got_b = np.array([[n.b.grad] for n in layer.neurons])
        np.testing.assert_allclose(got_w, nw, rtol=0, atol=1e-12)
        np.testing.assert_allclose(got_b, nb, rtol=0, atol=1e-12)


@pytest.mark.parametrize("sizes", [[2, 3, 1], [3, 4, 3, 2]])
def test_gradients_equal_central_finite_differences(sizes):
    model = MLP(
        sizes, np.random.default_rng(4), activation="tanh", output_activation="sigmoid"
    )
    X, Y = small_problem(sizes, seed=5)
    model.zero_grad()
    quadratic_cost_graph(model, X, Y).backward()
    eps = 1e-6
    for p in model.parameters():
        saved = p.data
        p.data = saved + eps
        c_plus = quadratic_cost_graph(model, X, Y).data
        p.data = saved - eps
        c_minus = quadratic_cost_graph(model, X, Y).data
        p.data = saved
        assert p.grad == pytest.approx((c_plus - c_minus) / (2 * eps), abs=1e-8)


def test_a_gradient_step_lowers_the_cost_and_zero_grad_allows_the_next():
    sizes = [2, 4, 1]
    model = MLP(sizes, np.random.default_rng(6))
    X, Y = small_problem(sizes, seed=7, m=6)
    costs = [gradient_descent_step(model, X, Y, eta=0.2) for _ in range(5)]
    assert all(later < earlier for earlier, later in zip(costs, costs[1:]))
    assert quadratic_cost_graph(model, X, Y).data < costs[-1]


def test_backward_twice_without_zero_grad_is_refused():
    sizes = [2, 3, 1]
    model = MLP(sizes, np.random.default_rng(8))
    X, Y = small_problem(sizes)
    quadratic_cost_graph(model, X, Y).backward()
    with pytest.raises(RuntimeError, match="zero_grad"):
        quadratic_cost_graph(model, X, Y).backward()
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())
    quadratic_cost_graph(model, X, Y).backward()


def test_inputs_may_be_values():
    model = MLP([2, 3, 1], np.random.default_rng(9))
    x = [Value(0.3), Value(-0.7)]
    model(x)[0].backward()
    assert x[0].grad != 0.0 and x[1].grad != 0.0


def test_bad_arguments_are_named():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="unknown activation 'softmax'"):
        Neuron(2, rng, activation="softmax")
    with pytest.raises(ValueError, match="n_in must be a positive integer"):
        Neuron(0, rng)
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        MLP([2, 1], 0)
    with pytest.raises(ValueError, match="at least two layers"):
        MLP([2], rng)
    model = MLP([2, 3, 1], rng)
    with pytest.raises(ValueError, match="takes 2 inputs, got a list of 3"):
        model([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"X must have 2 rows"):
        quadratic_cost_graph(model, np.zeros((3, 4)), np.zeros((1, 4)))
    with pytest.raises(ValueError, match="eta must be a finite number >= 0"):
        gradient_descent_step(model, np.zeros((2, 4)), np.zeros((1, 4)), eta=-1.0)
