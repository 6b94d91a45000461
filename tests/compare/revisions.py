"""Reading a .docx the way Word shows it after "accept all" or "reject all" changes.

Accepting drops w:del (and deleted table rows), keeps what w:ins holds, and merges a
paragraph whose mark is deleted into the paragraph after it; rejecting does the
opposite. What is compared is text: each paragraph of the body in order (title, table
cells and all), then the footnotes in the order their references appear.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_texts(data: bytes, *, accept: bool = True) -> tuple[list[str], list[str]]:
    """(body paragraph texts, footnote texts) with every change accepted or rejected."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
        names = archive.namelist()
        notes_root = (etree.fromstring(archive.read("word/footnotes.xml"))
                      if "word/footnotes.xml" in names else None)
    notes = {}
    if notes_root is not None:
        for note in notes_root.iter(f"{W}footnote"):
            notes[note.get(f"{W}id")] = note
    references: list[str] = []
    paragraphs = _paragraphs(body, accept, references)
    footnotes = []
    for note_id in references:
        refs_inside: list[str] = []
        footnotes.append("\n".join(_paragraphs(notes[note_id], accept, refs_inside)))
    return paragraphs, footnotes


def _paragraphs(root: etree._Element, accept: bool, references: list[str]) -> list[str]:
    dropped = f"{W}del" if accept else f"{W}ins"
    texts: list[str] = []
    carried = ""  # text of a paragraph whose mark went, joining the next paragraph
    for paragraph in root.iter(f"{W}p"):
        row = next((a for a in paragraph.iterancestors(f"{W}tr")), None)
        if row is not None and row.find(f"{W}trPr/{dropped}") is not None:
            continue
        text = carried + _text(paragraph, dropped, references)
        carried = ""
        if paragraph.find(f"{W}pPr/{W}rPr/{dropped}") is not None:
            assert text == "", f"a paragraph whose mark goes keeps text: {text!r}"
            carried = text
            continue
        texts.append(text)
    assert carried == ""
    return texts


def _text(element: etree._Element, dropped: str, references: list[str]) -> str:
    parts: list[str] = []
    for child in element:
        tag = child.tag
        if tag == dropped or tag == f"{W}pPr":
            continue
        if tag in (f"{W}t", f"{W}delText"):
            parts.append(child.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag == f"{W}br":
            parts.append("\n")
        elif tag == f"{W}footnoteReference":
            references.append(child.get(f"{W}id"))
            parts.append("[note]")
        elif tag == f"{W}footnoteRef":
            parts.append("[mark]")
        else:
            parts.append(_text(child, dropped, references))
    return "".join(parts)
