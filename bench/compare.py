"""Time `csp-draft compare` on a long document: 5,000 paragraphs with 5% of them changed.

    python bench/compare.py [--paragraphs 5000] [--changed 0.05] [--runs 5] [--seed 1]

The old version is a resolution-like Markdown text (numbered paragraphs in sections of
ten, bold and italics, a footnote per section); the new one changes a share of the
paragraphs: most get a few words replaced, some are inserted, some deleted (which also
renumbers the rest of their section and relabels later footnotes). The script prints the
median time of each step, in this process (imports excluded):

- align: parsing both texts and aligning their blocks (compare_markdown); the parse alone
  (the same markdown-it parse an export does) is shown too, as most of it;
- words: the word-level diff and CriticMarkup of every changed paragraph (critic_markdown);
- diff: the two together, against the 2 s target;
- docx: the Word redline with tracked changes, for comparison (not part of the target).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from csp_draft.compare.align import Redline, compare_markdown
from csp_draft.compare.critic import accept, critic_markdown
from csp_draft.markdown.parse import parse_document
from csp_draft.writers.docx.redline import build_redline_docx

TARGET_SECONDS = 2.0
WORDS = [
    "authorities", "civil", "society", "defenders", "journalists", "lawyers", "courts",
    "elections", "observers", "assembly", "association", "expression", "detention", "release",
    "review", "protect", "ensure",
]


def paragraphs(count: int, rng: random.Random) -> list[str]:
    """The paragraphs' texts (without numbers), some with bold or italics."""
    texts = []
    for index in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(18, 40))]
        if index % 7 == 0:
            words[3] = f"**{words[3]}**"
        if index % 11 == 0:
            words[8] = f"*{words[8]}*"
        texts.append(f"Paragraph {index}: " + " ".join(words) + ".")
    return texts


def markdown(texts: list[str | None], notes: dict[int, str]) -> str:
    """Numbered paragraphs, ten per section; ``None`` entries are left out."""
    lines = ["---", "title: Resolution on civic space", "lang: en", "date: 2026-01-15", "---", ""]
    definitions = []
    label = 0
    for section_start in range(0, len(texts), 10):
        lines += [f"## Section {section_start // 10 + 1}", ""]
        number = 0
        for index in range(section_start, min(section_start + 10, len(texts))):
            text = texts[index]
            if text is None:
                continue
            number += 1
            if index in notes:
                label += 1
                text += f"[^{label}]"
                definitions.append(f"[^{label}]: {notes[index]}")
            lines += [f"{number}. {text}", ""]
    return "\n".join(lines + [d + "\n" for d in definitions])


def versions(count: int, share: float, seed: int) -> tuple[str, str, int]:
    rng = random.Random(seed)
    texts = paragraphs(count, rng)
    notes = {index: f"See the report A/HRC/{index}/27, paragraph {index % 40 + 1}."
             for index in range(0, count, 10)}
    old: list[str | None] = list(texts)
    new: list[str | None] = list(texts)
    changed = rng.sample(range(count), int(count * share))
    for position, index in enumerate(changed):
        kind = position % 5
        if kind == 0:  # deleted
            new[index] = None
        elif kind == 1:  # inserted: absent from the old version
            old[index] = None
        else:  # a few words replaced
            words = texts[index].split(" ")
            for _ in range(rng.randint(1, 3)):
                words[rng.randrange(2, len(words))] = rng.choice(WORDS)
            new[index] = " ".join(words)
    return markdown(old, notes), markdown(new, notes), len(changed)


def median_time(step: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=5000)
    parser.add_argument("--changed", type=float, default=0.05)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    old, new, changed = versions(args.paragraphs, args.changed, args.seed)
    print(f"{args.paragraphs:,} paragraphs, {changed:,} changed "
          f"({args.changed:.0%}); {len(old):,} and {len(new):,} characters; "
          f"median of {args.runs} runs")
    redline: Redline = compare_markdown(old, new)
    critic = critic_markdown(redline)
    assert accept(critic) == new
    data = build_redline_docx(redline, author="Bench", date="2026-01-15T00:00:00Z")

    parse = median_time(lambda: (parse_document(old), parse_document(new)), args.runs)
    align = median_time(lambda: compare_markdown(old, new), args.runs)
    words = median_time(lambda: critic_markdown(redline), args.runs)
    docx = median_time(
        lambda: build_redline_docx(redline, author="Bench", date="2026-01-15T00:00:00Z"),
        args.runs)
    diff = align + words
    print(f"  align (parse both, align blocks)    {align:7.3f} s   (of which the parse "
          f"{parse:.3f} s)")
    print(f"  words (word diffs, CriticMarkup)    {words:7.3f} s")
    print(f"  diff  (align + words)               {diff:7.3f} s   target < {TARGET_SECONDS} s: "
          f"{'met' if diff < TARGET_SECONDS else 'NOT met'}")
    print(f"  docx  (Word redline, tracked)       {docx:7.3f} s   ({len(data):,} bytes)")
    return 0 if diff < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
