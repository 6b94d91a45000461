"""Drafts from git history: ``DRAFT@REV`` names the draft file as it was at revision REV.

git runs with an argument list (never a shell), ``git show REV:PATH`` with PATH relative
to the repository root; a REV that starts with "-" is refused so it can never be read as
an option.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from csp_draft.drafts.read import MAX_DRAFT_BYTES, Draft, parse_draft
from csp_draft.errors import CspDraftError, DiagnosticCollector, Location, UsageError
from csp_draft.yamlio.located import decode_yaml_bytes, load_yaml

GIT_TIMEOUT = 60.0


def split_revision(argument: str) -> tuple[str, str | None]:
    """``"drafts/forum.yaml@HEAD~1"`` -> ``("drafts/forum.yaml", "HEAD~1")``.

    An argument that names an existing file is that file, "@" or not; otherwise the last
    "@" separates the path from the revision.
    """
    if "@" not in argument or Path(argument).exists():
        return argument, None
    path, _, revision = argument.rpartition("@")
    if not path:
        return argument, None
    if not revision:
        raise UsageError(f"'{argument}' names no revision after '@'",
                         hint="write DRAFT@REV, e.g. forum.yaml@HEAD~1")
    if revision.startswith("-"):
        raise UsageError(f"revision '{revision}' starts with '-'",
                         hint="name a commit, branch or tag, e.g. forum.yaml@HEAD~1")
    return path, revision


def read_draft_at(path: str, revision: str) -> Draft:
    """The draft file ``path`` as it was at ``revision`` of its git repository."""
    label = f"{path}@{revision}"
    data = read_file_at(Path(path), revision)
    if len(data) > MAX_DRAFT_BYTES:
        raise CspDraftError(f"the draft is larger than {MAX_DRAFT_BYTES:,} bytes",
                            location=Location(label))
    root = load_yaml(decode_yaml_bytes(data, label), label)
    diags = DiagnosticCollector()
    draft = parse_draft(root, Path(path), diags)
    diags.raise_if_any()
    assert draft is not None
    return draft


def read_file_at(path: Path, revision: str) -> bytes:
    """The bytes of ``path`` at ``revision``; clear errors when git cannot give them."""
    git = shutil.which("git")
    if git is None:
        raise CspDraftError("reading a draft at a revision needs git, which was not found",
                            hint="install git, or compare two draft files")
    absolute = Path(os.path.abspath(path))
    folder = absolute.parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    top = _git(git, ["rev-parse", "--show-toplevel"], folder)
    if top.returncode != 0:
        raise CspDraftError(
            f"{path}: not in a git repository, so it has no revision to read",
            hint="DRAFT@REV reads a draft from git history; compare two files instead",
        )
    root = Path(top.stdout.decode("utf-8", "replace").strip())
    real = Path(os.path.realpath(folder)) / absolute.relative_to(folder)
    try:
        relative = real.relative_to(Path(os.path.realpath(root)))
    except ValueError:
        raise CspDraftError(f"{path} is outside the git repository at {root}") from None
    shown = _git(git, ["show", f"{revision}:{relative.as_posix()}"], root)
    if shown.returncode != 0:
        detail = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1].removeprefix("fatal: ") if detail else f"exit code {shown.returncode}"
        raise CspDraftError(
            f"cannot read {relative.as_posix()} at revision {revision}: {reason}",
            hint="check the path and the revision (git log --oneline -- PATH)",
        )
    return shown.stdout


def _git(git: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [git, *args], cwd=cwd, capture_output=True, stdin=subprocess.DEVNULL,
            timeout=GIT_TIMEOUT, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CspDraftError(f"git failed to run ({exc})") from None
