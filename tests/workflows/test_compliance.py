"""The compliance dashboard (issue 18, item 7): each clock of the Rules for November 2026 and how often it was
met, read on Wednesday 2 December 2026 at noon (Almaty). The little world, computed by hand (no holidays in
November 2026; every deadline is the one the calendar stored on the record). Per clock: met / missed /
open, not yet due / open, overdue.

- written answers, 2 wd (para 8): e-mail Mon 2 Nov (due Wed 4) answered Tue 3, Astana / e-mail Mon 2 Nov
  answered Thu 5, Karaganda / web Mon 30 Nov, due Wed 2 Dec, Karaganda / e-mail Thu 26 Nov, due Mon 30, Astana.
  A 1414 appeal is not on this clock; an e-mail of 1 December is outside the period.
- waiting <= 30 s (para 7): 12 s (the Astana appeal's call) and exactly 30 s (the Karaganda one's) / 45 s
  (no appeal, so in all regions only).
- information, 3 wd (para 20): by-law Mon 2 Nov (due Thu 5) received Wed 4 / by-law Mon 2 Nov received Mon 9 /
  by-law Fri 27 Nov, due Wed 2 Dec / by-law Mon 23 Nov, due Thu 26. A cancelled protocol counts nowhere.
- training, 10 wd (para 21): information Wed 4 Nov (due Wed 18) held Tue 17 / — / — / information Mon 9 Nov,
  due Mon 23, not held.
- consultations (paras 22, 23): signed Fri 20 Nov, started on the date the calendar set.
- by-law changes, 5 wd (para 26): changed Mon 2 Nov (due Mon 9) updated Fri 6 / changed Mon 2 Nov updated
  Tue 10 / changed Mon 30 Nov, due Mon 7 Dec.
- replacements, 5 wd (para 27): — / replaced Mon 2 Nov (due Mon 9) told Fri 13 / — / replaced Mon 16 Nov,
  due Mon 23, not told.
- call records, 4 h (para 14): received Tue 10 Nov 09:00 (due 13:00) provided 12:00 / received Mon 30 Nov
  22:00 (due Tue 1 Dec 02:00) provided 03:00.
- escalations, 3 wd (para 28): repeated refusal Mon 16 Nov, due Thu 19, still drafted: overdue.
- discrepancies, next wd (para 32): received Fri 27 Nov 15:00 (due Mon 30) sent Mon 30.
- notices >= 24 h (para 38): starts Fri 20 Nov 10:00, notified Wed 18 / starts Wed 25 Nov 10:00, notified at
  08:00 / — / starts Mon 30 Nov, never notified. A cancelled interruption counts nowhere.
- Annex 2 reports by the 5th (para 31), counted in the period their 5th falls in: October's, due by the close
  of Thu 5 Nov: sent Tue 3 Nov / sent Fri 6 Nov / — / never sent. November's (due Sat 5 Dec) is December's.
  No ICT report: zero, and no percentage.
"""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from wagtail.users.models import UserProfile

from tests.factories import (
    AppealFactory,
    CallFactory,
    OnboardingProtocolFactory,
    OnboardingServiceFactory,
    RegionFactory,
    StateBodyFactory,
    UserFactory,
)
from tests.i18n import english_words
from workflows.appeals.models import Appeal
from workflows.authorities.models import CallRecordRequest, DiscrepancyRequest, Escalation
from workflows.calendar.clocks import consultation_start_date, working_days_deadline
from workflows.interruptions.models import InterruptionNotice
from workflows.onboarding.models import OnboardingProtocol
from workflows.registry.models import ResponsiblePerson, ServiceChange
from workflows.reports import compliance
from workflows.reports.models import ReportDelivery

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
NOVEMBER = compliance.Period(date(2026, 11, 1), date(2026, 11, 30))
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=ALMATY)
URL = "/admin/reports/compliance/?date_from=2026-11-01&date_to=2026-11-30"


def at(month, day, hour=10, minute=0):
    return datetime(2026, month, day, hour, minute, tzinfo=ALMATY)


def end_of(month, day):
    return datetime(2026, month, day, 23, 59, 59, 999999, tzinfo=ALMATY)


def _update(record, **fields):
    type(record).objects.filter(pk=record.pk).update(**fields)


class World:
    pass


