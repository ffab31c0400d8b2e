"""Finding known entity surface forms in text: pure functions, no AWS types, deterministic.

A surface form is found where the text holds exactly it (case-sensitive) and it is not part of a
longer word: a form that starts (ends) with a letter, digit or underscore needs a character other
than those, or the text's edge, before (after) it. Scanning left to right, the longest form found at
a position wins and the scan resumes after it, so matches never overlap. Offsets are in characters
(code points) of the text.

The forms compile into one regular expression shaped as a trie (forms sharing a beginning share its
branch, longer continuations tried first), so the scan is one C-level pass whose cost per character
depends on how the forms begin (the branches tried at each step), not on how many there are; the
forms' first characters form a set that the regular expression engine skips to directly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterable, List, Mapping, Optional, Pattern, Tuple

Span = Tuple[int, int, str]  # (begin, end, surface form)
Found = Tuple[int, int, str, str, float]  # (begin, end, surface form, type, score)
_WORD_CHAR = re.compile(r"\w")
_NOT_AFTER_WORD = r"(?<!\w.)"  # placed after a form's first character: the one before it is no word character
_NOT_BEFORE_WORD = r"(?!\w)"  # placed after a form's last character
_END = ""  # the trie key marking the end of a form (never a character)
_Trie = Dict[str, "_Trie"]


def _is_word(char: str) -> bool:
    return _WORD_CHAR.match(char) is not None


def _branches(node: _Trie, first: bool) -> str:
    """The alternatives below a trie node, longest continuation first (a form ending here last)."""
    alternatives = []
    for char in sorted(key for key in node if key != _END):
        child, run = node[char], char
        while len(child) == 1 and _END not in child:  # a chain without branches: one literal run
            (next_char, child), = child.items()
            run += next_char
        head = re.escape(run[0]) + (_NOT_AFTER_WORD if first and _is_word(run[0]) else "")
        alternatives.append(head + re.escape(run[1:]) + _rest(child, run[-1]))
    return "|".join(alternatives)


def _rest(node: _Trie, last: str) -> str:
    """What may follow a run ending with the character `last` at this node."""
    end = _NOT_BEFORE_WORD if _is_word(last) else ""
    if _END not in node:
        return f"(?:{_branches(node, False)})"
    if len(node) == 1:
        return end
    return f"(?:{_branches(node, False)}|{end})"


def _compile(forms: Iterable[str]) -> Optional[Pattern[str]]:
    trie: _Trie = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[_END] = {}
    if not trie:
        return None
    try:
        return re.compile(_branches(trie, True))
    except RecursionError:  # forms nested hundreds deep (each a prefix of the next): one flat alternation
        alternatives = (
            re.escape(form[0]) + (_NOT_AFTER_WORD if _is_word(form[0]) else "") + re.escape(form[1:])
            + (_NOT_BEFORE_WORD if _is_word(form[-1]) else "")
            for form in sorted(trie_forms(trie), key=lambda f: (-len(f), f))
        )
        return re.compile("|".join(alternatives))


def trie_forms(trie: _Trie, prefix: str = "") -> List[str]:
    """Every form stored in a trie (iteratively: a deep trie must not exhaust the stack)."""
    found, stack = [], [(prefix, trie)]
    while stack:
        text, node = stack.pop()
        for key, child in node.items():
            if key == _END:
                found.append(text)
            else:
                stack.append((text + key, child))
    return found


@dataclass(frozen=True)
class EntityMatcher:
    """The surface forms to find. ``EntityMatcher.of(["warp coil", "warp"]).spans("a warp coil")``
    is ``[(2, 11, "warp coil")]``."""

    forms: FrozenSet[str]
    pattern: Optional[Pattern[str]] = field(compare=False, repr=False)

    @classmethod
    def of(cls, forms: Iterable[str]) -> EntityMatcher:
        chosen = frozenset(form for form in forms if form)
        return cls(chosen, _compile(chosen))

    def spans(self, text: str) -> List[Span]:
        if self.pattern is None:
            return []
        return [(m.start(), m.end(), m.group()) for m in self.pattern.finditer(text)]


@dataclass(frozen=True)
class EntityModel:
    """What a recognizer knows: each surface form's entity type and score (see `find`)."""

    labels: Mapping[str, Tuple[str, float]]  # surface form -> (entity type, score)
    matcher: EntityMatcher = field(compare=False, repr=False)

    @classmethod
    def of(cls, labels: Mapping[str, Tuple[str, float]]) -> EntityModel:
        return cls(dict(labels), EntityMatcher.of(labels))

    def find(self, text: str) -> List[Found]:
        """The entities in the text, in order: (begin, end, form, type, score)."""
        pattern, labels = self.matcher.pattern, self.labels
        if pattern is None:
            return []
        found = []
        for match in pattern.finditer(text):
            form = match.group()
            kind, score = labels[form]
            found.append((match.start(), match.end(), form, kind, score))
        return found
