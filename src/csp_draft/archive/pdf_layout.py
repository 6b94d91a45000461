"""A text PDF's paragraphs from where its words stand on the page.

poppler's ``pdftotext -bbox-layout`` writes XHTML: per page, blocks of lines of words, each
with its box (xMin, yMin, xMax, yMax in points). The boxes tell what plain text cannot:

- the body's type size is the height most lines have; a taller line is a heading;
- a paragraph is a block, split where the gap between two lines is wider than the line
  spacing; a label ("1.", "–", "(a)") standing alone at the left of a block on the same
  line opens it as an item, its depth given by how far in the label stands;
- lines below the page's last body line, in smaller type, are footnotes: a small number
  starts one, and each is attached to the paragraph whose superscript number is its own;
- a bare number alone at the foot of the page (its page number) is left out.

The XHTML comes from pdftotext, yet it carries the PDF's own text: it is parsed with no
network, no DTD and no entities, as every untrusted XML file is.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

_DIGITS = re.compile(r"^\d{1,3}$")
_LABEL_ONLY = re.compile(r"^(?:\d{1,3}[.)]|\((?:[a-z]|[ivx]{1,5}|\d{1,3})\)|[a-zа-я][.)]"
                         r"|[-•–—*])$")


class LayoutError(ValueError):
    """pdftotext's output could not be read as XHTML."""


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class Line:
    words: list[Word]
    x0: float
    y0: float
    x1: float
    y1: float
    page: int

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


@dataclass
class Paragraph:
    """Lines read as one paragraph; ``label`` and ``label_x`` when a label opens it."""

    lines: list[Line]
    marks: list[str] = field(default_factory=list)  # footnote numbers, in order
    label: str = ""
    label_x: float = 0.0
    heading: bool = False

    @property
    def x0(self) -> float:
        return self.label_x if self.label else self.lines[0].x0

    @property
    def text(self) -> str:
        return join_lines([line.text for line in self.lines])

    def text_with_breaks(self, right: float) -> str:
        """The text, with a line break ("\\" ending the line, as Markdown writes it)
        where a line ends although the next line's first word would have fitted on it
        before the right margin ``right``: the writer broke the line on purpose."""
        parts: list[list[str]] = [[]]
        for line, following in zip(self.lines, [*self.lines[1:], None], strict=True):
            parts[-1].append(line.text)
            if following is not None:
                word = following.words[0]
                space = max(line.height * 0.3, 2.0)
                if line.x1 + space + (word.x1 - word.x0) < right - space:
                    parts.append([])
        return "\\\n".join(_autolinks(join_lines(part)) for part in parts)


@dataclass
class Layout:
    paragraphs: list[Paragraph]
    notes: dict[str, str]  # footnote number -> its text
    words: int  # how many words the PDF has (0: a scan)
    body: float = 0.0  # the height of a body line, in points
    right: float = 0.0  # the right margin: where the longest body lines end


_URL = re.compile(r"(?<![<\w])(https?://[^\s<>]+?)(?=[.,;:)]*(?:\s|$))")


def _autolinks(text: str) -> str:
    """A web address as csp-draft writes it in Markdown, between angle brackets."""
    return _URL.sub(r"<\1>", text) if "://" in text else text


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one line; a word broken at a line's end by a hyphen
    ("politico-" / "military") stays one word, as it is written."""
    text = " ".join(" ".join(lines).split())
    return re.sub(r"(\w)- (\w)", r"\1-\2", text) if "- " in text else text


def parse_layout(data: bytes) -> Layout:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise LayoutError(str(error)) from None
    pages: list[list[list[Line]]] = []  # pages of blocks of lines
    count = 0
    for number, page in enumerate(root.iter("{*}page")):
        blocks = []
        for block in page.iter("{*}block"):
            lines = []
            for line in block.iter("{*}line"):
                words = [Word(word.text or "", *_box(word)) for word in line.iter("{*}word")
                         if (word.text or "").strip()]
                if words:
                    lines.append(Line(words, *_box(line), page=number))
            count += sum(len(line.words) for line in lines)
            if lines:
                blocks.append(lines)
        pages.append(blocks)
    heights = Counter(round(line.height * 2) / 2 for blocks in pages for lines in blocks
                      for line in lines)
    if not heights:
        return Layout([], {}, 0)
    body = heights.most_common(1)[0][0]
    paragraphs: list[Paragraph] = []
    notes: dict[str, str] = {}
    last_note = ""
    for blocks in pages:
        text_blocks, foot = _split_page(blocks, body)
        last_note = _read_notes(foot, body, notes, last_note)
        for lines in text_blocks:
            paragraphs.extend(_paragraphs(lines, body))
    right = max(line.x1 for blocks in pages for lines in blocks for line in lines
                if line.height >= body * 0.9)
    _glued_marks(paragraphs, notes)
    return Layout(_across_pages(_labelled(paragraphs)), notes, count, body, right)


def _box(element: Any) -> tuple[float, float, float, float]:
    return (float(element.get("xMin", 0)), float(element.get("yMin", 0)),
            float(element.get("xMax", 0)), float(element.get("yMax", 0)))


def _split_page(blocks: list[list[Line]], body: float
                ) -> tuple[list[list[Line]], list[Line]]:
    """A page's body blocks, and its lines below the last body line in smaller type
    (footnotes; the page number left out)."""
    lines = [line for lines in blocks for line in lines]
    if not lines:
        return [], []
    bottom = max(line.y0 for line in lines)
    page_number = [line for line in lines if _DIGITS.match(line.text)
                   and line.y0 >= bottom - 1 and line.height >= body * 0.7]
    full = [line for line in lines if line.height >= body * 0.9 and line not in page_number]
    last_body = max((line.y1 for line in full), default=0.0)
    foot = [line for line in lines if line.y0 >= last_body - 1 and line.height < body * 0.9
            and line not in page_number]
    kept = []
    for lines_of_block in blocks:
        rest = [line for line in lines_of_block if line not in foot
                and line not in page_number]
        if rest:
            kept.append(rest)
    return kept, foot


def _read_notes(foot: list[Line], body: float, notes: dict[str, str], last: str) -> str:
    """Footnotes from a page's foot lines: a small number starts one, the lines at its
    height and below it until the next belong to it; lines before any number go on the
    last note of the page before (a note carried over). The last note's number."""
    numbers = sorted((line for line in foot if _DIGITS.match(line.text)
                      and line.height < body * 0.7), key=lambda line: line.y0)
    texts = sorted((line for line in foot if line not in numbers),
                   key=lambda line: (line.y0, line.x0))
    parts: dict[str, list[str]] = {}
    current = last
    for line in texts:
        while numbers and numbers[0].y0 <= line.y0 + 2:
            current = numbers.pop(0).text
            parts.setdefault(current, [])
        if not current:
            continue
        if current not in parts:  # carried over from the page before
            parts[current] = [notes.pop(current, "")]
        parts[current].append(line.text)
    for number, lines in parts.items():
        notes[number] = _autolinks(join_lines([text for text in lines if text]))
    return current


def _paragraphs(lines: list[Line], body: float) -> list[Paragraph]:
    """A block's lines as paragraphs: split where the gap between lines is wider than the
    block's usual spacing, or where the type size changes (a heading above its text)."""
    result: list[Paragraph] = []
    current: list[Line] = []
    spacing = min((b.y0 - a.y0 for a, b in itertools.pairwise(lines)
                   if b.y0 > a.y0), default=0.0)
    for line in lines:
        if current:
            previous = current[-1]
            gap = line.y0 - previous.y0
            bigger = _is_heading(line, body) != _is_heading(previous, body)
            if gap > spacing * 1.4 or gap < 0 or bigger:
                result.append(_paragraph(current, body))
                current = []
        current.append(line)
    if current:
        result.append(_paragraph(current, body))
    return result


def _is_heading(line: Line, body: float) -> bool:
    return line.height > body * 1.1


def _paragraph(lines: list[Line], body: float) -> Paragraph:
    marks = []
    for line in lines:
        kept = []
        for word in line.words:
            if _DIGITS.match(word.text) and word.height < line.height * 0.75 and kept:
                marks.append(word.text)  # a superscript number: a footnote's mark
            else:
                kept.append(word)
        line.words = kept or line.words
    return Paragraph(lines, marks, heading=all(_is_heading(line, body) for line in lines))


def _labelled(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A label alone on its line, to the left of the paragraph on the same line, opens it."""
    result: list[Paragraph] = []
    for paragraph in paragraphs:
        previous = result[-1] if result else None
        if (previous is not None and not previous.label and len(previous.lines) == 1
                and _LABEL_ONLY.match(previous.text)
                and previous.lines[0].page == paragraph.lines[0].page
                and abs(previous.lines[0].y0 - paragraph.lines[0].y0) < 2
                and previous.lines[0].x1 < paragraph.lines[0].x0):
            paragraph.label, paragraph.label_x = previous.text, previous.lines[0].x0
            result[-1] = paragraph
            continue
        result.append(paragraph)
    return result


def _across_pages(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A paragraph broken by the end of a page goes on at the top of the next: the first
    paragraph of a page, no heading nor item, standing where the lines of the page's last
    paragraph stand, continues it when that one did not end a sentence or it starts in
    lower case."""
    result: list[Paragraph] = []
    for paragraph in paragraphs:
        previous = result[-1] if result else None
        first = paragraph.lines[0]
        if (previous is not None and not paragraph.label and not paragraph.heading
                and not previous.heading and first.page == previous.lines[-1].page + 1
                and abs(first.x0 - previous.lines[-1].x0) < 2
                and (not previous.text.endswith((".", ":", ";", "!", "?"))
                     or paragraph.text[:1].islower())):
            previous.lines.extend(paragraph.lines)
            previous.marks.extend(paragraph.marks)
            continue
        result.append(paragraph)
    return result


_GLUED_MARK = re.compile(r"(?<=[^\W\d_][.;:,»”)])(\d{1,3})$")


def _glued_marks(paragraphs: list[Paragraph], notes: dict[str, str]) -> None:
    """A superscript number that pdftotext glued to the word before it ("Туркменистане.1"):
    taken off as the mark of a footnote, only when the page's foot has a note of that
    number that no paragraph marks otherwise."""
    marked = {mark for paragraph in paragraphs for mark in paragraph.marks}
    for paragraph in paragraphs:
        for line in paragraph.lines:
            word = line.words[-1]
            found = _GLUED_MARK.search(word.text)
            if found and found.group(1) in notes and found.group(1) not in marked:
                word.text = word.text[:found.start()]
                paragraph.marks.append(found.group(1))
                marked.add(found.group(1))
