import json
import math

import numpy as np
import pytest

from scaling_lib.lab import hardware
from scaling_lib.lab.language import LanguageConfig
from scaling_lib.lab.sweep import (
    PRESETS,
    RunSpec,
    SweepTable,
    load_sweep,
    preset_specs,
    run_preset,
    run_sweep,
    save_sweep,
    seed_spread,
)
from scaling_lib.lab.train import TrainConfig

TINY = LanguageConfig(vocab_size=6, context_length=2, n_contexts=30)


def test_sweep_runs_jobs_in_workers_and_keeps_their_order():
    jobs = [RunSpec(TrainConfig(width=w, tokens=2_000, batch_size=100), TINY) for w in (4, 8)]
    jobs.append(RunSpec(TrainConfig(width=4, tokens=1_000, batch_size=100), TINY,
                        finetune_language=LanguageConfig(**{**TINY.to_dict(),
                                                            "shared_fraction": 0.5}),
                        finetune_tokens=(500, 1_000), labels=(("tag", "ft"),)))
    table = run_sweep(jobs, workers=2, progress=False, name="tiny")
    assert list(table["width"]) == [4, 8, 4, 4, 4]
    assert list(table["phase"]) == ["train", "train", "pretrain", "finetune", "finetune"]
    assert list(table.where(phase="finetune")["finetune_tokens"]) == [500, 1_000]
    assert set(table.where(tag="ft")["tag"]) == {"ft"}
    assert table.meta["workers"] == 2 and table.meta["wall_seconds"] > 0
    assert table.meta["library_version"]
    # each worker measured its own single-thread peak
    assert np.all(table["peak_flops_per_second"] > 0)


def test_same_spec_gives_the_same_loss_in_a_worker_and_in_process():
    spec = RunSpec(TrainConfig(width=4, tokens=1_000, batch_size=100, seed=2), TINY)
    in_process = spec.run()[0]["final_loss"]
    table = run_sweep([spec], workers=1, progress=False)
    assert table["final_loss"][0] == pytest.approx(in_process, rel=1e-6)


def test_table_round_trips_through_json_and_csv(tmp_path):
    rows = [{"width": 4, "final_loss": 1.5, "curve_loss": [2.0, 1.5]},
            {"width": 8, "final_loss": 1.25, "curve_loss": []}]
    table = SweepTable("demo", rows, {"seed": 0, "wall_seconds": 1.0})
    paths = save_sweep(table, tmp_path)
    back = load_sweep("demo", tmp_path)
    assert back.rows == rows and back.meta == table.meta
    np.testing.assert_array_equal(back["final_loss"], [1.5, 1.25])
    header = paths[1].read_text().splitlines()[0]
    assert header == "width,final_loss"
    json.loads(paths[0].read_text())
    with pytest.raises(KeyError, match="no column"):
        back["nope"]


def test_loading_an_unknown_sweep_says_how_to_make_it(tmp_path):
    with pytest.raises(ValueError, match="python -m scaling_lib.lab"):
        load_sweep("nonexistent", tmp_path)


def test_every_preset_has_a_live_and_a_full_size():
    for name in ("n_sweep", "d_sweep", "isoflop", "repeated_data", "finetune"):
        assert name in PRESETS
        live, full = preset_specs(name, "live"), preset_specs(name, "full")
        assert len(full) >= len(live) >= 4
        assert sum(s.cost_flops for s in full) > sum(s.cost_flops for s in live)


@pytest.mark.parametrize("size", ["live", "full"])
def test_isoflop_grid_has_at_least_three_budgets_of_five_sizes(size):
    specs = [s for s in preset_specs("isoflop", size) if "replicate" not in dict(s.labels)]
    budgets = {}
    for s in specs:
        budgets.setdefault(dict(s.labels)["budget_flops"], []).append(s)
    assert len(budgets) >= 3
    for c, runs in budgets.items():
        assert len(runs) >= 5
        for s in runs:  # each run spends its budget: 6·N·D = C within rounding
            lang = s.language
            n = (lang.vocab_size * 16 + lang.context_length * 16 * s.train.width
                 + s.train.width * (1 + lang.vocab_size) + lang.vocab_size)
            assert math.isclose(6 * n * s.train.tokens, c, rel_tol=1e-3)


