"""The adversarial harness behind ``tests/test_contract.py`` and ``benchmarks/contract.py``.

It discovers every public callable of ``scaling_lib`` (each module's ``__all__``: functions,
class constructors and the public methods of those classes) and calls each one with valid
baseline arguments where one argument at a time is replaced by a standard bad value
(:data:`scaling_lib._contract.KINDS`). A call passes if it

* raises ``ValueError`` or ``TypeError`` whose message names the argument and shows the
  bad value, or
* succeeds with a finite result, for values that are legitimate for some arguments
  (0, −1, 1e308, 1e-320, a 2-D array, a shorter array), or for values the function
  declares it accepts (:func:`scaling_lib._contract.accepts`, next to the function).

Anything else is a failure: another exception type (OverflowError, AttributeError …), a
message that does not name the argument, a silently accepted bad value, a non-finite
result from finite inputs, or a call that does not return within the time limit.

Each callable runs in a forked child process (so a hang is killed, a runaway allocation
is stopped by an address-space limit, and state changes do not leak into the tests);
baselines are declared once in :data:`BASELINES` below, or derived from defaults and
type hints.
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import dataclasses
import importlib
import inspect
import json
import math
import os
import pkgutil
import re
import resource
import selectors
import signal
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

import scaling_lib
from scaling_lib._contract import KINDS, accepted, is_output_record

# ------------------------------------------------------------------------------------------
# Bad values
# ------------------------------------------------------------------------------------------

#: kinds that some arguments legitimately take: success is fine if the result is finite
MAYBE = {"zero", "negative", "huge", "tiny", "2d", "mismatched"}

#: outcomes that count as passing
PASSING = {"clean", "ok"}

#: what a message must contain to show each kind of bad value (any one of the patterns)
_SHOWS = {
    "zero": [r"(?<![\d.e])0(?![\d.])", r"\b0\.0\b", "zero"],
    "negative": [r"-1\b", "negative"],
    "nan": [r"\bnan\b", "NaN"],
    "inf": [r"\binf\b", "infinit"],
    "-inf": [r"-inf\b", "infinit"],
    "huge": [r"1e\+308", r"1\.0*e\+308", "out of range", "at most", "exceed", "too large",
             "overflow"],
    "tiny": [r"1e-320", r"e-32[01]", "out of range", "too small", "underflow"],
    "bigint": [r"1000000", "digits", "at most", "too large", "out of range"],
    "bool": [r"\bTrue\b", "boolean"],
    "str": [r"'3'", r"\b3\b", r"\bstr\b", "text"],
    "none": [r"\bNone\b", "NoneType"],
    "empty_list": [r"\[\]", "empty", r"\b0 (values|entries|items|points)", r"got 0\b"],
    "empty_array": [r"\[\]", "empty", r"\b0 (values|entries|items|points)", r"got 0\b",
                    r"\(0,\)"],
    "2d": [r"shape", r"1-D", r"2-D", "dimension", r"ndarray", r"\[\["],
    "mismatched": [r"length", r"differ", r"same number", r"has \d+", r"got \d+"],
    "complex": [r"j\)", "complex"],
    "complex_array": [r"j\]", r"j\)", "complex"],
    "str_array": [r"'1e9'", r"\bstr\b", "text", r"<U"],
    "object_array": [r"\bNone\b", "object"],
}


def bad_values(baseline):
    """[(kind, value)] for one argument whose valid value is ``baseline``."""
    out = [("zero", 0), ("negative", -1), ("nan", math.nan), ("inf", math.inf),
           ("-inf", -math.inf), ("huge", 1e308), ("tiny", 1e-320), ("bigint", 10**400),
           ("bool", True), ("str", "3"), ("none", None), ("empty_list", []),
           ("empty_array", np.array([]))]
    arr = _numeric_1d(baseline)
    if arr is not None and arr.size >= 2:
        out.append(("2d", np.vstack([arr, arr])))
        out.append(("mismatched", type(baseline)(baseline[:-1]) if isinstance(
            baseline, list | tuple) else baseline[:-1]))
    elif isinstance(baseline, int | float | np.number) and not isinstance(baseline, bool):
        out.append(("2d", np.full((2, 2), baseline)))
    else:
        out.append(("2d", np.ones((2, 2))))
    out += [("complex", 1 + 1j), ("complex_array", np.array([1e9 + 5j])),
            ("str_array", ["1e9"]), ("object_array", np.array([1.0, None], dtype=object))]
    return out


def _numeric_1d(x):
    if isinstance(x, str | bytes) or not isinstance(x, list | tuple | np.ndarray):
        return None
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        return None
    return arr if arr.ndim == 1 else None


# ------------------------------------------------------------------------------------------
# Examples: valid objects the baselines use (built lazily, once per process)
# ------------------------------------------------------------------------------------------

class _Examples:
    """Small valid inputs. Attributes are built on first use and cached."""

    def __getattr__(self, name):
        build = getattr(type(self), "_" + name, None)
        if build is None:
            raise AttributeError(name)
        value = build(self)
        setattr(self, name, value)
        return value

    def _tmp(self):
        return Path(tempfile.mkdtemp(prefix="scratch_", dir=_sandbox()))

    def _iso(self):
        from scaling_lib.fitting import synthetic_isoflop_data
        from scaling_lib.laws import BESIROGLU_2024

        return synthetic_isoflop_data(BESIROGLU_2024, per_budget=5,
                                      budgets=[1e19, 1e20, 1e21], noise=0.01, seed=1)

    def _flops(self):
        p, t, _ = self.iso
        return 6 * p * t

    def _budget_labels(self):
        return np.repeat([1e19, 1e20, 1e21], 5)

    def _envelope(self):
        from scaling_lib.laws import BESIROGLU_2024

        n = np.repeat(np.geomspace(3e7, 3e10, 8), 8)
        d = np.tile(np.geomspace(1e8, 1e13, 8), 8)
        return n, d, BESIROGLU_2024.loss(n, d)

    def _pfit(self):
        from scaling_lib.fitting import fit_parametric

        return fit_parametric(*self.iso)

    def _boot(self):
        from scaling_lib.fitting import bootstrap_parametric

        return bootstrap_parametric(*self.iso, n_resamples=4)

    def _plfit(self):
        from scaling_lib.fitting import fit_power_law

        return fit_power_law([1.0, 2.0, 4.0, 8.0], [4.0, 3.1, 2.4, 1.9])

    def _alloc(self):
        from scaling_lib.fitting import fit_isoflop

        return fit_isoflop(*self.iso)

    def _fresh(self):
        from scaling_lib.data_limits import FreshCurve

        return FreshCurve(2.0, 30.0, -0.3)

    def _lang(self):
        from scaling_lib.lab import make_language

        return make_language(vocab_size=8, context_length=3, n_contexts=256)

    def _pool(self):
        return self.lang.pool(512, seed=0)

    def _train_config(self):
        from scaling_lib.lab import TrainConfig

        return TrainConfig(width=8, tokens=1024, batch_size=256)

    def _train_result(self):
        from scaling_lib.lab import train_model

        return train_model(self.train_config, self.lang, peak_flops_per_second=1e9,
                           keep_model=True, progress=False)

    def _mlp(self):
        return self.train_result.model

    def _xy(self):
        return self.lang.sample(16, np.random.default_rng(0))

    def _table(self):
        from scaling_lib.lab import load_sweep

        return load_sweep("isoflop")

    def _finetune_table(self):
        from scaling_lib.lab import load_sweep

        return load_sweep("finetune")

    def _task_run(self):
        from scaling_lib.lab.task import train_task_model

        return train_task_model(width=4, tokens=1024, batch_tokens=256)

    def _digit_model(self):
        return self.task_run.model

    def _problems(self):
        from scaling_lib.lab.task import AdditionTask

        return AdditionTask(max_digits=3).sample(4, seed=0)

    def _slots(self):
        return self.problems.teacher_forced()[0]

    def _onehot(self):
        from scaling_lib.lab.task_model import one_hot_inputs

        return one_hot_inputs(self.slots)

    def _emergence(self):
        from scaling_lib.lab.task import load_task_sweep

        return load_task_sweep("emergence")

    def _sampling(self):
        from scaling_lib.lab.task import load_task_sweep

        return load_task_sweep("sampling")

    def _summary(self):
        return self.sampling.samples[0]

    def _curves(self):
        from scaling_lib.test_time import sampling_curves

        return sampling_curves(self.sampling, ks=(1, 2, 4), n_trials=4)

    def _cost(self):
        from scaling_lib.inference import cost_of_ownership

        return cost_of_ownership(7e9, 2e12, requests_per_day=1e6, tokens_per_request=500,
                                 lifetime_days=365)

    def _cost_big(self):
        from scaling_lib.inference import cost_of_ownership

        return cost_of_ownership(13e9, 2.6e11, requests_per_day=1e6, tokens_per_request=500,
                                 lifetime_days=365)

    def _question(self):
        from scaling_lib.exercises import NumericQuestion

        return NumericQuestion("q", expected=2.0, hints=["h"], worked_solution="two")

    def _run_spec(self):
        from scaling_lib.lab import LanguageConfig, RunSpec

        return RunSpec(self.train_config, LanguageConfig(vocab_size=8, context_length=3,
                                                         n_contexts=256))


EX = _Examples()


def _tiny_preset() -> str:
    """Register a one-job preset, so run_preset takes a moment (in each child only: the
    parent's PRESETS stay as the library defines them)."""
    from scaling_lib.lab import sweep

    def build(size, seed):
        return [sweep.RunSpec(sweep.TrainConfig(width=8, tokens=512, batch_size=256, seed=seed),
                              sweep.LanguageConfig(vocab_size=8, context_length=3,
                                                   n_contexts=256))], {}

    sweep.register_preset("contract_tiny", build, "one tiny run, for the contract test")
    return "contract_tiny"

_LAW = "scaling_lib.laws.HOFFMANN_2022"


def _obj(path):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


# ------------------------------------------------------------------------------------------
# Baselines: valid arguments for every callable whose required arguments cannot be derived
# from defaults and type hints. Values are plain data or zero-argument callables (built in
# the child process, fresh for each call).
# ------------------------------------------------------------------------------------------

def _lazy(attr):
    return lambda: getattr(EX, attr)


def _iso(i):
    return lambda: EX.iso[i]


def _xy(i):
    return lambda: EX.xy[i]


def _call(path, *args, **kwargs):
    """A baseline that calls the library object at ``path`` when it is built: plain arguments
    are copied fresh each time, lazy ones (lambdas, e.g. :func:`_lazy`) are built first."""
    def fresh(v):
        return v() if callable(v) and getattr(v, "__name__", "") == "<lambda>" \
            else copy.deepcopy(v)

    return lambda: _obj(path)(*map(fresh, args), **{k: fresh(v) for k, v in kwargs.items()})


def _sweep(name):
    return _call("scaling_lib.lab.load_sweep", name)


def _task_sweep(name):
    return _call("scaling_lib.lab.task.load_task_sweep", name)


#: the small language, sampling preset and ladder preset several baselines build
_LANGUAGE_CONFIG = _call("scaling_lib.lab.LanguageConfig", vocab_size=8, context_length=3,
                         n_contexts=256)
_SAMPLING_PRESET = _call("scaling_lib.lab.task.SamplingPreset", widths=(4,), tokens=512,
                         n_problems=4, n_samples=2)
_LADDER_PRESET = _call("scaling_lib.lab.task.LadderPreset", widths=(2,), tokens=(512,),
                       answer_lengths=(2,), problems_per_length=4, pretrain_problems=4,
                       n_choices=(2,))
_LADDER_SPLIT = _call("scaling_lib.forecasting.ladder_split", _task_sweep("ladder"))
_PARAM_MLP_CONFIG = _call("scaling_lib.lab.parametrization.ParamMLPConfig", vocab_size=8,
                          context_length=3, width=8, base_width=4)


def _lab_model_methods(cls, methods=("logits", "log_probs", "loss_and_grads",
                                     "population_loss")) -> dict:
    """Baselines of the lab language models' shared methods (``cls``: the class's path)."""
    args = {"logits": dict(X=_xy(0)), "log_probs": dict(X=_xy(0)),
            "loss_and_grads": dict(X=_xy(0), y=_xy(1)),
            "population_loss": dict(language=_lazy("lang"))}
    return {f"{cls}.{m}": args[m] for m in methods}


def _on_problems(**more) -> dict:
    """Baseline of a function of the digit model and the example problems."""
    return dict(model=_lazy("digit_model"), problems=_lazy("problems"), **more)


BASELINES: dict[str, dict] = {
    # compute
    "scaling_lib.compute.Accelerator": dict(name="X", peak_flops_per_second=1e15,
                                            precision="bf16", citation="nvidia2022h100"),
    "scaling_lib.compute.training_flops": dict(params=1e9, tokens=2e10),
    "scaling_lib.compute.inference_flops": dict(params=1e9),
    "scaling_lib.compute.flops_to_pf_days": dict(flops=1e21),
    "scaling_lib.compute.pf_days_to_flops": dict(pf_days=3.0),
    "scaling_lib.compute.gpu_seconds": dict(flops=1e21, peak_flops_per_second=1e15, mfu=0.4),
    "scaling_lib.compute.gpu_hours": dict(flops=1e21, peak_flops_per_second=1e15, mfu=0.4),
    "scaling_lib.compute.gpu_days": dict(flops=1e21, peak_flops_per_second=1e15, mfu=0.4),
    "scaling_lib.compute.wall_clock_days": dict(flops=1e21, peak_flops_per_second=1e15,
                                                mfu=0.4, n_gpus=8),
    "scaling_lib.compute.implied_mfu": dict(flops=1e21, peak_flops_per_second=1e15,
                                            gpu_hours_used=1e3),
    "scaling_lib.compute.training_cost_dollars": dict(flops=1e21, peak_flops_per_second=1e15,
                                                      mfu=0.4, dollars_per_gpu_hour=2.0),
    "scaling_lib.compute.dollars_per_million_tokens": dict(params=1e9,
                                                           peak_flops_per_second=1e15,
                                                           mfu=0.4, dollars_per_gpu_hour=2.0),
    "scaling_lib.compute.lifetime_flops": dict(params=1e9, training_tokens=2e10,
                                               inference_tokens=1e10),
    "scaling_lib.compute.inference_tokens_to_match_training": dict(tokens=2e10),
    "scaling_lib.compute.training_budget": dict(params=1e9, tokens=2e10),
    "scaling_lib.compute.forward_flops_per_token": dict(params=1e9, n_layers=24, n_ctx=2048,
                                                        d_attn=2048),
    # models
    "scaling_lib.models.PublishedModel": dict(name="M", params=1e9, tokens=2e10,
                                              citation="brown2020language"),
    "scaling_lib.models.Architecture": dict(name="M", params=1.25e8, n_layers=12,
                                            d_model=768, n_ctx=2048, vocab_size=50257,
                                            citation="brown2020language"),
    "scaling_lib.models.get": dict(name="GPT-3 175B"),
    # issue 17 (errata): new callables of compute, laws and chinchilla
    "scaling_lib.compute.attention_flops_per_token": dict(n_layers=32, n_ctx=8192,
                                                          d_attn=4096),
    "scaling_lib.compute.attention_crossover_context": dict(d_model=4096),
    "scaling_lib.compute.inference_tokens_to_match_training_cost": dict(
        tokens=2e10, training_mfu=0.4, inference_mfu=0.1),
    "scaling_lib.laws.PublishedOptimum": dict(flops=3.8e25, params=4e11, tokens=1.6e13,
                                              citation="dubey2024llama3"),
    "scaling_lib.laws.KaplanJointLaw.term_ratio": dict(params=1e9, tokens=1e10),
    "scaling_lib.laws.KaplanComputeOptimal.six_nd_pf_days": dict(pf_days=1.0),
    "scaling_lib.chinchilla.isoflop_vertex": dict(
        sweep=lambda: [dict(budget_flops=1e20, seed=0, total_params=n, final_loss=loss)
                       for n, loss in ((1e8, 3.0), (2e8, 2.9), (4e8, 2.95))],
        flops=1e20),
    # laws
    "scaling_lib.laws.PowerLaw": dict(scale=8.8e13, exponent=0.076, variable="params",
                                      citation="kaplan2020scaling"),
    "scaling_lib.laws.PowerLaw.loss": dict(x=1e9),
    "scaling_lib.laws.PowerLaw.inverse": dict(loss=2.5),
    "scaling_lib.laws.KaplanJointLaw": dict(n_c=6.4e13, d_c=1.8e13, alpha_n=0.076,
                                            alpha_d=0.103, citation="kaplan2020scaling"),
    "scaling_lib.laws.KaplanJointLaw.loss": dict(params=1e9, tokens=2e10),
    "scaling_lib.laws.KaplanComputeOptimal": dict(params_scale=1.3e9, params_exponent=0.73,
                                                  tokens_scale=2e10, tokens_exponent=0.27,
                                                  citation="kaplan2020scaling"),
    "scaling_lib.laws.KaplanComputeOptimal.params": dict(pf_days=10.0),
    "scaling_lib.laws.KaplanComputeOptimal.tokens": dict(pf_days=10.0),
    "scaling_lib.laws.CriticalBatchSize": dict(b_star_tokens=2.1e8, alpha_b=0.21,
                                               citation="kaplan2020scaling"),
    "scaling_lib.laws.CriticalBatchSize.tokens": dict(loss=2.5),
    "scaling_lib.laws.ChinchillaLaw": dict(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28),
    "scaling_lib.laws.ChinchillaLaw.from_log_params": dict(a=6.0, b=6.0, e=0.5, alpha=0.34,
                                                           beta=0.28),
    "scaling_lib.laws.ChinchillaLaw.loss": dict(params=1e9, tokens=2e10),
    "scaling_lib.laws.ChinchillaLaw.compute_optimal": dict(flops=1e21),
    "scaling_lib.laws.ChinchillaLaw.tokens_per_param": dict(flops=1e21),
    "scaling_lib.laws.AllocationExponents": dict(approach="x", a=0.5, b=0.5,
                                                 a_interval=(0.4, 0.6), b_interval=(0.4, 0.6)),
    "scaling_lib.laws.ComputeOptimalProjection": dict(params=1e9, flops=1.2e20, tokens=2e10),
    "scaling_lib.laws.DataConstrainedLaw": dict(E=1.87, A=520.8, B=1487.7, alpha=0.353,
                                                beta=0.353, r_d_star=15.4, r_n_star=5.3,
                                                citation="muennighoff2023scaling"),
    "scaling_lib.laws.DataConstrainedLaw.effective_tokens": dict(tokens=4e10,
                                                                 unique_tokens=1e10),
    "scaling_lib.laws.DataConstrainedLaw.effective_params": dict(params=1e9,
                                                                 unique_tokens=1e10),
    "scaling_lib.laws.DataConstrainedLaw.loss": dict(params=1e9, tokens=4e10,
                                                     unique_tokens=1e10),
    "scaling_lib.laws.compute_optimal": dict(flops=1e21),
    "scaling_lib.laws.tokens_per_param": dict(flops=1e21),
    "scaling_lib.laws.isoflop_profile": dict(flops=1e21, params=[1e8, 1e9, 1e10]),
    "scaling_lib.laws.isoflop_optimum": dict(flops=1e21),
    # power_laws
    "scaling_lib.power_laws.OverfittingCondition": dict(tokens_coefficient=5e3, exponent=0.74,
                                                        penalty_threshold=0.02,
                                                        citation="kaplan2020scaling"),
    "scaling_lib.power_laws.OverfittingCondition.min_tokens": dict(params=1e9),
    "scaling_lib.power_laws.OverfittingCondition.max_params": dict(tokens=2e10),
    "scaling_lib.power_laws.loss_factor": dict(exponent=0.076),
    "scaling_lib.power_laws.multiple_for_loss_factor": dict(exponent=0.05, factor=0.9),
    "scaling_lib.power_laws.joint_terms": dict(params=1e9, tokens=2e10),
    "scaling_lib.power_laws.bottleneck": dict(params=1e9, tokens=2e10),
    "scaling_lib.power_laws.overfitting_penalty": dict(params=1e9, tokens=2e10),
    "scaling_lib.power_laws.local_slopes": dict(x=[1.0, 2.0, 4.0], y=[3.0, 2.5, 2.1]),
    "scaling_lib.power_laws.floor_crossing": dict(fit=_lazy("plfit"), floor=1.0),
    "scaling_lib.power_laws.Extrapolation.predict": dict(x=[100.0]),
    "scaling_lib.power_laws.Extrapolation.interval": dict(x=[100.0]),
    "scaling_lib.power_laws.extrapolate": dict(x=[1.0, 2.0, 4.0, 8.0, 16.0],
                                               y=[4.0, 3.1, 2.4, 1.9, 1.5], n_fit=4,
                                               n_boot=20),
    # fitting
    "scaling_lib.fitting.synthetic_isoflop_data": dict(per_budget=4, budgets=[1e19, 1e20]),
    "scaling_lib.fitting.PowerLawFit.plot": dict(ax=None),
    "scaling_lib.fitting.huber": dict(residuals=[0.0, 1e-4, 0.1]),
    "scaling_lib.fitting.parametric_objective": dict(law_or_log_params=_LAW, params=_iso(0),
                                                     tokens=_iso(1), losses=_iso(2)),
    "scaling_lib.fitting.PowerLawFit.predict": dict(x=[1.0, 10.0]),
    "scaling_lib.fitting.fit_power_law": dict(x=[1.0, 2.0, 4.0, 8.0],
                                              y=[4.0, 3.1, 2.4, 1.9]),
    "scaling_lib.fitting.AllocationFit.params": dict(flops=1e21),
    "scaling_lib.fitting.AllocationFit.tokens": dict(flops=1e21),
    "scaling_lib.fitting.fit_envelope": dict(params=lambda: EX.envelope[0],
                                             tokens=lambda: EX.envelope[1],
                                             losses=lambda: EX.envelope[2], n_budgets=8),
    "scaling_lib.fitting.fit_isoflop": dict(params=_iso(0), tokens=_iso(1), losses=_iso(2)),
    "scaling_lib.fitting.ParametricFit.predict": dict(params=1e9, tokens=2e10),
    "scaling_lib.fitting.ParametricFit.compute_optimal": dict(flops=1e21),
    "scaling_lib.fitting.ParametricFit.tokens_per_param": dict(flops=1e21),
    "scaling_lib.fitting.ParametricFit.bootstrap": dict(n_resamples=3),
    "scaling_lib.fitting.fit_parametric": dict(params=_iso(0), tokens=_iso(1),
                                               losses=_iso(2), top_k=2),
    "scaling_lib.fitting.BootstrapResult.values": dict(name="alpha"),
    "scaling_lib.fitting.BootstrapResult.interval": dict(name="alpha"),
    "scaling_lib.fitting.BootstrapResult.tokens_per_param": dict(flops=1e21),
    "scaling_lib.fitting.BootstrapResult.tokens_per_param_interval": dict(flops=1e21),
    "scaling_lib.fitting.bootstrap_parametric": dict(params=_iso(0), tokens=_iso(1),
                                                     losses=_iso(2), n_resamples=3),
    # chinchilla
    "scaling_lib.chinchilla.frontier_loss": dict(flops=1e21),
    "scaling_lib.chinchilla.equivalent_flops": dict(params=1e9, tokens=2e10),
    "scaling_lib.chinchilla.allocation_table": dict(
        models=lambda: [_obj("scaling_lib.models.MODELS")[0]], laws=lambda: [_obj(_LAW)]),
    "scaling_lib.chinchilla.IsoflopBootstrap.interval": dict(name="a"),
    "scaling_lib.chinchilla.isoflop_bootstrap": dict(params=_iso(0), tokens=_iso(1),
                                                     losses=_iso(2),
                                                     flops=_lazy("budget_labels"),
                                                     n_resamples=3),
    "scaling_lib.chinchilla.embedding_params": dict(non_embedding_params=1e9),
    "scaling_lib.chinchilla.non_embedding_allocation": dict(flops=[1e19, 1e21]),
    "scaling_lib.chinchilla.huber_reduction_fits": dict(params=_iso(0), tokens=_iso(1),
                                                        losses=_iso(2), n_starts=2),
    "scaling_lib.chinchilla.IsoflopTruth.loss_at": dict(params=1e5),
    "scaling_lib.chinchilla.runs_arrays": dict(runs=lambda: [EX.train_result]),
    # data_limits
    "scaling_lib.data_limits.TextStockEstimate": dict(central_tokens=3e14, low_tokens=1e14,
                                                      high_tokens=1e15, interval="90%",
                                                      median_year=2028, first_year=2026,
                                                      last_year=2032,
                                                      citation="villalobos2022will"),
    "scaling_lib.data_limits.repetitions": dict(tokens=4e10, unique_tokens=1e10),
    "scaling_lib.data_limits.effective_epochs": dict(epochs=4.0),
    "scaling_lib.data_limits.effective_data_fraction": dict(epochs=4.0),
    "scaling_lib.data_limits.epoch_value": dict(k=4.0),
    "scaling_lib.data_limits.marginal_value": dict(epochs=4.0),
    "scaling_lib.data_limits.epochs_at_marginal_value": dict(value=0.5),
    "scaling_lib.data_limits.rule_of_thumb_tokens": dict(flops=1e21),
    "scaling_lib.data_limits.flops_for_optimal_tokens": dict(tokens=2e10),
    "scaling_lib.data_limits.with_r_d_star": dict(r_d_star=10.0),
    "scaling_lib.data_limits.isoflop_losses": dict(flops=1e21, params=[1e9, 2e9],
                                                   unique_tokens=1e10),
    "scaling_lib.data_limits.constrained_optimum": dict(flops=1e22, unique_tokens=1e10,
                                                        grid_points=21),
    "scaling_lib.data_limits.compute_equivalent": dict(loss=2.5),
    "scaling_lib.data_limits.loss_floor": dict(unique_tokens=1e10),
    "scaling_lib.data_limits.FreshCurve": dict(offset=2.0, coefficient=30.0, exponent=-0.3),
    "scaling_lib.data_limits.FreshCurve.fit": dict(tokens=[1e4, 3e4, 1e5, 3e5],
                                                   losses=[2.9, 2.55, 2.33, 2.2]),
    "scaling_lib.data_limits.FreshCurve.loss": dict(tokens=1e5),
    "scaling_lib.data_limits.FreshCurve.tokens_for": dict(loss=2.5),
    "scaling_lib.data_limits.FreshCurve.shifted": dict(delta=0.1),
    "scaling_lib.data_limits.RepetitionFit.predicted_effective_epochs": dict(epochs=4.0),
    "scaling_lib.data_limits.fit_r_d_star": dict(tokens=[1e5, 1e5, 1e5],
                                                 unique_tokens=[1e5, 2.5e4, 1e4],
                                                 losses=[2.34, 2.42, 2.6], fresh=_lazy("fresh")),
    # emergence
    "scaling_lib.emergence.token_loss_law": dict(scale_params=1e7, exponent=0.5),
    "scaling_lib.emergence.token_accuracy": dict(loss_nats=0.5),
    "scaling_lib.emergence.exact_match": dict(token_acc=0.9, answer_tokens=10),
    "scaling_lib.emergence.expected_edit_distance": dict(token_acc=0.9, answer_tokens=10),
    "scaling_lib.emergence.multiple_choice_grade": dict(p_correct=0.4),
    "scaling_lib.emergence.brier_score": dict(p_correct=0.4),
    "scaling_lib.emergence.answer_length_at": dict(token_acc=0.9),
    "scaling_lib.emergence.params_at_exact_match": dict(
        law=lambda: _obj("scaling_lib.emergence.ILLUSTRATIVE_TOKEN_LOSS"), answer_tokens=10),
    "scaling_lib.emergence.mirage_curves": dict(
        law=lambda: _obj("scaling_lib.emergence.ILLUSTRATIVE_TOKEN_LOSS"),
        n_params=[1e6, 1e8, 1e10]),
    "scaling_lib.emergence.prob_zero_correct": dict(accuracy=0.01, n_problems=100),
    "scaling_lib.emergence.problems_to_detect": dict(accuracy=0.01),
    "scaling_lib.emergence.zero_correct_upper_bound": dict(n_problems=100),
    "scaling_lib.emergence.breakthroughness": dict(scores=[0.1, 0.2, 0.5, 0.9]),
    "scaling_lib.emergence.extrapolation_surprise": dict(n_params=[1e6, 1e7, 1e8, 1e9],
                                                         scores=[0.1, 0.2, 0.5, 0.9]),
    "scaling_lib.emergence.crossing_scale": dict(n_params=[1e6, 1e7, 1e8, 1e9],
                                                 values=[0.1, 0.2, 0.5, 0.9], level=0.4),
    "scaling_lib.emergence.EmergentScale": dict(ability="x", prompting="few-shot",
                                                train_flops=1e22, params=1e10, model="M",
                                                source="S"),
    # inference
    "scaling_lib.inference.min_params_for_loss": dict(target_loss=2.1),
    "scaling_lib.inference.tokens_for_loss": dict(params=1e10, target_loss=2.1),
    "scaling_lib.inference.params_for_loss": dict(tokens=1e12, target_loss=2.1),
    "scaling_lib.inference.inference_optimal": dict(target_loss=2.1, inference_tokens=1e12),
    "scaling_lib.inference.chinchilla_optimal_for_loss": dict(target_loss=2.1),
    "scaling_lib.inference.chinchilla_loss_for_params": dict(params=1e10),
    "scaling_lib.inference.training_multiple_for_size": dict(params=1e10, target_loss=2.1),
    "scaling_lib.inference.implied_inference_tokens": dict(params=1e10, tokens=1e12),
    "scaling_lib.inference.break_even_inference_tokens": dict(params_large=13e9,
                                                              tokens_large=2.6e11,
                                                              params_small=7e9,
                                                              tokens_small=8e11),
    "scaling_lib.inference.interpolate_tokens_for_loss": dict(tokens=[1e4, 1e5, 1e6],
                                                              losses=[3.0, 2.5, 2.2],
                                                              target_loss=2.6),
    "scaling_lib.inference.CostOfOwnership.dollars_after": dict(days=30.0),
    "scaling_lib.inference.cost_of_ownership": dict(params=7e9, training_tokens=2e12,
                                                    requests_per_day=1e6,
                                                    tokens_per_request=500.0,
                                                    lifetime_days=365.0),
    "scaling_lib.inference.break_even_day": dict(costlier_to_train=_lazy("cost"),
                                                 cheaper_to_train=_lazy("cost_big")),
    # test_time
    "scaling_lib.test_time.pass_at_k": dict(n=[10, 10], c=[2, 5], k=3),
    "scaling_lib.test_time.pass_at_k_plugin": dict(n=[10, 10], c=[2, 5], k=3),
    "scaling_lib.test_time.coverage_curve": dict(n=10, c=[2, 5, 0], ks=[1, 2, 4]),
    "scaling_lib.test_time.beta_failure": dict(alpha=0.5, beta=2.0, k=[1.0, 10.0]),
    "scaling_lib.test_time.beta_coverage": dict(alpha=0.5, beta=2.0, k=[1.0, 10.0]),
    "scaling_lib.test_time.beta_failure_tail": dict(alpha=0.5, beta=2.0, k=[1.0, 10.0]),
    "scaling_lib.test_time.BetaFit": dict(alpha=0.5, beta=2.0, n_problems=10,
                                          log_likelihood=-20.0),
    "scaling_lib.test_time.BetaFit.failure": dict(k=[1.0, 10.0]),
    "scaling_lib.test_time.BetaFit.coverage": dict(k=[1.0, 10.0]),
    "scaling_lib.test_time.fit_beta_binomial": dict(n=[10, 10, 10, 10], c=[0, 1, 5, 9]),
    "scaling_lib.test_time.CoverageLawFit.predict": dict(k=[1.0, 10.0]),
    "scaling_lib.test_time.fit_coverage_law": dict(k=[1.0, 2.0, 4.0, 8.0],
                                                   coverage=[0.2, 0.3, 0.42, 0.55]),
    "scaling_lib.test_time.local_slope": dict(x=[1.0, 2.0, 4.0], y=[0.2, 0.3, 0.42]),
    "scaling_lib.test_time.majority_vote_accuracy": dict(probs=[0.5, 0.3, 0.2], k=5),
    "scaling_lib.test_time.simulate_majority_vote": dict(probs=[0.5, 0.3, 0.2], k=5,
                                                         n_trials=50),
    "scaling_lib.test_time.majority_vote_curve": dict(answer_counts=[[5, 3], [4, 2, 2]],
                                                      correct_rank=[0, 1], ks=[1, 3],
                                                      n_trials=5),
    "scaling_lib.test_time.answer_distribution": dict(answer_counts=[5, 3, 2],
                                                      correct_rank=1),
    "scaling_lib.test_time.best_of_n_accuracy": dict(p=0.3, n=[1, 4, 16]),
    "scaling_lib.test_time.matched_samples": dict(params_small=1e9, params_large=1e10),
    "scaling_lib.test_time.allocate_samples": dict(success_rates=[0.1, 0.5, 0.9],
                                                   total_samples=12),
    "scaling_lib.test_time.matched_samples_with_training": dict(
        params_small=1e9, params_large=1e10, train_tokens=2e10, queries=1e6,
        tokens_per_answer=100.0),
    **{"scaling_lib.test_time.SamplingCurves." + m: dict(width=lambda: int(EX.curves.widths[0]))
       for m in ("index", "inference_flops")},
    "scaling_lib.test_time.sampling_curves": dict(sweep=_lazy("sampling"), ks=(1, 2, 4),
                                                  n_trials=4),
    # finetuning
    "scaling_lib.finetuning.TransferLaw": dict(k=1.9e4, alpha=0.18, beta=0.38),
    "scaling_lib.finetuning.TransferLaw.transferred": dict(fine_tune_data=1e6, params=1e8),
    "scaling_lib.finetuning.TransferLaw.effective_data": dict(fine_tune_data=1e6, params=1e8),
    "scaling_lib.finetuning.TransferLaw.multiplier": dict(fine_tune_data=1e6, params=1e8),
    "scaling_lib.finetuning.data_factor_worth_params": dict(params_factor=10.0),
    "scaling_lib.finetuning.effective_from_scratch_data": dict(
        loss=2.5, scratch_tokens=[1e4, 1e5, 1e6], scratch_losses=[3.0, 2.4, 2.1]),
    "scaling_lib.finetuning.fit_transfer_law": dict(fine_tune_data=[1e4, 1e5, 1e6],
                                                    transferred=[1e5, 3e5, 8e5]),
    "scaling_lib.finetuning.TransferMeasurements.select": dict(),
    "scaling_lib.finetuning.measure_transfer": dict(table=_lazy("finetune_table")),
    "scaling_lib.finetuning.finetune_curves": dict(table=_lazy("finetune_table")),
    "scaling_lib.finetuning.transfer_specs": dict(widths=(8,), pretrain_tokens=1024,
                                                  finetune_tokens=(512,),
                                                  scratch_tokens=(512, 1024)),
    "scaling_lib.finetuning.run_transfer_experiment": dict(widths=(8,), workers=0,
                                                           progress=False),
    "scaling_lib.finetuning.FinetuningLaw": dict(A=10.0, alpha=0.2, beta=0.1),
    "scaling_lib.finetuning.FinetuningLaw.loss": dict(x=1e9, finetune_data=1e6),
    "scaling_lib.finetuning.FinetuningLaw.data_factor_matching": dict(x_factor=10.0),
    "scaling_lib.finetuning.lora_params": dict(d_in=4096, d_out=4096, rank=8),
    "scaling_lib.finetuning.lora_scale": dict(alpha=16.0, rank=8),
    "scaling_lib.finetuning.SaturatingFit.predict": dict(tokens=[1e4, 1e5]),
    "scaling_lib.finetuning.fit_saturating": dict(tokens=[1e3, 3e3, 1e4, 3e4],
                                                  losses=[3.0, 2.6, 2.3, 2.2]),
    "scaling_lib.finetuning.CurveComparison.power_loss": dict(tokens=[1e4, 1e5]),
    "scaling_lib.finetuning.compare_extrapolation": dict(tokens=[1e3, 3e3, 1e4, 3e4, 1e5],
                                                         losses=[3.0, 2.6, 2.3, 2.2, 2.15],
                                                         n_fit=4),
    # lab
    "scaling_lib.lab.hardware.matmul_peak_flops": dict(size=32, repeats=2),
    "scaling_lib.lab.hardware.measure_matmul_flops": dict(size=32, repeats=2),
    "scaling_lib.lab.language.LanguageConfig": dict(vocab_size=8, context_length=3,
                                                    n_contexts=256),
    "scaling_lib.lab.language.LanguageConfig.related": dict(shared_fraction=0.5),
    "scaling_lib.lab.language.ZipfLanguage": dict(config=_LANGUAGE_CONFIG),
    "scaling_lib.lab.language.ZipfLanguage.sample": dict(n_tokens=16,
                                                         rng=lambda: np.random.default_rng(0)),
    "scaling_lib.lab.language.ZipfLanguage.sampler": dict(seed=0),
    "scaling_lib.lab.language.ZipfLanguage.population_loss": dict(
        log_probs=lambda: np.log(np.full((256, 8), 1 / 8))),
    "scaling_lib.lab.language.ZipfLanguage.excess_loss_if_learned": dict(n_learned=10),
    "scaling_lib.lab.language.ZipfLanguage.related": dict(shared_fraction=0.5),
    "scaling_lib.lab.language.ZipfLanguage.pool": dict(unique_tokens=64),
    "scaling_lib.lab.language.TokenPool": dict(language=_lazy("lang"),
                                               X=_xy(0), y=_xy(1)),
    "scaling_lib.lab.language.TokenPool.sampler": dict(seed=0),
    "scaling_lib.lab.language.make_language": dict(),
    "scaling_lib.lab.model.MLPConfig": dict(vocab_size=8, context_length=3, width=8),
    "scaling_lib.lab.model.MLPLanguageModel": dict(
        config=_call("scaling_lib.lab.MLPConfig", vocab_size=8, context_length=3, width=8)),
    **_lab_model_methods("scaling_lib.lab.model.MLPLanguageModel"),
    "scaling_lib.lab.optim.warmup_cosine_lr": dict(step=3, total_steps=10, peak_lr=0.01,
                                                   warmup_steps=2),
    "scaling_lib.lab.optim.Adam.step": dict(params=lambda: {"w": np.ones(3)},
                                            grads=lambda: {"w": np.full(3, 0.1)}, lr=0.01),
    "scaling_lib.lab.parallel.map_in_workers": dict(fn=abs, jobs=[-1, 2], workers=0,
                                                    progress=False),
    "scaling_lib.lab.train.TrainConfig": dict(width=8, tokens=1024, batch_size=256),
    "scaling_lib.lab.train.TrainConfig.model_config": dict(language=_lazy("lang")),
    "scaling_lib.lab.train.train": dict(config=_lazy("train_config"), language=_lazy("lang"),
                                        peak_flops_per_second=1e9, progress=False),
    "scaling_lib.lab.train.width_lr": dict(width=64),
    "scaling_lib.lab.train.TrainingAccount": dict(budget_flops=1e9, language=_lazy("lang")),
    "scaling_lib.lab.train.TrainingAccount.cost_flops": dict(width=8, tokens=1024),
    "scaling_lib.lab.train.TrainingAccount.train": dict(width=8, tokens=1024, progress=False),
    "scaling_lib.lab.sweep.RunSpec": dict(train=_lazy("train_config")),
    "scaling_lib.lab.sweep.SweepTable": dict(name="t", rows=lambda: [{"width": 8, "x": 1.0}]),
    "scaling_lib.lab.sweep.SweepTable.where": dict(),
    "scaling_lib.lab.sweep.SweepTable.to_json": dict(path=lambda: EX.tmp / "t.json"),
    "scaling_lib.lab.sweep.SweepTable.to_csv": dict(path=lambda: EX.tmp / "t.csv"),
    "scaling_lib.lab.sweep.SweepTable.from_json": dict(
        path=lambda: _obj("scaling_lib.lab.sweep.DATA_DIR") / "isoflop.json"),
    "scaling_lib.lab.sweep.run_sweep": dict(jobs=lambda: [EX.run_spec], workers=0,
                                            progress=False),
    "scaling_lib.lab.sweep.transfer_jobs": dict(width=8, shared_fraction=0.5,
                                                pretrain_tokens=(1024,),
                                                finetune_tokens=(512,)),
    "scaling_lib.lab.sweep.preset_specs": dict(name="n_sweep"),
    "scaling_lib.lab.sweep.run_preset": dict(name="contract_tiny", workers=0, progress=False),
    "scaling_lib.lab.sweep.load_sweep": dict(name="isoflop"),
    "scaling_lib.lab.sweep.seed_spread": dict(table=_lazy("table")),
    "scaling_lib.lab.train.run_memory_bytes": dict(config=_lazy("train_config"),
                                                   language=_lazy("lang")),
    "scaling_lib.lab.sweep.save_sweep": dict(
        table=lambda: _obj("scaling_lib.lab.SweepTable")("t", [{"width": 8}]),
        directory=lambda: EX.tmp),
    "scaling_lib.lab.sweep.register_preset": dict(name="contract_test",
                                                  build=lambda: (lambda size, seed: ([], {})),
                                                  description="d"),
    "scaling_lib.lab.task.AdditionTask": dict(max_digits=3),
    "scaling_lib.lab.task.AdditionTask.sample": dict(n_problems=4),
    "scaling_lib.lab.task.AdditionTask.sample_answer_length": dict(answer_digits=3,
                                                                   n_problems=4),
    "scaling_lib.lab.task.AdditionProblems.from_digits": dict(
        a=lambda: EX.problems.a, b=lambda: EX.problems.b),
    "scaling_lib.lab.task.AdditionProblems.concatenate": dict(
        parts=lambda: [EX.problems, EX.problems]),
    "scaling_lib.lab.task.AdditionProblems.subset": dict(index=[0, 1]),
    "scaling_lib.lab.task.problems_from_ints": dict(a=[123, 7], b=[456, 95]),
    "scaling_lib.lab.task.TaskTrainConfig": dict(width=4, tokens=1024),
    "scaling_lib.lab.task.train_task_model": dict(
        config=_call("scaling_lib.lab.task.TaskTrainConfig", width=4, tokens=1024)),
    "scaling_lib.lab.task.TaskMetrics.from_scores": dict(
        s=_call("scaling_lib.lab.task.score_problems", _lazy("digit_model"), _lazy("problems"))),
    "scaling_lib.lab.task.score_problems": _on_problems(),
    "scaling_lib.lab.task.evaluate_task_model": _on_problems(),
    "scaling_lib.lab.task.evaluate_by_answer_length": dict(model=_lazy("digit_model"),
                                                           answer_lengths=(2, 3),
                                                           n_problems=4),
    "scaling_lib.lab.task.token_edit_distance": dict(x=[[1, 2, 3]], x_len=[3], y=[[1, 3, 3]],
                                                     y_len=[3]),
    "scaling_lib.lab.task.generate_answers": _on_problems(),
    "scaling_lib.lab.task.SampleSummary.from_dict": dict(d=lambda: EX.summary.to_dict()),
    "scaling_lib.lab.task.sample_answers": _on_problems(n_samples=3),
    "scaling_lib.lab.task.EmergencePreset": dict(widths=(2, 4), n_seeds=1, tokens=1024,
                                                 answer_lengths=(2,), problems_per_length=4),
    "scaling_lib.lab.task.SamplingPreset": dict(widths=(4,), tokens=1024, n_problems=4,
                                                n_samples=3),
    "scaling_lib.lab.task.EmergenceSweep.mean": dict(metric="exact_match"),
    "scaling_lib.lab.task.EmergenceSweep.at_length": dict(metric="exact_match",
                                                          answer_digits=2),
    "scaling_lib.lab.task.EmergenceSweep.from_dict": dict(d=lambda: EX.emergence.to_dict()),
    "scaling_lib.lab.task.SamplingSweep.for_width": dict(
        width=lambda: int(EX.sampling.widths[0])),
    "scaling_lib.lab.task.SamplingSweep.from_dict": dict(d=lambda: EX.sampling.to_dict()),
    "scaling_lib.lab.task.run_emergence_sweep": dict(
        preset=_call("scaling_lib.lab.task.EmergencePreset", widths=(2,), n_seeds=1,
                     tokens=512, answer_lengths=(2,), problems_per_length=4),
        workers=0, progress=False),
    "scaling_lib.lab.task.run_sampling_sweep": dict(preset=_SAMPLING_PRESET, workers=0,
                                                    progress=False),
    "scaling_lib.lab.task.run_task_sweep": dict(name="sampling", preset=_SAMPLING_PRESET,
                                                workers=0, progress=False),
    "scaling_lib.lab.task.load_task_sweep": dict(name="sampling"),
    "scaling_lib.lab.task.save_task_sweep": dict(result=_lazy("sampling"),
                                                 data_dir=lambda: EX.tmp),
    "scaling_lib.lab.task_model.DigitMLP": dict(width=4),
    "scaling_lib.lab.task_model.DigitMLP.logits": dict(x=_lazy("onehot")),
    "scaling_lib.lab.task_model.DigitMLP.log_probs": dict(x=_lazy("onehot")),
    "scaling_lib.lab.task_model.DigitMLP.loss_and_grads": dict(
        x=_lazy("onehot"), y=lambda: EX.problems.teacher_forced()[1]),
    "scaling_lib.lab.task_model.one_hot_inputs": dict(slots=_lazy("slots")),
    # references
    "scaling_lib.references.Cite": dict(key="brown2020language"),
    "scaling_lib.references.author_year": dict(key="brown2020language"),
    # exercises
    "scaling_lib.exercises.core.CheckResult": dict(correct=True),
    "scaling_lib.exercises.core.Verdict": dict(status="correct", message=""),
    "scaling_lib.exercises.core.Solution": dict(markdown="$x$"),
    "scaling_lib.exercises.core.Question": dict(name="q"),
    "scaling_lib.exercises.core.Question.verdict": dict(answer=2.0),
    "scaling_lib.exercises.core.Question.grade": dict(answer=2.0),
    "scaling_lib.exercises.core.NumericQuestion": dict(name="q", expected=2.0),
    "scaling_lib.exercises.core.NumericQuestion.grade": dict(answer=2.0),
    "scaling_lib.exercises.core.ChoiceQuestion": dict(name="q", options={"a": "A", "b": "B"},
                                                      correct="a"),
    "scaling_lib.exercises.core.ChoiceQuestion.grade": dict(answer="a"),
    "scaling_lib.exercises.core.FunctionQuestion": dict(name="q", cases=[((2.0,), 4.0)]),
    "scaling_lib.exercises.core.FunctionQuestion.grade": dict(answer=lambda: lambda x: 2 * x),
    "scaling_lib.exercises.core.assert_checker": dict(question=_lazy("question"),
                                                      reference=2.0, wrong=[4.0, 20.0]),
    "scaling_lib.exercises.core.DeferredQuestion": dict(
        name="q", build=lambda: (lambda: _obj("scaling_lib.exercises.NumericQuestion")(
            "q", expected=2.0))),
    "scaling_lib.exercises.core.DeferredQuestion.verdict": dict(answer=2.0),
    "scaling_lib.exercises.core.DeferredQuestion.check": dict(answer=2.0),
    "scaling_lib.exercises.chinchilla.PlanQuestion": dict(name="q"),
    "scaling_lib.exercises.chinchilla.PlanQuestion.grade": dict(answer=(100, 1000)),
    # forecasting (chapter 9) and its ladder
    "scaling_lib.exercises.forecasting.PreregisteredQuestion": dict(name="q", truth=0.5),
    "scaling_lib.exercises.forecasting.PreregisteredQuestion.grade": dict(answer=0.5),
    "scaling_lib.forecasting.TaskLossLaw.predict": dict(flops=[1e9, 2e9]),
    "scaling_lib.forecasting.fit_task_loss": dict(train_flops=[1e8, 1e9, 1e10, 1e11],
                                                  task_loss_nats=[20.0, 8.0, 3.0, 1.2]),
    "scaling_lib.forecasting.SigmoidLink.predict": dict(x=[1.0, 3.0]),
    "scaling_lib.forecasting.fit_sigmoid": dict(x=[1.0, 2.0, 3.0, 4.0, 5.0],
                                                accuracy=[0.9, 0.8, 0.5, 0.2, 0.1]),
    "scaling_lib.forecasting.Forecast.score": dict(truth=[0.5]),
    "scaling_lib.forecasting.two_step_forecast": dict(
        train_flops=[1e8, 1e9, 1e10, 1e11], task_loss_nats=[20.0, 8.0, 3.0, 1.2],
        accuracy=[0.0, 0.05, 0.4, 0.8], target_flops=[1e12], n_boot=5),
    "scaling_lib.forecasting.direct_forecast": dict(
        train_flops=[1e8, 1e9, 1e10, 1e11], accuracy=[0.0, 0.05, 0.4, 0.8],
        target_flops=[1e12], n_boot=5),
    "scaling_lib.forecasting.backtest": dict(
        train_flops=[1e8, 2e8, 4e8, 8e8, 1.6e9, 3.2e9, 6.4e9],
        task_loss_nats=[20.0, 15.0, 11.0, 8.0, 5.0, 3.0, 2.0],
        accuracy=[0.0, 0.01, 0.03, 0.1, 0.3, 0.6, 0.8], n_ahead=1, min_fit=5, n_boot=3),
    "scaling_lib.forecasting.capability_scores": dict(
        scores=[[0.1, 0.2], [0.5, 0.4], [0.9, 0.7]]),
    "scaling_lib.forecasting.ladder_split": dict(sweep=_task_sweep("ladder")),
    "scaling_lib.forecasting.forecast_split": dict(split=_LADDER_SPLIT, n_boot=5),
    "scaling_lib.lab.task.near_miss_answers": dict(problems=_lazy("problems")),
    "scaling_lib.lab.task.score_choices": _on_problems(),
    "scaling_lib.lab.task.LadderSweep.metric": dict(name="exact_match", answer_digits=11),
    "scaling_lib.lab.task.LadderSweep.from_dict": dict(
        d=lambda: _obj("scaling_lib.lab.task.load_task_sweep")("ladder").to_dict()),
    "scaling_lib.lab.task.run_ladder_sweep": dict(preset=_LADDER_PRESET, workers=0,
                                                  progress=False),
    "scaling_lib.lab.task.train_ladder_rung": dict(width=2, tokens=512, preset=_LADDER_PRESET),
}

_HP = "scaling_lib.hyperparameters."
_HPC = "scaling_lib.lab.hyper."


def _hyper_config(**kw):
    return lambda: _obj(_HPC + "HyperConfig")(**{"width": 8, "tokens": 256, "batch_size": 64,
                                                 "base_width": 8, **kw})


# chapter 8 (hyperparameters)
BASELINES.update({
    _HP + "HyperparameterLaw": dict(lr_coefficient=0.3, lr_exponent=-0.1,
                                    batch_coefficient=0.3, batch_exponent=0.3,
                                    compute_range_flops=(1e17, 1e19), citation="bi2024deepseek"),
    _HP + "HyperparameterLaw.learning_rate": dict(compute_flops=1e20),
    _HP + "HyperparameterLaw.batch_tokens": dict(compute_flops=1e20),
    _HP + "deepseek_flops_per_token": dict(n_layers=30, d_model=4096, context_length=4096),
    _HP + "steps_to_target": dict(batch_size=256.0, s_min=100.0, e_min=1e5),
    _HP + "examples_to_target": dict(batch_size=256.0, s_min=100.0, e_min=1e5),
    _HP + "examples_for_steps": dict(steps=300.0, s_min=100.0, e_min=1e5),
    _HP + "CriticalBatchFit.predict_steps": dict(batch_size=256.0),
    _HP + "fit_critical_batch": dict(batch_sizes=[32.0, 128.0, 512.0, 2048.0],
                                     steps=[3200.0, 880.0, 295.0, 149.0], n_boot=20),
    _HP + "mup_multipliers": dict(layer="hidden", width=256, base_width=32),
    _HP + "optimal_learning_rate": dict(learning_rates=[0.001, 0.002, 0.004, 0.008],
                                        losses=[1.2, 1.0, 1.1, 1.3]),
    _HP + "HyperparameterLawFit.predict": dict(x=64.0),
    _HP + "fit_hyperparameter_law": dict(x=[32.0, 64.0, 128.0], y=[0.01, 0.007, 0.005],
                                         n_boot=20),
    _HP + "wsd_compute_fraction": dict(lengths_tokens=[1.0, 2.0, 3.0], cooldown_fraction=0.2),
    _HP + "adamw_timescale_steps": dict(learning_rate=1e-3, weight_decay=0.1),
    _HP + "weight_decay_for_timescale": dict(learning_rate=1e-3, run_steps=1000,
                                             timescale_fraction=0.5),
    **{_HP + fn: dict(table=_sweep(sweep)) for fn, sweep in (
        ("lr_width_optima", "lr_width"), ("lr_width_curves", "lr_width"),
        ("batch_targets", "batch_size"), ("budget_optima", "hp_budgets"),
        ("wsd_comparison", "wsd"))},
    _HP + "fit_data_law": dict(tokens=[1e4, 2e4, 4e4, 8e4, 1.6e5],
                               losses=[1.2, 1.1, 1.03, 0.98, 0.95], n_boot=10),
    _HPC + "HyperConfig.model_config": dict(language=_lazy("lang")),
    _HPC + "HyperConfig.lr_at": dict(step=1),
    _HPC + "train_hyper": dict(config=_hyper_config(), language=_lazy("lang"), progress=False),
    _HPC + "wsd_branches": dict(config=_hyper_config(), lengths_tokens=[128, 256],
                                language=_lazy("lang"), progress=False),
    _HPC + "eval_set": dict(language=_lazy("lang"), head=16, tail=16),
    _HPC + "HyperJob": dict(config=_hyper_config(), language=_LANGUAGE_CONFIG),
    _HPC + "hyper_jobs": dict(name="wsd", size="live"),
    "scaling_lib.lab.optim.warmup_stable_decay_lr": dict(step=8, total_steps=10, peak_lr=0.01,
                                                         warmup_steps=2, cooldown_steps=3),
    "scaling_lib.lab.parametrization.ParamMLP": dict(config=_PARAM_MLP_CONFIG),
    **_lab_model_methods("scaling_lib.lab.parametrization.ParamMLP"),
})

#: How to make an instance for checking methods, where the constructor baseline will not do.
INSTANCES = {
    "scaling_lib.hyperparameters.CriticalBatchFit": _call(
        _HP + "fit_critical_batch", [32.0, 128.0, 512.0], [3200.0, 880.0, 295.0]),
    "scaling_lib.hyperparameters.HyperparameterLawFit": _call(
        _HP + "fit_hyperparameter_law", [32.0, 64.0], [0.01, 0.007]),
    "scaling_lib.lab.parametrization.ParamMLP": _call(
        "scaling_lib.lab.parametrization.ParamMLP", _PARAM_MLP_CONFIG),
    "scaling_lib.fitting.PowerLawFit": _lazy("plfit"),
    "scaling_lib.fitting.AllocationFit": _lazy("alloc"),
    "scaling_lib.fitting.ParametricFit": _lazy("pfit"),
    "scaling_lib.fitting.BootstrapResult": _lazy("boot"),
    "scaling_lib.power_laws.Extrapolation": _call(
        "scaling_lib.power_laws.extrapolate", [1.0, 2.0, 4.0, 8.0, 16.0],
        [4.0, 3.1, 2.4, 1.9, 1.5], 4, n_boot=20),
    "scaling_lib.chinchilla.IsoflopBootstrap": _call(
        "scaling_lib.chinchilla.isoflop_bootstrap", _iso(0), _iso(1), _iso(2),
        _lazy("budget_labels"), n_resamples=4),
    "scaling_lib.chinchilla.IsoflopTruth": _call("scaling_lib.chinchilla.isoflop_vertex",
                                                 _sweep("isoflop"), 2e10),
    "scaling_lib.data_limits.ConstrainedAllocation": _call(
        "scaling_lib.data_limits.constrained_optimum", 1e22, 1e10, grid_points=21),
    "scaling_lib.data_limits.RepetitionFit": lambda: _obj("scaling_lib.data_limits.fit_r_d_star")(
        **{k: (v() if callable(v) else v) for k, v in
           BASELINES["scaling_lib.data_limits.fit_r_d_star"].items()}),
    "scaling_lib.finetuning.TransferFit": _call(
        "scaling_lib.finetuning.fit_transfer_law", [1e4, 1e5, 1e6], [1e5, 3e5, 8e5]),
    "scaling_lib.finetuning.TransferMeasurements": _call(
        "scaling_lib.finetuning.measure_transfer", _lazy("finetune_table")),
    "scaling_lib.finetuning.SaturatingFit": _call(
        "scaling_lib.finetuning.fit_saturating", [1e3, 3e3, 1e4, 3e4], [3.0, 2.6, 2.3, 2.2]),
    "scaling_lib.finetuning.CurveComparison": _call(
        "scaling_lib.finetuning.compare_extrapolation", [1e3, 3e3, 1e4, 3e4, 1e5],
        [3.0, 2.6, 2.3, 2.2, 2.15], 4),
    "scaling_lib.inference.CostOfOwnership": _lazy("cost"),
    "scaling_lib.test_time.CoverageLawFit": _call(
        "scaling_lib.test_time.fit_coverage_law", [1.0, 2.0, 4.0, 8.0], [0.2, 0.3, 0.42, 0.55]),
    "scaling_lib.test_time.SamplingCurves": _lazy("curves"),
    "scaling_lib.lab.language.ZipfLanguage": _lazy("lang"),
    "scaling_lib.lab.language.TokenPool": _lazy("pool"),
    "scaling_lib.lab.model.MLPLanguageModel": _lazy("mlp"),
    "scaling_lib.lab.train.TrainResult": _lazy("train_result"),
    "scaling_lib.lab.sweep.SweepTable": _lazy("table"),
    "scaling_lib.lab.task.AdditionProblems": _lazy("problems"),
    "scaling_lib.lab.task.GeneratedAnswers": _call(
        "scaling_lib.lab.task.generate_answers", _lazy("digit_model"), _lazy("problems")),
    "scaling_lib.lab.task.SampleSummary": _lazy("summary"),
    "scaling_lib.lab.task.EmergenceSweep": _lazy("emergence"),
    "scaling_lib.lab.task.SamplingSweep": _lazy("sampling"),
    "scaling_lib.lab.task_model.DigitMLP": _lazy("digit_model"),
    "scaling_lib.lab.task.TaskMetrics": _call(
        "scaling_lib.lab.task.evaluate_task_model", _lazy("digit_model"), _lazy("problems")),
    "scaling_lib.exercises.core.Question": _lazy("question"),
    "scaling_lib.lab.task.LadderSweep": _task_sweep("ladder"),
    "scaling_lib.forecasting.LadderSplit": _LADDER_SPLIT,
    "scaling_lib.forecasting.TaskLossLaw": _call("scaling_lib.forecasting.TaskLossLaw",
                                                 0.5, 8.0, 0.6),
    "scaling_lib.forecasting.SigmoidLink": _call("scaling_lib.forecasting.SigmoidLink",
                                                 3.0, -1.0),
    "scaling_lib.forecasting.Forecast": _call(
        "scaling_lib.forecasting.direct_forecast", [1e8, 1e9, 1e10, 1e11],
        [0.0, 0.05, 0.4, 0.8], [1e12], n_boot=5),
}

#: Example instances for arguments whose type hint names a library class.
HINTED = {
    "ChinchillaLaw": _LAW,
    "DataConstrainedLaw": "scaling_lib.laws.MUENNIGHOFF_2023",
    "KaplanJointLaw": "scaling_lib.laws.KAPLAN_JOINT_LAW",
    "PowerLaw": "scaling_lib.emergence.ILLUSTRATIVE_TOKEN_LOSS",
    "TransferLaw": "scaling_lib.finetuning.HERNANDEZ_TEXT_TO_PYTHON",
}

#: Callables the harness does not call, with the reason. Each is a known gap or a
#: deliberate choice, stated once here.
NOT_CALLED = {
    "scaling_lib.lab.task.regenerate_task_cache":
        "runs both task presets at full size (minutes) and rewrites book/data/lab; its "
        "arguments go straight to run_task_sweep and save_task_sweep, which are checked",
    "scaling_lib.lab.parallel.single_blas_thread_children":
        "a context manager without arguments",
    "scaling_lib.lab.hardware.single_thread_env": "takes no arguments",
}

#: Single calls the harness does not make, with the reason: (callable, argument, kind).
_DEFAULT = "None is the documented default: "
NOT_TRIED = {
    **{(f, "workers", "none"): _DEFAULT + "spawns one worker process per core (seconds each)"
       for f in ("scaling_lib.lab.sweep.run_preset", "scaling_lib.lab.sweep.run_sweep",
                 "scaling_lib.finetuning.run_transfer_experiment")},
    **{("scaling_lib.lab.task." + f, "workers", "none"):
       _DEFAULT + "spawns worker processes (seconds each)"
       for f in ("run_emergence_sweep", "run_sampling_sweep", "run_task_sweep",
                 "run_ladder_sweep")},
    **{("scaling_lib.lab.task." + f, "preset", "none"):
       _DEFAULT + "trains the live preset (seconds); the presets' own checks are covered "
       f"through {preset}"
       for f, preset in (("run_emergence_sweep", "EmergencePreset"),
                         ("run_sampling_sweep", "SamplingPreset"),
                         ("run_ladder_sweep", "LadderPreset"))},
    ("scaling_lib.lab.task.train_ladder_rung", "preset", "none"):
        _DEFAULT + "trains one rung of the full preset (seconds)",
}

#: Modules outside the harness, with the reason.
SKIPPED_MODULES = {
    "scaling_lib.plotting": "figure styling, owned by the chapters' figures; its functions "
                            "take matplotlib objects and are checked by tests/test_plotting.py",
    "scaling_lib.widgets": "explorers: their own contract is tests/test_widgets_contract.py",
    "scaling_lib.lab.__main__": "the command line",
}


# ------------------------------------------------------------------------------------------
# Discovery
# ------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Target:
    """One callable: a function, a class constructor or a method."""

    qualname: str
    kind: str                 # "function", "constructor" or "method"
    obj: object               # the function or class
    owner: type | None = None  # the class of a method
    method: str = ""

    @property
    def signature(self) -> inspect.Signature:
        fn = getattr(self.owner, self.method) if self.kind == "method" else self.obj
        sig = inspect.signature(fn)
        params = list(sig.parameters.values())
        if self.kind == "method" and not isinstance(inspect.getattr_static(self.owner,
                                                                           self.method),
                                                    staticmethod | classmethod):
            params = params[1:]
        return sig.replace(parameters=params)

    @property
    def arguments(self) -> list[inspect.Parameter]:
        return [p for p in self.signature.parameters.values()
                if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                and not p.name.startswith("_")]  # private arguments are not an input surface

    @property
    def module(self) -> str:
        return (self.owner or self.obj).__module__

    def accepted(self, arg: str) -> dict:
        """Declared accepted kinds for ``arg``, merged over the class hierarchy (a method
        that overrides a declared one keeps its declaration)."""
        out: dict = {}
        if self.kind == "method":
            for cls in reversed(self.owner.__mro__):
                fn = vars(cls).get(self.method)
                if fn is not None:
                    out.update(accepted(getattr(fn, "__func__", fn), arg))
            return out
        if not inspect.isclass(self.obj):
            return accepted(self.obj, arg)
        for cls in reversed(self.obj.__mro__):
            out.update(accepted(cls, arg))
        return out


def _skipped(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in SKIPPED_MODULES)


def public_modules() -> list[str]:
    """Every importable module of scaling_lib except private ones and :data:`SKIPPED_MODULES`."""
    names = ["scaling_lib"]
    for info in pkgutil.walk_packages(scaling_lib.__path__, "scaling_lib."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        if _skipped(info.name):
            continue
        names.append(info.name)
    return names


def modules_without_all() -> list[str]:
    """Public modules that do not declare ``__all__`` (each must)."""
    return [m for m in public_modules() if not hasattr(importlib.import_module(m), "__all__")]


def discover() -> list[Target]:
    """Every public callable, once (re-exports are found under their home module)."""
    seen: set[int] = set()
    targets: list[Target] = []
    for modname in public_modules():
        module = importlib.import_module(modname)
        names = getattr(module, "__all__", None)
        if names is None:  # reported by modules_without_all(); still checked
            names = [k for k, v in vars(module).items() if not k.startswith("_")
                     and getattr(v, "__module__", None) == modname]
        for name in names:
            obj = getattr(module, name)
            home = getattr(obj, "__module__", None)
            if not callable(obj) or id(obj) in seen or home != modname:
                continue
            seen.add(id(obj))
            qual = f"{modname}.{name}"
            if inspect.isclass(obj):
                if issubclass(obj, BaseException):
                    continue
                if not is_output_record(obj):
                    targets.append(Target(qual, "constructor", obj))
                for mname, member in vars(obj).items():
                    if mname.startswith("_"):
                        continue
                    fn = getattr(member, "__func__", member)
                    if inspect.isfunction(fn):
                        targets.append(Target(f"{qual}.{mname}", "method", obj, obj, mname))
                # methods inherited from a library base class are checked there
            elif inspect.isfunction(obj) or inspect.isbuiltin(obj):
                targets.append(Target(qual, "function", obj))
    return targets


# ------------------------------------------------------------------------------------------
# Baselines
# ------------------------------------------------------------------------------------------

class NoBaseline(Exception):
    """A required argument has no baseline: declare one in BASELINES."""


def _materialise(v):
    if isinstance(v, str) and v.startswith("scaling_lib.") and v.count(".") >= 2:
        try:
            return _obj(v)
        except (AttributeError, ImportError, ValueError):
            return v
    return v() if callable(v) and getattr(v, "__name__", "") == "<lambda>" else v


def _owner_baseline_key(target: Target) -> str:
    return target.qualname


def baseline(target: Target) -> dict:
    """Valid keyword arguments for ``target`` (fresh objects on every call)."""
    declared = BASELINES.get(target.qualname, {})
    out = {}
    for p in target.arguments:
        if p.name in declared:
            out[p.name] = _materialise(declared[p.name])
        elif p.default is not p.empty:
            out[p.name] = p.default
        else:
            hint = str(p.annotation)
            for cls, path in HINTED.items():
                if re.search(rf"\b{cls}\b", hint):
                    out[p.name] = _obj(path)
                    break
            else:
                raise NoBaseline(f"{target.qualname}: no baseline for argument {p.name!r}")
    if any(p.kind == p.VAR_KEYWORD for p in target.signature.parameters.values()):
        for k, v in declared.items():  # extra keywords for **kwargs
            out.setdefault(k, _materialise(v))
    return out


def instance(cls: type):
    """An instance of ``cls`` to call a method on."""
    qual = f"{cls.__module__}.{cls.__name__}"
    if qual in INSTANCES:
        return _materialise(INSTANCES[qual])
    for base in cls.__mro__[1:]:
        bq = f"{base.__module__}.{base.__name__}"
        if bq in INSTANCES and base is not object:
            break
    return cls(**baseline(Target(qual, "constructor", cls)))


def _callable(target: Target):
    if target.kind == "method":
        static = inspect.getattr_static(target.owner, target.method)
        if isinstance(static, staticmethod | classmethod):
            return getattr(target.owner, target.method)
        return getattr(instance(target.owner), target.method)
    return target.obj


# ------------------------------------------------------------------------------------------
# Judging one call
# ------------------------------------------------------------------------------------------

def _hint_allows(param: inspect.Parameter, kind: str) -> bool:
    hint = "" if param.annotation is param.empty else str(param.annotation)
    if kind == "none":
        return param.default is None or "None" in hint or "Optional" in hint
    if kind == "bool":
        return bool(re.search(r"\bbool\b", hint)) or isinstance(param.default, bool)
    if kind == "str":
        return bool(re.search(r"\b(str|Path)\b", hint)) or isinstance(param.default, str)
    return False


def _nonfinite(x, depth: int = 0) -> bool:
    """True if a result holds NaN or ±inf (numbers, arrays, dataclasses, containers)."""
    if depth > 3:
        return False
    if isinstance(x, bool | np.bool_):
        return False
    if isinstance(x, int | float | np.number):
        try:
            return not math.isfinite(float(x))
        except (OverflowError, TypeError):
            return False
    if isinstance(x, np.ndarray):
        if x.dtype.kind in "fc":
            return bool(x.size) and not bool(np.isfinite(x).all())
        return False
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return any(_nonfinite(getattr(x, f.name), depth + 1) for f in dataclasses.fields(x))
    if isinstance(x, dict):
        return any(_nonfinite(v, depth + 1) for v in list(x.values())[:50])
    if isinstance(x, list | tuple):
        return any(_nonfinite(v, depth + 1) for v in x[:50])
    return False


def names_argument(name: str, message: str) -> bool:
    """True if ``message`` names the argument ``name`` (short names need a clear form)."""
    if len(name) <= 2:
        pats = [rf"^{re.escape(name)}\b", rf"\b{re.escape(name)}\s*(must|=|is|has|should|"
                rf"needs|\()", rf"['`]{re.escape(name)}['`]"]
        return any(re.search(p, message) for p in pats)
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", message) is not None


def shows_value(kind: str, message: str) -> bool:
    return any(re.search(p, message) for p in _SHOWS.get(kind, []))


def judge(param: inspect.Parameter, kind: str, declared: dict, outcome: dict,
          baseline_nonfinite: bool) -> str:
    """Category of one call: clean, ok, unnamed, no_value, other, accepted_bad, nonfinite."""
    if "any" in declared and "error" in outcome:
        return "clean"  # declared to take any value: what it then does is its own business
    if "error" in outcome:
        msg = outcome["message"]
        if kind in declared or "any" in declared:
            # an accepted value may still be refused for another reason, if clearly
            return "clean" if outcome["is_value_or_type"] else "other"
        if not outcome["is_value_or_type"]:
            return "other"
        if not names_argument(param.name, msg):
            return "unnamed"
        return "clean" if shows_value(kind, msg) else "no_value"
    allowed = kind in declared or "any" in declared
    if not (allowed or kind in MAYBE or _hint_allows(param, kind)):
        return "accepted_bad"
    if outcome.get("nonfinite") and not baseline_nonfinite and not allowed:
        return "nonfinite"
    return "ok"


# ------------------------------------------------------------------------------------------
# Running, one forked child per callable
# ------------------------------------------------------------------------------------------

#: address space a child may add beyond what it has at fork, bytes
MEMORY_ALLOWANCE = 3 * 2**30


_SANDBOX: dict = {}


def _sandbox() -> Path:
    """A scratch folder with a copy of the cached lab data (made once per process)."""
    if "root" not in _SANDBOX:
        import shutil

        from scaling_lib.lab import sweep

        root = Path(tempfile.mkdtemp(prefix="scaling_contract_"))
        shutil.copytree(sweep.DATA_DIR, root / "data")
        _SANDBOX["root"] = root
        pid = os.getpid()
        # removed when this process exits (children leave through os._exit: no cleanup)
        atexit.register(lambda: os.getpid() == pid and shutil.rmtree(root, ignore_errors=True))
    return _SANDBOX["root"]


def _enter_sandbox() -> None:
    """In a child: work in the scratch folder, and point the cache at its copy, so that a
    call that writes (save_sweep with directory=None, to_json("3") …) never touches the
    repository."""
    from scaling_lib.lab import sweep, task

    root = _sandbox()
    os.chdir(root)
    sweep.DATA_DIR = task.DATA_DIR = root / "data"
    _tiny_preset()


def _child(target: Target, plan: list, start: int, wfd: int, only_baseline: bool) -> None:
    _enter_sandbox()
    out = os.fdopen(wfd, "w", buffering=1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the child exits right after
    sys.stderr = sys.stdout
    warnings.simplefilter("ignore")
    with contextlib.suppress(ValueError, OSError):
        pages = int(Path("/proc/self/statm").read_text().split()[0])
        size = pages * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (size + MEMORY_ALLOWANCE, resource.RLIM_INFINITY))

    def send(d):
        out.write(json.dumps(d) + "\n")

    try:
        kwargs = baseline(target)
        t0 = time.perf_counter()
        result = _callable(target)(**kwargs)
        base_seconds = time.perf_counter() - t0
        send({"baseline": True, "nonfinite": _nonfinite(result), "seconds": base_seconds})
    except BaseException as err:  # noqa: BLE001 - reported to the parent
        send({"baseline": True, "failed": f"{type(err).__name__}: {err}"[:500]})
        return
    if only_baseline:
        return
    for i in range(start, len(plan)):
        arg, kind = plan[i]
        try:
            kwargs = baseline(target)
            kwargs[arg] = dict(bad_values(kwargs[arg]))[kind]
            fn = _callable(target)
        except BaseException as err:  # noqa: BLE001
            send({"i": i, "setup_failed": f"{type(err).__name__}: {err}"[:300]})
            continue
        t0 = time.perf_counter()
        try:
            result = fn(**kwargs)
            send({"i": i, "nonfinite": _nonfinite(result), "seconds": time.perf_counter() - t0})
        except BaseException as err:  # noqa: BLE001
            send({"i": i, "error": type(err).__name__, "message": str(err)[:400],
                  "is_value_or_type": isinstance(err, ValueError | TypeError),
                  "seconds": time.perf_counter() - t0})


def plan_for(target: Target, kinds=None) -> list[tuple[str, str]]:
    """(argument, kind) pairs to try: every argument × every applicable bad value."""
    try:
        base = baseline(target)
    except NoBaseline:
        return []
    plan = []
    for p in target.arguments:
        for kind, _ in bad_values(base.get(p.name)):
            if (kinds is None or kind in kinds) and (target.qualname, p.name,
                                                     kind) not in NOT_TRIED:
                plan.append((p.name, kind))
    return plan


def run_target(target: Target, *, time_limit: float = 5.0, kinds=None) -> dict:
    """Run every planned call of ``target``; return {"baseline": …, "calls": [records]}."""
    plan = plan_for(target, kinds)
    params = {p.name: p for p in target.arguments}
    records: list[dict] = []
    info: dict = {"qualname": target.qualname}
    try:
        baseline(target)
    except NoBaseline as err:
        info["baseline_failed"] = str(err)
        return {"info": info, "calls": records}
    start = 0
    base = None
    while True:
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            try:
                os.close(r)
                _child(target, plan, start, w, only_baseline=False)
            finally:
                os._exit(0)
        os.close(w)
        reader = os.fdopen(r)
        sel = selectors.DefaultSelector()
        sel.register(reader, selectors.EVENT_READ)
        expected = start
        killed = False
        got_baseline = False
        buffer = ""
        limit = time_limit + 30.0  # first read includes building the baseline
        while True:
            events = sel.select(timeout=limit)
            if not events:
                os.kill(pid, signal.SIGKILL)
                killed = True
                break
            chunk = os.read(reader.fileno(), 65536).decode()
            if not chunk:
                break
            buffer += chunk
            while "\n" in buffer:
                line, buffer = buffer.split("\n", 1)
                rec = json.loads(line)
                if rec.get("baseline"):
                    got_baseline = True
                    base = rec
                    limit = time_limit
                    continue
                records.append(rec)
                expected = rec["i"] + 1
        sel.close()
        reader.close()
        os.waitpid(pid, 0)
        if base is not None and "failed" in base:
            info["baseline_failed"] = base["failed"]
            return {"info": info, "calls": []}
        if not got_baseline:
            info["baseline_failed"] = "the baseline call did not return within the time limit" \
                if killed else "the child process died during the baseline call"
            return {"info": info, "calls": []}
        if expected >= len(plan):
            break
        arg, kind = plan[expected]
        records.append({"i": expected, "hang" if killed else "crash": True})
        start = expected + 1
        if start >= len(plan):
            break
    info["baseline_seconds"] = base.get("seconds")
    calls = []
    for rec in records:
        arg, kind = plan[rec["i"]]
        param = params[arg]
        declared = target.accepted(arg)
        if rec.get("hang"):
            cat = "hang"
        elif rec.get("crash"):
            cat = "crash"
        elif rec.get("setup_failed"):
            cat = "setup"
        else:
            cat = judge(param, kind, declared, rec, bool(base.get("nonfinite")))
        calls.append({"target": target.qualname, "module": target.module,
                      "arg": arg, "kind": kind, "category": cat,
                      "error": rec.get("error"), "message": rec.get("message"),
                      "seconds": rec.get("seconds")})
    return {"info": info, "calls": calls}


def _prepare() -> None:
    """Measure and build once, before forking, what every child would otherwise redo."""
    from scaling_lib.lab.hardware import matmul_peak_flops

    matmul_peak_flops()
    _sandbox()
    for name in vars(_Examples):
        if name.startswith("_") and not name.startswith("__") and name != "_tmp":
            try:
                getattr(EX, name[1:])
            except Exception:  # noqa: BLE001 - a broken example shows up as a baseline failure
                pass


def _run_serial(targets, time_limit, kinds, progress) -> list:
    results = []
    for t in targets:
        res = run_target(t, time_limit=time_limit, kinds=kinds)
        results.append(res)
        if progress:
            progress(t, res)
    return results


def run_all(targets=None, *, time_limit: float = 5.0, kinds=None, progress=None,
            processes: int = 1) -> dict:
    """Run the harness over ``targets`` (default: everything discovered).

    ``processes`` > 1 splits the callables over that many forked coordinator processes
    (each forks one child per callable, as in the serial run); ``progress`` is called only
    in a serial run.
    """
    _prepare()
    targets = discover() if targets is None else targets
    targets = [t for t in targets if t.qualname not in NOT_CALLED]
    if processes <= 1 or len(targets) < 2:
        return {"results": _run_serial(targets, time_limit, kinds, progress)}
    shares = [targets[i::processes] for i in range(processes)]
    children = []
    for share in shares:
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # a coordinator
            try:
                os.close(r)
                data = json.dumps(_run_serial(share, time_limit, kinds, None)).encode()
                with os.fdopen(w, "wb") as out:
                    out.write(data)
            finally:
                os._exit(0)
        os.close(w)
        children.append((pid, r))
    chunks = {r: b"" for _, r in children}
    sel = selectors.DefaultSelector()
    for _, r in children:
        sel.register(r, selectors.EVENT_READ)
    open_fds = {r for _, r in children}
    while open_fds:
        for key, _ in sel.select():
            data = os.read(key.fd, 1 << 20)
            if data:
                chunks[key.fd] += data
            else:
                sel.unregister(key.fd)
                open_fds.discard(key.fd)
                os.close(key.fd)
    sel.close()
    results = []
    for pid, r in children:
        os.waitpid(pid, 0)
        results += json.loads(chunks[r].decode()) if chunks[r] else []
    order = {t.qualname: i for i, t in enumerate(targets)}
    results.sort(key=lambda res: order.get(res["info"]["qualname"], 0))
    return {"results": results}


CATEGORIES = ("clean", "ok", "no_value", "unnamed", "other", "accepted_bad", "nonfinite",
              "hang", "crash", "setup")


def summarise(run: dict) -> dict:
    calls = [c for r in run["results"] for c in r["calls"]]
    counts = Counter(c["category"] for c in calls)
    return {"callables": len(run["results"]),
            "no_baseline": [r["info"]["qualname"] for r in run["results"]
                            if "baseline_failed" in r["info"]],
            "calls": len(calls), **{k: counts.get(k, 0) for k in CATEGORIES}}


__all__ = ["KINDS", "BASELINES", "INSTANCES", "NOT_CALLED", "SKIPPED_MODULES", "discover",
           "run_target", "run_all", "summarise", "Target", "baseline", "public_modules",
           "modules_without_all", "bad_values", "judge", "names_argument", "shows_value"]


# chapter 10 (efficient models)
_EM = "scaling_lib.efficient_models."
_EML = "scaling_lib.lab.efficiency."
BASELINES.update({
    _EM + "moe_total_params": dict(shared_params=1e9, expert_params=5e8, experts=8),
    _EM + "moe_active_params": dict(shared_params=1e9, expert_params=5e8, active_experts=2),
    _EM + "moe_training_flops": dict(active_params=2e9, tokens=1e12),
    _EM + "weight_memory_bytes": dict(params=1e9, bits=4),
    _EM + "ptq_degradation": dict(params=1e8, tokens=1e10, bits=4.0, c_t=1.0, gamma_d=0.5,
                                  gamma_n=0.5, gamma_post=1.0),
    _EM + "PTQLaw": dict(c_t=0.06, gamma_d=0.5, gamma_n=0.35),
    _EM + "PTQLaw.relative": dict(params=1e8, tokens=1e10, ref_params=1e8, ref_tokens=1e9),
    _EM + "PTQLaw.degradation": dict(params=1e8, tokens=1e10, bits=4.0, gamma_post=1.0),
    _EM + "SupervisedLaw": dict(E=1.2, A=3e3, B=2e4, alpha=0.4, beta=0.4, gamma=0.45),
    _EM + "SupervisedLaw.loss": dict(params=1e9, tokens=2e10),
    _EM + "DistillationLaw": dict(
        A=2e3, B=2e4, alpha=0.3, beta=0.6, gamma=0.8, c0=2.5, c1=500.0, f1=0.09, d1=1.3,
        supervised=lambda: _obj(_EM + "BUSBRIDGE_2025_SUPERVISED")),
    _EM + "DistillationLaw.student_loss": dict(student_params=1e9, student_tokens=2e10,
                                               teacher_loss=2.0),
    _EM + "distilled_student_loss": dict(student_params=1e9, student_tokens=2e10,
                                         teacher_loss=2.0),
    _EM + "trend_per_decade": dict(x=[1.0, 10.0, 100.0], y=[0.1, 0.2, 0.35]),
    _EM + "crossover": dict(x=[1.0, 10.0, 100.0], y_base=[1.0, 1.0, 1.0],
                            y_new=[1.2, 1.1, 0.9]),
    _EML + "quantize_weights": dict(weights=lambda: np.arange(1.0, 13.0).reshape(4, 3),
                                    bits=4),
    _EML + "quantize_model": dict(model=_lazy("mlp"), bits=4),
    _EML + "model_bits": dict(model=_lazy("mlp"), bits=4),
    _EML + "soft_loss_and_grads": dict(model=_lazy("mlp"), X=_xy(0),
                                       targets=lambda: np.full((16, 8), 1 / 8)),
    _EML + "train_targets": dict(config=_lazy("train_config"), language=_lazy("lang"),
                                 teacher="exact"),
    _EML + "efficiency_jobs": dict(name="quantization", size="live"),
})

_MOE = "scaling_lib.lab.moe."


BASELINES.update({
    _MOE + "MoEConfig": dict(experts=2, expert_width=4, tokens=512, batch_size=256),
    _MOE + "MoEConfig.counts": dict(vocab_size=8, context_length=3),
    _MOE + "MoELanguageModel": dict(config=_call(_MOE + "MoEConfig", experts=2, expert_width=4),
                                    vocab_size=8, context_length=3),
    **_lab_model_methods(_MOE + "MoELanguageModel",
                         ("log_probs", "loss_and_grads", "population_loss")),
    _MOE + "train_moe": dict(config=_call(_MOE + "MoEConfig", experts=2, expert_width=4,
                                          tokens=512, batch_size=256),
                             language=_lazy("lang")),
    _MOE + "moe_jobs": dict(size="live"),
    _MOE + "moe_topk_jobs": dict(size="live"),
})

_FI = "scaling_lib.findings."
_CMP = dict(label_a="A", label_b="B", mean=-0.01, sd=0.002, se=0.001, n=6, n_a_better=6)
_TREND = dict(label="the damage", slope=0.04, se=0.008, n_seeds=5,
              per_seed=(0.03, 0.04, 0.05, 0.04, 0.04))
BASELINES.update({
    _FI + "Comparison": _CMP,
    _FI + "Comparison.size": _CMP,
    _FI + "Comparison.evidence": _CMP,
    _FI + "Comparison.describe": _CMP,
    _FI + "Comparison.expect": dict(_CMP, verdict="a"),
    _FI + "Trend": _TREND,
    _FI + "Trend.describe": _TREND,
    _FI + "Trend.expect": dict(_TREND, verdict="rises"),
    _FI + "compare_paired": dict(a=[1.0, 1.1, 1.2, 1.0, 1.1], b=[1.2, 1.3, 1.35, 1.2, 1.3]),
    _FI + "compare_groups": dict(a=[1.0, 1.1, 1.2], b=[1.2, 1.3, 1.35]),
    _FI + "seed_trend": dict(x=[1.0, 2.0, 3.0], y_by_seed=[[1.0, 2.0, 3.1], [1.1, 2.0, 3.0]]),
    _FI + "fmt_spread": dict(value=0.96013, spread=0.0011),
})

# chapter 8 findings: the lr_width sweep seed by seed
BASELINES.update({
    _HP + "lr_width_trends": dict(table=_sweep("lr_width")),
    _HP + "lr_reuse_losses": dict(table=_sweep("lr_width"), parametrization="sp",
                                  small_width=32, large_width=256),
})

# issue 28 (attention FLOPs): the crossover is computed from the model's own N; both counts
BASELINES.update({
    "scaling_lib.compute.attention_crossover_context": dict(params=8e9, n_layers=32,
                                                            d_attn=4096, context="full"),
    "scaling_lib.compute.attention_flops_per_token": dict(n_layers=32, n_ctx=8192,
                                                          d_attn=4096, context="full"),
    "scaling_lib.compute.forward_flops_per_token": dict(params=1e9, n_layers=24, n_ctx=2048,
                                                        d_attn=2048, context="causal"),
})

# chapter 10: the fewest parameters for a loss under Busbridge et al.'s supervised law
BASELINES.update({
    _EM + "supervised_params_for_loss": dict(loss=1.72),
})

# chapters 1 and 3 findings (issue 28): local-slope noise; repeated-data runs over seeds
_DL = "scaling_lib.data_limits."
_REP_SEEDS = dict(tokens=[1e5, 1e5, 1e5], unique_tokens=[1e5, 2.5e4, 1e4],
                  losses=[[2.34, 2.42, 2.6], [2.35, 2.44, 2.62]], fresh=_lazy("fresh"))
BASELINES.update({
    "scaling_lib.power_laws.local_slope_noise": dict(x=[1.0, 2.0, 4.0], y=[3.0, 2.5, 2.1],
                                                     sd=0.01),
    _DL + "repetition_by_seed": _REP_SEEDS,
    _DL + "RepetitionSeeds.versus_fresh": dict(epochs=4.0),
    _DL + "RepetitionSeeds.versus_one_pass": dict(epochs=4.0),
})
INSTANCES.update({
    _DL + "RepetitionSeeds": lambda: _obj(_DL + "repetition_by_seed")(
        **{k: (v() if callable(v) else v) for k, v in _REP_SEEDS.items()}),
})

# issue 28 (chapter 9): the pre-registered forecast locks; comparisons seed by seed
BASELINES.update({
    "scaling_lib.exercises.forecasting.PreregisteredQuestion.check": dict(answer=0.5),
    "scaling_lib.forecasting.held_out_errors_by_seed": dict(sweep=_task_sweep("ladder")),
    "scaling_lib.forecasting.backtest_errors_by_seed": dict(sweep=_task_sweep("ladder")),
    "scaling_lib.forecasting.onset_by_seed": dict(sweep=_task_sweep("ladder"), tokens=150_000),
})

# issue 28 (chapters 4, 6, 7): lab findings recomputed seed by seed from the cached sweeps
BASELINES.update({
    "scaling_lib.test_time.sampling_seed_findings": dict(
        sweeps=lambda: _obj("scaling_lib.test_time.load_sampling_seeds")((0, 1))),
    "scaling_lib.emergence.task_seed_findings": dict(sweep=_task_sweep("emergence")),
    "scaling_lib.emergence.learning_rate_seeds": dict(
        peak_lrs=(0.01, 0.02), seeds=(0, 1), width=4, answer_digits=3, n_problems=5,
        tokens=256),
    "scaling_lib.finetuning.load_finetune_seeds": dict(name="finetune", seeds=(0, 1)),
    "scaling_lib.finetuning.finetune_seed_findings": dict(
        tables=lambda: _obj("scaling_lib.finetuning.load_finetune_seeds")("finetune", (0, 1))),
    "scaling_lib.finetuning.transfer_size_findings": dict(
        tables=lambda: [_obj("scaling_lib.lab.load_sweep")("finetune_sizes")] * 2),
})

# issue 28 (chapter 10, review M3): quantisation in blocks; the block-size experiment
BASELINES.update({
    _EML + "quantize_weights": dict(weights=lambda: np.arange(1.0, 13.0).reshape(4, 3),
                                    bits=4, channel_axis=1, block_size=2),
    _EML + "quantize_model": dict(model=_lazy("mlp"), bits=4, block_size=2),
    _EML + "model_bits": dict(model=_lazy("mlp"), bits=4, block_size=2),
    _EML + "block_size_damage": dict(width=24, block_sizes=[None, 8], matrix="W2", bits=4,
                                     reference_bits=[6], seed=0),
})

BASELINES.update({
    "scaling_lib.lab.sweep.seed_dir": dict(seed=1),
})

# issue 29 (chapter 9, review H3): the predict-then-reveal gate
_PREREG = "scaling_lib.exercises.forecasting.PreregisteredQuestion"
BASELINES.update({
    "scaling_lib.exercises.reveal.reveal_after": dict(
        question=lambda: _obj(_PREREG)("q1", truth=0.5), what="the held-out truth"),
    "scaling_lib.exercises.reveal.reveal_after.show": dict(obj="a table"),
    "scaling_lib.exercises.reveal.reveal_after.text": dict(value="0.901"),
    "scaling_lib.exercises.reveal.recorded_answer": dict(
        question=lambda: _obj(_PREREG)("q1", truth=0.5)),
})

# issue 32: scaling_lib.lab.task was split into task_problems, task_training, task_scoring,
# task_emergence, task_sampling and task_ladder; it still re-exports every public name. The
# harness finds each callable under its home module, so every entry above written against
# scaling_lib.lab.task also applies under that home.
def _task_home(key: str) -> str:
    head = "scaling_lib.lab.task."
    if not key.startswith(head):
        return key
    rest = key[len(head):]
    obj = getattr(importlib.import_module("scaling_lib.lab.task"), rest.split(".")[0], None)
    home = getattr(obj, "__module__", None)
    return f"{home}.{rest}" if home else key


for _table in (BASELINES, INSTANCES, NOT_CALLED):
    _table.update({_task_home(k): v for k, v in list(_table.items())
                   if _task_home(k) != k})
NOT_TRIED.update({(_task_home(k[0]), *k[1:]): v for k, v in list(NOT_TRIED.items())
                  if _task_home(k[0]) != k[0]})
# issue 32: presets register into scaling_lib.lab.registry (sweep re-exports register_preset)
BASELINES.update({
    "scaling_lib.lab.registry.register_preset":
        BASELINES["scaling_lib.lab.sweep.register_preset"],
})
# issue 31: chapter 2's capstone reports a score (budget spent, error in millinats)
BASELINES.update({
    "scaling_lib.exercises.chinchilla.PlanQuestion.score": dict(
        answer=(100, 1000), account=lambda: _obj("scaling_lib.lab.TrainingAccount")(3e10)),
})

# issue 31 (chapter 1, "Meet the lab" and "Why power laws?"): the learned-contexts curve
_SMALL_LANGUAGE = "scaling_lib.lab.language.LanguageConfig"


def _small_language():
    return _obj(_SMALL_LANGUAGE)(vocab_size=8, context_length=6, n_contexts=4096)


BASELINES.update({
    "scaling_lib.power_laws.zipf_exponent_predictions": dict(zipf_exponent=1.5),
    "scaling_lib.power_laws.learned_contexts_curve": dict(
        language=lambda: _small_language(), n_points=8),
    "scaling_lib.power_laws.draw_learned_contexts": dict(
        curve=lambda: _obj("scaling_lib.power_laws.learned_contexts_curve")(
            _small_language(), n_points=8), band=[0.03, 0.1]),
    "scaling_lib.power_laws.draw_lab_model": dict(context_length=5, embed_dim=16, width=8,
                                                  vocab_size=16),
    "scaling_lib.power_laws.LearnedContexts.slope": dict(n_min=2.0, n_max=500.0),
})
INSTANCES.update({
    "scaling_lib.power_laws.LearnedContexts": _call(
        "scaling_lib.power_laws.learned_contexts_curve", lambda: _small_language(),
        n_points=12),
})
