"""nouvelle-annee on a school that builds on a base (« base: ../base »). The base's dates are moved
by the base's own run, first: national dates are entered once, in the base. The school's run then
moves only the dates its own calendar.yaml writes (a period's start or end it changes, its
milestones' dates), by the same rules (moves.py), and archives the year being closed as the school
had it: its calendar merged over the base's calendar of that year (the base's archived copy),
written out whole, so that the school's page « Années précédentes » shows it after the base has
moved on."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import yaml

from handbook.build.bodies import job_for, processed_bodies
from handbook.build.cache import Store
from handbook.build.checked import validate
from handbook.build.pipeline import Cache, layered_content
from handbook.build.settings import load_config
from handbook.merge.calendar import merged_calendar
from handbook.merge.content import merged_content
from handbook.merge.values import mappings_in
from handbook.model import Config, Handbook, SchoolYear
from handbook.problems import BuildFailed, Report, command, shown_path
from handbook.read.config import read_config
from handbook.read.files import SourceFile, display_path, read_text
from handbook.read.holidays import year_calendar
from handbook.read.load import ARCHIVE_DIR, CALENDAR_FILE, Content, YamlFile, load_yaml
from handbook.read.located import LocatedDict, parse_yaml
from handbook.year import COMMAND
from handbook.year.moves import NATIONAL_NOTE, Move, moved_calendar
from handbook.year.plan import Plan, moving_years, safe_targets
from handbook.year.rewrite import (
    faithful_calendar,
    faithful_config,
    milestone_of,
    milestones_by_line,
    plain,
    retitled,
    rewritten_calendar,
)
from handbook.year.sources import SourceChange, source_text


@dataclasses.dataclass(frozen=True)
class _School:
    """The school's own files as written: its calendar (None: it has none) and configuration."""

    calendar: SourceFile | None
    calendar_value: object
    config: SourceFile
    config_value: LocatedDict


def based_plan(
    config: Config, label: str, report: Report, closing: str | None = None
) -> Plan | None:
    """What the command writes for a school with a base, or None after reporting why it cannot.
    closing: the year being closed (the base's before its run); by default the school's own
    « annee_scolaire », else the year before the one to prepare."""
    target = _target(label, report)
    own = _own_files(config, report) if target else None
    if own is None:
        return None
    written_year = own.config_value.get("annee_scolaire")
    closing_year = SchoolYear.of(str(closing or written_year or target.previous.label))
    if closing_year is None or closing_year.start_year >= target.start_year:
        report.error(
            config.display,
            own.config_value.line_of("annee_scolaire"),
            "annee_scolaire",
            f"{label} n'est pas après l'année de l'établissement ({written_year}) : attendu "
            "une année à venir",
        )
        return None
    base_archive = _base_archive(config, target, closing_year, report)
    if base_archive is None or not _not_archived_yet(config, closing_year, target, report):
        return None
    return _plan(config, own, target, closing_year, base_archive, report)


def _plan(config, own, target, closing_year, base_archive, report) -> Plan | None:
    archive = config.content_dir / ARCHIVE_DIR / closing_year.label
    cache = Cache(store=Store())
    content = layered_content(config, cache, Report())
    closing_config = dataclasses.replace(config, school_year=closing_year)
    found = _closing_handbook(closing_config, content, cache, own, base_archive, report)
    if found is None:
        return None
    handbook, closing_calendar = found
    years = moving_years(
        closing_config, range(closing_year.start_year, target.start_year + 1), target.label, report
    )
    if years is None:
        return None
    periods, milestones, _, _, gaps = moved_calendar(
        handbook.periods, handbook.milestones, years, report
    )
    if periods is None:
        return None
    moves, confirm = _own_moves(own.calendar_value, handbook, periods, milestones)
    files = {
        archive / CALENDAR_FILE: _archived_text(closing_calendar, config, closing_year, target),
        archive / config.path.name: own.config.text,
    }
    if own.calendar is not None:
        text = _calendar_text(own.calendar, periods, milestones, closing_year, target, report)
        if text is None:
            return None
        files[own.calendar.path] = text
    if own.config_value.get("annee_scolaire") is not None:
        text = _config_text(own.config, target.label, report)
        if text is None:
            return None
        files[own.config.path] = text
    if not safe_targets(config, list(files), report) or not _faithful_archive(
        files[archive / CALENDAR_FILE], closing_calendar, archive, config, report
    ):
        return None
    if not _new_year_checks(config, cache, files, target, report):
        return None
    owned = {move.what.rsplit(",", 1)[0] for move in moves}
    return Plan(
        target.label,
        years[-1],
        tuple(moves),
        tuple(confirm),
        _guides_to_review(handbook, target.label),
        files,
        archive,
        tuple(gap for gap in gaps if gap.split(" : ", 1)[0] in owned),
        tuple(SourceChange(path, source_text(path), text) for path, text in files.items()),
        base=shown_path(config.bases[0].path),
        config=config.path,
    )


