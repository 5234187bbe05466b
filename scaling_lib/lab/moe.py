"""A routed mixture-of-experts variant of the lab model (chapter 10), in numpy.

    e      = [E[x_1], …, E[x_k]]                     (k·d)     shared embedding
    p      = softmax(e · Wr)                          (n_exp)   router probabilities
    S      = the top_k largest entries of p                     the chosen experts
    g_i    = p_i (top-1),  p_i / Σ_{j∈S} p_j (top_k ≥ 2)       gates of the chosen experts
    a      = Σ_{i∈S} g_i · ReLU(e · W1[i] + b1[i])    (h)       the chosen experts' hidden layers
    logits = a · W2 + b2                              (V)       shared output layer
    loss   = −log softmax(logits)[y] + α · n_exp · Σ_i f_i · P_i

with f_i the fraction of the batch's top_k assignments sent to expert i and P_i its mean
router probability: the load-balancing loss of the Switch Transformer, whose gradient flows
through P only (f is a count). Top-1 keeps the Switch Transformer's gate p_i (so the router
learns from the loss); with two or more experts per token the gates are renormalised over
the chosen ones, as in GShard-style top-2 routing. Forward and backward are written out by
hand and gradient-checked.

Parameter counts: every expert is stored (``total_params``), top_k are used per token
(``active_params``); compute is counted as C = 6·N_active·D, memory by N_total
(:mod:`scaling_lib.efficient_models`). With one expert the model is the dense lab MLP
plus a router whose gate is always 1.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from scaling_lib._validate import (
    as_int,
    as_int_array,
    as_nonnegative,
    check_type,
)
from scaling_lib.lab._threads import one_blas_thread
from scaling_lib.lab.language import LanguageConfig, ZipfLanguage, make_language
from scaling_lib.lab.model import (
    _check_targets,
    _chunked_log_probs,
    _embedding_grad,
    _float_dtype,
    _population_loss,
)
from scaling_lib.lab.optim import Adam, warmup_cosine_lr
from scaling_lib.lab.registry import register_preset
from scaling_lib.lab.train import width_lr

__all__ = ["MoEConfig", "MoELanguageModel", "train_moe", "moe_jobs", "moe_topk_jobs",
           "MOE_GRID", "MOE_TOPK_GRID"]


@dataclass(frozen=True)
class MoEConfig:
    """Shape and run of a routed lab model: ``experts`` experts of ``expert_width`` units."""

    experts: int = 4
    expert_width: int = 32
    tokens: int = 262_144
    seed: int = 0
    batch_size: int = 512
    embed_dim: int = 16
    aux_weight: float = 0.05
    top_k: int = 1

    def __post_init__(self):
        as_int("experts", self.experts, maximum=256)
        as_int("top_k", self.top_k, maximum=self.experts)
        as_int("expert_width", self.expert_width, maximum=4096)
        as_int("tokens", self.tokens, maximum=10**9)
        as_int("seed", self.seed, minimum=0)
        as_int("batch_size", self.batch_size, maximum=1 << 16)
        as_int("embed_dim", self.embed_dim, maximum=1024)
        as_nonnegative("aux_weight", self.aux_weight, allow_array=False)

    def counts(self, vocab_size: int, context_length: int) -> dict:
        """``total_params``, ``active_params`` and ``router_params`` for a language."""
        v = as_int("vocab_size", vocab_size, minimum=2, maximum=65_536)
        k = as_int("context_length", context_length, maximum=64)
        d = self.embed_dim
        h, n = self.expert_width, self.experts
        shared = v * d + h * v + v + k * d * n      # embedding, output layer, router
        expert = k * d * h + h
        return {"total_params": shared + n * expert,
                "active_params": shared + self.top_k * expert, "router_params": k * d * n}

    def to_dict(self) -> dict:
        return asdict(self)


class MoELanguageModel:
    """Numpy top-k routed model with a hand-written backward pass (see the module)."""

    def __init__(self, config: MoEConfig, vocab_size: int, context_length: int,
                 dtype=np.float32):
        self.config = check_type("config", config, MoEConfig, "a MoEConfig")
        self.vocab_size = as_int("vocab_size", vocab_size, minimum=2, maximum=65_536)
        self.context_length = as_int("context_length", context_length, maximum=64)
        self.dtype = _float_dtype(dtype)
        rng = np.random.default_rng(np.random.SeedSequence([config.seed, 5]))
        k, d, h, v, n = (context_length, config.embed_dim, config.expert_width, vocab_size,
                         config.experts)
        init = {
            "E": rng.standard_normal((v, d)),
            "Wr": rng.standard_normal((k * d, n)) * 0.01,
            "W1": rng.standard_normal((n, k * d, h)) * np.sqrt(2.0 / (k * d)),
            "b1": np.zeros((n, h)),
            "W2": rng.standard_normal((h, v)) / np.sqrt(h),
            "b2": np.zeros(v),
        }
        self.params = {name: a.astype(self.dtype) for name, a in init.items()}

    def _forward(self, X):
        p = self.params
        n = X.shape[0]
        e = p["E"][X].reshape(n, -1)
        r = e @ p["Wr"]
        r -= r.max(axis=1, keepdims=True)
        probs = np.exp(r)
        probs /= probs.sum(axis=1, keepdims=True)
        top = self.config.top_k
        if top == 1:
            choice = probs.argmax(axis=1)[:, None]
        else:  # the top_k largest, most probable first (ties: the lower index)
            choice = np.argsort(-probs, axis=1, kind="stable")[:, :top]
        chosen = np.take_along_axis(probs, choice, axis=1)
        gate = chosen if top == 1 else chosen / chosen.sum(axis=1, keepdims=True)
        pre = np.empty((top, n, self.config.expert_width), dtype=self.dtype)
        for j in range(top):
            for i in range(self.config.experts):
                rows = np.flatnonzero(choice[:, j] == i)
                if rows.size:
                    pre[j, rows] = e[rows] @ p["W1"][i] + p["b1"][i]
        act = np.maximum(pre, 0)
        a = (act * gate.T[:, :, None]).sum(axis=0)
        z = a @ p["W2"] + p["b2"]
        return e, probs, choice, gate, pre, act, a, z

    def log_probs(self, X: np.ndarray, chunk: int = 8192) -> np.ndarray:
        """log q(y | context) for every row of X, shape (batch, V)."""
        X = as_int_array("X", X, ndim=2, columns=self.context_length, high=self.vocab_size)
        return _chunked_log_probs(lambda rows: self._forward(rows)[-1], X, self.vocab_size,
                                  chunk)

    def loss_and_grads(self, X: np.ndarray, y: np.ndarray) -> tuple[float, dict]:
        """Cross-entropy plus the load-balancing loss, and the gradient of their sum."""
        X = as_int_array("X", X, ndim=2, columns=self.context_length, high=self.vocab_size)
        y = _check_targets(X, y, self.vocab_size)
        p, cfg = self.params, self.config
        n, nexp = X.shape[0], cfg.experts
        e, probs, choice, gate, pre, act, a, z = self._forward(X)
        rows = np.arange(n)
        z = z - z.max(axis=1, keepdims=True)
        s = np.exp(z)
        s /= s.sum(axis=1, keepdims=True)
        ce = float(-np.mean(np.log(s[rows, y])))
        top = cfg.top_k
        frac = np.bincount(choice.ravel(), minlength=nexp) / (n * top)
        mean_p = probs.mean(axis=0)
        aux = float(cfg.aux_weight * nexp * frac @ mean_p)
        g = s
        g[rows, y] -= 1.0
        g /= n
        grads = {"W2": a.T @ g, "b2": g.sum(axis=0)}
        da = g @ p["W2"].T
        dgate = (da[None] * act).sum(axis=2).T              # (n, top)
        dpre = da[None] * gate.T[:, :, None] * (pre > 0)    # (top, n, h)
        de = np.zeros_like(e)
        grads["W1"] = np.zeros_like(p["W1"])
        grads["b1"] = np.zeros_like(p["b1"])
        for j in range(top):
            for i in range(nexp):
                sel = np.flatnonzero(choice[:, j] == i)
                if sel.size:
                    grads["W1"][i] += e[sel].T @ dpre[j, sel]
                    grads["b1"][i] += dpre[j, sel].sum(axis=0)
                    de[sel] += dpre[j, sel] @ p["W1"][i].T
        dprobs = np.broadcast_to(cfg.aux_weight * nexp * frac / n, probs.shape).copy()
        if top == 1:
            dchosen = dgate
        else:  # g_j = c_j / Σ c: ∂L/∂c_m = (dgate_m − Σ_j dgate_j g_j) / Σ c
            chosen = np.take_along_axis(probs, choice, axis=1)
            dchosen = (dgate - (dgate * gate).sum(axis=1, keepdims=True)) / chosen.sum(
                axis=1, keepdims=True)
        for j in range(top):
            dprobs[rows, choice[:, j]] += dchosen[:, j]
        dr = probs * (dprobs - (dprobs * probs).sum(axis=1, keepdims=True))
        grads["Wr"] = e.T @ dr
        de += dr @ p["Wr"].T
        grads["E"] = _embedding_grad(X, de, self.vocab_size, self.dtype)
        return ce + aux, grads

    def population_loss(self, language: ZipfLanguage) -> float:
        """Exact loss over the whole language, nats per token (no auxiliary term)."""
        return _population_loss(self, language)


@one_blas_thread()
def train_moe(config: MoEConfig, language: ZipfLanguage | None = None) -> dict:
    """Train a routed model on fresh sentences (Adam, warm-up + cosine, peak rate of
    :func:`~scaling_lib.lab.train.width_lr` at the expert width); return its measurements:
    exact ``final_loss``, parameter counts, ``flops`` = 6·N_active·D and the share of tokens
    the busiest expert took at the end (``max_expert_share``)."""
    check_type("config", config, MoEConfig, "a MoEConfig")
    if language is None:
        language = make_language()
    check_type("language", language, ZipfLanguage, "None or a ZipfLanguage")
    model = MoELanguageModel(config, language.vocab_size, language.context_length)
    source = language.sampler(config.seed)
    steps = max(1, math.ceil(config.tokens / config.batch_size))
    lr = width_lr(config.expert_width, config.tokens)
    opt = Adam()
    seen = 0
    for step in range(steps):
        nb = min(config.batch_size, config.tokens - seen)
        X, y = source(nb)
        _, grads = model.loss_and_grads(X, y)
        opt.step(model.params, grads, warmup_cosine_lr(step, steps, lr,
                                                       int(round(0.05 * steps)), 0.1))
        seen += nb
    final = model.population_loss(language)
    _, probs, choice, *_ = model._forward(language.contexts)
    share = np.bincount(choice.ravel(),
                        weights=np.repeat(language.context_probs, config.top_k),
                        minlength=config.experts).max() / config.top_k
    counts = config.counts(language.vocab_size, language.context_length)
    return {**config.to_dict(), **counts, "tokens": seen, "final_loss": final,
            "entropy": language.entropy_nats, "peak_lr": lr,
            "flops": 6.0 * counts["active_params"] * seen,
            "max_expert_share": float(share), "model_kind": "moe"}


@dataclass(frozen=True)
class MoEJob:
    """A sweep job: one routed run, or (``dense_width``) the dense model whose hidden layer is
    as wide as all the experts together (a few per cent more parameters than the routed
    model: its output layer is wider too)."""

    config: MoEConfig
    dense_width: int = 0
    language: LanguageConfig = LanguageConfig()

    @property
    def cost_flops(self) -> float:
        return 6.0 * 400 * self.config.expert_width * self.config.tokens * (
            1 + self.dense_width / 32)

    def run(self) -> list[dict]:
        lang = make_language(**self.language.to_dict())
        if not self.dense_width:
            return [train_moe(self.config, lang)]
        from scaling_lib.lab.train import TrainConfig, train

        res = train(TrainConfig(width=self.dense_width, tokens=self.config.tokens,
                                seed=self.config.seed), lang, progress=False)
        return [{"experts": self.config.experts, "expert_width": self.config.expert_width,
                 "tokens": res.tokens, "total_params": res.total_params,
                 "active_params": res.total_params, "final_loss": res.final_loss,
                 "entropy": res.entropy, "peak_lr": res.peak_lr, "flops": res.flops,
                 "dense_width": self.dense_width, "model_kind": "dense"}]


#: Expert counts × budgets at a fixed expert width: a token passes through one expert's
#: hidden layer whatever E, but the router (k·d·E weights, counted as active) grows with E,
#: so the active parameters grow by about 16% from E = 1 to E = 8.
MOE_GRID = {
    "live": {"expert_width": 24, "experts": [1, 4], "tokens": [131_072], "dense": False,
             "seeds": 1},
    "full": {"expert_width": 32, "experts": [1, 2, 4, 8], "tokens": [262_144, 1_048_576],
             "dense": True, "seeds": 2},
}


def moe_jobs(size: str = "live", seed: int = 0) -> tuple[list, dict]:
    """Jobs and settings of the ``moe`` preset: every expert count at every budget and,
    in the full size, the dense model whose hidden layer is as wide as all the experts."""
    from scaling_lib._validate import as_choice

    grid = MOE_GRID[as_choice("size", size, ("live", "full"))]
    seed = as_int("seed", seed, minimum=0)
    jobs = []
    for t in grid["tokens"]:
        for n in grid["experts"]:
            for s in range(grid["seeds"]):
                jobs.append(MoEJob(MoEConfig(experts=n, expert_width=grid["expert_width"],
                                             tokens=t, seed=seed + s)))
            cfg = MoEConfig(experts=n, expert_width=grid["expert_width"], tokens=t, seed=seed)
            if grid["dense"] and n > 1:
                jobs.append(MoEJob(cfg, dense_width=n * grid["expert_width"]))
    return jobs, dict(grid)


#: Top-1 against top-k routing: k experts of width w / k each, so a token passes through
#: the same number of hidden units (w) either way; the shared output layer then has w / k
#: inputs, so top-k has a few per cent fewer active parameters.
MOE_TOPK_GRID = {
    "live": {"experts": 4, "hidden": 24, "top_k": [1, 2], "tokens": 131_072, "seeds": 1},
    "full": {"experts": 8, "hidden": 32, "top_k": [1, 2], "tokens": 1_048_576, "seeds": 2},
}


def moe_topk_jobs(size: str = "live", seed: int = 0) -> tuple[list, dict]:
    """Jobs and settings of the ``moe_topk`` preset: top-1 and top-k routing over the same
    number of experts, each top-k expert ``hidden / k`` units wide (the same hidden units
    per token; fewer active parameters, as the output layer has ``hidden / k`` inputs)."""
    from scaling_lib._validate import as_choice

    grid = MOE_TOPK_GRID[as_choice("size", size, ("live", "full"))]
    seed = as_int("seed", seed, minimum=0)
    jobs = [MoEJob(MoEConfig(experts=grid["experts"], expert_width=grid["hidden"] // k,
                             tokens=grid["tokens"], seed=seed + s, top_k=k))
            for k in grid["top_k"] for s in range(grid["seeds"])]
    return jobs, dict(grid)


# Chapter 10's routed-MLP presets, in the lab's registry.
def _moe_preset(size: str, seed: int) -> tuple[list, dict]:
    return moe_jobs(size, seed)


def _moe_topk_preset(size: str, seed: int) -> tuple[list, dict]:
    return moe_topk_jobs(size, seed)


register_preset("moe", _moe_preset,
                "routed MLP: 1-8 experts of fixed width (active parameters grow only by the "
                "router), two budgets, and a dense model as wide as all experts (chapter 10)")
register_preset("moe_topk", _moe_topk_preset,
                "routed MLP: top-1 vs top-2 routing over the same experts, top-2 with a "
                "narrower output layer and slightly fewer active parameters (chapter 10)")
