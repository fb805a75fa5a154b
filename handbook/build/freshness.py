"""Whether anything changed since the previous build, found from file sizes and dates before any
heavy work: a snapshot of every file the build reads (configuration, content, templates), of which
keys.inputs_fingerprint makes the fingerprint compared with the previous build's."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from handbook.build.keys import RACY_SECONDS  # noqa: F401 - serve waits as long


@dataclass(frozen=True)
class Snapshot:
    """Date, size and kind of every file under some sources, from one walk: what serve's watcher
    compares between two moments, and what the inputs' fingerprint is made of."""

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


def source_stats(sources: list[Path]):
    """(path, stat) of every file under the sources (files or folders), in a stable order, a broken
    link with the link's own stat; a file removed meanwhile is skipped."""
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
