"""Benchmark chapter 9's bootstrap forecasts against a naive loop of scipy fits.

Reference (written here independently of ``scaling_lib.forecasting``): for each
bootstrap resample, step 1 fits L(C) = E + A·(C/1e9)^(−α) by
``scipy.optimize.least_squares`` on log L (bounds E in [0, 0.99·min L], started
from E = 0 and the straight-line fit), and step 2 fits the sigmoid by
``scipy.optimize.curve_fit``; then the forecast is composed. Ours fits every
resample at once (:func:`scaling_lib.forecasting.two_step_forecast`).

Data: the cached ladder at 150k tokens, exact match on 11-digit answers, widths up
to 64 (33 runs), forecasting widths 90, 128 and 181.

Usage: python benchmarks/forecasting.py [--n-boot 200]

Prints a markdown table: time of each, the largest difference between the two point
forecasts and between the interval ends, and in how many resamples each method reached
the lower least-squares objective in step 1 and in step 2 (a difference in the
intervals comes from resamples where one of the two found a worse optimum). Not a test.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
from scipy.optimize import curve_fit, least_squares

from scaling_lib import forecasting as fc
from scaling_lib.lab.task import load_task_sweep


def _reference(c, loss, acc, targets, n_boot, seed, level=0.9):
    logc, logl = np.log(c / 1e9), np.log(loss)
    logt = np.log(targets / 1e9)
    rng = np.random.default_rng(seed)
    idx = [np.arange(c.size)] + [rng.integers(0, c.size, c.size) for _ in range(n_boot)]

    def sig(x, m, s):
        return 1 / (1 + np.exp(np.clip(-s * (x - m), -500, 500)))

    out, objectives = [], []
    for ic in idx:
        lmin = float(np.exp(logl[ic].min()))
        slope, icpt = np.polyfit(logc[ic], logl[ic], 1)

        def resid(p, ic=ic):
            e, loga, alpha = p
            return np.log(e + np.exp(loga - alpha * logc[ic])) - logl[ic]

        r = least_squares(resid, [0.0, icpt, -slope],
                          bounds=([0.0, -50, -10], [0.99 * lmin, 50, 10]))
        e, loga, alpha = r.x
        lt = e + np.exp(loga - alpha * logt)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                (m, s), _ = curve_fit(sig, loss[ic], acc[ic], p0=[float(np.median(loss)), -1.0],
                                      maxfev=2000)
            except RuntimeError:
                out.append(np.full(targets.size, np.nan))
                objectives.append((2 * r.cost, np.inf))
                continue
        out.append(sig(lt, m, s))
        objectives.append((2 * r.cost, float(np.sum((sig(loss[ic], m, s) - acc[ic]) ** 2))))
    out = np.array(out)
    ok = np.all(np.isfinite(out[1:]), axis=1)
    lo, hi = np.percentile(out[1:][ok], [50 * (1 - level), 50 * (1 + level)], axis=0)
    return out[0], lo, hi, idx, np.array(objectives)


def _our_objectives(c, loss, acc, idx):
    ic = np.array(idx)
    _, _, _, sse1 = fc._fit_loss_batch(np.log(c / 1e9)[ic], np.log(loss)[ic])
    m, s, _ = fc._fit_sigmoid_batch(loss[ic], acc[ic], 0.0, 1.0)
    pred = 1 / (1 + np.exp(np.clip(-s[:, None] * (loss[ic] - m[:, None]), -500, 500)))
    return np.column_stack([sse1, ((pred - acc[ic]) ** 2).sum(axis=1)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n-boot", type=int, default=200)
    args = parser.parse_args()
    split = fc.ladder_split(load_task_sweep("ladder"))
    c, loss, acc = split.fit_points()
    targets = split.train_flops[split.held]
    t0 = time.perf_counter()
    ref = _reference(c, loss, acc, targets, args.n_boot, seed=0)
    t_ref = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours = fc.two_step_forecast(c, loss, acc, targets, n_boot=args.n_boot, seed=0)
    t_ours = time.perf_counter() - t0
    obj_ref, obj_ours = ref[4], _our_objectives(c, loss, acc, ref[3])
    better = [(int(np.sum(obj_ours[:, j] < obj_ref[:, j] * (1 - 1e-3))),
               int(np.sum(obj_ref[:, j] < obj_ours[:, j] * (1 - 1e-3)))) for j in (0, 1)]
    print(f"| resamples | scipy loop (s) | ours (s) | ratio | max point diff | "
          f"max interval-end diff | step 1 lower (ours/scipy) | step 2 lower (ours/scipy) |"
          f"\n|---|---|---|---|---|---|---|---|\n"
          f"| {args.n_boot} | {t_ref:.2f} | {t_ours:.3f} | {t_ref / t_ours:.0f}x | "
          f"{np.max(np.abs(ref[0] - ours.point)):.4f} | "
          f"{max(np.max(np.abs(ref[1] - ours.lower)), np.max(np.abs(ref[2] - ours.upper))):.4f}"
          f" | {better[0][0]}/{better[0][1]} | {better[1][0]}/{better[1][1]} |")


if __name__ == "__main__":
    main()
