"""The Minsk 2017 example parsed back by a CommonMark parser has the structure of the resolution.

The resolution is rendered in English and Russian through the public API, parsed with
markdown-it (CommonMark with the footnote and front-matter plugins, as the writers read it),
and its tokens are walked to check what a reader relies on: the front matter, the headings in
order, ten recommendations numbered 1..10 with the sixteen minimum demands nested in the
seventh, footnotes numbered in the order they are first referenced with every reference
defined, and the signatories sorted as the language sorts ("Organisation (Country)"), or
grouped by country with counts, without the organisation still pending.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from csp_draft.cli.session import Session
from csp_draft.drafts.examples import example_files
from csp_draft.drafts.read import read_draft
from csp_draft.render.document import DocumentRenderer, template_folders


@dataclass(frozen=True)
class Expected:
    title: str
    headings: list[str]
    demands_lead: str
    first_demand: str
    last_demand: str
    signatories: list[tuple[str, list[str]]]
    pending: str
    sign_on: list[str]  # the flat list, in the language's collation order
    total: str


EXPECTED = {
    "en": Expected(
        title="Resolution of the Civil Society Forum",
        headings=["The human dimension in the OSCE region",
                  "Belarus: six years after the Moscow Mechanism report",
                  "Recommendations", "Signatories"],
        demands_lead="Urge the authorities of Belarus to meet at least the following demands",
        first_demand="Release all political prisoners and restore their rights",
        last_demand="End pressure on independent trade unions",
        signatories=[
            ("Belarus", ["Belarusian Helsinki Committee", "Human Rights Center “Viasna”"]),
            ("Kazakhstan", ["Kazakhstan International Bureau for Human Rights and Rule of Law"]),
            ("Netherlands", ["Netherlands Helsinki Committee"]),
        ],
        pending="Norwegian Helsinki Committee",
        sign_on=["Belarusian Helsinki Committee (Belarus)",
                 "Human Rights Center “Viasna” (Belarus)",
                 "Kazakhstan International Bureau for Human Rights and Rule of Law (Kazakhstan)",
                 "Netherlands Helsinki Committee (Netherlands)"],
        total="4 organisations from 3 countries",
    ),
    "ru": Expected(
        title="Резолюция Форума гражданского общества",
        headings=["Человеческое измерение в регионе ОБСЕ",
                  "Беларусь: шесть лет после доклада по Московскому механизму",
                  "Рекомендации", "Подписавшие организации"],
        demands_lead="Призвать власти Беларуси незамедлительно выполнить как минимум следующие "
                     "требования",
        first_demand="освободить всех политических заключённых и восстановить их в правах;",
        last_demand="прекратить давление на независимые профсоюзы.",
        signatories=[
            ("Беларусь", ["Белорусский Хельсинкский комитет", "Правозащитный центр «Весна»"]),
            ("Казахстан",
             ["Казахстанское международное бюро по правам человека и соблюдению законности"]),
            ("Нидерланды", ["Нидерландский Хельсинкский комитет"]),
        ],
        pending="Норвежский Хельсинкский комитет",
        sign_on=["Белорусский Хельсинкский комитет (Беларусь)",
                 "Казахстанское международное бюро по правам человека и соблюдению законности "
                 "(Казахстан)",
                 "Нидерландский Хельсинкский комитет (Нидерланды)",
                 "Правозащитный центр «Весна» (Беларусь)"],
        total="4 организации из 3 стран",
    ),
}

# The top-level blocks of the body, in order: title block and preamble, two analytic
# sections of two paragraphs each, the recommendations, the signatories, the footnotes.
OUTLINE = [
    "front_matter", "paragraph", "paragraph",
    "heading", "paragraph", "paragraph",
    "heading", "paragraph", "paragraph",
    # Recommendations, grouped by addressee: a heading paragraph ("To the OSCE participating
    # States:") above each group's list, the numbers running on from list to list.
    "heading", "paragraph", "ordered_list", "paragraph", "ordered_list",
    "paragraph", "ordered_list", "paragraph", "ordered_list",
    # The tenth asks the participating States again (to urge the Belarusian authorities).
    "paragraph", "ordered_list",
    "heading", "bullet_list",
    "footnote_block",
]


@pytest.fixture(scope="module")
def markdown(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The Minsk example rendered in each of its languages, as `csp-draft export` does it."""
    session = Session(start=tmp_path_factory.mktemp("no-workspace"))
    renderer = DocumentRenderer(session.library, template_folders(session.workspace.templates_dir))
    draft = read_draft(example_files()["minsk-2017"])
    results = {lang: renderer.render(draft, lang) for lang in draft.languages}
    assert all(not r.warnings for r in results.values())
    return {lang: r.markdown for lang, r in results.items()}


def parse(text: str) -> SyntaxTreeNode:
    parser = MarkdownIt("commonmark").use(front_matter_plugin).use(footnote_plugin)
    return SyntaxTreeNode(parser.parse(text))


def plain(node: SyntaxTreeNode) -> str:
    """The text of a node as a reader sees it (footnote markers left out)."""
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(plain(child) for child in node.children)


