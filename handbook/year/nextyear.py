"""python build.py nouvelle-annee AAAA-AAAA: next year's calendar from this year's, the holidays of both years.

Each date keeps its place in the school year:
- inside holidays (of a week or more): the same day of the same holidays (counted from their first day);
- before the rentrée: the same weekday, as many weeks before the week of the rentrée;
- in a school stretch (from a rentrée or a reprise to the next holidays): the same weekday, as many school
  weeks after the start of the stretch, or before its end when it is nearer the end (stretches do not have
  the same length every year); a start on the first school day of its week counts as that week's Monday,
  an end on the last one as its Friday;
then a period's start that is no school day moves to the next school day, an end or a milestone to the
previous one, unless the calendar says the date is intended (« debut_voulu », « fin_voulue », « date_voulue »):
an intended date inside holidays stays inside the same holidays. The calendar moves one year at a time, and a
period whose start moved nearer to or farther from the previous period's end (only school weeks between) is
put back at the same distance, or the report says why it could not be. Milestones set nationally each year
(« date_nationale ») are not computed: they get the same weekday of the same ISO week, marked « à confirmer ».
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from handbook.build.cache import Store
from handbook.build.pipeline import Cache, checked_handbook
from handbook.build.write import (
    JOURNAL,
    SourceChange,
    finish_interrupted,
    interrupted_changes,
    read_back,
    remove_staged,
    replace_sources,
    source_text,
)
from handbook.dates import long_date, parse_date
from handbook.model import Milestone, Period
from handbook.problems import BuildFailed, Report, command, shown, shown_path, system_reason
from handbook.read.config import Config, SchoolYear, load_config, school_year_of
from handbook.read.files import SourceFile, display_path, read_text
from handbook.read.load import ARCHIVE_DIR, CALENDAR_FILE
from handbook.read.located import LocatedDict, LocatedList, parse_yaml
from handbook.year.schoolyear import YearCalendar, missing_holidays, year_calendar

WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class Move:
    what: str  # « période 3, début », « jalon fin-certification »
    old: dt.date
    new: dt.date
    note: str = ""


@dataclass(frozen=True)
class Plan:
    label: str
    year: YearCalendar
    moves: tuple[Move, ...]
    to_confirm: tuple[Move, ...]
    guides_to_review: tuple[str, ...]
    files: dict  # path → new text
    archive: Path
    gaps: tuple[str, ...] = ()  # the distances between periods kept, or that could not be
    changes: tuple[SourceChange, ...] = ()  # what writing it changes on the disk


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def moved(
    day: dt.date, old: YearCalendar, new: YearCalendar, weekday: int | None = None
) -> tuple[dt.date, bool]:
    """The date in the new year (on `weekday` if given, else on its own), and whether it is inside holidays."""
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


def _same(holiday, new: YearCalendar):
    if holiday is None:
        return None
    target = new.holiday_named(holiday.name)
    if target is None:
        raise ValueError(
            f"les « {holiday.name} » n'ont pas d'équivalent en {new.label} dans "
            f"{new.source} ; donnez-leur le même nom les deux années"
        )
    return target


def _stretch(opening, closing, year: YearCalendar) -> tuple[dt.date, dt.date]:
    return (opening.reprise if opening else year.rentree), closing.first - dt.timedelta(days=1)


def nearest_school_day(day: dt.date, year: YearCalendar, forward: bool) -> dt.date:
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


COMMAND = "nouvelle-annee"


def target_start(config: Config, label: str, report: Report) -> int | None:
    """The first calendar year of the school year to prepare, or None after reporting why it cannot be."""
    current = config.school_year.start_year
    example = command(f"{COMMAND} {current + 1}-{current + 2}")
    if not label.strip():
        report.error(COMMAND, None, None, f"indiquez l'année à préparer, par exemple : {example}")
        return None
    year = school_year_of(label)
    if year is None:
        report.error(
            COMMAND,
            None,
            None,
            f"« {label} » : attendu l'année à préparer sous la "
            f"forme 2024-2025, par exemple : {example}",
        )
        return None
    if year.start_year <= current:
        report.error(
            COMMAND,
            None,
            None,
            f"{label} n'est pas après l'année du guide ({config.school_year.label}, « annee_scolaire » de "
            f"{config.display}) : attendu une année à venir, par exemple {current + 1}-{current + 2}",
        )
        return None
    return year.start_year


def misused(label: str) -> bool:
    """Whether the year is missing or not written as a school year: a misused command line (exit
    code 2)."""
    return school_year_of(label.strip()) is None


def plan(config: Config, label: str, report: Report) -> Plan | None:
    """What the command would write, or None after reporting why it cannot."""
    target = target_start(config, label, report)
    if target is None:
        return None
    current = config.school_year.start_year
    if not safe_targets(config, targets(config), report):
        return None
    handbook = checked_handbook(config, Cache(store=Store()), report)
    if handbook is None:
        report.error(COMMAND, None, None, "corrigez d'abord le contenu de l'année en cours")
        return None
    years = _years(config, range(current, target + 1), label, report)
    if years is None:
        return None
    if years[0] is None:
        report.error(
            config.display,
            None,
            "zone_vacances",
            "la commande a besoin des vacances scolaires : indiquez « zone_vacances: A », B ou C, "
            f"ou écrivez-les dans {config.content_dir.name}/vacances.yaml",
        )
        return None
    periods, milestones, moves, confirm, gaps = _moved_calendar(
        handbook.periods, handbook.milestones, years, report
    )
    if periods is None:
        return None
    written = _written_files(config, label, periods, milestones, report)
    if written is None:
        return None
    files, changes = written
    guides = tuple(
        f"{guide.source} (règles de {guide.rules_year})"
        for guide in handbook.guides.values()
        if guide.rules_year and guide.rules_year < label
    )
    archive = config.content_dir / ARCHIVE_DIR / config.school_year.label
    return Plan(
        label, years[-1], tuple(moves), tuple(confirm), guides, files, archive, tuple(gaps), changes
    )


def _years(config: Config, starts: range, label: str, report: Report) -> list | None:
    """The calendar of each school year from this one to the one to prepare, or None after reporting
    the first year whose holidays are unknown, or every holiday the next year does not name."""
    years = []
    for start in starts:
        years.append(year_calendar(config, report, SchoolYear(start)))
        if report.errors:
            if start != starts[-1]:
                report.error(
                    COMMAND,
                    None,
                    None,
                    f"pour préparer {label}, la commande a besoin "
                    f"des vacances de chaque année depuis {config.school_year.label}",
                )
            return None
    missing_holidays(years, report)
    return None if report.errors else years


def _written_files(config: Config, label: str, periods, milestones, report: Report):
    """(path → new text, the changes on the disk) of the four files the command writes, or None
    after reporting what it cannot rewrite faithfully."""
    source = read_text(config.content_dir / CALENDAR_FILE, config.root, report)
    config_source = read_text(config.path, config.root, report)
    if source is None or config_source is None:
        return None
    calendar_text = _rewritten_calendar(source, periods, milestones, report)
    if calendar_text is None:
        return None
    calendar_text = _retitled(calendar_text, config.school_year.label, label)
    config_text = re.sub(
        r"(?m)^(annee_scolaire\s*:\s*)\S+",
        lambda m: m.group(1) + label,
        config_source.text,
        count=1,
    )
    if not (
        _faithful_calendar(source, calendar_text, periods, milestones, report)
        & _faithful_config(config_source, config_text, label, report)
    ):
        return None
    kept, kept_config, _, _ = targets(config)
    if kept.exists() and source_text(kept) != source.text:
        report.error(
            display_path(kept, config.root),
            None,
            None,
            f"une autre copie de {config.school_year.label} est déjà archivée ici ; "
            "déplacez-la avant de relancer la commande",
        )
        return None
    files = {
        kept: source.text,
        kept_config: config_source.text,
        config.content_dir / CALENDAR_FILE: calendar_text,
        config.path: config_text,
    }
    before = {
        kept: source_text(kept),
        kept_config: source_text(kept_config),
        config.content_dir / CALENDAR_FILE: source.text,
        config.path: config_source.text,
    }
    return files, tuple(SourceChange(path, before[path], text) for path, text in files.items())


def targets(config: Config) -> list[Path]:
    """The files the command writes: the archived copies of the calendar and the configuration,
    then both."""
    archive = config.content_dir / ARCHIVE_DIR / config.school_year.label
    return [
        archive / CALENDAR_FILE,
        archive / config.path.name,
        config.content_dir / CALENDAR_FILE,
        config.path,
    ]


THROUGH_LINK = (
    "est un lien symbolique (vers {target}) : la commande n'écrit jamais à travers un "
    "lien ; remplacez-le par le fichier ou le dossier lui-même, puis relancez"
)


def safe_targets(config: Config, paths: list[Path], report: Report) -> bool:
    """Whether every file the command writes, and every folder on the way to it from the content
    folder (or the project folder), is a plain file or folder: a symbolic link would send what is
    written out of the project, or be replaced by a plain file while what it leads to stays in the
    old year. Problems go to the report."""
    errors = len(report.errors)
    for path in paths:
        top = config.content_dir if config.content_dir in path.parents else path.parent
        folders = [folder for folder in reversed(path.parents) if top in folder.parents]
        for step in folders + [path]:
            display = display_path(step, config.root)
            if step.is_symlink():
                report.error(
                    display, None, None, THROUGH_LINK.format(target=os.path.realpath(step))
                )
                break
            if step is not path and step.exists() and not step.is_dir():
                report.error(
                    display,
                    None,
                    None,
                    "devrait être un dossier, c'est un fichier : "
                    "renommez-le ou déplacez-le, puis relancez",
                )
                break
            if step is path and step.exists() and not step.is_file():
                report.error(
                    display,
                    None,
                    None,
                    "devrait être un fichier, c'est un dossier (ou "
                    "un autre objet) : renommez-le ou déplacez-le, "
                    "puis relancez",
                )
    return len(report.errors) == errors


REWRITE_ADVICE = (
    "la commande ne sait pas réécrire {what} telle qu'elle est écrite ; écrivez "
    "chaque champ sur sa propre ligne (« {key}: valeur », sans accolades ni "
    "guillemets autour du nom), puis relancez"
)


def _faithful_calendar(source: SourceFile, text: str, periods, milestones, report: Report) -> bool:
    """Whether the rewritten calendar says exactly what the command reports: the old calendar with
    the new dates (and « a_confirmer: true » where reported), nothing else changed. Otherwise the
    items it could not rewrite are reported."""
    old = parse_yaml(source, Report())
    new = parse_yaml(SourceFile(source.path, source.display, text), Report())
    expected, got = _plain(old), _plain(new)
    if not isinstance(expected, dict) or not isinstance(got, dict):
        report.error(source.display, None, None, "la commande ne sait pas réécrire ce fichier")
        return False
    by_number = {period.number: period for period in periods}
    by_line = {milestone.line: milestone for milestone in milestones}
    faithful = True
    for key, what, field in (
        ("periodes", "cette période", "debut"),
        ("jalons", "ce jalon", "date"),
    ):
        items = old.get(key) if isinstance(old.get(key), LocatedList) else []
        wanted = [
            _dated({**plain, **_new_fields(item, by_number, by_line)})
            if isinstance(item, LocatedDict)
            else plain
            for item, plain in zip(items, expected.get(key) or [])
        ]
        written = [_dated(item) for item in got[key]] if isinstance(got.get(key), list) else []
        for index, item in enumerate(items):
            if index >= len(written) or written[index] != wanted[index]:
                faithful = False
                line = item.line if isinstance(item, LocatedDict) else old.line_of(key)
                report.error(source.display, line, key, REWRITE_ADVICE.format(what=what, key=field))
        expected[key], got[key] = wanted, written
    if faithful and expected != got:
        report.error(
            source.display, None, None, "la commande ne sait pas réécrire ce fichier fidèlement"
        )
        return False
    return faithful


def _new_fields(item: LocatedDict, by_number: dict, by_line: dict) -> dict:
    """What the command changes in a period or a milestone of calendar.yaml."""
    period = by_number.get(item.get("numero")) if "numero" in item else None
    if period:
        return {"debut": period.start, "fin": period.end}
    milestone = by_line.get(item.line) if "numero" not in item else None
    if milestone is None:
        return {}
    return {"date": milestone.date, **({"a_confirmer": True} if milestone.to_confirm else {})}


def _dated(item: object) -> object:
    """A period or milestone with its dates as dates, however they are written."""
    if not isinstance(item, dict):
        return item
    dated = dict(item)
    for key in ("debut", "fin", "date"):
        try:
            dated[key] = parse_date(dated[key]) if key in dated else None
        except ValueError:
            pass
    return dated


def _faithful_config(source: SourceFile, text: str, label: str, report: Report) -> bool:
    """Whether the rewritten configuration is the old one with « annee_scolaire » set to the new
    year."""
    old = parse_yaml(source, Report())
    new = parse_yaml(SourceFile(source.path, source.display, text), Report())
    expected, got = _plain(old), _plain(new)
    if isinstance(expected, dict):
        expected["annee_scolaire"] = label
    if isinstance(got, dict) and "annee_scolaire" in got:
        got["annee_scolaire"] = str(got["annee_scolaire"])
    if expected == got:
        return True
    line, current = (
        (old.line_of("annee_scolaire"), old.get("annee_scolaire"))
        if isinstance(old, LocatedDict)
        else (None, "")
    )
    report.error(
        source.display,
        line,
        "annee_scolaire",
        f"la commande ne sait pas réécrire cette ligne ; écrivez-la « annee_scolaire: "
        f"{current} » (sans guillemets autour du nom, seule sur sa ligne), puis relancez",
    )
    return False


def _plain(value: object) -> object:
    """A parsed YAML value as plain dicts and lists (lines aside), for comparing two versions of a
    file."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _retitled(calendar_text: str, old_label: str, label: str) -> str:
    """The calendar with the year named in its title comment (its first line) changed, when it has one."""
    if not calendar_text.startswith("#"):
        return calendar_text
    title, _, rest = calendar_text.partition("\n")
    return title.replace(old_label, label) + "\n" + rest


