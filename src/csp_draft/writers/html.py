"""Markdown -> one self-contained HTML5 page (embedded CSS, print-ready on A4).

Nothing from the text reaches the page as markup: the parser has raw HTML switched off,
any HTML token that still appears is escaped, images are shown as their alt text (a
page that loads nothing from elsewhere), and a link is only a link when its address is
http, https, mailto or relative (:func:`csp_draft.markdown.parse.safe_href`).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from csp_draft.fsio import atomic_write
from csp_draft.markdown.parse import markdown_parser, parse_document, safe_href

_RTL = frozenset({"ar", "fa", "he", "ur", "ps", "dv", "yi", "ug", "ckb", "sd"})

CSS = """
:root { color-scheme: light; }
body { font-family: "Times New Roman", "Liberation Serif", Times, "DejaVu Serif", serif;
  font-size: 12pt; line-height: 1.45; color: #111; background: #fff;
  max-width: 42em; margin: 2.5em auto; padding: 0 1.25em; }
header.doc-header { text-align: center; margin-bottom: 2em; }
h1.title { font-size: 16pt; margin: 0 0 .3em; }
p.subtitle { font-size: 13pt; font-style: italic; margin: 0; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 .5em;
  break-after: avoid; page-break-after: avoid; }
h1 { font-size: 14pt; } h2 { font-size: 12pt; }
h3, h4, h5, h6 { font-size: 12pt; font-style: italic; }
p, li { hyphens: auto; }
p { margin: 0 0 .65em; }
ol, ul { padding-inline-start: 2.2em; margin: .4em 0 .8em; }
li { margin: .35em 0; }
li > p { margin: 0 0 .35em; }
ol ol > li::marker { content: counter(list-item, lower-alpha) ") "; }
ol ol ol > li::marker { content: counter(list-item, lower-roman) ". "; }
blockquote { margin: 1em 2.5em; font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border: 1px solid #444; padding: .2em .5em; vertical-align: top; }
hr { border: 0; border-top: 1px solid #444; margin: 1.5em 0; }
a { color: #0550ae; }
sup.footnote-ref { line-height: 0; }
sup.footnote-ref a, a.footnote-backref { text-decoration: none; }
section.footnotes { font-size: 10pt; margin-top: 2.5em; }
section.footnotes hr { width: 33%; margin-inline-start: 0; }
code, pre { font-family: "Courier New", "Liberation Mono", monospace; font-size: 10pt; }
pre { white-space: pre-wrap; }
@page { size: A4; margin: 2.5cm; @bottom-center { content: counter(page); font-size: 10pt; } }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  a { color: inherit; }
  p { orphans: 3; widows: 3; }
  tr, blockquote { break-inside: avoid; }
}
""".strip()


def write_html(markdown_text: str, out_path: Path) -> None:
    """Write ``markdown_text`` as a standalone HTML page at ``out_path`` (atomically)."""
    atomic_write(out_path, build_html(markdown_text))


def build_html(markdown_text: str) -> str:
    document = parse_document(markdown_text)
    lang = document.lang or "en"
    direction = ' dir="rtl"' if lang.split("-")[0].lower() in _RTL else ""
    title = document.text("title")
    subtitles = document.lines("subtitle")
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Defence in depth: even if markup slipped through, nothing could run or load.
        '<meta http-equiv="Content-Security-Policy"'
        " content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="generator" content="csp-draft">',
        f"<title>{escape(title or 'Document')}</title>",
    ]
    for name, key in (("author", "author"), ("keywords", "keywords"), ("description", "subject")):
        value = document.text(key)
        if value:
            head.append(f'<meta name="{name}" content="{escape(value)}">')
    header = ""
    if title or subtitles:
        header = '<header class="doc-header">'
        if title:
            header += f'<h1 class="title">{escape(title)}</h1>'
        for subtitle in subtitles:
            header += f'<p class="subtitle">{escape(subtitle)}</p>'
        header += "</header>\n"
    renderer = _SafeRenderer()
    body = renderer.render(document.tokens, markdown_parser().options, {})
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}"{direction}>\n<head>\n'
        + "\n".join(head)
        + f"\n<style>\n{CSS}\n</style>\n</head>\n<body>\n<main>\n{header}{body}</main>\n"
        "</body>\n</html>\n"
    )


class _SafeRenderer(RendererHTML):
    """markdown-it's HTML renderer with safe links, no raw HTML and two-way footnotes.

    Methods named after token types replace markdown-it's rules for them.
    """

    def __init__(self) -> None:
        super().__init__()
        self._link_shown: list[bool] = []

    def link_open(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        href = safe_href(str(token.attrGet("href") or ""))
        self._link_shown.append(href is not None)
        if href is None:
            return ""
        title = token.attrGet("title")
        title_attr = f' title="{escape(str(title))}"' if title else ""
        return f'<a href="{escape(href)}"{title_attr}>'

    def link_close(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        shown = self._link_shown.pop() if self._link_shown else False
        return "</a>" if shown else ""

    def image(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return escape(tokens[idx].content)

    def html_block(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return f"<p>{escape(tokens[idx].content)}</p>\n"

    def html_inline(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return escape(tokens[idx].content)

    def footnote_ref(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        number, ref_id = _note_ids(tokens[idx])
        return (
            f'<sup class="footnote-ref"><a href="#fn{number}" id="{ref_id}"'
            f' role="doc-noteref">{number}</a></sup>'
        )

    def footnote_block_open(
        self, tokens: Sequence[Token], idx: int, options: Any, env: Any
    ) -> str:
        return '<section class="footnotes" role="doc-endnotes">\n<hr>\n<ol>\n'

    def footnote_block_close(
        self, tokens: Sequence[Token], idx: int, options: Any, env: Any
    ) -> str:
        return "</ol>\n</section>\n"

    def footnote_open(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return f'<li id="fn{int(tokens[idx].meta["id"]) + 1}">'

    def footnote_close(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return "</li>\n"

    def footnote_anchor(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        number, ref_id = _note_ids(tokens[idx])
        sub = int(tokens[idx].meta.get("subId", 0))
        mark = "\u21a9\ufe0e" + (f"<sup>{sub + 1}</sup>" if sub else "")
        return (
            f' <a href="#{ref_id}" class="footnote-backref" role="doc-backlink"'
            f' aria-label="{number}">{mark}</a>'
        )


def _note_ids(token: Token) -> tuple[int, str]:
    """The note's number and the id of this particular reference to it."""
    number = int(token.meta["id"]) + 1
    sub = int(token.meta.get("subId", 0))
    return number, f"fnref{number}" + (f"-{sub + 1}" if sub else "")
