"""Chapter 8 lab: the SP/μP switch (gradient-checked), WSD schedules, branching a cooldown
from a saved state, batch-size runs that record steps and tokens to target losses."""

import numpy as np
import pytest

from scaling_lib.findings import MIN_SEEDS
from scaling_lib.lab.hyper import (
    HYPER_GRIDS,
    HyperConfig,
    HyperJob,
    eval_set,
    hyper_jobs,
    train_hyper,
    wsd_branches,
)
from scaling_lib.lab.language import make_language
from scaling_lib.lab.optim import Adam, warmup_stable_decay_lr
from scaling_lib.lab.parametrization import ParamMLP, ParamMLPConfig
from scaling_lib.lab.sweep import PRESETS


@pytest.fixture(scope="module")
def lang():
    return make_language(vocab_size=8, context_length=3, n_contexts=200)


@pytest.mark.parametrize("depth", [1, 2])
@pytest.mark.parametrize("parametrization", ["sp", "mup"])
def test_gradients_match_finite_differences(lang, depth, parametrization):
    cfg = ParamMLPConfig(vocab_size=8, context_length=3, width=12, embed_dim=4, depth=depth,
                         parametrization=parametrization, base_width=4)
    model = ParamMLP(cfg, seed=1, dtype=np.float64)
    X, y = lang.sample(16, np.random.default_rng(0))
    _, grads = model.loss_and_grads(X, y)
    assert set(grads) == set(model.params)
    rng = np.random.default_rng(2)
    for name, p in model.params.items():
        for idx in [tuple(rng.integers(0, n) for n in p.shape) for _ in range(4)]:
            old = p[idx]
            p[idx] = old + 1e-6
            up, _ = model.loss_and_grads(X, y)
            p[idx] = old - 1e-6
            down, _ = model.loss_and_grads(X, y)
            p[idx] = old
            assert grads[name][idx] == pytest.approx((up - down) / 2e-6, rel=1e-5, abs=1e-8)


def test_mup_equals_sp_at_the_base_width_and_rescales_elsewhere(lang):
    base = dict(vocab_size=8, context_length=3, width=16, embed_dim=4, base_width=16)
    sp = ParamMLP(ParamMLPConfig(**base, parametrization="sp"), seed=0)
    mup = ParamMLP(ParamMLPConfig(**base, parametrization="mup"), seed=0)
    for k in sp.params:
        assert np.array_equal(sp.params[k], mup.params[k])
    assert mup.output_multiplier == 1.0 and mup.lr_scale == {"W2": 1.0}
    wide = ParamMLP(ParamMLPConfig(**{**base, "width": 64}, parametrization="mup"), seed=0)
    assert wide.output_multiplier == 0.25 and wide.lr_scale == {"W2": 0.25}
    # output weights keep the base width's scale (variance 1/h_base), not 1/h
    assert np.std(wide.params["Wout"]) == pytest.approx(16**-0.5, rel=0.15)
    # μP's logits at initialisation shrink like 1/m (uncorrelated weights: √h · 1/h)
    X, _ = lang.sample(256, np.random.default_rng(0))
    assert np.std(wide.logits(X)) < np.std(sp.logits(X))


def test_adam_lr_scale_and_copy():
    p = {"a": np.ones(3), "b": np.ones(3)}
    g = {"a": np.ones(3), "b": np.ones(3)}
    opt = Adam()
    opt.step(p, g, 0.1, {"b": 0.5})
    assert np.allclose(1 - p["a"], 2 * (1 - p["b"]))
    twin = opt.copy()
    twin._m["a"] += 1
    assert not np.array_equal(twin._m["a"], opt._m["a"]) and twin._t == opt._t


