"""A minimal Open Packaging Conventions layer: the parts of a .docx, their relationships
and content types, read from a zip and written back reproducibly.

python-docx can do this too, but importing it and loading its template costs more than
the whole export of a short draft (see bench/docx_vs_pandoc.py); this layer is all the
writer needs. Part names are kept without the leading slash ("word/document.xml").
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import NamedTuple
from urllib.parse import unquote

from csp_draft.errors import CspDraftError
from csp_draft.writers.docx.ooxml import (
    CT_NS,
    CT_RELS,
    REL_NS,
    RT_HYPERLINK,
    XML_HEADER,
    esc,
    parse_xml,
)

# Limits on a reference document, checked before anything is unpacked (on the sizes the
# archive declares) and again while unpacking (on the bytes that come out: a declared
# size can lie).
MAX_ENTRIES = 2_000
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 200  # a part may unpack to at most this many times its packed size (+1 MiB)
MAX_XML_PART = 16 * 1024 * 1024  # Word's own styles.xml of a big template: under 1 MiB
MAX_PART = 32 * 1024 * 1024  # a picture in a letterhead
_CHUNK = 1024 * 1024


class Rel(NamedTuple):
    rel_id: str
    rel_type: str
    target: str
    external: bool = False


class Package:
    """Parts (bytes), their relationships and content types."""

    def __init__(self) -> None:
        self.parts: dict[str, bytes] = {}
        self.defaults: dict[str, str] = {"rels": CT_RELS, "xml": "application/xml"}
        self.overrides: dict[str, str] = {}
        self._rels: dict[str, list[Rel]] = {}

    # -- relationships ------------------------------------------------------------------
    def rels(self, source: str) -> list[Rel]:
        """The relationships of ``source`` ("" for the package itself), parsed on first use."""
        if source not in self._rels:
            data = self.parts.pop(_rels_name(source), None)
            self._rels[source] = _parse_rels(data) if data else []
        return self._rels[source]

    def target(self, source: str, rel: Rel) -> str:
        """The part name an internal relationship of ``source`` points to."""
        if rel.target.startswith("/"):
            path = rel.target[1:]
        else:
            path = posixpath.join(posixpath.dirname(source), rel.target)
        return posixpath.normpath(unquote(path)).lstrip("/")

    def related(self, source: str, rel_type: str) -> str | None:
        for rel in self.rels(source):
            if rel.rel_type == rel_type and not rel.external:
                return self.target(source, rel)
        return None

    def relate(self, source: str, rel_type: str, target: str, *, external: bool = False) -> str:
        """Add a relationship (reusing an identical one) and return its id."""
        rels = self.rels(source)
        for rel in rels:
            if rel.rel_type == rel_type and rel.target == target and rel.external == external:
                return rel.rel_id
        rel_id = self.next_rel_id(source)
        rels.append(Rel(rel_id, rel_type, target, external))
        return rel_id

    def next_rel_id(self, source: str) -> str:
        taken = {rel.rel_id for rel in self.rels(source)}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        return f"rId{number}"

    def add_hyperlinks(self, source: str, links: dict[str, str]) -> None:
        """Add external hyperlink relationships (address -> id) to ``source``."""
        rels = self.rels(source)
        for href, rel_id in links.items():
            rels.append(Rel(rel_id, RT_HYPERLINK, href, external=True))

    def drop_rels(self, source: str, keep: set[str]) -> None:
        """Keep only the relationships of ``source`` whose ids are in ``keep``."""
        self._rels[source] = [rel for rel in self.rels(source) if rel.rel_id in keep]

    # -- parts --------------------------------------------------------------------------
    def add_part(self, name: str, data: bytes, content_type: str) -> None:
        self.parts[name] = data
        self.overrides[name] = content_type

    def content_type(self, name: str) -> str:
        if name in self.overrides:
            return self.overrides[name]
        return self.defaults.get(posixpath.splitext(name)[1][1:].lower(), "")

    def free_name(self, pattern: str) -> str:
        """The first part name ``pattern.format(n)`` (n = 1, 2, ...) that is not taken."""
        number = 1
        while pattern.format(number) in self.parts:
            number += 1
        return pattern.format(number)

    def reachable(self) -> list[str]:
        """Part names reachable from the package relationships, in a stable order."""
        seen: dict[str, None] = {}
        stack = [""]
        while stack:
            source = stack.pop()
            for rel in self.rels(source):
                if rel.external:
                    continue
                name = self.target(source, rel)
                if name in self.parts and name not in seen:
                    seen[name] = None
                    stack.append(name)
        return sorted(seen)

    # -- reading and writing ------------------------------------------------------------
    @classmethod
    def from_parts(cls, parts: dict[str, tuple[bytes, str]], package_rels: list[Rel]) -> Package:
        package = cls()
        for name, (data, content_type) in parts.items():
            package.add_part(name, data, content_type)
        package._rels[""] = list(package_rels)
        return package

    @classmethod
    def from_zip(cls, data: bytes, label: str) -> Package:
        """Read a package from zip bytes, refusing archives that are too big to unpack."""
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise CspDraftError(
                f"{label} is not a .docx file (it is not a zip archive)",
                hint="give a Word document saved as .docx",
            ) from None
        with archive:
            infos = archive.infolist()
            _check_sizes(infos, label)
            for info in infos:
                _check_part_name(info.filename, label)
            package = cls()
            try:
                total = 0
                for info in infos:
                    if not info.is_dir():
                        data = _unpack(archive, info, MAX_UNPACKED - total, label)
                        total += len(data)
                        package.parts[info.filename] = data
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
                raise CspDraftError(
                    f"{label} is a damaged or encrypted archive ({exc})",
                    hint="open it in Word or LibreOffice and save it again as .docx",
                ) from None
        types = package.parts.pop("[Content_Types].xml", None)
        if types is None:
            raise CspDraftError(
                f"{label} is not a Word document (no [Content_Types].xml)",
                hint="give a Word document saved as .docx",
            )
        root = parse_xml(types, "content types")
        for child in root:
            name = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
            if name == "Default":
                package.defaults[child.get("Extension", "").lower()] = child.get("ContentType", "")
            elif name == "Override":
                package.overrides[child.get("PartName", "").lstrip("/")] = child.get(
                    "ContentType", ""
                )
        return package

    def to_zip(self, date_time: tuple[int, int, int, int, int, int]) -> bytes:
        """Zip the reachable parts with fixed metadata, so equal input gives equal bytes."""
        names = self.reachable()
        entries: list[tuple[str, bytes]] = [
            ("[Content_Types].xml", self._content_types_xml(names)),
            ("_rels/.rels", _rels_xml(self.rels(""))),
        ]
        for name in names:
            entries.append((name, self.parts[name]))
            rels = self.rels(name)
            if rels:
                entries.append((_rels_name(name), _rels_xml(rels)))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0
                info.external_attr = 0
                archive.writestr(info, data, compresslevel=6)
        return buffer.getvalue()

    def _content_types_xml(self, names: list[str]) -> bytes:
        extensions = {posixpath.splitext(name)[1][1:].lower() for name in names} | {"rels", "xml"}
        lines = [f'{XML_HEADER}<Types xmlns="{CT_NS}">']
        for ext in sorted(extensions):
            if ext in self.defaults:
                lines.append(
                    f'<Default Extension="{esc(ext)}" ContentType="{esc(self.defaults[ext])}"/>'
                )
        for name in names:
            content_type = self.overrides.get(name)
            ext = posixpath.splitext(name)[1][1:].lower()
            if content_type is None and ext not in self.defaults:
                content_type = "application/octet-stream"
            if content_type is not None and content_type != self.defaults.get(ext):
                lines.append(
                    f'<Override PartName="/{esc(name)}" ContentType="{esc(content_type)}"/>'
                )
        lines.append("</Types>")
        return "".join(lines).encode("utf-8")


def _rels_name(source: str) -> str:
    folder, base = posixpath.split(source)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _parse_rels(data: bytes) -> list[Rel]:
    root = parse_xml(data, "relationships")
    rels = []
    for child in root:
        if child.tag != f"{{{REL_NS}}}Relationship":
            continue
        rels.append(
            Rel(
                child.get("Id", ""),
                child.get("Type", ""),
                child.get("Target", ""),
                child.get("TargetMode", "") == "External",
            )
        )
    return rels


def _rels_xml(rels: list[Rel]) -> bytes:
    lines = [f'{XML_HEADER}<Relationships xmlns="{REL_NS}">']
    for rel in rels:
        mode = ' TargetMode="External"' if rel.external else ""
        lines.append(
            f'<Relationship Id="{esc(rel.rel_id)}" Type="{esc(rel.rel_type)}"'
            f' Target="{esc(rel.target)}"{mode}/>'
        )
    lines.append("</Relationships>")
    return "".join(lines).encode("utf-8")


def _check_part_name(name: str, label: str) -> None:
    """Refuse a member whose name points outside the package (it would be copied out)."""
    pieces = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or ".." in pieces or ":" in pieces[0]:
        raise CspDraftError(f"{label} holds a part named {name!r}, outside the document",
                            hint="open it in Word or LibreOffice and save it again as .docx")


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, room: int, label: str) -> bytes:
    """One part, inflated a chunk at a time and counted as it comes out: a part that
    outgrows its cap (or the room left of the whole) is refused at the cap, whatever size
    the archive declares for it."""
    xml = info.filename.lower().endswith((".xml", ".rels"))
    cap = min(MAX_XML_PART if xml else MAX_PART, room)
    chunks = []
    size = 0
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > cap:
                hint = "a reference document holds styles and a letterhead; give a smaller one"
                if cap == room:
                    raise CspDraftError(
                        f"{label} unpacks to more than {MAX_UNPACKED:,} bytes", hint=hint)
                raise CspDraftError(
                    f"{label} holds a part, {info.filename!r}, that unpacks to more than "
                    f"{cap:,} bytes (the limit for {'an XML part' if xml else 'a part'})",
                    hint=hint)
            chunks.append(chunk)
    return b"".join(chunks)


def _check_sizes(infos: list[zipfile.ZipInfo], label: str) -> None:
    hint = "a reference document holds styles and a letterhead; give a smaller one"
    if len(infos) > MAX_ENTRIES:
        raise CspDraftError(f"{label} has too many parts ({len(infos):,})", hint=hint)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_RATIO * info.compress_size + 1024 * 1024:
            raise CspDraftError(
                f"{label} holds a part that unpacks to {info.file_size:,} bytes from "
                f"{info.compress_size:,}",
                hint=hint,
            )
        xml = info.filename.lower().endswith((".xml", ".rels"))
        cap = MAX_XML_PART if xml else MAX_PART
        if info.file_size > cap:
            raise CspDraftError(
                f"{label} holds a part, {info.filename!r}, that unpacks to {info.file_size:,} "
                f"bytes (the limit for {'an XML part' if xml else 'a part'} is {cap:,})",
                hint=hint)
    if total > MAX_UNPACKED:
        raise CspDraftError(
            f"{label} unpacks to {total:,} bytes (the limit is {MAX_UNPACKED:,})", hint=hint
        )
