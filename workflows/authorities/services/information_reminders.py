"""Reminders of the information requests' terms (paras 24-25) and the escalations' three working days
(para 28): due soon and overdue, each sent once (`send_alert_once`), whatever number of times the daily
schedule runs.

A request's reminder goes to the body's side (the contacts it was sent to, as they are now) and to the UCC
employee who drafted it; an escalation's to the onboarding coordinators.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from workflows.accounts.roles import COORDINATOR
from workflows.accounts.selectors import users_with_role
from workflows.calendar.clocks import local_date

from ..models import AuthorityAlert, Escalation, InformationRequest
from ..notification_templates import reminder
from ..selectors.deadlines import due_soon, overdue
from .common import send_alert_once
from .information import contacts

Kind = AuthorityAlert.Kind


def _link(name, pk):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=[pk])


def _request_message(request, kind):
    values = {"subject": request.subject, "due": f"{local_date(request.due_at):%d.%m.%Y}", "body": request.body}
    values["link"] = _link("authorities_information_answer", request.pk)
    return reminder("authorities.information", values, kind)  # issue 20, item 3: editable


def _escalation_message(escalation, kind):
    values = {"provider": escalation.provider, "due": f"{local_date(escalation.due_at):%d.%m.%Y}"}
    values["link"] = _link("authorities_escalation", escalation.pk)
    return reminder("authorities.escalation", values, kind)


def _request_recipients(request):
    author = request.created_by
    ucc_side = [author.email] if author and author.is_active and author.email else []
    return list(dict.fromkeys([*contacts(request), *ucc_side]))


def send_information_reminders(now=None):
    """Remind of every open request and escalation due soon or overdue; how many mails went out."""
    now = now or timezone.now()
    sent = 0
    for kind, select in ((Kind.OVERDUE, overdue), (Kind.DUE_SOON, due_soon)):
        for request in select(InformationRequest, now=now).select_related("body", "created_by"):
            subject, body = _request_message(request, kind)
            to = _request_recipients(request)
            sent += send_alert_once(request, kind, due=request.due_at, to=to, subject=subject, body=body)
        coordinators = sorted(set(users_with_role(COORDINATOR.name).exclude(email="").values_list("email", flat=True)))
        for escalation in select(Escalation, now=now).select_related("provider"):
            subject, body = _escalation_message(escalation, kind)
            sent += send_alert_once(
                escalation, kind, due=escalation.due_at, to=coordinators, subject=subject, body=body
            )
    return sent
