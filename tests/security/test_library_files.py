"""Hostile clause libraries: files that are not files, folders nested beyond reason, and an
index cache edited behind the clause files' back (issue 23, items 4, 9, 10 and 19)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.security.conftest import write_clause, write_draft

Cli = Callable[..., CliResult]


@pytest.fixture(params=["indexed", "files"])
def indexed(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Each library test runs with the index and without it (CSP_DRAFT_NO_CACHE)."""
    if request.param == "files":
        monkeypatch.setenv("CSP_DRAFT_NO_CACHE", "1")
    return request.param == "indexed"


@pytest.fixture
def unblock() -> Iterator[Callable[[Path], None]]:
    """Opens a FIFO for writing after a while and closes it: a reader stuck on it then gets
    an empty file, so that a regression fails the test instead of hanging it."""
    stop = threading.Event()
    threads = []

    def start(fifo: Path) -> None:
        def writer() -> None:
            while not stop.wait(2.0):
                try:
                    fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                except OSError:  # nobody is reading it: nothing to unblock
                    continue
                os.close(fd)

        thread = threading.Thread(target=writer, daemon=True)
        thread.start()
        threads.append(thread)

    yield start
    stop.set()
    for thread in threads:
        thread.join()


def test_a_fifo_named_like_a_clause_file_is_not_read(cli: Cli, ws: Path, indexed: bool,
                                                     unblock: Callable[[Path], None]) -> None:
    fifo = ws / "clauses" / "stuck.yaml"
    os.mkfifo(fifo)
    unblock(fifo)
    listed = cli("clauses", "list")
    assert (listed.code, listed.err) == (0, "")
    assert "fx-free-media" in listed.out and "stuck" not in listed.out
    checked = cli("clauses", "check")
    assert checked.code == 0, checked.err
    write_clause(ws, "release", "'We call for the release of {{ who }}.'")
    write_draft(ws, clause="release")
    exported = cli("export", "drafts/draft.yaml", "-f", "md")
    assert exported.code == 0, exported.err


def test_a_fifo_given_as_a_draft_is_refused_at_once(cli: Cli, ws: Path,
                                                    unblock: Callable[[Path], None]) -> None:
    fifo = ws / "drafts" / "pipe.yaml"
    os.mkfifo(fifo)
    unblock(fifo)
    result = cli("check", "drafts/pipe.yaml")
    assert result.code == 1
    assert result.err == (f"{Path('drafts/pipe.yaml')}: error: is not a regular file (a FIFO, "
                          "device or socket); give the path of an ordinary file\n")


def test_a_library_nested_a_thousand_folders_deep_is_read(cli: Cli, ws: Path,
                                                          indexed: bool) -> None:
    folders = [ws / "clauses" / "d"]
    for _ in range(999):
        folders.append(folders[-1] / "d")
    for folder in folders:
        folder.mkdir()
    bottom = folders[-1] / "deep-clause.yaml"
    write_clause(ws, "deep-clause", "'Found at the bottom.'").rename(bottom)
    try:
        listed = cli("clauses", "list")
        assert (listed.code, listed.err) == (0, "")
        assert "deep-clause" in listed.out and "fx-free-media" in listed.out
        shown = cli("clauses", "show", "deep-clause")
        assert shown.code == 0, shown.err
        assert "Found at the bottom." in shown.out
    finally:  # pytest's own clean-up of tmp_path recurses once per folder
        bottom.unlink()
        for folder in reversed(folders):
            folder.rmdir()


def _settled(path: Path) -> Path:
    """Date ``path`` an hour back: the index trusts only files that are not being written
    (it reads again a file changed moments before it was indexed)."""
    when = path.stat().st_mtime_ns - 3600 * 10**9
    os.utime(path, ns=(when, when))
    return path


def _index_files(ws: Path) -> list[Path]:
    return sorted((ws / ".csp-draft-cache").glob("clauses-*.sqlite3"))


def test_parallel_cold_index_builds_leave_an_index(ws: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).resolve().parents[2] / "src"), os.environ.get("PYTHONPATH", "")])}
    env.pop("CSP_DRAFT_NO_CACHE", None)
    command = [sys.executable, "-c", "from csp_draft.cli.main import main; "
               "raise SystemExit(main(['clauses', 'list']))"]
    runs = [subprocess.Popen(command, cwd=ws, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [(run.wait(timeout=120), *run.communicate()) for run in runs]
    for code, out, err in results:
        assert (code, err) == (0, "")
        assert "fx-free-media" in out
    [index] = _index_files(ws)
    with sqlite3.connect(index) as db:
        assert db.execute("SELECT count(*) FROM clauses").fetchone()[0] > 0
    db.close()
