"""Markdown -> .pdf: our DOCX, converted by LibreOffice running headless.

Each conversion uses its own throw-away LibreOffice profile, so several exports can run
at once (LibreOffice otherwise hands the job to an already running instance, or fails
on the shared profile's lock).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from csp_draft.errors import CspDraftError, Location
from csp_draft.fsio import atomic_write

DEFAULT_TIMEOUT = 300.0
INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer; "
    "macOS: brew install --cask libreoffice) or export docx instead"
)
_FALLBACK_PATHS = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """The LibreOffice executable: soffice or libreoffice on PATH, or the usual places."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _FALLBACK_PATHS:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def write_pdf(
    markdown_text: str,
    out_path: Path,
    *,
    reference_docx: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    public: bool = False,
) -> None:
    """Write ``markdown_text`` as PDF at ``out_path`` (atomically) via LibreOffice;
    ``public``: from a DOCX cleaned for publication."""
    from csp_draft.writers.docx.write import build_docx

    soffice = find_soffice()
    if soffice is None:
        raise CspDraftError(
            "writing PDF needs LibreOffice, which was not found", hint=INSTALL_HINT
        )
    docx_bytes = build_docx(markdown_text, reference_docx=reference_docx, public=public)
    with tempfile.TemporaryDirectory(prefix="csp-draft-pdf-") as temp:
        folder = Path(temp)
        source = folder / "document.docx"
        source.write_bytes(docx_bytes)
        _convert(soffice, source, folder, timeout, Path(out_path))
        pdf = folder / "out" / "document.pdf"
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise CspDraftError(
                "LibreOffice did not produce a PDF",
                hint="try again; if it keeps failing, export docx and convert it by hand",
                location=Location.of_file(out_path),
            )
        atomic_write(out_path, pdf.read_bytes())


def _convert(soffice: str, source: Path, folder: Path, timeout: float, out_path: Path) -> None:
    command = [
        soffice,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless", "--invisible", "--nologo", "--nodefault", "--norestore",
        "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export",
        "--outdir", str(folder / "out"), str(source),
    ]
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
            cwd=folder, start_new_session=True,
        )
    except OSError as exc:
        raise CspDraftError(
            f"cannot start LibreOffice ({soffice}): {exc.strerror or exc}", hint=INSTALL_HINT
        ) from None
    try:
        _, stderr = process.communicate(timeout=timeout)
    except KeyboardInterrupt:
        _kill_group(process)  # LibreOffice runs in its own session: Ctrl-C does not reach it
        raise
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise CspDraftError(
            f"LibreOffice took longer than {timeout:.0f} s to convert the document",
            hint="close other LibreOffice windows and try again, or export docx instead",
            location=Location.of_file(out_path),
        ) from None
    if process.returncode != 0:
        detail = stderr.decode("utf-8", "replace").strip().splitlines()
        raise CspDraftError(
            f"LibreOffice failed to convert the document (exit code {process.returncode}"
            + (f": {detail[-1]}" if detail else "") + ")",
            hint="export docx and open it in LibreOffice to see the problem",
            location=Location.of_file(out_path),
        )


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """LibreOffice starts helper processes; end the whole session we started it in."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.communicate(timeout=10)
