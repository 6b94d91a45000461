"""The circulation round trip: a traceable export, members' returned files read back as
proposals, conflicts between members, hostile files refused."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from csp_draft.writers import pdf as pdf_writer

HERE = Path(__file__).parent
HOSTILE_HINT = ("ask the member to save it again as a Word document (.docx), or retype the "
                "changes")


@pytest.fixture
def exported(tmp_path: Path, cli) -> tuple[Path, Path]:
    draft = tmp_path / "minsk.yaml"
    assert cli("example", "minsk-2017", str(draft)).code == 0
    assert cli("export", str(draft), "-f", "docx", "--lang", "en").code == 0
    return draft, tmp_path / "minsk.en.docx"  # a bilingual draft: the language in the name


def _edited(source: Path, target: Path, old: str, new: str) -> Path:
    """``source`` with ``old`` replaced by ``new`` in the body, without tracking."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            zout.writestr(info, data)
    return target


def test_export_carries_item_bookmarks_and_properties(exported, tmp_path: Path, cli) -> None:
    draft, returned = exported
    document = docx.Document(str(returned))
    body = document.element.body
    names = [b.get(docx.oxml.ns.qn("w:name")) for b in body.iter(docx.oxml.ns.qn(
        "w:bookmarkStart"))]
    assert names[0] == "csp_preamble_1_857f8f"
    assert "csp_recommendations_8_84e534" in names
    assert len([n for n in names if n.startswith("csp_")]) == 15
    # The addressee headings between recommendations are hidden bookmarks, no items.
    assert [n for n in names if not n.startswith("csp_")] == [
        "_csp_between_1", "_csp_between_2", "_csp_between_3", "_csp_between_4",
        "_csp_between_5"]
    assert len(names) == 20
    with zipfile.ZipFile(returned) as package:
        custom = package.read("docProps/custom.xml").decode()
    assert 'name="csp-draft draft"><vt:lpwstr>minsk.yaml<' in custom
    assert all("\ue000" not in p.text for p in document.paragraphs)
    assert cli("export", str(draft), "-f", "md", "-o", "-").out.count("\ue000") == 0


def test_untracked_edits_two_members_conflict(exported, tmp_path: Path, cli) -> None:
    draft, circulated = exported
    before = draft.read_bytes()
    first = _edited(circulated, tmp_path / "a.docx", "libel and insult", "libel and slander")
    second = _edited(circulated, tmp_path / "b.docx", "libel and insult", "libel and calumny")
    result = cli("feedback", "import", str(first), str(draft), "--from", "Viasna")
    assert result.code == 0, result.err
    assert result.out == ("viasna-1  recommendations.2  text  text: Decriminalise libel and "
                          "{--insult--}{++slander++}, including the …\n")
    assert cli("feedback", "import", str(second), str(draft), "--from", "BHC").code == 0
    listed = cli("feedback", "list", str(draft)).out.splitlines()
    assert listed[0] == ("bhc-1  recommendations.2  pending  BHC  text: Decriminalise libel "
                         "and {--insult--}{++calumny++}, including the …  [conflict with "
                         "viasna-1]")
    assert listed[0].endswith("[conflict with viasna-1]")
    assert listed[1].endswith("[conflict with bhc-1]")
    refused = cli("feedback", "accept", str(draft), "--all-from", "Viasna")
    assert refused.code == 1
    assert refused.err == (
        f"{draft}: error: conflict: viasna-1 (Viasna) and bhc-1 (BHC) both change "
        "recommendations.2 differently; nothing was applied; reject one of them first: "
        "`csp-draft feedback reject bhc-1`\n")
    assert draft.read_bytes() == before
    assert cli("feedback", "reject", str(draft), "bhc-1", "--reason", "too narrow").code == 0
    assert cli("feedback", "accept", str(draft), "viasna-1").code == 0
    text = cli("export", str(draft), "-f", "md", "-o", "-").out
    assert "2. Decriminalise libel and slander, including" in text
    report = cli("feedback", "report", str(draft), "--format", "md").out
    assert ("| recommendations.2 | text: Decriminalise libel and \\{--insult--\\}"
            "\\{++calumny++\\}, including the … | BHC | rejected | too narrow |") in report
    assert "| BHC | rejected | too narrow |" in report
    assert cli("feedback", "report", str(draft), "--format", "docx").code == 0
    table = docx.Document(str(tmp_path / "minsk.feedback.docx")).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Item", "Proposal", "Proposed by",
                                                      "Decision", "Reason"]


