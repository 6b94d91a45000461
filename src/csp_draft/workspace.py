"""The workspace: a folder with ``csp-draft.yaml``, found from the current folder upwards.

The search stops where someone else could have planted the file (the reasoning of git's
``safe.directory``): it does not go above the user's home folder, nor across a file-system
boundary, and it stops at a folder or a ``csp-draft.yaml`` the user does not own (a shared
``/tmp``, a colleague's folder on a server). Without a workspace every command still
works, on the packaged library and templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from csp_draft.errors import DiagnosticCollector, Location
from csp_draft.models.data import ADDRESSEES, DEFAULT_LANGUAGES
from csp_draft.models.people import DEFAULT_FRESHNESS_DAYS
from csp_draft.suggest import did_you_mean

if TYPE_CHECKING:  # YAML and Babel load only when there is a csp-draft.yaml to read
    from csp_draft.yamlio.located import Node

CONFIG_NAME = "csp-draft.yaml"
CONFIG_FIELDS = ("coalition", "languages", "addressees", "clauses", "templates", "drafts",
                 "countries", "people", "freshness")
_FOLDERS = ("clauses", "templates", "drafts", "people")



@dataclass(frozen=True)
class Workspace:
    """Settings of the workspace in use (or the defaults when there is none)."""

    root: Path | None = None
    coalition: str = ""
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    addressees: tuple[str, ...] = ()
    clauses_dir: Path | None = None
    templates_dir: Path | None = None
    drafts_dir: Path | None = None
    # The coalition's own names of countries, by ISO code and language, over CLDR's:
    # ``countries: {KG: {ru: Кыргызстан}}``.
    countries: dict[str, dict[str, str]] = field(default_factory=dict)
    people_dir: Path | None = None
    freshness_days: int = DEFAULT_FRESHNESS_DAYS

    @property
    def config_path(self) -> Path | None:
        return self.root / CONFIG_NAME if self.root else None

    @property
    def cache_dir(self) -> Path | None:
        """The workspace's cache folder; None when it is a link (it could lead anywhere)."""
        if self.root is None:
            return None
        folder = self.root / ".csp-draft-cache"
        return None if folder.is_symlink() else folder

    @property
    def known_languages(self) -> tuple[str, ...]:
        """Languages clause texts may use: the working languages and any the config adds."""
        return tuple(dict.fromkeys((*DEFAULT_LANGUAGES, *self.languages)))


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding a ``csp-draft.yaml`` that the user
    may trust: the search stops at the home folder, at a file-system boundary and at a
    folder (or a ``csp-draft.yaml``) owned by someone else."""
    import os

    start = start.resolve()
    try:
        home: Path | None = Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        home = None
    user = os.getuid() if hasattr(os, "getuid") else None
    device = None
    for folder in (start, *start.parents):
        try:
            status = folder.stat()
        except OSError:
            return None
        if device is not None and status.st_dev != device:
            return None  # a mount point: the folders above belong to another file system
        device = status.st_dev
        if user is not None and status.st_uid != user:
            return None  # someone else's folder: neither it nor those above are searched
        config = folder / CONFIG_NAME
        try:
            config_status = config.stat()
        except OSError:
            config_status = None
        if config_status is not None and config.is_file():
            if user is not None and config_status.st_uid != user:
                return None  # planted by someone else
            return folder
        if folder == home:
            return None
    return None


def load_workspace(start: Path | None = None) -> Workspace:
    """The workspace containing ``start`` (default: the current folder), or defaults."""
    root = find_root(start or Path.cwd())
    if root is None:
        return Workspace()
    remembered = _remembered(root)
    if remembered is not None:
        return remembered
    from csp_draft.yamlio.located import load_yaml_file

    path = root / CONFIG_NAME
    node = load_yaml_file(path)
    diags = DiagnosticCollector()
    if not node.is_map:
        diags.error(node.location, "csp-draft.yaml must be a mapping of settings")
        diags.raise_if_any()
    for key, (key_node, _) in node.items.items():
        if key not in CONFIG_FIELDS:
            diags.error(key_node.location, f"unknown setting '{key}'",
                        did_you_mean(key, CONFIG_FIELDS) or "use " + ", ".join(CONFIG_FIELDS))
    coalition = _text(node.get("coalition"), diags, "coalition") if "coalition" in node.items \
        else ""
    languages = _codes(node.get("languages"), diags) if "languages" in node.items \
        else DEFAULT_LANGUAGES
    addressees = _addressees(node.get("addressees"), diags) if "addressees" in node.items else ()
    countries = _countries(node.get("countries"), diags) if "countries" in node.items else {}
    folders = {name: _folder(root, node, name, diags) for name in _FOLDERS}
    freshness = _days(node.get("freshness"), diags) if "freshness" in node.items \
        else DEFAULT_FRESHNESS_DAYS
    diags.raise_if_any()
    _remember(root, coalition, languages, addressees, {
        name: value.text if (value := node.get(name)) is not None and value.is_scalar else name
        for name in folders}, countries, freshness)
    return Workspace(
        root=root, coalition=coalition, languages=languages, addressees=addressees,
        clauses_dir=folders["clauses"], templates_dir=folders["templates"],
        drafts_dir=folders["drafts"], people_dir=folders["people"], freshness_days=freshness,
        countries=countries,
    )


# --- the checked settings, kept beside the library index ---------------------------------
# Reading csp-draft.yaml loads the YAML library, a sixth of the start-up of a command; the
# checked settings are kept in the cache folder, tied to the file's size and mtime, and
# only the folders are looked at again (they may appear, vanish or become links).

SETTINGS_CACHE = "workspace.json"


def _remember(root: Path, coalition: str, languages: tuple[str, ...],
              addressees: tuple[str, ...], folders: dict[str, str],
              countries: dict[str, dict[str, str]], freshness: int) -> None:
    import contextlib
    import json
    import os
    import time

    from csp_draft import __version__

    cache = Workspace(root=root).cache_dir
    config = root / CONFIG_NAME
    try:
        info = config.stat()
        if cache is None or not cache.is_dir() or info.st_mtime_ns > time.time_ns() - 2e9:
            return  # no cache folder yet, or the file was saved a moment ago
        _clean_leftovers(cache)
        temp = cache / f".{SETTINGS_CACHE}.{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()  # a leftover, or a link planted in a shared folder: never followed
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                     0o600)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps({
                "key": [__version__, info.st_size, info.st_mtime_ns], "coalition": coalition,
                "languages": list(languages), "addressees": list(addressees),
                "folders": folders, "countries": countries, "freshness": freshness,
            }, ensure_ascii=False))
        os.replace(temp, cache / SETTINGS_CACHE)
    except OSError:  # a full disk: no half-written or empty file stays behind
        with contextlib.suppress(OSError):
            temp.unlink()


def _clean_leftovers(cache: Path, older_than_seconds: float = 3600) -> None:
    """Remove the temporary settings files of commands killed while writing them."""
    import contextlib
    import os
    import time

    prefix = f".{SETTINGS_CACHE}."
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(cache) as entries:
        for entry in entries:
            if entry.name.startswith(prefix) and entry.name[len(prefix):].isdigit():
                with contextlib.suppress(OSError):
                    if now - entry.stat(follow_symlinks=False).st_mtime > older_than_seconds:
                        os.unlink(entry.path)


def _remembered(root: Path) -> Workspace | None:
    import json

    from csp_draft import __version__

    cache = Workspace(root=root).cache_dir
    try:
        info = (root / CONFIG_NAME).stat()
        data = json.loads((cache / SETTINGS_CACHE).read_text(encoding="utf-8")) if cache \
            else None
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != [__version__, info.st_size,
                                                          info.st_mtime_ns]:
        return None
    coalition, languages = data.get("coalition"), data.get("languages")
    addressees, names = data.get("addressees"), data.get("folders")
    countries = data.get("countries")
    if not (isinstance(countries, dict) and all(
            isinstance(names_of, dict) and all(isinstance(v, str) for v in names_of.values())
            for names_of in countries.values())):
        return None
    freshness = data.get("freshness")
    if not (isinstance(coalition, str) and isinstance(languages, list) and languages
            and all(isinstance(code, str) for code in languages)
            and isinstance(addressees, list) and all(a in ADDRESSEES for a in addressees)
            and type(freshness) is int and freshness > 0
            and isinstance(names, dict) and all(isinstance(names.get(name), str)
                                                for name in _FOLDERS)):
        return None
    folders = {}
    for name in _FOLDERS:
        folder = root / names[name]
        try:
            inside = folder.resolve().is_relative_to(root.resolve())
        except OSError:
            inside = False
        if not inside:
            return None  # reading the file again reports it
        folders[name] = folder if folder.is_dir() else None
    return Workspace(
        root=root, coalition=coalition, languages=tuple(languages),
        addressees=tuple(addressees), clauses_dir=folders["clauses"],
        templates_dir=folders["templates"], drafts_dir=folders["drafts"],
        countries=countries, people_dir=folders["people"], freshness_days=freshness,
    )


def _text(node: Node, diags: DiagnosticCollector, label: str) -> str:
    if not node.is_scalar:
        diags.error(node.location, f"'{label}' must be text")
        return ""
    return node.text


def _list(node: Node, diags: DiagnosticCollector, label: str) -> list[tuple[Node, str]]:
    if not node.is_seq:
        diags.error(node.location, f"'{label}' must be a list", "e.g. [en, ru]")
        return []
    return [(child, child.text) for child in node.children if child.is_scalar]


def _codes(node: Node, diags: DiagnosticCollector) -> tuple[str, ...]:
    codes = []
    for child, code in _list(node, diags, "languages"):
        if code not in DEFAULT_LANGUAGES and not _is_known_language(code):
            diags.error(child.location, f"'{code}' is not a language code CLDR knows",
                        "use codes such as en, ru, uk, de")
        else:
            codes.append(code)
    return tuple(codes) or DEFAULT_LANGUAGES


def _addressees(node: Node, diags: DiagnosticCollector) -> tuple[str, ...]:
    result = []
    for child, value in _list(node, diags, "addressees"):
        if value not in ADDRESSEES:
            diags.error(child.location, f"unknown addressee '{value}'",
                        did_you_mean(value, ADDRESSEES))
        else:
            result.append(value)
    return tuple(result)


def _countries(node: Node, diags: DiagnosticCollector) -> dict[str, dict[str, str]]:
    """``{KG: {ru: Кыргызстан}}``: each key an ISO 3166 code CLDR names, each value the
    coalition's name of that country per language."""
    from csp_draft.i18n import country_code_for, is_country_code

    example = "e.g. countries: {KG: {ru: Кыргызстан}}"
    if not node.is_map:
        diags.error(node.location, f"'countries' must map country codes to names, not "
                    f"{node.describe()}", example)
        return {}
    result: dict[str, dict[str, str]] = {}
    for code, (key, value) in node.items.items():
        if not is_country_code(code):
            known = country_code_for(code)
            diags.error(key.location, f"'{code}' in countries is not an ISO 3166 country code",
                        f"write its code, {known}" if known else
                        "use a two-letter code such as KG, BY or UA")
            continue
        if not value.is_map or not value.items:
            diags.error(value.location, f"the names of {code} must map languages to names, "
                        f"not {value.describe()}", example)
            continue
        names = {}
        for lang, (lang_key, name) in value.items.items():
            if lang not in DEFAULT_LANGUAGES and not _is_known_language(lang):
                diags.error(lang_key.location, f"'{lang}' in the names of {code} is not a "
                            "language code CLDR knows", "use codes such as en, ru, uk, de")
            elif not name.is_scalar or not name.text.strip():
                diags.error(name.location, f"the '{lang}' name of {code} must be text")
            else:
                names[lang] = name.text
        result[code] = names
    return result


def _days(node: Node, diags: DiagnosticCollector) -> int:
    value = node.scalar_value() if node.is_plain else None
    if type(value) is not int or not 0 < value <= 3650:
        diags.error(node.location, f"'freshness' must be a number of days, not "
                    f"{node.describe()}", "e.g. freshness: 30 (case records checked longer "
                    "ago are stale)")
        return DEFAULT_FRESHNESS_DAYS
    return value


def _folder(root: Path, node: Node, name: str, diags: DiagnosticCollector) -> Path | None:
    value = node.get(name)
    folder = root / (value.text if value is not None and value.is_scalar else name)
    try:
        inside = folder.resolve().is_relative_to(root.resolve())
    except OSError:
        inside = False
    if not inside:
        where = value.location if value is not None else Location.of_file(root / CONFIG_NAME)
        diags.error(where, f"the {name} folder must be inside the workspace",
                    "give a path relative to the folder holding csp-draft.yaml")
        return None
    return folder if folder.is_dir() else None


def _is_known_language(code: str) -> bool:
    from csp_draft.i18n import is_known_language

    return is_known_language(code)
