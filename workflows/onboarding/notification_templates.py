"""The reminders of an onboarding step due soon or overdue (paras 20-21) as editable notification templates
(issue 20, item 3); the shipped default is the text `reminders.message` writes, with the placeholders."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.notifications.registry import Notification, register
from workflows.notifications.rendering import placeholder

PLACEHOLDERS = {
    "service": gettext_lazy("the public service"),
    "body": gettext_lazy("the body that provides it"),
    "step": gettext_lazy("the step of the protocol"),
    "due": gettext_lazy("the step's deadline"),
    "link": gettext_lazy("the link to the protocol"),
}
SAMPLE = {
    "service": "Выдача справки о несудимости",
    "body": "Министерство юстиции Республики Казахстан",
    "step": "Согласование протокола",
    "due": "15.12.2026",
    "link": "https://ucc.example.kz/admin/onboarding/protocols/7/",
}
KINDS = {
    "due_soon": (
        gettext_lazy("Reminder: an onboarding step is due soon (paras 20-21)"),
        "UCC 1414: due by %(due)s — %(step)s, %(service)s",
    ),
    "overdue": (
        gettext_lazy("Reminder: an onboarding step is overdue (paras 20-21)"),
        "UCC 1414: overdue since %(due)s — %(step)s, %(service)s",
    ),
}


def reminder_key(kind):
    return f"onboarding.reminder_{kind}"


def _default(subject):
    def default(language):
        values = {name: placeholder(name) for name in PLACEHOLDERS}
        with translation.override(language):
            body = "\n".join(
                [
                    _("Onboarding of the public service %(service)s for consultation by the UCC (%(body)s).") % values,
                    _("Step: %(step)s. Deadline: %(due)s (working days, Rules paras 20-21).") % values,
                    "",
                    values["link"],
                ]
            )
            return _(subject) % values, body

    return default


def register_notifications():
    for kind, (label, subject) in KINDS.items():
        register(
            Notification(
                key=reminder_key(kind),
                label=label,
                placeholders=PLACEHOLDERS,
                sample=SAMPLE,
                default=_default(subject),
                paragraph="20-21",
            )
        )
