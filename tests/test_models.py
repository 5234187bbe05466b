import pytest

from scaling_lib import compute, models


@pytest.mark.parametrize("name,params,tokens", [
    ("GPT-3 175B", 175e9, 300e9),
    ("Gopher 280B", 280e9, 300e9),
    ("MT-NLG 530B", 530e9, 270e9),
    ("Chinchilla 70B", 70e9, 1.4e12),
    ("LLaMA 7B", 6.7e9, 1.0e12),
    ("LLaMA 13B", 13.0e9, 1.0e12),
    ("LLaMA 33B", 32.5e9, 1.4e12),
    ("LLaMA 65B", 65.2e9, 1.4e12),
    ("Llama 2 7B", 7e9, 2e12),
    ("Llama 2 13B", 13e9, 2e12),
    ("Llama 2 70B", 70e9, 2e12),
    ("Llama 3 8B", 8e9, 15e12),
    ("Llama 3 70B", 70e9, 15e12),
    ("Llama 3.1 405B", 405e9, 15.6e12),
])
def test_sizes_and_tokens_match_the_papers(name, params, tokens):
    m = models.get(name)
    assert (m.params, m.tokens) == (params, tokens)


def test_published_budgets_match_the_papers():
    assert models.get("GPT-3 175B").published_flops == 3.14e23
    assert models.get("Chinchilla 70B").published_flops == 5.76e23
    assert models.get("Gopher 280B").published_flops == 5.76e23
    assert models.get("Llama 3.1 405B").published_flops == 3.8e25


@pytest.mark.parametrize("name,hours", [
    ("LLaMA 7B", 82_432), ("LLaMA 13B", 135_168), ("LLaMA 33B", 530_432),
    ("LLaMA 65B", 1_022_362), ("Llama 2 7B", 184_320), ("Llama 2 13B", 368_640),
    ("Llama 2 70B", 1_720_320),
])
def test_reported_gpu_hours_match_the_papers(name, hours):
    m = models.get(name)
    assert m.published_gpu_hours == hours
    assert m.hardware is compute.A100


def test_implied_mfu_of_reported_a100_runs_is_plausible():
    for m in models.MODELS:
        if m.implied_mfu is not None and m.hardware is compute.A100:
            assert 0.2 < m.implied_mfu < 0.7, m.name


@pytest.mark.parametrize("name,hours", [
    # checked against Meta's model cards: meta-llama/llama3 MODEL_CARD.md (8B 1.3M, 70B
    # 6.4M H100-80GB hours) and meta-llama/llama-models models/llama3_1/MODEL_CARD.md
    # (405B 30.84M)
    ("Llama 3 8B", 1.3e6), ("Llama 3 70B", 6.4e6), ("Llama 3.1 405B", 30.84e6),
])
def test_llama3_gpu_hours_match_metas_model_cards(name, hours):
    m = models.get(name)
    assert m.published_gpu_hours == hours
    assert m.hardware is compute.H100


def test_llama3_gpu_hours_imply_less_than_the_mfu_meta_reports():
    # dubey2024llama3, Section 3.3.2: BF16 MFU of 38-43% in the main pre-training; the
    # model cards' GPU-hours cover more than that (long context, annealing, restarts), so
    # 6ND over them gives a lower figure for every Llama 3 model
    assert models.LLAMA3_REPORTED_MFU == (0.38, 0.43)
    for name in ("Llama 3 8B", "Llama 3 70B", "Llama 3.1 405B"):
        assert models.get(name).implied_mfu < models.LLAMA3_REPORTED_MFU[0], name
    assert models.get("Llama 3.1 405B").implied_mfu == pytest.approx(0.345, abs=0.001)


def test_moe_models_count_active_parameters_in_six_nd():
    # DeepSeek-V3 abstract (arXiv:2412.19437): 671B total, 37B activated, 14.8T tokens,
    # 2.788M H800 GPU-hours; Qwen3 (arXiv:2505.09388): 235B total, 22B active, ~36T tokens
    ds = models.get("DeepSeek-V3 (MoE)")
    assert (ds.params, ds.total_params, ds.tokens) == (37e9, 671e9, 14.8e12)
    assert ds.published_gpu_hours == 2.788e6 and ds.implied_mfu is None
    assert ds.flops_6nd == pytest.approx(6 * 37e9 * 14.8e12)
    qw = models.get("Qwen3-235B-A22B (MoE)")
    assert (qw.params, qw.total_params, qw.tokens) == (22e9, 235e9, 36e12)
    assert all(m.is_moe for m in models.LATER_MODELS)
    assert not any(m.is_moe for m in models.MODELS)
    with pytest.raises(ValueError, match="total_params"):
        models.PublishedModel("bad", 37e9, 1e12, "x", total_params=1e9)