def _moved_calendar(
    periods: tuple[Period, ...],
    milestones: tuple[Milestone, ...],
    years: list[YearCalendar],
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
                f"{after.title} commencerait le {long_date(after.start)}, avant la fin de {before.title} "
                f"({long_date(before.end)}) : corrigez les dates de l'année en cours puis relancez",
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
                "date nationale publiée chaque année : mise provisoirement la même semaine que l'année "
                "précédente ; corrigez-la puis retirez « a_confirmer: true »",
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


def _moved_periods(periods, years: list[YearCalendar]) -> tuple[list[Period], list[str]]:
    """The periods moved one year at a time, so that each year's pauses are kept (see _kept_gaps)."""
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
    old_periods: list[Period], new_periods: list[Period], old: YearCalendar, new: YearCalendar
) -> list[str]:
    """Keeps, in new_periods, the distance in weeks between a period's end and the next one's start when only
    school weeks lay between them (a free week before a period stays a free week). Each date is placed from the
    nearer edge of its stretch, so two neighbours placed from opposite edges draw apart or together when the
    stretch changes length; the later start is moved back into place. Says what was done, or could not be."""
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
                f"{after.title} : début le {long_date(wanted)} (et non le {long_date(after.start)}), pour "
                f"garder l'écart avec la fin de {before.title} ({distance} d'un lundi à l'autre, "
                f"comme en {old.label})"
            )
        else:
            said.append(
                f"{after.title} : l'écart avec la fin de {before.title} ({distance} d'un lundi à l'autre en "
                f"{old.label}) n'a pas pu être gardé en {new.label} : il aurait fallu commencer le "
                f"{long_date(wanted)}, après la fin de la période ({long_date(after.end)}) ou après des "
                "vacances ; vérifiez ces deux périodes"
            )
    return said


