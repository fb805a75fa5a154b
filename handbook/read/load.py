"""Load stage: read the source files into plain Python values that remember their line numbers.

Nothing here judges the content; handbook/check/ does. Unreadable files, YAML syntax errors and guides without
a front matter are reported here, since no value can be built from them.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from handbook.problems import Problem, Report, command, system_reason

YAML_HINT = (
    "vérifiez l'indentation (des espaces, jamais de tabulation) et mettez entre guillemets "
    "un texte qui contient « : » ou qui commence par [ { * & ! | > ' \" % @ ou `"
)


CONTENT_FILES_DIR = "fichiers"  # the content folder copied as it is into the site
NOT_A_FILE = (
    "ce n'est pas un fichier ordinaire (tube, périphérique…) : il ne peut être ni lu ni publié ; "
    "remplacez-le par un vrai fichier ou retirez-le"
)
# A guide or a YAML file is read whole and processed in a time that grows with its size (a few
# seconds per MB for a guide, see bench/large_guide.py): beyond this, it is refused at once rather
# than keeping a build busy for minutes. The longest real guides are a few dozen kB.
MAX_TEXT_BYTES = 20_000_000

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
        data, modified = _regular_file_bytes(path)
    except _NotAFile:
        report.error(display, None, None, NOT_A_FILE)
        return None
    except _TooBig as too_big:
        report.error(
            display,
            None,
            None,
            f"le fichier fait {_megabytes(too_big.size)} ; un fichier du contenu ne peut "
            f"dépasser {_megabytes(MAX_TEXT_BYTES)} : découpez-le en plusieurs guides "
            "(ou fichiers)",
        )
        return None
    except FileNotFoundError:
        report.error(display, None, None, "fichier introuvable")
        return None
    except OSError as error:
        report.error(display, None, None, f"fichier illisible ({system_reason(error)})")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        report.error(
            display,
            line,
            None,
            "le fichier n'est pas enregistré en UTF-8 ; réenregistrez-le en UTF-8 depuis votre éditeur",
        )
        return None
    return SourceFile(path, display, text.replace("\r\n", "\n"), modified)


class _NotAFile(Exception):
    pass


class _TooBig(Exception):
    def __init__(self, size: int):
        super().__init__(size)
        self.size = size


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} Mo".replace(".", ",").replace(",0 Mo", " Mo")


def _regular_file_bytes(path: Path) -> tuple[bytes, float]:
    """The bytes and date of a regular file; opened without blocking, so a named pipe raises at once instead
    of waiting forever for a writer."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(status.st_mode):
            raise _NotAFile(path)
        if status.st_size > MAX_TEXT_BYTES:
            raise _TooBig(status.st_size)
        data = file.read(MAX_TEXT_BYTES + 1)  # grown since fstat: not read beyond the limit
        if len(data) > MAX_TEXT_BYTES:
            raise _TooBig(len(data))
        return data, status.st_mtime


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
        node = _composed(text)
    except _Refused as refused:
        report.error(display, refused.line + first_line, None, refused.message)
        return None, tuple(report.errors)
    except yaml.reader.ReaderError as error:
        report.error(
            display, _reader_error_line(error, text) + first_line, None, _forbidden_character(error)
        )
        return None, tuple(report.errors)
    except yaml.MarkedYAMLError as error:
        line, advice = _syntax_advice(error, text, first_line)
        report.error(
            display,
            None if line is None else line + first_line,
            None,
            f"le YAML est mal formé : {advice}",
        )
        return None, tuple(report.errors)
    except yaml.YAMLError:
        report.error(display, None, None, f"le YAML est mal formé ; {YAML_HINT}")
        return None, tuple(report.errors)
    if node is None:
        return None, ()
    try:
        return _located(
            node, yaml.constructor.SafeConstructor(), display, report, first_line
        ), tuple(report.errors)
    except _Refused as refused:
        report.error(display, refused.line + first_line, None, refused.message)
        return None, tuple(report.errors)


def _reader_error_line(error: yaml.reader.ReaderError, text: str) -> int:
    """The line (from 0) of a forbidden character: libyaml counts its position in UTF-8 bytes, the
    pure Python reader in characters (an accented letter is two bytes, so the two differ)."""
    if FAST_LOADER is yaml.SafeLoader:
        return text.count("\n", 0, error.position)
    return text.encode("utf-8", "surrogatepass")[: error.position].count(b"\n")


