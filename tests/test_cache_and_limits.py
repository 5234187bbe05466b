"""Cached data fail clearly; absurd sizes are refused before any work; fits are honest.

- a damaged or wrong-schema file under book/data/lab raises ValueError naming the file and
  saying how to regenerate it (``make lab-data``);
- size arguments have a ceiling, refused up front with a message giving it; the training
  account prices memory as well as FLOPs;
- degenerate data give ``converged=False`` with the reason; bootstraps skip and count failed
  resamples; a parameter at the edge of its search range is reported as such;
- a run whose training loss blew up is flagged in its record.
"""

import json
import math
import shutil
import time
import warnings

import numpy as np
import pytest

from scaling_lib import data_limits as dl
from scaling_lib import test_time as tt
from scaling_lib.chinchilla import PLAN_BUDGET_FLOPS, isoflop_bootstrap
from scaling_lib.fitting import FitConvergenceWarning, bootstrap_parametric, fit_parametric
from scaling_lib.lab import (
    BudgetExceededError,
    LanguageConfig,
    SweepTable,
    TrainConfig,
    TrainingAccount,
    load_sweep,
    make_language,
    train_model,
)
from scaling_lib.lab import sweep as sweep_module
from scaling_lib.lab import task as task_module
from scaling_lib.laws import HOFFMANN_2022

TINY = make_language(vocab_size=8, context_length=3, n_contexts=256)


# ------------------------------------------------------------------ cached files


@pytest.fixture
def data_dir(tmp_path):
    shutil.copy(sweep_module.DATA_DIR / "isoflop.json", tmp_path / "isoflop.json")
    shutil.copy(sweep_module.DATA_DIR / "task_sampling.json", tmp_path / "task_sampling.json")
    return tmp_path


@pytest.mark.parametrize("content, words", [
    ('{"meta": {}, "rows": [', "damaged"),
    ("\x00\xff", "damaged"),
    ("[1, 2, 3]", "does not hold a sweep table"),
    ('{"meta": {}, "rows": 3}', "rows"),
    ('{"rows": []}', "meta"),
])
def test_a_damaged_sweep_file_names_the_file_and_how_to_regenerate_it(data_dir, content,
                                                                     words):
    (data_dir / "isoflop.json").write_bytes(content.encode("latin-1"))
    with pytest.raises(ValueError, match=words) as err:
        load_sweep("isoflop", data_dir)
    assert "isoflop.json" in str(err.value) and "make lab-data" in str(err.value)


def test_a_missing_sweep_says_how_to_make_it(tmp_path):
    with pytest.raises(ValueError, match="make lab-data"):
        load_sweep("isoflop", tmp_path)
    with pytest.raises(ValueError, match="plain file name"):
        load_sweep("../isoflop", tmp_path)


@pytest.mark.parametrize("content, words", [
    ("{not json", "damaged"),
    ('{"kind": "emergence"}', "does not hold a sampling sweep"),
    ('{"kind": "sampling", "widths": [1]}', "wrong layout"),
    ("[]", "does not hold"),
])
def test_a_damaged_task_sweep_names_the_file_and_how_to_regenerate_it(data_dir, content,
                                                                     words):
    (data_dir / "task_sampling.json").write_text(content)
    with pytest.raises(ValueError, match=words) as err:
        task_module.load_task_sweep("sampling", data_dir)
    assert "task_sampling.json" in str(err.value) and "make lab-data" in str(err.value)


def test_the_cached_files_load_cleanly():
    assert len(load_sweep("isoflop")) > 10
    blob = json.loads((sweep_module.DATA_DIR / "isoflop.json").read_text())
    assert sweep_module._schema_problem(blob) == ""
    assert task_module.load_task_sweep("sampling").samples


# ------------------------------------------------------------------ limits before work


