"""Escaping values so they cannot change the structure of the Markdown they land in.

A value such as ``# Heading``, ``1. item``, ``[link](javascript:...)`` or ``<script>`` is
text in a draft, never structure: every value goes through :func:`escape_markdown` before
it reaches the document. Text already produced as Markdown (a rendered clause, a filter's
output) is wrapped in :class:`Markdown` and passes through unchanged.
"""

from __future__ import annotations

import re

from csp_draft.textsafety import C0_CONTROLS


class Markdown(str):
    """Text that is already Markdown and must not be escaped again."""

    __slots__ = ()


# ASCII punctuation that CommonMark may read as syntax anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|{}]|&(?=#?\w+;))")
# Characters that start a block when they open a line: headings, lists, quotes, rules,
# setext underlines and ``~~~`` code fences.
_LINE_START = re.compile(r"^(\s*)([#>+\-=~]|\d+(?=[.)](?:\s|$)))")
# A closing ``#`` sequence, which a heading would drop.
_TRAILING_HASHES = re.compile(r"(?<=\s)#+$")
_WHITESPACE_WITH_NEWLINE = re.compile(r"\s*[\r\n]+\s*")
_CONTROL = re.compile(f"[{C0_CONTROLS}\x7f]")
# Every character the four substitutions above can act on (line breaks included).
_ANY_SPECIAL = re.compile("[\x00-\x1f\x7f\\\\`*_\\[\\]<>|{}&#]")


def escape_markdown(value: object) -> Markdown:
    """``value`` as inline Markdown text that renders exactly as written."""
    if isinstance(value, Markdown):
        return value
    text = str(value)
    # Leading spaces or a tab would make an indented code block, and trailing spaces a
    # hard line break, where the value starts or ends a line: a value has neither.
    if _ANY_SPECIAL.search(text) is None:  # most values: nothing to replace
        text = text.strip()
    else:
        text = _CONTROL.sub("", text)
        text = _WHITESPACE_WITH_NEWLINE.sub(" ", text).strip()
        text = _INLINE_SPECIAL.sub(r"\\\1", text)
        text = _TRAILING_HASHES.sub(lambda m: "\\" + m.group(), text)
    match = _LINE_START.match(text)
    if match:
        marker = match.group(2)
        if marker.isdigit():
            end = match.end(2)
            text = text[:end] + "\\" + text[end:]
        else:
            text = text[: match.start(2)] + "\\" + text[match.start(2):]
    return Markdown(text)
