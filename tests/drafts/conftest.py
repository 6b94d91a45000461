"""Fixtures for the draft commands: a workspace with a small clause library of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from csp_draft import paths
from tests.conftest import CliResult
from tests.drafts.clauses_fixture import write_library

Cli = Callable[..., CliResult]


@pytest.fixture(autouse=True)
def _no_packaged_clauses(tmp_path_factory: pytest.TempPathFactory,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the packaged library (written concurrently by others) out of these tests."""
    empty = tmp_path_factory.mktemp("no-packaged-clauses")
    original = paths.packaged
    monkeypatch.setattr(paths, "packaged",
                        lambda folder: empty if folder == "clauses" else original(folder))


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> Iterator[Path]:
    """A workspace (made by `csp-draft init`) with the fixture clauses; the current folder."""
    root = tmp_path / "ws"
    result = cli("init", str(root), "--coalition", "Test Coalition")
    assert result.code == 0, result.err
    write_library(root / "clauses")
    monkeypatch.chdir(root)
    yield root


@pytest.fixture
def resolution(ws: Path, cli: Cli) -> Path:
    """An empty resolution draft in the workspace: drafts/test.yaml."""
    result = cli("new", "resolution", "drafts/test.yaml", "--title", "Test resolution",
                 "--date", "2017-07-04")
    assert result.code == 0, result.err
    result = cli("info", "drafts/test.yaml", "--lang", "ru", "--title", "Тестовая резолюция",
                 "--author", "Тестовая коалиция")
    assert result.code == 0, result.err
    return ws / "drafts" / "test.yaml"


@pytest.fixture
def ruamel_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts ruamel's full loads of a draft (the slow path)."""
    calls: list[str] = []
    from csp_draft.drafts import edit as editing

    original = editing.load_roundtrip

    def counting(rt: object, text: str, path: str) -> object:
        calls.append(path)
        return original(rt, text, path)

    monkeypatch.setattr(editing, "load_roundtrip", counting)
    return calls