def _target(label: str, report: Report) -> SchoolYear | None:
    year = SchoolYear.of(label.strip())
    if year is None:
        report.error(
            COMMAND,
            None,
            None,
            f"« {label} » : attendu l'année à préparer sous la forme 2024-2025 (deux années qui "
            "se suivent)",
        )
    return year


def _own_files(config: Config, report: Report) -> _School | None:
    """The school's calendar.yaml and site_config.yaml as it wrote them."""
    config_source = read_text(config.path, config.root, report)
    path = config.content_dir / CALENDAR_FILE
    calendar = read_text(path, config.root, report) if path.exists() else None
    if config_source is None or report.errors:
        return None
    config_value = parse_yaml(config_source, report)
    calendar_value = parse_yaml(calendar, report) if calendar else None
    if report.errors or not isinstance(config_value, LocatedDict):
        return None
    return _School(calendar, calendar_value, config_source, config_value)


def _base_archive(config, target: SchoolYear, closing: SchoolYear, report) -> Path | None:
    """The base's calendar of the year being closed, archived by the base's own run; None after
    saying which command to run first when the base has not been moved to the target year."""
    base = config.bases[0]
    base_display = display_path(base.path, config.root)
    first = command(f"{COMMAND} {target.label} --config {shown_path(base.path)}")
    try:
        base_year = load_config(base.path, Report()).school_year
    except BuildFailed:
        report.error(
            base_display,
            None,
            None,
            "la base ne se vérifie pas ; corrigez-la d'abord, ce que dit : "
            + command(f"check --config {shown_path(base.path)}"),
        )
        return None
    line = _year_line(base.path)
    archive = base.content_dir / ARCHIVE_DIR / closing.label / CALENDAR_FILE
    if base_year.start_year > target.start_year:
        report.error(
            base_display,
            line,
            "annee_scolaire",
            f"la base est déjà en {base_year.label} : un établissement suit l'année de sa base ; "
            f"préparez {base_year.label} : "
            f"{command(f'{COMMAND} {base_year.label} --config {shown_path(config.path)}')}",
        )
        return None
    if base_year.start_year < target.start_year or not archive.is_file():
        report.error(
            base_display,
            line,
            "annee_scolaire",
            f"la base n'est pas encore préparée pour {target.label} (elle est en "
            f"{base_year.label}"
            + ("" if base_year.start_year < target.start_year else ", sans copie de ")
            + ("" if base_year.start_year < target.start_year else closing.label)
            + ") : ses dates, et les dates nationales, se changent dans la base, en premier ; "
            f"préparez-la, puis relancez cette commande ; pour la préparer : {first}",
        )
        return None
    return archive


def _year_line(config_path: Path) -> int | None:
    """The line of « annee_scolaire » in a configuration file, when it writes it."""
    read = read_config(config_path, Report())
    if read is None or "annee_scolaire" not in read[1]:
        return None
    return read[1].line_of("annee_scolaire")


def _not_archived_yet(config, closing: SchoolYear, target: SchoolYear, report) -> bool:
    """Whether the school has not yet archived the year being closed (else its dates already
    moved)."""
    kept = config.content_dir / ARCHIVE_DIR / closing.label / CALENDAR_FILE
    if kept.exists() or kept.is_symlink():
        report.error(
            display_path(kept, config.root),
            None,
            None,
            f"l'établissement a déjà archivé {closing.label} : son année {target.label} est déjà "
            "préparée (ses dates ont déjà été déplacées) ; pour recommencer, remettez son "
            "calendrier comme avant et déplacez ce dossier",
        )
        return False
    return True


def _closing_handbook(config, content: Content, cache, own, base_archive: Path, report):
    """The school's handbook of the year being closed, its calendar merged over the base's of that
    year, and that merged calendar; None with the problems reported."""
    archived = load_yaml(base_archive, config.root)
    found = Report()
    found.errors.extend(archived.problems)
    value = archived.value
    if own.calendar_value is not None and not archived.problems:
        value = merged_calendar(archived.value, own.calendar_value, found)
    display = own.calendar.display if own.calendar else archived.display
    calendar = YamlFile(display, value, archived.problems)
    year = year_calendar(config, found)
    jobs = {guide.display: job for guide in content.guides if (job := job_for(guide))}
    bodies = processed_bodies(jobs, cache.store)
    handbook = None
    if not found.errors:
        closing = dataclasses.replace(content, calendar=calendar)
        handbook = validate(config, closing, bodies, year, found, None, {})
    if found.errors or handbook is None:
        report.error(
            COMMAND,
            None,
            None,
            f"le calendrier {config.school_year.label} de l'établissement (le sien sur celui de "
            f"la base, {display_path(base_archive, config.root)}) ne se vérifie pas ; "
            "corrigez-le, puis relancez",
        )
        report.errors.extend(found.errors)
        return None
    return handbook, value


