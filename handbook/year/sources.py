"""The content files that nouvelle-annee rewrites (and nouvel-etablissement creates), never
written through a symbolic link: all or nothing as the next run sees it, through a journal that
lets a run stopped on the way be completed. The site itself is written by build/write.py alone."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

JOURNAL = ".nouvelle-annee.json"  # in the content folder while a change of year is put in place
STAGED_SUFFIX = ".nouvelle-annee"
_CREATE = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
)


@dataclass(frozen=True)
class SourceChange:
    """A content file that a change of year writes: its text before (None: it does not exist yet)
    and after."""

    path: Path
    old: str | None
    new: str


def _no_step() -> None:
    pass


def staged_path(path: Path) -> Path:
    """Where the new version of a content file is written before it replaces the file."""
    return path.with_name(f".{path.name}{STAGED_SUFFIX}")


def replace_sources(changes: list[SourceChange], journal: Path, label: str, step=_no_step) -> None:
    """Put the content files of a change of year in place, all or nothing as the next run sees it.

    Every new version is first written beside its file (a failure there, a read-only folder say,
    undoes what was made and raises); then the journal, which holds every text, is put in place in
    one rename: from then on finish_interrupted() completes the change if the process dies. Each
    file is then replaced in one rename and the journal removed. Nothing is written through a
    symbolic link: new files are created, never opened if something is already there, and a rename
    replaces a link itself, not what it leads to. `step` is called before each change on the disk
    (the tests stop the process there)."""
    made: list[Path] = []
    staged: list[Path] = []
    try:
        _make_folders([change.path for change in changes], made, step)
        for change in changes:
            step()
            _create(staged_path(change.path), change.new)
            staged.append(staged_path(change.path))
        step()
        files = [[str(change.path), change.old, change.new] for change in changes]
        _create(
            _journal_draft(journal),
            json.dumps({"format": 1, "annee": label, "fichiers": files}, ensure_ascii=False),
        )
        step()
        os.replace(_journal_draft(journal), journal)
    except BaseException:
        for path in [*staged, _journal_draft(journal)]:
            path.unlink(missing_ok=True)
        for folder in reversed(made):
            folder.rmdir()
        raise
    for change in changes:
        step()
        os.replace(staged_path(change.path), change.path)
    step()
    journal.unlink()


def _make_folders(paths: list[Path], made: list[Path], step=_no_step) -> None:
    """Make the folders missing on the way to these files, each recorded in `made` (to be
    undone)."""
    for path in paths:
        for folder in reversed(path.parents):
            if not folder.exists():
                step()
                folder.mkdir()
                made.append(folder)


def create_sources(files: dict[Path, str]) -> None:
    """Write the files of a new handbook (nouvel-etablissement), none of which exists yet: a file
    or a link already there is an error, never followed; a failure removes what was made."""
    made: list[Path] = []
    try:
        for path, text in files.items():
            _make_folders([path], made)
            _create(path, text)
            made.append(path)
    except BaseException:
        for path in reversed(made):
            path.rmdir() if path.is_dir() else path.unlink(missing_ok=True)
        raise


def _journal_draft(journal: Path) -> Path:
    return journal.with_name(journal.name + STAGED_SUFFIX)


def _create(path: Path, text: str) -> None:
    """Write a new file, made here and now: a file or a link already there is an error, never
    followed."""
    descriptor = os.open(path, _CREATE, 0o644)
    with open(descriptor, "wb") as file:
        file.write(text.encode("utf-8"))
        file.flush()
        os.fsync(file.fileno())


def read_back(changes: list[SourceChange]) -> list[Path]:
    """The files whose text on the disk is not the one that was to be written."""
    return [change.path for change in changes if source_text(change.path) != change.new]


def source_text(path: Path) -> str | None:
    """A content file's text as the build reads it (a byte order mark dropped, Windows line ends
    made plain); None for a link, a missing or unreadable file."""
    try:
        if path.is_symlink():
            return None
        return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return None


def interrupted_changes(journal: Path) -> tuple[str, list[SourceChange]] | None:
    """The year and the changes of a change of year that was stopped on the way (None: there is
    none, or its journal was not complete, in which case no file had been replaced yet)."""
    if journal.is_symlink() or not journal.is_file():
        return None
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        changes = [
            SourceChange(Path(path), old, new)
            for path, old, new in data["fichiers"]
            if isinstance(path, str)
            and isinstance(new, str)
            and (old is None or isinstance(old, str))
        ]
        return str(data["annee"]), changes
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def finish_interrupted(journal: Path, step=_no_step) -> list[Path]:
    """Complete the change of year the journal describes; the files that someone changed since
    (neither their old nor their new text) are returned and left alone, the journal with them."""
    changes = (interrupted_changes(journal) or ("", []))[1]
    changed = []
    for change in changes:
        staged = staged_path(change.path)
        current = source_text(change.path)
        if current == change.new:
            continue
        if current != change.old or (change.old is None and change.path.exists()):
            changed.append(change.path)
            continue
        if source_text(staged) != change.new:
            step()
            staged.unlink(missing_ok=True)
            change.path.parent.mkdir(parents=True, exist_ok=True)
            step()
            _create(staged, change.new)
        step()
        os.replace(staged, change.path)
    if not changed:
        step()
        journal.unlink(missing_ok=True)
        remove_staged([change.path for change in changes], journal)
    return changed


def remove_staged(paths: list[Path], journal: Path) -> None:
    """Remove what a change of year stopped before its journal was in place left beside the files,
    and the folders it made that stayed empty."""
    for path in [*map(staged_path, paths), _journal_draft(journal)]:
        if path.is_symlink() or path.is_file():
            path.unlink()
    folders = {
        parent for path in paths for parent in path.parents if journal.parent in parent.parents
    }
    for folder in sorted(folders, key=lambda folder: len(folder.parts), reverse=True):
        try:
            if not folder.is_symlink():
                folder.rmdir()
        except OSError:  # not empty, or not there
            continue
