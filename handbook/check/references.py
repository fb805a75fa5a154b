"""Guides quote the calendar: {période 5}, {début période 5}, {fin période 5}, {jalon ID},
{année scolaire}, {rentrée}, and the holidays of the school's zone: {vacances Toussaint},
{début vacances hiver}, {veille vacances Toussaint} (the last school day before them). They quote
the school's own values too, from site_config.yaml: {établissement}, {référent} and
{contact référent}, so that one text serves every school (a base's guides most of all).

References are found in the guide's Markdown source (which gives their line) and filled in here
(quoting_calendar) in the guide's rendered outputs after Markdown processing, so processed bodies
stay independent of the calendar and of the school.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass

from handbook.dates import date_range, long_date
from handbook.model import (
    Config,
    Guide,
    Heading,
    Milestone,
    Period,
    SchoolYear,
    Section,
    Slide,
)
from handbook.problems import Report
from handbook.read.references import FORMS, Reference, plain

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from handbook.check.guide import ParsedGuide


@dataclass(frozen=True)
class SchoolValues:
    """What guides may quote from site_config.yaml, and the file to name when a value is missing."""

    school: str
    referent: str | None = None
    referent_contact: str | None = None
    config_file: str = "site_config.yaml"

    @classmethod
    def of(cls, config: Config) -> SchoolValues:
        # A base's guide quotes each school's values: the school's file, not its base's, gives them.
        named = f"le {config.display} de l'établissement" if config.bases else config.display
        return cls(config.school, config.referent_name, config.referent_contact, named)


# Each school reference: the option that gives its value, what it is, an example of the option.
SCHOOL_OPTIONS = {
    "etablissement": ("etablissement", "le nom de l'établissement", "Collège Jean Moulin"),
    "referent": ("nom_referent", "le nom du référent Pix", "M. Martin"),
    "contact-referent": (
        "contact_referent",
        "le moyen de joindre le référent Pix",
        "messagerie de l'ENT",
    ),
}


def school_value(reference: Reference, school: SchoolValues) -> str:
    """The school's value a reference stands for; ValueError names the option that would give it."""
    value = {
        "etablissement": school.school,
        "referent": school.referent,
        "contact-referent": school.referent_contact,
    }[reference.kind]
    if value:
        return value
    option, what, example = SCHOOL_OPTIONS[reference.kind]
    raise ValueError(
        f"{reference.text} : le guide cite {what}, que {school.config_file} ne donne pas ; "
        f"ajoutez-y l'option « {option}: », par exemple « {option}: {example} »"
    )


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
    # A school's name or contact may hold « & » or « < »: text in the HTML, as Markdown escapes it.
    in_html = {text: _html_text(value) for text, value in values.items()}

    def fill(text: str) -> str:
        return pattern.sub(lambda match: values[match.group(0)], text)

    def fill_html(text: str) -> str:
        return pattern.sub(lambda match: in_html[match.group(0)], text)

    headings = {
        heading.anchor: Heading(heading.level, fill(heading.text), heading.anchor)
        for heading in guide.headings
    }
    return dataclasses.replace(
        guide,
        title=fill(guide.title),
        summary=fill(guide.summary),
        body=fill_html(guide.body),
        headings=tuple(headings.values()),  # shown in the table of contents and the search index
        sections=tuple(
            Section(section.heading and headings[section.heading.anchor], fill(section.text))
            for section in guide.sections
        ),
        slides=tuple(Slide(slide.cover, fill_html(slide.html)) for slide in guide.slides),
        digest=hashlib.sha1((guide.digest + repr(sorted(values.items()))).encode()).hexdigest(),
    )


def _html_text(value: str) -> str:
    return html.escape(value, quote=False).replace('"', "&quot;")


def quoting_calendar(
    guides: dict[str, ParsedGuide],
    periods: list[Period],
    milestones: list[Milestone],
    year_label: str,
    year: SchoolYear | None,
    calendar_read: bool,
    report: Report,
    school: SchoolValues,
) -> dict[str, ParsedGuide]:
    """The guides with their references to the calendar and to the school filled in; unknown
    references, and school values site_config.yaml does not give, are errors; calendar dates
    written in full are warnings. A calendar.yaml with errors (already reported, calendar_read
    false) may have lost periods or milestones that it does hold: references to those are not
    reported then."""
    by_number = {period.number: period for period in periods}
    by_id = {milestone.id: milestone for milestone in milestones}
    quoted_guides = {}
    for slug, parsed in guides.items():
        values = {}
        for reference in parsed.references:
            try:
                values[reference.text] = (
                    school_value(reference, school)
                    if reference.kind in SCHOOL_OPTIONS
                    else value_of(reference, by_number, by_id, year_label, year)
                )
            except ValueError as problem:
                if calendar_read or not reference.in_calendar_file:
                    report.error(*parsed.at(reference.line), None, str(problem))
        for written in parsed.written_dates:
            instead = reference_for(written.day, by_number, by_id)
            if instead:
                report.warn(
                    *parsed.at(written.line),
                    None,
                    f"« {written.text} » est une date du calendrier : écrivez {instead}, qui "
                    "suivra le calendrier d'une année à l'autre",
                )
        guide = quoted(parsed.guide, values)
        quoted_guides[slug] = (
            parsed if guide is parsed.guide else dataclasses.replace(parsed, guide=guide)
        )
    return quoted_guides