def _breaks(year: YearCalendar, first: dt.date, last: dt.date) -> bool:
    """Whether holidays of a week or more lie between two dates."""
    return any(holiday.is_break for holiday in year.holidays_between(first, last))


def _moved_day(day: dt.date, years: list[YearCalendar], intended: bool, forward: bool) -> dt.date:
    for old, new in zip(years, years[1:]):
        edge = None if intended else _week_edge(day, old, forward)
        day, _ = moved(day, old, new, edge)
        if not intended:
            day = nearest_school_day(day, new, forward)
    return day


def _week_edge(day: dt.date, year: YearCalendar, forward: bool) -> int | None:
    """Monday for a start on the first school day of its week, Friday for an end on the last one: so a start
    that a public holiday or a reprise pushed to a Tuesday does not stay a Tuesday in the years after."""
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
    """A milestone moves with its period: on its first or last day if it was, inside its new dates otherwise."""
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


DATE_VALUE = re.compile(r"^(\s*(?:-\s+)?(?:debut|fin|date)\s*:\s*)([\"']?)([0-9/-]+)\2")


def _rewritten_calendar(
    source, periods: list[Period], milestones: list[Milestone], report: Report
) -> str | None:
    """calendar.yaml with each date replaced on its own line (comments and layout kept), in the same format."""
    raw = parse_yaml(source, report)
    lines = source.text.split("\n")
    inserts: dict[int, str] = {}
    by_number = {period.number: period for period in periods}
    by_line = {milestone.line: milestone for milestone in milestones}
    for item in raw.get("periodes") or []:
        period = by_number.get(item.get("numero"))
        if period and not (
            _replace_date(lines, item.line_of("debut"), period.start)
            & _replace_date(lines, item.line_of("fin"), period.end)
        ):
            report.error(
                source.display,
                item.line,
                f"periodes › {period.number}",
                REWRITE_ADVICE.format(what="cette période", key="debut"),
            )
            return None
    for item in raw.get("jalons") or []:
        milestone = by_line.get(item.line)
        if milestone is None:
            continue
        if not _replace_date(lines, item.line_of("date"), milestone.date):
            report.error(
                source.display,
                item.line_of("date"),
                "jalons › date",
                "écrivez ce jalon sur plusieurs lignes (« date: » sur sa propre ligne) pour que la commande "
                "puisse changer sa date",
            )
            return None
        if milestone.to_confirm and not isinstance(item.get("a_confirmer"), bool):
            line = lines[item.line_of("date") - 1]
            indent = re.match(r"^(\s*)(?:-\s+)?", line)
            inserts[item.line_of("date")] = " " * len(indent.group(0)) + "a_confirmer: true"
        elif milestone.to_confirm and item.get("a_confirmer") is False:
            index = item.line_of("a_confirmer") - 1
            lines[index] = lines[index].replace("false", "true")
    for line_number in sorted(inserts, reverse=True):
        lines.insert(line_number, inserts[line_number])
    return "\n".join(lines)


