"""Validate stage: check the loaded values field by field and build the model from them.

Every problem is reported with its file, line and field, then validation goes on, so that one run
lists everything that needs fixing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import posixpath
import re
import time
from dataclasses import dataclass, field
from urllib.parse import unquote

from handbook.check import references
from handbook.check.ties import check_ties
from handbook.dates import EXPECTED as EXPECTED_DATE
from handbook.dates import parse_date
from handbook.model import (
    ArchivedYear,
    Competence,
    Domain,
    Guide,
    Handbook,
    Milestone,
    Period,
    Role,
    Task,
)
from handbook.problems import Report, counted, did_you_mean
from handbook.read import markdown
from handbook.read.config import Config, school_year_of
from handbook.read.load import (
    COMPETENCES_FILE,
    CONTENT_FILES_DIR,
    GUIDES_DIR,
    Content,
    GuideFile,
    YamlFile,
)
from handbook.read.located import LocatedDict, LocatedList
from handbook.site import urls
from handbook.year.schoolyear import YearCalendar, warn_off_days

ROLE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
GUIDE_FORMATS = {
    "guide": "une page de guide, le format par défaut",
    "diaporama": "une diapositive par titre de niveau 2, écrit ##",
    "affiche": "une affiche imprimable sur une page A4",
    "competences": "le guide suivi des fiches de compétences par discipline, tirées de content/competences.yaml",
}


@dataclass
class Fields:
    """Reads the fields of one YAML mapping and reports what is wrong with them."""

    mapping: LocatedDict
    file: str
    path: str  # e.g. « periodes › 3 »
    report: Report

    def name(self, key: str) -> str:
        return f"{self.path} › {key}" if self.path else key

    def line(self, key: str) -> int:
        return self.mapping.line_of(key)

    def error(self, key: str | None, message: str) -> None:
        line = self.line(key) if key else self.mapping.line
        self.report.error(self.file, line, self.name(key) if key else self.path or None, message)

    def check_keys(self, allowed: dict[str, str]) -> None:
        for key in self.mapping:
            if key not in allowed:
                message = f"clé inconnue « {key} »{did_you_mean(key, allowed)}"
                choices = ", ".join(f"{name} ({meaning})" for name, meaning in allowed.items())
                self.report.error(
                    self.file,
                    self.line(key),
                    self.name(str(key)),
                    f"{message} ; clés possibles : {choices}",
                )

    def text(
        self, key: str, required: bool = True, expected: str = "un texte", one_line: bool = False
    ) -> str | None:
        """The field's text; one_line for names and titles, which calendars and headings show on one line."""
        value = self.mapping.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(None, f"« {key} » manque ; attendu : {expected}")
            return None
        if isinstance(value, (dict, list)):
            self.error(key, f"attendu : {expected} sur une seule ligne, pas une liste")
            return None
        if isinstance(value, bool):
            self.error(key, f"attendu : {expected} ; mettez le texte entre guillemets")
            return None
        if one_line and "\n" in str(value).strip():
            self.error(
                key, f"attendu : {expected} sur une seule ligne (sans retour à la ligne ni « | »)"
            )
            return None
        return str(value).strip()

    def date(self, key: str) -> dt.date | None:
        value = self.mapping.get(key)
        if value is None:
            self.error(None, f"« {key} » manque ; attendu : {EXPECTED_DATE}")
            return None
        try:
            return parse_date(value)
        except ValueError as problem:
            self.error(key, str(problem))
            return None

    def sequence(self, key: str, required: bool = True) -> LocatedList:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.error(
                    None, f"« {key} » manque ; attendu : une liste (lignes commençant par « - »)"
                )
            return LocatedList(self.mapping.line)
        if not isinstance(value, LocatedList):
            self.error(
                key, "attendu : une liste, chaque élément sur une ligne commençant par « - »"
            )
            return LocatedList(self.mapping.line)
        return value


def sentence_cut_by_colon(value: object) -> str | None:
    """The sentence a writer meant when YAML read « - Absences: prévenir » as a field « Absences » (an unquoted
    « : » followed by a space); None when the value is not such a one-field mapping."""
    if isinstance(value, LocatedDict) and len(value) == 1:
        ((key, rest),) = value.items()
        if (
            isinstance(key, str)
            and isinstance(rest, (str, int, float))
            and not isinstance(rest, bool)
        ):
            return f"{key} : {rest}"
    return None


def colon_advice(sentence: str) -> str:
    return (
        f"cette phrase contient « : » suivi d'un espace, que YAML prend pour un champ : mettez la phrase "
        f'entre guillemets, par exemple - "{sentence}"'
    )


