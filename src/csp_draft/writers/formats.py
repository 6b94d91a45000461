"""Writers: the one rendered Markdown text -> .md, .docx, .html or .pdf.

Each writer is imported only when its format is asked for, so exporting Markdown or
HTML never loads the DOCX machinery, and a short export starts quickly.
"""

from __future__ import annotations

from pathlib import Path

from csp_draft.errors import UsageError

FORMATS = ("md", "docx", "html", "pdf")


def write_output(
    markdown_text: str, fmt: str, out_path: Path, *, reference_docx: Path | None = None,
    custom: dict[str, str] | None = None, public: bool = False,
) -> None:
    """Write ``markdown_text`` to ``out_path`` in format ``fmt`` (md, docx, html or pdf).

    ``reference_docx`` (styles, page set-up, header and footer) applies to docx and pdf
    and is ignored by the other formats; so is ``custom`` (custom document properties of a
    traceable DOCX). ``public`` cleans a DOCX (and the DOCX a PDF is made from) for
    publication: no revision ids, hidden text, bookmarks, comments or custom properties.
    Item markers (:mod:`csp_draft.markdown.trace`) become bookmarks in a
    DOCX and are dropped from every other format. Problems the user can fix raise CspDraftError.
    """
    kind = fmt.strip().lower().lstrip(".")
    out_path = Path(out_path)
    if kind != "docx":
        from csp_draft.markdown.trace import strip_markers

        markdown_text = strip_markers(markdown_text)
    if kind == "md":
        from csp_draft.writers.md import write_markdown

        write_markdown(markdown_text, out_path)
    elif kind == "docx":
        from csp_draft.writers.docx.write import write_docx

        write_docx(markdown_text, out_path, reference_docx=reference_docx, custom=custom,
                   public=public)
    elif kind == "html":
        from csp_draft.writers.html import write_html

        write_html(markdown_text, out_path)
    elif kind == "pdf":
        from csp_draft.writers.pdf import write_pdf

        write_pdf(markdown_text, out_path, reference_docx=reference_docx, public=public)
    else:
        raise UsageError(
            f"unknown output format {fmt!r}", hint=f"choose one of {', '.join(FORMATS)}"
        )
