"""The protocol of acceptance of a public service for consultation by the UCC (para 22), as a PDF to sign.

Made like the Annex 1 PDF (`workflows.registry.pdf`): xhtml2pdf, in Kazakh or Russian whatever the request's
language, the text set in the same embedded TrueType font with the whole Kazakh alphabet (`font_path`), so
that the names can be read and searched in the PDF. Nothing is fetched from the network.
"""

import io
from pathlib import Path

from django.template.loader import render_to_string
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

from workflows.registry.pdf import font_path

LANGUAGES = ("kk", "ru")
TEMPLATE = "onboarding/protocol_pdf.html"
FONT_URI = "ucc-protocol-regular.ttf"
BOLD_FONT_URI = "ucc-protocol-bold.ttf"

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


def _date(value):
    return value.strftime("%d.%m.%Y") if value else ""


def _name(obj, language):
    other = "ru" if language == "kk" else "kk"
    return getattr(obj, f"name_{language}", "") or getattr(obj, f"name_{other}", "") or ""


def _context(protocol, language, has_bold):
    person = protocol.responsible_person
    return {
        "language": language,
        "labels": LABELS[language],
        "font_uri": FONT_URI,
        "bold_font_uri": BOLD_FONT_URI if has_bold else None,
        "protocol": protocol,
        "service_name": _name(protocol.service, language),
        "body_name": _name(protocol.body, language),
        "responsible": ", ".join(filter(None, [person.full_name, person.position])) if person else "",
        "approved_on": _date(protocol.bylaw_approved_on),
        "information_on": _date(protocol.information_received_on),
        "training_on": _date(protocol.training_held_on),
        "start_on": _date(protocol.consultation_start_date),
        "signed_on": _date(protocol.signed_on),
    }


def _bold_font_path(regular: Path) -> Path | None:
    candidate = regular.with_name(f"{regular.stem}-Bold{regular.suffix}")
    return candidate if candidate.is_file() else None


def render_protocol_pdf(protocol, language: str = "kk") -> bytes:
    """The acceptance protocol of `protocol`, in Kazakh ("kk") or Russian ("ru"), as PDF bytes — before the
    signing with blank signature lines, after it with the signatories, the date and the start date."""
    if language not in LANGUAGES:
        raise ValueError(f"The protocol PDF is made in Kazakh or Russian ('kk' or 'ru'), not {language!r}.")
    regular = font_path()
    bold = _bold_font_path(regular)
    fonts = {FONT_URI: regular, BOLD_FONT_URI: bold or regular}

    def link_callback(uri, rel):
        path = fonts.get(str(uri))
        return str(path) if path else None

    policy = ResourceAccessPolicy.server(
        base_dir=regular.parent,
        extra_roots=tuple({path.parent for path in fonts.values()}),
        allow_remote=False,
        max_local_bytes=None,
    )
    html = render_to_string(TEMPLATE, _context(protocol, language, bold is not None))
    buffer = io.BytesIO()
    result = pisa.CreatePDF(html, dest=buffer, encoding="utf-8", link_callback=link_callback, resource_policy=policy)
    if result.err:
        messages = "; ".join(str(entry[2]) for entry in getattr(result, "log", []) if entry[0] == "error")
        raise RuntimeError(f"xhtml2pdf could not render the protocol of {protocol}: {messages}")
    return buffer.getvalue()
