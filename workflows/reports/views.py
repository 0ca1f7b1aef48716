"""The *Reports* section of the admin (para 16): each user sees the reports addressed to their own bodies, the
UCC's supervisors and coordinators every report; downloads are audited; supervisors regenerate (a new version,
the old kept) and resend. Thin: lookups through `selectors`, changes through `services`."""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from workflows.accounts.admin_views import refusing_with
from workflows.replica import on_replica

from . import compliance, selectors
from .forms import GenerateForm
from .models import MANAGE, VIEW
from .services import delivery as deliveries
from .services import generation

refusing = refusing_with("reports/admin/forbidden.html")


def require(request, *permissions):
    if not any(request.user.has_perm(permission) for permission in permissions):
        raise PermissionDenied


def _report(request, pk):
    require(request, VIEW, MANAGE)
    report = selectors.visible_reports(request.user).filter(pk=pk).first()
    if report is None:
        raise PermissionDenied
    return report


@refusing
def index(request):
    require(request, VIEW, MANAGE)
    reports = selectors.latest_versions(selectors.visible_reports(request.user))
    deliveries_by_report = {}
    for delivery in selectors.visible_deliveries(request.user).filter(report__in=[r.pk for r in reports]):
        deliveries_by_report[delivery.report_id] = delivery
    for report in reports:
        report.delivery = deliveries_by_report.get(report.pk)
    context = {
        "page_title": _("Reports"),
        "header_icon": "doc-full",
        "reports": reports[:300],
        "may_manage": request.user.has_perm(MANAGE),
    }
    return TemplateResponse(request, "reports/admin/index.html", context)


@refusing
def detail(request, pk):
    report = _report(request, pk)
    versions = selectors.visible_reports(request.user).filter(
        kind=report.kind, period_start=report.period_start, period_end=report.period_end, recipient=report.recipient
    )
    delivery = selectors.delivery_of(request.user, report)
    context = {
        "page_title": str(report),
        "header_icon": "doc-full",
        "report": report,
        "versions": versions.order_by("-version"),
        "delivery": delivery,
        "events": selectors.history(delivery) if delivery else [],
        "may_manage": request.user.has_perm(MANAGE),
    }
    return TemplateResponse(request, "reports/admin/detail.html", context)


@refusing
def download(request, pk, which):
    report = _report(request, pk)
    if which not in ("pdf", "xlsx") or not getattr(report, which):
        raise PermissionDenied
    handle = generation.open_file(report, which, user=request.user, remote_addr=request.META.get("REMOTE_ADDR"))
    name = getattr(report, which).name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)


@refusing
def generate(request):
    """A report on demand (a quarter, a recipient the schedule does not mail, the UCC's copy): not mailed."""
    require(request, MANAGE)
    form = GenerateForm(request.POST or None, initial={"year": timezone.localdate().year})
    if form.is_bound and form.is_valid():
        report = generation.generate_report(
            kind=form.cleaned_data["kind"],
            period=form.period(),
            recipient=form.cleaned_data["recipient"],
            user=request.user,
        )
        messages.success(
            request, _("Version %(version)s generated; the earlier versions are kept.") % {"version": report.version}
        )
        return redirect("reports_detail", pk=report.pk)
    context = {"page_title": _("Generate a report"), "header_icon": "doc-full", "form": form}
    return TemplateResponse(request, "reports/admin/generate.html", context)


@refusing
@require_POST
def regenerate(request, pk):
    require(request, MANAGE)
    report = generation.regenerate(_report(request, pk), user=request.user)
    messages.success(
        request, _("Version %(version)s generated; the earlier versions are kept.") % {"version": report.version}
    )
    return redirect("reports_detail", pk=report.pk)


@refusing
@require_POST
def resend(request, pk):
    require(request, MANAGE)
    report = _report(request, pk)
    delivery = selectors.delivery_of(request.user, report)
    if delivery is None:
        messages.error(request, _("This report has no delivery to send again."))
        return redirect("reports_detail", pk=report.pk)
    deliveries.resend(delivery, user=request.user)
    messages.success(request, _("The report is being sent again to the recipient's contacts."))
    return redirect("reports_detail", pk=report.pk)


UTF8_BOM = "\ufeff"  # so that Excel opens Cyrillic CSV as UTF-8


@refusing
@on_replica
def compliance_dashboard(request):
    """Issue 18, item 7: every clock of the Rules for a period and a region; `?csv=<chart>` downloads one
    chart's table, `?csv=all` every table in one file. Counts only: no personal data."""
    require(request, compliance.PERMISSION)
    form = compliance.PeriodForm(request.GET or {})
    if not form.is_valid():
        context = {"form": form, "charts": [], "page_title": _("Compliance dashboard")}
        return TemplateResponse(request, "reports/admin/compliance.html", context, status=400)
    period, region = form.cleaned_data["period"], form.cleaned_data["region"]
    found = compliance.charts(period, region)
    wanted = request.GET.get("csv")
    if wanted:
        chosen = found if wanted == "all" else [chart for chart in found if chart.key == wanted]
        if not chosen:
            return HttpResponse(_("There is no such chart."), status=400, content_type="text/plain; charset=utf-8")
        return _compliance_csv(chosen, wanted, period)
    if not request.GET:
        form = compliance.PeriodForm(initial={"date_from": period.first, "date_to": period.last})
    query = request.GET.copy()
    query.pop("csv", None)
    context = {
        "page_title": _("Compliance dashboard"),
        "form": form,
        "charts": found,
        "period": period,
        "region": region,
        "regionless": compliance.regionless_clocks(),
        "query": query.urlencode(),
    }
    return TemplateResponse(request, "reports/admin/compliance.html", context)


def _compliance_csv(charts, name, period):
    """The tables exactly as on the screen; several charts share the header (same columns), one row a clock."""
    buffer = io.StringIO()
    buffer.write(UTF8_BOM)
    writer = csv.writer(buffer)
    writer.writerow(charts[0].header())
    for chart in charts:
        writer.writerows(chart.table())
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"compliance-{name}-{period.first:%Y%m%d}-{period.last:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns = [
    path("reports/compliance/", compliance_dashboard, name="reports_compliance"),
    path("reports/", index, name="reports_index"),
    path("reports/generate/", generate, name="reports_generate"),
    path("reports/<int:pk>/", detail, name="reports_detail"),
    path("reports/<int:pk>/download/<str:which>/", download, name="reports_download"),
    path("reports/<int:pk>/regenerate/", regenerate, name="reports_regenerate"),
    path("reports/<int:pk>/resend/", resend, name="reports_resend"),
]
