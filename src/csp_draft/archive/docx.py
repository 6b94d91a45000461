"""An archived Word document as blocks, read as Word shows it: numbering labels counted
the way Word counts them, tracked changes accepted (and counted), hidden text left out
(and counted), footnotes and endnotes attached to their paragraphs.

The file is untrusted: :func:`csp_draft.docxread.package.open_docx` checks every cap
before anything is inflated and refuses document types and entities.

How Word counts: a paragraph is numbered by its own ``w:numPr`` or its style's (following
``w:basedOn``); the number instance (``w:num``) points at a definition (``w:abstractNum``).
Instances without a start override that share one definition count on from each other,
as Word does; an instance with ``w:startOverride`` starts again. A level's counter
restarts after any higher level is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from csp_draft.archive.blocks import Block, SourceDocument
from csp_draft.archive.text import LINE_BREAK, hard_breaks
from csp_draft.docxread.package import DocxPackage, open_docx

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REVISED_OUT = {W + "del", W + "moveFrom"}
_REVISED = {W + "ins", W + "del", W + "moveFrom", W + "moveTo"}
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
_RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя"


def _attr(element: etree._Element | None, name: str, default: str = "") -> str:
    if element is None:
        return default
    return element.get(W + name, default)


def _int(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default


def _roman(number: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _letters(number: int, alphabet: str) -> str:
    # Word writes 27 as "aa", 28 as "bb": the letter repeated
    repeat, index = divmod(number - 1, len(alphabet))
    return alphabet[index] * (repeat + 1)


def format_number(number: int, fmt: str) -> str:
    """``number`` as Word prints it in the numbering format ``fmt``."""
    if fmt in ("lowerLetter", "upperLetter"):
        text = _letters(number, "abcdefghijklmnopqrstuvwxyz")
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        text = _roman(number)
        return text.upper() if fmt == "upperRoman" else text
    if fmt in ("russianLower", "russianUpper"):
        text = _letters(number, _RUSSIAN)
        return text.upper() if fmt == "russianUpper" else text
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt == "none":
        return ""
    return str(number)


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    style: str = ""  # the paragraph style this level is linked to


@dataclass
class Numbering:
    """numbering.xml: definitions and the instances that use them."""

    definitions: dict[str, dict[int, Level]] = field(default_factory=dict)
    instances: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)

    @classmethod
    def read(cls, root: etree._Element | None) -> Numbering:
        numbering = cls()
        if root is None:
            return numbering
        for definition in root.iter(W + "abstractNum"):
            levels: dict[int, Level] = {}
            for lvl in definition.iter(W + "lvl"):
                levels[_int(_attr(lvl, "ilvl", "0"), 0)] = Level(
                    _int(_attr(lvl.find(W + "start"), "val", "1"), 1),
                    _attr(lvl.find(W + "numFmt"), "val", "decimal"),
                    _attr(lvl.find(W + "lvlText"), "val", ""),
                    _attr(lvl.find(W + "pStyle"), "val", ""))
            numbering.definitions[_attr(definition, "abstractNumId")] = levels
        for num in root.iter(W + "num"):
            overrides = {
                _int(_attr(override, "ilvl", "0"), 0):
                    _int(_attr(override.find(W + "startOverride"), "val", "1"), 1)
                for override in num.iter(W + "lvlOverride")
                if override.find(W + "startOverride") is not None}
            numbering.instances[_attr(num, "numId")] = (
                _attr(num.find(W + "abstractNumId"), "val"), overrides)
        return numbering


@dataclass
class Style:
    name: str
    based_on: str
    num_id: str | None
    ilvl: int | None
    outline: int | None


def _styles(root: etree._Element | None) -> dict[str, Style]:
    styles: dict[str, Style] = {}
    if root is None:
        return styles
    for style in root.iter(W + "style"):
        num = style.find(f"{W}pPr/{W}numPr")
        ilvl = num.find(W + "ilvl") if num is not None else None
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        styles[_attr(style, "styleId")] = Style(
            _attr(style.find(W + "name"), "val").lower(),
            _attr(style.find(W + "basedOn"), "val"),
            _attr(num.find(W + "numId"), "val") if num is not None
            and num.find(W + "numId") is not None else None,
            _int(_attr(ilvl, "val", "0"), 0) if ilvl is not None else None,
            _int(_attr(outline, "val", "9"), 9) if outline is not None else None)
    return styles


class Counter:
    """Word's counters, one set per definition (or per restarted instance)."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.counts: dict[object, dict[int, int]] = {}
        self.started: set[str] = set()

    def label(self, num_id: str, ilvl: int) -> str | None:
        instance = self.numbering.instances.get(num_id)
        if instance is None:
            return None
        definition_id, overrides = instance
        levels = self.numbering.definitions.get(definition_id, {})
        level = levels.get(ilvl, Level())
        key: object = ("instance", num_id) if overrides else definition_id
        counts = self.counts.setdefault(key, {})
        if overrides and num_id not in self.started:
            self.started.add(num_id)
            for overridden, start in overrides.items():
                counts[overridden] = start - 1
        counts[ilvl] = counts.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        if level.fmt == "bullet":
            return "•"
        text = level.text
        for number in range(9):
            placeholder = f"%{number + 1}"
            if placeholder in text:
                shown = levels.get(number, Level())
                value = counts.get(number, shown.start)
                text = text.replace(placeholder, format_number(value, shown.fmt))
        return text.strip()


