"""The registry import screens in the Wagtail admin (upload, preview, confirm, progress).

Upload checks the whole file in a dry run and keeps it as a PREVIEWED batch; the preview checks it
again against the registry as it is now; confirming queues the write for a django-q worker
(workflows.registry.tasks), and the status page follows it until it is done. Keeping, confirming and
discarding a batch are `services.keep_checked_import`, `confirm_import` and `discard_import`.
"""

import csv
import io

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from workflows.accounts.admin_menu import PermittedMenuItem
from workflows.directory.models import StateBody

from . import services
from .bulk_import import import_registry
from .columns import COLUMNS, column_label
from .forms import FILE_FORMATS, RegistryUploadForm, accepted_columns
from .import_progress import read_progress
from .models import PublicService, RegistryImport
from .resources import export_registry

IMPORT_PERMISSION = "registry.add_registryimport"
EXPORT_PERMISSION = "registry.view_publicservice"
PREVIEW_ERRORS = 100
PREVIEW_CHANGES = 100
CHANGES_PER_PAGE = 100
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
UTF8_BOM = b"\xef\xbb\xbf"  # so that Excel opens a CSV in Cyrillic as UTF-8
Status = RegistryImport.Status


def forbidden(request):
    """A 403 in the admin's look (Wagtail's own answer to PermissionDenied is a redirect home)."""
    context = {"page_title": _("You do not have permission to see this page"), "header_icon": "warning"}
    return TemplateResponse(request, "registry/import/forbidden.html", context, status=403)


def describe_changes(changes):
    """Rows of (row_number, register_number, action, {field: [old, new]}) made readable: field labels,
    providers by name, and a new service's blank fields left out."""
    body_ids = {pk for *_, diff in changes for side in diff.get("providers", ()) for pk in side or ()}
    bodies = {body.pk: str(body) for body in StateBody.objects.filter(pk__in=body_ids)}
    described = []
    for row_number, register_number, action, diff in changes:
        fields = []
        for name, (old, new) in diff.items():
            if name == "providers":
                old, new = ("; ".join(bodies.get(pk, str(pk)) for pk in side or ()) for side in (old, new))
            if action == "create" and new in (None, ""):
                continue
            fields.append({"label": _field_label(name), "old": old, "new": new})
        described.append(
            {"row_number": row_number, "register_number": register_number, "action": action, "fields": fields}
        )
    return described


def absent_columns(report):
    """The fields this file leaves as they are, because it has no column for them (defect 13 of issue 14:
    the preview used to show them struck through, as if cleared)."""
    if report.file_error or not report.columns:
        return []
    present = set(report.columns) | ({"name_ru"} if "name" in report.columns else set())
    skipped = present | {"row_no", "name"}
    return [capfirst(column_label(column.key)) for column in COLUMNS if column.key not in skipped]


def _field_label(name):
    try:
        return PublicService._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name


class ImportAdminView(WagtailAdminTemplateMixin):
    """Every import screen: the import permission, the admin's header and breadcrumbs."""

    permission_required = IMPORT_PERMISSION
    page_title = gettext_lazy("Import registry")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("registry_import:upload"), "label": _("Import registry")}]


