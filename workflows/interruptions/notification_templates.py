"""The notice of a planned interruption to the bodies (para 38), Kazakh then Russian, as an editable
notification template per change (issue 20, item 3). The shipped default is `interruptions/mail/notice*.txt`
rendered with the placeholders in place of the values."""

import re
from datetime import date
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import timezone, translation
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


DIGEST_PLACEHOLDERS = {
    "start": gettext_lazy("the first day of the period"),
    "last": gettext_lazy("the last day of the period"),
    "appeal_count": gettext_lazy("how many appeals"),
    "appeal_lines": gettext_lazy("one line per appeal: number — received — channel — state"),
    "request_count": gettext_lazy("how many ICT requests (empty when none)"),
    "request_lines": gettext_lazy("one line per ICT request: number — received — service — state"),
}
DIGEST_SAMPLE = {
    "start": "30.11.2026",
    "last": "06.12.2026",
    "appeal_count": 2,
    "appeal_lines": "№ UCC-2026-000123 — 01.12.2026 10:15 — E-mail — answered\n"
    "№ UCC-2026-000130 — 02.12.2026 16:40 — 1414 — registered",
    "request_count": 1,
    "request_lines": "ICT-2026-000042 — 03.12.2026 09:05 — Портал электронного правительства — resolved",
}
MARK = "\x00"
FIVE = re.compile(r"(?<![\d.])5(?![\d.])")  # the count of the five marked rows, not "4.5"


def _digest_default(language):
    """`interruptions/mail/digest*.txt` rendered with five marked rows per list, each list then one placeholder."""
    rows = [SimpleNamespace(number=MARK, received_at=None, service="", get_channel_display="", get_state_display="")]
    context = {"appeals": rows * 5, "requests": rows * 5, "start": date(1999, 1, 1), "last": date(1999, 1, 2)}
    with translation.override(language), timezone.override("Asia/Almaty"):
        subject = render_to_string("interruptions/mail/digest_subject.txt", context).strip()
        text = render_to_string("interruptions/mail/digest.txt", context).strip()
    dated = {"01.01.1999": placeholder("start"), "02.01.1999": placeholder("last")}
    for shown, name in dated.items():
        subject, text = subject.replace(shown, name), text.replace(shown, name)
    lines, lists = [], iter(("appeal", "request"))
    current = "appeal"
    for line in text.split("\n"):
        if MARK in line:
            if not lines or lines[-1] != placeholder(f"{current}_lines"):
                lines.append(placeholder(f"{current}_lines"))
            continue
        if FIVE.search(line):
            current = next(lists)
            line = FIVE.sub(placeholder(f"{current}_count"), line)
        lines.append(line)
    return subject, "\n".join(lines)


def digest_values(rows, requests, start, last):
    def line(record, third):
        return f"{record.number} — {timezone.localtime(record.received_at):%d.%m.%Y %H:%M} — {third} — "

    return {
        "start": f"{start:%d.%m.%Y}",
        "last": f"{last:%d.%m.%Y}",
        "appeal_count": len(rows),
        "appeal_lines": "\n".join(
            "№ " + line(appeal, appeal.get_channel_display()) + str(appeal.get_state_display()) for appeal in rows
        ),
        "request_count": len(requests) or "",
        "request_lines": "\n".join(
            line(request, request.service) + str(request.get_state_display()) for request in requests
        ),
    }


def register_notifications():
    register(
        Notification(
            key="interruptions.digest",
            label=gettext_lazy("Digest of the ICT appeals and requests to the ICI operator and the bodies (para 4.5)"),
            placeholders=DIGEST_PLACEHOLDERS,
            sample=DIGEST_SAMPLE,
            default=_digest_default,
            paragraph="4.5",
            languages=("kk", "ru"),
        )
    )
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
                languages=("kk", "ru"),
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
