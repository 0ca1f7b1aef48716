"""Importing the registry in bulk: every row checked, then written in one transaction, all or nothing
(unless "valid rows only"), with an audit row for every service created or changed.

The file is streamed in chunks of CHUNK rows: each chunk is compared with the registry and written
with multi-row statements (INSERT … VALUES (…), (…) … ON CONFLICT (register_number) DO UPDATE, the
same SQL on SQLite and PostgreSQL). A row error anywhere rolls the whole transaction back. Bulk writes bypass
django-auditlog's signals, so every created or changed service gets a RegistryImportChange row with
its field-by-field changes, in the same transaction.

The rows themselves are read and checked by `import_rows`; this module compares them with the registry and
writes them.
"""

import gc
import hashlib
import json
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .columns import MODEL_FIELDS
from .import_rows import RegistryFileError, check_rows, map_headers, read_rows
from .models import PublicService, RegistryImport, RegistryImportChange

CHUNK = 5000
PREVIEW_LIMIT = 500
UPDATABLE = [name for name in MODEL_FIELDS if name != "register_number"]
DEFAULTS = {name: ("" if name != "bylaw_date" else None) for name in MODEL_FIELDS}


@dataclass
class ImportReport:
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_rows: list = field(default_factory=list)  # RowResult with errors
    changes: list = field(default_factory=list)  # the first PREVIEW_LIMIT (row, number, action, {field: [old, new]})
    written: bool = False
    file_error: str = ""
    columns: list = field(default_factory=list)  # the column keys the file has (absent ones change nothing)

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


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _existing(numbers):
    """{register_number: (id, {field: value}, providers)} for the numbers already in the registry.

    Plain SQL with one array parameter on PostgreSQL: an IN list of 5,000 placeholders costs the driver
    more to prepare than the query costs the database.
    """
    quote = connection.ops.quote_name
    table = quote(PublicService._meta.db_table)
    through = quote(PublicService.providers.through._meta.db_table)
    date_index = MODEL_FIELDS.index("bylaw_date")
    match, params = _in(numbers)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {', '.join(map(quote, MODEL_FIELDS))} FROM {table} WHERE register_number {match}", params
        )
        by_id = {}
        for pk, *values in cursor.fetchall():
            values[date_index] = _as_date(values[date_index])
            by_id[pk] = dict(zip(MODEL_FIELDS, values, strict=True))
        providers = {}
        if by_id:
            match, params = _in(list(by_id))
            cursor.execute(
                f"SELECT publicservice_id, statebody_id FROM {through} WHERE publicservice_id {match}", params
            )
            for service_id, body_id in cursor.fetchall():
                providers.setdefault(service_id, []).append(body_id)
    return {row["register_number"]: (pk, row, tuple(sorted(providers.get(pk, ())))) for pk, row in by_id.items()}


