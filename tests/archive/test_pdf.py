"""`csp-draft import` of PDFs: what the place of every word on the page gives back."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from csp_draft.archive.pdf_layout import parse_layout
from csp_draft.drafts.read import read_draft
from csp_draft.writers import pdf as pdf_writer

pytestmark = pytest.mark.slow  # LibreOffice writes the PDFs


def _export_pdf(cli, tmp_path: Path, example: str, lang: str) -> Path:
    original = tmp_path / f"{example}.yaml"
    assert cli("example", example, original).code == 0
    pdf = tmp_path / f"{example}-{lang}.pdf"
    assert cli("export", original, "-f", "pdf", "--lang", lang, "-o", pdf).code == 0
    return pdf


def test_footnotes_labels_headings_and_sub_lists_come_back_from_a_pdf(cli, tmp_path: Path
                                                                      ) -> None:
    pdf = _export_pdf(cli, tmp_path, "minsk-2017", "en")
    result = cli("import", pdf, "-o", tmp_path / "out", "--report", tmp_path / "report.md")
    assert result.code == 0, result.err
    draft = read_draft(tmp_path / "out" / "minsk-2017-en.yaml")
    assert [(section.key, section.heading) for section in draft.sections] == [
        ("preamble", None),
        ("the-human-dimension-in-the", {"en": "The human dimension in the OSCE region"}),
        ("belarus-six-years-after-the",
         {"en": "Belarus: six years after the Moscow Mechanism report"}),
        ("recommendations", None)]  # the kind's own section: its heading from the kind
    protests = draft.sections[2].items[1]  # a free text: its footnote from the page's foot
    assert protests.text["en"].endswith("after hearings that lasted minutes.")
    assert protests.footnote == {"en": "Reports of Belarusian human-rights organisations on "
                                       "the protests of February–March 2017."}
    recommendations = draft.sections[3].items  # "1." ... "10." each alone on its line
    assert [item.clause_id for item in recommendations] == [
        "release-defenders", "decriminalise-defamation", "internet-freedom",
        "repeal-foreign-agent-laws", "abolish-death-penalty", "election-observation",
        "representative-on-defenders", "civil-society-participation",
        "proportionate-restrictions", "minimum-demands"]
    assert [item.addressee for item in recommendations[:2]] == [  # "To the OSCE ...:" above
        "participating-states", "participating-states"]
    assert recommendations[8].addressee == "government-of-belarus"
    demands = recommendations[9].values["demands"].to_python()
    assert (len(demands), demands[0], demands[-1]) == (
        16, {"en": "Release all political prisoners and restore their rights"},
        {"en": "End pressure on independent trade unions"})
    assert [s.organisation for s in draft.signatories][:2] == [
        {"en": "Belarusian Helsinki Committee"}, {"en": "Human Rights Center “Viasna”"}]
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "left out" not in report  # every footnote found its paragraph
    assert ("| preamble.1 | page 1 | clause | resolution-preamble | the clause renders this "
            "paragraph exactly; values: addressed_to, date, event, pa_session, place |") in report


def test_line_breaks_and_web_addresses_of_a_pdf_are_written_as_markdown(cli, tmp_path: Path
                                                                        ) -> None:
    pdf = _export_pdf(cli, tmp_path, "vienna-2025-press-release", "en")
    assert cli("import", pdf, "-o", tmp_path / "out").code == 0
    draft = read_draft(tmp_path / "out" / "vienna-2025-press-release-en.yaml")
    contact = draft.section("contact").items[0]
    assert contact.text == {"en": "Press office, Helsinki Solidarity Vienna\\\n"
                                  "E-mail: press@example.org\\\nTelephone: +43 1 234 5678"}
    notes = [item.footnote for item in draft.section("body").items if item.footnote]
    assert notes[0] == {"en": "Helsinki Final Act, signed on 1 August 1975: "
                              "<https://www.osce.org/helsinki-final-act>"}


def test_a_paragraph_split_by_a_page_end_is_read_as_one(cli, tmp_path: Path) -> None:
    pdf = _export_pdf(cli, tmp_path, "hdim-2017-workshop", "ru")
    assert cli("import", pdf, "-o", tmp_path / "out").code == 0
    draft = read_draft(tmp_path / "out" / "hdim-2017-workshop-ru.yaml")
    texts = [item.text["ru"] for section in draft.sections for item in section.items
             if item.text and item.text["ru"].startswith("Привлекать экспертов")]
    assert len(texts) == 1  # the workshop's last recommendation, one paragraph
    assert not any(item.text and item.text["ru"].startswith("положений")
                   for section in draft.sections for item in section.items)
    assert texts[0].endswith(", в том числе его положений о демократическом контроле над "
                             "вооружёнными силами и силами безопасности.")


def test_a_pdf_without_text_is_refused_with_what_to_do(cli, tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                     b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                     b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
                     b"trailer << /Root 1 0 R >>\n%%EOF\n")
    result = cli("import", scan, "-o", tmp_path / "out")
    assert result.code == 1
    assert result.err.strip() == (
        f"{scan}: error: the PDF has no text layer (a scan?); run it through OCR first, or "
        "import the Word or text version")
    assert not (tmp_path / "out").exists()


def test_the_layout_xml_expands_no_entity_and_loads_nothing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    box = 'xMin="71" yMin="70" xMax="120" yMax="85"'
    data = (f'<!DOCTYPE html [<!ENTITY inner "EXPANDED"><!ENTITY outer SYSTEM '
            f'"file://{secret}">]><html xmlns="http://www.w3.org/1999/xhtml"><body><doc>'
            f'<page width="595" height="842"><flow><block {box}><line {box}>'
            f'<word {box}>Kept</word><word {box}>&inner;</word><word {box}>&outer;</word>'
            f'</line></block></flow></page></doc></body></html>').encode()
    layout = parse_layout(data)
    assert [paragraph.text for paragraph in layout.paragraphs] == ["Kept"]


def test_a_pdf_in_one_type_size_with_typed_labels_is_read_as_plain_text_is(
        cli, tmp_path: Path) -> None:
    source = tmp_path / "statement.txt"
    source.write_text(
        "Joint statement on libel\n\n"
        "We, the undersigned organisations, are deeply concerned about criminal libel laws.\n\n"
        "Recommendations\n\n"
        "1. Decriminalise libel and insult, including the insult of public officials and of "
        "the head of State; leave such disputes to the civil courts, with damages "
        "proportionate to the harm and with truth and the public interest accepted as a "
        "defence.\n\n"
        "2. Something no clause says about the weather in Vienna.\n", encoding="utf-8")
    subprocess.run([pdf_writer.find_soffice(), "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(source)], capture_output=True, check=True, timeout=120,
                   env={**os.environ, "HOME": str(tmp_path)})
    result = cli("import", tmp_path / "statement.pdf", "-o", tmp_path / "out")
    assert result.code == 0, result.err
    draft = read_draft(tmp_path / "out" / "statement.yaml")
    assert draft.title == {"en": "Joint statement on libel"}
    recommendations = draft.sections[-1]
    assert recommendations.heading == {"en": "Recommendations"}  # a short line alone
    assert [(item.clause_id, item.text) for item in recommendations.items] == [
        ("decriminalise-defamation", None),
        (None, {"en": "Something no clause says about the weather in Vienna."})]


def _box(x0: float, y0: float, x1: float, height: float) -> str:
    return f'xMin="{x0}" yMin="{y0}" xMax="{x1}" yMax="{y0 + height}"'


def test_a_footnote_number_glued_to_its_word_still_anchors_the_note() -> None:
    lines = [
        (70, 15.6, ["Концентрация", "нарушений", "в", "Туркменистане.1"]),
        (700, 7.5, ["1"]),
        (700, 13.0, ["Доклады", "правозащитных", "организаций."])]
    xml = ""
    for y, height, words in lines:
        x0 = 71 if words != ["Доклады", "правозащитных", "организаций."] else 76
        spans = "".join(f"<word {_box(x0 + 60 * n, y, x0 + 60 * n + 50, height)}>{w}</word>"
                        for n, w in enumerate(words))
        box = _box(x0, y, x0 + 60 * len(words), height)
        xml += f"<block {box}><line {box}>{spans}</line></block>"
    data = ('<html xmlns="http://www.w3.org/1999/xhtml"><body><doc><page width="595" '
            f'height="842"><flow>{xml}</flow></page></doc></body></html>').encode()
    layout = parse_layout(data)
    assert [(p.text, p.marks) for p in layout.paragraphs] == [
        ("Концентрация нарушений в Туркменистане.", ["1"])]
    assert layout.notes == {"1": "Доклады правозащитных организаций."}
