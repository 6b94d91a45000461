"""Start-up shortcuts of the command line change nothing a user sees."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import typer.main

from csp_draft.cli import app
from csp_draft.cli_progress import _Bar, counting, terminal_progress
from csp_draft.cli_startup import click_command
from tests.conftest import CliResult

Cli = Callable[..., CliResult]


def help_text(command: Any, args: list[str]) -> str:
    out = io.StringIO()
    with redirect_stdout(out), contextlib.suppress(SystemExit):
        command.main(args=args, prog_name="csp-draft", standalone_mode=False)
    return out.getvalue()


@pytest.mark.parametrize("args", [["--help"], ["--debug", "--help"], ["clauses", "--help"],
                                  ["clauses", "list", "--help"], ["export", "--help"],
                                  ["templates", "show", "--help"]])
def test_help_is_the_same_as_from_the_whole_app(args: list[str]) -> None:
    assert help_text(click_command(app, args), args) == help_text(
        typer.main.get_command(app), args)


def test_only_the_named_command_is_built() -> None:
    command: Any = click_command(app, ["clauses", "search", "x"])
    assert list(command.commands) == ["clauses"]
    assert list(command.commands["clauses"].commands) == ["search"]
    typo: Any = click_command(app, ["clauses", "serch"])
    assert len(typo.commands["clauses"].commands) > 1  # for "did you mean" suggestions


def test_typed_options_are_still_checked(cli: Cli) -> None:
    refused = cli("clauses", "search", "defenders", "--limit", "0")
    assert refused.code == 2
    assert "--limit" in refused.err
    assert cli("clauses", "search", "defenders", "--limit", "2", "--json").code == 0


def test_list_prints_one_line_per_clause(cli: Cli) -> None:
    result = cli("clauses", "list", "--kind", "demand")
    lines = result.out.splitlines()
    assert lines[0].endswith("clauses")
    assert lines[1].split() == ["ID", "KIND", "LANG", "TITLE", "TOPICS"]
    assert any(line.startswith("release-defenders ") for line in lines[2:])
    assert len(lines) == int(lines[0].split()[0]) + 2


def test_no_bar_off_a_terminal_or_for_quick_work() -> None:
    assert terminal_progress() is None  # pytest captures standard error
    bar = _Bar()
    bar("indexing", 5, 10)
    bar("indexing", 10, 10)
    assert bar._live is None
    ticks: list[tuple[str, int, int]] = []
    tick = counting(lambda *args: ticks.append(args), "exporting", 2)
    tick(object())
    tick(object())
    assert ticks == [("exporting", 0, 2), ("exporting", 1, 2), ("exporting", 2, 2)]
    assert counting(None, "exporting", 2) is None


@pytest.mark.parametrize("args", [
    ["clauses", "list", "--library", "{lib}"],
    ["clauses", "list", "--library", "{lib}", "--library", "{lib}/sub"],
    ["clauses", "list", "--library", "{file}"],  # a file where a folder is expected
    ["clauses", "list", "--library", "{missing}"],
    ["clauses", "list", "--library", "-"],
    ["export", "{lib}", "-f", "md", "-o", "-"],  # a folder where a draft file is expected
    ["export", "{missing}", "-f", "md", "-o", "-"],
])
def test_paths_are_coerced_as_typer_does(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "lib" / "sub").mkdir(parents=True)
    (tmp_path / "file.txt").write_text("x")
    names = {"lib": tmp_path / "lib", "file": tmp_path / "file.txt",
             "missing": tmp_path / "missing"}
    args = [arg.format(**names) for arg in args]

    def outcome(command: Any) -> tuple[str, Any]:
        """The leaf command's parsed and coerced parameters, or the usage error."""
        rest = list(args)
        while rest and rest[0] in getattr(command, "commands", {}):
            command = command.commands[rest.pop(0)]
        try:
            return ("ok", dict(command.make_context("csp-draft", rest).params))
        except Exception as error:  # Click's usage errors carry the message users see
            return ("error", error.format_message())  # type: ignore[attr-defined]

    fast = outcome(click_command(app, args))
    typer_own = outcome(typer.main.get_command(app))
    assert fast == typer_own
