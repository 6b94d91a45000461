"""Clause translations that stay in step: the `synced:` record of a clause file."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from csp_draft import paths
from csp_draft.library.load import load_clause_file
from csp_draft.library.sync import clause_staleness, clause_stamps

CLAUSE = """\
# kept with the coalition's wording
id: stop-harm
title: {en: Stop the harm, ru: Прекратить вред}
kind: demand
topics: [test]
text:
  en: Stop the harm at once.
  ru: Немедленно прекратить вред.
forms:
  operative:
    en: stop the harm at once
    ru: немедленно прекратить вред
legal_basis:
  - en: "ICCPR, art. 19"
    ru: "МПГПП, ст. 19"
version: "1"
updated: 2026-11-23
"""
Cli = Callable[..., object]


@pytest.fixture
def lib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> Path:
    """A library folder whose one clause has been checked once (and so recorded)."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "stop-harm.yaml").write_text(CLAUSE, encoding="utf-8")
    result = cli("translations", "check", "--library", "lib")
    assert (result.code, result.err) == (  # type: ignore[attr-defined]
        0, "recorded 1 text written in every language as in step (first seen without a "
        "record of the clause's last sync)\n1 clause in several languages, all in step\n")
    return folder / "stop-harm.yaml"


def stale(lang: str, other: str) -> str:
    return (f"lib/stop-harm.yaml:18:1: warning: stop-harm: '{lang}' is older than '{other}' "
            f"('{other}' changed since they were last in step); bring '{lang}' in line "
            f"(`csp-draft translations diff --library lib/stop-harm.yaml --lang {lang}` shows "
            f"what changed), then `csp-draft translations confirm --library lib/stop-harm.yaml "
            f"--lang {lang}`")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_first_check_appends_one_record_and_changes_nothing_else(lib: Path) -> None:
    text = lib.read_text(encoding="utf-8")
    assert text.startswith(CLAUSE)
    assert text[len(CLAUSE):].startswith("synced: {en: ")
    assert text.count("\n") == CLAUSE.count("\n") + 1


def test_changing_only_english_makes_russian_older(lib: Path, cli: Cli) -> None:
    edit(lib, "Stop the harm at once.", "Stop all harm at once.")
    result = cli("translations", "check", "--library", "lib")
    assert (result.code, result.err) == (  # type: ignore[attr-defined]
        0, stale("ru", "en") + "\n1 clause in several languages, 1 out of step\n")


@pytest.mark.parametrize("old,new", [
    ("ru: Прекратить вред}", "ru: Прекращение вреда}"),  # the title
    ("ru: немедленно прекратить вред", "ru: сразу прекратить вред"),  # a form
    ('ru: "МПГПП, ст. 19"', 'ru: "МПГПП, ст. 19 и 21"'),  # a legal reference
])
def test_every_russian_text_counts(lib: Path, cli: Cli, old: str, new: str) -> None:
    edit(lib, old, new)
    result = cli("translations", "check", "--library", "lib")
    assert result.err.splitlines()[0] == stale("en", "ru")  # type: ignore[attr-defined]


def test_changing_both_is_its_own_state(lib: Path, cli: Cli) -> None:
    edit(lib, "Stop the harm at once.", "Stop all harm.")
    edit(lib, "Немедленно прекратить вред.", "Прекратить любой вред.")
    result = cli("translations", "check", "--library", "lib")
    assert result.err.splitlines()[0].startswith(  # type: ignore[attr-defined]
        "lib/stop-harm.yaml:18:1: warning: stop-harm: 'en' and 'ru' both changed since they "
        "were last in step;")


def test_refolding_and_check_records_flag_nothing(lib: Path, cli: Cli) -> None:
    edit(lib, "  en: Stop the harm at once.", "  en: >-\n    Stop the   harm\n    at once.")
    edit(lib, '    ru: "МПГПП, ст. 19"\n', '    ru: "МПГПП, ст. 19"\n    checked: {on: 2026-12-01, '
         'source: "the treaty text", read: primary}\n')
    result = cli("translations", "check", "--library", "lib")
    assert result.err == "1 clause in several languages, all in step\n"  # type: ignore


def test_clauses_check_warns_about_it(lib: Path, cli: Cli) -> None:
    edit(lib, "Stop the harm at once.", "Stop all harm at once.")
    result = cli("clauses", "check", "-L", "lib")
    assert result.code == 0  # type: ignore[attr-defined]
    assert stale("ru", "en") in result.err.splitlines()  # type: ignore[attr-defined]


def test_confirm_clears_it_and_changes_only_the_record(lib: Path, cli: Cli) -> None:
    edit(lib, "Stop the harm at once.", "Stop all harm at once.")
    before = lib.read_text(encoding="utf-8").splitlines(keepends=True)
    result = cli("translations", "confirm", "--library", "lib/stop-harm.yaml", "--lang", "ru")
    assert (result.code, result.err) == (  # type: ignore[attr-defined]
        0, "stop-harm: 'ru' confirmed in step\n")
    after = lib.read_text(encoding="utf-8").splitlines(keepends=True)
    assert [n for n, (a, b) in enumerate(zip(before, after, strict=True), 1) if a != b] == [18]
    assert cli("translations", "check", "--library", "lib").err == (  # type: ignore
        "1 clause in several languages, all in step\n")


def test_a_bad_record_is_a_located_error(lib: Path, cli: Cli) -> None:
    edit(lib, "synced: {en: ", "synced: {en: zz")
    result = cli("translations", "check", "--library", "lib")
    assert (result.code, result.err) == (1, (  # type: ignore[attr-defined]
        "lib/stop-harm.yaml:18:14: error: 'synced' of 'en' is not a hash of 12 hexadecimal "
        "digits; let `csp-draft translations confirm --library ID --lang LANG` write it\n"))


