"""Redlines: two rendered Markdown texts compared block by block, then word by word.

csp-draft compares what a reader sees, the rendered Markdown of each version, not the
YAML of the drafts. Each text is parsed with the writers' own parser into a tree of blocks
that remembers every block's source lines: front-matter lines, paragraphs and headings,
tables and code (compared whole), lists, list items, quotes and footnote definitions.
The two trees are aligned level by level: :class:`difflib.SequenceMatcher` over the
blocks' content keys finds what stayed; inside a stretch that changed, blocks of the same
kind are paired, in order, by how many words they share, and paired containers are
aligned in turn. The result, a :class:`Redline`, is a list of :class:`Op` (same, changed,
deleted, inserted) that both emitters read: :mod:`csp_draft.compare.critic` writes CriticMarkup,
:mod:`csp_draft.writers.docx.redline` a Word file with tracked changes. Each of them diffs the
paired blocks that differ word by word, on its own tokens (Markdown source for one, the
parsed runs for the other), with :func:`diff_opcodes`.

Numbers that follow from order are not content. List item numbers stay out of the keys,
and a footnote reference is keyed by its note's text, not its label: the renderer labels
notes 1, 2, 3 in order, so inserting one clause relabels every later note without
changing any. Two notes are "the same note" when their definitions were paired by the
alignment or their texts are equal.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from difflib import SequenceMatcher

from markdown_it.token import Token

from csp_draft.markdown.parse import ParsedDocument, parse_document

SAME = "same"
CHANGED = "changed"
DELETED = "deleted"
INSERTED = "inserted"

OPAQUE = frozenset({"table", "hr", "code"})  # compared whole: equal, or deleted and inserted
_CONTAINERS = {
    "bullet_list_open": "ul", "ordered_list_open": "ol", "list_item_open": "li",
    "blockquote_open": "quote", "footnote_open": "note",
}
_CONTAINER_KINDS = frozenset(_CONTAINERS.values())
_CLOSERS = frozenset({
    "bullet_list_close", "ordered_list_close", "list_item_close", "blockquote_close",
    "footnote_close",
})
# Blocks share enough words to be shown as one block that changed (else deleted + inserted).
PAIR_THRESHOLD = 0.5
LIST_PAIR_THRESHOLD = 0.3  # whole lists and quotes: pairing them only keeps one numbering
MAX_PAIRING_CELLS = 40_000  # beyond this, a changed stretch is paired by position

# Source tokens of Markdown text: words, runs of white space, syntax that must not be
# split by a change mark (footnote references, inline notes, links, autolinks, code spans,
# escapes and entities), then single other characters.
SOURCE_TOKEN = re.compile(
    r"\w+|\s+"
    r"|\[\^[^\]\s]+\]"
    r"|\^\[[^\]]*\]"
    r"|!?\[[^\[\]]*\]\([^()\s]*(?:\s+\"[^\"]*\")?\)"
    r"|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>"
    r"|`[^`]+`(?!`)|``(?:[^`]|`(?!`))+``(?!`)"
    r"|\\[!-/:-@\[-`{-~]"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|[^\w\s]"
)
WORD = re.compile(r"\w+|\s+|[^\w\s]")  # tokens of plain text (the Word side)
BREAK = "\n"  # the token for a line break inside a block (its line's prefix is separate)
# The structural start of a line: indentation, quote markers, list markers, heading
# hashes, a footnote label. Used to split lines of blocks compared whole.
STRUCTURE = re.compile(
    r"(?:[ \t>]*(?:[-+*]|\d{1,9}[.)]|#{1,6}|\[\^[^\]\s]+\]:)(?=[ \t]|$))*[ \t>]*"
)
_FM_PREFIX = re.compile(r"[ \t]*(?:- )?")


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


class Block:
    """One block of a side: a leaf (kind p, h1-h6, fm, table, hr, code) or a container
    (ul, ol, li, quote, note) with ``children``.

    ``start``/``end`` are source lines (``end`` exclusive; -1 when the block has no source
    lines, as for an inline note). A leaf's ``lines`` are its source lines split into a
    structural ``prefix`` and the ``body`` after it; ``toks`` are the source tokens of the
    bodies with :data:`BREAK` between lines, and ``refs`` maps the index of a footnote
    reference token to its note id. ``span`` is the block's range in the side's tokens.
    """

    __slots__ = (
        "_toks", "_words", "children", "end", "first_item", "inline", "key", "kind", "label",
        "lines", "note", "opaque", "refs", "span", "start",
    )

    def __init__(self, kind: str, start: int, end: int, span: tuple[int, int]) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.span = span
        self.children: list[Block] = []
        self.lines: list[tuple[str, str]] = []
        self._toks: list[str] | None = None  # computed when first needed (most never are)
        self._words: Counter[str] | None = None
        self.refs: dict[int, int] = {}
        self.inline: Token | None = None
        self.note: int | None = None  # note blocks: the note id
        self.label: str | None = None  # note blocks: the label in the source
        self.first_item = False  # a leaf whose first line opens the first item of a list
        self.opaque = kind in OPAQUE  # compared whole, never word by word
        self.key = ""

    @property
    def toks(self) -> list[str]:
        """A leaf's source tokens (none for blocks compared whole)."""
        if self._toks is None:
            self._toks = [] if self.opaque or not self.is_leaf else source_tokens(self.lines)
        return self._toks

    @property
    def words(self) -> Counter[str]:
        """The words of the block and its children, for pairing by similarity."""
        if self._words is None:
            words: Counter[str] = Counter()
            if self.opaque or (self.is_leaf and self.start < 0):
                texts = [body for _, body in self.lines] if self.start >= 0 else [
                    self.inline.content if self.inline is not None else ""]
                words.update(w for text in texts for w in WORD.findall(text) if not w.isspace())
            elif self.is_leaf:
                words.update(t for i, t in enumerate(self.toks)
                             if not t.isspace() and i not in self.refs)
            else:
                for child in self.children:
                    words.update(child.words)
            self._words = words
        return self._words

    @property
    def is_leaf(self) -> bool:
        return self.kind not in _CONTAINER_KINDS

    def leaves(self) -> Iterator[Block]:
        if self.is_leaf:
            yield self
        else:
            for child in self.children:
                yield from child.leaves()

    def __repr__(self) -> str:
        return f"Block({self.kind!r}, {self.start}-{self.end})"


