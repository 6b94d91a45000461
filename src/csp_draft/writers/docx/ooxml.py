"""Small WordprocessingML helpers shared by the DOCX modules: names, escaping, element order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from csp_draft.textsafety import XML_INVALID

if TYPE_CHECKING:
    from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
W = f"{{{W_NS}}}"  # Clark notation: W + "p" is the w:p tag
R = f"{{{R_NS}}}"

NS_DECLS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_OFFICE_DOCUMENT = _RT + "officeDocument"
RT_STYLES = _RT + "styles"
RT_NUMBERING = _RT + "numbering"
RT_SETTINGS = _RT + "settings"
RT_FOOTNOTES = _RT + "footnotes"
RT_ENDNOTES = _RT + "endnotes"
RT_FOOTER = _RT + "footer"
RT_HEADER = _RT + "header"
RT_HYPERLINK = _RT + "hyperlink"
RT_FONT_TABLE = _RT + "fontTable"
RT_THEME = _RT + "theme"
RT_WEB_SETTINGS = _RT + "webSettings"
RT_CUSTOM_XML = _RT + "customXml"
RT_GLOSSARY = _RT + "glossaryDocument"
RT_EXTENDED_PROPERTIES = _RT + "extended-properties"
RT_CUSTOM_PROPERTIES = _RT + "custom-properties"
RT_CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"

_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CT_DOCUMENT = _CT + "document.main+xml"
CT_STYLES = _CT + "styles+xml"
CT_NUMBERING = _CT + "numbering+xml"
CT_SETTINGS = _CT + "settings+xml"
CT_FOOTNOTES = _CT + "footnotes+xml"
CT_FOOTER = _CT + "footer+xml"
CT_FONT_TABLE = _CT + "fontTable+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CT_APP = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"
# Main parts that may serve as a reference: a document, a template, macro-enabled ones.
MAIN_CONTENT_TYPES = frozenset({
    CT_DOCUMENT,
    _CT + "template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
})

# Schema order of the children of w:pPr, w:rPr, w:trPr, w:sectPr and w:settings (ECMA-376
# part 1, CT_PPr, CT_RPr, CT_TrPr, CT_SectPr, CT_Settings). Word refuses files whose
# children are out of order.
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange",
)
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
    "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
    "specVanish", "oMath",
)
# The run properties of a paragraph mark (w:pPr/w:rPr, CT_ParaRPr) start with its revision.
PARA_RPR_ORDER = ("ins", "del", "moveFrom", "moveTo", *RPR_ORDER, "rPrChange")
TRPR_ORDER = (
    "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
    "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange",
)
SECTPR_ORDER = (
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
    "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
    "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings",
    "sectPrChange",
)
SETTINGS_ORDER = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
    "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop",
    "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle", "proofState",
    "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
    "stylePaneSortMethod", "documentType", "mailMerge", "revisionView", "trackRevisions",
    "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
    "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope",
    "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
    "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
    "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
    "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
    "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
    "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr",
    "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
    "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
    "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)

# Characters XML 1.0 cannot carry at all (a vertical tab pasted from Word, for instance).
_NOT_XML = XML_INVALID


def esc(text: str) -> str:
    """Escape text for an XML element or a double-quoted attribute; drop non-XML chars."""
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("", text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def local_name(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def insert_in_order(
    parent: etree._Element, child: etree._Element, order: Sequence[str]
) -> etree._Element:
    """Insert ``child`` before the first sibling that the schema puts after it.

    An existing child of the same name is replaced, so the result has one of each.
    Siblings the order does not know stay where they are.
    """
    name = local_name(child)
    rank = order.index(name)
    later = set(order[rank + 1 :])
    for sibling in parent:
        sibling_name = local_name(sibling)
        if sibling_name == name and sibling.tag == child.tag:
            parent.replace(sibling, child)
            return child
        if sibling_name in later:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


def parse_xml(data: bytes, what: str) -> etree._Element:
    """Parse a part of a user's file: no DTDs, no entities, no network, no huge trees."""
    from lxml import etree

    from csp_draft.errors import CspDraftError

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise CspDraftError(
            f"the reference document's {what} declares a DTD, which Word files never do",
            hint="open it in Word or LibreOffice and save it again as .docx",
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_blank_text=False,
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise CspDraftError(
            f"the reference document's {what} is not well-formed XML ({exc})",
            hint="open it in Word or LibreOffice and save it again as .docx",
        ) from None


def to_xml(element: etree._Element) -> bytes:
    from lxml import etree

    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
