"""A redline as CriticMarkup, and the accept / reject that read one back.

Marks stay inside blocks, so the text keeps the block structure of the documents: a
changed paragraph or list item gets word-level marks (``{++ ++}``, ``{-- --}``,
``{~~ old ~> new ~~}``) after its list marker, heading hashes or footnote label; a block
that was added or removed is marked line by line, each line wrapped whole after its
prefix (``3. {--Old clause.--}``).

What standard CriticMarkup cannot say without crossing blocks, three conventions carry:

- A line that holds nothing but one deletion after its prefix is a deleted line:
  accepting drops the whole line, and with it one blank line when the dropped lines sat
  between two blank lines (so a removed paragraph leaves no gap). Rejecting treats a
  line holding one insertion the same way.
- A footnote label may be a pair, ``[^4→5]`` ("was 4, now 5"); accept keeps the right
  side, reject the left. Labels never show in a rendered document, so a note that only
  moved in the numbering stays unmarked.
- A list item kept from the old version carries the new version's number. Where that
  differs and Markdown would not show it (any item but a list's first, which sets the
  start), the old numbers go in a Markdown comment on the last line, which no renderer
  shows: ``[//]: # "csp-draft old numbers: 57=2 59=3"`` (line 57 was item 2, ...).
  Other changed numbers, and a change of width (9. to 10.), are marked where they are.

So :func:`accept` gives the new Markdown exactly and :func:`reject` the old one exactly.
Where the blank lines around blocks differ in a way those rules cannot express, that
stretch is written as one substitution spanning lines (still exact, rarely seen). Text
that holds CriticMarkup's own marks cannot be read back for sure: CriticMarkup has no
escapes.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from csp_draft.compare.align import BREAK, STRUCTURE, Block, Redline, Side, diff_opcodes, leaf_ops

_PREFIX = STRUCTURE.pattern
DELETED_LINE = re.compile(rf"(?:{_PREFIX})\{{--(?:(?!--\}}).)*--\}}")
INSERTED_LINE = re.compile(rf"(?:{_PREFIX})\{{\+\+(?:(?!\+\+\}}).)*\+\+\}}")
MARKS = re.compile(
    r"\{\+\+(.*?)\+\+\}|\{--(.*?)--\}|\{~~(.*?)~>(.*?)~~\}|\{==(.*?)==\}|\{>>(.*?)<<\}",
    re.DOTALL,
)
LABEL_PAIR = re.compile(r"\[\^([^\]\s→]*)→([^\]\s→]*)\]")
ARROW = "→"
OLD_NUMBERS = re.compile(r'\n\n\[//\]: # "csp-draft old numbers: ([0-9= ]+)"(\n?)\Z')


# -- reading it back --------------------------------------------------------------------------

def accept(text: str) -> str:
    """The text with every change accepted (see the module docstring)."""
    return _resolve(text, keep_new=True)


def reject(text: str) -> str:
    """The text with every change rejected."""
    return _resolve(text, keep_new=False)


def _resolve(text: str, *, keep_new: bool) -> str:
    numbers: list[tuple[int, str]] = []
    found = OLD_NUMBERS.search(text)
    if found:
        numbers = [(int(line) - 1, digits) for line, _, digits in
                   (entry.partition("=") for entry in found.group(1).split())]
        text = text[:found.start()] + found.group(2)
    body, end = (text[:-1], "\n") if text.endswith("\n") else (text, "")
    lines = body.split("\n")
    if not keep_new:
        for index, digits in numbers:
            if 0 <= index < len(lines):
                lines[index] = _with_digits(lines[index], digits)
    lines = drop_lines(lines, DELETED_LINE if keep_new else INSERTED_LINE)
    text = MARKS.sub(_accepted if keep_new else _rejected, "\n".join(lines) + end)
    side = 2 if keep_new else 1
    return LABEL_PAIR.sub(lambda m: f"[^{m.group(side)}]", text)


def _blank(line: str) -> bool:
    """A blank line as CommonMark has it: nothing but spaces and tabs."""
    return not line.strip(" \t")


def _with_digits(line: str, digits: str) -> str:
    """``line`` with its first digits replaced, one by one, by ``digits``."""
    chars = list(line)
    queue = iter(digits)
    for position, char in enumerate(chars):
        if char.isdigit():
            replacement = next(queue, None)
            if replacement is None:
                break
            chars[position] = replacement
    return "".join(chars)


def _accepted(match: re.Match[str]) -> str:
    inserted, _, _, new, highlighted, _ = match.groups()
    return inserted if inserted is not None else (new if new is not None else highlighted or "")


def _rejected(match: re.Match[str]) -> str:
    _, deleted, old, _, highlighted, _ = match.groups()
    return deleted if deleted is not None else (old if old is not None else highlighted or "")


def drop_lines(lines: list[str], pattern: re.Pattern[str]) -> list[str]:
    """Remove the lines ``pattern`` matches whole, group by group (lines of one group
    may have blank lines between them), and one blank line that a group leaves doubled."""
    count = len(lines)
    keep = [True] * count
    index = 0
    while index < count:
        if not pattern.fullmatch(lines[index]):
            index += 1
            continue
        last = index
        probe = index + 1
        while probe < count:
            if pattern.fullmatch(lines[probe]):
                last = probe
                probe += 1
                continue
            after = probe
            while after < count and _blank(lines[after]):
                after += 1
            if after in (probe, count) or not pattern.fullmatch(lines[after]):
                break
            last = after
            probe = after + 1
        for position in range(index, last + 1):
            keep[position] = False
        before, after = index - 1, last + 1
        blank_before = before >= 0 and _blank(lines[before])
        blank_after = after < count and _blank(lines[after])
        if blank_after and (before < 0 or blank_before):
            keep[after] = False
        elif blank_before and after >= count:
            keep[before] = False
        index = last + 1
    return [line for line, kept in zip(lines, keep, strict=True) if kept]


# -- writing it -------------------------------------------------------------------------------

def critic_markdown(redline: Redline) -> str:
    """The redline as CriticMarkup over the new version's Markdown."""
    return _Writer(redline).write()


