"""Shell completion: one Tab press on a library of 10,000 clauses.

    python bench/completion.py [--count 10000] [--runs 21] [--keep DIR]

A fresh process answers `clauses show assembly-05` (83 clause ids with their titles,
out of 10,081) the way the bash script asks it, in a workspace of a generated library with the
index and the command table warm (a command and one completion ran first). Target: a median
under 100 ms, the time a key press may take before it feels slow. The notes give the
ratios to `python -c pass` (the interpreter's own start) and to `csp-draft --help`, each
the first the median of paired runs, the second a ratio of medians (`--help`
must run without the completion variable).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    Row,
    absolute_row,
    compile_bytecode,
    csp_draft,
    environment,
    median_wall,
    paired,
    report,
    run,
)
from generate import THEMES, make_library

LIMIT_S = 0.100
PLAIN_PYTHON = [sys.executable, "-c", "pass"]


def scenarios(count: int = 10_000, runs: int = 21, keep: Path | None = None) -> list[Row]:
    import statistics

    compile_bytecode()
    temp = tempfile.mkdtemp(prefix="csp-draft-bench-")
    try:
        root = keep or Path(temp)
        if not (root / "clauses").is_dir():
            make_library(root, count)
        env = environment(Path(temp) / "cache-home")
        cli = csp_draft()
        theme = next(iter(THEMES))
        press = [*cli, "clauses", "show", f"{theme}-05"]
        tab = {**env, "CSP_DRAFT_COMPLETE": "bash"}
        run([*cli, "clauses", "list"], env=env, cwd=root)  # the index, as any command leaves it
        run(press, env=tab, cwd=root)  # the command table, as `completion install` leaves it
        ours, _, ratios = paired(press, PLAIN_PYTHON, runs, warmup=2, env=tab, cwd=root)
        helped = [run([*cli, "--help"], env=env, cwd=root) for _ in range(max(5, runs // 2))]
        row = absolute_row(
            f"{count:,} clauses: Tab on a clause id", ours, LIMIT_S,
            note=f"{statistics.median(ratios):.2f}x of python -c pass (paired); "
                 f"{median_wall(ours) / median_wall(helped):.2f}x of csp-draft --help")
        return [row]
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="clauses to generate")
    parser.add_argument("--runs", type=int, default=21, help="paired runs")
    parser.add_argument("--keep", type=Path, help="generate the library here and keep it")
    args = parser.parse_args(argv)
    rows = scenarios(args.count, args.runs, args.keep)
    return report("csp-draft completion", rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
