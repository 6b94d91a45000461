"""Never lose a draft: comments, byte-identical no-ops, line ends, atomic writes, locks."""

from __future__ import annotations

import errno
import multiprocessing
import os
import re
import signal
import stat
import time
from pathlib import Path

import pytest

from csp_draft import fsio
from csp_draft.cli import prompts
from csp_draft.cli.main import main
from csp_draft.drafts import edit as editing
from csp_draft.drafts.read import read_draft
from tests.drafts.conftest import Cli

HAND_WRITTEN = """\
# Resolution of the forum -- drafted by hand, edited by commands.
kind: resolution   # do not change
title:
  en: "Resolution of the Civil Society Forum"
  ru: 'Резолюция Форума гражданского общества'
values: ~
date: 2017-07-04
languages: [en, ru]
sections:
  # The preamble is read aloud first.
  preamble:
    items:
      - clause: fx-forum-preamble   # agreed on 1 July
        values:
          forum:   Civil Society Forum
      # (the second preamble paragraph is still being negotiated)

  # Anna drafts this section.
  situation:
    heading: {en: The situation in Belarus, ru: Положение в Беларуси}
    items:
      - text:
          en: >-
            LONG
          ru: |
            # Not a comment: a Markdown heading inside a literal block
            Текст.
      - clause: fx-situation
        values: {country: NO}
  recommendations:
    items:
      - clause: fx-free-media
      - clause: fx-monitoring
        values:
          mechanism: 'moscow'   # the Moscow Mechanism
      # Keep the goal last.
      - clause: fx-goal
signatories:
  - organisation: Viasna
    country: Belarus
    status: confirmed
    date: 2017-07-01
# end of draft
""".replace("LONG", "A long paragraph that goes" + " on and" * 12 + " on.")


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")
            and "Not a comment" not in line]


@pytest.fixture
def hand(ws: Path) -> Path:
    path = ws / "drafts" / "hand.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    return path


def test_comments_and_layout_survive_edits(hand: Path, cli: Cli) -> None:
    commands = [
        ["add-clause", hand, "fx-concern"],
        ["add-clause", hand, "fx-observers", "--set", "countries=[Belarus, Russia]", "--at", "2"],
        ["move", hand, "fx-free-media", "--to", "recommendations"],
        ["remove", hand, "fx-monitoring"],
        ["set", hand, "fx-situation", "country=Belarus", "since=2020-08-09"],
        ["sign", hand, "--org", "Memorial", "--country", "Russia", "--date", "2017-07-02"],
        ["sign", hand, "--org", "Viasna", "--status", "pending"],
        ["add-text", hand, "--section", "preamble", "Second paragraph."],
    ]
    for args in commands:
        result = cli(*args)
        assert result.code == 0, (args, result.err)
    text = hand.read_text(encoding="utf-8")
    # Every comment is still there, except the one on the removed item's own line.
    assert comment_lines(text) == [
        c for c in comment_lines(HAND_WRITTEN) if c != "# the Moscow Mechanism"]
    unchanged = [
        "title:\n  en: \"Resolution of the Civil Society Forum\"\n"
        "  ru: 'Резолюция Форума гражданского общества'\nvalues: ~\n",
        "          forum:   Civil Society Forum\n",
        "            A long paragraph that goes" + " on and" * 12 + " on.\n",
        "          ru: |\n            # Not a comment: a Markdown heading inside a literal block\n",
        "  # Anna drafts this section.\n  situation:\n",
        "    heading: {en: The situation in Belarus, ru: Положение в Беларуси}\n",
        "kind: resolution   # do not change\n",
    ]
    for fragment in unchanged:
        assert fragment in text
    draft = read_draft(hand)
    assert [i.clause_id or "text" for i in draft.section("preamble").items] == [
        "fx-forum-preamble", "text"]
    assert [i.clause_id for i in draft.section("recommendations").items] == [
        "fx-observers", "fx-goal", "fx-free-media"]
    assert draft.section("situation").items[1].values["since"].text == "2020-08-09"
    assert [(s.organisation, s.status) for s in draft.signatories] == [
        ("Viasna", "pending"), ("Memorial", "confirmed")]
    assert re.sub("[0-9a-f]{16}", "HASH", text).endswith(
        "    date: 2017-07-02\n    endorsed: {en: HASH, ru: HASH}\n# end of draft\n")


