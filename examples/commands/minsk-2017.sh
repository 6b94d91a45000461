#!/bin/sh
# The forum resolution of Minsk, 4 July 2017, rebuilt with csp-draft commands only:
# a preamble, two analytic sections, ten recommendations grouped by addressee, one of them
# with sixteen minimum demands (each a clause) as its sub-list. Run it in an empty folder:
#   sh minsk-2017.sh && csp-draft export minsk-2017.yaml --format docx --lang en,ru
set -e
csp-draft new resolution minsk-2017.yaml --title "Resolution of the Civil Society Forum" --event "Civil Society Forum" --place Minsk --date 2017-07-04 --lang en,ru
csp-draft info minsk-2017.yaml --lang ru --title "Резолюция Форума гражданского общества" --event "Форум гражданского общества" --place "Минск"
csp-draft info minsk-2017.yaml --subtitle "on the eve of the 26th Annual Session of the OSCE Parliamentary Assembly"
csp-draft info minsk-2017.yaml --lang ru --subtitle "накануне 26-й ежегодной сессии Парламентской ассамблеи ОБСЕ"
csp-draft addressee minsk-2017.yaml government-of-belarus --lang en --name "the Government of Belarus"
csp-draft addressee minsk-2017.yaml government-of-belarus --lang ru --nom "правительство Беларуси" --acc "правительство Беларуси" --dat "правительству Беларуси"

# Preamble: who adopts it and for whom, then a preambular paragraph.
csp-draft add-clause minsk-2017.yaml resolution-preamble --set "event={en: the Civil Society Forum, ru: Форума гражданского общества}" --set "place={en: Minsk, ru: Минске}" --set date=2017-07-04 --set pa_session=26 --set "addressed_to={en: 'the OSCE Parliamentary Assembly, the OSCE political bodies and institutions, the participating States and the international community', ru: 'Парламентской ассамблее ОБСЕ, политическим органам и институтам ОБСЕ, государствам-участникам и международному сообществу'}"
csp-draft add-clause minsk-2017.yaml shrinking-civic-space --section preamble --set "countries={en: 'Azerbaijan, Belarus, Russia and Turkmenistan', ru: 'Азербайджане, Беларуси, России и Туркменистане'}"

# Analysis: the region, then Belarus.
csp-draft section set minsk-2017.yaml situation --heading "The human dimension in the OSCE region"
csp-draft section set minsk-2017.yaml situation --lang ru --heading "Человеческое измерение в регионе ОБСЕ"
csp-draft add-text minsk-2017.yaml --section situation --lang en "Laws adopted in the name of fighting extremism and terrorism are used more and more against journalists, bloggers and human-rights organisations, while emergency powers introduced for a crisis tend to stay in force long after it."
csp-draft set minsk-2017.yaml situation.1 --lang ru --text "Законы, принятые под предлогом борьбы с экстремизмом и терроризмом, всё чаще применяются против журналистов, блогеров и правозащитных организаций, а чрезвычайные полномочия, введённые на время кризиса, остаются в силе и после него."
csp-draft section add minsk-2017.yaml belarus --after situation --heading "Belarus: six years after the Moscow Mechanism report"
csp-draft section set minsk-2017.yaml belarus --lang ru --heading "Беларусь: шесть лет после доклада по Московскому механизму"
csp-draft add-clause minsk-2017.yaml after-moscow-mechanism --section belarus --set "country={en: Belarus, ru: Беларуси}" --set report_year=2011 --set year=2017
csp-draft add-text minsk-2017.yaml --section belarus --lang en "In March 2017 several hundred people were detained around peaceful protests against the tax on \"social parasites\"; many were sentenced to administrative arrest after hearings that lasted minutes."
csp-draft set minsk-2017.yaml belarus.2 --lang ru --text "В марте 2017 года в связи с мирными протестами против налога на «тунеядцев» были задержаны несколько сотен человек; многих приговорили к административному аресту после заседаний, длившихся считанные минуты."
csp-draft add-text minsk-2017.yaml --section belarus --lang en "What the OSCE should do about it is set out in recommendation [[moscow-follow-up]]; the minimum the authorities must do, in recommendation [[belarus-demands]]."
csp-draft set minsk-2017.yaml belarus.3 --lang ru --text "Что должна предпринять ОБСЕ, изложено в рекомендации [[moscow-follow-up]]; минимум того, что обязаны сделать власти, — в рекомендации [[belarus-demands]]."

