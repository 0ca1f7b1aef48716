"""The public appeal form at /<lang>/appeal/ (paras 7, 8): no account, Kazakh, Russian or English.

The citizen gets the registration number and its deadline on screen and by e-mail. Bots are kept out
without outside services (a honeypot field and a minimum fill time, see `forms.PublicAppealForm`) and
each client address (read through the trusted proxies: `workflows.accounts.client`) may send only
`UCC_APPEAL_RATE_LIMIT` forms per `UCC_APPEAL_RATE_WINDOW` seconds.
"""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from workflows.accounts.client import client_ip
from workflows.registry.models import PublicService

from . import services
from .forms import PublicAppealForm, fill_started_token
from .models import Appeal

RECEIPT_KEY = "appeals:registered"  # the session remembers the last appeal sent from this browser, for its receipt


def _limit():
    return settings.UCC_APPEAL_RATE_LIMIT, settings.UCC_APPEAL_RATE_WINDOW


def _rate_key(request):
    return f"appeals:public-form:{client_ip(request)}"


def over_rate_limit(request):
    """True once this client address has sent its window's share of appeals (a refused form costs nothing:
    a citizen who corrects a mistake twice must not be locked out for an hour)."""
    limit, _window = _limit()
    return (cache.get(_rate_key(request)) or 0) >= limit


def count_sent(request):
    """One more appeal registered from this address in the current window."""
    _limit_count, window = _limit()
    key = _rate_key(request)
    cache.add(key, 0, timeout=window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)


def language_links(current, view="appeal_form"):
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            links.append({"code": code, "name": name, "url": reverse(view), "current": code == current})
    return links


@never_cache
def appeal_form(request):
    language = translation.get_language()
    context = {"page_languages": language_links(language)}
    if request.method == "POST":
        form = PublicAppealForm(request.POST, request.FILES)
        if over_rate_limit(request):
            context["refused"] = _("Too many appeals were sent from your address. Please try again in an hour.")
            form = PublicAppealForm(initial={"started": fill_started_token()})
            return render(request, "appeals/public_form.html", {**context, "form": form}, status=429)
        if form.is_valid():
            appeal = services.register_appeal(channel=Appeal.Channel.WEB, language=language, **_fields(form))
            count_sent(request)
            request.session[RECEIPT_KEY] = appeal.pk
            return redirect("appeal_registered")  # post/redirect/get: reloading the receipt sends nothing twice
        form.data = form.data.copy()
        form.data["started"] = fill_started_token()
    else:
        form = PublicAppealForm(initial={"started": fill_started_token(), **_asked_about(request)})
    return render(request, "appeals/public_form.html", {**context, "form": form, "service": _service_of(form)})


@never_cache
def appeal_registered(request):
    """The receipt of the appeal this browser has just sent (its number and deadline); none: back to the form."""
    appeal = Appeal.objects.filter(pk=request.session.get(RECEIPT_KEY)).first()
    if appeal is None:
        return redirect("appeal_form")
    context = {"page_languages": language_links(translation.get_language(), "appeal_registered"), "appeal": appeal}
    return render(request, "appeals/public_registered.html", context)


def _asked_about(request):
    """`?service=<register number>` from a service page: the question is about that service (issue 14, defect 3)."""
    number = request.GET.get("service", "").strip()
    service = PublicService.objects.filter(register_number=number).first() if number else None
    return {"service": service, "topic": Appeal.Topic.PUBLIC_SERVICE} if service else {}


def _service_of(form):
    """The service the appeal is about, to name it above the form (from the link, or sent back with errors)."""
    if form.is_bound:
        number = form.data.get("service", "")
        return PublicService.objects.filter(register_number=number).first() if number else None
    return form.initial.get("service")


def _fields(form):
    data = form.cleaned_data
    names = (
        "applicant_name",
        "applicant_email",
        "applicant_phone",
        "applicant_kind",
        "region",
        "topic",
        "service",
        "content",
    )
    fields = {name: data[name] for name in names if data.get(name) not in (None, "")}
    return {**fields, "attachments": data.get("attachments") or []}