def _appeals(world):
    astana, karaganda = world.astana, world.karaganda
    met = AppealFactory(channel="email", received_at=at(11, 2), region=astana)
    assert met.due_at == end_of(11, 4)
    _update(met, answered_at=at(11, 3), state=Appeal.State.ANSWERED)
    missed = AppealFactory(channel="email", received_at=at(11, 2), region=karaganda)
    _update(missed, answered_at=at(11, 5), state=Appeal.State.ANSWERED)
    pending = AppealFactory(channel="web", received_at=at(11, 30), region=karaganda)
    assert pending.due_at == end_of(12, 2)
    overdue = AppealFactory(channel="email", received_at=at(11, 26), region=astana)
    assert overdue.due_at == end_of(11, 30)
    AppealFactory(channel="phone_1414", received_at=at(11, 2), region=astana)  # a call: not para 8's clock
    AppealFactory(channel="email", received_at=at(12, 1), region=astana)  # outside November
    CallFactory(started_at=at(11, 2), wait_seconds=12, appeal=met)
    CallFactory(started_at=at(11, 3), wait_seconds=45)
    CallFactory(started_at=at(11, 4), wait_seconds=30, appeal=missed)


def _onboarding():
    on_time = OnboardingProtocolFactory(bylaw_approved_on=date(2026, 11, 2))
    assert on_time.information_due == end_of(11, 5)
    training_due = working_days_deadline(date(2026, 11, 4), 10)
    assert training_due == end_of(11, 18)
    starts = consultation_start_date(date(2026, 11, 20))
    _update(
        on_time,
        information_received_on=date(2026, 11, 4),
        training_due=training_due,
        training_held_on=date(2026, 11, 17),
        signed_on=date(2026, 11, 20),
        consultation_start_date=starts,
        consultations_started_on=starts,
        state=OnboardingProtocol.State.CONSULTING,
    )
    late = OnboardingProtocolFactory(bylaw_approved_on=date(2026, 11, 2))
    late_training_due = working_days_deadline(date(2026, 11, 9), 10)
    assert late_training_due == end_of(11, 23)
    _update(
        late,
        information_received_on=date(2026, 11, 9),
        information_late=True,
        training_due=late_training_due,
        state=OnboardingProtocol.State.INFORMATION_RECEIVED,
    )
    assert OnboardingProtocolFactory(bylaw_approved_on=date(2026, 11, 27)).information_due == end_of(12, 2)
    assert OnboardingProtocolFactory(bylaw_approved_on=date(2026, 11, 23)).information_due == end_of(11, 26)
    cancelled = OnboardingProtocolFactory(bylaw_approved_on=date(2026, 11, 2))
    _update(cancelled, state=OnboardingProtocol.State.CANCELLED, closed_on=date(2026, 11, 3))


def _registry():
    service = OnboardingServiceFactory()
    updated = ServiceChange.objects.create(service=service, what_changed="Срок", changed_on=date(2026, 11, 2))
    assert updated.update_due == end_of(11, 9)
    _update(updated, information_updated_at=at(11, 6), state=ServiceChange.State.INFORMATION_UPDATED)
    late = ServiceChange.objects.create(service=service, what_changed="Срок", changed_on=date(2026, 11, 2))
    _update(late, information_updated_at=at(11, 10), updated_late=True, state=ServiceChange.State.INFORMATION_UPDATED)
    pending = ServiceChange.objects.create(service=service, what_changed="Срок", changed_on=date(2026, 11, 30))
    assert pending.update_due == end_of(12, 7)
    body = StateBodyFactory()
    for replaced_on, notified_on in ((date(2026, 11, 2), date(2026, 11, 13)), (date(2026, 11, 16), None)):
        person = ResponsiblePerson.objects.create(full_name="Ахметов Ержан", body=body, appointed_on=date(2025, 1, 5))
        _update(
            person,
            state=ResponsiblePerson.State.REPLACED,
            replaced_on=replaced_on,
            notification_due=working_days_deadline(replaced_on, 5),
            notified_on=notified_on,
            notified_late=bool(notified_on),
        )
    assert ResponsiblePerson.objects.order_by("pk").first().notification_due == end_of(11, 9)


