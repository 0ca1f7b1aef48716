"""Paras 31 and 39: on the 1st of the month the previous month's reports go to every recipient's report contacts
with their PDF and XLSX, each exactly once — when the schedule runs twice, when a mail fails and is retried
with back-off, when a run dies while sending; a recipient confirms through the signed link; on the last working
day before the 5th the supervisors hear of what is not delivered."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory
from tests.workflows import reports_world
from tests.workflows.reports_world import NOVEMBER, at
from workflows.calendar.clocks import report_warning_day
from workflows.calendar.working_days import is_working_day
from workflows.reports.models import Report, ReportContact, ReportDelivery, ReportWarning
from workflows.reports.services import delivery as deliveries
from workflows.reports.services import schedule

pytestmark = pytest.mark.django_db
world = reports_world.world  # the fixture
State = ReportDelivery.State

FIRST_OF_DECEMBER = at(2026, 12, 1, 1, 0)  # Tuesday 1 December 2026, 01:00 Almaty: November's reports


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


@pytest.fixture
def contacts(world):
    ReportContact.objects.create(body=world.justice, email="reports@adilet.gov.kz", name="Есеп бөлімі")
    ReportContact.objects.create(body=world.justice, email="chief@adilet.gov.kz")
    return world


class FailingOnce:
    """A mail server that refuses the first `n` messages to `address`."""

    def __init__(self, monkeypatch, address, n=1):
        self.address, self.left = address, n
        original = mail.EmailMessage.send

        def send(message, fail_silently=False):
            if self.address in message.to and self.left:
                self.left -= 1
                raise ConnectionRefusedError("421 the mail server is not available")
            return original(message, fail_silently)

        monkeypatch.setattr(mail.EmailMessage, "send", send)


def test_the_first_of_the_month_sends_every_recipient_its_report_with_both_files(contacts):
    sent = schedule.run_monthly(now=FIRST_OF_DECEMBER)
    # Annex 2: the quality authority, two central bodies and the akimat; the ICT report: the informatization
    # authority and the ICI operator (no body asked about ICT in November).
    assert sent == 6
    justice = ReportDelivery.objects.get(recipient=contacts.justice, kind="annex2")
    assert (justice.period_start, justice.period_end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert justice.state == State.SENT and justice.attempts == 1
    assert justice.addresses == "reports@adilet.gov.kz, chief@adilet.gov.kz"
    (message,) = mails_to("reports@adilet.gov.kz")
    assert message.to == ["reports@adilet.gov.kz", "chief@adilet.gov.kz"]
    assert "қараша" in message.subject and "ноябрь 2026" in message.subject
    names = sorted(name for name, _content, _mime in message.attachments)
    assert names == ["annex2-2026-11-t-justice-v1.pdf", "annex2-2026-11-t-justice-v1.xlsx"]
    assert "/reports/acknowledge/" in message.body
    # A body with no report contact gets its report at its directory e-mail.
    assert len(mails_to("quality@gov.kz")) == 1


def test_a_recipient_with_no_appeals_gets_a_report_saying_so(contacts):
    schedule.run_monthly(now=FIRST_OF_DECEMBER)
    health = ReportDelivery.objects.get(recipient=contacts.health, kind="annex2")
    assert health.state == State.SENT and health.report.rows == 0
    assert len(mails_to("health@gov.kz")) == 1


def test_running_the_schedule_twice_sends_each_recipient_its_report_once(contacts):
    schedule.run_monthly(now=FIRST_OF_DECEMBER)
    again = schedule.run_monthly(now=FIRST_OF_DECEMBER + timedelta(minutes=1))
    later = schedule.run_monthly(now=at(2026, 12, 2, 1, 0))  # the daily run of the 2nd finds nothing to do
    assert (again, later) == (0, 0)
    assert len(mails_to("reports@adilet.gov.kz")) == 1
    assert Report.objects.filter(recipient=contacts.justice).count() == 1
    assert ReportDelivery.objects.count() == 6


def test_a_failed_delivery_is_retried_after_its_back_off_and_sent_once(contacts, monkeypatch):
    FailingOnce(monkeypatch, "reports@adilet.gov.kz", n=2)
    schedule.run_monthly(now=FIRST_OF_DECEMBER)
    justice = ReportDelivery.objects.get(recipient=contacts.justice, kind="annex2")
    assert justice.state == State.FAILED and "421" in justice.last_error
    assert justice.next_attempt_at == FIRST_OF_DECEMBER + timedelta(minutes=5)
    # The monthly run again, and the retry schedule before the back-off has passed: nothing is sent.
    assert schedule.run_monthly(now=FIRST_OF_DECEMBER + timedelta(minutes=1)) == 0
    assert deliveries.retry_failed(now=FIRST_OF_DECEMBER + timedelta(minutes=4)) == 0
    # 01:05: the second attempt fails too; the next waits ten minutes.
    assert deliveries.retry_failed(now=FIRST_OF_DECEMBER + timedelta(minutes=5)) == 0
    justice = ReportDelivery.objects.get(pk=justice.pk)
    assert justice.attempts == 2 and justice.next_attempt_at == FIRST_OF_DECEMBER + timedelta(minutes=15)
    # 01:15: sent; later retries find nothing.
    assert deliveries.retry_failed(now=FIRST_OF_DECEMBER + timedelta(minutes=15)) == 1
    assert deliveries.retry_failed(now=FIRST_OF_DECEMBER + timedelta(hours=2)) == 0
    justice = ReportDelivery.objects.get(pk=justice.pk)
    assert justice.state == State.SENT and justice.attempts == 3 and justice.last_error == ""
    assert len(mails_to("reports@adilet.gov.kz")) == 1
    verbs = [event.verb for event in justice.events.all()]
    assert verbs == ["generated", "failed", "retry_failed", "retried"]


def test_a_run_that_died_while_sending_does_not_send_again_by_itself(contacts, django_capture_on_commit_callbacks):
    delivery = deliveries.ensure_delivery(kind="annex2", period=NOVEMBER, recipient=contacts.justice)
    ReportDelivery.objects.filter(pk=delivery.pk).update(state=State.SENDING, attempts=1)  # the cluster restarted
    assert schedule.run_monthly(now=FIRST_OF_DECEMBER) == 5  # the others
    assert deliveries.retry_failed(now=at(2026, 12, 3, 12)) == 0
    assert mails_to("reports@adilet.gov.kz") == []
    # A supervisor who checked resends it: once.
    supervisor = UserFactory(roles=["Senior operator"])
    with django_capture_on_commit_callbacks(execute=True):
        deliveries.resend(ReportDelivery.objects.get(pk=delivery.pk), user=supervisor)
    assert len(mails_to("reports@adilet.gov.kz")) == 1


def test_the_recipient_confirms_through_the_signed_link(contacts, client):
    schedule.run_monthly(now=FIRST_OF_DECEMBER)
    delivery = ReportDelivery.objects.get(recipient=contacts.justice, kind="annex2")
    (url,) = set(
        re.findall(r"http://\S+(/reports/acknowledge/\S+/)", mails_to("reports@adilet.gov.kz")[0].body)
    )  # kk, ru
    assert url.startswith(reverse("reports_acknowledge", kwargs={"token": "T"})[:-2])
    page = client.get(url)  # a mail scanner following the link confirms nothing
    assert page.status_code == 200 and "Подтверждаю получение" in page.content.decode()
    delivery = ReportDelivery.objects.get(pk=delivery.pk)
    assert delivery.state == State.SENT
    assert client.post(url).status_code == 200
    assert client.post(url).status_code == 200  # twice: still confirmed once
    delivery = ReportDelivery.objects.get(pk=delivery.pk)
    assert delivery.state == State.ACKNOWLEDGED and delivery.acknowledged_at is not None
    assert [event.verb for event in delivery.events.all()].count("acknowledged") == 1
    assert client.get(url[:-3] + "xx/").status_code == 400  # an altered link


def test_the_warning_for_november_comes_on_friday_4_december_2026(contacts, monkeypatch):
    """The 5th of December 2026 is a Saturday: the report is still due by then, so the warning comes on
    Friday the 4th, the last working day before it."""
    assert report_warning_day(date(2026, 11, 1)) == date(2026, 12, 4)
    UserFactory(username="senior", email="senior@ucc.kz", roles=["Senior operator"])
    FailingOnce(monkeypatch, "reports@adilet.gov.kz", n=99)
    schedule.run_monthly(now=FIRST_OF_DECEMBER)
    for _attempt in range(3):
        deliveries.retry_failed(now=at(2026, 12, 3, 12))
    mail.outbox.clear()
    assert schedule.warn_undelivered(today=date(2026, 12, 3)) is None  # Thursday: not yet
    warning = schedule.warn_undelivered(today=date(2026, 12, 4))
    assert warning.undelivered == 1
    (message,) = mails_to("senior@ucc.kz")
    assert "Министерство юстиции" in message.body and "05.12.2026" in message.body
    assert schedule.warn_undelivered(today=date(2026, 12, 4)) is None  # the second run: no second warning
    assert ReportWarning.objects.count() == 1 and len(mails_to("senior@ucc.kz")) == 1


def test_nothing_undelivered_no_warning(contacts):
    UserFactory(username="senior", email="senior@ucc.kz", roles=["Senior operator"])
    schedule.run_monthly(now=FIRST_OF_DECEMBER)
    assert schedule.warn_undelivered(today=date(2026, 12, 4)) is None
    assert mails_to("senior@ucc.kz") == []


def test_the_new_year_warning_comes_on_the_first_of_january():
    """December 2026's reports are due by Tuesday 5 January 2027; 1-4 January are days off (the New Year and
    the weekend, Monday the 4th by decree), so the last working day before the 5th is 31 December — before the
    reports exist. The warning then comes on Friday 1 January, after the 01:00 run (the UCC works every day)."""
    assert [is_working_day(date(2027, 1, day)) for day in (1, 2, 3, 4)] == [False] * 4
    assert report_warning_day(date(2026, 12, 1)) == date(2027, 1, 1)
    assert report_warning_day(date(2027, 4, 1)) == date(2027, 5, 4)  # Wednesday 5 May 2027: Tuesday the 4th


def test_a_report_that_cannot_be_made_does_not_hold_up_the_others(contacts, monkeypatch):
    from workflows.reports.services import generation

    real = generation.render_files

    def broken_for_justice(kind, period, recipient, **kwargs):
        if recipient == contacts.justice:
            raise RuntimeError("xhtml2pdf could not render")
        return real(kind, period, recipient, **kwargs)

    monkeypatch.setattr(generation, "render_files", broken_for_justice)
    assert schedule.run_monthly(now=FIRST_OF_DECEMBER) == 5
    justice = ReportDelivery.objects.get(recipient=contacts.justice, kind="annex2")
    assert justice.report is None and justice.state == State.GENERATED  # the warning will name it
    monkeypatch.setattr(generation, "render_files", real)
    assert schedule.run_monthly(now=at(2026, 12, 2, 1)) == 1  # the next day's run makes and sends it
