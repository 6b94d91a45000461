"""Starting a draft: a commented file with the sections its document kind has.

The file is written as text (not dumped from data) so that it carries comments that help
a person editing it by hand; it is checked as a draft before it is written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from csp_draft.drafts.read import parse_draft
from csp_draft.errors import CspDraftError, DiagnosticCollector, Location, UsageError
from csp_draft.fsio import atomic_write, file_lock
from csp_draft.i18n import is_known_language
from csp_draft.library.schema import LANGUAGE_CODE
from csp_draft.models.kinds import DocumentKind
from csp_draft.yamlio.located import load_yaml

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#:\[\]{},]*$")
_NOT_STRING = re.compile(
    r"^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE"
    r"|on|On|ON|off|Off|OFF|[-+]?[0-9][0-9_.:eExXoOa-fA-F+-]*|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN))$"
)
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
SLUG_LENGTH = 60


def scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that reads back as the same text, else quoted."""
    if _PLAIN.match(text) and not _NOT_STRING.match(text) and text == text.strip():
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def check_text(label: str, text: str) -> str:
    """Text from the command line: one line, no control characters."""
    if _UNPRINTABLE.search(text):
        raise UsageError(f"{label} contains a control character",
                         hint="type the text again; such characters are often pasted by accident")
    if not text.strip():
        raise UsageError(f"{label} is empty")
    return text.strip()


def parse_languages(text: str) -> tuple[str, ...]:
    """``en,ru`` as checked language codes, in order, each once."""
    codes = tuple(dict.fromkeys(code.strip() for code in text.split(",") if code.strip()))
    if not codes:
        raise UsageError("--lang names no language", hint="e.g. --lang en,ru")
    for code in codes:
        if not LANGUAGE_CODE.match(code) or not is_known_language(code):
            raise UsageError(f"'{code}' is not a language code",
                             hint="use codes such as en, ru, uk")
    return codes


def parse_date(text: str, label: str = "--date") -> dt.date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise UsageError(f"{label} '{text}' is not a date written YYYY-MM-DD",
                     hint="e.g. 2017-07-04")


def slugify(text: str) -> str:
    """A file name from a title: ASCII letters and digits joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > SLUG_LENGTH:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def default_path(folder: Path, kind: DocumentKind, title: str | None) -> Path:
    return folder / f"{slugify(title or '') or kind.name}.yaml"


def draft_text(
    kind: DocumentKind, *, title: str | None = None, event: str | None = None,
    place: str | None = None, date: dt.date | None = None,
    languages: Sequence[str] = ("en", "ru"), authors: Sequence[str] = (),
) -> str:
    """The text of a new draft of ``kind``, with a comment on each part."""
    label = kind.label.pick(languages[0], "en") or kind.name
    lines = [
        f"# {label}: a draft made with csp-draft. Change it with `csp-draft add-clause`,",
        "# `add-text`, `move`, `remove`, `set` and `sign`, or edit it by hand (comments stay).",
        "# `csp-draft show FILE` outlines it; `csp-draft check FILE` lists every problem.",
        f"kind: {kind.name}",
        "title: " + (scalar(title) if title else _localized_label(kind, languages)),
        _optional("event", event, "the event or forum, e.g. {en: ..., ru: ...}"),
        _optional("place", place, "city"),
        f"date: {date.isoformat()}" if date else "# date: YYYY-MM-DD",
        "languages: [" + ", ".join(languages) + "]  # the first is the default",
        "authors: [" + ", ".join(scalar(a) for a in authors) + "]" if authors
        else "# authors: [name of the coalition]",
        "# values: {country: Belarus}  # values every clause use may take",
        "sections:",
    ]
    first = True
    for plan in kind.sections:
        heading = plan.heading.pick(languages[0], "en") or plan.key
        notes = []
        if not plan.show_heading:
            notes.append("heading not shown")
        if plan.numbered:
            notes.append("numbered")
        if plan.bulleted:
            notes.append("bulleted")
        lines.append(f"  # {heading}" + (f" ({', '.join(notes)})" if notes else ""))
        if first:
            lines.append("  # Items: '- clause: ID' with 'values:' below it, or '- text: ...'.")
            first = False
        lines += [f"  {plan.key}:", "    items: []"]
    lines += [
        "# Organisations that endorse the document: `csp-draft sign FILE --org NAME --country C`",
        "signatories: []",
    ]
    return "\n".join(line for line in lines if line) + "\n"


def _optional(key: str, value: str | None, hint: str) -> str:
    return f"{key}: {scalar(value)}" if value else f"# {key}: {hint}"


def _localized_label(kind: DocumentKind, languages: Sequence[str]) -> str:
    labels = [(lang, kind.label[lang]) for lang in languages if lang in kind.label]
    if not labels:
        return scalar(kind.label.pick("en") or kind.name)
    return "{" + ", ".join(f"{lang}: {scalar(text)}" for lang, text in labels) + "}"


def check_new_draft(text: str, path: Path) -> None:
    """A new draft must read back as a draft; anything else is a bug."""
    diags = DiagnosticCollector()
    parse_draft(load_yaml(text, str(path)), path, diags)
    diags.raise_if_any()


def write_new_draft(path: Path, text: str, *, force: bool = False) -> None:
    """Write a new draft file; an existing file is replaced only with ``force``."""
    check_new_draft(text, path)
    if not path.parent.is_dir():
        raise CspDraftError("the folder does not exist", hint="create it first or give a path",
                            location=Location.of_file(path.parent))
    if path.is_dir():
        raise CspDraftError("is a folder", hint="give a file name",
                            location=Location.of_file(path))
    exists = CspDraftError("the file exists; it was not overwritten",
                           hint="give another path, or --force to replace it",
                           location=Location.of_file(path))
    if (path.exists() or path.is_symlink()) and not force:
        raise exists  # before the lock: a refusal creates nothing, not even a lock file
    with file_lock(path):
        if (path.exists() or path.is_symlink()) and not force:
            raise exists
        atomic_write(path, text)
