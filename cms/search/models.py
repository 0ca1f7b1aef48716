"""The search index: one row per live page, with the terms the analysis (analysis.py) made of it.

The backend-specific full-text structures are kept by the database itself from `title_terms` and
`body_terms` (migration 0002): on PostgreSQL a stored, generated `tsvector` column with a GIN index
(weight A for the title and the service's name and number, C for the body), on SQLite an FTS5 table kept in
step by triggers. Django writes only this table.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """What search knows of one page: its text, its terms, and what it may be filtered by."""

    page = models.OneToOneField("wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8, db_index=True)
    kind = models.CharField(max_length=64, help_text="The page type, e.g. services.servicepage")
    is_public = models.BooleanField(default=False, db_index=True)
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=500, blank=True)
    # " 00101001 00101002 ": spaces round every number, so an exact number is a LIKE '% n %'.
    register_numbers = models.CharField(max_length=500, blank=True)
    service_names = models.TextField(blank=True)
    topic = models.CharField(max_length=32, blank=True)
    audience = models.CharField(max_length=32, blank=True)
    services = models.ManyToManyField("registry.PublicService", blank=True, related_name="+")
    body_text = models.TextField(blank=True, help_text="Plain text, for the snippets shown with a result")
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")

    def __str__(self):
        return self.title


class SearchTerm(models.Model):
    """Every term the index holds, with its Kazakh-folded form: the vocabulary typo and letter correction
    look in (a term may outlive its last document; a correction to it then simply finds nothing)."""

    term = models.CharField(max_length=64, unique=True)
    folded = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self):
        return self.term


class SynonymGroup(models.Model):
    """Words and abbreviations that mean the same (ЭЦП, ЭЦҚ, EDS, электронная цифровая подпись), applied
    when a query is read: a query with any of them finds documents with any other."""

    terms = models.TextField(
        _("terms"),
        help_text=_("One term or phrase per line (or separated by commas), in any language."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("synonyms")
        verbose_name_plural = _("synonyms")

    def __str__(self):
        return ", ".join(self.term_list())[:120]

    def term_list(self):
        return [part.strip() for line in self.terms.splitlines() for part in line.split(",") if part.strip()]
