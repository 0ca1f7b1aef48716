"""Para 38: the ICI operator announces a planned interruption; the UCC notifies the central state bodies, local
executive bodies and providers using the services at least 24 hours before the start (a later notice is flagged
late with its reason, and still sent); every change notifies every recipient again, once; a failed mail is
retried. The public page shows the notified interruptions in kk/ru/en until they end, and every operator's
screen carries a banner while one is on or starts within a day. Para 4.5: the digest of the ICT appeals goes
once per period."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from cms.home.demo import load_demo_pages, load_demo_service_pages
from tests.factories import AppealFactory, StateBodyFactory, UserFactory
from workflows.directory.models import StateBody
from workflows.directory.services import load_directory
from workflows.ict.models import IctService
from workflows.interruptions.models import DigestDelivery, InterruptionNotice, NoticeDelivery
from workflows.interruptions.services import digest
from workflows.interruptions.services import notices as services
from workflows.interruptions.wagtail_hooks import interruption_banners
from workflows.registry.bulk_import import import_registry
from workflows.registry.services import TransitionRefused

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
State = InterruptionNotice.State
Status = NoticeDelivery.Status


def at(*parts):
    return datetime(*parts, tzinfo=ALMATY)


START = at(2026, 12, 12, 22, 0)  # Saturday night's works


@pytest.fixture
def ici():
    return StateBodyFactory(
        kind=StateBody.Kind.ICI_OPERATOR, code="ici", name_en="National Information Technologies", email="noc@nitec.kz"
    )


@pytest.fixture
def bodies():
    return {
        "ministry": StateBodyFactory(
            kind=StateBody.Kind.CENTRAL_BODY, name_en="Ministry of Justice", email="mj@gov.kz"
        ),
        "akimat": StateBodyFactory(
            kind=StateBody.Kind.LOCAL_EXECUTIVE_BODY, name_en="Akimat of Almaty", email="ak@gov.kz"
        ),
        "provider": StateBodyFactory(kind=StateBody.Kind.OTHER_PROVIDER, name_en="Kazpost", email="post@kazpost.kz"),
        "other": StateBodyFactory(kind=StateBody.Kind.CENTRAL_BODY, name_en="Ministry of Culture", email="mc@gov.kz"),
    }


@pytest.fixture
def portal(bodies):
    service = IctService.objects.create(
        code="EGOV-PORTAL", name_kk="egov.kz порталы", name_ru="Портал egov.kz", name_en="egov.kz portal"
    )
    service.subscribers.set([bodies["ministry"], bodies["akimat"], bodies["provider"]])
    return service


@pytest.fixture
def coordinator():
    return UserFactory(username="coordinator", roles=["Onboarding coordinator"])


def enter(ici, portal, start=START, hours=4, user=None, **kwargs):
    values = {
        "affected_kk": "Порталда анықтама алу мүмкін емес",
        "affected_ru": "Получение справок на портале недоступно",
        "affected_en": "Certificates cannot be obtained on the portal",
        "contact": "ICI operator's duty desk, +7 717 255 00 00",
        **kwargs,
    }
    return services.enter_notice(
        operator=ici, services=[portal], starts_at=start, ends_at=start + timedelta(hours=hours), user=user, **values
    )


def notify(notice, at, user, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(notice, user=user, at=at, **kwargs)
    notice.refresh_from_db()
    return notice


# --- 24 hours before the start ------------------------------------------------------------------------


def test_a_notice_entered_25_hours_before_the_start_is_in_time_and_reaches_the_bodies_using_the_service(
    ici, portal, bodies, coordinator, django_capture_on_commit_callbacks
):
    notice = notify(enter(ici, portal), START - timedelta(hours=25), coordinator, django_capture_on_commit_callbacks)
    assert notice.state == State.NOTIFIED and not notice.late
    assert notice.latest_notice_at == START - timedelta(hours=24)
    assert sorted(message.to[0] for message in mail.outbox) == ["ak@gov.kz", "mj@gov.kz", "post@kazpost.kz"]
    message = mail.outbox[0]
    assert "Портал egov.kz" in message.body and "egov.kz порталы" in message.body  # Russian and Kazakh
    assert "12.12.2026 22:00" in message.body  # Almaty time
    assert set(NoticeDelivery.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_notice_entered_23_hours_before_the_start_is_flagged_late_needs_a_reason_and_is_still_sent(
    ici, portal, bodies, coordinator, django_capture_on_commit_callbacks
):
    notice = enter(ici, portal)
    with pytest.raises(TransitionRefused):
        services.notify(notice, user=coordinator, at=START - timedelta(hours=23))
    notice.refresh_from_db()
    assert notice.state == State.DRAFTED and not mail.outbox  # nothing written on refusal

    notice = notify(
        notice,
        START - timedelta(hours=23),
        coordinator,
        django_capture_on_commit_callbacks,
        late_reason="The ICI operator announced the works at 22:30 the day before.",
    )
    assert notice.state == State.NOTIFIED and notice.late
    assert notice.late_reason.startswith("The ICI operator announced")
    assert len(mail.outbox) == 3


def test_a_notice_for_every_body_reaches_all_central_local_and_providers_not_the_ici_operator(
    ici, portal, bodies, coordinator, django_capture_on_commit_callbacks
):
    notify(
        enter(ici, portal, notify_all=True), START - timedelta(days=3), coordinator, django_capture_on_commit_callbacks
    )
    recipients = {message.to[0] for message in mail.outbox}
    assert recipients == {"ak@gov.kz", "mj@gov.kz", "post@kazpost.kz", "mc@gov.kz"}


# --- changes notify again, once ------------------------------------------------------------------------


def test_a_postponement_notifies_every_recipient_again_exactly_once(
    ici, portal, bodies, coordinator, django_capture_on_commit_callbacks
):
    notice = notify(enter(ici, portal), START - timedelta(days=3), coordinator, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    later = START + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.postpone(
            notice,
            starts_at=later,
            ends_at=later + timedelta(hours=4),
            reason="Works moved a week",
            user=coordinator,
            at=START - timedelta(days=2),
        )
    notice.refresh_from_db()
    assert notice.version == 2 and notice.starts_at == later and not notice.late
    assert len(mail.outbox) == 3 and all("Postponed" in m.subject or "Перенесено" in m.subject for m in mail.outbox)
    assert "19.12.2026 22:00" in mail.outbox[0].body

    # the schedule runs twice, and the deliveries are queued again: nobody gets a second mail
    services.send_due_deliveries(now=START - timedelta(days=2))
    services.send_due_deliveries(now=START - timedelta(days=2))
    services.queue_deliveries(notice)
    services.send_due_deliveries(now=START - timedelta(days=2))
    assert len(mail.outbox) == 3
    assert NoticeDelivery.objects.filter(notice=notice, version=2).count() == 3
    assert NoticeDelivery.objects.filter(notice=notice).count() == 6


def test_an_extension_and_a_cancellation_each_notify_again(
    ici, portal, bodies, coordinator, django_capture_on_commit_callbacks
):
    notice = notify(enter(ici, portal), START - timedelta(days=3), coordinator, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.extend(
            notice,
            ends_at=START + timedelta(hours=8),
            reason="Migration longer",
            user=coordinator,
            at=START - timedelta(days=2),
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(notice, reason="Works called off", user=coordinator, at=START - timedelta(days=1))
    notice.refresh_from_db()
    assert notice.state == State.CANCELLED and notice.version == 3
    assert len(mail.outbox) == 9
    assert [event.verb for event in notice.events.all()] == ["drafted", "notify", "extend", "cancel"]


def test_a_failed_delivery_is_retried_by_the_schedule_and_sent_once(
    ici, portal, bodies, coordinator, django_capture_on_commit_callbacks, monkeypatch
):
    bodies["akimat"].email = ""  # not in the directory yet
    bodies["akimat"].save()
    notice = notify(enter(ici, portal), START - timedelta(days=3), coordinator, django_capture_on_commit_callbacks)
    failed = NoticeDelivery.objects.get(notice=notice, body=bodies["akimat"])
    assert failed.status == Status.FAILED and failed.attempts == 1 and "no e-mail address" in failed.last_error

    # the mail server is down for the next run
    from workflows.interruptions.services import deliveries

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server unreachable")

    bodies["akimat"].email = "akimat@gov.kz"
    bodies["akimat"].save()
    monkeypatch.setattr(deliveries, "send_mail", refuse)
    services.send_due_deliveries(now=START - timedelta(days=2))
    failed.refresh_from_db()
    assert failed.status == Status.FAILED and failed.attempts == 2 and "SMTP" in failed.last_error

    monkeypatch.undo()
    mail.outbox.clear()
    assert services.send_due_deliveries(now=START - timedelta(days=2)) == (1, 0)
    assert services.send_due_deliveries(now=START - timedelta(days=2)) == (0, 0)
    failed.refresh_from_db()
    assert failed.status == Status.SENT and failed.attempts == 3 and failed.email == "akimat@gov.kz"
    assert [message.to for message in mail.outbox] == [["akimat@gov.kz"]]


def test_the_schedule_finishes_an_interruption_past_its_end(
    ici, portal, bodies, coordinator, django_capture_on_commit_callbacks
):
    notice = notify(enter(ici, portal), START - timedelta(days=3), coordinator, django_capture_on_commit_callbacks)
    assert services.send_due_deliveries(now=START + timedelta(hours=5)) == (0, 1)
    notice.refresh_from_db()
    assert notice.state == State.FINISHED


# --- the public page ------------------------------------------------------------------------------------

DEMO_REGISTRY = Path(settings.BASE_DIR) / "fixtures" / "demo" / "registry.csv"


@pytest.fixture
def demo_site():
    load_directory()
    import_registry(DEMO_REGISTRY.read_bytes(), "csv", file_name=DEMO_REGISTRY.name)
    load_demo_pages()
    load_demo_service_pages()


def page_text(client, language):
    response = client.get(f"/{language}/planned-interruptions/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_page_shows_a_notice_in_three_languages_only_between_its_publication_and_its_end(
    client, demo_site, ici, portal, bodies, coordinator, django_capture_on_commit_callbacks
):
    now = timezone.now()
    start = (now + timedelta(days=2)).replace(second=0, microsecond=0)
    notice = enter(ici, portal, start=start)
    for language in ("kk", "ru", "en"):
        assert 'class="empty-state"' in page_text(client, language)  # entered, not notified: not published

    notify(notice, now, coordinator, django_capture_on_commit_callbacks)
    almaty = timezone.localtime(start, ALMATY).strftime("%d.%m.%Y %H:%M")
    texts = {
        "kk": ("egov.kz порталы", "Порталда анықтама алу мүмкін емес"),
        "ru": ("Портал egov.kz", "Получение справок на портале недоступно"),
        "en": ("egov.kz portal", "Certificates cannot be obtained on the portal"),
    }
    for language, (service, affected) in texts.items():
        page = page_text(client, language)
        assert f'id="interruption-{notice.pk}"' in page and service in page and affected in page
        assert almaty in page and 'class="empty-state"' not in page

    # one that has ended is not shown any more
    with django_capture_on_commit_callbacks(execute=True):
        ended = enter(ici, portal, start=now - timedelta(hours=5), hours=2)
        services.notify(ended, user=coordinator, at=now - timedelta(days=2))
    assert f'id="interruption-{ended.pk}"' not in page_text(client, "ru")

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(notice, reason="Called off", user=coordinator)
    assert 'class="empty-state"' in page_text(client, "en")


def test_a_new_notice_purges_the_cached_public_page(
    client, settings, demo_site, ici, portal, bodies, coordinator, django_capture_on_commit_callbacks
):
    settings.UCC_PAGE_CACHE_SECONDS = 300
    cache.clear()
    assert client.get("/ru/planned-interruptions/")["X-Page-Cache"] == "miss"
    assert client.get("/ru/planned-interruptions/")["X-Page-Cache"] == "hit"
    notice = enter(ici, portal, start=timezone.now() + timedelta(days=2))
    notify(notice, timezone.now(), coordinator, django_capture_on_commit_callbacks)
    response = client.get("/ru/planned-interruptions/")
    assert response["X-Page-Cache"] == "miss" and f'id="interruption-{notice.pk}"' in response.content.decode()
    cache.clear()


def test_without_the_hook_the_page_says_there_are_none(monkeypatch):
    from wagtail import hooks

    from cms.home.selectors import planned_interruptions

    monkeypatch.setattr(hooks, "get_hooks", lambda name: [])
    assert planned_interruptions("ru") == []


# --- the operators' banner ------------------------------------------------------------------------------


def in_english(client, user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return user


@pytest.fixture
def imminent(ici, portal, bodies, coordinator, django_capture_on_commit_callbacks):
    """Starts in 20 hours: told late (with its reason), and on every operator's screen already."""
    now = timezone.now()
    notice = enter(ici, portal, start=(now + timedelta(hours=20)).replace(second=0, microsecond=0))
    return notify(notice, now, coordinator, django_capture_on_commit_callbacks, late_reason="Urgent security patch")


