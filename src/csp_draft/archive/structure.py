"""The blocks of an archived document as a draft's parts: the title block (title, subtitle
lines, event, place, date or range), sections at headings (a lead-in above a list, numbered
or bulleted items with sub-items, addressee headings such as "To the OSCE participating
States:"), and the signatory block ("Organisation (Country)" lines under a heading such as
"Signatories")."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from csp_draft.archive.addressees import TO_LATIN, Words, new_key, same_words
from csp_draft.archive.blocks import Block, SourceDocument
from csp_draft.models.addressees import registry

MONTHS = {
    "en": ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
}
_DATE = re.compile(r"(?P<day>\d{1,2})(?:\s*[–-]\s*(?P<last>\d{1,2}))?\s+(?P<month>[^\W\d_]+)"
                   r"\s+(?P<year>\d{4})(?:\s*г(?:ода|\.)?)?")
_SIGNATORY = re.compile(r"^(?P<org>.+?)\s*\((?P<country>[^()]+)\)\s*[.;,]?$")
_SIGNATORY_HEADING = re.compile(r"signator|endorse|signed|supported by|подпис|поддерж",
                                re.I)
_CYRILLIC = re.compile(r"[а-яё]", re.I)
_OPENING = "opening"  # the key of the text before the first heading, until the kind is known


@dataclass
class ImportedItem:
    text: str
    where: str
    label: str = ""
    notes: list[str] = field(default_factory=list)
    addressee: str | None = None  # from the addressee heading it stands under
    children: list[ImportedItem] = field(default_factory=list)
    continued: bool = False  # a paragraph of the item after its sub-list was joined to it
    list_at: int | None = None  # where in ``text`` its sub-list stood (paragraphs followed)
    ref: str = ""  # its place in the draft: SECTION.N or SECTION.N.M

    def mark_list(self) -> None:
        """A paragraph is about to be joined to this item: its sub-list, if it has one,
        stood before that paragraph."""
        if self.children and self.list_at is None:
            self.list_at = len(self.text)

    def with_sub_list(self) -> str:
        """The item's text with its sub-list where it stood, as Markdown bullets."""
        bullets = "\n".join("- " + child.text for child in self.children)
        at = len(self.text) if self.list_at is None else self.list_at
        return self.text[:at] + "\n\n" + bullets + self.text[at:]


@dataclass
class ImportedSection:
    key: str
    heading: str | None
    where: str
    lead_in: list[str] = field(default_factory=list)
    numbered: bool = False
    bulleted: bool = False
    items: list[ImportedItem] = field(default_factory=list)


