"""Markdown -> .docx: real styles, list numbering, footnotes and hyperlinks.

Without a reference document the package is written from csp-draft's own template
(``_docx_template``) as text, which keeps a short export fast; with ``reference_docx``
the user's document is the base (``_docx_reference``): its styles, page set-up, header
and footer stay, its body is replaced by the draft, as with pandoc's --reference-doc.

Two exports of one draft are byte-identical: created/modified come from
SOURCE_DATE_EPOCH or the front-matter date, and the zip entries carry that same time.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from csp_draft.errors import CspDraftError
from csp_draft.fsio import atomic_write
from csp_draft.markdown.parse import ParsedDocument, parse_document
from csp_draft.writers.docx import template
from csp_draft.writers.docx.body import Revisions, render_content
from csp_draft.writers.docx.ooxml import (
    CT_APP,
    CT_CORE,
    CT_CUSTOM,
    CT_DOCUMENT,
    CT_FONT_TABLE,
    CT_FOOTER,
    CT_FOOTNOTES,
    CT_NUMBERING,
    CT_SETTINGS,
    CT_STYLES,
    RT_CORE_PROPERTIES,
    RT_CUSTOM_PROPERTIES,
    RT_EXTENDED_PROPERTIES,
    RT_FONT_TABLE,
    RT_FOOTER,
    RT_FOOTNOTES,
    RT_NUMBERING,
    RT_OFFICE_DOCUMENT,
    RT_SETTINGS,
    RT_STYLES,
    XML_HEADER,
    esc,
)
from csp_draft.writers.docx.package import Package, Rel

_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one format id Word uses


def write_docx(markdown_text: str, out_path: Path, *, reference_docx: Path | None = None,
               custom: dict[str, str] | None = None, public: bool = False) -> None:
    """Write ``markdown_text`` as a Word document at ``out_path`` (atomically)."""
    atomic_write(out_path, build_docx(markdown_text, reference_docx=reference_docx,
                                      custom=custom, public=public))


def build_docx(markdown_text: str, *, reference_docx: Path | None = None,
               custom: dict[str, str] | None = None, public: bool = False) -> bytes:
    """The .docx bytes for ``markdown_text``; see the module docstring.

    ``custom`` becomes custom document properties (name -> text), as a traceable export
    names its draft and rendered version (:mod:`csp_draft.markdown.trace`); ``public``
    cleans the file for publication (:mod:`csp_draft.writers.docx.public`).
    """
    return docx_bytes(parse_document(markdown_text), reference_docx=reference_docx,
                      custom=custom, public=public)


def docx_bytes(
    document: ParsedDocument, *, reference_docx: Path | None = None,
    revisions: Revisions | None = None, properties: ParsedDocument | None = None,
    custom: dict[str, str] | None = None, public: bool = False,
) -> bytes:
    """The .docx bytes for a parsed document.

    ``revisions`` writes the tracked changes the tokens carry (template package only);
    ``properties`` is the document whose front matter fills the core properties, when
    it is not ``document`` itself (a redline: the new version's).
    """
    if revisions is not None and reference_docx is not None:
        raise ValueError("tracked changes are written on csp-draft's own template only")
    properties = properties if properties is not None else document
    stamp = document_timestamp(properties)
    if reference_docx is None:
        package = _template_package(document, revisions)
    else:
        from csp_draft.writers.docx.reference import reference_package

        package = reference_package(Path(reference_docx), document)
    _write_properties(package, properties, stamp)
    if public:
        from csp_draft.writers.docx.public import scrub_for_publication

        scrub_for_publication(package)
    elif custom:
        _write_custom_properties(package, custom)
    year = min(max(stamp.year, 1980), 2107)  # the years a zip entry can hold
    return package.to_zip((year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second))


def document_timestamp(document: ParsedDocument) -> dt.datetime:
    """SOURCE_DATE_EPOCH if set, else the front-matter date, else now (UTC, whole seconds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise CspDraftError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970",
                hint="unset it or give an integer such as 1767225600",
            ) from None
    value = document.meta.get("date")
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, str) and value.strip():
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise CspDraftError(
                f"front matter: date {value!r} is not a date", hint="write it as YYYY-MM-DD"
            ) from None
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _template_package(document: ParsedDocument, revisions: Revisions | None = None) -> Package:
    """The whole package from csp-draft's template; no XML parsing needed."""
    main = "word/document.xml"
    style_ids = template.TEMPLATE_STYLE_IDS
    content = render_content(
        document, style_ids, text_width=template.TEXT_WIDTH,
        body_rel_ids=frozenset({"rId1", "rId2", "rId3", "rId4", "rId5", "rId6"}),
        revisions=revisions,
    )
    parts = {
        main: (template.document_part(content.body, footer_rel_id="rId4"), CT_DOCUMENT),
        "word/styles.xml": (template.styles_part(document.lang), CT_STYLES),
        "word/settings.xml": (template.settings_part(footnotes=bool(content.notes)), CT_SETTINGS),
        "word/fontTable.xml": (template.font_table_part(), CT_FONT_TABLE),
        "word/footer1.xml": (template.footer_part(style_ids["footer"]), CT_FOOTER),
    }
    rels = [
        Rel("rId1", RT_STYLES, "styles.xml"),
        Rel("rId2", RT_SETTINGS, "settings.xml"),
        Rel("rId3", RT_FONT_TABLE, "fontTable.xml"),
        Rel("rId4", RT_FOOTER, "footer1.xml"),
    ]
    definitions = content.numbering.abstract_nums_xml() + content.numbering.nums_xml()
    if definitions:
        parts["word/numbering.xml"] = (template.numbering_part(definitions), CT_NUMBERING)
        rels.append(Rel("rId5", RT_NUMBERING, "numbering.xml"))
    if content.notes:
        parts["word/footnotes.xml"] = (template.footnotes_part(content.notes), CT_FOOTNOTES)
        rels.append(Rel("rId6", RT_FOOTNOTES, "footnotes.xml"))
    package = Package.from_parts(parts, [Rel("rId1", RT_OFFICE_DOCUMENT, main)])
    package.rels(main).extend(rels)
    package.add_hyperlinks(main, content.body_links.links)
    if content.notes:
        package.add_hyperlinks("word/footnotes.xml", content.note_links.links)
    return package


