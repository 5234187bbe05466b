"""Chapter 8 explorers and figures draw what their controls say, from the cached sweeps."""

import numpy as np
import pytest
from figures import figure_text as _text

from scaling_lib import hyperparameters as hp
from scaling_lib.lab.sweep import load_sweep
from scaling_lib.widgets import hyperparameters as widgets


@pytest.fixture(scope="module")
def lr_table():
    return load_sweep("lr_width")


def test_lr_width_figure_names_the_parametrisation_and_both_slopes(lr_table):
    optima = hp.lr_width_optima(lr_table)
    text = _text(widgets.draw_lr_width(lr_table, "mup"))
    assert "μP" in text
    for p in ("sp", "mup"):
        assert f"slope {optima[p]['fit'].exponent:+.2f}" in text
    assert _text(widgets.draw_lr_width(lr_table, "sp")) != text


def test_lr_width_figure_can_show_one_seed(lr_table):
    assert _text(widgets.draw_lr_width(lr_table, "sp", "seed 1")) is not None
    with pytest.raises(ValueError, match="seeds"):
        widgets.draw_lr_width(lr_table, "sp", "seed 7")


def test_critical_batch_figure_reports_the_chosen_batch():
    b = np.array([32.0, 128.0, 512.0, 2048.0])
    targets = {"1": {"batch_sizes": b, "steps": hp.steps_to_target(b, 100.0, 5e4),
                     "tokens": b * hp.steps_to_target(b, 100.0, 5e4), "lr": b * 0 + 0.01}}
    text = _text(widgets.draw_critical_batch(targets, "1", 500.0))
    assert "B = 500: 2.00·S_min steps, 2.00·E_min tokens" in text
    assert "B_crit ≈ 500" in text
    with pytest.raises(ValueError, match="target"):
        widgets.draw_critical_batch(targets, "2")


def test_schedule_figure_states_the_family_compute():
    text = _text(widgets.draw_schedules(0.2, 8))
    assert "38% of the compute" in text and "8 cosine runs: 36 D" in text
    assert _text(widgets.draw_schedules(0.5, 8)) != text
