"""What a secretariat member meets every day: output that fits the terminal, any console
encoding, JSON for scripts, `check -`, a clause used twice, notes in the preview, one
error for a language the draft lacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]


ALES = ("defenders=[{name: {en: Ales Bialiatsky, ru: Алесь Беляцкий}, "
        "country: {en: Belarus, ru: Беларусь}}]")


@pytest.fixture
def forum(tmp_path: Path, cli: Cli) -> Path:
    path = tmp_path / "forum.yaml"
    assert cli("new", "resolution", path, "--title", "Forum", "--lang", "en,ru").code == 0
    assert cli("info", path, "--lang", "ru", "--title", "Форум").code == 0
    assert cli("add-clause", path, "release-defenders", "--set", ALES).code == 0
    return path


def test_clause_list_on_an_80_column_terminal_keeps_ids_whole(
        cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = [c["id"] for c in json.loads(cli("clauses", "list", "--json").out)]
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    lines = cli("clauses", "list").out.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert sorted(line.split()[0] for line in lines[2:]) == sorted(ids)


def test_kinds_piped_are_plain_columns(cli: Cli) -> None:
    lines = cli("new", "--list").out.splitlines()
    assert lines[0] == "document kinds"
    assert lines[1].split() == ["kind", "name", "sections", "description"]
    assert lines[2].startswith("resolution     Resolution ")
    assert not any(set(line) & set("┃│┏━─") for line in lines)


def test_a_console_that_cannot_show_cyrillic_gets_question_marks(forum: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "cp1252",
           "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(
        [sys.executable, "-c", "from csp_draft.cli.main import run; run()",
         "show", str(forum), "--lang", "ru"],
        capture_output=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert b"internal error" not in result.stderr
    assert b"release-defenders" in result.stdout and b"?" in result.stdout


def test_show_json_gives_the_outline(cli: Cli, forum: Path) -> None:
    result = cli("show", forum, "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["kind"] == "resolution" and data["languages"] == ["en", "ru"]
    items = {s["key"]: s["items"] for s in data["sections"]}["recommendations"]
    assert items[0]["ref"] == "recommendations.1"
    assert items[0]["clause_id"] == "release-defenders" and items[0]["missing"] == []


def test_check_json_and_check_from_standard_input(
        cli: Cli, forum: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = cli("check", forum, "--json")
    assert report.code == 0
    data = json.loads(report.out)
    assert data["ok"] is True and data["errors"] == 0
    assert {p["message"] for p in data["problems"]} == {"section 'preamble' is empty",
                                                        "section 'situation' is empty"}
    import io

    broken = forum.read_text(encoding="utf-8").replace("kind: resolution", "kind: resolution\n"
                                                       "colour: blue")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(broken.encode())))
    result = cli("check", "-", "--json")
    assert result.code == 1
    problem = json.loads(result.out)["problems"][0]
    assert (problem["path"], problem["severity"]) == ("<stdin>", "error")
    assert problem["message"] == "unknown field 'colour' in the draft"


def test_a_clause_used_twice_with_the_same_values_is_flagged(cli: Cli, forum: Path) -> None:
    assert cli("add-clause", forum, "release-defenders", "--set",
               "defenders=[{name: {en: Someone Else, ru: Кто-то другой}, "
               "country: {en: Belarus, ru: Беларусь}}]").code == 0
    assert "used twice" not in cli("check", forum).err  # other values: a deliberate use
    assert cli("add-clause", forum, "release-defenders", "--set",
               ALES).code == 0
    result = cli("check", forum)
    assert result.code == 0
    assert ("warning: clause 'release-defenders' is used twice with the same values: at "
            "recommendations.1 and at "
            f"recommendations.3; remove one with `csp-draft remove {forum} recommendations.3`"
            ) in result.err


def test_preview_numbers_the_notes(cli: Cli, tmp_path: Path) -> None:
    import re

    draft = tmp_path / "minsk.yaml"
    assert cli("example", "minsk-2017", draft).code == 0
    markdown = cli("export", draft, "--format", "md", "-o", "-").out
    first_note = re.search(r"^\[\^1\]: (.*)$", markdown, re.MULTILINE)
    assert first_note is not None
    out = cli("preview", draft).out
    assert "[^" not in out and "[1]" in out
    notes = " ".join(out.split()).split(" 1 ")[-1]  # the numbered notes after the text
    assert notes.startswith(" ".join(first_note.group(1).split()[:6]))


def test_clause_show_gives_examples_as_yaml(cli: Cli) -> None:
    from csp_draft.cli.clauses import flow_yaml

    shown = json.loads(cli("clauses", "show", "release-defenders", "--json").out)
    example = next(v["example"] for v in shown["variables"] if v["name"] == "defenders")
    out = cli("clauses", "show", "release-defenders").out
    assert example and f"example: {flow_yaml(example)}" in " ".join(out.split())
    assert '"name"' not in out  # not JSON


@pytest.mark.parametrize("command", [("show",), ("preview",),
                                     ("export", "--format", "md", "-o", "-")])
def test_a_language_the_draft_lacks_is_one_error(cli: Cli, forum: Path,
                                                 command: tuple[str, ...]) -> None:
    result = cli(command[0], forum, *command[1:], "--lang", "de")
    assert result.code == 2
    assert result.err == ("error: the draft is not written in 'de': its languages are en, "
                          "ru; use --lang en, add de to 'languages:' in the draft, or pass "
                          "--fallback en\n")


def test_exports_of_a_bilingual_draft_name_their_language(cli: Cli, forum: Path) -> None:
    out = forum.parent / "out"
    russian = cli("export", forum, "--lang", "ru", "--format", "md", "-o", f"{out}/")
    assert russian.code == 0, russian.err
    english = cli("export", forum, "--format", "md", "-o", f"{out}/")
    assert english.code == 0, english.err
    assert sorted(p.name for p in out.glob("*.md")) == ["forum.en.md", "forum.ru.md"]
    assert "Немедленно и без каких-либо условий" in (out / "forum.ru.md").read_text(
        encoding="utf-8")
    assert "Free at once" in (out / "forum.en.md").read_text(encoding="utf-8")


def test_init_asks_the_coalition_on_a_terminal_and_ignores_locks(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import shutil

    answers = io.StringIO("Civic Solidarity Platform\n")
    answers.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", answers)
    folder = tmp_path / "coalition"
    result = cli("init", folder)
    assert result.code == 0, result.err
    assert "coalition: Civic Solidarity Platform\n" in (
        folder / "csp-draft.yaml").read_text(encoding="utf-8")
    draft = folder / "drafts" / "forum.yaml"
    assert cli("new", "resolution", draft, "--title", "Forum").code == 0
    assert cli("add-clause", draft, "release-defenders", "--set",
               "defenders=[{name: A, country: Belarus}]").code == 0
    assert (folder / "drafts" / ".forum.yaml.lock").exists()
    git = shutil.which("git")
    if git is None:
        pytest.fail("git is needed to check what a workspace commits")
    subprocess.run([git, "init", "-q", str(folder)], check=True)
    status = subprocess.run([git, "-C", str(folder), "status", "--porcelain",
                             "--untracked-files=all"], capture_output=True, text=True,
                            check=True).stdout
    assert sorted(line[3:] for line in status.splitlines()) == [
        ".gitignore", "README.md", "csp-draft.yaml", "drafts/forum.yaml"]


BROKEN_CLAUSE = "id: broken\ntitle: Bad: one\n"


def test_a_broken_clause_is_a_warning_where_it_is_not_needed(
        cli: Cli, forum: Path, tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    (library / "broken.yaml").write_text(BROKEN_CLAUSE, encoding="utf-8")
    warning = (f"{library / 'broken.yaml'}:2:11: warning: invalid YAML: this text contains "
               "': ' (a colon and a space), which YAML reads as a new field; put the whole "
               "text in quotes: title: \"Bad: one\"\n")
    for command in (("clauses", "search", "defenders"), ("show", forum),
                    ("export", forum, "--format", "md", "-o", "-"),
                    ("clauses", "show", "release-defenders")):
        result = cli(*command, "-L", library)
        assert result.code == 0, (command, result.err)
        assert result.err.endswith(warning)  # once the command is done
    checked = cli("clauses", "check", "-L", library)
    assert checked.code == 1
    assert checked.err == warning.replace(": warning: ", ": error: ")


def test_library_option_at_a_workspace_reads_its_clauses(cli: Cli, tmp_path: Path) -> None:
    workspace = tmp_path / "partners"
    assert cli("init", workspace, "--coalition", "Partners").code == 0
    from tests.conftest import MINIMAL_CLAUSE

    (workspace / "clauses" / "partner-demand.yaml").write_text(
        MINIMAL_CLAUSE.format(id="partner-demand"), encoding="utf-8")
    result = cli("clauses", "list", "--json", "-L", workspace)
    assert result.code == 0, result.err
    assert result.err == ""  # csp-draft.yaml is not read as a clause
    assert "partner-demand" in {c["id"] for c in json.loads(result.out)}


@pytest.mark.parametrize("value", [
    [{"name": {"en": "Ales Bialiatsky", "ru": "Алесь Беляцкий"}, "country": "Belarus"}],
    "a: b", "yes", "2017-07-04", "x #y", "a#b", "-x", "http://x.org", 3, 2.5, True, None,
    "O'Brien", 'say "hi"', "", " x", "a, b", "[x]", "50%"])
def test_example_values_read_back_as_the_same_yaml(value: Any) -> None:
    import yaml

    from csp_draft.cli.clauses import flow_yaml

    assert yaml.safe_load("v: " + flow_yaml(value))["v"] == value


def test_the_guides_the_skeleton_points_to_are_shipped(cli: Cli, tmp_path: Path) -> None:
    import re
    import tomllib

    assert cli("clauses", "new", "protect-journalists", "--dir", tmp_path).code == 0
    skeleton = (tmp_path / "protect-journalists.yaml").read_text(encoding="utf-8")
    pointers = re.findall(r"`csp-draft help ([a-z-]+)`", skeleton)
    assert pointers == ["clause-format"]
    page = cli("help", "clause-format")
    assert page.code == 0 and page.out.startswith("# Clause files\n")
    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    wheel = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert wheel["docs"] == "csp_draft/_data/docs"
    unknown = cli("help", "clause")
    assert (unknown.code, unknown.err) == (
        2, "error: no help topic 'clause'; did you mean 'clause-format'?\n")
