"""Threat: standard output that cannot take what the command writes.

A console in cp1251, cp1252 or latin-1 given Russian text, standard output on a full disk
(/dev/full) or closed by the shell (``>&-``) ended in exit 70, "internal error". Each is
now one line on stderr and exit 1; a console (a terminal) shows what its encoding
cannot as replacement characters instead. These run the command in a child process:
only there are the standard streams real files.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.security.conftest import write_draft

RUN = "import sys; from csp_draft.cli.main import run; sys.argv[0] = 'csp-draft'; run()"
FULL = ("error: cannot write to standard output: {reason}; check where the output goes (a "
        "full disk, a closed pipe)\n")


@pytest.fixture
def russian(ws: Path) -> Path:
    return write_draft(ws, """\
        kind: resolution
        title: Резолюция форума
        languages: [ru]
        sections:
          recommendations:
            items:
              - text: Освободить всех.
        """)


def _run(ws: Path, *args: str, env: dict[str, str] | None = None, **kwargs: object
         ) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), **(env or {})}
    result = subprocess.run([sys.executable, "-c", RUN, *args], cwd=ws, env=environment,
                            stderr=subprocess.PIPE, timeout=120, check=False,
                            **kwargs)  # type: ignore[call-overload]
    result.stderr = result.stderr.decode("utf-8")
    return result


@pytest.mark.parametrize("encoding", ["cp1251", "cp1252", "latin-1"])
def test_a_console_encoding_without_the_letters(ws: Path, russian: Path, encoding: str) -> None:
    result = _run(ws, "export", str(russian), "-f", "md", "-o", "-",
                  env={"PYTHONIOENCODING": encoding}, stdout=subprocess.PIPE)
    if encoding == "cp1251":  # it has Cyrillic: all is written
        assert (result.returncode, result.stderr) == (0, "")
        return
    assert result.returncode == 1
    codec = {"latin-1": "iso8859-1"}.get(encoding, encoding)  # Python's name for it
    assert result.stderr == (f"error: standard output ({codec}) cannot hold the character "
                             "U+0420; nothing more was written; set PYTHONIOENCODING=utf-8, or "
                             "write to a file with -o\n")


def test_messages_in_a_console_encoding_without_the_letters(ws: Path, russian: Path) -> None:
    """stderr writes what the console cannot show as escapes rather than failing."""
    result = _run(ws, "add-clause", str(russian), "нет", env={"PYTHONIOENCODING": "latin-1"},
                  stdout=subprocess.PIPE)
    assert (result.returncode, result.stderr) == (
        2, "error: '\\u043d\\u0435\\u0442' is not a clause id; clause ids are lowercase "
        "letters, digits and hyphens, e.g. release-defenders\n")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_standard_output_on_a_full_disk(ws: Path, russian: Path) -> None:
    with open("/dev/full", "w") as full:
        result = _run(ws, "export", str(russian), "-f", "md", "-o", "-", stdout=full)
    assert (result.returncode, result.stderr) == (1, FULL.format(
        reason="No space left on device"))


def test_standard_output_closed(ws: Path, russian: Path) -> None:
    result = _run(ws, "export", str(russian), "-f", "md", "-o", "-",
                  preexec_fn=lambda: os.close(1))
    assert (result.returncode, result.stderr) == (1, FULL.format(reason="Bad file descriptor"))
    written = _run(ws, "export", str(russian), "-f", "md", preexec_fn=lambda: os.close(1))
    assert (written.returncode, written.stderr) == (0, f"wrote {russian.with_suffix('.md')}\n")
