"""The member registry: the coalition's organisations, who sign its documents.

``members.yaml`` at the root of a workspace maps each member's id to its entry::

    viasna:
      name: {en: Human Rights Center "Viasna", ru: Правозащитный центр «Весна»}
      sort_as: {en: Viasna, ru: Весна}   # optional: the form sign-on lists sort it by
      country: BY                         # ISO 3166 code, named from CLDR per language
      membership: full                    # full or associate
      public: true                        # false: named in no published document

Contacts never belong here: a workspace may keep them in ``members-contacts.yaml``, which
``csp-draft init`` lists in ``.gitignore`` and which no command reads. The registry is
untrusted input like a draft: every problem is reported at its line, all at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from csp_draft.errors import CspDraftError, DiagnosticCollector, Location
from csp_draft.models.data import LocalizedText, Text, has_language, localize
from csp_draft.suggest import did_you_mean
from csp_draft.workspace import find_root
from csp_draft.yamlio.located import Node, load_yaml_file

MEMBERS_FILE = "members.yaml"
CONTACTS_FILE = "members-contacts.yaml"  # kept out of git and out of every output
MEMBER_FIELDS = ("name", "sort_as", "country", "membership", "public")
MEMBERSHIPS = ("full", "associate")
MEMBER_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
MAX_MEMBERS_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Member:
    id: str
    name: Text
    sort_as: Text | None
    country: str  # ISO 3166 code
    membership: str
    public: bool
    location: Location

    def name_in(self, lang: str) -> str:
        return localize(self.name, lang)

    def sort_form(self, lang: str) -> str:
        """The text a sign-on list in ``lang`` sorts this member by."""
        if self.sort_as is not None and has_language(self.sort_as, lang):
            return localize(self.sort_as, lang)
        return self.name_in(lang)

    def country_name(self, lang: str) -> str:
        from csp_draft import i18n

        return i18n.country_name(self.country, lang)


@dataclass(frozen=True)
class Registry:
    path: Path | None
    members: dict[str, Member]

    def get(self, member_id: str, location: Location | None = None) -> Member:
        """The member ``member_id``; a located error naming the closest id otherwise."""
        member = self.members.get(member_id)
        if member is None:
            if self.path is None:
                raise CspDraftError(f"unknown member '{member_id}': the workspace has no "
                                    f"{MEMBERS_FILE}", location=location,
                                    hint=f"write {MEMBERS_FILE} at the workspace's root "
                                    "(see `csp-draft help draft-format`), or sign with "
                                    "--org and --country")
            raise CspDraftError(f"unknown member '{member_id}'", location=location,
                                hint=did_you_mean(member_id, self.members) or
                                f"see `csp-draft members list` ({self.path})")
        return member


def registry_path(start: Path | None = None) -> Path | None:
    """``members.yaml`` of the workspace at or above ``start`` (default: the current folder),
    or None when there is no workspace or no such file."""
    root = find_root(start or Path.cwd())
    if root is None:
        return None
    path = root / MEMBERS_FILE
    return path if path.is_file() else None


def load_registry(start: Path | None = None) -> Registry:
    """The registry of the workspace at or above ``start``; empty when it has none."""
    path = registry_path(start)
    if path is None:
        return Registry(None, {})
    return read_registry(path)


def read_registry(path: Path) -> Registry:
    return parse_registry(load_yaml_file(path, max_bytes=MAX_MEMBERS_BYTES), path)


def parse_registry(node: Node, path: Path) -> Registry:
    """The registry in ``node`` (read from ``path``); every problem at once, located."""
    diags = DiagnosticCollector()
    members: dict[str, Member] = {}
    if node.is_plain and node.scalar_value() is None:
        return Registry(path, {})
    if not node.is_map:
        diags.error(node.location, f"{MEMBERS_FILE} must map member ids to their entries",
                    "e.g. `viasna: {name: ..., country: BY, membership: full}`")
        diags.raise_if_any()
    for member_id, (key_node, entry) in node.items.items():
        if not MEMBER_ID.match(member_id):
            diags.error(key_node.location, f"bad member id '{member_id}'",
                        "use lower-case letters, digits and hyphens, e.g. viasna")
            continue
        member = _member(member_id, entry, diags)
        if member is not None:
            members[member_id] = member
    diags.raise_if_any()
    return Registry(path, members)


def _member(member_id: str, node: Node, diags: DiagnosticCollector) -> Member | None:
    from csp_draft import i18n

    where = f"member '{member_id}'"
    if not node.is_map:
        diags.error(node.location, f"{where} must be a mapping",
                    "give it name, country and membership")
        return None
    for key, (key_node, _) in node.items.items():
        if key not in MEMBER_FIELDS:
            diags.error(key_node.location, f"unknown field '{key}' in {where}",
                        did_you_mean(key, MEMBER_FIELDS) or "use " + ", ".join(MEMBER_FIELDS)
                        + (f"; contacts belong in {CONTACTS_FILE}, which no output reads"
                           if key in ("contact", "contacts", "email", "phone") else ""))
    errors = len(diags.errors)
    name = _text(node, "name", where, diags, required=True)
    sort_as = _text(node, "sort_as", where, diags, required=False)
    country = ""
    country_node = node.get("country")
    if country_node is None:
        diags.error(node.location, f"{where} needs 'country'", "an ISO code such as BY or KG")
    elif not country_node.is_scalar or not i18n.is_country_code(country_node.text):
        diags.error(country_node.location, f"'country' of {where} must be an ISO 3166 code, "
                    f"not {_shown(country_node)}", "e.g. BY, KG, TM")
    else:
        country = country_node.text
    membership = ""
    membership_node = node.get("membership")
    if membership_node is None:
        diags.error(node.location, f"{where} needs 'membership'", "full or associate")
    elif not membership_node.is_scalar or membership_node.text not in MEMBERSHIPS:
        diags.error(membership_node.location, f"'membership' of {where} must be full or "
                    f"associate, not {_shown(membership_node)}", "full or associate")
    else:
        membership = membership_node.text
    public = True
    public_node = node.get("public")
    if public_node is not None:
        value = public_node.scalar_value() if public_node.is_plain else None
        if isinstance(value, bool):
            public = value
        else:
            diags.error(public_node.location, f"'public' of {where} must be true or false, "
                        f"not {_shown(public_node)}", "true or false")
    if len(diags.errors) > errors or name is None:
        return None
    return Member(member_id, name, sort_as, country, membership, public, node.location)


def _shown(node: Node) -> str:
    return f"'{node.text}'" if node.is_scalar else node.describe()


def _text(node: Node, key: str, where: str, diags: DiagnosticCollector, *, required: bool
          ) -> Text | None:
    value = node.get(key)
    if value is None:
        if required:
            diags.error(node.location, f"{where} needs '{key}'",
                        "its name, once or per language: {en: ..., ru: ...}")
        return None
    if value.is_scalar and value.text.strip():
        return value.text.strip()
    if value.is_map and value.items:
        texts = LocalizedText()
        for lang, (lang_node, text_node) in value.items.items():
            if not _LANGUAGE.match(lang):
                diags.error(lang_node.location, f"'{lang}' is not a language code",
                            "e.g. en, ru")
            elif not text_node.is_scalar or not text_node.text.strip():
                diags.error(text_node.location, f"'{key}' of {where} in '{lang}' must be a "
                            "text")
            else:
                texts[lang] = text_node.text.strip()
        return texts or None
    diags.error(value.location, f"'{key}' of {where} must be a text or one text per "
                f"language, not {value.describe()}", "e.g. {en: ..., ru: ...}")
    return None


def member_ids(start: Path | None = None) -> list[str]:
    """The ids in the registry, for shell completion: read without checking the entries
    (no CLDR data loaded), and never failing."""
    try:
        path = registry_path(start)
        if path is None:
            return []
        node = load_yaml_file(path, max_bytes=MAX_MEMBERS_BYTES)
    except (CspDraftError, OSError):
        return []
    return sorted(key for key in node.items if MEMBER_ID.match(key)) if node.is_map else []
