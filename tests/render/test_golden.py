"""Golden tests: a draft of every document kind, rendered in English and in Russian.

Each folder under ``tests/render/golden/`` holds a ``draft.yaml`` and the Markdown expected from it
in each of the draft's languages (``expected.en.md``, ``expected.ru.md``). The expected files
were read in full, as a member of a coalition would read the document, before they were
accepted; a rendering that differs by a single character fails with a unified diff.

After a deliberate change to templates, labels, kinds or clause texts, regenerate them with

    CSP_DRAFT_UPDATE_GOLDEN=1 pytest tests/render/test_golden.py

then read the changed expected files (``git diff tests/render/golden``) before committing them.
Without that variable the test never writes anything.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from csp_draft.cli.session import Session
from csp_draft.drafts.examples import example_files
from csp_draft.drafts.read import read_draft
from csp_draft.models.kinds import KINDS
from csp_draft.render.document import DocumentRenderer, RenderResult, template_folders

GOLDEN = Path(__file__).parent / "golden"
UPDATE_VARIABLE = "CSP_DRAFT_UPDATE_GOLDEN"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "draft.yaml").is_file())
LANGUAGES = ("en", "ru")


@pytest.fixture(scope="module")
def renderer(tmp_path_factory: pytest.TempPathFactory) -> DocumentRenderer:
    """The packaged library and templates, as `csp-draft export` uses them outside a workspace."""
    session = Session(start=tmp_path_factory.mktemp("no-workspace"))
    assert session.workspace.root is None, "a csp-draft.yaml above the temporary folder"
    assert not session.library.notices
    folders = template_folders(session.workspace.templates_dir)
    return DocumentRenderer(session.library, folders)


def render(renderer: DocumentRenderer, draft_path: Path, lang: str) -> RenderResult:
    return renderer.render(read_draft(draft_path), lang)


def updating() -> bool:
    return os.environ.get(UPDATE_VARIABLE) == "1"


def test_every_document_kind_has_a_golden_case() -> None:
    kinds = {read_draft(GOLDEN / case / "draft.yaml").kind for case in CASES}
    assert kinds == set(KINDS)


@pytest.mark.parametrize("case", CASES)
def test_golden_drafts_are_written_in_english_and_russian(case: str) -> None:
    assert read_draft(GOLDEN / case / "draft.yaml").languages == LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", CASES)
def test_golden_markdown(renderer: DocumentRenderer, case: str, lang: str) -> None:
    result = render(renderer, GOLDEN / case / "draft.yaml", lang)
    assert [d.format() for d in result.warnings] == []
    expected_path = GOLDEN / case / f"expected.{lang}.md"
    if updating():
        expected_path.write_bytes(result.markdown.encode("utf-8"))
    if not expected_path.is_file():
        pytest.fail(f"{expected_path} is missing; create it with {UPDATE_VARIABLE}=1 pytest "
                    f"{Path(__file__).name} and read it before committing it")
    expected = expected_path.read_bytes().decode("utf-8")
    if result.markdown != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), result.markdown.splitlines(keepends=True),
            fromfile=f"{case}/expected.{lang}.md", tofile=f"{case} rendered in {lang}"))
        pytest.fail(f"the {lang} Markdown of golden case '{case}' changed; if the change is "
                    f"intended, regenerate with {UPDATE_VARIABLE}=1 and read the result\n"
                    + diff, pytrace=False)


@pytest.mark.parametrize("name", sorted(example_files()))
def test_examples_render_in_their_languages_without_warnings(
    renderer: DocumentRenderer, name: str
) -> None:
    path = example_files()[name]
    assert path.read_text(encoding="utf-8").startswith("# "), "first line: a summary comment"
    draft = read_draft(path)
    assert draft.languages == LANGUAGES
    for lang in draft.languages:
        result = render(renderer, path, lang)
        assert result.warnings == []
        assert result.markdown.startswith("---\n")


@pytest.mark.parametrize("path", [*sorted(example_files().values()),
                                  *sorted(Path(__file__).parent.glob("golden/*/draft.yaml"))],
                         ids=lambda path: f"{path.parent.name}/{path.name}")
def test_examples_and_golden_drafts_need_no_missing_form(path: Path) -> None:
    """Every packaged example and golden draft passes the strict check of forms, so making
    a missing form an error (``MISSING_FORM_IS_ERROR``) breaks none of them."""
    from csp_draft.drafts.read import check_draft

    session = Session(start=path.parent)
    problems = check_draft(read_draft(path), session.library, strict_forms=True)
    assert [p.format() for p in problems if "form" in p.message] == []
