"""The nominative of a Russian name that a document prints only in another case.

A clause may say «освободить Дмитрия Полиенко»: the draft needs the name's nominative too
(«Дмитрий Полиенко»), which the document does not show. Russian names decline by rules
with many exceptions (stems, fleeting vowels, surnames that never change), so the words are
read with pymorphy3's dictionary of Russian, which knows first names and predicts surnames.
A reading is kept only when its nominative, put back into the printed case, gives the printed
word again, and only when every word of the name reads as one gender (or either).
"""

from __future__ import annotations

import functools
import re
from typing import Any

# Our names of the cases (the ``people`` filter's) and the dictionary's.
_GRAMMEMES = {"nom": "nomn", "gen": "gent", "acc": "accs", "dat": "datv", "ins": "ablt",
              "prep": "loct"}
_NAME_PARTS = frozenset({"Name", "Surn", "Patr"})
_PART = re.compile(r"[^\W\d_]+")


@functools.cache
def _analyzer() -> Any:
    import pymorphy3  # loaded only when a document needs it: its dictionary takes time

    return pymorphy3.MorphAnalyzer(lang="ru")


def nominative(name: str, case: str) -> str | None:
    """``name``, printed in ``case`` (``gen``, ``acc``, ...), in the nominative; None when a
    word has no reading as part of a person's name in that case, or the words agree on no
    gender (the caller keeps the printed words and says so)."""
    grammeme = _GRAMMEMES.get(case)
    parts = _PART.findall(name)
    if grammeme is None or not parts:
        return None
    if grammeme == "nomn":
        return name
    readings = {part: _readings(part, grammeme) for part in set(parts)}
    if not all(readings.values()):
        return None
    for gender in ("masc", "femn"):
        found: dict[str, str] = {}
        for part, parses in readings.items():
            # its own gender before either, a word that declines before one that never
            # does (a printed «Анне» is Анна's dative before it is the French Anne)
            fitting = sorted((parse for parse in parses
                              if gender in parse.tag or "ms-f" in parse.tag),
                             key=lambda parse: ("ms-f" in parse.tag, "Fixd" in parse.tag))
            word = next((word for parse in fitting
                         if (word := _back(parse, grammeme, part)) is not None), None)
            if word is None:
                break
            found[part] = _cased_like(part, word)
        else:
            return _PART.sub(lambda hit, found=found: found[hit.group()], name)
    return None


def _readings(word: str, grammeme: str) -> list[Any]:
    """The dictionary's readings of ``word`` as a part of a name, singular, in the case."""
    return [parse for parse in _analyzer().parse(word)
            if grammeme in parse.tag and "sing" in parse.tag
            and _NAME_PARTS & set(parse.tag.grammemes)]


def _back(parse: Any, grammeme: str, printed: str) -> str | None:
    """The reading's nominative, if putting it back into the case gives ``printed``."""
    nominative = parse.inflect({"nomn"})
    if nominative is None:
        return None
    again = nominative.inflect({grammeme})
    if again is None or _plain(again.word) != _plain(printed):
        return None
    return nominative.word


def _plain(word: str) -> str:
    return word.casefold().replace("ё", "е")


def _cased_like(printed: str, word: str) -> str:
    """``word`` with ``printed``'s capitals: a capital first letter, or all capitals."""
    if printed.isupper() and len(printed) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if printed[:1].isupper() else word


def decline_phrase(phrase: str, case: str, to: str) -> str | None:
    """A noun phrase printed in ``case`` put in case ``to``: «белорусские власти»
    (accusative) -> «белорусским властям» (dative). The words up to its head noun change
    (one number, each read in ``case`` and read back from ``to``); the words after the head,
    a complement in a case of its own, stay («правительство Беларуси» -> «правительству
    Беларуси», never «Беларусь» because «Беларуси» reads as a dative too). None when the
    first word does not change so."""
    source, target = _GRAMMEMES.get(case), _GRAMMEMES.get(to)
    tokens = list(_PART.finditer(phrase))
    if source is None or target is None or not tokens:
        return None
    if source == target:
        return phrase
    best: list[tuple[re.Match[str], str]] = []
    for number in ("sing", "plur"):
        # an adjective's accusative follows its noun's animacy (белорусские власти,
        # белорусских правозащитников): the phrase's first noun read in this number says it
        animacy = next((parse.tag.animacy for token in tokens
                        for parse in _analyzer().parse(token.group())
                        if parse.tag.POS == "NOUN" and parse.tag.animacy
                        and source in parse.tag and number in parse.tag), None)
        changed: list[tuple[re.Match[str], str]] = []
        for token in tokens:
            found = _changed(token.group(), source, target, number, animacy)
            if found is None:
                break
            word, head = found
            changed.append((token, word))
            if head:  # the head noun: what follows it is its complement
                break
        if len(changed) > len(best):
            best = changed
    if not best:
        return None
    out, end = [], 0
    for token, word in best:
        out += [phrase[end:token.start()], word]
        end = token.end()
    return "".join(out) + phrase[end:]


def _changed(word: str, source: str, target: str, number: str, animacy: str | None
             ) -> tuple[str, bool] | None:
    """``word`` put in case ``target``, and whether it is a noun (the phrase's head)."""
    for parse in _analyzer().parse(word):
        if source not in parse.tag or number not in parse.tag:
            continue
        alive = {animacy or parse.tag.animacy} - {None}
        changed = _inflect(parse, target, alive)
        again = _inflect(changed, source, alive) if changed is not None else None
        if again is not None and _plain(again.word) == _plain(word):
            return _cased_like(word, changed.word), parse.tag.POS == "NOUN"
    return None


def _inflect(parse: Any, grammeme: str, alive: set[str]) -> Any:
    """``parse`` in case ``grammeme``; an accusative with the animacy given where the word
    has forms that differ by it (a feminine singular has none)."""
    if grammeme == "accs" and alive:  # in its own gender and number (the library would
        # otherwise take the masculine: российскую -> российский)
        kept = {parse.tag.gender, parse.tag.number} - {None}
        found = parse.inflect({grammeme} | alive | kept)
        if found is not None:
            return found
    return parse.inflect({grammeme})


_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})


def is_proper(word: str) -> bool:
    """Whether a Russian word can be a proper name (a person, a place, an organisation, an
    abbreviation), which keeps its capital inside a sentence."""
    return any(_PROPER & set(parse.tag.grammemes) for parse in _analyzer().parse(word))
