"""The ICT desk's mails (paras 35-37) as editable notification templates (issue 20, item 3): the answer to
the requesting body (Kazakh, then Russian), the request forwarded to the ICI operator, the supervisors'
reminders. Each text is one function of `values`, called with the placeholders for the shipped default."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.notifications.registry import Notification, register
from workflows.notifications.rendering import placeholder
from workflows.notifications.selectors import compose, compose_in_languages

MAIL_LANGUAGES = ("kk", "ru")


def to_requester_text(values):
    subject = _("Your ICT request %(number)s: answer") % values
    text = "\n\n".join(
        [
            _("Request %(number)s: %(subject)s") % values,
            str(values["text"]),
            _("To reply, answer this e-mail; keep the number %(number)s in the subject.") % values,
        ]
    )
    return subject, text


def forward_text(values):
    subject = f"[{values['number']}] {values['subject']}"
    text = "\n\n".join(
        filter(
            None,
            [
                _("Request %(number)s of %(body)s about %(service)s.") % values,
                str(values["subject"] or ""),
                str(values["description"] or ""),
                str(values["note"] or ""),
            ],
        )
    )
    return subject, text


def first_answer_overdue_text(values):
    return (
        _("[%(number)s] first answer overdue") % values,
        _("The first answer to %(number)s (%(subject)s) was due at %(due)s.") % values,
    )


def resolution_overdue_text(values):
    return (
        _("[%(number)s] resolution overdue") % values,
        _("%(number)s (%(subject)s) was to be resolved by %(due)s.") % values,
    )


NUMBER = {"number": gettext_lazy("the request's number")}
SUBJECT = {"subject": gettext_lazy("the request's subject")}
DUE = {"due": gettext_lazy("the deadline")}
SAMPLE = {
    "number": "ICT-2026-000042",
    "subject": "Не работает подписание ЭЦП на портале",
    "text": "Сбой устранён, подписание работает.",
    "body": "Министерство юстиции Республики Казахстан",
    "service": "Портал электронного правительства",
    "description": "С 09:00 при подписании появляется ошибка NCALayer.",
    "note": "",
    "due": "08.12.2026 18:00",
}
NOTIFICATIONS = {
    "ict.to_requester": (
        gettext_lazy("Answer or resolution of an ICT request to the requester (kk then ru, para 37)"),
        to_requester_text,
        {**NUMBER, **SUBJECT, "text": gettext_lazy("the answer or the resolution")},
        MAIL_LANGUAGES,
    ),
    "ict.forward": (
        gettext_lazy("An ICT request forwarded to the ICI operator (para 36)"),
        forward_text,
        {
            **NUMBER,
            "body": gettext_lazy("the requesting body"),
            "service": gettext_lazy("the ICT service"),
            **SUBJECT,
            "description": gettext_lazy("the description"),
            "note": gettext_lazy("the operator's note"),
        },
        ("kk", "ru", "en"),
    ),
    "ict.first_answer_overdue": (
        gettext_lazy("Reminder to the supervisors: an ICT request's first answer is overdue (para 37)"),
        first_answer_overdue_text,
        {**NUMBER, **SUBJECT, **DUE},
        ("kk", "ru", "en"),
    ),
    "ict.resolution_overdue": (
        gettext_lazy("Reminder to the supervisors: an ICT request's resolution is overdue (para 37)"),
        resolution_overdue_text,
        {**NUMBER, **SUBJECT, **DUE},
        ("kk", "ru", "en"),
    ),
}


def _default(text, placeholders):
    def default(language):
        with translation.override(language):
            return text({name: placeholder(name) for name in placeholders})

    return default


def register_notifications():
    for key, (label, text, placeholders, languages) in NOTIFICATIONS.items():
        register(
            Notification(
                key=key,
                label=label,
                placeholders=placeholders,
                sample={name: SAMPLE[name] for name in placeholders},
                default=_default(text, placeholders),
                paragraph="35-37",
                languages=languages,
                required_in_subject=("number",) if key in ("ict.to_requester", "ict.forward") else (),
            )
        )


def written(key, values):
    """(subject, text) of `key` in the active language: edited, or the shipped text."""
    edited = compose(key, values)
    return (edited.subject, edited.text) if edited is not None else NOTIFICATIONS[key][1](values)


def to_requester(values):
    """(subject, text), Kazakh then Russian, from the edited templates or the shipped text."""
    edited = compose_in_languages("ict.to_requester", lambda language: values)
    if edited is not None:
        return edited
    subjects, texts = [], []
    for code in MAIL_LANGUAGES:
        with translation.override(code):
            subject, text = to_requester_text(values)
            subjects.append(subject)
            texts.append(text)
    return " / ".join(subjects), "\n\n----------\n\n".join(texts)
