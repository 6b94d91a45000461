"""Parsing the rendered Markdown: front matter, tokens, footnotes, link safety."""

from __future__ import annotations

import datetime as dt

import pytest

from csp_draft.errors import CspDraftError
from csp_draft.markdown.parse import markdown_parser, parse_document, safe_href, split_footnotes


def test_front_matter_and_tokens(resolution: str) -> None:
    document = parse_document(resolution)
    assert document.meta["title"] == "Resolution on Civic Space"
    assert document.meta["date"] == dt.date(2026, 11, 23)
    assert document.meta["keywords"] == ["civic space", "defenders"]
    assert document.text("keywords") == "civic space, defenders"
    assert document.text("missing") == ""
    assert document.lang == "en"
    assert document.tokens[0].type == "heading_open"
    assert "front_matter" not in {token.type for token in document.tokens}


def test_one_shared_parser_with_tables_footnotes_and_no_html() -> None:
    parser = markdown_parser()
    assert parser is markdown_parser()
    assert parser.options["html"] is False
    enabled = set(parser.get_active_rules()["block"])
    assert {"table", "footnote_def", "front_matter"} <= enabled
    assert "html_block" not in enabled


def test_text_without_front_matter() -> None:
    document = parse_document("Just text.\n")
    assert document.meta == {}
    assert document.lang == ""


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: [unclosed", "not valid YAML"),
        ("- a\n- b", "must be a mapping"),
        ("lang: 'en ru'", "not a language tag"),
        ("lang: 7", "not a language tag"),
    ],
)
def test_bad_front_matter_is_a_user_error(front: str, message: str) -> None:
    with pytest.raises(CspDraftError, match=message) as caught:
        parse_document(f"---\n{front}\n---\n\nText.\n")
    assert caught.value.hint


def test_split_footnotes_separates_the_notes_from_the_body() -> None:
    document = parse_document("A[^x] B[^y] A again[^x].\n\n[^x]: Note X.\n\n[^y]: Note Y.\n")
    split = split_footnotes(document.tokens)
    assert "footnote_block_open" not in {token.type for token in split.body}
    assert sorted(split.notes) == [0, 1]
    texts = {
        key: "".join(t.content for t in tokens if t.type == "inline")
        for key, tokens in split.notes.items()
    }
    assert texts == {0: "Note X.", 1: "Note Y."}
    assert not [t for tokens in split.notes.values() for t in tokens if t.type == "footnote_anchor"]


@pytest.mark.parametrize(
    "href",
    ["https://example.org", "HTTP://x.org", "mailto:a@example.org", "annex.html", "#part-2",
     "/docs/a:b", "?page=2", "//example.org/x"],
)
def test_safe_hrefs(href: str) -> None:
    assert safe_href(href) == href


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:x", "java\tscript:x",
     "java\nscript:x", "java%09script:x", "%6Aavascript:x", "vbscript:x", "data:text/html,x",
     "file:///etc/passwd", "ftp://example.org", "tel:+1", "\x01javascript:x"],
)
def test_unsafe_hrefs(href: str) -> None:
    assert safe_href(href) is None
