"""Queries behind the operators' screens: queues, deadlines and search (the Knowledge Base beside an appeal is
the Knowledge Base's own: cms.knowledge.selectors.knowledge_articles).

Searches are shaped so that PostgreSQL answers them from an index on millions of appeals (see the
migration `0002_postgresql_search_indexes`): a registration number by its unique index, a phone by its
digits, the last digits of a phone by a trigram index, the words of a name or of the content by the stored
`search_words` column and its GIN index.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Count, F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
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


def unassigned_too_long(now=None):
    """Open appeals nobody has taken for longer than `UCC_APPEAL_UNASSIGNED_MINUTES` (issue 19)."""
    since = (now or timezone.now()) - timedelta(minutes=settings.UCC_APPEAL_UNASSIGNED_MINUTES)
    return open_appeals().filter(operator__isnull=True, received_at__lt=since)


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
        "unassigned": unassigned_too_long(now).count(),
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


HISTORY_LIMIT = 20


def applicant_history(appeal, *, limit=HISTORY_LIMIT):
    """The applicant's other appeals, newest first: the same phone (its last ten digits, however it was
    written) or the same e-mail (in any case). An operator sees at once what the person asked before and how
    it ended (issue 19); the screen shows it only to those who may see the applicant."""
    return contact_history(
        phone_digits=appeal.applicant_phone_digits, email=appeal.applicant_email, exclude=appeal.pk, limit=limit
    )


def contact_history(*, phone_digits="", email="", exclude=None, limit=HISTORY_LIMIT):
    """The appeals of a phone (its last ten digits) or an e-mail, newest first, each with its score: the
    applicant's history beside an appeal, and the caller's in the screen pop."""
    match = Q()
    if len(phone_digits) >= 7:  # a short or missing number would match strangers
        match |= Q(applicant_phone_digits=phone_digits)
    if email:
        match |= Q(email_lower=email.lower())
    if not match:
        return []
    found = Appeal.objects.annotate(email_lower=Lower("applicant_email")).filter(match)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    history = list(found.select_related("service").order_by("-received_at", "-id")[:limit])
    ratings = appeal_ratings([earlier.pk for earlier in history])
    for earlier in history:
        earlier.score = ratings.get(earlier.pk)
    return history


def appeal_ratings(appeal_ids):
    """{appeal id: the citizen's score} from the app that keeps the ratings (the telephony app, which sits above
    appeals, answers the `appeal_ratings` hook); empty when none does."""
    for ratings in hooks.get_hooks("appeal_ratings"):
        return dict(ratings(appeal_ids))
    return {}


def applicant_calls(appeal, *, limit=10):
    """The calls from the applicant's phone, newest first, from the app that keeps the calls (the
    `applicant_calls` hook, answered by the telephony app); empty without a phone or such an app."""
    if len(appeal.applicant_phone_digits) < 7:
        return []
    for calls in hooks.get_hooks("applicant_calls"):
        return list(calls(appeal.applicant_phone, limit=limit))
    return []


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


def answer_templates_for(appeal, *, applicant_name):
    """The answer templates an operator may insert into this appeal's answer or referral, its placeholders
    filled (issue 19, item 4): those of the appeal's service first, then of its topic, then the rest; in the
    appeal's language when it has one. `applicant_name` is the name as the reader may see it."""
    from .models import AnswerTemplate

    templates = AnswerTemplate.objects.filter(is_active=True)
    if appeal.language:
        templates = templates.filter(language=appeal.language)
    values = template_values(appeal, applicant_name=applicant_name)

    def rank(template):
        return (template.service_id != appeal.service_id or not template.service_id, template.topic != appeal.topic)

    return [
        {"id": template.pk, "title": template.title, "text": template.render(values)}
        for template in sorted(templates.select_related("service"), key=rank)
    ]


def template_values(appeal, *, applicant_name):
    """The placeholders' values for `appeal`; the competent body is the one referred or forwarded to, else the
    body of the service's responsible person today."""
    from django.utils.formats import date_format

    body = appeal.referred_to or appeal.forwarded_to or _service_body(appeal.service)
    return {
        "applicant_name": applicant_name,
        "number": appeal.number,
        "deadline": date_format(timezone.localtime(appeal.due_at), "d.m.Y H:i") if appeal.due_at else "",
        "service": appeal.service.name if appeal.service else "",
        "body": body.name if body else "",
        "body_phone": getattr(body, "phone", ""),
        "body_email": getattr(body, "email", ""),
    }


def _service_body(service):
    if service is None:
        return None
    today = timezone.localdate()
    current = (
        service.responsibilities.filter(start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("person__body")
        .first()
    )
    return current.person.body if current else None


def article_uses():
    """Para 9: how many appeals were answered from each Knowledge Base article, as rows (article_id, uses)."""
    used = Appeal.articles_used.through.objects.order_by()
    return used.values(article_id=F("knowledgearticlepage_id")).annotate(uses=Count("appeal_id"))
