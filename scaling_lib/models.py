"""Published language models: parameters, training tokens, and compute where published.

Introduced in chapter 0, "Counting compute". Every number is as printed in
the source named by ``citation`` (and ``flops_citation`` for the compute).
``params`` are the sizes the papers state; for the Llama 2 and Llama 3 models
the papers give nominal sizes (7B, 70B, …), used as is. For a mixture-of-experts model
``params`` is the number of parameters **active** per token, the N of 6·N·D, and
``total_params`` the number stored.

``MODELS`` is the course's table of dense models up to 2024; ``LATER_MODELS`` adds
mixture-of-experts models and the larger data budgets of 2025; ``ALL_MODELS`` is both.
"""

from __future__ import annotations

from dataclasses import dataclass

from scaling_lib._validate import as_int, check_fields, check_type
from scaling_lib.compute import A100, H100, Accelerator, implied_mfu, training_flops

__all__ = ["PublishedModel", "MODELS", "GPT3_TABLE_D1_PARAMS", "LATER_MODELS", "ALL_MODELS",
           "LLAMA_65B_THROUGHPUT", "LLAMA3_REPORTED_MFU", "Architecture", "GPT3_SMALL",
           "GPT3_175B", "LLAMA31_8B", "get"]


@dataclass(frozen=True)
class PublishedModel:
    """One published model.

    Attributes
    ----------
    name : str
    params : float
        N, parameters as stated by the source.
    tokens : float
        D, training tokens.
    citation : str
        Key in ``book/references.bib`` for N and D.
    published_flops : float or None
        Training compute the source states, FLOPs.
    flops_citation : str or None
    published_gpu_hours : float or None
        Accelerator-hours the source reports for pre-training.
    hardware : Accelerator or None
        Accelerator of ``published_gpu_hours``.
    total_params : float or None
        For a mixture-of-experts model, all stored parameters (``params`` is then the
        number active per token); ``None`` for a dense model.
    """

    name: str
    params: float
    tokens: float
    citation: str
    published_flops: float | None = None
    flops_citation: str | None = None
    published_gpu_hours: float | None = None
    hardware: Accelerator | None = None
    total_params: float | None = None

    def __post_init__(self):
        check_fields(self, label="name", positive=("params", "tokens"), text="citation",
                     optional_positive=("published_flops", "published_gpu_hours",
                                        "total_params"),
                     optional_text="flops_citation")
        if self.total_params is not None and self.total_params < self.params:
            raise ValueError(f"total_params must be at least params (the active ones), got "
                             f"total_params={self.total_params!r} < params={self.params!r}")
        if self.hardware is not None:
            check_type("hardware", self.hardware, Accelerator,
                       "None or an Accelerator such as compute.A100")

    @property
    def is_moe(self) -> bool:
        """True for a mixture-of-experts model (``total_params`` given)."""
        return self.total_params is not None

    @property
    def tokens_per_param(self) -> float:
        """D / N (N active parameters for a mixture-of-experts model)."""
        return self.tokens / self.params

    @property
    def flops_6nd(self) -> float:
        """6·N·D, FLOPs."""
        return float(training_flops(self.params, self.tokens))

    @property
    def implied_mfu(self) -> float | None:
        """MFU implied by 6·N·D and the reported GPU-hours, or None if not reported."""
        if self.published_gpu_hours is None or self.hardware is None:
            return None
        return float(implied_mfu(self.flops_6nd, self.hardware, self.published_gpu_hours))


MODELS: tuple[PublishedModel, ...] = (
    # Table D.1 of Brown et al. 2020: 3.14e23 FLOPs, 300B tokens.
    PublishedModel("GPT-3 175B", 175e9, 300e9, "brown2020language",
                   published_flops=3.14e23, flops_citation="brown2020language"),
    # 5.76e23 FLOPs is Hoffmann et al. 2022's figure for both Gopher and Chinchilla (their
    # Table 3 and Section 4); 6ND differs from it by +2% and -12.5%.
    PublishedModel("Gopher 280B", 280e9, 300e9, "rae2021scaling",
                   published_flops=5.76e23, flops_citation="hoffmann2022training"),
    PublishedModel("MT-NLG 530B", 530e9, 270e9, "smith2022using"),
    PublishedModel("Chinchilla 70B", 70e9, 1.4e12, "hoffmann2022training",
                   published_flops=5.76e23, flops_citation="hoffmann2022training"),
    # LLaMA: sizes from Table 2, GPU-hours (A100-80GB) from Table 15.
    PublishedModel("LLaMA 7B", 6.7e9, 1.0e12, "touvron2023llama",
                   published_gpu_hours=82_432, hardware=A100),
    PublishedModel("LLaMA 13B", 13.0e9, 1.0e12, "touvron2023llama",
                   published_gpu_hours=135_168, hardware=A100),
    PublishedModel("LLaMA 33B", 32.5e9, 1.4e12, "touvron2023llama",
                   published_gpu_hours=530_432, hardware=A100),
    PublishedModel("LLaMA 65B", 65.2e9, 1.4e12, "touvron2023llama",
                   published_gpu_hours=1_022_362, hardware=A100),
    # Llama 2: Table 1 (2.0T tokens) and Table 2 (A100-80GB GPU-hours).
    PublishedModel("Llama 2 7B", 7e9, 2.0e12, "touvron2023llama2",
                   published_gpu_hours=184_320, hardware=A100),
    PublishedModel("Llama 2 13B", 13e9, 2.0e12, "touvron2023llama2",
                   published_gpu_hours=368_640, hardware=A100),
    PublishedModel("Llama 2 70B", 70e9, 2.0e12, "touvron2023llama2",
                   published_gpu_hours=1_720_320, hardware=A100),
    # Llama 3: "over 15T tokens"; H100-80GB GPU-hours from Meta's model cards (Llama 3:
    # 8B 1.3M, 70B 6.4M, repository meta-llama/llama3 MODEL_CARD.md; Llama 3.1 405B:
    # 30.84M, meta-llama/llama-models models/llama3_1/MODEL_CARD.md). 405B: 15.6T tokens
    # and 3.8e25 FLOPs (dubey2024llama3, Section 1).
    PublishedModel("Llama 3 8B", 8e9, 15e12, "dubey2024llama3",
                   published_gpu_hours=1.3e6, hardware=H100),
    PublishedModel("Llama 3 70B", 70e9, 15e12, "dubey2024llama3",
                   published_gpu_hours=6.4e6, hardware=H100),
    PublishedModel("Llama 3.1 405B", 405e9, 15.6e12, "dubey2024llama3",
                   published_flops=3.8e25, flops_citation="dubey2024llama3",
                   published_gpu_hours=30.84e6, hardware=H100),
)

