"""A text as a Jinja template that prints it exactly as written.

Imported paragraphs, adopted free texts and members' returned wording become clause texts
or a clause use's own text, which are templates; a brace that happens to open a Jinja tag
(``{{``, ``{%``, ``{#``) must not be read as one. Each such brace is printed by a raw
block of its own, so no text (not even one containing ``endraw``) can close it early.
"""

from __future__ import annotations

import re

# A brace before "{", "%" or "#" opens a tag; one at the end may open a tag with whatever a
# caller puts after the text (a value's expression), so it is printed as written too.
_OPENING = re.compile(r"\{(?=[{%#]|\Z)")
# "{%+" keeps the spaces before the block on its line (the environment strips them).
_BRACE = "{%+ raw %}{{% endraw %}"


def as_template(text: str) -> str:
    """``text`` as a template that renders it unchanged; unchanged itself when nothing in
    it could open a tag."""
    return _OPENING.sub(_BRACE, text)
