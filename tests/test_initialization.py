"""Tests of bpcode.initialization: each scheme's variance, its draws, what it keeps.

The variances are checked statistically. A sample variance s² of N independent draws
from N(0, σ²) has mean σ² and standard deviation σ² √(2 / (N − 1)), and a sample mean
has standard deviation σ / √N; each check allows five of those standard deviations
(with a fixed seed the test is deterministic, and with a fresh seed it would fail about
once in two million runs).
"""

import numpy as np
import pytest

from bpcode.initialization import (ALIASES, INITIALIZATIONS, SCHEMES, get_scheme,
                                   glorot_std, he_std, lecun_std, normal_std,
                                   relu_error_mean_squares, relu_z_mean_squares,
                                   weight_std)
from bpcode.network import Network

#: The variance each scheme promises, written out from the papers, independently of
#: bpcode's code: Var w as a function of the fan-in and the fan-out.
VARIANCE = {
    "normal": lambda n_in, n_out: 1.0,
    "lecun": lambda n_in, n_out: 1.0 / n_in,
    "scaled": lambda n_in, n_out: 1.0 / n_in,
    "glorot": lambda n_in, n_out: 2.0 / (n_in + n_out),
    "he": lambda n_in, n_out: 2.0 / n_in,
}

FANS = [(1, 1), (3, 7), (64, 30), (30, 10), (784, 100)]


def test_every_name_network_accepts_has_a_variance_here():
    assert set(INITIALIZATIONS) == set(VARIANCE) == set(SCHEMES) | set(ALIASES)


@pytest.mark.parametrize("n_in,n_out", FANS)
@pytest.mark.parametrize("function,init", [(normal_std, "normal"), (lecun_std, "lecun"),
                                           (glorot_std, "glorot"), (he_std, "he")])
def test_each_scheme_gives_the_square_root_of_its_variance(function, init, n_in, n_out):
    expected = np.sqrt(VARIANCE[init](n_in, n_out))
    assert function(n_in, n_out) == pytest.approx(expected, rel=1e-15)
    assert weight_std(init, n_in, n_out) == function(n_in, n_out)


def test_scaled_is_lecuns_rule():
    assert ALIASES == {"scaled": "lecun"}
    assert get_scheme("scaled") is get_scheme("lecun")
    a = Network([5, 4, 3], np.random.default_rng(0), init="scaled")
    b = Network([5, 4, 3], np.random.default_rng(0), init="lecun")
    for x, y in zip(a.weights + a.biases, b.weights + b.biases):
        assert np.array_equal(x, y)


def within_five_standard_errors(sample, variance):
    n = sample.size
    assert abs(np.mean(sample)) < 5 * np.sqrt(variance / n)
    assert abs(np.var(sample) - variance) < 5 * variance * np.sqrt(2 / (n - 1))


@pytest.mark.parametrize("init", INITIALIZATIONS)
@pytest.mark.parametrize("sizes", [[400, 300], [50, 200, 100, 10]])
def test_drawn_weights_have_the_schemes_variance_and_biases_are_standard_normal(
        init, sizes):
    net = Network(sizes, np.random.default_rng(sum(map(ord, init))), init=init)
    for w, n_in, n_out in zip(net.weights, sizes[:-1], sizes[1:]):
        assert w.shape == (n_out, n_in)
        within_five_standard_errors(w, VARIANCE[init](n_in, n_out))
    within_five_standard_errors(np.concatenate(net.biases), 1.0)


