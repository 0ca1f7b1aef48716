"""The public side of a form page: the form, the bot protection and rate limit of the built-in public appeal
form (`appeals.citizen_views`: the same counter per client address, so the two forms share one allowance), the
registration, and the receipt (an appeal's is the built-in form's receipt page; an ICT request's is the page's
own). Served through Wagtail's `before_serve_page` hook (`wagtail_hooks.py`)."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from workflows.appeals.citizen_views import RECEIPT_KEY, count_sent, over_rate_limit
from workflows.appeals.forms import fill_started_token
from workflows.ict.models import IctRequest

from . import services
from .choices import Target

ICT_RECEIPT_KEY = "webforms:ict-request"


def _blank_form(page, request):
    return page.get_form(page=page, user=request.user, initial={"started": fill_started_token()})


def _render(page, request, form, *, status=200, **extra):
    context = page.get_context(request)
    context.update(form=form, **extra)
    return TemplateResponse(request, page.get_template(request), context, status=status)


def serve_form(page, request):
    """The page's answer, never cached (each form carries its own signed start time)."""
    response = _serve(page, request)
    add_never_cache_headers(response)
    return response


def _serve(page, request):
    if request.method == "GET" and "received" in request.GET and page.target == Target.ICT_REQUEST:
        return _receipt(page, request)
    if request.method != "POST":
        return _render(page, request, _blank_form(page, request))
    if over_rate_limit(request):
        refused = _("Too many forms were sent from your address. Please try again in an hour.")
        return _render(page, request, _blank_form(page, request), status=429, refused=refused)
    form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
    if form.is_valid():
        try:
            record = services.submit(page, form.cleaned_data, language=translation.get_language())
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            count_sent(request)
            if page.target == Target.ICT_REQUEST:
                request.session[ICT_RECEIPT_KEY] = record.pk
                return redirect(page.url + "?received=1")
            request.session[RECEIPT_KEY] = record.pk
            return redirect("appeal_registered")  # the built-in form's receipt: number and deadline
    form.data = form.data.copy()
    form.data["started"] = fill_started_token()
    return _render(page, request, form)


def _receipt(page, request):
    ict_request = IctRequest.objects.filter(pk=request.session.get(ICT_RECEIPT_KEY)).first()
    if ict_request is None:
        return redirect(page.url)
    context = page.get_context(request)
    context["ict_request"] = ict_request
    return TemplateResponse(request, page.get_landing_page_template(request), context)
