"""The recipient's confirmation of a report, `/reports/acknowledge/<token>/`, from the signed link of the mail.

The page asks, the button confirms (a mail scanner that follows the link confirms nothing); a forged or altered
link answers 400. The page speaks Kazakh and Russian at once, as the report does."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .services.delivery import LinkRefused, acknowledge, delivery_for_token

TEMPLATE = "reports/acknowledge.html"


@never_cache
@require_http_methods(["GET", "POST"])
def acknowledge_report(request, token):
    try:
        delivery = delivery_for_token(token)
    except LinkRefused:
        return render(request, TEMPLATE, {"refused": True}, status=400)
    context = {"delivery": delivery, "report": delivery.report}
    if request.method == "POST":
        try:
            delivery, _first = acknowledge(delivery)
        except LinkRefused:
            return render(request, TEMPLATE, {**context, "refused": True}, status=409)
        context.update(delivery=delivery, done=True)
    return render(request, TEMPLATE, context)
