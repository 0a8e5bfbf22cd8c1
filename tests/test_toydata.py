"""Tests of bpcode.toydata: shapes, balance, reproducibility, geometry and errors."""

import numpy as np
import pytest

from bpcode.toydata import delayed_bits, spirals, two_moons


@pytest.mark.parametrize("make", [two_moons, spirals])
@pytest.mark.parametrize("m", [1, 2, 7, 100])
def test_examples_are_columns_and_labels_are_a_vector(make, m):
    X, labels = make(m, np.random.default_rng(0))
    assert X.shape == (2, m) and X.dtype == np.float64
    assert labels.shape == (m,) and np.issubdtype(labels.dtype, np.integer)


@pytest.mark.parametrize("make", [two_moons, spirals])
def test_the_same_seed_gives_the_same_points_and_another_seed_does_not(make):
    X1, l1 = make(50, np.random.default_rng(3))
    X2, l2 = make(50, np.random.default_rng(3))
    X3, _ = make(50, np.random.default_rng(4))
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(l1, l2)
    assert not np.allclose(X1, X3)


def test_classes_are_as_balanced_as_m_allows():
    _, labels = two_moons(101, np.random.default_rng(0))
    assert np.bincount(labels).tolist() == [51, 50]
    _, labels = spirals(100, np.random.default_rng(0), n_classes=3)
    assert np.bincount(labels).tolist() == [34, 33, 33]


def test_noiseless_moons_lie_on_their_half_circles():
    X, labels = two_moons(200, np.random.default_rng(1), noise=0.0)
    top, bottom = X[:, labels == 0], X[:, labels == 1]
    np.testing.assert_allclose(np.hypot(top[0], top[1]), 1.0)
    assert np.all(top[1] >= 0)
    np.testing.assert_allclose(np.hypot(bottom[0] - 1.0, bottom[1] - 0.5), 1.0)
    assert np.all(bottom[1] <= 0.5)


def test_noiseless_spiral_arms_are_rotated_copies():
    X, labels = spirals(
        300, np.random.default_rng(2), n_classes=3, noise=0.0, turns=1.0
    )
    r = np.hypot(X[0], X[1])
    assert np.all(r <= 1.0)
    angle = np.arctan2(X[1], X[0])
    expected = 2 * np.pi * (r + labels / 3)
    np.testing.assert_allclose(
        np.angle(np.exp(1j * (angle - expected))), 0.0, atol=1e-9
    )


@pytest.mark.parametrize("make", [two_moons, spirals])
def test_bad_arguments_are_named(make):
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="m must be a positive integer"):
        make(0, rng)
    with pytest.raises(TypeError, match="m must be a positive integer"):
        make(2.5, rng)
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        make(10, 0)
    with pytest.raises(ValueError, match="noise must be a finite number >= 0"):
        make(10, rng, noise=-0.1)


def test_spirals_need_two_classes():
    with pytest.raises(ValueError, match="n_classes must be at least 2"):
        spirals(10, np.random.default_rng(0), n_classes=1)


def test_delayed_bits_targets_are_the_inputs_shifted_by_the_delay():
    X, Y = delayed_bits(7, 5, 3, np.random.default_rng(0))
    assert X.shape == Y.shape == (7, 1, 5)
    assert set(np.unique(X)) <= {0.0, 1.0}
    assert np.all(Y[:3] == 0) and np.array_equal(Y[3:], X[:4])
    X, Y = delayed_bits(2, 1, 4, np.random.default_rng(0))
    assert np.all(Y == 0)
    with pytest.raises(ValueError, match=r"delay must be a positive integer, got 0"):
        delayed_bits(5, 1, 0, np.random.default_rng(0))
