"""Each archived paragraph against the library: which clause says it, with which values.

Exact: a clause text or form is turned into a pattern (its literal words fixed, each
``{{ variable }}`` a group); a paragraph the pattern matches gives the variables' values,
which are typed against the clause (lists split as the language joins them, dates read as
the language writes them) and accepted only when rendering the clause with them gives the
paragraph again. Words before the clause's own (a lead-in such as "Calls upon X to") are
kept apart and searched for an addressee.

Near: the clause whose text (rendered with its example values) is closest to the paragraph
(rapidfuzz's normalised edit-distance ratio, at least :data:`NEAR`) becomes the clause with
the paragraph's own wording, and the report shows the difference.

Candidates come from an index of the clauses' literal words (by their first six letters, so
that Russian endings matter less): the clauses that share the paragraph's rarest words (set
intersections, rarest first, as long as some clause is left), ranked by the share of words
they have in common. A paragraph is compared with a few clauses, not with the library.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from csp_draft.archive.structure import parse_date
from csp_draft.library.clause_render import ClauseRenderer
from csp_draft.models.addressees import registry
from csp_draft.models.data import Clause

NEAR = 75.0
CANDIDATES = 8
POOL = 200  # clauses left after intersecting, ranked by the words they share
_TAG = re.compile(r"({{.*?}}|{%.*?%}|{#.*?#})", re.S)
_NAME = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)")
_QUOTES = str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "‟": '"',
                         "‘": "'", "’": "'", "‚": "'", "\u00a0": " ", "\u202f": " ",
                         "\u2009": " ", "–": "-", "—": "-", "\u2011": "-"})
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_WORD = re.compile(r"[^\W\d_]{4,}")
_LIST_JOIN = {"en": re.compile(r",\s+and\s+|\s+and\s+|,\s+"),
              "ru": re.compile(r",\s+и\s+|\s+и\s+|,\s+")}


def plain(text: str) -> str:
    """Text as compared, its letters' case kept: quotes, dashes and spaces of any
    typography alike, Markdown escapes and emphasis undone, no final punctuation."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = _EMPHASIS.sub(r"\2", _ESCAPED.sub(r"\1", text))
    text = re.sub(r"\[\^[^\]]*\]", "", text)  # footnote references
    return " ".join(text.split()).rstrip(" .;:,")


def normalize(text: str) -> str:
    """:func:`plain` with the first letter small (a position capitalises it)."""
    text = plain(text)
    return text[:1].lower() + text[1:]


@dataclass
class Pattern:
    regex: re.Pattern[str]
    names: list[str]  # the group of each occurrence: v0, v1, ... -> variable name


_IF = re.compile(r"{%-?\s*if\s+(?:not\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*-?%}$", re.S)
_ELSE = re.compile(r"{%-?\s*else\s*-?%}$")
_ENDIF = re.compile(r"{%-?\s*endif\s*-?%}$")


def compile_pattern(source: str) -> Pattern | None:
    """A pattern for a clause text, or None when it has statements a pattern cannot
    follow: only ``{% if NAME %}``, ``{% else %}`` and ``{% endif %}`` are understood (an
    optional or alternative stretch of text)."""
    parts = _TAG.split(source)
    regex = [r"^(?P<lead>.{0,300}?)"]
    names: list[str] = []
    depth = 0
    for number, part in enumerate(parts):
        if number % 2 == 0:
            literal = _literal(part)
            if number == 0:
                literal = literal[:1].lower() + literal[1:]
            if literal:
                if part[:1].isspace():
                    regex.append(r"\s*")
                regex.append(_literal_regex(literal))
                if part[-1:].isspace():
                    regex.append(r"\s*")
            continue
        if part.startswith("{#"):
            continue
        if part.startswith("{%"):
            if _IF.match(part):
                regex.append("(?:")
                depth += 1
            elif _ELSE.match(part) and depth:
                regex.append("|")
            elif _ENDIF.match(part) and depth:
                regex.append(")?")
                depth -= 1
            else:
                return None
            continue
        match = _NAME.match(part[2:])
        if match is None:
            return None
        names.append(match.group(1))
        regex.append(rf"(?P<v{len(names) - 1}>\S(?:.*?\S)?)")
    if depth:
        return None
    regex.append(r"$")
    try:
        return Pattern(re.compile("".join(regex), re.S), names)
    except re.error:
        return None


