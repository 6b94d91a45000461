"""Fuzzing: random and hostile input never raises anything but a CspDraftError, never hangs.

Property tests with hypothesis over the YAML readers (text and bytes), the clause and draft
loaders, the round-trip editor's loader, the value escaping, and Markdown to DOCX/HTML.
Each example has a deadline, so a hang fails the test. The tests marked slow are the CI
fuzz run: more examples of the clause loader and the writers, about a minute in all.
(The draft editor's own property test is tests/drafts/test_properties.py; the writers'
are in tests/writers.)
"""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csp_draft.drafts.edit import DraftEdit
from csp_draft.drafts.read import parse_draft
from csp_draft.errors import CspDraftError, DiagnosticCollector
from csp_draft.library.load import load_clause_file
from csp_draft.markdown.escape import escape_markdown
from csp_draft.markdown.parse import markdown_parser
from csp_draft.writers.docx.write import build_docx
from csp_draft.writers.html import build_html
from csp_draft.yamlio.located import load_yaml, load_yaml_file
from tests.writers.test_html_writer import Page

YAML_PIECES = ["a: 1", "- x", "[", "]", "{", "}", "&a", "*a", "!!python/object:os.system",
               "!foo", "<<: *a", "? ", ": ", "---", "...", "%YAML 1.1", "%TAG ! tag:x,2000:",
               "\t", "\n", "  ", "'", '"', "\\", "\\ud800", "\\x00", "#", "|", ">", "~", "NO",
               "1.10", "0x1f", "9" * 40, "\ufeff", "\x00", "\x0b", "\x85", "\u2028", "é", "😀"]
yaml_text = st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=8), max_size=40).map(
    "".join)
FAST = settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
CI = settings(max_examples=1500, deadline=5000, suppress_health_check=[HealthCheck.too_slow])

# Structured data that YAML can dump: drafts and clauses with random shapes and values.
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(
    max_size=30)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=20)
DRAFT_KEYS = ["kind", "title", "languages", "date", "values", "sections", "signatories",
              "footnotes", "numbering", "authors", "subtitle", "event", "place"]
CLAUSE_KEYS = ["id", "title", "kind", "topics", "addressees", "variables", "text", "version",
               "updated", "legal_basis", "sources"]


def _only_user_errors(call: Any, *args: Any) -> Any:
    try:
        return call(*args)
    except CspDraftError:
        return None


@FAST
@given(yaml_text)
def test_the_yaml_reader_on_any_text(text: str) -> None:
    _only_user_errors(load_yaml, text, "fuzz.yaml")


