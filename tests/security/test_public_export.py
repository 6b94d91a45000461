"""`export --public`: the published files carry nothing but the document.

A workspace whose registry has a member that is not public and a contacts file; a reference
document that brings revision ids, hidden text, bookmarks and custom properties. Every
format is opened the way a reader's tools open it (the DOCX unzipped, every part read; the
PDF through pdftotext and pdfinfo) and searched for what must not be there.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx as docx_reader
import pytest

from csp_draft.markdown.trace import PROPERTY_DRAFT, PROPERTY_LANG, PROPERTY_VERSION
from csp_draft.writers import pdf as pdf_writer
from tests.conftest import CliResult

Cli = Callable[..., CliResult]

CONTACT = "secret.contact@example.org"
HIDDEN_NAMES = ("Turkmen Initiative", "Туркменская инициатива")
AUTHORS = ("Test Coalition", "Тестовая коалиция")

MEMBERS = """\
viasna:
  name: {en: Human Rights Center "Viasna", ru: Правозащитный центр «Весна»}
  country: BY
  membership: full
tm-one:
  name: {en: Turkmen Initiative, ru: Туркменская инициатива}
  country: TM
  membership: full
  public: false
"""


@pytest.fixture
def workspace(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ws"
    assert cli("init", root, "--coalition", AUTHORS[0]).code == 0
    monkeypatch.chdir(root)
    (root / "members.yaml").write_text(MEMBERS, encoding="utf-8")
    (root / "members-contacts.yaml").write_text(
        f"viasna: {{email: {CONTACT}}}\ntm-one: {{email: {CONTACT}, phone: '+993 12 345'}}\n",
        encoding="utf-8")
    draft = "drafts/s.yaml"
    steps = [
        ["new", "statement", draft, "--title", "Free them", "--lang", "en,ru"],
        ["info", draft, "--lang", "ru", "--title", "Освободите их", "--author", AUTHORS[1]],
        ["add-text", draft, "--section", "concerns", "--lang", "en", "We are concerned."],
        ["set", draft, "concerns.1", "--lang", "ru", "--text", "Мы обеспокоены."],
        ["sign", draft, "--member", "viasna"],
        ["sign", draft, "--member", "tm-one"],
    ]
    for step in steps:
        result = cli(*step)
        assert result.code == 0, (step, result.err)
    return root


def reference_with_everything(workspace: Path, cli: Cli) -> Path:
    """A reference document made from a traceable export, then given revision ids, a
    hidden run in its footer, a settings list of rsids and a custom property of its own."""
    assert cli("export", "drafts/s.yaml", "-f", "docx", "--lang", "en", "-o", "traced.docx"
               ).code == 0
    source = zipfile.ZipFile(workspace / "traced.docx")
    target = workspace / "reference.docx"
    with zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/footer1.xml":
                data = data.replace(b"<w:p>", b'<w:p w:rsidR="00A1B2C3"><w:r><w:rPr><w:vanish/>'
                                    b"</w:rPr><w:t>HIDDEN FOOTER NOTE</w:t></w:r>", 1)
                data = data.replace(b"<w:p ", b'<w:p w:rsidRDefault="00A1B2C3" ', 1)
            if info.filename == "word/settings.xml":
                data = data.replace(b"</w:settings>", b'<w:rsids><w:rsidRoot w:val="00A1B2C3"/>'
                                    b'<w:rsid w:val="00A1B2C3"/></w:rsids></w:settings>')
            out.writestr(info, data)
    assert b"rsid" in zipfile.ZipFile(target).read("word/settings.xml")
    return target


def forbidden(text: str) -> list[str]:
    """What a published text must not contain, found in ``text``."""
    words = [CONTACT, "+993", *HIDDEN_NAMES, *AUTHORS, PROPERTY_DRAFT, PROPERTY_VERSION,
             PROPERTY_LANG, "HIDDEN FOOTER NOTE", "csp_", "\u2060"]
    return [word for word in words if word in text]


def test_every_format_is_clean(workspace: Path, cli: Cli) -> None:
    reference = reference_with_everything(workspace, cli)
    formats = ["md", "html", "docx"]
    with_pdf = pdf_writer.find_soffice() is not None and shutil.which("pdftotext") is not None
    if with_pdf:
        formats.append("pdf")
    result = cli("export", "drafts/s.yaml", "--public", "-f", ",".join(formats), "--lang",
                 "en,ru", "-o", "public/", "--reference-docx", reference)
    assert result.code == 0, result.err
    for lang, unnamed in (("en", "one organisation from Turkmenistan"),
                          ("ru", "одна организация из Туркменистана")):
        for fmt in ("md", "html"):
            text = (workspace / "public" / f"s.{lang}.{fmt}").read_text(encoding="utf-8")
            assert forbidden(text) == [], (lang, fmt)
            assert unnamed in text
            assert "author" not in text.lower()
        docx = zipfile.ZipFile(workspace / "public" / f"s.{lang}.docx")
        names = docx.namelist()
        assert not [n for n in names if "custom" in n.lower() or "comment" in n.lower()]
        whole = "\n".join(docx.read(name).decode("utf-8") for name in names)
        assert forbidden(whole) == [], lang
        for mark in ("w:rsid", "w:vanish", "w:bookmarkStart", "w:commentReference",
                     "dc:creator", "cp:lastModifiedBy", "custom-properties"):
            assert mark not in whole, (lang, mark)
        assert unnamed in whole
        reopened = docx_reader.Document(str(workspace / "public" / f"s.{lang}.docx"))
        assert any(unnamed in p.text for p in reopened.paragraphs)
        assert reopened.core_properties.author == ""
        if with_pdf:
            pdf = workspace / "public" / f"s.{lang}.pdf"
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                  text=True, check=True).stdout
            assert forbidden(text) == [], (lang, "pdf")
            assert unnamed in " ".join(text.split())
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                  check=False).stdout
            author = re.search(r"^Author:\s*(.*)$", info, re.MULTILINE)
            assert author is None or author.group(1).strip() == ""


def test_without_public_the_circulated_docx_keeps_what_members_send_back(
        workspace: Path, cli: Cli) -> None:
    assert cli("export", "drafts/s.yaml", "-f", "docx,md", "--lang", "en", "-o", "out/"
               ).code == 0
    docx = zipfile.ZipFile(workspace / "out" / "s.en.docx")
    assert PROPERTY_DRAFT in docx.read("docProps/custom.xml").decode("utf-8")
    assert "w:bookmarkStart" in docx.read("word/document.xml").decode("utf-8")
    assert AUTHORS[0] in docx.read("docProps/core.xml").decode("utf-8")
    # A member that is not public is never named, circulated or published.
    for text in (docx.read("word/document.xml").decode("utf-8"),
                 (workspace / "out" / "s.en.md").read_text(encoding="utf-8")):
        assert HIDDEN_NAMES[0] not in text and "one organisation from Turkmenistan" in text


def test_no_output_reads_the_contacts(workspace: Path, cli: Cli) -> None:
    """Every format of every language, circulated or public: the contacts appear nowhere."""
    for extra in ([], ["--public"]):
        folder = "pub" if extra else "circ"
        assert cli("export", "drafts/s.yaml", *extra, "-f", "md,html,docx", "--lang", "en,ru",
                   "-o", f"{folder}/").code == 0
        for path in (workspace / folder).iterdir():
            if path.suffix == ".docx":
                archive = zipfile.ZipFile(path)
                text = "".join(archive.read(n).decode("utf-8", "replace")
                               for n in archive.namelist())
            else:
                text = path.read_text(encoding="utf-8")
            assert CONTACT not in text and "+993" not in text, path
    for command in (["members", "list"], ["members", "show", "tm-one"],
                    ["signatories", "drafts/s.yaml"], ["show", "drafts/s.yaml"],
                    ["preview", "drafts/s.yaml"]):
        result = cli(*command)
        assert result.code == 0, (command, result.err)
        assert CONTACT not in result.out + result.err
