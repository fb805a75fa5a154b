"""Every key and fingerprint the build reuses work by, in one place (table: docs/developpeurs.md).

A key is a digest of everything its work is made from, so that a stale result cannot pass for a
fresh one:
- the code version: the generator's own source (the templates shipped with it included);
- the inputs' fingerprint: every file a build reads, by size and date (the whole-build no-op);
- a store entry's key: its kind and its inputs (processed bodies, feed files; cache.py);
- the templates' digest: every file of the templates folder;
- an output's key: the site key (templates, code, site context) and the output's own context,
  fingerprinted value by value (Fingerprints): what a template or a file maker is given, nothing
  else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.util
import os
import time
from itertools import chain, compress, count
from operator import is_not
from pathlib import Path, PurePath

LIBRARIES = ("jinja2", "markupsafe", "markdown_it", "yaml", "icalendar", "segno", "dateutil")
RACY_SECONDS = 2


def _code_version() -> str:
    """A fingerprint of the generator's source: what it made with other code is never reused."""
    digest = hashlib.sha1()
    package = Path(__file__).parents[1]
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".html") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


CODE_VERSION = _code_version()


def inputs_fingerprint(files: dict[str, tuple[int, int, bool]], settings: object) -> str:
    """A digest of the files (path → date, size, whether regular), the code, the libraries and
    `settings`. A file modified less than RACY_SECONDS ago also counts with its content: a second
    edit within one tick of the file system's clock could keep its date and size (git's « racily
    clean » rule); such a fingerprint never matches a later one, so the next build runs again."""
    racy_after = (time.time() - RACY_SECONDS) * 1e9
    # settings holds the Config, hence the SOURCE_DATE_EPOCH it was read with
    digest = hashlib.sha1(repr((CODE_VERSION, _libraries(), settings)).encode())
    for path, (modified, size, regular) in files.items():
        digest.update(f"{path}\0{size}\0{modified}\0".encode())
        if modified >= racy_after and regular:  # never open a pipe: it could wait forever
            digest.update(_content_digest(path))
    return digest.hexdigest()


def _content_digest(path: str | Path) -> bytes:
    try:
        return hashlib.sha1(Path(path).read_bytes()).digest()
    except OSError:
        return b"?"


def _libraries() -> list[tuple[str, str, int]]:
    """Where each library is installed and when: an upgrade changes the fingerprint, without
    importing it."""
    found = []
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec and spec.origin else ""
        found.append((name, origin, os.stat(origin).st_mtime_ns if origin else 0))
    return found


def entry_key(kind: str, *inputs: str) -> str:
    """The name of a store entry (cache.py): the code version, its kind and what it is made from."""
    return hashlib.sha256("\0".join((CODE_VERSION, kind, *inputs)).encode()).hexdigest()


def templates_digest(files: list[Path], folder: Path) -> str:
    """A fingerprint of every file of the templates folder: a change to any renders every page
    again."""
    digest = hashlib.sha1()
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def copy_key(data: bytes) -> str:
    """The key of a file copied as it is (static files, the content's fichiers/): its bytes."""
    return "copie " + hashlib.sha1(data).hexdigest()


def site_key(fingerprints: Fingerprints, site_context: dict, templates: str) -> str:
    """What every page is made from besides its own context: the site context (settings, navigation,
    footer), the templates and the code."""
    return _digest(f"{CODE_VERSION}\0{templates}\0{fingerprints.of(site_context)}")


def output_key(site: str, fingerprints: Fingerprints, name: tuple, context: dict) -> str:
    """An output's key: the site key, its name (path, template or maker, title) and its context."""
    return fingerprints.output(site, name, context)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


