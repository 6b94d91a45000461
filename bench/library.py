"""Library scale: a generated library of 10,000 clauses in a workspace.

    python bench/library.py [--count 10000] [--runs 11] [--keep DIR]

Scenarios, all on the generated library plus the packaged one:
- index build, cold: the first command after deleting .csp-draft-cache (reported);
- `clauses search WORD` (an English word; a Russian word in another case) and
  `clauses show ID`, index warm: within 2x of the start-up figure, `csp-draft --help`
  run in pairs with them (the note gives the ratio to `python -c "import typer, rich"`);
- `clauses check`: every clause rendered in every language, under 3 s;
- `clauses list`, index warm (reported: it prints all 10,081 clauses).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    PEER,
    Row,
    absolute_row,
    compile_bytecode,
    csp_draft,
    environment,
    median_wall,
    paired,
    ratio_row,
    repeat,
    report,
    run,
)
from generate import THEMES, make_library

SEARCH_TARGET = 2.0
CHECK_LIMIT_S = 3.0


def scenarios(count: int = 10_000, runs: int = 11, keep: Path | None = None) -> list[Row]:
    compile_bytecode()
    temp = tempfile.mkdtemp(prefix="csp-draft-bench-")
    try:
        root = keep or Path(temp)
        started = time.perf_counter()
        if not (root / "clauses").is_dir():
            make_library(root, count)
        made = time.perf_counter() - started
        env = environment(Path(temp) / "cache-home")
        cli = csp_draft()
        rows: list[Row] = []

        cold = []
        for _ in range(max(1, runs // 5)):
            shutil.rmtree(root / ".csp-draft-cache", ignore_errors=True)
            cold.append(run([*cli, "clauses", "search", "zzzz"], env=env, cwd=root))
        rows.append(absolute_row(f"{count:,} clauses: index build, cold", cold, None,
                                 note=f"library generated in {made:.1f} s"))

        middle = count // 2
        show_id = f"{list(THEMES)[middle % len(THEMES)]}-{middle:05d}"  # as make_library names it
        startup = [*cli, "--help"]
        for label, args in (("search (en, warm)", ["clauses", "search", "journalists"]),
                            ("search (ru, warm)", ["clauses", "search", "задержанными"]),
                            ("show (warm)", ["clauses", "show", show_id])):
            ours, peer, ratios = paired(cli + args, startup, runs, warmup=1, env=env, cwd=root)
            baseline = [run(PEER, env=env, cwd=root) for _ in range(runs)]
            rows.append(ratio_row(
                f"{count:,} clauses: {label}", ours, peer, ratios, SEARCH_TARGET,
                note=f"peer: csp-draft --help; {median_wall(ours) / median_wall(baseline):.2f}x "
                     "of python -c 'import typer, rich'"
                     + ("; prints the example rendering stored at indexing" if "show" in label
                        else "")))

        checks = repeat([*cli, "clauses", "check"], max(3, runs // 3), warmup=1, env=env,
                        cwd=root)
        rows.append(absolute_row(f"{count:,} clauses: clauses check", checks, CHECK_LIMIT_S,
                                 note=f"spread {_spread(checks)}"))
        listing = repeat([*cli, "clauses", "list"], 3, warmup=0, env=env, cwd=root)
        rows.append(absolute_row(f"{count:,} clauses: clauses list (warm)", listing, None))
        return rows
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _spread(samples: list) -> str:
    walls = [sample.wall for sample in samples]
    return f"{min(walls):.2f}-{max(walls):.2f} s over {len(walls)} runs, " \
           f"stdev {statistics.pstdev(walls):.2f} s"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="clauses to generate")
    parser.add_argument("--runs", type=int, default=11, help="paired runs per scenario")
    parser.add_argument("--keep", type=Path, help="generate into (or reuse) this folder")
    args = parser.parse_args(argv)
    rows = scenarios(args.count, args.runs, args.keep)
    return report("csp-draft at library scale", rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