# Recommendations 1-10, grouped by addressee (the resolution's default).
csp-draft section set minsk-2017.yaml recommendations --lead-in "We make the following recommendations:"
csp-draft section set minsk-2017.yaml recommendations --lang ru --lead-in "Мы выносим следующие рекомендации:"
csp-draft add-clause minsk-2017.yaml fake-observation-missions
csp-draft add-clause minsk-2017.yaml representative-on-defenders
csp-draft add-clause minsk-2017.yaml moscow-mechanism-follow-up --id moscow-follow-up --set "country={en: Belarus, ru: Беларуси}" --set report_year=2011
csp-draft add-clause minsk-2017.yaml trial-monitoring
csp-draft add-clause minsk-2017.yaml release-defenders --set "defenders=[zhamchuzhny, {name: {en: Dzmitry Palijenka, ru: {nom: Дмитрий Полиенко, acc: Дмитрия Полиенко}}, country: {en: Belarus, ru: Беларусь}}]"
csp-draft add-clause minsk-2017.yaml decriminalise-defamation
csp-draft add-clause minsk-2017.yaml internet-freedom
csp-draft add-clause minsk-2017.yaml repeal-foreign-agent-laws
csp-draft add-clause minsk-2017.yaml meet-minimum-demands --addressee government-of-belarus --id belarus-demands
csp-draft add-clause minsk-2017.yaml observation-as-condition

# The sixteen minimum demands to the Government of Belarus: sub-items of recommendation 9.
csp-draft add-clause minsk-2017.yaml release-political-prisoners --under recommendations.9 --set "country={en: Belarus, ru: Беларуси}"
csp-draft add-clause minsk-2017.yaml rehabilitate-former-prisoners --under recommendations.9
csp-draft add-clause minsk-2017.yaml no-mass-detentions --under recommendations.9
csp-draft add-clause minsk-2017.yaml proportionate-restrictions --under recommendations.9
csp-draft add-clause minsk-2017.yaml unregistered-activity --under recommendations.9 --set article=193.1 --set "country={en: the Republic of Belarus, ru: Республики Беларусь}"
csp-draft add-clause minsk-2017.yaml registration-of-organisations --under recommendations.9
csp-draft add-clause minsk-2017.yaml extremist-designations --under recommendations.9
csp-draft add-clause minsk-2017.yaml no-prison-for-speech --under recommendations.9
csp-draft add-clause minsk-2017.yaml surveillance --under recommendations.9
csp-draft add-clause minsk-2017.yaml death-penalty-secrecy --under recommendations.9
csp-draft add-clause minsk-2017.yaml prevent-torture --under recommendations.9
csp-draft add-clause minsk-2017.yaml rights-of-detainees --under recommendations.9
csp-draft add-clause minsk-2017.yaml fair-trial-guarantees --under recommendations.9
csp-draft add-clause minsk-2017.yaml independence-of-lawyers --under recommendations.9
csp-draft add-clause minsk-2017.yaml freedom-of-movement --under recommendations.9
csp-draft add-clause minsk-2017.yaml cooperation-with-un-mechanisms --under recommendations.9 --set "rapporteur={en: the UN Special Rapporteur on the situation of human rights in Belarus, ru: Специального докладчика ООН по вопросу о положении в области прав человека в Беларуси}"

csp-draft sign minsk-2017.yaml --org "Human Rights Center \"Viasna\"" --country BY --date 2017-07-04
csp-draft sign minsk-2017.yaml --org "Human Rights Center \"Viasna\"" --lang ru --name "Правозащитный центр \"Весна\""
csp-draft sign minsk-2017.yaml --org "Belarusian Helsinki Committee" --country BY --date 2017-07-04
csp-draft sign minsk-2017.yaml --org "Belarusian Helsinki Committee" --lang ru --name "Белорусский Хельсинкский комитет"
csp-draft sign minsk-2017.yaml --org "Netherlands Helsinki Committee" --country NL --date 2017-07-04
csp-draft sign minsk-2017.yaml --org "Netherlands Helsinki Committee" --lang ru --name "Нидерландский Хельсинкский комитет"
csp-draft check minsk-2017.yaml
