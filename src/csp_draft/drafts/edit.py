"""Changing a draft file in place: the operations behind add-clause, remove, move, set, sign.

An edit runs under the draft's lock from read to write, so two commands editing the same
draft at once both land. The file is changed through ruamel (``roundtrip.py`` keeps every
other line as it was), the result is checked as a draft, the file is read again to make sure
no editor saved it meanwhile, and only then is it replaced atomically. A failing edit
writes nothing; a no-op edit does not touch the file.

ruamel's round trip costs a full load and two dumps, some 20 s of CPU for a 10,000-item
draft (issue 23, item 11). So edits go through ``yamlio.window`` where they can: items
and signatures (add, remove, move, set, sign) are read with ruamel entry by entry; the
draft's own fields and its sections (title block, addressees, a first signature, section
add, move, remove, heading) in the draft's skeleton, the file with the lists of items set
aside; and only the lines that change are written, proved by reading them back. What the
window cannot prove takes the whole-file round trip, loaded only then (an edit already
under way is run again that way).
"""

from __future__ import annotations

import datetime as dt
import stat
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from csp_draft.drafts.read import MAX_DRAFT_BYTES, Draft, parse_draft
from csp_draft.drafts.refs import Ref, check_section_name
from csp_draft.errors import (
    CspDraftError,
    Diagnostic,
    DiagnosticCollector,
    Location,
    UsageError,
    ValidationFailed,
)
from csp_draft.fsio import atomic_write, clean_stale_temp_files, file_lock, read_bytes
from csp_draft.models.data import SIGNATORY_STATUSES
from csp_draft.models.kinds import KINDS, DocumentKind, section_plan
from csp_draft.suggest import did_you_mean
from csp_draft.yamlio.located import Node, load_yaml
from csp_draft.yamlio.roundtrip import (
    TextFile,
    dump_roundtrip,
    load_roundtrip,
    make_yaml,
    merge_edit,
)
from csp_draft.yamlio.window import BlockList, NotWindowable, Patch, Skeleton, windowable

T = TypeVar("T")

# Where a clause goes by default, by its kind: the first of these sections the draft has.
SECTIONS_FOR_CLAUSE_KIND: dict[str, tuple[str, ...]] = {
    "preamble": ("preamble", "introduction", "salutation"),
    "finding": ("situation", "findings", "concerns", "body", "introduction"),
    "concern": ("concerns", "situation", "findings", "body"),
    "recommendation": ("recommendations", "calls", "body"),
    "demand": ("recommendations", "calls", "body"),
    "call": ("calls", "recommendations", "body"),
    "goal": ("goals",),
    "value": ("values",),
    "closing": ("closing", "joining", "contact"),
    "salutation": ("salutation",),
}


@dataclass(frozen=True)
class EditResult:
    """The new bytes of the file (None when the edit changes nothing) and the new draft."""

    data: bytes | None
    draft: Draft


class NeedsRoundTrip(Exception):
    """The edit mixes what the windowed path can do with what it cannot: run it again
    with the whole-file round trip."""


