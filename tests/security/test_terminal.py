"""Threat: clause titles and values act on the terminal.

Rich markup in a title (``[/]`` crashed rich, ``[link=...]`` makes a hidden link), C1
control characters such as CSI (U+009B, which YAML lets through as "\\x9b"), ESC in a file
name, and bidirectional overrides must be shown literally or dropped, by every command
that prints them. (ESC itself cannot come from YAML: it is refused at load, see
test_yaml_input.py.)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.security.conftest import snapshot, write_draft

Cli = Callable[..., CliResult]

MARKUP = "[/] [link=https://evil.example]click[/link] [bold red]X"
CLAUSE = r"""id: evil
title: "[/] [link=https://evil.example]click[/link] [bold red]X \x9b2J \u202eabc"
kind: recommendation
topics: [evil-topic]
variables:
  who: {type: string, required: true, example: "[/] \x9b31m [link=https://x]y"}
  pick: {type: choice, choices: [a, b], default: a}
text:
  en: "Release {{ who }} [/] [link=https://evil.example]z[/link] \x9b2J"
legal_basis: ["[/] \x9bK law"]
version: "1"
updated: 2026-11-23
"""
DRAFT = r"""kind: resolution
title: "[/] [link=https://evil.example]T[/link] \x9b2J"
languages: [en]
sections:
  recommendations:
    heading: "[/]H \x9b2J \u202eabc"
    items:
      - clause: evil
        values: {who: "[/] [link=https://evil.example]W[/link] \x9bK"}
      - text: "[/] [link=https://evil.example]free[/link] \x9bK"
signatories:
  - {organisation: "[/] [link=https://evil.example]Org[/link] \x9b", country: "[/]C"}
