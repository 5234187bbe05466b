"""Chapter 10 explorers and figures draw what their controls say, from the cached sweeps."""

import numpy as np
import pytest
from figures import figure_text as _text
from figures import legend_cover, overlapping_texts, text_outside_figure

from scaling_lib.lab.sweep import load_sweep
from scaling_lib.widgets import efficient_models as widgets


def test_moe_figure_states_stored_and_active_parameters():
    text = _text(widgets.draw_moe(8, 16, 2))
    assert "E = 8, top-2: 5.0B stored, 2.0B active" in text
    assert _text(widgets.draw_moe(64, 16, 2)) != text
    # top-2 of a single expert is that expert: drawn as top-1, and said so
    assert "E = 1, top-1 (k ≤ E): 1.5B stored" in _text(widgets.draw_moe(1, 16, 2))
    with pytest.raises(ValueError, match="active_experts"):
        widgets.draw_moe(8, 16, 0)


def test_quantization_figure_reports_the_trend_for_the_chosen_bits():
    table = load_sweep("quantization")
    s = widgets.quantization_summary(table)
    text = _text(widgets.draw_quantization(table, 3, summary=s))
    assert f"3 bits: {s['bits'][3]['slope']:+.4f}" in text
    assert s["bits"][3]["slope"] > 0
    with pytest.raises(ValueError, match="bits"):
        widgets.draw_quantization(table, 5, summary=s)


def _budget_table(losses):
    """A fake bit-budget sweep: sizes N, loss_k = losses[k](N)."""
    from scaling_lib.lab.sweep import SweepTable

    rows = []
    for n in (1e3, 2e3, 4e3, 8e3, 16e3, 32e3):
        row = {"total_params": n, "width": int(n / 100)}
        for k in widgets.BUDGET_KS:
            row[f"model_bits_{k}bit"] = k * n
            row[f"loss_{k}bit"] = losses(k, n)
        rows.append(row)
    return SweepTable("bit_budget", rows, {})


def test_bit_budget_summary_picks_the_lowest_interpolated_loss_at_each_budget():
    # loss = 1/log(N) + penalty(k): with no penalty, fewer bits buy more parameters
    s = widgets.bit_budget_summary(_budget_table(lambda k, n: 1 / np.log(n)))
    assert (s["best"] == 3).all()
    assert s["budgets"][0] == pytest.approx(16e3) and s["budgets"][-1] == pytest.approx(96e3)
    penalty = {16: 0, 8: 0, 6: 0, 5: 0.001, 4: 0.002, 3: 0.5}
    s = widgets.bit_budget_summary(_budget_table(lambda k, n: 1 / np.log(n) + penalty[k]))
    assert (s["best"] == 4).all() and (s["margin"] > 0).all()
    four = s["curves"][4]
    at = np.interp(np.log(s["budgets"]), np.log(four["bits"]), four["loss"])
    assert np.allclose(s["loss_at"][4], at)
    with pytest.raises(ValueError, match="budgets_per_octave"):
        widgets.bit_budget_summary(_budget_table(lambda k, n: 1.0), 0)


def test_bit_budget_figure_names_the_best_k_and_fits_its_frame():
    import matplotlib.pyplot as plt

    table = load_sweep("bit_budget")
    s = widgets.bit_budget_summary(table)
    fig = widgets.draw_bit_budget(table, summary=s)
    ks, counts = np.unique(s["best"], return_counts=True)
    assert f"best bit width: {int(ks[np.argmax(counts)])} bits" in _text(fig)
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == [
        "16 bits (unquantised)", "8 bits", "6 bits", "5 bits", "4 bits", "3 bits"]
    assert text_outside_figure(fig) == []
    assert overlapping_texts(fig) == []
    assert all(v <= 0.03 for v in legend_cover(fig).values())   # legend above the panels
    plt.close(fig)


def test_distillation_figure_counts_the_teacher_when_asked():
    table = load_sweep("distillation")
    free = widgets.distillation_curves(table, "student only")
    paid = widgets.distillation_curves(table, "+ teacher training")
    assert (paid["teacher width 192"][:, 0] > free["teacher width 192"][:, 0]).all()
    assert (paid["data"][:, 0] == free["data"][:, 0]).all()
    assert "+ teacher training" in _text(widgets.draw_distillation(table,
                                                                   "+ teacher training"))
    assert _text(widgets.draw_capacity(table))
    widths = sorted({r["width"] for r in table.rows})
    assert len(widths) == 2
    assert f"student width {widths[-1]}" in _text(widgets.draw_capacity(table, widths[-1]))
    with pytest.raises(ValueError, match="student_width"):
        widgets.draw_distillation(table, "student only", 7)


def test_moe_lab_figure_shows_routed_and_dense_runs():
    table = load_sweep("moe")
    s = widgets.moe_lab_summary(table)
    for g in s.values():
        assert g["experts"].tolist() == [1, 2, 4, 8]
        assert len(g["dense"]) == 3
        assert (g["dense"][:, 2] > g["flops"][1:]).all()   # dense pays for every parameter
    text = _text(widgets.draw_moe_lab(table, summary=s))
    assert "dense, as wide as all experts" in text


def test_distillation_law_figure_marks_each_students_best_teacher():
    from scaling_lib import efficient_models as em

    text = _text(widgets.draw_distillation_law((1e9,), 20.0))
    teachers = np.linspace(1.4, 3.2, 1801)
    best = teachers[np.argmin(em.distilled_student_loss(1e9, 2e10, teachers))]
    assert f"N_S = 1B: best teacher L_T = {best:.2f}" in text
    assert "D_S = 20 N_S" in text
    with pytest.raises(ValueError, match="student_params"):
        widgets.draw_distillation_law((1e9, -1.0))
    with pytest.raises(TypeError, match="law"):
        widgets.draw_distillation_law(law=em.KUMAR_2024_PTQ)


