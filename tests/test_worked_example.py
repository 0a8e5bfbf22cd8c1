"""Tests of bpcode.worked_example against the published numbers and Network.backprop."""

import numpy as np
import pytest

from bpcode import worked_example as wx

# The values printed in the original step-by-step post (Mazur 2015), as printed there:
# most to nine decimals, a few to eight or fewer. Each is checked to half a unit of its
# last printed digit.
PUBLISHED = {
    "net_h1": "0.3775",
    "out_h1": "0.593269992",
    "out_h2": "0.596884378",
    "net_o1": "1.105905967",
    "out_o1": "0.75136507",
    "out_o2": "0.772928465",
    "E_o1": "0.274811083",
    "E_o2": "0.023560026",
    "E_total": "0.298371109",
    "dE_dout_o1": "0.74136507",
    "dout_o1_dnet_o1": "0.186815602",
    "dnet_o1_dw5": "0.593269992",
    "dE_dw5": "0.082167041",
    "delta_o1": "0.138498562",
    "w5_new": "0.35891648",
    "w6_new": "0.408666186",
    "w7_new": "0.511301270",
    "w8_new": "0.561370121",
    "dE_o1_dout_h1": "0.055399425",
    "dE_dout_h1": "0.036350306",
    "dout_h1_dnet_h1": "0.241300709",
    "dnet_h1_dw1": "0.05",
    "dE_dw1": "0.000438568",
    "w1_new": "0.149780716",
    "w2_new": "0.19956143",
    "w3_new": "0.24975114",
    "w4_new": "0.29950229",
}


@pytest.fixture(scope="module")
def step():
    return wx.hand_step()


@pytest.mark.parametrize("name", list(PUBLISHED))
def test_hand_step_reproduces_the_published_value_to_its_printed_digits(step, name):
    printed = PUBLISHED[name]
    decimals = len(printed.split(".")[1])
    assert abs(step[name] - float(printed)) <= 0.5 * 10.0**-decimals + 1e-15, (
        f"{name} = {step[name]:.12f}"
    )


def test_the_intermediates_come_in_the_order_of_the_computation(step):
    keys = list(step)
    assert keys[:11] == [
        "net_h1",
        "out_h1",
        "net_h2",
        "out_h2",
        "net_o1",
        "out_o1",
        "net_o2",
        "out_o2",
        "E_o1",
        "E_o2",
        "E_total",
    ]
    assert keys.index("dE_dw5") < keys.index("dE_dw1") < keys.index("w1_new")
    assert [k for k in keys if k.endswith("_new")] == [
        f"w{k}_new" for k in range(1, 9)
    ] + ["b1_new", "b2_new"]


def test_biases_are_not_updated_by_default_and_are_when_asked(step):
    assert step["b1_new"] == 0.35 and step["b2_new"] == 0.60
    trained = wx.hand_step(update_biases=True)
    assert trained["b1_new"] == pytest.approx(
        0.35 - 0.5 * (trained["delta_h1"] + trained["delta_h2"])
    )
    assert trained["b2_new"] == pytest.approx(
        0.60 - 0.5 * (trained["delta_o1"] + trained["delta_o2"])
    )
    assert [trained[f"w{k}_new"] for k in range(1, 9)] == [
        step[f"w{k}_new"] for k in range(1, 9)
    ]


def test_network_backprop_gives_the_same_gradients_as_the_hand_computation(step):
    net = wx.network()
    X, Y = wx.example_batch()
    nabla_b, nabla_w = net.backprop(X, Y)
    hand_w = [
        np.array([[step["dE_dw1"], step["dE_dw2"]], [step["dE_dw3"], step["dE_dw4"]]]),
        np.array([[step["dE_dw5"], step["dE_dw6"]], [step["dE_dw7"], step["dE_dw8"]]]),
    ]
    for i in range(2):
        np.testing.assert_allclose(nabla_w[i], hand_w[i], rtol=1e-13)
    # A shared bias collects the gradients of every neuron that uses it.
    assert float(np.sum(nabla_b[0])) == pytest.approx(step["dE_db1"], rel=1e-13)
    assert float(np.sum(nabla_b[1])) == pytest.approx(step["dE_db2"], rel=1e-13)
    assert net.cost(X, Y) == pytest.approx(step["E_total"], rel=1e-14)


