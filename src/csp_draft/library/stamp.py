"""Writing a clause's ``synced:`` record: its languages recorded as in step.

The file is changed the way drafts are (``yamlio/roundtrip.py``): under a lock, through
ruamel with a three-way merge, so that every line but the record stays byte for byte as it
was; a new record is the file's last field, on one line (``synced: {en: ..., ru: ...}``).
The result is read again as a clause and must be the same clause with the new record, or
nothing is written.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from csp_draft.errors import (
    CspDraftError,
    Diagnostic,
    DiagnosticCollector,
    Location,
    ValidationFailed,
)
from csp_draft.fsio import atomic_write, file_lock, read_bytes
from csp_draft.library.sync import clause_stamps, is_tracked
from csp_draft.models.data import Clause
from csp_draft.yamlio.roundtrip import (
    TextFile,
    dump_roundtrip,
    load_roundtrip,
    make_yaml,
    merge_edit,
)


def stamp_clause_file(path: Path, languages: tuple[str, ...], library: str = ""
                      ) -> tuple[Clause, bool]:
    """Record the clause in ``path`` as in step in every language it has; (the clause,
    whether the file changed). A clause with errors or in one language is refused."""
    from csp_draft.library.load import MAX_CLAUSE_BYTES

    with file_lock(path):
        before = read_bytes(path, limit=MAX_CLAUSE_BYTES)
        clause = _read(path, languages, library)
        if not is_tracked(clause):
            raise CspDraftError(f"the clause '{clause.id}' is written in one language only, "
                                "so it has no translation to keep in step",
                                location=Location.of_file(path))
        stamps = clause_stamps(clause)
        if clause.synced == stamps:
            return clause, False
        file = TextFile.decode(before, str(path))
        rt = make_yaml(file.text)
        data = load_roundtrip(rt, file.text, str(path))
        base = dump_roundtrip(rt, data)
        record = data.get("synced")
        if not isinstance(record, CommentedMap):
            record = CommentedMap()
            record.fa.set_flow_style()
        for lang in list(record):
            if lang not in stamps:
                del record[lang]
        for lang, stamp in stamps.items():
            record[lang] = stamp
        if "synced" not in data:
            data["synced"] = record
        text = merge_edit(file, base, dump_roundtrip(rt, data), str(path))
        stamped = _parse(text, path, languages, library)
        if stamped is None or replace(stamped, synced_line=0, synced={}) != replace(
                clause, synced_line=0, synced={}) or stamped.synced != stamps:
            raise ValidationFailed([Diagnostic(
                Location.of_file(path), "internal error: the record would change the clause, "
                "so nothing was written", "please report it")])
        if read_bytes(path, limit=MAX_CLAUSE_BYTES) != before:
            raise CspDraftError(
                "the file changed on disk while the command ran (saved in an editor?); "
                "nothing was written", hint="run the command again",
                location=Location.of_file(path))
        atomic_write(path, file.encode(text))
    return stamped, True


def _parse(text: str, path: Path, languages: tuple[str, ...], library: str) -> Clause | None:
    from csp_draft.library.schema import load_clause
    from csp_draft.yamlio.located import load_yaml

    diags = DiagnosticCollector()
    try:
        root = load_yaml(text, str(path))
    except CspDraftError:
        return None
    clause = load_clause(root, path, diags, languages=languages, library=library)
    return None if diags.errors else clause


def _read(path: Path, languages: tuple[str, ...], library: str) -> Clause:
    from csp_draft.library.load import read_clause_file

    read = read_clause_file(path, languages, library)
    clause, problems = read.clause, read.problems
    if clause is None:
        raise ValidationFailed([*problems, Diagnostic(
            Location.of_file(path), "the clause was not changed",
            "fix the problems above by hand first")])
    return clause
