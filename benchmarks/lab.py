"""Measure the scaling lab against its targets (issue 4) and print a table.

    .venv/bin/python benchmarks/lab.py            # uses the committed full sweeps
    .venv/bin/python benchmarks/lab.py --quick    # skip the timed live sweep

Targets
- Chinchilla-form fit L = E + A/N^α + B/D^β of the full grid (N-sweep, D-sweep,
  IsoFLOP): R² ≥ 0.99, fitted E within 3% of the exact entropy rate, and the
  truth inside the 95% bootstrap interval.
- Local log-log slopes of the N-sweep's excess loss within ±0.1 of their mean.
- Every IsoFLOP budget has its minimum strictly inside the swept sizes.
- Mid-size models train at ≥ 50% of the single-thread matmul peak.
- A 12-run live sweep finishes in ≤ 60 s on 2 cores.
- Seed-to-seed spread of the final loss for each preset.

Times are wall-clock on a machine shared with other jobs: treat them as noisy.
The fit uses ``scaling_lib.fitting.fit_parametric`` (Approach 3 of
``hoffmann2022training``) when it is importable, else a plain Huber fit in log
space with scipy.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from scaling_lib.lab.hardware import matmul_peak_flops
from scaling_lib.lab.sweep import load_sweep, preset_specs, run_sweep, seed_spread

PRESET_NAMES = ("n_sweep", "d_sweep", "isoflop", "repeated_data", "finetune")


# ------------------------------------------------------------------ fitting
def _fallback_fit(n, d, loss, n_boot, seed):
    """Huber fit of log L = LSE(a − α log N, b − β log D, e) with scipy, plus a bootstrap."""
    from scipy.optimize import minimize
    from scipy.special import logsumexp

    logn, logd, logl = np.log(n), np.log(d), np.log(loss)

    def objective(th, idx):
        a, b, e, al, be = th
        pred = logsumexp(np.stack([a - al * logn[idx], b - be * logd[idx],
                                   np.full(idx.size, e)]), axis=0)
        r = pred - logl[idx]
        delta = 1e-3
        return np.where(np.abs(r) <= delta, 0.5 * r**2, delta * (np.abs(r) - 0.5 * delta)).sum()

    def fit(idx, starts):
        best = None
        for th0 in starts:
            res = minimize(objective, th0, args=(idx,), method="L-BFGS-B")
            if best is None or res.fun < best.fun:
                best = res
        return best.x

    grid = [np.array([a, b, e, al, be]) for a in (0, 5, 10) for b in (0, 5, 10)
            for e in (np.log(loss.min()) - 0.1,) for al in (0.3, 0.8) for be in (0.3, 0.8)]
    all_idx = np.arange(n.size)
    theta = fit(all_idx, grid)
    rng = np.random.default_rng(seed)
    draws = np.array([np.exp(fit(rng.integers(0, n.size, n.size), [theta])[2])
                      for _ in range(n_boot)])
    a, b, e, al, be = theta
    pred = np.exp(a) / n**al + np.exp(b) / d**be + np.exp(e)
    return {"E": np.exp(e), "A": np.exp(a), "B": np.exp(b), "alpha": al, "beta": be,
            "pred": pred, "E_interval": tuple(np.percentile(draws, [2.5, 97.5])),
            "engine": "scipy Huber fit (fallback)"}


def chinchilla_fit(n, d, loss, n_boot=200, seed=0):
    try:
        from scaling_lib.fitting import fit_parametric
    except ImportError:
        return _fallback_fit(n, d, loss, n_boot, seed)
    fit = fit_parametric(n, d, loss)
    boot = fit.bootstrap(n_boot, seed=seed)
    law = fit.law
    return {"E": law.E, "A": law.A, "B": law.B, "alpha": law.alpha, "beta": law.beta,
            "pred": fit.predict(n, d), "E_interval": boot.interval("E", 0.95),
            "engine": "scaling_lib.fitting.fit_parametric + bootstrap"}


# ------------------------------------------------------------------ checks
def grid_fit(tables):
    rows = [r for name in ("n_sweep", "d_sweep", "isoflop") for r in tables[name].rows]
    n = np.array([r["total_params"] for r in rows], float)
    d = np.array([r["tokens"] for r in rows], float)
    loss = np.array([r["final_loss"] for r in rows], float)
    truth = tables["isoflop"].meta["entropy_nats"]
    out = chinchilla_fit(n, d, loss)
    r2 = 1 - np.sum((loss - out["pred"]) ** 2) / np.sum((loss - loss.mean()) ** 2)
    lo, hi = out["E_interval"]
    return {"points": n.size, "r2": r2, "E": out["E"], "truth": truth,
            "rel_err": abs(out["E"] - truth) / truth, "interval": (lo, hi),
            "inside": lo <= truth <= hi, "alpha": out["alpha"], "beta": out["beta"],
            "engine": out["engine"]}


def n_sweep_slopes(table, count="non_embedding_params"):
    """Local slopes −Δlog(L − H)/Δlog N between neighbouring sizes.

    N is the non-embedding count by default, as in ``kaplan2020scaling``'s N-sweeps.
    """
    rows = sorted((r for r in table.rows if not r.get("replicate")),
                  key=lambda r: r["total_params"])
    n = np.array([r[count] for r in rows], float)
    ex = np.array([r["excess_loss"] for r in rows], float)
    slopes = -np.diff(np.log(ex)) / np.diff(np.log(n))
    return slopes, float(slopes.mean()), float(np.max(np.abs(slopes - slopes.mean())))


def n_sweep_floor(table, count="non_embedding_params"):
    """Diagnostic: fit L = F + c·N^(−k) to the N-sweep with a free floor F, then the local
    slopes of L − F. If these are steady while those of L − H drift, the runs behave as a
    power law above an effective floor F > H rather than above the entropy H."""
    from scaling_lib.fitting import fit_power_law
    from scaling_lib.power_laws import local_slopes

    rows = sorted((r for r in table.rows if not r.get("replicate")),
                  key=lambda r: r["total_params"])
    n = np.array([r[count] for r in rows], float)
    loss = np.array([r["final_loss"] for r in rows], float)
    fit = fit_power_law(n, loss, offset=True)
    return fit.offset, -local_slopes(n, loss - fit.offset)


def isoflop_minima(table):
    out = []
    for c in sorted({r["budget_flops"] for r in table.rows}):
        rows = sorted((r for r in table.rows if r["budget_flops"] == c and not r.get("replicate")),
                      key=lambda r: r["total_params"])
        i = int(np.argmin([r["final_loss"] for r in rows]))
        out.append((c, len(rows), i, 0 < i < len(rows) - 1, rows[i]["total_params"],
                    rows[i]["tokens"] / rows[i]["total_params"]))
    return out


def mid_size_mfu(tables):
    rows = [r for t in tables.values() for r in t.rows
            if 20_000 <= r["total_params"] <= 80_000 and r.get("train_seconds", 0) > 2]
    mfu = np.array([r["mfu"] for r in rows])
    return (float(np.median(mfu)), float(mfu.max()), len(rows)) if rows else (np.nan, np.nan, 0)


STEP_CODE = """
import time, numpy as np
from scaling_lib.lab.hardware import measure_matmul_flops
from scaling_lib.lab.language import make_language
from scaling_lib.lab.model import MLPConfig, MLPLanguageModel
from scaling_lib.lab.optim import Adam
lang = make_language(); batch = lang.sampler(0)
for width in (128, 256, 512):
    m = MLPLanguageModel(MLPConfig(width=width)); opt = Adam()
    times = []
    for _ in range(60):
        t0 = time.perf_counter()
        X, y = batch(512); _, g = m.loss_and_grads(X, y); opt.step(m.params, g, 1e-3)
        times.append(time.perf_counter() - t0)
    flops = 6 * m.config.non_embedding_params * 512
    print(width, m.config.total_params, flops / min(times), flops / np.median(times))