def items(sequence: LocatedList, file: str, path: str, report: Report, what: str):
    """(position from 1, Fields) for each item of a list of mappings; other items are reported."""
    for position, (value, line) in enumerate(zip(sequence, sequence.item_lines), start=1):
        if isinstance(value, LocatedDict):
            yield position, Fields(value, file, f"{path} › {position}", report)
        else:
            report.error(file, line, f"{path} › {position}", f"attendu : {what}")


@dataclass(frozen=True, slots=True)
class _ParsedGuide:
    guide: Guide
    links: tuple[markdown.Link, ...]
    references: tuple[
        references.Reference, ...
    ] = ()  # calendar references in the body, with their lines
    written_dates: tuple[references.WrittenDate, ...] = ()  # calendar-like dates written in full


@dataclass
class Checked:
    """What the previous validate() of a serve session found valid, by the very objects load.py hands back
    for unchanged files: these are not checked again. Each validate() replaces it with its own."""

    calendar: tuple | None = (
        None  # (calendar file, config, its roles, periods, tasks, milestones, their digest)
    )
    roles: tuple[Role, ...] = ()  # the guides below were checked against these roles
    guides: dict[GuideFile, _ParsedGuide] = field(default_factory=dict)


def validate(
    config: Config,
    content: Content,
    bodies: dict[str, markdown.RenderedMarkdown],
    year: YearCalendar | None,
    report: Report,
    checked: Checked | None = None,
    archive_years: dict[str, YearCalendar | None] | None = None,
) -> Handbook | None:
    """Check the content read by load.py and build the Handbook; None when any error was reported.

    bodies: each guide's processed Markdown body, under the guide's display path (see bodies.py); year: the
    school year's holidays and public holidays (schoolyear.py), None when the site names no zone;
    archive_years: those of archived years, by label, when known.
    """
    checked = checked or Checked()
    errors = len(report.errors)
    roles, periods, tasks, milestones, calendar_digest = _checked_calendar(
        config, content.calendar, report, checked
    )
    calendar_read = len(report.errors) == errors
    if year:
        warn_off_days(periods, milestones, year, content.calendar.display, report)
    check_ties(periods, milestones, roles, content.calendar.display, report)
    guides, broken = _guides(content, bodies, roles, report, checked)
    domains = _competences(content.competences, report)
    _check_guide_links(guides, broken, report)
    _check_local_files(content, guides, report)
    report.errors.extend(content.refused_files)
    task_slugs = _check_task_guides(content, tasks, set(guides) | broken, report)
    _check_formats(guides, domains, report)
    _warn_unused(content, roles, periods, guides, task_slugs, report)
    guides = _quoting_calendar(config, guides, periods, milestones, year, calendar_read, report)
    archives = _archives(config, content.archives, report, archive_years or {})
    updated = _updated(content, report)
    if report.errors:
        return None
    calendar_digest = hashlib.sha1(f"{calendar_digest}\0{year!r}".encode()).hexdigest()
    handbook = Handbook(
        config,
        tuple(roles),
        tuple(periods),
        tuple(milestones),
        _reading_order(guides, periods),
        tuple(domains),
        updated,
        calendar_digest,
        year,
        archives,
    )
    _warn_rules(handbook, report)
    return handbook


def _updated(content: Content, report: Report) -> dt.datetime:
    """When the calendar last changed: SOURCE_DATE_EPOCH if set, else the newer of calendar and config files."""
    epoch = _source_date_epoch(content.source_date_epoch, report)
    seconds = epoch if epoch is not None else int(content.modified)
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)


SOURCE_DATE_EPOCH = "variable d'environnement SOURCE_DATE_EPOCH"
LAST_EPOCH = 253402300799  # 31 December 9999, the last second a date can hold


def _source_date_epoch(value: str | None, report: Report) -> int | None:
    """SOURCE_DATE_EPOCH's seconds when it is set to a usable number; other values are reported."""
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit():
        report.warn(
            SOURCE_DATE_EPOCH,
            None,
            None,
            f"« {value} » n'est pas un nombre de secondes depuis le 1er janvier 1970 : elle est ignorée, "
            "et la date des calendriers est celle de la dernière modification de calendar.yaml",
        )
        return None
    if int(value) > LAST_EPOCH:
        report.error(
            SOURCE_DATE_EPOCH,
            None,
            None,
            f"« {value} » est trop grand : attendu un nombre de secondes depuis le 1er janvier 1970, "
            f"par exemple {int(time.time())} pour maintenant, ou retirez la variable",
        )
        return None
    return int(value)


