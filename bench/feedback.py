"""Returned Word files: `csp-draft feedback import` on a generated 500-item resolution whose
returned DOCX carries 200 changes, and the refusal of hostile files.

    python bench/feedback.py [--items 500] [--changes 200] [--runs 5]

The returned file is the draft's own export with tracked changes written into it: an
insertion in every changed item, and a deletion of its first words in every other one.
Each run starts from no stored feedback (the command is `sh -c "rm -rf FOLDER && csp-draft
feedback import ..."`; the shell and rm cost a few milliseconds). Targets: the import under
1 s, and within 2x the same draft's `export -f docx` (the import renders the draft too);
each hostile file (zip bomb, DOCTYPE, entity, 100,000 comments) refused under 1 s with
a peak memory under 50 MB.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    Row,
    Sample,
    absolute_row,
    compile_bytecode,
    csp_draft,
    environment,
    paired,
    ratio_row,
    run,
)
from generate import make_draft

IMPORT_LIMIT_S = 1.0
HOSTILE_LIMIT_S = 1.0
HOSTILE_RSS_MB = 50.0
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def returned_with_changes(circulated: Path, target: Path, changes: int) -> int:
    """Write ``target``: ``circulated`` with tracked changes in ``changes`` items."""
    from lxml import etree

    with zipfile.ZipFile(circulated) as zin:
        parts = {info.filename: zin.read(info.filename) for info in zin.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    marked = [p for p in root.iter(f"{{{W}}}p") if p.find(f"{{{W}}}bookmarkStart") is not None]
    step = max(1, len(marked) // changes)
    done = 0
    for number, paragraph in enumerate(marked[::step][:changes]):
        run_ = paragraph.find(f"{{{W}}}r")
        if run_ is None or run_.find(f"{{{W}}}t") is None:
            continue
        attrs = {f"{{{W}}}id": str(900 + 2 * number), f"{{{W}}}author": "Author",
                 f"{{{W}}}date": "2026-11-30T09:00:00Z"}
        ins = etree.Element(f"{{{W}}}ins", attrs)
        added = etree.SubElement(etree.SubElement(ins, f"{{{W}}}r"), f"{{{W}}}t")
        added.text = f" (amendment {number + 1})"
        added.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        last = [r for r in paragraph.iter(f"{{{W}}}r") if r.find(f"{{{W}}}t") is not None][-1]
        last.addnext(ins)
        if number % 2:
            deleted = etree.Element(f"{{{W}}}del", {**attrs, f"{{{W}}}id": str(901 + 2 * number)})
            run_.addprevious(deleted)
            deleted.append(run_)
            text = run_.find(f"{{{W}}}t")
            text.tag = f"{{{W}}}delText"
        done += 1
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    _write_zip(target, parts)
    return done


def _write_zip(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)


def hostile_files(folder: Path) -> dict[str, Path]:
    body = f'<w:document xmlns:w="{W}"><w:body/></w:document>'.encode()
    files = {
        "DOCTYPE": {"word/document.xml": b"<!DOCTYPE w:document>" + body},
        "entity": {"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]>'
                   + body.replace(b"<w:body/>", b"<w:body>&e;</w:body>")},
        "100,000 comments": {"word/document.xml": body, "word/comments.xml": (
            f'<w:comments xmlns:w="{W}">'.encode() + b"".join(
                b'<w:comment w:id="%d"><w:p/></w:comment>' % n for n in range(100_000))
            + b"</w:comments>")},
    }
    bomb = folder / "hostile-bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout, zout.open(
            "word/document.xml", "w", force_zip64=True) as stream:
        zeros = b"\0" * 2**20
        for _ in range(400):  # written in pieces: a fork of this process must stay small
            stream.write(zeros)
    paths = {"zip bomb (400 MB of zeros)": bomb}
    for label, parts in files.items():
        path = folder / f"hostile-{len(paths)}.docx"
        _write_zip(path, parts)
        paths[label] = path
    return paths


_LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps([time.perf_counter() - start, usage.ru_utime + usage.ru_stime,
                  usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)]))
"""


def small_run(command: list[str], *, env: dict[str, str], cwd: Path) -> Sample:
    """Run ``command`` from a small launcher process: a child forked from this one (which
    holds the generated inputs) would count this process's memory as its own peak."""
    import json
    import subprocess

    out = subprocess.run([sys.executable, "-c", _LAUNCHER, *command], env=env, cwd=cwd,
                         capture_output=True, text=True, check=True).stdout
    wall, cpu, rss, code = json.loads(out)
    return Sample(wall, cpu, rss, code)


def refusal_rows(title: str, folder: Path, runs: int, env: dict[str, str],
                 command: Callable[[Path], list[str]]) -> list[Row]:
    """A row per hostile Word file written into ``folder``: ``command(path)`` run ``runs``
    times from a small launcher; passed when every run exits 1 in time and memory."""
    rows = []
    for label, path in hostile_files(folder).items():
        samples = [small_run(command(path), env=env, cwd=folder) for _ in range(runs)]
        row = absolute_row(f"{title}: {label}", samples, HOSTILE_LIMIT_S,
                           note=f"{path.stat().st_size / 1e3:.0f} kB; peak memory target "
                           f"< {HOSTILE_RSS_MB:g} MB")
        row.passed = (bool(row.passed) and all(sample.code == 1 for sample in samples)
                      and (row.rss_mb or 0) < HOSTILE_RSS_MB)
        rows.append(row)
    return rows


def scenarios(items: int = 500, changes: int = 200, runs: int = 5) -> list[Row]:
    compile_bytecode()
    temp = Path(tempfile.mkdtemp(prefix="csp-draft-bench-"))
    try:
        (temp / "csp-draft.yaml").write_text("coalition: Benchmark coalition\n"
                                             "languages: [en, ru]\n", encoding="utf-8")
        draft = make_draft(temp / "resolution.yaml", items)
        env = environment(temp / "cache-home")
        run([*csp_draft(), "export", draft.name, "-f", "docx", "--lang", "en", "-o",
             "resolution.docx"], env=env, cwd=temp)
        made = returned_with_changes(temp / "resolution.docx", temp / "returned.docx", changes)
        command = " ".join(shlex.quote(part) for part in [
            *csp_draft(), "feedback", "import", "returned.docx", draft.name, "--from", "Bench"])
        export = " ".join(shlex.quote(part) for part in [
            *csp_draft(), "export", draft.name, "-f", "docx", "--lang", "en", "-o", "x.docx",
            "--force"])
        samples, peer, ratios = paired(
            ["sh", "-c", f"rm -rf resolution.feedback && {command}"],
            ["sh", "-c", f"rm -rf x.docx && {export}"], runs, env=env, cwd=temp)
        stored = next((temp / "resolution.feedback").glob("*.yaml")).read_text("utf-8")
        row = absolute_row(f"{items}-item draft: feedback import, {made} changes", samples,
                           IMPORT_LIMIT_S, note=f"{stored.count('- id: ')} proposals stored")
        ratio = ratio_row(f"{items}-item draft: feedback import vs export docx", samples, peer,
                          ratios, 2.0, note="the same draft's `export -f docx`, run in turn "
                          "with the import (a ratio holds on a busy machine)")
        rows = [row, ratio]
        rows += refusal_rows("hostile file refused", temp, runs, env, lambda path: [
            *csp_draft(), "feedback", "import", path.name, draft.name, "--from", "Hostile"])
        return rows
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    from _harness import report

    rows = scenarios(args.items, args.changes, args.runs)
    return report("csp-draft reading returned Word files", rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
