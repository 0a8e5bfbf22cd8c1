"""Tests of bpcode.recurrent: BPTT against finite differences and the Tensor engine."""

import numpy as np
import pytest

from bpcode.gradcheck import numerical_gradient, relative_error
from bpcode.recurrent import (
    PARAMETER_NAMES,
    RNN,
    clip_by_global_norm,
    global_norm,
    hidden_errors,
    output_errors,
    parameter_gradients,
    sequence_cost,
    state_gradients,
    train,
    truncated_hidden_errors,
    unrolled_cost,
)


def make_problem(seed, T, n_in=3, n_hidden=4, n_out=2, m=3, gain=1.2):
    """A random RNN with non-zero biases, and random sequences and targets."""
    rng = np.random.default_rng(seed)
    rnn = RNN(n_in, n_hidden, n_out, rng, recurrent_gain=gain)
    rnn.b_h += 0.3 * rng.standard_normal(rnn.b_h.shape)
    rnn.b_y += 0.3 * rng.standard_normal(rnn.b_y.shape)
    X = rng.standard_normal((T, n_in, m))
    Y = rng.standard_normal((T, n_out, m))
    return rnn, X, Y


def truncated_surrogate_cost(rnn, X, Y, hs_fixed, k):
    """The definition of truncated BPTT, directly: Σₜ Cₜ with term t restarted from a
    constant hₜ₋ₖ (taken from ``hs_fixed``, the states of the unperturbed network)."""
    T, m = X.shape[0], X.shape[2]
    total = 0.0
    for t in range(1, T + 1):
        start = max(t - k, 0)
        h = hs_fixed[start]
        for s in range(start + 1, t + 1):
            h = np.tanh(rnn.W_hh @ h + rnn.W_xh @ X[s - 1] + rnn.b_h)
        y = rnn.W_hy @ h + rnn.b_y
        total += 0.5 * np.sum((y - Y[t - 1]) ** 2)
    return total / (T * m)


# ---- forward -------------------------------------------------------------------------
def test_forward_returns_every_hidden_state_with_h0_first():
    rnn, X, _ = make_problem(0, T=5)
    zs, hs, ys = rnn.forward(X)
    assert zs.shape == (5, 4, 3) and hs.shape == (6, 4, 3) and ys.shape == (5, 2, 3)
    assert np.all(hs[0] == 0)
    h = np.zeros((4, 3))
    for t in range(1, 6):      # the recurrence, one step at a time
        h = np.tanh(rnn.W_hh @ h + rnn.W_xh @ X[t - 1] + rnn.b_h)
        np.testing.assert_allclose(hs[t], h, rtol=0, atol=1e-15)
        np.testing.assert_allclose(
            ys[t - 1], rnn.W_hy @ h + rnn.b_y, rtol=0, atol=1e-15
        )


def test_forward_accepts_a_list_of_steps_and_a_starting_state():
    rnn, X, _ = make_problem(1, T=3)
    h0 = np.full((4, 3), 0.5)
    zs_a, hs_a, ys_a = rnn.forward(X, h0=h0)
    zs_b, hs_b, ys_b = rnn.forward(list(X), h0=h0)
    assert np.array_equal(hs_a, hs_b) and np.array_equal(ys_a, ys_b)
    assert np.array_equal(hs_a[0], h0)


def test_each_column_is_an_independent_sequence():
    rnn, X, _ = make_problem(2, T=4)
    ys = rnn.predict(X)
    for j in range(X.shape[2]):
        np.testing.assert_allclose(
            rnn.predict(X[:, :, j : j + 1])[:, :, 0], ys[:, :, j], atol=1e-15
        )


def test_cost_is_the_mean_over_steps_and_sequences_of_half_squared_error():
    rnn, X, Y = make_problem(3, T=6)
    ys = rnn.predict(X)
    expected = np.mean(
        [
            [0.5 * np.sum((ys[t, :, j] - Y[t, :, j]) ** 2) for j in range(3)]
            for t in range(6)
        ]
    )
    assert rnn.cost(X, Y) == pytest.approx(expected, rel=1e-13)
    assert sequence_cost(ys, Y) == pytest.approx(expected, rel=1e-13)


def test_initial_weights_come_only_from_the_generator():
    a = RNN(2, 5, 1, np.random.default_rng(7))
    b = RNN(2, 5, 1, np.random.default_rng(7))
    for name in PARAMETER_NAMES:
        assert np.array_equal(getattr(a, name), getattr(b, name))