"""
RAW = ("\x1b", "\x9b", "\u202e")


@pytest.fixture
def hostile(ws: Path) -> Path:
    (ws / "clauses" / "evil.yaml").write_text(CLAUSE, encoding="utf-8")
    return write_draft(ws, DRAFT)


def _clean(result: CliResult) -> str:
    text = result.out + result.err
    for raw in RAW:
        assert raw not in text, f"{raw!r} reached the terminal"
    assert "\x1b]8;" not in text  # no OSC 8 hyperlink
    return text


@pytest.mark.parametrize("args", [
    ("clauses", "list"), ("clauses", "list", "--topic", "evil-topic"),
    ("clauses", "show", "evil"), ("clauses", "search", "click"),
])
def test_clause_commands_show_titles_literally(cli: Cli, hostile: Path,
                                               args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.code == 0, result.err
    assert MARKUP in _clean(result)


def test_clauses_show_prints_values_texts_and_legal_basis_literally(cli: Cli,
                                                                   hostile: Path) -> None:
    text = _clean(cli("clauses", "show", "evil"))
    assert "example: [/] 31m [link=https://x]y" in text
    assert "Release [/] 31m [link=https://x]y [/] [link=https://evil.example]z[/link] 2J" in text
    assert "• [/] K law" in text


@pytest.mark.parametrize("args", [("clauses", "list", "--json"), ("clauses", "show", "evil",
                                                                  "--json")])
def test_json_output_escapes_control_and_bidi_characters(cli: Cli, hostile: Path,
                                                         args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.code == 0, result.err
    assert "\\u009b" in _clean(result) and "\\u202e" in result.out
    data = json.loads(result.out)  # still the same data
    first = data[0] if isinstance(data, list) else data
    assert "\x9b2J \u202eabc" in first["title"]["en"]


def test_show_draft_prints_everything_literally(cli: Cli, ws: Path, hostile: Path) -> None:
    before = snapshot(ws)
    text = _clean(cli("show", hostile))
    assert "[/] [link=https://evil.example]T[/link] 2J  (resolution; en)" in text
    assert "recommendations — [/]H 2J abc (numbered)" in text
    assert f"1. evil — {MARKUP} 2J abc" in text
    assert "2. text '[/] [link=https://evil.example]free[/link] K'" in text
    assert "confirmed (1): [/] [link=https://evil.example]Org[/link]  ([/]C)" in text
    assert snapshot(ws) == before


def test_check_prints_values_in_messages_without_control_characters(cli: Cli, ws: Path,
                                                                    hostile: Path) -> None:
    hostile.write_text(hostile.read_text().replace('K"}', 'K", pick: "[/]\\x9bbad"}'))
    result = cli("check", hostile)
    assert result.code == 1
    assert _clean(result) == (f"{hostile}:8:9: warning: clause 'evil' at recommendations.1 "
                              "has no operative form, so its text stands as written; add "
                              "'forms: {operative: {en: ..., ru: ...}}' to the clause, or "
                              "'form: text' to the item to keep the text as written\n"
                              f"{hostile}:9:78: error: 'pick' of recommendations.1 (evil) "
                              "must be one of a, b, not '[/]bad'; did you mean 'a' or 'b'?\n")


def test_preview_shows_markup_and_link_addresses_literally(cli: Cli, hostile: Path) -> None:
    hostile.write_text(hostile.read_text().replace(
        "free[/link]", "free[/link] [read it](https://osce.org)"))
    result = cli("preview", hostile)
    assert result.code == 0, result.err
    text = _clean(result)
    assert "[/] [link=https://evil.example]T[/link] 2J" in text  # the title, in the rule
    assert "[/] [link=https://evil.example]W[/link] K" in text
    assert "read it (https://osce.org)" in text  # a link shows where it leads


def test_edit_confirmations_print_values_literally(cli: Cli, hostile: Path) -> None:
    removed = cli("remove", hostile, "recommendations.2")
    assert removed.code == 0
    assert _clean(removed) == ("removed text '[/] [link=https://evil.example]free[/link] K' "
                               "(recommendations.2)\n")
    signed = cli("sign", hostile, "--org", "[/] [link=https://evil.example]Org[/link] \x9b",
                 "--status", "pending")
    assert signed.code == 2  # a control character on the command line is refused
    assert _clean(signed) == ("error: --org contains a control character; type the text "
                              "again; such characters are often pasted by accident\n")


def test_file_names_with_escape_sequences_are_stripped(cli: Cli, ws: Path) -> None:
    odd = ws / "clauses" / "\x1b[2Jodd\x9b.yaml"
    odd.write_text("id: odd\n", encoding="utf-8")
    result = cli("clauses", "check")
    assert result.code == 1
    # The whole escape sequence goes, not only its ESC.
    assert _clean(result).startswith(f"{ws.resolve()}/clauses/odd.yaml:1:1: error: missing "
                                     "required field 'title'")


def test_templates_list_and_show_strip_control_characters(cli: Cli, ws: Path) -> None:
    (ws / "templates" / "resolution.md.j2").write_text("{# \x9b2J \u202e #}body\n",
                                                       encoding="utf-8")
    listed = cli("templates", "list")
    shown = cli("templates", "show", "resolution")
    assert listed.code == shown.code == 0
    _clean(listed)
    assert "{# 2J  #}body" in _clean(shown)


@pytest.mark.parametrize("args", [("clauses", "list"), ("clauses", "show", "evil"),
                                  ("show", "{draft}"), ("preview", "{draft}")])
def test_at_a_real_terminal_only_styling_reaches_it(cli: Cli, hostile: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    args: tuple[str, ...]) -> None:
    """At a terminal rich styles the output (and clauses list draws a table); the only
    escape sequences are its own colours, never a link or one from the data."""
    import re
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", "400")
    monkeypatch.setenv("TERM", "xterm-256color")
    result = cli(*(arg.format(draft=hostile) for arg in args))
    assert result.code == 0, result.err
    text = result.out + result.err
    assert "\x9b" not in text and "\u202e" not in text and "\x1b]8;" not in text
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert "\x1b" not in plain
    assert "[/] [link=https://evil.example]" in plain
