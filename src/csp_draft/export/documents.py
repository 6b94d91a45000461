"""Exporting a draft: which files to write, rendering each language once, writing safely.

An existing file is overwritten only when it is exactly what csp-draft wrote there last
time (a manifest beside the outputs keeps their hashes) or with ``force``: a DOCX that a
member organisation annotated and saved under the export's name is never clobbered.

Every output is first written into a hidden staging folder beside its final place; only
when all of them are written are they moved into place (Ctrl-C waits for those moments).
So a failed or interrupted export leaves every file as it was, and a successful one
replaces them all. An output path that is a symbolic link is never written through: a
repository could carry a link named like an output that points anywhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from csp_draft.drafts.read import Draft
from csp_draft.errors import CspDraftError, Diagnostic, Location, UsageError
from csp_draft.fsio import (
    atomic_write,
    clean_stale_temp_files,
    interrupts_deferred,
    make_staging_folder,
    read_bytes,
    replace_file,
)
from csp_draft.markdown.trace import (
    PROPERTY_DRAFT,
    PROPERTY_LANG,
    PROPERTY_VERSION,
    strip_markers,
    version_of,
)
from csp_draft.render.document import DocumentRenderer, RenderResult
from csp_draft.writers.formats import FORMATS
from csp_draft.yamlio.located import Node

EXTENSIONS = {fmt: f".{fmt}" for fmt in FORMATS}
MANIFEST_NAME = ".csp-draft-exports.json"
MAX_MANIFEST_BYTES = 1024 * 1024


@dataclass(frozen=True)
class PlannedOutput:
    lang: str
    fmt: str
    path: Path | None  # None: standard output
    make_folder: bool = False  # the user named an output folder that may not exist yet


@dataclass
class ExportReport:
    written: list[PlannedOutput] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def parse_list(value: str, allowed: Sequence[str] | None, what: str) -> list[str]:
    """``"docx,md"`` -> ``["docx", "md"]``, each checked against ``allowed``."""
    items = [part.strip() for part in value.split(",") if part.strip()]
    if not items:
        raise UsageError(f"no {what} given")
    for item in items:
        if allowed is not None and item not in allowed:
            raise UsageError(f"unknown {what} '{item}'", hint="use " + ", ".join(allowed))
    return list(dict.fromkeys(items))


def plan_outputs(draft: Draft, formats: list[str], languages: list[str],
                 output: str | None) -> list[PlannedOutput]:
    """Where each (language, format) goes: a file, a folder of files, or stdout."""
    several = len(formats) * len(languages) > 1
    if output == "-":
        if several or formats != ["md"]:
            raise UsageError("only a single Markdown export can go to standard output",
                             hint="use -o FILE.md, or -o DIR for several files")
        return [PlannedOutput(languages[0], "md", None)]
    make_folder = False
    if output is None:
        folder, single = draft.path.parent, None
    else:
        target = Path(output)
        if target.is_dir() or several or output.endswith(("/", "\\")):
            folder, single, make_folder = target, None, True
        else:
            folder, single = target.parent, target
    stem = draft.path.stem
    planned = []
    for lang in languages:
        for fmt in formats:
            if single is not None:
                path = single
            else:
                # A draft in several languages always names the language: an export in
                # one of them must not take the name an export in another will reuse.
                several_languages = len(languages) > 1 or len(draft.languages) > 1
                suffix = f".{lang}" if several_languages else ""
                path = folder / f"{stem}{suffix}{EXTENSIONS[fmt]}"
            planned.append(PlannedOutput(lang, fmt, path, make_folder))
    return planned


class ExportManifest:
    """Hashes of the files the last exports wrote into one folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST_NAME
        self.hashes: dict[str, str] = {}
        if self.path.is_symlink():
            return  # not one csp-draft wrote: trust nothing in it
        try:
            data = json.loads(read_bytes(self.path, limit=MAX_MANIFEST_BYTES))
            if isinstance(data, dict):
                self.hashes = {str(k): str(v) for k, v in data.items()}
        except (CspDraftError, ValueError):
            self.hashes = {}

    def may_overwrite(self, target: Path) -> bool:
        if not target.exists():
            return True
        recorded = self.hashes.get(target.name)
        return recorded is not None and recorded == _digest(target)

    def record(self, target: Path) -> None:
        self.hashes[target.name] = _digest(target)

    def save(self) -> None:
        if self.path.is_symlink():
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()  # replace the link itself, never what it points to
        atomic_write(self.path, json.dumps(self.hashes, indent=1, sort_keys=True) + "\n")


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_draft(
    draft: Draft, renderer: DocumentRenderer, planned: list[PlannedOutput], *,
    fallback: str | None = None, footnotes: bool | None = None,
    overrides: dict[str, Node] | None = None, reference_docx: Path | None = None,
    force: bool = False, stdout: Callable[[str], None] = print,
    progress: Callable[[PlannedOutput], None] | None = None, public: bool = False,
) -> ExportReport:
    """Render each language once and write every planned output (all of them or none).

    ``public`` makes files for publication: rendered with the public options (no author,
    sensitive people described, unnamed organisations counted), without the item bookmarks
    and custom properties of a traceable DOCX, and cleaned by the writers."""
    report = ExportReport()
    if reference_docx is not None:
        check_reference_docx(reference_docx)
        report.warnings.extend(_reference_links_left_out(reference_docx, planned))
    inputs = _Inputs(draft, renderer, reference_docx)
    by_folder: dict[Path, ExportManifest] = {}
    for item in planned:
        if item.path is None:
            continue
        inputs.refuse_to_overwrite(item.path)
        if item.path.is_symlink():
            if not force:
                raise CspDraftError(
                    "output path is a symbolic link; nothing was written",
                    hint="remove the link, or pass --force to replace the link (not the file "
                    "it points to) with the export",
                    location=Location.of_file(item.path),
                )
        elif item.path.exists() and item.path.is_dir():
            raise CspDraftError("output path is a folder", location=Location.of_file(item.path))
        if item.make_folder and not item.path.parent.exists():
            try:
                item.path.parent.mkdir(parents=True)
            except OSError as error:
                raise CspDraftError(f"cannot create the output folder: {error.strerror}",
                                    location=Location.of_file(item.path.parent)) from None
        if not item.path.parent.is_dir():
            raise CspDraftError("output folder does not exist", hint="create it first",
                                location=Location.of_file(item.path.parent))
        manifest = by_folder.setdefault(item.path.parent, ExportManifest(item.path.parent))
        if not force and not item.path.is_symlink() and not manifest.may_overwrite(item.path):
            raise CspDraftError(
                "file exists and was not written by the last export (it may hold someone's "
                "edits); nothing was written",
                hint="choose another -o, or pass --force to overwrite it",
                location=Location.of_file(item.path),
            )
    rendered: dict[str, RenderResult] = {}
    traced = set() if public else {item.lang for item in planned
                                   if item.fmt == "docx" and item.path is not None}
    for lang in dict.fromkeys(item.lang for item in planned):
        rendered[lang] = renderer.render(draft, lang, fallback=fallback, footnotes=footnotes,
                                         overrides=overrides, trace=lang in traced,
                                         public=public)
        report.warnings.extend(rendered[lang].warnings)
    staging: dict[Path, Path] = {}
    try:
        staged = []
        for item in planned:
            markdown = rendered[item.lang].markdown
            if item.path is None:
                stdout(strip_markers(markdown))
                report.written.append(item)
                continue
            folder = item.path.parent
            if folder not in staging:
                clean_stale_temp_files(folder)
                staging[folder] = make_staging_folder(folder)
            temporary = staging[folder] / item.path.name
            custom = {PROPERTY_DRAFT: draft.path.name, PROPERTY_VERSION: version_of(markdown),
                      PROPERTY_LANG: item.lang} if item.lang in traced else None
            _write_staged(markdown, item, temporary, reference_docx, custom, public)
            staged.append((item, temporary))
        with interrupts_deferred():
            for item, temporary in staged:
                assert item.path is not None
                if item.path.is_symlink():
                    item.path.unlink()
                replace_file(temporary, item.path)
                by_folder[item.path.parent].record(item.path)
                report.written.append(item)
            for manifest in by_folder.values():
                manifest.save()
    finally:
        for folder in staging.values():
            shutil.rmtree(folder, ignore_errors=True)
    if progress is not None:
        for item in report.written:
            progress(item)
    return report


