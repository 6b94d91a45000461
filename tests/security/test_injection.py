"""Threat: a value injects structure or markup into the document.

A value (a name, a country, a title, a heading, a list item, a signatory) is text: whatever
it looks like, the document must have exactly the structure it has with a plain value,
and show the value as written. Checked on the parsed Markdown tokens, on the DOCX
paragraphs and on the HTML elements. Free text and clause texts are Markdown by design,
but the HTML never carries raw HTML or a javascript: link from them either.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest

from csp_draft.markdown.parse import markdown_parser, parse_document
from tests.conftest import CliResult
from tests.security.conftest import snapshot, write_draft
from tests.writers.test_html_writer import Page

Cli = Callable[..., CliResult]

PLAIN = "Plainvalue"
HOSTILE = [
    "# heading", "## also", "1. item", "1) item", "- dash", "* star", "+ plus", "> quote",
    "<script>alert(1)</script>", "[link](javascript:alert(1))", "![img](http://x.example/y.png)",
    "footnote[^1]", "[^1]: a footnote", "{++inserted++}", "{--deleted--}", "{>>comment<<}",
    "a | b | c", "| a |\n|---|", "---", "***", "___", "===", "~~~", "```", "    code block",
    "\tcode", "line one\n\n# two", "trailing  ", "&amp; &#60;", "<https://evil.example>",
    "<!-- hidden -->", "\\", "ends with #", "x\r\n- y", "`code`", "**bold**", "_em_",
    "[x]: https://ref.example", "[x]", "<a href='javascript:alert(1)'>a</a>", "2017. year",
]

CARRIER = """\
id: carrier
title: Carrier
kind: recommendation
topics: [testing]
variables:
  who: {type: string, required: true, example: x}
  items: {type: list, default: []}
  people:
    type: records
    default: []
    fields:
      name: {type: string, required: true}
      country: {type: string}
text:
  en: |-
    {{ who }}

    Mid {{ who }} line.

    {% for m in items %}
    - {{ m }}
    {% endfor %}

    Also {{ items | and_list }} and {{ people | people }}.
version: "1"
updated: 2026-11-23
"""

DRAFT = """\
kind: resolution
title: {v}
date: 2017-07-04
languages: [en]
sections:
  recommendations:
    heading: {v}
    items:
      - clause: carrier
        values:
          who: {v}
          items: [{v}, second]
          people: [{{name: {v}, country: {v}}}]
      - text: Our own words.
signatories:
  - {{organisation: {v}, country: {v}}}
