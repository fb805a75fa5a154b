"""The year poster's sheets, its columns and how tall it prints (estimated from its texts by
posterfit.py)."""

from __future__ import annotations

from dataclasses import dataclass

from handbook import dates, urls
from handbook.model import Handbook, Milestone, Period
from handbook.site.posterfit import Fit, poster_fit


@dataclass(frozen=True)
class PosterSize:
    """A sheet for the year poster. The sizes repeat those of style.css (body.poster-a3 / -a4)."""

    name: str
    path: str
    width_mm: float
    height_mm: float
    font_pt: float


POSTER_SIZES = (
    PosterSize("A3", urls.POSTER_A3, 420, 297, 9),
    PosterSize("A4", urls.POSTER_A4, 297, 210, 6.3),
)


def poster_columns(handbook: Handbook) -> list[tuple[Period, list[Milestone], list]]:
    """Each period with the milestones and holidays shown in its column: those inside it, or the
    next period's if between (holidays after the last period are left out)."""
    columns = [(period, [], []) for period in handbook.periods]
    for milestone in handbook.milestones:
        column = next(
            (c for c in columns if milestone.date <= c[0].end), columns[-1] if columns else None
        )
        if column:
            column[1].append(milestone)
    for holiday in handbook.year.breaks() if handbook.year else []:
        column = next((c for c in columns if holiday.first <= c[0].end), None)
        if column:
            column[2].append(holiday)
    return columns


def poster_estimate(handbook: Handbook, size: PosterSize) -> Fit:
    """How tall the poster of this size prints, estimated from the texts of poster.html (see
    posterfit.py)."""
    site = handbook.config
    headers = []
    for period, milestones, holidays in poster_columns(handbook):
        span = f"{dates.short_date(period.start)} → {dates.short_date(period.end)}"
        blocks = [(period.title, True, False), (span, False, False)]
        blocks += [
            (
                f"◆ {dates.short_date(milestone.date)} : {milestone.title}"
                + (" (à confirmer)" if milestone.to_confirm else ""),
                False,
                True,
            )
            for milestone in milestones
        ]
        if size.name == "A3":  # the holidays' lines are bold, as the th they are in
            blocks += [
                (
                    f"{holiday.short_name} : {holiday.first:%d/%m} → {holiday.last:%d/%m}",
                    True,
                    False,
                )
                for holiday in holidays
            ]
        headers.append(blocks)
    rows = [
        (
            role.name,
            [[task.text for task in period.tasks.get(role.id, ())] for period in handbook.periods],
        )
        for role in handbook.roles
    ]
    title = f"{site.title} – {site.school} – {site.school_year.label}"
    return poster_fit(title, headers, rows, size.width_mm, size.height_mm, size.font_pt)
