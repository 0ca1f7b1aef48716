"""What the ICT desk's screens and the para-39 ICT report read: who sees which requests, the overdue and
due-soon lists, a request's timeline, and the month's figures."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.accounts.roles import is_restricted_to_own_body, own_body_ids

from .models import IctOutgoingMail, IctRequest

DUE_SOON = timedelta(hours=2)  # a working morning's look-ahead for the next term to pass

VERBS = {
    "registered": _("registered"),
    "consult": _("consulting the Knowledge Base"),
    "articles_linked": _("Knowledge Base articles linked"),
    "give_answer": _("answered"),
    "forward": _("forwarded to the ICI operator"),
    "record_ici_reply": _("the ICI operator replied"),
    "email_reply": _("e-mail in the thread"),
    "close": _("closed"),
    "mail_sent_again": _("e-mail sent again"),
}


def visible_requests(user, queryset=None):
    """The requests `user` may see: a body's user only their own bodies' (none with no body yet)."""
    queryset = IctRequest.objects.all() if queryset is None else queryset
    if is_restricted_to_own_body(user):
        return queryset.filter(body__in=own_body_ids(user))
    return queryset


def request_for(user, pk):
    return visible_requests(user).select_related("body", "service", "term").get(pk=pk)


def overdue(*, queryset=None, now=None):
    """Open requests past the term that applies now (first answer or resolution), the longest overdue first."""
    now = now or timezone.now()
    queryset = IctRequest.objects.all() if queryset is None else queryset
    condition = Q(state__in=IctRequest.UNANSWERED_STATES, first_answer_due__lt=now) | Q(
        state__in=IctRequest.OPEN_STATES, resolution_due__lt=now
    )
    return queryset.filter(condition).order_by("first_answer_due")


def due_soon(*, queryset=None, now=None, within=DUE_SOON):
    """Open requests not overdue whose next term passes within `within`."""
    now = now or timezone.now()
    queryset = IctRequest.objects.all() if queryset is None else queryset
    soon = now + within
    condition = Q(state__in=IctRequest.UNANSWERED_STATES, first_answer_due__gte=now, first_answer_due__lt=soon) | Q(
        state=IctRequest.State.FORWARDED, resolution_due__gte=now, resolution_due__lt=soon
    )
    return queryset.filter(condition).exclude(pk__in=overdue(queryset=queryset, now=now).values("pk"))


def home_figures(user, *, now=None):
    """The home panel's counts of the requests `user` may see."""
    visible = visible_requests(user)
    return {
        "open": visible.filter(state__in=IctRequest.OPEN_STATES).count(),
        "due_soon": due_soon(queryset=visible, now=now).count(),
        "overdue": overdue(queryset=visible, now=now).count(),
        "mails_failed": IctOutgoingMail.objects.filter(
            request__in=visible, status=IctOutgoingMail.Status.FAILED
        ).count(),
    }


def articles_to_choose(request, query, *, language=None):
    """The Knowledge Base articles a step may link (para 9): those in `language` (the operator's) with any
    word of `query`, best first, after the ones already linked, each once."""
    from cms.knowledge.selectors import knowledge_articles

    found = {article.pk: article for article in request.articles.all()}
    for article in knowledge_articles(query, language=language, operator="or") if query else ():
        found.setdefault(article.pk, article)
    return list(found.values())


def timeline(request):
    events = list(request.events.select_related("actor"))
    for event in events:
        event.label = VERBS.get(event.verb, event.verb.replace("_", " "))
    return events, list(request.alerts.all())


# --- para 39: the ICT report's figures ------------------------------------------------------------------------


def _period(start, end):
    return IctRequest.objects.filter(received_at__gte=start, received_at__lt=end)


def requests_received(*, since, until, body=None):
    """Para 4.5's digest: the requests received in [since, until), oldest first; one body's when `body` is given
    (the ICI operator's digest has them all)."""
    queryset = _period(since, until).select_related("service").order_by("received_at")
    return queryset.filter(body=body) if body is not None else queryset


def requesting_bodies(*, since, until):
    """The ids of the bodies whose requests were received in [since, until)."""
    return _period(since, until).exclude(body=None).values_list("body_id", flat=True).distinct()


def requests_by_body(start, end):
    """[{body_id, body__name_ru, count}] of the requests received in [start, end), the most first."""
    return list(_period(start, end).values("body_id", "body__name_ru").annotate(count=Count("pk")).order_by("-count"))


def requests_by_service(start, end):
    return list(
        _period(start, end)
        .values("service_id", "service__code", "service__name_ru")
        .annotate(count=Count("pk"))
        .order_by("-count")
    )


def requests_by_type(start, end):
    return list(_period(start, end).values("request_type").annotate(count=Count("pk")).order_by("request_type"))


def forwarded_to_ici_count(start, end):
    """How many requests received in [start, end) were forwarded to the ICI operator (para 36)."""
    return _period(start, end).exclude(forwarded_at=None).count()


def term_compliance(start, end):
    """First-answer and resolution times against their terms, for the requests received in [start, end):
    how many were given, how many within the term, how many late, how many still open past it, and the
    average time taken (a timedelta, None when none)."""
    requests = list(
        _period(start, end).values(
            "received_at", "first_answered_at", "first_answer_due", "resolved_at", "resolution_due", "state"
        )
    )
    now = timezone.now()

    def figures(done_field, due_field):
        done = [r for r in requests if r[done_field] is not None]
        late = sum(r[done_field] > r[due_field] for r in done)
        pending_late = sum(r[done_field] is None and r[due_field] < now for r in requests)
        durations = [r[done_field] - r["received_at"] for r in done]
        return {
            "given": len(done),
            "in_time": len(done) - late,
            "late": late,
            "open_past_term": pending_late,
            "average": sum(durations, timedelta()) / len(durations) if durations else None,
        }

    return {
        "total": len(requests),
        "first_answer": figures("first_answered_at", "first_answer_due"),
        "resolution": figures("resolved_at", "resolution_due"),
    }


def ict_report(start, end):
    """Everything of para 39's ICT part in one call (the reports issue renders it)."""
    return {
        "by_body": requests_by_body(start, end),
        "by_service": requests_by_service(start, end),
        "by_type": requests_by_type(start, end),
        "forwarded_to_ici": forwarded_to_ici_count(start, end),
        "terms": term_compliance(start, end),
    }
