"""A tiny numpy model that writes the digits of a sum, one at a time.

The model is a one-hidden-layer MLP that reads a fixed window of one-hot slots
and predicts the next answer token:

* the two operand digits at the position being written, ``a_i`` and ``b_i``;
* the two operand digits one position lower, ``a_{i-1}`` and ``b_{i-1}``;
* the token it generated itself one step earlier, ``s_{i-1}`` (or BOS at the
  start).

Answers are written least significant digit first, so this window carries all
that is needed: the carry into position ``i`` is 1 exactly when
``s_{i-1} < a_{i-1} + b_{i-1}``. The model still has to *learn* that rule and
the sum modulo 10 from one-hot inputs; a narrow hidden layer can only
approximate them, which is what makes accuracy grow with width.

Forward pass, for a batch of one-hot inputs ``X`` (B × 55)::

    Z = X W1 + b1,   H = max(Z, 0),   logits = H W2 + b2,
    p = softmax(logits),   loss = −mean_b log p[b, y_b]      (nats per token)

Backward pass (written out, checked against finite differences in the tests)::

    dlogits = (p − onehot(y)) / B
    dW2 = Hᵀ dlogits,  db2 = Σ_b dlogits,  dH = dlogits W2ᵀ
    dZ = dH · [Z > 0],  dW1 = Xᵀ dZ,  db1 = Σ_b dZ
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scaling_lib._validate import as_finite, as_int, as_int_array, as_positive, returns_finite

__all__ = [
    "N_DIGITS",
    "ABSENT",
    "BOS",
    "EOS",
    "N_SLOTS",
    "SLOT_SIZE",
    "N_INPUTS",
    "N_OUTPUTS",
    "DigitMLP",
    "one_hot_inputs",
]

N_DIGITS = 10
"""Digits 0–9 are tokens 0–9."""
ABSENT = 10
"""Input value for an operand digit beyond the operand's length."""
BOS = 10
"""Input value of the "previous token" slot at the first answer position."""
EOS = 10
"""Output token that ends an answer."""
N_SLOTS = 5
"""Input slots: a_i, b_i, a_{i-1}, b_{i-1}, previous token."""
SLOT_SIZE = 11
"""Each slot is one of 11 values (10 digits plus ABSENT/BOS)."""
N_INPUTS = N_SLOTS * SLOT_SIZE
N_OUTPUTS = N_DIGITS + 1
"""Ten digits and EOS."""


def one_hot_inputs(slots: np.ndarray) -> np.ndarray:
    """One-hot encode integer slot values (B × 5, each in 0…10) into a B × 55 float array."""
    slots = as_int_array("slots", slots, ndim=2, columns=N_SLOTS, high=SLOT_SIZE)
    x = np.zeros((slots.shape[0], N_INPUTS))
    cols = slots + np.arange(N_SLOTS) * SLOT_SIZE
    np.put_along_axis(x, cols, 1.0, axis=1)
    return x


@dataclass
class DigitMLP:
    """One-hidden-layer ReLU MLP over the one-hot digit window.

    Parameters
    ----------
    width : int
        Hidden width h. The parameter count is
        N = (55 + 1)·h + (h + 1)·11 = 67·h + 11 (weights and biases, all counted;
        the model has no separate embedding table, so total = non-embedding).
    seed : int
        Seed of the initialisation (He-normal first layer, small second layer).
    """

    width: int
    seed: int = 0

    def __post_init__(self):
        self.width = as_int("width", self.width, maximum=65_536)
        self.seed = as_int("seed", self.seed, minimum=0)
        rng = np.random.default_rng(self.seed)
        h = self.width
        # Five slots are active per input, so fan-in is effectively 5.
        self.params = {
            "W1": rng.normal(0.0, np.sqrt(2.0 / N_SLOTS), (N_INPUTS, h)),
            "b1": np.zeros(h),
            "W2": rng.normal(0.0, 1.0 / np.sqrt(h), (h, N_OUTPUTS)) * 0.5,
            "b2": np.zeros(N_OUTPUTS),
        }

    @property
    def n_params(self) -> int:
        """Parameter count N (weights and biases)."""
        return int(sum(p.size for p in self.params.values()))

    @staticmethod
    def _inputs(x) -> np.ndarray:
        given = x
        x = np.asarray(as_finite("x", x), dtype=float)
        if x.ndim != 2 or x.shape[1] != N_INPUTS:
            raise ValueError(f"x must have shape (batch, {N_INPUTS}) (one_hot_inputs of the "
                             f"slots), got an array of shape {x.shape}"
                             + (f": {given!r}" if x.ndim == 0 else ""))
        return x

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Logits (B × 11) for one-hot inputs ``x`` (B × 55)."""
        x = self._inputs(x)
        p = self.params
        h = np.maximum(x @ p["W1"] + p["b1"], 0.0)
        return h @ p["W2"] + p["b2"]

    @returns_finite
    def log_probs(self, x: np.ndarray, temperature: float = 1.0) -> np.ndarray:
        """Log-probabilities (B × 11) of the next token, log softmax(logits / T)."""
        temperature = as_positive("temperature", temperature, allow_array=False)
        z = self.logits(x) / temperature
        z = z - z.max(axis=1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=1, keepdims=True))

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray) -> tuple[float, dict]:
        """Mean cross-entropy (nats per token) of targets ``y`` and its gradients."""
        x = self._inputs(x)
        y = as_int_array("y", y, ndim=1, high=N_OUTPUTS)
        if y.size != x.shape[0] or y.size == 0:
            raise ValueError(f"y must hold one target per row of x ({x.shape[0]}), got {y.size}")
        p = self.params
        z1 = x @ p["W1"] + p["b1"]
        h = np.maximum(z1, 0.0)
        z2 = h @ p["W2"] + p["b2"]
        z2 = z2 - z2.max(axis=1, keepdims=True)
        e = np.exp(z2)
        s = e.sum(axis=1, keepdims=True)
        rows = np.arange(len(y))
        loss = float(np.mean(np.log(s[:, 0]) - z2[rows, y]))
        d2 = e / s
        d2[rows, y] -= 1.0
        d2 /= len(y)
        dh = d2 @ p["W2"].T
        dh *= z1 > 0
        grads = {
            "W1": x.T @ dh,
            "b1": dh.sum(axis=0),
            "W2": h.T @ d2,
            "b2": d2.sum(axis=0),
        }
        return loss, grads
