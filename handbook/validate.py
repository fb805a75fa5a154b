"""Validate stage: check the loaded values field by field and build the model from them.

Every problem is reported with its file, line and field, then validation goes on, so that one run
lists everything that needs fixing.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from . import cache as disk_cache
from . import forks, markdown, references, schoolyear, urls
from .config import Config, SchoolYear
from .dates import EXPECTED as EXPECTED_DATE, parse_date
from .freshness import RACY_SECONDS
from .load import (CONTENT_FILES_DIR, LocatedDict, LocatedList, SourceFile, display_path, link_problem, list_files,
                   parse_yaml, publishable_files, read_text, split_front_matter)
from .model import ArchivedYear, Competence, Domain, Guide, Handbook, Milestone, Period, Role, Task
from .problems import Problem, Report, did_you_mean

ROLE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
GUIDE_FORMATS = {
    "guide": "une page de guide (par défaut)",
    "diaporama": "une diapositive par titre de niveau 2 (##)",
    "affiche": "une affiche imprimable sur une page A4",
    "competences": "le guide suivi des fiches de compétences par discipline (content/competences.yaml)",
}
CALENDAR_FILE = "calendar.yaml"
COMPETENCES_FILE = "competences.yaml"
GUIDES_DIR = "guides"


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
                self.report.error(self.file, self.line(key), self.name(str(key)), f"{message} ; clés possibles : {choices}")

    def text(self, key: str, required: bool = True, expected: str = "un texte", one_line: bool = False) -> str | None:
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
            self.error(key, f"attendu : {expected} sur une seule ligne (sans retour à la ligne ni « | »)")
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
                self.error(None, f"« {key} » manque ; attendu : une liste (lignes commençant par « - »)")
            return LocatedList(self.mapping.line)
        if not isinstance(value, LocatedList):
            self.error(key, "attendu : une liste, chaque élément sur une ligne commençant par « - »")
            return LocatedList(self.mapping.line)
        return value


def sentence_cut_by_colon(value: object) -> str | None:
    """The sentence a writer meant when YAML read « - Absences: prévenir » as a field « Absences » (an unquoted
    « : » followed by a space); None when the value is not such a one-field mapping."""
    if isinstance(value, LocatedDict) and len(value) == 1:
        (key, rest), = value.items()
        if isinstance(key, str) and isinstance(rest, (str, int, float)) and not isinstance(rest, bool):
            return f"{key} : {rest}"
    return None


def colon_advice(sentence: str) -> str:
    return (f"cette phrase contient « : » suivi d'un espace, que YAML prend pour un champ : mettez la phrase "
            f"entre guillemets, par exemple - \"{sentence}\"")


def items(sequence: LocatedList, file: str, path: str, report: Report, what: str):
    """(position from 1, Fields) for each item of a list of mappings; other items are reported."""
    for position, (value, line) in enumerate(zip(sequence, sequence.item_lines), start=1):
        if isinstance(value, LocatedDict):
            yield position, Fields(value, file, f"{path} › {position}", report)
        else:
            report.error(file, line, f"{path} › {position}", f"attendu : {what}")


def validate(config: Config, report: Report, cache: GuideCache | None = None,
             disk_folder: Path | None = None) -> Handbook | None:
    """Read content/ and build the Handbook; None when any error was reported.

    The cache (serve mode) keeps the guides already read, so a rebuild reads only the changed ones;
    disk_folder, if given, keeps processed guide bodies between runs (see cache.py).
    """
    cache = cache or GuideCache()
    year = schoolyear.year_calendar(config, report)
    roles, periods, tasks, milestones, modified = _calendar(config, report)
    if year:
        schoolyear.warn_off_days(periods, milestones, year, display_path(config.content_dir / CALENDAR_FILE, config.root),
                                 report)
    guides, broken = _guides(config, report, roles, cache, disk_folder)
    domains = _competences(config, report)
    _check_guide_links(guides, broken, report)
    _check_local_files(config, guides, report)
    _check_published_files(config, report)
    task_slugs = _check_task_guides(config, tasks, set(guides) | broken, report)
    _check_formats(config, guides, domains, report)
    _warn_unused(config, roles, periods, guides, task_slugs, report)
    guides = _quoting_calendar(config, guides, periods, milestones, year, report)
    archives = _archives(config, report)
    updated = _updated(config, modified, report)
    if report.errors:
        return None
    handbook = Handbook(config, tuple(roles), tuple(periods), tuple(milestones),
                        _reading_order(guides, periods), tuple(domains), updated, year, archives)
    _warn_rules(handbook, report)
    return handbook


def calendar_only(config: Config) -> Handbook | None:
    """The handbook with its calendar alone (roles, periods, milestones; no guide read): what the feeds are
    made from. None when the calendar has errors, which validate() reports."""
    report = Report()
    year = schoolyear.year_calendar(config, report)
    roles, periods, _, milestones, modified = _calendar(config, report)
    updated = _updated(config, modified, report)
    if report.errors:
        return None
    return Handbook(config, tuple(roles), tuple(periods), tuple(milestones), {}, (), updated, year)


def _updated(config: Config, calendar_modified: float, report: Report) -> dt.datetime:
    """When the calendar last changed: SOURCE_DATE_EPOCH if set, else the newer of calendar and config files."""
    epoch = _source_date_epoch(report)
    seconds = epoch if epoch is not None else int(max(calendar_modified, config.path.stat().st_mtime))
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)


SOURCE_DATE_EPOCH = "variable d'environnement SOURCE_DATE_EPOCH"
LAST_EPOCH = 253402300799  # 31 December 9999, the last second a date can hold


def _source_date_epoch(report: Report) -> int | None:
    """SOURCE_DATE_EPOCH's seconds when it is set to a usable number; other values are reported."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        report.warn(SOURCE_DATE_EPOCH, None, None,
                    f"« {value} » n'est pas un nombre de secondes depuis le 1er janvier 1970 : elle est ignorée, "
                    "et la date des calendriers est celle de la dernière modification de calendar.yaml")
        return None
    if int(value) > LAST_EPOCH:
        report.error(SOURCE_DATE_EPOCH, None, None,
                     f"« {value} » est trop grand : attendu un nombre de secondes depuis le 1er janvier 1970, "
                     f"par exemple {int(time.time())} pour maintenant, ou retirez la variable")
        return None
    return int(value)


