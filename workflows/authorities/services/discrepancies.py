"""Para 32: the quality-assessment authority reports that a provider's monthly report and the UCC's differ;
the UCC explains no later than the next working day (the model's `save` puts the deadline at the close of
that day, from the calendar).

received → explanation drafted (text, the report rows in question, files) → explanation sent to the
authority's e-mail. Reminders of the ones due soon or overdue go to the coordinators and the supervisors,
once each (`send_alert_once`).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from workflows.accounts.roles import COORDINATOR, SENIOR_OPERATOR
from workflows.accounts.selectors import users_with_role
from workflows.calendar.clocks import local_date
from workflows.directory.models import StateBody

from ..models import Attachment, AuthorityAlert, DiscrepancyRequest
from ..notification_templates import edited, explanation_sections, explanation_text, reminder
from ..selectors.deadlines import due_soon, overdue
from ..selectors.discrepancies import EXPLANATION, explanation_files
from .common import TransitionRefused, record_event, send_alert_once, step

__all__ = [
    "explain_discrepancy",
    "register_discrepancy",
    "send_discrepancy_reminders",
    "send_explanation",
]


def _actor(user):
    return user if getattr(user, "pk", None) else None


@transaction.atomic
def register_discrepancy(*, authority, provider, period, description, received_at, letter_reference="", user=None):
    """Para 32: the authority's letter is registered; the explanation is due by the close of the next
    working day after `received_at`."""
    if authority.kind != StateBody.Kind.QUALITY_AUTHORITY:
        raise TransitionRefused(
            _("%(body)s is not the authorized body for quality of public services") % {"body": authority}
        )
    request = DiscrepancyRequest(
        authority=authority,
        provider=provider,
        period=period,
        description=description,
        received_at=received_at,
        letter_reference=letter_reference,
        created_by=_actor(user),
    )
    request.full_clean(exclude=["state", "due_at"])  # the state moves by transitions; `save` sets the deadline
    request.save()
    record_event(request, "registered", text=letter_reference, actor=user, at=received_at)
    return request


def _attach(request, files, user):
    content_type = ContentType.objects.get_for_model(request)
    for upload in files:
        Attachment.objects.create(
            content_type=content_type, object_id=request.pk, file=upload, purpose=EXPLANATION, uploaded_by=_actor(user)
        )


def _report_rows(rows):
    """The rows of the reports the explanation is about: an appeal's registration number or a row number,
    and a note. The reports (issue 18) link them to their rows later; here they are kept as given."""
    cleaned = []
    for row in rows:
        appeal = str(row.get("appeal") or "").strip()
        number = str(row.get("row") or "").strip()
        if not appeal and not number:
            raise TransitionRefused(_("a report row needs an appeal's registration number or a row number"))
        cleaned.append({"appeal": appeal, "row": number, "note": str(row.get("note") or "").strip()})
    return cleaned


def _cited_rows(rows):
    """The row numbers (the № column) of a delivered report, each with its note."""
    cleaned = []
    for row in rows:
        number = str(row.get("row") or "").strip()
        if not number.isdigit() or int(number) < 1:
            raise TransitionRefused(_("“%(row)s” is not a row number of the report") % {"row": number})
        cleaned.append({"row": int(number), "note": str(row.get("note") or "").strip()})
    return cleaned


def _citation(request, report, rows):
    """Para 32: the rows of a delivered report the explanation cites, frozen as the report printed them.
    The reports sit above this app and answer the `discrepancy_report_rows` hook; a report or row they do
    not know refuses the whole explanation (their `ValueError`), so nothing is saved in part."""
    if not report:
        if rows:
            raise TransitionRefused(_("Choose the delivered report the rows belong to."))
        return {}
    rows = _cited_rows(rows)
    if not rows:
        raise TransitionRefused(_("Name the rows of the report in question."))
    for answer in hooks.get_hooks("discrepancy_report_rows"):
        try:
            return answer(request, report, rows)
        except ValueError as refusal:
            raise TransitionRefused(str(refusal)) from refusal
    raise TransitionRefused(_("No delivered report can be cited."))


def explain_discrepancy(*, request, explanation, report_rows=(), report=None, cited_rows=(), files=(), user):
    """The UCC's explanation, with the report rows in question (typed, or `cited_rows` of the delivered
    `report`) and its annexes; it may be redrafted until it is sent."""
    rows = _report_rows(report_rows)
    citation = _citation(request, report, cited_rows)
    with transaction.atomic():
        step(request, "explain", user=user, explanation=explanation, report_rows=rows, report_citation=citation)
        _attach(request, files, user)
    return request


def _explanation_mail(request):
    received_on = local_date(request.received_at)
    context = {
        "request": request,
        "period": request.period,
        "period_text": request.period.strftime("%m.%Y"),
        "received_on": received_on,
        "received_text": received_on.strftime("%d.%m.%Y"),
        "rows": request.report_rows,
        "citation": request.report_citation,
    }
    values = {
        "authority": request.authority,
        "letter": request.letter_reference or "—",
        "letter_or_number": request.letter_reference or f"№ {request.pk}",
        "received": context["received_text"],
        "period": context["period_text"],
        "provider": request.provider or "—",
        "description": request.description,
        "explanation": request.explanation,
        **explanation_sections(context),
    }
    subject, body = edited("authorities.discrepancy_explanation", values) or explanation_text(values, context)
    return subject[:200], body


def send_explanation(*, request, user, at=None):
    """Para 32: the explanation goes to the authority's e-mail, with its annexes (late after the close of the
    next working day). The mail is sent inside the step's transaction: a mail server that refuses it
    leaves the request unsent, to be sent again."""
    to = [request.authority.email] if request.authority.email else []
    if not to:
        raise TransitionRefused(_("%(body)s has no e-mail address in the directory") % {"body": request.authority})
    with transaction.atomic():
        step(request, "send", user=user, to=to, at=at)
        subject, body = _explanation_mail(request)
        mail = EmailMessage(subject, body, None, to)
        for attachment in explanation_files(request):
            with attachment.file.open("rb") as handle:
                mail.attach(str(attachment), handle.read())
        mail.send()
    return request


def _recipients():
    users = users_with_role(COORDINATOR.name) | users_with_role(SENIOR_OPERATOR.name)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def _reminder(request, kind):
    values = {
        "number": request.pk,
        "authority": request.authority,
        "provider": request.provider or "—",
        "due": local_date(request.due_at).strftime("%d.%m.%Y"),
    }
    values["link"] = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("authorities_discrepancy", args=[request.pk])
    return reminder("authorities.discrepancy", values, kind)  # issue 20, item 3: editable


def send_discrepancy_reminders(now=None):
    """The discrepancies due soon and overdue, each reminded once per deadline; returns how many went."""
    to = _recipients()
    sent = 0
    for kind, listing in ((AuthorityAlert.Kind.DUE_SOON, due_soon), (AuthorityAlert.Kind.OVERDUE, overdue)):
        for request in listing(DiscrepancyRequest, now=now).select_related("authority", "provider"):
            subject, body = _reminder(request, kind)
            sent += send_alert_once(request, kind, due=request.due_at, to=to, subject=subject, body=body)
    return sent
