"""Demo ICT services and requests (paras 34-37), one request in every state, so a first `make run` shows the
desk's lists, a request forwarded to the ICI operator with its reply, and an overdue one. Recognised by their
`[demo]` subjects, so loading again adds nothing; moments count back from now."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from workflows.directory.models import StateBody

from . import services
from .models import IctOutgoingMail, IctRequest, IctService

DEMO = "[demo]"
Kind = StateBody.Kind
SERVICES = (
    ("EGOV-PORTAL", "egov.kz порталы", "Портал egov.kz", "egov.kz portal", True),
    ("EDS-NCA", "ҰКО ЭЦҚ", "ЭЦП НУЦ", "NCA digital signature", True),
    ("E-DOC", "Электрондық құжат айналымы", "Электронный документооборот", "Electronic document flow", False),
)
# (subject, hours ago, channel, the state it reaches)
REQUESTS = (
    ("Порталға кіре алмаймын / Не могу войти на портал", 1, "phone", "registered"),
    ("ЭЦҚ қабылданбайды / ЭЦП не принимается", 3, "email", "consulting"),
    ("Құжат жіберілмейді / Документ не отправляется", 30, "form", "answered"),
    ("Есептік жазба бұғатталды / Учётная запись заблокирована", 50, "phone", "forwarded"),
    ("Сервис қатесі / Ошибка сервиса", 75, "email", "resolved"),
    ("Құпиясөзді қалпына келтіру / Восстановление пароля", 120, "phone", "closed"),
    ("Баяу жұмыс / Медленная работа", 200, "form", "registered"),  # long past its terms: overdue
)


def _first(kind):
    """The first active body of `kind`; without an address it gets a reserved example one (the desk mails it)."""
    body = StateBody.objects.filter(kind=kind, is_active=True).order_by("code").first()
    if body is not None and not body.email:
        body.email = f"{body.code}@example.com"
        body.save(update_fields=["email"])
    return body


def load_demo_ict_services():
    ici = _first(Kind.ICI_OPERATOR)
    users = list(StateBody.objects.filter(kind__in=[Kind.CENTRAL_BODY, Kind.LOCAL_EXECUTIVE_BODY]).order_by("code"))
    created = 0
    for code, kk, ru, en, round_the_clock in SERVICES:
        service, made = IctService.objects.get_or_create(
            code=code,
            defaults={"name_kk": kk, "name_ru": ru, "name_en": en, "owner": ici, "round_the_clock": round_the_clock},
        )
        if made:
            service.subscribers.set(users[:6])
            created += 1
    return created


def load_demo_ict_requests(now=None):
    """A request of a central body in every state (one overdue); returns how many were made."""
    operator = get_user_model().objects.filter(username="operator").first()
    body, ici = _first(Kind.CENTRAL_BODY), _first(Kind.ICI_OPERATOR)
    services_list = list(IctService.objects.order_by("code"))
    if operator is None or body is None or ici is None or not services_list:
        return 0
    now = now or timezone.now()
    created = 0
    for n, (subject, hours, channel, state) in enumerate(REQUESTS):
        subject = f"{DEMO} {subject}"
        if IctRequest.objects.filter(subject=subject).exists():
            continue
        received = now - timedelta(hours=hours)
        request = services.register_request(
            body=body,
            subject=subject,
            channel=channel,
            service=services_list[n % len(services_list)],
            requester_name="Айгерім Сәрсенова",
            requester_phone="+7 717 274 00 00",
            requester_email="a.sarsenova@example.com" if channel == "email" else "",
            description="Қызметті пайдалану кезінде қиындық туындады. / Возникла трудность при работе с сервисом.",
            received_at=received,
            user=operator,
        )
        created += 1
        _advance(request, state, received, operator)
    return created


def _advance(request, state, received, user):
    if state == "registered":
        return
    services.consult(request, user=user, at=received + timedelta(minutes=30))
    if state in ("answered", "closed"):
        services.answer(
            request, text="Нұсқаулық жіберілді. / Направлена инструкция.", user=user, at=received + timedelta(hours=2)
        )
    if state in ("forwarded", "resolved"):
        services.forward_to_ici(
            request, note="Білім базасында жоқ / Нет в Базе знаний", user=user, at=received + timedelta(hours=1)
        )
    if state == "forwarded":
        # The mail server refused the forward as often as the schedule tries (set after the send, which runs at
        # the commit): the request's screen offers to send it again, the home counts it.
        transaction.on_commit(
            lambda: request.outgoing_mails.update(
                status=IctOutgoingMail.Status.FAILED,
                attempts=IctOutgoingMail.MAX_ATTEMPTS,
                last_error="[demo] 421 Service not available",
                sent_at=None,
            )
        )
    if state == "resolved":
        services.record_ici_reply(
            request, reply="Қалпына келтірілді. / Восстановлено.", at=received + timedelta(hours=20)
        )
    request.outgoing_mails.filter(kind=IctOutgoingMail.Kind.FORWARD).update(created_at=received + timedelta(hours=1))
    if state == "closed":
        services.close(request, user=user)
