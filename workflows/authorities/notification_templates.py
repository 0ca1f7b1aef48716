"""The bodies' and authorities' reminders and alarms (paras 14, 24-25, 28, 32) as editable notification
templates (issue 20, item 3).

Each text is written by one function of `values`: the services call it with the record's values when nobody
edited the template, and the shipped default is the same function called with the placeholders instead."""

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.notifications.registry import Notification, register
from workflows.notifications.rendering import placeholder
from workflows.notifications.selectors import compose

OVERDUE = "overdue"
LINK = {"link": gettext_lazy("the link to the record's screen")}
SAMPLE_LINK = "https://ucc.example.kz/admin/authorities/7/"


def call_record_text(values, kind):
    if kind == OVERDUE:
        subject = _("UCC 1414: call-record request № %(number)s is overdue (due %(due)s)") % values
    else:
        subject = _("UCC 1414: call-record request № %(number)s is due at %(due)s") % values
    body = "\n".join(
        [
            _("Call-record request № %(number)s from %(requester)s, received %(received)s.") % values,
            _("Phone %(phone)s, conversation dates %(start)s – %(end)s.") % values,
            _("Para 14: the record is due within %(hours)s hours, by %(due)s.") % values,
            "",
            str(values["link"]),
        ]
    )
    return subject, body


def discrepancy_reminder_text(values, kind):
    if kind == OVERDUE:
        subject = _("UCC 1414: overdue since %(due)s — explanation of discrepancy № %(number)s") % values
    else:
        subject = _("UCC 1414: due by %(due)s — explanation of discrepancy № %(number)s") % values
    body = "\n".join(
        [
            _("%(authority)s reported a discrepancy in the reports of %(provider)s.") % values,
            _("Para 32: the explanation is due by the end of the next working day, %(due)s.") % values,
            "",
            str(values["link"]),
        ]
    )
    return subject, body


def information_reminder_text(values, kind):
    if kind == OVERDUE:
        subject = _("UCC 1414: the answer was due by %(due)s — %(subject)s") % values
    else:
        subject = _("UCC 1414: the answer is due by %(due)s — %(subject)s") % values
    body = "\n".join(
        [
            _("The UCC's request for information to %(body)s: %(subject)s.") % values,
            _("Term for the answer: %(due)s (working days, Rules paras 24-25).") % values,
            "",
            str(values["link"]),
        ]
    )
    return subject, body


def escalation_reminder_text(values, kind):
    if kind == OVERDUE:
        subject = _("UCC 1414: the escalation was due by %(due)s — %(provider)s") % values
    else:
        subject = _("UCC 1414: the escalation is due by %(due)s — %(provider)s") % values
    body = "\n".join(
        [
            _("Para 28: %(provider)s refused the UCC's requests unlawfully again within a month.") % values,
            _("The quality-assessment authority is to be informed by %(due)s (three working days).") % values,
            "",
            str(values["link"]),
        ]
    )
    return subject, body


# (key prefix, text function, label per kind, placeholders, sample, paragraph)
REMINDERS = {
    "authorities.call_record": (
        call_record_text,
        {
            "alarm": gettext_lazy("Alarm to the supervisors: a call record is due soon (para 14)"),
            OVERDUE: gettext_lazy("Alarm to the supervisors: a call record is overdue (para 14)"),
        },
        {
            "number": gettext_lazy("the request's number"),
            "requester": gettext_lazy("the authority that asked"),
            "received": gettext_lazy("when the request was received"),
            "phone": gettext_lazy("the phone (masked)"),
            "start": gettext_lazy("first day of the conversations"),
            "end": gettext_lazy("last day of the conversations"),
            "hours": gettext_lazy("the hours of the term"),
            "due": gettext_lazy("the deadline"),
            **LINK,
        },
        {
            "number": 12,
            "requester": "Агентство по делам государственной службы",
            "received": "07.12.2026 10:00",
            "phone": "+7 701 *** ** 67",
            "start": "01.12.2026",
            "end": "03.12.2026",
            "hours": 4,
            "due": "07.12.2026 14:00",
            "link": SAMPLE_LINK,
        },
        "14",
    ),
    "authorities.discrepancy": (
        discrepancy_reminder_text,
        {
            "due_soon": gettext_lazy("Reminder: the explanation of a discrepancy is due (para 32)"),
            OVERDUE: gettext_lazy("Reminder: the explanation of a discrepancy is overdue (para 32)"),
        },
        {
            "number": gettext_lazy("the discrepancy's number"),
            "authority": gettext_lazy("the authority that reported it"),
            "provider": gettext_lazy("the service provider"),
            "due": gettext_lazy("the deadline"),
            **LINK,
        },
        {
            "number": 3,
            "authority": "Агентство по делам государственной службы",
            "provider": "Министерство юстиции Республики Казахстан",
            "due": "08.12.2026",
            "link": SAMPLE_LINK,
        },
        "32",
    ),
    "authorities.information": (
        information_reminder_text,
        {
            "due_soon": gettext_lazy("Reminder: a body's answer to a request for information is due (paras 24-25)"),
            OVERDUE: gettext_lazy("Reminder: a body's answer to a request for information is overdue (paras 24-25)"),
        },
        {
            "subject": gettext_lazy("the request's subject"),
            "body": gettext_lazy("the body asked"),
            "due": gettext_lazy("the deadline"),
            **LINK,
        },
        {
            "subject": "Порядок выдачи справки о несудимости",
            "body": "Министерство юстиции Республики Казахстан",
            "due": "10.12.2026",
            "link": SAMPLE_LINK,
        },
        "24-25",
    ),
    "authorities.escalation": (
        escalation_reminder_text,
        {
            "due_soon": gettext_lazy("Reminder: an escalation to the quality authority is due (para 28)"),
            OVERDUE: gettext_lazy("Reminder: an escalation to the quality authority is overdue (para 28)"),
        },
        {"provider": gettext_lazy("the service provider"), "due": gettext_lazy("the deadline"), **LINK},
        {"provider": "Министерство юстиции Республики Казахстан", "due": "11.12.2026", "link": SAMPLE_LINK},
        "28",
    ),
}


