"""A synthetic language whose entropy is known exactly and whose structure is Zipfian.

The language is a stream of short sentences. Each sentence is a *context* of
``context_length`` tokens followed by one *continuation* token. Contexts are
drawn independently with explicit Zipf frequencies over ``n_contexts`` distinct
contexts,

    f_r = r^(−s) / Σ_{j ≤ K} j^(−s),        r = 1 … K (the context's rank),

and every context r has its own next-token law p_r. By default (``label_noise=ε``)
each context has one *answer* token a_r, drawn from a Zipf "parent" law u over the
vocabulary, and the continuation is the answer with probability 1 − ε, otherwise
noise distributed like the parent:

    p_r(y) = (1 − ε) · [y = a_r] + ε · u(y),        u(y) ∝ y^(−1).

(With ``label_noise=None`` the law is instead a log-normal perturbation of the
parent, p_r(y) ∝ u(y)·exp(σ z_{r,y}), z ~ N(0, 1); a model must then learn a whole
distribution per context, which it does more slowly.)

The lab models read the context and predict the continuation. Their loss per
predicted token can never fall below the entropy rate of the continuations,

    H = Σ_r f_r · H(p_r) = − Σ_r f_r Σ_y p_r(y) log p_r(y)      (nats per token),

which is computed exactly, and so is the *population* loss of any model (the
expectation over the whole language, with no sampling noise).

Why this design: a model that has learned the ``n`` most frequent contexts and
falls back on the parent for the rest has excess loss ≈ KL · Σ_{r>n} f_r ∝ n^(1−s),
a power law. ``n`` grows with the parameter count (capacity) and with the data
(context r is seen D·f_r times and is learned once seen a few dozen times, so
n ∝ D^(1/s)); the parameter-limited and data-limited excess losses are then power
laws with exponents α ≈ s − 1 and β ≈ (s − 1)/s. This is the mechanism of
Hutter's learning-curve theory (``hutter2021learning``) and of the quantization
model of neural scaling (``michaud2023quantization``). An earlier Markov-chain
design had a curved (log-normal-like) spectrum of context frequencies, so its
local exponents drifted; setting the frequencies explicitly removes that
curvature, and one answer per context makes "learned" nearly all-or-nothing.

Variants for the chapters: :meth:`ZipfLanguage.related` makes a second language
that shares a chosen fraction of its next-token laws (fine-tuning, chapter 7),
and :meth:`ZipfLanguage.pool` draws a finite pool of unique training tokens to be
repeated for several epochs (chapter 3).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache

import numpy as np

from scaling_lib._validate import (
    _show,
    as_finite,
    as_fraction,
    as_int,
    as_int_array,
    as_nonnegative,
    as_positive,
    check_type,
)

#: Ceilings of a language, refused before anything is built: vocabulary, context length,
#: and the size of the (n_contexts × vocab_size) tables of next-token laws.
MAX_VOCAB = 65_536
MAX_CONTEXT_LENGTH = 40
MAX_TABLE = 2**26
#: Most sentences one call of :meth:`ZipfLanguage.sample` (or one pool) draws.
MAX_SAMPLE = 2**24


def _ndtr(z):
    from scipy.special import ndtr

    return np.clip(ndtr(z), 1e-300, 1 - 1e-16)

__all__ = ["LanguageConfig", "ZipfLanguage", "TokenPool", "make_language"]


@dataclass(frozen=True)
class LanguageConfig:
    """Settings of a :class:`ZipfLanguage` (hashable: equal configs give identical languages).

    Attributes
    ----------
    vocab_size : int
        Number of distinct tokens V.
    context_length : int
        Tokens per context k; the model reads k tokens and predicts one.
    n_contexts : int
        Number of distinct contexts K (at most V^k).
    zipf_exponent : float
        s in f_r ∝ r^(−s); the excess-loss exponents are α = s − 1 and β = (s − 1)/s.
    spread : float
        σ, the log-normal spread of each context's law around the parent
        (used only when ``label_noise`` is None).
    seed : int
        Seed of the language itself (which contexts, which distributions).
    shared_fraction : float
        1 for an original language; for a language made by :meth:`ZipfLanguage.related`,
        the fraction of contexts whose next-token distribution is shared with the parent language.
    related_seed : int
        Seed used to redraw the distributions that are not shared (ignored when shared_fraction=1).
    label_noise : float or None
        ε: each context's continuation is its answer token with probability 1 − ε, else noise
        drawn from the parent. ``None`` selects the log-normal laws instead.
    """

    vocab_size: int = 16
    context_length: int = 5
    n_contexts: int = 262_144
    zipf_exponent: float = 1.5
    spread: float = 2.5
    seed: int = 0
    shared_fraction: float = 1.0
    related_seed: int = 1
    label_noise: float | None = 0.2

    def __post_init__(self):
        v = as_int("vocab_size", self.vocab_size, minimum=2, maximum=MAX_VOCAB)
        k = as_int("context_length", self.context_length, maximum=MAX_CONTEXT_LENGTH)
        n = as_int("n_contexts", self.n_contexts, maximum=MAX_TABLE)
        if n * v > MAX_TABLE:
            raise ValueError(f"n_contexts × vocab_size must be at most {MAX_TABLE:,} (the tables "
                             f"of next-token laws), got n_contexts={n:,}, vocab_size={v:,}")
        if v**k < n:
            raise ValueError(
                f"vocab_size={v} with context_length={k} gives only {v**k} distinct contexts, "
                f"fewer than n_contexts={n}; raise vocab_size or context_length"
            )
        if v**k > 2**40:
            raise ValueError(
                f"vocab_size={v} with context_length={k} gives {v**k} possible contexts, "
                "too many to draw from; use a shorter context"
            )
        as_positive("zipf_exponent", self.zipf_exponent, allow_array=False)
        as_nonnegative("spread", self.spread, allow_array=False)
        as_int("seed", self.seed, minimum=0)
        as_fraction("shared_fraction", self.shared_fraction, allow_zero=True, allow_array=False)
        as_int("related_seed", self.related_seed, minimum=0)
        if self.label_noise is not None:
            as_fraction("label_noise", self.label_noise, allow_array=False)

    def to_dict(self) -> dict:
        """Plain dict of the settings (for JSON)."""
        return asdict(self)

    def related(self, shared_fraction: float, seed: int = 1) -> LanguageConfig:
        """Settings of the related language of :meth:`ZipfLanguage.related` (same contexts and
        frequencies; ``shared_fraction`` of the next-token laws kept, the rest redrawn with
        ``seed``)."""
        if self.shared_fraction < 1:
            raise ValueError("related() must be called on an original language "
                             "(shared_fraction=1), not on a related one")
        shared_fraction = as_fraction("shared_fraction", shared_fraction, allow_zero=True,
                                      allow_array=False)
        return LanguageConfig(**{**self.to_dict(), "shared_fraction": float(shared_fraction),
                                 "related_seed": as_int("seed", seed, minimum=0)})


class ZipfLanguage:
    """The lab's synthetic language: Zipf-distributed contexts, each with its own continuation law.

    Build one with :func:`make_language` (cached) or ``ZipfLanguage(LanguageConfig(...))``.
    See the module docstring for the equations; ``hutter2021learning`` and
    ``michaud2023quantization`` explain why Zipfian structure gives power-law scaling.

    Attributes
    ----------
    config : LanguageConfig
    contexts : ndarray, shape (K, k), int
        The token tuple of each context, row r-1 for rank r.
    context_probs : ndarray, shape (K,)
        f_r, the probability of each context (sums to 1, decreasing).
    next_probs : ndarray, shape (K, V)
        p_r(y), each context's next-token distribution.
    entropy_nats : float
        H, the exact entropy rate of the continuations in nats per predicted token:
        the irreducible loss E of any model.
    """

    def __init__(self, config: LanguageConfig | None = None):
        if config is not None:
            check_type("config", config, LanguageConfig, "None or a LanguageConfig")
        self.config = config = config or LanguageConfig()
        v, k, n = config.vocab_size, config.context_length, config.n_contexts
        rng = np.random.default_rng(np.random.SeedSequence([config.seed, 7001]))
        # contexts: K distinct k-tuples, assigned to ranks at random
        codes = rng.choice(v**k, size=n, replace=False)
        digits = np.empty((n, k), dtype=np.intp)
        rest = codes.copy()
        for j in range(k - 1, -1, -1):
            digits[:, j] = rest % v
            rest //= v
        self.contexts = digits
        ranks = np.arange(1, n + 1, dtype=float)
        f = ranks ** (-config.zipf_exponent)
        self.context_probs = f / f.sum()
        parent = 1.0 / np.arange(1, v + 1, dtype=float)
        self.parent_probs = parent / parent.sum()
        z = rng.standard_normal((n, v))
        if config.shared_fraction < 1.0:
            rng2 = np.random.default_rng(np.random.SeedSequence([config.seed, 7002,
                                                                 config.related_seed]))
            redraw = rng2.random(n) >= config.shared_fraction
            z[redraw] = rng2.standard_normal((int(redraw.sum()), v))
            self.shared_mask = ~redraw
        else:
            self.shared_mask = np.ones(n, dtype=bool)
        if config.label_noise is None:
            logits = np.log(self.parent_probs)[None, :] + config.spread * z
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
        else:
            # one answer token per context (drawn from the parent via the Gumbel trick on z),
            # mixed with label noise ε spread like the parent
            eps = config.label_noise
            answer = np.argmax(np.log(self.parent_probs)[None, :] - np.log(-np.log(
                _ndtr(z))), axis=1)
            p = eps * np.broadcast_to(self.parent_probs, (n, v)).copy()
            p[np.arange(n), answer] += 1 - eps
        self.next_probs = p
        with np.errstate(divide="ignore", invalid="ignore"):
            plogp = np.where(p > 0, p * np.log(p), 0.0)
        self.context_entropy = -plogp.sum(axis=1)
        self.entropy_nats = float(self.context_probs @ self.context_entropy)
        self._context_cdf = np.cumsum(self.context_probs)
        self._context_cdf[-1] = 1.0
        self._next_cdf = np.cumsum(p, axis=1)
        self._next_cdf[:, -1] = 1.0

    # ------------------------------------------------------------------ sizes
    @property
    def vocab_size(self) -> int:
        return self.config.vocab_size

    @property
    def context_length(self) -> int:
        return self.config.context_length

    @property
    def n_contexts(self) -> int:
        return self.config.n_contexts

    @property
    def unigram_loss_nats(self) -> float:
        """Loss of the best context-free predictor, H(Y) = −Σ_y q(y) log q(y), q = Σ_r f_r p_r.

        A model that has learned nothing about contexts sits here; the gap down to
        :attr:`entropy_nats` is what scale can buy.
        """
        q = self.context_probs @ self.next_probs
        return float(-(q * np.log(q)).sum())

    # --------------------------------------------------------------- sampling
    def sample(self, n_tokens: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Draw ``n_tokens`` fresh sentences: contexts ``X`` (n, k) and continuations ``y`` (n,)."""
        n_tokens = as_int("n_tokens", n_tokens, maximum=MAX_SAMPLE)
        check_type("rng", rng, np.random.Generator, "a numpy Generator (np.random.default_rng)")
        ids = np.searchsorted(self._context_cdf, rng.random(n_tokens), side="right")
        np.minimum(ids, self.n_contexts - 1, out=ids)
        u = rng.random(n_tokens)
        y = (self._next_cdf[ids] < u[:, None]).sum(axis=1)
        return self.contexts[ids], y

    def sampler(self, seed: int):
        """A function ``batch(n) -> (X, y)`` drawing fresh, independent sentences."""
        rng = np.random.default_rng(np.random.SeedSequence([as_int("seed", seed, minimum=0), 11]))
        return lambda n: self.sample(n, rng)

    # ------------------------------------------------------------- evaluation
    def population_loss(self, log_probs: np.ndarray) -> float:
        """Exact expected cross-entropy (nats/token) of a predictor over the whole language.

        ``log_probs`` has shape (K, V): the predictor's log q_r(y) for every context,
        in the order of :attr:`contexts`. Returns Σ_r f_r Σ_y p_r(y) (−log q_r(y)).
        """
        given = log_probs
        log_probs = np.asarray(as_finite("log_probs", log_probs), dtype=float)
        if log_probs.shape != self.next_probs.shape:
            raise ValueError(
                f"log_probs must have shape {self.next_probs.shape} (contexts × vocabulary), "
                f"got shape {log_probs.shape}: {_show(given)}"
            )
        per_context = -(self.next_probs * log_probs).sum(axis=1)
        return float(self.context_probs @ per_context)

    def excess_loss_if_learned(self, n_learned: int) -> float:
        """Excess loss of an ideal model that knows the top ``n_learned`` contexts exactly.

        It predicts the mixture of the unknown contexts' laws for all the others:
        the quantization-model picture (``michaud2023quantization``).
        """
        n = as_int("n_learned", n_learned, minimum=0, maximum=self.n_contexts)
        f, p = self.context_probs[n:], self.next_probs[n:]
        if f.size == 0:
            return 0.0
        q = (f @ p) / f.sum()
        return float(f @ (p * (np.log(p) - np.log(q)[None, :])).sum(axis=1))

    # --------------------------------------------------------------- variants
    def related(self, shared_fraction: float, seed: int = 1) -> ZipfLanguage:
        """A second language with the same contexts and frequencies, sharing some structure.

        A random ``shared_fraction`` of the contexts keep their next-token law; the
        others get a fresh one (drawn with ``seed``; a fresh answer token can coincide
        with the old one by chance). ``shared_mask`` marks the kept contexts. 1 gives this
        language back, 0 one that shares only the contexts, their frequencies and the parent.
        """
        return _cached_language(self.config.related(shared_fraction, seed))

    def pool(self, unique_tokens: int, seed: int = 0) -> TokenPool:
        """A finite pool of ``unique_tokens`` sentences, to be repeated over several epochs."""
        unique_tokens = as_int("unique_tokens", unique_tokens, maximum=MAX_SAMPLE)
        rng = np.random.default_rng(np.random.SeedSequence([as_int("seed", seed, minimum=0), 13]))
        X, y = self.sample(unique_tokens, rng)
        return TokenPool(language=self, X=X, y=y, seed=seed)

    def __repr__(self) -> str:
        c = self.config
        return (f"ZipfLanguage(V={c.vocab_size}, k={c.context_length}, K={c.n_contexts}, "
                f"s={c.zipf_exponent}, σ={c.spread}, H={self.entropy_nats:.4f} nats)")


