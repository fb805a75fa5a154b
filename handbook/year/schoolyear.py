"""The former home of the school year, kept importable while check/validate.py imports from it
(issue 30): the type is model.SchoolYear, its calendar is read by read/holidays.py, and the days
without class are checked by check/offdays.py."""

from handbook.check.offdays import warn_off_days
from handbook.model import SchoolYear as YearCalendar
from handbook.read.holidays import public_holidays, year_calendar

__all__ = ["YearCalendar", "public_holidays", "warn_off_days", "year_calendar"]