def test_comment_before_next_section_stays_when_last_item_goes(hand: Path, cli: Cli) -> None:
    assert cli("remove", hand, "preamble.1").code == 0
    assert hand.read_text(encoding="utf-8") == HAND_WRITTEN.replace(
        "    items:\n      - clause: fx-forum-preamble   # agreed on 1 July\n        values:\n"
        "          forum:   Civil Society Forum\n", "    items: []\n")


NO_OPS = [
    ["set", "{d}", "fx-situation", "country=NO"],
    ["set", "{d}", "fx-monitoring", "mechanism='moscow'"],
    ["move", "{d}", "recommendations.2", "--to", "recommendations", "--at", "2"],
    ["sign", "{d}", "--org", "viasna", "--country", "Belarus", "--status", "confirmed"],
]


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("command", NO_OPS)
def test_no_op_edits_leave_the_file_byte_identical(hand: Path, cli: Cli, bom: bool,
                                                   newline: str, command: list[str]) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + HAND_WRITTEN.replace("\n", newline).encode()
    hand.write_bytes(data)
    stamp = hand.stat().st_mtime_ns
    result = cli(*[part.format(d=hand) for part in command])
    assert result.code == 0, result.err
    assert "nothing changed" in result.err
    assert hand.read_bytes() == data
    assert hand.stat().st_mtime_ns == stamp  # not even rewritten


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_edits_keep_bom_and_line_ends(hand: Path, cli: Cli, bom: bool, newline: str) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + HAND_WRITTEN.replace("\n", newline).encode()
    hand.write_bytes(data)
    assert cli("add-clause", hand, "fx-concern", "--section", "preamble").code == 0
    assert cli("sign", hand, "--org", "Memorial", "--country", "Russia").code == 0
    assert cli("remove", hand, "fx-goal").code == 0
    new = hand.read_bytes()
    assert new.startswith(b"\xef\xbb\xbf") == bom
    body = new.decode("utf-8-sig")
    if newline == "\r\n":
        assert body.count("\r\n") == body.count("\n")
    else:
        assert "\r" not in body
    assert "      - clause: fx-concern" + newline in body
    assert read_draft(hand).section("preamble").items[1].clause_id == "fx-concern"


