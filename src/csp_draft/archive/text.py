"""Archived Markdown, plain text and text PDFs as blocks.

Markdown is read with the project's one parser (front matter, footnotes). Plain text has
no markup: paragraphs are runs of lines between blank lines, an item is a paragraph opening
with a label ("1.", "2)", "(a)", "-", "•"), a heading is a short line standing alone that
does not end a sentence. A PDF's text layer is read with the place of every word (poppler's
``pdftotext -bbox-layout``, see ``archive.pdf_layout``), which shows paragraphs, labels,
headings and footnotes that its plain text loses.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it.token import Token

from csp_draft.archive.blocks import Block, SourceDocument
from csp_draft.errors import CspDraftError, Location
from csp_draft.fsio import read_bytes

if TYPE_CHECKING:
    from csp_draft.archive.pdf_layout import Paragraph

MAX_TEXT = 20 * 1024 * 1024
PDF_SECONDS = 60
_LABEL = re.compile(r"^(?P<label>\d{1,3}[.)]|\((?:[a-z]|[ivx]{1,5}|\d{1,3})\)|[a-zа-я][.)]"
                    r"|[-•–—*])\s+(?P<text>\S.*)$", re.S)
_ROMAN_LABEL = re.compile(r"^\((?:[ivx]{1,5})\)$")
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,4}(?:\s*-)?\s*$")


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CspDraftError("the file is not UTF-8 text", hint="save it as UTF-8 (in Word: "
                            "Save As, Plain Text, Unicode UTF-8) and import it again",
                            location=Location.of_file(path)) from None


def read_markdown(path: Path) -> SourceDocument:
    from csp_draft.markdown.parse import parse_document, split_footnotes

    text = _decode(path, read_bytes(path, limit=MAX_TEXT))
    parsed = parse_document(text)
    split = split_footnotes(parsed.tokens)
    notes = {key: " ".join(_inline_text(t) for t in tokens if t.type == "inline")
             for key, tokens in split.notes.items()}
    document = SourceDocument(str(path), "markdown", [], continuations=True,
                              title=parsed.text("title"),
                              kind=parsed.text("kind"), author=parsed.text("author"))
    if parsed.text("title"):
        document.blocks.append(Block("title", parsed.text("title"), "front matter"))
    if parsed.text("subtitle"):
        document.blocks.append(Block("subtitle", parsed.text("subtitle"), "front matter"))
    depth = -1
    counters: list[int] = []
    ordered: list[bool] = []
    heading = 0
    for position, token in enumerate(split.body):
        if token.type in ("ordered_list_open", "bullet_list_open"):
            depth += 1
            ordered.append(token.type == "ordered_list_open")
            counters.append(int(token.attrs.get("start", 1) or 1) - 1)
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            depth -= 1
            ordered.pop()
            counters.pop()
        elif token.type == "list_item_open":
            counters[-1] += 1
        elif token.type == "heading_open":
            heading = int(token.tag[1:])
        elif token.type == "inline":
            line = (token.map[0] + 1) if token.map else 0
            previous = split.body[position - 1].type if position else ""
            inline = _inline_text(token)
            refs = [notes.get(child.meta.get("id")) for child in token.children or []
                    if child.type == "footnote_ref"]
            block = Block("paragraph", inline, f"line {line}",
                          notes=[n for n in refs if n],
                          emphasis=_all_emphasised(token))
            if previous == "heading_open":
                block.kind, block.level = "heading", heading
            elif depth >= 0 and _first_in_item(split.body, position):
                block.kind, block.level = "item", depth
                block.label = f"{counters[-1]}." if ordered[-1] else "•"
            elif depth >= 0:
                block.kind, block.level = "continuation", depth
            document.blocks.append(block)
    return document


def _first_in_item(tokens: list[Token], position: int) -> bool:
    return position >= 2 and tokens[position - 2].type == "list_item_open"


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append(LINE_BREAK)
        elif child.type in ("link_open", "link_close") and child.markup == "autolink":
            parts.append("<" if child.type == "link_open" else ">")
    return hard_breaks(" ".join("".join(parts).split()))


LINE_BREAK = "\x00"  # a line break inside a paragraph, while spaces are evened out


def hard_breaks(text: str) -> str:
    """Line breaks inside a paragraph as Markdown writes them: a backslash ending the line."""
    return "\\\n".join(part.strip() for part in text.split(LINE_BREAK))


def _all_emphasised(token: Token) -> bool:
    children = [child for child in token.children or []
                if not (child.type == "text" and not child.content.strip())]
    if len(children) < 3:
        return False
    return (children[0].type in ("strong_open", "em_open")
            and children[-1].type in ("strong_close", "em_close"))


def read_text(path: Path) -> SourceDocument:
    text = _decode(path, read_bytes(path, limit=MAX_TEXT))
    return SourceDocument(str(path), "text", blocks_of_text(text))


MAX_LAYOUT = 16 * MAX_TEXT  # pdftotext's XHTML: a box for every word


def read_pdf(path: Path) -> SourceDocument:
    """A text PDF through ``pdftotext -bbox-layout``: paragraphs, labels, headings and
    footnotes from where the words stand (see ``archive.pdf_layout``)."""
    from csp_draft.archive.pdf_layout import LayoutError, parse_layout

    where = Location.of_file(path)
    read_bytes(path, limit=MAX_TEXT)  # a regular file, not too large
    program = shutil.which("pdftotext")
    if program is None:
        raise CspDraftError("reading a PDF needs pdftotext, which is not installed",
                            hint="install poppler-utils (Debian: apt-get install "
                            "poppler-utils), or import the Word or text version", location=where)
    try:
        done = subprocess.run([program, "-enc", "UTF-8", "-bbox-layout", "--", str(path), "-"],
                              capture_output=True, timeout=PDF_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise CspDraftError(f"pdftotext did not finish in {PDF_SECONDS} s", hint="import the "
                            "Word or text version of the document", location=where) from None
    if done.returncode != 0:
        raise CspDraftError("not a readable PDF (pdftotext failed)", hint="import the Word or "
                            "text version of the document", location=where)
    if len(done.stdout) > MAX_LAYOUT:
        raise CspDraftError("the PDF holds too much text to import", hint="import the Word "
                            "or text version of the document, or split the PDF", location=where)
    try:
        layout = parse_layout(done.stdout)
    except LayoutError:
        raise CspDraftError("not a readable PDF (pdftotext's layout could not be read)",
                            hint="import the Word or text version of the document",
                            location=where) from None
    if not layout.words:
        raise CspDraftError("the PDF has no text layer (a scan?)", hint="run it through OCR "
                            "first, or import the Word or text version", location=where)
    info = _pdf_info(path)
    document = SourceDocument(str(path), "pdf", [], title=info.get("Title", ""),
                              subject=info.get("Subject", ""), author=info.get("Author", ""),
                              continuations=True)
    head, taken = _pdf_title_block(layout.paragraphs, document.title, layout.body)
    document.blocks = head + blocks_of_layout(layout.paragraphs[taken:], layout.notes,
                                                layout.right)
    used = {mark for paragraph in layout.paragraphs for mark in paragraph.marks}
    unplaced = len(set(layout.notes) - used)
    if unplaced:
        document.notices.append(f"{unplaced} footnote(s) at the foot of pages left out: no "
                                "paragraph carries their number")
    return document


def _pdf_title_block(paragraphs: list[Paragraph], title: str, body: float
                     ) -> tuple[list[Block], int]:
    """The title block at the top of a PDF whose properties give its title: the paragraphs
    that spell the title, the lines after them in type a little larger than the body's
    (subtitles; a heading's is larger still), then a short line (the event line, which a
    PDF cannot show in italics); how many paragraphs they took. Nothing when the text does
    not open with the title."""
    wanted = " ".join(title.split())
    joined, position = "", 0
    while wanted and position < len(paragraphs) and len(joined) < len(wanted):
        joined = " ".join(f"{joined} {paragraphs[position].text}".split())
        position += 1
    if not wanted or joined != wanted:
        return [], 0
    head = [Block("title", wanted, "page 1")]
    while position < len(paragraphs) and not paragraphs[position].label and all(
            body * 1.04 < line.height <= body * 1.1 for line in paragraphs[position].lines):
        head.append(Block("subtitle", paragraphs[position].text, "page 1"))
        position += 1
    if position < len(paragraphs):
        event = paragraphs[position]
        if (len(event.lines) == 1 and not event.label and not event.heading
                and len(event.text) <= 160 and not event.text.endswith((".", ":", ";"))):
            head.append(Block("paragraph", event.text, "page 1", emphasis=True))
            position += 1
    return head, position


def _short_line(paragraph: Paragraph) -> bool:
    """A short line standing alone that does not end a sentence: a heading in a PDF whose
    headings are no larger than its text (as plain text reads them)."""
    text = paragraph.text
    return (len(paragraph.lines) == 1 and len(text) <= 90 and not paragraph.marks
            and not text.endswith((".", ";", ",", ":")))


def blocks_of_layout(paragraphs: list[Paragraph], notes: dict[str, str], right: float
                     ) -> list[Block]:
    """Blocks of a PDF's paragraphs: a label, alone at the left or typed in the line,
    opens an item, as deep as it stands among the document's labels; type larger than the
    body's makes a heading (where no type is, a short line standing alone); a paragraph
    indented as far as the text of the item above it is that item's own."""
    margin = min((paragraph.x0 for paragraph in paragraphs), default=0.0)
    labelled: list[tuple[str, float]] = []  # each paragraph's label and where it stands
    for paragraph in paragraphs:
        match = None if paragraph.label else _LABEL.match(paragraph.text)
        if paragraph.label:
            labelled.append((paragraph.label, paragraph.label_x))
        elif match:  # typed in the line: "1. Text", "– text"
            labelled.append((match.group("label"), paragraph.x0))
        else:
            labelled.append(("", 0.0))
    indents: list[float] = []
    for x in sorted(x for label, x in labelled if label):
        if not indents or x - indents[-1] > 3:
            indents.append(x)
    sized = any(paragraph.heading for paragraph in paragraphs)
    blocks: list[Block] = []
    in_list = False
    for paragraph, (label, label_x) in zip(paragraphs, labelled, strict=True):
        where = f"page {paragraph.lines[0].page + 1}"
        text = paragraph.text_with_breaks(right)
        attached = [notes[mark] for mark in paragraph.marks if mark in notes]
        if label:
            if not paragraph.label:
                text = text[len(label):].lstrip()
            level = sum(1 for x in indents if x < label_x - 3)
            blocks.append(Block("item", text, where, level=level,
                                label="•" if label in "-•–—*" else label, notes=attached))
            in_list = True
        elif paragraph.heading or (not sized and _short_line(paragraph)):
            blocks.append(Block("heading", text, where, level=1))
            in_list = False
        elif in_list and paragraph.x0 > margin + 3:
            blocks.append(Block("continuation", text, where, notes=attached))
        else:
            blocks.append(Block("paragraph", text, where, notes=attached))
            in_list = False
    return blocks


