"""The lab model with a parametrisation switch: standard (SP) or maximal-update (μP).

A deeper relative of :class:`scaling_lib.lab.model.MLPLanguageModel` (which stays as it
is, so every cached sweep of chapters 1–7 keeps its meaning):

    e      = [E[x_1], …, E[x_k]]                       (k·d)   token embedding
    a_1    = ReLU(e · W1 + b1)                         (h)     input layer
    a_2    = ReLU(a_1 · W2 + b2)                       (h)     hidden layer (depth 2 only)
    logits = m_out · (a_L · Wout) + bout               (V)     output layer

Depth 2 (the default) has a hidden-to-hidden matrix W2 (h × h), so μP's rule for hidden
weights is exercised, not only its input and output rules; it costs h² multiply-adds per
token, which is why the chapter's widths stop at 256.

The two parametrisations differ only in three places (``yang2022tensor``, Table 3, in the
form of the ``mup`` package's ``MuReadout`` and ``MuAdam``; see :func:`scaling_lib.
hyperparameters.mup_multipliers`), with m = h / h_base the width multiplier:

============  =====================  =============================
              standard (SP)          μP
============  =====================  =============================
W1 (input)    init var 2/(k·d), lr η  the same
W2 (hidden)   init var 2/h, lr η      init var 2/h, lr η / m
Wout (output) init var 1/h, lr η      init var 1/h_base, lr η, m_out = 1/m
biases, E     lr η                    the same
============  =====================  =============================

At h = h_base the two are the same network with the same rates, so a base learning rate
tuned there means the same thing at every width under μP.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from scaling_lib._validate import as_choice, as_int, as_int_array, check_type
from scaling_lib.lab.model import (
    _check_targets,
    _chunked_log_probs,
    _cross_entropy_to_logit_grad,
    _embedding_grad,
    _float_dtype,
    _population_loss,
)

__all__ = ["ParamMLPConfig", "ParamMLP", "PARAMETRIZATIONS"]

#: the two parametrisations of the switch
PARAMETRIZATIONS = ("sp", "mup")
MAX_WIDTH = 8192


@dataclass(frozen=True)
class ParamMLPConfig:
    """Shape and parametrisation of a :class:`ParamMLP`.

    Attributes
    ----------
    vocab_size, context_length, width, embed_dim : int
        V, k, h and d as in :class:`scaling_lib.lab.model.MLPConfig`.
    depth : int
        Hidden layers, 1 or 2.
    parametrization : str
        ``"sp"`` (standard) or ``"mup"`` (maximal update).
    base_width : int
        h_base, the width at which μP coincides with SP.
    """

    vocab_size: int = 16
    context_length: int = 5
    width: int = 64
    embed_dim: int = 16
    depth: int = 2
    parametrization: str = "sp"
    base_width: int = 32

    def __post_init__(self):
        as_int("vocab_size", self.vocab_size, minimum=2, maximum=65_536)
        as_int("context_length", self.context_length, maximum=64)
        as_int("width", self.width, maximum=MAX_WIDTH)
        as_int("embed_dim", self.embed_dim, maximum=4096)
        as_int("depth", self.depth, maximum=2)
        as_choice("parametrization", self.parametrization, PARAMETRIZATIONS)
        as_int("base_width", self.base_width, maximum=MAX_WIDTH)

    @property
    def width_multiplier(self) -> float:
        """m = h / h_base."""
        return self.width / self.base_width

    @property
    def total_params(self) -> int:
        """All trainable parameters, embedding included."""
        k, d, h, v = self.context_length, self.embed_dim, self.width, self.vocab_size
        return v * d + k * d * h + h + (self.depth - 1) * (h * h + h) + h * v + v

    @property
    def non_embedding_params(self) -> int:
        return self.total_params - self.vocab_size * self.embed_dim

    def to_dict(self) -> dict:
        return asdict(self)


class ParamMLP:
    """Numpy MLP language model with a parametrisation switch (hand-written backward).

    Parameters
    ----------
    config : ParamMLPConfig
    seed : int
    dtype : numpy float dtype (``float64`` for gradient checks)
    """

    def __init__(self, config: ParamMLPConfig, seed: int = 0, dtype=np.float32):
        self.config = check_type("config", config, ParamMLPConfig, "a ParamMLPConfig")
        self.dtype = _float_dtype(dtype)
        rng = np.random.default_rng(np.random.SeedSequence([as_int("seed", seed, minimum=0), 8]))
        c = config
        k, d, h, v = c.context_length, c.embed_dim, c.width, c.vocab_size
        mup = c.parametrization == "mup"
        init = {"E": rng.standard_normal((v, d)),
                "W1": rng.standard_normal((k * d, h)) * np.sqrt(2.0 / (k * d)),
                "b1": np.zeros(h)}
        if c.depth == 2:
            init["W2"] = rng.standard_normal((h, h)) * np.sqrt(2.0 / h)
            init["b2"] = np.zeros(h)
        out_var = 1.0 / (c.base_width if mup else h)
        init["Wout"] = rng.standard_normal((h, v)) * np.sqrt(out_var)
        init["bout"] = np.zeros(v)
        self.params = {name: a.astype(self.dtype) for name, a in init.items()}
        #: m_out, the output multiplier (1 under SP, h_base / h under μP)
        self.output_multiplier = 1.0 / c.width_multiplier if mup else 1.0
        #: per-parameter learning-rate multipliers for Adam
        self.lr_scale = {"W2": 1.0 / c.width_multiplier} if (mup and c.depth == 2) else {}

    def _check_inputs(self, X) -> np.ndarray:
        return as_int_array("X", X, ndim=2, columns=self.config.context_length,
                            high=self.config.vocab_size)

    def _forward(self, X):
        p = self.params
        n = X.shape[0]
        e = p["E"][X].reshape(n, -1)
        acts = [e]
        a = e @ p["W1"]
        a += p["b1"]
        np.maximum(a, 0, out=a)
        acts.append(a)
        if self.config.depth == 2:
            a = a @ p["W2"]
            a += p["b2"]
            np.maximum(a, 0, out=a)
            acts.append(a)
        z = a @ p["Wout"]
        if self.output_multiplier != 1.0:
            z *= self.output_multiplier
        z += p["bout"]
        return acts, z

    def logits(self, X) -> np.ndarray:
        """Unnormalised next-token scores, shape (batch, V)."""
        return self._forward(self._check_inputs(X))[1]

    def log_probs(self, X, chunk: int = 8192) -> np.ndarray:
        """log q(y | context) for every row of X, shape (batch, V)."""
        return _chunked_log_probs(lambda rows: self._forward(rows)[1], self._check_inputs(X),
                                  self.config.vocab_size, chunk)

    def loss_and_grads(self, X, y) -> tuple[float, dict[str, np.ndarray]]:
        """Mean cross-entropy (nats) of a batch and its gradient for every parameter.

        With g = ∂loss/∂logits = (softmax − onehot(y)) / B: ∂Wout = m_out·a_Lᵀg,
        ∂bout = Σg, δ_L = m_out·(g·Woutᵀ) ⊙ [a_L > 0], then back through W2 (depth 2),
        W1 and the embedding table as in :class:`scaling_lib.lab.model.MLPLanguageModel`.
        """
        X = self._check_inputs(X)
        y = _check_targets(X, y, self.config.vocab_size)
        p = self.params
        acts, z = self._forward(X)
        loss = _cross_entropy_to_logit_grad(z, y, quiet=True)
        m = self.output_multiplier
        grads = {"bout": z.sum(axis=0), "Wout": (acts[-1].T @ z) * m}
        delta = (z @ p["Wout"].T) * m
        delta *= acts[-1] > 0
        if self.config.depth == 2:
            grads["W2"] = acts[1].T @ delta
            grads["b2"] = delta.sum(axis=0)
            delta = delta @ p["W2"].T
            delta *= acts[1] > 0
        grads["W1"] = acts[0].T @ delta
        grads["b1"] = delta.sum(axis=0)
        grads["E"] = _embedding_grad(X, delta @ p["W1"].T, self.config.vocab_size, self.dtype)
        return loss, grads

    def population_loss(self, language) -> float:
        """Exact loss over the whole ``language`` (a ZipfLanguage), nats per token."""
        return _population_loss(self, language)