def test_llama_flagships_sit_near_twenty_to_forty_tokens_per_parameter():
    # issue 17: "far above 20" holds for the small LLaMA models only
    assert models.get("LLaMA 65B").tokens_per_param == pytest.approx(21.5, abs=0.1)
    assert models.get("Llama 2 70B").tokens_per_param == pytest.approx(28.6, abs=0.1)
    assert models.get("Llama 3.1 405B").tokens_per_param == pytest.approx(38.5, abs=0.1)
    assert models.get("LLaMA 7B").tokens_per_param > 140


def test_chinchilla_trained_twenty_tokens_per_parameter():
    assert models.get("Chinchilla 70B").tokens_per_param == pytest.approx(20.0)


def test_every_model_cites_a_key_in_the_bibliography(bib_keys):
    for m in models.ALL_MODELS:
        assert m.citation in bib_keys
        if m.flops_citation:
            assert m.flops_citation in bib_keys


def test_llama_throughput_claim_is_self_consistent():
    c = models.LLAMA_65B_THROUGHPUT
    days = 1.4e12 / (c["tokens_per_second_per_gpu"] * c["n_gpus"]) / 86400
    assert days == pytest.approx(c["reported_days"], rel=0.02)


def test_gpt3_embedding_share_is_large_for_small_models_only():
    assert models.GPT3_SMALL.embedding_params / models.GPT3_SMALL.params > 0.3
    assert models.GPT3_175B.embedding_params / models.GPT3_175B.params < 0.01


def test_unknown_model_gives_a_value_error_listing_the_known_ones():
    with pytest.raises(ValueError, match="GPT-3 175B"):
        models.get("GPT-5")
    with pytest.raises(ValueError):
        models.get(None)


def test_output_head_is_about_45_percent_of_gpt3_smalls_non_embedding_forward_flops():
    # issue 17 / Porian et al.'s first factor: 2·vocab·d_model against 2·12·n_layer·d_model²
    assert models.GPT3_SMALL.non_embedding_params == 12 * 12 * 768**2
    assert models.GPT3_SMALL.unembedding_flops_share == pytest.approx(0.454, abs=0.001)
    assert models.GPT3_175B.unembedding_flops_share < 0.005


def test_llama31_8b_attention_exceeds_two_n_at_its_128k_context():
    # dubey2024llama3 Table 3 (32 layers, d_model 4096) and Table 4 (sequence 131,072)
    a = models.LLAMA31_8B
    assert (a.n_layers, a.d_model, a.n_ctx) == (32, 4096, 131072)
    assert a.n_ctx / 12 > a.d_model  # Kaplan's condition d_model >> n_ctx/12 fails
    attention = compute.attention_flops_per_token(a.n_layers, a.n_ctx, a.d_model)
    assert attention / (2 * a.params) == pytest.approx(2.15, abs=0.01)


def test_gpt3s_published_compute_is_6nd_with_table_d1s_parameter_count():
    # brown2020language Appendix D, Table D.1 (via a transcription): 174.6B x 300B x 6
    assert models.GPT3_TABLE_D1_PARAMS == 174.6e9
    assert compute.training_flops(models.GPT3_TABLE_D1_PARAMS, 300e9) == pytest.approx(
        models.get("GPT-3 175B").published_flops, rel=1e-3)


def test_gopher_and_chinchilla_budgets_agree_only_to_about_fifteen_percent():
    g, c = models.get("Gopher 280B"), models.get("Chinchilla 70B")
    assert g.flops_citation == c.flops_citation == "hoffmann2022training"
    assert g.published_flops / g.flops_6nd - 1 == pytest.approx(0.143, abs=0.001)
    assert c.published_flops / c.flops_6nd - 1 == pytest.approx(-0.020, abs=0.001)
    assert c.flops_6nd / g.flops_6nd - 1 == pytest.approx(0.167, abs=0.001)
