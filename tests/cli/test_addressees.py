"""Every recommendation names who must act: `check` warns of "the government concerned",
and `csp-draft addressee` with `set --addressee` names the government instead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

Cli = Callable[..., Any]


def lines_of(result_err: str) -> list[str]:
    return result_err.splitlines()


def test_a_call_on_the_government_concerned_warns_until_the_government_is_named(
        tmp_path: Path, cli: Cli) -> None:
    draft = tmp_path / "statement.yaml"
    assert cli("example", "joint-statement", draft).code == 0
    assert cli("set", draft, "calls.3", "--addressee", "government").code == 0
    checked = cli("check", draft)
    assert checked.code == 0
    assert (f"{draft}:80:9: warning: clause 'release-journalists' at calls.3 calls on \"the "
            "government concerned\", which names no one; name the government: define it with "
            f"`csp-draft addressee {draft} government-of-COUNTRY --lang en --name ...` (and "
            "--lang ru --nom ... --acc ... --dat ...), then `csp-draft set "
            f"{draft} calls.3 --addressee government-of-COUNTRY`") in lines_of(checked.err)
    unknown = cli("set", draft, "calls.3", "--addressee", "government-of-belarus")
    assert (unknown.code, unknown.err) == (2, "error: unknown addressee 'government-of-belarus'"
                                              f"; define it first: `csp-draft addressee {draft} "
                                              "government-of-belarus --lang en --name ...`\n")
    for language in (["--lang", "en", "--name", "the Government of Belarus"],
                     ["--lang", "ru", "--nom", "правительство Беларуси", "--acc",
                      "правительство Беларуси", "--dat", "правительству Беларуси"]):
        assert cli("addressee", draft, "government-of-belarus", *language).code == 0
    named = cli("set", draft, "calls.3", "--addressee", "government-of-belarus")
    assert (named.code, named.err) == (0, "set addressee of calls.3 (release-journalists)\n")
    checked = cli("check", draft)
    assert "government concerned" not in checked.err + checked.out
    assert cli("export", draft, "-f", "md", "--lang", "ru", "-o", tmp_path / "s.md").code == 0
    assert "3. Мы призываем правительство Беларуси освободить всех журналистов" in (
        tmp_path / "s.md").read_text(encoding="utf-8")
