"""markdown-it tokens -> WordprocessingML paragraphs, tables, list numbering and footnotes.

The XML is built as text: several times faster than building lxml elements, and every
value goes through :func:`esc`. Child order inside w:pPr / w:rPr follows the schema
(``PPR_ORDER`` / ``RPR_ORDER`` in ``_ooxml``). Plain classes rather than dataclasses:
creating dataclasses costs milliseconds at import, and every export pays it.
"""

from __future__ import annotations

from markdown_it.token import Token

from csp_draft.markdown import ParsedDocument, safe_href, split_footnotes
from csp_draft.writers._docx_template import CODE_FONT, LIST_INDENT, abstract_num_xml, num_xml
from csp_draft.writers._ooxml import esc

MAX_LEVEL = 8  # Word numbering has levels 0-8
_ALIGN = {"text-align:left": "left", "text-align:center": "center", "text-align:right": "right"}
# A run's formatting: (bold, italic, hyperlink, code).
_RunKey = tuple[bool, bool, bool, bool]
_PLAIN: _RunKey = (False, False, False, False)
_COMPACT = '<w:spacing w:after="60"/>'


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
    __slots__ = ("ilvl", "num_id", "number_pending", "ordered", "sublist_shares_num")

    def __init__(self, ordered: bool, num_id: int, ilvl: int) -> None:
        self.ordered = ordered
        self.num_id = num_id
        self.ilvl = ilvl
        self.number_pending = False  # the current item has not shown its number yet
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
    ) -> None:
        self.styles = styles
        self.numbering = numbering
        self.links = links
        self.text_width = text_width
        self.footnotes = footnotes
        self.paragraph_role = paragraph_role
        self._prefix = ""  # runs that open the next paragraph (a footnote's mark)
        self._lists: list[_OpenList] = []
        self._quote_depth = 0
        self._rpr_cache: dict[_RunKey, str] = {}

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
                ppr = self._block_ppr(compact=compact)
                out.append(self._paragraph(ppr, tokens[index + 1].children or []))
                index += 3
                continue
            if kind == "heading_open":
                level = min(int(token.tag[1:]), 3)
                ppr = self._ppr(self.styles[f"heading{level}"], self._take_number())
                out.append(self._paragraph(ppr, tokens[index + 1].children or []))
                index += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                self._flush_pending_number(out)
                self._open_list(token, ordered=kind == "ordered_list_open")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self._lists.pop()
            elif kind == "list_item_open":
                current = self._lists[-1]
                current.number_pending = True
                current.sublist_shares_num = False
            elif kind == "list_item_close":
                self._flush_pending_number(out)
            elif kind == "blockquote_open":
                self._quote_depth += 1
            elif kind == "blockquote_close":
                self._quote_depth -= 1
            elif kind == "table_open":
                self._flush_pending_number(out)
                index = self._table(tokens, index, out)
            elif kind == "hr":
                self._flush_pending_number(out)
                out.append(
                    '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1"'
                    ' w:color="auto"/></w:pBdr><w:spacing w:after="160"/></w:pPr></w:p>'
                )
            elif kind in ("code_block", "fence"):
                self._flush_pending_number(out)
                out.append(self._code(token.content))
            index += 1
        return "".join(out)

    def write_footnote(self, footnote_id: int, tokens: list[Token]) -> str:
        """One ``w:footnote``: its first paragraph starts with the footnoteRef mark."""
        self._prefix = (
            f'<w:r><w:rPr><w:rStyle w:val="{self.styles["footnote_ref"]}"/></w:rPr>'
            '<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>'
        )
        body = self.write(tokens)
        if self._prefix:  # a note with no paragraph of its own
            body = self._paragraph(self._ppr(self.styles[self.paragraph_role]), []) + body
        return f'<w:footnote w:id="{footnote_id}">{body}</w:footnote>'

    # -- paragraphs ---------------------------------------------------------------------
    def _block_ppr(self, *, compact: bool = False) -> str:
        role = "quote" if self._quote_depth else self.paragraph_role
        number = self._take_number()
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

    def _take_number(self) -> str:
        """The numPr of the current list item if its number has not been shown yet."""
        if not self._lists or not self._lists[-1].number_pending:
            return ""
        current = self._lists[-1]
        current.number_pending = False
        return (
            f'<w:numPr><w:ilvl w:val="{current.ilvl}"/>'
            f'<w:numId w:val="{current.num_id}"/></w:numPr>'
        )

    def _flush_pending_number(self, out: list[str]) -> None:
        """An item that starts with a table, a list or nothing still shows its number."""
        if self._lists and self._lists[-1].number_pending:
            out.append(self._paragraph(self._block_ppr(), []))

    def _paragraph(self, ppr: str, children: list[Token], *, bold: bool = False) -> str:
        prefix = self._prefix
        self._prefix = ""
        return f"<w:p>{ppr}{prefix}{self._runs(children, bold=bold)}</w:p>"

    def _code(self, text: str) -> str:
        rpr = self._rpr((False, False, False, True))
        lines = text.rstrip("\n").split("\n")
        runs = "<w:r><w:br/></w:r>".join(self._text_run(rpr, line) for line in lines)
        return f'<w:p><w:pPr><w:spacing w:after="160"/></w:pPr>{runs}</w:p>'

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
            if row and row[0][2]:
                parts.append("<w:trPr><w:tblHeader/></w:trPr>")
            for children, align, is_header in row:
                jc = f'<w:jc w:val="{align}"/>' if align else ""
                ppr = f'<w:pPr><w:spacing w:after="0"/>{jc}</w:pPr>'
                parts.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                    f"{self._paragraph(ppr, children, bold=is_header)}</w:tc>"
                )
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        out.append("".join(parts))
        return index

    # -- runs ---------------------------------------------------------------------------
    def _runs(self, children: list[Token], *, bold: bool = False) -> str:
        """Inline tokens as runs; neighbouring text with the same formatting is one run."""
        out: list[str] = []
        strong = 1 if bold else 0
        emphasis = 0
        in_link = False
        skipped_links = 0  # open links whose address is unsafe: shown as plain text
        pending: list[str] = []
        key: _RunKey = (bold, False, False, False)
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
            if kind == "strong_open":
                strong += 1
            elif kind == "strong_close":
                strong -= 1
            elif kind == "em_open":
                emphasis += 1
            elif kind == "em_close":
                emphasis -= 1
            elif kind == "link_open":
                href = safe_href(str(token.attrGet("href") or ""))
                if href is None:
                    skipped_links += 1
                    continue
                self._flush(out, pending, key)
                out.append(f'<w:hyperlink r:id="{self.links.rel_id(href)}" w:history="1">')
                in_link = True
            elif kind == "link_close":
                if skipped_links:
                    skipped_links -= 1
                    continue
                self._flush(out, pending, key)
                out.append("</w:hyperlink>")
                in_link = False
            elif kind == "hardbreak":
                self._flush(out, pending, key)
                out.append("<w:r><w:br/></w:r>")
            elif kind == "code_inline":
                self._flush(out, pending, key)
                out.append(self._text_run(self._rpr((*key[:3], True)), token.content))
            elif kind == "footnote_ref":
                self._flush(out, pending, key)
                out.append(self._footnote_ref(token))
            else:
                continue
            new_key = (strong > 0, emphasis > 0, in_link, False)
            if new_key != key:
                self._flush(out, pending, key)
                key = new_key
        self._flush(out, pending, key)
        return "".join(out)

    def _flush(self, out: list[str], pending: list[str], key: _RunKey) -> None:
        if pending:
            text = "".join(pending)
            pending.clear()
            if text:
                out.append(self._text_run(self._rpr(key), text))

    def _footnote_ref(self, token: Token) -> str:
        note = int(token.meta["id"])
        if self.footnotes is None:
            label = token.meta.get("label") or note + 1
            return self._text_run(self._rpr(_PLAIN), f"[{label}]")
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
    def _text_run(rpr: str, text: str) -> str:
        body = esc(text)
        if "\t" in body:
            body = body.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
        return f'<w:r>{rpr}<w:t xml:space="preserve">{body}</w:t></w:r>'


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
) -> Content:
    """Write the title block, the body and every referenced footnote.

    The ``first_*`` ids and the taken relationship ids let the content join a base
    document that already has numbering, footnotes or relationships of its own.
    """
    split = split_footnotes(document.tokens)
    numbering = ListNumbering(first_abstract_id, first_num_id)
    refs = FootnoteRefs(first_footnote_id)
    body_links = LinkTable(body_rel_ids)
    writer = BodyWriter(styles, numbering, body_links, text_width, refs)
    body = _title_block(document, styles) + writer.write(split.body)
    note_links = LinkTable(note_rel_ids)
    notes = "".join(
        BodyWriter(styles, numbering, note_links, text_width, paragraph_role="footnote_text")
        .write_footnote(footnote_id, split.notes.get(note, []))
        for footnote_id, note in refs.refs
    )
    return Content(body, notes, numbering, body_links, note_links)


def _title_block(document: ParsedDocument, styles: dict[str, str]) -> str:
    out = []
    for role in ("title", "subtitle"):
        value = document.text(role)
        if value:
            out.append(
                f'<w:p><w:pPr><w:pStyle w:val="{styles[role]}"/></w:pPr>'
                f'<w:r><w:t xml:space="preserve">{esc(value)}</w:t></w:r></w:p>'
            )
    return "".join(out)
