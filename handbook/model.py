"""The handbook as data: the school year, the site's configuration, and what every page, checklist
and feed is made from (a school year's holidays are dates.Holiday values).

The bottom of the import graph: it imports no other stage (see tests/test_structure.py) and no YAML
library, so that every stage can use its types.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from handbook.dates import Holiday, long_date

# « 2023-2024 »: ASCII digits (\d takes any script's digits), the second year after the first
SCHOOL_YEAR_LABEL = re.compile(r"([0-9]{4})-([0-9]{4})")
# a school year runs from 1 August to 31 July (month, day)
FIRST_DAY = (8, 1)
LAST_DAY = (7, 31)
LATEST_RENTREE = (9, 30)  # a rentrée is in August or September


@dataclass(frozen=True)
class SchoolYear:
    """One school year, from 1 August to 31 July, named « 2023-2024 ».

    The configuration's year (« annee_scolaire ») is the year alone. Once its holidays are known
    (read/holidays.py, year_calendar()), the same type also holds the school's rentrée, school
    holidays and public holidays: the calendar fields below, empty until then, which the methods
    after `following` need."""

    start_year: int
    zone: str | None = None  # A, B or C; None: holidays from content/vacances.yaml, or none
    rentree: dt.date | None = None
    holidays: tuple[Holiday, ...] = ()  # in date order
    public_holidays: tuple[tuple[dt.date, str], ...] = ()
    source: str = ""  # the file the holidays come from, for messages
    line: int | None = None  # the line of the year in that file

    @classmethod
    def of(cls, label: str) -> SchoolYear | None:
        """The school year written as 2023-2024 (two years that follow, from 0001-0002 to
        9998-9999, whose dates exist), or None: the one rule for a year's label."""
        match = SCHOOL_YEAR_LABEL.fullmatch(label)
        if not match or int(match.group(2)) != int(match.group(1)) + 1:
            return None
        if not 1 <= int(match.group(1)) <= 9998:
            return None
        return cls(int(match.group(1)))

    @classmethod
    def containing(cls, day: dt.date) -> SchoolYear:
        """The school year that contains a day."""
        return cls(day.year if (day.month, day.day) >= FIRST_DAY else day.year - 1)

    @property
    def label(self) -> str:
        return f"{self.start_year:04d}-{self.start_year + 1:04d}"  # 0999-1000 as it is written

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start_year, *FIRST_DAY)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.start_year + 1, *LAST_DAY)

    @property
    def latest_rentree(self) -> dt.date:
        return dt.date(self.start_year, *LATEST_RENTREE)

    def __contains__(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day

    @property
    def previous(self) -> SchoolYear:
        return SchoolYear(self.start_year - 1)

    @property
    def following(self) -> SchoolYear:
        return SchoolYear(self.start_year + 1)

    def holiday_on(self, day: dt.date) -> Holiday | None:
        return next((holiday for holiday in self.holidays if holiday.contains(day)), None)

    def public_holiday(self, day: dt.date) -> str | None:
        return dict(self.public_holidays).get(day)

    def off_reason(self, day: dt.date) -> str | None:
        """Why pupils have no class that day (« un jour de week-end », « pendant les vacances de
        Noël »…); None on a school day."""
        if day < self.rentree:
            return f"avant la rentrée ({long_date(self.rentree)})"
        holiday = self.holiday_on(day)
        if holiday:
            return f"pendant {holiday.with_article}"
        public = self.public_holiday(day)
        if public:
            return f"un jour férié ({public})"
        if day.weekday() >= 5:
            return "un jour de week-end"
        return None

    def is_school_day(self, day: dt.date) -> bool:
        return self.off_reason(day) is None and day <= self.last_day

    def holidays_between(self, start: dt.date, end: dt.date) -> list[Holiday]:
        return [h for h in self.holidays if h.first <= end and h.last >= start]

    def breaks(self) -> list[Holiday]:
        return [holiday for holiday in self.holidays if holiday.is_break]

    def holiday_named(self, name: str) -> Holiday | None:
        return next((holiday for holiday in self.holidays if holiday.name == name), None)


@dataclass(frozen=True)
class Config:
    """site_config.yaml, checked (read/config.py), its folders resolved."""

    path: Path
    root: Path
    title: str
    school: str
    uai: str | None
    school_year: SchoolYear
    base_url: str | None
    content_dir: Path
    templates_dir: Path
    output_dir: Path
    language: str
    compliance: str
    accessibility_contact: str | None
    holiday_zone: str | None = None  # A, B or C; None: only content/vacances.yaml's holidays
    alsace_moselle: bool = False
    source_date_epoch: str | None = None  # the environment variable, as set; checked with content
    bases: tuple[Base, ...] = ()  # the bases it builds on (« base: »), nearest first
    referent_name: str | None = None  # quoted by guides as {référent}
    referent_contact: str | None = None  # {contact référent}

    @property
    def display(self) -> str:
        return self.path.name

    @property
    def content_layers(self) -> tuple[Path, ...]:
        """The content folders merged into the site, the farthest base first, the school's last."""
        return tuple(base.content_dir for base in reversed(self.bases)) + (self.content_dir,)


@dataclass(frozen=True, slots=True)
class Base:
    """A handbook another one builds on: its configuration file and its content folder."""

    path: Path
    content_dir: Path


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Task:
    text: str
    role_id: str
    period_number: int
    guide_slugs: tuple[str, ...]
    line: int = field(default=0, compare=False)  # in calendar.yaml, for messages
    # « jalon: »: the milestone, or the two that open and close a window
    milestone_ids: tuple[str, ...] = ()
    source: str = field(default="", compare=False)  # the file of that line (a base's?)
    id: str | None = None  # « id: », unique in its calendar; None when the task has none

    @property
    def key(self) -> str:
        """Stable identity of the task, e.g. for ticked checkboxes: its « id: » when it has one (a
        reworded or moved task stays ticked), else its role, period and wording. « id- » keeps an id
        apart from the 12 hexadecimal digits of the others and from the word checklist.js tries
        its storage with (« essai »)."""
        if self.id:
            return f"id-{self.id}"
        digest = hashlib.sha1(
            f"{self.role_id}|{self.period_number}|{self.text}".encode()
        ).hexdigest()
        return digest[:12]


@dataclass(frozen=True, slots=True)
class Period:
    number: int
    title: str
    start: dt.date
    end: dt.date
    tasks: dict[str, tuple[Task, ...]]  # role id → tasks, in the roles' order
    notes: tuple[str, ...]
    start_intended: bool = False  # « debut_voulu: true »: meant to fall on a day without class
    end_intended: bool = False
    line: int = field(default=0, compare=False)  # in calendar.yaml, for messages
    source: str = field(default="", compare=False)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def task_count(self) -> int:
        return sum(len(tasks) for tasks in self.tasks.values())


@dataclass(frozen=True, slots=True)
class Milestone:
    id: str  # stable identity for calendar feeds: kept when the title or the date is corrected
    date: dt.date
    title: str
    period_number: int | None  # the period whose dates contain it, if any
    to_confirm: bool = False  # « a_confirmer: true »: provisional, shown and published as such
    # « date_nationale: true »: set nationally each year, never computed by nouvelle-annee
    national: bool = False
    intended: bool = False  # « date_voulue: true »: meant to fall on a day without class
    line: int = field(default=0, compare=False)
    role_ids: tuple[str, ...] = ()  # « roles: »: the roles it concerns; empty for everyone
    source: str = field(default="", compare=False)

    def concerns(self, role_id: str) -> bool:
        return not self.role_ids or role_id in self.role_ids


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True, slots=True)
class Section:
    heading: Heading | None  # None for the text before the first heading
    text: str