class Side:
    """One version: its text split into lines, its tokens and its tree of blocks."""

    def __init__(self, text: str) -> None:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.text = text
        self.final_newline = text.endswith("\n")
        self.lines = (text[:-1] if self.final_newline else text).split("\n")
        self.document: ParsedDocument = parse_document(text)
        self.tokens = self.document.tokens
        self.notes: dict[int, Block] = {}
        self.labels: dict[str, int] = {  # label -> note id (notes come last in the tokens)
            str(t.meta["label"]): int(t.meta["id"]) for t in self.tokens
            if t.type == "footnote_open" and t.meta.get("label") is not None
        }
        self.blocks = _build(self)
        _finish(self)

    @property
    def meta(self) -> dict[str, object]:
        return self.document.meta

    def note_tokens(self, note_id: int) -> list[Token]:
        """The block tokens inside a note (without its open/close and back-links)."""
        note = self.notes.get(note_id)
        if note is None:
            return []
        start, end = note.span
        return [t for t in self.tokens[start + 1:end - 1] if t.type != "footnote_anchor"]


class Op:
    """One step of the redline: a block that stayed (``same``), changed (paired, with the
    ``children`` ops of a container), was deleted (``old`` only) or inserted (``new``)."""

    __slots__ = ("children", "kind", "new", "old")

    def __init__(self, kind: str, old: Block | None, new: Block | None,
                 children: list[Op] | None = None) -> None:
        self.kind = kind
        self.old = old
        self.new = new
        self.children = children or []

    def __repr__(self) -> str:
        return f"Op({self.kind}, {self.old!r}, {self.new!r})"


class Redline:
    """The aligned versions; see the module docstring."""

    def __init__(self, old: Side, new: Side, ops: list[Op]) -> None:
        self.old = old
        self.new = new
        self.ops = ops
        self.note_ops: dict[int, Op] = {}  # old note id -> the op pairing it
        self.note_pairs: dict[int, int] = {}  # old note id -> new note id
        self.new_partner: dict[int, int] = {}  # new note id -> old note id
        for op in ops:
            if op.kind in (SAME, CHANGED) and op.old is not None and op.old.kind == "note":
                assert op.new is not None and op.old.note is not None
                assert op.new.note is not None
                self.note_pairs[op.old.note] = op.new.note
                self.new_partner[op.new.note] = op.old.note
                self.note_ops[op.old.note] = op

    def note_class(self, side: Side, note_id: int) -> str:
        """Equal for two notes that count as the same note (see the module docstring)."""
        if side is self.old:
            if note_id in self.note_pairs:
                return f"pair:{note_id}"
        elif note_id in self.new_partner:
            return f"pair:{self.new_partner[note_id]}"
        note = side.notes.get(note_id)
        return "text:" + (note.key if note is not None else str(note_id))

    @property
    def changed(self) -> bool:
        return any(op.kind != SAME for op in self.ops) or (
            self.old.final_newline != self.new.final_newline)


