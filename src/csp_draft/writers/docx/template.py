"""csp-draft's own DOCX template: the styles, numbering and page set-up it writes with.

Without ``--reference-docx`` these parts make the whole package; with one, the same style
definitions fill in whatever the user's document lacks. A4, Times New Roman (Word has it
everywhere, LibreOffice substitutes the metric-compatible Liberation Serif; both carry
Cyrillic), black headings: a document a secretariat would send. Text is ranged left:
justified Russian text shows wide gaps wherever no hyphenation dictionary is installed.
"""

from __future__ import annotations

from csp_draft.writers.docx.ooxml import NS_DECLS, W_NS, XML_HEADER, esc

BODY_FONT = "Times New Roman"
CODE_FONT = "Courier New"
# A4 in twentieths of a point, with 2.5 cm margins.
PAGE_WIDTH = 11906
PAGE_HEIGHT = 16838
MARGIN = 1417
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
LIST_INDENT = 567  # 1 cm per list level


class StyleDef:
    """One style the writer needs; ``name`` is what Word and LibreOffice match on.

    ``kind`` is "paragraph", "character" or "table"; ``inner`` holds the children after
    w:name/w:basedOn/w:next; ``based_on`` and ``next_role`` name other roles.
    (A plain class: dataclass creation would add to the start-up of every export.)
    """

    __slots__ = ("based_on", "inner", "kind", "name", "next_role", "role", "style_id")

    def __init__(
        self, role: str, name: str, style_id: str, kind: str, inner: str,
        *, based_on: str | None = None, next_role: str | None = None,
    ) -> None:
        self.role = role
        self.name = name
        self.style_id = style_id
        self.kind = kind
        self.inner = inner
        self.based_on = based_on
        self.next_role = next_role


def _p(*children: str) -> str:
    return "<w:pPr>" + "".join(children) + "</w:pPr>"


def _r(*children: str) -> str:
    return "<w:rPr>" + "".join(children) + "</w:rPr>"


_Q = "<w:qFormat/>"

STYLE_DEFS: tuple[StyleDef, ...] = (
    StyleDef(
        "normal", "Normal", "Normal", "paragraph",
        _Q + _p("<w:widowControl/>", '<w:spacing w:after="0"/>'),  # no lone lines at page ends
    ),
    StyleDef(
        "body", "Body Text", "BodyText", "paragraph",
        _Q + _p('<w:spacing w:after="160" w:line="264" w:lineRule="auto"/>'),
        based_on="normal",
    ),
    StyleDef(
        "title", "Title", "Title", "paragraph",
        '<w:uiPriority w:val="10"/>' + _Q
        + _p("<w:keepNext/>", '<w:spacing w:before="0" w:after="120"/>', '<w:jc w:val="center"/>')
        + _r("<w:b/>", "<w:bCs/>", '<w:sz w:val="32"/>', '<w:szCs w:val="32"/>'),
        based_on="normal", next_role="subtitle",
    ),
    StyleDef(
        "subtitle", "Subtitle", "Subtitle", "paragraph",
        '<w:uiPriority w:val="11"/>' + _Q
        + _p("<w:keepNext/>", '<w:spacing w:after="360"/>', '<w:jc w:val="center"/>')
        + _r("<w:i/>", "<w:iCs/>", '<w:sz w:val="26"/>', '<w:szCs w:val="26"/>'),
        based_on="normal", next_role="body",
    ),
    StyleDef(
        "heading1", "heading 1", "Heading1", "paragraph",
        '<w:uiPriority w:val="9"/>' + _Q
        + _p("<w:keepNext/>", "<w:keepLines/>", '<w:spacing w:before="360" w:after="120"/>',
             '<w:outlineLvl w:val="0"/>')
        + _r("<w:b/>", "<w:bCs/>", '<w:sz w:val="28"/>', '<w:szCs w:val="28"/>'),
        based_on="normal", next_role="body",
    ),
    StyleDef(
        "heading2", "heading 2", "Heading2", "paragraph",
        '<w:uiPriority w:val="9"/>' + _Q
        + _p("<w:keepNext/>", "<w:keepLines/>", '<w:spacing w:before="240" w:after="120"/>',
             '<w:outlineLvl w:val="1"/>')
        + _r("<w:b/>", "<w:bCs/>", '<w:sz w:val="24"/>', '<w:szCs w:val="24"/>'),
        based_on="normal", next_role="body",
    ),
    StyleDef(
        "heading3", "heading 3", "Heading3", "paragraph",
        '<w:uiPriority w:val="9"/>' + _Q
        + _p("<w:keepNext/>", "<w:keepLines/>", '<w:spacing w:before="240" w:after="60"/>',
             '<w:outlineLvl w:val="2"/>')
        + _r("<w:b/>", "<w:bCs/>", "<w:i/>", "<w:iCs/>"),
        based_on="normal", next_role="body",
    ),
    StyleDef(
        "quote", "Quote", "Quote", "paragraph",
        '<w:uiPriority w:val="29"/>' + _Q
        + _p('<w:spacing w:after="160" w:line="264" w:lineRule="auto"/>',
             '<w:ind w:left="720" w:right="720"/>')
        + _r("<w:i/>", "<w:iCs/>"),
        based_on="normal", next_role="body",
    ),
    StyleDef(
        "footnote_text", "footnote text", "FootnoteText", "paragraph",
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
        + _p('<w:spacing w:after="40"/>')
        + _r('<w:sz w:val="20"/>', '<w:szCs w:val="20"/>'),
        based_on="normal",
    ),
    StyleDef(
        "footnote_ref", "footnote reference", "FootnoteReference", "character",
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
        + _r('<w:vertAlign w:val="superscript"/>'),
    ),
    StyleDef(
        "hyperlink", "Hyperlink", "Hyperlink", "character",
        '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        + _r('<w:color w:val="0563C1"/>', '<w:u w:val="single"/>'),
    ),
    StyleDef(
        "footer", "footer", "Footer", "paragraph",
        '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        + _p('<w:jc w:val="center"/>') + _r('<w:sz w:val="20"/>', '<w:szCs w:val="20"/>'),
        based_on="normal",
    ),
    StyleDef(
        "table", "Table Grid", "TableGrid", "table",
        '<w:uiPriority w:val="39"/>'
        '<w:tblPr><w:tblBorders>'
        + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + '</w:tblBorders><w:tblCellMar><w:top w:w="40" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>',
    ),
)

