"""Queries behind the operators' screens: queues, deadlines and search (the Knowledge Base beside an appeal is
the Knowledge Base's own: cms.knowledge.selectors.knowledge_articles).

Searches are shaped so that PostgreSQL answers them from an index on millions of appeals (see the
migration `0002_postgresql_search_indexes`): a registration number by its unique index, a phone by its
digits, the last digits of a phone by a trigram index, the words of a name or of the content by the stored
`search_words` column and its GIN index.
"""

import re

from django.db import connection
from django.db.models import BooleanField, Count, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from wagtail import hooks

from workflows.calendar.clocks import working_days_deadline

from .models import NUMBER, Appeal

TEXT_SEARCH_CONFIG = "simple"  # kk/ru/en in one column: no stemming, every word as written


def appeals():
    return Appeal.objects.select_related("region", "service", "operator", "queue")


def open_appeals():
    return appeals().filter(state__in=Appeal.OPEN_STATES)


def my_queue(user):
    """The appeals in `user`'s hands, and those waiting in the queues of their groups."""
    groups = list(user.groups.values_list("pk", flat=True))  # a list, not a subquery: the planner estimates it
    return open_appeals().filter(Q(operator=user) | Q(operator__isnull=True, queue__in=groups))


def overdue(now=None):
    """Para 8: open appeals past their two working days."""
    return open_appeals().filter(due_at__lt=now or timezone.now())


def due_soon(now=None):
    """Open appeals due by the end of the next working day, not yet overdue."""
    now = now or timezone.now()
    return open_appeals().filter(due_at__gte=now, due_at__lte=working_days_deadline(now, 1))


def my_work(user, now=None):
    """The operator's admin home: how many appeals wait in their hands and queues, due soon, overdue."""
    now = now or timezone.now()
    mine = my_queue(user)
    return {
        "queue": mine.count(),
        "due_soon": mine.filter(due_at__gte=now, due_at__lte=working_days_deadline(now, 1)).count(),
        "overdue": mine.filter(due_at__lt=now).count(),
    }


def day_figures(now=None):
    """The supervisor's admin home: today's appeals (local day), answered today, open and overdue now."""
    now = now or timezone.now()
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return {
        "registered_today": Appeal.objects.filter(received_at__gte=start, received_at__lte=now).count(),
        "answered_today": Appeal.objects.filter(
            events__action="give_answer", events__at__gte=start, events__at__lte=now
        )
        .distinct()
        .count(),
        "open": open_appeals().count(),
        "overdue": overdue(now).count(),
    }


def by_number(query):
    match = NUMBER.match(query.strip())
    if match:
        return Q(year=int(match["year"]), sequence=int(match["sequence"]))
    return None


def search(queryset, query):
    """Appeals matching `query`: a registration number, a phone (or its last digits), a name, or words
    of the content."""
    query = query.strip()
    number = by_number(query)
    if number is not None:
        return queryset.filter(number)
    digits = re.sub(r"[\s()+.-]", "", query)
    if digits.isdigit():
        return queryset.filter(_digits_query(digits))
    if connection.vendor == "postgresql":
        return queryset.filter(_words_match(query))
    return queryset.filter(Q(applicant_name__icontains=query) | Q(content__icontains=query))


def _words_match(query):
    """The stored `search_words` column (migration 0002, PostgreSQL only) holds the query's words."""
    return RawSQL(
        f'"appeals_appeal"."search_words" @@ to_tsquery(\'{TEXT_SEARCH_CONFIG}\', %s)',
        [_prefixes(query)],
        output_field=BooleanField(),
    )


def _prefixes(query):
    """The words of `query` for the full-text index: one word as the beginning of a word ("Ахмет" finds
    Ахметов and Ахметова), several as whole words ("Ахметов Нурлан"). A prefix makes PostgreSQL read the
    posting lists of every word it begins, cheap for one word but slow when several must be intersected.

    Only letters and digits reach the tsquery, so nothing the operator types can act as its syntax.
    """
    words = [f"'{word}'" for word in re.findall(r"\w+", query.lower())]
    if len(words) == 1:
        words[0] += ":*"
    return " & ".join(words) or "''"


def _digits_query(digits):
    """Ten or more digits: one phone; fewer: the end of a phone, or the number within the year."""
    if len(digits) >= 10:
        return Q(applicant_phone_digits=digits[-10:])
    found = Q(sequence=int(digits)) if len(digits) <= 9 else Q()
    if len(digits) >= 4:
        found |= Q(applicant_phone_digits__endswith=digits)
    return found


def most_asked_service_ids(*, since, limit):
    """The public services appeals received since `since` asked about most, most asked first (the home page's
    "most asked services", through the `most_asked_service_ids` hook)."""
    recent = Appeal.objects.filter(received_at__gte=since, service__isnull=False)
    top = recent.values("service").annotate(asked=Count("id")).order_by("-asked", "service")[:limit]
    return [row["service"] for row in top]


def trained_service_ids(user):
    """The services `user` was trained on (paras 15, 17, 21), from whichever app answers the
    `trained_service_ids` hook (workflows.authorities keeps the trainings and sits above appeals, so it is
    never imported here); None when no app answers: then nobody is told they were not trained."""
    for trained in hooks.get_hooks("trained_service_ids"):
        return set(trained(user))
    return None


def appeal_screen_links(appeal, user):
    """Links to the screens of higher apps about this appeal (e.g. the service stages' look-up, para 29), from
    whichever apps answer the `appeal_screen_links` hook with `[(label, url), ...]`; appeals imports none of them."""
    links = []
    for answer in hooks.get_hooks("appeal_screen_links"):
        links.extend(answer(appeal, user) or ())
    return links


def not_trained_on(trained, service_id):
    """True when a service is chosen and is not among `trained` (what `trained_service_ids` gave; None: unknown)."""
    return bool(service_id) and trained is not None and service_id not in trained


def ict_appeals_received(*, since, until, forwarded_to=None):
    """Appeals about the ICT services received in [since, until) (para 4.5's digest), optionally those forwarded
    to one body."""
    found = appeals().filter(topic=Appeal.Topic.ICT_SERVICE, received_at__gte=since, received_at__lt=until)
    if forwarded_to is not None:
        found = found.filter(forwarded_to=forwarded_to)
    return found.order_by("received_at")


def ict_appeal_bodies(*, since, until):
    """The bodies ICT appeals received in [since, until) were forwarded to."""
    return (
        ict_appeals_received(since=since, until=until)
        .filter(forwarded_to__isnull=False)
        .values_list("forwarded_to", flat=True)
        .distinct()
    )
