"""Sweeps on any concurrent.futures executor or a Dask cluster (issue 33).

The Dask test starts a real ``distributed.LocalCluster`` (2 worker processes, one thread
each) and runs a small training sweep and a small addition-task sweep on it, given as a
client, as a client's executor and as the scheduler's address: the rows equal the local
pool's, every job ran on one BLAS thread, and the metadata says where the rows ran.
"""

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from scaling_lib.lab.language import LanguageConfig
from scaling_lib.lab.parallel import map_in_workers
from scaling_lib.lab.sweep import RunSpec, run_sweep
from scaling_lib.lab.task import EmergencePreset, run_emergence_sweep
from scaling_lib.lab.train import TrainConfig


def _square(x):
    return x * x


def _blas_threads_in_job(_):
    from threadpoolctl import threadpool_info

    return sorted({p["num_threads"] for p in threadpool_info()
                   if p.get("user_api") == "blas"})


_STARTED: list = []


def _fail_first_then_sleep(i):
    _STARTED.append(i)
    if i == 0:
        raise RuntimeError("job 0 failed")
    time.sleep(0.2)
    return i


def _tiny_jobs():
    lang = LanguageConfig(vocab_size=8, context_length=3, n_contexts=256)
    return [RunSpec(TrainConfig(width=w, tokens=2048, batch_size=256, seed=s), lang)
            for w in (8, 12) for s in (0, 1)]


TINY_TASK = EmergencePreset(widths=(2, 4), n_seeds=1, tokens=2048, answer_lengths=(2, 5),
                            problems_per_length=50)


def _rows(table):
    """Rows without what depends on the clock."""
    return [{k: v for k, v in r.items() if "second" not in k and k != "mfu"}
            for r in table.rows]


def _task(result):
    d = result.to_dict()
    d.pop("meta")
    return d


def test_a_thread_pool_gives_the_local_results_and_is_not_shut_down():
    with ThreadPoolExecutor(max_workers=2) as pool:
        out = map_in_workers(_square, [1, 2, 3, 4], order=[3, 1, 0, 2], executor=pool,
                             progress=False)
        assert out == [1, 4, 9, 16]
        assert pool.submit(_square, 5).result() == 25   # still open: not ours to close
        table = run_sweep(_tiny_jobs()[:2], executor=pool, progress=False, name="threads")
        local = run_sweep(_tiny_jobs()[:2], workers=0, progress=False, name="threads")
    assert _rows(table) == _rows(local)
    assert table.meta["executor"] == "ThreadPoolExecutor" and table.meta["workers"] == 2
    assert len(table.meta["row_hosts"]) == len(table.rows)
    assert local.meta["executor"] == "this process"


@pytest.mark.parametrize("bad", [3, "text", object(), [ThreadPoolExecutor]])
def test_a_bad_executor_is_refused_naming_the_argument(bad):
    with pytest.raises((TypeError, ValueError), match="executor"):
        map_in_workers(_square, [1], executor=bad)


def test_a_bad_executor_type_is_a_type_error():
    with pytest.raises(TypeError, match="executor"):
        run_sweep(_tiny_jobs()[:1], executor=42)
    with pytest.raises(TypeError, match="executor"):
        run_emergence_sweep(preset=TINY_TASK, executor=threading.Lock())


def test_when_a_job_fails_the_pending_jobs_are_cancelled():
    _STARTED.clear()
    with ThreadPoolExecutor(max_workers=1) as pool:
        with pytest.raises(RuntimeError, match="job 0 failed"):
            map_in_workers(_fail_first_then_sleep, list(range(20)), executor=pool,
                           progress=False)
    assert len(_STARTED) < 5, _STARTED


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c, distributed.Client(c) as client:
        yield client


def test_a_sweep_on_a_dask_local_cluster_equals_the_local_run(cluster):
    local = run_sweep(_tiny_jobs(), workers=0, progress=False, name="tiny")
    on_dask = run_sweep(_tiny_jobs(), executor=cluster, progress=False, name="tiny")
    assert _rows(on_dask) == _rows(local)
    assert on_dask.meta["executor"].startswith("dask ")
    assert on_dask.meta["workers"] == 2
    assert len(on_dask.meta["row_hosts"]) == len(on_dask.rows)
    assert cluster.status == "running"   # the caller's client stays open

    local_task = run_emergence_sweep(preset=TINY_TASK, workers=0, progress=False)
    for executor in (cluster.get_executor(), cluster.scheduler.address):
        task = run_emergence_sweep(preset=TINY_TASK, executor=executor, progress=False)
        assert _task(task) == _task(local_task)
        assert task.meta["workers"] == 2
        assert task.meta["executor"] == f"dask {cluster.scheduler.address}"
        assert len(task.meta["job_hosts"]) == len(TINY_TASK.widths)
    assert cluster.status == "running"


def test_every_job_on_a_dask_worker_runs_on_one_blas_thread(cluster):
    assert map_in_workers(_blas_threads_in_job, [0, 1, 2, 3], executor=cluster,
                          progress=False) == [[1]] * 4


def test_an_address_where_no_scheduler_answers_is_a_value_error(monkeypatch):
    pytest.importorskip("distributed")
    from scaling_lib.lab import parallel

    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT", 1)
    with pytest.raises(ValueError, match="executor: no Dask scheduler answered"):
        map_in_workers(_square, [1], executor="tcp://127.0.0.1:9")


def test_the_command_line_takes_a_scheduler_address(cluster, monkeypatch, tmp_path, capsys):
    from scaling_lib.lab import task

    monkeypatch.setitem(task.TASK_PRESETS["emergence"], "live", TINY_TASK)
    address = cluster.scheduler.address
    assert task.main(["live", "emergence", "--scheduler", address, "--out",
                      str(tmp_path)]) == 0
    saved = task.load_task_sweep("emergence", tmp_path)
    assert saved.meta["executor"] == f"dask {address}" and saved.meta["workers"] == 2
    assert cluster.status == "running"


def test_make_lab_data_passes_the_scheduler_to_every_sweep_command():
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    lines = subprocess.run(["make", "-n", "lab-data", "SCHEDULER=tcp://host:8786"], cwd=root,
                           capture_output=True, text=True, check=True).stdout
    commands = [line for line in lines.splitlines() if "-m scaling_lib.lab" in line]
    assert len(commands) == 3, commands
    # the per-seed commands continue on the next line, where --scheduler is
    assert lines.count("--scheduler tcp://host:8786") == 3
    plain = subprocess.run(["make", "-n", "lab-data"], cwd=root, capture_output=True,
                           text=True, check=True).stdout
    assert "--scheduler" not in plain


@pytest.mark.parametrize("env,expected", [({"MALLOC_TRIM_THRESHOLD_": "65536"}, "True"),
                                          ({}, "False")])
def test_a_worker_started_with_dasks_small_malloc_threshold_gets_glibcs_usual_one(env, expected):
    """Dask's nanny fixes glibc's thresholds at 64-128 KiB, which made each training job 1.7-1.9
    times slower on a LocalCluster's workers; a job undoes it (and leaves other processes
    alone)."""
    import subprocess
    import sys

    base = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    out = subprocess.run(
        [sys.executable, "-c", "from scaling_lib.lab.parallel import "
         "_undo_small_malloc_thresholds as f; print(f())"],
        env=base | env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected
