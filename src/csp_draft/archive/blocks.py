"""What an archived document is made of, whatever its format: blocks of text in reading
order (title lines, headings, paragraphs, list items with their depth and label), the
notes anchored in each, and what the reader noticed but could not carry over."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    kind: str  # title, subtitle, heading, paragraph, item, continuation (of an item)
    text: str
    where: str  # a place a person can find again: "paragraph 12", "line 40"
    level: int = 0  # a heading's level (1 = top); an item's depth (0 = top)
    label: str = ""  # an item's label as printed: "1.", "(a)", "•"
    notes: list[str] = field(default_factory=list)  # footnote and endnote texts
    emphasis: bool = False  # the whole paragraph bold or italic (a heading in disguise)


@dataclass
class SourceDocument:
    path: str
    format: str  # docx, markdown, text, pdf
    blocks: list[Block]
    notices: list[str] = field(default_factory=list)
    title: str = ""  # from document properties or front matter, when the body has none
    kind: str = ""  # the document kind, when the file says it (csp-draft's front matter)
    # The format marks an item's further paragraphs (indented under it: Markdown, Word), so
    # a paragraph after a list that is not one of them starts a part of its own.
    continuations: bool = False
    author: str = ""  # from document properties or front matter
    subject: str = ""  # the document properties' subject: csp-draft writes the kind there