def test_every_operator_sees_the_banner_naming_the_services_and_the_times(client, operator, imminent):
    in_english(client, operator)
    start = timezone.localtime(imminent.starts_at).strftime("%d.%m.%Y %H:%M")
    for url in ("/admin/", reverse("interruptions_index")):
        page = client.get(url).content.decode()
        assert page.count(f'id="interruption-{imminent.pk}"') == 1, url
        assert f"Planned interruption: egov.kz portal, from {start}" in page


def test_a_notice_starting_in_more_than_a_day_shows_no_banner_yet(
    client, operator, ici, portal, bodies, coordinator, django_capture_on_commit_callbacks
):
    notice = enter(ici, portal, start=timezone.now() + timedelta(hours=30))
    notify(notice, timezone.now(), coordinator, django_capture_on_commit_callbacks)
    in_english(client, operator)
    assert f'id="interruption-{notice.pk}"' not in client.get("/admin/").content.decode()


def test_the_banner_costs_no_query_for_those_it_does_not_concern(rf, imminent):
    editor = UserFactory(username="editor", roles=["KB editor"])
    request = rf.get("/admin/")
    request.user = editor
    request.user.has_perm("wagtailadmin.access_admin")  # the admin's menu has read the permissions already
    with CaptureQueriesContext(connection) as queries:
        assert interruption_banners(request) == []
    assert len(queries) == 0


