"""Importing the registry in bulk: checked first, then written in one transaction, with an audit row
for every service created or changed (bulk writes skip django-auditlog's signals, so we record here)."""

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .columns import MODEL_FIELDS
from .importer import RegistryFileError, check_rows, read_dataset
from .models import PublicService, RegistryImport, RegistryImportChange

BATCH = 1000
LOOKUP_CHUNK = 5000
PREVIEW_LIMIT = 500
UPDATABLE = [name for name in MODEL_FIELDS if name != "register_number"]


@dataclass
class ImportReport:
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_rows: list = field(default_factory=list)  # RowResult with errors
    changes: list = field(default_factory=list)  # (row_number, register_number, action, {field: [old, new]})
    written: bool = False
    file_error: str = ""

    @property
    def ok(self):
        return not self.file_error and not self.error_rows

    def summary(self):
        if self.file_error:
            return _("Nothing imported: %(error)s") % {"error": self.file_error}
        counts = _(
            "%(total)s rows: %(created)s new, %(updated)s changed, %(unchanged)s unchanged, %(errors)s with errors"
        ) % {
            "total": self.total_rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": len(self.error_rows),
        }
        if self.written and not (self.created or self.updated):
            return counts + ". " + _("Nothing changed: the registry already holds this file.")
        if self.written:
            return counts + ". " + _("Imported.")
        if self.error_rows:
            return counts + ". " + _("Nothing was written: correct the rows below, or import the valid rows only.")
        return counts + ". " + _("Preview only: nothing was written.")


def _existing(numbers):
    """{register_number: (id, {field: value}, providers)} for the numbers already in the registry."""
    through = PublicService.providers.through
    found = {}
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        chunk = numbers[start : start + LOOKUP_CHUNK]
        rows = PublicService.objects.filter(register_number__in=chunk).values("id", *MODEL_FIELDS)
        by_id = {row["id"]: row for row in rows}
        providers = {}
        for service_id, body_id in through.objects.filter(publicservice_id__in=list(by_id)).values_list(
            "publicservice_id", "statebody_id"
        ):
            providers.setdefault(service_id, []).append(body_id)
        for service_id, row in by_id.items():
            found[row["register_number"]] = (service_id, row, tuple(sorted(providers.get(service_id, ()))))
    return found


def _plan(results, existing):
    """(to_write, changes): the rows to upsert with their full values, and what each changes."""
    to_write, changes = [], []
    for result in results:
        number = result.values["register_number"]
        current = existing.get(number)
        old_values, old_providers = (current[1], current[2]) if current else ({}, ())
        diff = {
            name: [_json(old_values.get(name)), _json(value)]
            for name, value in result.values.items()
            if old_values.get(name, "" if name != "bylaw_date" else None) != value or not current
        }
        if result.providers is not None and result.providers != old_providers:
            diff["providers"] = [list(old_providers), list(result.providers)]
        if current and not diff:
            continue
        merged = {**{k: v for k, v in old_values.items() if k != "id"}, **result.values}
        to_write.append((result, merged, current[0] if current else None))
        changes.append((result.row_number, number, "update" if current else "create", diff))
    return to_write, changes


def _json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _write(to_write, changes, batch):
    now = timezone.now()
    objects = [PublicService(**merged, updated_at=now) for _, merged, _ in to_write]
    PublicService.objects.bulk_create(
        objects,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["register_number"],
        update_fields=[*UPDATABLE, "updated_at"],
    )
    ids = {obj.register_number: obj.pk for obj in objects}
    if any(pk is None for pk in ids.values()):  # a backend that does not return upserted keys
        ids = dict(PublicService.objects.filter(register_number__in=list(ids)).values_list("register_number", "id"))
    _write_providers(to_write, ids)
    RegistryImportChange.objects.bulk_create(
        [
            RegistryImportChange(batch=batch, row_number=row, register_number=number, action=action, changes=diff)
            for row, number, action, diff in changes
        ],
        batch_size=BATCH,
    )


def _write_providers(to_write, ids):
    through = PublicService.providers.through
    touched = [
        (ids[result.values["register_number"]], result.providers)
        for result, _, _ in to_write
        if result.providers is not None
    ]
    service_ids = [service_id for service_id, _ in touched]
    for start in range(0, len(service_ids), LOOKUP_CHUNK):
        through.objects.filter(publicservice_id__in=service_ids[start : start + LOOKUP_CHUNK]).delete()
    through.objects.bulk_create(
        [through(publicservice_id=service_id, statebody_id=body) for service_id, bodies in touched for body in bodies],
        batch_size=BATCH,
    )


def import_registry(
    content,
    file_format,
    *,
    file_name="registry",
    user=None,
    dry_run=False,
    valid_rows_only=False,
    progress=None,
    batch=None,
):
    """Check a registry file and, unless dry_run, write it: all or nothing, unless valid_rows_only.

    Upserts by register number. Returns an ImportReport; a RegistryImport records every real run.
    """
    report = ImportReport()
    try:
        dataset = read_dataset(content, file_format)
        results = list(check_rows(dataset, progress=progress))
    except RegistryFileError as exc:
        report.file_error = str(exc)
        _finish(batch, report, content, file_name, file_format, user, dry_run, valid_rows_only)
        return report
    report.total_rows = len(results)
    if not results:
        report.file_error = _("The file has headers but no rows.")
    report.error_rows = [result for result in results if result.errors]
    valid = [result for result in results if not result.errors]
    to_write, changes = _plan(valid, _existing([r.values["register_number"] for r in valid]))
    report.created = sum(1 for change in changes if change[2] == "create")
    report.updated = len(changes) - report.created
    report.unchanged = len(valid) - len(changes)
    report.changes = changes[:PREVIEW_LIMIT]
    may_write = not dry_run and not report.file_error and (valid_rows_only or not report.error_rows)
    if may_write:
        if progress:
            progress(report.total_rows, report.total_rows, phase="writing")
        with transaction.atomic():
            batch = _record(batch, content, file_name, file_format, user, valid_rows_only)
            if to_write:
                _write(to_write, changes, batch)
            report.written = True
            _finish(batch, report, content, file_name, file_format, user, dry_run, valid_rows_only)
    elif not dry_run:
        _finish(batch, report, content, file_name, file_format, user, dry_run, valid_rows_only)
    return report


def _record(batch, content, file_name, file_format, user, valid_rows_only):
    if batch is not None:
        return batch
    return RegistryImport.objects.create(
        user=user,
        file_name=file_name,
        file_format=file_format,
        sha256=hashlib.sha256(content or b"").hexdigest(),
        valid_rows_only=valid_rows_only,
        status=RegistryImport.Status.RUNNING,
    )


def _finish(batch, report, content, file_name, file_format, user, dry_run, valid_rows_only):
    """Record the outcome of a real run (a failed one too: what was tried, and why nothing was written)."""
    if dry_run:
        return
    batch = _record(batch, content, file_name, file_format, user, valid_rows_only)
    batch.status = RegistryImport.Status.DONE if report.written else RegistryImport.Status.FAILED
    batch.total_rows = batch.processed_rows = report.total_rows
    batch.created, batch.updated, batch.unchanged = report.created, report.updated, report.unchanged
    batch.error_rows = len(report.error_rows)
    batch.message = report.summary()
    batch.finished_at = timezone.now()
    batch.content = None  # the file is kept only while it waits for confirmation
    batch.save()
