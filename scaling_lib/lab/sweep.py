"""Sweeps: many lab trainings in parallel worker processes, collected into a table.

- :class:`RunSpec` describes one job (a training, optionally on a finite pool of
  data, optionally followed by fine-tuning on a related language).
- :func:`run_sweep` runs jobs in worker processes pinned to one BLAS thread each
  (two single-threaded workers beat one process with two BLAS threads on 2 cores)
  and returns a :class:`SweepTable`: one row per measured model, plus metadata
  (settings, seeds, library version, wall time, this machine's matmul peak, and where
  each row ran). With ``executor=`` the same jobs run on any ``concurrent.futures``
  executor or a Dask cluster instead (:func:`scaling_lib.lab.parallel.map_in_workers`).
- Presets (:data:`PRESETS`, :func:`preset_specs`, :func:`run_preset`) define the
  sweeps the chapters use, each in a ``"live"`` size (≤ 30 s on 2 cores) and a
  ``"full"`` size whose results are committed under ``book/data/lab/`` and read
  back with :func:`load_sweep`.

Any picklable object with ``run() -> list[dict]`` and a ``cost_flops`` attribute
can be a job, so other lab modules add presets with :func:`register_preset` (the
registry is :mod:`scaling_lib.lab.registry`; chapters 8 and 10 register theirs from
:mod:`~scaling_lib.lab.hyper`, :mod:`~scaling_lib.lab.efficiency` and
:mod:`~scaling_lib.lab.moe`, which import the registry, never this module).
"""

from __future__ import annotations

import csv
import json
import math
import os
import platform
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from scaling_lib._contract import accepts
from scaling_lib._validate import (
    InputTypeError,
    _show,
    as_choice,
    as_int,
    as_int_list,
    as_list_of,
    as_optional_bool,
    as_path,
    as_text,
    check_type,
)
from scaling_lib.lab._threads import blas_kernel
from scaling_lib.lab.language import MAX_SAMPLE, LanguageConfig, make_language
from scaling_lib.lab.parallel import map_jobs
from scaling_lib.lab.registry import (
    PRESETS,
    SIZES,
    Preset,  # noqa: F401 - re-exported
    _labels,
    _params,
    check_preset,
    register_preset,
)
from scaling_lib.lab.train import MAX_TOKENS, MAX_WIDTH, TrainConfig, train

__all__ = [
    "RunSpec", "SweepTable", "run_sweep", "transfer_jobs", "PRESETS", "preset_specs", "run_preset",
    "load_sweep", "save_sweep", "register_preset", "seed_spread", "seed_dir", "DATA_DIR",
    "SIZES",
    "REGENERATE",
]

#: where the committed full-size sweeps live (``book/data/lab`` in the repository)
DATA_DIR = Path(__file__).resolve().parents[2] / "book" / "data" / "lab"
#: How to rebuild the cached sweeps, for error messages about a missing or damaged file.
REGENERATE = "run `make lab-data` (about 45 minutes) to regenerate book/data/lab"


