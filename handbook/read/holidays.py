"""The school year's calendar: rentrée, school holidays of the school's zone, public holidays.

School holidays come from content/vacances.yaml when it gives the year (a school outside zones
A/B/C, or with local changes), otherwise from the file shipped with the generator
(data/vacances-scolaires.yaml). Public holidays are computed (France, Alsace-Moselle as an option),
Easter by python-dateutil (a dependency of icalendar)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dateutil.easter import easter

from handbook.dates import EXPECTED as EXPECTED_DATE
from handbook.dates import long_date, parse_date
from handbook.model import Config, Holiday, SchoolYear
from handbook.problems import Report
from handbook.read.files import SourceFile, display_path, read_text
from handbook.read.located import LocatedDict, LocatedList, parse_yaml

SHIPPED = Path(__file__).parents[1] / "data" / "vacances-scolaires.yaml"
CONTENT_FILE = "vacances.yaml"


def year_calendar(
    config: Config, report: Report, school_year: SchoolYear | None = None
) -> SchoolYear | None:
    """The school year's calendar for the configured zone, or None when the site names no zone and
    the content gives no holidays (the handbook then builds without them). Problems go to the
    report."""
    school_year = school_year or config.school_year
    own = own_holidays_file(config)
    own_years = _years_of(own, config.root, report) if own.is_file() else None
    if own_years is None and config.holiday_zone is None:
        return None
    if own_years and school_year.label in own_years[0]:
        years, display = own_years
    elif config.holiday_zone is None:  # the shipped holidays, per zone, cannot stand in for these
        report.error(
            own_years[1] if own_years else own.name,
            None,
            "annees",
            f"les vacances de {school_year.label} n'y sont pas ; ajoutez cette année (la "
            "rentrée, puis chaque période de vacances avec « du » et « au » ; voir le "
            "README, « Les vacances scolaires »), ou indiquez « zone_vacances: » A, B ou "
            "C dans site_config.yaml",
        )
        return None
    else:
        years, display = _years_of(SHIPPED, SHIPPED.parent.parent.parent, report) or (
            {},
            SHIPPED.name,
        )
        if school_year.label not in years:
            _report_unknown_year(
                config, school_year, {**years, **(own_years[0] if own_years else {})}, report
            )
            return None
    entry = years[school_year.label]
    holidays = _holidays_for(entry, config.holiday_zone, display, report)
    if holidays is None:
        return None
    return SchoolYear(
        school_year.start_year,
        config.holiday_zone,
        entry.rentree,
        holidays,
        public_holidays(school_year.start_year, config.alsace_moselle),
        display,
        entry.line,
    )


def own_holidays_file(config: Config) -> Path:
    """content/vacances.yaml: the school's, or else the nearest base's that has one (an académie
    writes the holidays of its schools once)."""
    for folder in reversed(config.content_layers):
        if (folder / CONTENT_FILE).is_file():
            return folder / CONTENT_FILE
    return config.content_dir / CONTENT_FILE


def _report_unknown_year(
    config: Config, school_year: SchoolYear, known: dict, report: Report
) -> None:
    """The year's holidays are in no file: say which file to write them in, and the names to give
    them."""
    own = display_path(config.content_dir / CONTENT_FILE, config.root)
    latest = known[max(known)] if known else None
    names = ", ".join(f"« {name} »" for name, _, _ in latest.holidays) if latest else ""
    report.error(
        own,
        None,
        None,
        f"les dates des vacances de {school_year.label} ne sont pas connues du générateur "
        f"(il connaît {', '.join(sorted(known)) or 'aucune année'}) : écrivez-les dans ce "
        f"fichier, sous « annees: » puis « {school_year.label}: » : la rentrée (« rentree: »), "
        "puis chaque période de vacances avec « nom: », « du: » et « au: »"
        + (f", sous les mêmes noms que les années précédentes : {names}" if names else "")
        + " ; modèle complet : le README, « Préparer l'année suivante » ; dates : le "
        "calendrier publié par le ministère",
    )


@dataclass(frozen=True)
class _YearEntry:
    rentree: dt.date
    holidays: tuple[
        tuple[str, tuple[tuple[str | None, dt.date, dt.date | None], ...], int], ...
    ]  # name, dates per zone, line
    line: int | None = None


def _years_of(path: Path, root: Path, report: Report) -> tuple[dict[str, _YearEntry], str] | None:
    source = read_text(path, root, report)
    if source is None:
        return None
    years, problems = _parsed_years(source)
    report.errors.extend(problems)
    return (years, source.display) if not problems else None


@lru_cache(maxsize=8)
def _parsed_years(source: SourceFile) -> tuple[dict[str, _YearEntry], tuple]:
    report = Report()
    raw = parse_yaml(source, report)
    file = source.display
    years: dict[str, _YearEntry] = {}
    if report.errors:
        return years, tuple(report.errors)
    if not isinstance(raw, LocatedDict) or not isinstance(raw.get("annees"), LocatedDict):
        report.error(
            file,
            getattr(raw, "line", None),
            None,
            "attendu : « annees: » puis, pour chaque année (comme 2024-2025:), « rentree: » "
            "et « vacances: »",
        )
        return years, tuple(report.errors)
    for key in raw:
        if key != "annees":
            report.error(
                file,
                raw.line_of(key),
                str(key),
                "clé inconnue ; le fichier commence "
                "par « annees: », seule clé possible à ce niveau",
            )
    for label, entry in raw["annees"].items():
        line = raw["annees"].line_of(label)
        where = f"annees › {label}"
        start = _year_start(str(label))
        if start is None:
            report.error(
                file, line, where, f"« {label} » : attendu une année scolaire comme 2024-2025"
            )
            continue
        if not isinstance(entry, LocatedDict):
            report.error(file, line, where, "attendu : « rentree: » et « vacances: » sous l'année")
            continue
        unknown = [key for key in entry if key not in ("rentree", "vacances")]
        for key in unknown:
            report.error(
                file,
                entry.line_of(key),
                f"{where} › {key}",
                "clé inconnue ; clés possibles : rentree, vacances",
            )
        rentree = _date(entry, "rentree", file, where, report)
        holidays = _year_holidays(
            entry.get("vacances"),
            file,
            f"{where} › vacances",
            entry.line_of("vacances"),
            report,
            start,
        )
        if rentree and not (
            SchoolYear(start).first_day <= rentree <= SchoolYear(start).latest_rentree
        ):
            report.error(
                file,
                entry.line_of("rentree"),
                f"{where} › rentree",
                f"la rentrée {long_date(rentree)} n'est pas en août ou en septembre {start}",
            )
        elif rentree and holidays is not None:
            years[str(label)] = _YearEntry(rentree, holidays, line)
    return years, tuple(report.errors)


def _year_start(label: str) -> int | None:
    year = SchoolYear.of(label)
    return year.start_year if year else None


def _date(mapping: LocatedDict, key: str, file: str, where: str, report: Report) -> dt.date | None:
    if mapping.get(key) is None:
        report.error(file, mapping.line, where, f"« {key} » manque ; attendu : {EXPECTED_DATE}")
        return None
    try:
        return parse_date(mapping[key])
    except ValueError as problem:
        report.error(file, mapping.line_of(key), f"{where} › {key}", str(problem))
        return None


def _year_holidays(
    value: object, file: str, where: str, line: int, report: Report, start: int | None = None
):
    if not isinstance(value, LocatedList):
        report.error(
            file, line, where, "attendu : la liste des vacances, chacune commençant par « - nom: »"
        )
        return None
    holidays = []
    errors = len(report.errors)
    names: dict[str, int] = {}
    for position, (item, item_line) in enumerate(zip(value, value.item_lines), start=1):
        here = f"{where} › {position}"
        named = isinstance(item, LocatedDict) and isinstance(item.get("nom"), str)
        if not named or not item["nom"].strip():
            report.error(
                file,
                item_line,
                here,
                "attendu : « nom: » (par exemple vacances de la Toussaint), "
                "puis « du: » et « au: », ou « zones: »",
            )
            continue
        _check_name(item, names, file, here, report)
        for key in item:
            if key not in ("nom", "du", "au", "zones"):
                report.error(
                    file,
                    item.line_of(key),
                    f"{here} › {key}",
                    "clé inconnue ; clés possibles : nom, du, au, zones",
                )
        spans = []
        if "zones" in item:
            zones = item["zones"]
            if not isinstance(zones, LocatedDict):
                report.error(
                    file,
                    item.line_of("zones"),
                    f"{here} › zones",
                    "attendu : A:, B: ou C: suivis de « du » et « au »",
                )
                continue
            for zone, dates in zones.items():
                if not isinstance(dates, LocatedDict):
                    report.error(
                        file,
                        zones.line_of(zone),
                        f"{here} › zones › {zone}",
                        "attendu : {du: …, au: …}",
                    )
                    continue
                spans.append(
                    (str(zone), *_span(dates, file, f"{here} › zones › {zone}", report, start))
                )
        else:
            spans.append((None, *_span(item, file, here, report, start)))
        holidays.append((item["nom"].strip(), tuple(spans), item_line))
    return tuple(holidays) if len(report.errors) == errors else None


def _check_name(
    item: LocatedDict, names: dict[str, int], file: str, where: str, report: Report
) -> None:
    """A holiday's name on one line, not given twice the same year (names: those seen, with their
    lines)."""
    name = item["nom"].strip()
    if "\n" in name:
        report.error(
            file,
            item.line_of("nom"),
            f"{where} › nom",
            "le nom des vacances tient sur une seule ligne",
        )
    elif name in names:
        report.error(
            file,
            item.line_of("nom"),
            f"{where} › nom",
            f"« {name} » est déjà à la "
            f"ligne {names[name]} ; chaque période de vacances de l'année a son propre nom",
        )
    names.setdefault(name, item.line_of("nom"))


def _span(
    mapping: LocatedDict, file: str, where: str, report: Report, start: int | None = None
) -> tuple[dt.date | None, dt.date | None]:
    first = _date(mapping, "du", file, where, report)
    last = _date(mapping, "au", file, where, report) if "au" in mapping else None
    if first and last and last < first:
        report.error(
            file,
            mapping.line_of("au"),
            f"{where} › au",
            f"le {long_date(last)} est avant le premier jour ({long_date(first)})",
        )
    if start is None:
        return first, last
    year = SchoolYear(start)
    # the summer holidays end by the next rentrée
    for key, day, latest in (
        ("du", first, year.last_day),
        ("au", last, year.following.latest_rentree),
    ):
        if day and not year.first_day <= day <= latest:
            report.error(
                file,
                mapping.line_of(key),
                f"{where} › {key}",
                f"le {long_date(day)} n'est pas dans l'année scolaire {year.label} (du "
                f"{long_date(year.first_day)} au {long_date(latest)})",
            )
    return first, last


def _holidays_for(
    entry: _YearEntry, zone: str | None, display: str, report: Report
) -> tuple[Holiday, ...] | None:
    holidays = []
    year_end = SchoolYear.containing(entry.rentree).last_day
    for name, spans, line in entry.holidays:
        chosen = [span for span in spans if span[0] in (None, zone)]
        if not chosen:
            zones = ", ".join(span[0] for span in spans if span[0])
            report.error(
                display,
                line,
                "vacances",
                f"les « {name} » sont données par zone ({zones}) mais "
                + (
                    "site_config.yaml ne dit pas « zone_vacances: »"
                    if zone is None
                    else f"pas pour la zone {zone}"
                ),
            )
            return None
        _, first, last = chosen[0]
        holidays.append(Holiday(name, first, last or year_end))
    return tuple(sorted(holidays, key=lambda holiday: holiday.first))


# Fixed jours fériés (month, day, name) and those that follow Easter (days after Easter Sunday,
# name).
FIXED_PUBLIC_HOLIDAYS = (
    (1, 1, "Jour de l'an"),
    (5, 1, "Fête du Travail"),
    (5, 8, "Fête de la Victoire"),
    (7, 14, "Fête nationale"),
    (8, 15, "Assomption"),
    (11, 1, "Toussaint"),
    (11, 11, "Armistice"),
    (12, 25, "Noël"),
)
EASTER_PUBLIC_HOLIDAYS = ((1, "Lundi de Pâques"), (39, "Ascension"), (50, "Lundi de Pentecôte"))
ALSACE_MOSELLE_FIXED = ((12, 26, "Saint-Étienne"),)
ALSACE_MOSELLE_EASTER = ((-2, "Vendredi saint"),)


def public_holidays(
    start_year: int, alsace_moselle: bool = False
) -> tuple[tuple[dt.date, str], ...]:
    """Jours fériés from 1 August to 31 July, as kept since 2008 (Alsace-Moselle adds the Vendredi
    saint and the Saint-Étienne); two on the same day (the Ascension on 8 May 2059) make one, named
    after both."""
    fixed = FIXED_PUBLIC_HOLIDAYS + (ALSACE_MOSELLE_FIXED if alsace_moselle else ())
    after_easter = EASTER_PUBLIC_HOLIDAYS + (ALSACE_MOSELLE_EASTER if alsace_moselle else ())
    days = []
    for year in (start_year, start_year + 1):
        days += [(dt.date(year, month, day), name) for month, day, name in fixed]
        days += [(easter(year) + dt.timedelta(days=offset), name) for offset, name in after_easter]
    first, last = SchoolYear(start_year).first_day, SchoolYear(start_year).last_day
    names: dict[dt.date, str] = {}
    for day, name in sorted(days):
        if first <= day <= last:
            names[day] = f"{names[day]} et {name}" if day in names else name
    return tuple(names.items())
