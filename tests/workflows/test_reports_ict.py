"""Para 39: the monthly ICT report — to the informatization authority and the ICI operator every request of the
month, to each body that asked its own rows; forwarded to the ICI operator (para 36), the first answer and the
resolution against the Regulations' terms (para 37)."""

import io

import pytest
from django.core import mail
from pypdf import PdfReader

from tests.workflows import reports_world
from tests.workflows.reports_world import NOVEMBER, at
from workflows.ict import services as ict
from workflows.ict.models import IctRequest, IctService
from workflows.reports import selectors
from workflows.reports.models import ReportDelivery
from workflows.reports.services import schedule
from workflows.reports.services.generation import render_files

pytestmark = pytest.mark.django_db
world = reports_world.world  # the fixture


@pytest.fixture
def asked(world):
    egov = IctService.objects.create(code="EGOV-PORTAL", name_kk="eGov порталы", name_ru="Портал eGov", name_en="eGov")
    first = ict.register_request(
        body=world.justice, subject="ЭЦҚ-мен қол қою қатесі", channel="phone", service=egov,
        received_at=at(2026, 11, 3, 10),
    )  # fmt: skip
    second = ict.register_request(
        body=world.akimat, subject="Порталға кіру мүмкін емес", channel="email", service=egov,
        received_at=at(2026, 11, 17, 15),
    )  # fmt: skip
    ict.register_request(body=world.akimat, subject="Қазан", channel="email", received_at=at(2026, 10, 30, 12))
    # The first answered in 1 hour (in time); the second forwarded to the ICI operator, never answered.
    IctRequest.objects.filter(pk=first.pk).update(
        state="answered", first_answered_at=at(2026, 11, 3, 11), resolved_at=at(2026, 11, 3, 11)
    )
    IctRequest.objects.filter(pk=second.pk).update(state="forwarded", forwarded_at=at(2026, 11, 17, 16))
    world.first, world.second = first, second
    return world


def test_the_authority_and_the_ici_operator_get_every_request_a_body_its_own(asked):
    every = [row["number"] for row in selectors.ict_rows(NOVEMBER, asked.informatization)]
    assert every == [asked.first.number, asked.second.number]
    assert [row["number"] for row in selectors.ict_rows(NOVEMBER, asked.ici)] == every
    assert [row["number"] for row in selectors.ict_rows(NOVEMBER, asked.akimat)] == [asked.second.number]


def test_the_rows_and_totals_show_forwarding_and_terms(asked):
    rows = selectors.ict_rows(NOVEMBER, asked.informatization)
    assert (rows[0]["forwarded"], rows[0]["first_answer"], rows[0]["resolution"]) == (False, "in_time", "in_time")
    assert rows[1]["forwarded"] is True and rows[1]["first_answer"] in ("open_late", "open")
    totals = selectors.ict_totals(rows)
    assert totals["total"] == 2 and totals["forwarded"] == 1
    assert dict(totals["by_body"]) == {"Әділет министрлігі": 1, "Қарағанды облысының әкімдігі": 1}


def test_the_ict_pdf_names_the_requests_in_kazakh(asked):
    pdf, _xlsx, count = render_files("ict", NOVEMBER, asked.ici)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert count == 2
    assert "ЭЦҚ-мен қол қою қатесі" in text and "АКИ операторына жіберілді" in text and "■" not in text


def test_the_monthly_run_sends_the_ict_report_to_the_bodies_that_asked(asked):
    schedule.run_monthly(now=at(2026, 12, 1, 1))
    ict_to = set(ReportDelivery.objects.filter(kind="ict").values_list("recipient__code", flat=True))
    assert ict_to == {"t-mcdiai", "t-ici", "t-justice", "t-akimat-krg"}
    assert any("ict-2026-11-t-akimat-krg-v1.pdf" in [a[0] for a in m.attachments] for m in mail.outbox)
