"""The statutory reports' mails (paras 31, 39) as editable notification templates (issue 20, item 3): the
delivery of a report to its recipient and the supervisors' warning of reports not delivered. Both are written
Kazakh, then Russian; the shipped default of each language is its half of `reports/mail/*.txt`."""

from datetime import date
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from workflows.notifications.registry import Notification, register
from workflows.notifications.rendering import placeholder

LANGUAGES = ("kk", "ru")
SEPARATOR = "\n\n----------\n\n"
PARAGRAPHS = {  # the Rules' paragraph each report is sent under, as the shipped text names it
    "kk": {"ict": "39-тармақ", "annex2": "31-тармақ, 2-қосымша"},
    "ru": {"ict": "пункт 39", "annex2": "пункт 31, приложение 2"},
}
REPORT_PLACEHOLDERS = {
    "title": gettext_lazy("the report's title"),
    "recipient": gettext_lazy("the recipient body"),
    "period": gettext_lazy("the period"),
    "version": gettext_lazy("the version"),
    "rules_paragraph": gettext_lazy("the paragraph of the Rules (31 and Annex 2, or 39)"),
    "link": gettext_lazy("the link to acknowledge receipt"),
}
REPORT_SAMPLE = {
    "title": "Отчёт об обращениях (жалобах), поступивших в Единый контакт-центр за ноябрь 2026 года",
    "recipient": "Министерство цифрового развития / Цифрлық даму министрлігі",
    "period": "01.11.2026 – 30.11.2026",
    "version": 1,
    "rules_paragraph": "пункт 31, приложение 2",
    "link": "https://ucc.example.kz/reports/acknowledge/sample/",
}


def _report_default(language):
    meta = {name: placeholder(name) for name in ("recipient", "period", "version")}
    meta.update(kind="annex2", title_kk=placeholder("title"), title_ru=placeholder("title"))
    text = render_to_string("reports/mail/report.txt", {"meta": meta, "link": placeholder("link")}).strip()
    half = text.split(SEPARATOR)[LANGUAGES.index(language)]
    return placeholder("title"), half.replace(PARAGRAPHS[language]["annex2"], placeholder("rules_paragraph"))


def report_values(meta, link):
    def values_for(language):
        return {
            "title": meta[f"title_{language}"],
            "recipient": meta["recipient"],
            "period": meta["period"],
            "version": meta["version"],
            "rules_paragraph": PARAGRAPHS[language]["ict" if meta["kind"] == "ict" else "annex2"],
            "link": link,
        }

    return values_for


WARNING_PLACEHOLDERS = {
    "month": gettext_lazy("the month of the reports (mm.yyyy)"),
    "deadline": gettext_lazy("their delivery deadline"),
    "count": gettext_lazy("how many are not delivered"),
    "pending_lines": gettext_lazy("one line per report not delivered: recipient — kind: state (error)"),
}
WARNING_SAMPLE = {
    "month": "11.2026",
    "deadline": "07.12.2026",
    "count": 1,
    "pending_lines": "- Цифрлық даму министрлігі / Министерство цифрового развития — annex2: failed",
}
WARNING_SUBJECTS = {"kk": "Есептер жеткізілмеді", "ru": "Отчёты не доставлены"}


def _warning_default(language):
    """The shipped warning's line in `language` (its first line is Kazakh, its second Russian), then the list."""
    context = {"period": SimpleNamespace(start=date(1999, 1, 1)), "deadline": date(1999, 2, 3), "pending": []}
    lines = render_to_string("reports/mail/warning.txt", context).strip().split("\n")
    line = lines[LANGUAGES.index(language)].replace("03.02.1999", placeholder("deadline"))
    line = line.replace("01.1999", placeholder("month"))
    subject = f"{WARNING_SUBJECTS[language]}: {placeholder('month')} ({placeholder('count')})"
    return subject, line + "\n\n" + placeholder("pending_lines")


def register_notifications():
    register(
        Notification(
            key="reports.delivery",
            label=gettext_lazy("A statutory report delivered to its recipient (paras 31, 39)"),
            placeholders=REPORT_PLACEHOLDERS,
            sample=REPORT_SAMPLE,
            default=_report_default,
            paragraph="31, 39",
            languages=LANGUAGES,
        )
    )
    register(
        Notification(
            key="reports.warning",
            label=gettext_lazy("Warning to the supervisors: reports not delivered (paras 31, 39)"),
            placeholders=WARNING_PLACEHOLDERS,
            sample=WARNING_SAMPLE,
            default=_warning_default,
            paragraph="31, 39",
            languages=LANGUAGES,
        )
    )
