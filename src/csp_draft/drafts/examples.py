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


def copy_example(name: str, target: Path, *, force: bool = False) -> bool:
    """Copy example ``name`` to ``target``; False when ``target`` already holds it unchanged."""
    files = example_files()
    source = files.get(name)
    if source is None:
        raise CspDraftError(f"no example '{name}'",
                            hint=did_you_mean(name, files) or "list them with "
                            "`csp-draft example --list`")
    content = source.read_bytes()
    if target.exists() and not force:
        if target.is_file() and target.read_bytes() == content:
            return False  # already the example: running the same command again is fine
        raise CspDraftError("file exists already and differs from the example",
                            hint="choose another path, or pass --force to replace it",
                            location=Location.of_file(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, content)
    return True
