"""Ranked clause search: any query word may match, clauses covering more of the query first.

A query is first understood (:mod:`csp_draft.library.query`: stems, synonyms, phrases).
Candidates come from the library's SQLite FTS5 index (any group matching, BM25 order) or,
for a library without an index, from every clause; each candidate is then scored here, the
same way on both paths: ten points for each query group the clause covers, then the
matches themselves, weighted by field (title and keywords above ids and topics, above the
text, above the legal basis). A clause covering the whole query always ranks above one
covering part of it.
"""

from __future__ import annotations

import difflib
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, Protocol

from csp_draft.library.index.codec import plain_text
from csp_draft.library.query import WORD, Query, parse_query, prepared, read_synonyms
from csp_draft.models.data import Clause

if TYPE_CHECKING:
    from pathlib import Path

    from csp_draft.library.index.store import ClauseIndex

SNIPPET_CHARS = 70
CANDIDATES = 100  # FTS5 hits re-scored per query
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"  # around matched words in a snippet

# How much one match in each field counts.
WEIGHTS = {"id": 3.0, "title": 4.0, "keywords": 4.0, "topics": 3.0, "text": 1.0,
           "legal_basis": 0.5}
GROUP_POINTS = 10.0


class SearchHit(NamedTuple):
    clause: Clause
    score: float
    snippet: str  # matched words between MARK_OPEN and MARK_CLOSE
    lang: str
    matched: tuple[str, ...] = ()  # the query words this clause covers


@dataclass(frozen=True)
class SearchFilters:
    """Narrow results: each given field must hold the value."""

    topic: str | None = None
    addressee: str | None = None
    kind: str | None = None
    lang: str | None = None

    def accept(self, clause: Clause) -> bool:
        return ((self.topic is None or self.topic in clause.topics)
                and (self.addressee is None or self.addressee in clause.addressees)
                and (self.kind is None or self.kind == clause.kind)
                and (self.lang is None or self.lang in clause.text))

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.topic, self.addressee, self.kind, self.lang))


class IndexedRows(Protocol):
    """The clauses in use, by id, and which of them each index row holds (the library's
    :class:`~csp_draft.library.load.IndexedClauses`)."""

    def id_of_row(self, row: int) -> str | None: ...

    def __getitem__(self, clause_id: str) -> Clause: ...


def clause_fields(clause: Clause) -> dict[str, list[tuple[str, str]]]:
    """Searchable text of a clause: field -> [(language, text)]."""
    return {
        "id": [("", clause.id.replace("-", " "))],
        "title": [(lang, title) for lang, title in clause.title.items()],
        "keywords": [(lang, " ; ".join(words)) for lang, words in clause.keywords.items()],
        "topics": [("", " ".join(topic.replace("-", " ") for topic in clause.topics))],
        "text": [(lang, plain_text(text)) for lang, text in clause.text.items()],
        "legal_basis": [("", " ".join(ref if isinstance(ref, str) else " ".join(ref.values())
                                      for ref in clause.legal_basis))],
    }


def score_clause(clause: Clause, query: Query) -> tuple[float, tuple[str, ...]]:
    """The clause's score for ``query`` and the query words it covers."""
    score = 0.0
    covered: list[str] = []
    fields = [(name, prepared(text))
              for name, entries in clause_fields(clause).items() for _, text in entries]
    for group in query.groups:
        found = 0.0
        for name, text in fields:
            count = group.occurs_in(text)
            if count:
                found += WEIGHTS[name] * (1 + min(count, 5) / 5)
        if found:
            covered.append(group.label)
            score += GROUP_POINTS + found
    return score, tuple(covered)


def _rank(candidates: Iterable[Clause], query: Query, filters: SearchFilters,
          limit: int) -> list[SearchHit]:
    scored = []
    for clause in candidates:
        if not filters.accept(clause):
            continue
        score, covered = score_clause(clause, query)
        if covered:
            scored.append((score, clause, covered))
    scored.sort(key=lambda entry: (-entry[0], entry[1].id))
    hits = []
    for score, clause, covered in scored[:limit]:
        lang, text = _best_text(clause, query, filters.lang)
        hits.append(SearchHit(clause, score, snippet(text, query), lang, covered))
    return hits


def search(clauses: Iterable[Clause], query_text: str, *, limit: int = 20,
           filters: SearchFilters = SearchFilters(),
           folders: Sequence[Path] = ()) -> list[SearchHit]:
    """Clauses matching ``query_text``, best first, read from the clauses themselves."""
    query = parse_query(query_text, read_synonyms(folders))
    if not query.groups:
        return []
    return _rank(clauses, query, filters, limit)


