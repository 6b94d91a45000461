"""Clause libraries shared through git: fetched, pinned, updated; nothing upstream can act."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from csp_draft.library.index.cache import user_cache_dir
from csp_draft.library.lock import read_lock
from csp_draft.library.shared import snapshot_folder
from tests.conftest import CliResult

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

CLAUSE = """\
id: shared-release
title: {{en: Release from a shared library, ru: Освобождение из общей библиотеки}}
kind: recommendation
topics: [testing]
addressees: [participating-states]
text:
  en: {en}
  ru: освободить всех правозащитников, задержанных за их работу.
version: "1"
updated: 2026-11-30
"""
GIT_ID = ["-c", "user.name=Upstream", "-c", "user.email=up@example.org"]


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *GIT_ID, *args], cwd=folder, check=True,
                          capture_output=True, text=True).stdout


def commit_clause(upstream: Path, text: str, message: str, *, amend: bool = False) -> None:
    path = upstream / "defenders" / "shared-release.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CLAUSE.format(en=text), encoding="utf-8")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", message, *(["--amend"] if amend else []))


@pytest.fixture
def upstream(tmp_path: Path) -> Path:
    folder = tmp_path / "upstream"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    commit_clause(folder, "release every defender held for their work.", "first")
    return folder


@pytest.fixture
def ws(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ws"
    assert cli("init", str(root), "--coalition", "Test Coalition").code == 0
    monkeypatch.chdir(root)
    return root


def test_add_pins_the_library_and_its_clauses_are_used(ws: Path, upstream: Path, cli) -> None:
    added = cli("library", "add", str(upstream), "--as", "coalition")
    assert added.code == 0, added.err
    assert added.err.startswith("added library 'coalition' at ")
    lock = (ws / "csp-draft.lock").read_text(encoding="utf-8")
    head = git(upstream, "rev-parse", "HEAD").strip()
    assert f"commit: {head}" in lock
    assert "defenders/shared-release.yaml: " in lock
    shown = cli("clauses", "show", "shared-release", "--lang", "en")
    assert "release every defender held for their work." in shown.out
    status = cli("library", "status")
    assert status.out == f"coalition  {upstream}  (default branch)  {head[:12]}  1 file\n"


def test_the_lock_file_is_byte_stable(ws: Path, upstream: Path, cli) -> None:
    assert cli("library", "add", str(upstream), "--as", "coalition").code == 0
    first = (ws / "csp-draft.lock").read_bytes()
    again = cli("library", "update")
    assert again.out.startswith("coalition: up to date at ")
    assert (ws / "csp-draft.lock").read_bytes() == first


def test_update_shows_the_change_and_dry_run_changes_nothing(ws: Path, upstream: Path,
                                                             cli) -> None:
    assert cli("library", "add", str(upstream), "--as", "coalition").code == 0
    before = (ws / "csp-draft.lock").read_bytes()
    commit_clause(upstream, "release all defenders held for their work.", "correction")
    dry = cli("library", "update", "--dry-run")
    assert dry.code == 0
    assert "(would be pinned; --dry-run)" in dry.out
    assert "    -  en: release every defender held for their work.\n" in dry.out
    assert "    +  en: release all defenders held for their work.\n" in dry.out
    assert (ws / "csp-draft.lock").read_bytes() == before
    applied = cli("library", "update", "coalition")
    assert applied.code == 0
    assert (ws / "csp-draft.lock").read_bytes() != before
    shown = cli("clauses", "show", "shared-release", "--lang", "en")
    assert "release all defenders" in shown.out


def test_a_force_push_is_reported(ws: Path, upstream: Path, cli) -> None:
    assert cli("library", "add", str(upstream), "--as", "coalition").code == 0
    commit_clause(upstream, "release each defender.", "rewritten", amend=True)
    result = cli("library", "update")
    assert result.code == 0
    assert "history of coalition was rewritten upstream (a force-push)" in result.err


def test_two_workspaces_with_one_lock_export_the_same_docx(
    ws: Path, upstream: Path, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("library", "add", str(upstream), "--as", "coalition").code == 0
    draft = ws / "drafts" / "forum.yaml"
    assert cli("new", "resolution", str(draft), "--title", "Forum").code == 0
    assert cli("add-clause", str(draft), "shared-release").code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    assert cli("export", str(draft), "-f", "docx", "-o", str(tmp_path / "a.docx")).code == 0
    other = tmp_path / "other-member"
    shutil.copytree(ws, other, ignore=shutil.ignore_patterns(".csp-draft-cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh-cache"))  # nothing fetched yet
    monkeypatch.chdir(other)
    result = cli("export", str(other / "drafts" / "forum.yaml"), "-f", "docx", "-o",
                 str(tmp_path / "b.docx"))
    assert result.code == 0, result.err
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    text = "\n".join(p.text for p in Document(str(tmp_path / "b.docx")).paragraphs)
    assert "release every defender held for their work" in text.casefold()


def test_a_changed_cached_file_is_refused(ws: Path, upstream: Path, cli,
                                          tmp_path: Path) -> None:
    assert cli("library", "add", str(upstream), "--as", "coalition").code == 0
    locked = read_lock(ws)["coalition"]
    cached = snapshot_folder(user_cache_dir(), locked) / "defenders" / "shared-release.yaml"
    cached.write_text(CLAUSE.format(en="keep every defender in prison."), encoding="utf-8")
    result = cli("clauses", "show", "shared-release")
    assert result.code == 1
    assert "library 'coalition': the cached 'defenders/shared-release.yaml' was changed" \
        in result.err


# --- hostile upstreams ------------------------------------------------------------------------

def test_a_symlink_is_left_out_with_a_notice(ws: Path, upstream: Path, cli) -> None:
    (upstream / "passwords.yaml").symlink_to("/etc/passwd")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "link")
    result = cli("library", "add", str(upstream), "--as", "coalition")
    assert result.code == 0
    assert "notice: 'passwords.yaml' is a symbolic link; left out" in result.err
    assert "passwords.yaml" not in (ws / "csp-draft.lock").read_text(encoding="utf-8")


def test_a_submodule_is_refused(ws: Path, upstream: Path, cli) -> None:
    head = git(upstream, "rev-parse", "HEAD").strip()
    git(upstream, "update-index", "--add", "--cacheinfo", f"160000,{head},vendor")
    git(upstream, "commit", "-q", "-m", "submodule")
    result = cli("library", "add", str(upstream), "--as", "coalition")
    assert result.code == 1
    assert result.err.startswith("error: the library holds a submodule at 'vendor'; "
                                 "submodules are refused")
    assert not (ws / "csp-draft.lock").exists()


def test_hooks_filters_and_option_urls_run_nothing(ws: Path, upstream: Path, cli,
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "ran"
    hook = upstream / ".git" / "hooks" / "post-checkout"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
    hook.chmod(0o755)
    (upstream / ".gitattributes").write_text("*.yaml filter=evil\n")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "attributes")
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text(
        f"[filter \"evil\"]\n\tsmudge = touch {marker}; cat\n\tclean = cat\n"
        f"[core]\n\thooksPath = {upstream / '.git' / 'hooks'}\n")
    monkeypatch.setenv("HOME", str(home))
    added = cli("library", "add", str(upstream), "--as", "coalition")
    assert added.code == 0, added.err
    assert cli("library", "update").code == 0
    for url in (f"-oProxyCommand=touch {marker}", f"--upload-pack=touch {marker}"):
        assert cli("library", "add", url, "--as", "evil").code == 2  # Click: not an option
        refused: CliResult = cli("library", "add", "--as", "evil", "--", url)
        assert refused.code == 1
        assert refused.err.startswith(f"error: '{url}' is not a library address")
    transport = cli("library", "add", f"ext::sh -c touch% {marker}", "--as", "evil")
    assert transport.code == 1
    assert "only https, ssh and local folders are allowed" in transport.err
    assert not marker.exists()


def _override(ws: Path, text: str) -> Path:
    path = ws / "clauses" / "shared-release.yaml"
    path.write_text("# our own wording, agreed at the 2026 assembly\n"
                    + CLAUSE.format(en=text), encoding="utf-8")
    return path


def test_update_merges_upstream_change_into_a_local_override_word_by_word(
        ws: Path, upstream: Path, cli) -> None:
    assert cli("library", "add", str(upstream), "--as", "coalition").code == 0
    override = _override(ws, "release every human-rights defender held for their work.")
    commit_clause(upstream, "release every defender held for their work, without "
                  "conditions.", "upstream adds 'without conditions'")
    updated = cli("library", "update")
    assert updated.code == 0, updated.err
    assert f"  merged   {override}: upstream's change merged into your version" in updated.out
    text = override.read_text(encoding="utf-8")
    assert text.startswith("# our own wording, agreed at the 2026 assembly\n")
    assert "release every human-rights defender held for their work, without conditions." \
        in text
    assert cli("clauses", "check").code == 0


def test_an_overlapping_local_edit_is_one_conflict_and_check_fails_until_resolved(
        ws: Path, upstream: Path, cli) -> None:
    assert cli("library", "add", str(upstream), "--as", "coalition").code == 0
    override = _override(ws, "release all defenders held for their work.")
    commit_clause(upstream, "release each defender held for their work.", "upstream wording")
    dry = cli("library", "update", "--dry-run")
    assert f"  conflict {override}: both changed text.en" in dry.err
    assert "<<<<<<<" not in override.read_text(encoding="utf-8")  # a dry run writes nothing
    updated = cli("library", "update")
    assert updated.code == 0
    assert f"  conflict {override}: both changed text.en; decide, then `csp-draft clauses " \
           "check`" in updated.err
    text = override.read_text(encoding="utf-8")
    assert text.count("<<<<<<<") == 1
    assert "release <<<<<<< ours: all defenders ======= theirs: each defender >>>>>>> held " \
           "for their work." in text
    checked = cli("clauses", "check")
    assert checked.code == 1
    assert "an unresolved merge conflict (library update): keep the words after 'ours:' or " \
           "after 'theirs:' and delete the markers" in checked.err
    override.write_text(text.replace("<<<<<<< ours: all defenders ======= theirs: each "
                                     "defender >>>>>>>", "each defender"), encoding="utf-8")
    assert cli("clauses", "check").code == 0


def commit_classified(upstream: Path, text: str, change: str) -> None:
    path = upstream / "defenders" / "shared-release.yaml"
    path.write_text(CLAUSE.format(en=text).replace('version: "1"', f'version: "2"\nchange: '
                                                    f"{change}"), encoding="utf-8")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", change)


def test_corrections_are_applied_unattended_and_other_changes_only_shown(
        ws: Path, upstream: Path, cli) -> None:
    assert cli("library", "add", str(upstream), "--as", "coalition").code == 0
    first = read_lock(ws)["coalition"].commit
    commit_classified(upstream, "release every defender held for their work.", "update")
    shown = cli("library", "update", "--corrections")
    assert shown.code == 0, shown.err
    assert "  changed  defenders/shared-release.yaml (update)" in shown.out
    assert "(not pinned: not only corrections; review, then run `csp-draft library update " \
           "coalition`)" in shown.out
    assert read_lock(ws)["coalition"].commit == first
    commit_classified(upstream, "release every defender held for their work!", "correction")
    git(upstream, "reset", "-q", "--soft", "HEAD~2")
    git(upstream, "commit", "-q", "-m", "a correction only")
    applied = cli("library", "update", "--corrections")
    assert "  changed  defenders/shared-release.yaml (correction)" in applied.out
    assert read_lock(ws)["coalition"].commit == git(upstream, "rev-parse", "HEAD").strip()
