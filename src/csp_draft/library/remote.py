"""Clause libraries shared through git, fetched without giving git a way to run anything.

A library is fetched into a bare cache repository (one per URL, in the user's cache) and
read from git objects (``ls-tree``, ``cat-file --batch``), never checked out: no hook,
filter, LFS, submodule or symlink of the upstream can act. The clause files of one commit
are written, by csp-draft itself, into a folder named by that commit, which the ordinary
folder loader then reads (with every YAML and sandbox limit of a local library).

Git runs with no configuration of the user's or the system's, hooks pointed at nothing,
only the https, ssh and local transports allowed, no terminal prompt, and a time limit;
a URL may not start with ``-`` and always follows ``--``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from csp_draft.errors import CspDraftError

GIT_SECONDS = 120
MAX_FILE_BYTES = 1024 * 1024  # as for a local clause file
MAX_FILES = 50_000
KEPT_SUFFIXES = (".yaml", ".yml")
KEPT_NAMES = ("synonyms.txt",)
FETCHED_REF = "refs/csp-draft/fetched"
_SCP_LIKE = re.compile(r"^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:[^-].*$")  # git@host:path
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$")
_HASH = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
MODE_SYMLINK, MODE_SUBMODULE = "120000", "160000"


class GitError(CspDraftError):
    """Git refused or failed; the message says what to do."""


@dataclass(frozen=True)
class TreeFile:
    path: str
    blob: str


@dataclass(frozen=True)
class Snapshot:
    """The clause files of one commit, as written to ``folder``."""

    commit: str
    folder: Path
    files: tuple[TreeFile, ...]
    skipped_links: tuple[str, ...] = ()


def normalise_url(url: str, *, base: Path | None = None) -> str:
    """The URL as git will get it; refuses what could be read as an option or a transport
    that runs a program (``ext::``, ``fd::``) or sends in the clear (``http://``, ``git://``)."""
    text = url.strip()
    if not text or text.startswith("-") or any(ch in text for ch in "\n\r\x00"):
        raise GitError(f"'{url}' is not a library address",
                       hint="give an https:// or ssh:// URL, user@host:path, or a local folder")
    lowered = text.lower()
    if lowered.startswith(("https://", "ssh://")) or _SCP_LIKE.match(text):
        return text
    if lowered.startswith("file://"):
        text = text[len("file://"):]
    elif "://" in text or "::" in text:
        raise GitError(f"'{url}': only https, ssh and local folders are allowed",
                       hint="use the library's https:// or ssh:// address")
    folder = Path(text).expanduser()
    if not folder.is_absolute():
        folder = (base or Path.cwd()) / folder
    if not folder.is_dir():
        raise GitError(f"'{url}' is neither a URL nor a folder", hint="check the address")
    return str(folder.resolve())


def cache_repository(cache_root: Path, url: str) -> Path:
    """The bare repository that caches ``url`` (made on first use)."""
    name = hashlib.sha256(url.encode("utf-8")).hexdigest()[:20]
    repo = cache_root / "git" / f"{name}.git"
    if not (repo / "HEAD").is_file():
        repo.parent.mkdir(parents=True, exist_ok=True)
        _git(["init", "--quiet", "--bare", str(repo)], cwd=repo.parent)
    return repo


def fetch(repo: Path, url: str, ref: str | None) -> str:
    """Fetch ``ref`` (a branch or tag; the default branch when None) of ``url``; its commit."""
    if ref is not None and not _REF.match(ref):
        raise GitError(f"'{ref}' is not a branch or tag name", hint="e.g. --ref main or v2026.1")
    source = ref or "HEAD"
    _git(["fetch", "--quiet", "--no-tags", "--no-recurse-submodules", "--no-write-fetch-head",
          "--", url, f"+{source}:{FETCHED_REF}"], repo=repo)
    return resolve_commit(repo, FETCHED_REF)


def resolve_commit(repo: Path, name: str) -> str:
    out = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}"],
               repo=repo, check=False)
    commit = out.strip()
    if not _HASH.match(commit):
        raise GitError(f"no commit '{name}' in the library's cache",
                       hint="run `csp-draft library update` to fetch it again")
    return commit


def has_commit(repo: Path, commit: str) -> bool:
    return _HASH.match(commit) is not None and _succeeds(
        ["cat-file", "-e", f"{commit}^{{commit}}"], repo)


def is_ancestor(repo: Path, old: str, new: str) -> bool:
    """Whether ``new`` descends from ``old`` (False after a force-push rewrote history)."""
    return _succeeds(["merge-base", "--is-ancestor", old, new], repo)


def tree_files(repo: Path, commit: str) -> tuple[list[TreeFile], list[str]]:
    """The clause files of ``commit`` and the paths of symbolic links left out; a
    submodule is refused (it would bring code from elsewhere)."""
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", commit], repo=repo)
    files: list[TreeFile] = []
    links: list[str] = []
    for entry in listing.split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        mode, kind, blob = meta.split(" ")
        if mode == MODE_SUBMODULE or kind == "commit":
            raise GitError(f"the library holds a submodule at '{path}'; submodules are refused",
                           hint="ask the library's maintainers to include the files instead")
        if not _wanted(path):
            continue
        if mode == MODE_SYMLINK:
            links.append(path)
            continue
        if kind == "blob":
            files.append(TreeFile(path, blob))
    if len(files) > MAX_FILES:
        raise GitError(f"the library holds more than {MAX_FILES:,} clause files",
                       hint="is this the right repository?")
    return files, links


