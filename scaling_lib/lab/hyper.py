"""Hyperparameter experiments in the lab (chapter 8): learning rate, batch size, schedule.

- :class:`HyperConfig` fixes one run of :class:`~scaling_lib.lab.parametrization.ParamMLP`:
  width, depth, parametrisation (SP or μP), tokens, batch size, peak learning rate and the
  schedule (``"cosine"``: warm-up and cosine over the run, ``hoffmann2022training``;
  ``"wsd"``: warm-up, constant, cooldown, ``hagele2024scaling``, ``hu2024minicpm``;
  ``"constant"``).
- :func:`train_hyper` trains it and returns one result row (a dict): the exact final
  loss, and, every ``eval_every`` steps, a cheap estimate of the loss (the top contexts
  exactly plus a fixed weighted sample of the rest, :func:`eval_set`), from which the steps
  and tokens to reach each of ``target_losses`` are read (``mccandlish2018empirical``).
- :func:`wsd_branches` runs one constant-rate trunk and branches a cooldown off a saved
  copy of the model *and* of Adam's moments (and of the data stream) at each requested
  length: one run yields many training lengths.
- :class:`HyperJob` wraps either for :func:`scaling_lib.lab.sweep.run_sweep`; the presets
  ``lr_width``, ``batch_size``, ``hp_budgets`` and ``wsd`` build the chapter's sweeps
  (:data:`HYPER_GRIDS`), registered in :mod:`scaling_lib.lab.registry` at the end of this module.
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import numpy as np

from scaling_lib._contract import accepts
from scaling_lib._validate import (
    InputTypeError,
    _show,
    as_choice,
    as_fraction,
    as_int,
    as_int_list,
    as_optional_bool,
    as_positive,
    check_type,
)
from scaling_lib.lab._threads import one_blas_thread
from scaling_lib.lab.language import LanguageConfig, ZipfLanguage, make_language
from scaling_lib.lab.optim import Adam, warmup_cosine_lr, warmup_stable_decay_lr
from scaling_lib.lab.parametrization import PARAMETRIZATIONS, ParamMLP, ParamMLPConfig
from scaling_lib.lab.registry import _labels, register_preset

__all__ = ["HyperConfig", "train_hyper", "wsd_branches", "eval_set", "HyperJob",
           "HYPER_GRIDS", "SCHEDULES", "hyper_jobs"]

SCHEDULES = ("cosine", "wsd", "constant")
MAX_TOKENS = 10**9
#: a run whose training loss exceeds this many times the unigram loss has diverged
DIVERGED_FACTOR = 3.0


@dataclass(frozen=True)
class HyperConfig:
    """Settings of one hyperparameter run.

    Attributes
    ----------
    width, depth, embed_dim : int
        Model shape (see :class:`~scaling_lib.lab.parametrization.ParamMLPConfig`).
    parametrization : str
        ``"sp"`` or ``"mup"``; ``base_width`` is where they coincide.
    tokens : int
        D, training tokens (one predicted token per sentence).
    batch_size : int
        B, sentences (= tokens) per step.
    peak_lr : float
        η, the peak (base) learning rate.
    schedule : str
        ``"cosine"`` (to ``final_lr_fraction``·η), ``"wsd"`` (cooldown over the last
        ``cooldown_fraction`` of the steps, linearly to 0) or ``"constant"``.
    warmup_fraction, cooldown_fraction, final_lr_fraction : float
    warmup_steps : int or None
        Warm-up length in steps, overriding ``warmup_fraction`` (runs of different
        lengths that must share their first steps, as WSD branches do, need it).
    cooldown_shape : str
        ``"linear"`` or ``"1-sqrt"`` (``hagele2024scaling``), for ``schedule="wsd"``.
    seed : int
        Seeds the initialisation and the data stream.
    eval_every : int
        Steps between cheap loss estimates (0: none); needed for ``target_losses``.
    target_losses : tuple of float
        Losses (nats) whose first crossing is recorded in steps and tokens.
    """

    width: int = 64
    depth: int = 2
    parametrization: str = "sp"
    base_width: int = 32
    tokens: int = 262_144
    batch_size: int = 256
    peak_lr: float = 0.01
    schedule: str = "cosine"
    warmup_fraction: float = 0.05
    cooldown_fraction: float = 0.2
    final_lr_fraction: float = 0.1
    embed_dim: int = 16
    seed: int = 0
    eval_every: int = 0
    target_losses: tuple = ()
    warmup_steps: int | None = None
    cooldown_shape: str = "linear"

    def __post_init__(self):
        as_int("width", self.width, maximum=4096)
        as_int("depth", self.depth, maximum=2)
        as_choice("parametrization", self.parametrization, PARAMETRIZATIONS)
        as_int("base_width", self.base_width, maximum=4096)
        as_int("tokens", self.tokens, maximum=MAX_TOKENS)
        as_int("batch_size", self.batch_size, maximum=1 << 16)
        as_positive("peak_lr", self.peak_lr, allow_array=False)
        if self.peak_lr > 10:
            raise ValueError(f"peak_lr must be at most 10, got {self.peak_lr!r}")
        as_choice("schedule", self.schedule, SCHEDULES)
        as_fraction("warmup_fraction", self.warmup_fraction, allow_zero=True, allow_array=False)
        as_fraction("cooldown_fraction", self.cooldown_fraction, allow_zero=True,
                    allow_array=False)
        as_fraction("final_lr_fraction", self.final_lr_fraction, allow_zero=True,
                    allow_array=False)
        as_int("embed_dim", self.embed_dim, maximum=1024)
        as_int("seed", self.seed, minimum=0)
        as_int("eval_every", self.eval_every, minimum=0, maximum=10**6)
        if self.warmup_steps is not None:
            as_int("warmup_steps", self.warmup_steps, minimum=0, maximum=10**7)
        as_choice("cooldown_shape", self.cooldown_shape, ("linear", "1-sqrt"))
        if not isinstance(self.target_losses, tuple):
            raise InputTypeError(f"target_losses must be a tuple of losses, got "
                                 f"{_show(self.target_losses)}")
        for t in self.target_losses:
            as_positive("target_losses", t, allow_array=False)
        if self.target_losses and not self.eval_every:
            raise ValueError("target_losses needs eval_every > 0 to see the crossings, got "
                             f"eval_every=0 with target_losses={self.target_losses}")

    @property
    def steps(self) -> int:
        return max(1, math.ceil(self.tokens / self.batch_size))

    def model_config(self, language: ZipfLanguage) -> ParamMLPConfig:
        check_type("language", language, ZipfLanguage, "a ZipfLanguage (make_language())")
        return ParamMLPConfig(vocab_size=language.vocab_size,
                              context_length=language.context_length, width=self.width,
                              embed_dim=self.embed_dim, depth=self.depth,
                              parametrization=self.parametrization,
                              base_width=self.base_width)

    def lr_at(self, step: int) -> float:
        """The schedule's learning rate at ``step`` (0-based)."""
        steps = self.steps
        warm = (int(round(self.warmup_fraction * steps)) if self.warmup_steps is None
                else min(self.warmup_steps, steps))
        if self.schedule == "cosine":
            return warmup_cosine_lr(step, steps, self.peak_lr, warm, self.final_lr_fraction)
        cool = int(round(self.cooldown_fraction * steps)) if self.schedule == "wsd" else 0
        return warmup_stable_decay_lr(step, steps, self.peak_lr, warm, cool, 0.0,
                                      self.cooldown_shape)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["target_losses"] = list(self.target_losses)
        return d


