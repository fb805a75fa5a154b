"""Load stage: read the content folder (calendar, competences, guides, previous years, the list of
its files) into plain values that remember their line numbers.

Nothing here judges the content; the checks do. Unreadable files, YAML syntax errors and guides
without a front matter are reported here, since no value can be built from them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from handbook.problems import Problem, Report, command
from handbook.read.files import (
    SourceFile,
    display_path,
    file_paths,
    link_problem,
    publishable_files,
    read_text,
)
from handbook.read.located import LocatedDict, parse_yaml

CONTENT_FILES_DIR = "fichiers"  # the content folder copied as it is into the site


CALENDAR_FILE = "calendar.yaml"
ARCHIVE_DIR = "annees"  # previous years, one folder each
COMPETENCES_FILE = "competences.yaml"
GUIDES_DIR = "guides"


@dataclass(frozen=True)
class YamlFile:
    """A YAML file as read: its value (None if it could not be read or parsed) and its problems."""

    display: str
    value: object | None
    problems: tuple[Problem, ...]
    modified: float = 0.0
    found: bool = True  # False: no such file


@dataclass(frozen=True, eq=False, slots=True)
class GuideFile:
    """A guide's file split into its front matter (parsed) and its Markdown body. Compared by
    identity: serve hands the same object back while the file is unchanged.

    front is None when the file could not be read, has no front matter or its YAML is broken;
    `problems` says why.
    """

    path: str
    name: str  # the file name without .md
    display: str
    digest: str  # of the whole text: an unchanged guide is recognised between builds
    front: object | None
    body: str
    body_line: int
    problems: tuple[Problem, ...] = ()
    # a base's guide completed by a school's file (merge/guides.py): the base guide's file, the
    # line of the body where the school's text starts, and where it starts in the school's file
    completed: str = ""
    own_from: int = 0
    own_line: int = 0

    def written_at(self, line: int) -> tuple[str, int]:
        """The file and line that wrote a line of the body."""
        if self.completed and line < self.own_from:
            return self.completed, line
        if self.completed:
            return self.display, line - self.own_from + self.own_line
        return self.display, line


@dataclass(frozen=True)
class Content:
    """Everything the build reads from the content folder, before anything is judged."""

    calendar: YamlFile
    competences: YamlFile | None  # None: no competences.yaml
    guides: tuple[GuideFile, ...]
    files: frozenset[
        str
    ]  # every file of the content folder (hidden ones aside), as a posix path relative to it
    modified: float  # the newer of the calendar's and the configuration's dates
    folder: Path
    refused_files: tuple[
        Problem, ...
    ] = ()  # files of fichiers/ that must not be published, and why
    archives: tuple[
        YamlFile, ...
    ] = ()  # previous years' calendars (annees/AAAA-AAAA/calendar.yaml), newest first
    # a base's guides a school removed (« base: retirer »): name → (file, line) of the removal
    removed_guides: dict[str, tuple[str, int]] = dataclasses.field(default_factory=dict)


def load_content(
    content_dir: Path,
    config_path: Path,
    root: Path,
    previous: Content | None = None,
    changed: set[str] | None = None,
    listed: Iterable[str] | None = None,
) -> Content:
    """Read the content folder. With `previous` and the set of files changed since it was read
    (serve), the files not in that set are taken from it instead of being read again. listed: the
    paths of the files under the content folder (others are ignored) when a walk just found them
    (freshness.snapshot)."""
    if previous is not None and previous.folder != content_dir:
        previous = None  # the configuration names another content folder
    changed = None if changed is None else {os.path.normpath(path) for path in changed}

    def reusable(path: str) -> bool:
        return previous is not None and changed is not None and path not in changed

    calendar_path = content_dir / CALENDAR_FILE
    calendar = (
        previous.calendar
        if reusable(str(calendar_path))
        else _with_hint(load_yaml(calendar_path, root))
    )
    competences_path = content_dir / COMPETENCES_FILE
    competences = (
        previous.competences
        if reusable(str(competences_path))
        else load_yaml(competences_path, root)
        if competences_path.exists()
        else None
    )
    everything = (
        file_paths(content_dir, recursive=True) if listed is None else _shown(content_dir, listed)
    )
    start = len(str(content_dir)) + 1
    guides_folder = os.path.join(content_dir, GUIDES_DIR, "")
    kept = {guide.path: guide for guide in previous.guides} if previous else {}
    guides = tuple(
        kept[path] if path in kept and reusable(path) else load_guide(Path(path), root, content_dir)
        for path in everything
        if path.startswith(guides_folder)
        and path.endswith(".md")
        and os.sep not in path[len(guides_folder) :]
    )
    files = frozenset(path[start:].replace(os.sep, "/") for path in everything)
    refused = tuple(
        Problem(display_path(path, root), None, None, problem)
        for path, problem in publishable_files(content_dir / CONTENT_FILES_DIR, content_dir)[
            1
        ].items()
    )
    kept_archives = {archive.display: archive for archive in previous.archives} if previous else {}
    archive_paths = [
        content_dir / ARCHIVE_DIR / label / CALENDAR_FILE
        for label in sorted(_archived_years(files), reverse=True)
    ]
    archives = tuple(
        kept_archives[shown]
        if reusable(str(path)) and (shown := display_path(path, root)) in kept_archives
        else load_yaml(path, root, content_dir)
        for path in archive_paths
    )
    return Content(
        calendar,
        competences,
        guides,
        files,
        max(calendar.modified, _modified(config_path)),
        content_dir,
        refused,
        archives,
    )


def _with_hint(calendar: YamlFile) -> YamlFile:
    """A missing calendar says what the file holds and how to start one."""
    missing = (
        "fichier introuvable ; il donne les rôles, les périodes de l'année avec leurs tâches, et "
        "les dates clés (voir le README, « content/calendar.yaml ») ; pour commencer le guide "
        f"d'un autre établissement : {command('nouvel-etablissement DOSSIER')}"
    )
    problems = tuple(
        dataclasses.replace(problem, message=missing)
        if problem.message == "fichier introuvable"
        else problem
        for problem in calendar.problems
    )
    return dataclasses.replace(calendar, problems=problems)


def _shown(folder: Path, paths: Iterable[str]) -> list[str]:
    """The paths under folder, hidden ones aside, in file_paths' order."""
    prefix = os.path.join(folder, "")
    hidden = f"{os.sep}."
    return sorted(
        (
            path
            for path in paths
            if path.startswith(prefix)
            and not path[len(prefix) :].startswith(".")
            and hidden not in path[len(prefix) :]
        ),
        key=lambda path: path.replace(os.sep, "/"),
    )