def test_failed_write_leaves_old_file_and_no_temp_files(hand: Path, cli: Cli,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    before = hand.read_bytes()

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsio.os, "replace", disk_full)
    result = cli("add-clause", hand, "fx-concern")
    assert result.code == 1
    assert result.err == (f"{hand}: error: cannot write: the disk is full; the file is "
                          "unchanged; free some space and run the command again\n")
    assert hand.read_bytes() == before
    assert [p.name for p in hand.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_interrupted_write_exits_130_with_file_intact(hand: Path, cli: Cli,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    before = hand.read_bytes()

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fsio.os, "fsync", interrupted)
    result = cli("sign", hand, "--org", "Memorial", "--country", "Russia")
    assert result.code == 130
    assert result.err == "interrupted; nothing was written\n"
    assert hand.read_bytes() == before
    assert [p.name for p in hand.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_ctrl_c_at_a_prompt_writes_nothing(hand: Path, cli: Cli,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    before = hand.read_bytes()
    monkeypatch.setattr(prompts, "is_interactive", lambda: True)

    def ctrl_c(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(prompts.Prompt, "ask", ctrl_c)
    result = cli("add-clause", hand, "fx-release")
    assert result.code == 130
    assert result.err.endswith("interrupted; nothing was written\n")
    assert hand.read_bytes() == before


def test_file_saved_by_an_editor_meanwhile_is_not_overwritten(
    hand: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch,
) -> None:
    saved_by_editor = HAND_WRITTEN.replace("# end of draft", "# saved in the editor")
    original_result = editing.DraftEdit.result

    def editor_saves(self: editing.DraftEdit) -> editing.EditResult:
        outcome = original_result(self)
        hand.write_text(saved_by_editor, encoding="utf-8")
        return outcome

    monkeypatch.setattr(editing.DraftEdit, "result", editor_saves)
    result = cli("add-clause", hand, "fx-concern")
    assert result.code == 1
    assert result.err == (f"{hand}: error: the file changed on disk while the command ran "
                          "(saved in an editor?); nothing was written; run the command again\n")
    assert hand.read_text(encoding="utf-8") == saved_by_editor


def test_symlink_and_mode_are_kept(hand: Path, cli: Cli) -> None:
    target = hand.parent / "real.yaml"
    hand.rename(target)
    hand.symlink_to(target.name)
    target.chmod(0o640)
    assert cli("add-clause", hand, "fx-concern").code == 0
    assert hand.is_symlink()
    assert os.readlink(hand) == "real.yaml"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert "fx-concern" in target.read_text(encoding="utf-8")


def test_read_only_draft_is_refused(hand: Path, cli: Cli) -> None:
    hand.chmod(0o444)
    before = hand.read_bytes()
    result = cli("remove", hand, "fx-goal")
    assert result.code == 1
    assert result.err == (f"{hand}: error: the draft is read-only; nothing was written; make it "
                          "writable (chmod u+w) if you mean to change it\n")
    assert hand.read_bytes() == before


def test_stale_temp_files_are_cleaned(hand: Path, cli: Cli) -> None:
    stale = hand.parent / ".csp-draft-abandoned.tmp"
    stale.write_text("half a draft", encoding="utf-8")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    fresh = hand.parent / ".csp-draft-running.tmp"
    fresh.write_text("another command's", encoding="utf-8")
    assert cli("add-clause", hand, "fx-concern").code == 0
    assert not stale.exists()
    assert fresh.exists()


def test_offset_zero_lists_keep_their_style(ws: Path, cli: Cli) -> None:
    draft = ws / "flat.yaml"
    draft.write_text(
        "kind: statement\ntitle: T\nsections:\n  concerns:\n    items:\n    - clause: fx-concern\n"
        "    # next\n  calls:\n    items:\n    - clause: fx-free-media\n    - clause: fx-goal\n"
        "signatories:\n- organisation: A\n  country: B\n", encoding="utf-8")
    assert cli("add-clause", draft, "fx-monitoring", "--set", "experts=3", "--at", "2").code == 0
    assert cli("remove", draft, "fx-goal").code == 0
    assert cli("sign", draft, "--org", "C", "--country", "D", "--date", "2024-05-03").code == 0
    assert re.sub("[0-9a-f]{16}", "HASH", draft.read_text(encoding="utf-8")) == (
        "kind: statement\ntitle: T\nsections:\n  concerns:\n    items:\n    - clause: fx-concern\n"
        "    # next\n  calls:\n    items:\n    - clause: fx-free-media\n"
        "    - clause: fx-monitoring\n      values:\n        experts: 3\n"
        "signatories:\n- organisation: A\n  country: B\n"
        "- organisation: C\n  country: D\n  status: confirmed\n  date: 2024-05-03\n"
        "  endorsed: {en: HASH}\n")


def _add_many(draft: str, clause: str, count: int, start: str) -> list[int]:
    """In a child process: wait for the start signal, then add ``count`` clauses."""
    while not Path(start).exists():
        time.sleep(0.001)
    return [main(["add-clause", draft, clause, "--section", "recommendations"])
            for _ in range(count)]


def test_two_processes_adding_at_once_keep_both(resolution: Path) -> None:
    start = resolution.parent / "go"
    context = multiprocessing.get_context("fork")  # children keep the test's library set-up
    with context.Pool(2) as pool:
        jobs = [pool.apply_async(_add_many, (str(resolution), clause, 8, str(start)))
                for clause in ("fx-free-media", "fx-goal")]
        time.sleep(0.2)
        start.touch()
        codes = [job.get(timeout=120) for job in jobs]
    assert codes == [[0] * 8, [0] * 8]
    found = [i.clause_id for i in read_draft(resolution).section("recommendations").items]
    assert sorted(found) == ["fx-free-media"] * 8 + ["fx-goal"] * 8


def _die_holding_the_lock(draft: str) -> None:
    with fsio.file_lock(draft):
        os.kill(os.getpid(), signal.SIGKILL)


def test_lock_of_a_killed_command_does_not_block(resolution: Path, cli: Cli) -> None:
    child = multiprocessing.get_context("fork").Process(target=_die_holding_the_lock,
                                                        args=(str(resolution),))
    child.start()
    child.join(30)
    assert child.exitcode == -signal.SIGKILL
    assert (resolution.parent / ".test.yaml.lock").exists()
    started = time.monotonic()
    assert cli("add-clause", resolution, "fx-concern").code == 0
    assert time.monotonic() - started < 10


def test_lock_that_cannot_be_made_is_a_clear_error(resolution: Path, cli: Cli,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import filelock

    def no_permission(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(filelock.FileLock, "acquire", no_permission)
    before = resolution.read_bytes()
    result = cli("add-clause", resolution, "fx-concern")
    assert result.code == 1
    assert result.err == (f"{resolution.parent / '.test.yaml.lock'}: error: cannot write: "
                          "permission denied; the file is unchanged; check the file and folder "
                          "permissions\n")
    assert resolution.read_bytes() == before
