"""Threat: a character XML cannot hold makes a corrupt DOCX, or fails only at write time.

NUL, vertical tab, BEL (YAML "\\a"), a lone surrogate ("\\ud800") and U+FFFE/U+FFFF are
caught when the draft, clause, --set value, --set-file or command-line text is read,
with its line and column, before anything renders or writes. Bytes that are not UTF-8 in
a command-line argument (Python turns them into lone surrogates) crashed the YAML reader.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from csp_draft.markdown.front_matter import one_line
from csp_draft.writers.docx.write import build_docx
from tests.conftest import CliResult
from tests.security.conftest import snapshot, write_draft

Cli = Callable[..., CliResult]

HINT = "remove it; such characters are often pasted by accident"
ESCAPES = {"\\0": "U+0000", "\\v": "U+000B", "\\a": "U+0007", "\\uFFFE": "U+FFFE",
           "\\x1f": "U+001F"}
DRAFT = """\
kind: resolution
title: TITLE
event: EVENT
languages: [en]
sections:
  situation:
    heading: HEADING
    items:
      - clause: fx-situation
        values: {country: VALUE}
      - clause: fx-release
        values:
          defenders: [{name: NAME, country: Belarus}]
      - clause: fx-observers
        values: {countries: [Belarus, ITEM]}
      - text: FREE
        footnote: NOTE
signatories:
  - {organisation: ORG, country: Belarus}
"""
FIELDS = ["TITLE", "EVENT", "HEADING", "VALUE", "NAME", "ITEM", "FREE", "NOTE", "ORG"]


def _draft(ws: Path, field: str, escaped: str) -> tuple[Path, int, int]:
    text = DRAFT
    for name in FIELDS:
        text = text.replace(name, f'"x{escaped}y"' if name == field else f'"{name.lower()}"')
    path = write_draft(ws, text)
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines, 1) if escaped in line)
    return path, number, lines[number - 1].index('"x') + 1


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("escaped", ESCAPES)
def test_caught_when_the_draft_is_read(cli: Cli, ws: Path, field: str, escaped: str) -> None:
    path, line, column = _draft(ws, field, escaped)
    before = snapshot(ws)
    expected = (f"{path}:{line}:{column}: error: value contains the control character "
                f"{ESCAPES[escaped]}, which documents cannot hold; {HINT}\n")
    for args in (("check", path), ("export", path, "-f", "docx"), ("show", path)):
        result = cli(*args)
        assert (result.code, result.out, result.err) == (1, "", expected), args
    assert snapshot(ws) == before  # no DOCX, not even a broken one


def test_a_lone_surrogate_escape_is_caught_too(cli: Cli, ws: Path) -> None:
    path, line, column = _draft(ws, "VALUE", "\\ud800")
    result = cli("export", path, "-f", "docx")
    assert (result.code, result.err) == (1, f"{path}:{line}:{column + 4}: error: invalid YAML: "
                                            "found invalid Unicode character escape code; write "
                                            "the character itself instead of an escape code\n")


@pytest.mark.parametrize(("raw", "code"), [("\x0b", "U+000B"), ("\x00", "U+0000"),
                                          ("\x9b", "U+009B"), ("\ufffe", "U+FFFE")])
def test_raw_characters_in_a_file_are_located(cli: Cli, ws: Path, raw: str, code: str) -> None:
    """pyyaml's own message had no line and ran over two lines."""
    path, line, column = _draft(ws, "FREE", "Q")
    path.write_text(path.read_text().replace('"xQy"', f'"x{raw}y"'), encoding="utf-8")
    result = cli("check", path)
    assert (result.code, result.err) == (1, f"{path}:{line}:{column + 2}: error: the control "
                                            f"character {code} is not allowed in YAML; {HINT}\n")


@pytest.fixture
def draft(ws: Path) -> Path:
    return write_draft(ws, """\
        kind: resolution
        title: T
        languages: [en]
        sections:
          situation:
            items:
              - clause: fx-situation
                values: {country: Belarus}
        """)


@pytest.mark.parametrize("value", ['"\\v"', '"a\\0"', "\udcff", "x\udcffy"])
def test_caught_in_set_values(cli: Cli, ws: Path, draft: Path, value: str) -> None:
    before = snapshot(ws)
    for args in (("export", draft, "-f", "docx", "--set", f"country={value}"),
                 ("set", draft, "situation.1", f"country={value}"),
                 ("add-clause", draft, "fx-situation", "--set", f"country={value}")):
        result = cli(*args)
        assert result.code == 1, args
        if "\udcff" in value:  # bytes that were not UTF-8 on the command line
            column = value.index("\udcff") + 1
            assert result.err == (f"--set country:1:{column}: error: U+DCFF is half of a "
                                  "character: the text is not valid UTF-8; type it again, or "
                                  "save the file as UTF-8\n")
        else:
            assert result.err.startswith("--set country:1:1: error: value contains the control "
                                         "character U+")
    assert snapshot(ws) == before


def test_caught_in_set_file_and_command_line_text(cli: Cli, ws: Path, draft: Path,
                                                  tmp_path: Path) -> None:
    value_file = tmp_path / "country.txt"
    value_file.write_text("Bela\x0brus\n", encoding="utf-8")
    yaml_file = tmp_path / "country.yaml"
    yaml_file.write_text('"Bela\\vrus"\n', encoding="utf-8")
    before = snapshot(ws)
    cases = [
        (("add-clause", draft, "fx-situation", "--set-file", f"country={value_file}"), 1,
         f"{value_file}:1:5: error: the text contains the control character U+000B; {HINT}\n"),
        (("add-clause", draft, "fx-situation", "--set-file", f"country={yaml_file}"), 1,
         f"{yaml_file}:1:1: error: value contains the control character U+000B, which "
         f"documents cannot hold; {HINT}\n"),
        (("add-text", draft, "a\x0bb", "--section", "situation"), 1,
         f"TEXT:1:2: error: the text contains the control character U+000B; {HINT}\n"),
        (("set", draft, "situation.1", "--text", "x\udcffy"), 1,
         f"--text:1:2: error: the text contains the control character U+DCFF; {HINT}\n"),
        (("sign", draft, "--org", "A\x00B", "--country", "X"), 2,
         "error: --org contains a control character; type the text again; such characters "
         "are often pasted by accident\n"),
        (("new", "resolution", "drafts/n.yaml", "--title", "A\x07B"), 2,
         "error: --title contains a control character; type the text again; such characters "
         "are often pasted by accident\n"),
    ]
    for args, code, err in cases:
        result = cli(*args)
        assert (result.code, result.err) == (code, err), args
    assert snapshot(ws) == before


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(
    ["\x00", "\x0b", "\x07", "\ufffe", "\uffff", "\x1f", "\x85", "\u2028"]), max_size=40))
@example("\n---\n")  # a title that is a front-matter fence once spread over lines
def test_any_text_through_the_writer_gives_a_docx_word_can_open(text: str) -> None:
    """Whatever reaches the DOCX writer, the package reopens and its XML is well formed."""
    # as render writes it: the title on one line (a quoted title spanning lines could hold a
    # line "  ---", which the front-matter reader takes for its end)
    front = yaml.safe_dump({"title": one_line(text), "lang": "en"}, allow_unicode=True)
    markdown = "---\n" + front + "---\n\n" + text + "\n"
    data = build_docx(markdown)
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title is not None
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
