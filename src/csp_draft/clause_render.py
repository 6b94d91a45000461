"""Rendering one clause's text in one language with given values.

Each clause text is compiled once per run and reused for every use of the clause.
"""

from __future__ import annotations

from typing import Any

import jinja2

from csp_draft.errors import TemplateError
from csp_draft.mdescape import Markdown
from csp_draft.models import Clause, LocalizedText, localize
from csp_draft.sandbox import (
    LimitedSandbox,
    compile_text,
    make_environment,
    render_limited,
    template_error,
)

# Names every clause text may use besides its own variables.
CLAUSE_GLOBALS = frozenset({"lang"})


def localize_values(value: Any, lang: str, fallback: str = "en") -> Any:
    """Replace every per-language value with its text in ``lang``."""
    if isinstance(value, LocalizedText):
        return localize(value, lang, fallback)
    if isinstance(value, dict):
        return {key: localize_values(item, lang, fallback) for key, item in value.items()}
    if isinstance(value, list):
        return [localize_values(item, lang, fallback) for item in value]
    return value


class ClauseRenderer:
    """Compiles clause texts on first use and renders them."""

    def __init__(self, env: LimitedSandbox | None = None) -> None:
        self.env = env or make_environment()
        self._compiled: dict[tuple[str, str, str], jinja2.Template] = {}

    def template(self, clause: Clause, lang: str) -> jinja2.Template:
        key = (str(clause.path), clause.id, lang)
        template = self._compiled.get(key)
        if template is None:
            template = compile_text(self.env, clause.text[lang], filename=str(clause.path),
                                    first_line=clause.text_lines.get(lang, 1))
            self._compiled[key] = template
        return template

    def render(self, clause: Clause, lang: str, values: dict[str, Any]) -> Markdown:
        """The clause text in ``lang`` as Markdown; values are escaped by the environment."""
        template = self.template(clause, lang)
        context = {name: None for name in clause.variables}
        context.update(localize_values(values, lang))
        context["lang"] = lang
        try:
            text = render_limited(template, context)
        except TemplateError:
            raise
        except Exception as exc:  # anything a hostile or broken text raises
            raise template_error(exc, filename=str(clause.path),
                                 first_line=clause.text_lines.get(lang, 1)) from None
        return Markdown(text.strip())
