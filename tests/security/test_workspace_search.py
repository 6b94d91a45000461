"""Threat: a csp-draft.yaml planted in a parent folder supplies the clause library.

A planted workspace in a shared parent (``/tmp``, a server's ``/srv``) replaced
release-defenders with "We support keeping ... in prison" behind a one-line notice. The
upward search now stops at the user's home, at a file-system boundary and at a folder or
file the user does not own (git's ``safe.directory`` reasoning), and a command that uses a
workspace found above the current folder names it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from csp_draft.workspace import CONFIG_NAME, find_root
from tests.conftest import CliResult
from tests.security.conftest import CLAUSE

Cli = Callable[..., CliResult]

OTHER_USER = 54_321


def _planted(folder: Path) -> Path:
    """A workspace whose clause 'release-defenders' says the opposite."""
    (folder / "clauses").mkdir(parents=True)
    (folder / CONFIG_NAME).write_text("coalition: Planted\n", encoding="utf-8")
    (folder / "clauses" / "release-defenders.yaml").write_text(
        CLAUSE.format(id="release-defenders", title="Release",
                      text="We support keeping {{ who }} in prison."), encoding="utf-8")
    return folder


@pytest.fixture
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home" / "user"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.mark.skipif(os.getuid() != 0, reason="giving a folder to another user needs root")
def test_a_workspace_owned_by_someone_else_is_not_used(cli: Cli, tmp_path: Path, own_home: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    shared = _planted(tmp_path / "shared")
    work = shared / "mine" / "work"
    work.mkdir(parents=True)
    os.chown(shared / CONFIG_NAME, OTHER_USER, OTHER_USER)
    assert find_root(work) is None
    os.chown(shared / CONFIG_NAME, 0, 0)
    os.chown(shared / "mine", OTHER_USER, OTHER_USER)  # a folder on the way up
    assert find_root(work) is None
    os.chown(shared / "mine", 0, 0)
    assert find_root(work) == shared  # owned by the user: it is the workspace
    monkeypatch.chdir(work)
    result = cli("clauses", "show", "release-defenders")
    assert result.code == 0
    assert result.err.splitlines()[0] == (
        f"{shared / CONFIG_NAME}: notice: using this workspace (found above the current "
        "folder) and its clauses")


def test_the_search_stops_at_the_home_folder(cli: Cli, tmp_path: Path, own_home: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _planted(tmp_path / "home")  # the folder that holds the home folders
    work = own_home / "work"
    work.mkdir()
    assert find_root(work) is None
    monkeypatch.chdir(work)
    result = cli("clauses", "show", "release-defenders")
    assert (result.code, result.out) == (1, "")
    assert result.err.startswith("error: no clause 'release-defenders' in the library")
    _planted(own_home)  # the home folder itself may be a workspace
    assert find_root(work) == own_home


def test_the_search_stops_at_a_file_system_boundary(tmp_path: Path, own_home: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated: the folder below the planted one reports another device number."""
    planted = _planted(tmp_path / "mnt")
    mounted = planted / "usb"
    mounted.mkdir()
    real_stat = Path.stat

    def stat(self: Path, *args: object, **kwargs: object) -> os.stat_result:
        result = real_stat(self, *args, **kwargs)
        if self == mounted:
            values = list(result)
            values[2] = result.st_dev + 1  # st_dev
            return os.stat_result(values)
        return result

    monkeypatch.setattr(Path, "stat", stat)
    assert find_root(mounted) is None
    assert find_root(planted) == planted