def _pdf_info(path: Path) -> dict[str, str]:
    """The PDF's document properties (Title, Subject, Author) as pdfinfo reads them; none
    when pdfinfo is missing or fails (they only help)."""
    program = shutil.which("pdfinfo")
    if program is None:
        return {}
    try:
        done = subprocess.run([program, "-enc", "UTF-8", "--", str(path)], capture_output=True,
                              timeout=PDF_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        return {}
    info = {}
    for line in done.stdout[:65536].decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        if key in ("Title", "Subject", "Author") and value.strip():
            info[key] = " ".join(value.split())
    return info


def blocks_of_text(text: str) -> list[Block]:
    """Paragraphs, items and headings of unmarked text (see the module docstring)."""
    blocks: list[Block] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraph: list[str] = []
    start = 0
    for number, line in enumerate([*lines, ""], start=1):
        stripped = line.strip()
        if stripped and _LABEL.match(stripped) and paragraph:
            blocks.append(_text_block(paragraph, start))
            paragraph = []
        if not stripped or (_PAGE_NUMBER.match(stripped) and not paragraph):
            if paragraph:
                blocks.append(_text_block(paragraph, start))
                paragraph = []
            continue
        if not paragraph:
            start = number
        paragraph.append(stripped)
    return blocks


def _text_block(lines: list[str], start: int) -> Block:
    text = " ".join(" ".join(lines).split())
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text) if "- " in text else text
    match = _LABEL.match(text)
    where = f"line {start}"
    if match:
        label = match.group("label")
        level = 1 if label.startswith("(") or label[0].isalpha() else 0
        if label in "-•–—*":
            label, level = "•", 1
        return Block("item", match.group("text"), where, level=level, label=label)
    if len(lines) == 1 and len(text) <= 90 and not text.endswith((".", ";", ",", ":")):
        return Block("heading", text, where, level=1)
    return Block("paragraph", text, where)


def read_source(path: Path) -> SourceDocument:
    """Read an archived document by its file name's ending."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from csp_draft.archive.docx import read_docx

        return read_docx(path)
    if suffix in (".md", ".markdown"):
        return read_markdown(path)
    if suffix == ".pdf":
        return read_pdf(path)
    if suffix in (".txt", ".text"):
        return read_text(path)
    raise CspDraftError(f"cannot import a '{suffix or 'file without an ending'}' file",
                        hint="import .docx, .md, .txt or .pdf files (save a .doc or .odt as "
                        ".docx first)", location=Location.of_file(path))
