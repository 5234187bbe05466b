"""The lab's language model: a one-hidden-layer MLP over the context, in numpy.

    e      = [E[x_1], …, E[x_k]]                 (k·d)       shared token embedding
    a      = ReLU(e · W1 + b1)                   (h)         hidden layer of width h
    logits = a · W2 + b2                         (V)
    loss   = −log softmax(logits)[y]                         cross-entropy, nats

Forward and backward are written out by hand (and gradient-checked in the tests).

Parameter counts (``kaplan2020scaling`` counts non-embedding parameters,
``hoffmann2022training`` counts all of them; both are reported):

    embedding_params     = V·d                          the input token table E
    non_embedding_params = k·d·h + h + h·V + V          W1, b1, W2, b2
    total_params         = embedding_params + non_embedding_params

Training compute is counted as C = 6·N·D with N = ``total_params`` (the
Chinchilla convention). The work actually done is 6·N_non-embedding·D matmul
FLOPs (a table lookup costs no multiply-adds); that is the number used for the
achieved FLOP/s and MFU.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from scaling_lib._validate import InputTypeError, as_int, as_int_array, check_type

#: Ceilings of a model's shape, refused before any array is allocated.
MAX_WIDTH = 65_536
MAX_EMBED_DIM = 4096

__all__ = ["MLPConfig", "MLPLanguageModel"]


@dataclass(frozen=True)
class MLPConfig:
    """Shape of an :class:`MLPLanguageModel`.

    Attributes
    ----------
    vocab_size : int
        V, tokens in the vocabulary.
    context_length : int
        k, context tokens the model reads.
    width : int
        h, hidden units; the knob that sets the model size.
    embed_dim : int
        d, embedding dimension per token.
    """

    vocab_size: int = 16
    context_length: int = 5
    width: int = 128
    embed_dim: int = 16

    def __post_init__(self):
        as_int("vocab_size", self.vocab_size, minimum=2, maximum=65_536)
        as_int("context_length", self.context_length, maximum=64)
        as_int("width", self.width, maximum=MAX_WIDTH)
        as_int("embed_dim", self.embed_dim, maximum=MAX_EMBED_DIM)

    @property
    def embedding_params(self) -> int:
        """V·d, the input embedding table."""
        return self.vocab_size * self.embed_dim

    @property
    def non_embedding_params(self) -> int:
        """k·d·h + h + h·V + V: everything but the input embedding table."""
        k, d, h, v = self.context_length, self.embed_dim, self.width, self.vocab_size
        return k * d * h + h + h * v + v

    @property
    def total_params(self) -> int:
        """All trainable parameters, embedding included."""
        return self.embedding_params + self.non_embedding_params

    def to_dict(self) -> dict:
        return asdict(self)


# ------------------------------------------------- pieces shared by the lab's models
# (MLPLanguageModel here, ParamMLP in parametrization.py, MoELanguageModel in moe.py and
# the soft-target trainer in efficiency.py)
def _float_dtype(dtype) -> np.dtype:
    """``dtype`` as a numpy float dtype; InputTypeError naming it otherwise."""
    try:
        out = np.dtype(dtype)
    except (TypeError, ValueError):
        out = None
    if dtype is None or out is None or out.kind != "f":
        raise InputTypeError(f"dtype must be a float type such as np.float32, got {dtype!r}")
    return out


def _check_targets(X: np.ndarray, y, vocab_size: int) -> np.ndarray:
    """``y`` as one next-token id per row of the checked context array ``X``."""
    y = as_int_array("y", y, ndim=1, high=vocab_size)
    if y.size != X.shape[0] or y.size == 0:
        raise ValueError(f"y must hold one target per row of X ({X.shape[0]}), got "
                         f"{y.size}")
    return y


def _cross_entropy_to_logit_grad(z: np.ndarray, y: np.ndarray, quiet: bool = False) -> float:
    """Mean cross-entropy of logits ``z`` to targets ``y``; ``z`` becomes, in place,
    g = ∂loss/∂z = (softmax(z) − onehot(y)) / B. ``quiet`` silences numpy's warnings on the
    loss of a diverged run (it is then inf or nan)."""
    n = z.shape[0]
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    s = z.sum(axis=1, keepdims=True)
    rows = np.arange(n)
    quiet_errors = dict(divide="ignore", over="ignore", invalid="ignore") if quiet else {}
    with np.errstate(**quiet_errors):
        loss = float(np.mean(np.log(s[:, 0]) - np.log(z[rows, y])))
    z /= s
    z[rows, y] -= 1.0
    z *= 1.0 / n
    return loss


def _embedding_grad(X: np.ndarray, de: np.ndarray, vocab_size: int, dtype) -> np.ndarray:
    """∂E: row t sums the gradients ``de`` (batch, k·d) of the positions holding token t."""
    n, k = X.shape
    onehot = np.zeros((n * k, vocab_size), dtype=dtype)
    onehot[np.arange(n * k), X.reshape(-1)] = 1.0
    return onehot.T @ de.reshape(n * k, -1)


def _chunked_log_probs(logits, X: np.ndarray, vocab_size: int, chunk: int) -> np.ndarray:
    """log softmax of ``logits(rows)`` (float64) over the checked ``X``, ``chunk`` rows at a
    time."""
    chunk = as_int("chunk", chunk, maximum=1 << 20)
    out = np.empty((X.shape[0], vocab_size))
    for i in range(0, X.shape[0], chunk):
        z = logits(X[i:i + chunk]).astype(float)
        z -= z.max(axis=1, keepdims=True)
        z -= np.log(np.exp(z).sum(axis=1, keepdims=True))
        out[i:i + chunk] = z
    return out


def _population_loss(model, language) -> float:
    """Exact loss of ``model`` (its ``log_probs``) over the whole ``language``, nats/token."""
    from scaling_lib.lab.language import ZipfLanguage

    check_type("language", language, ZipfLanguage, "a ZipfLanguage (make_language())")
    return language.population_loss(model.log_probs(language.contexts))


class MLPLanguageModel:
    """Numpy MLP language model with hand-written forward and backward passes.

    Parameters
    ----------
    config : MLPConfig
    seed : int
        Seed of the initialisation.
    dtype : numpy dtype
        ``float32`` for training speed, ``float64`` for gradient checks.
    """

    def __init__(self, config: MLPConfig, seed: int = 0, dtype=np.float32):
        self.config = check_type("config", config, MLPConfig, "an MLPConfig")
        self.dtype = _float_dtype(dtype)
        rng = np.random.default_rng(np.random.SeedSequence([as_int("seed", seed, minimum=0), 3]))
        k, d, h, v = config.context_length, config.embed_dim, config.width, config.vocab_size
        init = {
            "E": rng.standard_normal((v, d)),
            "W1": rng.standard_normal((k * d, h)) * np.sqrt(2.0 / (k * d)),
            "b1": np.zeros(h),
            "W2": rng.standard_normal((h, v)) / np.sqrt(h),
            "b2": np.zeros(v),
        }
        self.params = {name: a.astype(self.dtype) for name, a in init.items()}

    # ----------------------------------------------------------------- passes
    def _check_inputs(self, X: np.ndarray) -> np.ndarray:
        return as_int_array("X", X, ndim=2, columns=self.config.context_length,
                            high=self.config.vocab_size)

    def logits(self, X: np.ndarray) -> np.ndarray:
        """Unnormalised next-token scores, shape (batch, V)."""
        X = self._check_inputs(X)
        p = self.params
        e = p["E"][X].reshape(X.shape[0], -1)
        a = e @ p["W1"]
        a += p["b1"]
        np.maximum(a, 0, out=a)
        out = a @ p["W2"]
        out += p["b2"]
        return out

    def log_probs(self, X: np.ndarray, chunk: int = 8192) -> np.ndarray:
        """log q(y | context) for every row of X, shape (batch, V), computed in chunks."""
        return _chunked_log_probs(self.logits, self._check_inputs(X), self.config.vocab_size,
                                  chunk)

    def loss_and_grads(self, X: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        """Mean cross-entropy (nats) of a batch and its gradient with respect to every parameter.

        Backward pass, with g = ∂loss/∂logits = (softmax(logits) − onehot(y)) / B:
        ∂W2 = aᵀg, ∂b2 = Σg, δ = (g·W2ᵀ) ⊙ [a > 0], ∂W1 = eᵀδ, ∂b1 = Σδ,
        ∂E[t] = Σ over context positions holding token t of (δ·W1ᵀ) for that position.
        """
        X = self._check_inputs(X)
        y = _check_targets(X, y, self.config.vocab_size)
        cache, z = self._forward_cached(X)
        loss = _cross_entropy_to_logit_grad(z, y)
        return loss, self._backward_from_logit_grad(cache, z)

    def _forward_cached(self, X: np.ndarray) -> tuple[tuple, np.ndarray]:
        """Logits of checked inputs ``X`` and the activations the backward pass needs."""
        p = self.params
        n = X.shape[0]
        kd = self.config.context_length * self.config.embed_dim
        # the bias b1 rides along as an extra input fixed at 1: one matmul, no extra pass
        e = np.empty((n, kd + 1), dtype=self.dtype)
        e[:, :kd] = p["E"][X].reshape(n, kd)
        e[:, kd] = 1.0
        a = e @ np.vstack([p["W1"], p["b1"]])
        np.maximum(a, 0, out=a)
        z = a @ p["W2"]
        z += p["b2"]
        return (X, e, a), z

    def _backward_from_logit_grad(self, cache: tuple,
                                  g: np.ndarray) -> dict[str, np.ndarray]:
        """Gradients of every parameter from g = ∂loss/∂logits (see :meth:`loss_and_grads`).

        ``cache`` comes from :meth:`_forward_cached`; any loss whose logit gradient is g
        (hard or soft targets) shares this pass.
        """
        X, e, a = cache
        p = self.params
        kd = self.config.context_length * self.config.embed_dim
        grads = {"W2": a.T @ g, "b2": g.sum(axis=0)}
        delta = g @ p["W2"].T
        delta *= a > 0
        gW1 = e.T @ delta
        grads["W1"] = gW1[:kd]
        grads["b1"] = gW1[kd]
        grads["E"] = _embedding_grad(X, delta @ p["W1"].T, self.config.vocab_size, self.dtype)
        return grads

    def population_loss(self, language) -> float:
        """Exact loss over the whole ``language`` (a :class:`ZipfLanguage`), nats per token."""
        return _population_loss(self, language)