def test_presets_include_seed_replicates_for_the_spread():
    for name in ("n_sweep", "d_sweep", "isoflop", "repeated_data"):
        seeds = {s.train.seed for s in preset_specs(name, "full")}
        assert len(seeds) >= 2


def test_seed_spread_groups_the_replicates():
    rows = [{"width": 4, "tokens": 10, "final_loss": 1.0},
            {"width": 8, "tokens": 10, "final_loss": 0.5},
            {"width": 4, "tokens": 10, "final_loss": 1.2, "replicate": 1}]
    spread = seed_spread(SweepTable("x", rows))
    assert spread["n"] == 2 and spread["range"] == pytest.approx(0.2)
    assert seed_spread(SweepTable("x", rows[:2])) == {}


@pytest.mark.parametrize("name, size, words", [("nope", "live", "unknown preset"),
                                               ("isoflop", "huge", "size")])
def test_bad_preset_requests_raise_value_errors(name, size, words):
    with pytest.raises(ValueError, match=words):
        preset_specs(name, size)
    with pytest.raises(ValueError, match=words):
        run_preset(name, size)


def test_empty_or_wrong_jobs_are_refused():
    with pytest.raises(ValueError, match="empty"):
        run_sweep([])
    with pytest.raises(ValueError, match="run"):
        run_sweep([object()])
    with pytest.raises(ValueError, match="workers"):
        run_sweep([RunSpec(TrainConfig(width=4, tokens=10), TINY)], workers=-1)


def test_measured_matmul_rate_is_positive_and_the_worker_env_pins_one_thread():
    assert hardware.measure_matmul_flops(size=64, repeats=2) > 0
    env = hardware.single_thread_env()
    assert all(env[k] == "1" for k in hardware.THREAD_ENV_VARS)


def _n_params(spec):
    lang = spec.language
    return (lang.vocab_size * 16 + lang.context_length * 16 * spec.train.width
            + spec.train.width * (1 + lang.vocab_size) + lang.vocab_size)


@pytest.mark.parametrize("size", ["live", "full"])
def test_envelope_trains_each_size_for_several_horizons_with_curves(size):
    specs = preset_specs("envelope", size)
    by_width = {}
    for s in specs:
        by_width.setdefault(s.train.width, []).append(s.train.tokens)
        assert s.train.eval_points >= 8  # each run records a learning curve
        assert dict(s.labels)["horizon_tokens"] == s.train.tokens
    assert len(by_width) >= 4
    # all but the largest sizes get two or more schedule lengths, no run twice
    assert sum(len(t) >= 2 for t in by_width.values()) >= len(by_width) - 1
    assert all(len(set(t)) == len(t) for t in by_width.values())


def test_envelope_full_spans_the_isoflop_budgets_and_sizes_within_its_cap():
    specs = preset_specs("envelope", "full")
    iso = [s for s in preset_specs("isoflop", "full") if "replicate" not in dict(s.labels)]
    cap = PRESETS["envelope"].build("full", 0)[1]["c_max_flops"]
    flops = [6 * _n_params(s) * s.train.tokens for s in specs]
    assert max(flops) <= cap * (1 + 1e-6)
    assert max(flops) >= max(dict(s.labels)["budget_flops"] for s in iso)
    assert min(flops) <= min(dict(s.labels)["budget_flops"] for s in iso)
    widths = {s.train.width for s in specs}
    assert min(widths) <= min(s.train.width for s in iso)
    assert len(preset_specs("envelope", "live")) < len(specs)


def test_envelope_rows_carry_the_learning_curve_to_the_final_loss():
    spec = preset_specs("envelope", "live")[0]
    tiny = RunSpec(TrainConfig(width=4, tokens=3_000, batch_size=100, eval_points=6), TINY,
                   labels=spec.labels)
    (row,) = tiny.run()
    assert len(row["curve_tokens"]) == len(row["curve_loss"]) >= 3
    assert np.all(np.diff(row["curve_tokens"]) > 0)
    assert row["curve_tokens"][-1] == row["tokens"]
    assert row["curve_loss"][-1] == row["final_loss"]


