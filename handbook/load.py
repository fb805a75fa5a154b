"""Load stage: read the source files into plain Python values that remember their line numbers.

Nothing here judges the content; validate.py does. Unreadable files, YAML syntax errors and guides without
a front matter are reported here, since no value can be built from them.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Problem, Report

YAML_HINT = ("vérifiez l'indentation (des espaces, jamais de tabulation) et mettez entre guillemets "
             "un texte qui contient « : » ou qui commence par [ { * & ! | > ' \" % @ ou `")


# libyaml's parser when PyYAML was built with it (it is on the usual platforms): same nodes and marks, ten times faster.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LocatedDict(dict):
    """A YAML mapping with the line of the mapping and of each of its keys."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.key_lines: dict[object, int] = {}

    def line_of(self, key: object) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    """A YAML sequence with the line of the sequence and of each item."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


@dataclass(frozen=True)
class SourceFile:
    path: Path
    display: str  # the path as the user knows it, for messages
    text: str
    modified: float = 0.0  # seconds since the epoch


def display_path(path: Path, root: Path) -> str:
    """The path relative to the project folder when it is inside it, else as given."""
    if path.is_absolute() and root.is_absolute():
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(path: Path, root: Path, report: Report) -> SourceFile | None:
    display = display_path(path, root)
    try:
        data = path.read_bytes()
        modified = path.stat().st_mtime
    except FileNotFoundError:
        report.error(display, None, None, "fichier introuvable")
        return None
    except OSError as error:
        report.error(display, None, None, f"fichier illisible ({error.strerror})")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        report.error(display, line, None,
                     "le fichier n'est pas enregistré en UTF-8 ; réenregistrez-le en UTF-8 depuis votre éditeur")
        return None
    return SourceFile(path, display, text.replace("\r\n", "\n"), modified)


def parse_yaml(source: SourceFile, report: Report, first_line: int = 1) -> object | None:
    """Return the YAML document as LocatedDict/LocatedList/scalars, or None after reporting a syntax error.

    first_line shifts the reported lines, for YAML that starts further down a file (front matter).
    """
    result, problems = _parse(source.text, source.display, first_line)
    report.errors.extend(problems)
    return result


def _parse(text: str, display: str, first_line: int) -> tuple[object | None, tuple[Problem, ...]]:
    report = Report()
    try:
        node = yaml.compose(text, Loader=FAST_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else None
        detail = " ".join(part for part in (error.context, error.problem) if part)
        report.error(display, line, None, f"le YAML est mal formé ({detail}) ; {YAML_HINT}")
        return None, tuple(report.errors)
    except yaml.YAMLError as error:
        report.error(display, None, None, f"le YAML est mal formé ({error}) ; {YAML_HINT}")
        return None, tuple(report.errors)
    if node is None:
        return None, ()
    loader = yaml.SafeLoader("")
    try:
        return _located(node, loader, display, report, first_line), tuple(report.errors)
    finally:
        loader.dispose()  # a loader refers to itself: left alone it keeps every node alive until the collector runs


def _located(node: yaml.Node, loader: yaml.SafeLoader, display: str, report: Report, first_line: int,
             path: str = "") -> object:
    line = node.start_mark.line + first_line
    if isinstance(node, yaml.MappingNode):
        mapping = LocatedDict(line)
        for key_node, value_node in node.value:
            key = _located(key_node, loader, display, report, first_line)
            key_line = key_node.start_mark.line + first_line
            key_path = f"{path} › {key}" if path else str(key)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                report.error(display, key_line, path or None, "une clé doit être un simple mot")
                continue
            if key in mapping:
                report.error(display, key_line, key_path,
                             f"la clé « {key} » apparaît deux fois (déjà ligne {mapping.key_lines[key]}) ; "
                             "la seconde effacerait la première")
                continue
            mapping[key] = _located(value_node, loader, display, report, first_line, key_path)
            mapping.key_lines[key] = key_line
        return mapping
    if isinstance(node, yaml.SequenceNode):
        sequence = LocatedList(line)
        for position, item in enumerate(node.value, start=1):
            sequence.append(_located(item, loader, display, report, first_line, f"{path} › {position}"))
            sequence.item_lines.append(item.start_mark.line + first_line)
        return sequence
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError):
        # An implicit timestamp that is not a real date (2023-02-30) fails here; validation explains it.
        return node.value


def split_front_matter(source: SourceFile) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body text, line where the body starts)."""
    lines = source.text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, source.text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return None, source.text, 1


def list_files(folder: Path, suffix: str = "", recursive: bool = False) -> list[Path]:
    """Files of folder (and its subfolders if recursive) whose names end with suffix, hidden ones aside,
    sorted by path so every build sees them in the same order."""
    return [Path(path) for path in file_paths(folder, suffix, recursive)]