@pytest.mark.parametrize("init", ["normal", "scaled"])
def test_normal_and_scaled_draw_the_same_numbers_as_before_the_schemes_existed(init):
    # The chapters' stored outputs depend on these exact draws: all biases first, then
    # the weights, each N(0, 1) draw multiplied by 1 or by 1/√n_in.
    sizes = [6, 5, 4, 3]
    net = Network(sizes, np.random.default_rng(42), init=init)
    rng = np.random.default_rng(42)
    biases = [rng.standard_normal((n, 1)) for n in sizes[1:]]
    weights = [rng.standard_normal((n_out, n_in)) * (1.0 if init == "normal"
                                                    else 1.0 / np.sqrt(n_in))
               for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    for x, y in zip(net.weights + net.biases, weights + biases):
        assert np.array_equal(x, y)


def test_schemes_differ_only_in_the_scale_of_the_same_draws():
    # The same seed gives the same standard normal numbers, so He's weights are LeCun's
    # times √2, and the biases are the same: a controlled comparison.
    sizes = [64, 30, 30, 10]
    lecun = Network(sizes, np.random.default_rng(5), init="lecun")
    he = Network(sizes, np.random.default_rng(5), init="he")
    for w_l, w_h, b_l, b_h in zip(lecun.weights, he.weights, lecun.biases, he.biases):
        np.testing.assert_allclose(w_h, np.sqrt(2) * w_l, rtol=1e-15)
        assert np.array_equal(b_l, b_h)


def mean_square_of_z_by_layer(init, depth=8, width=200, m=500, zero_biases=True,
                              seed=0):
    """E[(zˡ)²] per layer of a ReLU network, over its neurons and m N(0, 1) inputs."""
    sizes = [width] * (depth + 1)
    net = Network(sizes, np.random.default_rng(seed), activation="relu",
                  output_activation="identity", init=init)
    if zero_biases:
        net.biases = [np.zeros_like(b) for b in net.biases]
    X = np.random.default_rng(seed + 1).standard_normal((width, m))
    zs, _ = net.forward(X)
    return np.array([np.mean(z ** 2) for z in zs])


def test_the_predicted_sizes_follow_their_recursions_exactly():
    # q² = n¹ Var w² E[x²] + Var b, qˡ⁺¹ = nˡ Var wˡ⁺¹ qˡ / 2 + Var b, by hand:
    sizes = [4, 3, 3, 2]
    q = relu_z_mean_squares(sizes, "he", input_mean_square=0.5, bias_variance=1.0)
    np.testing.assert_allclose(q, [4 * (2 / 4) * 0.5 + 1, 2.0 + 1, 3.0 + 1], rtol=1e-15)
    q = relu_z_mean_squares(sizes, "lecun", input_mean_square=0.5, bias_variance=0.0)
    np.testing.assert_allclose(q, [0.5, 0.25, 0.125], rtol=1e-15)
    # rᴸ = 1, rˡ = nˡ⁺¹ Var wˡ⁺¹ rˡ⁺¹ / 2: layer 3 from w⁴ (2 × 3), layer 2 from w³
    r = relu_error_mean_squares(sizes, "lecun")
    np.testing.assert_allclose(r, [3 * (1 / 3) / 2 * 2 * (1 / 3) / 2, 2 * (1 / 3) / 2,
                                   1.0], rtol=1e-15)
    r = relu_error_mean_squares(Network(sizes, np.random.default_rng(0)), "he")
    np.testing.assert_allclose(r, [2 / 3, 2 / 3, 1.0], rtol=1e-15)


def test_he_keeps_the_mean_square_of_z_through_relu_layers_and_lecun_halves_it():
    # E[(zˡ)²] = n_in Var w E[(aˡ⁻¹)²] and, for a ReLU, E[a²] = E[z²] / 2: He's
    # 2/n_in keeps E[z²], LeCun's 1/n_in halves it at every layer after the first.
    predicted = {init: relu_z_mean_squares([200] * 9, init, 1.0, bias_variance=0.0)
                 for init in ("he", "lecun")}
    np.testing.assert_allclose(predicted["he"], 2.0, rtol=1e-14)  # n (2/n) E[x²]
    np.testing.assert_allclose(predicted["lecun"], 0.5 ** np.arange(8), rtol=1e-14)
    for init in ("he", "lecun"):
        np.testing.assert_allclose(mean_square_of_z_by_layer(init), predicted[init],
                                   rtol=0.25)


def test_with_unit_biases_each_layer_adds_the_bias_variance():
    # With Var b = 1 and E[x²] = 1 for the inputs: He's E[z²] is 3 in the first layer
    # and grows by 1 per layer, LeCun's is 2 and stays at the fixed point q = q/2 + 1.
    # The biases are shared by all examples, so one network is a single draw: average
    # 20 of them.
    for init, expected in (("he", 3.0 + np.arange(5)), ("lecun", np.full(5, 2.0))):
        measured = np.mean([mean_square_of_z_by_layer(init, depth=5, width=100, m=100,
                                                      zero_biases=False, seed=s)
                            for s in range(20)], axis=0)
        predicted = relu_z_mean_squares([100] * 6, init, 1.0, bias_variance=1.0)
        np.testing.assert_allclose(predicted, expected, rtol=1e-14)
        np.testing.assert_allclose(measured, predicted, rtol=0.2)


@pytest.mark.parametrize("init", ["lecun", "glorot", "he"])
def test_the_measured_errors_of_a_relu_network_shrink_as_predicted(init):
    # E[(δˡ)²] from BP2 on a random network, over its neurons, 400 examples and five
    # networks, against relu_error_mean_squares; widths change so the schemes differ.
    sizes = [50, 120, 80, 120, 60, 40]
    ratios = []
    for seed in range(5):
        rng = np.random.default_rng(seed)
        net = Network(sizes, rng, activation="relu", output_activation="identity",
                      init=init)
        X = rng.standard_normal((50, 400))
        zs, acts = net.forward(X)
        deltas = net.errors(zs, acts, acts[-1] - rng.standard_normal((40, 400)))
        ms = np.array([np.mean(d ** 2) for d in deltas])
        ratios.append(ms / ms[-1])
    measured = np.exp(np.mean(np.log(ratios), axis=0))      # geometric mean
    np.testing.assert_allclose(measured, relu_error_mean_squares(sizes, init),
                               rtol=0.25)


@pytest.mark.parametrize("call,error,message", [
    (lambda: get_scheme("xavier"), ValueError, "unknown init 'xavier'; expected one"),
    (lambda: weight_std("He", 3, 3), ValueError, "unknown init 'He'"),
    (lambda: he_std(0, 3), ValueError, "n_in must be a positive integer"),
    (lambda: lecun_std(3, -1), ValueError, "n_out must be a positive integer"),
    (lambda: glorot_std(2.5, 3), TypeError, "n_in must be a positive integer"),
    (lambda: normal_std(3, True), TypeError, "n_out must be a positive integer"),
    (lambda: Network([3, 2], np.random.default_rng(0), init="kaiming"), ValueError,
     "init"),
    (lambda: relu_z_mean_squares([3, 2], "he", -1.0), ValueError,
     "input_mean_square must be a finite number >= 0"),
    (lambda: relu_z_mean_squares([3, 2], "he", 1.0, np.nan), ValueError,
     "bias_variance must be a finite number >= 0"),
    (lambda: relu_error_mean_squares([3], "he"), ValueError, "sizes needs at least"),
    (lambda: relu_error_mean_squares([3, 2], "relu"), ValueError, "unknown init"),
])
def test_bad_scheme_names_and_sizes_are_refused_by_name(call, error, message):
    with pytest.raises(error, match=message):
        call()
