"""The DOCX writer, checked by reopening its output with python-docx and reading the XML."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from csp_draft.errors import CspDraftError, UsageError
from csp_draft.writers.docx import reference as reference_module
from csp_draft.writers.docx.ooxml import PPR_ORDER, RPR_ORDER, SECTPR_ORDER, SETTINGS_ORDER
from csp_draft.writers.docx.write import build_docx
from csp_draft.writers.formats import write_output

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def open_docx(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def export(markdown: str, tmp_path: Path, **kwargs: Path) -> DocxDocument:
    out = tmp_path / "out.docx"
    write_output(markdown, "docx", out, **kwargs)
    return docx.Document(str(out))


def num_pr(paragraph: Paragraph) -> tuple[int, int] | None:
    """(numId, ilvl) of a numbered paragraph."""
    found = paragraph._p.find("w:pPr/w:numPr", NS)
    if found is None:
        return None
    num_id = found.find("w:numId", NS).get(qn("w:val"))
    ilvl = found.find("w:ilvl", NS).get(qn("w:val"))
    return int(num_id), int(ilvl)


def numbering_root(document: DocxDocument) -> etree._Element:
    return document.part.numbering_part.element


def abstract_of(document: DocxDocument, num_id: int) -> etree._Element:
    root = numbering_root(document)
    num = root.find(f"w:num[@w:numId='{num_id}']", NS)
    abstract_id = num.find("w:abstractNumId", NS).get(qn("w:val"))
    return root.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", NS)


def start_override(document: DocxDocument, num_id: int) -> tuple[int, int]:
    """(ilvl, start) of a num's restart."""
    num = numbering_root(document).find(f"w:num[@w:numId='{num_id}']", NS)
    override = num.find("w:lvlOverride", NS)
    start = override.find("w:startOverride", NS).get(qn("w:val"))
    return int(override.get(qn("w:ilvl"))), int(start)


def level(abstract: etree._Element, ilvl: int) -> tuple[str, str]:
    lvl = abstract.find(f"w:lvl[@w:ilvl='{ilvl}']", NS)
    return lvl.find("w:numFmt", NS).get(qn("w:val")), lvl.find("w:lvlText", NS).get(qn("w:val"))


