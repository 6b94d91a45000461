"""Shell completion: what a Tab press offers, the scripts of each shell, their install."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from csp_draft.cli.completion import BASH, FISH, POWERSHELL, ZSH


@pytest.fixture
def complete(cli, monkeypatch: pytest.MonkeyPatch):
    """Press Tab after ``words`` (the last one being the word typed so far) in ``shell``;
    the lines csp-draft answers."""

    def press(*words: str, shell: str = "fish") -> list[str]:
        monkeypatch.setenv("CSP_DRAFT_COMPLETE", shell)
        try:
            result = cli(*words)
        finally:
            monkeypatch.delenv("CSP_DRAFT_COMPLETE")
        assert result.code == 0
        assert result.err == ""
        return result.out.splitlines()

    return press


def test_commands_and_groups_with_their_help(complete) -> None:
    found = complete("cl")
    assert found == ["clauses\tBrowse, search and check the clause library."]
    assert "schema\tPrint the JSON Schema of clause files." in complete("clauses", "")


def test_options_of_the_command_on_the_line(complete) -> None:
    assert complete("export", "drafts/forum.yaml", "--l") == [
        "--lang\tLanguage(s), e.g. en or en,ru (default: the draft's first).",
        "--library\tExtra clause folder (repeatable); overrides by id."]
    assert "--install-completion\tInstall Tab completion for the shell you use." in complete(
        "--")


def test_option_values_in_each_way_of_writing_them(complete, tmp_path: Path,
                                                   monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "csp-draft.yaml").write_text("languages: [en, ru, uk]\n", encoding="utf-8")
    expected = ["en\tEnglish", "ru\tRussian", "uk"]
    assert complete("export", "forum.yaml", "--lang", "") == expected
    assert complete("export", "forum.yaml", "--lang=r") == ["--lang=ru\tRussian"]
    assert complete("export", "forum.yaml", "--lang", "=", "u", shell="bash") == ["uk"]
    assert complete("export", "--", "--lang", "") == []  # after --, only file names


def test_clause_ids_with_titles_and_values_only_for_bash(complete, cli, tmp_path: Path,
                                                         monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    expected = ["release-defenders\tRelease of imprisoned human-rights defenders",
                "release-journalists\tRelease of imprisoned journalists and bloggers",
                "release-journalists-azerbaijan\tJournalists imprisoned in Azerbaijan"]
    assert cli("clauses", "list").code == 0  # leaves the library index in the cache
    assert complete("clauses", "show", "release-d") == expected[:1]
    assert complete("add-clause", "forum.yaml", "release-j") == expected[1:]
    assert complete("add-clause", "forum.yaml", "release-j", shell="bash") == [
        "release-journalists", "release-journalists-azerbaijan"]


def test_clause_ids_without_an_index_come_from_file_names(complete, tmp_path: Path,
                                                         monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))
    monkeypatch.chdir(tmp_path)
    assert complete("clauses", "show", "release-def") == ["release-defenders"]


def test_workspace_clauses_are_offered(complete, cli, tmp_path: Path, monkeypatch,
                                       write_clause) -> None:
    assert cli("init", str(tmp_path / "ws")).code == 0
    monkeypatch.chdir(tmp_path / "ws")
    (tmp_path / "ws" / "clauses" / "zz-local-demand.yaml").write_text(
        (Path(write_clause("zz-local-demand")).read_text(encoding="utf-8")), encoding="utf-8")
    assert complete("clauses", "show", "zz-") == ["zz-local-demand"]
    assert cli("clauses", "list").code == 0
    assert complete("clauses", "show", "zz-") == ["zz-local-demand\tA test clause"]


def test_item_references_and_sections_of_the_draft_on_the_line(complete, cli, tmp_path,
                                                               monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("example", "minsk-2017", "forum.yaml").code == 0
    assert complete("remove", "forum.yaml", "recommendations.1") == [
        "recommendations.1\trelease-defenders", "recommendations.10\tminimum-demands"]
    assert complete("set", "forum.yaml", "situation.") == [
        "situation.1\tshrinking-civic-space",
        "situation.2\tLaws adopted in the name of fighting extremism and terroris…"]
    assert complete("move", "forum.yaml", "situation.2", "--to", "b") == ["belarus\t2 items"]
    assert complete("section", "remove", "forum.yaml", "pre") == ["preamble\t1 items"]


def test_draft_at_revision_offers_commits_and_branches(complete, tmp_path: Path,
                                                       monkeypatch) -> None:
    if shutil.which("git") is None:
        pytest.fail("git is needed (apt-get install git)")
    monkeypatch.chdir(tmp_path)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    Path("forum.yaml").write_text("kind: resolution\n", encoding="utf-8")
    for args in (["init", "-q", "-b", "main"], ["add", "forum.yaml"],
                 ["commit", "-qm", "First draft"], ["tag", "circulated"]):
        subprocess.run(["git", *args], check=True, env=env)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=True).stdout.strip()
    found = complete("compare", "forum.yaml@", shell="bash")
    assert found == [f"forum.yaml@{commit}", "forum.yaml@main", "forum.yaml@circulated",
                     "forum.yaml@HEAD", "forum.yaml@HEAD~1"]
    assert complete("compare", "forum.yaml@ci") == ["forum.yaml@circulated"]
    assert complete("compare", "forum.ya") == []  # file names: the shell's own completion


def test_members_and_people_of_the_workspace(tmp_path: Path, monkeypatch) -> None:
    from csp_draft.cli import complete as kinds

    (tmp_path / "csp-draft.yaml").write_text("coalition: Test\n", encoding="utf-8")
    (tmp_path / "members.yaml").write_text(
        "members:\n  - id: viasna\n    name: {en: Human Rights Center Viasna}\n"
        "  - id: verdict\n    name: Public Verdict\n", encoding="utf-8")
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "ales-bialiatski.yaml").write_text("{}\n", encoding="utf-8")
    place = kinds.Place(command=("sign",), incomplete="v", cwd=tmp_path)
    assert kinds.member_ids(place) == [("viasna", "Human Rights Center Viasna"),
                                       ("verdict", "Public Verdict")]
    place.incomplete = "ales"
    assert kinds.person_ids(place) == [("ales-bialiatski", "")]
    assert kinds.kind_of(("sign",), "member") == "member"
    (tmp_path / "members.yaml").unlink()
    assert kinds.member_ids(place) == []


def test_completion_show_prints_each_shells_script(cli) -> None:
    for shell, script in (("bash", BASH), ("zsh", ZSH), ("fish", FISH),
                          ("powershell", POWERSHELL), ("pwsh", POWERSHELL)):
        result = cli("completion", "show", shell)
        assert (result.code, result.out) == (0, script)
    assert "complete -o default -o nosort -F _csp_draft_complete csp-draft" in BASH
    assert "compdef _csp_draft csp-draft" in ZSH
    assert "complete -c csp-draft -f -a '(__csp_draft_complete)'" in FISH
    assert "Register-ArgumentCompleter -Native -CommandName csp-draft" in POWERSHELL
    result = cli("completion", "show", "tcsh")
    assert (result.code, result.err) == (
        2, "error: no completion for the shell 'tcsh'; choose bash, zsh, fish or powershell\n")


def test_the_bash_script_is_valid_bash() -> None:
    done = subprocess.run(["bash", "-n"], input=BASH, text=True, capture_output=True)
    assert (done.returncode, done.stderr) == (0, "")


def test_root_show_completion_uses_the_users_shell(cli, monkeypatch) -> None:
    monkeypatch.setenv("SHELL", "/usr/bin/zsh")
    assert cli("--show-completion").out == ZSH
    monkeypatch.setenv("SHELL", "/bin/sh")
    result = cli("--show-completion")
    assert (result.code, result.err) == (
        2, "error: cannot tell which shell you use; name it: csp-draft completion install "
        "bash (or zsh, fish, powershell)\n")


def test_install_writes_the_script_and_loads_it_once(cli, tmp_path: Path,
                                                    monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    (tmp_path / ".bashrc").write_text("alias ll='ls -l'", encoding="utf-8")
    script = tmp_path / ".local" / "share" / "csp-draft" / "completion.bash"
    result = cli("completion", "install", "bash")
    assert result.code == 0, result.err
    assert result.out == (f"{script}: completion script\n{tmp_path / '.bashrc'}: loads the "
                          "script in new shells\ncompletion for bash installed; open a new "
                          "terminal to use it\n")
    assert script.read_text(encoding="utf-8") == BASH
    rc = ("alias ll='ls -l'\n# csp-draft: complete commands, clause ids and items on Tab\n"
          f"source '{script}'\n")
    assert (tmp_path / ".bashrc").read_text(encoding="utf-8") == rc
    assert "already loads the script" in cli("completion", "install", "bash").out
    assert (tmp_path / ".bashrc").read_text(encoding="utf-8") == rc
    assert cli("completion", "install", "fish").code == 0
    fish = tmp_path / ".config" / "fish" / "completions" / "csp-draft.fish"
    assert fish.read_text(encoding="utf-8") == FISH
    assert cli("completion", "install", "powershell").code == 0
    profile = tmp_path / ".config" / "powershell" / "Microsoft.PowerShell_profile.ps1"
    assert profile.read_text(encoding="utf-8").endswith(
        f". '{script.with_name('completion.ps1')}'\n")


def test_control_codes_in_a_title_never_reach_the_command_line(complete, tmp_path: Path,
                                                                monkeypatch) -> None:
    (tmp_path / "csp-draft.yaml").write_text("coalition: Test\n", encoding="utf-8")
    (tmp_path / "members.yaml").write_text(
        'members:\n  - id: "evil\\x1b[2J"\n    name: "Rights\\tgroup\\u202e\\x07"\n',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    from csp_draft.cli import complete as kinds

    place = kinds.Place(command=("sign",), incomplete="", cwd=tmp_path)
    assert kinds.member_ids(place) == [("evil\x1b[2J", "Rights group\u202e\x07")]
    monkeypatch.setitem(kinds.KINDS, "org", kinds.member_ids)
    assert complete("sign", "forum.yaml", "--org", "") == ["evil[2J\tRights group"]


def test_powershell_passes_the_word_in_the_environment(cli, tmp_path: Path,
                                                      monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("clauses", "list").code == 0  # the index, for the titles
    monkeypatch.setenv("CSP_DRAFT_COMPLETE", "powershell")
    monkeypatch.setenv("CSP_DRAFT_COMPLETE_WORD", "")
    result = cli("clauses")
    assert result.code == 0
    shown = [line for line in result.out.splitlines() if line.startswith("show\t")]
    assert shown and shown[0].startswith("show\tShow a clause: metadata, its addressee")
    assert shown[0].endswith("…")  # the description cut to one line
    monkeypatch.setenv("CSP_DRAFT_COMPLETE_WORD", "release-def")
    assert cli("clauses", "show").out == ("release-defenders\tRelease of imprisoned "
                                          "human-rights defenders\n")


def test_without_shell_variable_the_login_shell_is_used(cli, monkeypatch) -> None:
    """A container or a cron job runs without $SHELL; the account's login shell decides."""
    import pwd
    from types import SimpleNamespace

    monkeypatch.delenv("SHELL", raising=False)
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: SimpleNamespace(pw_shell="/usr/bin/fish"))
    assert cli("--show-completion").out == FISH
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: SimpleNamespace(pw_shell="/bin/sh"))
    assert cli("--show-completion").code == 2
