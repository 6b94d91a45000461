"""Big documents: a generated 5,000-paragraph resolution exported to Markdown and DOCX.

    python bench/documents.py [--paragraphs 5000] [--runs 5]

The draft uses the packaged clauses (values for every variable), free text, nine sections
and footnotes (legal bases and notes), in a workspace of its own with the index warm.
Targets: Markdown under 1 s, DOCX under 2 s, each one `csp-draft export` command.
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
    repeat,
)
from generate import make_draft

LIMITS_S = {"md": 1.0, "docx": 2.0}


def scenarios(paragraphs: int = 5_000, runs: int = 5) -> list[Row]:
    compile_bytecode()
    temp = Path(tempfile.mkdtemp(prefix="csp-draft-bench-"))
    try:
        (temp / "csp-draft.yaml").write_text("coalition: Benchmark coalition\n"
                                             "languages: [en, ru]\n", encoding="utf-8")
        draft = make_draft(temp / "resolution.yaml", paragraphs)
        env = environment(temp / "cache-home")
        rows = []
        for fmt, limit in LIMITS_S.items():
            label = f"{paragraphs:,} paragraphs: export {fmt}"
            if fmt == "docx" and not _docx_writer():
                rows.append(Row(label, None, target=f"< {limit:g} s",
                                note="no DOCX writer (csp_draft.writers.formats.write_output)"))
                continue
            command = [*csp_draft(), "export", draft.name, "-f", fmt, "-o", f"out.{fmt}", "--force"]
            samples = repeat(command, runs, warmup=1, env=env, cwd=temp)
            size = (temp / f"out.{fmt}").stat().st_size
            rows.append(absolute_row(label, samples, limit,
                                     note=f"{size / 1e6:.1f} MB written"))
        return rows
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _docx_writer() -> bool:
    try:
        from csp_draft.writers.formats import write_output  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    from _harness import report

    rows = scenarios(args.paragraphs, args.runs)
    return report("csp-draft with big documents", rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
