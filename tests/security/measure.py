"""Running csp-draft in a child process and measuring its wall time and peak memory.

The figures in THREATS.md come from here: each threat runs in a fresh process (as a user
would meet it) that reports its own peak resident memory (VmHWM; the rusage of a child
counts what it shared with the parent at fork). The child leaves out the packaged
clauses, like the in-process tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

_CHILD = """\
import sys
from pathlib import Path


def peak() -> None:  # VmHWM belongs to this program's memory; rusage would count the parent
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            Path(sys.argv[2]).write_text(line.split()[1])


from csp_draft import paths

original = paths.packaged
paths.packaged = lambda folder: Path(sys.argv[1]) if folder == "clauses" else original(folder)
from csp_draft.cli.main import main

import os
import signal

if os.environ.get("RENDER_SECONDS_FOR_TEST"):  # set by run_measured: a test need not wait
    from csp_draft.sandbox import limits

    limits.RENDER_SECONDS = float(os.environ["RENDER_SECONDS_FOR_TEST"])

if os.environ.get("READY_FILE_FOR_TEST"):  # the command is about to start (see below)
    Path(os.environ["READY_FILE_FOR_TEST"]).write_text("ready")

try:
    code = main(sys.argv[3:])
finally:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as csp_draft.cli.main.run does
    peak()
sys.exit(code)
"""


@dataclass(frozen=True)
class Measured:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float


def run_measured(cwd: Path, *args: str, empty: Path, timeout: float = 120,
                 render_seconds: float | None = None) -> Measured:
    """Run ``csp-draft ARGS`` in ``cwd`` (``empty``: a folder standing in for the packaged
    clauses); its exit code, output, wall time and peak resident memory (Linux).
    ``render_seconds`` replaces the render time limit (10 s) in the child."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("RENDER_SECONDS_FOR_TEST", None)
    env.pop("READY_FILE_FOR_TEST", None)
    if render_seconds is not None:
        env["RENDER_SECONDS_FOR_TEST"] = str(render_seconds)
    with tempfile.TemporaryDirectory() as folder:
        out, err, peak = (Path(folder) / name for name in ("out", "err", "peak"))
        with out.open("wb") as out_file, err.open("wb") as err_file:
            start = time.perf_counter()
            process = subprocess.run(
                [sys.executable, "-c", _CHILD, str(empty), str(peak), *args], cwd=cwd, env=env,
                stdout=out_file, stderr=err_file, timeout=timeout, check=False)
            seconds = time.perf_counter() - start
        kilobytes = int(peak.read_text()) if peak.exists() else 0
        return Measured(process.returncode, out.read_text(), err.read_text(), seconds,
                        kilobytes / 1024)
