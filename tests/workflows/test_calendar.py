"""The working-day calendar, tested with the Rules' own sentences and dates one can check on a calendar."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import F

from tests.factories import HolidayFactory, WorkdayTransferFactory
from workflows.calendar import clocks
from workflows.calendar.holidays_package import russian_name
from workflows.calendar.models import CalendarRevision, Holiday, Source, WorkdayTransfer
from workflows.calendar.seed import refresh_calendar
from workflows.calendar.working_days import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
    year_calendar,
)

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


def end_of(day):
    return datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=ALMATY)


class TestWorkingDays:
    def test_weekdays_work_and_weekends_rest(self):
        assert is_working_day(date(2026, 11, 20))  # Friday
        assert not is_working_day(date(2026, 11, 21))  # Saturday
        assert not is_working_day(date(2026, 11, 22))  # Sunday

    def test_para_8_email_on_friday_is_answered_by_tuesday(self):
        """Para 8: an e-mail appeal is answered within two working days; the weekend does not count."""
        received = datetime(2026, 11, 20, 17, 45, tzinfo=ALMATY)
        assert clocks.working_days_deadline(received, 2) == end_of(date(2026, 11, 24))

    def test_the_day_itself_never_counts(self):
        assert add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 24)
        assert add_working_days(date(2026, 11, 22), 1) == date(2026, 11, 23)  # from a Sunday
        assert add_working_days(date(2026, 11, 23), 0) == date(2026, 11, 23)

    def test_para_8_independence_day_is_skipped(self):
        """16 December 2026 (Wednesday) is Independence Day."""
        assert add_working_days(date(2026, 12, 15), 2) == date(2026, 12, 18)

    def test_para_20_by_law_approved_friday_before_nauryz_on_a_weekend(self):
        """Nauryz 2026: 21-22 March fall on Saturday-Sunday, so 24 and 25 March are days off too;
        a by-law approved on Friday 20 March gets its responsible person by Monday 30 March."""
        for day_off in (date(2026, 3, 23), date(2026, 3, 24), date(2026, 3, 25)):
            assert not is_working_day(day_off)
        assert add_working_days(date(2026, 3, 20), 3) == date(2026, 3, 30)

    def test_para_20_nauryz_2025(self):
        """Nauryz 2025: Friday 21 March a holiday, 22-23 on the weekend, 24-25 March moved days off."""
        assert add_working_days(date(2025, 3, 20), 3) == date(2025, 3, 28)

    def test_para_21_training_ten_working_days_after_the_information(self):
        assert add_working_days(date(2026, 3, 20), 10) == date(2026, 4, 8)

    def test_para_27_replacement_around_the_may_holidays(self):
        """7 May (Defender of the Fatherland Day) and Monday 11 May (Victory Day moved off Saturday)."""
        assert add_working_days(date(2026, 5, 6), 5) == date(2026, 5, 15)

    def test_new_year_across_the_year_boundary(self):
        """An e-mail on 31 December 2025: 1-2 January are New Year, then the weekend."""
        assert add_working_days(date(2025, 12, 31), 2) == date(2026, 1, 6)

    def test_decreed_transfer_of_new_year_2025(self):
        """Decree: Friday 3 January 2025 a day off, Sunday 5 January 2025 a working day instead."""
        assert not is_working_day(date(2025, 1, 3))
        assert is_working_day(date(2025, 1, 5))
        assert add_working_days(date(2024, 12, 31), 2) == date(2025, 1, 6)

    def test_para_32_saturday_made_a_working_day(self):
        """Decree for May 2024: Saturday 4 May a working day, Wednesday 8 May a day off. An explanation
        requested on Friday 3 May is due on the next working day: that Saturday."""
        assert next_working_day(date(2024, 5, 3)) == date(2024, 5, 4)
        assert clocks.next_working_day_deadline(date(2024, 5, 3)) == end_of(date(2024, 5, 4))
        assert not is_working_day(date(2024, 5, 8))

    def test_working_days_between_counts_after_start_up_to_end(self):
        """Saturday 1 July 2023 was a working day by decree (Friday 7 July off)."""
        assert working_days_between(date(2023, 6, 30), date(2023, 7, 3)) == 2
        assert working_days_between(date(2026, 11, 24), date(2026, 11, 20)) == 0

    @pytest.mark.parametrize("start", [date(2025, 12, 24), date(2026, 3, 19), date(2024, 4, 30)])
    @pytest.mark.parametrize("n", [1, 2, 3, 5, 10])
    def test_between_is_the_inverse_of_add(self, start, n):
        assert working_days_between(start, add_working_days(start, n)) == n

    def test_negative_counts_are_refused(self):
        with pytest.raises(ValueError):
            add_working_days(date(2026, 1, 1), -1)

    def test_a_year_not_yet_seeded_comes_from_the_package(self):
        assert not Holiday.objects.filter(date__year=2035).exists()
        assert not is_working_day(date(2035, 1, 1))
        assert is_working_day(date(2035, 1, 3))


class TestOtherClocks:
    def test_para_14_four_calendar_hours_even_on_a_holiday_night(self):
        requested = datetime(2026, 3, 22, 21, 30, tzinfo=ALMATY)
        assert clocks.calendar_hours_deadline(requested, 4) == datetime(2026, 3, 23, 1, 30, tzinfo=ALMATY)

    def test_para_31_report_by_the_fifth_of_the_following_month(self):
        assert clocks.fifth_of_following_month(date(2026, 11, 30)) == date(2026, 12, 5)
        assert clocks.fifth_of_following_month(date(2026, 12, 1)) == date(2027, 1, 5)
        assert clocks.monthly_report_deadline(date(2026, 12, 15)) == end_of(date(2027, 1, 5))

    def test_para_38_notice_at_least_one_day_before(self):
        start = datetime(2026, 12, 1, 10, 0, tzinfo=ALMATY)
        assert clocks.latest_notice_before(start) == datetime(2026, 11, 30, 10, 0, tzinfo=ALMATY)
        assert clocks.notice_in_time(datetime(2026, 11, 30, 10, 0, tzinfo=ALMATY), start)
        assert not clocks.notice_in_time(datetime(2026, 11, 30, 10, 1, tzinfo=ALMATY), start)

    def test_the_every_minute_schedule_starts_at_the_next_whole_minute(self):
        assert clocks.next_minute(datetime(2026, 3, 16, 23, 59, 30, tzinfo=ALMATY)) == time(0, 0)
        assert clocks.next_minute(datetime(2026, 3, 16, 10, 0, 0, tzinfo=ALMATY)) == time(10, 1)

    def test_naive_datetimes_are_refused(self):
        with pytest.raises(ValueError):
            clocks.calendar_hours_deadline(datetime(2026, 1, 1, 9), 4)

    def test_almaty_is_utc_plus_five_since_march_2024(self):
        assert datetime(2024, 3, 2, 12, tzinfo=ALMATY).utcoffset() == timedelta(hours=5)
        assert clocks.working_days_deadline(date(2026, 11, 20), 2).utcoffset() == timedelta(hours=5)


class TestEditsAndSeeding:
    def test_a_holiday_added_in_the_admin_counts_at_once(self):
        assert add_working_days(date(2026, 11, 20), 2) == date(2026, 11, 24)
        HolidayFactory(date=date(2026, 11, 23), name_en="Extra day off")
        assert add_working_days(date(2026, 11, 20), 2) == date(2026, 11, 25)

    def test_a_transfer_to_a_working_saturday_counts_at_once(self):
        WorkdayTransferFactory(date=date(2026, 11, 21), kind=WorkdayTransfer.Kind.WORKING_DAY)
        assert is_working_day(date(2026, 11, 21))
        assert add_working_days(date(2026, 11, 20), 2) == date(2026, 11, 23)

    def test_an_edit_in_another_process_is_seen_once_the_revision_moves(self):
        CalendarRevision.objects.get_or_create(pk=1)
        year_calendar(2026)
        Holiday.objects.filter(date=date(2026, 12, 16)).update(is_day_off=False)  # as another process would
        assert not is_working_day(date(2026, 12, 16)), "the cached year is used until the revision moves"
        CalendarRevision.objects.filter(pk=1).update(number=F("number") + 1)
        assert is_working_day(date(2026, 12, 16))

    def test_refresh_is_idempotent_and_keeps_manual_edits(self):
        holiday = Holiday.objects.get(date=date(2026, 12, 16))
        holiday.name_ru = "День Независимости Республики Казахстан"
        holiday.source = Source.MANUAL
        holiday.save()
        report = refresh_calendar(years=[2026])
        assert report.created == report.updated == report.removed == 0
        assert report.kept_manual == [date(2026, 12, 16)]
        holiday.refresh_from_db()
        assert holiday.name_ru == "День Независимости Республики Казахстан"

    def test_refresh_restores_a_seeded_row_and_removes_a_stale_one(self):
        Holiday.objects.filter(date=date(2026, 1, 7)).delete()
        Holiday.objects.create(date=date(2026, 2, 2), name_kk="x", name_ru="x", name_en="x", source=Source.PACKAGE)
        report = refresh_calendar(years=[2026])
        assert (report.created, report.removed) == (1, 1)
        assert Holiday.objects.get(date=date(2026, 1, 7)).name_ru == "Православное Рождество"
        assert not Holiday.objects.filter(date=date(2026, 2, 2)).exists()

    def test_seeded_transfers_carry_their_decree(self):
        day_off = WorkdayTransfer.objects.get(date=date(2025, 1, 3))
        assert day_off.kind == WorkdayTransfer.Kind.DAY_OFF
        assert day_off.paired_date == date(2025, 1, 5)
        assert "G24G0000436" in day_off.decree_reference

    def test_a_decree_the_package_lacks_comes_from_the_fixture(self, tmp_path):
        """A (hypothetical) decree making Saturday 9 January 2027 a working day for Friday 8 January."""
        decrees = tmp_path / "decrees.json"
        decrees.write_text(
            '{"references": {}, "transfers": ['
            '{"date": "2027-01-08", "kind": "day_off", "paired_date": "2027-01-09", "decree_reference": "No 1"},'
            '{"date": "2027-01-09", "kind": "working_day", "paired_date": "2027-01-08", "decree_reference": "No 1"}'
            "]}",
            encoding="utf-8",
        )
        call_command("refresh_calendar", "--from-year", "2027", "--to-year", "2027", "--decrees", str(decrees))
        assert WorkdayTransfer.objects.get(date=date(2027, 1, 9)).source == Source.FIXTURE
        assert not is_working_day(date(2027, 1, 8))
        assert is_working_day(date(2027, 1, 9))

    def test_holiday_names_in_three_languages(self):
        nauryz = Holiday.objects.get(date=date(2026, 3, 23))
        assert nauryz.name_ru == "Наурыз мейрамы"
        assert nauryz.name_en == "Nowruz Holiday"
        assert "Наурыз" in nauryz.name_kk
        assert russian_name("Victory Day (observed)") == "День Победы (перенос выходного дня)"

    def test_every_year_from_2016_through_next_year_is_seeded(self):
        years = {day.year for day in Holiday.objects.dates("date", "year")}
        assert set(range(2016, date.today().year + 2)) <= years


def test_refresh_calendar_command_says_what_it_did(capsys, db):
    call_command("refresh_calendar", "--from-year", "2026", "--to-year", "2026")
    assert "Calendar 2026–2026: 0 created, 0 updated" in capsys.readouterr().out


def test_schedules_start_at_the_next_time_of_day():
    """Across midnight and the year boundary, in Almaty time."""
    from datetime import time

    late = datetime(2026, 12, 31, 23, 30, tzinfo=ALMATY)
    assert clocks.next_time_of_day(time(3, 0), now=late) == datetime(2027, 1, 1, 3, 0, tzinfo=ALMATY)
    early = datetime(2026, 12, 31, 1, 0, tzinfo=ALMATY)
    assert clocks.next_time_of_day(time(3, 0), now=early) == datetime(2026, 12, 31, 3, 0, tzinfo=ALMATY)


@pytest.mark.parametrize(
    "day, month_later",
    [
        (date(2026, 3, 10), date(2026, 4, 10)),  # the same day of the next month
        (date(2026, 12, 15), date(2027, 1, 15)),  # over the year's end
        (date(2026, 1, 31), date(2026, 2, 28)),  # February has no 31st: its last day
        (date(2028, 1, 31), date(2028, 2, 29)),  # a leap year's February
        (date(2026, 3, 31), date(2026, 4, 30)),
    ],
)
def test_para_28_reads_within_a_month_as_the_same_day_of_the_next_month(day, month_later):
    assert clocks.same_day_next_month(day) == month_later


class TestWorkingHours:
    """Para 37's terms in working hours: 09:00-18:00 of working days, Almaty time."""

    def test_friday_afternoon_plus_four_working_hours_is_monday_noon(self):
        friday = datetime(2026, 11, 20, 17, 0, tzinfo=ALMATY)
        assert clocks.working_hours_deadline(friday, 4) == datetime(2026, 11, 23, 12, 0, tzinfo=ALMATY)

    def test_within_one_working_day(self):
        tuesday = datetime(2026, 11, 24, 10, 30, tzinfo=ALMATY)
        assert clocks.working_hours_deadline(tuesday, 4) == datetime(2026, 11, 24, 14, 30, tzinfo=ALMATY)

    def test_ending_exactly_at_the_close_of_the_day(self):
        tuesday = datetime(2026, 11, 24, 14, 0, tzinfo=ALMATY)
        assert clocks.working_hours_deadline(tuesday, 4) == datetime(2026, 11, 24, 18, 0, tzinfo=ALMATY)

    def test_independence_day_is_skipped(self):
        """Tuesday 15 December 2026, 16:00 + 4 h: 2 h on Tuesday, Wednesday 16 December a holiday, 2 h Thursday."""
        tuesday = datetime(2026, 12, 15, 16, 0, tzinfo=ALMATY)
        assert clocks.working_hours_deadline(tuesday, 4) == datetime(2026, 12, 17, 11, 0, tzinfo=ALMATY)

    def test_a_request_at_night_or_on_saturday_counts_from_the_next_opening(self):
        night = datetime(2026, 11, 24, 2, 0, tzinfo=ALMATY)
        assert clocks.working_hours_deadline(night, 1) == datetime(2026, 11, 24, 10, 0, tzinfo=ALMATY)
        saturday = datetime(2026, 11, 21, 11, 0, tzinfo=ALMATY)
        assert clocks.working_hours_deadline(saturday, 9) == datetime(2026, 11, 23, 18, 0, tzinfo=ALMATY)

    def test_many_hours_run_over_several_working_days(self):
        """27 working hours = three whole working days: from Monday 09:00 to Wednesday 18:00."""
        monday = datetime(2026, 11, 23, 9, 0, tzinfo=ALMATY)
        assert clocks.working_hours_deadline(monday, 27) == datetime(2026, 11, 25, 18, 0, tzinfo=ALMATY)

    def test_naive_start_is_refused(self):
        with pytest.raises(ValueError):
            clocks.working_hours_deadline(datetime(2026, 11, 24, 10, 0), 1)