def _own_moves(raw: object, handbook: Handbook, periods, milestones) -> tuple[list, list]:
    """The moves of the dates the school's calendar writes, and those to confirm."""
    moves: list[Move] = []
    confirm: list[Move] = []
    if not isinstance(raw, LocatedDict):
        return moves, confirm
    old_periods = {period.number: period for period in handbook.periods}
    new_periods = {period.number: period for period in periods}
    for item in mappings_in(raw.get("periodes")):
        old, new = old_periods.get(item.get("numero")), new_periods.get(item.get("numero"))
        for key, what, field in (("debut", "début", "start"), ("fin", "fin", "end")):
            if old and new and key in item:
                moves.append(Move(f"{old.title}, {what}", getattr(old, field), getattr(new, field)))
    old_index, new_index = milestones_by_line(handbook.milestones), milestones_by_line(milestones)
    for item in mappings_in(raw.get("jalons")):
        old, new = milestone_of(item, old_index), milestone_of(item, new_index)
        if old is None or new is None or "date" not in item:
            continue
        what = f"jalon « {old.title} »"
        if old.national:
            confirm.append(Move(what, old.date, new.date, NATIONAL_NOTE))
            continue
        moves.append(Move(what, old.date, new.date))
        if old.to_confirm:
            confirm.append(moves[-1])
    return moves, confirm


def _calendar_text(source: SourceFile, periods, milestones, closing, target, report):
    text = rewritten_calendar(source, periods, milestones, report)
    if text is None:
        return None
    text = retitled(text, closing.label, target.label)
    return text if faithful_calendar(source, text, periods, milestones, report) else None


def _config_text(source: SourceFile, label: str, report: Report) -> str | None:
    text = re.sub(
        r"(?m)^(annee_scolaire\s*:\s*)\S+", lambda m: m.group(1) + label, source.text, count=1
    )
    return text if faithful_config(source, text, label, report) else None


def _archived_text(value: object, config: Config, closing: SchoolYear, target: SchoolYear) -> str:
    """The merged calendar of the year being closed, written out whole."""
    header = (
        f"# {config.school} : le calendrier {closing.label} tel qu'il était, celui de la base "
        "avec les\n# changements de l'établissement (copié par nouvelle-annee "
        f"{target.label}).\n"
    )
    return header + yaml.safe_dump(
        plain(value), allow_unicode=True, sort_keys=False, width=96, default_flow_style=False
    )


def _faithful_archive(text: str, value: object, archive: Path, config: Config, report) -> bool:
    """Whether the archived calendar reads back as the merged calendar it was written from."""
    display = display_path(archive / CALENDAR_FILE, config.root)
    back = parse_yaml(SourceFile(archive / CALENDAR_FILE, display, text), Report())
    if plain(back) == plain(value):
        return True
    report.error(
        display,
        None,
        None,
        "la commande ne sait pas écrire fidèlement le calendrier de l'année qui se termine ; "
        "rien n'a été écrit",
    )
    return False


def _new_year_checks(config: Config, cache, files: dict, target: SchoolYear, report) -> bool:
    """Whether the school's new calendar, over the base's new one, checks: its own dates moved may
    not go with the base's (a period now ending after the next one starts…)."""
    layers = list(cache.content)
    own = layers[-1]
    calendar_path = config.content_dir / CALENDAR_FILE
    found = Report()
    if calendar_path in files:
        display = own.calendar.display
        source = SourceFile(calendar_path, display, files[calendar_path])
        value = parse_yaml(source, found)
        layers[-1] = dataclasses.replace(own, calendar=YamlFile(display, value, ()))
    content = merged_content(layers, found)
    new_config = dataclasses.replace(config, school_year=SchoolYear(target.start_year))
    year = year_calendar(new_config, found)
    jobs = {guide.display: job for guide in content.guides if (job := job_for(guide))}
    bodies = processed_bodies(jobs, cache.store)
    if not found.errors:
        validate(new_config, content, bodies, year, found, None, {})
    if not found.errors:
        return True
    report.error(
        COMMAND,
        None,
        None,
        f"une fois déplacées, les dates de l'établissement ne vont pas avec celles de la base en "
        f"{target.label} ; corrigez-les à la main (les autres erreurs disent où, en "
        f"{target.label}), ou corrigez l'année en cours, puis relancez",
    )
    report.errors.extend(found.errors)
    return False


def _guides_to_review(handbook: Handbook, label: str) -> tuple[str, ...]:
    return tuple(
        f"{guide.source} (règles de {guide.rules_year})"
        for guide in handbook.guides.values()
        if guide.rules_year and guide.rules_year < label
    )
