"""The scaling lab: tiny numpy language models trained from scratch on a CPU.

Importing this package is cheap; the names below are loaded on first use.

- ``make_language``, ``ZipfLanguage``, ``LanguageConfig``, ``TokenPool`` — the synthetic language
- ``MLPConfig``, ``MLPLanguageModel`` — the numpy model
- ``train_model`` (the function ``scaling_lib.lab.train.train``; the package attribute
  ``train`` is the submodule), ``TrainConfig``, ``TrainResult``, ``width_lr``,
  ``TrainingAccount`` — the trainer
- ``run_preset``, ``load_sweep``, ``run_sweep``, ``RunSpec``, ``SweepTable``, ``PRESETS`` — sweeps
- ``matmul_peak_flops`` — this machine's measured single-thread matmul peak
"""

from __future__ import annotations

import importlib

_LAZY = {
    "LanguageConfig": "language", "ZipfLanguage": "language", "TokenPool": "language",
    "make_language": "language",
    "MLPConfig": "model", "MLPLanguageModel": "model",
    "TrainConfig": "train", "TrainResult": "train", "train_model": "train", "width_lr": "train",
    "training_flops": "train", "TrainingAccount": "train", "BudgetExceededError": "train",
    "RunSpec": "sweep", "SweepTable": "sweep", "run_sweep": "sweep", "run_preset": "sweep",
    "load_sweep": "sweep", "seed_dir": "sweep", "save_sweep": "sweep", "preset_specs": "sweep",
    "PRESETS": "sweep",
    "seed_spread": "sweep",
    "matmul_peak_flops": "hardware", "measure_matmul_flops": "hardware",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        module = importlib.import_module(f"scaling_lib.lab.{_LAZY[name]}")
        return getattr(module, "train" if name == "train_model" else name)
    raise AttributeError(f"module 'scaling_lib.lab' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