def compare_markdown(old_text: str, new_text: str) -> Redline:
    """Align two rendered Markdown texts (the OLD and NEW versions of a document)."""
    old, new = Side(old_text), Side(new_text)
    return Redline(old, new, _align_sides(old, new))


def _align_sides(old: Side, new: Side) -> list[Op]:
    """The body first; then the notes, where a note pairs with the note that the same
    reference (in a paired block) points to before it pairs by similar words."""
    old_body = [b for b in old.blocks if b.kind != "note"]
    new_body = [b for b in new.blocks if b.kind != "note"]
    body_ops = align(old_body, new_body)
    hints = _note_hints(old, new, body_ops)
    old_notes = [b for b in old.blocks if b.kind == "note"]
    new_notes = [b for b in new.blocks if b.kind == "note"]
    if _notes_last(old_body, old_notes) and _notes_last(new_body, new_notes):
        return body_ops + align(old_notes, new_notes, hints)
    return align(old.blocks, new.blocks, hints)


def _notes_last(body: list[Block], notes: list[Block]) -> bool:
    last_body = max((b.start for b in body), default=-1)
    return all(note.start < 0 or note.start > last_body for note in notes)


def _note_hints(old: Side, new: Side, ops: list[Op]) -> frozenset[tuple[int, int]]:
    """(old note, new note) for references at the same place of paired blocks."""
    hints: set[tuple[int, int]] = set()
    for tag, o, n in leaf_ops(ops):
        if tag != "pair" or o is None or n is None or not o.refs or not n.refs:
            continue
        old_refs = [o.refs[i] for i in sorted(o.refs)]
        new_refs = [n.refs[i] for i in sorted(n.refs)]
        matcher = SequenceMatcher(None, [old.notes[r].key for r in old_refs],
                                  [new.notes[r].key for r in new_refs], autojunk=False)
        for tag2, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag2 in ("equal", "replace"):
                hints.update(zip(old_refs[i1:i2], new_refs[j1:j2], strict=False))
    return frozenset(hints)


# -- building the trees ---------------------------------------------------------------------

def _build(side: Side) -> list[Block]:
    tokens = side.tokens
    top: list[Block] = []
    for number in range(side.document.front_matter_lines):
        top.append(_front_matter_line(side, number))
    stack: list[Block] = []
    index, count = 0, len(tokens)
    while index < count:
        token = tokens[index]
        kind = token.type
        siblings = stack[-1].children if stack else top
        if kind in ("paragraph_open", "heading_open"):
            leaf_kind = "p" if kind == "paragraph_open" else token.tag
            close = index + 2  # in a note, a back-link comes before the close
            while tokens[close].nesting != -1:
                close += 1
            leaf = _text_leaf(side, leaf_kind, token, tokens[index + 1], (index, close + 1))
            leaf.first_item = any(
                block.kind == "li" and block.first_item and block.start == leaf.start
                for block in stack
            )
            siblings.append(leaf)
            index = close + 1
            continue
        if kind == "table_open":
            end = index
            while tokens[end].type != "table_close":
                end += 1
            siblings.append(_opaque_leaf(side, "table", token, (index, end + 1)))
            index = end + 1
            continue
        if kind in ("hr", "code_block", "fence"):
            siblings.append(_opaque_leaf(side, "hr" if kind == "hr" else "code", token,
                                         (index, index + 1)))
        elif kind in _CONTAINERS:
            start, end = token.map if token.map else (-1, -1)
            block = Block(_CONTAINERS[kind], start, end, (index, index))
            if block.kind == "li":
                block.first_item = not siblings  # the first item of its list
            elif block.kind == "note":
                block.note = int(token.meta["id"])
                label = token.meta.get("label")
                block.label = str(label) if label is not None else None
                side.notes[block.note] = block
            stack.append(block)
        elif kind in _CLOSERS:
            block = stack.pop()
            block.span = (block.span[0], index + 1)
            if block.kind == "note":
                lined = [b for b in block.children if b.start >= 0]
                block.start = lined[0].start if lined else -1
                block.end = lined[-1].end if lined else -1
            (stack[-1].children if stack else top).append(block)
        index += 1
    # Footnote definitions come last in the tokens; put them where their source lines are.
    return sorted(top, key=lambda b: b.start if b.start >= 0 else len(side.lines) + 1)


