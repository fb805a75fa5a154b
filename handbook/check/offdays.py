"""Dates of the calendar that fall on a day without class: warnings, unless the calendar says the
date is intended."""

from __future__ import annotations

from handbook.dates import long_date
from handbook.model import SchoolYear
from handbook.problems import Report


def warn_off_days(
    periods, milestones, year: SchoolYear, calendar_file: str, report: Report
) -> None:
    """A period that starts or ends, or a milestone that falls, on a day without class: a warning,
    unless the calendar says the date is intended."""
    for period in periods:
        for day, intended, key, verb in (
            (period.start, period.start_intended, "debut_voulu", "commence"),
            (period.end, period.end_intended, "fin_voulue", "finit"),
        ):
            reason = year.off_reason(day)
            if reason and not intended:
                report.warn(
                    period.source or calendar_file,
                    period.line,
                    f"periodes › {period.number}",
                    f"la période {period.number} {verb} le {long_date(day)}, {reason} ; corrigez "
                    f"la date, ou, si elle est voulue, ajoutez « {key}: true » à la période",
                )
    for milestone in milestones:
        reason = year.off_reason(milestone.date)
        if reason and not milestone.intended and not milestone.to_confirm:
            report.warn(
                milestone.source or calendar_file,
                milestone.line,
                f"jalons › {milestone.id}",
                f"le jalon « {milestone.title} » tombe le {long_date(milestone.date)}, {reason} ; "
                "corrigez la date, ou, si elle est voulue, ajoutez « date_voulue: true » au jalon",
            )
