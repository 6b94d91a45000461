"""Clause texts by shape: the same arrangement of tags is compiled once for a whole library.

Compiling one clause text with Jinja (lex, parse, generate Python, compile it) costs about
half a millisecond, rendering it a tenth of that: checking ten thousand clauses in two
languages would spend ten seconds compiling. But a clause text is prose around a few tags,
``{{ country }}``, ``{{ since | long_date }}``, ``{% if meeting %}...{% endif %}``, and the
same tags recur across a library. So each text is split into its top-level *segments*:
literal text, which needs no template at all, and tag constructs, each reduced to a
skeleton in which literal text inside it becomes a placeholder ``{{ CSP_D0 }}`` and every
declared variable is renamed by order of first use (``CSP_V0``). One compiled template per
distinct segment skeleton serves every text that has it; a text renders as its segments
rendered in order with its own pieces and values bound to the placeholders.

Why the output is the same:
- a template's output is the output of its top-level nodes in order, and without
  ``{% set %}`` (no other statement leaves anything behind, and the sandbox forbids
  changing values) each of them depends on the context alone; a text with ``{% set %}``
  is one segment;
- literal text comes out as written (Jinja writes template data without ``finalize``); a
  placeholder holds :class:`Markdown`, which the environment's finalize writes unchanged;
- renaming variables consistently changes no meaning;
- a segment is kept only when lexing its skeleton gives back exactly the tokens of the
  text (pieces and names replaced). A text with a statement other than if/for/set, a
  declared variable whose name Jinja gives a meaning, or anything else unusual gets no
  skeleton and is compiled on its own; so is any text whose rendering raises, so that
  errors are those of the text itself.

The index stores skeletons (made when a file is indexed) as source text and strings, never
as tokens or code: Jinja lexes and compiles the source again when it is used.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, NamedTuple

import jinja2
from jinja2 import nodes
from jinja2.lexer import (
    TOKEN_ASSIGN,
    TOKEN_BLOCK_BEGIN,
    TOKEN_BLOCK_END,
    TOKEN_DATA,
    TOKEN_DOT,
    TOKEN_FLOAT,
    TOKEN_INTEGER,
    TOKEN_LPAREN,
    TOKEN_NAME,
    TOKEN_PIPE,
    TOKEN_RPAREN,
    TOKEN_STRING,
    TOKEN_VARIABLE_BEGIN,
    TOKEN_VARIABLE_END,
    Token,
    TokenStream,
    reverse_operators,
)
from jinja2.parser import Parser

from csp_draft.markdown.escape import Markdown

STATEMENTS = frozenset({"if", "elif", "else", "endif", "for", "endfor", "set", "endset"})
# Names that mean something to Jinja or to every clause text: a clause declaring a variable
# of such a name gets no skeleton.
RESERVED = frozenset({
    "and", "or", "not", "in", "is", "if", "else", "elif", "endif", "for", "endfor", "set",
    "endset", "recursive", "true", "false", "none", "True", "False", "None", "loop", "self",
    "super", "caller", "varargs", "kwargs", "with", "without", "context", "ignore", "missing",
    "import", "from", "as", "include", "extends", "block", "macro", "call", "filter", "raw",
    "scoped", "required", "range", "dict", "lipsum", "cycler", "joiner", "namespace", "lang",
})
# Names in variable positions that are never loaded from the context (constants, operators).
NOT_LOADED = frozenset({"and", "or", "not", "in", "is", "if", "else", "true", "false", "none",
                        "True", "False", "None"})
PREFIX = "CSP_"  # placeholders are upper case: declared variables never are
_PIECE = PREFIX + "D"
_VARIABLE = PREFIX + "V"
_DELIMITERS = {TOKEN_VARIABLE_BEGIN: "{{", TOKEN_VARIABLE_END: "}}",
               TOKEN_BLOCK_BEGIN: "{%", TOKEN_BLOCK_END: "%}"}


class Segment(NamedTuple):
    """Literal text (``source`` None, the text in ``pieces[0]``) or a tag construct as Jinja
    source with what fills it back in."""

    source: str | None
    names: tuple[str, ...] = ()  # the declared variable behind CSP_V0, CSP_V1, ...
    pieces: tuple[str, ...] = ()  # the literal text behind CSP_D0, CSP_D1, ...


class Skeleton(NamedTuple):
    """A text as segments."""

    segments: tuple[Segment, ...]

    def to_record(self) -> list[Any]:
        return [[segment.source, list(segment.names), list(segment.pieces)]
                for segment in self.segments]

    @classmethod
    def from_record(cls, record: Any) -> Skeleton:
        """A stored skeleton; ValueError when the record has another shape."""
        if type(record) is not list:
            raise ValueError("malformed skeleton")
        segments = []
        for item in record:
            if type(item) is not list or len(item) != 3:
                raise ValueError("malformed skeleton segment")
            source, names, pieces = item
            if (type(names) is not list or type(pieces) is not list
                    or set(map(type, names)) - _TEXT or set(map(type, pieces)) - _TEXT):
                raise ValueError("malformed skeleton segment")
            if source is None:
                if len(pieces) != 1 or names:
                    raise ValueError("malformed skeleton segment")
            elif type(source) is not str:
                raise ValueError("malformed skeleton segment")
            segments.append(Segment(source, tuple(names), tuple(pieces)))
        return cls(tuple(segments))


_TEXT = {str}


def lex(env: jinja2.Environment, text: str) -> list[Token]:
    """The tokens Jinja's parser would read for ``text``, within the sandbox's limits on
    nesting and size (raises TemplateSyntaxError)."""
    from csp_draft.sandbox.limits import guarded_tokens

    return list(guarded_tokens(env, text))


def parse_tokens(env: jinja2.Environment, tokens: list[Token]) -> nodes.Template:
    """Parse already lexed tokens: what ``env.parse(text)`` does, without lexing twice."""
    parser = Parser(env, "", None, None)
    parser.stream = TokenStream(iter(tokens), None, None)
    return parser.parse()


def referenced_names(tokens: list[Token]) -> set[str] | None:
    """Every name the text could load from its context, or None when the text has
    statements other than if/for/set (whose names a token scan cannot tell apart)."""
    names = set()
    depth = 0
    for position, token in enumerate(tokens):
        kind = token.type
        if kind == TOKEN_BLOCK_BEGIN:
            following = tokens[position + 1] if position + 1 < len(tokens) else None
            if following is None or following.type != TOKEN_NAME or (
                    following.value not in STATEMENTS):
                return None
        elif kind == TOKEN_LPAREN:
            depth += 1
        elif kind == TOKEN_RPAREN:
            depth -= 1
        elif kind == TOKEN_NAME and token.value not in NOT_LOADED and (
                token.value not in STATEMENTS or tokens[position - 1].type
                != TOKEN_BLOCK_BEGIN) and _is_reference(tokens, position, depth):
            names.add(token.value)
    return names


def _is_reference(tokens: list[Token], position: int, depth: int) -> bool:
    """Whether the name at ``position`` names a variable (not an attribute, filter, test or
    keyword argument, whose names are not variables)."""
    before = tokens[position - 1] if position else None
    if before is not None:
        if before.type in (TOKEN_DOT, TOKEN_PIPE):
            return False
        if before.type == TOKEN_NAME and before.value == "is":
            return False
        if before.type == TOKEN_NAME and before.value == "not" and position >= 2 and (
                tokens[position - 2].type == TOKEN_NAME and tokens[position - 2].value == "is"):
            return False
    after = tokens[position + 1] if position + 1 < len(tokens) else None
    return not (depth > 0 and after is not None and after.type == TOKEN_ASSIGN)


def skeleton_of(env: jinja2.Environment, text: str, variables: Collection[str]
                ) -> Skeleton | None:
    """The skeleton of ``text`` (a clause text with these declared variables), or None."""
    try:
        return skeleton_from_tokens(env, lex(env, text), variables)
    except jinja2.TemplateSyntaxError:
        return None


def skeleton_from_tokens(env: jinja2.Environment, tokens: list[Token],
                         variables: Collection[str]) -> Skeleton | None:
    if any(name in RESERVED for name in variables):
        return None
    whole = any(token.type == TOKEN_NAME and token.value in ("set", "endset")
                for token in tokens)
    segments: list[Segment] = []
    expected: list[tuple[str, Any]] = []
    start = 0
    depth = 0
    for position, token in enumerate(tokens):
        kind = token.type
        if kind == TOKEN_DATA and depth == 0 and not whole:
            segments.append(Segment(None, (), (token.value,)))
            start = position + 1
        elif kind == TOKEN_BLOCK_BEGIN:
            following = tokens[position + 1] if position + 1 < len(tokens) else None
            if following is None or following.type != TOKEN_NAME or (
                    following.value not in STATEMENTS):
                return None
            if following.value in ("if", "for"):
                depth += 1
            elif following.value in ("endif", "endfor"):
                depth -= 1
        elif kind in (TOKEN_BLOCK_END, TOKEN_VARIABLE_END) and depth == 0 and (
                not whole):
            segment = _segment(tokens[start:position + 1], variables, expected)
            if segment is None:
                return None
            segments.append(segment)
            start = position + 1
    if whole:
        segment = _segment(tokens, variables, expected)
        if segment is None:
            return None
        segments = [segment]
    elif depth != 0 or start != len(tokens):
        return None
    # Verified once for the whole text: lexing the skeletons one after another must give
    # exactly the tokens of the text, pieces and names replaced. Delimiters are compared by
    # kind: "{%-" or "%}\n" did their work when the text was lexed (its pieces are what is
    # left), and the parser reads only the kind.
    try:
        again = [(token.type, _DELIMITERS.get(token.type, token.value)) for token in
                 lex(env, "".join(s.source for s in segments if s.source is not None))]
    except jinja2.TemplateSyntaxError:
        return None
    if again != expected:
        return None
    return Skeleton(tuple(segments))


def _segment(tokens: list[Token], variables: Collection[str],
             expected: list[tuple[str, Any]]) -> Segment | None:
    """One tag construct (or a whole text) as a skeleton; adds the tokens lexing it must
    give to ``expected``."""
    words: list[str] = []
    renamed: dict[str, str] = {}
    pieces: list[str] = []
    depth = 0
    for position, token in enumerate(tokens):
        kind, value = token.type, token.value
        if kind == TOKEN_DATA:
            placeholder = f"{_PIECE}{len(pieces)}"
            pieces.append(value)
            expected += [(TOKEN_VARIABLE_BEGIN, "{{"), (TOKEN_NAME, placeholder),
                         (TOKEN_VARIABLE_END, "}}")]
            words.append("{{ " + placeholder + " }}")
            continue
        if kind == TOKEN_LPAREN:
            depth += 1
        elif kind == TOKEN_RPAREN:
            depth -= 1
        elif kind == TOKEN_NAME:
            if value.startswith(PREFIX):
                return None
            if value in variables and _is_reference(tokens, position, depth):
                new = renamed.get(value)
                if new is None:
                    new = renamed[value] = f"{_VARIABLE}{len(renamed)}"
                value = new
        word = _source_of(kind, value)
        if word is None:
            return None
        expected.append((kind, _DELIMITERS.get(kind, value)))
        words.append(word)
    return Segment(_join(words), tuple(renamed), tuple(pieces))


def _source_of(kind: str, value: Any) -> str | None:
    """Jinja source that lexes back to this token (None: not one a skeleton may hold)."""
    if kind in _DELIMITERS:
        return _DELIMITERS[kind]
    if kind == TOKEN_NAME:
        return str(value)
    if kind == TOKEN_STRING:
        return repr(value)
    if kind == TOKEN_INTEGER and type(value) is int and value >= 0:
        return str(value)
    if kind == TOKEN_FLOAT and type(value) is float and value >= 0:
        return repr(value)
    return reverse_operators.get(kind)


def _join(words: list[str]) -> str:
    """Words of a skeleton, spaced inside tags, none between a tag's end and the next."""
    out: list[str] = []
    for word in words:
        if out and not (out[-1].endswith(("}}", "%}")) and word.startswith(("{{", "{%"))):
            out.append(" ")
        out.append(word)
    return "".join(out)


def segment_context(segment: Segment, values: Mapping[str, Any], lang: str
                    ) -> dict[str, Any]:
    """The render context of one tag segment of a text: its pieces and its values (already
    localised) under the placeholder names."""
    context: dict[str, Any] = {f"{_PIECE}{index}": Markdown(piece)
                               for index, piece in enumerate(segment.pieces)}
    for index, name in enumerate(segment.names):
        context[f"{_VARIABLE}{index}"] = values.get(name)
    context["lang"] = lang
    return context