def _front_matter_line(side: Side, number: int) -> Block:
    line = side.lines[number]
    leaf = Block("fm", number, number + 1, (0, 0))
    prefix = _FM_PREFIX.match(line)
    cut = prefix.end() if prefix else 0
    leaf.lines = [(line[:cut], line[cut:])]
    return leaf


def _text_leaf(side: Side, kind: str, opener: Token, inline: Token,
               span: tuple[int, int]) -> Block:
    """A paragraph or heading; its lines are split where markdown-it's content starts."""
    start, end = opener.map if opener.map else (-1, -1)
    leaf = Block(kind, start, end, span)
    leaf.inline = inline
    if start < 0:
        return leaf
    content = inline.content
    if end - start == 1 and "\n" not in content:  # the usual case, made quick
        line = side.lines[start]
        if line.endswith(content):
            cut = len(line) - len(content)
            leaf.lines = [(line[:cut], line[cut:])]
            _find_refs(side, leaf, inline)
            return leaf
    contents = content.split("\n")
    lines: list[tuple[str, str]] | None = [] if end - start == len(contents) else None
    if lines is not None:
        for offset, content in enumerate(contents):
            line = side.lines[start + offset]
            if line.endswith(content):
                cut = len(line) - len(content)
            else:
                stripped, wanted = line.rstrip(), content.rstrip()
                if not stripped.endswith(wanted):
                    lines = None
                    break
                cut = len(stripped) - len(wanted)
            lines.append((line[:cut], line[cut:]))
    if lines is None:  # a setext heading, a closing # sequence, tabs: compare it whole
        leaf.opaque = True
        _split_whole(side, leaf)
        return leaf
    leaf.lines = lines
    _find_refs(side, leaf, inline)
    return leaf


def _find_refs(side: Side, leaf: Block, inline: Token) -> None:
    """Mark the leaf's footnote references (only those markdown-it saw: not a "[^1]" in a
    link text, say)."""
    if not side.labels or not any("[^" in body for _, body in leaf.lines):
        return
    toks = leaf.toks
    found = [i for i, t in enumerate(toks) if t.startswith("[^") and t[2:-1] in side.labels]
    expected = [str(c.meta["label"]) for c in inline.children or []
                if c.type == "footnote_ref" and c.meta.get("label") is not None]
    if [toks[i][2:-1] for i in found] == expected:
        leaf.refs = {i: side.labels[toks[i][2:-1]] for i in found}


def source_tokens(lines: list[tuple[str, str]]) -> list[str]:
    """The tokens of the lines' bodies, with :data:`BREAK` between lines."""
    toks: list[str] = []
    for number, (_, body) in enumerate(lines):
        if number:
            toks.append(BREAK)
        toks.extend(SOURCE_TOKEN.findall(body))
    return toks


def _opaque_leaf(side: Side, kind: str, token: Token, span: tuple[int, int]) -> Block:
    start, end = token.map if token.map else (-1, -1)
    leaf = Block(kind, start, end, span)
    _split_whole(side, leaf)
    return leaf


def _split_whole(side: Side, leaf: Block) -> None:
    leaf.lines = []
    for line in side.lines[leaf.start:leaf.end] if leaf.start >= 0 else []:
        match = STRUCTURE.match(line)
        cut = match.end() if match else 0
        leaf.lines.append((line[:cut], line[cut:]))


def _finish(side: Side) -> None:
    """Keys and word counts, notes first (references are keyed by their note's text)."""
    for note in side.notes.values():
        _finish_block(side, note, in_note=True)
    for block in side.blocks:
        if block.kind != "note":
            _finish_block(side, block, in_note=False)


def _finish_block(side: Side, block: Block, *, in_note: bool) -> None:
    if block.opaque or (block.is_leaf and block.start < 0):
        texts = [body for _, body in block.lines] if block.start >= 0 else [
            block.inline.content if block.inline is not None else ""]
        block.key = _digest(block.kind, *texts, *_ref_keys(side, block, in_note))
        return
    if block.is_leaf:
        if in_note or not block.refs:
            # The text stands for its tokens (the tokenizer is deterministic); references
            # markdown-it saw count too: "[^1]" is text where no note 1 is defined.
            block.key = _digest(block.kind, "\n".join(body for _, body in block.lines),
                                *_ref_keys(side, block, in_note))
            return
        keys = list(block.toks)
        for index, note_id in block.refs.items():
            note = side.notes.get(note_id)
            keys[index] = "\x00ref:" + (note.key if note is not None else keys[index])
        block.key = _digest(block.kind, "\x00tokens", *keys)
        return
    for child in block.children:
        _finish_block(side, child, in_note=in_note)
    block.key = _digest(block.kind, *(child.key for child in block.children))


