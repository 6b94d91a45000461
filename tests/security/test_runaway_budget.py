"""Runaway clauses share one rendering budget per command, and are remembered (issue 23,
item 6).

Each render had its own time limit: six clauses with nested ``range(100000)`` loops made
the first `clauses list` take 61 s (each was rendered while indexing) and `clauses check`
of three 130 s. Now all the renders of a command draw on one budget, the clause that runs
it out is recorded in the index (keyed to its file's bytes), and later commands refuse it
at once until the file changes. No test here times anything: each counts how many renders
ran until the time limit stopped them (the figures are in THREATS.md, from
:func:`test_runaway_clauses_measured`).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from csp_draft.sandbox import limits
from tests.conftest import CliResult
from tests.security.conftest import snapshot, write_clause, write_draft
from tests.security.measure import run_measured

Cli = Callable[..., CliResult]

LOOPS = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
LIMIT_HINT = "; the template or clause is hostile or has a runaway loop"
RECORDED = " (when this file was last rendered; it is not rendered again until the file changes)"


@pytest.fixture
def stopped(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A short budget (0.5 s), and the messages of the renders the time limit stopped."""
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.5)
    calls: list[str] = []
    original = limits._too_long

    def counting(seconds: float) -> Exception:
        error = original(seconds)
        calls.append(str(error))
        return error

    monkeypatch.setattr(limits, "_too_long", counting)
    yield calls


def _runaways(ws: Path, count: int) -> list[Path]:
    paths = [write_clause(ws, f"runaway-{n}", json.dumps(LOOPS)) for n in range(count)]
    past = time.time() - 60  # not read again as "just written" by the next command
    for path in paths:
        os.utime(path, (past, past))
    return paths


def test_six_runaways_stop_one_listing_once(cli: Cli, ws: Path, stopped: list[str]) -> None:
    _runaways(ws, 6)
    result = cli("clauses", "list")
    assert result.code == 0, result.err
    assert "runaway-5" in result.out
    assert len(stopped) == 1  # one render ran out the budget; before, each of the six did
    again = cli("clauses", "list")
    assert again.code == 0 and stopped == stopped[:1]


def test_check_reports_the_runaway_and_then_refuses_it_at_once(
        cli: Cli, ws: Path, stopped: list[str]) -> None:
    [path] = _runaways(ws, 1)
    before = snapshot(ws)
    first = cli("clauses", "check")  # indexes the file (the render stops), then checks it
    assert first.code == 1
    reported = [f"{path.resolve()}:14: error: rendering stopped: rendering took longer than "
                f"0.5 s{RECORDED}{LIMIT_HINT}"]
    assert first.err.splitlines() == reported
    assert len(stopped) == 1
    stopped.clear()
    second = cli("clauses", "check")
    assert second.code == 1
    assert second.err.splitlines() == reported
    assert stopped == []  # refused without rendering
    draft = write_draft(ws, clause="runaway-0")
    exported = cli("export", draft, "-f", "md")
    assert (exported.code, exported.out) == (1, "")
    assert exported.err.splitlines() == second.err.splitlines()
    assert stopped == []
    assert snapshot(ws) == {**before, "drafts/draft.yaml": draft.read_bytes()}
    # a change to the file clears the record: the fixed clause is checked again
    path.write_text(path.read_text(encoding="utf-8").replace(LOOPS, "Release {{ who }}."),
                    encoding="utf-8")
    fixed = cli("clauses", "check")
    assert fixed.code == 0, fixed.err


def test_a_forged_record_is_not_trusted(cli: Cli, ws: Path, stopped: list[str]) -> None:
    """The record is sealed like every row (see test_index_seal.py): a planted one that
    would block a sound clause is ignored."""
    import sqlite3

    sound = write_clause(ws, "sound", json.dumps("Release {{ who }}."))
    past = time.time() - 60
    os.utime(sound, (past, past))
    assert cli("clauses", "list").code == 0
    [index] = sorted((ws / ".csp-draft-cache").glob("clauses-*.sqlite3"))
    with sqlite3.connect(index) as db:
        db.execute("INSERT INTO runaways (file, message, mac) SELECT file, 'rendering took "
                   "longer than 0.5 s', 'forged' FROM files WHERE clause_id = 'sound'")
    result = cli("clauses", "show", "sound")
    assert result.code == 0, result.err
    assert "Release Ales Bialiatsky." in result.out


@pytest.mark.slow
@pytest.mark.parametrize(("command", "count"), [(("clauses", "list"), 6),
                                                (("clauses", "check"), 3)],
                         ids=["list", "check"])
def test_runaway_clauses_measured(ws: Path, tmp_path: Path, command: tuple[str, ...],
                                  count: int) -> None:
    """The issue's cases with the real 10 s budget, in child processes as a user meets
    them: the first command and the next two (the figures of THREATS.md)."""
    _runaways(ws, count)
    empty = tmp_path / "empty"
    empty.mkdir()
    runs = [run_measured(ws, *command, empty=empty, timeout=600) for _ in range(3)]
    print(f"\n{count} runaways, `{' '.join(command)}`: " + ", ".join(
        f"{run.seconds:.1f} s (peak {run.peak_mb:.0f} MB)" for run in runs))
    expected = 0 if command[1] == "list" else 1
    assert [run.code for run in runs] == [expected] * 3
    assert all(run.peak_mb < 100 for run in runs)
