"""The entity matcher (mock_rtml.comprehend.entity_matcher) against the rule it implements, written
plainly: scanning left to right, at each position the longest form that occurs there as a whole word
(case-sensitive) is found, and the scan resumes after it."""
from __future__ import annotations

import re
from typing import List, Sequence, Tuple

from hypothesis import given, settings
from hypothesis import strategies as st
from modeled_answers import examples

from mock_rtml.comprehend.entity_matcher import EntityMatcher, EntityModel


def _word(char: str) -> bool:
    return re.match(r"\w", char) is not None


def reference(forms: Sequence[str], text: str) -> List[Tuple[int, int, str]]:
    """The rule, one position at a time."""
    found, at = [], 0
    while at < len(text):
        fits = [
            form for form in set(forms)
            if form and text.startswith(form, at)
            and not (_word(form[0]) and at > 0 and _word(text[at - 1]))
            and not (_word(form[-1]) and at + len(form) < len(text) and _word(text[at + len(form)]))
        ]
        if fits:
            form = max(fits, key=len)
            found.append((at, at + len(form), form))
            at += len(form)
        else:
            at += 1
    return found


ALPHABET = "ab é-+"
FORMS = st.lists(st.text(ALPHABET, min_size=1, max_size=4), max_size=6)


@settings(max_examples=examples(300))  # tiny examples: many are cheap
@given(forms=FORMS, text=st.text(ALPHABET, max_size=30))
def test_the_matcher_finds_what_the_rule_finds(forms: List[str], text: str) -> None:
    assert EntityMatcher.of(forms).spans(text) == reference(forms, text)


def test_forms_nested_too_deep_for_one_trie_still_follow_the_rule() -> None:
    """Hundreds of forms, each a prefix of the next, nest the trie deeper than the regular expression
    parser recurses: the matcher falls back to one flat alternation, longest first."""
    forms = ["a" * n for n in range(1, 600)]
    text = "a" * 7 + " b " + "a" * 700
    assert EntityMatcher.of(forms).spans(text) == reference(forms, text) == [(0, 7, "a" * 7)]


def test_a_model_gives_each_found_form_its_type_and_score() -> None:
    model = EntityModel.of({"warp coil": ("PART", 1.0), "Zürich": ("PLACE", 0.75)})
    assert model.find("A warp coil for Zürich.") == [(2, 11, "warp coil", "PART", 1.0), (16, 22, "Zürich", "PLACE", 0.75)]
    assert EntityModel.of({}).find("anything") == []