class _Writer:
    def __init__(self, redline: Redline) -> None:
        self.redline = redline
        self.old, self.new = redline.old, redline.new
        self.labels_old, self.labels_new = _critic_labels(redline)
        self.note_heads = {id(side): _note_heads(side) for side in (self.old, self.new)}
        self.out: list[str] = []
        self.close_next = ""  # closes a spanning substitution before the next anchor line
        self.old_numbers: list[tuple[int, str]] = []  # (line, old digits) of renumbered items
        self._first_line_digits: str | None = None  # set by _pair for its first line

    def write(self) -> str:
        old, new = self.old, self.new
        o_pos = n_pos = 0
        deleted: list[Block] = []
        inserted: list[Block] = []
        for tag, o, n in leaf_ops(self.redline.ops):
            if tag == "del":
                assert o is not None
                if o.start >= 0:
                    deleted.append(o)
            elif tag == "ins":
                assert n is not None
                if n.start >= 0:
                    inserted.append(n)
            else:
                assert o is not None and n is not None
                if o.start < 0 or n.start < 0:  # an inline note: part of its paragraph
                    continue
                self._segment(o_pos, o.start, n_pos, n.start, deleted, inserted, last=False)
                lines = self._pair(o, n)
                if self.close_next:
                    lines[0] = self.close_next + lines[0]
                    self.close_next = ""
                if self._first_line_digits is not None:
                    self.old_numbers.append((len(self.out), self._first_line_digits))
                self.out.extend(lines)
                o_pos, n_pos = o.end, n.end
                deleted, inserted = [], []
        self._segment(o_pos, len(old.lines), n_pos, len(new.lines), deleted, inserted,
                      last=True)
        text = "\n".join(self.out)
        if old.final_newline and new.final_newline:
            text += "\n"
        elif old.final_newline:
            text += "{--\n--}"
        elif new.final_newline:
            text += "{++\n++}"
        if self.old_numbers:
            entries = " ".join(f"{line + 1}={digits}" for line, digits in self.old_numbers)
            comment = f'[//]: # "csp-draft old numbers: {entries}"'
            text += f"\n{comment}\n" if text.endswith("\n") else f"\n\n{comment}"
        return text

    # -- stretches between paired blocks ---------------------------------------------------
    def _segment(self, o_start: int, o_end: int, n_start: int, n_end: int,
                 deleted: list[Block], inserted: list[Block], *, last: bool) -> None:
        if o_start >= o_end and n_start >= n_end:
            return
        old_items = self._items(self.old, o_start, o_end, deleted, "--")
        new_items = self._items(self.new, n_start, n_end, inserted, "++")
        matcher = SequenceMatcher(None, [item[0] for item in old_items],
                                  [item[0] for item in new_items], autojunk=False)
        codes = matcher.get_opcodes()
        first = not self.out
        old_raw = self.old.lines[o_start:o_end]
        new_raw = self.new.lines[n_start:n_end]
        # Old and new blocks in one stretch read best apart, as two blocks; in a tight
        # list they must stay together. Whichever reads back exactly wins.
        for apart in (True, False):
            lines: list[str] = []
            for tag, i1, i2, j1, j2 in codes:
                if tag == "equal":
                    lines.extend(shared for _, shared, _ in old_items[i1:i2])
                    continue
                lines.extend(alone for _, _, alone in old_items[i1:i2])
                if apart and i1 < i2 and j1 < j2:
                    lines.append("")
                lines.extend(alone for _, _, alone in new_items[j1:j2])
            if self._exact(lines, old_raw, new_raw, first=first, last=last):
                self.out.extend(lines)
                return
        # Fall back on one substitution over the whole stretch, line breaks included.
        old_side = "\n".join(old_raw)
        new_side = "\n".join(new_raw)
        if first and last:
            mark = _substitution(old_side, new_side)
            self.out.extend(mark.split("\n"))
            return
        if first:
            old_side += "\n" if old_raw else ""
            new_side += "\n" if new_raw else ""
            self.close_next = _substitution(old_side, new_side)
            return
        old_side = "\n" + old_side if old_raw else ""
        new_side = "\n" + new_side if new_raw else ""
        mark = _substitution(old_side, new_side).split("\n")
        self.out[-1] += mark[0]
        self.out.extend(mark[1:])

    def _items(self, side: Side, start: int, end: int, changed: list[Block],
               mark: str) -> list[tuple[tuple[str, int | str], str, str]]:
        """Each line of a stretch as (key, text when shared, text when not shared).

        Lines of changed blocks have unique keys and come wrapped whole; other lines
        (blank lines, mostly) are keyed by their text, and wrapped only when not shared.
        """
        wrapped: dict[int, str] = {}
        for block in changed:
            for offset, (prefix, body) in enumerate(self._texts(side, block)):
                wrapped[block.start + offset] = _wrap_line(prefix, body, mark)
        items: list[tuple[tuple[str, int | str], str, str]] = []
        for number in range(start, end):
            line = side.lines[number]
            if number in wrapped:
                items.append((("block" + mark, number), line, wrapped[number]))
            elif not _blank(line):
                items.append((("line", line), line, _wrap_line(*_split(line), mark)))
            else:
                items.append((("blank", line), line, line))
        return items

    def _exact(self, lines: list[str], old_raw: list[str], new_raw: list[str], *,
               first: bool, last: bool) -> bool:
        """Whether the stretch reads back as both versions, in its context."""
        guard_before = [] if first else ["\x00"]
        guard_after = [] if last else ["\x00"]
        text = "\n".join([*guard_before, *lines, *guard_after])
        old = "\n".join([*guard_before, *old_raw, *guard_after])
        new = "\n".join([*guard_before, *new_raw, *guard_after])
        return accept(text) == new and reject(text) == old

    # -- paired blocks -------------------------------------------------------------------------
    def _pair(self, o: Block, n: Block) -> list[str]:
        self._first_line_digits = None
        old_texts = self._texts(self.old, o)
        new_texts = self._texts(self.new, n)
        if old_texts == new_texts:
            return [prefix + body for prefix, body in new_texts]
        first = self._first_prefix(old_texts[0][0], new_texts[0][0], o.first_item or n.first_item)
        if o.opaque or n.opaque:  # paired only when equal: only prefixes can differ
            return [first + new_texts[0][1]] + [
                self._prefix(po, pn) + bn
                for (po, _), (pn, bn) in zip(old_texts[1:], new_texts[1:], strict=True)]
        old_keys = self._keys(self.old, o)
        new_keys = self._keys(self.new, n)
        pieces = [first]
        old_line = new_line = 0
        for tag, i1, i2, j1, j2 in diff_opcodes(old_keys, new_keys, _is_space):
            if tag == "equal":
                for offset in range(i2 - i1):
                    token = n.toks[j1 + offset]
                    if token == BREAK:
                        old_line += 1
                        new_line += 1
                        pieces.append(BREAK + self._prefix(
                            old_texts[old_line][0], new_texts[new_line][0]))
                    elif (j1 + offset) in n.refs:
                        pieces.append(self._kept_ref(o, i1 + offset, n, j1 + offset))
                    else:
                        pieces.append(token)
                continue
            old_part, old_line = self._run(self.old, o, i1, i2, old_texts, old_line)
            new_part, new_line = self._run(self.new, n, j1, j2, new_texts, new_line)
            pieces.append(_substitution(old_part, new_part))
        return "".join(pieces).split("\n")

    def _run(self, side: Side, block: Block, start: int, end: int,
             texts: list[tuple[str, str]], line: int) -> tuple[str, int]:
        labels = self.labels_old if side is self.old else self.labels_new
        parts = []
        for index in range(start, end):
            token = block.toks[index]
            if token == BREAK:
                line += 1
                parts.append(BREAK + texts[line][0])
            elif index in block.refs:
                parts.append(f"[^{labels[block.refs[index]]}]")
            else:
                parts.append(token)
        return "".join(parts), line

    def _kept_ref(self, o: Block, old_index: int, n: Block, new_index: int) -> str:
        old_note, new_note = o.refs[old_index], n.refs[new_index]
        if self.redline.note_pairs.get(old_note) == new_note:
            return f"[^{self.labels_new[new_note]}]"
        old_label = self.old.notes[old_note].label
        new_label = self.new.notes[new_note].label
        return f"[^{new_label}]" if old_label == new_label else f"[^{old_label}{ARROW}{new_label}]"

    def _keys(self, side: Side, block: Block) -> list[str]:
        keys = list(block.toks)
        for index, note in block.refs.items():
            keys[index] = "\x00" + self.redline.note_class(side, note)
        return keys

    def _texts(self, side: Side, block: Block) -> list[tuple[str, str]]:
        """A block's lines with footnote labels as the redline writes them."""
        if not block.refs and not self._labels_note_first_line(side, block):
            return block.lines
        labels = self.labels_old if side is self.old else self.labels_new
        texts = []
        line = 0
        bodies: list[list[str]] = [[]]
        for index, token in enumerate(block.toks):
            if token == BREAK:
                bodies.append([])
                line += 1
            elif index in block.refs:
                bodies[line].append(f"[^{labels[block.refs[index]]}]")
            else:
                bodies[line].append(token)
        for number, (prefix, body) in enumerate(block.lines):
            if block.toks:
                body = "".join(bodies[number])
            if number == 0:
                prefix = self._note_prefix(side, block, prefix)
            texts.append((prefix, body))
        return texts

    def _labels_note_first_line(self, side: Side, block: Block) -> bool:
        note = self.note_heads[id(side)].get(id(block))
        if note is None:
            return False
        labels = self.labels_old if side is self.old else self.labels_new
        return labels.get(note) != side.notes[note].label

    def _note_prefix(self, side: Side, block: Block, prefix: str) -> str:
        note = self.note_heads[id(side)].get(id(block))
        if note is None:
            return prefix
        labels = self.labels_old if side is self.old else self.labels_new
        label = side.notes[note].label
        return prefix.replace(f"[^{label}]:", f"[^{labels[note]}]:", 1)

    def _first_prefix(self, old: str, new: str, first_item: bool) -> str:
        """The prefix of a kept block's first line: a later list item renumbered keeps
        its new number unmarked (Markdown shows no such number); the old goes in the
        closing comment."""
        if (old != new and len(old) == len(new) and not first_item and all(
                a == b or (a.isdigit() and b.isdigit()) for a, b in zip(old, new, strict=True))):
            self._first_line_digits = "".join(c for c in old if c.isdigit())
            return new
        return self._prefix(old, new)

    @staticmethod
    def _prefix(old: str, new: str) -> str:
        """A kept line's prefix: the new one, with what differs marked."""
        if old == new:
            return new
        head = 0
        while head < min(len(old), len(new)) and old[head] == new[head]:
            head += 1
        tail = 0
        while (tail < min(len(old), len(new)) - head
               and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]):
            tail += 1
        return (new[:head] + _substitution(old[head:len(old) - tail], new[head:len(new) - tail])
                + new[len(new) - tail:])


