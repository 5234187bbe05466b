"""Chapter 8's targets (issue 21), measured on the committed sweeps; prints a table.

    .venv/bin/python benchmarks/hyperparameters.py

Targets
- Standard parametrisation: slope of log η* against log width clearly negative; under μP its
  magnitude at most a third of SP's, over an 8× width range (4 widths, 2 seeds).
- McCandlish et al.'s hyperbola fits (steps, tokens) at each target loss: R² and B_crit
  with a 90% bootstrap interval.
- WSD branches match separate cosine runs within 1% of the reducible loss at ≤ 40% of
  their compute; the data law fitted from each agrees within bootstrap intervals.
- Wall time of each full preset (from its metadata; ≤ 15 minutes in all).

Times are wall-clock on a shared machine: treat them as noisy.
"""

from __future__ import annotations

import numpy as np

from scaling_lib import hyperparameters as hp
from scaling_lib.lab.sweep import load_sweep


def _row(name, value, target, met):
    print(f"{name:<48} {value:<34} {target:<26} {'yes' if met else 'NO'}")


def main() -> None:
    print(f"{'measure':<48} {'value':<34} {'target':<26} met")
    lr = load_sweep("lr_width")
    o = hp.lr_width_optima(lr)
    sp, mup = o["sp"]["fit"], o["mup"]["fit"]
    _row("SP slope of log η* vs log h", f"{sp.exponent:+.3f} [{sp.exponent_interval[0]:+.2f}, "
         f"{sp.exponent_interval[1]:+.2f}]", "clearly < 0", sp.exponent_interval[1] < 0)
    ratio = abs(mup.exponent / sp.exponent)
    _row("μP slope of log η* vs log h", f"{mup.exponent:+.3f} [{mup.exponent_interval[0]:+.2f},"
         f" {mup.exponent_interval[1]:+.2f}]", "|μP| ≤ |SP|/3", ratio <= 1 / 3)
    _row("  |μP / SP| (point; upper end of μP interval)",
         f"{ratio:.3f}; {abs(mup.exponent_interval[1] / sp.exponent):.3f}", "≤ 0.333",
         ratio <= 1 / 3)
    widths = np.unique(o["sp"]["widths"])
    _row("  width range", f"{widths.max() / widths.min():.0f}× ({len(widths)} widths)", "≥ 8×",
         widths.max() / widths.min() >= 8)
    for t, d in hp.batch_targets(load_sweep("batch_size")).items():
        f = hp.fit_critical_batch(d["batch_sizes"], d["steps"])
        _row(f"critical batch at loss {t}: R² (log S)", f"{f.r_squared:.4f}", "fits", True)
        _row("  B_crit (tokens) [90% interval]", f"{f.b_crit:,.0f} [{f.b_crit_interval[0]:,.0f}"
             f", {f.b_crit_interval[1]:,.0f}]", "reported", True)
    wsd = load_sweep("wsd")
    for lr in wsd.meta["settings"]["lrs"]:
        g = 100 * hp.wsd_comparison(wsd, lr)["gap_of_reducible"]
        _row(f"WSD − cosine at peak rate {lr:g} (% reducible)", f"{g.min():+.2f} … {g.max():+.2f}"
             f" ({int((np.abs(g) <= 1).sum())} of {len(g)} within 1%)", "|gap| ≤ 1",
             np.abs(g).max() <= 1)
    w = hp.wsd_comparison(wsd)
    gap = 100 * np.abs(w["gap_of_reducible"])
    frac = w["branch_family_flops"] / w["cosine_flops"]
    _row("  each at its better rate: max |gap|", f"{gap.max():.2f} "
         f"({int((gap <= 1).sum())} of {len(gap)} within 1%)", "≤ 1", gap.max() <= 1)
    _row("WSD family compute / cosine runs' compute", f"{frac:.3f}", "≤ 0.40", frac <= 0.40)
    fc = hp.fit_data_law(w["tokens"], w["cosine_loss"])
    fw = hp.fit_data_law(w["tokens"], w["branch_loss"])
    ov = (fc["beta_interval"][0] <= fw["beta_interval"][1]
          and fw["beta_interval"][0] <= fc["beta_interval"][1])
    _row("data-law β, cosine vs branches", f"{fc['beta']:.3f} vs {fw['beta']:.3f}",
         "intervals overlap", ov)
    b = hp.budget_optima(load_sweep("hp_budgets"))
    _row("lab η_opt(C) exponent (DeepSeek −0.125)", f"{b['lr_fit'].exponent:+.3f}", "reported",
         True)
    _row("lab B_opt(C) exponent (DeepSeek +0.327)", f"{b['batch_fit'].exponent:+.3f}",
         "reported", True)
    total = 0.0
    for name in ("lr_width", "batch_size", "hp_budgets", "wsd"):
        s = load_sweep(name).meta["wall_seconds"]
        total += s
        _row(f"full preset {name}: wall time", f"{s:.0f} s", "", True)
    _row("all four full presets", f"{total / 60:.1f} min", "≤ 15 min", total <= 900)


if __name__ == "__main__":
    main()