def test_led_in_items_keep_their_own_words(tmp_path: Path, cli) -> None:
    """With the addressee led in per item ("Calls upon X to ..."), an edit of the item's
    words is stored as its own wording (the lead-in is added again when rendered), and an
    edit of the lead-in itself is listed but cannot be applied."""
    draft = tmp_path / "minsk.yaml"
    assert cli("example", "minsk-2017", str(draft)).code == 0
    draft.write_text(draft.read_text("utf-8").replace("languages: [en, ru]\n", (
        "languages: [en, ru]\naddressing: lead-in\n")), encoding="utf-8")
    assert cli("export", str(draft), "-f", "docx", "--lang", "en").code == 0
    circulated = tmp_path / "minsk.en.docx"  # a bilingual draft: the language in the name
    first = _edited(circulated, tmp_path / "a.docx", "libel and insult", "libel and slander")
    second = _edited(first, tmp_path / "b.docx", "Calls upon the OSCE Ministerial Council to",
                     "Urges the OSCE Ministerial Council to")
    result = cli("feedback", "import", str(second), str(draft), "--from", "Viasna")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "viasna-1  recommendations.2  text  text: … decriminalise libel and {--insult--}"
        "{++slander++}, including the …",
        "viasna-2  recommendations.7  text  text: {--Calls upon--}{++Urges++} the OSCE "
        "Ministerial …",
    ]
    refused = cli("feedback", "accept", str(draft), "viasna-2")
    assert refused.code == 1
    assert refused.err == (
        f"{draft}: error: 'viasna-2' cannot be applied (the change touches the lead-in "
        "'Calls upon the OSCE Ministerial Council to', which the draft's addressee and "
        "addressing make: change them by hand); nothing was applied; reject it with a "
        "reason: `csp-draft feedback reject viasna-2 --reason ...`\n")
    assert cli("feedback", "accept", str(draft), "viasna-1").code == 0
    assert "        text:\n          en: Decriminalise libel and slander, including" in (
        draft.read_text("utf-8"))
    text = cli("export", str(draft), "-f", "md", "--lang", "en", "-o", "-").out
    assert ("2. Calls upon the OSCE participating States to decriminalise libel and slander, "
            "including the insult") in text


def _zip(path: Path, entries: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries:
            package.writestr(name, data)
    return path


@pytest.mark.parametrize(("entries", "message"), [
    ([("word/document.xml", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e 'boom'>]>"
       b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
       b"&e;</w:document>")],
     "part word/document.xml declares a document type or entities, which a Word document "
     "never does; refused"),
    ([("word/document.xml", b"<?xml version='1.0'?><!DOCTYPE w:document SYSTEM "
       b"'http://example.org/x.dtd'><w:document/>")],
     "part word/document.xml declares a document type or entities, which a Word document "
     "never does; refused"),
    ([("word/document.xml", b" " * (30 * 1024 * 1024))],
     "the file inflates beyond 25 MB (a zip bomb?); refused"),
    ([("word/document.xml", b"<a/>"), ("word/document.xml", b"<b/>")],
     "the file holds the entry word/document.xml twice, so readers may disagree on its "
     "content; refused"),
    ([("word/document.xml", b"<a/>"), ("word/comments.xml", b"<w:comments>" + b"".join(
        b"<w:comment w:id='%d'/>" % n for n in range(100_000)) + b"</w:comments>")],
     "the file holds more than 10,000 comments; refused"),
])
def test_hostile_returned_files_are_refused(exported, tmp_path: Path, cli, entries,
                                            message) -> None:
    draft, _ = exported
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        hostile = _zip(tmp_path / "hostile.docx", entries)
    result = cli("feedback", "import", str(hostile), str(draft), "--from", "X")
    assert result.code == 1
    assert result.err == f"{hostile}: error: {message}; {HOSTILE_HINT}\n"
    assert not (tmp_path / "minsk.feedback").exists()


