"""Typography of each working language, applied to the rendered Markdown as a step of its own.

Clause authors and drafters type plain spaces and straight quotes; this step sets them as a
printed document of the language needs them:

- Russian: a non-breaking space (U+00A0) in «2011 г.», «№ 3/18», «п. 9.2», «ст. 7», between a
  day and its month («4 июля») and before an em dash; straight double quotes become «ёлочки»,
  and „лапки“ inside them.
- English: straight double quotes become “curly” ones (‘single’ inside them), and a
  straight apostrophe between letters or after a plural's s («the coalition's», «States'»,
  «don't») becomes ’ (U+2019).

Only text is changed: code spans and blocks, link destinations, autolinks, HTML tags and
addresses written out (URLs, e-mail addresses) are left as they are, so the Markdown keeps
its structure and an address still leads where it did.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NBSP = "\u00a0"

_MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
)
_RU_SPACES = (
    # a year and its «г.» / «гг.»: «2011 г.», «1999–2000 гг.»
    (re.compile(r"(?<=\d)[ \u202f](?=гг?\.)"), NBSP),
    # the number sign and its number: «№ 3/18» (also «№3/18»)
    (re.compile(r"№ ?(?=\d)"), "№" + NBSP),
    # abbreviated references and their number: «п. 9.2», «ст. 7», «ч. 1», «пп. 2-3»
    (re.compile(r"(?<![\w.])(пп?|ст|ч|гл|разд|абз|стр|см)\. (?=\d)"), r"\1." + NBSP),
    # a day and its month: «4 июля», «4-5 декабря»
    (re.compile(r"(?<=\d) (?=(?:" + "|".join(_MONTHS_GENITIVE) + r")\b)"), NBSP),
    # before an em dash inside a line: «Среди них — …»
    (re.compile(r"(?<=\S) (?=—)"), NBSP),
)

# Regions that are Markdown syntax, not text: fenced code, code spans, link destinations,
# autolinks and HTML tags (an escaped "\<" is text and stays out of this).
_PROTECTED = re.compile(
    r"(?ms)^(?:```|~~~).*?^(?:```|~~~)[^\n]*$"
    r"|`+[^`\n]*`+"
    r"|\]\([^()\n]{0,2000}\)"
    r"|(?<!\\)<[^<>\n]*>"
    # addresses written out in the text: a URL, an e-mail address
    r'|\b(?:https?://|www\.)(?:[^\s<>"\ue000]{0,2000}[^\s<>"\ue000.,;:!?)»”])?'
    r"|(?<![\w.+'-])[\w.+'-]{1,200}@[\w-]{1,200}(?:\.[\w-]{1,200}){1,8}"
)
_QUOTE_OPENS_AFTER = set(" \t\n([{«„“‘—–-/\u00a0")

QUOTES = {
    # (outer open, outer close, inner open, inner close)
    "ru": ("«", "»", "„", "“"),
    "en": ("“", "”", "‘", "’"),
}


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def typeset(markdown: str, lang: str) -> str:
    """``markdown`` with the typography of ``lang`` (unchanged for a language without rules).
    A YAML front matter block is left alone: its values are typeset before they are dumped."""
    if lang not in QUOTES:
        return markdown
    front = _FRONT_MATTER.match(markdown)
    head = front.group() if front else ""
    return head + _outside_syntax(markdown[len(head):], lambda text: typeset_text(text, lang))


def typeset_text(text: str, lang: str) -> str:
    """Plain text (no Markdown syntax in it) with the typography of ``lang``."""
    if lang == "ru":
        for pattern, replacement in _RU_SPACES:
            text = pattern.sub(replacement, text)
    if lang in QUOTES and '"' in text:
        text = "\n\n".join(_quotes(paragraph, QUOTES[lang]) for paragraph in text.split("\n\n"))
    if lang == "en" and "'" in text:
        text = _APOSTROPHE.sub("\u2019", text)
    return text


# An apostrophe: between two letters ("don't", "coalition's", "O'Brien") or after the s of a
# plural possessive ("States' commitments"); a quote opening or closing a word is left.
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])|(?<=[^\W\d_]s)'(?=[\s,.;:)]|$)")


def _outside_syntax(markdown: str, change: Callable[[str], str]) -> str:
    """Apply ``change`` to the text between protected regions. Quotes are paired across
    them, so each region is replaced by a placeholder of private-use characters first."""
    kept: list[str] = []

    def hide(match: re.Match[str]) -> str:
        kept.append(match.group())
        return f"\ue000{len(kept) - 1}\ue001"

    hidden = _PROTECTED.sub(hide, markdown)
    changed = change(hidden)
    return re.sub("\ue000(\\d+)\ue001", lambda m: kept[int(m.group(1))], changed)


def _quotes(text: str, marks: tuple[str, str, str, str]) -> str:
    """Straight double quotes to the language's pairs, nested by depth; quotes already typed
    as the outer pair count for the depth, so a straight quote inside «…» becomes „…“."""
    outer_open, outer_close, inner_open, inner_close = marks
    out: list[str] = []
    stack: list[str] = []
    for index, char in enumerate(text):
        if char == outer_open and outer_open != outer_close:
            stack.append(outer_open)
        elif char == outer_close and stack and stack[-1] == outer_open:
            stack.pop()
        elif char == '"':
            before = text[index - 1] if index else " "
            if before in _QUOTE_OPENS_AFTER or not stack:
                mark = outer_open if not stack else inner_open
                stack.append(mark)
                char = mark
            else:
                mark = stack.pop()
                char = outer_close if mark == outer_open else inner_close
        out.append(char)
    return "".join(out)
