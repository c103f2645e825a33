"""The passphrase strength rule the window and the command line share."""

from __future__ import annotations

import pytest

from mentorapp.core.passphrase import Hint, assess


@pytest.mark.parametrize(
    ("passphrase", "why"),
    [
        ("P@ssw0rd123", Hint.SUBSTITUTIONS),
        ("Summer2024!", Hint.LIKE_COMMON),
        ("qazwsxedcrfv", Hint.VERY_COMMON),
        ("password123456", Hint.LIKE_COMMON),
        ("aaaaaaaaaaaaaaaa", Hint.REPEATS),
        ("abcdefghijklmn", Hint.SEQUENCE),
    ],
)
def test_guessable_passphrases_are_refused_with_a_reason(passphrase: str, why: Hint) -> None:
    verdict = assess(passphrase)
    assert not verdict.acceptable
    assert verdict.hints[0] is Hint.WEAK and why in verdict.hints
    assert verdict.hints[-1] is Hint.TRY_WORDS
    assert verdict.advice.startswith("Too easy to guess.")


def test_words_about_the_app_itself_are_guessed_first() -> None:
    assert not assess("mentorapp2024").acceptable
    assert not assess("Probation1!").acceptable


def test_short_passphrases_say_how_long() -> None:
    verdict = assess("Xk7#pQ2!")
    assert not verdict.acceptable
    assert verdict.advice == (
        "Too short: use at least 10 characters. Three or four unrelated words work well."
    )


@pytest.mark.parametrize(
    "passphrase",
    ["kettle river purple saturday", "correct horse battery staple", "a long enough passphrase"],
)
def test_a_few_unrelated_words_are_strong(passphrase: str) -> None:
    verdict = assess(passphrase)
    assert verdict.acceptable and verdict.hints == (Hint.STRONG,)


def test_a_very_long_passphrase_is_judged_not_refused() -> None:
    # The estimator itself refuses more than 72 characters.
    verdict = assess("kettle river purple saturday " * 10)
    assert verdict.acceptable
