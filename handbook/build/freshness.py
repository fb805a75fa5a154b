"""Whether anything changed since the previous build, found from file sizes and dates before any heavy work.

The fingerprint of the inputs covers every file the build reads (configuration, content, templates),
the generator's code, the libraries that shape the output and the options. A file modified less than
RACY_SECONDS before the fingerprint is taken also counts with its content, since a second edit within
the same tick of the file system's clock could keep its date and size (git's « racily clean » rule);
such a fingerprint never matches a later one, so the next build simply runs again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import time
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

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


@dataclass(frozen=True)
class Snapshot:
    """Date, size and kind of every file under some sources, from one walk: what serve's watcher compares
    between two moments, and what the inputs' fingerprint is made of."""

    sources: tuple[str, ...]
    files: dict[str, tuple[int, int, bool]]  # path → (date in ns, size, whether a regular file)


def snapshot(sources: list[Path]) -> Snapshot:
    return Snapshot(
        tuple(map(str, sources)),
        {
            path: (stat.st_mtime_ns, stat.st_size, S_ISREG(stat.st_mode))
            for path, stat in source_stats(sources)
        },
    )


def file_state(path: str) -> tuple[int, int, bool] | None:
    """What a snapshot holds of one file, looked at as source_stats does; None once it is gone."""
    try:
        stat = os.stat(path)
    except OSError:
        try:
            stat = os.lstat(path)
        except OSError:
            return None
    return stat.st_mtime_ns, stat.st_size, S_ISREG(stat.st_mode)


def inputs_fingerprint(files: Snapshot, settings: object) -> str:
    """A digest of the files (sizes, dates, and content for racy ones), the code and `settings`."""
    racy_after = (time.time() - RACY_SECONDS) * 1e9
    digest = hashlib.sha1(
        repr((CODE_VERSION, _libraries(), os.environ.get("SOURCE_DATE_EPOCH"), settings)).encode()
    )
    for path, (modified, size, regular) in files.files.items():
        digest.update(f"{path}\0{size}\0{modified}\0".encode())
        if modified >= racy_after and regular:  # never open a pipe: it could wait forever
            digest.update(_content_digest(path))
    return digest.hexdigest()


def source_stats(sources: list[Path]):
    """(path, stat) of every file under the sources (files or folders), in a stable order, a broken link with
    the link's own stat; a file removed meanwhile is skipped."""
    for source in sources:
        paths = [str(source)] if source.is_file() else []
        for folder, subfolders, names in os.walk(source):
            subfolders.sort()
            paths += [os.path.join(folder, name) for name in sorted(names)]
        for path in paths:
            try:
                yield path, os.stat(path)
            except OSError:
                try:
                    yield (
                        path,
                        os.lstat(path),
                    )  # a broken link is an input too: the build must report it
                except OSError:
                    continue


def _content_digest(path: str | Path) -> bytes:
    try:
        return hashlib.sha1(Path(path).read_bytes()).digest()
    except OSError:
        return b"?"


def _libraries() -> list[tuple[str, str, int]]:
    """Where each library is installed and when it was: an upgrade changes the fingerprint, without importing it."""
    found = []
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec and spec.origin else ""
        found.append((name, origin, os.stat(origin).st_mtime_ns if origin else 0))
    return found
