"""A returned DOCX -> one proposal per changed item of the draft.

The circulated version is rebuilt from the draft (render with item markers, write the DOCX
in memory, read it back with the same reader), so both sides are read alike. Items are
paired through their bookmarks (:mod:`csp_draft.markdown.trace`); the text each shows with
every tracked change accepted is compared with the circulated text, which also catches edits
made without tracking. A change that lies wholly inside a value from a clause variable is a
proposed value; any other change a proposed text for the item in this draft.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from csp_draft.compare.critic import word_changes
from csp_draft.docxread.document import Paragraph, ReadDocument, read_document
from csp_draft.docxread.package import DocxPackage, open_docx
from csp_draft.drafts.read import MAX_DRAFT_BYTES, Draft
from csp_draft.errors import CspDraftError, Location
from csp_draft.feedback.store import LOADER, FeedbackFile, folder_of, load_all, slug
from csp_draft.fsio import read_bytes
from csp_draft.markdown.trace import (
    BETWEEN_PREFIX,
    NAME_LIMIT,
    PROPERTY_DRAFT,
    PROPERTY_LANG,
    PROPERTY_VERSION,
    version_of,
)
from csp_draft.models.kinds import KINDS
from csp_draft.render.document import DocumentRenderer
from csp_draft.render.grammar import capitalise

_NAME = re.compile(r"(csp_[A-Za-z0-9_]*?_\d+_[0-9a-f]{6})(?P<copy>(?:_Copy_\d+|\d+)?)\Z")
_ANONYMOUS = {"", "author", "unknown", "автор"}  # Word's "remove personal information"
# The endnote marks the renderer puts at the end of an item of a press release ("...Act.[1]").
_NOTE_MARKS = re.compile(r"(?:\[\d+\])+\Z")


@dataclass
class Group:
    name: str
    copy: bool
    paragraphs: list[Paragraph] = field(default_factory=list)
    after: str | None = None  # a paragraph wholly inserted after the item of this name

    @property
    def accepted(self) -> str:
        return "\n".join(p.accepted.strip() for p in self.paragraphs if p.accepted.strip())

    @property
    def original(self) -> str:
        return "\n".join(p.original.strip() for p in self.paragraphs if p.original.strip())


def groups_of(document: ReadDocument) -> list[Group]:
    """The item groups in document order: a bookmarked paragraph and those after it, up to
    the next item, heading or text between items."""
    groups: list[Group] = []
    current: Group | None = None
    for paragraph in document.paragraphs:
        match = next((m for m in map(_NAME.match, paragraph.bookmarks) if m), None)
        if match is not None:
            current = Group(match.group(1), bool(match.group("copy")), [paragraph])
            groups.append(current)
        elif paragraph.heading or any(b.startswith(BETWEEN_PREFIX) for b in paragraph.bookmarks):
            current = None  # a heading, or text between items (an addressee's heading)
        elif current is not None and paragraph.accepted.strip() and not (
                paragraph.original.strip()):
            previous = current.after or current.name
            groups.append(Group("", False, [paragraph], after=previous))
            current = groups[-1]
        elif current is not None:
            current.paragraphs.append(paragraph)
    return groups


def circulated_groups(draft: Draft, renderer: DocumentRenderer, lang: str
                      ) -> tuple[dict[str, Group], str, dict[str, str]]:
    """The circulated items by bookmark name, the rendered version, and the lead-in the
    renderer put before an item's own words ("Calls upon ODIHR to"), by bookmark name:
    the draft is written as DOCX in memory and read back, so both sides are read by the
    same code."""
    from csp_draft.writers.docx.write import build_docx

    result = renderer.render(draft, lang, trace=True)
    data = build_docx(result.markdown)
    package = DocxPackage(draft.path, zipfile.ZipFile(io.BytesIO(data)))
    return ({g.name: g for g in groups_of(read_document(package))},
            version_of(result.markdown), result.leads)


def own_words(lead: str, text: str) -> str | None:
    """``text`` without the lead-in the renderer composed it with, as the item's own
    wording (which the renderer leads in again); None when the lead-in itself was edited."""
    if not lead:
        return text
    # Typography may have set a non-breaking space where the renderer wrote a space.
    spaces = str.maketrans({"\u00a0": " ", "\u202f": " "})
    if not text.translate(spaces).startswith(lead.translate(spaces) + " "):
        return None
    return capitalise(text[len(lead) + 1:].lstrip())


def item_key(draft: Draft, name: str) -> tuple[str, int] | None:
    """(section key, position) of the item a bookmark name stands for, or None."""
    match = re.match(r"csp_(.*)_(\d+)_[0-9a-f]{6}\Z", name)
    if match is None:
        return None
    part, index = match.group(1), int(match.group(2))
    keys = {section.key: re.sub(r"[^A-Za-z0-9]", "_", section.key) for section in draft.sections}
    exact = [key for key, safe in keys.items() if safe == part]
    # A long section key was cut to fit Word's 40 characters: then a prefix names it.
    truncated = len(name) == NAME_LIMIT and [key for key, safe in keys.items()
                                             if safe.startswith(part)]
    found = exact or truncated or []
    return (found[0], index) if len(found) == 1 else None


def import_returned(returned: Path, draft: Draft, renderer: Callable[[], DocumentRenderer],
                    organisation: str, *, today: dt.date | None = None) -> tuple[Path, list[
                        dict[str, Any]], list[str]]:
    """Read ``returned``, store its proposals; (the feedback file, its changes, notices).

    ``renderer`` is called once the returned file has been read and checked: a hostile
    file is refused before the library is even loaded."""
    package = open_docx(returned)
    document = read_document(package)
    notices = list(document.notices)
    props = document.properties
    where = Location.of_file(returned)
    if PROPERTY_VERSION not in props:
        raise CspDraftError("this Word file was not exported by csp-draft (no csp-draft "
                            "properties), so its items cannot be found", hint="export the "
                            "draft again with `csp-draft export DRAFT -f docx` and circulate "
                            "that file", location=where)
    if props.get(PROPERTY_DRAFT) and props[PROPERTY_DRAFT] != draft.path.name:
        notices.append(f"the file was exported from {props[PROPERTY_DRAFT]}, "
                       f"not {draft.path.name}")
    lang = props.get(PROPERTY_LANG) or draft.languages[0]
    circulated, version, leads = circulated_groups(draft, renderer(), lang)
    if version != props[PROPERTY_VERSION]:
        notices.append("the draft changed since this file was exported; only items whose "
                       "text is unchanged since then are matched")
    returned_groups = groups_of(document)
    raw = yaml.load(read_bytes(draft.path, limit=MAX_DRAFT_BYTES).decode("utf-8"),
                    Loader=LOADER)  # a safe loader
    changes: list[dict[str, Any]] = []
    unplaced: list[str] = []
    kind = KINDS.get(draft.kind)
    endnotes = kind is not None and kind.endnotes

    def add(entry: dict[str, Any]) -> None:
        if entry["kind"] in ("text", "value", "delete", "move", "add"):
            marks = _marks(paragraphs, organisation)
            if marks:
                entry["tracked_changes"] = marks
        changes.append(entry)

    added = [g for g in returned_groups if g.after is not None]
    returned_groups = [g for g in returned_groups if g.after is None]
    stale = {g.name for g in returned_groups if g.name not in circulated}
    stale_places = {name[:-7] for name in stale}
    if stale:
        notices.append(f"{len(stale)} item(s) changed in the draft since this file was "
                       "exported; changes to them were not read: " + ", ".join(
                           f"{k[0]}.{k[1]}" for k in (item_key(draft, n) for n in sorted(stale))
                           if k))
    accepted_order = [g.name for g in returned_groups if g.accepted]
    order_of = {name: position for position, name in enumerate(accepted_order)}
    # Moves: LibreOffice leaves a copy of a moved item's bookmark (NAME_Copy_N) where it
    # lands; Word carries the bookmark itself, so an item out of the circulated order is
    # moved too (the longest run of items still in order stays put).
    copied = {g.name for g in returned_groups if g.copy and g.accepted}
    circulated_index = {name: position for position, name in enumerate(circulated)}
    in_order = _longest_increasing([n for n in accepted_order
                                    if n in circulated_index and n not in copied],
                                   circulated_index)
    moved = copied | {n for n in accepted_order if n in circulated_index
                      and n not in in_order}
    by_name: dict[str, list[Group]] = {}
    for group in returned_groups:
        by_name.setdefault(group.name, []).append(group)
    accepted_texts = {g.accepted for g in returned_groups}
    for name, old in circulated.items():
        key = item_key(draft, name)
        if key is None:
            unplaced.append(name)
            continue
        ref = f"{key[0]}.{key[1]}"
        mine = by_name.get(name, [])
        if not mine and name[:-7] in stale_places:
            continue  # this item changed in the draft since: its returned form is stale
        main = next((g for g in mine if not g.copy), None)
        copy = next((g for g in mine if g.copy and g.accepted), None)
        paragraphs = [p for g in mine for p in g.paragraphs]
        authors = _authors(paragraphs, organisation)
        base = {"item": ref, "base": name[-6:], "lang": lang, "status": "pending"}
        for comment_id in dict.fromkeys(c for p in paragraphs for c in p.comments):
            comment = document.comments.get(comment_id)
            if comment is not None and comment.parent is None:
                entry = {**base, "kind": "comment", "text": comment.text,
                         "by": [_who(comment.author, organisation)], "date": comment.date,
                         "status": "noted"}
                if comment.replies:
                    entry["replies"] = [{"by": _who(r.author, organisation), "date": r.date,
                                         "text": r.text} for r in comment.replies]
                add(entry)
        if any(c.kind == "format" for p in paragraphs for c in p.changes):
            add({**base, "kind": "format", "note": "formatting changed; listed, not applied",
                 "status": "noted"})
        shown = copy if (main is None or not main.accepted) and copy is not None else main
        if shown is None or not shown.accepted:
            tracked = any(c.kind in ("delete", "move-from") for p in paragraphs
                          for c in p.changes)
            if old.accepted not in accepted_texts:
                add({**base, "kind": "delete", "old": old.accepted, "tracked": tracked,
                     "by": authors})
                continue
            continue
        if name in moved:
            position = order_of.get(name, -1)
            later = [n for n in accepted_order[position + 1:] if item_key(draft, n)
                     and item_key(draft, n)[0] == key[0]] if position >= 0 else []
            before = later[0] if later else None
            add({**base, "kind": "move", "tracked": shown is copy or any(
                c.kind == "move-to" for p in shown.paragraphs for c in p.changes), "by": authors,
                 "before": f"{item_key(draft, before)[0]}.{item_key(draft, before)[1]}"
                 if before else None, "before_base": before[-6:] if before else None})
        new = shown.accepted
        if new != old.accepted:
            tracked = any(c.kind != "format" for p in shown.paragraphs for c in p.changes)
            value = _value_change(raw, key, lang, old.accepted, new)
            lead = leads.get(name, "")
            wording = own_words(lead, new)
            if len(old.paragraphs) > 1 or "\n" in new:
                add({**base, "kind": "text", "old": old.accepted, "new": new,
                     "tracked": tracked, "by": authors, "applicable": False,
                     "note": "an item of several paragraphs: edit the draft by hand"})
            elif value is not None:
                path, old_value, new_value = value
                add({**base, "kind": "value", "path": path, "old": old_value,
                     "new": new_value, "tracked": tracked, "by": authors})
            elif wording is None:
                add({**base, "kind": "text", "diff": word_changes(old.accepted, new),
                     "old": old.accepted, "new": new, "tracked": tracked, "by": authors,
                     "applicable": False, "note": f"the change touches the lead-in "
                     f"'{lead}', which the draft's addressee and addressing make: change "
                     "them by hand"})
            else:
                # The draft keeps the item's own words; the renderer adds the lead-in, and
                # in a kind whose notes are endnotes the "[1]" marks.
                old_words = own_words(lead, old.accepted) or old.accepted
                if endnotes and _NOTE_MARKS.search(old_words):
                    old_words = _NOTE_MARKS.sub("", old_words)
                    wording = _NOTE_MARKS.sub("", wording)
                add({**base, "kind": "text", "diff": word_changes(old.accepted, new),
                     "old": old_words, "new": wording, "tracked": tracked, "by": authors})
    if unplaced:
        notices.append(f"{len(unplaced)} item(s) could not be told apart (section keys that "
                       "share their first 20 characters) and were not read: "
                       + ", ".join(unplaced))
    for group in added:
        key = item_key(draft, group.after or "")
        if key is None or group.after not in circulated:
            continue
        paragraphs = group.paragraphs
        entry = {"item": f"{key[0]}.{key[1]}", "base": str(group.after)[-6:], "lang": lang,
                 "status": "pending", "kind": "add", "new": group.accepted,
                 "tracked": any(c.kind != "format" for p in paragraphs for c in p.changes),
                 "by": _authors(paragraphs, organisation)}
        if len(circulated[str(group.after)].paragraphs) > 1:
            entry.update(applicable=False, note="a paragraph added inside an item of several "
                         "paragraphs: edit the draft by hand")
        add(entry)
    return _store(draft, returned, organisation, lang, version, changes, today), changes, notices


def _longest_increasing(names: list[str], rank: dict[str, int]) -> set[str]:
    """The names of a longest run of ``names`` whose ranks increase (patience sorting)."""
    tails: list[int] = []  # index in names of the last element of a run of each length
    back: list[int] = []
    values: list[int] = []
    for position, name in enumerate(names):
        value = rank[name]
        length = bisect.bisect_left(values, value)
        back.append(tails[length - 1] if length else -1)
        if length == len(values):
            values.append(value)
            tails.append(position)
        else:
            values[length] = value
            tails[length] = position
    kept: set[str] = set()
    position = tails[-1] if tails else -1
    while position >= 0:
        kept.add(names[position])
        position = back[position]
    return kept


def _who(author: str, organisation: str) -> str:
    return organisation if author.strip().casefold() in _ANONYMOUS else author


def _marks(paragraphs: list[Paragraph], organisation: str) -> list[dict[str, str]]:
    """The tracked changes behind a proposal: kind, author, date and the text."""
    return [{"change": c.kind, "by": _who(c.author, organisation), "date": c.date,
             "text": c.text} for p in paragraphs for c in p.changes if c.kind != "format"]


def _authors(paragraphs: list[Paragraph], organisation: str) -> list[str]:
    found = [_who(c.author, organisation) for p in paragraphs for c in p.changes]
    return list(dict.fromkeys(found)) or [organisation]


def _leaves(value: Any, lang: str, path: list[Any]) -> list[tuple[list[Any], str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        if lang in value and isinstance(value[lang], str):
            return [([*path, lang], value[lang])]
        return [leaf for k, v in value.items() for leaf in _leaves(v, lang, [*path, k])]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, lang, [*path, i])]
    return []


def _value_change(raw: Any, key: tuple[str, int], lang: str, old: str, new: str
                  ) -> tuple[list[Any], str, str] | None:
    """(path under the item's values, old value, new value) when the change lies wholly
    inside one occurrence of one value; else None."""
    try:
        item = raw["sections"][key[0]]["items"][key[1] - 1]
    except (KeyError, IndexError, TypeError):
        return None
    values = item.get("values") if isinstance(item, dict) else None
    if not isinstance(values, dict):
        return None
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < min(len(old), len(new)) - prefix
           and old[-1 - suffix] == new[-1 - suffix]):
        suffix += 1
    end_old = len(old) - suffix
    found = []
    for path, text in _leaves(values, lang, []):
        if not text:
            continue
        start = old.find(text)
        while start >= 0:
            if start <= prefix and start + len(text) >= end_old:
                found.append((path, text, new[start:start + len(text) + len(new) - len(old)]))
                break
            start = old.find(text, start + 1)
    if len(found) != 1:
        return None
    return found[0]


def _store(draft: Draft, returned: Path, organisation: str, lang: str, version: str,
           changes: list[dict[str, Any]], today: dt.date | None) -> Path:
    day = (today or dt.datetime.now(dt.UTC).date()).isoformat()
    folder = folder_of(draft.path)
    path = folder / f"{slug(organisation)}-{day}.yaml"
    if path.exists():
        raise CspDraftError("feedback from this organisation was already imported today; "
                            "nothing was written", hint="decide on it with `csp-draft "
                            "feedback accept|reject`, or remove that file to import again",
                            location=Location.of_file(path))
    taken = {c.get("id") for f in load_all(draft.path) for c in f.changes}
    number = 0
    for change in changes:
        number += 1
        while f"{slug(organisation)}-{number}" in taken:
            number += 1
        change["id"] = f"{slug(organisation)}-{number}"
        change.setdefault("from", organisation)
    ordered = [{"id": c.pop("id"), **c} for c in changes]
    changes[:] = ordered
    folder.mkdir(exist_ok=True)
    FeedbackFile(path, {"draft": draft.path.name, "from": organisation,
                        "returned": returned.name, "imported": day, "lang": lang,
                        "version": version, "changes": changes}).save()
    return path
