"""Returned files as Word writes them (moves with w:moveFrom / w:moveTo, formatting
changes, anonymised authors, fields, embedded documents), made by editing an export's XML."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(name: str) -> str:
    return f"{{{W}}}{name}"


@pytest.fixture
def exported(tmp_path: Path, cli) -> tuple[Path, Path]:
    draft = tmp_path / "minsk.yaml"
    assert cli("example", "minsk-2017", str(draft)).code == 0
    assert cli("export", str(draft), "-f", "docx", "--lang", "en").code == 0
    return draft, tmp_path / "minsk.en.docx"  # a bilingual draft: the language in the name


def returned(source: Path, target: Path, change: Callable[[etree._Element], None]) -> Path:
    with zipfile.ZipFile(source) as zin:
        parts = {info.filename: zin.read(info.filename) for info in zin.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    change(root)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return target


def item(root: etree._Element, prefix: str) -> etree._Element:
    mark = next(b for b in root.iter(q("bookmarkStart")) if b.get(q("name")).startswith(prefix))
    return mark.getparent()


def tracked(kind: str, author: str = "Author") -> etree._Element:
    return etree.Element(q(kind), {q("id"): "1", q("author"): author,
                                   q("date"): "2026-11-30T09:00:00Z"})


def word_move(root: etree._Element) -> None:
    """Recommendation 5 moved before recommendation 2, as Word marks a move."""
    moving = item(root, "csp_recommendations_5_")
    target = item(root, "csp_recommendations_2_")
    landed = etree.fromstring(etree.tostring(moving))
    for paragraph, kind in ((moving, "moveFrom"), (landed, "moveTo")):
        wrapper = tracked(kind)
        for run in paragraph.findall(q("r")):
            wrapper.append(run)
        paragraph.append(wrapper)
    moving.remove(moving.find(q("bookmarkStart")))  # Word carries the bookmark along
    moving.remove(moving.find(q("bookmarkEnd")))
    target.addprevious(landed)


def test_a_word_move_is_a_move(exported, tmp_path: Path, cli) -> None:
    draft, circulated = exported
    path = returned(circulated, tmp_path / "moved.docx", word_move)
    result = cli("feedback", "import", str(path), str(draft), "--from", "Viasna")
    assert result.code == 0, result.err
    assert result.out == "viasna-1  recommendations.5  move  move before recommendations.2\n"
    stored = next((tmp_path / "minsk.feedback").glob("*.yaml")).read_text("utf-8")
    assert "tracked: true\n" in stored
    assert "  - change: move-to\n    by: Viasna\n" in stored  # "Author" is the --from member
    assert cli("feedback", "accept", str(draft), "viasna-1").code == 0
    text = cli("export", str(draft), "-f", "md", "-o", "-").out
    assert "2. Abolish the death penalty" in text
    assert "3. Decriminalise libel and insult" in text


def formatting_field_and_chunk(root: etree._Element) -> None:
    paragraph = item(root, "csp_recommendations_5_")
    run = paragraph.find(q("r"))
    properties = run.find(q("rPr"))
    if properties is None:
        properties = etree.Element(q("rPr"))
        run.insert(0, properties)
    etree.SubElement(properties, q("b"))
    change = etree.SubElement(properties, q("rPrChange"), {q("id"): "3", q("author"): "BHC",
                                                           q("date"): "2026-11-30T09:00:00Z"})
    etree.SubElement(change, q("rPr"))
    body = root.find(q("body"))
    body.insert(0, etree.Element(q("altChunk"), {
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id": "rId99"}))
    field = etree.SubElement(item(root, "csp_recommendations_9_"), q("fldSimple"),
                             {q("instr"): "PAGE"})
    etree.SubElement(etree.SubElement(field, q("r")), q("t")).text = "7"


def test_formatting_is_listed_fields_and_chunks_reported(exported, tmp_path: Path,
                                                          cli) -> None:
    draft, circulated = exported
    before = draft.read_bytes()
    path = returned(circulated, tmp_path / "formatted.docx", formatting_field_and_chunk)
    result = cli("feedback", "import", str(path), str(draft), "--from", "BHC")
    assert result.code == 0, result.err
    assert result.err.splitlines()[:2] == [
        f"{path}: note: 1 embedded foreign document(s) (altChunk) were not read",
        f"{path}: note: 1 field(s) were read as their shown text",
    ]
    assert result.out.splitlines() == [
        "bhc-1  recommendations.5  format  formatting changed; listed, not applied",
        "bhc-2  recommendations.9  text  text: … a legitimate aim.{++7++}",
    ]
    refused = cli("feedback", "accept", str(draft), "bhc-1")
    assert refused.code == 1
    assert refused.err == f"{draft}: error: 'bhc-1' is a format note, listed but never applied\n"
    assert draft.read_bytes() == before


def test_items_changed_since_the_export_are_not_read_as_deleted(exported, tmp_path: Path,
                                                                 cli) -> None:
    draft, circulated = exported
    path = returned(circulated, tmp_path / "same.docx", lambda root: None)
    draft.write_text(draft.read_text("utf-8").replace("Dzmitry Palijenka", "Dzmitry P."),
                     encoding="utf-8")
    result = cli("feedback", "import", str(path), str(draft), "--from", "Viasna")
    assert result.code == 0, result.err
    assert result.out == ""
    assert result.err.splitlines()[:2] == [
        f"{path}: note: the draft changed since this file was exported; only items whose "
        "text is unchanged since then are matched",
        f"{path}: note: 1 item(s) changed in the draft since this file was exported; changes "
        "to them were not read: recommendations.1",
    ]


def test_a_file_not_exported_by_csp_draft(tmp_path: Path, cli, exported) -> None:
    draft, _ = exported
    import docx

    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    result = cli("feedback", "import", str(plain), str(draft), "--from", "X")
    assert result.code == 1
    assert result.err == (
        f"{plain}: error: this Word file was not exported by csp-draft (no csp-draft "
        "properties), so its items cannot be found; export the draft again with `csp-draft "
        "export DRAFT -f docx` and circulate that file\n")


def test_an_unchanged_file_gives_no_proposals(exported, tmp_path: Path, cli) -> None:
    draft, circulated = exported
    before = draft.read_bytes()
    result = cli("feedback", "import", str(circulated), str(draft), "--from", "Viasna")
    assert (result.code, result.out) == (0, "")
    listed = cli("feedback", "list", str(draft))
    assert (listed.code, listed.out) == (0, "")
    assert listed.err == "no proposals: the imported files change nothing\n"
    again = cli("feedback", "import", str(circulated), str(draft), "--from", "Viasna")
    assert again.code == 1
    assert again.err.startswith(f"{tmp_path / 'minsk.feedback'}/viasna-")
    assert again.err.endswith(": error: feedback from this organisation was already imported "
                              "today; nothing was written; decide on it with `csp-draft "
                              "feedback accept|reject`, or remove that file to import again\n")
    assert cli("feedback", "report", str(draft), "--format", "docx").code == 0
    refused = cli("feedback", "report", str(draft), "--format", "docx")
    assert refused.code == 1
    assert refused.err == (f"{tmp_path / 'minsk.feedback.docx'}: error: file exists (it may be "
                           "an annotated copy); nothing was written; choose another -o, or "
                           "pass --force to replace it\n")
    assert draft.read_bytes() == before


def test_custom_properties_of_a_reference_document_stay(exported, tmp_path: Path,
                                                        cli) -> None:
    draft, circulated = exported
    letterhead = tmp_path / "letterhead.docx"
    with zipfile.ZipFile(circulated) as zin, zipfile.ZipFile(letterhead, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/custom.xml":
                data = data.replace(b"</Properties>", (
                    b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="9" '
                    b'name="Letterhead"><vt:lpwstr>Coalition</vt:lpwstr></property>'
                    b"</Properties>"))
            zout.writestr(info, data)
    out = tmp_path / "out.docx"
    assert cli("export", str(draft), "-f", "docx", "--lang", "en", "--reference-docx",
               str(letterhead), "-o", str(out)).code == 0
    with zipfile.ZipFile(circulated) as package:
        version = next("".join(p.itertext()) for p in etree.fromstring(
            package.read("docProps/custom.xml")) if p.get("name") == "csp-draft version")
    with zipfile.ZipFile(out) as package:
        root = etree.fromstring(package.read("docProps/custom.xml"))
    assert [(p.get("pid"), p.get("name"), "".join(p.itertext())) for p in root] == [
        ("2", "Letterhead", "Coalition"), ("3", "csp-draft draft", "minsk.yaml"),
        ("4", "csp-draft version", version), ("5", "csp-draft lang", "en")]
    assert len(version) == 12