class Fingerprints:
    """Digests of the values given to templates and file makers; each object digested once a build.

    A value is fingerprinted by what it holds: text, numbers, dates, paths, sequences, mappings,
    sets (sorted) and dataclasses, field by field under their class's name. A field left out of a
    dataclass's repr (a guide's rendered body) must be covered by a `digest` field of the same
    object: the guide's file digest covers its body. Anything else is refused (TypeError): a value
    the key cannot see must not reach a template.

    Model objects are frozen, so each is digested once (remembered by identity, and kept alive so
    that the identity is not reused): the keys of a thousand guide pages cost little more than one.
    So is an object made afresh of the very same members as one met before (text, numbers, dates
    and model objects, that never change), as the uses of a guide in each new handbook. And serve's
    rebuilds make every page's context afresh, mostly of the same objects: an output whose context
    has the same outline as at the previous build keeps its key (see output()).
    """

    def __init__(self):
        # an object's id, or its type and its members' ids → (what keeps them alive, digest)
        self._known: dict[object, tuple[object, str]] = {}
        self._used: dict[object, tuple[object, str]] = {}
        self._fields_of: dict[type, tuple[str, ...] | None] = {}
        # values that never change: known by their identity (dataclasses, dates, paths added)
        self._unchanging: set[type] = {str, int, bool, float, type(None), type}
        # an output's name → (site key, the outline of its context, its key): see output()
        self._outputs: dict[tuple, tuple[str, list, str]] = {}
        self._outputs_used: dict[tuple, tuple[str, list, str]] = {}

    def of(self, value: object) -> str:
        parts: list[str] = []
        self._add(value, parts)
        return _digest("\x1f".join(parts))

    def forget_unused(self) -> None:
        """Keep only the objects met since the last call (serve keeps one Fingerprints from one
        rebuild to the next: the objects of unchanged files are the same, and so their digests)."""
        self._known, self._used = self._used, {}
        self._outputs, self._outputs_used = self._outputs_used, {}

    def output(self, site: str, name: tuple, context: dict) -> str:
        """The key of an output: the digest of its site key, name and context; that of the previous
        build when its context has the same outline (_outline, _same), without going through it."""
        outline = _outline(context)
        known = self._outputs.get(name)
        if known is not None and known[0] == site and self._same(known[1], outline):
            self._outputs_used[name] = known
            return known[2]
        key = self.of((site, name, context))
        if self._unchanging.issuperset(set(map(type, outline)) - {tuple}):
            self._outputs_used[name] = (site, outline, key)
        return key

    def _same(self, before: list, now: list) -> bool:
        """Whether two outlines are of equal contexts: the same objects one by one, or equal text,
        whole numbers, truth values, dates and containers' marks, floating-point numbers written
        alike, or model objects of the same digest. The earlier outline holds nothing else (see
        output)."""
        if len(before) != len(now):
            return False
        for place in compress(count(), map(is_not, before, now)):  # where they are not the same
            earlier, value = before[place], now[place]
            kind = type(earlier)
            if kind is not type(value):
                return False
            if kind is str or kind is int or kind is bool or kind is dt.date or kind is tuple:
                if earlier != value:
                    return False
            elif kind is float:
                if repr(earlier) != repr(value):  # as digested: 0.0 and -0.0 are equal, not alike
                    return False
            elif (fields := self._fields_of.get(kind)) is None or (
                self._object(earlier, fields) != self._object(value, fields)
            ):
                return False
        return True

    def _add(self, value: object, parts: list[str]) -> None:
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None or kind is float:
            parts.append(repr(value))
        elif kind is tuple or kind is list:
            parts.append(f"[{len(value)}")
            for item in value:
                self._add(item, parts)
        elif kind is dict:
            parts.append(f"{{{len(value)}")
            for name, item in value.items():
                self._add(name, parts)
                self._add(item, parts)
        elif (fields := self._fields(kind)) is not None:
            parts.append(self._object(value, fields))
        elif isinstance(value, (dt.date, PurePath)):
            self._unchanging.add(kind)
            parts.append(f"{kind.__name__}:{value}")
        elif isinstance(value, (set, frozenset)):
            if all(type(item) is str for item in value):
                parts.append(f"({len(value)}")
                parts.extend(map(repr, sorted(value)))
            else:
                parts.append(f"({len(value)}")
                parts.extend(sorted(self.of(item) for item in value))
        elif isinstance(value, (str, int, float, tuple, list, dict)):
            self._add(_plain(value), parts)  # Markup, IntEnum, a named tuple…: as what they hold
        else:
            raise TypeError(f"pas d'empreinte pour une valeur de type {kind.__name__} : {value!r}")

    def _object(self, value: object, fields: tuple[str, ...]) -> str:
        known = self._recalled(id(value))
        if known is not None and known[0] is value:
            return known[1]
        members = tuple([getattr(value, name) for name in fields])
        same = (type(value), *map(id, members))
        known = self._recalled(same)
        if known is None:
            parts = [type(value).__qualname__]
            for member in members:
                self._add(member, parts)
            known = (members, _digest("\x1f".join(parts)))
            if self._unchanging.issuperset(map(type, members)):
                self._used[same] = known
        self._used[id(value)] = (value, known[1])
        return known[1]

    def _recalled(self, key: object) -> tuple[object, str] | None:
        """What the memo holds under key, met again in this build."""
        known = self._used.get(key)
        if known is None:
            known = self._known.get(key)
            if known is not None:
                self._used[key] = known
        return known

    def _fields(self, kind: type) -> tuple[str, ...] | None:
        """The fields a dataclass is fingerprinted by, those of its repr (`digest` covers the rest);
        None for any other type."""
        if kind not in self._fields_of:
            fields = dataclasses.fields(kind) if dataclasses.is_dataclass(kind) else None
            shown = None if fields is None else tuple(field.name for field in fields if field.repr)
            if fields and len(shown) < len(fields) and "digest" not in shown:
                raise TypeError(f"{kind.__name__} : des champs hors repr sans champ digest")
            self._fields_of[kind] = shown
            if shown is not None:
                self._unchanging.add(kind)
        return self._fields_of[kind]


def _outline(context: dict) -> list:
    """A context as a flat list: each name, then its value (_flatten)."""
    outline: list = []
    for name, value in context.items():
        outline.append(name)
        _flatten(value, outline)
    return outline


CONTAINERS = frozenset({list, tuple, dict})
_MARKS: dict[tuple[type, int], tuple[type, int]] = {}


def _flatten(value: object, outline: list) -> None:
    """value onto outline: a list, a tuple or a dict as its mark (its type and length: the only
    tuples an outline holds) then its members in turn (a dict's names and values), at any depth;
    anything else as it is. Each mark is made once, so that two outlines hold the same ones."""
    kind = type(value)
    if kind is not list and kind is not tuple and kind is not dict:
        outline.append(value)
        return
    mark = (kind, len(value))
    outline.append(_MARKS.setdefault(mark, mark))
    members = list(chain.from_iterable(value.items())) if kind is dict else value
    if CONTAINERS.isdisjoint(map(type, members)):
        outline += members
        return
    for member in members:
        if type(member) in CONTAINERS:
            _flatten(member, outline)
        else:
            outline.append(member)


def _plain(value: object) -> object:
    for kind in (str, int, float, tuple, list, dict):
        if isinstance(value, kind):
            return kind(value)
    return value