def _ref_keys(side: Side, block: Block, in_note: bool) -> list[str]:
    """What each footnote reference in the block's tokens points to, in order."""
    keys = []
    start, end = block.span
    for token in side.tokens[start:end]:
        for child in token.children or ():
            if child.type != "footnote_ref":
                continue
            note = None if in_note else side.notes.get(int(child.meta["id"]))
            keys.append("\x00ref:" + (note.key if note is not None
                                       else str(child.meta.get("label"))))
    return keys


# -- aligning -------------------------------------------------------------------------------

def align(old: Sequence[Block], new: Sequence[Block],
          hints: frozenset[tuple[int, int]] = frozenset()) -> list[Op]:
    """Ops turning the ``old`` blocks into the ``new`` ones, in reading order; ``hints``
    are (old, new) note ids that should pair."""
    matcher = SequenceMatcher(None, [b.key for b in old], [b.key for b in new], autojunk=False)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.extend(Op(SAME, old[i], new[j]) for i, j in zip(range(i1, i2), range(j1, j2),
                                                                strict=True))
        elif tag == "delete":
            ops.extend(Op(DELETED, block, None) for block in old[i1:i2])
        elif tag == "insert":
            ops.extend(Op(INSERTED, None, block) for block in new[j1:j2])
        else:
            ops.extend(_pair_stretch(old[i1:i2], new[j1:j2], hints))
    return ops


def similarity(old: Block, new: Block) -> float:
    """Shared words over all words (a Dice coefficient on word counts). Containers that
    share most of their children are similar without counting words."""
    if not old.is_leaf and old.children and new.children:
        shared_children = Counter(c.key for c in old.children) & Counter(
            c.key for c in new.children)
        score = 2.0 * sum(shared_children.values()) / (len(old.children) + len(new.children))
        if score >= PAIR_THRESHOLD:
            return score
    total = sum(old.words.values()) + sum(new.words.values())
    if not total:
        return 1.0 if old.kind == new.kind else 0.0
    shared = sum((old.words & new.words).values())
    return 2.0 * shared / total


def _pairable(old: Block, new: Block, hints: frozenset[tuple[int, int]]) -> float:
    """How well two blocks pair (0 when they should not be shown as one changed block)."""
    if old.kind != new.kind or old.opaque or new.opaque:
        return 0.0
    if old.kind == "note" and (old.note, new.note) in hints:
        return 1.0 + similarity(old, new)
    if old.is_leaf:
        if old.start < 0 or new.start < 0 or not old.toks or not new.toks:
            return 0.0
        if old.kind == "fm" and _fm_field(old) != _fm_field(new):
            return 0.0
    score = similarity(old, new)
    threshold = LIST_PAIR_THRESHOLD if old.kind in ("ul", "ol", "quote") else PAIR_THRESHOLD
    return score if score >= threshold else 0.0


def _fm_field(block: Block) -> str:
    prefix, body = block.lines[0]
    name, sep, _ = body.partition(":")
    return prefix + (name if sep else "")


def _pair_stretch(old: Sequence[Block], new: Sequence[Block],
                  hints: frozenset[tuple[int, int]]) -> list[Op]:
    """Pair blocks of a changed stretch in order, maximising the summed similarity."""
    n, m = len(old), len(new)
    pairs: list[tuple[int, int]] = []
    if n * m > MAX_PAIRING_CELLS:
        pairs = [(k, k) for k in range(min(n, m)) if _pairable(old[k], new[k], hints)]
    else:
        scores = [[_pairable(o, b, hints) for b in new] for o in old]
        best = [[0.0] * (m + 1) for _ in range(n + 1)]
        for i in range(n - 1, -1, -1):
            row, below = best[i], best[i + 1]
            for j in range(m - 1, -1, -1):
                value = max(below[j], row[j + 1])
                if scores[i][j]:
                    value = max(value, below[j + 1] + scores[i][j])
                row[j] = value
        i = j = 0
        while i < n and j < m:
            if scores[i][j] and best[i][j] == best[i + 1][j + 1] + scores[i][j]:
                pairs.append((i, j))
                i, j = i + 1, j + 1
            elif best[i][j] == best[i + 1][j]:
                i += 1
            else:
                j += 1
    ops: list[Op] = []
    i = j = 0
    for pi, pj in [*pairs, (n, m)]:
        ops.extend(Op(DELETED, block, None) for block in old[i:pi])
        ops.extend(Op(INSERTED, None, block) for block in new[j:pj])
        if pi < n and pj < m:
            o, b = old[pi], new[pj]
            children = [] if o.is_leaf else align(o.children, b.children, hints)
            ops.append(Op(CHANGED, o, b, children))
        i, j = pi + 1, pj + 1
    return ops


