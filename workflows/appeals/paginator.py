"""Paging through millions of appeals without counting them all on every page.

On PostgreSQL nothing is counted in full: the whole table's size comes from its statistics
(`pg_class.reltuples`, kept fresh by autovacuum); a filtered or searched listing is counted only up to
`EXACT_UP_TO` rows (a bounded count: `SELECT COUNT(*) FROM (… LIMIT 1001)`), and beyond that shown as
"about N" from the planner's estimate (`EXPLAIN`, no rows read). SQLite, the small embedded default, is simply counted.
"""

import json

from django.db import connection
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.paginator import WagtailPaginator

EXACT_UP_TO = 1_000


def estimated_rows(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])
        row = cursor.fetchone()
    return max(row[0], 0) if row else 0


def planner_rows(queryset):
    """How many rows PostgreSQL's planner expects `queryset` to return (no rows are read)."""
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(WagtailPaginator):
    """A Wagtail paginator whose `count` never scans the whole table or all the matches."""

    is_estimate = False

    @cached_property
    def count(self):
        queryset = self.object_list
        if connection.vendor != "postgresql" or not hasattr(queryset, "query"):
            return super().count
        if not queryset.query.where:
            estimate = estimated_rows(queryset.model._meta.db_table)
            if estimate > EXACT_UP_TO:
                self.is_estimate = True
                return estimate
        bounded = queryset.order_by()[: EXACT_UP_TO + 1].count()
        if bounded <= EXACT_UP_TO:
            return bounded
        self.is_estimate = True
        return max(planner_rows(queryset), bounded)

    @cached_property
    def items_count_label(self):
        count = self.count
        if self.is_estimate:
            return _("about %(count)s %(items)s") % {"count": f"{count:,}", "items": self.verbose_name_plural}
        return super().items_count_label
