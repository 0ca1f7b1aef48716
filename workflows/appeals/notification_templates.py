"""The applicant's mails (paras 8-11, 13; issue 19 item 6) as editable notification templates (issue 20, item 3).

Each step the applicant is told of is one notification; its shipped default is the text of
`appeals/mail/step.txt` (and `merged.txt`) rendered with the placeholders in place of the values, so an
administrator starts from today's words in each language. Until a template is edited, the mail is still
written from the template files (`notifications.py`).
"""

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from workflows.notifications.registry import Notification, register
from workflows.notifications.rendering import placeholder
from workflows.notifications.selectors import compose

from .templatetags.appeals_tags import local_deadline

token = placeholder


# Told steps: their subject lines, with the placeholder of the number (the shipped subjects are gettext'd).
# Marked for extraction here, translated where the mail is written (in the applicant's language): before they
# were marked, a Kazakh or Russian applicant's mail had an English subject.
STEP_SUBJECTS = {
    "register": gettext_noop("Your appeal %(number)s is registered"),
    "give_answer": gettext_noop("Answer to your appeal %(number)s"),
    "redirect": gettext_noop("Your appeal %(number)s is passed to another specialist"),
    "refer": gettext_noop("Your appeal %(number)s: the competent body"),
    "forward": gettext_noop("Your appeal %(number)s is sent for clarification"),
}
STEP_LABELS = {
    "register": gettext_lazy("Appeal registered (acknowledgement, para 8)"),
    "give_answer": gettext_lazy("Answer to an appeal, with the rating link (paras 8, 13)"),
    "redirect": gettext_lazy("Appeal passed to another specialist (para 11)"),
    "refer": gettext_lazy("Appeal outside the UCC's competence: the competent body (para 10)"),
    "forward": gettext_lazy("Appeal sent to a body for clarification"),
}
COMMON = {
    "applicant_name": gettext_lazy("the applicant's name (the line is left out when there is none)"),
    "registration_number": gettext_lazy("the registration number"),
    "due_date": gettext_lazy("the answer's deadline, while the appeal is open"),
    "appeal_text": gettext_lazy("the text of the appeal"),
}
BODY = {
    "body_name": gettext_lazy("the body's name"),
    "body_phone": gettext_lazy("the body's phone"),
    "body_email": gettext_lazy("the body's e-mail"),
    "body_website": gettext_lazy("the body's website"),
}
STEP_PLACEHOLDERS = {
    "register": COMMON,
    "give_answer": {
        **COMMON,
        "answer": gettext_lazy("the answer"),
        "rating_link": gettext_lazy("the link to rate the answer 1-5 (para 13)"),
    },
    "redirect": COMMON,
    "refer": {**COMMON, **BODY},
    "forward": {**COMMON, "body_name": BODY["body_name"]},
}
SAMPLE = {
    "applicant_name": "Жумабаева Асель",
    "registration_number": "UCC-2026-000123",
    "due_date": "10.12.2026 18:00",
    "appeal_text": "Как получить справку о несудимости через egov.kz?",
    "answer": "Справку можно получить на портале egov.kz в разделе «Справки», подписав запрос ЭЦП.",
    "rating_link": "https://1414.kz/rate/UCC-2026-000123/sample",
    "body_name": "Министерство юстиции Республики Казахстан",
    "body_phone": "+7 7172 58 00 58",
    "body_email": "kanc@adilet.gov.kz",
    "body_website": "https://www.gov.kz/memleket/entities/adilet",
    "joined_to": "UCC-2026-000101",
}


MERGED_LANGUAGES = ("kk", "ru")  # the merge is told once, to both readers: Kazakh, then Russian


def step_key(step):
    return f"appeals.{step}"


def _step_default(step):
    def default(language):
        appeal = SimpleNamespace(
            applicant_name=token("applicant_name"),
            number=token("registration_number"),
            due_at=token("due_date"),
            is_open=True,
            answer=token("answer"),
            content=token("appeal_text"),
            language=language,
        )
        body = SimpleNamespace(**{name.removeprefix("body_"): token(name) for name in BODY})
        context = {
            "appeal": appeal,
            "step": step,
            "body": body,
            "rating_link": token("rating_link") if step == "give_answer" else "",
        }
        with translation.override(language):
            subject = _(STEP_SUBJECTS[step]) % {"number": token("registration_number")}
            text = render_to_string("appeals/mail/step.txt", context)
        return subject, text.strip()

    return default


