"""A drafter's query, understood: words reduced to their stems, synonyms and abbreviations
added, and the whole turned into alternatives a clause can match.

Each query word (or a phrase the synonym table knows, such as "civil society organisation")
becomes a :class:`Group`: the clause covers the group when one of its alternatives occurs in
the clause. Words are reduced with the Snowball stemmers (snowballstemmer) for English and Russian
and matched by the part the word and its stem share, so "observers" finds "observation" and
«задержанных» finds «задержанные». A short word is matched whole, so "law" does not find
"lawyer".

The synonym table is data: ``synonyms.txt`` in a clause library folder, one group of terms
that mean the same per line, separated by ``|``, in any language (``NGO | non-governmental
organisation | НКО``). The packaged library brings one; a workspace's own adds to it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

WORD = re.compile(r"\w+", re.UNICODE)
SYNONYMS_FILE = "synonyms.txt"
MAX_SYNONYMS_BYTES = 256 * 1024
SHORTEST_PREFIX = 5  # a shorter common part is matched as a whole word
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True, eq=True)
class Term:
    """One way a group can occur: consecutive words, the last (or every) one a prefix."""

    words: tuple[str, ...]  # casefolded; a prefix where ``prefix`` says so
    prefix: tuple[bool, ...]

    def fts(self) -> str:
        """This term as an FTS5 query: a phrase, prefixes marked with ``*``."""
        if len(self.words) == 1:
            return f'"{self.words[0]}"' + ("*" if self.prefix[0] else "")
        # FTS5 allows a prefix on a phrase's last word only; the others match whole
        return '"' + " ".join(self.words) + '"' + ("*" if self.prefix[-1] else "")

    def regex(self) -> str:
        """The term as a regular expression over a text prepared by :func:`prepared`."""
        parts = [re.escape(word) + (r"\w*" if prefix else "")
                 for word, prefix in zip(self.words, self.prefix, strict=True)]
        return " ".join(parts)


def prepared(text: str) -> str:
    """A text to match terms in: its words casefolded, one space apart and around."""
    return " " + " ".join(WORD.findall(text.casefold())) + " "


@dataclass(frozen=True)
class Group:
    """What one query word or phrase asks for: any of its terms."""

    label: str  # as the user typed it
    terms: tuple[Term, ...]

    def fts(self) -> str:
        return "(" + " OR ".join(dict.fromkeys(term.fts() for term in self.terms)) + ")"

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """Any of the terms, as whole words, in a text prepared by :func:`prepared`."""
        return re.compile(r"(?<= )(?:" + "|".join(term.regex() for term in self.terms)
                          + ")(?= )")

    def occurs_in(self, text: str) -> int:
        """How often any term occurs in ``text``, a text prepared by :func:`prepared`."""
        return len(self.pattern.findall(text))


@dataclass(frozen=True)
class Query:
    groups: tuple[Group, ...]
    lang: str = "en"  # the language the query is written in: "ru" when it is Cyrillic

    def fts(self) -> str:
        """An FTS5 query that finds every clause covering at least one group."""
        return " OR ".join(group.fts() for group in self.groups)

    def words(self) -> list[str]:
        return [group.label for group in self.groups]


@functools.cache
def _stemmer(lang: str):  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer(lang)


def word_term(word: str) -> Term:
    """A single word as a term: its stem's common part as a prefix, or the stem whole."""
    word = word.casefold()
    stem = _stem(word)
    common = _common_start(word, stem)
    if len(common) >= SHORTEST_PREFIX:
        return Term((common,), (True,))
    return Term((stem,), (False,))


def word_terms(word: str) -> list[Term]:
    """The terms a query word asks for: a short word whole, with its plural and stem."""
    term = word_term(word)
    if term.prefix[0]:
        return [term]
    folded = word.casefold()
    forms = dict.fromkeys([folded, term.words[0]])
    if not _CYRILLIC.search(folded):
        forms.update(dict.fromkeys([term.words[0] + "s", term.words[0] + "es"]))
    return [Term((form,), (False,)) for form in forms]


def _stem(word: str) -> str:
    return _stemmer("russian" if _CYRILLIC.search(word) else "english").stemWord(word)


