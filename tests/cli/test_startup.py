"""Start-up shortcuts of the command line change nothing a user sees."""

from __future__ import annotations

import contextlib
import functools
import io
import subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import typer.main

from csp_draft.cli.clauses import clauses_list, clauses_search
from csp_draft.cli.export import export
from csp_draft.cli.main import app
from csp_draft.cli.progress import _Bar, counting, terminal_progress
from csp_draft.cli.startup import click_command
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


def test_only_the_named_command_is_built(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    build = typer.main.get_command

    def spy(typer_app: typer.Typer) -> Any:
        command = build(typer_app)
        if not hasattr(command, "commands"):  # a command, not a group
            built.append(command.name)
        return command

    monkeypatch.setattr(typer.main, "get_command", spy)
    assert cli("clauses", "search", "defenders", "--json").code == 0
    assert built == ["search"]
    typo = cli("clauses", "serch")  # suggestions need the names only
    assert typo.code == 2
    assert "No such command 'serch'. Did you mean 'search'?" in typo.err
    assert built == ["search"]


def test_listing_clauses_does_not_import_pydantic() -> None:
    """Recent Typer imports Pydantic to coerce even an option left at its default; the
    import takes longer than Typer and rich together."""
    code = ("import sys; from csp_draft.cli.main import main; "
            "assert main(['clauses', 'list', '--kind', 'demand']) == 0; "
            "assert 'pydantic' not in sys.modules")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr


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


@pytest.mark.parametrize(("function", "args"), [
    (clauses_list, ["--library", "{lib}"]),
    (clauses_list, ["--library", "{lib}", "--library", "{lib}/sub", "--kind", "demand"]),
    (clauses_list, ["--library", "{file}"]),  # a file where a folder is expected
    (clauses_list, ["--library", "{missing}"]),
    (clauses_list, ["--library", "-"]),
    (clauses_search, ["defenders"]),  # an integer left at its default
    (clauses_search, ["defenders", "--limit", "0"]),
    (export, ["{lib}", "-f", "md", "-o", "-"]),  # a folder where a draft file is expected
    (export, ["{missing}", "-f", "md", "-o", "-", "--set", "a=1"]),
])
def test_commands_receive_what_typer_gives_them(function: Callable[..., None],
                                                args: list[str], tmp_path: Path) -> None:
    (tmp_path / "lib" / "sub").mkdir(parents=True)
    (tmp_path / "file.txt").write_text("x")
    names = {"lib": tmp_path / "lib", "file": tmp_path / "file.txt",
             "missing": tmp_path / "missing"}
    args = ["run", *(arg.format(**names) for arg in args)]

    def outcome(build: Callable[[typer.Typer, list[str]], Any]) -> tuple[str, Any]:
        """What ``function`` is called with, or the usage error."""
        received: list[dict[str, Any]] = []

        @functools.wraps(function)  # same parameters, as Typer reads them
        def record(**values: Any) -> None:
            received.append(values)

        recording = typer.Typer(add_completion=False, rich_markup_mode=None)
        recording.callback()(lambda: None)
        recording.command("run")(record)
        try:
            build(recording, args).main(args=args, prog_name="csp-draft", standalone_mode=False)
        except Exception as error:  # Click's usage errors carry the message users see
            return ("error", error.format_message())  # type: ignore[attr-defined]
        return ("ok", received)

    assert outcome(click_command) == outcome(lambda app, _: typer.main.get_command(app))