def _literal(part: str) -> str:
    text = unicodedata.normalize("NFC", part).translate(_QUOTES)
    text = _EMPHASIS.sub(r"\2", _ESCAPED.sub(r"\1", text))
    return " ".join(text.split())


def _literal_regex(literal: str) -> str:
    """Fixed words, any spacing between them; a final stop, semicolon, colon or comma
    may be another one or none (the position of the text decides it)."""
    end = ""
    if literal[-1] in ".;:,":
        literal, end = literal[:-1], "[.;:,]?"
    return r"\s*".join(re.escape(w) for w in literal.split(" ")) + end


@dataclass
class Match:
    kind: str  # exact, near, none
    clause: str | None = None
    form: str = "text"  # which text of the clause: text, operative, preambular, spoken
    values: dict[str, Any] = field(default_factory=dict)
    score: float = 0.0
    lead: str = ""  # words before the clause's own
    addressee: str | None = None  # found in the lead
    expected: str = ""  # the clause as the library words it (near matches)
    reason: str = ""
    types: dict[str, str] = field(default_factory=dict)  # each value's variable type


class LibraryMatcher:
    def __init__(self, clauses: Mapping[str, Clause], lang: str,
                 renderer: ClauseRenderer | None = None) -> None:
        """``clauses``: the library's clauses by id; a library read from its index is gone
        through a chunk at a time (its ``stream``), and only candidates are kept."""
        self.lang = lang
        self.renderer = renderer or ClauseRenderer()
        self.library = clauses
        self.postings: dict[str, set[str]] = defaultdict(set)
        self.stems: dict[str, frozenset[str]] = {}
        stream = getattr(clauses, "stream", None)
        every = (clause for clause, _ in stream(list(clauses))) if stream else iter(
            clauses.values())
        for clause in every:
            if lang not in clause.text:
                continue
            stems = frozenset(_stems(" ".join(_TAG.sub(" ", source)
                                              for _, source in self._sources(clause))))
            self.stems[clause.id] = stems
            for stem in stems:
                self.postings[stem].add(clause.id)

        self._patterns: dict[tuple[str, str], Pattern | None] = {}
        self._examples: dict[tuple[str, str], str] = {}

    def clause(self, clause_id: str) -> Clause:
        return self.library[clause_id]

    def _sources(self, clause: Clause) -> list[tuple[str, str]]:
        sources = [(form, texts[self.lang]) for form, texts in clause.forms.items()
                   if self.lang in texts]
        sources.append(("text", clause.text[self.lang]))
        return sources

    def candidates(self, text: str) -> list[str]:
        words = {stem for stem in _stems(text) if stem in self.postings}
        pool: set[str] | None = None
        for stem in sorted(words, key=lambda s: (len(self.postings[s]), s)):
            narrower = self.postings[stem] if pool is None else pool & self.postings[stem]
            if narrower:  # a word no clause of the pool has is a value, or a change
                pool = narrower
            if pool is not None and len(pool) <= POOL:
                break
        if not pool:
            return []
        ranked = sorted(pool, key=lambda c: (-len(self.stems[c] & words)
                                             / len(self.stems[c] | words), c))
        return ranked[:CANDIDATES]

    def match(self, paragraph: str) -> Match:
        cased = plain(paragraph)
        body = cased[:1].lower() + cased[1:]
        best = Match("none", reason="no clause of the library says this")
        for clause_id in self.candidates(body):
            clause = self.clause(clause_id)
            for form, source in self._sources(clause):
                exact = self._exact(clause, form, source, body, cased)
                if exact is not None:
                    return exact
                expected = self._example(clause, form, source)
                if expected and expected == body:  # exactly what its example values give
                    return Match("exact", clause_id, form, self._example_values(clause), 100.0,
                                 reason="the clause renders this paragraph exactly with its "
                                 "example values", types=_types(clause))
                score = fuzz.ratio(body, expected) if expected else 0.0
                if score > best.score and score >= NEAR:
                    best = Match("near", clause_id, form, score=round(score, 1),
                                 expected=expected,
                                 reason=f"{score:.0f}% alike; this document's own wording "
                                 "is kept")
        return best

    def _pattern(self, clause: Clause, form: str, source: str) -> Pattern | None:
        key = (clause.id, form)
        if key not in self._patterns:
            self._patterns[key] = compile_pattern(source)
        return self._patterns[key]

    def _example(self, clause: Clause, form: str, source: str) -> str:
        key = (clause.id, form)
        if key not in self._examples:
            self._examples[key] = self._render(clause, form, clause.example_values()) or \
                normalize(_TAG.sub(" ", source))
        return self._examples[key]

    def _example_values(self, clause: Clause) -> dict[str, Any]:
        """The example values in this language (a value per language is picked)."""
        from csp_draft.library.clause_render import localize_values

        return {name: localize_values(value, self.lang)
                for name, value in clause.example_values().items() if value is not None}

    def _render(self, clause: Clause, form: str, values: dict[str, Any]) -> str | None:
        target = clause if form == "text" else clause.as_form(form)
        if target is None:
            return None
        try:
            return normalize(str(self.renderer.render(target, self.lang, values)))
        except Exception:  # a value the clause cannot take: not this clause
            return None

    def _exact(self, clause: Clause, form: str, source: str, body: str, cased: str
               ) -> Match | None:
        pattern = self._pattern(clause, form, source)
        if pattern is None:
            return None
        found = pattern.regex.match(body)
        if found is None:
            return None
        values: dict[str, Any] = {}
        for number, name in enumerate(pattern.names):
            if found.group(f"v{number}") is None:
                continue  # inside a stretch the paragraph does not have
            start, end = found.span(f"v{number}")
            raw = cased[start:end]
            value = self._typed(clause, name, raw)
            if value is None or values.get(name, value) != value:
                return None
            values[name] = value
        lead = cased[:found.end("lead")].strip()
        offset = len(found.group("lead"))
        rendered = self._render(clause, form, values)
        if rendered is None or normalize(rendered) != normalize(body[offset:]):
            return None
        return Match("exact", clause.id, form, values, 100.0, lead, self._addressee(lead),
                     reason="the clause renders this paragraph exactly", types=_types(clause))

    def _typed(self, clause: Clause, name: str, raw: str) -> Any:
        spec = clause.variables.get(name)
        if spec is None:
            return None
        if spec.type in ("string", "text"):
            return raw
        if spec.type == "choice":
            return raw if raw in spec.choices else None
        if spec.type == "number":
            digits = re.match(r"\d[\d\s,]*", raw)  # 26, 1 100, 26th, 26-й
            return int(re.sub(r"\D", "", digits.group())) if digits else None
        if spec.type == "date":
            found = parse_date(raw, self.lang)
            return found[0] if found and found[2].group(0).strip() == raw.strip() else None
        if spec.type == "list":
            return [part for part in _LIST_JOIN.get(self.lang, _LIST_JOIN["en"]).split(raw)
                    if part]
        return None

    def _addressee(self, lead: str) -> str | None:
        if not lead:
            return None
        lowered = " ".join(lead.lower().split())
        best: tuple[int, str] | None = None
        for key, addressee in registry().items():
            for words in addressee.forms.get(self.lang, {}).values():
                words = " ".join(words.lower().split())
                if words and words in lowered and (best is None or len(words) > best[0]):
                    best = (len(words), key)
        return best[1] if best else None


def _types(clause: Clause) -> dict[str, str]:
    return {name: spec.type for name, spec in clause.variables.items()}


def _stems(text: str) -> list[str]:
    return [word[:6] for word in _WORD.findall(normalize(text).lower())]