def test_the_account_refuses_a_run_that_cannot_fit_in_memory_before_spending():
    account = TrainingAccount(PLAN_BUDGET_FLOPS, TINY)
    start = time.monotonic()
    with pytest.raises(ValueError, match="width must be at most 65,536"):
        account.train(width=10**6, tokens=1)
    big = TrainingAccount(1e30)
    with pytest.raises(BudgetExceededError, match="GiB of memory"):
        big.train(width=60_000, tokens=512)
    assert time.monotonic() - start < 5
    assert account.spent_flops == 0 and big.spent_flops == 0 and not big.runs


def test_train_itself_refuses_a_run_that_cannot_fit():
    with pytest.raises(ValueError, match="GiB of memory"):
        train_model(TrainConfig(width=60_000, tokens=512), progress=False)


@pytest.mark.parametrize("call, words", [
    (lambda: LanguageConfig(context_length=1e308), "context_length must be at most 40"),
    (lambda: LanguageConfig(n_contexts=2**25), "n_contexts"),
    (lambda: tt.allocate_samples([0.5], 10**13), "total_samples must be at most"),
    (lambda: tt.majority_vote_accuracy(np.full(600, 1 / 600), 100), "simulate_majority_vote"),
    (lambda: fit_parametric(*_iso(), top_k=1e308), "top_k must be at most"),
    (lambda: dl.constrained_optimum(1e23, 1e9, grid_points=10**9), "grid_points"),
    (lambda: tt.pass_at_k(10**9, 1, 1), "at most 10,000,000"),
    (lambda: TrainConfig(tokens=10**12), "tokens must be at most"),
])
def test_absurd_sizes_are_refused_up_front_with_the_ceiling(call, words):
    start = time.monotonic()
    with pytest.raises(ValueError, match=words):
        call()
    assert time.monotonic() - start < 2


def test_a_huge_sample_budget_is_allocated_fast():
    start = time.monotonic()
    k = tt.allocate_samples([0.5], 10**8)
    assert time.monotonic() - start < 2
    assert 1 <= k[0] <= 10**8
    k = tt.allocate_samples([0.3, 0.05, 1e-9], 10**7)
    assert k.sum() <= 10**7 and k[1] > k[0]


# ------------------------------------------------------------------ honest fits


def _iso():
    from scaling_lib.fitting import synthetic_isoflop_data

    return synthetic_isoflop_data(HOFFMANN_2022, per_budget=5, budgets=[1e19, 1e20, 1e21])


@pytest.mark.parametrize("params, tokens, words", [
    ([1e8, 1e9] * 3, [2e9, 2e10] * 3, "params has 2 distinct values"),
    ([1e9] * 8, list(np.geomspace(1e9, 1e11, 8)), "params has 1 distinct value"),
    (list(np.geomspace(1e8, 1e10, 8)), [1e10] * 8, "tokens has 1 distinct value"),
])
def test_degenerate_data_give_converged_false_with_the_reason(params, tokens, words):
    params, tokens = np.array(params), np.array(tokens)
    with pytest.warns(FitConvergenceWarning, match=words):
        fit = fit_parametric(params, tokens, HOFFMANN_2022.loss(params, tokens))
    assert not fit.converged and words in fit.message
    with pytest.raises(RuntimeError, match=words):
        fit_parametric(params, tokens, HOFFMANN_2022.loss(params, tokens), on_failure="raise")


def test_good_data_still_converge():
    with warnings.catch_warnings():
        warnings.simplefilter("error", FitConvergenceWarning)
        assert fit_parametric(*_iso()).converged


