"""calendar.yaml's checks: its roles, periods (their tasks: tasks.py) and milestones; and the
calendars of previous years (content/annees/AAAA-AAAA/calendar.yaml)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from handbook import urls
from handbook.check.rules import IDENTIFIER, Fields, items, outside_year, year_label_start
from handbook.check.tasks import tasks_of
from handbook.model import ArchivedYear, Config, Milestone, Period, Role, SchoolYear, Task
from handbook.problems import Report, did_you_mean
from handbook.read.load import YamlFile
from handbook.read.located import LocatedDict


@dataclass(frozen=True)
class Calendar:
    """What calendar.yaml gives: the valid roles, periods and milestones, every task read (those of
    invalid periods too, so that their guides are checked), and whether the file had no error
    (else it may have lost periods or milestones it does hold)."""

    roles: list[Role]
    periods: list[Period]
    tasks: list[Task]
    milestones: list[Milestone]
    complete: bool


def calendar_of(config: Config, calendar: YamlFile, report: Report) -> Calendar:
    """The calendar's roles, periods, tasks and milestones; each problem is reported."""
    errors = len(report.errors)
    report.errors.extend(calendar.problems)
    raw = calendar.value
    if not isinstance(raw, LocatedDict):
        if raw is not None or not calendar.problems:
            report.error(
                calendar.display,
                None,
                None,
                "attendu : trois parties « roles: », « periodes: » et « jalons: »",
            )
        return Calendar([], [], [], [], False)
    top = Fields(raw, calendar.display, "", report)
    top.check_keys(
        {
            "roles": "les rôles",
            "periodes": "les périodes et leurs tâches",
            "jalons": "les dates clés",
        }
    )
    roles = _roles(top, report)
    periods, tasks = _periods(top, roles, config.school_year, report)
    milestones = _milestones(top, periods, roles, config.school_year, report)
    return Calendar(roles, periods, tasks, milestones, len(report.errors) == errors)


def _roles(top: Fields, report: Report) -> list[Role]:
    roles: list[Role] = []
    for _, fields in items(
        top.sequence("roles"), top.file, "roles", report, "un rôle avec « id: » et « nom: »"
    ):
        fields.check_keys(
            {"id": "identifiant court", "nom": "nom affiché", "description": "une phrase"}
        )
        role_id, name = (
            fields.text("id", expected="un identifiant comme enseignants"),
            fields.text("nom", one_line=True),
        )
        if role_id and not IDENTIFIER.match(role_id):
            fields.error(
                "id",
                f"« {role_id} » : attendu un identifiant en minuscules sans accent ni espace, "
                f"par exemple « {urls.slugify(role_id) or 'enseignants'} »",
            )
        elif role_id in {role.id for role in roles}:
            fields.error("id", f"le rôle « {role_id} » est déclaré deux fois")
        elif role_id and name:
            roles.append(Role(role_id, name, fields.text("description", required=False) or ""))
    return roles


PERIOD_KEYS = {
    "numero": "numéro de la période",
    "titre": "titre affiché, facultatif",
    "debut": "premier jour",
    "fin": "dernier jour, inclus",
    "taches": "les tâches de chaque rôle",
    "remarques": "remarques, facultatives",
    "debut_voulu": "true si la période commence exprès un jour sans classe, facultatif",
    "fin_voulue": "true si la période finit exprès un jour sans classe, facultatif",
    "verrouille": "true : les établissements qui partent de ce guide n'en changent pas les dates, "
    "facultatif",
}


def _periods(
    top: Fields, roles: list[Role], year: SchoolYear, report: Report
) -> tuple[list[Period], list[Task]]:
    """The valid periods, and every task read (those of invalid periods too, so their guides are
    checked)."""
    periods: list[Period] = []
    all_tasks: list[Task] = []
    taken_ids: dict[str, tuple[int, str]] = {}  # task ids, each with where it is first given
    for position, fields in items(
        top.sequence("periodes"),
        top.file,
        "periodes",
        report,
        "une période avec numero, debut, fin et taches",
    ):
        fields.check_keys(PERIOD_KEYS)
        number = _period_number(fields, periods)
        tasks = tasks_of(fields, number or position, roles, taken_ids)
        all_tasks += [task for role_tasks in tasks.values() for task in role_tasks]
        notes = tuple(fields.texts("remarques"))
        start, end = fields.date("debut"), fields.date("fin")
        if (
            number is None
            or start is None
            or end is None
            or not _dates_fit(fields, number, start, end, periods, year)
        ):
            continue
        title = fields.text("titre", required=False, one_line=True) or f"Période {number}"
        periods.append(
            Period(
                number,
                title,
                start,
                end,
                tasks,
                notes,
                fields.flag("debut_voulu"),
                fields.flag("fin_voulue"),
                fields.mapping.line,
                fields.source(None),
            )
        )
    return periods, all_tasks


def _dates_fit(
    fields: Fields,
    number: int,
    start: dt.date,
    end: dt.date,
    periods: list[Period],
    year: SchoolYear,
) -> bool:
    if end < start:
        fields.error(
            "fin",
            f"la période {number} finit ({end:%d/%m/%Y}) avant de commencer ({start:%d/%m/%Y})",
        )
        return False
    fits = True
    for key, day in (("debut", start), ("fin", end)):
        if day not in year:
            fields.error(key, outside_year(day, year))
            fits = False
    if periods and start <= periods[-1].end:
        fields.error(
            "debut",
            f"la période {number} commence le {start:%d/%m/%Y}, avant la fin de la période "
            f"{periods[-1].number} ({periods[-1].end:%d/%m/%Y}) : les périodes doivent se suivre "
            "dans l'ordre sans se chevaucher",
        )
        fits = False
    return fits


