"""Chapter 10's library: MoE accounting, the PTQ and routed-LM forms, trends; and its lab:
quantisation, the soft-target gradient (checked against finite differences), distillation."""

import math

import numpy as np
import pytest

from scaling_lib import efficient_models as em
from scaling_lib.lab.efficiency import (
    BUDGET_BITS,
    QUANT_BITS,
    block_size_damage,
    efficiency_jobs,
    model_bits,
    quantize_model,
    quantize_weights,
    soft_loss_and_grads,
    train_targets,
)
from scaling_lib.lab.language import make_language
from scaling_lib.lab.model import MLPConfig, MLPLanguageModel
from scaling_lib.lab.sweep import PRESETS, load_sweep
from scaling_lib.lab.train import TrainConfig, train


def test_moe_counts_active_for_flops_and_total_for_memory():
    assert em.moe_total_params(2e9, 0.5e9, 64) == pytest.approx(34e9)
    assert em.moe_active_params(2e9, 0.5e9, 2) == pytest.approx(3e9)
    assert em.moe_training_flops(3e9, 1e12) == pytest.approx(1.8e22)
    assert em.weight_memory_bytes(34e9, 4) == pytest.approx(17e9)
    assert em.weight_memory_bytes(1.0, 16) == 2.0


def test_moe_rejects_bad_sizes():
    with pytest.raises(ValueError, match="experts"):
        em.moe_total_params(1e9, 1e8, 0)
    with pytest.raises(ValueError, match="bits"):
        em.weight_memory_bytes(1e9, -4)


def test_ptq_form_grows_with_tokens_and_falls_with_bits():
    # Eq. 2 of kumar2024precision with illustrative constants
    d1 = em.ptq_degradation(1e8, 1e9, 4, 1.0, 0.5, 0.5, 1.0)
    assert em.ptq_degradation(1e8, 16e9, 4, 1.0, 0.5, 0.5, 1.0) == pytest.approx(4 * d1)
    assert em.ptq_degradation(1e8, 1e9, 5, 1.0, 0.5, 0.5, 1.0) == pytest.approx(d1 / math.e)
    assert em.ptq_degradation(4e8, 1e9, 4, 1.0, 0.5, 0.5, 1.0) == pytest.approx(d1 / 2)


def test_kumar_ptq_constants_match_table_2():
    # kumar2024precision, Appendix K, Table 2 (ICLR 2025 version of arXiv:2411.04330)
    law = em.KUMAR_2024_PTQ
    assert (law.c_t, law.gamma_d, law.gamma_n) == (0.0598, 0.5068, 0.3439)
    assert law.citation == "kumar2024precision"


def test_kumar_ptq_law_worked_values():
    law = em.KUMAR_2024_PTQ
    # sixteen times the tokens at fixed N and bits: 16^0.5068
    assert law.relative(1e8, 16e9, 1e8, 1e9) == pytest.approx(16 ** 0.5068, rel=1e-12)
    assert law.relative(1e8, 16e9, 1e8, 1e9) == pytest.approx(4.0761, abs=1e-4)
    # twice the parameters at fixed D: 2^-0.3439
    assert law.relative(2e8, 1e9, 1e8, 1e9) == pytest.approx(2 ** -0.3439, rel=1e-12)
    # with a gamma_post supplied by the caller, Eq. 2 in full
    want = 0.0598 * (1e10 ** 0.5068 / 1e8 ** 0.3439) * math.exp(-4 / 1.5)
    assert law.degradation(1e8, 1e10, 4, 1.5) == pytest.approx(want, rel=1e-12)
    with pytest.raises(ValueError, match="ref_tokens"):
        law.relative(1e8, 1e9, 1e8, 0)


def test_busbridge_constants_match_table_6():
    # busbridge2025distillation, Appendix F.3, Table 6 (arXiv:2502.08606v2), point estimates
    s = em.BUSBRIDGE_2025_SUPERVISED
    assert (s.E, s.A, s.B, s.alpha, s.beta, s.gamma) == (1.220, 3355, 18186, 0.408, 0.431,
                                                          0.452)
    d = em.BUSBRIDGE_2025_DISTILLATION
    assert (d.A, d.B, d.alpha, d.beta, d.gamma) == (2243, 24181, 0.321, 0.637, 0.764)
    assert (d.c0, d.c1, d.f1, d.d1) == (2.549, 522.6, 0.090, 1.315)
    assert d.supervised is s
    assert s.citation == d.citation == "busbridge2025distillation"


