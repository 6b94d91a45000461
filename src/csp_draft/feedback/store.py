"""Proposals stored beside the draft: ``drafts/NAME.feedback/ORG-DATE.yaml``, one entry
per change, each with its status (pending, accepted, rejected) and the reason given."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from csp_draft.errors import CspDraftError, Location
from csp_draft.fsio import atomic_write, read_bytes

MAX_FEEDBACK_FILE = 20 * 1024 * 1024
# libyaml when present: the pure-Python reader and writer took most of an import's time.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
STATUSES = ("pending", "accepted", "rejected")


def folder_of(draft_path: Path) -> Path:
    return draft_path.parent / f"{draft_path.stem}.feedback"


def slug(organisation: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", organisation.casefold()).strip("-") or "member"


@dataclass
class FeedbackFile:
    path: Path
    data: dict[str, Any]

    @property
    def changes(self) -> list[dict[str, Any]]:
        return self.data.setdefault("changes", [])

    def save(self) -> None:
        text = yaml.dump(self.data, Dumper=DUMPER, allow_unicode=True, sort_keys=False,
                         width=100)
        atomic_write(self.path, "# csp-draft feedback: proposals from one returned file\n"
                     + text)


def load_all(draft_path: Path) -> list[FeedbackFile]:
    folder = folder_of(draft_path)
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.load(read_bytes(path, limit=MAX_FEEDBACK_FILE).decode("utf-8"),
                             Loader=LOADER)  # a safe loader
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            raise CspDraftError(f"cannot read this feedback file ({type(error).__name__})",
                                hint="restore it from a backup, or import the returned file "
                                "again", location=Location.of_file(path)) from None
        if not isinstance(data, dict) or not isinstance(data.get("changes"), list):
            raise CspDraftError("not a feedback file (no list of changes)",
                                location=Location.of_file(path))
        files.append(FeedbackFile(path, data))
    return files


def all_changes(files: list[FeedbackFile]) -> list[tuple[FeedbackFile, dict[str, Any]]]:
    return [(f, change) for f in files for change in f.changes]