class DraftEdit:
    """One draft file loaded for an edit; operations change the lists of items and
    signatures entry by entry, or ``self.data`` (the whole file through ruamel)."""

    def __init__(self, path: Path, raw: bytes, *, windowed: bool = True) -> None:
        self.path = path
        self.file = TextFile.decode(raw, str(path))
        self._root = load_yaml(self.file.text, str(path))
        diags = DiagnosticCollector()
        draft = parse_draft(self._root, path, diags)
        if diags.errors or draft is None:
            diags.error(Location.of_file(path), "the draft was not changed",
                        "fix the problems above by hand first")
            raise ValidationFailed(diags.items)
        self.draft: Draft = draft
        self.kind: DocumentKind | None = KINDS.get(draft.kind)
        self._yaml = make_yaml(self.file.text)
        self._data: CommentedMap | None = None  # ruamel's, loaded when an edit needs it
        self._base = ""
        self._windowed = windowed and windowable(self.file.text)
        self._lists: dict[tuple[str, ...], BlockList | None] = {}
        self._lines: list[str] = []
        # The draft without its sections' items, once an edit asks for more than items.
        self._head: Skeleton | None = None
        self._head_tried = False

    def round_trip(self) -> DraftEdit:
        """A fresh edit of the same file that takes the whole-file round trip."""
        edit = DraftEdit.__new__(DraftEdit)
        edit.__dict__.update(self.__dict__)
        edit._data, edit._base, edit._windowed, edit._lists = None, "", False, {}
        edit._head, edit._head_tried = None, True
        return edit

    @property
    def data(self) -> CommentedMap:
        """ruamel's round-trip data of the draft: read without the items of its sections
        (edited entry by entry) where that can be proved, else the whole file."""
        if self._data is None:
            head = self._head_window()
            if head is not None:
                return head.data
        return self._whole()

    def _whole(self) -> CommentedMap:
        """ruamel's round-trip data of the whole file (loaded on first use)."""
        if self._data is None:
            if self._head is not None or any(
                    lst is not None and lst.touched() for lst in self._lists.values()):
                raise NeedsRoundTrip
            self._windowed, self._lists, self._head_tried = False, {}, True
            self._data = load_roundtrip(self._yaml, self.file.text, str(self.path))
            self._base = dump_roundtrip(self._yaml, self._data)
        return self._data

    def _head_window(self) -> Skeleton | None:
        """The draft with the items of its sections set aside, to edit everything else; None
        when the whole-file round trip is in use or the rest cannot be proved alone."""
        if self._windowed and self._head is None and not self._head_tried:
            self._head_tried = True
            signatures = self._lists.get(("signatories",))
            if signatures is not None and signatures.touched():
                return None  # both would write the signatures: the whole file decides
            self._lists.pop(("signatories",), None)
            sections = self._root.get("sections")
            lists = {}
            for key in (sections.items if sections is not None and sections.is_map else ()):
                window = self._block_list(("sections", key, "items"))
                if window is not None:
                    lists[("sections", key, "items")] = window
            try:
                self._head = Skeleton(self._text_lines(), self._root, lists, self._yaml,
                                      str(self.path))
            except NotWindowable:
                self._head = None
        return self._head

    def _structure(self) -> CommentedMap:
        """What edits of the sections change: the skeleton if there is one, else the whole
        file."""
        head = self._head_window() if self._data is None else None
        return head.data if head is not None else self._whole()

    def _text_lines(self) -> list[str]:
        if not self._lines:
            self._lines = self.file.text.split("\n")
        return self._lines

    def _block_list(self, path: tuple[str, ...]) -> BlockList | None:
        """The block list at ``path`` of the file, to edit entry by entry; None when the
        whole-file round trip is in use or the list is not one a window can prove."""
        if not self._windowed or (self._head is not None and path[0] != "sections"):
            return None  # the signatures are the head's once it is read
        if path not in self._lists:
            node = self._located(path)
            found = None
            if node is not None and node.is_seq:
                try:
                    found = BlockList(self._text_lines(), node, self._yaml, str(self.path))
                except NotWindowable:
                    found = None
            self._lists[path] = found
        return self._lists[path]

    def _located(self, path: tuple[str, ...]) -> Node | None:
        node: Node | None = self._root
        for key in path:
            node = node.get(key) if node is not None and node.is_map else None
        return node

    def _located_empty(self, path: tuple[str, ...]) -> bool:
        """Whether the file as read has no entries at ``path`` (no list, or an empty one)
        and this edit has not loaded ruamel: then there is nothing to read there."""
        if not self._windowed or (self._head is not None and path[0] != "sections"):
            return False
        node = self._located(path)
        return node is None or (node.is_seq and not node.children) or (
            node.is_plain and node.scalar_value() is None)

    # --- sections ------------------------------------------------------------------------

    def section_keys(self) -> list[str]:
        if self._data is None and self._head is None:
            sections = self._root.get("sections")
            return list(sections.items) if sections is not None and sections.is_map else []
        sections = self._structure().get("sections")
        return [str(key) for key in sections] if isinstance(sections, Mapping) else []

    def _error(self, message: str, hint: str = "") -> CspDraftError:
        return CspDraftError(message, hint=hint, location=Location.of_file(self.path))

    def choose_section(self, wanted: str | None, clause_kind: str | None = None, *,
                       create: bool = False) -> str:
        """The section an item goes to: ``wanted``, or the default for the clause kind.

        A section the draft lacks is started when the document kind has it, or with
        ``create``; otherwise the error suggests the sections there are.
        """
        keys = self.section_keys()
        if wanted is not None:
            check_section_name(wanted)
            if wanted in keys:
                return wanted
            if create or (self.kind is not None and section_plan(self.kind, wanted)):
                self._start_section(wanted)
                return wanted
            planned = [plan.key for plan in self.kind.sections] if self.kind else []
            raise self._error(
                f"the draft has no section '{wanted}'",
                did_you_mean(wanted, [*keys, *planned]) or
                f"its sections: {', '.join(keys) or 'none'}; --new-section starts a new one")
        for candidate in SECTIONS_FOR_CLAUSE_KIND.get(clause_kind or "", ()):
            if candidate in keys:
                return candidate
        numbered = [s.key for s in self.draft.sections if self._numbered(s.key, s.numbered)]
        if len(numbered) == 1:
            return numbered[0]
        raise UsageError("say which section the item goes to with --section",
                         hint=f"the draft's sections: {', '.join(keys) or 'none'}")

    def _numbered(self, key: str, explicit: bool | None) -> bool:
        if explicit is not None:
            return explicit
        plan = section_plan(self.kind, key) if self.kind else None
        return bool(plan and plan.numbered)

    def _sections(self) -> CommentedMap:
        data = self._structure()
        sections = data.get("sections")
        if not isinstance(sections, CommentedMap):
            sections = CommentedMap()
            keys = list(data)
            position = keys.index("signatories") if "signatories" in keys else len(keys)
            data.insert(position, "sections", sections)
        return sections

    def _start_section(self, key: str) -> None:
        """Add an empty section, where the document kind puts it (else at the end)."""
        sections = self._sections()
        order = [plan.key for plan in self.kind.sections] if self.kind else []
        position = len(sections)
        if key in order:
            later = set(order[order.index(key) + 1:])
            position = next((i for i, k in enumerate(sections) if k in later), position)
        sections.insert(position, key, CommentedMap([("items", _block_seq())]))

    def _items(self, key: str) -> CommentedSeq | BlockList:
        """The items list of an existing section, made a block list if it is empty."""
        window = self._block_list(("sections", key, "items"))
        if window is not None:
            return window
        sections = self._sections()
        body = sections.get(key)
        if not isinstance(body, CommentedMap):
            body = CommentedMap()
            sections[key] = body
        items = body.get("items")
        _refuse_stand_in(items)
        if not isinstance(items, CommentedSeq):
            items = _block_seq()
            body["items"] = items
        elif not items:
            items.fa.set_block_style()
        return items

    def _existing_items(self, key: str) -> list[Any]:
        window = self._block_list(("sections", key, "items"))
        if window is not None:
            return [window.peek(index) for index in range(len(window))]
        if self._head is None and self._located_empty(("sections", key, "items")):
            return []
        body = self._structure().get("sections", {}).get(key)
        items = body.get("items") if isinstance(body, Mapping) else None
        _refuse_stand_in(items)
        return list(items) if isinstance(items, list) else []

    # --- items ---------------------------------------------------------------------------

    def locate(self, ref: Ref) -> tuple[str, int]:
        """The section and 1-based position of the item ``ref`` names (not a sub-item)."""
        if ref.sub is not None:
            raise self._error(f"{ref.text} is a sub-item, and a sub-item cannot have items of "
                              "its own", f"name its item instead, e.g. "
                              f"{ref.section}.{ref.index}")
        return self._locate_item(ref)

    def locate_any(self, ref: Ref) -> tuple[str, int, int]:
        """The section, 1-based position and sub-item number (0: the item itself) of the
        item or sub-item ``ref`` names."""
        key, index = self._locate_item(ref)
        if ref.sub is None:
            return key, index, 0
        count = len(self._sub_items(key, index))
        if ref.sub > count:
            raise self._error(
                f"{ref.text}: {key}.{index} has {_items_word(count, 'sub-item')}",
                "see the numbers with `csp-draft show DRAFT`")
        return key, index, ref.sub

    def locate_item_of(self, item: Any) -> tuple[str, int]:
        """The section and position of ``item`` (found by identity) after other edits."""
        for key in self.section_keys():
            position = self.position(key, item)
            if position:
                return key, position
        raise self._error("internal error: the item is no longer in the draft",
                          "please report it")

    def _sub_items(self, key: str, index: int) -> list[Any]:
        parent = self.item(key, index)
        subs = parent.get("items") if isinstance(parent, Mapping) else None
        return list(subs) if isinstance(subs, list) else []

    def _locate_item(self, ref: Ref) -> tuple[str, int]:
        keys = self.section_keys()
        if ref.section is not None and ref.index is not None:
            if ref.section not in keys:
                raise self._error(f"the draft has no section '{ref.section}'",
                                  did_you_mean(ref.section, keys) or
                                  f"its sections: {', '.join(keys) or 'none'}")
            window = self._block_list(("sections", ref.section, "items"))
            count = len(window) if window is not None else len(self._existing_items(ref.section))
            if ref.index > count:
                raise self._error(
                    f"{ref.text}: section '{ref.section}' has {_items_word(count)}",
                    "see the numbers with `csp-draft show DRAFT`")
            return ref.section, ref.index
        uses = [(key, index) for key in keys
                for index, item in enumerate(self._existing_items(key), 1)
                if isinstance(item, Mapping) and item.get("clause") == ref.clause_id]
        if not uses:
            used = [str(item.get("clause")) for key in keys for item in self._existing_items(key)
                    if isinstance(item, Mapping) and item.get("clause")]
            raise self._error(f"the draft does not use the clause '{ref.clause_id}'",
                              did_you_mean(ref.clause_id or "", used) or
                              "see the items with `csp-draft show DRAFT`")
        if len(uses) > 1:
            places = ", ".join(f"{key}.{index}" for key, index in uses)
            raise self._error(f"the clause '{ref.clause_id}' is used {len(uses)} times: {places}",
                              "give the position instead, e.g. " + places.split(", ")[0])
        return uses[0]

    def item(self, key: str, index: int, sub: int = 0) -> CommentedMap:
        """Item ``index`` of section ``key``, or its sub-item ``sub`` (from 1)."""
        window = self._block_list(("sections", key, "items"))
        item = window[index - 1] if window is not None else self._existing_items(key)[index - 1]
        return self._sub_items(key, index)[sub - 1] if sub else item

    def describe(self, key: str, index: int, sub: int = 0) -> str:
        """A short name of an item for messages: its clause id or its first words."""
        return describe_item(self.item(key, index, sub), self.draft.languages[0])

    def insert(self, key: str, item: CommentedMap, at: int | None = None) -> int:
        """Put ``item`` at position ``at`` of section ``key`` (default: last); its position."""
        items = self._items(key)
        position = len(items) + 1 if at is None else at
        if not 1 <= position <= len(items) + 1:
            raise UsageError(f"--at {at} is outside section '{key}', which has "
                             f"{_items_word(len(items))}",
                             hint=f"use a position from 1 to {len(items) + 1}")
        items.insert(position - 1, item)
        return position

    def position(self, key: str, item: CommentedMap) -> int:
        """The position of ``item`` (by identity) in section ``key``; 0 if it is not there."""
        for index, candidate in enumerate(self._existing_items(key), 1):
            if candidate is item:
                return index
        return 0

    def remove(self, key: str, index: int, sub: int = 0) -> CommentedMap:
        """Take an item (or its sub-item ``sub``) out of the draft; the item. A sub-list
        left empty goes with its last sub-item."""
        if sub:
            parent = self.item(key, index)
            subs = parent["items"]
            removed = subs.pop(sub - 1)
            if not subs:
                del parent["items"]
            return removed
        items = self._items(key)
        return items.pop(index - 1)

    def set_values(self, key: str, index: int, values: Mapping[str, Any],
                   unset: tuple[str, ...] = (), sub: int = 0) -> None:
        """Give a clause use new values (``values``) and drop others (``unset``)."""
        item = self.item(key, index, sub)
        if "clause" not in item:
            raise self._error(f"{position_text(key, index, sub)} is free text, which has no "
                              "values",
                              "change its text with `csp-draft set DRAFT REF --text ...`")
        current = item.get("values")
        if not isinstance(current, CommentedMap):
            if not values:
                return
            current = CommentedMap()
            position = list(item).index("clause") + 1
            if "values" in item:
                del item["values"]
            item.insert(position, "values", current)
        for name, value in values.items():
            current[name] = value
        for name in unset:
            if name in current:
                del current[name]
        if not current:
            del item["values"]

    def set_text(self, key: str, index: int, text: Any, lang: str | None, sub: int = 0
                 ) -> None:
        """Set an item's own text (all languages, or one language of a per-language text)."""
        self.put_text(self.item(key, index, sub), "text", text, lang)

    def stamp(self, key: str, index: int, langs: tuple[str, ...] | None = None,
              sub: int = 0) -> bool:
        """Record the item's language versions as in step (``synced:``): all of them, or
        only ``langs`` (the others keep their record). False when it already says so."""
        from csp_draft.library.sync import text_hash

        item = self.item(key, index, sub)
        text = item.get("text")
        if not isinstance(text, CommentedMap):
            raise self._error(f"{position_text(key, index, sub)} has no text per language to "
                              "keep in step")
        record = item.get("synced")
        if not isinstance(record, CommentedMap):
            record = CommentedMap()
            record.fa.set_flow_style()
        before = dict(record)
        for lang, version in text.items():
            if langs is None or lang in langs or lang not in record:
                record[lang] = text_hash(str(version))
        for lang in [lang for lang in record if lang not in text]:
            del record[lang]
        if "synced" not in item:
            item["synced"] = record
        return before != dict(record)

    def set_field(self, name: str, text: Any, lang: str | None) -> bool:
        """Set a text of the draft itself (title, event, ...) in one language or in all;
        False when it already reads so."""
        before = self.data.get(name)
        self.put_text(self.data, name, text, lang)
        return before != self.data.get(name)

    def set_first_author(self, text: Any, lang: str | None) -> bool:
        """Set the first author (the coalition `new` writes) in one language or in all."""
        authors = self.data.get("authors")
        if not isinstance(authors, CommentedSeq) or not authors:
            authors = CommentedSeq([None])
            authors.fa.set_flow_style()
            self._put(self.data, "authors", authors)
        before = authors[0]
        holder = CommentedMap([("author", before)] if before is not None else [])
        self.put_text(holder, "author", text, lang)
        authors[0] = holder["author"]
        return before != authors[0]

    def put_text(self, container: CommentedMap, name: str, text: Any, lang: str | None) -> None:
        """Set ``container[name]``, a text written once or per language. Setting one language
        of a text written once keeps that text as the draft's first language."""
        if lang is None:
            self._put(container, name, text)
            return
        existing = container.get(name)
        if isinstance(existing, CommentedMap):
            existing[lang] = text
            return
        per_language = CommentedMap()
        default = self.draft.languages[0]
        if existing is not None and lang != default:
            per_language[default] = existing
        per_language[lang] = text
        self._put(container, name, per_language)

    def _put(self, container: CommentedMap, name: str, value: Any) -> None:
        top = self._data if self._data is not None else (
            self._head.data if self._head is not None else None)
        if container is top and name not in container:
            _insert_after_title(container, name, value)
        else:
            container[name] = value

    def insert_sub(self, key: str, index: int, item: CommentedMap, at: int | None = None
                   ) -> int:
        """Put ``item`` into the sub-list of item ``key.index`` (default: last); its
        position there."""
        parent = self.item(key, index)
        if not isinstance(parent, CommentedMap):
            raise self._error(f"{key}.{index} is not an item that can hold a sub-list")
        subs = parent.get("items")
        if not isinstance(subs, CommentedSeq):
            subs = _block_seq()
            parent["items"] = subs
        position = len(subs) + 1 if at is None else at
        if not 1 <= position <= len(subs) + 1:
            raise UsageError(f"--at {at} is outside the sub-list of {key}.{index}, which has "
                             f"{_items_word(len(subs))}",
                             hint=f"use a position from 1 to {len(subs) + 1}")
        subs.insert(position - 1, item)
        return position

    # --- the structure of sections ---------------------------------------------------------

    def _section_body(self, key: str) -> CommentedMap:
        keys = self.section_keys()
        if key not in keys:
            raise self._error(f"the draft has no section '{key}'",
                              did_you_mean(key, keys) or
                              f"its sections: {', '.join(keys) or 'none'}")
        sections = self._sections()
        body = sections.get(key)
        if not isinstance(body, CommentedMap):
            body = CommentedMap([("items", _block_seq())])
            sections[key] = body
        return body

    def _position(self, before: str | None, after: str | None, moving: str | None = None
                  ) -> int | None:
        """Where a section goes among the others: before or after one (None: not said)."""
        if before is not None and after is not None:
            raise UsageError("give --before or --after, not both")
        anchor = before or after
        if anchor is None:
            return None
        keys = [k for k in self.section_keys() if k != moving]
        if anchor not in keys:
            raise self._error(f"the draft has no section '{anchor}'",
                              did_you_mean(anchor, keys) or
                              f"its other sections: {', '.join(keys) or 'none'}")
        return keys.index(anchor) + (1 if after is not None else 0)

    def add_section(self, key: str, *, before: str | None = None, after: str | None = None
                    ) -> None:
        check_section_name(key)
        if key in self.section_keys():
            raise self._error(f"the draft already has a section '{key}'",
                              "change it with `csp-draft section set`")
        position = self._position(before, after)
        if position is None:
            self._start_section(key)
        else:
            self._sections().insert(position, key, CommentedMap([("items", _block_seq())]))

    def move_section(self, key: str, *, before: str | None = None, after: str | None = None
                     ) -> None:
        body = self._section_body(key)
        position = self._position(before, after, moving=key)
        if position is None:
            raise UsageError("say where the section goes with --before or --after")
        sections = self._sections()
        del sections[key]
        sections.insert(position, key, body)

    def remove_section(self, key: str, *, force: bool = False) -> int:
        """Remove a section; refused while it has items, unless ``force``. Its item count."""
        self._section_body(key)
        count = len(self._existing_items(key))
        if count and not force:
            raise self._error(f"section '{key}' has {_items_word(count)}",
                              "move them elsewhere first, or remove them with it using "
                              "--force")
        del self._sections()[key]
        return count

    def set_section_field(self, key: str, name: str, value: Any, lang: str | None = None
                          ) -> None:
        """Set a field of a section (a text field per language with ``lang``); None
        removes it."""
        body = self._section_body(key)
        self._set_in(body, name, value, lang, before="items")

    def set_draft_field(self, name: str, value: Any, lang: str | None = None) -> None:
        """Set a field of the draft itself (title block, addressing); None removes it."""
        if isinstance(value, dt.date):
            value = value.isoformat()
        self._set_in(self.data, name, value, lang, before=self._body_start())

    def _body_start(self) -> str:
        """The first key after the title block: new title-block fields go before it."""
        keys = list(self.data)
        return next((key for key in keys if key in (
            "languages", "authors", "footnotes", "numbering", "addressing", "addressees",
            "values", "sections", "signatories")), "")

    def set_lines(self, name: str, lines: list[Any], lang: str | None) -> None:
        """Set a list of texts (subtitle lines, endnotes); with ``lang``, that language of
        each line, the others keeping theirs."""
        if lang is None:
            self._set_in(self.data, name, _block_seq(lines) if lines else None, None,
                         before=self._body_start())
            return
        current = self.data.get(name)
        existing = list(current) if isinstance(current, list) else (
            [] if current is None else [current])
        merged = []
        for index, line in enumerate(lines):
            old = existing[index] if index < len(existing) else None
            merged.append(self._localized_value(old, line, lang))
        merged += existing[len(lines):]
        self._set_in(self.data, name, _block_seq(merged) if merged else None, None,
                     before=self._body_start())

    def _localized_value(self, existing: Any, text: Any, lang: str) -> Any:
        if isinstance(existing, CommentedMap):
            existing[lang] = text
            return existing
        per_language = CommentedMap()
        default = self.draft.languages[0]
        if existing is not None and lang != default:
            per_language[default] = existing
        per_language[lang] = text
        return per_language

    def _set_in(self, mapping: CommentedMap, name: str, value: Any, lang: str | None, *,
                before: str) -> None:
        if value is None:
            if name in mapping:
                del mapping[name]
            return
        if lang is not None:
            value = self._localized_value(mapping.get(name), value, lang)
        if name in mapping:
            mapping[name] = value
            return
        keys = list(mapping)
        position = keys.index(before) if before in keys else len(keys)
        mapping.insert(position, name, value)

    def define_addressee(self, key: str, lang: str, forms: dict[str, str]) -> None:
        """Add or change a draft's own addressee in one language."""
        check_section_name(key)
        addressees = self.data.get("addressees")
        if not isinstance(addressees, CommentedMap):
            addressees = CommentedMap()
            keys = list(self.data)
            position = keys.index("values") if "values" in keys else (
                keys.index("sections") if "sections" in keys else len(keys))
            self.data.insert(position, "addressees", addressees)
        entry = addressees.get(key)
        if not isinstance(entry, CommentedMap):
            entry = CommentedMap()
            addressees[key] = entry
        entry[lang] = CommentedMap(forms) if len(forms) > 1 else next(iter(forms.values()))

    # --- signatories -----------------------------------------------------------------------

    def _signatories(self) -> CommentedSeq | BlockList:
        window = self._block_list(("signatories",))
        if window is not None:
            return window
        entries = self.data.get("signatories")
        if not isinstance(entries, CommentedSeq):
            entries = _block_seq()
            self.data["signatories"] = entries
        elif not entries:
            entries.fa.set_block_style()
        return entries

    def signatory(self, position: int) -> CommentedMap:
        """The entry of signatory ``position`` (from 1)."""
        return self._signatories()[position - 1]

    def _signatory_entries(self) -> list[Any]:
        """The signatures as they stand, without reading them for an edit."""
        window = self._block_list(("signatories",))
        if window is not None:
            return [window.peek(index) for index in range(len(window))]
        if self._located_empty(("signatories",)):
            return []
        entries = self.data.get("signatories")
        return list(entries) if isinstance(entries, list) else []

    def find_signatory(self, organisation: str) -> int | None:
        """Index of the organisation's entry (names compared ignoring case and spacing)."""
        wanted = _name_key(organisation)
        for index, entry in enumerate(self._signatory_entries()):
            if isinstance(entry, Mapping) and wanted in _names(entry.get("organisation")):
                return index
        return None

    def sign(self, organisation: Any, *, country: Any = None, status: str | None = None,
             date: dt.date | None = None) -> tuple[bool, int, str, str]:
        """Add or update a signature.

        Returns whether it is new, its 1-based position, its status, and the organisation's
        name as the draft spells it.
        """
        if status is not None and status not in SIGNATORY_STATUSES:
            raise UsageError(f"unknown status '{status}'",
                             hint="use " + ", ".join(SIGNATORY_STATUSES))
        index = self.find_signatory(str(organisation))
        if index is None:
            if country is None:
                raise UsageError("a new signatory needs --country",
                                 hint="e.g. --country Belarus")
            entry = CommentedMap([("organisation", organisation), ("country", country),
                                  ("status", status or "confirmed"),
                                  ("date", (date or dt.date.today()).isoformat())])
            entries = self._signatories()
            if entries and isinstance(entries[-1], CommentedMap) and entries[-1].fa.flow_style():
                entry.fa.set_flow_style()  # written like the signatures before it
            entries.append(entry)
            return True, len(entries), entry["status"], str(organisation)
        entry = self._signatories()[index]
        when = date.isoformat() if date is not None else None
        for field, value in (("country", country), ("status", status), ("date", when)):
            if value is not None and entry.get(field) != value:
                entry[field] = value
        return (False, index + 1, str(entry.get("status", "confirmed")),
                display_text(entry.get("organisation"), self.draft.languages[0]))

    def find_member(self, member_id: str) -> int | None:
        """Index of the entry signed as registry member ``member_id``."""
        for index, entry in enumerate(self._signatory_entries()):
            if isinstance(entry, Mapping) and entry.get("member") == member_id:
                return index
        return None

    def sign_member(self, member_id: str, *, status: str | None = None,
                    date: dt.date | None = None) -> tuple[bool, int, str]:
        """Add or update the signature of a registry member: (new?, position, status)."""
        if status is not None and status not in SIGNATORY_STATUSES:
            raise UsageError(f"unknown status '{status}'",
                             hint="use " + ", ".join(SIGNATORY_STATUSES))
        index = self.find_member(member_id)
        if index is None:
            entry = CommentedMap([("member", member_id), ("status", status or "confirmed"),
                                  ("date", (date or dt.date.today()).isoformat())])
            entries = self._signatories()
            if entries and isinstance(entries[-1], CommentedMap) and entries[-1].fa.flow_style():
                entry.fa.set_flow_style()
            entries.append(entry)
            return True, len(entries), entry["status"]
        entry = self._signatories()[index]
        when = date.isoformat() if date is not None else None
        for field, value in (("status", status), ("date", when)):
            if value is not None and entry.get(field) != value:
                entry[field] = value
        return False, index + 1, str(entry.get("status", "confirmed"))

    def endorse(self, position: int, hashes: dict[str, str], *, before: Any = None) -> None:
        """Record the hash of the text signatory ``position`` endorses, per language, when
        its signature is new, has just been confirmed, or already records one; ``before``
        is the entry as it was before this edit (None for a new one). A signature written
        by hand without ``endorsed`` is left as it is."""
        entry = self.signatory(position)
        if not hashes or entry.get("status", "confirmed") != "confirmed":
            return
        if before is not None and "endorsed" not in before and \
                before.get("status", "confirmed") == "confirmed":
            return
        current = entry.get("endorsed")
        if isinstance(current, Mapping) and {str(k): str(v) for k, v in current.items()} \
                == hashes:
            return
        endorsed = CommentedMap(hashes.items())
        endorsed.fa.set_flow_style()
        entry["endorsed"] = endorsed

    def unsign(self, organisation: str) -> str:
        """Remove an organisation's signature; the name as the draft spells it."""
        index = self.find_signatory(organisation)
        if index is None:
            names = [display_text(e.get("organisation"), self.draft.languages[0])
                     for e in self._signatory_entries() if isinstance(e, Mapping)]
            raise self._error(f"'{organisation}' has not signed the draft",
                              did_you_mean(organisation, names) or
                              "see the signatories with `csp-draft show DRAFT`")
        entry = self._signatories().pop(index)
        return display_text(entry.get("organisation"), self.draft.languages[0])

    # --- result ----------------------------------------------------------------------------

    def result(self) -> EditResult:
        """The edited file's bytes, checked as a draft; ``data`` is None for a no-op."""
        if self._data is None:
            return self._windowed_result()
        after = dump_roundtrip(self._yaml, self._whole())
        if after == self._base:
            return EditResult(None, self.draft)
        text = merge_edit(self.file, self._base, after, str(self.path))
        diags = DiagnosticCollector()
        try:
            root = load_yaml(text, str(self.path))
        except CspDraftError as error:
            diags.extend(error.diagnostics)
            root = None
        draft = parse_draft(root, self.path, diags) if root is not None else None
        if diags.errors or draft is None or root is None:
            _refuse_broken(self.path, diags)
        # The same data in the same order (dicts compare equal whatever their order, and a
        # moved section changes the order only).
        if repr(root.to_python()) == repr(self._root.to_python()):
            return EditResult(None, self.draft)
        return EditResult(self.file.encode(text), draft)

    def _windowed_result(self) -> EditResult:
        """The result of edits made entry by entry and through the skeleton: each changed
        list's lines replaced, and the skeleton's changes merged around the lists; the
        draft read from the old tree with the changed parts put in.

        Nodes after a changed stretch keep the line numbers they had (messages about the
        edited entries, the only ones an edit reports, are placed right)."""
        try:
            patches = {path: patch for path, window in self._lists.items()
                       if window is not None and (patch := window.patch()) is not None}
            head = self._head if self._head is not None and self._head.changed() else None
            if not patches and head is None:
                return EditResult(None, self.draft)
            lines = self.file.text.split("\n")
            root = self._root
            if head is None:
                kept: list[str] = []
                done, moved = 0, 0
                for path, patch in sorted(patches.items(), key=lambda pair: pair[1].first):
                    kept += lines[done:patch.first] + patch.lines
                    done = patch.stop
                    root = root.replaced(path, self._patched_list(path, patch, moved))
                    moved += len(patch.lines) - (patch.stop - patch.first)
                text = "\n".join(kept + lines[done:])
            else:
                blocks = {}
                for path in head.lists:
                    first, stop = head.lines_of(path)
                    block = lines[first:stop]
                    patch = patches.get(path)
                    if patch is not None:
                        block[patch.first - first:patch.stop - first] = patch.lines
                        root = root.replaced(path, self._patched_list(path, patch, 0))
                    blocks[path] = block
                text, skeleton = head.patch(blocks)
                root = _with_lists(skeleton, root, head.lists)
        except NotWindowable:
            raise NeedsRoundTrip from None
        diags = DiagnosticCollector()
        draft = parse_draft(root, self.path, diags)
        if diags.errors or draft is None:
            _refuse_broken(self.path, diags)
        return EditResult(self.file.encode(self.file.with_line_ends(text)), draft)

    def _patched_list(self, path: tuple[str, ...], patch: Patch, moved: int) -> Node:
        seq = self._located(path)
        assert seq is not None
        entries = [entry.shifted(moved, 0) for entry in patch.entries]
        return Node("seq", seq.location, children=[
            *seq.children[:patch.first_entry], *entries, *seq.children[patch.stop_entry:]])