def file_paths(folder: Path, suffix: str = "", recursive: bool = False) -> list[str]:
    """list_files, as strings (cheaper for the thousands of guides serve lists at every rebuild)."""
    if not folder.is_dir():
        return []
    found = []
    for parent, subfolders, names in os.walk(folder):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")] if recursive else []
        found += [os.path.join(parent, name) for name in names if name.endswith(suffix) and not name.startswith(".")]
    return sorted(found, key=lambda path: path.replace(os.sep, "/"))


# --- the content folder ---------------------------------------------------------------------------

CALENDAR_FILE = "calendar.yaml"
COMPETENCES_FILE = "competences.yaml"
GUIDES_DIR = "guides"


@dataclass(frozen=True)
class YamlFile:
    """A YAML file as read: its value (None when it could not be read or parsed) and the problems met."""
    display: str
    value: object | None
    problems: tuple[Problem, ...]
    modified: float = 0.0


@dataclass(frozen=True, eq=False)
class GuideFile:
    """A guide's file split into its front matter (parsed) and its Markdown body. Compared by identity: serve
    hands the same object back while the file is unchanged.

    front is None when the file could not be read, has no front matter or its YAML is broken; `problems` says why.
    """
    path: str
    name: str  # the file name without .md
    display: str
    digest: str  # of the whole text: an unchanged guide is recognised between builds
    front: object | None
    body: str
    body_line: int
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Content:
    """Everything the build reads from the content folder, before anything is judged."""
    calendar: YamlFile
    competences: YamlFile | None  # None: no competences.yaml
    guides: tuple[GuideFile, ...]
    files: frozenset[str]  # every file of the content folder (hidden ones aside), as a posix path relative to it
    modified: float  # the newer of the calendar's and the configuration's dates
    source_date_epoch: str | None  # the variable, as set
    folder: Path


def load_content(content_dir: Path, config_path: Path, root: Path, previous: Content | None = None,
                 changed: set[str] | None = None) -> Content:
    """Read the content folder. With `previous` and the set of files changed since it was read (serve),
    the files not in that set are taken from it instead of being read again."""
    if previous is not None and previous.folder != content_dir:
        previous = None  # the configuration names another content folder
    changed = None if changed is None else {os.path.normpath(path) for path in changed}

    def reusable(path: str) -> bool:
        return previous is not None and changed is not None and path not in changed

    calendar_path = content_dir / CALENDAR_FILE
    calendar = previous.calendar if reusable(str(calendar_path)) else load_yaml(calendar_path, root)
    competences_path = content_dir / COMPETENCES_FILE
    competences = (previous.competences if reusable(str(competences_path)) else
                   load_yaml(competences_path, root) if competences_path.exists() else None)
    everything = file_paths(content_dir, recursive=True)
    start = len(str(content_dir)) + 1
    guides_folder = os.path.join(content_dir, GUIDES_DIR, "")
    kept = {guide.path: guide for guide in previous.guides} if previous else {}
    guides = tuple(kept[path] if path in kept and reusable(path) else load_guide(Path(path), root)
                   for path in everything if path.startswith(guides_folder) and path.endswith(".md")
                   and os.sep not in path[len(guides_folder):])
    files = frozenset(path[start:].replace(os.sep, "/") for path in everything)
    return Content(calendar, competences, guides, files, max(calendar.modified, _modified(config_path)),
                   os.environ.get("SOURCE_DATE_EPOCH"), content_dir)


def load_yaml(path: Path, root: Path) -> YamlFile:
    report = Report()
    source = read_text(path, root, report)
    value = parse_yaml(source, report) if source else None
    return YamlFile(display_path(path, root), value, tuple(report.errors), source.modified if source else 0.0)


def load_guide(path: Path, root: Path) -> GuideFile:
    report = Report()
    source = read_text(path, root, report)
    if source is None:
        return GuideFile(str(path), path.stem, display_path(path, root), "", None, "", 1, tuple(report.errors))
    front, body, body_line = split_front_matter(source)
    value = None
    if front is None:
        report.error(source.display, 1, None,
                     "l'en-tête commencé par « --- » n'est jamais refermé par une ligne « --- »"
                     if source.text.startswith("---") else
                     "le guide doit commencer par un en-tête entre deux lignes « --- », avec au moins « titre: »")
    else:
        value = parse_yaml(SourceFile(source.path, source.display, front), report, first_line=2)
        if value is None and not report.errors:  # an empty front matter: validation says what it lacks
            value = LocatedDict(1)
    return GuideFile(str(path), path.stem, source.display, hashlib.sha1(source.text.encode()).hexdigest(), value,
                     body, body_line, tuple(report.errors))


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