class _Inputs:
    """The files an export reads (the draft, the clauses of its library, the templates, the
    reference document): no output may replace one of them, nor anything that is not a
    regular file (a device, a pipe), with or without --force."""

    def __init__(self, draft: Draft, renderer: DocumentRenderer,
                 reference_docx: Path | None) -> None:
        self.what: dict[tuple[int, int], str] = {}
        self._add(draft.path, "the draft being exported")
        if reference_docx is not None:
            self._add(reference_docx, "the reference document")
        for clause in renderer.library.clauses.values():
            self._add(clause.path, f"the file of clause '{clause.id}'")
        for folder in renderer.folders:
            with contextlib.suppress(OSError):
                for template in folder.rglob("*.j2"):
                    self._add(template, "a template the export reads")

    def _add(self, path: Path, what: str) -> None:
        try:
            status = path.stat()
        except OSError:
            return
        self.what.setdefault((status.st_dev, status.st_ino), what)

    def refuse_to_overwrite(self, path: Path) -> None:
        try:
            status = path.lstat()
        except OSError:
            return  # nothing there yet
        where = Location.of_file(path)
        if stat.S_ISLNK(status.st_mode):
            return  # --force replaces the link itself, never what it points to
        what = self.what.get((status.st_dev, status.st_ino))
        if what is not None:
            raise CspDraftError(f"output path is {what}; nothing was written",
                                hint="choose another -o", location=where)
        if not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode):
            raise CspDraftError("output path is not a regular file (a device, a pipe or a "
                                "socket); nothing was written",
                                hint="choose another -o",
                                location=where)


