"""nouvelle-annee: where each date of the calendar goes in the next school year.

Each date keeps its place in the school year:
- inside holidays (of a week or more): the same day of the same holidays (counted from their
  first day);
- before the rentrée: the same weekday, as many weeks before the week of the rentrée;
- in a school stretch (from a rentrée or a reprise to the next holidays): the same weekday, as many
  school weeks after the start of the stretch, or before its end when it is nearer the end
  (stretches do not have the same length every year); a start on the first school day of its week
  counts as that week's Monday, an end on the last one as its Friday;
then a period's start that is no school day moves to the next school day, an end or a milestone to
the previous one, unless the calendar says the date is intended (« debut_voulu », « fin_voulue »,
« date_voulue »): an intended date inside holidays stays inside the same holidays. The calendar
moves one year at a time, and a period whose start moved nearer to or farther from the previous
period's end (only school weeks between) is put back at the same distance, or the report says why
it could not be. Milestones set nationally each year (« date_nationale ») are not computed: they
get the same weekday of the same ISO week, marked « à confirmer ».
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from handbook.dates import long_date
from handbook.model import Milestone, Period, SchoolYear
from handbook.problems import Report
from handbook.year import COMMAND

WEEK = dt.timedelta(days=7)
NATIONAL_NOTE = (
    "date nationale publiée chaque année : mise provisoirement la même semaine que l'année "
    "précédente ; corrigez-la puis retirez « a_confirmer: true »"
)


@dataclass(frozen=True)
class Move:
    what: str  # « période 3, début », « jalon fin-certification »
    old: dt.date
    new: dt.date
    note: str = ""


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def moved(
    day: dt.date, old: SchoolYear, new: SchoolYear, weekday: int | None = None
) -> tuple[dt.date, bool]:
    """The date in the new year (on `weekday` if given, else on its own), and whether it is inside
    holidays."""
    holiday = old.holiday_on(day)
    if holiday and holiday.is_break:
        target = new.holiday_named(holiday.name)
        if target is None:
            known = ", ".join(h.name for h in new.holidays)
            raise ValueError(
                f"les « {holiday.name} » de {old.label} ({old.source}) n'ont pas "
                f"d'équivalent en {new.label} (vacances connues dans {new.source} : "
                f"{known}) ; donnez-leur le même nom les deux années"
            )
        offset = min((day - holiday.first).days, (target.last - target.first).days)
        return target.first + dt.timedelta(days=offset), True
    weekday = dt.timedelta(days=day.weekday() if weekday is None else weekday)
    if day < old.rentree:
        return monday(new.rentree) + (monday(day) - monday(old.rentree)) + weekday, False
    opening = max((h for h in old.breaks() if h.last < day), key=lambda h: h.last, default=None)
    closing = min((h for h in old.breaks() if h.first > day), key=lambda h: h.first, default=None)
    if closing is None:
        raise ValueError(
            f"{old.source} : aucunes vacances de {old.label} après le "
            f"{long_date(day)} ; il y manque sans doute les vacances d'été (« du: » "
            "leur premier jour)"
        )
    start, end = _stretch(opening, closing, old)
    new_start, new_end = _stretch(_same(opening, new), _same(closing, new), new)
    after_start = (monday(day) - monday(start)).days // 7
    before_end = (monday(end) - monday(day)).days // 7
    if after_start <= before_end:
        return monday(new_start) + after_start * WEEK + weekday, False
    return monday(new_end) - before_end * WEEK + weekday, False


def _same(holiday, new: SchoolYear):
    if holiday is None:
        return None
    target = new.holiday_named(holiday.name)
    if target is None:
        raise ValueError(
            f"les « {holiday.name} » n'ont pas d'équivalent en {new.label} dans "
            f"{new.source} ; donnez-leur le même nom les deux années"
        )
    return target


def _stretch(opening, closing, year: SchoolYear) -> tuple[dt.date, dt.date]:
    return (opening.reprise if opening else year.rentree), closing.first - dt.timedelta(days=1)


def nearest_school_day(day: dt.date, year: SchoolYear, forward: bool) -> dt.date:
    step = dt.timedelta(days=1 if forward else -1)
    while not year.is_school_day(day) and year.first_day <= day <= year.last_day:
        day += step
    return day


def same_week_next_year(day: dt.date, years: int) -> dt.date:
    iso = day.isocalendar()
    try:
        return dt.date.fromisocalendar(iso.year + years, iso.week, iso.weekday)
    except ValueError:  # week 53 in a year that has 52
        return dt.date.fromisocalendar(iso.year + years, 52, iso.weekday)


def moved_calendar(
    periods: tuple[Period, ...],
    milestones: tuple[Milestone, ...],
    years: list[SchoolYear],
    report: Report,
):
    moves: list[Move] = []
    confirm: list[Move] = []
    try:
        new_periods, gaps = _moved_periods(periods, years)
    except ValueError as problem:
        report.error(COMMAND, None, None, str(problem))
        return None, None, None, None, None
    for period, new_period in zip(periods, new_periods):
        moves += [
            Move(f"{period.title}, début", period.start, new_period.start),
            Move(f"{period.title}, fin", period.end, new_period.end),
        ]
    for before, after in zip(new_periods, new_periods[1:]):
        if after.start <= before.end or after.end < after.start:
            report.error(
                COMMAND,
                None,
                None,
                f"{after.title} commencerait le {long_date(after.start)}, avant la fin de "
                f"{before.title} ({long_date(before.end)}) : corrigez les dates de l'année en "
                "cours puis relancez",
            )
            return None, None, None, None, None
    new_milestones = []
    for milestone in milestones:
        if milestone.national:
            day = same_week_next_year(milestone.date, len(years) - 1)
            move = Move(
                f"jalon « {milestone.title} »",
                milestone.date,
                day,
                NATIONAL_NOTE,
            )
            confirm.append(move)
            new_milestones.append(dataclasses.replace(milestone, date=day, to_confirm=True))
            continue
        day = _moved_milestone(milestone, periods, new_periods, years)
        move = Move(f"jalon « {milestone.title} »", milestone.date, day)
        moves.append(move)
        if milestone.to_confirm:
            confirm.append(move)
        new_milestones.append(dataclasses.replace(milestone, date=day))
    return new_periods, new_milestones, moves, confirm, gaps


def _moved_periods(periods, years: list[SchoolYear]) -> tuple[list[Period], list[str]]:
    """The periods moved one year at a time, so that each year's pauses are kept (see
    _kept_gaps)."""
    new_periods, gaps = list(periods), []
    for old, new in zip(years, years[1:]):
        previous = new_periods
        new_periods = [
            dataclasses.replace(
                period,
                start=_moved_day(period.start, [old, new], period.start_intended, forward=True),
                end=_moved_day(period.end, [old, new], period.end_intended, forward=False),
            )
            for period in previous
        ]
        gaps += _kept_gaps(previous, new_periods, old, new)
    return new_periods, gaps


def _weeks_apart(end: dt.date, start: dt.date) -> int:
    return (monday(start) - monday(end)).days // 7


def _kept_gaps(
    old_periods: list[Period], new_periods: list[Period], old: SchoolYear, new: SchoolYear
) -> list[str]:
    """Keeps, in new_periods, the distance in weeks between a period's end and the next one's start
    when only school weeks lay between them (a free week before a period stays a free week). Each
    date is placed from the nearer edge of its stretch, so two neighbours placed from opposite edges
    draw apart or together when the stretch changes length; the later start is moved back into
    place. Says what was done, or could not be."""
    said = []
    for index in range(1, len(new_periods)):
        before_old, after_old = old_periods[index - 1], old_periods[index]
        before, after = new_periods[index - 1], new_periods[index]
        if (
            before_old.end_intended
            or after_old.start_intended
            or _breaks(old, before_old.end, after_old.start)
            or _breaks(new, before.end, after.start)
        ):
            continue
        weeks = _weeks_apart(before_old.end, after_old.start)
        if _weeks_apart(before.end, after.start) == weeks:
            continue
        weekday = _week_edge(after_old.start, old, forward=True)
        wanted = (
            monday(before.end)
            + weeks * WEEK
            + dt.timedelta(days=after_old.start.weekday() if weekday is None else weekday)
        )
        wanted = nearest_school_day(wanted, new, forward=True)
        distance = f"{weeks} semaine{'s' if weeks > 1 else ''}" if weeks else "la même semaine"
        if before.end < wanted <= after.end and not _breaks(new, before.end, wanted):
            new_periods[index] = dataclasses.replace(after, start=wanted)
            said.append(
                f"{after.title} : début le {long_date(wanted)} (et non le "
                f"{long_date(after.start)}), pour garder l'écart avec la fin de {before.title} "
                f"({distance} d'un lundi à l'autre, "
                f"comme en {old.label})"
            )
        else:
            said.append(
                f"{after.title} : l'écart avec la fin de {before.title} ({distance} d'un lundi à "
                f"l'autre en {old.label}) n'a pas pu être gardé en {new.label} : il aurait fallu "
                "commencer le "
                f"{long_date(wanted)}, après la fin de la période ({long_date(after.end)}) ou "
                "après des vacances ; vérifiez ces deux périodes"
            )
    return said


def _breaks(year: SchoolYear, first: dt.date, last: dt.date) -> bool:
    """Whether holidays of a week or more lie between two dates."""
    return any(holiday.is_break for holiday in year.holidays_between(first, last))


def _moved_day(day: dt.date, years: list[SchoolYear], intended: bool, forward: bool) -> dt.date:
    for old, new in zip(years, years[1:]):
        edge = None if intended else _week_edge(day, old, forward)
        day, _ = moved(day, old, new, edge)
        if not intended:
            day = nearest_school_day(day, new, forward)
    return day


def _week_edge(day: dt.date, year: SchoolYear, forward: bool) -> int | None:
    """Monday for a start on the first school day of its week, Friday for an end on the last one: so
    a start that a public holiday or a reprise pushed to a Tuesday does not stay a Tuesday in the
    years after."""
    weekdays = range(day.weekday()) if forward else range(day.weekday() + 1, 5)
    others = [monday(day) + dt.timedelta(days=number) for number in weekdays]
    if (
        year.is_school_day(day)
        and others
        and not any(year.is_school_day(other) for other in others)
    ):
        return 0 if forward else 4
    return None


def _moved_milestone(milestone: Milestone, old_periods, new_periods, years) -> dt.date:
    """A milestone moves with its period: on its first or last day if it was, inside its new dates
    otherwise."""
    for old, new in zip(old_periods, new_periods):
        if milestone.date == old.start:
            return new.start
        if milestone.date == old.end:
            return new.end
    day = _moved_day(milestone.date, years, milestone.intended, forward=False)
    for old, new in zip(old_periods, new_periods):
        if old.contains(milestone.date):
            return min(max(day, new.start), new.end)
    return day
