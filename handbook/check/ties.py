"""Tasks tied to a milestone (« jalon: » in calendar.yaml): a warning when a task's period no longer
fits it.

A task tied to one milestone belongs in the period that contains the milestone's day; a task tied to
two milestones (a window, such as the national certification window) in a period that shares at
least one day with the window. When the dates of a milestone change, the tied tasks do not move by
themselves: the check says which task, which milestone and which period would fit.
"""

from __future__ import annotations

import datetime as dt

from handbook.dates import date_range, long_date
from handbook.model import Milestone, Period, Role, Task
from handbook.problems import Report


def check_ties(
    periods: list[Period], milestones: list[Milestone], roles: list[Role], file: str, report: Report
) -> None:
    by_id = {milestone.id: milestone for milestone in milestones}
    names = {role.id: role.name for role in roles}
    waiting: dict[tuple[str, ...], list[Task]] = {}  # windows none of whose milestones is written
    for period in periods:
        tied = [task for tasks in period.tasks.values() for task in tasks if task.milestone_ids]
        for task in tied:
            role = names.get(task.role_id, task.role_id)
            where = f"la tâche « {task.text} » ({role}, période {period.number})"
            missing = [each for each in task.milestone_ids if each not in by_id]
            if len(task.milestone_ids) == 2 and len(missing) == 2:
                waiting.setdefault(task.milestone_ids, []).append(task)
            elif missing:
                report.warn(
                    task.source or file,
                    task.line,
                    "jalon",
                    f"{where} est liée au jalon « {missing[0]} », qui n'est pas ou plus "
                    f"dans « jalons: » (les jalons : {', '.join(by_id) or 'aucun'}) : "
                    "corrigez « jalon: », ou retirez la tâche si elle n'a plus lieu d'être",
                )
            else:
                days = [by_id[each].date for each in task.milestone_ids]
                span = (min(days), max(days))
                _check_fit(period, task, where, span, periods, by_id, file, report)
    for window, tasks in waiting.items():
        lines = ", ".join(str(task.line) for task in tasks)
        count = (
            f"une tâche (ligne {lines}) est liée"
            if len(tasks) == 1
            else f"{len(tasks)} tâches (lignes {lines}) sont liées"
        )
        report.note(
            tasks[0].source or file,
            tasks[0].line,
            "jalon",
            f"{count} à la fenêtre « {window[0]} » – « {window[1]} », dont les jalons "
            "ne sont pas encore dans « jalons: » (dates pas encore publiées ?) : la "
            "construction vérifiera que ces tâches sont dans les bonnes périodes quand les "
            "deux jalons y seront",
        )


def _check_fit(
    period: Period,
    task: Task,
    where: str,
    span: tuple[dt.date, dt.date],
    periods: list[Period],
    by_id: dict[str, Milestone],
    file: str,
    report: Report,
) -> None:
    first, last = span
    if period.start <= last and first <= period.end:
        return
    fitting = [other.number for other in periods if other.start <= last and first <= other.end]
    if len(task.milestone_ids) == 1:
        milestone = by_id[task.milestone_ids[0]]
        what = f"au jalon « {milestone.id} » ({milestone.title}, le {long_date(milestone.date)})"
    else:
        what = (
            f"à la fenêtre « {task.milestone_ids[0]} » – « {task.milestone_ids[1]} » "
            f"({date_range(first, last)})"
        )
    if fitting:
        numbers = " et ".join(", ".join(map(str, fitting)).rsplit(", ", 1))
        advice = f"déplacez-la en période{'s' if len(fitting) > 1 else ''} {numbers}"
    else:

        def distance(other: Period) -> int:
            return min(abs((other.start - last).days), abs((other.end - first).days))

        nearest = min(periods, key=distance)
        advice = (
            f"aucune période ne tombe à ces dates ; la plus proche est la période {nearest.number}"
        )
    report.warn(
        task.source or file,
        task.line,
        "jalon",
        f"{where} est liée {what}, qui ne tombe pas dans la période {period.number} "
        f"({date_range(period.start, period.end)}) : {advice}, ou changez « jalon: » si "
        "elle n'en dépend plus",
    )
