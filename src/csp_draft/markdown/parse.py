"""Parse the rendered Markdown once, the same way for every writer.

The contract (docs/markdown-contract.md): YAML front matter, then CommonMark with GFM
tables and footnotes; raw HTML is never markup. Writers walk the markdown-it token stream
(:attr:`ParsedDocument.tokens`); nothing here knows about DOCX or HTML.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from csp_draft.errors import CspDraftError
from csp_draft.markdown.front_matter import load_front_matter, one_line

# A BCP 47 tag as the contract uses it: "en", "ru", "pt-BR", "zh-Hant-TW".
_LANG_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*\Z")
# Link schemes a reader may follow; anything else is shown as plain text.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Browsers drop ASCII whitespace and control characters inside a URL's scheme.
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([^/?#]*?):")


# Line breaks and ordinary spaces, collapsed to one space; typography's no-break spaces
# (U+00A0, U+202F) are kept, unlike str.split() would.


class ParsedDocument(NamedTuple):
    """Front matter (``meta``) and the markdown-it tokens of the body.

    ``front_matter_lines`` counts the source lines the front matter takes (0 without one);
    the tokens' ``map`` line numbers count from the top of the whole text.
    """

    meta: dict[str, Any]
    tokens: list[Token]
    front_matter_lines: int = 0

    def text(self, key: str) -> str:
        """A front-matter value as one line of text; lists are joined with ", "."""
        value = self.meta.get(key)
        if value is None:
            return ""
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value if item is not None)
        return one_line(str(value))

    def lines(self, key: str) -> list[str]:
        """A front-matter value of one line or a list of lines (the subtitle lines), each
        line as one line of text; empty lines left out."""
        value = self.meta.get(key)
        values = value if isinstance(value, list | tuple) else [value]
        return [line for line in (one_line(str(v)) for v in values if v is not None) if line]

    @property
    def lang(self) -> str:
        """The document language (BCP 47), checked by :func:`parse_document`; "" if unset."""
        return self.text("lang")


class SplitDocument(NamedTuple):
    """The body tokens without the footnote block, and each footnote's block tokens.

    ``notes`` is keyed by the plugin's footnote id (``token.meta["id"]`` of a
    ``footnote_ref``); its tokens are the blocks between ``footnote_open`` and
    ``footnote_close`` without the back-reference anchors.
    """

    body: list[Token]
    notes: dict[int, list[Token]]


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one shared parser: CommonMark + tables + footnotes + front matter, no raw HTML."""
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    parser = MarkdownIt("commonmark", {"html": False})
    parser.enable("table")
    # With html off these rules can never match; not running them is a little faster.
    parser.disable(["html_block", "html_inline"])
    parser.use(front_matter_plugin)
    parser.use(footnote_plugin)
    return parser


def parse_document(text: str) -> ParsedDocument:
    """Parse rendered Markdown into front matter and tokens.

    Raises :class:`CspDraftError` when the front matter is not a YAML mapping or its
    ``lang`` is not a language tag (writers put it into XML and HTML attributes).
    """
    tokens = markdown_parser().parse(text)
    meta: dict[str, Any] = {}
    front_lines = 0
    if tokens and tokens[0].type == "front_matter":
        meta = load_front_matter(tokens[0].content)
        front_lines = tokens[0].map[1] if tokens[0].map else 0
        tokens = tokens[1:]
    lang = meta.get("lang")
    if lang is not None and not (isinstance(lang, str) and _LANG_TAG.match(lang)):
        raise CspDraftError(
            f"front matter: lang {lang!r} is not a language tag",
            hint="use a BCP 47 tag such as en, ru or pt-BR",
        )
    return ParsedDocument(meta=meta, tokens=tokens, front_matter_lines=front_lines)


class InlineFormat:
    """Bold and italic depth and the link that inline tokens are inside, kept up to date
    as their open and close tokens go by. A link whose address is not safe
    (:func:`safe_href`) is no link: its text reads as plain text."""

    __slots__ = ("_unsafe_links", "emphasis", "href", "strong")

    def __init__(self, *, bold: bool = False) -> None:
        self.strong = 1 if bold else 0
        self.emphasis = 0
        self.href: str | None = None
        self._unsafe_links = 0

    def apply(self, token: Token) -> str:
        """Take ``token`` into account; what it was: ``"format"`` (bold or italic),
        ``"link_open"`` or ``"link_close"`` (a safe link; :attr:`href` says where),
        ``"ignored"`` (either end of an unsafe link) or ``""`` (not a formatting token)."""
        kind = token.type
        if kind == "strong_open":
            self.strong += 1
        elif kind == "strong_close":
            self.strong -= 1
        elif kind == "em_open":
            self.emphasis += 1
        elif kind == "em_close":
            self.emphasis -= 1
        elif kind == "link_open":
            href = safe_href(str(token.attrGet("href") or ""))
            if href is None:
                self._unsafe_links += 1
                return "ignored"
            self.href = href
            return kind
        elif kind == "link_close":
            if self._unsafe_links:
                self._unsafe_links -= 1
                return "ignored"
            self.href = None
            return kind
        else:
            return ""
        return "format"


def split_footnotes(tokens: list[Token]) -> SplitDocument:
    """Separate the footnote block (which the plugin appends at the end) from the body."""
    body: list[Token] = []
    notes: dict[int, list[Token]] = {}
    current: list[Token] | None = None
    in_block = False
    for token in tokens:
        kind = token.type
        if kind == "footnote_block_open":
            in_block = True
        elif kind == "footnote_block_close":
            in_block = False
        elif kind == "footnote_open":
            current = notes.setdefault(int(token.meta["id"]), [])
        elif kind == "footnote_close":
            current = None
        elif current is not None:
            if kind != "footnote_anchor":
                current.append(token)
        elif not in_block:
            body.append(token)
    return SplitDocument(body=body, notes=notes)


def safe_href(href: str) -> str | None:
    """Return ``href`` if a reader may follow it (http, https, mailto or relative), else None.

    The scheme is judged the way a browser would read it: case-insensitively, with
    whitespace and control characters removed, and also after percent-decoding.
    """
    for candidate in (href, unquote(href)):
        compact = _URL_IGNORED.sub("", candidate)
        match = _SCHEME.match(compact)
        if match and match.group(1).lower() not in SAFE_SCHEMES:
            return None
    return href
