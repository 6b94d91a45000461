"""Fixed phrases the document templates use, per working language.

Adding a working language means adding its phrases here (and its section headings in
kinds.py); the formatting of dates, lists and plurals comes from CLDR through Babel.
"""

from __future__ import annotations

from csp_draft.markdown.escape import Markdown

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "signatories": "Signatories",
        "endorsed_by": "Endorsed by",
        "pending": "Awaiting confirmation",
        "notes": "Notes",
        "contact": "Contact",
        "salutation": "Excellency, distinguished representatives, ladies and gentlemen,",
        "thanks": "Thank you for your attention.",
        "adopted": "Adopted",
        "draft": "Draft",
        "legal_basis": "See",
        "recommendations_to": "We address the following recommendations to",
        "dateline_dash": "–",
    },
    "ru": {
        "signatories": "Подписавшие организации",
        "endorsed_by": "Документ поддержали",
        "pending": "Ожидается подтверждение",
        "notes": "Примечания",
        "contact": "Контакты",
        "salutation": "Ваше превосходительство, уважаемые представители, дамы и господа!",
        "thanks": "Благодарю за внимание.",
        "adopted": "Принято",
        "draft": "Проект",
        "legal_basis": "См.",
        "recommendations_to": "Мы обращаемся со следующими рекомендациями к",
        "dateline_dash": "—",
    },
}


def labels_for(lang: str) -> dict[str, Markdown]:
    """The phrases in ``lang``, English ones filling any gap.

    They are the project's own Markdown, like clause texts, so a template prints them as
    written (escaped as values, "господа!" would become "господа\\!").
    """
    phrases = {**LABELS["en"], **LABELS.get(lang, {})}
    return {key: Markdown(text) for key, text in phrases.items()}