def _wanted(path: str) -> bool:
    parts = path.split("/")
    if any(not part or part.startswith(".") or part == ".." for part in parts):
        return False
    return parts[-1].endswith(KEPT_SUFFIXES) or parts[-1] in KEPT_NAMES


def write_snapshot(repo: Path, commit: str, folder: Path) -> Snapshot:
    """Write the clause files of ``commit`` into ``folder`` (made whole, then renamed into
    place); an existing folder for the commit is checked against the blobs instead."""
    files, links = tree_files(repo, commit)
    if folder.is_dir() and not folder.is_symlink():
        _verify(folder, files)
        return Snapshot(commit, folder, tuple(files), tuple(links))
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=folder.parent))
    try:
        for tree_file, data in zip(files, read_blobs(repo, [f.blob for f in files]),
                                   strict=True):
            target = staging.joinpath(*tree_file.path.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as handle:
                handle.write(data)
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Snapshot(commit, folder, tuple(files), tuple(links))


def _verify(folder: Path, files: list[TreeFile]) -> None:
    """Every file of the snapshot folder still holds its blob (the cache is not trusted)."""
    for tree_file in files:
        path = folder.joinpath(*tree_file.path.split("/"))
        try:
            data = path.read_bytes() if not path.is_symlink() else b""
        except OSError:
            data = None
        if data is None or blob_hash(data) != tree_file.blob:
            raise GitError(f"the cached copy of '{tree_file.path}' was changed",
                           hint=f"delete {folder} and run the command again")


def blob_hash(data: bytes) -> str:
    """Git's object id of a blob holding ``data`` (SHA-1 repositories)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def read_blobs(repo: Path, blobs: list[str]) -> list[bytes]:
    """The contents of ``blobs`` through one ``cat-file --batch``; each within the size cap."""
    if not blobs:
        return []
    request = "".join(f"{blob}\n" for blob in blobs).encode("ascii")
    out = _git_bytes(["cat-file", "--batch"], repo=repo, stdin=request)
    contents = []
    position = 0
    for blob in blobs:
        end = out.index(b"\n", position)
        header = out[position:end].decode("ascii", "replace").split(" ")
        if len(header) != 3 or header[0] != blob or header[1] != "blob":
            raise GitError(f"git could not read object {blob}", hint="run `library update`")
        size = int(header[2])
        if size > MAX_FILE_BYTES:
            raise GitError(f"a file of the library is larger than {MAX_FILE_BYTES:,} bytes",
                           hint="clause files are small; is this the right repository?")
        contents.append(out[end + 1:end + 1 + size])
        position = end + 1 + size + 1
    return contents


# --- running git --------------------------------------------------------------------------

def _environment() -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "TMPDIR", "SSH_AUTH_SOCK", "HOME", "USER",
            "SYSTEMROOT", "http_proxy", "https_proxy", "no_proxy", "HTTPS_PROXY", "NO_PROXY")
    env = {name: value for name, value in os.environ.items() if name in keep}
    env.update({
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "",
        "SSH_ASKPASS": "", "GIT_LFS_SKIP_SMUDGE": "1", "GIT_NO_REPLACE_OBJECTS": "1",
        "GIT_PROTOCOL_FROM_USER": "0", "LC_ALL": "C",
    })
    return env


_SAFE_CONFIG = [
    "-c", "core.hooksPath=" + os.devnull, "-c", "core.fsmonitor=false",
    "-c", "protocol.allow=never", "-c", "protocol.https.allow=always",
    "-c", "protocol.ssh.allow=always", "-c", "protocol.file.allow=always",
    "-c", "transfer.fsckObjects=true", "-c", "submodule.recurse=false",
    "-c", "core.askPass=", "-c", "credential.helper=",
]


def _run(args: list[str], repo: Path | None, cwd: Path | None, stdin: bytes | None
         ) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise GitError("git is not installed", hint="install git to use shared libraries")
    command = [git, *_SAFE_CONFIG]
    if repo is not None:
        command += ["--git-dir", str(repo)]
    command += args
    try:
        return subprocess.run(command, input=stdin, capture_output=True, env=_environment(),
                              cwd=cwd or repo, timeout=GIT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise GitError(f"git did not answer within {GIT_SECONDS} s",
                       hint="check the network and the address, then try again") from None


def _succeeds(args: list[str], repo: Path) -> bool:
    return _run(args, repo, None, None).returncode == 0


def _git_bytes(args: list[str], *, repo: Path | None = None, cwd: Path | None = None,
               stdin: bytes | None = None, check: bool = True) -> bytes:
    result = _run(args, repo, cwd, stdin)
    if result.returncode != 0 and check:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = next((line for line in reversed(message) if line.strip()), "no message")
        raise GitError(f"git {args[0]} failed: {detail[:300]}",
                       hint="check the address and the branch or tag")
    return result.stdout


def _git(args: list[str], **options: object) -> str:
    out = _git_bytes(args, **options)  # type: ignore[arg-type]
    return "" if out == b"" else out.decode("utf-8", "replace")