@dataclass(frozen=True, slots=True)
class Slide:
    cover: bool  # the title slide, made of what comes before the first level-2 heading
    html: str


@dataclass(frozen=True, slots=True)
class Guide:
    slug: str
    title: str
    summary: str
    roles: tuple[str, ...]
    rules_year: str | None
    format: str
    source: str  # display path, for messages
    headings: tuple[Heading, ...]
    linked_slugs: frozenset[str]
    digest: str  # of the source file, so an unchanged guide is recognised between builds
    # rendered, with marks for its page and the print page (markdown.page_html)
    body: str = field(repr=False)
    sections: tuple[Section, ...] = field(repr=False)
    slides: tuple[Slide, ...] = field(repr=False)


@dataclass(frozen=True, slots=True)
class Competence:
    code: str
    name: str
    subjects: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Domain:
    number: int
    name: str
    competences: tuple[Competence, ...]


@dataclass(frozen=True, slots=True)
class TaskUse:
    """A task that points to a guide: where a guide is used."""

    period: Period
    role: Role
    task: Task


@dataclass(frozen=True, slots=True)
class ArchivedYear:
    """A previous year's calendar, kept by nouvelle-annee and shown read-only."""

    label: str
    periods: tuple[Period, ...]
    milestones: tuple[Milestone, ...]
    roles: tuple[Role, ...]
    # rentrée and holidays, kept only for the year just before the current one
    year: SchoolYear | None = None


