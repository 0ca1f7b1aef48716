"""PostgreSQL only: the indexes behind the operators' searches on millions of appeals.

- `search_words`, a stored generated tsvector column with the words of the applicant's name and of the
  content ('simple' configuration: kk/ru/en as written), and its GIN index. Stored, so a listing that walks
  the appeals newest first tests each row's words without parsing its text again. Words, not trigrams: a
  name's trigrams ("ОВ", "ИЧ") are shared by most rows. The column is PostgreSQL's alone (no model field):
  `selectors.search` queries it on PostgreSQL and uses `icontains` elsewhere.
- applicant_phone_digits with pg_trgm: a phone by its last digits (LIKE '%…').
"""

from django.db import migrations

STATEMENTS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE appeals_appeal ADD COLUMN IF NOT EXISTS search_words tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, COALESCE(applicant_name, '') || ' ' || COALESCE(content, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS appeal_search_words ON appeals_appeal USING gin (search_words)",
    "CREATE INDEX IF NOT EXISTS appeal_phone_trgm ON appeals_appeal "
    "USING gin ((applicant_phone_digits::text) gin_trgm_ops)",
]
REVERSE = [
    "DROP INDEX IF EXISTS appeal_phone_trgm",
    "DROP INDEX IF EXISTS appeal_search_words",
    "ALTER TABLE appeals_appeal DROP COLUMN IF EXISTS search_words",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in STATEMENTS:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in REVERSE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