def _period_number(fields: Fields, periods: list[Period]) -> int | None:
    number = fields.mapping.get("numero")
    if number is None:
        fields.error(None, "« numero » manque ; attendu : le numéro de la période (1, 2, 3…)")
        return None
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        fields.error("numero", f"« {number} » : attendu un nombre entier positif (1, 2, 3…)")
        return None
    if any(period.number == number for period in periods):
        fields.error("numero", f"deux périodes portent le numéro {number}")
        return None
    if periods and number < periods[-1].number:
        fields.error(
            "numero",
            f"la période {number} vient après la période {periods[-1].number} : "
            "rangez les périodes dans l'ordre",
        )
        return None
    return number


MILESTONE_KEYS = {
    "date": "le jour",
    "titre": "ce qui se passe ce jour-là",
    "id": "identifiant stable pour les agendas abonnés et pour les guides, qui le citent ainsi : "
    "{jalon id}",
    "a_confirmer": "true tant que la date est provisoire, facultatif",
    "date_nationale": "true pour une date fixée chaque année au niveau national, que "
    "nouvelle-annee ne calcule pas, facultatif",
    "date_voulue": "true si le jalon tombe exprès un jour sans classe, facultatif",
    "verrouille": "true : les établissements qui partent de ce guide ne le changent ni ne le "
    "retirent, facultatif",
    "roles": "les rôles qu'il concerne, par exemple [referent], facultatif (sans : tous)",
}


def _milestones(
    top: Fields, periods: list[Period], roles: list[Role], year: SchoolYear, report: Report
) -> list[Milestone]:
    milestones: list[Milestone] = []
    for _, fields in items(
        top.sequence("jalons", required=False),
        top.file,
        "jalons",
        report,
        "un jalon avec « date: » et « titre: »",
    ):
        fields.check_keys(MILESTONE_KEYS)
        day, title = fields.date("date"), fields.text("titre", one_line=True)
        milestone_id = _milestone_id(fields, title, milestones)
        if milestone_id is None or day is None or title is None:
            continue
        if day not in year:
            fields.error("date", outside_year(day, year))
            continue
        period = next((period.number for period in periods if period.contains(day)), None)
        milestones.append(
            Milestone(
                milestone_id,
                day,
                title,
                period,
                fields.flag("a_confirmer"),
                fields.flag("date_nationale"),
                fields.flag("date_voulue"),
                fields.mapping.line,
                _milestone_roles(fields, roles),
                fields.source(None),
            )
        )
    return sorted(milestones, key=lambda milestone: milestone.date)


def _milestone_id(fields: Fields, title: str | None, milestones: list[Milestone]) -> str | None:
    """The milestone's id, when it is written, well formed and not taken."""
    milestone_id = fields.text("id", required=False)
    if not milestone_id:
        example = urls.slugify(title or "") or "fin-des-campagnes"
        fields.error(
            "id",
            f"ce jalon n'a pas d'« id: » ; ajoutez par exemple « id: {example} » : un identifiant "
            "court, sans accent ni espace, qui ne change plus, même si le titre ou la date change "
            "(les agendas abonnés reconnaissent ainsi le jalon au lieu de le dupliquer)",
        )
        return None
    if not IDENTIFIER.match(milestone_id):
        fields.error(
            "id",
            f"« {milestone_id} » : attendu un identifiant en minuscules sans accent ni espace",
        )
        return None
    if any(milestone.id == milestone_id for milestone in milestones):
        fields.error(
            "id",
            f"deux jalons ont l'identifiant « {milestone_id} » ; donnez à l'un un « id: » "
            "différent",
        )
        return None
    return milestone_id


def _milestone_roles(fields: Fields, roles: list[Role]) -> tuple[str, ...]:
    """« roles: [referent] »: the roles a milestone concerns (none written: every role)."""
    value = fields.mapping.get("roles")
    if value is None:
        return ()
    known = [role.id for role in roles]
    values = value if isinstance(value, list) else [value]
    chosen = []
    for item in values:
        if isinstance(item, str) and item.strip() in known:
            chosen.append(item.strip())
        else:
            fields.error(
                "roles",
                f"rôle inconnu « {item} »{did_you_mean(item, known)} ; rôles "
                f"déclarés dans « roles » : {', '.join(known) or 'aucun'} (par "
                "exemple « roles: [referent] »)",
            )
    return tuple(chosen)


def archives_of(
    config: Config,
    calendars: tuple[YamlFile, ...],
    report: Report,
    years: dict[str, SchoolYear | None],
) -> tuple[ArchivedYear, ...]:
    """Previous years' calendars (content/annees/AAAA-AAAA/calendar.yaml, read by load.py), newest
    first; years: their holidays and public holidays, by label, when known."""
    archives = []
    for calendar in calendars:
        label = calendar.display.replace("\\", "/").split("/")[-2]
        start = year_label_start(label)
        if start is None:
            report.error(
                calendar.display,
                None,
                None,
                "le dossier d'une année archivée doit s'appeler comme l'année, par exemple "
                "2023-2024",
            )
            continue
        if start >= config.school_year.start_year:
            report.error(
                calendar.display,
                None,
                None,
                f"{label} n'est pas une année précédente : le guide est de "
                f"{config.school_year.label} (« annee_scolaire » de {config.display}) ; "
                "seules les années d'avant sont archivées dans ce dossier",
            )
            continue
        archived = dataclasses.replace(config, school_year=SchoolYear(start))
        found = calendar_of(archived, calendar, report)
        archives.append(
            ArchivedYear(
                label,
                tuple(found.periods),
                tuple(found.milestones),
                tuple(found.roles),
                years.get(label),
            )
        )
    return tuple(archives)
