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
