"""Feedback on pages (issue 19, item 8; paras 9, 17): thin views over `services`.

"Was this page useful?" sits on cached public pages (cms.search.page_cache), so the form carries nothing
per visitor: no CSRF token (a token would set a cookie, and a page that sets one is never cached). The view
is therefore exempt from CSRF; it changes no account and no session, keeps no address, and each client may
answer `UCC_FEEDBACK_RATE_LIMIT` times per window. The thank-you is shown on the page reached by the
redirect, whose query string keeps it out of the cache.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from workflows.accounts import rate_limit

from . import services
from .forms import UpdateRequestForm, UsefulnessForm
from .models import KnowledgeArticlePage, UpdateRequest, is_staff_reader

RATE_REALM = "page-feedback"
THANKS = "feedback=thanks"


@csrf_exempt
@require_POST
def page_usefulness(request, page_id):
    """A visitor's yes or no; back to the page with a thank-you (or a refusal once over the limit)."""
    page = get_object_or_404(Page.objects.live().specific(), pk=page_id)
    if not getattr(page, "asks_usefulness", False) or (
        isinstance(page, KnowledgeArticlePage) and not is_staff_reader(request.user)
    ):
        raise Http404
    form = UsefulnessForm(request.POST)
    if rate_limit.over_limit(request, RATE_REALM, settings.UCC_FEEDBACK_RATE_LIMIT):
        return _back_to(page, "feedback=later")
    if form.is_valid():
        useful = form.cleaned_data["useful"] == "yes"
        services.record_usefulness(page=page, useful=useful, why=form.cleaned_data["why"])
        rate_limit.count(request, RATE_REALM, settings.UCC_FEEDBACK_RATE_WINDOW)
    return _back_to(page, THANKS)


def _back_to(page, query):
    return HttpResponseRedirect(f"{page.url}?{query}#page-feedback")


@require_POST
def raise_update_request(request, page_id):
    """Para 9: an operator's mark on an article, from the appeal screen's KB panel or the article itself."""
    if not is_staff_reader(request.user):
        raise Http404
    article = get_object_or_404(KnowledgeArticlePage, pk=page_id)
    form = UpdateRequestForm(request.POST)
    if form.is_valid():
        services.raise_update_request(page=article, user=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you: the KB editors will update “%(title)s”.") % {"title": article.title})
    else:
        messages.error(request, _("Choose why the article needs an update."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect(article.url)


@require_POST
def handle_update_request(request, pk, action):
    """An editor marks a request done or dismisses it, from the queue."""
    update_request = get_object_or_404(UpdateRequest, pk=pk)
    if action not in ("done", "dismiss"):
        raise Http404
    if services.handle_update_request(update_request=update_request, user=request.user, done=action == "done"):
        messages.success(request, _("The request is closed."))
    else:
        messages.warning(request, _("Another editor has closed this request meanwhile."))
    return redirect("kb_update_requests:index")