print("peak", measure_matmul_flops())
"""


def step_mfu():
    """MFU of whole training steps (sample + forward + backward + Adam) of mid-size models,
    in a child process with one BLAS thread: best step (what the code reaches when the
    core is free, comparable to the best-of-20 peak) and median step (with contention)."""
    import subprocess
    import sys

    from scaling_lib.lab.hardware import single_thread_env

    out = subprocess.run([sys.executable, "-c", STEP_CODE], env=single_thread_env(),
                         capture_output=True, text=True, check=True).stdout.split("\n")
    peak = float(out[3].split()[1])
    rows = [line.split() for line in out[:3]]
    return [(int(w), int(n), float(best) / peak, float(med) / peak) for w, n, best, med in rows]


def timed_live_sweep():
    jobs = preset_specs("n_sweep", "live")[:5] + preset_specs("d_sweep", "live")[:5]
    jobs += preset_specs("repeated_data", "live")[:2]
    start = time.perf_counter()
    table = run_sweep(jobs, workers=2, progress=False, name="benchmark")
    return len(jobs), time.perf_counter() - start, table


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip the timed live sweep")
    args = parser.parse_args(argv)
    tables = {name: load_sweep(name) for name in PRESET_NAMES}
    print("== scaling lab benchmark (committed full sweeps; times on a shared 2-core machine) ==")
    for name, t in tables.items():
        print(f"  {name:14s} {len(t):3d} rows, {t.meta['wall_seconds']:7.1f} s wall, "
              f"created {t.meta['created_utc']}")
    total = sum(t.meta["wall_seconds"] for t in tables.values())
    print(f"  all full presets: {total / 60:.1f} min (target ≤ 15 min)")

    fit = grid_fit(tables)
    slopes, mean_slope, dev = n_sweep_slopes(tables["n_sweep"])
    slopes_total, mean_total, dev_total = n_sweep_slopes(tables["n_sweep"], "total_params")
    minima = isoflop_minima(tables["isoflop"])
    mfu_med, mfu_max, mfu_n = mid_size_mfu(tables)

    print("\nChinchilla fit of the full grid (" + fit["engine"] + f", {fit['points']} runs)")
    print(f"  E = {fit['E']:.4f}, exact H = {fit['truth']:.4f}, 95% bootstrap "
          f"[{fit['interval'][0]:.4f}, {fit['interval'][1]:.4f}], "
          f"alpha = {fit['alpha']:.3f}, beta = {fit['beta']:.3f}")
    print("\nN-sweep local slopes of excess loss vs non-embedding N: "
          + " ".join(f"{s:.2f}" for s in slopes))
    print("                                  vs total N:         "
          + " ".join(f"{s:.2f}" for s in slopes_total))
    floor, floor_slopes = n_sweep_floor(tables["n_sweep"])
    print(f"  diagnostic: with a free floor F = {floor:.4f} (H + {floor - fit['truth']:.4f}), "
          "slopes of L − F: " + " ".join(f"{s:.2f}" for s in floor_slopes))
    print("\nIsoFLOP minima:")
    for c, k, i, ok, n_opt, ratio in minima:
        print(f"  C = {c:.0e}: {k} sizes, minimum at size #{i + 1} (N = {n_opt:,.0f}, "
              f"{ratio:.0f} tokens/param) {'inside' if ok else 'AT THE EDGE'}")

    results = [
        ("fit R²", f"{fit['r2']:.4f}", "≥ 0.99", fit["r2"] >= 0.99),
        ("fitted E vs exact H", f"{100 * fit['rel_err']:.2f}%", "≤ 3%", fit["rel_err"] <= 0.03),
        ("H inside 95% bootstrap interval", str(fit["inside"]), "True", fit["inside"]),
        ("N-sweep slopes (non-embedding N)", f"{mean_slope:.2f} ± {dev:.2f}", "± 0.1",
         dev <= 0.1),
        ("N-sweep slopes (total N)", f"{mean_total:.2f} ± {dev_total:.2f}", "± 0.1",
         dev_total <= 0.1),
        ("IsoFLOP minima inside", f"{sum(m[3] for m in minima)}/{len(minima)}", "all",
         all(m[3] for m in minima)),
        ("mid-size MFU (median/max, sweeps)", f"{mfu_med:.0%} / {mfu_max:.0%} (n={mfu_n})",
         "≥ 50%", mfu_med >= 0.5),
    ]
    for width, params, best, median in step_mfu():
        results.append((f"step MFU, width {width} ({params:,} params)",
                        f"best {best:.0%}, median {median:.0%}", "≥ 50%", best >= 0.5))
    if not args.quick:
        peak = matmul_peak_flops()
        k, seconds, live = timed_live_sweep()
        live_mfu = [r["mfu"] for r in live.rows if r["total_params"] >= 20_000]
        results.append((f"{k}-run live sweep wall time", f"{seconds:.1f} s", "≤ 60 s",
                        seconds <= 60))
        if live_mfu:
            results.append(("mid-size MFU (live sweep, max)", f"{max(live_mfu):.0%}", "≥ 50%",
                            max(live_mfu) >= 0.5))
        print(f"\nsingle-thread float32 matmul peak of this machine: {peak / 1e9:.1f} GFLOP/s")
    for name, t in tables.items():
        s = seed_spread(t)
        if s:
            results.append((f"seed spread, {name}", f"sd {s['std']:.4f} nats (n={s['n']})",
                            "report", True))
    print("\n| target | measured | goal | met |\n|---|---|---|---|")
    for name, value, goal, ok in results:
        print(f"| {name} | {value} | {goal} | {'yes' if ok else 'NO'} |")


if __name__ == "__main__":
    main()
