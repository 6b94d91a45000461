#!/bin/sh
# A member organisation's press release of 8 December 2025 on the parallel conference held in
# Vienna on 3-5 December 2025 before the 32nd OSCE Ministerial Council ("Helsinki +50"):
# dateline, body, dashed key calls, numbered endnotes (a --note on a paragraph: the number,
# "[1]", is put in the text when the document is made), a contact block. Run it in an empty
# folder:
#   sh vienna-2025-press-release.sh && csp-draft export vienna-2025-press-release.yaml --format docx --lang en,ru
set -e
csp-draft new press-release vienna-2025-press-release.yaml --title "Helsinki +50: civil society asks OSCE ministers to stand by the Final Act" --place Vienna --date 2025-12-08 --lang en,ru
csp-draft info vienna-2025-press-release.yaml --lang ru --title "«Хельсинки +50»: гражданское общество призывает министров ОБСЕ сохранить верность Заключительному акту" --place "Вена"
csp-draft info vienna-2025-press-release.yaml --subtitle "Parallel civil-society conference, Vienna, 3-5 December 2025" --dateline "Vienna, 8 December 2025"
csp-draft info vienna-2025-press-release.yaml --lang ru --subtitle "Параллельная конференция гражданского общества, Вена, 3-5 декабря 2025 г." --dateline "Вена, 8 декабря 2025 г."

csp-draft add-text vienna-2025-press-release.yaml --section body --lang en "Human-rights defenders from across the OSCE region met in Vienna from 3 to 5 December 2025, on the eve of the 32nd OSCE Ministerial Council, fifty years after the Helsinki Final Act." --note "Programme of the parallel conference: https://www.civicsolidarity.org/"
csp-draft set vienna-2025-press-release.yaml body.1 --lang ru --text "Правозащитники со всего региона ОБСЕ собрались в Вене 3–5 декабря 2025 г., накануне 32-го Совета министров ОБСЕ, через пятьдесят лет после подписания Хельсинкского заключительного акта." --note "Программа параллельной конференции: https://www.civicsolidarity.org/"
csp-draft add-text vienna-2025-press-release.yaml --section body --lang en "They asked the ministers meeting in Vienna to show that the human-rights principles of the Final Act still bind every participating State." --note "The OSCE Ministerial Council: https://www.osce.org/mc"
csp-draft set vienna-2025-press-release.yaml body.2 --lang ru --text "Они призвали министров, собравшихся в Вене, показать, что принципы Заключительного акта в области прав человека по-прежнему обязательны для каждого государства-участника." --note "Совет министров ОБСЕ: https://www.osce.org/mc"

csp-draft section set vienna-2025-press-release.yaml calls --lead-in "The participants' key calls:"
csp-draft section set vienna-2025-press-release.yaml calls --lang ru --lead-in "Основные призывы участников:"
csp-draft add-clause vienna-2025-press-release.yaml accountability-in-armed-conflict --set "conflict={en: 'the war against Ukraine, including in the occupied territories', ru: 'войны против Украины, в том числе на оккупированных территориях'}"
csp-draft addressee vienna-2025-press-release.yaml authorities-of-belarus --lang en --name "the Belarusian authorities"
csp-draft addressee vienna-2025-press-release.yaml authorities-of-belarus --lang ru --nom "белорусские власти" --acc "белорусские власти" --dat "белорусским властям"
csp-draft add-clause vienna-2025-press-release.yaml release-political-prisoners --section calls --addressee authorities-of-belarus --set "country={en: Belarus, ru: Беларуси}"
csp-draft add-clause vienna-2025-press-release.yaml transnational-repression --section calls
csp-draft add-clause vienna-2025-press-release.yaml field-missions --section calls

csp-draft add-text vienna-2025-press-release.yaml --section contact --lang en "Press contact: the secretariat of Helsinki Solidarity Vienna, press@example.org"
csp-draft set vienna-2025-press-release.yaml contact.1 --lang ru --text "Контакт для прессы: секретариат «Хельсинкской солидарности — Вена», press@example.org"
csp-draft check vienna-2025-press-release.yaml
