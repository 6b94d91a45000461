"""Archived Word files read as Word shows them: labels counted as Word counts, tracked
changes accepted and counted, hidden text left out, hostile files refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from csp_draft.archive.docx import read_docx
from csp_draft.errors import CspDraftError

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="xml" ContentType="application/xml"/></Types>"""
STYLES = f"""<w:styles {NS}>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="Rec"><w:name w:val="Recommendation"/>
  <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>"""
NUMBERING = f"""<w:numbering {NS}>
<w:abstractNum w:abstractNumId="7">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>
    <w:lvlText w:val="(%2)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="7"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"""


def para(text: str, style: str = "", num: tuple[int, int] | None = None, run: str = "") -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num:
        props += (f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/>'
                  "</w:numPr>")
    return (f"<w:p><w:pPr>{props}</w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>"
            f"{run}</w:p>")


def docx(path: Path, body: str, *, document_prefix: str = "") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", TYPES)
        archive.writestr("word/document.xml",
                         f"{document_prefix}<w:document {NS}><w:body>{body}</w:body></w:document>")
        archive.writestr("word/styles.xml", STYLES)
        archive.writestr("word/numbering.xml", NUMBERING)
    return path


def labels(path: Path) -> list[tuple[str, str, int, str]]:
    return [(b.kind, b.label, b.level, b.text) for b in read_docx(path).blocks]


def test_style_numbering_shared_definitions_restarts_and_letter_labels(tmp_path: Path) -> None:
    body = "".join([
        para("Resolution", "Title"),
        para("Recommendations", "Heading1"),
        para("First, numbered by its style", "Rec"),
        para("Second, by the style too", "Rec"),
        para("a sub-item", num=(1, 1)),
        para("another sub-item", num=(1, 1)),
        para("To the Government:", "Heading1"),
        para("Third: another instance of the same definition counts on", num=(2, 0)),
        para("its sub-item starts again at (a)", num=(2, 1)),
        para("Restarted by a start override", num=(3, 0)),
        para("and counts on from there", num=(3, 0)),
    ])
    assert labels(docx(tmp_path / "n.docx", body)) == [
        ("title", "", 0, "Resolution"),
        ("heading", "", 1, "Recommendations"),
        ("item", "1.", 0, "First, numbered by its style"),
        ("item", "2.", 0, "Second, by the style too"),
        ("item", "(a)", 1, "a sub-item"),
        ("item", "(b)", 1, "another sub-item"),
        ("heading", "", 1, "To the Government:"),
        ("item", "3.", 0, "Third: another instance of the same definition counts on"),
        ("item", "(a)", 1, "its sub-item starts again at (a)"),
        ("item", "1.", 0, "Restarted by a start override"),
        ("item", "2.", 0, "and counts on from there"),
    ]


def test_tracked_changes_accepted_hidden_text_left_out_and_both_reported(tmp_path: Path
                                                                         ) -> None:
    body = (
        '<w:p><w:r><w:t xml:space="preserve">Release </w:t></w:r>'
        '<w:del w:id="1" w:author="A"><w:r><w:delText>some</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="A"><w:r><w:t>all</w:t></w:r></w:ins>'
        '<w:r><w:t xml:space="preserve"> defenders</w:t></w:r>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t> (secret note)</w:t></w:r></w:p>'
        '<w:sdt><w:sdtContent>' + para("Inside a content control") + "</w:sdtContent></w:sdt>")
    document = read_docx(docx(tmp_path / "t.docx", body))
    assert [b.text for b in document.blocks] == ["Release all defenders",
                                                 "Inside a content control"]
    assert document.notices == [
        "2 tracked change(s) not yet accepted: imported as if accepted; open the file in "
        "Word to review them",
        "14 character(s) of hidden text left out",
        "1 content control(s): their text was read as shown",
    ]


def test_a_document_type_declaration_is_refused(tmp_path: Path) -> None:
    path = docx(tmp_path / "d.docx", para("x"),
                document_prefix='<!DOCTYPE w:document [<!ENTITY e "boom">]>')
    with pytest.raises(CspDraftError, match="declares a document type or entities"):
        read_docx(path)


def test_a_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", TYPES)
        archive.writestr("word/document.xml", b"<" + b" " * (60 * 1024 * 1024))
    with pytest.raises(CspDraftError, match="zip bomb"):
        read_docx(path)
