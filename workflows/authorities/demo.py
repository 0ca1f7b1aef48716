"""Demo records of the bodies and authorities, one in every state of every process, so a first `make run`
shows the supervisor's alarm banner, the overdue lists, a refusal escalated under para 28 and the body's page.

Each record is made through the services (so its timeline is real) and recognised by a `[demo]` reference,
so that loading again adds nothing. Moments count back from now; working-day terms come from the calendar.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from workflows.calendar.clocks import local_date
from workflows.calendar.working_days import add_working_days, is_working_day
from workflows.directory.models import StateBody
from workflows.registry.models import PublicService

from .models import CallRecordRequest, Escalation, InformationRequest
from .services import call_records, escalations, information

DEMO = "[demo]"
Kind = StateBody.Kind
Ground = InformationRequest.Ground


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _body(kind):
    """The first active body of `kind`. Requests, escalations and explanations go by e-mail, and the shipped
    directory has no addresses: a body the demo writes to without one gets a reserved example address
    (RFC 2606), which the directory's history shows as the demo's change."""
    body = StateBody.objects.filter(kind=kind, is_active=True).order_by("code").first()
    if body is not None and not body.email:
        body.email = f"{body.code}@example.com"
        body.save(update_fields=["email"])
    return body


def _working_day_before(day, n):
    """The n-th working day before `day` (the demo's past dates, so that terms fall as they would)."""
    found = 0
    while found < n:
        day -= timedelta(days=1)
        found += is_working_day(day)
    return day


# (reference, hours since it was received, the state it reaches)
CALL_RECORDS = (
    ("№ 01-14/101", 0.5, "received"),
    ("№ 01-14/102", 3.3, "searching"),  # past the 3-hour alarm: the supervisors' banner shows it
    ("№ 01-14/103", 5.0, "received"),  # past the 4 hours: overdue
    ("№ 01-14/104", 30.0, "provided"),
    ("№ 01-14/105", 52.0, "provided_late"),
    ("№ 01-14/106", 76.0, "not_found"),
)


def load_demo_call_records(now=None):
    """Para 14: requests of both authorities, one in each state (and one late); returns how many were made."""
    now = now or timezone.now()
    supervisor = _user("supervisor")
    requesters = [body for body in (_body(Kind.INFORMATIZATION_AUTHORITY), _body(Kind.QUALITY_AUTHORITY)) if body]
    if not requesters:
        return 0
    created = 0
    for n, (number, hours, state) in enumerate(CALL_RECORDS):
        reference = f"{DEMO} {number}"
        if CallRecordRequest.objects.filter(letter_reference=reference).exists():
            continue
        received = now - timedelta(hours=hours)
        request = call_records.register_call_record_request(
            requester=requesters[n % len(requesters)],
            letter_reference=reference,
            phone=f"+7 701 000 {n + 1:04d}",
            period_start=local_date(received) - timedelta(days=1),
            period_end=local_date(received),
            received_at=received,
        )
        _advance_call_record(request, state, received, supervisor)
        created += 1
    return created


def _advance_call_record(request, state, received, user):
    if state == "received":
        return
    call_records.start_search(request, user=user)
    if state == "provided":
        call_records.provide(
            request,
            recording_reference="rec://1414/demo/" + str(request.pk),
            user=user,
            at=received + timedelta(hours=2),
        )
    elif state == "provided_late":
        call_records.provide(
            request,
            recording_reference="rec://1414/demo/" + str(request.pk),
            user=user,
            at=received + timedelta(hours=6),
        )
    elif state == "not_found":
        reason = "Бұл нөмірден сол күні қоңырау болмаған / С этого номера в этот день звонков не было"
        call_records.report_not_found(request, reason=reason, user=user, at=received + timedelta(hours=3))


# (the body's kind, subject, working days since sent, the outcome)
INFORMATION = (
    (Kind.CENTRAL_BODY, "Мемлекеттік баж мөлшері / Размер государственной пошлины", None, "drafted"),
    (Kind.CENTRAL_BODY, "Өтініш беру мерзімі / Срок подачи заявления", 1, "sent"),
    (Kind.CENTRAL_BODY, "Қажетті құжаттар тізбесі / Перечень необходимых документов", 8, "sent"),  # overdue
    (Kind.CENTRAL_BODY, "Қызмет көрсету орны / Место оказания услуги", 6, "answered"),
    (Kind.CENTRAL_BODY, "Ақпараттық жүйенің сипаттамасы / Описание информационной системы", 9, "refused_lawful"),
    (Kind.CENTRAL_BODY, "Бас тарту негіздері / Основания для отказа", 12, "refused_unlawful"),
    (Kind.CENTRAL_BODY, "Шағымдану тәртібі / Порядок обжалования", 7, "refused_unlawful"),  # para 28: drafted
    (Kind.LOCAL_EXECUTIVE_BODY, "Қабылдау кестесі / График приёма", 15, "refused_unlawful"),
    (Kind.LOCAL_EXECUTIVE_BODY, "Байланыс телефондары / Контактные телефоны", 11, "refused_unlawful"),  # sent
    (Kind.OTHER_PROVIDER, "Қызмет құны / Стоимость услуги", 20, "refused_unlawful"),
    (Kind.OTHER_PROVIDER, "Нәтиже беру мерзімі / Срок выдачи результата", 16, "refused_unlawful"),  # acknowledged
)
# What became of each provider's escalation in the demo (para 28): every state once.
ESCALATION_STATES = {
    Kind.CENTRAL_BODY: "drafted",
    Kind.LOCAL_EXECUTIVE_BODY: "sent",
    Kind.OTHER_PROVIDER: "acknowledged",
}


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@transaction.atomic
def load_demo_information_requests(today=None):
    """Paras 24-25 and 28: requests to a central body, a local executive body and a provider in every state;
    each one's two unlawful refusals within a month escalate to the quality authority, and the three
    escalations stand drafted, sent and acknowledged. Returns how many requests were made."""
    coordinator = _user("coordinator")
    if coordinator is None or _body(Kind.QUALITY_AUTHORITY) is None:
        return 0
    today = today or timezone.localdate()
    created = 0
    for kind, subject, days_ago, outcome in INFORMATION:
        body = _body(kind)
        subject = f"{DEMO} {subject}"
        if body is None or InformationRequest.objects.filter(subject=subject).exists():
            continue
        service = PublicService.objects.filter(providers=body).order_by("register_number").first()
        request = information.draft_information_request(
            body=body,
            subject=subject,
            question="Қызмет туралы ақпаратты нақтылауды сұраймыз. / Просим уточнить информацию об услуге.",
            service=service,
            user=coordinator,
            at=_at(_working_day_before(today, days_ago or 0), 9) if days_ago else None,
        )
        created += 1
        if days_ago is not None:
            sent_on = _working_day_before(today, days_ago)
            information.send_information_request(request, coordinator, at=_at(sent_on, 10))
            _settle(request, outcome, add_working_days(sent_on, 2), coordinator)
    if created:
        _move_escalations(coordinator, today)
    return created


def _settle(request, outcome, on, user):
    if outcome == "answered":
        answer = "Қызмет ХҚКО-да көрсетіледі. / Услуга оказывается в ЦОН."
        information.record_answer(request, answer, user=user, at=_at(on, 15))
    elif outcome == "refused_lawful":
        text = "Коммерциялық құпия. / Коммерческая тайна."
        information.record_refusal(request, Ground.COMMERCIAL_SECRET, text, on, user=user, at=_at(on, 15))
    elif outcome == "refused_unlawful":
        text = "Ақпарат берілмейді. / Информация не предоставляется."
        information.record_refusal(request, Ground.UNLAWFUL, text, on, user=user, at=_at(on, 15))


def _move_escalations(user, today):
    for escalation in Escalation.objects.filter(state=Escalation.State.DRAFTED).select_related("provider"):
        target = ESCALATION_STATES.get(escalation.provider.kind, "drafted")
        if target == "drafted":
            continue
        escalations.send_escalation(escalation, user, at=_at(escalation.repeated_on, 16))
        if target == "acknowledged":
            escalations.acknowledge_escalation(escalation, add_working_days(escalation.repeated_on, 2), user)


def load_demo_discrepancies(now=None):
    """Para 32: the quality authority's discrepancies, received (one overdue), explained and sent."""
    from .models import DiscrepancyRequest
    from .services import discrepancies

    supervisor, authority = _user("supervisor"), _body(Kind.QUALITY_AUTHORITY)
    provider = _body(Kind.LOCAL_EXECUTIVE_BODY)
    if supervisor is None or authority is None:
        return 0
    now = now or timezone.now()
    created = 0
    for n, (hours, state) in enumerate(((2, "received"), (80, "received"), (20, "explained"), (50, "sent"))):
        reference = f"{DEMO} № 04-32/{n + 1}"
        if DiscrepancyRequest.objects.filter(letter_reference=reference).exists():
            continue
        received = now - timedelta(hours=hours)
        request = discrepancies.register_discrepancy(
            authority=authority,
            provider=provider,
            period=local_date(received).replace(day=1) - timedelta(days=1),
            description="Өтініштер саны сәйкес келмейді. / Не совпадает число обращений.",
            received_at=received,
            letter_reference=reference,
            user=supervisor,
        )
        created += 1
        if state in ("explained", "sent"):
            explanation = "Екі өтініш келесі айда тіркелген. / Два обращения зарегистрированы в следующем месяце."
            discrepancies.explain_discrepancy(request=request, explanation=explanation, user=supervisor)
        if state == "sent":
            discrepancies.send_explanation(request=request, user=supervisor, at=received + timedelta(hours=20))
    return created


def load_demo_trainings(today=None):
    """Paras 15, 17, 21, 30 and 25: a training of each kind, a request of the quality authority in each state,
    and visits planned, held and cancelled. Returns how many records were made."""
    from .models import Training, TrainingRequest, Visit
    from .services import trainings

    coordinator, operator = _user("coordinator"), _user("operator")
    central, ici, quality = _body(Kind.CENTRAL_BODY), _body(Kind.ICI_OPERATOR), _body(Kind.QUALITY_AUTHORITY)
    if coordinator is None or operator is None or None in (central, quality):
        return 0
    today = today or timezone.localdate()
    created = 0
    if not TrainingRequest.objects.filter(letter_reference__startswith=DEMO).exists():
        for n, state in enumerate(("received", "scheduled", "held", "declined")):
            request = trainings.register_training_request(
                authority=quality,
                letter_reference=f"{DEMO} № 05-30/{n + 1}",
                topic="ББО-ның қызмет берушілермен ақпарат алмасуы / Обмен информацией ЕКЦ с услугодателями",
                received_on=_working_day_before(today, 10 - n),
                user=coordinator,
            )
            created += 1
            if state == "scheduled":
                trainings.schedule_training_request(request=request, on=add_working_days(today, 3), user=coordinator)
            elif state == "declined":
                trainings.decline_training_request(
                    request=request, note="Мерзім келісілмеді / Срок не согласован", user=coordinator
                )
            elif state == "held":
                trainings.record_training(
                    kind=Training.Kind.FOR_AUTHORITY,
                    topic=request.topic,
                    held_on=_working_day_before(today, 2),
                    body=quality,
                    trainer="ББО / ЕКЦ",
                    request=request,
                    attendees="5",
                    user=coordinator,
                )
    if not Training.objects.filter(notes=DEMO).exists():
        services = list(PublicService.objects.filter(providers=central).order_by("register_number")[:2])
        rows = [(Training.Kind.BY_BODY, central, services), (Training.Kind.BY_UCC, None, services[:1])]
        if ici is not None:
            rows.append((Training.Kind.BY_ICI_OPERATOR, ici, []))
        for n, (kind, body, trained) in enumerate(rows):
            trainings.record_training(
                kind=kind,
                topic="Қызметтерді көрсету тәртібі / Порядок оказания услуг",
                held_on=_working_day_before(today, 5 + n),
                body=body,
                trainer=str(body or "ББО / ЕКЦ"),
                services=trained,
                trainees=[operator],
                notes=DEMO,
                user=coordinator,
            )
            created += 1
    if not Visit.objects.filter(agreed_with__startswith=DEMO).exists():
        for n, state in enumerate(("planned", "held", "cancelled")):
            visit = trainings.record_visit(
                body=central,
                agreed_with=f"{DEMO} Жауапты тұлға / Ответственное лицо",
                visit_on=add_working_days(today, 5) if state == "planned" else _working_day_before(today, 4 + n),
                specialists=[operator],
                user=coordinator,
            )
            created += 1
            if state == "held":
                trainings.mark_visit_held(
                    visit=visit, notes="ХҚКО жұмысымен танысу / Знакомство с работой ЦОН", user=coordinator
                )
            elif state == "cancelled":
                trainings.cancel_visit(visit=visit, reason="Орган сұрауы бойынша / По просьбе органа", user=coordinator)
    return created


def load_demo_authorities():
    """Everything above, in the order the records refer to each other; (what, how many made) rows."""
    return [
        ("call-record requests", load_demo_call_records()),
        ("information requests", load_demo_information_requests()),
        ("discrepancies", load_demo_discrepancies()),
        ("trainings, requests and visits", load_demo_trainings()),
    ]
