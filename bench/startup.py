"""Start-up: `csp-draft --help` and `csp-draft clauses list` against importing typer and rich.

    python bench/startup.py [--runs 21]

Both run on the packaged library, outside any workspace, with the library index warm (a
private cache folder is used and filled by a first run). Target: within 1.5x of
`python -c "import typer, rich"` on the same machine, the median of paired runs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    PEER,
    Row,
    compile_bytecode,
    csp_draft,
    environment,
    paired,
    ratio_row,
    report,
)

TARGET = 1.5


def scenarios(runs: int = 21) -> list[Row]:
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="csp-draft-bench-") as temp:
        folder = Path(temp)
        env = environment(folder / "cache")
        rows = []
        for label, args in (("start-up: --help", ["--help"]),
                            ("start-up: clauses list (81 clauses)", ["clauses", "list"])):
            ours, peer, ratios = paired(csp_draft() + args, PEER, runs, warmup=2, env=env,
                                        cwd=folder)
            rows.append(ratio_row(label, ours, peer, ratios, TARGET,
                                  note="peer: python -c 'import typer, rich'"))
        return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="paired runs per scenario")
    args = parser.parse_args(argv)
    rows = scenarios(args.runs)
    return report("csp-draft start-up", rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
