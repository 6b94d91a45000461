"""Properties of redlines over pairs of drafts (NEW a random edit of OLD) and over any
Markdown: accepting every change gives NEW exactly, rejecting every change gives OLD."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csp_draft.compare.align import compare_markdown
from csp_draft.compare.critic import MARKS, accept, critic_markdown, reject
from csp_draft.writers.docx.redline import build_redline_docx
from csp_draft.writers.docx.write import build_docx
from tests.compare.library import render
from tests.compare.revisions import docx_texts
from tests.compare.strategies import draft_pairs

BLANK_LINE = re.compile(r"\n[ \t]*\n")
PROPERTY_SETTINGS = settings(max_examples=80, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow])


def check_critic(old: str, new: str) -> str:
    critic = critic_markdown(compare_markdown(old, new))
    assert accept(critic) == new
    assert reject(critic) == old
    return critic


def check_docx(old: str, new: str) -> bytes:
    data = build_redline_docx(compare_markdown(old, new), author="Tester",
                              date="2026-11-23T10:00:00Z")
    assert docx_texts(data, accept=True) == docx_texts(build_docx(new))
    assert docx_texts(data, accept=False) == docx_texts(build_docx(old))
    return data


@PROPERTY_SETTINGS
@given(draft_pairs())
def test_draft_redlines_accept_to_new_and_reject_to_old(
    pair: tuple[dict[str, Any], dict[str, Any], str],
) -> None:
    old_draft, new_draft, lang = pair
    old, new = render(old_draft, lang), render(new_draft, lang)
    critic = check_critic(old, new)
    for mark in MARKS.finditer(critic):
        assert not BLANK_LINE.search(mark.group()), mark.group()  # marks stay in one block
    check_docx(old, new)


@PROPERTY_SETTINGS
@given(draft_pairs())
def test_a_draft_compared_with_itself_has_no_marks(
    pair: tuple[dict[str, Any], dict[str, Any], str],
) -> None:
    old_draft, _, lang = pair
    text = render(old_draft, lang)
    redline = compare_markdown(text, text)
    assert not redline.changed
    assert critic_markdown(redline) == text


_PIECES = [
    "# Heading", "## Sub heading", "1. one", "2. two", "3. three", "   1. nested", "- bullet",
    "   - sub bullet", "7. seven", "> quoted", "> - quoted item", "| a | b |\n|---|--:|\n| 1 | 2 |",
    "Text **bold** *it* [link](https://example.org/?a=1) and `code`", "Ref[^n].", "Ref[^m].",
    "[^n]: The note.", "[^m]: Another note\n    on two lines.", "Inline^[an inline note].", "***",
    "```\ncode\n  block\n```", "line one\\", "Кириллица и «кавычки»", "1. - starts with a sublist",
    "A paragraph\non two lines.", "", "", "",
]


@settings(max_examples=150, deadline=None)
@given(
    old=st.lists(st.sampled_from(_PIECES) | st.text(max_size=20), max_size=16),
    new=st.lists(st.sampled_from(_PIECES) | st.text(max_size=20), max_size=16),
    shared=st.lists(st.sampled_from(_PIECES), max_size=8),
)
def test_any_markdown_reads_back_exactly(old: list[str], new: list[str],
                                         shared: list[str]) -> None:
    head = "---\ntitle: Fuzz\nlang: en\n---\n\n"
    old_text = head + "\n".join([*shared, *old, *shared]) + "\n"
    new_text = head + "\n".join([*shared, *new, *shared]) + "\n"
    if any(mark in old_text + new_text for mark in ("{", "}", "→", "\r", "~>")):
        return  # CriticMarkup has no escapes: text holding its marks is not comparable
    critic = critic_markdown(compare_markdown(old_text, new_text))
    assert accept(critic) == new_text
    assert reject(critic) == old_text
    check_docx(old_text, new_text)