def _common_start(first: str, second: str) -> str:
    size = 0
    while size < min(len(first), len(second)) and first[size] == second[size]:
        size += 1
    return first[:size]


def phrase_terms(text: str) -> list[Term]:
    """A term of the synonym table: one word, or a phrase whose words are stemmed alike."""
    words = WORD.findall(text)
    if not words:
        return []
    if len(words) == 1:
        return word_terms(words[0])
    parts = [word_term(word) for word in words]
    return [Term(tuple(p.words[0] for p in parts), tuple(p.prefix[0] for p in parts))]


class Synonyms:
    """Groups of terms that mean the same, looked up by the words of a query."""

    def __init__(self, groups: Iterable[Sequence[str]] = ()) -> None:
        # key: the terms' words (stemmed), so that "NGOs" finds the group of "NGO"
        self._by_key: dict[tuple[str, ...], list[int]] = {}
        self._groups: list[list[Term]] = []
        self.longest = 1
        for texts in groups:
            self.add(texts)

    def add(self, texts: Sequence[str]) -> None:
        terms = [term for text in texts for term in phrase_terms(text)]
        if len(terms) < 2:
            return
        number = len(self._groups)
        self._groups.append(terms)
        for term in terms:
            self._by_key.setdefault(term.words, []).append(number)
            self.longest = max(self.longest, len(term.words))

    def lookup(self, words: tuple[str, ...]) -> list[Term]:
        """Every term of every group that holds the term these words make."""
        key = tuple(term.words[0] for term in (word_term(word) for word in words))
        found: list[Term] = []
        for number in self._by_key.get(key, ()):
            found.extend(self._groups[number])
        return found


def read_synonyms(folders: Iterable[Path]) -> Synonyms:
    """The synonym tables of the given library folders (missing files are fine); read once
    per command."""
    return _read_synonyms(tuple(Path(folder) for folder in folders))


@functools.lru_cache(maxsize=4)
def _read_synonyms(folders: tuple[Path, ...]) -> Synonyms:
    synonyms = Synonyms()
    for folder in folders:
        path = Path(folder) / SYNONYMS_FILE
        try:
            if not path.is_file() or path.is_symlink():
                continue
            with open(path, "rb") as handle:
                data = handle.read(MAX_SYNONYMS_BYTES + 1)
        except OSError:
            continue
        if len(data) > MAX_SYNONYMS_BYTES:
            continue  # not a synonym table anyone wrote by hand; search works without it
        for line in data.decode("utf-8", errors="replace").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                synonyms.add([part.strip() for part in line.split("|") if part.strip()])
    return synonyms


# Words that say nothing about a clause on their own: left out of a query that has others.
STOP_WORDS = frozenset(WORD.findall("""
a an and are as at be by for from in into is it of on or that the their this to with
without against about all any no not our we us should must shall
и в во на о об от по с со к ко за для из у не ни что как или а но же ли бы их его её
все всех это этот эта эти при до без под над через также
"""))


def parse_query(text: str, synonyms: Synonyms) -> Query:
    """The groups of ``text``: the longest phrases the synonym table knows first; stop
    words are left out unless the query has nothing else."""
    words = WORD.findall(text)
    if any(word.casefold() not in STOP_WORDS for word in words):
        words = [word for word in words if word.casefold() not in STOP_WORDS]
    groups: list[Group] = []
    position = 0
    while position < len(words):
        for size in range(min(synonyms.longest, len(words) - position), 0, -1):
            chunk = tuple(words[position:position + size])
            known = synonyms.lookup(chunk)
            if known or size == 1:
                own = phrase_terms(" ".join(chunk))
                terms = tuple(dict.fromkeys([*own, *known]))
                groups.append(Group(" ".join(chunk), terms))
                position += size
                break
    unique: dict[tuple[Term, ...], Group] = {}
    for group in groups:
        unique.setdefault(group.terms, group)
    cyrillic = sum(1 for word in words if _CYRILLIC.search(word))
    return Query(tuple(unique.values()), "ru" if cyrillic * 2 > len(words) else "en")