# --- permissions per role -------------------------------------------------------------------------------


def test_operators_read_coordinators_and_supervisors_enter_and_notify(
    client, operator, supervisor, coordinator, ici, portal
):
    notice = enter(ici, portal)
    detail = reverse("interruptions_notice", args=[notice.pk])
    in_english(client, operator)
    assert client.get(reverse("interruptions_index")).status_code == 200
    assert client.get(detail).status_code == 200
    assert client.get(reverse("interruptions_add")).status_code == 403
    response = client.post(reverse("interruptions_step", args=[notice.pk, "notify"]), {"late_reason": ""})
    assert response.status_code == 403
    notice.refresh_from_db()
    assert notice.state == State.DRAFTED

    for user in (coordinator, supervisor):
        in_english(client, user)
        assert client.get(reverse("interruptions_add")).status_code == 200
    responsible = UserFactory(username="responsible", roles=["Body responsible person"])
    in_english(client, responsible)
    assert client.get(reverse("interruptions_index")).status_code == 403

    viewer = UserFactory(username="viewer", roles=["Authority viewer"])
    in_english(client, viewer)
    assert client.get(detail).status_code == 200
    assert client.get(reverse("interruptions_edit", args=[notice.pk])).status_code == 403


def test_the_menu_entry_is_there_for_those_who_may_read_the_notices(operator):
    from django.test import RequestFactory
    from wagtail.admin.menu import admin_menu

    def top_labels(user):
        request = RequestFactory().get("/admin/")
        request.user = user
        return {str(item.label) for item in admin_menu.menu_items_for_request(request)}

    with translation.override("en"):
        assert "Planned interruptions" in top_labels(operator)
        assert "Planned interruptions" not in top_labels(UserFactory(username="editor", roles=["KB editor"]))


