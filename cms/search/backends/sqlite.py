"""SQLite: an FTS5 table over the analysed terms (migration 0002), ranked by BM25 with the title column
weighing ten times the body."""

from django.db import connection

from . import Syntax, exact_number_sql, query_text

TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
FTS5 = Syntax(quote='"', any=" OR ", all=" AND ")  # the MATCH expression's


class SqliteBackend:
    vendor = "sqlite"

    def search(self, query, filters, *, any_clause=False, limit=10, offset=0):
        """(count, ids of the page, whether the count is an estimate: never here)."""
        conditions, params = filters.sql()
        where = " AND ".join(["search_document_fts MATCH %s", *conditions])
        match = query_text(query.clauses, FTS5, any_clause)
        exact, exact_params = exact_number_sql(query.numbers)
        body = (
            f"FROM search_document_fts JOIN search_searchdocument d ON d.id = search_document_fts.rowid WHERE {where}"
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {body}", [match, *params])
            count = cursor.fetchone()[0]
            if not count:
                return 0, [], False
            cursor.execute(
                f"SELECT d.id, {exact} AS exact, bm25(search_document_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score "
                f"{body} ORDER BY exact DESC, score ASC, d.id LIMIT %s OFFSET %s",
                [*exact_params, match, *params, limit, offset],
            )
            return count, [row[0] for row in cursor.fetchall()], False
