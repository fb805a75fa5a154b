"""The school year as data: the home page's timeline and strip, and the dates the browser needs for
« en ce moment » (in the home page, and in calendrier.js for every other page)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from handbook import dates, urls
from handbook.model import Handbook
from handbook.site.typography import french

MONTH_ABBREVIATIONS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)


@dataclass(frozen=True)
class StripItem:
    kind: str  # period, holiday, milestone
    label: str
    dates: str
    x: float  # in thousandths of the strip's width (the SVG's viewBox is 1000 wide)
    width: float


def year_strip(handbook: Handbook) -> dict | None:
    """The year drawn to scale, from its first to its last day (periods, holidays, milestones), as
    SVG coordinates; the browser marks today on it."""
    if not handbook.periods:
        return None
    year = handbook.year
    first = min([handbook.periods[0].start] + ([year.rentree] if year else []))
    last = (
        max(handbook.periods[-1].end, *(milestone.date for milestone in handbook.milestones))
        if handbook.milestones
        else handbook.periods[-1].end
    )
    days = (last - first).days + 1

    def place(start, end) -> tuple[float, float]:
        start, end = max(start, first), min(end, last)
        return round(1000 * (start - first).days / days, 1), round(
            1000 * ((end - start).days + 1) / days, 1
        )

    items = [
        StripItem(
            "period",
            period.title,
            dates.date_range(period.start, period.end),
            *place(period.start, period.end),
        )
        for period in handbook.periods
    ]
    if year:
        items += [
            StripItem(
                "holiday",
                holiday.heading,
                dates.date_range(holiday.first, holiday.last),
                *place(holiday.first, holiday.last),
            )
            for holiday in year.holidays
            if holiday.is_break and holiday.first <= last and holiday.last >= first
        ]
    items += [
        StripItem(
            "milestone",
            milestone.title + (" (à confirmer)" if milestone.to_confirm else ""),
            dates.long_date(milestone.date),
            *place(milestone.date, milestone.date),
        )
        for milestone in handbook.milestones
    ]
    months = []
    day = first.replace(day=1)
    while day <= last:
        if (
            day >= first and (x := place(day, day)[0]) <= 950
        ):  # starting in the last 5 %, no room for its name
            months.append((MONTH_ABBREVIATIONS[day.month - 1], x))
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return {
        "items": items,
        "months": months,
        "first": first.isoformat(),
        "days": days,
        "dates": dates.date_range(first, last),
    }


def timeline(handbook: Handbook) -> list[tuple[str, object]]:
    """Periods and the milestones that fall between or inside them, in date order."""
    entries = [(period.start, 0, "period", period) for period in handbook.periods]
    entries += [(milestone.date, 1, "milestone", milestone) for milestone in handbook.milestones]
    if handbook.year:
        entries += [
            (holiday.first, 2, "holiday", holiday)
            for holiday in handbook.year.holidays
            if holiday.is_break and handbook.periods and holiday.first <= handbook.periods[-1].end
        ]
    return [(kind, item) for _, _, kind, item in sorted(entries, key=lambda entry: entry[:2])]


def calendar_data(handbook: Handbook, with_tasks: bool = False) -> dict:
    """The dates the browser needs to show « en ce moment » and mark the current period; under
    « previous », those of the year before when it is archived: the browser speaks of it until its
    last day."""
    label = handbook.config.school_year.label
    start = handbook.config.school_year.start_year
    data = _year_data(
        label,
        f"{start + 1}-{start + 2}",
        handbook.roles,
        handbook.periods,
        handbook.milestones,
        handbook.year,
        urls.period_path,
        with_tasks,
    )
    before = handbook.year_before
    if before:
        data["previous"] = _year_data(
            before.label,
            label,
            before.roles,
            before.periods,
            before.milestones,
            before.year,
            lambda period: urls.archived_period_path(before.label, period),
            with_tasks,
        )
    return data


def _year_data(
    label: str, next_label: str, roles, periods, milestones, year, period_path, with_tasks: bool
) -> dict:
    data = {
        "roles": [{"id": role.id, "name": role.name} for role in roles],
        "periods": [
            {
                "title": french(period.title),
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "path": period_path(period),
            }
            for period in periods
        ],
        "milestones": [
            {
                "title": french(
                    milestone.title + (" (date à confirmer)" if milestone.to_confirm else "")
                ),
                "date": milestone.date.isoformat(),
                "roles": list(milestone.role_ids),
            }
            for milestone in milestones
        ],
        "year": label,
        "next_year": next_label,
        "rentree": year.rentree.isoformat() if year else None,
        "holidays": [
            {
                "name": holiday.name,
                "start": holiday.first.isoformat(),
                "end": holiday.last.isoformat(),
            }
            for holiday in year.holidays
        ]
        if year
        else [],
        "public_holidays": [day.isoformat() for day, _ in year.public_holidays] if year else [],
    }
    if with_tasks:
        for period, entry in zip(periods, data["periods"]):
            entry["tasks"] = {
                role_id: [
                    {
                        "text": french(task.text),
                        "guide": urls.guide_path(task.guide_slugs[0]) if task.guide_slugs else None,
                    }
                    for task in tasks
                ]
                for role_id, tasks in period.tasks.items()
            }
    return data


def calendar_script(calendar: dict) -> bytes:
    """The calendar data as a script that every page but the home page loads (a script file, which
    browsers also load from file://, made once instead of a copy in each page)."""
    data = json.dumps(calendar, ensure_ascii=False, separators=(",", ":"))
    return f"window.GUIDE_PIX_CALENDRIER={data};\n".encode("utf-8")