def _replace_date(lines: list[str], line_number: int, day: dt.date) -> bool:
    line = lines[line_number - 1]
    match = DATE_VALUE.match(line)
    if not match:
        return False
    written = day.strftime("%d/%m/%Y") if "/" in match.group(3) else day.isoformat()
    lines[line_number - 1] = line[: match.start(3)] + written + line[match.end(3) :]
    return True


def running_year_lines(result: Plan, today: dt.date) -> list[str]:
    """While the year being archived still runs (the next one prepared in December, say), what the
    site says until its last day."""
    running = SchoolYear(int(result.archive.name[:4]))
    if today > running.last_day:
        return []
    until = f"L'année {running.label} dure jusqu'au {long_date(running.last_day)} : jusque-là,"
    if SchoolYear(running.start_year + 1).label != result.label:
        return [
            f"{until} « En ce moment » (page d'accueil) dira que l'année {result.label} n'a pas "
            "encore commencé.",
            "",
        ]
    return [
        f"{until} « En ce moment » (page d'accueil et menu de chaque page) parle d'elle, "
        f"d'après sa copie dans {shown_path(result.archive)}, et la page « Années précédentes » "
        "la dit en cours ; le reste du site (périodes, listes à cocher, affiches, agendas) montre "
        f"{result.label} dès la prochaine construction.",
        "",
    ]


