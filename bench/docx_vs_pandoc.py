"""Time csp-draft's DOCX writer against pandoc on the same Markdown.

    python bench/docx_vs_pandoc.py [--runs 15] [--sizes 50,500,5000]

For each size the script writes a resolution-like Markdown file (numbered paragraphs in
sections of ten, bold, italics and a footnote per section), then runs both converters as
fresh processes in pairs, alternating which goes first, so interpreter and pandoc
start-up are both counted and drift affects both alike. It prints the median times, the
median of the paired ratios, the target for that size and whether it is met. Last it
prints the start-up floor: an interpreter that only imports the libraries the writer
must use (markdown-it-py, its plugins, zipfile), for comparison.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
# What a user's export of a rendered draft runs, minus the CLI: read, write_output, exit
# (freezing the garbage collector first, as csp_draft.cli.run does).
SNIPPET = (
    "import gc, sys\n"
    "from pathlib import Path\n"
    "from csp_draft.writers import write_output\n"
    "write_output(Path(sys.argv[1]).read_text(encoding='utf-8'), 'docx', Path(sys.argv[2]))\n"
    "gc.freeze()\n"
)
TARGETS = {50: 1.5, 500: 0.5, 5000: 0.5}
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


def time_once(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="paired runs per size")
    parser.add_argument("--sizes", default="50,500,5000", help="paragraph counts")
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("pandoc is not installed; apt-get install pandoc", file=sys.stderr)
        return 2
    env = dict(os.environ)
    # An installed package has its bytecode compiled; let the warm-up run write it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True)
    print(f"python {sys.version.split()[0]}; {version.stdout.splitlines()[0]}; {args.runs} runs")
    print(f"{'paragraphs':>10} {'csp-draft':>10} {'pandoc':>10} {'ratio':>7} {'target':>7}  result")
    failed = False
    with tempfile.TemporaryDirectory(prefix="csp-draft-bench-") as temp:
        folder = Path(temp)
        for size in (int(part) for part in args.sizes.split(",")):
            source = folder / f"draft-{size}.md"
            source.write_text(make_markdown(size), encoding="utf-8")
            ours = [sys.executable, "-c", SNIPPET, str(source), str(folder / f"ours-{size}.docx")]
            theirs = [pandoc, "-f", "markdown", "-t", "docx", str(source), "-o",
                      str(folder / f"pandoc-{size}.docx")]
            time_once(ours, env)  # warm the page cache and write the .pyc files
            time_once(theirs, env)
            ours_times, theirs_times, ratios = [], [], []
            for run in range(args.runs):
                if run % 2:
                    theirs_time, ours_time = time_once(theirs, env), time_once(ours, env)
                else:
                    ours_time, theirs_time = time_once(ours, env), time_once(theirs, env)
                ours_times.append(ours_time)
                theirs_times.append(theirs_time)
                ratios.append(ours_time / theirs_time)
            ratio = statistics.median(ratios)
            target = TARGETS.get(size)
            verdict = "-" if target is None else ("pass" if ratio <= target else "FAIL")
            failed |= verdict == "FAIL"
            print(
                f"{size:>10} {statistics.median(ours_times):>9.3f}s "
                f"{statistics.median(theirs_times):>9.3f}s {ratio:>6.2f}x "
                f"{'' if target is None else f'<={target}x':>7}  {verdict}"
            )
        floor = [sys.executable, "-c", FLOOR]
        time_once(floor, env)
        floor_time = statistics.median(time_once(floor, env) for _ in range(args.runs))
        bare = statistics.median(
            time_once([sys.executable, "-c", "pass"], env) for _ in range(args.runs)
        )
    print(f"start-up floor: python -c pass {bare:.3f}s; + library imports {floor_time:.3f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
