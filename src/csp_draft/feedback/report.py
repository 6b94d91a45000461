"""The consolidated table a secretariat sends back to members: per item, each proposal,
who proposed it, the decision and its reason (Markdown; the DOCX writer makes a Word table
of it)."""

from __future__ import annotations

from typing import Any

from csp_draft.drafts.read import Draft
from csp_draft.feedback.store import all_changes, load_all
from csp_draft.markdown.escape import escape_markdown


def yaml_text(text: str) -> str:
    """``text`` as one YAML scalar (a file name may hold a colon or a quote)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def _cell(text: Any) -> str:
    return str(escape_markdown(" ".join(str(text or "").split()))).replace("|", "\\|")


def describe(change: dict[str, Any]) -> str:
    kind = change.get("kind")
    if kind == "value":
        path = ".".join(str(p) for p in change.get("path", []))
        return f"{path}: {change.get('old')} → {change.get('new')}"
    if kind == "text":
        return f"text: {change['diff']}" if change.get("diff") else (
            f"new text: {change.get('new')}")
    if kind == "add":
        return f"add after it: {change.get('new')}"
    if kind == "delete":
        return "delete the item"
    if kind == "move":
        return f"move before {change['before']}" if change.get("before") else "move to the end"
    if kind == "comment":
        return f"comment: {change.get('text')}"
    return str(change.get("note") or kind)


def report_markdown(draft: Draft) -> str:
    changes = [c for _, c in all_changes(load_all(draft.path))]
    order = {section.key: position for position, section in enumerate(draft.sections)}

    def place(change: dict[str, Any]) -> tuple[int, int, str]:
        section, _, index = str(change.get("item", "")).rpartition(".")
        return (order.get(section, len(order)), int(index) if index.isdigit() else 0,
                str(change.get("id")))

    changes.sort(key=place)  # the items in the order the circulated file showed them
    lines = ["---", f"title: {yaml_text(f'Feedback on {draft.path.name}')}", "lang: en",
             "---", "",
             "| Item | Proposal | Proposed by | Decision | Reason |",
             "| --- | --- | --- | --- | --- |"]
    for change in changes:
        by = change.get("by") or change.get("from")
        by_text = ", ".join(by) if isinstance(by, list) else str(by)
        lines.append(f"| {_cell(change.get('item'))} | {_cell(describe(change))} | "
                     f"{_cell(by_text)} | {_cell(change.get('status'))} | "
                     f"{_cell(change.get('reason', ''))} |")
    if not changes:
        lines.append("| | no feedback imported | | | |")
    return "\n".join(lines) + "\n"
