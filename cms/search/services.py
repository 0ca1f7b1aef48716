"""Writing the index. Called from tasks (django-q), never from the editor's request: see receivers.py."""

from django.apps import apps
from django.db import IntegrityError, transaction
from modelsearch.backends import get_search_backends_with_name
from wagtail.models import Page
from wagtail.search import index as wagtail_index

from . import analysis, kazakh, selectors
from .documents import page_document
from .models import SearchDocument, SearchTerm


def analysed(fields):
    """`fields` with the terms of the title (title, service names and numbers) and of the body added."""
    language = fields["language"]
    title_text = " ".join([fields["title"], fields.get("service_names", ""), fields.get("register_numbers", "")])
    return {
        **fields,
        "title_terms": analysis.index_terms(title_text, language),
        "body_terms": analysis.index_terms(fields.get("body_text", ""), language),
    }


def add_terms(*term_strings):
    """Record the terms in the vocabulary (typo and Kazakh-letter correction look there)."""
    terms = {term for text in term_strings for term in text.split() if len(term) <= 64}
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=term, folded=kazakh.fold(term)) for term in terms], ignore_conflicts=True, batch_size=1000
    )


@transaction.atomic
def index_page(*, page_id):
    """Bring the index in line with the page as it is now: indexed if live, removed otherwise. Idempotent."""
    page = Page.objects.filter(pk=page_id).specific().first()
    if page is None or not page.live or page.is_root() or page.depth < 2:
        SearchDocument.objects.filter(page_id=page_id).delete()
        return None
    fields = analysed(page_document(page))
    services = fields.pop("services")
    document, _ = SearchDocument.objects.update_or_create(page_id=page_id, defaults=fields)
    document.services.set(services)
    add_terms(fields["title_terms"], fields["body_terms"])
    return document


def index_subtree(*, page_id):
    """Re-index a page and everything under it (after a move: the URLs changed)."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    ids = list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))
    for pk in ids:
        index_page(page_id=pk)
    return len(ids)


def index_service_pages(*, service_id=None):
    """Re-index the pages that still show an old name or register number of `service_id` (of any service
    when None): a service's name and number are part of its pages' documents and rank them (weight A)."""
    ids = selectors.pages_naming_old_services(service_id)
    for pk in ids:
        index_page(page_id=pk)
    return len(ids)


def update_wagtail_index(*, app_label, model_name, pk):
    """Bring Wagtail's own index in line with one object (a page deleted since went out with its row).

    Two workers may update the same page at once (a publish saves it twice, so two tasks). Wagtail's SQLite
    backend reads which entries exist, then inserts the missing ones: the slower worker's insert then breaks
    the unique (content type, object) pair. Its write is tried once more, and now finds the entry to update;
    PostgreSQL's backend upserts and never meets this."""
    instance = apps.get_model(app_label, model_name).objects.filter(pk=pk).first()
    indexed = wagtail_index.get_indexed_instance(instance) if instance is not None else None
    if indexed is None:
        return instance is not None
    for _name, backend in get_search_backends_with_name(with_auto_update=True):
        _add_to_wagtail_index(backend, indexed)
    return True


def _add_to_wagtail_index(backend, instance):
    try:
        with transaction.atomic():
            backend.add(instance)
    except IntegrityError:
        with transaction.atomic():
            backend.add(instance)  # the other worker's entry is there now: updated, not inserted


def rebuild_index():
    """Index every live page and drop documents of pages that are gone or no longer live; returns the count."""
    live = set(Page.objects.live().filter(depth__gte=2).values_list("pk", flat=True))
    SearchDocument.objects.exclude(page_id__in=live).delete()
    for pk in sorted(live):
        index_page(page_id=pk)
    return len(live)


def add_document(**fields):
    """Index a document that is not a page (the recall set, benchmarks); `fields` as page_document() gives."""
    fields = analysed({"kind": "", "is_public": True, "url": "", "register_numbers": "", **fields})
    services = fields.pop("services", [])
    document = SearchDocument.objects.create(**fields)
    if services:
        document.services.set(services)
    add_terms(fields["title_terms"], fields["body_terms"])
    return document
