"""Guides quote the calendar: {période 5}, {début période 5}, {fin période 5}, {jalon ID},
{année scolaire}, {rentrée}, and the holidays of the school's zone: {vacances Toussaint},
{début vacances hiver}, {veille vacances Toussaint} (the last school day before them).

References are found in the guide's Markdown source (which gives their line) and filled in here
(quoting_calendar) in the guide's rendered outputs after Markdown processing, so processed bodies
stay independent of the calendar.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from handbook.dates import MONTHS, date_range, long_date
from handbook.model import Guide, Heading, Milestone, Period, SchoolYear, Section, Slide
from handbook.problems import Report

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from handbook.check.guide import ParsedGuide

REFERENCE = re.compile(r"\{([^{}\n]{1,60})\}")
FORMS = (
    "{période N}",
    "{début période N}",
    "{fin période N}",
    "{jalon identifiant}",
    "{année scolaire}",
    "{rentrée}",
    "{vacances Toussaint}",
    "{début vacances Toussaint}",
    "{veille vacances Toussaint}",
)
_PLAIN_MONTHS = [
    unicodedata.normalize("NFD", month).encode("ascii", "ignore").decode() for month in MONTHS
]
_ANY_MONTH = "|".join(sorted(set(MONTHS) | set(_PLAIN_MONTHS), key=len, reverse=True))
# The lookahead lets the regex engine skip to the next digit instead of trying each position:
# twice as fast.
WRITTEN_DATE = re.compile(
    r"(?=[0-9])\b(?:(1er|[0-9]{1,2})\s+(" + _ANY_MONTH + r")\s+([0-9]{4})"
    r"|([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Reference:
    text: str  # as written, braces included
    line: int
    kind: str  # periode, debut, fin, jalon, annee, rentree; "" when not understood
    argument: str = ""

    @property
    def in_calendar_file(self) -> bool:
        """Whether it names a period or a milestone of calendar.yaml."""
        return self.kind in ("periode", "debut", "fin", "jalon")


@dataclass(frozen=True, slots=True)
class WrittenDate:
    day: dt.date
    text: str
    line: int


def plain(text: str) -> str:
    """Lower case, without accents, single spaces: « Début  Période 5 » → « debut periode 5 »."""
    return " ".join(
        unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().lower().split()
    )


def scan(body: str, first_line: int) -> tuple[tuple[Reference, ...], tuple[WrittenDate, ...]]:
    """The references and the dates written in full in a guide's body, with their lines."""
    references, written = [], []
    for match in REFERENCE.finditer(body):
        words = plain(match.group(1))
        if not re.match(r"^[a-z]", words):
            continue  # not meant as a reference (a code sample, a formula)
        line = first_line + body.count("\n", 0, match.start())
        references.append(Reference(match.group(0), line, *_parsed(words)))
    for match in WRITTEN_DATE.finditer(body):
        day = _written_day(match)
        if day:
            written.append(
                WrittenDate(day, match.group(0), first_line + body.count("\n", 0, match.start()))
            )
    return tuple(references), tuple(written)


def _parsed(words: str) -> tuple[str, str]:
    if match := re.fullmatch(r"(debut |fin )?periode (\d+)", words):
        return (match.group(1) or "periode ").strip(), match.group(2)
    if match := re.fullmatch(r"jalon ([a-z0-9-]+)", words):
        return "jalon", match.group(1)
    if match := re.fullmatch(r"(debut |veille )?vacances (.+)", words):
        return (
            f"{match.group(1).strip()}-vacances" if match.group(1) else "vacances"
        ), match.group(2)
    if words == "annee scolaire":
        return "annee", ""
    if words == "rentree":
        return "rentree", ""
    return "", ""


def _written_day(match: re.Match) -> dt.date | None:
    try:
        if match.group(1):
            day = 1 if match.group(1) == "1er" else int(match.group(1))
            month = _PLAIN_MONTHS.index(plain(match.group(2))) + 1
            return dt.date(int(match.group(3)), month, day)
        return dt.date(int(match.group(6)), int(match.group(5)), int(match.group(4)))
    except ValueError:
        return None


def value_of(
    reference: Reference,
    periods: dict[int, Period],
    milestones: dict[str, Milestone],
    year_label: str,
    year: SchoolYear | None,
) -> str:
    """The French text a reference stands for; ValueError says why there is none."""
    rentree = year.rentree if year else None
    if reference.kind in ("periode", "debut", "fin"):
        period = periods.get(int(reference.argument))
        if period is None:
            raise ValueError(
                f"{reference.text} : le calendrier n'a pas de période {reference.argument} "
                f"(périodes : {', '.join(map(str, periods)) or 'aucune'})"
            )
        if reference.kind == "debut":
            return long_date(period.start)
        if reference.kind == "fin":
            return long_date(period.end)
        return (
            f"le {long_date(period.start)}"
            if period.start == period.end
            else date_range(period.start, period.end)
        )
    if reference.kind == "jalon":
        milestone = milestones.get(reference.argument)
        if milestone is None:
            raise ValueError(
                f"{reference.text} : aucun jalon n'a l'identifiant « {reference.argument} » dans "
                f"calendar.yaml (jalons : {', '.join(milestones) or 'aucun'})"
            )
        return long_date(milestone.date) + (" (date à confirmer)" if milestone.to_confirm else "")
    if reference.kind == "annee":
        return year_label
    if reference.kind == "rentree":
        if rentree is None:
            raise ValueError(
                f"{reference.text} : la date de la rentrée n'est pas connue ; indiquez "
                "« zone_vacances: » dans site_config.yaml, ou la rentrée dans content/vacances.yaml"
            )
        return long_date(rentree)
    if reference.kind in ("vacances", "debut-vacances", "veille-vacances"):
        return _holiday_value(reference, year)
    raise ValueError(
        f"{reference.text} : référence inconnue ; écrivez l'une de : {', '.join(FORMS)}"
    )