def test_wsd_schedule_shape():
    lrs = [warmup_stable_decay_lr(t, 100, 1.0, 10, 20) for t in range(100)]
    assert lrs[0] == pytest.approx(0.1) and lrs[9] == 1.0
    assert set(lrs[10:80]) == {1.0}
    assert lrs[80] == 1.0 and lrs[99] == pytest.approx(0.05)
    assert all(a > b for a, b in zip(lrs[80:], lrs[81:], strict=False))
    sq = warmup_stable_decay_lr(90, 100, 1.0, 0, 20, shape="1-sqrt")
    assert sq == pytest.approx(1 - 0.5**0.5)
    # the rate before the cooldown does not depend on the run's length
    assert warmup_stable_decay_lr(50, 100, 1.0, 10, 20) == warmup_stable_decay_lr(
        50, 1000, 1.0, 10, 200)


def test_a_branch_is_exactly_a_separate_wsd_run(lang):
    cfg = HyperConfig(width=16, tokens=2048, batch_size=64, peak_lr=0.02, schedule="wsd",
                      cooldown_fraction=0.25, warmup_steps=2)
    rows = wsd_branches(cfg, [1024, 2048, 3072], lang)
    assert [r["tokens"] for r in rows] == [1024, 2048, 3072]
    for r in rows:
        alone = train_hyper(HyperConfig(**{**cfg.to_dict(), "tokens": r["tokens"],
                                           "target_losses": ()}), lang, progress=False)
        assert r["final_loss"] == pytest.approx(alone["final_loss"], rel=1e-6)
    # trunk to 0.75·3072 plus cooldowns of 256, 512 and 768 tokens
    steps = 3072 * 0.75 / 64 + (256 + 512 + 768) / 64
    assert rows[0]["shared_flops"] == pytest.approx(6 * rows[0]["total_params"] * 64 * steps)


def test_targets_record_steps_and_tokens(lang):
    cfg = HyperConfig(width=16, tokens=8192, batch_size=32, peak_lr=0.02,
                      schedule="constant", eval_every=4, target_losses=(5.0, 1e-3))
    row = train_hyper(cfg, lang, progress=False)
    hit, miss = row["targets"]["5"], row["targets"]["0.001"]
    assert hit["steps"] == 4.0 or hit["steps"] <= 4 and hit["tokens"] == hit["steps"] * 32
    assert miss == {"steps": None, "tokens": None}
    assert row["curve_steps"][0] == 4 and len(row["curve_loss"]) == len(row["curve_steps"])


def test_eval_set_estimates_the_population_loss():
    lang = make_language(vocab_size=8, context_length=4, n_contexts=4000)
    model = ParamMLP(ParamMLPConfig(vocab_size=8, context_length=4, width=16), seed=0)
    X, p, w = eval_set(lang, head=200, tail=400)
    est = float(w @ (-(p * model.log_probs(X)).sum(axis=1)))
    assert est == pytest.approx(model.population_loss(lang), rel=0.02)
    assert w.sum() == pytest.approx(1.0, rel=0.05)


def test_diverged_runs_stop_and_say_so(lang):
    row = train_hyper(HyperConfig(width=16, tokens=4096, batch_size=32, peak_lr=10.0), lang,
                      progress=False)
    assert row["diverged"] and row["final_loss"] is None


def test_presets_are_registered_and_meet_the_issues_minimum_grids():
    for name in ("lr_width", "batch_size", "hp_budgets", "wsd"):
        assert name in PRESETS
    g = HYPER_GRIDS["lr_width"]["full"]
    assert len(g["widths"]) >= 4 and max(g["widths"]) / min(g["widths"]) >= 8
    assert len(g["lrs"]) >= 7 and max(g["lrs"]) / min(g["lrs"]) >= 30 and g["seeds"] >= MIN_SEEDS
    assert len(HYPER_GRIDS["batch_size"]["full"]["targets"]) >= 2
    assert len(HYPER_GRIDS["hp_budgets"]["full"]["budgets"]) >= 3
    assert len(HYPER_GRIDS["wsd"]["full"]["multiples"]) >= 5
    jobs, settings = hyper_jobs("wsd", "full")
    assert isinstance(jobs[0], HyperJob) and jobs[0].branch_tokens
    assert len(jobs) == len(settings["lrs"]) * (1 + len(settings["multiples"]))