def _write_properties(package: Package, document: ParsedDocument, stamp: dt.datetime) -> None:
    """Core and app properties come from the draft alone, never from a reference document."""
    core = template.core_part(
        title=document.text("title"),
        subject=document.text("subject"),
        author=document.text("author"),
        keywords=document.text("keywords"),
        language=document.lang,
        stamp=stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    for rel_type, default, data, content_type in (
        (RT_CORE_PROPERTIES, "docProps/core.xml", core, CT_CORE),
        (RT_EXTENDED_PROPERTIES, "docProps/app.xml", template.app_part(), CT_APP),
    ):
        name = package.related("", rel_type) or default
        package.add_part(name, data, content_type)
        package.relate("", rel_type, name)


def _write_custom_properties(package: Package, custom: dict[str, str]) -> None:
    """docProps/custom.xml with one text property per entry; a reference document's own
    custom properties stay (those of the same names are replaced)."""
    name = package.related("", RT_CUSTOM_PROPERTIES) or "docProps/custom.xml"
    entries = []
    if name in package.parts:
        from lxml import etree

        from csp_draft.writers.docx.ooxml import parse_xml

        root = parse_xml(package.parts[name], name)
        for prop in root:
            if isinstance(prop.tag, str) and prop.get("name") not in custom:
                prop.set("pid", str(2 + len(entries)))  # pids count from 2, as Word's
                entries.append(etree.tostring(prop, encoding="unicode"))
    kept = len(entries)
    entries += [
        f'<property fmtid="{_CUSTOM_FMTID}" pid="{pid}" name="{esc(key)}">'
        f"<vt:lpwstr>{esc(value)}</vt:lpwstr></property>"
        for pid, (key, value) in enumerate(custom.items(), 2 + kept)
    ]
    data = (f'{XML_HEADER}<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">'
            f'{"".join(entries)}</Properties>').encode()
    package.add_part(name, data, CT_CUSTOM)
    package.relate("", RT_CUSTOM_PROPERTIES, name)
