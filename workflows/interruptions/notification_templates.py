"""The notice of a planned interruption to the bodies (para 38), Kazakh then Russian, as an editable
notification template per change (issue 20, item 3). The shipped default is `interruptions/mail/notice*.txt`
rendered with the placeholders in place of the values."""

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy

from workflows.notifications.registry import Notification, register
from workflows.notifications.rendering import placeholder

CHANGES = {
    "notified": gettext_lazy("Planned interruption announced to the bodies (para 38)"),
    "postponed": gettext_lazy("Planned interruption postponed (para 38)"),
    "extended": gettext_lazy("Planned interruption extended (para 38)"),
    "cancelled": gettext_lazy("Planned interruption cancelled (para 38)"),
}
PLACEHOLDERS = {
    "services": gettext_lazy("the services interrupted"),
    "scope": gettext_lazy("full or partial interruption"),
    "starts": gettext_lazy("the start (Almaty time)"),
    "ends": gettext_lazy("the end (Almaty time)"),
    "affected": gettext_lazy("what is affected"),
    "contact": gettext_lazy("the contact for questions"),
    "reason": gettext_lazy("the reason of the change"),
}
SAMPLE = {
    "services": "Выдача справки о несудимости, Регистрация по месту жительства",
    "scope": "полный перерыв",
    "starts": "12.12.2026 22:00",
    "ends": "13.12.2026 06:00",
    "affected": "Портал egov.kz и мобильное приложение",
    "contact": "support@nitec.kz, +7 7172 00 00 00",
    "reason": "Обновление оборудования центра обработки данных",
}


def notice_key(change):
    return f"interruptions.notice_{change or 'notified'}"


def _default(change):
    def default(language):
        notice = SimpleNamespace(
            get_scope_display=placeholder("scope"),
            contact=placeholder("contact"),
            change_reason=placeholder("reason"),
        )
        context = {
            "notice": notice,
            "change": change,
            "service_names": placeholder("services"),
            "affected": placeholder("affected"),
            "starts": placeholder("starts"),
            "ends": placeholder("ends"),
        }
        with translation.override(language):
            subject = render_to_string("interruptions/mail/notice_subject.txt", context).strip()
            text = render_to_string("interruptions/mail/notice.txt", context).strip()
        return subject, text

    return default


def register_notifications():
    for change, label in CHANGES.items():
        placeholders = dict(PLACEHOLDERS)
        if change == "notified":
            placeholders.pop("reason")
        register(
            Notification(
                key=notice_key(change),
                label=label,
                placeholders=placeholders,
                sample={name: SAMPLE[name] for name in placeholders},
                default=_default(change),
                paragraph="38",
            )
        )


def notice_values(notice, change, context):
    return {
        "services": context["service_names"],
        "scope": notice.get_scope_display(),
        "starts": context["starts"],
        "ends": context["ends"],
        "affected": context["affected"],
        "contact": notice.contact,
        "reason": notice.change_reason if change != "notified" else "",
    }
