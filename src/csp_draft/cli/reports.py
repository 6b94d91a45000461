"""Machine-readable reports of `show --json` and `check --json`, and reading a draft to
check from a file or standard input."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from csp_draft.cli.common import print_json
from csp_draft.errors import Diagnostic

STDIN_NAME = "<stdin>"  # how problems in a draft read from standard input are located


def read_draft_yaml(path: Path) -> Any:
    """The located YAML of the draft at ``path``; ``-`` reads standard input."""
    from csp_draft.drafts.read import MAX_DRAFT_BYTES
    from csp_draft.errors import CspDraftError
    from csp_draft.yamlio.located import decode_yaml_bytes, load_yaml, load_yaml_file

    if str(path) != "-":
        return load_yaml_file(path, max_bytes=MAX_DRAFT_BYTES)
    data = sys.stdin.buffer.read(MAX_DRAFT_BYTES + 1)
    if len(data) > MAX_DRAFT_BYTES:
        raise CspDraftError(f"standard input is larger than {MAX_DRAFT_BYTES} bytes",
                            hint="check a draft file instead")
    return load_yaml(decode_yaml_bytes(data, STDIN_NAME), STDIN_NAME)


def problem_record(diagnostic: Diagnostic) -> dict[str, Any]:
    """One problem as JSON: where (null when unknown), severity, message, hint."""
    where = diagnostic.location
    return {
        "path": where.path if where else None,
        "line": where.line if where and where.line else None,
        "column": where.column if where and where.column else None,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "hint": diagnostic.hint or None,
    }


def print_problems_json(problems: list[Diagnostic]) -> None:
    errors = sum(1 for d in problems if d.severity == "error")
    print_json({"ok": errors == 0, "errors": errors, "warnings": len(problems) - errors,
                "problems": [problem_record(d) for d in problems]})


def print_outline_json(view: Any) -> None:
    """The outline of `show` as JSON: every field of the outline, items by reference."""
    print_json(asdict(view))
