"""Para 16 and paras 31, 39: the *Reports* screens. The quality authority's, the informatization authority's and
a body's users see and download only the reports addressed to their own bodies (column 5 names applicants:
personal data, so every download is audited); the UCC's supervisors and coordinators see every report,
regenerate one (a new version, the old kept) and send it again."""

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from tests.factories import BodyMembershipFactory, UserFactory
from tests.workflows import reports_world
from tests.workflows.reports_world import at
from workflows.reports.models import Report, ReportDelivery
from workflows.reports.services import schedule

pytestmark = pytest.mark.django_db
world = reports_world.world  # the fixture

FIRST_OF_DECEMBER = at(2026, 12, 1, 1, 0)


@pytest.fixture
def sent(world):
    schedule.run_monthly(now=FIRST_OF_DECEMBER)
    return world


def person(world, role, body=None):
    user = UserFactory(roles=[role])
    if body:
        BodyMembershipFactory(user=user, body=getattr(world, body))
    return user


def shown_recipients(client):
    page = client.get(reverse("reports_index"))
    assert page.status_code == 200
    return {report.recipient.code for report in page.context["reports"]}


ALL = {"t-quality", "t-justice", "t-health", "t-akimat-krg", "t-mcdiai", "t-ici"}


@pytest.mark.parametrize(
    "role, body, expected",
    [
        ("Authority viewer", "quality", {"t-quality"}),  # the quality authority: its Annex 2 only
        ("Authority viewer", "informatization", {"t-mcdiai"}),  # the informatization authority: its ICT report
        ("Body responsible person", "justice", {"t-justice"}),  # a central body's user
        ("Body responsible person", "akimat", {"t-akimat-krg"}),  # a local body's user
        ("Authority viewer", None, set()),  # an authority user who speaks for no body yet: nothing
        ("Senior operator", None, ALL),  # supervisors: every report
        ("Onboarding coordinator", None, ALL),
    ],
)
def test_every_role_sees_only_its_reports(sent, client, role, body, expected):
    client.force_login(person(sent, role, body))
    assert shown_recipients(client) == expected


@pytest.mark.parametrize("role", ["Operator", "KB editor", "KB reviewer"])
def test_the_roles_without_reports_are_refused(sent, client, role):
    client.force_login(person(sent, role))
    assert client.get(reverse("reports_index")).status_code == 403


def test_a_body_cannot_open_or_download_another_bodys_report(sent, client):
    client.force_login(person(sent, "Body responsible person", "justice"))
    akimat = Report.objects.get(recipient=sent.akimat, kind="annex2")
    assert client.get(reverse("reports_detail", args=[akimat.pk])).status_code == 403
    assert client.get(reverse("reports_download", args=[akimat.pk, "pdf"])).status_code == 403
    assert not LogEntry.objects.get_for_object(akimat).filter(additional_data__report="downloaded").exists()


def test_a_download_is_audited(sent, client):
    user = person(sent, "Authority viewer", "quality")
    client.force_login(user)
    report = Report.objects.get(recipient=sent.quality)
    response = client.get(reverse("reports_download", args=[report.pk, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('annex2-2026-11-t-quality-v1.xlsx"')
    entry = LogEntry.objects.get_for_object(report).filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert (entry.actor, entry.additional_data) == (user, {"report": "downloaded", "file": "xlsx"})


def test_the_authority_cannot_regenerate_or_resend(sent, client):
    client.force_login(person(sent, "Authority viewer", "quality"))
    report = Report.objects.get(recipient=sent.quality)
    assert client.post(reverse("reports_regenerate", args=[report.pk])).status_code == 403
    assert client.post(reverse("reports_resend", args=[report.pk])).status_code == 403
    assert Report.objects.filter(recipient=sent.quality).count() == 1


def test_a_supervisor_regenerates_a_new_version_and_resends_it(sent, client, django_capture_on_commit_callbacks):
    supervisor = person(sent, "Senior operator")
    client.force_login(supervisor)
    first = Report.objects.get(recipient=sent.justice)
    response = client.post(reverse("reports_regenerate", args=[first.pk]))
    second = Report.objects.get(recipient=sent.justice, version=2)
    assert response.status_code == 302 and response["Location"] == reverse("reports_detail", args=[second.pk])
    assert Report.objects.filter(pk=first.pk).exists()  # the old version kept
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports_resend", args=[second.pk]))
    (message,) = mail.outbox
    assert message.to == ["justice@gov.kz"]
    assert [name for name, _c, _m in message.attachments][0] == "annex2-2026-11-t-justice-v2.pdf"
    delivery = ReportDelivery.objects.get(recipient=sent.justice, kind="annex2")
    assert delivery.report_id == second.pk and delivery.state == "sent"
    page = client.get(reverse("reports_detail", args=[second.pk]))
    assert page.status_code == 200
    labels = [str(event.label) for event in page.context["events"]]
    assert labels == ["generated", "sent", "sent again by a supervisor", "sent"]
    assert [version.version for version in page.context["versions"]] == [2, 1]


def test_a_supervisor_generates_the_fourth_quarter_for_the_quality_authority(world, client):
    """The form's own title: "for __ quarter"; a report made on demand is kept, not mailed."""
    client.force_login(person(world, "Senior operator"))
    assert client.get(reverse("reports_generate")).status_code == 200
    response = client.post(
        reverse("reports_generate"), {"kind": "annex2", "year": "2026", "span": "q4", "recipient": world.quality.pk}
    )
    report = Report.objects.get(recipient=world.quality)
    assert response["Location"] == reverse("reports_detail", args=[report.pk])
    assert (str(report.period_start), str(report.period_end), report.rows) == ("2026-10-01", "2026-12-31", 6)
    assert mail.outbox == [] and not ReportDelivery.objects.exists()


def test_the_authority_cannot_generate(world, client):
    client.force_login(person(world, "Authority viewer", "quality"))
    assert client.get(reverse("reports_generate")).status_code == 403
