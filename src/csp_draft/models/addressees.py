"""The addressee registry: who a recommendation speaks to, in each working language.

The registry is data (``addressees.yaml`` beside this module): for English the name as it
stands after "Calls upon" or "To"; for Russian the nominative, the accusative a lead-in
such as «Призывает ...» takes, and the dative of a heading «Государствам-участникам ОБСЕ:».
A draft may add addressees of its own (the government of a named country) in the same form.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

# The forms each language needs; a form a language lacks falls back to the first one it has.
FORMS: dict[str, tuple[str, ...]] = {"en": ("name",), "ru": ("nom", "acc", "dat")}
_REGISTRY_FILE = Path(__file__).with_name("addressees.yaml")


@dataclass(frozen=True)
class Addressee:
    id: str
    forms: dict[str, dict[str, str]]  # language -> form name -> words

    def form(self, lang: str, case: str) -> str | None:
        """The addressee's words in ``lang`` for ``case`` (``name``, ``nom``, ``acc``,
        ``dat``); None when the language has none at all."""
        forms = self.forms.get(lang)
        if not forms:
            return None
        return forms.get(case) or forms.get("name") or forms.get("nom") or next(
            iter(forms.values()))


@functools.cache
def registry() -> dict[str, Addressee]:
    """The packaged addressees by id (read once, on first use)."""
    import yaml

    data = yaml.safe_load(_REGISTRY_FILE.read_text(encoding="utf-8"))
    return {key: Addressee(key, {lang: dict(forms) for lang, forms in entry.items()})
            for key, entry in data.items()}
