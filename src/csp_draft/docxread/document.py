"""The body of a .docx as paragraphs: text with every tracked change accepted and with
every one rejected, the changes themselves (author, date), bookmarks, comment anchors and
formatting-only changes; and the comments. Read with lxml from :mod:`.package`, which has
already refused anything hostile.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from csp_draft.docxread.package import DocxPackage

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
# Where the text of a run is: in the accepted version, the rejected one, or both.
_INSERTED = {W + "ins", W + "moveTo"}
_DELETED = {W + "del", W + "moveFrom"}


@dataclass
class Change:
    kind: str  # insert, delete, move-from, move-to, format
    author: str
    date: str
    text: str


@dataclass
class Paragraph:
    style: str
    accepted: str = ""
    original: str = ""
    bookmarks: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # ids anchored here
    mark_inserted: bool = False
    mark_deleted: bool = False

    @property
    def heading(self) -> bool:
        return self.style.lower().startswith("heading")


@dataclass
class Comment:
    id: str
    author: str
    date: str
    text: str
    parent: str | None = None  # the comment this one replies to
    replies: list[Comment] = field(default_factory=list)


@dataclass
class ReadDocument:
    paragraphs: list[Paragraph]
    comments: dict[str, Comment]
    properties: dict[str, str]
    notices: list[str]  # altChunk, fields: reported, never followed


def read_document(package: DocxPackage) -> ReadDocument:
    root = package.xml("word/document.xml")
    assert root is not None
    body = root.find(W + "body")
    notices: list[str] = []
    paragraphs = [] if body is None else [
        _paragraph(p) for p in body.iter(W + "p")
        if not any(a.tag in (W + "footnote", W + "comment") for a in p.iterancestors())]
    if body is not None:
        chunks = sum(1 for _ in body.iter(W + "altChunk"))
        if chunks:
            notices.append(f"{chunks} embedded foreign document(s) (altChunk) were not read")
        fields = sum(1 for _ in body.iter(W + "fldSimple", W + "instrText"))
        if fields:
            notices.append(f"{fields} field(s) were read as their shown text")
    return ReadDocument(paragraphs, _comments(package), _custom(package), notices)


def _paragraph(p: etree._Element) -> Paragraph:
    style = p.find(f"{W}pPr/{W}pStyle")
    para = Paragraph(style.get(W + "val", "") if style is not None else "")
    mark = p.find(f"{W}pPr/{W}rPr")
    if mark is not None:
        for child in mark:
            if child.tag in _INSERTED:
                para.mark_inserted = True
            elif child.tag in _DELETED:
                para.mark_deleted = True
    accepted: list[str] = []
    original: list[str] = []
    for element in p.iter(W + "t", W + "delText", W + "tab", W + "br", W + "bookmarkStart",
                          W + "commentRangeStart", W + "commentReference", W + "rPrChange",
                          W + "pPrChange"):
        tag = element.tag
        if tag == W + "bookmarkStart":
            para.bookmarks.append(element.get(W + "name", ""))
            continue
        if tag in (W + "commentRangeStart", W + "commentReference"):
            comment_id = element.get(W + "id", "")
            if comment_id not in para.comments:
                para.comments.append(comment_id)
            continue
        if tag in (W + "rPrChange", W + "pPrChange"):
            para.changes.append(Change("format", element.get(W + "author", ""),
                                       element.get(W + "date", ""), ""))
            continue
        text = element.text or "" if tag in (W + "t", W + "delText") else (
            "\t" if tag == W + "tab" else "\n")
        revision = _revision(element, p)
        if revision is None:
            accepted.append(text)
            original.append(text)
            continue
        kind = {W + "ins": "insert", W + "del": "delete", W + "moveFrom": "move-from",
                W + "moveTo": "move-to"}[revision.tag]
        if revision.tag in _INSERTED:
            accepted.append(text)
        else:
            original.append(text)
        last = para.changes[-1] if para.changes else None
        if last is not None and last.kind == kind and getattr(last, "_element", None) is revision:
            last.text += text
        else:
            change = Change(kind, revision.get(W + "author", ""), revision.get(W + "date", ""),
                            text)
            change._element = revision  # type: ignore[attr-defined]
            para.changes.append(change)
    para.accepted = "".join(accepted)
    para.original = "".join(original)
    for change in para.changes:
        change.__dict__.pop("_element", None)
    return para


def _revision(element: etree._Element, stop: etree._Element) -> etree._Element | None:
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return None
        if ancestor.tag in _INSERTED or ancestor.tag in _DELETED:
            return ancestor
    return None


def _comments(package: DocxPackage) -> dict[str, Comment]:
    root = package.xml("word/comments.xml")
    found: dict[str, Comment] = {}
    if root is None:
        return found
    by_paragraph: dict[str, str] = {}  # w14:paraId of a comment's last paragraph -> its id
    for comment in root.iter(W + "comment"):
        paragraphs = list(comment.iter(W + "p"))
        text = "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in paragraphs)
        comment_id = comment.get(W + "id", "")
        found[comment_id] = Comment(comment_id, comment.get(W + "author", ""),
                                    comment.get(W + "date", ""), text.strip())
        if paragraphs and paragraphs[-1].get(_W14 + "paraId"):
            by_paragraph[paragraphs[-1].get(_W14 + "paraId", "")] = comment_id
    extended = package.xml("word/commentsExtended.xml")
    if extended is not None:  # replies (Word 2013 and later, LibreOffice 7.2 and later)
        for entry in extended.iter(_W15 + "commentEx"):
            child = by_paragraph.get(entry.get(_W15 + "paraId", ""))
            parent = by_paragraph.get(entry.get(_W15 + "paraIdParent", ""))
            if child is not None and parent is not None and child != parent:
                found[child].parent = parent
                found[parent].replies.append(found[child])
    return found


def _custom(package: DocxPackage) -> dict[str, str]:
    root = package.xml("docProps/custom.xml")
    if root is None:
        return {}
    return {prop.get("name", ""): "".join(prop.itertext())
            for prop in root.iter(_CUSTOM + "property")}
