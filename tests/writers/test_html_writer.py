"""The HTML writer: one safe, self-contained page."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csp_draft.writers.formats import write_output
from csp_draft.writers.html import build_html


class Page(HTMLParser):
    """Collects tags with their attributes, and the text, of a rendered page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def hrefs(self) -> list[str]:
        return [str(attrs.get("href")) for attrs in self.all("a")]


def test_writes_one_self_contained_page(resolution: str, tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    write_output(resolution, "html", out)
    html = out.read_text(encoding="utf-8")
    page = Page(html)
    assert html.startswith("<!DOCTYPE html>")
    assert page.all("html") == [{"lang": "en"}]
    assert not page.all("script") and not page.all("link") and not page.all("img")
    assert not [attrs for _, attrs in page.tags if "src" in attrs]
    assert "@page" in html and "size: A4" in html and "@media print" in html
    assert "<title>Resolution on Civic Space</title>" in html
    assert '<h1 class="title">Resolution on Civic Space</h1>' in html
    assert '<p class="subtitle">Adopted at the Civil Society Forum</p>' in html


def test_lang_attribute_and_right_to_left_languages(make_resolution: Callable[..., str]) -> None:
    assert Page(build_html(make_resolution(lang="ru"))).all("html") == [{"lang": "ru"}]
    assert Page(build_html(make_resolution(lang="ar"))).all("html") == [
        {"lang": "ar", "dir": "rtl"}
    ]


def test_footnotes_link_both_ways(resolution: str) -> None:
    page = Page(build_html(resolution))
    ids = {str(attrs["id"]) for _, attrs in page.tags if attrs.get("id")}
    refs = [attrs for attrs in page.all("a") if attrs.get("role") == "doc-noteref"]
    backs = [attrs for attrs in page.all("a") if attrs.get("role") == "doc-backlink"]
    assert [attrs["href"] for attrs in refs] == ["#fn1", "#fn2"]
    assert [attrs["href"] for attrs in backs] == ["#fnref1", "#fnref2"]
    for attrs in refs:
        assert str(attrs["href"])[1:] in ids
        assert attrs["id"] in ids
    for attrs in backs:
        assert str(attrs["href"])[1:] in ids
    text = "".join(page.text)
    assert "Final Act, Helsinki, 1975." in text


def test_a_note_cited_twice_has_a_back_link_to_each_citation() -> None:
    page = Page(build_html("A[^n] and B[^n].\n\n[^n]: The note.\n"))
    refs = [a for a in page.all("a") if a.get("role") == "doc-noteref"]
    backs = [a for a in page.all("a") if a.get("role") == "doc-backlink"]
    assert [a["id"] for a in refs] == ["fnref1", "fnref1-2"]
    assert [a["href"] for a in backs] == ["#fnref1", "#fnref1-2"]


def test_nested_lists_keep_their_start_numbers(resolution: str) -> None:
    html = build_html(resolution + "\n3. three\n4. four\n")
    page = Page(html)
    assert {"start": "3"} in page.all("ol")
    assert len(page.all("ul")) == 1
    assert html.index("Urges the authorities") < html.index("<ul>") < html.index(
        "Recommendation number 8"
    )
    assert "ol ol > li::marker" in html


def test_tables_and_block_quotes() -> None:
    page = Page(build_html("> Quoted.\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n"))
    assert page.all("blockquote") and page.all("table")
    assert {"style": "text-align:right"} in page.all("td")


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>\n",
        "Inline <script>alert(1)</script> text.\n",
        "<img src=x onerror=alert(1)>\n",
        "<a href='javascript:alert(1)'>x</a>\n",
        "---\ntitle: <script>alert(1)</script>\nauthor: '\"><script>x</script>'\n---\n\nText.\n",
    ],
)
def test_raw_html_is_escaped(markdown: str) -> None:
    html = build_html(markdown)
    body = html.split("</style>", 1)[1]
    assert "<script" not in body.lower()
    assert "<img" not in body.lower()
    assert "&lt;script&gt;" in body or "&lt;img" in body or "&lt;a href" in body
    assert not [attrs for _, attrs in Page(html).tags if any(k.startswith("on") for k in attrs)]


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](  javascript:alert(1))",
        "[x](jav&#x61;script:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x](java%0Ascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](file:///etc/passwd)",
        "[x](ftp://example.org/)",
        "<javascript:alert(1)>",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
    ],
)
def test_links_other_than_http_https_mailto_or_relative_are_plain_text(link: str) -> None:
    html = build_html(f"Before {link} after.\n")
    page = Page(html)
    assert page.hrefs == []
    assert "Before" in "".join(page.text) and "after." in "".join(page.text)


@pytest.mark.parametrize(
    ("link", "href"),
    [
        ("[x](https://example.org/a?b=1&c=2)", "https://example.org/a?b=1&c=2"),
        ("[x](HTTP://EXAMPLE.ORG)", "HTTP://EXAMPLE.ORG"),
        ("[x](mailto:office@example.org)", "mailto:office@example.org"),
        ("[x](annex.html#part-2)", "annex.html#part-2"),
        ("<https://example.org>", "https://example.org"),
    ],
)
def test_safe_links_stay_links(link: str, href: str) -> None:
    assert Page(build_html(f"See {link}.\n")).hrefs == [href]


def test_images_are_shown_as_their_alt_text() -> None:
    html = build_html("Logo: ![Coalition logo](https://tracker.example/pixel.png)\n")
    assert "<img" not in html and "tracker.example" not in html
    assert "Coalition logo" in html


def test_a_content_security_policy_forbids_scripts() -> None:
    page = Page(build_html("Text.\n"))
    policies = [m for m in page.all("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert policies and "default-src 'none'" in str(policies[0]["content"])


_HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))",
    "[b](JAVASCRIPT:alert(1))", "[c](java&#x09;script:alert(1))", "<javascript:alert(1)>",
    "[d](data:text/html,<script>x</script>)", "![e](javascript:alert(1))", "`<script>`",
    "<svg onload=alert(1)>", "[f](https://example.org)", "- item <iframe src=x>", "> <style>",
    "[g]: javascript:alert(1)\n\n[g]", "&lt;script&gt;", "<!-- comment -->", "Text[^n]",
    "[^n]: <script>note</script>",
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_HOSTILE) | st.text(max_size=20), max_size=20))
def test_no_markup_or_unsafe_link_gets_through(pieces: list[str]) -> None:
    page = Page(build_html("\n".join(pieces) + "\n"))
    allowed = {"html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2",
               "h3", "h4", "h5", "h6", "p", "em", "strong", "a", "ul", "ol", "li", "blockquote",
               "table", "thead", "tbody", "tr", "th", "td", "hr", "br", "code", "pre", "sup",
               "section"}
    assert {tag for tag, _ in page.tags} <= allowed
    assert not [attrs for _, attrs in page.tags if any(k.startswith("on") for k in attrs)]
    for href in page.hrefs:
        assert href.startswith(("https://", "#fn")), href