def test_recurrent_gain_sets_the_spectral_radius_roughly():
    rnn = RNN(1, 100, 1, np.random.default_rng(0), recurrent_gain=0.5)
    radius = np.max(np.abs(np.linalg.eigvals(rnn.W_hh)))
    assert radius == pytest.approx(0.5, rel=0.15)


# ---- BPTT against finite differences -------------------------------------------------
@pytest.mark.parametrize("T", [1, 2, 10])
@pytest.mark.parametrize("n_hidden", [1, 4, 7])
def test_bptt_matches_finite_differences(T, n_hidden):
    rnn, X, Y = make_problem(10 * T + n_hidden, T, n_hidden=n_hidden)
    grads = rnn.bptt(X, Y)
    for name, param in rnn.parameters().items():
        numeric = numerical_gradient(lambda: rnn.cost(X, Y), param)
        assert grads[name].shape == param.shape
        assert relative_error(grads[name], numeric) < 1e-7, name


@pytest.mark.parametrize("T", [1, 2, 10])
@pytest.mark.parametrize("k", [1, 2, 3])
@pytest.mark.parametrize("n_hidden", [2, 5])
def test_truncated_bptt_matches_finite_differences_of_its_definition(T, k, n_hidden):
    rnn, X, Y = make_problem(100 * T + 10 * k + n_hidden, T, n_hidden=n_hidden)
    _, hs_fixed, _ = rnn.forward(X)
    grads = rnn.bptt(X, Y, truncation=k)
    for name, param in rnn.parameters().items():
        numeric = numerical_gradient(
            lambda: truncated_surrogate_cost(rnn, X, Y, hs_fixed, k), param
        )
        assert relative_error(grads[name], numeric) < 1e-7, (name, T, k)


def test_truncation_at_least_as_long_as_the_sequence_is_exact_bptt():
    rnn, X, Y = make_problem(4, T=6)
    exact = rnn.bptt(X, Y)
    for k in (6, 7, 50):
        truncated = rnn.bptt(X, Y, truncation=k)
        for name in PARAMETER_NAMES:
            np.testing.assert_allclose(
                truncated[name], exact[name], rtol=1e-12, atol=1e-15
            )


def test_short_truncation_changes_the_recurrent_gradient_but_not_the_output_layer():
    rnn, X, Y = make_problem(5, T=8)
    exact, truncated = rnn.bptt(X, Y), rnn.bptt(X, Y, truncation=2)
    assert relative_error(truncated["W_hh"], exact["W_hh"]) > 1e-3
    np.testing.assert_array_equal(truncated["W_hy"], exact["W_hy"])
    np.testing.assert_array_equal(truncated["b_y"], exact["b_y"])


def test_truncation_one_keeps_only_each_steps_own_error():
    rnn, X, Y = make_problem(6, T=5)
    zs, _, ys = rnn.forward(X)
    delta_ys = output_errors(ys, Y)
    deltas = truncated_hidden_errors(rnn.W_hh, rnn.W_hy, zs, delta_ys, 1)
    np.testing.assert_allclose(
        deltas, (rnn.W_hy.T @ delta_ys) * (1 - np.tanh(zs) ** 2), atol=1e-15
    )


def test_state_gradients_match_finite_differences_of_the_states():
    rnn, X, Y = make_problem(8, T=5, m=1)
    zs, hs, ys = rnn.forward(X)
    delta_ys = output_errors(ys, Y)
    grads_h = state_gradients(
        rnn.W_hh, rnn.W_hy, hidden_errors(rnn.W_hh, rnn.W_hy, zs, delta_ys), delta_ys
    )
    assert grads_h.shape == (6, 4, 1)
    for t in range(6):         # perturb hₜ and run the rest of the sequence from there
        h_t = hs[t].copy()

        def cost_from_t():
            h, total = h_t, 0.0
            for s in range(t + 1, 6):
                h = np.tanh(rnn.W_hh @ h + rnn.W_xh @ X[s - 1] + rnn.b_h)
                total += 0.5 * np.sum((rnn.W_hy @ h + rnn.b_y - Y[s - 1]) ** 2)
            if t > 0:
                total += 0.5 * np.sum((rnn.W_hy @ h_t + rnn.b_y - Y[t - 1]) ** 2)
            return total / 5

        assert (
            relative_error(grads_h[t], numerical_gradient(cost_from_t, h_t)) < 1e-7
        ), t


