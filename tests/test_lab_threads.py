"""The lab runs its small matrix products on one BLAS thread, whatever the environment says.

Each test first raises every BLAS library to 2 threads (what a kernel started without the
Makefile's OPENBLAS_NUM_THREADS=1 gets on a 2-core machine), then records the thread
counts from inside the lab's work and checks they are 1 there and back to 2 afterwards.
"""

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from scaling_lib.lab import hardware
from scaling_lib.lab._threads import one_blas_thread
from scaling_lib.lab.language import make_language
from scaling_lib.lab.model import MLPLanguageModel
from scaling_lib.lab.parallel import map_in_workers
from scaling_lib.lab.task import (
    AdditionTask,
    evaluate_task_model,
    sample_answers,
    train_task_model,
)
from scaling_lib.lab.task_model import DigitMLP
from scaling_lib.lab.train import TrainConfig, train

HIGH = 2


def blas_threads() -> list[int]:
    """Threads of every BLAS library loaded in this process (numpy's, scipy's …)."""
    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]


@pytest.fixture
def two_blas_threads():
    with threadpool_limits(limits=HIGH, user_api="blas"):
        threads = blas_threads()
        if not threads or set(threads) != {HIGH}:
            pytest.skip(f"cannot raise this BLAS to {HIGH} threads (have {threads})")
        yield


def _spy(monkeypatch, owner, name, seen: list, fail: bool = False):
    """Replace ``owner.name`` by a wrapper that records the BLAS threads at each call."""
    original = getattr(owner, name)

    def spy(*args, **kwargs):
        seen.append(blas_threads())
        if fail:
            raise RuntimeError("stop")
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, spy)


def _assert_one_thread_inside_then_restored(seen):
    assert seen, "the spied function was never called"
    assert all(threads and set(threads) == {1} for threads in seen), seen
    assert set(blas_threads()) == {HIGH}


@pytest.fixture(scope="module")
def lang():
    return make_language(vocab_size=6, context_length=2, n_contexts=30)


def test_training_and_evaluation_run_on_one_blas_thread(two_blas_threads, monkeypatch, lang):
    seen = []
    _spy(monkeypatch, MLPLanguageModel, "loss_and_grads", seen)
    _spy(monkeypatch, MLPLanguageModel, "population_loss", seen)
    train(TrainConfig(width=8, tokens=1_500, batch_size=500, eval_points=1), lang,
          progress=False, peak_flops_per_second=1e10)
    assert len(seen) >= 4  # three steps and the final evaluation
    _assert_one_thread_inside_then_restored(seen)


def test_limit_is_restored_when_training_fails(two_blas_threads, monkeypatch, lang):
    seen = []
    _spy(monkeypatch, MLPLanguageModel, "loss_and_grads", seen, fail=True)
    with pytest.raises(RuntimeError, match="stop"):
        train(TrainConfig(width=8, tokens=500, batch_size=500), lang, progress=False,
              peak_flops_per_second=1e10)
    _assert_one_thread_inside_then_restored(seen)


def test_task_training_scoring_and_sampling_run_on_one_blas_thread(two_blas_threads,
                                                                   monkeypatch):
    seen = []
    _spy(monkeypatch, DigitMLP, "loss_and_grads", seen)
    _spy(monkeypatch, DigitMLP, "logits", seen)
    run = train_task_model(width=4, tokens=512, batch_tokens=256)
    n_training = len(seen)
    problems = AdditionTask().sample(5, seed=0)
    evaluate_task_model(run.model, problems)
    sample_answers(run.model, problems, n_samples=2)
    assert 0 < n_training < len(seen)
    _assert_one_thread_inside_then_restored(seen)


def test_matmul_measurement_runs_on_one_blas_thread(two_blas_threads, monkeypatch):
    seen = []

    class NumpySpy:
        def __getattr__(self, name):
            return getattr(np, name)

        def matmul(self, *args, **kwargs):
            seen.append(blas_threads())
            return np.matmul(*args, **kwargs)

    monkeypatch.setattr(hardware, "np", NumpySpy())
    assert hardware.measure_matmul_flops(size=32, repeats=2) > 0
    _assert_one_thread_inside_then_restored(seen)


def test_nested_limits_hold_until_the_outermost_ends(two_blas_threads):
    with one_blas_thread():
        assert set(blas_threads()) == {1}
        with one_blas_thread():
            assert set(blas_threads()) == {1}
        assert set(blas_threads()) == {1}
    assert set(blas_threads()) == {HIGH}


def _job_threads(_):
    return sorted(set(blas_threads()))


@pytest.mark.parametrize("workers", [0, 1])
def test_jobs_run_on_one_blas_thread_in_this_process_and_in_workers(two_blas_threads,
                                                                    monkeypatch, workers):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", str(HIGH))
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert map_in_workers(_job_threads, [0], workers=workers, progress=False) == [[1]]
    assert set(blas_threads()) == {HIGH}


def test_sweeps_record_the_blas_kernel_they_ran_under():
    from scaling_lib.lab._threads import blas_kernel
    from scaling_lib.lab.language import LanguageConfig
    from scaling_lib.lab.sweep import RunSpec, run_sweep
    from scaling_lib.lab.train import TrainConfig

    kernel = blas_kernel()
    assert kernel != "unknown" and " " in kernel  # e.g. "openblas SkylakeX"
    tiny = LanguageConfig(vocab_size=6, context_length=2, n_contexts=30)
    table = run_sweep([RunSpec(TrainConfig(width=4, tokens=1_000, batch_size=100), tiny)],
                      workers=0, progress=False)
    assert table.meta["blas_kernel"] == kernel
