"""The example drafts shipped with csp-draft."""

from __future__ import annotations

from pathlib import Path

from csp_draft import paths
from csp_draft.errors import CspDraftError, Location
from csp_draft.fsio import atomic_write
from csp_draft.suggest import did_you_mean


def example_files() -> dict[str, Path]:
    folder = paths.packaged("examples")
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


def example_summaries() -> dict[str, str]:
    """Each example's name and the first line of its leading comment."""
    summaries = {}
    for name, path in example_files().items():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        summaries[name] = first.lstrip("# ").strip()
    return summaries


def copy_example(name: str, target: Path, *, force: bool = False) -> Path:
    files = example_files()
    source = files.get(name)
    if source is None:
        raise CspDraftError(f"no example '{name}'",
                            hint=did_you_mean(name, files) or "list them with "
                            "`csp-draft example --list`")
    if target.exists() and not force:
        raise CspDraftError("file exists already", hint="choose another path or pass --force",
                            location=Location.of_file(target))
    atomic_write(target, source.read_bytes())
    return target
