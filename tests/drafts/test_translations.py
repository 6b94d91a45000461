"""Translations that stay in step: states, --minor, confirm, diff from git, strict export."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.drafts.conftest import Cli

DRAFT = """\
kind: statement
title: {en: Statement, ru: Заявление}
languages: [en, ru]
sections:
  concerns:
    items:
      # agreed in the working group
      - text:
          en: We are worried about the law.
"""
STALE_RU = ("d.yaml:8:9: warning: concerns.1: 'ru' is older than 'en' ('en' changed since "
            "they were last in step); bring 'ru' in line (`csp-draft translations diff d.yaml "
            "concerns.1 --lang ru` shows what changed), then `csp-draft translations confirm "
            "d.yaml concerns.1 --lang ru`")


@pytest.fixture
def draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> Path:
    """A statement whose one text was translated into Russian with `set --lang ru`."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "d.yaml"
    path.write_text(DRAFT, encoding="utf-8")
    result = cli("set", "d.yaml", "concerns.1", "--lang", "ru", "--text",
                 "Мы обеспокоены законом.")
    assert result.code == 0, result.err
    assert "        synced: {en: " in path.read_text(encoding="utf-8")
    return path


def test_a_first_translation_is_in_step(draft: Path, cli: Cli) -> None:
    result = cli("translations", "check", "d.yaml")
    assert (result.code, result.err) == (0, "1 tracked text, all in step\n")


def test_changing_only_english_makes_russian_older(draft: Path, cli: Cli) -> None:
    assert cli("set", "d.yaml", "concerns.1", "--lang", "en", "--text",
               "We are deeply worried about the new law.").code == 0
    result = cli("translations", "check", "d.yaml")
    assert (result.code, result.err) == (0, STALE_RU + "\n1 tracked text, 1 out of step\n")
    check = cli("check", "d.yaml")
    assert check.code == 0
    assert STALE_RU in check.err


def test_changing_only_russian_makes_english_older(draft: Path, cli: Cli) -> None:
    text = draft.read_text(encoding="utf-8").replace("законом.", "новым законом.")
    draft.write_text(text, encoding="utf-8")
    result = cli("translations", "check", "d.yaml")
    assert result.err.splitlines()[0].startswith(
        "d.yaml:8:9: warning: concerns.1: 'en' is older than 'ru' ('ru' changed since they "
        "were last in step)")


def test_changing_both_is_its_own_state(draft: Path, cli: Cli) -> None:
    text = draft.read_text(encoding="utf-8").replace("законом.", "новым законом.")
    draft.write_text(text.replace("the law.", "the new law."), encoding="utf-8")
    result = cli("translations", "check", "d.yaml")
    assert result.err.splitlines()[0].startswith(
        "d.yaml:8:9: warning: concerns.1: 'en' and 'ru' both changed since they were last in "
        "step;")


def test_refolding_the_yaml_flags_nothing(draft: Path, cli: Cli) -> None:
    text = draft.read_text(encoding="utf-8").replace(
        "en: We are worried about the law.",
        "en: >-\n            We are   worried\n            about the law.")
    draft.write_text(text, encoding="utf-8")
    result = cli("translations", "check", "d.yaml")
    assert (result.code, result.err) == (0, "1 tracked text, all in step\n")


def test_a_minor_edit_flags_nothing(draft: Path, cli: Cli) -> None:
    assert cli("set", "d.yaml", "concerns.1", "--lang", "en", "--minor", "--text",
               "We are worried about this law.").code == 0
    result = cli("translations", "check", "d.yaml")
    assert (result.code, result.err) == (0, "1 tracked text, all in step\n")


def test_a_minor_edit_keeps_what_was_already_out_of_step(draft: Path, cli: Cli) -> None:
    assert cli("set", "d.yaml", "concerns.1", "--lang", "en", "--text",
               "We are deeply worried about the law.").code == 0
    assert cli("set", "d.yaml", "concerns.1", "--lang", "ru", "--minor", "--text",
               "Мы обеспокоены этим законом.").code == 0
    assert cli("translations", "check", "d.yaml").err.startswith(STALE_RU)