needs_uno = pytest.mark.skipif(
    pdf_writer.find_soffice() is None or shutil.which("python3", path="/usr/bin") is None
    or subprocess.run(["/usr/bin/python3", "-c", "import uno"], capture_output=True
                      ).returncode != 0,
    reason="LibreOffice with Python-UNO (python3-uno) is not installed; CI installs it",
)

OPS = {"author": "Viasna", "ops": [
    {"op": "replace", "find": "Dzmitry Palijenka", "with": "Dzmitry Paliienka"},
    {"op": "replace", "find": "libel and insult", "with": "libel and defamation"},
    {"op": "delete", "contains": "Invite ODIHR and other international observers"},
    {"op": "move", "contains": "Abolish the death penalty",
     "before": "Decriminalise libel and insult"},
    {"op": "insert", "after": "to report in public to the Permanent Council",
     "text": " every year"},
    {"op": "add_paragraph", "after": "publish the lists of blocked resources",
     "text": "Protect encryption and anonymity online."},
    {"op": "replace", "find": "used more and more", "with": "used ever more", "track": False},
]}


def _text(docx_path: Path) -> str:
    """The document's text as LibreOffice shows it (its own text export)."""
    soffice = pdf_writer.find_soffice()
    assert soffice is not None
    folder = docx_path.parent
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "txt:Text (encoded):UTF8",
                    "--outdir", str(folder), str(docx_path)], capture_output=True, check=True,
                   timeout=300, stdin=subprocess.DEVNULL)
    return docx_path.with_suffix(".txt").read_text(encoding="utf-8-sig")


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_COMMENTS = (
    f'<w:comments xmlns:w="{_W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/'
    'wordml"><w:comment w:id="900" w:author="Author" w:date="2026-11-30T09:00:00Z">'
    '<w:p w14:paraId="0A000001"><w:r><w:t>Annual, as agreed in Vienna.</w:t></w:r></w:p>'
    '</w:comment><w:comment w:id="901" w:author="Secretariat" w:date="2026-11-30T10:00:00Z">'
    '<w:p w14:paraId="0A000002"><w:r><w:t>Fine with us.</w:t></w:r></w:p></w:comment>'
    "</w:comments>")
_EXTENDED = (
    '<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
    '<w15:commentEx w15:paraId="0A000001" w15:done="0"/>'
    '<w15:commentEx w15:paraId="0A000002" w15:paraIdParent="0A000001" w15:done="0"/>'
    "</w15:commentsEx>")


