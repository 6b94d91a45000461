"""Threat: names from the command line or a repository make csp-draft touch files elsewhere.

Clause ids, REFs, section names and language codes are checked against strict patterns
before they are used; exports never overwrite a file the previous export did not write
(unless --force), and never write through a symbolic link: a repository can carry a link
named like an output (or like the export manifest) that points at ~/.bash_aliases.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.security.conftest import snapshot, write_draft

Cli = Callable[..., CliResult]

ID_HINT = "clause ids are lowercase letters, digits and hyphens, e.g. release-defenders"
REF_HINT = ("give a position such as recommendations.3 (a sub-item: recommendations.9.3), or "
            "the id of a clause used once")
SECTION_HINT = "section names are lowercase letters, digits and hyphens"
ODD = ["../../etc/passwd", "/etc/passwd", "..", "a/b", "C:\\x", "evil\x00", "Évil", "a b",
       "x" * 65, "x--y", "x-"]

FREE_TEXT_DRAFT = """\
kind: resolution
title: T
languages: [en]
sections:
  recommendations:
    items:
      - text: Free words only.
      - clause: fx-goal
"""


@pytest.fixture
def draft(ws: Path) -> Path:
    return write_draft(ws, FREE_TEXT_DRAFT)


def _refused(cli: Cli, ws: Path, args: tuple[str, ...], code: int, err: str) -> None:
    before = snapshot(ws)
    result = cli(*args)
    assert (result.code, result.out, result.err) == (code, "", err)
    assert snapshot(ws) == before


def _shown(text: str) -> str:
    flat = text.replace("\x00", "")
    return flat if len(flat) <= 60 else flat[:57] + "..."


@pytest.mark.parametrize("odd", ODD)
def test_clause_ids_from_the_command_line(cli: Cli, ws: Path, draft: Path, odd: str) -> None:
    _refused(cli, ws, ("add-clause", str(draft), odd), 2,
             f"error: '{_shown(odd)}' is not a clause id; {ID_HINT}\n")
    result = cli("clauses", "show", odd)  # looked up by id among loaded clauses, no file
    assert result.code == 1 and result.err.startswith("error: no clause '")
    before = snapshot(ws)
    made = cli("clauses", "new", odd)
    assert made.code == 1 and made.err.startswith("error: id '")
    assert snapshot(ws) == before


@pytest.mark.parametrize("odd", [*ODD, "recommendations.0", "recommendations.1/../x",
                                 "recommendations.9999999"])
@pytest.mark.parametrize("command", ["remove", "set", "move"])
def test_refs_from_the_command_line(cli: Cli, ws: Path, draft: Path, odd: str,
                                    command: str) -> None:
    extra = {"remove": (), "set": ("who=x",), "move": ("--to", "recommendations")}[command]
    if odd == "recommendations.0":
        message = f"error: '{odd}': items are numbered from 1; {REF_HINT}\n"
    else:
        message = f"error: '{_shown(odd)}' is not an item reference; {REF_HINT}\n"
    _refused(cli, ws, (command, str(draft), odd, *extra), 2, message)


@pytest.mark.parametrize("odd", ODD)
def test_section_names_from_the_command_line(cli: Cli, ws: Path, draft: Path, odd: str) -> None:
    message = f"error: '{_shown(odd)}' is not a section name; {SECTION_HINT}\n"
    _refused(cli, ws, ("add-text", str(draft), "words", "--section", odd), 2, message)
    _refused(cli, ws, ("move", str(draft), "recommendations.1", "--to", odd), 2, message)


@pytest.mark.parametrize("odd", ["../../../../escaped", "/tmp/escaped", "en/../x", "EN", "e"])
def test_language_codes_never_become_paths(cli: Cli, ws: Path, draft: Path, odd: str) -> None:
    """--lang ends up in output names (draft.LANG.md); '../' in it wrote outside."""
    message = f"error: '{_shown(odd)}' is not a language code; use codes such as en or ru\n"
    _refused(cli, ws, ("export", str(draft), "-f", "md", "--lang", f"en,{odd}", "-o", "out/"),
             2, message)
    _refused(cli, ws, ("preview", str(draft), "--lang", odd), 2, message)


def test_odd_characters_in_a_draft_never_reach_a_path(cli: Cli, ws: Path) -> None:
    path = write_draft(ws, """\
        kind: resolution
        title: T
        languages: [en, ../x]
        sections:
          ../../etc:
            items:
              - clause: ../../etc/passwd
        """)
    before = snapshot(ws)
    result = cli("check", path)
    assert result.code == 1
    assert result.err == (
        f"{path}:3:17: error: '../x' is not a language code; use en, ru, ...\n"
        f"{path}:5:3: error: section name '../../etc' is not a slug; use lowercase letters, "
        "digits and hyphens\n")
    assert snapshot(ws) == before


# --- exports ----------------------------------------------------------------------------------

def test_existing_files_are_kept_and_the_exports_own_output_replaced(cli: Cli, ws: Path,
                                                                   draft: Path) -> None:
    target = ws / "drafts" / "draft.md"
    target.write_text("someone's annotated copy\n", encoding="utf-8")
    _refused(cli, ws, ("export", str(draft), "-f", "md,html"), 1,
             f"{target}: error: file exists and was not written by the last export (it may "
             "hold someone's edits); nothing was written; choose another -o, or pass --force "
             "to overwrite it\n")
    target.unlink()
    assert cli("export", str(draft), "-f", "md,html").code == 0
    first = target.read_bytes()
    assert cli("export", str(draft), "-f", "md,html").code == 0  # its own output: replaced
    assert target.read_bytes() == first
    target.write_bytes(first + b"edited by hand\n")
    result = cli("export", str(draft), "-f", "md,html")
    assert result.code == 1
    assert target.read_bytes() == first + b"edited by hand\n"
    assert (ws / "drafts" / "draft.html").exists()  # untouched as well: all or nothing


@pytest.mark.parametrize("dangling", [True, False], ids=["dangling link", "link to a file"])
def test_an_output_that_is_a_symlink_is_never_written_through(cli: Cli, ws: Path, draft: Path,
                                                              tmp_path: Path,
                                                              dangling: bool) -> None:
    victim = tmp_path / "home" / ".bash_aliases"
    victim.parent.mkdir()
    if not dangling:
        victim.write_text("alias ll='ls -l'\n", encoding="utf-8")
    link = ws / "drafts" / "draft.md"
    link.symlink_to(victim)
    _refused(cli, ws, ("export", str(draft), "-f", "md"), 1,
             f"{link}: error: output path is a symbolic link; nothing was written; remove the "
             "link, or pass --force to replace the link (not the file it points to) with the "
             "export\n")
    assert victim.exists() is not dangling
    forced = cli("export", str(draft), "-f", "md", "--force")
    assert forced.code == 0, forced.err
    assert not link.is_symlink() and link.read_text().startswith("---\n")
    assert (victim.read_text() == "alias ll='ls -l'\n") if not dangling else not victim.exists()


def test_a_symlinked_manifest_is_neither_trusted_nor_written_through(cli: Cli, ws: Path,
                                                                     draft: Path,
                                                                     tmp_path: Path) -> None:
    victim = tmp_path / "victim.json"
    manifest = ws / "drafts" / ".csp-draft-exports.json"
    manifest.symlink_to(victim)
    assert cli("export", str(draft), "-f", "md").code == 0
    assert not victim.exists()
    assert not manifest.is_symlink() and "draft.md" in manifest.read_text()


def test_the_output_folder_may_be_named_but_stays_a_folder(cli: Cli, ws: Path,
                                                           draft: Path) -> None:
    (ws / "out").mkdir()
    (ws / "out" / "draft.md").mkdir()
    _refused(cli, ws, ("export", str(draft), "-f", "md", "-o", "out/"), 1,
             "out/draft.md: error: output path is a folder\n")


# --- bugs in files of other modules (see tests/security/THREATS.md) ---------------------------

def test_the_library_cache_never_writes_through_a_symlink(cli: Cli, ws: Path,
                                                          tmp_path: Path) -> None:
    victim = tmp_path / "home"
    victim.mkdir()
    cache = ws / ".csp-draft-cache"
    if cache.exists():
        import shutil

        shutil.rmtree(cache)
    cache.mkdir()
    (cache / "CACHEDIR.TAG").symlink_to(victim / ".bash_aliases")
    (cache / ".gitignore").symlink_to(victim / ".profile")
    assert cli("clauses", "list").code == 0
    assert sorted(p.name for p in victim.iterdir()) == []


def test_a_cache_folder_that_links_outside_is_not_used(cli: Cli, ws: Path,
                                                       tmp_path: Path) -> None:
    outside = tmp_path / "synced-folder"
    outside.mkdir()
    cache = ws / ".csp-draft-cache"
    if cache.exists():
        import shutil

        shutil.rmtree(cache)
    cache.symlink_to(outside, target_is_directory=True)
    assert cli("clauses", "list").code == 0
    assert sorted(p.name for p in outside.iterdir()) == []


def test_init_never_writes_through_a_dangling_readme_link(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "cloned"
    folder.mkdir()
    victim = tmp_path / "home" / ".bash_aliases"
    victim.parent.mkdir()
    (folder / "README.md").symlink_to(victim)
    assert cli("init", folder).code == 0
    assert not victim.exists()


def _input_files(ws: Path, draft: Path, tmp_path: Path) -> dict[str, tuple[Path, str]]:
    from csp_draft import paths

    template = ws / "templates" / "resolution.md.j2"
    template.write_bytes((paths.packaged("templates") / "resolution.md.j2").read_bytes())
    reference = tmp_path / "letterhead.docx"
    from csp_draft.writers.docx.write import build_docx

    reference.write_bytes(build_docx("---\ntitle: L\n---\n\nBody\n"))
    clause = next(path for path in (ws / "clauses").rglob("*.yaml")
                  if "id: fx-goal\n" in path.read_text(encoding="utf-8"))
    return {"draft": (draft, "the draft being exported"),
            "clause": (clause, "the file of clause 'fx-goal'"),
            "template": (template, "a template the export reads"),
            "reference": (reference, "the reference document")}


@pytest.mark.parametrize("which", ["draft", "clause", "template", "reference"])
def test_force_never_replaces_a_file_the_export_reads(cli: Cli, ws: Path, draft: Path,
                                                      tmp_path: Path, which: str) -> None:
    """`export -o forum.yaml --force` replaced the draft itself with Markdown."""
    target, what = _input_files(ws, draft, tmp_path)[which]
    reference = _input_files(ws, draft, tmp_path)["reference"][0]
    before = target.read_bytes()
    for force in ((), ("--force",)):
        _refused(cli, ws, ("export", str(draft), "-f", "md", "-o", str(target),
                           "--reference-docx", str(reference), *force), 1,
                 f"{target}: error: output path is {what}; nothing was written; "
                 "choose another -o\n")
    assert target.read_bytes() == before


def test_force_never_replaces_a_device_or_a_pipe(cli: Cli, ws: Path, draft: Path,
                                                 tmp_path: Path) -> None:
    """`-o dev/null --force` replaced a character device (run as root) or a FIFO with a file.
    (A FIFO and a socket stand for the device: a regression must not replace /dev/null.)"""
    import os
    import socket
    import stat

    fifo = ws / "drafts" / "pipe.md"
    os.mkfifo(fifo)
    server = socket.socket(socket.AF_UNIX)
    sock = ws / "drafts" / "socket.md"
    server.bind(str(sock))
    try:
        for target in (fifo, sock):
            for force in ((), ("--force",)):
                result = cli("export", str(draft), "-f", "md", "-o", str(target), *force)
                assert (result.code, result.out, result.err) == (
                    1, "", f"{target}: error: output path is not a regular file (a device, a "
                    "pipe or a socket); nothing was written; choose another -o\n")
    finally:
        server.close()
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and stat.S_ISSOCK(sock.lstat().st_mode)
    assert sorted(path.name for path in (ws / "drafts").iterdir()) == [
        "draft.yaml", "pipe.md", "socket.md"]


LINK_HINT = ("csp-draft writes through a link only to an existing file; remove the link or give "
             "another path")


@pytest.mark.parametrize("command", ["example", "clauses new", "compare", "new --force",
                                     "new"])
def test_no_command_creates_a_file_through_a_dangling_link(cli: Cli, ws: Path, draft: Path,
                                                            tmp_path: Path,
                                                            command: str) -> None:
    """A repository's dangling link named like a file a command creates made that command
    write outside the workspace (`new` left a lock file there even when it refused)."""
    outside = tmp_path / "home"
    outside.mkdir()
    victim = outside / ".bashrc"
    names = {"example": "minsk-2017.yaml", "clauses new": "clauses/planted.yaml",
             "compare": "changes.docx", "new --force": "drafts/planted.yaml",
             "new": "drafts/planted.yaml"}
    link = ws / names[command]
    link.symlink_to(victim)
    args = {"example": ("example", "minsk-2017"),
            "clauses new": ("clauses", "new", "planted"),
            "compare": ("compare", str(draft), str(draft)),
            "new --force": ("new", "resolution", str(link), "--title", "T", "--force"),
            "new": ("new", "resolution", str(link), "--title", "T")}[command]
    result = cli(*args)
    if command == "new":
        message = "the file exists; it was not overwritten; give another path, or --force to " \
                  "replace it"
    elif command == "compare":  # as export: the link is replaced (with --force), never followed
        message = "output path is a symbolic link; nothing was written; remove the link, or " \
                  "pass --force to replace the link (not the file it points to) with the export"
    else:
        message = f"is a symbolic link to a file that does not exist; nothing was written; " \
                  f"{LINK_HINT}"
    shown = link if command in ("new", "new --force", "clauses new") else link.relative_to(ws)
    assert result.code == 1
    assert result.err.splitlines()[-1] == f"{shown}: error: {message}"
    assert list(outside.iterdir()) == []  # neither the file nor a lock beside it
    assert link.is_symlink() and not link.exists()


def test_compare_never_replaces_a_draft_it_compares(cli: Cli, ws: Path, draft: Path) -> None:
    """`compare a.yaml b.yaml -o a.yaml --force` replaced the draft with the redline."""
    before = draft.read_bytes()
    for force in ((), ("--force",)):
        result = cli("compare", str(draft), str(draft), "-o", str(draft), *force)
        assert result.code == 1
        assert result.err.splitlines()[-1] == (
            f"{draft}: error: output path is a draft being compared; nothing was written; "
            "choose another -o")
    assert draft.read_bytes() == before
