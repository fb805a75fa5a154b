"""Reading the source files: their text (UTF-8, size limit, only regular files), the path shown in
messages, and the listing of a folder with the symbolic links and special files that must not be
used.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from handbook.problems import Report, system_reason

NOT_A_FILE = (
    "ce n'est pas un fichier ordinaire (tube, périphérique…) : il ne peut être ni lu ni publié ; "
    "remplacez-le par un vrai fichier ou retirez-le"
)
# A guide or a YAML file is read whole and processed in a time that grows with its size (a few
# seconds per MB for a guide, see bench/large_guide.py): beyond this, it is refused at once rather
# than keeping a build busy for minutes. The longest real guides are a few dozen kB.
MAX_TEXT_BYTES = 20_000_000


@dataclass(frozen=True)
class SourceFile:
    path: Path
    display: str  # the path as the user knows it, for messages
    text: str
    modified: float = 0.0  # seconds since the epoch


def display_path(path: Path, root: Path) -> str:
    """The path relative to the project folder when it is inside it, or in a folder beside it (a
    base's files: ../base/content/calendar.yaml), else as given."""
    if path.is_absolute() and root.is_absolute():
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        pass
    if path.is_absolute() and root.is_absolute():
        relative = os.path.relpath(path, root)
        if not relative.startswith(os.path.join("..", "..", "..")):
            return Path(relative).as_posix()
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
            "le fichier n'est pas enregistré en UTF-8 ; réenregistrez-le en UTF-8 depuis votre "
            "éditeur",
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
    """The bytes and date of a regular file; opened without blocking, so a named pipe raises at once
    instead of waiting forever for a writer."""
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


def link_problem(path: Path, boundary: Path) -> str | None:
    """Why a source reached through a symbolic link must not be used (broken, looping, or leading
    outside the resolved folder `boundary`, where it could publish any file of the machine); None
    for a plain file or a link that stays inside."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return (
            "ce lien symbolique est cassé : le fichier auquel il mène n'existe pas ; remettez le "
            "fichier ou retirez le lien"
        )
    except (OSError, RuntimeError):
        return "ce lien symbolique mène à lui-même, en boucle : retirez-le"
    if boundary not in target.parents:
        return (
            f"ce lien symbolique mène hors du dossier {boundary.name}/ (vers {target}) : un tel "
            f"fichier n'est jamais publié ; copiez le fichier lui-même dans {boundary.name}/"
        )
    return None


def publishable_files(folder: Path, boundary: Path) -> tuple[list[Path], dict[Path, str]]:
    """The files under folder that may be published as they are, and why each of the others may not
    be: a symbolic link that is broken or leads outside boundary, or something that is not a regular
    file."""
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


def list_files(folder: Path, suffix: str = "", recursive: bool = False) -> list[Path]:
    """Files of folder (and its subfolders if recursive) whose names end with suffix, hidden ones
    aside, sorted by path so every build sees them in the same order."""
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
