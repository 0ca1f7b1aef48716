"""Reading the index: the one search used by the operators' admin screen, the public page and the API."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch

from cms.knowledge.models import KnowledgeArticlePage
from workflows.accounts.personal_data import mask_personal_data
from workflows.registry.selectors import service_names

from . import analysis, highlight
from .backends import Filters, get_backend
from .documents import service_fields
from .models import SearchDocument
from .query import parse


@dataclass
class Hit:
    document: SearchDocument
    title_html: str
    snippet_html: str

    @property
    def url(self):
        return self.document.url

    def register_numbers(self):
        return self.document.register_numbers.split()


@dataclass
class SearchResults:
    text: str
    count: int = 0
    hits: list = field(default_factory=list)
    corrections: dict = field(default_factory=dict)
    matched_all_words: bool = True
    count_is_estimate: bool = False  # "about N": PostgreSQL's estimate, for words found in very many pages
    page: int = 1
    per_page: int = 10

    @property
    def is_empty(self):
        return self.count == 0

    @property
    def first_rank(self):
        return (self.page - 1) * self.per_page + 1

    @property
    def has_next(self):
        return self.page * self.per_page < self.count

    @property
    def has_previous(self):
        return self.page > 1


def search(text, *, filters=None, page=1, per_page=10):
    """Search the index. Never raises on what a user typed: an unreadable query is an empty result.

    Every word must match; when no document has them all, documents with any of them are shown (and
    `matched_all_words` is False). Internal Knowledge Base articles are left out unless `filters` says
    `public_only=False` (the operators' screen only).
    """
    filters = filters or Filters()
    page = max(1, min(int(page or 1), 1000))
    query = parse(text)
    results = SearchResults(text=query.text, corrections=query.corrections, page=page, per_page=per_page)
    if query.is_empty:
        return results
    backend = get_backend()
    offset = (page - 1) * per_page
    count, ids, estimated = backend.search(query, filters, limit=per_page, offset=offset)
    if not count and len(query.clauses) > 1:
        count, ids, estimated = backend.search(query, filters, any_clause=True, limit=per_page, offset=offset)
        results.matched_all_words = False
    documents = SearchDocument.objects.in_bulk(ids)
    terms = query.terms()
    results.count = count
    results.count_is_estimate = estimated
    results.hits = [_hit(documents[pk], terms) for pk in ids if pk in documents]
    return results


def _hit(document, terms):
    return Hit(
        document=document,
        title_html=highlight.highlight(document.title, document.language, terms),
        snippet_html=highlight.snippet(document.body_text, document.language, terms),
    )


def language_or_default(code):
    codes = {language for language, _ in settings.LANGUAGES}
    return code if code in codes else ""


def pages_naming_old_services(service_id=None):
    """The pages whose documents still give an old name or register number of a service they are about (of
    `service_id`, of any service when None): renamed or renumbered since they were indexed."""
    documents = SearchDocument.objects.filter(page__isnull=False, services__isnull=False)
    if service_id is not None:
        documents = documents.filter(services=service_id)
    documents = (
        documents.distinct()
        .only("page_id", "language", "register_numbers", "service_names")
        .prefetch_related(Prefetch("services", queryset=service_names()))
    )
    return [document.page_id for document in documents.iterator(chunk_size=2000) if _names_old(document)]


def _names_old(document):
    now = service_fields(list(document.services.all()), document.language)
    numbers_old = set(document.register_numbers.split()) != set(now["register_numbers"].split())
    names_old = set(document.service_names.split("\n")) != set(now["service_names"].split("\n"))
    return numbers_old or names_old


SUGGESTIONS = 5
SHORT_TEXT_WORDS = 3
ARTICLE_KIND = "knowledge.knowledgearticlepage"


def knowledge_suggestions(text, *, language="", limit=SUGGESTIONS):
    """Para 9: the Knowledge Base articles that best answer what the applicant wrote (issue 19, item 3).

    The platform's own search over the text itself, in the appeal's `language` (guessed from its letters when
    the appeal has none yet: Kazakh letters, other Cyrillic, Latin), internal articles only, best first. The
    text is masked before it is searched, so a phone, e-mail or IIN typed in the content never becomes a
    query. Every word need not match (an appeal is sentences, not a query): a text of more than three words
    is searched for any of them at once, ranked as the search ranks; no snippets are made (nobody reads them).
    """
    text = mask_personal_data(text or "")
    query = parse(text)
    if query.is_empty:
        return []
    language = language_or_default(language) or guess_language(text)
    filters = Filters(language=language, public_only=False, kind=ARTICLE_KIND)
    backend, ids = get_backend(), []
    if len(query.clauses) <= SHORT_TEXT_WORDS:  # a few words may all match; a sentence will not: skip the try
        ids = backend.search(query, filters, limit=limit)[1]
    if not ids:
        ids = backend.search(query, filters, any_clause=True, limit=limit)[1]
    pages = dict(SearchDocument.objects.filter(pk__in=ids).values_list("pk", "page_id"))
    articles = KnowledgeArticlePage.objects.live().in_bulk([pages[pk] for pk in ids if pages.get(pk)])
    return [articles[pages[pk]] for pk in ids if pages.get(pk) in articles]


def guess_language(text):
    """The language a text is written in, by its letters: "kk", "ru" or "en" ("" when it has no words)."""
    words = analysis.tokens(text)
    if any(analysis.has_kazakh_letters(word) for word in words):
        return "kk"
    if any(analysis.has_cyrillic(word) for word in words):
        return "ru"
    return "en" if words else ""
