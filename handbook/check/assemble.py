"""The checks' entry point: the values read by load.py, checked file by file and across files, and
the Handbook built from them; None when any error was reported. Every problem is reported with its
file, line and field, then the checks go on, so that one run lists everything that needs fixing.

Nothing here reads a file, starts a process or keeps anything between two builds (serve's memo of
what it found valid is build/checked.py's).
"""

from __future__ import annotations

from handbook.check import links
from handbook.check.calendar import Calendar, archives_of, calendar_of
from handbook.check.competences import domains_of
from handbook.check.config import updated
from handbook.check.guide import ParsedGuide, parsed_guide
from handbook.check.offdays import warn_off_days
from handbook.check.references import SchoolValues, quoting_calendar
from handbook.check.ties import check_ties
from handbook.model import Config, Guide, Handbook, Period, SchoolYear
from handbook.problems import Report, counted
from handbook.read import markdown
from handbook.read.load import Content, GuideFile


def validate(
    config: Config,
    content: Content,
    bodies: dict[str, markdown.RenderedMarkdown],
    year: SchoolYear | None,
    report: Report,
    archive_years: dict[str, SchoolYear | None] | None = None,
) -> Handbook | None:
    """Check the content read by load.py and build the Handbook; None when any error was reported.

    bodies: each guide's processed Markdown body, under the guide's display path (see bodies.py);
    year: the school year's holidays and public holidays (schoolyear.py), None when the site names
    no zone; archive_years: those of archived years, by label, when known.
    """
    calendar = calendar_of(config, content.calendar, report)
    guides = [
        (file, parsed_guide(file, bodies.get(file.display), calendar.roles, report))
        for file in content.guides
    ]
    return handbook_of(config, content, calendar, guides, year, report, archive_years)


def handbook_of(
    config: Config,
    content: Content,
    calendar: Calendar,
    parsed: list[tuple[GuideFile, ParsedGuide | None]],
    year: SchoolYear | None,
    report: Report,
    archive_years: dict[str, SchoolYear | None] | None = None,
) -> Handbook | None:
    """The Handbook from the calendar and the guides already checked on their own (calendar_of,
    parsed_guide: each guide file with what it gave, None when it has errors), once the checks
    across files pass; None when any error was reported."""
    shown = content.calendar.display
    periods, milestones = calendar.periods, calendar.milestones
    if year:
        warn_off_days(periods, milestones, year, shown, report)
    check_ties(periods, milestones, calendar.roles, shown, report)
    guides, broken = links.guides_by_slug(parsed, report)
    domains = domains_of(content.competences, report)
    links.check_guide_links(guides, broken, report, content.removed_guides)
    links.check_local_files(guides, content.folder.name, content.files, report)
    report.errors.extend(content.refused_files)
    task_slugs = links.check_task_guides(
        shown, calendar.tasks, set(guides) | broken, report, content.removed_guides
    )
    links.check_formats(guides, domains, report)
    links.warn_unused(shown, calendar.roles, periods, guides, task_slugs, report)
    label = config.school_year.label
    school = SchoolValues.of(config)
    guides = quoting_calendar(
        guides, periods, milestones, label, year, calendar.complete, report, school
    )
    archives = archives_of(config, content.archives, report, archive_years or {})
    when = updated(content.modified, config.source_date_epoch, report)
    if report.errors:
        return None
    handbook = Handbook(
        config,
        tuple(calendar.roles),
        tuple(periods),
        tuple(milestones),
        _reading_order(guides, periods),
        tuple(domains),
        when,
        year,
        archives,
    )
    _warn_rules(handbook, report)
    return handbook


def _reading_order(guides: dict[str, ParsedGuide], periods: list[Period]) -> dict[str, Guide]:
    """Guides in the order the year meets them (first task that links them), then the others by
    title."""
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


def _warn_rules(handbook: Handbook, report: Report) -> None:
    stale = handbook.rules_to_review()
    if stale:
        label = handbook.config.school_year.label
        report.warn(
            handbook.config.display,
            None,
            "annee_scolaire",
            f"{counted(len(stale), 'guide')} à relire pour {label} (leurs « regles » sont d'une "
            "année précédente) : "
            + ", ".join(f"{guide.source} ({guide.rules_year})" for guide in stale)
            + f" ; une fois un guide relu, écrivez « regles: {label} » dans son en-tête",
        )
