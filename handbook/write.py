"""Write stage: the only code that writes the site.

A build writes a fresh folder beside the output folder, which then takes the output's place in two
renames; until then the previous site stays as it was, and a failed build leaves it untouched.

The marker file says the folder was made here (a folder without it is never replaced nor deleted)
and lists, for each page, the key of what it was made from. A page whose key has not changed is not
rendered again: the new folder takes the file from the previous one (a hard link, or a copy where
the disk cannot link), so rebuilding an unchanged site writes almost nothing.
"""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from .problems import BuildFailed, Report

MARKER = ".guide-pix"
MARKER_FORMAT = "guide-pix 1"


def check_output_folder(output: Path, report: Report, display: str) -> None:
    """Report an error if `output` exists but was not made by this generator (or is not empty)."""
    if output.exists() and not output.is_dir():
        report.error(display, None, "dossier_sortie", f"{output} existe et n'est pas un dossier")
    elif output.is_dir() and not (output / MARKER).exists() and any(output.iterdir()):
        report.error(display, None, "dossier_sortie",
                     f"le dossier {output} contient des fichiers qui ne viennent pas de ce générateur ; "
                     "par prudence il n'est ni vidé ni remplacé. Videz-le ou choisissez un autre dossier")


class OutputFiles(Mapping):
    """The files of a written site, read from the disk when asked for."""

    def __init__(self, folder: Path, paths: list[str]):
        self.folder, self.paths = folder, paths

    def __getitem__(self, path: str) -> bytes:
        if path not in self.paths:
            raise KeyError(path)
        return (self.folder / path).read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


class MemoryWriter:
    """Keeps the site in memory: for checking content without writing anything."""

    def __init__(self):
        self.data: dict[str, bytes] = {}

    def unchanged(self, path: str, key: str | None) -> bool:
        return False

    def add(self, path: str, data: bytes | Iterable[bytes], key: str | None = None) -> None:
        self.data[path] = data if isinstance(data, bytes) else b"".join(data)

    def copy(self, path: str, source: Path) -> None:
        self.data[path] = source.read_bytes()

    def commit(self) -> Mapping[str, bytes]:
        return self.data

    def discard(self) -> None:
        self.data.clear()


class SiteWriter:
    """Writes the new site beside `output` and, on commit, puts it in its place."""

    def __init__(self, output: Path, reuse: bool = True):
        report = Report()
        check_output_folder(output, report, "dossier_sortie")
        if report.errors:
            raise BuildFailed(report)
        self.output = output
        self.fresh = output.with_name(f".{output.name}.nouveau-{os.getpid()}")
        self.previous = _read_keys(output) if reuse else {}
        self.keys: dict[str, str] = {}
        self.paths: list[str] = []
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.fresh, ignore_errors=True)
        self.fresh.mkdir()

    def unchanged(self, path: str, key: str | None) -> bool:
        """True if the previous site has this file made from the same inputs; it is then carried over."""
        if key is None or self.previous.get(path) != key:
            return False
        target = self._target(path)
        try:
            os.link(self.output / path, target)
        except OSError:
            try:
                shutil.copyfile(self.output / path, target)
            except OSError:
                return False
        self._record(path, key)
        return True

    def add(self, path: str, data: bytes | Iterable[bytes], key: str | None = None) -> None:
        """Write a file, given whole or in pieces (big pages are written as they are made)."""
        with self._target(path).open("wb") as file:
            if isinstance(data, bytes):
                file.write(data)
            else:
                file.writelines(data)
        self._record(path, key)

    def copy(self, path: str, source: Path) -> None:
        shutil.copyfile(source, self._target(path))
        self._record(path, None)

    def commit(self) -> Mapping[str, bytes]:
        marker = {"format": MARKER_FORMAT, "pages": dict(sorted(self.keys.items()))}
        (self.fresh / MARKER).write_text(json.dumps(marker, indent=0) + "\n", encoding="utf-8")
        old = self.output.with_name(f".{self.output.name}.ancien-{os.getpid()}")
        if self.output.exists():
            shutil.rmtree(old, ignore_errors=True)
            self.output.rename(old)
            try:
                self.fresh.rename(self.output)
            except OSError:
                old.rename(self.output)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            self.fresh.rename(self.output)
        return OutputFiles(self.output, self.paths)

    def discard(self) -> None:
        shutil.rmtree(self.fresh, ignore_errors=True)

    def _target(self, path: str) -> Path:
        target = self.fresh / path
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def _record(self, path: str, key: str | None) -> None:
        self.paths.append(path)
        if key is not None:
            self.keys[path] = key


def _read_keys(output: Path) -> dict[str, str]:
    """The page keys the marker of a previous build lists (none for an older or damaged marker)."""
    try:
        marker = json.loads((output / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(marker, dict) or marker.get("format") != MARKER_FORMAT:
        return {}
    return {path: key for path, key in marker.get("pages", {}).items() if isinstance(key, str)}