def test_network_parameters_follow_the_books_layout():
    weights, biases = wx.network_parameters()
    np.testing.assert_array_equal(weights[0], [[0.15, 0.20], [0.25, 0.30]])
    np.testing.assert_array_equal(weights[1], [[0.40, 0.45], [0.50, 0.55]])
    np.testing.assert_array_equal(biases[0], [[0.35], [0.35]])
    np.testing.assert_array_equal(biases[1], [[0.60], [0.60]])


def test_one_step_lowers_the_error_to_its_correct_value():
    errors, params = wx.train(1)
    assert errors[0] == pytest.approx(0.298371109, abs=5e-10)
    assert errors[1] == pytest.approx(
        0.291027774, abs=5e-10
    )  # computed here, not published
    assert params["w5"] == wx.hand_step()["w5_new"]


def test_the_updated_weights_bug_changes_hidden_gradients_only():
    right, wrong = wx.hand_step(), wx.hand_step(use_updated_output_weights=True)
    for k in (5, 6, 7, 8):
        assert wrong[f"dE_dw{k}"] == right[f"dE_dw{k}"]
    for k in (1, 2, 3, 4):
        assert abs(wrong[f"dE_dw{k}"] - right[f"dE_dw{k}"]) > 1e-5
    assert wrong["w1_new"] == pytest.approx(0.149817639, abs=5e-10)


def test_the_posts_multi_step_numbers_and_where_they_come_from():
    # The post's error after one step and its outputs after 10,000 steps are those of
    # the updated-weights variant; its error "after 10,000 steps" is the correct run's
    # after 9,999.
    buggy_errors, buggy = wx.train(10_000, use_updated_output_weights=True)
    assert buggy_errors[1] == pytest.approx(0.291027924, abs=5e-10)
    out = wx.forward(buggy)
    assert out["out_o1"] == pytest.approx(0.015912196, abs=5e-10)
    assert out["out_o2"] == pytest.approx(0.984065734, abs=5e-10)
    errors, _ = wx.train(10_000)
    assert errors[9_999] == pytest.approx(0.0000351085, abs=5e-11)
    assert errors[10_000] < errors[9_999]


def test_hand_training_matches_network_training_with_frozen_biases():
    from bpcode.training import update_mini_batch
    errors, params = wx.train(5)
    net = wx.network()
    X, Y = wx.example_batch()
    for _ in range(5):
        biases = [b.copy() for b in net.biases]
        update_mini_batch(net, X, Y, eta=wx.LEARNING_RATE)
        net.biases = biases  # the example keeps biases fixed
    weights, _ = wx.network_parameters(params)
    for i in range(2):
        np.testing.assert_allclose(net.weights[i], weights[i], rtol=1e-13)
    assert net.cost(X, Y) == pytest.approx(errors[-1], rel=1e-12)


@pytest.mark.parametrize("params,error,message", [
    ({"w1": 0.1}, ValueError, "params must be a dict with exactly the keys"),
    ([0.1] * 10, ValueError, "params must be a dict"),
    (dict(wx.START, w3="x"), TypeError, r"params\['w3'\] must be a real number"),
    (dict(wx.START, b2=float("nan")), ValueError, r"params\['b2'\] must be finite"),
])
def test_bad_parameters_are_rejected_by_name(params, error, message):
    with pytest.raises(error, match=message):
        wx.hand_step(params)


def test_bad_step_counts_and_learning_rates_are_rejected():
    with pytest.raises(ValueError, match="steps must be a positive integer"):
        wx.train(0)
    with pytest.raises(ValueError, match="eta must be a finite number >= 0"):
        wx.hand_step(eta=-1.0)


def test_the_scalar_sigmoid_is_the_librarys():
    from bpcode.activations import sigmoid
    for x in (-800.0, -3.0, 0.0, 0.3775, 5.0, 800.0):
        assert wx._sigmoid(x) == pytest.approx(float(sigmoid(x)), rel=1e-15, abs=1e-300)
