"""The PDF writer: LibreOffice converts our DOCX; pdftotext reads the result back."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from csp_draft.errors import CspDraftError
from csp_draft.writers import pdf as pdf_writer
from csp_draft.writers.formats import write_output

needs_libreoffice = pytest.mark.skipif(
    pdf_writer.find_soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext (poppler-utils) is not installed; CI installs both",
)


def pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


@pytest.mark.slow
@needs_libreoffice
def test_a_resolution_pdf_shows_numbers_bullets_and_footnotes(
    resolution: str, tmp_path: Path
) -> None:
    out = tmp_path / "resolution.pdf"
    write_output(resolution, "pdf", out)
    assert out.read_bytes().startswith(b"%PDF-")
    text = pdf_text(out)
    numbers = [int(m) for m in re.findall(r"^\s*(\d+)\.\s+\S", text, flags=re.MULTILINE)]
    assert numbers == list(range(1, 11))
    flat = " ".join(text.split())
    assert "Demand number 1 of the coalition" in flat
    assert "Demand number 16 of the coalition" in flat
    assert flat.index("Demand number 16") < flat.index("Recommendation number 8")
    assert "Final Act, Helsinki, 1975." in flat
    assert "Demands collected from member organisations in March 2026." in flat
    assert not re.search(r"\[\^?(hfa|demands|1|2)\]", flat)


@pytest.mark.slow
@needs_libreoffice
def test_cyrillic_survives_the_conversion(
    make_resolution: Callable[..., str], tmp_path: Path
) -> None:
    markdown = make_resolution(lang="ru").replace(
        "Recommendation number 2 of the Forum.", "Освободить всех политических заключённых."
    )
    out = tmp_path / "ru.pdf"
    write_output(markdown, "pdf", out)
    assert "Освободить всех политических заключённых." in pdf_text(out)


@pytest.mark.slow
@needs_libreoffice
def test_concurrent_conversions_do_not_collide(resolution: str, tmp_path: Path) -> None:
    errors: list[BaseException] = []

    def convert(name: str) -> None:
        try:
            write_output(resolution, "pdf", tmp_path / name)
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=convert, args=(f"{n}.pdf",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert all((tmp_path / f"{n}.pdf").read_bytes().startswith(b"%PDF-") for n in range(2))


def fake_soffice(tmp_path: Path, script: str) -> str:
    path = tmp_path / "soffice"
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(0o755)
    return str(path)


def test_missing_libreoffice_says_how_to_install_it(
    resolution: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_writer, "find_soffice", lambda: None)
    with pytest.raises(CspDraftError, match="needs LibreOffice") as caught:
        write_output(resolution, "pdf", tmp_path / "out.pdf")
    assert "apt-get install libreoffice-writer" in caught.value.hint
    assert not (tmp_path / "out.pdf").exists()


def test_a_failing_conversion_is_reported_and_writes_nothing(
    resolution: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice = fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1")
    monkeypatch.setattr(pdf_writer, "find_soffice", lambda: soffice)
    with pytest.raises(CspDraftError, match="could not be loaded") as caught:
        write_output(resolution, "pdf", tmp_path / "out.pdf")
    assert caught.value.hint
    assert not (tmp_path / "out.pdf").exists()


def test_a_conversion_without_output_is_reported(
    resolution: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_writer, "find_soffice", lambda: fake_soffice(tmp_path, "exit 0"))
    with pytest.raises(CspDraftError, match="did not produce a PDF"):
        write_output(resolution, "pdf", tmp_path / "out.pdf")


def test_a_hanging_conversion_times_out_and_is_stopped(
    resolution: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "still-running"
    soffice = fake_soffice(tmp_path, f"sleep 2; touch '{marker}'")
    monkeypatch.setattr(pdf_writer, "find_soffice", lambda: soffice)
    started = time.monotonic()
    with pytest.raises(CspDraftError, match="longer than"):
        pdf_writer.write_pdf(resolution, tmp_path / "out.pdf", timeout=0.3)
    assert time.monotonic() - started < 1.8
    time.sleep(2.5)
    assert not marker.exists(), "the converter's process group was not stopped"


def test_the_converter_gets_its_own_profile(
    resolution: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "args.txt"
    script = (
        f'for a in "$@"; do echo "$a" >> \'{log}\'; done\n'
        'out=""; prev=""\n'
        'for a in "$@"; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done\n'
        'mkdir -p "$out" && printf "%%PDF-1.7 fake" > "$out/document.pdf"'
    )
    monkeypatch.setattr(pdf_writer, "find_soffice", lambda: fake_soffice(tmp_path, script))
    pdf_writer.write_pdf(resolution, tmp_path / "out.pdf")
    assert (tmp_path / "out.pdf").read_bytes() == b"%PDF-1.7 fake"
    args = log.read_text().splitlines()
    profile = next(a for a in args if a.startswith("-env:UserInstallation=file:///"))
    assert "csp-draft-pdf-" in profile
    assert "--headless" in args and "pdf:writer_pdf_Export" in args
