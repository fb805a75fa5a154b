"""Write stage: the only code that writes the site.

A build writes its new and changed files into a staging folder beside the output folder. Only once
every page is made are they moved into the output, each file replacing its old version in one
rename, files the new site no longer has are removed, and the marker file is written last; a failed
build leaves the previous site untouched. A first build simply renames the staging folder.

The marker file says the folder was made here (a folder without it is never replaced nor deleted)
and lists every file with the key of what it was made from: a page whose key has not changed is not
rendered again and its file is left as it is, as long as its size and date show nobody changed it.
It also keeps the fingerprint of the inputs (see freshness.py) and the build's warnings, so that a
build with nothing to do stops early.

Each file of the site has one source (a template, a content file, the feeds…): a path given twice is
an error that names both. Staging folders left by builds killed on the way are removed by the next
build."""

from __future__ import annotations

import glob
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from handbook.build.keys import copy_key
from handbook.problems import BuildFailed, Problem, Report

MARKER = ".guide-pix"
MARKER_FORMAT = "guide-pix 2"


@dataclass(frozen=True)
class PreviousBuild:
    """What the marker of the output folder says about the build that made it."""

    folder: Path
    files: dict[
        str, tuple[str | None, int, int]
    ]  # every file of the site → (key it was made from, size, date)
    inputs: str | None = None
    warnings: tuple[Problem, ...] = ()

    def kept(self, path: str, key: str | None) -> bool:
        """Whether the file was made from the same key and is still as the build left it."""
        return (
            key is not None
            and path in self.files
            and self.files[path][0] == key
            and self._as_left(path)
        )

    def intact(self) -> bool:
        """Whether every file is still there as the build left it."""
        return all(self._as_left(path) for path in self.files)

    def _as_left(self, path: str) -> bool:
        return _size_and_date(f"{self.folder}{os.sep}{path}") == self.files[path][1:]


