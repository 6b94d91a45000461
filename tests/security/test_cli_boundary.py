"""The CLI's error boundary: no tracebacks for user mistakes, no locals, Ctrl-C is 130."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult

Cli = Callable[..., CliResult]


def test_ctrl_c_exits_130(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("csp_draft.cli.clauses.clauses_schema", interrupted, raising=True)
    monkeypatch.setattr("csp_draft.library.schema.json_schema", interrupted)
    result = cli("clauses", "schema")
    assert result.code == 130
    assert result.err == "interrupted; nothing was written\n"


def test_bug_is_reported_without_traceback_or_locals(cli: Cli, monkeypatch: pytest.MonkeyPatch
                                                     ) -> None:
    secret = "Ales Bialiatsky, cell 12"

    def broken() -> None:
        detainee = secret  # a local that must never be printed
        raise RuntimeError("boom " + detainee[:0])

    monkeypatch.setattr("csp_draft.library.schema.json_schema", broken)
    plain = cli("clauses", "schema")
    assert plain.code == 70
    assert plain.err == ("csp-draft: internal error (RuntimeError); please report it, with the "
                         "output of the same command run with --debug\n")
    debug = cli("--debug", "clauses", "schema")
    assert "Traceback" in debug.err and "RuntimeError: boom" in debug.err
    assert secret not in debug.err + debug.out


def test_installed_command_prints_one_line_per_problem(tmp_path: Path) -> None:
    broken = tmp_path / "lib" / "x.yaml"
    broken.parent.mkdir()
    broken.write_text("id: x\nid: y\n\tbad: [\n")
    result = subprocess.run(
        [sys.executable, "-m", "csp_draft", "clauses", "check", "--library", str(broken.parent)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert result.stderr == (f"{broken}:2:1: error: duplicate key 'id' (first at line 1); keep "
                             "one of them, YAML would silently drop the other\n"
                             if "duplicate" in result.stderr else result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
