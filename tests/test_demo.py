"""`manage.py load_demo`: the wiring layer's one demo builder (ucc_site/demo.py), each app's part in order."""

from io import StringIO

import pytest
from django.core.management import call_command

from workflows.appeals.models import Appeal, RoutingRule
from workflows.authorities.models import (
    AuthorityEvent,
    CallRecordRequest,
    DiscrepancyRequest,
    Escalation,
    InformationRequest,
    Training,
    TrainingRequest,
    Visit,
)
from workflows.authorities.selectors.call_records import alarmed
from workflows.ict.models import IctOutgoingMail, IctRequest
from workflows.interruptions.models import InterruptionNotice, NoticeDelivery
from workflows.lists.models import ListEntry
from workflows.onboarding.models import OnboardingProtocol
from workflows.registry.models import ResponsiblePerson, ServiceChange
from workflows.reports import compliance
from workflows.reports.models import Report, ReportDelivery
from workflows.stages.models import ApplicationStage, stale_before
from workflows.telephony.models import Call
from workflows.webforms.choices import Target
from workflows.webforms.models import PublicFormPage
from workflows.webhooks.models import Delivery

pytestmark = pytest.mark.django_db


def test_the_demo_loads_every_app_in_order(tmp_path, django_capture_on_commit_callbacks):
    password_file = tmp_path / "admin-password.txt"
    password_file.write_text("demo-Passw0rd-long\n")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the mails sent after commit, as `make demo` does
        call_command("load_demo", "--users-password-file", str(password_file), stdout=out)
    assert [line.split(":")[0] for line in out.getvalue().splitlines()] == [
        "Calendar",
        "Directory",
        "Registry",
        "Pages",
        "Service guidance",
        "Knowledge Base",
        "Site contacts and process terms",
        "Demo users (one per role)",
        "Demo reference lists and routing rules",
        "Demo appeals",
        "Demo calls",
        "Demo onboarding protocols",
        "Demo by-law changes and replacements",
        "Demo call-record requests",
        "Demo information requests",
        "Demo discrepancies",
        "Demo trainings, requests and visits",
        "Demo ICT services",
        "Demo ICT requests",
        "Demo planned interruptions",
        "Demo application stages",
        "Demo statutory reports",
        "Demo form pages (kk/ru/en)",
        "Demo webhook endpoints and deliveries",
        "Demo data ready.",
    ]
    # each app's part is idempotent, and proven so beside it (e.g. tests/workflows/test_appeals_demo.py)
    assert Appeal.objects.exists() and Call.objects.exists() and OnboardingProtocol.objects.exists()

    # Issue 16: every state of every process of the bodies and authorities, the first time round
    for model in (CallRecordRequest, InformationRequest, Escalation, DiscrepancyRequest, TrainingRequest, Visit):
        assert set(model.objects.values_list("state", flat=True)) == set(model.State.values), model
    assert set(Training.objects.values_list("kind", flat=True)) == set(Training.Kind.values)
    assert CallRecordRequest.objects.filter(late=True).exists() and alarmed().exists()  # the banner shows
    assert InformationRequest.objects.filter(refusal_ground="commercial_secret").exists()
    assert AuthorityEvent.objects.filter(body__isnull=False).count() > 30  # the bodies' pages have a timeline
    # Issue 17: every state of an ICT request and of a planned interruption
    assert set(IctRequest.objects.values_list("state", flat=True)) == set(IctRequest.State.values)
    assert {"sent", "failed"} <= set(IctOutgoingMail.objects.values_list("status", flat=True))
    assert set(InterruptionNotice.objects.values_list("state", flat=True)) == set(InterruptionNotice.State.values)
    assert InterruptionNotice.objects.filter(late=True).exists() and NoticeDelivery.objects.exists()
    # Issue 19, item 9 (para 29): applications in several stages, one of them stale, one recorded by an appeal
    assert ApplicationStage.objects.filter(current=True).count() >= 4
    assert ApplicationStage.objects.filter(current=True, changed_at__lt=stale_before()).exists()
    assert Appeal.objects.exclude(application_number="").exists()
    # Issue 18: last month's reports, sent and one confirmed, so the Reports screen is not empty
    assert Report.objects.count() == 3
    assert set(ReportDelivery.objects.values_list("state", flat=True)) == {"sent", "acknowledged"}
    # Issue 18, item 7: every chart of the compliance dashboard has figures for its default period (30 days)
    form = compliance.PeriodForm({})
    assert form.is_valid()
    for chart in compliance.charts(form.cleaned_data["period"]):
        assert any(row["total"] for row in chart.rows), chart.key
    assert ServiceChange.objects.filter(updated_late=True).exists()
    # Issue 20, items 4-5: active and deactivated list entries, active and switched-off routing rules
    assert set(ListEntry.objects.values_list("is_active", flat=True)) == {True, False}
    assert set(RoutingRule.objects.values_list("is_active", flat=True)) == {True, False}
    assert ResponsiblePerson.objects.filter(notified_late=True).exists()
    # Issue 20, items 6-7: a form of each kind in each language; a webhook delivery in every state
    assert PublicFormPage.objects.live().count() == 9
    assert set(PublicFormPage.objects.values_list("target", flat=True)) == set(Target.values)
    assert set(Delivery.objects.values_list("state", flat=True)) == set(Delivery.State.values)
    again = StringIO()
    call_command("load_demo", stdout=again)
    assert "Demo information requests: 0 created" in again.getvalue()
    assert "Demo statutory reports: 0 created" in again.getvalue()
    assert "Demo reference lists and routing rules: 0 created" in again.getvalue()
    assert "Demo by-law changes and replacements: 0 created" in again.getvalue()
    assert "Demo form pages (kk/ru/en): 0 published" in again.getvalue()
    assert "Demo webhook endpoints and deliveries: 0 created" in again.getvalue()