def _authorities(world):
    authority = world.authority
    common = {"requester": authority, "letter_reference": "№ 12", "phone": "+7 701 000 00 00"}
    common.update(period_start=date(2026, 11, 9), period_end=date(2026, 11, 9))
    provided = CallRecordRequest.objects.create(received_at=at(11, 10, 9), **common)
    assert provided.due_at == at(11, 10, 13)
    _update(provided, handled_at=at(11, 10, 12), state=CallRecordRequest.State.PROVIDED)
    late = CallRecordRequest.objects.create(received_at=at(11, 30, 22), **common)
    assert late.due_at == at(12, 1, 2)
    _update(late, handled_at=at(12, 1, 3), late=True, state=CallRecordRequest.State.PROVIDED)
    escalation = Escalation.objects.create(
        provider=StateBodyFactory(), repeated_on=date(2026, 11, 16), window_start=date(2026, 11, 2)
    )
    assert escalation.due_at == end_of(11, 19)
    discrepancy = DiscrepancyRequest.objects.create(
        authority=authority, period=date(2026, 10, 1), description="Расхождение", received_at=at(11, 27, 15)
    )
    assert discrepancy.due_at == end_of(11, 30)
    _update(discrepancy, handled_at=at(11, 30, 16), state=DiscrepancyRequest.State.SENT)


def _interruptions(world):
    def notice(starts_at, **fields):
        made = InterruptionNotice.objects.create(
            operator=world.ici,
            starts_at=starts_at,
            ends_at=starts_at.replace(hour=starts_at.hour + 2),
            affected_kk="Портал",
            affected_ru="Портал",
            contact="1414",
        )
        _update(made, **fields)
        return made

    assert notice(at(11, 20), notified_at=at(11, 18), state="notified").latest_notice_at == at(11, 19)
    notice(at(11, 25), notified_at=at(11, 25, 8), state="notified")
    notice(at(11, 28), state="cancelled")
    notice(at(11, 30))


def _reports(world):
    october = {"kind": "annex2", "period_start": date(2026, 10, 1), "period_end": date(2026, 10, 31)}
    for sent_at in (at(11, 3), at(11, 6, 9), None):
        delivery = ReportDelivery.objects.create(recipient=StateBodyFactory(), **october)
        if sent_at:
            _update(delivery, sent_at=sent_at, state=ReportDelivery.State.SENT)
    november = {"kind": "annex2", "period_start": date(2026, 11, 1), "period_end": date(2026, 11, 30)}
    ReportDelivery.objects.create(recipient=world.authority, **november)  # due Sat 5 Dec: not this period's


@pytest.fixture
def world():
    world = World()
    world.astana = RegionFactory(name_ru="Астана", name_kk="Астана")
    world.karaganda = RegionFactory(name_ru="Карагандинская область", name_kk="Қарағанды облысы")
    world.authority = StateBodyFactory(code="quality", kind="quality_authority")
    world.ici = StateBodyFactory(code="ici", kind="ici_operator")
    _appeals(world)
    _onboarding()
    _registry()
    _authorities(world)
    _interruptions(world)
    _reports(world)
    return world


def outcomes(region=None):
    """{clock's key: (met, missed, open not yet due, open overdue, % met)} as the dashboard counts them."""
    found = {}
    for _key, _title, _description, clocks in compliance.GROUPS:
        for clock, row in zip(
            [clock for clock in clocks if clock.regional or region is None],
            compliance.clock_rows(clocks, NOVEMBER, region, NOW),
            strict=True,
        ):
            found[clock.key] = tuple(row[key] for key in ("met", "missed", "open_within_term", "open_overdue"))
            found[clock.key] += (row["percent_met"],)
            assert row["total"] == sum(found[clock.key][:4])
    return found


def test_each_clock_counts_its_met_missed_and_open_records_by_their_stored_deadlines(world):
    assert outcomes() == {
        "written_answers": (1, 1, 1, 1, 33.3),
        "waiting_time": (2, 1, 0, 0, 66.7),
        "onboarding_information": (1, 1, 1, 1, 33.3),
        "onboarding_training": (1, 0, 0, 1, 50.0),
        "onboarding_consultations": (1, 0, 0, 0, 100.0),
        "bylaw_changes": (1, 1, 1, 0, 50.0),
        "replacements": (0, 1, 0, 1, 0.0),
        "call_records": (1, 1, 0, 0, 50.0),
        "escalations": (0, 0, 0, 1, 0.0),
        "discrepancies": (1, 0, 0, 0, 100.0),
        "interruption_notices": (1, 1, 0, 1, 33.3),
        "annex2_reports": (1, 1, 0, 1, 33.3),
        "ict_reports": (0, 0, 0, 0, None),
    }