def search_index(index: ClauseIndex, clauses: IndexedRows, query_text: str, *,
                 limit: int = 20, filters: SearchFilters = SearchFilters(),
                 folders: Sequence[Path] = ()) -> list[SearchHit]:
    """Like :func:`search`, with candidates from the library's FTS5 index; only clauses in
    use are found (not those another library overrides)."""
    query = parse_query(query_text, read_synonyms(folders))
    if not query.groups:
        return []
    wanted = max(CANDIDATES, limit * 4) * (5 if filters.active else 1)
    found = index.search(query.fts(), lambda row: clauses.id_of_row(row) is not None, wanted,
                         snippets=False)  # this module makes its own, for the best few
    candidates = []
    for hit in found:
        clause_id = clauses.id_of_row(hit.row)
        if clause_id is not None:
            candidates.append(clauses[clause_id])
    return _rank(candidates, query, filters, limit)


def unmatched_words(hits: Sequence[SearchHit], query_text: str,
                    folders: Sequence[Path] = ()) -> list[str]:
    """The query words no hit covers (candidates for "did you mean")."""
    query = parse_query(query_text, read_synonyms(folders))
    covered = {word for hit in hits for word in hit.matched}
    return [group.label for group in query.groups if group.label not in covered]


def close_words(word: str, vocabulary: Iterable[str], *, count: int = 3) -> list[str]:
    """Words of the library spelled like ``word`` (a typo's likely meaning)."""
    folded = word.casefold()
    pool = [term for term in vocabulary
            if term[:1] == folded[:1] and abs(len(term) - len(folded)) <= 3]
    return difflib.get_close_matches(folded, pool, n=count, cutoff=0.75)


def index_vocabulary(index: ClauseIndex, first_letter: str) -> list[str]:
    """The words of the FTS5 index that start with ``first_letter``."""
    if not first_letter:
        return []
    try:
        index.db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocabulary "
                         "USING fts5vocab(main, fts, row)")
        rows = index.db.execute("SELECT term FROM temp.search_vocabulary WHERE term >= ? "
                                "AND term < ?", (first_letter, first_letter + "\U0010ffff"))
        return [row[0] for row in rows]
    except sqlite3.Error:
        return []


def clause_vocabulary(clauses: Iterable[Clause]) -> set[str]:
    """Every word of the given clauses' searchable text, casefolded."""
    words: set[str] = set()
    for clause in clauses:
        for entries in clause_fields(clause).values():
            for _, text in entries:
                words.update(WORD.findall(text.casefold()))
    return words


def _best_text(clause: Clause, query: Query, lang: str | None) -> tuple[str, str]:
    """The language whose text matches most of the query (``lang`` when given)."""
    texts = [(code, plain_text(text)) for code, text in clause.text.items()
             if lang is None or code == lang]
    if not texts:
        return "", ""
    def coverage(entry: tuple[str, str]) -> tuple[bool, int]:
        text = prepared(entry[1])
        covered = sum(1 for group in query.groups if group.occurs_in(text))
        # the query's language wherever its text matches at all, else the best cover
        return entry[0] == query.lang and covered > 0, covered

    return max(texts, key=coverage)


def snippet(text: str, query: Query) -> str:
    """A short excerpt of ``text`` around its first match, matched words marked."""
    spans = []
    for match in WORD.finditer(text):
        word = match.group().casefold()
        if any(term.words[0] == word if not term.prefix[0] else word.startswith(term.words[0])
               for group in query.groups for term in group.terms):
            spans.append((match.start(), match.end()))
    if not spans:
        return text[: SNIPPET_CHARS * 2] + ("…" if len(text) > SNIPPET_CHARS * 2 else "")
    start = max(0, spans[0][0] - SNIPPET_CHARS)
    end = min(len(text), spans[0][0] + SNIPPET_CHARS)
    while start > 0 and not text[start - 1].isspace():
        start += 1  # begin at a word
    out = []
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(text[position:span_start] + MARK_OPEN + text[span_start:span_end]
                   + MARK_CLOSE)
        position = span_end
    out.append(text[position:end])
    return ("…" if start else "") + "".join(out).strip() + ("…" if end < len(text) else "")


def plain_snippet(text: str) -> str:
    """A snippet without its match marks."""
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
