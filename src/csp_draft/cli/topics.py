"""`csp-draft help [TOPIC]`: the format guides, shipped with csp-draft, read in the terminal.

The pages are the Markdown files of the project's docs/ folder; a wheel carries them as
package data, so a clause skeleton or an error can point at `csp-draft help TOPIC` on any
installation.
"""

from __future__ import annotations

from typing import Annotated

import typer

from csp_draft.cli.common import app, make_console, safe
from csp_draft.errors import UsageError

# topic -> (file in docs/, what it is about)
TOPICS = {
    "clause-format": ("clause-format.md", "how to write a clause file"),
    "draft-format": ("draft-format.md", "what a draft file holds and how to edit it by hand"),
    "people-format": ("people-format.md", "case records: the people documents name, their "
                      "names in each case, status and sources"),
    "markdown": ("markdown-contract.md", "the Markdown csp-draft exports and its writers read"),
    "import": ("import.md", "importing past documents: what is recognised, the report"),
    "architecture": ("architecture.md", "how csp-draft is built, for contributors"),
}


@app.command("help")
def help_topic(
    topic: Annotated[str | None, typer.Argument(metavar="TOPIC", help="A topic; without "
                                                "one, the list of topics.")] = None,
) -> None:
    """Read a guide: the clause format, the draft format and more."""
    if topic is None:
        typer.echo("topics (csp-draft help TOPIC):")
        width = max(map(len, TOPICS))
        for name, (_, about) in TOPICS.items():
            typer.echo(f"  {name.ljust(width)}  {about}")
        return
    if topic not in TOPICS:
        from csp_draft.suggest import did_you_mean

        raise UsageError(f"no help topic '{safe(topic)}'",
                         hint=did_you_mean(topic, TOPICS) or "the topics: "
                         + ", ".join(TOPICS))
    from csp_draft import paths

    text = (paths.packaged("docs") / TOPICS[topic][0]).read_text(encoding="utf-8")
    import sys

    if not sys.stdout.isatty():
        typer.echo(text, nl=False)  # Markdown as written, for a pager or a file
        return
    from rich.markdown import Markdown

    from csp_draft.textsafety import strip_control

    make_console().print(Markdown(strip_control(text), hyperlinks=False))
