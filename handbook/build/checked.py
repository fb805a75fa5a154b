"""Serve's memo of the checks: what the previous build of a serve session found valid, by the very
objects load.py hands back for unchanged files, is not checked again. The checks themselves
(handbook/check/) keep nothing between two builds."""

from __future__ import annotations

from dataclasses import dataclass, field

from handbook.check.assemble import handbook_of
from handbook.check.calendar import Calendar, calendar_of
from handbook.check.guide import ParsedGuide, parsed_guide
from handbook.model import Config, Handbook, Role, SchoolYear
from handbook.problems import Report
from handbook.read import markdown
from handbook.read.load import Content, GuideFile, YamlFile


@dataclass
class Checked:
    """What the previous validate() found valid; each validate() replaces it with its own."""

    calendar: tuple[YamlFile, Config, Calendar] | None = None  # the file, the settings, its values
    roles: tuple[Role, ...] = ()  # the guides below were checked against these roles
    guides: dict[GuideFile, ParsedGuide] = field(default_factory=dict)


def validate(
    config: Config,
    content: Content,
    bodies: dict[str, markdown.RenderedMarkdown],
    year: SchoolYear | None,
    report: Report,
    checked: Checked | None = None,
    archive_years: dict[str, SchoolYear | None] | None = None,
) -> Handbook | None:
    """check.assemble.validate, taking from `checked` the calendar and the guides found valid by
    the previous build for the same files and settings."""
    checked = checked or Checked()
    calendar = _calendar(config, content.calendar, report, checked)
    parsed = _guides(content.guides, bodies, calendar.roles, report, checked)
    return handbook_of(config, content, calendar, parsed, year, report, archive_years)


def _calendar(config: Config, file: YamlFile, report: Report, checked: Checked) -> Calendar:
    if checked.calendar and checked.calendar[0] is file and checked.calendar[1] == config:
        return checked.calendar[2]
    calendar = calendar_of(config, file, report)
    checked.calendar = (file, config, calendar) if calendar.complete else None
    return calendar


def _guides(
    files: tuple[GuideFile, ...],
    bodies: dict[str, markdown.RenderedMarkdown],
    roles: list[Role],
    report: Report,
    checked: Checked,
) -> list[tuple[GuideFile, ParsedGuide | None]]:
    earlier = checked.guides if checked.roles == tuple(roles) else {}
    checked.roles, checked.guides = tuple(roles), {}
    parsed = []
    for file in files:
        guide = earlier.get(file)
        if guide is None:
            errors = len(report.errors)
            guide = parsed_guide(file, bodies.get(file.display), roles, report)
            if guide and len(report.errors) == errors:
                checked.guides[file] = guide
        else:
            checked.guides[file] = guide
        parsed.append((file, guide))
    return parsed
