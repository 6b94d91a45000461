"""A redline as a Word document with tracked changes (w:ins / w:del).

The ordinary DOCX writer writes it, from one token stream merged out of the two
versions (see :mod:`csp_draft.compare.align` for the alignment). Blocks that stayed come from
the new version; deleted blocks (from the old version) and inserted ones carry
``meta["rev"]``, so their runs and paragraph marks are tracked and accepting all changes
merges them away. A paired block that changed gets merged inline tokens: both versions'
runs are cut into atoms (words, spaces, punctuation, line breaks, code, footnote
references, each with its bold / italic / link formatting) and diffed, so accepting every
change leaves exactly the new version's text and rejecting every change the old one's.

Every footnote reference gets a note of its own, as in a normal export: a kept reference
to a note that changed gets that note merged the same way (its changes tracked inside the
footnote), an inserted or deleted reference gets its note wholly inserted or deleted. The
title and subtitle (front matter) open the body as paragraphs in the Title and Subtitle
styles, diffed like the rest; the core properties are the new version's.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from markdown_it.token import Token

from csp_draft.compare.align import (
    CHANGED,
    DELETED,
    INSERTED,
    SAME,
    WORD,
    Block,
    Op,
    Redline,
    Side,
    diff_opcodes,
)
from csp_draft.errors import CspDraftError, UsageError
from csp_draft.fsio import atomic_write
from csp_draft.markdown.parse import InlineFormat, ParsedDocument
from csp_draft.writers.docx.body import Revisions
from csp_draft.writers.docx.write import docx_bytes

# Block tokens that carry the revision of a wholly inserted or deleted block.
_MARKED = frozenset({
    "paragraph_open", "heading_open", "table_open", "hr", "code_block", "fence",
    "list_item_open", "bullet_list_open", "ordered_list_open",
})
_Format = tuple[bool, bool, str | None]  # bold, italic, hyperlink address
_Atom = tuple[str, object, _Format]  # kind (t, br, code, ref), value, format


def write_redline_docx(redline: Redline, out_path: Path, *, author: str, date: str) -> None:
    """Write the redline as a .docx at ``out_path`` (atomically)."""
    atomic_write(out_path, build_redline_docx(redline, author=author, date=date))


def build_redline_docx(redline: Redline, *, author: str, date: str) -> bytes:
    """The redline's .docx bytes; ``date`` is W3C UTC time, e.g. 2026-11-23T10:00:00Z."""
    document = _Merger(redline).document()
    return docx_bytes(document, revisions=Revisions(author, date),
                      properties=redline.new.document)