# Region-less tags get the region Word's proofing tools expect.
_WORD_REGIONS = {
    "ar": "ar-SA", "de": "de-DE", "en": "en-GB", "es": "es-ES", "fr": "fr-FR", "hy": "hy-AM",
    "it": "it-IT", "ka": "ka-GE", "kk": "kk-KZ", "ky": "ky-KG", "pt": "pt-PT", "ro": "ro-RO",
    "ru": "ru-RU", "tg": "tg-Cyrl-TJ", "tr": "tr-TR", "uk": "uk-UA", "uz": "uz-Latn-UZ",
    "zh": "zh-CN", "be": "be-BY", "az": "az-Latn-AZ", "pl": "pl-PL", "fa": "fa-IR",
}


def word_lang(tag: str) -> str:
    """The value for ``w:lang/@w:val``: Word wants a language with its region."""
    if "-" in tag:
        return tag
    return _WORD_REGIONS.get(tag.lower(), tag)


def style_xml(style: StyleDef, style_id: str, ids: dict[str, str]) -> str:
    """One ``w:style`` element; ``ids`` maps roles to the ids used in this document."""
    parts = [f'<w:style w:type="{style.kind}" w:styleId="{esc(style_id)}"']
    if style.role == "normal":
        parts.append(' w:default="1"')
    parts.append(f'><w:name w:val="{esc(style.name)}"/>')
    if style.based_on and style.based_on in ids:
        parts.append(f'<w:basedOn w:val="{esc(ids[style.based_on])}"/>')
    if style.next_role and style.next_role in ids:
        parts.append(f'<w:next w:val="{esc(ids[style.next_role])}"/>')
    parts.append(style.inner)
    parts.append("</w:style>")
    return "".join(parts)


TEMPLATE_STYLE_IDS = {style.role: style.style_id for style in STYLE_DEFS}


def styles_part(lang: str = "") -> bytes:
    """The template's styles.xml, with the draft's language on the default run properties."""
    ids = TEMPLATE_STYLE_IDS
    fonts = f'w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}" w:cs="{BODY_FONT}"'
    text = (
        f"{XML_HEADER}<w:styles {NS_DECLS}>"
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts {fonts}/><w:sz w:val="24"/><w:szCs w:val="24"/>'
        f'<w:lang w:val="{esc(word_lang(lang or "en"))}" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
        + "".join(style_xml(style, style.style_id, ids) for style in STYLE_DEFS)
        + '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList">'
        '<w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
        "</w:styles>"
    )
    return text.encode("utf-8")


def document_part(body_xml: str = "", footer_rel_id: str = "") -> bytes:
    """The body, then the page set-up (A4) with the footer reference if there is one."""
    footer = (
        f'<w:footerReference w:type="default" r:id="{esc(footer_rel_id)}"/>'
        if footer_rel_id
        else ""
    )
    return (
        f"{XML_HEADER}<w:document {NS_DECLS}><w:body>{body_xml}<w:sectPr>{footer}"
        f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
        f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}"'
        ' w:header="709" w:footer="709" w:gutter="0"/>'
        '<w:cols w:space="708"/></w:sectPr></w:body></w:document>'
    ).encode()


