"""Exporting a draft: which files to write, rendering each language once, writing safely.

An existing file is overwritten only when it is exactly what csp-draft wrote there last
time (a manifest beside the outputs keeps their hashes) or with ``force``: a DOCX that a
member organisation annotated and saved under the export's name is never clobbered.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from csp_draft.drafts import Draft
from csp_draft.errors import CspDraftError, Diagnostic, Location, UsageError
from csp_draft.fsio import atomic_write
from csp_draft.render import DocumentRenderer, RenderResult
from csp_draft.yamlio import Node

FORMATS = ("md", "docx", "html", "pdf")
EXTENSIONS = {"md": ".md", "docx": ".docx", "html": ".html", "pdf": ".pdf"}
MANIFEST_NAME = ".csp-draft-exports.json"


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
                suffix = f".{lang}" if len(languages) > 1 else ""
                path = folder / f"{stem}{suffix}{EXTENSIONS[fmt]}"
            planned.append(PlannedOutput(lang, fmt, path, make_folder))
    return planned


class ExportManifest:
    """Hashes of the files the last exports wrote into one folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST_NAME
        self.hashes: dict[str, str] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                self.hashes = {str(k): str(v) for k, v in data.items()}
        except (OSError, ValueError):
            self.hashes = {}

    def may_overwrite(self, target: Path) -> bool:
        if not target.exists():
            return True
        recorded = self.hashes.get(target.name)
        return recorded is not None and recorded == _digest(target)

    def record(self, target: Path) -> None:
        self.hashes[target.name] = _digest(target)

    def save(self) -> None:
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
    progress: Callable[[PlannedOutput], None] | None = None,
) -> ExportReport:
    """Render each language once and write every planned output."""
    report = ExportReport()
    by_folder: dict[Path, ExportManifest] = {}
    for item in planned:
        if item.path is None:
            continue
        if item.path.exists() and item.path.is_dir():
            raise CspDraftError("output path is a folder", location=Location.of_file(item.path))
        if item.make_folder and not item.path.parent.exists():
            try:
                item.path.parent.mkdir(parents=True)
            except OSError as error:
                raise CspDraftError(f"cannot create the output folder: {error.strerror}",
                                    location=Location.of_file(item.path.parent)) from None
        manifest = by_folder.setdefault(item.path.parent, ExportManifest(item.path.parent))
        if not force and not manifest.may_overwrite(item.path):
            raise CspDraftError(
                "file exists and was not written by the last export (it may hold someone's "
                "edits); nothing was written",
                hint="choose another -o, or pass --force to overwrite it",
                location=Location.of_file(item.path),
            )
    rendered: dict[str, RenderResult] = {}
    for lang in dict.fromkeys(item.lang for item in planned):
        rendered[lang] = renderer.render(draft, lang, fallback=fallback, footnotes=footnotes,
                                         overrides=overrides)
        report.warnings.extend(rendered[lang].warnings)
    for item in planned:
        markdown = rendered[item.lang].markdown
        if item.path is None:
            stdout(markdown)
        else:
            from csp_draft.writers import write_output

            if not item.path.parent.is_dir():
                raise CspDraftError("output folder does not exist",
                                    hint="create it first",
                                    location=Location.of_file(item.path.parent))
            write_output(markdown, item.fmt, item.path, reference_docx=reference_docx)
            by_folder[item.path.parent].record(item.path)
        report.written.append(item)
        if progress is not None:
            progress(item)
    for manifest in by_folder.values():
        manifest.save()
    return report