def _notes(package: DocxPackage, part: str, tag: str) -> dict[str, str]:
    root = package.xml(part)
    found: dict[str, str] = {}
    if root is None:
        return found
    for note in root.iter(W + tag):
        if _attr(note, "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        texts = []
        for p in note.iter(W + "p"):
            texts.append(_visible_text(p)[0])
        found[_attr(note, "id")] = " ".join(" ".join(texts).split())
    return found


def _visible_text(p: etree._Element) -> tuple[str, int]:
    """The paragraph's text with tracked changes accepted, and how many hidden characters
    were left out."""
    out: list[str] = []
    hidden = 0
    for element in p.iter(W + "t", W + "tab", W + "br", W + "noBreakHyphen"):
        if any(a.tag in _REVISED_OUT for a in element.iterancestors()):
            continue
        run = next((a for a in element.iterancestors(W + "r")), None)
        text = element.text or "" if element.tag == W + "t" else (
            "-" if element.tag == W + "noBreakHyphen" else
            LINE_BREAK if element.tag == W + "br" and _attr(element, "type", "textWrapping")
            == "textWrapping" else " ")
        if run is not None and run.find(f"{W}rPr/{W}vanish") is not None:
            hidden += len(text)
            continue
        out.append(text)
    return "".join(out), hidden


def _emphasised(p: etree._Element) -> bool:
    runs = [r for r in p.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")).strip()]
    if not runs:
        return False
    for run in runs:
        props = run.find(W + "rPr")
        marks = [] if props is None else [props.find(W + "b"), props.find(W + "i")]
        if not any(m is not None and _attr(m, "val", "true") not in ("0", "false")
                   for m in marks):
            return False
    return True


def read_docx(path: Path) -> SourceDocument:
    package = open_docx(path)
    root = package.xml("word/document.xml")
    body = root.find(W + "body") if root is not None else None
    styles = _styles(package.xml("word/styles.xml"))
    counter = Counter(Numbering.read(package.xml("word/numbering.xml")))
    footnotes = _notes(package, "word/footnotes.xml", "footnote")
    endnotes = _notes(package, "word/endnotes.xml", "endnote")
    document = SourceDocument(str(path), "docx", [], continuations=True,
                              author=_property(package, "creator"),
                              subject=_property(package, "subject"))
    links = _links(package)
    if body is None:
        return document
    hidden_total = 0
    number = 0
    for p in body.iter(W + "p"):
        if any(a.tag in (W + "footnote", W + "endnote", W + "comment")
               for a in p.iterancestors()):
            continue
        number += 1
        text, hidden = _visible_text(p)
        hidden_total += hidden
        text = _autolinks(p, hard_breaks(" ".join(text.split())), links)
        if not text:
            continue
        style_id = _attr(p.find(f"{W}pPr/{W}pStyle"), "val")
        block = Block("paragraph", text, f"paragraph {number}",
                      emphasis=_emphasised(p))
        _classify(block, p, style_id, styles, counter)
        if (block.kind == "paragraph" and document.blocks
                and document.blocks[-1].kind in ("item", "continuation") and _indented(p)):
            # an item's own further paragraph: indented under it, not numbered
            block.kind, block.level = "continuation", document.blocks[-1].level
        for reference in p.iter(W + "footnoteReference", W + "endnoteReference"):
            notes = footnotes if reference.tag == W + "footnoteReference" else endnotes
            note = notes.get(_attr(reference, "id"))
            if note:
                block.notes.append(note)
        document.blocks.append(block)
    revisions = sum(1 for e in body.iter() if e.tag in _REVISED)
    if revisions:
        document.notices.append(f"{revisions} tracked change(s) not yet accepted: imported "
                                "as if accepted; open the file in Word to review them")
    if hidden_total:
        document.notices.append(f"{hidden_total} character(s) of hidden text left out")
    controls = sum(1 for _ in body.iter(W + "sdt"))
    if controls:
        document.notices.append(f"{controls} content control(s): their text was read as "
                                "shown")
    fields = sum(1 for _ in body.iter(W + "fldSimple", W + "instrText"))
    if fields:
        document.notices.append(f"{fields} field(s) read as their shown text")
    return document


def _property(package: DocxPackage, name: str) -> str:
    """A document property (dc:creator, dc:subject), as Word shows it."""
    core = package.xml("docProps/core.xml")
    found = core.find("{http://purl.org/dc/elements/1.1/}" + name) if core is not None \
        else None
    return " ".join((found.text or "").split()) if found is not None else ""


def _links(package: DocxPackage) -> dict[str, str]:
    """The targets of the document's external relationships (hyperlinks), by id."""
    rels = package.xml("word/_rels/document.xml.rels")
    if rels is None:
        return {}
    return {rel.get("Id", ""): rel.get("Target", "") for rel in rels
            if rel.get("TargetMode") == "External"}


def _autolinks(p: etree._Element, text: str, links: dict[str, str]) -> str:
    """A hyperlink whose text is its own address is written as Markdown writes one:
    <https://...>."""
    for link in p.iter(W + "hyperlink"):
        shown = "".join(t.text or "" for t in link.iter(W + "t"))
        target = links.get(link.get(R_ID, ""), "")
        if shown and target in (shown, "mailto:" + shown) and f"<{shown}>" not in text:
            text = text.replace(shown, f"<{shown}>", 1)
    return text


def _indented(p: etree._Element) -> bool:
    indent = p.find(f"{W}pPr/{W}ind")
    return indent is not None and max(_int(_attr(indent, "left", "0"), 0),
                                      _int(_attr(indent, "start", "0"), 0)) > 0


def _style_chain(style_id: str, styles: dict[str, Style]) -> list[tuple[str, Style]]:
    chain: list[tuple[str, Style]] = []
    seen: set[str] = set()
    while style_id and style_id in styles and style_id not in seen:
        seen.add(style_id)
        chain.append((style_id, styles[style_id]))
        style_id = styles[style_id].based_on
    return chain


def _classify(block: Block, p: etree._Element, style_id: str, styles: dict[str, Style],
              counter: Counter) -> None:
    chain = _style_chain(style_id, styles)
    name = chain[0][1].name if chain else ""
    if name == "title":
        block.kind = "title"
        return
    if name == "subtitle":
        block.kind = "subtitle"
        return
    outline = p.find(f"{W}pPr/{W}outlineLvl")
    level = _int(_attr(outline, "val", "9"), 9) if outline is not None else next(
        (s.outline for _, s in chain if s.outline is not None), None)
    if name.startswith("heading ") and name[8:].isdigit():
        level = int(name[8:]) - 1
    num = p.find(f"{W}pPr/{W}numPr")
    num_id = _attr(num.find(W + "numId"), "val") if num is not None and num.find(
        W + "numId") is not None else next((s.num_id for _, s in chain if s.num_id), None)
    if level is not None and level < 9 and not num_id:
        block.kind = "heading"
        block.level = level + 1
        return
    if not num_id or num_id == "0":
        return
    ilvl_element = num.find(W + "ilvl") if num is not None else None
    if ilvl_element is not None:
        ilvl = _int(_attr(ilvl_element, "val", "0"), 0)
    else:
        ilvl = next((s.ilvl for _, s in chain if s.ilvl is not None), None)
        if ilvl is None:
            ilvl = _linked_level(counter.numbering, num_id, style_id)
    label = counter.label(num_id, ilvl)
    if label is None:
        return
    block.kind = "item"
    block.level = ilvl
    block.label = label


def _linked_level(numbering: Numbering, num_id: str, style_id: str) -> int:
    definition_id, _ = numbering.instances.get(num_id, ("", {}))
    for ilvl, level in numbering.definitions.get(definition_id, {}).items():
        if level.style and level.style == style_id:
            return ilvl
    return 0
