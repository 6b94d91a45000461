"""Markdown samples shaped like the renderer's output, shared by the writer tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

BULLETS = [f"Demand number {n} of the coalition" for n in range(1, 17)]


def resolution_markdown(*, lang: str = "en", date: str = "2026-11-23") -> str:
    """Ten numbered recommendations; the seventh has 16 bullet sub-items; two footnotes."""
    lines = [
        "---",
        "title: Resolution on Civic Space",
        "subtitle: Adopted at the Civil Society Forum",
        "author: Civic Solidarity Coalition",
        f"lang: {lang}",
        f"date: {date}",
        "subject: Resolution",
        "keywords: [civic space, defenders]",
        "---",
        "",
        "# Preamble",
        "",
        "*Recalling* the Helsinki Final Act[^hfa] and **noting** the "
        "[report](https://www.osce.org/odihr/report?id=1&lang=en) of ODIHR,",
        "",
        "> Everyone has the right to freedom of expression.",
        "",
        "# Recommendations",
        "",
    ]
    for number in range(1, 11):
        if number == 7:
            lines.append(f"{number}. Urges the authorities to meet these demands:[^demands]")
            lines.append("")
            lines.extend(f"   - {item}" for item in BULLETS)
            lines.append("")
        else:
            lines.append(f"{number}. Recommendation number {number} of the Forum.")
            lines.append("")
    lines += [
        "[^hfa]: Conference on Security and Co-operation in Europe, Final Act, Helsinki, 1975.",
        "",
        "[^demands]: Demands collected from member organisations in March 2026.",
        "",
    ]
    return "\n".join(lines)


@pytest.fixture
def resolution() -> str:
    return resolution_markdown()


@pytest.fixture
def make_resolution() -> Callable[..., str]:
    return resolution_markdown