def _note_heads(side: Side) -> dict[int, int]:
    """The first leaf of each labelled note (its line holds ``[^label]:``) -> note id."""
    heads = {}
    for note_id, note in side.notes.items():
        first = next(note.leaves(), None)
        if note.label is not None and first is not None and first.start >= 0:
            heads[id(first)] = note_id
    return heads


def _critic_labels(redline: Redline) -> tuple[dict[int, str], dict[int, str]]:
    """Labels the redline gives each old and new note: unique, and pairs where they moved."""
    old, new = redline.old, redline.new
    labels_old: dict[int, str] = {}
    labels_new: dict[int, str] = {}
    used: set[str] = set()
    for old_id, new_id in redline.note_pairs.items():
        before, after = old.notes[old_id].label, new.notes[new_id].label
        if before is None or after is None:
            continue
        label = after if before == after else f"{before}{ARROW}{after}"
        labels_old[old_id] = labels_new[new_id] = label
        used.add(label)
    for new_id, note in new.notes.items():
        if new_id not in labels_new and note.label is not None:
            label = note.label if note.label not in used else ARROW + note.label
            labels_new[new_id] = label
            used.add(label)
    for old_id, note in old.notes.items():
        if old_id not in labels_old and note.label is not None:
            label = note.label if note.label not in used else note.label + ARROW
            labels_old[old_id] = label
            used.add(label)
    return labels_old, labels_new


