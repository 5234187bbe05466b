"""The model ladder of chapter 9 (scaling_lib.lab.task): multiple-choice scoring against
near-miss distractors, ladder sweeps, and one rung retrained alone."""

from __future__ import annotations

import json

import numpy as np
import pytest

import scaling_lib
from scaling_lib.lab.task import (
    DATA_DIR,
    TASK_PRESETS,
    AdditionTask,
    LadderPreset,
    LadderSweep,
    load_task_sweep,
    near_miss_answers,
    run_ladder_sweep,
    save_task_sweep,
    score_choices,
    score_problems,
    train_ladder_rung,
    train_task_model,
)


@pytest.fixture(scope="module")
def model():
    return train_task_model(width=16, tokens=20_000, seed=1).model


def test_near_misses_differ_from_the_answer_in_exactly_one_digit():
    problems = AdditionTask(max_digits=6).sample(300, seed=2)
    wrong = near_miss_answers(problems, 9, seed=0)
    assert wrong.shape == (300, 9, problems.answer.shape[1])
    diff = (wrong != problems.answer[:, None, :]).sum(axis=2)
    assert np.all(diff == 1)
    # distinct, same length, and never a leading zero on a multi-digit answer
    for i in range(300):
        assert len({tuple(r) for r in wrong[i]}) == 9
        k = problems.answer_digits[i]
        assert np.all(wrong[i, :, k:] == problems.answer[i, k:])
        if k > 1:
            assert np.all(wrong[i, :, k - 1] != 0)


def test_one_digit_answers_have_exactly_nine_near_misses():
    from scaling_lib.lab.task import problems_from_ints

    p = problems_from_ints([3], [4])
    wrong = near_miss_answers(p, 9)
    assert sorted(wrong[0, :, 0].tolist()) == [0, 1, 2, 3, 4, 5, 6, 8, 9]
    with pytest.raises(ValueError, match="n_distractors"):
        near_miss_answers(p, 10)


def test_choice_scores_put_the_correct_answer_first(model):
    problems = AdditionTask().sample_answer_length(8, 50, seed=3)
    lp = score_choices(model, problems, 3, seed=1)
    assert lp.shape == (50, 4)
    assert np.allclose(lp[:, 0], score_problems(model, problems).logprob_nats)
    # nested: the first distractor is the same draw whatever the number asked for
    assert np.allclose(score_choices(model, problems, 1, seed=1), lp[:, :2])


def _tiny_preset():
    return LadderPreset(widths=(2, 8), tokens=(1024, 2048), n_seeds=2, answer_lengths=(3,),
                        problems_per_length=20, pretrain_problems=50, n_choices=(2, 4),
                        task=AdditionTask(max_digits=4))


def test_custom_ladder_runs_in_process_and_round_trips_through_json(tmp_path):
    ladder = run_ladder_sweep(preset=_tiny_preset(), workers=0, progress=False)
    assert ladder.metrics["exact_match"].shape == (2, 2, 2, 1)
    assert {"mc2_accuracy", "mc4_prob_correct", "task_loss_nats", "p_correct"} <= \
        set(ladder.metrics)
    assert ladder.rung_widths.tolist() == [2, 8, 2, 8]
    assert ladder.rung_tokens.tolist() == [1024, 1024, 2048, 2048]
    assert np.allclose(ladder.rung_flops, 6.0 * ladder.rung_params * ladder.rung_tokens)
    assert ladder.metric("exact_match", 3, per_seed=True).shape == (2, 4)
    assert ladder.metric("pretrain_loss_nats").shape == (4,)
    # task loss is −log P(correct answer): p_correct can never exceed exp(−mean loss) by Jensen
    assert np.all(ladder.metric("p_correct", 3) + 1e-9
                  >= np.exp(-ladder.metric("task_loss_nats", 3)))
    path = save_task_sweep(ladder, tmp_path)
    assert path.name == "task_ladder.json"
    loaded = load_task_sweep("ladder", tmp_path)
    assert isinstance(loaded, LadderSweep)
    assert loaded.to_dict() == json.loads(path.read_text())
    assert loaded.meta["library_version"] == scaling_lib.__version__
    with pytest.raises(ValueError, match="answer_digits"):
        ladder.metric("exact_match")


def test_one_rung_retrained_alone_reproduces_the_sweep():
    preset = _tiny_preset()
    ladder = run_ladder_sweep(preset=preset, workers=0, progress=False)
    rung = train_ladder_rung(8, 2048, rep=1, preset=preset)
    assert rung["metrics"]["exact_match"][0] == ladder.metrics["exact_match"][1, 1, 1, 0]
    assert rung["final_train_loss_nats"] == pytest.approx(
        ladder.final_train_loss_nats[1, 1, 1])


def test_ladder_presets_are_registered_with_the_task_cache():
    full = TASK_PRESETS["ladder"]["full"]
    assert len(full.widths) >= 6 and len(full.tokens) >= 2
    assert TASK_PRESETS["ladder"]["live"].n_seeds == 1
    with pytest.raises(ValueError, match="n_choices"):
        LadderPreset(n_choices=(1, 4))
    with pytest.raises(ValueError, match="tokens"):
        LadderPreset(tokens=(100,))


@pytest.mark.skipif(not (DATA_DIR / "task_ladder.json").exists(),
                    reason="cached ladder not generated yet")
def test_cached_ladder_records_settings_seed_version_and_time():
    ladder = load_task_sweep("ladder")
    meta = ladder.meta
    assert meta["size"] == "full" and meta["library_version"]
    assert {"settings", "seed", "wall_seconds"} <= set(meta)
    assert meta["settings"]["widths"] == list(TASK_PRESETS["ladder"]["full"].widths)
    # the smooth quantities improve along the 150k-token ladder even where exact match is 0
    mid = ladder.rung_tokens == 150_000
    pre = ladder.metric("pretrain_loss_nats")[mid]
    assert pre[-1] < pre[0] / 10
    em = ladder.metric("exact_match", 11)[mid]
    assert em[0] == 0 and em[-1] > 0.5
