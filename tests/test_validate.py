"""The shared validators: every bad input becomes a ValueError/TypeError naming the argument."""

import math

import numpy as np
import pytest

from scaling_lib import compute, data_limits, emergence, laws
from scaling_lib._validate import (
    MAX_INT,
    InputTypeError,
    ResultOutOfRange,
    as_array,
    as_bool,
    as_choice,
    as_int,
    as_int_list,
    as_positive,
    check_type,
    finite_result,
    returns_finite,
)


@pytest.mark.parametrize("value, words", [
    (10**400, "too large for a float"),
    (1 + 2j, "complex number"),
    ("3", "drop the quotes"),
    (None, "got None"),
    (True, "boolean"),
    (np.array([1e9 + 5j]), "complex values"),
    (["1e9"], "text"),
    (np.array([1.0, None], dtype=object), "contains None"),
    ([1, True], "booleans"),
    ([[1, 2], [3]], "regular shape"),
    ([], "empty"),
])
def test_a_bad_number_names_the_argument_and_the_value(value, words):
    with pytest.raises(ValueError, match=words) as err:
        as_positive("params", value)
    assert "params" in str(err.value)


def test_wrong_types_are_type_errors_and_value_errors_alike():
    for bad in ("3", None, 1j, True):
        with pytest.raises(TypeError):
            as_positive("x", bad)
        with pytest.raises(ValueError):
            as_positive("x", bad)
    assert issubclass(InputTypeError, TypeError) and issubclass(InputTypeError, ValueError)


def test_as_int_refuses_huge_non_whole_and_boolean_counts():
    assert as_int("n", 1e6) == 1_000_000 and as_int("n", np.int64(7)) == 7
    with pytest.raises(ValueError, match=f"at most {MAX_INT:,}"):
        as_int("n", 1e308)
    with pytest.raises(ValueError, match="digit integer"):
        as_int("n", 10**400)
    with pytest.raises(ValueError, match="whole number"):
        as_int("n", 2.5)
    with pytest.raises(TypeError, match="boolean"):
        as_int("n", True)
    with pytest.raises(ValueError, match="at most 10"):
        as_int("n", 11, maximum=10)
    assert as_int_list("ks", (1, 2, 3)) == [1, 2, 3]
    with pytest.raises(ValueError, match="ks is empty"):
        as_int_list("ks", [])


def test_as_array_keeps_its_shape_rules():
    assert as_array("x", [1, 2]).tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match="1-D"):
        as_array("x", np.ones((2, 2)))
    with pytest.raises(ValueError, match="single number"):
        as_array("x", 3.0)


def test_flags_choices_and_objects_say_what_was_expected():
    assert as_bool("offset", np.bool_(True)) is True
    with pytest.raises(TypeError, match="offset must be True or False, got the text"):
        as_bool("offset", "yes")
    with pytest.raises(ValueError, match="'sum', 'mean'"):
        as_choice("reduction", "median", ("sum", "mean"))
    with pytest.raises(TypeError, match="law must be a ChinchillaLaw such as"):
        check_type("law", None, laws.ChinchillaLaw, "a ChinchillaLaw such as laws.HOFFMANN_2022")


def test_a_result_out_of_range_is_refused_naming_the_inputs():
    with pytest.raises(ResultOutOfRange, match=r"out of range .*params=1e\+300"):
        compute.training_flops(1e300, 1e300)
    with pytest.raises(ValueError, match="out of range"):
        compute.gpu_hours(1e20, 1e-320, 0.4)
    assert finite_result(2.0, x=1) == 2.0

    @returns_finite
    def square(x):
        return x * x

    with pytest.raises(ValueError, match=r"x=1e\+200"):
        square(1e200)


def test_the_issue_examples_give_clear_errors():
    with pytest.raises(ValueError, match="exponent must be positive"):
        laws.PowerLaw(8.8e13, 0.0, "params", "kaplan2020scaling")
    with pytest.raises(ValueError, match="peak_flops_per_second must be positive"):
        compute.Accelerator("x", -312e12, "bf16", "c")
    with pytest.raises(TypeError, match="complex"):
        compute.training_flops(np.array([1e9 + 5j]), 2e10)
    with pytest.raises(TypeError, match="text"):
        compute.training_flops(["1e9"], 2e10)
    with pytest.raises(TypeError, match="unique_tokens"):
        data_limits.constrained_optimum(1e23, "1e9")
    with pytest.raises(ValueError, match="k must be at least 1"):
        data_limits.epoch_value(0)
    with pytest.raises(ValueError, match="r_d_star"):
        data_limits.with_r_d_star(0)
    with pytest.raises(ValueError, match="tokens"):
        data_limits.FreshCurve.fit(0, [1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="accelerator"):
        from scaling_lib.inference import cost_of_ownership

        cost_of_ownership(7e9, 2e12, requests_per_day=1, tokens_per_request=1, lifetime_days=1,
                          accelerator=None)
    with pytest.raises(TypeError, match="law must be a PowerLaw"):
        emergence.params_at_exact_match(None, 10)
    with pytest.raises(ValueError, match="grid_points must be at most"):
        data_limits.constrained_optimum(1e23, 1e9, grid_points=10**9)
    assert math.isinf(data_limits.constrained_optimum(1e21, math.inf).unique_tokens)