# --- calendar.yaml -------------------------------------------------------------------------------

def _calendar(config: Config, report: Report) -> tuple[list[Role], list[Period], list[Task], list[Milestone], float]:
    source = read_text(config.content_dir / CALENDAR_FILE, config.root, report)
    if source is None:
        return [], [], [], [], 0.0
    (roles, periods, tasks, milestones), problems = _checked_calendar(source, config)
    report.errors.extend(problems)
    return roles, periods, tasks, milestones, source.modified


@lru_cache(maxsize=4)
def _checked_calendar(source: SourceFile, config: Config) -> tuple[tuple[list, list, list, list], tuple[Problem, ...]]:
    """The calendar's roles, periods, tasks and milestones, and the errors found. Kept for an unchanged file,
    so serve mode checks it once; callers never modify the result."""
    report = Report()
    raw = parse_yaml(source, report)
    if not isinstance(raw, LocatedDict):
        if raw is not None or not report.errors:
            report.error(source.display, None, None, "attendu : trois parties « roles: », « periodes: » et « jalons: »")
        return ([], [], [], []), tuple(report.errors)
    top = Fields(raw, source.display, "", report)
    top.check_keys({"roles": "les rôles", "periodes": "les périodes et leurs tâches", "jalons": "les dates clés"})
    roles = _roles(top, report)
    periods, tasks = _periods(top, roles, config, report)
    milestones = _milestones(top, periods, config, report)
    return (roles, periods, tasks, milestones), tuple(report.errors)


def _roles(top: Fields, report: Report) -> list[Role]:
    roles: list[Role] = []
    for _, fields in items(top.sequence("roles"), top.file, "roles", report, "un rôle avec « id: » et « nom: »"):
        fields.check_keys({"id": "identifiant court", "nom": "nom affiché", "description": "une phrase"})
        role_id, name = fields.text("id", expected="un identifiant comme enseignants"), fields.text("nom", one_line=True)
        if role_id and not ROLE_ID.match(role_id):
            fields.error("id", f"« {role_id} » : attendu un identifiant en minuscules sans accent ni espace, "
                               f"par exemple « {urls.slugify(role_id) or 'enseignants'} »")
        elif role_id in {role.id for role in roles}:
            fields.error("id", f"le rôle « {role_id} » est déclaré deux fois")
        elif role_id and name:
            roles.append(Role(role_id, name, fields.text("description", required=False) or ""))
    return roles


PERIOD_KEYS = {"numero": "numéro de la période", "titre": "titre (facultatif)", "debut": "premier jour",
               "fin": "dernier jour (inclus)", "taches": "les tâches de chaque rôle",
               "remarques": "remarques (facultatif)",
               "debut_voulu": "true si la période commence exprès un jour sans classe (facultatif)",
               "fin_voulue": "true si la période finit exprès un jour sans classe (facultatif)"}