def _size_and_date(path: str | Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def check_output_folder(
    output: Path, report: Report, display: str, field: str | None = "dossier_sortie"
) -> None:
    """Report an error if `output` exists but was not made by this generator (or is not empty)."""
    if output.exists() and not output.is_dir():
        report.error(display, None, field, f"{output} existe et n'est pas un dossier")
    elif output.is_dir() and not (output / MARKER).exists() and any(output.iterdir()):
        report.error(
            display,
            None,
            field,
            f"le dossier {output} contient des fichiers qui ne viennent pas de ce générateur ; "
            "par prudence il n'est ni vidé ni remplacé. Videz-le ou choisissez un autre dossier",
        )


class OutputFiles(Mapping):
    """The files of a written site, read from the disk when asked for."""

    def __init__(self, folder: Path, paths: list[str]):
        self.folder, self.paths = folder, dict.fromkeys(paths)

    def __getitem__(self, path: str) -> bytes:
        if path not in self.paths:
            raise KeyError(path)
        return (self.folder / path).read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


class Claims:
    """Which source each file of the site comes from: a path given twice is refused, with both
    sources named (the writers below record their files through claim())."""

    def __init__(self):
        self.sources: dict[str, str] = {}
        self.problems: list[Problem] = []

    def claim(self, path: str, source: str) -> bool:
        """True for the first claim of path; a second one is recorded as a problem and refused."""
        if path not in self.sources:
            self.sources[path] = source
            return True
        first = self.sources[path]
        self.problems.append(
            Problem(
                source,
                None,
                None,
                f"ferait le fichier « {path} » du site, déjà fait par {first} ; "
                "renommez l'un des deux",
            )
        )
        return False


class MemoryWriter(Claims):
    """Keeps the site in memory: for checking content without writing anything."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, bytes] = {}

    def unchanged(self, path: str, key: str | None, source: str) -> bool:
        return False

    def add(self, path: str, data: bytes | Iterable[bytes], key: str | None, source: str) -> None:
        if self.claim(path, source):
            self.data[path] = data if isinstance(data, bytes) else b"".join(data)

    def copy(self, path: str, source: Path, display: str) -> None:
        if self.claim(path, display):
            self.data[path] = source.read_bytes()

    def commit(
        self,
        inputs: str | None = None,
        warnings: Iterable[Problem] = (),
        committed: Callable[[], None] | None = None,
    ) -> Mapping[str, bytes]:
        if committed:
            committed()
        return self.data

    def discard(self) -> None:
        self.data.clear()


STAGING_PREFIX = ".{name}.nouveau-"


class SiteWriter(Claims):
    """Stages the new site's new and changed files beside `output` and, on commit, puts them in
    place.

    Every file has one source (a template, a content file…): a path written twice is refused (see
    Claims)."""

    def __init__(self, output: Path, previous: PreviousBuild | None):
        """previous: what the output's marker says (previous_build), whose unchanged files are kept;
        None to make every file again."""
        super().__init__()
        report = Report()
        check_output_folder(output, report, "dossier_sortie")
        if report.errors:
            raise BuildFailed(report)
        self.output = output
        self.staging = output.with_name(STAGING_PREFIX.format(name=output.name) + str(os.getpid()))
        self.previous = previous
        self.keys: dict[
            str, str | None
        ] = {}  # every file of the new site → its key (None: made every time)
        self.staged: list[str] = []
        self.folders: set[Path] = set()  # made in the staging folder
        output.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_staging(output)
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir()

    def unchanged(self, path: str, key: str | None, source: str) -> bool:
        """True if the previous site has this file made from the same inputs; it is then kept as it
        is."""
        if not (self.previous and self.previous.kept(path, key)):
            return False
        if self.claim(path, source):
            self.keys[path] = key
        return True  # refused or not, nothing more to write

    def add(self, path: str, data: bytes | Iterable[bytes], key: str | None, source: str) -> None:
        """Write a file, given whole or in pieces (big pages are written as they are made)."""
        if not self.claim(path, source):
            return
        with self._target(path).open("wb") as file:
            if isinstance(data, bytes):
                file.write(data)
            else:
                file.writelines(data)
        self._record(path, key)

    def copy(self, path: str, source: Path, display: str) -> None:
        """Copy a file as it is, unless the previous site has the same one."""
        key = copy_key(source.read_bytes())
        if not self.unchanged(path, key, display) and self.claim(path, display):
            shutil.copyfile(source, self._target(path))
            self._record(path, key)

    def _record(self, path: str, key: str | None) -> None:
        self.staged.append(path)
        self.keys[path] = key

    def commit(
        self,
        inputs: str | None = None,
        warnings: Iterable[Problem] = (),
        committed: Callable[[], None] | None = None,
    ) -> Mapping[str, bytes]:
        """Put the new site in place; `inputs` and `warnings` are kept in the marker for the next
        build. committed(), if given, is called as soon as the site's files are in place, before
        the marker is written (serve then has the open pages reloaded)."""
        if self.output.exists():
            self._remove_stale_files()
            for path in self.staged:
                target = self.output / path
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.staging / path, target)
            if committed:
                committed()
            self._write_marker(self.output, inputs, warnings)
            shutil.rmtree(self.staging, ignore_errors=True)
        else:
            self._write_marker(self.staging, inputs, warnings)
            self.staging.rename(self.output)
            if committed:
                committed()
        return OutputFiles(self.output, list(self.keys))

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def _target(self, path: str) -> Path:
        target = self.staging / path
        if target.parent not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(target.parent)
        return target

    def _remove_stale_files(self) -> None:
        """Remove from the output what the new site does not have: old pages, then the folders they
        leave empty.

        The previous marker lists the old files; without a readable one, the whole folder is looked
        through."""
        if self.previous:
            old = list(self.previous.files)
        else:
            old = [
                (Path(folder) / name).relative_to(self.output).as_posix()
                for folder, _, names in os.walk(self.output)
                for name in names
                if name != MARKER
            ]
        stale = [path for path in old if path not in self.keys]
        for path in stale:
            (self.output / path).unlink(missing_ok=True)
        for folder in sorted(
            {parent for path in stale for parent in Path(path).parents if parent != Path(".")},
            key=lambda folder: len(folder.parts),
            reverse=True,
        ):
            try:
                (self.output / folder).rmdir()
            except OSError:  # not empty
                continue

    def _write_marker(self, folder: Path, inputs: str | None, warnings: Iterable[Problem]) -> None:
        staged = set(self.staged)
        files = {
            path: [
                self.keys[path],
                *(
                    _size_and_date(folder / path)
                    if path in staged
                    else self.previous.files[path][1:]
                ),
            ]  # kept: checked unchanged
            for path in sorted(self.keys)
        }
        marker = {
            "format": MARKER_FORMAT,
            "inputs": inputs,
            "warnings": [[w.file, w.line, w.field, w.message] for w in warnings],
            "files": files,
        }
        temporary = folder / f"{MARKER}.{os.getpid()}"
        temporary.write_text(
            json.dumps(marker, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
        )
        os.replace(temporary, folder / MARKER)


def remove_stale_staging(output: Path) -> None:
    """Remove the staging folders that builds killed on the way left beside the output (those of
    builds still running are left to them)."""
    prefix = STAGING_PREFIX.format(name=output.name)
    for folder in output.parent.glob(f"{glob.escape(prefix)}*"):
        pid = folder.name[len(prefix) :]
        if (
            pid.isdigit()
            and int(pid) != os.getpid()
            and not _running(int(pid))
            and not folder.is_symlink()
        ):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    if os.name == "nt":  # there os.kill would stop the process instead of asking about it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process, or no way to know: leave its folder alone
    return True


def previous_build(output: Path) -> PreviousBuild | None:
    """What the output's marker says (None for a missing, older or damaged marker)."""
    try:
        marker = json.loads((output / MARKER).read_text(encoding="utf-8"))
        if marker.get("format") != MARKER_FORMAT:
            return None
        files = {
            str(path): (key, int(size), int(date))
            for path, (key, size, date) in marker["files"].items()
        }
        warnings = tuple(Problem(*warning) for warning in marker["warnings"])
        return PreviousBuild(output, files, marker.get("inputs"), warnings)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):  # an older or damaged marker
        return None