def test_distillation_rows_are_averaged_over_student_seeds():
    table = load_sweep("distillation")
    seeds = sorted({r["seed"] for r in table.rows})
    means = widgets.distillation_means(table)
    short = min(r["tokens"] for r in table.rows)
    exact = widgets.distillation_seeds(table, "exact", short)
    assert len(exact) == len(seeds)
    row = next(r for r in means if r["teacher"] == "exact" and r["tokens"] == short)
    assert row["final_loss"] == pytest.approx(exact.mean(), rel=1e-12)
    assert row["n_seeds"] == len(seeds)
    curves = widgets.distillation_curves(table)
    assert len(curves["exact law"]) == len({r["tokens"] for r in table.rows})  # one per length
    with pytest.raises(ValueError, match="no runs"):
        widgets.distillation_seeds(table, "model", short, teacher_width=7)


def test_bit_budget_summary_averages_seeds_per_size():
    rng = np.random.default_rng(0)
    from scaling_lib.lab.sweep import SweepTable

    rows = []
    for seed in (0, 1):
        for n in (1e3, 2e3, 4e3, 8e3):
            row = {"total_params": n, "width": int(n / 100), "seed": seed}
            for k in widgets.BUDGET_KS:
                row[f"model_bits_{k}bit"] = k * n
                row[f"loss_{k}bit"] = 1.0 + 1.0 / np.log(n) + 0.01 * rng.random()
            rows.append(row)
    s = widgets.bit_budget_summary(SweepTable("bit_budget", rows, {}))
    assert s["seeds"] == [0, 1]
    for k in widgets.BUDGET_KS:
        assert s["curves"][k]["loss_by_seed"].shape == (2, 4)
        assert np.allclose(s["curves"][k]["loss"], s["curves"][k]["loss_by_seed"].mean(0))
        assert s["loss_at_by_seed"][k].shape == (2, len(s["budgets"]))


def test_quantization_summary_gives_the_damage_seed_by_seed():
    table = load_sweep("quantization")
    s = widgets.quantization_summary(table)
    for q in s["bits"].values():
        assert q["by_seed"].shape == (len(s["seeds"]), len(s["ratios"]))
        assert np.allclose(q["by_seed"].mean(0), q["mean"])


def test_moe_explorer_opens_on_the_worked_example():
    explorer = widgets.moe_explorer()
    assert explorer.values == {"experts": 8, "bits": 16, "active_experts": 2}
    assert explorer.main == "experts"
    for e in explorer.positions:                  # every frame of the static page draws
        assert explorer._frame(explorer.positions.index(e))[1] == ""


def test_moe_figure_puts_memory_and_flops_on_separate_labelled_axes():
    import matplotlib.pyplot as plt

    fig = widgets.draw_moe(8, 16, 2)
    labels = [ax.get_ylabel() for ax in fig.axes]
    assert len(fig.axes) == 3
    assert any("GB" in y and "FLOP" not in y for y in labels)
    assert any("GFLOPs" in y and "GB" not in y for y in labels)
    assert "1e9" not in _text(fig)
    assert text_outside_figure(fig) == []
    assert overlapping_texts(fig) == []
    plt.close(fig)


@pytest.mark.parametrize("cost", ["student only", "+ teacher inference", "+ teacher training"])
def test_distillation_figure_limits_come_from_the_runs(cost):
    import matplotlib.pyplot as plt

    table = load_sweep("distillation")
    for width in sorted({r["width"] for r in table.rows}):
        curves = widgets.distillation_curves(table, cost, width)
        points = np.vstack(list(curves.values()))
        fig = widgets.draw_distillation(table, cost, width)
        ax = fig.axes[0]
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        assert x0 < points[:, 0].min() and points[:, 0].max() < x1   # no point cut off
        assert y0 < points[:, 1].min() and points[:, 1].max() < y1
        # no empty half: the runs span most of the axis in log compute
        span = np.log10(points[:, 0].max() / points[:, 0].min()) / np.log10(x1 / x0)
        assert span > 0.8
        plt.close(fig)


def test_distillation_law_legend_writes_sizes_as_people_do():
    import matplotlib.pyplot as plt

    fig = widgets.draw_distillation_law()
    text = _text(fig)
    assert "N_S = 300M" in text and "N_S = 1B" in text and "N_S = 3B" in text
    assert "e+" not in text
    plt.close(fig)


def test_distillation_table_is_short_and_keeps_every_cell():
    table = load_sweep("distillation")
    short = widgets.distillation_table(table)
    widths = sorted({r["width"] for r in table.rows})
    tokens = sorted({r["tokens"] for r in table.rows})
    kinds = {(r["teacher"], r["teacher_width"]) for r in table.rows}
    assert len(short.rows) == len(widths) * len(kinds)             # 10 rows, not 40
    assert short.columns[3:] == [f"{t:,} tokens" for t in tokens]
    assert "student width" in short.columns and "teacher" in short.columns
    assert "standard error over 6 student seeds" in short.caption
    means = {(r["teacher"], r["teacher_width"], r["tokens"]): r["final_loss"]
             for r in widgets.distillation_means(table, widths[0])}
    exact_row = next(r for r in short.rows if r[0] == f"{widths[0]}" and r[1] == "exact law")
    for t, cell in zip(tokens, exact_row[3:], strict=True):
        shown = float(cell.split(" ± ")[0])
        assert abs(shown - means[("exact", 0, t)]) < 0.01
