"""`csp-draft init`: a workspace folder with its settings, folders and a short README."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from csp_draft.drafts.new import scalar
from csp_draft.errors import CspDraftError, Location, UsageError
from csp_draft.fsio import atomic_write
from csp_draft.models.data import ADDRESSEES
from csp_draft.suggest import did_you_mean
from csp_draft.workspace import CONFIG_NAME, load_workspace

FOLDERS = ("clauses", "templates", "drafts")

README = """\
# {title}

A csp-draft workspace: commands run in this folder (or below it) use its settings.

- `csp-draft.yaml`: the coalition's name, working languages, default addressees and folders.
- `clauses/`: your own clauses, one YAML file each (`csp-draft clauses new ID`); a clause here
  replaces the packaged clause with the same id.
- `templates/`: your own document templates, found before the packaged ones.
- `drafts/`: documents being prepared.
- `members.yaml` (once you add a member: `csp-draft members add`): the organisations that
  sign, with their names per language; keep contacts in `members-contacts.yaml`, which git
  ignores and no export reads.

Start a document and fill it:

    csp-draft new resolution --title "..." --date 2017-07-04
    csp-draft clauses search defenders
    csp-draft add-clause drafts/FILE.yaml release-defenders
    csp-draft add-text drafts/FILE.yaml --section situation "..."
    csp-draft sign drafts/FILE.yaml --member ID     # or --org "..." --country CODE
    csp-draft show drafts/FILE.yaml
    csp-draft check drafts/FILE.yaml
"""


# What git should never pick up in a workspace: the lock files editing commands keep beside
# each draft (".forum.yaml.lock"), and the library index, rebuilt whenever it is missing.
GITIGNORE = """\
# Written by `csp-draft init`.
# Lock files that csp-draft's editing commands keep beside each draft:
.*.lock
# The clause library index; csp-draft rebuilds it when it is missing:
.csp-draft-cache/
# Members' contacts (members.yaml keeps none): never shared, never read by csp-draft:
members-contacts.yaml
"""


def config_text(coalition: str, languages: Sequence[str], addressees: Sequence[str]) -> str:
    """The commented ``csp-draft.yaml`` of a new workspace."""
    return "\n".join([
        "# csp-draft workspace settings; commands run in this folder or below it use them.",
        "# The coalition's name: the default author of new drafts.",
        "coalition: " + (scalar(coalition) if coalition else '""'),
        "# Working languages; the first is the default language of new drafts.",
        "languages: [" + ", ".join(languages) + "]",
        "# Default addressees (ids listed in `csp-draft clauses schema`).",
        "addressees: [" + ", ".join(addressees) + "]",
        "# The coalition's own names of countries where they differ from CLDR's, by ISO code",
        "# and language; used wherever a country is given by its code (BY, KG):",
        "# countries: {KG: {ru: Кыргызстан}}",
        "# Folders, relative to this file: your own clauses (they override packaged clauses",
        "# with the same id), your own document templates, and the drafts.",
        *(f"{folder}: {folder}" for folder in FOLDERS),
        "",
    ])


def check_addressees(addressees: Sequence[str]) -> tuple[str, ...]:
    for addressee in addressees:
        if addressee not in ADDRESSEES:
            raise UsageError(f"unknown addressee '{addressee}'",
                             hint=did_you_mean(addressee, ADDRESSEES) or
                             "see the list in `csp-draft clauses schema`")
    return tuple(dict.fromkeys(addressees))


def init_workspace(folder: Path, *, coalition: str = "", languages: Sequence[str] = ("en", "ru"),
                   addressees: Sequence[str] = ()) -> list[Path]:
    """Create the workspace in ``folder``; returns what was created. Never overwrites."""
    addressees = check_addressees(addressees)
    config = folder / CONFIG_NAME
    if config.exists() or config.is_symlink():
        raise CspDraftError("a workspace already exists here; nothing was changed",
                            hint=f"edit {CONFIG_NAME} to change its settings",
                            location=Location.of_file(config))
    if folder.exists() and not folder.is_dir():
        raise CspDraftError("is a file, not a folder", location=Location.of_file(folder))
    created: list[Path] = []
    try:
        if not folder.exists():
            folder.mkdir(parents=True)
            created.append(folder)
        for name in FOLDERS:
            sub = folder / name
            if not sub.is_dir():
                sub.mkdir()
                created.append(sub)
    except OSError as exc:
        raise CspDraftError(f"cannot create the folder: {exc.strerror}",
                            location=Location.of_file(exc.filename or folder)) from None
    readme = folder / "README.md"
    if not readme.exists() and not readme.is_symlink():  # a dangling link is no free name
        atomic_write(readme, README.format(title=coalition or "csp-draft workspace"))
        created.append(readme)
    gitignore = folder / ".gitignore"
    if not gitignore.exists() and not gitignore.is_symlink():  # someone's own: left alone
        atomic_write(gitignore, GITIGNORE)
        created.append(gitignore)
    # The settings file comes last: it is what makes the folder a workspace.
    atomic_write(config, config_text(coalition, languages, addressees))
    created.append(config)
    load_workspace(folder)  # the settings just written must read back
    return created