def _as_date(value):
    """SQLite hands dates back as text."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _diff(result, current):
    """{field: [old, new]} of what the row changes; a column the file lacks changes nothing."""
    if current is None:
        diff = {name: [None, _json(value)] for name, value in result.values.items()}
        old_providers = ()
    else:
        old_values, old_providers = current[1], current[2]
        diff = {
            name: [_json(old_values[name]), _json(value)]
            for name, value in result.values.items()
            if old_values[name] != value
        }
    if result.providers is not None and result.providers != old_providers:
        diff["providers"] = [list(old_providers), list(result.providers)]
    return diff


def _json(value):
    return value.isoformat() if type(value) is date else value


def _plan(results, existing):
    """[(result, full values, action, diff)] for the rows that create or change a service."""
    plan = []
    for result in results:
        current = existing.get(result.values["register_number"])
        diff = _diff(result, current)
        if current and not diff:
            continue
        merged = {**(current[1] if current else DEFAULTS), **result.values}
        plan.append((result, merged, "update" if current else "create", diff))
    return plan


MAX_PARAMS = 30_000  # under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement


def _copy_rows(cursor, table, columns, rows, upsert_tail=""):
    """PostgreSQL: COPY the rows in (straight into `table`, or through a temporary table when they
    must be upserted): several times faster than any INSERT, and no query text to build."""
    raw = cursor.cursor  # psycopg's own cursor under Django's wrapper
    target = table
    if upsert_tail:
        target = "ucc_import_rows"
        raw.execute(
            f"CREATE TEMPORARY TABLE {target} ON COMMIT DROP AS SELECT {', '.join(columns)} FROM {table} WITH NO DATA"
        )
    with raw.copy(f"COPY {target} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    if upsert_tail:
        raw.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM {target} {upsert_tail}"
        )
        raw.execute(f"DROP TABLE {target}")


def _insert_many(cursor, table, columns, rows, tail=""):
    """INSERT with many rows per statement: one round trip per ~30,000 values instead of one per row."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy_rows(cursor, table, columns, rows, tail)
        return
    head = f"INSERT INTO {table} ({', '.join(columns)})"
    width = len(rows[0])
    per_statement = max(1, MAX_PARAMS // width)
    row_sql = "(" + ", ".join(["%s"] * width) + ")"
    for start in range(0, len(rows), per_statement):
        part = rows[start : start + per_statement]
        cursor.execute(f"{head} VALUES {', '.join([row_sql] * len(part))} {tail}", [v for row in part for v in row])


def _in(values):
    """(SQL, params) matching a column against a list: one array parameter on PostgreSQL, IN (…) elsewhere."""
    if connection.vendor == "postgresql":
        return "= ANY(%s)", [list(values)]
    return f"IN ({', '.join(['%s'] * len(values))})", list(values)


class _Writer:
    """Multi-row upserts in plain SQL (the ORM's per-value work would cost more than the database's)."""

    def __init__(self, batch):
        self.batch = batch
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        quote = connection.ops.quote_name
        self.service_table = quote(PublicService._meta.db_table)
        # A new service starts "not accepted" (the onboarding protocol moves it on); an update keeps its status.
        columns = [*MODEL_FIELDS, "updated_at", "ucc_status"]
        kept = {"register_number", "ucc_status"}
        self.service_columns = [quote(column) for column in columns]
        self.upsert_tail = f"ON CONFLICT ({quote('register_number')}) DO UPDATE SET " + ", ".join(
            f"{quote(c)} = excluded.{quote(c)}" for c in columns if c not in kept
        )
        self.through_table = quote(PublicService.providers.through._meta.db_table)
        self.audit_table = quote(RegistryImportChange._meta.db_table)

    def write(self, plan):
        adapt_date = connection.ops.adapt_datefield_value
        rows = [
            [adapt_date(merged[name]) if name == "bylaw_date" else merged[name] for name in MODEL_FIELDS]
            + [self.now, PublicService.UccStatus.NOT_ACCEPTED]
            for _, merged, _, _ in plan
        ]
        with connection.cursor() as cursor:
            _insert_many(cursor, self.service_table, self.service_columns, rows, self.upsert_tail)
            ids = self._ids(cursor, [merged["register_number"] for _, merged, _, _ in plan])
            self._providers(cursor, plan, ids)
            audit = [
                (
                    self.batch.pk,
                    result.row_number,
                    merged["register_number"],
                    action,
                    json.dumps(diff, ensure_ascii=False),
                )
                for result, merged, action, diff in plan
            ]
            _insert_many(
                cursor, self.audit_table, ["batch_id", "row_number", "register_number", "action", "changes"], audit
            )

    def _ids(self, cursor, numbers):
        match, params = _in(numbers)
        cursor.execute(f"SELECT register_number, id FROM {self.service_table} WHERE register_number {match}", params)
        return dict(cursor.fetchall())

    def _providers(self, cursor, plan, ids):
        touched = [
            (ids[merged["register_number"]], result.providers)
            for result, merged, _, _ in plan
            if result.providers is not None
        ]
        if not touched:
            return
        service_ids = [service_id for service_id, _ in touched]
        match, params = _in(service_ids)
        cursor.execute(f"DELETE FROM {self.through_table} WHERE publicservice_id {match}", params)
        _insert_many(
            cursor,
            self.through_table,
            ["publicservice_id", "statebody_id"],
            [(sid, body) for sid, bodies in touched for body in bodies],
        )


@contextmanager
def _no_cyclic_gc():
    """A bulk import allocates millions of small, acyclic objects: the cyclic garbage collector would
    walk the whole (large) heap every few thousand of them, a fifth of the import's time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_registry(content, file_format, **options):
    """Check a registry file and, unless dry_run, write it: see _import_registry."""
    with _no_cyclic_gc():
        return _import_registry(content, file_format, **options)


def _import_registry(
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

    Upserts by register number. `progress(done, total)` is called after every chunk. Returns an
    ImportReport; every real run (failed ones too) is recorded as a RegistryImport.
    """
    report = ImportReport()
    try:
        headers, rows, total = read_rows(content, file_format)
        report.columns = [key for key in map_headers(headers) if key]
        results = check_rows(headers, rows)
        with nullcontext() if dry_run else transaction.atomic():
            writer = (
                None if dry_run else _Writer(_record(batch, content, file_name, file_format, user, valid_rows_only))
            )
            for chunk in _chunks(results, CHUNK):
                _take_chunk(chunk, report, writer, valid_rows_only)
                if progress:
                    progress(report.total_rows, max(total, report.total_rows))
            if not report.total_rows:
                report.file_error = _("The file has headers but no rows.")
            report.written = bool(writer) and not report.file_error and (valid_rows_only or not report.error_rows)
            if writer and not report.written:
                transaction.set_rollback(True)
            elif writer:
                batch = writer.batch
    except RegistryFileError as exc:
        report.file_error = str(exc)
    if not dry_run:
        _finish(batch, report, content, file_name, file_format, user, valid_rows_only)
    return report


def _take_chunk(chunk, report, writer, valid_rows_only):
    report.total_rows += len(chunk)
    errors = [result for result in chunk if result.errors]
    for result in errors:
        result.values = {}  # a file of 100,000 bad rows keeps only their numbers and messages in memory
    report.error_rows.extend(errors)
    valid = [result for result in chunk if not result.errors]
    plan = _plan(valid, _existing([result.values["register_number"] for result in valid]))
    created = sum(1 for entry in plan if entry[2] == "create")
    report.created += created
    report.updated += len(plan) - created
    report.unchanged += len(valid) - len(plan)
    room = PREVIEW_LIMIT - len(report.changes)
    report.changes.extend((r.row_number, m["register_number"], a, d) for r, m, a, d in plan[: max(room, 0)])
    if writer and plan and (valid_rows_only or not report.error_rows):
        writer.write(plan)


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


def _finish(batch, report, content, file_name, file_format, user, valid_rows_only):
    """Record the outcome of a real run (a failed one too: what was tried, and why nothing was written)."""
    if batch is None or not RegistryImport.objects.filter(pk=batch.pk).exists():
        batch = _record(None, content, file_name, file_format, user, valid_rows_only)
    batch.status = RegistryImport.Status.DONE if report.written else RegistryImport.Status.FAILED
    batch.total_rows = batch.processed_rows = report.total_rows
    batch.created, batch.updated, batch.unchanged = report.created, report.updated, report.unchanged
    batch.error_rows = len(report.error_rows)
    batch.message = report.summary()
    batch.finished_at = timezone.now()
    batch.content = None  # the file is kept only while it waits for confirmation
    batch.save()
