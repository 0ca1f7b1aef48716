"""Admin screens: the supervisor dashboard (paras 7, 8, 13) with each chart's CSV, and the call-log import
(upload → preview with the row errors → confirm). Thin: they check permissions and call selectors/resources."""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from workflows.accounts.client import client_ip
from workflows.replica import on_replica

from . import screen_pop as pop
from .dashboard import PeriodForm, charts
from .forms import CallLogUploadForm
from .models import CallLogImport
from .resources import COLUMNS, import_call_log

DASHBOARD_PERMISSION = "telephony.view_dashboard"
IMPORT_PERMISSION = "telephony.add_calllogimport"
UTF8_BOM = "\ufeff"  # so that Excel opens Cyrillic CSV as UTF-8


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def screen_pop(request):
    """GET, polled by the operator's open admin screens every 2 s: the call under way, as JSON."""
    if not (request.user.has_perm("appeals.work_appeal") and request.user.has_perm("appeals.view_applicant")):
        raise PermissionDenied
    body = pop.screen_pop(request.user, known=request.GET.get("known", ""), remote_addr=client_ip(request))
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@on_replica
def dashboard(request):
    """The charts for the chosen period; `?csv=<chart>` downloads one chart's data."""
    _require(request, DASHBOARD_PERMISSION)
    form = PeriodForm(request.GET or None)
    if request.GET and not form.is_valid():
        return TemplateResponse(request, "telephony/dashboard.html", {"form": form, "charts": []}, status=400)
    if not request.GET:
        form = PeriodForm({})
        form.is_valid()
    period, grain = form.cleaned_data["period"], form.cleaned_data["grain"]
    found = charts(period, grain)
    wanted = request.GET.get("csv")
    if wanted:
        chart = next((chart for chart in found if chart.key == wanted), None)
        if chart is None:
            return HttpResponse(_("There is no such chart."), status=400, content_type="text/plain; charset=utf-8")
        return chart_csv(chart, period)
    if not request.GET:
        form = PeriodForm(initial={"date_from": period.first, "date_to": period.last, "grain": grain})
    query = request.GET.copy()
    query.pop("csv", None)
    context = {"form": form, "charts": found, "period": period, "query": query.urlencode()}
    return TemplateResponse(request, "telephony/dashboard.html", context)


def chart_csv(chart, period):
    buffer = io.StringIO()
    buffer.write(UTF8_BOM)
    writer = csv.writer(buffer)
    writer.writerow(chart.header())
    writer.writerows(chart.table())
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"{chart.key}-{period.first:%Y%m%d}-{period.last:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def import_upload(request):
    """Upload a call log: it is checked at once and kept for the preview; nothing is written yet."""
    _require(request, IMPORT_PERMISSION)
    form = CallLogUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = CallLogImport.objects.create(file_name=upload.name[:255], content=upload.read(), user=request.user)
        return redirect("telephony_import_preview", pk=batch.pk)
    return TemplateResponse(request, "telephony/import_upload.html", {"form": form, "columns": COLUMNS})


def import_preview(request, pk):
    """What the file would do, row by row, with every problem by its row number."""
    _require(request, IMPORT_PERMISSION)
    batch = get_object_or_404(CallLogImport, pk=pk)
    report = import_call_log(bytes(batch.content), dry_run=True)
    return TemplateResponse(request, "telephony/import_preview.html", {"batch": batch, "report": report})


@require_POST
def import_confirm(request, pk):
    """Write the previewed file in one transaction: all rows, or none when any row is bad."""
    _require(request, IMPORT_PERMISSION)
    batch = get_object_or_404(CallLogImport, pk=pk)
    if batch.status != CallLogImport.Status.PREVIEWED:
        messages.info(request, _("This call log has already been imported."))
        return redirect("telephony_import_preview", pk=batch.pk)
    report = import_call_log(bytes(batch.content))
    if not report.written:
        messages.error(request, _("The call log was not imported: fix the rows shown and upload it again."))
        return redirect("telephony_import_preview", pk=batch.pk)
    batch.status = CallLogImport.Status.IMPORTED
    batch.totals = report.totals
    batch.imported_at = timezone.now()
    batch.save(update_fields=["status", "totals", "imported_at"])
    messages.success(
        request,
        _("Call log imported: %(new)s new, %(update)s updated, %(skip)s unchanged.")
        % {key: report.totals.get(key, 0) for key in ("new", "update", "skip")},
    )
    return redirect(reverse("telephony_import_upload"))
