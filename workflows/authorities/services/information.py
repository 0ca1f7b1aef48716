"""Information requests (paras 24-25): the UCC drafts one, sends it to the body's contacts (the responsible
person for the service first), and records the answer or the refusal with their files.

An answer may flag the service's Knowledge Base articles for review (the information changed); an unlawful
refusal is weighed for para 28's escalation (`escalations.consider_refusal`) in the same transaction.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms.knowledge.services import flag_service_articles
from workflows.accounts.roles import RESPONSIBLE_PERSON
from workflows.calendar.clocks import local_date
from workflows.directory.models import StateBody
from workflows.registry.models import ResponsiblePerson
from workflows.registry.pdf import localized_name

from ..models import Attachment, InformationRequest
from ..notification_templates import edited
from . import escalations
from .common import TransitionRefused, record_event, step

__all__ = [
    "ASKABLE_KINDS",
    "contacts",
    "draft_information_request",
    "record_answer",
    "record_refusal",
    "send_information_request",
]

Kind = StateBody.Kind
# Para 24: the participants of interaction the UCC may ask.
ASKABLE_KINDS = (Kind.CENTRAL_BODY, Kind.LOCAL_EXECUTIVE_BODY, Kind.OTHER_PROVIDER, Kind.E_SERVICE_SUBJECT)
MAIL_LANGUAGES = ("kk", "ru")


def draft_information_request(*, body, subject, question, service=None, term_working_days=5, user=None, at=None):
    """Para 24: a request to `body` for information or clarification on `service`, not yet sent (`at`: when it
    was drafted, if not now)."""
    if body.kind not in ASKABLE_KINDS:
        raise TransitionRefused(
            _("%(body)s is not a central or local executive body, a provider or an e-service subject") % {"body": body}
        )
    if term_working_days < 1:
        raise TransitionRefused(_("the term is at least one working day"))
    with transaction.atomic():
        request = InformationRequest(
            body=body,
            service=service,
            subject=subject.strip(),
            question=question.strip(),
            term_working_days=term_working_days,
            created_by=user if getattr(user, "pk", None) else None,
        )
        request.full_clean(exclude=["state"])
        request.save()
        record_event(request, "drafted", actor=user, at=at)
    return request


def _emails(values):
    return [email for email in values if email]


def contacts(request, *, today=None):
    """Who receives `request`, in order: the responsible person for its service at the body (para 27's
    successor when replaced), the body's responsible-person users, the body's own address."""
    today = today or local_date(timezone.now())
    people = []
    if request.service_id:
        responsible = ResponsiblePerson.objects.filter(
            Q(responsibilities__end_date__isnull=True) | Q(responsibilities__end_date__gte=today),
            body_id=request.body_id,
            responsibilities__service_id=request.service_id,
            responsibilities__start_date__lte=today,
            state__in=[ResponsiblePerson.State.APPOINTED, ResponsiblePerson.State.ACTIVE],
        )
        people = list(responsible.order_by("full_name").values_list("email", flat=True))
    members = get_user_model().objects.filter(
        body_memberships__body_id=request.body_id, groups__name=RESPONSIBLE_PERSON.name, is_active=True
    )
    users = list(members.order_by("username").values_list("email", flat=True))
    return list(dict.fromkeys(_emails([*people, *users, request.body.email])))


def answer_url(request):
    """The admin form the responsible person answers in (the admin asks them to sign in first)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("authorities_information_answer", args=[request.pk])


def _mail_language():
    language = (translation.get_language() or "kk")[:2]
    return language if language in MAIL_LANGUAGES else "kk"


def _request_mail(request):
    """(subject, body) of the request, in the activated language (Kazakh or Russian)."""
    language = _mail_language()
    with translation.override(language):
        context = {
            "request": request,
            "body_name": localized_name(request.body, language),
            "service_name": localized_name(request.service, language) if request.service else "",
            "due_text": f"{local_date(request.due_at):%d.%m.%Y}",
            "answer_url": answer_url(request),
        }
        values = {
            "body_name": context["body_name"],
            "service_number": request.service.register_number if request.service else "",
            "service_name": context["service_name"],
            "subject": request.subject,
            "question": request.question,
            "due": context["due_text"],
            "term_days": request.term_working_days,
            "answer_url": context["answer_url"],
        }
        if written := edited("authorities.information_request", values):  # issue 20, item 3
            return written[0][:200], written[1]
        subject = _("UCC 1414: request for information — %(subject)s") % {"subject": request.subject}
        return subject[:200], render_to_string("authorities/email/information_request.txt", context)


def send_information_request(request, user, *, at=None):
    """Para 24: mail the request to the body's contacts; its term runs from now. Refused without a contact.

    The step and the mail go in one transaction: a mail server that fails leaves the request drafted."""
    to = contacts(request)
    if not to:
        raise TransitionRefused(_("%(body)s has no e-mail address to send to") % {"body": request.body})
    with transaction.atomic():
        step(request, "send", user=user, event_text=", ".join(to), to=to, at=at)
        subject, body = _request_mail(request)
        send_mail(subject, body, None, to)
    return request


def _attach(record, files, user, purpose):
    content_type = ContentType.objects.get_for_model(record)
    for upload in files:
        Attachment.objects.create(
            content_type=content_type,
            object_id=record.pk,
            file=upload,
            purpose=purpose,
            uploaded_by=user if getattr(user, "pk", None) else None,
        )


def record_answer(request, answer, *, files=(), flag_articles=False, user=None, at=None):
    """Para 25: the body gave the information (late after the term); its files are kept with the request.

    With `flag_articles`, the service's Knowledge Base articles are flagged for review (the information they
    rest on has changed)."""
    if not answer.strip():
        raise TransitionRefused(_("the answer is empty"))
    with transaction.atomic():
        step(request, "record_answer", user=user, answer=answer.strip(), at=at)
        _attach(request, files, user, _("answer"))
        if flag_articles and request.service_id:
            reason = _("Para 25: %(body)s answered the UCC's request № %(pk)s on this service.") % {
                "body": request.body,
                "pk": request.pk,
            }
            flagged = flag_service_articles(request.service, reason)
            record_event(request, "articles_flagged", text=str(flagged), actor=user)
    return request


def record_refusal(request, ground, text, on, *, files=(), user=None, at=None):
    """Para 25: the body refused; `ground` says whether a law allowed it. An unlawful refusal is weighed for
    para 28's escalation in the same transaction. Returns the escalation it made or joined, if any."""
    if ground not in InformationRequest.Ground.values:
        raise TransitionRefused(_("choose the ground of the refusal"))
    if request.sent_at and on < local_date(request.sent_at):
        raise TransitionRefused(_("the refusal cannot come before the request was sent"))
    with transaction.atomic():
        note = InformationRequest.Ground(ground).label
        step(request, "record_refusal", user=user, event_text=note, ground=ground, text=text.strip(), on=on, at=at)
        _attach(request, files, user, _("refusal"))
        if request.unlawfully_refused:
            return escalations.consider_refusal(request, user=user)
    return None
