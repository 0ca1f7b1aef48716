"""The citizen's rating page, `/<lang>/rate/<token>/` (para 13): five choices, once per appeal.

A forged or altered link answers 400, an expired one 410, a second score 409, a score outside 1-5 400;
each with a page that says so in the citizen's language.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import services
from .forms import AppealRatingForm
from .models import Rating
from .ratings import LinkRefused, appeal_for_token

TEMPLATE = "telephony/rate.html"


def _languages(token):
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            url = reverse("telephony_rate", kwargs={"token": token})
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


def _refusal(request, context, status, message):
    return render(request, TEMPLATE, {**context, "refused": message}, status=status)


@never_cache
def rate_appeal(request, token):
    context = {"page_languages": _languages(token)}
    try:
        appeal = appeal_for_token(token)
    except LinkRefused as refusal:
        if refusal.expired:
            return _refusal(request, context, 410, _("This rating link has expired."))
        return _refusal(request, context, 400, _("This rating link is not valid. Please use the link from our e-mail."))
    context["appeal"] = appeal
    if Rating.objects.filter(appeal=appeal).exists():
        return _refusal(request, context, 409, _("This appeal has already been rated. Thank you!"))
    if appeal.answered_at is None:
        return _refusal(request, context, 409, _("This appeal has not been answered yet."))
    form = AppealRatingForm(request.POST or None)
    if request.method != "POST":
        return render(request, TEMPLATE, {**context, "form": form})
    if not form.is_valid():
        return render(request, TEMPLATE, {**context, "form": form}, status=400)
    try:
        rating = services.rate_appeal(appeal=appeal, score=form.cleaned_data["score"])
    except services.Conflict:
        return _refusal(request, context, 409, _("This appeal has already been rated. Thank you!"))
    return render(request, TEMPLATE, {**context, "rating": rating})
