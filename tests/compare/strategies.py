"""Hypothesis strategies: a draft made of the fixture clauses, and a random edit of it."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from tests.compare.library import (
    CLAUSES,
    COUNTRIES,
    ORGS,
    WORDS,
    base_draft,
    clause_values,
)

# Kinds and the sections their drafts use (resolution and statement number items and have
# footnotes; workshop numbers through the document; declaration uses bullets).
SECTIONS = {
    "resolution": ("preamble", "situation", "recommendations"),
    "statement": ("concerns", "calls"),
    "workshop": ("introduction", "group-1", "group-2"),
    "declaration": ("preamble", "goals", "values"),
}
CLAUSE_IDS = tuple(CLAUSES)
STATUSES = ("confirmed", "pending", "withdrawn")


def sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=14))
    text = " ".join(words)
    if draw(st.booleans()):
        position = draw(st.integers(0, len(words) - 1))
        words[position] = f"**{words[position]}**"
        text = " ".join(words)
    return text[0].upper() + text[1:] + "."


@st.composite
def item(draw: st.DrawFn) -> dict[str, Any]:
    if draw(st.integers(0, 3)) == 0:
        entry: dict[str, Any] = {"text": sentence(draw)}
        if draw(st.booleans()):
            entry["text"] += "\n\n" + sentence(draw)
        if draw(st.booleans()):
            entry["footnote"] = sentence(draw)
        return entry
    clause = draw(st.sampled_from(CLAUSE_IDS))
    entry = {"clause": clause}
    values = clause_values(clause, draw(st.integers(0, 20)))
    if values:
        entry["values"] = values
    return entry


@st.composite
def drafts(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(tuple(SECTIONS)))
    draft = base_draft(kind)
    for key in SECTIONS[kind]:
        draft["sections"][key] = {"items": draw(st.lists(item(), min_size=0, max_size=5))}
    draft["signatories"] = [
        {"organisation": org, "country": draw(st.sampled_from(COUNTRIES)),
         "status": draw(st.sampled_from(STATUSES))}
        for org in draw(st.lists(st.sampled_from(ORGS), unique=True, max_size=4))
    ]
    if draw(st.booleans()):
        draft["numbering"] = draw(st.sampled_from(["section", "continuous"]))
    return draft


def _items(draft: dict[str, Any]) -> list[tuple[str, int]]:
    return [(key, index) for key, section in draft["sections"].items()
            for index in range(len(section["items"]))]


@st.composite
def edit(draw: st.DrawFn, draft: dict[str, Any]) -> dict[str, Any]:
    """One random change: add, remove, move or rewrite an item, change a value, a
    footnote, a signatory or the title."""
    draft = copy.deepcopy(draft)
    sections = list(draft["sections"])
    places = _items(draft)
    action = draw(st.sampled_from(
        ["add", "remove", "move", "value", "text", "footnote", "sign", "unsign", "status",
         "title"]))
    if action == "add" or (not places and action in ("remove", "move", "value", "text",
                                                   "footnote")):
        key = draw(st.sampled_from(sections))
        items = draft["sections"][key]["items"]
        items.insert(draw(st.integers(0, len(items))), draw(item()))
    elif action == "remove":
        key, index = draw(st.sampled_from(places))
        del draft["sections"][key]["items"][index]
    elif action == "move":
        key, index = draw(st.sampled_from(places))
        moved = draft["sections"][key]["items"].pop(index)
        target = draft["sections"][draw(st.sampled_from(sections))]["items"]
        target.insert(draw(st.integers(0, len(target))), moved)
    elif action == "value":
        key, index = draw(st.sampled_from(places))
        entry = draft["sections"][key]["items"][index]
        if "clause" in entry:
            values = clause_values(entry["clause"], draw(st.integers(0, 20)))
            if values:
                entry["values"] = values
        else:
            entry["text"] = sentence(draw)
    elif action == "text":
        key, index = draw(st.sampled_from(places))
        entry = draft["sections"][key]["items"][index]
        if "text" in entry:
            words = entry["text"].split(" ")
            spot = draw(st.integers(0, len(words) - 1))
            words[spot] = draw(st.sampled_from(WORDS))
            entry["text"] = " ".join(words)
        else:
            entry["text"] = sentence(draw) if entry["clause"] == "cmp-libel" else (
                "Decriminalise libel and leave such disputes to the civil courts.")
    elif action == "footnote":
        key, index = draw(st.sampled_from(places))
        entry = draft["sections"][key]["items"][index]
        if "footnote" in entry and draw(st.booleans()):
            del entry["footnote"]
        else:
            entry["footnote"] = sentence(draw)
    elif action == "sign":
        taken = {s["organisation"] for s in draft["signatories"]}
        free = [org for org in ORGS if org not in taken]
        if free:
            draft["signatories"].append({"organisation": draw(st.sampled_from(free)),
                                         "country": draw(st.sampled_from(COUNTRIES))})
    elif action == "unsign" and draft["signatories"]:
        del draft["signatories"][draw(st.integers(0, len(draft["signatories"]) - 1))]
    elif action == "status" and draft["signatories"]:
        signatory = draft["signatories"][draw(st.integers(0, len(draft["signatories"]) - 1))]
        signatory["status"] = draw(st.sampled_from(STATUSES))
    else:
        draft["title"]["en"] = draft["title"]["en"].replace("Forum", "Conference")
        draft["title"]["ru"] = draft["title"]["ru"].replace("Форума", "Конференции")
    return draft


@st.composite
def draft_pairs(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], str]:
    """(OLD, NEW, language): NEW is one to four random edits of OLD."""
    old = draw(drafts())
    new = old
    for _ in range(draw(st.integers(1, 4))):
        new = draw(edit(new))
    return old, new, draw(st.sampled_from(["en", "ru"]))
