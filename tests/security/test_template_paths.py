"""Threat: a template or clause library reads files outside its folder.

Template names in ``{% include %}``, ``{% extends %}`` and ``{% import %}`` cannot leave the
template folders: no ``..``, no absolute names, no symlink (to a file or a folder) that
leads outside; git repositories carry symlinks. Clause libraries skip symlinked files and
folders. A secret file outside must never reach the output or the terminal.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.security.conftest import snapshot, write_clause, write_draft

Cli = Callable[..., CliResult]

SECRET = "Detained: Ales Bialiatsky, cell 12"
LEAVES_HINT = "name templates relative to the templates folder, without '..'"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    path = outside / "secret.md.j2"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def _export(cli: Cli, ws: Path, template_text: str | None = None) -> tuple[CliResult, Path]:
    template = ws / "templates" / "resolution.md.j2"
    if template_text is not None:
        template.write_text(template_text, encoding="utf-8")
    draft = write_draft(ws, clause="fx-free-media").read_text().replace(
        "values: {who: Ales Bialiatsky}", "")
    path = write_draft(ws, draft)
    before = snapshot(ws)
    result = cli("export", path, "--format", "md,docx")
    assert snapshot(ws) == before
    assert SECRET not in result.out + result.err
    return result, template.resolve()


@pytest.mark.parametrize("statement", ["include", "extends", "import"])
@pytest.mark.parametrize("name", ["../outside/secret.md.j2", "/etc/passwd",
                                  "builtin/../../outside/secret.md.j2", "a/./b.md.j2",
                                  "..\\\\outside\\\\secret.md.j2", "C:/secret.md.j2"])
def test_template_names_cannot_leave_the_folder(cli: Cli, ws: Path, statement: str,
                                                name: str) -> None:
    tail = " as x" if statement == "import" else ""
    result, template = _export(cli, ws, f"line one\n{{% {statement} '{name}'{tail} %}}\n")
    shown = name.removeprefix("builtin/").replace("\\\\", "\\")
    assert result.code == 1
    assert result.err == (f"{template}:2: error: template name '{shown}' leaves the template "
                          f"folder; {LEAVES_HINT}\n")


def test_a_symlink_to_a_file_outside_is_refused(cli: Cli, ws: Path, secret: Path) -> None:
    link = ws / "templates" / "leak.md.j2"
    link.symlink_to(secret)
    result, _ = _export(cli, ws, "line one\n{% include 'leak.md.j2' %}\n")
    assert result.code == 1
    assert result.err == (f"{link}: error: template 'leak.md.j2' is a link to a file outside "
                          f"{ws.resolve() / 'templates'}; replace the symlink with a real file\n")


def test_a_symlinked_folder_inside_templates_is_refused(cli: Cli, ws: Path,
                                                        secret: Path) -> None:
    folder = ws / "templates" / "partials"
    folder.symlink_to(secret.parent, target_is_directory=True)
    result, _ = _export(cli, ws, "{% include 'partials/secret.md.j2' %}\n")
    assert result.code == 1
    assert result.err == (f"{folder / 'secret.md.j2'}: error: template 'partials/secret.md.j2' "
                          f"is a link to a file outside {ws.resolve() / 'templates'}; replace "
                          "the symlink with a real file\n")


def test_the_document_template_itself_may_not_be_a_link_outside(cli: Cli, ws: Path,
                                                                 secret: Path) -> None:
    template = ws / "templates" / "resolution.md.j2"
    template.symlink_to(secret)
    result, _ = _export(cli, ws)
    assert result.code == 1
    assert result.err == (f"{template}: error: template 'resolution.md.j2' is a link to a file "
                          f"outside {ws.resolve() / 'templates'}; replace the symlink with a "
                          "real file\n")
    shown = cli("templates", "show", "resolution")
    assert (shown.code, shown.out) == (1, "")
    assert shown.err == result.err
    listed = cli("templates", "list")
    assert (listed.code, listed.err) == (1, result.err)
    assert SECRET not in shown.out + listed.out


def test_a_link_inside_the_folder_is_fine(cli: Cli, ws: Path) -> None:
    real = ws / "templates" / "parts" / "note.md.j2"
    real.parent.mkdir()
    real.write_text("inside note\n", encoding="utf-8")
    (ws / "templates" / "note.md.j2").symlink_to(real)
    template = ws / "templates" / "resolution.md.j2"
    template.write_text("{% include 'note.md.j2' %}", encoding="utf-8")
    draft = write_draft(ws, clause="fx-free-media").read_text().replace(
        "values: {who: Ales Bialiatsky}", "")
    result = cli("export", write_draft(ws, draft), "-f", "md", "-o", "-")
    assert (result.code, result.out) == (0, "inside note\n")


def test_a_templates_folder_outside_the_workspace_is_refused(cli: Cli, ws: Path,
                                                             secret: Path) -> None:
    os.rmdir(ws / "templates")
    (ws / "templates").symlink_to(secret.parent, target_is_directory=True)
    before = snapshot(ws)
    result = cli("templates", "show", "resolution")
    assert result.code == 1
    config = ws.resolve() / "csp-draft.yaml"
    line = config.read_text().splitlines().index("templates: templates") + 1
    assert result.err == (f"{config}:{line}:12: error: the templates folder must "
                          "be inside the workspace; give a path relative to the folder holding "
                          "csp-draft.yaml\n")
    assert snapshot(ws) == before


@pytest.mark.parametrize("cache", [True, False], ids=["indexed", "files"])
def test_symlinked_clause_files_and_folders_are_not_read(cli: Cli, ws: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         cache: bool) -> None:
    if not cache:
        monkeypatch.setenv("CSP_DRAFT_NO_CACHE", "1")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    leak = write_clause(ws, "leak", f"'{SECRET}'")
    leak.rename(outside / "leak.yaml")
    (ws / "clauses" / "leak.yaml").symlink_to(outside / "leak.yaml")
    (outside / "more").mkdir()
    hidden = write_clause(ws, "hidden", f"'{SECRET}'")
    hidden.rename(outside / "more" / "hidden.yaml")
    (ws / "clauses" / "more").symlink_to(outside / "more", target_is_directory=True)
    before = snapshot(ws)
    listed = cli("clauses", "list")
    assert listed.code == 0, listed.err
    assert "leak" not in listed.out and "hidden" not in listed.out
    for clause_id in ("leak", "hidden"):
        shown = cli("clauses", "show", clause_id)
        assert shown.code == 1
        assert shown.err.startswith(f"error: no clause '{clause_id}' in the library")
    found = cli("clauses", "search", "Bialiatsky")
    assert SECRET not in found.out + found.err
    assert snapshot(ws) == before
