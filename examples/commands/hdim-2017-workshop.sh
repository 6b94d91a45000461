#!/bin/sh
# The outcome of a civil-society workshop at the Human Dimension Implementation Meeting,
# 12 September 2017: four named working groups, three recommendations each, each group
# numbered from 1. Run it in an empty folder:
#   sh hdim-2017-workshop.sh && csp-draft export hdim-2017-workshop.yaml --format docx --lang en,ru
set -e
csp-draft new workshop hdim-2017-workshop.yaml --title "Recommendations of the civil-society workshop" --event "Human Dimension Implementation Meeting" --place Warsaw --date 2017-09-12 --lang en,ru
csp-draft info hdim-2017-workshop.yaml --lang ru --title "Рекомендации семинара гражданского общества" --event "Совещание по рассмотрению выполнения обязательств в области человеческого измерения" --place "Варшава"
csp-draft add-text hdim-2017-workshop.yaml --section introduction --lang en "Four working groups met during the workshop; each agreed on three recommendations."
csp-draft set hdim-2017-workshop.yaml introduction.1 --lang ru --text "В ходе семинара работали четыре рабочие группы; каждая согласовала три рекомендации."

csp-draft section set hdim-2017-workshop.yaml group-1 --numbering restart --heading "Grassroots activism in difficult environments"
csp-draft section set hdim-2017-workshop.yaml group-1 --lang ru --heading "Низовой активизм в сложных условиях"
csp-draft section set hdim-2017-workshop.yaml group-2 --numbering restart --heading "Free media and countering disinformation"
csp-draft section set hdim-2017-workshop.yaml group-2 --lang ru --heading "Свободные СМИ и противодействие дезинформации"
csp-draft section add hdim-2017-workshop.yaml group-3 --after group-2 --numbering restart --heading "Barriers to civil-society participation at the OSCE"
csp-draft section set hdim-2017-workshop.yaml group-3 --lang ru --heading "Препятствия для участия гражданского общества в работе ОБСЕ"
csp-draft section add hdim-2017-workshop.yaml group-4 --after group-3 --numbering restart --heading "Civil society in the politico-military dimension"
csp-draft section set hdim-2017-workshop.yaml group-4 --lang ru --heading "Гражданское общество в военно-политическом измерении"

csp-draft add-clause hdim-2017-workshop.yaml rapid-response-for-defenders --section group-1
csp-draft add-clause hdim-2017-workshop.yaml no-reprisals --section group-1
csp-draft add-clause hdim-2017-workshop.yaml lift-restrictions-on-defenders --section group-1
csp-draft add-clause hdim-2017-workshop.yaml safety-of-journalists --section group-2
csp-draft add-clause hdim-2017-workshop.yaml countering-disinformation --section group-2
csp-draft add-clause hdim-2017-workshop.yaml internet-freedom --section group-2
csp-draft add-clause hdim-2017-workshop.yaml civil-society-participation --section group-3
csp-draft add-clause hdim-2017-workshop.yaml youth-participation --section group-3
csp-draft add-clause hdim-2017-workshop.yaml disability-inclusion --section group-3
csp-draft add-clause hdim-2017-workshop.yaml early-warning --section group-4
csp-draft add-clause hdim-2017-workshop.yaml field-missions --section group-4
csp-draft add-clause hdim-2017-workshop.yaml women-participation --section group-4
csp-draft check hdim-2017-workshop.yaml
