"""nouvelle-annee: the files it writes, and calendar.yaml and site_config.yaml rewritten with the
new dates and year, comments and layout kept; a rewrite that would change anything else is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from handbook.dates import parse_date
from handbook.model import Config, Milestone, Period
from handbook.problems import Report
from handbook.read.files import SourceFile, display_path, read_text
from handbook.read.load import ARCHIVE_DIR, CALENDAR_FILE
from handbook.read.located import LocatedDict, LocatedList, parse_yaml
from handbook.year.sources import SourceChange, source_text


def written_files(config: Config, label: str, periods, milestones, report: Report):
    """(path → new text, the changes on the disk) of the four files the command writes, or None
    after reporting what it cannot rewrite faithfully."""
    source = read_text(config.content_dir / CALENDAR_FILE, config.root, report)
    config_source = read_text(config.path, config.root, report)
    if source is None or config_source is None:
        return None
    calendar_text = rewritten_calendar(source, periods, milestones, report)
    if calendar_text is None:
        return None
    calendar_text = retitled(calendar_text, config.school_year.label, label)
    config_text = re.sub(
        r"(?m)^(annee_scolaire\s*:\s*)\S+",
        lambda m: m.group(1) + label,
        config_source.text,
        count=1,
    )
    if not (
        faithful_calendar(source, calendar_text, periods, milestones, report)
        & faithful_config(config_source, config_text, label, report)
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


REWRITE_ADVICE = (
    "la commande ne sait pas réécrire {what} telle qu'elle est écrite ; écrivez "
    "chaque champ sur sa propre ligne (« {key}: valeur », sans accolades ni "
    "guillemets autour du nom), puis relancez"
)


def faithful_calendar(source: SourceFile, text: str, periods, milestones, report: Report) -> bool:
    """Whether the rewritten calendar says exactly what the command reports: the old calendar with
    the new dates (and « a_confirmer: true » where reported), nothing else changed. Otherwise the
    items it could not rewrite are reported."""
    old = parse_yaml(source, Report())
    new = parse_yaml(SourceFile(source.path, source.display, text), Report())
    expected, got = plain(old), plain(new)
    if not isinstance(expected, dict) or not isinstance(got, dict):
        report.error(source.display, None, None, "la commande ne sait pas réécrire ce fichier")
        return False
    by_number = {period.number: period for period in periods}
    by_line = milestones_by_line(milestones)
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
    """What the command changes in a period or a milestone of calendar.yaml: the dates it writes (a
    school's calendar over a base writes only some)."""
    period = by_number.get(item.get("numero")) if "numero" in item else None
    if period:
        dates = {"debut": period.start, "fin": period.end}
        return {key: day for key, day in dates.items() if key in item}
    milestone = milestone_of(item, by_line) if "numero" not in item else None
    if milestone is None or "date" not in item:
        return {}
    return {"date": milestone.date, **({"a_confirmer": True} if milestone.to_confirm else {})}


def milestones_by_line(milestones) -> dict:
    """The milestones by the line that wrote them, and by their id (a school's calendar over a base
    names the base's milestones by id: their line is the base's)."""
    found = {(milestone.source, milestone.line): milestone for milestone in milestones}
    found.update({("id", milestone.id): milestone for milestone in milestones})
    return found


def milestone_of(item: LocatedDict, by_line: dict):
    """The milestone a « jalons » item of calendar.yaml writes: by its id, else by its line."""
    if isinstance(item.get("id"), str) and ("id", item["id"]) in by_line:
        return by_line[("id", item["id"])]
    return by_line.get((item.file, item.line))


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


def faithful_config(source: SourceFile, text: str, label: str, report: Report) -> bool:
    """Whether the rewritten configuration is the old one with « annee_scolaire » set to the new
    year."""
    old = parse_yaml(source, Report())
    new = parse_yaml(SourceFile(source.path, source.display, text), Report())
    expected, got = plain(old), plain(new)
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


def plain(value: object) -> object:
    """A parsed YAML value as plain dicts and lists (lines aside), for comparing two versions of a
    file."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def retitled(calendar_text: str, old_label: str, label: str) -> str:
    """The calendar with the year named in its title comment (its first line) changed, when it has
    one."""
    if not calendar_text.startswith("#"):
        return calendar_text
    title, _, rest = calendar_text.partition("\n")
    return title.replace(old_label, label) + "\n" + rest


DATE_VALUE = re.compile(r"^(\s*(?:-\s+)?(?:debut|fin|date)\s*:\s*)([\"']?)([0-9/-]+)\2")


def rewritten_calendar(
    source, periods: list[Period], milestones: list[Milestone], report: Report
) -> str | None:
    """calendar.yaml with each date replaced on its own line (comments and layout kept), in the same
    format."""
    raw = parse_yaml(source, report)
    lines = source.text.split("\n")
    inserts: dict[int, str] = {}
    by_number = {period.number: period for period in periods}
    by_line = milestones_by_line(milestones)
    for item in raw.get("periodes") or []:
        period = by_number.get(item.get("numero"))
        if period and not all(
            [
                _replace_date(lines, item.line_of(key), day)
                for key, day in (("debut", period.start), ("fin", period.end))
                if key in item
            ]
        ):
            report.error(
                source.display,
                item.line,
                f"periodes › {period.number}",
                REWRITE_ADVICE.format(what="cette période", key="debut"),
            )
            return None
    for item in raw.get("jalons") or []:
        milestone = milestone_of(item, by_line) if isinstance(item, LocatedDict) else None
        if milestone is None or "date" not in item:
            continue
        if not _replace_date(lines, item.line_of("date"), milestone.date):
            report.error(
                source.display,
                item.line_of("date"),
                "jalons › date",
                "écrivez ce jalon sur plusieurs lignes (« date: » sur sa propre ligne) pour que "
                "la commande puisse changer sa date",
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
