"""The member registry from the command line: members add/list/show, sign --member, the
endorsed text of each signature (signatories, check), and shell completion of ids."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from csp_draft.cli.members import complete_member
from csp_draft.drafts.read import read_draft
from tests.drafts.conftest import Cli

MEMBERS = """\
# The coalition's members.
viasna:
  name: {en: Human Rights Center "Viasna", ru: Правозащитный центр «Весна»}
  sort_as: {en: Viasna, ru: Весна}
  country: BY
  membership: full
memorial:
  name: {en: Memorial, ru: «Мемориал»}
  country: RU
  membership: associate
tm-one:
  name: {en: Turkmen Initiative, ru: Туркменская инициатива}
  country: TM
  membership: full
  public: false
"""


@pytest.fixture
def members(ws: Path) -> Path:
    path = ws / "members.yaml"
    path.write_text(MEMBERS, encoding="utf-8")
    return path


def test_sign_with_members_renders_names_per_language(resolution: Path, members: Path,
                                                      cli: Cli) -> None:
    assert cli("add-clause", resolution, "fx-goal").code == 0
    for member in ("viasna", "memorial", "tm-one"):
        result = cli("sign", resolution, "--member", member, "--date", "2026-12-01")
        assert result.code == 0, result.err
    assert result.err == ("added Turkmen Initiative as signatory 3 (confirmed)\n"
                          "endorses the text in en, ru\n")
    text = resolution.read_text(encoding="utf-8")
    assert "  - member: memorial\n    status: confirmed\n    date: 2026-12-01\n" in text
    english = cli("export", resolution, "-f", "md", "--lang", "en", "-o", "-").out
    assert english.split("# Signatories\n\n")[1].split("\n\n")[0].rstrip() == (
        "- Memorial (Russia)\n"
        "- Human Rights Center “Viasna” (Belarus)\n"
        "- one organisation from Turkmenistan")
    russian = cli("export", resolution, "-f", "md", "--lang", "ru", "-o", "-").out
    assert russian.split("# Подписавшие организации\n\n")[1].split("\n\n")[0].rstrip() == (
        "- Правозащитный центр «Весна» (Беларусь)\n"
        "- «Мемориал» (Россия)\n"
        "- одна организация из Туркменистана")
    assert "Turkmen Initiative" not in english and "Туркменская" not in russian


def test_sign_member_errors(resolution: Path, members: Path, cli: Cli) -> None:
    result = cli("sign", resolution, "--member", "viasan")
    assert (result.code, result.err) == (
        1, "error: unknown member 'viasan'; did you mean 'viasna'?\n")
    result = cli("sign", resolution, "--member", "viasna", "--country", "BY")
    assert (result.code, result.err) == (
        2, "error: a member's country and names come from members.yaml; change them there "
        "(`csp-draft members show ID`), or sign with --org\n")
    result = cli("sign", resolution)
    assert result.code == 2
    assert result.err.startswith("error: give either --org or --member;")


def test_members_list_sorted_per_language_and_show(members: Path, cli: Cli) -> None:
    english = cli("members", "list")
    assert english.code == 0
    assert [line.split()[0] for line in english.out.splitlines()[2:]] == [
        "memorial", "tm-one", "viasna"]
    russian = cli("members", "list", "--lang", "ru")
    assert [line.split()[0] for line in russian.out.splitlines()[2:]] == [
        "viasna", "memorial", "tm-one"]  # Весна, Мемориал, Туркменская
    assert english.err == "3 members\n"
    shown = cli("members", "show", "tm-one").out
    assert "name (ru): Туркменская инициатива\n" in shown
    assert "public: no: sign-on lists count it, never name it\n" in shown


def test_members_add_writes_a_registry_that_reads_back(ws: Path, cli: Cli) -> None:
    result = cli("members", "add", "viasna", "--name", 'en=Human Rights Center "Viasna"',
                 "--name", "ru=Правозащитный центр «Весна»", "--sort-as", "ru=Весна",
                 "--country", "BY")
    assert (result.code, result.err) == (0, f"added viasna to {ws / 'members.yaml'}\n")
    result = cli("members", "add", "tm-one", "--name", "en=Turkmen Initiative", "--country",
                 "TM", "--membership", "associate", "--private")
    assert result.code == 0
    text = (ws / "members.yaml").read_text(encoding="utf-8")
    assert text.startswith("# The coalition's members")
    assert "tm-one:\n  name:\n    en: Turkmen Initiative\n  country: TM\n" in text
    assert "  membership: associate\n  public: false\n" in text
    again = cli("members", "add", "viasna", "--name", "en=X", "--country", "BY")
    assert (again.code, again.err) == (
        1, f"{ws / 'members.yaml'}: error: member 'viasna' exists already; nothing was "
        "changed; edit its entry by hand\n")
    bad = cli("members", "add", "x", "--name", "en=X", "--country", "Belarus")
    assert (bad.code, bad.err) == (
        2, "error: --country takes an ISO 3166 code, not 'Belarus'; e.g. BY, KG, TM\n")


def test_bad_registry_reports_every_problem_at_its_line(ws: Path, resolution: Path,
                                                       cli: Cli) -> None:
    (ws / "members.yaml").write_text(
        "viasna:\n  name: Viasna\n  country: Belarus\n  membership: full\n  email: a@b.org\n"
        "Bad_Id:\n  name: X\n  country: BY\n  membership: full\n"
        "memorial:\n  name: Memorial\n  country: RU\n  membership: honorary\n  public: maybe\n",
        encoding="utf-8")
    result = cli("members", "list")
    assert result.code == 1
    path = ws / "members.yaml"
    assert result.err.splitlines() == [
        f"{path}:5:3: error: unknown field 'email' in member 'viasna'; use name, sort_as, "
        "country, membership, public; contacts belong in members-contacts.yaml, which no "
        "output reads",
        f"{path}:3:12: error: 'country' of member 'viasna' must be an ISO 3166 code, not "
        "'Belarus'; e.g. BY, KG, TM",
        f"{path}:6:1: error: bad member id 'Bad_Id'; use lower-case letters, digits and "
        "hyphens, e.g. viasna",
        f"{path}:13:15: error: 'membership' of member 'memorial' must be full or associate, "
        "not 'honorary'; full or associate",
        f"{path}:14:11: error: 'public' of member 'memorial' must be true or false, not "
        "'maybe'; true or false",
    ]
    # A draft naming a member of a broken registry says where the registry is broken.
    text = resolution.read_text(encoding="utf-8").replace("signatories: []\n", "")
    resolution.write_text(text + "signatories:\n  - member: viasna\n", encoding="utf-8")
    checked = cli("check", resolution)
    assert checked.code == 1
    assert f"{path}:5:3: error: unknown field 'email' in member 'viasna';" in checked.err


def test_draft_naming_an_unknown_member(resolution: Path, members: Path, cli: Cli) -> None:
    text = resolution.read_text(encoding="utf-8").replace("signatories: []\n", "")
    resolution.write_text(text + "signatories:\n  - member: memorail\n  - member: viasna\n"
                          "    country: RU\n", encoding="utf-8")
    lines = text.count("\n")
    result = cli("check", resolution)
    assert result.code == 1
    assert [line for line in result.err.splitlines() if ": error: " in line] == [
        f"{resolution}:{lines + 2}:13: error: unknown member 'memorail'; did you mean "
        "'memorial'?",
        f"{resolution}:{lines + 4}:5: error: 'country' of a member comes from members.yaml; "
        "change it there, or remove 'country' here"]


def test_endorsements_follow_the_text(resolution: Path, members: Path, cli: Cli,
                                      ws: Path) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(ws)], check=True)
    assert cli("add-clause", resolution, "fx-goal").code == 0
    assert cli("sign", resolution, "--member", "viasna").code == 0
    subprocess.run([*git, "-C", str(ws), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(ws), "commit", "-qm", "signed"], check=True)
    assert "endorsed" not in cli("check", resolution).err
    assert cli("add-clause", resolution, "fx-free-media").code == 0
    assert cli("sign", resolution, "--member", "memorial").code == 0
    check = cli("check", resolution)
    assert check.code == 0
    warnings = [line for line in check.err.splitlines() if "endorsed" in line]
    assert [w.split(": warning: ")[1].split(";")[0] for w in warnings] == [
        "Human Rights Center \"Viasna\" (viasna) endorsed an older 'en' text than this one",
        "Human Rights Center \"Viasna\" (viasna) endorsed an older 'ru' text than this one"]
    report = cli("signatories", resolution)
    assert report.code == 0
    rows = [line.split("  ")[0] for line in report.out.splitlines()[2:]]
    assert rows == ["viasna", "memorial"]
    assert "en: older, ru: older" in report.out.splitlines()[2]
    assert "en: current, ru: current" in report.out.splitlines()[3]
    assert "Human Rights Center \"Viasna\" endorsed an older 'en' text\n" in report.err
    assert "  clause added: fx-free-media at recommendations.2\n" in report.err
    # Signing again endorses today's text.
    assert cli("sign", resolution, "--member", "viasna").err == (
        "updated the signature of Human Rights Center \"Viasna\" (signatory 1, confirmed)\n"
        "endorses the text in en, ru\n")
    assert "endorsed" not in cli("check", resolution).err
    assert read_draft(resolution).signatories[0].endorsed == \
        read_draft(resolution).signatories[1].endorsed


def test_completion_lists_member_ids(members: Path) -> None:
    assert complete_member("") == ["memorial", "tm-one", "viasna"]
    assert complete_member("m") == ["memorial"]


def test_completion_is_quiet_outside_a_workspace_or_with_a_broken_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, members: Path) -> None:
    members.write_text("viasna: [unclosed\n", encoding="utf-8")
    assert complete_member("") == []
    monkeypatch.chdir(tmp_path)
    assert complete_member("") == []


def test_init_keeps_contacts_out_of_git(ws: Path) -> None:
    assert "\nmembers-contacts.yaml\n" in (ws / ".gitignore").read_text(encoding="utf-8")


def test_sign_and_members_show_complete_ids_through_click(members: Path) -> None:
    import typer.main

    from csp_draft.cli.main import _app

    root = typer.main.get_command(_app())
    sign = root.commands["sign"]
    (option,) = [p for p in sign.params if "--member" in p.opts]
    context = sign.make_context("sign", ["d.yaml"], resilient_parsing=True)
    assert [item.value for item in option.shell_complete(context, "v")] == ["viasna"]
    show = root.commands["members"].commands["show"]
    (argument,) = show.params[:1]
    context = show.make_context("show", [], resilient_parsing=True)
    assert [item.value for item in argument.shell_complete(context, "")] == [
        "memorial", "tm-one", "viasna"]


def test_a_member_without_a_name_in_a_draft_language_is_a_warning(
        resolution: Path, ws: Path, cli: Cli) -> None:
    (ws / "members.yaml").write_text(
        "hrw:\n  name: {en: Human Rights Watch}\n  country: US\n  membership: associate\n",
        encoding="utf-8")
    assert cli("add-clause", resolution, "fx-goal").code == 0
    assert cli("sign", resolution, "--member", "hrw").code == 0
    result = cli("check", resolution)
    assert result.code == 0
    line = next(line for line in result.err.splitlines() if "member 'hrw'" in line)
    assert line.endswith(": warning: member 'hrw' has no 'ru' name in members.yaml, so its "
                         "name in another language stands in; add it there "
                         f"({ws / 'members.yaml'}:2:3)")
