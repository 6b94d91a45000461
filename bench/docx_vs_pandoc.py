"""Time csp-draft's DOCX output against pandoc's: the writer alone, and the whole command.

    python bench/docx_vs_pandoc.py [--runs 15] [--sizes 50,500,5000] [--items 500]
    python bench/docx_vs_pandoc.py --only export    # the whole command only
    python bench/docx_vs_pandoc.py --only writer    # the writer only

Writer rows: for each size the script writes a resolution-like Markdown file (numbered
paragraphs in sections of ten, bold, italics and a footnote per section), then runs both
converters as fresh processes in pairs, alternating which goes first, so interpreter and
pandoc start-up are both counted and drift affects both alike. It prints the median times, the
median of the paired ratios, the target for that size and whether it is met, and, in the
first row's note, the start-up floor: an interpreter that only imports the libraries the
writer must use (markdown-it-py, its plugins, zipfile). bench/run includes these rows.

csp-draft's side is the writer as `csp-draft export --format docx` calls it, without the
command line around it: pandoc converts Markdown, and csp-draft's commands take drafts.

Export row: what a user runs. bench/generate.py writes a resolution of ``--items`` items
(packaged clauses with values, free text, footnotes) into a workspace of its own;
`csp-draft export DRAFT --format md` gives its Markdown once. Then `csp-draft export DRAFT
--format docx` (read the draft and the library index, render the clauses, write the DOCX)
runs against `pandoc -f markdown -t docx` on that Markdown, paired fresh processes as above,
the index warm. Target: at most 0.5x pandoc's time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    Row,
    compile_bytecode,
    csp_draft,
    environment,
    median_wall,
    paired,
    print_rows,
    ratio_row,
    repeat,
    run,
)
from generate import make_draft

SRC = Path(__file__).resolve().parent.parent / "src"
# What a user's export of a rendered draft runs, minus the CLI: read, write_output, exit
# (freezing the garbage collector first, as csp_draft.cli.main.run does).
SNIPPET = (
    "import gc, sys\n"
    "from pathlib import Path\n"
    "from csp_draft.writers.formats import write_output\n"
    "write_output(Path(sys.argv[1]).read_text(encoding='utf-8'), 'docx', Path(sys.argv[2]))\n"
    "gc.freeze()\n"
)
TARGETS = {50: 1.5, 500: 0.5, 5000: 0.5}
EXPORT_TARGET = 0.5
FLOOR = "import markdown_it, mdit_py_plugins.footnote, mdit_py_plugins.front_matter, zipfile"


def make_markdown(paragraphs: int) -> str:
    """A draft with ``paragraphs`` numbered operative paragraphs, ten per section."""
    lines = [
        "---",
        "title: Resolution on the protection of civic space",
        "subtitle: Benchmark draft",
        "author: Benchmark Coalition",
        "lang: en",
        "date: 2026-01-15",
        "---",
        "",
    ]
    notes = []
    for index in range(paragraphs):
        number = index % 10 + 1
        if number == 1:
            lines += [f"## Section {index // 10 + 1}", ""]
            lines.append(
                f"{number}. *Calls upon* all States to **protect civic space** and to review "
                f"legislation that restricts the work of human rights defenders[^n{index}];"
            )
            notes.append(
                f"[^n{index}]: See the report of the Special Rapporteur, A/HRC/{index}/27, "
                "paras. 12-15."
            )
        else:
            lines.append(
                f"{number}. **Urges** the authorities to ensure that paragraph {index} is "
                "implemented in full, in consultation with civil society organisations;"
            )
        if number == 10 or index == paragraphs - 1:
            lines.append("")
    return "\n".join([*lines, *notes, ""])


def scenarios(runs: int = 15, sizes: Sequence[int] = (50, 500, 5000)) -> list[Row]:
    """One row per size: csp-draft's DOCX writer against pandoc, paired fresh processes."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return [Row("DOCX writer vs pandoc", None,
                    note="pandoc is not installed (apt-get install pandoc)")]
    env = dict(os.environ)
    # An installed package has its bytecode compiled; let the warm-up run write it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="csp-draft-bench-") as temp:
        folder = Path(temp)
        for size in sizes:
            source = folder / f"draft-{size}.md"
            source.write_text(make_markdown(size), encoding="utf-8")
            ours = [sys.executable, "-c", SNIPPET, str(source), str(folder / f"ours-{size}.docx")]
            theirs = [pandoc, "-f", "markdown", "-t", "docx", str(source), "-o",
                      str(folder / f"pandoc-{size}.docx")]
            mine, peer, ratios = paired(ours, theirs, runs, warmup=1, env=env)
            rows.append(ratio_row(f"{size:,} paragraphs: DOCX writer vs pandoc", mine, peer,
                                  ratios, TARGETS.get(size, 0.5),
                                  note=f"peer: {version.stdout.splitlines()[0]} -t docx"))
        floor = [sys.executable, "-c", FLOOR]
        bare = median_wall(repeat([sys.executable, "-c", "pass"], runs, env=env))
        imports = median_wall(repeat(floor, runs, env=env))
    rows[0].note += (f"; start-up floor: python -c pass {bare:.3f} s, "
                     f"+ the libraries the writer needs {imports:.3f} s")
    return rows


def export_scenario(runs: int = 15, items: int = 500) -> list[Row]:
    """`csp-draft export DRAFT --format docx` against pandoc on that draft's Markdown."""
    label = f"{items:,}-item draft: export docx vs pandoc"
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return [Row(label, None, note="pandoc is not installed (apt-get install pandoc)")]
    compile_bytecode()
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True)
    with tempfile.TemporaryDirectory(prefix="csp-draft-bench-") as temp:
        folder = Path(temp)
        (folder / "csp-draft.yaml").write_text("coalition: Benchmark coalition\n"
                                               "languages: [en, ru]\n", encoding="utf-8")
        draft = make_draft(folder / "resolution.yaml", items)
        env = environment(folder / "cache-home")
        export = [*csp_draft(), "export", draft.name]
        run([*export, "--format", "md", "-o", "resolution.md"], env=env, cwd=folder)
        markdown = folder / "resolution.md"
        ours = [*export, "--format", "docx", "-o", "ours.docx", "--force"]
        theirs = [pandoc, "-f", "markdown", "-t", "docx", markdown.name, "-o", "pandoc.docx"]
        mine, peer, ratios = paired(ours, theirs, runs, warmup=1, env=env, cwd=folder)
        note = (f"peer: {version.stdout.splitlines()[0]} -f markdown -t docx on the export's "
                f"Markdown ({markdown.stat().st_size / 1e3:.0f} kB); "
                f"draft {draft.stat().st_size / 1e3:.0f} kB of YAML")
    return [ratio_row(label, mine, peer, ratios, EXPORT_TARGET, note=note)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="paired runs per row")
    parser.add_argument("--sizes", default="50,500,5000", help="paragraph counts (writer rows)")
    parser.add_argument("--items", type=int, default=500, help="items of the exported draft")
    parser.add_argument("--only", choices=("writer", "export"),
                        help="only the writer rows, or only the whole command")
    args = parser.parse_args(argv)
    rows = []
    if args.only != "export":
        rows += scenarios(args.runs, [int(part) for part in args.sizes.split(",")])
    if args.only != "writer":
        rows += export_scenario(args.runs, args.items)
    print_rows("csp-draft's DOCX output against pandoc", rows)
    return 0 if all(row.passed is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
