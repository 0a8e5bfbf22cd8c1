import numpy as np
import pytest

from bpcode.gradcheck import central_difference
from bpcode.report import glue_number, loglog_slope, power_of_ten_above


@pytest.mark.parametrize(
    "x, bound",
    [(3.2e-11, 1e-10), (1e-10, 1e-10), (0.5, 1.0), (0.0, 1e-16), (7.0, 10.0)],
)
def test_power_of_ten_above_is_the_next_power_of_ten(x, bound):
    assert power_of_ten_above(x) == pytest.approx(bound, rel=1e-12)


@pytest.mark.parametrize("bad", [-1.0, np.nan, np.inf, "1e-3"])
def test_power_of_ten_above_rejects_what_is_not_an_error_size(bad):
    with pytest.raises(ValueError, match="finite number >= 0"):
        power_of_ten_above(bad)


@pytest.mark.parametrize("p", [-1.0, 0.5, 2.0, 3.0])
def test_loglog_slope_recovers_the_exponent_of_a_power_law(p):
    x = np.logspace(-3, 2, 12)
    assert loglog_slope(x, 4.0 * x ** p) == pytest.approx(p, abs=1e-12)


def test_loglog_slope_rejects_non_positive_or_mismatched_data():
    with pytest.raises(ValueError, match="positive"):
        loglog_slope([1.0, 2.0], [1.0, 0.0])
    with pytest.raises(ValueError, match="same length"):
        loglog_slope([1.0, 2.0, 3.0], [1.0, 2.0])


def test_glue_number_glues_rounded_reals_and_plain_ints(monkeypatch):
    import myst_nb
    glued = {}
    monkeypatch.setattr(
        myst_nb,
        "glue",
        lambda name, value, display: glued.update({name: (value, display)}),
    )
    glue_number("report_test_float", np.float64(1 / 3))
    glue_number("report_test_int", np.int64(7))
    assert glued["report_test_float"] == (0.333333, False)
    assert (
        glued["report_test_int"] == (7, False)
        and type(glued["report_test_int"][0]) is int
    )


def test_glue_number_refuses_strings():
    with pytest.raises(TypeError, match="real number"):
        glue_number("report_test_str", "0.5")


@pytest.mark.parametrize(
    "f, f_prime, x",
    [
        (np.sin, np.cos, 0.3),
        (np.exp, np.exp, -1.0),
        (lambda t: t**3, lambda t: 3 * t**2, 2.0),
    ],
)
def test_central_difference_agrees_with_the_derivative_to_order_eps_squared(
    f, f_prime, x
):
    assert central_difference(f, x) == pytest.approx(f_prime(x), abs=1e-8)


def test_central_difference_needs_a_positive_eps():
    with pytest.raises(ValueError, match="eps must be a finite number > 0"):
        central_difference(np.sin, 0.0, eps=0.0)
