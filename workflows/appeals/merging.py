"""Duplicates and related appeals (issue 19, item 6): a duplicate merged into the appeal that answers it, or two
appeals linked as related.

A merge locks both rows (in the order of their ids, so two operators merging the same pair the other way
round wait instead of deadlocking) and re-reads them: of two operators merging at once one merges, the other
is told the appeal changed meanwhile, and nothing else is written. The applicant is told once, after the
commit; the merged appeal can never be merged again, so no second mail can leave.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from . import notifications
from .models import Appeal, AppealEvent, AppealLink
from .services import TransitionRefused, _event, _step, changed_meanwhile


def merge(*, appeal, into, user, reason=""):
    """Close `appeal` as merged into `into`; both timelines record it, `into` shows the merged one's events."""
    if appeal.pk == into.pk:
        raise TransitionRefused(_("appeal %(number)s cannot be merged into itself") % {"number": appeal.number})
    try:
        with transaction.atomic():
            locked = Appeal.objects.select_for_update().filter(pk__in=[appeal.pk, into.pk]).order_by("pk")
            fresh = {row.pk: row for row in locked}
            duplicate, target = fresh[appeal.pk], fresh[into.pk]
            if duplicate.state != appeal.state:
                raise changed_meanwhile(appeal)
            _check_target(target)
            from_state = _step(duplicate, "merge_into", user, target=target, at=timezone.now())
            told = _tell_merged(duplicate)
            _event(duplicate, "merge", user, from_state=from_state, reason=target.number, applicant_told=told)
            _event(target, "merged_here", user, reason=" ".join(filter(None, [duplicate.number, reason])))
    except ConcurrentTransition as error:
        raise changed_meanwhile(appeal) from error
    appeal.refresh_from_db()
    return appeal


def _check_target(target):
    """The surviving appeal must be a live one: a merged appeal has no answer to give, a closed one gave it."""
    if target.state == Appeal.State.MERGED:
        text = _("appeal %(number)s is itself merged into another appeal: merge into that one")
        raise TransitionRefused(text % {"number": target.number})
    if target.state == Appeal.State.CLOSED:
        raise TransitionRefused(_("appeal %(number)s is closed: nothing can join it") % {"number": target.number})


def _tell_merged(appeal):
    """A written appeal with an e-mail is told by mail (once, after commit); a call was told in the call."""
    if appeal.channel in Appeal.PHONE_CHANNELS:
        return AppealEvent.Told.IN_THE_CALL
    if appeal.channel in Appeal.WRITTEN_CHANNELS and appeal.applicant_email:
        notifications.after_commit(notifications.send_merged, appeal)
        return AppealEvent.Told.BY_EMAIL
    return AppealEvent.Told.NOT_TOLD


def _pair(one, other):
    return (one, other) if one.pk < other.pk else (other, one)


def link(*, appeal, other, user):
    """Mark two appeals as related (a symmetric link); linking them twice is linking them once."""
    _require_work(appeal, user)
    if appeal.pk == other.pk:
        raise TransitionRefused(_("an appeal cannot be related to itself"))
    first, second = _pair(appeal, other)
    try:
        with transaction.atomic():
            AppealLink.objects.create(first=first, second=second, created_by=user)
            _event(appeal, "link_appeal", user, reason=other.number)
            _event(other, "link_appeal", user, reason=appeal.number)
    except IntegrityError:
        return False  # already linked
    return True


def unlink(*, appeal, other, user):
    _require_work(appeal, user)
    first, second = _pair(appeal, other)
    with transaction.atomic():
        deleted, _rows = AppealLink.objects.filter(first=first, second=second).delete()
        if deleted:
            _event(appeal, "unlink_appeal", user, reason=other.number)
            _event(other, "unlink_appeal", user, reason=appeal.number)
    return bool(deleted)


def _require_work(appeal, user):
    if not (user.has_perm("appeals.work_appeal") or user.has_perm("appeals.assign_appeal")):
        raise TransitionRefused(_("you are not allowed to do this with appeal %(number)s") % {"number": appeal.number})