def footnote_pr(separator_ids: tuple[str, ...] = ("-1", "0")) -> str:
    """settings.xml's list of the separator footnotes, which Word expects."""
    notes = "".join(f'<w:footnote w:id="{esc(note_id)}"/>' for note_id in separator_ids)
    return f"<w:footnotePr>{notes}</w:footnotePr>"


def settings_part(*, footnotes: bool = False) -> bytes:
    return (
        f"{XML_HEADER}<w:settings {NS_DECLS}>"
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="709"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        + (footnote_pr() if footnotes else "")
        # A justified line that ends in a manual line break is not stretched.
        + '<w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name="compatibilityMode"'
        ' w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        "</w:settings>"
    ).encode()


def font_table_part() -> bytes:
    return (
        f"{XML_HEADER}<w:fonts {NS_DECLS}>"
        f'<w:font w:name="{BODY_FONT}"><w:panose1 w:val="02020603050405020304"/>'
        '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
        f'<w:font w:name="{CODE_FONT}"><w:panose1 w:val="02070309020205020404"/>'
        '<w:charset w:val="00"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
        "</w:fonts>"
    ).encode()


def footer_part(footer_style_id: str) -> bytes:
    """A centred page number (a PAGE field; the number shown before fields update is 1)."""
    return (
        f"{XML_HEADER}<w:ftr {NS_DECLS}><w:p><w:pPr>"
        f'<w:pStyle w:val="{esc(footer_style_id)}"/><w:jc w:val="center"/></w:pPr>'
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        "</w:p></w:ftr>"
    ).encode()


def footnote_separators() -> str:
    """The separator (id -1) and continuation separator (id 0) Word draws above notes."""
    para = '<w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    return (
        f'<w:footnote w:type="separator" w:id="-1">{para}<w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        f'<w:footnote w:type="continuationSeparator" w:id="0">{para}'
        "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    )


def footnotes_part(notes_xml: str) -> bytes:
    return (
        f"{XML_HEADER}<w:footnotes {NS_DECLS}>{footnote_separators()}{notes_xml}</w:footnotes>"
    ).encode()


_DECIMAL_LEVELS = (("decimal", "%{n}."), ("lowerLetter", "%{n})"), ("lowerRoman", "%{n}."))
_BULLETS = ("\u2022", "\u2013", "\u25aa")  # bullet, en dash, small black square


def abstract_num_xml(abstract_id: int, *, ordered: bool) -> str:
    """Nine levels: decimal ``1.`` / ``a)`` / ``i.`` repeating, or bullets, 1 cm apart."""
    levels = []
    for level in range(9):
        indent = LIST_INDENT * (level + 1)
        if ordered:
            fmt, text = _DECIMAL_LEVELS[level % 3]
            text = text.format(n=level + 1)
        else:
            fmt, text = "bullet", _BULLETS[level % 3]
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="{LIST_INDENT}"/></w:pPr></w:lvl>'
        )
    name = "csp-draft numbered list" if ordered else "csp-draft bullet list"
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/><w:name w:val="{name}"/>'
        + "".join(levels)
        + "</w:abstractNum>"
    )


def num_xml(num_id: int, abstract_id: int, ilvl: int, start: int) -> str:
    """A list instance that starts afresh at ``start`` on level ``ilvl``."""
    return (
        f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        "</w:num>"
    )


def numbering_part(definitions_xml: str = "") -> bytes:
    """numbering.xml: every w:abstractNum must come before the first w:num."""
    return f'{XML_HEADER}<w:numbering xmlns:w="{W_NS}">{definitions_xml}</w:numbering>'.encode()


def app_part() -> bytes:
    return (
        f"{XML_HEADER}<Properties"
        ' xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Application>csp-draft</Application><DocSecurity>0</DocSecurity></Properties>"
    ).encode()


def core_part(
    *, title: str, subject: str, author: str, keywords: str, language: str, stamp: str
) -> bytes:
    """docProps/core.xml; ``stamp`` is a W3CDTF time used for created and modified."""
    fields = [
        ("dc:title", title), ("dc:subject", subject), ("dc:creator", author),
        ("cp:keywords", keywords), ("dc:language", language), ("cp:lastModifiedBy", author),
    ]
    body = "".join(f"<{tag}>{esc(value)}</{tag}>" for tag, value in fields if value)
    return (
        f"{XML_HEADER}<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{body}<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()
