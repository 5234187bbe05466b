"""Explorers and figures of chapter 10, "Sparse, low-precision and distilled models".

* :func:`moe_explorer` — total and active parameters, weight memory and training FLOPs per
  token of an example mixture of experts as the number of experts grows.
* :func:`quantization_explorer` — the lab's loss increase from post-training quantisation
  against tokens per parameter, at a chosen bit width.
* :func:`distillation_explorer` — student loss against compute for training on data, on the
  exact next-token law and on trained teachers, with the teacher's cost counted or not.

``bit_budget_summary`` and ``draw_bit_budget`` compare lab models quantised to k bits at
equal total model bits (the question of ``dettmers2023case``).

``distillation_table`` shows the distillation sweep as one short table (a row per student
and teacher, a column per length); ``draw_capacity`` draws the lab student's loss against its
teacher's loss;
``draw_distillation_law`` draws the same curve as Busbridge et al.'s distillation law
predicts it for published-scale students (``em.BUSBRIDGE_2025_DISTILLATION``).
"""

from __future__ import annotations

import functools

import ipywidgets as W
import numpy as np
from matplotlib.ticker import NullLocator

from scaling_lib import efficient_models as em
from scaling_lib._validate import as_array, as_choice, as_int, as_positive, check_type
from scaling_lib.plotting import PALETTE, human_count, new_figure, place_legend
from scaling_lib.widgets.core import Explorer

_STYLE = {"description_width": "9em"}
_TWO = {"left": 0.085, "right": 0.985, "bottom": 0.15, "top": 0.88, "wspace": 0.3}
_BITS = (8, 6, 4, 3)

#: An example MoE (not a published model): shared layers and experts of these sizes.
EXAMPLE_SHARED_PARAMS = 1.0e9
EXAMPLE_EXPERT_PARAMS = 0.5e9
EXPERT_COUNTS = (1, 2, 4, 8, 16, 32, 64)


def _sweep(name):
    from scaling_lib.lab.sweep import load_sweep

    return load_sweep(name)


def _grid(ax):
    ax.grid(True, color="#dddddd", linewidth=0.6)


# ------------------------------------------------------------------------------ MoE
def draw_moe(experts: int = 8, bits: int = 16, active_experts: int = 2):
    """Left: total and active parameters against the number of experts E (top-k routing,
    k = ``active_experts``; a k above E routes each token to all E experts), for an example
    model with 1B shared parameters and 0.5B per expert. Middle: weight memory at ``bits``
    bits (GB), against the dense model with the same active parameters. Right: training
    FLOPs per token (GFLOPs, 6·N_active), the same for both. Chapter 10."""
    e_now = as_positive("experts", experts, allow_array=False)
    b = as_positive("bits", bits, allow_array=False)
    k_asked = as_positive("active_experts", active_experts, allow_array=False)
    k = min(k_asked, e_now)  # top-2 of one expert is that expert
    es = np.array(EXPERT_COUNTS, dtype=float)
    total = em.moe_total_params(EXAMPLE_SHARED_PARAMS, EXAMPLE_EXPERT_PARAMS, es)
    active = em.moe_active_params(EXAMPLE_SHARED_PARAMS, EXAMPLE_EXPERT_PARAMS,
                                  np.minimum(k_asked, es))
    fig, (ax0, ax1, ax2) = new_figure(
        3, width=9.6, height=3.6,
        margins={"left": 0.07, "right": 0.985, "bottom": 0.17, "top": 0.88, "wspace": 0.42})
    ax0.plot(es, total / 1e9, "o-", color=PALETTE[0], ms=4, label="total (memory)")
    ax0.plot(es, active / 1e9, "s-", color=PALETTE[1], ms=4, label="active (FLOPs)")
    t_now = em.moe_total_params(EXAMPLE_SHARED_PARAMS, EXAMPLE_EXPERT_PARAMS, e_now)
    a_now = em.moe_active_params(EXAMPLE_SHARED_PARAMS, EXAMPLE_EXPERT_PARAMS, k)
    ax0.plot([e_now, e_now], [a_now / 1e9, t_now / 1e9], color="k", lw=1.5)
    ax0.set_xscale("log", base=2)
    ax0.set_xticks(es)
    ax0.set_xticklabels([f"{int(v)}" for v in es])
    ax0.xaxis.set_minor_locator(NullLocator())
    ax0.set_ylim(0, 36)
    ax0.set_yticks([0, 10, 20, 30])
    ax0.set_xlabel("experts E")
    ax0.set_ylabel("parameters (billions)")
    capped = " (k ≤ E)" if k_asked > e_now else ""
    ax0.set_title(f"E = {e_now:g}, top-{k:g}{capped}: {t_now / 1e9:.1f}B stored, "
                  f"{a_now / 1e9:.1f}B active", fontsize=9, y=1.0)
    place_legend(ax0, fontsize=7, prefer="upper left")
    _grid(ax0)
    names = ["MoE", "dense,\nsame active"]
    mem = [em.weight_memory_bytes(t_now, b) / 1e9, em.weight_memory_bytes(a_now, b) / 1e9]
    flops = [em.moe_training_flops(a_now, 1.0) / 1e9] * 2
    panels = ((ax1, mem, [PALETTE[0], PALETTE[2]], "weight memory (GB)", (0, 80),
               f"weights at {b:g} bits"),
              (ax2, flops, [PALETTE[1], PALETTE[2]], "training GFLOPs per token", (0, 15),
               "compute: 6·N_active per token"))
    for ax, values, colours, ylabel, ylim, title in panels:
        bars = ax.bar(range(2), values, color=colours, width=0.6)
        for bar, v in zip(bars, values, strict=True):
            ax.text(bar.get_x() + bar.get_width() / 2, v, f"{v:.1f}", ha="center",
                    va="bottom", fontsize=8)
        ax.set_xticks(range(2))
        ax.set_xticklabels(names, fontsize=8)
        ax.set_xlim(-0.6, 1.6)
        ax.set_ylim(*ylim)
        ax.set_ylabel(ylabel)
        ax.set_title(title, fontsize=9, y=1.0)
        _grid(ax)
    return fig