# --- calendar.yaml -------------------------------------------------------------------------------


def _checked_calendar(
    config: Config, calendar: YamlFile, report: Report, checked: Checked
) -> tuple[list[Role], list[Period], list[Task], list[Milestone], str]:
    """_calendar and a digest of what it gives, or both from the previous build for the same file and settings
    (never modified)."""
    if checked.calendar and checked.calendar[0] is calendar and checked.calendar[1] == config:
        return checked.calendar[2:]
    errors = len(report.errors)
    roles, periods, tasks, milestones = _calendar(config, calendar, report)
    result = (
        roles,
        periods,
        tasks,
        milestones,
        hashlib.sha1(repr((roles, periods, milestones)).encode()).hexdigest(),
    )
    checked.calendar = (calendar, config, *result) if len(report.errors) == errors else None
    return result


def _calendar(
    config: Config, calendar: YamlFile, report: Report
) -> tuple[list[Role], list[Period], list[Task], list[Milestone]]:
    """The calendar's roles, periods, tasks (those of invalid periods too) and milestones."""
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
        return [], [], [], []
    top = Fields(raw, calendar.display, "", report)
    top.check_keys(
        {
            "roles": "les rôles",
            "periodes": "les périodes et leurs tâches",
            "jalons": "les dates clés",
        }
    )
    roles = _roles(top, report)
    periods, tasks = _periods(top, roles, config, report)
    milestones = _milestones(top, periods, roles, config, report)
    return roles, periods, tasks, milestones


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
        if role_id and not ROLE_ID.match(role_id):
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
}


def _periods(
    top: Fields, roles: list[Role], config: Config, report: Report
) -> tuple[list[Period], list[Task]]:
    """The valid periods, and every task read (those of invalid periods too, so their guides are checked)."""
    periods: list[Period] = []
    all_tasks: list[Task] = []
    for position, fields in items(
        top.sequence("periodes"),
        top.file,
        "periodes",
        report,
        "une période avec numero, debut, fin et taches",
    ):
        fields.check_keys(PERIOD_KEYS)
        number = _period_number(fields, periods)
        tasks = _tasks(fields, number or position, roles)
        all_tasks += [task for role_tasks in tasks.values() for task in role_tasks]
        notes = tuple(_texts(fields, "remarques"))
        start, end = fields.date("debut"), fields.date("fin")
        if (
            number is None
            or start is None
            or end is None
            or not _dates_fit(fields, number, start, end, periods, config)
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
                _flag(fields, "debut_voulu"),
                _flag(fields, "fin_voulue"),
                fields.mapping.line,
            )
        )
    return periods, all_tasks


def _dates_fit(
    fields: Fields, number: int, start: dt.date, end: dt.date, periods: list[Period], config: Config
) -> bool:
    if end < start:
        fields.error(
            "fin",
            f"la période {number} finit ({end:%d/%m/%Y}) avant de commencer ({start:%d/%m/%Y})",
        )
        return False
    fits = True
    for key, day in (("debut", start), ("fin", end)):
        if day not in config.school_year:
            fields.error(key, _outside_year(day, config))
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


def _flag(fields: Fields, key: str) -> bool:
    value = fields.mapping.get(key, False)
    if not isinstance(value, bool):
        fields.error(key, f"« {value} » : écrivez true (pour oui) ou false (pour non)")
        return False
    return value


def _outside_year(day: dt.date, config: Config) -> str:
    year = config.school_year
    return (
        f"le {day:%d/%m/%Y} est hors de l'année scolaire {year.label} "
        f"(du {year.first_day:%d/%m/%Y} au {year.last_day:%d/%m/%Y})"
    )


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


def _texts(fields: Fields, key: str) -> list[str]:
    texts = []
    sequence = fields.sequence(key, required=False)
    for value, line in zip(sequence, sequence.item_lines):
        if isinstance(value, (str, int, float)) and str(value).strip():
            texts.append(str(value).strip())
        elif sentence := sentence_cut_by_colon(value):
            fields.report.error(fields.file, line, fields.name(key), colon_advice(sentence))
        else:
            fields.report.error(fields.file, line, fields.name(key), "attendu : une phrase")
    return texts


