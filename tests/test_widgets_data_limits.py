import base64

import numpy as np
import pytest
from figures import figure_text as _text

from scaling_lib import data_limits as dl
from scaling_lib.laws import HOFFMANN_2022
from scaling_lib.widgets import data_limits as widgets


def test_effective_data_figure_reports_d_prime_and_the_loss_gap():
    text = _text(widgets.draw_effective_data(100e9, 4.0, 10e9))
    assert "D' = 373B" in text and "93% of fresh" in text


def test_effective_data_figure_follows_r_star():
    assert _text(widgets.draw_effective_data(r_d_star=15.4)) != _text(
        widgets.draw_effective_data(r_d_star=2.0))


def test_allocation_figure_reports_the_capped_optimum():
    a = dl.constrained_optimum(1e23, 100e9)
    text = _text(widgets.draw_constrained_allocation(1e23, 100e9))
    assert f"{a.epochs:.1f} epochs" in text and f"penalty {a.loss_penalty:.4f}" in text


def test_data_wall_and_lab_figures_draw():
    fig = widgets.draw_data_wall(laws=[("Hoffmann", HOFFMANN_2022)])
    assert "stock" in " ".join(t.get_text() for t in fig.axes[0].get_legend().get_texts())
    fresh = dl.FreshCurve(0.8, 20.0, -0.5)
    u = np.full(4, 1e5)
    e = np.array([1.0, 2.0, 4.0, 8.0])
    fit = dl.fit_r_d_star(u * e, u, fresh.loss(u * dl.effective_epochs(e, 3.0)), fresh)
    fig = widgets.draw_repetition_lab(fit, u * e, fresh.loss(u * e), title="lab")
    assert len(fig.axes) == 2


def test_explorers_redraw_when_a_control_moves():
    e = widgets.effective_data_explorer()
    before = e.image.value
    e.controls["epochs"].value = 20.0
    assert e.image.value != before
    a = widgets.constrained_allocation_explorer(unique_tokens=1e10)
    assert a.values["unique_tokens"] == pytest.approx(1e10)


def test_explorer_display_carries_a_static_png():
    bundle = widgets.constrained_allocation_explorer()._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")


def test_draw_functions_reject_bad_input():
    with pytest.raises(ValueError, match="epochs"):
        widgets.draw_effective_data(epochs=0.5)
    with pytest.raises(ValueError, match="unique_tokens"):
        widgets.draw_constrained_allocation(unique_tokens=-1)
