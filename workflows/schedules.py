"""Every django-q schedule of the platform, declared once; `sync_schedules` writes them to the database.

Run after every `migrate` (post_migrate of ucc_site) and by `python manage.py sync_schedules`.
A schedule is matched by its name: its function, type and arguments follow this file; the next run
an operator moved in the admin is kept.
"""

from dataclasses import dataclass
from datetime import time

from workflows.calendar.clocks import next_minute, next_time_of_day


@dataclass(frozen=True)
class ScheduleSpec:
    name: str
    func: str
    schedule_type: str  # django_q.models.Schedule.<TYPE>
    first_run_at: time  # local time of day of the first run
    minutes: int | None = None


def _specs():
    from django_q.models import Schedule

    return [
        # Decrees and package updates: re-seed the working-day calendar weekly (idempotent; manual edits kept).
        ScheduleSpec(
            name="calendar: refresh holidays and transfers",
            func="workflows.calendar.tasks.refresh_calendar_task",
            schedule_type=Schedule.WEEKLY,
            first_run_at=time(3, 0),
        ),
        # Paras 3.4, 9 and 26: flag Knowledge Base articles past their review date or whose service's by-law changed.
        ScheduleSpec(
            name="knowledge: flag articles for review",
            func="cms.knowledge.tasks.flag_articles_for_review",
            schedule_type=Schedule.DAILY,
            first_run_at=time(6, 0),
        ),
        # Para 23: a service becomes "consulted by the UCC" on its start date (just after local midnight).
        ScheduleSpec(
            name="onboarding: start consultations",
            func="workflows.onboarding.tasks.start_consultations_task",
            schedule_type=Schedule.DAILY,
            first_run_at=time(0, 5),
        ),
        # Paras 20-21: remind the responsible person and the coordinator of steps due soon or overdue, once each.
        ScheduleSpec(
            name="onboarding: deadline reminders",
            func="workflows.onboarding.tasks.send_reminders_task",
            schedule_type=Schedule.DAILY,
            first_run_at=time(9, 0),
        ),
        # Paras 24-25 and 28: information requests and escalations due soon or overdue, each reminded once.
        ScheduleSpec(
            name="authorities: information request reminders",
            func="workflows.authorities.tasks.send_information_reminders_task",
            schedule_type=Schedule.DAILY,
            first_run_at=time(9, 10),
        ),
        # Para 32: remind the coordinators and supervisors of discrepancy explanations due soon or overdue, once each.
        ScheduleSpec(
            name="authorities: discrepancy reminders",
            func="workflows.authorities.tasks.send_discrepancy_reminders_task",
            schedule_type=Schedule.HOURLY,
            first_run_at=next_minute(),
        ),
        # Para 8: e-mail appeals are registered automatically: the mailbox is read every minute.
        ScheduleSpec(
            name="mail: register e-mail appeals",
            func="workflows.mailintake.tasks.fetch_mail",
            schedule_type=Schedule.MINUTES,
            first_run_at=next_minute(),
            minutes=1,
        ),
        # Para 8: a written appeal due today tells its operator; overdue and unassigned ones the supervisors; once each.
        ScheduleSpec(
            name="appeals: deadline alerts",
            func="workflows.appeals.tasks.send_appeal_alerts_task",
            schedule_type=Schedule.MINUTES,
            first_run_at=next_minute(),
            minutes=15,
        ),
        # Para 37: ICT requests past their first-answer or resolution term, the supervisors told once per term.
        ScheduleSpec(
            name="ict: overdue request reminders",
            func="workflows.ict.tasks.send_ict_reminders_task",
            schedule_type=Schedule.MINUTES,
            first_run_at=next_minute(),
            minutes=15,
        ),
        # Para 36: a forward to the ICI operator or an answer to a requester the mail server refused is retried.
        ScheduleSpec(
            name="ict: retry outgoing mail",
            func="workflows.ict.tasks.retry_ict_mail_task",
            schedule_type=Schedule.MINUTES,
            first_run_at=next_minute(),
            minutes=5,
        ),
        # Para 14: the supervisors are alarmed three hours into a call-record request's four, once each.
        ScheduleSpec(
            name="authorities: call-record alarms",
            func="workflows.authorities.tasks.send_call_record_alarms_task",
            schedule_type=Schedule.MINUTES,
            first_run_at=next_minute(),
            minutes=1,
        ),
        # Para 38: notice deliveries that failed are retried; interruptions past their end are finished.
        ScheduleSpec(
            name="interruptions: retry notice deliveries",
            func="workflows.interruptions.tasks.send_interruption_notices_task",
            schedule_type=Schedule.MINUTES,
            first_run_at=next_minute(),
            minutes=5,
        ),
        # Para 4.5: the digest of the appeals about the ICT services (period: UCC_ICT_DIGEST_DAYS, a week).
        ScheduleSpec(
            name="interruptions: ICT appeals digest",
            func="workflows.interruptions.tasks.send_ict_digest_task",
            schedule_type=Schedule.DAILY,
            first_run_at=time(8, 0),
        ),
        # Paras 31 and 39: the previous month's reports generated and mailed to every recipient, each once (the
        # 1st's run does it; the daily runs after it send only what is missing: a recipient added, a run missed).
        ScheduleSpec(
            name="reports: monthly reports",
            func="workflows.reports.tasks.send_monthly_reports_task",
            schedule_type=Schedule.DAILY,
            first_run_at=time(1, 0),
        ),
        # Paras 31 and 39: failed report deliveries retried after their back-off.
        ScheduleSpec(
            name="reports: retry failed deliveries",
            func="workflows.reports.tasks.retry_report_deliveries_task",
            schedule_type=Schedule.MINUTES,
            first_run_at=next_minute(),
            minutes=5,
        ),
        # Issue 20, item 7: outgoing webhooks whose last attempt failed, posted again after their back-off.
        ScheduleSpec(
            name="webhooks: retry failed deliveries",
            func="workflows.webhooks.tasks.retry_webhook_deliveries_task",
            schedule_type=Schedule.MINUTES,
            first_run_at=next_minute(),
            minutes=1,
        ),
        # Paras 31 and 39: on the last working day before the 5th the supervisors hear of reports not delivered.
        ScheduleSpec(
            name="reports: warn of undelivered reports",
            func="workflows.reports.tasks.warn_undelivered_reports_task",
            schedule_type=Schedule.DAILY,
            first_run_at=time(9, 30),
        ),
        # Issue 21: django-q2 no longer prunes results after every task; successful ones older than
        # UCC_Q_KEEP_DAYS are deleted once a day instead (failures are kept for the admin).
        ScheduleSpec(
            name="tasks: prune old results",
            func="ucc_site.queue.prune_task_results",
            schedule_type=Schedule.DAILY,
            first_run_at=time(2, 30),
        ),
    ]


def sync_schedules():
    """Create or update the declared schedules; returns (created, updated)."""
    from django_q.models import Schedule

    created = updated = 0
    for spec in _specs():
        values = {"func": spec.func, "schedule_type": spec.schedule_type, "minutes": spec.minutes}
        schedule = Schedule.objects.filter(name=spec.name).first()
        if schedule is None:
            Schedule.objects.create(name=spec.name, next_run=next_time_of_day(spec.first_run_at), **values)
            created += 1
        elif any(getattr(schedule, key) != value for key, value in values.items()):
            Schedule.objects.filter(pk=schedule.pk).update(**values)
            updated += 1
    return created, updated


def declared_names():
    return [spec.name for spec in _specs()]
