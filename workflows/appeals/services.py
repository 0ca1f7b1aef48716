"""Operations on appeals that change state: registration (paras 7, 8), the operator's steps (paras 9-11),
assignment, and taking the next appeal from a queue.

Each runs in one transaction. A step re-reads its appeal under `select_for_update` and refuses when the
state moved since the operator's screen read it, so of two operators pressing buttons at once exactly one
wins; the other gets `TransitionRefused` and nothing is written. Mail to the applicant leaves only after
the commit (`transaction.on_commit`).
"""

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from workflows.audit import log_created
from workflows.calendar.clocks import local_date, working_days_deadline
from workflows.calendar.terms import term

from . import notifications, routing, signals
from .models import Appeal, AppealAttachment, AppealEvent, YearCounter, format_number, may_work, phone_digits


class TransitionRefused(Exception):
    """A step was not possible now, not allowed to this user, or the appeal changed meanwhile; nothing written."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def changed_meanwhile(appeal):
    return TransitionRefused(
        _("appeal %(number)s was changed by another operator meanwhile; reload it to see its state")
        % {"number": appeal.number}
    )


# --- registration -----------------------------------------------------------------------------------


def reserve_numbers(year, count=1):
    """The first of `count` consecutive registration numbers of `year`, gap-free: the counter row stays
    locked until the caller's transaction ends, and a rolled-back registration gives its numbers back."""
    counter = YearCounter.objects.select_for_update().filter(year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                YearCounter.objects.create(year=year)
        except IntegrityError:
            pass  # another registration created the year's row first
        counter = YearCounter.objects.select_for_update().get(year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return first


def next_number(year):
    return reserve_numbers(year, 1)


def answer_due(channel, received_at):
    """Para 8: a written appeal is answered within two working days of its receipt (None for calls); the term
    in force on the day of receipt (an administrator may change it from a date on)."""
    if channel in Appeal.WRITTEN_CHANNELS:
        return working_days_deadline(received_at, term("appeal_answer", on=received_at))
    return None


def default_queue():
    """The default queue: the last routing rule's, the one without conditions (issue 20, item 5)."""
    return routing.default_queue()


def register_appeal(
    *, channel, content, received_at=None, user=None, queue=None, operator=None, attachments=(), **fields
):
    """Register an appeal received by `channel` (para 7) and give it its number and deadline (para 8).

    `fields` are the applicant's and the subject's fields of `Appeal`. A call registered by the operator
    who took it (`operator`) starts in progress in their hands; anything else waits in `queue`, or, when
    the caller names none, in the queue of the first routing rule it meets (`routing.route`).
    `attachments`: the applicant's files as `attachments.checked_uploads` accepted them, kept with it.
    """
    received_at = received_at or timezone.now()
    with transaction.atomic():
        appeal = Appeal(channel=channel, content=content, received_at=received_at, **fields)
        appeal.queue = queue or routing.route(appeal)
        appeal.due_at = answer_due(channel, received_at)
        appeal.full_clean(exclude=["state", "year", "sequence", "number"])
        appeal.year = local_date(received_at).year
        appeal.sequence = next_number(appeal.year)
        appeal.number = format_number(appeal.year, appeal.sequence)
        appeal.save()
        _event(appeal, "register", user, to_state=appeal.state)
        keep_attachments(appeal, attachments, origin=AppealAttachment.Origin.APPLICANT, user=user)
        if operator is not None:
            # The operator's own call: taken whatever queue the routing gave it (the queue is where it goes
            # back to if redirected); only someone who works on appeals takes it.
            taker = user or operator
            if not (taker.has_perm("appeals.work_appeal") or taker.has_perm("appeals.assign_appeal")):
                raise TransitionRefused(
                    _("you are not allowed to do this with appeal %(number)s") % {"number": appeal.number}
                )
            _step(appeal, "take", None, operator=operator)
            _event(appeal, "take", user or operator, from_state=Appeal.State.REGISTERED, operator=operator)
        if appeal.applicant_email and channel in Appeal.WRITTEN_CHANNELS:
            notifications.after_commit(notifications.registered, appeal)
        signals.appeals_registered.send(sender=Appeal, appeals=[appeal])
    return appeal


def register_call_appeal(*, user, call_id="", **fields):
    """A phone appeal registered by the operator who took the call (*New appeal from a call*), in their hands.

    `call_id` is the phone system's id of that call, which the form carries from the telephony API's link:
    the call keeps the appeal, in the same transaction (`signals.call_appeal_registered`, answered by
    `workflows.telephony`). Returns `(appeal, linked)`; `linked` is False when the call is not known, already
    has another appeal, or nobody links calls — the appeal is registered all the same.
    """
    with transaction.atomic():
        appeal = register_appeal(user=user, operator=user, **fields)
        linked = bool(call_id) and _call_linked(call_id, appeal)
    return appeal, linked


def _call_linked(call_id, appeal):
    replies = signals.call_appeal_registered.send(sender=Appeal, appeal=appeal, call_id=call_id)
    return any(linked for _receiver, linked in replies)


def register_appeals(specs, *, queue=None, notify_applicant=True):
    """Register many written appeals received together (a batch of the e-mail intake, para 8) at once.

    Each gets what `register_appeal` gives one: its number in the order given, the two-working-day
    deadline, the "register" event and the audit entries — in a handful of statements for the whole batch
    instead of a dozen per appeal. `specs` are dicts of `register_appeal`'s keyword arguments, without
    `operator` (a call taken by its operator goes through `register_appeal`). All or none are registered.
    `notify_applicant=False` when the caller sends its own acknowledgement (the e-mail intake threads it).
    """
    rules = None if queue else routing.active_rules()  # read once for the batch
    related = [field.name for field in Appeal._meta.concrete_fields if field.is_relation]
    appeals, due = [], {}
    for spec in specs:
        spec = dict(spec)
        received_at = spec.pop("received_at", None) or timezone.now()
        appeal = Appeal(received_at=received_at, **spec)
        appeal.queue = queue or routing.route(appeal, rules)
        day = (appeal.channel, local_date(received_at))  # the deadline depends on the local day only
        if day not in due:
            due[day] = answer_due(appeal.channel, received_at)
        appeal.due_at = due[day]
        appeal.full_clean(
            exclude=["state", "year", "sequence", "number", *related], validate_unique=False, validate_constraints=False
        )
        appeal.year = local_date(received_at).year
        appeal.applicant_phone_digits = phone_digits(appeal.applicant_phone)
        appeals.append(appeal)
    with transaction.atomic():
        for year in sorted({appeal.year for appeal in appeals}):
            of_year = [appeal for appeal in appeals if appeal.year == year]
            first = reserve_numbers(year, len(of_year))
            for offset, appeal in enumerate(of_year):
                appeal.sequence = first + offset
                appeal.number = format_number(year, appeal.sequence)
        Appeal.objects.bulk_create(appeals)
        events = AppealEvent.objects.bulk_create(
            [AppealEvent(appeal=appeal, action="register", to_state=appeal.state) for appeal in appeals]
        )
        log_created([*appeals, *events])
        signals.appeals_registered.send(sender=Appeal, appeals=appeals)
        for appeal in appeals if notify_applicant else ():
            if appeal.applicant_email and appeal.channel in Appeal.WRITTEN_CHANNELS:
                notifications.after_commit(notifications.registered, appeal)
    return appeals


# --- the operator's steps ---------------------------------------------------------------------------


def _event(appeal, action, user, *, from_state="", to_state="", **data):
    return AppealEvent.objects.create(
        appeal=appeal, action=action, actor=user, from_state=from_state, to_state=to_state or appeal.state, **data
    )


def _check(method, user):
    appeal = method.__self__
    if not can_proceed(method):
        raise TransitionRefused(
            _("appeal %(number)s is %(state)s: this step is not possible now")
            % {"number": appeal.number, "state": appeal.get_state_display()}
        )
    if user is not None and not has_transition_perm(method, user):
        raise TransitionRefused(_("you are not allowed to do this with appeal %(number)s") % {"number": appeal.number})


def _step(fresh, name, user, **kwargs):
    """Run transition `name` on the locked `fresh` row and save it (inside the caller's transaction)."""
    method = getattr(fresh, name)
    _check(method, user)
    from_state = fresh.state
    method(**kwargs)
    fresh.save()
    return from_state


def run_step(*, appeal, name, user, reason="", told=False, event=None, **kwargs):
    """Run the transition `name` of `appeal` as `user` and record it; returns the appeal, refreshed.

    Refuses (`TransitionRefused`, nothing written) when the step is not possible from the state the
    caller read, the user may not do it, or another operator moved the appeal since it was read.
    `told`: the applicant is to be told of this step (by e-mail when written, in the call otherwise).
    """
    try:
        with transaction.atomic():
            fresh = Appeal.objects.select_for_update().get(pk=appeal.pk)
            if fresh.state != appeal.state:
                raise changed_meanwhile(appeal)
            from_state = _step(fresh, name, user, **kwargs)
            how = notifications.tell_applicant(fresh, name) if told else ""
            _event(fresh, name, user, from_state=from_state, reason=reason, applicant_told=how, **(event or {}))
    except ConcurrentTransition as error:
        raise changed_meanwhile(appeal) from error
    appeal.refresh_from_db()
    return appeal


def take(*, appeal, user):
    return run_step(appeal=appeal, name="take", user=user, operator=user, event={"operator": user})


def assign(*, appeal, user, operator, reason=""):
    """A supervisor gives the appeal to `operator` (or moves it from one operator to another)."""
    return run_step(
        appeal=appeal, name="assign", user=user, reason=reason, operator=operator, event={"operator": operator}
    )


def keep_attachments(appeal, checked, *, origin, user=None):
    """Keep the accepted files (`attachments.checked_uploads`) with the appeal, inside the caller's transaction."""
    for upload, name, content_type in checked:
        attachment = AppealAttachment(
            appeal=appeal, origin=origin, name=name, content_type=content_type, size=upload.size, uploaded_by=user
        )
        upload.seek(0)
        attachment.file.save(name, upload, save=False)
        attachment.save()


def give_answer(*, appeal, user, answer, measures_taken="", articles=(), attachments=()):
    """Para 9: the answer, from the Knowledge Base; the applicant gets it by e-mail when they wrote, with
    the answer's `attachments` (accepted by `attachments.checked_uploads`) attached."""
    if not answer.strip():
        raise TransitionRefused(_("write the answer first"))
    with transaction.atomic():  # the files and the step together: the mail, after commit, carries the files
        appeal = run_step(
            appeal=appeal,
            name="give_answer",
            user=user,
            told=True,
            answer=answer,
            measures_taken=measures_taken,
            at=timezone.now(),
        )
        keep_attachments(appeal, attachments, origin=AppealAttachment.Origin.ANSWER, user=user)
    if articles:
        appeal.articles_used.add(*articles)
    return appeal


def redirect(*, appeal, user, reason, operator=None, queue=None):
    """Para 11: redirected to another operator or group, the applicant told."""
    if (operator is None) == (queue is None):
        raise TransitionRefused(_("choose the operator or the group to redirect to — one of the two"))
    return run_step(
        appeal=appeal,
        name="redirect",
        user=user,
        reason=reason,
        told=True,
        operator=operator,
        queue=queue,
        event={"operator": operator, "queue": queue},
    )


def refer(*, appeal, user, body, reason=""):
    """Para 10: outside the UCC's competence; the applicant is told the competent body and its contacts."""
    return run_step(
        appeal=appeal,
        name="refer",
        user=user,
        reason=reason,
        told=True,
        body=body,
        at=timezone.now(),
        event={"body": body},
    )


def forward(*, appeal, user, body, reason):
    """Sent to a state body or the ICI operator for clarification; the applicant told it will take longer."""
    return run_step(appeal=appeal, name="forward", user=user, reason=reason, told=True, body=body, event={"body": body})


def receive_clarification(*, appeal, user, clarification):
    return run_step(
        appeal=appeal, name="receive_clarification", user=user, reason=clarification, clarification=clarification
    )


def close(*, appeal, user, reason=""):
    return run_step(appeal=appeal, name="close", user=user, reason=reason, at=timezone.now())


def link_article(*, appeal, user, article):
    """Para 9: the Knowledge Base article the operator answered from, kept with the appeal (once; True when
    it was not kept yet)."""
    if not may_work(appeal, user):
        raise TransitionRefused(_("you are not allowed to do this with appeal %(number)s") % {"number": appeal.number})
    if appeal.articles_used.filter(pk=article.pk).exists():
        return False  # several parts of one article inserted: it was used once
    appeal.articles_used.add(article)
    _event(appeal, "link_article", user, reason=article.title)
    return True


def record_application(*, appeal, user, application_number):
    """Para 29: the citizen's application (its number in the monitoring system) this appeal was about."""
    if not may_work(appeal, user):
        raise TransitionRefused(_("you are not allowed to do this with appeal %(number)s") % {"number": appeal.number})
    number = (application_number or "").strip()[:64]
    with transaction.atomic():
        Appeal.objects.filter(pk=appeal.pk).update(application_number=number, updated_at=timezone.now())
        appeal.application_number = number
        _event(appeal, "record_application", user, reason=number)
    return appeal


# --- taking the next appeal --------------------------------------------------------------------------


def _queue_candidates(user):
    groups = list(user.groups.values_list("pk", flat=True))
    return Appeal.objects.filter(state=Appeal.State.REGISTERED, operator__isnull=True, queue_id__in=groups).order_by(
        "due_at", "received_at", "id"
    )


def take_next(*, user, attempts=5):
    """The operator takes the oldest (earliest due) appeal of their groups' queues; None when empty.

    On PostgreSQL the candidate row is locked with SKIP LOCKED, so operators pressing "take next" at once
    get different appeals without waiting. Elsewhere (SQLite) the conditional UPDATE of
    `ConcurrentTransitionMixin` refuses a row someone else took; the next candidate is tried.
    """
    skip_locked = connection.features.has_select_for_update_skip_locked
    for _attempt in range(attempts):
        try:
            with transaction.atomic():
                candidates = _queue_candidates(user)
                if skip_locked:
                    candidates = candidates.select_for_update(skip_locked=True, of=("self",))
                appeal = candidates.first()
                if appeal is None:
                    return None
                _step(appeal, "take", user, operator=user)
                _event(appeal, "take", user, from_state=Appeal.State.REGISTERED, operator=user)
                return appeal
        except ConcurrentTransition:
            continue
    return None
