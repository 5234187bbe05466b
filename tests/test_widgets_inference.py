
import numpy as np
import pytest
from figures import figure_text as _text

from scaling_lib.widgets import inference as widgets


def test_demand_figure_reports_the_optimum_and_the_saving():
    text = _text(widgets.draw_inference_demand(13e9, 2e12, "Hoffmann 2022, printed"))
    assert "N = 8.02B" in text and "saves" in text and "10%" in text


def test_demand_figure_moves_with_the_law():
    a = _text(widgets.draw_inference_demand(law="Hoffmann 2022, printed"))
    b = _text(widgets.draw_inference_demand(law="Besiroglu 2024"))
    assert a != b


def test_demand_figure_keeps_the_optimum_in_view_at_extreme_demand():
    fig = widgets.draw_inference_demand(1e8, 1e16, "Besiroglu 2024")
    ax = fig.axes[0]
    star = ax.collections[1].get_offsets()[0]
    lo, hi = ax.get_xlim()
    assert lo <= star[0] <= hi


def test_cost_figure_marks_a_break_even_day_and_says_prices_are_illustrative():
    text = _text(widgets.draw_cost_of_ownership())
    assert "break-even" in text and "illustrative" in text


def test_cost_figure_without_traffic_has_no_saving():
    text = _text(widgets.draw_cost_of_ownership(requests_per_day=1e3, tokens_per_request=10))
    assert "break-even" not in text


def test_lab_break_even_figure_draws_both_crossings():
    pair = {"params_large": 8614, "tokens_large": 387_000, "params_small": 4734,
            "tokens_small": 1.1e6, "tokens_small_law": 1.05e6, "measured": 1.5e6,
            "law": 1.3e6}
    fig = widgets.draw_lab_break_even(pair, [1e6, 1e7])
    assert "measured break-even" in _text(fig) and "law break-even" in _text(fig)


def test_explorers_redraw_when_a_control_moves():
    for e, key, value in ((widgets.inference_demand_explorer(), "inference_tokens", 1e14),
                          (widgets.cost_of_ownership_explorer(), "inference_mfu", 0.3)):
        before = e.image.value
        e.controls[key].value = value
        assert e.image.value != before


def test_explorer_defaults_can_be_overridden():
    e = widgets.inference_demand_explorer(reference_params=1e9)
    assert e.values["reference_params"] == pytest.approx(1e9)
    assert np.isclose(widgets.cost_of_ownership_explorer(lifetime_days=90).values["lifetime_days"],
                      90)


def test_draw_functions_reject_bad_input():
    with pytest.raises(ValueError, match="law"):
        widgets.draw_inference_demand(law="Kaplan")
    with pytest.raises(ValueError, match="inference_tokens"):
        widgets.draw_inference_demand(inference_tokens=-1)
    with pytest.raises(ValueError, match="mfu"):
        widgets.draw_cost_of_ownership(inference_mfu=0)