def part_xml(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def by_text(document: DocxDocument, start: str) -> Paragraph:
    return next(p for p in document.paragraphs if p.text.startswith(start))


# -- styles and text ---------------------------------------------------------------------


def test_title_subtitle_headings_body_and_quote_styles(resolution: str, tmp_path: Path) -> None:
    document = export(resolution, tmp_path)
    paragraphs = document.paragraphs
    assert (paragraphs[0].style.name, paragraphs[0].text) == ("Title", "Resolution on Civic Space")
    assert paragraphs[1].style.name == "Subtitle"
    assert paragraphs[1].text == "Adopted at the Civil Society Forum"
    assert by_text(document, "Preamble").style.name == "Heading 1"
    assert by_text(document, "Recalling").style.name == "Body Text"
    assert by_text(document, "Everyone has").style.name == "Quote"
    assert by_text(document, "Recommendation number 1 ").style.name == "Body Text"


def test_heading_levels_map_to_heading_1_to_3(tmp_path: Path) -> None:
    markdown = "---\ntitle: T\n---\n\n# One\n\n## Two\n\n### Three\n\n#### Four\n"
    names = [p.style.name for p in export(markdown, tmp_path).paragraphs[1:]]
    assert names == ["Heading 1", "Heading 2", "Heading 3", "Heading 3"]


def test_bold_italic_and_hard_line_break(tmp_path: Path) -> None:
    markdown = "---\ntitle: T\n---\n\nPlain **bold** and *italic* and ***both***\\\nnext line\n"
    paragraph = export(markdown, tmp_path).paragraphs[1]
    runs = [(run.text, bool(run.bold), bool(run.italic)) for run in paragraph.runs if run.text]
    assert ("bold", True, False) in runs
    assert ("italic", False, True) in runs
    assert ("both", True, True) in runs
    assert paragraph._p.findall(".//w:br", NS)
    assert paragraph.text.endswith("\nnext line")


def test_neighbouring_text_with_the_same_formatting_is_one_run(tmp_path: Path) -> None:
    paragraph = export("A plain sentence, with some & signs < >.\n", tmp_path).paragraphs[0]
    assert [run.text for run in paragraph.runs] == ["A plain sentence, with some & signs < >."]


def test_characters_xml_cannot_carry_are_dropped(tmp_path: Path) -> None:
    document = export("Pasted\x0bfrom\x0cWord\n", tmp_path)
    assert document.paragraphs[0].text == "PastedfromWord"


def test_no_typed_numbers_in_numbered_paragraphs(resolution: str, tmp_path: Path) -> None:
    document = export(resolution, tmp_path)
    numbered = [p for p in document.paragraphs if num_pr(p)]
    assert len(numbered) == 26
    assert not [p.text for p in numbered if re.match(r"\s*(\d+[.)]|[-•])", p.text)]


# -- numbering ---------------------------------------------------------------------------


def test_recommendations_share_one_list_and_the_bullets_stay_under_item_7(
    resolution: str, tmp_path: Path
) -> None:
    document = export(resolution, tmp_path)
    items = [by_text(document, f"Recommendation number {n} ") for n in (1, 2, 3, 4, 5, 6, 8, 9, 10)]
    seventh = by_text(document, "Urges the authorities")
    main_num = num_pr(items[0])
    assert main_num is not None and main_num[1] == 0
    assert {num_pr(p) for p in [*items, seventh]} == {main_num}
    assert start_override(document, main_num[0]) == (0, 1)
    assert level(abstract_of(document, main_num[0]), 0) == ("decimal", "%1.")

    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Urges the"))
    bullets = paragraphs[start + 1 : start + 17]
    expected = [f"Demand number {n} of the coalition" for n in range(1, 17)]
    assert [p.text for p in bullets] == expected
    bullet_nums = {num_pr(p) for p in bullets}
    assert len(bullet_nums) == 1
    bullet_num_id, bullet_level = bullet_nums.pop()
    assert bullet_level == 1
    assert bullet_num_id != main_num[0]
    assert level(abstract_of(document, bullet_num_id), 1)[0] == "bullet"
    assert paragraphs[start + 17].text.startswith("Recommendation number 8")


def test_every_list_restarts_and_keeps_its_start_number(tmp_path: Path) -> None:
    markdown = "1. a\n2. b\n\nBetween.\n\n1. c\n2. d\n\nAgain.\n\n3. e\n4. f\n\n- x\n- y\n"
    document = export(markdown, tmp_path)
    nums = [num_pr(by_text(document, text)) for text in "acex"]
    assert len({num for num, _ in nums}) == 4
    assert [start_override(document, num) for num, _ in nums] == [(0, 1), (0, 1), (0, 3), (0, 1)]
    decimal = abstract_of(document, nums[0][0])
    assert abstract_of(document, nums[1][0]) is not None
    assert level(decimal, 0) == ("decimal", "%1.")
    assert level(decimal, 1) == ("lowerLetter", "%2)")
    assert level(decimal, 2)[0] == "lowerRoman"
    bullets = abstract_of(document, nums[3][0])
    assert level(bullets, 0)[0] == "bullet"
    root = numbering_root(document)
    tags = [etree.QName(child).localname for child in root]
    assert tags.index("num") > max(i for i, tag in enumerate(tags) if tag == "abstractNum")


def test_nested_ordered_lists_continue_the_parent_num_on_deeper_levels(tmp_path: Path) -> None:
    markdown = (
        "1. first\n"
        "   1. sub a\n"
        "   2. sub b\n"
        "      1. deep i\n"
        "2. second\n"
        "   1. again a\n"
    )
    document = export(markdown, tmp_path)
    first = num_pr(by_text(document, "first"))
    assert first is not None
    assert num_pr(by_text(document, "sub a")) == (first[0], 1)
    assert num_pr(by_text(document, "sub b")) == (first[0], 1)
    assert num_pr(by_text(document, "deep i")) == (first[0], 2)
    assert num_pr(by_text(document, "second")) == (first[0], 0)
    # Level 1 restarts under each level-0 item by itself (w:lvlRestart's default).
    assert num_pr(by_text(document, "again a")) == (first[0], 1)


def test_an_ordered_list_inside_bullets_gets_its_own_numbered_num(tmp_path: Path) -> None:
    markdown = "- point\n\n  3. sub three\n  4. sub four\n"
    document = export(markdown, tmp_path)
    point = num_pr(by_text(document, "point"))
    sub = num_pr(by_text(document, "sub three"))
    assert point is not None and sub is not None
    assert sub[0] != point[0] and sub[1] == 1
    assert start_override(document, sub[0]) == (1, 3)
    assert level(abstract_of(document, sub[0]), 1)[0] == "lowerLetter"


def test_an_items_second_paragraph_is_indented_not_numbered(tmp_path: Path) -> None:
    markdown = "1. First paragraph.\n\n   Second paragraph of the item.\n\n2. Next item.\n"
    document = export(markdown, tmp_path)
    second = by_text(document, "Second paragraph")
    assert num_pr(second) is None
    assert second.paragraph_format.left_indent is not None
    assert num_pr(by_text(document, "Next item")) == num_pr(by_text(document, "First"))


def test_an_item_that_starts_with_a_sublist_still_shows_its_number(tmp_path: Path) -> None:
    document = export("1. - nested first\n2. plain\n", tmp_path)
    numbered = [(p.text, num_pr(p)) for p in document.paragraphs if num_pr(p)]
    assert numbered[0][0] == "" and numbered[0][1][1] == 0
    assert numbered[1] == ("nested first", (numbered[1][1][0], 1))


def test_tight_list_items_are_compact_except_the_last(tmp_path: Path) -> None:
    document = export("- one\n- two\n- three\n\nAfter.\n", tmp_path)
    spacing = [by_text(document, t).paragraph_format.space_after for t in ("one", "two", "three")]
    assert spacing[0] == spacing[1] == Pt(3)
    assert spacing[2] is None


# -- footnotes ---------------------------------------------------------------------------


def test_footnotes_are_real_word_footnotes(resolution: str) -> None:
    data = build_docx(resolution)
    document = open_docx(data)
    body_refs = document.element.body.findall(".//w:footnoteReference", NS)
    assert [ref.get(qn("w:id")) for ref in body_refs] == ["1", "2"]
    for ref in body_refs:
        style = ref.getparent().find("w:rPr/w:rStyle", NS).get(qn("w:val"))
        assert document.styles.get_by_id(style, docx.enum.style.WD_STYLE_TYPE.CHARACTER).name == (
            "footnote reference"
        )
    assert "[1]" not in document.element.body.xpath("string(.)")

    notes = part_xml(data, "word/footnotes.xml")
    entries = {note.get(qn("w:id")): note for note in notes.findall("w:footnote", NS)}
    assert entries["-1"].get(qn("w:type")) == "separator"
    assert entries["0"].get(qn("w:type")) == "continuationSeparator"
    first = entries["1"]
    assert first.find("w:p/w:pPr/w:pStyle", NS).get(qn("w:val")) == "FootnoteText"
    assert first.find("w:p/w:r/w:footnoteRef", NS) is not None
    assert "Final Act, Helsinki, 1975." in first.xpath("string(.)")
    assert "Demands collected" in entries["2"].xpath("string(.)")

    settings = part_xml(data, "word/settings.xml")
    pr_ids = [n.get(qn("w:id")) for n in settings.findall("w:footnotePr/w:footnote", NS)]
    assert pr_ids == ["-1", "0"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert 'PartName="/word/footnotes.xml"' in types
    assert "wordprocessingml.footnotes+xml" in types
    assert "relationships/footnotes" in rels
    names = {style.name for style in document.styles}
    assert {"footnote text", "footnote reference"} <= names


def test_a_note_cited_twice_gets_two_footnotes_and_notes_with_several_paragraphs(
    tmp_path: Path,
) -> None:
    markdown = "A[^a] and B[^a].\n\n[^a]: First para.\n\n    Second para.\n"
    data = build_docx(markdown)
    notes = part_xml(data, "word/footnotes.xml").findall("w:footnote", NS)
    real = [n for n in notes if n.get(qn("w:type")) is None]
    assert [n.get(qn("w:id")) for n in real] == ["1", "2"]
    for note in real:
        assert [p.xpath("string(.)") for p in note.findall("w:p", NS)] == [
            " First para.", "Second para."
        ]


def test_no_footnotes_part_without_footnotes(tmp_path: Path) -> None:
    data = build_docx("Just text.\n")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "word/footnotes.xml" not in archive.namelist()
    assert part_xml(data, "word/settings.xml").find("w:footnotePr", NS) is None


# -- links and tables --------------------------------------------------------------------


def test_links_are_hyperlinks_with_the_hyperlink_style(resolution: str) -> None:
    document = open_docx(build_docx(resolution))
    links = document.element.body.findall(".//w:hyperlink", NS)
    assert len(links) == 1
    rel = document.part.rels[links[0].get(qn("r:id"))]
    assert rel.is_external
    assert rel.reltype == RT_HYPERLINK
    assert rel.target_ref == "https://www.osce.org/odihr/report?id=1&lang=en"
    style = links[0].find("w:r/w:rPr/w:rStyle", NS).get(qn("w:val"))
    assert style == "Hyperlink"
    assert links[0].xpath("string(.)") == "report"


@pytest.mark.parametrize(
    "href", ["ftp://example.org/x", "tel:+123", "JAVASCRIPT:alert(1)", "java%0ascript:alert(1)"]
)
def test_links_with_other_schemes_are_plain_text(href: str) -> None:
    document = open_docx(build_docx(f"See [the text]({href}) here.\n"))
    assert not document.element.body.findall(".//w:hyperlink", NS)
    assert "the text" in document.paragraphs[0].text
    assert not [r for r in document.part.rels.values() if r.reltype == RT_HYPERLINK]


def test_a_link_in_a_footnote_is_related_from_the_footnotes_part() -> None:
    data = build_docx("Text[^1].\n\n[^1]: See <https://example.org/a>.\n")
    notes = part_xml(data, "word/footnotes.xml")
    link = notes.find(".//w:hyperlink", NS)
    rels = part_xml(data, "word/_rels/footnotes.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    assert targets[link.get(qn("r:id"))] == "https://example.org/a"


def test_tables_become_word_tables(tmp_path: Path) -> None:
    markdown = "| Country | Cases |\n|:--|--:|\n| Belarus | 12 |\n| Russia | **3** |\n"
    document = export(markdown, tmp_path)
    table = document.tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Country", "Cases"], ["Belarus", "12"], ["Russia", "3"]
    ]
    assert table.style.name == "Table Grid"
    header = table.rows[0]
    assert header._tr.find("w:trPr/w:tblHeader", NS) is not None
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right
    assert table.rows[2].cells[1].paragraphs[0].runs[0].bold


# -- properties, language, page ----------------------------------------------------------


def test_core_properties_come_from_the_front_matter(resolution: str) -> None:
    properties = open_docx(build_docx(resolution)).core_properties
    assert properties.title == "Resolution on Civic Space"
    assert properties.subject == "Resolution"
    assert properties.author == "Civic Solidarity Coalition"
    assert properties.keywords == "civic space, defenders"
    assert properties.language == "en"
    expected = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    assert properties.created == expected
    assert properties.modified == expected
    assert properties.revision == 1


def test_source_date_epoch_wins_over_the_front_matter_date(
    resolution: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    properties = open_docx(build_docx(resolution)).core_properties
    assert properties.created == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_a_bad_source_date_epoch_is_a_user_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(CspDraftError, match="SOURCE_DATE_EPOCH"):
        build_docx("Text.\n")


def test_two_exports_of_one_draft_are_byte_identical(resolution: str, tmp_path: Path) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    write_output(resolution, "docx", first)
    write_output(resolution, "docx", second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 23, 0, 0, 0)}


@pytest.mark.parametrize("date", ["1970-01-01", "2200-06-30"])
def test_dates_outside_what_zip_can_hold_still_export(date: str) -> None:
    properties = open_docx(build_docx(f"---\ndate: {date}\n---\n\nText.\n")).core_properties
    assert properties.created.date().isoformat() == date


def test_exports_without_a_date_are_identical_under_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    markdown = "---\ntitle: Undated\n---\n\nText.\n"
    assert build_docx(markdown) == build_docx(markdown)


def test_cyrillic_text_language_and_fonts(make_resolution: Callable[..., str]) -> None:
    markdown = make_resolution(lang="ru").replace(
        "Recommendation number 3 of the Forum.",
        "Освободить всех правозащитников, лишённых свободы за свою деятельность.",
    )
    data = build_docx(markdown)
    document = open_docx(data)
    assert "Освободить всех правозащитников" in "\n".join(p.text for p in document.paragraphs)
    rpr = part_xml(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    lang = rpr.find("w:lang", NS)
    assert lang.get(qn("w:val")) == "ru-RU"
    assert lang.get(qn("w:eastAsia")) == "en-US"
    assert lang.get(qn("w:bidi")) == "ar-SA"
    fonts = rpr.find("w:rFonts", NS)
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs")} == {"Times New Roman"}
    assert fonts.get(qn("w:eastAsia")) is None
    assert document.core_properties.language == "ru"


def test_a_bad_language_tag_is_a_user_error() -> None:
    with pytest.raises(CspDraftError, match="language tag"):
        build_docx('---\nlang: "en\\" onload=x"\n---\n\nText.\n')


def test_page_numbers_in_a_centred_footer_on_a4(resolution: str, tmp_path: Path) -> None:
    document = export(resolution, tmp_path)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer
    assert not footer.is_linked_to_previous
    paragraph = footer.paragraphs[0]
    assert paragraph.alignment == 1  # centre
    field = paragraph._p.find("w:fldSimple", NS)
    assert field.get(qn("w:instr")).strip() == "PAGE"


def test_child_elements_follow_the_schema_order(resolution: str) -> None:
    markdown = resolution + "\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n- one\n- two\n\n1. x\n\n   y\n"
    data = build_docx(markdown)
    orders = {"pPr": PPR_ORDER, "rPr": RPR_ORDER, "sectPr": SECTPR_ORDER}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
        for name in names:
            root = etree.fromstring(archive.read(name))
            for tag, order in orders.items():
                for element in root.iter(f"{{{W_NS}}}{tag}"):
                    children = [etree.QName(c).localname for c in element]
                    ranks = [order.index(c) for c in children]
                    assert ranks == sorted(ranks), (name, tag, children)
    settings = [etree.QName(c).localname for c in part_xml(data, "word/settings.xml")]
    ranks = [SETTINGS_ORDER.index(c) for c in settings]
    assert ranks == sorted(ranks)


def test_raw_html_is_text_not_markup(tmp_path: Path) -> None:
    document = export("<div>block</div>\n\nInline <b>tag</b>.\n", tmp_path)
    assert [p.text for p in document.paragraphs] == ["<div>block</div>", "Inline <b>tag</b>."]


# -- reference documents ------------------------------------------------------------------


def make_reference(tmp_path: Path, *, with_footer: bool = False) -> Path:
    """A letterhead: Letter paper, a header, a coloured Heading 1, some old body text."""
    reference = docx.Document()
    section = reference.sections[0]
    section.page_width, section.page_height = Mm(216), Mm(279)
    section.header.paragraphs[0].text = "COALITION LETTERHEAD"
    if with_footer:
        section.footer.paragraphs[0].text = "Our own footer"
    reference.styles["Heading 1"].font.color.rgb = docx.shared.RGBColor(0x80, 0, 0)
    reference.add_paragraph("OLD BODY TEXT that must not survive")
    reference.add_paragraph("A second old paragraph", style="List Number")
    reference.core_properties.author = "Jane Secretary"
    reference.core_properties.comments = "internal note"
    path = tmp_path / "letterhead.docx"
    reference.save(str(path))
    return path


def test_a_reference_docx_gives_styles_page_set_up_and_header(
    resolution: str, tmp_path: Path
) -> None:
    reference = make_reference(tmp_path)
    document = export(resolution, tmp_path, reference_docx=reference)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "OLD BODY TEXT" not in text
    assert "A second old paragraph" not in text
    section = document.sections[0]
    assert round(section.page_width.mm) == 216
    assert section.header.paragraphs[0].text == "COALITION LETTERHEAD"
    heading = by_text(document, "Preamble")
    assert heading.style.name == "Heading 1"
    assert heading.style.font.color.rgb == docx.shared.RGBColor(0x80, 0, 0)
    assert by_text(document, "Everyone has").style.name == "Quote"
    names = {style.name for style in document.styles}
    assert {"footnote text", "footnote reference", "Hyperlink", "Body Text"} <= names
    field = section.footer.paragraphs[0]._p.find("w:fldSimple", NS)
    assert field is not None
    properties = document.core_properties
    assert properties.author == "Civic Solidarity Coalition"
    assert properties.comments == ""
    numbered = [num_pr(p) for p in document.paragraphs if num_pr(p)]
    assert len(numbered) == 26
    assert len(document.element.body.findall(".//w:footnoteReference", NS)) == 2


def test_a_reference_footer_is_kept_instead_of_page_numbers(
    resolution: str, tmp_path: Path
) -> None:
    reference = make_reference(tmp_path, with_footer=True)
    document = export(resolution, tmp_path, reference_docx=reference)
    footer = document.sections[0].footer
    assert footer.paragraphs[0].text == "Our own footer"
    assert footer.paragraphs[0]._p.find("w:fldSimple", NS) is None


def test_reference_exports_are_byte_identical_too(resolution: str, tmp_path: Path) -> None:
    reference = make_reference(tmp_path)
    assert build_docx(resolution, reference_docx=reference) == build_docx(
        resolution, reference_docx=reference
    )


def test_the_reference_thumbnail_and_unused_parts_are_dropped(
    resolution: str, tmp_path: Path
) -> None:
    data = build_docx(resolution, reference_docx=make_reference(tmp_path))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    assert not [n for n in names if "thumbnail" in n]
    assert "word/footnotes.xml" in names


def png(red: int) -> bytes:
    """A valid 1x1 PNG of one colour (python-docx reads the size from the header)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, 0, 0]))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(
        b"IEND", b""
    )


def test_the_letterhead_image_stays_and_the_old_body_content_goes(
    resolution: str, tmp_path: Path
) -> None:
    reference = docx.Document()
    reference.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(png(200)))
    body_run = reference.add_paragraph("Old body with a comment and a photo").runs[0]
    reference.add_comment(body_run, text="Confidential remark", author="Jane Secretary")
    reference.add_picture(io.BytesIO(png(10)))
    path = tmp_path / "letterhead.docx"
    reference.save(str(path))
    with zipfile.ZipFile(path) as archive:
        before = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(before) == 2

    data = build_docx(resolution, reference_docx=path)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        media = [n for n in names if n.startswith("word/media/")]
        assert len(media) == 1
        assert archive.read(media[0]) == png(200)
        everything = b"".join(archive.read(n) for n in names)
    assert not [n for n in names if "comments" in n]
    assert b"Confidential remark" not in everything
    assert b"Jane Secretary" not in everything
    assert b"Old body" not in everything
    document = open_docx(data)
    assert document.sections[0].header.paragraphs[0]._p.findall(".//w:drawing", NS)


def test_a_reference_that_is_not_a_docx_is_a_user_error(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.docx"
    text_file.write_text("not a zip")
    with pytest.raises(CspDraftError, match=r"not a \.docx file") as caught:
        build_docx("Text.\n", reference_docx=text_file)
    assert caught.value.hint
    other_zip = tmp_path / "other.docx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(CspDraftError, match="not a Word document"):
        build_docx("Text.\n", reference_docx=other_zip)


def test_a_spreadsheet_is_not_a_reference_document(tmp_path: Path) -> None:
    sheet = tmp_path / "book.docx"
    with zipfile.ZipFile(sheet, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(CspDraftError, match="not a Word document"):
        build_docx("Text.\n", reference_docx=sheet)


def test_a_reference_with_a_dtd_is_refused(tmp_path: Path) -> None:
    source = make_reference(tmp_path)
    hostile = tmp_path / "hostile.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(hostile, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "word/styles.xml":
                data = data.replace(
                    b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', 1
                )
            new.writestr(info, data)
    with pytest.raises(CspDraftError, match="DTD"):
        build_docx("Text.\n", reference_docx=hostile)


def test_a_reference_that_is_too_large_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reference_module, "MAX_REFERENCE_BYTES", 1000)
    with pytest.raises(CspDraftError, match="too large"):
        build_docx("Text.\n", reference_docx=make_reference(tmp_path))


def test_a_missing_reference_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(CspDraftError, match="no such file"):
        build_docx("Text.\n", reference_docx=tmp_path / "missing.docx")


# -- dispatch ----------------------------------------------------------------------------


def test_markdown_is_written_as_is(resolution: str, tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    write_output(resolution, "md", out)
    assert out.read_text(encoding="utf-8") == resolution


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown output format"):
        write_output("Text.\n", "odt", tmp_path / "out.odt")


def test_five_thousand_paragraphs_export(tmp_path: Path) -> None:
    """Large drafts work (the timing is measured in bench/docx_vs_pandoc.py)."""
    lines = ["---", "title: Long", "---", ""]
    notes = []
    for index in range(5000):
        if index % 10 == 0:
            lines += [f"## Part {index}", ""]
            notes.append(f"[^{index}]: Note {index}.")
            lines.append(f"1. **Bold** paragraph {index}[^{index}].")
        else:
            lines.append(f"{index % 10 + 1}. Paragraph {index}.")
        if index % 10 == 9:
            lines.append("")
    document = open_docx(build_docx("\n".join([*lines, "", *notes, ""])))
    assert len(document.paragraphs) == 5501
    assert len(document.element.body.findall(".//w:footnoteReference", NS)) == 500


# -- any Markdown ------------------------------------------------------------------------

_PIECES = [
    "# Heading", "## Sub", "1. one", "2. two", "   1. nested", "      - deeper", "- bullet",
    "   - sub bullet", "7. seven", "> quoted", "> - quoted item", "| a | b |\n|---|--:|\n| 1 | 2 |",
    "Text **bold** *it* [link](https://example.org/?a=1&b=2) and `code`", "Ref[^n].",
    "[^n]: The note with [a link](mailto:x@example.org).", "Inline^[an inline note].",
    "\ttabbed\tcell", "bad\x0bchar\x00s", "<b>raw</b> & <script>x</script>", "***",
    "```\ncode\n  block\n```", "    indented code", "[js](javascript:alert(1))", "",
    "line one\\", "Кириллица и «кавычки»", "1. - starts with a sublist",
]


@settings(max_examples=60, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_PIECES) | st.text(max_size=30), max_size=30),
    lang=st.sampled_from(["en", "ru", "ar"]),
)
def test_any_markdown_gives_a_consistent_package(pieces: list[str], lang: str) -> None:
    markdown = f"---\ntitle: Fuzz\nlang: {lang}\n---\n\n" + "\n".join(pieces) + "\n"
    data = build_docx(markdown)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    roots = {name: etree.fromstring(blob) for name, blob in parts.items()}
    document = roots["word/document.xml"]
    footnotes = roots.get("word/footnotes.xml")
    numbering = roots.get("word/numbering.xml")
    num_ids = set() if numbering is None else {
        n.get(qn("w:numId")) for n in numbering.findall("w:num", NS)
    }
    assert {n.get(qn("w:val")) for n in document.iter(qn("w:numId"))} <= num_ids
    note_ids = set() if footnotes is None else {
        n.get(qn("w:id")) for n in footnotes.findall("w:footnote", NS)
    }
    assert {n.get(qn("w:id")) for n in document.iter(qn("w:footnoteReference"))} <= note_ids
    for part, rels_name in (("word/document.xml", "word/_rels/document.xml.rels"),
                            ("word/footnotes.xml", "word/_rels/footnotes.xml.rels")):
        if part not in roots:
            continue
        rel_ids = {r.get("Id") for r in roots[rels_name]} if rels_name in roots else set()
        used = {link.get(qn("r:id")) for link in roots[part].iter(qn("w:hyperlink"))}
        assert used <= rel_ids
    for element in document.iter(qn("w:pPr")):
        ranks = [PPR_ORDER.index(etree.QName(c).localname) for c in element]
        assert ranks == sorted(ranks)
    open_docx(data)
