"""Admin screens of the service stages (para 29): the operator's look-up by application number or IIN (from
the appeal screen too, where the operator records which application the appeal was about), and the import."""

import re

from auditlog.context import set_actor
from auditlog.signals import accessed
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from workflows.accounts.client import client_ip
from workflows.appeals import selectors as appeal_selectors
from workflows.appeals import services as appeal_services
from workflows.appeals.models import may_work
from workflows.appeals.personal_data import may_see_applicant

from . import selectors
from .forms import COLUMN_HELP, REQUIRED, LookUpForm, StageFileForm
from .imports import import_stages
from .models import IMPORT, LOOK_UP, ApplicationStage

IIN_IN_TEXT = re.compile(r"(?<!\d)\d{12}(?!\d)")


def require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def mask_iin(iin):
    """ "850101300123" → "********0123": the birth date and sex (the first seven digits) hidden."""
    return f"{'*' * (len(iin) - 4)}{iin[-4:]}" if iin else ""


def _record_access(request, rows):
    """django-auditlog's "access" entries, as for an appeal's applicant: `user` saw these IINs in full now."""
    with set_actor(request.user, remote_addr=client_ip(request)):
        for row in rows:
            if row.applicant_iin:
                accessed.send(sender=ApplicationStage, instance=row)


def _appeal(request):
    """The appeal the look-up was opened from (`?appeal=<id>`), if the user may see it."""
    pk = request.GET.get("appeal") or request.POST.get("appeal")
    if not pk or not str(pk).isdigit() or not request.user.has_perm("appeals.view_appeal"):
        return None
    return appeal_selectors.appeals().filter(pk=pk).first()


def look_up(request):
    """Para 29: the operator types an application number or an IIN and tells the caller the stage."""
    require(request, LOOK_UP)
    form = LookUpForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    applications = selectors.look_up(query)
    in_full = may_see_applicant(request.user)
    for application in applications:
        for row in application.history:
            row.iin_shown = row.applicant_iin if in_full else mask_iin(row.applicant_iin)
    if in_full and applications:
        _record_access(request, [application.current for application in applications])
    appeal = _appeal(request)
    return TemplateResponse(
        request,
        "stages/look_up.html",
        {
            "form": form,
            "query": query,
            "applications": applications,
            "appeal": appeal,
            "may_record": appeal is not None and may_work(appeal, request.user),
            "now": timezone.now(),
        },
    )


@require_POST
def record_application(request, appeal_pk):
    """ "This appeal is about this application": the appeal keeps the application's number (appeals' service)."""
    require(request, LOOK_UP)
    appeal = get_object_or_404(appeal_selectors.appeals(), pk=appeal_pk)
    number = request.POST.get("application_number", "").strip()
    if selectors.current_stage(number) is None:
        messages.error(request, _("There is no application %(number)s.") % {"number": number})
    else:
        try:
            appeal_services.record_application(appeal=appeal, user=request.user, application_number=number)
        except appeal_services.TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("Appeal %(appeal)s is about application %(number)s.") % {"appeal": appeal.number, "number": number},
            )
    return redirect(reverse("appeals_work", args=[appeal.pk]))


def import_file(request):
    """Coordinators and administrators import a file of stages: all rows or none, problems by row number."""
    require(request, IMPORT)
    form = StageFileForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_format = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
        report = import_stages(upload.read(), file_format)
        if report.written:
            messages.success(
                request,
                _("Stages imported: %(created)s new, %(unchanged)s already known.")
                % {"created": report.created, "unchanged": report.unchanged},
            )
        else:
            messages.error(request, _("Nothing was imported: fix the rows shown and upload the file again."))
    return TemplateResponse(
        request,
        "stages/import.html",
        {
            "form": form,
            "report": report,
            "columns": [(key, meaning, key in REQUIRED) for key, meaning in COLUMN_HELP.items()],
        },
    )


def appeal_screen_links(appeal, user):
    """The appeal screen's link to the look-up (the `appeal_screen_links` hook): pre-filled with the recorded
    application, else with an IIN the applicant wrote in the appeal, when the user may read it."""
    if not user.has_perm(LOOK_UP):
        return []
    query = appeal.application_number
    if not query and may_see_applicant(user):
        found = IIN_IN_TEXT.search(appeal.content or "")
        query = found.group(0) if found else ""
    params = {"appeal": appeal.pk, **({"q": query} if query else {})}
    return [(_("Application stages"), f"{reverse('stages_look_up')}?{urlencode(params)}")]


urlpatterns = [
    path("stages/", look_up, name="stages_look_up"),
    path("stages/import/", import_file, name="stages_import"),
    path("stages/appeal/<int:appeal_pk>/record/", record_application, name="stages_record_application"),
]
