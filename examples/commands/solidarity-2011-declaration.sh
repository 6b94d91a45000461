#!/bin/sh
# The founding declaration of the Civic Solidarity Platform, December 2011: a preamble, then
# goals and joint activities, each list under its lead-in sentence, the values, and who may
# join. Run it in an empty folder:
#   sh solidarity-2011-declaration.sh && csp-draft export solidarity-2011-declaration.yaml --format docx --lang en,ru
set -e
csp-draft new declaration solidarity-2011-declaration.yaml --title "Founding Declaration of the Civic Solidarity Platform" --place Vilnius --date 2011-12-05 --lang en,ru
csp-draft info solidarity-2011-declaration.yaml --lang ru --title "Учредительная декларация Платформы «Гражданская солидарность»" --place "Вильнюс"

csp-draft add-clause solidarity-2011-declaration.yaml declaration-preamble --set "founders={en: 'non-governmental organisations from across the OSCE region, from Vancouver to Vladivostok', ru: 'неправительственные организации со всего региона ОБСЕ — от Ванкувера до Владивостока'}" --set "platform={en: the Civic Solidarity Platform, ru: Платформы «Гражданская солидарность»}"

csp-draft section set solidarity-2011-declaration.yaml goals --lead-in "We set ourselves the following goals:"
csp-draft section set solidarity-2011-declaration.yaml goals --lang ru --lead-in "Мы ставим перед собой следующие цели:"
csp-draft add-text solidarity-2011-declaration.yaml --section goals --lang en "to make human rights a shared concern of civil society across the OSCE region;"
csp-draft set solidarity-2011-declaration.yaml goals.1 --lang ru --text "сделать права человека общим делом гражданского общества всего региона ОБСЕ;"
csp-draft add-text solidarity-2011-declaration.yaml --section goals --lang en "to hold the participating States to the commitments they made in the human dimension;"
csp-draft set solidarity-2011-declaration.yaml goals.2 --lang ru --text "добиваться от государств-участников выполнения обязательств, принятых ими в области человеческого измерения;"
csp-draft add-text solidarity-2011-declaration.yaml --section goals --lang en "to stand by colleagues who are persecuted for their work."
csp-draft set solidarity-2011-declaration.yaml goals.3 --lang ru --text "поддерживать коллег, которых преследуют за их работу."

csp-draft section set solidarity-2011-declaration.yaml activities --lead-in "To reach them, we will:"
csp-draft section set solidarity-2011-declaration.yaml activities --lang ru --lead-in "Для этого мы будем:"
csp-draft add-text solidarity-2011-declaration.yaml --section activities --lang en "speak with one voice at OSCE meetings and before the Ministerial Council;"
csp-draft set solidarity-2011-declaration.yaml activities.1 --lang ru --text "выступать единым голосом на мероприятиях ОБСЕ и перед Советом министров;"
csp-draft add-text solidarity-2011-declaration.yaml --section activities --lang en "respond together and at once when a defender is in danger;"
csp-draft set solidarity-2011-declaration.yaml activities.2 --lang ru --text "сообща и без промедления реагировать, когда правозащитнику грозит опасность;"
csp-draft add-text solidarity-2011-declaration.yaml --section activities --lang en "monitor elections, trials and assemblies and publish what we find."
csp-draft set solidarity-2011-declaration.yaml activities.3 --lang ru --text "наблюдать за выборами, судебными процессами и собраниями и публиковать результаты."

csp-draft section set solidarity-2011-declaration.yaml values --lead-in "We share these values:"
csp-draft section set solidarity-2011-declaration.yaml values --lang ru --lead-in "Нас объединяют следующие ценности:"
csp-draft add-text solidarity-2011-declaration.yaml --section values --lang en "the human dimension is a direct and legitimate concern of all participating States and not an internal affair of any one of them;"
csp-draft set solidarity-2011-declaration.yaml values.1 --lang ru --text "человеческое измерение — предмет непосредственной и законной заинтересованности всех государств-участников, а не внутреннее дело какого-либо из них;"
csp-draft add-text solidarity-2011-declaration.yaml --section values --lang en "independence from governments and political parties;"
csp-draft set solidarity-2011-declaration.yaml values.2 --lang ru --text "независимость от правительств и политических партий;"
csp-draft add-text solidarity-2011-declaration.yaml --section values --lang en "solidarity across borders."
csp-draft set solidarity-2011-declaration.yaml values.3 --lang ru --text "солидарность, не знающая границ."

csp-draft add-clause solidarity-2011-declaration.yaml declaration-joining --set "platform={en: the Civic Solidarity Platform, ru: Платформы «Гражданская солидарность»}"
csp-draft check solidarity-2011-declaration.yaml