def test_parameter_gradients_are_sums_over_time_of_one_step_gradients():
    rnn, X, Y = make_problem(9, T=4)
    zs, hs, ys = rnn.forward(X)
    delta_ys = output_errors(ys, Y)
    deltas = hidden_errors(rnn.W_hh, rnn.W_hy, zs, delta_ys)
    total = parameter_gradients(X, hs, deltas, delta_ys)
    single = [
        parameter_gradients(
            X[t : t + 1], hs[t : t + 2], deltas[t : t + 1], delta_ys[t : t + 1]
        )
        for t in range(4)
    ]
    for name in PARAMETER_NAMES:
        np.testing.assert_allclose(
            total[name], sum(s[name] for s in single), atol=1e-15
        )


# ---- BPTT against the Tensor engine --------------------------------------------------
@pytest.mark.parametrize("T", [1, 2, 10])
@pytest.mark.parametrize("truncation", [None, 1, 3])
def test_bptt_agrees_with_reverse_mode_on_the_unrolled_graph(T, truncation):
    rnn, X, Y = make_problem(1000 + T, T, n_hidden=5, m=4)
    C, params = unrolled_cost(rnn, X, Y, truncation=truncation)
    C.backward()
    if truncation is None:
        assert float(C.data) == pytest.approx(rnn.cost(X, Y), rel=1e-13)
    grads = rnn.bptt(X, Y, truncation=truncation)
    for name in PARAMETER_NAMES:
        assert relative_error(grads[name], params[name].grad) < 1e-12, name


# ---- clipping ------------------------------------------------------------------------
def test_clipping_bounds_the_global_norm_and_preserves_the_direction():
    rnn, X, Y = make_problem(11, T=6)
    grads = rnn.bptt(X, Y)
    norm = global_norm(grads)
    flat = np.concatenate([g.ravel() for g in grads.values()])
    for max_norm in (0.5 * norm, 0.01 * norm):
        clipped, reported = clip_by_global_norm(grads, max_norm)
        assert reported == pytest.approx(norm, rel=1e-15)
        assert global_norm(clipped) == pytest.approx(max_norm, rel=1e-12)
        flat_c = np.concatenate([clipped[n].ravel() for n in grads])
        cosine = flat @ flat_c / (np.linalg.norm(flat) * np.linalg.norm(flat_c))
        assert cosine == pytest.approx(1.0, abs=1e-12)
        assert set(clipped) == set(grads)


def test_clipping_leaves_small_gradients_alone_and_does_not_modify_its_input():
    grads = [np.array([[3.0]]), np.array([4.0, 0.0])]
    clipped, norm = clip_by_global_norm(grads, 10.0)
    assert norm == 5.0
    assert all(np.array_equal(a, b) for a, b in zip(clipped, grads))
    clipped, _ = clip_by_global_norm(grads, 1.0)
    assert np.allclose(clipped[0], 0.6) and np.allclose(clipped[1], [0.8, 0.0])
    assert grads[0][0, 0] == 3.0


def test_clipping_a_list_and_a_dict_of_the_same_arrays_gives_the_same_arrays():
    rnn, X, Y = make_problem(19, T=5)
    grads = rnn.bptt(X, Y)
    max_norm = 0.3 * global_norm(grads)
    by_name, norm_d = clip_by_global_norm(grads, max_norm)
    by_position, norm_l = clip_by_global_norm(list(grads.values()), max_norm)
    assert isinstance(by_position, list) and norm_d == norm_l
    for a, b in zip(by_name.values(), by_position):
        np.testing.assert_array_equal(a, b)


def test_clipping_zero_gradients_gives_zeros_without_warning():
    clipped, norm = clip_by_global_norm({"w": np.zeros((2, 2))}, 1.0)
    assert norm == 0.0 and np.all(clipped["w"] == 0)


# ---- training ------------------------------------------------------------------------
def test_training_learns_to_repeat_a_bit_from_two_steps_back():
    rng = np.random.default_rng(0)
    X = rng.integers(0, 2, (12, 1, 32)).astype(float)
    Y = np.zeros_like(X)
    Y[2:] = X[:-2]
    rnn = RNN(1, 8, 1, rng)
    costs = train(rnn, X, Y, steps=300, eta=1.0, max_norm=1.0)
    assert len(costs) == 301
    assert costs[-1] < 0.1 * costs[0]
    assert costs[-1] < 0.02  # well below 0.125, the best any memoryless answer can do


def test_a_clipped_step_moves_the_parameters_by_at_most_eta_times_max_norm():
    rnn, X, Y = make_problem(20, T=8, gain=3.0)
    eta, max_norm = 0.7, 0.05
    assert global_norm(rnn.bptt(X, Y)) > max_norm    # so the clipping does act
    for _ in range(5):
        before = {name: p.copy() for name, p in rnn.parameters().items()}
        train(rnn, X, Y, steps=1, eta=eta, max_norm=max_norm)
        moves = [rnn.parameters()[name] - before[name] for name in before]
        assert global_norm(moves) <= eta * max_norm * (1 + 1e-12)