def _periods(top: Fields, roles: list[Role], config: Config, report: Report) -> tuple[list[Period], list[Task]]:
    """The valid periods, and every task read (those of invalid periods too, so their guides are checked)."""
    periods: list[Period] = []
    all_tasks: list[Task] = []
    for position, fields in items(top.sequence("periodes"), top.file, "periodes", report,
                                  "une période avec numero, debut, fin et taches"):
        fields.check_keys(PERIOD_KEYS)
        number = _period_number(fields, periods)
        tasks = _tasks(fields, number or position, roles)
        all_tasks += [task for role_tasks in tasks.values() for task in role_tasks]
        notes = tuple(_texts(fields, "remarques"))
        start, end = fields.date("debut"), fields.date("fin")
        if number is None or start is None or end is None or not _dates_fit(fields, number, start, end, periods, config):
            continue
        title = fields.text("titre", required=False, one_line=True) or f"Période {number}"
        periods.append(Period(number, title, start, end, tasks, notes, _flag(fields, "debut_voulu"),
                              _flag(fields, "fin_voulue"), fields.mapping.line))
    return periods, all_tasks


def _dates_fit(fields: Fields, number: int, start: dt.date, end: dt.date, periods: list[Period], config: Config) -> bool:
    if end < start:
        fields.error("fin", f"la période {number} finit ({end:%d/%m/%Y}) avant de commencer ({start:%d/%m/%Y})")
        return False
    fits = True
    for key, day in (("debut", start), ("fin", end)):
        if day not in config.school_year:
            fields.error(key, _outside_year(day, config))
            fits = False
    if periods and start <= periods[-1].end:
        fields.error("debut", f"la période {number} commence le {start:%d/%m/%Y}, avant la fin de la période "
                              f"{periods[-1].number} ({periods[-1].end:%d/%m/%Y}) : les périodes doivent se suivre "
                              "dans l'ordre sans se chevaucher")
        fits = False
    return fits


def _flag(fields: Fields, key: str) -> bool:
    value = fields.mapping.get(key, False)
    if not isinstance(value, bool):
        fields.error(key, f"« {value} » : attendu true (oui) ou false (non)")
        return False
    return value


def _outside_year(day: dt.date, config: Config) -> str:
    year = config.school_year
    return (f"le {day:%d/%m/%Y} est hors de l'année scolaire {year.label} "
            f"(du {year.first_day:%d/%m/%Y} au {year.last_day:%d/%m/%Y})")


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
        fields.error("numero", f"la période {number} vient après la période {periods[-1].number} : "
                               "rangez les périodes dans l'ordre")
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
        fields.error("taches", "attendu : pour chaque rôle, son identifiant suivi de « : » puis la liste de ses tâches")
        return {}
    by_role = Fields(raw, fields.file, fields.name("taches"), fields.report)
    known = [role.id for role in roles]
    tasks: dict[str, tuple[Task, ...]] = {}
    for role_id in raw:
        if role_id not in known:
            message = f"rôle inconnu « {role_id} »{did_you_mean(role_id, known)}"
            by_role.error(str(role_id), f"{message} ; rôles déclarés dans « roles » : {', '.join(known) or 'aucun'}")
    for role in roles:
        if role.id in raw:
            tasks[role.id] = tuple(_role_tasks(by_role, role.id, number))
    return tasks


TASK_KEYS = {"texte": "la phrase de la tâche", "guide": "le guide lié (nom du fichier sans .md), ou une liste de guides"}


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
            slugs = _guide_refs(task)
            if text:
                tasks.append(Task(text, role_id, number, slugs, line))
        else:
            by_role.report.error(by_role.file, line, where,
                                 "attendu : une phrase, ou « texte: » suivi de « guide: » à la ligne suivante")
    return tasks


def _guide_refs(task: Fields) -> tuple[str, ...]:
    value = task.mapping.get("guide")
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    slugs = []
    for item in values:
        if not isinstance(item, str) or not item.strip():
            task.error("guide", "attendu : le nom d'un fichier de content/guides sans .md, par exemple importer-base-siecle")
            continue
        name = item.strip()
        slugs.append(urls.slugify(name[:-3] if name.endswith(".md") else name))
    return tuple(slugs)


