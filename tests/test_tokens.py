"""How classifiers read text: runs of letters and digits, lower-cased; anything else separates words."""
from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from mock_rtml.learning import tokenize, words

UNICODE_RULE = re.compile(r"[^\W_]+")


def test_words_are_lower_cased_letters_and_digits() -> None:
    assert words("Goal_scored! Élan, 2-1 (FT)") == ["goal", "scored", "élan", "2", "1", "ft"]


def test_stop_words_never_become_keywords() -> None:
    assert tokenize("The goal of the match") == ["goal", "match"]


@given(st.text())
@example("snake_case and\tTabs")
@example("ASCII only: 100% Pure; 3.14")
@example("Élan — l’été, ΟΔΟΣ’Α ΟΔΟΣ—Α İstanbul")  # Latin-1 after punctuation; a final sigma; a dotted capital I
def test_ascii_and_unicode_text_follow_one_rule(text: str) -> None:
    assert words(text) == UNICODE_RULE.findall(text.lower())


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_follows_the_same_rule(text: str) -> None:
    assert words(text) == UNICODE_RULE.findall(text.lower())