def test_training_costs_are_the_costs_before_each_step_and_after_the_last():
    rnn, X, Y = make_problem(21, T=4)
    start = rnn.copy()
    costs = train(rnn, X, Y, steps=3, eta=0.1)
    assert costs[-1] == rnn.cost(X, Y)
    replay = []
    for _ in range(3):
        replay.append(start.cost(X, Y))
        train(start, X, Y, steps=1, eta=0.1)
    assert costs[:-1] == replay


def test_copy_is_independent():
    rnn, _, _ = make_problem(12, T=1)
    clone = rnn.copy()
    clone.W_hh += 1.0
    assert not np.array_equal(clone.W_hh, rnn.W_hh)


# ---- errors --------------------------------------------------------------------------
def test_empty_sequence_is_rejected():
    rnn, _, _ = make_problem(13, T=1)
    with pytest.raises(ValueError, match=r"X must hold at least one time step.*T = 0"):
        rnn.forward(np.zeros((0, 3, 2)))
    with pytest.raises(ValueError, match=r"X must hold at least one time step"):
        rnn.forward([])


def test_wrong_input_width_is_rejected():
    rnn, _, _ = make_problem(14, T=1)
    with pytest.raises(
        ValueError, match=r"X must have 3 features per step.*got shape \(4, 2, 5\)"
    ):
        rnn.forward(np.zeros((4, 2, 5)))
    with pytest.raises(ValueError, match=r"X\[0\] must have 3 rows"):
        rnn.forward([np.zeros((2, 5))])


def test_a_two_dimensional_input_gets_a_hint_about_the_layout():
    rnn, _, _ = make_problem(15, T=1)
    with pytest.raises(
        ValueError, match=r"X must be a 3-D array of shape \(T, 3, m\).*reshape"
    ):
        rnn.forward(np.zeros((5, 3)))


def test_mismatched_targets_are_rejected():
    rnn, X, Y = make_problem(16, T=4)
    with pytest.raises(
        ValueError,
        match=r"Y must hold one target per time step of X: X has T = 4 steps, Y has 3",
    ):
        rnn.bptt(X, Y[:3])
    with pytest.raises(ValueError, match=r"Y must hold 3 sequences"):
        rnn.cost(X, Y[:, :, :2])
    with pytest.raises(ValueError, match=r"Y must have 2 features per step"):
        rnn.cost(X, np.zeros((4, 1, 3)))


def test_nan_in_a_sequence_is_rejected():
    rnn, X, Y = make_problem(17, T=3)
    X[1, 0, 0] = np.nan
    with pytest.raises(ValueError, match=r"X contains 1 NaN or infinite value"):
        rnn.bptt(X, Y)
    with pytest.raises(ValueError, match=r"X\[1\] contains 1 NaN"):
        rnn.forward(list(X))


def test_wrong_starting_state_and_bad_arguments_are_rejected():
    rnn, X, Y = make_problem(18, T=3)
    with pytest.raises(ValueError, match=r"h0 must have 4 rows"):
        rnn.forward(X, h0=np.zeros((3, 3)))
    with pytest.raises(
        ValueError, match=r"truncation must be a positive integer, got 0"
    ):
        rnn.bptt(X, Y, truncation=0)
    with pytest.raises(TypeError, match=r"truncation must be a positive integer"):
        rnn.bptt(X, Y, truncation=2.5)
    with pytest.raises(ValueError, match=r"max_norm must be a finite number >= 0"):
        clip_by_global_norm({"w": np.ones(2)}, -1.0)
    with pytest.raises(TypeError, match=r"grads must be a dict or a list of arrays"):
        global_norm(np.ones(3))
    with pytest.raises(TypeError, match=r"rng must be a numpy.random.Generator"):
        RNN(1, 2, 1, rng=0)


def test_from_parameters_checks_shapes():
    with pytest.raises(ValueError, match=r"W_hh must have 2 rows"):
        RNN.from_parameters(np.zeros((2, 1)), np.zeros((3, 3)), np.zeros((2, 1)),
                            np.zeros((1, 2)), np.zeros((1, 1)))
    with pytest.raises(ValueError, match=r"W_hy must have 2 columns"):
        RNN.from_parameters(np.zeros((2, 1)), np.zeros((2, 2)), np.zeros((2, 1)),
                            np.zeros((1, 3)), np.zeros((1, 1)))
