"""Ranked full-text search over clause ids, titles, topics and texts in every language.

Words match by prefix, and long query words by a shortened stem, so that a Russian query
finds its word in another case ("задержанных" finds "задержанные").

Two ways, one behaviour: :func:`search_index` asks the library's SQLite FTS5 index (a
prefix query ``"stem"*`` per word, ranked by BM25 with ids, titles and topics weighing
more than texts); :func:`search` reads the clauses themselves, for a library without an
index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from csp_draft.models.data import Clause

if TYPE_CHECKING:
    from csp_draft.library.index import ClauseIndex
    from csp_draft.library.load import IndexedClauses

WORD = re.compile(r"\w+", re.UNICODE)
_JINJA_VALUE = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_JINJA_TAG = re.compile(r"\{[%#].*?[%#]\}", re.DOTALL)
SNIPPET_CHARS = 70

# How much a match in each field counts.
WEIGHTS = {"id": 6.0, "title": 5.0, "topics": 4.0, "text": 1.0}


class SearchHit(NamedTuple):
    clause: Clause
    score: float
    snippet: str
    lang: str


def query_stems(query: str, *, fold: bool = True) -> list[str]:
    """The query's words, casefolded; long words lose their last letters (a crude stem).

    ``fold=False`` keeps the case, for FTS5, whose tokenizer folds case itself.
    """
    stems = []
    for word in WORD.findall(query.casefold() if fold else query):
        stems.append(word if len(word) <= 5 else word[: max(5, len(word) - 2)])
    return stems


def fts_query(query: str) -> str:
    """The FTS5 query for ``query``: every stem as a prefix term, all required."""
    return " ".join(f'"{stem}"*' for stem in dict.fromkeys(query_stems(query, fold=False)))


def search_index(index: ClauseIndex, clauses: IndexedClauses, query: str, *,
                 limit: int = 20) -> list[SearchHit]:
    """Like :func:`search`, on the library's FTS5 index; only clauses in use are found
    (not those another library overrides)."""
    match = fts_query(query)
    if not match:
        return []
    found = index.search(match, lambda row: clauses.id_of_row(row) is not None, limit)
    hits = []
    for hit in found:
        clause_id = clauses.id_of_row(hit.row)
        if clause_id is None:
            continue
        clause = clauses[clause_id]
        lang = hit.lang or next(iter(clause.text), "")
        hits.append(SearchHit(clause, hit.score, hit.snippet, lang))
    return hits


def clause_fields(clause: Clause) -> dict[str, list[tuple[str, str]]]:
    """Searchable text of a clause: field -> [(language, text)]."""
    return {
        "id": [("", clause.id.replace("-", " "))],
        "title": [(lang, title) for lang, title in clause.title.items()],
        "topics": [("", " ".join(topic.replace("-", " ") for topic in clause.topics))],
        "text": [(lang, plain_text(text)) for lang, text in clause.text.items()],
    }


def plain_text(text: str) -> str:
    """Clause text without Jinja tags, whitespace folded (for matching and snippets). Where
    a value goes stands "…" (no word, so never matched), so that a snippet reads
    "(…)" rather than "( )"."""
    return " ".join(_JINJA_TAG.sub(" ", _JINJA_VALUE.sub("…", text)).split())


def _count(stem: str, words: list[str]) -> int:
    return sum(1 for word in words if word.startswith(stem))


def search(clauses: Iterable[Clause], query: str, *, limit: int = 20) -> list[SearchHit]:
    """Clauses matching every word of ``query``, best first."""
    stems = query_stems(query)
    if not stems:
        return []
    hits = []
    for clause in clauses:
        score = 0.0
        matched: set[str] = set()
        best_lang, best_text = "", ""
        for field_name, entries in clause_fields(clause).items():
            for lang, text in entries:
                words = WORD.findall(text.casefold())
                for stem in stems:
                    found = _count(stem, words)
                    if found:
                        matched.add(stem)
                        score += WEIGHTS[field_name] * (1 + min(found, 5) / 5)
                        if field_name == "text" and not best_text:
                            best_lang, best_text = lang, text
        if len(matched) == len(set(stems)):
            if not best_text:
                best_lang, best_text = next(iter(clause_fields(clause)["text"]))
            hits.append(SearchHit(clause, score, snippet(best_text, stems), best_lang))
    hits.sort(key=lambda hit: (-hit.score, hit.clause.id))
    return hits[:limit]


def snippet(text: str, stems: list[str]) -> str:
    """A short excerpt of ``text`` around the first matching word."""
    folded = text.casefold()
    positions = [m.start() for stem in stems for m in [re.search(r"\b" + re.escape(stem), folded)]
                 if m]
    if not positions:
        return text[: SNIPPET_CHARS * 2] + ("…" if len(text) > SNIPPET_CHARS * 2 else "")
    centre = min(positions)
    start = max(0, centre - SNIPPET_CHARS)
    end = min(len(text), centre + SNIPPET_CHARS)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
