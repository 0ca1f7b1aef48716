"""Outgoing webhooks (issue 20, item 7): an administrator registers an endpoint for the events it wants; the
platform posts each event as JSON signed with HMAC-SHA256, retries a failed delivery with back-off, logs every
attempt, and shows the secret once. The endpoint is a real HTTP server on 127.0.0.1, in a thread."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.db import transaction
from django.urls import reverse

from tests.factories import UserFactory
from tests.workflows.webhook_receiver import Receiver
from workflows.accounts import roles
from workflows.appeals import services as appeals
from workflows.appeals.models import Appeal
from workflows.webhooks import services
from workflows.webhooks.events import Event
from workflows.webhooks.models import BACKOFF_SECONDS, MAX_ATTEMPTS, Delivery, Endpoint
from workflows.webhooks.sealing import SealBroken, unseal

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY)  # Monday 2 March 2026, a working day


@pytest.fixture
def receiver():
    with Receiver() as server:
        yield server


def endpoint_for(url, *events):
    return services.create_endpoint(name="Analytics", url=url, events=list(events or [Event.APPEAL_REGISTERED]))


def register(**fields):
    values = {
        "channel": Appeal.Channel.WEB,
        "content": "Как получить справку о несудимости?",
        "applicant_name": "Сейткали Айгерим Нурлановна",
        "applicant_email": "aigerim@mail.kz",
        "applicant_phone": "+7 701 123 45 67",
        "received_at": MONDAY,
        **fields,
    }
    return appeals.register_appeal(**values)


def verified(secret, headers, body):
    return services.verify(secret, headers["x-ucc-signature"], body)


# --- the administrator registers an endpoint; its secret is shown once --------------------------------------


def test_an_administrator_registers_an_endpoint_and_sees_its_secret_once(admin_client, receiver):
    assert "Events" in admin_client.get(reverse("webhooks_add")).content.decode()
    response = admin_client.post(
        reverse("webhooks_add"),
        {
            "name": "Ministry dashboard",
            "url": receiver.url,
            "events": ["appeal.registered", "appeal.closed"],
            "active": "on",
        },
        follow=True,
    )
    endpoint = Endpoint.objects.get()
    secret = services.secret_of(endpoint)
    page = response.content.decode()
    assert secret.startswith("whsec_") and secret in page
    assert endpoint.events == ["appeal.registered", "appeal.closed"]

    again = admin_client.get(reverse("webhooks_endpoint", args=[endpoint.pk])).content.decode()
    assert secret not in again and endpoint.masked_secret in again and secret[-4:] in again
    assert secret not in admin_client.get(reverse("webhooks_index")).content.decode()


def test_the_secret_is_sealed_at_rest_and_never_in_the_audit_trail(receiver):
    endpoint, secret = endpoint_for(receiver.url)
    stored = Endpoint.objects.filter(pk=endpoint.pk).values_list("sealed_secret", flat=True).get()
    assert secret not in stored and unseal(stored) == secret
    tampered = stored[:-4] + ("AAAA" if not stored.endswith("AAAA") else "BBBB")
    with pytest.raises(SealBroken):
        unseal(tampered)
    entry = LogEntry.objects.get_for_object(endpoint).get()
    assert "sealed_secret" not in entry.changes_dict and secret not in json.dumps(entry.changes_dict)
    assert entry.changes_dict["url"][1] == receiver.url


def test_an_endpoint_with_an_unknown_event_or_a_bad_url_is_refused_and_nothing_is_saved():
    with pytest.raises(services.EndpointRefused):
        services.create_endpoint(name="x", url="http://127.0.0.1:9/", events=["appeal.deleted"])
    with pytest.raises(Exception):  # noqa: B017 — full_clean's ValidationError
        services.create_endpoint(name="x", url="ftp://127.0.0.1/", events=["appeal.registered"])
    assert not Endpoint.objects.exists()


def test_a_new_secret_replaces_the_old_one_and_is_shown_once(admin_client, receiver):
    endpoint, old = endpoint_for(receiver.url)
    page = admin_client.post(reverse("webhooks_rotate", args=[endpoint.pk]), follow=True).content.decode()
    endpoint.refresh_from_db()
    new = services.secret_of(endpoint)
    assert new != old and new in page and old not in page


# --- an event is delivered, signed, with no personal data ---------------------------------------------------


def test_a_registered_appeal_is_posted_signed_with_its_number_and_state_only(
    receiver, django_capture_on_commit_callbacks
):
    endpoint, secret = endpoint_for(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        appeal = register()
    ((headers, body, status),) = receiver.received
    assert status == 200 and verified(secret, headers, body)
    assert not services.verify("whsec_another", headers["x-ucc-signature"], body)
    assert not services.verify(secret, headers["x-ucc-signature"], body.replace(b"registered", b"closed"))
    document = json.loads(body)
    assert headers["x-ucc-event"] == document["event"] == "appeal.registered"
    assert document["data"]["number"] == appeal.number and document["data"]["state"] == "registered"
    text = body.decode()
    for personal in ("Сейткали", "aigerim@mail.kz", "701 123", "несудимости"):
        assert personal not in text
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, headers["x-ucc-delivery"]) == ("delivered", 1, str(delivery.delivery_id))


def test_an_endpoint_hears_only_the_events_it_subscribed_to(receiver, django_capture_on_commit_callbacks, operator):
    endpoint_for(receiver.url, Event.APPEAL_ANSWERED, Event.APPEAL_CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        appeal = register()
        appeals.take(appeal=appeal, user=operator)
    with django_capture_on_commit_callbacks(execute=True):
        appeals.give_answer(appeal=Appeal.objects.get(pk=appeal.pk), user=operator, answer="Через портал egov.kz.")
    with django_capture_on_commit_callbacks(execute=True):
        appeals.close(appeal=Appeal.objects.get(pk=appeal.pk), user=operator)
    events = [json.loads(body)["event"] for _headers, body, _status in receiver.received]
    states = [json.loads(body)["data"]["state"] for _headers, body, _status in receiver.received]
    assert events == ["appeal.answered", "appeal.closed"] and states == ["answered", "closed"]


def test_a_change_rolled_back_announces_nothing(receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                register()
                raise RuntimeError("the form's transaction fails after the appeal was written")
        except RuntimeError:
            pass
    assert receiver.received == [] and not Delivery.objects.exists()


def test_an_inactive_endpoint_gets_nothing(receiver, django_capture_on_commit_callbacks):
    endpoint, _secret = endpoint_for(receiver.url)
    Endpoint.objects.filter(pk=endpoint.pk).update(active=False)
    with django_capture_on_commit_callbacks(execute=True):
        register()
    assert receiver.received == []


def test_an_endpoint_paused_in_the_admin_gets_nothing_and_with_none_listening_no_commit_hook_is_added(
    admin_client, receiver, django_capture_on_commit_callbacks
):
    endpoint, _secret = endpoint_for(receiver.url)
    assert services.subscribed_events() == {"appeal.registered"}
    admin_client.post(
        reverse("webhooks_edit", args=[endpoint.pk]),
        {"name": "Analytics", "url": receiver.url, "events": ["appeal.registered"]},  # "active" unticked
    )
    assert Endpoint.objects.get().active is False and services.subscribed_events() == set()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register(applicant_email="")  # no acknowledgement mail either
    assert callbacks == [] and receiver.received == []


def test_a_batch_of_the_mail_intake_announces_each_appeal(receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver.url)
    specs = [
        {"channel": Appeal.Channel.EMAIL, "content": f"Письмо номер {n}", "applicant_email": f"a{n}@mail.kz"}
        for n in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        batch = appeals.register_appeals(specs, notify_applicant=False)
    numbers = [json.loads(body)["data"]["number"] for _h, body, _s in receiver.received]
    assert sorted(numbers) == sorted(appeal.number for appeal in batch)


@pytest.mark.parametrize(
    "transition,event",
    [("sign", Event.PROTOCOL_SIGNED), ("start_consultations", Event.CONSULTATIONS_STARTED)],
)
def test_the_onboarding_protocol_announces_its_signature_and_the_start_of_consultations(
    receiver, django_capture_on_commit_callbacks, transition, event
):
    from datetime import date

    from tests.factories import OnboardingProtocolFactory
    from workflows.onboarding.models import OnboardingProtocol

    endpoint, secret = endpoint_for(receiver.url, event)
    protocol = OnboardingProtocolFactory(bylaw_approved_on=date(2026, 2, 2))
    OnboardingProtocol.objects.filter(pk=protocol.pk).update(
        state=OnboardingProtocol.State.TRAINING_HELD if transition == "sign" else OnboardingProtocol.State.SIGNED,
        consultation_start_date=date(2026, 3, 9),
    )
    protocol.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            if transition == "sign":
                protocol.sign(signed_on=date(2026, 3, 2), ucc_signatory="Ахметов А.", body_signatory="Серікова Г.")
            else:
                protocol.start_consultations(on=date(2026, 3, 9))
            protocol.save()
    ((headers, body, _status),) = receiver.received
    document = json.loads(body)
    assert verified(secret, headers, body) and document["event"] == event
    assert document["data"]["protocol"] == protocol.pk and "Ахметов" not in body.decode()


# --- a failure is retried with back-off and delivered exactly once ------------------------------------------


def test_a_delivery_that_fails_once_is_retried_after_its_back_off_and_delivered_exactly_once(
    django_capture_on_commit_callbacks,
):
    with Receiver(answers=[503]) as receiver:
        endpoint, secret = endpoint_for(receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            register()
        delivery = Delivery.objects.get()
        assert delivery.state == "retrying" and delivery.attempts == 1
        failed_at = delivery.attempt_log.get().at
        assert delivery.next_attempt_at == failed_at + timedelta(seconds=BACKOFF_SECONDS[0])

        assert services.retry_due(now=failed_at + timedelta(seconds=BACKOFF_SECONDS[0] - 1)) == []  # not yet
        (retried,) = services.retry_due(now=failed_at + timedelta(seconds=BACKOFF_SECONDS[0]))
        assert retried.state == "delivered"
        assert services.retry_due(now=failed_at + timedelta(days=1)) == []  # nothing is posted a third time
        services.deliver(delivery.pk)  # a duplicate task finds it delivered and posts nothing

    assert [status for _h, _b, status in receiver.received] == [503, 200]
    (first_headers, first_body, _), (headers, body, _) = receiver.received
    assert first_headers["x-ucc-delivery"] == headers["x-ucc-delivery"] and first_body == body
    assert verified(secret, headers, body)
    log = list(Delivery.objects.get().attempt_log.values_list("number", "status_code"))
    assert log == [(1, 503), (2, 200)]


def test_an_endpoint_that_never_answers_is_given_up_after_the_last_attempt_and_can_be_sent_again(
    admin_client, django_capture_on_commit_callbacks
):
    with Receiver(answers=[500] * MAX_ATTEMPTS) as receiver:
        endpoint_for(receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            register()
        delivery = Delivery.objects.get()
        at = delivery.attempt_log.get().at
        for wait in BACKOFF_SECONDS:
            at += timedelta(seconds=wait)
            services.retry_due(now=at)
        delivery.refresh_from_db()
        assert (delivery.state, delivery.attempts, delivery.next_attempt_at) == ("gave_up", MAX_ATTEMPTS, None)
        assert services.retry_due(now=at + timedelta(days=7)) == []

        page = admin_client.get(reverse("webhooks_endpoint", args=[delivery.endpoint_id])).content.decode()
        assert "given up" in page and page.count("HTTP 500") == MAX_ATTEMPTS
        admin_client.post(reverse("webhooks_again", args=[delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.state == "delivered" and len(receiver.received) == MAX_ATTEMPTS + 1


def test_an_address_nobody_listens_on_is_logged_as_an_error_and_retried():
    with Receiver() as closed:
        url = closed.url
    endpoint, _secret = endpoint_for(url)
    delivery = Delivery.objects.create(endpoint=endpoint, event=Event.APPEAL_REGISTERED, payload={"number": "x"})
    delivery = services.deliver(delivery.pk)
    attempt = delivery.attempt_log.get()
    assert delivery.state == "retrying" and attempt.status_code is None and attempt.error


# --- the "send test" button --------------------------------------------------------------------------------


def test_send_test_posts_a_signed_test_event_and_shows_the_answer(admin_client, receiver):
    endpoint, secret = endpoint_for(receiver.url)
    page = admin_client.post(reverse("webhooks_test", args=[endpoint.pk]), follow=True).content.decode()
    ((headers, body, _status),) = receiver.received
    assert json.loads(body)["event"] == "webhook.test" and verified(secret, headers, body)
    assert "The test was delivered (HTTP 200)." in page


def test_send_test_to_a_failing_endpoint_says_so_and_is_not_retried(admin_client):
    with Receiver(answers=[404]) as receiver:
        endpoint, _secret = endpoint_for(receiver.url)
        page = admin_client.post(reverse("webhooks_test", args=[endpoint.pk]), follow=True).content.decode()
    assert "The test was not delivered: HTTP 404" in page
    assert Delivery.objects.get().state == "gave_up"


# --- only administrators --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", roles.ROLES, ids=lambda role: role.name)
def test_no_role_but_the_administrator_sees_or_changes_the_webhooks(client, role, receiver):
    endpoint, _secret = endpoint_for(receiver.url)
    client.force_login(UserFactory(roles=[role.name]))
    for name, args, method in [
        ("webhooks_index", [], "get"),
        ("webhooks_endpoint", [endpoint.pk], "get"),
        ("webhooks_add", [], "post"),
        ("webhooks_edit", [endpoint.pk], "post"),
        ("webhooks_rotate", [endpoint.pk], "post"),
        ("webhooks_test", [endpoint.pk], "post"),
    ]:
        response = getattr(client, method)(reverse(name, args=args), {"name": "x", "url": "http://127.0.0.1:9/"})
        assert response.status_code == 403, (role.name, name)
    assert receiver.received == [] and Endpoint.objects.get().name == "Analytics"
    assert services.secret_of(Endpoint.objects.get()) == _secret


def test_an_interruption_notified_to_the_bodies_is_announced_with_its_times_and_services(
    receiver, django_capture_on_commit_callbacks
):
    from tests.factories import StateBodyFactory
    from workflows.directory.models import StateBody
    from workflows.ict.models import IctService
    from workflows.interruptions.services import notices

    endpoint, secret = endpoint_for(receiver.url, Event.INTERRUPTION_ANNOUNCED)
    ici = StateBodyFactory(kind=StateBody.Kind.ICI_OPERATOR, code="ici", email="noc@nitec.kz")
    portal = IctService.objects.create(code="EGOV", name_kk="egov.kz", name_ru="egov.kz", name_en="egov.kz")
    start = datetime(2026, 12, 12, 22, 0, tzinfo=ALMATY)  # Saturday night's works, notified on Wednesday
    notice = notices.enter_notice(
        operator=ici,
        services=[portal],
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        affected_kk="Анықтама алу мүмкін емес",
        affected_ru="Справки недоступны",
        affected_en="Certificates unavailable",
        contact="+7 717 255 00 00",
    )
    with django_capture_on_commit_callbacks(execute=True):
        notices.notify(notice, user=None, at=start - timedelta(days=3))
    ((headers, body, _status),) = receiver.received
    document = json.loads(body)
    assert verified(secret, headers, body) and document["event"] == "interruption.announced"
    assert document["data"]["notice"] == notice.pk and document["data"]["services"] == [portal.pk]
    assert datetime.fromisoformat(document["data"]["starts_at"]) == start


def test_a_report_delivered_to_its_recipient_is_announced(receiver, django_capture_on_commit_callbacks):
    from datetime import date

    from workflows.reports.models import ReportDelivery

    endpoint, secret = endpoint_for(receiver.url, Event.REPORT_DELIVERED)
    delivery = ReportDelivery(
        kind="annex2", period_start=date(2026, 2, 1), period_end=date(2026, 2, 28), state="sending"
    )
    with django_capture_on_commit_callbacks(execute=True):
        delivery.mark_sent(at=MONDAY)  # para 31: February's Annex 2, sent on Monday 2 March
    ((headers, body, _status),) = receiver.received
    document = json.loads(body)
    assert verified(secret, headers, body) and document["event"] == "report.delivered"
    assert (document["data"]["kind"], document["data"]["period_start"]) == ("annex2", "2026-02-01")