def test_busbridge_laws_worked_values():
    n, d, lt = 1e9, 2e10, 2.0
    sup = 1.220 + (3355 / n ** 0.408 + 18186 / d ** 0.431) ** 0.452
    assert em.BUSBRIDGE_2025_SUPERVISED.loss(n, d) == pytest.approx(sup, rel=1e-12)
    assert sup == pytest.approx(2.37469, abs=1e-5)
    student = lt + lt ** -2.549 * (1 + (lt / (sup * 1.315)) ** (1 / 0.090)) ** (
        -522.6 * 0.090) * (2243 / n ** 0.321 + 24181 / d ** 0.637) ** 0.764
    assert em.distilled_student_loss(n, d, lt) == pytest.approx(student, rel=1e-12)
    assert student == pytest.approx(2.27681, abs=1e-5)


def test_distillation_law_has_a_capacity_gap_and_never_beats_its_teacher():
    n, d = 1e9, 2e10
    teachers = np.linspace(1.4, 3.2, 181)
    students = em.distilled_student_loss(n, d, teachers)
    assert np.all(students >= teachers)
    best = teachers[np.argmin(students)]
    assert 1.5 < best < 2.0  # a stronger teacher than this gives a worse student
    assert students[0] > students.min() + 0.01
    # a weak (random-like) teacher: the student only copies it
    assert em.distilled_student_loss(n, d, 3.2) == pytest.approx(3.2, abs=1e-9)
    # an unlimited student reaches its teacher
    assert em.distilled_student_loss(1e30, 1e30, 2.0) == pytest.approx(2.0, abs=1e-6)


def test_distillation_law_rejects_bad_input():
    with pytest.raises(ValueError, match="teacher_loss"):
        em.distilled_student_loss(1e9, 1e10, -1.0)
    with pytest.raises(TypeError, match="law"):
        em.distilled_student_loss(1e9, 1e10, 2.0, law=em.BUSBRIDGE_2025_SUPERVISED)
    with pytest.raises(ValueError, match="c1"):
        em.DistillationLaw(1, 1, 1, 1, 1, 1, 0, 1, 1, em.BUSBRIDGE_2025_SUPERVISED)
    with pytest.raises(TypeError, match="supervised"):
        em.DistillationLaw(1, 1, 1, 1, 1, 1, 1, 1, 1, supervised=None)


def test_trend_and_crossover():
    x = np.array([1.0, 10.0, 100.0, 1000.0])
    slope, se = em.trend_per_decade(x, 0.3 + 0.02 * np.log10(x))
    assert slope == pytest.approx(0.02) and se == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(ValueError, match="x"):
        em.trend_per_decade([1.0, 1.0, 1.0], [1.0, 2.0, 3.0])
    xs = np.array([1.0, 10.0, 100.0])
    assert em.crossover(xs, [1.0, 1.0, 1.0], [1.2, 1.1, 0.9]) == pytest.approx(
        10 ** 1.5, rel=1e-3)
    assert math.isnan(em.crossover(xs, [1.0, 1.0, 1.0], [2.0, 2.0, 2.0]))
    assert em.crossover(xs, [1.0, 1.0, 1.0], [0.5, 2.0, 2.0]) == 1.0


# ------------------------------------------------------------------------------- lab
def test_quantize_weights_uses_one_scale_per_channel_and_2_to_the_b_minus_1_levels():
    rng = np.random.default_rng(0)
    w = rng.standard_normal((40, 6)) * np.arange(1, 7)
    for bits in QUANT_BITS:
        q = quantize_weights(w, bits, 1)
        levels = 2 ** (bits - 1) - 1
        scale = np.abs(w).max(axis=0) / levels
        codes = q / scale
        assert np.allclose(codes, np.round(codes), atol=1e-9)
        assert np.abs(codes).max() <= levels + 1e-9
        assert np.all(np.abs(q - w) <= scale / 2 + 1e-12)
    rows = quantize_weights(w, 4, 0)
    assert np.allclose(np.abs(rows).max(axis=1), np.abs(w).max(axis=1))
    with pytest.raises(ValueError, match="bits"):
        quantize_weights(w, 1)
    with pytest.raises(TypeError, match="weights"):
        quantize_weights([[1.0]], 4)