def test_confirm_clears_it_and_changes_only_the_record(draft: Path, cli: Cli) -> None:
    assert cli("set", "d.yaml", "concerns.1", "--lang", "en", "--text",
               "We are deeply worried about the law.").code == 0
    before = draft.read_text(encoding="utf-8").splitlines(keepends=True)
    result = cli("translations", "confirm", "d.yaml", "concerns.1", "--lang", "ru")
    assert (result.code, result.err) == (0, "concerns.1: 'ru' confirmed in step\n")
    after = draft.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [number for number, (old, new) in enumerate(zip(before, after, strict=True), 1)
               if old != new]
    assert changed == [11]
    assert after[10].startswith("        synced: {en: ")
    assert cli("translations", "check", "d.yaml").err == "1 tracked text, all in step\n"
    again = cli("translations", "confirm", "d.yaml", "concerns.1", "--lang", "ru")
    assert again.err == "concerns.1: already in step; nothing changed\n"


def test_strict_export_refuses_what_is_out_of_step(draft: Path, cli: Cli) -> None:
    assert cli("export", "d.yaml", "-f", "md", "--lang", "ru", "-o", "out.md",
               "--strict-translations").code == 0
    assert cli("set", "d.yaml", "concerns.1", "--lang", "en", "--text",
               "We are deeply worried about the law.").code == 0
    result = cli("export", "d.yaml", "-f", "md", "--lang", "ru", "-o", "out2.md",
                 "--strict-translations")
    assert result.code == 1
    assert result.err == STALE_RU.replace(": warning: ", ": error: ") + (
        ", or export without --strict-translations\n")
    assert not (draft.parent / "out2.md").exists()


def test_minor_needs_a_language(draft: Path, cli: Cli) -> None:
    result = cli("set", "d.yaml", "concerns.1", "--minor", "--text", "x")
    assert (result.code, result.err) == (
        2, "error: --minor goes with --text and --lang; it keeps the other languages of a "
        "per-language text in step\n")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_shows_what_changed_since_the_sync_from_git(draft: Path, cli: Cli) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                       cwd=draft.parent, check=True, capture_output=True)

    git("init", "-q", ".")
    git("add", "d.yaml")
    git("commit", "-qm", "translated")
    assert cli("set", "d.yaml", "concerns.1", "--lang", "en", "--text",
               "We are deeply worried about the new law.").code == 0
    result = cli("translations", "diff", "d.yaml", "concerns.1", "--lang", "ru")
    assert (result.code, result.out) == (
        0, "concerns.1 'en' since the last sync with 'ru':\n"
        "We are {+deeply+} worried about the {+new+} law.\n")


def test_diff_outside_git_says_why_it_cannot(draft: Path, cli: Cli, tmp_path: Path) -> None:
    assert cli("set", "d.yaml", "concerns.1", "--lang", "en", "--text", "Changed.").code == 0
    result = cli("translations", "diff", "d.yaml", "concerns.1", "--lang", "ru")
    assert (result.code, result.err) == (
        1, "d.yaml:8:9: error: the 'en' text of concerns.1 as it was at the last sync is not in "
        "the git history of the draft; commit the draft when its languages are in step, so "
        "that later changes can be shown\n")


def test_a_text_written_by_hand_in_both_languages_is_in_step_until_one_side_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "d.yaml"
    hand = DRAFT + "          ru: Мы обеспокоены законом.\n"
    path.write_text(hand, encoding="utf-8")
    assert cli("translations", "check", "d.yaml", "--no-record").err == (
        "1 tracked text, all in step\n")
    assert path.read_text(encoding="utf-8") == hand
    first = cli("translations", "check", "d.yaml")
    assert (first.code, first.err) == (
        0, "recorded 1 text written in every language as in step (first seen without a record "
        "of the item's last sync)\n1 tracked text, all in step\n")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(hand) and text[len(hand):].startswith("        synced: {en: ")
    path.write_text(text.replace("the law.", "the new law."), encoding="utf-8")
    assert cli("translations", "check", "d.yaml").err == (
        STALE_RU + "\n1 tracked text, 1 out of step\n")