@FAST
@given(st.binary(max_size=300) | yaml_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_the_yaml_reader_on_any_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_bytes(data)
        _only_user_errors(load_yaml_file, path)


def _draft_check(text: str) -> None:
    root = _only_user_errors(load_yaml, text, "fuzz.yaml")
    if root is None:
        return
    diags = DiagnosticCollector()
    draft = parse_draft(root, Path("fuzz.yaml"), diags)
    if draft is None or diags.errors:
        return
    # A draft the reader accepts, the editor must load too (ruamel reads it again).
    edit = DraftEdit(Path("fuzz.yaml"), text.encode("utf-8"))
    assert edit.result().data is None  # no change, no write


@FAST
@given(st.dictionaries(st.sampled_from(DRAFT_KEYS), values, max_size=8), yaml_text)
def test_the_draft_loader_on_any_shape(data: dict[str, Any], noise: str) -> None:
    data.setdefault("kind", "resolution")
    data.setdefault("title", "T")
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    _draft_check(text)
    _draft_check(text + noise)


def _clause_check(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        clause, problems = load_clause_file(path, ("en", "ru"), "fuzz")
        assert clause is not None or problems


CLAUSE_TEXTS = ["{{ x }}", "{% for a in x %}{{ a }}{% endfor %}", "{{ ''.__class__ }}",
                "{{ 'A'*10**9 }}", "{% include '../x' %}", "{{", "{% if %}", "{{ x|upper }}",
                "{{ " + "(" * 50 + "1" + ")" * 50 + " }}", "# heading {{ x }}", "{# c #}"]


def _clause_data(data: dict[str, Any], texts: list[str]) -> dict[str, Any]:
    data.setdefault("id", "fuzz")
    data.setdefault("title", "T")
    data.setdefault("kind", "recommendation")
    data.setdefault("topics", ["t"])
    data.setdefault("version", "1")
    data.setdefault("updated", "2026-11-23")
    data.setdefault("text", {"en": "".join(texts) or "Hi"})
    # x is declared, so most generated texts get past the name check to be rendered.
    if isinstance(data.get("variables"), dict) or "variables" not in data:
        data.setdefault("variables", {}).setdefault("x", {"type": "string", "example": "a"})
    return data


clause_shapes = st.tuples(st.dictionaries(st.sampled_from(CLAUSE_KEYS), values, max_size=6),
                          st.lists(st.sampled_from(CLAUSE_TEXTS) | st.text(max_size=10),
                                   max_size=4))


@FAST
@given(clause_shapes, yaml_text)
def test_the_clause_loader_on_any_shape(shape: tuple[dict[str, Any], list[str]],
                                        noise: str) -> None:
    text = yaml.safe_dump(_clause_data(*shape), allow_unicode=True, sort_keys=False)
    _clause_check(text)
    _clause_check(text + noise)


def test_a_clause_with_an_undeclared_name_and_an_unknown_filter_is_an_error() -> None:
    """Found by the fuzzer: every command that loads such a library (a loop variable and a
    misspelt filter are enough) ends in an internal error (exit 70) instead of naming the
    clause file."""
    for source in ("{{ y|nosuchfilter }}", "{% for d in [1] %}{{ d|attr('x') }}{% endfor %}"):
        text = yaml.safe_dump({"id": "fuzz", "title": "T", "kind": "recommendation",
                               "topics": ["t"], "version": "1", "updated": "2026-11-23",
                               "text": {"en": source}})
        _clause_check(text)


CONTEXTS = ["{v}", "- {v}", "Intro {v} end", "# {v}", "1. {v}", "para\n{v}",
            "| a |\n|---|\n| {v} |", "> {v}", "[^1]: {v}\n\nx[^1]"]
MARKDOWN_ALPHABET = list("#>+-=*_`~[]()!<>|{}\\&;:.1 \t\nax^\r\u00a0\u2028\x85\x0c")


def _shape(text: str) -> list[tuple[str, ...]]:
    shape = []
    for token in markdown_parser().parse(text):
        kinds: list[str] = []
        for child in token.children or []:
            kind = "text" if child.type in ("text", "text_special") else child.type
            if not (kinds and kinds[-1] == "text" == kind):
                kinds.append(kind)
        shape.append((token.type, token.tag, *kinds))
    return shape


@settings(max_examples=500, deadline=2000)
@given(st.text(alphabet=st.sampled_from(MARKDOWN_ALPHABET) | st.characters(), max_size=16))
def test_an_escaped_value_never_changes_the_structure(value: str) -> None:
    if not re.sub(r"[\s\x00-\x1f\x7f]", "", value):
        return  # nothing left to show
    escaped = escape_markdown(value)
    for context in CONTEXTS:
        assert _shape(context.format(v=escaped)) == _shape(context.format(v="x")), context


HOSTILE_MARKDOWN = ["<script>alert(1)</script>", "[x](javascript:alert(1))", "![i](http://t/p)",
                    "<img src=x onerror=alert(1)>", "[d](data:text/html,x)", "[^1]", "[^1]: n",
                    "| a |\n|---|\n| b |", "```\ncode", "> q", "1. a\n   - b", "\x00", "\x0b",
                    "\ufffe", "&#0;", "&#x110000;", "[a](<javascript:x>)", "<http://x>",
                    "[a]: javascript:x\n\n[a]", "***", "<!-- c -->", "- [ ] task"]
markdown = st.lists(st.sampled_from(HOSTILE_MARKDOWN) | st.text(max_size=20), max_size=20).map(
    lambda pieces: "---\ntitle: Fuzz\nlang: en\n---\n\n" + "\n".join(pieces) + "\n")


def _writers_check(text: str) -> None:
    data = build_docx(text)
    document = docx.Document(io.BytesIO(data))
    # Whatever the body holds, the document reopens with its title first and its metadata
    # (title and language) as the front matter gave them.
    assert document.paragraphs[0].text == "Fuzz"
    assert (document.core_properties.title, document.core_properties.language) == ("Fuzz", "en")
    page = Page(build_html(text))
    assert not page.all("script") and not page.all("img")
    assert not [h for h in page.hrefs if re.match(r"\s*(javascript|data|vbscript):", h, re.I)]


@FAST
@given(markdown)
def test_any_markdown_gives_a_docx_that_reopens_and_safe_html(text: str) -> None:
    _writers_check(text)


@pytest.mark.slow
@CI
@given(clause_shapes, yaml_text)
def test_ci_fuzz_run_of_the_clause_loader(shape: tuple[dict[str, Any], list[str]],
                                          noise: str) -> None:
    text = yaml.safe_dump(_clause_data(*shape), allow_unicode=True, sort_keys=False)
    _clause_check(text)
    _clause_check(text + noise)


@pytest.mark.slow
@CI
@given(markdown)
def test_ci_fuzz_run_of_the_markdown_writers(text: str) -> None:
    _writers_check(text)