def _per_channel_reference(w, bits, channel_axis):
    """The quantiser as it was before block sizes existed, written out once more."""
    levels = 2 ** (bits - 1) - 1
    scale = np.abs(w).max(axis=1 - channel_axis, keepdims=True) / levels
    scale = np.where(scale > 0, scale, 1.0)
    return (np.clip(np.round(w / scale), -levels, levels) * scale).astype(w.dtype)


def test_block_size_default_is_the_per_channel_quantiser_bit_for_bit():
    rng = np.random.default_rng(3)
    for dtype in (np.float32, np.float64):
        w = (rng.standard_normal((50, 7)) * np.arange(1, 8)).astype(dtype)
        w[:, 3] = 0.0                                         # an all-zero channel
        for axis in (0, 1):
            for bits in (*QUANT_BITS, 2, 16):
                ref = _per_channel_reference(w, bits, axis)
                assert np.array_equal(quantize_weights(w, bits, axis), ref)
                assert np.array_equal(quantize_weights(w, bits, axis, None), ref)
                # a block at least as long as the channel is one scale per channel
                assert np.array_equal(quantize_weights(w, bits, axis, w.shape[1 - axis]), ref)
                assert quantize_weights(w, bits, axis, 4).dtype == dtype
    model = MLPLanguageModel(MLPConfig(vocab_size=6, context_length=3, width=5, embed_dim=4),
                             seed=1)
    plain, blocked = quantize_model(model, 4), quantize_model(model, 4, block_size=None)
    for k in model.params:
        assert np.array_equal(plain.params[k], blocked.params[k])
    assert model_bits(model, 4, None) == model_bits(model, 4)


def test_smaller_blocks_never_increase_the_round_off_error():
    rng = np.random.default_rng(4)
    w = rng.standard_normal((256, 16)) * rng.lognormal(0.0, 1.0, size=(256, 1))
    for bits in (3, 4, 6):
        levels = 2 ** (bits - 1) - 1
        errors = []
        for b in (None, 128, 64, 32, 16, 8, 4, 2):            # nested blocks
            q = quantize_weights(w, bits, 1, b)
            errors.append(np.sqrt(np.mean((q - w) ** 2)))
            size = 256 if b is None else b
            for start in range(0, 256, size):                 # each block: its own scale
                block, qb = w[start:start + size], q[start:start + size]
                scale = np.abs(block).max(axis=0) / levels
                codes = qb / scale
                assert np.allclose(codes, np.round(codes), atol=1e-9)
                assert np.all(np.abs(qb - block) <= scale / 2 + 1e-12)
        assert np.all(np.diff(errors) <= 0), (bits, errors)
        assert errors[-1] < errors[0] / 2
    one = quantize_weights(w, 4, 1, 1)                         # one weight per block: exact
    assert np.allclose(one, w, rtol=1e-12)
    ragged = quantize_weights(w[:100], 4, 1, 32)               # the last block is shorter
    assert np.array_equal(ragged[96:], quantize_weights(w[96:100], 4, 1))
    rows = quantize_weights(w.T, 4, 0, 32)                     # blocks along a row's columns
    assert np.array_equal(rows, quantize_weights(w, 4, 1, 32).T)


def test_block_size_is_validated_and_its_scales_are_counted():
    w = np.ones((8, 3))
    for bad in (0, -4, 2.5):
        with pytest.raises(ValueError, match="block_size"):
            quantize_weights(w, 4, 1, bad)
    for bad in ("8", True, [8]):
        with pytest.raises(TypeError, match="block_size"):
            quantize_weights(w, 4, 1, bad)
    cfg = MLPConfig(vocab_size=6, context_length=3, width=5, embed_dim=4)
    model = MLPLanguageModel(cfg, seed=1)
    with pytest.raises(ValueError, match="block_size"):
        quantize_model(model, 4, block_size=0)
    with pytest.raises(ValueError, match="block_size"):
        model_bits(model, 4, block_size=0)
    weights = 6 * 4 + 3 * 4 * 5 + 5 * 6                       # E, W1, W2
    others = 5 + 6                                             # b1, b2
    # blocks of 4: W1 (12 rows) 3 per column, W2 (5 rows) 2 per column, E (4 columns) 1 per row
    scales = 5 * 3 + 6 * 2 + 6 * 1
    assert model_bits(model, 4, 4) == 4 * weights + 16 * (others + scales)
    assert model_bits(model, 4, 1) == 4 * weights + 16 * (others + weights)
    assert model_bits(model, 16, 4) == model_bits(model, 16)