class BatchView(ImportAdminView):
    """A screen about one uploaded file (its content, up to 50 MB, is loaded only where it is read)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.has_perm(self.permission_required):
            self.batch = get_object_or_404(RegistryImport.objects.defer("content"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.batch.file_name

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.batch.file_name}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(batch=self.batch, **kwargs)

    def dry_run(self):
        return import_registry(
            bytes(self.batch.content),
            self.batch.file_format,
            file_name=self.batch.file_name,
            dry_run=True,
            valid_rows_only=self.batch.valid_rows_only,
        )


class UploadView(ImportAdminView, FormView):
    form_class = RegistryUploadForm
    template_name = "registry/import/upload.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Import registry")}]

    def form_valid(self, form):
        batch = services.keep_checked_import(user=self.request.user, **form.checked_file())
        return redirect("registry_import:preview", pk=batch.pk)

    def get_context_data(self, **kwargs):
        waiting = RegistryImport.objects.filter(user=self.request.user, status=Status.PREVIEWED).defer("content")
        return super().get_context_data(columns=accepted_columns(), waiting=waiting[:10], **kwargs)


class PreviewView(BatchView, TemplateView):
    template_name = "registry/import/preview.html"

    def get(self, request, *args, **kwargs):
        if self.batch.status != Status.PREVIEWED or self.batch.content is None:
            return redirect("registry_import:status", pk=self.batch.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        report = self.dry_run()
        changed = report.created + report.updated
        shown_changes = report.changes[:PREVIEW_CHANGES]
        has_errors = bool(report.error_rows)
        return super().get_context_data(
            report=report,
            error_count=len(report.error_rows),
            errors=report.error_rows[:PREVIEW_ERRORS],
            more_errors=max(len(report.error_rows) - PREVIEW_ERRORS, 0),
            changes=describe_changes(shown_changes),
            kept_columns=absent_columns(report),
            more_changes=max(changed - len(shown_changes), 0),
            blocked_by_errors=has_errors and not self.batch.valid_rows_only,
            nothing_to_change=not report.file_error and changed == 0,
            can_confirm=not report.file_error and changed > 0 and (not has_errors or self.batch.valid_rows_only),
            **kwargs,
        )


class ErrorsCsvView(BatchView, View):
    """Every error of a previewed file as CSV, for the person who has to correct it."""

    def get(self, request, *args, **kwargs):
        if self.batch.content is None:
            raise Http404
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([_("Row"), _("Register number"), _("Error")])
        for result in self.dry_run().error_rows:
            for error in result.errors:
                writer.writerow([result.row_number, result.register_number, error])
        response = HttpResponse(UTF8_BOM + buffer.getvalue().encode("utf-8"), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="registry-import-{self.batch.pk}-errors.csv"'
        return response


class ConfirmView(BatchView, View):
    """POST only: queue the write. Only a PREVIEWED batch is queued, so a second click queues nothing."""

    def post(self, request, *args, **kwargs):
        batch = self.batch
        try:
            queued = services.confirm_import(batch=batch)
        except services.TransitionRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("registry_import:preview", pk=batch.pk)
        if not queued:
            messages.warning(request, _("This import had already been confirmed."))
        return redirect("registry_import:status", pk=batch.pk)


class CancelView(BatchView, View):
    """POST only: discard a previewed file (nothing of it was written)."""

    def post(self, request, *args, **kwargs):
        if not services.discard_import(batch=self.batch):
            messages.error(request, _("This import has been confirmed and can no longer be discarded."))
            return redirect("registry_import:status", pk=self.batch.pk)
        messages.success(request, _("«%(name)s» discarded: nothing was written.") % {"name": self.batch.file_name})
        return redirect("registry_import:upload")


class StatusView(BatchView, TemplateView):
    template_name = "registry/import/status.html"

    def get(self, request, *args, **kwargs):
        if self.batch.status == Status.PREVIEWED:
            return redirect("registry_import:preview", pk=self.batch.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        batch = self.batch
        in_progress = batch.status in (Status.QUEUED, Status.RUNNING)
        if batch.status == Status.RUNNING:
            batch.processed_rows, batch.total_rows = read_progress(batch)
        writing = batch.status == Status.RUNNING and batch.total_rows and batch.processed_rows >= batch.total_rows
        return super().get_context_data(
            in_progress=in_progress, writing=writing, audited=batch.changes.count(), **kwargs
        )


class ChangesView(BatchView, TemplateView):
    """The per-row audit of one import: what every created or changed service was, and became."""

    template_name = "registry/import/changes.html"

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        items[-1]["url"] = reverse("registry_import:status", kwargs={"pk": self.batch.pk})
        return [*items, {"url": "", "label": _("Changes")}]

    def get_context_data(self, **kwargs):
        paginator = Paginator(self.batch.changes.order_by("row_number"), CHANGES_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        rows = [(c.row_number, c.register_number, c.action, c.changes) for c in page.object_list]
        return super().get_context_data(page=page, changes=describe_changes(rows), **kwargs)


def export_view(request, file_format):
    """The whole registry as the import reads it, for editing and uploading again."""
    if not request.user.has_perm(EXPORT_PERMISSION):
        return forbidden(request)
    if file_format not in FILE_FORMATS:
        raise Http404
    data = export_registry(file_format)
    if file_format == "csv":
        data = UTF8_BOM + data
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    filename = f"registry-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns = [
    path("import/", UploadView.as_view(), name="upload"),
    path("import/<int:pk>/", PreviewView.as_view(), name="preview"),
    path("import/<int:pk>/errors.csv", ErrorsCsvView.as_view(), name="errors_csv"),
    path("import/<int:pk>/confirm/", ConfirmView.as_view(), name="confirm"),
    path("import/<int:pk>/cancel/", CancelView.as_view(), name="cancel"),
    path("import/<int:pk>/status/", StatusView.as_view(), name="status"),
    path("import/<int:pk>/changes/", ChangesView.as_view(), name="changes"),
    path("export/<str:file_format>/", export_view, name="export"),
]


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("registry/", include((urlpatterns, "registry_import"), namespace="registry_import"))]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return PermittedMenuItem(
        gettext_lazy("Import registry"),
        reverse("registry_import:upload"),
        name="import-registry",
        icon_name="upload",
        permission=IMPORT_PERMISSION,
    )
