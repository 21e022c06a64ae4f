"""Common misspellings of the English trigger words, folded back before the rules run.

Chat and hurried notes misspell exactly the words the rules look for ("maried", "gave brith",
"promotted", "pased away", "new adress"). Rather than a list of known typos, every word of a
small trigger lexicon gets its likely one-edit variants generated: a doubled letter written
once or a letter doubled, two neighbouring letters swapped (not the first letter, where a swap
tends to make another word), and, in words of seven letters or more, one letter left out. A
variant that is itself an English word (``stated``, ``purchase``, ``gradation``) is never
corrected: the excluded list below was checked by hand against every generated variant. Only
whole lower-case words are rewritten; everything else in the text is left as it is.
"""

from __future__ import annotations

import re
from typing import Final

LEXICON: Final = (
    "married",
    "marriage",
    "wedding",
    "divorced",
    "divorce",
    "pregnant",
    "birth",
    "newborn",
    "daughter",
    "adopted",
    "moved",
    "moving",
    "relocated",
    "relocating",
    "address",
    "house",
    "apartment",
    "bought",
    "purchased",
    "mortgage",
    "promoted",
    "promotion",
    "graduated",
    "graduation",
    "retired",
    "retiring",
    "retirement",
    "passed",
    "funeral",
    "grandpa",
    "grandma",
    "grandad",
    "grandfather",
    "grandmother",
    "husband",
    "father",
    "mother",
    "started",
    "employer",
    "finally",
    "officially",
    "recently",
    "expecting",
)

# Variants that are real words (or common names and abbreviations): never "corrected".
REAL_WORDS: Final = frozenset(
    {
        "stated",
        "retire",
        "promote",
        "relocate",
        "purchase",
        "divorcee",
        "gradation",
        "grandam",
        "mortgagee",
        "granddad",
    }
)


def _variants(word: str) -> set[str]:
    out: set[str] = set()
    for i in range(len(word)):
        # a doubled letter written once: "maried", "adress", "pased"
        if i + 1 < len(word) and word[i] == word[i + 1]:
            out.add(word[:i] + word[i + 1 :])
        # a letter doubled: "promotted", "retirred"
        out.add(word[: i + 1] + word[i] + word[i + 1 :])
        # neighbours swapped, not the first letter: "brith", "hosue", "marraige"
        if 1 <= i < len(word) - 1 and word[i] != word[i + 1]:
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        # one letter left out of a long word: "relocted", "graduaton"
        if len(word) >= 7 and i >= 1:
            out.add(word[:i] + word[i + 1 :])
    if word.startswith("grand"):  # "granpa", "granma", "granfather": the d is rarely heard
        out.add("gran" + word[5:])
    out.discard(word)
    return out


def _build() -> dict[str, str]:
    table: dict[str, str] = {}
    ambiguous: set[str] = set()
    for word in LEXICON:
        for variant in _variants(word):
            if variant in table and table[variant] != word:
                ambiguous.add(variant)
            table[variant] = word
    for variant in ambiguous | REAL_WORDS | set(LEXICON):
        table.pop(variant, None)
    return table


CORRECTIONS: Final[dict[str, str]] = _build()
_WORD: Final = re.compile(r"[a-z]+")
_KNOWN: Final = frozenset(CORRECTIONS)


def correct(text: str) -> str:
    """``text`` (lower case) with misspelt trigger words replaced by the word meant."""
    if _KNOWN.isdisjoint(_WORD.findall(text)):
        return text
    return _WORD.sub(lambda m: CORRECTIONS.get(m.group(0), m.group(0)), text)