@dataclass(frozen=True)
class Handbook:
    config: Config
    roles: tuple[Role, ...]
    periods: tuple[Period, ...]
    milestones: tuple[Milestone, ...]
    guides: dict[str, Guide]  # slug → guide, in reading order
    domains: tuple[Domain, ...]
    updated: dt.datetime  # when the calendar last changed (UTC), or SOURCE_DATE_EPOCH
    year: SchoolYear | None = None  # rentrée and holidays; None when the site names no holiday zone
    archives: tuple[ArchivedYear, ...] = ()  # previous years kept in content/annees/, newest first

    def role(self, role_id: str) -> Role:
        return self._roles_by_id[role_id]

    @property
    def year_before(self) -> ArchivedYear | None:
        """The archived year just before this handbook's: still running when the next year is
        prepared early (nouvelle-annee in December), so « en ce moment » speaks of it until its last
        day."""
        label = self.config.school_year.previous.label
        return next((archive for archive in self.archives if archive.label == label), None)

    @cached_property
    def _roles_by_id(self) -> dict[str, Role]:
        return {role.id: role for role in self.roles}

    def period(self, number: int) -> Period:
        return next(period for period in self.periods if period.number == number)

    def tasks_of(self, role_id: str) -> list[tuple[Period, tuple[Task, ...]]]:
        return [(period, period.tasks.get(role_id, ())) for period in self.periods]

    def milestones_in(self, period: Period) -> list[Milestone]:
        return [
            milestone for milestone in self.milestones if milestone.period_number == period.number
        ]

    def uses_of(self, slug: str) -> list[TaskUse]:
        return self._uses.get(slug, [])

    @cached_property
    def _uses(self) -> dict[str, list[TaskUse]]:
        uses: dict[str, list[TaskUse]] = {}
        for period in self.periods:
            for role_id, tasks in period.tasks.items():
                for task in tasks:
                    for slug in task.guide_slugs:
                        uses.setdefault(slug, []).append(TaskUse(period, self.role(role_id), task))
        return uses

    def holidays_in(self, period: Period):
        """The holidays that fall inside a period (none without a holiday zone)."""
        return self.year.holidays_between(period.start, period.end) if self.year else []

    def public_holidays_in(self, period: Period) -> list[tuple[dt.date, str]]:
        """Jours fériés of a period that fall on a weekday outside holidays: days without class to
        plan around."""
        if not self.year:
            return []
        return [
            (day, name)
            for day, name in self.year.public_holidays
            if period.contains(day)
            and day.weekday() < 5
            and day >= self.year.rentree
            and not self.year.holiday_on(day)
        ]

    def rules_to_review(self) -> list[Guide]:
        """Guides whose rules are those of a year before this handbook's."""
        current = self.config.school_year.label
        return [
            guide
            for guide in self.guides.values()
            if guide.rules_year and guide.rules_year < current
        ]

    def neighbours(self, period: Period) -> tuple[Period | None, Period | None]:
        index = self.periods.index(period)
        previous = self.periods[index - 1] if index > 0 else None
        following = self.periods[index + 1] if index + 1 < len(self.periods) else None
        return previous, following

    def subjects(self) -> list[tuple[str, list[Competence]]]:
        """Competence sheets per subject, subjects in order of first appearance."""
        sheets: dict[str, list[Competence]] = {}
        for domain in self.domains:
            for competence in domain.competences:
                for subject in competence.subjects:
                    sheets.setdefault(subject, []).append(competence)
        return list(sheets.items())