def _tasks(fields: Fields, number: int, roles: list[Role]) -> dict[str, tuple[Task, ...]]:
    raw = fields.mapping.get("taches")
    if raw is None:
        return {}
    if not isinstance(raw, LocatedDict):
        fields.error(
            "taches",
            "attendu : pour chaque rôle, son identifiant suivi de « : » puis la liste de ses tâches",
        )
        return {}
    by_role = Fields(raw, fields.file, fields.name("taches"), fields.report)
    known = [role.id for role in roles]
    tasks: dict[str, tuple[Task, ...]] = {}
    for role_id in raw:
        if role_id not in known:
            message = f"rôle inconnu « {role_id} »{did_you_mean(role_id, known)}"
            by_role.error(
                str(role_id),
                f"{message} ; rôles déclarés dans « roles » : {', '.join(known) or 'aucun'}",
            )
    for role in roles:
        if role.id in raw:
            tasks[role.id] = tuple(_role_tasks(by_role, role.id, number))
    return tasks


TASK_KEYS = {
    "texte": "la phrase de la tâche",
    "guide": "le guide lié, nom de son fichier sans .md, ou une liste de guides",
    "jalon": "l'id du jalon dont dépend la tâche, ou [début, fin] : les id des deux jalons d'une fenêtre, "
    "facultatif",
}


def _role_tasks(by_role: Fields, role_id: str, number: int) -> list[Task]:
    value = by_role.mapping[role_id]
    if value is None:
        return []
    if not isinstance(value, LocatedList):
        by_role.error(role_id, "attendu : la liste des tâches, une par ligne commençant par « - »")
        return []
    tasks = []
    for position, (item, line) in enumerate(zip(value, value.item_lines), start=1):
        where = f"{by_role.name(role_id)} › {position}"
        if isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip():
            tasks.append(Task(str(item).strip(), role_id, number, (), line))
        elif (sentence := sentence_cut_by_colon(item)) and not set(item) & set(TASK_KEYS):
            by_role.report.error(by_role.file, line, where, colon_advice(sentence))
        elif isinstance(item, LocatedDict):
            task = Fields(item, by_role.file, where, by_role.report)
            task.check_keys(TASK_KEYS)
            text = task.text("texte", expected="la phrase de la tâche")
            slugs, milestone_ids = _guide_refs(task), _milestone_refs(task)
            if text:
                tasks.append(Task(text, role_id, number, slugs, line, milestone_ids))
        else:
            by_role.report.error(
                by_role.file,
                line,
                where,
                "attendu : une phrase, ou « texte: » suivi de « guide: » à la ligne suivante",
            )
    return tasks


def _guide_refs(task: Fields) -> tuple[str, ...]:
    value = task.mapping.get("guide")
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    slugs = []
    for item in values:
        if not isinstance(item, str) or not item.strip():
            task.error(
                "guide",
                "attendu : le nom d'un fichier de content/guides sans .md, par exemple importer-base-siecle",
            )
            continue
        name = item.strip()
        slugs.append(urls.slugify(name[:-3] if name.endswith(".md") else name))
    return tuple(slugs)


def _milestone_refs(task: Fields) -> tuple[str, ...]:
    """« jalon: id » or « jalon: [id-du-debut, id-de-la-fin] »."""
    value = task.mapping.get("jalon")
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    ids = all(isinstance(item, str) and ROLE_ID.match(item.strip()) for item in values)
    if 1 <= len(values) <= 2 and ids:
        return tuple(item.strip() for item in values)
    task.error(
        "jalon",
        "attendu : l'id d'un jalon de « jalons: » (par exemple "
        "fenetre-certification), ou les id des deux jalons qui ouvrent et ferment une "
        "fenêtre, entre crochets : [debut-certification, fin-certification]",
    )
    return ()


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


MILESTONE_KEYS = {
    "date": "le jour",
    "titre": "ce qui se passe ce jour-là",
    "id": "identifiant stable pour les agendas abonnés et pour les guides, qui le citent ainsi : {jalon id}",
    "a_confirmer": "true tant que la date est provisoire, facultatif",
    "date_nationale": "true pour une date fixée chaque année au niveau national, que nouvelle-annee "
    "ne calcule pas, facultatif",
    "date_voulue": "true si le jalon tombe exprès un jour sans classe, facultatif",
    "roles": "les rôles qu'il concerne, par exemple [referent], facultatif (sans : tous)",
}