"""


def _norm(value: str) -> str:
    """The value as a document shows it: one line, no surrounding spaces."""
    return re.sub(r"\s*[\r\n]+\s*", " ", value).strip()


def _shape(tokens: list[Any]) -> list[tuple[str, ...]]:
    """Block tokens with the kinds of their inline children (runs of text merged)."""
    shape: list[tuple[str, ...]] = []
    for token in tokens:
        children: list[str] = []
        for child in token.children or []:
            kind = "text" if child.type in ("text", "text_special") else child.type
            if not (children and kind == "text" and children[-1] == "text"):
                children.append(kind)
        shape.append((token.type, token.tag, *children))
    return shape


def _text(tokens: list[Any]) -> str:
    return "\n".join("".join(c.content for c in t.children or [] if c.type in
                             ("text", "text_special", "code_inline")) for t in tokens)


def _export_all(cli: Cli, ws: Path, value: str) -> dict[str, Any]:
    (ws / "clauses" / "carrier.yaml").write_text(CARRIER, encoding="utf-8")
    draft = write_draft(ws, DRAFT.format(v=json.dumps(value)))
    def sources() -> dict[str, bytes | str]:
        return {k: v for k, v in snapshot(ws).items() if not k.startswith("out/")}

    before = sources()
    result = cli("export", draft, "--format", "md,docx,html", "-o", "out/", "--force")
    assert result.code == 0, result.err
    assert sources() == before
    out = ws / "out"
    markdown = (out / "draft.md").read_text(encoding="utf-8")
    data = (out / "draft.docx").read_bytes()
    document = docx.Document(io.BytesIO(data))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document_xml = package.read("word/document.xml").decode()
        rels = "".join(package.read(n).decode() for n in package.namelist()
                       if n.endswith(".rels"))
    return {
        "markdown": markdown,
        "meta": parse_document(markdown).meta,
        "tokens": markdown_parser().parse(markdown),
        "paragraphs": [(p.style.name, p.text) for p in document.paragraphs],
        "document": document_xml,
        "rels": rels,
        "html": Page((out / "draft.html").read_text(encoding="utf-8")),
    }


@pytest.fixture
def plain(cli: Cli, ws: Path) -> dict[str, Any]:
    return _export_all(cli, ws, PLAIN)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_value_never_changes_the_structure(cli: Cli, ws: Path, plain: dict[str, Any],
                                             value: str) -> None:
    hostile = _export_all(cli, ws, value)
    shown = _norm(value)
    # Markdown: the same tokens, the value's text exactly where the plain value was.
    assert _shape(hostile["tokens"]) == _shape(plain["tokens"])
    assert _text(hostile["tokens"]) == _text(plain["tokens"]).replace(PLAIN, shown)
    assert _norm(hostile["meta"]["title"]) == shown  # the front matter is YAML, never Markdown
    # DOCX: the same paragraphs in the same styles, the value as written.
    assert hostile["paragraphs"] == [(style, text.replace(PLAIN, shown))
                                     for style, text in plain["paragraphs"]]
    assert "<w:hyperlink" not in hostile["document"] and 'TargetMode="External"' not in (
        hostile["rels"])
    # HTML: the same elements, no script, image or link made from the value.
    page, base = hostile["html"], plain["html"]
    assert [tag for tag, _ in page.tags] == [tag for tag, _ in base.tags]
    assert "".join(page.text) == "".join(base.text).replace(PLAIN, shown)
    assert not page.all("script") and not page.all("img")


def test_free_text_and_clause_text_never_carry_raw_html_or_unsafe_links(cli: Cli,
                                                                         ws: Path) -> None:
    """Markdown by design, yet no raw HTML, script, image or javascript: link gets out."""
    hostile = ("<script>alert(1)</script> [click](javascript:alert(1)) "
               "[data](data:text/html;base64,PHNjcmlwdD4=) ![pixel](https://t.example/p.png) "
               "<a href='javascript:alert(2)'>a</a> <img src=x onerror=alert(3)> "
               "[ok](https://osce.org)")
    (ws / "clauses" / "markup.yaml").write_text(CARRIER.replace("carrier", "markup").replace(
        "    {{ who }}\n", "    " + hostile + " {{ who }}\n"), encoding="utf-8")
    draft = write_draft(ws, f"""\
        kind: resolution
        title: T
        languages: [en]
        sections:
          recommendations:
            items:
              - clause: markup
                values: {{who: x}}
              - text: {json.dumps(hostile)}
              - text: "<iframe src='https://evil.example'></iframe>"
                footnote: {json.dumps(hostile)}
        """)
    result = cli("export", draft, "--format", "html,docx", "-o", "out/")
    assert result.code == 0, result.err
    html = (ws / "out" / "draft.html").read_text(encoding="utf-8")
    page = Page(html)
    for tag in ("script", "img", "iframe"):
        assert not page.all(tag)
    assert all(not attrs.get("onerror") for _, attrs in page.tags)
    assert sorted(set(page.hrefs) - {h for h in page.hrefs if h.startswith("#")}) == [
        "https://osce.org"]
    with zipfile.ZipFile(ws / "out" / "draft.docx") as package:
        rels = "".join(package.read(n).decode() for n in package.namelist()
                       if n.endswith(".rels"))
    assert "javascript" not in rels and "data:" not in rels
    assert "https://t.example" not in rels  # images are never fetched nor linked


def test_huge_values_and_texts_are_refused(cli: Cli, ws: Path) -> None:
    """One value or text is at most 100,000 characters; a whole document 5,000,000."""
    big = "A" * 100_001
    draft = write_draft(ws, f"""\
        kind: resolution
        title: T
        languages: [en]
        sections:
          situation:
            items:
              - text: {big}
        """)
    before = snapshot(ws)
    result = cli("export", draft, "-f", "md,docx")
    assert (result.code, result.out, result.err) == (
        1, "", f"{draft}:7:15: error: text is longer than 100,000 characters\n")
    draft.write_text(draft.read_text().replace(f"- text: {big}", "- clause: fx-situation\n"
                                               f"        values: {{country: {big}}}"))
    result = cli("export", draft, "-f", "md,docx")
    assert (result.code, result.out, result.err) == (
        1, "", f"{draft}:8:27: error: 'country' of situation.1 (fx-situation) is longer than "
        "100,000 characters\n")
    assert {k: v for k, v in snapshot(ws).items() if k != "drafts/draft.yaml"} == {
        k: v for k, v in before.items() if k != "drafts/draft.yaml"}
    items = "".join(f"      - text: {'B' * 99_999}\n" for _ in range(60))
    draft.write_text("kind: resolution\ntitle: T\nlanguages: [en]\nsections:\n  situation:\n"
                     "    items:\n" + items, encoding="utf-8")
    before = snapshot(ws)
    result = cli("export", draft, "-f", "md,docx")
    assert result.code == 1
    from csp_draft import paths

    template = paths.packaged("templates") / "resolution.md.j2"
    # A long draft through the packaged template: no "hostile" (issue 23, item 20).
    assert result.err == (f"{template}: error: rendering stopped: output would exceed "
                          "5,000,000 characters; split the draft into shorter documents, or "
                          "look for a loop in a template or clause text that repeats its "
                          "output\n")
    assert snapshot(ws) == before


@pytest.mark.parametrize("title", ['"A\\n---\\nB"', '"A\\n...\\nB"', "|\n  A\n  ---\n  B\n"])
def test_a_title_with_line_breaks_exports(cli: Cli, ws: Path, title: str) -> None:
    """`check` passed such a title and every export failed "front matter is not valid YAML
    (line 3)", with no draft location: a "---" line ended the front matter early."""
    import docx

    draft = write_draft(ws, f"""\
        kind: resolution
        title: {title}
        languages: [en]
        sections:
          recommendations:
            items:
              - text: Words.
        """.replace("\n  A\n  ", "\n          A\n          ").replace("\n  B\n", "\n          B\n"))
    assert cli("check", draft).code == 0
    result = cli("export", draft, "-f", "md,docx")
    assert result.code == 0, result.err
    shown = "A ... B" if "..." in title else "A --- B"
    markdown = draft.with_suffix(".md").read_text(encoding="utf-8")
    assert markdown.startswith(f"---\ntitle: {shown}\nlang: en\n")
    document = docx.Document(str(draft.with_suffix(".docx")))
    assert document.core_properties.title == shown
    assert document.paragraphs[0].text == shown