def _archived_years(files: frozenset[str]) -> set[str]:
    """The folders of annees/ that hold a calendar."""
    return {
        parts[1]
        for parts in (path.split("/") for path in files)
        if len(parts) == 3 and parts[0] == ARCHIVE_DIR and parts[2] == CALENDAR_FILE
    }


def load_yaml(path: Path, root: Path, boundary: Path | None = None) -> YamlFile:
    """The YAML file as read; with a boundary, a symbolic link out of it is refused, not read."""
    report = Report()
    problem = link_problem(path, boundary) if boundary else None
    if problem:
        report.error(display_path(path, root), None, None, problem)
    source = None if problem else read_text(path, root, report)
    value = parse_yaml(source, report) if source else None
    return YamlFile(
        display_path(path, root),
        value,
        tuple(report.errors),
        source.modified if source else 0.0,
        source is not None or os.path.lexists(path),
    )


def load_guide(path: Path, root: Path, content_dir: Path) -> GuideFile:
    report = Report()
    problem = link_problem(path, content_dir)
    if problem:
        report.error(display_path(path, root), None, None, problem)
    source = None if problem else read_text(path, root, report)
    if source is None:
        return GuideFile(
            str(path), path.stem, display_path(path, root), "", None, "", 1, tuple(report.errors)
        )
    front, body, body_line = split_front_matter(source)
    value = None
    if front is None:
        report.error(
            source.display,
            1,
            None,
            "l'en-tête commencé par « --- » n'est jamais refermé par une ligne « --- »"
            if source.text.startswith("---")
            else "le guide doit commencer par un en-tête entre deux lignes « --- », avec au moins "
            "« titre: »",
        )
    else:
        value = parse_yaml(SourceFile(source.path, source.display, front), report, first_line=2)
        if (
            value is None and not report.errors
        ):  # an empty front matter: validation says what it lacks
            value = LocatedDict(1)
    return GuideFile(
        str(path),
        path.stem,
        source.display,
        hashlib.sha1(source.text.encode()).hexdigest(),
        value,
        body,
        body_line,
        tuple(report.errors),
    )


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def split_front_matter(source: SourceFile) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body text, line where the body starts)."""
    lines = source.text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, source.text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None, source.text, 1