def reminder_key(prefix, kind):
    return f"{prefix}_{OVERDUE if kind == OVERDUE else 'due'}"


def _default(text, kind, placeholders):
    def default(language):
        with translation.override(language):
            subject, body = text({name: placeholder(name) for name in placeholders}, kind)
            return subject, body.strip()

    return default


def escalation_text(values, kind=None):
    subject = _("UCC 1414: repeated unlawful refusal to provide information — %(provider)s") % values
    body = "\n".join(
        [
            _(
                "Para 28 of the Rules: %(provider)s refused the UCC's requests for information without a lawful ground "
                "%(count)s times within a month, the last time on %(repeated_on)s."
            )
            % values,
            _("The supporting documents are attached (in Kazakh and in Russian)."),
        ]
    )
    return subject, body


ESCALATION_PLACEHOLDERS = {
    "provider": gettext_lazy("the service provider"),
    "count": gettext_lazy("how many unlawful refusals within the month"),
    "repeated_on": gettext_lazy("the date of the last refusal"),
}
INFORMATION_PLACEHOLDERS = {
    "body_name": gettext_lazy("the body asked"),
    "service_number": gettext_lazy("the public service's register number"),
    "service_name": gettext_lazy("the public service"),
    "subject": gettext_lazy("the request's subject"),
    "question": gettext_lazy("the question"),
    "due": gettext_lazy("the answer's deadline"),
    "term_days": gettext_lazy("the term in working days"),
    "answer_url": gettext_lazy("the link to answer in the admin"),
}
INFORMATION_SAMPLE = {
    "body_name": "Министерство юстиции Республики Казахстан",
    "service_number": "00101001",
    "service_name": "Выдача справки о несудимости",
    "subject": "Порядок выдачи справки о несудимости",
    "question": "Просим разъяснить срок выдачи справки при обращении через egov.kz.",
    "due": "10.12.2026",
    "term_days": 3,
    "answer_url": "https://ucc.example.kz/admin/authorities/information/5/answer/",
}


def information_request_text(values):
    """(subject, body) of a request for information (para 24) in the active language."""
    request = SimpleNamespace(
        service=SimpleNamespace(register_number=values["service_number"]),
        subject=values["subject"],
        question=values["question"],
        term_working_days=values["term_days"],
    )
    context = {
        "request": request,
        "body_name": values["body_name"],
        "service_name": values["service_name"],
        "due_text": values["due"],
        "answer_url": values["answer_url"],
    }
    subject = _("UCC 1414: request for information — %(subject)s") % {"subject": values["subject"]}
    return subject, render_to_string("authorities/email/information_request.txt", context)