def test_cached_envelope_sweep_gives_an_approach_1_allocation():
    from scaling_lib.fitting import fit_envelope

    table = load_sweep("envelope")
    assert table.meta["preset"] == "envelope" and table.meta["size"] == "full"
    assert len(table) == len(preset_specs("envelope", "full"))
    pts = [(r["total_params"], t, loss, i) for i, r in enumerate(table)
           for t, loss in zip(r["curve_tokens"], r["curve_loss"], strict=True)
           if 6 * r["total_params"] * t >= 3e9]
    params, tokens, losses, runs = np.array(pts, dtype=float).T
    fit = fit_envelope(params, tokens, losses, runs=runs)
    assert 0.2 < fit.a < 0.6 and fit.a + fit.b == pytest.approx(1.0)


def test_cached_n_sweep_is_a_steady_power_law_above_a_floor_higher_than_the_entropy():
    # what chapter 1 says of the committed N-sweep (and why issue 4's slope target is missed):
    # L - H bends, while L - F with a freely fitted floor F > H has steady local slopes
    from scaling_lib.fitting import fit_power_law
    from scaling_lib.power_laws import local_slopes

    table = load_sweep("n_sweep")
    rows = sorted((r for r in table if not r.get("replicate")), key=lambda r: r["width"])
    n = np.array([r["non_embedding_params"] for r in rows], float)
    loss = np.array([r["final_loss"] for r in rows])
    entropy = table.meta["entropy_nats"]
    free = fit_power_law(n, loss, offset=True)
    assert 0.005 < free.offset - entropy < 0.03
    assert np.ptp(local_slopes(n, loss - entropy)) > 0.2
    assert np.ptp(local_slopes(n, loss - free.offset)) < 0.2


def test_command_all_regenerates_the_task_sweeps_too(monkeypatch, tmp_path, capsys):
    # `python -m scaling_lib.lab all` is the one command behind the cached data: it must run
    # every training preset and then every addition-task preset (stubbed here: the real
    # runs take minutes), writing each where --out says.
    from scaling_lib.lab import __main__ as cli
    from scaling_lib.lab import task
    from scaling_lib.lab.sweep import PRESETS, SweepTable

    ran = []

    def fake_preset(name, size, **_):
        ran.append(name)
        return SweepTable(name, [{"width": 8, "final_loss": 1.0}], {"wall_seconds": 0.0})

    def fake_task(name, size, **_):
        ran.append(f"task:{name}")
        return name

    monkeypatch.setattr(cli, "run_preset", fake_preset)
    monkeypatch.setattr(task, "run_task_sweep", fake_task)
    monkeypatch.setattr(task, "describe_task_sweep", lambda r: f"described {r}")
    monkeypatch.setattr(task, "save_task_sweep", lambda r, out: tmp_path / f"task_{r}.json")
    assert cli.main(["all", "--size", "full", "--out", str(tmp_path)]) == 0
    assert ran == [*PRESETS, *(f"task:{n}" for n in task.TASK_PRESETS)]
    assert (tmp_path / "n_sweep.json").exists()
    assert "task_emergence.json" in capsys.readouterr().out


@pytest.mark.parametrize("rule", ["own", "pretrain"])
def test_fine_tuning_rate_is_its_own_short_run_rate_or_the_pre_training_rate(rule):
    from scaling_lib.lab.sweep import RunSpec

    lang = LanguageConfig(n_contexts=512, context_length=3)
    target = LanguageConfig(**{**lang.to_dict(), "shared_fraction": 0.5})
    spec = RunSpec(TrainConfig(width=8, tokens=4096, batch_size=256, peak_lr=0.003), lang,
                   finetune_language=target, finetune_tokens=(1024,), finetune_lr=rule)
    pre, fine = spec.run()
    assert (fine["peak_lr"] == pre["peak_lr"]) == (rule == "pretrain")


def test_unknown_fine_tuning_rate_rule_is_refused():
    from scaling_lib.lab.sweep import RunSpec

    with pytest.raises(ValueError, match="finetune_lr"):
        RunSpec(TrainConfig(), finetune_lr="fast")


def test_seed_zero_is_the_main_cache_and_other_seeds_live_below_it(tmp_path):
    from scaling_lib.lab.sweep import DATA_DIR, seed_dir

    assert seed_dir(0) == DATA_DIR
    assert seed_dir(3) == DATA_DIR / "seeds" / "seed3"
    assert seed_dir(2, tmp_path) == tmp_path / "seeds" / "seed2"
    assert load_sweep("isoflop", seed_dir(1)).meta["seed"] == 1
    with pytest.raises(ValueError, match="seed"):
        seed_dir(-1)