def moe_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_moe`; the number of experts carries the point.

    It opens on the chapter's worked example, 8 experts with top-2 routing, so every frame
    of the static page shows top-2 routing (k redraws in JupyterLab)."""
    d = {"experts": 8, "bits": 16, "active_experts": 2} | defaults
    controls = {
        "experts": W.Dropdown(options=list(EXPERT_COUNTS), value=d["experts"],
                              description="experts E", style=_STYLE),
        "bits": W.Dropdown(options=[16, 8, 4], value=d["bits"], description="bits per weight",
                           style=_STYLE),
        "active_experts": W.Dropdown(options=[1, 2], value=d["active_experts"],
                                     description="active k", style=_STYLE),
    }
    return Explorer(draw_moe, controls, main="experts")


# --------------------------------------------------------------------- quantisation
def quantization_summary(table) -> dict:
    """Per bit width: tokens per parameter, mean loss increase over seeds, the slope per
    decade with its standard error (:func:`~scaling_lib.efficient_models.trend_per_decade`
    over every run), and the loss increases seed by seed (``by_seed``, one row per seed)."""
    rows = table.rows
    ratios = np.array(sorted({round(r["tokens_per_param"], 6) for r in rows}))
    out = {"ratios": ratios, "before": [], "bits": {},
           "seeds": sorted({r["seed"] for r in rows})}
    for ratio in ratios:
        group = [r for r in rows if round(r["tokens_per_param"], 6) == ratio]
        out["before"].append(np.mean([r["final_loss"] for r in group]))
    out["before"] = np.array(out["before"])
    for b in _BITS:
        mean = np.array([np.mean([r[f"delta_{b}bit"] for r in rows
                                  if round(r["tokens_per_param"], 6) == ratio])
                         for ratio in ratios])
        x = np.array([r["tokens_per_param"] for r in rows])
        y = np.array([r[f"delta_{b}bit"] for r in rows])
        slope, se = em.trend_per_decade(x, y)
        # one row per seed, one column per ratio (for findings.seed_trend)
        by_seed = np.array([[next(r[f"delta_{b}bit"] for r in rows if r["seed"] == sd
                                  and round(r["tokens_per_param"], 6) == ratio)
                             for ratio in ratios] for sd in out["seeds"]])
        out["bits"][b] = {"mean": mean, "x": x, "y": y, "slope": slope, "stderr": se,
                          "by_seed": by_seed}
    return out


def draw_quantization(table, bits: int = 4, *, summary: dict | None = None):
    """Left: loss increase after quantising to ``bits`` bits against tokens per parameter
    (every run, and the mean over seeds), with the fitted change per decade. Right: the
    exact loss before and after quantisation. Chapter 10."""
    bits = as_int("bits", bits, minimum=3, maximum=8)
    if bits not in _BITS:
        raise ValueError(f"bits must be one of {', '.join(map(str, _BITS))}, got {bits!r}")
    s = summary if summary is not None else quantization_summary(table)
    check_type("summary", s, dict, "quantization_summary(table)")
    q = s["bits"][bits]
    fig, (ax0, ax1) = new_figure(2, width=9.0, height=3.6, margins=_TWO)
    for b in _BITS:
        if b != bits:
            ax0.plot(s["ratios"], s["bits"][b]["mean"], "-", color="#bbbbbb", lw=1)
    ax0.plot(q["x"], q["y"], "o", color=PALETTE[0], ms=3.5, alpha=0.7, label="each run")
    ax0.plot(s["ratios"], q["mean"], "-", color=PALETTE[0], lw=2, label="mean of seeds")
    ax0.set_xscale("log", base=2)
    ax0.set_xticks(s["ratios"])
    ax0.set_xticklabels([f"{v:.3g}" for v in s["ratios"]], fontsize=7)
    ax0.set_ylim(-0.005, 0.17)
    ax0.set_xlabel("tokens per parameter D/N")
    ax0.set_ylabel("loss increase (nats)")
    ax0.set_title(f"{bits} bits: {q['slope']:+.4f} ± {q['stderr']:.4f} nats per decade",
                  fontsize=9, y=1.0)
    place_legend(ax0, fontsize=7, prefer="upper left")
    _grid(ax0)
    ax1.plot(s["ratios"], s["before"], "o-", color="k", ms=3.5, label="full precision")
    ax1.plot(s["ratios"], s["before"] + q["mean"], "s-", color=PALETTE[3], ms=3.5,
             label=f"{bits}-bit weights")
    ax1.set_xscale("log", base=2)
    ax1.set_xticks(s["ratios"])
    ax1.set_xticklabels([f"{v:.3g}" for v in s["ratios"]], fontsize=7)
    ax1.set_ylim(0.84, 1.08)
    ax1.set_xlabel("tokens per parameter D/N")
    ax1.set_ylabel("exact loss (nats)")
    ax1.set_title("before and after quantisation", fontsize=9, y=1.0)
    place_legend(ax1, fontsize=7, prefer="upper right")
    _grid(ax1)
    return fig


def quantization_explorer(table=None, **defaults) -> Explorer:
    """Explorer over :func:`draw_quantization`; the bit width carries the point."""
    if table is None:
        table = _sweep("quantization")
    d = {"bits": 4} | defaults
    controls = {"bits": W.ToggleButtons(options=list(_BITS), value=d["bits"],
                                        description="bits", style=_STYLE)}
    draw = functools.partial(draw_quantization, table, summary=quantization_summary(table))
    return Explorer(draw, controls, main="bits")


# ---------------------------------------------------------------------- bit budget
#: Bit widths of the bit-budget sweep, 16 being the unquantised model.
BUDGET_KS = (16, 8, 6, 5, 4, 3)


def bit_budget_summary(table, budgets_per_octave: int = 2) -> dict:
    """Loss against total model bits per bit width k, and the best k at each bit budget.

    Each k gives a curve: one point per model size, at ``model_bits_{k}bit`` (quantised
    weights at k bits, biases and scales at 16) and its exact loss ``loss_{k}bit``.
    The budgets are log-spaced (``budgets_per_octave`` per doubling) over the range every
    curve covers; at each budget each curve's loss is interpolated linearly in
    log(bits) between its two neighbouring sizes (no extrapolation), and ``best`` is the
    k with the lowest loss there.

    Returns
    -------
    dict
        ``ks``; ``curves[k]``: arrays ``params``, ``bits``, ``loss`` (mean over seeds)
        and ``loss_by_seed`` (one row per seed) sorted by size; ``budgets`` (bits);
        ``loss_at[k]``: the interpolated mean loss at each budget (``loss_at_by_seed[k]``:
        the same seed by seed); ``best``: the best k per budget; ``margin``: how much lower
        the best k's loss is than the runner-up's (nats); ``seeds``.
    """
    budgets_per_octave = as_int("budgets_per_octave", budgets_per_octave, minimum=1,
                                maximum=16)
    all_rows = sorted(table.rows, key=lambda r: (r["total_params"], r.get("seed", 0)))
    sizes = sorted({r["total_params"] for r in all_rows})
    if len(sizes) < 2:
        raise ValueError(f"table must hold at least two model sizes, got {len(sizes)}")
    seeds = sorted({r.get("seed", 0) for r in all_rows})
    by_size = {n: {r.get("seed", 0): r for r in all_rows if r["total_params"] == n}
               for n in sizes}
    seeds = [sd for sd in seeds if all(sd in g for g in by_size.values())]
    rows = [by_size[n][seeds[0]] for n in sizes]
    curves = {}
    for k in BUDGET_KS:
        per_seed = np.array([[by_size[n][sd][f"loss_{k}bit"] for n in sizes]
                             for sd in seeds], dtype=float)
        curves[k] = {"params": np.array([r["total_params"] for r in rows], dtype=float),
                     "bits": np.array([r[f"model_bits_{k}bit"] for r in rows], dtype=float),
                     "loss": per_seed.mean(axis=0), "loss_by_seed": per_seed}
    lo = max(c["bits"][0] for c in curves.values())
    hi = min(c["bits"][-1] for c in curves.values())
    if not hi > lo:
        raise ValueError("table: the bit widths' curves do not overlap in total bits; "
                         "sweep a wider range of model sizes")
    octaves = np.log2(hi / lo)
    n = max(2, int(np.floor(octaves * budgets_per_octave)) + 1)
    budgets = np.geomspace(lo, hi, n)
    loss_at = {k: np.interp(np.log(budgets), np.log(c["bits"]), c["loss"])
               for k, c in curves.items()}
    loss_at_by_seed = {k: np.array([np.interp(np.log(budgets), np.log(c["bits"]), y)
                                    for y in c["loss_by_seed"]])
                       for k, c in curves.items()}
    stack = np.array([loss_at[k] for k in BUDGET_KS])
    order = np.argsort(stack, axis=0)
    best = np.array([BUDGET_KS[i] for i in order[0]])
    margin = (np.take_along_axis(stack, order[1:2], 0)
              - np.take_along_axis(stack, order[0:1], 0))[0]
    return {"ks": BUDGET_KS, "curves": curves, "budgets": budgets, "loss_at": loss_at,
            "best": best, "margin": margin, "seeds": seeds,
            "loss_at_by_seed": loss_at_by_seed}


def draw_bit_budget(table, *, summary: dict | None = None):
    """Left: exact loss against total model bits (log scale), one curve per bit width k,
    each point a lab model quantised after training (losses far above the unquantised
    curve leave the frame). Right: at each bit budget, each k's loss minus the lowest
    (0 marks the best bit width; linear below 0.01 nats, logarithmic above). Chapter 10."""
    s = summary if summary is not None else bit_budget_summary(table)
    check_type("summary", s, dict, "bit_budget_summary(table)")
    fig, (ax0, ax1) = new_figure(2, width=9.0, height=3.9, margins={**_TWO, "top": 0.8})
    lowest = np.min([s["loss_at"][k] for k in s["ks"]], axis=0)
    for i, k in enumerate(s["ks"]):
        c = "k" if k == 16 else PALETTE[i % 8]
        label = "16 bits (unquantised)" if k == 16 else f"{k} bits"
        ax0.plot(s["curves"][k]["bits"], s["curves"][k]["loss"], "o-", color=c, ms=3.5,
                 lw=1.4, label=label)
        ax1.plot(s["budgets"], s["loss_at"][k] - lowest, "o-", color=c, ms=3, lw=1.2,
                 label=label)
    for ax in (ax0, ax1):
        ax.set_xscale("log")
        ax.set_xlabel("total model bits")
        _grid(ax)
    ax0.axvspan(s["budgets"][0], s["budgets"][-1], color="#f2f2f2", zorder=0)
    ref = s["curves"][16]["loss"]
    floor = min(np.min(c["loss"]) for c in s["curves"].values())
    ax0.set_ylim(floor - 0.01, ref.max() + 0.6 * (ref.max() - floor))   # worse: off the top
    ax0.set_ylabel("exact loss (nats)")
    ax0.set_title("loss at equal memory (shaded: the budgets compared)", fontsize=9,
                  y=1.0)
    handles, labels = ax0.get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=len(labels), fontsize=7.5,
               frameon=False, bbox_to_anchor=(0.5, 1.0))
    ks, counts = np.unique(s["best"], return_counts=True)
    common = int(ks[np.argmax(counts)])
    ax1.set_yscale("symlog", linthresh=0.01)
    ax1.set_ylim(-0.001, None)
    ax1.set_ylabel("loss above the best bit width (nats)")
    ax1.set_title(f"best bit width: {common} bits at {counts.max()} of {len(s['best'])} budgets",
                  fontsize=9, y=1.0)
    return fig


# --------------------------------------------------------------------- distillation
_COSTS = ("student only", "+ teacher inference", "+ teacher training")


def _key(r) -> tuple:
    return (r["teacher"], r["teacher_width"], r["width"], r["tokens"])


def _student_rows(table, student_width, *, mean: bool = True):
    """The rows of one student width; with ``mean``, one row per (teacher, length) whose
    ``final_loss`` is the mean over the student seeds (``n_seeds`` and ``seed_se`` added)."""
    widths = sorted({r["width"] for r in table.rows})
    if student_width is None:
        student_width = widths[0]
    if student_width not in widths:
        raise ValueError(f"student_width must be one of {widths}, got {student_width!r}")
    rows = [r for r in table.rows if r["width"] == student_width]
    if not mean:
        return rows
    groups = {}
    for r in rows:
        groups.setdefault(_key(r), []).append(r)
    out = []
    for g in groups.values():
        losses = np.array([r["final_loss"] for r in g])
        se = float(losses.std(ddof=1) / np.sqrt(losses.size)) if losses.size > 1 else 0.0
        out.append({**g[0], "final_loss": float(losses.mean()), "n_seeds": int(losses.size),
                    "seed_se": se})
    return out


def distillation_means(table, student_width=None) -> list[dict]:
    """One row per (teacher, length) of one student width (default: the smallest), with
    ``final_loss`` the mean over the student seeds, ``n_seeds`` and ``seed_se`` (the
    standard error of that mean; 0 for a single seed)."""
    return _student_rows(table, student_width, mean=True)


def _teacher_name(row) -> str:
    if row["teacher"] == "model":
        return f"trained, width {row['teacher_width']}"
    return {"data": "data (no teacher)", "exact": "exact law"}[row["teacher"]]


def distillation_table(table):
    """The distillation sweep as one short table: a row per student width and teacher
    (sampled data, the exact law, each trained teacher), a column per number of student
    tokens, each cell the student's mean loss ± its standard error over the student seeds
    (rounded to what the error carries, :func:`scaling_lib.findings.fmt_spread`).
    Chapter 10."""
    from scaling_lib.findings import fmt_spread
    from scaling_lib.plotting import Table

    tokens = sorted({r["tokens"] for r in table.rows})
    rows, seeds = [], set()
    for sw in sorted({r["width"] for r in table.rows}):
        cells: dict = {}
        for r in distillation_means(table, sw):
            key = (r["teacher"] != "data", r["teacher"] == "model", r["teacher_width"])
            se = r["seed_se"]
            seeds.add(r["n_seeds"])
            cells.setdefault(key, {"row": r})[r["tokens"]] = (
                f"{fmt_spread(r['final_loss'], se)} ± {fmt_spread(se, se, sig=1)}"
                if se > 0 else f"{r['final_loss']:.4f}")
        for key in sorted(cells):
            first = cells[key]["row"]
            teacher_loss = "—" if first["teacher"] == "data" else f"{first['teacher_loss']:.4f}"
            rows.append([f"{sw}", _teacher_name(first), teacher_loss]
                        + [cells[key].get(t, "—") for t in tokens])
    n = ", ".join(str(k) for k in sorted(seeds))
    caption = (f"Student's exact loss (nats) by number of student tokens: mean ± standard "
               f"error over {n} student seeds.")
    return Table(["student width", "teacher", "teacher loss (nats)"]
                 + [f"{t:,} tokens" for t in tokens], rows, caption=caption)


def distillation_seeds(table, teacher: str, tokens: int, teacher_width: int = 0,
                       student_width=None) -> np.ndarray:
    """Final losses of one cell of the distillation sweep, one per student seed (in seed
    order): ``teacher`` is "data", "exact" or "model" (then ``teacher_width`` picks it)."""
    as_choice("teacher", teacher, ("data", "exact", "model"))
    tokens = as_int("tokens", tokens, minimum=1)
    teacher_width = as_int("teacher_width", teacher_width, minimum=0)
    rows = sorted((r for r in _student_rows(table, student_width, mean=False)
                   if r["teacher"] == teacher and r["tokens"] == tokens
                   and r["teacher_width"] == teacher_width), key=lambda r: r["seed"])
    if not rows:
        raise ValueError(f"no runs with teacher={teacher!r}, tokens={tokens}, "
                         f"teacher_width={teacher_width} in the distillation sweep")
    return np.array([r["final_loss"] for r in rows])


def distillation_curves(table, cost: str = "student only", student_width=None) -> dict:
    """Per teacher ("data", "exact", "width 64" …): (compute, student loss) sorted by compute,
    the compute counting the student's 6·N_S·D and, per ``cost``, the teacher's inference
    (2·N_T·D) and its own training; for one student width (default: the smallest)."""
    as_choice("cost", cost, _COSTS)
    curves = {}
    for r in _student_rows(table, student_width):
        key = ("data" if r["teacher"] == "data" else "exact law" if r["teacher"] == "exact"
               else f"teacher width {r['teacher_width']}")
        c = r["student_flops"]
        if cost != "student only":
            c += r["teacher_flops"]
        if cost == "+ teacher training":
            c += r["teacher_train_flops"]
        curves.setdefault(key, []).append((c, r["final_loss"], r["tokens"], r["teacher_loss"]))
    return {k: np.array(sorted(v)) for k, v in curves.items()}


def draw_distillation(table, cost: str = "student only", student_width=None):
    """Student loss against compute for each kind of teacher, with the teacher's cost
    counted per ``cost``, for one student width (default: the smallest). Chapter 10."""
    curves = distillation_curves(table, cost, student_width)
    fig, ax = new_figure(1, width=6.4, height=3.8,
                            margins={"left": 0.12, "right": 0.97, "bottom": 0.14,
                                     "top": 0.9})
    for i, (name, arr) in enumerate(curves.items()):
        style = "o-" if name != "data" else "k^-"
        kw = {"color": PALETTE[i % 8]} if name != "data" else {}
        ax.plot(arr[:, 0], arr[:, 1], style, ms=4, label=name, **kw)
    ax.set_xscale("log")
    # the limits from the runs drawn: every point inside, with a margin (a tenth of the
    # range in log compute, a little more above the losses for the legend)
    points = np.vstack(list(curves.values()))
    lo, hi = np.log10(points[:, 0].min()), np.log10(points[:, 0].max())
    pad = 0.08 * (hi - lo)
    ax.set_xlim(10 ** (lo - pad), 10 ** (hi + pad))
    y_lo, y_hi = points[:, 1].min(), points[:, 1].max()
    ax.set_ylim(y_lo - 0.08 * (y_hi - y_lo), y_hi + 0.45 * (y_hi - y_lo))
    ax.set_xlabel("compute (FLOPs)")
    ax.set_ylabel("student's exact loss (nats)")
    sw = student_width if student_width is not None else min(r["width"] for r in table.rows)
    ax.set_title(f"student width {sw}; compute counted: {cost}", fontsize=9, y=1.0)
    place_legend(ax, fontsize=7, prefer="upper right")
    _grid(ax)
    return fig


def distillation_explorer(table=None, **defaults) -> Explorer:
    """Explorer over :func:`draw_distillation`; what compute is counted carries the point."""
    if table is None:
        table = _sweep("distillation")
    widths = sorted({r["width"] for r in table.rows})
    d = {"cost": "student only", "student_width": widths[0]} | defaults
    controls = {"cost": W.Dropdown(options=list(_COSTS), value=d["cost"],
                                   description="compute counted", style=_STYLE)}
    if len(widths) > 1:
        controls["student_width"] = W.Dropdown(options=widths, value=d["student_width"],
                                               description="student width", style=_STYLE)
    return Explorer(functools.partial(draw_distillation, table), controls, main="cost")


def draw_capacity(table, student_width=None):
    """Student's final loss against its teacher's loss, one line per distillation length,
    for one student width (default: the smallest); the exact law is the teacher with loss H.
    Chapter 10."""
    all_rows = _student_rows(table, student_width)
    rows = [r for r in all_rows if r["teacher"] != "data"]
    tokens = sorted({r["tokens"] for r in rows})
    fig, ax = new_figure(1, width=6.4, height=3.8,
                            margins={"left": 0.12, "right": 0.97, "bottom": 0.14,
                                     "top": 0.9})
    for i, t in enumerate(tokens):
        g = sorted((r["teacher_loss"], r["final_loss"], r["seed_se"]) for r in rows
                   if r["tokens"] == t)
        g = np.array(g)
        ax.errorbar(g[:, 0], g[:, 1], yerr=g[:, 2], fmt="o-", color=PALETTE[i % 8], ms=4,
                    capsize=2, label=f"{t:,} student tokens")
        base = [r["final_loss"] for r in all_rows
                if r["teacher"] == "data" and r["tokens"] == t]
        if base:
            ax.axhline(base[0], color=PALETTE[i % 8], lw=0.8, ls=":")
    ax.set_xlabel("teacher's loss (nats; the exact law is at H)")
    ax.set_ylabel("student's exact loss (nats)")
    seeds = rows[0]["n_seeds"]
    over = f"mean ± s.e. of {seeds} student seeds; " if seeds > 1 else ""
    ax.set_title(f"student width {rows[0]['width']}; {over}dotted: the same student on data",
                 fontsize=9, y=1.0)
    place_legend(ax, fontsize=7, prefer="upper left")
    _grid(ax)
    return fig


def draw_distillation_law(student_params=(3e8, 1e9, 3e9), tokens_per_param: float = 20.0,
                          law=em.BUSBRIDGE_2025_DISTILLATION):
    """Busbridge et al.'s predicted student cross-entropy against the teacher's, one line
    per student size distilled on ``tokens_per_param`` tokens per parameter; dotted: the
    same student trained on data (the supervised law). Chapter 10."""
    sizes = as_array("student_params", student_params, positive=True)
    if sizes.size > 8:
        raise ValueError(f"student_params must hold at most 8 sizes, got {sizes.size}")
    m = float(as_positive("tokens_per_param", tokens_per_param, allow_array=False))
    law = check_type("law", law, em.DistillationLaw,
                     "a DistillationLaw such as em.BUSBRIDGE_2025_DISTILLATION")
    teachers = np.linspace(1.4, 3.2, 1801)
    fig, ax = new_figure(1, width=6.4, height=3.8,
                         margins={"left": 0.12, "right": 0.97, "bottom": 0.14, "top": 0.9})
    for i, n in enumerate(sizes):
        students = law.student_loss(n, m * n, teachers)
        j = int(np.argmin(students))
        ax.plot(teachers, students, color=PALETTE[i % 8], lw=1.6,
                label=f"N_S = {human_count(n)}: best teacher L_T = {teachers[j]:.2f}")
        ax.plot(teachers[j], students[j], "o", color=PALETTE[i % 8], ms=4)
        ax.axhline(law.supervised.loss(n, m * n), color=PALETTE[i % 8], lw=0.8, ls=":")
    ax.plot(teachers, teachers, color="#888888", lw=0.8, ls="--")
    ax.set_xlabel("teacher's cross-entropy L_T (nats)")
    ax.set_ylabel("predicted student cross-entropy L_S (nats)")
    ax.set_title(f"Busbridge et al. Eq. 8, Table 6; D_S = {m:g} N_S; dotted: supervised; "
                 "dashed: L_S = L_T", fontsize=8, y=1.0)
    ax.set_ylim(teachers[0], teachers[-1])
    place_legend(ax, fontsize=7, prefer="upper left")
    _grid(ax)
    return fig


# ------------------------------------------------------------------------- MoE lab
def moe_lab_summary(table) -> dict:
    """Per budget (tokens): expert counts, mean routed loss over seeds, every run, and the
    dense runs whose hidden layer is as wide as all the experts (experts, loss, FLOPs)."""
    out = {}
    for t in sorted({r["tokens"] for r in table.rows}):
        moe = [r for r in table.rows if r["tokens"] == t and r["model_kind"] == "moe"]
        dense = sorted((r["experts"], r["final_loss"], r["flops"]) for r in table.rows
                       if r["tokens"] == t and r["model_kind"] == "dense")
        es = np.array(sorted({r["experts"] for r in moe}))
        mean = np.array([np.mean([r["final_loss"] for r in moe if r["experts"] == e])
                         for e in es])
        flops = np.array([np.mean([r["flops"] for r in moe if r["experts"] == e]) for e in es])
        out[t] = {"experts": es, "mean": mean, "flops": flops,
                  "runs": np.array([(r["experts"], r["final_loss"]) for r in moe]),
                  "dense": np.array(dense) if dense else np.zeros((0, 3))}
    return out


def draw_moe_lab(table, *, summary: dict | None = None):
    """Left: the routed lab model's exact loss against its number of experts at a fixed
    expert width, per budget, with the dense model as wide as all the experts (crosses).
    Right: the same runs against training compute 6·N_active·D (dense: 6·N·D). Chapter 10."""
    s = summary if summary is not None else moe_lab_summary(table)
    check_type("summary", s, dict, "moe_lab_summary(table)")
    fig, (ax0, ax1) = new_figure(2, width=9.0, height=3.6, margins=_TWO)
    for i, (t, g) in enumerate(s.items()):
        c = PALETTE[i % 8]
        ax0.plot(g["runs"][:, 0], g["runs"][:, 1], "o", color=c, ms=3, alpha=0.6)
        ax0.plot(g["experts"], g["mean"], "-", color=c, lw=1.8, label=f"routed, {t:,} tokens")
        ax1.plot(g["flops"], g["mean"], "o-", color=c, ms=4, label=f"routed, {t:,} tokens")
        if len(g["dense"]):
            ax0.plot(g["dense"][:, 0], g["dense"][:, 1], "x", color=c, ms=7, mew=1.6,
                     label=f"dense, as wide as all experts, {t:,}")
            ax1.plot(g["dense"][:, 2], g["dense"][:, 1], "x--", color=c, ms=7, mew=1.6,
                     lw=0.8, label=f"dense, as wide as all experts, {t:,}")
    losses = [v for g in s.values() for v in [*g["runs"][:, 1], *g["dense"][:, 1]]]
    lo, hi = min(losses), max(losses)
    for ax in (ax0, ax1):
        ax.set_ylim(lo - 0.05 * (hi - lo), hi + 0.6 * (hi - lo))   # room for the legends
    es = sorted({int(e) for g in s.values() for e in g["experts"]})
    ax0.set_xscale("log", base=2)
    ax0.set_xticks(es)
    ax0.set_xticklabels([str(e) for e in es])
    ax0.set_xlabel("experts E (active parameters fixed)")
    ax0.set_ylabel("exact loss (nats)")
    ax0.set_title("more experts, same FLOPs per token", fontsize=9, y=1.0)
    place_legend(ax0, fontsize=6.5, prefer="upper right")
    ax1.set_xscale("log")
    ax1.set_xlabel("training compute (FLOPs)")
    ax1.set_title("against compute: dense pays for every parameter", fontsize=9,
                  y=1.0)
    place_legend(ax1, fontsize=6.5, prefer="upper right")
    for ax in (ax0, ax1):
        _grid(ax)
    return fig
