"""A DOCX for publication (``export --public``): what Word keeps besides the text, removed.

The render of a public export already names no author and carries no item markers; this
pass also cleans what a reference document may bring in its headers, footers, styles and
settings: revision-session ids (``w:rsid*`` attributes and the ``w:rsids`` list), hidden
text (runs marked ``w:vanish``), bookmarks, comments and their anchors, custom document
properties (csp-draft's own draft, version and language, and any of the reference's), and
custom XML. The core properties keep the title, subject, keywords, language and dates.
"""

from __future__ import annotations

from lxml import etree

from csp_draft.writers.docx.ooxml import (
    RT_CUSTOM_PROPERTIES,
    RT_CUSTOM_XML,
    W_NS,
    W,
    parse_xml,
)
from csp_draft.writers.docx.package import Package

_COMMENT_TYPES = ("comments", "commentsExtended", "commentsIds", "commentsExtensible",
                  "people")
_DROPPED_ELEMENTS = {W + name for name in ("bookmarkStart", "bookmarkEnd", "commentRangeStart",
                                           "commentRangeEnd", "commentReference", "rsids",
                                           "proofErr")}


def scrub_for_publication(package: Package) -> None:
    """Remove from ``package`` what a published file must not carry (see the module)."""
    for source in ["", *list(package.parts)]:
        keep = {rel.rel_id for rel in package.rels(source)
                if rel.rel_type not in (RT_CUSTOM_PROPERTIES, RT_CUSTOM_XML)
                and rel.rel_type.rsplit("/", 1)[-1] not in _COMMENT_TYPES}
        package.drop_rels(source, keep)
    for name in list(package.parts):
        if name.startswith("word/") and name.endswith(".xml"):
            package.parts[name] = _scrubbed(package.parts[name], name)


def _scrubbed(data: bytes, name: str) -> bytes:
    if W_NS.encode() not in data:
        return data
    root = parse_xml(data, name)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        for attribute in list(element.attrib):
            if attribute.startswith(W + "rsid"):
                del element.attrib[attribute]
    for element in [e for e in root.iter() if e.tag in _DROPPED_ELEMENTS]:
        _remove(element)
    for vanish in list(root.iter(W + "vanish")):
        properties = vanish.getparent()
        holder = properties.getparent() if properties is not None else None
        if holder is not None and holder.tag == W + "r":
            _remove(holder)  # a hidden run: its text goes with it
        elif properties is not None:
            properties.remove(vanish)  # a style or paragraph mark: shown from now on
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:  # keep text that followed it (never the case in WordprocessingML)
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
