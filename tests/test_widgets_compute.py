
import pytest
from figures import figure_text as _text

from scaling_lib.widgets import compute as widgets


def test_training_budget_figure_reports_the_runs_cost():
    fig = widgets.draw_training_budget(70e9, 1.4e12, "H100", 0.4, 2.0, 1024)
    text = _text(fig)
    assert "5.88×10²³ FLOPs" in text and "16.8 days" in text


def test_training_budget_figure_changes_with_mfu():
    a = _text(widgets.draw_training_budget(mfu=0.4))
    b = _text(widgets.draw_training_budget(mfu=0.2))
    assert a != b


def test_lifetime_figure_marks_the_three_d_crossover():
    fig = widgets.draw_lifetime_compute(70e9, 2e12, 1e10, 1000)
    assert "600 days" in _text(fig)


def test_explorer_defaults_can_be_overridden():
    e = widgets.training_budget_explorer(params=1e9)
    assert e.values["params"] == pytest.approx(1e9)


def test_draw_functions_reject_bad_input():
    with pytest.raises(ValueError, match="mfu"):
        widgets.draw_training_budget(mfu=0)
    with pytest.raises(ValueError, match="params"):
        widgets.draw_lifetime_compute(params=-1)


def test_an_mfu_above_every_quoted_one_is_remarked_on():
    # learner review L15: "A100 at MFU 72%" passed without a word
    high = _text(widgets.draw_training_budget(accelerator="A100", mfu=0.72))
    assert "above every MFU quoted in this chapter" in high
    assert "above every MFU" not in _text(widgets.draw_training_budget(mfu=0.4))


def test_readouts_read_as_a_person_writes_them():
    # learner review L2: "3.98e+13", "2.51e+8", "days in service 210.00"
    budget = widgets.training_budget_explorer()
    assert budget.controls["tokens"].label == "1.4T"
    assert budget.controls["params"].label == "70B"
    assert budget.controls["mfu"].readout_format == ".0%"
    life = widgets.lifetime_compute_explorer()
    assert life.controls["days"].readout_format == ".0f"
    labels = [label for c in (budget, life) for k in c.controls
              for label in getattr(c.controls[k], "_options_labels", ())]
    assert labels and not [x for x in labels if "e+" in x or "e-" in x or "e1" in x]
