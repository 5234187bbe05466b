
import numpy as np
import pytest
from figures import figure_text as _text

from scaling_lib.widgets import finetuning as widgets


def test_transfer_figure_reports_d_t_and_the_multiplier():
    text = _text(widgets.draw_transfer(1e8, 1e6, "text → Python"))
    assert "D_T = 250M characters" in text and "multiplier = 251.5×" in text


def test_transfer_figure_changes_with_the_pretraining_mix():
    a = _text(widgets.draw_transfer(law="text → Python"))
    b = _text(widgets.draw_transfer(law="text + code → Python"))
    assert a != b


def test_lora_figure_counts_the_adapter_and_compares_the_scales():
    text = _text(widgets.draw_lora(d_model=12288, n_layers=96, rank=4, matrices_per_layer=2))
    assert "18.9M trainable" in text and "2.0× below" in text


def test_saturation_figure_scores_both_forms_on_held_out_points():
    text = _text(widgets.draw_saturation(0.75, 250_000, 4, True))
    assert "power law" in text and "saturating" in text


def test_saturation_figure_accepts_your_own_curve():
    d = np.geomspace(1e4, 1e6, 5)
    fig = widgets.draw_saturation(tokens=d, losses=0.8 + d**-0.3, entropy=0.8)
    assert "your fine-tuning curve" in _text(fig)


def test_lora_explorer_defaults_can_be_overridden():
    assert widgets.lora_explorer(rank=64).values["rank"] == 64


def test_draw_functions_reject_bad_input():
    with pytest.raises(ValueError, match="law"):
        widgets.draw_transfer(law="Python → text")
    with pytest.raises(ValueError, match="params"):
        widgets.draw_transfer(params=0)
    with pytest.raises(ValueError, match="rank"):
        widgets.draw_lora(rank=-1)
    with pytest.raises(ValueError, match="no cached curve"):
        widgets.draw_saturation(shared_fraction=0.9)


def test_lab_transfer_figure_marks_runs_where_pretraining_did_not_help():
    from scaling_lib import finetuning as ft
    from scaling_lib.lab import load_sweep

    m = ft.measure_transfer(load_sweep("finetune")).select(pretrain_tokens=250_000)
    fig = widgets.draw_lab_transfer(m, fits={0.75: ft.TransferLaw(1e3, 0.3, 0.0)})
    crosses = [ln for ln in fig.axes[0].lines if ln.get_marker() == "x" and len(ln.get_xdata())]
    assert crosses, "negative transfer is drawn"
    assert "none" in fig.axes[0].get_title()
