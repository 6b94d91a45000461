"""Ranked full-text search over clause ids, titles, topics and texts in every language.

Words match by prefix, and long query words by a shortened stem, so that a Russian query
finds its word in another case ("задержанных" finds "задержанные").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from csp_draft.models import Clause

WORD = re.compile(r"\w+", re.UNICODE)
_JINJA = re.compile(r"\{[{%#].*?[}%#]\}", re.DOTALL)
SNIPPET_CHARS = 70

# How much a match in each field counts.
WEIGHTS = {"id": 6.0, "title": 5.0, "topics": 4.0, "text": 1.0}


@dataclass(frozen=True)
class SearchHit:
    clause: Clause
    score: float
    snippet: str
    lang: str


def query_stems(query: str) -> list[str]:
    """The query's words, casefolded; long words lose their last letters (a crude stem)."""
    stems = []
    for word in WORD.findall(query.casefold()):
        stems.append(word if len(word) <= 5 else word[: max(5, len(word) - 2)])
    return stems


def clause_fields(clause: Clause) -> dict[str, list[tuple[str, str]]]:
    """Searchable text of a clause: field -> [(language, text)]."""
    return {
        "id": [("", clause.id.replace("-", " "))],
        "title": [(lang, title) for lang, title in clause.title.items()],
        "topics": [("", " ".join(topic.replace("-", " ") for topic in clause.topics))],
        "text": [(lang, plain_text(text)) for lang, text in clause.text.items()],
    }


def plain_text(text: str) -> str:
    """Clause text without Jinja tags, whitespace folded (for matching and snippets)."""
    return " ".join(_JINJA.sub(" ", text).split())


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