@dataclass
class TokenPool:
    """A fixed set of training sentences drawn once from a language (data-constrained training).

    A run of D tokens on a pool of U unique tokens sees D / U epochs, each in a fresh
    random order (``muennighoff2023scaling``).
    """

    language: ZipfLanguage
    X: np.ndarray
    y: np.ndarray
    seed: int = 0

    def __post_init__(self):
        check_type("language", self.language, ZipfLanguage, "a ZipfLanguage (make_language())")
        lang = self.language
        self.X = as_int_array("X", self.X, ndim=2, columns=lang.context_length,
                              high=lang.vocab_size)
        self.y = as_int_array("y", self.y, ndim=1, high=lang.vocab_size)
        if self.y.size == 0 or self.y.size != self.X.shape[0]:
            raise ValueError(f"X and y must hold the same, non-zero number of sentences, got "
                             f"lengths {self.X.shape[0]} and {self.y.size} (they differ or are "
                             f"empty)")
        as_int("seed", self.seed, minimum=0)

    @property
    def unique_tokens(self) -> int:
        return int(self.y.size)

    def sampler(self, seed: int):
        """A function ``batch(n) -> (X, y)`` walking through shuffled epochs of the pool."""
        rng = np.random.default_rng(np.random.SeedSequence([as_int("seed", seed, minimum=0), 17]))
        state = {"order": rng.permutation(self.unique_tokens), "pos": 0}

        def batch(n: int):
            idx = []
            need = n
            while need:
                take = min(need, self.unique_tokens - state["pos"])
                idx.append(state["order"][state["pos"]:state["pos"] + take])
                state["pos"] += take
                need -= take
                if state["pos"] == self.unique_tokens:
                    state["order"] = rng.permutation(self.unique_tokens)
                    state["pos"] = 0
            i = np.concatenate(idx) if len(idx) > 1 else idx[0]
            return self.X[i], self.y[i]

        return batch


@lru_cache(maxsize=8)
def _cached_language(config: LanguageConfig) -> ZipfLanguage:
    return ZipfLanguage(config)


def make_language(**settings) -> ZipfLanguage:
    """Build (or fetch from a small cache) the language with the given :class:`LanguageConfig`
    settings; with no arguments, the lab's default language used by every preset."""
    return _cached_language(LanguageConfig(**settings))
