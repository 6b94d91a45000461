"""`csp-draft doctor`: what this machine and workspace lack for the work, and what to do.

Each check returns :class:`Finding` s: ``ok`` (what works), ``warning`` (something to look
at: a draft out of step, a damaged cache that rebuilds itself) or ``error`` (something a
user needs is missing: LibreOffice for PDF, fonts with Cyrillic letters for Russian
documents, git for a workspace that shares libraries through it). Nothing is changed.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from csp_draft.errors import CspDraftError
from csp_draft.workspace import Workspace, load_workspace

TOOL_TIMEOUT_S = 30.0
DOCUMENT_FONT = "Liberation Serif"  # LibreOffice's stand-in for the documents' Times New Roman
FONT_HINT = ("install fonts with Cyrillic letters (Debian/Ubuntu: sudo apt-get install "
             "fonts-dejavu-core fonts-liberation2; then run fc-cache)")


@dataclass(frozen=True)
class Finding:
    status: str  # "ok", "warning" or "error"
    subject: str  # what was checked, e.g. "LibreOffice"
    message: str
    hint: str = ""

    def format(self) -> str:
        return f"{self.status}: {self.subject}: {self.message}" + (
            f"; {self.hint}" if self.hint else "")


def run_checks(start: Path | None = None) -> list[Finding]:
    """Every check, in the order a user would fix things."""
    try:
        workspace = load_workspace(start)
    except CspDraftError as error:
        first = error.diagnostics[0]
        return [Finding("error", "workspace", first.format(), "fix csp-draft.yaml first")]
    findings = [*_workspace(workspace), *_libreoffice(), *_fonts(workspace), *_git(workspace)]
    findings += _library(workspace, start)
    findings += _drafts(workspace)
    return findings


def _workspace(workspace: Workspace) -> list[Finding]:
    if workspace.root is None:
        return [Finding("ok", "workspace", "none here: the packaged clause library only",
                        "run csp-draft init FOLDER to start one")]
    return [Finding("ok", "workspace", f"{workspace.root} (languages: "
                    f"{', '.join(workspace.languages)})")]


def _libreoffice() -> list[Finding]:
    from csp_draft.writers.pdf import INSTALL_HINT, find_soffice

    found = find_soffice()
    if found is None:
        return [Finding("error", "LibreOffice", "not found: export --format pdf cannot work",
                        INSTALL_HINT)]
    return [Finding("ok", "LibreOffice", f"{found} (PDF export)")]


def _fonts(workspace: Workspace) -> list[Finding]:
    if not any(lang in ("ru", "uk", "be", "kk", "ky") for lang in workspace.known_languages):
        return []
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return [Finding("warning", "fonts", "cannot check them: fc-list was not found",
                        "install fontconfig to let doctor list the fonts")]
    families = _output([fc_list, ":lang=ru", "family"])
    if families is None:
        return [Finding("warning", "fonts", "fc-list failed; cannot check them",
                        "run fc-list :lang=ru to see why")]
    names = sorted({name.strip() for line in families.splitlines()
                    for name in line.split(",") if name.strip()})
    if not names:
        return [Finding("error", "fonts", "no font has Cyrillic letters: Russian PDFs would "
                        "show empty boxes", FONT_HINT)]
    if DOCUMENT_FONT not in names:
        return [Finding("warning", "fonts", f"{len(names)} with Cyrillic letters, but not "
                        f"{DOCUMENT_FONT}: PDFs use another font than Word shows",
                        "install fonts-liberation2 (Debian/Ubuntu)")]
    return [Finding("ok", "fonts", f"{len(names)} with Cyrillic letters, {DOCUMENT_FONT} "
                    "among them")]


def _git(workspace: Workspace) -> list[Finding]:
    git = shutil.which("git")
    shared = workspace.root is not None and (workspace.root / "csp-draft.lock").is_file()
    if git is None:
        what = ("this workspace shares clause libraries through git: library update cannot "
                "work" if shared else "DRAFT@REV, compare with a past version and "
                "translations diff cannot work")
        return [Finding("error" if shared else "warning", "git", f"not found: {what}",
                        "install git (Debian/Ubuntu: sudo apt-get install git)")]
    version = (_output([git, "--version"]) or "git").strip()
    return [Finding("ok", "git", f"{version} ({git})")]


def _library(workspace: Workspace, start: Path | None) -> list[Finding]:
    from csp_draft.library.index.cache import user_cache_dir
    from csp_draft.library.load import library_sources, load_library

    cache = workspace.cache_dir or user_cache_dir()
    findings = list(_index_files(cache))
    try:
        library = load_library(library_sources(workspace), languages=workspace.known_languages,
                               cache=cache, strict=False)
    except CspDraftError as error:
        return [*findings, Finding("error", "clause library", error.diagnostics[0].format(),
                                   "run csp-draft clauses check")]
    broken = library.unneeded_broken()
    count = len(library.clauses)
    if broken:
        files = sorted({str(d.location.path) for d in broken if d.location is not None})
        findings.append(Finding("warning", "clause library",
                                f"{count} clauses; {len(files)} file(s) with problems, left "
                                f"out: {', '.join(files[:3])}{' ...' if len(files) > 3 else ''}",
                                "run csp-draft clauses check to see them"))
    else:
        findings.append(Finding("ok", "clause library", f"{count} clauses, none broken"))
    return findings


def _index_files(cache: Path) -> list[Finding]:
    """Each index file of the cache folder: does SQLite find it sound?"""
    if not cache.exists():
        return [Finding("ok", "index cache", f"{cache} is made by the next command")]
    found = []
    damaged = []
    for path in sorted(cache.glob("clauses-*.sqlite3")):
        found.append(path)
        try:
            db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=1.0)
            try:
                verdict = db.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                db.close()
        except sqlite3.Error as error:
            verdict = str(error)
        if verdict != "ok":
            damaged.append(path)
    writable = _writable(cache)
    if damaged:
        return [Finding("warning", "index cache", f"{len(damaged)} damaged index file(s): "
                        + ", ".join(str(p) for p in damaged),
                        "delete them: the next command rebuilds the index")]
    if not writable:
        return [Finding("warning", "index cache", f"{cache} cannot be written: every command "
                        "reads all clause files", "make the folder writable, or set "
                        "XDG_CACHE_HOME to a writable folder")]
    return [Finding("ok", "index cache", f"{len(found)} index file(s) in {cache}, all sound")]


def _writable(folder: Path) -> bool:
    import os

    return os.access(folder, os.W_OK | os.X_OK)


def _drafts(workspace: Workspace) -> list[Finding]:
    from csp_draft.drafts.read import read_draft
    from csp_draft.drafts.translations import staleness

    folder = workspace.drafts_dir
    if folder is None or not folder.is_dir():
        return []
    findings = []
    drafts = sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("."))
    for path in drafts:
        shown = _relative(path)
        try:
            draft = read_draft(path)
        except CspDraftError as error:
            findings.append(Finding("warning", shown, f"cannot be read: "
                                    f"{error.diagnostics[0].message}",
                                    f"run csp-draft check {shown}"))
            continue
        stale = staleness(draft)
        if stale:
            refs = ", ".join(state.name for state in stale[:5])
            findings.append(Finding("warning", shown, f"{len(stale)} text(s) whose "
                                    f"translations are out of step ({refs})",
                                    f"run csp-draft translations check {shown}"))
    if not findings:
        findings.append(Finding("ok", "drafts", f"{len(drafts)} draft(s), translations in step"))
    return findings


def _relative(path: Path) -> str:
    """``path`` as typed from the current folder, for the commands hints name."""
    with contextlib.suppress(ValueError):
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    return str(path)


def _output(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TOOL_TIMEOUT_S,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None

