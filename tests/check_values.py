"""Values for the checks' unit tests (tests/test_check_*.py): YAML text made into the located
values load.py hands to the checks, guide files, a configuration; no file is read or written."""

from __future__ import annotations

import hashlib
from pathlib import Path

from handbook import urls
from handbook.check.rules import Fields
from handbook.model import Config, SchoolYear
from handbook.problems import Report
from handbook.read import markdown
from handbook.read.files import SourceFile
from handbook.read.load import GuideFile, YamlFile, split_front_matter
from handbook.read.located import parse_yaml

CALENDAR_FILE = "content/calendar.yaml"


def located(text: str, display: str = CALENDAR_FILE):
    """The YAML text as LocatedDict, LocatedList and scalars, as load.py reads it."""
    report = Report()
    value = parse_yaml(SourceFile(Path(display), display, text), report)
    assert not report.errors, report.errors
    return value


def yaml_file(text: str, display: str = CALENDAR_FILE) -> YamlFile:
    return YamlFile(display, located(text, display), ())


def fields(text: str, report: Report, path: str = "", display: str = CALENDAR_FILE) -> Fields:
    return Fields(located(text, display), display, path, report)


def guide_file(name: str, text: str) -> GuideFile:
    """The guide content/guides/NAME.md holding text, as load.py reads it."""
    display = f"content/guides/{name}.md"
    source = SourceFile(Path(display), display, text)
    front, body, body_line = split_front_matter(source)
    report = Report()
    value = None
    if front is not None:
        value = parse_yaml(SourceFile(Path(display), display, front), report, first_line=2)
    return GuideFile(
        display,
        name,
        display,
        hashlib.sha1(text.encode()).hexdigest(),
        value,
        body,
        body_line,
        tuple(report.errors),
    )


def body_of(file: GuideFile) -> markdown.RenderedMarkdown:
    slides = isinstance(file.front, dict) and file.front.get("format") == "diaporama"
    return markdown.process(file.body, file.body_line, urls.slugify(file.name), slides)


def config(**changes) -> Config:
    """The settings of a school of year 2023-2024, without zone."""
    values = dict(
        path=Path("/ecole/site_config.yaml"),
        root=Path("/ecole"),
        title="Guide de test",
        school="Collège des Tests",
        uai=None,
        school_year=SchoolYear(2023),
        base_url=None,
        content_dir=Path("/ecole/content"),
        templates_dir=Path("/ecole/templates"),
        output_dir=Path("/ecole/output"),
        language="fr",
        compliance="non conforme",
        accessibility_contact=None,
    )
    return Config(**{**values, **changes})


def messages(report: Report) -> list[str]:
    return [str(problem) for problem in report.errors]


def warnings(report: Report) -> list[str]:
    return [str(problem) for problem in report.warnings]