def test_a_coordinator_enters_and_notifies_through_the_admin(
    client, coordinator, ici, portal, bodies, django_capture_on_commit_callbacks
):
    in_english(client, coordinator)
    start = timezone.localtime(timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    response = client.post(
        reverse("interruptions_add"),
        {
            "operator": ici.pk,
            "services": [portal.pk],
            "scope": "partial",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "affected_kk": "кк",
            "affected_ru": "ру",
            "contact": "+7 717 255 00 00",
        },
    )
    notice = InterruptionNotice.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("interruptions_notice", args=[notice.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("interruptions_step", args=[notice.pk, "notify"]), {"late_reason": ""})
    notice.refresh_from_db()
    assert notice.state == State.NOTIFIED and len(mail.outbox) == 3
    page = client.get(reverse("interruptions_notice", args=[notice.pk])).content.decode()
    assert page.count('data-status="sent"') == 3 and 'data-verb="notify"' in page
    assert 'data-step="postpone"' in page and 'data-step="extend"' in page and 'data-step="notify"' not in page


# --- para 4.5: the digest -------------------------------------------------------------------------------


def test_the_digest_goes_to_the_ici_operator_and_the_bodies_concerned_once_per_period(ici, bodies, settings):
    settings.UCC_ICT_DIGEST_DAYS = 7
    monday = at(2026, 11, 30, 10, 0)
    ict = AppealFactory(topic="ict_service", received_at=monday, content="egov.kz does not open")
    AppealFactory(topic="ict_service", received_at=monday + timedelta(days=1), content="EDS not accepted")
    AppealFactory(topic="public_service", received_at=monday, content="Справка о несудимости")
    type(ict).objects.filter(pk=ict.pk).update(forwarded_to=bodies["ministry"])

    next_tuesday = at(2026, 12, 8, 8, 0)
    assert digest.last_period(next_tuesday) == (monday.date(), monday.date() + timedelta(days=7))
    assert digest.send_digests(now=next_tuesday) == 2
    assert digest.send_digests(now=next_tuesday + timedelta(days=1)) == 0  # the same period: once
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"noc@nitec.kz", "mj@gov.kz"}
    assert by_address["noc@nitec.kz"].body.count("№ ") == 2 * 2  # both appeals, in kk and ru
    assert by_address["mj@gov.kz"].body.count(ict.number) == 2
    assert "Сейткали" not in by_address["noc@nitec.kz"].body  # no applicant's personal data
    assert DigestDelivery.objects.filter(status=DigestDelivery.Status.SENT).count() == 2

    mail.outbox.clear()
    assert digest.send_digests(now=at(2026, 12, 15, 8, 0)) == 1  # the next week: the ICI operator (no appeals)


def test_a_delivery_left_sending_by_a_run_that_died_is_taken_again_after_a_while(
    ici, portal, bodies, coordinator, django_capture_on_commit_callbacks
):
    notice = notify(enter(ici, portal), START - timedelta(days=3), coordinator, django_capture_on_commit_callbacks)
    stuck = NoticeDelivery.objects.filter(notice=notice).first()
    NoticeDelivery.objects.filter(pk=stuck.pk).update(status=Status.SENDING, claimed_at=timezone.now())
    mail.outbox.clear()
    assert services.send_due_deliveries()[0] == 0  # another run may still be sending it
    NoticeDelivery.objects.filter(pk=stuck.pk).update(claimed_at=timezone.now() - timedelta(minutes=16))
    assert services.send_due_deliveries()[0] == 1
    assert [message.to for message in mail.outbox] == [[stuck.body.email]]


def test_the_digest_carries_the_bodies_ict_requests_too(ici, bodies, portal, settings):
    """Para 4.5: "the appeals and ICT requests about their services": the ICI operator reads every request of
    the week of 30 November 2026, a body its own — and a body with requests but no appeals is told as well."""
    from workflows.ict import services as ict

    settings.UCC_ICT_DIGEST_DAYS = 7
    monday = at(2026, 11, 30, 10, 0)
    request = ict.register_request(
        body=bodies["akimat"], subject="EDS not accepted", channel="phone", service=portal, received_at=monday
    )
    other = ict.register_request(body=bodies["ministry"], subject="Portal slow", channel="form", received_at=monday)
    assert digest.send_digests(now=at(2026, 12, 8, 8, 0)) == 3
    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert by_address["noc@nitec.kz"].count("ICT-2026-") == 2 * 2  # both requests, in kk and ru
    assert by_address["ak@gov.kz"].count(request.number) == 2 and other.number not in by_address["ak@gov.kz"]
    assert "АКТ сұрауы" in by_address["ak@gov.kz"] and "ИКТ-запрос" in by_address["ak@gov.kz"]