def report_lines(result: Plan, dry_run: bool, today: dt.date | None = None) -> list[str]:
    year = result.year
    zone = f"zone {year.zone}" if year.zone else f"vacances de {year.source}"
    lines = [
        f"Année {result.label} ({zone}) : rentrée le {long_date(year.rentree)}.",
        "",
        "Dates déplacées :",
    ]
    for move in result.moves:
        lines.append(f"  {move.what} : {long_date(move.old)} → {long_date(move.new)}")
    if result.gaps:
        lines += ["", "Écarts entre périodes :"] + [f"  {said}" for said in result.gaps]
    lines += ["", "À confirmer :" if result.to_confirm else "Rien à confirmer."]
    for move in result.to_confirm:
        lines.append(
            f"  {move.what} : {long_date(move.new)} (au lieu du {long_date(move.old)})"
            + (f" ; {move.note}" if move.note else "")
        )
    lines += [
        "",
        f"Guides à relire pour {result.label} :"
        if result.guides_to_review
        else "Aucun guide à relire.",
    ]
    lines += [f"  {guide}" for guide in result.guides_to_review]
    lines.append("")
    lines += running_year_lines(result, today or dt.date.today())
    if dry_run:
        lines.append("Aperçu seulement (--dry-run) : rien n'a été écrit.")
    else:
        lines.append(
            f"Année précédente copiée dans {shown_path(result.archive)} (elle reste lisible "
            "dans le site, page « Années précédentes »)."
        )
        lines.append(
            f"Nouveau calendrier écrit. Relisez-le, puis construisez le site : {command('')}"
        )
    return lines


