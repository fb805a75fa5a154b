"""Safe YAML parsing into values that remember their line numbers: a hostile file (values nested too
deep, aliases that multiply) is refused before it is turned into values, and a syntax error is
reported with its line and French advice (yamladvice.py).
"""

from __future__ import annotations

import yaml

from handbook.problems import Problem, Report
from handbook.read.files import SourceFile
from handbook.read.yamladvice import YAML_HINT, forbidden_character, syntax_advice

# libyaml's parser when PyYAML was built with it (it is on the usual platforms): same nodes and
# marks, ten times faster.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LocatedDict(dict):
    """A YAML mapping with the file (as messages show it) and line of the mapping and of each of its
    keys: a mapping merged from two layers (merge/) keeps, for each key, the file that wrote it."""

    key_files: dict[object, str] = {}  # only the keys another file wrote (never mutated here)

    def __init__(self, line: int, file: str | None = None):
        super().__init__()
        self.line = line
        self.file = file
        self.key_lines: dict[object, int] = {}

    def line_of(self, key: object) -> int:
        return self.key_lines.get(key, self.line)

    def file_of(self, key: object) -> str | None:
        return self.key_files.get(key, self.file)


class LocatedList(list):
    """A YAML sequence with the file and line of the sequence and the line of each item."""

    item_files: dict[int, str] = {}  # the items another file wrote, by position (merge/)

    def __init__(self, line: int, file: str | None = None):
        super().__init__()
        self.line = line
        self.file = file
        self.item_lines: list[int] = []

    def file_at(self, position: int) -> str | None:
        """The file of the item at that position (from 0)."""
        return self.item_files.get(position, self.file)


def parse_yaml(source: SourceFile, report: Report, first_line: int = 1) -> object | None:
    """Return the YAML document as LocatedDict/LocatedList/scalars, or None after reporting a syntax
    error.

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
            display, _reader_error_line(error, text) + first_line, None, forbidden_character(error)
        )
        return None, tuple(report.errors)
    except yaml.MarkedYAMLError as error:
        line, advice = syntax_advice(error, text, first_line)
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


# What a hostile or broken file could make the parser do: nest values so deep that composing them
# would overflow the stack (libyaml's composer recurses in C and crashes the interpreter), or
# multiply values through aliases (« &a » named once, « *a » repeated) until memory runs out. A
# handbook needs neither.
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
    f"les valeurs sont imbriquées sur plus de {MAX_DEPTH} niveaux (listes dans des listes, "
    "crochets [ ] ou accolades { } ouverts sans être refermés, retraits toujours plus grands) "
    "; vérifiez les crochets et l'indentation"
)
TOO_MANY = (
    "les alias de ce fichier (« &nom » repris par « *nom ») se développeraient en plus de "
    "100\u202f000 valeurs ; recopiez plutôt les valeurs, ou retirez ces alias"
)
SELF_ALIAS = (
    "un alias (« *nom ») renvoie à la valeur qui le contient : il se développerait sans "
    "fin ; retirez-le"
)


def _composed(text: str) -> yaml.Node | None:
    """The YAML node graph of text, once what would crash or exhaust the machine is refused."""
    if _nesting_bound(text) > COMPOSE_SAFE_DEPTH:
        _refuse_deep_events(text)
    node = yaml.compose(text, Loader=FAST_LOADER)
    if (
        node is not None and "&" in text and "*" in text
    ):  # without an anchor and an alias, the graph is a tree
        _refuse_alias_growth(node)
    return node


def _nesting_bound(text: str) -> int:
    """An upper bound of the nesting depth, found without parsing: every flow level opens with [ or
    {, and each block level needs indentation or an indicator on its line (two levels per column at
    most)."""
    longest_line = max(map(len, text.split("\n")))
    return text.count("[") + text.count("{") + 2 * longest_line + 2


def _refuse_deep_events(text: str) -> None:
    """Refuse the first level too deep, from the parser's events (libyaml does not recurse)."""
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
    """Measure, once per distinct node, how many values and levels it holds once its aliases are
    expanded; refuse the first node (in reading order of its end) that exceeds a limit, or that
    contains itself."""
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
        mapping = LocatedDict(line, display)
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
        sequence = LocatedList(line, display)
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
        # An implicit timestamp that is not a real date (2023-02-30) fails here; validation explains
        # it.
        return node.value
