"""The Word redline: real tracked changes, in the places and the order Word expects."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from lxml import etree

from csp_draft.compare.align import compare_markdown
from csp_draft.errors import CspDraftError, UsageError
from csp_draft.writers.docx.ooxml import (
    PARA_RPR_ORDER,
    PPR_ORDER,
    RPR_ORDER,
    SECTPR_ORDER,
    TRPR_ORDER,
)
from csp_draft.writers.docx.redline import build_redline_docx, revision_date
from csp_draft.writers.docx.write import build_docx
from tests.compare.revisions import docx_texts

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
NS = {"w": W_NS}
DATE = "2026-11-23T10:00:00Z"
HEAD = "---\ntitle: Resolution of the Forum\nlang: en\ndate: 2026-11-23\n---\n\n"
OLD = HEAD + """\
# Recommendations

1. Free the defenders held in Minsk.[^1]

2. Repeal the law on foreign agents.[^2]

3. Admit observers before every election.

| Country | Prisoners |
|---|---|
| Belarus | 1,200 |

[^1]: ICCPR, art. 9.

[^2]: ICCPR, art. 22.
"""
NEW = HEAD.replace("Forum", "Conference") + """\
# Recommendations

1. Free the defenders held in Minsk and Grodno.[^1]

2. Stop blocking websites.[^2]

3. Repeal the law on foreign agents.[^3]

4. Admit observers before every election.

| Country | Prisoners |
|---|---|
| Belarus | 1,300 |

[^1]: ICCPR, arts. 9 and 14.

[^2]: ICCPR, art. 19.

