"""Graded exercises: one module per chapter, each exposing ``q1 … qN``.

``from scaling_lib.exercises import compute as ex`` then ``ex.q1.check(answer)``.
"""

from scaling_lib.exercises.core import (
    BLANK,
    ChoiceQuestion,
    FunctionQuestion,
    IncorrectAnswer,
    NumericQuestion,
    Question,
    Verdict,
    assert_checker,
)
from scaling_lib.exercises.reveal import reveal_after as reveal_after

__all__ = [
    "BLANK",
    "ChoiceQuestion",
    "FunctionQuestion",
    "IncorrectAnswer",
    "NumericQuestion",
    "Question",
    "Verdict",
    "assert_checker",
]