def leaf_ops(ops: Sequence[Op]) -> Iterator[tuple[str, Block | None, Block | None]]:
    """The leaves in merged reading order: ("pair", old, new), ("del", old, None) or
    ("ins", None, new). Paired leaves may still differ; containers are walked through."""
    for op in ops:
        old, new = op.old, op.new
        if op.kind == SAME:
            assert old is not None and new is not None
            if old.is_leaf:
                yield ("pair", old, new)
            else:
                yield from leaf_ops([Op(SAME, o, b) for o, b in
                                     zip(old.children, new.children, strict=True)])
        elif op.kind == CHANGED:
            assert old is not None and new is not None
            if old.is_leaf:
                yield ("pair", old, new)
            else:
                yield from leaf_ops(op.children)
        elif op.kind == DELETED:
            assert old is not None
            for leaf in old.leaves():
                yield ("del", leaf, None)
        else:
            assert new is not None
            for leaf in new.leaves():
                yield ("ins", None, leaf)


# -- word diffs -------------------------------------------------------------------------------

def diff_opcodes(old: Sequence[object], new: Sequence[object],
                 is_space: Callable[[object], bool]) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher opcodes over word tokens, with white space that only separates two
    changes folded into them ("a b c" -> "x y z" is one replacement, not three)."""
    codes = _slide([list(code) for code in
                    SequenceMatcher(None, old, new, autojunk=False).get_opcodes()],
                   old, new, is_space)
    merged: list[list[object]] = []
    for position, code in enumerate(codes):
        tag, i1, i2, j1, j2 = code
        if (tag == "equal" and merged and merged[-1][0] != "equal"
                and position + 1 < len(codes) and all(is_space(t) for t in old[i1:i2])):
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
            continue
        if tag != "equal" and merged and merged[-1][0] != "equal":
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
            continue
        merged.append(list(code))
    result = []
    for tag, i1, i2, j1, j2 in merged:
        assert isinstance(i1, int) and isinstance(i2, int)
        assert isinstance(j1, int) and isinstance(j2, int)
        if tag == "replace" and i1 == i2:
            tag = "insert"
        elif tag == "replace" and j1 == j2:
            tag = "delete"
        result.append((str(tag), i1, i2, j1, j2))
    return result


def _slide(codes: list[list[object]], old: Sequence[object], new: Sequence[object],
           is_space: Callable[[object], bool]) -> list[list[object]]:
    """Move an insertion or deletion that starts with white space one token right when
    it can ("Free{++ all++} the" -> "Free {++all ++}the"), as diff tools do."""
    for position, code in enumerate(codes):
        tag = code[0]
        if tag not in ("insert", "delete") or position == 0 or position + 1 >= len(codes):
            continue
        before, after = codes[position - 1], codes[position + 1]
        if before[0] != "equal" or after[0] != "equal":
            continue
        seq = new if tag == "insert" else old
        start, end = (3, 4) if tag == "insert" else (1, 2)
        while True:
            first, stop = code[start], code[end]
            assert isinstance(first, int) and isinstance(stop, int)
            assert isinstance(after[1], int) and isinstance(after[2], int)
            if after[1] == after[2] or not is_space(seq[first]) or seq[first] != seq[stop]:
                break
            for edge in (2, 4):  # the equal stretch before grows by one token
                value = before[edge]
                assert isinstance(value, int)
                before[edge] = value + 1
            for edge in (1, 2, 3, 4):  # the change moves right by one token
                value = code[edge]
                assert isinstance(value, int)
                code[edge] = value + 1
            for edge in (1, 3):  # the equal stretch after shrinks by one token
                value = after[edge]
                assert isinstance(value, int)
                after[edge] = value + 1
    return [code for code in codes if code[0] != "equal" or code[1] != code[2]]