MILESTONE_KEYS = {"date": "le jour", "titre": "ce qui se passe ce jour-là",
                  "id": "identifiant stable pour les agendas abonnés et les guides ({jalon id})",
                  "a_confirmer": "true tant que la date est provisoire (facultatif)",
                  "date_nationale": "true pour une date fixée chaque année au niveau national, que nouvelle-annee "
                                    "ne calcule pas (facultatif)",
                  "date_voulue": "true si le jalon tombe exprès un jour sans classe (facultatif)"}


def _milestones(top: Fields, periods: list[Period], config: Config, report: Report) -> list[Milestone]:
    milestones: list[Milestone] = []
    for _, fields in items(top.sequence("jalons", required=False), top.file, "jalons", report,
                           "un jalon avec « date: » et « titre: »"):
        fields.check_keys(MILESTONE_KEYS)
        day, title = fields.date("date"), fields.text("titre", one_line=True)
        milestone_id = fields.text("id", required=False)
        if not milestone_id:
            example = urls.slugify(title or "") or "fin-des-campagnes"
            fields.error("id", f"ce jalon n'a pas d'« id: » ; ajoutez par exemple « id: {example} » : un identifiant "
                               "court, sans accent ni espace, qui ne change plus, même si le titre ou la date change "
                               "(les agendas abonnés reconnaissent ainsi le jalon au lieu de le dupliquer)")
            continue
        if not ROLE_ID.match(milestone_id):
            fields.error("id", f"« {milestone_id} » : attendu un identifiant en minuscules sans accent ni espace")
            continue
        if any(milestone.id == milestone_id for milestone in milestones):
            fields.error("id", f"deux jalons ont l'identifiant « {milestone_id} » ; donnez à l'un un « id: » différent")
            continue
        if day is None or title is None:
            continue
        if day not in config.school_year:
            fields.error("date", _outside_year(day, config))
            continue
        period = next((period.number for period in periods if period.contains(day)), None)
        milestones.append(Milestone(milestone_id, day, title, period, _flag(fields, "a_confirmer"),
                                    _flag(fields, "date_nationale"), _flag(fields, "date_voulue"), fields.mapping.line))
    return sorted(milestones, key=lambda milestone: milestone.date)


# --- guides -------------------------------------------------------------------------------------

GUIDE_KEYS = {"titre": "titre du guide (obligatoire)", "resume": "une phrase de présentation",
              "roles": "les rôles concernés", "regles": "l'année scolaire dont le guide décrit les règles",
              "format": "guide, diaporama, affiche ou competences"}


SCRIPT_LINK = re.compile(r"\]\(\s*(javascript|vbscript|data):", re.IGNORECASE)
PARALLEL_FROM = 150  # guides: below this, starting worker processes costs more than it saves


@dataclass(frozen=True, eq=False)
class _GuideHead:
    """A guide whose front matter is valid, before its body is processed (compared by identity: the caches
    hand the same head back while its file is unchanged)."""
    slug: str
    source: str
    title: str
    summary: str
    roles: tuple[str, ...]
    rules: str | None
    format: str
    digest: str  # of the whole file
    markdown_key: str  # of what the processed body depends on: the same key, the same result
    references: tuple[references.Reference, ...] = ()  # calendar references in the body, with their lines
    written_dates: tuple[references.WrittenDate, ...] = ()


BodyJob = tuple[str, int, str, bool]  # the arguments of markdown.process: body, first line, slug, slides


@dataclass(frozen=True)
class _ParsedGuide:
    guide: Guide
    links: tuple[markdown.Link, ...]
    head: _GuideHead | None = None


@dataclass
class GuideCache:
    """Guides already read, kept between the builds of one serve session: only changed files are read again."""
    heads: dict[tuple, _GuideHead] = field(default_factory=dict)  # (file, digest of its text, roles) → head
    dated: dict[tuple, _GuideHead] = field(default_factory=dict)  # (file, size, date, roles) → head, not read again
    bodies: dict[str, markdown.RenderedMarkdown] = field(default_factory=dict)  # markdown key → processed body
    guides: dict[_GuideHead, _ParsedGuide] = field(default_factory=dict)

    def keep_only(self, heads: list[_GuideHead]) -> None:
        """Forget what this build did not use, so a long session does not pile up old versions."""
        kept = set(heads)
        self.heads = {key: head for key, head in self.heads.items() if head in kept}
        self.dated = {key: head for key, head in self.dated.items() if head in kept}
        self.bodies = {head.markdown_key: self.bodies[head.markdown_key] for head in heads}
        self.guides = {head: guide for head, guide in self.guides.items() if head in kept}


