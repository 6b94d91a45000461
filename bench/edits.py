"""Editing a big draft: `add-clause`, `remove` and `move` on a generated 10,000-item draft,
each against `check` of the same draft (which reads and checks it once, as every edit must
too).

    python bench/edits.py [--items 10000] [--runs 5]

Each run makes one edit (add-clause grows the draft by one item a run, remove shrinks it,
move takes the first item of a section to the end of another), in a workspace of its own
with the index warm. Edits were quadratic in the size of the draft (issue 23: 2.5 s at
2,500 items, 21.6 s at 10,000, unfinished after 500 s at 50,000, with the lock held), and
remove, move, set and sign took some 20 s through ruamel's round trip of the whole file;
targets: an edit under 1 s, and at most 2x a `check` of the same draft.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Row, absolute_row, compile_bytecode, csp_draft, environment, paired, ratio_row
from generate import make_draft

LIMIT_S = 1.0
LIMIT_RATIO = 2.0


def scenarios(items: int = 10_000, runs: int = 5) -> list[Row]:
    compile_bytecode()
    temp = Path(tempfile.mkdtemp(prefix="csp-draft-bench-"))
    try:
        (temp / "csp-draft.yaml").write_text("coalition: Benchmark coalition\n"
                                             "languages: [en, ru]\n", encoding="utf-8")
        draft = make_draft(temp / "resolution.yaml", items)
        env = environment(temp / "cache-home")
        check = [*csp_draft(), "check", draft.name]
        rows = []
        for edit in (["add-clause", draft.name, "decriminalise-defamation"],
                     ["remove", draft.name, "situation.2"],
                     ["move", draft.name, "situation.1", "--to", "recommendations"]):
            ours, peer, ratios = paired([*csp_draft(), *edit], check, runs, env=env, cwd=temp)
            label = f"{items:,}-item draft: {edit[0]}"
            rows += [absolute_row(label, ours, LIMIT_S),
                     ratio_row(f"{label} vs check", ours, peer, ratios, LIMIT_RATIO)]
        return rows
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    from _harness import report

    rows = scenarios(args.items, args.runs)
    return report("csp-draft editing a big draft", rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