def test_an_open_record_becomes_overdue_when_its_deadline_passes(world):
    """The same web appeal of Mon 30 Nov, read on Thursday 3 December: its two working days are over."""
    rows = compliance.clock_rows(compliance.GROUPS[0][3], NOVEMBER, world.karaganda, at(12, 3))
    assert (rows[0]["open_within_term"], rows[0]["open_overdue"]) == (0, 1)


def test_a_region_counts_its_appeals_and_their_calls_and_leaves_the_rest_to_all_regions(world):
    assert outcomes(world.astana) == {"written_answers": (1, 0, 0, 1, 50.0), "waiting_time": (1, 0, 0, 0, 100.0)}
    assert outcomes(world.karaganda) == {"written_answers": (0, 1, 1, 0, 0.0), "waiting_time": (1, 0, 0, 0, 100.0)}


@pytest.fixture
def viewer():
    return UserFactory(username="sapa", roles=["Authority viewer"])


def _table(html, key):
    """The cells of the screen's table `key` (the truth the chart draws), as text."""
    from lxml import html as lxml_html

    table = lxml_html.fromstring(html).xpath(f'//table[@data-table="{key}"]')[0]
    return [[cell.text_content().strip() for cell in row] for row in table.xpath(".//tr")]


@pytest.mark.parametrize("key", ["answers", "authorities", "all"])
def test_the_csv_is_the_table_on_the_screen(world, viewer, client, key):
    client.force_login(viewer)
    screen = client.get(URL).content.decode()
    keys = [group[0] for group in compliance.GROUPS] if key == "all" else [key]
    expected = [_table(screen, keys[0])[0]] + [row for k in keys for row in _table(screen, k)[1:]]
    response = client.get(f"{URL}&csv={key}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"compliance-{key}-20261101-20261130.csv" in response["Content-Disposition"]
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == expected


def test_the_screen_draws_every_chart_from_the_shipped_chart_js(world, viewer, client):
    client.force_login(viewer)
    screen = client.get(URL).content.decode()
    for key, *_rest in compliance.GROUPS:
        assert f'<canvas id="chart-{key}"' in screen and f'id="chart-{key}-config"' in screen
    assert "telephony/chart.umd.min.js" in screen and "cdn" not in screen.lower()
    assert "+7 701" not in screen and "Сейткали" not in screen  # counts only, no personal data


def test_a_chosen_region_says_which_clocks_are_counted_in_all_regions_only(world, viewer, client):
    client.force_login(viewer)
    with translation.override("en"):
        screen = client.get(f"{URL}&region={world.astana.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-table="answers"' in screen and 'data-table="registry"' not in screen
    assert "Call records in 4 hours (para 14)" in screen  # named in the note, not counted


def test_a_period_ending_before_it_starts_is_refused(viewer, client):
    client.force_login(viewer)
    response = client.get("/admin/reports/compliance/?date_from=2026-11-30&date_to=2026-11-01")
    assert response.status_code == 400 and "<canvas" not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("Senior operator", 200),
        ("Onboarding coordinator", 200),
        ("Authority viewer", 200),
        ("Operator", 403),
        ("KB editor", 403),
        ("Body responsible person", 403),
    ],
)
def test_who_sees_the_dashboard(client, role, status):
    client.force_login(UserFactory(username="someone", roles=[role]))
    assert client.get(URL).status_code == status
    assert client.get(f"{URL}&csv=all").status_code == status


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("region", [None, "karaganda"])
def test_the_kazakh_screen_carries_no_english(world, client, region):
    user = UserFactory(username="sapa-kk", roles=["Authority viewer"])
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "kk"})
    client.force_login(user)
    url = f"{URL}&region={getattr(world, region).pk}" if region else URL
    with translation.override("kk"):
        screen = client.get(url).content.decode()
    assert "Мерзімдердің сақталуы" in screen
    assert english_words(_visible_text(screen)) == []


def _visible_text(html):
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    for node in tree.xpath("//script|//style|//svg"):
        node.getparent().remove(node)
    return tree.text_content()