@dataclass
class ImportedDocument:
    source: SourceDocument
    lang: str
    title: str = ""
    subtitles: list[str] = field(default_factory=list)
    event: str = ""
    place: str = ""
    date: dt.date | None = None
    date_end: dt.date | None = None
    sections: list[ImportedSection] = field(default_factory=list)
    signatories: list[tuple[str, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    addressees: dict[str, Words] = field(default_factory=dict)  # the document's own, by id
    dateline: str = ""  # a press release's, where it is not the place and date
    footnotes: bool | None = None  # the clauses' legal basis printed as notes, or not
    endnotes: list[str] = field(default_factory=list)  # notes no item carries


def guess_language(blocks: list[Block]) -> str:
    """ru when most letters are Cyrillic, else en."""
    text = " ".join(block.text for block in blocks[:200])
    letters = [c for c in text if c.isalpha()]
    cyrillic = sum(1 for c in letters if _CYRILLIC.match(c))
    return "ru" if letters and cyrillic * 2 > len(letters) else "en"


def parse_date(text: str, lang: str) -> tuple[dt.date, dt.date | None, re.Match[str]] | None:
    """The first date (or day range) in ``text`` written as the language writes dates."""
    for match in _DATE.finditer(text):
        month = match.group("month").lower()
        months = MONTHS.get(lang, MONTHS["en"])
        if month not in months:
            continue
        try:
            day = dt.date(int(match.group("year")), months.index(month) + 1,
                          int(match.group("day")))
            last = (day.replace(day=int(match.group("last"))) if match.group("last")
                    else None)
        except ValueError:
            continue
        return day, last, match
    return None


def addressee_heading(text: str, lang: str, extra: dict[str, Words] | None = None, *,
                      amid_list: bool = False) -> str | None:
    """The addressee id a heading such as "To the OSCE participating States:" names: one
    of the registry's, or of ``extra`` (the document's own, added to when an English
    heading "To ...:" names someone the registry does not know, or, in another language,
    when a heading ending in ":" stands ``amid_list``: between the items of a list)."""
    if not text.rstrip().endswith(":") or len(text) > 120:
        return None
    stripped = text.strip().rstrip(":").strip()
    if lang == "en":
        if not stripped.lower().startswith("to "):
            return None
        stripped = stripped[3:]
    wanted = " ".join(stripped.lower().split())
    for key, addressee in registry().items():
        for case in ("name", "dat", "nom"):
            words = addressee.forms.get(lang, {}).get(case)
            if words and " ".join(words.lower().split()) in (wanted, "the " + wanted):
                return key
    if extra is None:
        return None
    for key, words in extra.items():
        if same_words(words, wanted):
            return key
    if lang != "en" and not amid_list:
        return None
    if lang != "en" and stripped[:1].isupper() and stripped[1:2].islower():
        # «Правительству Беларуси:»: the words as a heading puts them (the dative), with
        # the small letter they have inside a sentence
        stripped = stripped[:1].lower() + stripped[1:]
    if stripped[:1].isalpha():
        key = new_key(stripped, extra)
        extra[key] = stripped
        return key
    return None




def _section_key(heading: str, taken: set[str]) -> str:
    """A section name from a heading: ASCII words (Cyrillic transliterated), at most 30
    characters of whole words, starting with a letter."""
    from csp_draft.drafts.new import slugify

    base = slugify(heading.lower().translate(TO_LATIN))
    if base[:1].isdigit():
        base = "section-" + base
    while len(base) > 30 and "-" in base:  # whole words, as a person would shorten it
        base = base.rsplit("-", 1)[0]
    base = base[:30] or "section"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


def build(source: SourceDocument, lang: str | None = None) -> ImportedDocument:
    blocks = list(source.blocks)
    lang = lang or guess_language(blocks)
    document = ImportedDocument(source, lang, notices=list(source.notices))
    position = _title_block(document, blocks)
    taken: set[str] = set()
    section: ImportedSection | None = None
    addressee: str | None = None
    signing = False
    for index in range(position, len(blocks)):
        block = blocks[index]
        if signing and block.kind == "heading" and any(
                country for _, country in signatories_of(block.text, lang)):
            # a short line of a signatory block that a text or PDF reader took for a heading
            document.signatories.extend(signatories_of(block.text, lang))
            continue
        if block.kind == "heading" or (block.kind == "paragraph" and block.emphasis
                                       and _heading_like(block.text)):
            who = addressee_heading(block.text, lang, document.addressees,
                                    amid_list=section is not None and bool(section.items))
            if who is not None and section is not None:
                addressee = who
                continue
            signing = bool(_SIGNATORY_HEADING.search(block.text))
            if signing:
                continue
            section = ImportedSection(_section_key(block.text, taken), block.text, block.where)
            document.sections.append(section)
            addressee = None
            continue
        if signing:
            document.signatories.extend(signatories_of(block.text, lang))
            continue
        if block.kind == "continuation" and section is not None and section.items:
            item = section.items[-1]
            item.mark_list()
            item.text += "\n\n" + block.text
            item.notes.extend(block.notes)
            item.continued = True
            continue
        if section is None:
            section = ImportedSection(_section_key(_OPENING, taken), None, block.where)
            document.sections.append(section)
        if block.kind == "item":
            item = ImportedItem(block.text, block.where, block.label, list(block.notes),
                                addressee)
            if block.level > 0 and section.items:
                item.addressee = None  # a sub-item speaks to whom its item speaks to
                section.items[-1].children.append(item)
                continue
            if block.label == "•":
                section.bulleted = True
            else:
                section.numbered = True
            section.items.append(item)
            continue
        # a PDF cannot show bold type: a line ending in ":" right above an item may be an
        # addressee heading as well
        marked = block.emphasis or (source.format == "pdf" and index + 1 < len(blocks)
                                    and blocks[index + 1].kind == "item"
                                    and block.text.endswith(":"))
        who = addressee_heading(block.text, lang, document.addressees,
                                amid_list=marked and bool(section.items)) if (
            marked or section.items) else None
        if who is not None:
            addressee = who
            continue
        if not section.items and block.text.endswith(":"):
            section.lead_in.append(block.text)
            continue
        if (section.numbered or section.bulleted) and source.continuations:
            # a paragraph after a list, not indented under its last item: a part of the
            # document without a heading of its own
            section = ImportedSection(_section_key(_OPENING, taken), None, block.where)
            document.sections.append(section)
            addressee = None
            if block.text.endswith(":"):  # the lead-in of a list that follows
                section.lead_in.append(block.text)
                continue
        elif section.numbered or section.bulleted:
            # a paragraph after a list, under no heading of its own: the last item goes on
            item = section.items[-1]
            item.mark_list()
            item.text += "\n\n" + block.text
            item.notes.extend(block.notes)
            item.continued = True
            continue
        section.items.append(ImportedItem(block.text, block.where, "", list(block.notes)))
    return document


_NOTES_HEADINGS = frozenset({"notes", "endnotes", "примечания", "сноски"})
_DATELINE = re.compile(r"^(?P<line>[^\n]{3,120}?)\s+[–—-]\s+(?=\S)")
_MARK = re.compile(r"\[(?P<n>\d{1,3})\]")


def take_dateline(document: ImportedDocument) -> None:
    """A press release's first paragraph opens with its dateline ("Vienna, 8 December 2025
    – ..."): the place and date (or the dateline as written) come from it, and the
    paragraph goes on without it."""
    first = next((section.items[0] for section in document.sections if section.items), None)
    found = _DATELINE.match(first.text) if first is not None else None
    if first is None or found is None:
        return
    line = found.group("line").strip()
    date = parse_date(line, document.lang)
    if date is None or line[date[2].end():].strip(" .,"):
        return
    place = line[:date[2].start()].strip().rstrip(",").strip()
    document.date = document.date or date[0]
    document.place = document.place or place
    if (place, date[0]) != (document.place, document.date):
        document.dateline = line
    first.text = first.text[found.end():]


def take_endnotes(document: ImportedDocument) -> None:
    """Numbered notes under a heading such as "Notes" at the end, referred to as "[1]" in
    the text (a press release's endnotes): each goes back to the paragraph whose mark it
    is, the others stay the document's own; the section itself goes."""
    section = next((s for s in reversed(document.sections) if s.heading
                    and s.heading.strip().rstrip(":").casefold() in _NOTES_HEADINGS
                    and s.numbered and s.items), None)
    if section is None:
        return
    notes = {number: item.text for number, item in enumerate(section.items, 1)}
    used: set[int] = set()

    def carry(items: list[ImportedItem]) -> None:
        for item in items:
            marks = [int(mark.group("n")) for mark in _MARK.finditer(item.text)
                     if int(mark.group("n")) in notes]
            if marks:
                item.text = _MARK.sub(lambda m: "" if int(m.group("n")) in notes
                                      else m.group(0), item.text)
                item.notes.extend(notes[number] for number in marks)
                used.update(marks)
            carry(item.children)

    document.sections.remove(section)
    for other in document.sections:
        carry(other.items)
    document.endnotes = [text for number, text in notes.items() if number not in used]


def signatories_of(line: str, lang: str) -> list[tuple[str, str]]:
    """One line of a signatory block: "Organisation (Country)", or "Country: first
    organisation; second organisation" as lists grouped by country print it."""
    line = line.strip().rstrip(".;,")
    grouped = re.match(r"^(?P<country>[^:;()]{2,60}?)(?:\s*\(\d+\))?:\s+(?P<orgs>.+)$", line)
    if grouped and is_country(grouped.group("country"), lang):  # "Belarus (2): a; b"
        return [(org.strip(), grouped.group("country").strip())
                for org in grouped.group("orgs").split(";") if org.strip()]
    match = _SIGNATORY.match(line)
    if match and is_country(match.group("country"), lang):
        return [(match.group("org"), match.group("country"))]
    return [(line, "")]


@functools.cache
def _country_names(lang: str) -> frozenset[str]:
    from babel import Locale

    try:
        names = Locale.parse(lang).territories.values()
    except Exception:  # a language Babel does not know: no names to go by
        return frozenset()
    return frozenset(name.lower() for name in names)


def is_country(text: str, lang: str) -> bool:
    """A country's name as CLDR writes it in ``lang`` (not an acronym such as "FIDH")."""
    return text.strip().lower() in _country_names(lang) or text.strip().lower() in (
        "кыргызстан", "kyrgyzstan")


def _heading_like(text: str) -> bool:
    return len(text) <= 120 and not text.endswith((".", ";", ","))


def _title_block(document: ImportedDocument, blocks: list[Block]) -> int:
    """Read the title, subtitle lines and the event line; the index of the first block
    after them."""
    position = 0
    for position, block in enumerate(blocks):
        if block.kind == "title" and not document.title:
            document.title = block.text
        elif block.kind == "subtitle":
            document.subtitles.append(block.text)
        elif not document.title and block.kind == "heading" and position == 0:
            document.title = block.text
        elif (document.title and not document.date and block.kind == "heading"
              and position + 1 < len(blocks) and _is_event_line(blocks[position + 1].text,
                                                                 document.lang)):
            document.subtitles.append(block.text)  # a line between the title and the event
        elif (document.title and not document.date and block.kind == "paragraph"
              and len(block.text) <= 160 and _event_line(document, block.text)):
            pass
        elif (document.title and not document.date and not document.event
              and block.kind == "paragraph" and block.emphasis and "," in block.text
              and len(block.text) <= 160 and _heading_like(block.text)):
            # an event line without a date ("Parallel OSCE Conference, Vilnius")
            parts = [part.strip() for part in block.text.split(",") if part.strip()]
            document.place, document.event = parts[-1], ", ".join(parts[:-1])
        else:
            return position
    return len(blocks)


def _is_event_line(text: str, lang: str) -> bool:
    found = parse_date(text, lang)
    return found is not None and len(text) <= 160 and not text[found[2].end():].strip(" .,")


def _event_line(document: ImportedDocument, text: str) -> bool:
    found = parse_date(text, document.lang)
    if found is None:
        return False
    day, last, match = found
    before = text[:match.start()].strip().rstrip(",").strip()
    if text[match.end():].strip(" .,"):
        return False
    parts = [part.strip() for part in before.split(",") if part.strip()]
    document.date, document.date_end = day, last
    if parts:
        document.place = parts[-1]
        document.event = ", ".join(parts[:-1])
    return True
