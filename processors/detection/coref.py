"""Who "she", "he" and "her" are: a small pronoun pass run before the trigger rules.

The rules match first-person statements ("I got married", "my father died"). Two common shapes
name the person only once and then switch to a pronoun:

* call-centre and CRM notes, written by an agent about the customer: "Cust called, she got
  married last month", "Spoke to Mr Lee: he starts a new job", "客户说她父亲刚过世";
* a first-person message that names a relative and goes on with a pronoun: "Calling about my
  late husband's account, he died on 3 March".

Each pronoun is resolved to the nearest earlier person mention of a compatible gender and, when
that person is the customer, rewritten to first person ("she" → "i", "her" → "my"); when it is
the customer's relative, to that relative ("he" → "my husband"). A pronoun whose person is a
third party, or that has no antecedent in a message that is not a note, is left alone, so "She
got married last year." stays someone else's news. The rewrite is only for matching: the
classifier's snippets show the rewritten words.
"""

from __future__ import annotations

import re
from typing import Final

from processors.detection import patterns as pat

_EN_NOTE: Final = re.compile(pat.EN_NOTE_CUE)
_EN_REPORT_FRAME: Final = re.compile(pat.EN_REPORT_FRAME)
_EN_OWNER: Final = re.compile(pat.EN_CUSTOMER_POSSESSIVE)
_EN_MENTION: Final = re.compile(pat.EN_MENTION)
_EN_HAS_PRONOUN: Final = re.compile(r"\b(?:she|he|they|her|his|their)\b")
_FEMALE: Final = frozenset(pat.EN_FEMALE_WORDS)
_MALE: Final = frozenset(pat.EN_MALE_WORDS)

_ZH_NOTE: Final = re.compile(pat.ZH_NOTE_CUE)
_ZH_MENTION: Final = re.compile(pat.ZH_MENTION)


def _gender(word: str) -> str | None:
    if word in _FEMALE:
        return "f"
    if word in _MALE:
        return "m"
    return None


def _compatible(pronoun: str, gender: str | None) -> bool:
    if pronoun in ("she", "her"):
        return gender != "m"
    if pronoun in ("he", "his"):
        return gender != "f"
    return True  # they / their: anyone


def resolve_english(text: str) -> str:
    """``text`` (prepared: lower case, contractions spelt out) with pronouns made explicit."""
    note = _EN_NOTE.search(text) is not None
    if note:
        # "Caller states divorce was finalised": what is reported starts the clause, as if
        # the customer had said it; "cust's father" is the customer's own father
        text = _EN_REPORT_FRAME.sub("", text)
        text = _EN_OWNER.sub("my", text)
    if not _EN_HAS_PRONOUN.search(text):
        return text
    # antecedents, most recent last: (kind, gender, phrase); kind is "self", "kin" or "third"
    seen: list[tuple[str, str | None, str]] = []
    out: list[str] = []
    last = 0
    for match in _EN_MENTION.finditer(text):
        group = match.lastgroup
        word = match.group(0)
        if group == "customer":
            seen.append(("self", _gender(match.group("honorific") or ""), word))
            continue
        if group == "kin":
            owner = match.group("owner")
            kin_word = match.group("kinword")
            owned = owner in ("my", "our")
            if owner in ("her", "his", "their"):
                antecedent = _antecedent(seen, owner, note)
                owned = antecedent is not None and antecedent[0] == "self"
            seen.append(("kin" if owned else "third", _gender(kin_word), kin_word))
            if owner in ("her", "his", "their") and owned:
                out.append(text[last : match.start()])
                out.append("my" + word[len(owner) :])
                last = match.end()
            continue
        if group == "other":
            seen.append(("third", _gender(match.group("otherword")), word))
            continue
        # a pronoun
        antecedent = _antecedent(seen, word, note)
        replacement = _replacement(word, antecedent)
        if replacement is not None:
            out.append(text[last : match.start()])
            out.append(replacement)
            last = match.end()
    out.append(text[last:])
    return "".join(out)


def _antecedent(
    seen: list[tuple[str, str | None, str]], pronoun: str, note: bool
) -> tuple[str, str | None, str] | None:
    if pronoun in ("they", "their") and (note or any(m[0] == "self" for m in seen)):
        return ("self", None, "customer")  # a couple or household: "she and her husband ...
        # bought their first home"
    for mention in reversed(seen):
        if _compatible(pronoun, mention[1]):
            return mention
    # in a note, a pronoun with no earlier person is the one the note is about
    return ("self", None, "customer") if note else None


def _replacement(pronoun: str, antecedent: tuple[str, str | None, str] | None) -> str | None:
    possessive = pronoun in ("her", "his", "their")
    if antecedent is None:
        return None
    kind, _, phrase = antecedent
    if kind == "self":
        if possessive:
            return "our" if pronoun == "their" else "my"
        return "we" if pronoun == "they" else "i"
    if kind == "kin":
        return f"my {phrase}'s" if possessive else f"my {phrase}"
    return None


def resolve_chinese(text: str) -> str:
    """In a call note (客户说她…), 她/他/其 after a customer mention become 客户."""
    if not _ZH_NOTE.search(text):
        return text
    out: list[str] = []
    last = 0
    customer_last = False
    for match in _ZH_MENTION.finditer(text):
        group = match.lastgroup
        if group == "customer":
            customer_last = True
        elif group == "third":
            customer_last = False
        elif customer_last:  # a pronoun whose nearest person is the customer
            out.append(text[last : match.start()])
            out.append("客户")
            last = match.end()
    out.append(text[last:])
    return "".join(out)
