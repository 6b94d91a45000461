"""Threat: a .docx from elsewhere (--reference-docx) exhausts memory or smuggles content.

Size caps apply before anything is unpacked; zip bombs (a huge unpacked size, a huge
ratio, hundreds of thousands of entries) are refused fast; XML is parsed without DTDs or
entities and with a depth limit; a part named outside the package ('../evil.png') is
refused, so it can never reach the exported document.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from csp_draft.writers.docx.write import build_docx
from tests.conftest import CliResult
from tests.security.conftest import snapshot, write_draft

Cli = Callable[..., CliResult]

RESAVE = "open it in Word or LibreOffice and save it again as .docx"
SMALLER = "a reference document holds styles and a letterhead; give a smaller one"
BASE_MD = "---\ntitle: Letterhead\nlang: en\n---\n\nBody\n"


def _parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(build_docx(BASE_MD))) as package:
        return {name: package.read(name) for name in package.namelist()}


def _write(path: Path, parts: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path


@pytest.fixture
def draft(ws: Path) -> Path:
    return write_draft(ws, """\
        kind: resolution
        title: T
        languages: [en]
        sections:
          recommendations:
            items:
              - text: Words.
        """)


def _refused(cli: Cli, ws: Path, draft: Path, reference: Path, message: str) -> None:
    before = snapshot(ws)
    result = cli("export", draft, "-f", "docx,pdf", "--reference-docx", reference)
    assert (result.code, result.out, result.err) == (1, "", f"{reference}: error: {message}\n")
    assert snapshot(ws) == before


def test_a_file_over_the_size_cap_is_refused_before_unzipping(
        cli: Cli, ws: Path, draft: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("csp_draft.writers.docx.reference.MAX_REFERENCE_BYTES", 10_000)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("unzipped a file over the cap")

    monkeypatch.setattr(zipfile, "ZipFile", never)
    reference = tmp_path / "big.docx"
    reference.write_bytes(b"PK" + b"\0" * 20_000)
    _refused(cli, ws, draft, reference, "file is too large (20,002 bytes; the limit is "
             "10,000); split it or check that it is the file you meant")


def test_a_zip_bomb_is_refused(cli: Cli, ws: Path, draft: Path, tmp_path: Path) -> None:
    parts = _parts()
    parts["word/media/bomb.bin"] = b"\0" * 300_000_000  # 291 kB packed
    reference = _write(tmp_path / "bomb.docx", parts)
    with zipfile.ZipFile(reference) as package:
        packed = package.getinfo("word/media/bomb.bin").compress_size
    inflated: list[int] = []  # refused from the zip directory: not a byte inflated
    real_read = zipfile.ZipExtFile.read

    def counting(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        data = real_read(self, n)
        inflated.append(len(data))
        return data

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(zipfile.ZipExtFile, "read", counting)
        _refused(cli, ws, draft, reference, "the reference document holds a part that "
                 f"unpacks to 300,000,000 bytes from {packed:,}; " + SMALLER)
    assert sum(inflated) == 0


def test_many_entries_are_refused_before_zipfile_reads_them(
        cli: Cli, ws: Path, draft: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parts = _parts()
    for number in range(40_000):
        parts[f"x/{number}"] = b""
    reference = _write(tmp_path / "many.docx", parts, method=zipfile.ZIP_STORED)
    real = zipfile.ZipFile

    def guarded(file: object, *args: object, **kwargs: object) -> zipfile.ZipFile:
        raise AssertionError("zipfile read a central directory of 40,000 entries")

    monkeypatch.setattr(zipfile, "ZipFile", guarded)
    size = sum(46 + len(name.encode()) for name in parts)
    _refused(cli, ws, draft, reference, f"the reference document lists too many parts "
             f"({size:,} bytes of names); {RESAVE}")  # zipfile never read it: see guarded
    monkeypatch.setattr(zipfile, "ZipFile", real)


def test_a_dtd_or_entity_is_refused(cli: Cli, ws: Path, draft: Path, tmp_path: Path) -> None:
    parts = _parts()
    parts["word/styles.xml"] = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
                                b'"file:///etc/passwd">]><w:styles xmlns:w="http://schemas.'
                                b'openxmlformats.org/wordprocessingml/2006/main">&e;</w:styles>')
    reference = _write(tmp_path / "entity.docx", parts)
    _refused(cli, ws, draft, reference, "the reference document's styles.xml declares a DTD, "
             f"which Word files never do; {RESAVE}")


def test_deeply_nested_xml_is_refused(cli: Cli, ws: Path, draft: Path, tmp_path: Path) -> None:
    parts = _parts()
    parts["word/styles.xml"] = (b'<?xml version="1.0"?><w:styles xmlns:w="http://schemas.'
                                b'openxmlformats.org/wordprocessingml/2006/main">'
                                + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</w:styles>")
    reference = _write(tmp_path / "deep.docx", parts)
    result = cli("export", draft, "-f", "docx", "--reference-docx", reference)
    assert result.code == 1
    assert result.err.startswith(f"{reference}: error: the reference document's styles.xml is "
                                 "not well-formed XML (Excessive depth in document: 256")


@pytest.mark.parametrize("name", ["../evil.png", "/abs.png", "word/../../evil.png",
                                  "C:/evil.png", "..\\evil.png"])
def test_a_part_named_outside_the_package_is_refused(cli: Cli, ws: Path, draft: Path,
                                                     tmp_path: Path, name: str) -> None:
    """Such a part, reached from a footer relationship, was copied into the export."""
    parts = _parts()
    parts["word/_rels/footer1.xml.rels"] = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/image" '
        b'Target="../../evil.png"/></Relationships>')
    parts[name] = b"\x89PNG smuggled"
    reference = _write(tmp_path / "traversal.docx", parts)
    _refused(cli, ws, draft, reference, f"the reference document holds a part named {name!r}, "
             f"outside the document; {RESAVE}")


def test_a_good_reference_still_works(cli: Cli, ws: Path, draft: Path, tmp_path: Path) -> None:
    reference = _write(tmp_path / "good.docx", _parts())
    result = cli("export", draft, "-f", "docx", "--reference-docx", reference)
    assert result.code == 0, result.err


def test_the_writer_itself_refuses_parts_named_outside_the_package(tmp_path: Path) -> None:
    from csp_draft.errors import CspDraftError

    parts = _parts()
    parts["word/_rels/footer1.xml.rels"] = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/image" '
        b'Target="../../evil.png"/></Relationships>')
    parts["../evil.png"] = b"\x89PNG smuggled"
    reference = _write(tmp_path / "traversal.docx", parts)
    try:
        data = build_docx(BASE_MD, reference_docx=reference)
    except CspDraftError:
        return
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert not [n for n in package.namelist() if n.startswith(("/", "..")) or "/../" in n]


_RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
         b'package/2006/relationships">%s</Relationships>')
_RT = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _linking_reference(tmp_path: Path) -> Path:
    """A letterhead whose footer shows a local logo, a web image and a traversal target,
    links to a web page, and whose settings attach a template on a file share."""
    parts = _parts()
    parts["word/media/logo.png"] = b"\x89PNG local logo"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Default Extension="png" ContentType="image/png"/></Types>')
    parts["word/_rels/footer1.xml.rels"] = _RELS % (
        b'<Relationship Id="rId1" Type="' + _RT + b'image" Target="media/logo.png"/>'
        b'<Relationship Id="rId2" Type="' + _RT + b'image" TargetMode="External" '
        b'Target="http://tracker.example/footer.png"/>'
        b'<Relationship Id="rId3" Type="' + _RT + b'image" Target="../../etc/passwd"/>'
        b'<Relationship Id="rId4" Type="' + _RT + b'hyperlink" TargetMode="External" '
        b'Target="http://tracker.example/page"/>')

    def picture(rel_id: bytes, attribute: bytes = b"r:embed") -> bytes:
        return (b'<w:r><w:drawing><wp:inline><a:graphic><a:graphicData><pic:pic><pic:blipFill>'
                b'<a:blip ' + attribute + b'="' + rel_id + b'"/></pic:blipFill></pic:pic>'
                b'</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')

    parts["word/footer1.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr '
        b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        b'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        b'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:p>'
        + picture(b"rId1") + picture(b"rId2", b"r:link") + picture(b"rId3")
        + b'<w:hyperlink r:id="rId4"><w:r><w:t>Coalition site</w:t></w:r></w:hyperlink>'
        b'<w:r><w:t>Letterhead footer</w:t></w:r></w:p></w:ftr>')
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(
        b"<w:zoom ", b'<w:attachedTemplate r:id="rId1"/><w:zoom ')
    parts["word/_rels/settings.xml.rels"] = _RELS % (
        b'<Relationship Id="rId1" Type="' + _RT + b'attachedTemplate" TargetMode="External" '
        b'Target="file://host/share/t.dotm"/>')
    return _write(tmp_path / "letterhead.docx", parts)


def test_links_out_of_the_reference_are_dropped_and_reported(
        cli: Cli, ws: Path, draft: Path, tmp_path: Path) -> None:
    """A footer image on a web server, an attached template on a file share (an NTLM leak
    on Windows) and a '../../etc/passwd' target were all copied into every export."""
    import docx

    reference = _linking_reference(tmp_path)
    result = cli("export", draft, "-f", "docx", "--reference-docx", reference)
    assert result.code == 0, result.err
    hint = "an export holds only what the reference document itself contains"
    output = ws / "drafts" / "draft.docx"
    assert result.err.splitlines() == [
        *(f"{reference}: warning: left out the {link}: it points outside the document; {hint}"
          for link in ("image 'http://tracker.example/footer.png' of word/footer1.xml",
                       "image '../../etc/passwd' of word/footer1.xml",
                       "hyperlink 'http://tracker.example/page' of word/footer1.xml",
                       "attachedTemplate 'file://host/share/t.dotm' of word/settings.xml")),
        f"wrote {output}"]
    with zipfile.ZipFile(output) as package:
        everything = b"".join(package.read(name) for name in package.namelist())
        footer = package.read("word/footer1.xml")
        settings = package.read("word/settings.xml")
        assert package.read("word/media/logo.png") == b"\x89PNG local logo"
    for leak in (b"tracker.example", b"host/share", b"etc/passwd", b'TargetMode="External"'):
        assert leak not in everything
    assert footer.count(b"<w:drawing>") == 1 and b'r:embed="rId1"' in footer
    assert b"Coalition site" in footer and b"Letterhead footer" in footer
    assert b"attachedTemplate" not in settings
    reopened = docx.Document(str(output))
    assert [p.text for p in reopened.paragraphs][-1] == "Words."
    assert "Letterhead footer" in reopened.sections[-1].footer.paragraphs[0].text


def _lying_reference(path: Path, unpacked: int) -> Path:
    """A reference whose styles.xml declares 6,000 bytes and inflates to ``unpacked``."""
    import struct
    import zlib

    parts = _parts()
    name = "word/styles.xml"
    body = parts.pop(name)
    _write(path, parts)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = compressor.compress(body) + b"".join(
        compressor.compress(b" " * (1 << 20)) for _ in range(unpacked >> 20)) + compressor.flush()
    with zipfile.ZipFile(path, "a") as package:
        info = zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        package.writestr(info, b"")  # a placeholder entry, then its bytes are swapped
    data = path.read_bytes()
    local = data.rfind(b"PK\x03\x04", 0, data.index(b"PK\x01\x02"))
    name_length, extra_length = struct.unpack_from("<HH", data, local + 26)
    start = local + 30 + name_length + extra_length
    central = data.index(b"PK\x01\x02")
    header = bytearray(data[local:start])
    struct.pack_into("<III", header, 14, zlib.crc32(body), len(payload), 6_000)
    directory = bytearray(data[central:])
    entry = directory.rfind(b"PK\x01\x02")
    struct.pack_into("<III", directory, entry + 16, zlib.crc32(body), len(payload), 6_000)
    shift = len(payload) - (central - start)
    end = directory.rfind(b"PK\x05\x06")
    offset = struct.unpack_from("<I", directory, end + 16)[0]
    struct.pack_into("<I", directory, end + 16, offset + shift)
    path.write_bytes(data[:local] + bytes(header) + payload + bytes(directory))
    with zipfile.ZipFile(path) as check:
        assert check.getinfo(name).file_size == 6_000
    return path


def test_declared_sizes_are_not_trusted_while_unpacking(cli: Cli, ws: Path, draft: Path,
                                                        tmp_path: Path) -> None:
    """A styles.xml declaring 6,000 bytes that inflates to 1 GiB was refused only after
    4.9 s and 2,090 MB: zipfile inflated it in one call before checking anything."""
    import tracemalloc

    reference = _lying_reference(tmp_path / "liar.docx", 300 << 20)
    tracemalloc.start()
    try:
        _refused(cli, ws, draft, reference, "the reference document is a damaged or encrypted "
                 "archive (Bad CRC-32 for file 'word/styles.xml'); " + RESAVE)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 << 20  # it inflated all 300 MB before seeing the CRC


def test_each_part_is_capped(cli: Cli, ws: Path, draft: Path, tmp_path: Path) -> None:
    """An honest 133 MB styles.xml was accepted at 2,366 MB of memory."""
    parts = _parts()
    styles = parts["word/styles.xml"]
    filler = b"".join(b'<w:style w:styleId="S%d"><w:name w:val="Style %d"/></w:style>'
                      % (n, n * 7919 % 1_000_003) for n in range(300_000))
    parts["word/styles.xml"] = styles.replace(b"</w:styles>", filler + b"</w:styles>")
    reference = _write(tmp_path / "big-styles.docx", parts)
    size = len(parts["word/styles.xml"])
    _refused(cli, ws, draft, reference, "the reference document holds a part, "
             f"'word/styles.xml', that unpacks to {size:,} bytes (the limit for an XML part "
             f"is 16,777,216); {SMALLER}")


@pytest.mark.slow
def test_zip_guard_measured(ws: Path, draft: Path, tmp_path: Path) -> None:
    """Whole `export`, in its own process, as a user meets the 1 GiB liar."""
    from tests.security.measure import run_measured

    reference = _lying_reference(tmp_path / "liar.docx", 1 << 30)
    empty = tmp_path / "empty"
    empty.mkdir()
    measured = run_measured(ws, "export", str(draft), "-f", "docx", "--reference-docx",
                            str(reference), empty=empty)
    print(f"\n1 GiB liar: {measured.seconds:.2f} s, peak {measured.peak_mb:.0f} MB")
    assert measured.code == 1
    assert measured.err.endswith("(Bad CRC-32 for file 'word/styles.xml'); " + RESAVE + "\n")
    assert measured.peak_mb < 150
