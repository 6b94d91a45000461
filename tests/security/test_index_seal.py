"""The library index is never trusted over the clause files (issue 23, item 4).

Editing a row of the SQLite cache changed a clause's text in every export while its file
stayed untouched, and `clauses check` said all was well. Every row is now sealed with a key
kept in the user's cache folder (outside any workspace) and bound to the bytes of its file;
a row that fails is dropped and its file read, with a notice.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.security.conftest import write_clause, write_draft

Cli = Callable[..., CliResult]

TRUE_TEXT = "Release {{ who }} now."
PLANTED = "Keep {{ who }} in prison."
NOTICE = ("clauses/fx-release.yaml: notice: the library index did not match this file (it "
          "was changed outside csp-draft); the file itself was read")


def _index(ws: Path) -> Path:
    [index] = sorted((ws / ".csp-draft-cache").glob("clauses-*.sqlite3"))
    return index


def _tamper(ws: Path, table: str) -> None:
    """What an attacker with write access to the workspace does: rewrite the stored text."""
    with sqlite3.connect(_index(ws)) as db:
        changed = db.execute(
            f"UPDATE {table} SET {'text' if table == 'examples' else 'record'} = "
            f"replace(replace({'text' if table == 'examples' else 'record'}, "
            "'Release', 'Keep'), 'now.', 'in prison.') WHERE file = "
            "(SELECT file FROM files WHERE clause_id = 'fx-release')").rowcount
    assert changed >= 1


def _age(ws: Path) -> None:
    """Clause files written a minute ago: the index keeps them (a file written within the
    last two seconds is read again by the next command anyway, so tampering would not show)."""
    past = time.time() - 60
    for path in (ws / "clauses").rglob("*.yaml"):
        os.utime(path, (past, past))


@pytest.fixture
def released(ws: Path, cli: Cli) -> Path:
    write_clause(ws, "fx-release", TRUE_TEXT)
    _age(ws)
    draft = write_draft(ws, clause="fx-release")
    first = cli("export", str(draft), "-f", "md", "-o", "-")
    assert first.code == 0, first.err
    assert "Release Ales Bialiatsky now." in first.out
    return draft


def _notices(err: str) -> list[str]:
    return [line.replace(os.sep, "/").split("ws/", 1)[-1] for line in err.splitlines()
            if "notice: the library index" in line]


@pytest.mark.parametrize("table", ["clauses", "shapes"])
def test_an_edited_row_never_reaches_an_export(ws: Path, cli: Cli, released: Path,
                                               table: str) -> None:
    clause_file = ws / "clauses" / "fx-release.yaml"
    before = clause_file.read_bytes()
    _tamper(ws, table)
    result = cli("export", str(released), "-f", "md", "-o", "-")
    assert result.code == 0, result.err
    assert "Release Ales Bialiatsky now." in result.out
    assert "prison" not in result.out
    assert _notices(result.err) == [NOTICE], result.err
    assert clause_file.read_bytes() == before
    again = cli("export", str(released), "-f", "md", "-o", "-")  # the row was stored anew
    assert "Release Ales Bialiatsky now." in again.out
    assert _notices(again.err) == []


def test_an_edited_row_is_not_listed_or_shown(ws: Path, cli: Cli, released: Path) -> None:
    assert cli("clauses", "show", "fx-release").code == 0  # stores the example rendering
    _tamper(ws, "examples")
    shown = cli("clauses", "show", "fx-release")
    assert shown.code == 0, shown.err
    assert "Release Ales Bialiatsky now." in shown.out and "prison" not in shown.out
    assert _notices(shown.err) == [NOTICE]
    assert cli("clauses", "list").code == 0  # reads the file again and stores it anew
    _tamper(ws, "clauses")
    listed = cli("clauses", "list", "--json")
    assert listed.code == 0, listed.err
    assert "prison" not in listed.out


def test_an_edited_listing_row_is_read_from_the_file(ws: Path, cli: Cli, released: Path
                                                     ) -> None:
    """The row that says which clause a file holds, and its problems, is sealed too."""
    with sqlite3.connect(_index(ws)) as db:
        db.execute("DELETE FROM meta WHERE key IN ('listing', 'snapshot')")
        db.execute("UPDATE files SET problems = '[]' WHERE clause_id = 'fx-release'")
    result = cli("export", str(released), "-f", "md", "-o", "-")
    assert result.code == 0, result.err
    assert "Release Ales Bialiatsky now." in result.out
    assert _notices(result.err) == [NOTICE]


def test_a_forged_snapshot_is_not_used(ws: Path, cli: Cli, released: Path) -> None:
    write_clause(ws, "fx-other", PLANTED)
    _age(ws)
    assert cli("clauses", "list").code == 0
    assert cli("clauses", "list").code == 0  # saves the snapshot of an unchanged library
    with sqlite3.connect(_index(ws)) as db:
        [snapshot] = db.execute("SELECT value FROM meta WHERE key = 'snapshot'").fetchone()
        rows = dict(db.execute("SELECT clause_id, file FROM files"))
        # point fx-release at the row of the planted clause
        forged = snapshot.replace(str(rows["fx-release"]), "R").replace(
            str(rows["fx-other"]), str(rows["fx-release"])).replace("R", str(rows["fx-other"]))
        assert forged != snapshot
        db.execute("UPDATE meta SET value = ? WHERE key = 'snapshot'", (forged,))
    result = cli("export", str(released), "-f", "md", "-o", "-")
    assert result.code == 0, result.err
    assert "Release Ales Bialiatsky now." in result.out


def test_clauses_check_reads_the_files(ws: Path, cli: Cli, released: Path) -> None:
    """A file changed behind the index's back (same size, its time set back) is what
    `clauses check` and `export` see, not the row stored for its old bytes."""
    clause_file = ws / "clauses" / "fx-release.yaml"
    info = clause_file.stat()
    broken = clause_file.read_text(encoding="utf-8").replace(
        "Release {{ who }} now.", "Release {{ whom }} now.")
    assert len(broken) == len(clause_file.read_text(encoding="utf-8")) + 1
    clause_file.write_text(broken.replace("now.", "now"), encoding="utf-8")
    os.utime(clause_file, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert clause_file.stat().st_size == info.st_size
    checked = cli("clauses", "check")
    assert checked.code == 1
    assert "uses 'whom', which is not a declared variable" in checked.err
    exported = cli("export", str(released), "-f", "md", "-o", "-")
    assert exported.code == 1
    assert "uses 'whom', which is not a declared variable" in exported.err


def test_without_a_private_key_no_index_is_used(ws: Path, cli: Cli, released: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    key = Path(os.environ["XDG_CACHE_HOME"]) / "csp-draft" / "index-key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    key.chmod(0o644)  # readable by others: anyone could forge rows with it
    _tamper(ws, "clauses")
    result = cli("export", str(released), "-f", "md", "-o", "-")
    assert result.code == 0, result.err
    assert "Release Ales Bialiatsky now." in result.out
    # a key that cannot be made at all: the files are read, every command still works
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    result = cli("export", str(released), "-f", "md", "-o", "-")
    assert result.code == 0, result.err
    assert "Release Ales Bialiatsky now." in result.out


def test_an_index_sealed_with_another_key_is_rebuilt_quietly(ws: Path, cli: Cli,
                                                              released: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    """A cache folder from elsewhere (or one made before the user's key was deleted): none
    of it is used, and no notice per row buries the output."""
    _tamper(ws, "clauses")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-users-cache"))
    result = cli("export", str(released), "-f", "md", "-o", "-")
    assert result.code == 0, result.err
    assert "Release Ales Bialiatsky now." in result.out
    assert _notices(result.err) == []
