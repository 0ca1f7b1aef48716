"""The working-day calendar: the one place every deadline of the Rules is computed.

Use `workflows.calendar.working_days` (is_working_day, add_working_days, …) and the clocks in
`workflows.calendar.clocks`; never add `timedelta(days=n)` for a working-day rule.
"""
