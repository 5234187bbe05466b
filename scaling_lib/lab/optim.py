"""Adam and the learning-rate schedule shared by every lab trainer.

The schedule is linear warm-up followed by cosine decay to ``final_fraction``
of the peak over the run's own number of steps, as in Hoffmann et al. 2022
(``hoffmann2022training``), who found that a cosine cycle longer than the run
overestimates the loss of intermediate models.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from scaling_lib._validate import (
    InputTypeError,
    as_fraction,
    as_int,
    as_nonnegative,
    as_positive,
)

__all__ = ["warmup_cosine_lr", "Adam"]


def warmup_cosine_lr(
    step: int,
    total_steps: int,
    peak_lr: float,
    warmup_steps: int = 0,
    final_fraction: float = 0.1,
) -> float:
    """Learning rate at ``step`` (0-based).

    lr(t) = peak · t / warmup                                  for t < warmup
    lr(t) = peak · [f + (1 − f) · (1 + cos(π · p)) / 2]        otherwise,
    with p = (t − warmup) / (total − warmup) and f = ``final_fraction``.
    """
    total_steps = as_int("total_steps", total_steps)
    step = as_int("step", step, minimum=0)
    peak_lr = as_positive("peak_lr", peak_lr, allow_array=False)
    warmup_steps = as_int("warmup_steps", warmup_steps, minimum=0)
    final_fraction = as_fraction("final_fraction", final_fraction, allow_zero=True,
                                 allow_array=False)
    if warmup_steps and step < warmup_steps:
        return peak_lr * (step + 1) / warmup_steps
    span = max(total_steps - warmup_steps, 1)
    progress = min((step - warmup_steps) / span, 1.0)
    cosine = 0.5 * (1 + math.cos(math.pi * progress))
    return peak_lr * (final_fraction + (1 - final_fraction) * cosine)


@dataclass
class Adam:
    """Adam (Kingma & Ba 2015) over a dict of numpy arrays, updated in place."""

    beta1: float = 0.9
    beta2: float = 0.95
    eps: float = 1e-8
    weight_decay: float = 0.0
    _m: dict = field(default_factory=dict, repr=False)
    _v: dict = field(default_factory=dict, repr=False)
    _t: int = 0

    def __post_init__(self):
        as_fraction("beta1", self.beta1, allow_zero=True, allow_array=False)
        as_fraction("beta2", self.beta2, allow_zero=True, allow_array=False)
        as_positive("eps", self.eps, allow_array=False)
        as_nonnegative("weight_decay", self.weight_decay, allow_array=False)

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray], lr: float) -> None:
        """Apply one update with learning rate ``lr`` (decoupled weight decay, AdamW-style)."""
        lr = float(as_positive("lr", lr, allow_array=False))
        for name, d in (("params", params), ("grads", grads)):
            if not isinstance(d, dict) or not all(isinstance(v, np.ndarray) for v in d.values()):
                raise InputTypeError(f"{name} must be a dict of numpy arrays, got {d!r:.60}")
        for key, g in grads.items():
            if key not in params or np.shape(params[key]) != np.shape(g):
                raise ValueError(f"grads must match params: {key!r} has shape {np.shape(g)}, "
                                 f"params has {np.shape(params.get(key))}")
        self._t += 1
        b1, b2 = self.beta1, self.beta2
        c1 = 1 - b1**self._t
        c2 = 1 - b2**self._t
        for name, g in grads.items():
            p = params[name]
            if name not in self._m:
                self._m[name] = np.zeros_like(p)
                self._v[name] = np.zeros_like(p)
            m, v = self._m[name], self._v[name]
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * (g * g)
            if self.weight_decay:
                p *= 1 - lr * self.weight_decay
            p -= lr * (m / c1) / (np.sqrt(v / c2) + self.eps)
