"""Para 28's supporting documents as one PDF: the escalation, then each refused request — what was asked,
when it was sent and due, the refusal (date, ground, text) and the list of its files.

Made like the Annex 1 and the protocol PDFs (`workflows.registry.pdf`): xhtml2pdf, in Kazakh or Russian
whatever the request's language, in the embedded font with the whole Kazakh alphabet, pages numbered.
The labels are kept here rather than in gettext so that the document comes out in the language asked for.
"""

from workflows.calendar.clocks import local_date
from workflows.registry.pdf import localized_name, pdf_date, render_pdf

from .models import InformationRequest
from .selectors.information import attachments_of

LANGUAGES = ("kk", "ru")
TEMPLATE = "authorities/escalation_pdf.html"
Ground = InformationRequest.Ground

LABELS = {
    "kk": {
        "title": "Көрсетілетін қызметті берушінің ақпарат беруден заңсыз қайталап бас тартуы туралы",
        "basis": "Бірыңғай байланыс орталығы қызметінің қағидаларының 28-тармағына сәйкес",
        "provider": "Көрсетілетін қызметті беруші",
        "authority": "Мемлекеттік қызметтер көрсету сапасын бағалау жөніндегі уәкілетті орган",
        "window": "Бір ай ішіндегі бірінші бас тарту",
        "repeated_on": "Қайталап бас тарту күні",
        "due": "Уәкілетті органға хабарлау мерзімі (үш жұмыс күні)",
        "requests": "Ақпарат беру туралы сұраулар және бас тартулар",
        "request": "Сұрау №",
        "subject": "Тақырыбы",
        "service": "Мемлекеттік көрсетілетін қызмет",
        "question": "Сұралған ақпарат",
        "sent_at": "Жіберілген күні",
        "term": "Жауап беру мерзімі",
        "refused_on": "Бас тарту күні",
        "ground": "Бас тарту негізі",
        "refusal_text": "Бас тарту мәтіні",
        "files": "Қоса берілген файлдар",
        "no_files": "жоқ",
        "page": "Бет",
        "of": "/",
        "grounds": {
            Ground.STATE_SECRET: "мемлекеттік құпиялар (заңды)",
            Ground.COMMERCIAL_SECRET: "коммерциялық құпия (заңды)",
            Ground.OTHER_SECRET: "заңмен қорғалатын өзге де құпия (заңды)",
            Ground.UNLAWFUL: "заңды негізсіз (заңсыз бас тарту)",
        },
    },
    "ru": {
        "title": "О повторном неправомерном отказе услугодателя в предоставлении информации",
        "basis": "В соответствии с пунктом 28 Правил деятельности Единого контакт-центра",
        "provider": "Услугодатель",
        "authority": "Уполномоченный орган по оценке качества оказания государственных услуг",
        "window": "Первый отказ в течение месяца",
        "repeated_on": "Дата повторного отказа",
        "due": "Срок информирования уполномоченного органа (три рабочих дня)",
        "requests": "Запросы о предоставлении информации и отказы",
        "request": "Запрос №",
        "subject": "Тема",
        "service": "Государственная услуга",
        "question": "Запрошенная информация",
        "sent_at": "Дата направления",
        "term": "Срок ответа",
        "refused_on": "Дата отказа",
        "ground": "Основание отказа",
        "refusal_text": "Текст отказа",
        "files": "Приложенные файлы",
        "no_files": "нет",
        "page": "Страница",
        "of": "из",
        "grounds": {
            Ground.STATE_SECRET: "государственные секреты (правомерно)",
            Ground.COMMERCIAL_SECRET: "коммерческая тайна (правомерно)",
            Ground.OTHER_SECRET: "иная охраняемая законом тайна (правомерно)",
            Ground.UNLAWFUL: "без законного основания (неправомерный отказ)",
        },
    },
}


def _request_row(request, labels, language):
    files = attachments_of(request)
    return {
        "request": request,
        "service_name": localized_name(request.service, language) if request.service else "",
        "sent_on": pdf_date(request.sent_at and local_date(request.sent_at)),
        "due_on": pdf_date(request.due_at and local_date(request.due_at)),
        "refused_on": pdf_date(request.refused_on),
        "ground": labels["grounds"].get(request.refusal_ground, ""),
        "files": [str(attachment) for attachment in files],
    }


def _context(escalation, language):
    labels = LABELS[language]
    refusals = escalation.refusals.select_related("service").order_by("refused_on", "pk")
    return {
        "language": language,
        "labels": labels,
        "escalation": escalation,
        "provider_name": localized_name(escalation.provider, language),
        "authority_name": localized_name(escalation.authority, language) if escalation.authority else "",
        "window_start": pdf_date(escalation.window_start),
        "repeated_on": pdf_date(escalation.repeated_on),
        "due_on": pdf_date(escalation.due_at and local_date(escalation.due_at)),
        "rows": [_request_row(request, labels, language) for request in refusals],
    }


def render_escalation_pdf(escalation, language="kk") -> bytes:
    """The supporting documents of `escalation`, in Kazakh ("kk") or Russian ("ru"), as PDF bytes."""
    if language not in LANGUAGES:
        raise ValueError(f"The escalation PDF is made in Kazakh or Russian ('kk' or 'ru'), not {language!r}.")
    return render_pdf(TEMPLATE, _context(escalation, language), what=f"the escalation {escalation}")


__all__ = ["LANGUAGES", "render_escalation_pdf"]
