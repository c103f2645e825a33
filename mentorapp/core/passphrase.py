"""Plain-language feedback on a chosen passphrase, from a real strength estimator.

One rule for the window and the command line: at least ``MIN_LENGTH`` characters
and a zxcvbn score of at least ``MIN_SCORE`` (about 10^8 guesses: "safely
unguessable" against a slow hash, which Argon2id is). zxcvbn knows common
passwords, names, words, keyboard walks, dates, repeats and look-alike
substitutions, so ``P@ssw0rd123``, ``Summer2024!`` and ``qazwsxedcrfv`` are
refused while four unrelated words pass.

Feedback is a short list of :class:`Hint` members rather than free text: the
command line prints their English text, the window translates each one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from zxcvbn import zxcvbn

MIN_LENGTH = 10
MIN_SCORE = 3
# zxcvbn refuses longer input (its matching is quadratic); the first 72
# characters of a longer passphrase are a lower bound on its strength.
_ESTIMATED_LENGTH = 72
# Words an attacker who knows what this app is for would try first.
_CONTEXT_WORDS = (
    "mentorapp",
    "mentor",
    "mentoring",
    "mentee",
    "prison",
    "probation",
    "offender",
    "justice",
    "supervisor",
)


class Hint(StrEnum):
    """One sentence of feedback; the value is its English text."""

    TOO_SHORT = f"Too short: use at least {MIN_LENGTH} characters."
    WEAK = "Too easy to guess."
    TRY_WORDS = "Three or four unrelated words work well."
    GOOD = "Good. A longer phrase would be even stronger."
    STRONG = "Strong. Make sure you can remember it."
    # Why a passphrase is easy to guess (from what the estimator found in it).
    VERY_COMMON = "It is one of the most commonly used passwords."
    LIKE_COMMON = "It is very like a commonly used password."
    SINGLE_WORD = "A single word is easy to guess."
    NAMES = "Names and surnames are easy to guess."
    KEYBOARD = "Rows and patterns of keys on the keyboard are easy to guess."
    REPEATS = "Repeated letters or words are easy to guess."
    SEQUENCE = "Sequences like 'abc' or '6543' are easy to guess."
    DATES = "Years and dates are easy to guess, especially ones linked to you."
    CAPITALS = "Capital letters do not help much."
    SUBSTITUTIONS = "Swapping letters for look-alikes, such as '@' for 'a', does not help much."
    REVERSED = "Words spelled backwards are not much harder to guess."


# zxcvbn's own messages (a fixed set in its feedback module) to ours. Messages
# not listed (a later zxcvbn's) are left out; the headline still says what to do.
_FROM_ZXCVBN = {
    "This is a top-10 common password.": Hint.VERY_COMMON,
    "This is a top-100 common password.": Hint.VERY_COMMON,
    "This is a very common password.": Hint.VERY_COMMON,
    "This is similar to a commonly used password.": Hint.LIKE_COMMON,
    "A word by itself is easy to guess.": Hint.SINGLE_WORD,
    "Names and surnames by themselves are easy to guess.": Hint.NAMES,
    "Common names and surnames are easy to guess.": Hint.NAMES,
    "Straight rows of keys are easy to guess.": Hint.KEYBOARD,
    "Short keyboard patterns are easy to guess.": Hint.KEYBOARD,
    'Repeats like "aaa" are easy to guess.': Hint.REPEATS,
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': Hint.REPEATS,
    'Sequences like "abc" or "6543" are easy to guess.': Hint.SEQUENCE,
    "Recent years are easy to guess.": Hint.DATES,
    "Dates are often easy to guess.": Hint.DATES,
    "Capitalization doesn't help very much.": Hint.CAPITALS,
    "All-uppercase is almost as easy to guess as all-lowercase.": Hint.CAPITALS,
    "Reversed words aren't much harder to guess.": Hint.REVERSED,
    "Predictable substitutions like '@' instead of 'a' don't help very much.": (Hint.SUBSTITUTIONS),
}


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (unusable) to 4 (strong), zxcvbn's scale
    acceptable: bool
    hints: tuple[Hint, ...]  # the verdict first, then why and what to do

    @property
    def advice(self) -> str:
        """The feedback in English, as the command line prints it."""
        return " ".join(hint.value for hint in self.hints)


def assess(passphrase: str) -> Strength:
    """Judge a passphrase and say, in words a person understands, how to make it better."""
    text = passphrase.strip()
    if len(text) < MIN_LENGTH:
        return Strength(0, False, (Hint.TOO_SHORT, Hint.TRY_WORDS))
    result = zxcvbn(text[:_ESTIMATED_LENGTH], user_inputs=list(_CONTEXT_WORDS))
    score = int(result["score"])
    if score >= MIN_SCORE:
        return Strength(score, True, (Hint.STRONG if score == 4 else Hint.GOOD,))
    feedback = result["feedback"]
    reasons: list[Hint] = []
    for message in [feedback["warning"], *feedback["suggestions"]]:
        hint = _FROM_ZXCVBN.get(message)
        if hint is not None and hint not in reasons:
            reasons.append(hint)
    return Strength(score, False, (Hint.WEAK, *reasons, Hint.TRY_WORDS))