def _with_lists(skeleton: Node, whole: Node, paths: list[tuple[str, ...]]) -> Node:
    """The located skeleton with each list set aside taken from ``whole`` again, where the
    edit left its key (a section removed takes its list with it)."""
    for path in paths:
        node: Node | None = skeleton
        found: Node | None = whole
        for key in path:
            node = node.get(key) if node is not None and node.is_map else None
            found = found.get(key) if found is not None and found.is_map else None
        if node is not None and found is not None:
            skeleton = skeleton.replaced(path, found)
    return skeleton


def _refuse_stand_in(value: Any) -> None:
    """A list set aside for the skeleton is edited entry by entry, never as a value."""
    if isinstance(value, str) and value.startswith(Skeleton.STAND_IN):
        raise NeedsRoundTrip


def _refuse_broken(path: Path, diags: DiagnosticCollector) -> NoReturn:
    diags.items.append(Diagnostic(Location.of_file(path),
                                  "internal error: the edit would break the draft, so "
                                  "nothing was written", "please report it"))
    raise ValidationFailed(diags.items)


def edit_draft(path: str | Path, change: Callable[[DraftEdit], T],
               check: Callable[[Draft], None] | None = None) -> tuple[T, bool]:
    """Run ``change`` on the draft at ``path`` and write the result; (its result, written?).

    ``check`` sees the edited draft before it is written and may refuse it by raising.
    """
    path = Path(path)
    _refuse_read_only(path)
    with file_lock(path):
        before = read_bytes(path, limit=MAX_DRAFT_BYTES)
        edit = DraftEdit(path, before)
        try:
            outcome = change(edit)
            result = edit.result()
        except (NeedsRoundTrip, NotWindowable):
            edit = edit.round_trip()
            outcome = change(edit)
            result = edit.result()
        if result.data is None:
            return outcome, False
        if check is not None:
            check(result.draft)
        clean_stale_temp_files(path.resolve().parent)
        if read_bytes(path, limit=MAX_DRAFT_BYTES) != before:
            raise CspDraftError(
                "the file changed on disk while the command ran (saved in an editor?); "
                "nothing was written", hint="run the command again",
                location=Location.of_file(path))
        atomic_write(path, result.data)
    return outcome, True