# ---------------------------------------------------------------- evaluation
@lru_cache(maxsize=8)
def _eval_set_cached(config: LanguageConfig, head: int, tail: int, seed: int):
    lang = make_language(**config.to_dict())
    n = lang.n_contexts
    head = min(head, n)
    idx = np.arange(head)
    w = lang.context_probs[:head].copy()
    if tail and n > head:
        rng = np.random.default_rng(np.random.SeedSequence([seed, 23]))
        pick = np.sort(rng.choice(np.arange(head, n), size=min(tail, n - head), replace=False))
        scale = (n - head) / pick.size
        idx = np.concatenate([idx, pick])
        w = np.concatenate([w, lang.context_probs[pick] * scale])
    return lang.contexts[idx], lang.next_probs[idx], w


def eval_set(language: ZipfLanguage, head: int = 2048, tail: int = 2048, seed: int = 0):
    """A cheap, fixed estimate of the population loss: ``(contexts, next_probs, weights)``.

    The ``head`` most frequent contexts count exactly; ``tail`` others, drawn once
    uniformly from the rest, stand for the rest with weight f_r·(rest / tail), so
    Σ_i w_i·CE_i is an unbiased estimate of Σ_r f_r·CE_r. The same set is used at every
    evaluation, so a learning curve is smooth and runs are compared on the same contexts.
    """
    check_type("language", language, ZipfLanguage, "a ZipfLanguage (make_language())")
    head = as_int("head", head, maximum=1 << 22)
    tail = as_int("tail", tail, minimum=0, maximum=1 << 22)
    seed = as_int("seed", seed, minimum=0)
    return _eval_set_cached(language.config, head, tail, seed)