def _forbidden_character(error: yaml.reader.ReaderError) -> str:
    code = (
        error.character
        if isinstance(error.character, int)
        else ord(str(error.character)[:1] or "\0")
    )
    return (
        f"caractère invisible interdit (code U+{code:04X}) sur cette ligne, souvent venu d'un copier-coller : "
        "retapez la ligne dans un éditeur de texte"
    )


def _syntax_advice(
    error: yaml.MarkedYAMLError, text: str, first_line: int = 1
) -> tuple[int | None, str]:
    """(line from 0, what to do, in French) for a YAML syntax error; libyaml's own words are English jargon."""
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    line = mark.line if mark else None
    opened = error.context_mark.line if error.context_mark else line
    lines = text.split("\n")
    here = lines[line] if line is not None and line < len(lines) else ""
    if "\t" in here or "tab" in problem:
        return line, (
            "une tabulation sert de retrait sur cette ligne : remplacez-la par des espaces "
            "(jamais de tabulation)"
        )
    if "quoted scalar" in context and "end of stream" in problem:
        return opened, (
            "le guillemet ouvert sur cette ligne n'est jamais refermé : ajoutez le guillemet fermant "
            "à la fin du texte"
        )
    opened_quote = _unclosed_quote(text, line)
    if opened_quote is not None:
        return opened_quote, (
            "le guillemet ouvert sur cette ligne n'est pas refermé : ajoutez le guillemet fermant à "
            "la fin du texte (sans lui, le texte continue jusqu'au guillemet de la ligne "
            f"{line + first_line})"
        )
    if "escape" in problem:
        return line, (
            "entre guillemets doubles, la barre oblique inverse « \\ » annonce un caractère spécial : "
            "mettez ce texte entre guillemets simples ('…') ou doublez la barre"
        )
    if "mapping values are not allowed" in problem:
        return _colon_advice(text, line)
    if "flow sequence" in context or "flow mapping" in context:
        bracket = "le crochet « [ »" if "sequence" in context else "l'accolade « { »"
        return line, (
            f"{bracket} ouvert ligne {opened + first_line} n'est pas refermé, ou une virgule manque "
            "entre deux éléments ; si le texte commence lui-même par [ ou {, mettez-le entre guillemets"
        )
    if "alias" in context or "anchor" in context or "alias" in problem:
        return line, (
            "un texte qui commence par « * » ou « & » est pris pour un renvoi YAML : "
            "mettez-le entre guillemets"
        )
    if "cannot start any token" in problem and mark is not None and mark.column < len(here):
        return (
            line,
            f"un texte ne peut pas commencer par « {here[mark.column]} » : mettez-le entre guillemets",
        )
    if isinstance(error, yaml.parser.ParserError) or "could not find expected ':'" in problem:
        return line, (
            "le retrait de cette ligne ne correspond pas aux lignes du même niveau au-dessus : alignez-la "
            "avec des espaces (par exemple sur les autres « - » de la liste), ou, si elle continue la phrase "
            "de la ligne précédente, mettez toute la phrase entre guillemets"
        )
    return line, YAML_HINT


def _unclosed_quote(text: str, line: int | None) -> int | None:
    """The line (from 0) where a quoted text opened and ran on to the line of the error: its closing quote is
    missing and the next quote in the file (the opening one of the error's line) closed it instead."""
    if line is None:
        return None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line > line:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.start_mark.line < token.end_mark.line == line
            ):
                return token.start_mark.line
    except yaml.YAMLError:
        pass
    return None


def _colon_advice(text: str, line: int | None) -> tuple[int | None, str]:
    """A « : » where no field can start: a list item « -Réaliser » that ran on, or a text to quote."""
    dash = _dash_without_space(text, line)
    if dash is not None:
        return dash, (
            "après le tiret « - » d'un élément de liste, il faut une espace : écrivez « - » puis le "
            "texte (sans elle, le texte continue sur la ligne suivante)"
        )
    return line, (
        "un texte contient « : » suivi d'un espace, ce qui le coupe en deux champs : mettez la phrase "
        'entre guillemets, par exemple titre: "Absences : prévenir la vie scolaire"'
    )


def _dash_without_space(text: str, line: int | None) -> int | None:
    """The line (from 0) of a list item written « -Réaliser … » (no space after the dash): a plain text that
    runs on to the line of the error, where the next item's « : » cannot be."""
    if line is None:
        return None
    lines = text.split("\n")
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line > line:
                break
            start = token.start_mark
            if (
                isinstance(token, yaml.ScalarToken)
                and token.plain
                and start.line < line
                and re.match(r"-[^\s-]", lines[start.line][start.column :])
            ):
                return start.line
    except yaml.YAMLError:
        pass
    return None