def walk(node: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    nodes = [node]
    for child in node.children:
        nodes.extend(walk(child))
    return nodes


def blocks(root: SyntaxTreeNode, kind: str) -> list[SyntaxTreeNode]:
    return [node for node in root.children if node.type == kind]


def footnote_labels(node: SyntaxTreeNode) -> list[str]:
    return [n.meta["label"] for n in walk(node) if n.type == "footnote_ref"]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_front_matter_and_outline(markdown: dict[str, str], lang: str) -> None:
    root = parse(markdown[lang])
    assert [node.type for node in root.children] == OUTLINE
    front = yaml.safe_load(root.children[0].content)
    assert front["title"] == EXPECTED[lang].title
    assert front["lang"] == lang
    assert front["kind"] == "resolution"
    assert front["date"] == "2017-07-04"
    headings = blocks(root, "heading")
    assert [h.tag for h in headings] == ["h1"] * 4
    assert [plain(h) for h in headings] == EXPECTED[lang].headings


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_ten_recommendations_with_sixteen_demands_in_the_tenth(
    markdown: dict[str, str], lang: str
) -> None:
    lists = blocks(parse(markdown[lang]), "ordered_list")
    items = [item for block in lists for item in block.children]
    assert [item.info for item in items] == [str(n) for n in range(1, 11)]
    assert "start" not in lists[0].attrs
    assert [block.attrs.get("start") for block in lists[1:]] == [7, 8, 9, 10]
    for number, item in enumerate(items, 1):
        nested = [child for child in item.children if child.type.endswith("_list")]
        if number != 10:
            assert [child.type for child in item.children] == ["paragraph"], number
            assert nested == []
    seventh = items[9]
    assert [child.type for child in seventh.children] == ["paragraph", "bullet_list", "paragraph"]
    lead, demands, follow_up = seventh.children
    assert plain(lead).startswith(EXPECTED[lang].demands_lead)
    assert len(demands.children) == 16
    texts = [plain(item) for item in demands.children]
    assert texts[0] == EXPECTED[lang].first_demand
    assert texts[-1] == EXPECTED[lang].last_demand
    assert all(not any(n.type.endswith("_list") for n in walk(item)[1:])
               for item in demands.children)
    assert "Moscow Mechanism" in plain(follow_up) or "Московский механизм" in plain(follow_up)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_footnotes_are_numbered_in_order_of_first_reference(
    markdown: dict[str, str], lang: str
) -> None:
    text = markdown[lang]
    root = parse(text)
    references = footnote_labels(root)
    count = len(references)
    assert references == [str(n) for n in range(1, count + 1)]  # each referenced once, in order
    (block,) = blocks(root, "footnote_block")
    definitions = [note.meta["label"] for note in block.children]
    assert definitions == references
    assert all(plain(note).strip() for note in block.children)
    # No definition was dropped by the parser for lack of a reference.
    assert re.findall(r"^\[\^(\w+)\]:", text, flags=re.MULTILINE) == definitions
    # Footnotes 1 and 2 belong to the two analytic clauses (the region-wide concern and the
    # Belarus finding), 3 to the account of the March 2017 protests; 4..13 to the ten
    # recommendations, the tenth one on its lead paragraph, before the list of demands.
    belarus = root.children[8]
    assert footnote_labels(belarus) == ["3"]
    items = [item for block in blocks(root, "ordered_list") for item in block.children]
    assert [footnote_labels(item.children[0]) for item in items] == [
        [str(n)] for n in range(4, 14)]
    assert count == 13
    assert "[^" not in "".join(plain(node) for node in root.children[1:-1])


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_signatories_sorted_with_their_country_without_the_pending_one(
    markdown: dict[str, str], lang: str
) -> None:
    root = parse(markdown[lang])
    signatories = blocks(root, "bullet_list")[-1]
    assert [plain(item) for item in signatories.children] == EXPECTED[lang].sign_on
    assert EXPECTED[lang].pending not in markdown[lang]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_signatories_grouped_by_country_with_counts(tmp_path: Path, lang: str) -> None:
    session = Session(start=tmp_path)
    renderer = DocumentRenderer(session.library, template_folders(session.workspace.templates_dir))
    draft = dataclasses.replace(read_draft(example_files()["minsk-2017"]), sign_on="by-country")
    text = renderer.render(draft, lang).markdown
    root = parse(text)
    signatories = blocks(root, "bullet_list")[-1]
    groups = []
    for item in signatories.children:
        (paragraph,) = item.children
        (inline,) = paragraph.children
        strong, rest = [n for n in inline.children if n.type != "text" or n.content]
        assert strong.type == "strong" and rest.type == "text"
        country, count = plain(strong).removesuffix("):").split(" (")
        names = rest.content.strip().split("; ")
        assert int(count) == len(names)
        groups.append((country, names))
    assert groups == EXPECTED[lang].signatories
    assert plain(root.children[-2]) == EXPECTED[lang].total
    assert EXPECTED[lang].pending not in text


def test_both_languages_have_the_same_structure(markdown: dict[str, str]) -> None:
    def shape(node: SyntaxTreeNode) -> tuple:
        children = tuple(shape(child) for child in node.children
                         if child.type not in ("text", "inline"))
        tag = "" if node.is_root else node.tag
        return (node.type, tag, node.info if node.type == "list_item" else "", children)

    english, russian = parse(markdown["en"]), parse(markdown["ru"])
    assert shape(english) == shape(russian)
    assert footnote_labels(english) == footnote_labels(russian)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_html_keeps_the_lists_and_footnotes(markdown: dict[str, str], lang: str) -> None:
    parser = MarkdownIt("commonmark").use(front_matter_plugin).use(footnote_plugin)
    html = parser.render(markdown[lang])
    assert html.count("<ol>") == 1  # recommendations; footnotes render as their own <ol>
    assert html.count("<li>") == 10 + 16 + 4  # recommendations, demands, signatories
    assert html.count('class="footnote-ref"') == 13
    assert html.count('class="footnote-item"') == 13
    assert "[^" not in html and "\\" not in html
