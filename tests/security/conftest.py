"""Fixtures for the threat tests: a workspace of our own, snapshots of every file in it.

Every test here runs the command a user would run (``csp_draft.cli.main.main`` in-process) and
checks three things: the exact message, the exit code, and that no user file changed by a
single byte (see :func:`snapshot`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from csp_draft import paths
from tests.conftest import CliResult
from tests.drafts.clauses_fixture import write_library

Cli = Callable[..., CliResult]

CLAUSE = """\
id: {id}
title: {{en: {title}, ru: Положение}}
kind: recommendation
topics: [testing]
variables:
  who:
    type: string
    required: true
    example: Ales Bialiatsky
  items:
    type: list
    default: []
text:
  en: {text}
version: "1"
updated: 2026-11-23
"""

DRAFT = """\
kind: resolution
title: Test resolution
date: 2017-07-04
languages: [en]
sections:
  recommendations:
    items:
      - clause: {clause}
        values: {{who: {who}}}
      - text: Our own words.
"""


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No packaged clauses (others edit them concurrently) and no user cache folder."""
    empty = tmp_path_factory.mktemp("no-packaged-clauses")
    original = paths.packaged
    monkeypatch.setattr(paths, "packaged",
                        lambda folder: empty if folder == "clauses" else original(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> Iterator[Path]:
    """A workspace made by `csp-draft init`, with the fixture clauses; the current folder."""
    root = tmp_path / "ws"
    result = cli("init", str(root), "--coalition", "Test Coalition", "--lang", "en,ru")
    assert result.code == 0, result.err
    write_library(root / "clauses")
    monkeypatch.chdir(root)
    yield root


def write_clause(ws: Path, clause_id: str, text: str, *, title: str = "A clause") -> Path:
    """A clause ``clause_id`` in the workspace whose English text is the YAML scalar ``text``."""
    path = ws / "clauses" / f"{clause_id}.yaml"
    path.write_text(CLAUSE.format(id=clause_id, title=title, text=text), encoding="utf-8")
    return path


def write_draft(ws: Path, body: str | None = None, *, clause: str = "fx-free-media",
                who: str = "Ales Bialiatsky", name: str = "draft.yaml") -> Path:
    """A draft in ``ws/drafts``: ``body`` as given (dedented), or :data:`DRAFT` filled in."""
    path = ws / "drafts" / name
    text = textwrap.dedent(body) if body is not None else DRAFT.format(clause=clause, who=who)
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every file below ``root`` by relative path: its bytes, or ``-> target`` for a link.

    The derived library index and lock files are left out: they are csp-draft's own.
    Stray temporary files are included, so a leftover one shows up as a difference.
    """
    result: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(".csp-draft-cache") or path.name.endswith(".lock"):
            continue
        if path.is_symlink():
            result[relative] = f"-> {path.readlink()}"
        elif path.is_file():
            result[relative] = path.read_bytes()
    return result