LATER_MODELS: tuple[PublishedModel, ...] = (
    # DeepSeek-V3 (abstract of arXiv:2412.19437): 671B total parameters, 37B activated per
    # token, 14.8T tokens, 2.788M H800 GPU-hours for the full training (FP8 mixed
    # precision on H800s, so no A100/H100 peak applies and no MFU is implied here).
    PublishedModel("DeepSeek-V3 (MoE)", 37e9, 14.8e12, "liu2024deepseekv3",
                   published_gpu_hours=2.788e6, total_params=671e9),
    # Qwen3-235B-A22B: 235B total, 22B active; "approximately 36 trillion tokens" for every
    # Qwen3 model (abstract and Section 3 of arXiv:2505.09388, as summarised).
    PublishedModel("Qwen3-235B-A22B (MoE)", 22e9, 36e12, "yang2025qwen3",
                   total_params=235e9),
)

ALL_MODELS = MODELS + LATER_MODELS

#: Meta's reported BF16 MFU for Llama 3 405B pre-training, 38% to 43% depending on the
#: parallel configuration (``dubey2024llama3``, Section 3.3.2 and Table 4).
LLAMA3_REPORTED_MFU = (0.38, 0.43)

_BY_NAME = {m.name.lower(): m for m in ALL_MODELS}

#: The parameter count behind GPT-3's published 3.14e23 FLOPs: Brown et al. computed it as
#: 6 × 174.6B × 300B (``brown2020language``, Appendix D, Table D.1; checked against a
#: transcription of the table, not the PDF). So 6ND cannot serve as a check of that figure.
GPT3_TABLE_D1_PARAMS = 174.6e9

#: The LLaMA paper's throughput claim for its 65B model (``touvron2023llama``, Section 2.4):
#: about 380 tokens/s per GPU on 2,048 A100-80GB GPUs, so 1.4T tokens take about 21 days.
#: (A retelling as "70B in 21 days" has no source and is not used.)
LLAMA_65B_THROUGHPUT = {
    "model": "LLaMA 65B",
    "tokens_per_second_per_gpu": 380.0,
    "n_gpus": 2048,
    "hardware": A100,
    "reported_days": 21.0,
    "citation": "touvron2023llama",
}


@dataclass(frozen=True)
class Architecture:
    """Shape of a published transformer, for counting FLOPs and embedding parameters."""

    name: str
    params: float
    n_layers: int
    d_model: int
    n_ctx: int
    vocab_size: int
    citation: str

    def __post_init__(self):
        check_fields(self, label="name", positive="params", text="citation")
        for name in ("n_layers", "d_model", "n_ctx", "vocab_size"):
            as_int(name, getattr(self, name), maximum=10**9)

    @property
    def embedding_params(self) -> float:
        """Token-embedding parameters, vocab_size · d_model."""
        return float(self.vocab_size * self.d_model)

    @property
    def non_embedding_params(self) -> float:
        """Kaplan's non-embedding count N ≈ 12·n_layer·d_model² (``kaplan2020scaling``, 2.1)."""
        return float(12 * self.n_layers * self.d_model**2)

    @property
    def unembedding_flops_share(self) -> float:
        """Forward FLOPs of the output head (2·vocab·d_model per token) over 2·N non-embedding.

        6·N with Kaplan's non-embedding N leaves out the matrix product that turns the last
        hidden state into logits; Porian et al. (``porian2024resolving``) name it as the
        first of the three factors separating Kaplan's allocation from Chinchilla's.
        """
        return self.embedding_params / self.non_embedding_params


#: GPT-3 Small and GPT-3 175B, from Table 2.1 of ``brown2020language``; the vocabulary is
#: GPT-2's byte-pair encoding of 50,257 tokens.
GPT3_SMALL = Architecture("GPT-3 Small", 125e6, 12, 768, 2048, 50257, "brown2020language")
GPT3_175B = Architecture("GPT-3 175B", 175e9, 96, 12288, 2048, 50257, "brown2020language")
#: Llama 3.1 8B: 32 layers, model dimension 4,096, vocabulary 128,000 (``dubey2024llama3``,
#: Table 3) and a context of 128K = 131,072 tokens (Table 4's sequence length).
LLAMA31_8B = Architecture("Llama 3.1 8B", 8e9, 32, 4096, 131072, 128000, "dubey2024llama3")


def get(name: str) -> PublishedModel:
    """The published model called ``name`` (case-insensitive), e.g. ``get("GPT-3 175B")``."""
    if not isinstance(name, str) or name.lower() not in _BY_NAME:
        known = ", ".join(m.name for m in ALL_MODELS)
        raise ValueError(f"name must be one of: {known}; got {name!r}")
    return _BY_NAME[name.lower()]