def test_block_size_damage_recreates_a_bit_budget_model():
    out = block_size_damage(24, (None, 8), reference_bits=(6,))
    assert out["width"] == 24 and out["matrix"] == "W2" and out["bits"] == 4
    assert out["rows"] == 24 and out["block_sizes"] == [24, 8]
    jobs, _ = efficiency_jobs("bit_budget", "full")
    (row,) = next(j for j in jobs if j.train.width == 24).run()
    assert out["final_loss"] == row["final_loss"]              # the same run, re-created
    # and the sweep's quantiser (the last bits of the loss sum can differ between calls)
    assert out["damage"][0] == pytest.approx(row["delta_4bit_W2_only"], rel=1e-9, abs=1e-12)
    assert out["bits_per_weight"] == pytest.approx([4 + 16 / 24, 4 + 16 / 8])
    assert out["reference_bits"] == [6]
    assert out["reference_bits_per_weight"] == pytest.approx([6 + 16 / 24])
    assert len(out["reference_damage"]) == 1
    for kwargs, arg in ((dict(width=25), "width"), (dict(block_sizes=[0]), "block_sizes"),
                        (dict(block_sizes=[]), "block_sizes"), (dict(matrix="W3"), "matrix"),
                        (dict(bits=1), "bits"), (dict(reference_bits=[1]), "reference_bits"),
                        (dict(seed=-1), "seed")):
        with pytest.raises(ValueError, match=arg):
            block_size_damage(**kwargs)
    with pytest.raises(TypeError, match="block_sizes"):
        block_size_damage(24, 8)


def test_quantized_model_keeps_biases_and_loses_more_at_fewer_bits():
    lang = make_language()
    res = train(TrainConfig(width=32, tokens=65_536), lang, progress=False, keep_model=True)
    q8, q3 = quantize_model(res.model, 8), quantize_model(res.model, 3)
    assert np.array_equal(q3.params["b1"], res.model.params["b1"])
    l8, l3 = q8.population_loss(lang), q3.population_loss(lang)
    assert abs(l8 - res.final_loss) < 0.002 < l3 - res.final_loss


def _tiny():
    cfg = MLPConfig(vocab_size=6, context_length=3, width=5, embed_dim=4)
    model = MLPLanguageModel(cfg, seed=1, dtype=np.float64)
    rng = np.random.default_rng(2)
    X = rng.integers(0, 6, size=(7, 3))
    q = rng.dirichlet(np.ones(6), size=7)
    return model, X, q


