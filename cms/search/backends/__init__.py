"""Full-text backends over the same index table and the same terms: PostgreSQL (tsvector + GIN) and SQLite
(FTS5). `UCC_SEARCH_BACKEND = "database"` (the default) picks the one of the database in use; OpenSearch, the
documented scale-out option, is described in opensearch.py.

A backend answers one question: for a Query (query.py) and Filters, which documents match, in what order,
and how many are there. Filters and ordering are plain SQL shared by both backends: a register number typed
exactly comes first, then the backend's relevance (title and service name weigh more than the body).
"""

from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class Filters:
    language: str = ""
    public_only: bool = True
    kind: str = ""
    topic: str = ""
    audience: str = ""
    service_id: int | None = None

    def sql(self):
        """WHERE conditions on search_searchdocument AS d, and their parameters."""
        conditions, params = [], []
        if self.public_only:
            conditions.append("d.is_public = %s")
            params.append(True)
        for column in ("language", "kind", "topic", "audience"):
            value = getattr(self, column)
            if value:
                conditions.append(f"d.{column} = %s")
                params.append(value)
        if self.service_id:
            conditions.append(
                "EXISTS (SELECT 1 FROM search_searchdocument_services s "
                "WHERE s.searchdocument_id = d.id AND s.publicservice_id = %s)"
            )
            params.append(self.service_id)
        return conditions, params


@dataclass(frozen=True)
class Syntax:
    """How a backend writes a query: the quote around a term and the words joining alternatives and words."""

    quote: str
    any: str
    all: str


def query_text(clauses, syntax, any_clause=False):
    """The backend's text for a Query's tree (query.py): every clause (any of them with `any_clause`), each of
    alternatives, each of words that must all match, each word any of its terms. Every term is quoted, and
    terms are only letters and digits."""

    def word(terms):
        return "(" + syntax.any.join(f"{syntax.quote}{term}{syntax.quote}" for term in sorted(terms)) + ")"

    def alternative(words):
        return "(" + syntax.all.join(word(terms) for terms in words) + ")"

    def clause(alternatives):
        return "(" + syntax.any.join(alternative(words) for words in alternatives) + ")"

    return (syntax.any if any_clause else syntax.all).join(clause(c) for c in clauses)


def exact_number_sql(numbers):
    """1 for a document whose service has exactly one of the register numbers typed, else 0."""
    if not numbers:
        return "0", []
    conditions = " OR ".join("d.register_numbers LIKE %s" for _ in numbers)
    return f"CASE WHEN {conditions} THEN 1 ELSE 0 END", [f"% {number} %" for number in numbers]


def get_backend():
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    from .sqlite import SqliteBackend

    return SqliteBackend()
