"""Opening a returned .docx, which is untrusted input: every cap is checked before a byte is
inflated, and XML with a document type declaration or entities is refused, never resolved
(a DTD entity silently drops text in other readers).

Caps: the file (20 MB), its entries (2,000), each part inflated (25 MB) and all of them
(40 MB), the inflation ratio of a large entry (100:1), comments (10,000). A zip bomb, a
DOCTYPE or 100,000 comments are refused in well under a second, inflating nothing.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from csp_draft.errors import CspDraftError, Location
from csp_draft.fsio import read_bytes

MAX_FILE = 20 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_PART = 25 * 1024 * 1024
MAX_TOTAL = 40 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024  # small entries may compress well (a page of spaces)
MAX_COMMENTS = 10_000
HINT = "ask the member to save it again as a Word document (.docx), or retype the changes"


class DocxPackage:
    """The parts of a checked .docx; :meth:`xml` parses one safely."""

    def __init__(self, path: Path, archive: zipfile.ZipFile) -> None:
        self.path = path
        self._archive = archive
        self.names = {info.filename for info in archive.infolist()}

    def error(self, message: str) -> CspDraftError:
        return CspDraftError(message, hint=HINT, location=Location.of_file(self.path))

    def read(self, name: str) -> bytes | None:
        if name not in self.names:
            return None
        with self._archive.open(name) as stream:
            data = stream.read(MAX_PART + 1)  # the header's size may lie
        if len(data) > MAX_PART:
            raise self.error(f"part {name} inflates beyond {MAX_PART // 2**20} MB; refused")
        return data

    def xml(self, name: str) -> etree._Element | None:
        data = self.read(name)
        if data is None:
            return None
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise self.error(f"part {name} declares a document type or entities, which a "
                             "Word document never does; refused")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False, remove_comments=True, remove_pis=True)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as error:
            raise self.error(f"part {name} is not well-formed XML ({error.msg})") from None
        if root.getroottree().docinfo.doctype:
            raise self.error(f"part {name} declares a document type; refused")
        return root


def open_docx(path: str | Path) -> DocxPackage:
    """Check ``path`` as a .docx (see the module docstring) and open it."""
    path = Path(path)
    where = Location.of_file(path)
    data = read_bytes(path, limit=MAX_FILE)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise CspDraftError("not a Word document (.docx): it is not a zip archive", hint=HINT,
                            location=where) from None
    if len(infos) > MAX_ENTRIES:
        raise CspDraftError(f"the file holds {len(infos)} entries (a Word document has a few "
                            "dozen); refused", hint=HINT, location=where)
    seen: set[str] = set()
    total = 0
    for info in infos:
        if info.filename in seen:
            raise CspDraftError(f"the file holds the entry {info.filename} twice, so readers "
                                "may disagree on its content; refused", hint=HINT,
                                location=where)
        seen.add(info.filename)
        total += info.file_size
        if info.file_size > MAX_PART or total > MAX_TOTAL:
            raise CspDraftError("the file inflates beyond "
                                f"{(MAX_PART if info.file_size > MAX_PART else MAX_TOTAL) // 2**20}"
                                " MB (a zip bomb?); refused", hint=HINT, location=where)
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise CspDraftError(f"the entry {info.filename} inflates more than {MAX_RATIO} "
                                "times (a zip bomb?); refused", hint=HINT, location=where)
    if "word/document.xml" not in seen:
        raise CspDraftError("not a Word document (.docx): it has no word/document.xml",
                            hint=HINT, location=where)
    package = DocxPackage(path, archive)
    comments = package.read("word/comments.xml")
    if comments is not None and comments.count(b"<w:comment ") > MAX_COMMENTS:
        raise package.error(f"the file holds more than {MAX_COMMENTS:,} comments; refused")
    return package