def _holiday_value(reference: Reference, year: SchoolYear | None) -> str:
    if year is None:
        raise ValueError(
            f"{reference.text} : les vacances ne sont pas connues ; indiquez « zone_vacances: » "
            "dans site_config.yaml, ou écrivez-les dans content/vacances.yaml"
        )
    found = [
        holiday
        for holiday in year.holidays
        if reference.argument in re.split(r"[\s'’]+", plain(holiday.name))
        or plain(holiday.name).endswith(" " + reference.argument)
    ]
    if len(found) != 1:
        names = ", ".join(holiday.name for holiday in year.holidays)
        raise ValueError(
            f"{reference.text} : aucunes vacances de {year.label} ne portent ce nom ; écrivez par "
            f"exemple {{vacances Toussaint}} (vacances connues : {names})"
        )
    holiday = found[0]
    if reference.kind == "debut-vacances":
        return long_date(holiday.first)
    if reference.kind == "veille-vacances":  # the last day with classes before them
        day = holiday.first - dt.timedelta(days=1)
        while not year.is_school_day(day) and day > year.rentree:
            day -= dt.timedelta(days=1)
        return long_date(day)
    if holiday.last == year.last_day:  # the summer: its end is next year's business
        return f"à partir du {long_date(holiday.first)}"
    return date_range(holiday.first, holiday.last)


def reference_for(
    day: dt.date, periods: dict[int, Period], milestones: dict[str, Milestone]
) -> str | None:
    """The reference a guide should write instead of this date, if the calendar holds it."""
    for milestone in milestones.values():
        if milestone.date == day:
            return f"{{jalon {milestone.id}}}"
    for period in periods.values():
        if period.start == day:
            return f"{{début période {period.number}}}"
        if period.end == day:
            return f"{{fin période {period.number}}}"
    return None


def quoted(guide: Guide, values: dict[str, str]) -> Guide:
    """The guide with each reference replaced in everything it shows; its digest then covers the
    values too."""
    if not values:
        return guide
    pattern = re.compile(
        "|".join(re.escape(text) for text in sorted(values, key=len, reverse=True))
    )

    def fill(text: str) -> str:
        return pattern.sub(lambda match: values[match.group(0)], text)

    headings = {
        heading.anchor: Heading(heading.level, fill(heading.text), heading.anchor)
        for heading in guide.headings
    }
    return dataclasses.replace(
        guide,
        title=fill(guide.title),
        summary=fill(guide.summary),
        body=fill(guide.body),
        headings=tuple(headings.values()),  # shown in the table of contents and the search index
        sections=tuple(
            Section(section.heading and headings[section.heading.anchor], fill(section.text))
            for section in guide.sections
        ),
        slides=tuple(Slide(slide.cover, fill(slide.html)) for slide in guide.slides),
        digest=hashlib.sha1((guide.digest + repr(sorted(values.items()))).encode()).hexdigest(),
    )


def quoting_calendar(
    guides: dict[str, ParsedGuide],
    periods: list[Period],
    milestones: list[Milestone],
    year_label: str,
    year: SchoolYear | None,
    calendar_read: bool,
    report: Report,
) -> dict[str, ParsedGuide]:
    """The guides with their calendar references filled in; unknown references are errors,
    calendar dates written in full are warnings. A calendar.yaml with errors (already reported,
    calendar_read false) may have lost periods or milestones that it does hold: references to
    those are not reported then."""
    by_number = {period.number: period for period in periods}
    by_id = {milestone.id: milestone for milestone in milestones}
    quoted_guides = {}
    for slug, parsed in guides.items():
        source = parsed.guide.source
        values = {}
        for reference in parsed.references:
            try:
                values[reference.text] = value_of(reference, by_number, by_id, year_label, year)
            except ValueError as problem:
                if calendar_read or not reference.in_calendar_file:
                    report.error(source, reference.line, None, str(problem))
        for written in parsed.written_dates:
            instead = reference_for(written.day, by_number, by_id)
            if instead:
                report.warn(
                    source,
                    written.line,
                    None,
                    f"« {written.text} » est une date du calendrier : écrivez {instead}, qui "
                    "suivra le calendrier d'une année à l'autre",
                )
        guide = quoted(parsed.guide, values)
        quoted_guides[slug] = (
            parsed if guide is parsed.guide else dataclasses.replace(parsed, guide=guide)
        )
    return quoted_guides
