"""Generated inputs for the benchmarks: a large clause library and a long draft.

    python bench/generate.py library DIR [--count 10000]   # a workspace with DIR/clauses
    python bench/generate.py draft FILE [--paragraphs 5000]

The library imitates the packaged one: themed folders, English and Russian texts of a few
hundred characters built from parallel sentences, typed variables (text, per-language
text, dates, numbers, lists, records of people, choices) used through the same filters
and ``{% if %}`` blocks, legal bases and sources; about 1.7 kB per file. Variable names
vary as they do between real clauses (``country``, ``state``, ``host_country``...).
The draft is a resolution of many sections: mostly uses of packaged clauses with values,
some free text, some footnotes. Both are deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

THEMES: dict[str, dict[str, Any]] = {
    "assembly": {
        "title": ("Peaceful assembly", "Мирные собрания"),
        "topics": ["freedom-of-assembly", "protest", "policing", "detention"],
        "sentences": [
            ("Guarantee the right to peaceful assembly without prior authorisation.",
             "Гарантировать право на мирные собрания без предварительного разрешения."),
            ("Stop dispersing peaceful protests by force and detaining their participants.",
             "Прекратить силовой разгон мирных акций и задержания их участников."),
            ("Investigate every report of excessive force used by the police.",
             "Расследовать каждое сообщение о чрезмерном применении силы полицией."),
            ("Allow journalists and monitors to observe public gatherings freely.",
             "Позволить журналистам и наблюдателям беспрепятственно наблюдать за собраниями."),
        ],
    },
    "association": {
        "title": ("Freedom of association", "Свобода объединений"),
        "topics": ["freedom-of-association", "civil-society", "registration", "foreign-agents"],
        "sentences": [
            ("Repeal the laws that label independent organisations as foreign agents.",
             "Отменить законы, объявляющие независимые организации иностранными агентами."),
            ("Register civil society organisations without arbitrary refusals.",
             "Регистрировать организации гражданского общества без произвольных отказов."),
            ("Stop the liquidation of human-rights groups by court order.",
             "Прекратить ликвидацию правозащитных организаций по решению суда."),
            ("Let organisations receive funding from any lawful source.",
             "Разрешить организациям получать финансирование из любых законных источников."),
        ],
    },
    "defenders": {
        "title": ("Human-rights defenders", "Правозащитники"),
        "topics": ["human-rights-defenders", "political-prisoners", "reprisals"],
        "sentences": [
            ("Release every human-rights defender imprisoned for their work.",
             "Освободить всех правозащитников, заключённых под стражу за свою работу."),
            ("End reprisals against defenders who cooperate with international bodies.",
             "Прекратить преследование правозащитников, сотрудничающих с международными органами."),
            ("Protect defenders and their families from threats and surveillance.",
             "Защитить правозащитников и их семьи от угроз и слежки."),
            ("Recognise publicly the legitimacy of human-rights work.",
             "Публично признать законность правозащитной деятельности."),
        ],
    },
    "elections": {
        "title": ("Elections", "Выборы"),
        "topics": ["elections", "election-observation", "political-participation"],
        "sentences": [
            ("Invite independent observers to every stage of the elections.",
             "Пригласить независимых наблюдателей на все этапы выборов."),
            ("Register opposition candidates on equal terms.",
             "Регистрировать кандидатов оппозиции на равных условиях."),
            ("Count the votes openly and publish the results of every polling station.",
             "Открыто подсчитывать голоса и публиковать итоги по каждому участку."),
            ("Stop pressure on domestic observers and their organisations.",
             "Прекратить давление на национальных наблюдателей и их организации."),
        ],
    },
    "expression": {
        "title": ("Freedom of expression", "Свобода выражения мнений"),
        "topics": ["freedom-of-expression", "media-freedom", "internet-freedom", "journalists"],
        "sentences": [
            ("Stop blocking independent news websites and social networks.",
             "Прекратить блокировку независимых новостных сайтов и социальных сетей."),
            ("Release the journalists held for their reporting.",
             "Освободить журналистов, находящихся под стражей за свою работу."),
            ("Decriminalise defamation and insult of public officials.",
             "Декриминализировать клевету и оскорбление должностных лиц."),
            ("Investigate attacks on journalists and bring those responsible to justice.",
             "Расследовать нападения на журналистов и привлечь виновных к ответственности."),
        ],
    },
    "fair-trial": {
        "title": ("Fair trial", "Справедливое судопроизводство"),
        "topics": ["fair-trial", "judiciary", "lawyers", "trial-monitoring"],
        "sentences": [
            ("Guarantee the independence of judges from the executive.",
             "Гарантировать независимость судей от исполнительной власти."),
            ("Let defendants meet their lawyers in private and without delay.",
             "Обеспечить обвиняемым незамедлительные конфиденциальные встречи с адвокатами."),
            ("Hold trials in public and admit independent trial monitors.",
             "Проводить судебные процессы открыто и допускать независимых наблюдателей."),
            ("Stop disbarring lawyers who defend political prisoners.",
             "Прекратить лишение лицензий адвокатов, защищающих политических заключённых."),
        ],
    },
    "torture": {
        "title": ("Prevention of torture", "Предупреждение пыток"),
        "topics": ["torture", "detention", "impunity", "accountability"],
        "sentences": [
            ("Investigate every allegation of torture promptly and impartially.",
             "Незамедлительно и беспристрастно расследовать каждое заявление о пытках."),
            ("Open places of detention to independent monitoring.",
             "Открыть места лишения свободы для независимого мониторинга."),
            ("Exclude evidence obtained under torture in every court.",
             "Исключить из судебных дел доказательства, полученные под пытками."),
            ("Provide redress and rehabilitation to victims of torture.",
             "Обеспечить жертвам пыток возмещение ущерба и реабилитацию."),
        ],
    },
    "migration": {
        "title": ("Migrants and refugees", "Мигранты и беженцы"),
        "topics": ["migration", "refugees", "non-refoulement", "detention"],
        "sentences": [
            ("Respect the principle of non-refoulement at every border.",
             "Соблюдать принцип невысылки на каждой границе."),
            ("Stop the detention of children for reasons of migration.",
             "Прекратить содержание детей под стражей по миграционным основаниям."),
            ("Give asylum seekers access to a fair and individual procedure.",
             "Обеспечить просителям убежища доступ к справедливой индивидуальной процедуре."),
            ("Stop extraditions to countries where people face persecution.",
             "Прекратить выдачу людей в страны, где им грозит преследование."),
        ],
    },
    "minorities": {
        "title": ("National minorities", "Национальные меньшинства"),
        "topics": ["minorities", "discrimination", "hate-crimes", "languages"],
        "sentences": [
            ("Protect the right of minorities to use their languages in public life.",
             "Защищать право меньшинств пользоваться родными языками в общественной жизни."),
            ("Investigate hate crimes and record their motives.",
             "Расследовать преступления на почве ненависти и фиксировать их мотивы."),
            ("Adopt comprehensive anti-discrimination legislation.",
             "Принять всеобъемлющее антидискриминационное законодательство."),
            ("Involve minority communities in decisions that concern them.",
             "Привлекать общины меньшинств к решениям, которые их касаются."),
        ],
    },
    "conflict": {
        "title": ("Armed conflict", "Вооружённые конфликты"),
        "topics": ["armed-conflict", "accountability", "monitoring", "civilians"],
        "sentences": [
            ("Grant international monitors access to all conflict-affected territories.",
             "Предоставить международным наблюдателям доступ ко всем территориям, затронутым "
             "конфликтом."),
            ("Release civilians detained in connection with the conflict.",
             "Освободить гражданских лиц, задержанных в связи с конфликтом."),
            ("Document violations of international humanitarian law.",
             "Документировать нарушения международного гуманитарного права."),
            ("Disclose the fate and whereabouts of the missing.",
             "Раскрыть судьбу и местонахождение пропавших без вести."),
        ],
    },
    "osce": {
        "title": ("OSCE institutions", "Институты ОБСЕ"),
        "topics": ["osce", "odihr", "moscow-mechanism", "civil-society-participation"],
        "sentences": [
            ("Invoke the Moscow Mechanism where violations are systematic.",
             "Задействовать Московский механизм в случае систематических нарушений."),
            ("Strengthen the mandate and budget of ODIHR.",
             "Укрепить мандат и бюджет БДИПЧ."),
            ("Ensure civil society participation in OSCE events.",
             "Обеспечить участие гражданского общества в мероприятиях ОБСЕ."),
            ("Follow up on the recommendations of OSCE field missions.",
             "Обеспечить выполнение рекомендаций полевых миссий ОБСЕ."),
        ],
    },
    "prisoners": {
        "title": ("Political prisoners", "Политические заключённые"),
        "topics": ["political-prisoners", "detention", "amnesty", "health"],
        "sentences": [
            ("Release all political prisoners unconditionally.",
             "Безусловно освободить всех политических заключённых."),
            ("Give detainees access to independent medical care.",
             "Обеспечить задержанным доступ к независимой медицинской помощи."),
            ("Stop holding political prisoners incommunicado.",
             "Прекратить содержание политических заключённых без связи с внешним миром."),
            ("Rehabilitate those convicted on political grounds.",
             "Реабилитировать осуждённых по политическим мотивам."),
        ],
    },
}

OPENINGS = [
    ("Call on the authorities to act without delay.",
     "Призвать власти действовать без промедления."),
    ("Express deep concern at the situation.", "Выразить глубокую обеспокоенность положением."),
    ("Urge the participating States to keep their commitments.",
     "Настоятельно призвать государства-участники выполнять свои обязательства."),
    ("Recall the commitments of the Copenhagen Document.",
     "Напомнить об обязательствах Копенгагенского документа."),
    ("Welcome the steps already taken, which remain insufficient.",
     "Приветствовать уже предпринятые шаги, которые остаются недостаточными."),
]
CLOSINGS = [
    ("Report publicly on the progress made.", "Публично отчитываться о достигнутом прогрессе."),
    ("Involve civil society at every stage.", "Привлекать гражданское общество на каждом этапе."),
    ("Review the relevant legislation with ODIHR.",
     "Пересмотреть соответствующее законодательство совместно с БДИПЧ."),
    ("", ""),
    ("", ""),
]


@dataclass(frozen=True)
class Snippet:
    """A sentence using one variable (``@V`` in the texts), in both languages, and how to
    declare it."""

    names: tuple[str, ...]
    en: str
    ru: str
    spec: dict[str, Any]


SNIPPETS = [
    Snippet(("country", "state", "host_country"),
            "The authorities of {{ @V }} must carry this out in full.",
            "Власти {{ @V }} должны выполнить это в полном объёме.",
            {"type": "string", "required": True,
             "help": "Country concerned; in Russian in the genitive",
             "example": {"en": "Belarus", "ru": "Беларуси"}}),
    Snippet(("since", "from_date", "adopted_on"),
            "The situation has worsened since {{ @V | long_date }}.",
            "Положение ухудшилось с {{ @V | long_date }}.",
            {"type": "date", "required": True, "help": "Date from which the change is counted",
             "example": "2020-08-09"}),
    Snippet(("count", "detained", "cases"),
            "At least {{ @V | number }} people have been affected.",
            "Пострадали не менее {{ @V | number }} человек.",
            {"type": "number", "required": True, "help": "Number of people, as documented",
             "example": 1250}),
    Snippet(("persons", "defenders", "journalists", "prisoners"),
            "Among them are {{ @V | people }}.",
            "Среди них — {{ @V | people }}.",
            {"type": "records", "required": True, "help": "People named, with their country",
             "fields": {"name": {"type": "string", "required": True},
                        "country": {"type": "string", "required": True}},
             "example": [{"name": {"en": "Ales Bialiatsky", "ru": "Алесь Беляцкий"},
                          "country": {"en": "Belarus", "ru": "Беларусь"}},
                         {"name": {"en": "Maria Kalesnikava", "ru": "Мария Колесникова"},
                          "country": {"en": "Belarus", "ru": "Беларусь"}}]}),
    Snippet(("meeting", "event"),
            "{% if @V %}This should be on the agenda of {{ @V }}. {% endif %}",
            "{% if @V %}Этот вопрос следует включить в повестку {{ @V }}. {% endif %}",
            {"type": "string", "help": "Meeting where the matter should be raised, if any",
             "example": {"en": "the Ministerial Council", "ru": "Совета министров"}}),
    Snippet(("countries", "states"),
            "This applies in particular to {{ @V | and_list }}.",
            "Это относится прежде всего к {{ @V | and_list }}.",
            {"type": "list", "required": True, "help": "Countries concerned",
             "example": [{"en": "Azerbaijan", "ru": "Азербайджану"},
                         {"en": "Belarus", "ru": "Беларуси"}]}),
    Snippet(("years", "term"),
            "For {{ @V }} {{ @V | plural(one='year', other='years') }} nothing has changed.",
            "Уже {{ @V }} {{ @V | plural(one='год', few='года', many='лет', other='года') }} "
            "ничего не меняется.",
            {"type": "number", "required": True, "help": "Number of years", "example": 6}),
    Snippet(("session", "forum"),
            "The {{ @V | ordinal }} session should take this up.",
            "{{ @V | ordinal }} сессия должна рассмотреть этот вопрос.",
            {"type": "number", "required": True, "help": "Number of the session",
             "example": 26}),
    Snippet(("severity", "level"),
            "The violations are {% if @V == 'grave' %}grave and systematic{% else %}"
            "continuing{% endif %}.",
            "Нарушения носят {% if @V == 'grave' %}грубый и систематический{% else %}"
            "продолжающийся{% endif %} характер.",
            {"type": "choice", "choices": ["grave", "continuing"], "default": "continuing",
             "help": "How serious the violations are", "example": "grave"}),
]

KINDS = ["recommendation", "demand", "finding", "concern", "call"]
ADDRESSEES = ["participating-states", "government", "odihr", "ministerial-council",
              "chairperson-in-office", "osce-pa", "eu", "un-hrc", "international-community"]
LEGAL = ["ICCPR, art. 9", "ICCPR, art. 14", "ICCPR, art. 19", "ICCPR, art. 21", "ICCPR, art. 22",
         "OSCE Copenhagen Document (1990), para. 9.2", "OSCE Moscow Document (1991), para. 23",
         "UN Declaration on Human Rights Defenders (1998), art. 5", "ECHR, art. 10",
         "Convention against Torture, art. 12", "Refugee Convention (1951), art. 33"]
SOURCES = ["Parallel OSCE Conference, Vilnius, 2011", "Civil society resolution, Minsk, 2017",
           "Outcome document, Helsinki, 2015", "Joint statement, Warsaw, 2019",
           "Declaration of the Civic Solidarity Platform, 2011"]
WORDS_EN = ["urgent", "lasting", "effective", "transparent", "independent", "full", "prompt"]
WORDS_RU = ["срочные", "долгосрочные", "эффективные", "прозрачные", "независимые", "полные",
            "быстрые"]


def clause_record(theme: str, number: int, rng: random.Random) -> tuple[str, dict[str, Any]]:
    """One generated clause: its id and its data."""
    spec = THEMES[theme]
    clause_id = f"{theme}-{number:05d}"
    opening = rng.choice(OPENINGS)
    body = rng.sample(spec["sentences"], k=rng.randint(2, 3))
    closing = rng.choice(CLOSINGS)
    snippets = rng.sample(SNIPPETS, k=rng.choice([0, 1, 1, 2, 2, 2, 3]))
    variables: dict[str, Any] = {}
    en_parts = [opening[0]]
    ru_parts = [opening[1]]
    for sentence in body:
        en_parts.append(sentence[0])
        ru_parts.append(sentence[1])
    for snippet in snippets:
        name = rng.choice(snippet.names)
        variables[name] = dict(snippet.spec)
        position = rng.randint(1, len(en_parts))
        en_parts.insert(position, snippet.en.replace("@V", name))
        ru_parts.insert(position, snippet.ru.replace("@V", name))
    first, second = rng.sample(range(len(WORDS_EN)), k=2)
    en_parts.append(f"Such measures must be {WORDS_EN[first]} and {WORDS_EN[second]}.")
    ru_parts.append(f"Необходимы {WORDS_RU[first]} и {WORDS_RU[second]} меры.")
    if closing[0]:
        en_parts.append(closing[0])
        ru_parts.append(closing[1])
    title_en, title_ru = spec["title"]
    focus = rng.choice(body)
    record = {
        "id": clause_id,
        "title": {"en": f"{title_en}: {focus[0].rstrip('.')}"[:110],
                  "ru": f"{title_ru}: {focus[1].rstrip('.')}"[:110]},
        "kind": rng.choice(KINDS),
        "topics": rng.sample(spec["topics"], k=rng.randint(2, len(spec["topics"]))),
        "addressees": rng.sample(ADDRESSEES, k=rng.randint(1, 3)),
        "variables": variables,
        "text": {"en": " ".join(en_parts), "ru": " ".join(ru_parts)},
        "legal_basis": rng.sample(LEGAL, k=rng.randint(1, 3)),
        "sources": rng.sample(SOURCES, k=rng.randint(1, 2)),
        "version": str(rng.randint(1, 3)),
        "updated": (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 900))).isoformat(),
    }
    return clause_id, record


def make_library(root: Path, count: int = 10_000, seed: int = 7) -> Path:
    """A workspace at ``root`` with ``count`` generated clauses; returns the clauses folder."""
    rng = random.Random(seed)
    clauses = root / "clauses"
    clauses.mkdir(parents=True, exist_ok=True)
    (root / "csp-draft.yaml").write_text(
        "coalition: Benchmark coalition\nlanguages: [en, ru]\n", encoding="utf-8")
    themes = list(THEMES)
    for number in range(count):
        theme = themes[number % len(themes)]
        clause_id, record = clause_record(theme, number, rng)
        folder = clauses / theme
        folder.mkdir(exist_ok=True)
        text = (f"# Generated for the benchmarks ({theme}).\n"
                + yaml.dump(record, Dumper=_DUMPER, allow_unicode=True, sort_keys=False,
                            width=92))
        (folder / f"{clause_id}.yaml").write_text(text, encoding="utf-8")
    return clauses


def make_draft(path: Path, paragraphs: int = 5_000, seed: int = 11) -> Path:
    """A resolution of ``paragraphs`` items using the packaged clauses, written to ``path``."""
    from csp_draft.library.load import LibrarySource, load_library
    from csp_draft.library.skeleton import jsonable
    from csp_draft.paths import packaged

    rng = random.Random(seed)
    library = load_library([LibrarySource("packaged", packaged("clauses"))],
                           languages=("en", "ru"))
    usable = [clause for clause in library.clauses.values()
              if clause.kind not in ("preamble", "salutation", "closing")
              and "en" in clause.text and "ru" in clause.text]
    usable.sort(key=lambda clause: clause.id)
    countries = ["Azerbaijan", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan",
                 "Turkmenistan", "Uzbekistan"]
    russian = dict(zip(countries, ["Азербайджан", "Беларусь", "Казахстан", "Кыргызстан",
                                   "Россия", "Таджикистан", "Туркменистан", "Узбекистан"],
                       strict=True))
    plan = [("situation", None, 0.2), *[(f"country-{c.lower()}", c, 0.5 / len(countries))
                                        for c in countries], ("recommendations", None, 0.3)]
    sections: dict[str, Any] = {}
    made = 0
    for position, (key, country, share) in enumerate(plan):
        want = paragraphs - made if position == len(plan) - 1 else int(paragraphs * share)
        items = []
        for index in range(want):
            if rng.random() < 0.7:
                clause = rng.choice(usable)
                item: dict[str, Any] = {"clause": clause.id}
                values = jsonable({name: value for name, value in clause.example_values().items()
                                   if value is not None})
                if values:
                    item["values"] = values
            else:
                item = {"text": {
                    "en": f"Paragraph {index + 1} of this section records what members "
                          "reported from the field: arrests of activists, pressure on "
                          "lawyers and closed trials, **documented** in their reports.",
                    "ru": f"Пункт {index + 1} этого раздела передаёт сообщения участников с "
                          "мест: аресты активистов, давление на адвокатов и закрытые суды, "
                          "**задокументированные** в их докладах."}}
            if rng.random() < 0.1:
                item["footnote"] = {"en": f"Report of a member organisation, no. {index + 1}.",
                                    "ru": f"Доклад организации-участницы № {index + 1}."}
            items.append(item)
        section: dict[str, Any] = {"items": items}
        if country:
            section["heading"] = {"en": f"The situation in {country}",
                                  "ru": f"Положение: {russian[country]}"}
        sections[key] = section
        made += want
    draft = {
        "kind": "resolution",
        "title": {"en": "Resolution of the Civil Society Forum (benchmark)",
                  "ru": "Резолюция Форума гражданского общества (тест)"},
        "place": {"en": "Vienna", "ru": "Вена"},
        "date": "2025-12-01",
        "languages": ["en", "ru"],
        "authors": [{"en": "Civic Solidarity Platform",
                     "ru": "Платформа «Гражданская солидарность»"}],
        "sections": sections,
    }
    path.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False, width=100),
                    encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    lib = sub.add_parser("library")
    lib.add_argument("folder", type=Path)
    lib.add_argument("--count", type=int, default=10_000)
    draft = sub.add_parser("draft")
    draft.add_argument("file", type=Path)
    draft.add_argument("--paragraphs", type=int, default=5_000)
    args = parser.parse_args(argv)
    if args.what == "library":
        print(make_library(args.folder, args.count))
    else:
        print(make_draft(args.file, args.paragraphs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