def revision_date(value: str | None = None) -> str:
    """The date of tracked changes as Word writes it (UTC, whole seconds, "Z").

    ``value`` is an ISO 8601 date or time (a time without a zone counts as UTC); without
    one, SOURCE_DATE_EPOCH if set (reproducible files), else now.
    """
    if value is not None:
        text = value.strip()
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise UsageError(f"--date {value!r} is not an ISO 8601 date or time",
                             hint="e.g. 2026-11-23 or 2026-11-23T10:00:00Z") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
    else:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch:
            try:
                moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
            except (ValueError, OverflowError, OSError):
                raise CspDraftError(
                    f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970",
                    hint="unset it or give an integer such as 1767225600",
                ) from None
        else:
            moment = dt.datetime.now(dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Merger:
    def __init__(self, redline: Redline) -> None:
        self.redline = redline
        self.old, self.new = redline.old, redline.new
        self.notes: list[list[Token]] = []  # merged notes, by the id their reference gets

    def document(self) -> ParsedDocument:
        body_ops = [op for op in self.redline.ops if _block(op).kind not in ("fm", "note")]
        tokens = self._title() + self._ops(body_ops)
        tokens.append(Token("footnote_block_open", "", 1))
        for note_id, note in enumerate(self.notes):
            tokens.append(Token("footnote_open", "", 1, meta={"id": note_id}))
            tokens.extend(note)
            tokens.append(Token("footnote_close", "", -1))
        tokens.append(Token("footnote_block_close", "", -1))
        meta = {k: v for k, v in self.new.meta.items() if k not in ("title", "subtitle")}
        return ParsedDocument(meta=meta, tokens=tokens)

    # -- blocks ----------------------------------------------------------------------------
    def _ops(self, ops: Sequence[Op], *, in_note: bool = False) -> list[Token]:
        out: list[Token] = []
        for op in ops:
            if op.kind == SAME:
                assert op.new is not None
                out.extend(self._copy(self.new, op.new, None, in_note=in_note))
            elif op.kind == DELETED:
                assert op.old is not None
                out.extend(self._copy(self.old, op.old, "del", in_note=in_note))
            elif op.kind == INSERTED:
                assert op.new is not None
                out.extend(self._copy(self.new, op.new, "ins", in_note=in_note))
            else:
                assert op.kind == CHANGED and op.old is not None and op.new is not None
                out.extend(self._changed(op, in_note=in_note))
        return out

    def _changed(self, op: Op, *, in_note: bool) -> list[Token]:
        old, new = op.old, op.new
        assert old is not None and new is not None
        start, end = new.span
        if not new.is_leaf:
            return [self.new.tokens[start], *self._ops(op.children, in_note=in_note),
                    self.new.tokens[end - 1]]
        if old.inline is None or new.inline is None:  # never paired, but be safe
            return [*self._copy(self.old, old, "del", in_note=in_note),
                    *self._copy(self.new, new, "ins", in_note=in_note)]
        opener, inline, closer = (self.new.tokens[start], self.new.tokens[start + 1],
                                  self.new.tokens[end - 1])
        children = self._merge(self._atoms(old.inline.children or []),
                               self._atoms(new.inline.children or []), in_note=in_note)
        return [opener, inline.copy(children=children), closer]

    def _copy(self, side: Side, block: Block, rev: str | None, *, in_note: bool) -> list[Token]:
        """A block's tokens; ``rev`` marks it inserted or deleted, references get notes."""
        start, end = block.span
        out = []
        for token in side.tokens[start:end]:
            kind = token.type
            if kind == "footnote_anchor":
                continue
            if kind == "inline" and not in_note and token.children:
                token = token.copy(children=[
                    self._ref(side, child, rev) if child.type == "footnote_ref" else child
                    for child in token.children
                ])
            elif rev is not None and kind in _MARKED:
                token = token.copy(meta={**token.meta, "rev": rev})
            out.append(token)
        return out

    # -- footnotes -----------------------------------------------------------------------------
    def _ref(self, side: Side, token: Token, rev: str | None) -> Token:
        """A reference in a copied block: its note, as that side has it."""
        note = int(token.meta["id"])
        return token.copy(meta={**token.meta, "id": self._note(side, note, rev)})

    def _note(self, side: Side, note: int, rev: str | None) -> int:
        content = [
            token.copy(meta={**token.meta, "rev": rev}) if rev and token.type in _MARKED
            else token
            for token in side.note_tokens(note)
        ]
        self.notes.append(content)
        return len(self.notes) - 1

    def _kept_note(self, old_note: int, new_note: int) -> int:
        """The note of a reference kept in a changed block, merged if its text changed."""
        op = self.redline.note_ops.get(old_note)
        if op is None or op.kind != CHANGED or self.redline.note_pairs.get(old_note) != new_note:
            return self._note(self.new, new_note, None)
        self.notes.append([])
        note_id = len(self.notes) - 1
        self.notes[note_id] = self._ops(op.children, in_note=True)
        return note_id

    # -- runs --------------------------------------------------------------------------------
    def _atoms(self, children: Sequence[Token]) -> list[_Atom]:
        atoms: list[_Atom] = []
        state = InlineFormat()
        for token in children:
            if state.apply(token):
                continue
            kind = token.type
            fmt: _Format = (state.strong > 0, state.emphasis > 0, state.href)
            if kind in ("text", "image"):
                atoms.extend(("t", word, fmt) for word in WORD.findall(token.content))
            elif kind == "softbreak":
                atoms.append(("t", " ", fmt))
            elif kind == "hardbreak":
                atoms.append(("br", "", fmt))
            elif kind == "code_inline":
                atoms.append(("code", token.content, fmt))
            elif kind == "footnote_ref":
                atoms.append(("ref", (int(token.meta["id"]), token.meta.get("label")), fmt))
        return atoms

    def _key(self, side: Side, atom: _Atom) -> tuple[str, object, _Format]:
        kind, value, fmt = atom
        if kind == "ref":
            assert isinstance(value, tuple)
            return (kind, self.redline.note_class(side, value[0]), fmt)
        return atom

    def _merge(self, old: list[_Atom], new: list[_Atom], *, in_note: bool) -> list[Token]:
        old_keys = [self._key(self.old, atom) for atom in old]
        new_keys = [self._key(self.new, atom) for atom in new]
        stream: list[tuple[_Atom, str | None, int | None]] = []  # atom, revision, note
        for tag, i1, i2, j1, j2 in diff_opcodes(old_keys, new_keys, _is_space):
            if tag == "equal":
                for offset in range(i2 - i1):
                    atom = new[j1 + offset]
                    note = None
                    if atom[0] == "ref" and not in_note:
                        old_ref, new_ref = old[i1 + offset][1], atom[1]
                        assert isinstance(old_ref, tuple) and isinstance(new_ref, tuple)
                        note = self._kept_note(old_ref[0], new_ref[0])
                    stream.append((atom, None, note))
                continue
            for atom in old[i1:i2]:
                stream.append((atom, "del", self._atom_note(self.old, atom, "del", in_note)))
            for atom in new[j1:j2]:
                stream.append((atom, "ins", self._atom_note(self.new, atom, "ins", in_note)))
        return _tokens(stream)

    def _atom_note(self, side: Side, atom: _Atom, rev: str, in_note: bool) -> int | None:
        if atom[0] != "ref" or in_note:
            return None
        assert isinstance(atom[1], tuple)
        return self._note(side, atom[1][0], rev)

    def _title(self) -> list[Token]:
        """The title and each subtitle line (line by line, in order) with their changes."""
        out: list[Token] = []
        old_lines = self.old.document.lines("subtitle")
        new_lines = self.new.document.lines("subtitle")
        pairs = [("title", self.old.document.text("title"), self.new.document.text("title"))]
        pairs += [("subtitle", old_lines[i] if i < len(old_lines) else "",
                   new_lines[i] if i < len(new_lines) else "")
                  for i in range(max(len(old_lines), len(new_lines)))]
        for role, before, after in pairs:
            if not before and not after:
                continue
            rev: str | None = None
            if before == after:
                children = [Token("text", "", 0, content=after)]
            elif not before or not after:
                rev = "ins" if after else "del"
                children = [Token("text", "", 0, content=after or before)]
            else:
                plain: _Format = (False, False, None)
                children = self._merge([("t", w, plain) for w in WORD.findall(before)],
                                       [("t", w, plain) for w in WORD.findall(after)],
                                       in_note=True)
            meta: dict[str, object] = {"role": role}
            if rev:
                meta["rev"] = rev
            out += [Token("paragraph_open", "p", 1, meta=meta),
                    Token("inline", "", 0, children=children, content=after),
                    Token("paragraph_close", "p", -1)]
        return out


def _tokens(stream: list[tuple[_Atom, str | None, int | None]]) -> list[Token]:
    """Inline tokens for merged atoms: each stretch of one revision and format is wrapped
    in its own balanced open/close tokens."""
    out: list[Token] = []
    for (rev, fmt), group in groupby(stream, key=lambda item: (item[1], item[0][2])):
        bold, italic, href = fmt
        closers: list[Token] = []
        if rev:
            out.append(Token(f"{rev}_open", "", 1))
            closers.append(Token(f"{rev}_close", "", -1))
        if href:
            out.append(Token("link_open", "a", 1, attrs={"href": href}))
            closers.append(Token("link_close", "a", -1))
        if bold:
            out.append(Token("strong_open", "strong", 1))
            closers.append(Token("strong_close", "strong", -1))
        if italic:
            out.append(Token("em_open", "em", 1))
            closers.append(Token("em_close", "em", -1))
        text: list[str] = []
        for (kind, value, _), _, note in group:
            if kind == "t":
                text.append(str(value))
                continue
            if text:
                out.append(Token("text", "", 0, content="".join(text)))
                text = []
            if kind == "br":
                out.append(Token("hardbreak", "br", 0))
            elif kind == "code":
                out.append(Token("code_inline", "code", 0, content=str(value)))
            else:  # a reference: its own note, or inside a note the label it shows
                assert isinstance(value, tuple)
                note_id, label = value
                out.append(Token("footnote_ref", "", 0, meta={
                    "id": note if note is not None else note_id, "label": label}))
        if text:
            out.append(Token("text", "", 0, content="".join(text)))
        out.extend(reversed(closers))
    return out


def _block(op: Op) -> Block:
    block = op.new if op.new is not None else op.old
    assert block is not None
    return block


def _is_space(key: object) -> bool:
    return isinstance(key, tuple) and key[0] == "t" and str(key[1]).isspace()