# --------------------------------------------------------------------- jobs
@accepts(labels={"empty_list": "no extra columns"})
@dataclass(frozen=True)
class RunSpec:
    """One sweep job.

    Attributes
    ----------
    train : TrainConfig
        The (pre-)training run.
    language : LanguageConfig
        The language trained on and evaluated on.
    unique_tokens : int or None
        Train on a finite pool of this many unique tokens, repeated (``None``: fresh data).
    finetune_language : LanguageConfig or None
        If set, the trained model is then fine-tuned on this language ...
    finetune_tokens : tuple of int
        ... once for each of these token counts (each from the same pre-trained weights),
        one result row per count, evaluated on ``finetune_language``.
    finetune_lr : str
        Peak learning rate of each fine-tuning run: ``"own"`` uses :func:`width_lr` of the
        fine-tuning run's own tokens (high for short runs); ``"pretrain"`` re-uses the
        pre-training run's peak rate (re-warmed, then decayed over the fine-tuning tokens).
    labels : tuple of (str, value) pairs
        Extra columns copied into every row (e.g. the IsoFLOP budget).
    """

    train: TrainConfig
    language: LanguageConfig = field(default_factory=LanguageConfig)
    unique_tokens: int | None = None
    finetune_language: LanguageConfig | None = None
    finetune_tokens: tuple = ()
    labels: tuple = ()
    finetune_lr: str = "own"

    def __post_init__(self):
        check_type("train", self.train, TrainConfig, "a TrainConfig")
        check_type("language", self.language, LanguageConfig, "a LanguageConfig")
        if self.unique_tokens is not None:
            as_int("unique_tokens", self.unique_tokens, maximum=MAX_SAMPLE)
        if self.finetune_language is not None:
            check_type("finetune_language", self.finetune_language, LanguageConfig,
                       "None or a LanguageConfig")
        if not isinstance(self.finetune_tokens, tuple):
            raise InputTypeError(f"finetune_tokens must be a tuple of token counts, got "
                                 f"{_show(self.finetune_tokens)}")
        as_int_list("finetune_tokens", self.finetune_tokens, maximum=MAX_TOKENS, allow_empty=True)
        if self.finetune_tokens and self.finetune_language is None:
            raise ValueError("finetune_tokens needs a finetune_language to fine-tune on, got "
                             f"finetune_language=None with finetune_tokens={self.finetune_tokens}")
        _labels("labels", self.labels)
        as_choice("finetune_lr", self.finetune_lr, ("own", "pretrain"))

    @property
    def cost_flops(self) -> float:
        """Approximate training FLOPs of the whole job (for scheduling the longest first)."""
        lang = self.language
        k, v, d, h = lang.context_length, lang.vocab_size, self.train.embed_dim, self.train.width
        n = k * d * h + h + h * v + v
        return 6.0 * n * (self.train.tokens + sum(self.finetune_tokens))

    def run(self) -> list[dict]:
        """Train (and fine-tune) in this process; return the result rows."""
        lang = make_language(**self.language.to_dict())
        data = lang.pool(self.unique_tokens, seed=self.train.seed) if self.unique_tokens else None
        base = dict(self.labels)
        keep = bool(self.finetune_tokens)
        res = train(self.train, lang, data=data, progress=False, keep_model=keep)
        row = {**base, **res.to_dict(), "phase": "pretrain" if keep else "train"}
        rows = [row]
        if keep:
            target = make_language(**self.finetune_language.to_dict())
            for tokens in self.finetune_tokens:
                lr = res.peak_lr if self.finetune_lr == "pretrain" else None
                cfg = TrainConfig(**{**self.train.to_dict(), "tokens": int(tokens),
                                     "eval_points": 0, "peak_lr": lr})
                ft = train(cfg, target, init_model=res.model, progress=False)
                rows.append({**base, **ft.to_dict(), "phase": "finetune",
                             "pretrain_tokens": res.tokens, "finetune_tokens": ft.tokens})
        return rows


def _worker_run(job) -> list[dict]:
    start = time.perf_counter()
    rows = job.run()
    wall = time.perf_counter() - start
    for r in rows:
        r.setdefault("job_wall_seconds", wall)
    return rows


# -------------------------------------------------------------------- table
@accepts(rows={k: "a table with no rows (e.g. a filter that matched nothing)"
               for k in ("empty_list", "empty_array")})
