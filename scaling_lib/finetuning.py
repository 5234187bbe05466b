r"""Fine-tuning: transfer as effective data, the multiplicative fine-tuning law, LoRA, saturation.

Chapter 7, "Fine-tuning" (``book/07_finetuning.ipynb``).

Effective data transferred (``hernandez2021scaling``). A model of N parameters
pre-trained on one distribution and fine-tuned on D_F tokens of another reaches
some loss L. A model of the same size trained from scratch on the target needs
D_E tokens to reach the same L. The difference

    D_T = D_E − D_F

is the data pre-training is worth. In the low-data regime Hernandez et al. fit

    D_T = k · D_F^α · N^β,          multiplier = (D_F + D_T) / D_F,

with D_F in characters of Python and N in non-embedding parameters.

The multiplicative fine-tuning law (``zhang2024scaling``):

    L(X, D_f) = A · X^(−α) · D_f^(−β) + E,

with X the base model's size, its pre-training data or the number of
parameter-efficient (PET) parameters, fitted separately for each X.

LoRA (``hu2021lora``) adds ΔW = γ · B A with B ∈ R^(d_out × r), A ∈ R^(r × d_in):
r · (d_in + d_out) trainable parameters per adapted matrix, scaled by γ = α/r
(LoRA) or γ = α/√r (rank-stabilised LoRA, ``kalajdzievski2023rank``).

Saturation: a curve of loss against fine-tuning data that flattens can be
modelled by a saturating exponential, L = L_sat + A·exp(−D/D_s), or by a power
law with an offset, L = E + B·D^(−b). Both are modelling choices;
:func:`compare_extrapolation` fits both to the same points and scores their
predictions of held-out ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import minimize_scalar, nnls

from scaling_lib._contract import accepts, output_record
from scaling_lib._validate import (
    _number_array,
    _show,
    as_array,
    as_bool,
    as_choice,
    as_finite,
    as_int,
    as_int_list,
    as_list_of,
    as_positive,
    as_text,
    check_fields,
    check_type,
    returns_finite,
    same_length,
)
from scaling_lib.fitting import fit_power_law

__all__ = [
    "TransferLaw", "HERNANDEZ_TEXT_TO_PYTHON", "HERNANDEZ_TEXT_AND_CODE_TO_PYTHON",
    "TRANSFER_LAWS", "data_factor_worth_params", "effective_from_scratch_data",
    "TransferFit", "fit_transfer_law", "TransferMeasurements", "measure_transfer",
    "finetune_curves", "transfer_specs", "run_transfer_experiment",
    "FinetuningLaw", "ZHANG_MODEL_SIZES", "lora_params", "lora_scale", "LORA_GPT3_BUDGET_PARAMS",
    "LIMA_EXAMPLES", "LIMA_PARAMS", "LIMA_EQUAL_OR_BETTER_THAN_GPT4", "BIDERMAN_FULL_RANK_FACTOR",
    "LORA_WITHOUT_REGRET_LR_FACTOR",
    "SaturatingFit", "fit_saturating", "CurveComparison", "compare_extrapolation",
    "FINETUNE_SEEDS", "load_finetune_seeds", "finetune_seed_findings", "transfer_size_findings",
]


# ---------------------------------------------------------------- transfer law
@dataclass(frozen=True)
class TransferLaw:
    r"""Effective data transferred, :math:`D_T = k\,D_F^{\alpha} N^{\beta}`.

    ``hernandez2021scaling``, Eq. 1.1.

    Attributes
    ----------
    k : float
        Coefficient (in the units of D_F; depends on the units of D_F and N).
    alpha : float
        Exponent of the fine-tuning data D_F. Hernandez et al. read a small α as
        the two distributions being close.
    beta : float
        Exponent of the parameter count N.
    label : str
    citation : str
        Key in ``book/references.bib``.
    data_unit : str
        Unit of D_F and D_T.
    params_unit : str
        What N counts.
    """

    k: float
    alpha: float
    beta: float
    label: str = ""
    citation: str = ""
    data_unit: str = "tokens"
    params_unit: str = "parameters"

    def __post_init__(self):
        check_fields(self, positive="k", finite=("alpha", "beta"),
                     text=("label", "citation", "data_unit", "params_unit"))

    @returns_finite
    def transferred(self, fine_tune_data, params):
        """D_T = k · D_F^α · N^β, in :attr:`data_unit`."""
        d = as_positive("fine_tune_data", fine_tune_data)
        n = as_positive("params", params)
        return self.k * d**self.alpha * n**self.beta

    @returns_finite
    def effective_data(self, fine_tune_data, params):
        """D_E = D_F + D_T: the from-scratch data the fine-tuned model is worth."""
        d = as_positive("fine_tune_data", fine_tune_data)
        return d + self.transferred(d, params)

    @returns_finite
    def multiplier(self, fine_tune_data, params):
        """(D_F + D_T) / D_F = 1 + k · N^β / D_F^(1−α): how much pre-training multiplies D_F."""
        d = as_positive("fine_tune_data", fine_tune_data)
        return self.effective_data(d, params) / d


#: Text → Python, Table 1 of ``hernandez2021scaling``: D_F in characters, N non-embedding.
#: α and β checked against two independent summaries of the paper (both print 0.18, 0.38);
#: k = 1.9e4 against one summary that quotes Table 1 (the PDF itself was not reachable).
HERNANDEZ_TEXT_TO_PYTHON = TransferLaw(
    k=1.9e4, alpha=0.18, beta=0.38, label="text → Python", citation="hernandez2021scaling",
    data_unit="characters", params_unit="non-embedding parameters")

#: 50% text + 50% non-Python code → Python, Table 1 of ``hernandez2021scaling``
#: (α = 0.096 checked in two summaries; k = 2.1e5 in one, as above).
HERNANDEZ_TEXT_AND_CODE_TO_PYTHON = TransferLaw(
    k=2.1e5, alpha=0.096, beta=0.38, label="text + code → Python",
    citation="hernandez2021scaling", data_unit="characters",
    params_unit="non-embedding parameters")

TRANSFER_LAWS = (HERNANDEZ_TEXT_TO_PYTHON, HERNANDEZ_TEXT_AND_CODE_TO_PYTHON)


@returns_finite
def data_factor_worth_params(law: TransferLaw, params_factor):
    r"""Factor of fine-tuning data that raises D_T as much as ``params_factor`` × more parameters.

    From :math:`D_T \propto D_F^{\alpha} N^{\beta}`: multiplying N by f multiplies D_T
    by f^β, which D_F achieves when multiplied by f^(β/α). With Hernandez's
    text → Python fit, β ≈ 2α, so 10× the parameters is worth about 100× the data.
    """
    check_type("law", law, TransferLaw, "a TransferLaw such as HERNANDEZ_TEXT_TO_PYTHON")
    if law.alpha <= 0:
        raise ValueError(f"the law's alpha must be positive for this trade, got {law.alpha}")
    f = as_positive("params_factor", params_factor)
    return f ** (law.beta / law.alpha)


@accepts(loss={k: "a loss outside the measured curve gives NaN, as documented"
               for k in ("zero", "negative", "tiny", "huge")})
def effective_from_scratch_data(loss, scratch_tokens, scratch_losses):
    """Tokens a from-scratch model needs to reach ``loss``, interpolating its measured curve.

    The curve is sorted by tokens and replaced by its running minimum (the best loss
    reachable with at most D tokens, as with early stopping in ``hernandez2021scaling``);
    log D is then interpolated linearly in the loss between the two bracketing runs.
    Losses outside the measured range give NaN: the curve cannot say, and extrapolating
    it would be a modelling choice.

    Parameters
    ----------
    loss : float or array
        Target loss(es), nats per token.
    scratch_tokens, scratch_losses : 1-D arrays
        The from-scratch runs of the same model size on the target data.

    Returns
    -------
    float or ndarray
        D_E in tokens (NaN where ``loss`` is outside the curve's range).
    """
    d = as_array("scratch_tokens", scratch_tokens, positive=True, min_length=2)
    ell = as_array("scratch_losses", scratch_losses, min_length=2)
    same_length(scratch_tokens=d, scratch_losses=ell)
    target = as_finite("loss", loss)
    order = np.argsort(d)
    d, ell = d[order], np.minimum.accumulate(ell[order])
    keep = np.concatenate(([True], np.diff(ell) < 0))      # strictly decreasing part only
    d, ell = d[keep], ell[keep]
    t = np.atleast_1d(np.asarray(target, dtype=float))
    out = np.full(t.shape, np.nan)
    inside = (t <= ell[0]) & (t >= ell[-1])
    if d.size >= 2:
        # np.interp needs increasing x: interpolate on the reversed (increasing-loss) curve
        out[inside] = np.exp(np.interp(t[inside], ell[::-1], np.log(d[::-1])))
    elif inside.any():
        out[inside] = d[0]
    return float(out[0]) if np.ndim(target) == 0 else out


@output_record
@dataclass(frozen=True, eq=False)
class TransferFit:
    """Result of :func:`fit_transfer_law`.

    Attributes
    ----------
    law : TransferLaw
        Fitted k, α and β (β = 0 and ``fitted_beta`` False when one size only).
    fitted_beta : bool
    rms_log_residual : float
        Root mean square of ln D_T − ln D̂_T over the points.
    n_points : int
    """

    law: TransferLaw
    fitted_beta: bool
    rms_log_residual: float
    n_points: int

    def summary(self) -> str:
        beta = f"{self.law.beta:.3f}" if self.fitted_beta else "not fitted (one size)"
        return (f"D_T = k·D_F^α·N^β on {self.n_points} points: k = {self.law.k:.3g}, "
                f"α = {self.law.alpha:.3f}, β = {beta}; rms log residual "
                f"{self.rms_log_residual:.3f}")


@accepts(transferred={k: "points with no positive transfer are dropped, as documented"
                      for k in ("nan", "inf", "-inf")})
def fit_transfer_law(fine_tune_data, transferred, params=None, *, label: str = "fit",
                     data_unit: str = "tokens") -> TransferFit:
    r"""Least-squares fit of :math:`\ln D_T = \ln k + \alpha \ln D_F + \beta \ln N`.

    Points with D_T ≤ 0 or NaN (no transfer, ossification, or outside the from-scratch
    curve) are dropped: the power law describes positive transfer only.

    Parameters
    ----------
    fine_tune_data, transferred : 1-D arrays
        D_F and measured D_T, same units.
    params : 1-D array, optional
        N for each point. Omit it (or give a single size) to fit k and α only.
    """
    d = as_array("fine_tune_data", fine_tune_data, positive=True)
    as_text("label", label)
    as_text("data_unit", data_unit)
    if np.ndim(transferred) == 0:
        raise ValueError(f"transferred must be a 1-D array, got the single value {transferred!r}")
    t = _number_array("transferred", transferred)
    if t.ndim != 1:
        raise ValueError(f"transferred must be 1-D, got an array of shape {t.shape}")
    same_length(fine_tune_data=d, transferred=t)
    n = None
    if params is not None:
        n = as_array("params", params, positive=True)
        same_length(fine_tune_data=d, params=n)
    ok = np.isfinite(t) & (t > 0)
    d, t = d[ok], t[ok]
    n = n[ok] if n is not None else None
    with_beta = n is not None and np.ptp(np.log(n)) > 0
    cols = [np.ones(d.size), np.log(d)] + ([np.log(n)] if with_beta else [])
    need = len(cols) + 1
    if d.size < need:
        raise ValueError(f"need at least {need} points with positive transfer, got {d.size}")
    if np.ptp(np.log(d)) == 0:
        raise ValueError("fine_tune_data must contain at least two different values")
    design = np.column_stack(cols)
    coef, *_ = np.linalg.lstsq(design, np.log(t), rcond=None)
    resid = np.log(t) - design @ coef
    law = TransferLaw(k=float(np.exp(coef[0])), alpha=float(coef[1]),
                      beta=float(coef[2]) if with_beta else 0.0, label=label,
                      data_unit=data_unit)
    return TransferFit(law, bool(with_beta), float(np.sqrt(np.mean(resid**2))), int(d.size))


# ------------------------------------------------------------- lab measurement
@output_record
@dataclass(frozen=True, eq=False)
class TransferMeasurements:
    """Effective data transferred, measured on lab runs (one entry per fine-tuned model).

    All arrays have one entry per fine-tuning run; tokens are predicted tokens,
    losses nats per token, ``params`` non-embedding parameters (as in
    ``hernandez2021scaling``).
    """

    width: np.ndarray
    params: np.ndarray
    shared_fraction: np.ndarray
    pretrain_tokens: np.ndarray
    finetune_tokens: np.ndarray
    finetuned_loss: np.ndarray
    scratch_loss: np.ndarray          # from-scratch loss at the same D_F (NaN if not run)
    effective_tokens: np.ndarray      # D_E (NaN if outside the from-scratch curve)
    transferred_tokens: np.ndarray    # D_T = D_E − D_F

    @property
    def multiplier(self) -> np.ndarray:
        """(D_F + D_T) / D_F."""
        return self.effective_tokens / self.finetune_tokens

    def select(self, **equal) -> TransferMeasurements:
        """Entries whose attributes equal the given values, e.g. ``select(width=64)``."""
        mask = np.ones(self.width.size, dtype=bool)
        for k, v in equal.items():
            if k not in _TM_FIELDS:
                raise ValueError(f"select() takes fields of the measurements "
                                 f"({', '.join(_TM_FIELDS)}), got {k}={v!r}")
            as_finite(k, v)
            mask &= np.isclose(getattr(self, k), v)
        return TransferMeasurements(**{f: getattr(self, f)[mask] for f in _TM_FIELDS})

    def __len__(self) -> int:
        return int(self.width.size)


_TM_FIELDS = ("width", "params", "shared_fraction", "pretrain_tokens", "finetune_tokens",
              "finetuned_loss", "scratch_loss", "effective_tokens", "transferred_tokens")


def _rows(table) -> list:
    return as_list_of("table", table, dict, "result rows (a SweepTable such as "
                      "load_sweep('finetune'), or a list of row dicts)")


def measure_transfer(table, **labels) -> TransferMeasurements:
    """D_E and D_T for every fine-tuned row of a pretrain → fine-tune sweep.

    ``table`` is a :class:`scaling_lib.lab.SweepTable` like ``load_sweep("finetune")``:
    rows with ``phase == "finetune"`` (pre-trained, then fine-tuned on ``finetune_tokens``)
    and rows with ``phase == "train"`` (from scratch on the target language, ``tokens``),
    each labelled with its ``shared_fraction``. Each fine-tuned loss is located on the
    from-scratch curve of the same width and target (:func:`effective_from_scratch_data`).
    Keyword ``labels`` keep only the fine-tuned rows with those column values, e.g.
    ``measure_transfer(load_sweep("finetune_sizes"), pretrain_rule="per_param")``.
    """
    rows = _rows(table)
    scratch: dict[tuple, list] = {}
    for r in rows:
        if r.get("phase") == "train":
            scratch.setdefault((r["width"], r.get("shared_fraction")), []).append(r)
    out = {f: [] for f in _TM_FIELDS}
    for r in rows:
        if r.get("phase") != "finetune" or any(r.get(k) != v for k, v in labels.items()):
            continue
        key = (r["width"], r.get("shared_fraction"))
        curve = scratch.get(key, [])
        if len(curve) < 2:
            raise ValueError(f"no from-scratch curve (≥ 2 runs) for width={key[0]}, "
                             f"shared_fraction={key[1]}")
        toks = np.array([c["tokens"] for c in curve], dtype=float)
        losses = np.array([c["final_loss"] for c in curve], dtype=float)
        d_f = float(r["finetune_tokens"])
        d_e = effective_from_scratch_data(r["final_loss"], toks, losses)
        same = np.isclose(toks, d_f)
        out["width"].append(r["width"])
        out["params"].append(r["non_embedding_params"])
        out["shared_fraction"].append(r.get("shared_fraction", np.nan))
        out["pretrain_tokens"].append(r.get("pretrain_tokens", np.nan))
        out["finetune_tokens"].append(d_f)
        out["finetuned_loss"].append(r["final_loss"])
        out["scratch_loss"].append(float(losses[same][0]) if same.any() else np.nan)
        out["effective_tokens"].append(d_e)
        out["transferred_tokens"].append(d_e - d_f)
    if not out["width"]:
        which = f" with {labels}" if labels else ""
        raise ValueError(f"table has no fine-tuned rows (phase == 'finetune'){which}")
    return TransferMeasurements(**{f: np.asarray(v, dtype=float) for f, v in out.items()})


def finetune_curves(table) -> dict:
    """Fine-tuning curves of a sweep: ``{(shared_fraction, pretrain_tokens): (D_F, loss, E)}``.

    D_F and loss are arrays sorted by D_F (tokens, nats per token); E is the target
    language's entropy (the irreducible loss), from the rows of ``table`` with
    ``phase == "finetune"``.
    """
    curves: dict[tuple, dict] = {}
    for r in _rows(table):
        if r.get("phase") != "finetune":
            continue
        key = (float(r["shared_fraction"]), int(r["pretrain_tokens"]))
        c = curves.setdefault(key, {"d": [], "loss": [], "entropy": float(r["entropy"])})
        c["d"].append(float(r["finetune_tokens"]))
        c["loss"].append(float(r["final_loss"]))
    if not curves:
        raise ValueError(f"table has no fine-tuned rows (phase == 'finetune'): "
                         f"{len(_rows(table))} rows, none fine-tuned")
    out = {}
    for k, c in curves.items():
        order = np.argsort(c["d"])
        out[k] = (np.asarray(c["d"])[order], np.asarray(c["loss"])[order], c["entropy"])
    return out


@accepts(finetune_tokens={"empty_list": "no fine-tuning runs",
                          "empty_array": "no fine-tuning runs"},
         scratch_tokens={"empty_list": "no from-scratch runs",
                         "empty_array": "no from-scratch runs"})
def transfer_specs(widths=(32, 128), *, shared_fraction: float = 0.75,
                   pretrain_tokens: int = 200_000, finetune_tokens=(5_000, 10_000, 20_000),
                   scratch_tokens=(5_000, 10_000, 20_000, 40_000, 80_000), seed: int = 0):
    """Lab jobs for a transfer experiment over several model sizes.

    For each width, :func:`scaling_lib.lab.sweep.transfer_jobs`: one job pre-trains on the
    default language and fine-tunes a copy on each of ``finetune_tokens`` of a related
    language sharing ``shared_fraction`` of its next-token laws; separate jobs train the
    same width from scratch on it with each of ``scratch_tokens``. Rows are labelled like
    the cached ``finetune`` preset, so :func:`measure_transfer` reads both.
    """
    from scaling_lib.lab.sweep import transfer_jobs
    from scaling_lib.lab.train import MAX_TOKENS, MAX_WIDTH

    widths = as_int_list("widths", widths, maximum=MAX_WIDTH)
    pre = as_int("pretrain_tokens", pretrain_tokens, maximum=MAX_TOKENS)
    ft = as_int_list("finetune_tokens", finetune_tokens, maximum=MAX_TOKENS, allow_empty=True)
    sc = as_int_list("scratch_tokens", scratch_tokens, maximum=MAX_TOKENS, allow_empty=True)
    return [job for w in widths
            for job in transfer_jobs(w, shared_fraction, [pre], ft, sc, seed=seed)]


def run_transfer_experiment(widths=(32, 128), *, workers: int | None = None,
                            progress: bool | None = True, **settings):
    """Run :func:`transfer_specs` in parallel lab workers; returns a ``SweepTable``."""
    from scaling_lib.lab import run_sweep

    specs = transfer_specs(widths, **settings)
    return run_sweep(specs, workers=workers, progress=progress, name="transfer_live",
                     meta={"settings": {"widths": list(widths), **settings}})


# ---------------------------------------------------------- fine-tuning law
@dataclass(frozen=True)
class FinetuningLaw:
    r"""Multiplicative joint law :math:`L = A\,X^{-\alpha} D_f^{-\beta} + E` (``zhang2024scaling``).

    X is one scaling factor at a time: the base model's size, its pre-training data, or
    the number of PET parameters (prompt length, LoRA rank). Zhang et al. fit A, α, β, E
    per task and per factor; their fitted values are not reproduced here, so the book uses
    this class with illustrative constants, labelled as such.
    """

    A: float
    alpha: float
    beta: float
    E: float = 0.0
    factor: str = "model size"
    citation: str = "zhang2024scaling"

    def __post_init__(self):
        check_fields(self, positive="A", finite=("alpha", "beta", "E"),
                     text=("factor", "citation"))

    @returns_finite
    def loss(self, x, finetune_data):
        """L(X, D_f)."""
        x = as_positive("x", x)
        d = as_positive("finetune_data", finetune_data)
        return self.A * x ** (-self.alpha) * d ** (-self.beta) + self.E

    @returns_finite
    def data_factor_matching(self, x_factor):
        """Factor of D_f that lowers the loss as much as multiplying X by ``x_factor``.

        In the multiplicative law both act on the same reducible term, so it is
        x_factor^(α/β), whatever X and D_f are.
        """
        if self.beta <= 0:
            raise ValueError(f"beta must be positive for this trade, got {self.beta}")
        return as_positive("x_factor", x_factor) ** (self.alpha / self.beta)


#: ``zhang2024scaling``: the two families of pre-trained bilingual LLMs span 1B to 16B parameters.
ZHANG_MODEL_SIZES = (1e9, 16e9)


# ------------------------------------------------------------------- LoRA
#: Trainable-parameter budget of the rank comparison in ``hu2021lora`` (Table 5, GPT-3 175B):
#: "18M", i.e. r = 8 on one attention matrix type or r = 4 on two, in all 96 layers.
LORA_GPT3_BUDGET_PARAMS = 18e6

#: ``zhou2023lima``: LLaMA 65B fine-tuned on 1,000 curated prompts and responses; in their
#: human study LIMA's answers were equivalent to or preferred over GPT-4's in 43% of cases.
LIMA_EXAMPLES = 1_000
LIMA_PARAMS = 65e9
LIMA_EQUAL_OR_BETTER_THAN_GPT4 = 0.43

#: ``biderman2024lora``: full fine-tuning on code and math learns weight perturbations of a
#: rank 10-100 times greater than typical LoRA configurations (abstract).
BIDERMAN_FULL_RANK_FACTOR = (10, 100)

#: ``schulman2025lora`` ("LoRA Without Regret", Thinking Machines Lab, 2025): with adapters on
#: all layers, LoRA's optimal learning rate was about 10 times that of full fine-tuning.
#: Checked against several detailed accounts of the post, not against the post itself.
LORA_WITHOUT_REGRET_LR_FACTOR = 10


@returns_finite
def lora_params(d_in, d_out, rank, n_matrices=1):
    """Trainable parameters of LoRA: r · (d_in + d_out) per adapted d_in × d_out matrix.

    ``hu2021lora``: ΔW = B A with A of shape r × d_in and B of shape d_out × r.
    ``n_matrices`` adapted matrices of the same shape multiply the count.
    """
    d_in = as_positive("d_in", d_in)
    d_out = as_positive("d_out", d_out)
    r = as_positive("rank", rank)
    n = as_positive("n_matrices", n_matrices)
    return r * (d_in + d_out) * n


@returns_finite
def lora_scale(alpha, rank, *, stabilised: bool = False):
    """LoRA's multiplier of the update B A: α/r (``hu2021lora``) or α/√r (rsLoRA).

    ``kalajdzievski2023rank`` shows that with α/r the adapter's learning slows as the rank
    grows (its gradients shrink), so large ranks did not help; α/√r keeps the scale of
    activations and gradients independent of the rank.
    """
    a = as_positive("alpha", alpha)
    r = as_positive("rank", rank)
    return a / np.sqrt(r) if as_bool("stabilised", stabilised) else a / r


# ------------------------------------------------------------- saturation
@output_record
@dataclass(frozen=True, eq=False)
class SaturatingFit:
    r"""A saturating curve :math:`L = L_\text{sat} + A\,e^{-D/D_s}` (see :func:`fit_saturating`)."""

    floor: float
    amplitude: float
    scale_tokens: float
    rms_log_residual: float

    @returns_finite
    def predict(self, tokens):
        d = as_positive("tokens", tokens)
        return self.floor + self.amplitude * np.exp(-d / self.scale_tokens)


def fit_saturating(tokens, losses) -> SaturatingFit:
    """Fit L = L_sat + A·exp(−D/D_s) with L_sat, A ≥ 0 (relative least squares).

    For each D_s the best (L_sat, A) is a non-negative linear problem; D_s is searched on
    a log grid over [min(D)/10, 10·max(D)] and refined by a bounded scalar search.
    """
    d = as_array("tokens", tokens, positive=True, min_length=3)
    y = as_array("losses", losses, positive=True, min_length=3)
    n = same_length(tokens=d, losses=y)

    def solve(log_s):
        design = np.column_stack((np.ones(n), np.exp(-d / math.exp(log_s)))) / y[:, None]
        return nnls(design, np.ones(n))

    lo, hi = math.log(d.min() / 10), math.log(d.max() * 10)
    grid = np.linspace(lo, hi, 121)
    sse = np.array([solve(s)[1] ** 2 for s in grid])
    i = int(np.argmin(sse))
    res = minimize_scalar(lambda s: solve(s)[1] ** 2,
                          bounds=(grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]),
                          method="bounded")
    log_s = float(res.x) if res.fun <= sse[i] else float(grid[i])
    (floor, amp), _ = solve(log_s)
    pred = floor + amp * np.exp(-d / math.exp(log_s))
    rms = float(np.sqrt(np.mean((np.log(np.maximum(pred, 1e-300)) - np.log(y)) ** 2)))
    return SaturatingFit(float(floor), float(amp), math.exp(log_s), rms)


@output_record
@dataclass(frozen=True, eq=False)
class CurveComparison:
    """Power law vs saturating curve, fitted on the first points and scored on the rest.

    Errors are in nats per token (predicted − measured) at ``held_out_tokens``.
    """

    tokens: np.ndarray
    losses: np.ndarray
    n_fit: int
    power_law: object            # scaling_lib.fitting.PowerLawFit
    saturating: SaturatingFit
    floor: float | None = None
    power_errors: np.ndarray = field(default_factory=lambda: np.zeros(0))
    saturating_errors: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def held_out_tokens(self) -> np.ndarray:
        return self.tokens[self.n_fit:]

    def power_loss(self, tokens):
        """The power law's prediction (with the known floor added back, if one was given)."""
        base = 0.0 if self.floor is None else self.floor
        return base + self.power_law.predict(as_positive("tokens", tokens))

    @property
    def better(self) -> str:
        """"power law" or "saturating": the smaller mean absolute held-out error."""
        if self.power_errors.size == 0:
            return "none held out"
        p, s = np.mean(np.abs(self.power_errors)), np.mean(np.abs(self.saturating_errors))
        return "power law" if p <= s else "saturating"


def compare_extrapolation(tokens, losses, n_fit: int, *, floor: float | None = None
                          ) -> CurveComparison:
    """Fit both forms to the ``n_fit`` smallest-D points, predict the others.

    Parameters
    ----------
    tokens, losses : 1-D arrays
        A fine-tuning curve: loss after fine-tuning on D tokens.
    n_fit : int
        How many of the smallest-D points to fit on (at least 3).
    floor : float, optional
        A known irreducible loss E (the lab language's entropy): the power law is then
        fitted to L − E as a pure power law (2 parameters). Otherwise it is fitted with a
        free offset (3 parameters, like the saturating curve).
    """
    d = as_array("tokens", tokens, positive=True, min_length=3)
    y = as_array("losses", losses, positive=True, min_length=3)
    same_length(tokens=d, losses=y)
    order = np.argsort(d)
    d, y = d[order], y[order]
    n_fit = as_int("n_fit", n_fit, minimum=3)
    if n_fit > d.size:
        raise ValueError(f"n_fit={n_fit} is more than the {d.size} points")
    fd, fy = d[:n_fit], y[:n_fit]
    if floor is not None:
        floor = float(as_finite("floor", floor, allow_array=False))
        if np.any(fy <= floor):
            raise ValueError(f"floor={floor} is not below every fitted loss")
        pl = fit_power_law(fd, fy - floor)
    else:
        pl = fit_power_law(fd, fy, offset=True)
    sat = fit_saturating(fd, fy)
    cmp = CurveComparison(d, y, n_fit, pl, sat, floor)
    hd, hy = d[n_fit:], y[n_fit:]
    if hd.size:
        object.__setattr__(cmp, "power_errors", cmp.power_loss(hd) - hy)
        object.__setattr__(cmp, "saturating_errors", sat.predict(hd) - hy)
    return cmp



# ---------------------------------------------------------------- findings across seeds
#: Seeds of the ``finetune`` and ``finetune_sizes`` sweeps: seed 0 is the main cache in
#: ``book/data/lab``; seed N is ``book/data/lab/seeds/seedN/<name>.json``, written by the
#: lab's own command ``python -m scaling_lib.lab <name> --size full --seed N --out
#: book/data/lab/seeds/seedN`` (same settings; the seed changes initialisation and data order).
FINETUNE_SEEDS = {"finetune": (0, 1, 2, 3, 4), "finetune_sizes": (0, 1, 2, 3, 4)}


def load_finetune_seeds(name: str = "finetune", seeds=None, data_dir=None) -> list:
    """The cached sweeps ``name`` ("finetune" or "finetune_sizes") of every seed found.

    ``seeds`` defaults to ``FINETUNE_SEEDS[name]``; a seed whose file is missing is an error.
    """
    from pathlib import Path

    from scaling_lib.lab.sweep import DATA_DIR, load_sweep, seed_dir

    as_choice("name", name, ("finetune", "finetune_sizes"))
    seeds = FINETUNE_SEEDS[name] if seeds is None else seeds
    seeds = as_int_list("seeds", seeds, minimum=0)
    if len(seeds) < 2:
        raise ValueError(f"seeds must list at least two seeds for a finding, got "
                         f"{len(seeds)}: {seeds}")
    if data_dir is not None and not isinstance(data_dir, str | Path):
        raise TypeError(f"data_dir must be a folder path or None, got {_show(data_dir)}")
    root = Path(data_dir) if data_dir is not None else DATA_DIR
    if not root.is_dir():
        raise ValueError(f"data_dir must be an existing folder, got {_show(data_dir)}")
    return [load_sweep(name, seed_dir(s, root)) for s in seeds]


def _seed_sweeps(name: str, tables) -> list:
    if not isinstance(tables, list | tuple) or len(tables) < 2:
        raise TypeError(f"{name} must be a list of at least two sweeps (one per seed), got "
                        f"{_show(tables)}")
    for t in tables:
        _rows(t)
    return list(tables)


def finetune_seed_findings(tables, *, pretrain_tokens: int = 250_000) -> dict:
    """Chapter 7's findings on the ``finetune`` sweep, recomputed seed by seed.

    ``tables`` holds one ``finetune`` sweep per seed (e.g. :func:`load_finetune_seeds`).
    Returns a dict of arrays (one row per seed) and :mod:`scaling_lib.findings` comparisons:

    * ``dt_25``: D_T of the shared-fraction-0.25 models at each ``finetune_tokens``
      (``dt_25_vs_zero``: one Comparison per D_F of D_T against zero, "a" when D_T < 0);
      ``negative_from``: the smallest D_F from which every larger D_F is decided negative
      (``nan`` if none);
    * ``more_pretraining``: at shared fraction 0.25 and 10k fine-tuning tokens, the loss of
      the model pre-trained on 1M tokens against the one pre-trained on ``pretrain_tokens``;
    * ``power_better`` (seeds × curves, bool): the power law predicted the held-out loss
      better than the saturating curve; ``below_floor``: the loss measured at the largest
      D_F against the saturating fit's floor (shared fraction 0.5), "a" when below it;
    * ``last_positive_75``: the largest D_F with positive D_T at shared fraction 0.75;
      ``mult10``: the multipliers at 10k fine-tuning tokens (seeds × shared fractions);
    * ``gains_75``: loss lowered per tenfold of D_F, decade by decade, at shared fraction 0.75;
      ``alpha_75``: α of :func:`fit_transfer_law` through its positive D_T, per seed.
    """
    from scaling_lib.findings import compare_paired

    tables = _seed_sweeps("tables", tables)
    pre = as_int("pretrain_tokens", pretrain_tokens, minimum=1)
    dt25, loss_1m, loss_pre, power, sat_floor, measured, last75, mult10, gains, alpha75 = (
        [] for _ in range(10))
    ft_tokens = None
    for table in tables:
        m_all = measure_transfer(table)
        m = m_all.select(pretrain_tokens=pre)
        g25 = m.select(shared_fraction=0.25)
        order = np.argsort(g25.finetune_tokens)
        if ft_tokens is None:
            ft_tokens = g25.finetune_tokens[order]
        elif not np.array_equal(ft_tokens, g25.finetune_tokens[order]):
            raise ValueError("tables must share their fine-tuning token counts")
        dt25.append(g25.transferred_tokens[order])
        loss_1m.append(m_all.select(pretrain_tokens=1_000_000, finetune_tokens=10_000,
                                    shared_fraction=0.25).finetuned_loss[0])
        loss_pre.append(m.select(finetune_tokens=10_000, shared_fraction=0.25).finetuned_loss[0])
        curves = finetune_curves(table)
        power.append([compare_extrapolation(d, loss, 4, floor=e).better == "power law"
                      for _, (d, loss, e) in sorted(curves.items())])
        d50, l50, e50 = curves[(0.5, pre)]
        sat_floor.append(compare_extrapolation(d50, l50, 4, floor=e50).saturating.floor)
        measured.append(l50[-1])
        g75 = m.select(shared_fraction=0.75)
        pos = g75.transferred_tokens > 0
        alpha75.append(fit_transfer_law(g75.finetune_tokens[pos], g75.transferred_tokens[pos]
                                        ).law.alpha if pos.sum() >= 3 else np.nan)
        last75.append(g75.finetune_tokens[g75.transferred_tokens > 0].max()
                      if (g75.transferred_tokens > 0).any() else np.nan)
        m10 = m.select(finetune_tokens=10_000)
        mult10.append(m10.multiplier[np.argsort(m10.shared_fraction)])
        d75, l75, _ = curves[(0.75, pre)]
        gains.append(-np.diff(l75) / np.diff(np.log10(d75)))
    dt25 = np.array(dt25)
    vs_zero = [compare_paired(dt25[:, i], np.zeros(len(tables)),
                              label_a=f"D_T at {int(d):,} fine-tuning tokens", label_b="zero",
                              unit="tokens") for i, d in enumerate(ft_tokens)]
    neg = [v.verdict == "a" for v in vs_zero]
    negative_from = np.nan
    for i in range(len(neg)):
        if all(neg[i:]):
            negative_from = float(ft_tokens[i])
            break
    return {
        "n_seeds": len(tables),
        "finetune_tokens": ft_tokens,
        "dt_25": dt25,
        "dt_25_vs_zero": vs_zero,
        "negative_from": negative_from,
        "more_pretraining": compare_paired(loss_1m, loss_pre, label_a="1M pre-training tokens",
                                           label_b=f"{pre // 1000}k pre-training tokens"),
        "power_better": np.array(power),
        "below_floor": compare_paired(measured, sat_floor, label_a="the measured loss",
                                      label_b="the saturating fit's floor", word="lower"),
        "last_positive_75": np.array(last75),
        "mult10": np.array(mult10),
        "gains_75": np.array(gains),
        "alpha_75": np.array(alpha75),
    }


def transfer_size_findings(tables) -> dict:
    """β of :func:`fit_transfer_law` per pre-training rule, seed by seed (``finetune_sizes``).

    Returns ``beta`` (``{rule: array over seeds}``), the per-seed pre-training loss gap
    between the smallest and the largest width (``pretrain_gap``, ``{rule: array}``) and
    the comparisons ``beta_rules`` (β with size-proportional pre-training against β with the
    same pre-training for every width; "a" when it is larger) and ``gap_rules`` (the same
    for the pre-training loss gap).
    """
    from scaling_lib.findings import compare_paired

    tables = _seed_sweeps("tables", tables)
    beta = {"fixed": [], "per_param": []}
    gap = {"fixed": [], "per_param": []}
    for table in tables:
        rows = _rows(table)
        for rule in beta:
            pre = sorted((r for r in rows if r.get("phase") == "pretrain"
                          and r.get("pretrain_rule") == rule), key=lambda r: r["width"])
            if len(pre) < 2:
                raise ValueError(f"tables: a sweep has no pre-training rows for rule {rule!r}")
            gap[rule].append(pre[0]["final_loss"] - pre[-1]["final_loss"])
            m = measure_transfer(table, pretrain_rule=rule)
            ok = m.transferred_tokens > 0
            beta[rule].append(fit_transfer_law(m.finetune_tokens[ok], m.transferred_tokens[ok],
                                               m.params[ok]).law.beta)
    beta = {k: np.array(v) for k, v in beta.items()}
    gap = {k: np.array(v) for k, v in gap.items()}
    return {
        "n_seeds": len(tables),
        "beta": beta,
        "pretrain_gap": gap,
        "beta_rules": compare_paired(beta["per_param"], beta["fixed"],
                                     label_a="β with pre-training ∝ size",
                                     label_b="β with the same pre-training",
                                     lower_is_better=False, unit="", word="larger"),
        "gap_rules": compare_paired(gap["per_param"], gap["fixed"],
                                    label_a="the gap with pre-training ∝ size",
                                    label_b="the gap with the same pre-training",
                                    lower_is_better=False, word="larger"),
    }