def prepare(
    config_path: Path,
    label: str,
    dry_run: bool,
    content: Path | None = None,
    today: dt.date | None = None,
    step=None,
) -> tuple[int, list[str]]:
    """Run the command: (exit code, lines to print). `step` is called before each change on the
    disk (the tests stop the process there, step by step)."""
    report = Report()
    steps = {"step": step} if step else {}
    try:
        if Path(config_path).absolute().is_symlink():
            report.error(
                str(config_path),
                None,
                None,
                THROUGH_LINK.format(target=os.path.realpath(config_path)),
            )
            raise BuildFailed(report)
        config = load_config(config_path, report, content)
        journal = config.content_dir / JOURNAL
        interrupted = interrupted_changes(journal)
        if interrupted is not None:
            return _finished(config, journal, interrupted, label, dry_run, steps)
        if not dry_run:
            remove_staged(targets(config), journal)  # left by a run stopped before its journal
        result = plan(config, label, report)
    except BuildFailed:
        result = None
    except OSError as error:
        report.error(
            display_path(Path(error.filename or config_path), Path.cwd()),
            None,
            None,
            f"lecture impossible ({system_reason(error)})",
        )
        result = None
    if result is None:
        return 2 if misused(label) else 1, _failure(report, Path(config_path).absolute().parent)
    if dry_run:
        return 0, report_lines(result, dry_run, today)
    return _written(result, config, journal, steps, today)