MAX_CENTRAL_DIRECTORY = 1024 * 1024  # a Word file's is a few kilobytes
_REFERENCE_HINT = "open it in Word or LibreOffice and save it again as .docx"


def check_reference_docx(path: Path) -> None:
    """Refuse a reference document whose zip directory is huge or names parts outside the
    package (``../x``, ``/x``, ``C:x``), before the DOCX writer unpacks it.

    zipfile reads the whole central directory into memory before anything can count its
    entries (550,000 entries in a 48 MB file took 3 s and 375 MB), so its size is read
    from the end record first.
    """
    import io
    import struct
    import zipfile

    from csp_draft.writers.docx.reference import MAX_REFERENCE_BYTES

    data = read_bytes(path, limit=MAX_REFERENCE_BYTES)
    where = Location.of_file(path)
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return  # not a zip: the writer says so
    size = struct.unpack_from("<I", data, end + 12)[0]
    locator = end - 20
    if size == 0xFFFFFFFF and locator >= 0 and data[locator:locator + 4] == b"PK\x06\x07":
        record = struct.unpack_from("<Q", data, locator + 8)[0]
        if data[record:record + 4] == b"PK\x06\x06":
            size = struct.unpack_from("<Q", data, record + 40)[0]
    if size > MAX_CENTRAL_DIRECTORY:
        raise CspDraftError(f"the reference document lists too many parts ({size:,} bytes of "
                            "names)", hint=_REFERENCE_HINT, location=where)
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the writer explains a damaged file
    for name in names:
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
            raise CspDraftError(f"the reference document holds a part named {name!r}, outside "
                                "the document", hint=_REFERENCE_HINT, location=where)


def _reference_links_left_out(path: Path, planned: list[PlannedOutput]) -> list[Diagnostic]:
    """One warning per link of the reference document that the export leaves out."""
    if not any(item.fmt in ("docx", "pdf") for item in planned):
        return []
    from csp_draft.writers.docx.reference import links_left_out

    return [
        Diagnostic(Location.of_file(path), f"left out {link}: it points outside the document",
                   "an export holds only what the reference document itself contains",
                   severity="warning")
        for link in links_left_out(path)
    ]


def _write_staged(markdown: str, item: PlannedOutput, temporary: Path,
                  reference_docx: Path | None, custom: dict[str, str] | None = None,
                  public: bool = False) -> None:
    """Write one output into the staging folder; errors name the output's real path."""
    from csp_draft.writers.formats import write_output

    assert item.path is not None
    try:
        write_output(markdown, item.fmt, temporary, reference_docx=reference_docx,
                     custom=custom, public=public)
    except CspDraftError as error:
        if error.location is not None and error.location.path == str(temporary):
            error.location = Location.of_file(item.path)
        raise