def test_bootstraps_skip_and_count_failed_resamples():
    n = np.array([1e8, 1e9, 1e10, 1e8, 1e9, 1e10])
    d = np.array([1e9, 1e10, 1e11, 1e10, 1e9, 1e11])
    loss = np.array([3.0, 2.5, 2.2, 1e-300 + 2.9, 2.6, 2.1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitConvergenceWarning)
        boot = bootstrap_parametric(n, d, loss, n_resamples=30, seed=2)
    assert boot.n_resamples + boot.n_failed == 30
    assert np.all(np.isfinite(boot.samples))
    params = np.repeat([1e8, 2e8, 4e8], 2)
    tokens = 1e20 / (6 * params)
    losses = np.array([2.5, 2.95, 2.7, 2.7, 2.95, 2.5])  # some resamples open downwards
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitConvergenceWarning)
        out = isoflop_bootstrap(np.r_[params, params], np.r_[tokens, tokens * 10],
                                np.r_[losses, losses - 0.1], np.repeat([1e20, 1e21], 6),
                                n_resamples=50, seed=0)
    assert out.a_samples.size == 50 and out.n_failed > 0  # failures replaced, and counted



def test_an_isoflop_bootstrap_whose_refits_all_fail_stops_and_says_so(monkeypatch):
    import scaling_lib.chinchilla as ch

    real, calls = ch.fit_isoflop, []

    def only_the_first_fits(*args, **kwargs):
        calls.append(1)
        if len(calls) > 1:
            raise ValueError("the IsoFLOP parabola has no minimum (opens down)")
        return real(*args, **kwargs)

    monkeypatch.setattr(ch, "fit_isoflop", only_the_first_fits)
    n, d, loss = _iso()
    with pytest.raises(ValueError, match="none of 50 resamples"):
        ch.isoflop_bootstrap(n, d, loss, np.repeat([1e19, 1e20, 1e21], 5), n_resamples=5)
    assert len(calls) == 51  # the full fit, then at most 10 draws per resample


def test_a_parameter_at_its_search_bound_is_reported():
    fresh = dl.FreshCurve(2.0, 30.0, -0.3)
    tokens, unique = np.array([1e5, 1e5]), np.array([5e4, 2.5e4])
    perfect = fresh.loss(unique * dl.effective_epochs(tokens / unique, 1e6))
    with pytest.warns(FitConvergenceWarning, match="upper end of bounds"):
        fit = dl.fit_r_d_star(tokens, unique, perfect, fresh, bounds=(1e-2, 1e2))
    assert fit.at_bound == "upper"
    inner = dl.fit_r_d_star(tokens, unique, fresh.loss(unique * dl.effective_epochs(
        tokens / unique, 5.0)), fresh)
    assert inner.at_bound is None and inner.r_d_star == pytest.approx(5.0, rel=1e-3)
    with pytest.warns(FitConvergenceWarning, match="bound"):
        beta = tt.fit_beta_binomial([10] * 5, [10, 10, 10, 10, 9])
    assert beta.at_bound
    assert tt.fit_beta_binomial([10] * 4, [0, 1, 5, 9]).at_bound is None


# ------------------------------------------------------------------ diverged runs


def test_a_run_whose_training_loss_blew_up_is_flagged(monkeypatch):
    from scaling_lib.lab.model import MLPLanguageModel

    ok = train_model(TrainConfig(width=8, tokens=1024, batch_size=256), TINY,
                     peak_flops_per_second=1e9, progress=False)
    assert ok.diverged is False and ok.to_dict()["diverged"] is False
    real = MLPLanguageModel.loss_and_grads
    calls = []

    def blows_up_once(self, X, y):
        loss, grads = real(self, X, y)
        calls.append(1)
        return (math.inf if len(calls) == 2 else loss), grads

    monkeypatch.setattr(MLPLanguageModel, "loss_and_grads", blows_up_once)
    bad = train_model(TrainConfig(width=8, tokens=1024, batch_size=256), TINY,
                      peak_flops_per_second=1e9, progress=False)
    assert bad.diverged is True and bad.to_dict()["diverged"] is True


def test_an_empty_table_is_allowed_but_a_wrong_one_is_not():
    assert len(SweepTable("t", [])) == 0
    with pytest.raises(TypeError, match="rows must be a list of result rows"):
        SweepTable("t", [1, 2])
