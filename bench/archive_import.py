"""Importing the archive: `csp-draft import` of a 500-paragraph Word file against a
10,000-clause library.

    python bench/archive_import.py [--paragraphs 500] [--count 10000] [--runs 5]

The Word file is csp-draft's own export of a generated 500-item resolution (packaged
clauses, free texts, footnotes), so most paragraphs have a clause to find among the
10,000 generated ones and the 134 packaged ones. Target: under 5 s; the peer is the same
draft's `export -f docx` (which renders what the import has to recognise). Hostile Word
files (a zip bomb, a DOCTYPE, an entity, 100,000 comments) are refused under 1 s and 50 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _harness import (
    Row,
    absolute_row,
    compile_bytecode,
    csp_draft,
    environment,
    paired,
    print_rows,
    ratio_row,
    run,
)
from feedback import refusal_rows
from generate import make_draft, make_library

IMPORT_LIMIT_S = 5.0


def scenarios(paragraphs: int = 500, count: int = 10_000, runs: int = 5) -> list[Row]:
    compile_bytecode()
    temp = Path(tempfile.mkdtemp(prefix="csp-draft-bench-import-"))
    try:
        make_library(temp, count)
        env = environment(temp / "cache-home")
        cli = csp_draft()
        draft = make_draft(temp / "archive.yaml", paragraphs)
        word = temp / "archive.docx"
        run([*cli, "export", str(draft), "-f", "docx", "--lang", "en", "-o", str(word)],
            env=env, cwd=temp)
        run([*cli, "clauses", "list"], env=env, cwd=temp)  # the index, as after any use
        ours = [*cli, "import", str(word), "-o", str(temp / "imported"), "--force"]
        peer = [*cli, "export", str(draft), "-f", "docx", "--lang", "en", "-o",
                str(temp / "again.docx"), "--force"]
        mine, theirs, ratios = paired(ours, peer, runs, env=env, cwd=temp)
        rows = [
            absolute_row(f"import {paragraphs}-paragraph DOCX, {count:,} clauses", mine,
                         IMPORT_LIMIT_S, note=_found_again(draft, temp / "imported", env)),
            ratio_row(f"import vs export of the same draft ({paragraphs} items)", mine,
                      theirs, ratios, 2.0, note="peer: csp-draft export -f docx"),
        ]
        rows += refusal_rows("import refuses", temp, runs, env, lambda path: [
            *cli, "import", path.name, "-o", "hostile-out"])
        return rows
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _found_again(draft: Path, imported: Path, env: dict[str, str]) -> str:
    """How many of the draft's clause uses the import gave back (against the same library
    the import used: the generated workspace's)."""
    from tests.archive.roundtrip import compare

    before = (Path.cwd(), os.environ.get("XDG_CACHE_HOME"))
    os.chdir(draft.parent)
    os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]
    try:
        outcome = compare(draft, imported / f"{draft.stem}.yaml", "en")
    finally:
        os.chdir(before[0])
        if before[1] is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = before[1]
    return (f"{outcome.ids} of {outcome.uses} clause uses back ({outcome.values} with their "
            f"values), {len(outcome.extra)} found where the draft has none")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=500)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    rows = scenarios(args.paragraphs, args.count, args.runs)
    print_rows("csp-draft import", rows)
    return 1 if any(row.passed is False for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
