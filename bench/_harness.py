"""Shared pieces of the benchmarks: running commands, medians of paired runs, the table.

Every command runs as a fresh process, as a user runs it, timed by wall clock; its CPU
time and peak RSS come from ``os.wait4`` for that one child. Paired runs alternate which
command goes first, so that drift in the machine's load touches both alike; a ratio is
the median of the per-pair ratios.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RSS_LIMIT_MB = 150.0
PEER = [sys.executable, "-c", "import typer, rich"]


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds
    rss_mb: float  # peak resident set size
    code: int


@dataclass
class Row:
    """One line of the table."""

    scenario: str
    ours: float | None  # median seconds
    peer: float | None = None
    ratio: float | None = None
    target: str = ""
    passed: bool | None = None  # None: reported only
    rss_mb: float | None = None
    note: str = ""
    details: list[str] = field(default_factory=list)

    @property
    def rss_ok(self) -> bool | None:
        return None if self.rss_mb is None else self.rss_mb < RSS_LIMIT_MB


def csp_draft() -> list[str]:
    """The installed console script beside this interpreter (no shims in between)."""
    script = Path(sys.executable).with_name("csp-draft")
    if script.is_file():
        return [str(script)]
    found = shutil.which("csp-draft")
    return [found] if found else [sys.executable, "-m", "csp_draft"]


def environment(cache_home: Path) -> dict[str, str]:
    """The environment of measured commands: a private cache folder, the index on."""
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(cache_home)
    env.pop("CSP_DRAFT_NO_CACHE", None)
    env["COLUMNS"] = "100"
    return env


def compile_bytecode() -> None:
    """Write the package's .pyc files, as an installation does (PYTHONDONTWRITEBYTECODE
    would otherwise make every run compile csp-draft's modules from source)."""
    import compileall

    import csp_draft

    compileall.compile_dir(Path(csp_draft.__file__).parent, quiet=1)


def run(command: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
        check: bool = True) -> Sample:
    """Run ``command`` once, output discarded; its time, CPU and peak memory."""
    start = time.perf_counter()
    process = subprocess.Popen(list(command), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=env, cwd=cwd)
    assert process.stderr is not None
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    if check and process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n"
                           + err.decode("utf-8", "replace")[-2000:])
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                  process.returncode)


def repeat(command: Sequence[str], runs: int, *, warmup: int = 1, **kwargs: object
           ) -> list[Sample]:
    for _ in range(warmup):
        run(command, **kwargs)  # type: ignore[arg-type]
    return [run(command, **kwargs) for _ in range(runs)]  # type: ignore[arg-type]


def paired(ours: Sequence[str], peer: Sequence[str], runs: int, *, warmup: int = 1,
           env: dict[str, str] | None = None, cwd: Path | None = None
           ) -> tuple[list[Sample], list[Sample], list[float]]:
    """Run both ``runs`` times, alternating which goes first; samples and pair ratios."""
    for _ in range(warmup):
        run(ours, env=env, cwd=cwd)
        run(peer, env=env, cwd=cwd)
    mine: list[Sample] = []
    theirs: list[Sample] = []
    for index in range(runs):
        if index % 2:
            theirs.append(run(peer, env=env, cwd=cwd))
            mine.append(run(ours, env=env, cwd=cwd))
        else:
            mine.append(run(ours, env=env, cwd=cwd))
            theirs.append(run(peer, env=env, cwd=cwd))
    ratios = [a.wall / b.wall for a, b in zip(mine, theirs, strict=True)]
    return mine, theirs, ratios


def median_wall(samples: Sequence[Sample]) -> float:
    return statistics.median(sample.wall for sample in samples)


def peak_rss(samples: Sequence[Sample]) -> float:
    return max(sample.rss_mb for sample in samples)


def ratio_row(scenario: str, ours: list[Sample], peer: list[Sample], ratios: list[float],
              limit: float, note: str = "") -> Row:
    ratio = statistics.median(ratios)
    return Row(scenario, median_wall(ours), median_wall(peer), ratio, f"<= {limit:g}x",
               ratio <= limit, peak_rss(ours), note)


def absolute_row(scenario: str, samples: list[Sample], limit_s: float | None, note: str = ""
                 ) -> Row:
    value = median_wall(samples)
    cpu = statistics.median(sample.cpu for sample in samples)
    note = f"CPU {cpu:.2f} s (wall {value:.2f} s)" + (f"; {note}" if note else "")
    if limit_s is None:
        return Row(scenario, value, target="report", rss_mb=peak_rss(samples), note=note)
    return Row(scenario, value, target=f"< {limit_s:g} s", passed=value < limit_s,
               rss_mb=peak_rss(samples), note=note)


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _verdict(value: bool | None) -> str:
    return "-" if value is None else ("pass" if value else "FAIL")


def format_table(rows: Sequence[Row]) -> str:
    header = ["scenario", "csp-draft", "peer", "ratio", "target", "result", "peak RSS",
              f"RSS < {RSS_LIMIT_MB:g} MB"]
    lines = [header]
    for row in rows:
        lines.append([
            row.scenario, _seconds(row.ours), _seconds(row.peer),
            "-" if row.ratio is None else f"{row.ratio:.2f}x", row.target,
            _verdict(row.passed), "-" if row.rss_mb is None else f"{row.rss_mb:.0f} MB",
            _verdict(row.rss_ok),
        ])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                             for i, cell in enumerate(line)).rstrip())
        if index == 0:
            out.append("  ".join("-" * width for width in widths))
    notes = [f"  {row.scenario}: {row.note}" for row in rows if row.note]
    for row in rows:
        notes.extend(f"  {row.scenario}: {detail}" for detail in row.details)
    if notes:
        out += ["", "notes:", *notes]
    return "\n".join(out)


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.2f}; "
            f"command: {' '.join(csp_draft())}; each row's peer is in its note")


def print_rows(title: str, rows: Sequence[Row]) -> None:
    print(f"{title}\n{machine()}\n")
    print(format_table(rows))


def report(title: str, rows: Sequence[Row]) -> int:
    """Print the rows under ``title``; the exit status: 1 if a row missed its target."""
    print_rows(title, rows)
    return 0 if all(row.passed is not False and row.rss_ok is not False for row in rows) else 1