def _substitution(old: str, new: str) -> str:
    if not old:
        return "{++" + new + "++}" if new else ""
    if not new:
        return "{--" + old + "--}"
    return "{~~" + old + "~>" + new + "~~}"


def _wrap_line(prefix: str, body: str, mark: str) -> str:
    """A whole line marked as deleted (``mark`` "--") or inserted ("++") after its prefix."""
    close = "--}" if mark == "--" else "++}"
    if STRUCTURE.fullmatch(prefix):
        return f"{prefix}{{{mark}{body}{close}"
    return f"{{{mark}{prefix}{body}{close}"


def _split(line: str) -> tuple[str, str]:
    match = STRUCTURE.match(line)
    cut = match.end() if match else 0
    return line[:cut], line[cut:]


def _is_space(token: object) -> bool:
    return isinstance(token, str) and token.isspace()


_WORDS = re.compile(r"\s+|\w+|[^\w\s]")
_CONTEXT = 3  # words shown either side of a change


def word_changes(old: str, new: str) -> str:
    """The changed words of ``old`` -> ``new`` in CriticMarkup, with a few words around
    each change and " … " between them (the compare engine's word alignment)."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    codes = diff_opcodes(a, b, lambda token: str(token).isspace())
    pieces: list[str] = []
    for position, (tag, i1, i2, j1, j2) in enumerate(codes):
        if tag == "equal":
            words = a[i1:i2]
            keep = 2 * _CONTEXT  # tokens: a word and the space after it
            if position == 0 and len(words) > keep:
                pieces.append("… " + "".join(words[-keep:]).lstrip())
            elif position == len(codes) - 1 and len(words) > keep:
                pieces.append("".join(words[:keep]).rstrip() + " …")
            elif 0 < position < len(codes) - 1 and len(words) > 2 * keep:
                pieces.append("".join(words[:keep]).rstrip() + " … "
                              + "".join(words[-keep:]).lstrip())
            else:
                pieces.append("".join(words))
            continue
        if i2 > i1:
            pieces.append("{--" + "".join(a[i1:i2]) + "--}")
        if j2 > j1:
            pieces.append("{++" + "".join(b[j1:j2]) + "++}")
    return "".join(pieces).strip()
