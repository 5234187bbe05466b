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
    as_choice,
    as_fraction,
    as_int,
    as_nonnegative,
    as_positive,
)

__all__ = ["warmup_cosine_lr", "warmup_stable_decay_lr", "Adam"]


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


def warmup_stable_decay_lr(
    step: int,
    total_steps: int,
    peak_lr: float,
    warmup_steps: int = 0,
    cooldown_steps: int = 0,
    final_fraction: float = 0.0,
    shape: str = "linear",
) -> float:
    """Warm-up, stable, decay (WSD; ``hu2024minicpm``), or constant-then-cooldown
    (``hagele2024scaling``): the learning rate at ``step`` (0-based).

    lr(t) = peak · (t + 1) / warmup                          for t < warmup
    lr(t) = peak                                             until the cooldown starts
    lr(t) = peak · [f + (1 − f) · g(q)]                      in the last ``cooldown_steps``,
    with q = (t − t_c) / cooldown the cooldown's progress (t_c its first step, so the
    last step still moves, at 1/cooldown of the way down),
    f = ``final_fraction`` and g(q) = 1 − q (``"linear"``) or 1 − √q (``"1-sqrt"``, the
    shape ``hagele2024scaling`` found best). ``cooldown_steps=0`` is a constant rate.
    Because the rate before the cooldown does not depend on ``total_steps``, a run can be
    saved at any step and cooled down from there: one long run gives many lengths.
    """
    total_steps = as_int("total_steps", total_steps)
    step = as_int("step", step, minimum=0)
    peak_lr = as_positive("peak_lr", peak_lr, allow_array=False)
    warmup_steps = as_int("warmup_steps", warmup_steps, minimum=0)
    cooldown_steps = as_int("cooldown_steps", cooldown_steps, minimum=0)
    if cooldown_steps > total_steps:
        raise ValueError(f"cooldown_steps must be at most total_steps ({total_steps}), got "
                         f"{cooldown_steps}")
    final_fraction = as_fraction("final_fraction", final_fraction, allow_zero=True,
                                 allow_array=False)
    as_choice("shape", shape, ("linear", "1-sqrt"))
    if warmup_steps and step < warmup_steps:
        return peak_lr * (step + 1) / warmup_steps
    start = total_steps - cooldown_steps
    if not cooldown_steps or step < start:
        return peak_lr
    q = min((step - start) / cooldown_steps, 1.0)
    g = 1.0 - q if shape == "linear" else 1.0 - math.sqrt(q)
    return peak_lr * (final_fraction + (1 - final_fraction) * g)


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

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray], lr: float,
             lr_scale: dict[str, float] | None = None) -> None:
        """Apply one update with learning rate ``lr`` (decoupled weight decay, AdamW-style).

        ``lr_scale`` (optional) multiplies the rate of named parameters, e.g. μP's
        per-layer rates (``yang2022tensor``); the decay step stays lr·λ for every
        parameter, as in ``mup``'s MuAdamW, which divides the rate and multiplies λ.
        """
        lr = float(as_positive("lr", lr, allow_array=False))
        if lr_scale is not None:
            if not isinstance(lr_scale, dict) or not all(
                    isinstance(v, int | float) and not isinstance(v, bool)
                    and math.isfinite(v) and v > 0 for v in lr_scale.values()):
                raise InputTypeError(f"lr_scale must be None or a dict of positive numbers, "
                                     f"got {lr_scale!r:.60}")
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
            rate = lr if lr_scale is None else lr * lr_scale.get(name, 1.0)
            p -= rate * (m / c1) / (np.sqrt(v / c2) + self.eps)

    def copy(self) -> Adam:
        """An independent copy of the optimizer and its moments (to branch a run)."""
        return Adam(self.beta1, self.beta2, self.eps, self.weight_decay,
                    {k: v.copy() for k, v in self._m.items()},
                    {k: v.copy() for k, v in self._v.items()}, self._t)