def _milestones(
    top: Fields, periods: list[Period], roles: list[Role], config: Config, report: Report
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
        milestone_id = fields.text("id", required=False)
        if not milestone_id:
            example = urls.slugify(title or "") or "fin-des-campagnes"
            fields.error(
                "id",
                f"ce jalon n'a pas d'« id: » ; ajoutez par exemple « id: {example} » : un identifiant "
                "court, sans accent ni espace, qui ne change plus, même si le titre ou la date change "
                "(les agendas abonnés reconnaissent ainsi le jalon au lieu de le dupliquer)",
            )
            continue
        if not ROLE_ID.match(milestone_id):
            fields.error(
                "id",
                f"« {milestone_id} » : attendu un identifiant en minuscules sans accent ni espace",
            )
            continue
        if any(milestone.id == milestone_id for milestone in milestones):
            fields.error(
                "id",
                f"deux jalons ont l'identifiant « {milestone_id} » ; donnez à l'un un « id: » différent",
            )
            continue
        if day is None or title is None:
            continue
        if day not in config.school_year:
            fields.error("date", _outside_year(day, config))
            continue
        period = next((period.number for period in periods if period.contains(day)), None)
        milestones.append(
            Milestone(
                milestone_id,
                day,
                title,
                period,
                _flag(fields, "a_confirmer"),
                _flag(fields, "date_nationale"),
                _flag(fields, "date_voulue"),
                fields.mapping.line,
                _milestone_roles(fields, roles),
            )
        )
    return sorted(milestones, key=lambda milestone: milestone.date)


# --- guides -------------------------------------------------------------------------------------

GUIDE_KEYS = {
    "titre": "titre du guide, obligatoire",
    "resume": "une phrase de présentation",
    "roles": "les rôles concernés",
    "regles": "l'année scolaire dont le guide décrit les règles",
    "format": "guide, diaporama, affiche ou competences",
}


SCRIPT_LINK = re.compile(r"\]\(\s*(javascript|vbscript|data):", re.IGNORECASE)


def _guides(
    content: Content,
    bodies: dict[str, markdown.RenderedMarkdown],
    roles: list[Role],
    report: Report,
    checked: Checked,
) -> tuple[dict[str, _ParsedGuide], set[str]]:
    """The guides that are valid, and the slugs of those that exist but have errors (already reported)."""
    guides: dict[str, _ParsedGuide] = {}
    broken: set[str] = set()
    earlier = checked.guides if checked.roles == tuple(roles) else {}
    checked.roles, checked.guides = tuple(roles), {}
    for file in content.guides:
        guide = earlier.get(file)
        if guide is None:
            errors = len(report.errors)
            guide = _guide(file, bodies.get(file.display), roles, report)
            if guide and len(report.errors) == errors:
                checked.guides[file] = guide
        else:
            checked.guides[file] = guide
        slug = guide.guide.slug if guide else urls.slugify(file.name)
        if guide is None:
            broken.add(slug)
        elif slug in guides:
            report.error(
                file.display,
                1,
                None,
                f"ce guide aurait la même adresse (guides/{slug}.html) que {guides[slug].guide.source} ; "
                "renommez l'un des deux fichiers",
            )
        elif urls.is_reserved_guide_slug(slug):
            report.error(
                file.display,
                1,
                None,
                f"le nom « {file.name} » est réservé par le site ; renommez le fichier",
            )
        else:
            guides[slug] = guide
    return guides, broken


def _guide(
    file: GuideFile, body: markdown.RenderedMarkdown | None, roles: list[Role], report: Report
) -> _ParsedGuide | None:
    report.errors.extend(file.problems)
    slug = urls.slugify(file.name)
    if file.digest and not slug:  # read, but its name has neither letters nor digits
        report.error(
            file.display, None, None, "le nom du fichier doit contenir des lettres ou des chiffres"
        )
        return None
    if file.front is None:
        return None
    fields = Fields(
        file.front if isinstance(file.front, LocatedDict) else LocatedDict(1),
        file.display,
        "",
        report,
    )
    head = _front_matter(fields, roles)
    _check_script_links(file, report)
    if head is None or body is None:
        return None
    linked = frozenset(
        target[0] for link in body.links if (target := markdown.guide_slug_of(link.href))
    )
    guide = Guide(
        slug,
        head["title"],
        head["summary"],
        head["roles"],
        head["rules"],
        head["format"],
        file.display,
        body.headings,
        linked,
        file.digest,
        body.body,
        body.sections,
        body.slides,
    )
    in_front = tuple(
        reference
        for key in ("titre", "resume")
        if isinstance(fields.mapping.get(key), str)
        for reference in references.scan(fields.mapping[key], fields.line(key))[0]
    )
    return _ParsedGuide(guide, body.links, in_front + body.references, body.written_dates)


def _front_matter(fields: Fields, roles: list[Role]) -> dict | None:
    """The guide's own fields, checked; None without a title."""
    fields.check_keys(GUIDE_KEYS)
    title = fields.text("titre", expected="le titre du guide", one_line=True)
    summary = fields.text("resume", required=False) or ""
    guide_roles = _guide_roles(fields, roles)
    rules = fields.text("regles", required=False)
    if rules and school_year_of(rules) is None:
        fields.error(
            "regles",
            f"« {rules} » : attendu une année scolaire comme 2023-2024 (deux "
            "années qui se suivent, en chiffres ordinaires)",
        )
        rules = None
    guide_format = fields.text("format", required=False) or "guide"
    if guide_format not in GUIDE_FORMATS:
        fields.error(
            "format",
            f"« {guide_format} » inconnu ; formats possibles : "
            + ", ".join(f"{name} ({meaning})" for name, meaning in GUIDE_FORMATS.items()),
        )
    if title is None:
        return None
    return {
        "title": title,
        "summary": summary,
        "roles": guide_roles,
        "rules": rules,
        "format": guide_format,
    }


def _check_script_links(file: GuideFile, report: Report) -> None:
    for match in SCRIPT_LINK.finditer(file.body):
        report.error(
            file.display,
            file.body_line + file.body.count("\n", 0, match.start()),
            None,
            "lien refusé : un lien javascript:, vbscript: ou data: pourrait exécuter du code chez le lecteur",
        )


def _guide_roles(fields: Fields, roles: list[Role]) -> tuple[str, ...]:
    value = fields.mapping.get("roles")
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    known = [role.id for role in roles]
    chosen = []
    for item in values:
        if not isinstance(item, str) or (known and item not in known):
            fields.error(
                "roles",
                f"rôle inconnu « {item} »{did_you_mean(item, known)} ; "
                f"rôles déclarés dans calendar.yaml : {', '.join(known)}",
            )
        else:
            chosen.append(item)
    return tuple(chosen)


def _check_guide_links(guides: dict[str, _ParsedGuide], broken: set[str], report: Report) -> None:
    """Links to a guide or an anchor must lead to it; messages show the links decoded, as the writer typed them
    (markdown-it percent-encodes them)."""
    # Every guide's anchors, in order, each found at once (a list made this quadratic).
    anchors = {
        slug: dict.fromkeys(heading.anchor for heading in parsed.guide.headings)
        for slug, parsed in guides.items()
    }
    for parsed in guides.values():
        for link in parsed.links:
            target = markdown.guide_slug_of(link.href)
            href = link.href
            if target:
                slug, anchor = target
                if slug in broken:
                    continue
                if slug not in guides:
                    report.error(
                        parsed.guide.source,
                        link.line,
                        None,
                        f"lien vers « {unquote(href)} » : aucun guide content/guides/{slug}.md",
                    )
                elif anchor and anchor not in anchors[slug]:
                    report.error(
                        parsed.guide.source,
                        link.line,
                        None,
                        f"lien vers « {unquote(href)} » : le guide {slug} n'a pas de titre dont l'ancre est "
                        f"#{unquote(anchor)}{_anchor_advice(unquote(href), anchor, anchors[slug], f'de {slug}')}",
                    )
            elif href.startswith("#") and href[1:] not in anchors[parsed.guide.slug]:
                report.error(
                    parsed.guide.source,
                    link.line,
                    None,
                    f"lien vers « {unquote(href)} » : aucun titre de ce guide n'a cette ancre"
                    f"{_anchor_advice(unquote(href), href[1:], anchors[parsed.guide.slug], 'de ce guide')}",
                )


SHOWN_ANCHORS = 30  # a message lists this many anchors at most: a long guide has thousands


def _anchor_advice(href: str, anchor: str, existing: dict[str, None], whose: str) -> str:
    """How to write the anchor: without accents when that is the mistake, else the anchors that exist."""
    written = unquote(anchor)
    meant = urls.slugify(written)
    if meant in existing and meant != written:
        return (
            f" ; les ancres s'écrivent sans accents ni majuscules, les mots séparés par « - » : "
            f"écrivez {href.replace(written, meant)}"
        )
    if not existing:
        return " ; ce guide n'a aucun titre « ## » vers lequel renvoyer"
    shown = [f"#{name}" for name, _ in zip(existing, range(SHOWN_ANCHORS))]
    more = f" (et {len(existing) - len(shown)} autres)" if len(existing) > len(shown) else ""
    return f"{did_you_mean(written, list(existing))} ; ancres {whose} : " + ", ".join(shown) + more


def _check_local_files(content: Content, guides: dict[str, _ParsedGuide], report: Report) -> None:
    """Links to files must lead into content/fichiers/, the only content folder copied into the site."""
    for parsed in guides.values():
        for link in parsed.links:
            if markdown.is_local_file(link.href):
                path = unquote(link.href.split("#")[0].split("?")[0])
                target = posixpath.normpath(posixpath.join(GUIDES_DIR, path))
                page, _, anchor = link.href.partition("#")
                slug = (
                    posixpath.basename(unquote(page))[: -len(".html")]
                    if page.endswith(".html")
                    else None
                )
                if slug in guides:
                    report.error(
                        parsed.guide.source,
                        link.line,
                        None,
                        f"lien vers « {unquote(link.href)} » : un lien vers un guide s'écrit avec le nom de son "
                        f"fichier : {slug}.md" + (f"#{anchor}" if anchor else ""),
                    )
                elif not target.startswith(f"{CONTENT_FILES_DIR}/"):
                    report.error(
                        parsed.guide.source,
                        link.line,
                        None,
                        f"lien vers « {unquote(link.href)} » : seuls les fichiers de "
                        f"{content.folder.name}/{CONTENT_FILES_DIR}/ sont publiés ; placez-y le fichier "
                        f"et écrivez le lien ../{CONTENT_FILES_DIR}/nom-du-fichier",
                    )
                elif target not in content.files:
                    report.error(
                        parsed.guide.source,
                        link.line,
                        None,
                        f"lien vers « {unquote(link.href)} » : ce fichier n'existe pas dans "
                        f"{content.folder.name}/",
                    )


def _check_task_guides(
    content: Content, tasks: list[Task], slugs: set[str], report: Report
) -> set[str]:
    calendar = content.calendar.display
    used: set[str] = set()
    for task in tasks:
        for slug in task.guide_slugs:
            used.add(slug)
            if slug not in slugs:
                hint = did_you_mean(slug, sorted(slugs))
                report.error(
                    calendar,
                    task.line,
                    f"periodes › {task.period_number} › taches › {task.role_id} › guide",
                    f"la tâche « {task.text} » renvoie au guide « {slug} », qui n'existe pas "
                    f"(aucun fichier content/guides/{slug}.md){hint}",
                )
    return used


def _check_formats(guides: dict[str, _ParsedGuide], domains: list[Domain], report: Report) -> None:
    for parsed in guides.values():
        if parsed.guide.format == "competences" and not domains:
            report.error(
                parsed.guide.source,
                None,
                "format",
                f"le format competences affiche les fiches de content/{COMPETENCES_FILE}, "
                "qui manque ou ne contient aucun domaine",
            )


def _warn_unused(
    content: Content,
    roles: list[Role],
    periods: list[Period],
    guides: dict[str, _ParsedGuide],
    task_slugs: set[str],
    report: Report,
) -> None:
    calendar = content.calendar.display
    for role in roles:
        if not any(period.tasks.get(role.id) for period in periods):
            report.warn(calendar, None, "roles", f"le rôle « {role.id} » n'a aucune tâche")
    linked_from_guides = {
        slug
        for parsed in guides.values()
        for slug in parsed.guide.linked_slugs
        if slug != parsed.guide.slug
    }
    for slug, parsed in guides.items():
        if slug not in task_slugs and slug not in linked_from_guides:
            report.warn(
                parsed.guide.source,
                None,
                None,
                "aucune tâche du calendrier ni aucun autre guide ne renvoie à ce guide : "
                "les lecteurs ne le trouveront que par l'index des guides",
            )


def _reading_order(guides: dict[str, _ParsedGuide], periods: list[Period]) -> dict[str, Guide]:
    """Guides in the order the year meets them (first task that links them), then the others by title."""
    first_use: dict[str, int] = {}
    for period in periods:
        for tasks in period.tasks.values():
            for task in tasks:
                for slug in task.guide_slugs:
                    first_use.setdefault(slug, len(first_use))
    ordered = sorted(
        guides.values(),
        key=lambda parsed: (
            first_use.get(parsed.guide.slug, len(first_use)),
            parsed.guide.title.lower(),
        ),
    )
    return {parsed.guide.slug: parsed.guide for parsed in ordered}


# --- competences.yaml ---------------------------------------------------------------------------


def _competences(competences: YamlFile | None, report: Report) -> list[Domain]:
    if competences is None:
        return []
    report.errors.extend(competences.problems)
    raw = competences.value
    if not isinstance(raw, LocatedDict):
        if raw is not None or not competences.problems:
            report.error(
                competences.display,
                None,
                None,
                "attendu : « domaines: » suivi de la liste des domaines",
            )
        return []
    top = Fields(raw, competences.display, "", report)
    top.check_keys({"domaines": "les domaines du cadre de référence et leurs compétences"})
    domains = []
    for _, fields in items(
        top.sequence("domaines"),
        top.file,
        "domaines",
        report,
        "un domaine avec numero, nom, competences",
    ):
        fields.check_keys(
            {
                "numero": "numéro du domaine",
                "nom": "nom du domaine",
                "competences": "ses compétences",
            }
        )
        number, name = fields.mapping.get("numero"), fields.text("nom")
        if not isinstance(number, int):
            fields.error(
                "numero" if "numero" in fields.mapping else None,
                "attendu : le numéro du domaine (1 à 5)",
            )
            continue
        if name:
            domains.append(Domain(number, name, tuple(_competences_of(fields, top.file, report))))
    return domains


# --- the calendar quoted by the guides, the year of their rules, previous years --------------------


def _quoting_calendar(
    config: Config,
    guides: dict[str, _ParsedGuide],
    periods: list[Period],
    milestones: list[Milestone],
    year: YearCalendar | None,
    calendar_read: bool,
    report: Report,
) -> dict[str, _ParsedGuide]:
    """The guides with their calendar references filled in; unknown references are errors, calendar dates
    written in full are warnings. A calendar.yaml with errors (already reported) may have lost periods or
    milestones that it does hold: references to those are not reported then."""
    by_number = {period.number: period for period in periods}
    by_id = {milestone.id: milestone for milestone in milestones}
    quoted = {}
    for slug, parsed in guides.items():
        source = parsed.guide.source
        values = {}
        for reference in parsed.references:
            try:
                values[reference.text] = references.value_of(
                    reference, by_number, by_id, config.school_year.label, year
                )
            except ValueError as problem:
                if calendar_read or not reference.in_calendar_file:
                    report.error(source, reference.line, None, str(problem))
        for written in parsed.written_dates:
            instead = references.reference_for(written.day, by_number, by_id)
            if instead:
                report.warn(
                    source,
                    written.line,
                    None,
                    f"« {written.text} » est une date du calendrier : écrivez {instead}, qui suivra le calendrier "
                    "d'une année à l'autre",
                )
        guide = references.quoted(parsed.guide, values)
        quoted[slug] = parsed if guide is parsed.guide else dataclasses.replace(parsed, guide=guide)
    return quoted


def _warn_rules(handbook: Handbook, report: Report) -> None:
    stale = handbook.rules_to_review()
    if stale:
        label = handbook.config.school_year.label
        report.warn(
            handbook.config.display,
            None,
            "annee_scolaire",
            f"{counted(len(stale), 'guide')} à relire pour {label} (leurs « regles » sont d'une année "
            "précédente) : "
            + ", ".join(f"{guide.source} ({guide.rules_year})" for guide in stale)
            + f" ; une fois un guide relu, écrivez « regles: {label} » dans son en-tête",
        )


def _archives(
    config: Config,
    calendars: tuple[YamlFile, ...],
    report: Report,
    years: dict[str, YearCalendar | None],
) -> tuple[ArchivedYear, ...]:
    """Previous years' calendars (content/annees/AAAA-AAAA/calendar.yaml, read by load.py), newest first."""
    archives = []
    for calendar in calendars:
        label = calendar.display.replace("\\", "/").split("/")[-2]
        year = school_year_of(label)
        if year is None:
            report.error(
                calendar.display,
                None,
                None,
                "le dossier d'une année archivée doit s'appeler comme l'année, par exemple 2023-2024",
            )
            continue
        if year.start_year >= config.school_year.start_year:
            report.error(
                calendar.display,
                None,
                None,
                f"{label} n'est pas une année précédente : le guide est de "
                f"{config.school_year.label} (« annee_scolaire » de {config.display}) ; "
                "seules les années d'avant sont archivées dans ce dossier",
            )
            continue
        archived = dataclasses.replace(config, school_year=year)
        roles, periods, _, milestones = _calendar(archived, calendar, report)
        archives.append(
            ArchivedYear(label, tuple(periods), tuple(milestones), tuple(roles), years.get(label))
        )
    return tuple(archives)


def _competences_of(fields: Fields, file: str, report: Report) -> list[Competence]:
    competences = []
    for _, item in items(
        fields.sequence("competences"),
        file,
        fields.name("competences"),
        report,
        "une compétence avec code, nom, disciplines",
    ):
        item.check_keys(
            {"code": 'code comme "1.1"', "nom": "intitulé", "disciplines": "liste des disciplines"}
        )
        code, label = item.text("code", expected='un code comme "1.1"'), item.text("nom")
        subjects = [
            str(subject).strip()
            for subject in item.sequence("disciplines")
            if isinstance(subject, str) and subject.strip()
        ]
        if code and label:
            competences.append(Competence(code, label, tuple(subjects)))
    return competences