def _refuse_read_only(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # read_bytes gives the precise error
    if stat.S_ISREG(mode) and not mode & stat.S_IWUSR:
        raise CspDraftError("the draft is read-only; nothing was written",
                            hint="make it writable (chmod u+w) if you mean to change it",
                            location=Location.of_file(path))


# --- helpers ----------------------------------------------------------------------------------

_HEAD_FIELDS = ("kind", "title", "subtitle", "event", "place", "date", "languages", "authors")


def _insert_after_title(data: CommentedMap, name: str, value: Any) -> None:
    """A new field of the title block goes after the title block fields before it."""
    position = 0
    for index, key in enumerate(data):
        if key in _HEAD_FIELDS and _HEAD_FIELDS.index(key) < _HEAD_FIELDS.index(name) \
                if name in _HEAD_FIELDS else key in _HEAD_FIELDS:
            position = index + 1
    data.insert(position, name, value)


def _block_seq(items: list[Any] | None = None) -> CommentedSeq:
    seq = CommentedSeq(items or [])
    seq.fa.set_block_style()
    return seq


def _items_word(count: int, word: str = "item") -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def position_text(key: str, index: int, sub: int = 0) -> str:
    """A position as `show` numbers it and REF takes it: recommendations.9 or
    recommendations.9.3."""
    return f"{key}.{index}" + (f".{sub}" if sub else "")


def _name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _names(value: Any) -> set[str]:
    if isinstance(value, Mapping):
        return {_name_key(str(v)) for v in value.values()}
    return {_name_key(str(value))} if value is not None else set()


def display_text(value: Any, lang: str) -> str:
    """A text of the draft (plain or per language) in ``lang``, for messages."""
    if isinstance(value, Mapping):
        texts = {str(k): str(v) for k, v in value.items()}
        return texts.get(lang) or next(iter(texts.values()), "")
    return "" if value is None else str(value)


def describe_item(item: Any, lang: str, words: int = 8) -> str:
    """An item's clause id, or the first words of its free text."""
    if isinstance(item, Mapping) and item.get("clause"):
        return str(item["clause"])
    text = display_text(item.get("text") if isinstance(item, Mapping) else None, lang)
    return "text " + first_words(text, words)


def first_words(text: str, words: int = 8) -> str:
    parts = text.split()
    shown = " ".join(parts[:words])
    return f"'{shown}{'...' if len(parts) > words else ''}'"