[^3]: ICCPR, art. 22.
"""


def redline(old: str = OLD, new: str = NEW) -> bytes:
    return build_redline_docx(compare_markdown(old, new), author="Test Coalition", date=DATE)


def parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                if name.endswith(".xml") and name.startswith("word/")}


def paragraph(root: etree._Element, text: str) -> etree._Element:
    for p in root.iter(f"{W}p"):
        if text in "".join(p.itertext()):
            return p
    raise AssertionError(f"no paragraph with {text!r}")


def test_accepting_gives_the_new_export_and_rejecting_the_old() -> None:
    data = redline()
    assert docx_texts(data, accept=True) == docx_texts(build_docx(NEW))
    assert docx_texts(data, accept=False) == docx_texts(build_docx(OLD))


def test_changes_carry_author_date_and_ids_unique_in_the_document() -> None:
    roots = parts(redline())
    marks = [m for root in roots.values() for m in root.iter(f"{W}ins", f"{W}del")]
    assert len(marks) > 8
    assert {m.get(f"{W}author") for m in marks} == {"Test Coalition"}
    assert {m.get(f"{W}date") for m in marks} == {DATE}
    ids = [m.get(f"{W}id") for m in marks]
    assert len(ids) == len(set(ids))


def test_changed_words_are_tracked_inside_their_paragraph() -> None:
    body = parts(redline())["word/document.xml"]
    kept = paragraph(body, "Free the defenders")
    inserted = "".join(t.text for t in kept.findall("w:ins/w:r/w:t", NS))
    assert inserted == " and Grodno"
    assert kept.find("w:pPr/w:rPr", NS) is None  # the paragraph itself stays
    assert kept.find("w:pPr/w:numPr", NS) is not None


def test_a_wholly_inserted_item_marks_its_paragraph_mark_and_joins_the_list() -> None:
    body = parts(redline())["word/document.xml"]
    added = paragraph(body, "Stop blocking websites.")
    assert added.find("w:pPr/w:rPr/w:ins", NS) is not None
    assert all(child.tag in (f"{W}pPr", f"{W}ins") for child in added)
    num_ids = {p.find("w:pPr/w:numPr/w:numId", NS).get(f"{W}val")
               for p in body.iter(f"{W}p") if p.find("w:pPr/w:numPr", NS) is not None}
    assert len(num_ids) == 1  # one list, numbered by Word


def test_deleted_text_is_del_text_inside_w_del_only() -> None:
    data = redline(NEW, OLD)
    for root in parts(data).values():
        for deleted in root.iter(f"{W}del"):
            if deleted.getparent().tag == f"{W}rPr" or deleted.getparent().tag == f"{W}trPr":
                continue
            assert not deleted.findall(".//w:t", NS)
            assert all(child.tag == f"{W}r" for child in deleted)
        for text in root.iter(f"{W}delText"):
            assert any(a.tag == f"{W}del" for a in text.iterancestors())
    body = parts(data)["word/document.xml"]
    removed = paragraph(body, "Stop blocking websites.")
    assert removed.find("w:pPr/w:rPr/w:del", NS) is not None


def test_a_footnote_whose_text_changed_is_tracked_inside_the_footnote() -> None:
    roots = parts(redline())
    body, notes = roots["word/document.xml"], roots["word/footnotes.xml"]
    first = paragraph(body, "Free the defenders")
    reference = first.find(".//w:footnoteReference", NS)
    assert reference.getparent().getparent() is first  # a kept reference, not in w:ins
    note = notes.find(f"w:footnote[@w:id='{reference.get(f'{W}id')}']", NS)
    assert "".join(t.text for t in note.findall("w:p/w:del/w:r/w:delText", NS)) == "art"
    assert "".join(t.text for t in note.findall("w:p/w:ins/w:r/w:t", NS)) == "arts and 14"
    assert note.find("w:p/w:pPr/w:rPr", NS) is None  # the note's paragraph itself stays


def test_an_added_footnote_reference_is_inserted_with_its_note() -> None:
    roots = parts(redline())
    body, notes = roots["word/document.xml"], roots["word/footnotes.xml"]
    added = paragraph(body, "Stop blocking websites.")
    reference = added.find("w:ins/w:r/w:footnoteReference", NS)
    assert reference is not None
    note = notes.find(f"w:footnote[@w:id='{reference.get(f'{W}id')}']", NS)
    note_paragraph = note.find("w:p", NS)
    assert note_paragraph.find("w:pPr/w:rPr/w:ins", NS) is not None
    assert note_paragraph.find("w:ins/w:r/w:footnoteRef", NS) is not None


def test_the_title_change_is_tracked_in_the_title_paragraph() -> None:
    body = parts(redline())["word/document.xml"]
    title = body.find("w:body/w:p", NS)
    assert title.find("w:pPr/w:pStyle", NS).get(f"{W}val") == "Title"
    assert [t.text for t in title.findall("w:del/w:r/w:delText", NS)] == ["Forum"]
    assert [t.text for t in title.findall("w:ins/w:r/w:t", NS)] == ["Conference"]


def test_a_changed_table_is_deleted_and_inserted_row_by_row() -> None:
    body = parts(redline())["word/document.xml"]
    tables = body.findall(".//w:tbl", NS)
    assert len(tables) == 2
    assert all(row.find("w:trPr/w:del", NS) is not None for row in tables[0].findall("w:tr", NS))
    assert all(row.find("w:trPr/w:ins", NS) is not None for row in tables[1].findall("w:tr", NS))


def test_child_elements_follow_the_schema_order() -> None:
    orders = {"pPr": PPR_ORDER, "rPr": RPR_ORDER, "trPr": TRPR_ORDER, "sectPr": SECTPR_ORDER}
    for data in (redline(), redline(NEW, OLD)):
        for name, root in parts(data).items():
            for tag, order in orders.items():
                for element in root.iter(f"{W}{tag}"):
                    mark = tag == "rPr" and element.getparent().tag == f"{W}pPr"
                    expected = PARA_RPR_ORDER if mark else order  # a paragraph mark's rPr
                    children = [etree.QName(c).localname for c in element]
                    ranks = [expected.index(c) for c in children]
                    assert ranks == sorted(ranks), (name, tag, children)
            for p in root.iter(f"{W}p"):
                properties = p.findall("w:pPr", NS)
                assert not properties or p[0] is properties[0], name  # pPr comes first


def test_python_docx_opens_it() -> None:
    document = docx.Document(io.BytesIO(redline()))
    assert document.paragraphs[0].style.name == "Title"


def test_reproducible_under_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert revision_date() == "2026-01-01T00:00:00Z"
    result = compare_markdown(OLD, NEW)
    first = build_redline_docx(result, author="A", date=revision_date())
    second = build_redline_docx(compare_markdown(OLD, NEW), author="A", date=revision_date())
    assert first == second


def test_revision_dates() -> None:
    assert revision_date("2026-11-23") == "2026-11-23T00:00:00Z"
    assert revision_date("2026-11-23T12:30:00+02:00") == "2026-11-23T10:30:00Z"
    assert revision_date("2026-11-23T12:30:05.123456") == "2026-11-23T12:30:05Z"
    with pytest.raises(UsageError, match="not an ISO 8601 date"):
        revision_date("yesterday")


def test_a_bad_source_date_epoch_is_a_user_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(CspDraftError, match="SOURCE_DATE_EPOCH"):
        revision_date()


def test_an_item_whose_first_block_changed_keeps_a_number_in_both_versions() -> None:
    old = HEAD + "1. Free the defenders.\n\n2. Repeal the law.\n"
    new = HEAD + "1. - Free the defenders\n   - and the journalists\n\n2. Repeal the law.\n"
    data = redline(old, new)
    assert docx_texts(data, accept=True) == docx_texts(build_docx(new))
    assert docx_texts(data, accept=False) == docx_texts(build_docx(old))
