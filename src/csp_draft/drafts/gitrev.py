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
    data = read_file_at(Path(path), revision, limit=MAX_DRAFT_BYTES)
    if data is None:
        raise CspDraftError(f"the draft is larger than {MAX_DRAFT_BYTES:,} bytes",
                            location=Location(label))
    root = load_yaml(decode_yaml_bytes(data, label), label)
    diags = DiagnosticCollector()
    draft = parse_draft(root, Path(path), diags)
    diags.raise_if_any()
    assert draft is not None
    return draft


def read_file_at(path: Path, revision: str, *, limit: int) -> bytes | None:
    """The bytes of ``path`` at ``revision``, or None when there are more than ``limit``
    (read as git writes them, and git is stopped at the limit: a 2 GiB blob never sits in
    memory); clear errors when git cannot give them."""
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
    code, data, errors = _git_capped(git, ["show", f"{revision}:{relative.as_posix()}"], root,
                                     limit)
    if code != 0 and data is not None:
        detail = errors.decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1].removeprefix("fatal: ") if detail else f"exit code {code}"
        raise CspDraftError(
            f"cannot read {relative.as_posix()} at revision {revision}: {reason}",
            hint="check the path and the revision (git log --oneline -- PATH)",
        )
    return data


def _git_capped(git: str, args: list[str], cwd: Path, limit: int
                ) -> tuple[int, bytes | None, bytes]:
    """Run git and read at most ``limit`` bytes of its output, a block at a time: (exit
    code, output or None when it went over the limit (git is then stopped), errors)."""
    import tempfile
    import time

    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen([git, *args], cwd=cwd, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.PIPE, stderr=errors)
        except OSError as exc:
            raise CspDraftError(f"git failed to run ({exc})") from None
        assert process.stdout is not None
        deadline = time.monotonic() + GIT_TIMEOUT
        chunks: list[bytes] = []
        size = 0
        try:
            while block := process.stdout.read1(1 << 20):
                size += len(block)
                if size > limit:
                    return -1, None, b""
                chunks.append(block)
                if time.monotonic() > deadline:
                    raise CspDraftError(f"git failed to run (it took over {GIT_TIMEOUT:.0f} s)")
            code = process.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise CspDraftError(
                f"git failed to run (it took over {GIT_TIMEOUT:.0f} s)") from None
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()
        errors.seek(0)
        return code, b"".join(chunks), errors.read(1 << 16)


def revisions_of(path: str | Path) -> list[str]:
    """The commits that changed ``path``, newest first; none when it is not in git."""
    git = shutil.which("git")
    absolute = Path(os.path.abspath(path))
    if git is None or not absolute.parent.is_dir():
        return []
    log = _git(git, ["log", "--format=%H", "--", absolute.name], absolute.parent)
    if log.returncode != 0:
        return []
    return log.stdout.decode("ascii", "replace").split()


def _git(git: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [git, *args], cwd=cwd, capture_output=True, stdin=subprocess.DEVNULL,
            timeout=GIT_TIMEOUT, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CspDraftError(f"git failed to run ({exc})") from None
