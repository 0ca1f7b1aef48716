"""PostgreSQL: a stored tsvector (weights A title, C body) with a GIN index, and a title-only tsvector with its
own GIN index (migration 0002). Not Wagtail's stock database backend, which ranks every match from its index
table through a join (wagtail#6546).

Reading every matching row is what makes a word found in most articles slow, for the count and for the ranking
alike. So, from the planner's estimate of the matches (PostgreSQL keeps statistics of the lexemes):
- up to EXACT_UP_TO matches the count is exact and every match is ranked: an exact register number first,
  then ts_rank (title and service name weigh more than the body);
- above, the count shown is the planner's estimate ("about N"), and the order is: title matches (ranked by
  ts_rank on the small title vector when they are few, newest first otherwise), then body matches, newest
  first, each stopping after one page of results.
- When the estimate is far above EXACT_UP_TO (COUNT_UP_TO), the matches are not even counted up to it: the
  planner reads such a word's rows in table order until it has them, each with its large vector (31 ms at
  15,000 matches in 100,000 articles, against 0.5 ms for the estimate).
- Newest-first body matches come from the primary key read backwards while matches are dense, and from the GIN
  index, sorted, while they are sparse (BACKWARDS_FROM): backwards, 1,000 matches in 100,000 articles mean
  reading about a hundred rows per match.
"""

from django.db import connection

from . import Syntax, exact_number_sql, query_text

EXACT_UP_TO = 1000
COUNT_UP_TO = 3 * EXACT_UP_TO
BACKWARDS_FROM = 5 * EXACT_UP_TO
TSQUERY = Syntax(quote="'", any=" | ", all=" & ")  # to_tsquery's


class PostgresBackend:
    vendor = "postgresql"
    source = "FROM search_searchdocument d, to_tsquery('simple', %s) AS q(query) WHERE "

    def search(self, query, filters, *, any_clause=False, limit=10, offset=0):
        """(count, ids of the page, whether the count is an estimate)."""
        conditions, params = filters.sql()
        params = [query_text(query.clauses, TSQUERY, any_clause), *params]
        where = " AND ".join(["d.vector @@ q.query", *conditions])
        with connection.cursor() as cursor:
            estimate = self._estimate(cursor, where, params)
            if estimate > COUNT_UP_TO and not query.numbers:
                return estimate, self._common(cursor, where, params, limit, offset, estimate), True
            # Counting stops one past EXACT_UP_TO: a word in most articles is not counted row by row.
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 {self.source}{where} LIMIT %s) AS matches", [*params, EXACT_UP_TO + 1]
            )
            count = cursor.fetchone()[0]
            if count > EXACT_UP_TO and not query.numbers:
                estimate = max(estimate, count)
                return estimate, self._common(cursor, where, params, limit, offset, estimate), True
            if count > EXACT_UP_TO:
                cursor.execute(f"SELECT count(*) {self.source}{where}", params)
                count = cursor.fetchone()[0]
            if not count or offset >= count:
                return count, [], False
            exact, exact_params = exact_number_sql(query.numbers)
            cursor.execute(
                f"SELECT d.id, {exact} AS exact, ts_rank(d.vector, q.query) AS score {self.source}{where} "
                "ORDER BY exact DESC, score DESC, d.id LIMIT %s OFFSET %s",
                [*exact_params, *params, limit, offset],
            )
            return count, [row[0] for row in cursor.fetchall()], False

    def _estimate(self, cursor, where, params):
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 {self.source}{where}", params)
        plan = cursor.fetchone()[0]
        return int(plan[0]["Plan"]["Plan Rows"])

    def _common(self, cursor, where, params, limit, offset, estimate):
        """One page for a query matching very many documents: title matches first, then the body's."""
        title_order = (
            "ts_rank(d.title_vector, q.query) DESC, d.id DESC" if estimate <= 10 * EXACT_UP_TO else "d.id DESC"
        )
        in_title = f"SELECT d.id {self.source}{where} AND d.title_vector @@ q.query ORDER BY {title_order}"
        body_order = "d.id DESC" if estimate >= BACKWARDS_FROM else "d.id + 0 DESC"  # + 0: not by the primary key
        in_body = f"SELECT d.id {self.source}{where} AND NOT (d.title_vector @@ q.query) ORDER BY {body_order}"
        if offset == 0:  # the first page, in one round trip
            first_page = f"(SELECT 0, id FROM ({in_title} LIMIT %s) AS t) UNION ALL "
            first_page += f"(SELECT 1, id FROM ({in_body} LIMIT %s) AS b)"
            cursor.execute(first_page, [*params, limit, *params, limit])
            rows = cursor.fetchall()
            return ([pk for tier, pk in rows if tier == 0] + [pk for tier, pk in rows if tier == 1])[:limit]
        cursor.execute(f"{in_title} LIMIT %s", [*params, offset + limit])
        titled = [row[0] for row in cursor.fetchall()]
        page = titled[offset : offset + limit]
        if len(titled) < offset + limit:
            cursor.execute(f"{in_body} LIMIT %s OFFSET %s", [*params, limit - len(page), max(0, offset - len(titled))])
            page += [row[0] for row in cursor.fetchall()]
        return page
