"""The import round trip of the packaged examples: each exported, imported back, and its
clause uses compared with the original's (ids and values, in document order); then the
imported draft exported to Markdown again and compared byte for byte with the original's.

    python bench/import_roundtrip.py [--formats md,docx,pdf] [--lang en,ru] [--example ID]

Prints one line per example, language and format: clause uses, found with the same id,
with the same values too, clauses found where the original has none (a paragraph taken for
a clause it is not), whether the Markdown re-export is identical, and what was missed or
found wrongly; then the totals per language and format. Commands run as a user runs them
(the installed `csp-draft`, a fresh process each); PDF needs LibreOffice and pdftotext.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _harness import csp_draft, environment

from tests.archive.roundtrip import EXAMPLES, compare


def _run(command: list[str], env: dict[str, str], cwd: Path, *, check: bool = True) -> str:
    """Run a command; its error output when it fails (``check``: stop the bench)."""
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0 and check:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return done.stderr.strip().splitlines()[-1] if done.returncode else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--formats", default="md,docx,pdf")
    parser.add_argument("--lang", default="en,ru")
    parser.add_argument("--example", action="append", choices=EXAMPLES)
    args = parser.parse_args(argv)
    formats = args.formats.split(",")
    languages = args.lang.split(",")
    cli = csp_draft()
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    with tempfile.TemporaryDirectory(prefix="csp-draft-roundtrip-") as temp:
        folder = Path(temp)
        env = environment(folder / "cache-home")
        os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]  # the comparison's library
        print(f"{'example':30} {'lang':4} {'fmt':4} {'uses':>4} {'ids':>4} {'values':>6} "
              f"{'extra':>5} {'md':>4}  missed")
        for example in args.example or EXAMPLES:
            original = folder / f"{example}.yaml"
            _run([*cli, "example", example, str(original)], env, folder)
            for lang in languages:
                again = folder / f"{example}-{lang}.md"
                _run([*cli, "export", str(original), "-f", "md", "--lang", lang, "-o",
                      str(again)], env, folder)
                for fmt in formats:
                    exported = folder / fmt / f"{example}-{lang}.{fmt}"
                    exported.parent.mkdir(exist_ok=True)
                    _run([*cli, "export", str(original), "-f", fmt, "--lang", lang, "-o",
                          str(exported), "--force"], env, folder)
                    out = folder / f"imported-{fmt}"
                    _run([*cli, "import", str(exported), "-o", str(out), "--force"], env,
                         folder)
                    imported = out / f"{example}-{lang}.yaml"
                    outcome = compare(original, imported, lang)
                    remade = folder / f"remade-{fmt}-{example}-{lang}.md"
                    failed = _run([*cli, "export", str(imported), "-f", "md", "--lang", lang,
                                   "-o", str(remade), "--force"], env, folder, check=False)
                    same = not failed and remade.read_bytes() == again.read_bytes()
                    if failed:
                        outcome.missed.append(f"re-export failed: {failed}")
                    row = totals[(lang, fmt)]
                    row[0] += outcome.uses
                    row[1] += outcome.ids
                    row[2] += outcome.values
                    row[3] += same
                    row[4] += 1
                    row[5] += len(outcome.extra)
                    wrong = [f"{clause_id} (extra)" for clause_id in outcome.extra]
                    print(f"{example:30} {lang:4} {fmt:4} {outcome.uses:4} {outcome.ids:4} "
                          f"{outcome.values:6} {len(outcome.extra):5} "
                          f"{'same' if same else 'diff':>4}  "
                          f"{', '.join(outcome.missed + wrong)}", flush=True)
    print()
    for (lang, fmt), (uses, ids, values, same, count, extra) in sorted(totals.items()):
        print(f"{lang} {fmt:4}: {uses} clause uses, {ids} back with their id, {values} with "
              f"their values too, {extra} found where the original has none; Markdown "
              f"re-export identical for {same} of {count} examples")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