def _comment_on_insertion(path: Path, inserted: str) -> None:
    """Add, as Word writes them, a comment (author anonymised) and a reply, both anchored on
    the tracked insertion of ``inserted`` (LibreOffice 7.4 aborts when a script inserts a
    comment headless, so this step is done on its saved file)."""
    from lxml import etree

    with zipfile.ZipFile(path) as zin:
        parts = {info.filename: zin.read(info.filename) for info in zin.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    ins = next(e for e in root.iter(f"{{{_W}}}ins")
               if "".join(e.itertext()) == inserted)
    for comment_id in ("900", "901"):
        start = etree.Element(f"{{{_W}}}commentRangeStart", {f"{{{_W}}}id": comment_id})
        ins.addprevious(start)
        end = etree.fromstring(f'<w:r xmlns:w="{_W}"><w:commentReference w:id="{comment_id}"'
                               "/></w:r>")
        ins.addnext(end)
        ins.addnext(etree.Element(f"{{{_W}}}commentRangeEnd", {f"{{{_W}}}id": comment_id}))
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True,
                                                encoding="UTF-8", standalone=True)
    parts["word/comments.xml"] = _COMMENTS.encode()
    parts["word/commentsExtended.xml"] = _EXTENDED.encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    rels = rels.replace("</Relationships>", (
        '<Relationship Id="rIdC1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/comments" Target="comments.xml"/><Relationship Id="rIdC2" '
        'Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" '
        'Target="commentsExtended.xml"/></Relationships>'))
    parts["word/_rels/document.xml.rels"] = rels.encode()
    types = parts["[Content_Types].xml"].decode().replace("</Types>", (
        '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/'
        'commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.commentsExtended+xml"/></Types>'))
    parts["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)


@needs_uno
def test_libreoffice_round_trip(exported, tmp_path: Path, cli) -> None:
    draft, circulated = exported
    original = draft.read_bytes()
    ops = tmp_path / "ops.json"
    ops.write_text(json.dumps(OPS), encoding="utf-8")
    returned, accepted = tmp_path / "returned.docx", tmp_path / "accepted.txt"
    subprocess.run(["/usr/bin/python3", str(HERE / "lo_edit.py"), str(circulated),
                    str(returned), str(accepted), str(ops)], capture_output=True, timeout=300,
                   stdin=subprocess.DEVNULL)
    shown = accepted.read_text(encoding="utf-8-sig")
    assert "Dzmitry Paliienka" in shown
    assert "Invite ODIHR" not in shown
    _comment_on_insertion(returned, " every year")
    # The same returned file, imported into a second copy of the draft to reject it there.
    other = tmp_path / "copy" / draft.name
    other.parent.mkdir()
    shutil.copy(draft, other)

    imported = cli("feedback", "import", str(returned), str(draft), "--from", "Viasna")
    assert imported.code == 0, imported.err
    assert imported.out.splitlines() == [
        "viasna-1  situation.2  text  text: … terrorism are used {--more and--}{++ever++} more "
        "against journalists …",
        "viasna-2  recommendations.1  value  defenders.1.name.en: Dzmitry Palijenka → "
        "Dzmitry Paliienka",
        "viasna-3  recommendations.2  text  text: Decriminalise libel and {--insult--}"
        "{++defamation++}, including the …",
        "viasna-4  recommendations.5  move  move before recommendations.2",
        "viasna-5  recommendations.6  delete  delete the item",
        "viasna-6  recommendations.7  comment  comment: Annual, as agreed in Vienna.",
        "viasna-7  recommendations.7  text  text: … the Permanent Council{++ every year++}.",
        "viasna-8  recommendations.3  add  add after it: Protect encryption and anonymity "
        "online.",
    ]
    stored = (tmp_path / "minsk.feedback" / f"viasna-{_today()}.yaml").read_text("utf-8")
    assert "by:\n  - Viasna\n  date: '2026-11-30T09:00:00Z'" in stored  # "Author" -> --from
    assert "replies:\n  - by: Secretariat\n    date: '2026-11-30T10:00:00Z'\n" in stored
    assert ("tracked_changes:\n  - change: delete\n    by: Viasna\n    date: '20" in stored)
    assert "    text: Dzmitry Palijenka\n  - change: insert\n" in stored

    assert cli("feedback", "accept", str(draft), "--all-from", "Viasna").code == 0
    assert cli("export", str(draft), "-f", "docx", "--lang", "en", "-o",
               str(tmp_path / "after.docx")).code == 0
    assert _text(tmp_path / "after.docx") == shown

    assert cli("feedback", "import", str(returned), str(other), "--from", "Viasna").code == 0
    assert cli("feedback", "reject", str(other), "--all-from", "Viasna").code == 0
    assert other.read_bytes() == original


def _today() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).date().isoformat()


def test_an_edited_press_release_paragraph_keeps_its_endnote_mark_out_of_its_words(
    tmp_path: Path, cli
) -> None:
    """The "[1]" after a press-release paragraph is the renderer's: an edit of the paragraph
    is stored without it, and the document made again has it once."""
    draft = tmp_path / "release.yaml"
    for args in (["new", "press-release", str(draft), "--title", "T", "--lang", "en"],
                 ["add-text", str(draft), "--section", "body", "Defenders met in Vienna.",
                  "--note", "Programme: https://example.org/"]):
        assert cli(*args).code == 0, args
    assert cli("export", str(draft), "-f", "docx").code == 0
    returned = _edited(tmp_path / "release.docx", tmp_path / "a.docx", "met in Vienna",
                       "met in Vienna and Warsaw")
    result = cli("feedback", "import", str(returned), str(draft), "--from", "Viasna")
    assert result.code == 0, result.err
    assert cli("feedback", "accept", str(draft), "viasna-1").code == 0
    assert "  - text: Defenders met in Vienna and Warsaw.\n" in draft.read_text("utf-8")
    text = cli("export", str(draft), "-f", "md", "-o", "-").out
    assert "Defenders met in Vienna and Warsaw.\\[1\\]\n" in text
