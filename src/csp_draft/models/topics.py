"""What the clause library's topics are called in each working language.

The names are data (``topics.yaml`` beside this module). A document's keywords property is
made of them, so the properties of a Russian document are Russian like its text; a topic
id is a name for tools, not a word a reader should meet.
"""

from __future__ import annotations

import functools
from pathlib import Path

_NAMES_FILE = Path(__file__).with_name("topics.yaml")


@functools.cache
def topic_names() -> dict[str, dict[str, str]]:
    """The packaged names, by topic id and language (read once, on first use)."""
    import yaml

    data = yaml.safe_load(_NAMES_FILE.read_text(encoding="utf-8"))
    return {str(topic): {str(lang): str(name) for lang, name in names.items()}
            for topic, names in data.items()}


def topic_name(topic: str, lang: str) -> str | None:
    """The words for ``topic`` in ``lang``; an English document spells an unnamed topic's id
    as words, another language leaves it out (None)."""
    name = topic_names().get(topic, {}).get(lang)
    if name is None and lang == "en":
        return topic.replace("-", " ")
    return name
