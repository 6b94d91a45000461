"""`csp-draft init` and `csp-draft new`: workspaces and new drafts of every kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from csp_draft.drafts.read import read_draft
from csp_draft.models.kinds import KINDS
from csp_draft.workspace import load_workspace
from tests.drafts.conftest import Cli


def test_init_creates_workspace(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "coalition"
    result = cli("init", str(root), "--coalition", "Civic Solidarity Platform",
                 "--lang", "en,ru,uk", "--addressee", "odihr", "--addressee", "osce-pa")
    assert result.code == 0, result.err
    assert result.err.startswith(f"created a workspace in {root}: clauses/, templates/, "
                                 "drafts/, README.md, .gitignore, csp-draft.yaml\n")
    assert sorted(p.name for p in root.iterdir()) == [
        ".gitignore", "README.md", "clauses", "csp-draft.yaml", "drafts", "templates"]
    assert all(not any((root / name).iterdir()) for name in ("clauses", "templates", "drafts"))
    workspace = load_workspace(root)
    assert workspace.coalition == "Civic Solidarity Platform"
    assert workspace.languages == ("en", "ru", "uk")
    assert workspace.addressees == ("odihr", "osce-pa")
    assert workspace.drafts_dir == (root / "drafts").resolve()
    assert "csp-draft new resolution" in (root / "README.md").read_text(encoding="utf-8")


def test_init_in_current_folder_and_refuses_existing(tmp_path: Path, cli: Cli,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("init").code == 0
    config = tmp_path / "csp-draft.yaml"
    before = config.read_bytes()
    result = cli("init", "--coalition", "Other")
    assert result.code == 1
    assert result.err == (f"{Path('csp-draft.yaml')}: error: a workspace already exists here; "
                          "nothing was changed; edit csp-draft.yaml to change its settings\n")
    assert config.read_bytes() == before


def test_init_keeps_an_existing_readme(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "README.md").write_text("mine\n", encoding="utf-8")
    assert cli("init", str(tmp_path)).code == 0
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(("args", "message"), [
    (["--lang", "en,xx1"], "error: 'xx1' is not a language code; use codes such as en, ru, uk"),
    (["--addressee", "odhir"], "error: unknown addressee 'odhir'; did you mean 'odihr'?"),
    (["--coalition", "bad\x1b[2J"], "error: --coalition contains a control character; type "
     "the text again; such characters are often pasted by accident"),
])
def test_init_rejects_bad_settings(tmp_path: Path, cli: Cli, args: list[str],
                                   message: str) -> None:
    result = cli("init", str(tmp_path / "ws"), *args)
    assert result.code == 2
    assert result.err == message + "\n"
    assert not (tmp_path / "ws" / "csp-draft.yaml").exists()


@pytest.mark.parametrize("kind", list(KINDS))
def test_new_every_kind_reads_back(ws: Path, cli: Cli, kind: str) -> None:
    result = cli("new", kind, "--title", f"A {kind}", "--event", "Forum", "--place", "Vienna",
                 "--date", "2025-12-05", "--lang", "en,ru")
    assert result.code == 0, result.err
    path = ws / "drafts" / f"a-{kind}.yaml"
    sections = ", ".join(plan.key for plan in KINDS[kind].sections)
    first_line = result.err.splitlines()[0]
    assert first_line == f"created {Path('drafts') / path.name} ({kind}: {sections})"
    draft = read_draft(path)
    assert draft.kind == kind
    assert draft.title == f"A {kind}"
    assert draft.event == "Forum" and draft.place == "Vienna"
    assert str(draft.date) == "2025-12-05"
    assert draft.languages == ("en", "ru")
    assert draft.authors == ("Test Coalition",)
    assert [s.key for s in draft.sections] == [p.key for p in KINDS[kind].sections]
    assert all(not s.items for s in draft.sections)
    assert draft.signatories == ()
    assert path.read_text(encoding="utf-8").startswith("# ")  # commented for hand editing


def test_new_without_title_uses_kind_label_and_kind_name(ws: Path, cli: Cli) -> None:
    assert cli("new", "statement").code == 0
    draft = read_draft(ws / "drafts" / "statement.yaml")
    assert draft.title == {"en": "Joint statement", "ru": "Совместное заявление"}
    text = (ws / "drafts" / "statement.yaml").read_text(encoding="utf-8")
    assert "title: {en: Joint statement, ru: Совместное заявление}\n" in text
    assert "# date: YYYY-MM-DD\n" in text


def test_new_slug_from_title_and_quoting(ws: Path, cli: Cli) -> None:
    title = 'Résolution: "Helsinki +50" #1'
    assert cli("new", "resolution", "--title", title).code == 0
    path = ws / "drafts" / "resolution-helsinki-50-1.yaml"
    assert read_draft(path).title == title


def test_new_never_overwrites_without_force(resolution: Path, cli: Cli) -> None:
    resolution.write_text(resolution.read_text(encoding="utf-8") + "# my note\n",
                          encoding="utf-8")
    before = resolution.read_bytes()
    result = cli("new", "statement", str(resolution))
    assert result.code == 1
    assert result.err == (f"{resolution}: error: the file exists; it was not overwritten; "
                          "give another path, or --force to replace it\n")
    assert resolution.read_bytes() == before
    assert cli("new", "statement", str(resolution), "--force").code == 0
    assert read_draft(resolution).kind == "statement"


def test_new_without_workspace_writes_here(tmp_path: Path, cli: Cli,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("new", "remarks", "--title", "Closing remarks", "--lang", "en")
    assert result.code == 0, result.err
    draft = read_draft(tmp_path / "closing-remarks.yaml")
    assert draft.languages == ("en",)
    assert draft.authors == ()


def test_new_into_a_folder(ws: Path, cli: Cli) -> None:
    (ws / "other").mkdir()
    assert cli("new", "declaration", "other").code == 0
    assert read_draft(ws / "other" / "declaration.yaml").kind == "declaration"


def test_new_list_shows_kinds(cli: Cli) -> None:
    result = cli("new", "--list")
    assert result.code == 0
    for name, kind in KINDS.items():
        assert name in result.out
        assert kind.description.split()[0] in result.out


@pytest.mark.parametrize(("args", "code", "message"), [
    (["new", "resolutoin"], 1, "error: unknown document kind 'resolutoin'; did you mean "
     "'resolution'?"),
    (["new"], 2, "error: give the KIND of document; `csp-draft new --list` shows them"),
    (["new", "statement", "--date", "2017-13-01"], 2,
     "error: --date '2017-13-01' is not a date written YYYY-MM-DD; e.g. 2017-07-04"),
    (["new", "statement", "--lang", "en,"], 0, ""),
    (["new", "statement", "--title", " "], 2, "error: --title is empty"),
])
def test_new_argument_errors(ws: Path, cli: Cli, args: list[str], code: int,
                             message: str) -> None:
    result = cli(*args)
    assert result.code == code
    if message:
        assert result.err == message + "\n"


def test_new_missing_folder(ws: Path, cli: Cli) -> None:
    result = cli("new", "statement", "nowhere/x.yaml")
    assert result.code == 1
    assert result.err == ("nowhere: error: the folder does not exist; create it first or give "
                          "a path\n")
    assert not (ws / "nowhere").exists()