def _guides(config: Config, report: Report, roles: list[Role], cache: GuideCache,
            disk_folder: Path | None) -> tuple[dict[str, _ParsedGuide], set[str]]:
    """The guides that are valid, and the slugs of those that exist but have errors (already reported)."""
    heads: dict[str, _GuideHead] = {}
    jobs: dict[str, BodyJob] = {}
    broken: set[str] = set()
    settled_before = (time.time() - RACY_SECONDS) * 1e9
    roles_key = repr(roles)  # a string keeps its hash: cheap to look up once per guide
    for path in list_files(config.content_dir / GUIDES_DIR, ".md"):
        if problem := link_problem(path, config.content_dir):
            report.error(display_path(path, config.root), None, None, problem)
            broken.add(urls.slugify(path.stem))
            continue
        head, job = _cached_head(path, config, roles, roles_key, report, cache, settled_before)
        if job:
            jobs[head.markdown_key] = job
        if head is None:
            broken.add(urls.slugify(path.stem))
        elif head.slug in heads:
            report.error(head.source, 1, None,
                         f"ce guide aurait la même adresse (guides/{head.slug}.html) que {heads[head.slug].source} ; "
                         "renommez l'un des deux fichiers")
        elif head.slug in urls.RESERVED_GUIDE_SLUGS:
            report.error(head.source, 1, None, f"le nom « {path.stem} » est réservé par le site ; renommez le fichier")
        else:
            heads[head.slug] = head
    _process_bodies(list(heads.values()), jobs, cache, disk_folder)
    guides = {}
    for slug, head in heads.items():
        if head not in cache.guides:
            cache.guides[head] = _parsed_guide(head, cache.bodies[head.markdown_key])
        guides[slug] = cache.guides[head]
    cache.keep_only(list(heads.values()))
    return guides, broken


def _cached_head(path: Path, config: Config, roles: list[Role], roles_key: str, report: Report, cache: GuideCache,
                 settled_before: float) -> tuple[_GuideHead | None, BodyJob | None]:
    """The guide's head, read again only when its file or the roles changed (heads with errors are not kept),
    and, when it was read again, the job of processing its body.

    A file whose size and date are those of a head already made is not even read. Heads are remembered
    by size and date only once the file is old enough for its date to prove it unchanged (see freshness.py).
    """
    stat = path.stat()
    dated = (str(path), stat.st_size, stat.st_mtime_ns, roles_key)
    if dated in cache.dated:
        return cache.dated[dated], None
    source = read_text(path, config.root, report)
    if source is None:
        return None, None
    key = (source.display, hashlib.sha1(source.text.encode()).hexdigest(), roles_key)
    if key in cache.heads:
        head, job = cache.heads[key], None
    else:
        errors = len(report.errors)
        head, job = _guide_head(source, path, roles, report, key[1])
        if head is None or len(report.errors) != errors:
            return head, job
        cache.heads[key] = head
    if stat.st_mtime_ns < settled_before:  # a later edit can no longer keep this date
        cache.dated[dated] = head
    return head, job


