"""markdown-it tokens -> WordprocessingML paragraphs, tables, list numbering and footnotes.

The XML is built as text: several times faster than building lxml elements, and every
value goes through :func:`esc`. Child order inside w:pPr / w:rPr follows the schema
(``PPR_ORDER`` / ``RPR_ORDER`` in ``_ooxml``). Plain classes rather than dataclasses:
creating dataclasses costs milliseconds at import, and every export pays it.

Tracked changes (for redlines): a block token whose ``meta["rev"]`` is "ins" or "del" is
written as a wholly inserted or deleted block (its runs inside w:ins / w:del, its
paragraph mark or table rows marked too); inline ``ins_open`` / ``ins_close`` and
``del_open`` / ``del_close`` tokens mark the runs between them. A paragraph_open's
``meta["role"]`` picks its style role (the redline's title lines).
"""

from __future__ import annotations

from markdown_it.token import Token

from csp_draft.markdown.parse import InlineFormat, ParsedDocument, split_footnotes
from csp_draft.markdown.trace import MARK_OPEN, MARKER
from csp_draft.writers.docx.ooxml import esc
from csp_draft.writers.docx.template import CODE_FONT, LIST_INDENT, abstract_num_xml, num_xml

MAX_LEVEL = 8  # Word numbering has levels 0-8
_ALIGN = {"text-align:left": "left", "text-align:center": "center", "text-align:right": "right"}
# A run's formatting: (bold, italic, hyperlink, code).
_RunKey = tuple[bool, bool, bool, bool]
_PLAIN: _RunKey = (False, False, False, False)
_COMPACT = '<w:spacing w:after="60"/>'


class Revisions:
    """Author and date of the tracked changes, and their ids (unique in the document)."""

    def __init__(self, author: str, date: str, first_id: int = 1) -> None:
        self.author = author
        self.date = date
        self._next_id = first_id

    def open(self, kind: str) -> str:
        """The opening tag of a ``w:ins`` or ``w:del`` (``kind`` "ins" or "del")."""
        return f"<w:{kind} {self._attributes()}>"

    def mark(self, kind: str) -> str:
        """An empty ``w:ins`` / ``w:del``: a paragraph mark or table row that changed."""
        return f"<w:{kind} {self._attributes()}/>"

    def _attributes(self) -> str:
        number = self._next_id
        self._next_id += 1
        return f'w:id="{number}" w:author="{esc(self.author)}" w:date="{esc(self.date)}"'


class ListNumbering:
    """Hands out a fresh ``w:num`` (with its own restart) for every Markdown list."""

    def __init__(self, first_abstract_id: int, first_num_id: int) -> None:
        self.ordered_abstract_id = first_abstract_id
        self.bullet_abstract_id = first_abstract_id + 1
        self._next_num_id = first_num_id
        self.nums: list[tuple[int, int, int, int]] = []  # num id, abstract id, ilvl, start

    def new_list(self, *, ordered: bool, ilvl: int, start: int) -> int:
        num_id = self._next_num_id
        self._next_num_id += 1
        abstract = self.ordered_abstract_id if ordered else self.bullet_abstract_id
        self.nums.append((num_id, abstract, ilvl, start))
        return num_id

    def abstract_nums_xml(self) -> str:
        if not self.nums:
            return ""
        return abstract_num_xml(self.ordered_abstract_id, ordered=True) + abstract_num_xml(
            self.bullet_abstract_id, ordered=False
        )

    def nums_xml(self) -> str:
        return "".join(num_xml(*num) for num in self.nums)


class FootnoteRefs:
    """Footnote ids in order of reference; a note cited twice is written twice."""

    def __init__(self, first_id: int) -> None:
        self._next_id = first_id
        self.refs: list[tuple[int, int]] = []  # footnote id, the plugin's note id

    def add(self, note: int) -> int:
        footnote_id = self._next_id
        self._next_id += 1
        self.refs.append((footnote_id, note))
        return footnote_id


