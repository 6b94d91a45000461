"""Shared libraries: a 10,000-clause library fetched through git and read from the cache.

    python bench/shared_library.py [--runs 5]

Two scenarios, each command a fresh process on a generated library (bench/generate.py) in
a local git repository:
- `csp-draft library add` into a new workspace with an empty cache: a bare repository is
  made, everything fetched, the files of the commit read from git objects and written,
  and the lock file written (reported);
- `csp-draft library update --dry-run` after one new upstream commit: the new commit is
  fetched and all its files read from the bare cache and compared with the pinned ones
  (target: under 1 s).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Row, absolute_row, compile_bytecode, csp_draft, environment, report, run
from generate import make_library

GIT_ID = ["-c", "user.name=bench", "-c", "user.email=bench@example.org"]


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *GIT_ID, *args], cwd=folder, check=True, capture_output=True)


def scenarios(runs: int = 5, count: int = 10_000) -> list[Row]:
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="csp-draft-bench-") as temp:
        folder = Path(temp)
        upstream = folder / "upstream"
        make_library(upstream, count)
        _git(upstream, "init", "-q", "-b", "main")
        _git(upstream, "add", "-A")
        _git(upstream, "commit", "-q", "-m", "library")
        adds = []
        for number in range(runs):
            workspace = folder / f"ws{number}"
            env = environment(folder / f"cache{number}")
            run([*csp_draft(), "init", str(workspace), "--coalition", "Bench"], env=env)
            adds.append(run([*csp_draft(), "library", "add", str(upstream), "--as", "big"],
                            env=env, cwd=workspace))
        workspace, env = folder / "ws0", environment(folder / "cache0")
        first = next(upstream.rglob("*.yaml"))
        first.write_text(first.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        _git(upstream, "commit", "-q", "-am", "one change")
        updates = [run([*csp_draft(), "library", "update", "--dry-run"], env=env,
                       cwd=workspace) for _ in range(runs)]
        shutil.rmtree(folder / "cache0", ignore_errors=True)
        return [
            absolute_row(f"shared library: add {count:,} clauses (cold)", adds, None),
            absolute_row(f"shared library: update --dry-run, {count:,} clauses", updates, 1.0,
                         note="reads the new commit from the bare cache"),
        ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per scenario")
    parser.add_argument("--count", type=int, default=10_000, help="clauses to generate")
    args = parser.parse_args(argv)
    rows = scenarios(args.runs, args.count)
    return report("csp-draft shared libraries", rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
