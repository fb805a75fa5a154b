"""nouvelle-annee: what the command would write (the plan), or why it cannot."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from handbook.build.pipeline import handbook_of
from handbook.model import Config, SchoolYear
from handbook.problems import Report, command
from handbook.read.files import display_path
from handbook.read.holidays import year_calendar
from handbook.read.load import ARCHIVE_DIR
from handbook.year import COMMAND
from handbook.year.moves import Move, moved_calendar
from handbook.year.rewrite import targets, written_files
from handbook.year.sources import SourceChange


@dataclass(frozen=True)
class Plan:
    label: str
    year: SchoolYear
    moves: tuple[Move, ...]
    to_confirm: tuple[Move, ...]
    guides_to_review: tuple[str, ...]
    files: dict  # path → new text
    archive: Path
    gaps: tuple[str, ...] = ()  # the distances between periods kept, or that could not be
    changes: tuple[SourceChange, ...] = ()  # what writing it changes on the disk
    base: str = ""  # a school with a base: the base, whose own run moved the other dates
    config: Path | None = None  # the configuration, for the command that builds the site


def target_start(config: Config, label: str, report: Report) -> int | None:
    """The first calendar year of the school year to prepare, or None after reporting why it cannot
    be."""
    current = config.school_year.start_year
    following = config.school_year.following.label
    example = command(f"{COMMAND} {following}")
    if not label.strip():
        report.error(COMMAND, None, None, f"indiquez l'année à préparer, par exemple : {example}")
        return None
    year = SchoolYear.of(label)
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
            f"{label} n'est pas après l'année du guide ({config.school_year.label}, "
            f"« annee_scolaire » de {config.display}) : attendu une année à venir, par exemple "
            f"{following}",
        )
        return None
    return year.start_year


def misused(label: str) -> bool:
    """Whether the year is missing or not written as a school year: a misused command line (exit
    code 2)."""
    return SchoolYear.of(label.strip()) is None


def plan(config: Config, label: str, report: Report) -> Plan | None:
    """What the command would write, or None after reporting why it cannot."""
    target = target_start(config, label, report)
    if target is None:
        return None
    current = config.school_year.start_year
    if not safe_targets(config, targets(config), report):
        return None
    handbook = handbook_of(config, report)
    if handbook is None:
        report.error(COMMAND, None, None, "corrigez d'abord le contenu de l'année en cours")
        return None
    years = moving_years(config, range(current, target + 1), label, report)
    if years is None:
        return None
    periods, milestones, moves, confirm, gaps = moved_calendar(
        handbook.periods, handbook.milestones, years, report
    )
    if periods is None:
        return None
    written = written_files(config, label, periods, milestones, report)
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
        label,
        years[-1],
        tuple(moves),
        tuple(confirm),
        guides,
        files,
        archive,
        tuple(gaps),
        changes,
        config=config.path,
    )


def moving_years(config: Config, starts: range, label: str, report: Report) -> list | None:
    """The calendar of each school year from the first of starts to the one to prepare, holidays
    known; None after reporting why not."""
    years = school_years(config, starts, label, report)
    if years is not None and years[0] is None:
        report.error(
            config.display,
            None,
            "zone_vacances",
            "la commande a besoin des vacances scolaires : indiquez « zone_vacances: A », B ou C, "
            f"ou écrivez-les dans {config.content_dir.name}/vacances.yaml",
        )
        return None
    return years


def school_years(config: Config, starts: range, label: str, report: Report) -> list | None:
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


def missing_holidays(years: list[SchoolYear | None], report: Report) -> None:
    """Every holiday of a year that the next one does not name (nouvelle-annee finds the holidays of
    the next year by their names), reported at once where the year is written, with a name given
    instead."""
    for previous, year in zip(years, years[1:]):
        if previous and year:
            _missing_names(previous, year, report)


def _missing_names(previous: SchoolYear, year: SchoolYear, report: Report) -> None:
    expected = [holiday.name for holiday in previous.holidays if holiday.is_break]
    missing = [name for name in expected if year.holiday_named(name) is None]
    meant = {}  # missing name → the name written instead of it
    for holiday in year.holidays:
        if holiday.name not in expected and (target := _meant_for(holiday.name, missing)):
            meant.setdefault(target, holiday.name)
    for name in missing:
        report.error(
            year.source,
            year.line,
            f"annees › {year.label} › vacances",
            f"les « {name} » manquent en {year.label}"
            + (f" (« {meant[name]} » : vouliez-vous écrire « {name} » ?)" if name in meant else "")
            + f" ; noms attendus, ceux de {previous.label} : "
            + ", ".join(f"« {expected_name} »" for expected_name in expected),
        )


def _meant_for(written: str, names: list[str]) -> str | None:
    """The name that `written` was likely meant to be: « vacances de Noël » for « Noël »."""
    for name in names:
        if written.lower().strip() == re.sub(r"^vacances (de la |de l'|de |d')", "", name).lower():
            return name
    close = difflib.get_close_matches(written, names, n=1)
    return close[0] if close else None


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