@dataclass
class SweepTable:
    """Results of a sweep: ``rows`` (one dict per model) and ``meta`` (how they were made).

    ``table["final_loss"]`` gives a column as a numpy array, ``table.where(width=64)`` a
    filtered table, ``len(table)`` the number of rows; iterate for the row dicts.
    """

    name: str
    rows: list[dict]
    meta: dict = field(default_factory=dict)

    def __post_init__(self):
        as_text("name", self.name)
        self.rows = as_list_of("rows", self.rows, dict, "result rows (dicts)", allow_empty=True)
        check_type("meta", self.meta, dict, "a dict")

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    @property
    def columns(self) -> list[str]:
        seen: dict[str, None] = {}
        for r in self.rows:
            for k in r:
                seen.setdefault(k, None)
        return list(seen)

    def __getitem__(self, column: str) -> np.ndarray:
        if column not in self.columns:
            raise KeyError(f"no column {column!r}; columns are {', '.join(self.columns)}")
        values = [r.get(column) for r in self.rows]
        if all(isinstance(v, int | float | np.number) and v is not None
               and not isinstance(v, bool) for v in values):
            return np.asarray(values, dtype=float)
        return np.asarray(values, dtype=object)

    def where(self, **equal) -> SweepTable:
        """Rows whose columns equal the given values, e.g. ``where(phase="finetune")``."""
        rows = [r for r in self.rows if all(r.get(k) == v for k, v in equal.items())]
        return SweepTable(self.name, rows, self.meta)

    def to_json(self, path: str | Path) -> Path:
        path = as_path("path", path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"meta": self.meta, "rows": self.rows}, indent=1,
                                   default=_json_default) + "\n")
        return path

    def to_csv(self, path: str | Path) -> Path:
        """Scalar columns only (learning curves are in the JSON)."""
        path = as_path("path", path)
        path.parent.mkdir(parents=True, exist_ok=True)
        cols = [c for c in self.columns
                if not any(isinstance(r.get(c), list | tuple | dict) for r in self.rows)]
        with path.open("w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
            w.writeheader()
            for r in self.rows:
                w.writerow({c: _fmt(r.get(c)) for c in cols})
        return path

    @classmethod
    def from_json(cls, path: str | Path, name: str | None = None) -> SweepTable:
        """Read a table written by :meth:`to_json`. A missing, damaged or wrong-schema file
        raises ``ValueError`` naming the file and saying how to regenerate it."""
        path = as_path("path", path)
        if name is not None:
            as_text("name", name)
        try:
            blob = json.loads(path.read_text())
        except FileNotFoundError:
            raise ValueError(f"path: no file {path}; {REGENERATE}") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ValueError(f"path: the sweep file {path} is damaged and cannot be read "
                             f"({type(err).__name__}: {err}); {REGENERATE}") from None
        problem = _schema_problem(blob)
        if problem:
            raise ValueError(f"path: the sweep file {path} does not hold a sweep table "
                             f"({problem}); {REGENERATE}")
        return cls(name or blob["meta"].get("preset", path.stem), blob["rows"], blob["meta"])

    @accepts(columns={"str_array": "a list of column names; names the table lacks are skipped"})
    def summary(self, columns: Iterable[str] = ("width", "total_params", "tokens", "flops",
                                                "final_loss", "excess_loss")) -> str:
        """A plain-text table of the chosen columns."""
        columns = as_list_of("columns", columns, str, "column names")
        cols = [c for c in columns if c in self.columns]
        lines = ["  ".join(f"{c:>14}" for c in cols)]
        for r in self.rows:
            lines.append("  ".join(f"{_fmt(r.get(c)):>14}" for c in cols))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"SweepTable({self.name!r}, {len(self.rows)} rows, columns={self.columns})"


def _schema_problem(blob) -> str:
    """Why ``blob`` (parsed JSON) is not a sweep table, or "" if it is one."""
    if not isinstance(blob, dict):
        return f"expected an object with 'meta' and 'rows', found {type(blob).__name__}"
    if not isinstance(blob.get("meta"), dict):
        return "its 'meta' is missing or not an object"
    rows = blob.get("rows")
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        return "its 'rows' is missing or not a list of objects"
    return ""


def _fmt(v):
    if isinstance(v, float):
        return f"{v:.6g}"
    return "" if v is None else v


def _json_default(o):
    if isinstance(o, np.integer):
        return int(o)
    if isinstance(o, np.floating):
        return float(o)
    if isinstance(o, np.ndarray):
        return o.tolist()
    raise TypeError(f"cannot store {type(o).__name__} in JSON")


# ------------------------------------------------------------------- runner
def run_sweep(
    jobs: list,
    *,
    workers: int | None = None,
    progress: bool | None = None,
    name: str = "sweep",
    meta: dict | None = None,
    executor=None,
) -> SweepTable:
    """Run ``jobs`` (e.g. :class:`RunSpec`) in parallel worker processes; collect a table.

    Parameters
    ----------
    jobs : list
        Picklable objects with ``run() -> list[dict]`` and ``cost_flops``.
    workers : int, optional
        Worker processes (default: the number of cores, at most 2 … 8; 0 runs every job in
        this process), each pinned to one BLAS thread (the thread environment variables are
        set before numpy is imported, and ``threadpoolctl`` limits the thread pools in each
        worker).
    progress : bool or None
        Progress bar over finished jobs; ``None`` shows it after 2 seconds.
    name : str
        Name stored in the table.
    meta : dict, optional
        Extra metadata (the preset's settings).
    executor : Executor, distributed.Client or str, optional
        Run the jobs there instead of local worker processes (``workers`` is then
        ignored): any ``concurrent.futures.Executor``, a Dask ``distributed.Client``, or a
        Dask scheduler address such as ``"tcp://host:8786"``
        (:func:`scaling_lib.lab.parallel.map_in_workers`). The rows are the same as the
        local pool's; the metadata records the executor, its worker count and the host
        of every row.

    Returns
    -------
    SweepTable
        Rows in the order of ``jobs``; ``meta`` records library version, wall time,
        workers, the median matmul peak of the workers and the machine.
    """
    if isinstance(jobs, str | bytes) or not hasattr(jobs, "__iter__"):
        raise InputTypeError(f"jobs must be a list of jobs (e.g. RunSpec), got {_show(jobs)}")
    jobs = list(jobs)
    if not jobs:
        raise ValueError("jobs is empty: give at least one RunSpec")
    for j in jobs:
        if not (hasattr(j, "run") and hasattr(j, "cost_flops")):
            raise InputTypeError(f"jobs: each job needs run() and cost_flops, got {_show(j)} "
                                 f"({type(j).__name__}) in {_show(jobs)}")
    progress = as_optional_bool("progress", progress)
    as_text("name", name)
    if meta is not None:
        check_type("meta", meta, dict, "None or a dict")
    if workers is None:
        workers = max(1, min(os.cpu_count() or 1, 8))
    workers = as_int("workers", workers, minimum=0, maximum=256)
    workers = min(workers, len(jobs))

    from scaling_lib import __version__

    order = sorted(range(len(jobs)), key=lambda i: -jobs[i].cost_flops)
    start = time.perf_counter()
    run = map_jobs(_worker_run, jobs, workers=workers, progress=progress, desc=name,
                   order=order, executor=executor)
    wall = time.perf_counter() - start
    results = run.results
    rows = [r for result in results for r in result]
    peaks = [r["peak_flops_per_second"] for r in rows if "peak_flops_per_second" in r]
    info = {
        "name": name,
        "library_version": __version__,
        "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "wall_seconds": wall,
        "workers": workers if executor is None else run.workers,
        "blas_threads_per_worker": 1,
        "jobs": len(jobs),
        "peak_flops_per_second": float(np.median(peaks)) if peaks else None,
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas_kernel": blas_kernel(),
        "note": "times measured on a shared machine; other jobs can slow any run",
        # where the rows ran (issue 33): the executor, and one host per row, in row order
        "executor": run.executor,
        "hosts": sorted(set(run.hosts)),
        "row_hosts": [h for result, h in zip(results, run.hosts, strict=True)
                      for _ in result],
    }
    info.update(meta or {})
    return SweepTable(name, rows, info)


# ------------------------------------------------------------------ presets
def _geom_ints(lo: float, hi: float, n: int, multiple: int = 1) -> list[int]:
    vals = np.geomspace(lo, hi, n)
    return sorted({max(multiple, int(round(v / multiple)) * multiple) for v in vals})


#: The N-sweep trains each model on D = D0 · (N / N0)^s tokens, s the Zipf exponent of the
#: language. A model of N parameters can hold a number of contexts proportional to N, and
#: context r is seen D·f_r ∝ D·r^(−s) times, so D ∝ N^s shows every model its learnable
#: contexts equally often: the excess loss is then set by the parameters alone (in the
#: Chinchilla form, A/N^α + B/D^β with D ∝ N^(α/β) is a pure power law in N).
N_SWEEP = {"live": ([24, 48, 96, 192], 60_000), "full": (None, 200_000)}


def _n_sweep(size: str, seed: int) -> tuple[list, dict]:
    lang = LanguageConfig()
    widths, d0 = N_SWEEP[size]
    widths = widths or _geom_ints(24, 384, 8)
    n0 = _params(widths[0], lang)
    tokens = [int(round(d0 * (_params(w, lang) / n0) ** lang.zipf_exponent)) for w in widths]
    specs = [RunSpec(TrainConfig(width=w, tokens=t, seed=seed), lang)
             for w, t in zip(widths, tokens, strict=True)]
    specs += _replicates(specs[len(specs) // 2], seed, 2 if size == "live" else 3)
    return specs, {"widths": widths, "tokens": tokens,
                   "rule": "tokens = D0 * (params / params0) ** zipf_exponent"}


def _d_sweep(size: str, seed: int) -> tuple[list, dict]:
    lang = LanguageConfig()
    if size == "live":
        width, tokens = 256, _geom_ints(5e4, 8e5, 5, 512)
    else:
        width, tokens = 512, _geom_ints(5e4, 4e6, 9, 512)
    specs = [RunSpec(TrainConfig(width=width, tokens=t, seed=seed), lang) for t in tokens]
    specs += _replicates(specs[len(specs) // 2], seed, 2 if size == "live" else 3)
    return specs, {"width": width, "tokens": tokens}


#: IsoFLOP budgets (FLOPs, 6·N·D with N total) and sizes per budget. The sizes are
#: log-spaced over a factor ``ISOFLOP_SPAN`` either side of N ≈ √(C / (6·80)) (the
#: compute-optimal size if the optimum sat near 80 tokens per parameter; chapter 2's
#: Approach-3 fits put it between about 30 and 70 over these budgets, five seeds), slid
#: up where that would go below ``MIN_WIDTH``.
ISOFLOP_GRID = {"live": ([3e9, 7e9, 1.6e10], 5), "full": ([6e9, 2e10, 6e10, 2e11], 6)}
ISOFLOP_SPAN = 4.5
MIN_STEPS = 96
#: hidden layers not much wider than the vocabulary are rank-limited: a different regime
MIN_WIDTH = 24


def _width_for_params(params: float, lang: LanguageConfig, embed_dim: int = 16) -> int:
    k, v = lang.context_length, lang.vocab_size
    per_unit = k * embed_dim + 1 + v
    return max(4, int(round((params - v * embed_dim - v) / per_unit)))


def _isoflop(size: str, seed: int) -> tuple[list, dict]:
    lang = LanguageConfig()
    budgets, n_sizes = ISOFLOP_GRID[size]
    specs = []
    for c in budgets:
        centre = math.sqrt(c / (6 * 80))
        # the window of sizes never starts below MIN_WIDTH; if clipped, it slides up
        # and never ends where a run would have fewer than MIN_STEPS steps
        low = max(centre / ISOFLOP_SPAN, _params(MIN_WIDTH, lang))
        high = min(low * ISOFLOP_SPAN**2, 0.95 * c / (6 * MIN_STEPS * TrainConfig().batch_size))
        widths = sorted({_width_for_params(n, lang)
                         for n in np.geomspace(low, high, n_sizes)})
        for w in widths:
            tokens = int(round(c / (6 * _params(w, lang))))
            if tokens < MIN_STEPS * TrainConfig().batch_size:
                continue
            specs.append(RunSpec(TrainConfig(width=w, tokens=tokens, seed=seed), lang,
                                 labels=(("budget_flops", c),)))
    mid = [s for s in specs if s.labels[0][1] == budgets[1]]
    specs += _replicates(mid[len(mid) // 2], seed, 2 if size == "live" else 3)
    return specs, {"budgets_flops": budgets, "sizes_per_budget": n_sizes,
                   "span": ISOFLOP_SPAN}


def _repeated(size: str, seed: int) -> tuple[list, dict]:
    lang = LanguageConfig()
    if size == "live":
        width, tokens, epochs = 128, 600_000, [1, 2, 4, 8, 16, 40]
    else:
        width, tokens, epochs = 256, 2_000_000, [1, 2, 4, 8, 16, 32, 64, 128]
    specs = [RunSpec(TrainConfig(width=width, tokens=tokens, seed=seed), lang,
                     unique_tokens=None if e == 1 else int(tokens // e),
                     labels=(("planned_epochs", e),)) for e in epochs]
    specs += _replicates(specs[len(specs) // 2], seed, 2)
    return specs, {"width": width, "tokens": tokens, "epochs": epochs}


@accepts(**{arg: {"empty_list": "no jobs of that kind", "empty_array": "no jobs of that kind"}
            for arg in ("pretrain_tokens", "finetune_tokens", "scratch_tokens", "labels")})
def transfer_jobs(width: int, shared_fraction: float, pretrain_tokens=(), finetune_tokens=(),
                  scratch_tokens=(), *, seed: int = 0, finetune_lr: str = "own",
                  labels: tuple = ()) -> list[RunSpec]:
    """Jobs that measure transfer at one width (chapter 7).

    One job per entry of ``pretrain_tokens`` pre-trains on the default language and then
    fine-tunes copies on each of ``finetune_tokens`` of the related language sharing
    ``shared_fraction`` of its next-token laws; one job per entry of ``scratch_tokens``
    trains the same width from scratch on the related language. Rows are labelled with
    ``shared_fraction``, ``pretrain_tokens`` (0 from scratch), the extra ``labels`` and, from
    scratch, ``finetune_tokens``, which is what :func:`scaling_lib.finetuning.measure_transfer`
    reads.
    """
    width = as_int("width", width, maximum=MAX_WIDTH)
    pretrain_tokens = as_int_list("pretrain_tokens", pretrain_tokens, maximum=MAX_TOKENS,
                                  allow_empty=True)
    finetune_tokens = as_int_list("finetune_tokens", finetune_tokens, maximum=MAX_TOKENS,
                                  allow_empty=True)
    scratch_tokens = as_int_list("scratch_tokens", scratch_tokens, maximum=MAX_TOKENS,
                                 allow_empty=True)
    as_choice("finetune_lr", finetune_lr, ("own", "pretrain"))
    labels = _labels("labels", labels)
    seed = as_int("seed", seed, minimum=0)
    base = LanguageConfig()
    target = base.related(shared_fraction)
    shared = (("shared_fraction", target.shared_fraction),)
    jobs = [RunSpec(TrainConfig(width=width, tokens=p, seed=seed), base,
                    finetune_language=target, finetune_tokens=tuple(finetune_tokens),
                    finetune_lr=finetune_lr, labels=shared + (("pretrain_tokens", p),) + labels)
            for p in pretrain_tokens]
    jobs += [RunSpec(TrainConfig(width=width, tokens=t, seed=seed), target,
                     labels=shared + (("pretrain_tokens", 0),) + labels + (("finetune_tokens", t),))
             for t in scratch_tokens]
    return jobs


def _finetune(size: str, seed: int) -> tuple[list, dict]:
    if size == "live":
        width, shared, pre, ft = 128, [0.5], [300_000], [10_000, 40_000, 160_000]
    else:
        width, shared = 256, [0.25, 0.5, 0.75]
        pre, ft = [250_000, 1_000_000], [10_000, 30_000, 100_000, 300_000, 1_000_000]
    # from-scratch runs first, then the pre-trained ones, per shared fraction
    specs = [job for s in shared for job in (transfer_jobs(width, s, scratch_tokens=ft, seed=seed)
                                             + transfer_jobs(width, s, pre, ft, seed=seed))]
    return specs, {"width": width, "shared_fractions": shared, "pretrain_tokens": [0, *pre],
                   "finetune_tokens": ft}


#: Transfer over model sizes (chapter 7's β): each width is pre-trained either on a fixed
#: number of tokens or on a number proportional to its size (``tokens_per_param``, so larger
#: models end pre-training knowing more, as when each is trained near its data optimum),
#: then fine-tuned; every width also has a from-scratch curve on the target language.
FINETUNE_SIZES_GRID = {
    "live": {"widths": [32, 128], "tokens_per_param": 150, "fixed_tokens": 500_000,
             "finetune": [30_000, 100_000, 300_000],
             "scratch": [10_000, 30_000, 100_000, 300_000, 1_000_000]},
    "full": {"widths": [32, 64, 128, 256], "tokens_per_param": 300, "fixed_tokens": 1_000_000,
             "finetune": [30_000, 100_000, 300_000],
             "scratch": [10_000, 30_000, 100_000, 300_000, 1_000_000, 3_000_000]},
}
FINETUNE_SIZES_SHARED = 0.75


def _finetune_sizes(size: str, seed: int) -> tuple[list, dict]:
    grid = FINETUNE_SIZES_GRID[size]
    s = FINETUNE_SIZES_SHARED
    specs = []
    for w in grid["widths"]:
        rules = {"per_param": int(round(grid["tokens_per_param"] * _params(w, LanguageConfig()))),
                 "fixed": grid["fixed_tokens"]}
        for rule, pre in rules.items():
            # the short-run rate of width_lr is far higher than a long pre-training's rate
            specs += transfer_jobs(w, s, [pre], grid["finetune"], seed=seed,
                                   finetune_lr="pretrain", labels=(("pretrain_rule", rule),))
        specs += transfer_jobs(w, s, scratch_tokens=grid["scratch"], seed=seed,
                               labels=(("pretrain_rule", "scratch"),))
    return specs, {**grid, "shared_fraction": s, "finetune_lr": "pretrain",
                   "rules": "per_param: pretrain tokens = tokens_per_param × total params; "
                            "fixed: pretrain tokens = fixed_tokens for every width"}


def _replicates(spec: RunSpec, seed: int, n: int) -> list[RunSpec]:
    """Copies of ``spec`` with seeds seed+1 … seed+n-1, labelled for the seed-spread report."""
    out = []
    for i in range(1, n):
        cfg = TrainConfig(**{**spec.train.to_dict(), "seed": seed + i})
        out.append(RunSpec(cfg, spec.language, spec.unique_tokens, spec.finetune_language,
                           spec.finetune_tokens, spec.labels + (("replicate", i),),
                           spec.finetune_lr))
    return out


register_preset("n_sweep", _n_sweep,
                "loss vs parameters: widths swept at a large, fixed token count (chapter 1)")
register_preset("d_sweep", _d_sweep,
                "loss vs data: token counts swept for one large model (chapter 1)")
register_preset("isoflop", _isoflop,
                "IsoFLOP grid: at each compute budget, sizes swept with D = C / 6N (chapter 2)")
register_preset("repeated_data", _repeated,
                "fixed model and token budget, data repeated for 1 … many epochs (chapter 3)")
register_preset("finetune", _finetune,
                "pretrain on one language, fine-tune on a related one vs from scratch (chapter 7)")
register_preset("finetune_sizes", _finetune_sizes,
                "transfer over model sizes: fixed vs size-proportional pre-training (chapter 7)")


#: Approach-1 sweep (training-curve envelope of ``hoffmann2022training``): each width is
#: trained for several horizons D = r·N (r tokens per parameter), each run with its own
#: warm-up + cosine schedule, and records ``eval_points`` exact-loss points of its curve.
#: Horizons costing more than ``c_max`` FLOPs are capped at ``c_max`` (then deduplicated),
#: so the largest widths get fewer runs; every width keeps at least one.
ENVELOPE_GRID = {
    "live": {"widths": [24, 48, 96, 192], "ratios": [20, 160], "c_max": 2e10,
             "eval_points": 8},
    "full": {"widths": None, "ratios": [20, 40, 80, 160, 320], "c_max": 2.5e11,
             "eval_points": 12},
}


def _envelope(size: str, seed: int) -> tuple[list, dict]:
    lang = LanguageConfig()
    grid = ENVELOPE_GRID[size]
    widths = grid["widths"] or _geom_ints(24, 540, 7)
    batch = TrainConfig().batch_size
    specs, horizons = [], {}
    for w in widths:
        n = _params(w, lang)
        tokens = sorted({min(int(round(r * n)), int(grid["c_max"] / (6 * n)))
                         for r in grid["ratios"]})
        tokens = [max(t, MIN_STEPS * batch) for t in tokens]
        horizons[w] = sorted(set(tokens))
        for t in horizons[w]:
            specs.append(RunSpec(TrainConfig(width=w, tokens=t, seed=seed,
                                             eval_points=grid["eval_points"]), lang,
                                 labels=(("horizon_tokens", t),)))
    return specs, {"widths": widths, "tokens_per_param": grid["ratios"],
                   "c_max_flops": grid["c_max"], "eval_points": grid["eval_points"],
                   "horizons": {str(w): h for w, h in horizons.items()},
                   "rule": "tokens = min(r * params, c_max / (6 * params)), "
                           "at least MIN_STEPS batches"}


register_preset("envelope", _envelope,
                "training curves of each size at several horizons, for Approach 1 (chapter 2)")


def preset_specs(name: str, size: str = "live", seed: int = 0) -> list:
    """The jobs of preset ``name`` at ``size`` ("live" or "full")."""
    return check_preset(name, size).build(size, as_int("seed", seed, minimum=0))[0]


def run_preset(name: str, size: str = "live", *, seed: int = 0, workers: int | None = None,
               progress: bool | None = None, executor=None) -> SweepTable:
    """Run a preset sweep now and return its table (the "live" size takes ≤ 30 s on 2 cores).

    Example: ``table = run_preset("isoflop")`` in a chapter, next to the cached
    ``load_sweep("isoflop")``. ``executor``: as in :func:`run_sweep` (e.g. a Dask
    ``distributed.Client``, or a scheduler address).
    """
    preset = check_preset(name, size)
    seed = as_int("seed", seed, minimum=0)
    progress = as_optional_bool("progress", progress)
    if workers is not None:
        as_int("workers", workers, minimum=0, maximum=256)
    jobs, settings = preset.build(size, seed)
    lang = getattr(jobs[0], "language", None)
    meta = {"preset": name, "size": size, "seed": seed, "description": preset.description,
            "settings": settings}
    if isinstance(lang, LanguageConfig):
        meta["language"] = lang.to_dict()
        meta["entropy_nats"] = make_language(**lang.to_dict()).entropy_nats
    return run_sweep(jobs, workers=workers, progress=progress, name=name, meta=meta,
                     executor=executor)


def save_sweep(table: SweepTable, directory: str | Path | None = None) -> list[Path]:
    """Write ``<name>.json`` (rows + metadata) and ``<name>.csv`` (scalar columns)."""
    check_type("table", table, SweepTable, "a SweepTable")
    directory = as_path("directory", directory) if directory is not None else DATA_DIR
    _check_file_name("table.name", table.name)
    try:
        return [table.to_json(directory / f"{table.name}.json"),
                table.to_csv(directory / f"{table.name}.csv")]
    except OSError as err:
        raise ValueError(f"directory {str(directory)!r} cannot be written: {err}") from None


def seed_dir(seed: int, directory: str | Path | None = None) -> Path:
    """The folder holding the cached sweeps of ``seed``.

    Seed 0 is the main cache (``directory``, by default :data:`DATA_DIR`); seed N ≥ 1 of a
    sweep whose findings need more seeds is in ``seeds/seedN`` below it, written by
    ``python -m scaling_lib.lab NAME --size full --seed N --out .../seeds/seedN``
    (``make lab-data``): same settings, another initialisation and data order.
    """
    seed = as_int("seed", seed, minimum=0)
    root = as_path("directory", directory) if directory is not None else DATA_DIR
    return root if seed == 0 else root / "seeds" / f"seed{seed}"


def load_sweep(name: str, directory: str | Path | None = None) -> SweepTable:
    """Load the committed full-size sweep ``name`` (e.g. ``load_sweep("isoflop")``).

    A missing, damaged or wrong-schema file raises ``ValueError`` naming the file and saying
    how to regenerate it (``make lab-data``).
    """
    _check_file_name("name", name)
    directory = as_path("directory", directory) if directory is not None else DATA_DIR
    path = directory / f"{name}.json"
    if not path.exists():
        have = sorted(p.stem for p in directory.glob("*.json")) if directory.is_dir() else []
        raise ValueError(f"no cached sweep name={name!r} in directory {str(directory)!r}; "
                         f"available: {', '.join(have) or 'none'} (make it with "
                         f"`python -m scaling_lib.lab {name} --size full`, or {REGENERATE})")
    try:
        return SweepTable.from_json(path, name)
    except ValueError as err:
        raise ValueError(f"name {name!r}: {str(err).removeprefix('path: ')}") from None


def _check_file_name(what: str, name) -> str:
    as_text(what, name, allow_empty=False)
    if len(name) > 100 or any(c in name for c in "/\\\0") or name in (".", ".."):
        raise ValueError(f"{what} must be a plain file name (no folders, at most 100 "
                         f"characters), got {_show(name)}")
    return name


def seed_spread(table: SweepTable) -> dict:
    """Spread of the final loss over the replicate seeds of one configuration.

    Returns ``{"n": …, "mean": …, "std": …, "range": …}`` in nats (empty if no replicates).
    """
    check_type("table", table, SweepTable, "a SweepTable (e.g. load_sweep('n_sweep'))")
    reps = [r for r in table.rows if r.get("replicate")]
    if not reps:
        return {}
    ref = reps[0]
    keys = ("width", "tokens", "unique_tokens", "budget_flops", "phase")
    group = [r for r in table.rows if all(r.get(k) == ref.get(k) for k in keys)]
    loss = np.array([r["final_loss"] for r in group])
    return {"n": len(loss), "mean": float(loss.mean()),
            "std": float(loss.std(ddof=1)) if len(loss) > 1 else math.nan,
            "range": float(loss.max() - loss.min())}