def test_no_record_leaves_the_file_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         cli: Cli) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "stop-harm.yaml").write_text(CLAUSE, encoding="utf-8")
    result = cli("translations", "check", "--library", "lib", "--no-record")
    assert result.err == "1 clause in several languages, all in step\n"  # type: ignore
    assert (tmp_path / "lib" / "stop-harm.yaml").read_text(encoding="utf-8") == CLAUSE


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_shows_what_changed_since_the_sync_from_git(lib: Path, cli: Cli) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                       cwd=lib.parent, check=True, capture_output=True)

    git("init", "-q", ".")
    git("add", "stop-harm.yaml")
    git("commit", "-qm", "in step")
    edit(lib, "Stop the harm at once.", "Stop all harm at once.")
    edit(lib, "stop the harm at once", "stop all harm at once")
    result = cli("translations", "diff", "--library", "lib/stop-harm.yaml", "--lang", "ru")
    assert (result.code, result.out) == (0, (  # type: ignore[attr-defined]
        "stop-harm text 'en' since the last sync with 'ru':\n"
        "Stop [-the-] {+all+} harm at once.\n"
        "stop-harm form operative 'en' since the last sync with 'ru':\n"
        "stop [-the-] {+all+} harm at once\n"))


def test_the_packaged_library_is_in_step() -> None:
    """Every packaged clause in two languages records its last sync, and is in step."""
    folder = paths.packaged("clauses")
    files = sorted(folder.rglob("*.yaml"))
    assert len(files) > 100
    for path in files:
        clause, problems = load_clause_file(path, ("en", "ru"), "packaged")
        assert clause is not None, problems
        if len(clause.text) > 1:
            assert clause.synced == clause_stamps(clause), path
            assert clause_staleness(clause) is None


def test_the_targets_must_fit_the_form(lib: Path, cli: Cli) -> None:
    hint = ("error: give the draft and the item (DRAFT REF), or --library and a clause id; e.g. "
            "csp-draft translations diff drafts/forum.yaml concerns.1 --lang ru, or csp-draft "
            "translations diff --library decriminalise-libel --lang ru\n")
    for args in (["diff", "--library", "a", "b"], ["diff", "d.yaml"],
                 ["confirm", "d.yaml", "--lang", "ru"]):
        result = cli("translations", *args, *(["--lang", "ru"] if "--lang" not in args else []))
        assert (result.code, result.err) == (2, hint), args  # type: ignore[attr-defined]
    result = cli("translations", "check")
    assert (result.code, result.err) == (2, (  # type: ignore[attr-defined]
        "error: name the drafts to check, or give --library; e.g. csp-draft translations check "
        "drafts/forum.yaml\n"))


def test_a_packaged_clause_is_not_confirmed_by_its_id(lib: Path, cli: Cli) -> None:
    result = cli("translations", "confirm", "--library", "decriminalise-defamation",
                 "--lang", "ru")
    assert result.code == 1  # type: ignore[attr-defined]
    assert result.err.endswith(  # type: ignore[attr-defined]
        "decriminalise-defamation.yaml: error: the clause 'decriminalise-defamation' belongs "
        "to the packaged library, which this command does not change; name its file or folder "
        "if you maintain that library\n")


def test_without_folders_the_search_path_is_checked_and_the_workspace_recorded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "csp-draft.yaml").write_text("languages: [en, ru]\n", encoding="utf-8")
    (tmp_path / "clauses").mkdir()
    own = tmp_path / "clauses" / "stop-harm.yaml"
    own.write_text(CLAUSE, encoding="utf-8")
    packaged = sum(1 for path in paths.packaged("clauses").rglob("*.yaml")
                   if "\nsynced: " in path.read_text(encoding="utf-8"))
    result = cli("translations", "check", "--library")
    assert (result.code, result.err) == (0, (  # type: ignore[attr-defined]
        "recorded 1 text written in every language as in step (first seen without a record of "
        f"the clause's last sync)\n{packaged + 1} clauses in several languages, all in step\n"))
    assert own.read_text(encoding="utf-8").startswith(CLAUSE + "synced: {en: ")


DRAFT = """\
kind: statement
title: {en: Statement, ru: Заявление}
languages: [en, ru]
sections:
  calls:
    items:
      - clause: stop-harm
        addressee: participating-states
"""


def test_a_draft_using_a_stale_clause_is_warned_and_a_strict_export_refuses(
        lib: Path, cli: Cli) -> None:
    (lib.parent.parent / "d.yaml").write_text(DRAFT, encoding="utf-8")
    edit(lib, "Stop the harm at once.", "Stop all harm at once.")
    warning = ("d.yaml:7:9: warning: calls.1 uses the clause " + stale("ru", "en").split(
        "warning: ", 1)[1])
    result = cli("check", "d.yaml", "-L", "lib")
    assert result.code == 0, result.err  # type: ignore[attr-defined]
    assert warning in result.err.splitlines()  # type: ignore[attr-defined]
    export = cli("export", "d.yaml", "-L", "lib", "-f", "md", "--lang", "ru", "-o", "d.md",
                 "--strict-translations")
    assert (export.code, export.err) == (1, warning.replace(  # type: ignore[attr-defined]
        ": warning: ", ": error: ") + ", or export without --strict-translations\n")
    assert not (lib.parent.parent / "d.md").exists()
    assert cli("translations", "confirm", "--library", "lib/stop-harm.yaml", "--lang",
               "ru").code == 0  # type: ignore[attr-defined]
    assert cli("export", "d.yaml", "-L", "lib", "-f", "md", "--lang", "ru", "-o", "d.md",
               "--strict-translations").code == 0  # type: ignore[attr-defined]
