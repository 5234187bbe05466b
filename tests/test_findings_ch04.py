"""Chapter 4's lab findings, recomputed from the cached emergence sweep (five seeds) and from
the page's own learning-rate runs (two seeds, trained here as on the page).

Each ``expect`` pins the verdict ``book/04_emergence.ipynb`` currently words from the same
objects: a regenerated cache or another BLAS kernel that flips or weakens a finding fails here.
"""

import numpy as np
import pytest

from scaling_lib import emergence as em
from scaling_lib.lab.task import load_task_sweep


@pytest.fixture(scope="module")
def task_seeds():
    return em.task_seed_findings(load_task_sweep("emergence"))


def test_the_sweep_has_five_seeds(task_seeds):
    assert task_seeds.crossing.shape == (5, 11)


def test_the_50_percent_crossing_moves_to_larger_models_with_longer_answers(task_seeds):
    task_seeds.crossing_trend.expect("rises")
    assert task_seeds.crossing_trend.n_same_sign == 5
    # every single seed needs a larger model for 11 digits than for 1
    assert np.all(task_seeds.crossing_ratio > 2)


def test_exact_match_looks_more_emergent_than_per_digit_accuracy_by_surprise(task_seeds):
    task_seeds.surprise.expect("a")


def test_breakthroughness_does_not_separate_the_metrics_seed_by_seed(task_seeds):
    # the page says B cannot separate them (4 of 5 seeds one way, within the seed noise)
    task_seeds.breakthrough.expect("unresolved")


@pytest.fixture(scope="module")
def lr_runs():
    # exactly the page's cell (two seeds, three rates, 500 problems of 11 digits)
    return em.learning_rate_seeds((0.005, 0.01, 0.02), seeds=(0, 1), width=32,
                                  answer_digits=11, n_problems=500)


def test_each_higher_learning_rate_gives_higher_exact_match(lr_runs):
    for step in lr_runs["steps"]:
        step.expect("a")
    assert lr_runs["exact_match"][:, 0].max() < 0.05
    assert lr_runs["exact_match"][:, -1].min() > 0.9
