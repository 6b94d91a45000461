"""`members add`: one new entry in members.yaml, with the file's comments and layout kept.

The entry is checked as the registry reads it before anything is written; the file is
replaced atomically under the same lock as a draft edit, so two commands never lose each
other's member."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from csp_draft.errors import CspDraftError, Location, UsageError
from csp_draft.fsio import atomic_write, file_lock, read_bytes
from csp_draft.registry.members import (
    MAX_MEMBERS_BYTES,
    MEMBER_ID,
    MEMBERSHIPS,
    parse_registry,
    read_registry,
)
from csp_draft.yamlio.located import decode_yaml_bytes, load_yaml
from csp_draft.yamlio.roundtrip import dump_roundtrip, load_roundtrip, make_yaml

HEADER = """\
# The coalition's members: who signs its documents (see `csp-draft help draft-format`).
# Contacts never go here: keep them in members-contacts.yaml, which git and every export
# leave out.
"""


def add_member(path: Path, member_id: str, *, names: dict[str, str], sort_as: dict[str, str],
               country: str, membership: str, public: bool) -> None:
    """Add the member ``member_id`` to the registry file at ``path`` (created if missing)."""
    from csp_draft import i18n

    if not MEMBER_ID.match(member_id):
        raise UsageError(f"bad member id '{member_id}'",
                         hint="use lower-case letters, digits and hyphens, e.g. viasna")
    if not names:
        raise UsageError("a member needs --name", hint="e.g. --name en=\"Public Verdict\"")
    if not i18n.is_country_code(country):
        raise UsageError(f"--country takes an ISO 3166 code, not '{country}'",
                         hint="e.g. BY, KG, TM")
    if membership not in MEMBERSHIPS:
        raise UsageError(f"unknown membership '{membership}'", hint="full or associate")
    with file_lock(path):
        text = decode_yaml_bytes(read_bytes(path, limit=MAX_MEMBERS_BYTES), str(path)) \
            if path.exists() else HEADER
        if path.exists():
            load_yaml(text, str(path))  # untrusted: checked before ruamel reads it
            read_registry(path)
        rt = make_yaml(text)
        data = load_roundtrip(rt, text, str(path))
        if data is None:
            data = CommentedMap()
        if member_id in data:
            raise CspDraftError(f"member '{member_id}' exists already; nothing was changed",
                                hint="edit its entry by hand",
                                location=Location.of_file(path))
        entry = CommentedMap()
        entry["name"] = CommentedMap(names.items())
        if sort_as:
            entry["sort_as"] = CommentedMap(sort_as.items())
        entry["country"] = country
        entry["membership"] = membership
        entry["public"] = public
        data[member_id] = entry
        after = dump_roundtrip(rt, data)
        if not path.exists():
            after = HEADER + after
        parse_registry(load_yaml(after, str(path)), path)  # refused before anything is written
        atomic_write(path, after)