def _process_bodies(heads: list[_GuideHead], new_jobs: dict[str, BodyJob], cache: GuideCache,
                    folder: Path | None) -> None:
    """Process each body found in neither cache, over several processes when there are many.

    A head taken from the cache has its body in the cache too (keep_only keeps them together), so every
    missing body is one of the new jobs.
    """
    missing = [head.markdown_key for head in heads if head.markdown_key not in cache.bodies]
    if folder and missing:
        cache.bodies.update(disk_cache.load(folder, missing))
    jobs = {key: new_jobs[key] for key in missing if key not in cache.bodies}
    arguments = list(jobs.values())
    workers = min(forks.usable_cpus(), 4)
    if len(arguments) < PARALLEL_FROM or workers < 2:
        results = [markdown.process(*job) for job in arguments]
    else:
        import multiprocessing  # only a large site pays for importing these
        from concurrent.futures import ProcessPoolExecutor
        context = multiprocessing.get_context("fork" if forks.can_fork() else "spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            results = list(pool.map(_process, arguments, chunksize=max(1, len(arguments) // (workers * 8))))
    cache.bodies.update(zip(jobs, results))
    if folder and (jobs or missing):
        disk_cache.store(folder, dict(zip(jobs, results)), {head.markdown_key for head in heads})


def _process(job: tuple[str, int, str, bool]) -> markdown.RenderedMarkdown:
    return markdown.process(*job)


def _parsed_guide(head: _GuideHead, body: markdown.RenderedMarkdown) -> _ParsedGuide:
    linked = frozenset(target[0] for link in body.links if (target := markdown.guide_slug_of(link.href)))
    guide = Guide(head.slug, head.title, head.summary, head.roles, head.rules, head.format, head.source,
                  body.headings, linked, head.digest, body.html, body.print_html, body.sections, body.slides)
    return _ParsedGuide(guide, body.links, head)


def _guide_head(source: SourceFile, path: Path, roles: list[Role], report: Report,
                digest: str) -> tuple[_GuideHead | None, BodyJob | None]:
    slug = urls.slugify(path.stem)
    if not slug:
        report.error(source.display, None, None, "le nom du fichier doit contenir des lettres ou des chiffres")
        return None, None
    front, body, body_line = split_front_matter(source)
    if front is None:
        opened = source.text.startswith("---")
        report.error(source.display, 1, None,
                     "l'en-tête commencé par « --- » n'est jamais refermé par une ligne « --- »" if opened else
                     "le guide doit commencer par un en-tête entre deux lignes « --- », avec au moins « titre: »")
        return None, None
    raw = parse_yaml(SourceFile(source.path, source.display, front), report, first_line=2)
    if raw is None and front.strip():
        return None, None
    fields = Fields(raw if isinstance(raw, LocatedDict) else LocatedDict(1), source.display, "", report)
    fields.check_keys(GUIDE_KEYS)
    title = fields.text("titre", expected="le titre du guide", one_line=True)
    summary = fields.text("resume", required=False) or ""
    guide_roles = _guide_roles(fields, roles)
    rules = fields.text("regles", required=False)
    if rules and not re.match(r"^\d{4}-\d{4}$", rules):
        fields.error("regles", f"« {rules} » : attendu une année scolaire comme 2023-2024")
    guide_format = fields.text("format", required=False) or "guide"
    if guide_format not in GUIDE_FORMATS:
        fields.error("format", f"« {guide_format} » inconnu ; formats possibles : "
                               + ", ".join(f"{name} ({meaning})" for name, meaning in GUIDE_FORMATS.items()))
    for match in SCRIPT_LINK.finditer(body):
        report.error(source.display, body_line + body.count("\n", 0, match.start()), None,
                     "lien refusé : un lien javascript:, vbscript: ou data: pourrait exécuter du code chez le lecteur")
    if title is None:
        return None, None
    job = (body, body_line, slug, guide_format == "diaporama")
    markdown_key = hashlib.sha1("\0".join(map(str, (slug, body_line, job[3], body))).encode()).hexdigest()
    found, written = references.scan(body, body_line)
    return _GuideHead(slug, source.display, title, summary, guide_roles, rules, guide_format, digest, markdown_key,
                      found, written), job


def _guide_roles(fields: Fields, roles: list[Role]) -> tuple[str, ...]:
    value = fields.mapping.get("roles")
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    known = [role.id for role in roles]
    chosen = []
    for item in values:
        if not isinstance(item, str) or (known and item not in known):
            fields.error("roles", f"rôle inconnu « {item} »{did_you_mean(item, known)} ; "
                                  f"rôles déclarés dans calendar.yaml : {', '.join(known)}")
        else:
            chosen.append(item)
    return tuple(chosen)


def _check_guide_links(guides: dict[str, _ParsedGuide], broken: set[str], report: Report) -> None:
    anchors = {slug: [heading.anchor for heading in parsed.guide.headings] for slug, parsed in guides.items()}
    for parsed in guides.values():
        for link in parsed.links:
            target = markdown.guide_slug_of(link.href)
            href = unquote(link.href)  # markdown-it percent-encodes what the writer typed
            if target:
                slug, anchor = target
                if slug in broken:
                    continue
                if slug not in guides:
                    report.error(parsed.guide.source, link.line, None,
                                 f"lien vers « {href} » : aucun guide content/guides/{slug}.md")
                elif anchor and anchor not in anchors[slug]:
                    report.error(parsed.guide.source, link.line, None,
                                 f"lien vers « {href} » : le guide {slug} n'a pas de titre dont l'ancre est "
                                 f"#{unquote(anchor)}{_anchor_advice(href, anchor, anchors[slug], f'de {slug}')}")
            elif link.href.startswith("#") and link.href[1:] not in anchors[parsed.guide.slug]:
                report.error(parsed.guide.source, link.line, None,
                             f"lien vers « {href} » : aucun titre de ce guide n'a cette ancre"
                             f"{_anchor_advice(href, link.href[1:], anchors[parsed.guide.slug], 'de ce guide')}")


def _anchor_advice(href: str, anchor: str, existing: list[str], whose: str) -> str:
    """How to write the anchor: without accents when that is the mistake, else the anchors that exist."""
    written = unquote(anchor)
    meant = urls.slugify(written)
    if meant in existing and meant != written:
        return (f" ; les ancres s'écrivent sans accents ni majuscules, les mots séparés par « - » : "
                f"écrivez {href.replace(written, meant)}")
    if not existing:
        return " ; ce guide n'a aucun titre « ## » vers lequel renvoyer"
    return f"{did_you_mean(written, existing)} ; ancres {whose} : " + ", ".join(f"#{name}" for name in existing)


def _check_local_files(config: Config, guides: dict[str, _ParsedGuide], report: Report) -> None:
    """Links to files must lead into content/fichiers/, the only content folder copied into the site."""
    folder = config.content_dir / GUIDES_DIR
    published = config.content_dir / CONTENT_FILES_DIR
    for parsed in guides.values():
        for link in parsed.links:
            if markdown.is_local_file(link.href):
                path = unquote(link.href.split("#")[0].split("?")[0])
                target = Path(os.path.normpath(folder / path))
                if published not in target.parents:
                    report.error(parsed.guide.source, link.line, None,
                                 f"lien vers « {unquote(link.href)} » : seuls les fichiers de "
                                 f"{config.content_dir.name}/{CONTENT_FILES_DIR}/ sont publiés ; placez-y le fichier "
                                 f"et écrivez le lien ../{CONTENT_FILES_DIR}/nom-du-fichier")
                elif not target.is_file():
                    report.error(parsed.guide.source, link.line, None,
                                 f"lien vers « {unquote(link.href)} » : ce fichier n'existe pas dans "
                                 f"{config.content_dir.name}/")


def _check_published_files(config: Config, report: Report) -> None:
    for path, problem in publishable_files(config.content_dir / CONTENT_FILES_DIR, config.content_dir)[1].items():
        report.error(display_path(path, config.root), None, None, problem)


def _check_task_guides(config: Config, tasks: list[Task], slugs: set[str], report: Report) -> set[str]:
    calendar = display_path(config.content_dir / CALENDAR_FILE, config.root)
    used: set[str] = set()
    for task in tasks:
        for slug in task.guide_slugs:
            used.add(slug)
            if slug not in slugs:
                hint = did_you_mean(slug, sorted(slugs))
                report.error(calendar, task.line, f"periodes › {task.period_number} › taches › {task.role_id} › guide",
                             f"la tâche « {task.text} » renvoie au guide « {slug} », qui n'existe pas "
                             f"(aucun fichier content/guides/{slug}.md){hint}")
    return used


def _check_formats(config: Config, guides: dict[str, _ParsedGuide], domains: list[Domain], report: Report) -> None:
    for parsed in guides.values():
        if parsed.guide.format == "competences" and not domains:
            report.error(parsed.guide.source, None, "format",
                         f"le format competences affiche les fiches de content/{COMPETENCES_FILE}, "
                         "qui manque ou ne contient aucun domaine")


def _warn_unused(config: Config, roles: list[Role], periods: list[Period], guides: dict[str, _ParsedGuide],
                 task_slugs: set[str], report: Report) -> None:
    calendar = display_path(config.content_dir / CALENDAR_FILE, config.root)
    for role in roles:
        if not any(period.tasks.get(role.id) for period in periods):
            report.warn(calendar, None, "roles", f"le rôle « {role.id} » n'a aucune tâche")
    linked_from_guides = {slug for parsed in guides.values() for slug in parsed.guide.linked_slugs
                          if slug != parsed.guide.slug}
    for slug, parsed in guides.items():
        if slug not in task_slugs and slug not in linked_from_guides:
            report.warn(parsed.guide.source, None, None,
                        "aucune tâche du calendrier ni aucun autre guide ne renvoie à ce guide : "
                        "les lecteurs ne le trouveront que par l'index des guides")


def _reading_order(guides: dict[str, _ParsedGuide], periods: list[Period]) -> dict[str, Guide]:
    """Guides in the order the year meets them (first task that links them), then the others by title."""
    first_use: dict[str, int] = {}
    for period in periods:
        for tasks in period.tasks.values():
            for task in tasks:
                for slug in task.guide_slugs:
                    first_use.setdefault(slug, len(first_use))
    ordered = sorted(guides.values(),
                     key=lambda parsed: (first_use.get(parsed.guide.slug, len(first_use)), parsed.guide.title.lower()))
    return {parsed.guide.slug: parsed.guide for parsed in ordered}


# --- competences.yaml ---------------------------------------------------------------------------

def _competences(config: Config, report: Report) -> list[Domain]:
    path = config.content_dir / COMPETENCES_FILE
    if not path.exists():
        return []
    source = read_text(path, config.root, report)
    raw = parse_yaml(source, report) if source else None
    if not isinstance(raw, LocatedDict):
        if source and (raw is not None or not report.errors):
            report.error(source.display, None, None, "attendu : « domaines: » suivi de la liste des domaines")
        return []
    top = Fields(raw, source.display, "", report)
    top.check_keys({"domaines": "les domaines du cadre de référence et leurs compétences"})
    domains = []
    for _, fields in items(top.sequence("domaines"), top.file, "domaines", report, "un domaine avec numero, nom, competences"):
        fields.check_keys({"numero": "numéro du domaine", "nom": "nom du domaine", "competences": "ses compétences"})
        number, name = fields.mapping.get("numero"), fields.text("nom")
        if not isinstance(number, int):
            fields.error("numero" if "numero" in fields.mapping else None, "attendu : le numéro du domaine (1 à 5)")
            continue
        competences = []
        for _, item in items(fields.sequence("competences"), top.file, fields.name("competences"), report,
                             "une compétence avec code, nom, disciplines"):
            item.check_keys({"code": "code comme \"1.1\"", "nom": "intitulé", "disciplines": "liste des disciplines"})
            code, label = item.text("code", expected="un code comme \"1.1\""), item.text("nom")
            subjects = [str(subject).strip() for subject in item.sequence("disciplines")
                        if isinstance(subject, str) and subject.strip()]
            if code and label:
                competences.append(Competence(code, label, tuple(subjects)))
        if name:
            domains.append(Domain(number, name, tuple(competences)))
    return domains


# --- the calendar quoted by the guides, the year of their rules, previous years --------------------

def _quoting_calendar(config: Config, guides: dict[str, _ParsedGuide], periods: list[Period],
                      milestones: list[Milestone], year: schoolyear.YearCalendar | None,
                      report: Report) -> dict[str, _ParsedGuide]:
    """The guides with their calendar references filled in; unknown references are errors, calendar dates
    written in full are warnings."""
    by_number = {period.number: period for period in periods}
    by_id = {milestone.id: milestone for milestone in milestones}
    quoted = {}
    for slug, parsed in guides.items():
        head = parsed.head
        values = {}
        for reference in head.references:
            try:
                values[reference.text] = references.value_of(reference, by_number, by_id, config.school_year.label,
                                                             year)
            except ValueError as problem:
                report.error(head.source, reference.line, None, str(problem))
        for written in head.written_dates:
            instead = references.reference_for(written.day, by_number, by_id)
            if instead:
                report.warn(head.source, written.line, None,
                            f"« {written.text} » est une date du calendrier : écrivez {instead}, qui suivra le calendrier "
                            "d'une année à l'autre")
        quoted[slug] = _ParsedGuide(references.quoted(parsed.guide, values), parsed.links, head)
    return quoted


def _warn_rules(handbook: Handbook, report: Report) -> None:
    stale = handbook.rules_to_review()
    if stale:
        label = handbook.config.school_year.label
        report.warn(handbook.config.display, None, "annee_scolaire",
                    f"{len(stale)} guide(s) à relire pour {label} (leurs « regles » sont d'une année précédente) : "
                    + ", ".join(f"{guide.source} ({guide.rules_year})" for guide in stale)
                    + f" ; une fois un guide relu, écrivez « regles: {label} » dans son en-tête")


ARCHIVE_DIR = "annees"


def _archives(config: Config, report: Report) -> tuple[ArchivedYear, ...]:
    """Previous years' calendars kept in content/annees/AAAA-AAAA/calendar.yaml, newest first."""
    archives = []
    folder = config.content_dir / ARCHIVE_DIR
    for path in sorted(folder.glob(f"*/{CALENDAR_FILE}"), reverse=True) if folder.is_dir() else []:
        label = path.parent.name
        match = re.fullmatch(r"(\d{4})-(\d{4})", label)
        if not match or int(match.group(2)) != int(match.group(1)) + 1:
            report.error(display_path(path.parent, config.root), None, None,
                         "le dossier d'une année archivée doit s'appeler comme l'année, par exemple 2023-2024")
            continue
        source = read_text(path, config.root, report)
        if source is None:
            continue
        archived = dataclasses.replace(config, school_year=SchoolYear(int(match.group(1))))
        (roles, periods, _, milestones), problems = _checked_calendar(source, archived)
        report.errors.extend(problems)
        archives.append(ArchivedYear(label, tuple(periods), tuple(milestones), tuple(roles)))
    return tuple(archives)
