#!/bin/sh
# Concluding remarks of the Parallel OSCE Conference, Vilnius, 4-5 December 2011, presented
# to the OSCE Chairperson-in-Office: speech form, each recommendation spoken ("We call on
# ... to ..."). Run it in an empty folder:
#   sh vilnius-2011-remarks.sh && csp-draft export vilnius-2011-remarks.yaml --format docx --lang en,ru
set -e
csp-draft new remarks vilnius-2011-remarks.yaml --title "Concluding remarks of the Parallel OSCE Conference" --event "Parallel OSCE Conference" --place Vilnius --date 2011-12-04 --lang en,ru
csp-draft info vilnius-2011-remarks.yaml --date-end 2011-12-05 --subtitle "presented to the OSCE Chairperson-in-Office on the eve of the Ministerial Council" --speaker "Presented on behalf of the participants of the conference"
csp-draft info vilnius-2011-remarks.yaml --lang ru --title "Заключительное слово Параллельной конференции ОБСЕ" --event "Параллельная конференция ОБСЕ" --place "Вильнюс" --subtitle "представлено Действующему председателю ОБСЕ накануне Совета министров" --speaker "Выступление от имени участников конференции"
csp-draft info vilnius-2011-remarks.yaml --salutation "Excellency, distinguished representatives of the participating States, Ladies and Gentlemen,"
csp-draft info vilnius-2011-remarks.yaml --lang ru --salutation "Ваше превосходительство! Уважаемые представители государств-участников! Дамы и господа!"

csp-draft add-text vilnius-2011-remarks.yaml --section body --lang en "For two days, human-rights defenders from across the OSCE region discussed what the Ministerial Council should decide. Let me present their main recommendations."
csp-draft set vilnius-2011-remarks.yaml body.1 --lang ru --text "В течение двух дней правозащитники со всего региона ОБСЕ обсуждали, какие решения должен принять Совет министров. Позвольте мне представить их основные рекомендации."
csp-draft add-clause vilnius-2011-remarks.yaml release-defenders --section body --set "defenders=[bialiatski, zhovtis, isgandarli, askarov, saidov, abdurakhmanov]"
csp-draft add-clause vilnius-2011-remarks.yaml representative-on-defenders --section body
csp-draft add-clause vilnius-2011-remarks.yaml special-envoys --section body
csp-draft add-clause vilnius-2011-remarks.yaml digital-age-declaration --section body
csp-draft add-clause vilnius-2011-remarks.yaml visa-liberalisation --section body
csp-draft add-clause vilnius-2011-remarks.yaml decriminalise-defamation --section body
csp-draft add-clause vilnius-2011-remarks.yaml concluding-remarks-closing --section closing --set "next_speaker={en: my colleague from the Moscow Helsinki Group, ru: моей коллеге из Московской Хельсинкской группы}"
csp-draft check vilnius-2011-remarks.yaml