class LinkTable:
    """Hyperlink relationship ids for one part; one relationship per distinct address."""

    def __init__(self, taken: set[str] | frozenset[str] = frozenset()) -> None:
        self._taken = taken
        self.links: dict[str, str] = {}  # address -> relationship id, in order of first use

    def rel_id(self, href: str) -> str:
        rel_id = self.links.get(href)
        if rel_id is None:
            number = len(self.links) + 1
            while f"rIdLink{number}" in self._taken:
                number += 1
            rel_id = f"rIdLink{number}"
            self.links[href] = rel_id
        return rel_id


class _OpenList:
    __slots__ = ("ilvl", "num_id", "number_pending", "old_pending", "ordered",
                 "sublist_shares_num")

    def __init__(self, ordered: bool, num_id: int, ilvl: int) -> None:
        self.ordered = ordered
        self.num_id = num_id
        self.ilvl = ilvl
        self.number_pending = False  # the current item has not shown its number yet
        # In a redline, the old version's item may show its number on another paragraph
        # (one that was deleted); this is whether it still has to.
        self.old_pending = False
        self.sublist_shares_num = False  # a same-type sublist already continued this num


class BodyWriter:
    """Writes block tokens as body XML for one part (the document or the footnotes).

    ``footnotes`` is None inside footnotes (Word allows no notes within notes); there a
    reference is written as its label in brackets.
    """

    def __init__(
        self,
        styles: dict[str, str],
        numbering: ListNumbering,
        links: LinkTable,
        text_width: int,
        footnotes: FootnoteRefs | None = None,
        *,
        paragraph_role: str = "body",
        revisions: Revisions | None = None,
    ) -> None:
        self.styles = styles
        self.numbering = numbering
        self.links = links
        self.text_width = text_width
        self.footnotes = footnotes
        self.paragraph_role = paragraph_role
        self.revisions = revisions
        self._prefix = ""  # runs that open the next paragraph (a footnote's mark)
        self._prefix_due = [False, False]  # ... in the old version, in the new (redlines)
        self._lists: list[_OpenList] = []
        self._quote_depth = 0
        self._rpr_cache: dict[_RunKey, str] = {}
        self._bookmark_id = 100_000  # apart from revision ids, which count from 1

    def write(self, tokens: list[Token]) -> str:
        out: list[str] = []
        index = 0
        count = len(tokens)
        while index < count:
            token = tokens[index]
            kind = token.type
            if kind == "paragraph_open":
                # A tight list's items sit closer together, except for the last one.
                compact = token.hidden and tokens[index + 3].type == "list_item_close" and (
                    tokens[index + 4].type == "list_item_open"
                )
                meta = token.meta
                rev = meta.get("rev") if meta else None
                ppr = self._block_ppr(compact=compact, role=meta.get("role") if meta else None,
                                      rev=rev)
                out.append(self._paragraph(ppr, tokens[index + 1].children or [], rev=rev))
                index += 3
                continue
            if kind == "heading_open":
                level = min(int(token.tag[1:]), 3)
                rev = token.meta.get("rev") if token.meta else None
                ppr = self._ppr(self.styles[f"heading{level}"], self._take_number(rev))
                out.append(self._paragraph(ppr, tokens[index + 1].children or [], rev=rev))
                index += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                self._flush_pending_number(out, token)
                self._open_list(token, ordered=kind == "ordered_list_open")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self._lists.pop()
            elif kind == "list_item_open":
                current = self._lists[-1]
                rev = token.meta.get("rev") if token.meta else None
                current.number_pending = rev != "del"
                current.old_pending = rev != "ins"
                current.sublist_shares_num = False
            elif kind == "list_item_close":
                self._flush_pending_number(out)
            elif kind == "blockquote_open":
                self._quote_depth += 1
            elif kind == "blockquote_close":
                self._quote_depth -= 1
            elif kind == "table_open":
                self._flush_pending_number(out, token)
                index = self._table(tokens, index, out)
            elif kind == "hr":
                self._flush_pending_number(out, token)
                rev = token.meta.get("rev") if token.meta else None
                out.append(
                    '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1"'
                    f' w:color="auto"/></w:pBdr><w:spacing w:after="160"/>{self._mark(rev)}'
                    "</w:pPr></w:p>"
                )
            elif kind in ("code_block", "fence"):
                self._flush_pending_number(out, token)
                out.append(self._code(token.content, token.meta.get("rev") if token.meta else None))
            index += 1
        return "".join(out)

    def write_footnote(self, footnote_id: int, tokens: list[Token]) -> str:
        """One ``w:footnote``: its first paragraph starts with the footnoteRef mark."""
        self._prefix = (
            f'<w:r><w:rPr><w:rStyle w:val="{self.styles["footnote_ref"]}"/></w:rPr>'
            '<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>'
        )
        self._prefix_due = [True, True]
        body = self.write(tokens)
        if self._prefix_due == [True, True]:  # a note with no paragraph of its own
            body = self._paragraph(self._ppr(self.styles[self.paragraph_role]), []) + body
        self._prefix = ""
        return f'<w:footnote w:id="{footnote_id}">{body}</w:footnote>'

    # -- paragraphs ---------------------------------------------------------------------
    def _block_ppr(self, *, compact: bool = False, role: str | None = None,
                   rev: str | None = None) -> str:
        role = role or ("quote" if self._quote_depth else self.paragraph_role)
        number = self._take_number(rev)
        spacing = _COMPACT if compact else ""
        if not number and self._lists:
            indent = LIST_INDENT * (self._lists[-1].ilvl + 1)
            return self._ppr(
                self.styles[role], "", spacing + f'<w:ind w:left="{indent}" w:firstLine="0"/>'
            )
        return self._ppr(self.styles[role], number, spacing)

    @staticmethod
    def _ppr(style_id: str, number: str = "", rest: str = "") -> str:
        """pPr in schema order: pStyle, numPr, then ``rest`` (spacing, ind)."""
        return f'<w:pPr><w:pStyle w:val="{style_id}"/>{number}{rest}</w:pPr>'

    def _take_number(self, rev: str | None = None) -> str:
        """The numPr of the current list item if its number has not been shown yet.

        A deleted paragraph (``rev`` "del") shows the old version's number, an inserted
        one the new version's; a kept one shows the number if the new version's is due.
        """
        if not self._lists:
            return ""
        current = self._lists[-1]
        if rev == "del":
            due = current.old_pending
            current.old_pending = False
        else:
            due = current.number_pending
            current.number_pending = False
            if rev is None:
                current.old_pending = False
        if not due:
            return ""
        return (
            f'<w:numPr><w:ilvl w:val="{current.ilvl}"/>'
            f'<w:numId w:val="{current.num_id}"/></w:numPr>'
        )

    def _flush_pending_number(self, out: list[str], block: Token | None = None) -> None:
        """An item that starts with a table, a list or nothing still shows its number.

        ``block`` is the block that starts (None: the item ends). In a redline the number
        paragraph belongs to the version(s) whose number is still due at that block.
        """
        if not self._lists:
            return
        current = self._lists[-1]
        rev = block.meta.get("rev") if block is not None and block.meta else None
        new_due = current.number_pending and rev != "del"
        old_due = current.old_pending and rev != "ins"
        if new_due or old_due:
            paragraph_rev = None if new_due and old_due else ("ins" if new_due else "del")
            out.append(self._paragraph(self._block_ppr(rev=paragraph_rev), [],
                                       rev=paragraph_rev))

    def _paragraph(self, ppr: str, children: list[Token], *, bold: bool = False,
                   rev: str | None = None, mark: bool = True) -> str:
        """A paragraph; ``rev`` marks it wholly inserted or deleted (its paragraph mark
        too, unless ``mark`` is false, as in table cells, whose rows carry the mark)."""
        prefix = self._take_prefix(rev) if self._prefix else ""
        start = end = ""
        for token in children:
            if token.type == "text" and MARK_OPEN in token.content:
                start, end = self._bookmarks(token, start, end)
        if rev is None:
            return f"<w:p>{ppr}{prefix}{start}{self._runs(children, bold=bold)}{end}</w:p>"
        if mark:
            ppr = ppr[: -len("</w:pPr>")] + self._mark(rev) + "</w:pPr>"
        return f"<w:p>{ppr}{prefix}{start}{self._runs(children, bold=bold, rev=rev)}{end}</w:p>"

    def _bookmarks(self, token: Token, start: str, end: str) -> tuple[str, str]:
        """Item markers (:mod:`csp_draft.markdown.trace`) in ``token`` become bookmarks
        around the paragraph's runs; the markers leave the text."""
        for name in MARKER.findall(token.content):
            self._bookmark_id += 1
            start += f'<w:bookmarkStart w:id="{self._bookmark_id}" w:name="{name}"/>'
            end = f'<w:bookmarkEnd w:id="{self._bookmark_id}"/>' + end
        token.content = MARKER.sub("", token.content)
        return start, end

    def _take_prefix(self, rev: str | None) -> str:
        """The footnote's mark, on the first paragraph of the note in each version (in a
        redline, a deleted first paragraph shows the old mark, the next one the new)."""
        old_due, new_due = self._prefix_due
        if rev == "del":
            due, prefix_rev = old_due, "del"
            self._prefix_due[0] = False
        elif rev == "ins":
            due, prefix_rev = new_due, "ins"
            self._prefix_due[1] = False
        else:
            due = old_due or new_due
            prefix_rev = None if old_due and new_due else ("ins" if new_due else "del")
            self._prefix_due = [False, False]
        if not due:
            return ""
        return self._prefix if prefix_rev is None else self._tracked(self._prefix, prefix_rev)

    def _mark(self, rev: str | None) -> str:
        """pPr's last child (rPr) marking the paragraph mark as inserted or deleted."""
        if rev is None or self.revisions is None:
            return ""
        return f"<w:rPr>{self.revisions.mark(rev)}</w:rPr>"

    def _tracked(self, runs: str, rev: str) -> str:
        """``runs`` (w:r elements only) inside one w:ins or w:del."""
        if self.revisions is None:
            return runs
        if rev == "del":
            runs = runs.replace("<w:t ", "<w:delText ").replace("</w:t>", "</w:delText>")
        return f"{self.revisions.open(rev)}{runs}</w:{rev}>"

    def _code(self, text: str, rev: str | None = None) -> str:
        rpr = self._rpr((False, False, False, True))
        lines = text.rstrip("\n").split("\n")
        runs = "<w:r><w:br/></w:r>".join(
            self._text_run(rpr, line, rev == "del") for line in lines)
        if rev is not None:
            runs = self._tracked(runs, rev)
        return (f'<w:p><w:pPr><w:spacing w:after="160"/>{self._mark(rev)}</w:pPr>'
                f"{runs}</w:p>")

    # -- lists --------------------------------------------------------------------------
    def _open_list(self, token: Token, *, ordered: bool) -> None:
        start = int(token.attrGet("start") or 1) if ordered else 1
        parent = self._lists[-1] if self._lists else None
        if parent is None:
            num_id = self.numbering.new_list(ordered=ordered, ilvl=0, start=start)
            self._lists.append(_OpenList(ordered, num_id, 0))
            return
        ilvl = min(parent.ilvl + 1, MAX_LEVEL)
        if parent.ordered == ordered and start == 1 and not parent.sublist_shares_num:
            # The next level of the parent's own list: it restarts under each parent item
            # by itself, and the parent's count carries on after it.
            parent.sublist_shares_num = True
            num_id = parent.num_id
        else:
            num_id = self.numbering.new_list(ordered=ordered, ilvl=ilvl, start=start)
        self._lists.append(_OpenList(ordered, num_id, ilvl))

    # -- tables -------------------------------------------------------------------------
    def _table(self, tokens: list[Token], index: int, out: list[str]) -> int:
        """A GFM table as a Word table; returns the index of ``table_close``."""
        rows: list[list[tuple[list[Token], str, bool]]] = []  # (inline tokens, align, header)
        header = False
        rev = tokens[index].meta.get("rev") if tokens[index].meta else None
        while tokens[index].type != "table_close":
            token = tokens[index]
            kind = token.type
            if kind == "thead_open":
                header = True
            elif kind == "thead_close":
                header = False
            elif kind == "tr_open":
                rows.append([])
            elif kind in ("th_open", "td_open"):
                align = _ALIGN.get(str(token.attrGet("style") or ""), "")
                rows[-1].append((tokens[index + 1].children or [], align, header))
            index += 1
        columns = max((len(row) for row in rows), default=1) or 1
        width = self.text_width // columns
        parts = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles["table"]}"/>'
            '<w:tblW w:w="5000" w:type="pct"/><w:tblLook w:val="04A0" w:firstRow="1"'
            ' w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
            "</w:tblPr><w:tblGrid>",
            f'<w:gridCol w:w="{width}"/>' * columns,
            "</w:tblGrid>",
        ]
        for row in rows:
            parts.append("<w:tr>")
            row_header = "<w:tblHeader/>" if row and row[0][2] else ""
            row_mark = self.revisions.mark(rev) if rev and self.revisions else ""
            if row_header or row_mark:  # trPr order: ..., tblHeader, ..., ins / del
                parts.append(f"<w:trPr>{row_header}{row_mark}</w:trPr>")
            for children, align, is_header in row:
                jc = f'<w:jc w:val="{align}"/>' if align else ""
                ppr = f'<w:pPr><w:spacing w:after="0"/>{jc}</w:pPr>'
                cell = self._paragraph(ppr, children, bold=is_header, rev=rev, mark=False)
                parts.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{cell}</w:tc>'
                )
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        out.append("".join(parts))
        return index

    # -- runs ---------------------------------------------------------------------------
    def _runs(self, children: list[Token], *, bold: bool = False, rev: str | None = None) -> str:
        """Inline tokens as runs; neighbouring text with the same formatting is one run.

        ``rev`` ("ins" or "del") marks every run; inline ins/del tokens mark some. Marked
        runs sit in w:ins / w:del, which close before a hyperlink starts or ends (a
        w:hyperlink may hold a w:ins, not the other way round).
        """
        out: list[str] = []
        fmt = InlineFormat(bold=bold)
        pending: list[str] = []
        key: _RunKey = (bold, False, False, False)
        current = rev  # the revision of the runs being written
        wrapper: list[str | None] = [None]  # the w:ins / w:del open in ``out``

        def emit(xml: str) -> None:
            if current != wrapper[0]:
                close()
                if current is not None and self.revisions is not None:
                    out.append(self.revisions.open(current))
                    wrapper[0] = current
            out.append(xml)

        def close() -> None:
            if wrapper[0] is not None:
                out.append(f"</w:{wrapper[0]}>")
                wrapper[0] = None

        def flush() -> None:
            if pending:
                text = "".join(pending)
                pending.clear()
                if text:
                    emit(self._text_run(self._rpr(key), text, current == "del"))

        for token in children:
            kind = token.type
            if kind == "text":
                pending.append(token.content)
                continue
            if kind == "softbreak":
                pending.append(" ")
                continue
            if kind == "image":
                pending.append(token.content)
                continue
            change = fmt.apply(token)
            if change == "ignored":
                continue
            if change == "link_open":
                flush()
                close()
                out.append(f'<w:hyperlink r:id="{self.links.rel_id(fmt.href)}" w:history="1">')
            elif change == "link_close":
                flush()
                close()
                out.append("</w:hyperlink>")
            elif change:
                pass  # bold or italic: the run key below changes
            elif kind == "hardbreak":
                flush()
                emit("<w:r><w:br/></w:r>")
            elif kind == "code_inline":
                flush()
                rpr = self._rpr((*key[:3], True))
                emit(self._text_run(rpr, token.content, current == "del"))
            elif kind == "footnote_ref":
                flush()
                emit(self._footnote_ref(token, current == "del"))
            elif kind in ("ins_open", "del_open", "ins_close", "del_close"):
                flush()
                current = kind[:3] if kind.endswith("_open") else rev
                continue
            else:
                continue
            new_key = (fmt.strong > 0, fmt.emphasis > 0, fmt.href is not None, False)
            if new_key != key:
                flush()
                key = new_key
        flush()
        close()
        return "".join(out)

    def _footnote_ref(self, token: Token, deleted: bool = False) -> str:
        note = int(token.meta["id"])
        if self.footnotes is None:
            label = token.meta.get("label") or note + 1
            return self._text_run(self._rpr(_PLAIN), f"[{label}]", deleted)
        footnote_id = self.footnotes.add(note)
        return (
            f'<w:r><w:rPr><w:rStyle w:val="{self.styles["footnote_ref"]}"/></w:rPr>'
            f'<w:footnoteReference w:id="{footnote_id}"/></w:r>'
        )

    def _rpr(self, key: _RunKey) -> str:
        cached = self._rpr_cache.get(key)
        if cached is None:
            bold, italic, link, code = key
            parts = []
            if link:
                parts.append(f'<w:rStyle w:val="{self.styles["hyperlink"]}"/>')
            if code:
                font = CODE_FONT
                parts.append(f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/>')
            if bold:
                parts.append("<w:b/><w:bCs/>")
            if italic:
                parts.append("<w:i/><w:iCs/>")
            cached = f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""
            self._rpr_cache[key] = cached
        return cached

    @staticmethod
    def _text_run(rpr: str, text: str, deleted: bool = False) -> str:
        """A run of text; deleted text goes in w:delText, as Word wants it."""
        tag = "w:delText" if deleted else "w:t"
        body = esc(text)
        if "\t" in body:
            body = body.replace("\t", f'</{tag}><w:tab/><{tag} xml:space="preserve">')
        return f'<w:r>{rpr}<{tag} xml:space="preserve">{body}</{tag}></w:r>'


class Content:
    """The draft as WordprocessingML: body, footnotes, numbering and hyperlinks."""

    __slots__ = ("body", "body_links", "note_links", "notes", "numbering")

    def __init__(
        self, body: str, notes: str, numbering: ListNumbering, body_links: LinkTable,
        note_links: LinkTable,
    ) -> None:
        self.body = body
        self.notes = notes
        self.numbering = numbering
        self.body_links = body_links
        self.note_links = note_links


def render_content(
    document: ParsedDocument,
    styles: dict[str, str],
    *,
    text_width: int,
    first_abstract_id: int = 1,
    first_num_id: int = 1,
    first_footnote_id: int = 1,
    body_rel_ids: set[str] | frozenset[str] = frozenset(),
    note_rel_ids: set[str] | frozenset[str] = frozenset(),
    revisions: Revisions | None = None,
) -> Content:
    """Write the title block, the body and every referenced footnote.

    The ``first_*`` ids and the taken relationship ids let the content join a base
    document that already has numbering, footnotes or relationships of its own.
    ``revisions`` (author, date, ids) is needed when the tokens carry tracked changes.
    """
    split = split_footnotes(document.tokens)
    numbering = ListNumbering(first_abstract_id, first_num_id)
    refs = FootnoteRefs(first_footnote_id)
    body_links = LinkTable(body_rel_ids)
    writer = BodyWriter(styles, numbering, body_links, text_width, refs, revisions=revisions)
    body = _title_block(document, styles) + writer.write(split.body)
    note_links = LinkTable(note_rel_ids)
    notes = "".join(
        BodyWriter(styles, numbering, note_links, text_width, paragraph_role="footnote_text",
                   revisions=revisions)
        .write_footnote(footnote_id, split.notes.get(note, []))
        for footnote_id, note in refs.refs
    )
    return Content(body, notes, numbering, body_links, note_links)


def _title_block(document: ParsedDocument, styles: dict[str, str]) -> str:
    """The title, then each subtitle line, as paragraphs in the Title and Subtitle styles."""
    out = []
    for role, values in (("title", [document.text("title")]),
                         ("subtitle", document.lines("subtitle"))):
        for value in values:
            if not value:
                continue
            out.append(
                f'<w:p><w:pPr><w:pStyle w:val="{styles[role]}"/></w:pPr>'
                f'<w:r><w:t xml:space="preserve">{esc(value)}</w:t></w:r></w:p>'
            )
    return "".join(out)