# What a hostile or broken file could make the parser do: nest values so deep that composing them would
# overflow the stack (libyaml's composer recurses in C and crashes the interpreter), or multiply values
# through aliases (« &a » named once, « *a » repeated) until memory runs out. A handbook needs neither.
MAX_DEPTH = 64  # nested lists and mappings, the document itself included; the calendar uses 7
MAX_VALUES = 100_000  # values that aliases may add to a file once expanded (TOO_MANY says it)
COMPOSE_SAFE_DEPTH = 5_000  # libyaml composes far deeper than this without crashing


class _Refused(Exception):
    """A file that is refused before it is turned into values; line counts from 0."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


TOO_DEEP = (
    f"les valeurs sont imbriquées sur plus de {MAX_DEPTH} niveaux (listes dans des listes, crochets [ ] "
    "ou accolades { } ouverts sans être refermés, retraits toujours plus grands) ; vérifiez les crochets "
    "et l'indentation"
)
TOO_MANY = (
    "les alias de ce fichier (« &nom » repris par « *nom ») se développeraient en plus de 100\u202f000 "
    "valeurs ; recopiez plutôt les valeurs, ou retirez ces alias"
)
SELF_ALIAS = "un alias (« *nom ») renvoie à la valeur qui le contient : il se développerait sans fin ; retirez-le"


def _composed(text: str) -> yaml.Node | None:
    """The YAML node graph of text, after refusing (with _Refused) what would crash or exhaust the machine."""
    if _nesting_bound(text) > COMPOSE_SAFE_DEPTH:
        _refuse_deep_events(text)
    node = yaml.compose(text, Loader=FAST_LOADER)
    if (
        node is not None and "&" in text and "*" in text
    ):  # without an anchor and an alias, the graph is a tree
        _refuse_alias_growth(node)
    return node


def _nesting_bound(text: str) -> int:
    """An upper bound of the nesting depth, found without parsing: every flow level opens with [ or {, and
    each block level needs indentation or an indicator on its line (two levels per column at most)."""
    longest_line = max(map(len, text.split("\n")))
    return text.count("[") + text.count("{") + 2 * longest_line + 2


def _refuse_deep_events(text: str) -> None:
    """Walk the parser's events (libyaml parses without recursing) and stop at the first level too deep."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=FAST_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _Refused(event.start_mark.line, TOO_DEEP)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # composing meets the same mistake and reports it


def _refuse_alias_growth(root: yaml.Node) -> None:
    """Measure, once per distinct node, how many values and levels it holds once its aliases are expanded;
    refuse the first node (in reading order of its end) that exceeds a limit, or that contains itself."""
    expanded: dict[int, tuple[int, int]] = {}  # id(node) → (values, levels)
    distinct = 0
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in expanded:
            continue
        children = _children(node)
        if not children_done:
            if id(node) in open_nodes:
                raise _Refused(node.start_mark.line, SELF_ALIAS)
            open_nodes.add(id(node))
            stack.append((node, True))
            for child in reversed(children):
                if id(child) in open_nodes:
                    raise _Refused(node.start_mark.line, SELF_ALIAS)
                stack.append((child, False))
            continue
        open_nodes.discard(id(node))
        distinct += 1
        values = 1 + sum(expanded[id(child)][0] for child in children)
        levels = (
            0
            if isinstance(node, yaml.ScalarNode)
            else 1 + max((expanded[id(child)][1] for child in children), default=0)
        )
        if levels > MAX_DEPTH:
            raise _Refused(node.start_mark.line, TOO_DEEP)
        if values - distinct > MAX_VALUES:
            raise _Refused(node.start_mark.line, TOO_MANY)
        expanded[id(node)] = (values, levels)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


STRING_TAG = "tag:yaml.org,2002:str"


def _located(
    node: yaml.Node,
    constructor: yaml.constructor.SafeConstructor,
    display: str,
    report: Report,
    first_line: int,
    path: str = "",
    depth: int = 1,
) -> object:
    if depth > MAX_DEPTH:
        raise _Refused(node.start_mark.line, TOO_DEEP)
    line = node.start_mark.line + first_line
    if isinstance(node, yaml.MappingNode):
        mapping = LocatedDict(line)
        for key_node, value_node in node.value:
            key = _located(key_node, constructor, display, report, first_line, depth=depth + 1)
            key_line = key_node.start_mark.line + first_line
            key_path = f"{path} › {key}" if path else str(key)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                report.error(display, key_line, path or None, "une clé doit être un simple mot")
                continue
            if key in mapping:
                report.error(
                    display,
                    key_line,
                    key_path,
                    f"la clé « {key} » apparaît deux fois (déjà ligne {mapping.key_lines[key]}) ; "
                    "la seconde effacerait la première",
                )
                continue
            mapping[key] = _located(
                value_node, constructor, display, report, first_line, key_path, depth + 1
            )
            mapping.key_lines[key] = key_line
        return mapping
    if isinstance(node, yaml.SequenceNode):
        sequence = LocatedList(line)
        for position, item in enumerate(node.value, start=1):
            sequence.append(
                _located(
                    item,
                    constructor,
                    display,
                    report,
                    first_line,
                    f"{path} › {position}",
                    depth + 1,
                )
            )
            sequence.item_lines.append(item.start_mark.line + first_line)
        return sequence
    if node.tag == STRING_TAG:  # most values: the constructor would hand back the text as it is
        return node.value
    try:
        return constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError):
        # An implicit timestamp that is not a real date (2023-02-30) fails here; validation explains it.
        return node.value


def link_problem(path: Path, boundary: Path) -> str | None:
    """Why a source reached through a symbolic link must not be used (broken, looping, or leading outside the
    resolved folder `boundary`, where it could publish any file of the machine); None for a plain file or a link
    that stays inside."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return (
            "ce lien symbolique est cassé : le fichier auquel il mène n'existe pas ; remettez le fichier "
            "ou retirez le lien"
        )
    except (OSError, RuntimeError):
        return "ce lien symbolique mène à lui-même, en boucle : retirez-le"
    if boundary not in target.parents:
        return (
            f"ce lien symbolique mène hors du dossier {boundary.name}/ (vers {target}) : un tel fichier n'est "
            f"jamais publié ; copiez le fichier lui-même dans {boundary.name}/"
        )
    return None


def publishable_files(folder: Path, boundary: Path) -> tuple[list[Path], dict[Path, str]]:
    """The files under folder that may be published as they are, and why each of the others may not be:
    a symbolic link that is broken or leads outside boundary, or something that is not a regular file."""
    files, refused = [], {}
    for path in list_files(folder, recursive=True):
        problem = link_problem(path, boundary)
        if problem is None and not path.is_file():
            problem = NOT_A_FILE
        if problem:
            refused[path] = problem
        else:
            files.append(path)
    return files, refused


def split_front_matter(source: SourceFile) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body text, line where the body starts)."""
    lines = source.text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, source.text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
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
        subfolders[:] = (
            [name for name in subfolders if not name.startswith(".")] if recursive else []
        )
        found += [
            os.path.join(parent, name)
            for name in names
            if name.endswith(suffix) and not name.startswith(".")
        ]
    return sorted(found, key=lambda path: path.replace(os.sep, "/"))


# --- the content folder ---------------------------------------------------------------------------

CALENDAR_FILE = "calendar.yaml"
ARCHIVE_DIR = "annees"  # previous years, one folder each
COMPETENCES_FILE = "competences.yaml"
GUIDES_DIR = "guides"


@dataclass(frozen=True)
class YamlFile:
    """A YAML file as read: its value (None when it could not be read or parsed) and the problems met."""

    display: str
    value: object | None
    problems: tuple[Problem, ...]
    modified: float = 0.0


@dataclass(frozen=True, eq=False, slots=True)
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


def load_content(
    content_dir: Path,
    config_path: Path,
    root: Path,
    previous: Content | None = None,
    changed: set[str] | None = None,
    listed: Iterable[str] | None = None,
) -> Content:
    """Read the content folder. With `previous` and the set of files changed since it was read (serve),
    the files not in that set are taken from it instead of being read again. listed: the paths of the files
    under the content folder (others are ignored) when a walk just found them (freshness.snapshot)."""
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
        "fichier introuvable ; il donne les rôles, les périodes de l'année avec leurs tâches, et les dates "
        "clés (voir le README, « content/calendar.yaml ») ; pour commencer le guide d'un autre "
        f"établissement : {command('nouvel-etablissement DOSSIER')}"
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
    """The YAML file as read; with a boundary, a symbolic link that leads out of it is refused,
    not read."""
    report = Report()
    problem = link_problem(path, boundary) if boundary else None
    if problem:
        report.error(display_path(path, root), None, None, problem)
    source = None if problem else read_text(path, root, report)
    value = parse_yaml(source, report) if source else None
    return YamlFile(
        display_path(path, root), value, tuple(report.errors), source.modified if source else 0.0
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
            else "le guide doit commencer par un en-tête entre deux lignes « --- », avec au moins « titre: »",
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