def _written(
    result: Plan, config: Config, journal: Path, steps: dict, today: dt.date | None
) -> tuple[int, list[str]]:
    """Write the plan's files, read them back: (exit code, lines to print)."""
    try:
        replace_sources(list(result.changes), journal, result.label, **steps)
    except OSError as error:
        if interrupted_changes(journal) is None:  # undone: nothing changed
            report = Report()
            report.error(
                _where(error, config),
                None,
                None,
                f"écriture impossible ({system_reason(error)}) ; corrigez les droits du "
                "dossier, puis relancez",
            )
            return 1, _failure(report, config.root)
        return 1, _unfinished(error, config, result.label)
    wrong = read_back(list(result.changes))
    if wrong:
        return 1, [
            f"ERREUR  {display_path(path, config.root)} : relu après l'écriture, le "
            "fichier n'a pas le texte écrit (un autre programme l'a-t-il modifié ?) ; "
            "vérifiez-le avant de construire le site"
            for path in wrong
        ] + ["Échec : l'année n'a peut-être pas été entièrement préparée."]
    return 0, report_lines(result, False, today)


def _failure(report: Report, root: Path) -> list[str]:
    """The errors in order, their files named from the current folder (root: the project folder)."""
    return [f"ERREUR  {problem}" for problem in shown(report.errors, root)] + [
        "Échec : rien n'a été écrit."
    ]


def _where(error: OSError, config: Config) -> str:
    return display_path(Path(error.filename or config.content_dir), config.root)


def _unfinished(error: OSError, config: Config, label: str) -> list[str]:
    return [
        f"ERREUR  {_where(error, config)} : écriture impossible ({system_reason(error)}) ; le "
        "changement d'année est commencé : une fois le problème réglé, relancez la commande "
        f"pour le terminer : {command(f'{COMMAND} {label}')}",
        "Échec : l'année n'est pas encore entièrement préparée.",
    ]


def _finished(config: Config, journal: Path, interrupted, label: str, dry_run: bool, steps: dict):
    """Complete a run that was stopped while it replaced the files (its journal says what was left
    to do): (exit code, lines to print)."""
    before, changes = interrupted
    if dry_run:
        return 1, [
            f"ERREUR  la commande « {COMMAND} {before} » a été interrompue avant la fin ; "
            "relancez-la sans --dry-run pour la terminer : "
            f"{command(f'{COMMAND} {before}')}",
            "Échec : rien n'a été écrit.",
        ]
    report = Report()
    if not safe_targets(config, [change.path for change in changes], report):
        return 1, _failure(report, config.root)
    try:
        changed = finish_interrupted(journal, **steps)
    except OSError as error:
        return 1, _unfinished(error, config, before)
    if changed:
        return 1, [
            f"ERREUR  {display_path(path, config.root)} : la commande « {COMMAND} "
            f"{before} », interrompue, ne peut pas être terminée : ce fichier a été "
            "modifié depuis ; remettez-le comme avant ou finissez le changement d'année à "
            "la main"
            for path in changed
        ] + ["Échec : la commande interrompue n'a pas été terminée."]
    done = [
        f"La commande « {COMMAND} {before} », interrompue avant la fin, a été terminée : "
        f"l'année {before} est prête. Relisez le calendrier, puis construisez le site : "
        f"{command('')}"
    ]
    if label.strip() == before:
        return 0, done
    return 1, done + [
        f"ERREUR  {COMMAND} : rien d'autre n'a été fait ; relancez la commande pour "
        f"préparer {label.strip() or 'une autre année'} si c'est encore voulu"
    ]
