"""The "Configuration" screens: the process terms (paras 7, 8, 14, 20-23, 26-28, 31, 32, 38, 39), a term's
change form with its history, and the configuration history of every registered model (issue 20, items 2, 8).

Thin: reads through `selectors` and `calendar.terms`, writes through `services.change_term`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.accounts.admin_views import refusing_with
from workflows.calendar.models import Term
from workflows.calendar.terms import DEFINITIONS, term

from . import selectors, services
from .forms import TermChangeForm
from .registry import registered_models

VIEW_TERMS = "calendar.view_term"
CHANGE_TERMS = "calendar.add_term"
VIEW_HISTORY = "auditlog.view_logentry"
refusing = refusing_with("configuration/forbidden.html")


def require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _rows(today):
    changes = {}
    for change in Term.objects.filter(effective_from__gt=today).order_by("effective_from"):
        changes.setdefault(change.key, change)
    return [{"definition": d, "today": term(d.key, on=today), "next": changes.get(d.key)} for d in DEFINITIONS.values()]


@refusing
def terms_index(request):
    require(request, VIEW_TERMS)
    today = timezone.localdate()
    context = {
        "page_title": _("Process terms"),
        "header_icon": "time",
        "rows": _rows(today),
        "today": today,
        "may_change": request.user.has_perm(CHANGE_TERMS),
    }
    return TemplateResponse(request, "configuration/terms.html", context)


@refusing
def term_detail(request, key):
    require(request, VIEW_TERMS)
    definition = DEFINITIONS.get(key)
    if definition is None:
        raise Http404
    may_change = request.user.has_perm(CHANGE_TERMS)
    form = TermChangeForm(request.POST or None, definition=definition)
    if request.method == "POST":
        require(request, CHANGE_TERMS)
        if form.is_valid():
            try:
                services.change_term(key=key, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                return redirect("configuration_term", key=key)
    today = timezone.localdate()
    context = {
        "page_title": definition.label,
        "header_icon": "time",
        "definition": definition,
        "today_value": term(key, on=today),
        "changes": Term.objects.filter(key=key).select_related("changed_by").order_by("-effective_from"),
        "form": form if may_change else None,
        "today": today,
    }
    return TemplateResponse(request, "configuration/term.html", context)


@refusing
def history(request):
    """Who changed which configuration when, and the fields before and after (django-auditlog)."""
    require(request, VIEW_HISTORY)
    models = {model._meta.label_lower: model for model in registered_models()}
    chosen = models.get(request.GET.get("model", ""))
    entries = selectors.configuration_history(model=chosen)
    context = {
        "page_title": _("Configuration history"),
        "header_icon": "history",
        "page": Paginator(entries, 50).get_page(request.GET.get("p")),
        "models": [(label, model._meta.verbose_name_plural) for label, model in models.items()],
        "chosen": request.GET.get("model", ""),
    }
    return TemplateResponse(request, "configuration/history.html", context)


urlpatterns = [
    path("configuration/terms/", terms_index, name="configuration_terms"),
    path("configuration/terms/<slug:key>/", term_detail, name="configuration_term"),
    path("configuration/history/", history, name="configuration_history"),
]