def _estimate(model: ParamMLP, es) -> float:
    X, p, w = es
    lq = model.log_probs(X)
    return float(w @ (-(p * lq).sum(axis=1)))


# -------------------------------------------------------------------- runner
class _Run:
    """Model, optimizer, data stream and step counter of one training run (copyable)."""

    def __init__(self, config: HyperConfig, language: ZipfLanguage):
        self.model = ParamMLP(config.model_config(language), seed=config.seed)
        self.opt = Adam()
        self.rng = np.random.default_rng(np.random.SeedSequence([config.seed, 11]))
        self.step = 0
        self.seen = 0
        self.bad = False

    def branch(self) -> _Run:
        other = copy.copy(self)
        other.model = copy.copy(self.model)
        other.model.params = {k: v.copy() for k, v in self.model.params.items()}
        other.opt = self.opt.copy()
        other.rng = copy.deepcopy(self.rng)
        return other

    def advance(self, language, batch: int, n_steps: int, lr_of_step, on_step=None,
                limit: float = math.inf) -> list[float]:
        losses = []
        for _ in range(n_steps):
            X, y = language.sample(batch, self.rng)
            loss, grads = self.model.loss_and_grads(X, y)
            if not math.isfinite(loss) or loss > limit:
                self.bad = True
                break
            self.opt.step(self.model.params, grads, lr_of_step(self.step), self.model.lr_scale)
            self.step += 1
            self.seen += batch
            losses.append(loss)
            if on_step is not None:
                on_step(self)
        return losses


def _crossing(steps: list, losses: list, target: float):
    """First step where the curve reaches ``target`` (linear interpolation), or None."""
    for i, (s, v) in enumerate(zip(steps, losses, strict=True)):
        if v <= target:
            if i == 0:
                return float(s)
            s0, v0 = steps[i - 1], losses[i - 1]
            return float(s0 + (s - s0) * (v0 - target) / (v0 - v)) if v0 != v else float(s)
    return None


