"""A user's .docx as the base of an export (``--reference-docx``), like pandoc's.

Kept from the reference: styles (ours are added where it lacks them, matched by name),
the final page set-up (w:sectPr) with its headers and footers, theme, fonts, settings,
numbering definitions. Dropped: the body and everything only the body used (images,
comments, its footnotes and endnotes, macros), its thumbnail and its document
properties, which may name people. Dropped too, from every part that stays: each
relationship that leaves the package (``TargetMode="External"``: a footer image fetched
from a web server, an ``attachedTemplate`` on a file share; Word would contact that
host whenever a member opens the export) or names a part the package does not hold
(``../../etc/passwd``), together with the XML that used it; :func:`links_left_out`
names them for the user. The file is read with size caps and parsed without DTDs or
entities.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from csp_draft.errors import CspDraftError, Location
from csp_draft.fsio import read_bytes
from csp_draft.markdown.parse import ParsedDocument
from csp_draft.writers.docx import template
from csp_draft.writers.docx.body import Content, render_content
from csp_draft.writers.docx.ooxml import (
    CT_DOCUMENT,
    CT_FOOTER,
    CT_FOOTNOTES,
    CT_NUMBERING,
    CT_SETTINGS,
    CT_STYLES,
    MAIN_CONTENT_TYPES,
    NS_DECLS,
    R_NS,
    RPR_ORDER,
    RT_CORE_PROPERTIES,
    RT_CUSTOM_PROPERTIES,
    RT_CUSTOM_XML,
    RT_ENDNOTES,
    RT_EXTENDED_PROPERTIES,
    RT_FONT_TABLE,
    RT_FOOTER,
    RT_FOOTNOTES,
    RT_GLOSSARY,
    RT_NUMBERING,
    RT_OFFICE_DOCUMENT,
    RT_SETTINGS,
    RT_STYLES,
    RT_THEME,
    RT_WEB_SETTINGS,
    SECTPR_ORDER,
    SETTINGS_ORDER,
    STRICT_OFFICE_DOCUMENT,
    W_NS,
    W,
    insert_in_order,
    local_name,
    parse_xml,
    to_xml,
)
from csp_draft.writers.docx.package import Package

MAX_REFERENCE_BYTES = 50 * 1024 * 1024
# Relationships of the main document that do not hang on body content; all others
# (images, hyperlinks, comments, macros ...) go once the body is replaced.
_KEEP_WITH_DOCUMENT = frozenset({
    RT_STYLES, RT_NUMBERING, RT_SETTINGS, RT_WEB_SETTINGS, RT_FONT_TABLE, RT_THEME,
    RT_FOOTNOTES, RT_ENDNOTES, RT_CUSTOM_XML, RT_GLOSSARY,
})
# Package relationships that stay (a thumbnail would show the reference's first page).
_KEEP_WITH_PACKAGE = frozenset({
    RT_OFFICE_DOCUMENT, RT_CORE_PROPERTIES, RT_EXTENDED_PROPERTIES, RT_CUSTOM_PROPERTIES,
})
_SPECIAL_NOTES = frozenset({"separator", "continuationSeparator", "continuationNotice"})
_BODY_MARK = "csp-draft-body"
_RESAVE = "open it in Word or LibreOffice and save it as a Word Document (.docx)"


# Elements that stand for a linked object as a whole: when their link goes, they go.
_LINK_HOLDERS = frozenset({"drawing", "pict", "object"})


def reference_package(
    path: Path, document: ParsedDocument, *, dropped: list[str] | None = None
) -> Package:
    """The reference document at ``path`` with its body replaced by ``document``; each
    link left out is described in ``dropped`` when a list is given."""
    try:
        package, main = _open(path)
        merge = _Merge(package, main, document, path)
        merge.run()
    except CspDraftError as exc:
        if exc.location is None:  # say which file the problem is in
            exc.location = Location.of_file(path)
        raise
    if dropped is not None:
        dropped.extend(merge.dropped)
    return package


def links_left_out(path: Path) -> list[str]:
    """What an export based on the reference document at ``path`` leaves out because it
    points outside the package: one description per link (part, type and target)."""
    dropped: list[str] = []
    reference_package(path, ParsedDocument(meta={}, tokens=[]), dropped=dropped)
    return dropped


def _open(path: Path) -> tuple[Package, str]:
    label = "the reference document"
    where = Location.of_file(path)
    package = Package.from_zip(read_bytes(path, limit=MAX_REFERENCE_BYTES), label)
    main = package.related("", RT_OFFICE_DOCUMENT)
    if main is None:
        if any(rel.rel_type == STRICT_OFFICE_DOCUMENT for rel in package.rels("")):
            raise CspDraftError(
                f"{label} is saved as 'Strict Open XML', which csp-draft cannot use",
                hint=_RESAVE, location=where,
            )
        raise CspDraftError(f"{label} is not a Word document", hint=_RESAVE, location=where)
    if main not in package.parts or package.content_type(main) not in MAIN_CONTENT_TYPES:
        raise CspDraftError(
            f"{label} is not a Word document (its main part is {package.content_type(main)!r})",
            hint=_RESAVE, location=where,
        )
    package.overrides[main] = CT_DOCUMENT  # a template (.dotx, .dotm) becomes a document
    return package, main


class _Merge:
    def __init__(self, package: Package, main: str, document: ParsedDocument, path: Path):
        self.package = package
        self.main = main
        self.document = document
        self.where = Location.of_file(path)
        self.dropped: list[str] = []

    def run(self) -> None:
        root = self._parse(self.main, "document.xml")
        body = root.find(f"{W}body")
        if body is None:
            raise CspDraftError(
                "the reference document has no body", hint=_RESAVE, location=self.where
            )
        sect = _keep_final_section(body)
        styles = self._styles()
        numbering_root = self._existing(RT_NUMBERING, "numbering.xml")
        notes_root = self._existing(RT_FOOTNOTES, "footnotes.xml")
        if notes_root is not None:
            _strip_notes(notes_root, "footnote")
        self._ensure_footer(sect, styles["footer"])
        self._drop_unused_rels(root)
        self._drop_outside_links(root)
        notes_part = self.package.related(self.main, RT_FOOTNOTES)

        content = render_content(
            self.document, styles, text_width=_text_width(sect),
            first_abstract_id=_max_id(numbering_root, "abstractNum", "abstractNumId") + 1,
            first_num_id=_max_id(numbering_root, "num", "numId") + 1,
            first_footnote_id=max(_max_id(notes_root, "footnote", "id"), 0) + 1,
            body_rel_ids={rel.rel_id for rel in self.package.rels(self.main)},
        )
        self.package.add_hyperlinks(self.main, content.body_links.links)
        self._write_body(root, content.body)
        self._write_numbering(numbering_root, content)
        self._write_footnotes(notes_root, notes_part, content)
        self._clean_endnotes()

    # -- document -----------------------------------------------------------------------
    def _write_body(self, root: etree._Element, body_xml: str) -> None:
        """Serialise the skeleton once and splice the body text in before the sectPr."""
        root = _with_prefixes(root)
        body = root.find(f"{W}body")
        assert body is not None
        body.insert(0, etree.Comment(_BODY_MARK))
        head, tail = to_xml(root).split(f"<!--{_BODY_MARK}-->".encode(), 1)
        self.package.parts[self.main] = head + body_xml.encode("utf-8") + tail

    def _drop_unused_rels(self, root: etree._Element) -> None:
        """Keep the relationships the remaining XML (header/footer references) still uses."""
        used = {
            value
            for element in root.iter()
            for name, value in element.attrib.items()
            if name.startswith(f"{{{R_NS}}}")
        }
        self.package.drop_rels(
            self.main,
            {
                rel.rel_id
                for rel in self.package.rels(self.main)
                if rel.rel_id in used or rel.rel_type in _KEEP_WITH_DOCUMENT
            },
        )
        self.package.drop_rels(
            "",
            {rel.rel_id for rel in self.package.rels("") if rel.rel_type in _KEEP_WITH_PACKAGE},
        )

    def _drop_outside_links(self, root: etree._Element) -> None:
        """Drop every relationship of a kept part that leaves the package or names a part
        it does not hold, and the elements that use it (a linked image goes whole, a
        hyperlink keeps its text, ``w:attachedTemplate`` goes)."""
        for source in [self.main, *self.package.reachable()]:
            bad = {}
            for rel in self.package.rels(source):
                if rel.external or self.package.target(source, rel) not in self.package.parts:
                    bad[rel.rel_id] = rel
            if not bad:
                continue
            self.package.drop_rels(
                source, {rel.rel_id for rel in self.package.rels(source)} - set(bad))
            for rel in bad.values():
                kind = rel.rel_type.rsplit("/", 1)[-1]
                self.dropped.append(f"the {kind} {rel.target!r} of {source}")
            if source == self.main:
                _remove_users(root, set(bad))
            elif source.endswith(".xml") or self.package.content_type(source).endswith("xml"):
                part = self._parse(source, posixpath.basename(source))
                if _remove_users(part, set(bad)):
                    self.package.parts[source] = to_xml(part)

    def _ensure_footer(self, sect: etree._Element, footer_style: str) -> None:
        """Add a centred page number unless the page set-up has a footer of its own."""
        for reference in sect.iterfind(f"{W}footerReference"):
            if reference.get(f"{W}type", "default") == "default":
                return
        name = self.package.free_name("word/footer{}.xml")
        self.package.add_part(name, template.footer_part(footer_style), CT_FOOTER)
        rel_id = self.package.relate(
            self.main, RT_FOOTER, posixpath.relpath(name, posixpath.dirname(self.main))
        )
        reference = etree.Element(f"{W}footerReference", nsmap={"w": W_NS, "r": R_NS})
        reference.set(f"{W}type", "default")
        reference.set(f"{{{R_NS}}}id", rel_id)
        # Header and footer references come first, in any order among themselves.
        later = set(SECTPR_ORDER[2:])
        for child in sect:
            if local_name(child) in later:
                child.addprevious(reference)
                break
        else:
            sect.append(reference)

    # -- styles -------------------------------------------------------------------------
    def _styles(self) -> dict[str, str]:
        """Style ids by role, matched by name; missing styles are added from the template."""
        name = self._part(RT_STYLES, "styles.xml", template.styles_part, CT_STYLES)
        root = self._parse(name, "styles.xml")
        by_name: dict[tuple[str, str], str] = {}
        taken: set[str] = set()
        default_paragraph = None
        for style in root.iterfind(f"{W}style"):
            style_id = style.get(f"{W}styleId", "")
            kind = style.get(f"{W}type", "paragraph")
            taken.add(style_id)
            name_element = style.find(f"{W}name")
            if name_element is not None:
                by_name.setdefault((kind, name_element.get(f"{W}val", "").lower()), style_id)
            if kind == "paragraph" and style.get(f"{W}default") in ("1", "true", "on"):
                default_paragraph = style_id
        ids: dict[str, str] = {}
        missing = []
        for style in template.STYLE_DEFS:
            found = by_name.get((style.kind, style.name.lower()))
            if style.role == "normal" and default_paragraph:
                found = default_paragraph
            if found:
                ids[style.role] = found
                continue
            style_id = style.style_id
            while style_id in taken:
                style_id += "Csp"
            taken.add(style_id)
            ids[style.role] = style_id
            missing.append(style)
        for style in missing:
            root.extend(_fragment(template.style_xml(style, ids[style.role], ids)))
        self._set_language(root)
        self.package.parts[name] = to_xml(root)
        return ids

    def _set_language(self, styles: etree._Element) -> None:
        """The draft's language on the default run properties (proofing, hyphenation)."""
        if not self.document.lang:
            return
        defaults = styles.find(f"{W}docDefaults")
        if defaults is None:
            defaults = etree.Element(f"{W}docDefaults")
            styles.insert(0, defaults)
        rpr_default = defaults.find(f"{W}rPrDefault")
        if rpr_default is None:
            rpr_default = etree.Element(f"{W}rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(f"{W}rPr")
        if rpr is None:
            rpr = etree.SubElement(rpr_default, f"{W}rPr")
        lang = rpr.find(f"{W}lang")
        if lang is None:
            lang = insert_in_order(rpr, etree.Element(f"{W}lang"), RPR_ORDER)
        lang.set(f"{W}val", template.word_lang(self.document.lang))

    # -- numbering and notes ------------------------------------------------------------
    def _write_numbering(self, root: etree._Element | None, content: Content) -> None:
        numbering = content.numbering
        if not numbering.nums:
            return
        if root is None:
            name = self._part(RT_NUMBERING, "numbering.xml", template.numbering_part, CT_NUMBERING)
            root = self._parse(name, "numbering.xml")
        else:
            name = self.package.related(self.main, RT_NUMBERING) or ""
        anchor = root.find(f"{W}num")  # every w:abstractNum comes before the first w:num
        for element in _fragment(numbering.abstract_nums_xml()):
            if anchor is not None:
                anchor.addprevious(element)
            else:
                root.append(element)
        cleanup = root.find(f"{W}numIdMacAtCleanup")  # the schema puts this one last
        for element in _fragment(numbering.nums_xml()):
            if cleanup is not None:
                cleanup.addprevious(element)
            else:
                root.append(element)
        self.package.parts[name] = to_xml(root)

    def _write_footnotes(
        self, root: etree._Element | None, name: str | None, content: Content
    ) -> None:
        if root is None or name is None:
            if not content.notes:
                return
            name = posixpath.join(posixpath.dirname(self.main), "footnotes.xml")
            name = name if name not in self.package.parts else self.package.free_name(
                "word/footnotes{}.xml"
            )
            self.package.add_part(name, template.footnotes_part(content.notes), CT_FOOTNOTES)
            self.package.relate(
                self.main, RT_FOOTNOTES, posixpath.relpath(name, posixpath.dirname(self.main))
            )
            separators: tuple[str, ...] = ("-1", "0")
        else:
            separators = _separator_ids(root)
            if not separators:  # a notes part without Word's separators: add them
                for element in reversed(_fragment(template.footnote_separators())):
                    root.insert(0, element)
                separators = ("-1", "0")
            root.extend(_fragment(content.notes))
            self.package.parts[name] = to_xml(root)
            self.package.drop_rels(name, set())  # only the old notes used them
        self.package.add_hyperlinks(name, content.note_links.links)
        if content.notes:
            self._ensure_footnote_settings(separators)

    def _ensure_footnote_settings(self, separators: tuple[str, ...]) -> None:
        name = self._part(RT_SETTINGS, "settings.xml", template.settings_part, CT_SETTINGS)
        root = self._parse(name, "settings.xml")
        if root.find(f"{W}footnotePr") is None:
            insert_in_order(root, _fragment(template.footnote_pr(separators))[0], SETTINGS_ORDER)
            self.package.parts[name] = to_xml(root)

    def _clean_endnotes(self) -> None:
        """The reference's endnotes belonged to its old body; keep only the separators."""
        root = self._existing(RT_ENDNOTES, "endnotes.xml")
        name = self.package.related(self.main, RT_ENDNOTES)
        if root is None or name is None:
            return
        _strip_notes(root, "endnote")
        self.package.parts[name] = to_xml(root)
        self.package.drop_rels(name, set())

    # -- helpers ------------------------------------------------------------------------
    def _parse(self, name: str, what: str) -> etree._Element:
        return parse_xml(self.package.parts[name], what)

    def _existing(self, rel_type: str, what: str) -> etree._Element | None:
        name = self.package.related(self.main, rel_type)
        if name is None or name not in self.package.parts:
            return None
        return self._parse(name, what)

    def _part(
        self, rel_type: str, file_name: str, make: Callable[[], bytes], content_type: str
    ) -> str:
        """The part related to the main document by ``rel_type``, created if missing."""
        name = self.package.related(self.main, rel_type)
        if name is not None and name in self.package.parts:
            return name
        name = posixpath.join(posixpath.dirname(self.main), file_name)
        self.package.add_part(name, make(), content_type)
        self.package.relate(self.main, rel_type, file_name)
        return name


def _remove_users(root: etree._Element, rel_ids: set[str]) -> bool:
    """Remove the elements of ``root`` that refer to one of ``rel_ids``; whether any was."""
    users = [
        element for element in root.iter()
        if isinstance(element.tag, str) and any(
            name.startswith(f"{{{R_NS}}}") and value in rel_ids
            for name, value in element.attrib.items())
    ]
    for element in users:
        holder = element
        while holder is not None and local_name(holder) not in _LINK_HOLDERS:
            holder = holder.getparent()
        target = holder if holder is not None else element
        parent = target.getparent()
        if parent is None:
            continue  # already removed with an ancestor, or the root itself
        if target is element and local_name(element) == "hyperlink":
            for child in list(element):  # keep the text, drop the address
                element.addprevious(child)
        parent.remove(target)
    return bool(users)


def _keep_final_section(body: etree._Element) -> etree._Element:
    """Empty the body but keep its last w:sectPr (the page set-up); add ours if none."""
    last = body[-1] if len(body) else None
    sect = last if last is not None and last.tag == f"{W}sectPr" else None
    for child in list(body):
        if child is not sect:
            body.remove(child)
    if sect is None:
        sect = parse_xml(template.document_part(), "template").find(f"{W}body/{W}sectPr")
        assert sect is not None
        body.append(sect)
    return sect


def _text_width(sect: etree._Element) -> int:
    size = sect.find(f"{W}pgSz")
    margins = sect.find(f"{W}pgMar")
    if size is None or margins is None:
        return template.TEXT_WIDTH
    width = (
        _int(size.get(f"{W}w"))
        - _int(margins.get(f"{W}left"))
        - _int(margins.get(f"{W}right"))
        - _int(margins.get(f"{W}gutter"))
    )
    return width if width > 1000 else template.TEXT_WIDTH


def _strip_notes(root: etree._Element, tag: str) -> None:
    for note in list(root):
        if note.tag == f"{W}{tag}" and note.get(f"{W}type") not in _SPECIAL_NOTES:
            root.remove(note)


def _separator_ids(root: etree._Element) -> tuple[str, ...]:
    ids = []
    for kind in ("separator", "continuationSeparator"):
        for note in root:
            if note.get(f"{W}type") == kind:
                ids.append(note.get(f"{W}id", ""))
                break
    return tuple(ids)


def _max_id(root: etree._Element | None, tag: str, attribute: str) -> int:
    if root is None:
        return 0
    return max((_int(element.get(f"{W}{attribute}")) for element in root.iterfind(f"{W}{tag}")),
               default=0)


def _with_prefixes(root: etree._Element) -> etree._Element:
    """The body text uses the w: and r: prefixes; make sure the root declares them."""
    if root.nsmap.get("w") == W_NS and root.nsmap.get("r") == R_NS:
        return root
    fresh = etree.Element(root.tag, attrib=dict(root.attrib), nsmap={**root.nsmap, "w": W_NS,
                                                                        "r": R_NS})
    fresh.extend(list(root))
    return fresh


def _fragment(xml: str) -> list[etree._Element]:
    if not xml:
        return []
    return list(etree.fromstring(f"<w:wrapper {NS_DECLS}>{xml}</w:wrapper>".encode()))


def _int(value: str | None) -> int:
    try:
        return int(float(value)) if value else 0
    except ValueError:
        return 0