def test_soft_target_gradient_matches_finite_differences():
    model, X, q = _tiny()
    _, grads = soft_loss_and_grads(model, X, q)
    eps = 1e-6
    for name, g in grads.items():
        p = model.params[name]
        flat = p.reshape(-1)
        for i in range(0, flat.size, max(1, flat.size // 7)):
            old = flat[i]
            flat[i] = old + eps
            up, _ = soft_loss_and_grads(model, X, q)
            flat[i] = old - eps
            down, _ = soft_loss_and_grads(model, X, q)
            flat[i] = old
            assert g.reshape(-1)[i] == pytest.approx((up - down) / (2 * eps), abs=1e-7), name


def test_one_hot_soft_targets_reproduce_the_hard_loss_and_gradient():
    model, X, _ = _tiny()
    y = np.array([0, 1, 2, 3, 4, 5, 0])
    hard_loss, hard = model.loss_and_grads(X, y)
    soft_loss, soft = soft_loss_and_grads(model, X, np.eye(6)[y])
    assert soft_loss == pytest.approx(hard_loss)
    for name in hard:
        assert np.allclose(soft[name], hard[name])
    with pytest.raises(ValueError, match="targets"):
        soft_loss_and_grads(model, X, np.ones((7, 6)))


def test_training_on_data_through_train_targets_is_exactly_train():
    lang = make_language()
    cfg = TrainConfig(width=24, tokens=16_384)
    assert train_targets(cfg, lang)["final_loss"] == train(cfg, lang, progress=False).final_loss


def test_the_exact_teacher_beats_sampled_data_at_equal_tokens():
    lang = make_language()
    cfg = TrainConfig(width=24, tokens=32_768)
    data, exact = train_targets(cfg, lang), train_targets(cfg, lang, teacher="exact")
    assert exact["final_loss"] < data["final_loss"]
    assert exact["teacher_loss"] == pytest.approx(lang.entropy_nats)
    assert data["teacher_flops"] == 0


def test_model_bits_count_weights_at_k_bits_and_biases_and_scales_at_16():
    cfg = MLPConfig(vocab_size=6, context_length=3, width=5, embed_dim=4)
    model = MLPLanguageModel(cfg, seed=1)
    weights = 6 * 4 + 3 * 4 * 5 + 5 * 6          # E, W1, W2
    others = 5 + 6                                 # b1, b2
    scales = 5 + 6 + 6                             # columns of W1 and W2, rows of E
    assert cfg.total_params == weights + others
    assert model_bits(model, 16) == 16 * (weights + others)
    assert model_bits(model, 4) == 4 * weights + 16 * (others + scales)
    assert model_bits(model, 3) < model_bits(model, 4) < model_bits(model, 8)
    with pytest.raises(ValueError, match="bits"):
        model_bits(model, 1)
    with pytest.raises(TypeError, match="model"):
        model_bits("model", 4)


def test_bit_budget_job_quantises_one_trained_model_to_every_bit_width():
    jobs, settings = efficiency_jobs("bit_budget", "live")
    assert settings["bits"] == [16, *BUDGET_BITS]
    widths = [j.train.width for j in jobs]
    assert widths == sorted(widths) and len(set(widths)) == len(widths)
    small = type(jobs[0])(TrainConfig(width=16, tokens=16_384), jobs[0].language)
    (row,) = small.run()
    assert row["loss_16bit"] == row["final_loss"]
    assert row["model_bits_16bit"] == 16 * row["total_params"]
    for b in BUDGET_BITS:
        assert row[f"delta_{b}bit"] == pytest.approx(row[f"loss_{b}bit"] - row["final_loss"])
        assert row[f"model_bits_{b}bit"] < row["model_bits_16bit"]
    assert row["delta_3bit"] > row["delta_8bit"]
    for name in ("W1", "W2", "E"):
        assert 0 < row[f"delta_4bit_{name}_only"] < row["delta_3bit"]
    again = type(jobs[0])(TrainConfig(width=16, tokens=16_384), jobs[0].language).run()[0]
    assert again["loss_4bit"] == row["loss_4bit"]      # re-created from its config and seed


def test_presets_are_registered_with_both_sizes():
    for name in ("quantization", "distillation", "bit_budget"):
        assert name in PRESETS
        live, _ = efficiency_jobs(name, "live")
        full, _ = efficiency_jobs(name, "full")
        assert 0 < len(live) < len(full)
    with pytest.raises(ValueError, match="name"):
        efficiency_jobs("moe")


def test_cached_sweeps_hold_what_the_chapter_reads():
    quant = load_sweep("quantization")
    assert quant.meta["seed"] == 0 and quant.meta["size"] == "full"
    assert {f"delta_{b}bit" for b in QUANT_BITS} <= set(quant.rows[0])
    assert len({r["seed"] for r in quant.rows}) == quant.meta["settings"]["seeds"] >= 5
    budget = load_sweep("bit_budget")
    assert budget.meta["size"] == "full"
    params = sorted(r["total_params"] for r in budget.rows)
    assert len(params) >= 5 and params[-1] / params[0] >= 20
    assert {f"loss_{b}bit" for b in (16, *BUDGET_BITS)} <= set(budget.rows[0])
    dist = load_sweep("distillation")
    assert {r["teacher"] for r in dist.rows} == {"data", "exact", "model"}
    assert len({r["width"] for r in dist.rows}) >= 2          # student sizes
    assert len({r["teacher_width"] for r in dist.rows}) >= 4  # none + three teachers
    seeds = dist.meta["settings"]["student_seeds"]
    assert seeds >= 5 and len({r["seed"] for r in dist.rows}) == seeds
    assert len(dist.rows) == seeds * len({(r["teacher"], r["teacher_width"], r["width"],
                                           r["tokens"]) for r in dist.rows})


def test_busbridge_fitted_range_and_the_parameters_a_loss_needs():
    # busbridge2025distillation: students and teachers of 143M to 12.6B parameters
    assert em.BUSBRIDGE_2025_PARAM_RANGE == (143e6, 12.6e9)
    law = em.BUSBRIDGE_2025_SUPERVISED
    n = em.supervised_params_for_loss(1.72)
    assert law.loss(n, 1e40) == pytest.approx(1.72, rel=1e-9)   # unlimited data
    assert law.loss(n, 1e12) > 1.72                              # finite data: not reached
    assert law.loss(12.6e9, 1e40) > 1.75                         # the largest fitted model
    with pytest.raises(ValueError, match="loss"):
        em.supervised_params_for_loss(law.E)
