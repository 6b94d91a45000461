"""Markdown -> .md: the rendered text as it is."""

from __future__ import annotations

from pathlib import Path

from csp_draft.fsio import atomic_write


def write_markdown(markdown_text: str, out_path: Path) -> None:
    """Write the Markdown unchanged (UTF-8, atomically)."""
    atomic_write(out_path, markdown_text)
