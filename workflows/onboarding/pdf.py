"""The protocol of acceptance of a public service for consultation by the UCC (para 22), as a PDF to sign.

Made like the Annex 1 PDF (`workflows.registry.pdf`): xhtml2pdf, in Kazakh or Russian whatever the request's
language, the text set in the same embedded TrueType font with the whole Kazakh alphabet (`font_path`), so
that the names can be read and searched in the PDF. Nothing is fetched from the network.
"""

from workflows.registry.pdf import localized_name, pdf_date, render_pdf

LANGUAGES = ("kk", "ru")
TEMPLATE = "onboarding/protocol_pdf.html"

LABELS = {
    "kk": {
        "title": (
            "Бірыңғай байланыс орталығы консультация беру үшін мемлекеттік көрсетілетін қызметті қабылдау хаттамасы"
        ),
        "basis": "Бірыңғай байланыс орталығы қызметінің қағидаларының 22-тармағына сәйкес",
        "register_number": "Мемлекеттік көрсетілетін қызметтің тізілімдегі №",
        "service": "Мемлекеттік көрсетілетін қызметтің атауы",
        "body": "Мемлекеттік орган (көрсетілетін қызметті беруші)",
        "bylaw": "Заңға тәуелді нормативтік құқықтық акт",
        "approved_on": "Актінің бекітілген күні",
        "responsible": "Жауапты тұлға",
        "information": "1-қосымша бойынша ақпарат берілген күн",
        "training": "Оқыту өткізілген күн",
        "start": "Консультация беру басталатын күн (23-тармақ)",
        "start_note": "хаттамаға қол қойылған күннен бастап бес жұмыс күні өткен соң",
        "ucc": "Бірыңғай байланыс орталығы атынан",
        "for_body": "Мемлекеттік орган атынан",
        "signature": "(қолы)",
        "date": "Қол қойылған күні",
        "blank_date": "20____ жылғы «____» ________________",
    },
    "ru": {
        "title": "Протокол приема Единым контакт-центром государственной услуги на консультирование",
        "basis": "В соответствии с пунктом 22 Правил деятельности Единого контакт-центра",
        "register_number": "№ государственной услуги в реестре",
        "service": "Наименование государственной услуги",
        "body": "Государственный орган (услугодатель)",
        "bylaw": "Подзаконный нормативный правовой акт",
        "approved_on": "Дата утверждения акта",
        "responsible": "Ответственное лицо",
        "information": "Дата представления информации по приложению 1",
        "training": "Дата проведения обучения",
        "start": "Дата начала консультирования (пункт 23)",
        "start_note": "по истечении пяти рабочих дней со дня подписания протокола",
        "ucc": "От Единого контакт-центра",
        "for_body": "От государственного органа",
        "signature": "(подпись)",
        "date": "Дата подписания",
        "blank_date": "«____» ________________ 20____ года",
    },
}


def _context(protocol, language):
    person = protocol.responsible_person
    return {
        "language": language,
        "labels": LABELS[language],
        "protocol": protocol,
        "service_name": localized_name(protocol.service, language),
        "body_name": localized_name(protocol.body, language),
        "responsible": ", ".join(filter(None, [person.full_name, person.position])) if person else "",
        "approved_on": pdf_date(protocol.bylaw_approved_on),
        "information_on": pdf_date(protocol.information_received_on),
        "training_on": pdf_date(protocol.training_held_on),
        "start_on": pdf_date(protocol.consultation_start_date),
        "signed_on": pdf_date(protocol.signed_on),
    }


def render_protocol_pdf(protocol, language: str = "kk") -> bytes:
    """The acceptance protocol of `protocol`, in Kazakh ("kk") or Russian ("ru"), as PDF bytes — before the
    signing with blank signature lines, after it with the signatories, the date and the start date."""
    if language not in LANGUAGES:
        raise ValueError(f"The protocol PDF is made in Kazakh or Russian ('kk' or 'ru'), not {language!r}.")
    return render_pdf(TEMPLATE, _context(protocol, language), what=f"the protocol of {protocol}")
