"""The `clauses` commands through the CLI: output, errors and exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from csp_draft.library.load import LibrarySource, check_library, load_library
from csp_draft.paths import packaged
from tests.conftest import CliResult

Cli = Callable[..., CliResult]


def test_version_and_help(cli: Cli) -> None:
    result = cli("--version")
    assert result.code == 0
    assert result.out.startswith("csp-draft ")
    assert "clauses" in cli("--help").out


def test_usage_errors_exit_2(cli: Cli) -> None:
    result = cli("clauses", "list", "--no-such-option")
    assert result.code == 2
    assert "No such option" in result.err


UNCHECKED = ("records no check; add checked: {on: YYYY-MM-DD, source: <document, paragraph, "
             "where read>, read: primary|secondary}")


def test_packaged_library_is_large_and_passes_check(cli: Cli) -> None:
    library = load_library([LibrarySource("packaged", packaged("clauses"))],
                           languages=("en", "ru"))
    assert len(library) >= 120
    assert all("en" in c.text and "ru" in c.text for c in library.clauses.values())
    problems = check_library(library)
    # No errors: what remains are references nobody has yet read in a primary text.
    assert {p.severity for p in problems} <= {"warning"}
    assert all(p.message.endswith("records no check") for p in problems)
    result = cli("clauses", "check")
    assert result.code == 0
    assert result.err.endswith(f"{len(library)} clauses checked, no errors, "
                               f"{len(problems)} warnings\n")


def test_packaged_references_name_the_csce_before_1995() -> None:
    library = load_library([LibrarySource("packaged", packaged("clauses"))],
                           languages=("en", "ru"))
    for clause in library.clauses.values():
        for lang in ("en", "ru"):
            for reference in clause.legal_basis_in(lang):
                for document in ("Copenhagen", "Moscow Document", "Vienna", "Копенгаген",
                                 "Московский документ", "Венской"):
                    assert not (document in reference and ("OSCE" in reference.split(document)[0]
                                                           or "ОБСЕ" in reference)), reference


def test_a_reference_without_a_check_record_is_a_warning(
    cli: Cli, write_clause: Callable[..., Path]
) -> None:
    path = write_clause("referenced", """\
        id: referenced
        title: T
        kind: recommendation
        topics: [a]
        text: {en: Do it., ru: Сделать это.}
        legal_basis:
          - en: "ICCPR, art. 19"
            ru: "МПГПП, ст. 19"
            checked: {on: 2026-12-02, source: "treaty text, art. 19", read: primary}
          - {en: "ECHR, art. 10", ru: "ЕКПЧ, ст. 10"}
          - "Lund Recommendations (1999)"
        version: "1"
        updated: 2026-12-02
        """)
    result = cli("clauses", "check", "--library", path.parent)
    assert result.code == 0
    mine = [line for line in result.err.splitlines() if line.startswith(str(path))]
    assert mine == [
        f"{path}:10: warning: legal reference 'ECHR, art. 10' {UNCHECKED}",
        f"{path}:11: warning: legal reference 'Lund Recommendations (1999)' {UNCHECKED}",
    ]
    assert "clauses checked, no errors, " in result.err.splitlines()[-1]
    shown = json.loads(cli("clauses", "show", "referenced", "--library", path.parent,
                           "--json").out)
    assert shown["legal_basis"][0] == {"en": "ICCPR, art. 19", "ru": "МПГПП, ст. 19"}
    assert shown["legal_checks"] == [
        {"on": "2026-12-02", "source": "treaty text, art. 19", "read": "primary"}, None, None]
    text = cli("clauses", "show", "referenced", "--library", path.parent, "--lang", "ru")
    assert text.code == 0
    assert text.out.split("legal basis\n")[1].split("sources")[0] == (
        "  • МПГПП, ст. 19\n"
        "    checked on 2026-12-02 (primary reading): treaty text, art. 19\n"
        "  • ЕКПЧ, ст. 10\n"
        "    unchecked\n"
        "  • Lund Recommendations (1999)\n"
        "    unchecked\n")


def test_show_prints_forms_per_language_and_the_addressee(
    cli: Cli, write_clause: Callable[..., Path]
) -> None:
    path = write_clause("formed", """\
        id: formed
        title: T
        kind: recommendation
        topics: [a]
        addressees: [odihr, participating-states]
        addressee: odihr
        variables:
          country: {type: string, required: true, help: Country, example: Belarus}
        text: {en: "Monitor trials in {{ country }}.", ru: Наблюдать за процессами.}
        forms:
          operative:
            en: monitor trials in {{ country }}
            ru: наблюдать за процессами
          preambular:
            en: concerned about trials in {{ country }}
        version: "1"
        updated: 2026-12-02
        """)
    result = cli("clauses", "show", "formed", "--library", path.parent)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "addressee: odihr" in lines
    body = result.out[result.out.index("operative form (en)"):]
    assert body.split("\n\n") == [
        "operative form (en)\n  monitor trials in Belarus",
        "operative form (ru)\n  наблюдать за процессами",
        "preambular form (en)\n  concerned about trials in Belarus\n",
    ]
    data = json.loads(cli("clauses", "show", "formed", "--library", path.parent,
                          "--json").out)
    assert data["addressee"] == "odihr"
    assert data["forms"]["preambular"] == {"en": "concerned about trials in {{ country }}"}
    assert data["rendered_forms"]["operative"] == {"en": "monitor trials in Belarus",
                                                   "ru": "наблюдать за процессами"}
    write_clause("bare", """\
        id: bare
        title: T
        kind: recommendation
        topics: [a]
        text: {en: Do it., ru: Сделать это.}
        version: "1"
        updated: 2026-12-02
        """)
    bare = cli("clauses", "show", "bare", "--library", path.parent)
    assert "addressee:" not in bare.out
    assert "forms: none (the text stands as written in every position)" in bare.out


def test_a_malformed_check_record_is_an_error(
    cli: Cli, write_clause: Callable[..., Path]
) -> None:
    path = write_clause("misrecorded", """\
        id: misrecorded
        title: T
        kind: recommendation
        topics: [a]
        text: {en: Do it.}
        legal_basis:
          - en: "ICCPR, art. 19"
            checked: {on: 2026-12-02, source: "treaty text", read: maybe}
          - en: "ECHR, art. 10"
            checked: {on: 2026-12-02, red: primary}
        version: "1"
        updated: 2026-12-02
        """)
    result = cli("clauses", "check", "--library", path.parent)
    assert result.code == 1
    assert result.err == (
        f"{path}:8:60: error: 'read' of 'checked' of a legal reference must be primary or "
        "secondary, not 'maybe'; primary: the provision itself was read; secondary: only a "
        "report of it\n"
        f"{path}:10:31: error: unknown field 'red' in 'checked' of a legal reference; "
        "did you mean 'read'?\n"
        f"{path}:10:14: error: 'checked' of a legal reference has no 'source'; add 'source:' "
        "(the text it was checked against (document, paragraph, where it was read))\n"
        f"{path}:10:14: error: 'checked' of a legal reference has no 'read'; add 'read:' "
        "(primary (the provision itself was read) or secondary (only a report of it))\n"
    )


def test_list_filters_and_json(cli: Cli) -> None:
    data = json.loads(cli("clauses", "list", "--json", "--kind", "demand").out)
    assert data and all(item["kind"] == "demand" for item in data)
    ids = {item["id"] for item in data}
    assert "release-defenders" in ids
    by_topic = json.loads(cli("clauses", "list", "--json", "--topic",
                              "human-rights-defenders").out)
    assert all("human-rights-defenders" in item["topics"] for item in by_topic)
    table = cli("clauses", "list", "--addressee", "odihr")
    assert table.code == 0
    assert "clause" in table.out


def test_search_english_and_russian(cli: Cli) -> None:
    english = json.loads(cli("clauses", "search", "defamation", "--json").out)
    assert english and english[0]["id"] == "decriminalise-defamation"
    russian = json.loads(cli("clauses", "search", "правозащитников", "--json", "--limit",
                             "3").out)
    assert 0 < len(russian) <= 3
    assert any(hit["lang"] == "ru" for hit in russian)
    assert any("правозащитник" in hit["snippet"].casefold() for hit in russian)


def test_search_snippets_mark_where_values_go(cli: Cli) -> None:
    hits = json.loads(cli("clauses", "search", "moratorium", "--json").out)
    snippet = next(hit["snippet"] for hit in hits if hit["id"] == "abolish-death-penalty")
    assert "(…)" in snippet and "( )" not in snippet and "{" not in snippet


def test_search_without_hits(cli: Cli) -> None:
    result = cli("clauses", "search", "zzzxqq")
    assert result.code == 0
    assert result.err == "no clause matches 'zzzxqq'\n"


def test_show_renders_examples_and_json_has_every_field(cli: Cli) -> None:
    text = cli("clauses", "show", "release-defenders", "--lang", "en")
    assert text.code == 0
    assert "[Name Surname] ([country])" in text.out
    data = json.loads(cli("clauses", "show", "release-defenders", "--json").out)
    variable = data["variables"][0]
    assert set(variable) >= {"name", "type", "required", "default", "example", "help"}
    assert variable["type"] == "people"
    assert "Среди них — \\[Имя Фамилия\\]" in data["rendered"]["ru"]


def test_unknown_id_suggests_closest(cli: Cli) -> None:
    result = cli("clauses", "show", "release-defender")
    assert result.code == 1
    assert result.err.startswith(
        "error: no clause 'release-defender' in the library; did you mean 'release-defenders'")


def test_check_reports_problems_with_exit_1(cli: Cli, write_clause: Callable[..., Path]
                                            ) -> None:
    path = write_clause("bad", """\
        id: bad
        title: T
        kind: recommendation
        topics: [a]
        text: {en: "{{ nothing }}"}
        version: "1"
        updated: 2026-11-23
        """)
    result = cli("clauses", "check", "--library", path.parent)
    assert result.code == 1
    # The packaged library's unchecked references are reported too, as warnings.
    lines = result.err.splitlines()
    assert [line for line in lines if ": warning: " not in line] == [
        f"{path}:5: error: text (en) uses 'nothing', which is not a declared variable; "
        "declare it under 'variables:' or remove {{ nothing }}"
    ]


def test_workspace_clause_overrides_packaged_with_notice(
    cli: Cli, write_clause: Callable[..., Path]
) -> None:
    path = write_clause("release-defenders")
    result = cli("clauses", "show", "release-defenders", "--library", path.parent, "--json")
    assert result.code == 0
    assert json.loads(result.out)["title"]["en"] == "A test clause"
    assert "notice: clause 'release-defenders' overrides the one in" in result.err


def test_new_writes_a_skeleton_that_checks_once_filled(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("clauses", "new", "end-impunity", "--topic", "impunity", "--dir", "mine")
    assert result.code == 0
    path = tmp_path / "mine" / "end-impunity.yaml"
    unfilled = cli("clauses", "check", "--library", "mine")
    assert unfilled.code == 1
    assert unfilled.err == (
        "mine/end-impunity.yaml:18:7: error: text (en) is empty\n"
        "mine/end-impunity.yaml:19:7: error: text (ru) is empty\n"
    )
    text = path.read_text()
    text = text.replace('en: ""  # a short', 'en: "End impunity"  # a short')
    text = text.replace('ru: ""  # the same', 'ru: "Покончить с безнаказанностью"  # the same')
    text = text.replace('en: ""  # the clause', 'en: "Investigate every attack."  # the clause')
    text = text.replace('ru: ""  # the clause', 'ru: "Расследовать каждое нападение."  # the')
    path.write_text(text)
    filled = cli("clauses", "check", "--library", "mine")
    assert filled.code == 0, filled.err
    again = cli("clauses", "new", "end-impunity", "--dir", "mine")
    assert again.code == 1
    assert again.err == (
        "mine/end-impunity.yaml: error: file exists already; choose another id or pass --force\n"
    )


def test_schema_is_json_schema(cli: Cli) -> None:
    schema = json.loads(cli("clauses", "schema").out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "en" in schema["properties"]["text"]["required"]
    assert "records" in schema["properties"]["variables"]["additionalProperties"][
        "properties"]["type"]["enum"]


def test_hostile_titles_are_shown_literally(cli: Cli, write_clause: Callable[..., Path]) -> None:
    path = write_clause("odd", """\
        id: odd
        title: "[/] [link=http://x]click[/link] \\x1b[2J"
        kind: recommendation
        topics: [a]
        text: {en: Hi}
        version: "1"
        updated: 2026-11-23
        """)
    result = cli("clauses", "list", "--library", path.parent, "--topic", "a")
    assert result.code == 0  # \x1b is refused at load: documents cannot hold it; the
    assert "U+001B" in result.err  # clause is left out, which list reports as a warning
    assert result.out == "0 clauses\n"
    path.write_text(path.read_text().replace(" \\x1b[2J", ""))
    shown = cli("clauses", "show", "odd", "--library", path.parent)
    assert shown.code == 0
    assert "[/] [link=http://x]click[/link]" in shown.out


def test_list_is_a_table_on_a_terminal(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", "160")  # wide enough for a table
    result = cli("clauses", "list", "--kind", "demand")
    assert result.code == 0
    assert result.out.count("┃") >= 6 and "demand" in result.out


def test_a_long_list_on_a_terminal_is_plain_columns_cut_to_the_screen(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csp_draft.cli.clauses as cli_clauses

    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr(cli_clauses, "TABLE_MAX_ROWS", 5)
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("clauses", "list")
    assert result.code == 0
    assert "┃" not in result.out
    lines = result.out.splitlines()
    assert lines[0].endswith(" clauses") and "ID" in lines[1] and "TITLE" in lines[1]
    assert len(lines) > 7 and all(len(line) <= 80 for line in lines)