def _merged_default(language):
    values = {"number": token("registration_number"), "into": token("joined_to")}
    with translation.override(language):
        subject = _("Your appeal %(number)s is joined to appeal %(into)s") % values
        text = render_to_string("appeals/mail/merged.txt", {"appeal": None, **values})
    return subject, text.strip()


def register_notifications():
    for step, label in STEP_LABELS.items():
        placeholders = STEP_PLACEHOLDERS[step]
        register(
            Notification(
                key=step_key(step),
                label=label,
                placeholders=placeholders,
                sample={name: SAMPLE[name] for name in placeholders},
                default=_step_default(step),
            )
        )
    register(
        Notification(
            key="appeals.merged",
            label=gettext_lazy("Appeal joined to an earlier one (kk then ru)"),
            placeholders={
                "registration_number": COMMON["registration_number"],
                "joined_to": gettext_lazy("the number of the appeal it joins"),
            },
            sample={name: SAMPLE[name] for name in ("registration_number", "joined_to")},
            default=_merged_default,
            languages=MERGED_LANGUAGES,
        )
    )
    register_alert_notifications()


def step_values(appeal, step, *, rating_link="", body=None):
    """The placeholders' values of the mail about `step` (the applicant's own texts are data, never markup)."""
    values = {
        "applicant_name": appeal.applicant_name,
        "registration_number": appeal.number,
        "due_date": local_deadline(appeal.due_at) if appeal.due_at and appeal.is_open else "",
        "appeal_text": appeal.content,
        "answer": appeal.answer,
        "rating_link": rating_link,
    }
    for name in BODY:
        values[name] = getattr(body, name.removeprefix("body_"), "") if body is not None else ""
    return values


def composed_step(appeal, step, *, rating_link="", body=None):
    """The step's mail from its edited template in the active language, or None (then: the template files)."""
    return compose(step_key(step), step_values(appeal, step, rating_link=rating_link, body=body))


def html_document(html, language):
    return f'<!DOCTYPE html>\n<html lang="{language}"><body>\n{html}</body></html>\n'


# --- the alerts of para 8's clock to operators and supervisors (issue 19, item 5), kk then ru ----------

ALERT_LINE = gettext_lazy("the appeal's line: number · channel · due · link to its screen")
ALERT_SAMPLE_LINE = "UCC-2026-000123 · E-mail · due 27.03.2026 18:00 · https://ucc.example.kz/admin/appeals/123/"


def _alert_default(subject, text, *, lines="appeal_lines"):
    def default(language):
        with translation.override(language):
            values = {"number": token("registration_number"), "count": token("count"), "minutes": token("minutes")}
            return str(subject) % values, str(text) % values + "\n\n" + token(lines)

    return default


def register_alert_notifications():
    lines = {"appeal_lines": gettext_lazy("one line per appeal: number · channel · due · link")}
    count = {"count": gettext_lazy("how many appeals")}
    register(
        Notification(
            key="appeals.alert_due_today",
            label=gettext_lazy("Alert to the operator: the answer is due today (para 8)"),
            placeholders={"registration_number": COMMON["registration_number"], "appeal_line": ALERT_LINE},
            sample={"registration_number": SAMPLE["registration_number"], "appeal_line": ALERT_SAMPLE_LINE},
            default=_alert_default(
                gettext_lazy("[%(number)s] the answer is due today"),
                gettext_lazy("Para 8: this appeal is to be answered today and is not answered yet."),
                lines="appeal_line",
            ),
        )
    )
    register(
        Notification(
            key="appeals.alert_overdue",
            label=gettext_lazy("Alert to the supervisors: appeals past their deadline (para 8)"),
            placeholders={**count, **lines},
            sample={"count": 1, "appeal_lines": ALERT_SAMPLE_LINE},
            default=_alert_default(
                gettext_lazy("Overdue appeals: %(count)s"),
                gettext_lazy("Para 8: these appeals are past their deadline."),
            ),
        )
    )
    register(
        Notification(
            key="appeals.alert_unassigned",
            label=gettext_lazy("Alert to the supervisors: appeals without an operator"),
            placeholders={**count, "minutes": gettext_lazy("the minutes an appeal may wait"), **lines},
            sample={"count": 1, "minutes": 30, "appeal_lines": ALERT_SAMPLE_LINE},
            default=_alert_default(
                gettext_lazy("Appeals without an operator: %(count)s"),
                gettext_lazy("These appeals have waited more than %(minutes)s minutes without an operator."),
            ),
        )
    )
