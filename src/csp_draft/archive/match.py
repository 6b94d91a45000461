"""Each archived paragraph against the library: which clause says it, with which values.

Exact: a clause text or form is turned into a pattern from its Jinja syntax tree (its
literal words fixed, each ``{{ variable }}`` a group, ``{% if %}`` branches alternatives,
``{% for %}`` a group repeated per item, computed words any words); a paragraph the pattern
matches gives the variables' values, which are typed against the clause (lists split as the
language joins them, dates read as the language writes them, people as case records or
one-off names) and accepted only when rendering the clause with them gives the paragraph
again; values the paragraph does not show (a choice, a number words are computed from) are
found by trying their few possible values against the rendering. Words before the clause's
own (a lead-in such as "Calls upon X to") are kept apart and searched for an addressee.

Near: the clause whose text (rendered with its example values) is closest to the paragraph
(rapidfuzz's normalised edit-distance ratio, at least :data:`NEAR`) becomes the clause with
the paragraph's own wording, and the report shows the difference. A paragraph that says a
clause's demand in quite other words (a speech, a press release) is found by the words it
shares with the clause, each weighted by how rare it is in the library: a clause asking for
something with at least :data:`OWN_SHARED` words and :data:`OWN_WORDS` of the weight in
common, :data:`OWN_MARGIN` times the next clause's, is taken in the paragraph's own wording
too when the paragraph asks for something as well. Case records the paragraph names as the
``people`` filter writes them become the clause's people variable.

Candidates come from an index of the clauses' literal words (by their first six letters, so
that Russian endings matter less). Ranked first: the clauses with the largest weighted share
of the paragraph's words (a rare word weighs more); then the clauses that share the
paragraph's rarest words (set intersections, rarest first, as long as some clause is left).
A paragraph is compared with a few clauses, not with the library.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import jinja2
import jinja2.nodes
import regex
from rapidfuzz import fuzz

from csp_draft.archive.addressees import in_lead
from csp_draft.archive.people import PeopleReader
from csp_draft.archive.structure import parse_date
from csp_draft.library.clause_render import ClauseRenderer
from csp_draft.models.addressees import registry
from csp_draft.models.data import Clause
from csp_draft.models.people import Person
from csp_draft.models.values import is_missing
from csp_draft.sandbox.literal import as_template

NEAR = 75.0
CANDIDATES = 8
WITHIN = 0.8  # a clause this much of whose words a paragraph has is read for values too
POOL = 200  # clauses left after intersecting, ranked by the words they share
OWN_WORDS = 0.15  # weighted share of words a paragraph in its own wording has with a clause
OWN_MARGIN = 1.5  # ... and at least this many times the next clause's share
OWN_SHARED = 5  # ... and at least this many words in common (a short bullet has too few)
# A paragraph in its own words is taken for a clause only when both ask for something: a
# clause of these kinds, a paragraph that makes a request (see :func:`asks`).
ASKING_KINDS = frozenset({"recommendation", "demand"})
COMMON = 20  # a word in more than 1/COMMON of the clauses (and more than 50) does not pick
# the shortlist; it counts only in the shortlisted clauses' full share
SHORTLIST = 40  # clauses whose weighted share is computed in full
MAX_TRIES = 400  # renders spent on the values a paragraph does not show
NUMBER_RANGE = 100  # a number a text computes words from: tried this far from the known ones
_UNSET = object()  # a variable left to its default
_TAG = re.compile(r"({{.*?}}|{%.*?%}|{#.*?#})", re.S)
_QUOTES = str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "‟": '"',
                         "‘": "'", "’": "'", "‚": "'", "\u00a0": " ", "\u202f": " ",
                         "\u2009": " ", "–": "-", "—": "-", "\u2011": "-"})
_STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
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


def surface(text: str) -> str:
    """:func:`plain` with the document's own quotes and dashes: the text values are read
    from (a pattern takes any typography's quotes and dashes where the clause has one)."""
    text = unicodedata.normalize("NFC", text)
    text = _EMPHASIS.sub(r"\2", _ESCAPED.sub(r"\1", text))
    text = re.sub(r"\[\^[^\]]*\]", "", text)
    return " ".join(text.split()).rstrip(" .;:,")


def normalize(text: str) -> str:
    """:func:`plain` with the first letter small (a position capitalises it)."""
    text = plain(text)
    return text[:1].lower() + text[1:]


@dataclass(frozen=True)
class Slot:
    """Where a value stands in a clause text: a variable, or (in a loop) the loop's item or
    one field of it; ``case``: the grammatical case the ``people`` filter asks for."""

    variable: str
    loop: int | None = None
    field: str | None = None
    case: str | None = None


@dataclass
class Pattern:
    regex: Any  # re.Pattern, or regex.Pattern where the text loops (repeated captures)
    slots: list[Slot]  # the group of each: g0, g1, ...
    loops: list[str]  # the list variable of each loop: L0, L1, ...


_VALUE = r"\S(?:.*?\S)?"  # a value: no spaces at its ends
_COMPUTED = rf"(?:{_VALUE})?"  # words the text computes (a set, a filter on them)
# Filters that show a variable's value as it is (read back by its type); any other filter
# computes words from it, which are compared when the clause is rendered.
_SHOWING = frozenset({"people", "long_date", "ordinal", "number", "and_list"})
MATCH_SECONDS = 0.25  # one clause pattern against one paragraph; beyond it, no match


class _Unsupported(Exception):
    """A statement a pattern cannot follow (a nested loop, a macro, a call)."""


class _Compiler:
    """A clause text's Jinja syntax tree into a pattern: literal words fixed, every value a
    group, ``{% if %}``/``{% elif %}``/``{% else %}`` alternatives, ``{% for %}`` a group
    repeated once per item, ``{% set %}`` and computed words any words."""

    def __init__(self, variables: set[str]) -> None:
        self.variables = variables
        self.slots: list[Slot] = []
        self.loops: list[str] = []
        self.targets: dict[str, int] = {}  # a loop's item name -> the loop
        self.started = False  # some text or value emitted (the first letter is lowered)

    def body(self, nodes: list[jinja2.nodes.Node]) -> str:
        return "".join(self.node(node) for node in nodes)

    def node(self, node: jinja2.nodes.Node) -> str:
        nodes = jinja2.nodes
        if isinstance(node, nodes.Output):
            return "".join(self.literal(child.data) if isinstance(child, nodes.TemplateData)
                           else self.expr(child) for child in node.nodes)
        if isinstance(node, nodes.If):
            before = self.started
            branches = []
            for body in [node.body, *(branch.body for branch in node.elif_), node.else_]:
                self.started = before
                branches.append(self.body(body))
            self.started = True
            return "(?:" + "|".join(branches) + ")"
        if isinstance(node, nodes.For):
            if (self.targets or not isinstance(node.target, nodes.Name)
                    or not isinstance(node.iter, nodes.Name) or node.test is not None
                    or node.recursive or node.iter.name not in self.variables):
                raise _Unsupported
            number = len(self.loops)
            self.loops.append(node.iter.name)
            self.targets[node.target.name] = number
            body = self.body(node.body)
            del self.targets[node.target.name]
            repeated = f"(?:(?P<L{number}>{body}))"
            if node.else_:
                return f"(?:{repeated}+|{self.body(node.else_)})"
            return repeated + "*"
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            return ""  # computed words: what they give is compared by rendering
        raise _Unsupported

    def expr(self, node: jinja2.nodes.Node) -> str:
        nodes = jinja2.nodes
        if isinstance(node, nodes.Const):
            return "" if node.value is None else self.literal(str(node.value))
        if isinstance(node, nodes.CondExpr):
            before = self.started
            first = self.expr(node.expr1)
            self.started = before
            second = self.expr(node.expr2) if node.expr2 is not None else ""
            self.started = True
            return f"(?:{first}|{second})"
        slot = self._slot_of(node)
        self.started = True
        if slot is None:
            return _COMPUTED
        self.slots.append(slot)
        return f"(?P<g{len(self.slots) - 1}>{_VALUE})"

    def _slot_of(self, node: jinja2.nodes.Node) -> Slot | None:
        nodes = jinja2.nodes
        case = None
        if isinstance(node, nodes.Filter):
            if node.name not in _SHOWING:
                return None
            if node.name == "people":
                given = node.args[0] if node.args else next(
                    (k.value for k in node.kwargs if k.key == "case"), None)
                if given is not None:
                    if not isinstance(given, nodes.Const):
                        return None
                    case = given.value
            node = node.node
        if isinstance(node, nodes.Name):
            if node.name in self.targets:
                return Slot(self.loops[self.targets[node.name]], self.targets[node.name],
                            case=case)
            if node.name in self.variables:
                return Slot(node.name, case=case)
            return None
        field = None
        if isinstance(node, nodes.Getattr):
            field, node = node.attr, node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            field, node = str(node.arg.value), node.node
        if field is not None and isinstance(node, nodes.Name) and node.name in self.targets:
            number = self.targets[node.name]
            return Slot(self.loops[number], number, field, case)
        return None

    def literal(self, text: str) -> str:
        words = _literal(text)
        if not words:
            return r"\s*" if text else ""
        if not self.started:
            words = words[:1].lower() + words[1:]
        self.started = True
        return ((r"\s*" if text[:1].isspace() else "") + _literal_regex(words)
                + (r"\s*" if text[-1:].isspace() else ""))


def compile_pattern(source: str, variables: Iterable[str] = (),
                    env: jinja2.Environment | None = None) -> Pattern | None:
    """A pattern for a clause text, or None when it has statements a pattern cannot follow
    (a nested loop, a macro, a call block) or cannot be parsed."""
    try:
        tree = (env or _PARSER).parse(source)
    except jinja2.TemplateSyntaxError:
        return None
    compiler = _Compiler(set(variables))
    try:
        body = compiler.body(tree.body)
    except _Unsupported:
        return None
    source = r"^(?P<lead>.{0,300}?)" + body + "$"
    try:  # re compiles several times faster; only a loop needs regex's repeated captures
        compiled = regex.compile(source, regex.S) if compiler.loops else re.compile(source,
                                                                                    re.S)
    except (re.error, regex.error):
        return None
    return Pattern(compiled, compiler.slots, compiler.loops)


# Parsing only (never rendering): the syntax tree of a clause text, blocks trimmed as the
# sandbox trims them.
_PARSER = jinja2.Environment(trim_blocks=True, lstrip_blocks=True, autoescape=False)


def _literal(part: str) -> str:
    text = unicodedata.normalize("NFC", part).translate(_QUOTES)
    text = _EMPHASIS.sub(r"\2", _ESCAPED.sub(r"\1", text))
    return " ".join(text.split())


def _literal_regex(literal: str) -> str:
    """Fixed words, any spacing between them; a final stop, semicolon, colon or comma
    may be another one or none (the position of the text decides it); a dash standing
    alone (a list's bullet, a dash between words) has spaces around it."""
    end = ""
    if literal[-1] in ".;:,":
        literal, end = literal[:-1], "[.;:,]?"
    return r"\s*".join(r"(?<!\S)" + _ALIKE["-"] + r"(?!\S)" if w == "-" else
                       "".join(_ALIKE.get(c) or re.escape(c) for c in w)
                       for w in literal.split(" ")) + end


# A straight quote or hyphen of a clause text stands for any typography's.
_ALIKE = {'"': '["“”«»„‟]', "'": "['‘’‚]", "-": "[-–—‑]"}


@dataclass
class Match:
    kind: str  # exact, near, none
    clause: str | None = None
    form: str = "text"  # which text of the clause: text, operative, preambular, spoken
    values: dict[str, Any] = field(default_factory=dict)
    score: float = 0.0
    lead: str = ""  # words before the clause's own
    addressee: str | None = None  # found in the lead
    lead_words: tuple[str, str] | None = None  # (case, words) of an addressee the lead
    # names that the registry does not know: the document's own
    expected: str = ""  # the clause as the library words it (near matches)
    reason: str = ""
    types: dict[str, str] = field(default_factory=dict)  # each value's variable type
    notes: list[str] = field(default_factory=list)  # what the report should say of values
    sub_items: bool = False  # the clause says the item's sub-list too (a loop)
    own_text: str | None = None  # near: the paragraph as the clause use's own text, a
    # template printing it (its people as the clause's variable where it names them)


class LibraryMatcher:
    def __init__(self, clauses: Mapping[str, Clause], lang: str,
                 renderer: ClauseRenderer | None = None,
                 people: Mapping[str, Person] | None = None) -> None:
        """``clauses``: the library's clauses by id; a library read from its index is gone
        through a chunk at a time (its ``stream``), and only candidates are kept.
        ``people``: the case records, which names in values are read back as."""
        self.lang = lang
        self.people = PeopleReader(people or {}, lang)
        self.renderer = renderer or ClauseRenderer()
        self.library = clauses
        self.postings: dict[str, set[str]] = defaultdict(set)
        self.stems: dict[str, frozenset[str]] = {}
        self.asking: set[str] = set()  # clauses that ask for something
        self.openings: set[str] = set()  # the first words of their texts (imperatives)
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
            if clause.kind in ASKING_KINDS:
                self.asking.add(clause.id)
                self.openings.update(word for word in (_first_word(source) for _, source
                                                       in self._sources(clause))
                                     if _VERB.get(lang, _NOT_A_VERB).match(word))

        self._weights: dict[str, float] = {}  # per clause, its words' weight
        self._patterns: dict[tuple[str, str], Pattern | None] = {}
        self._why: dict[str, str] = {}  # per clause, why the paragraph is not it exactly
        self._examples: dict[tuple[str, str], str] = {}

    def clause(self, clause_id: str) -> Clause:
        return self.library[clause_id]

    def _sources(self, clause: Clause) -> list[tuple[str, str]]:
        sources = [(form, texts[self.lang]) for form, texts in clause.forms.items()
                   if self.lang in texts]
        sources.append(("text", clause.text[self.lang]))
        return sources

    def _rarity(self, stem: str) -> float:
        """How much a shared word says of which clause a paragraph is: more, the fewer
        clauses have it (never nothing, so that a small library still ranks)."""
        return math.log(1 + len(self.stems) / len(self.postings[stem]))

    def _weight(self, clause_id: str) -> float:
        if clause_id not in self._weights:
            self._weights[clause_id] = sum(map(self._rarity, self.stems[clause_id]))
        return self._weights[clause_id]

    def ranked(self, words: set[str]) -> list[tuple[float, str]]:
        """(weighted share, clause) of the clauses sharing ``words``, largest share first:
        the weight of the words both have over the weight of the words either has. Words
        in many clauses say little; they only count once a clause is shortlisted by the
        rarer ones."""
        common = max(len(self.stems) // COMMON, 50)
        partial: dict[str, float] = defaultdict(float)
        for stem in words:
            clauses = self.postings[stem]
            if len(clauses) <= common:
                rarity = self._rarity(stem)
                for clause_id in clauses:
                    partial[clause_id] += rarity
        shortlist = heapq.nlargest(SHORTLIST, partial, key=lambda c: (partial[c], c))
        paragraph = sum(map(self._rarity, words))
        ranked = []
        for clause_id in shortlist:
            shared = sum(map(self._rarity, self.stems[clause_id] & words))
            ranked.append((shared / (self._weight(clause_id) + paragraph - shared), clause_id))
        return sorted(ranked, key=lambda pair: (-pair[0], pair[1]))

    def candidates(self, words: set[str], ranked: list[tuple[float, str]],
                   sub_list: bool = False) -> tuple[list[str], list[str]]:
        """The clauses most alike in words: first those with the largest weighted share of
        words in common, then those sharing the paragraph's rarest words (intersected,
        ranked by the share of words in common); then, only to read values from, those
        having any of its rarest words (a value's word may be a rare word of another
        clause) and, for a paragraph holding a sub-list, those nearly all of whose own words
        it has (a long list holds a clause's few words among many). ``words``: the
        paragraph's words the library has; ``ranked``: :meth:`ranked` of them."""
        rarest = sorted(words, key=lambda s: (len(self.postings[s]), s))
        pool: set[str] | None = None
        for stem in rarest:
            narrower = self.postings[stem] if pool is None else pool & self.postings[stem]
            if narrower:  # a word no clause of the pool has is a value, or a change
                pool = narrower
            if pool is not None and len(pool) <= POOL:
                break
        union: set[str] = set()
        for stem in rarest:
            if len(union) + len(self.postings[stem]) > POOL:
                break
            union |= self.postings[stem]

        def alike(clauses: set[str]) -> list[str]:
            return sorted(clauses, key=lambda c: (-len(self.stems[c] & words)
                                                  / len(self.stems[c] | words), c))

        first = list(dict.fromkeys([*(c for _, c in ranked[:CANDIDATES]),
                                    *alike(pool or set())[:CANDIDATES]]))
        more = [c for c in alike(union - set(first))[:CANDIDATES]]
        if sub_list:
            more += self._within((pool or set()) | union, words, first + more)
        return first, more

    def _within(self, pool: set[str], words: set[str], taken: list[str]) -> list[str]:
        """Clauses nearly all of whose own words the paragraph has, not yet ``taken``: only
        worth reading values from (a paragraph holding a clause and a long list)."""
        def share(clause_id: str) -> float:
            return len(self.stems[clause_id] & words) / (len(self.stems[clause_id]) or 1)

        return [c for c in sorted(pool, key=lambda c: (-share(c), c))[:CANDIDATES]
                if c not in taken and share(c) >= WITHIN]

    def match(self, paragraph: str, numbers: tuple[int, ...] = (), *, sub_list: bool = False
              ) -> Match:
        """``numbers``: numbers the document gives (its year), tried first for a number
        variable the paragraph shows only through the words it computes; ``sub_list``: the
        paragraph holds its item's sub-list, which a clause may loop over (the clauses
        nearly all of whose words it has are read too)."""
        cased = surface(paragraph)
        body = cased[:1].lower() + cased[1:]
        flat = normalize(body)
        best = Match("none", reason="no clause of the library says this")
        self._why: dict[str, str] = {}
        words = {stem for stem in _stems(body) if stem in self.postings}
        ranked = self.ranked(words)
        alike, more = self.candidates(words, ranked, sub_list)
        for clause_id in alike:
            clause = self.clause(clause_id)
            for form, source in self._sources(clause):
                exact = self._exact(clause, form, source, body, cased, numbers)
                if exact is not None:
                    return exact
                expected = self._example(clause, form, source)
                if expected and expected == flat:  # exactly what its example values give
                    return Match("exact", clause_id, form, self._example_values(clause), 100.0,
                                 reason="the clause renders this paragraph exactly with its "
                                 "example values", types=_types(clause))
                score = fuzz.ratio(flat, expected) if expected else 0.0
                if score > best.score and score >= NEAR:
                    best = Match("near", clause_id, form, score=round(score, 1),
                                 expected=expected,
                                 reason=f"{score:.0f}% alike; this document's own wording "
                                 "is kept")
        for clause_id in more:  # only its values read back: a likeness would be by chance
            clause = self.clause(clause_id)
            for form, source in self._sources(clause):
                exact = self._exact(clause, form, source, body, cased, numbers)
                if exact is not None:
                    return exact
        if best.kind == "none":
            best = self._in_own_words(ranked, words, flat) or best
        if best.clause in self._why:  # why it is not the clause exactly
            best.reason += "; " + self._why[best.clause]
        if best.kind == "near":
            self._own_values(best, paragraph)
        return best

    def asks(self, flat: str) -> bool:
        """Whether a paragraph makes a request: in the first person ("we ask", "мы
        просим"), by urging or calling on someone, or opening with a verb a clause of the
        library opens a request with (an imperative) or, in Russian, with an infinitive
        (the form a Russian list of recommendations is written in)."""
        asking = _ASKING.get(self.lang)
        first = _first_word(flat)
        return (bool(asking and asking.search(flat)) or first in self.openings
                or (self.lang == "ru" and bool(_VERB["ru"].match(first))))

    def _own_values(self, match: Match, paragraph: str) -> None:
        """The paragraph as ``match``'s own text: where it names case records as the
        ``people`` filter writes them (in some grammatical case), the clause's only people
        variable takes them and the text prints them through it; the rest as written."""
        clause = self.clause(match.clause or "")
        match.own_text = as_template(paragraph)
        variables = [name for name, spec in clause.variables.items() if spec.type == "people"]
        named = self.people.named(paragraph)
        if len(variables) != 1 or not named:
            return
        (variable,) = variables
        persons = list({id(person): person for _, person, _ in named}.values())
        for case in dict.fromkeys(case for _, _, case in named):
            expression = (f"{{{{ {variable} | people }}}}" if case == "nom" else
                          f"{{{{ {variable} | people('{case}') }}}}")
            probe = replace(clause, id=f"{clause.id}#people-{case}", text={self.lang:
                                                                          expression})
            try:
                shown = str(self.renderer.render(probe, self.lang, {variable: persons}))
            except Exception:  # a record the filter cannot write: leave the text as is
                continue
            at = paragraph.find(shown)
            if shown and at >= 0:
                match.own_text = (as_template(paragraph[:at]) + expression
                                  + as_template(paragraph[at + len(shown):]))
                match.values = {variable: persons}
                match.types = _types(clause)
                return

    def _in_own_words(self, ranked: list[tuple[float, str]], words: set[str], flat: str
                      ) -> Match | None:
        """The clause a paragraph says in quite other words: the largest weighted share of
        words in common, large enough and well ahead of the next clause's."""
        if not ranked:
            return None
        share, clause_id = ranked[0]
        following = ranked[1][0] if len(ranked) > 1 else 0.0
        shared = sorted(self.stems[clause_id] & words, key=lambda s: (-self._rarity(s), s))
        if (share < OWN_WORDS or share < OWN_MARGIN * following or len(shared) < OWN_SHARED
                or clause_id not in self.asking or not self.asks(flat)):
            return None
        clause = self.clause(clause_id)
        expected = self._example(clause, "text", clause.text[self.lang])
        return Match(
            "near", clause_id, "text", score=round(fuzz.ratio(flat, expected), 1),
            expected=expected,
            reason=f"in this document's own words: it shares the clause's rarer words "
            f"({', '.join(_shown(shared[:6], flat))}; {share:.0%} of the words' weight, the "
            f"next clause {following:.0%}); its wording is kept")

    def _pattern(self, clause: Clause, form: str, source: str) -> Pattern | None:
        key = (clause.id, form)
        if key not in self._patterns:
            self._patterns[key] = compile_pattern(source, clause.variables)
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

    def _exact(self, clause: Clause, form: str, source: str, body: str, cased: str,
               numbers: tuple[int, ...] = ()) -> Match | None:
        pattern = self._pattern(clause, form, source)
        why = self._why
        if pattern is None:
            why[clause.id] = ("its text has statements that cannot be read back (a loop in a "
                              "loop, a macro)")
            return None
        try:
            found = pattern.regex.match(body, timeout=MATCH_SECONDS) if pattern.loops \
                else pattern.regex.match(body)
        except TimeoutError:
            why[clause.id] = "reading its values back took too long"
            return None
        if found is None:
            return None
        why[clause.id] = ("its fixed words are all here, but no values read back or tried "
                          "render this paragraph")
        values: dict[str, Any] = {}
        notes: list[str] = []
        for number, slot in enumerate(pattern.slots):
            if slot.loop is not None or found.group(f"g{number}") is None:
                continue  # a loop's, or inside a stretch the paragraph does not have
            start, end = found.span(f"g{number}")
            value = self._typed(clause, slot, cased[start:end], notes)
            if value is None or values.get(slot.variable, value) != value:
                return None
            values[slot.variable] = value
        for loop, variable in enumerate(pattern.loops):
            listed = self._loop_value(clause, pattern, loop, found, cased, notes)
            if listed is None:
                return None
            values[variable] = listed
        lead = cased[:found.end("lead")].strip()
        expected = normalize(body[len(found.group("lead")):])
        solved = self._solve(clause, form, values, expected, numbers)
        if solved is None or any(spec.required and is_missing(solved.get(name))
                                 for name, spec in clause.variables.items()):
            return None  # an empty list where the clause needs one is not this clause
        addressee = self._addressee(lead)
        return Match("exact", clause.id, form, solved, 100.0, lead, addressee,
                     lead_words=None if addressee else in_lead(lead, self.lang),
                     reason="the clause renders this paragraph exactly", types=_types(clause),
                     notes=notes)

    def _solve(self, clause: Clause, form: str, values: dict[str, Any], expected: str,
               numbers: tuple[int, ...]) -> dict[str, Any] | None:
        """``values`` completed with what the text does not show (a choice, a yes or no, a
        number it computes words from) by trying each variable's few possible values, the
        first that renders ``expected`` kept; None when none does."""
        open_ = [name for name in clause.variables if name not in values]
        choices = [self._alternatives(clause, name, values, numbers, expected)
                   for name in open_]
        for tried, combination in enumerate(itertools.product(*choices)):
            if tried >= MAX_TRIES:
                return None
            given = {name: value for name, value in zip(open_, combination, strict=True)
                     if value is not _UNSET}
            defaults = {name: clause.variables[name].default for name in open_
                        if name not in given}  # as the draft's reader gives them
            attempt = {**values, **given}
            if self._render(clause, form, {**defaults, **attempt}) == expected:
                return attempt
        return None

    def _alternatives(self, clause: Clause, name: str, values: dict[str, Any],
                      numbers: tuple[int, ...], expected: str) -> list[Any]:
        spec = clause.variables[name]
        first: list[Any] = [_UNSET]  # its default, or unset: the text does not need it
        if spec.type == "choice":
            return first + [c for c in spec.choices if c != spec.default]
        if spec.type == "boolean":
            return [*first, not spec.default]
        if spec.type == "number":  # words the text computes from it, e.g. "six years"
            known = [*numbers, *(v for v in values.values()
                                 if isinstance(v, int) and not isinstance(v, bool))]
            shown = [int(digits) for digits in re.findall(r"\d{1,4}", expected)]
            steps = sorted(range(-NUMBER_RANGE, NUMBER_RANGE + 1), key=abs)
            # the document's year, numbers the paragraph shows, a known number plus or
            # minus one it shows ("50 years" after 1975), then plus or minus 1, 2, 3 ...
            tried = [*numbers, *shown, *(n + s for n in known for s in shown),
                     *(n - s for n in known for s in shown),
                     *(n + step for step in steps for n in known)]
            return first + list(dict.fromkeys(tried))
        return first

    def _loop_value(self, clause: Clause, pattern: Pattern, loop: int, found: Any,
                    cased: str, notes: list[str]) -> list[Any] | None:
        """The list a loop went through: one item per repetition, an item's text or a
        record of its fields."""
        spans = found.spans(f"L{loop}")
        items: list[dict[str | None, Any]] = [{} for _ in spans]
        spec = clause.variables[pattern.loops[loop]]
        for number, slot in enumerate(pattern.slots):
            if slot.loop != loop:
                continue
            for start, end in found.spans(f"g{number}"):
                at = next((n for n, (s, e) in enumerate(spans) if s <= start and end <= e),
                          None)
                if at is None:
                    return None
                if slot.field is None:
                    value: Any = self._words(cased[start:end], notes)
                else:
                    field_spec = spec.field(slot.field) if spec.type == "records" else None
                    if field_spec is None:
                        return None
                    value = self._typed_spec(field_spec, cased[start:end], None, notes)
                if value is None or items[at].get(slot.field, value) != value:
                    return None
                items[at][slot.field] = value
        if spec.type == "records":
            return [{key: value for key, value in item.items() if key is not None}
                    for item in items]
        if spec.type == "list" and all(set(item) == {None} for item in items):
            return [item[None] for item in items]
        return None

    def _typed(self, clause: Clause, slot: Slot, raw: str, notes: list[str]) -> Any:
        spec = clause.variables.get(slot.variable)
        if spec is None:
            return None
        return self._typed_spec(spec, raw, slot.case, notes)

    def _typed_spec(self, spec: Any, raw: str, case: str | None, notes: list[str]) -> Any:
        if spec.type in ("string", "text"):
            return self._words(raw, notes)
        if spec.type == "choice":
            return raw if raw in spec.choices else None
        if spec.type == "number":
            digits = re.match(r"\d[\d\s,]*", raw)  # 26, 1 100, 26th, 26-й
            return int(re.sub(r"\D", "", digits.group())) if digits else None
        if spec.type == "date":
            found = parse_date(raw, self.lang)
            return found[0] if found and found[2].group(0).strip() == raw.strip() else None
        if spec.type == "list":
            return [self._words(part, notes)
                    for part in _LIST_JOIN.get(self.lang, _LIST_JOIN["en"]).split(raw) if part]
        if spec.type in ("people", "records"):
            return self.people.read(raw, case, records=spec.type == "records", notes=notes)
        return None

    def _words(self, raw: str, notes: list[str]) -> str:
        """A value's words as a drafter types them: straight quotes in English (the
        renderer makes them curly); in Russian as printed («ёлочки» drafters type). A case
        record named in them is noted for the report (the value stays text)."""
        self.people.mentioned(raw, notes)
        if self.lang == "en":
            return raw.translate(_STRAIGHT)
        return raw

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


_ASKING = {
    "en": re.compile(r"\b(?:we|i)\b(?:\s+\w+){0,3}?\s+(?:ask|urge|call\s+(?:on|upon)|request|"
                     r"demand|appeal\s+to|recommend|invite|encourage)\b|\burges?\b|"
                     r"\bcalls?\s+(?:on|upon)\b", re.I),
    "ru": re.compile(r"\b(?:просим|призываем|призывает|требуем|настаиваем|рекомендуем|"
                     r"предлагаем|обращаемся\s+к)\b", re.I),
}


# A clause's first word that can be a request's verb: a Russian infinitive; in English
# any word but those that open a phrase ("Until ...", "Without ...").
_VERB = {
    "ru": re.compile(r"\w+(?:[аеиоуыяё]ть|[аеиоуыяё]ться|чь|чься)$"),
    "en": re.compile(r"(?!(?:until|unless|without|before|after|where|when|while|with|within|"
                     r"in|on|at|by|for|from|to|as|if|once|the|a|an|all|any|no|not|every|each|"
                     r"this|these|that|those)$)[a-z]+$"),
}
_NOT_A_VERB = re.compile(r"(?!)")


def _first_word(text: str) -> str:
    found = _TAG.sub(" ", text).split(maxsplit=1)
    return found[0].strip(".,;:!?«»\"'").casefold() if found else ""


def _shown(stems: list[str], text: str) -> list[str]:
    """Each stem as the first word of ``text`` it begins."""
    words = _WORD.findall(text.lower())
    return [next((word for word in words if word.startswith(stem)), stem) for stem in stems]


def _stems(text: str) -> list[str]:
    return [word[:6] for word in _WORD.findall(normalize(text).lower())]
