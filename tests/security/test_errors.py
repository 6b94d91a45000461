"""Threat: an error prints a Python traceback, or a bug report leaks names.

For every hazard of the other threat files a user sees only ``path:line:col: error: ...``
lines (or ``error: ...`` without a place), with or without ``--debug``: they are user
errors, not bugs. A real bug prints one line; ``--debug`` adds the traceback, without
local variables and without the source lines of user files (a template or a clause's
per-use wording compiles to frames named after the draft, whose lines name people).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.security import test_sandbox, test_yaml_input
from tests.security.conftest import write_clause, write_draft

Cli = Callable[..., CliResult]

LINE = re.compile(r"^(?:[^\n]*?:(?:\d+:)*\d+: |[^\n:]+: )?(?:error|warning|notice): [^\n]+$")
SECRET = "Ales Bialiatsky, cell 12"


def _one_line_per_problem(result: CliResult) -> None:
    assert result.code in (1, 2), result.err
    assert "Traceback" not in result.err + result.out
    lines = result.err.splitlines()
    assert lines, "no message at all"
    for line in lines:
        assert LINE.match(line), line


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "--debug"])
@pytest.mark.parametrize(("name", "data", "where", "message"), test_yaml_input.HAZARDS,
                         ids=[h[0] for h in test_yaml_input.HAZARDS])
def test_yaml_hazards_print_no_traceback(cli: Cli, ws: Path, debug: bool, name: str,
                                         data: bytes, where: str, message: str) -> None:
    (ws / "drafts" / "bad.yaml").write_bytes(data)
    _one_line_per_problem(cli(*(["--debug"] if debug else []), "check", "drafts/bad.yaml"))


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "--debug"])
@pytest.mark.parametrize("source", [s for s, _ in test_sandbox.ESCAPES + test_sandbox.EXHAUSTION]
                         + ["{{ ((((((((((((((((1)))))))))))))))) }}", "{{ '\\ud800' }}",
                            "{% include '../x' %}", "{{ 1/0 }}", "{{ [] | first | upper }}",
                            "{{ who.nope.nope }}", "{{ 1.5 | round(1, 'sideways') }}"])
def test_template_hazards_print_no_traceback(cli: Cli, ws: Path, debug: bool,
                                             source: str) -> None:
    write_clause(ws, "evil", json.dumps(source))
    draft = write_draft(ws, clause="evil")
    _one_line_per_problem(cli(*(["--debug"] if debug else []), "export", draft, "-f", "docx"))


def test_a_bug_with_debug_shows_the_traceback_but_no_locals_and_no_user_lines(
        cli: Cli, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = write_draft(ws, f"kind: resolution\ntitle: {SECRET}\nlanguages: [en]\n")
    # A frame named after the draft, as Jinja makes for a per-use wording; line 2 of the
    # draft holds the name.
    code = compile("def broken():\n    detainee = " + repr(SECRET)
                   + "; raise RuntimeError('boom' + detainee[:0])\n", str(draft), "exec")
    namespace: dict[str, object] = {}
    exec(code, namespace)
    monkeypatch.setattr("csp_draft.library.schema.json_schema", namespace["broken"])
    plain = cli("clauses", "schema")
    assert (plain.code, plain.out) == (70, "")
    assert plain.err == ("csp-draft: internal error (RuntimeError); please report it, with the "
                         "output of the same command run with --debug\n")
    debug = cli("--debug", "clauses", "schema")
    assert debug.code == 70
    assert debug.err.startswith("Traceback (most recent call last):\n")
    assert f'File "{draft}", line 2, in broken\n' in debug.err
    assert "RuntimeError: boom\n" in debug.err
    assert SECRET not in debug.err + debug.out
    assert "Bialiatsky" not in debug.err


def test_typer_pretty_exceptions_are_off() -> None:
    from csp_draft.cli.common import app

    assert app.pretty_exceptions_enable is False
