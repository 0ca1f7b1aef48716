"""The three places search is used, all through selectors.search(): the public page (public content of the
current language), the API (public content, any or one language) and the operators' screen in the admin
(everything, the Knowledge Base included, with filters). Views stay thin."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .backends import Filters
from .forms import AdminSearchForm
from .selectors import language_or_default, search

PUBLIC_PAGE_SIZE = 10
API_PAGE_SIZE = 20
ADMIN_PAGE_SIZE = 20


def _page_number(request):
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() else 1


def public_search(request):
    """/<lang>/search/?q=: public pages of the current language; the Knowledge Base is never searched."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    text = request.GET.get("q", "")
    results = search(text, filters=Filters(language=language), page=_page_number(request), per_page=PUBLIC_PAGE_SIZE)
    query_string = urlencode({"q": text}) if text else ""
    languages = [
        {
            "code": code,
            "name": name,
            "url": f"/{code}/search/" + (f"?{query_string}" if query_string else ""),
            "current": code == language,
        }
        for code, name in settings.LANGUAGES
    ]
    return render(
        request,
        "search/search.html",
        {"results": results, "query": text, "page_languages": languages, "query_string": query_string},
    )


def api_search(request):
    """GET /api/v2/search/?q=&lang=&page=: public pages only, as JSON."""
    language = language_or_default(request.GET.get("lang", ""))
    results = search(
        request.GET.get("q", ""),
        filters=Filters(language=language),
        page=_page_number(request),
        per_page=API_PAGE_SIZE,
    )
    return JsonResponse(
        {
            "meta": {
                "query": results.text,
                "lang": language or None,
                "total_count": results.count,
                "total_count_is_estimate": results.count_is_estimate,
                "page": results.page,
                "matched_all_words": results.matched_all_words,
                "corrections": results.corrections,
            },
            "items": [
                {
                    "id": hit.document.page_id,
                    "title": hit.document.title,
                    "url": hit.document.url,
                    "language": hit.document.language,
                    "type": hit.document.kind,
                    "register_numbers": hit.register_numbers(),
                    "title_html": str(hit.title_html),
                    "snippet_html": str(hit.snippet_html),
                }
                for hit in results.hits
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


class SearchAPIEndpoint:
    """Plugs api_search into Wagtail's API router (ucc_site/api.py) as /api/v2/search/."""

    model = type("NotAModel", (), {})

    @classmethod
    def get_urlpatterns(cls):
        return [path("", api_search, name="listing")]


def admin_search(request):
    """The operators' one search box: register number, service name or words; filters; snippets."""
    form = AdminSearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        filters = Filters(
            public_only=False,
            language=data["language"],
            topic=data["topic"],
            audience=data["audience"],
            service_id=data["service"].pk if data["service"] else None,
        )
        results = search(data["q"], filters=filters, page=_page_number(request), per_page=ADMIN_PAGE_SIZE)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "search/admin_search.html",
        {"form": form, "results": results, "query_string": params.urlencode(), "page_title": _("Search")},
    )
