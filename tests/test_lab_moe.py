"""The routed lab model: gradient-checked, counts active and total parameters apart, and
its cached sweep holds what chapter 10 reads."""

import numpy as np
import pytest

from scaling_lib.lab.language import make_language
from scaling_lib.lab.moe import MOE_GRID, MoEConfig, MoELanguageModel, moe_jobs, train_moe
from scaling_lib.lab.sweep import PRESETS, load_sweep


def _tiny(experts=3, top_k=1):
    cfg = MoEConfig(experts=experts, expert_width=5, embed_dim=4, aux_weight=0.1,
                    top_k=top_k)
    model = MoELanguageModel(cfg, 6, 3, dtype=np.float64)
    rng = np.random.default_rng(1)
    model.params["Wr"] = rng.standard_normal(model.params["Wr"].shape)  # distinct routes
    return model, rng.integers(0, 6, (9, 3)), rng.integers(0, 6, 9)


@pytest.mark.parametrize("top_k", [1, 2, 3])
def test_gradient_matches_finite_differences_router_and_balancing_loss_included(top_k):
    model, X, y = _tiny(top_k=top_k)
    _, grads = model.loss_and_grads(X, y)
    assert np.abs(grads["Wr"]).max() > 0
    for name, g in grads.items():
        flat = model.params[name].reshape(-1)
        for i in range(0, flat.size, max(1, flat.size // 9)):
            old = flat[i]
            flat[i] = old + 1e-6
            up, _ = model.loss_and_grads(X, y)
            flat[i] = old - 1e-6
            down, _ = model.loss_and_grads(X, y)
            flat[i] = old
            assert g.reshape(-1)[i] == pytest.approx((up - down) / 2e-6, abs=1e-7), name


def test_top_k_routing_uses_the_k_most_probable_experts_with_gates_summing_to_one():
    model, X, _ = _tiny(experts=4, top_k=2)
    _, probs, choice, gate, *_ = model._forward(X)
    assert choice.shape == (9, 2)
    best_two = np.sort(np.argsort(-probs, axis=1)[:, :2], axis=1)
    assert (np.sort(choice, axis=1) == best_two).all()
    assert np.allclose(gate.sum(axis=1), 1.0)
    chosen = np.take_along_axis(probs, choice, axis=1)
    assert np.allclose(gate, chosen / chosen.sum(axis=1, keepdims=True))
    one, _, _ = _tiny(experts=4, top_k=1)
    _, probs1, choice1, gate1, *_ = one._forward(X)
    assert np.allclose(gate1[:, 0], probs1.max(axis=1))   # top-1 keeps the Switch gate p
    with pytest.raises(ValueError, match="top_k"):
        MoEConfig(experts=2, top_k=3)


def test_active_parameters_count_k_experts():
    one, two = MoEConfig(experts=8).counts(16, 5), MoEConfig(experts=8, top_k=2).counts(16, 5)
    assert two["total_params"] == one["total_params"]
    assert two["active_params"] - one["active_params"] == 5 * 16 * 32 + 32


def test_counts_keep_active_fixed_while_total_grows_with_experts():
    one, eight = MoEConfig(experts=1).counts(16, 5), MoEConfig(experts=8).counts(16, 5)
    expert = 5 * 16 * 32 + 32
    assert eight["total_params"] - one["total_params"] == 7 * expert + 5 * 16 * 7
    assert eight["active_params"] - one["active_params"] == eight["router_params"] - 5 * 16
    with pytest.raises(ValueError, match="experts"):
        MoEConfig(experts=0)


def test_training_is_deterministic_and_reports_active_compute():
    lang = make_language()
    cfg = MoEConfig(experts=2, expert_width=16, tokens=16_384)
    a, b = train_moe(cfg, lang), train_moe(cfg, lang)
    assert a["final_loss"] == b["final_loss"]
    assert a["flops"] == 6.0 * a["active_params"] * a["tokens"]
    assert 0.5 <= a["max_expert_share"] <= 1.0


def test_preset_and_cached_sweep():
    assert "moe" in PRESETS
    jobs, settings = moe_jobs("full")
    assert len(settings["experts"]) >= 4 and 1 in settings["experts"]
    assert len(settings["tokens"]) >= 2
    assert len(moe_jobs("live")[0]) < len(jobs)
    table = load_sweep("moe")
    kinds = {r["model_kind"] for r in table.rows}
    assert kinds == {"moe", "dense"}
    assert {r["experts"] for r in table.rows} == set(MOE_GRID["full"]["experts"])
