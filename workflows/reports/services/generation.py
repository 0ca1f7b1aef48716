"""Generating a report: the rows read once, the PDF and the XLSX rendered, both files kept with the report's
version; who generated and who downloaded a report is audited (column 5 names applicants: personal data)."""

from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from workflows.replica import replica_reads

from .. import labels, selectors
from ..models import Report
from ..pdf import render_annex2_pdf, render_ict_pdf
from ..xlsx import render_annex2_xlsx, render_ict_xlsx


def audit(report, user, what, *, remote_addr=None, **data):
    """An auditlog "access" entry: `user` (None: the schedule) generated, downloaded or sent `report` now."""
    return LogEntry.objects.log_create(
        report,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=user if getattr(user, "pk", None) else None,
        remote_addr=remote_addr,
        additional_data={"report": what, **data},
    )


def render_files(kind, period, recipient, *, version=1, generated_at=None):
    """(pdf bytes, xlsx bytes, number of rows) of the report of `kind` for `period` and `recipient`."""
    meta = labels.report_meta(kind, period, recipient, version=version, generated_at=generated_at)
    if kind == Report.Kind.ICT:
        rows = selectors.ict_rows(period, recipient)
        interruptions = selectors.ict_interruptions(period, recipient)
        totals = selectors.ict_totals(rows, interruptions)
        pdf = render_ict_pdf(meta, rows, totals, interruptions=interruptions)
        return pdf, render_ict_xlsx(meta, rows, totals, interruptions=interruptions), len(rows)
    rows, totals = selectors.annex2_report(period, recipient)
    return render_annex2_pdf(meta, rows, totals), render_annex2_xlsx(meta, rows, totals), len(rows)


def file_stem(kind, period, recipient, version):
    who = recipient.code if recipient else "all"
    span = f"{period.start:%Y-%m}" if not period.is_quarter else f"{period.start:%Y}-q{period.quarter_number}"
    return f"{kind}-{span}-{who}-v{version}"


def generate_report(*, kind, period, recipient=None, user=None, at=None):
    """A new version of the report (the first, or the next after the ones kept): rendered, stored, audited."""
    at = at or timezone.now()
    with transaction.atomic():
        # No ordering: the model's orders by the recipient's name, a LEFT JOIN that PostgreSQL cannot lock
        # (FOR UPDATE on the nullable side of an outer join) when the report is the UCC's own (no recipient).
        previous = (
            Report.objects.select_for_update()
            .filter(kind=kind, period_start=period.start, period_end=period.end, recipient=recipient)
            .order_by()
        )
        version = max(previous.values_list("version", flat=True), default=0) + 1
        with replica_reads():  # the period's appeals, calls and requests: nothing this transaction wrote
            pdf, xlsx, count = render_files(
                kind, period, recipient, version=version, generated_at=timezone.localtime(at)
            )
        report = Report(
            kind=kind,
            period_start=period.start,
            period_end=period.end,
            recipient=recipient,
            version=version,
            rows=count,
            generated_at=at,
            generated_by=user if getattr(user, "pk", None) else None,
        )
        stem = file_stem(kind, period, recipient, version)
        report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        report.save()
        audit(report, user, "generated", rows=count)
    return report


def period_of(report):
    return selectors.Period(report.period_start, report.period_end)


def regenerate(report, *, user):
    """A supervisor's new version of `report` (the data changed since); the old version is kept."""
    return generate_report(kind=report.kind, period=period_of(report), recipient=report.recipient, user=user)


def open_file(report, which, *, user, remote_addr=None):
    """The report's PDF or XLSX opened for `user` (the download view): audited before it is read."""
    field = {"pdf": report.pdf, "xlsx": report.xlsx}[which]
    audit(report, user, "downloaded", remote_addr=remote_addr, file=which)
    return field.open("rb")