EXPLANATION_PLACEHOLDERS = {
    "authority": gettext_lazy("the authority that reported the discrepancy"),
    "letter": gettext_lazy("the reference of its letter (— when none)"),
    "letter_or_number": gettext_lazy("the reference of its letter, or the discrepancy's number"),
    "received": gettext_lazy("when its letter was received"),
    "period": gettext_lazy("the month of the reports (mm.yyyy)"),
    "provider": gettext_lazy("the service provider"),
    "description": gettext_lazy("the discrepancy as reported"),
    "explanation": gettext_lazy("the explanation"),
    "report_rows": gettext_lazy("the report rows in question, with their heading (left out when none)"),
    "cited_rows": gettext_lazy(
        "the cited rows of the delivered Annex 2 report, with their heading (left out when none)"
    ),
}
EXPLANATION_SAMPLE = {
    "authority": "Агентство по делам государственной службы",
    "letter": "№ 12-34/567",
    "letter_or_number": "№ 12-34/567",
    "received": "25.03.2026",
    "period": "02.2026",
    "provider": "Министерство юстиции Республики Казахстан",
    "description": "В отчёте услугодателя 14 обращений, в отчёте ЕКЦ — 12.",
    "explanation": "Два обращения поступили 28.02.2026 после 18:00 и учтены в марте.",
    "report_rows": "Строки отчёта, о которых идёт речь:\n- обращение UCC-2026-000123, строка 7",
    "cited_rows": "",
}
EXPLANATION_SUBJECT = "UCC 1414: explanation of the discrepancy in the reports for %(period)s (your letter %(letter)s)"


def explanation_text(values, context):
    """(subject, body) of the explanation (para 32): `discrepancy_explanation.txt` with `context`."""
    subject = _(EXPLANATION_SUBJECT) % {"period": values["period"], "letter": values["letter_or_number"]}
    return subject, render_to_string("authorities/mail/discrepancy_explanation.txt", context)


def explanation_sections(context):
    """The two lists of the explanation as the shipped mail prints them, for `report_rows` and `cited_rows`."""
    return {
        "report_rows": render_to_string("authorities/mail/_discrepancy_rows.txt", context).strip("\n"),
        "cited_rows": render_to_string("authorities/mail/_discrepancy_citation.txt", context).strip("\n"),
    }


def _explanation_default(language):
    request = SimpleNamespace(
        authority=placeholder("authority"),
        letter_reference=placeholder("letter"),
        provider=placeholder("provider"),
        description=placeholder("description"),
        explanation=placeholder("explanation"),
    )
    context = {
        "request": request,
        "received_text": placeholder("received"),
        "period_text": placeholder("period"),
        "rows": [],
        "citation": None,
    }
    values = {"period": placeholder("period"), "letter_or_number": placeholder("letter_or_number")}
    with translation.override(language):
        subject, body = explanation_text(values, context)
    sections = "\n\n".join((placeholder("report_rows"), placeholder("cited_rows")))
    body = body.replace(placeholder("explanation") + "\n", placeholder("explanation") + "\n\n" + sections + "\n", 1)
    return subject, body.strip()


def register_notifications():
    register(
        Notification(
            key="authorities.discrepancy_explanation",
            label=gettext_lazy("Explanation of a discrepancy between reports to the authority (para 32)"),
            placeholders=EXPLANATION_PLACEHOLDERS,
            sample=EXPLANATION_SAMPLE,
            default=_explanation_default,
            paragraph="32",
        )
    )
    register(
        Notification(
            key="authorities.escalation",
            label=gettext_lazy("Escalation of repeated unlawful refusals to the quality authority (para 28)"),
            placeholders=ESCALATION_PLACEHOLDERS,
            sample={"provider": "Министерство юстиции Республики Казахстан", "count": 2, "repeated_on": "01.12.2026"},
            default=_default(escalation_text, None, ESCALATION_PLACEHOLDERS),
            paragraph="28",
        )
    )
    register(
        Notification(
            key="authorities.information_request",
            label=gettext_lazy("Request for information to a body (para 24)"),
            placeholders=INFORMATION_PLACEHOLDERS,
            sample=INFORMATION_SAMPLE,
            default=_default(lambda values, kind: information_request_text(values), None, INFORMATION_PLACEHOLDERS),
            paragraph="24",
            languages=("kk", "ru"),
        )
    )
    for prefix, (text, labels, placeholders, sample, paragraph) in REMINDERS.items():
        for kind, label in labels.items():
            register(
                Notification(
                    key=reminder_key(prefix, kind),
                    label=label,
                    placeholders=placeholders,
                    sample=sample,
                    default=_default(text, kind, placeholders),
                    paragraph=paragraph,
                )
            )


def reminder(prefix, values, kind):
    """(subject, body) of a reminder: from its edited template, else from its text function."""
    edited = compose(reminder_key(prefix, kind), values)
    if edited is not None:
        return edited.subject, edited.text
    return REMINDERS[prefix][0](values, kind)


def edited(key, values):
    """(subject, body) from the edited template of `key` in the active language, or None."""
    composed = compose(key, values)
    return (composed.subject, composed.text) if composed is not None else None
