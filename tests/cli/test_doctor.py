"""`csp-draft doctor`: each missing tool or font is named with what to do, exit 1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from csp_draft.drafts.translations import text_hash


@pytest.fixture
def bare_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH with no LibreOffice, git or fontconfig: only the tools a test puts in it."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


def _tool(folder: Path, name: str, output: str) -> None:
    script = folder / name
    script.write_text(f"#!/bin/sh\nprintf '%s' '{output}'\n", encoding="utf-8")
    script.chmod(0o755)


def test_a_machine_without_libreoffice_git_or_cyrillic_fonts(cli, bare_path: Path,
                                                             tmp_path: Path,
                                                             monkeypatch) -> None:
    _tool(bare_path, "fc-list", "")  # fontconfig without a single Cyrillic font
    monkeypatch.chdir(tmp_path)
    result = cli("doctor")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[1] == ("error: LibreOffice: not found: export --format pdf cannot work; "
                        "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer; "
                        "macOS: brew install --cask libreoffice) or export docx instead")
    assert lines[2] == ("error: fonts: no font has Cyrillic letters: Russian PDFs would show "
                        "empty boxes; install fonts with Cyrillic letters (Debian/Ubuntu: sudo "
                        "apt-get install fonts-dejavu-core fonts-liberation2; then run fc-cache)")
    assert lines[3] == ("warning: git: not found: DRAFT@REV, compare with a past version and "
                        "translations diff cannot work; install git (Debian/Ubuntu: sudo "
                        "apt-get install git)")
    assert result.err == "2 errors, 1 warning\n"


def test_fonts_without_the_documents_font_are_a_warning(cli, bare_path: Path, tmp_path,
                                                        monkeypatch) -> None:
    _tool(bare_path, "fc-list", "DejaVu Sans\nDejaVu Serif,DejaVu Serif Condensed\n")
    _tool(bare_path, "soffice", "")
    _tool(bare_path, "git", "git version 2.39.5")
    monkeypatch.chdir(tmp_path)
    result = cli("doctor")
    assert result.code == 0, result.out
    assert ("warning: fonts: 3 with Cyrillic letters, but not Liberation Serif: PDFs use "
            "another font than Word shows; install fonts-liberation2 (Debian/Ubuntu)"
            ) in result.out.splitlines()
    assert f"ok: LibreOffice: {bare_path / 'soffice'} (PDF export)" in result.out.splitlines()


def test_a_workspace_with_a_draft_out_of_step_and_a_broken_clause(cli, tmp_path: Path,
                                                                  monkeypatch) -> None:
    assert cli("init", str(tmp_path / "ws")).code == 0
    monkeypatch.chdir(tmp_path / "ws")
    assert cli("new", "statement", "drafts/s.yaml", "--title", "On defenders", "--lang",
               "en,ru").code == 0
    text = Path("drafts/s.yaml").read_text(encoding="utf-8")
    english, russian = "Defenders are in prison.", "Правозащитники в тюрьме."
    synced = f"{{en: {text_hash(english)}, ru: {text_hash(russian)}}}"
    Path("drafts/s.yaml").write_text(text.replace(
        "concerns:\n    items: []",
        "concerns:\n    items:\n      - text: {en: Defenders are still in prison., "
        "ru: Правозащитники в тюрьме.}\n        synced: " + synced), encoding="utf-8")
    assert "1 out of step" in cli("translations", "check", "drafts/s.yaml").err
    Path("clauses/broken.yaml").write_text("id: broken\ntitle: [\n", encoding="utf-8")
    result = cli("doctor")
    lines = result.out.splitlines()
    assert ("warning: clause library: 134 clauses; 1 file(s) with problems, left out: "
            f"{Path.cwd() / 'clauses' / 'broken.yaml'}; run csp-draft clauses check to see them"
            ) in lines, lines
    assert ("warning: drafts/s.yaml: 1 text(s) whose translations are out of step (concerns.1); "
            "run csp-draft translations check drafts/s.yaml") in lines, lines
    assert lines[0] == f"ok: workspace: {Path.cwd()} (languages: en, ru)"


def test_a_damaged_index_file_is_named(cli, tmp_path: Path, monkeypatch) -> None:
    assert cli("init", str(tmp_path / "ws")).code == 0
    monkeypatch.chdir(tmp_path / "ws")
    assert cli("clauses", "list").code == 0
    index = next(Path(".csp-draft-cache").glob("clauses-*.sqlite3"))
    data = bytearray(index.read_bytes())
    data[4096:8192] = os.urandom(4096)
    index.write_bytes(bytes(data))
    lines = cli("doctor").out.splitlines()
    assert (f"warning: index cache: 1 damaged index file(s): {Path.cwd() / index}; "
            "delete them: the next command rebuilds the index") in lines, lines
