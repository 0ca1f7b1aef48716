"""Para 32 with the reports (issue 18 item 6): a discrepancy the quality authority reports about November 2026
points at rows of the Annex 2 report delivered on Tuesday 1 December 2026 — the Ministry of Justice's (rows 1-2)
or the quality authority's own (rows 1-4, reports_world.py) — and the explanation shows them as printed."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.factories import BodyMembershipFactory, UserFactory
from tests.workflows import reports_world
from tests.workflows.reports_world import NOVEMBER, at
from workflows.authorities.models import DiscrepancyRequest
from workflows.authorities.selectors.discrepancies import citable_reports
from workflows.authorities.services.common import TransitionRefused
from workflows.authorities.services.discrepancies import explain_discrepancy, register_discrepancy, send_explanation
from workflows.reports.models import Report
from workflows.reports.services import generation, schedule

pytestmark = pytest.mark.django_db
world = reports_world.world  # the fixture


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator():
    return UserFactory(email="coordinator@1414.kz", roles=["Onboarding coordinator"])


@pytest.fixture
def delivered(world):
    """November's reports, generated and mailed by the run of 1 December 2026, 01:00."""
    schedule.run_monthly(now=at(2026, 12, 1, 1, 0))
    return world


def annex2(world, body, period=NOVEMBER):
    return Report.objects.get(kind="annex2", recipient=getattr(world, body), period_start=period.start)


@pytest.fixture
def letter(delivered, coordinator):
    """Thursday 3 December 2026, 10:00: the authority finds the Ministry's November report and the UCC's differ."""
    return register_discrepancy(
        authority=delivered.quality,
        provider=delivered.justice,
        period=date(2026, 11, 1),
        description="The Ministry counts one complaint less.",
        received_at=at(2026, 12, 3, 10),
        user=coordinator,
    )


def test_the_delivered_november_reports_of_the_provider_and_the_authority_may_be_cited(delivered, letter):
    offered = {int(pk) for pk, _title in citable_reports(letter)}
    assert offered == {annex2(delivered, "justice").pk, annex2(delivered, "quality").pk}


def test_the_explanation_cites_row_2_of_the_ministrys_report_as_printed(delivered, letter, coordinator):
    report = annex2(delivered, "justice")
    explain_discrepancy(
        request=letter,
        explanation="The complaint of 10 November was registered by e-mail.",
        report=str(report.pk),
        cited_rows=[{"row": "2", "note": "the complaint"}],
        user=coordinator,
    )
    letter.refresh_from_db()
    assert letter.state == DiscrepancyRequest.State.EXPLAINED
    assert letter.report_citation["report"] == report.pk
    assert letter.report_citation["version"] == 1
    assert letter.report_citation["url"] == reverse("reports_detail", args=[report.pk])
    assert letter.report_citation["rows"] == [
        {
            "n": 2,
            "number": f"{delivered.a2.number} (шағым / жалоба)",
            "registered_on": "10.11.2026",
            "region": "Қарағанды облысы",
            "content": "Анықтама мерзімінде берілмеді, шағымданамын.",
            "measures": "Әділет министрлігіне жіберілді",
            "note": "the complaint",
        }
    ]
    assert "Жұмабаев" not in str(letter.report_citation)  # column 5, the applicant's name, is not copied


def test_the_screen_and_the_mail_show_the_cited_rows_with_a_link_to_the_report(client, delivered, letter, coordinator):
    report = annex2(delivered, "quality")
    client.force_login(coordinator)
    response = client.post(
        reverse("authorities_discrepancy_step", args=[letter.pk, "explain"]),
        {"explanation": "See rows 1 and 4.", "report": str(report.pk), "cited_rows": "1: by phone\n4"},
    )
    assert response.status_code == 302
    page = client.get(reverse("authorities_discrepancy", args=[letter.pk])).content.decode()
    assert 'id="cited-rows"' in page and reverse("reports_detail", args=[report.pk]) in page
    for shown in (delivered.a1.number, "02.11.2026", "Кеңес берілді", delivered.a4.number, "30.11.2026", "by phone"):
        assert shown in page
    mail.outbox.clear()
    send_explanation(request=DiscrepancyRequest.objects.get(pk=letter.pk), user=coordinator)
    [sent] = mail.outbox
    assert f"№ 1, {delivered.a1.number}, 02.11.2026, Астана" in sent.body
    assert f"№ 4, {delivered.a4.number}, 30.11.2026" in sent.body


def test_a_row_the_report_does_not_have_is_refused_and_nothing_changes(delivered, letter, coordinator):
    report = annex2(delivered, "justice")  # rows 1-2 only
    with pytest.raises(TransitionRefused, match="no row № 3"):
        explain_discrepancy(
            request=letter,
            explanation="…",
            report=str(report.pk),
            cited_rows=[{"row": "1"}, {"row": "3"}],
            user=coordinator,
        )
    letter.refresh_from_db()
    assert letter.state == DiscrepancyRequest.State.RECEIVED
    assert letter.explanation == "" and letter.report_citation == {}


@pytest.mark.parametrize("body, period", [("health", NOVEMBER), ("akimat", NOVEMBER), ("justice", "october")])
def test_a_report_of_another_provider_or_month_cannot_be_chosen(client, delivered, letter, coordinator, body, period):
    if period == "october":
        october = reports_world.Period.month(2026, 10)
        generation.generate_report(kind="annex2", period=october, recipient=delivered.justice)
        report = annex2(delivered, body, october)
    else:
        report = annex2(delivered, body)
    with pytest.raises(TransitionRefused, match="Only a delivered Annex 2 report"):
        explain_discrepancy(
            request=letter, explanation="…", report=str(report.pk), cited_rows=[{"row": "1"}], user=coordinator
        )
    client.force_login(coordinator)
    url = reverse("authorities_discrepancy_step", args=[letter.pk, "explain"])
    response = client.post(url, {"explanation": "…", "report": str(report.pk), "cited_rows": "1"})
    assert response.status_code == 200 and response.context["form"].errors["report"]
    letter.refresh_from_db()
    assert letter.state == DiscrepancyRequest.State.RECEIVED


def test_a_version_regenerated_but_not_sent_is_not_the_delivered_one(delivered, letter, coordinator):
    first = annex2(delivered, "justice")
    second = generation.regenerate(first, user=coordinator)
    offered = {int(pk) for pk, _title in citable_reports(letter)}
    assert first.pk in offered and second.pk not in offered


def test_the_roles_as_today(client, delivered, letter):
    report = annex2(delivered, "quality")
    viewer = UserFactory(roles=["Authority viewer"])
    BodyMembershipFactory(user=viewer, body=delivered.quality)
    with pytest.raises(TransitionRefused):
        explain_discrepancy(
            request=letter, explanation="…", report=str(report.pk), cited_rows=[{"row": "1"}], user=viewer
        )
    client.force_login(viewer)
    url = reverse("authorities_discrepancy_step", args=[letter.pk, "explain"])
    assert client.post(url, {"explanation": "…", "report": str(report.pk), "cited_rows": "1"}).status_code == 403
    person = UserFactory(roles=["Body responsible person"])
    BodyMembershipFactory(user=person, body=delivered.justice)
    client.force_login(person)
    assert client.get(reverse("authorities_discrepancy", args=[letter.pk])).status_code == 403