def _row(config: HyperConfig, run: _Run, language, *, start: float, losses: list,
         curve_steps: list, curve_loss: list) -> dict:
    mcfg = run.model.config
    final = None if run.bad else run.model.population_loss(language)
    if final is not None and not math.isfinite(final):
        final = None
    targets = {}
    for t in config.target_losses:
        s = _crossing(curve_steps, curve_loss, t)
        targets[f"{t:g}"] = {"steps": s, "tokens": None if s is None else s * config.batch_size}
    tail = losses[-max(1, len(losses) // 10):] if losses else [math.nan]
    return {
        **config.to_dict(),
        "total_params": mcfg.total_params, "non_embedding_params": mcfg.non_embedding_params,
        "flops": 6.0 * mcfg.total_params * run.seen, "tokens_seen": run.seen,
        "steps_run": run.step, "final_loss": final, "entropy": language.entropy_nats,
        "excess_loss": None if final is None else final - language.entropy_nats,
        "train_loss": float(np.mean(tail)) if not run.bad else None,
        "diverged": run.bad, "train_seconds": time.perf_counter() - start,
        "curve_steps": curve_steps, "curve_loss": curve_loss, "targets": targets,
    }


@accepts(language={"none": "None uses make_language()"})
@one_blas_thread()
def train_hyper(config: HyperConfig, language: ZipfLanguage | None = None, *,
                progress: bool | None = None) -> dict:
    """Train one :class:`ParamMLP` as ``config`` says; return its result row (a dict).

    The row holds the settings, ``final_loss`` (exact population loss, nats; ``None``
    if the run diverged: a training loss above :data:`DIVERGED_FACTOR` × the unigram
    loss, or not finite, stops the run), ``flops`` = 6·N·D (N total parameters), the
    cheap-estimate curve (``curve_steps``, ``curve_loss``) and, for each target loss,
    the steps and tokens at which the curve first reached it (``targets``). A
    ``"constant"`` run with target losses stops once it has reached them all.
    """
    check_type("config", config, HyperConfig, "a HyperConfig")
    if language is not None:
        check_type("language", language, ZipfLanguage, "None or a ZipfLanguage")
    progress = as_optional_bool("progress", progress)
    language = language or make_language()
    start = time.perf_counter()
    run = _Run(config, language)
    es = eval_set(language) if config.eval_every else None
    curve_steps, curve_loss = [], []

    def on_step(r):
        if es is not None and (r.step % config.eval_every == 0 or r.step == config.steps):
            curve_steps.append(r.step)
            curve_loss.append(_estimate(r.model, es))

    from tqdm.auto import tqdm

    bar = tqdm(total=config.steps, unit="step", leave=False, delay=0 if progress else 3.0,
               disable=progress is False, desc=f"width {config.width}")
    losses = []
    limit = DIVERGED_FACTOR * language.unigram_loss_nats
    chunk = 64
    # with a constant rate nothing later depends on the horizon: stop once every target
    # loss has been reached (``tokens`` is then the most the run may use)
    stop_early = config.schedule == "constant" and bool(config.target_losses)
    while run.step < config.steps and not run.bad:
        n = min(chunk, config.steps - run.step)
        losses += run.advance(language, config.batch_size, n, config.lr_at, on_step, limit)
        bar.update(n)
        if stop_early and curve_loss and min(curve_loss) <= min(config.target_losses):
            break
    bar.close()
    return _row(config, run, language, start=start, losses=losses, curve_steps=curve_steps,
                curve_loss=curve_loss)


@accepts(language={"none": "None uses make_language()"})
@one_blas_thread()
def wsd_branches(config: HyperConfig, lengths_tokens, language: ZipfLanguage | None = None,
                 *, progress: bool | None = None) -> list[dict]:
    """Constant-rate trunk with a cooldown branched off at each of ``lengths_tokens``.

    For a length D the branch leaves the trunk after (1 − f)·D tokens (f =
    ``config.cooldown_fraction``), from a copy of the model, of Adam's moments and step
    count, and of the data stream, and decays the rate linearly to 0 over the last f·D
    tokens; so its schedule is exactly ``schedule="wsd"`` with ``tokens=D``. The trunk
    runs on to the longest branch point. Returns one row per length (``phase="branch"``)
    with ``flops`` the branch's own 6·N·D, ``branch_start_loss`` the exact loss of the
    trunk where the branch leaves it, and ``shared_flops``: the compute of the
    trunk and every cooldown, which is what the whole family cost.
    """
    check_type("config", config, HyperConfig, "a HyperConfig")
    lengths = sorted(set(as_int_list("lengths_tokens", lengths_tokens, maximum=MAX_TOKENS)))
    if language is not None:
        check_type("language", language, ZipfLanguage, "None or a ZipfLanguage")
    progress = as_optional_bool("progress", progress)
    language = language or make_language()
    b = config.batch_size
    f = config.cooldown_fraction
    if config.warmup_steps is None:
        warm = int(round(config.warmup_fraction * max(1, math.ceil(lengths[0] / b))))
        config = HyperConfig(**{**config.to_dict(), "target_losses": (),
                                "warmup_steps": warm})
    plans = []
    for d in lengths:
        steps = max(1, math.ceil(d / b))
        cool = int(round(f * steps))
        plans.append((d, steps, steps - cool))
    start = time.perf_counter()
    trunk = _Run(config, language)
    limit = DIVERGED_FACTOR * language.unigram_loss_nats
    rows = []
    cooldown_steps_total = 0
    for d, steps, branch_at in sorted(plans, key=lambda p: p[2]):
        cfg = HyperConfig(**{**config.to_dict(), "tokens": steps * b, "schedule": "wsd",
                             "target_losses": ()})
        if trunk.step < branch_at and not trunk.bad:
            trunk.advance(language, b, branch_at - trunk.step, cfg.lr_at, limit=limit)
        br = trunk.branch()
        start_loss = None if trunk.bad else trunk.model.population_loss(language)
        losses = br.advance(language, b, steps - br.step, cfg.lr_at, limit=limit)
        cooldown_steps_total += steps - branch_at
        row = _row(cfg, br, language, start=start, losses=losses, curve_steps=[],
                   curve_loss=[])
        row.update(phase="branch", requested_tokens=d, branch_at_tokens=branch_at * b,
                   branch_start_loss=start_loss)
        rows.append(row)
    shared = 6.0 * rows[0]["total_params"] * b * (trunk.step + cooldown_steps_total)
    for r in rows:
        r["shared_flops"] = shared
    return rows


# ---------------------------------------------------------------------- jobs
@accepts(branch_tokens={"empty_list": "no branches: a single run"},
         labels={"empty_list": "no extra columns"})
@dataclass(frozen=True)
class HyperJob:
    """A sweep job: one :func:`train_hyper` run, or a :func:`wsd_branches` family.

    Attributes
    ----------
    config : HyperConfig
    language : LanguageConfig
    branch_tokens : tuple of int
        If given, run :func:`wsd_branches` at these lengths instead of one run.
    labels : tuple of (str, value) pairs
        Extra columns copied into every row.
    """

    config: HyperConfig
    language: LanguageConfig = field(default_factory=LanguageConfig)
    branch_tokens: tuple = ()
    labels: tuple = ()

    def __post_init__(self):
        check_type("config", self.config, HyperConfig, "a HyperConfig")
        check_type("language", self.language, LanguageConfig, "a LanguageConfig")
        if not isinstance(self.branch_tokens, tuple):
            raise InputTypeError(f"branch_tokens must be a tuple of token counts, got "
                                 f"{_show(self.branch_tokens)}")
        as_int_list("branch_tokens", self.branch_tokens, maximum=MAX_TOKENS, allow_empty=True)
        _labels("labels", self.labels)

    @property
    def cost_flops(self) -> float:
        lang = self.language
        n = ParamMLPConfig(lang.vocab_size, lang.context_length, self.config.width,
                           self.config.embed_dim, self.config.depth).total_params
        tokens = max(self.branch_tokens) * 1.5 if self.branch_tokens else self.config.tokens
        return 6.0 * n * tokens

    def run(self) -> list[dict]:
        lang = make_language(**self.language.to_dict())
        if self.branch_tokens:
            rows = wsd_branches(self.config, self.branch_tokens, lang, progress=False)
        else:
            rows = [{**train_hyper(self.config, lang, progress=False), "phase": "run"}]
        for r in rows:
            r.update(dict(self.labels))
        return rows


# ------------------------------------------------------------------- presets
#: The chapter's sweeps, each in a live size (≤ 30 s on 2 cores) and a full size.
HYPER_GRIDS = {
    "lr_width": {
        "live": {"widths": [32, 128], "lrs": [0.004, 0.016, 0.064, 0.256], "tokens": 65_536,
                 "seeds": 1},
        "full": {"widths": [32, 64, 128, 256],
                 "lrs": [0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256],
                 # five seeds: a finding needs scaling_lib.findings.MIN_SEEDS; seeds are
                 # seed, seed + 1, ..., so a run with more seeds repeats the earlier rows
                 "tokens": 262_144, "seeds": 5},
    },
    "batch_size": {
        "live": {"width": 64, "batches": [32, 128, 512, 2048], "lr_base": 0.01,
                 "base_batch": 128, "tokens": 524_288, "targets": [0.98],
                 "lr_factors": [1.0]},
        "full": {"width": 64, "batches": [32, 64, 128, 256, 512, 1024, 2048, 4096],
                 "lr_base": 0.01, "base_batch": 128, "tokens": 2_097_152,
                 "targets": [0.98, 0.95], "lr_factors": [0.5, 1.0, 2.0]},
    },
    "hp_budgets": {
        "live": {"budgets": [(32, 262_144)], "lrs": [0.008, 0.032], "batches": [64, 256]},
        "full": {"budgets": [(32, 131_072), (64, 393_216), (128, 786_432)],
                 "lrs": [0.004, 0.008, 0.016, 0.032, 0.064],
                 "batches": [32, 64, 128, 256, 512]},
    },
    "wsd": {
        "live": {"width": 64, "lrs": [0.008], "unit": 65_536, "multiples": [1, 2, 3, 4],
                 "cooldown_fraction": 0.2},
        "full": {"width": 128, "lrs": [0.008, 0.016], "unit": 131_072,
                 "multiples": [1, 2, 3, 4, 5, 6, 7, 8], "cooldown_fraction": 0.2},
    },
}


def hyper_jobs(name: str, size: str = "live", seed: int = 0) -> tuple[list, dict]:
    """The jobs and settings of the chapter-8 preset ``name`` at ``size``."""
    as_choice("name", name, tuple(HYPER_GRIDS))
    as_choice("size", size, ("live", "full"))
    seed = as_int("seed", seed, minimum=0)
    g = HYPER_GRIDS[name][size]
    lang = LanguageConfig()
    jobs = []
    if name == "lr_width":
        for p in PARAMETRIZATIONS:
            for s in range(g["seeds"]):
                for w in g["widths"]:
                    for lr in g["lrs"]:
                        cfg = HyperConfig(width=w, parametrization=p, tokens=g["tokens"],
                                          peak_lr=lr, seed=seed + s)
                        jobs.append(HyperJob(cfg, lang))
    elif name == "batch_size":
        for b in g["batches"]:
            # centred on Adam's square-root rule, then a factor of 2 either side: the
            # steps to a target are taken at the best rate of each batch size
            centre = g["lr_base"] * math.sqrt(b / g["base_batch"])
            every = max(1, min(64, 4096 // b))
            for factor in g["lr_factors"]:
                cfg = HyperConfig(width=g["width"], parametrization="mup", batch_size=b,
                                  tokens=g["tokens"], peak_lr=min(0.128, centre * factor),
                                  schedule="constant", eval_every=every,
                                  target_losses=tuple(g["targets"]), seed=seed)
                jobs.append(HyperJob(cfg, lang))
    elif name == "hp_budgets":
        for w, tokens in g["budgets"]:
            for lr in g["lrs"]:
                for b in g["batches"]:
                    cfg = HyperConfig(width=w, parametrization="mup", tokens=tokens,
                                      batch_size=b, peak_lr=lr, seed=seed)
                    jobs.append(HyperJob(cfg, lang))
    else:  # wsd
        # each peak rate: one WSD family (a trunk and its cooldowns) and the cosine runs
        lengths = tuple(m * g["unit"] for m in g["multiples"])
        warm = int(round(0.05 * g["unit"] / HyperConfig().batch_size))
        for lr in g["lrs"]:
            base = HyperConfig(width=g["width"], parametrization="mup", peak_lr=lr,
                               cooldown_fraction=g["cooldown_fraction"], seed=seed,
                               warmup_steps=warm)
            jobs.append(HyperJob(base, lang, branch_tokens=lengths))
            for d in lengths:
                cfg = HyperConfig(**{**base.to_dict(), "tokens": d, "target_losses": ()})
                jobs.append(HyperJob(cfg, lang, labels=(("phase_label", "cosine"),)))
    return jobs, {**g, "language": lang.to_dict()}


# Chapter 8's presets, in the lab's registry (run with run_preset / make lab-data).
def _hyper_preset(name: str):
    def build(size: str, seed: int) -> tuple[list, dict]:
        return hyper_jobs(name, size, seed)

    return build


register_preset("lr_width", _hyper_preset("lr_width"),
                "learning rate x width under SP and muP, five seeds (chapter 8)")
register_preset("batch_size", _hyper_preset("batch_size"),
                "steps and tokens to target losses at each batch size (chapter 8)")
register_preset("hp_budgets", _hyper_preset("hp_budgets"),
                "learning-rate x batch grids at three compute budgets (chapter 8)")
register_preset("wsd", _hyper_preset("wsd"),
                "WSD cooldowns branched off one run vs separate cosine runs (chapter 8)")
