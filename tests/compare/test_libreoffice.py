"""LibreOffice opens a redline and shows its changes: old and new words both in the PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from csp_draft.compare.align import compare_markdown
from csp_draft.writers import pdf as pdf_writer
from csp_draft.writers.docx.redline import build_redline_docx
from tests.compare.test_redline_docx import NEW, OLD

needs_libreoffice = pytest.mark.skipif(
    pdf_writer.find_soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext (poppler-utils) is not installed; CI installs both",
)


def to_pdf_text(docx: Path) -> str:
    """Convert with LibreOffice (a throw-away profile) and read the PDF back as text."""
    soffice = pdf_writer.find_soffice()
    assert soffice is not None
    folder = docx.parent
    subprocess.run(
        [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(folder / "out"), str(docx)],
        capture_output=True, check=True, timeout=300, stdin=subprocess.DEVNULL,
    )
    pdf = folder / "out" / (docx.stem + ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    result = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                            text=True, check=True)
    return " ".join(result.stdout.split())


@pytest.mark.slow
@needs_libreoffice
def test_libreoffice_shows_deleted_and_inserted_text(tmp_path: Path) -> None:
    docx = tmp_path / "changes.docx"
    docx.write_bytes(build_redline_docx(compare_markdown(OLD, NEW), author="Test Coalition",
                                        date="2026-11-23T10:00:00Z"))
    text = to_pdf_text(docx)
    assert "Resolution of the ForumConference" in text  # the title: deleted, then inserted
    assert "held in Minsk and Grodno." in text  # inserted words in a kept paragraph
    assert "Stop blocking websites." in text  # an inserted item
    assert "Belarus 1,200 Country Prisoners Belarus 1,300" in text  # old table, new table
    assert "ICCPR, artarts. 9 and 14." in text  # a footnote tracked inside
